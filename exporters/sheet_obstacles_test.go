package exporters

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestTopObstacles: the top few by selection are the first few of a
// stable sort, ties and all.
func TestTopObstacles(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 500 {
		n := rng.IntN(12)
		v := make([]float64, n+3)
		inds := make([]int, n)
		for k := range inds {
			inds[k] = k + 3
			switch rng.IntN(6) {
			case 0:
				v[k+3] = math.NaN()
			case 1:
				v[k+3] = 0
			default:
				v[k+3] = float64(rng.IntN(4)) // many ties
			}
		}
		of := func(i int) float64 { return v[i] }
		var want []int
		for _, i := range inds {
			if finite(v[i]) && v[i] > 0 {
				want = append(want, i)
			}
		}
		slices.SortStableFunc(want, func(a, c int) int { return -compareFloat(v[a], v[c]) })
		want = want[:min(len(want), 5)]
		if got := topObstacles(nil, inds, 5, of); !slices.Equal(got, want) {
			t.Fatalf("trial %d: %v of %v: got %v, want %v", trial, inds, v, got, want)
		}
	}
}
