package composite

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestJenksNarrowedSameBreaks: the divide-and-conquer search finds the same
// breaks as trying every split, on data with and without ties.
func TestJenksNarrowedSameBreaks(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	defer func(n int) { jenksQuadratic = n }(jenksQuadratic)
	for trial := range 200 {
		n := 2 + rng.IntN(700)
		v := make([]float64, n)
		for i := range v {
			switch trial % 4 {
			case 0: // scores
				v[i] = rng.Float64() * 100
			case 1: // skewed, rounded: ties
				v[i] = math.Round(rng.ExpFloat64()*20) / 2
			case 2: // few distinct values
				v[i] = float64(rng.IntN(6))
			default: // clusters
				v[i] = float64(rng.IntN(5))*30 + rng.NormFloat64()
			}
		}
		slices.Sort(v)
		k := 2 + rng.IntN(7)
		jenksQuadratic = math.MaxInt
		want := JenksBreaks(v, k)
		jenksQuadratic = 0
		got := JenksBreaks(v, k)
		if !slices.Equal(got, want) {
			t.Errorf("trial %d (n %d, k %d): narrowed %v, every split %v", trial, n, k, got, want)
		}
	}
}

// BenchmarkJenksBreaks: five classes of the scores of 2,000 and 200,000
// units, by the narrowed search, and of 2,000 by trying every split.
func BenchmarkJenksBreaks(b *testing.B) {
	defer func(n int) { jenksQuadratic = n }(jenksQuadratic)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, bc := range []struct {
		name      string
		n         int
		quadratic int
	}{{"narrowed", 2000, 0}, {"narrowed", 200_000, 0}, {"every-split", 2000, math.MaxInt}} {
		v := make([]float64, bc.n)
		for i := range v {
			v[i] = rng.NormFloat64()*15 + 50
		}
		slices.Sort(v)
		b.Run(fmt.Sprintf("%s/n=%d", bc.name, bc.n), func(b *testing.B) {
			jenksQuadratic = bc.quadratic
			for b.Loop() {
				JenksBreaks(v, 5)
			}
		})
	}
}
