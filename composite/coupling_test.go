package composite_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestCouplingHandComputed(t *testing.T) {
	// By hand, standard form C = n·(ΠU)^(1/n)/ΣU, T = Σβ·U, D = √(C·T).
	tests := []struct {
		name    string
		u       [][]float64 // u[k] = subsystem k, one unit
		beta    []float64
		c, t, d float64
	}{
		// n = 2: C = 2√0.24, T = 0.5.
		{"two subsystems", [][]float64{{0.6}, {0.4}}, nil, 2 * math.Sqrt(0.24), 0.5, math.Sqrt(math.Sqrt(0.24))},
		// n = 3: ∛(0.2·0.4·0.8) = 0.4, C = 1.2/1.4 = 6/7, T = 1.4/3,
		// C·T = 0.4.
		{"three subsystems", [][]float64{{0.2}, {0.4}, {0.8}}, nil, 6.0 / 7, 1.4 / 3, math.Sqrt(0.4)},
		// β = (3, 1) renormalised: T = 0.75·0.6 + 0.25·0.4 = 0.55.
		{"unequal beta", [][]float64{{0.6}, {0.4}}, []float64{3, 1}, 2 * math.Sqrt(0.24), 0.55,
			math.Sqrt(2 * math.Sqrt(0.24) * 0.55)},
		{"equal scores", [][]float64{{0.7}, {0.7}, {0.7}}, nil, 1, 0.7, math.Sqrt(0.7)},
		// A zero score: C = 0 (the guard), D = 0.
		{"one zero", [][]float64{{0}, {0.5}}, nil, 0, 0.25, 0},
		{"all zero", [][]float64{{0}, {0}}, nil, 0, 0, 0},
		{"missing subsystem", [][]float64{{0.5}, {mvNaN}}, nil, mvNaN, mvNaN, mvNaN},
		// Scores above 1 are the caller's business: C stays ≤ 1.
		{"unscaled scores", [][]float64{{60}, {40}}, nil, 2 * math.Sqrt(0.24), 50, math.Sqrt(2 * math.Sqrt(0.24) * 50)},
		{"one subsystem", [][]float64{{0.3}}, nil, 1, 0.3, math.Sqrt(0.3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := composite.Coupling(tt.u, tt.beta)
			got := []float64{r.C[0], r.T[0], r.D[0]}
			if want := []float64{tt.c, tt.t, tt.d}; !mvSame(got, want, 1e-15) {
				t.Errorf("C, T, D = %v, want %v", got, want)
			}
		})
	}
}

// TestCouplingEquivalentForm: C equals the other standard form
// n·[ΠU/(ΣU)^n]^(1/n) (docs/methods.md, Coupling coordination), lies in [0, 1], D = √(C·T), and
// permuting units permutes the results.
func TestCouplingEquivalentForm(t *testing.T) {
	for _, k := range []int{2, 3, 4, 6} {
		u := mvRandomCols(100, k, 0, uint64(k))
		r := composite.Coupling(u, nil)
		for i := range 100 {
			prod, sum := 1.0, 0.0
			for j := range k {
				prod *= u[j][i]
				sum += u[j][i]
			}
			c := float64(k) * math.Pow(prod/math.Pow(sum, float64(k)), 1/float64(k))
			if math.Abs(r.C[i]-c) > 1e-13 || r.C[i] < 0 || r.C[i] > 1 {
				t.Errorf("n=%d unit %d: C = %v, other form %v", k, i, r.C[i], c)
			}
			if math.Abs(r.D[i]-math.Sqrt(r.C[i]*r.T[i])) > 1e-15 {
				t.Errorf("n=%d unit %d: D ≠ √(C·T)", k, i)
			}
		}
		perm := rand.New(rand.NewPCG(2, uint64(k))).Perm(100)
		p := composite.Coupling(mvPermute(u, perm), nil)
		for q, i := range perm {
			if p.D[q] != r.D[i] || p.C[q] != r.C[i] || p.T[q] != r.T[i] {
				t.Errorf("n=%d: permuted unit %d differs", k, i)
			}
		}
	}
	if !mvPanics(func() { composite.Coupling([][]float64{{1}, {1}}, []float64{1}) }) {
		t.Error("no panic on a beta length mismatch")
	}
}

func TestGradeOfBoundaries(t *testing.T) {
	// Every bin edge under both rules (地理学报 2021, 76(4):781, Tab. 1 is
	// (lower, upper]). BinLowerOpen: an edge belongs to the bin below it, and
	// 0 (below the first bin) is level 1 by convention. BinUpperOpen: an edge
	// belongs to the bin above it, and 1 (above the last bin) is level 10
	// by convention.
	tests := []struct {
		d               float64
		lowerOpen, uppr int
	}{
		{-0.1, 1, 1}, {0, 1, 1}, {0.05, 1, 1},
		{0.1, 1, 2}, {0.2, 2, 3}, {0.3, 3, 4}, {0.4, 4, 5}, {0.5, 5, 6},
		{0.6, 6, 7}, {0.7, 7, 8}, {0.8, 8, 9}, {0.9, 9, 10}, {1.0, 10, 10},
		{math.Nextafter(0.3, 1), 4, 4}, {math.Nextafter(0.3, 0), 3, 3},
		{0.95, 10, 10}, {1.2, 10, 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.d), func(t *testing.T) {
			lo, up := composite.GradeOf(tt.d, composite.BinLowerOpen), composite.GradeOf(tt.d, composite.BinUpperOpen)
			if lo.Level != tt.lowerOpen || up.Level != tt.uppr {
				t.Errorf("lower_open %d, upper_open %d; want %d, %d", lo.Level, up.Level, tt.lowerOpen, tt.uppr)
			}
		})
	}
	if g := composite.GradeOf(math.NaN(), composite.BinLowerOpen); g != (composite.Grade{}) {
		t.Errorf("GradeOf(NaN) = %+v, want the zero Grade", g)
	}
	if g := composite.GradeOf(0.85, composite.BinLowerOpen); g.Zh != "良好协调" || g.En != "good coordination" {
		t.Errorf("GradeOf(0.85) = %+v", g)
	}
	g := composite.CouplingGrades()
	g[0].Zh = "changed"
	if composite.CouplingGrades()[0].Zh != "极度失调" {
		t.Error("CouplingGrades returns shared storage")
	}
}

func TestBinRuleNames(t *testing.T) {
	for _, r := range []composite.BinRule{composite.BinLowerOpen, composite.BinUpperOpen} {
		var got composite.BinRule
		if err := got.UnmarshalText([]byte(r.String())); err != nil || got != r {
			t.Errorf("round trip %v: got %v, %v", r, got, err)
		}
	}
	var r composite.BinRule
	err := r.UnmarshalText([]byte("closed"))
	if err == nil || err.Error() != `unknown grade bin rule method "closed" (want lower_open|upper_open)` {
		t.Errorf("error = %v", err)
	}
	if s := composite.BinRule(-1).String(); s != "composite.BinRule(-1)" {
		t.Errorf("String of an unknown value = %q", s)
	}
}

// ExampleCoupling: three goal scores on [0, 100] divided by the scale,
// then graded with the (lower, upper] bins of 地理学报 2021, 76(4):781.
func ExampleCoupling() {
	goals := [][]float64{
		{62, 35, 80}, // economy, one value per city
		{48, 30, 20}, // society
		{55, 12, 90}, // environment
	}
	for _, g := range goals {
		for i := range g {
			g[i] /= 100
		}
	}
	r := composite.Coupling(goals, nil)
	for i, city := range []string{"A", "B", "C"} {
		g := composite.GradeOf(r.D[i], composite.BinLowerOpen)
		fmt.Printf("%s C=%.3f T=%.3f D=%.3f %d %s\n", city, r.C[i], r.T[i], r.D[i], g.Level, g.Zh)
	}
	// Output:
	// A C=0.995 T=0.550 D=0.740 8 中级协调
	// B C=0.907 T=0.257 D=0.482 5 濒临失调
	// C C=0.828 T=0.633 D=0.724 8 中级协调
}

func BenchmarkCoupling(b *testing.B) {
	u := mvRandomCols(100_000, 6, 0.01, 3)
	b.ReportAllocs()
	for b.Loop() {
		composite.Coupling(u, nil)
	}
}
