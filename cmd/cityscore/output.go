package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// target is one --out: a path (or "-") and its format.
type target struct {
	path   string
	format string // xlsx, csv, json
}

// parseTargets maps each --out to its format by extension.
func parseTargets(outs []string, allowed ...string) ([]target, error) {
	var ts []target
	seen := map[string]bool{}
	for _, o := range outs {
		var f string
		if o == "-" {
			f = "csv"
		} else {
			f = strings.TrimPrefix(strings.ToLower(filepath.Ext(o)), ".")
		}
		ok := false
		for _, a := range allowed {
			ok = ok || a == f
		}
		if !ok {
			return nil, usagef("--out %s: unknown format %q (want a file ending in %s, or - for CSV on stdout)",
				o, filepath.Ext(o), "."+strings.Join(allowed, ", ."))
		}
		if seen[o] {
			return nil, usagef("--out %s given twice", o)
		}
		seen[o] = true
		ts = append(ts, target{o, f})
	}
	return ts, nil
}

// outputMode is the permission of written files. Chmod ignores the umask,
// so this is the usual 0644 rather than 0666.
const outputMode = 0o644

// pending is an output written to a temporary file, waiting to be renamed.
type pending struct {
	tmp, path string
}

// writeAll renders every file of files into a temporary file beside its
// destination and, when all succeeded, renames them into place. On any
// error no destination is created or changed and the temporary files are
// removed. A path "-" goes to stdout. A destination that is one of the
// inputs is refused.
func writeAll(stdout io.Writer, inputs []string, files []outFile) (err error) {
	var done []pending
	defer func() {
		if err != nil {
			for _, p := range done {
				os.Remove(p.tmp)
			}
		}
	}()
	seen := map[string]bool{}
	for _, f := range files {
		key := outKey(f.path)
		if seen[key] {
			if f.path == "-" {
				return errors.New("more than one output to standard output (-): give the others file names")
			}
			return fmt.Errorf("%s: named as more than one output", f.path)
		}
		seen[key] = true
	}
	var toStdout []outFile
	for _, f := range files {
		if f.path == "-" {
			toStdout = append(toStdout, f)
			continue
		}
		if err := notAnInput(f.path, inputs); err != nil {
			return err
		}
		dir := filepath.Dir(f.path)
		tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.path)+".*.tmp")
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("%s: directory %s does not exist", f.path, dir)
			}
			return fmt.Errorf("%s: %w", f.path, err)
		}
		done = append(done, pending{tmp.Name(), f.path})
		if werr := f.write(tmp); werr != nil {
			tmp.Close()
			return fmt.Errorf("%s: %w", f.path, werr)
		}
		if cerr := tmp.Close(); cerr != nil {
			return fmt.Errorf("%s: %w", f.path, cerr)
		}
		// CreateTemp makes the file private; outputs are ordinary files.
		if err := os.Chmod(tmp.Name(), outputMode); err != nil {
			return fmt.Errorf("%s: %w", f.path, err)
		}
	}
	for _, f := range toStdout {
		var buf bytes.Buffer
		if err := f.write(&buf); err != nil {
			return fmt.Errorf("standard output: %w", err)
		}
		if _, err := stdout.Write(buf.Bytes()); err != nil {
			return err
		}
	}
	for i, p := range done {
		if err := os.Rename(p.tmp, p.path); err != nil {
			for _, q := range done[i:] {
				os.Remove(q.tmp)
			}
			return fmt.Errorf("%s: %w", p.path, err)
		}
	}
	return nil
}

// outFile is an output to write.
type outFile struct {
	path  string
	write func(w io.Writer) error
}

// notAnInput refuses to write over an input file.
func notAnInput(path string, inputs []string) error {
	abs, _ := filepath.Abs(path)
	fi, statErr := os.Stat(path)
	for _, in := range inputs {
		inAbs, _ := filepath.Abs(in)
		if inAbs == abs {
			return fmt.Errorf("%s: refusing to overwrite an input file", path)
		}
		if statErr == nil {
			if ii, err := os.Stat(in); err == nil && os.SameFile(fi, ii) {
				return fmt.Errorf("%s: refusing to overwrite an input file (%s)", path, in)
			}
		}
	}
	return nil
}

// jsonFile renders v as indented JSON.
func jsonFile(path string, v any) outFile {
	return outFile{path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}}
}
