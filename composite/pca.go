package composite

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// PCAResult is the outcome of PCAWeights.
type PCAResult struct {
	// Weights has one value per column; they sum to 1 and are never NaN.
	Weights []float64
	// Eigenvalues of the correlation matrix, descending (m values; those
	// beyond the number of complete units are 0), and VarianceExplained,
	// each eigenvalue's share of their sum.
	Eigenvalues, VarianceExplained []float64
	// Retained is the number of leading components kept (eigenvalue ≥ 1).
	Retained int
	// Warnings report left-out units and constant columns, columns
	// numbered from 1 (WarnUnitsLeftOut, WarnTooFewUnits, WarnPCAConstant),
	// and equal weights (WarnPCANoneVaries, WarnPCALoadingsZero).
	Warnings []Warning
}

// kaiserTol absorbs rounding in the Kaiser criterion: an eigenvalue of
// exactly 1 in theory (uncorrelated columns) may come out as 1 − 1e-15.
const kaiserTol = 1e-9

// PCAWeights returns weights from a principal component analysis of the
// correlation matrix (the SPSS-style 主成分分析 weights of much Chinese
// literature). cols[j][i] is the value of indicator j for unit i, NaN when
// missing. The variant:
//
//  1. Units with a missing value in any column are left out (listwise
//     deletion, with a warning); each column of the complete units is
//     standardised, z = (x − x̄)/s with the sample SD.
//  2. The components are those of the correlation matrix R (gonum
//     stat.PC on z): eigenvalues λ_1 ≥ … ≥ λ_m, unit-norm eigenvectors a_k.
//  3. Components with λ_k ≥ 1 are retained (Kaiser criterion; at least
//     one), q of them.
//  4. w_j ∝ Σ_{k≤q} (λ_k / Σ_{l≤q} λ_l)·|a_jk|, normalised to sum 1.
//
// The absolute value makes the signs of the eigenvectors, which are
// arbitrary, irrelevant; direction (cost) plays no part. A constant column
// is standardised to 0 (a warning): it adds an eigenvalue 0 and gets
// weight 0. Fewer than 2 complete units, or no column with any variance,
// give equal weights with a warning. PCAWeights returns a
// *WeightValueError for an infinite value and an error when the SVD
// fails. It panics if the columns differ in length.
func PCAWeights(cols [][]float64) (*PCAResult, error) {
	checkObjectiveInput(cols, nil)
	m := len(cols)
	res := &PCAResult{Weights: make([]float64, m), Eigenvalues: make([]float64, m), VarianceExplained: make([]float64, m)}
	if m == 0 {
		return res, nil
	}
	rows, ok, err := listwise("pca", cols, res.Weights, &res.Warnings)
	if err != nil {
		return nil, err
	}
	if !ok {
		return res, nil
	}
	n := len(rows)

	z := mat.NewDense(n, m, nil)
	x := make([]float64, n)
	varying := 0
	for j, c := range cols {
		for k, i := range rows {
			x[k] = c[i]
		}
		mean, sd, _ := MeanSD(x)
		if !(sd > 0) {
			res.Warnings = append(res.Warnings, Warning{Kind: WarnPCAConstant, Column: j + 1})
			continue
		}
		varying++
		for k := range x {
			z.Set(k, j, (x[k]-mean)/sd)
		}
	}
	if varying == 0 {
		res.Warnings = append(res.Warnings, Warning{Kind: WarnPCANoneVaries})
		equalOver(res.Weights, nil)
		return res, nil
	}

	var pc stat.PC
	if !pc.PrincipalComponents(z, nil) {
		return nil, fmt.Errorf("pca: singular value decomposition failed")
	}
	vals := pc.VarsTo(nil) // min(n, m) values, descending
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	copy(res.Eigenvalues, vals)
	var total float64
	for _, v := range vals {
		total += v
	}
	for k, v := range vals {
		res.VarianceExplained[k] = v / total
	}
	q := 1
	for q < len(vals) && vals[q] >= 1-kaiserTol {
		q++
	}
	res.Retained = q
	var kept float64
	for _, v := range vals[:q] {
		kept += v
	}
	for j := range m {
		var w float64
		for k := range q {
			w += vals[k] / kept * math.Abs(vecs.At(j, k))
		}
		res.Weights[j] = w
	}
	if !shareOf(res.Weights, res.Weights) {
		equalOver(res.Weights, nil)
		res.Warnings = append(res.Warnings, Warning{Kind: WarnPCALoadingsZero})
	}
	return res, nil
}
