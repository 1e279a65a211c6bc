package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cityscore/cityscore/importers"
)

// stringList is a flag that may be repeated.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// flagSet is a command's flags with its help text.
type flagSet struct {
	*flag.FlagSet
	e                               *env
	synopsis, description, examples string
}

// newFlagSet returns the flags of a command. Parse errors are returned as
// usage errors; --help prints the help to stdout.
func newFlagSet(e *env, name, synopsis, description, examples string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the caller prints errors once, with a hint
	return &flagSet{FlagSet: fs, e: e, synopsis: synopsis, description: description, examples: examples}
}

func (f *flagSet) usage(out io.Writer) {
	fmt.Fprintf(out, "Usage:\n  %s\n\n%s\n\nFlags:\n", f.synopsis, strings.TrimSpace(f.description))
	f.VisitAll(func(fl *flag.Flag) {
		typ, usage := flag.UnquoteUsage(fl)
		fmt.Fprintf(out, "  --%s", fl.Name)
		if typ != "" {
			fmt.Fprintf(out, " %s", typ)
		}
		fmt.Fprintf(out, "\n      %s", strings.ReplaceAll(usage, "\n", "\n      "))
		if fl.DefValue != "" && fl.DefValue != "false" && fl.DefValue != "0" {
			fmt.Fprintf(out, " (default %s)", strconv.Quote(fl.DefValue))
		}
		fmt.Fprintln(out)
	})
	if f.examples != "" {
		fmt.Fprintf(out, "\nExamples:\n%s", f.examples)
	}
	fmt.Fprintln(out, "\nExit status: 0 success, 1 bad input or failed run, 2 usage error, 130/143 interrupted (SIGINT/SIGTERM).")
}

// parse parses args. --help prints the help to stdout and returns
// flag.ErrHelp. Positional arguments are a usage error unless positional
// is true.
func (f *flagSet) parse(args []string, positional bool) error {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			f.usage(f.e.stdout)
			return flag.ErrHelp
		}
	}
	if err := f.Parse(args); err != nil {
		return &usageError{err.Error()}
	}
	if !positional && f.NArg() > 0 {
		return usagef("unexpected argument %q", f.Arg(0))
	}
	return nil
}

// readOptions are the flags that bound how data files are read: the
// importer's limits (--limit NAME=N, repeatable) and whether named pipes
// and devices may be read (--read-special-files).
type readOptions struct {
	limits  importers.Limits
	special bool
}

// limitList is the flag.Value of --limit.
type limitList struct{ l *importers.Limits }

func (v limitList) String() string { return "" }
func (v limitList) Set(s string) error {
	return v.l.Set(s)
}

// readFlags registers --limit and --read-special-files on f.
func (f *flagSet) readFlags() *readOptions {
	ro := &readOptions{}
	f.Var(limitList{&ro.limits}, "limit",
		"raise a limit of the data reader, `NAME=N` (K, M, G allowed), repeatable: "+strings.Join(importers.LimitNames(), ", ")+
			"; a file over a limit is refused with a message naming it")
	f.BoolVar(&ro.special, "read-special-files", false, "read named pipes and devices given as data (refused by default; they are read up to --limit file-size)")
	return ro
}

// apply sets the read options on importer options.
func (ro *readOptions) apply(opt *importers.Options) {
	if ro == nil {
		return
	}
	opt.Limits, opt.ReadSpecialFiles = ro.limits, ro.special
}
