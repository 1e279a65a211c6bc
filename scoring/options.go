package scoring

import (
	"fmt"

	"github.com/cityscore/cityscore/dataset"
	"maps"
	"slices"
	"strings"
)

// Normalization names a normalisation method.
type Normalization int

const (
	MinMax          Normalization = iota // lo + (x − min)/(max − min)·(hi − lo)
	ZScore                               // mean + sd·(x − x̄)/s, s the sample SD
	Rank                                 // ascending rank, ties → min (COINr n_rank)
	Percentile                           // (rank − 1)/(n − 1) (COINr n_prank)
	Goalposts                            // lo + clip((x − worst)/(best − worst))·(hi − lo)
	NoNormalization                      // x as it is, after ×(−1) for negative indicators
)

var normalizationNames = map[Normalization]string{
	MinMax: "minmax", ZScore: "zscore", Rank: "rank", Percentile: "percentile",
	Goalposts: "goalposts", NoNormalization: "none",
}

func (m Normalization) String() string { return nameOf(normalizationNames, m) }

// UnmarshalText parses a normalisation name; an unknown name is an error
// that lists the valid ones.
func (m *Normalization) UnmarshalText(b []byte) error {
	return parseName(normalizationNames, m, b, "normalisation")
}

// WeightMethod names a way to set the weights of the children of a node.
type WeightMethod int

const (
	FrameworkWeights WeightMethod = iota // the weights declared in the framework
	EqualWeights                         // every child the same weight
	ManualWeights                        // the weights given in the profile
)

var weightNames = map[WeightMethod]string{FrameworkWeights: "framework", EqualWeights: "equal", ManualWeights: "manual"}

func (m WeightMethod) String() string { return nameOf(weightNames, m) }

// UnmarshalText parses a weighting method name.
func (m *WeightMethod) UnmarshalText(b []byte) error {
	return parseName(weightNames, m, b, "weighting")
}

// Aggregation names a way to combine the scores of a node's children.
type Aggregation int

const (
	Arithmetic Aggregation = iota // Σ wᵢxᵢ / Σ wᵢ
	Geometric                     // exp(Σ wᵢ ln xᵢ / Σ wᵢ); every xᵢ > 0
	Harmonic                      // Σ wᵢ / Σ (wᵢ/xᵢ); every xᵢ > 0
)

var aggregationNames = map[Aggregation]string{Arithmetic: "arithmetic", Geometric: "geometric", Harmonic: "harmonic"}

func (m Aggregation) String() string { return nameOf(aggregationNames, m) }

// UnmarshalText parses an aggregation method name.
func (m *Aggregation) UnmarshalText(b []byte) error {
	return parseName(aggregationNames, m, b, "aggregation")
}

func nameOf[T comparable](names map[T]string, v T) string {
	if s, ok := names[v]; ok {
		return s
	}
	return fmt.Sprintf("%T(%v)", v, any(v))
}

func parseName[T comparable](names map[T]string, dst *T, b []byte, what string) error {
	for v, s := range names {
		if s == string(b) {
			*dst = v
			return nil
		}
	}
	valid := slices.Sorted(maps.Values(names))
	return fmt.Errorf("unknown %s method %q (want %s)", what, b, strings.Join(valid, "|"))
}

// NormalizeSpec is one normalisation with its parameters.
type NormalizeSpec struct {
	Method Normalization
	// Range is the target [lo, hi] of MinMax and Goalposts. Default [0, 100].
	Range [2]float64
	// Mean and SD are the target mean and standard deviation of ZScore.
	// Default 0 and 1.
	Mean, SD float64
	// Goalposts, if set, replaces the framework's [worst, best] goalposts.
	Goalposts *[2]float64
}

// Normalize says how every indicator is normalised.
type Normalize struct {
	NormalizeSpec
	// Overrides gives another spec to the named indicators.
	Overrides map[string]NormalizeSpec
}

// For returns the spec that applies to indicator id.
func (n *Normalize) For(id string) NormalizeSpec {
	if o, ok := n.Overrides[id]; ok {
		return o
	}
	return n.NormalizeSpec
}

// WeightSpec is one weighting method with its parameters.
type WeightSpec struct {
	Method WeightMethod
	// Values are the manual weights by node id, relative among siblings.
	Values map[string]float64
}

// AggregateSpec is one aggregation method with its parameters.
type AggregateSpec struct {
	Method Aggregation
}

// PerLevel holds a setting for each level of the tree, named after the
// children being combined: Indicators applies wherever indicators are
// combined (within a dimension, or within a goal that lists indicators
// directly), Dimensions to the dimensions of a goal, Goals to the goals
// combined into the index.
type PerLevel[T any] struct {
	Indicators, Dimensions, Goals T
}

// At returns the setting for combining children of level l (a goal's
// setting for the index level).
func (p PerLevel[T]) At(l dataset.Level) T {
	switch l {
	case dataset.LevelIndicator:
		return p.Indicators
	case dataset.LevelDimension:
		return p.Dimensions
	}
	return p.Goals
}

// Set sets the setting for children of level l.
func (p *PerLevel[T]) Set(l dataset.Level, v T) {
	switch l {
	case dataset.LevelIndicator:
		p.Indicators = v
	case dataset.LevelDimension:
		p.Dimensions = v
	default:
		p.Goals = v
	}
}

// Options configures Run. The zero value is not the default: start from
// DefaultOptions.
type Options struct {
	Normalize Normalize
	Weights   PerLevel[WeightSpec]
	Aggregate PerLevel[AggregateSpec]
	// MaxMissingShare: a unit gets no score at a node when more than this
	// share of the node's weight is missing. Default 1 (a score whenever any
	// child has one, as COINr's a_amean).
	MaxMissingShare float64

	// Progress, if set, is called after each year is scored.
	Progress func(done, total int) `yaml:"-"`
}

// DefaultOptions returns min-max to [0, 100], the framework's weights,
// arithmetic means at every level and COINr's missing-data rule (drop the
// missing children and renormalise the remaining weights).
func DefaultOptions() Options {
	return Options{
		Normalize:       Normalize{NormalizeSpec: DefaultNormalizeSpec(MinMax)},
		MaxMissingShare: 1,
	}
}

// DefaultNormalizeSpec returns method m with its default parameters.
func DefaultNormalizeSpec(m Normalization) NormalizeSpec {
	return NormalizeSpec{Method: m, Range: [2]float64{0, 100}, Mean: 0, SD: 1}
}

// Describe returns the spec as text, e.g. "minmax [0, 100]".
func (s NormalizeSpec) Describe() string {
	switch s.Method {
	case MinMax:
		return fmt.Sprintf("minmax [%v, %v]", s.Range[0], s.Range[1])
	case ZScore:
		return fmt.Sprintf("zscore (mean %v, sd %v; sample SD, n−1)", s.Mean, s.SD)
	case Rank:
		return "rank (ascending, ties → min)"
	case Percentile:
		return "percentile ((rank − 1)/(n − 1), ties → min)"
	case Goalposts:
		if s.Goalposts != nil {
			return fmt.Sprintf("goalposts [%v, %v] → [%v, %v]", s.Goalposts[0], s.Goalposts[1], s.Range[0], s.Range[1])
		}
		return fmt.Sprintf("goalposts (framework [worst, best]) → [%v, %v]", s.Range[0], s.Range[1])
	}
	return s.Method.String()
}

// Validate checks the parameters.
func (s NormalizeSpec) Validate() error {
	switch s.Method {
	case MinMax, Goalposts:
		if s.Range[0] >= s.Range[1] {
			return fmt.Errorf("range [%v, %v]: lower bound must be below upper bound", s.Range[0], s.Range[1])
		}
	case ZScore:
		if s.SD <= 0 {
			return fmt.Errorf("sd %v must be positive", s.SD)
		}
	}
	if s.Goalposts != nil && s.Goalposts[0] == s.Goalposts[1] {
		return fmt.Errorf("goalposts [%v, %v] must differ", s.Goalposts[0], s.Goalposts[1])
	}
	return nil
}
