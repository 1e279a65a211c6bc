package composite_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestGRAHandComputed(t *testing.T) {
	// Computed by hand (Deng's coefficient, ρ = 0.5, global Δmin/Δmax).
	// z: unit 0 = (1, 0), unit 1 = (0, 1), unit 2 = (0.5, 0.5),
	// unit 3 = (NaN, 0.25), unit 4 = nothing; w = (0.75, 0.25).
	// x0 = (1, 1); Δ = (0, 1), (1, 0), (0.5, 0.5), (—, 0.75); Δmin 0, Δmax 1;
	// ξ = 0.5/(Δ + 0.5) = 1, 1/3, 0.5, 0.4.
	// r = 0.75 + 0.25/3, 0.75/3 + 0.25, 0.5, 0.4 (weight renormalised).
	tests := []struct {
		name      string
		cols      [][]float64
		w         []float64
		rho       float64
		grade     []float64
		coef      [][]float64
		dmin, dmx float64
	}{
		{"two children", [][]float64{{1, 0, 0.5, mvNaN, mvNaN}, {0, 1, 0.5, 0.25, mvNaN}}, []float64{0.75, 0.25}, 0.5,
			[]float64{0.75 + 0.25/3, 0.75/3 + 0.25, 0.5, 0.4, mvNaN},
			[][]float64{{1, 1.0 / 3, 0.5, mvNaN, mvNaN}, {1.0 / 3, 1, 0.5, 0.4, mvNaN}}, 0, 1},
		// ρ = 1: ξ = 1/(Δ + 1) = 1, 0.5, 2/3.
		{"rho 1", [][]float64{{1, 0, 0.5}, {0, 1, 0.5}}, []float64{1, 1}, 1,
			[]float64{0.75, 0.75, 2.0 / 3},
			[][]float64{{1, 0.5, 2.0 / 3}, {0.5, 1, 2.0 / 3}}, 0, 1},
		// Values not on [0, 1]: x0 = (4, 10); Δ = (0, 2, 4), (5, 0, 10);
		// Δmax 10, ξ = 5/(Δ + 5).
		{"wider range", [][]float64{{4, 2, 0}, {5, 10, 0}}, []float64{1, 3}, 0.5,
			[]float64{(1 + 3*0.5) / 4, (5.0/7 + 3) / 4, (5.0/9 + 3.0/3) / 4},
			[][]float64{{1, 5.0 / 7, 5.0 / 9}, {0.5, 1, 1.0 / 3}}, 0, 10},
		// Every column constant: Δmax = 0 and every ξ is 1.
		{"constant", [][]float64{{3, 3, mvNaN}, {1, 1, 1}}, []float64{0.5, 0.5}, 0.5,
			[]float64{1, 1, 1}, [][]float64{{1, 1, mvNaN}, {1, 1, 1}}, 0, 0},
		{"no data", [][]float64{{mvNaN, mvNaN}}, []float64{1}, 0.5,
			[]float64{mvNaN, mvNaN}, [][]float64{{mvNaN, mvNaN}}, mvNaN, mvNaN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := composite.GRA(tt.cols, tt.w, tt.rho)
			if !mvSame(r.Grade, tt.grade, 1e-15) {
				t.Errorf("Grade = %v, want %v", r.Grade, tt.grade)
			}
			for j := range tt.coef {
				if !mvSame(r.Coef[j], tt.coef[j], 1e-15) {
					t.Errorf("Coef[%d] = %v, want %v", j, r.Coef[j], tt.coef[j])
				}
			}
			if !mvSame([]float64{r.DeltaMin, r.DeltaMax}, []float64{tt.dmin, tt.dmx}, 0) {
				t.Errorf("Δmin, Δmax = %v, %v; want %v, %v", r.DeltaMin, r.DeltaMax, tt.dmin, tt.dmx)
			}
		})
	}
}

// TestGRAInvariants: grades in (0, 1]; the best unit on every child gets
// 1; permuting units permutes grades; a duplicated unit scores the same.
func TestGRAInvariants(t *testing.T) {
	const n, m = 30, 5
	cols := mvRandomCols(n, m, 0.1, 4)
	w := []float64{0.3, 0.1, 0.2, 0.25, 0.15}
	r := composite.GRA(cols, w, 0.5)
	for i, g := range r.Grade {
		if !(g > 0 && g <= 1) {
			t.Errorf("grade[%d] = %v outside (0, 1]", i, g)
		}
	}
	perm := rand.New(rand.NewPCG(8, 9)).Perm(n)
	p := composite.GRA(mvPermute(cols, perm), w, 0.5)
	for k, i := range perm {
		if math.Abs(p.Grade[k]-r.Grade[i]) > 1e-15 {
			t.Errorf("permuted unit %d: %v, want %v", i, p.Grade[k], r.Grade[i])
		}
	}
	d := composite.GRA(mvDuplicate(cols, 2), w, 0.5)
	if !mvSame(d.Grade[:n], r.Grade, 0) || d.Grade[n] != r.Grade[2] {
		t.Error("duplicating unit 2 changed the grades")
	}
	best := mvDuplicate(cols, 0)
	for j := range best {
		best[j][n] = 1 // above every uniform [0, 1) value
	}
	if g := composite.GRA(best, w, 0.5).Grade[n]; g != 1 {
		t.Errorf("ideal unit grade = %v, want 1", g)
	}
	if !mvPanics(func() { composite.GRA(cols, w[:2], 0.5) }) {
		t.Error("no panic on a weight length mismatch")
	}
}

func BenchmarkGRA(b *testing.B) {
	for _, n := range []int{300, 10_000} {
		b.Run(fmt.Sprintf("units=%d/children=60", n), func(b *testing.B) {
			cols := mvRandomCols(n, 60, 0.02, 7)
			w := make([]float64, 60)
			for j := range w {
				w[j] = 1.0 / 60
			}
			b.ReportAllocs()
			for b.Loop() {
				composite.GRA(cols, w, 0.5)
			}
		})
	}
}
