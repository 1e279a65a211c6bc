package sensitivity

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// RunOptions configures Run.
type RunOptions struct {
	// Year is the year analysed; 0 means the latest year of the table.
	Year int
	// Workers is the number of replicates scored at once; 0 means
	// GOMAXPROCS. The result does not depend on it.
	Workers int
	// Progress, if set, is called after each replicate (or block of
	// replicates) with the number done and the total, from one goroutine
	// at a time.
	Progress func(done, total int)
	// Full scores every replicate with the whole pipeline. By default a
	// run whose replicates change only weights, under arithmetic means and
	// with no normalised value missing, takes the fast path: the
	// normalised values once, then a matrix product (see fast.go).
	Full bool
}

// Result holds the index score and rank of every unit of the year in the
// nominal run (the profile as it is) and in every replicate.
type Result struct {
	Schema     *dataset.Schema
	Year       int
	Units      []dataset.UnitID
	Replicates []Replicate
	// Nominal is the run under the profile, with every node's scores.
	Nominal *scoring.YearResult
	// Scores and Ranks hold, per replicate and unit, the index score (NaN
	// for none) and its sport rank (0 for a unit not ranked).
	Scores [][]float64
	Ranks  [][]int32
	// Fast reports that the replicates took the fast path (RunOptions.Full).
	Fast bool
	// Failed lists the replicates whose choices could not score the data,
	// by replicate number; their scores are missing.
	Failed []Failure
}

// Failure is a replicate that could not be scored, and why.
type Failure struct {
	Replicate int // numbered from 1
	Reason    string
}

// NominalScores and NominalRanks are the index scores and ranks of the
// nominal run.
func (r *Result) NominalScores() []float64 { return r.Nominal.Scores[0] }

// NominalRanks returns the index ranks of the nominal run.
func (r *Result) NominalRanks() []int32 { return r.Nominal.Ranks[0] }

// Run scores the year of t under base (the nominal run) and under each
// replicate's choices, and returns every unit's index score and rank in
// each. Replicates are independent: they are scored Workers at a time, and
// the result is the same whatever the number of workers. Run stops at the
// first replicate that fails (its number in the error) or when ctx is done.
func Run(ctx context.Context, s *dataset.Schema, t *dataset.Table, base scoring.Options, reps []Replicate, ro RunOptions) (*Result, error) {
	year := ro.Year
	if year == 0 {
		years := t.Years()
		if len(years) == 0 {
			return nil, scoring.ErrNoData
		}
		year = years[len(years)-1]
	}
	tab := t.Select(func(k dataset.Key) bool { return k.Year == year })
	if tab.Len() == 0 {
		return nil, fmt.Errorf("sensitivity: no data for %d", year)
	}
	base.Progress = nil
	nominal, err := scoring.Run(s, tab, base)
	if err != nil {
		return nil, err
	}
	y := nominal.Years[0]
	res := &Result{Schema: s, Year: year, Units: y.Units, Replicates: reps, Nominal: y,
		Scores: make([][]float64, len(reps)), Ranks: make([][]int32, len(reps))}

	workers := ro.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if !ro.Full {
		if fp := newFastPlan(s, base, y, reps); fp != nil {
			var done int
			var pmu sync.Mutex
			progress := func(k int) {
				pmu.Lock()
				defer pmu.Unlock()
				done += k
				if ro.Progress != nil {
					ro.Progress(done, len(reps))
				}
			}
			if fp.run(res, reps, workers, progress) {
				res.Fast = true
				return res, ctx.Err()
			}
		}
	}
	workers = max(1, min(workers, len(reps)))
	var (
		next, done atomic.Int64
		mu         sync.Mutex
		firstErr   error
		failed     = -1
		wg         sync.WaitGroup
	)
	fail := func(k int, err error) {
		mu.Lock()
		defer mu.Unlock()
		if failed < 0 || k < failed {
			failed, firstErr = k, err
		}
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(reps) || ctx.Err() != nil {
					return
				}
				scores, ranks, failed, err := runOne(s, tab, base, reps[k], len(y.Units))
				if err != nil {
					fail(k, fmt.Errorf("replicate %d (%v): %w", k+1, reps[k], err))
					return
				}
				res.Scores[k], res.Ranks[k] = scores, ranks
				if failed != "" {
					mu.Lock()
					res.Failed = append(res.Failed, Failure{Replicate: k + 1, Reason: failed})
					mu.Unlock()
				}
				n := done.Add(1)
				if ro.Progress != nil {
					mu.Lock()
					ro.Progress(int(n), len(reps))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	slices.SortFunc(res.Failed, func(a, b Failure) int { return a.Replicate - b.Replicate })
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// runOne scores one replicate and returns the index scores and ranks.
//
// A replicate whose choices cannot score the data (a geometric mean of a
// zero, say) is a failed run, as in COINr (get_sensitivity keeps going with
// the run's scores and ranks missing): its scores are NaN, its ranks 0, and
// failed says why. Choices that name what the framework lacks are errors.
func runOne(s *dataset.Schema, tab *dataset.Table, base scoring.Options, r Replicate, units int) (scores []float64, ranks []int32, failed string, err error) {
	opt, err := r.Options(s, base)
	if err != nil {
		return nil, nil, "", err
	}
	out, err := scoring.Run(s, tab, opt)
	if err != nil {
		scores, ranks = make([]float64, units), make([]int32, units)
		for u := range scores {
			scores[u] = math.NaN()
		}
		return scores, ranks, err.Error(), nil
	}
	y := out.Years[0]
	if len(y.Units) != units {
		return nil, nil, "", errors.New("the replicate scored other units than the nominal run")
	}
	return y.Scores[0], y.Ranks[0], "", nil
}
