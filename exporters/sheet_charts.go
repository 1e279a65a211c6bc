package exporters

// The Charts sheet (图表) of the workbook.

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
)

// Chart sizes, in pixels.
const (
	chartWidth  = 640
	chartHeight = 440
	topBar      = 20 // units in the bar chart
	topRadar    = 5  // units in the radar chart
)

// charts writes the Charts sheet: the data of the latest year's top units
// in two small tables, a bar chart of their index and a radar chart of the
// goal scores of the top five.
func (b *book) charts() error {
	g, r, f := b.g, b.r, b.f
	name := g.t(sheetCharts)
	if err := b.newSheet(name, true); err != nil {
		return err
	}
	if err := f.SetPanes(name, frozen(0)); err != nil {
		return err
	}
	li := Latest(r)
	if li < 0 {
		return nil
	}
	y := r.Years[li]
	units := y.Top(topBar)
	goals := r.Schema.ByLevel(dataset.LevelGoal)
	set := func(col, row int, v any, style int) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(name, cell, v); err != nil {
			return err
		}
		if style != 0 {
			return f.SetCellStyle(name, cell, cell, style)
		}
		return nil
	}
	// Table 1 (A:C): rank, unit, index of the top units.
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	check(set(1, 1, g.t(hRank), b.header))
	check(set(2, 1, g.t(hUnit), b.header))
	check(set(3, 1, g.t(cIndex), b.header))
	for k, u := range units {
		check(set(1, k+2, int(y.Ranks[0][u]), b.rank))
		check(set(2, k+2, string(y.Units[u]), 0))
		check(set(3, k+2, y.Scores[0][u], b.score))
	}
	// Table 2 (E:…): goal scores of the top five, a column per unit; a goal
	// none of them has a score for takes no axis of the radar.
	radar := units[:min(topRadar, len(units))]
	goals = slices.DeleteFunc(slices.Clone(goals), func(i int) bool {
		return !slices.ContainsFunc(radar, func(u int) bool { return finite(y.Scores[i][u]) })
	})
	check(set(5, 1, g.t(cGoalAxis), b.header))
	for k, u := range radar {
		check(set(6+k, 1, string(y.Units[u]), b.header))
	}
	wGoal := textWidth(g.t(cGoalAxis))
	for j, i := range goals {
		check(set(5, j+2, b.scoreName(i), 0))
		wGoal = max(wGoal, textWidth(b.scoreName(i)))
		for k, u := range radar {
			if v := y.Scores[i][u]; finite(v) {
				check(set(6+k, j+2, v, b.score))
			}
		}
	}
	if len(errs) > 0 {
		return errs[0]
	}
	uw := b.unitWidth()
	for _, c := range []struct {
		from, to string
		w        float64
	}{{"A", "A", 6}, {"B", "B", uw + 2}, {"C", "C", 10}, {"D", "D", 3}, {"E", "E", min(wGoal, maxUnitWidth) + 2}, {"F", "J", max(uw+2, 10)}} {
		if err := f.SetColWidth(name, c.from, c.to, c.w); err != nil {
			return err
		}
	}
	if len(units) == 0 {
		return nil
	}
	ref := func(col, row int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("%s!$%s$%d", quoteSheet(name), c, row)
	}
	rng := func(col, from, to int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(name), c, from, c, to)
	}
	last := len(units) + 1
	noVary := false
	axisFont := excelize.Font{Color: "404040", Size: 9}
	if err := f.AddChart(name, "L3", &excelize.Chart{
		Type:       excelize.Bar,
		VaryColors: &noVary,
		Series:     []excelize.ChartSeries{{Name: ref(3, 1), Categories: rng(2, 2, last), Values: rng(3, 2, last)}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: g.t(cTop, len(units), yearSuffix(g, y.Year))}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		Dimension:  excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:     excelize.GraphicOptions{AltText: g.t(cTop, len(units), yearSuffix(g, y.Year))},
	}); err != nil {
		return err
	}
	if len(goals) == 0 {
		return nil
	}
	var series []excelize.ChartSeries
	for k := range radar {
		series = append(series, excelize.ChartSeries{
			Name: ref(6+k, 1), Categories: rng(5, 2, len(goals)+1), Values: rng(6+k, 2, len(goals)+1),
		})
	}
	return f.AddChart(name, "L34", &excelize.Chart{
		Type:      excelize.Radar,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: g.t(cRadar, len(radar), yearSuffix(g, y.Year))}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:    excelize.GraphicOptions{AltText: g.t(cRadar, len(radar), yearSuffix(g, y.Year))},
	})
}
