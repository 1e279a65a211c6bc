package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// largeFramework writes a framework of n indicators X01…Xn (five goals of
// one dimension each, free units) to dir and returns its path.
func largeFramework(tb testing.TB, dir string, n int) string {
	tb.Helper()
	var b strings.Builder
	b.WriteString("id: large\nname: {en: large}\nversion: \"1\"\ngoals:\n")
	per := (n + 4) / 5
	for g := range 5 {
		fmt.Fprintf(&b, "  - id: g%d\n    name: {en: G%d}\n    weight: 1\n    dimensions:\n      - id: d%d\n        name: {en: D%d}\n        weight: 1\n        indicators:\n", g, g, g, g)
		for k := g * per; k < (g+1)*per && k < n; k++ {
			fmt.Fprintf(&b, "          - {id: X%02d, name: {en: X%02d}, unit: \"1\", direction: positive, weight: 1}\n", k+1, k+1)
		}
	}
	path := filepath.Join(dir, "framework.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// largeCSV writes a wide CSV of units × n indicators to dir, as perf-gen
// makes them: log-normal values with 0–4 decimals, 3 % blank, the same
// for a given size.
func largeCSV(tb testing.TB, dir string, units, n int) string {
	tb.Helper()
	path := filepath.Join(dir, "data.csv")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(uint64(units), uint64(n)))
	w.WriteString("unit")
	for k := range n {
		fmt.Fprintf(w, ",X%02d", k+1)
	}
	w.WriteByte('\n')
	var num []byte
	for u := range units {
		fmt.Fprintf(w, "单元%06d", u+1)
		for k := range n {
			w.WriteByte(',')
			if rng.Float64() < 0.03 {
				continue
			}
			v := 100 * (1 + float64(k%7)) * (0.2 + rng.ExpFloat64())
			num = strconv.AppendFloat(num[:0], v, 'f', rng.IntN(5), 64)
			w.Write(num)
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkScoreLargeCSV runs `cityscore score --data data.csv --out
// scores.csv` in process on a wide CSV of units × 50 indicators. The
// peer figure (issue 15, commit acf79c5, whole process): 200,000 × 50 in
// 7.4 s and 1.41 GiB; the target is under 1.5 s and 400 MB.
func BenchmarkScoreLargeCSV(b *testing.B) {
	for _, units := range []int{20_000, 200_000} {
		b.Run(fmt.Sprintf("%dx50", units), func(b *testing.B) {
			dir := b.TempDir()
			fw := largeFramework(b, dir, 50)
			data := largeCSV(b, dir, units, 50)
			out := filepath.Join(dir, "scores.csv")
			e := &env{stdout: io.Discard, stderr: io.Discard, now: fixedNow}
			b.ReportAllocs()
			for b.Loop() {
				if code := e.exec(context.Background(), []string{"score", "--framework", fw, "--data", data, "--out", out, "--quiet"}); code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

// BenchmarkPerfImport runs `cityscore import` on perf-gen's W1 (10 sheets
// × 300 rows × 80 indicators) to a long panel CSV, when
// CITYSCORE_PERF_DIR holds W1.xlsx (docs/benchmarks.md). The peer figure
// (issue 15): R readxl reads W1 in 1.02 s; cityscore took 1.25 s at
// acf79c5; the target is 4× readxl.
func BenchmarkPerfImport(b *testing.B) {
	perfRun(b, "panel.csv", "import", "--framework", "testdata/perf/w1.yaml", "$DIR/W1.xlsx")
}

// perfRun runs cityscore with args in process, each $DIR in them the
// folder CITYSCORE_PERF_DIR names (the benchmark skips without it), with
// --out a file named out in a temporary folder.
func perfRun(b *testing.B, out string, args ...string) {
	dir := os.Getenv("CITYSCORE_PERF_DIR")
	if dir == "" {
		b.Skip("CITYSCORE_PERF_DIR is not set")
	}
	for i, a := range args {
		args[i] = strings.ReplaceAll(a, "$DIR", dir)
	}
	args = append(args, "--out", filepath.Join(b.TempDir(), out), "--quiet")
	e := &env{stdout: io.Discard, stderr: io.Discard, now: fixedNow}
	b.ReportAllocs()
	for b.Loop() {
		if code := e.exec(context.Background(), args); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkPerfScoreWorkbook runs `cityscore score --data W2.xlsx --out
// w2.xlsx` in process on perf-gen's W2 (200,000 units × 50 indicators),
// when CITYSCORE_PERF_DIR holds W2.xlsx: read, score and the workbook,
// whose Indicators sheet is wide. The peer figure (issue 15): R readxl
// reads W2 in 25.4 s; the target is a third of that for the whole run.
// Run with -cpuprofile to see where a large workbook's time goes.
func BenchmarkPerfScoreWorkbook(b *testing.B) {
	perfRun(b, "w2.xlsx", "score", "--framework", "testdata/perf/w2.yaml", "--data", "$DIR/W2.xlsx")
}

// BenchmarkPerfScore runs `cityscore score … --out scores.csv` in process
// on perf-gen's W1 (10 sheets × 300 × 80) and W2 (200,000 × 50), when
// CITYSCORE_PERF_DIR holds them. The peer figures (issue 15): R readxl
// reads W1 in 1.04 s and W2 in 25.4 s; the targets are 4× readxl for W1
// and about 3 s, under 400 MB, for W2 (8× readxl).
func BenchmarkPerfScore(b *testing.B) {
	for _, w := range []string{"W1", "W2"} {
		b.Run(w+"-csv", func(b *testing.B) {
			perfRun(b, "scores.csv", "score", "--framework", "testdata/perf/"+strings.ToLower(w)+".yaml", "--data", "$DIR/"+w+".xlsx")
		})
	}
}
