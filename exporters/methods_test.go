package exporters

import (
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/scoring"
)

// labelled checks that every value of an enum (the values whose String is
// a name, not "T(n)") has a Chinese label in zh.
func labelled[M interface {
	comparable
	String() string
}](t *testing.T, what string, zh map[M]string, of func(int) M) {
	t.Helper()
	n := 0
	for i := range 64 {
		m := of(i)
		if strings.Contains(m.String(), "(") {
			continue // not a method
		}
		n++
		if zh[m] == "" {
			t.Errorf("%s %q has no Chinese label", what, m)
		}
	}
	if n == 0 {
		t.Errorf("%s: no values", what)
	}
}

// TestMethodLabels fails when a method, rule or scope has no Chinese label.
func TestMethodLabels(t *testing.T) {
	labelled(t, "normalisation", normalizationZh, func(i int) scoring.Normalization { return scoring.Normalization(i) })
	labelled(t, "weight method", weightMethodZh, func(i int) scoring.WeightMethod { return scoring.WeightMethod(i) })
	labelled(t, "aggregation", aggregationZh, func(i int) scoring.Aggregation { return scoring.Aggregation(i) })
	labelled(t, "scope", scopeZh, func(i int) scoring.WeightScope { return scoring.WeightScope(i) })
	labelled(t, "over", overZh, func(i int) scoring.AggregateOver { return scoring.AggregateOver(i) })
	labelled(t, "rank rule", ruleScopeZh, func(i int) scoring.RuleScope { return scoring.RuleScope(i) })
	labelled(t, "entropy transform", entropyTransformZh, func(i int) composite.EntropyTransform { return composite.EntropyTransform(i) })
	labelled(t, "AHP solve", ahpSolveZh, func(i int) composite.AHPSolve { return composite.AHPSolve(i) })
	labelled(t, "RI table", riTableZh, func(i int) composite.RITable { return composite.RITable(i) })
	labelled(t, "combination rule", combineRuleZh, func(i int) composite.CombineRule { return composite.CombineRule(i) })
	labelled(t, "TOPSIS weighting", topsisWeightingZh, func(i int) composite.TOPSISWeighting { return composite.TOPSISWeighting(i) })
	labelled(t, "bins", binRuleZh, func(i int) composite.BinRule { return composite.BinRule(i) })
	labelled(t, "imputation", imputeZh, func(i int) composite.ImputeMethod { return composite.ImputeMethod(i) })
	labelled(t, "treatment", treatZh, func(i int) composite.TreatMethod { return composite.TreatMethod(i) })
}

// TestSettingLabels: every key OptionSettings writes, with every optional
// setting on, has a label in both languages.
func TestSettingLabels(t *testing.T) {
	opt := scoring.DefaultOptions()
	opt.Normalize.Overrides = map[string]scoring.NormalizeSpec{"pm25": scoring.DefaultNormalizeSpec(scoring.NormGoalposts)}
	opt.TreatOverrides = map[string]composite.TreatSpec{"gdp": composite.DefaultTreatSpec()}
	opt.Coupling = &scoring.CouplingSpec{}
	opt.Grades = &scoring.GradeSpec{}
	for _, g := range []lang{"zh", "en"} {
		for _, s := range OptionSettings(opt, string(g)) {
			if got := settingLabel(g, s.Key); got == s.Key || got == "" {
				t.Errorf("%s: setting %q has no label", g, s.Key)
			}
		}
	}
	for _, key := range []string{"basis.2023.gdp_per_capita", "basis.-.gdp_per_capita"} {
		if got := settingLabel("zh", key); !strings.Contains(got, "gdp_per_capita 的数据来源") {
			t.Errorf("settingLabel(%q) = %q", key, got)
		}
	}
}
