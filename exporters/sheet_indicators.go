package exporters

// The Indicators sheet (指标) of the workbook.

import (
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// indicatorInfo holds the fixed columns of an indicator on the Indicators
// sheet.
type indicatorInfo struct {
	node           int
	goal, dim      string
	id, name, unit string
	col            *dataset.Column
}

// indicators writes the Indicators sheet in long form: one row per unit,
// year and indicator, with the raw value, its source cell, the normalised
// value and its rank.
func (b *book) indicators() error {
	g, r := b.g, b.r
	s := r.Schema
	var infos []indicatorInfo
	for _, i := range s.Indicators() {
		n := s.Nodes[i]
		info := indicatorInfo{node: i, id: n.ID, name: b.name(i)}
		for p := n.Parent; p > 0; p = s.Nodes[p].Parent {
			switch s.Nodes[p].Level {
			case dataset.LevelGoal:
				info.goal = b.name(p)
			case dataset.LevelDimension:
				info.dim = b.name(p)
			}
		}
		if b.o.Table != nil {
			info.col = b.o.Table.Column(n.Variable)
		}
		info.unit = b.unitOf(i)
		infos = append(infos, info)
	}
	var wGoal, wDim, wID, wName, wUnit float64
	for _, in := range infos {
		wGoal, wDim, wID = max(wGoal, textWidth(in.goal)), max(wDim, textWidth(in.dim)), max(wID, textWidth(in.id))
		wName, wUnit = max(wName, textWidth(in.name)), max(wUnit, textWidth(in.unit))
	}
	cols := []column{
		{header: g.t(hUnit), width: b.unitWidth()},
		{header: g.t(hYear), style: b.integer},
		{header: g.t(hGoal), width: wGoal},
		{header: g.t(hDimension), width: wDim},
		{header: g.t(hIndicatorID), width: wID},
		{header: g.t(hIndicatorName), width: min(wName, 40)},
		{header: g.t(hMeasureUnit), width: wUnit},
		{header: g.t(hRaw), width: 12},
	}
	repaired := r.Options.Impute.Method != composite.ImputeNone || r.Options.Treat.Method != composite.TreatNone || len(r.Options.TreatOverrides) > 0
	if repaired {
		cols = append(cols, column{header: g.t(hProcessed), width: 12})
	}
	cols = append(cols,
		column{header: g.t(hNormalised), style: b.score},
		column{header: g.t(hRank), style: b.rank})
	growth := multiYear(r)
	if growth {
		cols = append(cols, column{header: g.t(hCAGR), style: b.growth})
	}
	cols = append(cols, column{header: g.t(hSource), width: 36})
	t, err := b.stream(g.t(sheetIndicators), cols, 1)
	if err != nil {
		return err
	}
	imputed := g.t(srcImputed)
	// Indicators without a single value in a year get no rows that year:
	// the Data quality sheet's coverage table lists them.
	hasData := make([][]bool, len(r.Years))
	for k, y := range r.Years {
		hasData[k] = make([]bool, len(infos))
		for j, in := range infos {
			for _, v := range y.Raw[in.node] {
				if !math.IsNaN(v) {
					hasData[k][j] = true
					break
				}
			}
		}
	}
	vals := make([]any, len(cols))
	for _, uy := range byRank(r, true) {
		y, u := r.Years[uy.y], uy.u
		unit, year := string(y.Units[u]), yearValue(y.Year)
		for j, in := range infos {
			if !hasData[uy.y][j] {
				continue
			}
			var src any
			if in.col != nil && u < len(y.Rows) {
				row := y.Rows[u]
				switch fl := in.col.Flags[row]; {
				case fl&dataset.Imputed != 0:
					src = imputed
				case fl&dataset.Computed != 0:
					src = b.formulaSource(in.col, row)
				default:
					if o := in.col.Origin(row).String(); o != "" {
						src = b.short(o)
					}
				}
			}
			vals = append(vals[:0], unit, year, in.goal, in.dim, in.id, in.name, in.unit, numValue(y.Raw[in.node][u]))
			if repaired {
				var used any = numValue(y.Processed[in.node][u])
				if y.Imputed != nil && y.Imputed[in.node][u] {
					used = excelize.Cell{StyleID: b.imputed, Value: used}
					src = g.t(srcImputedBy, methodName(g, imputeZh, r.Options.Impute.Method))
				}
				vals = append(vals, used)
			}
			vals = append(vals, numValue(y.Scores[in.node][u]), rankValue(y.Ranks[in.node][u]))
			if growth {
				vals = append(vals, numValue(y.CAGR[in.node][u]))
			}
			vals = append(vals, src)
			if err := t.add(vals); err != nil {
				return err
			}
		}
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	return t.flush()
}

// unitOf returns the unit of measure of indicator i: the framework's, else
// its data column's.
func (b *book) unitOf(i int) string {
	n := b.r.Schema.Nodes[i]
	if n.Unit == "" && b.o.Table != nil {
		if c := b.o.Table.Column(n.Variable); c != nil {
			return c.Unit
		}
	}
	return n.Unit
}

// formulaSource traces a computed value: "= formula ← every file cell it
// came from" (through formulas and derivations, dataset.Table.Sources),
// e.g. "= beds / pop / 10 ← data.xlsx#2023!D7, data.xlsx#2023!C7". A value
// a derive alternative gave shows that alternative's formula; a derived
// value, or one computed from a derived operand, is marked as derived.
func (b *book) formulaSource(c *dataset.Column, row int) string {
	formula := c.Formula
	if d := c.DerivationAt(row); d != nil {
		formula = d.Formula
	}
	if formula == "" {
		return b.g.t(srcFormula)
	}
	src := "= " + formula
	if c.Flags[row]&dataset.Derived != 0 {
		src = b.g.t(srcDerived) + " " + src
	}
	var origins []string
	if b.o.Table != nil {
		for _, o := range b.o.Table.Sources(c.ID, row) {
			origins = append(origins, b.short(o.String()))
		}
	}
	if len(origins) > 0 {
		src += " ← " + strings.Join(origins, ", ")
	}
	return src
}
