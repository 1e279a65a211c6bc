package composite

import (
	"cmp"
	"math"
	"math/big"
	"slices"
)

// QuantileType7 returns the quantile at probability p of the values in
// sorted, which must be in ascending order and free of NaN: R's default
// quantile(x, p) (type 7; Hyndman and Fan 1996, definition 7), which COINr
// uses for the 5th and 95th percentile ranks of an uncertainty analysis and
// for the bootstrap intervals of the sensitivity indices. With n values
// x₁ ≤ … ≤ xₙ,
//
//	h = (n − 1)·p + 1,  j = ⌊h⌋,  g = h − j
//	Q(p) = x_j                         when g = 0 or x_{j+1} = x_j
//	Q(p) = (1 − g)·x_j + g·x_{j+1}     otherwise
//
// computed in R's order, each product rounded before the sum (no fused
// multiply-add), so the result is R's to the last bit. It returns NaN for an
// empty slice (R: NA) and panics if p is NaN or outside [0, 1].
func QuantileType7(sorted []float64, p float64) float64 {
	checkProb(p)
	return quantile7(len(sorted), p, func(k int) float64 { return sorted[k-1] })
}

func checkProb(p float64) {
	if !(p >= 0 && p <= 1) {
		panic("composite: probability outside [0, 1]")
	}
}

// quantile7 is QuantileType7 over n ordered values, kth(k) returning the
// k-th smallest (1-based).
func quantile7(n int, p float64, kth func(k int) float64) float64 {
	if n == 0 {
		return math.NaN()
	}
	index := 1 + float64(float64(n-1)*p)
	lo := math.Floor(index)
	q := kth(int(lo))
	if index > lo {
		if hi := kth(int(math.Ceil(index))); hi != q {
			g := index - lo
			q = float64((1-g)*q) + float64(g*hi)
		}
	}
	return q
}

// RankStats summarises one unit's ranks over the replicates of an
// uncertainty analysis, as COINr's get_sensitivity() reports them in
// RankStats: the mean, the median and the 5th and 95th percentiles (R's
// quantile type 7, QuantileType7) of the ranks present, NaN for all four
// when the unit has no rank in any replicate (R: NaN for the mean, NA for
// the others). N is the count of replicates where the unit has a rank.
type RankStats struct {
	Mean, Median, Q5, Q95 float64
	N                     int
}

// RankStatsOf returns the statistics of one unit's ranks over the
// replicates, ranks[r] its sport rank (SportRanksTo) in replicate r, 0 when
// the unit is missing there. Missing ranks are left out, as COINr's
// na.rm = TRUE does. It allocates a sorted copy of the ranks; RankStatsTo
// does every unit at once without sorting. It panics on a negative rank.
//
// COINr (get_sensitivity, R/sensitivity.R) takes the statistics over every
// replicate of an uncertainty analysis (SA_type = "UA", N runs) but only
// over the first 2N runs of a sensitivity analysis (the A and B blocks of
// the Saltelli design, SaltelliDesign), leaving out the N·d runs of the
// blocks that mix them; the caller passes those replicates. The ranks are
// R's integers, so the mean is R's mean() of an integer vector: the exact
// sum divided in 80-bit long double and rounded to double, as on x86-64.
func RankStatsOf(ranks []int32) RankStats {
	present := make([]int32, 0, len(ranks))
	var sum int64
	for _, r := range ranks {
		if r < 0 {
			panic("composite: negative rank")
		}
		if r > 0 {
			present = append(present, r)
			sum += int64(r)
		}
	}
	slices.Sort(present)
	return rankStatsFrom(len(present), sum, func(k int) int32 { return present[k-1] })
}

// RankStatsTo sets dst[i] to the statistics (RankStatsOf) of unit i's
// ranks over the replicates, reps[r][i] its rank in replicate r as
// SportRanksTo writes it (1 the best, 0 missing). Every reps[r] must have
// the length of dst, and a rank must lie in [0, len(dst)]; RankStatsTo
// panics otherwise.
//
// It counts the ranks of a block of units into a histogram, one pass over
// the replicates, and reads the order statistics off the cumulative
// counts: O(R·U + U²) for R replicates and U units, with no sorting, and
// the same figures as RankStatsOf.
func RankStatsTo(dst []RankStats, reps [][]int32) {
	u := len(dst)
	for _, rep := range reps {
		if len(rep) != u {
			panic("composite: slice length mismatch")
		}
	}
	if u == 0 {
		return
	}
	width := u + 1 // ranks 0..u
	block := max(1, (1<<20)/width)
	hist := make([]int32, min(block, u)*width)
	for i0 := 0; i0 < u; i0 += block {
		i1 := min(i0+block, u)
		h := hist[:(i1-i0)*width]
		clear(h)
		for _, rep := range reps {
			for j, r := range rep[i0:i1] {
				if r < 0 || int(r) > u {
					panic("composite: rank outside [0, units]")
				}
				h[j*width+int(r)]++
			}
		}
		for j := range i1 - i0 {
			row := h[j*width : (j+1)*width]
			n := len(reps) - int(row[0])
			var sum int64
			for r, c := range row[1:] {
				sum += int64(r+1) * int64(c)
			}
			dst[i0+j] = rankStatsFrom(n, sum, func(k int) int32 {
				// the k-th smallest rank: the first r whose cumulative count reaches k
				c := 0
				for r, m := range row[1:] {
					if c += int(m); c >= k {
						return int32(r + 1)
					}
				}
				panic("unreachable")
			})
		}
	}
}

// rankStatsFrom computes RankStats from n ranks with the given sum, kth(k)
// returning the k-th smallest (1-based).
func rankStatsFrom(n int, sum int64, kth func(k int) int32) RankStats {
	if n == 0 {
		nan := math.NaN()
		return RankStats{Mean: nan, Median: nan, Q5: nan, Q95: nan}
	}
	s := RankStats{N: n, Mean: intMean(sum, n)}
	half := (n + 1) / 2
	if n%2 == 1 {
		s.Median = float64(kth(half))
	} else {
		s.Median = intMean(int64(kth(half))+int64(kth(half+1)), 2)
	}
	f := func(k int) float64 { return float64(kth(k)) }
	s.Q5 = quantile7(n, 0.05, f)
	s.Q95 = quantile7(n, 0.95, f)
	return s
}

// intMean returns sum/n as R's mean() of an integer vector computes it on
// x86-64: the sum is exact and the quotient is rounded to a 64-bit
// significand (long double), then to double. When n < 2048 and the sum is
// exact in a double this is the correctly rounded quotient: sum/n differs
// from every midpoint between two doubles by at least ulp/(2n), more than
// the long-double rounding error (ulp/2¹²), so the double rounding cannot
// change the result.
func intMean(sum int64, n int) float64 {
	const exact = 1 << 53
	if n < 2048 && sum < exact && sum > -exact {
		return float64(sum) / float64(n)
	}
	var q big.Float
	q.SetPrec(64).SetMode(big.ToNearestEven)
	q.Quo(new(big.Float).SetInt64(sum), new(big.Float).SetInt64(int64(n)))
	f, _ := q.Float64()
	return f
}

// MeanAbsRankShift returns the output variable of COINr's sensitivity
// analysis for one replicate: the mean over the units of the absolute
// change of rank from the nominal ranking,
//
//	y = (1/m) Σ |rank_i − nominal_i|
//
// over the m units ranked in both (get_sensitivity's y_AvDiffs: mean(abs(x
// − Nominal), na.rm = TRUE)). Ranks are sport ranks (SportRanksTo: 1 the
// best, ties sharing the lowest rank, as COINr's rank_df with ties.method =
// "min"); 0 marks a missing rank, and a unit missing in either ranking is
// left out, as R's NA is. With no unit in common (a replicate whose
// regeneration failed has every rank missing) it returns NaN, as R's mean
// of nothing. The mean is R's integer mean (see RankStatsOf). It panics if
// the slices differ in length or a rank is negative.
func MeanAbsRankShift(ranks, nominal []int32) float64 {
	if len(ranks) != len(nominal) {
		panic("composite: slice length mismatch")
	}
	var sum int64
	m := 0
	for i, r := range ranks {
		o := nominal[i]
		if r < 0 || o < 0 {
			panic("composite: negative rank")
		}
		if r == 0 || o == 0 {
			continue
		}
		d := int64(r) - int64(o)
		if d < 0 {
			d = -d
		}
		sum += d
		m++
	}
	if m == 0 {
		return math.NaN()
	}
	return intMean(sum, m)
}

// NoisyWeightsTo sets dst to the weights w perturbed by COINr's
// get_noisy_weights() (R/sensitivity.R) with noise factor f and the
// uniform draws u (one per weight, in [0, 1]):
//
//	w'ᵢ = wᵢ + ((2uᵢ − 1)·f)·wᵢ
//
// so each weight moves by up to ±f of its nominal value, uniformly. The
// products are rounded in R's order. The weights are not renormalised and
// not clipped (COINr's aggregators divide by the sum of the weights
// anyway). dst may be w. A NaN weight stays NaN (COINr refuses NA
// weights). It panics if the slices differ in length or a draw lies
// outside [0, 1].
//
// COINr perturbs every weight of each level listed in noise_specs, each
// with its own draw: for each of the Nrep replicate weight sets in turn,
// for each level in the order of noise_specs' rows, one runif() per weight
// of that level in the order of the weight table. The caller draws u in
// that order to replay a run. The sets are then one discrete input of the
// sensitivity analysis (Distribution = the list of sets, Type =
// "discrete"): each run picks one of the Nrep sets with Cut, rather than
// drawing fresh noise.
func NoisyWeightsTo(dst, w []float64, f float64, u []float64) {
	if len(dst) != len(w) || len(u) != len(w) {
		panic("composite: slice length mismatch")
	}
	for i, wi := range w {
		ui := u[i]
		if !(ui >= 0 && ui <= 1) {
			panic("composite: uniform draw outside [0, 1]")
		}
		t := float64(ui*2 - 1)
		t = float64(t * f)
		dst[i] = wi + float64(t*wi)
	}
}

// QuantilesTo sets dst[i] to the type-7 quantile (QuantileType7) of the
// values of x at probability ps[i], without sorting x: it reorders x in
// place by selection (Hoare's quickselect, median-of-three pivots), O(n)
// per probability on average, where sorting costs O(n log n). x must be
// free of NaN. It panics if dst and ps differ in length or a probability
// is outside [0, 1].
func QuantilesTo(dst, x, ps []float64) {
	if len(dst) != len(ps) {
		panic("composite: slice length mismatch")
	}
	order := make([]int, len(ps))
	for i := range order {
		checkProb(ps[i])
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ps[a], ps[b]) })
	// After x[k] is selected, every value from k + 1 on is no smaller:
	// later (larger) order statistics are selected there only.
	from := 0
	kth := func(k int) float64 {
		k-- // 0-based
		if k < from {
			// Already placed: from is one past the last selected, and
			// x[from−1] is that value; a smaller k only recurs for ties.
			return x[k]
		}
		v := selectKth(x[from:], k-from)
		from = k + 1
		return v
	}
	for _, i := range order {
		dst[i] = quantile7(len(x), ps[i], kth)
	}
}

// selectKth reorders x so that x[k] holds the (k+1)-th smallest value,
// the values before it no larger and those after it no smaller, and
// returns x[k].
func selectKth(x []float64, k int) float64 {
	lo, hi := 0, len(x)-1
	for hi > lo {
		// Median of three as the pivot, moved to x[hi].
		mid := lo + (hi-lo)/2
		if x[mid] < x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] < x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[mid] < x[hi] {
			x[mid], x[hi] = x[hi], x[mid]
		}
		pivot := x[hi]
		i := lo
		for j := lo; j < hi; j++ {
			if x[j] < pivot {
				x[i], x[j] = x[j], x[i]
				i++
			}
		}
		x[i], x[hi] = x[hi], x[i]
		switch {
		case k < i:
			hi = i - 1
		case k > i:
			lo = i + 1
		default:
			return x[k]
		}
	}
	return x[k]
}
