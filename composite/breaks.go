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
// "natural breaks" of Jenks 1977), found exactly by dynamic programming.
// Each cut point is the smallest value of the class above it, so that
// ClassOf puts every value in its class. With fewer distinct values than k
// it returns fewer cuts. It returns nil for k < 2 or no value.
//
// Up to jenksQuadratic values the programme tries every start of the last
// class, O(k·n²). Above it, it uses that the best start of the last class
// never moves left as the values it covers grow (the cost is Monge: Wang
// and Song 2011, "Ckmeans.1d.dp", R Journal 3(2):29; Grønlund et al. 2017,
// "Fast exact k-means, k-medians and Bregman divergence clustering in
// 1D"), and finds each class count's best starts by divide and conquer,
// O(k·n·log n): five classes of 200,000 scores in 0.12–0.15 s rather than
// hours. Both take the leftmost of equal costs.
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
	// best sets cost[c][j] and from[c][j] from the starts lo…hi of the
	// last class, the leftmost of the least.
	best := func(c, j, lo, hi int) {
		for i := lo; i <= hi; i++ {
			if v := cost[c-1][i] + ssq(i, j); v < cost[c][j] {
				cost[c][j], from[c][j] = v, i
			}
		}
	}
	// narrow fills j in [jlo, jhi] of class count c, whose best starts lie
	// in [ilo, ihi]: the middle j's first, which bounds the rest's.
	var narrow func(c, jlo, jhi, ilo, ihi int)
	narrow = func(c, jlo, jhi, ilo, ihi int) {
		for jlo <= jhi {
			mid := jlo + (jhi-jlo)/2
			best(c, mid, max(c, ilo), min(mid-1, ihi))
			at := from[c][mid]
			if mid-jlo < jhi-mid { // recurse into the shorter side
				narrow(c, jlo, mid-1, ilo, at)
				jlo, ilo = mid+1, at
			} else {
				narrow(c, mid+1, jhi, at, ihi)
				jhi, ihi = mid-1, at
			}
		}
	}
	for c := 1; c < k; c++ {
		if n <= jenksQuadratic {
			for j := c + 1; j <= n; j++ {
				best(c, j, c, j-1)
			}
			continue
		}
		narrow(c, c+1, n, c, n-1)
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

// jenksQuadratic is the most values whose natural breaks JenksBreaks finds
// by trying every split: a few milliseconds for a country's cities (a
// variable: tests move it).
var jenksQuadratic = 512

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
