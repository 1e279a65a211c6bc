package scoring

import (
	"fmt"
	"math"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// GradeSpec grades the index and each goal into classes (优 良 中 差, or A
// to D): by quantiles of the year's scores, by natural breaks, or at fixed
// cut points.
type GradeSpec struct {
	Rule composite.BreaksRule
	// Classes is the number of grades; default 4 (len(Cuts) + 1 for
	// BreaksFixed).
	Classes int
	// Cuts are the ascending cut points of BreaksFixed (a score at a cut
	// point takes the higher grade).
	Cuts []float64
	// Labels name the grades from the best; default 优 良 中 差 (zh) and A–D
	// (en) for four classes, else A, B, C, … in both.
	Labels []string
}

// Label returns the name of grade g (1 the best) in lang.
func (gs GradeSpec) Label(g int, lang string) string {
	if g < 1 {
		return ""
	}
	if g <= len(gs.Labels) {
		return gs.Labels[g-1]
	}
	if gs.classes() == 4 && lang != "en" && g <= 4 {
		return []string{"优", "良", "中", "差"}[g-1]
	}
	return string(rune('A' + g - 1))
}

// Names returns the names of the grades in lang, from the best.
func (gs GradeSpec) Names(lang string) []string {
	out := make([]string, gs.classes())
	for g := range out {
		out[g] = gs.Label(g+1, lang)
	}
	return out
}

func (gs GradeSpec) classes() int {
	if gs.Rule == composite.BreaksFixed {
		return len(gs.Cuts) + 1
	}
	if gs.Classes == 0 {
		return 4
	}
	return gs.Classes
}

// Validate checks the spec.
func (gs GradeSpec) Validate() error {
	switch gs.Rule {
	case composite.BreaksFixed:
		if len(gs.Cuts) == 0 {
			return fmt.Errorf("grades: the fixed rule needs cut points")
		}
		if err := composite.CheckCuts(gs.Cuts); err != nil {
			return fmt.Errorf("grades: %w", err)
		}
		if gs.Classes != 0 && gs.Classes != len(gs.Cuts)+1 {
			return fmt.Errorf("grades: %d classes, but %d cut points make %d", gs.Classes, len(gs.Cuts), len(gs.Cuts)+1)
		}
	default:
		if gs.Classes != 0 && (gs.Classes < 2 || gs.Classes > 10) {
			return fmt.Errorf("grades: %d classes; want 2 to 10", gs.Classes)
		}
	}
	if len(gs.Labels) != 0 && len(gs.Labels) != gs.classes() {
		return fmt.Errorf("grades: %d labels for %d classes", len(gs.Labels), gs.classes())
	}
	return nil
}

// Describe returns the rule as text, e.g. "quantile, 4 classes".
func (gs GradeSpec) Describe() string {
	if gs.Rule == composite.BreaksFixed {
		return fmt.Sprintf("fixed, cut points %v", gs.Cuts)
	}
	return fmt.Sprintf("%v, %d classes", gs.Rule, gs.classes())
}

// NodeGrades are the grades of one node (the index or a goal) in a year.
type NodeGrades struct {
	Node int
	// Cuts are the ascending cut points applied.
	Cuts []float64
	// Grade holds each unit's grade, 1 the best, 0 for a unit not ranked.
	Grade []int8
}

// grade sets y.Grades: the index and every goal graded by spec over the
// scores of the units ranked that year, the nodes over the cores when
// there are many units.
func grade(y *YearResult, s *dataset.Schema, spec GradeSpec) {
	nodes := append([]int{0}, s.ByLevel(dataset.LevelGoal)...)
	k := spec.classes()
	y.Grades = make([]NodeGrades, len(nodes))
	forEach(len(nodes), len(nodes)*len(y.Units), func(j int) {
		i := nodes[j]
		var present []float64
		if spec.Rule != composite.BreaksFixed {
			present = make([]float64, 0, len(y.Units))
			for u, v := range y.Scores[i] {
				if y.Ranks[i][u] > 0 && !math.IsNaN(v) {
					present = append(present, v)
				}
			}
			r := rankPool.Get().(*ranking)
			r.Sort(present) // O(n): a radix sort
			rankPool.Put(r)
		}
		var cuts []float64
		switch spec.Rule {
		case composite.BreaksFixed:
			cuts = spec.Cuts
		case composite.BreaksJenks:
			cuts = composite.JenksBreaks(present, k)
		default:
			cuts = composite.QuantileBreaks(present, k)
		}
		g := NodeGrades{Node: i, Cuts: cuts, Grade: make([]int8, len(y.Units))}
		for u, v := range y.Scores[i] {
			if y.Ranks[i][u] > 0 {
				c := composite.ClassOf(v, cuts)
				g.Grade[u] = int8(len(cuts) + 1 - c) // the highest class is grade 1
				if c < 0 {
					g.Grade[u] = 0
				}
			}
		}
		y.Grades[j] = g
	})
}
