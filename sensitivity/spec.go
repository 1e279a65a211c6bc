package sensitivity

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// Design is the kind of analysis.
type Design int

const (
	// DesignUA runs N replicates, each input drawn at random: uncertainty
	// analysis (COINr's SA_type "UA").
	DesignUA Design = iota
	// DesignSaltelli runs Saltelli's design, N·(d + 2) replicates, and
	// estimates the Sobol indices of the d inputs (COINr's SA_type "SA").
	DesignSaltelli
)

var designNames = map[Design]string{DesignUA: "ua", DesignSaltelli: "saltelli"}

func (d Design) String() string {
	if s, ok := designNames[d]; ok {
		return s
	}
	return fmt.Sprintf("Design(%d)", int(d))
}

// UnmarshalText parses ua or saltelli.
func (d *Design) UnmarshalText(b []byte) error {
	for k, s := range designNames {
		if s == string(b) {
			*d = k
			return nil
		}
	}
	return fmt.Errorf("unknown design %q (want ua|saltelli)", b)
}

// Spec declares an analysis: its design and size, and the uncertain
// inputs with their alternatives. An input with no alternative is fixed at
// the profile's choice and is not an input.
type Spec struct {
	Design Design
	// N is the number of replicates of a UA, or the base sample size of a
	// Saltelli design (N·(d + 2) replicates). Default 100.
	N int
	// Seed makes the draws reproducible. The same seed gives the same
	// replicates, whatever the number of cores.
	Seed uint64
	// Noise perturbs the weights of the levels it lists, as COINr's
	// get_noisy_weights: each weight w of the level becomes
	// w + (2u − 1)·f·w, u ~ U(0, 1), f the level's factor. The weights
	// become one input, a choice among WeightSets noisy sets.
	Noise map[dataset.Level]float64
	// Dirichlet draws the weights of the levels it lists around their
	// nominal values instead: the weights of the children of each node,
	// as shares w_c/Σw, follow a Dirichlet distribution with parameters
	// κ·w_c/Σw (mean the nominal shares, variance w(1 − w)/(κ + 1)), κ the
	// level's concentration; the shares are scaled back to the nominal
	// total. A level is either noisy or Dirichlet, not both.
	Dirichlet map[dataset.Level]float64
	// WeightSets is the number of weight sets drawn; default N.
	WeightSets int
	// Aggregate, Normalize, Impute and Rank list the alternatives of each
	// method; the profile's choice is not added unless listed.
	Aggregate []scoring.Aggregation
	Normalize []scoring.NormalizeSpec
	Impute    []composite.ImputeMethod
	Rank      []scoring.RankRule
	// LeaveOut makes leaving out one node of this level (indicators or
	// dimensions) an input: its alternatives are none and each node of the
	// level. 0: none.
	LeaveOut dataset.Level
	// Bootstrap is the number of bootstrap resamples of the Sobol
	// intervals (COINr's Nboot); default 1000.
	Bootstrap int
}

// WithDefaults returns the spec with its defaults in place of zero values.
func (sp Spec) WithDefaults() Spec {
	if sp.N == 0 {
		sp.N = 100
	}
	if sp.WeightSets == 0 {
		sp.WeightSets = sp.N
	}
	if sp.Bootstrap == 0 {
		sp.Bootstrap = 1000
	}
	return sp
}

// Input is one uncertain input: its name (as a params.csv column names it:
// weight_set, aggregate, normalize, impute, rank_rule, drop) and its
// alternatives, each a Replicate that sets only this input.
type Input struct {
	Name         string
	Alternatives []Replicate
}

// Inputs returns the uncertain inputs of sp on schema s, in a fixed order:
// weight_set, aggregate, normalize, impute, rank_rule, drop. The noisy
// weight sets are drawn from rng, from the nominal weights of base (the
// framework's, or the profile's manual ones).
func (sp Spec) Inputs(s *dataset.Schema, base scoring.Options, rng *rand.Rand) ([]Input, error) {
	sp = sp.WithDefaults()
	var in []Input
	if len(sp.Noise) > 0 || len(sp.Dirichlet) > 0 {
		sets, err := noisyWeightSets(s, base, sp.Noise, sp.Dirichlet, sp.WeightSets, rng)
		if err != nil {
			return nil, err
		}
		in = append(in, Input{Name: "weight_set", Alternatives: sets})
	}
	if len(sp.Aggregate) > 0 {
		alt := make([]Replicate, len(sp.Aggregate))
		for k := range sp.Aggregate {
			alt[k].Aggregate = &sp.Aggregate[k]
		}
		in = append(in, Input{Name: "aggregate", Alternatives: alt})
	}
	if len(sp.Normalize) > 0 {
		alt := make([]Replicate, len(sp.Normalize))
		for k := range sp.Normalize {
			alt[k].Normalize = &sp.Normalize[k]
		}
		in = append(in, Input{Name: "normalize", Alternatives: alt})
	}
	if len(sp.Impute) > 0 {
		alt := make([]Replicate, len(sp.Impute))
		for k := range sp.Impute {
			alt[k].Impute = &sp.Impute[k]
		}
		in = append(in, Input{Name: "impute", Alternatives: alt})
	}
	if len(sp.Rank) > 0 {
		alt := make([]Replicate, len(sp.Rank))
		for k := range sp.Rank {
			alt[k].Rank = &sp.Rank[k]
		}
		in = append(in, Input{Name: "rank_rule", Alternatives: alt})
	}
	if sp.LeaveOut != 0 {
		alt := []Replicate{{}}
		for _, i := range s.ByLevel(sp.LeaveOut) {
			alt = append(alt, Replicate{Drop: s.Nodes[i].ID})
		}
		in = append(in, Input{Name: "drop", Alternatives: alt})
	}
	if len(in) == 0 {
		return nil, errors.New("sensitivity: no uncertain input (give weight noise or a Dirichlet, alternatives of a method, or leave_out)")
	}
	if sp.Design == DesignSaltelli && len(in) < 2 {
		return nil, fmt.Errorf("sensitivity: a Saltelli design needs at least two uncertain inputs, have %d (%s); run the ua design", len(in), in[0].Name)
	}
	return in, nil
}

// noisyWeightSets draws n sets of weights: for each level of noise, in
// the order indicator, dimension, goal, each node weight w of the level
// becomes w + (2u − 1)·f·w (COINr's get_noisy_weights).
func noisyWeightSets(s *dataset.Schema, base scoring.Options, noise, dirichlet map[dataset.Level]float64, n int, rng *rand.Rand) ([]Replicate, error) {
	levels := slices.Sorted(maps.Keys(noise))
	dlevels := slices.Sorted(maps.Keys(dirichlet))
	for _, l := range dlevels {
		if _, both := noise[l]; both {
			return nil, fmt.Errorf("sensitivity: the %s weights are given both noise and a Dirichlet; choose one", l)
		}
		if k := dirichlet[l]; !(k > 0) || math.IsInf(k, 0) {
			return nil, fmt.Errorf("sensitivity: Dirichlet concentration %v on the %s level: want a number > 0", k, l)
		}
		if l < dataset.LevelIndicator || l >= dataset.LevelIndex {
			return nil, fmt.Errorf("sensitivity: Dirichlet weights on level %d: want 1 (indicators), 2 (dimensions) or 3 (goals)", int(l))
		}
		if spec := base.Weights.At(l); spec.Method != scoring.WeightFramework && spec.Method != scoring.WeightManual {
			return nil, fmt.Errorf("sensitivity: Dirichlet weights on the %s level: the profile computes those weights by %v; set them to framework or manual", l, spec.Method)
		}
	}
	// The parents whose children a Dirichlet level draws, with each
	// child's nominal share as the distribution's mean.
	type family struct {
		children []int
		total    float64
		// gamma draws the share of each child: a Dirichlet sample is a
		// vector of independent Gamma(α_c, 1) draws divided by their sum.
		gamma []distuv.Gamma // nil when fewer than two children weigh > 0
	}
	var families []family
	nominal := nominalWeights(s, base)
	for _, l := range dlevels {
		for _, pn := range s.Nodes {
			if len(pn.Children) == 0 || s.Nodes[pn.Children[0]].Level != l {
				continue
			}
			fam := family{}
			for _, c := range pn.Children {
				if nominal[c] > 0 {
					fam.children = append(fam.children, c)
					fam.total += nominal[c]
				}
			}
			if len(fam.children) >= 2 {
				for _, c := range fam.children {
					fam.gamma = append(fam.gamma, distuv.Gamma{Alpha: dirichlet[l] * nominal[c] / fam.total, Beta: 1, Src: rng})
				}
			}
			families = append(families, fam)
		}
	}
	type level struct {
		nodes []int
		w     []float64
		f     float64
	}
	var ls []level
	for _, l := range levels {
		f := noise[l]
		if l < dataset.LevelIndicator || l >= dataset.LevelIndex {
			return nil, fmt.Errorf("sensitivity: weight noise on level %d: want 1 (indicators), 2 (dimensions) or 3 (goals)", int(l))
		}
		if !(f >= 0) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("sensitivity: weight noise %v on the %s level: want a factor ≥ 0", f, l)
		}
		spec := base.Weights.At(l)
		if spec.Method != scoring.WeightFramework && spec.Method != scoring.WeightManual {
			return nil, fmt.Errorf("sensitivity: weight noise on the %s level: the profile computes those weights by %v; set them to framework or manual", l, spec.Method)
		}
		lv := level{f: f}
		for _, i := range s.ByLevel(l) {
			w := s.Nodes[i].Weight
			if v, ok := spec.Values[s.Nodes[i].ID]; ok && spec.Method == scoring.WeightManual {
				w = v
			}
			lv.nodes, lv.w = append(lv.nodes, i), append(lv.w, w)
		}
		ls = append(ls, lv)
	}
	sets := make([]Replicate, n)
	u := []float64{}
	for k := range sets {
		w := map[string]float64{}
		nodeWeights := nominalWeights(s, base)
		for _, fam := range families {
			if fam.gamma == nil {
				continue
			}
			g := make([]float64, len(fam.gamma))
			var sum float64
			for k := range fam.gamma {
				g[k] = fam.gamma[k].Rand()
				sum += g[k]
			}
			if !(sum > 0) {
				continue // every draw underflowed (a tiny κ): the nominal weights
			}
			for k, c := range fam.children {
				v := g[k] / sum * fam.total
				w[s.Nodes[c].ID], nodeWeights[c] = v, v
			}
		}
		for _, lv := range ls {
			u = u[:0]
			for range lv.w {
				u = append(u, rng.Float64())
			}
			noisy := make([]float64, len(lv.w))
			composite.NoisyWeightsTo(noisy, lv.w, lv.f, u)
			for j, i := range lv.nodes {
				w[s.Nodes[i].ID] = noisy[j]
				nodeWeights[i] = noisy[j]
			}
		}
		sets[k] = Replicate{WeightSet: fmt.Sprint(k + 1), Weights: w, nodeWeights: nodeWeights}
	}
	return sets, nil
}

// nominalWeights returns every node's weight under base: the framework's,
// or the profile's manual one.
func nominalWeights(s *dataset.Schema, base scoring.Options) []float64 {
	w := make([]float64, len(s.Nodes))
	for i, node := range s.Nodes {
		w[i] = node.Weight
		if node.Level == dataset.LevelIndex {
			continue
		}
		if spec := base.Weights.At(node.Level); spec.Method == scoring.WeightManual {
			if v, ok := spec.Values[node.ID]; ok {
				w[i] = v
			}
		}
	}
	return w
}
