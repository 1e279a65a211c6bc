package composite

import (
	"fmt"
	"math"
	"slices"
)

// TreatMethod names an outlier treatment (the profile's `treat` block).
type TreatMethod int

const (
	TreatNone      TreatMethod = iota // leave the values as they are (the default)
	TreatWinsorize                    // COINr Treat(): winsorise, then fall back to a log transform
)

var treatNames = map[TreatMethod]string{TreatNone: "none", TreatWinsorize: "winsorize"}

func (m TreatMethod) String() string { return nameOf(treatNames, m) }

// UnmarshalText parses an outlier treatment name: none or winsorize.
func (m *TreatMethod) UnmarshalText(b []byte) error {
	return parseName(treatNames, m, b, "treatment")
}

// Fallback names what Treat does to a column that winsorisation
// could not bring within the thresholds.
type Fallback int

const (
	// FallbackLog applies COINr's log_CT to the original column:
	// log(x − min + 0.01·(max − min)). The default.
	FallbackLog Fallback = iota
	// FallbackNone keeps the winsorised column, even though it still fails.
	FallbackNone
)

var fallbackNames = map[Fallback]string{FallbackLog: "log", FallbackNone: "none"}

func (f Fallback) String() string { return nameOf(fallbackNames, f) }

// UnmarshalText parses a fallback name: log or none.
func (f *Fallback) UnmarshalText(b []byte) error {
	return parseName(fallbackNames, f, b, "treatment fallback")
}

// TreatSpec configures Treat. DefaultTreatSpec returns COINr's
// Treat() defaults; the zero value treats nothing.
type TreatSpec struct {
	Method TreatMethod
	// WinMax is the most points winsorised (COINr winmax). 0 means the
	// default 5; a negative value means no limit (COINr winmax = NULL).
	WinMax int
	// Skew and Kurt are the thresholds: a column passes when |skew| < Skew
	// or kurtosis < Kurt. 0 means the defaults 2 and 3.5.
	Skew, Kurt float64
	// Fallback is applied when winsorisation fails. Default FallbackLog.
	Fallback Fallback
}

// DefaultTreatSpec returns COINr 1.1.14's Treat() default: winsorise up to 5
// points, thresholds |skew| < 2 or kurtosis < 3.5, then log_CT.
func DefaultTreatSpec() TreatSpec {
	return TreatSpec{Method: TreatWinsorize, WinMax: 5, Skew: 2, Kurt: 3.5, Fallback: FallbackLog}
}

// Validate checks the parameters.
func (s TreatSpec) Validate() error {
	if _, ok := treatNames[s.Method]; !ok {
		return fmt.Errorf("unknown treatment method %v", s.Method)
	}
	if _, ok := fallbackNames[s.Fallback]; !ok {
		return fmt.Errorf("unknown treatment fallback %v", s.Fallback)
	}
	if s.Skew < 0 || s.Kurt < 0 || math.IsNaN(s.Skew) || math.IsNaN(s.Kurt) {
		return fmt.Errorf("thresholds skew %v and kurt %v must be positive", s.Skew, s.Kurt)
	}
	return nil
}

// Describe returns the spec as text, e.g. "winsorize (winmax 5, |skew| < 2
// or kurt < 3.5, fallback log)".
func (s TreatSpec) Describe() string {
	if s.Method != TreatWinsorize {
		return s.Method.String()
	}
	s = s.withDefaults()
	win := fmt.Sprint(s.WinMax)
	if s.WinMax < 0 {
		win = "unlimited"
	}
	fb := "log: log(x − min + 0.01·(max − min)) of the original column"
	if s.Fallback == FallbackNone {
		fb = "none"
	}
	return fmt.Sprintf("winsorize (COINr Treat: winmax %s, pass if |skew| < %v or kurt < %v, fallback %s)", win, s.Skew, s.Kurt, fb)
}

// Resolved returns s with the defaults in place of its zero WinMax, Skew
// and Kurt: the thresholds Treat applies.
func (s TreatSpec) Resolved() TreatSpec { return s.withDefaults() }

func (s TreatSpec) withDefaults() TreatSpec {
	if s.WinMax == 0 {
		s.WinMax = 5
	}
	if s.Skew == 0 {
		s.Skew = 2
	}
	if s.Kurt == 0 {
		s.Kurt = 3.5
	}
	return s
}

// Treatment reports what Treat did to a column.
type Treatment struct {
	// Points lists the rows labelled, in row order (COINr's
	// Treated_Points, without the unlabelled rows).
	Points []TreatedPoint
	// NWin is COINr's winsorise nwin: the number of points at the high
	// extreme at the last high step plus those at the low extreme at the
	// last low step (tied points count each). 0 when not winsorised.
	NWin int
	// Log reports that the fallback log transform was applied.
	Log bool
	// Skew and Kurt are the skewness and kurtosis before treatment and of
	// the values returned.
	Skew, Kurt [2]float64
	// Passed reports whether the values returned pass the test. It is false
	// when the log fallback fails too (COINr returns the logged column all
	// the same) and when Undefined.
	Passed bool
	// Undefined reports that the test could not be decided (fewer than 3 or
	// 4 values, or all values the same, at the start or during
	// winsorisation): the column is returned untreated, as COINr does.
	Undefined bool
}

// TreatedPoint is one treated value.
type TreatedPoint struct {
	Row int
	// Label is COINr's: "winhi" or "winlo" for a winsorised point;
	// "+log_CT" for a logged point that winsorisation did not touch, and
	// "winhi+log_CT" or "winlo+log_CT" for one it had touched before the
	// log of the original column replaced it.
	Label    string
	From, To float64
}

// Treat treats one column x for outliers into dst, which must have the
// length of x and may be x itself, exactly as COINr 1.1.14's Treat() with its
// default specification (R/treat.R: Treat.numeric, winsorise, log_CT,
// check_SkewKurt) and the thresholds of spec:
//
//  1. The column passes when |Skew(x)| < spec.Skew or Kurtosis(x) <
//     spec.Kurt (NaNs removed). A column that passes is returned as it is.
//  2. Otherwise it is winsorised step by step. At each step the side is
//     chosen by the skewness of the current values (≥ 0: the high side):
//     every value equal to the current maximum (minimum) is replaced by the
//     largest (smallest) value below (above) it, so tied extremes move
//     together, and points winsorised before move again with them. After
//     each step NWin is recomputed and the test rerun; winsorisation stops
//     when the column passes or NWin ≥ WinMax (NWin may exceed WinMax when
//     points tie).
//  3. If it still fails, the fallback FallbackLog returns
//     log(x − min + 0.01·(max − min)) of the ORIGINAL column (not the
//     winsorised one), labelling every row, missing ones included, as COINr
//     does; it is returned whether or not it passes (Passed tells). With
//     FallbackNone the winsorised column is returned.
//
// When the test cannot be decided at any stage (R's NA: a NaN skewness or
// kurtosis with the other one not passing), COINr returns the column
// untreated; so does Treat, with Undefined set. NaNs stay NaN. With
// spec.Method TreatNone, x is copied to dst and nothing is reported. It panics
// if dst and x have different lengths.
func Treat(dst, x []float64, spec TreatSpec) Treatment {
	if len(dst) != len(x) {
		panic("composite: Treat: dst and x have different lengths")
	}
	copy(dst, x)
	if spec.Method != TreatWinsorize {
		return Treatment{}
	}
	spec = spec.withDefaults()
	var tr Treatment
	sk, kt := skewKurt(x)
	tr.Skew = [2]float64{sk, sk}
	tr.Kurt = [2]float64{kt, kt}
	undefined := func() Treatment {
		copy(dst, x)
		return Treatment{Skew: [2]float64{sk, sk}, Kurt: [2]float64{kt, kt}, Undefined: true}
	}
	pass, ok := skewKurtPass(sk, kt, spec)
	if !ok {
		return undefined()
	}
	if pass {
		tr.Passed = true
		return tr
	}

	// Winsorise in dst, keeping the original column in x (a copy of it
	// when dst is x). hi and lo are the rows moved at the last high and
	// last low step.
	if len(x) > 0 && &dst[0] == &x[0] {
		x = slices.Clone(x)
	}
	var hi, lo []int
	nwin := 0
	cur := sk // skewness of the current values, which picks the side
	for {
		high := cur >= 0
		ext, next := math.Inf(-1), math.Inf(-1)
		if !high {
			ext, next = math.Inf(1), math.Inf(1)
		}
		for _, v := range dst {
			switch {
			case math.IsNaN(v):
			case high && v > ext, !high && v < ext:
				next, ext = ext, v
			case high && v < ext && v > next, !high && v > ext && v < next:
				next = v
			}
		}
		if math.IsInf(next, 0) {
			return undefined() // every value at the extreme: nothing to winsorise to
		}
		moved := hi[:0]
		if !high {
			moved = lo[:0]
		}
		for i, v := range dst {
			if v == ext {
				dst[i] = next
				moved = append(moved, i)
			}
		}
		if high {
			hi = moved
		} else {
			lo = moved
		}
		nwin = len(hi) + len(lo)
		s1, k1 := skewKurt(dst)
		pass, ok = skewKurtPass(s1, k1, spec)
		if !ok {
			return undefined()
		}
		tr.Skew[1], tr.Kurt[1] = s1, k1
		cur = s1
		if pass || (spec.WinMax >= 0 && nwin >= spec.WinMax) {
			break
		}
	}
	tr.NWin = nwin
	if pass || spec.Fallback == FallbackNone {
		// hi and lo are ascending; merge them (COINr labels winlo last, so
		// winlo wins should a row be in both).
		tr.Passed = pass
		tr.Points = make([]TreatedPoint, 0, len(hi)+len(lo))
		for len(hi) > 0 || len(lo) > 0 {
			var i int
			var l string
			switch {
			case len(lo) == 0 || len(hi) > 0 && hi[0] < lo[0]:
				i, l, hi = hi[0], "winhi", hi[1:]
			default:
				if len(hi) > 0 && hi[0] == lo[0] {
					hi = hi[1:]
				}
				i, l, lo = lo[0], "winlo", lo[1:]
			}
			tr.Points = append(tr.Points, TreatedPoint{Row: i, Label: l, From: x[i], To: dst[i]})
		}
		return tr
	}

	// Log of the original column.
	mn, mx := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if v < mn {
			mn = v
		}
		if v > mx {
			mx = v
		}
	}
	shift := 0.01 * (mx - mn)
	for i, v := range x {
		dst[i] = math.Log(v - mn + shift)
	}
	s2, k2 := skewKurt(dst)
	pass, ok = skewKurtPass(s2, k2, spec)
	if !ok {
		return undefined()
	}
	tr.Log, tr.Passed = true, pass
	tr.Skew[1], tr.Kurt[1] = s2, k2
	tr.Points = make([]TreatedPoint, len(x))
	for i := range x {
		tr.Points[i] = TreatedPoint{Row: i, Label: "+log_CT", From: x[i], To: dst[i]}
	}
	for _, i := range hi {
		tr.Points[i].Label = "winhi+log_CT"
	}
	for _, i := range lo {
		tr.Points[i].Label = "winlo+log_CT"
	}
	return tr
}

// skewKurtPass is COINr's check_SkewKurt with R's three-valued logic:
// (|skew| < Skew) | (kurt < Kurt), where a NaN comparison is NA; ok is
// false when the result is NA.
func skewKurtPass(skew, kurt float64, spec TreatSpec) (pass, ok bool) {
	a := math.Abs(skew) < spec.Skew
	b := kurt < spec.Kurt
	if a || b {
		return true, true
	}
	if math.IsNaN(skew) || math.IsNaN(kurt) {
		return false, false
	}
	return false, true
}
