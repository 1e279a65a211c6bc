package scoring_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// TestGrades: each rule grades the index and the goals of the ranked
// units, 1 the best; fixed cut points apply as given.
func TestGrades(t *testing.T) {
	s, tab := benchData(40)
	for _, spec := range []scoring.GradeSpec{
		{Rule: composite.BreaksQuantile},
		{Rule: composite.BreaksJenks, Classes: 3},
		{Rule: composite.BreaksFixed, Cuts: []float64{30, 45, 60}},
	} {
		opt := scoring.DefaultOptions()
		opt.Grades = &spec
		res, err := scoring.Run(s, tab, opt)
		if err != nil {
			t.Fatal(err)
		}
		y := res.Years[0]
		if len(y.Grades) != 1+6 {
			t.Fatalf("%s: %d graded nodes, want the index and 6 goals", spec.Describe(), len(y.Grades))
		}
		g := y.Grades[0]
		counts := map[int8]int{}
		for u, grade := range g.Grade {
			if y.Ranks[0][u] == 0 {
				if grade != 0 {
					t.Errorf("unit %d not ranked but graded %d", u, grade)
				}
				continue
			}
			counts[grade]++
			// A better score never has a worse grade.
			for v := range g.Grade {
				if y.Ranks[0][v] > 0 && y.Scores[0][v] > y.Scores[0][u] && g.Grade[v] > grade {
					t.Fatalf("%s: unit %d scores %v > %v but grade %d > %d", spec.Describe(), v, y.Scores[0][v], y.Scores[0][u], g.Grade[v], grade)
				}
			}
		}
		switch spec.Rule {
		case composite.BreaksQuantile:
			if fmt.Sprint(counts) != "map[1:10 2:10 3:10 4:10]" {
				t.Errorf("quantile grades %v, want 10 of each", counts)
			}
		case composite.BreaksFixed:
			for u, grade := range g.Grade {
				want := int8(4 - composite.ClassOf(y.Scores[0][u], spec.Cuts))
				if y.Ranks[0][u] > 0 && grade != want {
					t.Errorf("fixed: score %v graded %d, want %d", y.Scores[0][u], grade, want)
				}
			}
		}
	}
	bad := scoring.DefaultOptions()
	bad.Grades = &scoring.GradeSpec{Rule: composite.BreaksFixed, Cuts: []float64{50, 40}}
	if _, err := scoring.Run(s, tab, bad); err == nil {
		t.Error("descending cut points: no error")
	}
}

// TestGradesManyUnits: with enough units to grade the nodes over the
// cores, each node's grades are in its place (the index, then the goals in
// order), cut at the quartiles of its own ranked scores.
func TestGradesManyUnits(t *testing.T) {
	s, tab := benchData(20_000)
	opt := scoring.DefaultOptions()
	opt.Grades = &scoring.GradeSpec{Rule: composite.BreaksQuantile}
	res, err := scoring.Run(s, tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	y := res.Years[0]
	nodes := append([]int{0}, s.ByLevel(dataset.LevelGoal)...)
	if len(y.Grades) != len(nodes) {
		t.Fatalf("%d graded nodes, want %d", len(y.Grades), len(nodes))
	}
	for j, g := range y.Grades {
		i := nodes[j]
		if g.Node != i {
			t.Fatalf("grades %d are of node %d, want %d", j, g.Node, i)
		}
		var ranked []float64
		for u, v := range y.Scores[i] {
			if y.Ranks[i][u] > 0 {
				ranked = append(ranked, v)
			}
		}
		slices.Sort(ranked)
		cuts := composite.QuantileBreaks(ranked, 4)
		if !slices.Equal(g.Cuts, cuts) {
			t.Fatalf("%s: cuts %v, want %v", s.Nodes[i].ID, g.Cuts, cuts)
		}
		for u, grade := range g.Grade {
			want := int8(0)
			if y.Ranks[i][u] > 0 {
				want = int8(len(cuts) + 1 - composite.ClassOf(y.Scores[i][u], cuts))
			}
			if grade != want {
				t.Fatalf("%s, unit %d: grade %d, want %d", s.Nodes[i].ID, u, grade, want)
			}
		}
	}
}
