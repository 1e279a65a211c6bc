package sensitivity_test

import (
	"context"
	"math"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

// TestFastPath: on complete data (ASEM with its gaps imputed), replicates
// that change only weights take the fast path, and give the ranks of the
// full pipeline, with scores equal to rounding.
func TestFastPath(t *testing.T) {
	s, tab := asem(t)
	base := scoring.DefaultOptions()
	base.Impute.Method = composite.ImputeMean
	sp := sensitivity.Spec{N: 300, Seed: 3, LeaveOut: dataset.LevelDimension,
		Noise: map[dataset.Level]float64{dataset.LevelIndicator: 0.5, dataset.LevelDimension: 0.25, dataset.LevelGoal: 0.25}}
	plan, err := sensitivity.NewPlan(sp, s, base)
	if err != nil {
		t.Fatal(err)
	}
	fast, err := sensitivity.Run(context.Background(), s, tab, base, plan.Replicates, sensitivity.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !fast.Fast {
		t.Fatal("the fast path did not apply")
	}
	full, err := sensitivity.Run(context.Background(), s, tab, base, plan.Replicates, sensitivity.RunOptions{Full: true})
	if err != nil {
		t.Fatal(err)
	}
	if full.Fast {
		t.Fatal("Full took the fast path")
	}
	worst := 0.0
	for k := range plan.Replicates {
		for u := range fast.Units {
			if fast.Ranks[k][u] != full.Ranks[k][u] {
				t.Fatalf("replicate %d (%v), %s: rank %d, the full pipeline gives %d", k+1, plan.Replicates[k], fast.Units[u], fast.Ranks[k][u], full.Ranks[k][u])
			}
			worst = max(worst, math.Abs(fast.Scores[k][u]-full.Scores[k][u]))
		}
	}
	if worst > 1e-11 {
		t.Errorf("scores differ by up to %g from the full pipeline", worst)
	}
	t.Logf("largest score difference %g over %d replicates", worst, len(plan.Replicates))
}

// TestWorkersSameResult: one worker or two give the same scores and ranks,
// on the fast path and on the full one.
func TestWorkersSameResult(t *testing.T) {
	s, tab := asem(t)
	base := scoring.DefaultOptions()
	base.Impute.Method = composite.ImputeMean
	sp := sensitivity.Spec{N: 100, Seed: 4, Noise: map[dataset.Level]float64{dataset.LevelGoal: 0.5, dataset.LevelDimension: 0.5}}
	plan, err := sensitivity.NewPlan(sp, s, base)
	if err != nil {
		t.Fatal(err)
	}
	for _, full := range []bool{false, true} {
		one, err := sensitivity.Run(context.Background(), s, tab, base, plan.Replicates, sensitivity.RunOptions{Workers: 1, Full: full})
		if err != nil {
			t.Fatal(err)
		}
		two, err := sensitivity.Run(context.Background(), s, tab, base, plan.Replicates, sensitivity.RunOptions{Workers: 2, Full: full})
		if err != nil {
			t.Fatal(err)
		}
		for k := range plan.Replicates {
			for u := range one.Units {
				if one.Ranks[k][u] != two.Ranks[k][u] || one.Scores[k][u] != two.Scores[k][u] {
					t.Fatalf("full %v, replicate %d, %s: one worker %d %v, two %d %v", full, k+1, one.Units[u],
						one.Ranks[k][u], one.Scores[k][u], two.Ranks[k][u], two.Scores[k][u])
				}
			}
		}
	}
}
