package sensitivity

import (
	"math/rand/v2"

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
// replicates. A uniform u in a column of the sample picks an alternative
// as COINr's sample_2_para does, by cutting the column's range into as
// many equal intervals as there are alternatives.
func NewPlan(sp Spec, s *dataset.Schema, base scoring.Options) (*Plan, error) {
	sp = sp.WithDefaults()
	rng := rand.New(rand.NewPCG(sp.Seed, 0x9e3779b97f4a7c15))
	inputs, err := sp.Inputs(s, base, rng)
	if err != nil {
		return nil, err
	}
	d := len(inputs)
	var x [][]float64 // columns of the sample, one per input
	switch sp.Design {
	case DesignSaltelli:
		x = saltelliSample(sp.N, d, rng)
	default:
		x = make([][]float64, d)
		for j := range x {
			x[j] = make([]float64, sp.N)
		}
		for i := range sp.N {
			for j := range d {
				x[j][i] = rng.Float64()
			}
		}
	}
	rows := len(x[0])
	p := &Plan{Design: sp.Design, N: sp.N, Inputs: inputs, Choice: make([][]int, rows), Replicates: make([]Replicate, rows)}
	for i := range p.Choice {
		p.Choice[i] = make([]int, d)
	}
	for j, in := range inputs {
		idx := cutIndex(x[j], len(in.Alternatives))
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
			r.WeightSet, r.Weights = a.WeightSet, a.Weights
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

// saltelliSample returns the columns of COINr's SA_sample: N rows of A,
// N of B, then for each input i a block of N rows of A with column i from
// B; A and B are N × d uniform samples.
func saltelliSample(n, d int, rng *rand.Rand) [][]float64 {
	a := make([][]float64, d)
	b := make([][]float64, d)
	for j := range d {
		a[j] = make([]float64, n)
		b[j] = make([]float64, n)
	}
	// R fills matrix(runif(2dN), nrow = N) column by column: A's columns,
	// then B's.
	for j := range d {
		for i := range n {
			a[j][i] = rng.Float64()
		}
	}
	for j := range d {
		for i := range n {
			b[j][i] = rng.Float64()
		}
	}
	x := make([][]float64, d)
	for j := range d {
		col := make([]float64, 0, n*(d+2))
		col = append(col, a[j]...)
		col = append(col, b[j]...)
		for blk := range d {
			if blk == j {
				col = append(col, b[j]...)
			} else {
				col = append(col, a[j]...)
			}
		}
		x[j] = col
	}
	return x
}

// cutIndex maps each x to one of k equal intervals of the range of x, as
// R's cut(x, k) does: the range [min, max] is cut at
// min + (max − min)·m/k, m = 1 … k − 1, the outer limits moved out by
// (max − min)/1000, intervals closed on the right. It returns 0-based
// indices; with k = 1, or a constant x, every index is 0.
func cutIndex(x []float64, k int) []int {
	out := make([]int, len(x))
	if k <= 1 || len(x) == 0 {
		return out
	}
	lo, hi := x[0], x[0]
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
	}
	dx := hi - lo
	if dx == 0 {
		// R: cut of a constant vector puts it in the middle interval of
		// [v − |v|/1000, v + |v|/1000].
		for i := range out {
			out[i] = (k - 1) / 2
		}
		return out
	}
	breaks := make([]float64, k+1)
	for m := range breaks {
		breaks[m] = lo + float64(m)*(dx/float64(k)) // R: seq(from, to, length.out = k + 1)
	}
	breaks[0], breaks[k] = lo-dx/1000, hi+dx/1000
	for i, v := range x {
		m := 0
		for m < k-1 && v > breaks[m+1] {
			m++
		}
		out[i] = m
	}
	return out
}
