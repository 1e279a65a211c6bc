package sensitivity

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// Plan is an analysis ready to run: the inputs, the alternative each
// replicate takes of each input, and the replicates.
type Plan struct {
	Design Design
	N      int
	Inputs []Input
	// Choice holds, per replicate, the alternative (0-based) taken of each
	// input.
	Choice [][]int
	// Replicates are in the design's order: for a Saltelli design, N rows
	// of A, N of B, then one block of N per input, A with that input's
	// column from B (COINr's SA_sample).
	Replicates []Replicate
}

// NewPlan draws the sample of sp (seeded by sp.Seed) and returns the
// replicates: an N × d uniform sample for a UA, COINr's Saltelli design
// (composite.SaltelliDesign) for a sensitivity analysis. A uniform in a
// column of the sample picks an alternative as COINr's sample_2_para does
// (composite.DiscreteChoicesTo: R's cut() of the column's range into as
// many equal intervals as there are alternatives).
func NewPlan(sp Spec, s *dataset.Schema, base scoring.Options) (*Plan, error) {
	sp = sp.WithDefaults()
	rng := rand.New(rand.NewPCG(sp.Seed, 0x9e3779b97f4a7c15))
	inputs, err := sp.Inputs(s, base, rng)
	if err != nil {
		return nil, err
	}
	d := len(inputs)
	// Draws in COINr's order: one stream of uniforms, column by column,
	// A's columns, then (Saltelli) B's.
	col := func() []float64 {
		c := make([]float64, sp.N)
		for i := range c {
			c[i] = rng.Float64()
		}
		return c
	}
	x := make([][]float64, d) // the columns of the sample, one per input
	a := make([][]float64, d)
	for j := range a {
		a[j] = col()
	}
	switch sp.Design {
	case DesignSaltelli:
		b := make([][]float64, d)
		for j := range b {
			b[j] = col()
		}
		for j := range x {
			x[j] = make([]float64, composite.SaltelliRuns(sp.N, d))
		}
		composite.SaltelliDesign(x, a, b)
	default:
		x = a
	}
	rows := len(x[0])
	p := &Plan{Design: sp.Design, N: sp.N, Inputs: inputs, Choice: make([][]int, rows), Replicates: make([]Replicate, rows)}
	for i := range p.Choice {
		p.Choice[i] = make([]int, d)
	}
	idx := make([]int, rows)
	for j, in := range inputs {
		composite.DiscreteChoicesTo(idx, x[j], len(in.Alternatives))
		for i, k := range idx {
			p.Choice[i][j] = k
		}
	}
	for i, ch := range p.Choice {
		p.Replicates[i] = combine(inputs, ch)
	}
	return p, nil
}

// combine merges the chosen alternative of each input into one replicate.
func combine(inputs []Input, choice []int) Replicate {
	var r Replicate
	for j, in := range inputs {
		a := in.Alternatives[choice[j]]
		switch in.Name {
		case "weight_set":
			r.WeightSet, r.Weights, r.nodeWeights = a.WeightSet, a.Weights, a.nodeWeights
		case "aggregate":
			r.Aggregate = a.Aggregate
		case "normalize":
			r.Normalize = a.Normalize
		case "impute":
			r.Impute = a.Impute
		case "rank_rule":
			r.Rank = a.Rank
		case "drop":
			r.Drop = a.Drop
		}
	}
	return r
}

// ReplayPlan returns the plan of replicates given one by one (Replay):
// under DesignUA every replicate counts alike; under DesignSaltelli they
// must be in COINr's order, N rows of A, N of B, then a block of N per
// input, so that len(reps) = N·(d + 2) with d the inputs.
func ReplayPlan(design Design, reps []Replicate, inputs []string) (*Plan, error) {
	p := &Plan{Design: design, N: len(reps), Replicates: reps}
	for _, name := range inputs {
		p.Inputs = append(p.Inputs, Input{Name: name})
	}
	if design == DesignSaltelli {
		d := len(inputs)
		if d < 2 {
			return nil, fmt.Errorf("a Saltelli design needs at least two uncertain inputs; the file has %d (%s)", d, strings.Join(inputs, ", "))
		}
		if len(reps)%(d+2) != 0 {
			return nil, fmt.Errorf("%d replicates is not N·(d + 2) for d = %d inputs (%s)", len(reps), d, strings.Join(inputs, ", "))
		}
		p.N = len(reps) / (d + 2)
	}
	return p, nil
}
