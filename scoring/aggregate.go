package scoring

import (
	"fmt"
	"math"
)

// AggregateError reports a value an aggregation cannot take, such as a zero
// under a geometric mean.
type AggregateError struct {
	Method Aggregation
	Node   string  // the node being scored
	Child  string  // the child holding the value
	Unit   string  // the unit
	Year   int     // 0 when the data have no year
	Value  float64 // the value found
}

func (e *AggregateError) Error() string {
	year := ""
	if e.Year != 0 {
		year = fmt.Sprintf(" in %d", e.Year)
	}
	return fmt.Sprintf("%s mean at node %q: unit %q%s has %s = %v; a %s mean needs values > 0 "+
		"(normalise to a positive range, e.g. minmax with range: [1, 100])",
		e.Method, e.Node, e.Unit, year, e.Child, e.Value, e.Method)
}

// Mean returns the weighted mean of the values of x that are present (not
// NaN), with the weights w of those values renormalised to sum to 1, and
// ok = false when no value is present:
//
//	arithmetic  Σ wᵢxᵢ / Σ wᵢ
//	geometric   exp(Σ wᵢ ln xᵢ / Σ wᵢ)
//	harmonic    Σ wᵢ / Σ (wᵢ/xᵢ)
//
// These follow COINr's a_amean, a_gmean and a_hmean, including their order
// of operations. Geometric and harmonic means return bad ≥ 0, the position
// of the first value ≤ 0, and no mean.
func Mean(m Aggregation, x, w []float64) (mean float64, ok bool, bad int) {
	return meanTotal(m, x, w, math.NaN())
}

// meanTotal is Mean with the sum of all weights given, or NaN; it is used
// when every value is present.
func meanTotal(m Aggregation, x, w []float64, total float64) (mean float64, ok bool, bad int) {
	if math.IsNaN(total) {
		var sw acc
		n := 0
		for i, v := range x {
			if !math.IsNaN(v) {
				sw.add(w[i])
				n++
			}
		}
		if n == 0 {
			return math.NaN(), false, -1
		}
		total = sw.value()
	}
	switch m {
	case Arithmetic:
		var s acc
		for i, v := range x {
			if !math.IsNaN(v) {
				s.add(w[i] / total * v)
			}
		}
		return s.value(), true, -1
	case Geometric:
		var s acc
		for i, v := range x {
			if math.IsNaN(v) {
				continue
			}
			if v <= 0 {
				return math.NaN(), false, i
			}
			s.add(w[i] * math.Log(v))
		}
		return math.Exp(s.value() / total), true, -1
	case Harmonic:
		var s acc
		for i, v := range x {
			if math.IsNaN(v) {
				continue
			}
			if v <= 0 {
				return math.NaN(), false, i
			}
			s.add(w[i] / v)
		}
		return total / s.value(), true, -1
	}
	panic(fmt.Sprintf("scoring: unknown aggregation %v", m))
}
