package sensitivity_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

// TestNewPlan: a Saltelli plan has N·(d + 2) replicates in COINr's order
// (block k + 2 is A with input k from B), the same seed gives the same
// plan, and another seed another one.
func TestNewPlan(t *testing.T) {
	s, _ := asem(t)
	geo := scoring.AggGeometric
	sp := sensitivity.Spec{Design: sensitivity.DesignSaltelli, N: 20, Seed: 7,
		Noise:     map[dataset.Level]float64{dataset.LevelDimension: 0.25, dataset.LevelGoal: 0.25},
		Aggregate: []scoring.Aggregation{scoring.AggArithmetic, geo}, LeaveOut: dataset.LevelDimension}
	p, err := sensitivity.NewPlan(sp, s, scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	d := len(p.Inputs)
	if d != 3 || len(p.Replicates) != 20*(d+2) {
		t.Fatalf("%d inputs, %d replicates; want 3 and %d", d, len(p.Replicates), 20*5)
	}
	if got := len(p.Inputs[2].Alternatives); got != 9 { // none and each of the 8 pillars
		t.Errorf("drop: %d alternatives, want 9", got)
	}
	for k := range d {
		for i := range 20 {
			a, b, ab := p.Choice[i], p.Choice[20+i], p.Choice[(2+k)*20+i]
			for j := range d {
				want := a[j]
				if j == k {
					want = b[j]
				}
				if ab[j] != want {
					t.Fatalf("block %d row %d input %d: alternative %d, want %d", k, i, j, ab[j], want)
				}
			}
		}
	}
	again, _ := sensitivity.NewPlan(sp, s, scoring.DefaultOptions())
	if !reflect.DeepEqual(p.Choice, again.Choice) || fmt.Sprint(p.Replicates) != fmt.Sprint(again.Replicates) {
		t.Error("the same seed gave another plan")
	}
	sp.Seed = 8
	other, _ := sensitivity.NewPlan(sp, s, scoring.DefaultOptions())
	if reflect.DeepEqual(p.Choice, other.Choice) {
		t.Error("another seed gave the same plan")
	}
	// A weight set perturbs every pillar and sub-index weight by at most ±25 %.
	for _, alt := range p.Inputs[0].Alternatives {
		if len(alt.Weights) != 10 {
			t.Fatalf("weight set %s has %d weights, want 10 (8 pillars, 2 sub-indices)", alt.WeightSet, len(alt.Weights))
		}
		for id, w := range alt.Weights {
			if w < 0.75 || w > 1.25 {
				t.Errorf("set %s: %s weight %v outside 1 ± 25 %%", alt.WeightSet, id, w)
			}
		}
	}
}

// TestNewPlanNeedsInputs: a Saltelli design needs two inputs.
func TestNewPlanNeedsInputs(t *testing.T) {
	s, _ := asem(t)
	_, err := sensitivity.NewPlan(sensitivity.Spec{Design: sensitivity.DesignSaltelli, Aggregate: []scoring.Aggregation{scoring.AggArithmetic, scoring.AggGeometric}}, s, scoring.DefaultOptions())
	if err == nil {
		t.Error("a Saltelli design with one input: no error")
	}
	if _, err := sensitivity.NewPlan(sensitivity.Spec{}, s, scoring.DefaultOptions()); err == nil {
		t.Error("no input: no error")
	}
}

// TestDirichletWeights: Dirichlet weight sets keep each family's total,
// and the shares have the nominal mean and the variance w(1 − w)/(κ + 1).
func TestDirichletWeights(t *testing.T) {
	s, _ := asem(t)
	const kappa = 20
	sp := sensitivity.Spec{N: 4000, Seed: 2, Dirichlet: map[dataset.Level]float64{dataset.LevelGoal: kappa}}
	p, err := sensitivity.NewPlan(sp, s, scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	// ASEM's index has two sub-indices (goals) of weight 1: shares 1/2.
	var sum, sq float64
	for _, alt := range p.Inputs[0].Alternatives {
		conn, sust := alt.Weights["Conn"], alt.Weights["Sust"]
		if d := conn + sust - 2; d > 1e-12 || d < -1e-12 {
			t.Fatalf("set %s: Conn %v + Sust %v ≠ 2", alt.WeightSet, conn, sust)
		}
		share := conn / 2
		sum += share
		sq += share * share
	}
	n := float64(len(p.Inputs[0].Alternatives))
	mean := sum / n
	variance := sq/n - mean*mean
	if want := 0.25 / (kappa + 1); mean < 0.49 || mean > 0.51 || variance < 0.9*want || variance > 1.1*want {
		t.Errorf("share of Conn: mean %.4f (want 0.5), variance %.5f (want %.5f)", mean, variance, want)
	}
	sp.Noise = map[dataset.Level]float64{dataset.LevelGoal: 0.2}
	if _, err := sensitivity.NewPlan(sp, s, scoring.DefaultOptions()); err == nil {
		t.Error("noise and a Dirichlet on the same level: no error")
	}
}
