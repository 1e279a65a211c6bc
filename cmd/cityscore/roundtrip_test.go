package main

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"slices"
	"testing"
)

// TestRoundTripProcessed exports the values scored (--processed) and
// imports them back: scoring them again gives the same scores CSV byte for
// byte, so what the outputs write is what the importer reads.
func TestRoundTripProcessed(t *testing.T) {
	dir := t.TempDir()
	p, a, b := filepath.Join(dir, "p.csv"), filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	for _, args := range [][]string{
		{"score", "--processed", p, "--out", a, "--detail"},
		{"score", "--data", p, "--out", b, "--detail"},
	} {
		if _, stderr, code := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
	}
	// The size class is read from population inputs, which the processed
	// values (indicators only) do not carry: its columns are left out.
	ra, rb := withoutColumns(t, a, "size_class", "rank_size_class"), withoutColumns(t, b, "size_class", "rank_size_class")
	if len(ra) == 0 || !bytes.Equal(ra, rb) {
		t.Errorf("scores differ after the round trip (%d and %d bytes)", len(ra), len(rb))
	}
}

// withoutColumns returns the CSV file at path without the named columns.
func withoutColumns(t *testing.T, path string, names ...string) []byte {
	t.Helper()
	recs := readCSVFile(t, path)
	var drop []int
	for i, h := range recs[0] {
		if slices.Contains(names, h) {
			drop = append(drop, i)
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, r := range recs {
		var keep []string
		for i, v := range r {
			if !slices.Contains(drop, i) {
				keep = append(keep, v)
			}
		}
		w.Write(keep)
	}
	w.Flush()
	return buf.Bytes()
}
