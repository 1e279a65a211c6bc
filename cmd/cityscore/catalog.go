package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/internal/csvsafe"
)

const catalogExamples = `  # The six goals of the built-in framework with their indicators and clauses:
  cityscore catalog

  # The yearbook-ready framework (every indicator from the yearbook's section-2 tables):
  cityscore catalog --framework ccsy

  # As a spreadsheet, or as a framework file to start your own from:
  cityscore catalog --format csv > catalog.csv
  cityscore catalog --format yaml > my-framework.yaml
`

func catalogCmd(_ context.Context, e *env, args []string) error {
	var framework, format, lang string
	var csvRaw bool
	fs := newFlagSet(e, "catalog", "cityscore catalog [--framework F] [--format table|csv|yaml] [--csv-raw]",
		`List the goals, dimensions and indicators of a framework (the built-in six-goal
framework by default): names, units, directions, weights, formulas and the
policy clauses each indicator measures.`, catalogExamples)
	fs.StringVar(&framework, "framework", "", frameworkUsage+"; default: builtin")
	fs.StringVar(&format, "format", "table", "output format: table, csv or yaml")
	fs.StringVar(&lang, "lang", "zh", "names in the table: zh or en")
	fs.BoolVar(&csvRaw, "csv-raw", false, csvRawUsage)
	if err := fs.parse(args, false); err != nil {
		return err
	}
	s, err := loadModel(framework, "")
	if err != nil {
		return err
	}
	switch format {
	case "table":
		return catalogTable(e.stdout, s.fw, lang)
	case "csv":
		return catalogCSV(e.stdout, s.fw, csvRaw)
	case "yaml":
		b, err := s.fw.EncodeYAML()
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(b)
		return err
	}
	return usagef("--format %q: want table, csv or yaml", format)
}

func direction(ind *indicators.Indicator) string {
	d := ind.Direction.String()
	if ind.Optimal != nil {
		d += fmt.Sprintf(" [%v, %v]", ind.Optimal.Lo, ind.Optimal.Hi)
	}
	return d
}

func catalogTable(w io.Writer, fw *indicators.Framework, lang string) error {
	other := "en"
	if lang == "en" {
		other = "zh"
	}
	fmt.Fprintf(w, "%s / %s (%s %s)\n", fw.Name.In(lang), fw.Name.In(other), fw.ID, fw.Version)
	n := len(fw.Indicators())
	fmt.Fprintf(w, "%d goals, %d indicators, %d inputs\n", len(fw.Goals), n, len(fw.Inputs))
	for _, g := range fw.Goals {
		fmt.Fprintf(w, "\n%s  %s / %s  (weight %v)\n", g.ID, g.Name.In(lang), g.Name.In(other), g.Weight)
		var rows [][]string
		add := func(dim string, ind *indicators.Indicator) {
			how := "data"
			if ind.Formula != nil {
				how = "formula"
			}
			rows = append(rows, []string{dim, ind.ID, ind.Name.In(lang), ind.Unit, direction(ind),
				strings.Join(ind.Clauses, ""), how})
		}
		for _, ind := range g.Indicators {
			add("", ind)
		}
		for _, d := range g.Dimensions {
			for k, ind := range d.Indicators {
				label := ""
				if k == 0 {
					label = d.ID
				}
				add(label, ind)
			}
		}
		printTable(w, []string{"dimension", "indicator", "name", "unit", "direction", "clauses", "from"}, rows)
	}
	return nil
}

// catalogCSV writes the catalog as CSV; fields a spreadsheet would
// evaluate are quoted unless raw (csvsafe).
func catalogCSV(w io.Writer, fw *indicators.Framework, raw bool) error {
	cw := csvsafe.NewWriter(w, raw)
	cw.Write([]string{"goal", "goal_zh", "goal_en", "dimension", "dimension_zh", "dimension_en",
		"indicator", "name_zh", "name_en", "unit", "direction", "optimal", "tolerable", "weight",
		"clauses", "formula", "goalposts", "targets", "scope", "source"})
	rng := func(lo, hi float64, ok bool) string {
		if !ok {
			return ""
		}
		return fmt.Sprintf("%v;%v", lo, hi)
	}
	write := func(g *indicators.Goal, d *indicators.Dimension, ind *indicators.Indicator) {
		var dim, dzh, den string
		if d != nil {
			dim, dzh, den = d.ID, d.Name.Zh, d.Name.En
		}
		formula := ""
		if ind.Formula != nil {
			formula = ind.Formula.Text
		}
		var opt, tol, gp string
		if r := ind.Optimal; r != nil {
			opt = rng(r.Lo, r.Hi, true)
		}
		if r := ind.Tolerable; r != nil {
			tol = rng(r.Lo, r.Hi, true)
		}
		if r := ind.Goalposts; r != nil {
			gp = rng(r.Lo, r.Hi, true)
		}
		var targets []string
		for _, y := range slices.Sorted(maps.Keys(ind.Targets)) {
			targets = append(targets, fmt.Sprintf("%d:%v", y, ind.Targets[y]))
		}
		cw.Write([]string{g.ID, g.Name.Zh, g.Name.En, dim, dzh, den, ind.ID, ind.Name.Zh, ind.Name.En,
			ind.Unit, ind.Direction.String(), opt, tol, fmt.Sprint(ind.Weight), strings.Join(ind.Clauses, ";"),
			formula, gp, strings.Join(targets, ";"), ind.Scope, ind.Source})
	}
	for _, g := range fw.Goals {
		for _, ind := range g.Indicators {
			write(g, nil, ind)
		}
		for _, d := range g.Dimensions {
			for _, ind := range d.Indicators {
				write(g, d, ind)
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
