package composite_test

import (
	"fmt"
	"log"

	"github.com/cityscore/cityscore/composite"
)

func ExampleEntropyWeights() {
	// Three indicators for four cities; the third is a cost (lower is
	// better). Min-max with cost columns flipped, no shift.
	cols := [][]float64{
		{9, 8, 6, 7},        // GDP per capita
		{0.2, 3, 7, 1},      // patents per 10 000 people: heavy-tailed
		{2.1, 1.9, 2.4, 50}, // PM2.5 exceedance days (cost)
	}
	res, err := composite.EntropyWeights(cols, []bool{false, false, true}, composite.Entropy{FlipCost: true})
	if err != nil {
		log.Fatal(err)
	}
	for j, w := range res.Weights {
		fmt.Printf("indicator %d: e %.4f  d %.4f  w %.4f\n", j+1, res.E[j], res.D[j], w)
	}
	// Output:
	// indicator 1: e 0.7296  d 0.2704  w 0.3072
	// indicator 2: e 0.5976  d 0.4024  w 0.4571
	// indicator 3: e 0.7925  d 0.2075  w 0.2357
}

func ExampleAHP() {
	// Criteria layer of the Anhui tourism coursework example
	// (testdata/vectors/ahp_tourism_matrices.csv, matrix A): write
	// reciprocals as fractions, not 0.33.
	a := [][]float64{
		{1, 1.0 / 3, 1.0 / 2, 3, 2},
		{3, 1, 2, 5, 4},
		{2, 1.0 / 2, 1, 4, 3},
		{1.0 / 3, 1.0 / 5, 1.0 / 4, 1, 1.0 / 2},
		{1.0 / 2, 1.0 / 4, 1.0 / 3, 2, 1},
	}
	for _, solve := range []composite.AHPSolve{composite.SolveGeometric, composite.SolveEigenvector} {
		res, err := composite.AHP(a, solve, composite.RISaaty)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-11v w %.4f  λmax %.4f  CI %.4f  CR %.4f (RI %.2f)\n", solve, res.Weights, res.LambdaMax, res.CI, res.CR, res.RI)
		if err := res.CheckCR(0.1); err != nil {
			log.Fatal(err)
		}
	}
	// Output:
	// geometric   w [0.1602 0.4174 0.2634 0.0615 0.0975]  λmax 5.0680  CI 0.0170  CR 0.0152 (RI 1.12)
	// eigenvector w [0.1599 0.4185 0.2625 0.0618 0.0973]  λmax 5.0681  CI 0.0170  CR 0.0152 (RI 1.12)
}
