package exporters

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/internal/csvsafe"
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
	cw := csvsafe.NewWriter(w, o.RawCSV)
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
	k := latest(r)
	y := r.Years[k]
	present := dataPresent(r)[k]
	// Columns only for what has data that year: a goal with a rated unit,
	// an indicator with a target and a value.
	var goals, inds []int
	for _, gi := range s.ByLevel(dataset.LevelGoal) {
		if y.Goals != nil && y.Goals[gi] != nil && slices.ContainsFunc(y.Goals[gi], func(st composite.GoalStatus) bool { return st.Rated > 0 }) {
			goals = append(goals, gi)
		}
	}
	for _, i := range s.Indicators() {
		if y.Targets != nil && y.Targets[i] != nil && present[i] {
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
	cell := func(a float64, rating composite.Rating, trend composite.TrendClass) any {
		if math.IsNaN(a) {
			return nil
		}
		text := fmt.Sprintf("%.0f%%", 100*a)
		if trend != composite.TrendNone {
			text += " " + trend.Arrow()
		}
		return excelize.Cell{StyleID: b.ratingStyle(rating), Value: text}
	}
	for _, u := range y.Top(len(y.Units)) {
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
	if cuts == (composite.RatingCuts{}) {
		cuts = composite.DefaultRatingCuts()
	}
	if err := t.section(g.t(dLegend)); err != nil {
		return err
	}
	for _, l := range []struct {
		rating composite.Rating
		text   string
	}{
		{composite.RatingGreen, g.t(dGreen, 100*cuts.Green)},
		{composite.RatingYellow, g.t(dYellow, 100*cuts.Yellow, 100*cuts.Green)},
		{composite.RatingOrange, g.t(dOrange, 100*cuts.Orange, 100*cuts.Yellow)},
		{composite.RatingRed, g.t(dRed, 100*cuts.Orange)},
	} {
		if err := t.add([]any{nil, excelize.Cell{StyleID: b.ratingStyle(l.rating), Value: l.rating.Label(string(g))}, l.text}); err != nil {
			return err
		}
	}
	for _, c := range []composite.TrendClass{composite.TrendOnTrack, composite.TrendModeratelyImproving, composite.TrendStagnating, composite.TrendDecreasing} {
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
func (b *book) ratingStyle(r composite.Rating) int {
	if int(r) >= 0 && int(r) < len(b.ratings) {
		return b.ratings[r]
	}
	return 0
}

// WriteChangesCSV writes what changed in a panel, one row per unit, year
// and node (the index, every goal, dimension and indicator):
//
//	unit,year,node,level,value,score,rank,score_change,rank_change,cagr
//
// value is an indicator's value after imputation and treatment (empty for
// aggregates); score its normalised value or an aggregate's score;
// score_change and rank_change the change since the unit's previous year in
// the result (aggregates only; rank change > 0: moved up); cagr an
// indicator's compound annual growth rate from the unit's first year with a
// value to this one. Rows are sorted by year, then the rank of the index;
// an indicator without a single value in a year has no rows that year.
func WriteChangesCSV(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	s := r.Schema
	cw := csvsafe.NewWriter(w, o.RawCSV)
	if err := cw.Write([]string{"unit", "year", "node", "level", "value", "score", "rank", "score_change", "rank_change", "cagr"}); err != nil {
		return err
	}
	at := func(m [][]float64, i, u int) string {
		if m == nil || m[i] == nil {
			return ""
		}
		return formatFloat(m[i][u])
	}
	rec := make([]string, 0, 10)
	present := dataPresent(r)
	for _, uy := range byRank(r, false) {
		y, u := r.Years[uy.y], uy.u
		for i, n := range s.Nodes {
			if n.Level == dataset.LevelIndicator && !present[uy.y][i] {
				continue
			}
			rec = append(rec[:0], string(y.Units[u]), formatYear(y.Year), n.ID, n.Level.String())
			if n.Level == dataset.LevelIndicator {
				rec = append(rec, formatFloat(y.Processed[i][u]))
			} else {
				rec = append(rec, "")
			}
			rec = append(rec, formatFloat(y.Scores[i][u]), formatRank(y.Ranks[i][u]),
				at(y.ScoreChange, i, u), at(y.RankChange, i, u), at(y.CAGR, i, u))
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTargetsCSV writes the standing of every unit against the targets,
// one row per unit, year and indicator with a target, then one per goal
// with a roll-up:
//
//	unit,year,node,level,value,target_year,target,achievement,rating,trend,rate,needed
//
// achievement is the share of the way from the panel's worst value to the
// target (0–1); rating the colour (green, yellow, orange, red, unrated);
// trend the class (on_track, moderately_improving, stagnating, decreasing,
// none); rate and needed the observed and the needed annual change toward
// the target. A goal's row gives its rolled-up achievement, rating and
// trend. An indicator without a single value in a year, and a goal none of
// whose units is rated that year, have no rows that year. It is an error
// when the result has no targets.
func WriteTargetsCSV(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	if err := CheckTargets(r); err != nil {
		return err
	}
	s := r.Schema
	goals := s.ByLevel(dataset.LevelGoal)
	cw := csvsafe.NewWriter(w, o.RawCSV)
	if err := cw.Write([]string{"unit", "year", "node", "level", "value", "target_year", "target",
		"achievement", "rating", "trend", "rate", "needed"}); err != nil {
		return err
	}
	rec := make([]string, 0, 12)
	present := dataPresent(r)
	rated := make([]map[int]bool, len(r.Years)) // goals with a rated unit, per year
	for k, y := range r.Years {
		rated[k] = map[int]bool{}
		for _, g := range goals {
			if y.Goals != nil && y.Goals[g] != nil {
				rated[k][g] = slices.ContainsFunc(y.Goals[g], func(st composite.GoalStatus) bool { return st.Rated > 0 })
			}
		}
	}
	for _, uy := range byRank(r, false) {
		y, u := r.Years[uy.y], uy.u
		unit, year := string(y.Units[u]), formatYear(y.Year)
		for _, t := range y.Targets {
			if t == nil || !present[uy.y][t.Node] {
				continue
			}
			rec = append(rec[:0], unit, year, s.Nodes[t.Node].ID, dataset.LevelIndicator.String(),
				formatFloat(y.Processed[t.Node][u]), formatYear(t.TargetYear), formatFloat(t.Target),
				formatFloat(t.Achievement[u]), t.Rating[u].String(), t.Trend[u].String(),
				formatFloat(t.Rate[u]), formatFloat(t.Needed[u]))
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		for _, g := range goals {
			if !rated[uy.y][g] {
				continue
			}
			st := y.Goals[g][u]
			rec = append(rec[:0], unit, year, s.Nodes[g].ID, dataset.LevelGoal.String(), "", "", "",
				formatFloat(st.Achievement), st.Rating.String(), st.Trend.String(), "", "")
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// dataPresent reports, per year of r and node, whether an indicator has at
// least one value after imputation and treatment that year.
// CheckTargets returns an error when the targets CSV would have no row: no
// indicator has a target, or none of those that have one has data.
func CheckTargets(r *scoring.Result) error {
	if !r.HasTargets() {
		return errors.New("no indicator has a target: add targets to the framework or targets.values to the profile")
	}
	present := dataPresent(r)
	var ids []string
	for k, y := range r.Years {
		for _, t := range y.Targets {
			if t == nil {
				continue
			}
			if present[k][t.Node] {
				return nil
			}
			if id := r.Schema.Nodes[t.Node].ID; !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return fmt.Errorf("none of the %d indicators with a target (%s) has data: give their data, or targets.values for indicators that have data", len(ids), strings.Join(ids, ", "))
}

func dataPresent(r *scoring.Result) [][]bool {
	out := make([][]bool, len(r.Years))
	for k, y := range r.Years {
		out[k] = make([]bool, len(r.Schema.Nodes))
		for _, i := range r.Schema.Indicators() {
			out[k][i] = slices.ContainsFunc(y.Processed[i], func(v float64) bool { return !math.IsNaN(v) })
		}
	}
	return out
}
