package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// target is one --out: a path (or "-") and its format.
type target struct {
	path   string
	format string // xlsx, csv, json, parquet
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

// outputMode is the permission of new files. Chmod ignores the umask, so
// this is the usual 0644 rather than 0666. A file that is replaced keeps
// its mode.
const outputMode = 0o644

// pending is an output written to a temporary file, waiting to be renamed.
type pending struct {
	tmp, path string
}

// Hooks for tests: afterTemp runs after each temporary file is complete;
// rename renames a temporary file over its destination.
var (
	afterTemp func(ctx context.Context, path string)
	rename    = os.Rename
)

// writeAll writes files all at once, or none of them. Every destination
// is checked first (not named twice, not a directory, not one of inputs);
// every file is rendered into a temporary file beside its destination
// (.NAME.*.tmp) with the mode of the file it replaces, or 0644; output to
// standard output ("-") is rendered in memory. Then the temporary files
// are renamed into place, each file replaced kept until the end under a
// backup name (.NAME.*.bak, a hard link), and standard output is written.
// On any error — or when ctx is done before the renaming starts, even
// while a writer runs — the files already replaced get their previous
// content back, new ones are removed, and so are the temporary files; on
// success the backups are removed.
func writeAll(ctx context.Context, stdout io.Writer, inputs []string, files []outFile) (err error) {
	if err := checkDestinations(inputs, files); err != nil {
		return err
	}
	var tmps []pending
	defer func() {
		for _, p := range tmps {
			if p.tmp != "" {
				os.Remove(p.tmp)
			}
		}
	}()
	var toStdout []outFile
	for _, f := range files {
		if f.path == "-" {
			toStdout = append(toStdout, f)
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		tmp, err := writeTemp(ctx, f)
		if tmp != "" {
			tmps = append(tmps, pending{tmp, f.path})
		}
		if err != nil {
			return err
		}
		if afterTemp != nil {
			afterTemp(ctx, f.path)
		}
	}
	var out bytes.Buffer
	for _, f := range toStdout {
		if err := f.write(ctxWriter{ctx, &out}); err != nil {
			return fmt.Errorf("standard output: %w", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Commit: past this point the run completes, or puts everything back.
	var c commit
	for i := range tmps {
		if err := c.replace(&tmps[i]); err != nil {
			return c.rollback(err)
		}
	}
	if out.Len() > 0 {
		if _, err := stdout.Write(out.Bytes()); err != nil {
			return c.rollback(err)
		}
	}
	c.finish()
	return nil
}

// checkDestinations refuses an output named twice, a destination that is
// a directory and one that is an input.
func checkDestinations(inputs []string, files []outFile) error {
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
	for _, f := range files {
		if f.path == "-" {
			continue
		}
		if err := notAnInput(f.path, inputs); err != nil {
			return err
		}
		if fi, err := os.Stat(f.path); err == nil && fi.IsDir() {
			return fmt.Errorf("%s: is a directory", f.path)
		}
	}
	return nil
}

// writeTemp renders f into a temporary file beside its destination and
// returns its name ("" when none was created). The file gets the mode of
// the destination, when that exists, else outputMode.
func writeTemp(ctx context.Context, f outFile) (string, error) {
	dir := filepath.Dir(f.path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(f.path)+".*.tmp")
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("%s: directory %s does not exist", f.path, dir)
		}
		return "", fmt.Errorf("%s: %w", f.path, err)
	}
	if werr := f.write(ctxWriter{ctx, tmp}); werr != nil {
		tmp.Close()
		return tmp.Name(), fmt.Errorf("%s: %w", f.path, werr)
	}
	if cerr := tmp.Close(); cerr != nil {
		return tmp.Name(), fmt.Errorf("%s: %w", f.path, cerr)
	}
	// CreateTemp makes the file private; outputs are ordinary files, or
	// as private as the file they replace.
	mode := os.FileMode(outputMode)
	if fi, err := os.Stat(f.path); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return tmp.Name(), fmt.Errorf("%s: %w", f.path, err)
	}
	return tmp.Name(), nil
}

// ctxWriter fails once its context is done, so that a cancelled run stops
// a long write at its next chunk.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

// ctxChunk is the most written between two looks at the context.
const ctxChunk = 1 << 20

func (c ctxWriter) Write(p []byte) (int, error) {
	n := 0
	for {
		if err := c.ctx.Err(); err != nil {
			return n, err
		}
		chunk := p[:min(len(p), ctxChunk)]
		m, err := c.w.Write(chunk)
		n += m
		if err != nil || len(p) == len(chunk) {
			return n, err
		}
		p = p[len(chunk):]
	}
}

// commit renames temporary files over their destinations and can put the
// previous files back.
type commit struct {
	done []replaced
}

// replaced is a destination renamed into place, with the backup of the
// file it replaced ("" when it was new).
type replaced struct {
	path, backup string
}

// replace renames p.tmp over p.path, keeping the file it replaces as a
// backup, and clears p.tmp.
func (c *commit) replace(p *pending) error {
	backup, linked := "", false
	if _, err := os.Lstat(p.path); err == nil {
		var err error
		if backup, linked, err = keepBackup(p.path); err != nil {
			return fmt.Errorf("%s: keeping the previous file: %w", p.path, err)
		}
	}
	if err := rename(p.tmp, p.path); err != nil {
		err = fmt.Errorf("%s: %w", p.path, err)
		switch {
		case backup == "":
		case linked: // the destination is untouched
			os.Remove(backup)
		default:
			if rerr := os.Rename(backup, p.path); rerr != nil {
				return fmt.Errorf("%w; the previous %s is in %s (%v)", err, p.path, backup, rerr)
			}
		}
		return err
	}
	p.tmp = ""
	c.done = append(c.done, replaced{p.path, backup})
	return nil
}

// rollback puts back the files replaced so far, last first, removes the
// new ones, and returns err with any file it could not restore.
func (c *commit) rollback(err error) error {
	for i := len(c.done) - 1; i >= 0; i-- {
		r := c.done[i]
		if r.backup == "" {
			os.Remove(r.path)
			continue
		}
		if rerr := os.Rename(r.backup, r.path); rerr != nil {
			err = fmt.Errorf("%w; could not restore %s: its previous content is in %s (%v)", err, r.path, r.backup, rerr)
		}
	}
	c.done = nil
	return err
}

// finish removes the backups.
func (c *commit) finish() {
	for _, r := range c.done {
		if r.backup != "" {
			os.Remove(r.backup)
		}
	}
	c.done = nil
}

// keepBackup keeps the file at path under a new name beside it: a hard
// link, which leaves path in place until it is replaced, or, where the
// file system has no hard links, the file moved aside (linked false).
func keepBackup(path string) (backup string, linked bool, err error) {
	dir, base := filepath.Split(path)
	for range 100 {
		backup = filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".bak")
		err = os.Link(path, backup)
		switch {
		case err == nil:
			return backup, true, nil
		case errors.Is(err, fs.ErrExist):
			continue
		}
		if _, serr := os.Lstat(backup); serr == nil {
			continue
		}
		if rerr := os.Rename(path, backup); rerr != nil {
			return "", false, err
		}
		return backup, false, nil
	}
	return "", false, err
}

// outFile is an output to write.
type outFile struct {
	path  string
	write func(w io.Writer) error
}

// notAnInput refuses to write over an input file: the same path, however
// spelled, or the same file under another name (a hard or symbolic link).
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

// dataInputs returns the files that the data paths name: each path, and
// for a folder every file in it that the importer reads (importers.ReadPaths:
// .csv, .xlsx, .xls, .txt and .parquet files, not hidden ones), whether or not it
// gave data (a skipped county-level table too).
func dataInputs(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, p)
		entries, err := os.ReadDir(p)
		if err != nil {
			continue // a file, or an error the import reports
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
				continue
			}
			switch strings.ToLower(filepath.Ext(name)) {
			case ".csv", ".xlsx", ".xls", ".txt", ".parquet":
				out = append(out, filepath.Join(p, name))
			}
		}
	}
	return out
}

// jsonFile renders v as indented JSON.
func jsonFile(path string, v any) outFile {
	return outFile{path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}}
}
