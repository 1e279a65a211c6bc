package composite

import (
	"math"
)

// TrendClass classifies the recent progress of a value toward its target,
// with the four arrows of the SDG Trend Dashboards (Sachs et al.,
// Sustainable Development Report). TrendNone marks a series that could not be
// classified.
type TrendClass int

const (
	TrendNone                TrendClass = iota - 1
	TrendDecreasing                     // ↓ moving away from the target
	TrendStagnating                     // → stagnant, or improving at under half the rate needed
	TrendModeratelyImproving            // ↗ improving at half the needed rate or more, but less than it
	TrendOnTrack                        // ↑ improving at the rate needed, or target reached (maintaining)
)

var trendNames = map[TrendClass]string{
	TrendNone: "none", TrendDecreasing: "decreasing", TrendStagnating: "stagnating",
	TrendModeratelyImproving: "moderately_improving", TrendOnTrack: "on_track",
}

var trendZh = map[TrendClass]string{
	TrendNone: "无数据", TrendDecreasing: "退步", TrendStagnating: "停滞",
	TrendModeratelyImproving: "温和改善", TrendOnTrack: "按期达标",
}

var trendArrows = map[TrendClass]string{
	TrendNone: "·", TrendDecreasing: "↓", TrendStagnating: "→", TrendModeratelyImproving: "↗", TrendOnTrack: "↑",
}

// String returns the class's name: decreasing, stagnating,
// moderately_improving, on_track or none.
func (c TrendClass) String() string { return nameOf(trendNames, c) }

// Label returns the class's name in lang: "zh" (退步, 停滞, 温和改善,
// 按期达标, 无数据) or English otherwise.
func (c TrendClass) Label(lang string) string {
	if lang == "zh" {
		if s, ok := trendZh[c]; ok {
			return s
		}
	}
	switch c {
	case TrendModeratelyImproving:
		return "moderately improving"
	case TrendOnTrack:
		return "on track"
	}
	return c.String()
}

// Arrow returns the class's arrow: ↓ → ↗ ↑, or · for TrendNone.
func (c TrendClass) Arrow() string {
	if s, ok := trendArrows[c]; ok {
		return s
	}
	return "?"
}

// UnmarshalText parses a trend class name.
func (c *TrendClass) UnmarshalText(b []byte) error {
	return parseName(trendNames, c, b, "trend class")
}

// TrendSpec configures Trend. The zero value is the SDG Index method for a
// higher-is-better indicator over all the years given.
type TrendSpec struct {
	// Lower: lower values are better (the target lies below the values).
	Lower bool
	// Since is the baseline year: the first year with a value from Since
	// on starts both rates (the SDR uses 2015, the adoption of the SDGs).
	// 0 = the first year with a value.
	Since int
	// Moderate is the share of the needed rate from which progress is
	// moderately improving. 0 means the SDR's one half.
	Moderate float64
}

// Trend classifies the progress of one unit's indicator toward target by
// targetYear, given its values x in years (NaN = missing; any order), with
// the method of the SDG Trend Dashboards (Sachs et al., Sustainable
// Development Report, Methods summary; Lafortune et al. 2018, SDG Index and
// Dashboards detailed methodological paper, §1.5.3):
//
//	rate   = s·(x_last − x_base)/(t_last − t_base)    the observed annual change
//	needed = s·(target − x_base)/(targetYear − t_base) the annual change needed
//
// where t_base is the first year ≥ spec.Since with a value, t_last the last
// year with a value, and s = +1, or −1 for a lower-is-better indicator, so
// that both rates are improvements. The classes:
//
//	TrendOnTrack              the last value meets the target (maintaining), or rate ≥ needed
//	TrendModeratelyImproving  Moderate·needed ≤ rate < needed   (Moderate = 0.5)
//	TrendStagnating           0 ≤ rate < Moderate·needed
//	TrendDecreasing           rate < 0
//
// Rates are linear (change per year, as the SDR's "linear annual growth
// rates"); the class is the same on raw values and on any increasing linear
// rescaling of them, such as goalposts from the worst value to the target.
// The four classes, the comparison of the observed with the needed rate and
// the baseline-to-target-year needed rate are the SDR's. The boundary
// conventions (which class a rate exactly at 0, at half or at the needed
// rate falls in) and the one-half share follow our reading of the SDR's
// wording ("below 50 % of the required rate", "at the rate needed"); its text
// could not be retrieved verbatim here. ok is false, with TrendNone, when
// fewer than two distinct years have a value from Since on, or when the
// target is not met and targetYear is not after the baseline year. It
// panics if years and x have different lengths.
func Trend(years []int, x []float64, targetYear int, target float64, spec TrendSpec) (c TrendClass, rate, needed float64, ok bool) {
	if len(years) != len(x) {
		panic("composite: Trend: years and x have different lengths")
	}
	base, last := -1, -1
	for i, v := range x {
		if math.IsNaN(v) || years[i] < spec.Since {
			continue
		}
		if base < 0 || years[i] < years[base] {
			base = i
		}
		if last < 0 || years[i] > years[last] {
			last = i
		}
	}
	nan := math.NaN()
	if base < 0 || years[last] == years[base] || math.IsNaN(target) {
		return TrendNone, nan, nan, false
	}
	s := 1.0
	if spec.Lower {
		s = -1
	}
	moderate := spec.Moderate
	if moderate == 0 {
		moderate = 0.5
	}
	rate = s * (x[last] - x[base]) / float64(years[last]-years[base])
	needed = nan
	if targetYear > years[base] {
		needed = s * (target - x[base]) / float64(targetYear-years[base])
	}
	switch {
	case s*(x[last]-target) >= 0:
		return TrendOnTrack, rate, needed, true
	case math.IsNaN(needed):
		return TrendNone, rate, needed, false
	case rate < 0:
		// Also when the baseline met the target and the last value does
		// not (then needed ≤ 0 and rate < 0).
		return TrendDecreasing, rate, needed, true
	case rate >= needed:
		return TrendOnTrack, rate, needed, true
	case rate >= moderate*needed:
		return TrendModeratelyImproving, rate, needed, true
	}
	return TrendStagnating, rate, needed, true
}

// CAGR returns the compound annual growth rate from first to last over
// years years:
//
//	CAGR = (last/first)^(1/years) − 1
//
// It returns NaN when first or last is not positive (or NaN), or years ≤ 0.
func CAGR(first, last float64, years int) float64 {
	if !(first > 0) || !(last > 0) || years <= 0 || math.IsInf(first, 0) || math.IsInf(last, 0) {
		return math.NaN()
	}
	return math.Pow(last/first, 1/float64(years)) - 1
}

// SeriesCAGR returns the CAGR of a series x in years (NaN = missing; any
// order) from its first to its last year with a value, and those years. It
// returns NaN (and zero years) when fewer than two distinct years have a
// value or an endpoint is not positive. It panics if years and x have
// different lengths.
func SeriesCAGR(years []int, x []float64) (cagr float64, from, to int) {
	if len(years) != len(x) {
		panic("composite: SeriesCAGR: years and x have different lengths")
	}
	f, l := -1, -1
	for i, v := range x {
		if math.IsNaN(v) {
			continue
		}
		if f < 0 || years[i] < years[f] {
			f = i
		}
		if l < 0 || years[i] > years[l] {
			l = i
		}
	}
	if f < 0 || years[l] == years[f] {
		return math.NaN(), 0, 0
	}
	g := CAGR(x[f], x[l], years[l]-years[f])
	if math.IsNaN(g) {
		return g, 0, 0
	}
	return g, years[f], years[l]
}
