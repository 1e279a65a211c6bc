package composite_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

var wNaN = math.NaN()

// wClose compares weights with an absolute tolerance.
func wClose(got, want []float64, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for j := range got {
		if !(math.Abs(got[j]-want[j]) <= tol) {
			return false
		}
	}
	return true
}

// wValid fails unless w is a weight vector: no NaN, ≥ 0, Σ = 1.
func wValid(t *testing.T, w []float64) {
	t.Helper()
	var s float64
	for _, v := range w {
		if math.IsNaN(v) || v < 0 {
			t.Fatalf("weights %v: %v", w, v)
		}
		s += v
	}
	if math.Abs(s-1) > 1e-12 {
		t.Fatalf("weights %v sum to %v", w, s)
	}
}

// wHasWarning fails unless the English text of some warning contains sub.
func wHasWarning(t *testing.T, warns []composite.Warning, sub string) {
	t.Helper()
	for _, w := range warns {
		if strings.Contains(w.String(), sub) {
			return
		}
	}
	t.Errorf("no warning with %q in %q", sub, warns)
}

// wRandom returns m columns of n units (lognormal, so heavy-tailed like
// yearbook data), with a share of missing values.
func wRandom(n, m int, missing float64, seed uint64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 11))
	cols := make([][]float64, m)
	for j := range cols {
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			if rng.Float64() < missing {
				cols[j][i] = wNaN
				continue
			}
			cols[j][i] = math.Exp(rng.NormFloat64()*(0.3+0.2*float64(j%4))) * float64(1+j)
		}
	}
	return cols
}

// wEntropyRef is a direct transcription of the textbook formula (min-max,
// cost flipped, shift δ, 0·ln 0 = 0) over complete columns.
func wEntropyRef(cols [][]float64, cost []bool, shift float64) []float64 {
	d := make([]float64, len(cols))
	var sd float64
	for j, x := range cols {
		mn, mx := slices.Min(x), slices.Max(x)
		z := make([]float64, len(x))
		var s float64
		for i, v := range x {
			z[i] = (v-mn)/(mx-mn) + shift
			if cost[j] {
				z[i] = (mx-v)/(mx-mn) + shift
			}
			s += z[i]
		}
		var e float64
		for _, v := range z {
			if p := v / s; p > 0 {
				e -= p * math.Log(p)
			}
		}
		d[j] = 1 - e/math.Log(float64(len(x)))
		sd += d[j]
	}
	for j := range d {
		d[j] /= sd
	}
	return d
}

func TestEntropyAgainstFormula(t *testing.T) {
	// The one-pass Σz ln z/Σz − ln Σz form against the textbook loop.
	cols := wRandom(500, 8, 0, 1)
	cost := []bool{false, true, false, false, true, false, true, false}
	for _, shift := range []float64{0, 0.0001, 0.01} {
		t.Run(fmt.Sprintf("minmax+flip/shift=%v", shift), func(t *testing.T) {
			res, err := composite.EntropyWeights(cols, cost, composite.Entropy{FlipCost: true, Shift: shift})
			if err != nil {
				t.Fatal(err)
			}
			if want := wEntropyRef(cols, cost, shift); !wClose(res.Weights, want, 1e-12) {
				t.Errorf("got %v\nwant %v", res.Weights, want)
			}
			if len(res.Warnings) != 0 {
				t.Errorf("warnings %q", res.Warnings)
			}
			for j := range res.D {
				if math.Abs(res.E[j]+res.D[j]-1) > 1e-15 {
					t.Errorf("e + d = %v", res.E[j]+res.D[j])
				}
			}
		})
	}
}

func TestEntropyConventions(t *testing.T) {
	x := [][]float64{{9, 8, 6, 7}, {0, 3, 7, 1}, {0, 0.9, 0.2, 0.4}}
	cost := []bool{false, true, false}
	weights := func(t *testing.T, cols [][]float64, cost []bool, opt composite.Entropy) []float64 {
		t.Helper()
		res, err := composite.EntropyWeights(cols, cost, opt)
		if err != nil {
			t.Fatal(err)
		}
		wValid(t, res.Weights)
		return res.Weights
	}
	t.Run("unshifted vector, sum and none give the same p", func(t *testing.T) {
		w := weights(t, x, cost, composite.Entropy{Transform: composite.TransformNone, FlipCost: true})
		for _, tr := range []composite.EntropyTransform{composite.TransformVector, composite.TransformSum} {
			if got := weights(t, x, cost, composite.Entropy{Transform: tr, FlipCost: true}); !wClose(got, w, 1e-14) {
				t.Errorf("%v: %v, none %v", tr, got, w)
			}
		}
	})
	t.Run("shifted vector and sum differ", func(t *testing.T) {
		v := weights(t, x, nil, composite.Entropy{Transform: composite.TransformVector, Shift: 0.1})
		s := weights(t, x, nil, composite.Entropy{Transform: composite.TransformSum, Shift: 0.1})
		if wClose(v, s, 1e-6) {
			t.Errorf("vector %v = sum %v", v, s)
		}
	})
	t.Run("flip_cost with minmax is (max − x)/(max − min)", func(t *testing.T) {
		// Negating the cost column by hand and not flipping gives the same.
		neg := [][]float64{x[0], {0, -3, -7, -1}, x[2]}
		if a, b := weights(t, x, cost, composite.Entropy{FlipCost: true}), weights(t, neg, nil, composite.Entropy{}); !wClose(a, b, 1e-15) {
			t.Errorf("flipped %v, by hand %v", a, b)
		}
	})
	t.Run("flip_cost with none reflects x' = max + min − x", func(t *testing.T) {
		refl := [][]float64{x[0], {7, 4, 0, 6}, x[2]}
		if a, b := weights(t, x, cost, composite.Entropy{Transform: composite.TransformNone, FlipCost: true}), weights(t, refl, nil, composite.Entropy{Transform: composite.TransformNone}); !wClose(a, b, 1e-15) {
			t.Errorf("flipped %v, by hand %v", a, b)
		}
	})
	t.Run("cost ignored without flip_cost", func(t *testing.T) {
		if a, b := weights(t, x, cost, composite.Entropy{}), weights(t, x, nil, composite.Entropy{}); !wClose(a, b, 0) {
			t.Errorf("%v != %v", a, b)
		}
	})
	t.Run("missing values drop the unit from that column only", func(t *testing.T) {
		withNaN := [][]float64{{9, 8, wNaN, 6, 7}, {0, 3, 5, 7, 1}}
		res, err := composite.EntropyWeights(withNaN, nil, composite.Entropy{})
		if err != nil {
			t.Fatal(err)
		}
		ref, _ := composite.EntropyWeights([][]float64{{9, 8, 6, 7}}, nil, composite.Entropy{})
		ref2, _ := composite.EntropyWeights([][]float64{{0, 3, 5, 7, 1}}, nil, composite.Entropy{})
		if math.Abs(res.D[0]-ref.D[0]) > 1e-15 || math.Abs(res.D[1]-ref2.D[0]) > 1e-15 {
			t.Errorf("d %v, want %v %v", res.D, ref.D, ref2.D)
		}
	})
}

func TestEntropyEdgeCases(t *testing.T) {
	tests := []struct {
		name    string
		cols    [][]float64
		opt     composite.Entropy
		want    []float64 // nil: only check validity
		warning string
	}{
		{"constant column weight 0", [][]float64{{5, 5, 5}, {1, 2, 4}, {3, 1, 2}}, composite.Entropy{}, nil, "column 1: constant"},
		{"constant column, transform none", [][]float64{{5, 5, 5}, {1, 2, 4}}, composite.Entropy{Transform: composite.TransformNone}, []float64{0, 1}, "column 1: constant"},
		{"all-missing column weight 0", [][]float64{{wNaN, wNaN, wNaN}, {1, 2, 4}}, composite.Entropy{}, []float64{0, 1}, "column 1: no values"},
		{"one value: n < 2", [][]float64{{wNaN, 3, wNaN}, {1, 2, 4}}, composite.Entropy{}, []float64{0, 1}, "column 1: only 1 value"},
		{"every d = 0: equal weights", [][]float64{{1, 1}, {2, 2}, {wNaN, wNaN}}, composite.Entropy{}, []float64{0.5, 0.5, 0}, "equal weights"},
		{"single unit: equal weights", [][]float64{{1}, {2}}, composite.Entropy{}, []float64{0.5, 0.5}, "only 1 value"},
		{"no units at all", [][]float64{{}, {}}, composite.Entropy{}, []float64{0.5, 0.5}, "no values"},
		{"zeros under the log are 0·ln 0 = 0", [][]float64{{0, 0, 1}, {1, 2, 3}}, composite.Entropy{Transform: composite.TransformNone}, nil, ""},
		{"negative data shifted is fine", [][]float64{{-1, 0, 2}, {1, 2, 3}}, composite.Entropy{Transform: composite.TransformNone, Shift: 1.01}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := composite.EntropyWeights(tc.cols, nil, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			wValid(t, res.Weights)
			if tc.want != nil && !wClose(res.Weights, tc.want, 1e-12) {
				t.Errorf("weights %v, want %v", res.Weights, tc.want)
			}
			if tc.warning != "" {
				wHasWarning(t, res.Warnings, tc.warning)
			} else if len(res.Warnings) > 0 {
				t.Errorf("warnings %q", res.Warnings)
			}
			for j := range res.E {
				if math.IsNaN(res.E[j]) || math.IsNaN(res.D[j]) {
					t.Errorf("NaN in E %v or D %v", res.E, res.D)
				}
			}
		})
	}
	t.Run("no columns", func(t *testing.T) {
		res, err := composite.EntropyWeights(nil, nil, composite.Entropy{})
		if err != nil || len(res.Weights) != 0 {
			t.Errorf("%v, %v", res, err)
		}
	})
}

func TestEntropyErrors(t *testing.T) {
	tests := []struct {
		name string
		cols [][]float64
		opt  composite.Entropy
		want composite.WeightValueError // Msg by substring
	}{
		{"negative p with transform none", [][]float64{{1, 2, 3}, {4, -2, 1}}, composite.Entropy{Transform: composite.TransformNone},
			composite.WeightValueError{Method: "entropy", Col: 2, Unit: 2, Value: -2, Msg: "use transform minmax or a shift"}},
		{"negative p with transform sum", [][]float64{{4, -2, 1}}, composite.Entropy{Transform: composite.TransformSum, Shift: 0.01},
			composite.WeightValueError{Method: "entropy", Col: 1, Unit: 2, Value: -2, Msg: "p < 0"}},
		{"sum transform of a zero-sum column", [][]float64{{2, -2, 0}}, composite.Entropy{Transform: composite.TransformSum, Shift: 1},
			composite.WeightValueError{Method: "entropy", Col: 1, Msg: "sum to 0"}},
		{"infinite value", [][]float64{{1, 2}, {1, math.Inf(1)}}, composite.Entropy{},
			composite.WeightValueError{Method: "entropy", Col: 2, Unit: 2, Value: math.Inf(1), Msg: "finite"}},
		{"negative shift", [][]float64{{1, 2}}, composite.Entropy{Shift: -0.1},
			composite.WeightValueError{Method: "entropy", Msg: "shift -0.1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := composite.EntropyWeights(tc.cols, nil, tc.opt)
			var we *composite.WeightValueError
			if !errors.As(err, &we) {
				t.Fatalf("error %v, want *WeightValueError", err)
			}
			if we.Method != tc.want.Method || we.Col != tc.want.Col || we.Unit != tc.want.Unit || we.Value != tc.want.Value || !strings.Contains(we.Msg, tc.want.Msg) {
				t.Errorf("got %+v, want %+v", *we, tc.want)
			}
		})
	}
	t.Run("panics on ragged columns", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		composite.EntropyWeights([][]float64{{1, 2}, {1}}, nil, composite.Entropy{})
	})
}

// TestObjectiveInvariants checks, for every objective method, that the
// weights are a weight vector, that permuting the columns permutes the
// weights, that permuting units changes nothing and, where the method
// promises it, that scaling a column by a positive constant changes
// nothing.
func TestObjectiveInvariants(t *testing.T) {
	cost := []bool{false, true, false, true, false, false}
	methods := []struct {
		name      string
		scaleFree bool
		fn        func(cols [][]float64, cost []bool) ([]float64, error)
	}{
		{"entropy/minmax", true, func(c [][]float64, k []bool) ([]float64, error) {
			r, err := composite.EntropyWeights(c, k, composite.Entropy{FlipCost: true})
			return wOf(r, err, func() []float64 { return r.Weights })
		}},
		{"entropy/minmax+shift", false, func(c [][]float64, k []bool) ([]float64, error) {
			r, err := composite.EntropyWeights(c, k, composite.Entropy{FlipCost: true, Shift: 0.0001})
			return wOf(r, err, func() []float64 { return r.Weights })
		}},
		{"entropy/none", true, func(c [][]float64, k []bool) ([]float64, error) {
			r, err := composite.EntropyWeights(c, k, composite.Entropy{Transform: composite.TransformNone})
			return wOf(r, err, func() []float64 { return r.Weights })
		}},
		{"critic", true, func(c [][]float64, k []bool) ([]float64, error) {
			r, err := composite.CRITICWeights(c, k, composite.CRITIC{})
			return wOf(r, err, func() []float64 { return r.Weights })
		}},
		{"critic/flip_cost", true, func(c [][]float64, k []bool) ([]float64, error) {
			r, err := composite.CRITICWeights(c, k, composite.CRITIC{FlipCost: true})
			return wOf(r, err, func() []float64 { return r.Weights })
		}},
		{"cv", true, func(c [][]float64, _ []bool) ([]float64, error) {
			r, err := composite.CVWeights(c)
			return wOf(r, err, func() []float64 { return r.Weights })
		}},
		{"stddev/minmax", true, func(c [][]float64, k []bool) ([]float64, error) {
			r, err := composite.SDWeights(c, k, true)
			return wOf(r, err, func() []float64 { return r.Weights })
		}},
		{"stddev/raw", false, func(c [][]float64, k []bool) ([]float64, error) {
			r, err := composite.SDWeights(c, k, false)
			return wOf(r, err, func() []float64 { return r.Weights })
		}},
		{"pca", true, func(c [][]float64, _ []bool) ([]float64, error) {
			r, err := composite.PCAWeights(c)
			return wOf(r, err, func() []float64 { return r.Weights })
		}},
	}
	cols := wRandom(200, 6, 0.03, 5)
	perm := []int{3, 0, 5, 1, 4, 2}
	for _, m := range methods {
		t.Run(m.name, func(t *testing.T) {
			w, err := m.fn(cols, cost)
			if err != nil {
				t.Fatal(err)
			}
			wValid(t, w)

			pc, pk, want := make([][]float64, 6), make([]bool, 6), make([]float64, 6)
			for k, j := range perm {
				pc[k], pk[k], want[k] = cols[j], cost[j], w[j]
			}
			if got, err := m.fn(pc, pk); err != nil || !wClose(got, want, 1e-12) {
				t.Errorf("columns permuted: %v, want %v (%v)", got, want, err)
			}

			rev := make([][]float64, 6)
			for j, c := range cols {
				rev[j] = slices.Clone(c)
				slices.Reverse(rev[j])
			}
			if got, err := m.fn(rev, cost); err != nil || !wClose(got, w, 1e-12) {
				t.Errorf("units permuted: %v, want %v (%v)", got, w, err)
			}

			if !m.scaleFree {
				return
			}
			scaled := slices.Clone(cols)
			scaled[2] = slices.Clone(cols[2])
			for i := range scaled[2] {
				scaled[2][i] *= 1234.5
			}
			if got, err := m.fn(scaled, cost); err != nil || !wClose(got, w, 1e-12) {
				t.Errorf("column 3 scaled: %v, want %v (%v)", got, w, err)
			}
		})
	}
}

func wOf[R any](r *R, err error, w func() []float64) ([]float64, error) {
	if err != nil {
		return nil, err
	}
	return w(), nil
}

func TestEntropyTransformNames(t *testing.T) {
	for _, tr := range []composite.EntropyTransform{composite.TransformMinMax, composite.TransformVector, composite.TransformSum, composite.TransformNone} {
		var got composite.EntropyTransform
		if err := got.UnmarshalText([]byte(tr.String())); err != nil || got != tr {
			t.Errorf("%v: round trip %v, %v", tr, got, err)
		}
	}
	var tr composite.EntropyTransform
	if err := tr.UnmarshalText([]byte("zscore")); err == nil || !strings.Contains(err.Error(), "minmax|none|sum|vector") {
		t.Errorf("unknown name: %v", err)
	}
	if s := composite.EntropyTransform(7).String(); s != "composite.EntropyTransform(7)" {
		t.Errorf("unknown value prints %q", s)
	}
}

// BenchmarkEntropyWeights: min-max, cost flipped on a sixth of the
// columns, 2 % missing; 60 indicators (target ≤ 50 ms at 100 000 units).
func BenchmarkEntropyWeights(b *testing.B) {
	for _, n := range []int{300, 10_000, 100_000} {
		b.Run(fmt.Sprintf("units=%d/indicators=60", n), func(b *testing.B) {
			cols := wRandom(n, 60, 0.02, 1)
			cost := make([]bool, 60)
			for j := range cost {
				cost[j] = j%6 == 5
			}
			opt := composite.Entropy{FlipCost: true}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := composite.EntropyWeights(cols, cost, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
