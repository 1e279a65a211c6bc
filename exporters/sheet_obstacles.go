package exporters

// The Obstacles sheet (障碍因子) of the workbook.

import (
	"slices"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// hasObstacles reports whether r carries obstacle degrees.
func hasObstacles(r *scoring.Result) bool {
	return len(r.Years) > 0 && r.Years[0].Obstacles != nil
}

// obstacles writes the Obstacles sheet: for each unit and year (latest
// first, by rank), its five largest indicator obstacles (短板) with their
// shares, then each goal's obstacle degree.
func (b *book) obstacles() error {
	g, r := b.g, b.r
	s := r.Schema
	goals := s.ByLevel(dataset.LevelGoal)
	cols := []column{{header: g.t(hRank), style: b.rank}, {header: g.t(hUnit), width: b.unitWidth()}, {header: g.t(hYear), style: b.integer}}
	const top = 5
	wName := 10.0
	for _, i := range s.Indicators() {
		wName = max(wName, textWidth(b.name(i)))
	}
	for k := 1; k <= top; k++ {
		cols = append(cols, column{header: g.t(oTop, k), width: min(wName, maxNameWidth)}, column{header: g.t(oShare, k), style: b.score})
	}
	for _, i := range goals {
		cols = append(cols, column{header: g.t(oGoal, b.scoreName(i)), style: b.score})
	}
	t, err := b.stream(g.t(sheetObstacles), cols, 2)
	if err != nil {
		return err
	}
	inds := s.Indicators()
	names := make([]string, len(s.Nodes))
	for _, i := range inds {
		names[i] = b.name(i)
	}
	// Each unit's top indicators, found in the order of the units (the
	// obstacles of an indicator are one slice: read in order, not by rank).
	// With their obstacles, and the goals' after them: the rows, in the
	// order of rank, then read one small record a unit.
	type topObstacle struct {
		node int32 // -1: none
		v    float64
	}
	tops := make([][][]topObstacle, len(r.Years))
	for k, y := range r.Years {
		tops[k] = make([][]topObstacle, len(y.Units))
		all := make([]topObstacle, len(y.Units)*(top+len(goals)))
		parallelFor(len(y.Units), func(from, to int) {
			var order []int
			for u := from; u < to; u++ {
				t := all[u*(top+len(goals)) : (u+1)*(top+len(goals))]
				order = topObstacles(order[:0], inds, top, func(i int) float64 { return y.Obstacles[i][u] })
				for j := range top {
					t[j] = topObstacle{node: -1}
					if j < len(order) {
						t[j] = topObstacle{int32(order[j]), y.Obstacles[order[j]][u]}
					}
				}
				for j, i := range goals {
					t[top+j] = topObstacle{int32(i), y.Obstacles[i][u]}
				}
				tops[k][u] = t
			}
		})
	}
	units := byRank(r, true)
	err = addRows(t, len(units), func() struct{} { return struct{}{} },
		func(rb *rowBuilder, i, _ int, _ struct{}) {
			uy := units[i]
			y := r.Years[uy.y]
			if rank := y.Ranks[0][uy.u]; rank > 0 {
				rb.int(int(rank), false)
			} else {
				rb.skip()
			}
			rb.str(string(y.Units[uy.u]))
			rb.int(y.Year, true)
			t := tops[uy.y][uy.u]
			for _, o := range t[:top] {
				if o.node < 0 {
					rb.skip()
					rb.skip()
					continue
				}
				rb.str(names[o.node])
				rb.num(o.v, 0)
			}
			for _, o := range t[top:] {
				rb.num(o.v, 0)
			}
		}, nil)
	if err != nil {
		return err
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	return t.flush()
}

// topObstacles appends to order the n nodes of inds with the largest
// positive obstacle(i), largest first, ties in the order of inds (as a
// stable sort of them all would give): an insertion into the few kept.
func topObstacles(order, inds []int, n int, obstacle func(i int) float64) []int {
	start := len(order)
	for _, i := range inds {
		v := obstacle(i)
		if !finite(v) || v <= 0 || len(order)-start == n && v <= obstacle(order[len(order)-1]) {
			continue
		}
		at := len(order)
		for at > start && v > obstacle(order[at-1]) {
			at--
		}
		order = slices.Insert(order, at, i)
		if len(order)-start > n {
			order = order[:start+n]
		}
	}
	return order
}
