package main

import (
	"bytes"
	"os"
	"path/filepath"
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
	ra, _ := os.ReadFile(a)
	rb, _ := os.ReadFile(b)
	if len(ra) == 0 || !bytes.Equal(ra, rb) {
		t.Errorf("scores differ after the round trip (%d and %d bytes)", len(ra), len(rb))
	}
}
