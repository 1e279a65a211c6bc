package composite_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// TestWarningString pins the English text of every kind: the outputs that
// print warnings must not change.
func TestWarningString(t *testing.T) {
	W := func(k composite.WarningKind) composite.Warning { return composite.Warning{Kind: k, Column: 3} }
	tests := []struct {
		w    composite.Warning
		want string
	}{
		{composite.Warning{Kind: composite.WarnUnitsLeftOut, Count: 2, Total: 5}, "2 of 5 units left out: a value is missing in some column (listwise deletion)"},
		{composite.Warning{Kind: composite.WarnTooFewUnits, Count: 1}, "1 complete units (need 2): equal weights"},
		{W(composite.WarnNoValues), "column 3: no values; weight 0"},
		{composite.Warning{Kind: composite.WarnAllZero, Stat: "C_j"}, "every C_j is 0: equal weights"},
		{composite.Warning{Kind: composite.WarnAllZero, Stat: "σ"}, "every σ is 0: equal weights"},
		{W(composite.WarnEntropyOneValue), "column 3: only 1 value (ln 1 = 0); d = 0, weight 0"},
		{composite.Warning{Kind: composite.WarnEntropyConstant, Column: 3, Value: 0.25}, "column 3: constant (every value 0.25); d = 0, weight 0"},
		{W(composite.WarnEntropyZeroSum), "column 3: Σz' = 0; d = 0, weight 0"},
		{composite.Warning{Kind: composite.WarnEntropyAllZero}, "every column has d = 0: equal weights"},
		{composite.Warning{Kind: composite.WarnCRITICConstant, Column: 3, Value: 1e21}, "column 3: constant (every value 1e+21); σ = 0, r = 0 with the others, weight 0"},
		{composite.Warning{Kind: composite.WarnCVNegative, Column: 3, Count: 4}, "column 3: 4 negative values (cv is meant for positive ratio data)"},
		{W(composite.WarnCVOneValue), "column 3: only 1 value; V = 0, weight 0"},
		{W(composite.WarnCVMeanZero), "column 3: mean 0, V undefined; weight 0"},
		{W(composite.WarnSDOneValue), "column 3: only 1 value; σ undefined, weight 0"},
		{W(composite.WarnSDConstant), "column 3: constant; σ = 0, weight 0"},
		{W(composite.WarnPCAConstant), "column 3: constant; standardised to 0, weight 0"},
		{composite.Warning{Kind: composite.WarnPCANoneVaries}, "no column varies: equal weights"},
		{composite.Warning{Kind: composite.WarnPCALoadingsZero}, "every loading is 0: equal weights"},
		{composite.Warning{Kind: composite.WarnGameTheorySingular}, "game theory: the vectors are linearly dependent (singular system); equal coefficients"},
		{composite.Warning{Kind: composite.WarnAllZeroChildren}, "every child got weight 0; equal weights used"},
		{composite.Warning{Kind: composite.WarnSDConstant, Column: 12, Indicator: "gdp_pc"}, "indicator gdp_pc: constant; σ = 0, weight 0"},
		{composite.Warning{Kind: composite.WarnEntropyConstant, Column: 1, Indicator: "x1", Value: 3}, "indicator x1: constant (every value 3); d = 0, weight 0"},
	}
	tested := map[composite.WarningKind]bool{}
	for _, tc := range tests {
		tested[tc.w.Kind] = true
		if got := tc.w.String(); got != tc.want {
			t.Errorf("%v: String() = %q, want %q", tc.w.Kind, got, tc.want)
		}
	}
	for _, k := range composite.WarningKinds() {
		if !tested[k] {
			t.Errorf("kind %v has no case in TestWarningString", k)
		}
	}
}

// TestWarningKinds fails when a kind has no stable name or two kinds share
// one.
func TestWarningKinds(t *testing.T) {
	kinds := composite.WarningKinds()
	if len(kinds) == 0 || kinds[0] != 1 {
		t.Fatalf("WarningKinds() = %v", kinds)
	}
	seen := map[string]composite.WarningKind{}
	for i, k := range kinds {
		if i > 0 && k != kinds[i-1]+1 {
			t.Errorf("kinds not consecutive: %d after %d", k, kinds[i-1])
		}
		name := k.String()
		if name == "" || name == fmt.Sprintf("composite.WarningKind(%d)", k) {
			t.Errorf("kind %d has no name (%q)", k, name)
		}
		if prev, ok := seen[name]; ok {
			t.Errorf("kinds %d and %d share the name %q", prev, k, name)
		}
		seen[name] = k
	}
	past := kinds[len(kinds)-1] + 1
	if s, want := past.String(), fmt.Sprintf("composite.WarningKind(%d)", past); s != want {
		t.Errorf("kind past the last = %q, want %q", s, want)
	}
}

// TestWarningFields checks the kind and fields the kernels set, on top of
// the English text the edge-case tests check.
func TestWarningFields(t *testing.T) {
	nan := wNaN
	ent, _ := composite.EntropyWeights([][]float64{{1, 2, 3}, {4, 4, 4}, {nan, nan, nan}}, nil, composite.Entropy{})
	cri, _ := composite.CRITICWeights([][]float64{{1, 5, 3, nan}, {4, 4, 4, 1}, {2, 3, 3, 6}}, nil, composite.CRITIC{})
	cv, _ := composite.CVWeights([][]float64{{-1, -2, 5}, {2, 2, 2}})
	sd, _ := composite.SDWeights([][]float64{{2, 2, 2}, {1, 1, 1}}, nil, false)
	pca, _ := composite.PCAWeights([][]float64{{1, 1}, {2, 2}})
	a := []float64{0.2, 0.3, 0.5}
	gt, _ := composite.CombineWeights(composite.CombineGameTheory, [][]float64{a, a}, nil)
	tests := []struct {
		name string
		got  []composite.Warning
		want []composite.Warning
	}{
		{"entropy", ent.Warnings, []composite.Warning{
			{Kind: composite.WarnEntropyConstant, Column: 2, Value: 4},
			{Kind: composite.WarnNoValues, Column: 3},
		}},
		{"critic", cri.Warnings, []composite.Warning{
			{Kind: composite.WarnUnitsLeftOut, Count: 1, Total: 4},
			{Kind: composite.WarnCRITICConstant, Column: 2, Value: 4},
		}},
		{"cv", cv.Warnings, []composite.Warning{
			{Kind: composite.WarnCVNegative, Column: 1, Count: 2},
		}},
		{"stddev", sd.Warnings, []composite.Warning{
			{Kind: composite.WarnSDConstant, Column: 1},
			{Kind: composite.WarnSDConstant, Column: 2},
			{Kind: composite.WarnAllZero, Stat: "σ"},
		}},
		{"pca", pca.Warnings, []composite.Warning{
			{Kind: composite.WarnPCAConstant, Column: 1},
			{Kind: composite.WarnPCAConstant, Column: 2},
			{Kind: composite.WarnPCANoneVaries},
		}},
		{"game theory", gt.Warnings, []composite.Warning{{Kind: composite.WarnGameTheorySingular}}},
	}
	for _, tc := range tests {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s: warnings %+v, want %+v", tc.name, tc.got, tc.want)
		}
	}
}
