package exporters

// The Trends sheet (趋势) of the workbook.

import (
	"fmt"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// trendUnits returns the positions in the latest year of the units whose
// index the Trends chart draws: o.TrendUnits when given, else the top ten.
func (b *book) trendUnits(y *scoring.YearResult) []int {
	if len(b.o.TrendUnits) == 0 {
		return y.Top(topTrend)
	}
	var out []int
	for _, id := range b.o.TrendUnits {
		if u, ok := y.Unit(id); ok {
			out = append(out, u)
		}
	}
	return out
}

const topTrend = 10

// trends writes the Trends sheet: the index of every unit in every year
// (units in the order of the latest ranking), the latest score and rank
// changes, and a line chart of the selected units' index over the years.
func (b *book) trends() error {
	g, r, f := b.g, b.r, b.f
	name := g.t(sheetTrends)
	if err := b.newSheet(name, false); err != nil {
		return err
	}
	if err := f.SetPanes(name, frozen(2)); err != nil {
		return err
	}
	years := make([]*scoring.YearResult, len(r.Years))
	copy(years, r.Years)
	slices.SortFunc(years, func(a, c *scoring.YearResult) int { return a.Year - c.Year })
	last := years[len(years)-1]
	header := []any{g.t(hRank), g.t(hUnit)}
	for _, y := range years {
		header = append(header, excelize.Cell{StyleID: b.header, Value: y.Year})
	}
	header = append(header, g.t(hScoreChange), g.t(hRankChange))
	for k, h := range header {
		cell, _ := excelize.CoordinatesToCellName(k+1, 1)
		if c, ok := h.(excelize.Cell); ok {
			h = c.Value
		}
		if err := f.SetCellValue(name, cell, h); err != nil {
			return err
		}
	}
	end, _ := excelize.CoordinatesToCellName(len(header), 1)
	if err := f.SetCellStyle(name, "A1", end, b.header); err != nil {
		return err
	}
	// Units: the latest year's ranking, then those missing from it.
	var units []dataset.UnitID
	seen := map[dataset.UnitID]bool{}
	for _, u := range last.Top(len(last.Units)) {
		units = append(units, last.Units[u])
		seen[last.Units[u]] = true
	}
	for _, y := range years {
		for _, id := range y.Units {
			if !seen[id] {
				units = append(units, id)
				seen[id] = true
			}
		}
	}
	rowOf := map[dataset.UnitID]int{}
	for k, id := range units {
		row := k + 2
		rowOf[id] = row
		vals := []any{nil, string(id)}
		if u, ok := last.Unit(id); ok && last.Ranks[0][u] > 0 {
			vals[0] = int(last.Ranks[0][u])
		}
		for _, y := range years {
			var v any
			if u, ok := y.Unit(id); ok && finite(y.Scores[0][u]) {
				v = y.Scores[0][u]
			}
			vals = append(vals, v)
		}
		var ds, dr any
		if u, ok := last.Unit(id); ok && last.ScoreChange != nil {
			ds, dr = numValue(last.ScoreChange[0][u]), numValue(last.RankChange[0][u])
		}
		vals = append(vals, ds, dr)
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(name, cell, &vals); err != nil {
			return err
		}
	}
	lastRow := len(units) + 1
	firstYear, _ := excelize.ColumnNumberToName(3)
	lastYear, _ := excelize.ColumnNumberToName(2 + len(years))
	change, _ := excelize.ColumnNumberToName(3 + len(years))
	if err := f.SetCellStyle(name, fmt.Sprintf("%s2", firstYear), fmt.Sprintf("%s%d", change, lastRow), b.score); err != nil {
		return err
	}
	if err := f.SetColWidth(name, "B", "B", b.unitWidth()+2); err != nil {
		return err
	}
	if err := f.AutoFilter(name, fmt.Sprintf("A1:%s", end[:len(end)-1]+fmt.Sprint(lastRow)), nil); err != nil {
		return err
	}
	// AutoFilter replaces the sheet's properties: fit to the page again.
	fit := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	chosen := b.trendUnits(last)
	if len(chosen) == 0 {
		return nil
	}
	var series []excelize.ChartSeries
	for _, u := range chosen {
		row := rowOf[last.Units[u]]
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$B$%d", quoteSheet(name), row),
			Categories: fmt.Sprintf("%s!$%s$1:$%s$1", quoteSheet(name), firstYear, lastYear),
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(name), firstYear, row, lastYear, row),
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 5},
		})
	}
	anchor, _ := excelize.CoordinatesToCellName(len(header)+2, 3) // clear of the repeated header row
	title := g.t(tChart, len(chosen))
	return f.AddChart(name, anchor, &excelize.Chart{
		Type:      excelize.Line,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:    excelize.ChartLegend{Position: "right"},
		XAxis:     excelize.ChartAxis{Font: excelize.Font{Color: "404040", Size: 9}},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: excelize.Font{Color: "404040", Size: 9}},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:    excelize.GraphicOptions{AltText: title},
	})
}
