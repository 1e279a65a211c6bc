package scoring

import (
	"fmt"

	"maps"
	"slices"
	"strings"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// Normalization names a normalisation method.
type Normalization int

const (
	NormMinMax     Normalization = iota // lo + (x − min)/(max − min)·(hi − lo)
	NormZScore                          // mean + sd·(x − x̄)/s, s the sample SD
	NormRank                            // ascending rank, ties → min (COINr n_rank)
	NormPercentile                      // (rank − 1)/(n − 1) (COINr n_prank)
	NormGoalposts                       // lo + clip((x − worst)/(best − worst))·(hi − lo)
	NormNone                            // x as it is, after ×(−1) for negative indicators
	NormVector                          // x/√Σx² (TOPSIS)
	NormEfficacy                        // 功效系数 base + span·(x − min)/(max − min)
)

var normalizationNames = map[Normalization]string{
	NormMinMax: "minmax", NormZScore: "zscore", NormRank: "rank", NormPercentile: "percentile",
	NormGoalposts: "goalposts", NormNone: "none", NormVector: "vector", NormEfficacy: "efficacy",
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
	WeightFramework WeightMethod = iota // the weights declared in the framework
	WeightEqual                         // every child the same weight
	WeightManual                        // the weights given in the profile
	WeightEntropy                       // 熵权法 on the raw values (composite.EntropyWeights)
	WeightCRITIC                        // CRITIC (composite.CRITICWeights)
	WeightCV                            // coefficient of variation (composite.CVWeights)
	WeightStdDev                        // standard deviation (composite.SDWeights)
	WeightPCA                           // principal components (composite.PCAWeights)
	WeightAHP                           // analytic hierarchy process (composite.AHP)
	WeightCombine                       // a combination of other methods (composite.CombineWeights)
)

var weightNames = map[WeightMethod]string{
	WeightFramework: "framework", WeightEqual: "equal", WeightManual: "manual",
	WeightEntropy: "entropy", WeightCRITIC: "critic", WeightCV: "cv", WeightStdDev: "stddev",
	WeightPCA: "pca", WeightAHP: "ahp", WeightCombine: "combine",
}

// Objective reports whether m computes weights from the data.
func (m WeightMethod) Objective() bool {
	switch m {
	case WeightEntropy, WeightCRITIC, WeightCV, WeightStdDev, WeightPCA:
		return true
	}
	return false
}

func (m WeightMethod) String() string { return nameOf(weightNames, m) }

// UnmarshalText parses a weighting method name.
func (m *WeightMethod) UnmarshalText(b []byte) error {
	return parseName(weightNames, m, b, "weighting")
}

// Aggregation names a way to combine the scores of a node's children.
type Aggregation int

const (
	AggArithmetic Aggregation = iota // Σ wᵢxᵢ / Σ wᵢ
	AggGeometric                     // exp(Σ wᵢ ln xᵢ / Σ wᵢ); every xᵢ > 0
	AggHarmonic                      // Σ wᵢ / Σ (wᵢ/xᵢ); every xᵢ > 0
	AggTOPSIS                        // closeness to the ideal (TOPSIS)
	AggGRA                           // grey relational grade (GRA)
	AggCopeland                      // Copeland outranking scores (COINr a_copeland)
)

var aggregationNames = map[Aggregation]string{
	AggArithmetic: "arithmetic", AggGeometric: "geometric", AggHarmonic: "harmonic",
	AggTOPSIS: "topsis", AggGRA: "gra", AggCopeland: "copeland",
}

func (m Aggregation) String() string { return nameOf(aggregationNames, m) }

// UnmarshalText parses an aggregation method name.
func (m *Aggregation) UnmarshalText(b []byte) error {
	return parseName(aggregationNames, m, b, "aggregation")
}

func nameOf[T comparable](names map[T]string, v T) string {
	if s, ok := names[v]; ok {
		return s
	}
	return fmt.Sprintf("%T(%d)", v, any(v))
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
	// Range is the target [lo, hi] of NormMinMax and NormGoalposts. Default [0, 100].
	Range [2]float64
	// Mean and SD are the target mean and standard deviation of NormZScore.
	// Default 0 and 1.
	Mean, SD float64
	// Goalposts, if set, replaces the framework's [worst, best] goalposts.
	Goalposts *[2]float64
	// Base and Span are the parameters of NormEfficacy: base + span·(x −
	// min)/(max − min). Default 60 and 40 (功效系数, scores in [60, 100]).
	Base, Span float64
}

// Normalize says how every indicator is normalised.
type Normalize struct {
	NormalizeSpec
	// Overrides gives another spec to the named indicators.
	Overrides map[string]NormalizeSpec
	// Pooled normalises each indicator over every year of a panel at once
	// (min and max, mean and SD, ranks over all unit-years), so that scores
	// compare across years. Default false: year by year.
	Pooled bool
}

// For returns the spec that applies to indicator id.
func (n *Normalize) For(id string) NormalizeSpec {
	if o, ok := n.Overrides[id]; ok {
		return o
	}
	return n.NormalizeSpec
}

// WeightScope says which raw columns an objective weighting method reads.
type WeightScope int

const (
	// ScopeNode: for each node, the indicators under it; a child's weight
	// is the sum of the weights of its indicators. The default.
	ScopeNode WeightScope = iota
	// ScopeLevel: all the indicators of the framework at once (one entropy
	// run over every indicator, as most papers do); a child's weight is the
	// sum of the weights of its indicators, relative to its siblings.
	ScopeLevel
)

var scopeNames = map[WeightScope]string{ScopeNode: "node", ScopeLevel: "level"}

func (s WeightScope) String() string { return nameOf(scopeNames, s) }

// UnmarshalText parses a scope name: node or level.
func (s *WeightScope) UnmarshalText(b []byte) error {
	return parseName(scopeNames, s, b, "weight scope")
}

// WeightSpec is one weighting method with its parameters.
type WeightSpec struct {
	Method WeightMethod
	// Values are the manual weights by node id, relative among siblings.
	// A node not listed keeps its framework weight.
	Values map[string]float64

	// Entropy holds the entropy settings. The profile default is min-max,
	// FlipCost true, shift 0.
	Entropy composite.Entropy
	// CRITIC holds the CRITIC settings; the profile default flips cost
	// columns.
	CRITIC composite.CRITIC
	// SDMinMax makes stddev weigh min-max values instead of raw ones.
	SDMinMax bool
	// Scope of the objective methods. Default ScopeNode.
	Scope WeightScope
	// Pooled computes objective weights once over every year of a panel
	// (k = 1/ln(n·T) for entropy) instead of year by year.
	Pooled bool

	// AHP holds the judgment matrices and their solution settings.
	AHP AHPSpec
	// Combine holds the rule and the methods it combines.
	Combine CombineSpec
}

// AHPSpec configures AHP weights.
type AHPSpec struct {
	// Matrices holds, by node id, the pairwise judgment matrices over the
	// node's children in framework order: one per expert (group AHP takes
	// their element-wise geometric mean).
	Matrices map[string][][][]float64
	Solve    composite.AHPSolve
	RI       composite.RITable
	// MaxCR is the highest consistency ratio accepted. Default 0.1.
	MaxCR float64
}

// CombineSpec configures a combination of weighting methods.
type CombineSpec struct {
	Rule composite.CombineRule
	// Alpha holds the linear rule's coefficients: one value α for two
	// methods (α·first + (1 − α)·second), else one per method. Default 0.5.
	Alpha []float64
	// Of lists the methods combined (two or more).
	Of []WeightSpec
}

// ImputeSpec configures imputation (see composite.Impute).
type ImputeSpec struct {
	Method composite.ImputeMethod
	// Group is the label column (a non-indicator column of the data, e.g.
	// a province) the group methods group by.
	Group string
}

// TargetSpec configures the target analysis.
type TargetSpec struct {
	// Values overrides or adds targets: indicator id → year → value.
	Values map[string]map[int]float64
	// Cuts are the achievement thresholds of the four colours. The zero
	// value means composite.DefaultRatingCuts.
	Cuts composite.RatingCuts
	// Trend configures the trend classes (baseline year, moderate share).
	Trend composite.TrendSpec
	// RollUp is how a goal's rating is drawn from its indicators'.
	RollUp composite.RollUp
}

// TreatFor returns the treatment of indicator id.
func (o *Options) TreatFor(id string) composite.TreatSpec {
	if t, ok := o.TreatOverrides[id]; ok {
		return t
	}
	return o.Treat
}

// AggregateOver says what a TOPSIS, GRA or Copeland node compares.
type AggregateOver int

const (
	// OverChildren: the node's children's scores. The default.
	OverChildren AggregateOver = iota
	// OverIndicators: all the indicators under the node at once, with
	// their effective weights within the node (classic flat 熵权-TOPSIS at
	// the index).
	OverIndicators
)

var overNames = map[AggregateOver]string{OverChildren: "children", OverIndicators: "indicators"}

func (o AggregateOver) String() string { return nameOf(overNames, o) }

// UnmarshalText parses children or indicators.
func (o *AggregateOver) UnmarshalText(b []byte) error {
	return parseName(overNames, o, b, "aggregate over")
}

// AggregateSpec is one aggregation method with its parameters.
type AggregateSpec struct {
	Method Aggregation
	// Weighting of TOPSIS: scale (V = w·z, default) or distance.
	Weighting composite.TOPSISWeighting
	// Rho is GRA's distinguishing coefficient ρ ∈ (0, 1]. Default 0.5.
	Rho float64
	// Over: children (default) or indicators, for topsis, gra and copeland.
	Over AggregateOver
}

// CouplingSpec configures the coupling coordination degree (耦合协调度)
// between subsystems: the goals (default) or the dimensions.
type CouplingSpec struct {
	// Of is LevelGoal (default) or LevelDimension.
	Of dataset.Level
	// Scale divides the subsystem scores into U ∈ [0, 1]; 0 = the top of
	// the scores' range (see Result.CouplingScale).
	Scale float64
	// TWeights gives β_k by node id for T = Σ β U; nil = equal.
	TWeights map[string]float64
	// Bins is the boundary rule of the 10 grades. Default composite.BinLowerOpen.
	Bins composite.BinRule
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

	// Impute fills missing raw values before treatment and normalisation.
	// Default none.
	Impute ImputeSpec
	// Treat treats outliers after imputation and before normalisation,
	// year by year. Default none (the zero composite.TreatSpec).
	Treat composite.TreatSpec
	// TreatOverrides gives another treatment to the named indicators.
	TreatOverrides map[string]composite.TreatSpec
	// MinCoverage: a unit whose share of indicators with a raw value (before
	// imputation) is below it is excluded from that year's scoring, and the
	// outputs say why. Default 0: none excluded.
	MinCoverage float64
	// Rank is the coverage rule a unit must meet to be ranked. The zero
	// value (RuleNone) ranks every unit with a score, as COINr does.
	Rank RankRule
	// ThinGoal: a goal with fewer than this many indicators that most units
	// have (YearResult.Measured) is thinly measured, and every output that
	// shows its score says so. Default 3; 0 marks nothing. Scores are not
	// changed.
	ThinGoal int
	// Targets configures the achievement, ratings and trends toward the
	// indicators' targets.
	Targets TargetSpec
	// Grades, if set, grades the index and each goal every year.
	Grades *GradeSpec

	// Coupling, if set, computes the coupling coordination degree.
	Coupling *CouplingSpec
	// Obstacles computes the obstacle degree (障碍度) of every node.
	Obstacles bool
	// NoIndicatorRanks leaves the indicators unranked (their Ranks are
	// nil), for outputs that show no indicator's rank: ranking every
	// indicator is most of the ranking work.
	NoIndicatorRanks bool
	// NoIndicatorScores keeps no indicator's normalised values in the
	// result (their Scores and Ranks are nil), for outputs that show
	// aggregates only: a large run then holds the values of the
	// indicators one aggregate reads at a time. Obstacles need them (Run
	// refuses both); pooled normalisation computes them all at once and
	// keeps their Scores.
	NoIndicatorScores bool

	// Progress, if set, is called after each year is scored.
	Progress func(done, total int) `yaml:"-"`
}

// DefaultOptions returns min-max to [0, 100], the framework's weights,
// arithmetic means at every level and COINr's missing-data rule (drop the
// missing children and renormalise the remaining weights).
func DefaultOptions() Options {
	return Options{
		Normalize:       Normalize{NormalizeSpec: DefaultNormalizeSpec(NormMinMax)},
		MaxMissingShare: 1,
		ThinGoal:        3,
	}
}

// DefaultNormalizeSpec returns method m with its default parameters.
func DefaultNormalizeSpec(m Normalization) NormalizeSpec {
	return NormalizeSpec{Method: m, Range: [2]float64{0, 100}, Mean: 0, SD: 1, Base: 60, Span: 40}
}

// DefaultWeightSpec returns method m with its default parameters: entropy
// and CRITIC flip cost columns, AHP accepts CR ≤ 0.1, the linear
// combination takes α = 0.5.
func DefaultWeightSpec(m WeightMethod) WeightSpec {
	return WeightSpec{
		Method: m, Entropy: composite.Entropy{FlipCost: true}, CRITIC: composite.CRITIC{FlipCost: true},
		AHP: AHPSpec{MaxCR: 0.1}, Combine: CombineSpec{Alpha: []float64{0.5}},
	}
}

// DefaultAggregateSpec returns method m with its default parameters (GRA:
// ρ = 0.5).
func DefaultAggregateSpec(m Aggregation) AggregateSpec {
	return AggregateSpec{Method: m, Rho: 0.5}
}

// Top returns the top of the range of the normalised values: hi for
// minmax and goalposts, base + span for efficacy, 1 for none, vector and
// percentile; 0 when there is none (zscore, rank).
func (s NormalizeSpec) Top() float64 {
	switch s.Method {
	case NormMinMax, NormGoalposts:
		return s.Range[1]
	case NormEfficacy:
		return s.Base + s.Span
	case NormNone, NormVector, NormPercentile:
		return 1
	}
	return 0
}

// Describe returns the spec as text, e.g. "minmax [0, 100]".
func (s NormalizeSpec) Describe() string {
	switch s.Method {
	case NormMinMax:
		return fmt.Sprintf("minmax [%v, %v]", s.Range[0], s.Range[1])
	case NormZScore:
		return fmt.Sprintf("zscore (mean %v, sd %v; sample SD, n−1)", s.Mean, s.SD)
	case NormRank:
		return "rank (ascending, ties → min)"
	case NormPercentile:
		return "percentile ((rank − 1)/(n − 1), ties → min)"
	case NormVector:
		return "vector (x/√Σx²)"
	case NormEfficacy:
		return fmt.Sprintf("efficacy (功效系数) %v + %v·(x − min)/(max − min)", s.Base, s.Span)
	case NormGoalposts:
		if s.Goalposts != nil {
			return fmt.Sprintf("goalposts [%v, %v] → [%v, %v] (fixed, comparable across years)", s.Goalposts[0], s.Goalposts[1], s.Range[0], s.Range[1])
		}
		return fmt.Sprintf("goalposts (framework [worst, best]) → [%v, %v]", s.Range[0], s.Range[1])
	}
	return s.Method.String()
}

// Validate checks the parameters.
func (s NormalizeSpec) Validate() error {
	switch s.Method {
	case NormMinMax, NormGoalposts:
		if s.Range[0] >= s.Range[1] {
			return fmt.Errorf("range [%v, %v]: lower bound must be below upper bound", s.Range[0], s.Range[1])
		}
	case NormZScore:
		if s.SD <= 0 {
			return fmt.Errorf("sd %v must be positive", s.SD)
		}
	case NormEfficacy:
		if s.Span <= 0 {
			return fmt.Errorf("span %v must be positive", s.Span)
		}
	}
	if s.Goalposts != nil && s.Goalposts[0] == s.Goalposts[1] {
		return fmt.Errorf("goalposts [%v, %v] must differ", s.Goalposts[0], s.Goalposts[1])
	}
	return nil
}

// Describe returns the spec as text with every parameter that applies,
// e.g. "entropy (transform minmax, flip_cost true, shift 0, scope node)".
func (w WeightSpec) Describe() string {
	switch w.Method {
	case WeightManual:
		var parts []string
		for _, id := range slices.Sorted(maps.Keys(w.Values)) {
			parts = append(parts, fmt.Sprintf("%s: %v", id, w.Values[id]))
		}
		return "manual {" + strings.Join(parts, ", ") + "}"
	case WeightEntropy:
		return fmt.Sprintf("entropy (transform %v, flip_cost %v, shift %v, 0·ln0 = 0, scope %v, pooled %v)",
			w.Entropy.Transform, w.Entropy.FlipCost, w.Entropy.Shift, w.Scope, w.Pooled)
	case WeightCRITIC:
		return fmt.Sprintf("critic (min-max, flip_cost %v, Pearson r, listwise, scope %v, pooled %v)", w.CRITIC.FlipCost, w.Scope, w.Pooled)
	case WeightCV:
		return fmt.Sprintf("cv (s/|mean| on raw values, scope %v, pooled %v)", w.Scope, w.Pooled)
	case WeightStdDev:
		t := "none"
		if w.SDMinMax {
			t = "minmax"
		}
		return fmt.Sprintf("stddev (transform %s, scope %v, pooled %v)", t, w.Scope, w.Pooled)
	case WeightPCA:
		return fmt.Sprintf("pca (correlation matrix, eigenvalue ≥ 1 kept, w ∝ Σ λ-share·|loading|, scope %v, pooled %v)", w.Scope, w.Pooled)
	case WeightAHP:
		return fmt.Sprintf("ahp (solve %v, ri %v, max_cr %v, %d matrices)", w.AHP.Solve, w.AHP.RI, w.AHP.MaxCR, len(w.AHP.Matrices))
	case WeightCombine:
		var parts []string
		for _, p := range w.Combine.Of {
			parts = append(parts, p.Describe())
		}
		alpha := ""
		if w.Combine.Rule == composite.CombineLinear {
			alpha = fmt.Sprintf(", alpha %v", w.Combine.Alpha)
		}
		return fmt.Sprintf("combine (rule %v%s) of [%s]", w.Combine.Rule, alpha, strings.Join(parts, "; "))
	}
	return w.Method.String()
}

// Describe returns the spec as text, e.g. "topsis (weighting scale, over
// children)".
func (a AggregateSpec) Describe() string {
	switch a.Method {
	case AggTOPSIS:
		return fmt.Sprintf("topsis (weighting %v, over %v, ideal = best unit, C = D−/(D+ + D−))", a.Weighting, a.Over)
	case AggGRA:
		return fmt.Sprintf("gra (rho %v, over %v, global Δmin/Δmax)", a.Rho, a.Over)
	case AggCopeland:
		return fmt.Sprintf("copeland (over %v, COINr a_copeland)", a.Over)
	}
	return a.Method.String()
}

// Describe returns the spec as text.
func (c *CouplingSpec) Describe() string {
	of := "goals"
	if c.Of == dataset.LevelDimension {
		of = "dimensions"
	}
	scale := "top of the score range"
	if c.Scale > 0 {
		scale = fmt.Sprint(c.Scale)
	}
	beta := "equal"
	if c.TWeights != nil {
		var parts []string
		for _, id := range slices.Sorted(maps.Keys(c.TWeights)) {
			parts = append(parts, fmt.Sprintf("%s: %v", id, c.TWeights[id]))
		}
		beta = strings.Join(parts, ", ")
	}
	return fmt.Sprintf("of %s, scale %s, β %s, bins %v; C = n·(ΠU)^(1/n)/ΣU, T = Σβ·U, D = √(C·T)", of, scale, beta, c.Bins)
}
