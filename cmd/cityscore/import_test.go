package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/seeds"
)

func TestParseInterleaved(t *testing.T) {
	tests := []struct {
		args  []string
		paths []string
		out   string
		year  int
	}{
		{[]string{"a", "--out", "x.csv"}, []string{"a"}, "x.csv", 0},
		{[]string{"--year", "2023", "a", "b", "--out", "x.csv"}, []string{"a", "b"}, "x.csv", 2023},
		{[]string{"a", "--out=x.csv", "b", "--year=2020"}, []string{"a", "b"}, "x.csv", 2020},
		{[]string{"--out", "x.csv", "--", "--year", "a"}, []string{"--year", "a"}, "x.csv", 0},
		{[]string{}, nil, "", 0},
	}
	for _, tt := range tests {
		e := &env{stdout: &strings.Builder{}, stderr: &strings.Builder{}}
		fs := newFlagSet(e, "import", "", "", "")
		var out string
		var year int
		fs.StringVar(&out, "out", "", "")
		fs.IntVar(&year, "year", 0, "")
		paths, err := parseInterleaved(fs, tt.args)
		if err != nil || !slices.Equal(paths, tt.paths) || out != tt.out || year != tt.year {
			t.Errorf("%q: %q %q %d %v", tt.args, paths, out, year, err)
		}
	}
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestImportPanel checks the panel the import-yearbook case writes: every
// cell of every city with its source cell, codes, a misprinted name under
// the official one, a bad cell empty, and the xlsx form holding the same.
func TestImportPanel(t *testing.T) {
	out := t.TempDir()
	csvPath, xlsxPath := filepath.Join(out, "panel.csv"), filepath.Join(out, "panel.xlsx")
	for _, p := range []string{csvPath, xlsxPath} {
		if _, stderr, code := runCLI(t, "import", "testdata/import/yearbook", "--year", "2023", "--out", p, "--quiet"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	recs := readCSVFile(t, csvPath)
	if !slices.Equal(recs[0], importers.PanelHeader) || len(recs) != 25 {
		t.Fatalf("%d rows, header %v", len(recs), recs[0])
	}
	got := map[string]string{}
	for _, r := range recs[1:] {
		got[r[0]+" "+r[3]] = strings.Join([]string{r[1], r[2], r[4], r[5], r[6], filepath.Base(r[7])}, " ")
	}
	for k, want := range map[string]string{
		"北京市 gdp_total_city":               "110000 2023 43761 亿元 全市 2-6_地区生产总值.xls!C5",
		"石家庄市 gdp_per_capita_districts":    "130100 2023  元 市辖区 2-6_地区生产总值.xls!F7",
		"菏泽市 gdp_districts":                "371700 2023 1200 亿元 市辖区 2-6_地区生产总值.xls!D9",
		"三沙市 gdp_total_city":               "460300 2023  亿元 全市 2-6_地区生产总值.xls!C11",
		"三沙市 resident_pop_total_city":      "460300 2023  万人 全市 2-1_人口数.csv!B5",
		"北京市 urbanization_rate_total_city": "110000 2023 87.83 % 全市 2-1_人口数.csv!C2",
	} {
		if got[k] != want {
			t.Errorf("%s: %q, want %q", k, got[k], want)
		}
	}
	// The xlsx panel reads back as a long table with the same values.
	fw, _ := seeds.Framework()
	a, _, err := importers.ReadFile(csvPath, importers.Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := importers.ReadFile(xlsxPath, importers.Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if a.Len() != 4 || b.Len() != 4 {
		t.Fatalf("%d and %d rows", a.Len(), b.Len())
	}
	for _, ca := range a.Columns() {
		cb := b.Column(ca.ID)
		for i := range ca.Values {
			va, oka := ca.Value(i)
			vb, okb := cb.Value(i)
			if oka != okb || (oka && va != vb) {
				t.Errorf("%s row %d: %v vs %v", ca.ID, i, va, vb)
			}
		}
	}
}

// TestScoreYearbookFolder scores a folder of yearbook tables directly.
func TestScoreYearbookFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "scores.csv")
	stdout, stderr, code := runCLI(t, "score", "--data", "testdata/import/yearbook", "--year", "2023", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "3 units scored") || !strings.Contains(stdout, "1 invalid") {
		t.Errorf("stdout:\n%s", stdout)
	}
	recs := readCSVFile(t, out)
	if len(recs) != 5 || recs[4][0] != "三沙市" || recs[4][2] != "" {
		t.Errorf("scores %v", recs)
	}
}

// TestImportRealYearbook imports the 30 section-2 tables of the 2024
// edition, when the evaluation data are at hand, and scores them.
func TestImportRealYearbook(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "ccsy2024-excel", "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("evaluation data not available:", err)
	}
	out := t.TempDir()
	stdout, stderr, code := runCLI(t, "import", dir, "--out", filepath.Join(out, "panel.csv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "297 cities, 35134 values, 1095 missing, 2 bad cells, 0 unknown columns") {
		t.Errorf("report:\n%s", stdout)
	}
	recs := readCSVFile(t, filepath.Join(out, "panel.csv"))
	codes := map[string]string{}
	for _, r := range recs[1:] {
		if len(r[1]) != 6 {
			t.Fatalf("row %v without a code", r)
		}
		if c, ok := codes[r[0]]; ok && c != r[1] {
			t.Fatalf("%s has codes %s and %s", r[0], c, r[1])
		}
		codes[r[0]] = r[1]
	}
	if len(recs) != 36232 || len(codes) != 297 {
		t.Errorf("%d rows, %d cities", len(recs)-1, len(codes))
	}
	stdout, stderr, code = runCLI(t, "score", "--data", dir, "--year", "2023", "--out", filepath.Join(out, "scores.csv"))
	if code != 0 {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "296 units scored") {
		t.Errorf("score:\n%s", stdout)
	}
}
