package composite_test

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// Test vectors in testdata/vectors: published worked examples and values
// derived from them (README.md there gives each file's source). Each file's
// tolerance is half a unit in the last digit printed in the column
// compared. "derived" values were computed by an independent
// re-implementation, not printed in a source: they pin a convention, which
// each test names.

// mvTable is a vector CSV: the header and the rows keyed by their first
// column ("row").
type mvTable struct {
	header []string
	rows   map[string][]string
	order  []string // the row labels in file order
}

func mvRead(t *testing.T, name string) *mvTable {
	t.Helper()
	header, recs := readCSV(t, filepath.Join("testdata", "vectors", name))
	tb := &mvTable{header: header, rows: map[string][]string{}}
	for _, r := range recs {
		tb.rows[r[0]] = r
		tb.order = append(tb.order, r[0])
	}
	return tb
}

func (tb *mvTable) col(t *testing.T, name string) int {
	t.Helper()
	for j, h := range tb.header {
		if h == name {
			return j
		}
	}
	t.Fatalf("no column %q", name)
	return -1
}

// cell returns the value and the tolerance of the cell: half a unit in its
// last printed digit.
func (tb *mvTable) cell(t *testing.T, row, col string) (v, tol float64) {
	t.Helper()
	r, ok := tb.rows[row]
	if !ok {
		t.Fatalf("no row %q", row)
	}
	s := r[tb.col(t, col)]
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("row %s column %s: %v", row, col, err)
	}
	dp := 0
	if k := strings.IndexByte(s, '.'); k >= 0 {
		dp = len(s) - k - 1
	}
	return v, 0.5 * math.Pow(10, -float64(dp))
}

func (tb *mvTable) value(t *testing.T, row, col string) float64 {
	v, _ := tb.cell(t, row, col)
	return v
}

// mvCheck compares got with a cell and records the error relative to the
// tolerance in *worst.
func mvCheck(t *testing.T, tb *mvTable, row, col string, got float64, worst *float64) {
	t.Helper()
	want, tol := tb.cell(t, row, col)
	e := math.Abs(got - want)
	if !(e <= tol) {
		t.Errorf("%s %s = %.10g, want %v ± %g", row, col, got, want, tol)
	}
	*worst = max(*worst, e)
}

// TestVectorTOPSISMCDACars: R package MCDA, example TOPSIS.Rd
// (topsis_mcda_cars.csv). Vector normalisation, purchase price a cost
// column. The caller orients the data (price × −1) before VectorTo, so the
// PIS and NIS of price come out negated: |PIS| and |NIS| equal the published
// 9-dp values, which take the minimum and maximum of the unnegated
// column. The closeness is derived (6 dp) and the same either way.
func TestVectorTOPSISMCDACars(t *testing.T) {
	tb := mvRead(t, "topsis_mcda_cars.csv")
	units := []string{"Corsa", "Clio", "Fiesta"}
	crit := tb.header[1:5]
	cols := make([][]float64, len(crit))
	w := make([]float64, len(crit))
	for j, c := range crit {
		dir := tb.value(t, "type", c)
		cols[j] = make([]float64, len(units))
		for i, u := range units {
			cols[j][i] = dir * tb.value(t, u, c)
		}
		if !composite.VectorTo(cols[j], cols[j]) {
			t.Fatalf("%s: VectorTo failed", c)
		}
		w[j] = tb.value(t, "weight", c)
	}
	r := composite.TOPSIS(cols, w, composite.TOPSISScale)
	var worstC, worstIdeal float64
	for i, u := range units {
		mvCheck(t, tb, u, "expected_closeness_derived", r.Closeness[i], &worstC)
	}
	for j, c := range crit {
		mvCheck(t, tb, "expected_PIS", c, math.Abs(r.PIS[j]), &worstIdeal)
		mvCheck(t, tb, "expected_NIS", c, math.Abs(r.NIS[j]), &worstIdeal)
	}
	if r.PIS[0] >= 0 || r.NIS[0] >= 0 {
		t.Errorf("price PIS, NIS = %v, %v: want both negative (oriented cost column)", r.PIS[0], r.NIS[0])
	}
	t.Logf("max |error|: closeness %.2g (tol 5e-7), |PIS|,|NIS| %.2g (tol 5e-10)", worstC, worstIdeal)
}

// TestVectorTOPSISSishoukuiInterval: 司守奎《数学建模算法与应用》 graduate
// school evaluation (topsis_sishoukui_interval.csv). The student-teacher
// ratio is an interval indicator (optimal [5, 6], tolerable [2, 12],
// IntervalTo), the overdue graduation rate a cost column (× −1), then
// vector normalisation of every column and V = w·z with the given weights.
// The transformed column, S+, S− and closeness are derived (4 dp; the
// transformed column 6 dp).
func TestVectorTOPSISSishoukuiInterval(t *testing.T) {
	tb := mvRead(t, "topsis_sishoukui_interval.csv")
	units := []string{"U1", "U2", "U3", "U4", "U5"}
	crit := tb.header[1:5]
	cols := make([][]float64, len(crit))
	w := make([]float64, len(crit))
	var worstZ, worstS, worstC float64
	for j, c := range crit {
		x := make([]float64, len(units))
		for i, u := range units {
			x[i] = tb.value(t, u, c)
		}
		switch typ := tb.rows["type"][j+1]; typ {
		case "1":
		case "-1":
			for i := range x {
				x[i] = -x[i]
			}
		case "interval":
			a, b := mvRange(t, tb.rows["interval_optimal"][j+1])
			lb, ub := mvRange(t, tb.rows["interval_tolerable"][j+1])
			composite.IntervalTo(x, x, a, b, lb, ub)
			for i, u := range units {
				mvCheck(t, tb, u, "expected_c2_transformed", x[i], &worstZ)
			}
		default:
			t.Fatalf("%s: type %q", c, typ)
		}
		if !composite.VectorTo(x, x) {
			t.Fatalf("%s: VectorTo failed", c)
		}
		cols[j] = x
		w[j] = tb.value(t, "weight", c)
	}
	r := composite.TOPSIS(cols, w, composite.TOPSISScale)
	for i, u := range units {
		mvCheck(t, tb, u, "expected_Splus", r.DPlus[i], &worstS)
		mvCheck(t, tb, u, "expected_Sminus", r.DMinus[i], &worstS)
		mvCheck(t, tb, u, "expected_closeness", r.Closeness[i], &worstC)
	}
	t.Logf("max |error|: c2 %.2g (tol 5e-7), S± %.2g, closeness %.2g (tol 5e-5)", worstZ, worstS, worstC)
}

// mvRange parses "a;b".
func mvRange(t *testing.T, s string) (lo, hi float64) {
	t.Helper()
	l, h, ok := strings.Cut(s, ";")
	a, err1 := strconv.ParseFloat(l, 64)
	b, err2 := strconv.ParseFloat(h, 64)
	if !ok || err1 != nil || err2 != nil {
		t.Fatalf("bad range %q", s)
	}
	return a, b
}

// TestVectorCouplingGrades: the 10 D grades of 田深圳 et al. 地理学报 2021,
// 76(4):781, Tab. 1 (coupling_grades.csv, published, intervals
// (lower, upper]). CouplingGrades must equal the table, and every bin edge
// must fall on the side the rule says: BinLowerOpen puts an edge in the bin
// below it (0 → level 1 by convention), BinUpperOpen in the bin above it
// (1 → level 10 by convention).
func TestVectorCouplingGrades(t *testing.T) {
	header, recs := readCSV(t, filepath.Join("testdata", "vectors", "coupling_grades.csv"))
	if strings.Join(header, ",") != "D_lower_exclusive,D_upper_inclusive,grade_zh,grade_en" {
		t.Fatalf("header %v", header)
	}
	g := composite.CouplingGrades()
	if len(g) != len(recs) {
		t.Fatalf("%d grades, want %d", len(g), len(recs))
	}
	for k, r := range recs {
		lo, _ := strconv.ParseFloat(r[0], 64)
		hi, _ := strconv.ParseFloat(r[1], 64)
		want := composite.Grade{Level: k + 1, Zh: r[2], En: r[3], Lower: lo, Upper: hi}
		if g[k] != want {
			t.Errorf("grade %d = %+v, want %+v", k+1, g[k], want)
		}
		cases := []struct {
			d    float64
			rule composite.BinRule
			want int
		}{
			{hi, composite.BinLowerOpen, k + 1},
			{lo, composite.BinLowerOpen, max(k, 1)},
			{(lo + hi) / 2, composite.BinLowerOpen, k + 1},
			{lo, composite.BinUpperOpen, k + 1},
			{hi, composite.BinUpperOpen, min(k+2, 10)},
			{(lo + hi) / 2, composite.BinUpperOpen, k + 1},
		}
		for _, c := range cases {
			if got := composite.GradeOf(c.d, c.rule); got.Level != c.want {
				t.Errorf("GradeOf(%v, %v) = level %d, want %d", c.d, c.rule, got.Level, c.want)
			}
		}
	}
}

// TestVectorEfficacy: 功效系数法 d = 60 + 40·(x − x_s)/(x_h − x_s) with the
// convention x_s (不允许值) = min and x_h (满意值) = max of the column
// (normalize_efficacy_derived.csv, derived, 4 dp).
func TestVectorEfficacy(t *testing.T) {
	tb := mvRead(t, "normalize_efficacy_derived.csv")
	var units []string
	for _, r := range tb.order {
		if strings.HasPrefix(r, "A") {
			units = append(units, r)
		}
	}
	x := make([]float64, len(units))
	for i, u := range units {
		x[i] = tb.value(t, u, "x")
	}
	mn, mx := mvMinMax(x)
	if mn != tb.value(t, "x_s (min)", "x") || mx != tb.value(t, "x_h (max)", "x") {
		t.Fatalf("x_s, x_h = %v, %v: not the column min and max", mn, mx)
	}
	d := make([]float64, len(x))
	if !composite.EfficacyTo(d, x, 60, 40) {
		t.Fatal("EfficacyTo failed")
	}
	var worst float64
	for i, u := range units {
		mvCheck(t, tb, u, "expected_d_60_40", d[i], &worst)
	}
	t.Logf("max |error| %.2g (tol 5e-5)", worst)
}

func mvMinMax(x []float64) (mn, mx float64) {
	mn, mx = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		mn, mx = min(mn, v), max(mx, v)
	}
	return mn, mx
}
