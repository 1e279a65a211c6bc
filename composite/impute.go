package composite

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ImputeMethod names a way to fill in missing values (the profile's
// `impute` block).
type ImputeMethod int

const (
	ImputeNone        ImputeMethod = iota // leave missing values missing (the default)
	ImputeMean                            // the mean of the column (COINr i_mean)
	ImputeMedian                          // the median of the column (COINr i_median)
	ImputeGroupMean                       // the mean within the unit's group (COINr i_mean_grp)
	ImputeGroupMedian                     // the median within the unit's group (COINr i_median_grp)
	ImputeInterpolate                     // linear in time between the unit's own years
	ImputeLOCF                            // the unit's last earlier value (last observation carried forward)
)

var imputeNames = map[ImputeMethod]string{
	ImputeNone: "none", ImputeMean: "mean", ImputeMedian: "median",
	ImputeGroupMean: "group_mean", ImputeGroupMedian: "group_median",
	ImputeInterpolate: "interpolate", ImputeLOCF: "locf",
}

func (m ImputeMethod) String() string { return nameOf(imputeNames, m) }

// UnmarshalText parses an imputation method name; an unknown name is an
// error that lists the valid ones.
func (m *ImputeMethod) UnmarshalText(b []byte) error {
	return parseName(imputeNames, m, b, "imputation")
}

// Grouped reports whether m imputes within groups (and needs a group
// column).
func (m ImputeMethod) Grouped() bool { return m == ImputeGroupMean || m == ImputeGroupMedian }

// Temporal reports whether m works along each unit's years (and needs the
// panel's series).
func (m ImputeMethod) Temporal() bool { return m == ImputeInterpolate || m == ImputeLOCF }

// ErrNoGroups is returned by Impute for a group method called without
// groups.
var ErrNoGroups = errors.New("composite: group imputation needs a group column")

// ErrNoSeries is returned by Impute for interpolate or locf called
// without the panel's series.
var ErrNoSeries = errors.New("composite: interpolate and locf need each unit's years")

// Impute fills the NaNs (missing values) of one indicator column x into
// dst, which must have the length of x and may be x itself; the values
// present are copied unchanged. It returns the rows it filled, in ascending
// order, so that the caller can flag every imputed cell.
//
// The methods follow COINr 1.1.14 (R/impute.R, i_* functions applied
// column by column):
//
//   - ImputeMean: every NaN gets the mean of the values present (R's
//     mean(x, na.rm = TRUE), accumulated in extended precision).
//   - ImputeMedian: the median of the values present (the mean of the two
//     middle values when their count is even).
//   - ImputeGroupMean, ImputeGroupMedian: the same within each group:
//     groups[i] is the group of row i; a row whose group is "" is neither
//     filled nor used (COINr's skip_f_na); a group with no value leaves its
//     NaNs as they are (COINr writes NaN there).
//   - ImputeInterpolate: along each series (series[k] lists the rows of unit
//     k in ascending year order), a NaN between two values present gets
//     y₀ + (y₁ − y₀)·((t − t₀)/(t₁ − t₀)), with (t₀, y₀) and (t₁, y₁) the
//     nearest earlier and later years with a value (R's approx(), linear).
//     NaNs before the first or after the last value stay missing: there is
//     no extrapolation (COINr's impute_panel(imp_type = "linear") would
//     carry the end values outwards, approx's rule = 2). years[i] is the
//     year of row i; with nil years the positions within the series are
//     used as equally spaced times.
//   - ImputeLOCF: along each series, a NaN gets the nearest earlier value
//     present (COINr's impute_panel(imp_type = "latest") without max_time);
//     leading NaNs stay missing (no backward fill).
//
// Rows not listed in any series are left as they are by the temporal
// methods. A column with no value present is returned unchanged with
// nothing filled, as COINr does. groups and series are ignored by the
// methods that do not use them. It returns ErrNoGroups or ErrNoSeries when
// the method needs groups or series and they are nil, and an error for an
// unknown method. It panics if dst, groups or years have a length other
// than len(x), or a series lists a row out of range.
func Impute(dst, x []float64, m ImputeMethod, groups []string, series [][]int, years []int) (filled []int, err error) {
	if len(dst) != len(x) {
		panic("composite: Impute: dst and x have different lengths")
	}
	if groups != nil && len(groups) != len(x) {
		panic("composite: Impute: groups and x have different lengths")
	}
	if years != nil && len(years) != len(x) {
		panic("composite: Impute: years and x have different lengths")
	}
	if m.Grouped() && groups == nil {
		return nil, ErrNoGroups
	}
	if m.Temporal() && series == nil {
		return nil, ErrNoSeries
	}
	if _, ok := imputeNames[m]; !ok {
		return nil, fmt.Errorf("composite: unknown imputation method %v", m)
	}
	copy(dst, x)
	switch m {
	case ImputeMean, ImputeMedian:
		v := columnStat(x, nil, m == ImputeMedian)
		if math.IsNaN(v) {
			return nil, nil
		}
		for i, xi := range x {
			if math.IsNaN(xi) {
				dst[i] = v
				filled = append(filled, i)
			}
		}
	case ImputeGroupMean, ImputeGroupMedian:
		filled = imputeGroups(dst, x, groups, m == ImputeGroupMedian)
	case ImputeInterpolate:
		for _, s := range series {
			filled = interpolateSeries(dst, x, s, years, filled)
		}
		slices.Sort(filled)
	case ImputeLOCF:
		for _, s := range series {
			last := math.NaN()
			for _, r := range s {
				switch {
				case !math.IsNaN(x[r]):
					last = x[r]
				case !math.IsNaN(last):
					dst[r] = last
					filled = append(filled, r)
				}
			}
		}
		slices.Sort(filled)
	}
	return filled, nil
}

// imputeGroups fills the NaNs of x in dst with their group's mean or median
// and returns the rows filled, ascending.
func imputeGroups(dst, x []float64, groups []string, median bool) (filled []int) {
	// Rows of each group, in order of first appearance.
	idx := map[string]int{}
	var members [][]int
	for i, g := range groups {
		if g == "" {
			continue
		}
		k, ok := idx[g]
		if !ok {
			k = len(members)
			idx[g] = k
			members = append(members, nil)
		}
		members[k] = append(members[k], i)
	}
	for _, rows := range members {
		v := columnStat(x, rows, median)
		if math.IsNaN(v) {
			continue // a group with no value
		}
		for _, i := range rows {
			if math.IsNaN(x[i]) {
				dst[i] = v
				filled = append(filled, i)
			}
		}
	}
	slices.Sort(filled)
	return filled
}

// columnStat returns the mean or the median of the values of x present at
// rows (all rows when rows is nil), or NaN when there is none. The mean is
// R's mean(): a sum in extended precision divided by the count and rounded
// once. The median of an even count is the mean of the two middle values,
// rounded once.
func columnStat(x []float64, rows []int, median bool) float64 {
	if !median {
		var a Accumulator
		n := 0
		add := func(v float64) {
			if !math.IsNaN(v) {
				a.Add(v)
				n++
			}
		}
		if rows == nil {
			for _, v := range x {
				add(v)
			}
		} else {
			for _, i := range rows {
				add(x[i])
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return a.Div(float64(n))
	}
	var vals []float64
	if rows == nil {
		vals = make([]float64, 0, len(x))
		for _, v := range x {
			if !math.IsNaN(v) {
				vals = append(vals, v)
			}
		}
	} else {
		vals = make([]float64, 0, len(rows))
		for _, i := range rows {
			if !math.IsNaN(x[i]) {
				vals = append(vals, x[i])
			}
		}
	}
	n := len(vals)
	if n == 0 {
		return math.NaN()
	}
	slices.Sort(vals)
	if n%2 == 1 {
		return vals[n/2]
	}
	var a Accumulator
	a.Add(vals[n/2-1])
	a.Add(vals[n/2])
	return a.Div(2)
}

// interpolateSeries fills, along the rows s of one unit in year order, the
// NaNs between two values present, appending the rows filled to filled.
func interpolateSeries(dst, x []float64, s []int, years []int, filled []int) []int {
	t := func(k int) float64 {
		if years == nil {
			return float64(k)
		}
		return float64(years[s[k]])
	}
	prev := -1 // position in s of the last value present
	for k, r := range s {
		if math.IsNaN(x[r]) {
			continue
		}
		if prev >= 0 && k > prev+1 {
			y0, y1 := x[s[prev]], x[r]
			t0, t1 := t(prev), t(k)
			for j := prev + 1; j < k; j++ {
				tj := t(j)
				switch tj {
				case t0:
					dst[s[j]] = y0
				case t1:
					dst[s[j]] = y1
				default:
					dst[s[j]] = y0 + (y1-y0)*((tj-t0)/(t1-t0))
				}
				filled = append(filled, s[j])
			}
		}
		prev = k
	}
	return filled
}
