package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/seeds"
)

const importExamples = `  # The 2024 yearbook's section-2 tables (data year 2023) as one tidy panel:
  cityscore import "中国城市统计年鉴2024/2、地级以上城市统计资料" --out panel.csv

  # Several editions at once; files without a banner take the year before
  # the edition their path names, or --year:
  cityscore import 2021/ 2022/ 2023/ --out panel.xlsx

  # Keep cities the city table does not know, under their printed names:
  cityscore import --allow-unknown-units tables/ --out panel.csv
`

// importOptions are the flags and arguments of import.
type importOptions struct {
	framework  string
	year       int
	out        string
	allowUnits bool
	quiet      bool
	csvRaw     bool
	paths      []string
	read       *readOptions
}

func importCmd(ctx context.Context, e *env, args []string) error {
	var o importOptions
	fs := newFlagSet(e, "import",
		"cityscore import [--framework F] [--year N] [--allow-unknown-units] [--csv-raw] PATH... --out panel.csv|panel.xlsx|panel.parquet",
		`Read data files as they are published (China City Statistical Yearbook tables
as xlsx, CNKI exports as HTML or CSV, plain wide or long tables) and write one
tidy long panel with the columns unit,code,year,variable,value,measure_unit,
scope,source, where source is file#sheet!cell. PATH is a file or a folder (its
.xlsx, .xls, .csv, .txt and .parquet files). Every city is mapped to its
official 6-digit code; misprinted and former names are reported. Cells that are
not numbers (£05, _ 2317) are reported and left empty, never read as 0. A
missing or bad cell is a row with an empty value, so every city read is in the
panel. --out panel.parquet writes the same columns as Parquet (docs/formats.md).`, importExamples)
	fs.StringVar(&o.framework, "framework", "", frameworkUsage+"; the columns are matched to its inputs and indicators; default: builtin")
	fs.IntVar(&o.year, "year", 0, "data year `N` of tables whose banner does not give one (edition N+1 of the yearbook)")
	fs.StringVar(&o.out, "out", "", "output `FILE`: .csv, .xlsx or .parquet (- = CSV on stdout); required")
	o.read = fs.readFlags()
	fs.BoolVar(&o.allowUnits, "allow-unknown-units", false, "keep rows of cities the city table does not know, under the printed name and without a code")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	fs.BoolVar(&o.csvRaw, "csv-raw", false, csvRawUsage)
	var err error
	if o.paths, err = parseInterleaved(fs, args); err != nil {
		return err
	}
	if len(o.paths) == 0 {
		return usagef("no PATH given (a data file or a folder of them)")
	}
	if o.out == "" {
		return usagef("--out is required: a .csv, .xlsx or .parquet file, or - for CSV on stdout")
	}
	targets, err := parseTargets([]string{o.out}, "csv", "xlsx", "parquet")
	if err != nil {
		return err
	}
	return o.run(ctx, e, targets[0])
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments (cityscore import DIR --out x.csv), and returns the
// positional ones. "--" ends the flags.
func parseInterleaved(fs *flagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.parse(args, true); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func (o *importOptions) run(ctx context.Context, e *env, t target) error {
	fw, fwPath, err := loadFramework(o.framework)
	if err != nil {
		return err
	}
	opt := importers.Options{Framework: fw, Year: o.year, AllowUnknownUnits: o.allowUnits, Dictionary: seeds.Yearbook()}
	o.read.apply(&opt)
	tab, rep, err := importers.ReadPaths(o.paths, opt)
	if err != nil {
		return unknownUnitsHint(err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// The report goes to stdout, or to stderr when the panel does.
	w := e.stdout
	if t.path == "-" {
		w = e.stderr
	}
	n := importers.PanelLen(tab)
	if n == 0 {
		if !o.quiet {
			rep.PrintImportTable(w, tab)
		}
		return errors.New("nothing to import: no column of the files matched the framework (unknown columns are listed above)")
	}
	// A CSV panel is written row by row from the table; a workbook and a
	// Parquet file take the rows at once.
	write := func(out io.Writer) error { return importers.WriteTablePanelCSV(out, tab, o.csvRaw) }
	switch t.format {
	case "xlsx":
		write = func(out io.Writer) error { return importers.WritePanelXLSX(out, importers.Panel(tab)) }
	case "parquet":
		write = func(out io.Writer) error { return exporters.WritePanelParquet(out, importers.Panel(tab)) }
	}
	inputs := append(dataInputs(o.paths), rep.Paths()...)
	if fwPath != "" {
		inputs = append(inputs, fwPath)
	}
	if err := writeAll(ctx, e.stdout, inputs, []outFile{{t.path, write}}); err != nil {
		return err
	}
	if o.quiet {
		return nil
	}
	if err := rep.PrintImportTable(w, tab); err != nil {
		return err
	}
	if t.path != "-" {
		fmt.Fprintf(w, "\nwrote %s (%d rows)\n", t.path, n)
	}
	return nil
}

// loadFramework loads the framework at path, or a built-in one by its name
// ("" or "builtin" the default one, "ccsy"; see openFramework). It returns
// the path read ("" for a built-in one).
func loadFramework(path string) (*indicators.Framework, string, error) {
	fw, src, err := openFramework(path)
	if err != nil {
		return nil, "", err
	}
	if _, builtin := seeds.FrameworkSource(src.Path); builtin {
		return fw, "", nil
	}
	return fw, strings.TrimSpace(path), nil
}
