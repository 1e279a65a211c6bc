package composite

import (
	"fmt"
	"math"
)

// BreaksRule is how the cut points of grade classes are chosen.
type BreaksRule int

const (
	// BreaksQuantile cuts at the quantiles i/k (R's type 7): classes of
	// (about) equal size. The default.
	BreaksQuantile BreaksRule = iota
	// BreaksJenks cuts at Fisher's natural breaks (Fisher 1958; Jenks
	// 1977): the classes of least total within-class sum of squares.
	BreaksJenks
	// BreaksFixed uses the cut points given (e.g. 40, 55, 70 on a 0–100
	// scale): the same grade means the same score every year.
	BreaksFixed
)

var breaksRuleNames = map[BreaksRule]string{BreaksQuantile: "quantile", BreaksJenks: "jenks", BreaksFixed: "fixed"}

func (r BreaksRule) String() string { return nameOf(breaksRuleNames, r) }

// UnmarshalText parses quantile, jenks or fixed.
func (r *BreaksRule) UnmarshalText(b []byte) error {
	return parseName(breaksRuleNames, r, b, "breaks rule")
}

// QuantileBreaks returns the k − 1 cut points of the values in sorted
// (ascending, no NaN) at the probabilities i/k, i = 1 … k − 1
// (QuantileType7). It returns nil for k < 2 or no value.
func QuantileBreaks(sorted []float64, k int) []float64 {
	if k < 2 || len(sorted) == 0 {
		return nil
	}
	cuts := make([]float64, k-1)
	for i := range cuts {
		cuts[i] = QuantileType7(sorted, float64(i+1)/float64(k))
	}
	return cuts
}

// JenksBreaks returns the k − 1 cut points of Fisher's natural breaks of
// the values in sorted (ascending, no NaN): the partition of the sorted
// values into k contiguous classes that minimises the total within-class
// sum of squared deviations,
//
//	min Σ_classes Σ_{x in class} (x − mean_class)²
//
// (Fisher 1958, "On grouping for maximum homogeneity", JASA 53:789; the
// "natural breaks" of Jenks 1977), found exactly by dynamic programming in
// O(k·n²) time. Each cut point is the smallest value of the class above it,
// so that ClassOf puts every value in its class. With fewer distinct values
// than k it returns fewer cuts. It returns nil for k < 2 or no value.
func JenksBreaks(sorted []float64, k int) []float64 {
	n := len(sorted)
	if k < 2 || n == 0 {
		return nil
	}
	// Prefix sums of x and x² for the sum of squares of sorted[i:j].
	s1 := make([]float64, n+1)
	s2 := make([]float64, n+1)
	for i, v := range sorted {
		s1[i+1] = s1[i] + v
		s2[i+1] = s2[i] + v*v
	}
	ssq := func(i, j int) float64 { // sorted[i:j], j > i
		m := float64(j - i)
		d := s1[j] - s1[i]
		return max(0, (s2[j]-s2[i])-d*d/m)
	}
	k = min(k, n)
	// cost[c][j]: least cost of the first j values in c + 1 classes;
	// from[c][j]: where the last class starts.
	cost := make([][]float64, k)
	from := make([][]int, k)
	for c := range k {
		cost[c] = make([]float64, n+1)
		from[c] = make([]int, n+1)
		for j := range cost[c] {
			cost[c][j] = math.Inf(1)
		}
	}
	for j := 1; j <= n; j++ {
		cost[0][j] = ssq(0, j)
	}
	for c := 1; c < k; c++ {
		for j := c + 1; j <= n; j++ {
			for i := c; i < j; i++ {
				if v := cost[c-1][i] + ssq(i, j); v < cost[c][j] {
					cost[c][j], from[c][j] = v, i
				}
			}
		}
	}
	starts := make([]int, 0, k-1)
	j := n
	for c := k - 1; c > 0; c-- {
		i := from[c][j]
		starts = append(starts, i)
		j = i
	}
	var cuts []float64
	for t := len(starts) - 1; t >= 0; t-- {
		v := sorted[starts[t]]
		if len(cuts) > 0 && v == cuts[len(cuts)-1] || starts[t] > 0 && v == sorted[starts[t]-1] {
			continue // equal values stay in one class
		}
		cuts = append(cuts, v)
	}
	return cuts
}

// ClassOf returns the class of v under the ascending cut points cuts:
// 0 below cuts[0], i for cuts[i−1] ≤ v < cuts[i], len(cuts) at or above the
// last; −1 for NaN. A value equal to a cut point belongs to the class above.
func ClassOf(v float64, cuts []float64) int {
	if math.IsNaN(v) {
		return -1
	}
	c := 0
	for c < len(cuts) && v >= cuts[c] {
		c++
	}
	return c
}

// CheckCuts reports whether cuts are finite and strictly ascending.
func CheckCuts(cuts []float64) error {
	for i, c := range cuts {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return fmt.Errorf("cut point %d (%v) is not a finite number", i+1, c)
		}
		if i > 0 && !(c > cuts[i-1]) {
			return fmt.Errorf("cut points must ascend: %v after %v", c, cuts[i-1])
		}
	}
	return nil
}
