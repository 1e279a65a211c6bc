//go:build !purego

package composite

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernelsWithoutAVX2: the Go loops that stand in for the AVX2 kernels
// give their bits (the tests under -tags purego check them against the
// math package as well).
func TestKernelsWithoutAVX2(t *testing.T) {
	if !haveAVX2 {
		t.Skip("no AVX2")
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := range 2000 {
		x := make([]float64, rng.IntN(700))
		for i := range x {
			x[i] = (rng.Float64() - 0.1) * 100
			if rng.IntN(20) == 0 {
				x[i] = math.NaN()
			}
		}
		sz, szlnz, neg := sumZLnZ(x, -10, 0.01, 0.001)
		mn, mx := minMaxOf(x)
		dst := make([]float64, len(x))
		MinMaxTo(dst, x, 0, 100)
		haveAVX2 = false
		wz, wzlnz, wneg := sumZLnZ(x, -10, 0.01, 0.001)
		wmn, wmx := minMaxOf(x)
		want := make([]float64, len(x))
		MinMaxTo(want, x, 0, 100)
		haveAVX2 = true
		if neg != wneg || math.Float64bits(sz) != math.Float64bits(wz) || math.Float64bits(szlnz) != math.Float64bits(wzlnz) {
			t.Fatalf("trial %d: sums (%v, %v, %d) with AVX2, (%v, %v, %d) without", trial, sz, szlnz, neg, wz, wzlnz, wneg)
		}
		if math.Float64bits(mn) != math.Float64bits(wmn) || math.Float64bits(mx) != math.Float64bits(wmx) {
			t.Fatalf("trial %d: min, max (%v, %v) with AVX2, (%v, %v) without", trial, mn, mx, wmn, wmx)
		}
		for i := range dst {
			if math.Float64bits(dst[i]) != math.Float64bits(want[i]) {
				t.Fatalf("trial %d: min-max of x[%d] %v with AVX2, %v without", trial, i, dst[i], want[i])
			}
		}
	}
}
