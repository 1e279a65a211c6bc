package composite

import (
	"cmp"
	"math"
	"slices"
)

// Every kernel below writes into dst, which must have the length of x, and
// leaves a NaN (missing) value of x as NaN. They may be called with
// dst == x.

// MinMaxTo sets
//
//	dst[i] = (x[i] − min)/(max − min)·(hi − lo) + lo
//
// with min and max over the values present, in the order of operations of
// COINr's n_minmax. It returns false, leaving dst all NaN, when fewer than
// one value is present or every value is the same (COINr returns NaN there).
func MinMaxTo(dst, x []float64, lo, hi float64) bool {
	mn, mx := minMaxOf(x)
	if !(mx > mn) {
		fillNaN(dst)
		return false
	}
	span, width := mx-mn, hi-lo
	k := 0
	if haveAVX2 {
		k = len(x) &^ 3
		minMaxAVX2(dst[:len(x)], x, mn, span, width, lo)
	}
	for i, v := range x[k:] {
		dst[k+i] = float64((v-mn)/span*width) + lo // not fused: the bits of the AVX2 lanes
	}
	return true
}

// minMaxOf returns the least and the greatest value of x, NaN skipped
// (+Inf and −Inf when there is none), as the loop
//
//	if v < mn { mn = v }; if v > mx { mx = v }
//
// gives them, bit for bit: with AVX2 four lanes at a time, then the lanes
// and the rest in turn; where the least or the greatest is a zero, the
// loop alone says which of −0 and +0 came first.
func minMaxOf(x []float64) (mn, mx float64) {
	mn, mx = math.Inf(1), math.Inf(-1)
	k := 0
	if haveAVX2 && len(x) >= 16 {
		var lanes [8]float64
		k = len(x) &^ 3
		minMaxScanAVX2(x[:k], &lanes)
		for l := range 4 {
			if lanes[l] < mn {
				mn = lanes[l]
			}
			if lanes[4+l] > mx {
				mx = lanes[4+l]
			}
		}
		if mn == 0 || mx == 0 {
			mn, mx, k = math.Inf(1), math.Inf(-1), 0
		}
	}
	for _, v := range x[k:] {
		if v < mn {
			mn = v
		}
		if v > mx {
			mx = v
		}
	}
	return mn, mx
}

// ZScoreTo sets
//
//	dst[i] = (x[i] − x̄)/s·sd + mean
//
// with x̄ and s the mean and sample standard deviation (n − 1) of the values
// present (see MeanSD), as COINr's n_zscore. It returns false, leaving dst
// all NaN, when s is zero or undefined (fewer than two values).
func ZScoreTo(dst, x []float64, mean, sd float64) bool {
	m, s, _ := MeanSD(x)
	if !(s > 0) {
		fillNaN(dst)
		return false
	}
	for i, v := range x {
		dst[i] = (v-m)/s*sd + mean
	}
	return true
}

// RankTo sets dst[i] to the ascending rank of x[i] among the values present,
// 1 for the lowest, with ties given the lowest rank of the tie (R's
// rank(ties.method = "min"), COINr's n_rank).
func RankTo(dst, x []float64) {
	idx := presentOrder(x, func(a, b float64) int { return cmp.Compare(a, b) })
	rankSorted(dst, x, idx)
	for i, v := range x {
		if math.IsNaN(v) {
			dst[i] = math.NaN()
		}
	}
}

// PercentileTo sets dst[i] = (rank − 1)/(n − 1), with rank as in RankTo and
// n the number of values present (COINr's n_prank). It returns false,
// leaving dst all NaN, when n < 2.
func PercentileTo(dst, x []float64) bool {
	n := 0
	for _, v := range x {
		if !math.IsNaN(v) {
			n++
		}
	}
	if n < 2 {
		fillNaN(dst)
		return false
	}
	RankTo(dst, x)
	d := float64(n - 1)
	for i, v := range dst {
		dst[i] = (v - 1) / d
	}
	return true
}

// GoalpostsTo sets
//
//	dst[i] = clip((x[i] − worst)/(best − worst), 0, 1)·(hi − lo) + lo
//
// The goalposts are in the units of x and carry the direction: worst > best
// for an indicator where lower is better.
func GoalpostsTo(dst, x []float64, worst, best, lo, hi float64) {
	span, width := best-worst, hi-lo
	for i, v := range x {
		z := (v - worst) / span
		z = max(0, min(1, z)) // NaN stays NaN: min and max propagate it
		dst[i] = z*width + lo
	}
}

// IntervalTo maps an interval-type indicator onto [0, 1], 1 inside the
// optimal range [a, b] (司守奎《数学建模算法与应用》):
//
//	z = 1 − (a − x)/(a − lb)   lb ≤ x < a
//	z = 1                      a ≤ x ≤ b
//	z = 1 − (x − b)/(ub − b)   b < x ≤ ub
//	z = 0                      outside [lb, ub]
//
// [lb, ub] is the tolerable range. With lb and ub NaN (no tolerable range
// given), M = max(a − min x, max x − b) replaces both a − lb and ub − b
// (values outside [a, b] lose 1/M per unit of distance); when every value
// lies inside [a, b], every z is 1.
func IntervalTo(dst, x []float64, a, b, lb, ub float64) {
	below, above := a-lb, ub-b // distances at which z reaches 0
	if math.IsNaN(lb) || math.IsNaN(ub) {
		mn, mx := math.Inf(1), math.Inf(-1)
		for _, v := range x {
			mn, mx = min(mn, v), max(mx, v)
		}
		m := max(a-mn, mx-b, 0)
		below, above = m, m
	}
	for i, v := range x {
		switch {
		case math.IsNaN(v):
			dst[i] = v
		case v < a:
			if below <= 0 {
				dst[i] = 0
			} else {
				dst[i] = max(0, 1-(a-v)/below)
			}
		case v > b:
			if above <= 0 {
				dst[i] = 0
			} else {
				dst[i] = max(0, 1-(v-b)/above)
			}
		default:
			dst[i] = 1
		}
	}
}

// VectorTo sets
//
//	dst[i] = x[i]/√Σₖ x[k]²
//
// with the sum over the values present, the vector normalisation of classic
// TOPSIS (Hwang and Yoon 1981). Values keep their sign, so a negative
// indicator already multiplied by −1 comes out in [−1, 0]. The sum of
// squares is accumulated in double-double precision. VectorTo returns false,
// leaving dst all NaN, when Σx² = 0 (no value present, or every value 0).
// dst must have the length of x; it may be x.
func VectorTo(dst, x []float64) bool {
	if len(dst) != len(x) {
		panic("composite: slice length mismatch")
	}
	var ss Accumulator
	for _, v := range x {
		if !math.IsNaN(v) {
			ss.Add(v * v)
		}
	}
	norm := math.Sqrt(ss.Value())
	if !(norm > 0) {
		fillNaN(dst)
		return false
	}
	for i, v := range x {
		dst[i] = v / norm
	}
	return true
}

// EfficacyTo sets the 功效系数 (efficacy coefficient)
//
//	dst[i] = base + span·(x[i] − min)/(max − min)
//
// with min (不允许值 x_s) and max (满意值 x_h) over the values present, so
// scores lie in [base, base + span]; the usual choice is base 60, span 40
// (scores in [60, 100]), which the caller passes. It returns false, leaving
// dst all NaN, when no value is present or every value is the same.
// dst must have the length of x; it may be x.
func EfficacyTo(dst, x []float64, base, span float64) bool {
	if len(dst) != len(x) {
		panic("composite: slice length mismatch")
	}
	mn, mx := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if v < mn {
			mn = v
		}
		if v > mx {
			mx = v
		}
	}
	if !(mx > mn) {
		fillNaN(dst)
		return false
	}
	r := mx - mn
	for i, v := range x {
		dst[i] = base + span*(v-mn)/r
	}
	return true
}

func fillNaN(dst []float64) {
	for i := range dst {
		dst[i] = math.NaN()
	}
}

// presentOrder returns the positions of the values of x that are present,
// sorted by compare (stable: equal values keep their order).
func presentOrder(x []float64, compare func(a, b float64) int) []int32 {
	idx := make([]int32, 0, len(x))
	for i, v := range x {
		if !math.IsNaN(v) {
			idx = append(idx, int32(i))
		}
	}
	slices.SortStableFunc(idx, func(i, j int32) int { return compare(x[i], x[j]) })
	return idx
}

// rankSorted gives 1-based ranks to x along the sorted positions idx, ties
// sharing the lowest rank.
func rankSorted(dst, x []float64, idx []int32) {
	for k := 0; k < len(idx); {
		j := k + 1
		for j < len(idx) && x[idx[j]] == x[idx[k]] {
			j++
		}
		for _, p := range idx[k:j] {
			dst[p] = float64(k + 1)
		}
		k = j
	}
}
