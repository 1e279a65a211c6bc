package scoring_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// smallSchema: index → g1 (d1: a, b; d2: c) and g2 (direct: e negative).
func smallSchema(t testing.TB) *dataset.Schema {
	t.Helper()
	s, err := dataset.NewSchema("small", "1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1, Weight: 1},
		{ID: "g1", Level: dataset.LevelGoal, Parent: 0, Weight: 3},
		{ID: "d1", Level: dataset.LevelDimension, Parent: 1, Weight: 1},
		{ID: "a", Level: dataset.LevelIndicator, Parent: 2, Weight: 1, Variable: "a"},
		{ID: "b", Level: dataset.LevelIndicator, Parent: 2, Weight: 3, Variable: "b"},
		{ID: "d2", Level: dataset.LevelDimension, Parent: 1, Weight: 1},
		{ID: "c", Level: dataset.LevelIndicator, Parent: 5, Weight: 1, Variable: "c"},
		{ID: "g2", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "e", Level: dataset.LevelIndicator, Parent: 7, Weight: 1, Variable: "e", Direction: dataset.Negative},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// table builds a one-year table: values[unit][variable].
func table(year int, units []string, vars []string, values [][]float64) *dataset.Table {
	t := dataset.New()
	for i, u := range units {
		row, _ := t.AddRow(dataset.Key{Unit: dataset.UnitID(u), Year: year})
		for j, v := range vars {
			t.AddColumn(dataset.VariableID(v), "", "").Set(row, values[i][j], 0, dataset.Origin{})
		}
	}
	return t
}

func node(t testing.TB, s *dataset.Schema, id string) int {
	i, ok := s.Index(id)
	if !ok {
		t.Fatalf("no node %s", id)
	}
	return i
}

// handTable is the table of TestRunHandComputed: units A, B and C, with
// B's c missing.
func handTable() *dataset.Table {
	nan := math.NaN()
	return table(2023, []string{"A", "B", "C"}, []string{"a", "b", "c", "e"}, [][]float64{
		{0, 10, 5, 1},
		{5, 20, nan, 3},
		{10, 0, 1, 2},
	})
}

func TestRunHandComputed(t *testing.T) {
	s := smallSchema(t)
	nan := math.NaN()
	tab := handTable()
	res, err := scoring.Run(s, tab, scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	// Normalised (min-max 0–100): a = 0, 50, 100; b = 50, 100, 0;
	// c = 100, –, 0; e (negative: −1, −3, −2) = 100, 0, 50.
	// d1 = (1·a + 3·b)/4: 37.5, 87.5, 25. d2 = c: 100, –, 0.
	// g1 = mean(d1, d2) with B's d2 missing: 68.75, 87.5, 12.5.
	// g2 = e. index = (3·g1 + g2)/4: 76.5625, 65.625, 21.875.
	want := map[string][]float64{
		"a": {0, 50, 100}, "b": {50, 100, 0}, "c": {100, nan, 0}, "e": {100, 0, 50},
		"d1": {37.5, 87.5, 25}, "d2": {100, nan, 0}, "g1": {68.75, 87.5, 12.5}, "g2": {100, 0, 50},
		"index": {76.5625, 65.625, 21.875},
	}
	for id, w := range want {
		got := y.Scores[node(t, s, id)]
		for u := range w {
			if !(got[u] == w[u] || math.IsNaN(got[u]) && math.IsNaN(w[u])) {
				t.Errorf("%s = %v, want %v", id, got, w)
				break
			}
		}
	}
	if r := y.Ranks[0]; r[0] != 1 || r[1] != 2 || r[2] != 3 {
		t.Errorf("index ranks = %v", r)
	}
	if r := y.Ranks[node(t, s, "c")]; r[1] != 0 {
		t.Errorf("missing value ranked: %v", r)
	}
	// Effective weights: g1 = 3/4, d1 = 3/4·1/2, b = 3/4·1/2·3/4.
	if got := y.Effective[node(t, s, "b")]; math.Abs(got-0.75*0.5*0.75) > 1e-15 {
		t.Errorf("effective weight of b = %v", got)
	}
	if got := y.Coverage(node(t, s, "g1")); got[1] != 2.0/3 || got[0] != 1 {
		t.Errorf("coverage of g1 = %v", got)
	}
}

func TestRunMaxMissingShare(t *testing.T) {
	s := smallSchema(t)
	nan := math.NaN()
	tab := table(0, []string{"A", "B", "C"}, []string{"a", "b", "c", "e"}, [][]float64{
		{0, 10, 5, 1}, {5, nan, 3, 3}, {10, 0, 1, 2},
	})
	opt := scoring.DefaultOptions()
	opt.MaxMissingShare = 0.5 // B misses b: 3/4 of d1's weight
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	d1 := res.Years[0].Scores[node(t, s, "d1")]
	if !math.IsNaN(d1[1]) || math.IsNaN(d1[0]) {
		t.Errorf("d1 = %v: want B missing (3/4 of weight missing > 0.5)", d1)
	}
	opt.MaxMissingShare = 0.75 // not more than 0.75: scored
	res, _ = scoring.Run(s, tab, opt)
	if d1 := res.Years[0].Scores[node(t, s, "d1")]; math.IsNaN(d1[1]) {
		t.Errorf("d1 = %v: want B scored at max_share 0.75", d1)
	}
}

func TestRunGeometricNonPositive(t *testing.T) {
	s := smallSchema(t)
	tab := table(2020, []string{"A", "B"}, []string{"a", "b", "c", "e"}, [][]float64{{0, 10, 5, 1}, {5, 20, 4, 3}})
	opt := scoring.DefaultOptions()
	opt.Aggregate.Indicators.Method = scoring.AggGeometric // min-max [0,100] gives zeros
	_, err := scoring.Run(s, tab, opt)
	var ae *scoring.AggregateError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *AggregateError", err)
	}
	// Aggregates are scored children first, last node first: g2 meets B's e = 0.
	for _, part := range []string{`"g2"`, `"B"`, "2020", "geometric", "e = 0"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not name %s", err, part)
		}
	}
	opt.Normalize.Range = [2]float64{1, 100}
	if _, err := scoring.Run(s, tab, opt); err != nil {
		t.Errorf("geometric on [1, 100]: %v", err)
	}
}

func TestRunWeights(t *testing.T) {
	s := smallSchema(t)
	tab := table(0, []string{"A", "B"}, []string{"a", "b", "c", "e"}, [][]float64{{0, 10, 5, 1}, {5, 20, 4, 3}})
	opt := scoring.DefaultOptions()
	opt.Weights.Indicators.Method = scoring.WeightEqual
	opt.Weights.Goals = scoring.WeightSpec{Method: scoring.WeightManual, Values: map[string]float64{"g1": 1, "g2": 4}}
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	for id, want := range map[string]float64{"a": 0.5, "b": 0.5, "g1": 0.2, "g2": 0.8, "d1": 0.5} {
		if got := y.Weights[node(t, s, id)]; math.Abs(got-want) > 1e-15 {
			t.Errorf("weight of %s = %v, want %v", id, got, want)
		}
	}
	if res.WeightMethod[node(t, s, "g2")] != scoring.WeightManual {
		t.Errorf("method of g2 = %v", res.WeightMethod[node(t, s, "g2")])
	}

	// A node left out keeps its framework weight: g2 (framework 1) vs g1 3.
	opt.Weights.Goals.Values = map[string]float64{"g1": 3}
	res, err = scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	if g2 := res.Years[0].Weights[node(t, s, "g2")]; g2 != 0.25 {
		t.Errorf("g2 unlisted = %v, want 1/(3+1)", g2)
	}
	opt.Weights.Goals.Values = map[string]float64{"g1": 1, "zz": 2}
	if _, err := scoring.Run(s, tab, opt); err == nil || !strings.Contains(err.Error(), `"zz" is not a node`) {
		t.Errorf("manual weight on an unknown node: err = %v", err)
	}
}

func TestRunInvariants(t *testing.T) {
	s := smallSchema(t)
	units := []string{"A", "B", "C", "D"}
	vals := [][]float64{{1, 7, 3, 9}, {4, 2, 8, 1}, {9, 9, 1, 4}, {2, 5, 6, 6}}
	base, err := scoring.Run(s, table(0, units, []string{"a", "b", "c", "e"}, vals), scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// Permuting units permutes scores.
	perm := []int{2, 0, 3, 1}
	pu := make([]string, 4)
	pv := make([][]float64, 4)
	for i, p := range perm {
		pu[i], pv[i] = units[p], vals[p]
	}
	permuted, err := scoring.Run(s, table(0, pu, []string{"a", "b", "c", "e"}, pv), scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range perm {
		if permuted.Years[0].Scores[0][i] != base.Years[0].Scores[0][p] {
			t.Errorf("unit %s: %v vs %v", units[p], permuted.Years[0].Scores[0][i], base.Years[0].Scores[0][p])
		}
	}
	// A negative indicator reverses its normalised order.
	e := node(t, s, "e")
	ze := base.Years[0].Scores[e]
	if !(ze[1] > ze[2] && ze[2] > ze[0]) { // raw e: 9, 1, 4, 6 → best is B (1)
		t.Errorf("negative indicator normalised = %v", ze)
	}
	// Effective weights of the indicators sum to 1.
	sum := 0.0
	for _, i := range s.Indicators() {
		sum += base.Years[0].Effective[i]
	}
	if math.Abs(sum-1) > 1e-15 {
		t.Errorf("effective indicator weights sum to %v", sum)
	}
}

func TestRunConstantIndicator(t *testing.T) {
	s := smallSchema(t)
	tab := table(0, []string{"A", "B"}, []string{"a", "b", "c", "e"}, [][]float64{{1, 10, 5, 7}, {1, 20, 4, 3}})
	res, err := scoring.Run(s, tab, scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Issues) != 1 || res.Issues[0].Variable != "a" {
		t.Fatalf("issues = %v, want one for constant a", res.Issues)
	}
	a := res.Years[0].Scores[node(t, s, "a")]
	if !math.IsNaN(a[0]) || !math.IsNaN(a[1]) {
		t.Errorf("constant a normalised = %v, want missing", a)
	}
	if d1 := res.Years[0].Scores[node(t, s, "d1")]; d1[0] != 0 || d1[1] != 100 {
		t.Errorf("d1 = %v, want b alone", d1)
	}
}

func TestRunPanelYearByYear(t *testing.T) {
	s := smallSchema(t)
	tab := dataset.New()
	set := func(u string, year int, vals ...float64) {
		row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(u), Year: year})
		for j, v := range []string{"a", "b", "c", "e"} {
			tab.AddColumn(dataset.VariableID(v), "", "").Set(row, vals[j], 0, dataset.Origin{})
		}
	}
	set("A", 2021, 1, 1, 1, 1)
	set("B", 2021, 2, 2, 2, 2)
	set("A", 2022, 5, 5, 5, 5)
	set("B", 2022, 3, 3, 3, 3)
	set("C", 2022, 4, 4, 4, 4)
	var progress []int
	opt := scoring.DefaultOptions()
	opt.Progress = func(done, total int) { progress = append(progress, done, total) }
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Years) != 2 || res.Years[0].Year != 2021 || len(res.Years[1].Units) != 3 {
		t.Fatalf("years: %+v", res.Years)
	}
	if a := res.Years[0].Scores[node(t, s, "a")]; a[0] != 0 || a[1] != 100 {
		t.Errorf("2021 a = %v: each year is normalised on its own", a)
	}
	if len(progress) != 4 || progress[3] != 2 {
		t.Errorf("progress = %v", progress)
	}
}

func TestRunOptionErrors(t *testing.T) {
	s := smallSchema(t)
	tab := table(0, []string{"A", "B"}, []string{"a", "b", "c", "e"}, [][]float64{{1, 10, 5, 7}, {2, 20, 4, 3}})
	tests := []struct {
		name string
		edit func(*scoring.Options)
		want string
	}{
		{"bad range", func(o *scoring.Options) { o.Normalize.Range = [2]float64{100, 0} }, "lower bound"},
		{"bad sd", func(o *scoring.Options) {
			o.Normalize = scoring.Normalize{NormalizeSpec: scoring.NormalizeSpec{Method: scoring.NormZScore}}
		}, "sd 0"},
		{"unknown override", func(o *scoring.Options) {
			o.Normalize.Overrides = map[string]scoring.NormalizeSpec{"zz": scoring.DefaultNormalizeSpec(scoring.NormRank)}
		}, `"zz" is not an indicator`},
		{"goalposts without posts", func(o *scoring.Options) { o.Normalize.Method = scoring.NormGoalposts }, "has no goalposts"},
		{"max share", func(o *scoring.Options) { o.MaxMissingShare = 2 }, "max_share"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := scoring.DefaultOptions()
			tc.edit(&opt)
			_, err := scoring.Run(s, tab, opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
	if _, err := scoring.Run(s, dataset.New(), scoring.DefaultOptions()); !errors.Is(err, scoring.ErrNoData) {
		t.Errorf("empty table: err = %v", err)
	}
}
