package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/exporters"
)

// sheetRows returns the rows of a sheet of the workbook at path, each
// joined with "|".
func sheetRows(t *testing.T, path, sheet string) []string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, "|"))
	}
	return out
}

func hasRow(rows []string, prefix string) bool {
	for _, r := range rows {
		if strings.HasPrefix(r, prefix) {
			return true
		}
	}
	return false
}

// TestScoreUnknownCityAllowed: with --allow-unknown-units a misspelt city
// is scored under its printed name and listed in the Data quality sheet.
func TestScoreUnknownCityAllowed(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.xlsx")
	_, stderr, code := runCLI(t, "score", "--data", "testdata/cncity/misspelt.csv", "--allow-unknown-units", "--out", out, "--lang", "zh")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := sheetRows(t, out, "数据质量")
	if !hasRow(rows, "未知城市|深川市|2023||misspelt.csv!A4|深川市|不是已知城市；按原文保留（--allow-unknown-units）；是否为深圳市？") {
		t.Errorf("Data quality sheet:\n%s", strings.Join(rows[:min(len(rows), 12)], "\n"))
	}
}

// TestScoreNotRanked: 广州市 has no livable indicator, the only one counted
// under livable, so the default rule leaves it unranked: scored, no rank,
// status not_ranked, and listed as such on the Ranking sheet. The effective
// weights of every unit sum to 1.
func TestScoreNotRanked(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "thin.csv")
	csv, err := os.ReadFile("testdata/cncity/cities.csv")
	if err != nil {
		t.Fatal(err)
	}
	thin := strings.Replace(string(csv), "广州市,2023,30356,1883,73.4,110000", "广州市,2023,30356,1883,73.4,", 1)
	if err := os.WriteFile(data, []byte(thin), 0o644); err != nil {
		t.Fatal(err)
	}
	scores, book, applied := filepath.Join(dir, "s.csv"), filepath.Join(dir, "r.xlsx"), filepath.Join(dir, "w.csv")
	stdout, stderr, code := runCLI(t, "score", "--data", data, "--out", scores, "--out", book, "--weights-applied", applied)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "5 units scored, 4 ranked, 1 not ranked (insufficient data)") ||
		!strings.Contains(stdout, "not ranked: 广州市 (livable 0/1, needs 1)") {
		t.Errorf("summary:\n%s", stdout)
	}
	recs := readCSVFile(t, scores)
	head := recs[0]
	col := map[string]int{}
	for k, h := range head {
		col[h] = k
	}
	last := recs[len(recs)-1]
	if last[0] != "广州市" || last[col["rank"]] != "" || last[col["status"]] != exporters.StatusNotRanked || last[col["score"]] == "" {
		t.Errorf("广州市: %v", last)
	}
	for _, r := range recs[1 : len(recs)-1] {
		if r[col["status"]] != exporters.StatusRanked || r[col["rank"]] == "" {
			t.Errorf("ranked row %v", r)
		}
	}
	if !hasRow(sheetRows(t, book, "排名"), "|广州市|2023|") {
		t.Error("广州市 not on the Ranking sheet")
	}
	for _, r := range sheetRows(t, book, "排名") {
		if strings.Contains(r, "广州市") && !strings.Contains(r, "数据不足，未排名|宜居 0/1（需 1）") {
			t.Errorf("Ranking row %q", r)
		}
	}
	checkShares(t, applied, 5)
}

// checkShares checks that the shares of each unit-year of a
// --weights-applied file sum to 1 (to 1e-12), for units units.
func checkShares(t *testing.T, path string, units int) {
	t.Helper()
	recs := readCSVFile(t, path)
	if got := strings.Join(recs[0], ","); got != "unit,year,indicator,nominal,share" {
		t.Fatalf("header %s", got)
	}
	sums := map[string]float64{}
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[4], 64)
		if err != nil {
			t.Fatalf("%v: %v", r, err)
		}
		sums[r[0]+" "+r[1]] += v
	}
	if len(sums) != units {
		t.Errorf("%d unit-years, want %d", len(sums), units)
	}
	for k, s := range sums {
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("%s: shares sum to %.17g", k, s)
		}
	}
}

// realDir returns a folder of the evaluation data, or skips the test.
func realDir(t *testing.T, parts ...string) string {
	t.Helper()
	dir := filepath.Join(append([]string{"..", "..", "..", "shared", "data", "ccsy2024-excel"}, parts...)...)
	if _, err := os.Stat(dir); err != nil {
		t.Skip("evaluation data not available:", err)
	}
	return dir
}

// TestRealYearbookRanking scores section 2 of the 2024 edition with the
// defaults: 沈阳市, whose 常住人口 cell is blank, is ranked on its derived
// population (GDP ÷ GDP per capita ≈ 917.5 万人), and no ranked city falls
// below the rule, checked here from the JSON independently of the engine's
// own bookkeeping.
func TestRealYearbookRanking(t *testing.T) {
	dir := realDir(t, "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	out := t.TempDir()
	js, applied := filepath.Join(out, "r.json"), filepath.Join(out, "w.csv")
	stdout, stderr, code := runCLI(t, "score", "--data", dir, "--year", "2023", "--out", js, "--weights-applied", applied)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "ranking rule (missing.rank_rule): in every goal") {
		t.Errorf("summary does not state the rule:\n%s", stdout)
	}
	doc := readDoc(t, js)
	derived := false
	for _, is := range doc.Issues {
		if is.Kind == "derived" && is.Unit == "沈阳市" && is.Variable == "resident_pop_total_city" {
			derived = strings.Contains(is.Message, "= 917.543 万人") && strings.Contains(is.Message, "2-6_地区生产总值.xlsx")
		}
	}
	if !derived {
		t.Error("沈阳市: no derived population of 917.543 万人 traced to table 2-6")
	}
	goalOf := goalOfIn(&doc)
	units := doc.Years[0].Units
	counted := map[string][]string{} // goal → indicators more than half of the units have
	for _, f := range units[0].Indicators {
		n := 0
		for _, u := range units {
			if v, _ := u.Indicators.Get(f.Key); v.Raw != nil {
				n++
			}
		}
		if 2*n > len(units) {
			counted[goalOf(f.Key)] = append(counted[goalOf(f.Key)], f.Key)
		}
	}
	ranked := 0
	for _, u := range units {
		if u.Status != exporters.StatusRanked {
			continue
		}
		ranked++
		for g, ids := range counted {
			have := 0
			for _, id := range ids {
				if v, _ := u.Indicators.Get(id); v.Raw != nil {
					have++
				}
			}
			if 2*have < len(ids) {
				t.Errorf("%s is ranked with %d of %s's %d counted indicators", u.Unit, have, g, len(ids))
			}
		}
		if u.Unit == "沈阳市" && (u.Rank == nil || *u.Rank < 10) {
			t.Errorf("沈阳市 rank %v: on its full data it is not a top-10 city", u.Rank)
		}
	}
	if ranked < 280 {
		t.Errorf("only %d cities ranked", ranked)
	}
	checkShares(t, applied, len(units)-1) // 三沙市 has no data
}

// TestRealEditions scores the 2021–2024 editions at once: no county-level
// unit reaches any output, and the Method sheet states the population
// basis of every year.
func TestRealEditions(t *testing.T) {
	root := realDir(t)
	var args []string
	for _, e := range []string{"2021", "2022", "2023", "2024"} {
		args = append(args, "--data", filepath.Join(root, e))
	}
	out := t.TempDir()
	book, scores := filepath.Join(out, "r.xlsx"), filepath.Join(out, "s.csv")
	stdout, stderr, code := runCLI(t, append(append([]string{"score"}, args...), "--out", book, "--out", scores)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "skipped 8 county-level tables") {
		t.Errorf("summary:\n%s", stdout)
	}
	recs := readCSVFile(t, scores)
	for _, r := range recs[1:] {
		year, _ := strconv.Atoi(r[1])
		c, _, err := cities.Resolve(r[0], year)
		if err != nil || (c.Level != cities.Prefecture && c.Level != cities.Municipality) {
			t.Errorf("%s %s: not a prefecture-level city (%v, %v)", r[0], r[1], c.Level, err)
		}
	}
	for _, sheet := range []string{"排名", "历年排名", "趋势"} {
		for _, r := range sheetRows(t, book, sheet) {
			if strings.Contains(r, "辛集市") || strings.Contains(r, "义乌市") {
				t.Errorf("%s: county-level city in %q", sheet, r)
			}
		}
	}
	method := sheetRows(t, book, "方法")
	for _, y := range []string{"2020", "2021", "2022", "2023"} {
		if !hasRow(method, y+" 年 resident_pop_total_city 的数据来源|basis."+y+".resident_pop_total_city|") {
			t.Errorf("Method sheet: no population basis for %s", y)
		}
	}
	if !hasRow(method, "2021 年 resident_pop_total_city 的数据来源|basis.2021.resident_pop_total_city|推算 gdp_total_city * 10000 / gdp_per_capita_total_city（常住人口口径）: 295") {
		t.Error("Method sheet: 2021 (户籍 edition) is not on the derived resident basis")
	}
}

// TestNeeds: validate and the Data quality sheet list, for an indicator
// without data, the raw variables it needs with the header the importer
// reads and where to get them.
func TestNeeds(t *testing.T) {
	stdout, stderr, code := runCLI(t, "validate", "--data", "testdata/cncity/cities.csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"indicators without data (",
		"  buses_per_10k 每万人拥有公共交通车辆\n    ← 公共汽电车运营车数（标台）  中国城市建设统计年鉴 · 城市公共交通（按城市分列）",
		"  sports_area_per_capita 人均体育场地面积\n    ← 人均体育场地面积（平方米/人）  体育场地统计调查",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("validate does not say %q:\n%s", want, stdout)
		}
	}
	// hospital_beds_per_1k has its data: it needs nothing.
	if strings.Contains(stdout, "  hospital_beds_per_1k ") {
		t.Error("an indicator with data is listed as needing data")
	}
	book := filepath.Join(t.TempDir(), "r.xlsx")
	if _, stderr, code := runCLI(t, "score", "--data", "testdata/cncity/cities.csv", "--out", book); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !hasRow(sheetRows(t, book, "数据质量"), "buses_per_10k|每万人拥有公共交通车辆||public_transport_vehicles_urban|公共汽电车运营车数（标台）|标台|中国城市建设统计年鉴") {
		t.Error("Data quality sheet: no needs row for buses_per_10k")
	}
}

// TestOtherPublications: a file in the urban-construction yearbook's layout
// (人均公园绿地面积 in 平方米, 城区人口 and 城区暂住人口 side by side) and a
// census-style file keyed by codes with the year in its headers score
// together with yearbook-style data on the same cities.
func TestOtherPublications(t *testing.T) {
	dir := t.TempDir()
	js, book := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xlsx")
	_, stderr, code := runCLI(t, "score", "--data", "testdata/cncity/cities.csv", "--data", "testdata/cncity/jianshe.csv",
		"--data", "testdata/cncity/census.csv", "--data", "testdata/cncity/beds.csv", "--year", "2023", "--out", js, "--out", book)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc := readDoc(t, js)
	if len(doc.Years) != 1 || len(doc.Years[0].Units) != 5 {
		t.Fatalf("%d years, units %+v: the three files do not join on the same cities", len(doc.Years), doc.Years)
	}
	value := func(unit, id string) float64 {
		for _, u := range doc.Years[0].Units {
			if string(u.Unit) == unit {
				if v, _ := u.Indicators.Get(id); v.Raw != nil {
					return *v.Raw
				}
			}
		}
		return math.NaN()
	}
	for _, c := range []struct {
		unit, id string
		want     float64
	}{
		{"广州市", "park_green_per_capita", 18.6},                   // 平方米 read as 平方米/人
		{"广州市", "buses_per_10k", 15000 / (1419.3 + 450.2)},       // 城区人口 + 城区暂住人口
		{"北京市", "elderly_care_beds_per_1k", 110000 / 494.8 / 10}, // code 110100.0, header _2023
		{"杭州市", "elderly_care_beds_per_1k", 70000 / 241.0 / 10},
	} {
		if got := value(c.unit, c.id); math.Abs(got-c.want) > 1e-9*c.want {
			t.Errorf("%s %s = %v, want %v", c.unit, c.id, got, c.want)
		}
	}
	// The bus ratio traces to the operator count and both population cells.
	src := ""
	for _, r := range sheetRows(t, book, "指标") {
		if strings.HasPrefix(r, "广州市|2023|") && strings.Contains(r, "|buses_per_10k|") {
			src = r
		}
	}
	for _, cell := range []string{"jianshe.csv!D5", "jianshe.csv!E5", "jianshe.csv!F5"} {
		if !strings.Contains(src, cell) {
			t.Errorf("source of 广州市 buses_per_10k does not name %s: %q", cell, src)
		}
	}
}

// TestCensusWithRealYearbook: the census-style file, keyed by codes
// (110100.0 for 北京市) with the year in its headers, joins the real 2024
// yearbook's cities: 养老机构床位数 from table 2-25 over the census's 60+
// population gives elderly_care_beds_per_1k for exactly its five cities
// but 上海 and 广州, whose 2-25 cells are blank.
func TestCensusWithRealYearbook(t *testing.T) {
	dir := realDir(t, "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	js := filepath.Join(t.TempDir(), "r.json")
	_, stderr, code := runCLI(t, "score", "--data", dir, "--data", "testdata/cncity/census.csv", "--year", "2023", "--out", js)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc := readDoc(t, js)
	var with []string
	for _, u := range doc.Years[0].Units {
		if v, _ := u.Indicators.Get("elderly_care_beds_per_1k"); v.Raw != nil {
			with = append(with, string(u.Unit))
		}
	}
	slices.Sort(with)
	if got := strings.Join(with, ","); got != "北京市,杭州市,深圳市" || len(doc.Years[0].Units) != 297 {
		t.Errorf("elderly_care_beds_per_1k for %s of %d units", got, len(doc.Years[0].Units))
	}
}

// goalOfIn returns, for the JSON document of a run, the function from an
// indicator (or dimension) id to its goal's id.
func goalOfIn(doc *exporters.Document) func(string) string {
	parent, level := map[string]string{}, map[string]string{}
	for _, w := range doc.Weights {
		parent[w.Node], level[w.Node] = w.Parent, w.Level
	}
	return func(id string) string {
		for level[id] != "goal" {
			id = parent[id]
		}
		return id
	}
}

// TestLeanCSV: a run writing the scores CSV alone skips the obstacle
// degrees and the indicators' ranks, keeps no indicator's normalised values
// (scoring.Options.NoIndicatorScores), and writes the same CSV as a run
// whose other outputs need them.
func TestLeanCSV(t *testing.T) {
	dir := t.TempDir()
	alone, both := filepath.Join(dir, "alone.csv"), filepath.Join(dir, "both.csv")
	if _, stderr, code := runCLI(t, "score", "--out", alone, "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := runCLI(t, "score", "--out", both, "--out", filepath.Join(dir, "both.json"), "--quiet"); code != 0 {
		t.Fatal(stderr)
	}
	if a, b := mustRead(t, alone), mustRead(t, both); !bytes.Equal(a, b) {
		t.Errorf("the scores CSV differs when written alone (%d and %d bytes)", len(a), len(b))
	}
}
