package scoring_test

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// TestNoIndicatorRanks: leaving the indicators unranked changes nothing
// else: the same scores, the same ranks of every aggregate, statuses and
// grades.
func TestNoIndicatorRanks(t *testing.T) {
	s, tab := benchData(500)
	opt := scoring.DefaultOptions()
	full, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	opt.NoIndicatorRanks = true
	lean, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y, ly := full.Years[0], lean.Years[0]
	for i, n := range s.Nodes {
		if n.Level == dataset.LevelIndicator {
			if ly.Ranks[i] != nil {
				t.Errorf("%s: ranked", n.ID)
			}
			continue
		}
		if !slices.Equal(y.Ranks[i], ly.Ranks[i]) {
			t.Errorf("%s: ranks differ", n.ID)
		}
	}
	if !reflect.DeepEqual(y.Status, ly.Status) || !reflect.DeepEqual(y.Grades, ly.Grades) {
		t.Error("statuses or grades differ")
	}
	for i := range s.Nodes {
		for u := range y.Scores[i] {
			if a, b := y.Scores[i][u], ly.Scores[i][u]; a != b && (a == a || b == b) {
				t.Fatalf("%s unit %d: score %v, %v", s.Nodes[i].ID, u, a, b)
			}
		}
	}
	// Ranked afterwards, the indicators get the ranks Run gives them.
	lean.RankIndicators()
	for i := range s.Nodes {
		if !slices.Equal(y.Ranks[i], ly.Ranks[i]) {
			t.Errorf("%s: after RankIndicators, ranks differ", s.Nodes[i].ID)
		}
	}
}

// A large run keeps its indicator scores and weighted means in an array a
// node rather than one array (slabMax): the results are the same.
func TestSlabsSameResults(t *testing.T) {
	s, tab := benchData(500)
	for _, opt := range []scoring.Options{scoring.DefaultOptions(), func() scoring.Options {
		o := scoring.DefaultOptions()
		o.Weights.Indicators = scoring.DefaultWeightSpec(scoring.WeightEntropy)
		return o
	}()} {
		one, err := scoring.Run(s, tab, opt)
		if err != nil {
			t.Fatal(err)
		}
		old := scoring.SetSlabMax(0)
		many, err := scoring.Run(s, tab, opt)
		scoring.SetSlabMax(old)
		if err != nil {
			t.Fatal(err)
		}
		y, my := one.Years[0], many.Years[0]
		for i, n := range s.Nodes {
			for u := range y.Scores[i] {
				if a, b := y.Scores[i][u], my.Scores[i][u]; math.Float64bits(a) != math.Float64bits(b) {
					t.Fatalf("%s unit %d: %v in one array, %v in its own", n.ID, u, a, b)
				}
			}
			if !slices.Equal(y.Ranks[i], my.Ranks[i]) {
				t.Fatalf("%s: ranks differ", n.ID)
			}
		}
	}
}

// TestNoIndicatorScoresSameResults: a run under NoIndicatorScores, which
// normalises each indicator just before the aggregates that read it and
// reuses its array afterwards, gives every aggregate the scores, ranks,
// statuses and weights of a full run, bit for bit, whatever reads the
// indicators (means, TOPSIS over children or over all the indicators,
// GRA), in one array or in arrays a node; the indicators have no scores.
// Each lean run comes after one on other data with more units, whose
// arrays it may take over (lazyPool).
func TestNoIndicatorScoresSameResults(t *testing.T) {
	s, tab := benchData(400)
	so, other := benchData(450)
	type variant struct {
		name string
		set  func(*scoring.Options)
	}
	variants := []variant{
		{"means", func(*scoring.Options) {}},
		{"entropy", func(o *scoring.Options) { o.Weights.Indicators = scoring.DefaultWeightSpec(scoring.WeightEntropy) }},
		{"geometric dimensions", func(o *scoring.Options) {
			o.Normalize.Range = [2]float64{1, 100}
			o.Aggregate.Indicators = scoring.DefaultAggregateSpec(scoring.AggGeometric)
		}},
		{"GRA over indicators", func(o *scoring.Options) {
			o.Aggregate.Indicators = scoring.DefaultAggregateSpec(scoring.AggGRA)
		}},
		{"TOPSIS of the goals over their indicators", func(o *scoring.Options) {
			spec := scoring.DefaultAggregateSpec(scoring.AggTOPSIS)
			spec.Over = scoring.OverIndicators
			o.Aggregate.Dimensions = spec
		}},
		{"TOPSIS of the index over every indicator", func(o *scoring.Options) {
			spec := scoring.DefaultAggregateSpec(scoring.AggTOPSIS)
			spec.Over = scoring.OverIndicators
			o.Aggregate.Goals = spec
		}},
	}
	for _, v := range variants {
		for _, slab := range []bool{true, false} {
			opt := scoring.DefaultOptions()
			v.set(&opt)
			opt.NoIndicatorRanks = true
			old := -1
			if !slab {
				old = scoring.SetSlabMax(0)
			}
			full, err := scoring.Run(s, tab, opt)
			if err != nil {
				t.Fatalf("%s: %v", v.name, err)
			}
			opt.NoIndicatorScores = true
			if _, err := scoring.Run(so, other, opt); err != nil {
				t.Fatalf("%s, NoIndicatorScores, other data: %v", v.name, err)
			}
			lean, err := scoring.Run(s, tab, opt)
			if old >= 0 {
				scoring.SetSlabMax(old)
			}
			if err != nil {
				t.Fatalf("%s, NoIndicatorScores: %v", v.name, err)
			}
			y, ly := full.Years[0], lean.Years[0]
			for i, n := range s.Nodes {
				if n.Level == dataset.LevelIndicator {
					if ly.Scores[i] != nil || ly.Ranks[i] != nil {
						t.Fatalf("%s: indicator %s keeps scores", v.name, n.ID)
					}
					continue
				}
				for u := range y.Scores[i] {
					if a, b := y.Scores[i][u], ly.Scores[i][u]; math.Float64bits(a) != math.Float64bits(b) {
						t.Fatalf("%s (slab %v): %s unit %d: %v in a full run, %v", v.name, slab, n.ID, u, a, b)
					}
				}
				if !slices.Equal(y.Ranks[i], ly.Ranks[i]) || y.Weights[i] != ly.Weights[i] || y.Effective[i] != ly.Effective[i] {
					t.Fatalf("%s: %s: ranks or weights differ", v.name, n.ID)
				}
			}
			if !reflect.DeepEqual(y.Status, ly.Status) || !reflect.DeepEqual(full.Issues, lean.Issues) {
				t.Fatalf("%s: statuses or issues differ", v.name)
			}
		}
	}
	opt := scoring.DefaultOptions()
	opt.NoIndicatorScores, opt.Obstacles = true, true
	if _, err := scoring.Run(s, tab, opt); err == nil || !strings.Contains(err.Error(), "NoIndicatorScores") {
		t.Errorf("obstacles without indicator scores: %v", err)
	}
}
