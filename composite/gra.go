package composite

import "math"

// GRAResult holds the outcome of GRA.
type GRAResult struct {
	// Grade is the grey relational grade of each unit, in (0, 1], higher is
	// better; NaN for a unit with no value.
	Grade []float64
	// Coef holds the grey relational coefficients ξ, laid out like the
	// input: Coef[j][i] for child j and unit i; NaN where the value is
	// missing.
	Coef [][]float64
	// DeltaMin and DeltaMax are the two-level minimum and maximum of
	// Δ_ij = |x0_j − z_ij| over all children and units; NaN when no value
	// is present.
	DeltaMin, DeltaMax float64
}

// GRA computes Deng's grey relational analysis (灰色关联分析; Deng J.-L. 1982,
// Systems & Control Letters 1(5):288–294) against the ideal unit. cols[j][i]
// is the normalised value of child j for unit i, oriented so that higher is
// better; NaN is missing. The reference sequence is the best value of each
// child, and the coefficients use the global (two-level) minimum and maximum
// difference over the node:
//
//	x0_j  = max_i z_ij
//	Δ_ij  = |x0_j − z_ij|,  Δmin = min_ij Δ_ij,  Δmax = max_ij Δ_ij
//	ξ_ij  = (Δmin + ρ·Δmax)/(Δ_ij + ρ·Δmax)
//	r_i   = Σ_j w_j ξ_ij / Σ_j w_j
//
// with both sums of r_i over the children unit i has (its weights
// renormalised, as COINr's a_amean does with missing values). When
// Δmax = 0 (every column constant) every ξ is 1. The distinguishing
// coefficient rho must be in (0, 1], usually 0.5; GRA does not check it (the
// profile validation does). w holds one weight ≥ 0 per column; a unit whose
// present children all weigh 0 gets NaN, as does a unit with no value.
// GRA panics if len(w) != len(cols) or the columns differ in length.
func GRA(cols [][]float64, w []float64, rho float64) *GRAResult {
	if len(w) != len(cols) {
		panic("composite: slice length mismatch")
	}
	r := &GRAResult{Coef: make([][]float64, len(cols)), DeltaMin: math.NaN(), DeltaMax: math.NaN()}
	if len(cols) == 0 {
		return r
	}
	n := len(cols[0])
	for _, c := range cols {
		if len(c) != n {
			panic("composite: column length mismatch")
		}
	}
	m := len(cols)
	buf := make([]float64, (m+2)*n)
	// First pass: Δ into Coef, and the global Δmin and Δmax.
	dmin, dmax := math.Inf(1), math.Inf(-1)
	for j, col := range cols {
		delta := buf[j*n : (j+1)*n : (j+1)*n]
		r.Coef[j] = delta
		mx := math.Inf(-1)
		for _, v := range col {
			if v > mx {
				mx = v
			}
		}
		if math.IsInf(mx, -1) { // no value, or every value −Inf
			fillNaN(delta)
			continue
		}
		for i, v := range col {
			d := math.Abs(mx - v)
			delta[i] = d
			if d < dmin {
				dmin = d
			}
			if d > dmax {
				dmax = d
			}
		}
	}
	r.Grade = buf[m*n : (m+1)*n : (m+1)*n]
	if dmax < dmin { // no value anywhere
		fillNaN(r.Grade)
		return r
	}
	r.DeltaMin, r.DeltaMax = dmin, dmax
	// Second pass: ξ in place, and the weighted sums.
	sw := buf[(m+1)*n:]
	num, den := dmin+rho*dmax, rho*dmax
	if dmax == 0 { // every Δ is 0: ξ = 1/(0 + 1)
		num, den = 1, 1
	}
	for j, coef := range r.Coef {
		graCoef(r.Grade, sw, coef, w[j], num, den)
	}
	for i, s := range sw {
		if s > 0 {
			r.Grade[i] /= s
		} else {
			r.Grade[i] = math.NaN()
		}
	}
	return r
}

// graCoef turns the differences delta of one column into coefficients
// ξ = num/(Δ + den) and adds w·ξ to grade and w to sw where the value is
// present.
func graCoef(grade, sw, delta []float64, w, num, den float64) {
	grade, sw = grade[:len(delta)], sw[:len(delta)]
	for i, d := range delta {
		if math.IsNaN(d) {
			continue
		}
		xi := num / (d + den)
		delta[i] = xi
		grade[i] += w * xi
		sw[i] += w
	}
}
