package composite

import "math"

// acc is a compensated accumulator (Ogita, Rump and Oishi 2005, Sum2): hi is
// the running double sum and lo collects the exact rounding error of every
// addition (Knuth's TwoSum), so the result is as accurate as a sum in twice
// the working precision, rounded once. R's sum() accumulates in 80-bit long double, which is exact in
// the same cases; rounding once at the end makes our sums agree with R's to
// the last bit, and ties in aggregated ranks come out as they do in COINr.
type Accumulator struct{ hi, lo float64 }

// add adds x.
func (a *Accumulator) Add(x float64) {
	s := a.hi + x
	bp := s - a.hi
	a.lo += (a.hi - (s - bp)) + (x - bp)
	a.hi = s
}

// value returns the sum rounded to a double.
func (a Accumulator) Value() float64 { return a.hi + a.lo }

// div returns (hi + lo)/n rounded to a double.
func (a Accumulator) Div(n float64) float64 {
	q := a.hi / n
	r := math.FMA(-q, n, a.hi) // exact remainder of hi/n
	return q + (r+a.lo)/n
}

// Sum returns Σ x over the values of x that are not NaN, computed with a
// double-double accumulator and rounded once, and the count of those values.
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

// MeanSD returns the mean and the sample standard deviation (n − 1) of the
// values of x that are not NaN, and their count. It follows R's mean() and
// sd(): the mean is accumulated in extended precision; the deviations
// x − mean are taken in double and their squares summed in extended
// precision. sd is NaN when n < 2.
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
