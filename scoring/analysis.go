package scoring

import (
	"fmt"
	"math"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// CouplingScale returns the scale that maps the scores of the coupling
// subsystems onto [0, 1]: opt.Coupling.Scale when set; else 1 when a node
// under the subsystems is scored by TOPSIS or GRA (scores in [0, 1]); else
// the top of the normalisation range (hi for minmax and goalposts, base +
// span for efficacy, 1 for none, vector and percentile). It returns 0 when
// there is no such top (zscore, rank, Copeland): the profile must give one.
func CouplingScale(s *dataset.Schema, opt Options) float64 {
	if opt.Coupling != nil && opt.Coupling.Scale > 0 {
		return opt.Coupling.Scale
	}
	for i, n := range s.Nodes {
		if n.Level == dataset.LevelIndicator || i == 0 {
			continue
		}
		switch aggregationOf(s, opt, i) {
		case AggTOPSIS, AggGRA:
			return 1
		case AggCopeland:
			return 0
		}
	}
	return opt.Normalize.Top()
}

// couplingNodes returns the subsystems: the nodes of the coupling level.
func couplingNodes(s *dataset.Schema, c *CouplingSpec) []int {
	l := c.Of
	if l == 0 {
		l = dataset.LevelGoal
	}
	return s.ByLevel(l)
}

// coupling computes the coupling coordination degree of one year:
// U_k = score_k / scale, then C, T, D and the grade of D (see composite.Coupling
// and composite.GradeOf).
func coupling(y *YearResult, s *dataset.Schema, opt Options) (*CouplingYear, error) {
	scale := CouplingScale(s, opt)
	if !(scale > 0) {
		return nil, fmt.Errorf("coupling: the scores have no fixed top (normalisation %v); give coupling.scale", opt.Normalize.Method)
	}
	nodes := couplingNodes(s, opt.Coupling)
	if len(nodes) < 2 {
		return nil, fmt.Errorf("coupling: needs two or more subsystems, the framework has %d", len(nodes))
	}
	u := make([][]float64, len(nodes))
	var beta []float64
	if opt.Coupling.TWeights != nil {
		beta = make([]float64, len(nodes))
	}
	for k, i := range nodes {
		u[k] = make([]float64, len(y.Units))
		for j, v := range y.Scores[i] {
			u[k][j] = v / scale
		}
		if beta != nil {
			beta[k] = opt.Coupling.TWeights[s.Nodes[i].ID]
		}
	}
	r := composite.Coupling(u, beta)
	cy := &CouplingYear{Nodes: nodes, Scale: scale, C: r.C, T: r.T, D: r.D, Grades: make([]composite.Grade, len(y.Units))}
	for j, d := range r.D {
		if !math.IsNaN(d) {
			cy.Grades[j] = composite.GradeOf(d, opt.Coupling.Bins)
		}
	}
	return cy, nil
}

// obstacles computes the obstacle degree (障碍度) of every indicator, with
// deviation 1 − z/top (top of the indicator's normalisation range) and
// factor its effective weight, and of every goal and dimension as the sum
// over its indicators. A unit's degrees depend on its own values only: the
// units go in blocks (forBlocks).
func obstacles(y *YearResult, s *dataset.Schema, opt Options) [][]float64 {
	inds := s.Indicators()
	n := len(y.Units)
	w, top := make([]float64, len(inds)), make([]float64, len(inds))
	for k, i := range inds {
		w[k], top[k] = y.Effective[i], opt.Normalize.For(s.Nodes[i].ID).Top()
	}
	out := make([][]float64, len(s.Nodes))
	buf := make([]float64, (len(s.Nodes)-1)*n) // none for the index
	for i := 1; i < len(out); i++ {
		out[i] = buf[(i-1)*n : i*n : i*n]
	}
	forBlocks(n, n*len(s.Nodes), func(from, to int) {
		z := make([][]float64, len(inds))
		for k, i := range inds {
			z[k] = make([]float64, to-from)
			for u, v := range y.Scores[i][from:to] {
				z[k][u] = v / top[k]
			}
		}
		for k, o := range composite.Obstacles(z, w, 1) {
			copy(out[inds[k]][from:to], o)
		}
		for i := len(s.Nodes) - 1; i > 0; i-- {
			if s.Nodes[i].Level == dataset.LevelIndicator {
				continue
			}
			sum := out[i][from:to]
			for u := range sum {
				any := false
				for _, c := range s.Nodes[i].Children {
					if v := out[c][from+u]; !math.IsNaN(v) {
						sum[u] += v
						any = true
					}
				}
				if !any {
					sum[u] = math.NaN()
				}
			}
		}
	})
	return out
}
