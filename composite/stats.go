package composite

import "math"

// Skew returns the sample skewness of the values of x that are not NaN, with
// the type-2 estimator of e1071::skewness (Excel's SKEW), which COINr's skew()
// uses:
//
//	G1 = √(n(n−1))/(n−2) · m₃/m₂^(3/2),  mₖ = Σ(xᵢ − x̄)ᵏ/n
//
// computed in COINr's order, √n·Σd³/(Σd²)^(3/2)·√(n(n−1))/(n−2) with
// d = x − x̄, the mean and the sums compensated to within a few units in the
// last place of R's long-double mean() and sum() (see centralSums).
// It returns NaN when fewer than 3 values are present (COINr: NA) and when
// every value is the same (0/0, as in R).
func Skew(x []float64) float64 {
	n, s2, s3, _ := centralSums(x, false)
	if n < 3 {
		return math.NaN()
	}
	return skewOf(n, s2, s3)
}

// Kurtosis returns the sample excess kurtosis of the values of x that are not
// NaN, with the type-2 estimator of e1071::kurtosis (Excel's KURT), which
// COINr's kurt() uses:
//
//	G2 = ((n+1)(r − 3) + 6)·(n−1)/((n−2)(n−3)),  r = n·Σd⁴/(Σd²)²
//
// with d = x − x̄, the mean and the sums compensated as in Skew. It returns
// NaN when fewer than 4 values are present (COINr: NA) and when every value
// is the same.
func Kurtosis(x []float64) float64 {
	n, s2, _, s4 := centralSums(x, true)
	if n < 4 {
		return math.NaN()
	}
	return kurtosisOf(n, s2, s4)
}

func kurtosisOf(n int, s2, s4 float64) float64 {
	fn := float64(n)
	r := fn * s4 / (s2 * s2)
	return ((fn+1)*(r-3) + 6) * (fn - 1) / ((fn - 2) * (fn - 3))
}

func skewOf(n int, s2, s3 float64) float64 {
	fn := float64(n)
	y := math.Sqrt(fn) * s3 / math.Pow(s2, 1.5)
	return y * math.Sqrt(fn*(fn-1)) / (fn - 2)
}

// skewKurt returns Skew(x) and Kurtosis(x) in one pass over the deviations.
func skewKurt(x []float64) (skew, kurt float64) {
	n, s2, s3, s4 := centralSums(x, true)
	skew, kurt = math.NaN(), math.NaN()
	if n >= 3 {
		skew = skewOf(n, s2, s3)
	}
	if n >= 4 {
		kurt = kurtosisOf(n, s2, s4)
	}
	return skew, kurt
}

// centralSums returns the count n of the values of x that are not NaN and
// the sums Σd², Σd³ and (if fourth) Σd⁴ of their deviations d = x − x̄ from
// their mean; each power is rounded once, as R's x^3 (powl) is. The values
// and their powers are summed in double over blocks of 16 and the block
// sums in double-double, rounded once: this keeps the mean and the sums
// within a few units in the last place of R's long-double mean() and sum(),
// at a fraction of the cost of compensating every addition.
func centralSums(x []float64, fourth bool) (n int, s2, s3, s4 float64) {
	var a Accumulator
	var b float64
	for _, v := range x {
		if !math.IsNaN(v) {
			b += v
			if n++; n%16 == 0 {
				a.Add(b)
				b = 0
			}
		}
	}
	if n == 0 {
		return 0, math.NaN(), math.NaN(), math.NaN()
	}
	a.Add(b)
	mean := a.Div(float64(n))
	var q2, q3, q4 Accumulator
	var b2, b3, b4 float64
	k := 0
	for _, v := range x {
		if math.IsNaN(v) {
			continue
		}
		d := v - mean
		p := d * d
		e := math.FMA(d, d, -p) // d² = p + e exactly
		b2 += p
		b3 += math.FMA(p, d, e*d)
		if fourth {
			b4 += math.FMA(p, p, 2*p*e)
		}
		if k++; k == 16 {
			q2.Add(b2)
			q3.Add(b3)
			q4.Add(b4)
			b2, b3, b4, k = 0, 0, 0, 0
		}
	}
	q2.Add(b2)
	q3.Add(b3)
	q4.Add(b4)
	return n, q2.Value(), q3.Value(), q4.Value()
}
