package composite_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestCopelandHandComputed(t *testing.T) {
	tests := []struct {
		name string
		cols [][]float64 // cols[j][i]
		w    []float64
		want []float64
	}{
		// By hand, COINr a_copeland semantics. w = (2, 1, 1) → (0.5, 0.25,
		// 0.25). A = (3, 1, 2), B = (3, 2, NaN), C = (1, 2, 5).
		// O_AB = ½·0.5 (tie) = 0.25 → A −1; O_BA = 1 − 0.25 = 0.75 → B +1
		//   (from B's side it would be 0.25 + 0.125 + 0.125 = 0.5: the
		//   upper-triangle-only rule matters with a missing value).
		// O_AC = 0.5 → 0 each.
		// O_BC = 0.5 + ½·0.25 = 0.625 → B +1, C −1.
		{"ties and a missing value", [][]float64{{3, 3, 1}, {1, 2, 2}, {2, mvNaN, 5}}, []float64{2, 1, 1},
			[]float64{-1, 2, -1}},
		// The same units in the order B, A, C: now O_BA = 0.5 → 0 each.
		{"order matters with missing values", [][]float64{{3, 3, 1}, {2, 1, 2}, {mvNaN, 2, 5}}, []float64{2, 1, 1},
			[]float64{1, 0, -1}},
		// w = (1, 1, 1): A wins one, ties one, loses one: 1/3 + (1/3)/2
		// rounds to exactly 0.5, as in R, so neither gains.
		{"thirds sum to one half", [][]float64{{2, 1}, {1, 1}, {0, 1}}, []float64{1, 1, 1}, []float64{0, 0}},
		// w = (0.1, 0.35, 0.05, 0.5): A wins 0.1 + 0.35 + 0.05, which is ½
		// in R (sum() in extended precision) but 0.49999999999999994 added
		// in double; R (4.2.2, restated a_copeland) scores 0, 0.
		{"sum rounded once", [][]float64{{1, 0}, {1, 0}, {1, 0}, {0, 1}}, []float64{0.1, 0.35, 0.05, 0.5}, []float64{0, 0}},
		// No child in common: O_AB = 0, A (first) loses.
		{"no common child", [][]float64{{1, mvNaN}, {mvNaN, 1}}, []float64{1, 1}, []float64{-1, 1}},
		// A unit with no data is NaN and takes no part (D here).
		{"unit without data", [][]float64{{1, 2, mvNaN, 3}, {1, 2, mvNaN, 0}}, []float64{1, 1},
			[]float64{-1, 1, mvNaN, 0}},
		// 8 units × 4 children with ties and missing values; expected values
		// from R 4.2.2 running COINr 1.1.14's outrankMatrix and a_copeland,
		// restated from the package source (every hand case above gives
		// the same there).
		{"R reference", [][]float64{
			{0.3, 0.3, 0.7, 0.1, mvNaN, 0.7, 0.3, 0.1},
			{0.5, 0.1, 0.5, 0.9, 0.5, 0.1, 0.5, mvNaN},
			{mvNaN, 0.9, 0.4, 0.4, 0.9, 0.1, 0.4, mvNaN},
			{0.2, 0.2, mvNaN, 0.6, 0.6, 0.2, 0.6, 0.8},
		}, []float64{0.4, 0.2, 0.3, 0.1}, []float64{-7, -2, 3, -3, 3, -3, 2, 7}},
		// Strict dominance: 3 > 2 > 1 on every child.
		{"dominance", [][]float64{{1, 2, 3}, {1, 2, 3}}, []float64{0.4, 0.6}, []float64{-2, 0, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := composite.Copeland(nil, tt.cols, tt.w); !mvSame(got, tt.want, 0) {
				t.Errorf("Copeland = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCopelandInvariants: without missing values the scores are integers
// summing to 0, permuting the units permutes them, and a duplicated unit
// scores the same as its original (their comparison is a tie).
func TestCopelandInvariants(t *testing.T) {
	const n, m = 25, 6
	cols := mvRandomCols(n, m, 0, 11)
	for j := range cols { // coarse values, so that ties occur
		for i, v := range cols[j] {
			cols[j][i] = float64(int(v * 4))
		}
	}
	w := []float64{1, 2, 1, 3, 1, 2}
	s := composite.Copeland(nil, cols, w)
	sum := 0.0
	for _, v := range s {
		sum += v
		if v != float64(int(v)) || v < -(n-1) || v > n-1 {
			t.Errorf("score %v", v)
		}
	}
	if sum != 0 {
		t.Errorf("scores sum to %v", sum)
	}
	perm := rand.New(rand.NewPCG(1, 1)).Perm(n)
	p := composite.Copeland(nil, mvPermute(cols, perm), w)
	for k, i := range perm {
		if p[k] != s[i] {
			t.Errorf("permuted unit %d: %v, want %v", i, p[k], s[i])
		}
	}
	d := composite.Copeland(nil, mvDuplicate(cols, 5), w)
	if d[5] != d[n] {
		t.Errorf("duplicate scores %v, original %v", d[n], d[5])
	}
	if !mvPanics(func() { composite.Copeland(nil, cols, w[:1]) }) {
		t.Error("no panic on a weight length mismatch")
	}
}

func BenchmarkCopeland(b *testing.B) {
	for _, n := range []int{300, 1000} {
		b.Run(fmt.Sprintf("units=%d/children=60", n), func(b *testing.B) {
			cols := mvRandomCols(n, 60, 0.02, 7)
			w := make([]float64, 60)
			for j := range w {
				w[j] = 1
			}
			b.ReportAllocs()
			for b.Loop() {
				composite.Copeland(nil, cols, w)
			}
		})
	}
}
