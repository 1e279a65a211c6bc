package exporters

// The Indicators sheet (指标) of the workbook.

import (
	"math"
	"slices"
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
	raw, used      valueFormat // of the raw and the processed values
}

// valueFormat is the number format of an indicator's values and the width
// of the widest of them so formatted.
type valueFormat struct {
	code  string
	width float64
}

// indicators writes the Indicators sheet, long or wide (indicatorsWide)
// as chooseLayout decided.
func (b *book) indicators() error {
	if b.wide {
		return b.indicatorsWide()
	}
	return b.indicatorsLong()
}

// indicatorsLong writes the Indicators sheet in long form: one row per unit,
// year and indicator, with the raw value, its source cell, the normalised
// value and its rank. The raw and processed values are shown in a number
// format chosen per indicator by numFormatFor, in columns as wide as the
// widest of them.
func (b *book) indicatorsLong() error {
	g, r := b.g, b.r
	infos, repaired := b.indicatorInfos(true)
	styles := newNumStyles(b)
	var wGoal, wDim, wID, wName, wUnit, wRaw, wUsed float64
	for k := range infos {
		in := &infos[k]
		wGoal, wDim, wID = max(wGoal, textWidth(in.goal)), max(wDim, textWidth(in.dim)), max(wID, textWidth(in.id))
		wName, wUnit = max(wName, textWidth(in.name)), max(wUnit, textWidth(in.unit))
		wRaw, wUsed = max(wRaw, in.raw.width), max(wUsed, in.used.width)
	}
	cols := []column{
		{header: g.t(hUnit), width: b.unitWidth()},
		{header: g.t(hYear), style: b.integer},
		{header: g.t(hGoal), width: wGoal},
		{header: g.t(hDimension), width: wDim},
		{header: g.t(hIndicatorID), width: wID},
		{header: g.t(hIndicatorName), width: min(wName, maxNameWidth)},
		{header: g.t(hMeasureUnit), width: wUnit},
		{header: g.t(hRaw), width: max(wRaw, 8)},
	}
	if repaired {
		cols = append(cols, column{header: g.t(hProcessed), width: max(wUsed, 8)})
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
	nodes := make([]int, len(infos))
	for j, in := range infos {
		nodes[j] = in.node
	}
	hasData := b.hasData(nodes) // by indicator, then year
	vals := make([]any, len(cols))
	for _, uy := range byRank(r, true) {
		y, u := r.Years[uy.y], uy.u
		unit, year := string(y.Units[u]), yearValue(y.Year)
		for j, in := range infos {
			if !hasData[j][uy.y] {
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
			vals = append(vals[:0], unit, year, in.goal, in.dim, in.id, in.name, in.unit, styled(styles.of(in.raw.code, false), y.Raw[in.node][u]))
			if repaired {
				imp := y.Imputed != nil && y.Imputed[in.node][u]
				style := styles.of(in.used.code, imp)
				if imp {
					src = g.t(srcImputedBy, methodName(g, imputeZh, r.Options.Impute.Method))
				}
				vals = append(vals, styled(style, y.Processed[in.node][u]))
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

// numStyles makes the styles of the number formats of values, once each.
type numStyles struct {
	b       *book
	byCode  map[string]int
	imputed map[string]int // the imputed style with the format
}

func newNumStyles(b *book) *numStyles {
	return &numStyles{b: b, byCode: map[string]int{}, imputed: map[string]int{}}
}

// of returns the style of number format code, the imputed style with it if
// imputed.
func (n *numStyles) of(code string, imputed bool) int {
	m, id := n.byCode, 0
	if imputed {
		m, id = n.imputed, n.b.imputed
	}
	if code == "" {
		return id
	}
	if id, ok := m[code]; ok {
		return id
	}
	base := &excelize.Style{}
	if imputed {
		if st, err := n.b.f.GetStyle(n.b.imputed); err == nil {
			base = st
		}
	}
	base.CustomNumFmt = &code
	if s, err := n.b.f.NewStyle(base); err == nil {
		id = s
	}
	m[code] = id
	return id
}

// valueFormat chooses the number format of an indicator's values (of(k):
// in year k) by numFormatFor, from its unit and the values of every year.
func (b *book) valueFormat(unit string, of func(k int) []float64) valueFormat {
	n := 0
	for k := range b.r.Years {
		n += len(of(k))
	}
	abs := make([]float64, 0, n)
	whole, neg := true, false
	for k := range b.r.Years {
		for _, v := range of(k) {
			if !finite(v) {
				continue
			}
			abs = append(abs, math.Abs(v))
			whole, neg = whole && v == math.Trunc(v), neg || v < 0
		}
	}
	if len(abs) == 0 {
		return valueFormat{}
	}
	top := slices.Max(abs)
	// The median by selection: a large run's columns are not sorted.
	var median [1]float64
	composite.QuantilesTo(median[:], abs, []float64{0.5})
	code := numFormatFor(unit, median[0], whole)
	// The widest text is the largest magnitude's, and a minus sign.
	w := textWidth(formatAs(code, top))
	if neg {
		w++
	}
	return valueFormat{code: code, width: w}
}

// styled returns v as a cell of style, nil when it is not finite.
func styled(style int, v float64) any {
	if !finite(v) {
		return nil
	}
	if style == 0 {
		return v
	}
	return excelize.Cell{StyleID: style, Value: v}
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
