package scoring

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cityscore/cityscore/composite"
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
	// Treated lists, per indicator and year, what outlier treatment did and
	// the points it changed (COINr's labels: winhi, winlo, +log_CT, …; under
	// the log fallback every row is labelled, missing ones too).
	Treated []ColumnTreatment
}

// HasTargets reports whether any year carries a target analysis (an
// indicator with a target, from the framework or the profile).
func (r *Result) HasTargets() bool {
	for _, y := range r.Years {
		if y.Targets != nil {
			return true
		}
	}
	return false
}

// YearResult holds the scores of one year. Every per-node slice is indexed
// like Schema.Nodes; every per-unit slice like Units.
type YearResult struct {
	Year  int
	Units []dataset.UnitID
	Rows  []int // the table row of each unit

	// Raw holds the raw values of each indicator as the data give them (nil
	// for aggregates).
	Raw [][]float64
	// Processed holds the values scored: Raw after screening, imputation and
	// treatment (the same slices as Raw when the profile does none).
	Processed [][]float64
	// Imputed marks, per indicator and unit, the values filled by
	// imputation; nil when none was.
	Imputed [][]bool
	// Grades holds the grades of the index and each goal (Options.Grades);
	// nil without.
	Grades []NodeGrades
	// Excluded gives, per unit, why it was screened out of this year's
	// scoring (in both languages; the zero Text = scored); nil when none was.
	Excluded []dataset.Text
	// Status says, per unit, whether it is ranked under Options.Rank, its
	// coverage and, if it is not ranked, which goals fall short.
	Status []UnitStatus
	// Counted marks, per node, the indicators the coverage rule counted
	// that year (more than RankRule.Common of the units have data); nil
	// without a rule.
	Counted []bool
	// Measured gives, per node, how many of its indicators have data for
	// most units that year (more than RankRule.Common of them, or half
	// without a rule): what really measures a goal. See Thin.
	Measured []int
	// Scores holds the normalised value of each indicator and the score of
	// each aggregate; NaN where a unit has none.
	Scores [][]float64
	// Ranks holds the sport rank of each node's score among the ranked
	// units (Status); 0 where a unit has no score or is not ranked. An
	// indicator's is nil under Options.NoIndicatorRanks.
	Ranks [][]int32
	// Weights holds each node's weight relative to its siblings (summing to
	// 1 within a parent); the root's is 1.
	Weights []float64
	// Effective holds the product of the relative weights along the path
	// from the node to the index.
	Effective []float64
	// Diagnostics records, for every node with children, how its children
	// were weighted (method, statistics, AHP consistency).
	Diagnostics []*WeightDiagnostics
	// TotalCR holds the hierarchical consistency ratio of each level weighted
	// by AHP.
	TotalCR []LevelCR

	// Coupling holds the coupling coordination degree, when requested.
	Coupling *CouplingYear
	// Obstacles holds, per node and unit, the obstacle degree in percent
	// (indicators: O_ij; aggregates: the sum over their indicators), when
	// requested; nil for the root.
	Obstacles [][]float64

	// ScoreChange and RankChange give, per node and unit, the change since
	// the unit's previous year in the result (rank change > 0: moved up);
	// NaN without a previous year. Only the index, goals and dimensions.
	ScoreChange, RankChange [][]float64
	// CAGR holds, per indicator and unit, the compound annual growth rate of
	// the processed values from the unit's first year to this one.
	CAGR [][]float64
	// Targets holds, per indicator with a target, the achievement, rating
	// and trend of each unit; Goals the roll-up per goal.
	Targets []*TargetYear
	Goals   [][]composite.GoalStatus

	schema *dataset.Schema
}

// CouplingYear is the coupling coordination of one year's units.
type CouplingYear struct {
	Nodes   []int // the subsystems
	Scale   float64
	C, T, D []float64
	Grades  []composite.Grade
}

// Coverage returns, for each unit, the share of the indicators under node
// (the node itself, for an indicator) that have a raw value.
func (y *YearResult) Coverage(node int) []float64 {
	leaves := y.schema.Leaves(node)
	out := make([]float64, len(y.Units))
	// Column by column: each indicator's values are contiguous.
	for _, l := range leaves {
		for i, v := range y.Raw[l] {
			if v == v { // not NaN
				out[i]++
			}
		}
	}
	for i := range out {
		out[i] /= float64(len(leaves))
	}
	return out
}

// Unit returns the position of unit u in Units.
func (y *YearResult) Unit(u dataset.UnitID) (int, bool) {
	i := slices.Index(y.Units, u)
	return i, i >= 0
}

// ErrNoData is returned when the table has no rows.
var ErrNoData = errors.New("scoring: no data to score")

// ErrNeedsData is returned by Weigh for weighting methods that read the
// data (entropy, CRITIC, cv, stddev, PCA).
var ErrNeedsData = errors.New("scoring: the weighting method reads the data; give data")

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
	if err := checkWeights(s, opt); err != nil {
		return nil, err
	}
	res := &Result{Schema: s, Options: opt, WeightMethod: make([]WeightMethod, len(s.Nodes)), Aggregation: make([]Aggregation, len(s.Nodes))}
	for i, n := range s.Nodes {
		if n.Level != dataset.LevelIndex {
			res.WeightMethod[i] = opt.Weights.At(n.Level).Method
		}
		if n.Level != dataset.LevelIndicator {
			res.Aggregation[i] = aggregationOf(s, opt, i)
		}
	}
	prep, err := prepare(s, t, opt)
	if err != nil {
		return nil, err
	}
	tr := newTree(s)
	res.Treated, res.Issues = prep.treated, prep.issues
	var pooled [][]float64
	if usesPooled(opt) {
		all := make([]int, t.Len())
		for i := range all {
			all[i] = i
		}
		pooled = objectiveColumns(s, t, all, prep)
	}
	years := t.Years()
	rows := yearRows(t, years)
	for k, year := range years {
		y, issues, err := scoreYear(s, tr, t, opt, year, rows[k], pooled, res.Aggregation, prep)
		if err != nil {
			return nil, err
		}
		res.Years = append(res.Years, y)
		res.Issues = append(res.Issues, issues...)
		if opt.Progress != nil {
			opt.Progress(k+1, len(years))
		}
	}
	if opt.Grades != nil {
		for _, y := range res.Years {
			grade(y, s, *opt.Grades)
		}
	}
	analysePanel(res, opt)
	return res, nil
}

func idList(s *dataset.Schema, nodes []int) string {
	var ids []string
	for _, i := range nodes {
		ids = append(ids, s.Nodes[i].ID)
	}
	return strings.Join(ids, ", ")
}

// usesPooled reports whether any weight spec asks for pooled weights.
func usesPooled(opt Options) bool {
	var pooled func(w WeightSpec) bool
	pooled = func(w WeightSpec) bool {
		if w.Pooled {
			return true
		}
		for _, p := range w.Combine.Of {
			if pooled(p) {
				return true
			}
		}
		return false
	}
	return pooled(opt.Weights.Indicators) || pooled(opt.Weights.Dimensions) || pooled(opt.Weights.Goals)
}

// objectiveColumns returns, per indicator node, the values objective
// weighting reads at rows: the raw values, and for interval indicators
// their [0, 1] transform over those rows.
func objectiveColumns(s *dataset.Schema, t *dataset.Table, rows []int, prep *prepared) [][]float64 {
	cols := make([][]float64, len(s.Nodes))
	for _, i := range s.Indicators() {
		n := s.Nodes[i]
		var raw []float64
		if prep.proc != nil {
			raw = pick(prep.proc[i], rows)
		} else {
			raw = gather(t.Column(n.Variable), rows)
		}
		if n.Direction == dataset.Interval {
			z := make([]float64, len(raw))
			interval(z, raw, n)
			raw = z
		}
		cols[i] = raw
	}
	return cols
}

// check validates opt against the tree.
func check(s *dataset.Schema, opt *Options) error {
	var errs []error
	if err := opt.Normalize.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("normalize: %w", err))
	}
	if opt.Grades != nil {
		if err := opt.Grades.Validate(); err != nil {
			errs = append(errs, err)
		}
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
		if spec.Method == NormGoalposts && spec.Goalposts == nil && n.Goalposts == nil && n.Direction != dataset.Interval {
			errs = append(errs, fmt.Errorf("normalize: goalposts: indicator %q has no goalposts (give goalposts: [worst, best] in the framework or the profile)", n.ID))
		}
	}
	if opt.ThinGoal < 0 {
		errs = append(errs, fmt.Errorf("missing.thin_goal %d must be ≥ 0", opt.ThinGoal))
	}
	if err := opt.Rank.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("missing.rank_rule: %w", err))
	}
	if !(opt.MaxMissingShare >= 0 && opt.MaxMissingShare <= 1) {
		errs = append(errs, fmt.Errorf("missing.max_share %v must be within [0, 1]", opt.MaxMissingShare))
	}
	for _, l := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		if a := opt.Aggregate.At(l); a.Method == AggGRA && !(a.Rho > 0 && a.Rho <= 1) {
			errs = append(errs, fmt.Errorf("aggregate: gra: rho %v must be within (0, 1]", a.Rho))
		}
	}
	if opt.Obstacles && opt.NoIndicatorScores {
		errs = append(errs, errors.New("obstacles need the indicators' normalised values, which NoIndicatorScores leaves out"))
	}
	if opt.Obstacles {
		for _, i := range s.Indicators() {
			if spec := opt.Normalize.For(s.Nodes[i].ID); !(spec.Top() > 0) {
				errs = append(errs, fmt.Errorf("obstacles: indicator %q is normalised by %v, which has no top for the deviation 1 − z/top; use minmax, goalposts, efficacy, vector, percentile or none", s.Nodes[i].ID, spec.Method))
				break
			}
		}
	}
	if c := opt.Coupling; c != nil {
		if c.Of != 0 && c.Of != dataset.LevelGoal && c.Of != dataset.LevelDimension {
			errs = append(errs, fmt.Errorf("coupling.of: %v (want goals or dimensions)", c.Of))
		}
		nodes := couplingNodes(s, c)
		for id, b := range c.TWeights {
			i, ok := s.Index(id)
			if !ok || !slices.Contains(nodes, i) {
				errs = append(errs, fmt.Errorf("coupling.t_weights: %q is not a subsystem (%s)", id, idList(s, nodes)))
			} else if b < 0 {
				errs = append(errs, fmt.Errorf("coupling.t_weights: %s: negative weight %v", id, b))
			}
		}
		if c.Scale < 0 {
			errs = append(errs, fmt.Errorf("coupling.scale %v must be positive", c.Scale))
		}
	}
	return errors.Join(errs...)
}

// aggregationOf returns the method that combines the children of node i.
func aggregationOf(s *dataset.Schema, opt Options, i int) Aggregation {
	ch := s.Nodes[i].Children
	if len(ch) == 0 {
		return AggArithmetic
	}
	return opt.Aggregate.At(s.Nodes[ch[0]].Level).Method
}

// checkWeights validates the weight specs against the tree: manual values
// name nodes of their level and leave none out; AHP matrices name parents of
// the level; a combination has two or more methods.
func checkWeights(s *dataset.Schema, opt Options) error {
	var errs []error
	var walk func(l dataset.Level, name string, spec WeightSpec)
	walk = func(l dataset.Level, name string, spec WeightSpec) {
		switch spec.Method {
		case WeightManual:
			for id, v := range spec.Values {
				if _, ok := s.Index(id); !ok {
					errs = append(errs, fmt.Errorf("weights.%s: %q is not a node of framework %s", name, id, s.ID))
				} else if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
					errs = append(errs, fmt.Errorf("weights.%s: %s: weight %v must be a finite number ≥ 0", name, id, v))
				}
			}
		case WeightAHP:
			for id := range spec.AHP.Matrices {
				i, ok := s.Index(id)
				if !ok || len(s.Nodes[i].Children) == 0 || s.Nodes[s.Nodes[i].Children[0]].Level != l {
					errs = append(errs, fmt.Errorf("weights.%s: ahp matrix %q: not a node whose children are %ss", name, id, l))
				}
			}
		case WeightCombine:
			if len(spec.Combine.Of) < 2 {
				errs = append(errs, fmt.Errorf("weights.%s: combine needs two or more methods, found %d", name, len(spec.Combine.Of)))
			}
			for _, p := range spec.Combine.Of {
				walk(l, name, p)
			}
		}
	}
	walk(dataset.LevelIndicator, "indicators", opt.Weights.Indicators)
	walk(dataset.LevelDimension, "dimensions", opt.Weights.Dimensions)
	walk(dataset.LevelGoal, "goals", opt.Weights.Goals)
	return errors.Join(errs...)
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

// forBlocks calls fn(from, to) on the blocks of unitBlock units of [0, n),
// on GOMAXPROCS goroutines when work is large: for the steps in which a
// unit's values depend on its own only.
func forBlocks(n, work int, fn func(from, to int)) {
	forEach((n+unitBlock-1)/unitBlock, work, func(b int) {
		fn(b*unitBlock, min((b+1)*unitBlock, n))
	})
}

// unitBlock is how many units forBlocks hands a goroutine at a time.
const unitBlock = 4096

// yearRows returns the rows of each of years (the table's, ascending), in
// table order, as Table.RowsOf gives them, in one pass to count and one to
// fill.
func yearRows(t *dataset.Table, years []int) [][]int {
	keys := t.Keys()
	count := make([]int, len(years))
	for _, k := range keys {
		y, _ := slices.BinarySearch(years, k.Year)
		count[y]++
	}
	all := make([]int, 0, len(keys))
	out := make([][]int, len(years))
	for y, c := range count {
		out[y] = all[len(all) : len(all) : len(all)+c]
		all = all[:len(all)+c]
	}
	for r, k := range keys {
		y, _ := slices.BinarySearch(years, k.Year)
		out[y] = append(out[y], r)
	}
	return out
}

func scoreYear(s *dataset.Schema, tr *tree, t *dataset.Table, opt Options, year int, rows []int, pooled [][]float64, aggs []Aggregation, prep *prepared) (*YearResult, []dataset.Issue, error) {
	n := len(rows)
	y := &YearResult{
		Year: year, Rows: rows, Units: make([]dataset.UnitID, n), schema: s,
		Raw: make([][]float64, len(s.Nodes)), Scores: make([][]float64, len(s.Nodes)), Ranks: make([][]int32, len(s.Nodes)),
	}
	for k, r := range rows {
		y.Units[k] = t.Key(r).Unit
	}
	y.Processed = y.Raw
	if prep.proc != nil {
		y.Processed = make([][]float64, len(s.Nodes))
	}
	if prep.imputed != nil {
		y.Imputed = make([][]bool, len(s.Nodes))
	}
	if prep.excluded != nil {
		y.Excluded = make([]dataset.Text, n)
		for k, r := range rows {
			y.Excluded[k] = prep.excluded[r]
		}
	}
	work := n * len(s.Nodes)

	// Indicators: orient, then normalise, each into its part of one
	// array. objective holds what objective weighting reads: raw values,
	// interval indicators transformed.
	inds := tr.inds
	issues := make([]*dataset.Issue, len(inds))
	objective := make([][]float64, len(s.Nodes))
	cost := make([]bool, len(s.Nodes))
	// Under NoIndicatorScores an indicator is normalised just before the
	// first aggregate that reads it, into an array that the next ones
	// reuse once the last aggregate that reads it is done: a large run
	// holds a goal's indicators at a time, not all of them
	// (lazyIndicators). Otherwise, one array for a small run (fewer
	// allocations); an array an indicator for a large one, whose columns
	// fit into the memory that reading the data freed, where one array of
	// them all would not.
	lazy := opt.NoIndicatorScores && prep.norm == nil
	var scores []float64
	if !lazy && prep.norm == nil && n*len(inds) <= slabMax {
		scores = make([]float64, n*len(inds))
	}
	// scoreIndicator orients and normalises indicator inds[k] into z, the
	// indicator's Scores.
	scoreIndicator := func(k int, z []float64) {
		i := inds[k]
		node := s.Nodes[i]
		val := y.Processed[i]
		x := val // the oriented values
		switch node.Direction {
		case dataset.Negative:
			for u, v := range val {
				z[u] = -v
			}
			x = z
		case dataset.Interval:
			x = objective[i] // the transform, taken once in the loop below
		}
		if msg := normalize(z, x, node, opt.Normalize.For(node.ID)); msg != (dataset.Text{}) {
			issues[k] = &dataset.Issue{Kind: dataset.IssueNotNormalised, Year: year, Variable: node.Variable, Msg: msg.En, MsgZh: msg.Zh}
		}
		y.Scores[i] = z
	}
	forEach(len(inds), work, func(k int) {
		i := inds[k]
		node := s.Nodes[i]
		raw := gather(t.Column(node.Variable), rows)
		y.Raw[i] = raw
		val := raw
		if prep.proc != nil {
			val = gatherSlice(prep.proc[i], rows)
			y.Processed[i] = val
		}
		if prep.imputed != nil {
			y.Imputed[i] = make([]bool, n)
			for u, r := range rows {
				y.Imputed[i][u] = prep.imputed[i][r]
			}
		}
		objective[i] = val
		cost[i] = node.Direction == dataset.Negative
		if prep.norm != nil {
			// Pooled: normalised over every year at once.
			y.Scores[i] = pick(prep.norm[i], rows)
			if node.Direction == dataset.Interval {
				objective[i] = orient(val, node)
			}
			return
		}
		if node.Direction == dataset.Interval {
			objective[i] = make([]float64, n)
			interval(objective[i], val, node)
		}
		if lazy {
			return
		}
		var z []float64
		if scores != nil {
			z = scores[k*n : (k+1)*n : (k+1)*n]
		} else {
			z = make([]float64, n)
		}
		scoreIndicator(k, z)
	})

	// Weights, from the specs and, for objective methods, the data.
	w := &weigher{s: s, tr: tr, opt: opt, cols: objective, pooled: pooled, cost: cost}
	rawW, rel, diags, err := w.weights()
	if err != nil {
		if year != 0 {
			err = fmt.Errorf("%d: %w", year, err)
		}
		return nil, nil, err
	}
	y.Weights, y.Effective, y.Diagnostics = rel, effective(s, rel), diags
	y.TotalCR = hierarchicalCR(s, diags, y.Effective)

	// Aggregates, children before parents; the weighted means into one
	// array.
	means := 0
	for i, n := range s.Nodes {
		if n.Level != dataset.LevelIndicator && meanKind(aggs[i]) {
			means++
		}
	}
	a := &aggregator{y: y, s: s, tr: tr, opt: opt, rawW: rawW, work: work}
	if n*means <= slabMax {
		a.out = make([]float64, n*means)
	}
	var lz *lazyIndicators
	if lazy {
		lz = newLazyIndicators(s, tr, opt, aggs, n, scoreIndicator)
	}
	for i := len(s.Nodes) - 1; i >= 0; i-- {
		if s.Nodes[i].Level == dataset.LevelIndicator {
			continue
		}
		if lz != nil {
			lz.before(y, i)
		}
		if err := a.aggregate(i, aggs[i]); err != nil {
			return nil, nil, err
		}
		if lz != nil {
			lz.after(y, i)
		}
	}
	if lz != nil {
		lz.release()
	}

	rankStatus(y, s, tr, opt.Rank)
	rankNodes(y, s, opt, work)

	if opt.Coupling != nil {
		if y.Coupling, err = coupling(y, s, opt); err != nil {
			return nil, nil, err
		}
	}
	if opt.Obstacles {
		y.Obstacles = obstacles(y, s, opt)
	}

	var out []dataset.Issue
	for _, is := range issues {
		if is != nil {
			out = append(out, *is)
		}
	}
	return y, out, nil
}

// rankPool holds the buffers of ranking: a Ranker and a column of scores.
var rankPool = sync.Pool{New: func() any { return new(ranking) }}

type ranking struct {
	composite.Ranker
	x []float64
}

// slabMax is the most values the scores of a run's indicators, or its
// weighted means, hold in one array (tests lower it).
var slabMax = 1 << 20

// rankNodes sets the sport ranks of every node's scores among the ranked
// units (every node but the indicators under opt.NoIndicatorRanks or
// opt.NoIndicatorScores), into one array.
func rankNodes(y *YearResult, s *dataset.Schema, opt Options, work int) {
	var nodes []int
	for i, nd := range s.Nodes {
		if !(opt.NoIndicatorRanks || opt.NoIndicatorScores) || nd.Level != dataset.LevelIndicator {
			nodes = append(nodes, i)
		}
	}
	rankNodesOf(y, nodes, work)
}

// RankIndicators ranks the indicators of a result scored under
// Options.NoIndicatorRanks, as Run would have: for an output that turns
// out to need them after all. It does nothing to indicators that have
// ranks.
func (r *Result) RankIndicators() {
	for _, y := range r.Years {
		var nodes []int
		for _, i := range r.Schema.Indicators() {
			if y.Ranks[i] == nil && y.Scores[i] != nil { // (none under NoIndicatorScores)
				nodes = append(nodes, i)
			}
		}
		if len(nodes) > 0 {
			rankNodesOf(y, nodes, len(y.Units)*len(nodes))
		}
	}
}

// rankNodesOf sets the sport ranks of the scores of nodes among the
// ranked units, into one array.
func rankNodesOf(y *YearResult, nodes []int, work int) {
	n := len(y.Units)
	var unranked []int // units with a score that the coverage rule leaves unranked
	for u, st := range y.Status {
		if !st.Ranked && !st.NoScore {
			unranked = append(unranked, u)
		}
	}
	ranks := make([]int32, n*len(nodes))
	forEach(len(nodes), work, func(k int) {
		i := nodes[k]
		r := rankPool.Get().(*ranking)
		y.Ranks[i] = ranks[k*n : (k+1)*n : (k+1)*n]
		x := y.Scores[i]
		if len(unranked) > 0 {
			r.x = append(r.x[:0], x...)
			x = r.x
			for _, u := range unranked {
				x[u] = math.NaN()
			}
		}
		r.Ranks(y.Ranks[i], x)
		rankPool.Put(r)
	})
}

// gatherSlice returns x at rows: a subslice when the rows are contiguous,
// else a copy.
func gatherSlice(x []float64, rows []int) []float64 {
	n := len(rows)
	if n > 0 && rows[n-1]-rows[0] == n-1 {
		return x[rows[0] : rows[0]+n : rows[0]+n]
	}
	return pick(x, rows)
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

// normalize sets dst to the normalised values of the oriented values x
// (dst may be x) and returns why it could not, if it could not.
func normalize(dst, x []float64, node dataset.Node, spec NormalizeSpec) dataset.Text {
	if !slices.ContainsFunc(x, func(v float64) bool { return v == v }) {
		copy(dst, x)
		return dataset.Text{} // no data: coverage reports it, not an issue per year
	}
	var msg dataset.Text
	switch spec.Method {
	case NormMinMax:
		if !composite.MinMaxTo(dst, x, spec.Range[0], spec.Range[1]) {
			msg = dataset.Text{En: "every unit has the same value, so min-max is undefined (COINr gives NaN); left missing", Zh: "各城市取值相同，极差标准化无定义（COINr 给出 NaN），按缺失处理"}
		}
	case NormZScore:
		if !composite.ZScoreTo(dst, x, spec.Mean, spec.SD) {
			msg = dataset.Text{En: "standard deviation is zero or undefined, so the z-score is undefined; left missing", Zh: "标准差为零或无定义，Z 分数无定义，按缺失处理"}
		}
	case NormRank:
		composite.RankTo(dst, x)
	case NormPercentile:
		if !composite.PercentileTo(dst, x) {
			msg = dataset.Text{En: "fewer than two values, so percentile ranks are undefined; left missing", Zh: "有值的城市少于两个，百分位排名无定义，按缺失处理"}
		}
	case NormGoalposts:
		worst, best := 0.0, 1.0 // interval indicators: closeness in [0, 1]
		switch {
		case spec.Goalposts != nil:
			worst, best = spec.Goalposts[0], spec.Goalposts[1]
		case node.Goalposts != nil:
			worst, best = node.Goalposts.Lo, node.Goalposts.Hi
		}
		if node.Direction == dataset.Negative {
			// x holds −x: the goalposts follow it.
			worst, best = -worst, -best
		}
		composite.GoalpostsTo(dst, x, worst, best, spec.Range[0], spec.Range[1])
	case NormVector:
		if !composite.VectorTo(dst, x) {
			msg = dataset.Text{En: "every value is 0, so the vector norm is 0; left missing", Zh: "各值均为 0，向量范数为 0，按缺失处理"}
		}
	case NormEfficacy:
		if !composite.EfficacyTo(dst, x, spec.Base, spec.Span) {
			msg = dataset.Text{En: "every unit has the same value, so the efficacy coefficient is undefined; left missing", Zh: "各城市取值相同，功效系数无定义，按缺失处理"}
		}
	case NormNone:
		copy(dst, x)
	default:
		panic(fmt.Sprintf("scoring: unknown normalisation %v", spec.Method))
	}
	return msg
}

// meanKinds maps the weighted-mean aggregations to their kernels.
var meanKinds = map[Aggregation]composite.MeanKind{AggArithmetic: composite.MeanArithmetic, AggGeometric: composite.MeanGeometric, AggHarmonic: composite.MeanHarmonic}

// meanKind reports whether m is a weighted mean.
func meanKind(m Aggregation) bool {
	_, ok := meanKinds[m]
	return ok
}

// aggregator scores the aggregates of one year.
type aggregator struct {
	y    *YearResult
	s    *dataset.Schema
	tr   *tree
	opt  Options
	rawW []float64
	work int
	// out holds the scores of the nodes aggregated by a weighted mean, n
	// values a node, handed out in turn.
	out []float64
}

// meanBlock is the number of units whose arithmetic means are summed
// column by column at a time: their sums stay in the L1 cache.
const meanBlock = 256

// aggregate scores node p from its children for every unit.
func (a *aggregator) aggregate(p int, m Aggregation) error {
	switch m {
	case AggTOPSIS, AggGRA, AggCopeland:
		return compare(a.y, a.s, a.tr, p, a.opt, m)
	}
	y, s := a.y, a.s
	children := s.Nodes[p].Children
	n := len(y.Units)
	var out []float64
	if len(a.out) >= n {
		out, a.out = a.out[:n:n], a.out[n:]
	} else {
		out = make([]float64, n) // a large run: an array a node (slabMax)
	}
	y.Scores[p] = out
	w := make([]float64, len(children))
	var total composite.Accumulator
	for k, c := range children {
		w[k] = a.rawW[c]
		total.Add(w[k])
	}
	tw := total.Value()
	maxMissing := a.opt.MaxMissingShare
	kind, ok := meanKinds[m]
	if !ok {
		panic(fmt.Sprintf("scoring: unknown aggregation %v", m))
	}

	chunks := 1
	if a.work >= parallelMin {
		chunks = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, chunks)
	forEach(chunks, a.work, func(ch int) {
		x := make([]float64, len(children))
		var sums [meanBlock]composite.Accumulator
		for lo, end := ch*n/chunks, (ch+1)*n/chunks; lo < end; lo += meanBlock {
			hi := min(lo+meanBlock, end)
			// Arithmetic means column by column, a block of units at a
			// time: every unit's sum takes the terms w/Σw·x of
			// composite.MeanTotal in the same order, so a unit with every
			// child present gets the very value MeanTotal gives; a sum
			// that comes out NaN (a child missing) is done unit by unit
			// below.
			arith := kind == composite.MeanArithmetic
			if arith {
				block := sums[:hi-lo]
				clear(block)
				for k, c := range children {
					if w[k] == 0 {
						continue // a zero weight takes no part
					}
					f, col := w[k]/tw, y.Scores[c][lo:hi]
					for u, v := range col {
						block[u].Add(f * v)
					}
				}
			}
			for u := lo; u < hi; u++ {
				if arith {
					if v := sums[u-lo].Value(); v == v {
						out[u] = v
						continue
					}
				}
				var missing composite.Accumulator
				complete := true
				for k, c := range children {
					v := y.Scores[c][u]
					if w[k] == 0 {
						v = math.NaN() // a zero weight takes no part
					} else if math.IsNaN(v) {
						missing.Add(w[k])
						complete = false
					}
					x[k] = v
				}
				total := tw
				if !complete {
					if missing.Value()/tw > maxMissing {
						out[u] = math.NaN()
						continue
					}
					total = math.NaN() // sum the weights present
				}
				v, ok, bad := composite.MeanTotal(kind, x, w, total)
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
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// lazyIndicators normalises the indicators of a run under
// Options.NoIndicatorScores as the aggregates need them (see scoreYear).
type lazyIndicators struct {
	reads [][]int // by node: the indicators its aggregate reads
	last  []int   // by indicator node: the last node (in aggregation order) that reads it
	pos   []int   // by indicator node: its position among the indicators
	score func(k int, z []float64)
	n     int
	free  [][]float64 // arrays no node reads any more, from this run or the pool
	todo  []int       // before's, reused
	bufs  [][]float64 // before's, reused
}

// lazyPool keeps the arrays of lazyIndicators from one run to the next
// (a *[][]float64 of them), so that a run that keeps no indicator scores
// allocates none for them in the steady state: only the result is new.
// Every array is written whole before it is read (scoreIndicator).
var lazyPool sync.Pool

func newLazyIndicators(s *dataset.Schema, tr *tree, opt Options, aggs []Aggregation, n int, score func(int, []float64)) *lazyIndicators {
	lz := &lazyIndicators{reads: make([][]int, len(s.Nodes)), last: make([]int, len(s.Nodes)), pos: make([]int, len(s.Nodes)), score: score, n: n}
	for k, i := range tr.inds {
		lz.pos[i] = k
		lz.last[i] = -1
	}
	all := make([]int, 0, len(tr.inds)) // the reads of every node, end to end
	for p := len(s.Nodes) - 1; p >= 0; p-- {
		nd := s.Nodes[p]
		if nd.Level == dataset.LevelIndicator || len(nd.Children) == 0 {
			continue
		}
		cols := nd.Children
		switch aggs[p] {
		case AggTOPSIS, AggGRA, AggCopeland:
			if opt.Aggregate.At(s.Nodes[nd.Children[0]].Level).Over == OverIndicators {
				cols = tr.leaves[p]
			}
		}
		start := len(all)
		for _, c := range cols {
			if s.Nodes[c].Level == dataset.LevelIndicator {
				all = append(all, c)
				lz.last[c] = p // nodes go from the last to the first: the lowest p reads last
			}
		}
		lz.reads[p] = all[start:len(all):len(all)]
	}
	if free, _ := lazyPool.Get().(*[][]float64); free != nil {
		for _, b := range *free {
			if cap(b) >= n {
				lz.free = append(lz.free, b[:n])
			}
		}
	}
	return lz
}

// release returns the run's arrays to lazyPool once every node is scored:
// after has taken each of them out of the result by then.
func (lz *lazyIndicators) release() {
	if len(lz.free) > 0 {
		free := lz.free
		lazyPool.Put(&free)
	}
}

// before normalises the indicators that node p reads and that are not yet.
func (lz *lazyIndicators) before(y *YearResult, p int) {
	todo, bufs := lz.todo[:0], lz.bufs[:0]
	for _, c := range lz.reads[p] {
		if y.Scores[c] != nil {
			continue
		}
		todo = append(todo, c)
		if m := len(lz.free); m > 0 {
			bufs, lz.free = append(bufs, lz.free[m-1]), lz.free[:m-1]
		} else {
			bufs = append(bufs, make([]float64, lz.n))
		}
	}
	lz.todo, lz.bufs = todo, bufs
	forEach(len(todo), lz.n*len(todo), func(j int) { lz.score(lz.pos[todo[j]], bufs[j]) })
}

// after frees the indicators that no node after p reads.
func (lz *lazyIndicators) after(y *YearResult, p int) {
	for _, c := range lz.reads[p] {
		if lz.last[c] == p && y.Scores[c] != nil {
			lz.free = append(lz.free, y.Scores[c])
			y.Scores[c] = nil
		}
	}
}

// compare scores node p by TOPSIS, GRA or Copeland over its children (or
// all its indicators), each with its weight relative to p. A unit missing
// more than opt.MaxMissingShare of that weight gets no score. A node with a
// single child (or indicator) takes its score unchanged.
func compare(y *YearResult, s *dataset.Schema, tr *tree, p int, opt Options, m Aggregation) error {
	spec := opt.Aggregate.At(s.Nodes[s.Nodes[p].Children[0]].Level)
	var cols []int
	if spec.Over == OverIndicators {
		cols = tr.leaves[p]
	} else {
		cols = s.Nodes[p].Children
	}
	if len(cols) == 1 {
		// One child: nothing to compare; the node takes the child's score
		// (as a weighted mean would), so that a one-goal framework's index
		// is the goal's TOPSIS or GRA score.
		y.Scores[p] = append([]float64(nil), y.Scores[cols[0]]...)
		return nil
	}
	data := make([][]float64, len(cols))
	w := make([]float64, len(cols))
	for k, c := range cols {
		data[k] = y.Scores[c]
		// The weight of c within p: the product of relative weights up to p.
		w[k] = 1
		for q := c; q != p; q = s.Nodes[q].Parent {
			w[k] *= y.Weights[q]
		}
	}
	var out []float64
	switch m {
	case AggTOPSIS:
		out = composite.TOPSIS(data, w, spec.Weighting).Closeness
	case AggGRA:
		out = composite.GRA(data, w, spec.Rho).Grade
	case AggCopeland:
		out = composite.Copeland(nil, data, w)
	}
	if opt.MaxMissingShare < 1 {
		for u := range out {
			var missing, total composite.Accumulator
			for k := range cols {
				total.Add(w[k])
				if math.IsNaN(data[k][u]) {
					missing.Add(w[k])
				}
			}
			if missing.Value()/total.Value() > opt.MaxMissingShare {
				out[u] = math.NaN()
			}
		}
	}
	y.Scores[p] = out
	return nil
}

// Weigh returns the weights of every node under opt without scoring any
// data: a Result holding one YearResult with no units, whose Weights,
// Effective and Diagnostics are set. Objective methods, which need data,
// are an error here; use Run.
func Weigh(s *dataset.Schema, opt Options) (*Result, error) {
	if err := check(s, &opt); err != nil {
		return nil, err
	}
	if err := checkWeights(s, opt); err != nil {
		return nil, err
	}
	if NeedsData(opt) {
		return nil, ErrNeedsData
	}
	w := &weigher{s: s, tr: newTree(s), opt: opt, cost: make([]bool, len(s.Nodes))}
	_, rel, diags, err := w.weights()
	if err != nil {
		return nil, err
	}
	res := &Result{Schema: s, Options: opt, WeightMethod: make([]WeightMethod, len(s.Nodes)), Aggregation: make([]Aggregation, len(s.Nodes))}
	for i, n := range s.Nodes {
		if n.Level != dataset.LevelIndex {
			res.WeightMethod[i] = opt.Weights.At(n.Level).Method
		}
		if n.Level != dataset.LevelIndicator {
			res.Aggregation[i] = aggregationOf(s, opt, i)
		}
	}
	eff := effective(s, rel)
	res.Years = []*YearResult{{Weights: rel, Effective: eff, Diagnostics: diags, TotalCR: hierarchicalCR(s, diags, eff), schema: s,
		Raw: make([][]float64, len(s.Nodes)), Scores: make([][]float64, len(s.Nodes)), Ranks: make([][]int32, len(s.Nodes))}}
	return res, nil
}

// NeedsData reports whether opt weighs any level from the data.
func NeedsData(opt Options) bool {
	var needs func(w WeightSpec) bool
	needs = func(w WeightSpec) bool {
		if w.Method.Objective() {
			return true
		}
		for _, p := range w.Combine.Of {
			if needs(p) {
				return true
			}
		}
		return false
	}
	return needs(opt.Weights.Indicators) || needs(opt.Weights.Dimensions) || needs(opt.Weights.Goals)
}

func fillNaN(dst []float64) {
	for i := range dst {
		dst[i] = math.NaN()
	}
}
