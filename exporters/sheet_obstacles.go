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
	vals := make([]any, 0, len(cols))
	order := make([]int, 0, top+1)
	for _, uy := range byRank(r, true) {
		y := r.Years[uy.y]
		vals = append(vals[:0], rankValue(y.Ranks[0][uy.u]), string(y.Units[uy.u]), yearValue(y.Year))
		order = topObstacles(order[:0], inds, top, func(i int) float64 { return y.Obstacles[i][uy.u] })
		for k := range top {
			if k < len(order) {
				vals = append(vals, names[order[k]], numValue(y.Obstacles[order[k]][uy.u]))
			} else {
				vals = append(vals, nil, nil)
			}
		}
		for _, i := range goals {
			vals = append(vals, numValue(y.Obstacles[i][uy.u]))
		}
		if err := t.add(vals); err != nil {
			return err
		}
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
