package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/seeds"
)

// A Chinese workbook shows no English word outside ids, file names and
// units. These tests read every cell of every sheet (and the sheet names)
// and fail on any run of two or more Latin letters that is not one of:
// an id of the framework, of the yearbook dictionary or of a profile key;
// a file name, cell reference or flag; a unit; or one of the names and
// symbols a Chinese statistical report keeps (GDP, PM2.5, TOPSIS, CR, …).

// keptNames are the proper names, acronyms and symbols kept in Chinese text,
// and the literal markers of a missing cell.
var keptNames = map[string]bool{
	"GDP": true, "PM2.5": true, "SDG": true, "COINr": true, "TOPSIS": true, "CRITIC": true, "AHP": true,
	"GRA": true, "PCA": true, "Copeland": true, "Saaty": true, "CI": true, "CR": true, "RI": true,
	"SHA-256": true, "NaN": true, "Excel": true, "LibreOffice": true, "WPS": true, "cityscore": true,
	"ln": true, "sd": true, "NA": true, "N/A": true, "null": true, "cn-city": true, "Saltelli": true, "Sobol": true, "Jenks": true,
}

// profileWords are the words of profile keys ("missing.min_coverage"): they
// are ids inside a dotted key, not elsewhere.
var profileWords = map[string]bool{
	"normalize": true, "method": true, "overrides": true, "pooled": true, "weights": true, "indicators": true,
	"dimensions": true, "goals": true, "aggregate": true, "coupling": true, "impute": true, "treat": true,
	"missing": true, "min_coverage": true, "rank_rule": true, "max_share": true, "targets": true, "cuts": true,
	"convention": true, "direction": true, "sd": true, "rank": true, "interval": true, "constant": true,
	"import": true, "cities": true, "numbers": true, "units": true, "formula": true, "division_by_zero": true,
	"precedence": true, "panel": true, "framework": true, "population_basis": true, "basis": true,
	"uncertainty": true, "design": true, "year": true, "replicates": true, "runs": true, "inputs": true,
	"output": true, "bootstrap": true, "grades": true, "groups": true, "province": true, "region": true, "size_class": true, "cluster": true,
}

var (
	fileRef   = regexp.MustCompile(`[^\s←,，;；|（(]*\.(xlsx|xls|csv|txt|yaml|yml|json)\b|#[^!\s|，、；）)]+(![A-Z]+[0-9]+)?|![A-Z]+[0-9]+`)
	latinWord = regexp.MustCompile(`-{0,2}[A-Za-z][A-Za-z0-9_.\-/]*`)
	greekNote = regexp.MustCompile(`[λΔ][a-z]+`) // λmax, Δmin: symbols
	cmdRef    = regexp.MustCompile(`cityscore [a-z]+`)
	hexDigest = regexp.MustCompile(`^[0-9a-f]{12,}$`) // SHA-256, cut at its first letter
)

// zhChecker finds English words in the cells of a Chinese workbook.
type zhChecker struct {
	ids   map[string]bool // framework, dictionary and unit tokens
	paths []string        // input paths, stripped before the check
}

func newZhChecker(t *testing.T, fw *indicators.Framework, paths ...string) *zhChecker {
	t.Helper()
	c := &zhChecker{ids: map[string]bool{}, paths: paths}
	add := func(s string) {
		for _, w := range latinWord.FindAllString(s, -1) {
			c.ids[strings.TrimRight(w, ".")] = true
		}
	}
	add(fw.ID)
	add(fw.Units)
	for _, n := range fw.Schema().Nodes {
		c.ids[n.ID] = true
	}
	for _, v := range fw.Variables() {
		c.ids[v.ID] = true
		add(v.Unit)
	}
	dict := seeds.Yearbook()
	for _, col := range dict.Columns() {
		c.ids[col.Input] = true
		add(col.Unit)
	}
	return c
}

// words returns the English words of cell text s.
func (c *zhChecker) words(s string) []string {
	for _, p := range c.paths {
		s = strings.ReplaceAll(s, p, " ")
	}
	if profileWords[s] {
		return nil // a profile key in the Key column
	}
	s = fileRef.ReplaceAllString(s, " ")
	s = cmdRef.ReplaceAllString(s, " ")
	s = greekNote.ReplaceAllString(s, " ")
	var out []string
	for _, w := range latinWord.FindAllString(s, -1) {
		w = strings.TrimRight(w, ".-/")
		if strings.HasPrefix(w, "-") || hexDigest.MatchString(w) || c.ok(w) {
			continue
		}
		letters := 0
		for _, r := range w {
			if r < 128 && (r|0x20) >= 'a' && (r|0x20) <= 'z' {
				letters++
			}
		}
		if letters < 2 {
			continue
		}
		out = append(out, w)
	}
	return out
}

// ok reports whether w is an id, a kept name or a dotted profile key.
func (c *zhChecker) ok(w string) bool {
	if c.ids[w] || keptNames[w] {
		return true
	}
	if strings.Contains(w, ".") {
		for _, part := range strings.Split(w, ".") {
			if !c.ids[part] && !profileWords[part] && strings.Trim(part, "0123456789-") != "" {
				return false
			}
		}
		return true
	}
	return false
}

// check fails t for every English word in the workbook at path, skipping
// the cells that hold exactly skip (the command line, as typed).
func (c *zhChecker) check(t *testing.T, path string, skip ...string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found, seen := 0, map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		if ws := c.words(sheet); len(ws) > 0 {
			t.Errorf("sheet name %q: English %q", sheet, ws)
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
		cells:
			for col, cell := range row {
				for _, s := range skip {
					if cell == s {
						continue cells
					}
				}
				ws := c.words(cell)
				if len(ws) == 0 {
					continue
				}
				found++
				if k := sheet + fmt.Sprint(ws); !seen[k] && len(seen) < 60 {
					seen[k] = true
					name, _ := excelize.CoordinatesToCellName(col+1, r+1)
					t.Errorf("%s!%s: English %q in %q", sheet, name, ws, cell)
				}
			}
		}
	}
	if found > len(seen) {
		t.Errorf("… %d cells in all", found)
	}
}

// TestZhCheckerFails: the check finds what it must, and passes ids, file
// references and kept names.
func TestZhCheckerFails(t *testing.T) {
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	c := newZhChecker(t, fw, "/data/年鉴")
	for _, tc := range []struct {
		cell string
		want string
	}{
		{"不是数字，按缺失处理", ""},
		{"not a number; kept missing", "not number kept missing"},
		{"/data/年鉴/2-6_地区生产总值.xlsx#Sheet49!C45", ""},
		{"按 gdp_total_city * 10000 / gdp_per_capita_total_city 推算（常住人口口径）", ""},
		{"missing.min_coverage", ""},
		{"missing.colour", "missing.colour"},
		{"细颗粒物(PM2.5)年均浓度，占GDP比重", ""},
		{"λmax 与 CR", ""},
		{"熵权法（预处理 minmax）", "minmax"},
		{"--allow-unknown-units", ""},
	} {
		if got := strings.Join(c.words(tc.cell), " "); got != tc.want {
			t.Errorf("words(%q) = %q, want %q", tc.cell, got, tc.want)
		}
	}
}

// TestZhWorkbook: Chinese workbooks of the built-in sample under the
// shipped profiles, every sheet the run can write (Weights diagnostics of
// AHP and entropy, Trends, Dashboard, Coupling, Obstacles, the Method
// sheet's settings), hold no English word. The runs go in parallel.
func TestZhWorkbook(t *testing.T) {
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	coupling := filepath.Join(dir, "coupling.yaml")
	prof, err := os.ReadFile("../../config/entropy-topsis.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(coupling, append(prof, []byte("\ncoupling: {of: goals, bins: upper_open}\ngrades: {rule: jenks, classes: 5}\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	ua, err := os.ReadFile("../../config/uncertainty.yaml")
	if err != nil {
		t.Fatal(err)
	}
	saltelli := filepath.Join(dir, "saltelli.yaml")
	sal := strings.Replace(string(ua), "design: ua", "design: saltelli", 1)
	sal = strings.Replace(sal, "n: 200", "n: 20", 1)
	if !strings.Contains(sal, "design: saltelli") {
		t.Fatal("config/uncertainty.yaml has no design: ua to turn into saltelli")
	}
	if err := os.WriteFile(saltelli, []byte(sal), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newZhChecker(t, fw, dir)
	for _, name := range []string{"default", "panel", "ahp-entropy-game", "entropy-topsis", "uncertainty"} {
		c.ids[name] = true // the profiles' names
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"default", nil},
		{"panel", []string{"--profile", "../../config/panel.yaml"}},
		{"ahp-entropy-game", []string{"--profile", "../../config/ahp-entropy-game.yaml"}},
		{"entropy-topsis-coupling", []string{"--profile", coupling}},
		{"uncertainty", []string{"--profile", "../../config/uncertainty.yaml"}},
		{"saltelli", []string{"--profile", saltelli}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The runs share nothing but the read-only checker: under the
			// race detector each takes some 40 s, so they take both CPUs.
			t.Parallel()
			book := filepath.Join(dir, tc.name+".xlsx")
			args := append(append([]string{"score"}, tc.args...), "--detail", "--quiet", "--lang", "zh", "--out", book,
				"--obstacles", filepath.Join(dir, tc.name+"-obstacles.csv"))
			if _, stderr, code := runCLI(t, args...); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			c.check(t, book, "cityscore "+strings.Join(args, " "))
		})
	}
}

// TestZhRealYearbook: the Chinese workbook of the 2024 yearbook (section 2,
// default profile) holds no English word.
func TestZhRealYearbook(t *testing.T) {
	data := realDir(t, "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(t.TempDir(), "zh.xlsx")
	args := []string{"score", "--data", data, "--detail", "--quiet", "--out", book}
	if _, stderr, code := runCLI(t, args...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	c := newZhChecker(t, fw, data, filepath.Dir(book))
	c.ids["default"] = true // the profile's name
	c.check(t, book, "cityscore "+strings.Join(args, " "))
}
