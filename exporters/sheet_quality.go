package exporters

// The Data quality sheet (数据质量) of the workbook.

import (
	"fmt"
	"math"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// quality writes the Data quality sheet: every issue of the import and of
// scoring, then the number of units with data per indicator and year, and
// with a score per goal and year.
//
// The sheet is one table of issues, filtered, written in phases: the
// issues of the import and of scoring, the values imputation and outlier
// treatment changed, the units the coverage rule leaves unranked and the
// missing values; then, below it, sections for coverage, the data still
// needed and what measures each goal.
func (b *book) quality() error {
	issues := allIssues(b.o)
	t, err := b.stream(b.g.t(sheetQuality), b.qualityColumns(issues), 0)
	if err != nil {
		return err
	}
	if err := b.qualityIssues(t, issues); err != nil {
		return err
	}
	if err := b.qualityRepaired(t); err != nil {
		return err
	}
	if err := b.qualityNotRanked(t); err != nil {
		return err
	}
	if err := b.qualityMissing(t); err != nil {
		return err
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	years := b.qualityYears()
	if err := b.qualityCoverage(t, years); err != nil {
		return err
	}
	if err := b.qualityNeeds(t); err != nil {
		return err
	}
	if err := b.qualityMeasured(t, years); err != nil {
		return err
	}
	return t.flush()
}

// qualityColumns returns the columns of the Data quality sheet, as wide as
// the issues, the indicator and goal ids and names they will hold.
func (b *book) qualityColumns(issues []dataset.Issue) []column {
	g, s := b.g, b.r.Schema
	wUnit, wVar, wSrc, wText, wMsg, wKind := b.unitWidth(), 8.0, 12.0, 8.0, 20.0, 8.0
	for _, is := range issues {
		wKind, wVar = max(wKind, textWidth(is.Kind.Label(string(g)))), max(wVar, textWidth(string(is.Variable)))
		wSrc, wText = max(wSrc, textWidth(b.short(is.Origin.String()))), max(wText, textWidth(is.Text))
		wMsg = max(wMsg, textWidth(is.Message(string(g))))
	}
	for _, i := range s.Indicators() {
		wKind = max(wKind, textWidth(s.Nodes[i].ID))
		wUnit = max(wUnit, min(textWidth(b.name(i)), maxNameWidth))
	}
	for _, nd := range b.o.Needs {
		for _, in := range nd.Inputs {
			wVar, wSrc = max(wVar, textWidth(string(in.ID))), max(wSrc, textWidth(in.Header))
			wText, wMsg = max(wText, textWidth(in.Unit)), max(wMsg, textWidth(in.Source))
		}
	}
	for _, i := range s.ByLevel(dataset.LevelGoal) {
		wKind = max(wKind, textWidth(s.Nodes[i].ID))
		wUnit = max(wUnit, textWidth(b.name(i)))
	}
	// The labels of the coverage section's counts.
	wUnit = max(wUnit, textWidth(g.t(qUnitsRanked)), textWidth(g.t(qUnitsNotRanked)))
	return []column{
		{header: g.t(hKind), width: wKind},
		{header: g.t(hUnit), width: wUnit},
		{header: g.t(hYear), width: 6, style: b.integer},
		{header: g.t(hVariable), width: wVar},
		{header: g.t(hSourceCell), width: min(wSrc, 70)},
		{header: g.t(hText), width: min(wText, 30)},
		{header: g.t(hMessage), width: min(wMsg, 60)},
	}
}

// qualityIssues writes a row per issue of the import and of scoring.
func (b *book) qualityIssues(t *table, issues []dataset.Issue) error {
	g := b.g
	for _, is := range issues {
		if err := t.add([]any{is.Kind.Label(string(g)), strOrNil(string(is.Unit)), yearValue(is.Year), strOrNil(string(is.Variable)),
			strOrNil(b.short(is.Origin.String())), strOrNil(is.Text), strOrNil(b.short(is.Message(string(g))))}); err != nil {
			return err
		}
	}
	return nil
}

// qualityRepaired writes the values filled by imputation and changed by
// outlier treatment.
func (b *book) qualityRepaired(t *table) error {
	g, r := b.g, b.r
	s := r.Schema
	for _, y := range r.Years {
		if y.Imputed == nil {
			break
		}
		for _, i := range s.Indicators() {
			for u, imp := range y.Imputed[i] {
				if imp {
					if err := t.add([]any{excelize.Cell{StyleID: b.imputed, Value: g.t(kindImputed)}, string(y.Units[u]), yearValue(y.Year),
						s.Nodes[i].ID, nil, nil, fmt.Sprintf("%s → %s", methodName(g, imputeZh, r.Options.Impute.Method), formatFloat(y.Processed[i][u]))}); err != nil {
						return err
					}
				}
			}
		}
	}
	yearOf := map[int]*scoring.YearResult{}
	for _, y := range r.Years {
		yearOf[y.Year] = y
	}
	for _, c := range r.Treated {
		if c.Log {
			// Every value of the column was transformed: one line.
			msg := g.t(qLogTreated, len(yearOf[c.Year].Units), c.NWin, c.Skew[0], c.Skew[1])
			if err := t.add([]any{g.t(kindTreated), nil, yearValue(c.Year), s.Nodes[c.Node].ID, nil, nil, msg}); err != nil {
				return err
			}
			continue
		}
		for _, pt := range c.Points {
			if err := t.add([]any{g.t(kindTreated), string(yearOf[c.Year].Units[pt.Row]), yearValue(c.Year), s.Nodes[c.Node].ID, nil, nil,
				fmt.Sprintf("%s: %s → %s", treatedLabel(g, pt.Label), formatFloat(pt.From), formatFloat(pt.To))}); err != nil {
				return err
			}
		}
	}
	return nil
}

// qualityNotRanked writes the units the coverage rule leaves unranked,
// with the goals that fall short.
func (b *book) qualityNotRanked(t *table) error {
	g := b.g
	for _, y := range b.r.Years {
		for u, st := range y.Status {
			if st.Ranked || st.NoScore {
				continue
			}
			if err := t.add([]any{dataset.IssueNotRanked.Label(string(g)), string(y.Units[u]), yearValue(y.Year), nil, nil, nil,
				g.t(stNotRanked) + ": " + b.shortText(st)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// qualityMissing writes the missing values of indicators that other units
// have that year, with the cell they would come from.
func (b *book) qualityMissing(t *table) error {
	s := b.r.Schema
	missing := dataset.IssueMissingValue.Label(string(b.g))
	type cell struct{ y, i, u int32 }
	var cells []cell
	cols := make([]*dataset.Column, len(s.Nodes))
	for k, y := range b.r.Years {
		for _, i := range s.Indicators() {
			raw := y.Raw[i]
			if !slices.ContainsFunc(raw, finite) {
				continue // no data at all: the coverage table says so
			}
			if b.o.Table != nil {
				cols[i] = b.o.Table.Column(s.Nodes[i].Variable)
			}
			for u, v := range raw {
				if !finite(v) {
					cells = append(cells, cell{int32(k), int32(i), int32(u)})
				}
			}
		}
	}
	b.short("") // its replacer made before the rows, written on every core
	return addRows(t, len(cells), func() struct{} { return struct{}{} }, func(rb *rowBuilder, j, _ int, _ struct{}) {
		c := cells[j]
		y, u, col := b.r.Years[c.y], int(c.u), cols[c.i]
		src := ""
		if col != nil && u < len(y.Rows) {
			if col.Formula != "" || col.DerivationAt(y.Rows[u]) != nil {
				src = b.formulaSource(col, y.Rows[u])
			} else if o := col.Origin(y.Rows[u]).String(); o != "" {
				src = b.short(o)
			}
		}
		rb.str(missing)
		rb.str(string(y.Units[u]))
		rb.int(y.Year, true)
		rb.str(s.Nodes[c.i].ID)
		rb.str(src)
	}, nil)
}

// qualityYears returns the headers of the per-year columns of the
// sections: each year, or 「年份」 when the data has no year.
func (b *book) qualityYears() []string {
	years := make([]string, len(b.r.Years))
	for k, y := range b.r.Years {
		years[k] = formatYear(y.Year)
		if years[k] == "" {
			years[k] = b.g.t(hYear)
		}
	}
	return years
}

// qualityCoverage writes the coverage sections: units with data per
// indicator and year, units with a score per goal and year (with how many
// are ranked) and, when values were imputed, imputed cells per indicator
// and year.
func (b *book) qualityCoverage(t *table, years []string) error {
	g, r := b.g, b.r
	s := r.Schema
	count := func(v []float64) int {
		n := 0
		for _, x := range v {
			if finite(x) {
				n++
			}
		}
		return n
	}
	type coverage struct {
		title label
		nodes []int
		vals  func(y *scoring.YearResult, i int) []float64
	}
	parts := []coverage{
		{qCoverageIndicators, s.Indicators(), func(y *scoring.YearResult, i int) []float64 { return y.Raw[i] }},
		{qCoverageGoals, append([]int{0}, s.ByLevel(dataset.LevelGoal)...), func(y *scoring.YearResult, i int) []float64 { return y.Scores[i] }},
	}
	if slices.ContainsFunc(r.Years, func(y *scoring.YearResult) bool { return y.Imputed != nil }) {
		// Count the imputed cells: their values, NaN elsewhere.
		parts = append(parts, coverage{qCoverageImputed, s.Indicators(), func(y *scoring.YearResult, i int) []float64 {
			out := make([]float64, len(y.Units))
			for u := range out {
				out[u] = math.NaN()
				if y.Imputed != nil && y.Imputed[i] != nil && y.Imputed[i][u] {
					out[u] = y.Processed[i][u]
				}
			}
			return out
		}})
	}
	for _, part := range parts {
		if err := t.section(g.t(part.title)); err != nil {
			return err
		}
		if err := t.subHeader(append([]string{g.t(hNode), g.t(hName)}, years...)); err != nil {
			return err
		}
		row := []any{nil, g.t(qUnitsScored)}
		for _, y := range r.Years {
			row = append(row, len(y.Units))
		}
		if err := t.add(row); err != nil {
			return err
		}
		if part.title == qCoverageGoals {
			if err := b.qualityRanked(t); err != nil {
				return err
			}
		}
		for _, i := range part.nodes {
			row = append(row[:0], s.Nodes[i].ID, b.name(i))
			if i == 0 {
				row[1] = g.t(hIndex)
			}
			for _, y := range r.Years {
				row = append(row, count(part.vals(y, i)))
			}
			if err := t.add(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// qualityRanked writes, in the goals' coverage section, the number of
// units ranked and not ranked per year, and the coverage rule.
func (b *book) qualityRanked(t *table) error {
	g, r := b.g, b.r
	ranked, notRanked := []any{nil, g.t(qUnitsRanked)}, []any{nil, g.t(qUnitsNotRanked)}
	for _, y := range r.Years {
		k, nr := 0, 0
		for u := range y.Units {
			switch st := StatusOf(y, u); {
			case st.Ranked:
				k++
			case !st.NoScore:
				nr++
			}
		}
		ranked, notRanked = append(ranked, k), append(notRanked, nr)
	}
	if err := t.add(ranked); err != nil {
		return err
	}
	if err := t.add(notRanked); err != nil {
		return err
	}
	return t.add([]any{nil, g.t(qRule, ruleText(g, r.Options.Rank))})
}

// qualityNeeds writes where the missing data would come from: the inputs
// each indicator without data needs, if any.
func (b *book) qualityNeeds(t *table) error {
	g := b.g
	if len(b.o.Needs) == 0 {
		return nil
	}
	if err := t.section(g.t(qNeeds)); err != nil {
		return err
	}
	// The columns of the issues above: the variable under Variable, its
	// header under Source cell; the Year column stays empty.
	if err := t.subHeader([]string{g.t(hIndicatorID), g.t(hIndicatorName), "", g.t(hNeededVar), g.t(hHeader), g.t(hMeasureUnit), g.t(hSource)}); err != nil {
		return err
	}
	for _, nd := range b.o.Needs {
		for _, in := range nd.Inputs {
			if err := t.add([]any{nd.Indicator, nd.Name.In(string(g)), nil, in.ID, in.Header, strOrNil(in.Unit), strOrNil(in.Source)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// qualityMeasured writes what measures each goal: the indicators most
// units have, per year, and the goals that are thin.
func (b *book) qualityMeasured(t *table, years []string) error {
	g, r := b.g, b.r
	s := r.Schema
	if err := t.section(g.t(qMeasured)); err != nil {
		return err
	}
	if err := t.subHeader(append([]string{g.t(hNode), g.t(hName)}, years...)); err != nil {
		return err
	}
	for _, i := range append([]int{0}, s.ByLevel(dataset.LevelGoal)...) {
		row := []any{s.Nodes[i].ID, b.scoreName(i)}
		if i == 0 {
			row[1] = g.t(hIndex)
		}
		for _, y := range r.Years {
			if y.Measured == nil {
				row = append(row, nil)
				continue
			}
			row = append(row, y.Measured[i])
		}
		if err := t.add(row); err != nil {
			return err
		}
	}
	if r.Options.ThinGoal > 0 {
		if err := t.add([]any{nil, g.t(qThin, r.Options.ThinGoal)}); err != nil {
			return err
		}
	}
	return nil
}
