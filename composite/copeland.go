package composite

import "math"

// Copeland returns the Copeland score of each unit, following COINr
// 1.1.14's a_copeland and outrankMatrix (Becker et al. 2022, JOSS 7(78):4567;
// Munda and Nardo 2009, Applied Economics 41(12):1513–1523). cols[j][i] is
// the value of child j for unit i, higher is better; NaN is missing. With
// the weights normalised once over all children, w̃_j = w_j/Σw, the
// outranking matrix is filled for i < k as
//
//	O_ik = Σ_{j: z_ij > z_kj} w̃_j + ½·Σ_{j: z_ij = z_kj} w̃_j
//	O_ki = 1 − O_ik
//
// where a comparison with a missing value counts neither way (its weight is
// not renormalised away), and the score is
//
//	s_i = Σ_{k≠i} sign(O_ik − ½)
//
// (the diagonal takes no part). As in COINr only the upper triangle is
// computed: with missing values O_ki is not the share k would win if the
// comparison were made from k's side, so the result can depend on the
// order of the units; a pair with no child in common gives O_ik = 0, a loss
// for the unit that comes first. Where O_ik is within 1e-9 of ½ its sums
// are recomputed as R's sum() does (extended precision, rounded once), so
// ties at exactly ½ come out as in COINr (sum(c(0.1, 0.35, 0.05)) is ½ in R,
// not 0.49999999999999994). Scores are integers in [−(n−1), n−1] and sum to 0.
//
// One deviation: a unit with no value at all gets NaN and is left out of
// every comparison (COINr would score it, and its neighbours would gain or
// lose a point depending on their position). Copeland takes O(n²·m) time.
// The scores are written to dst, which must have one element per unit, or
// be nil (a new slice is then allocated); Copeland returns dst. It panics if
// len(w) != len(cols), the columns differ in length or dst is not nil and
// its length is not that of the columns; with no columns it returns dst
// unchanged.
func Copeland(dst []float64, cols [][]float64, w []float64) []float64 {
	if len(w) != len(cols) {
		panic("composite: slice length mismatch")
	}
	if len(cols) == 0 {
		return dst
	}
	n, m := len(cols[0]), len(cols)
	for _, c := range cols {
		if len(c) != n {
			panic("composite: column length mismatch")
		}
	}
	if dst == nil {
		dst = make([]float64, n)
	} else if len(dst) != n {
		panic("composite: slice length mismatch")
	}
	var sw Accumulator
	for _, v := range w {
		if !math.IsNaN(v) {
			sw.Add(v)
		}
	}
	total := sw.Value()
	wn := make([]float64, m)
	for j, v := range w {
		wn[j] = v / total
	}
	// Row-major copy, so that each comparison reads two contiguous rows.
	rows := make([]float64, n*m)
	score := dst
	for i := range score {
		score[i] = 0
	}
	for j, col := range cols {
		for i, v := range col {
			rows[i*m+j] = v
			if !math.IsNaN(v) {
				score[i] = 1 // marks a unit with data
			}
		}
	}
	has := make([]bool, n)
	for i, s := range score {
		has[i] = s == 1
		score[i] = 0
	}
	for i := range n {
		if !has[i] {
			score[i] = math.NaN()
			continue
		}
		ri := rows[i*m : (i+1)*m : (i+1)*m]
		for k := i + 1; k < n; k++ {
			if !has[k] {
				continue
			}
			rk := rows[k*m : (k+1)*m : (k+1)*m]
			oik := copelandQuick(ri, rk, wn)
			if math.Abs(oik-0.5) < 1e-9 {
				oik = copelandOutrank(ri, rk, wn) // decide near ½ as R does
			}
			score[i] += copelandSign(oik - 0.5)
			score[k] += copelandSign((1 - oik) - 0.5)
		}
	}
	return score
}

// copelandOutrank returns Σ w where a > b plus half Σ w where a = b, each sum
// rounded once (R: sum(sum(w[a > b], na.rm = TRUE), sum(w[a == b],
// na.rm = TRUE)/2)). Comparisons with NaN are false both ways.
func copelandOutrank(a, b, w []float64) float64 {
	b, w = b[:len(a)], w[:len(a)]
	var win, tie Accumulator
	for j, x := range a {
		switch y := b[j]; {
		case x > y:
			win.Add(w[j])
		case x == y:
			tie.Add(w[j])
		}
	}
	return win.Value() + tie.Value()/2
}

// copelandQuick is copelandOutrank in plain double arithmetic and without
// branches on the data (which are unpredictable): within m ulps of the
// exact value, so only results near ½ need the exact sums.
func copelandQuick(a, b, w []float64) float64 {
	b, w = b[:len(a)], w[:len(a)]
	var win, tie float64
	for j, x := range a {
		y := b[j]
		var gt, eq uint64
		if x > y {
			gt = 1
		}
		if x == y {
			eq = 1
		}
		wb := math.Float64bits(w[j])
		win += math.Float64frombits(wb & -gt)
		tie += math.Float64frombits(wb & -eq)
	}
	return win + tie/2
}

func copelandSign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
