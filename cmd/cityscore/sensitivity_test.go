package main

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const (
	asemFramework = "testdata/asem/framework.yaml"
	asemData      = "../../scoring/testdata/asem/ASEM_iData.csv"
)

// quantile7 is R's type-7 quantile of sorted, restated here independently
// of package composite.
func quantile7(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := math.Floor(h)
	if int(lo)+1 >= len(sorted) {
		return sorted[int(lo)]
	}
	return sorted[int(lo)] + (h-lo)*(sorted[int(lo)+1]-sorted[int(lo)])
}

// TestSensitivityReplayRoundTrip: a fresh Saltelli analysis on ASEM writes
// its weight sets and replicate parameters; replaying them gives the same
// ranks for every replicate and the same Sobol indices. The rank statistics
// agree with the replicate ranks, recomputed here from the long file.
func TestSensitivityReplayRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	common := []string{"sensitivity", "--framework", asemFramework, "--data", asemData, "--unit-column", "uCode",
		"--profile", "testdata/asem/profile-minmax-1-100-geometric.yaml", "--design", "saltelli", "--bootstrap", "200", "--seed", "11"}
	_, stderr, code := runCLI(t, append(slices.Clone(common), "--n", "20", "--noise", "dimensions=0.3", "--noise", "goals=0.3",
		"--aggregate", "arithmetic,geometric", "--leave-out", "dimensions",
		"--weight-sets-out", p("sets.csv"), "--params-out", p("params.csv"), "--replicate-ranks", p("ranks.csv"),
		"--sobol", p("sobol.csv"), "--rank-stats", p("stats.csv"), "--quiet")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	params := readCSVFile(t, p("params.csv"))
	if got := strings.Join(params[0], ","); got != "replicate,weight_set,aggregate,drop,y" {
		t.Fatalf("params.csv header %q", got)
	}
	if len(params) != 1+20*5 {
		t.Fatalf("params.csv: %d replicates, want 100 (N·(d + 2), N 20, d 3)", len(params)-1)
	}
	_, stderr, code = runCLI(t, append(slices.Clone(common), "--weight-sets", p("sets.csv"), "--replicates", p("params.csv"),
		"--replicate-ranks", p("ranks2.csv"), "--sobol", p("sobol2.csv"), "--quiet")...)
	if code != 0 {
		t.Fatalf("replay: exit %d: %s", code, stderr)
	}
	for _, pair := range [][2]string{{"ranks.csv", "ranks2.csv"}, {"sobol.csv", "sobol2.csv"}} {
		a, _ := os.ReadFile(p(pair[0]))
		b, _ := os.ReadFile(p(pair[1]))
		if string(a) != string(b) {
			t.Errorf("the replay's %s differs from the run's %s", pair[1], pair[0])
		}
	}
	sobol := readCSVFile(t, p("sobol.csv"))
	if got := strings.Join(sobol[0], ","); got != "input,si,sti,si_q5,si_q95,sti_q5,sti_q95" || len(sobol) != 4 ||
		sobol[1][0] != "weights" || sobol[2][0] != "aggregate" || sobol[3][0] != "drop" {
		t.Fatalf("sobol.csv:\n%v", sobol)
	}

	// Rank statistics over the A and B runs (replicates 1–40), recomputed.
	ranks := map[string][]float64{}
	for _, r := range readCSVFile(t, p("ranks.csv"))[1:] {
		rep, _ := strconv.Atoi(r[0])
		if rep < 1 || rep > 40 || r[3] == "" {
			continue
		}
		v, _ := strconv.ParseFloat(r[3], 64)
		ranks[r[1]] = append(ranks[r[1]], v)
	}
	stats := readCSVFile(t, p("stats.csv"))
	if got := strings.Join(stats[0], ","); !strings.HasPrefix(got, "unit,nominal,mean,median,q5,q95") || len(stats) != 52 {
		t.Fatalf("stats.csv: header %q, %d rows", got, len(stats)-1)
	}
	for _, r := range stats[1:] {
		x := ranks[r[0]]
		slices.Sort(x)
		var sum float64
		for _, v := range x {
			sum += v
		}
		want := []float64{sum / float64(len(x)), quantile7(x, 0.5), quantile7(x, 0.05), quantile7(x, 0.95)}
		for k, col := range []int{2, 3, 4, 5} {
			got, _ := strconv.ParseFloat(r[col], 64)
			if math.Abs(got-want[k]) > 1e-9 {
				t.Errorf("%s %s = %v, recomputed %v", r[0], stats[0][col], got, want[k])
			}
		}
	}
}

// TestSensitivityUsage: mistakes on the command line are usage errors.
func TestSensitivityUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--design", "morris"}, `unknown design "morris"`},
		{[]string{"--sobol", "s.csv"}, "Sobol indices need --design saltelli"},
		{[]string{"--noise", "goals"}, "want LEVEL=F"},
		{[]string{"--noise", "regions=0.2"}, `level "regions"`},
		{[]string{"--aggregate", "median"}, `unknown aggregation method "median"`},
		{[]string{"--leave-out", "goals"}, "want indicators, dimensions or none"},
		{[]string{"--rank-stats", "r.txt"}, "want a .csv file"},
	} {
		_, stderr, code := runCLI(t, append([]string{"sensitivity"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
