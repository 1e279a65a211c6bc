package exporters

import (
	"context"
	"fmt"
	"html"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

// analyse runs an analysis of design d on the latest year of the output's
// table (2019 for testOutput), n replicates (or base sample): the
// dimension and goal weights perturbed by ±25 % and the normalisation
// minmax or percentile ranks (and, for a Saltelli design, 杭州's missing
// patents left missing or imputed by the mean).
func analyse(t testing.TB, o *Output, d sensitivity.Design, n int) *sensitivity.Analysis {
	t.Helper()
	sp := sensitivity.Spec{Design: d, N: n, Seed: 7,
		Noise:     map[dataset.Level]float64{dataset.LevelDimension: 0.25, dataset.LevelGoal: 0.25},
		Normalize: []scoring.NormalizeSpec{scoring.DefaultNormalizeSpec(scoring.NormMinMax), scoring.DefaultNormalizeSpec(scoring.NormPercentile)}}
	if d == sensitivity.DesignSaltelli {
		sp.Impute = []composite.ImputeMethod{composite.ImputeNone, composite.ImputeMean}
	}
	base := scoring.DefaultOptions()
	plan, err := sensitivity.NewPlan(sp, o.Result.Schema, base)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sensitivity.Run(context.Background(), o.Result.Schema, o.Table, base, plan.Replicates, sensitivity.RunOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	a, err := sensitivity.Analyse(res, plan, 200, 7)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// handAnalysis is an analysis of 2019 made by hand: fractional quantiles,
// an interval of one rank, a unit without statistics (杭州) and one left
// out of the analysis (上海). design Saltelli adds Sobol indices of three
// inputs.
func handAnalysis(design sensitivity.Design) *sensitivity.Analysis {
	nan := math.NaN()
	stat := func(unit string, nominal int32, score, mean, median, q5, q95, s5, s95 float64, n int) sensitivity.UnitStats {
		return sensitivity.UnitStats{Unit: dataset.UnitID(unit), Nominal: nominal, Score: score,
			RankStats: composite.RankStats{Mean: mean, Median: median, Q5: q5, Q95: q95, N: n}, ScoreQ5: s5, ScoreQ95: s95}
	}
	plan := &sensitivity.Plan{Design: design, N: 40, Inputs: []sensitivity.Input{
		{Name: "weight_set", Alternatives: make([]sensitivity.Replicate, 40)},
		{Name: "normalize", Alternatives: make([]sensitivity.Replicate, 2)},
	}}
	runs := 40
	if design == sensitivity.DesignSaltelli {
		plan.N = 10
		plan.Inputs = append(plan.Inputs, sensitivity.Input{Name: "drop", Alternatives: make([]sensitivity.Replicate, 4)})
		runs = 10 * (3 + 2)
	}
	plan.Replicates = make([]sensitivity.Replicate, runs)
	a := &sensitivity.Analysis{
		Result: &sensitivity.Result{Year: 2019, Units: []dataset.UnitID{"北京", "深圳", "广州", "杭州"}},
		Plan:   plan,
		Stats: []sensitivity.UnitStats{
			stat("北京", 4, 39.87, 4.2, 4, 3.05, 6.95, 35.1, 44.25, runs),
			stat("深圳", 1, 85.35, 1, 1, 1, 1, 80.5, 90.125, runs),
			stat("广州", 2, 53.7, 2.575, 2.5, 2, 4, 50, 58.5, runs),
			stat("杭州", 0, nan, nan, nan, nan, nan, nan, nan, 0),
		},
	}
	if design == sensitivity.DesignSaltelli {
		a.Sobol = []sensitivity.SobolIndex{
			{Input: "weights", Si: 0.07, STi: 0.735, SiQ5: -0.35, SiQ95: 0.42, STiQ5: 0.42, STiQ95: 1.051},
			{Input: "normalize", Si: 0, STi: 0.14, SiQ5: -0.28, SiQ95: 0.28, STiQ5: 0.035, STiQ95: 0.245},
			{Input: "drop", Si: -0.07, STi: 0.07, SiQ5: -0.42, SiQ95: 0.14, STiQ5: 0, STiQ95: 0.175},
		}
	}
	return a
}

// sheetRows returns the rows of sheet as Excel shows them, or their raw
// values.
func sheetRows(t testing.TB, f *excelize.File, sheet string, raw bool) [][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: raw})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestRankRange(t *testing.T) {
	for _, tc := range []struct {
		q5, q95 float64
		want    string
	}{
		{4, 10, "4–10"}, {4, 4, "4"}, {6.95, 12.05, "6.95–12.05"}, {1, 1.00001, "1"},
		{123.45, 234.5, "123.5–234.5"}, {1234.5, 12345.6, "1234–12346"}, {math.NaN(), 3, ""}, {2, math.NaN(), ""},
	} {
		if got := rankRange(tc.q5, tc.q95); got != tc.want {
			t.Errorf("rankRange(%v, %v) = %q, want %q", tc.q5, tc.q95, got, tc.want)
		}
	}
}

// TestUncertaintyRanking: the Ranking sheet has the rank range after the
// index, for the year analysed only, empty for a unit without statistics;
// the colour scales of the goal scores move one column right.
func TestUncertaintyRanking(t *testing.T) {
	for _, tc := range []struct {
		lang   string
		header []string
	}{
		{"zh", []string{"排名", "城市", "年份", "综合指数", "排名区间", "创新得分（3/3 项指标）"}},
		{"en", []string{"Rank", "City", "Year", "Index", "Rank range", "Innovative score (3/3 indicators)"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			o := testOutput(t, tc.lang)
			o.Uncertainty = handAnalysis(sensitivity.DesignUA)
			f, _ := writeBook(t, o)
			// The year analysed is the earlier one: its rows are on the
			// Earlier years sheet.
			want := map[string]string{"2019 深圳": "1", "2019 广州": "2–4", "2019 北京": "3.05–6.95"}
			seen := 0
			for _, name := range []label{sheetRanking, sheetEarlier} {
				sheet := labels[name].In(tc.lang)
				rows := sheetRows(t, f, sheet, false)
				if !reflect.DeepEqual(rows[0][:6], tc.header) {
					t.Fatalf("%s: header %q, want %q", sheet, rows[0][:6], tc.header)
				}
				for _, row := range rows[1:] {
					key := row[2] + " " + row[1]
					if got := row[4]; got != want[key] {
						t.Errorf("%s: rank range %q, want %q", key, got, want[key])
					}
					if want[key] != "" {
						seen++
					}
				}
				cf, err := f.GetConditionalFormats(sheet)
				if err != nil {
					t.Fatal(err)
				}
				for _, ref := range []string{"D2:D6", "F2:F6", "H2:H6"} {
					if len(cf[ref]) != 1 {
						t.Errorf("%s: no colour scale on %s: %v", sheet, ref, cf)
					}
				}
			}
			if seen != len(want) {
				t.Errorf("%d rows with a rank range, want %d", seen, len(want))
			}
		})
	}
}

// TestUncertaintySheet runs an analysis of the test table and checks the
// Uncertainty sheet: after Ranking and Charts, its title, the note, a row
// per unit in nominal rank order with the statistics of the analysis, the
// Sobol indices beside it, native charts on the sheet's cells, and the
// design on the Method sheet.
func TestUncertaintySheet(t *testing.T) {
	for _, tc := range []struct {
		lang   string
		design sensitivity.Design
		title  string
		header []string
		sobol  []string
		chart  string
		method map[string]string
	}{
		{"zh", sensitivity.DesignUA, "排名的不确定性（2019 年）：不确定性分析（随机抽样），30 次重复计算；变动的输入：权重、标准化方法",
			[]string{"名义排名", "城市", "综合指数（名义）", "排名中位数", "平均排名", "排名 5% 分位数", "排名 95% 分位数", "区间宽度（95% − 5%）", "综合指数 5% 分位数", "综合指数 95% 分位数"},
			nil, "排名的 5%–95% 区间（柱）与名义排名（点）（2019 年）",
			map[string]string{"uncertainty.design": "不确定性分析（随机抽样）", "uncertainty.year": "2019", "uncertainty.replicates": "30",
				"uncertainty.runs": "30", "uncertainty.inputs": "权重（30 种）、标准化方法（2 种）"}},
		{"en", sensitivity.DesignUA, "Uncertainty of the ranking (2019): uncertainty analysis (random sample), 30 replicates; inputs varied: weights, normalisation",
			[]string{"Nominal rank", "City", "Index (nominal)", "Median rank", "Mean rank", "Rank, 5 %", "Rank, 95 %", "Interval width (95 % − 5 %)", "Index, 5 %", "Index, 95 %"},
			nil, "5–95 % rank interval (bar) and nominal rank (dot) (2019)",
			map[string]string{"uncertainty.design": "uncertainty analysis (random sample)", "uncertainty.replicates": "30",
				"uncertainty.inputs": "weights (30 alternatives), normalisation (2 alternatives)"}},
		{"zh", sensitivity.DesignSaltelli, "排名的不确定性（2019 年）：敏感性分析（Saltelli 设计，基样本 N = 30），150 次重复计算；变动的输入：权重、标准化方法、缺失值插补",
			nil, []string{"变动的输入", "一阶敏感性指数", "总效应指数", "一阶指数 5%", "一阶指数 95%", "总效应指数 5%", "总效应指数 95%"},
			"各输入的 Sobol 敏感性指数（2019 年）",
			map[string]string{"uncertainty.design": "敏感性分析（Saltelli 设计，Sobol 指数）", "uncertainty.replicates": "30", "uncertainty.runs": "150",
				"uncertainty.inputs": "权重（30 种）、标准化方法（2 种）、缺失值插补（2 种）", "uncertainty.bootstrap": "自助法重抽样给出 Sobol 指数的 5%–95% 区间"}},
		{"en", sensitivity.DesignSaltelli, "Uncertainty of the ranking (2019): sensitivity analysis (Saltelli design, base sample N = 30), 150 replicates; inputs varied: weights, normalisation, imputation",
			nil, []string{"Input", "Si (first order)", "STi (total)", "Si, 5 %", "Si, 95 %", "STi, 5 %", "STi, 95 %"},
			"Sobol indices of the inputs (2019)",
			map[string]string{"uncertainty.runs": "150", "uncertainty.output": "mean absolute shift of the units' ranks from the nominal ranks (as COINr)"}},
	} {
		t.Run(fmt.Sprintf("%s/%v", tc.lang, tc.design), func(t *testing.T) {
			o := testOutput(t, tc.lang)
			a := analyse(t, o, tc.design, 30)
			o.Uncertainty = a
			f, raw := writeBook(t, o)
			g := lang(tc.lang)
			name := g.t(sheetUncertainty)
			sheets := f.GetSheetList()
			if len(sheets) < 4 || sheets[0] != g.t(sheetOverview) || sheets[1] != g.t(sheetRanking) || sheets[2] != g.t(sheetCharts) || sheets[3] != name {
				t.Fatalf("sheets %q: want the Uncertainty sheet after the Charts sheet", sheets)
			}
			p, err := f.GetPanes(name)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Freeze || p.YSplit != 3 {
				t.Errorf("panes %+v: want rows 1–3 frozen", p)
			}
			titles := ""
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" && dn.Scope == name {
					titles = dn.RefersTo
				}
			}
			if titles != "'"+name+"'!$3:$3" {
				t.Errorf("print titles %q, want the header row 3", titles)
			}
			shown, rows := sheetRows(t, f, name, false), sheetRows(t, f, name, true)
			if shown[0][0] != tc.title {
				t.Errorf("title %q, want %q", shown[0][0], tc.title)
			}
			note := a.Note(tc.lang)
			if tc.design == sensitivity.DesignSaltelli {
				note += map[string]string{"zh": "排名与得分的分位数取自 A、B 两组样本的 60 次计算（同 COINr）。",
					"en": " The rank and score statistics are over the 60 runs of the A and B samples (as COINr)."}[tc.lang]
			}
			if note == "" || shown[1][0] != note {
				t.Errorf("note %q, want %q", shown[1][0], note)
			}
			if tc.header != nil && !reflect.DeepEqual(shown[2][:10], tc.header) {
				t.Errorf("header %q, want %q", shown[2][:10], tc.header)
			}
			// A row per unit, in nominal rank order, holding the statistics.
			stats := sortedStats(a)
			if len(rows) < 3+len(stats) {
				t.Fatalf("%d rows for %d units", len(rows), len(stats))
			}
			for k, st := range stats {
				row := rows[3+k]
				if row[0] != strconv.Itoa(int(st.Nominal)) || row[1] != string(st.Unit) {
					t.Errorf("row %d: %q, want rank %d unit %s", 4+k, row[:2], st.Nominal, st.Unit)
				}
				for c, v := range []float64{st.Score, st.Median, st.Mean, st.Q5, st.Q95, st.Q95 - st.Q5, st.ScoreQ5, st.ScoreQ95} {
					if got, err := strconv.ParseFloat(row[2+c], 64); err != nil || !near(got, v) {
						t.Errorf("row %d column %d: %q, want %v", 4+k, 3+c, row[2+c], v)
					}
				}
			}
			if stats[0].Nominal != 1 || stats[len(stats)-1].Nominal != int32(len(stats)) {
				t.Errorf("nominal ranks %d…%d", stats[0].Nominal, stats[len(stats)-1].Nominal)
			}
			// Ranks with up to two decimals, scores as on the other sheets.
			for cell, want := range map[string]string{"D4": "0.0#", "H4": "0.0#", "C4": "0.00", "I4": "0.00"} {
				id, _ := f.GetCellStyle(name, cell)
				st, _ := f.GetStyle(id)
				if st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != want {
					t.Errorf("%s: number format %v, want %s", cell, st, want)
				}
			}
			// The Sobol indices beside the table (columns L:R).
			if tc.design == sensitivity.DesignSaltelli {
				if !reflect.DeepEqual(shown[2][11:18], tc.sobol) {
					t.Errorf("Sobol header %q, want %q", shown[2][11:18], tc.sobol)
				}
				for k, s := range a.Sobol {
					row := rows[3+k]
					if row[11] != inputName(g, s.Input) {
						t.Errorf("Sobol row %d: input %q, want %q", k+1, row[11], inputName(g, s.Input))
					}
					for c, v := range []float64{s.Si, s.STi, s.SiQ5, s.SiQ95, s.STiQ5, s.STiQ95} {
						if got, err := strconv.ParseFloat(row[12+c], 64); err != nil || !near(got, v) {
							t.Errorf("Sobol row %d column %d: %q, want %v", k+1, 13+c, row[12+c], v)
						}
					}
				}
			}
			// Native charts: bar and radar on Charts, then the rank
			// intervals (stacked columns and the nominal ranks) and, for a
			// Saltelli design, the Sobol indices; the trends last.
			charts := unescaped(chartParts(t, raw))
			want := 4
			if tc.design == sensitivity.DesignSaltelli {
				want = 5
			}
			if len(charts) != want {
				t.Fatalf("%d charts, want %d", len(charts), want)
			}
			ranks := charts[2]
			for _, s := range []string{`<grouping val="stacked">`, "<lineChart>", `<a:noFill>`, "'" + name + "'!$F$4:$F$8", "'" + name + "'!$H$4:$H$8", "'" + name + "'!$A$4:$A$8", "'" + name + "'!$B$4:$B$8",
				`<orientation val="maxMin">`, g.t(uChart, "", yearSuffix(g, 2019))} {
				if !strings.Contains(ranks, s) {
					t.Errorf("rank chart lacks %s", s)
				}
			}
			if tc.design == sensitivity.DesignSaltelli {
				sobol := charts[3]
				for _, s := range []string{`<grouping val="clustered">`, "'" + name + "'!$M$4:$M$6", "'" + name + "'!$N$4:$N$6", tc.chart} {
					if !strings.Contains(sobol, s) {
						t.Errorf("Sobol chart lacks %s", s)
					}
				}
			}
			if !strings.Contains(charts[len(charts)-1], "lineChart>") {
				t.Error("the last chart is not the trends' line chart")
			}
			// The Method sheet ends with the design.
			method := sheetRows(t, f, g.t(sheetMethod), false)
			found := map[string]string{}
			section := false
			for _, row := range method {
				if len(row) > 0 && row[0] == g.t(uSection) {
					section = true
					continue
				}
				if section && len(row) > 2 {
					found[row[1]] = row[2]
					if row[0] != settingLabel(g, row[1]) || row[0] == row[1] {
						t.Errorf("Method: %q has label %q", row[1], row[0])
					}
				}
			}
			for k, v := range tc.method {
				if found[k] != v {
					t.Errorf("Method: %s = %q, want %q", k, found[k], v)
				}
			}
			if _, ok := found["uncertainty.seed"]; ok {
				t.Error("Method: a seed the plan does not know")
			}
			if tc.lang == "zh" {
				zhOnly(t, f, raw)
			}
		})
	}
}

// unescaped returns the chart parts with their character references
// replaced ('不确定性'!$F$4 rather than &#39;不确定性&#39;!$F$4).
func unescaped(parts []string) []string {
	out := make([]string, len(parts))
	for k, p := range parts {
		out[k] = html.UnescapeString(p)
	}
	return out
}

// near reports whether got is want to the 15 significant digits a cell
// keeps.
func near(got, want float64) bool {
	return math.Abs(got-want) <= 1e-13*max(1, math.Abs(want))
}

// latinRun is a run of two or more Latin letters, with the characters of
// an id.
var latinRun = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_.\-]*[A-Za-z0-9_]`)

// zhOnly fails t for an English word in what a Chinese workbook shows of
// the analysis: the Ranking header, the Uncertainty sheet, the analysis on
// the Method sheet (its Key column holds ids) and the charts' titles.
// Proper names and symbols stay.
func zhOnly(t *testing.T, f *excelize.File, raw []byte) {
	t.Helper()
	kept := map[string]bool{"COINr": true, "Saltelli": true, "Sobol": true}
	check := func(where, s string) {
		for _, w := range latinRun.FindAllString(s, -1) {
			letters := 0
			for _, r := range w {
				if r|0x20 >= 'a' && r|0x20 <= 'z' {
					letters++
				}
			}
			if letters >= 2 && !kept[w] {
				t.Errorf("%s: English %q in %q", where, w, s)
			}
		}
	}
	for _, h := range sheetRows(t, f, "排名", false)[0] {
		check("排名 header", h)
	}
	check("sheet name", "不确定性")
	for r, row := range sheetRows(t, f, "不确定性", false) {
		for c, cell := range row {
			check(fmt.Sprintf("不确定性 row %d col %d", r+1, c+1), cell)
		}
	}
	section := false
	for _, row := range sheetRows(t, f, "方法", false) {
		if len(row) > 0 && row[0] == "不确定性与敏感性分析" {
			section = true
		}
		if !section {
			continue
		}
		for c, cell := range row {
			if c == 1 {
				if !strings.HasPrefix(cell, "uncertainty.") {
					t.Errorf("方法: key %q", cell)
				}
				continue
			}
			check("方法", cell)
		}
	}
	if !section {
		t.Error("方法: no analysis section")
	}
	title := regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	for _, c := range unescaped(chartParts(t, raw))[2:] {
		for _, m := range title.FindAllStringSubmatch(c, -1) {
			check("chart title", m[1])
		}
	}
}

// TestUncertaintyManyUnits: with more than 60 ranked units, the chart
// draws the best 50 and says so.
func TestUncertaintyManyUnits(t *testing.T) {
	o := benchOutput(t, 80, 12, 1)
	o.Lang = "en"
	o.Uncertainty = analyse(t, o, sensitivity.DesignUA, 10)
	_, raw := writeBook(t, o)
	charts := unescaped(chartParts(t, raw))
	if len(charts) != 3 {
		t.Fatalf("%d charts, want 3", len(charts))
	}
	for _, s := range []string{"'Uncertainty'!$F$4:$F$53", "'Uncertainty'!$B$4:$B$53", "top 50 of 80 units"} {
		if !strings.Contains(charts[2], s) {
			t.Errorf("rank chart lacks %s", s)
		}
	}
}

// TestUncertaintyGolden: the Uncertainty sheet of a hand-made Saltelli
// analysis, as Excel shows it.
func TestUncertaintyGolden(t *testing.T) {
	for _, l := range []string{"zh", "en"} {
		t.Run(l, func(t *testing.T) {
			o := testOutput(t, l)
			o.Uncertainty = handAnalysis(sensitivity.DesignSaltelli)
			f, _ := writeBook(t, o)
			var b strings.Builder
			for _, row := range sheetRows(t, f, labels[sheetUncertainty].In(l), false) {
				b.WriteString(strings.Join(row, "\t"))
				b.WriteByte('\n')
			}
			golden(t, "uncertainty_"+l+".golden", []byte(b.String()))
		})
	}
}

// TestUncertaintySettingLabels: every key of the analysis on the Method
// sheet has a label in both languages.
func TestUncertaintySettingLabels(t *testing.T) {
	for _, d := range []sensitivity.Design{sensitivity.DesignUA, sensitivity.DesignSaltelli} {
		a := handAnalysis(d)
		for _, g := range []lang{"zh", "en"} {
			settings := uncertaintySettings(g, a)
			if len(settings) < 5 {
				t.Errorf("%s %v: %d settings", g, d, len(settings))
			}
			for _, s := range settings {
				if got := settingLabel(g, s.Key); got == s.Key || got == "" || !strings.HasPrefix(s.Key, "uncertainty.") {
					t.Errorf("%s: setting %q has no label", g, s.Key)
				}
				if s.Value == "" && s.Key != "uncertainty.year" {
					t.Errorf("%s: setting %q has no value", g, s.Key)
				}
			}
		}
	}
	for name := range inputNames {
		for _, g := range []lang{"zh", "en"} {
			if inputName(g, name) == "" {
				t.Errorf("input %q has no %s name", name, g)
			}
		}
	}
}

// TestUncertaintyReplayAlternatives: a replayed plan, whose inputs carry
// no alternatives, counts the distinct choices of its replicates.
func TestUncertaintyReplayAlternatives(t *testing.T) {
	geo, ari := scoring.AggGeometric, scoring.AggArithmetic
	p, err := sensitivity.ReplayPlan(sensitivity.DesignUA, []sensitivity.Replicate{
		{WeightSet: "1", Aggregate: &geo}, {WeightSet: "2", Aggregate: &ari}, {WeightSet: "3", Aggregate: &geo},
	}, []string{"weight_set", "aggregate"})
	if err != nil {
		t.Fatal(err)
	}
	if got := alternatives(p, p.Inputs[0]); got != 3 {
		t.Errorf("weight sets: %d, want 3", got)
	}
	if got := alternatives(p, p.Inputs[1]); got != 2 {
		t.Errorf("aggregations: %d, want 2", got)
	}
}

// TestUncertaintyInvalid: an analysis without its plan is an error, not a
// panic.
func TestUncertaintyInvalid(t *testing.T) {
	o := testOutput(t, "en")
	o.Uncertainty = &sensitivity.Analysis{Result: &sensitivity.Result{Year: 2019}}
	if err := WriteWorkbook(&strings.Builder{}, o); err == nil || !strings.Contains(err.Error(), "plan") {
		t.Errorf("error %v, want one about the plan", err)
	}
}

// TestRenderUncertainty writes workbooks with an analysis, and each
// Uncertainty sheet alone on one page, to $CITYSCORE_RENDER_DIR, to look
// at them as a spreadsheet shows them (soffice --headless --convert-to
// pdf; pdftoppm -png).
func TestRenderUncertainty(t *testing.T) {
	dir := os.Getenv("CITYSCORE_RENDER_DIR")
	if dir == "" {
		t.Skip("CITYSCORE_RENDER_DIR not set")
	}
	write := func(o *Output, name string) {
		f, raw := writeBook(t, o)
		if err := os.WriteFile(filepath.Join(dir, name+".xlsx"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		sheet := labels[sheetUncertainty].In(string(must(parseLang(o.Lang))))
		for _, s := range f.GetSheetList() {
			if s != sheet {
				if err := f.DeleteSheet(s); err != nil {
					t.Fatal(err)
				}
			}
		}
		one := 1
		if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{FitToHeight: &one}); err != nil {
			t.Fatal(err)
		}
		if err := f.SaveAs(filepath.Join(dir, name+"_sheet.xlsx")); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []string{"zh", "en"} {
		for name, d := range map[string]sensitivity.Design{"ua": sensitivity.DesignUA, "saltelli": sensitivity.DesignSaltelli} {
			o := testOutput(t, l)
			o.Uncertainty = analyse(t, o, d, 40)
			write(o, name+"_"+l)
		}
	}
	o := benchOutput(t, 80, 12, 1)
	o.Uncertainty = analyse(t, o, sensitivity.DesignUA, 30)
	write(o, "ua80_zh")
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
