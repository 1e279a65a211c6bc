package composite

import "math"

// Accumulator is a compensated sum (Ogita, Rump and Oishi 2005, Accurate
// sum and dot product, SIAM J. Sci. Comput. 26(6):1955, algorithm Sum2):
//
//	s = hi + x,  b = s − hi,  lo += (hi − (s − b)) + (x − b),  hi = s
//
// hi is the running double sum and lo collects the exact rounding error of
// every addition (Knuth's TwoSum), so the result is as accurate as a sum in
// twice the working precision, rounded once. R's sum() accumulates in 80-bit
// long double, which is exact in the same cases; rounding once at the end
// makes our sums agree with R's to the last bit, and ties in aggregated
// ranks come out as they do in COINr. The zero value is an empty sum.
type Accumulator struct{ hi, lo float64 }

// Add adds x to the sum.
func (a *Accumulator) Add(x float64) {
	s := a.hi + x
	bp := s - a.hi
	a.lo += (a.hi - (s - bp)) + (x - bp)
	a.hi = s
}

// Value returns the sum rounded once to a double.
func (a Accumulator) Value() float64 { return a.hi + a.lo }

// Div returns the sum divided by n, rounded once to a double: the mean of
// n values, as R's mean() computes it in extended precision.
func (a Accumulator) Div(n float64) float64 {
	q := a.hi / n
	r := math.FMA(-q, n, a.hi) // exact remainder of hi/n
	return q + (r+a.lo)/n
}

// Sum returns Σ xᵢ over the values of x that are not NaN, accumulated in
// double-double (see Accumulator) and rounded once, as R's sum(x, na.rm =
// TRUE), and the count of those values.
func Sum(x []float64) (sum float64, n int) {
	var a Accumulator
	for _, v := range x {
		if !math.IsNaN(v) {
			a.Add(v)
			n++
		}
	}
	return a.Value(), n
}

// MeanSD returns the mean and the sample standard deviation of the values
// of x that are not NaN, and their count n:
//
//	x̄ = Σ xᵢ / n,   s = √(Σ (xᵢ − x̄)² / (n − 1))
//
// It follows R's mean() and sd(): the mean is accumulated in extended
// precision; the deviations x − x̄ are taken in double and their squares
// summed in extended precision (see Accumulator). sd is NaN when n < 2, and
// both are NaN when n = 0.
func MeanSD(x []float64) (mean, sd float64, n int) {
	var a Accumulator
	for _, v := range x {
		if !math.IsNaN(v) {
			a.Add(v)
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN(), 0
	}
	mean = a.Div(float64(n))
	if n < 2 {
		return mean, math.NaN(), n
	}
	var ss Accumulator
	for _, v := range x {
		if !math.IsNaN(v) {
			d := v - mean
			ss.Add(d * d)
		}
	}
	return mean, math.Sqrt(ss.Div(float64(n - 1))), n
}
