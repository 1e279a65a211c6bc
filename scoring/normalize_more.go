package scoring

import "math"

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
		panic("scoring: slice length mismatch")
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
		panic("scoring: slice length mismatch")
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
