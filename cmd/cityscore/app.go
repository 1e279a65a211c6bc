package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// version is the cityscore version; release builds set it with
// -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// Exit codes (and exitInterrupt, exitTerminate: 130, 143).
const (
	exitOK    = 0
	exitFail  = 1 // bad input or a failed run
	exitUsage = 2
)

// usageError is a command-line mistake: exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// env is what a command may touch of the outside world; tests replace it.
type env struct {
	stdout, stderr io.Writer
	now            func() time.Time
	args           []string // the full command line, for the manifest
	// interactive reports whether stderr is a terminal (progress lines).
	interactive bool
	// getenv reads an environment variable; nil: os.Getenv.
	getenv func(string) string
}

// stamp returns the time the outputs record (the manifest, the workbook's
// properties): SOURCE_DATE_EPOCH (seconds since 1970-01-01 UTC) when it
// is set, so that two runs give the same bytes, else now.
func (e *env) stamp() (time.Time, error) {
	getenv := e.getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if v := strings.TrimSpace(getenv("SOURCE_DATE_EPOCH")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > 253402300799 { // 9999-12-31T23:59:59Z
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: want the number of seconds since 1970-01-01 00:00 UTC", v)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return e.now().UTC(), nil
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

var commands = []command{
	{"score", "score units and write ranked results", scoreCmd},
	{"validate", "check a framework, a profile and data files without scoring", validateCmd},
	{"catalog", "list the goals, dimensions and indicators of a framework", catalogCmd},
	{"import", "read yearbook tables and other data files into one tidy long panel", importCmd},
	{"template", "write a fill-in workbook of the inputs the framework needs and the data lack", templateCmd},
	{"weights", "print the weights of every node and write the weights CSV", weightsCmd},
	{"serve", "serve the workbench: change weights and methods in the browser, see ranks move", serveCmd},
	{"sensitivity", "show how far ranks move when weights and methods change (uncertainty, Sobol indices)", sensitivityCmd},
	{"version", "print the version", versionCmd},
}

const mainUsage = `cityscore scores cities on the six goals of the 2025 policy on high-quality
urban development (创新 innovative, 宜居 livable, 美丽 beautiful, 韧性 resilient,
文明 civilized, 智慧 smart).

Usage:
  cityscore <command> [flags]

Commands:
%s
Run "cityscore <command> --help" for a command's flags and examples.

Examples:
  cityscore score                                  # built-in sample → cityscore-results.xlsx
  cityscore score --data cities.xlsx --profile config/balanced.yaml --out scores.xlsx --out scores.csv
  cityscore catalog --format csv > catalog.csv

Exit status: 0 success, 1 bad input or failed run, 2 usage error,
130/143 interrupted (SIGINT/SIGTERM).
`

func usageText() string {
	var b strings.Builder
	width := 0
	for _, c := range commands {
		width = max(width, len(c.name))
	}
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-*s %s\n", width, c.name, c.summary)
	}
	return fmt.Sprintf(mainUsage, b.String())
}

// run runs the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, now: time.Now, args: append([]string{"cityscore"}, args...)}
	if f, ok := stderr.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			e.interactive = true
		}
	}
	return e.exec(ctx, args)
}

func (e *env) exec(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usageText())
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(e.stdout, usageText())
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(ctx, e, args[1:])
		var ue *usageError
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case ctx.Err() != nil:
			// A signal: whatever failed, it failed because of it. The
			// outputs are untouched and no temporary file is left.
			code, what := interruptExit(ctx)
			fmt.Fprintf(e.stderr, "cityscore %s: %s\n", name, what)
			return code
		case errors.As(err, &ue):
			fmt.Fprintf(e.stderr, "cityscore %s: %v\nRun \"cityscore %s --help\" for usage.\n", name, err, name)
			return exitUsage
		default:
			fmt.Fprintf(e.stderr, "cityscore %s: %v\n", name, err)
			return exitFail
		}
	}
	fmt.Fprintf(e.stderr, "cityscore: unknown command %q\n\n%s", name, usageText())
	return exitUsage
}

func versionCmd(_ context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "version", "cityscore version", "Print the cityscore version.", "")
	if err := fs.parse(args, false); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "cityscore %s\n", fullVersion())
	return nil
}

// fullVersion is the version plus the VCS revision the binary was built
// from, when the build recorded one.
func fullVersion() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return v
}
