package scoring

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cityscore/cityscore/dataset"
)

// Result is the outcome of Run. It is not modified after Run returns.
type Result struct {
	Schema  *dataset.Schema
	Options Options // as applied
	Years   []*YearResult
	Issues  []dataset.Issue

	// WeightMethod and Aggregation give, per node, the weighting method that
	// set its weight and, for aggregates, the aggregation that combined its
	// children.
	WeightMethod []WeightMethod
	Aggregation  []Aggregation
}

// YearResult holds the scores of one year. Every per-node slice is indexed
// like Schema.Nodes; every per-unit slice like Units.
type YearResult struct {
	Year  int
	Units []dataset.UnitID
	Rows  []int // the table row of each unit

	// Raw holds the raw values of each indicator (nil for aggregates).
	Raw [][]float64
	// Scores holds the normalised value of each indicator and the score of
	// each aggregate; NaN where a unit has none.
	Scores [][]float64
	// Ranks holds the sport rank of each node's score; 0 where a unit has no
	// score.
	Ranks [][]int32
	// Weights holds each node's weight relative to its siblings (summing to
	// 1 within a parent); the root's is 1.
	Weights []float64
	// Effective holds the product of the relative weights along the path
	// from the node to the index.
	Effective []float64

	schema *dataset.Schema
}

// Coverage returns, for each unit, the share of the indicators under node
// (the node itself, for an indicator) that have a raw value.
func (y *YearResult) Coverage(node int) []float64 {
	leaves := leavesOf(y.schema, node)
	out := make([]float64, len(y.Units))
	for i := range out {
		n := 0
		for _, l := range leaves {
			if !math.IsNaN(y.Raw[l][i]) {
				n++
			}
		}
		out[i] = float64(n) / float64(len(leaves))
	}
	return out
}

// Unit returns the position of unit u in Units.
func (y *YearResult) Unit(u dataset.UnitID) (int, bool) {
	i := slices.Index(y.Units, u)
	return i, i >= 0
}

func leavesOf(s *dataset.Schema, node int) []int {
	if s.Nodes[node].Level == dataset.LevelIndicator {
		return []int{node}
	}
	var out []int
	for _, c := range s.Nodes[node].Children {
		out = append(out, leavesOf(s, c)...)
	}
	return out
}

// ErrNoData is returned when the table has no rows.
var ErrNoData = errors.New("scoring: no data to score")

// Run scores every year of t on the tree s: it orients and normalises each
// indicator over the units of that year, weights the children of every node
// and aggregates them bottom-up, and ranks every node. Indicators are read
// from the columns named by their Variable; an absent column is all missing.
//
// Missing children are dropped from a node's mean and the remaining weights
// renormalised (COINr's rule), unless their share of the node's weight
// exceeds opt.MaxMissingShare. An indicator that cannot be normalised (a
// constant column under minmax or zscore, fewer than two values under
// percentile) is missing for every unit and reported in Result.Issues.
//
// Run returns an error for invalid options, and an *AggregateError for a
// value ≤ 0 under a geometric or harmonic mean.
func Run(s *dataset.Schema, t *dataset.Table, opt Options) (*Result, error) {
	if t.Len() == 0 {
		return nil, ErrNoData
	}
	if err := check(s, &opt); err != nil {
		return nil, err
	}
	raw, rel, wm, err := nodeWeights(s, opt)
	if err != nil {
		return nil, err
	}
	res := &Result{Schema: s, Options: opt, WeightMethod: wm, Aggregation: make([]Aggregation, len(s.Nodes))}
	for i, n := range s.Nodes {
		if n.Level != dataset.LevelIndicator {
			res.Aggregation[i] = aggregationOf(s, opt, i)
		}
	}
	eff := effective(s, rel)
	years := t.Years()
	for k, year := range years {
		y, issues, err := scoreYear(s, t, opt, year, raw, res.Aggregation)
		if err != nil {
			return nil, err
		}
		y.Weights, y.Effective = rel, eff
		res.Years = append(res.Years, y)
		res.Issues = append(res.Issues, issues...)
		if opt.Progress != nil {
			opt.Progress(k+1, len(years))
		}
	}
	return res, nil
}

// check validates opt against the tree.
func check(s *dataset.Schema, opt *Options) error {
	var errs []error
	if err := opt.Normalize.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("normalize: %w", err))
	}
	for id, o := range opt.Normalize.Overrides {
		i, ok := s.Index(id)
		if !ok || s.Nodes[i].Level != dataset.LevelIndicator {
			errs = append(errs, fmt.Errorf("normalize.overrides: %q is not an indicator of framework %s", id, s.ID))
			continue
		}
		if err := o.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("normalize.overrides.%s: %w", id, err))
		}
	}
	for _, i := range s.Indicators() {
		n := s.Nodes[i]
		spec := opt.Normalize.For(n.ID)
		if spec.Method == Goalposts && spec.Goalposts == nil && n.Goalposts == nil && n.Direction != dataset.Interval {
			errs = append(errs, fmt.Errorf("normalize: goalposts: indicator %q has no goalposts (give goalposts: [worst, best] in the framework or the profile)", n.ID))
		}
	}
	if !(opt.MaxMissingShare >= 0 && opt.MaxMissingShare <= 1) {
		errs = append(errs, fmt.Errorf("missing.max_share %v must be within [0, 1]", opt.MaxMissingShare))
	}
	return errors.Join(errs...)
}

// aggregationOf returns the method that combines the children of node i.
func aggregationOf(s *dataset.Schema, opt Options, i int) Aggregation {
	ch := s.Nodes[i].Children
	if len(ch) == 0 {
		return Arithmetic
	}
	return opt.Aggregate.At(s.Nodes[ch[0]].Level).Method
}

// nodeWeights returns each node's weight as its weighting method sets it
// (raw, used in the means), its weight relative to its siblings (rel), and
// the method.
func nodeWeights(s *dataset.Schema, opt Options) (raw, rel []float64, wm []WeightMethod, err error) {
	raw = make([]float64, len(s.Nodes))
	rel = make([]float64, len(s.Nodes))
	wm = make([]WeightMethod, len(s.Nodes))
	raw[0], rel[0] = 1, 1
	var errs []error
	for _, l := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		spec := opt.Weights.At(l)
		name := map[dataset.Level]string{dataset.LevelIndicator: "indicators", dataset.LevelDimension: "dimensions", dataset.LevelGoal: "goals"}[l]
		var missing []string
		for id := range spec.Values {
			if i, ok := s.Index(id); !ok || s.Nodes[i].Level != l {
				errs = append(errs, fmt.Errorf("weights.%s: %q is not a %s of framework %s", name, id, l, s.ID))
			}
		}
		for _, i := range s.ByLevel(l) {
			n := s.Nodes[i]
			wm[i] = spec.Method
			switch spec.Method {
			case FrameworkWeights:
				raw[i] = n.Weight
			case EqualWeights:
				raw[i] = 1
			case ManualWeights:
				v, ok := spec.Values[n.ID]
				if !ok {
					missing = append(missing, n.ID)
					continue
				}
				if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
					errs = append(errs, fmt.Errorf("weights.%s: %s: weight %v must be a finite number ≥ 0", name, n.ID, v))
				}
				raw[i] = v
			default:
				errs = append(errs, fmt.Errorf("weights.%s: unsupported method %v", name, spec.Method))
			}
		}
		if len(missing) > 0 {
			errs = append(errs, fmt.Errorf("weights.%s: manual weights give no value for %s", name, strings.Join(missing, ", ")))
		}
	}
	if len(errs) > 0 {
		return nil, nil, nil, errors.Join(errs...)
	}
	for p, n := range s.Nodes {
		if len(n.Children) == 0 {
			continue
		}
		var sum acc
		for _, c := range n.Children {
			sum.add(raw[c])
		}
		total := sum.value()
		if total <= 0 {
			errs = append(errs, fmt.Errorf("weights: the children of %q all have weight 0", s.Nodes[p].ID))
			continue
		}
		for _, c := range n.Children {
			rel[c] = raw[c] / total
		}
	}
	return raw, rel, wm, errors.Join(errs...)
}

func effective(s *dataset.Schema, rel []float64) []float64 {
	eff := make([]float64, len(s.Nodes))
	for i, n := range s.Nodes {
		if n.Parent < 0 {
			eff[i] = rel[i]
		} else {
			eff[i] = eff[n.Parent] * rel[i]
		}
	}
	return eff
}

// parallelMin is the work size (units × nodes) above which a year is scored
// on several goroutines.
const parallelMin = 1 << 16

// forEach calls fn(i) for i in [0, n), on GOMAXPROCS goroutines when work
// is large.
func forEach(n, work int, fn func(i int)) {
	procs := runtime.GOMAXPROCS(0)
	if work < parallelMin || procs < 2 || n < 2 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range min(procs, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	wg.Wait()
}

func scoreYear(s *dataset.Schema, t *dataset.Table, opt Options, year int, rawW []float64, aggs []Aggregation) (*YearResult, []dataset.Issue, error) {
	rows := t.RowsOf(year)
	n := len(rows)
	y := &YearResult{
		Year: year, Rows: rows, Units: make([]dataset.UnitID, n), schema: s,
		Raw: make([][]float64, len(s.Nodes)), Scores: make([][]float64, len(s.Nodes)), Ranks: make([][]int32, len(s.Nodes)),
	}
	for k, r := range rows {
		y.Units[k] = t.Key(r).Unit
	}
	work := n * len(s.Nodes)

	// Indicators: orient, then normalise.
	inds := s.Indicators()
	issues := make([]*dataset.Issue, len(inds))
	forEach(len(inds), work, func(k int) {
		i := inds[k]
		node := s.Nodes[i]
		raw := gather(t.Column(node.Variable), rows)
		y.Raw[i] = raw
		z := make([]float64, n)
		switch node.Direction {
		case dataset.Negative:
			for u, v := range raw {
				z[u] = -v
			}
		case dataset.Interval:
			IntervalTo(z, raw, *node.Optimal, node.Tolerable)
		default:
			copy(z, raw)
		}
		if msg := normalize(z, node, opt.Normalize.For(node.ID)); msg != "" {
			issues[k] = &dataset.Issue{Kind: "not normalised", Year: year, Variable: node.Variable, Msg: msg}
		}
		y.Scores[i] = z
	})

	// Aggregates, children before parents.
	for i := len(s.Nodes) - 1; i >= 0; i-- {
		if s.Nodes[i].Level == dataset.LevelIndicator {
			continue
		}
		if err := aggregate(y, s, i, rawW, aggs[i], opt.MaxMissingShare, work); err != nil {
			return nil, nil, err
		}
	}

	rankers := make(chan *ranker, runtime.GOMAXPROCS(0))
	forEach(len(s.Nodes), work, func(i int) {
		var r *ranker
		select {
		case r = <-rankers:
		default:
			r = new(ranker)
		}
		y.Ranks[i] = make([]int32, n)
		r.ranks(y.Ranks[i], y.Scores[i])
		select {
		case rankers <- r:
		default:
		}
	})

	var out []dataset.Issue
	for _, is := range issues {
		if is != nil {
			out = append(out, *is)
		}
	}
	return y, out, nil
}

// gather returns the values of col at rows: a subslice of the column when
// the rows are contiguous, else a copy; all NaN when col is nil.
func gather(col *dataset.Column, rows []int) []float64 {
	n := len(rows)
	if col == nil {
		out := make([]float64, n)
		fillNaN(out)
		return out
	}
	if n > 0 && rows[n-1]-rows[0] == n-1 {
		return col.Values[rows[0] : rows[0]+n : rows[0]+n]
	}
	out := make([]float64, n)
	for k, r := range rows {
		out[k] = col.Values[r]
	}
	return out
}

// normalize normalises the oriented values z in place and returns why it
// could not, if it could not.
func normalize(z []float64, node dataset.Node, spec NormalizeSpec) string {
	present := 0
	for _, v := range z {
		if !math.IsNaN(v) {
			present++
		}
	}
	if present == 0 {
		return "" // no data: coverage reports it, not an issue per year
	}
	switch spec.Method {
	case MinMax:
		if !MinMaxTo(z, z, spec.Range[0], spec.Range[1]) {
			return "every unit has the same value, so min-max is undefined (COINr gives NaN); left missing"
		}
	case ZScore:
		if !ZScoreTo(z, z, spec.Mean, spec.SD) {
			return "standard deviation is zero or undefined, so the z-score is undefined; left missing"
		}
	case Rank:
		RankTo(z, z)
	case Percentile:
		if !PercentileTo(z, z) {
			return "fewer than two values, so percentile ranks are undefined; left missing"
		}
	case Goalposts:
		worst, best := 0.0, 1.0 // interval indicators: closeness in [0, 1]
		switch {
		case spec.Goalposts != nil:
			worst, best = spec.Goalposts[0], spec.Goalposts[1]
		case node.Goalposts != nil:
			worst, best = node.Goalposts.Lo, node.Goalposts.Hi
		}
		if node.Direction == dataset.Negative {
			// z holds −x: the goalposts follow it.
			worst, best = -worst, -best
		}
		GoalpostsTo(z, z, worst, best, spec.Range[0], spec.Range[1])
	case NoNormalization:
	default:
		panic(fmt.Sprintf("scoring: unknown normalisation %v", spec.Method))
	}
	return ""
}

// aggregate scores node p from its children for every unit.
func aggregate(y *YearResult, s *dataset.Schema, p int, rawW []float64, m Aggregation, maxMissing float64, work int) error {
	children := s.Nodes[p].Children
	n := len(y.Units)
	out := make([]float64, n)
	y.Scores[p] = out
	w := make([]float64, len(children))
	var total acc
	for k, c := range children {
		w[k] = rawW[c]
		total.add(w[k])
	}
	tw := total.value()

	chunks := 1
	if work >= parallelMin {
		chunks = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, chunks)
	forEach(chunks, work, func(ch int) {
		x := make([]float64, len(children))
		for u := ch * n / chunks; u < (ch+1)*n/chunks; u++ {
			var missing acc
			complete := true
			for k, c := range children {
				v := y.Scores[c][u]
				if w[k] == 0 {
					v = math.NaN() // a zero weight takes no part
				} else if math.IsNaN(v) {
					missing.add(w[k])
					complete = false
				}
				x[k] = v
			}
			total := tw
			if !complete {
				if missing.value()/tw > maxMissing {
					out[u] = math.NaN()
					continue
				}
				total = math.NaN() // sum the weights present
			}
			v, ok, bad := meanTotal(m, x, w, total)
			if bad >= 0 {
				if errs[ch] == nil {
					errs[ch] = &AggregateError{Method: m, Node: s.Nodes[p].ID, Child: s.Nodes[children[bad]].ID,
						Unit: string(y.Units[u]), Year: y.Year, Value: x[bad]}
				}
				return
			}
			if !ok {
				v = math.NaN()
			}
			out[u] = v
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Weigh returns the weights of every node under opt without scoring any
// data: a Result holding one YearResult with no units, whose Weights and
// Effective are set. It serves weighting methods that need no data.
func Weigh(s *dataset.Schema, opt Options) (*Result, error) {
	if err := check(s, &opt); err != nil {
		return nil, err
	}
	_, rel, wm, err := nodeWeights(s, opt)
	if err != nil {
		return nil, err
	}
	res := &Result{Schema: s, Options: opt, WeightMethod: wm, Aggregation: make([]Aggregation, len(s.Nodes))}
	for i, n := range s.Nodes {
		if n.Level != dataset.LevelIndicator {
			res.Aggregation[i] = aggregationOf(s, opt, i)
		}
	}
	res.Years = []*YearResult{{Weights: rel, Effective: effective(s, rel), schema: s,
		Raw: make([][]float64, len(s.Nodes)), Scores: make([][]float64, len(s.Nodes)), Ranks: make([][]int32, len(s.Nodes))}}
	return res, nil
}
