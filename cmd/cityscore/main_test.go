package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/cli")

// TestMain runs the test binary as the command when CITYSCORE_AS_COMMAND is
// set, so that the end-to-end tests exercise main() and real exit codes
// without building a binary (golang.org/x/tools cmd/stringer does the same).
//
// With CITYSCORE_TEST_PAUSE=1 as well, the command pauses after writing its
// first temporary file: it prints pausedLine to stderr and waits for a
// signal to cancel the run (TestInterruptSignal).
func TestMain(m *testing.M) {
	if os.Getenv("CITYSCORE_AS_COMMAND") == "1" {
		if os.Getenv("CITYSCORE_TEST_PAUSE") == "1" {
			var once sync.Once
			afterTemp = func(ctx context.Context, _ string) {
				once.Do(func() {
					fmt.Fprintln(os.Stderr, pausedLine)
					select {
					case <-ctx.Done():
					case <-time.After(time.Minute):
					}
				})
			}
		}
		main()
		return
	}
	os.Exit(m.Run())
}

// pausedLine is what the paused command prints.
const pausedLine = "test: paused after the first temporary file"

// fixedNow makes manifests reproducible.
var fixedNow = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }

// runCLI runs args in-process with a fixed clock.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb, now: fixedNow, args: append([]string{"cityscore"}, args...)}
	code = e.exec(context.Background(), args)
	return out.String(), errb.String(), code
}

// TestCLI runs the cases of testdata/cli/<case>/: `args` holds one argument
// per line ($TESTDATA is this package's testdata directory, $OUT a fresh
// temporary directory); `stdout`, `stderr` and `exit` are the expected
// results, with $OUT and $TESTDATA put back in place of the paths. A file
// `files` lists the files $OUT must hold afterwards (one per line; empty:
// none). Run with -update to rewrite the expectations.
func TestCLI(t *testing.T) {
	cases, err := filepath.Glob("testdata/cli/*")
	if err != nil || len(cases) == 0 {
		t.Fatal("no CLI cases")
	}
	testdata, _ := filepath.Abs("testdata")
	for _, dir := range cases {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, "args"))
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			var args []string
			for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
				if line == "" {
					continue
				}
				line = strings.ReplaceAll(line, "$TESTDATA", testdata)
				args = append(args, strings.ReplaceAll(line, "$OUT", out))
			}
			stdout, stderr, code := runCLI(t, args...)
			clean := func(s string) string {
				s = strings.ReplaceAll(s, out, "$OUT")
				return strings.ReplaceAll(s, testdata, "$TESTDATA")
			}
			var files []string
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				files = append(files, e.Name())
			}
			got := map[string]string{
				"stdout": clean(stdout), "stderr": clean(stderr), "exit": strconv.Itoa(code) + "\n",
				"files": strings.Join(files, "\n"),
			}
			for _, name := range []string{"stdout", "stderr", "exit", "files"} {
				path := filepath.Join(dir, name)
				if *update {
					if err := os.WriteFile(path, []byte(got[name]), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if got[name] != string(want) {
					t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got[name], want)
				}
			}
		})
	}
}

// TestASEM drives the COINr equivalence pipelines through the command line:
// the ASEM framework (testdata/asem/framework.yaml, mirroring COINr's
// ASEM_iMeta) and the six profiles of the acceptance tests, compared with
// the R reference results of ../../scoring/testdata/asem and, for min-max,
// with COINr's own expected-sample.csv.
func TestASEM(t *testing.T) {
	data := "../../scoring/testdata/asem/ASEM_iData.csv"
	for _, p := range []string{"minmax", "zscore", "zscore-10-2", "minmax-1-100-geometric", "rank", "percentile"} {
		t.Run(p, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "scores.csv")
			_, stderr, code := runCLI(t, "score", "--framework", "testdata/asem/framework.yaml",
				"--profile", "testdata/asem/profile-"+p+".yaml", "--data", data, "--unit-column", "uCode",
				"--detail", "--out", out)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got := readRecords(t, out, "unit")
			ref := readRecords(t, "../../scoring/testdata/asem/reference-"+p+".csv", "uCode")
			if len(got) != 51 || len(ref) != 51 {
				t.Fatalf("%d units scored, %d in the reference", len(got), len(ref))
			}
			for u, r := range ref {
				g := got[u]
				if g["year"] != "2018" {
					t.Fatalf("%s year %q", u, g["year"])
				}
				for k, want := range r {
					switch k {
					case "uCode":
						continue
					case "Index_rank":
						if g["rank"] != want {
							t.Errorf("%s rank %s, want %s", u, g["rank"], want)
						}
						continue
					case "Index":
						k = "score"
					}
					if !sameNumber(g[k], want) {
						t.Errorf("%s %s = %s, want %s", u, k, g[k], want)
					}
				}
			}
			if p != "minmax" {
				return
			}
			// COINr 1.1.14's own results for five units.
			for u, r := range readRecords(t, "../../scoring/testdata/asem/expected-sample.csv", "uCode") {
				for k, want := range r {
					col := map[string]string{"uCode": "", "Index": "score", "Index_rank": "rank", "LPI_normalised": "LPI"}[k]
					if col == "" && k != "uCode" {
						col = k
					}
					if col != "" && !sameNumber(got[u][col], want) {
						t.Errorf("%s %s = %s, COINr gives %s", u, k, got[u][col], want)
					}
				}
			}
		})
	}
}

// sameNumber compares two CSV fields: both empty, or equal within 1e-9
// relative.
func sameNumber(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && (x == y || math.Abs(x-y) <= 1e-9*math.Max(math.Abs(x), math.Abs(y)))
}

// readRecords reads a CSV into maps keyed by the column key.
func readRecords(t *testing.T, path, key string) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for j, h := range recs[0] {
			m[h] = r[j]
		}
		out[m[key]] = m
	}
	return out
}

// TestEndToEnd runs the real command (this test binary as main) for the
// outcomes only a process shows: exit codes and files on disk.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command as a process")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	run := func(dir string, args ...string) (string, int) {
		cmd := exec.Command(exe, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CITYSCORE_AS_COMMAND=1")
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), code
	}

	// The newcomer's command: no flags, the built-in sample, a workbook.
	dir := t.TempDir()
	out, code := run(dir, "score")
	if code != 0 || !strings.Contains(out, "wrote cityscore-results.xlsx") {
		t.Fatalf("score: exit %d\n%s", code, out)
	}
	if fi, err := os.Stat(filepath.Join(dir, "cityscore-results.xlsx")); err != nil || fi.Size() == 0 || fi.Mode().Perm() != 0o644 {
		t.Fatalf("workbook: %v %v", fi, err)
	}

	// A failed run leaves an existing output untouched and no stray files.
	data, _ := filepath.Abs("testdata/small/data.csv")
	fw, _ := filepath.Abs("testdata/small/framework.yaml")
	bad, _ := filepath.Abs("testdata/small/bad-cell.csv")
	prev := filepath.Join(dir, "scores.csv")
	os.WriteFile(prev, []byte("previous\n"), 0o644)
	out, code = run(dir, "score", "--framework", fw, "--data", bad, "--out", "scores.csv", "--out", "book.xlsx")
	if code != 1 || !strings.Contains(out, `"12,3a"`) {
		t.Fatalf("bad cell: exit %d\n%s", code, out)
	}
	if b, _ := os.ReadFile(prev); string(b) != "previous\n" {
		t.Errorf("failed run changed an existing output: %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files after a failed run: %v", names)
	}

	// Usage errors exit 2; an output may not replace an input.
	if _, code := run(dir, "score", "--nope"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	in := filepath.Join(dir, "in.csv")
	b, _ := os.ReadFile(data)
	os.WriteFile(in, b, 0o644)
	if out, code := run(dir, "score", "--framework", fw, "--data", in, "--out", in); code != 1 || !strings.Contains(out, "input") {
		t.Errorf("output over input: exit %d\n%s", code, out)
	}
	if b2, _ := os.ReadFile(in); !bytes.Equal(b, b2) {
		t.Error("the input was changed")
	}
}

// TestASEMImputeTreat drives imputation and outlier treatment through the
// command line, as the acceptance tests do: imputation by mean, median and
// group mean and median (EurAsia_group) read back through --processed, and
// COINr's Treat() with its defaults and with winmax 1 followed by min-max
// [0, 100] and arithmetic means, read back as scores; compared with the R
// references of ../../scoring/testdata/asem.
func TestASEMImputeTreat(t *testing.T) {
	data := "../../scoring/testdata/asem/ASEM_iData.csv"
	run := func(t *testing.T, profile string, extra ...string) string {
		dir := t.TempDir()
		args := append([]string{"score", "--profile", "testdata/asem/" + profile, "--data", data,
			"--unit-column", "uCode", "--detail", "--out", filepath.Join(dir, "scores.csv")}, extra...)
		for i, a := range args {
			args[i] = strings.ReplaceAll(a, "$D", dir)
		}
		if _, stderr, code := runCLI(t, args...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		return dir
	}
	for _, m := range []string{"mean", "median", "group_mean", "group_median"} {
		t.Run("impute/"+m, func(t *testing.T) {
			dir := run(t, "profile-impute-"+m+".yaml", "--processed", "$D/processed.csv")
			got := readRecords(t, filepath.Join(dir, "processed.csv"), "unit")
			want := readRecords(t, "../../scoring/testdata/asem/reference-impute-"+m+".csv", "uCode")
			for u, r := range want {
				if got[u]["year"] != "2018" {
					t.Fatalf("%s: year %q", u, got[u]["year"])
				}
				for k, v := range r {
					if k != "uCode" && !sameNumber(got[u][k], v) {
						t.Errorf("%s %s = %s, want %s", u, k, got[u][k], v)
					}
				}
			}
		})
	}
	for _, tr := range []string{"default", "winmax1"} {
		t.Run("treat/"+tr, func(t *testing.T) {
			dir := run(t, "profile-treat-"+tr+".yaml")
			got := readRecords(t, filepath.Join(dir, "scores.csv"), "unit")
			want := readRecords(t, "../../scoring/testdata/asem/reference-treat-"+tr+"-scores.csv", "uCode")
			for u, r := range want {
				for k, v := range r {
					switch k {
					case "uCode":
						continue
					case "Index_rank":
						k = "rank"
					case "Index":
						k = "score"
					}
					if !sameNumber(got[u][k], v) {
						t.Errorf("%s %s = %s, want %s", u, k, got[u][k], v)
					}
				}
			}
		})
	}
}
