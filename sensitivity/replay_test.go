package sensitivity_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

// asem loads COINr's ASEM example: 51 countries, 49 indicators → 8
// pillars → 2 sub-indices → index.
func asem(t testing.TB) (*dataset.Schema, *dataset.Table) {
	t.Helper()
	fw, err := indicators.LoadFile("../cmd/cityscore/testdata/asem/framework.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tab, _, err := importers.ReadFile("../scoring/testdata/asem/ASEM_iData.csv", importers.Options{Framework: fw, UnitColumn: "uCode"})
	if err != nil {
		t.Fatal(err)
	}
	fw.Compute(tab)
	return fw.Schema(), tab
}

// TestReplayEqualsScoring: a replicate of a weight set and an aggregation
// gives exactly what scoring gives under a profile with those choices, and
// a set that repeats the framework's weights gives the nominal ranks.
func TestReplayEqualsScoring(t *testing.T) {
	s, tab := asem(t)
	sets, order, err := sensitivity.WeightSets(strings.NewReader(
		"weight_set,id,level,weight\n"+
			"same,Physical,2,1\nsame,Index,4,1\n"+
			"heavy,Physical,2,4\nheavy,Conn,3,0.25\nheavy,LPI,1,3\n"), "sets.csv", s)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(order) != "[same heavy]" {
		t.Fatalf("order %v", order)
	}
	reps, inputs, err := sensitivity.Replay(strings.NewReader(
		"replicate,weight_set,aggregate\n1,same,\n2,heavy,\n3,heavy,geometric\n4,,geometric\n"), "params.csv", s, sets)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(inputs) != "[weight_set aggregate]" {
		t.Fatalf("inputs %v", inputs)
	}
	base := scoring.DefaultOptions()
	base.Normalize.Range = [2]float64{1, 100} // geometric means need values > 0
	for _, workers := range []int{1, 2} {
		res, err := sensitivity.Run(context.Background(), s, tab, base, reps, sensitivity.RunOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		for u := range res.Units {
			if res.Ranks[0][u] != res.NominalRanks()[u] || res.Scores[0][u] != res.NominalScores()[u] {
				t.Errorf("set 'same', %s: rank %d score %v, nominal %d %v", res.Units[u], res.Ranks[0][u], res.Scores[0][u],
					res.NominalRanks()[u], res.NominalScores()[u])
			}
		}
		for k, rep := range reps {
			opt := base
			if rep.Weights != nil {
				opt.Weights = scoring.PerLevel[scoring.WeightSpec]{
					Indicators: scoring.WeightSpec{Method: scoring.WeightManual, Values: map[string]float64{"LPI": 3}},
					Dimensions: scoring.WeightSpec{Method: scoring.WeightManual, Values: map[string]float64{"Physical": 1}},
				}
				if rep.WeightSet == "heavy" {
					opt.Weights.Dimensions.Values["Physical"] = 4
					opt.Weights.Goals = scoring.WeightSpec{Method: scoring.WeightManual, Values: map[string]float64{"Conn": 0.25}}
				} else {
					opt.Weights.Indicators = scoring.WeightSpec{}
				}
			}
			if rep.Aggregate != nil {
				spec := scoring.DefaultAggregateSpec(*rep.Aggregate)
				opt.Aggregate = scoring.PerLevel[scoring.AggregateSpec]{Indicators: spec, Dimensions: spec, Goals: spec}
			}
			want, err := scoring.Run(s, tab, opt)
			if err != nil {
				t.Fatal(err)
			}
			y := want.Years[0]
			for u := range res.Units {
				if res.Ranks[k][u] != y.Ranks[0][u] || !same(res.Scores[k][u], y.Scores[0][u]) {
					t.Errorf("workers %d, replicate %d (%v), %s: rank %d score %v; scoring gives %d %v", workers, k+1, rep,
						res.Units[u], res.Ranks[k][u], res.Scores[k][u], y.Ranks[0][u], y.Scores[0][u])
				}
			}
		}
	}
}

func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// TestReplayErrors: a bad replay file names the file, line, column and
// text found.
func TestReplayErrors(t *testing.T) {
	s, _ := asem(t)
	for _, tc := range []struct {
		sets, params string
		want         string
	}{
		{sets: "weight_set,id,level,weight\nw1,Nowhere,1,1\n", want: `sets.csv:2:4: "Nowhere": not a node of the framework`},
		{sets: "weight_set,id,level,weight\nw1,LPI,2,1\n", want: `sets.csv:2:8: "2": LPI is at level 1 (indicator)`},
		{sets: "weight_set,id,level,weight\nw1,LPI,1,-1\n", want: `sets.csv:2:10: "-1": not a finite weight ≥ 0`},
		{sets: "weight_set,id,level\n", want: `sets.csv:1: no column "weight"`},
		{params: "replicate,aggregate\n1,median\n", want: `params.csv:2:3: "median": unknown aggregation method "median"`},
		{params: "replicate,weight_set\n1,w9\n", want: `params.csv:2:3: "w9": no such weight set`},
		{params: "replicate,aggregate\n2,geometric\n", want: `params.csv:2:1: "2": want replicate 1`},
		{params: "replicate,colour\n1,red\n", want: `params.csv:1: "colour": unknown column`},
	} {
		var err error
		if tc.sets != "" {
			_, _, err = sensitivity.WeightSets(strings.NewReader(tc.sets), "sets.csv", s)
		} else {
			_, _, err = sensitivity.Replay(strings.NewReader(tc.params), "params.csv", s, map[string]map[string]float64{"w1": {"LPI": 1}})
		}
		var re *sensitivity.ReplayError
		if err == nil || !errors.As(err, &re) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

// TestFailedReplicate: a replicate whose choices cannot score the data (a
// geometric mean of a normalised 0) is a failed run, as in COINr: its
// scores are missing and its ranks 0, and the others are scored.
func TestFailedReplicate(t *testing.T) {
	s, tab := asem(t)
	geo, ari := scoring.AggGeometric, scoring.AggArithmetic
	reps := []sensitivity.Replicate{{Aggregate: &ari}, {Aggregate: &geo}}
	res, err := sensitivity.Run(context.Background(), s, tab, scoring.DefaultOptions(), reps, sensitivity.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failed) != 1 || res.Failed[0].Replicate != 2 || !strings.Contains(res.Failed[0].Reason, "geometric mean") {
		t.Fatalf("failed %+v, want replicate 2 (geometric mean of a 0)", res.Failed)
	}
	for u := range res.Units {
		if res.Ranks[1][u] != 0 || !math.IsNaN(res.Scores[1][u]) {
			t.Fatalf("%s: rank %d score %v in the failed replicate", res.Units[u], res.Ranks[1][u], res.Scores[1][u])
		}
		if res.Ranks[0][u] != res.NominalRanks()[u] {
			t.Fatalf("%s: arithmetic replicate rank %d, nominal %d", res.Units[u], res.Ranks[0][u], res.NominalRanks()[u])
		}
	}
	a, err := sensitivity.Analyse(res, &sensitivity.Plan{Design: sensitivity.DesignUA, N: 2, Replicates: reps}, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(a.Y[1]) || a.Y[0] != 0 {
		t.Errorf("y = %v, want [0 NaN]", a.Y)
	}
	for _, st := range a.Stats {
		if st.N != 1 {
			t.Fatalf("%s: %d replicates with a rank, want 1", st.Unit, st.N)
		}
	}
}
