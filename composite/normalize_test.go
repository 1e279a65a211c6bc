package composite

import (
	"math"
	"slices"
	"testing"
)

var nan = math.NaN()

// sameFloats compares with a relative tolerance; NaN equals NaN.
func sameFloats(got, want []float64, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g, w := got[i], want[i]
		if math.IsNaN(g) || math.IsNaN(w) {
			if math.IsNaN(g) != math.IsNaN(w) {
				return false
			}
			continue
		}
		if math.Abs(g-w) > tol*math.Max(1, math.Abs(w)) {
			return false
		}
	}
	return true
}

func TestKernels(t *testing.T) {
	// Expected values by hand. For the z-scores: mean 5, sample SD √(32/7).
	sd := math.Sqrt(32.0 / 7)
	tests := []struct {
		name   string
		x      []float64
		fn     func(dst, x []float64) bool
		want   []float64
		wantOK bool
	}{
		{"minmax 0-100", []float64{1, 2, 3, nan}, func(d, x []float64) bool { return MinMaxTo(d, x, 0, 100) },
			[]float64{0, 50, 100, nan}, true},
		{"minmax 1-100", []float64{-4, 0, 6}, func(d, x []float64) bool { return MinMaxTo(d, x, 1, 100) },
			[]float64{1, 1 + 0.4*99, 100}, true},
		{"minmax constant", []float64{5, 5, nan, 5}, func(d, x []float64) bool { return MinMaxTo(d, x, 0, 100) },
			[]float64{nan, nan, nan, nan}, false},
		{"minmax single", []float64{nan, 7}, func(d, x []float64) bool { return MinMaxTo(d, x, 0, 1) },
			[]float64{nan, nan}, false},
		{"minmax empty", []float64{nan, nan}, func(d, x []float64) bool { return MinMaxTo(d, x, 0, 1) },
			[]float64{nan, nan}, false},
		{"zscore 0,1", []float64{2, 4, 4, 4, 5, 5, 7, 9}, func(d, x []float64) bool { return ZScoreTo(d, x, 0, 1) },
			[]float64{-3 / sd, -1 / sd, -1 / sd, -1 / sd, 0, 0, 2 / sd, 4 / sd}, true},
		{"zscore 10,2 with missing", []float64{2, nan, 4, 4, 4, 5, 5, 7, 9}, func(d, x []float64) bool { return ZScoreTo(d, x, 10, 2) },
			[]float64{10 - 6/sd, nan, 10 - 2/sd, 10 - 2/sd, 10 - 2/sd, 10, 10, 10 + 4/sd, 10 + 8/sd}, true},
		{"zscore constant", []float64{3, 3}, func(d, x []float64) bool { return ZScoreTo(d, x, 0, 1) },
			[]float64{nan, nan}, false},
		{"zscore one value", []float64{3, nan}, func(d, x []float64) bool { return ZScoreTo(d, x, 0, 1) },
			[]float64{nan, nan}, false},
		{"rank ties min", []float64{3, 1, 3, nan, 2}, func(d, x []float64) bool { RankTo(d, x); return true },
			[]float64{3, 1, 3, nan, 2}, true},
		{"rank negative values", []float64{-1, -5, 0}, func(d, x []float64) bool { RankTo(d, x); return true },
			[]float64{2, 1, 3}, true},
		{"percentile", []float64{3, 1, 3, nan, 2}, func(d, x []float64) bool { return PercentileTo(d, x) },
			[]float64{2.0 / 3, 0, 2.0 / 3, nan, 1.0 / 3}, true},
		{"percentile one value", []float64{nan, 4}, func(d, x []float64) bool { return PercentileTo(d, x) },
			[]float64{nan, nan}, false},
		{"goalposts clipped", []float64{-5, 0, 5, 10, 15, nan}, func(d, x []float64) bool { GoalpostsTo(d, x, 0, 10, 0, 100); return true },
			[]float64{0, 0, 50, 100, 100, nan}, true},
		{"goalposts lower is better", []float64{75, 40, 5, 0}, func(d, x []float64) bool { GoalpostsTo(d, x, 75, 5, 0, 1); return true },
			[]float64{0, 0.5, 1, 1}, true},
		// 司守奎《数学建模算法与应用》: student-teacher ratio, optimal [5, 6],
		// tolerable [2, 12] (testdata/vectors/topsis_sishoukui_interval.csv).
		{"interval tolerable", []float64{5, 6, 7, 10, 2, 1, 13, nan}, func(d, x []float64) bool {
			IntervalTo(d, x, 5, 6, 2, 12)
			return true
		}, []float64{1, 1, 5.0 / 6, 1.0 / 3, 0, 0, 0, nan}, true},
		{"interval observed range", []float64{1, 5, 6, 8}, func(d, x []float64) bool {
			IntervalTo(d, x, 5, 6, nan, nan) // M = max(5-1, 8-6) = 4
			return true
		}, []float64{0, 1, 1, 0.5}, true},
		{"interval all inside", []float64{5, 5.5}, func(d, x []float64) bool {
			IntervalTo(d, x, 5, 6, nan, nan)
			return true
		}, []float64{1, 1}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, inPlace := range []bool{false, true} {
				x := append([]float64(nil), tc.x...)
				dst := make([]float64, len(x))
				if inPlace {
					dst = x
				}
				ok := tc.fn(dst, x)
				if ok != tc.wantOK {
					t.Errorf("inPlace=%v: ok = %v, want %v", inPlace, ok, tc.wantOK)
				}
				if !sameFloats(dst, tc.want, 1e-14) {
					t.Errorf("inPlace=%v: got %v, want %v", inPlace, dst, tc.want)
				}
			}
		})
	}
}

func TestMinMaxBounds(t *testing.T) {
	// Invariant: min-max output spans exactly [lo, hi].
	x := []float64{0.3, 17, -2.5, 1e6, nan, 42}
	dst := make([]float64, len(x))
	MinMaxTo(dst, x, 0, 1)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range dst {
		if !math.IsNaN(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if lo != 0 || hi != 1 {
		t.Errorf("range = [%v, %v], want [0, 1]", lo, hi)
	}
}

func TestSportRanks(t *testing.T) {
	tests := []struct {
		x    []float64
		want []int32
	}{
		{[]float64{10, 30, 20}, []int32{3, 1, 2}},
		{[]float64{5, 9, 9, 1, nan}, []int32{3, 1, 1, 4, 0}},
		{[]float64{nan, nan}, []int32{0, 0}},
		{[]float64{}, []int32{}},
		{[]float64{2, 2, 2}, []int32{1, 1, 1}},
		{[]float64{-1, 0, math.Inf(1)}, []int32{3, 2, 1}},
	}
	for _, tc := range tests {
		got := make([]int32, len(tc.x))
		SportRanksTo(got, tc.x)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("SportRanksTo(%v) = %v, want %v", tc.x, got, tc.want)
				break
			}
		}
	}
}

func TestMean(t *testing.T) {
	tests := []struct {
		name string
		m    MeanKind
		x, w []float64
		want float64
		ok   bool
		bad  int
	}{
		{"arithmetic", MeanArithmetic, []float64{1, 2, 3}, []float64{1, 1, 2}, 2.25, true, -1},
		{"arithmetic drops missing", MeanArithmetic, []float64{1, nan, 3}, []float64{1, 5, 1}, 2, true, -1},
		{"arithmetic all missing", MeanArithmetic, []float64{nan, nan}, []float64{1, 1}, nan, false, -1},
		{"geometric", MeanGeometric, []float64{1, 4, 16}, []float64{1, 1, 1}, 4, true, -1},
		{"geometric weighted", MeanGeometric, []float64{2, 8}, []float64{3, 1}, math.Pow(2, 0.75) * math.Pow(8, 0.25), true, -1},
		{"geometric zero", MeanGeometric, []float64{1, 0, 2}, []float64{1, 1, 1}, nan, false, 1},
		{"geometric negative after missing", MeanGeometric, []float64{nan, 2, -1}, []float64{1, 1, 1}, nan, false, 2},
		{"harmonic", MeanHarmonic, []float64{1, 4, 4}, []float64{1, 1, 1}, 2, true, -1},
		{"harmonic zero", MeanHarmonic, []float64{1, 0}, []float64{1, 1}, nan, false, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok, bad := Mean(tc.m, tc.x, tc.w)
			if ok != tc.ok || bad != tc.bad || !sameFloats([]float64{got}, []float64{tc.want}, 1e-14) {
				t.Errorf("Mean = %v, %v, %v; want %v, %v, %v", got, ok, bad, tc.want, tc.ok, tc.bad)
			}
		})
	}
}

func TestAccIsExact(t *testing.T) {
	// A plain double sum loses the 1; the accumulator keeps it.
	var a Accumulator
	for _, v := range []float64{1e16, 1, -1e16} {
		a.Add(v)
	}
	if a.Value() != 1 {
		t.Errorf("1e16 + 1 − 1e16 = %v, want 1", a.Value())
	}
	// Sums of the same values in another order round the same way.
	xs := []float64{0.2 * 3, 0.2 * 7, 0.2 * 11, 0.2 * 2, 0.2 * 29}
	var f, b Accumulator
	for i := range xs {
		f.Add(xs[i])
		b.Add(xs[len(xs)-1-i])
	}
	if f.Value() != b.Value() {
		t.Errorf("order changes the sum: %v vs %v", f.Value(), b.Value())
	}
}

func TestMeanSD(t *testing.T) {
	m, sd, n := MeanSD([]float64{2, 4, 4, 4, nan, 5, 5, 7, 9})
	if m != 5 || n != 8 || math.Abs(sd-math.Sqrt(32.0/7)) > 1e-15 {
		t.Errorf("MeanSD = %v, %v, %d", m, sd, n)
	}
}

// TestRankerNearTies: few keys are sorted by their high 32 bits, then by
// insertion sort within the runs that share them, or by every bit when
// those runs are long; the ranks agree with counting either way.
func TestRankerNearTies(t *testing.T) {
	near := func(base float64, i int) float64 { return base + float64(i)*math.Ldexp(base, -45) }
	tests := []struct {
		name string
		x    func(i int) float64
	}{
		{"every value in one run, ascending", func(i int) float64 { return near(1, i) }},
		{"every value in one run, descending", func(i int) float64 { return near(1, -i) }},
		{"runs of two", func(i int) float64 { return near(float64(i/2+1), (i*5)%2) }},
		{"runs of seven, shuffled", func(i int) float64 { return near(float64(i%37+1), (i*3)%7) }},
		{"near ties and exact ties", func(i int) float64 { return near(-2, i%3) }},
		{"distinct", func(i int) float64 { return float64((i*7919)%1009) / 7 }},
	}
	var r Ranker
	for _, tc := range tests {
		for _, n := range []int{2, 9, 300, 4095} {
			x := make([]float64, n)
			for i := range x {
				x[i] = tc.x(i)
			}
			got := make([]int32, n)
			r.Ranks(got, x)
			for i, v := range x {
				want := int32(1)
				for _, w := range x {
					if w > v {
						want++
					}
				}
				if got[i] != want {
					t.Fatalf("%s, n=%d: rank of x[%d]=%v is %d, want %d", tc.name, n, i, v, got[i], want)
				}
			}
		}
	}
}

func TestRankerLarge(t *testing.T) {
	// 8-bit and 11-bit radix sorts agree with counting, across reuse
	// of one ranker on columns of different sizes.
	var r Ranker
	for _, n := range []int{3000, 300, 5000, 10, 4095, 4096, 1} {
		x := make([]float64, n)
		for i := range x {
			switch i % 7 {
			case 0:
				x[i] = nan
			case 1:
				x[i] = -float64(i % 13)
			case 2:
				x[i] = 0
			default:
				x[i] = float64((i*7919)%101) / 3
			}
		}
		x[len(x)-1] = math.Copysign(0, -1)
		got := make([]int32, n)
		r.Ranks(got, x)
		// Reference: count the values strictly greater.
		for i, v := range x {
			want := int32(0)
			if !math.IsNaN(v) {
				want = 1
				for _, w := range x {
					if w > v {
						want++
					}
				}
			}
			if got[i] != want {
				t.Fatalf("n=%d: rank of x[%d]=%v is %d, want %d", n, i, v, got[i], want)
			}
		}
	}
}

// TestRankerSort: Sort orders like slices.Sort, bit for bit, on both radix
// paths (fewer and more than 4096 values), with ties, near ties, negative
// numbers, infinities and both zeros, across reuse of one ranker.
func TestRankerSort(t *testing.T) {
	var r Ranker
	negZero := math.Copysign(0, -1)
	for _, n := range []int{0, 1, 2, 7, 300, 4095, 4096, 20000, 33} {
		x := make([]float64, n)
		for i := range x {
			switch i % 9 {
			case 0:
				x[i] = negZero
			case 1:
				x[i] = 0
			case 2:
				x[i] = -float64((i*31)%17) / 7
			case 3:
				x[i] = 1 + float64(i%5)*math.Ldexp(1, -50) // near ties
			case 4:
				x[i] = math.Inf(1 - 2*(i%2))
			case 5:
				x[i] = math.SmallestNonzeroFloat64 * float64(i%3)
			default:
				x[i] = float64((i*7919)%1009) * 1e3
			}
		}
		want := slices.Clone(x)
		slices.Sort(want)
		r.Sort(x)
		for i := range x {
			same := x[i] == want[i] || (x[i] == 0 && want[i] == 0)
			if !same || (x[i] != 0 && math.Float64bits(x[i]) != math.Float64bits(want[i])) {
				t.Fatalf("n=%d: sorted[%d] = %v, slices.Sort gives %v", n, i, x[i], want[i])
			}
		}
		// −0 before +0, and as many of each as were given.
		for i := 1; i < n; i++ {
			if x[i-1] == 0 && x[i] == 0 && math.Signbit(x[i]) && !math.Signbit(x[i-1]) {
				t.Fatalf("n=%d: +0 at %d before −0 at %d", n, i-1, i)
			}
		}
		negs := func(x []float64) (k int) {
			for _, v := range x {
				if v == 0 && math.Signbit(v) {
					k++
				}
			}
			return k
		}
		if negs(x) != negs(want) {
			t.Fatalf("n=%d: %d negative zeros, want %d", n, negs(x), negs(want))
		}
	}
}

func TestRankerSortPanicsOnNaN(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Sort of a NaN did not panic")
		}
	}()
	var r Ranker
	r.Sort([]float64{1, nan, 2})
}
