package composite

import (
	"fmt"
	"math"
)

// EntropyTransform names the transform EntropyWeights applies to each
// column before it takes shares p = z/Σz.
type EntropyTransform int

const (
	TransformMinMax EntropyTransform = iota // (x − min)/(max − min); a flipped cost column (max − x)/(max − min)
	TransformVector                         // x/√Σx²
	TransformSum                            // x/Σx
	TransformNone                           // x as it is (p = x/Σx on raw data)
)

var entropyTransformNames = map[EntropyTransform]string{
	TransformMinMax: "minmax", TransformVector: "vector", TransformSum: "sum", TransformNone: "none",
}

func (t EntropyTransform) String() string { return nameOf(entropyTransformNames, t) }

// UnmarshalText parses an entropy transform name (minmax, vector, sum,
// none); an unknown name is an error that lists the valid ones.
func (t *EntropyTransform) UnmarshalText(b []byte) error {
	return parseName(entropyTransformNames, t, b, "entropy transform")
}

// Entropy holds the settings of EntropyWeights. The zero value is min-max,
// no flipping of cost columns and no shift. The profile default
// (flip_cost: true) is the caller's to set.
type Entropy struct {
	// Transform is applied to each column before p = z/Σz.
	// Default TransformMinMax.
	Transform EntropyTransform
	// FlipCost orients cost columns before the transform: with
	// TransformMinMax a cost column becomes (max − x)/(max − min); with the
	// other transforms it is first reflected, x' = max + min − x, which
	// keeps its range. Default false.
	FlipCost bool
	// Shift δ is added to every transformed value: z' = z + δ (0.0001 in
	// much Chinese literature). It must be finite and ≥ 0. Default 0, with
	// 0·ln 0 taken as 0.
	Shift float64
}

// EntropyResult is the outcome of EntropyWeights. Every slice has one
// value per column.
type EntropyResult struct {
	// Weights sum to 1 and are never NaN.
	Weights []float64
	// E is the entropy e_j and D the divergence d_j = 1 − e_j; where d_j is
	// set to 0 (see EntropyWeights) E is 1 and D is 0.
	E, D []float64
	// Warnings name each column whose weight was set by a rule rather than
	// computed (WarnNoValues, WarnEntropyOneValue, WarnEntropyConstant,
	// WarnEntropyZeroSum), columns numbered from 1, then WarnEntropyAllZero
	// if the weights are equal for want of any d > 0.
	Warnings []Warning
}

// WeightValueError reports a value an objective weight method cannot use.
// Col and Unit are 1-based (Unit is 0 when the problem is the column as a
// whole), as in MatrixError.
type WeightValueError struct {
	Method    string // "entropy", "critic", …
	Col, Unit int
	Value     float64
	Msg       string
}

func (e *WeightValueError) Error() string {
	if e.Unit == 0 {
		return fmt.Sprintf("%s: column %d: %s", e.Method, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s: column %d, unit %d: value %v: %s", e.Method, e.Col, e.Unit, e.Value, e.Msg)
}

// EntropyWeights returns the weights of the entropy weight method (熵权法,
// Shannon entropy of each column's shares; Zeleny 1982, Xu 2004 EJOR
// 156(2):530). cols[j][i] is the value of indicator j for unit i, NaN when
// missing; cost[j] marks a cost (negative) indicator, nil meaning none.
// For each column, over the n units that have a value,
//
//	z_ij = T(x_ij) + δ                   T the transform of opt
//	p_ij = z_ij / Σ_i z_ij
//	e_j  = −(1/ln n) Σ_i p_ij ln p_ij    0·ln 0 = 0
//	d_j  = 1 − e_j
//	w_j  = d_j / Σ_k d_k
//
// The transforms are documented on Entropy and EntropyTransform. With
// Shift 0 the vector, sum and none transforms give the same p (a column's
// scale cancels in p); they differ once a shift is added.
//
// The published examples of Xu (2004) and Zavadskas & Podvezko (2016) are
// TransformNone without FlipCost: their weights ignore the cost row.
//
// Rules that define a result where the formula does not, each with a
// warning: a column with no value gets weight 0; a column with fewer than
// 2 values (ln 1 = 0), a constant column (whatever the transform) or one
// whose Σz' is 0 gets d = 0 and so weight 0; if every d is 0 the weights
// are equal, 1/m over the columns that have a value. d is clipped at 0
// where rounding makes e slightly above 1.
//
// EntropyWeights returns a *WeightValueError for an infinite value, for a
// negative z' (p < 0 under the log, e.g. transform none on negative data:
// use transform minmax or a shift), for a negative or non-finite Shift, and
// for the sum transform on a column whose values sum to 0. It panics if
// cost is not nil and its length differs from len(cols), or if the columns
// differ in length.
//
// Each column takes two passes over its values (three for vector and sum
// with a shift) and no allocation per value; columns are spread over
// GOMAXPROCS goroutines for large inputs.
func EntropyWeights(cols [][]float64, cost []bool, opt Entropy) (*EntropyResult, error) {
	checkObjectiveInput(cols, cost)
	if math.IsNaN(opt.Shift) || math.IsInf(opt.Shift, 0) || opt.Shift < 0 {
		return nil, &WeightValueError{Method: "entropy", Msg: fmt.Sprintf("shift %v must be finite and ≥ 0", opt.Shift)}
	}
	m := len(cols)
	res := &EntropyResult{Weights: make([]float64, m), E: make([]float64, m), D: make([]float64, m)}
	present := make([]bool, m)
	warns := make([]Warning, m)
	errs := make([]error, m)
	work := 0
	if m > 0 {
		work = m * len(cols[0])
	}
	forEach(m, work, func(j int) {
		isCost := cost != nil && cost[j]
		c := entropyColumn(cols[j], isCost, opt)
		if c.err != nil {
			c.err.Col = j + 1
			errs[j] = c.err
			return
		}
		res.E[j], res.D[j], present[j] = 1-c.d, c.d, c.n > 0
		if c.warn.Kind != 0 {
			c.warn.Column = j + 1
			warns[j] = c.warn
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, w := range warns {
		if w.Kind != 0 {
			res.Warnings = append(res.Warnings, w)
		}
	}
	if !shareOf(res.Weights, res.D) && m > 0 {
		equalOver(res.Weights, present)
		res.Warnings = append(res.Warnings, Warning{Kind: WarnEntropyAllZero})
	}
	return res, nil
}

type entropyCol struct {
	d    float64
	n    int
	warn Warning // Column left 0: EntropyWeights sets it
	err  *WeightValueError
}

// entropyColumn computes d = 1 − e for one column.
func entropyColumn(x []float64, cost bool, opt Entropy) entropyCol {
	n := 0
	for _, v := range x {
		if v == v { // not NaN (missing)
			n++
		}
	}
	mn, mx := minMaxOf(x)
	switch {
	case n == 0:
		return entropyCol{warn: Warning{Kind: WarnNoValues}}
	case math.IsInf(mn, 0) || math.IsInf(mx, 0):
		return entropyCol{n: n, err: infiniteValue("entropy", x)}
	case n < 2:
		return entropyCol{n: n, warn: Warning{Kind: WarnEntropyOneValue}}
	case mx == mn:
		return entropyCol{n: n, warn: Warning{Kind: WarnEntropyConstant, Value: mn}}
	}

	// z' = (x − o)·s + δ: an affine map for every transform.
	var o, s float64
	if opt.Transform == TransformMinMax {
		o, s = mn, 1/(mx-mn)
		if cost && opt.FlipCost {
			o, s = mx, -1/(mx-mn) // (x − max)·(−1/r) ≥ 0 exactly
		}
	} else {
		o, s = 0, 1
		if cost && opt.FlipCost {
			o, s = mx+mn, -1 // x' = max + min − x
		}
		if opt.Shift != 0 && opt.Transform != TransformNone {
			// Without a shift the scale cancels in p.
			var sum float64
			for _, v := range x {
				if v == v {
					r := (v - o) * s
					if opt.Transform == TransformVector {
						r *= r
					}
					sum += r
				}
			}
			if opt.Transform == TransformVector {
				sum = math.Sqrt(sum)
			}
			if sum == 0 {
				return entropyCol{n: n, err: &WeightValueError{Method: "entropy",
					Msg: "values sum to 0: the sum transform is undefined; use transform minmax"}}
			}
			s /= sum
		}
	}

	sz, szlnz, neg := sumZLnZ(x, o, s, opt.Shift) // Σz', Σz' ln z'
	if neg >= 0 {
		v := x[neg]
		z := (v-o)*s + opt.Shift
		return entropyCol{n: n, err: &WeightValueError{Method: "entropy", Unit: neg + 1, Value: v,
			Msg: fmt.Sprintf("p < 0 under the log after transform %v (z' = %v); use transform minmax or a shift", opt.Transform, z)}}
	}
	if !(sz > 0) || math.IsInf(sz, 0) {
		return entropyCol{n: n, warn: Warning{Kind: WarnEntropyZeroSum}}
	}
	// Σ p ln p = Σ (z'/S)(ln z' − ln S) = (Σ z' ln z')/S − ln S.
	e := (math.Log(sz) - szlnz/sz) / math.Log(float64(n))
	return entropyCol{n: n, d: max(0, min(1, 1-e))}
}

// sumZLnZ returns Σz and Σz ln z over the values v of x that are not NaN,
// z = (v − o)·s + shift, skipping z = 0 (0·ln 0 = 0); neg is the index of
// the first v whose z < 0 (the sums are then of no use), or −1.
//
// The logarithm is math.Log's, operation for operation as Go computes it
// on amd64 (FreeBSD's e_log.c: ln x = k·ln2 + ln(1 + f), with s = f/(2+f)
// and a polynomial in s²), so that the sums have the bits they would with
// math.Log, a few times faster: a block of z at a time, their logarithms
// taken together (logs), then summed in order. A subnormal or infinite z
// takes math.Log itself.
func sumZLnZ(x []float64, o, s, shift float64) (sz, szlnz float64, neg int) {
	const block = 128
	var zs, ls [block]float64
	for i := 0; i < len(x); {
		m := 0
		for ; i < len(x) && m < block; i++ {
			v := x[i]
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
			zs[m] = z
			m++
		}
		copy(ls[:m], zs[:m])
		logs(ls[:m])
		for k, z := range zs[:m] {
			lnz := ls[k]
			if e := math.Float64bits(z) >> 52; e == 0 || e == 0x7FF {
				lnz = math.Log(z)
			}
			sz += z
			szlnz += float64(z * lnz)
		}
	}
	return sz, szlnz, -1
}

// logs replaces each positive normal value of x by its logarithm, with the
// bits of math.Log on amd64: four at a time with AVX2 (logAVX2), the rest
// by logNormal. Other values come out as nonsense.
func logs(x []float64) {
	k := 0
	if haveAVX2 {
		k = len(x) &^ 3
		logAVX2(x[:k])
	}
	for i := k; i < len(x); i++ {
		x[i] = logNormal(x[i])
	}
}

// logNormal is math.Log(x) for a positive normal x, by the operations of
// Go's amd64 assembly (src/math/log_amd64.s) in their order. The float64
// conversions forbid fusing a multiply and an add, which would change the
// last bit (the compiler fuses on arm64, and on amd64 from GOAMD64=v3).
func logNormal(x float64) float64 {
	const (
		sqrt2Mant = 0x6A09E667F3BCD // the mantissa bits of √2/2
		ln2Hi     = 6.93147180369123816490e-01
		ln2Lo     = 1.90821492927058770002e-10
		l1        = 6.666666666666735130e-01
		l2        = 3.999999999940941908e-01
		l3        = 2.857142874366239149e-01
		l4        = 2.222219843214978396e-01
		l5        = 1.818357216161805012e-01
		l6        = 1.531383769920937332e-01
		l7        = 1.479819860511658591e-01
	)
	bits := math.Float64bits(x)
	// x = 2^k · f1, f1 in (√2/2, √2]: the mantissa in [0.5, 1), doubled
	// when at most √2/2 (the assembly's comparison), without a branch.
	m := bits & (1<<52 - 1)
	low := 0
	if m <= sqrt2Mant {
		low = 1
	}
	f1 := math.Float64frombits(m | uint64(0x3FE+low)<<52)
	k := float64(int(bits>>52) - 0x3FE - low)
	f := f1 - 1
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := float64(s2 * float64(l1+float64(s4*float64(l3+float64(s4*float64(l5+float64(s4*l7)))))))
	t2 := float64(s4 * float64(l2+float64(s4*float64(l4+float64(s4*l6)))))
	r := t1 + t2
	hfsq := float64(float64(0.5*f) * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
}

// checkObjectiveInput panics on a programmer error in the inputs of the
// objective weight methods: ragged columns or a cost slice of the wrong
// length.
func checkObjectiveInput(cols [][]float64, cost []bool) {
	if cost != nil && len(cost) != len(cols) {
		panic("composite: len(cost) != len(cols)")
	}
	for _, c := range cols {
		if len(c) != len(cols[0]) {
			panic("composite: columns differ in length")
		}
	}
}

// infiniteColumns returns a WeightValueError naming the first ±Inf of cols
// (unit and column counted from 1), or nil.
func infiniteColumns(method string, cols [][]float64) error {
	for j, c := range cols {
		if err := infiniteValue(method, c); err != nil {
			err.Col = j + 1
			return err
		}
	}
	return nil
}

// infiniteValue returns the error for the first infinite value of x.
func infiniteValue(method string, x []float64) *WeightValueError {
	for i, v := range x {
		if math.IsInf(v, 0) {
			return &WeightValueError{Method: method, Unit: i + 1, Value: v, Msg: "not a finite number"}
		}
	}
	return nil
}

// shareOf sets dst[j] = v[j]/Σv and reports whether Σv > 0; dst is left
// alone when it is not.
func shareOf(dst, v []float64) bool {
	var s float64
	for _, x := range v {
		s += x
	}
	if !(s > 0) || math.IsInf(s, 0) {
		return false
	}
	for j, x := range v {
		dst[j] = x / s
	}
	return true
}

// equalOver sets dst to 1/k over the k positions where ok is true (over
// every position when none is).
func equalOver(dst []float64, ok []bool) {
	k := 0
	for _, b := range ok {
		if b {
			k++
		}
	}
	for j := range dst {
		switch {
		case k == 0:
			dst[j] = 1 / float64(len(dst))
		case ok[j]:
			dst[j] = 1 / float64(k)
		default:
			dst[j] = 0
		}
	}
}
