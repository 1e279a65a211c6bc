package sensitivity_test

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

func readRefCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open("testdata/asem-sa/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		if strings.TrimSpace(s) == "NA" {
			return math.NaN()
		}
		t.Fatal(err)
	}
	return v
}

// TestAgainstR: the ranks, rank statistics, output variable and Sobol point
// estimates of a Saltelli analysis (ASEM, N = 10, d = 3, 50 runs) equal
// those R computes from the same scores with COINr's rules
// (testdata/asem-sa/reference.R: rank(-x, ties = "min"), mean, median,
// quantile type 7 over the A and B runs, mean |rank − nominal|, SA_estimate).
func TestAgainstR(t *testing.T) {
	var units []dataset.UnitID
	index := map[string]int{}
	scores := map[int][]float64{}
	rows := readRefCSV(t, "scores.csv")
	for _, r := range rows {
		if r[0] == "0" {
			index[r[1]] = len(units)
			units = append(units, dataset.UnitID(r[1]))
		}
	}
	for _, r := range rows {
		rep, _ := strconv.Atoi(r[0])
		if scores[rep] == nil {
			scores[rep] = make([]float64, len(index))
		}
		scores[rep][index[r[1]]] = num(t, r[2])
	}
	const n, d = 10, 3
	runs := n * (d + 2)
	rank := func(x []float64) []int32 {
		r := make([]int32, len(x))
		composite.SportRanksTo(r, x)
		return r
	}
	res := &sensitivity.Result{Units: units, Scores: make([][]float64, runs), Ranks: make([][]int32, runs),
		Nominal: &scoring.YearResult{Units: units, Scores: [][]float64{scores[0]}, Ranks: [][]int32{rank(scores[0])}}}
	for k := range runs {
		res.Scores[k], res.Ranks[k] = scores[k+1], rank(scores[k+1])
	}
	plan := &sensitivity.Plan{Design: sensitivity.DesignSaltelli, N: n, Replicates: make([]sensitivity.Replicate, runs),
		Inputs: []sensitivity.Input{{Name: "weight_set"}, {Name: "aggregate"}, {Name: "drop"}}}
	a, err := sensitivity.AnalyseRanks(res, plan, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range readRefCSV(t, "reference-ranks.csv") {
		rep, _ := strconv.Atoi(r[0])
		want := int32(num(t, r[2]))
		got := res.Nominal.Ranks[0][index[r[1]]]
		if rep > 0 {
			got = res.Ranks[rep-1][index[r[1]]]
		}
		if got != want {
			t.Errorf("replicate %d, %s: rank %d, R %d", rep, r[1], got, want)
		}
	}
	for _, r := range readRefCSV(t, "reference-stats.csv") {
		st := a.Stats[index[r[0]]]
		for k, got := range []float64{float64(st.Nominal), st.Mean, st.Median, st.Q5, st.Q95} {
			if want := num(t, r[1+k]); got != want {
				t.Errorf("%s column %d: %v, R %v", r[0], 2+k, got, want)
			}
		}
	}
	for _, r := range readRefCSV(t, "reference-y.csv") {
		k, _ := strconv.Atoi(r[0])
		if want := num(t, r[1]); a.Y[k-1] != want {
			t.Errorf("y of replicate %d: %v, R %v", k, a.Y[k-1], want)
		}
	}
	for i, r := range readRefCSV(t, "reference-sobol.csv") {
		s := a.Sobol[i]
		if s.Input != r[0] || math.Abs(s.Si-num(t, r[1])) > 1e-12 || math.Abs(s.STi-num(t, r[2])) > 1e-12 {
			t.Errorf("%s: Si %v STi %v, R %s %s", s.Input, s.Si, s.STi, r[1], r[2])
		}
	}
}
