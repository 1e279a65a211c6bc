// Command cityscore scores Chinese cities on the six goals of the 2025
// central policy on high-quality urban development (创新、宜居、美丽、韧性、
// 文明、智慧): it imports city statistics, computes the framework's
// indicators, normalises, weights and aggregates them as a profile says, and
// writes ranked, audited results.
//
// Usage:
//
//	cityscore score    [--framework F] [--profile P] [--data PATH]... [--unit-column NAME] [--year N]
//	                   [--out FILE]... [--detail] [--lang zh|en] [--csv-raw]
//	cityscore validate [--framework F] [--profile P] [--data PATH]...
//	cityscore catalog  [--framework F] [--format table|csv|yaml] [--csv-raw]
//	cityscore weights  [--framework F] [--profile P] [--data PATH]... [--out FILE] [--csv-raw]
//	cityscore import   [--framework F] [--year N] [--allow-unknown-units] [--csv-raw] PATH... --out panel.csv|panel.xlsx
//	cityscore template [--framework F] [--profile P] [--data PATH]... [--layout wide|sheets] --out FILE.xlsx
//	cityscore serve    [--framework F] [--profile P] [--data PATH]... [--addr HOST:PORT] [--save-dir DIR]
//	cityscore version
//
// With no flags, score uses the built-in framework, profile and sample data,
// writes cityscore-results.xlsx in the working directory and prints the top
// of the ranking. import reads files and folders — China City Statistical
// Yearbook tables as published included — into one tidy long panel, each
// value with the file and cell it came from. --out picks the format by extension: .xlsx (the ranked
// workbook), .csv (the scores CSV), .json; "-" writes CSV to standard
// output. Every CSV output gets a manifest beside it (FILE.manifest.json):
// the input files with their SHA-256, the framework, the profile as applied
// and the cityscore version.
//
// Exit status: 0 on success; 1 on bad input or a failed run, with a message
// on standard error naming the file and the place (file:line:col for YAML
// and CSV, file: Sheet!C14 for workbooks); 2 on a usage error; 130 when
// interrupted (SIGINT) and 143 when terminated (SIGTERM).
//
// Outputs are written all or nothing: every output goes to a temporary file
// in its directory and is renamed into place only when all of them are
// complete; if renaming one fails, the files already replaced are put back.
// A failed or interrupted run leaves no partial file, a replaced file keeps
// its mode, and no output may replace an input. CSV fields a spreadsheet
// would evaluate as formulas get a leading ' (--csv-raw: as they are).
// SOURCE_DATE_EPOCH fixes the time the outputs record, so that two runs
// give the same bytes. CITYSCORE_CPUPROFILE=FILE writes a CPU profile of
// the process to FILE (docs/benchmarks.md).
//
// serve reads the inputs once and serves the workbench on loopback (a page
// to change the profile and see the ranking move, and its JSON API); it
// runs until SIGINT or SIGTERM and then exits 0.
//
// The file formats and the command line are described in docs/formats.md.
package main

import (
	"context"
	"os"
)

func main() {
	ctx, stop := signalContext(context.Background())
	stopProfile := startProfile(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}
