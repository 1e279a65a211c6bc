package scoring_test

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// TestRankRule checks who is ranked under each rule on the small tree:
// g1 has the indicators a, b, c and g2 has e.
func TestRankRule(t *testing.T) {
	s := smallSchema(t)
	nan := math.NaN()
	// Units A–E. c is held by 2 of 5 units (not counted at 50 %), the others
	// by 4 or 5. D lacks a and b (1 of g1's 2 counted: need 1 → ranked
	// under min 0.5, not under 1); E lacks e (g2: 0 of 1 → short).
	tab := table(2023, []string{"A", "B", "C", "D", "E"}, []string{"a", "b", "c", "e"}, [][]float64{
		{1, 10, 5, 1},
		{2, 20, nan, 3},
		{3, 5, 1, 2},
		{nan, 6, nan, 4},
		{5, 7, nan, nan},
	})
	tests := []struct {
		name    string
		rule    scoring.RankRule
		ranked  []bool
		short   map[string][]scoring.Shortfall // unit → shortfalls (node ids via node())
		counted []string
	}{
		{"none", scoring.RankRule{}, []bool{true, true, true, true, true}, nil, nil},
		{"goal 50%", scoring.DefaultRankRule(), []bool{true, true, true, true, false},
			map[string][]scoring.Shortfall{"E": {{Node: node(t, s, "g2"), Have: 0, Counted: 1, Need: 1}}},
			[]string{"a", "b", "e"}},
		{"goal 100%", scoring.RankRule{By: scoring.RuleGoal, Min: 1, Common: 0.5}, []bool{true, true, true, false, false},
			map[string][]scoring.Shortfall{
				"D": {{Node: node(t, s, "g1"), Have: 1, Counted: 2, Need: 2}},
				"E": {{Node: node(t, s, "g2"), Have: 0, Counted: 1, Need: 1}},
			}, []string{"a", "b", "e"}},
		// Over the index, E has 2 of 3 counted (need 2): ranked.
		{"index 60%", scoring.RankRule{By: scoring.RuleIndex, Min: 0.6, Common: 0.5}, []bool{true, true, true, true, true}, nil, []string{"a", "b", "e"}},
		// Common 0.3: c (2 of 5) counts too; g1 then needs 2 of 3 and D has 1.
		{"goal, common 30%", scoring.RankRule{By: scoring.RuleGoal, Min: 0.5, Common: 0.3}, []bool{true, true, true, false, false},
			map[string][]scoring.Shortfall{
				"D": {{Node: node(t, s, "g1"), Have: 1, Counted: 3, Need: 2}},
				"E": {{Node: node(t, s, "g2"), Have: 0, Counted: 1, Need: 1}},
			}, []string{"a", "b", "c", "e"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := scoring.DefaultOptions()
			opt.Rank = tc.rule
			res, err := scoring.Run(s, tab, opt)
			if err != nil {
				t.Fatal(err)
			}
			y := res.Years[0]
			var ranked []bool
			for u, st := range y.Status {
				ranked = append(ranked, st.Ranked)
				if want := tc.short[string(y.Units[u])]; !reflect.DeepEqual(st.Short, want) {
					t.Errorf("%s: short = %+v, want %+v", y.Units[u], st.Short, want)
				}
				// Scores do not depend on the rule; ranks are among the ranked.
				if math.IsNaN(y.Scores[0][u]) {
					t.Errorf("%s: no score", y.Units[u])
				}
				if !st.Ranked {
					for i := range s.Nodes {
						if y.Ranks[i][u] != 0 {
							t.Errorf("%s: not ranked but rank %d at %s", y.Units[u], y.Ranks[i][u], s.Nodes[i].ID)
						}
					}
				}
			}
			if !reflect.DeepEqual(ranked, tc.ranked) {
				t.Errorf("ranked = %v, want %v", ranked, tc.ranked)
			}
			// The ranks of the ranked units are 1..k with no gap left by the others.
			seen := map[int32]bool{}
			for u, r := range y.Ranks[0] {
				if y.Status[u].Ranked {
					seen[r] = true
				}
			}
			for r := int32(1); r <= int32(y.Ranked()); r++ {
				if !seen[r] {
					t.Errorf("index ranks %v skip %d", y.Ranks[0], r)
				}
			}
			var counted []string
			for _, i := range s.Indicators() {
				if y.Counted != nil && y.Counted[i] {
					counted = append(counted, s.Nodes[i].ID)
				}
			}
			if !reflect.DeepEqual(counted, tc.counted) {
				t.Errorf("counted = %v, want %v", counted, tc.counted)
			}
		})
	}
}

// TestRankRuleScreened: a unit screened out by min_coverage has no score,
// is not ranked, and does not count when deciding which indicators most
// units have.
func TestRankRuleScreened(t *testing.T) {
	s := smallSchema(t)
	nan := math.NaN()
	tab := table(2023, []string{"A", "B", "C"}, []string{"a", "b", "c", "e"}, [][]float64{
		{1, 10, 5, 1},
		{2, 20, 4, 3},
		{nan, nan, nan, 2},
	})
	opt := scoring.DefaultOptions()
	opt.Rank = scoring.DefaultRankRule()
	opt.MinCoverage = 0.5
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	if st := y.Status[2]; st.Ranked || !st.NoScore || st.Coverage != 0.25 {
		t.Errorf("screened unit: %+v", st)
	}
	// c is held by both units that are not screened out: counted.
	if !y.Counted[node(t, s, "c")] {
		t.Error("c not counted")
	}
	if y.Ranked() != 2 {
		t.Errorf("ranked = %d, want 2", y.Ranked())
	}
}

// TestMeasured counts, per node, the indicators most units have, with or
// without a rule, and marks thin goals.
func TestMeasured(t *testing.T) {
	s := smallSchema(t)
	nan := math.NaN()
	// c is held by 2 of 5 units: not counted. g1 (a, b, c) has 2, g2 (e) 1.
	tab := table(2023, []string{"A", "B", "C", "D", "E"}, []string{"a", "b", "c", "e"}, [][]float64{
		{1, 10, 5, 1}, {2, 20, nan, 3}, {3, 5, 1, 2}, {nan, 6, nan, 4}, {5, 7, nan, nan},
	})
	for _, rule := range []scoring.RankRule{{}, scoring.DefaultRankRule()} {
		res, err := scoring.Run(s, tab, scoring.DefaultOptions())
		if rule.By != scoring.RuleNone {
			opt := scoring.DefaultOptions()
			opt.Rank = rule
			res, err = scoring.Run(s, tab, opt)
		}
		if err != nil {
			t.Fatal(err)
		}
		y := res.Years[0]
		g1, g2, d2 := node(t, s, "g1"), node(t, s, "g2"), node(t, s, "d2")
		if y.Measured[0] != 3 || y.Measured[g1] != 2 || y.Measured[g2] != 1 || y.Measured[d2] != 0 {
			t.Errorf("rule %v: measured %v", rule.By, y.Measured)
		}
		if !y.Thin(g1, 3) || y.Thin(g1, 2) || !y.Thin(g2, 2) || y.Thin(g2, 0) {
			t.Errorf("rule %v: thin marks wrong", rule.By)
		}
	}
}

func TestRankRuleValidate(t *testing.T) {
	for _, r := range []scoring.RankRule{
		{By: scoring.RuleGoal, Min: 0, Common: 0.5},
		{By: scoring.RuleGoal, Min: 1.5, Common: 0.5},
		{By: scoring.RuleIndex, Min: 0.5, Common: 1},
		{By: scoring.RuleIndex, Min: 0.5, Common: math.NaN()},
	} {
		opt := scoring.DefaultOptions()
		opt.Rank = r
		if _, err := scoring.Run(smallSchema(t), table(1, []string{"A"}, []string{"a"}, [][]float64{{1}}), opt); err == nil {
			t.Errorf("%+v: no error", r)
		}
	}
}

// TestShares checks the effective shares against the hand-computed example
// of TestRunHandComputed: index → g1 (weight 3: d1 (a 1, b 3), d2 (c)) and
// g2 (weight 1: e).
func TestShares(t *testing.T) {
	s := smallSchema(t)
	res, err := scoring.Run(s, handTable(), scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	sh := res.Shares(y)
	// A has everything: the nominal weights. g1 = 3/4, d1 = d2 = 3/8,
	// a = 3/32, b = 9/32, c = 3/8, e = 1/4.
	// B lacks c: d1 carries all of g1, so a = 3/16, b = 9/16, c = 0.
	want := map[string][]float64{
		"index": {1, 1, 1},
		"g1":    {0.75, 0.75, 0.75}, "g2": {0.25, 0.25, 0.25},
		"d1": {0.375, 0.75, 0.375}, "d2": {0.375, 0, 0.375},
		"a": {3.0 / 32, 3.0 / 16, 3.0 / 32}, "b": {9.0 / 32, 9.0 / 16, 9.0 / 32},
		"c": {0.375, 0, 0.375}, "e": {0.25, 0.25, 0.25},
	}
	for id, w := range want {
		i := node(t, s, id)
		for u := range w {
			if math.Abs(sh[i][u]-w[u]) > 1e-15 {
				t.Errorf("%s share = %v, want %v", id, sh[i], w)
				break
			}
		}
		// For a unit with every indicator, the share is the nominal weight.
		if math.Abs(sh[i][0]-y.Effective[i]) > 1e-15 {
			t.Errorf("%s: A's share %v ≠ effective weight %v", id, sh[i][0], y.Effective[i])
		}
	}
}

// gappyVals are the values of a, b, c and e of eight units with gaps of
// every kind: in one dimension, in a goal, all but one, all.
func gappyVals() [][]float64 {
	nan := math.NaN()
	return [][]float64{
		{0, 10, 5, 1}, {5, 20, nan, 3}, {10, 0, 1, 2}, {nan, nan, 4, nan},
		{3, nan, nan, 7}, {nan, nan, nan, 6}, {1, 2, 3, 4}, {nan, nan, nan, nan},
	}
}

// TestSharesSumToOne: for every unit with a score, the indicators' shares
// sum to 1, under every aggregation, with random gaps.
func TestSharesSumToOne(t *testing.T) {
	s := smallSchema(t)
	vals := gappyVals()
	units := []string{"A", "B", "C", "D", "E", "F", "G", "H"}
	tab := table(2023, units, []string{"a", "b", "c", "e"}, vals)
	aggs := map[string]scoring.PerLevel[scoring.AggregateSpec]{
		"arithmetic": {},
		"topsis": {
			Indicators: scoring.DefaultAggregateSpec(scoring.AggArithmetic),
			Dimensions: scoring.DefaultAggregateSpec(scoring.AggTOPSIS),
			Goals:      scoring.DefaultAggregateSpec(scoring.AggGRA),
		},
		"flat topsis": {
			Indicators: scoring.AggregateSpec{Method: scoring.AggTOPSIS, Over: scoring.OverIndicators},
			Dimensions: scoring.AggregateSpec{Method: scoring.AggTOPSIS, Over: scoring.OverIndicators},
			Goals:      scoring.AggregateSpec{Method: scoring.AggTOPSIS, Over: scoring.OverIndicators},
		},
	}
	for name, agg := range aggs {
		t.Run(name, func(t *testing.T) {
			opt := scoring.DefaultOptions()
			opt.Aggregate = agg
			if name == "flat topsis" {
				opt.Normalize.Range = [2]float64{0, 1}
			}
			res, err := scoring.Run(s, tab, opt)
			if err != nil {
				t.Fatal(err)
			}
			y := res.Years[0]
			sh := res.Shares(y)
			for u := range y.Units {
				var sum float64
				for _, i := range s.Indicators() {
					if v := sh[i][u]; !math.IsNaN(v) {
						sum += v
					}
					if !math.IsNaN(sh[i][u]) && math.IsNaN(y.Scores[i][u]) && sh[i][u] != 0 {
						t.Errorf("%s: missing %s carries %v", y.Units[u], s.Nodes[i].ID, sh[i][u])
					}
				}
				switch {
				case math.IsNaN(y.Scores[0][u]):
					if !math.IsNaN(sh[0][u]) {
						t.Errorf("%s: no score but share %v", y.Units[u], sh[0][u])
					}
				case math.Abs(sum-1) > 1e-12:
					t.Errorf("%s: shares sum to %v", y.Units[u], sum)
				}
				// An aggregate carries the sum of its indicators.
				for i, n := range s.Nodes {
					if n.Level == dataset.LevelIndicator || math.IsNaN(sh[i][u]) {
						continue
					}
					var sub float64
					for _, j := range s.Indicators() {
						for q := j; q >= 0; q = s.Nodes[q].Parent {
							if q == i {
								sub += sh[j][u]
								break
							}
						}
					}
					if math.Abs(sub-sh[i][u]) > 1e-12 {
						t.Errorf("%s: %s carries %v, its indicators %v", y.Units[u], n.ID, sh[i][u], sub)
					}
				}
			}
		})
	}
}

// TestManyUnitsAsFew: with enough units to be shared out in blocks over
// the cores (forBlocks), every unit's shares and obstacle degrees are
// those of the same unit alone among few: gappyVals repeated 2,000 times
// and a bit (the same extremes, so the same scores), under each
// aggregation.
func TestManyUnitsAsFew(t *testing.T) {
	s := smallSchema(t)
	vals := gappyVals()
	const copies = 2000
	var units, many []string
	var manyVals [][]float64
	for u := range vals {
		units = append(units, fmt.Sprintf("u%d", u))
	}
	// Unit k is pattern k+1, so that no block ends at the pattern with no
	// data (7): 4095, 8191 and 12287 are patterns 0, 16002 is pattern 3.
	for k := range copies*len(vals) + 3 {
		many = append(many, fmt.Sprintf("u%05d", k))
		manyVals = append(manyVals, vals[(k+1)%len(vals)])
	}
	few, lots := table(2023, units, []string{"a", "b", "c", "e"}, vals), table(2023, many, []string{"a", "b", "c", "e"}, manyVals)
	for name, agg := range map[string]scoring.PerLevel[scoring.AggregateSpec]{
		"arithmetic": {},
		"flat topsis": {
			Indicators: scoring.AggregateSpec{Method: scoring.AggTOPSIS, Over: scoring.OverIndicators},
			Dimensions: scoring.AggregateSpec{Method: scoring.AggTOPSIS, Over: scoring.OverIndicators},
			Goals:      scoring.AggregateSpec{Method: scoring.AggTOPSIS, Over: scoring.OverIndicators},
		},
	} {
		t.Run(name, func(t *testing.T) {
			opt := scoring.DefaultOptions()
			opt.Aggregate = agg
			opt.Normalize.Range = [2]float64{0, 1}
			opt.Obstacles = true
			run := func(tab *dataset.Table) (shares, obstacles [][]float64) {
				res, err := scoring.Run(s, tab, opt)
				if err != nil {
					t.Fatal(err)
				}
				return res.Shares(res.Years[0]), res.Years[0].Obstacles
			}
			wantShares, wantObstacles := run(few)
			gotShares, gotObstacles := run(lots)
			for _, c := range []struct {
				what      string
				got, want [][]float64
			}{{"share", gotShares, wantShares}, {"obstacle degree", gotObstacles, wantObstacles}} {
				for i := range s.Nodes {
					if len(c.got[i]) != len(c.want[i])/len(vals)*len(many) {
						t.Fatalf("%s: %d %ss for %d units", s.Nodes[i].ID, len(c.got[i]), c.what, len(many))
					}
					for u, v := range c.got[i] {
						if w := c.want[i][(u+1)%len(vals)]; v != w && !(math.IsNaN(v) && math.IsNaN(w)) {
							t.Fatalf("unit %d, %s: %s %v, want %v", u, s.Nodes[i].ID, c.what, v, w)
						}
					}
				}
			}
		})
	}
}

// TestTop: the best n ranked units by rank, ties by unit id, whatever n,
// against sorting them all.
func TestTop(t *testing.T) {
	y := &scoring.YearResult{
		Units: []dataset.UnitID{"e", "b", "a", "d", "c", "f", "g"},
		Ranks: [][]int32{{4, 2, 2, 0, 1, 2, 5}}, // d unranked; a, b and f tie at 2
	}
	all := []int{4, 2, 1, 5, 0, 6} // c; a, b, f; e; g
	for n := 0; n <= 8; n++ {
		got := y.Top(n)
		want := all[:min(n, len(all))]
		if !slices.Equal(got, want) {
			t.Errorf("Top(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestCountNaN puts NaNs at every position of slices of every length up to
// 9, alone and in pairs, so that both the blocks of four and the tail
// count them.
func TestCountNaN(t *testing.T) {
	// Lengths up to two blocks of eight and a tail; NaNs alone and in
	// pairs at every position.
	for n := range 20 {
		x := make([]float64, n)
		if got := scoring.CountNaN(x); got != 0 {
			t.Errorf("n=%d, no NaN: got %d", n, got)
		}
		for i := range n {
			for j := i; j < n; j++ {
				clear(x)
				x[i], x[j] = math.NaN(), math.NaN()
				want := 2
				if i == j {
					want = 1
				}
				if got := scoring.CountNaN(x); got != want {
					t.Errorf("n=%d, NaN at %d and %d: got %d, want %d", n, i, j, got, want)
				}
			}
		}
	}
	// Values whose sum is NaN or infinite without a NaN among them.
	inf, maxf := math.Inf(1), math.MaxFloat64
	for _, c := range []struct {
		x    []float64
		want int
	}{
		{[]float64{inf, -inf, 1, 2, 3, 4, 5, 6, 7}, 0},
		{[]float64{1, 2, 3, 4, 5, 6, inf, -inf}, 0},
		{[]float64{maxf, maxf, -maxf, -maxf, 0, 0, 0, 0}, 0},
		{[]float64{inf, -inf, math.NaN(), 1, 2, 3, 4, 5, -inf, inf}, 1},
	} {
		if got := scoring.CountNaN(c.x); got != c.want {
			t.Errorf("%v: got %d, want %d", c.x, got, c.want)
		}
	}
}
