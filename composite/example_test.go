package composite_test

import (
	"fmt"
	"log"
	"math"

	"github.com/cityscore/cityscore/composite"
)

func ExampleMinMaxTo() {
	// GDP per capita (10 000 yuan) of four cities, one missing, to [0, 100].
	x := []float64{9, 6, math.NaN(), 7.5}
	z := make([]float64, len(x))
	if !composite.MinMaxTo(z, x, 0, 100) {
		log.Fatal("constant column")
	}
	fmt.Println(z)
	// Output:
	// [100 0 NaN 50]
}

func ExampleMean() {
	// A goal of three indicators weighted 0.5, 0.3, 0.2; the second is
	// missing, so its weight is dropped and the other two renormalised:
	// (0.5·80 + 0.2·40)/(0.5 + 0.2).
	x := []float64{80, math.NaN(), 40}
	w := []float64{0.5, 0.3, 0.2}
	m, ok, _ := composite.Mean(composite.MeanArithmetic, x, w)
	fmt.Printf("%.4f %v\n", m, ok)
	g, _, _ := composite.Mean(composite.MeanGeometric, x, w)
	fmt.Printf("%.4f\n", g)
	// Output:
	// 68.5714 true
	// 65.6268
}

func ExampleSportRanksTo() {
	// Ties share the lowest rank and the next rank is skipped ("1224");
	// a missing score gets rank 0.
	scores := []float64{71.2, 88.0, math.NaN(), 71.2, 64.9}
	ranks := make([]int32, len(scores))
	composite.SportRanksTo(ranks, scores)
	fmt.Println(ranks)
	// Output:
	// [2 1 0 2 4]
}

func ExampleCRITICWeights() {
	// Three benefit indicators for five units. The second nearly repeats
	// the first (r ≈ 1), so the conflict 1 − r it brings is small and the
	// third, uncorrelated, gets the largest weight.
	cols := [][]float64{
		{1, 2, 3, 4, 5},
		{2, 4, 6, 8, 9},
		{3, 1, 4, 1, 5},
	}
	res, err := composite.CRITICWeights(cols, nil, composite.CRITIC{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("w %.4f\n", res.Weights)
	// Output:
	// w [0.2217 0.2542 0.5241]
}

func ExampleGRA() {
	// Grey relational grades of three units on two normalised indicators,
	// equal weights, ρ = 0.5. The reference series is the best value of
	// each indicator.
	cols := [][]float64{
		{1, 0.5, 0},
		{0, 1, 0.5},
	}
	res := composite.GRA(cols, []float64{0.5, 0.5}, 0.5)
	fmt.Printf("grade %.4f\n", res.Grade)
	// Output:
	// grade [0.6667 0.7500 0.4167]
}

func ExampleCombineWeights() {
	// Game-theory combination (博弈论组合赋权) of subjective (AHP) and
	// objective (entropy) weights over three indicators.
	ahp := []float64{0.5, 0.3, 0.2}
	entropy := []float64{0.25, 0.45, 0.30}
	res, err := composite.CombineWeights(composite.CombineGameTheory, [][]float64{ahp, entropy}, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("α* %.4f\nw  %.4f\n", res.Coefficients, res.Weights)
	// Output:
	// α* [0.6156 0.3844]
	// w  [0.4039 0.3577 0.2384]
}

func ExampleObstacles() {
	// Two units, three indicators normalised to [0, 100] with global
	// weights 0.5, 0.3, 0.2. Each unit's obstacle degrees sum to 100.
	z := [][]float64{
		{100, 20},
		{40, 60},
		{0, math.NaN()},
	}
	o := composite.Obstacles(z, []float64{0.5, 0.3, 0.2}, 100)
	for i := range 2 {
		fmt.Printf("unit %d: %.2f %.2f %.2f\n", i+1, o[0][i], o[1][i], o[2][i])
	}
	// Output:
	// unit 1: 0.00 47.37 52.63
	// unit 2: 76.92 23.08 NaN
}

func ExampleGradeOf() {
	// The coupling coordination degree 0.6 is an edge: (lower, upper] bins
	// put it in level 6, [lower, upper) bins in level 7.
	for _, rule := range []composite.BinRule{composite.BinLowerOpen, composite.BinUpperOpen} {
		g := composite.GradeOf(0.6, rule)
		fmt.Println(rule, g.Level, g.Zh, g.En)
	}
	// Output:
	// lower_open 6 勉强协调 barely coordinated
	// upper_open 7 初级协调 primary coordination
}
