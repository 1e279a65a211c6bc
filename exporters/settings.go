package exporters

import (
	"fmt"
	"maps"
	"slices"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/scoring"
)

// OptionSettings describes opt as manifest settings: normalisation (and
// each override), weights and aggregation per level, the missing-data rule,
// and the conventions Run applies whatever the options (rank ties, SD
// type, orientation). Keys and values are the profile's words; notes are in
// language lang ("zh", the default, or "en"). The workbook's Method sheet
// uses it when Manifest.Settings is empty.
func OptionSettings(opt scoring.Options, lang string) []Setting {
	g, err := parseLang(lang)
	if err != nil {
		g = "zh"
	}
	out := []Setting{{Key: "normalize.method", Value: opt.Normalize.Describe()}}
	for _, id := range slices.Sorted(maps.Keys(opt.Normalize.Overrides)) {
		out = append(out, Setting{Key: "normalize.overrides." + id, Value: opt.Normalize.Overrides[id].Describe()})
	}
	for _, l := range []struct {
		name string
		w    scoring.WeightSpec
	}{{"indicators", opt.Weights.Indicators}, {"dimensions", opt.Weights.Dimensions}, {"goals", opt.Weights.Goals}} {
		out = append(out, Setting{Key: "weights." + l.name, Value: l.w.Describe()})
	}
	for _, l := range []struct {
		name string
		a    scoring.AggregateSpec
	}{{"indicators", opt.Aggregate.Indicators}, {"dimensions", opt.Aggregate.Dimensions}, {"goals", opt.Aggregate.Goals}} {
		out = append(out, Setting{Key: "aggregate." + l.name, Value: l.a.Describe()})
	}
	if opt.Coupling != nil {
		out = append(out, Setting{Key: "coupling", Value: opt.Coupling.Describe()})
	}
	out = append(out,
		Setting{Key: "normalize.pooled", Value: fmt.Sprint(opt.Normalize.Pooled), Note: "true: statistics over every year of the panel at once"},
		Setting{Key: "impute", Value: describeImpute(opt.Impute)},
		Setting{Key: "treat", Value: opt.Treat.Describe()},
		Setting{Key: "missing.min_coverage", Value: fmt.Sprint(opt.MinCoverage), Note: "units with a smaller share of the indicators that have data that year are not scored"},
		Setting{Key: "missing.rank_rule", Value: describeRule(opt.Rank), Note: ruleText(g, opt.Rank)},
	)
	for _, id := range slices.Sorted(maps.Keys(opt.TreatOverrides)) {
		out = append(out, Setting{Key: "treat.overrides." + id, Value: opt.TreatOverrides[id].Describe()})
	}
	cuts := opt.Targets.Cuts
	if cuts == (composite.RatingCuts{}) {
		cuts = composite.DefaultRatingCuts()
	}
	out = append(out, Setting{Key: "targets.cuts", Value: fmt.Sprintf("green ≥ %v, yellow ≥ %v, orange ≥ %v, red below", cuts.Green, cuts.Yellow, cuts.Orange),
		Note: "achievement = (value − worst)/(target − worst); trend: SDG Index method (observed vs needed annual change; moderate share 0.5)"})
	return append(out,
		Setting{Key: "missing.max_share", Value: fmt.Sprint(opt.MaxMissingShare),
			Note: g.t(nMissing)},
		Setting{Key: "convention.direction", Value: "negative × (−1)", Note: g.t(nDirection)},
		Setting{Key: "convention.sd", Value: "sample (n − 1)", Note: g.t(nSD)},
		Setting{Key: "convention.rank", Value: "sport (1224)", Note: g.t(nRank)},
	)
}

func describeRule(r scoring.RankRule) string {
	if r.By == scoring.RuleNone {
		return "none"
	}
	return fmt.Sprintf("by %v, min %v, common %v", r.By, r.Min, r.Common)
}

func describeImpute(s scoring.ImputeSpec) string {
	if s.Method.Grouped() {
		return fmt.Sprintf("%v by %s", s.Method, s.Group)
	}
	if s.Method.Temporal() {
		return fmt.Sprintf("%v along each unit's years (no extrapolation)", s.Method)
	}
	return s.Method.String()
}
