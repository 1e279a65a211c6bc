package sensitivity

import (
	"math"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// The fast path. When the replicates change only weights (and nodes left
// out), every level is a weighted arithmetic mean and no unit misses a
// normalised indicator, the index of a unit is a dot product,
//
//	index_u = Σ_j W_j·z_uj,   W_j = Π_{n on the path j → index} w_n / Σ_{siblings m of n} w_m,
//
// so the normalised values z are computed once (the nominal run) and the
// replicates are a matrix product Z·W: one dot product per unit and
// replicate (gonum's assembly kernel). The scores agree with a full run to rounding
// (the sums run in another order); the ranks are the same unless two units
// tie to the last bit, which they do only with equal data.

// fastPlan is the data of the fast path: Z, the path of each indicator,
// and the units ranked.
type fastPlan struct {
	s       *dataset.Schema
	z       []float64 // units × indicators, row-major
	d       int       // indicators
	inds    []int     // node of each column of z
	ranked  []bool    // by unit: ranked in the nominal run
	noScore []bool    // by unit: no index score in the nominal run
	// noScoreUnits lists the units without an index score.
	noScoreUnits []int
	nominal      []float64 // node weights of the nominal run (framework or profile)
	// order lists the units ranked nominally.
	order []int32
}

// newFastPlan returns the fast path of reps on the nominal year y, or nil
// when it does not apply.
func newFastPlan(s *dataset.Schema, base scoring.Options, y *scoring.YearResult, reps []Replicate) *fastPlan {
	for _, r := range reps {
		if r.Normalize != nil || r.Aggregate != nil || r.Impute != nil || r.Rank != nil {
			return nil
		}
	}
	for _, l := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		if base.Aggregate.At(l).Method != scoring.AggArithmetic {
			return nil
		}
		switch base.Weights.At(l).Method {
		case scoring.WeightFramework, scoring.WeightManual:
		default:
			return nil
		}
	}
	inds := s.Indicators()
	n, d := len(y.Units), len(inds)
	f := &fastPlan{s: s, z: make([]float64, n*d), d: d, inds: inds, ranked: make([]bool, n), noScore: make([]bool, n)}
	for u := range n {
		f.ranked[u] = y.Ranks[0][u] > 0
		f.noScore[u] = math.IsNaN(y.Scores[0][u])
		if f.noScore[u] {
			f.noScoreUnits = append(f.noScoreUnits, u)
		}
		for j, i := range inds {
			v := y.Scores[i][u]
			if math.IsNaN(v) {
				if f.noScore[u] {
					continue // a unit without any score stays without
				}
				return nil // renormalisation per unit: the full path
			}
			f.z[u*d+j] = v
		}
	}
	f.nominal = nominalWeights(s, base)
	for u := range n {
		if f.ranked[u] {
			f.order = append(f.order, int32(u))
		}
	}
	return f
}

// weightsOf sets w (one per indicator) to the replicate's effective
// weights W_j, using node and rel (one per node) as scratch; ok is false
// when a node's siblings all weigh 0 (the full path then applies
// scoring's rule).
func (f *fastPlan) weightsOf(w []float64, r Replicate, node, rel []float64) bool {
	if r.nodeWeights != nil {
		copy(node, r.nodeWeights)
	} else {
		copy(node, f.nominal)
		for id, v := range r.Weights {
			if i, ok := f.s.Index(id); ok {
				node[i] = v
			}
		}
	}
	if r.Drop != "" {
		if i, ok := f.s.Index(r.Drop); ok {
			node[i] = 0
		}
	}
	for _, pn := range f.s.Nodes {
		if len(pn.Children) == 0 {
			continue
		}
		var sum float64
		for _, c := range pn.Children {
			sum += node[c]
		}
		if !(sum > 0) {
			return false
		}
		for _, c := range pn.Children {
			rel[c] = node[c] / sum
		}
	}
	for j, i := range f.inds {
		eff := 1.0
		for c := i; f.s.Nodes[c].Parent >= 0; c = f.s.Nodes[c].Parent {
			eff *= rel[c]
		}
		w[j] = eff
	}
	return true
}

// run scores reps, workers at a time: for each, the effective weights, the
// dot product of every unit's row of Z with them, and the ranks among the
// units ranked nominally. It returns false (and the full path takes over)
// if a replicate needs scoring's rule for weights that are all 0.
func (f *fastPlan) run(res *Result, reps []Replicate, workers int, progress func(int)) bool {
	units := len(f.ranked)
	scores := make([]float64, len(reps)*units)
	ranks := make([]int32, len(reps)*units)
	var (
		next   atomic.Int64
		failed atomic.Bool
		wg     sync.WaitGroup
	)
	const chunk = 64
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			node := make([]float64, len(f.s.Nodes))
			rel := make([]float64, len(f.s.Nodes))
			w := make([]float64, f.d)
			zm := blas64.General{Rows: units, Cols: f.d, Stride: f.d, Data: f.z}
			sorted := make([]keyed, len(f.order))
			count := make([]int32, len(f.order)+1)
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(reps) || failed.Load() {
					return
				}
				hi := min(len(reps), lo+chunk)
				for k := lo; k < hi; k++ {
					if !f.weightsOf(w, reps[k], node, rel) {
						failed.Store(true)
						return
					}
					sc := scores[k*units : (k+1)*units : (k+1)*units]
					// sc = Z·w, one dot product per unit (gonum's Dgemv).
					blas64.Gemv(blas.NoTrans, 1, zm, blas64.Vector{N: f.d, Inc: 1, Data: w}, 0, blas64.Vector{N: units, Inc: 1, Data: sc})
					for _, u := range f.noScoreUnits {
						sc[u] = math.NaN()
					}
					rk := ranks[k*units : (k+1)*units : (k+1)*units]
					f.rank(rk, sc, sorted, count)
					res.Scores[k], res.Ranks[k] = sc, rk
				}
				if progress != nil {
					progress(hi - lo)
				}
			}
		}()
	}
	wg.Wait()
	return !failed.Load()
}

// keyed is a unit's score with the unit.
type keyed struct {
	v float64
	u int32
}

// rank sets dst to the sport ranks of the scores sc of the units ranked
// nominally (1 the highest, ties sharing the lowest rank, as
// composite.SportRanksTo; 0 for the others); dst must be all 0. It sorts by
// buckets: each score goes to one of len(order) buckets by its place
// between the highest and the lowest score (a monotone map, so equal scores
// share a bucket), then an insertion sort puts each bucket in order: O(n)
// for scores spread evenly. buf and count are scratch, of len(order) and
// len(order) + 1.
func (f *fastPlan) rank(dst []int32, sc []float64, buf []keyed, count []int32) {
	n := len(f.order)
	if n == 0 {
		return
	}
	hi, lo := math.Inf(-1), math.Inf(1)
	for _, u := range f.order {
		v := sc[u]
		if v > hi {
			hi = v
		}
		if v < lo {
			lo = v
		}
	}
	scale := 0.0
	if hi > lo {
		scale = float64(n-1) / (hi - lo)
	}
	count = count[:n+1]
	clear(count)
	last := int32(n - 1)
	for _, u := range f.order {
		b := min(last, int32((hi-sc[u])*scale))
		count[b+1]++
	}
	for b := 1; b <= n; b++ {
		count[b] += count[b-1]
	}
	for _, u := range f.order {
		v := sc[u]
		b := min(last, int32((hi-v)*scale))
		buf[count[b]] = keyed{v, u}
		count[b]++
	}
	for i := 1; i < n; i++ {
		if p := buf[i]; buf[i-1].v < p.v {
			j := i
			for j > 0 && buf[j-1].v < p.v {
				buf[j] = buf[j-1]
				j--
			}
			buf[j] = p
		}
	}
	for k := 0; k < n; {
		j := k + 1
		for j < n && buf[j].v == buf[k].v {
			j++
		}
		for _, p := range buf[k:j] {
			dst[p.u] = int32(k + 1)
		}
		k = j
	}
}
