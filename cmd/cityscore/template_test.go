package main

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
)

const templateData = "testdata/template/data.csv"

// withData sums the numerators of the summary line "indicators with data:
// innovative 2/12, livable 1/13, …".
func withData(t *testing.T, stdout string) int {
	t.Helper()
	for _, line := range strings.Split(stdout, "\n") {
		rest, ok := strings.CutPrefix(line, "indicators with data: ")
		if !ok {
			continue
		}
		n := 0
		for _, m := range regexp.MustCompile(` (\d+)/\d+`).FindAllStringSubmatch(" "+rest, -1) {
			k, _ := strconv.Atoi(m[1])
			n += k
		}
		return n
	}
	t.Fatalf("no coverage line in\n%s", stdout)
	return 0
}

// notesRows returns the notes sheet's rows by input id.
func notesRows(t *testing.T, f *excelize.File, sheet string) map[string][]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows[1:] {
		if len(r) > 2 && r[2] != "" {
			out[r[2]] = r
		}
	}
	return out
}

// TestTemplateRoundTrip is the acceptance test: a template for a small data
// file, two of its columns filled for every city, scored beside the data,
// gives two more indicators with data than the data alone.
func TestTemplateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	tpl := filepath.Join(dir, "template.xlsx")
	stdout, stderr, code := runCLI(t, "template", "--data", templateData, "--out", tpl)
	if code != 0 {
		t.Fatalf("template: exit %d\n%s", code, stderr)
	}
	// Each of the two inputs alone unlocks one indicator.
	picked := map[string]string{ // input → the indicator it unlocks
		"invention_patents_in_force_total_city": "invention_patents_per_10k",
		"bs5g_stations_total_city":              "bs5g_per_10k",
	}
	for in, ind := range picked {
		if !strings.Contains(stdout, ind+" ← "+in) {
			t.Errorf("the summary does not say %s alone unlocks %s:\n%s", in, ind, stdout)
		}
	}

	f, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	notes := notesRows(t, f, "说明")
	data, err := f.GetRows("数据")
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 6 { // header and five cities of 2023
		t.Fatalf("data sheet rows %q", data)
	}
	for i, r := range data[1:] {
		if r[2] != "2023" || len(r[1]) != 6 {
			t.Errorf("row %d: %q", i+2, r)
		}
	}
	for in := range picked {
		n, ok := notes[in]
		if !ok {
			t.Fatalf("the notes do not list %s", in)
		}
		col := n[1]
		if hdr, _ := f.GetCellValue("数据", col+"1"); hdr != n[0] {
			t.Fatalf("column %s header %q, the notes say %q", col, hdr, n[0])
		}
		for row := 2; row <= len(data); row++ {
			if err := f.SetCellValue("数据", fmt.Sprintf("%s%d", col, row), 1000*row+len(in)); err != nil {
				t.Fatal(err)
			}
		}
	}
	filled := filepath.Join(dir, "filled.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	f.Close()

	before, stderr, code := runCLI(t, "score", "--data", templateData, "--out", filepath.Join(dir, "a.csv"))
	if code != 0 {
		t.Fatalf("score: exit %d\n%s", code, stderr)
	}
	after, stderr, code := runCLI(t, "score", "--data", templateData, "--data", filled, "--out", filepath.Join(dir, "b.csv"), "--detail")
	if code != 0 {
		t.Fatalf("score with the filled template: exit %d\n%s", code, stderr)
	}
	if b, a := withData(t, before), withData(t, after); a != b+2 {
		t.Errorf("indicators with data: %d without the template, %d with it; want 2 more\n%s", b, a, after)
	}
	// The two indicators now have a value for every city of 2023.
	scores := readRecords(t, filepath.Join(dir, "b.csv"), "unit")
	if len(scores) != 5 {
		t.Fatalf("%d units scored", len(scores))
	}
	for u, r := range scores {
		for _, ind := range picked {
			if r[ind] == "" {
				t.Errorf("%s: no %s", u, ind)
			}
		}
	}

	// An unfilled template changes nothing; an output may not replace an
	// input.
	same, _, code := runCLI(t, "score", "--data", templateData, "--data", tpl, "--out", filepath.Join(dir, "c.csv"))
	if code != 0 || withData(t, same) != withData(t, before) {
		t.Errorf("score with the empty template: exit %d\n%s", code, same)
	}
	if _, stderr, code := runCLI(t, "template", "--data", templateData, "--data", filled, "--out", filled); code != 1 || !strings.Contains(stderr, "refusing to overwrite an input") {
		t.Errorf("template over its input: exit %d\n%s", code, stderr)
	}
}

// TestTemplateReadsBack writes the built-in framework's full template in
// every layout and language and imports it: every header is read as the
// variable the notes name, unconverted, and nothing else is read.
func TestTemplateReadsBack(t *testing.T) {
	for _, tc := range []struct{ lang, layout, notes string }{
		{"zh", "wide", "说明"}, {"en", "wide", "Notes"}, {"zh", "sheets", "说明"},
	} {
		t.Run(tc.lang+"-"+tc.layout, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "t.xlsx")
			args := []string{"template", "--lang", tc.lang, "--layout", tc.layout, "--year", "2023", "--out", path}
			if tc.layout == "sheets" {
				args = append(args, "--year", "2022")
			}
			if _, stderr, code := runCLI(t, args...); code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			notes := notesRows(t, f, tc.notes)
			sheets := f.GetSheetList()
			f.Close()
			if len(notes) < 50 {
				t.Fatalf("%d columns", len(notes))
			}
			s, err := loadModel("", "")
			if err != nil {
				t.Fatal(err)
			}
			tab, rep, err := importers.ReadFile(path, importers.Options{Framework: s.fw})
			if err != nil {
				t.Fatal(err)
			}
			dataSheets := len(sheets) - 1
			if len(rep.Matched) != len(notes)*dataSheets {
				t.Errorf("%d columns matched, want %d × %d", len(rep.Matched), len(notes), dataSheets)
			}
			for _, m := range rep.Matched {
				n := notes[string(m.Variable)]
				if n == nil || n[0] != m.Header || m.Factor != 1 || m.Col != n[1] {
					t.Errorf("%s!%s %q read as %s (×%v); the notes say %q", m.Sheet, m.Col, m.Header, m.Variable, m.Factor, n)
				}
			}
			for _, u := range rep.Unmatched {
				if u.Header != "代码" && u.Header != "Code" {
					t.Errorf("unmatched column %+v", u)
				}
			}
			if len(rep.Files) != 1 || len(rep.Files[0].Skipped) != 1 || rep.Files[0].Skipped[0].Name != tc.notes {
				t.Errorf("skipped sheets %+v", rep.Files[0].Skipped)
			}
			years := tab.Years()
			want := []int{2023}
			if tc.layout == "sheets" {
				want = []int{2022, 2023}
			}
			if !slices.Equal(years, want) {
				t.Errorf("years %v, want %v", years, want)
			}
			if n := len(tab.RowsOf(2023)); n < 290 || n > 300 {
				t.Errorf("%d cities in 2023", n)
			}
			if len(rep.Units) != 0 {
				t.Errorf("city names not official in 2023: %+v", rep.Units[:min(3, len(rep.Units))])
			}
		})
	}
}

// selectionFramework exercises the selection: an indicator through another
// indicator, a direct indicator, derive alternatives of two bases.
const selectionFramework = `
id: sel
name: {zh: 选择, en: Selection}
version: "1"
inputs:
  - {id: pop, name: {zh: 常住人口, en: Population}, unit: 万人, basis: resident,
     derive: [{formula: gdp * 10000 / gdp_pc_in, basis: resident}, {formula: hukou, basis: registered}]}
  - {id: hukou, name: {zh: 户籍人口, en: Registered population}, unit: 万人, basis: registered}
  - {id: gdp, name: {zh: 地区生产总值, en: GDP}, unit: 亿元}
  - {id: gdp_pc_in, name: {zh: 人均地区生产总值, en: GDP per capita}, unit: 元}
  - {id: beds, name: {zh: 医院床位数, en: Beds}, unit: 张}
  - {id: docs, name: {zh: 医生数, en: Doctors}, unit: 人}
  - {id: unused, name: {zh: 无用, en: Unused}, unit: 个}
goals:
  - id: g
    name: {zh: 目标, en: Goal}
    indicators:
      - {id: beds_pc, name: {zh: 每千人床位, en: Beds per 1k}, direction: positive, formula: beds / pop / 10}
      - {id: docs_per_bed, name: {zh: 每床医生, en: Doctors per bed}, direction: positive, formula: docs / beds}
      - {id: ratio, name: {zh: 床医比, en: Ratio}, direction: positive, formula: beds_pc * docs_per_bed}
      - {id: survey, name: {zh: 满意度, en: Satisfaction}, unit: 分, direction: positive}
      - {id: reg, name: {zh: 户籍比, en: Registered share}, direction: positive, formula: hukou / gdp}
`

func TestSelectInputs(t *testing.T) {
	fw, err := indicators.Parse([]byte(selectionFramework), "sel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ids := func(cols []*tplColumn) []string {
		var out []string
		for _, c := range cols {
			out = append(out, c.v.ID)
		}
		return out
	}
	none := func(string) bool { return false }

	// No data, strict basis: every input any indicator needs, once, in
	// framework order; the registered alternative of pop is not allowed.
	sel := selectInputs(fw, none, "")
	if got, want := ids(sel.cols), []string{"pop", "hukou", "gdp", "gdp_pc_in", "beds", "docs", "survey"}; !slices.Equal(got, want) {
		t.Errorf("no data: %v, want %v", got, want)
	}
	byID := map[string]*tplColumn{}
	for _, c := range sel.cols {
		byID[c.v.ID] = c
	}
	if got := indicatorIDs(byID["beds"].neededBy); got != "beds_pc, docs_per_bed, ratio" {
		t.Errorf("beds needed by %s", got)
	}
	if got := byID["gdp_pc_in"]; len(got.neededBy) != 0 || !slices.Equal(got.derives, []string{"pop"}) {
		t.Errorf("gdp_pc_in: needed by %v, derives %v", got.neededBy, got.derives)
	}
	if got := ids(sel.primary["ratio"]); !slices.Equal(got, []string{"beds", "pop", "docs"}) {
		t.Errorf("ratio's own route: %v", got)
	}
	if got := ids(sel.primary["survey"]); !slices.Equal(got, []string{"survey"}) {
		t.Errorf("survey: %v", got)
	}

	// The data have beds, pop, gdp and docs_per_bed: only what the others
	// lack. ratio needs docs_per_bed, not docs; beds_pc has its inputs
	// (never for the same row, say), so nothing to fill for it.
	have := map[string]bool{"beds": true, "pop": true, "docs_per_bed": true, "gdp": true}
	sel = selectInputs(fw, func(id string) bool { return have[id] }, "")
	if got, want := ids(sel.cols), []string{"hukou", "survey"}; !slices.Equal(got, want) {
		t.Errorf("some data: %v, want %v", got, want)
	}
	if got := indicatorIDs(sel.missing); got != "beds_pc, ratio, survey, reg" {
		t.Errorf("missing %s", got)
	}
	if got := sel.primary["beds_pc"]; len(got) != 0 {
		t.Errorf("beds_pc needs %v", ids(got))
	}

	// population_basis resident: hukou's own values are set aside, so reg
	// can get no data; basis any allows pop's registered alternative.
	sel = selectInputs(fw, none, "resident")
	if slices.Contains(ids(sel.cols), "hukou") || indicatorIDs(sel.blocked) != "reg" {
		t.Errorf("resident: columns %v, blocked %s", ids(sel.cols), indicatorIDs(sel.blocked))
	}
	sel = selectInputs(fw, none, indicators.BasisAny)
	for _, c := range sel.cols {
		if c.v.ID == "hukou" && !slices.Contains(c.derives, "pop") {
			t.Errorf("basis any: hukou derives %v", c.derives)
		}
	}
}

func TestHeaderCandidates(t *testing.T) {
	s, err := loadModel("", "")
	if err != nil {
		t.Fatal(err)
	}
	v := s.fw.Variable("resident_pop_total_city")
	if got := headerCandidates(v, "zh"); !slices.Equal(got, []string{"常住人口（万人）", "常住人口（全市，万人）", "resident_pop_total_city（万人）"}) {
		t.Errorf("candidates %q", got)
	}
	// Every input and indicator of the built-in framework has a header the
	// importer reads back, in both languages.
	for _, lang := range []string{"zh", "en"} {
		var cols []*tplColumn
		for _, v := range s.fw.Variables() {
			cols = append(cols, &tplColumn{v: v})
		}
		if err := chooseHeaders(s.fw, cols, lang, true); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		firstChoice := 0
		for _, c := range cols {
			if c.header == headerCandidates(c.v, lang)[0] {
				firstChoice++
			}
		}
		t.Logf("%s: %d of %d headers are name（unit）", lang, firstChoice, len(cols))
	}
	if readsBack(s.fw, "常住人口（人）", "resident_pop_total_city") {
		t.Error("a header in another unit reads back unconverted")
	}
}

func TestTemplateUnits(t *testing.T) {
	codes := func(year int) map[string]string {
		out := map[string]string{}
		for _, r := range templateUnits(year) {
			if r.Year != year {
				t.Errorf("%s: year %d, want %d", r.Unit, r.Year, year)
			}
			out[r.Unit] = r.Code
		}
		return out
	}
	y2023, y2012, y2005 := codes(2023), codes(2012), codes(2005)
	if n := len(y2023); n < 290 || n > 300 {
		t.Errorf("%d cities in 2023", n)
	}
	for _, tc := range []struct {
		units map[string]string
		year  int
		name  string
		code  string // "" = absent
	}{
		{y2023, 2023, "北京市", "110000"},
		{y2023, 2023, "深圳市", "440300"},
		{y2023, 2023, "莱芜市", ""},        // merged into 济南市 in 2019
		{y2012, 2012, "莱芜市", "371200"},  // still a city
		{y2005, 2005, "襄阳市", "420600"},  // 襄樊市 then, listed under today's name
		{y2023, 2023, "恩施土家族苗族自治州", ""}, // prefecture-level, not a city
		{y2023, 2023, "大兴安岭地区", ""},
	} {
		if got := tc.units[tc.name]; got != tc.code {
			t.Errorf("%d %s: code %q, want %q", tc.year, tc.name, got, tc.code)
		}
	}
}

func TestExampleValue(t *testing.T) {
	tab := dataset.New()
	c := tab.AddColumn("x", "万人", "")
	for i, k := range []dataset.Key{{Unit: "甲市", Year: 2021}, {Unit: "乙市", Year: 2022}, {Unit: "丙市", Year: 2022}, {Unit: "丁市", Year: 2023}} {
		row, _ := tab.AddRow(k)
		v := 1234.5678 + float64(i)
		if k.Year == 2023 {
			v = math.NaN()
		}
		c.Set(row, v, 0, dataset.Origin{})
	}
	if got := exampleValue(tab, "x", "zh"); got != "1235.57（乙市，2022）" {
		t.Errorf("zh: %q", got)
	}
	if got := exampleValue(tab, "x", "en"); got != "1235.57 (乙市, 2022)" {
		t.Errorf("en: %q", got)
	}
	if got := exampleValue(tab, "y", "zh"); got != "" {
		t.Errorf("no column: %q", got)
	}
	if got := exampleValue(nil, "x", "zh"); got != "" {
		t.Errorf("no table: %q", got)
	}
}

// TestTemplateRealRoundTrip is the acceptance test on the real 2024
// yearbook (skipped without the evaluation data): the template of the
// built-in catalog, two columns filled for every city with synthetic
// values, gives two more indicators with data.
func TestTemplateRealRoundTrip(t *testing.T) {
	yb := realDir(t, "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	dir := t.TempDir()
	tpl := filepath.Join(dir, "template.xlsx")
	if _, stderr, code := runCLI(t, "template", "--data", yb, "--year", "2023", "--out", tpl); code != 0 {
		t.Fatalf("template: exit %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	notes := notesRows(t, f, "说明")
	data, err := f.GetRows("数据")
	if err != nil {
		t.Fatal(err)
	}
	if len(data) != 298 {
		t.Fatalf("%d rows, want the header and 297 cities", len(data))
	}
	for _, in := range []string{"invention_patents_in_force_total_city", "bs5g_stations_total_city"} {
		col := notes[in][1]
		for row := 2; row <= len(data); row++ {
			if err := f.SetCellValue("数据", fmt.Sprintf("%s%d", col, row), 100+row); err != nil {
				t.Fatal(err)
			}
		}
	}
	filled := filepath.Join(dir, "filled.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	before, stderr, code := runCLI(t, "score", "--data", yb, "--year", "2023", "--out", filepath.Join(dir, "a.csv"))
	if code != 0 {
		t.Fatalf("score: exit %d\n%s", code, stderr)
	}
	after, stderr, code := runCLI(t, "score", "--data", yb, "--data", filled, "--year", "2023", "--out", filepath.Join(dir, "b.csv"))
	if code != 0 {
		t.Fatalf("score with the filled template: exit %d\n%s", code, stderr)
	}
	if b, a := withData(t, before), withData(t, after); a != b+2 {
		t.Errorf("indicators with data: %d without the template, %d with it; want 2 more\n%s", b, a, after)
	}
}
