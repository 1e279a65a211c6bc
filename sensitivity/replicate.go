package sensitivity

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// Replicate is one run of the index under other choices than the profile's.
// A nil or empty field keeps the profile's choice.
type Replicate struct {
	// WeightSet names the weight set Weights came from ("" for the
	// profile's weights); informative.
	WeightSet string
	// Weights are node weights by id, relative among siblings, at any level
	// (indicators, dimensions, goals). A node not listed keeps the weight
	// the profile gives it.
	Weights map[string]float64
	// Normalize replaces the profile's normalisation of every indicator
	// (its per-indicator overrides included).
	Normalize *scoring.NormalizeSpec
	// Aggregate replaces the aggregation at every level.
	Aggregate *scoring.Aggregation
	// Impute replaces the imputation method.
	Impute *composite.ImputeMethod
	// Rank replaces the coverage rule of ranking.
	Rank *scoring.RankRule
	// Drop leaves out one indicator, dimension or goal (weight 0: it takes
	// no part in its parent's mean); "" for none.
	Drop string

	// nodeWeights, when set, holds every node's weight (Weights over the
	// profile's), by node index: the fast path's form of Weights.
	nodeWeights []float64
}

// String describes the replicate's choices in the profile's words,
// "weights set 3; aggregate geometric", or "nominal".
func (r Replicate) String() string {
	var parts []string
	if r.WeightSet != "" {
		parts = append(parts, "weights "+r.WeightSet)
	} else if len(r.Weights) > 0 {
		parts = append(parts, fmt.Sprintf("weights (%d)", len(r.Weights)))
	}
	if r.Normalize != nil {
		parts = append(parts, "normalize "+r.Normalize.Describe())
	}
	if r.Aggregate != nil {
		parts = append(parts, "aggregate "+r.Aggregate.String())
	}
	if r.Impute != nil {
		parts = append(parts, "impute "+r.Impute.String())
	}
	if r.Rank != nil {
		parts = append(parts, "rank_rule "+r.Rank.Describe())
	}
	if r.Drop != "" {
		parts = append(parts, "without "+r.Drop)
	}
	if len(parts) == 0 {
		return "nominal"
	}
	return strings.Join(parts, "; ")
}

// Options returns base with the replicate's choices applied. Weights and
// Drop become manual weights on the levels they touch; the other levels
// keep their method. It returns an error for a weight or a dropped node
// that is not in s, or a weight on a level whose profile method computes
// weights from the data (those cannot be perturbed by value).
func (r Replicate) Options(s *dataset.Schema, base scoring.Options) (scoring.Options, error) {
	opt := base
	if len(r.Weights) > 0 || r.Drop != "" {
		byLevel := map[dataset.Level]map[string]float64{}
		set := func(id string, w float64) error {
			i, ok := s.Index(id)
			if !ok {
				return fmt.Errorf("weight of %q: no such node in the framework", id)
			}
			l := s.Nodes[i].Level
			if l == dataset.LevelIndex {
				return fmt.Errorf("weight of %q: the index has no weight", id)
			}
			if byLevel[l] == nil {
				byLevel[l] = map[string]float64{}
			}
			byLevel[l][id] = w
			return nil
		}
		for _, id := range slices.Sorted(maps.Keys(r.Weights)) {
			if err := set(id, r.Weights[id]); err != nil {
				return opt, err
			}
		}
		if r.Drop != "" {
			if err := set(r.Drop, 0); err != nil {
				return opt, err
			}
		}
		for l, vals := range byLevel {
			spec := base.Weights.At(l)
			switch spec.Method {
			case scoring.WeightFramework, scoring.WeightManual:
			default:
				return opt, fmt.Errorf("weights of the %s level: the profile computes them by %v; set them to framework or manual to vary them", l, spec.Method)
			}
			merged := maps.Clone(spec.Values)
			if merged == nil {
				merged = map[string]float64{}
			}
			maps.Copy(merged, vals)
			opt.Weights.Set(l, scoring.WeightSpec{Method: scoring.WeightManual, Values: merged})
		}
	}
	if r.Normalize != nil {
		opt.Normalize = scoring.Normalize{NormalizeSpec: *r.Normalize, Pooled: base.Normalize.Pooled}
	}
	if r.Aggregate != nil {
		spec := scoring.DefaultAggregateSpec(*r.Aggregate)
		opt.Aggregate = scoring.PerLevel[scoring.AggregateSpec]{Indicators: spec, Dimensions: spec, Goals: spec}
	}
	if r.Impute != nil {
		opt.Impute.Method = *r.Impute
	}
	if r.Rank != nil {
		opt.Rank = *r.Rank
	}
	opt.Progress = nil
	return opt, nil
}
