package sensitivity

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestCutIndex: R's cut(x, k) on equal intervals of the range of x,
// closed on the right; checked by hand against R's rules.
func TestCutIndex(t *testing.T) {
	for _, tc := range []struct {
		x    []float64
		k    int
		want string
	}{
		{[]float64{0, 0.25, 0.5, 0.75, 1}, 2, "[0 0 0 1 1]"}, // 0.5 is on the break: the lower interval
		{[]float64{0, 0.25, 0.5, 0.75, 1}, 4, "[0 0 1 2 3]"},
		{[]float64{0.2, 0.9}, 3, "[0 2]"},
		{[]float64{0.4, 0.4, 0.4}, 3, "[1 1 1]"},
		{[]float64{0.4, 0.7}, 1, "[0 0]"},
	} {
		if got := fmt.Sprint(cutIndex(tc.x, tc.k)); got != tc.want {
			t.Errorf("cutIndex(%v, %d) = %s, want %s", tc.x, tc.k, got, tc.want)
		}
	}
}

// TestSaltelliSample: N rows of A, N of B, then block i is A with column
// i from B.
func TestSaltelliSample(t *testing.T) {
	const n, d = 4, 3
	x := saltelliSample(n, d, rand.New(rand.NewPCG(1, 2)))
	for j := range d {
		if len(x[j]) != n*(d+2) {
			t.Fatalf("column %d: %d rows, want %d", j, len(x[j]), n*(d+2))
		}
		for blk := range d {
			for i := range n {
				got := x[j][(2+blk)*n+i]
				want := x[j][i] // A
				if blk == j {
					want = x[j][n+i] // B
				}
				if got != want {
					t.Errorf("block %d, row %d, column %d: %v, want %v", blk, i, j, got, want)
				}
			}
		}
	}
}
