package composite

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// sameSum reports whether a and b are the same bits (on amd64, whose
// math.Log sumZLnZ follows), or within a few units in the last place (where
// math.Log is Go code that the compiler may fuse).
func sameSum(a, b float64) bool {
	if math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b) {
		return true
	}
	return runtime.GOARCH != "amd64" && math.Abs(a-b) <= 1e-14*math.Max(math.Abs(a), math.Abs(b))
}

// naiveZLnZ is sumZLnZ with math.Log called for each value.
func naiveZLnZ(x []float64, o, s, shift float64) (sz, szlnz float64, neg int) {
	for i, v := range x {
		if v != v {
			continue
		}
		z := float64((v-o)*s) + shift
		if !(z > 0) {
			if z < 0 {
				return sz, szlnz, i
			}
			continue
		}
		sz += z
		szlnz += float64(z * math.Log(z))
	}
	return sz, szlnz, -1
}

// TestSumZLnZSameBits: the logarithm written out in sumZLnZ gives the bits
// of math.Log on amd64, on values of every scale, subnormal and infinite ones, NaN,
// zeros and negative values, and under the affine maps entropy uses.
func TestSumZLnZSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	special := []float64{math.NaN(), 0, math.Copysign(0, -1), math.SmallestNonzeroFloat64, 0x1p-1022, 0x1p-1023,
		math.MaxFloat64, math.Inf(1), 1, math.Sqrt2 / 2, math.Nextafter(math.Sqrt2/2, 0), math.Nextafter(math.Sqrt2/2, 2), 2, 0.5}
	for trial := range 20_000 {
		x := make([]float64, 1+rng.IntN(600))
		for i := range x {
			switch rng.IntN(8) {
			case 0:
				x[i] = special[rng.IntN(len(special))]
			case 1:
				x[i] = math.Float64frombits(rng.Uint64() &^ (1 << 63)) // any positive bits
			case 2:
				x[i] = 1 + (rng.Float64()-0.5)*1e-9 // near 1, where ln is small
			default:
				x[i] = rng.Float64() * math.Pow(10, float64(rng.IntN(12)-4))
			}
		}
		o, s, shift := 0.0, 1.0, 0.0
		switch trial % 3 {
		case 1: // min-max of the positive values, and a shift
			o, s, shift = 0, 1/(1+rng.Float64()), 0.01
		case 2: // a cost column flipped: negative z for values above o
			o, s = 1, -1
		}
		sz, szlnz, neg := sumZLnZ(x, o, s, shift)
		wz, wzlnz, wneg := naiveZLnZ(x, o, s, shift)
		if neg != wneg || neg < 0 && (!sameSum(sz, wz) || !sameSum(szlnz, wzlnz)) {
			t.Fatalf("trial %d: (%v, %v, %d), math.Log gives (%v, %v, %d)", trial, sz, szlnz, neg, wz, wzlnz, wneg)
		}
	}
	// Every value alone, on a grid of exponents and mantissas.
	for e := -1074; e <= 1023; e += 7 {
		for _, f := range []float64{1, 1.1, 1.41, 1.4142135623730951, 1.5, 1.999999} {
			v := math.Ldexp(f, e)
			_, got, _ := sumZLnZ([]float64{v}, 0, 1, 0)
			_, want, _ := naiveZLnZ([]float64{v}, 0, 1, 0)
			if !sameSum(got, want) {
				t.Fatalf("%v: z ln z = %v, math.Log gives %v", v, got, want)
			}
		}
	}
}

// TestLogSameBits: logNormal, and logAVX2 where the processor has AVX2,
// give math.Log's bits (on amd64) for every exponent of a normal number,
// mantissas around √2/2 (where the reduction doubles f1) and random bits.
func TestLogSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var x []float64
	for e := -1022; e <= 1023; e++ {
		for _, f := range []float64{1, math.Sqrt2 / 2 * 2, math.Nextafter(math.Sqrt2, 1), math.Nextafter(math.Sqrt2, 2), 1.5, math.Nextafter(2, 1)} {
			x = append(x, math.Ldexp(f, e))
		}
	}
	for range 200_000 {
		v := math.Float64frombits(rng.Uint64() &^ (1 << 63))
		if e := math.Float64bits(v) >> 52; e != 0 && e != 0x7FF {
			x = append(x, v)
		}
		x = append(x, 1+(rng.Float64()-0.5)*1e-6, rng.Float64()*1000)
	}
	for _, v := range x {
		if got, want := logNormal(v), math.Log(v); !sameSum(got, want) {
			t.Fatalf("logNormal(%v) = %v, math.Log gives %v", v, got, want)
		}
	}
	if !haveAVX2 {
		t.Log("no AVX2: logAVX2 not checked")
		return
	}
	for _, n := range []int{0, 3, 4, 7, len(x)} {
		got := append([]float64(nil), x[:n]...)
		logAVX2(got)
		for i, v := range x[:n] {
			want := math.Log(v)
			if i >= n&^3 {
				want = v // left alone
			}
			if !sameSum(got[i], want) {
				t.Fatalf("n=%d: logAVX2 x[%d] = %v: %v, want %v", n, i, v, got[i], want)
			}
		}
	}
}

// TestMinMaxAVX2SameBits: MinMaxTo's AVX2 lanes give the bits of its
// scalar loop, for lengths around multiples of 4, with NaN and both signs.
func TestMinMaxAVX2SameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := range 3000 {
		x := make([]float64, rng.IntN(40))
		for i := range x {
			x[i] = (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(9)-3))
			if rng.IntN(15) == 0 {
				x[i] = math.NaN()
			}
		}
		lo, hi := 0.0, 1.0
		if trial%2 == 1 {
			lo, hi = 1, 100
		}
		got := make([]float64, len(x))
		ok := MinMaxTo(got, x, lo, hi)
		mn, mx := loopMinMax(x)
		if !(mx > mn) {
			if ok {
				t.Fatalf("trial %d: constant or empty column normalised", trial)
			}
			continue
		}
		for i, v := range x {
			want := float64((v-mn)/(mx-mn)*(hi-lo)) + lo
			if math.Float64bits(got[i]) != math.Float64bits(want) && !(math.IsNaN(got[i]) && math.IsNaN(want)) {
				t.Fatalf("trial %d, n=%d: x[%d]=%v → %v, want %v", trial, len(x), i, v, got[i], want)
			}
		}
	}
}

// TestMinMaxOfSameBits: minMaxOf gives the loop's least and greatest value,
// bit for bit, with NaN, infinities, ties and both zeros anywhere.
func TestMinMaxOfSameBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	pick := []float64{math.NaN(), 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), 1, -1, 2.5}
	for trial := range 20_000 {
		x := make([]float64, rng.IntN(70))
		for i := range x {
			if rng.IntN(3) == 0 {
				x[i] = pick[rng.IntN(len(pick))]
			} else {
				x[i] = float64(rng.IntN(7)-3) * 0.5
			}
			switch trial % 3 {
			case 1: // zeros the least value: which of −0 and +0 comes first
				x[i] = []float64{0, math.Copysign(0, -1), 1, 2.5, math.NaN()}[rng.IntN(5)]
			case 2: // and the greatest
				x[i] = []float64{0, math.Copysign(0, -1), -1, -2.5, math.NaN()}[rng.IntN(5)]
			}
		}
		mn, mx := loopMinMax(x)
		gmn, gmx := minMaxOf(x)
		if math.Float64bits(gmn) != math.Float64bits(mn) || math.Float64bits(gmx) != math.Float64bits(mx) {
			t.Fatalf("trial %d, %v: (%v, %v), the loop gives (%v, %v)", trial, x, gmn, gmx, mn, mx)
		}
	}
}

// loopMinMax is the loop minMaxOf stands for.
func loopMinMax(x []float64) (mn, mx float64) {
	mn, mx = math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if v < mn {
			mn = v
		}
		if v > mx {
			mx = v
		}
	}
	return mn, mx
}
