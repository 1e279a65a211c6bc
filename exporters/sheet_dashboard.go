package exporters

// The Dashboard sheet (目标仪表盘) of the workbook.

import (
	"fmt"
	"math"
	"slices"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// dashboard writes the Dashboard sheet of the latest year, in the style of
// the SDG dashboards: a row per unit, a column per goal with targets (its
// roll-up rating) and per indicator with a target; each cell shows the
// achievement toward the target with the trend arrow, coloured green,
// yellow, orange or red; then the legend.
func (b *book) dashboard() error {
	g, r := b.g, b.r
	s := r.Schema
	k := Latest(r)
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
		h := g.t(hTarget, b.name(i), withUnit(shortNumber(ta.Target), b.unitOf(i)), ta.TargetYear)
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
