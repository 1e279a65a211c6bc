package composite_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestObstaclesHandComputed(t *testing.T) {
	// By hand: scale 100, w = (0.5, 0.3, 0.2), I = 1 − z/100.
	// unit 0: z = (100, 50, 0), w·I = (0, 0.15, 0.2), Σ 0.35
	//         → O = (0, 300/7, 400/7).
	// unit 1: z = (0, 0, 0), w·I = w → O = (50, 30, 20).
	// unit 2: z = (100, 100, 100), at the ideal: Σ = 0 → O = 0.
	// unit 3: z = (50, —, 100), w·I = (0.25, —, 0) → O = (100, NaN, 0).
	// unit 4: no data → NaN.
	z := [][]float64{
		{100, 0, 100, 50, mvNaN},
		{50, 0, 100, mvNaN, mvNaN},
		{0, 0, 100, 100, mvNaN},
	}
	want := [][]float64{
		{0, 50, 0, 100, mvNaN},
		{300.0 / 7, 30, 0, mvNaN, mvNaN},
		{400.0 / 7, 20, 0, 0, mvNaN},
	}
	got := composite.Obstacles(z, []float64{0.5, 0.3, 0.2}, 100)
	for j := range want {
		if !mvSame(got[j], want[j], 1e-14) {
			t.Errorf("O[%d] = %v, want %v", j, got[j], want[j])
		}
	}
	// The same on a [0, 1] scale with weights that do not sum to 1.
	z1 := make([][]float64, len(z))
	for j, c := range z {
		z1[j] = make([]float64, len(c))
		for i, v := range c {
			z1[j][i] = v / 100
		}
	}
	got = composite.Obstacles(z1, []float64{5, 3, 2}, 1)
	for j := range want {
		if !mvSame(got[j], want[j], 1e-14) {
			t.Errorf("scale 1: O[%d] = %v, want %v", j, got[j], want[j])
		}
	}
}

// TestObstaclesSumTo100: each unit's obstacles sum to 100, or 0 at the
// ideal; permuting units permutes them.
func TestObstaclesSumTo100(t *testing.T) {
	const n, m = 50, 8
	z := mvRandomCols(n, m, 0.1, 21)
	for j := range z {
		z[j][0] = 1 // unit 0 at the ideal where it has values
	}
	w := []float64{0.1, 0.2, 0.05, 0.15, 0.1, 0.1, 0.2, 0.1}
	o := composite.Obstacles(z, w, 1)
	for i := range n {
		s := 0.0
		for j := range m {
			if v := o[j][i]; !math.IsNaN(v) {
				s += v
			} else if !math.IsNaN(z[j][i]) {
				t.Errorf("unit %d indicator %d: NaN for a present value", i, j)
			}
		}
		want := 100.0
		if i == 0 {
			want = 0
		}
		if math.Abs(s-want) > 1e-12 {
			t.Errorf("unit %d: obstacles sum to %v, want %v", i, s, want)
		}
	}
	perm := rand.New(rand.NewPCG(3, 4)).Perm(n)
	p := composite.Obstacles(mvPermute(z, perm), w, 1)
	for j := range m {
		for k, i := range perm {
			if !mvSame([]float64{p[j][k]}, []float64{o[j][i]}, 0) {
				t.Errorf("permuted unit %d indicator %d differs", i, j)
			}
		}
	}
	if !mvPanics(func() { composite.Obstacles(z, w, 0) }) || !mvPanics(func() { composite.Obstacles(z, w[:2], 1) }) {
		t.Error("no panic on a bad scale or weight length")
	}
}
