package composite

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// ahpRandom returns an n×n reciprocal matrix of judgments on the 1–9 scale
// (a_ij = k or 1/k), inconsistent as random judgments are.
func ahpRandom(n int, seed uint64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 7))
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, n)
		a[i][i] = 1
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			v := float64(1 + rng.IntN(9))
			if rng.IntN(2) == 0 {
				v = 1 / v
			}
			a[i][j], a[j][i] = v, 1/v
		}
	}
	return a
}

// ahpConsistent returns the perfectly consistent matrix a_ij = w_i/w_j.
func ahpConsistent(w []float64) [][]float64 {
	a := make([][]float64, len(w))
	for i := range a {
		a[i] = make([]float64, len(w))
		for j := range a[i] {
			a[i][j] = w[i] / w[j]
		}
	}
	return a
}

func TestAHPConsistentMatrix(t *testing.T) {
	// For a_ij = w_i/w_j every method returns w, λmax = n and CI = CR = 0.
	w := []float64{0.4, 0.25, 0.2, 0.1, 0.05}
	a := ahpConsistent(w)
	for _, s := range []AHPSolve{SolveEigenvector, SolveGeometric, SolveArithmetic} {
		t.Run(s.String(), func(t *testing.T) {
			res, err := AHP(a, s, RISaaty)
			if err != nil {
				t.Fatal(err)
			}
			for i := range w {
				if math.Abs(res.Weights[i]-w[i]) > 1e-12 {
					t.Errorf("w = %v, want %v", res.Weights, w)
					break
				}
			}
			if math.Abs(res.LambdaMax-5) > 1e-12 || math.Abs(res.CI) > 1e-12 || math.Abs(res.CR) > 1e-12 || res.RI != 1.12 {
				t.Errorf("λmax %v CI %v CR %v RI %v", res.LambdaMax, res.CI, res.CR, res.RI)
			}
		})
	}
}

func TestAHPSmall(t *testing.T) {
	// n ≤ 2 is consistent by construction: CI = CR = 0 whatever λmax.
	tests := []struct {
		name string
		a    [][]float64
		want []float64
	}{
		{"n=1", [][]float64{{1}}, []float64{1}},
		{"n=2", [][]float64{{1, 3}, {1.0 / 3, 1}}, []float64{0.75, 0.25}},
	}
	for _, tc := range tests {
		for _, s := range []AHPSolve{SolveEigenvector, SolveGeometric, SolveArithmetic} {
			t.Run(tc.name+"/"+s.String(), func(t *testing.T) {
				res, err := AHP(tc.a, s, RIChinese)
				if err != nil {
					t.Fatal(err)
				}
				for i := range tc.want {
					if math.Abs(res.Weights[i]-tc.want[i]) > 1e-12 {
						t.Errorf("w = %v, want %v", res.Weights, tc.want)
					}
				}
				if res.CI != 0 || res.CR != 0 || res.RI != 0 {
					t.Errorf("CI %v CR %v RI %v, want 0", res.CI, res.CR, res.RI)
				}
			})
		}
	}
}

func TestAHPEigenvectorAgainstMatEigen(t *testing.T) {
	// Power iteration against gonum's mat.Eigen on random (inconsistent)
	// matrices, and the Eigen fallback against power iteration.
	for _, n := range []int{3, 5, 9, 15} {
		for seed := range uint64(20) {
			a := ahpRandom(n, seed)
			res, err := AHP(a, SolveEigenvector, RISaaty)
			if err != nil {
				t.Fatal(err)
			}
			w := make([]float64, n)
			lambda := principalEigen(a, w)
			if math.Abs(lambda-res.LambdaMax) > 1e-10*lambda {
				t.Errorf("n=%d seed=%d: λmax %v, mat.Eigen %v", n, seed, res.LambdaMax, lambda)
			}
			for i := range w {
				if math.Abs(w[i]-res.Weights[i]) > 1e-10 {
					t.Errorf("n=%d seed=%d: w %v, mat.Eigen %v", n, seed, res.Weights, w)
					break
				}
			}
		}
	}
}

func TestAHPSolvesDiffer(t *testing.T) {
	// On an inconsistent matrix the three methods give different weights
	// (which is why the method must be named), all summing to 1.
	a := ahpRandom(6, 3)
	var prev []float64
	for _, s := range []AHPSolve{SolveEigenvector, SolveGeometric, SolveArithmetic} {
		res, err := AHP(a, s, RISaaty)
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, v := range res.Weights {
			sum += v
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%v: Σw = %v", s, sum)
		}
		if res.LambdaMax < 6 {
			t.Errorf("%v: λmax %v < n", s, res.LambdaMax)
		}
		if prev != nil && math.Abs(prev[0]-res.Weights[0]) < 1e-9 {
			t.Errorf("%v: same weights as the previous method", s)
		}
		prev = res.Weights
	}
}

func TestAHPMatrixErrors(t *testing.T) {
	third := 1.0 / 3
	tests := []struct {
		name string
		a    [][]float64
		want MatrixError // Msg compared by substring
	}{
		{"empty", nil, MatrixError{Msg: "empty"}},
		{"ragged", [][]float64{{1, 2, 3}, {0.5, 1}, {third, 1, 1}}, MatrixError{Row: 2, Value: 2, Msg: "square"}},
		{"not square", [][]float64{{1, 2}, {0.5, 1}, {1, 1}}, MatrixError{Row: 1, Value: 2, Msg: "square"}},
		{"zero", [][]float64{{1, 0}, {1, 1}}, MatrixError{Row: 1, Col: 2, Value: 0, Msg: "positive"}},
		{"negative", [][]float64{{1, 2}, {-0.5, 1}}, MatrixError{Row: 2, Col: 1, Value: -0.5, Msg: "positive"}},
		{"infinite", [][]float64{{1, math.Inf(1)}, {0, 1}}, MatrixError{Row: 1, Col: 2, Value: math.Inf(1), Msg: "positive"}},
		{"diagonal", [][]float64{{1, 2}, {0.5, 2}}, MatrixError{Row: 2, Col: 2, Value: 2, Msg: "diagonal"}},
		// 0.33 for 1/3: off by 1 %, beyond the 0.5 % tolerance.
		{"0.33 for 1/3", [][]float64{{1, 3, 1}, {0.33, 1, 1}, {1, 1, 1}}, MatrixError{Row: 2, Col: 1, Value: 0.33, Msg: "write 1/3, not 0.33"}},
		{"not reciprocal", [][]float64{{1, 1, 1}, {1, 1, 3}, {1, 3, 1}}, MatrixError{Row: 2, Col: 3, Value: 3, Msg: "not reciprocal"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AHP(tc.a, SolveEigenvector, RISaaty)
			var me *MatrixError
			if !errors.As(err, &me) {
				t.Fatalf("error %v, want *MatrixError", err)
			}
			if me.Row != tc.want.Row || me.Col != tc.want.Col || !(me.Value == tc.want.Value) || !strings.Contains(me.Msg, tc.want.Msg) {
				t.Errorf("got %+v (%v), want %+v", *me, err, tc.want)
			}
		})
	}
	t.Run("0.333 for 1/3 accepted", func(t *testing.T) {
		if _, err := AHP([][]float64{{1, 3}, {0.333, 1}}, SolveEigenvector, RISaaty); err != nil {
			t.Error(err)
		}
	})
	t.Run("n=16 has no RI", func(t *testing.T) {
		if _, err := AHP(ahpRandom(16, 1), SolveEigenvector, RISaaty); err == nil || !strings.Contains(err.Error(), "1..15") {
			t.Errorf("error %v", err)
		}
	})
}

func TestRIRange(t *testing.T) {
	for _, n := range []int{0, -1, 16} {
		if _, err := RI(RISaaty, n); err == nil {
			t.Errorf("RI(%d): no error", n)
		}
	}
	if _, err := RI(RITable(9), 3); err == nil {
		t.Error("unknown table: no error")
	}
}

func TestCheckCR(t *testing.T) {
	r := &AHPResult{CR: 0.1}
	if err := r.CheckCR(0.1); err != nil {
		t.Errorf("CR = max: %v", err)
	}
	r.CR = 0.1234
	err := r.CheckCR(0.1)
	var ie *InconsistencyError
	if !errors.As(err, &ie) || ie.CR != 0.1234 || ie.Max != 0.1 {
		t.Fatalf("error %v", err)
	}
	if got := err.Error(); got != "inconsistent judgments: CR 0.1234 above 0.1" {
		t.Errorf("message %q", got)
	}
}

func TestGroupAHP(t *testing.T) {
	e1 := [][]float64{{1, 3, 5}, {1.0 / 3, 1, 2}, {0.2, 0.5, 1}}
	e2 := [][]float64{{1, 1.0 / 3, 5}, {3, 1, 8}, {0.2, 1.0 / 8, 1}}
	g, err := GroupAHP([][][]float64{e1, e2})
	if err != nil {
		t.Fatal(err)
	}
	// a_12 = √(3·1/3) = 1, a_13 = 5, a_23 = √(2·8) = 4; reciprocal below.
	want := [][]float64{{1, 1, 5}, {1, 1, 4}, {0.2, 0.25, 1}}
	for i := range want {
		for j := range want[i] {
			if math.Abs(g[i][j]-want[i][j]) > 1e-12 {
				t.Errorf("a[%d][%d] = %v, want %v", i+1, j+1, g[i][j], want[i][j])
			}
		}
	}
	if _, err := AHP(g, SolveEigenvector, RISaaty); err != nil {
		t.Errorf("the combined matrix is not usable: %v", err)
	}

	t.Run("errors", func(t *testing.T) {
		if _, err := GroupAHP(nil); err == nil {
			t.Error("no matrices: no error")
		}
		if _, err := GroupAHP([][][]float64{e1, {{1, 2}, {0.5, 1}}}); err == nil || !strings.Contains(err.Error(), "expert 2") {
			t.Errorf("size mismatch: %v", err)
		}
		bad := [][]float64{{1, 3, 5}, {0.33, 1, 2}, {0.2, 0.5, 1}}
		_, err := GroupAHP([][][]float64{e1, bad})
		var me *MatrixError
		if !errors.As(err, &me) || me.Row != 2 || me.Col != 1 || !strings.HasPrefix(err.Error(), "expert 2: ") {
			t.Errorf("bad expert matrix: %v", err)
		}
	})
}

func TestHierarchicalCR(t *testing.T) {
	if got := HierarchicalCR([]float64{0.5, 0.5}, []float64{0, 0}, []float64{0, 0}); got != 0 {
		t.Errorf("all 2×2: %v, want 0", got)
	}
	// (0.6·0.02 + 0.4·0.05)/(0.6·0.58 + 0.4·0.90)
	want := (0.6*0.02 + 0.4*0.05) / (0.6*0.58 + 0.4*0.90)
	if got := HierarchicalCR([]float64{0.6, 0.4}, []float64{0.02, 0.05}, []float64{0.58, 0.90}); math.Abs(got-want) > 1e-15 {
		t.Errorf("got %v, want %v", got, want)
	}
	defer func() {
		if recover() == nil {
			t.Error("length mismatch: no panic")
		}
	}()
	HierarchicalCR([]float64{1}, []float64{1, 2}, []float64{1})
}

func TestAHPEnumNames(t *testing.T) {
	for _, s := range []AHPSolve{SolveEigenvector, SolveGeometric, SolveArithmetic} {
		var got AHPSolve
		if err := got.UnmarshalText([]byte(s.String())); err != nil || got != s {
			t.Errorf("%v: round trip %v, %v", s, got, err)
		}
	}
	for _, r := range []RITable{RISaaty, RIChinese} {
		var got RITable
		if err := got.UnmarshalText([]byte(r.String())); err != nil || got != r {
			t.Errorf("%v: round trip %v, %v", r, got, err)
		}
	}
	var s AHPSolve
	if err := s.UnmarshalText([]byte("power")); err == nil || !strings.Contains(err.Error(), "arithmetic|eigenvector|geometric") {
		t.Errorf("unknown solve: %v", err)
	}
	var r RITable
	if err := r.UnmarshalText([]byte("chinese")); err == nil || !strings.Contains(err.Error(), "cn|saaty") {
		t.Errorf("unknown RI table: %v", err)
	}
}

// BenchmarkAHP: AHP on random 1–9 reciprocal matrices (target < 50 µs at
// 15×15 with the eigenvector).
func BenchmarkAHP(b *testing.B) {
	for _, s := range []AHPSolve{SolveEigenvector, SolveGeometric} {
		for _, n := range []int{5, 9, 15} {
			b.Run(fmt.Sprintf("%v/n=%d", s, n), func(b *testing.B) {
				a := ahpRandom(n, 1)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := AHP(a, s, RISaaty); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkAHPPrincipal compares the two ways to the principal
// eigenvector: power iteration (what AHP uses) and mat.Eigen (its
// fallback).
func BenchmarkAHPPrincipal(b *testing.B) {
	for _, n := range []int{5, 9, 15} {
		a := ahpRandom(n, 1)
		w := make([]float64, n)
		b.Run(fmt.Sprintf("power/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				principal(a, w)
			}
		})
		b.Run(fmt.Sprintf("mat.Eigen/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				principalEigen(a, w)
			}
		})
	}
}
