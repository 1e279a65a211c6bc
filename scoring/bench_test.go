package scoring_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// benchData builds a tree of 6 goals × 2 dimensions × 5 indicators (60
// indicators, 3 levels of aggregation) and a one-year table of n units with
// 2% of the values missing.
func benchData(n int) (*dataset.Schema, *dataset.Table) {
	nodes := []dataset.Node{{ID: "index", Level: dataset.LevelIndex, Parent: -1, Weight: 1}}
	var vars []dataset.VariableID
	for g := range 6 {
		gi := len(nodes)
		nodes = append(nodes, dataset.Node{ID: fmt.Sprintf("g%d", g), Level: dataset.LevelGoal, Parent: 0, Weight: 1})
		for d := range 2 {
			di := len(nodes)
			nodes = append(nodes, dataset.Node{ID: fmt.Sprintf("g%dd%d", g, d), Level: dataset.LevelDimension, Parent: gi, Weight: 1})
			for k := range 5 {
				id := fmt.Sprintf("g%dd%di%d", g, d, k)
				dir := dataset.Positive
				if k == 4 {
					dir = dataset.Negative
				}
				nodes = append(nodes, dataset.Node{ID: id, Level: dataset.LevelIndicator, Parent: di, Weight: float64(1 + k%2),
					Variable: dataset.VariableID(id), Direction: dir})
				vars = append(vars, dataset.VariableID(id))
			}
		}
	}
	s, err := dataset.NewSchema("bench", "1", nodes)
	if err != nil {
		panic(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	t := dataset.New()
	for u := range n {
		t.AddRow(dataset.Key{Unit: dataset.UnitID(fmt.Sprintf("u%06d", u)), Year: 2023})
	}
	for _, v := range vars {
		c := t.AddColumn(v, "", "")
		for u := range n {
			if rng.Float64() < 0.02 {
				continue
			}
			c.Set(u, rng.ExpFloat64()*100, 0, dataset.Origin{})
		}
	}
	return s, t
}

// BenchmarkRun: normalise (min-max) + framework weights + arithmetic means
// over 3 levels + sport ranks at every node, for one year. The peak-heap-MB
// metric bounds the peak heap from above: the live heap before the run
// (input table included) plus every byte the run allocates.
func BenchmarkRun(b *testing.B) {
	for _, n := range []int{300, 10_000, 100_000} {
		b.Run(fmt.Sprintf("units=%d/indicators=60", n), func(b *testing.B) {
			s, t := benchData(n)
			opt := scoring.DefaultOptions()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ReportAllocs()
			runs := 0
			for b.Loop() {
				if _, err := scoring.Run(s, t, opt); err != nil {
					b.Fatal(err)
				}
				runs++
			}
			runtime.ReadMemStats(&after)
			perRun := float64(after.TotalAlloc-before.TotalAlloc) / float64(runs)
			b.ReportMetric((float64(before.HeapAlloc)+perRun)/(1<<20), "peak-heap-MB")
		})
	}
}

// BenchmarkEntropyTOPSIS: 熵权-TOPSIS, the speed target (100 000
// units × 60 indicators in under 200 ms): entropy weights over every
// indicator (min-max, flip cost), min-max [0, 1] values, then TOPSIS
// closeness. "flat" scores the index by one TOPSIS over the 60 indicators
// (goals and dimensions by weighted means); "every-node" scores every node
// by TOPSIS over its indicators, as config/entropy-topsis.yaml does. Ranks
// at every node are included.
func BenchmarkEntropyTOPSIS(b *testing.B) {
	entropy := scoring.DefaultWeightSpec(scoring.WeightEntropy)
	entropy.Scope = scoring.ScopeLevel
	topsis := scoring.DefaultAggregateSpec(scoring.AggTOPSIS)
	topsis.Over = scoring.OverIndicators
	for _, variant := range []string{"flat", "every-node"} {
		for _, n := range []int{300, 10_000, 100_000} {
			b.Run(fmt.Sprintf("%s/units=%d/indicators=60", variant, n), func(b *testing.B) {
				s, t := benchData(n)
				opt := scoring.DefaultOptions()
				opt.Normalize.Range = [2]float64{0, 1}
				opt.Weights = scoring.PerLevel[scoring.WeightSpec]{Indicators: entropy, Dimensions: entropy, Goals: entropy}
				if variant == "flat" {
					opt.Aggregate.Goals = topsis
				} else {
					opt.Aggregate = scoring.PerLevel[scoring.AggregateSpec]{Indicators: topsis, Dimensions: topsis, Goals: topsis}
				}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := scoring.Run(s, t, opt); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// smallData builds a framework of 8 goals × 10 indicators (80 indicators,
// the layout of perf-gen's W1; the tenth of each goal negative) and a
// one-year table of n units with every value present.
func smallData(n int) (*dataset.Schema, *dataset.Table) {
	nodes := []dataset.Node{{ID: "index", Level: dataset.LevelIndex, Parent: -1, Weight: 1}}
	var vars []dataset.VariableID
	for g := range 8 {
		gi := len(nodes)
		nodes = append(nodes, dataset.Node{ID: fmt.Sprintf("g%d", g), Level: dataset.LevelGoal, Parent: 0, Weight: 1})
		for k := range 10 {
			id := fmt.Sprintf("X%02d", 10*g+k+1)
			dir := dataset.Positive
			if k == 9 {
				dir = dataset.Negative
			}
			nodes = append(nodes, dataset.Node{ID: id, Level: dataset.LevelIndicator, Parent: gi, Weight: 1,
				Variable: dataset.VariableID(id), Direction: dir})
			vars = append(vars, dataset.VariableID(id))
		}
	}
	s, err := dataset.NewSchema("small", "1", nodes)
	if err != nil {
		panic(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	t := dataset.New()
	for u := range n {
		t.AddRow(dataset.Key{Unit: dataset.UnitID(fmt.Sprintf("u%03d", u)), Year: 2023})
	}
	for _, v := range vars {
		c := t.AddColumn(v, "", "")
		for u := range n {
			c.Set(u, rng.ExpFloat64()*100, 0, dataset.Origin{})
		}
	}
	return s, t
}

// BenchmarkSmallRun: issue 15's small run, 300 units × 80 indicators with
// every value present, 8 goals of 10 indicators: min-max to [0, 1],
// entropy weights over all the indicators (min-max, flip cost), weighted
// sums up to the goals, TOPSIS over the goals at the index, and the ranks
// of the nodes the scores CSV shows (NoIndicatorRanks). "full" keeps every
// indicator's normalised values in the result; "scores-csv" keeps none
// (NoIndicatorScores), as `cityscore score --out scores.csv` runs and as
// numpy's steps do. The figures for these steps on 300 × 80, on
// this machine: numpy 0.233 ms, cityscore at acf79c5 1.33 ms; the target
// is 1.5× numpy, 0.35 ms, and 1.5× BenchmarkSmallKernels. The same steps
// in numpy, to time beside this in the same session (the machine's speed
// drifts): testdata/bench_numpy_small.py.
func BenchmarkSmallRun(b *testing.B) {
	s, t := smallData(300)
	entropy := scoring.DefaultWeightSpec(scoring.WeightEntropy)
	entropy.Scope = scoring.ScopeLevel
	opt := scoring.DefaultOptions()
	opt.Normalize.Range = [2]float64{0, 1}
	opt.Weights.Indicators = entropy
	opt.Aggregate.Goals = scoring.DefaultAggregateSpec(scoring.AggTOPSIS)
	opt.NoIndicatorRanks = true
	run := func(opt scoring.Options) func(*testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := scoring.Run(s, t, opt); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	b.Run("full", run(opt))
	opt.NoIndicatorScores = true
	b.Run("scores-csv", run(opt))
}

// BenchmarkSmallKernels: the kernels BenchmarkSmallRun calls, called
// directly on the same data: orientation and min-max (composite.MinMaxTo),
// entropy weights (composite.EntropyWeights), the goals' weighted sums (in
// composite.Accumulator, as composite.MeanTotal sums), TOPSIS over the
// goals (composite.TOPSIS) and the sport ranks of the index and the goals
// (composite.Ranker). "reuse" reuses every buffer across calls; "output"
// allocates, in each call, the arrays a full result returns: the
// indicators' normalised values in one array (the one indicators × units
// allocation issue 15 allows), and the goals' and the index's scores and
// ranks. Issue 15 asks for scoring.Run within 1.5× of its kernels:
// BenchmarkSmallRun/scores-csv is set beside "reuse", /full beside
// "output" and "reuse".
func BenchmarkSmallKernels(b *testing.B) {
	const n = 300
	s, t := smallData(n)
	inds := s.Indicators()
	goals := s.Nodes[0].Children
	pos := make([]int, len(s.Nodes)) // by node: position among the indicators
	raw := make([][]float64, len(inds))
	cost := make([]bool, len(inds))
	for k, i := range inds {
		pos[i] = k
		raw[k] = t.Column(s.Nodes[i].Variable).Values
		cost[k] = s.Nodes[i].Direction == dataset.Negative
	}
	gw := make([]float64, len(goals))
	for g := range goals {
		gw[g] = 1 / float64(len(goals))
	}
	// buffers are what one call writes: z the indicators' normalised
	// values, scores the goals' and the index's, ranks theirs.
	type buffers struct {
		z      [][]float64
		scores [][]float64
		ranks  [][]int32
	}
	alloc := func() buffers {
		var bf buffers
		slab := make([]float64, n*len(inds))
		for k := range inds {
			bf.z = append(bf.z, slab[k*n:(k+1)*n:(k+1)*n])
		}
		scores := make([]float64, n*(len(goals)+1))
		ranks := make([]int32, n*(len(goals)+1))
		for g := range len(goals) + 1 {
			bf.scores = append(bf.scores, scores[g*n:(g+1)*n:(g+1)*n])
			bf.ranks = append(bf.ranks, ranks[g*n:(g+1)*n:(g+1)*n])
		}
		return bf
	}
	sums := make([]composite.Accumulator, n)
	var r composite.Ranker
	call := func(b *testing.B, bf buffers) {
		z, scores := bf.z, bf.scores
		for k := range inds {
			x := raw[k]
			if cost[k] {
				for u, v := range x {
					z[k][u] = -v
				}
				x = z[k]
			}
			composite.MinMaxTo(z[k], x, 0, 1)
		}
		ew, err := composite.EntropyWeights(raw, cost, composite.Entropy{FlipCost: true})
		if err != nil {
			b.Fatal(err)
		}
		for g, p := range goals {
			var total float64
			for _, c := range s.Nodes[p].Children {
				total += ew.Weights[pos[c]]
			}
			clear(sums)
			for _, c := range s.Nodes[p].Children {
				f := ew.Weights[pos[c]] / total
				for u, v := range z[pos[c]] {
					sums[u].Add(f * v)
				}
			}
			for u := range sums {
				scores[g][u] = sums[u].Value()
			}
		}
		copy(scores[len(goals)], composite.TOPSIS(scores[:len(goals)], gw, composite.TOPSISScale).Closeness)
		for g := range scores {
			r.Ranks(bf.ranks[g], scores[g])
		}
	}
	b.Run("reuse", func(b *testing.B) {
		bf := alloc()
		b.ReportAllocs()
		for b.Loop() {
			call(b, bf)
		}
	})
	b.Run("output", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			call(b, alloc())
		}
	})
}

// BenchmarkPanel: the panel target (300 units × 60 indicators × 10
// years, pooled normalisation, interpolation and treatment, under 50 ms):
// 5 % of the values missing, heavy-tailed values so that treatment works.
func BenchmarkPanel(b *testing.B) {
	s, _ := benchData(1)
	rng := rand.New(rand.NewPCG(3, 4))
	t := dataset.New()
	var vars []dataset.VariableID
	for _, i := range s.Indicators() {
		vars = append(vars, s.Nodes[i].Variable)
	}
	for u := range 300 {
		for y := 2014; y < 2024; y++ {
			t.AddRow(dataset.Key{Unit: dataset.UnitID(fmt.Sprintf("u%03d", u)), Year: y})
		}
	}
	for _, v := range vars {
		c := t.AddColumn(v, "", "")
		for r := range t.Len() {
			if rng.Float64() < 0.05 {
				continue
			}
			c.Set(r, math.Exp(rng.NormFloat64()*1.5)*100, 0, dataset.Origin{})
		}
	}
	opt := scoring.DefaultOptions()
	opt.Normalize.Pooled = true
	opt.Impute = scoring.ImputeSpec{Method: composite.ImputeInterpolate}
	opt.Treat = composite.DefaultTreatSpec()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scoring.Run(s, t, opt); err != nil {
			b.Fatal(err)
		}
	}
}
