package composite_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// TestTrend pins every class boundary of the SDG trend arrows. Higher is
// better: baseline 0 in 2015, target 100 by 2035, so the needed rate is 5 a
// year and a 2020 value v gives the rate v/5. Lower is better: baseline 50
// in 2015, target 10 by 2035, needed 2 a year.
func TestTrend(t *testing.T) {
	nan := math.NaN()
	up := func(v float64) ([]int, []float64) { return []int{2015, 2018, 2020}, []float64{0, nan, v} }
	tests := []struct {
		name         string
		years        []int
		x            []float64
		target       float64
		spec         composite.TrendSpec
		want         composite.TrendClass
		rate, needed float64
	}{
		{"on-track-at-needed-rate", nil, []float64{25}, 100, composite.TrendSpec{}, composite.TrendOnTrack, 5, 5},
		{"on-track-above", nil, []float64{40}, 100, composite.TrendSpec{}, composite.TrendOnTrack, 8, 5},
		{"moderate-just-below-needed", nil, []float64{24.5}, 100, composite.TrendSpec{}, composite.TrendModeratelyImproving, 4.9, 5},
		{"moderate-at-half", nil, []float64{12.5}, 100, composite.TrendSpec{}, composite.TrendModeratelyImproving, 2.5, 5},
		{"stagnating-just-below-half", nil, []float64{12}, 100, composite.TrendSpec{}, composite.TrendStagnating, 2.4, 5},
		{"stagnating-at-zero", nil, []float64{0}, 100, composite.TrendSpec{}, composite.TrendStagnating, 0, 5},
		{"decreasing", nil, []float64{-0.5}, 100, composite.TrendSpec{}, composite.TrendDecreasing, -0.1, 5},
		{"maintaining-target-met", nil, []float64{100}, 100, composite.TrendSpec{}, composite.TrendOnTrack, 20, 5},
		{"custom-moderate-share", nil, []float64{7.5}, 100, composite.TrendSpec{Moderate: 0.3}, composite.TrendModeratelyImproving, 1.5, 5},
		{"custom-moderate-below", nil, []float64{7}, 100, composite.TrendSpec{Moderate: 0.3}, composite.TrendStagnating, 1.4, 5},
		{"lower-on-track", []int{2015, 2020}, []float64{50, 40}, 10, composite.TrendSpec{Lower: true}, composite.TrendOnTrack, 2, 2},
		{"lower-moderate-at-half", []int{2015, 2020}, []float64{50, 45}, 10, composite.TrendSpec{Lower: true}, composite.TrendModeratelyImproving, 1, 2},
		{"lower-stagnating", []int{2015, 2020}, []float64{50, 46}, 10, composite.TrendSpec{Lower: true}, composite.TrendStagnating, 0.8, 2},
		{"lower-decreasing", []int{2015, 2020}, []float64{50, 51}, 10, composite.TrendSpec{Lower: true}, composite.TrendDecreasing, -0.2, 2},
		{"lower-maintaining", []int{2015, 2020}, []float64{50, 10}, 10, composite.TrendSpec{Lower: true}, composite.TrendOnTrack, 8, 2},
		// Target met at the baseline, lost since: needed < 0, rate < 0.
		{"lost-target", []int{2015, 2020}, []float64{110, 90}, 100, composite.TrendSpec{}, composite.TrendDecreasing, -4, -0.5},
		// Still above the target while falling: maintaining.
		{"maintaining-while-falling", []int{2015, 2020}, []float64{120, 105}, 100, composite.TrendSpec{}, composite.TrendOnTrack, -3, -1},
		// Since 2017: the 2015 value is ignored; baseline 10 in 2017,
		// needed (100 − 10)/18 = 5, rate (40 − 10)/3 = 10.
		{"since", []int{2015, 2017, 2020}, []float64{80, 10, 40}, 100, composite.TrendSpec{Since: 2017}, composite.TrendOnTrack, 10, 5},
		// Years in any order.
		{"unordered-years", []int{2020, 2015}, []float64{12.5, 0}, 100, composite.TrendSpec{}, composite.TrendModeratelyImproving, 2.5, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			years, x := tt.years, tt.x
			if years == nil {
				years, x = up(tt.x[0])
			}
			c, rate, needed, ok := composite.Trend(years, x, 2035, tt.target, tt.spec)
			if !ok || c != tt.want {
				t.Errorf("class %v (ok %v), want %v", c, ok, tt.want)
			}
			if math.Abs(rate-tt.rate) > 1e-12 || math.Abs(needed-tt.needed) > 1e-12 {
				t.Errorf("rate %v needed %v, want %v %v", rate, needed, tt.rate, tt.needed)
			}
		})
	}

	noTrend := []struct {
		name       string
		years      []int
		x          []float64
		targetYear int
	}{
		{"one-year", []int{2015, 2016}, []float64{1, nan}, 2030},
		{"all-missing", []int{2015, 2016}, []float64{nan, nan}, 2030},
		{"same-year", []int{2016, 2016}, []float64{1, 2}, 2030},
		{"target-year-not-after-baseline", []int{2015, 2020}, []float64{1, 2}, 2015},
	}
	for _, tt := range noTrend {
		t.Run(tt.name, func(t *testing.T) {
			if c, _, _, ok := composite.Trend(tt.years, tt.x, tt.targetYear, 100, composite.TrendSpec{}); ok || c != composite.TrendNone {
				t.Errorf("class %v ok %v, want NoTrend, false", c, ok)
			}
		})
	}
}

func TestTrendNames(t *testing.T) {
	for c, want := range map[composite.TrendClass][4]string{
		composite.TrendDecreasing:          {"decreasing", "decreasing", "退步", "↓"},
		composite.TrendStagnating:          {"stagnating", "stagnating", "停滞", "→"},
		composite.TrendModeratelyImproving: {"moderately_improving", "moderately improving", "温和改善", "↗"},
		composite.TrendOnTrack:             {"on_track", "on track", "按期达标", "↑"},
		composite.TrendNone:                {"none", "none", "无数据", "·"},
	} {
		if c.String() != want[0] || c.Label("en") != want[1] || c.Label("zh") != want[2] || c.Arrow() != want[3] {
			t.Errorf("%d: %q %q %q %q, want %v", c, c.String(), c.Label("en"), c.Label("zh"), c.Arrow(), want)
		}
		var p composite.TrendClass
		if err := p.UnmarshalText([]byte(want[0])); err != nil || p != c {
			t.Errorf("UnmarshalText(%q) = %v, %v", want[0], p, err)
		}
	}
	var p composite.TrendClass
	if err := p.UnmarshalText([]byte("up")); err == nil || !strings.Contains(err.Error(), "decreasing|moderately_improving|none|on_track|stagnating") {
		t.Errorf("up: %v", err)
	}
}

func TestCAGR(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name        string
		first, last float64
		years       int
		want        float64
	}{
		{"ten-percent", 100, 121, 2, 0.1},
		{"decline", 200, 50, 2, -0.5},
		{"flat", 7, 7, 5, 0},
		{"one-year", 4, 5, 1, 0.25},
		{"zero-first", 0, 5, 2, nan},
		{"negative-last", 5, -1, 2, nan},
		{"zero-years", 5, 6, 0, nan},
		{"missing", nan, 6, 3, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := composite.CAGR(tt.first, tt.last, tt.years)
			if math.IsNaN(tt.want) != math.IsNaN(got) || math.Abs(got-tt.want) > 1e-15 {
				t.Errorf("CAGR(%v, %v, %d) = %v, want %v", tt.first, tt.last, tt.years, got, tt.want)
			}
		})
	}
	// First value 100 in 2015, last 121 in 2018 (2016 missing, years
	// unordered).
	g, from, to := composite.SeriesCAGR([]int{2016, 2015, 2017, 2018}, []float64{nan, 100, 110, 121})
	if want := math.Pow(1.21, 1.0/3) - 1; math.Abs(g-want) > 1e-15 || from != 2015 || to != 2018 {
		t.Errorf("SeriesCAGR = %v %d %d, want %v 2015 2018", g, from, to, want)
	}
	if g, _, _ := composite.SeriesCAGR([]int{2015}, []float64{3}); !math.IsNaN(g) {
		t.Errorf("one year: %v, want NaN", g)
	}
}

func ExampleTrend() {
	// PM2.5 (lower is better), target 30 µg/m³ by 2030.
	years := []int{2018, 2019, 2020, 2021, 2022, 2023}
	pm25 := []float64{52, 49, 47, math.NaN(), 44, 43}
	c, rate, needed, _ := composite.Trend(years, pm25, 2030, 30, composite.TrendSpec{Lower: true})
	fmt.Printf("%s %s: %.2f a year, %.2f needed\n", c.Arrow(), c.Label("zh"), rate, needed)
	fmt.Printf("CAGR %.4f\n", composite.CAGR(52, 43, 5))
	// Output:
	// ↗ 温和改善: 1.80 a year, 1.83 needed
	// CAGR -0.0373
}
