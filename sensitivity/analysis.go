package sensitivity

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// Analysis is a run with what it says: each unit's rank statistics, the
// output variable of every replicate and, for a Saltelli design, the
// Sobol index of each input.
type Analysis struct {
	*Result
	Plan *Plan
	// Stats holds each unit's statistics, in the order of Result.Units.
	Stats []UnitStats
	// Y is COINr's output variable of each replicate: the mean absolute
	// shift of the units' ranks from the nominal ranks.
	Y []float64
	// Sobol holds the indices of each input of a Saltelli design, in the
	// order of Plan.Inputs; nil for a UA.
	Sobol []SobolIndex
}

// UnitStats are one unit's rank statistics over the replicates (COINr's
// RankStats: over every replicate of a UA, over the A and B runs of a
// Saltelli design) and the spread of its score.
type UnitStats struct {
	Unit    dataset.UnitID
	Nominal int32   // the nominal rank; 0 when not ranked
	Score   float64 // the nominal score
	composite.RankStats
	// ScoreQ5 and ScoreQ95 are the 5th and 95th percentiles of its scores
	// (R's quantile type 7) over the same replicates; NaN without a score,
	// and left 0 by AnalyseRanks.
	ScoreQ5, ScoreQ95 float64
}

// scoreSpread sets each unit's ScoreQ5 and ScoreQ95: the 5th and 95th
// percentiles of its scores (R's quantile type 7) over the replicates the
// rank statistics use; NaN for a unit without a score.
func (a *Analysis) scoreSpread() {
	runs := len(a.Scores)
	if a.Plan.Design == DesignSaltelli {
		runs = 2 * a.Plan.N
	}
	forUnits(len(a.Units), func(lo, hi int) {
		scores := make([]float64, 0, runs)
		for u := lo; u < hi; u++ {
			scores = scores[:0]
			for _, sc := range a.Scores[:runs] {
				if v := sc[u]; !math.IsNaN(v) {
					scores = append(scores, v)
				}
			}
			st := &a.Stats[u]
			st.ScoreQ5, st.ScoreQ95 = math.NaN(), math.NaN()
			if len(scores) > 0 {
				var q [2]float64
				composite.QuantilesTo(q[:], scores, []float64{0.05, 0.95})
				st.ScoreQ5, st.ScoreQ95 = q[0], q[1]
			}
		}
	})
}

// SobolIndex is the first-order (Si) and total (STi) sensitivity index of
// one input, with their bootstrap 5–95 % intervals.
type SobolIndex struct {
	Input                      string
	Si, STi                    float64
	SiQ5, SiQ95, STiQ5, STiQ95 float64
}

// InputLabel is the name of an input in the Sobol output: a params.csv
// column name, "weights" for the weight sets.
func InputLabel(name string) string {
	if name == "weight_set" {
		return "weights"
	}
	return name
}

// Analyse computes the statistics of res, run on plan: the rank statistics
// and the score spread of every unit, the output variable of every
// replicate and, for a Saltelli design, the Sobol indices with bootstrap
// intervals of nboot resamples drawn from a generator seeded with seed.
func Analyse(res *Result, plan *Plan, nboot int, seed uint64) (*Analysis, error) {
	a, err := AnalyseRanks(res, plan, nboot, seed)
	if err != nil {
		return nil, err
	}
	a.scoreSpread()
	return a, nil
}

// AnalyseRanks is Analyse without the score spread (UnitStats.ScoreQ5 and
// ScoreQ95 stay 0): the rank intervals, the output variable and the Sobol
// indices only, which is what the ranks need and the cheaper part.
func AnalyseRanks(res *Result, plan *Plan, nboot int, seed uint64) (*Analysis, error) {
	if len(res.Ranks) != len(plan.Replicates) {
		return nil, fmt.Errorf("sensitivity: %d replicates scored, the plan has %d", len(res.Ranks), len(plan.Replicates))
	}
	a := &Analysis{Result: res, Plan: plan}
	nominal := res.NominalRanks()
	a.Y = make([]float64, len(res.Ranks))
	for k, r := range res.Ranks {
		a.Y[k] = composite.MeanAbsRankShift(r, nominal)
	}
	statRuns := len(res.Ranks)
	if plan.Design == DesignSaltelli {
		statRuns = 2 * plan.N
	}
	rs := make([]composite.RankStats, len(res.Units))
	composite.RankStatsTo(rs, res.Ranks[:statRuns])
	a.Stats = make([]UnitStats, len(res.Units))
	for u := range res.Units {
		a.Stats[u] = UnitStats{Unit: res.Units[u], Nominal: nominal[u], Score: res.NominalScores()[u], RankStats: rs[u]}
	}
	if plan.Design == DesignSaltelli {
		d := len(plan.Inputs)
		rng := rand.New(rand.NewPCG(seed, 0xda3e39cb94b95bdb))
		sr := composite.SobolIndices(a.Y, plan.N, d, nboot, rng)
		for k, in := range plan.Inputs {
			si := SobolIndex{Input: InputLabel(in.Name), Si: sr.Si[k], STi: sr.STi[k],
				SiQ5: math.NaN(), SiQ95: math.NaN(), STiQ5: math.NaN(), STiQ95: math.NaN()}
			if sr.SiQ5 != nil {
				si.SiQ5, si.SiQ95, si.STiQ5, si.STiQ95 = sr.SiQ5[k], sr.SiQ95[k], sr.STiQ5[k], sr.STiQ95[k]
			}
			a.Sobol = append(a.Sobol, si)
		}
	}
	return a, nil
}

// TopStats returns the statistics of the n units with the best nominal
// ranks, in rank order (ties by unit id).
func (a *Analysis) TopStats(n int) []UnitStats {
	var out []UnitStats
	for _, st := range a.Stats {
		if st.Nominal > 0 {
			out = append(out, st)
		}
	}
	slices.SortFunc(out, func(x, y UnitStats) int {
		return cmp.Or(cmp.Compare(x.Nominal, y.Nominal), cmp.Compare(x.Unit, y.Unit))
	})
	return out[:min(n, len(out))]
}

// Note says in plain words, in lang ("zh" or "en"), how much the ranking
// moves and, for a Saltelli design, which choices move it most.
func (a *Analysis) Note(lang string) string {
	var widths []float64
	widest := -1
	for u, st := range a.Stats {
		if st.Nominal == 0 || math.IsNaN(st.Q5) {
			continue
		}
		w := st.Q95 - st.Q5
		widths = append(widths, w)
		if widest < 0 || w > a.Stats[widest].Q95-a.Stats[widest].Q5 {
			widest = u
		}
	}
	if len(widths) == 0 {
		return ""
	}
	sort.Float64s(widths)
	med := composite.QuantileType7(widths, 0.5)
	ws := a.Stats[widest]
	var b strings.Builder
	if lang == "zh" {
		fmt.Fprintf(&b, "在 %d 次重复计算中，一半城市的排名 90%% 区间宽度不超过 %.3g 位；区间最宽的是%s（名义排名 %d，区间 %.4g–%.4g）。",
			len(a.Plan.Replicates), med, ws.Unit, ws.Nominal, ws.Q5, ws.Q95)
	} else {
		fmt.Fprintf(&b, "Over %d replicates, half of the units' 5–95 %% rank intervals are at most %.3g ranks wide; the widest is %s's (nominal rank %d, ranks %.4g–%.4g).",
			len(a.Plan.Replicates), med, ws.Unit, ws.Nominal, ws.Q5, ws.Q95)
	}
	if len(a.Sobol) > 0 {
		order := slices.Clone(a.Sobol)
		slices.SortStableFunc(order, func(x, y SobolIndex) int { return cmp.Compare(y.STi, x.STi) })
		top := order[0]
		if lang == "zh" {
			fmt.Fprintf(&b, " 对排名影响最大的是%s：总效应指数 %.2f（其中单独作用 %.2f）", inputZh(top.Input), top.STi, top.Si)
			if len(order) > 1 {
				fmt.Fprintf(&b, "；其次是%s（%.2f）", inputZh(order[1].Input), order[1].STi)
			}
			b.WriteString("。")
		} else {
			fmt.Fprintf(&b, " The choice that moves the ranking most is the %s: total index %.2f (%.2f alone)", inputEn(top.Input), top.STi, top.Si)
			if len(order) > 1 {
				fmt.Fprintf(&b, "; next, the %s (%.2f)", inputEn(order[1].Input), order[1].STi)
			}
			b.WriteString(".")
		}
	}
	return b.String()
}

var inputNames = map[string][2]string{
	"weights":   {"weights", "权重"},
	"aggregate": {"aggregation", "合成方法"},
	"normalize": {"normalisation", "标准化方法"},
	"impute":    {"imputation", "缺失值插补"},
	"rank_rule": {"coverage rule of ranking", "排名规则"},
	"drop":      {"indicator or dimension left out", "剔除的指标或维度"},
}

func inputEn(name string) string {
	if n, ok := inputNames[name]; ok {
		return n[0]
	}
	return name
}

func inputZh(name string) string {
	if n, ok := inputNames[name]; ok {
		return n[1]
	}
	return name
}

// forUnits splits [0, n) into GOMAXPROCS ranges and calls fn on each, at
// once.
func forUnits(n int, fn func(lo, hi int)) {
	workers := max(1, min(n, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(w*n/workers, (w+1)*n/workers)
		}()
	}
	wg.Wait()
}
