package main

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// printSummary prints the top of the ranking of the latest year and the
// data coverage per goal.
func printSummary(w io.Writer, s *setup, res *scoring.Result, top int, lang string) {
	y := res.Years[len(res.Years)-1]
	goals := s.schema.ByLevel(dataset.LevelGoal)
	ranked, notRanked := rankedUnits(y)
	printHeadline(w, s, res, y, ranked, notRanked, lang)
	if len(notRanked) > 0 {
		printNotRanked(w, s, y, notRanked)
	}
	if top > 0 && ranked+len(notRanked) > 0 {
		printTopTable(w, s, res, y, goals, top)
	}
	printGoalCoverage(w, s, res, y, goals)
	printInputNotes(w, s)
	if y.Coupling != nil {
		printCouplingGrades(w, y.Coupling, lang)
	}
	printDataQuality(w, s, res)
}

// rankedUnits counts the units of y that are ranked and lists those that
// have a score but are not ranked (too little data for the ranking rule).
func rankedUnits(y *scoring.YearResult) (ranked int, notRanked []int) {
	notRanked = []int{}
	for u, st := range y.Status {
		switch {
		case st.Ranked:
			ranked++
		case !st.NoScore:
			notRanked = append(notRanked, u)
		}
	}
	return ranked, notRanked
}

// printHeadline prints the framework, the year and the units scored and
// ranked, then the ranking rule if there is one.
func printHeadline(w io.Writer, s *setup, res *scoring.Result, y *scoring.YearResult, ranked int, notRanked []int, lang string) {
	year := ""
	if y.Year != 0 {
		year = fmt.Sprintf(", %d", y.Year)
	}
	scored := ranked + len(notRanked)
	fmt.Fprintf(w, "%s (%s %s)%s: %d units scored", s.fw.Name.In(lang), s.fw.ID, s.fw.Version, year, scored)
	if len(notRanked) > 0 {
		fmt.Fprintf(w, ", %d ranked, %d not ranked (insufficient data)", ranked, len(notRanked))
	}
	if len(res.Years) > 1 {
		fmt.Fprintf(w, "; %d years, %d–%d", len(res.Years), res.Years[0].Year, y.Year)
	}
	fmt.Fprintln(w)
	if rule := res.Options.Rank; rule.By != scoring.RuleNone {
		fmt.Fprintf(w, "ranking rule (missing.rank_rule): %s\n", rule.Describe())
	}
}

// printNotRanked lists the first units not ranked, each with the nodes
// whose coverage falls short.
func printNotRanked(w io.Writer, s *setup, y *scoring.YearResult, notRanked []int) {
	const shown = 8
	var parts []string
	for _, u := range notRanked[:min(shown, len(notRanked))] {
		var short []string
		for _, sh := range y.Status[u].Short {
			short = append(short, fmt.Sprintf("%s %d/%d, needs %d", s.schema.Nodes[sh.Node].ID, sh.Have, sh.Counted, sh.Need))
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", y.Units[u], strings.Join(short, "; ")))
	}
	if len(notRanked) > shown {
		parts = append(parts, fmt.Sprintf("and %d more (Ranking sheet)", len(notRanked)-shown))
	}
	fmt.Fprintf(w, "not ranked: %s\n", strings.Join(parts, ", "))
}

// printTopTable prints the top units of y with their index and goal
// scores and coverage, between blank lines; thin goals are starred.
func printTopTable(w io.Writer, s *setup, res *scoring.Result, y *scoring.YearResult, goals []int, top int) {
	header := []string{"rank", "unit", "score"}
	for _, g := range goals {
		id := s.schema.Nodes[g].ID
		if y.Thin(g, res.Options.ThinGoal) {
			id += "*"
		}
		header = append(header, id)
	}
	header = append(header, "coverage")
	cov := y.Coverage(0)
	digits := 2
	if maxScore(y) <= 10 {
		digits = 4 // closeness, grades and [0, 1] ranges
	}
	var rows [][]string
	for _, u := range y.Top(top) {
		row := []string{fmt.Sprint(y.Ranks[0][u]), string(y.Units[u]), fmtScore(y.Scores[0][u], digits)}
		for _, g := range goals {
			row = append(row, fmtScore(y.Scores[g][u], digits))
		}
		row = append(row, fmt.Sprintf("%.0f%%", 100*cov[u]))
		rows = append(rows, row)
	}
	fmt.Fprintln(w)
	printTable(w, header, rows)
	fmt.Fprintln(w)
}

// printGoalCoverage prints, per goal, the indicators with data in the
// latest year, then the thinly measured goals.
func printGoalCoverage(w io.Writer, s *setup, res *scoring.Result, y *scoring.YearResult, goals []int) {
	var parts []string
	for _, g := range goals {
		with, total := 0, 0
		for _, i := range s.schema.Leaves(g) {
			total++
			for _, v := range y.Raw[i] {
				if !math.IsNaN(v) {
					with++
					break
				}
			}
		}
		parts = append(parts, fmt.Sprintf("%s %d/%d", s.schema.Nodes[g].ID, with, total))
	}
	fmt.Fprintf(w, "indicators with data: %s\n", strings.Join(parts, ", "))
	var thin []string
	for _, g := range goals {
		if y.Thin(g, res.Options.ThinGoal) {
			thin = append(thin, fmt.Sprintf("%s %d", s.schema.Nodes[g].ID, y.Measured[g]))
		}
	}
	if len(thin) > 0 {
		fmt.Fprintf(w, "* thinly measured goals (fewer than %d indicators that most units have; missing.thin_goal): %s\n",
			res.Options.ThinGoal, strings.Join(thin, ", "))
	}
}

// printInputNotes notes the values derived by the framework's derive
// alternatives and the county-level tables skipped on import.
func printInputNotes(w io.Writer, s *setup) {
	if s.compute != nil && len(s.compute.Derived) > 0 {
		var ds []string
		for _, v := range s.fw.Variables() {
			if n := s.compute.Derived[v.ID]; n > 0 {
				ds = append(ds, fmt.Sprintf("%s %d", v.ID, n))
			}
		}
		fmt.Fprintf(w, "derived values (the framework's derive alternatives, where the primary source has none): %s; each with its formula and cells in the Data quality sheet\n", strings.Join(ds, ", "))
	}
	if s.report != nil && len(s.report.SkippedTables) > 0 {
		var names []string
		rows := 0
		for _, t := range s.report.SkippedTables {
			names = append(names, filepath.Base(t.File))
			rows += t.Rows
		}
		fmt.Fprintf(w, "skipped %d county-level tables (%d rows; the framework's units are prefecture-level cities): %s\n",
			len(names), rows, strings.Join(names, ", "))
	}
}

// printCouplingGrades counts the units in each coupling coordination grade.
func printCouplingGrades(w io.Writer, c *scoring.CouplingYear, lang string) {
	counts := map[int]int{}
	for j, d := range c.D {
		if !math.IsNaN(d) {
			counts[c.Grades[j].Level]++
		}
	}
	var gs []string
	for _, g := range composite.CouplingGrades() {
		if n := counts[g.Level]; n > 0 {
			name := g.Zh
			if lang == "en" {
				name = g.En
			}
			gs = append(gs, fmt.Sprintf("%s %d", name, n))
		}
	}
	fmt.Fprintf(w, "coupling coordination (D) grades: %s\n", strings.Join(gs, ", "))
}

// printDataQuality counts the issues by kind, the imputed values and the
// unit-years screened out, over every year.
func printDataQuality(w io.Writer, s *setup, res *scoring.Result) {
	notes := countKinds(append(s.issues(), res.Issues...))
	imputed, excluded := 0, 0
	for _, y := range res.Years {
		for _, col := range y.Imputed {
			for _, v := range col {
				if v {
					imputed++
				}
			}
		}
		for _, why := range y.Excluded {
			if why.En != "" {
				excluded++
			}
		}
	}
	for _, c := range []struct {
		n    int
		what string
	}{{imputed, "imputed"}, {excluded, "unit-years screened out (missing.min_coverage)"}} {
		if c.n > 0 {
			if notes != "" {
				notes += ", "
			}
			notes += fmt.Sprintf("%d %s", c.n, c.what)
		}
	}
	if notes != "" {
		fmt.Fprintf(w, "data quality: %s (listed in the workbook's Data quality sheet; cityscore validate explains)\n", notes)
	}
}
