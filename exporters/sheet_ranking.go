package exporters

// The Ranking sheet (排名) of the workbook.

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// goalScoreHeader is the Ranking sheet's header over the scores of goal i:
// its name, how many of its indicators most units have in the latest year
// (of all its indicators), and the thin mark: "韧性得分（1/8 项指标，测度不足）".
func (b *book) goalScoreHeader(i int) string {
	y := b.r.Years[Latest(b.r)]
	if y.Measured == nil {
		return b.g.t(hGoalScore, b.scoreName(i))
	}
	l := hGoalScoreOf
	if thinAnyYear(b.r, i) {
		l = hGoalScoreThin
	}
	return b.g.t(l, b.name(i), y.Measured[i], len(b.r.Schema.Leaves(i)))
}

// ranking writes the Ranking sheet: the latest year's rows.
func (b *book) ranking() error { return b.rankingOf(b.g.t(sheetRanking), true) }

// earlier writes the Earlier years sheet (历年排名): the rows of the years
// before the latest, so that the Ranking sheet prints on a few pages.
func (b *book) earlier() error { return b.rankingOf(b.g.t(sheetEarlier), false) }

// rankingOf writes a ranking sheet of the latest year (latestYear) or of
// the earlier years: rank, unit, year, index score (with an uncertainty
// analysis, the rank range of the year analysed), score and rank of every
// goal, coverage and ranking status, latest year first. Within a year the
// ranked units come first; the units the coverage rule leaves unranked
// follow, with 「数据不足，未排名」 and the goals that fall short, then the
// units without a score.
func (b *book) rankingOf(name string, latestYear bool) error {
	g, r := b.g, b.r
	goals := r.Schema.ByLevel(dataset.LevelGoal)
	cols := []column{
		{header: g.t(hRank), style: b.rank},
		{header: g.t(hUnit), width: b.unitWidth()},
		{header: g.t(hYear), style: b.integer},
		{header: g.t(hIndex), style: b.score},
	}
	if b.ua != nil {
		// The 5–95 % interval of the index rank, "4–10", after the index.
		cols = append(cols, column{header: g.t(hRankRange), width: b.ua.width, style: b.rank})
	}
	graded := r.Options.Grades != nil
	if graded {
		cols = append(cols, column{header: g.t(hGrade), width: b.gradeWidth(), style: b.rank})
	}
	for _, i := range goals {
		cols = append(cols,
			column{header: b.goalScoreHeader(i), style: b.score},
			column{header: g.t(hGoalRank, b.name(i)), style: b.rank})
	}
	cols = append(cols, column{header: g.t(hCoverage), style: b.pct})
	changes := multiYear(r)
	if changes {
		cols = append(cols, column{header: g.t(hScoreChange), style: b.score}, column{header: g.t(hRankChange), style: b.integer})
	}
	excluded, short := false, false
	for _, y := range r.Years {
		excluded = excluded || y.Excluded != nil
		for _, st := range y.Status {
			short = short || len(st.Short) > 0
		}
	}
	cols = append(cols, column{header: g.t(hStatus), width: widest(g.t(stRanked), g.t(stNotRanked), g.t(stNoScore))})
	if short {
		cols = append(cols, column{header: g.t(hShort), width: 40})
	}
	if excluded {
		cols = append(cols, column{header: g.t(hNoteExcluded), width: 50})
	}
	// The peer groups of each unit, then its ranks within them.
	for _, gr := range b.o.Groups {
		w := textWidth(gr.Label.In(string(g)))
		for _, v := range gr.Of {
			w = max(w, textWidth(v))
		}
		cols = append(cols, column{header: gr.Label.In(string(g)), width: w + 2})
	}
	for _, gr := range b.o.Groups {
		if gr.Ranked {
			cols = append(cols, column{header: g.t(hRankIn, gr.Label.In(string(g))), style: b.rank})
		}
	}
	cache := yearGroupRanks{}
	t, err := b.stream(name, cols, 2)
	if err != nil {
		return err
	}
	last := Latest(r)
	var units []unitYear
	for _, uy := range byRank(r, true) {
		if (uy.y == last) == latestYear {
			units = append(units, uy)
		}
	}
	for _, y := range r.Years {
		cache.of(y, b.o.Groups) // before the rows, written on every core
	}
	err = addRows(t, len(units), func() *[]any { return new([]any) }, func(rb *rowBuilder, i, _ int, row *[]any) {
		uy := units[i]
		y, u := r.Years[uy.y], uy.u
		st := StatusOf(y, u)
		vals := append((*row)[:0], rankValue(y.Ranks[0][u]), string(y.Units[u]), yearValue(y.Year), numValue(y.Scores[0][u]))
		if b.ua != nil {
			vals = append(vals, b.ua.rangeCell(y.Year, y.Units[u]))
		}
		if graded {
			vals = append(vals, strOrNil(b.gradeLabel(y, 0, u)))
		}
		for _, i := range goals {
			vals = append(vals, numValue(y.Scores[i][u]), rankValue(y.Ranks[i][u]))
		}
		vals = append(vals, numValue(st.Coverage))
		if changes {
			if y.ScoreChange != nil {
				vals = append(vals, numValue(y.ScoreChange[0][u]), numValue(y.RankChange[0][u]))
			} else {
				vals = append(vals, nil, nil)
			}
		}
		vals = append(vals, b.statusCell(st))
		if short {
			vals = append(vals, strOrNil(b.shortText(st)))
		}
		if excluded {
			var why any
			if y.Excluded != nil && y.Excluded[u].En != "" {
				why = y.Excluded[u].In(string(b.g))
			}
			vals = append(vals, why)
		}
		for _, gr := range b.o.Groups {
			vals = append(vals, strOrNil(gr.Of[y.Units[u]]))
		}
		granks := cache[y]
		for k, gr := range b.o.Groups {
			if gr.Ranked {
				vals = append(vals, rankValue(granks[k][u]))
			}
		}
		rb.values(vals)
		*row = vals
	}, nil)
	if err != nil {
		return err
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	if err := t.colorScale(3, t.row); err != nil {
		return err
	}
	first := 4 // the column of the first goal score
	if b.ua != nil {
		first++
	}
	if graded {
		first++
	}
	for k := range goals {
		if err := t.colorScale(first+2*k, t.row); err != nil {
			return err
		}
	}
	return t.flush()
}

// statusCell returns the ranking status of a unit as a cell: plain when
// ranked, grey otherwise.
func (b *book) statusCell(st scoring.UnitStatus) any {
	switch {
	case st.Ranked:
		return b.g.t(stRanked)
	case st.NoScore:
		return excelize.Cell{StyleID: b.unranked, Value: b.g.t(stNoScore)}
	}
	return excelize.Cell{StyleID: b.unranked, Value: b.g.t(stNotRanked)}
}

// shortText lists the goals where a unit's data fall short of the rule:
// "宜居 1/4（需 2）；韧性 0/1（需 1）".
func (b *book) shortText(st scoring.UnitStatus) string {
	sep := "；"
	if b.g == "en" {
		sep = "; "
	}
	var parts []string
	for _, sh := range st.Short {
		name := b.name(sh.Node)
		if sh.Node == 0 {
			name = b.g.t(hIndex)
		}
		parts = append(parts, b.g.t(shortItem, name, sh.Have, sh.Counted, sh.Need))
	}
	return strings.Join(parts, sep)
}

// ruleText describes the coverage rule of ranking in language g.
func ruleText(g lang, rule scoring.RankRule) string {
	switch rule.By {
	case scoring.RuleGoal:
		return g.t(ruleGoal, 100*rule.Min, 100*rule.Common)
	case scoring.RuleIndex:
		return g.t(ruleIndex, 100*rule.Min, 100*rule.Common)
	}
	return g.t(ruleNone)
}

// gradeLabel returns the grade of unit u at node i in year y in the
// workbook's language, "" when it has none.
func (b *book) gradeLabel(y *scoring.YearResult, i, u int) string {
	for _, ng := range y.Grades {
		if ng.Node == i {
			return b.r.Options.Grades.Label(int(ng.Grade[u]), string(b.g))
		}
	}
	return ""
}

// gradeWidth is the width of a grade column: its header or its longest
// label.
func (b *book) gradeWidth() float64 {
	w := textWidth(b.g.t(hGrade))
	gs := b.r.Options.Grades
	for k := 1; k <= 10; k++ {
		if l := gs.Label(k, string(b.g)); l != "" {
			w = max(w, textWidth(l))
		}
	}
	return w + 2
}
