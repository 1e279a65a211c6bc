package composite_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestTOPSISHandComputed(t *testing.T) {
	// Computed by hand. z: unit 0 = (1, 0), unit 1 = (0, 1), unit 2 =
	// (0.5, 0.5); w = (0.75, 0.25).
	// scale: V = (0.75, 0), (0, 0.25), (0.375, 0.125); PIS (0.75, 0.25),
	//   NIS (0, 0); D+ = 0.25, 0.75, √0.15625; D− = 0.75, 0.25, √0.15625.
	// distance: D+ = √0.25, √0.75, √(0.75/4 + 0.25/4); D− = √0.75, √0.25, 0.5.
	cols := [][]float64{{1, 0, 0.5}, {0, 1, 0.5}}
	w := []float64{0.75, 0.25}
	r3 := math.Sqrt(3)
	tests := []struct {
		name      string
		cols      [][]float64
		w         []float64
		weighting composite.TOPSISWeighting
		want      composite.TOPSISResult
	}{
		{"scale", cols, w, composite.TOPSISScale, composite.TOPSISResult{
			Closeness: []float64{0.75, 0.25, 0.5},
			DPlus:     []float64{0.25, 0.75, math.Sqrt(0.15625)},
			DMinus:    []float64{0.75, 0.25, math.Sqrt(0.15625)},
			PIS:       []float64{0.75, 0.25}, NIS: []float64{0, 0},
		}},
		{"distance", cols, w, composite.TOPSISDistance, composite.TOPSISResult{
			Closeness: []float64{r3 / (1 + r3), 1 / (1 + r3), 0.5},
			DPlus:     []float64{0.5, r3 / 2, 0.5},
			DMinus:    []float64{r3 / 2, 0.5, 0.5},
			PIS:       []float64{1, 1}, NIS: []float64{0, 0},
		}},
		// Unit 3 lacks child 0: its distances use child 1 only, V = 0.25
		// = PIS, so D+ = 0, D− = 0.25, C = 1. Unit 4 has nothing: NaN.
		{"missing child and empty unit", [][]float64{{1, 0, 0.5, mvNaN, mvNaN}, {0, 1, 0.5, 1, mvNaN}}, w,
			composite.TOPSISScale, composite.TOPSISResult{
				Closeness: []float64{0.75, 0.25, 0.5, 1, mvNaN},
				DPlus:     []float64{0.25, 0.75, math.Sqrt(0.15625), 0, mvNaN},
				DMinus:    []float64{0.75, 0.25, math.Sqrt(0.15625), 0.25, mvNaN},
				PIS:       []float64{0.75, 0.25}, NIS: []float64{0, 0},
			}},
		// Every column constant: D+ = D− = 0, C = 0.5 by convention.
		{"constant columns", [][]float64{{2, 2, 2}, {0.3, 0.3, mvNaN}}, w, composite.TOPSISScale, composite.TOPSISResult{
			Closeness: []float64{0.5, 0.5, 0.5},
			DPlus:     []float64{0, 0, 0}, DMinus: []float64{0, 0, 0},
			PIS: []float64{1.5, 0.075}, NIS: []float64{1.5, 0.075},
		}},
		// A column nobody has: NaN ideals, left out of every distance.
		{"empty column", [][]float64{{1, 0, 0.5}, {0, 1, 0.5}, {mvNaN, mvNaN, mvNaN}}, []float64{0.75, 0.25, 1},
			composite.TOPSISScale,
			composite.TOPSISResult{
				Closeness: []float64{0.75, 0.25, 0.5},
				DPlus:     []float64{0.25, 0.75, math.Sqrt(0.15625)},
				DMinus:    []float64{0.75, 0.25, math.Sqrt(0.15625)},
				PIS:       []float64{0.75, 0.25, mvNaN}, NIS: []float64{0, 0, mvNaN},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := composite.TOPSIS(tt.cols, tt.w, tt.weighting)
			for _, f := range []struct {
				name      string
				got, want []float64
			}{
				{"Closeness", got.Closeness, tt.want.Closeness},
				{"DPlus", got.DPlus, tt.want.DPlus},
				{"DMinus", got.DMinus, tt.want.DMinus},
				{"PIS", got.PIS, tt.want.PIS},
				{"NIS", got.NIS, tt.want.NIS},
			} {
				if !mvSame(f.got, f.want, 1e-15) {
					t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
				}
			}
		})
	}
}

// TestTOPSISWeightScale: multiplying every weight by c leaves the closeness
// unchanged under both weightings.
func TestTOPSISWeightScale(t *testing.T) {
	cols := mvRandomCols(50, 6, 0.1, 3)
	w := []float64{1, 2, 3, 4, 5, 6}
	w10 := []float64{10, 20, 30, 40, 50, 60}
	for _, m := range []composite.TOPSISWeighting{composite.TOPSISScale, composite.TOPSISDistance} {
		a, b := composite.TOPSIS(cols, w, m), composite.TOPSIS(cols, w10, m)
		if !mvSame(a.Closeness, b.Closeness, 1e-14) {
			t.Errorf("%v: closeness changes when weights are scaled", m)
		}
	}
}

// TestTOPSISInvariants: closeness in [0, 1]; permuting the units permutes
// the results; a duplicated unit scores the same as its original and
// leaves the others unchanged; no NaN for units with data.
func TestTOPSISInvariants(t *testing.T) {
	const n, m = 40, 7
	cols := mvRandomCols(n, m, 0.15, 1)
	for j := range cols {
		cols[j][n-1] = mvNaN // unit n−1 has no data
	}
	w := []float64{0.1, 0.2, 0.05, 0.25, 0.1, 0.2, 0.1}
	perm := rand.New(rand.NewPCG(5, 6)).Perm(n)
	for _, weighting := range []composite.TOPSISWeighting{composite.TOPSISScale, composite.TOPSISDistance} {
		t.Run(weighting.String(), func(t *testing.T) {
			r := composite.TOPSIS(cols, w, weighting)
			for i, c := range r.Closeness {
				if i == n-1 {
					if !math.IsNaN(c) {
						t.Errorf("unit without data: C = %v, want NaN", c)
					}
					continue
				}
				if !(c >= 0 && c <= 1) {
					t.Errorf("C[%d] = %v outside [0, 1]", i, c)
				}
			}
			p := composite.TOPSIS(mvPermute(cols, perm), w, weighting)
			for k, i := range perm {
				if !mvSame([]float64{p.Closeness[k], p.DPlus[k], p.DMinus[k]},
					[]float64{r.Closeness[i], r.DPlus[i], r.DMinus[i]}, 1e-15) {
					t.Errorf("permuted unit %d: %v, want %v", i, p.Closeness[k], r.Closeness[i])
				}
			}
			d := composite.TOPSIS(mvDuplicate(cols, 3), w, weighting)
			if !mvSame(d.Closeness[:n], r.Closeness, 0) || d.Closeness[n] != r.Closeness[3] {
				t.Errorf("duplicating unit 3 changed the closeness")
			}
		})
	}
}

func TestTOPSISWeightingNames(t *testing.T) {
	for _, m := range []composite.TOPSISWeighting{composite.TOPSISScale, composite.TOPSISDistance} {
		var got composite.TOPSISWeighting
		if err := got.UnmarshalText([]byte(m.String())); err != nil || got != m {
			t.Errorf("round trip %v: got %v, %v", m, got, err)
		}
	}
	var m composite.TOPSISWeighting
	err := m.UnmarshalText([]byte("euclid"))
	if err == nil || err.Error() != `unknown TOPSIS weighting method "euclid" (want distance|scale)` {
		t.Errorf("error = %v", err)
	}
	if s := composite.TOPSISWeighting(7).String(); s != "composite.TOPSISWeighting(7)" {
		t.Errorf("String of an unknown value = %q", s)
	}
}

func TestTOPSISPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"weights length": func() { composite.TOPSIS([][]float64{{1}}, nil, composite.TOPSISScale) },
		"ragged columns": func() { composite.TOPSIS([][]float64{{1, 2}, {1}}, []float64{1, 1}, composite.TOPSISScale) },
		"weighting":      func() { composite.TOPSIS([][]float64{{1}}, []float64{1}, 9) },
	} {
		if !mvPanics(f) {
			t.Errorf("%s: no panic", name)
		}
	}
	if r := composite.TOPSIS(nil, nil, composite.TOPSISScale); len(r.Closeness) != 0 {
		t.Errorf("no columns: %+v", r)
	}
}

// ExampleTOPSIS scores three cars (R package MCDA, example TOPSIS.Rd):
// the price is a cost, so it is negated before the vector normalisation.
func ExampleTOPSIS() {
	cols := [][]float64{
		{-5490, -6500, -6489}, // purchase price × −1
		{51.4, 70.6, 54.3},    // economy
		{8.5, 7, 7.5},         // aesthetics
		{285, 288, 290},       // boot capacity
	}
	for _, c := range cols {
		composite.VectorTo(c, c)
	}
	r := composite.TOPSIS(cols, []float64{0.35, 0.25, 0.25, 0.15}, composite.TOPSISScale)
	for i, car := range []string{"Corsa", "Clio", "Fiesta"} {
		fmt.Printf("%-6s C = %.4f  D+ = %.4f  D- = %.4f\n", car, r.Closeness[i], r.DPlus[i], r.DMinus[i])
	}
	// Output:
	// Corsa  C = 0.4817  D+ = 0.0467  D- = 0.0434
	// Clio   C = 0.5182  D+ = 0.0434  D- = 0.0467
	// Fiesta C = 0.1780  D+ = 0.0547  D- = 0.0118
}

// mvRandomCols returns m columns of n uniform values in [0, 1), a share
// missing of them NaN.
func mvRandomCols(n, m int, missing float64, seed uint64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 99))
	cols := make([][]float64, m)
	for j := range cols {
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			if rng.Float64() < missing {
				cols[j][i] = math.NaN()
			} else {
				cols[j][i] = rng.Float64()
			}
		}
	}
	return cols
}

// mvPermute returns the columns with unit k of the result = unit perm[k].
func mvPermute(cols [][]float64, perm []int) [][]float64 {
	out := make([][]float64, len(cols))
	for j, c := range cols {
		out[j] = make([]float64, len(c))
		for k, i := range perm {
			out[j][k] = c[i]
		}
	}
	return out
}

// mvDuplicate returns the columns with a copy of unit i appended.
func mvDuplicate(cols [][]float64, i int) [][]float64 {
	out := make([][]float64, len(cols))
	for j, c := range cols {
		out[j] = append(append([]float64(nil), c...), c[i])
	}
	return out
}

// BenchmarkTOPSIS: vector-normalised uniform data, 60 children, scale
// weighting; complete data and 2% missing. The numpy counterpart is
// testdata/bench_numpy_topsis.py.
func BenchmarkTOPSIS(b *testing.B) {
	for _, n := range []int{300, 10_000, 100_000} {
		for _, missing := range []float64{0, 0.02} {
			b.Run(fmt.Sprintf("units=%d/children=60/missing=%g", n, missing), func(b *testing.B) {
				cols := mvRandomCols(n, 60, missing, 7)
				for _, c := range cols {
					composite.VectorTo(c, c)
				}
				w := make([]float64, 60)
				for j := range w {
					w[j] = float64(1+j%3) / 120
				}
				b.ReportAllocs()
				for b.Loop() {
					composite.TOPSIS(cols, w, composite.TOPSISScale)
				}
			})
		}
	}
}
