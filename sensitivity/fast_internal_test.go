package sensitivity

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cityscore/cityscore/composite"
)

// TestFastRank: the bucket sort gives composite.SportRanksTo's ranks, ties
// and −0 included, and 0 for the units not ranked.
func TestFastRank(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for trial := range 200 {
		n := 1 + rng.IntN(60)
		sc := make([]float64, n)
		f := &fastPlan{}
		for u := range n {
			switch rng.IntN(4) {
			case 0:
				sc[u] = float64(rng.IntN(5)) // ties
			case 1:
				sc[u] = math.Copysign(0, -1)
			default:
				sc[u] = rng.NormFloat64() * 1e3
			}
			if rng.IntN(6) > 0 {
				f.order = append(f.order, int32(u))
			}
		}
		want := make([]int32, n)
		x := slices.Clone(sc)
		for u := range x {
			if !slices.Contains(f.order, int32(u)) {
				x[u] = math.NaN()
			}
		}
		composite.SportRanksTo(want, x)
		got := make([]int32, n)
		f.rank(got, sc, make([]keyed, len(f.order)), make([]int32, len(f.order)+1))
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: scores %v, ranked %v:\n got %v\nwant %v", trial, sc, f.order, got, want)
		}
	}
}
