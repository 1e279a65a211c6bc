package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/seeds"
)

const weightsExamples = `  # The weights of the built-in framework under the default profile:
  cityscore weights

  # Manual goal weights from a profile, written as CSV:
  cityscore weights --profile config/balanced.yaml --out weights.csv
`

func weightsCmd(ctx context.Context, e *env, args []string) error {
	var (
		framework, profile, unitColumn string
		data, outs                     stringList
		year                           int
		allowUnknown                   bool
		lang                           string
		csvRaw                         bool
	)
	fs := newFlagSet(e, "weights",
		"cityscore weights [--framework F] [--profile P] [--data PATH]... [--out FILE] [--csv-raw]",
		`Print the weight of every goal, dimension and indicator: relative to its
siblings (summing to 1) and effective (the product along the path to the
index), with the method that set it. --out writes the weights CSV
(node,parent,level,method,weight,effective_weight). Weighting methods that read
the data use --data; the weights printed are those of the latest year.`, weightsExamples)
	fs.StringVar(&framework, "framework", "", frameworkUsage+"; default: the profile's, else builtin")
	fs.StringVar(&profile, "profile", "", "profile `FILE`; default: the built-in profile")
	fs.Var(&data, "data", "data `PATH` (repeatable), for weighting methods that read the data")
	fs.StringVar(&unitColumn, "unit-column", "", "header of the unit column; default: the first column")
	read := fs.readFlags()
	fs.BoolVar(&allowUnknown, "allow-unknown-units", false, "keep yearbook rows whose city name is not in the city list")
	fs.IntVar(&year, "year", 0, "use year `N` of the data")
	fs.Var(&outs, "out", "weights CSV `FILE` (- = stdout)")
	fs.StringVar(&lang, "lang", "zh", "labels: zh or en")
	fs.BoolVar(&csvRaw, "csv-raw", false, csvRawUsage)
	if err := fs.parse(args, false); err != nil {
		return err
	}
	targets, err := parseTargets(outs, "csv")
	if err != nil {
		return err
	}
	s, err := loadModel(framework, profile)
	if err != nil {
		return err
	}
	s.read = read
	var res *scoring.Result
	switch {
	case len(data) > 0 || (scoring.NeedsData(s.prof.Options) && s.fwSrc.Path == seeds.FrameworkName):
		// Methods that read the data, without --data on the built-in
		// framework, read the built-in sample.
		if err := s.loadData(data, unitColumn, year, allowUnknown); err != nil {
			return err
		}
		if res, err = scoring.Run(s.schema, s.table, s.prof.Options); err != nil {
			return err
		}
	case scoring.NeedsData(s.prof.Options):
		return usagef("profile %s weighs from the data (%s); give --data", s.prof.Name, dataMethods(s.prof.Options))
	default:
		if res, err = scoring.Weigh(s.schema, s.prof.Options); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	write := exporters.WriteWeightsCSV
	if csvRaw {
		write = exporters.WriteWeightsCSVRaw
	}
	var files []outFile
	toStdout := false
	for _, t := range targets {
		files = append(files, outFile{t.path, func(w io.Writer) error { return write(w, res) }})
		toStdout = toStdout || t.path == "-"
	}
	if err := writeAll(ctx, e.stdout, s.inputPaths(data), files); err != nil {
		return err
	}
	w := e.stdout
	if toStdout {
		w = e.stderr
	}
	printWeights(w, s, res, lang)
	for _, t := range targets {
		if t.path != "-" {
			fmt.Fprintf(w, "wrote %s\n", t.path)
		}
	}
	return nil
}

// printWeights prints the tree with relative and effective weights.
func printWeights(w io.Writer, s *setup, res *scoring.Result, lang string) {
	y := res.Years[len(res.Years)-1]
	fmt.Fprintf(w, "%s (%s %s), profile %s\n\n", s.fw.Name.In(lang), s.fw.ID, s.fw.Version, s.prof.Name)
	header := []string{"node", "name", "level", "method", "weight", "effective"}
	var rows [][]string
	for i, n := range s.schema.Nodes {
		if i == 0 {
			continue
		}
		depth := 0
		for p := n.Parent; p > 0; p = s.schema.Nodes[p].Parent {
			depth++
		}
		rows = append(rows, []string{
			strings.Repeat("  ", depth) + n.ID, n.Name.In(lang), n.Level.String(), res.WeightMethod[i].String(),
			fmt.Sprintf("%.4f", y.Weights[i]), fmt.Sprintf("%.4f", y.Effective[i]),
		})
	}
	printTable(w, header, rows)
	var aggs []string
	for _, l := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		for i, n := range s.schema.Nodes {
			if len(n.Children) > 0 && s.schema.Nodes[n.Children[0]].Level == l {
				aggs = append(aggs, fmt.Sprintf("%ss → %s", l, res.Aggregation[i]))
				break
			}
		}
	}
	fmt.Fprintf(w, "\naggregation: %s\n", strings.Join(aggs, "; "))
	printDiagnostics(w, s, res, y, lang)
}

// dataMethods names the weighting methods of opt that read the data.
func dataMethods(opt scoring.Options) string {
	var out []string
	var walk func(w scoring.WeightSpec)
	walk = func(w scoring.WeightSpec) {
		if w.Method.Objective() {
			out = append(out, w.Method.String())
		}
		for _, p := range w.Combine.Of {
			walk(p)
		}
	}
	walk(opt.Weights.Indicators)
	walk(opt.Weights.Dimensions)
	walk(opt.Weights.Goals)
	return strings.Join(out, ", ")
}

// printDiagnostics prints, for every node weighted by a method other than
// framework, equal or manual, the method, its statistics per indicator, the
// AHP consistency and combination coefficients, and the warnings.
func printDiagnostics(w io.Writer, s *setup, res *scoring.Result, y *scoring.YearResult, lang string) {
	sc := s.schema
	var write func(d *scoring.WeightDiagnostics, indent string)
	write = func(d *scoring.WeightDiagnostics, indent string) {
		spec := res.Options.Weights.At(sc.Nodes[d.Children[0]].Level)
		desc := d.Method.String()
		if spec.Method == d.Method {
			desc = spec.Describe()
		} else {
			for _, p := range spec.Combine.Of {
				if p.Method == d.Method {
					desc = p.Describe()
				}
			}
		}
		fmt.Fprintf(w, "%s%s (%s): %s\n", indent, sc.Nodes[d.Node].ID, sc.Nodes[d.Node].Name.In(lang), desc)
		header := []string{"child", "weight"}
		var rows [][]string
		for k, c := range d.Children {
			rows = append(rows, []string{sc.Nodes[c].ID, fmt.Sprintf("%.6f", d.Weights[k])})
		}
		printIndented(w, indent+"  ", header, rows)
		if len(d.Stats) > 0 {
			header := []string{"indicator"}
			for _, st := range d.Stats {
				header = append(header, st.Name)
			}
			var rows [][]string
			for k, c := range d.Columns {
				row := []string{sc.Nodes[c].ID}
				for _, st := range d.Stats {
					row = append(row, fmt.Sprintf("%.6f", st.Values[k]))
				}
				rows = append(rows, row)
			}
			printIndented(w, indent+"  ", header, rows)
		}
		for _, st := range d.Summary {
			var vals []string
			for _, v := range st.Values {
				vals = append(vals, fmt.Sprintf("%.6g", v))
			}
			fmt.Fprintf(w, "%s  %s: %s\n", indent, st.Name, strings.Join(vals, ", "))
		}
		if len(d.Coefficients) > 0 {
			var vals []string
			for _, v := range d.Coefficients {
				vals = append(vals, fmt.Sprintf("%.6f", v))
			}
			fmt.Fprintf(w, "%s  coefficients: %s\n", indent, strings.Join(vals, ", "))
		}
		for _, warn := range d.Warnings {
			fmt.Fprintf(w, "%s  warning: %s\n", indent, warn)
		}
		for _, p := range d.Parts {
			write(p, indent+"  ")
		}
	}
	first := true
	for _, d := range y.Diagnostics {
		switch d.Method {
		case scoring.WeightFramework, scoring.WeightEqual, scoring.WeightManual:
			continue
		}
		if first {
			fmt.Fprintln(w, "\ndiagnostics:")
			first = false
		}
		write(d, "")
	}
	for _, cr := range y.TotalCR {
		fmt.Fprintf(w, "hierarchical CR (%ss): %.6f\n", cr.Level, cr.CR)
	}
}

// printIndented prints a table with every line indented.
func printIndented(w io.Writer, indent string, header []string, rows [][]string) {
	var b strings.Builder
	printTable(&b, header, rows)
	for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		fmt.Fprintln(w, indent+line)
	}
}
