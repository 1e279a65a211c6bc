package exporters

// The Groups sheet (分组比较): the groups of each grouping compared.

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// groupRow is one group of a grouping in the latest year, over its ranked
// units.
type groupRow struct {
	group         string
	n             int
	med, q25, q75 float64   // of the index score
	goals         []float64 // median score of each goal
}

// hasGroupBlocks reports whether the Groups sheet has a block: a grouping
// other than province (too many groups to compare in a table).
func hasGroupBlocks(gs []Grouping) bool {
	for _, gr := range gs {
		if gr.ID != "province" && len(gr.Of) > 0 {
			return true
		}
	}
	return false
}

// groupRows returns the groups of gr in year y with at least one ranked
// unit, by median index score (best first, then by name). A unit in
// several groups (Grouping.In) is counted in each.
func groupRows(y *scoring.YearResult, goals []int, gr Grouping) []groupRow {
	members := map[string][]int{}
	for u, id := range y.Units {
		if !StatusOf(y, u).Ranked {
			continue
		}
		if in, ok := gr.In[id]; ok {
			for _, grp := range in {
				members[grp] = append(members[grp], u) // counted in each
			}
		} else if grp := gr.Of[id]; grp != "" {
			members[grp] = append(members[grp], u)
		}
	}
	out := make([]groupRow, 0, len(members))
	for grp, us := range members {
		gr := groupRow{group: grp, n: len(us)}
		idx := sortedScores(y.Scores[0], us)
		gr.med = quantile7(idx, 0.5)
		gr.q25, gr.q75 = quantile7(idx, 0.25), quantile7(idx, 0.75)
		for _, i := range goals {
			gr.goals = append(gr.goals, quantile7(sortedScores(y.Scores[i], us), 0.5))
		}
		out = append(out, gr)
	}
	slices.SortFunc(out, func(a, b groupRow) int {
		if c := compareFloat(b.med, a.med); c != 0 && finite(a.med) && finite(b.med) {
			return c
		}
		return cmp.Compare(a.group, b.group)
	})
	return out
}

// sortedScores returns the finite scores of units us, sorted.
func sortedScores(scores []float64, us []int) []float64 {
	x := make([]float64, 0, len(us))
	for _, u := range us {
		if finite(scores[u]) {
			x = append(x, scores[u])
		}
	}
	slices.Sort(x)
	return x
}

// quantile7 is composite.QuantileType7, NaN for no values.
func quantile7(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	return composite.QuantileType7(sorted, p)
}

// groups writes the Groups sheet for the latest year: for each grouping
// but province, a block with its label and note, then one row per group:
// the ranked units, the median index score and its 25–75 % range, and the
// median score of each goal; groups by median index, best first.
func (b *book) groups() error {
	g, r := b.g, b.r
	goals := r.Schema.ByLevel(dataset.LevelGoal)
	li := Latest(r)
	var blocks [][]groupRow
	var gs []Grouping
	wGroup := textWidth(g.t(hGroup))
	for _, gr := range b.o.Groups {
		if gr.ID == "province" || len(gr.Of) == 0 {
			continue
		}
		var rows []groupRow
		if li >= 0 {
			rows = groupRows(r.Years[li], goals, gr)
		}
		for _, row := range rows {
			wGroup = max(wGroup, textWidth(row.group))
		}
		wGroup = max(wGroup, min(textWidth(g.t(mGrouping, gr.Label.In(string(g)))), 30))
		blocks, gs = append(blocks, rows), append(gs, gr)
	}
	cols := []column{
		{header: g.t(hGroup), width: min(wGroup, maxUnitWidth)},
		{header: g.t(hRankedCount), style: b.integer},
		{header: g.t(hMedianIndex), style: b.score2},
		{header: g.t(hIndexQ25), style: b.score2},
		{header: g.t(hIndexQ75), style: b.score2},
	}
	for _, i := range goals {
		cols = append(cols, column{header: g.t(hGoalMedian, b.scoreName(i)), style: b.score2})
	}
	t, err := b.stream(g.t(sheetGroups), cols, 1)
	if err != nil {
		return err
	}
	total := 0.0
	for _, c := range cols {
		total += colWidth(c)
	}
	lastCol, _ := excelize.ColumnNumberToName(len(cols))
	// note writes s on the next row, merged across the table and wrapped.
	note := func(s string) error {
		if err := t.add([]any{excelize.Cell{StyleID: b.note, Value: s}}, excelize.RowOpts{
			Height: ovLineH * math.Max(1, math.Ceil(textWidth(s)/(total-2))),
		}); err != nil {
			return err
		}
		return t.sw.MergeCell("A"+strconv.Itoa(t.local()), lastCol+strconv.Itoa(t.local()))
	}
	vals := make([]any, 0, len(cols))
	for k, gr := range gs {
		if err := t.section(g.t(mGrouping, gr.Label.In(string(g)))); err != nil {
			return err
		}
		if n := gr.Note.In(string(g)); n != "" {
			if err := note(n); err != nil {
				return err
			}
		}
		for _, row := range blocks[k] {
			vals = append(vals[:0], row.group, row.n, numValue(row.med), numValue(row.q25), numValue(row.q75))
			for _, v := range row.goals {
				vals = append(vals, numValue(v))
			}
			if err := t.add(vals); err != nil {
				return err
			}
		}
	}
	t.row++
	if err := note(g.t(gFootnote)); err != nil {
		return err
	}
	return t.flush()
}
