package exporters

// The panel CSVs: processed values, changes and targets.

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

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

// dataPresent reports, per year of r and node, whether an indicator has at
// least one value after imputation and treatment that year.
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
