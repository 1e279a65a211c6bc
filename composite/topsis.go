package composite

import "math"

// TOPSISWeighting says where TOPSIS applies the weights.
type TOPSISWeighting int

const (
	// TOPSISScale scales the data, V = w·z, and takes Euclidean
	// distances in that weighted space (Hwang and Yoon 1981; R MCDA).
	TOPSISScale TOPSISWeighting = iota
	// TOPSISDistance puts the weights inside the root,
	// D = √Σ w·(z − z*)² (清风 数学建模 course code).
	TOPSISDistance
)

var topsisWeightingNames = map[TOPSISWeighting]string{TOPSISScale: "scale", TOPSISDistance: "distance"}

func (m TOPSISWeighting) String() string { return nameOf(topsisWeightingNames, m) }

// UnmarshalText parses a TOPSIS weighting name (scale or distance); an
// unknown name is an error that lists the valid ones.
func (m *TOPSISWeighting) UnmarshalText(b []byte) error {
	return parseName(topsisWeightingNames, m, b, "TOPSIS weighting")
}

// TOPSISResult holds the outcome of TOPSIS. Per-unit slices are NaN for a
// unit with no value in any column.
type TOPSISResult struct {
	// Closeness is the relative closeness D−/(D+ + D−) of each unit, in
	// [0, 1], higher is better.
	Closeness []float64
	// DPlus and DMinus are each unit's distances to the positive and the
	// negative ideal solution.
	DPlus, DMinus []float64
	// PIS and NIS are the positive and negative ideal value of each column:
	// its largest and smallest w·z for TOPSISScale, z for
	// TOPSISDistance; NaN for a column with no value.
	PIS, NIS []float64
}

// TOPSIS ranks units by their relative closeness to the ideal solution
// (Hwang and Yoon 1981, Multiple Attribute Decision Making, Springer).
// cols[j][i] is the normalised value of child j for unit i, oriented so that
// higher is better (negative indicators multiplied by −1 before
// normalisation, interval ones mapped onto [0, 1]); NaN is missing. With
// TOPSISScale
//
//	v_ij = w_j·z_ij,  v⁺_j = max_i v_ij,  v⁻_j = min_i v_ij
//	D⁺_i = √Σ_j (v_ij − v⁺_j)²,  D⁻_i = √Σ_j (v_ij − v⁻_j)²
//	C_i  = D⁻_i/(D⁺_i + D⁻_i)
//
// and with TOPSISDistance z⁺_j = max_i z_ij, z⁻_j = min_i z_ij and
// D±_i = √Σ_j w_j (z_ij − z±_j)². The ideals are taken over the units that
// have a value in the column. A unit's distances run over the children it
// has: a missing child is left out of both D⁺ and D⁻ (COINr has no TOPSIS to
// follow). When D⁺ + D⁻ = 0, which happens when every column the unit has is
// constant, C = 0.5 (the unit is as far from the best as from the worst).
// A unit with no value at all gets NaN.
//
// Because the ideals come from the data, adding or removing a unit can
// change the order of the others (rank reversal, inherent to TOPSIS).
//
// With the classic vector normalisation a cost column enters negated
// (−x/√Σx²), so its PIS and NIS are the negatives of those printed by tools
// that take the minimum of the unnegated column; the distances and the
// closeness are the same.
//
// w holds one weight ≥ 0 per column and is used as given: multiplying every
// weight by the same c > 0 leaves the closeness unchanged. TOPSIS panics if
// len(w) != len(cols) or the columns differ in length; with no columns it
// returns an empty result.
func TOPSIS(cols [][]float64, w []float64, weighting TOPSISWeighting) *TOPSISResult {
	if len(w) != len(cols) {
		panic("composite: slice length mismatch")
	}
	if weighting != TOPSISScale && weighting != TOPSISDistance {
		panic("composite: unknown TOPSIS weighting")
	}
	if len(cols) == 0 {
		return &TOPSISResult{}
	}
	n := len(cols[0])
	for _, c := range cols {
		if len(c) != n {
			panic("composite: column length mismatch")
		}
	}
	m := len(cols)
	buf := make([]float64, 3*n+2*m)
	r := &TOPSISResult{
		Closeness: buf[:n:n],
		DPlus:     buf[n : 2*n : 2*n],
		DMinus:    buf[2*n : 3*n : 3*n],
		PIS:       buf[3*n : 3*n+m : 3*n+m],
		NIS:       buf[3*n+m:],
	}
	// DPlus and DMinus accumulate the squared distances; Closeness counts
	// the columns each unit has.
	dp, dm, cnt := r.DPlus, r.DMinus, r.Closeness
	for j, col := range cols {
		mn, mx := math.Inf(1), math.Inf(-1)
		for _, v := range col {
			if v < mn {
				mn = v
			}
			if v > mx {
				mx = v
			}
		}
		if mx < mn { // no value
			r.PIS[j], r.NIS[j] = math.NaN(), math.NaN()
			continue
		}
		wj := w[j]
		if weighting == TOPSISScale {
			// w ≥ 0 and rounding is monotone, so max(w·z) = w·max z.
			pis, nis := wj*mx, wj*mn
			r.PIS[j], r.NIS[j] = pis, nis
			topsisScaled(dp, dm, cnt, col, wj, pis, nis)
		} else {
			r.PIS[j], r.NIS[j] = mx, mn
			topsisInside(dp, dm, cnt, col, wj, mx, mn)
		}
	}
	for i, c := range cnt {
		if c == 0 {
			r.Closeness[i], r.DPlus[i], r.DMinus[i] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		p, q := math.Sqrt(dp[i]), math.Sqrt(dm[i])
		dp[i], dm[i] = p, q
		if s := p + q; s > 0 {
			r.Closeness[i] = q / s
		} else {
			r.Closeness[i] = 0.5
		}
	}
	return r
}

// topsisScaled adds (w·z − pis)² and (w·z − nis)² of one column to dp and
// dm and counts the values present in cnt.
func topsisScaled(dp, dm, cnt, col []float64, w, pis, nis float64) {
	dp, dm, cnt = dp[:len(col)], dm[:len(col)], cnt[:len(col)]
	for i, z := range col {
		if math.IsNaN(z) {
			continue
		}
		v := w * z
		a, b := v-pis, v-nis
		dp[i] += a * a
		dm[i] += b * b
		cnt[i]++
	}
}

// topsisInside adds w·(z − pis)² and w·(z − nis)² of one column to dp and
// dm and counts the values present in cnt.
func topsisInside(dp, dm, cnt, col []float64, w, pis, nis float64) {
	dp, dm, cnt = dp[:len(col)], dm[:len(col)], cnt[:len(col)]
	for i, z := range col {
		if math.IsNaN(z) {
			continue
		}
		a, b := z-pis, z-nis
		dp[i] += w * a * a
		dm[i] += w * b * b
		cnt[i]++
	}
}
