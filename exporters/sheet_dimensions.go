package exporters

// The Dimensions sheet (维度) of the workbook.

import (
	"github.com/cityscore/cityscore/dataset"
)

// dimensions writes the Dimensions sheet: unit, year and the score of
// every dimension, in the order of the Ranking sheet.
func (b *book) dimensions() error {
	g, r := b.g, b.r
	dims := r.Schema.ByLevel(dataset.LevelDimension)
	cols := []column{{header: g.t(hUnit), width: b.unitWidth()}, {header: g.t(hYear), style: b.integer}}
	for _, i := range dims {
		cols = append(cols, column{header: r.Schema.Nodes[i].ID + " " + b.name(i), style: b.score})
	}
	t, err := b.stream(g.t(sheetDimensions), cols, 1)
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	for _, uy := range byRank(r, true) {
		y, u := r.Years[uy.y], uy.u
		vals = append(vals[:0], string(y.Units[u]), yearValue(y.Year))
		for _, i := range dims {
			vals = append(vals, numValue(y.Scores[i][u]))
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
