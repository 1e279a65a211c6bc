package exporters

// The Overview sheet (总览): the first sheet of the workbook, one printed
// page on the latest year for a reader with two minutes.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

const (
	ovTopN      = 10  // units in each of the top and bottom lists
	ovMaxVars   = 8   // derived variables named before "and n more"
	ovChartH    = 180 // grade chart, pixels
	ovChartRows = 10  // rows the grade chart takes (20 px each)
	ovLineH     = 18.0
)

// overview writes the Overview sheet: a title, the counts of units scored
// and ranked, the top and bottom ten of the latest year side by side, the
// distribution of the index grades (with a bar chart) when the profile
// grades, the largest caveats of the result and a guide to the other
// sheets. It prints on one A4 landscape page, without gridlines.
func (b *book) overview() error {
	g, r, f := b.g, b.r, b.f
	name := g.t(sheetOverview)
	if err := b.newSheet(name, true); err != nil {
		return err
	}
	// One page: no repeated title rows, no gridlines, centred.
	if err := f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name}); err != nil {
		return err
	}
	off, on := false, true
	if err := f.SetSheetView(name, 0, &excelize.ViewOptions{ShowGridLines: &off}); err != nil {
		return err
	}
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{Horizontally: &on}); err != nil {
		return err
	}
	o := &ovSheet{b: b, name: name}
	li := Latest(r)
	var y *scoring.YearResult
	if li >= 0 {
		y = r.Years[li]
	}

	// The columns: rank, unit, index, [grade], [rank range] for the top
	// list; a gap; the same for the bottom list.
	graded := r.Options.Grades != nil && y != nil && len(y.Grades) > 0
	ranged := b.ua != nil && y != nil && b.ua.year == y.Year
	widths := []float64{6, max(b.unitWidth(), textWidth(g.t(hUnit))) + 2, max(10, textWidth(g.t(hIndex))+2)}
	heads := []string{g.t(hRank), g.t(hUnit), g.t(hIndex)}
	if graded {
		widths[0] = max(widths[0], b.gradeWidth())
		widths = append(widths, b.gradeWidth())
		heads = append(heads, g.t(hGrade))
	}
	if ranged {
		widths = append(widths, max(b.ua.width, textWidth(g.t(hRankRange)))+2)
		heads = append(heads, g.t(hRankRange))
	}
	nb := len(widths)
	all := append(append(slices.Clone(widths), 3), widths...)
	o.last = len(all)
	for k, w := range all {
		c, _ := excelize.ColumnNumberToName(k + 1)
		o.check(f.SetColWidth(name, c, c, w))
		o.width += w
	}

	// Title and counts.
	title := g.t(ovTitle, b.name(0))
	if y != nil && y.Year != 0 {
		title = g.t(ovTitleYear, b.name(0), y.Year)
	}
	if t := b.o.Manifest.Time; !t.IsZero() {
		title += g.t(ovRunDate, t.Year(), int(t.Month()), t.Day())
	}
	o.row = 1
	// 16 pt: a character takes 16/11 of a column's character cell.
	o.line(title, b.title, 28*math.Max(1, math.Ceil(textWidth(title)*16/11/(o.width-2))))
	if y == nil {
		return o.finish()
	}
	scored, ranked, covs := 0, 0, []float64(nil)
	for u := range y.Units {
		st := StatusOf(y, u)
		if !st.NoScore && finite(y.Scores[0][u]) {
			scored++
		}
		if st.Ranked {
			ranked++
			if finite(st.Coverage) {
				covs = append(covs, st.Coverage)
			}
		}
	}
	if len(covs) > 0 {
		slices.Sort(covs)
		o.line(g.t(ovSummary, scored, ranked, percent(composite.QuantileType7(covs, 0.5))), 0, 0)
	} else {
		o.line(g.t(ovSummaryNone, scored, ranked), 0, 0)
	}

	// Top and bottom lists, side by side.
	order := y.Top(len(y.Units))
	top := order[:min(ovTopN, len(order))]
	bottom := order[len(top):]
	bottom = bottom[max(0, len(bottom)-ovTopN):]
	if len(top) > 0 {
		o.row++
		start := o.row
		o.list(1, start, g.t(ovTop, len(top)), heads, top, y, graded, ranged)
		if len(bottom) > 0 {
			o.list(nb+2, start, g.t(ovBottom, len(bottom)), heads, bottom, y, graded, ranged)
		}
		o.row = start + 2 + len(top)
	}

	// The grade distribution of the index, with a bar chart.
	if graded {
		o.grades(y, ranked, nb)
	}

	// The caveats, the largest first.
	if cs := b.caveats(y); len(cs) > 0 {
		o.row++
		o.section(g.t(ovCaveats))
		for k, c := range cs {
			o.line(fmt.Sprintf("%d. %s", k+1, c), b.note, 0)
		}
	}

	// Where to find what: the other sheets written.
	o.row++
	o.section(g.t(ovGuide))
	b.ov, b.guide = o, make([]int, len(b.parts))
	for k, p := range b.parts {
		b.guide[k] = o.row
		sheet := g.t(p.name)
		from, _ := excelize.CoordinatesToCellName(1, o.row)
		to, _ := excelize.CoordinatesToCellName(2, o.row)
		o.check(f.MergeCell(name, from, to))
		o.set(1, o.row, sheet, b.link)
		target := sheet
		if p.target != "" {
			target = p.target
		}
		o.check(f.SetCellHyperLink(name, from, quoteSheet(target)+"!A1", "Location"))
		o.text(3, b.about(p), b.note, 0)
		o.row++
	}
	return o.finish()
}

// noteSplits adds to the Overview's guide, after the sheets are written,
// which tables continue on numbered sheets.
func (b *book) noteSplits() error {
	o := b.ov
	if o == nil || len(b.splits) == 0 {
		return nil
	}
	for k, p := range b.parts {
		for _, sp := range b.splits {
			if sp.sheets[0] != b.g.t(p.name) {
				continue
			}
			o.row = b.guide[k]
			o.text(3, b.about(p)+b.g.t(ovSplit, len(sp.sheets), sp.sheets[0], sp.sheets[len(sp.sheets)-1],
				groupThousands(strconv.Itoa(splitRows))), b.note, 0)
		}
	}
	return o.err
}

// ovSheet is the Overview being written, with ordinary cell setters.
type ovSheet struct {
	b     *book
	name  string
	row   int     // next row to write
	last  int     // last column used
	width float64 // total width of the columns used
	err   error
}

func (o *ovSheet) check(err error) {
	if err != nil && o.err == nil {
		o.err = err
	}
}

// set writes v to (col, row) with style (0: none).
func (o *ovSheet) set(col, row int, v any, style int) {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		o.check(err)
		return
	}
	o.check(o.b.f.SetCellValue(o.name, cell, v))
	if style != 0 {
		o.check(o.b.f.SetCellStyle(o.name, cell, cell, style))
	}
}

// text writes s at column col of the current row, merged to the last
// column and wrapped, with a row height for its lines (height 0: from
// the text).
func (o *ovSheet) text(col int, s string, style int, height float64) {
	from, _ := excelize.CoordinatesToCellName(col, o.row)
	to, _ := excelize.CoordinatesToCellName(o.last, o.row)
	o.check(o.b.f.MergeCell(o.name, from, to))
	o.set(col, o.row, s, style)
	if height == 0 {
		// The merged width, less the first columns, in character cells;
		// CJK text wraps on any character, so lines are width / room.
		room := o.width
		for c := 1; c < col; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			w, _ := o.b.f.GetColWidth(o.name, name)
			room -= w
		}
		lines := math.Ceil(textWidth(s) / math.Max(room-2, 10))
		height = ovLineH * math.Max(lines, 1)
	}
	o.check(o.b.f.SetRowHeight(o.name, o.row, height))
}

// line writes s across the whole width on the next row.
func (o *ovSheet) line(s string, style int, height float64) {
	o.text(1, s, style, height)
	o.row++
}

// section writes a bold title on the next row.
func (o *ovSheet) section(s string) {
	o.set(1, o.row, s, o.b.section)
	o.row++
}

// list writes a titled table of units (rank, unit, index, grade, rank
// range) from column col, row row.
func (o *ovSheet) list(col, row int, title string, heads []string, us []int, y *scoring.YearResult, graded, ranged bool) {
	b := o.b
	o.set(col, row, title, b.section)
	for k, h := range heads {
		o.set(col+k, row+1, h, b.header)
	}
	for k, u := range us {
		r := row + 2 + k
		o.set(col, r, int(y.Ranks[0][u]), b.rank)
		o.set(col+1, r, string(y.Units[u]), 0)
		if v := y.Scores[0][u]; finite(v) {
			o.set(col+2, r, v, b.score2)
		}
		c := col + 3
		if graded {
			o.set(c, r, b.gradeLabel(y, 0, u), b.rank)
			c++
		}
		if ranged {
			if v := b.ua.rangeCell(y.Year, y.Units[u]); v != nil {
				o.set(c, r, v, b.rank)
			}
		}
	}
}

// grades writes the distribution of the index grades among the ranked
// units (grade, units, share) and a bar chart of it beside the table.
func (o *ovSheet) grades(y *scoring.YearResult, ranked, nb int) {
	b, g := o.b, o.b.g
	var idx *scoring.NodeGrades
	for k := range y.Grades {
		if y.Grades[k].Node == 0 {
			idx = &y.Grades[k]
		}
	}
	if idx == nil {
		return
	}
	classes := gradeClasses(*b.r.Options.Grades)
	count := make([]int, classes+1)
	for _, gr := range idx.Grade {
		if int(gr) >= 1 {
			if int(gr) > classes {
				count = append(count, make([]int, int(gr)-classes)...)
				classes = int(gr)
			}
			count[gr]++
		}
	}
	o.row++
	start := o.row
	o.section(g.t(ovGrades))
	o.set(1, o.row, g.t(hGrade), b.header)
	o.set(2, o.row, g.t(ovCount), b.header)
	o.set(3, o.row, g.t(ovShare), b.header)
	first := o.row + 1
	for k := 1; k <= classes; k++ {
		r := o.row + k
		o.set(1, r, b.r.Options.Grades.Label(k, string(g)), b.rank)
		o.set(2, r, count[k], b.integer)
		if ranked > 0 {
			o.set(3, r, float64(count[k])/float64(ranked), b.pct)
		}
	}
	lastRow := o.row + classes
	// The chart fills the columns right of the table (the gap and the
	// bottom list): about 7 pixels a character cell.
	cell, _ := excelize.CoordinatesToCellName(nb+1, start)
	chartW := 0.0
	for c := nb + 1; c <= o.last; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, _ := b.f.GetColWidth(o.name, name)
		chartW += w * 7
	}
	rng := func(col int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(o.name), c, first, c, lastRow)
	}
	noVary, zero := false, 0.0
	axisFont := excelize.Font{Color: "404040", Size: 9}
	o.check(b.f.AddChart(o.name, cell, &excelize.Chart{
		Type:       excelize.Col,
		VaryColors: &noVary,
		Series:     []excelize.ChartSeries{{Name: g.t(ovCount), Categories: rng(1), Values: rng(2)}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: g.t(ovChart), Font: &excelize.Font{Size: 10, Bold: true}}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
		XAxis:      excelize.ChartAxis{Font: axisFont},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, Font: axisFont, Minimum: &zero},
		Dimension:  excelize.ChartDimension{Width: uint(max(200, chartW-10)), Height: ovChartH},
		Format:     excelize.GraphicOptions{AltText: g.t(ovChart)},
	}))
	o.row = max(lastRow+1, start+ovChartRows)
}

// finish sets the print area over the rows written.
func (o *ovSheet) finish() error {
	if o.err != nil {
		return o.err
	}
	end, _ := excelize.CoordinatesToCellName(o.last, max(o.row-1, 1), true)
	return o.b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Area", RefersTo: quoteSheet(o.name) + "!$A$1:" + end, Scope: o.name,
	})
}

// gradeClasses is the number of grades of gs.
func gradeClasses(gs scoring.GradeSpec) int {
	switch {
	case gs.Rule == composite.BreaksFixed:
		return len(gs.Cuts) + 1
	case gs.Classes > 0:
		return gs.Classes
	}
	return 4
}

// caveats returns the largest caveats of year y in plain words, the most
// important first: the goals thinly measured (their scores rest on few
// indicators), the units not ranked and the rule, and the values derived
// from other data. Only those that apply.
func (b *book) caveats(y *scoring.YearResult) []string {
	g, r := b.g, b.r
	sep := g.t(uInputsSep)
	var out []string
	var thin []string
	for _, i := range r.Schema.ByLevel(dataset.LevelGoal) {
		if y.Thin(i, r.Options.ThinGoal) {
			thin = append(thin, g.t(ovThinItem, b.name(i), y.Measured[i], len(r.Schema.Leaves(i))))
		}
	}
	if len(thin) > 0 {
		out = append(out, g.t(ovThin, strings.Join(thin, sep), r.Options.ThinGoal))
	}
	notRanked := 0
	for u := range y.Units {
		if !StatusOf(y, u).Ranked {
			notRanked++
		}
	}
	if notRanked > 0 {
		out = append(out, g.t(ovNotRanked, notRanked, ruleText(g, r.Options.Rank)))
	}
	n, vars := 0, []string(nil)
	seen := map[dataset.VariableID]bool{}
	for _, is := range b.o.Issues {
		if is.Kind != dataset.IssueDerived || (is.Year != 0 && is.Year != y.Year) {
			continue
		}
		n++
		if !seen[is.Variable] && is.Variable != "" {
			seen[is.Variable] = true
			vars = append(vars, string(is.Variable))
		}
	}
	if n > 0 {
		slices.Sort(vars)
		list := strings.Join(vars[:min(len(vars), ovMaxVars)], sep)
		if len(vars) > ovMaxVars {
			list += g.t(ovMore, len(vars)-ovMaxVars)
		}
		out = append(out, g.t(ovDerived, n, list, g.t(sheetQuality)))
	}
	return out
}

// percent writes share v as a whole percentage, "36%".
func percent(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) }
