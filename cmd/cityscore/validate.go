package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/indicators"
)

const validateExamples = `  # Check a framework and a profile:
  cityscore validate --framework my-framework.yaml --profile my-profile.yaml

  # Check data files against the built-in framework: matched and unmatched
  # columns, unit conversions, bad cells, coverage per goal:
  cityscore validate --data cities-2023.xlsx
`

func validateCmd(_ context.Context, e *env, args []string) error {
	var (
		framework, profile, unitColumn string
		data                           stringList
		year                           int
		allowUnknown                   bool
	)
	fs := newFlagSet(e, "validate", "cityscore validate [--framework F] [--profile P] [--data PATH]...",
		`Load a framework, a profile and data files as score would, and report every
problem without scoring: YAML problems with file:line:col, bad cells with file,
sheet and cell, the import report, and which indicators have data. Exits 1 when
anything would stop score.`, validateExamples)
	fs.StringVar(&framework, "framework", "", frameworkUsage+"; default: the profile's, else builtin")
	fs.StringVar(&profile, "profile", "", "profile `FILE`; default: the built-in profile")
	fs.Var(&data, "data", "data `PATH` (repeatable); without it only the framework and profile are checked")
	fs.StringVar(&unitColumn, "unit-column", "", "header of the unit column; default: the first column")
	read := fs.readFlags()
	fs.BoolVar(&allowUnknown, "allow-unknown-units", false, "keep yearbook rows whose city name is not in the city list")
	fs.IntVar(&year, "year", 0, "the year `N` of data without a year column, or the year to keep")
	if err := fs.parse(args, false); err != nil {
		return err
	}
	s, err := loadModel(framework, profile)
	if err != nil {
		return err
	}
	s.read = read
	w := e.stdout
	inds := s.fw.Indicators()
	dims := len(s.schema.ByLevel(dataset.LevelDimension))
	fmt.Fprintf(w, "framework %s %s (%s): ok — %d goals, %d dimensions, %d indicators (%d with formulas), %d inputs\n",
		s.fw.ID, s.fw.Version, s.fwSrc.Path, len(s.fw.Goals), dims, len(inds), countFormulas(inds), len(s.fw.Inputs))
	for _, warn := range s.fw.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	fmt.Fprintf(w, "profile %s (%s): ok\n", s.prof.Name, s.profSrc.Path)
	for _, st := range exporters.OptionSettings(s.prof.Options, "en") {
		if !strings.HasPrefix(st.Key, "convention.") {
			fmt.Fprintf(w, "  %s: %s\n", st.Key, st.Value)
		}
	}
	if b := s.prof.PopulationBasis; b != "" {
		fmt.Fprintf(w, "  population_basis: %s\n", b)
	}
	if len(data) == 0 {
		return nil
	}
	if err := s.loadData(data, unitColumn, year, allowUnknown); err != nil {
		return err
	}
	fmt.Fprintln(w)
	s.report.Print(w)
	fmt.Fprintln(w)
	printComputeReport(w, s.fw, s.compute)
	printNeeds(w, s.needs())
	return nil
}

// printNeeds lists the indicators without data and, for each, the raw
// variables to collect with the header the importer reads and their usual
// source.
func printNeeds(w io.Writer, needs []exporters.Need) {
	if len(needs) == 0 {
		return
	}
	fmt.Fprintf(w, "indicators without data (%d): what each needs and where to get it (cityscore template writes a fill-in workbook):\n", len(needs))
	for _, nd := range needs {
		fmt.Fprintf(w, "  %s %s\n", nd.Indicator, nd.Name.Zh)
		for _, in := range nd.Inputs {
			fmt.Fprintf(w, "    ← %s  %s\n", in.Header, in.Source)
		}
	}
}

func countFormulas(inds []*indicators.Indicator) int {
	n := 0
	for _, ind := range inds {
		if ind.Formula != nil {
			n++
		}
	}
	return n
}

// printComputeReport says, goal by goal, which indicators have data and
// where it comes from.
func printComputeReport(w interface{ Write([]byte) (int, error) }, fw *indicators.Framework, rep *indicators.ComputeReport) {
	fmt.Fprintln(w, "indicators with data, by goal:")
	for _, g := range fw.Goals {
		var from []string
		var inds []*indicators.Indicator
		inds = append(inds, g.Indicators...)
		for _, d := range g.Dimensions {
			inds = append(inds, d.Indicators...)
		}
		for _, ind := range inds {
			switch rep.From[ind.ID] {
			case indicators.FromData:
				from = append(from, ind.ID)
			case indicators.FromFormula:
				from = append(from, ind.ID+" (formula)")
			}
		}
		fmt.Fprintf(w, "  %s %d/%d", g.ID, len(from), len(inds))
		if len(from) > 0 {
			fmt.Fprintf(w, ": %s", strings.Join(from, ", "))
		}
		fmt.Fprintln(w)
	}
	if n := len(rep.Issues); n > 0 {
		fmt.Fprintf(w, "%d formula issues:\n", n)
		for i, is := range rep.Issues {
			if i == 20 {
				fmt.Fprintf(w, "  … and %d more\n", n-20)
				break
			}
			fmt.Fprintf(w, "  %s\n", is)
		}
	}
}
