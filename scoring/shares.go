package scoring

import (
	"math"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// Shares returns, per node and unit of year y, the share of the unit's
// index that the node actually carried: its effective weight after the
// missing-data rule. NaN where the unit has no index score.
//
// The nominal effective weight of a node (YearResult.Effective) is the
// product of the relative weights on its path to the index. When a unit
// lacks a child of a node, the means drop the child and renormalise the
// weights of the children present (COINr's rule), so what the unit's
// score is made of differs from the nominal weights. Top-down, for every
// aggregate p and child c present (a score, and a weight > 0):
//
//	share(c) = share(p) · w(c) / Σ w(present children of p),   share(index) = 1,
//
// and 0 for a child that is absent. The shares of a unit's indicators sum
// to 1. Under TOPSIS, GRA or Copeland over the indicators of a node, the
// indicators share the node by their weights within it in the same way, and
// a dimension in between carries the sum of its indicators. For these
// three methods the share is the weight that enters the method, not a
// linear contribution to the score.
func (r *Result) Shares(y *YearResult) [][]float64 {
	s := r.Schema
	n := len(y.Units)
	out := make([][]float64, len(s.Nodes))
	for i := range out {
		out[i] = make([]float64, n)
	}
	steps := r.shareSteps(y)
	// Each unit's shares depend on its own scores only.
	forBlocks(n, n*len(s.Nodes), func(from, to int) {
		for u := from; u < to; u++ {
			if math.IsNaN(y.Scores[0][u]) {
				for i := range out {
					out[i][u] = math.NaN()
				}
			} else {
				out[0][u] = 1
			}
		}
		for _, st := range steps {
			st.apply(s, y, out, from, to)
		}
	})
	return out
}

// shareStep shares aggregate p among cols, of weights w (products of the
// relative weights from each col up to p), top-down.
type shareStep struct {
	p              int
	cols           []int
	w              []float64
	overIndicators bool // cols are p's indicators; the aggregates between carry their sums
}

// shareSteps returns the steps of Shares, in the order of the nodes.
func (r *Result) shareSteps(y *YearResult) []shareStep {
	s := r.Schema
	var steps []shareStep
	flat := make([]bool, len(s.Nodes)) // nodes below a node compared over its indicators
	for p, node := range s.Nodes {
		if node.Level == dataset.LevelIndicator || flat[p] {
			continue
		}
		st := shareStep{p: p, cols: node.Children}
		switch r.Aggregation[p] {
		case AggTOPSIS, AggGRA, AggCopeland:
			if len(st.cols) > 0 && r.Options.Aggregate.At(s.Nodes[st.cols[0]].Level).Over == OverIndicators {
				st.cols, st.overIndicators = s.Leaves(p), true
				markBelow(s, p, flat)
			}
		}
		for _, c := range st.cols {
			wc := 1.0
			for q := c; q != p; q = s.Nodes[q].Parent {
				wc *= y.Weights[q]
			}
			st.w = append(st.w, wc)
		}
		steps = append(steps, st)
	}
	return steps
}

// apply shares p among its columns for the units from, …, to−1.
func (st *shareStep) apply(s *dataset.Schema, y *YearResult, out [][]float64, from, to int) {
	p, cols, w := st.p, st.cols, st.w
	for u := from; u < to; u++ {
		sp := out[p][u]
		if math.IsNaN(sp) {
			continue
		}
		var total composite.Accumulator
		for k, c := range cols {
			if w[k] > 0 && !math.IsNaN(y.Scores[c][u]) {
				total.Add(w[k])
			}
		}
		tw := total.Value()
		for k, c := range cols {
			if tw > 0 && w[k] > 0 && !math.IsNaN(y.Scores[c][u]) {
				out[c][u] = sp * w[k] / tw
			}
		}
	}
	if st.overIndicators {
		sumBelow(s, p, out, from, to)
	}
}

// markBelow marks the aggregates strictly below p.
func markBelow(s *dataset.Schema, p int, flat []bool) {
	for _, c := range s.Nodes[p].Children {
		if s.Nodes[c].Level != dataset.LevelIndicator {
			flat[c] = true
			markBelow(s, c, flat)
		}
	}
}

// sumBelow sets the share of every aggregate strictly below p to the sum
// of its indicators' shares, for the units from, …, to−1.
func sumBelow(s *dataset.Schema, p int, out [][]float64, from, to int) {
	for _, c := range s.Nodes[p].Children {
		if s.Nodes[c].Level == dataset.LevelIndicator {
			continue
		}
		sumBelow(s, c, out, from, to)
		leaves := s.Leaves(c)
		for u := from; u < to; u++ {
			if math.IsNaN(out[p][u]) {
				continue
			}
			var t composite.Accumulator
			for _, l := range leaves {
				t.Add(out[l][u])
			}
			out[c][u] = t.Value()
		}
	}
}
