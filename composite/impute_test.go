package composite_test

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// asemDir holds COINr's ASEM data and the R references computed from it,
// which the COINr equivalence tests of scoring share with these.
const asemDir = "../scoring/testdata/asem"

// tiCSV reads a whole CSV file and returns its header, its rows and the
// position of each column.
func tiCSV(t testing.TB, path string) (rows [][]string, col map[string]int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	col = map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	return recs[1:], col
}

// tiFloat parses a CSV field: empty = NaN.
func tiFloat(t testing.TB, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// tiASEM is COINr's ASEM data: the 49 indicators (Level 1 of ASEM_iMeta) as
// columns, the units' codes and their EurAsia_group.
type tiASEM struct {
	units, groups, inds []string
	cols                map[string][]float64
}

func tiLoadASEM(t testing.TB) *tiASEM {
	t.Helper()
	meta, mc := tiCSV(t, asemDir+"/ASEM_iMeta.csv")
	a := &tiASEM{cols: map[string][]float64{}}
	for _, r := range meta {
		if r[mc["Level"]] == "1" {
			a.inds = append(a.inds, r[mc["iCode"]])
		}
	}
	rows, dc := tiCSV(t, asemDir+"/ASEM_iData.csv")
	for _, r := range rows {
		a.units = append(a.units, r[dc["uCode"]])
		a.groups = append(a.groups, r[dc["EurAsia_group"]])
		for _, k := range a.inds {
			a.cols[k] = append(a.cols[k], tiFloat(t, r[dc[k]]))
		}
	}
	if len(a.inds) != 49 || len(a.units) != 51 {
		t.Fatalf("ASEM: %d indicators, %d units; want 49, 51", len(a.inds), len(a.units))
	}
	return a
}

// tiReference reads a reference-*.csv of values by unit and indicator and
// checks it lists the units of a in order.
func tiReference(t testing.TB, a *tiASEM, path string) map[string][]float64 {
	t.Helper()
	rows, col := tiCSV(t, path)
	if len(rows) != len(a.units) {
		t.Fatalf("%s: %d rows, want %d", path, len(rows), len(a.units))
	}
	ref := map[string][]float64{}
	for i, r := range rows {
		if r[col["uCode"]] != a.units[i] {
			t.Fatalf("%s: row %d is %s, want %s", path, i, r[col["uCode"]], a.units[i])
		}
		for _, k := range a.inds {
			ref[k] = append(ref[k], tiFloat(t, r[col[k]]))
		}
	}
	return ref
}

// tiRelDiff returns |a − b|/max(|a|, |b|), 0 when both are equal or NaN,
// and +Inf when only one is NaN.
func tiRelDiff(a, b float64) float64 {
	if a == b || math.IsNaN(a) && math.IsNaN(b) {
		return 0
	}
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.Inf(1)
	}
	return math.Abs(a-b) / math.Max(math.Abs(a), math.Abs(b))
}

// TestImputeASEM imputes every ASEM indicator by mean, median and group
// mean/median by EurAsia_group, and compares with
// ../scoring/testdata/asem/reference-impute-*.csv, computed in R 4.2 by
// reference-treat-impute.R, which restates COINr 1.1.14's i_mean, i_median,
// i_mean_grp and i_median_grp. Values must agree to 1e-12 (relative); every
// cell that was missing and has a value in the reference must be listed as
// filled, and no other.
func TestImputeASEM(t *testing.T) {
	a := tiLoadASEM(t)
	for _, m := range []composite.ImputeMethod{composite.ImputeMean, composite.ImputeMedian, composite.ImputeGroupMean, composite.ImputeGroupMedian} {
		t.Run(m.String(), func(t *testing.T) {
			ref := tiReference(t, a, asemDir+"/reference-impute-"+m.String()+".csv")
			worst, nfilled := 0.0, 0
			for _, k := range a.inds {
				x := a.cols[k]
				dst := make([]float64, len(x))
				filled, err := composite.Impute(dst, x, m, a.groups, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				var want []int
				for i := range x {
					if d := tiRelDiff(dst[i], ref[k][i]); d > 1e-12 {
						t.Errorf("%s %s = %.17g, want %.17g", a.units[i], k, dst[i], ref[k][i])
					} else if d > worst {
						worst = d
					}
					if math.IsNaN(x[i]) && !math.IsNaN(ref[k][i]) {
						want = append(want, i)
					}
				}
				if !slices.Equal(filled, want) {
					t.Errorf("%s: filled %v, want %v", k, filled, want)
				}
				nfilled += len(filled)
			}
			t.Logf("%d cells filled, max relative difference from R %.3g", nfilled, worst)
		})
	}
}

func TestImputeColumn(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		x      []float64
		m      composite.ImputeMethod
		groups []string
		series [][]int
		years  []int
		want   []float64
		filled []int
	}{
		{name: "none", x: []float64{1, nan, 3}, m: composite.ImputeNone, want: []float64{1, nan, 3}},
		{name: "mean", x: []float64{1, nan, 2, nan, 6}, m: composite.ImputeMean, want: []float64{1, 3, 2, 3, 6}, filled: []int{1, 3}},
		{name: "mean-all-missing", x: []float64{nan, nan}, m: composite.ImputeMean, want: []float64{nan, nan}},
		{name: "mean-nothing-missing", x: []float64{1, 2}, m: composite.ImputeMean, want: []float64{1, 2}},
		{name: "median-odd", x: []float64{5, nan, 1, 100}, m: composite.ImputeMedian, want: []float64{5, 5, 1, 100}, filled: []int{1}},
		{name: "median-even", x: []float64{5, nan, 1, 100, 2}, m: composite.ImputeMedian, want: []float64{5, 3.5, 1, 100, 2}, filled: []int{1}},
		{
			name: "group-mean", m: composite.ImputeGroupMean,
			x:      []float64{1, nan, 3, 10, nan, nan, 7},
			groups: []string{"a", "a", "a", "b", "b", "c", ""},
			// c has no value: its NaN stays; row 6 has no group and a value
			// that counts for nobody.
			want:   []float64{1, 2, 3, 10, 10, nan, 7},
			filled: []int{1, 4},
		},
		{
			name: "group-no-group-row-missing", m: composite.ImputeGroupMean,
			x: []float64{1, nan, nan}, groups: []string{"a", "a", ""},
			want: []float64{1, 1, nan}, filled: []int{1},
		},
		{
			name: "group-median", m: composite.ImputeGroupMedian,
			x:      []float64{1, nan, 3, 8, 10, nan, 0},
			groups: []string{"a", "a", "a", "b", "b", "b", "b"},
			want:   []float64{1, 2, 3, 8, 10, 8, 0},
			filled: []int{1, 5},
		},
		{
			// Unit 0: rows 0..4 in year order, a gap of two inside and a
			// missing first year; unit 1: rows 9, 5, 7 (not in row
			// order) with a gap at row 5.
			name: "interpolate-positions", m: composite.ImputeInterpolate,
			x:      []float64{nan, 1, nan, nan, 7, nan, 0, 4, 0, 2, 9},
			series: [][]int{{0, 1, 2, 3, 4, 10}, {9, 5, 7}},
			want:   []float64{nan, 1, 3, 5, 7, 3, 0, 4, 0, 2, 9},
			filled: []int{2, 3, 5},
		},
		{
			name: "interpolate-years", m: composite.ImputeInterpolate,
			x:      []float64{10, nan, nan, 20},
			series: [][]int{{0, 1, 2, 3}},
			years:  []int{2015, 2016, 2020, 2025},
			want:   []float64{10, 11, 15, 20},
			filled: []int{1, 2},
		},
		{
			name: "interpolate-ends-not-extrapolated", m: composite.ImputeInterpolate,
			x:      []float64{nan, nan, 5, nan},
			series: [][]int{{0, 1, 2, 3}},
			want:   []float64{nan, nan, 5, nan},
		},
		{
			name: "interpolate-row-outside-series", m: composite.ImputeInterpolate,
			x:      []float64{1, nan, 3, nan},
			series: [][]int{{0, 1, 2}},
			want:   []float64{1, 2, 3, nan},
			filled: []int{1},
		},
		{
			name: "locf", m: composite.ImputeLOCF,
			x:      []float64{nan, 4, nan, nan, 6, nan, nan, 1, nan},
			series: [][]int{{0, 1, 2, 3, 4, 5}, {8, 7, 6}},
			// Leading NaN of unit 0 stays (no backward fill); unit 1 runs
			// 8 → 7 → 6, so row 6 gets row 7's value and row 8 stays.
			want:   []float64{nan, 4, 4, 4, 6, 6, 1, 1, nan},
			filled: []int{2, 3, 5, 6},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := slices.Clone(tt.x)
			dst := make([]float64, len(x))
			filled, err := composite.Impute(dst, x, tt.m, tt.groups, tt.series, tt.years)
			if err != nil {
				t.Fatal(err)
			}
			for i := range dst {
				if tiRelDiff(dst[i], tt.want[i]) > 1e-15 {
					t.Errorf("got %v, want %v", dst, tt.want)
					break
				}
			}
			if !slices.Equal(filled, tt.filled) {
				t.Errorf("filled %v, want %v", filled, tt.filled)
			}
			for i := range x {
				if tiRelDiff(x[i], tt.x[i]) != 0 {
					t.Fatal("x was modified")
				}
			}
			// In place.
			filled2, _ := composite.Impute(x, x, tt.m, tt.groups, tt.series, tt.years)
			if !slices.Equal(filled, filled2) || tiRelDiff(x[len(x)-1], dst[len(x)-1]) != 0 {
				t.Errorf("in place: filled %v, values %v; want %v, %v", filled2, x, filled, dst)
			}
		})
	}
}

func TestImputeColumnErrors(t *testing.T) {
	x := []float64{1, math.NaN()}
	dst := make([]float64, 2)
	if _, err := composite.Impute(dst, x, composite.ImputeGroupMean, nil, nil, nil); !errors.Is(err, composite.ErrNoGroups) {
		t.Errorf("group_mean without groups: %v, want ErrNoGroups", err)
	}
	if _, err := composite.Impute(dst, x, composite.ImputeLOCF, nil, nil, nil); !errors.Is(err, composite.ErrNoSeries) {
		t.Errorf("locf without series: %v, want ErrNoSeries", err)
	}
	if _, err := composite.Impute(dst, x, composite.ImputeMethod(99), nil, nil, nil); err == nil {
		t.Error("unknown method: no error")
	}
	panics := func(f func()) (p bool) {
		defer func() { p = recover() != nil }()
		f()
		return false
	}
	if !panics(func() { _, _ = composite.Impute(dst[:1], x, composite.ImputeMean, nil, nil, nil) }) {
		t.Error("length mismatch did not panic")
	}
}

func TestImputeMethodNames(t *testing.T) {
	for _, name := range []string{"none", "mean", "median", "group_mean", "group_median", "interpolate", "locf"} {
		var m composite.ImputeMethod
		if err := m.UnmarshalText([]byte(name)); err != nil || m.String() != name {
			t.Errorf("%q: %v, %v", name, m, err)
		}
	}
	var m composite.ImputeMethod
	err := m.UnmarshalText([]byte("knn"))
	if err == nil || !strings.Contains(err.Error(), "group_median|interpolate|locf|mean|median|none") {
		t.Errorf("unknown name: %v", err)
	}
}
