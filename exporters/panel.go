package exporters

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// WriteProcessedCSV writes the indicator values after imputation and
// treatment, before normalisation:
//
//	unit,year,<indicator ids>
//
// one row per unit and year (sorted by year, then rank), numbers in the
// shortest form that reads back, missing values empty.
func WriteProcessedCSV(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	inds := r.Schema.Indicators()
	cw := csv.NewWriter(w)
	rec := []string{"unit", "year"}
	for _, i := range inds {
		rec = append(rec, r.Schema.Nodes[i].ID)
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, uy := range byRank(r, false) {
		y := r.Years[uy.y]
		rec = append(rec[:0], string(y.Units[uy.u]), formatYear(y.Year))
		for _, i := range inds {
			rec = append(rec, formatFloat(y.Processed[i][uy.u]))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// multiYear reports whether r holds more than one year.
func multiYear(r *scoring.Result) bool { return len(r.Years) > 1 }

// hasTargets reports whether any year carries a target analysis.
func hasTargets(r *scoring.Result) bool {
	for _, y := range r.Years {
		if y.Targets != nil {
			return true
		}
	}
	return false
}

// trendUnits returns the positions in the latest year of the units whose
// index the Trends chart draws: o.TrendUnits when given, else the top ten.
func (b *book) trendUnits(y *scoring.YearResult) []int {
	if len(b.o.TrendUnits) == 0 {
		return top(y, topTrend)
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
	for _, u := range top(last, len(last.Units)) {
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
	anchor, _ := excelize.CoordinatesToCellName(len(header)+2, 2)
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

// dashboard writes the Dashboard sheet of the latest year, in the style of
// the SDG dashboards: a row per unit, a column per goal with targets (its
// roll-up rating) and per indicator with a target; each cell shows the
// achievement toward the target with the trend arrow, coloured green,
// yellow, orange or red; then the legend.
func (b *book) dashboard() error {
	g, r := b.g, b.r
	s := r.Schema
	y := r.Years[latest(r)]
	var goals, inds []int
	for _, gi := range s.ByLevel(dataset.LevelGoal) {
		if y.Goals != nil && y.Goals[gi] != nil {
			goals = append(goals, gi)
		}
	}
	for _, i := range s.Indicators() {
		if y.Targets != nil && y.Targets[i] != nil {
			inds = append(inds, i)
		}
	}
	cols := []column{{header: g.t(hRank), style: b.rank}, {header: g.t(hUnit), width: b.unitWidth()}}
	for _, gi := range goals {
		cols = append(cols, column{header: b.name(gi), width: 10})
	}
	for _, i := range inds {
		ta := y.Targets[i]
		h := fmt.Sprintf("%s (%s %v, %d)", b.name(i), g.t(hTarget), ta.Target, ta.TargetYear)
		cols = append(cols, column{header: h, width: 12})
	}
	t, err := b.stream(g.t(sheetDashboard), cols, 2)
	if err != nil {
		return err
	}
	cell := func(a float64, rating scoring.Rating, trend scoring.TrendClass) any {
		if math.IsNaN(a) {
			return nil
		}
		text := fmt.Sprintf("%.0f%%", 100*a)
		if trend != scoring.NoTrend {
			text += " " + trend.Arrow()
		}
		return excelize.Cell{StyleID: b.ratingStyle(rating), Value: text}
	}
	for _, u := range top(y, len(y.Units)) {
		vals := []any{rankValue(y.Ranks[0][u]), string(y.Units[u])}
		for _, gi := range goals {
			st := y.Goals[gi][u]
			vals = append(vals, cell(st.Achievement, st.Rating, st.Trend))
		}
		for _, i := range inds {
			ta := y.Targets[i]
			vals = append(vals, cell(ta.Achievement[u], ta.Rating[u], ta.Trend[u]))
		}
		if err := t.add(vals); err != nil {
			return err
		}
	}
	last := t.row
	cuts := r.Options.Targets.Cuts
	if cuts == (scoring.RatingCuts{}) {
		cuts = scoring.DefaultRatingCuts()
	}
	if err := t.section(g.t(dLegend)); err != nil {
		return err
	}
	for _, l := range []struct {
		rating scoring.Rating
		text   string
	}{
		{scoring.Green, g.t(dGreen, 100*cuts.Green)},
		{scoring.Yellow, g.t(dYellow, 100*cuts.Yellow, 100*cuts.Green)},
		{scoring.Orange, g.t(dOrange, 100*cuts.Orange, 100*cuts.Yellow)},
		{scoring.Red, g.t(dRed, 100*cuts.Orange)},
	} {
		if err := t.add([]any{nil, excelize.Cell{StyleID: b.ratingStyle(l.rating), Value: l.rating.Label(string(g))}, l.text}); err != nil {
			return err
		}
	}
	for _, c := range []scoring.TrendClass{scoring.OnTrack, scoring.ModeratelyImproving, scoring.Stagnating, scoring.Decreasing} {
		if err := t.add([]any{nil, c.Arrow(), c.Label(string(g))}); err != nil {
			return err
		}
	}
	if err := t.add([]any{nil, nil, g.t(dMethod)}); err != nil {
		return err
	}
	if err := t.filter(last); err != nil {
		return err
	}
	return t.flush()
}

// ratingStyle returns the fill of a rating's cells.
func (b *book) ratingStyle(r scoring.Rating) int {
	if int(r) >= 0 && int(r) < len(b.ratings) {
		return b.ratings[r]
	}
	return 0
}
