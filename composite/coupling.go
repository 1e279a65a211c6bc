package composite

import "math"

// BinRule says which end of a grade interval is closed.
type BinRule int

const (
	// BinLowerOpen bins are (lower, upper], as in 田深圳 et al. 地理学报 2021,
	// 76(4):781, Tab. 1.
	BinLowerOpen BinRule = iota
	// BinUpperOpen bins are [lower, upper), as in many other papers.
	BinUpperOpen
)

var binRuleNames = map[BinRule]string{BinLowerOpen: "lower_open", BinUpperOpen: "upper_open"}

func (r BinRule) String() string { return nameOf(binRuleNames, r) }

// UnmarshalText parses a bin rule name (lower_open or upper_open); an unknown
// name is an error that lists the valid ones.
func (r *BinRule) UnmarshalText(b []byte) error {
	return parseName(binRuleNames, r, b, "grade bin rule")
}

// Grade is one level of the coupling coordination degree D.
type Grade struct {
	Level        int    // 1 (极度失调) … 10 (优质协调)
	Zh, En       string // the label in Chinese and in English
	Lower, Upper float64
}

// couplingGrades are the 10 D levels of 田深圳 et al. (地理学报 2021,
// 76(4):781, Tab. 1).
var couplingGrades = [...]Grade{
	{1, "极度失调", "extreme imbalance", 0.0, 0.1},
	{2, "严重失调", "serious imbalance", 0.1, 0.2},
	{3, "中度失调", "moderate imbalance", 0.2, 0.3},
	{4, "轻度失调", "mild imbalance", 0.3, 0.4},
	{5, "濒临失调", "on the verge of imbalance", 0.4, 0.5},
	{6, "勉强协调", "barely coordinated", 0.5, 0.6},
	{7, "初级协调", "primary coordination", 0.6, 0.7},
	{8, "中级协调", "intermediate coordination", 0.7, 0.8},
	{9, "良好协调", "good coordination", 0.8, 0.9},
	{10, "优质协调", "high-quality coordination", 0.9, 1.0},
}

// CouplingGrades returns the 10 grades of the coupling coordination degree
// D, 1 = 极度失调 (0, 0.1] … 10 = 优质协调 (0.9, 1] (田深圳 et al.,
// 地理学报 2021, 76(4):781, Tab. 1). The slice is a fresh copy.
func CouplingGrades() []Grade {
	g := couplingGrades
	return g[:]
}

// GradeOf returns the grade of the coupling coordination degree d under
// rule: with BinLowerOpen the level whose (Lower, Upper] holds d, with
// BinUpperOpen the one whose [Lower, Upper) does. The bin edges are the decimal
// literals 0.1, 0.2, …, compared exactly. Values beyond the first or last
// bin take its grade: d = 0 (and d < 0) is level 1 under BinLowerOpen, d = 1
// (and d > 1) level 10 under BinUpperOpen, by convention. NaN gives the zero
// Grade (Level 0, no labels).
func GradeOf(d float64, rule BinRule) Grade {
	if math.IsNaN(d) {
		return Grade{}
	}
	for _, g := range couplingGrades[:len(couplingGrades)-1] {
		if d < g.Upper || (rule == BinLowerOpen && d == g.Upper) {
			return g
		}
	}
	return couplingGrades[len(couplingGrades)-1]
}

// CouplingResult holds the coupling degree C, the comprehensive
// coordination index T and the coupling coordination degree D of each unit;
// NaN for a unit missing any subsystem.
type CouplingResult struct {
	C, T, D []float64
}

// Coupling computes the coupling coordination degree (耦合协调度) of n
// subsystems. u[k][i] is the score U of subsystem k (e.g. goal k) for unit i;
// NaN is missing. In the standard form (刘春林 2017; 王淑佳 et al. 2021,
// 自然资源学报 36(3):793)
//
//	C = n·(Π_k U_k)^(1/n) / Σ_k U_k  =  n·[Π_k U_k / (Σ_k U_k)^n]^(1/n)
//	T = Σ_k β_k U_k
//	D = √(C·T)
//
// (n = 2: C = 2√(U₁U₂)/(U₁ + U₂)). C lies in [0, 1] (the ratio of the
// geometric to the arithmetic mean); it is clamped to 1 against rounding.
// When any U is 0 (or below), C = 0 and D = 0: the 0/0 of all-zero scores
// is guarded this way. beta holds the weights of T, renormalised to sum to
// 1; nil means equal weights 1/n. A unit missing any subsystem gets NaN.
//
// The model expects U in [0, 1]: the caller divides goal scores by the top
// of the normalisation range (100 for min-max [0, 100]). Values above 1 are
// used as given (C stays in [0, 1]; T and D can exceed 1). Coupling panics
// if beta is not nil and len(beta) != len(u), or the rows differ in length.
func Coupling(u [][]float64, beta []float64) *CouplingResult {
	if beta != nil && len(beta) != len(u) {
		panic("composite: slice length mismatch")
	}
	if len(u) == 0 {
		return &CouplingResult{}
	}
	n := len(u[0])
	for _, c := range u {
		if len(c) != n {
			panic("composite: column length mismatch")
		}
	}
	k := len(u)
	b := make([]float64, k)
	if beta == nil {
		for j := range b {
			b[j] = 1 / float64(k)
		}
	} else {
		var s Accumulator
		for _, v := range beta {
			s.Add(v)
		}
		total := s.Value()
		for j, v := range beta {
			b[j] = v / total
		}
	}
	buf := make([]float64, 3*n)
	r := &CouplingResult{C: buf[:n:n], T: buf[n : 2*n : 2*n], D: buf[2*n:]}
	nk, inv := float64(k), 1/float64(k)
	for i := range n {
		prod, sum, t := 1.0, 0.0, 0.0
		missing, zero := false, false
		for j, col := range u {
			v := col[i]
			switch {
			case math.IsNaN(v):
				missing = true
			case v <= 0:
				zero = true
			}
			prod *= v
			sum += v
			t += b[j] * v
		}
		if missing {
			r.C[i], r.T[i], r.D[i] = math.NaN(), math.NaN(), math.NaN()
			continue
		}
		r.T[i] = t
		if zero {
			continue // C = D = 0
		}
		c := min(1, nk*math.Pow(prod, inv)/sum)
		r.C[i] = c
		r.D[i] = math.Sqrt(c * t)
	}
	return r
}
