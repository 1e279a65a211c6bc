package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
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
