package composite

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkRanks: sport ranks of n values with 2 % missing, the Ranker
// reused as scoring reuses it.
func BenchmarkRanks(b *testing.B) {
	for _, n := range []int{300, 2_000, 200_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			x := make([]float64, n)
			for i := range x {
				x[i] = rng.ExpFloat64() * 100
			}
			dst := make([]int32, n)
			var r Ranker
			b.ReportAllocs()
			for b.Loop() {
				r.Ranks(dst, x)
			}
		})
	}
}
