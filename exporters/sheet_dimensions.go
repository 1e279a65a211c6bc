package exporters

// The Dimensions sheet (维度) of the workbook.

import (
	"github.com/cityscore/cityscore/dataset"
)

// dimensions writes the Dimensions sheet: unit, year, then for each goal
// its dimensions, each with its score and rank, under a two-row header
// (the goal's name merged over its columns, then the dimension's), in
// the order of the Ranking sheet.
func (b *book) dimensions() error {
	g, r := b.g, b.r
	dims := r.Schema.ByLevel(dataset.LevelDimension)
	cols := []column{{header: g.t(hUnit), width: b.unitWidth()}, {header: g.t(hYear), style: b.integer}}
	// Pre-order: the dimensions of a goal are consecutive, in goal order.
	for _, i := range dims {
		group := ""
		if goal := b.goalOf(i); goal >= 0 {
			group = b.name(goal)
		}
		cols = append(cols,
			column{header: b.name(i), style: b.score, group: group},
			column{header: g.t(hRank), style: b.rank, group: group})
	}
	t, err := b.stream(g.t(sheetDimensions), cols, 1)
	if err != nil {
		return err
	}
	units := byRank(r, true)
	err = addRows(t, len(units), func() struct{} { return struct{}{} }, func(rb *rowBuilder, k, _ int, _ struct{}) {
		y, u := r.Years[units[k].y], units[k].u
		rb.str(string(y.Units[u]))
		rb.int(y.Year, true)
		for _, i := range dims {
			rb.num(y.Scores[i][u], 0)
			if rank := y.Ranks[i][u]; rank > 0 {
				rb.int(int(rank), false)
			} else {
				rb.skip()
			}
		}
	}, nil)
	if err != nil {
		return err
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	for k := range dims {
		if err := t.colorScale(2+2*k, t.row); err != nil {
			return err
		}
	}
	return t.flush()
}

// goalOf returns the goal above node i, -1 when there is none.
func (b *book) goalOf(i int) int {
	s := b.r.Schema
	for p := s.Nodes[i].Parent; p >= 0; p = s.Nodes[p].Parent {
		if s.Nodes[p].Level == dataset.LevelGoal {
			return p
		}
	}
	return -1
}
