package composite

import (
	"math"
	"slices"
)

// SaltelliRuns returns the number of runs of a Saltelli design with n base
// points and d inputs: n·(d + 2).
func SaltelliRuns(n, d int) int { return n * (d + 2) }

// checkAB validates the base matrices of a Saltelli design and returns
// their n (rows) and d (inputs).
func checkAB(a, b [][]float64) (n, d int) {
	d = len(a)
	if d == 0 || len(b) != d {
		panic("composite: Saltelli design needs A and B with the same inputs")
	}
	n = len(a[0])
	if n == 0 {
		panic("composite: Saltelli design needs at least one row")
	}
	for j := range d {
		if len(a[j]) != n || len(b[j]) != n {
			panic("composite: slice length mismatch")
		}
	}
	return n, d
}

// SaltelliDesign writes the sample of a variance-based sensitivity
// analysis as COINr's SA_sample() builds it (R/sensitivity.R; Saltelli et
// al. 2010), from two independent base samples A and B of n points in d
// inputs: a[j][i] and b[j][i] are input j of point i (columns, as
// everywhere in this package). dst has d columns of n·(d + 2) runs
// (SaltelliRuns), dst[j][r] input j of run r, in COINr's row order:
//
//	runs 0 … n−1             A
//	runs n … 2n−1            B
//	runs (2+k)n … (3+k)n−1   A_B^(k): A with column k taken from B, k = 0 … d−1
//
// SaltelliRun gives one run without building the whole design.
//
// COINr fills A and B from one stream of 2·d·n uniforms, column by column
// (R's matrix(runif(2dN), N, 2d)): A's column j holds draws jn … (j+1)n−1
// and B's column j draws (d+j)n … (d+j+1)n−1. An uncertainty analysis
// (SA_type = "UA") uses only A, d·n draws in the same order. Each design
// column is then mapped to the input's values by Cut (discrete
// alternatives) or ContinuousTo (an interval).
//
// It panics if A and B differ in shape or dst does not have d columns of
// n·(d + 2) values.
func SaltelliDesign(dst, a, b [][]float64) {
	n, d := checkAB(a, b)
	if len(dst) != d {
		panic("composite: slice length mismatch")
	}
	for j, col := range dst {
		if len(col) != SaltelliRuns(n, d) {
			panic("composite: slice length mismatch")
		}
		copy(col[:n], a[j])
		copy(col[n:2*n], b[j])
		for k := range d {
			blk := col[(2+k)*n : (3+k)*n]
			if k == j {
				copy(blk, b[j])
			} else {
				copy(blk, a[j])
			}
		}
	}
}

// SaltelliRun sets dst (length d) to the inputs of run r of the Saltelli
// design of SaltelliDesign, without building the design: the engine can
// regenerate run r from A and B alone. It panics if r lies outside
// [0, n·(d + 2)) or the shapes do not match.
func SaltelliRun(dst []float64, a, b [][]float64, r int) {
	n, d := checkAB(a, b)
	if len(dst) != d {
		panic("composite: slice length mismatch")
	}
	if r < 0 || r >= SaltelliRuns(n, d) {
		panic("composite: run outside the design")
	}
	blk, i := r/n, r%n
	for j := range d {
		switch {
		case blk == 1 || blk == 2+j:
			dst[j] = b[j][i]
		default:
			dst[j] = a[j][i]
		}
	}
}

// Cut maps values in [min, max] of a sample to one of k alternatives as
// COINr's sample_2_para() does for a discrete input: R's cut(x, k), which
// splits the observed range of the sample (not [0, 1]) into k intervals of
// equal width, closed on the right, the outer breaks pushed out by 1/1000
// of the range:
//
//	dx = max − min,  by = dx/k
//	b₀ = min − dx/1000,  b_m = min + m·by (0 < m < k),  b_k = max + dx/1000
//	alternative(x) = m − 1  for  b_{m−1} < x ≤ b_m
//
// (when every value is the same, dx is |min|, or 1 if min is 0, and the k + 1
// breaks are equally spaced from min − dx/1000 to max + dx/1000). The
// breaks are computed as R's seq.int() computes them, so a draw next to a
// break falls on the same side as in R. The mapping is not ⌈u·k⌉: it
// depends on the smallest and largest draw of the column.
type Cut struct {
	breaks []float64 // k + 1 breaks; nil when k = 1
}

// NewCut returns the Cut into k alternatives for the sample made of the
// values of cols together, NaN skipped (R's range(x, na.rm = TRUE)). COINr
// cuts each column of the design separately: for a Saltelli design
// (SaltelliDesign) that is the design column, whose values are those of A's
// and B's column, so NewCut(k, a[j], b[j]) gives the same breaks; for an
// uncertainty analysis, the n draws of the input.
//
// With k = 1 every value maps to alternative 0; COINr's cut() stops there
// ("invalid number of intervals"), so a caller reproducing COINr should
// reject a discrete input with one alternative. NewCut panics if k < 1,
// if no value is present, or if the breaks are not distinct (R: "'breaks'
// are not unique").
func NewCut(k int, cols ...[]float64) Cut {
	if k < 1 {
		panic("composite: Cut needs at least one alternative")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, col := range cols {
		for _, v := range col {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if lo > hi || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		panic("composite: Cut needs finite values")
	}
	if k == 1 {
		return Cut{}
	}
	nb := k + 1
	dx := hi - lo
	var br []float64
	if dx == 0 {
		dx = math.Abs(lo)
		if lo == 0 {
			dx = 1
		}
		br = seqLen(lo-dx/1000, hi+dx/1000, nb)
	} else {
		br = seqLen(lo, hi, nb)
		br[0], br[nb-1] = lo-dx/1000, hi+dx/1000
	}
	for m := 1; m < nb; m++ {
		if !(br[m-1] < br[m]) {
			panic("composite: Cut breaks are not unique")
		}
	}
	return Cut{breaks: br}
}

// seqLen returns R's seq.int(from, to, length.out = n), n ≥ 2: the ends
// exactly, and from + m·by between, by = (to − from)/(n − 1).
func seqLen(from, to float64, n int) []float64 {
	s := make([]float64, n)
	s[0], s[n-1] = from, to
	by := (to - from) / float64(n-1)
	for m := 1; m < n-1; m++ {
		s[m] = from + float64(float64(m)*by)
	}
	return s
}

// K returns the number of alternatives.
func (c Cut) K() int {
	if c.breaks == nil {
		return 1
	}
	return len(c.breaks) - 1
}

// Index returns the alternative (0-based) of the value v: m − 1 for
// b_{m−1} < v ≤ b_m, found by R's .bincode() bisection. A value outside
// (b₀, b_k] (possible only for a value outside the sample the Cut was made
// from) or NaN returns −1, R's NA.
func (c Cut) Index(v float64) int {
	br := c.breaks
	if br == nil {
		if math.IsNaN(v) {
			return -1
		}
		return 0
	}
	lo, hi := 0, len(br)-1
	if !(v > br[lo] && v <= br[hi]) {
		return -1
	}
	for hi-lo >= 2 {
		mid := (hi + lo) / 2
		if v > br[mid] {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// DiscreteChoicesTo sets dst[i] to the alternative (0-based, of k) that
// COINr's sample_2_para() picks for the draw x[i] of a discrete input:
// NewCut(k, x).Index(x[i]), the breaks taken from the range of x itself.
// Pass a whole column of the design. It panics if dst and x differ in
// length, and as NewCut does.
func DiscreteChoicesTo(dst []int, x []float64, k int) {
	if len(dst) != len(x) {
		panic("composite: slice length mismatch")
	}
	c := NewCut(k, x)
	for i, v := range x {
		dst[i] = c.Index(v)
	}
}

// ContinuousTo sets dst to the draws x mapped onto the interval [lo, hi], as
// COINr's sample_2_para() does for a continuous input:
//
//	dst_i = x_i·(hi − lo) + lo
//
// rounded in that order. dst may be x. It panics if the slices differ in
// length or hi ≤ lo (COINr stops there).
func ContinuousTo(dst, x []float64, lo, hi float64) {
	if len(dst) != len(x) {
		panic("composite: slice length mismatch")
	}
	if !(hi > lo) {
		panic("composite: continuous input needs lo < hi")
	}
	w := hi - lo
	for i, v := range x {
		dst[i] = float64(v*w) + lo
	}
}

// IndexSource draws bootstrap indices: IntN returns a uniform integer in
// [0, n). *rand.Rand of math/rand/v2 satisfies it; a caller may supply any
// other source (one replaying recorded indices, say).
type IndexSource interface {
	IntN(n int) int
}

// SobolResult holds the variance-based sensitivity indices of each input
// (SobolIndices).
type SobolResult struct {
	// Variance is the sample variance (n − 1) of the outputs of the A and
	// B runs together, the denominator of every index.
	Variance float64
	// Si and STi are the first-order and total indices of each input.
	Si, STi []float64
	// SiQ5 … STiQ95 are the 5th and 95th percentiles (R's quantile type 7)
	// of the bootstrap replicates of each index; nil without bootstrap.
	SiQ5, SiQ95, STiQ5, STiQ95 []float64
}

// SobolIndices estimates the first-order and total sensitivity indices of
// d inputs from the outputs y of a Saltelli design with n base points, in
// the run order of SaltelliDesign (len(y) = n·(d + 2)), as COINr's
// SA_estimate() does (R/sensitivity.R). With y_A, y_B and y_ABk the n
// outputs of the blocks A, B and A_B^(k):
//
//	V    = var(y_A ∪ y_B)                           sample variance, 2n values, divisor 2n − 1
//	S_k  = (1/n) Σᵢ y_B,i·(y_ABk,i − y_A,i) / V     Saltelli et al. 2010
//	ST_k = Σᵢ (y_A,i − y_ABk,i)² / (2n·V)            Jansen 1999
//
// Means and sums are accumulated in extended precision (Accumulator), as R's
// mean(), sum() and var() are. A NaN output (a run whose regeneration
// failed) makes V, and so every index, NaN, as R's var() without na.rm; a
// constant output makes V = 0 and the indices NaN or ±Inf, as in COINr.
//
// With nboot > 0 it adds COINr's bootstrap intervals. COINr keeps V fixed
// and resamples, for each input separately, the n terms of each estimator
// with replacement (R's sample(x, replace = TRUE)): a replicate of S_k is
// the mean of n terms y_B,i·(y_ABk,i − y_A,i) drawn at random, divided by
// V; a replicate of ST_k is the sum of n terms (y_A,i − y_ABk,i)² drawn at
// random, divided by 2n·V. The indices come from rng in COINr's order:
// for each of the nboot replicates, n draws for S_k of each input k in
// turn, then n draws for ST_k of each input. The intervals are the 5th and
// 95th percentiles of the replicates of each index (R's quantile type 7,
// QuantileType7, NaN replicates left out). With the same rng the result
// is the same; it matches R's figures only with R's own random stream.
// COINr leaves the count of replicates to the caller (Nboot, default none).
//
// SobolIndices panics if n < 1, d < 1, len(y) ≠ n·(d + 2), nboot < 0, or
// nboot > 0 with a nil rng.
func SobolIndices(y []float64, n, d, nboot int, rng IndexSource) SobolResult {
	if n < 1 || d < 1 || len(y) != SaltelliRuns(n, d) {
		panic("composite: Sobol outputs do not match the design")
	}
	if nboot < 0 || (nboot > 0 && rng == nil) {
		panic("composite: Sobol bootstrap needs a count and an index source")
	}
	yA, yB := y[:n], y[n:2*n]
	v := varianceOf(y[:2*n])
	res := SobolResult{Variance: v, Si: make([]float64, d), STi: make([]float64, d)}
	den := float64(2*n) * v
	var siT, stT [][]float64
	if nboot > 0 {
		siT, stT = make([][]float64, d), make([][]float64, d)
		buf := make([]float64, 2*d*n)
		for k := range d {
			siT[k], stT[k] = buf[2*k*n:(2*k+1)*n], buf[(2*k+1)*n:(2*k+2)*n]
		}
	}
	for k := range d {
		yAB := y[(2+k)*n : (3+k)*n]
		var s, t Accumulator
		for i, ab := range yAB {
			p := float64(yB[i] * (ab - yA[i]))
			q := yA[i] - ab
			q2 := float64(q * q)
			s.Add(p)
			t.Add(q2)
			if nboot > 0 {
				siT[k][i], stT[k][i] = p, q2
			}
		}
		res.Si[k] = s.Div(float64(n)) / v
		res.STi[k] = t.Value() / den
	}
	if nboot == 0 {
		return res
	}
	siB, stB := make([][]float64, d), make([][]float64, d)
	bbuf := make([]float64, 2*d*nboot)
	for k := range d {
		siB[k], stB[k] = bbuf[2*k*nboot:(2*k+1)*nboot], bbuf[(2*k+1)*nboot:(2*k+2)*nboot]
	}
	for b := range nboot {
		for k := range d {
			var s Accumulator
			terms := siT[k]
			for range n {
				s.Add(terms[rng.IntN(n)])
			}
			siB[k][b] = s.Div(float64(n)) / v
		}
		for k := range d {
			var t Accumulator
			terms := stT[k]
			for range n {
				t.Add(terms[rng.IntN(n)])
			}
			stB[k][b] = t.Value() / den
		}
	}
	res.SiQ5, res.SiQ95 = make([]float64, d), make([]float64, d)
	res.STiQ5, res.STiQ95 = make([]float64, d), make([]float64, d)
	for k := range d {
		res.SiQ5[k], res.SiQ95[k] = bootInterval(siB[k])
		res.STiQ5[k], res.STiQ95[k] = bootInterval(stB[k])
	}
	return res
}

// bootInterval returns the type-7 5th and 95th percentiles of the values
// of x that are not NaN (R's quantile(x, c(0.05, 0.95), na.rm = TRUE)),
// sorting x in place.
func bootInterval(x []float64) (q5, q95 float64) {
	x = slices.DeleteFunc(x, math.IsNaN)
	slices.Sort(x)
	return QuantileType7(x, 0.05), QuantileType7(x, 0.95)
}

// varianceOf returns the sample variance (divisor n − 1) of x as R's var()
// computes it: the mean in extended precision, the squared deviations
// summed in extended precision and divided once. Any NaN gives NaN (var()
// without na.rm); fewer than two values give NaN.
func varianceOf(x []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	var a Accumulator
	for _, v := range x {
		a.Add(v)
	}
	mean := a.Div(float64(len(x)))
	var ss Accumulator
	for _, v := range x {
		d := v - mean
		ss.Add(float64(d * d))
	}
	return ss.Div(float64(len(x) - 1))
}
