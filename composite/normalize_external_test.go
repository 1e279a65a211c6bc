package composite_test

import (
	"math"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestVectorAndEfficacyKernels(t *testing.T) {
	// Expected values by hand: √(3² + 4²) = 5; efficacy of {9, 12, 20} with
	// min 9, max 20.
	tests := []struct {
		name   string
		x      []float64
		fn     func(dst, x []float64) bool
		want   []float64
		wantOK bool
	}{
		{"vector 3-4-5", []float64{3, 4}, composite.VectorTo, []float64{0.6, 0.8}, true},
		{"vector missing ignored", []float64{3, mvNaN, 4}, composite.VectorTo, []float64{0.6, mvNaN, 0.8}, true},
		{"vector negated cost column", []float64{-3, -4}, composite.VectorTo, []float64{-0.6, -0.8}, true},
		{"vector mixed signs", []float64{-3, 4}, composite.VectorTo, []float64{-0.6, 0.8}, true},
		{"vector all zero", []float64{0, 0, mvNaN}, composite.VectorTo, []float64{mvNaN, mvNaN, mvNaN}, false},
		{"vector all missing", []float64{mvNaN, mvNaN}, composite.VectorTo, []float64{mvNaN, mvNaN}, false},
		{"vector single", []float64{mvNaN, -2}, composite.VectorTo, []float64{mvNaN, -1}, true},
		{"efficacy 60+40", []float64{9, 12, mvNaN, 20}, func(d, x []float64) bool { return composite.EfficacyTo(d, x, 60, 40) },
			[]float64{60, 60 + 40*3.0/11, mvNaN, 100}, true},
		{"efficacy 0+1 is min-max", []float64{-1, 0, 3}, func(d, x []float64) bool { return composite.EfficacyTo(d, x, 0, 1) },
			[]float64{0, 0.25, 1}, true},
		{"efficacy constant", []float64{5, 5, mvNaN}, func(d, x []float64) bool { return composite.EfficacyTo(d, x, 60, 40) },
			[]float64{mvNaN, mvNaN, mvNaN}, false},
		{"efficacy all missing", []float64{mvNaN}, func(d, x []float64) bool { return composite.EfficacyTo(d, x, 60, 40) },
			[]float64{mvNaN}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := make([]float64, len(tt.x))
			ok := tt.fn(dst, tt.x)
			if ok != tt.wantOK || !mvSame(dst, tt.want, 1e-15) {
				t.Errorf("got %v, %v; want %v, %v", dst, ok, tt.want, tt.wantOK)
			}
			// In place gives the same.
			x := append([]float64(nil), tt.x...)
			if tt.fn(x, x) != ok || !mvSame(x, dst, 0) {
				t.Errorf("in place: got %v, want %v", x, dst)
			}
		})
	}
}

// TestVectorToUnitNorm: the present values of the output have Euclidean
// norm 1 and keep their order.
func TestVectorToUnitNorm(t *testing.T) {
	x := []float64{1e-200, 3e-200, mvNaN, 2e-200, 1e150, -7}
	for _, scale := range []float64{1, 1e-150} {
		y := make([]float64, len(x))
		for i, v := range x {
			y[i] = v * scale
		}
		if !composite.VectorTo(y, y) {
			t.Fatal("VectorTo failed")
		}
		var ss float64
		for _, v := range y {
			if !math.IsNaN(v) {
				ss += v * v
			}
		}
		if math.Abs(ss-1) > 1e-15 {
			t.Errorf("scale %g: Σz² = %v", scale, ss)
		}
	}
}

func TestEfficacyRange(t *testing.T) {
	x := []float64{3, 1, 4, 1, 5, 9, 2, 6, mvNaN}
	d := make([]float64, len(x))
	composite.EfficacyTo(d, x, 60, 40)
	for i, v := range d {
		if math.IsNaN(x[i]) {
			continue
		}
		if v < 60 || v > 100 {
			t.Errorf("d[%d] = %v outside [60, 100]", i, v)
		}
	}
	if d[1] != 60 || d[5] != 100 {
		t.Errorf("min → %v, max → %v; want 60, 100", d[1], d[5])
	}
	if !mvPanics(func() { composite.VectorTo(make([]float64, 1), x) }) ||
		!mvPanics(func() { composite.EfficacyTo(make([]float64, 1), x, 60, 40) }) {
		t.Error("no panic on a length mismatch")
	}
}
