package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestGradesOutputs: a profile's grades reach the Ranking sheet, the scores
// CSV, the JSON and, with the cut points of each year, the Method sheet;
// the best grade goes to the top of the ranking.
func TestGradesOutputs(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "g.yaml")
	if err := os.WriteFile(prof, []byte("profile: g\ngrades: {rule: quantile, classes: 4}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	book, csvOut, js := filepath.Join(dir, "r.xlsx"), filepath.Join(dir, "s.csv"), filepath.Join(dir, "r.json")
	if _, stderr, code := runCLI(t, "score", "--profile", prof, "--year", "2012", "--out", book, "--out", csvOut, "--out", js, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := sheetRows(t, book, "排名")
	head := strings.Split(rows[0], "|")
	col := slices.Index(head, "等级")
	if col < 0 {
		t.Fatalf("Ranking header %q has no 等级", rows[0])
	}
	if first := strings.Split(rows[1], "|"); first[col] != "优" {
		t.Errorf("rank 1 graded %q, want 优", first[col])
	}
	recs := readCSVFile(t, csvOut)
	g := slices.Index(recs[0], "grade")
	if g < 0 || recs[1][g] != "A" {
		t.Fatalf("scores CSV: header %v, first row %v", recs[0], recs[1])
	}
	counts := map[string]int{}
	for _, r := range recs[1:] {
		counts[r[g]]++
	}
	if counts["A"] == 0 || counts["D"] == 0 || counts["A"] < counts["D"]-2 || counts["A"] > counts["D"]+2 {
		t.Errorf("quantile grades %v: want four classes of about equal size", counts)
	}
	doc := readDoc(t, js)
	if doc.Years[0].Units[0].Grade == "" {
		t.Error("JSON: no grade")
	}
	method := sheetRows(t, book, "方法")
	if !hasRow(method, "等级划分|grades|分位数，4 个等级|") || !hasRow(method, "2012 年 ") {
		t.Errorf("Method sheet lacks the grades and their cut points:\n%s", strings.Join(method[len(method)-12:], "\n"))
	}
}
