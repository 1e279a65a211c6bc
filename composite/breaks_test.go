package composite_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// TestJenksBreaks: clear clusters are found; the partition is optimal
// (checked against every partition of a small sample); ties stay together.
func TestJenksBreaks(t *testing.T) {
	x := []float64{1, 2, 3, 10, 11, 12, 30, 31, 33}
	if got := fmt.Sprint(composite.JenksBreaks(x, 3)); got != "[10 30]" {
		t.Errorf("clusters: cuts %s, want [10 30]", got)
	}
	if got := fmt.Sprint(composite.JenksBreaks([]float64{5, 5, 5, 5}, 3)); got != "[]" {
		t.Errorf("one value: cuts %s, want []", got)
	}
	// Brute force over every 3-class partition of random samples.
	rng := rand.New(rand.NewPCG(3, 4))
	ssq := func(v []float64) float64 {
		var m float64
		for _, a := range v {
			m += a
		}
		m /= float64(len(v))
		var s float64
		for _, a := range v {
			s += (a - m) * (a - m)
		}
		return s
	}
	for trial := range 30 {
		n := 6 + rng.IntN(10)
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Round(rng.ExpFloat64()*100) / 10
		}
		slices.Sort(v)
		best := math.Inf(1)
		for i := 1; i < n-1; i++ {
			for j := i + 1; j < n; j++ {
				best = min(best, ssq(v[:i])+ssq(v[i:j])+ssq(v[j:]))
			}
		}
		cuts := composite.JenksBreaks(v, 3)
		var classes [3][]float64
		for _, a := range v {
			c := composite.ClassOf(a, cuts)
			classes[c] = append(classes[c], a)
		}
		var got float64
		for _, c := range classes {
			if len(c) > 0 {
				got += ssq(c)
			}
		}
		if got > best+1e-9 {
			t.Errorf("trial %d: %v cut at %v: within-class SS %v, optimum %v", trial, v, cuts, got, best)
		}
	}
}

func TestQuantileBreaksAndClassOf(t *testing.T) {
	x := []float64{10, 20, 30, 40, 50, 60, 70, 80}
	cuts := composite.QuantileBreaks(x, 4) // type 7 at 1/4, 2/4, 3/4
	if got := fmt.Sprint(cuts); got != "[27.5 45 62.5]" {
		t.Errorf("cuts %s, want [27.5 45 62.5]", got)
	}
	for _, tc := range []struct {
		v    float64
		want int
	}{{10, 0}, {27.5, 1}, {44.9, 1}, {45, 2}, {80, 3}, {math.NaN(), -1}} {
		if got := composite.ClassOf(tc.v, cuts); got != tc.want {
			t.Errorf("ClassOf(%v) = %d, want %d", tc.v, got, tc.want)
		}
	}
	if composite.CheckCuts([]float64{40, 40}) == nil || composite.CheckCuts([]float64{math.Inf(1)}) == nil || composite.CheckCuts([]float64{1, 2}) != nil {
		t.Error("CheckCuts")
	}
}
