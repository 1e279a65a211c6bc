package scoring_test

import (
	"math"
	"reflect"
	"slices"
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
