package composite

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// CombineRule names a way to combine several weight vectors over the same
// children (组合赋权).
type CombineRule int

const (
	CombineLinear         CombineRule = iota // Σ α_k w_k
	CombineMultiplicative                    // ∝ Π_k w_k
	CombineMinInformation                    // ∝ (Π_k w_k)^(1/L), minimum discrimination information
	CombineGameTheory                        // Σ α*_k w_k, α* from the game-theory system
)

var combineRuleNames = map[CombineRule]string{
	CombineLinear: "linear", CombineMultiplicative: "multiplicative", CombineMinInformation: "min_information", CombineGameTheory: "game_theory",
}

func (r CombineRule) String() string { return nameOf(combineRuleNames, r) }

// UnmarshalText parses a combination rule name (linear, multiplicative,
// min_information, game_theory); an unknown name is an error that lists the
// valid ones.
func (r *CombineRule) UnmarshalText(b []byte) error {
	return parseName(combineRuleNames, r, b, "combination rule")
}

// CombineResult is the outcome of CombineWeights.
type CombineResult struct {
	// Weights sum to 1.
	Weights []float64
	// Coefficients are the α_k of the linear rule and the α*_k of the game
	// theory rule, one per vector; nil for the other rules.
	Coefficients []float64
	// Warnings report a rule applied where the formula breaks down
	// (WarnGameTheorySingular).
	Warnings []Warning
}

// gameTheoryCond is the condition number of the game-theory Gram matrix
// above which the vectors are treated as linearly dependent.
const gameTheoryCond = 1e12

// CombineWeights combines L ≥ 2 weight vectors ws over the same m children
// into one. Each vector is renormalised to sum 1 first (defensively). By
// rule:
//
//	CombineLinear:          w = Σ_k α_k w_k
//	CombineMultiplicative:  w_i ∝ Π_k w_ki
//	CombineMinInformation:  w_i ∝ (Π_k w_ki)^(1/L)      (√(w_a w_b) for two)
//	CombineGameTheory:      Σ_j α_j (w_i·w_j) = w_i·w_i  (i = 1..L),
//	                     α* = |α| / Σ|α|,  w = Σ_k α*_k w_k
//
// each normalised to sum 1. For the linear rule alpha holds α: one value
// for two vectors (α, 1 − α; α w_subjective + (1 − α) w_objective with the
// subjective vector first), or L values summing to 1; nil means equal
// coefficients (0.5 for two, the profile default). The other rules ignore
// alpha. The game-theory rule (博弈论组合赋权) takes |α| as most papers do;
// some use α/Σα, which differs when an α is negative. When the vectors
// are linearly dependent (e.g. identical) the system is singular: the
// coefficients are then equal, with a warning, and no error.
//
// CombineWeights returns an error for fewer than 2 vectors, vectors of
// different lengths, an entry that is negative or not finite, a vector
// summing to 0, a bad alpha (wrong count, outside [0, 1], not summing to
// 1), or for the product rules when no child has a positive weight in
// every vector.
func CombineWeights(rule CombineRule, ws [][]float64, alpha []float64) (*CombineResult, error) {
	L := len(ws)
	if L < 2 {
		return nil, fmt.Errorf("combine: %d weight vectors, need at least 2", L)
	}
	m := len(ws[0])
	norm := make([][]float64, L)
	for k, w := range ws {
		if len(w) != m {
			return nil, fmt.Errorf("combine: vector %d has %d weights, vector 1 has %d", k+1, len(w), m)
		}
		for i, v := range w {
			if !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("combine: vector %d, weight %d: %v is not a finite number ≥ 0", k+1, i+1, v)
			}
		}
		norm[k] = make([]float64, m)
		if !shareOf(norm[k], w) {
			return nil, fmt.Errorf("combine: vector %d sums to 0", k+1)
		}
	}
	res := &CombineResult{Weights: make([]float64, m)}
	switch rule {
	case CombineLinear:
		a, err := linearCoefficients(alpha, L)
		if err != nil {
			return nil, err
		}
		res.Coefficients = a
		mix(res.Weights, norm, a)
	case CombineMultiplicative, CombineMinInformation:
		for i := range m {
			p := 1.0
			for _, w := range norm {
				p *= w[i]
			}
			if rule == CombineMinInformation {
				p = math.Pow(p, 1/float64(L))
			}
			res.Weights[i] = p
		}
		if !shareOf(res.Weights, res.Weights) {
			return nil, errors.New("combine: no child has a positive weight in every vector, so every product is 0")
		}
	case CombineGameTheory:
		a, ok := gameTheoryAlpha(norm)
		if !ok {
			for k := range a {
				a[k] = 1 / float64(L)
			}
			res.Warnings = append(res.Warnings, Warning{Kind: WarnGameTheorySingular})
		} else {
			var s float64
			for _, v := range a {
				s += math.Abs(v)
			}
			for k, v := range a {
				a[k] = math.Abs(v) / s
			}
		}
		res.Coefficients = a
		mix(res.Weights, norm, a)
	default:
		return nil, fmt.Errorf("combine: unknown rule %v", rule)
	}
	return res, nil
}

// linearCoefficients expands and checks the α of the linear rule.
func linearCoefficients(alpha []float64, L int) ([]float64, error) {
	a := make([]float64, L)
	switch {
	case len(alpha) == 0:
		for k := range a {
			a[k] = 1 / float64(L)
		}
		return a, nil
	case L == 2 && len(alpha) == 1:
		a[0], a[1] = alpha[0], 1-alpha[0]
	case len(alpha) == L:
		copy(a, alpha)
	default:
		return nil, fmt.Errorf("combine: %d alpha values for %d vectors (want %d, or 1 for 2 vectors)", len(alpha), L, L)
	}
	var s float64
	for _, v := range a {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("combine: alpha %v outside [0, 1]", v)
		}
		s += v
	}
	if math.Abs(s-1) > 1e-9 {
		return nil, fmt.Errorf("combine: alpha values sum to %v, want 1", s)
	}
	return a, nil
}

// mix sets dst = Σ_k a_k ws_k, normalised to sum 1.
func mix(dst []float64, ws [][]float64, a []float64) {
	for i := range dst {
		var s float64
		for k, w := range ws {
			s += a[k] * w[i]
		}
		dst[i] = s
	}
	shareOf(dst, dst)
}

// gameTheoryAlpha solves Σ_j α_j (w_i·w_j) = w_i·w_i for the raw α. It
// reports false, with α allocated but unset, when the Gram matrix is
// singular or nearly so.
func gameTheoryAlpha(ws [][]float64) ([]float64, bool) {
	L := len(ws)
	g := mat.NewSymDense(L, nil)
	b := mat.NewVecDense(L, nil)
	for i := range L {
		for j := i; j < L; j++ {
			var d float64
			for c, v := range ws[i] {
				d += v * ws[j][c]
			}
			g.SetSym(i, j, d)
		}
		b.SetVec(i, g.At(i, i))
	}
	alpha := make([]float64, L)
	var ch mat.Cholesky
	if !ch.Factorize(g) || ch.Cond() > gameTheoryCond {
		return alpha, false
	}
	x := mat.NewVecDense(L, alpha)
	if err := ch.SolveVecTo(x, b); err != nil {
		return alpha, false
	}
	return alpha, true
}
