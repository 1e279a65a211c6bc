package composite_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

func TestSaltelliDesign(t *testing.T) {
	// n = 2 points, d = 3 inputs; A positive, B negative, so every cell
	// shows where it comes from. Rows written out by hand.
	a := [][]float64{{1, 2}, {3, 4}, {5, 6}}
	b := [][]float64{{-1, -2}, {-3, -4}, {-5, -6}}
	want := [][]float64{ // runs (rows) × inputs
		{1, 3, 5}, {2, 4, 6}, // A
		{-1, -3, -5}, {-2, -4, -6}, // B
		{-1, 3, 5}, {-2, 4, 6}, // A with column 1 from B
		{1, -3, 5}, {2, -4, 6}, // column 2 from B
		{1, 3, -5}, {2, 4, -6}, // column 3 from B
	}
	if got := composite.SaltelliRuns(2, 3); got != len(want) {
		t.Fatalf("SaltelliRuns = %d, want %d", got, len(want))
	}
	dst := make([][]float64, 3)
	for j := range dst {
		dst[j] = make([]float64, len(want))
	}
	composite.SaltelliDesign(dst, a, b)
	run := make([]float64, 3)
	for r, row := range want {
		composite.SaltelliRun(run, a, b, r)
		for j, v := range row {
			if dst[j][r] != v {
				t.Errorf("design run %d input %d = %v, want %v", r, j, dst[j][r], v)
			}
			if run[j] != v {
				t.Errorf("SaltelliRun %d input %d = %v, want %v", r, j, run[j], v)
			}
		}
	}
	for name, f := range map[string]func(){
		"shape":  func() { composite.SaltelliDesign(dst, a, b[:2]) },
		"dst":    func() { composite.SaltelliDesign(dst[:2], a, b) },
		"run":    func() { composite.SaltelliRun(run, a, b, 10) },
		"ragged": func() { composite.SaltelliRun(run, [][]float64{{1, 2}, {3}, {5, 6}}, b, 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// TestCut checks the discrete mapping against an independent Python
// implementation of R's cut(x, k) (breaks from the range of x, widened by
// 1/1000 of it at both ends, intervals closed on the right). The samples
// were drawn with Python's random.seed(7); ⌈u·k⌉ − 1 disagrees with cut on
// several of them, shown in the comments.
func TestCut(t *testing.T) {
	tests := []struct {
		name string
		x    []float64
		k    int
		want []int
	}{
		// by hand: range 0.2…0.4, middle break 0.3, (b₀, 0.3] → 0; ⌈0.4·2⌉ − 1 would be 0
		{"narrow range", []float64{0.2, 0.3, 0.4}, 2, []int{0, 0, 1}},
		{"wide range", []float64{0.1, 0.5, 0.9}, 2, []int{0, 0, 1}},
		// all equal: dx = |0.5|, breaks from 0.4995 to 0.5005 in 3 steps
		{"constant", []float64{0.5, 0.5}, 3, []int{1, 1}},
		// all 0: dx = 1, breaks from −0.001 to 0.001
		{"zeros", []float64{0, 0}, 3, []int{1, 1}},
		{"one alternative", []float64{0.3, 0.9}, 1, []int{0, 0}},
		{"k = 2", []float64{0.32383276483316237, 0.15084917392450192, 0.6509344730398537, 0.07243628666754276, 0.5358820043066892, 0.36568891691258554, 0.057998924774706806, 0.5074357331894203, 0.03749565844198488, 0.4336456836623859, 0.06985542357461894, 0.09071301334386506},
			2, []int{0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0}}, // ⌈u·k⌉ − 1: 0 0 1 0 1 0 0 1 0 0 0 0
		{"k = 3", []float64{0.42451918914251396, 0.8268521246720381, 0.12380196114964559, 0.22323896460701453, 0.6274332224055893, 0.9477089424570057, 0.5771029486174987, 0.39668047465078016, 0.9762551055929201, 0.04658268061775628, 0.8584684590486795, 0.28960928633167626},
			3, []int{1, 2, 0, 0, 1, 2, 1, 1, 2, 0, 2, 0}},
		{"k = 5", []float64{0.14425508335743753, 0.11779223807836836, 0.30848182410193437, 0.8161263591200314, 0.18072637992393747, 0.5816001636624663, 0.6389134689261841, 0.3723975427257312, 0.5477444657095578, 0.06278897497332314, 0.05960116996623266, 0.20595871281932654},
			5, []int{0, 0, 1, 4, 0, 3, 3, 2, 3, 0, 0, 0}}, // ⌈u·k⌉ − 1: 0 0 1 4 0 2 3 1 2 0 0 1
		{"k = 100", []float64{0.6803999731817859, 0.4275923056694029, 0.3141471703767915, 0.5855618635076387, 0.45318437637077535, 0.29976699686368236, 0.7943794815224912, 0.6989944337295713, 0.24409651072215288, 0.574423710258671, 0.5251965038114514, 0.8751374955734289},
			100, []int{69, 29, 11, 54, 33, 8, 87, 72, 0, 52, 44, 99}},
	}
	for _, tc := range tests {
		got := make([]int, len(tc.x))
		composite.DiscreteChoicesTo(got, tc.x, tc.k)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
				break
			}
		}
		if c := composite.NewCut(tc.k, tc.x[:len(tc.x)/2], tc.x[len(tc.x)/2:]); c.K() != tc.k {
			t.Errorf("%s: K = %d", tc.name, c.K())
		} else {
			for i, v := range tc.x {
				if c.Index(v) != tc.want[i] {
					t.Errorf("%s: NewCut over two columns differs at %d", tc.name, i)
				}
			}
		}
	}
	c := composite.NewCut(4, []float64{0.2, math.NaN(), 0.6})
	for _, v := range []float64{0.1, 0.7, math.NaN()} {
		if got := c.Index(v); got != -1 {
			t.Errorf("Index(%v) outside the sample = %d, want -1", v, got)
		}
	}
	for name, f := range map[string]func(){
		"k = 0":  func() { composite.NewCut(0, []float64{0.5}) },
		"empty":  func() { composite.NewCut(3) },
		"NaN":    func() { composite.NewCut(3, []float64{math.NaN()}) },
		"length": func() { composite.DiscreteChoicesTo(make([]int, 1), []float64{0.1, 0.2}, 2) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestContinuousTo(t *testing.T) {
	x := []float64{0, 0.5, 1, 0.1}
	composite.ContinuousTo(x, x, 5, 10)
	want := []float64{5, 7.5, 10, 5.5}
	for i := range x {
		if x[i] != want[i] {
			t.Fatalf("got %v, want %v", x, want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("hi ≤ lo: no panic")
		}
	}()
	composite.ContinuousTo(x, x, 1, 1)
}

// handY is a design with n = 3 points and d = 2 inputs: y_A, y_B, y_AB1,
// y_AB2. By hand (and with exact fractions in Python): V = var(1 2 4 3 5 6)
// = 7/2; S₁ = mean(3·1, 5·0, 6·1)/V = 6/7; S₂ = mean(0, 5·2, 0)/V =
// (10/3)/3.5; ST₁ = (1 + 0 + 1)/(6V) = 2/21; ST₂ = (0 + 4 + 0)/(6V) = 4/21.
var handY = []float64{1, 2, 4, 3, 5, 6, 2, 2, 5, 1, 4, 4}

func TestSobolIndices(t *testing.T) {
	res := composite.SobolIndices(handY, 3, 2, 0, nil)
	if res.Variance != 3.5 {
		t.Errorf("V = %v, want 3.5", res.Variance)
	}
	// R rounds the mean 10/3 before dividing by V: (10/3)/3.5 rounded
	// twice is 0.9523809523809524, 20/21 rounded once …523 (Python).
	wantSi := []float64{6.0 / 7, 0.9523809523809524}
	wantSTi := []float64{2 / 21.0, 4 / 21.0}
	for k := range 2 {
		if res.Si[k] != wantSi[k] || res.STi[k] != wantSTi[k] {
			t.Errorf("input %d: Si %v STi %v, want %v %v", k, res.Si[k], res.STi[k], wantSi[k], wantSTi[k])
		}
	}
	if res.SiQ5 != nil || res.STiQ95 != nil {
		t.Error("intervals without bootstrap")
	}

	// A failed run (NaN output) in A makes every index NaN, as var() in R;
	// in an AB block only that input's indices are NaN.
	y := append([]float64(nil), handY...)
	y[1] = math.NaN()
	res = composite.SobolIndices(y, 3, 2, 0, nil)
	if !math.IsNaN(res.Variance) || !math.IsNaN(res.Si[1]) || !math.IsNaN(res.STi[0]) {
		t.Errorf("NaN in A: %+v", res)
	}
	y = append(y[:0], handY...)
	y[9] = math.NaN()
	res = composite.SobolIndices(y, 3, 2, 0, nil)
	if res.Si[0] != wantSi[0] || !math.IsNaN(res.Si[1]) || !math.IsNaN(res.STi[1]) {
		t.Errorf("NaN in AB₂: %+v", res)
	}

	for name, f := range map[string]func(){
		"length":   func() { composite.SobolIndices(handY[:11], 3, 2, 0, nil) },
		"no rng":   func() { composite.SobolIndices(handY, 3, 2, 10, nil) },
		"n = 0":    func() { composite.SobolIndices(nil, 0, 2, 0, nil) },
		"boot < 0": func() { composite.SobolIndices(handY, 3, 2, -1, nil) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// replay is an IndexSource that returns recorded indices in turn.
type replay struct {
	idx []int
	i   int
}

func (r *replay) IntN(n int) int {
	v := r.idx[r.i]
	r.i++
	if v >= n {
		panic("replayed index out of range")
	}
	return v
}

// TestSobolBootstrap replays 48 recorded indices (Python random.seed(11))
// through the bootstrap of handY with 4 replicates and checks the
// intervals against a Python implementation of COINr's loop: for each
// replicate, n draws for S of each input, then n draws for ST of each
// input; quantiles of type 7.
func TestSobolBootstrap(t *testing.T) {
	src := &replay{idx: []int{1, 2, 1, 1, 2, 2, 0, 0, 2, 1, 2, 2, 0, 0, 1, 1, 0, 0, 2, 2, 2, 0, 2, 1, 1, 2, 2, 2, 2, 0, 2, 0, 2, 0, 0, 0, 0, 0, 2, 0, 1, 1, 1, 2, 0, 2, 0, 2}}
	res := composite.SobolIndices(handY, 3, 2, 4, src)
	if src.i != len(src.idx) {
		t.Errorf("drew %d indices, want %d", src.i, len(src.idx))
	}
	// Replicates (Python): S₁ 4/7 4/7 8/7 8/7; S₂ 0.952… 0.952… 0 1.905…;
	// ST₁ 1/7 1/7 1/7 2/21; ST₂ 4/21 4/21 0 0.
	want := [][4]float64{ // SiQ5, SiQ95, STiQ5, STiQ95
		{0.5714285714285714, 1.1428571428571428, 0.10238095238095238, 0.14285714285714285},
		{0.1428571428571428, 1.7619047619047616, 0, 0.19047619047619047},
	}
	for k, w := range want {
		got := [4]float64{res.SiQ5[k], res.SiQ95[k], res.STiQ5[k], res.STiQ95[k]}
		if got != w {
			t.Errorf("input %d: intervals %v, want %v", k, got, w)
		}
	}
	// The point estimates do not depend on the bootstrap.
	if res.Si[0] != 6.0/7 || res.STi[1] != 4/21.0 {
		t.Errorf("estimates changed with bootstrap: %v %v", res.Si, res.STi)
	}
}

// TestSobolBootstrapSeed: the same seed gives the same intervals; the
// interval of a well-estimated index brackets it.
func TestSobolBootstrapSeed(t *testing.T) {
	y := linearDesign(2000, []float64{1, 2, 3}, rand.New(rand.NewPCG(1, 2)))
	r1 := composite.SobolIndices(y, 2000, 3, 200, rand.New(rand.NewPCG(5, 5)))
	r2 := composite.SobolIndices(y, 2000, 3, 200, rand.New(rand.NewPCG(5, 5)))
	for k := range 3 {
		if r1.SiQ5[k] != r2.SiQ5[k] || r1.STiQ95[k] != r2.STiQ95[k] {
			t.Fatalf("input %d: different intervals with the same seed", k)
		}
		if !(r1.SiQ5[k] < r1.Si[k] && r1.Si[k] < r1.SiQ95[k]) || !(r1.STiQ5[k] < r1.STi[k] && r1.STi[k] < r1.STiQ95[k]) {
			t.Errorf("input %d: Si %v in [%v, %v], STi %v in [%v, %v]", k, r1.Si[k], r1.SiQ5[k], r1.SiQ95[k], r1.STi[k], r1.STiQ5[k], r1.STiQ95[k])
		}
	}
}

// design draws A and B (n points, d inputs, U(0, 1)) and returns the
// columns of the Saltelli design.
func design(n, d int, rng *rand.Rand) [][]float64 {
	a, b := make([][]float64, d), make([][]float64, d)
	for j := range d {
		a[j], b[j] = make([]float64, n), make([]float64, n)
		for i := range n {
			a[j][i] = rng.Float64()
		}
	}
	for j := range d {
		for i := range n {
			b[j][i] = rng.Float64()
		}
	}
	cols := make([][]float64, d)
	for j := range cols {
		cols[j] = make([]float64, composite.SaltelliRuns(n, d))
	}
	composite.SaltelliDesign(cols, a, b)
	return cols
}

// linearDesign returns the outputs of y = Σ cₖ xₖ on a Saltelli design,
// xₖ ~ U(−½, ½) (centred, so that the first-order estimator, whose
// variance grows with the mean of y, converges quickly).
func linearDesign(n int, c []float64, rng *rand.Rand) []float64 {
	cols := design(n, len(c), rng)
	for _, col := range cols {
		composite.ContinuousTo(col, col, -0.5, 0.5)
	}
	y := make([]float64, len(cols[0]))
	for r := range y {
		for k, ck := range c {
			y[r] += ck * cols[k][r]
		}
	}
	return y
}

// TestSobolLinear: for y = Σ cₖ xₖ with independent uniform inputs there
// are no interactions and S_k = ST_k = cₖ²/Σ c² (here 1/14, 4/14, 9/14).
func TestSobolLinear(t *testing.T) {
	c := []float64{1, 2, 3}
	const n = 50000
	res := composite.SobolIndices(linearDesign(n, c, rand.New(rand.NewPCG(7, 8))), n, 3, 0, nil)
	for k, ck := range c {
		want := ck * ck / 14
		if math.Abs(res.Si[k]-want) > 0.02 || math.Abs(res.STi[k]-want) > 0.02 {
			t.Errorf("input %d: Si %.4f STi %.4f, want %.4f", k, res.Si[k], res.STi[k], want)
		}
	}
	// V estimates var(y) = Σ c²/12.
	if math.Abs(res.Variance-14.0/12) > 0.03 {
		t.Errorf("V = %.4f, want %.4f", res.Variance, 14.0/12)
	}
}

// TestSobolIshigami: the Ishigami function (Ishigami and Homma 1990)
// y = sin x₁ + a sin² x₂ + b x₃⁴ sin x₁, xₖ ~ U(−π, π), a = 7, b = 0.1, has
// the analytic indices (Sobol' and Levitan 1999; Saltelli et al. 2008, the
// Primer, §4.6)
//
//	V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2
//	V₁  = (1 + bπ⁴/5)²/2,  V₂ = a²/8,  V₃ = 0,  V₁₃ = 8b²π⁸/225
//	S_k = V_k/V,  ST₁ = (V₁ + V₁₃)/V,  ST₂ = V₂/V,  ST₃ = V₁₃/V
//
// (S ≈ 0.314, 0.442, 0; ST ≈ 0.558, 0.442, 0.244): x₃ acts only through its
// interaction with x₁, which the estimators must tell apart.
func TestSobolIshigami(t *testing.T) {
	const a, b, n = 7.0, 0.1, 100000
	pi4 := math.Pow(math.Pi, 4)
	pi8 := pi4 * pi4
	v := a*a/8 + b*pi4/5 + b*b*pi8/18 + 0.5
	v1 := (1 + b*pi4/5) * (1 + b*pi4/5) / 2
	v2 := a * a / 8
	v13 := 8 * b * b * pi8 / 225
	wantS := []float64{v1 / v, v2 / v, 0}
	wantST := []float64{(v1 + v13) / v, v2 / v, v13 / v}

	cols := design(n, 3, rand.New(rand.NewPCG(11, 12)))
	for _, col := range cols {
		composite.ContinuousTo(col, col, -math.Pi, math.Pi)
	}
	y := make([]float64, len(cols[0]))
	for r := range y {
		x1, x2, x3 := cols[0][r], cols[1][r], cols[2][r]
		s2 := math.Sin(x2)
		y[r] = math.Sin(x1) + a*s2*s2 + b*x3*x3*x3*x3*math.Sin(x1)
	}
	res := composite.SobolIndices(y, n, 3, 0, nil)
	for k := range 3 {
		if math.Abs(res.Si[k]-wantS[k]) > 0.03 || math.Abs(res.STi[k]-wantST[k]) > 0.03 {
			t.Errorf("input %d: Si %.4f STi %.4f, want %.4f %.4f", k+1, res.Si[k], res.STi[k], wantS[k], wantST[k])
		}
	}
	if math.Abs(res.Variance-v)/v > 0.02 {
		t.Errorf("V = %.4f, want %.4f", res.Variance, v)
	}
}

func ExampleSaltelliDesign() {
	// Two inputs, two base points. Runs: A, B, then A with input 1 from B,
	// then A with input 2 from B.
	a := [][]float64{{0.1, 0.2}, {0.3, 0.4}}
	b := [][]float64{{0.6, 0.7}, {0.8, 0.9}}
	n, d := 2, 2
	cols := [][]float64{make([]float64, composite.SaltelliRuns(n, d)), make([]float64, composite.SaltelliRuns(n, d))}
	composite.SaltelliDesign(cols, a, b)
	for r := range cols[0] {
		fmt.Println(cols[0][r], cols[1][r])
	}
	// Output:
	// 0.1 0.3
	// 0.2 0.4
	// 0.6 0.8
	// 0.7 0.9
	// 0.6 0.3
	// 0.7 0.4
	// 0.1 0.8
	// 0.2 0.9
}

func ExampleNewCut() {
	// A discrete input with three alternatives (say min-max, z-score and
	// rank normalisation). COINr cuts the range of the draws actually made,
	// 0.12…0.84, into three equal parts, not [0, 1].
	draws := []float64{0.12, 0.40, 0.84, 0.36, 0.61}
	c := composite.NewCut(3, draws)
	for _, u := range draws {
		fmt.Print(c.Index(u), " ")
	}
	fmt.Println()
	// Output:
	// 0 1 2 0 2
}

func ExampleSobolIndices() {
	// y = x₁ + 2x₂ with x₁, x₂ ~ U(0, 1): no interactions, so the first-
	// order and total indices are both 1/5 and 4/5 (cₖ²/Σc²), and
	// var(y) = 5/12. The engine draws A and B, runs the model on every run
	// of the Saltelli design in order, and estimates the indices from the
	// outputs, with 500 bootstrap replicates for the intervals.
	const n, d = 5000, 2
	rng := rand.New(rand.NewPCG(1, 2))
	a, b := make([][]float64, d), make([][]float64, d)
	for j := range d {
		a[j], b[j] = make([]float64, n), make([]float64, n)
		for i := range n {
			a[j][i], b[j][i] = rng.Float64(), rng.Float64()
		}
	}
	run := make([]float64, d)
	y := make([]float64, composite.SaltelliRuns(n, d))
	for r := range y {
		composite.SaltelliRun(run, a, b, r)
		y[r] = run[0] + 2*run[1]
	}
	res := composite.SobolIndices(y, n, d, 500, rand.New(rand.NewPCG(3, 4)))
	fmt.Printf("V %.1f\nSi  %.1f\nSTi %.1f\n", res.Variance, res.Si, res.STi)
	fmt.Println("S₂ within its interval:", res.SiQ5[1] < res.Si[1] && res.Si[1] < res.SiQ95[1])
	// Output:
	// V 0.4
	// Si  [0.2 0.8]
	// STi [0.2 0.8]
	// S₂ within its interval: true
}

// BenchmarkSobolIndices: N = 1000 base points, d = 5 inputs, 1000
// bootstrap replicates (10 million resampled terms).
func BenchmarkSobolIndices(b *testing.B) {
	y := linearDesign(1000, []float64{1, 2, 3, 0.5, 0}, rand.New(rand.NewPCG(1, 1)))
	for b.Loop() {
		composite.SobolIndices(y, 1000, 5, 1000, rand.New(rand.NewPCG(2, 2)))
	}
}

// BenchmarkRankStatsTo: the rank statistics of 300 units over 10,000
// replicates.
func BenchmarkRankStatsTo(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	reps := make([][]int32, 10000)
	scores := make([]float64, 300)
	for r := range reps {
		for i := range scores {
			scores[i] = float64(i) + 40*rng.Float64()
		}
		reps[r] = make([]int32, 300)
		composite.SportRanksTo(reps[r], scores)
	}
	dst := make([]composite.RankStats, 300)
	for b.Loop() {
		composite.RankStatsTo(dst, reps)
	}
}
