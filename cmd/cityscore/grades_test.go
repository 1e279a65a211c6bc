package main

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/exporters"
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

// TestGroupsOutputs: on cities (units: cn-city) the scores CSV, the JSON
// and the Ranking sheet give each city's province, region, size class and
// cluster (a city in two clusters names both), and its ranks within
// province, region and size class; a rank within a group is the rank among
// the group's ranked cities.
func TestGroupsOutputs(t *testing.T) {
	dir := t.TempDir()
	csvOut, js, book := filepath.Join(dir, "s.csv"), filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xlsx")
	if _, stderr, code := runCLI(t, "score", "--year", "2012", "--out", csvOut, "--out", js, "--out", book, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs := readCSVFile(t, csvOut)
	col := func(name string) int {
		i := slices.Index(recs[0], name)
		if i < 0 {
			t.Fatalf("scores CSV has no %s: %v", name, recs[0])
		}
		return i
	}
	prov, region, cluster, rank, rankProv := col("province"), col("region"), col("cluster"), col("rank"), col("rank_province")
	col("size_class")
	col("rank_region")
	col("rank_size_class")
	// Recompute the ranks within each province from the overall ranks.
	byProv := map[string][]int{}
	for k, r := range recs[1:] {
		if r[rank] != "" {
			byProv[r[prov]] = append(byProv[r[prov]], k+1)
		}
	}
	for p, rows := range byProv {
		for _, k := range rows {
			r := recs[k]
			want := 1
			for _, j := range rows {
				if recs[j][rank] != "" && atoi(recs[j][rank]) < atoi(r[rank]) {
					want++
				}
			}
			if atoi(r[rankProv]) != want {
				t.Errorf("%s (%s): rank in province %s, want %d", r[0], p, r[rankProv], want)
			}
		}
	}
	clusters := map[string]string{"北京市": "京津冀", "邯郸市": "京津冀、中原", "运城市": "中原、关中平原（部分）", "武汉市": "长江中游",
		"抚州市": "长江中游（部分）", "拉萨市": ""}
	for _, r := range recs[1:] {
		if r[0] == "北京市" && r[region] != "东部" {
			t.Errorf("北京市: region %q", r[region])
		}
		if want, ok := clusters[r[0]]; ok {
			if r[cluster] != want {
				t.Errorf("%s: cluster %q, want %q", r[0], r[cluster], want)
			}
			delete(clusters, r[0])
		}
	}
	delete(clusters, "拉萨市") // not in every year's sample
	if len(clusters) > 0 {
		t.Errorf("no rows for %v", clusters)
	}
	doc := readDoc(t, js)
	if u := doc.Years[0].Units[0]; u.Province == "" || u.Region == "" || u.RankProvince == nil {
		t.Errorf("JSON unit %+v lacks its groups", u)
	}
	rows := sheetRows(t, book, "排名")
	if !strings.Contains(rows[0], "|省份|地区|") || !strings.Contains(rows[0], "省份内排名") {
		t.Errorf("Ranking header %q lacks the group columns", rows[0])
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestGroupsRealYearbook: the size class of 北京 and 上海 is 超大城市, of
// 嘉峪关 a small class (the 2024 yearbook, section 2).
func TestGroupsRealYearbook(t *testing.T) {
	data := realDir(t, "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	out := filepath.Join(t.TempDir(), "s.csv")
	if _, stderr, code := runCLI(t, "score", "--data", data, "--year", "2023", "--out", out, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs := readCSVFile(t, out)
	size := slices.Index(recs[0], "size_class")
	want := map[string]string{"北京市": "超大城市", "上海市": "超大城市", "嘉峪关市": "Ⅰ型小城市"}
	for _, r := range recs[1:] {
		if w, ok := want[r[0]]; ok {
			if r[size] != w {
				t.Errorf("%s: size class %q, want %q", r[0], r[size], w)
			}
			delete(want, r[0])
		}
	}
	if len(want) > 0 {
		t.Errorf("not in the scores: %v", want)
	}
}

// cityPagePages prints an HTML page with headless Chromium and returns the
// number of PDF pages, or skips when Chromium is not installed.
func cityPagePages(t *testing.T, html string) int {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed: the print check skips")
	}
	abs, _ := filepath.Abs(html)
	pdf := filepath.Join(t.TempDir(), "p.pdf")
	// A Chromium started while another starts (the browser tests run at
	// the same time) now and then dies at start-up: it is started again,
	// up to three times.
	for attempt := 1; ; attempt++ {
		out, err := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
			"--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+abs).CombinedOutput()
		if err == nil {
			break
		}
		if attempt == 3 {
			t.Fatalf("chromium: %v\n%s", err, out)
		}
		time.Sleep(time.Second)
	}
	raw, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	return len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(raw, -1))
}

// TestCityPages: --city-pages writes a page per city of --units with the
// radar of the six goals against the peers' median; it prints to at most
// two A4 pages.
func TestCityPages(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, "score", "--year", "2012", "--out", filepath.Join(dir, "r.xlsx"), "--units", "深圳市,北京市",
		"--city-pages", filepath.Join(dir, "pages"), "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, city := range []string{"深圳市", "北京市"} {
		path := filepath.Join(dir, "pages", city+".html")
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		page := string(raw)
		if strings.Count(page, "<polygon") < 6 || !strings.Contains(page, "同组中位数") || !strings.Contains(page, "分组排名") {
			t.Errorf("%s: no radar against the peers' median, or no group ranks", city)
		}
		if n := cityPagePages(t, path); n < 1 || n > 2 {
			t.Errorf("%s prints to %d pages, want 1 or 2", city, n)
		}
	}
	// The workbook has a sheet per city, with the radar of its goals against
	// its peers' median.
	rows := sheetRows(t, filepath.Join(dir, "r.xlsx"), "深圳市")
	if len(rows) < 10 || !hasRow(rows, "目标|本市|同组中位数") {
		t.Errorf("the 深圳市 sheet lacks the goals against the peers:\n%s", strings.Join(rows, "\n"))
	}
	zr, err := zip.OpenReader(filepath.Join(dir, "r.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	radars := 0
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if strings.Contains(string(b), "radarChart") {
				radars++
			}
		}
	}
	if radars < 3 { // the Charts sheet's and one per city
		t.Errorf("%d radar charts, want the Charts sheet's and one per city", radars)
	}
	if _, stderr, code := runCLI(t, "score", "--year", "2012", "--out", filepath.Join(dir, "s.xlsx"), "--city-pages", filepath.Join(dir, "p2"), "--quiet"); code != 2 || !strings.Contains(stderr, "--units") {
		t.Errorf("--city-pages without --units: exit %d, %s", code, stderr)
	}
}

// TestCityPagesRealYearbook: the pages of 杭州市 and 沈阳市 from the 2024
// yearbook print to at most two A4 pages.
func TestCityPagesRealYearbook(t *testing.T) {
	data := realDir(t, "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, "score", "--data", data, "--year", "2023", "--out", filepath.Join(dir, "r.xlsx"),
		"--units", "杭州市,沈阳市", "--city-pages", dir, "--obstacles", filepath.Join(dir, "o.csv"), "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, city := range []string{"杭州市", "沈阳市"} {
		if n := cityPagePages(t, filepath.Join(dir, city+".html")); n < 1 || n > 2 {
			t.Errorf("%s prints to %d pages, want 1 or 2", city, n)
		}
	}
	// The workbook: the Overview first, a sheet per city, and no cell that
	// shows ### or is cut off.
	f, err := excelize.OpenFile(filepath.Join(dir, "r.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if sheets[0] != "总览" || !slices.Contains(sheets, "杭州市") || !slices.Contains(sheets, "沈阳市") {
		t.Errorf("sheets %q: want the Overview first and a sheet per city", sheets)
	}
	misfits, err := exporters.Misfits(f)
	if err != nil {
		t.Fatal(err)
	}
	for k, m := range misfits {
		if k == 20 {
			t.Errorf("… %d more", len(misfits)-k)
			break
		}
		t.Error(m)
	}
}

// TestGradeRules: each rule (quantiles, natural breaks, fixed cut points)
// grades the index by the cut points the JSON echoes: the units between
// two cut points share a grade, a higher class a better one; fixed cut
// points are the profile's own.
func TestGradeRules(t *testing.T) {
	for _, tc := range []struct {
		name, grades string
		classes      int
		cuts         []float64 // the profile's, for rule fixed
	}{
		{"quantile", "{rule: quantile, classes: 4}", 4, nil},
		{"jenks", "{rule: jenks, classes: 3}", 3, nil},
		{"fixed", "{rule: fixed, cuts: [30, 45, 60], labels: [优, 良, 中, 差]}", 4, []float64{30, 45, 60}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			prof := filepath.Join(dir, "g.yaml")
			if err := os.WriteFile(prof, []byte("profile: g\ngrades: "+tc.grades+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			js := filepath.Join(dir, "r.json")
			if _, stderr, code := runCLI(t, "score", "--profile", prof, "--year", "2012", "--out", js, "--quiet"); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			y := readDoc(t, js).Years[0]
			cuts, ok := y.GradeCuts.Get("index")
			if !ok || len(cuts) != tc.classes-1 {
				t.Fatalf("index cut points %v, want %d", cuts, tc.classes-1)
			}
			if tc.cuts != nil && !slices.Equal(cuts, tc.cuts) {
				t.Errorf("cut points %v, want the profile's %v", cuts, tc.cuts)
			}
			gradeOf := map[int]string{} // class (cut points at or below the score) → grade
			for _, u := range y.Units {
				if u.Score == nil || u.Grade == "" {
					continue
				}
				k := 0
				for _, c := range cuts {
					if *u.Score >= c {
						k++
					}
				}
				if g, seen := gradeOf[k]; seen && g != u.Grade {
					t.Errorf("%s (%.4f, class %d) graded %s, others of its class %s", u.Unit, *u.Score, k, u.Grade, g)
				}
				gradeOf[k] = u.Grade
			}
			if len(gradeOf) < 2 {
				t.Fatalf("grades by class %v: want several classes", gradeOf)
			}
			labels := map[string]bool{}
			for _, g := range gradeOf {
				labels[g] = true
			}
			if len(labels) != len(gradeOf) {
				t.Errorf("grades by class %v: two classes share a grade", gradeOf)
			}
		})
	}
}
