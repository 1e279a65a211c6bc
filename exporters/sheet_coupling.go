package exporters

// The Coupling sheet (耦合协调) of the workbook.

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/cityscore/cityscore/composite"
)

// coupling writes the Coupling sheet: per unit and year, each subsystem's
// U, then C, T, D and the grade of D, sorted by year (latest first) and D.
func (b *book) coupling() error {
	g, r := b.g, b.r
	var nodes []int
	scale := 0.0
	for _, y := range r.Years {
		if y.Coupling != nil {
			nodes, scale = y.Coupling.Nodes, y.Coupling.Scale
			break
		}
	}
	cols := []column{{header: g.t(hUnit), width: b.unitWidth()}, {header: g.t(hYear), style: b.integer}}
	for _, i := range nodes {
		cols = append(cols, column{header: g.t(kSubsystem, b.scoreName(i)), style: b.weight})
	}
	cols = append(cols,
		column{header: g.t(kC), style: b.weight}, column{header: g.t(kT), style: b.weight},
		column{header: g.t(kD), style: b.weight}, column{header: g.t(kGrade), width: 12},
		column{header: g.t(kLevel), style: b.integer})
	t, err := b.stream(g.t(sheetCoupling), cols, 1)
	if err != nil {
		return err
	}
	type row struct{ y, u int }
	var rows []row
	for yi, y := range r.Years {
		for u := range y.Units {
			rows = append(rows, row{yi, u})
		}
	}
	slices.SortStableFunc(rows, func(a, c row) int {
		ya, yc := r.Years[a.y], r.Years[c.y]
		if ya.Year != yc.Year {
			return yc.Year - ya.Year
		}
		da, dc := ya.Coupling.D[a.u], yc.Coupling.D[c.u]
		switch {
		case !finite(da) && !finite(dc):
			return 0
		case !finite(da):
			return 1
		case !finite(dc):
			return -1
		}
		return -compareFloat(da, dc)
	})
	for _, rw := range rows {
		y := r.Years[rw.y]
		c := y.Coupling
		vals := []any{string(y.Units[rw.u]), yearValue(y.Year)}
		for _, i := range nodes {
			vals = append(vals, numValue(y.Scores[i][rw.u]/scale))
		}
		var grade, level any
		if finite(c.D[rw.u]) {
			gr := c.Grades[rw.u]
			grade, level = gr.Zh, gr.Level
			if g == "en" {
				grade = gr.En
			}
		}
		vals = append(vals, numValue(c.C[rw.u]), numValue(c.T[rw.u]), numValue(c.D[rw.u]), grade, level)
		if err := t.add(vals); err != nil {
			return err
		}
	}
	last := t.row
	if err := t.colorScale(len(cols)-3, last); err != nil {
		return err
	}
	if err := t.section(g.t(kScale, scale) + g.t(kSep) + describeCoupling(g, r.Options.Coupling)); err != nil {
		return err
	}
	for _, gr := range composite.CouplingGrades() {
		name := gr.Zh
		if g == "en" {
			name = gr.En
		}
		if err := t.add([]any{fmt.Sprintf("%v–%v", gr.Lower, gr.Upper), nil, name, strconv.Itoa(gr.Level)}); err != nil {
			return err
		}
	}
	if err := t.filter(last); err != nil {
		return err
	}
	return t.flush()
}
