package exporters

// The Uncertainty sheet (不确定性) of the workbook: how far each unit's rank
// moves when the index is re-run under other choices (package
// sensitivity), and, for a Saltelli design, which choices move it most.

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/sensitivity"
)

// The rank-interval chart draws every ranked unit up to chartAllUnits of
// them, the best chartTopUnits beyond.
const (
	chartAllUnits = 60
	chartTopUnits = 50
)

// uaStats are the statistics of an analysis by unit, for the Ranking
// sheet's rank range.
type uaStats struct {
	year  int
	by    map[dataset.UnitID]int // position in a.Stats
	a     *sensitivity.Analysis
	width float64 // display width of the widest rank range
}

func newUAStats(a *sensitivity.Analysis) *uaStats {
	s := &uaStats{year: a.Year, by: make(map[dataset.UnitID]int, len(a.Stats)), a: a}
	for k, st := range a.Stats {
		s.by[st.Unit] = k
		s.width = max(s.width, textWidth(rankRange(st.Q5, st.Q95)))
	}
	return s
}

// rangeCell returns the rank range of unit id in year as a cell value,
// nil for another year than the analysed one or a unit without
// statistics.
func (s *uaStats) rangeCell(year int, id dataset.UnitID) any {
	if year != s.year {
		return nil
	}
	k, ok := s.by[id]
	if !ok {
		return nil
	}
	return strOrNil(rankRange(s.a.Stats[k].Q5, s.a.Stats[k].Q95))
}

// rankRange writes the interval of ranks q5 to q95, "4–10", or one rank,
// "4", when both ends print alike; "" when either is missing. The ends
// are quantiles (R's type 7) and may be fractional: up to four
// significant digits, "6.95".
func rankRange(q5, q95 float64) string {
	if !finite(q5) || !finite(q95) {
		return ""
	}
	lo, hi := formatRankStat(q5), formatRankStat(q95)
	if lo == hi {
		return lo
	}
	return lo + "–" + hi
}

// formatRankStat writes a rank statistic with up to four significant
// digits, and a rank of 10,000 or more whole.
func formatRankStat(v float64) string {
	if math.Abs(v) >= 1e4 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// checkUncertainty returns an error for an analysis the workbook cannot
// show: one without its run or plan, or whose statistics do not match its
// units.
func checkUncertainty(g lang, a *sensitivity.Analysis) error {
	if a == nil {
		return nil
	}
	if a.Result == nil || a.Plan == nil {
		return errors.New("exporters: uncertainty analysis without its run or its plan (use sensitivity.Analyse)")
	}
	if len(a.Stats) != len(a.Units) {
		return fmt.Errorf("exporters: uncertainty analysis: %d unit statistics for %d units", len(a.Stats), len(a.Units))
	}
	for _, st := range a.Stats {
		if n := cellChars(string(st.Unit)); n > excelize.TotalCellChars {
			return unitTooLong(g.t(sheetUncertainty), string(st.Unit), n)
		}
	}
	return nil
}

// inputList names the inputs the plan varies, in the book's language:
// "权重、合成方法".
func inputList(g lang, p *sensitivity.Plan) string {
	names := make([]string, len(p.Inputs))
	for k, in := range p.Inputs {
		names[k] = inputName(g, in.Name)
	}
	return strings.Join(names, g.t(uInputsSep))
}

// alternatives returns the number of alternatives of input in of plan p:
// those of the plan's own draw, or, for a replayed plan (whose inputs
// carry none), the distinct choices its replicates take.
func alternatives(p *sensitivity.Plan, in sensitivity.Input) int {
	if len(in.Alternatives) > 0 {
		return len(in.Alternatives)
	}
	seen := map[string]bool{}
	for _, r := range p.Replicates {
		seen[paramValue(r, in.Name)] = true
	}
	return len(seen)
}

// uncertaintySettings describes the analysis a for the Method sheet:
// design, year, sample size and runs, the inputs with their number of
// alternatives and, for a Saltelli design, the output variable and the
// bootstrap intervals. The seed of the draw is not in the analysis and is
// not shown (the command line on the Method sheet has it).
func uncertaintySettings(g lang, a *sensitivity.Analysis) []Setting {
	if a == nil {
		return nil
	}
	p := a.Plan
	saltelli := p.Design == sensitivity.DesignSaltelli
	design, reps := g.t(uDesignUA), g.t(uReplicatesUA)
	if saltelli {
		design, reps = g.t(uDesignSA), g.t(uReplicatesSA)
	}
	inputs := make([]string, len(p.Inputs))
	for k, in := range p.Inputs {
		inputs[k] = g.t(uAlternatives, inputName(g, in.Name), alternatives(p, in))
	}
	runsNote := ""
	if saltelli {
		runsNote = g.t(uRunsNote, len(p.Inputs))
	}
	out := []Setting{
		{Key: "uncertainty.design", Value: design, Note: g.t(uQuantileNote)},
		{Key: "uncertainty.year", Value: formatYear(a.Year)},
		{Key: "uncertainty.replicates", Value: strconv.Itoa(p.N), Note: reps},
		{Key: "uncertainty.runs", Value: strconv.Itoa(len(p.Replicates)), Note: runsNote},
		{Key: "uncertainty.inputs", Value: strings.Join(inputs, g.t(uInputsSep))},
	}
	if saltelli {
		boot := g.t(uBootstrapNo)
		if len(a.Sobol) > 0 && finite(a.Sobol[0].SiQ5) {
			boot = g.t(uBootstrapYes)
		}
		out = append(out,
			Setting{Key: "uncertainty.output", Value: g.t(uOutput)},
			Setting{Key: "uncertainty.bootstrap", Value: boot})
	}
	return out
}

// sortedStats returns the statistics of a in nominal rank order, the
// units not ranked last, ties by unit id.
func sortedStats(a *sensitivity.Analysis) []sensitivity.UnitStats {
	stats := slices.Clone(a.Stats)
	slices.SortStableFunc(stats, func(x, y sensitivity.UnitStats) int {
		return cmp.Or(cmp.Compare(rankKey(x.Nominal), rankKey(y.Nominal)), cmp.Compare(x.Unit, y.Unit))
	})
	return stats
}

// uncertainty writes the Uncertainty sheet: a title with the design, the
// number of replicates and the inputs varied; the analysis in plain words
// (sensitivity.Analysis.Note); a table of every unit in nominal rank
// order with its median, mean, 5 % and 95 % rank, the width of that
// interval and the 5–95 % range of its score; a chart of the rank
// intervals; and, for a Saltelli design, the Sobol indices of each input
// in a table beside it and a chart.
func (b *book) uncertainty() error {
	g, f, a := b.g, b.f, b.o.Uncertainty
	name := g.t(sheetUncertainty)
	const headerRow = 3 // title, note, header
	if err := b.newSheetHeader(name, false, headerRow); err != nil {
		return err
	}
	if err := f.SetPanes(name, frozenAt(0, headerRow)); err != nil {
		return err
	}
	p := a.Plan
	saltelli := p.Design == sensitivity.DesignSaltelli
	title := g.t(uTitleUA, yearSuffix(g, a.Year), len(p.Replicates), inputList(g, p))
	note := a.Note(string(g))
	if saltelli {
		title = g.t(uTitleSA, yearSuffix(g, a.Year), p.N, len(p.Replicates), inputList(g, p))
		sep := ""
		if note != "" {
			sep = " "
			if g == "zh" {
				sep = ""
			}
		}
		note += sep + g.t(uStatsSA, 2*p.N)
	}
	stats := sortedStats(a)
	uw := 4.0
	for _, st := range stats {
		uw = max(uw, textWidth(string(st.Unit)))
	}
	cols := []column{
		{header: g.t(hNominalRank), style: b.rank},
		{header: g.t(hUnit), width: min(uw, maxUnitWidth)},
		{header: g.t(hNominalScore), style: b.score},
		{header: g.t(hMedianRank), style: b.rankStat},
		{header: g.t(hMeanRank), style: b.rankStat},
		{header: g.t(hRankQ5), style: b.rankStat},
		{header: g.t(hRankQ95), style: b.rankStat},
		{header: g.t(hRankWidth), style: b.rankStat},
		{header: g.t(hScoreQ5), style: b.score},
		{header: g.t(hScoreQ95), style: b.score},
	}
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	cell := func(col, row int) string {
		c, _ := excelize.CoordinatesToCellName(col, row)
		return c
	}
	// Title and note.
	check(f.SetCellValue(name, "A1", title))
	check(f.SetCellStyle(name, "A1", "A1", b.section))
	lastCol := cell(len(cols), 2)
	if note != "" {
		check(f.SetCellValue(name, "A2", note))
		check(f.MergeCell(name, "A2", lastCol))
		check(f.SetCellStyle(name, "A2", lastCol, b.wrap))
	}
	// The table.
	tableWidth, wrapHeader := 0.0, false
	for k, c := range cols {
		w := colWidth(c)
		tableWidth += w
		wrapHeader = wrapHeader || textWidth(c.header)+2 > w
		col, _ := excelize.ColumnNumberToName(k + 1)
		check(f.SetColWidth(name, col, col, w))
		check(f.SetCellValue(name, cell(k+1, headerRow), c.header))
	}
	check(f.SetCellStyle(name, cell(1, headerRow), cell(len(cols), headerRow), b.header))
	if wrapHeader {
		check(f.SetRowHeight(name, headerRow, 30))
	}
	if note != "" {
		// The note wraps within the table's width: about one line per
		// table width of text, at 15 points a line.
		lines := math.Ceil(textWidth(note) * 1.1 / tableWidth)
		check(f.SetRowHeight(name, 2, 15*max(lines, 1)+2))
	}
	first, last := headerRow+1, headerRow+len(stats)
	ranked := 0
	for k, st := range stats {
		if st.Nominal > 0 {
			ranked++
		}
		vals := []any{rankValue(st.Nominal), string(st.Unit), numValue(st.Score), numValue(st.Median), numValue(st.Mean),
			numValue(st.Q5), numValue(st.Q95), numValue(st.Q95 - st.Q5), numValue(st.ScoreQ5), numValue(st.ScoreQ95)}
		check(f.SetSheetRow(name, cell(1, first+k), &vals))
	}
	if len(errs) > 0 {
		return errs[0]
	}
	if len(stats) > 0 {
		for k, c := range cols {
			if c.style != 0 {
				if err := f.SetCellStyle(name, cell(k+1, first), cell(k+1, last), c.style); err != nil {
					return err
				}
			}
		}
		// Narrow intervals green, wide ones red.
		if err := f.SetConditionalFormat(name, fmt.Sprintf("H%d:H%d", first, last), []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=",
			MinType: "min", MidType: "percentile", MidValue: "50", MaxType: "max",
			MinColor: "#63BE7B", MidColor: "#FFEB84", MaxColor: "#F8696B",
		}}); err != nil {
			return err
		}
	}
	if err := f.AutoFilter(name, fmt.Sprintf("A%d:%s", headerRow, cell(len(cols), max(last, headerRow))), nil); err != nil {
		return err
	}
	// AutoFilter replaces the sheet's properties: fit to the page again.
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	// The Sobol indices, beside the table.
	// The row of the next object on the right: clear of the header row,
	// which repeats on every printed page with any chart edge it touches.
	next := headerRow + 2
	right := len(cols) + 2
	if saltelli && len(a.Sobol) > 0 {
		if err := b.sobolTable(name, right, headerRow); err != nil {
			return err
		}
		next = headerRow + len(a.Sobol) + 2
	}
	if ranked == 0 {
		return nil
	}
	drawn := ranked
	top := ""
	if ranked > chartAllUnits {
		drawn = chartTopUnits
		top = g.t(uChartTop, drawn, ranked)
	}
	chartTitle := g.t(uChart, top, yearSuffix(g, a.Year))
	if err := b.rankChart(name, cell(right, next), chartTitle, first, first+drawn-1, drawn); err != nil {
		return err
	}
	if saltelli && len(a.Sobol) > 0 {
		return b.sobolChart(name, cell(right, next+chartHeight/17+3), right, headerRow)
	}
	return nil
}

// rankChart draws the rank intervals of the table rows from to to (n
// units): a stacked column of an invisible segment up to the 5 % rank and
// a visible one from there to the 95 % rank, with the nominal rank as a
// marker, rank 1 at the top.
func (b *book) rankChart(sheet, anchor, title string, from, to, n int) error {
	rng := func(col string) string {
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sheet), col, from, col, to)
	}
	header := func(col string) string { return fmt.Sprintf("%s!$%s$%d", quoteSheet(sheet), col, from-1) }
	axisFont := excelize.Font{Color: "404040", Size: 9}
	rankFmt := excelize.ChartNumFmt{CustomNumFmt: "0"}
	xAxis := excelize.ChartAxis{Font: axisFont, TickLabelPosition: excelize.ChartTickLabelHigh}
	if n > 20 {
		xAxis.Alignment = excelize.Alignment{TextRotation: -90}
	}
	yAxis := excelize.ChartAxis{ReverseOrder: true, MajorGridLines: true, Font: axisFont, NumFmt: rankFmt,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: b.g.t(hRank), Font: &excelize.Font{Size: 9, Color: "404040"}}}}}
	width := uint(min(max(chartWidth, 160+18*n), 1400))
	gap := uint(40)
	noVary := false
	bars := &excelize.Chart{
		Type:       excelize.ColStacked,
		VaryColors: &noVary,
		Series: []excelize.ChartSeries{
			{Name: header("F"), Categories: rng("B"), Values: rng("F"), Fill: excelize.Fill{Type: "pattern"}},
			{Name: header("H"), Categories: rng("B"), Values: rng("H"), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"9DC3E6"}}},
		},
		GapWidth:  &gap,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		XAxis:     xAxis,
		YAxis:     yAxis,
		Dimension: excelize.ChartDimension{Width: width, Height: chartHeight},
		Format:    excelize.GraphicOptions{AltText: title},
	}
	// The combined chart shares the axes, and writes them: the same
	// options.
	dots := &excelize.Chart{
		Type: excelize.Line,
		Series: []excelize.ChartSeries{{
			Name: header("A"), Categories: rng("B"), Values: rng("A"),
			Line:   excelize.LineOptions{Type: excelize.LineNone},
			Marker: excelize.ChartMarker{Symbol: "diamond", Size: 7, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}}},
		}},
		XAxis: xAxis,
		YAxis: yAxis,
	}
	return b.f.AddChart(sheet, anchor, bars, dots)
}

// sobolTable writes the Sobol indices of the analysis from column col,
// its header on row header: input, Si, STi and their 5 % and 95 %
// bootstrap bounds.
func (b *book) sobolTable(sheet string, col, header int) error {
	g, f, a := b.g, b.f, b.o.Uncertainty
	heads := []string{g.t(hInput), g.t(hSi), g.t(hSTi), g.t(hSiQ5), g.t(hSiQ95), g.t(hSTiQ5), g.t(hSTiQ95)}
	wName := 0.0
	for _, s := range a.Sobol {
		wName = max(wName, textWidth(inputName(g, s.Input)))
	}
	cell := func(c, r int) string {
		name, _ := excelize.CoordinatesToCellName(c, r)
		return name
	}
	for k, h := range heads {
		c := column{header: h}
		if k == 0 {
			c.width = wName
		}
		name, _ := excelize.ColumnNumberToName(col + k)
		if err := f.SetColWidth(sheet, name, name, colWidth(c)); err != nil {
			return err
		}
		if err := f.SetCellValue(sheet, cell(col+k, header), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, cell(col, header), cell(col+len(heads)-1, header), b.header); err != nil {
		return err
	}
	// The gap column between the two tables.
	gap, _ := excelize.ColumnNumberToName(col - 1)
	if err := f.SetColWidth(sheet, gap, gap, 3); err != nil {
		return err
	}
	for k, s := range a.Sobol {
		vals := []any{inputName(g, s.Input), numValue(s.Si), numValue(s.STi), numValue(s.SiQ5), numValue(s.SiQ95),
			numValue(s.STiQ5), numValue(s.STiQ95)}
		if err := f.SetSheetRow(sheet, cell(col, header+1+k), &vals); err != nil {
			return err
		}
	}
	return f.SetCellStyle(sheet, cell(col+1, header+1), cell(col+len(heads)-1, header+len(a.Sobol)), b.index)
}

// sobolChart draws the first-order and total index of each input, from
// the table sobolTable wrote at column col, header row header.
func (b *book) sobolChart(sheet, anchor string, col, header int) error {
	a := b.o.Uncertainty
	ref := func(c, r int) string {
		name, _ := excelize.ColumnNumberToName(c)
		return fmt.Sprintf("%s!$%s$%d", quoteSheet(sheet), name, r)
	}
	rng := func(c int) string {
		name, _ := excelize.ColumnNumberToName(c)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(sheet), name, header+1, name, header+len(a.Sobol))
	}
	axisFont := excelize.Font{Color: "404040", Size: 9}
	title := b.g.t(uSobolChart, yearSuffix(b.g, a.Year))
	noVary := false
	return b.f.AddChart(sheet, anchor, &excelize.Chart{
		Type:       excelize.Col,
		VaryColors: &noVary,
		Series: []excelize.ChartSeries{
			{Name: ref(col+1, header), Categories: rng(col), Values: rng(col + 1), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"9DC3E6"}}},
			{Name: ref(col+2, header), Categories: rng(col), Values: rng(col + 2), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2E75B6"}}},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Font: axisFont, TickLabelPosition: excelize.ChartTickLabelLow},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0.00"}},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:    excelize.GraphicOptions{AltText: title},
	})
}
