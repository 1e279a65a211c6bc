package composite

import (
	"fmt"
	"math"
)

// MeanKind names a weighted mean.
type MeanKind int

const (
	MeanArithmetic MeanKind = iota // Σ wᵢxᵢ / Σ wᵢ (COINr a_amean)
	MeanGeometric                  // exp(Σ wᵢ ln xᵢ / Σ wᵢ) (COINr a_gmean)
	MeanHarmonic                   // Σ wᵢ / Σ (wᵢ/xᵢ) (COINr a_hmean)
)

var meanNames = map[MeanKind]string{MeanArithmetic: "arithmetic", MeanGeometric: "geometric", MeanHarmonic: "harmonic"}

func (k MeanKind) String() string { return nameOf(meanNames, k) }

// Mean returns the weighted mean of kind k of the values of x that are
// present (not NaN), with the weights w of those values renormalised to sum
// to 1, and ok = false when no value is present:
//
//	MeanArithmetic  Σ wᵢxᵢ / Σ wᵢ
//	MeanGeometric   exp(Σ wᵢ ln xᵢ / Σ wᵢ)
//	MeanHarmonic    Σ wᵢ / Σ (wᵢ/xᵢ)
//
// These follow COINr 1.1.14's a_amean, a_gmean and a_hmean, including their
// order of operations, with every sum accumulated in double-double (see
// Accumulator). The geometric and harmonic means return bad ≥ 0, the
// position of the first value ≤ 0, and no mean; bad is −1 otherwise. Mean
// panics for an unknown kind.
func Mean(k MeanKind, x, w []float64) (mean float64, ok bool, bad int) {
	return MeanTotal(k, x, w, math.NaN())
}

// MeanTotal is Mean for a caller that knows total = Σ wᵢ over the values of
// x present (the sum of every weight, when every value is present): it
// skips the pass that sums them. A NaN total makes it Mean.
func MeanTotal(k MeanKind, x, w []float64, total float64) (mean float64, ok bool, bad int) {
	if math.IsNaN(total) {
		var sw Accumulator
		n := 0
		for i, v := range x {
			if !math.IsNaN(v) {
				sw.Add(w[i])
				n++
			}
		}
		if n == 0 {
			return math.NaN(), false, -1
		}
		total = sw.Value()
	}
	switch k {
	case MeanArithmetic:
		var s Accumulator
		for i, v := range x {
			if !math.IsNaN(v) {
				s.Add(w[i] / total * v)
			}
		}
		return s.Value(), true, -1
	case MeanGeometric:
		var s Accumulator
		for i, v := range x {
			if math.IsNaN(v) {
				continue
			}
			if v <= 0 {
				return math.NaN(), false, i
			}
			s.Add(w[i] * math.Log(v))
		}
		return math.Exp(s.Value() / total), true, -1
	case MeanHarmonic:
		var s Accumulator
		for i, v := range x {
			if math.IsNaN(v) {
				continue
			}
			if v <= 0 {
				return math.NaN(), false, i
			}
			s.Add(w[i] / v)
		}
		return total / s.Value(), true, -1
	}
	panic(fmt.Sprintf("composite: unknown mean %v", k))
}
