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
	out := []Setting{{Key: "normalize.method", Value: describeNormalize(g, opt.Normalize.NormalizeSpec)}}
	for _, id := range slices.Sorted(maps.Keys(opt.Normalize.Overrides)) {
		out = append(out, Setting{Key: "normalize.overrides." + id, Value: describeNormalize(g, opt.Normalize.Overrides[id])})
	}
	for _, l := range []struct {
		name string
		w    scoring.WeightSpec
	}{{"indicators", opt.Weights.Indicators}, {"dimensions", opt.Weights.Dimensions}, {"goals", opt.Weights.Goals}} {
		out = append(out, Setting{Key: "weights." + l.name, Value: describeWeights(g, l.w)})
	}
	for _, l := range []struct {
		name string
		a    scoring.AggregateSpec
	}{{"indicators", opt.Aggregate.Indicators}, {"dimensions", opt.Aggregate.Dimensions}, {"goals", opt.Aggregate.Goals}} {
		out = append(out, Setting{Key: "aggregate." + l.name, Value: describeAggregate(g, l.a)})
	}
	if opt.Coupling != nil {
		out = append(out, Setting{Key: "coupling", Value: describeCoupling(g, opt.Coupling)})
	}
	if gs := opt.Grades; gs != nil {
		out = append(out, Setting{Key: "grades", Value: describeGrades(g, *gs), Note: g.t(nGrades)})
	}
	out = append(out,
		Setting{Key: "normalize.pooled", Value: yesNo(g, opt.Normalize.Pooled), Note: g.t(nPooled)},
		Setting{Key: "impute", Value: describeImpute(g, opt.Impute)},
		Setting{Key: "treat", Value: describeTreat(g, opt.Treat)},
		Setting{Key: "missing.min_coverage", Value: fmt.Sprint(opt.MinCoverage), Note: g.t(nMinCoverage)},
		Setting{Key: "missing.rank_rule", Value: describeRule(g, opt.Rank), Note: ruleText(g, opt.Rank)},
	)
	for _, id := range slices.Sorted(maps.Keys(opt.TreatOverrides)) {
		out = append(out, Setting{Key: "treat.overrides." + id, Value: describeTreat(g, opt.TreatOverrides[id])})
	}
	cuts := opt.Targets.Cuts
	if cuts == (composite.RatingCuts{}) {
		cuts = composite.DefaultRatingCuts()
	}
	out = append(out, Setting{Key: "targets.cuts", Value: g.t(vCuts, cuts.Green, cuts.Yellow, cuts.Orange), Note: g.t(nCuts)})
	return append(out,
		Setting{Key: "missing.max_share", Value: fmt.Sprint(opt.MaxMissingShare), Note: g.t(nMissing)},
		Setting{Key: "convention.direction", Value: g.t(vDirection), Note: g.t(nDirection)},
		Setting{Key: "convention.sd", Value: g.t(vSD), Note: g.t(nSD)},
		Setting{Key: "convention.rank", Value: g.t(vRank), Note: g.t(nRank)},
	)
}
