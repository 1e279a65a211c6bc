package indicators_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

func TestCompute(t *testing.T) {
	f, err := indicators.Parse([]byte(`
id: c
inputs:
  - {id: beds, unit: 张}
  - {id: pop, unit: 万人}
goals:
  - id: g
    indicators:
      - {id: beds_per_1k, direction: positive, formula: beds / pop / 10}
      - {id: double, direction: positive, formula: beds_per_1k * 2}
      - {id: direct, direction: positive, formula: beds * 0}
      - {id: nodata, direction: positive}
`), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tab := dataset.New()
	set := func(unit string, beds, pop, direct float64) {
		row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(unit), Year: 2023})
		tab.AddColumn("beds", "张", "").Set(row, beds, 0, dataset.Origin{File: "x.csv", Row: row + 2, Col: 2})
		tab.AddColumn("pop", "万人", "").Set(row, pop, 0, dataset.Origin{})
		tab.AddColumn("direct", "", "").Set(row, direct, 0, dataset.Origin{})
	}
	nan := math.NaN()
	set("A", 5000, 100, 7)
	set("B", 3000, 0, nan)
	set("C", nan, 50, 1)
	rep := f.Compute(tab)
	want := map[string]string{"beds_per_1k": "formula", "double": "formula", "direct": "data", "nodata": "none"}
	for id, from := range want {
		if rep.From[id] != from {
			t.Errorf("From[%s] = %q, want %q", id, rep.From[id], from)
		}
	}
	c := tab.Column("beds_per_1k")
	if v, ok := c.Value(0); !ok || v != 5 || c.Flags[0]&dataset.Computed == 0 {
		t.Errorf("A beds_per_1k = %v %v, flags %b", v, ok, c.Flags[0])
	}
	for row := 1; row <= 2; row++ {
		if _, ok := c.Value(row); ok {
			t.Errorf("row %d: want missing (division by zero, missing operand)", row)
		}
	}
	if v, _ := tab.Column("double").Value(0); v != 10 {
		t.Errorf("double = %v, want 10 (computed after beds_per_1k)", v)
	}
	if v, _ := tab.Column("direct").Value(0); v != 7 {
		t.Errorf("direct = %v, want the data's 7, not the formula", v)
	}
	if tab.Column("nodata") == nil {
		t.Error("indicator without data has no column")
	}
	if len(rep.Issues) != 1 || rep.Issues[0].Unit != "B" || rep.Issues[0].Kind != dataset.IssueDivisionByZero {
		t.Errorf("issues = %v, want one division by zero for B", rep.Issues)
	}
}

func TestComputeScreensValidRange(t *testing.T) {
	f, err := indicators.Parse([]byte(`
id: v
inputs:
  - {id: good_days, unit: "%", valid: [0, 100]}
goals:
  - id: g
    indicators:
      - {id: air, direction: positive, formula: good_days}
`), "v.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tab := dataset.New()
	for i, v := range []float64{87.5, 8030, 100, -1} {
		row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(string(rune('A' + i))), Year: 2023})
		tab.AddColumn("good_days", "%", "").Set(row, v, 0, dataset.Origin{File: "t.xlsx", Sheet: "S", Row: row + 5, Col: 3})
	}
	rep := f.Compute(tab)
	if len(rep.Issues) != 2 || rep.Issues[0].Unit != "B" || rep.Issues[0].Text != "8030" ||
		rep.Issues[0].Origin.String() != "t.xlsx#S!C6" || rep.Issues[1].Unit != "D" {
		t.Fatalf("issues = %v", rep.Issues)
	}
	c := tab.Column("good_days")
	if _, ok := c.Value(1); ok || c.Flags[1]&dataset.Invalid == 0 {
		t.Errorf("8030 %% kept: flags %b", c.Flags[1])
	}
	if v, ok := tab.Column("air").Value(2); !ok || v != 100 {
		t.Errorf("100 %% (the bound) = %v %v", v, ok)
	}
	if _, ok := tab.Column("air").Value(1); ok {
		t.Error("a formula used the out-of-range value")
	}
}

// deriveFramework has a resident population with three alternatives (two
// of basis resident, one registered), a per-capita indicator over it and an
// indicator whose primary is a published ratio.
const deriveFramework = `
id: d
inputs:
  - {id: gdp, unit: 亿元}
  - {id: gdp_pc, unit: 元}
  - {id: urban, unit: 万人}
  - {id: rate, unit: "%"}
  - {id: hukou, unit: 万人, basis: registered}
  - id: pop
    unit: 万人
    basis: resident
    valid: [1, 5000]
    derive:
      - gdp * 10000 / gdp_pc
      - urban * 100 / rate
      - {formula: hukou, basis: registered, note: a different population}
  - {id: beds, unit: 张}
goals:
  - id: g
    indicators:
      - {id: beds_per_1k, direction: positive, formula: beds / pop / 10}
      - {id: gdp_per_capita, direction: positive, basis: resident, formula: gdp_pc, derive: [gdp * 10000 / pop]}
`

func TestComputeDerive(t *testing.T) {
	f, err := indicators.Parse([]byte(deriveFramework), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	type in struct{ pop, gdp, gdpPC, urban, rate, hukou, beds float64 }
	tests := []struct {
		name  string
		basis string
		in    in
		// pop: value (NaN: missing), Via, flags, BasisUse source
		pop      float64
		via      int
		flags    dataset.Flag
		source   string
		bedsFlag dataset.Flag // flags of beds_per_1k
		gdppc    float64      // gdp_per_capita
		gdppcVia int
		issues   []string // kinds, in order
	}{
		{"primary present is used", "", in{100, 1000, 50000, 60, 60, 90, 5000},
			100, 0, 0, "data", dataset.Computed, 50000, 0, nil},
		{"missing primary: first alternative", "", in{nan, 1000, 50000, 60, 60, 90, 5000},
			200, 1, dataset.Computed | dataset.Derived, "gdp * 10000 / gdp_pc", dataset.Computed | dataset.Derived, 50000, 0,
			[]string{"derived"}},
		{"first alternative lacks an operand: second", "", in{nan, 1000, nan, 60, 60, 90, 5000},
			100, 2, dataset.Computed | dataset.Derived, "urban * 100 / rate", dataset.Computed | dataset.Derived, 100000, 1,
			[]string{"derived", "derived"}},
		{"division by zero: next alternative", "", in{nan, 1000, 0, 60, 60, 90, 5000},
			100, 2, dataset.Computed | dataset.Derived, "urban * 100 / rate", dataset.Computed | dataset.Derived, 0, 0,
			[]string{"division by zero", "derived"}},
		{"strict basis skips the registered alternative", "", in{nan, 1000, nan, nan, 60, 90, 5000},
			nan, 0, dataset.Missing, "missing", dataset.Missing, nan, 0, nil},
		{"any uses the registered alternative", "any", in{nan, 1000, nan, nan, 60, 90, 5000},
			90, 3, dataset.Computed | dataset.Derived, "hukou", dataset.Computed | dataset.Derived, 1000 * 10000.0 / 90, 1,
			[]string{"derived", "derived"}},
		{"another basis required: primary dropped", "registered", in{100, 1000, 50000, 60, 60, 90, 5000},
			90, 3, dataset.Computed | dataset.Derived, "hukou", dataset.Computed | dataset.Derived, nan, 0,
			[]string{"basis", "derived", "basis"}},
		{"out-of-range derived value is screened", "", in{nan, 1000, 1, nan, 60, 90, 5000},
			nan, 1, dataset.Missing | dataset.Invalid, "missing", dataset.Missing, 1, 0,
			[]string{"out of range"}},
		{"out-of-range derived value: next alternative", "", in{nan, 1000, 1, 60, 60, 90, 5000},
			100, 2, dataset.Computed | dataset.Derived, "urban * 100 / rate", dataset.Computed | dataset.Derived, 1, 0,
			[]string{"out of range", "derived"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := dataset.New()
			row, _ := tab.AddRow(dataset.Key{Unit: "A", Year: 2023})
			for i, cv := range []struct {
				id string
				v  float64
			}{{"pop", tc.in.pop}, {"gdp", tc.in.gdp}, {"gdp_pc", tc.in.gdpPC}, {"urban", tc.in.urban},
				{"rate", tc.in.rate}, {"hukou", tc.in.hukou}, {"beds", tc.in.beds}} {
				tab.AddColumn(dataset.VariableID(cv.id), "", "").Set(row, cv.v, 0, dataset.Origin{File: "t.csv", Row: 2, Col: i + 2})
			}
			rep := f.ComputeWith(tab, indicators.ComputeOptions{Basis: tc.basis})
			pop := tab.Column("pop")
			if v := pop.Values[row]; !same(v, tc.pop) || pop.Flags[row] != tc.flags {
				t.Errorf("pop = %v, flags %06b; want %v, flags %06b", v, pop.Flags[row], tc.pop, tc.flags)
			}
			if via := viaAt(pop, row); via != tc.via {
				t.Errorf("pop via %d, want %d", via, tc.via)
			}
			if d := pop.DerivationAt(row); tc.via > 0 && (d == nil || d.Formula != f.Variable("pop").Derive[tc.via-1].Formula.Text) {
				t.Errorf("pop DerivationAt = %+v", d)
			}
			var srcs []string
			for _, u := range rep.Bases {
				if u.Variable == "pop" {
					srcs = append(srcs, u.Source)
					if u.Year != 2023 || u.Units != 1 {
						t.Errorf("basis use %+v", u)
					}
				}
			}
			if len(srcs) != 1 || srcs[0] != tc.source {
				t.Errorf("pop sources %q, want %q", srcs, tc.source)
			}
			if fl := tab.Column("beds_per_1k").Flags[row]; fl != tc.bedsFlag {
				t.Errorf("beds_per_1k flags %06b, want %06b", fl, tc.bedsFlag)
			}
			g := tab.Column("gdp_per_capita")
			if v := g.Values[row]; !same(v, tc.gdppc) || viaAt(g, row) != tc.gdppcVia {
				t.Errorf("gdp_per_capita = %v via %d, want %v via %d", v, viaAt(g, row), tc.gdppc, tc.gdppcVia)
			}
			var kinds []string
			for _, is := range rep.Issues {
				kinds = append(kinds, is.Kind.String())
			}
			if strings.Join(kinds, ",") != strings.Join(tc.issues, ",") {
				t.Errorf("issues %v, want kinds %q", rep.Issues, tc.issues)
			}
			derived := 0
			for _, k := range tc.issues {
				if k == "derived" {
					derived++
				}
			}
			if n := rep.Derived["pop"] + rep.Derived["gdp_per_capita"]; n != derived {
				t.Errorf("Derived = %v, want %d in all", rep.Derived, derived)
			}
		})
	}
}

func same(a, b float64) bool {
	return a == b || math.IsNaN(a) && math.IsNaN(b) || math.Abs(a-b) <= 1e-9*math.Abs(b)
}

func viaAt(c *dataset.Column, row int) int {
	if c.Via == nil {
		return 0
	}
	return int(c.Via[row])
}

// TestComputeDeriveShenyang is the case that motivated derive: the 2024
// yearbook leaves 沈阳's 常住人口 blank but prints its GDP (8,122 亿元) and
// GDP per capita (88,519 元): population = 8122 × 10⁴ ÷ 88519 ≈ 917.5 万人.
func TestComputeDeriveShenyang(t *testing.T) {
	f, err := indicators.Parse([]byte(deriveFramework), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tab := dataset.New()
	row, _ := tab.AddRow(dataset.Key{Unit: "沈阳市", Year: 2023})
	tab.AddColumn("pop", "万人", "全市").Set(row, math.NaN(), dataset.Missing, dataset.Origin{File: "2-1.xlsx", Sheet: "Sheet1", Row: 5, Col: 2})
	tab.AddColumn("gdp", "亿元", "全市").Set(row, 8122, 0, dataset.Origin{File: "2-6.xlsx", Sheet: "Sheet1", Row: 5, Col: 3})
	tab.AddColumn("gdp_pc", "元", "全市").Set(row, 88519, 0, dataset.Origin{File: "2-6.xlsx", Sheet: "Sheet1", Row: 5, Col: 5})
	tab.AddColumn("beds", "张", "全市").Set(row, 60000, 0, dataset.Origin{File: "2-23.xlsx", Sheet: "Sheet1", Row: 5, Col: 2})
	rep := f.Compute(tab)

	want := 8122 * 10000.0 / 88519
	pop := tab.Column("pop")
	v, ok := pop.Value(row)
	if !ok || math.Abs(v-want) > 1e-9*want || math.Abs(v-917.5) > 0.05 {
		t.Fatalf("沈阳 population = %v %v, want %v", v, ok, want)
	}
	if pop.Origin(row) != (dataset.Origin{}) {
		t.Errorf("derived value keeps the blank cell's origin %v", pop.Origin(row))
	}
	if got := origins(tab.Sources("pop", row)); got != "2-6.xlsx#Sheet1!C5, 2-6.xlsx#Sheet1!E5" {
		t.Errorf("Sources(pop) = %s", got)
	}
	if got := origins(tab.Sources("beds_per_1k", row)); got != "2-23.xlsx#Sheet1!B5, 2-6.xlsx#Sheet1!C5, 2-6.xlsx#Sheet1!E5" {
		t.Errorf("Sources(beds_per_1k) = %s", got)
	}
	var derived []dataset.Issue
	for _, is := range rep.Issues {
		if is.Kind == dataset.IssueDerived {
			derived = append(derived, is)
		}
	}
	if len(derived) != 1 {
		t.Fatalf("derived issues %v, want one", derived)
	}
	is := derived[0]
	wantMsg := "derived by gdp * 10000 / gdp_pc (basis resident) = 917.543 万人 ← 2-6.xlsx#Sheet1!C5, 2-6.xlsx#Sheet1!E5"
	if is.Unit != "沈阳市" || is.Year != 2023 || is.Variable != "pop" || is.Origin.String() != "2-6.xlsx#Sheet1!C5" || is.Msg != wantMsg {
		t.Errorf("issue = %+v\nwant msg %s", is, wantMsg)
	}
	if b, ok := tab.Column("beds_per_1k").Value(row); !ok || math.Abs(b-60000/want/10) > 1e-9 {
		t.Errorf("beds_per_1k = %v", b)
	}
	// gdp_per_capita keeps the published figure: no derivation.
	if g, _ := tab.Column("gdp_per_capita").Value(row); g != 88519 || tab.Column("gdp_per_capita").Flags[row]&dataset.Derived != 0 {
		t.Errorf("gdp_per_capita = %v flags %b", g, tab.Column("gdp_per_capita").Flags[row])
	}
	if rep.From["gdp_per_capita"] != indicators.FromFormula || rep.Derived["pop"] != 1 {
		t.Errorf("From %v, Derived %v", rep.From, rep.Derived)
	}
}

func origins(os []dataset.Origin) string {
	var s []string
	for _, o := range os {
		s = append(s, o.String())
	}
	return strings.Join(s, ", ")
}

// TestComputeBasisUses checks the per-year counts of each source and the
// basis issue's message.
func TestComputeBasisUses(t *testing.T) {
	f, err := indicators.Parse([]byte(deriveFramework), "d.yaml")
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	tab := dataset.New()
	for i, r := range []struct {
		unit              string
		year              int
		pop, gdp, pc, huk float64
	}{
		{"A", 2022, 100, 1000, 50000, 90},
		{"B", 2022, nan, 1000, 50000, 90},
		{"C", 2022, nan, nan, nan, 90},
		{"A", 2023, nan, 1000, 50000, 90},
	} {
		row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(r.unit), Year: r.year})
		tab.AddColumn("pop", "万人", "").Set(row, r.pop, 0, dataset.Origin{File: "p.csv", Row: i + 2, Col: 2})
		tab.AddColumn("gdp", "亿元", "").Set(row, r.gdp, 0, dataset.Origin{})
		tab.AddColumn("gdp_pc", "元", "").Set(row, r.pc, 0, dataset.Origin{})
		tab.AddColumn("hukou", "万人", "").Set(row, r.huk, 0, dataset.Origin{})
	}
	var got []string
	rep := f.Compute(tab)
	for _, u := range rep.Bases {
		got = append(got, fmt.Sprintf("%d %s %s %s %d", u.Year, u.Variable, u.Source, u.Basis, u.Units))
	}
	want := []string{
		"2022 hukou data registered 3",
		"2022 pop data resident 1",
		"2022 pop gdp * 10000 / gdp_pc resident 1",
		"2022 pop missing  1",
		"2022 gdp_per_capita formula resident 2",
		"2022 gdp_per_capita missing  1",
		"2023 hukou data registered 1",
		"2023 pop gdp * 10000 / gdp_pc resident 1",
		"2023 gdp_per_capita formula resident 1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Bases:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	rep = f.ComputeWith(tab.Select(func(dataset.Key) bool { return true }), indicators.ComputeOptions{Basis: "resident"})
	var msgs []string
	for _, is := range rep.Issues {
		if is.Kind == dataset.IssueBasis {
			msgs = append(msgs, fmt.Sprintf("%d %s: %s", is.Year, is.Variable, is.Msg))
		}
	}
	wantMsgs := []string{
		"2022 hukou: 3 values of hukou in 2022 not used: their basis is registered, the profile requires basis resident",
		"2023 hukou: 1 values of hukou in 2023 not used: their basis is registered, the profile requires basis resident",
	}
	if strings.Join(msgs, "\n") != strings.Join(wantMsgs, "\n") {
		t.Errorf("basis issues:\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(wantMsgs, "\n"))
	}
}

func TestNeeds(t *testing.T) {
	f, err := indicators.Parse([]byte(`id: f
inputs:
  - {id: pop, unit: 万人}
  - {id: beds, unit: 张}
  - {id: docs, unit: 人}
goals:
  - id: g
    indicators:
      - {id: beds_per_1k, direction: positive, formula: beds / pop / 10}
      - {id: care, direction: positive, formula: (beds + docs) / pop}
      - {id: ratio, direction: positive, formula: care / beds_per_1k}
      - {id: survey, direction: positive}
`), "f.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ids := func(vs []*indicators.Variable) string {
		var s []string
		for _, v := range vs {
			s = append(s, v.ID)
		}
		return strings.Join(s, ",")
	}
	have := func(ids ...string) func(string) bool {
		return func(id string) bool { return slices.Contains(ids, id) }
	}
	for _, tc := range []struct {
		ind  string
		have []string
		want string
	}{
		{"beds_per_1k", nil, "beds,pop"},
		{"beds_per_1k", []string{"pop"}, "beds"},
		{"ratio", []string{"pop"}, "beds,docs"}, // through care and beds_per_1k, each input once
		{"ratio", []string{"care"}, "beds,pop"},
		{"survey", nil, "survey"},
	} {
		got := ids(f.Needs(f.Variable(tc.ind).Indicator, have(tc.have...)))
		if got != tc.want {
			t.Errorf("%s with %v: needs %s, want %s", tc.ind, tc.have, got, tc.want)
		}
	}
}

// TestComputeInputFormula checks an input computed from two inputs
// (城区人口 + 城区暂住人口): flagged Computed, not Derived, traced to both
// cells, used by the indicator above it; a data column of the input with a
// value wins for the whole column, as it does for an indicator.
func TestComputeInputFormula(t *testing.T) {
	f, err := indicators.LoadFile("testdata/input-formula.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	build := func(direct []float64) *dataset.Table {
		tab := dataset.New()
		for i, r := range []struct {
			unit             string
			res, temp, green float64
		}{
			{"深圳市", 1766.2, 0, 2000},
			{"广州市", 1500, 300, 3600},
			{"珠海市", 200, nan, 500},
		} {
			row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(r.unit), Year: 2023})
			o := func(col int) dataset.Origin { return dataset.Origin{File: "jianshe.csv", Row: i + 2, Col: col} }
			tab.AddColumn("urban_area_resident_pop", "万人", "城区").Set(row, r.res, 0, o(2))
			tab.AddColumn("urban_area_temp_pop", "万人", "城区").Set(row, r.temp, 0, o(3))
			tab.AddColumn("park_green_area_urban", "公顷", "城区").Set(row, r.green, 0, o(4))
			if direct != nil {
				tab.AddColumn("urban_area_population", "万人", "城区").Set(row, direct[i], 0, dataset.Origin{File: "direct.csv", Row: i + 2, Col: 2})
			}
		}
		return tab
	}

	tab := build(nil)
	rep := f.Compute(tab)
	c := tab.Column("urban_area_population")
	if c == nil || c.Formula != "urban_area_resident_pop + urban_area_temp_pop" || c.Unit != "万人" || c.Scope != "城区" {
		t.Fatalf("column %+v", c)
	}
	for row, want := range []float64{1766.2, 1800, nan} {
		v, ok := c.Value(row)
		switch {
		case math.IsNaN(want) && ok:
			t.Errorf("row %d = %v, want missing (an operand is missing)", row, v)
		case !math.IsNaN(want) && (!ok || v != want || c.Flags[row] != dataset.Computed):
			t.Errorf("row %d = %v %v flags %b, want %v Computed", row, v, ok, c.Flags[row], want)
		}
	}
	if got := origins(tab.Sources("urban_area_population", 1)); got != "jianshe.csv!B3, jianshe.csv!C3" {
		t.Errorf("Sources = %s", got)
	}
	if got := origins(tab.Sources("park_green_per_capita_calc", 1)); got != "jianshe.csv!D3, jianshe.csv!B3, jianshe.csv!C3" {
		t.Errorf("Sources(indicator) = %s", got)
	}
	if v, _ := tab.Column("park_green_per_capita_calc").Value(1); v != 2 {
		t.Errorf("park_green_per_capita_calc = %v, want 3600 / 1800 = 2", v)
	}
	if rep.From["urban_area_population"] != indicators.FromFormula || rep.Derived["urban_area_population"] != 0 {
		t.Errorf("From %v Derived %v", rep.From, rep.Derived)
	}

	// A file giving the input directly wins, for the whole column: the
	// blank cell of 珠海市 is not filled by the formula.
	tab = build([]float64{1800, 1850, nan})
	rep = f.Compute(tab)
	c = tab.Column("urban_area_population")
	if v, _ := c.Value(0); v != 1800 || c.Flags[0] != 0 || c.Formula != "" {
		t.Errorf("direct value %v flags %b formula %q", v, c.Flags[0], c.Formula)
	}
	if _, ok := c.Value(2); ok {
		t.Error("the formula filled a blank cell of a column with data")
	}
	if got := origins(tab.Sources("urban_area_population", 1)); got != "direct.csv!B3" {
		t.Errorf("Sources = %s", got)
	}
	if rep.From["urban_area_population"] != indicators.FromData {
		t.Errorf("From %v", rep.From)
	}

	// Without operands the input gets no column.
	tab = dataset.New()
	tab.AddRow(dataset.Key{Unit: "深圳市", Year: 2023})
	rep = f.Compute(tab)
	if tab.Column("urban_area_population") != nil || rep.From["urban_area_population"] != indicators.NoData {
		t.Errorf("column %+v, From %v", tab.Column("urban_area_population"), rep.From)
	}
}

// TestComputeValidRange: a value computed by a formula outside the
// indicator's valid range is left missing, flagged Invalid and reported
// with the cells it came from.
func TestComputeValidRange(t *testing.T) {
	f, err := indicators.Parse([]byte(`id: f
inputs:
  - {id: edu, unit: 万元}
  - {id: spend, unit: 万元}
goals:
  - id: g
    indicators:
      - {id: edu_share, direction: positive, unit: "%", valid: [0, 100], formula: edu / spend * 100}
`), "f.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tab := dataset.New()
	for i, v := range [][2]float64{{20, 100}, {160, 100}} {
		row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(fmt.Sprint("u", i)), Year: 2023})
		tab.AddColumn("edu", "万元", "").Set(row, v[0], 0, dataset.Origin{File: "d.csv", Row: row + 2, Col: 2})
		tab.AddColumn("spend", "万元", "").Set(row, v[1], 0, dataset.Origin{File: "d.csv", Row: row + 2, Col: 3})
	}
	rep := f.Compute(tab)
	c := tab.Column("edu_share")
	if v, ok := c.Value(0); !ok || v != 20 {
		t.Errorf("u0 = %v", v)
	}
	if _, ok := c.Value(1); ok || c.Flags[1]&dataset.Invalid == 0 {
		t.Errorf("u1 = %v (flags %v), want missing and invalid", c.Values[1], c.Flags[1])
	}
	var msgs []string
	for _, is := range rep.Issues {
		if is.Kind == dataset.IssueOutOfRange {
			msgs = append(msgs, is.String())
		}
	}
	if want := `d.csv!B3: u1 2023: edu_share: out of range: computed by edu / spend * 100: outside the valid range [0, 100] of edu_share (%); left missing ← d.csv!B3, d.csv!C3 "160"`; strings.Join(msgs, "\n") != want {
		t.Errorf("issues:\n%s\nwant\n%s", strings.Join(msgs, "\n"), want)
	}
}
