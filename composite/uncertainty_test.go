package composite_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// Expected values in these tests were computed independently with Python
// (R's formulas in R's order of operations, cross-checked with numpy) or by
// hand, as noted.

func TestQuantileType7(t *testing.T) {
	ten := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tests := []struct {
		name string
		x    []float64
		p    float64
		want float64
	}{
		{"1:10 at 5%", ten, 0.05, 1.45},                                    // h = 1.45: 0.55·1 + 0.45·2
		{"1:10 at 95%", ten, 0.95, 9.549999999999999},                      // h = 9.55, R prints 9.55
		{"1:10 at 0", ten, 0, 1},                                           // the minimum
		{"1:10 at 1", ten, 1, 10},                                          // the maximum
		{"one value", []float64{3.5}, 0.3, 3.5},                            // n = 1
		{"median of two", []float64{1, 2}, 0.5, 1.5},                       // h = 1.5
		{"ties then jump", []float64{2, 2, 2, 7}, 0.95, 6.249999999999998}, // 0.15·2 + 0.85·7 in R's order
		{"fractions", []float64{0.1, 0.2, 0.7}, 0.05, 0.11000000000000001},
		{"on an order statistic", []float64{-1, 0, 4, 9, 16}, 0.25, 0}, // h = 2 exactly
		{"equal neighbours", []float64{5, 5, 5}, 0.37, 5},              // x_{j+1} = x_j: no interpolation
	}
	for _, tc := range tests {
		if got := composite.QuantileType7(tc.x, tc.p); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := composite.QuantileType7(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("empty: got %v, want NaN", got)
	}
	for _, p := range []float64{-0.01, 1.01, math.NaN()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("p = %v: no panic", p)
				}
			}()
			composite.QuantileType7(ten, p)
		}()
	}
}

func TestRankStats(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name  string
		ranks []int32
		want  composite.RankStats
	}{
		// present 1 2 2 3 5: mean 13/5; q5 h = 1.2 → 0.8·1 + 0.2·2; q95 h = 4.8 → 0.2·3 + 0.8·5
		{"odd with a missing", []int32{3, 1, 0, 2, 2, 5}, composite.RankStats{Mean: 2.6, Median: 2, Q5: 1.2, Q95: 4.6, N: 5}},
		// 1 2 3 4: median (2+3)/2; q5 h = 1.15; q95 h = 3.85 → 0.15·3 + 0.85·4 in R's order
		{"even", []int32{4, 1, 2, 3}, composite.RankStats{Mean: 2.5, Median: 2.5, Q5: 1.15, Q95: 3.8499999999999996, N: 4}},
		{"one", []int32{0, 7, 0}, composite.RankStats{Mean: 7, Median: 7, Q5: 7, Q95: 7, N: 1}},
		{"constant", []int32{3, 3, 3, 3}, composite.RankStats{Mean: 3, Median: 3, Q5: 3, Q95: 3, N: 4}},
		{"all missing", []int32{0, 0}, composite.RankStats{Mean: nan, Median: nan, Q5: nan, Q95: nan}},
	}
	for _, tc := range tests {
		got := composite.RankStatsOf(tc.ranks)
		if !sameStats(got, tc.want) {
			t.Errorf("RankStatsOf %s: got %+v, want %+v", tc.name, got, tc.want)
		}
		// The same unit through RankStatsTo, as column 1 of three units
		// over the replicates (ranks up to 7 need 7 units).
		reps := make([][]int32, len(tc.ranks))
		for r, v := range tc.ranks {
			reps[r] = []int32{1, v, 2, 0, 0, 0, 0}
		}
		dst := make([]composite.RankStats, 7)
		composite.RankStatsTo(dst, reps)
		if !sameStats(dst[1], tc.want) {
			t.Errorf("RankStatsTo %s: got %+v, want %+v", tc.name, dst[1], tc.want)
		}
	}
}

func sameStats(a, b composite.RankStats) bool {
	eq := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	return a.N == b.N && eq(a.Mean, b.Mean) && eq(a.Median, b.Median) && eq(a.Q5, b.Q5) && eq(a.Q95, b.Q95)
}

// TestRankStatsLongDouble: the mean of 1629 ranks 1 and 422 ranks 2 is
// 2473/2051. Rounded to a 64-bit significand first, as R's integer mean()
// on x86-64, and then to double it is 1.205753291077523; rounded once it
// would be 1.2057532910775233 (exact rational arithmetic in Python).
func TestRankStatsLongDouble(t *testing.T) {
	const want = 1.205753291077523
	ranks := make([]int32, 0, 2051)
	for range 1629 {
		ranks = append(ranks, 1)
	}
	for range 422 {
		ranks = append(ranks, 2)
	}
	if got := composite.RankStatsOf(ranks).Mean; got != want {
		t.Errorf("RankStatsOf mean = %v, want %v", got, want)
	}
	nominal := make([]int32, len(ranks))
	shifted := make([]int32, len(ranks))
	for i, r := range ranks {
		nominal[i] = 5
		shifted[i] = 5 + r // |shift| = r
	}
	if got := composite.MeanAbsRankShift(shifted, nominal); got != want {
		t.Errorf("MeanAbsRankShift = %v, want %v", got, want)
	}
}

// TestRankStatsToMatchesOf: on random replicates with ties and missing
// units, the histogram path gives RankStatsOf's figures for every unit,
// also when the units are split into several blocks.
func TestRankStatsToMatchesOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 9))
	for _, units := range []int{1, 5, 40, 1100} {
		reps := make([][]int32, 257)
		scores := make([]float64, units)
		for r := range reps {
			for i := range scores {
				scores[i] = float64(rng.IntN(units/2 + 2))
				if rng.IntN(10) == 0 {
					scores[i] = math.NaN()
				}
			}
			reps[r] = make([]int32, units)
			composite.SportRanksTo(reps[r], scores)
		}
		dst := make([]composite.RankStats, units)
		composite.RankStatsTo(dst, reps)
		col := make([]int32, len(reps))
		for i := range units {
			for r := range reps {
				col[r] = reps[r][i]
			}
			if want := composite.RankStatsOf(col); !sameStats(dst[i], want) {
				t.Fatalf("%d units, unit %d: RankStatsTo %+v, RankStatsOf %+v", units, i, dst[i], want)
			}
		}
	}
}

func TestRankStatsPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"negative":      func() { composite.RankStatsOf([]int32{1, -1}) },
		"length":        func() { composite.RankStatsTo(make([]composite.RankStats, 2), [][]int32{{1, 2}, {1}}) },
		"rank too high": func() { composite.RankStatsTo(make([]composite.RankStats, 2), [][]int32{{1, 3}}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestMeanAbsRankShift(t *testing.T) {
	tests := []struct {
		name           string
		ranks, nominal []int32
		want           float64
	}{
		{"unchanged", []int32{1, 2, 3}, []int32{1, 2, 3}, 0},
		{"swap", []int32{2, 1, 3}, []int32{1, 2, 3}, 2.0 / 3},
		// |1−2| + |2−2| + |3−1| over 3 units; the fourth is missing in the replicate
		{"missing in replicate", []int32{1, 2, 3, 0}, []int32{2, 2, 1, 4}, 1},
		// the second unit is missing in the nominal ranking: (|4−1| + |1−3|)/2
		{"missing in nominal", []int32{4, 2, 1}, []int32{1, 0, 3}, 2.5},
		{"ties", []int32{1, 1, 3}, []int32{1, 2, 3}, 1.0 / 3},
	}
	for _, tc := range tests {
		if got := composite.MeanAbsRankShift(tc.ranks, tc.nominal); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := composite.MeanAbsRankShift([]int32{0, 0}, []int32{1, 2}); !math.IsNaN(got) {
		t.Errorf("failed replicate: got %v, want NaN", got)
	}
}

func TestNoisyWeightsTo(t *testing.T) {
	tests := []struct {
		name    string
		w, u    []float64
		f       float64
		want    []float64
		inPlace bool
	}{
		// u = 0, ½, 1 move a weight by −f, 0, +f of itself: 0.5·0.75, 0.3, 0.2·1.25
		{"ends and middle", []float64{0.5, 0.3, 0.2}, []float64{0, 0.5, 1}, 0.25, []float64{0.375, 0.3, 0.25}, false},
		// 0.4 + ((0.2 − 1)·0.2)·0.4 and 0.6 + ((1.6 − 1)·0.2)·0.6 in R's order
		{"R's rounding", []float64{0.4, 0.6}, []float64{0.1, 0.8}, 0.2, []float64{0.336, 0.6719999999999999}, true},
		{"zero factor", []float64{1, 2}, []float64{0.9, 0.1}, 0, []float64{1, 2}, false},
	}
	for _, tc := range tests {
		dst := make([]float64, len(tc.w))
		w := append([]float64(nil), tc.w...)
		if tc.inPlace {
			dst = w
		}
		composite.NoisyWeightsTo(dst, w, tc.f, tc.u)
		for i := range dst {
			if dst[i] != tc.want[i] {
				t.Errorf("%s: got %v, want %v", tc.name, dst, tc.want)
				break
			}
		}
	}
	dst := make([]float64, 1)
	composite.NoisyWeightsTo(dst, []float64{math.NaN()}, 0.2, []float64{0.3})
	if !math.IsNaN(dst[0]) {
		t.Errorf("NaN weight: got %v", dst[0])
	}
	for name, f := range map[string]func(){
		"length": func() { composite.NoisyWeightsTo(make([]float64, 2), []float64{1, 2}, 0.1, []float64{0.5}) },
		"draw":   func() { composite.NoisyWeightsTo(make([]float64, 1), []float64{1}, 0.1, []float64{1.5}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func ExampleQuantileType7() {
	// R's quantile(1:10, c(0.05, 0.5, 0.95)): 1.45, 5.5, 9.55.
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, p := range []float64{0.05, 0.5, 0.95} {
		fmt.Printf("%.2f ", composite.QuantileType7(x, p))
	}
	fmt.Println()
	// Output:
	// 1.45 5.50 9.55
}

func ExampleRankStatsTo() {
	// Ranks of three cities in five replicates of an uncertainty analysis;
	// the third city is missing (rank 0) in the last replicate.
	reps := [][]int32{
		{1, 2, 3},
		{2, 1, 3},
		{1, 3, 2},
		{1, 2, 3},
		{1, 2, 0},
	}
	stats := make([]composite.RankStats, 3)
	composite.RankStatsTo(stats, reps)
	for i, s := range stats {
		fmt.Printf("city %d: mean %.2f median %.1f q5 %.2f q95 %.2f (n = %d)\n", i+1, s.Mean, s.Median, s.Q5, s.Q95, s.N)
	}
	// Output:
	// city 1: mean 1.20 median 1.0 q5 1.00 q95 1.80 (n = 5)
	// city 2: mean 2.00 median 2.0 q5 1.20 q95 2.80 (n = 5)
	// city 3: mean 2.75 median 3.0 q5 2.15 q95 3.00 (n = 4)
}

func ExampleMeanAbsRankShift() {
	// A replicate swaps the first two cities and loses the fourth: the
	// output variable of COINr's sensitivity analysis is the mean absolute
	// rank change over the three cities ranked in both, (1 + 1 + 0)/3.
	nominal := []int32{1, 2, 3, 4}
	ranks := []int32{2, 1, 3, 0}
	fmt.Printf("%.4f\n", composite.MeanAbsRankShift(ranks, nominal))
	// Output:
	// 0.6667
}

func ExampleNoisyWeightsTo() {
	// Three weights perturbed by up to ±25 % (COINr NoiseFactor 0.25) with
	// the uniform draws 0.1, 0.5 and 0.9.
	w := []float64{0.5, 0.3, 0.2}
	noisy := make([]float64, len(w))
	composite.NoisyWeightsTo(noisy, w, 0.25, []float64{0.1, 0.5, 0.9})
	fmt.Printf("%.3f\n", noisy)
	// Output:
	// [0.400 0.300 0.240]
}

// TestQuantilesTo: selection gives QuantileType7 of the sorted values, on
// random data with ties, for every probability.
func TestQuantilesTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 3, 10, 101, 1000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(rng.IntN(n/2 + 1)) // ties
		}
		sorted := slices.Clone(x)
		slices.Sort(sorted)
		ps := []float64{0.95, 0, 0.05, 0.5, 0.5, 0.25, 1, 0.05} // any order, repeats
		got := make([]float64, len(ps))
		composite.QuantilesTo(got, slices.Clone(x), ps)
		for i, p := range ps {
			if want := composite.QuantileType7(sorted, p); got[i] != want {
				t.Errorf("n %d, p %v: %v, want %v", n, p, got[i], want)
			}
		}
	}
}
