package exporters

// The Weights sheet (权重) of the workbook.

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// weights writes the Weights sheet: every node with its level, parent,
// weighting method, relative and effective weight and, for aggregates, the
// method that combines their children (the latest year; one block per year
// when objective weights differ by year); then how each node's children
// were weighted: the method with its parameters, its statistics per
// indicator (entropy e and d, CRITIC σ and conflict, …), AHP λmax, CI, RI
// and CR, combination coefficients, warnings, and the hierarchical CR.
func (b *book) weights() error {
	g, r := b.g, b.r
	s := r.Schema
	var wNode, wName float64
	for i, n := range s.Nodes {
		wNode, wName = max(wNode, textWidth(n.ID)), max(wName, textWidth(b.name(i)))
	}
	cols := []column{
		{header: g.t(hNode), width: max(wNode, 12)},
		{header: g.t(hName), width: min(max(wName, 12), maxNameWidth)},
		{header: g.t(hLevel), width: 9},
		{header: g.t(hParent), width: wNode},
		{header: g.t(hWeightMethod), width: 10},
		{header: g.t(hWeight), style: b.weight},
		{header: g.t(hEffective), style: b.weight},
		{header: g.t(hShareMean), style: b.weight},
		{header: g.t(hShareMin), style: b.weight},
		{header: g.t(hShareMax), style: b.weight},
		{header: g.t(hAggregation), width: 10},
		{header: g.t(hYear), style: b.integer},
	}
	t, err := b.stream(g.t(sheetWeights), cols, 1)
	if err != nil {
		return err
	}
	years := []*scoring.YearResult{}
	if len(r.Years) > 0 {
		years = append(years, r.Years[Latest(r)])
		if !sameWeights(r.Years) {
			years = r.Years
		}
	}
	for _, y := range years {
		var year any
		if len(years) > 1 {
			year = yearValue(y.Year)
		}
		mean, lo, hi := shareStats(r, y)
		for i, n := range s.Nodes {
			var parent, method, agg any
			if n.Parent >= 0 {
				parent, method = s.Nodes[n.Parent].ID, methodName(g, weightMethodZh, r.WeightMethod[i])
			}
			if n.Level != dataset.LevelIndicator {
				agg = methodName(g, aggregationZh, r.Aggregation[i])
			}
			if err := t.add([]any{n.ID, b.name(i), g.level(n.Level), parent, method,
				numValue(y.Weights[i]), numValue(y.Effective[i]), numValue(mean[i]), numValue(lo[i]), numValue(hi[i]),
				agg, year}); err != nil {
				return err
			}
		}
	}
	last := t.row
	for _, y := range years {
		if err := b.diagnostics(t, y, len(years) > 1); err != nil {
			return err
		}
	}
	if err := t.filter(last); err != nil {
		return err
	}
	return t.flush()
}

// shareStats returns, per node, the mean, smallest and largest share of
// the index the node carried over the ranked units of year y (over every
// unit with a score when none is ranked): the weights actually applied
// once the missing-data rule has renormalised them (scoring.Result.Shares).
func shareStats(r *scoring.Result, y *scoring.YearResult) (mean, lo, hi []float64) {
	n := len(r.Schema.Nodes)
	mean, lo, hi = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		mean[i], lo[i], hi[i] = math.NaN(), math.NaN(), math.NaN()
	}
	if len(y.Units) == 0 || len(y.Scores[0]) == 0 {
		return
	}
	var units []int
	for u := range y.Units {
		if StatusOf(y, u).Ranked {
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		for u := range y.Units {
			if finite(y.Scores[0][u]) {
				units = append(units, u)
			}
		}
	}
	if len(units) == 0 {
		return
	}
	sh := r.Shares(y)
	for i := range n {
		sum, a, z := 0.0, math.Inf(1), math.Inf(-1)
		for _, u := range units {
			v := sh[i][u]
			sum += v
			a, z = min(a, v), max(z, v)
		}
		mean[i], lo[i], hi[i] = sum/float64(len(units)), a, z
	}
	return
}

// sameWeights reports whether every year has the same weights.
func sameWeights(ys []*scoring.YearResult) bool {
	for _, y := range ys[1:] {
		if !slices.Equal(y.Weights, ys[0].Weights) {
			return false
		}
	}
	return true
}

// diagnostics writes how the children of each node were weighted in year y.
func (b *book) diagnostics(t *table, y *scoring.YearResult, withYear bool) error {
	g, s := b.g, b.r.Schema
	var shown []*scoring.WeightDiagnostics
	for _, d := range y.Diagnostics {
		switch d.Method {
		case scoring.WeightFramework, scoring.WeightEqual, scoring.WeightManual:
			// The weights table above says it all.
		default:
			shown = append(shown, d)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	title := g.t(wDiagnostics)
	if withYear && y.Year != 0 {
		title += " — " + g.t(wYear, y.Year)
	}
	if err := t.section(title); err != nil {
		return err
	}
	var write func(d *scoring.WeightDiagnostics, depth int) error
	write = func(d *scoring.WeightDiagnostics, depth int) error {
		indent := strings.Repeat("  ", depth)
		spec := b.specOf(d)
		if err := t.add([]any{excelize.Cell{StyleID: b.header, Value: indent + s.Nodes[d.Node].ID},
			b.name(d.Node), g.t(wMethod), spec}); err != nil {
			return err
		}
		for k, c := range d.Children {
			if k < len(d.Weights) {
				if err := t.add([]any{indent + "  " + s.Nodes[c].ID, b.name(c), nil, nil, methodName(g, weightMethodZh, d.Method), numValue(d.Weights[k])}); err != nil {
					return err
				}
			}
		}
		for _, st := range d.Stats {
			for k, c := range d.Columns {
				if err := t.add([]any{indent + "  " + s.Nodes[c].ID, b.name(c), g.t(wStatistic), statName(g, st.Name), nil, numValue(st.Values[k])}); err != nil {
					return err
				}
			}
		}
		for _, st := range d.Summary {
			for k, v := range st.Values {
				name := statName(g, st.Name)
				if len(st.Values) > 1 {
					name = fmt.Sprintf("%s %d", name, k+1)
				}
				if err := t.add([]any{indent + "  " + s.Nodes[d.Node].ID, nil, g.t(wStatistic), name, nil, numValue(v)}); err != nil {
					return err
				}
			}
		}
		for k, c := range d.Coefficients {
			if err := t.add([]any{indent + "  " + s.Nodes[d.Node].ID, nil, g.t(wCoefficient), fmt.Sprintf("α%d", k+1), nil, numValue(c)}); err != nil {
				return err
			}
		}
		for _, w := range d.Warnings {
			if err := t.add([]any{indent + "  " + s.Nodes[d.Node].ID, nil, g.t(wWarning), warningText(string(g), w)}); err != nil {
				return err
			}
		}
		for _, p := range d.Parts {
			if err := write(p, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range shown {
		if err := write(d, 0); err != nil {
			return err
		}
	}
	for _, cr := range y.TotalCR {
		if err := t.add([]any{g.level(cr.Level), nil, g.t(wCR), nil, nil, numValue(cr.CR)}); err != nil {
			return err
		}
	}
	return nil
}

// specOf describes the weight spec behind d: the profile's spec of the
// level of d's children (for a combined part, its method's name).
func (b *book) specOf(d *scoring.WeightDiagnostics) string {
	s := b.r.Schema
	spec := b.r.Options.Weights.At(s.Nodes[d.Children[0]].Level)
	if spec.Method == d.Method {
		return describeWeights(b.g, spec)
	}
	for _, p := range spec.Combine.Of {
		if p.Method == d.Method {
			return describeWeights(b.g, p)
		}
	}
	return methodName(b.g, weightMethodZh, d.Method)
}
