package scoring_test

import (
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// panelTable builds a table from values[unit][year index][variable].
func panelTable(units []string, years []int, vars []string, values [][][]float64) *dataset.Table {
	t := dataset.New()
	for u, id := range units {
		for k, y := range years {
			row, _ := t.AddRow(dataset.Key{Unit: dataset.UnitID(id), Year: y})
			for j, v := range vars {
				t.AddColumn(dataset.VariableID(v), "", "").Set(row, values[u][k][j], 0, dataset.Origin{})
			}
		}
	}
	return t
}

func unitScore(t *testing.T, y *scoring.YearResult, node int, unit string) float64 {
	t.Helper()
	u, ok := y.Unit(dataset.UnitID(unit))
	if !ok {
		t.Fatalf("no unit %s in %d", unit, y.Year)
	}
	return y.Scores[node][u]
}

// TestPooledKeepsUnchangedScore: with pooled normalisation a city whose
// indicators do not change keeps its score, while the others move.
func TestPooledKeepsUnchangedScore(t *testing.T) {
	s := smallSchema(t)
	vars := []string{"a", "b", "c", "e"}
	tab := panelTable([]string{"Same", "Up", "Down"}, []int{2020, 2021, 2022}, vars, [][][]float64{
		{{5, 5, 5, 5}, {5, 5, 5, 5}, {5, 5, 5, 5}},
		{{1, 2, 3, 9}, {4, 6, 6, 7}, {9, 9, 9, 1}},
		{{9, 9, 9, 1}, {6, 6, 4, 3}, {2, 1, 1, 8}},
	})
	opt := scoring.DefaultOptions()
	opt.Normalize.Pooled = true
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	first := unitScore(t, res.Years[0], 0, "Same")
	for _, y := range res.Years[1:] {
		if got := unitScore(t, y, 0, "Same"); got != first {
			t.Errorf("%d: unchanged city scores %v, was %v", y.Year, got, first)
		}
	}
	// Year by year, the same city's score moves with the others.
	opt.Normalize.Pooled = false
	res2, _ := scoring.Run(s, tab, opt)
	if unitScore(t, res2.Years[0], 0, "Same") == unitScore(t, res2.Years[2], 0, "Same") {
		t.Error("per-year normalisation should move the unchanged city")
	}
	// Changes: "Up" rose from 2020 to 2021.
	y := res.Years[1]
	u, _ := y.Unit("Up")
	if !(y.ScoreChange[0][u] > 0) || y.RankChange[0][u] <= 0 {
		t.Errorf("Up: score change %v, rank change %v", y.ScoreChange[0][u], y.RankChange[0][u])
	}
	if !math.IsNaN(res.Years[0].ScoreChange[0][u]) {
		t.Error("a first year has no change")
	}
	// CAGR of a from 1 to 9 over 2020–2022: 3^(1) − 1 = 2.
	a := node(t, s, "a")
	if got := res.Years[2].CAGR[a][u]; math.Abs(got-2) > 1e-12 {
		t.Errorf("CAGR of a = %v, want 2", got)
	}
}

func TestPanelImputeAndScreen(t *testing.T) {
	s := smallSchema(t)
	nan := math.NaN()
	vars := []string{"a", "b", "c", "e"}
	tab := panelTable([]string{"A", "B", "C"}, []int{2020, 2021, 2022}, vars, [][][]float64{
		{{1, 2, 3, 4}, {nan, 3, 4, 5}, {3, 4, 5, 6}},
		{{2, nan, nan, nan}, {3, 4, 5, 6}, {4, 5, 6, 7}},
		{{5, 6, 7, 8}, {6, 7, 8, 9}, {nan, 8, 9, 10}},
	})
	opt := scoring.DefaultOptions()
	opt.Impute = scoring.ImputeSpec{Method: composite.ImputeInterpolate}
	opt.MinCoverage = 0.5
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	a := node(t, s, "a")
	y21 := res.Years[1]
	uA, _ := y21.Unit("A")
	if v := y21.Processed[a][uA]; v != 2 || !y21.Imputed[a][uA] {
		t.Errorf("A 2021 a = %v (imputed %v), want 2 by interpolation", v, y21.Imputed[a][uA])
	}
	if !math.IsNaN(y21.Raw[a][uA]) {
		t.Error("Raw must keep the data as given")
	}
	// C 2022 has no later year: no extrapolation.
	y22 := res.Years[2]
	uC, _ := y22.Unit("C")
	if !math.IsNaN(y22.Processed[a][uC]) {
		t.Errorf("C 2022 a = %v, want missing (no extrapolation)", y22.Processed[a][uC])
	}
	// B 2020 has 1 of 4 indicators: below min_coverage 0.5, excluded.
	y20 := res.Years[0]
	uB, _ := y20.Unit("B")
	if !strings.Contains(y20.Excluded[uB].En, "below missing.min_coverage 0.5") || !math.IsNaN(y20.Scores[0][uB]) || y20.Ranks[0][uB] != 0 {
		t.Errorf("B 2020: excluded %q, score %v, rank %d", y20.Excluded[uB], y20.Scores[0][uB], y20.Ranks[0][uB])
	}
}

func TestTargetsAndTrends(t *testing.T) {
	s, _ := dataset.NewSchema("t", "1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1},
		{ID: "g", Level: dataset.LevelGoal, Parent: 0, Weight: 1},
		{ID: "air", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "air", Targets: map[int]float64{2030: 90}},
		{ID: "pm", Level: dataset.LevelIndicator, Parent: 1, Weight: 1, Variable: "pm", Direction: dataset.Negative},
	})
	tab := panelTable([]string{"Fast", "Slow", "Worse"}, []int{2020, 2022}, []string{"air", "pm"}, [][][]float64{
		{{70, 40}, {80, 30}}, // +5/yr, needs 20/10 = 2/yr → on track
		{{70, 40}, {71, 35}}, // +0.5/yr < 1 (half of 2) → stagnating
		{{70, 40}, {60, 50}}, // decreasing
	})
	opt := scoring.DefaultOptions()
	opt.Targets.Values = map[string]map[int]float64{"pm": {2030: 25}} // a profile adds a target
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[1]
	air := y.Targets[node(t, s, "air")]
	if air == nil || air.TargetYear != 2030 || air.Target != 90 || air.Worst != 60 {
		t.Fatalf("air target %+v", air)
	}
	want := map[string]composite.TrendClass{"Fast": composite.TrendOnTrack, "Slow": composite.TrendStagnating, "Worse": composite.TrendDecreasing}
	for unit, c := range want {
		u, _ := y.Unit(dataset.UnitID(unit))
		if air.Trend[u] != c {
			t.Errorf("%s: trend %v, want %v", unit, air.Trend[u], c)
		}
	}
	u, _ := y.Unit("Fast")
	if a := air.Achievement[u]; math.Abs(a-(80-60)/(90-60.0)) > 1e-15 || air.Rating[u] != composite.RatingOrange {
		t.Errorf("Fast: achievement %v rating %v", a, air.Rating[u])
	}
	pm := y.Targets[node(t, s, "pm")]
	if pm == nil || pm.Worst != 50 || pm.Target != 25 { // lower is better: the worst is the highest
		t.Fatalf("pm target %+v", pm)
	}
	if g := y.Goals[node(t, s, "g")]; g == nil || g[u].Rated != 2 {
		t.Errorf("goal roll-up %+v", g)
	}
}
