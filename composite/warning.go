package composite

import "fmt"

// Warning reports a rule a kernel applied where its formula is undefined
// (a constant column, every weight 0, a singular system, …), as listed in
// the Warnings of a result. Kind says which rule; the other fields hold the
// figures its message needs and are zero otherwise. String gives the
// message in English; a caller that writes another language words it from
// Kind and the fields.
type Warning struct {
	Kind WarningKind
	// Column is the column concerned, numbered from 1; 0 when the warning
	// is about the method as a whole.
	Column int
	// Indicator is the id of the indicator in Column, set by a caller that
	// knows it (the kernels leave it empty): String then names the column
	// "indicator <id>" rather than "column <n>".
	Indicator string
	// Count is a number of values or units: the negative values of
	// WarnCVNegative, the units left out of WarnUnitsLeftOut, the complete
	// units of WarnTooFewUnits.
	Count int
	// Total is the number of units of WarnUnitsLeftOut.
	Total int
	// Value is the value of every unit in a constant column
	// (WarnEntropyConstant, WarnCRITICConstant).
	Value float64
	// Stat is the statistic that is 0 in every column in WarnAllZero: "V"
	// (cv), "σ" (stddev) or "C_j" (CRITIC).
	Stat string
}

// WarningKind is the class of a Warning: one per message, so that a kind
// and the fields of its Warning fix the text.
type WarningKind uint8

// The kinds of warning, by the kernel that gives them.
const (
	// Listwise deletion (CRITICWeights, PCAWeights).
	WarnUnitsLeftOut WarningKind = iota + 1 // Count of Total units left out: a value is missing in some column
	WarnTooFewUnits                         // Count < 2 complete units: equal weights
	// Shared by the objective weight methods.
	WarnNoValues // Column has no values: weight 0 (entropy, cv, stddev)
	WarnAllZero  // every Stat is 0: equal weights (cv, stddev, CRITIC)
	// EntropyWeights.
	WarnEntropyOneValue // Column has 1 value (ln 1 = 0): d = 0, weight 0
	WarnEntropyConstant // Column is constant (every value Value): d = 0, weight 0
	WarnEntropyZeroSum  // Column has Σz' = 0: d = 0, weight 0
	WarnEntropyAllZero  // every column has d = 0: equal weights
	// CRITICWeights.
	WarnCRITICConstant // Column is constant (every value Value): σ = 0, r = 0 with the others, weight 0
	// CVWeights.
	WarnCVNegative // Column has Count negative values
	WarnCVOneValue // Column has 1 value: V = 0, weight 0
	WarnCVMeanZero // Column has mean 0: V undefined, weight 0
	// SDWeights.
	WarnSDOneValue // Column has 1 value: σ undefined, weight 0
	WarnSDConstant // Column is constant: σ = 0, weight 0
	// PCAWeights.
	WarnPCAConstant     // Column is constant: standardised to 0, weight 0
	WarnPCANoneVaries   // no column varies: equal weights
	WarnPCALoadingsZero // every loading is 0: equal weights
	// CombineWeights.
	WarnGameTheorySingular // the game-theory system is singular: equal coefficients
	// A caller that sums weights over a node's children (package scoring).
	WarnAllZeroChildren // every child got weight 0: equal weights

	warningKindEnd // one past the last kind
)

// warningKindNames gives every kind its stable name. A kind without one
// fails TestWarningKinds.
var warningKindNames = [...]string{
	WarnUnitsLeftOut:       "units left out",
	WarnTooFewUnits:        "too few units",
	WarnNoValues:           "no values",
	WarnAllZero:            "all zero",
	WarnEntropyOneValue:    "entropy one value",
	WarnEntropyConstant:    "entropy constant",
	WarnEntropyZeroSum:     "entropy zero sum",
	WarnEntropyAllZero:     "entropy all zero",
	WarnCRITICConstant:     "critic constant",
	WarnCVNegative:         "cv negative",
	WarnCVOneValue:         "cv one value",
	WarnCVMeanZero:         "cv mean zero",
	WarnSDOneValue:         "stddev one value",
	WarnSDConstant:         "stddev constant",
	WarnPCAConstant:        "pca constant",
	WarnPCANoneVaries:      "pca none varies",
	WarnPCALoadingsZero:    "pca loadings zero",
	WarnGameTheorySingular: "game theory singular",
	WarnAllZeroChildren:    "all zero children",
}

// WarningKinds returns every kind, in order.
func WarningKinds() []WarningKind {
	out := make([]WarningKind, 0, warningKindEnd-1)
	for k := WarningKind(1); k < warningKindEnd; k++ {
		out = append(out, k)
	}
	return out
}

// String returns the kind's stable name, e.g. "entropy constant".
func (k WarningKind) String() string {
	if k == 0 || k >= warningKindEnd || int(k) >= len(warningKindNames) || warningKindNames[k] == "" {
		return fmt.Sprintf("composite.WarningKind(%d)", k)
	}
	return warningKindNames[k]
}

// String returns the warning's message in English, e.g. "column 3:
// constant; σ = 0, weight 0".
func (w Warning) String() string {
	col := fmt.Sprintf("column %d", w.Column)
	if w.Indicator != "" {
		col = "indicator " + w.Indicator
	}
	switch w.Kind {
	case WarnUnitsLeftOut:
		return fmt.Sprintf("%d of %d units left out: a value is missing in some column (listwise deletion)", w.Count, w.Total)
	case WarnTooFewUnits:
		return fmt.Sprintf("%d complete units (need 2): equal weights", w.Count)
	case WarnNoValues:
		return col + ": no values; weight 0"
	case WarnAllZero:
		return fmt.Sprintf("every %s is 0: equal weights", w.Stat)
	case WarnEntropyOneValue:
		return col + ": only 1 value (ln 1 = 0); d = 0, weight 0"
	case WarnEntropyConstant:
		return fmt.Sprintf("%s: constant (every value %v); d = 0, weight 0", col, w.Value)
	case WarnEntropyZeroSum:
		return col + ": Σz' = 0; d = 0, weight 0"
	case WarnEntropyAllZero:
		return "every column has d = 0: equal weights"
	case WarnCRITICConstant:
		return fmt.Sprintf("%s: constant (every value %v); σ = 0, r = 0 with the others, weight 0", col, w.Value)
	case WarnCVNegative:
		return fmt.Sprintf("%s: %d negative values (cv is meant for positive ratio data)", col, w.Count)
	case WarnCVOneValue:
		return col + ": only 1 value; V = 0, weight 0"
	case WarnCVMeanZero:
		return col + ": mean 0, V undefined; weight 0"
	case WarnSDOneValue:
		return col + ": only 1 value; σ undefined, weight 0"
	case WarnSDConstant:
		return col + ": constant; σ = 0, weight 0"
	case WarnPCAConstant:
		return col + ": constant; standardised to 0, weight 0"
	case WarnPCANoneVaries:
		return "no column varies: equal weights"
	case WarnPCALoadingsZero:
		return "every loading is 0: equal weights"
	case WarnGameTheorySingular:
		return "game theory: the vectors are linearly dependent (singular system); equal coefficients"
	case WarnAllZeroChildren:
		return "every child got weight 0; equal weights used"
	}
	return w.Kind.String() // an unknown kind
}
