package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fixture copies the small framework, profile and data into a fresh
// directory and returns it.
func fixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"framework.yaml", "profile.yaml", "data.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata/small", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// partial.csv lacks the PM2.5 column: a template has something to ask.
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(string(mustRead(t, filepath.Join(dir, "data.csv")))), "\n") {
		f := strings.Split(line, ",")
		b.WriteString(strings.Join(append(f[:7:7], f[8:]...), ",") + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "partial.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runCtx runs args in-process with ctx and the real clock.
func runCtx(ctx context.Context, args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, now: time.Now, args: append([]string{"cityscore"}, args...)}
	code = e.exec(ctx, args)
	return out.String(), errb.String(), code
}

// names lists the files of dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// noLeftovers fails when dir holds a temporary or backup file.
func noLeftovers(t *testing.T, dir string) {
	t.Helper()
	for _, n := range names(t, dir) {
		if strings.HasSuffix(n, ".tmp") || strings.HasSuffix(n, ".bak") {
			t.Errorf("left behind: %s (files: %v)", n, names(t, dir))
		}
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestOutputNotAnInput: no command that writes files replaces one of its
// inputs (framework, profile, every data file, a file of a data folder),
// whether named as given, spelled another way or through a hard link.
func TestOutputNotAnInput(t *testing.T) {
	dir := fixture(t)
	fw, prof, data := filepath.Join(dir, "framework.yaml"), filepath.Join(dir, "profile.yaml"), filepath.Join(dir, "data.csv")
	// A framework and a profile whose names a CSV output could take.
	for _, c := range [][2]string{{fw, "fw.csv"}, {prof, "prof.csv"}} {
		if err := os.WriteFile(filepath.Join(dir, c[1]), mustRead(t, c[0]), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fwCSV, profCSV := filepath.Join(dir, "fw.csv"), filepath.Join(dir, "prof.csv")
	folder := filepath.Join(dir, "folder")
	os.Mkdir(folder, 0o755)
	inFolder := filepath.Join(folder, "more.csv")
	os.WriteFile(inFolder, mustRead(t, data), 0o644)
	link := filepath.Join(dir, "link.csv")
	if err := os.Link(data, link); err != nil {
		t.Fatal(err)
	}
	// An xlsx data file, for template.
	book := filepath.Join(dir, "book.xlsx")
	if _, stderr, code := runCLI(t, "import", "--framework", fw, filepath.Join(dir, "partial.csv"), "--out", book, "--quiet"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	other := filepath.Join(dir, "sub", "..", "data.csv") // data.csv spelled another way
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	scratch := filepath.Join(t.TempDir(), "r.xlsx") // an output that is not an input
	rel, err := filepath.Rel(mustGetwd(t), data)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		victim string
	}{
		{"weights data", []string{"weights", "--profile", prof, "--data", data, "--out", data}, data},
		{"weights data spelled", []string{"weights", "--profile", prof, "--data", data, "--out", other}, data},
		{"weights data relative", []string{"weights", "--profile", prof, "--data", data, "--out", rel}, data},
		{"weights hard link", []string{"weights", "--profile", prof, "--data", link, "--out", data}, data},
		{"weights folder", []string{"weights", "--profile", prof, "--data", folder, "--out", inFolder}, inFolder},
		{"weights profile", []string{"weights", "--framework", fw, "--profile", profCSV, "--out", profCSV}, profCSV},
		{"weights framework", []string{"weights", "--framework", fwCSV, "--profile", prof, "--out", fwCSV}, fwCSV},
		{"score data", []string{"score", "--profile", prof, "--data", data, "--out", data}, data},
		{"score side file", []string{"score", "--profile", prof, "--data", data, "--out", scratch, "--processed", other}, data},
		{"score hard link", []string{"score", "--profile", prof, "--data", data, "--out", scratch, "--weights-applied", link}, data},
		{"score folder", []string{"score", "--profile", prof, "--data", folder, "--out", inFolder}, inFolder},
		{"score profile", []string{"score", "--framework", fw, "--profile", profCSV, "--data", data, "--out", profCSV}, profCSV},
		{"score framework", []string{"score", "--framework", fwCSV, "--profile", prof, "--data", data, "--changes", fwCSV}, fwCSV},
		{"import data", []string{"import", "--framework", fw, data, "--out", other}, data},
		{"import hard link", []string{"import", "--framework", fw, link, "--out", data}, data},
		{"import folder", []string{"import", "--framework", fw, folder, "--out", inFolder}, inFolder},
		{"import framework", []string{"import", "--framework", fwCSV, data, "--out", fwCSV}, fwCSV},
		{"template data", []string{"template", "--framework", fw, "--data", book, "--year", "2022", "--out", book}, book},
		{"template spelled", []string{"template", "--framework", fw, "--data", book, "--year", "2022", "--out", filepath.Join(dir, "sub", "..", "book.xlsx")}, book},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := mustRead(t, tc.victim)
			_, stderr, code := runCLI(t, tc.args...)
			if code != 1 || !strings.Contains(stderr, "refusing to overwrite an input file") {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
			if !bytes.Equal(before, mustRead(t, tc.victim)) {
				t.Errorf("%s was changed", tc.victim)
			}
			noLeftovers(t, dir)
		})
	}
}

func mustGetwd(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd
}

// TestInterrupt: a run whose context is cancelled — before it starts,
// after a first output is written, or while a writer runs — exits 130
// (143 for SIGTERM) with one line on stderr, leaves no temporary file and
// does not touch an existing output.
func TestInterrupt(t *testing.T) {
	dir := fixture(t)
	prof, data := filepath.Join(dir, "profile.yaml"), filepath.Join(dir, "data.csv")
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	old := filepath.Join(out, "a.csv")
	args := []string{"score", "--profile", prof, "--data", data, "--out", old, "--out", filepath.Join(out, "b.xlsx"),
		"--processed", filepath.Join(out, "p.csv")}
	check := func(t *testing.T, stderr string, code, wantCode int, want string) {
		t.Helper()
		if code != wantCode || stderr != want {
			t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr, wantCode, want)
		}
		if got := names(t, out); !slices.Equal(got, []string{"a.csv"}) {
			t.Errorf("files after the interrupt: %v", got)
		}
		if b := mustRead(t, old); string(b) != "old\n" {
			t.Errorf("the existing output was changed: %q", b)
		}
	}
	os.WriteFile(old, []byte("old\n"), 0o644)

	t.Run("before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, stderr, code := runCtx(ctx, args...)
		check(t, stderr, code, 130, "cityscore score: interrupted\n")
	})
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run("after first output "+sig.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			n := 0
			afterTemp = func(context.Context, string) {
				if n++; n == 2 {
					cancel(interrupted{sig})
				}
			}
			defer func() { afterTemp = nil }()
			_, stderr, code := runCtx(ctx, args...)
			want, wantCode := "cityscore score: interrupted\n", 130
			if sig == syscall.SIGTERM {
				want, wantCode = "cityscore score: terminated\n", 143
			}
			check(t, stderr, code, wantCode, want)
		})
	}
	for _, cmd := range [][]string{
		{"weights", "--profile", prof, "--out", filepath.Join(out, "w.csv")},
		{"import", "--framework", filepath.Join(dir, "framework.yaml"), data, "--out", filepath.Join(out, "i.xlsx")},
		{"template", "--framework", filepath.Join(dir, "framework.yaml"), "--data", filepath.Join(dir, "partial.csv"), "--out", filepath.Join(out, "t.xlsx")},
	} {
		t.Run(cmd[0], func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			afterTemp = func(context.Context, string) { cancel() }
			defer func() { afterTemp = nil }()
			_, stderr, code := runCtx(ctx, cmd...)
			check(t, stderr, code, 130, "cityscore "+cmd[0]+": interrupted\n")
		})
	}
}

// TestInterruptWhileWriting: a writer running when the context is
// cancelled fails at its next write, and its temporary file goes.
func TestInterruptWhileWriting(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var tmpSeen string
	slow := func(w io.Writer) error {
		if _, err := io.WriteString(w, "first part\n"); err != nil {
			return err
		}
		tmps, _ := filepath.Glob(filepath.Join(dir, ".slow.csv.*.tmp"))
		if len(tmps) == 1 {
			tmpSeen = tmps[0]
		}
		cancel() // SIGINT arrives while the writer runs
		for range 1000 {
			if _, err := io.WriteString(w, strings.Repeat("x", 1000)+"\n"); err != nil {
				return err
			}
		}
		return nil
	}
	done := outFile{filepath.Join(dir, "done.csv"), func(w io.Writer) error { _, err := io.WriteString(w, "done\n"); return err }}
	err := writeAll(ctx, io.Discard, nil, []outFile{done, {filepath.Join(dir, "slow.csv"), slow}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if tmpSeen == "" {
		t.Fatal("the writer did not write to a temporary file")
	}
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("files after the interrupt: %v", got)
	}
}

// TestInterruptSignal sends SIGINT and SIGTERM to the command, paused
// after its first temporary file: exit 130 and 143, one line on stderr,
// no temporary file, the existing output unchanged.
func TestInterruptSignal(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command as a process")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := fixture(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
		msg  string
	}{{syscall.SIGINT, 130, "cityscore score: interrupted"}, {syscall.SIGTERM, 143, "cityscore score: terminated"}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			out := t.TempDir()
			old := filepath.Join(out, "a.csv")
			os.WriteFile(old, []byte("old\n"), 0o644)
			cmd := exec.Command(exe, "score", "--profile", filepath.Join(dir, "profile.yaml"), "--data", filepath.Join(dir, "data.csv"),
				"--out", old, "--out", filepath.Join(out, "b.xlsx"))
			cmd.Env = append(os.Environ(), "CITYSCORE_AS_COMMAND=1", "CITYSCORE_TEST_PAUSE=1")
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stderr)
			var lines []string
			for sc.Scan() {
				if sc.Text() == pausedLine {
					cmd.Process.Signal(tc.sig)
					continue
				}
				lines = append(lines, sc.Text())
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Fatalf("wait: %v, want exit %d; stderr %q", err, tc.code, lines)
			}
			if !slices.Equal(lines, []string{tc.msg}) {
				t.Errorf("stderr %q, want %q", lines, tc.msg)
			}
			if got := names(t, out); !slices.Equal(got, []string{"a.csv"}) {
				t.Errorf("files after the signal: %v", got)
			}
			if b := mustRead(t, old); string(b) != "old\n" {
				t.Errorf("the existing output was changed: %q", b)
			}
		})
	}
}

// TestCommitRestores: when replacing the outputs fails after the first was
// renamed into place, the outputs already replaced get their previous
// content back, byte for byte and with their mode, and new ones are
// removed.
func TestCommitRestores(t *testing.T) {
	dir := fixture(t)
	prof, data := filepath.Join(dir, "profile.yaml"), filepath.Join(dir, "data.csv")
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	a, b := filepath.Join(out, "a.csv"), filepath.Join(out, "b.json")
	os.WriteFile(a, []byte("previous a\n"), 0o600)
	os.Chmod(a, 0o600)
	args := []string{"score", "--profile", prof, "--data", data, "--out", a, "--out", b, "--out", filepath.Join(out, "c.xlsx")}

	t.Run("rename fails", func(t *testing.T) {
		n := 0
		rename = func(from, to string) error {
			if n++; n == 3 { // a.csv, a.csv.manifest.json, then b.json
				return errors.New("injected failure")
			}
			return os.Rename(from, to)
		}
		defer func() { rename = os.Rename }()
		_, stderr, code := runCLI(t, args...)
		if code != 1 || !strings.Contains(stderr, "injected failure") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if got := mustRead(t, a); string(got) != "previous a\n" {
			t.Errorf("a.csv not restored: %q", got)
		}
		if fi, _ := os.Stat(a); fi.Mode().Perm() != 0o600 {
			t.Errorf("a.csv mode %v after the restore", fi.Mode())
		}
		if got := names(t, out); !slices.Equal(got, []string{"a.csv"}) {
			t.Errorf("files: %v", got)
		}
	})
	t.Run("destination is a directory", func(t *testing.T) {
		os.Mkdir(b, 0o755)
		defer os.Remove(b)
		_, stderr, code := runCLI(t, args...)
		if code != 1 || !strings.Contains(stderr, b+": is a directory") {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if got := mustRead(t, a); string(got) != "previous a\n" {
			t.Errorf("a.csv changed: %q", got)
		}
		if got := names(t, out); !slices.Equal(got, []string{"a.csv", "b.json"}) {
			t.Errorf("files: %v", got)
		}
	})
	t.Run("stdout fails", func(t *testing.T) {
		e := &env{stdout: failWriter{}, stderr: io.Discard, now: fixedNow, args: []string{"cityscore"}}
		code := e.exec(context.Background(), append(args[:len(args)-2], "--processed", "-"))
		if code != 1 {
			t.Fatalf("exit %d", code)
		}
		if got := mustRead(t, a); string(got) != "previous a\n" {
			t.Errorf("a.csv not restored: %q", got)
		}
		if got := names(t, out); !slices.Equal(got, []string{"a.csv"}) {
			t.Errorf("files: %v", got)
		}
	})
	noLeftovers(t, out)
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// TestOutputMode: a replaced output keeps its mode; a new one is 0644.
func TestOutputMode(t *testing.T) {
	dir := fixture(t)
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.xlsx")
	os.WriteFile(a, []byte("old\n"), 0o600)
	os.Chmod(a, 0o600)
	_, stderr, code := runCLI(t, "score", "--profile", filepath.Join(dir, "profile.yaml"), "--data", filepath.Join(dir, "data.csv"),
		"--out", a, "--out", b)
	if code != 0 {
		t.Fatal(stderr)
	}
	for path, want := range map[string]os.FileMode{a: 0o600, b: 0o644, a + ".manifest.json": 0o644} {
		if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want %v", filepath.Base(path), fi.Mode(), err, want)
		}
	}
	noLeftovers(t, dir)
}

// TestCSVRaw: a unit named like a formula is quoted in every CSV output
// of score, import and weights, and written as it is with --csv-raw;
// negative numbers are never quoted.
func TestCSVRaw(t *testing.T) {
	dir := fixture(t)
	src := strings.NewReplacer("甲市", `"=HYPERLINK(""http://x"",""y"")"`, "乙市", "-2+3", "丙市", "@SUM(A1)").
		Replace(string(mustRead(t, filepath.Join(dir, "data.csv"))))
	data := filepath.Join(dir, "hostile.csv")
	os.WriteFile(data, []byte(src), 0o644)
	fw, prof := filepath.Join(dir, "framework.yaml"), filepath.Join(dir, "profile.yaml")
	zprof := filepath.Join(dir, "z.yaml")
	os.WriteFile(zprof, []byte("profile: z\nframework: framework.yaml\nnormalize: zscore\n"), 0o644)
	for _, raw := range []bool{false, true} {
		out := t.TempDir()
		p := func(name string) string { return filepath.Join(out, name) }
		cmds := [][]string{
			{"score", "--profile", zprof, "--data", data, "--out", p("s.csv"), "--detail", "--processed", p("p.csv"),
				"--changes", p("c.csv"), "--weights-applied", p("w.csv")},
			{"score", "--profile", prof, "--data", data, "--out", p("s.xlsx"), "--obstacles", p("o.csv"), "--quiet"},
			{"import", "--framework", fw, data, "--out", p("i.csv")},
			{"weights", "--profile", prof, "--out", p("weights.csv")},
		}
		for _, args := range cmds {
			if raw {
				args = append(args, "--csv-raw")
			}
			if _, stderr, code := runCLI(t, args...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
		}
		negative := false
		for _, name := range []string{"s.csv", "p.csv", "c.csv", "w.csv", "o.csv", "i.csv"} {
			seen := map[string]bool{}
			for _, rec := range readCSVFile(t, p(name)) {
				for _, f := range rec {
					seen[f] = true
					negative = negative || strings.HasPrefix(f, "-") && f != "-2+3"
				}
			}
			q := "'"
			if raw {
				q = ""
			}
			for _, u := range []string{"=HYPERLINK(\"http://x\",\"y\")", "-2+3", "@SUM(A1)"} {
				if !seen[q+u] || seen[strings.TrimPrefix("'"+u, q)] && !raw {
					t.Errorf("raw %v: %s: want %q", raw, name, q+u)
				}
			}
		}
		if !negative {
			t.Error("no negative number in the z-score outputs")
		}
	}

	// The catalog CSV too: an indicator named like a formula.
	hfw := filepath.Join(dir, "hostile.yaml")
	os.WriteFile(hfw, []byte(strings.Replace(string(mustRead(t, fw)), "{zh: 人均地区生产总值,", `{zh: "=SUM(1)",`, 1)), 0o644)
	for _, raw := range []bool{false, true} {
		args := []string{"catalog", "--framework", hfw, "--format", "csv"}
		want := "'=SUM(1)"
		if raw {
			args, want = append(args, "--csv-raw"), "=SUM(1)"
		}
		stdout, stderr, code := runCLI(t, args...)
		recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
		if code != 0 || err != nil || len(recs) < 2 || recs[1][7] != want {
			t.Errorf("catalog (raw %v): exit %d %s %v: %q, want %q", raw, code, stderr, err, recs[1], want)
		}
	}
}

// TestReproducible: two identical runs with SOURCE_DATE_EPOCH set give
// byte-identical outputs (xlsx, CSV, JSON and the manifests), on a clock
// that moves; the manifest and the workbook's properties carry that time.
func TestReproducible(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	dir := fixture(t)
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	fw, prof, data := filepath.Join(dir, "framework.yaml"), filepath.Join(dir, "profile.yaml"), filepath.Join(dir, "data.csv")
	panel := filepath.Join(dir, "panel.yaml")
	os.WriteFile(panel, mustRead(t, "testdata/small/panel.yaml"), 0o644)
	o := func(name string) string { return filepath.Join(out, name) }
	cmds := [][]string{
		{"score", "--profile", prof, "--data", data, "--out", o("r.xlsx"), "--out", o("r.csv"), "--out", o("r.json"),
			"--processed", o("p.csv"), "--weights-applied", o("w.csv"), "--obstacles", o("ob.csv"), "--quiet"},
		{"score", "--profile", panel, "--data", data, "--out", o("panel.xlsx"), "--changes", o("c.csv"), "--quiet"},
		{"import", "--framework", fw, data, "--out", o("i.xlsx"), "--quiet"},
		{"template", "--framework", fw, "--data", filepath.Join(dir, "partial.csv"), "--year", "2022", "--out", o("t.xlsx"), "--quiet"},
		{"weights", "--profile", prof, "--out", o("weights.csv")},
	}
	runAll := func() map[string][]byte {
		for _, args := range cmds {
			if _, stderr, code := runCtx(context.Background(), args...); code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
		}
		got := map[string][]byte{}
		for _, n := range names(t, out) {
			got[n] = mustRead(t, o(n))
		}
		return got
	}
	first := runAll()
	time.Sleep(1100 * time.Millisecond) // the clock moves on
	second := runAll()
	if len(first) < 10 {
		t.Fatalf("only %d outputs", len(first))
	}
	for n, b := range first {
		if !bytes.Equal(b, second[n]) {
			t.Errorf("%s differs between two identical runs", n)
		}
	}
	if !bytes.Contains(first["r.json"], []byte(`"time":"2023-11-14T22:13:20Z"`)) {
		t.Errorf("the manifest time is not SOURCE_DATE_EPOCH's")
	}

	t.Setenv("SOURCE_DATE_EPOCH", "yesterday")
	_, stderr, code := runCtx(context.Background(), cmds[0]...)
	if code != 1 || !strings.Contains(stderr, "SOURCE_DATE_EPOCH") {
		t.Errorf("a bad SOURCE_DATE_EPOCH: exit %d, %q", code, stderr)
	}
}
