package composite_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// tiPoints formats treated points as "row:label …".
func tiPoints(ps []composite.TreatedPoint) string {
	var b []string
	for _, p := range ps {
		b = append(b, fmt.Sprintf("%d:%s", p.Row, p.Label))
	}
	return strings.Join(b, " ")
}

// tiLogPoints returns the labels of a logged column of n rows whose
// winsorisation had moved the rows win: "0:+log_CT 1:+log_CT …".
func tiLogPoints(n int, win map[int]string) string {
	var b []string
	for i := range n {
		b = append(b, fmt.Sprintf("%d:%s+log_CT", i, win[i]))
	}
	return strings.Join(b, " ")
}

func tiSeq(lo, hi float64) []float64 {
	var x []float64
	for v := lo; v <= hi; v++ {
		x = append(x, v)
	}
	return x
}

func tiCat(xs ...[]float64) []float64 { return slices.Concat(xs...) }

func tiRep(v float64, n int) []float64 { return slices.Repeat([]float64{v}, n) }

// TestTreatColumn covers every path of COINr's Treat(). The expected values
// were computed in R 4.2 with the treat() function of
// ../scoring/testdata/asem/reference-treat-impute.R (our restatement of COINr 1.1.14's
// Treat.numeric, winsorise, log_CT and check_SkewKurt).
func TestTreatColumn(t *testing.T) {
	nan := math.NaN()
	def := composite.DefaultTreatSpec()
	win1 := def
	win1.WinMax = 1
	noFallback := win1
	noFallback.Fallback = composite.FallbackNone
	tests := []struct {
		name string
		x    []float64
		spec composite.TreatSpec
		// want holds expected values by row (other rows unchanged, or
		// checked through the log formula when logged).
		want                    map[int]float64
		points                  string
		nwin                    int
		log, passed, undefined  bool
		skew0, kurt0, skew1, k1 float64
	}{
		{
			name: "passes-at-once", x: tiSeq(1, 10), spec: def, passed: true,
			skew0: 0, kurt0: -1.1999999999999997, skew1: 0, k1: -1.1999999999999997,
		},
		{
			name: "winsorise-high", x: tiCat(tiSeq(1, 10), []float64{100}), spec: def,
			want: map[int]float64{10: 10}, points: "10:winhi", nwin: 1, passed: true,
			skew0: 3.2556381840605075, kurt0: 10.706673906421969, skew1: -0.12762165967608591, k1: -1.3366772177582986,
		},
		{
			name: "winsorise-low", x: tiCat(tiSeq(1, 10), []float64{-100}), spec: def,
			want: map[int]float64{10: 1}, points: "10:winlo", nwin: 1, passed: true,
			skew0: -3.2675665191422478, kurt0: 10.763905792671185, skew1: 0.12762165967608591, k1: -1.3366772177582986,
		},
		{
			// Two points tie at the maximum: both move at once, nwin = 2 >
			// winmax 1.
			name: "ties-at-extreme", x: tiCat(tiSeq(1, 20), []float64{100, 100}), spec: win1,
			want: map[int]float64{20: 20, 21: 20}, points: "20:winhi 21:winhi", nwin: 2, passed: true,
			skew0: 2.8169996170551554, kurt0: 7.1335421965182952, skew1: -0.09449573196380337, k1: -1.2937726367728533,
		},
		{
			// −100 moves to −90, then both (tied) move to 1: the points
			// winsorised before move again and are counted again.
			name: "repeated-low", x: tiCat([]float64{-100, -90}, tiSeq(1, 20), []float64{30, 35, 40}), spec: def,
			want: map[int]float64{0: 1, 1: 1}, points: "0:winlo 1:winlo", nwin: 2, passed: true,
			skew0: -2.7309754190395026, kurt0: 7.5406395899652967, skew1: 1.1786392912052484, k1: 1.1866785651538996,
		},
		{
			// The skew changes sign after the first (high) step, so the
			// second step is on the low side.
			name: "side-switch", x: tiCat([]float64{-30}, tiSeq(1, 10), []float64{100}), spec: def,
			want: map[int]float64{0: 1, 11: 10}, points: "0:winlo 11:winhi", nwin: 2, passed: true,
			skew0: 2.5955876983543247, kurt0: 8.8024591926200895, skew1: 0, k1: -1.476554960671558,
		},
		{
			// COINr's own test vector: winmax 1 is not enough, so log_CT of
			// the ORIGINAL column (200, not the winsorised 100).
			name: "winmax-then-log", x: tiCat(tiSeq(1, 20), []float64{100, 200}), spec: win1,
			want:   map[int]float64{0: 0.68813463873640102, 19: 3.0440461338325417, 20: 4.6150215020384655, 21: 5.3032551555776601},
			points: tiLogPoints(22, map[int]string{21: "winhi"}), nwin: 1, log: true, passed: true,
			skew0: 3.5855704488606728, kurt0: 13.339023261904057, skew1: 0.96949840738386595, k1: 2.2459956644019146,
		},
		{
			// Negative values and a missing one: the shift uses min and max
			// of the values present; the missing row is labelled too.
			name: "log-negative-values", x: []float64{-50, -40, -30, -20, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 500, 1000, nan}, spec: win1,
			want:   map[int]float64{0: 2.3513752571634776, 4: 3.9219733362813143, 14: 4.1026433650367959, 16: 6.9664957740047369, 17: nan},
			points: tiLogPoints(18, map[int]string{16: "winhi"}), nwin: 1, log: true, passed: true,
			skew0: 3.1053325835971766, kurt0: 9.6071090684304785, skew1: 1.5735983403644256, k1: 3.5347006180073355,
		},
		{
			// The log fails too: COINr returns it all the same.
			name: "log-fails", x: tiCat(tiRep(0, 30), []float64{1, 2, 3, 4, 5, 6, 1000}), spec: win1,
			want:   map[int]float64{0: 2.3025850929940459, 30: 2.3978952727983707, 36: 6.9177056098353047},
			points: tiLogPoints(37, map[int]string{36: "winhi"}), nwin: 1, log: true,
			skew0: 6.0819829738848057, kurt0: 36.993489071069526, skew1: 5.8515615010865689, k1: 34.999296538043161,
		},
		{
			name: "no-fallback", x: tiCat(tiSeq(1, 20), []float64{100, 200}), spec: noFallback,
			want: map[int]float64{21: 100}, points: "21:winhi", nwin: 1,
			skew0: 3.5855704488606728, kurt0: 13.339023261904057, skew1: 2.8169996170551554, k1: 7.1335421965182952,
		},
		{
			// Winsorising leaves every value equal: skew is NaN, the test
			// undecided, the column untreated.
			name: "undefined-after-winsorising", x: tiCat(tiRep(1, 11), []float64{50}), spec: def, undefined: true,
			skew0: 3.4641016151377544, kurt0: 12, skew1: 3.4641016151377544, k1: 12,
		},
		{
			name: "undefined-constant", x: tiRep(2, 6), spec: def, undefined: true,
			skew0: nan, kurt0: nan, skew1: nan, k1: nan,
		},
		{
			// n = 3: kurtosis is NA; |skew| < 2 decides (R: TRUE | NA is
			// TRUE).
			name: "n3-passes-on-skew", x: []float64{1, 2, 10}, spec: def, passed: true,
			skew0: 1.6523167403329899, kurt0: nan, skew1: 1.6523167403329899, k1: nan,
		},
		{
			name: "none", x: tiCat(tiSeq(1, 10), []float64{100}), spec: composite.TreatSpec{},
		},
	}
	same := func(got, want float64) bool {
		if math.IsNaN(want) {
			return math.IsNaN(got)
		}
		return math.Abs(got-want) <= 1e-13*math.Max(1, math.Abs(want))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := make([]float64, len(tt.x))
			tr := composite.Treat(dst, tt.x, tt.spec)
			for i, v := range dst {
				want, ok := tt.want[i]
				if !ok {
					want = tt.x[i]
					if tr.Log {
						mn, mx := math.Inf(1), math.Inf(-1)
						for _, v := range tt.x {
							if !math.IsNaN(v) {
								mn, mx = math.Min(mn, v), math.Max(mx, v)
							}
						}
						want = math.Log(tt.x[i] - mn + 0.01*(mx-mn))
					}
				}
				if !same(v, want) {
					t.Errorf("row %d = %.17g, want %.17g", i, v, want)
				}
			}
			if got := tiPoints(tr.Points); got != tt.points {
				t.Errorf("points %q, want %q", got, tt.points)
			}
			for _, p := range tr.Points {
				if !same(p.From, tt.x[p.Row]) || !same(p.To, dst[p.Row]) {
					t.Errorf("point %+v: from/to do not match x and dst", p)
				}
			}
			if tr.NWin != tt.nwin || tr.Log != tt.log || tr.Passed != tt.passed || tr.Undefined != tt.undefined {
				t.Errorf("nwin %d log %v passed %v undefined %v, want %d %v %v %v",
					tr.NWin, tr.Log, tr.Passed, tr.Undefined, tt.nwin, tt.log, tt.passed, tt.undefined)
			}
			if tt.spec.Method == composite.TreatNone {
				return
			}
			if !same(tr.Skew[0], tt.skew0) || !same(tr.Kurt[0], tt.kurt0) || !same(tr.Skew[1], tt.skew1) || !same(tr.Kurt[1], tt.k1) {
				t.Errorf("skew %v kurt %v, want [%v %v] [%v %v]", tr.Skew, tr.Kurt, tt.skew0, tt.skew1, tt.kurt0, tt.k1)
			}
			// In place gives the same.
			y := slices.Clone(tt.x)
			tr2 := composite.Treat(y, y, tt.spec)
			for i := range y {
				if !same(y[i], dst[i]) {
					t.Fatalf("in place: row %d = %v, want %v", i, y[i], dst[i])
				}
			}
			if tiPoints(tr2.Points) != tiPoints(tr.Points) {
				t.Error("in place: different points")
			}
		})
	}
}

// TestTreatUnlimited checks WinMax < 0 (COINr winmax = NULL): winsorise
// until the column passes.
func TestTreatUnlimited(t *testing.T) {
	// R: treat(c(1:60, 2^(10:17)), winmax) gives nwin 8 and a pass
	// without limit, the log (which fails) with winmax 5.
	x := tiCat(tiSeq(1, 60), []float64{1 << 10, 1 << 11, 1 << 12, 1 << 13, 1 << 14, 1 << 15, 1 << 16, 1 << 17})
	spec := composite.DefaultTreatSpec()
	spec.WinMax = -1
	dst := make([]float64, len(x))
	tr := composite.Treat(dst, x, spec)
	if !tr.Passed || tr.Log || tr.NWin != 8 {
		t.Errorf("unlimited: nwin %d log %v passed %v, want 8, false, true", tr.NWin, tr.Log, tr.Passed)
	}
	spec.WinMax = 5
	if tr5 := composite.Treat(dst, x, spec); !tr5.Log || tr5.NWin != 5 || tr5.Passed {
		t.Errorf("winmax 5: nwin %d log %v passed %v, want 5, true, false", tr5.NWin, tr5.Log, tr5.Passed)
	}
}

func TestTreatNames(t *testing.T) {
	var m composite.TreatMethod
	if err := m.UnmarshalText([]byte("winsorize")); err != nil || m != composite.TreatWinsorize {
		t.Errorf("winsorize: %v %v", m, err)
	}
	if err := m.UnmarshalText([]byte("boxcox")); err == nil || !strings.Contains(err.Error(), "none|winsorize") {
		t.Errorf("boxcox: %v", err)
	}
	var f composite.Fallback
	if err := f.UnmarshalText([]byte("none")); err != nil || f != composite.FallbackNone {
		t.Errorf("fallback none: %v %v", f, err)
	}
	if err := f.UnmarshalText([]byte("sqrt")); err == nil || !strings.Contains(err.Error(), "log|none") {
		t.Errorf("fallback sqrt: %v", err)
	}
	if err := (composite.TreatSpec{Method: composite.TreatWinsorize, Skew: -1}).Validate(); err == nil {
		t.Error("negative skew threshold: no error")
	}
	if s := composite.DefaultTreatSpec().Describe(); !strings.Contains(s, "winmax 5") || !strings.Contains(s, "3.5") {
		t.Errorf("Describe = %q", s)
	}
}

// TestTreatASEM treats every ASEM indicator with COINr's defaults and with
// winmax 1 (which reaches the log fallback) and compares with
// ../scoring/testdata/asem/reference-treat-{default,winmax1}*.csv, computed in R 4.2 by
// reference-treat-impute.R: values and skew/kurtosis to 1e-12 (relative),
// labels, nwin and the pass/log flags exactly.
func TestTreatASEM(t *testing.T) {
	a := tiLoadASEM(t)
	for _, run := range []struct {
		name   string
		winmax int
	}{{"default", 5}, {"winmax1", 1}} {
		t.Run(run.name, func(t *testing.T) {
			base := asemDir + "/reference-treat-" + run.name
			ref := tiReference(t, a, base+".csv")
			spec := composite.DefaultTreatSpec()
			spec.WinMax = run.winmax

			det, dc := tiCSV(t, base+"-details.csv")
			pts, pc := tiCSV(t, base+"-points.csv")
			wantPoints := map[string][]string{}
			for _, r := range pts {
				wantPoints[r[pc["iCode"]]] = append(wantPoints[r[pc["iCode"]]], r[pc["uCode"]]+":"+r[pc["label"]])
			}
			worst, worstStat, nlog, npts := 0.0, 0.0, 0, 0
			for j, k := range a.inds {
				x := a.cols[k]
				dst := make([]float64, len(x))
				tr := composite.Treat(dst, x, spec)
				for i := range x {
					if d := tiRelDiff(dst[i], ref[k][i]); d > 1e-12 {
						t.Errorf("%s %s = %.17g, want %.17g", a.units[i], k, dst[i], ref[k][i])
					} else if d > worst {
						worst = d
					}
				}
				var got []string
				for _, p := range tr.Points {
					got = append(got, a.units[p.Row]+":"+p.Label)
				}
				if !slices.Equal(got, wantPoints[k]) {
					t.Errorf("%s points %v, want %v", k, got, wantPoints[k])
				}
				npts += len(got)
				d := det[j]
				if d[dc["iCode"]] != k {
					t.Fatalf("details row %d is %s, want %s", j, d[dc["iCode"]], k)
				}
				nwin, _ := strconv.Atoi(d[dc["nwin"]])
				status := map[bool]string{true: "undefined"}[tr.Undefined]
				switch {
				case tr.Undefined:
				case tr.Log:
					status = "log"
					nlog++
				case tr.NWin > 0:
					status = "winsorised"
				default:
					status = "pass"
				}
				pass := strings.ToUpper(strconv.FormatBool(tr.Passed)) // R writes TRUE, FALSE
				if tr.Undefined {
					pass = ""
				}
				if status != d[dc["status"]] || tr.NWin != nwin || pass != d[dc["pass"]] {
					t.Errorf("%s: %s nwin %d pass %q, want %s %d %q", k, status, tr.NWin, pass, d[dc["status"]], nwin, d[dc["pass"]])
				}
				for _, c := range []struct {
					col string
					got float64
				}{{"skew0", tr.Skew[0]}, {"kurt0", tr.Kurt[0]}, {"skew1", tr.Skew[1]}, {"kurt1", tr.Kurt[1]}} {
					if w := tiFloat(t, d[dc[c.col]]); tiRelDiff(c.got, w) > 1e-12 {
						t.Errorf("%s %s = %.17g, want %.17g", k, c.col, c.got, w)
					} else {
						worstStat = max(worstStat, tiRelDiff(c.got, w))
					}
				}
			}
			t.Logf("%d points labelled, %d columns logged, max relative difference from R: values %.3g, skew/kurtosis %.3g", npts, nlog, worst, worstStat)
		})
	}
}

// BenchmarkTreatInterpolatePanel interpolates, then treats, every indicator
// of a 300 units × 60 indicators × 10 years panel (pooled over the years),
// with 5 % of the values missing and a heavy right tail: part of the 50 ms
// budget of the whole panel pipeline.
func BenchmarkTreatInterpolatePanel(b *testing.B) {
	const units, inds, years = 300, 60, 10
	rng := rand.New(rand.NewPCG(5, 6))
	n := units * years
	cols := make([][]float64, inds)
	yr := make([]int, n)
	series := make([][]int, units)
	for u := range units {
		for y := range years {
			r := u*years + y
			yr[r] = 2015 + y
			series[u] = append(series[u], r)
		}
	}
	for j := range cols {
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			cols[j][i] = math.Exp(rng.NormFloat64() * (0.5 + float64(j%4)*0.5))
			if rng.Float64() < 0.05 {
				cols[j][i] = math.NaN()
			}
		}
	}
	spec := composite.DefaultTreatSpec()
	imp := make([]float64, n)
	out := make([]float64, n)
	b.ReportAllocs()
	for b.Loop() {
		for _, x := range cols {
			if _, err := composite.Impute(imp, x, composite.ImputeInterpolate, nil, series, yr); err != nil {
				b.Fatal(err)
			}
			composite.Treat(out, imp, spec)
		}
	}
}

func ExampleTreat() {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100}
	dst := make([]float64, len(x))
	tr := composite.Treat(dst, x, composite.DefaultTreatSpec())
	fmt.Printf("nwin %d, passed %v, skew %.3f → %.3f\n", tr.NWin, tr.Passed, tr.Skew[0], tr.Skew[1])
	for _, p := range tr.Points {
		fmt.Printf("row %d %s: %v → %v\n", p.Row, p.Label, p.From, p.To)
	}
	// Output:
	// nwin 1, passed true, skew 3.256 → -0.128
	// row 10 winhi: 100 → 10
}
