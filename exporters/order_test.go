package exporters

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// TestByRankAgainstSort: the counted order of byRank is the order of
// sorting by year and compareRank, with ties, units scored but not ranked
// and units without a score, in both year orders.
func TestByRankAgainstSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 9, 300} {
		r := &scoring.Result{}
		for _, year := range []int{2021, 2019, 2020} {
			y := &scoring.YearResult{Year: year, Units: make([]dataset.UnitID, n)}
			scores := make([]float64, n)
			for u := range n {
				y.Units[u] = dataset.UnitID(fmt.Sprintf("u%03d", rng.IntN(1000)))
				scores[u] = float64(rng.IntN(n/3 + 2)) // ties
				switch rng.IntN(6) {
				case 0:
					scores[u] = math.NaN() // no score, no rank
				case 1:
					scores[u] = -scores[u] - 1 // scored, left unranked below
				}
			}
			// Ranks among the scores that are not negative, as the
			// coverage rule leaves the others unranked.
			ranked := slices.Clone(scores)
			for u, v := range ranked {
				if v < 0 {
					ranked[u] = math.NaN()
				}
			}
			rk := make([]int32, n)
			for u, v := range ranked {
				if !math.IsNaN(v) {
					rk[u] = 1
					for _, w := range ranked {
						if w > v {
							rk[u]++
						}
					}
				}
			}
			y.Scores = [][]float64{scores}
			y.Ranks = [][]int32{rk}
			r.Years = append(r.Years, y)
		}
		for _, latest := range []bool{false, true} {
			want := make([]unitYear, 0, 3*n)
			for yi, y := range r.Years {
				for u := range y.Units {
					want = append(want, unitYear{yi, u})
				}
			}
			slices.SortStableFunc(want, func(a, b unitYear) int {
				if c := r.Years[a.y].Year - r.Years[b.y].Year; c != 0 {
					if latest {
						return -c
					}
					return c
				}
				return compareRank(r, a, b)
			})
			got := byRank(r, latest)
			if len(got) != len(want) {
				t.Fatalf("n=%d: %d units, want %d", n, len(got), len(want))
			}
			for k := range got {
				// Units equal under the order (same id, rank and
				// score) may come in either order.
				if got[k].y != want[k].y || got[k] != want[k] && compareRank(r, got[k], want[k]) != 0 {
					t.Fatalf("n=%d latest=%v: at %d %+v, want %+v", n, latest, k, got[k], want[k])
				}
			}
		}
	}
}
