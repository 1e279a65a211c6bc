package exporters

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// overviewCities are the 25 units of overviewOutput.
var overviewCities = []dataset.UnitID{
	"北京", "上海", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安",
	"重庆", "天津", "长沙", "郑州", "合肥", "济南", "青岛", "宁波", "厦门", "福州",
	"昆明", "南宁", "贵阳", "兰州", "太原",
}

// overviewOutput scores 25 cities for 2019 with grades, a ranking rule
// that leaves 兰州 and 太原 unranked (no livable data), goals thin under
// ThinGoal 4, three derived values and three groupings.
func overviewOutput(t testing.TB, lang string) *Output {
	t.Helper()
	s := testSchema(t)
	tab := dataset.New()
	for _, i := range s.Indicators() {
		tab.AddColumn(s.Nodes[i].Variable, s.Nodes[i].Unit, "")
	}
	for u, unit := range overviewCities {
		row, _ := tab.AddRow(dataset.Key{Unit: unit, Year: 2019})
		for c, i := range s.Indicators() {
			n := s.Nodes[i]
			v := float64((u*37+c*53)%101) + float64(c)
			flag := dataset.Flag(0)
			if u >= 23 && n.Parent == 8 { // 兰州, 太原: no livable data
				v, flag = math.NaN(), dataset.Invalid
			}
			tab.Column(n.Variable).Set(row, v, flag, dataset.Origin{File: "panel.xlsx", Sheet: "2019", Row: u + 2, Col: c + 2})
		}
	}
	opt := scoring.DefaultOptions()
	opt.Rank = scoring.DefaultRankRule()
	opt.ThinGoal = 4
	opt.Grades = &scoring.GradeSpec{}
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	region, size := map[dataset.UnitID]string{}, map[dataset.UnitID]string{}
	province := map[dataset.UnitID]string{}
	for u, id := range overviewCities {
		region[id] = []string{"东部地区", "中部地区", "西部地区"}[u%3]
		size[id] = []string{"超大城市", "特大城市"}[u%2]
		province[id] = fmt.Sprintf("省%d", u%5)
	}
	return &Output{
		Result: res, Table: tab, Lang: lang,
		Issues: []dataset.Issue{
			{Kind: dataset.IssueDerived, Unit: "北京", Year: 2019, Variable: "rd_share"},
			{Kind: dataset.IssueDerived, Unit: "上海", Year: 2019, Variable: "rd_share"},
			{Kind: dataset.IssueDerived, Unit: "广州", Year: 2019, Variable: "park_area"},
			{Kind: dataset.IssueInvalid, Unit: "广州", Year: 2019, Variable: "pm25"},
		},
		Groups: []Grouping{
			{ID: "province", Label: dataset.Text{Zh: "省份", En: "Province"}, Of: province, Ranked: true},
			{ID: "region", Label: dataset.Text{Zh: "区域", En: "Region"}, Of: region, Ranked: true,
				Note: dataset.Text{Zh: "国家统计局东中西部划分", En: "NBS eastern, central and western regions"}},
			{ID: "size_class", Label: dataset.Text{Zh: "城市规模", En: "Size class"}, Of: size},
		},
	}
}

// type7 is R's quantile type 7 of sorted x, written out for the test.
func type7(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(x) {
		return x[lo]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}

func TestOverviewSheet(t *testing.T) {
	for _, tc := range []struct {
		lang, title, summary, top, bottom string
		caveats                           []string
	}{
		{"zh", "城市高质量发展评价：2019 年总览", "25 个城市参评，23 个参与排名；参与排名城市的指标覆盖率中位数 100%", "前 10 名", "后 10 名",
			[]string{"1. 测度不足：创新（3/3 项指标）、宜居（3/3 项指标）的得分", "2. 2 个城市未参与排名（数据不足或无得分）。排名规则：每个目标中，至少有 50% 的常见指标",
				"3. 3 个数值为推算值（由其他数据推算，并非统计资料直接给出）：park_area、rd_share；明细见“数据质量”表"}},
		{"en", "City high-quality development: overview of 2019", "25 cities scored, 23 ranked; median indicator coverage of the ranked cities 100%", "Top 10", "Bottom 10",
			[]string{"1. Thinly measured: the scores of Innovative (3/3 indicators), Livable (3/3 indicators) rest on fewer than 4", "2. 2 cities are not ranked (too little data, or no score). Ranking rule: ranked only with data for at least 50%",
				"3. 3 values are derived from other data rather than read from the sources: park_area, rd_share; see the Data quality sheet"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			o := overviewOutput(t, tc.lang)
			f, raw := writeBook(t, o)
			g := lang(tc.lang)
			sheets := f.GetSheetList()
			if sheets[0] != g.t(sheetOverview) || sheets[1] != g.t(sheetRanking) || sheets[2] != g.t(sheetGroups) {
				t.Fatalf("sheets %q: want Overview, Ranking, Groups first", sheets)
			}
			rows, err := f.GetRows(sheets[0])
			if err != nil {
				t.Fatal(err)
			}
			if rows[0][0] != tc.title {
				t.Errorf("title %q, want %q", rows[0][0], tc.title)
			}
			if rows[1][0] != tc.summary {
				t.Errorf("summary %q, want %q", rows[1][0], tc.summary)
			}
			if rows[3][0] != tc.top || rows[3][5] != tc.bottom {
				t.Errorf("list titles %q", rows[3])
			}
			// The top 10 (A:D) and the bottom 10 (F:I): rank, city, index,
			// grade, as the result has them.
			y := o.Result.Years[0]
			order := y.Top(100)
			if len(order) != 23 {
				t.Fatalf("%d ranked, want 23", len(order))
			}
			grade := func(u int) string {
				return o.Result.Options.Grades.Label(int(y.Grades[0].Grade[u]), tc.lang)
			}
			for k := range 10 {
				for _, side := range []struct{ col, u int }{{0, order[k]}, {5, order[13+k]}} {
					u := side.u
					want := []string{fmt.Sprint(y.Ranks[0][u]), string(y.Units[u]), fmt.Sprintf("%.2f", y.Scores[0][u]), grade(u)}
					row := rows[5+k]
					if got := row[side.col : side.col+4]; !slices.Equal(got, want) {
						t.Errorf("row %d col %d: %q, want %q", 6+k, side.col+1, got, want)
					}
				}
			}
			text := strings.Join(flatten(rows), "\n")
			for _, c := range tc.caveats {
				if !strings.Contains(text, c) {
					t.Errorf("no caveat %q in\n%s", c, text)
				}
			}
			// The grade table and its chart.
			k := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == g.t(ovGrades) })
			if k < 0 {
				t.Fatal("no grade distribution")
			}
			total := 0
			for _, r := range rows[k+2 : k+6] {
				var n int
				fmt.Sscan(r[1], &n)
				total += n
			}
			if total != 23 {
				t.Errorf("grades count %d cities, want 23", total)
			}
			if charts := chartParts(t, raw); !strings.Contains(charts[0], g.t(ovChart)) {
				t.Error("no grade chart")
			}
			// The guide names every other sheet.
			for _, s := range sheets[1:] {
				if !slices.ContainsFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == s }) {
					t.Errorf("guide lacks %q", s)
				}
			}
			if tc.lang == "zh" {
				for _, s := range sheets[:3] {
					r, _ := f.GetRows(s)
					if s != sheets[1] {
						checkNoEnglish(t, s, r)
					}
				}
			}
		})
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// allowedWords are the Latin words a Chinese sheet may show: the proper
// names the brief allows and the ids of the fixture.
var allowedWords = map[string]bool{
	"GDP": true, "PM2.5": true, "COINr": true, "TOPSIS": true, "Saaty": true, "Copeland": true,
	"Saltelli": true, "Sobol": true, "Jenks": true,
	"rd_share": true, "park_area": true, "patents": true, "hitech_share": true, "pm25": true, "commute": true,
}

var ovLatinRun = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_.]*`)

// checkNoEnglish fails t for any run of two or more Latin letters in rows
// that is not an allowed word.
func checkNoEnglish(t *testing.T, sheet string, rows [][]string) {
	t.Helper()
	for r, row := range rows {
		for c, cell := range row {
			for _, w := range ovLatinRun.FindAllString(cell, -1) {
				w = strings.TrimRight(w, ".")
				letters := 0
				for _, ch := range w {
					if (ch|0x20) >= 'a' && (ch|0x20) <= 'z' {
						letters++
					}
				}
				if letters >= 2 && !allowedWords[w] {
					t.Errorf("%s row %d col %d: English %q in %q", sheet, r+1, c+1, w, cell)
				}
			}
		}
	}
}

func TestGroupsSheet(t *testing.T) {
	for _, l := range []string{"zh", "en"} {
		t.Run(l, func(t *testing.T) {
			o := overviewOutput(t, l)
			f, _ := writeBook(t, o)
			g := lang(l)
			rows, err := f.GetRows(g.t(sheetGroups))
			if err != nil {
				t.Fatal(err)
			}
			if p, _ := f.GetPanes(g.t(sheetGroups)); !p.Freeze || p.YSplit != 1 {
				t.Errorf("header not frozen: %+v", p)
			}
			if len(rows[0]) != 7 || rows[0][0] != g.t(hGroup) {
				t.Errorf("header %q", rows[0])
			}
			y := o.Result.Years[0]
			blocks := map[string]int{}
			for k, r := range rows {
				if len(r) > 0 && strings.HasPrefix(r[0], g.t(mGrouping, "")) {
					blocks[r[0]] = k
				}
			}
			if _, ok := blocks[g.t(mGrouping, o.Groups[0].Label.In(l))]; ok {
				t.Error("a province block")
			}
			for _, gr := range o.Groups[1:] {
				at, ok := blocks[g.t(mGrouping, gr.Label.In(l))]
				if !ok {
					t.Fatalf("no block for %s", gr.ID)
				}
				if gr.Note.En != "" {
					if rows[at+1][0] != gr.Note.In(l) {
						t.Errorf("%s: note %q", gr.ID, rows[at+1][0])
					}
					at++
				}
				// Recompute each group's statistics from the result.
				groups := map[string][][]float64{} // group → index, goals
				for u, id := range y.Units {
					if y.Ranks[0][u] == 0 {
						continue
					}
					x := groups[gr.Of[id]]
					if x == nil {
						x = make([][]float64, 3)
					}
					x[0] = append(x[0], y.Scores[0][u])
					x[1] = append(x[1], y.Scores[1][u])
					x[2] = append(x[2], y.Scores[7][u])
					groups[gr.Of[id]] = x
				}
				prev := math.Inf(1)
				for k := range len(groups) {
					r := rows[at+1+k]
					x, ok := groups[r[0]]
					if !ok {
						t.Fatalf("%s: unexpected row %q", gr.ID, r)
					}
					for _, v := range x {
						slices.Sort(v)
					}
					want := []string{r[0], fmt.Sprint(len(x[0])), fmt.Sprintf("%.2f", type7(x[0], 0.5)),
						fmt.Sprintf("%.2f", type7(x[0], 0.25)), fmt.Sprintf("%.2f", type7(x[0], 0.75)),
						fmt.Sprintf("%.2f", type7(x[1], 0.5)), fmt.Sprintf("%.2f", type7(x[2], 0.5))}
					if !slices.Equal(r, want) {
						t.Errorf("%s: row %q, want %q", gr.ID, r, want)
					}
					if m := type7(x[0], 0.5); m > prev {
						t.Errorf("%s: groups not by median index", gr.ID)
					} else {
						prev = m
					}
				}
			}
			if l == "zh" {
				checkNoEnglish(t, g.t(sheetGroups), rows)
			}
		})
	}
}

// TestOverviewNoGrades checks that without grades the Overview has no
// grade block and no chart of its own.
func TestOverviewNoGrades(t *testing.T) {
	o := testOutput(t, "zh")
	f, _ := writeBook(t, o)
	rows, _ := f.GetRows("总览")
	for _, r := range rows {
		if len(r) > 0 && r[0] == "综合指数等级分布" {
			t.Error("grade block without grades")
		}
	}
	if _, err := f.GetSheetIndex("分组比较"); err != nil {
		t.Fatal(err)
	}
	if i, _ := f.GetSheetIndex("分组比较"); i >= 0 {
		t.Error("a Groups sheet without groups")
	}
	// Print setup: one page, print area set.
	found := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Area" && dn.Scope == "总览" {
			found = true
		}
	}
	if !found {
		t.Error("no print area on the Overview")
	}
}
