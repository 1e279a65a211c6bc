package composite_test

import (
	"math"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// TestSkewKurtosis checks the type-2 estimators against values computed in R
// 4.2 with the e1071 type-2 formulas written out by hand (the skew2 and
// kurt2 functions of ../scoring/testdata/asem/reference-treat-impute.R; e1071 itself is
// not installed here). The first vector is the example of Excel's SKEW and
// KURT documentation (0.359543, −0.151799637).
func TestSkewKurtosis(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name       string
		x          []float64
		skew, kurt float64
	}{
		{"excel-example", []float64{3, 4, 5, 2, 3, 4, 5, 6, 4, 7}, 0.35954307140679753, -0.15179963720841477},
		{"one-outlier", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100}, 3.2556381840605075, 10.706673906421969},
		{"with-NaN", []float64{1, nan, 3, 7, 12, nan, 20}, 0.84444135427270028, -0.14837196849559575},
		{"n3-no-kurt", []float64{1, 2, 10}, 1.6523167403329899, nan},
		{"mixed-signs", []float64{-5.5, 0.25, 3, 3, 1e3, -2e2, 7}, 2.4320301501143411, 6.2752214190006956},
		{"two-outliers", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 100, 200}, 3.5855704488606728, 13.339023261904057},
		{"n2", []float64{1, 2}, nan, nan},
		{"constant", []float64{4, 4, 4, 4, 4}, nan, nan},
		{"empty", nil, nan, nan},
	}
	same := func(got, want float64) bool {
		if math.IsNaN(want) {
			return math.IsNaN(got)
		}
		return math.Abs(got-want) <= 1e-13*math.Max(1, math.Abs(want))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := composite.Skew(tt.x); !same(got, tt.skew) {
				t.Errorf("Skew = %.17g, want %.17g", got, tt.skew)
			}
			if got := composite.Kurtosis(tt.x); !same(got, tt.kurt) {
				t.Errorf("Kurtosis = %.17g, want %.17g", got, tt.kurt)
			}
		})
	}
}
