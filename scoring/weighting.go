package scoring

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// WeightDiagnostics records how the weights of one node's children were
// set: the method, the weights, and what the method computed on the way.
type WeightDiagnostics struct {
	Node     int // the node whose children were weighted
	Method   WeightMethod
	Children []int
	// Weights of the children as the method set them, summing to 1.
	Weights []float64

	// Objective methods: the indicator columns read, and statistics per
	// column (entropy e and d; CRITIC σ, conflict and information; cv mean,
	// σ and cv; stddev σ; PCA nothing per column).
	Columns []int
	Stats   []Stat
	// Summary holds method-wide figures: PCA eigenvalues and variance
	// explained; AHP λmax, CI, RI and CR.
	Summary []Stat
	// Coefficients are a combination's α (linear) or α* (game theory).
	Coefficients []float64
	// Parts are the diagnostics of the methods a combination combined.
	Parts []*WeightDiagnostics
	// AHP is the solution of the node's judgment matrix, for AHP.
	AHP *composite.AHPResult
	// Warnings report the rules the methods applied where their formulas
	// are undefined (composite.Warning), a column named by its indicator
	// id, and composite.WarnAllZeroChildren when every child got weight 0.
	Warnings []composite.Warning
}

// Stat is a named series of figures.
type Stat struct {
	Name   string
	Values []float64
}

// LevelCR is the hierarchical consistency ratio of the AHP judgments of
// one level: Σ_j a_j CI_j / Σ_j a_j RI_j over the level's parents j, a_j
// their effective weights.
type LevelCR struct {
	Level dataset.Level // the level of the children judged
	CR    float64
}

// weigher computes the weights of every node's children for one year.
type weigher struct {
	s   *dataset.Schema
	tr  *tree
	opt Options
	// cols holds, for each indicator node, the values objective methods
	// read: the raw values, or for interval indicators their [0, 1]
	// transform; pooled holds the same over every year.
	cols, pooled [][]float64
	cost         []bool // per node: a negative indicator
	// level caches the level-wide runs of objective methods, by the spec's
	// description (the same method and parameters at several levels run
	// once); described holds the description of each spec met.
	level     map[string]*levelRun
	described []specDescription
}

// levelRun is a level-wide run of an objective method over every
// indicator.
type levelRun struct {
	w    []float64 // by node: the weight of each indicator
	pos  []int     // by node: the position of each indicator in diag.Columns
	diag *WeightDiagnostics
}

type specDescription struct {
	spec *WeightSpec
	text string
}

// describe returns spec.Describe(), worked out once per spec.
func (w *weigher) describe(spec *WeightSpec) string {
	for _, d := range w.described {
		if d.spec == spec {
			return d.text
		}
	}
	text := spec.Describe()
	w.described = append(w.described, specDescription{spec, text})
	return text
}

// weights returns, per node, the weight used in its parent's mean (raw:
// as declared for framework, equal and manual weights, summing to 1 within
// the parent otherwise), the weight relative to its siblings, and the
// diagnostics of every parent.
func (w *weigher) weights() (raw, rel []float64, diags []*WeightDiagnostics, err error) {
	s := w.s
	raw = make([]float64, len(s.Nodes))
	rel = make([]float64, len(s.Nodes))
	raw[0], rel[0] = 1, 1
	w.level = nil
	for p, n := range s.Nodes {
		if len(n.Children) == 0 {
			continue
		}
		spec := w.specFor(s.Nodes[n.Children[0]].Level)
		cw, d, err := w.node(p, spec)
		if err != nil {
			return nil, nil, nil, err
		}
		for k, c := range n.Children {
			if v := cw[k]; math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return nil, nil, nil, fmt.Errorf("weights: %v weights give %q under %q the weight %v", spec.Method, s.Nodes[c].ID, n.ID, v)
			}
		}
		total, ok := scaleWeights(cw)
		if !ok {
			// The loaders report zero weights with their file and line;
			// this is the last guard.
			return nil, nil, nil, fmt.Errorf("weights: the children of %q all have weight 0 (%v weights)", n.ID, spec.Method)
		}
		d.Weights = make([]float64, len(cw))
		for k, c := range n.Children {
			raw[c] = cw[k]
			rel[c] = raw[c] / total
			d.Weights[k] = rel[c]
		}
		diags = append(diags, d)
	}
	return raw, rel, diags, nil
}

// scaleWeights scales the finite, non-negative weights cw, when the
// largest lies outside [2⁻⁶⁴, 2⁶⁴], by the power of two that brings it
// into [½, 1), so that their sum and the means they weigh neither
// overflow (weights of 1e308) nor lose precision to underflow (5e-324); a
// power of two scales exactly, so the relative weights and every weighted
// mean stay as they were. It returns the sum of the scaled weights, and
// false when every weight is 0.
func scaleWeights(cw []float64) (float64, bool) {
	top := 0.0
	for _, v := range cw {
		top = max(top, v)
	}
	if top == 0 {
		return 0, false
	}
	if _, e := math.Frexp(top); e > 64 || e < -64 {
		for k := range cw {
			cw[k] = math.Ldexp(cw[k], -e)
		}
	}
	var sum composite.Accumulator
	for _, v := range cw {
		sum.Add(v)
	}
	return sum.Value(), true
}

// specFor returns the weight spec of level l.
func (w *weigher) specFor(l dataset.Level) *WeightSpec {
	switch l {
	case dataset.LevelIndicator:
		return &w.opt.Weights.Indicators
	case dataset.LevelDimension:
		return &w.opt.Weights.Dimensions
	}
	return &w.opt.Weights.Goals
}

// node returns the weights that spec gives the children of node p, with
// their diagnostics.
func (w *weigher) node(p int, spec *WeightSpec) ([]float64, *WeightDiagnostics, error) {
	n := w.s.Nodes[p]
	d := &WeightDiagnostics{Node: p, Method: spec.Method, Children: n.Children}
	cw := make([]float64, len(n.Children))
	switch m := spec.Method; {
	case m == WeightFramework:
		for k, c := range n.Children {
			cw[k] = w.s.Nodes[c].Weight
		}
	case m == WeightEqual:
		for k := range cw {
			cw[k] = 1
		}
	case m == WeightManual:
		for k, c := range n.Children {
			v, ok := spec.Values[w.s.Nodes[c].ID]
			if !ok {
				v = w.s.Nodes[c].Weight // unlisted: the framework's weight
			}
			cw[k] = v
		}
	case m.Objective():
		if err := w.objective(p, spec, cw, d); err != nil {
			return nil, nil, err
		}
	case m == WeightAHP:
		if err := w.ahp(p, spec, cw, d); err != nil {
			return nil, nil, err
		}
	case m == WeightCombine:
		if err := w.combine(p, spec, cw, d); err != nil {
			return nil, nil, err
		}
	default:
		return nil, nil, fmt.Errorf("weights: unsupported method %v", m)
	}
	return cw, d, nil
}

// objective runs an objective method over the raw indicator columns under
// p (or under the root, for ScopeLevel) and gives each child the sum of
// its indicators' weights.
func (w *weigher) objective(p int, spec *WeightSpec, cw []float64, d *WeightDiagnostics) error {
	s, leaves := w.s, w.tr.leaves
	if spec.Scope == ScopeLevel {
		key := w.describe(spec)
		run, ok := w.level[key]
		if !ok {
			lw, ld, err := w.runObjective(spec, leaves[0])
			if err != nil {
				return err
			}
			run = &levelRun{w: make([]float64, len(s.Nodes)), pos: make([]int, len(s.Nodes)), diag: ld}
			for k, l := range leaves[0] {
				run.w[l], run.pos[l] = lw[k], k
			}
			if w.level == nil {
				w.level = map[string]*levelRun{}
			}
			w.level[key] = run
		}
		for k, c := range s.Nodes[p].Children {
			for _, l := range leaves[c] {
				cw[k] += run.w[l]
			}
		}
		if len(leaves[p]) > 0 {
			// The level-wide run's statistics, restricted to p's indicators.
			restrict(d, run.diag, leaves[p], run.pos)
		}
		return normalizeTo1(cw, d)
	}
	lw, ld, err := w.runObjective(spec, leaves[p])
	if err != nil {
		return err
	}
	d.Columns, d.Stats, d.Summary, d.Warnings = ld.Columns, ld.Stats, ld.Summary, ld.Warnings
	k := 0
	for i, c := range s.Nodes[p].Children {
		for range leaves[c] {
			cw[i] += lw[k]
			k++
		}
	}
	return normalizeTo1(cw, d)
}

// restrict copies into d the statistics of src for the columns in keep;
// pos gives, by node, the position of a column in src.Columns.
func restrict(d, src *WeightDiagnostics, keep, pos []int) {
	d.Columns = keep
	if len(src.Stats) > 0 {
		vals := make([]float64, len(keep)*len(src.Stats))
		d.Stats = make([]Stat, len(src.Stats))
		for j, st := range src.Stats {
			v := vals[j*len(keep) : (j+1)*len(keep) : (j+1)*len(keep)]
			for k, c := range keep {
				v[k] = st.Values[pos[c]]
			}
			d.Stats[j] = Stat{st.Name, v}
		}
	}
	d.Summary = src.Summary
	d.Warnings = src.Warnings
}

// normalizeTo1 scales cw to sum 1; all zero gives equal weights and a
// warning.
func normalizeTo1(cw []float64, d *WeightDiagnostics) error {
	t, ok := 0.0, true
	for _, v := range cw {
		ok = ok && v >= 0 && !math.IsInf(v, 0) // false for NaN too
	}
	if ok {
		t, ok = scaleWeights(cw)
	}
	if !ok || !(t > 0) {
		for k := range cw {
			cw[k] = 1 / float64(len(cw))
		}
		d.Warnings = append(d.Warnings, composite.Warning{Kind: composite.WarnAllZeroChildren})
		return nil
	}
	for k := range cw {
		cw[k] /= t
	}
	return nil
}

// runObjective runs spec's objective method on the indicator nodes leaves
// and returns one weight per leaf.
func (w *weigher) runObjective(spec *WeightSpec, leaves []int) ([]float64, *WeightDiagnostics, error) {
	cols := make([][]float64, len(leaves))
	cost := make([]bool, len(leaves))
	src := w.cols
	if spec.Pooled {
		src = w.pooled
	}
	for k, l := range leaves {
		cols[k], cost[k] = src[l], w.cost[l]
	}
	d := &WeightDiagnostics{Columns: leaves}
	var weights []float64
	var err error
	switch spec.Method {
	case WeightEntropy:
		var r *composite.EntropyResult
		if r, err = composite.EntropyWeights(cols, cost, spec.Entropy); err == nil {
			weights, d.Warnings = r.Weights, r.Warnings
			d.Stats = []Stat{{"e", r.E}, {"d", r.D}}
		}
	case WeightCRITIC:
		var r *composite.CRITICResult
		if r, err = composite.CRITICWeights(cols, cost, spec.CRITIC); err == nil {
			weights, d.Warnings = r.Weights, r.Warnings
			d.Stats = []Stat{{"sd", r.SD}, {"conflict", r.Conflict}, {"information", r.Info}}
		}
	case WeightCV:
		var r *composite.VariationResult
		if r, err = composite.CVWeights(cols); err == nil {
			weights, d.Warnings = r.Weights, r.Warnings
			d.Stats = []Stat{{"mean", r.Mean}, {"sd", r.SD}, {"cv", r.CV}}
		}
	case WeightStdDev:
		var r *composite.VariationResult
		if r, err = composite.SDWeights(cols, cost, spec.SDMinMax); err == nil {
			weights, d.Warnings = r.Weights, r.Warnings
			d.Stats = []Stat{{"sd", r.SD}}
		}
	case WeightPCA:
		var r *composite.PCAResult
		if r, err = composite.PCAWeights(cols); err == nil {
			weights, d.Warnings = r.Weights, r.Warnings
			d.Summary = []Stat{{"eigenvalue", r.Eigenvalues}, {"variance explained", r.VarianceExplained},
				{"components retained", []float64{float64(r.Retained)}}}
		}
	}
	if err != nil {
		return nil, nil, w.columnError(spec.Method, err, leaves)
	}
	// Name each column by its indicator.
	for k, wa := range d.Warnings {
		if wa.Column >= 1 && wa.Column <= len(leaves) {
			d.Warnings[k].Indicator = w.s.Nodes[leaves[wa.Column-1]].ID
		}
	}
	return weights, d, nil
}

// columnError names the indicator behind a kernel's column number.
func (w *weigher) columnError(m WeightMethod, err error, leaves []int) error {
	var ve *composite.WeightValueError
	if errors.As(err, &ve) && ve.Col >= 1 && ve.Col <= len(leaves) {
		return fmt.Errorf("weights: %v: indicator %q: %w", m, w.s.Nodes[leaves[ve.Col-1]].ID, err)
	}
	return fmt.Errorf("weights: %v: %w", m, err)
}

// ahp solves p's judgment matrix (the geometric mean of several experts').
func (w *weigher) ahp(p int, spec *WeightSpec, cw []float64, d *WeightDiagnostics) error {
	n := w.s.Nodes[p]
	if len(n.Children) == 1 {
		cw[0] = 1
		return nil
	}
	ms, ok := spec.AHP.Matrices[n.ID]
	if !ok || len(ms) == 0 {
		return fmt.Errorf("weights: ahp: no judgment matrix for %q (over its children %s)", n.ID, childIDs(w.s, p))
	}
	m := ms[0]
	if len(ms) > 1 {
		var err error
		if m, err = composite.GroupAHP(ms); err != nil {
			return fmt.Errorf("weights: ahp: matrix %q: %w", n.ID, err)
		}
	}
	if len(m) != len(n.Children) {
		return fmt.Errorf("weights: ahp: matrix %q is %d×%d, but %q has %d children (%s)",
			n.ID, len(m), len(m), n.ID, len(n.Children), childIDs(w.s, p))
	}
	r, err := composite.AHP(m, spec.AHP.Solve, spec.AHP.RI)
	if err != nil {
		return fmt.Errorf("weights: ahp: matrix %q: %w", n.ID, err)
	}
	if err := r.CheckCR(spec.AHP.MaxCR); err != nil {
		return fmt.Errorf("weights: ahp: matrix %q: %w", n.ID, err)
	}
	copy(cw, r.Weights)
	d.AHP = r
	d.Summary = []Stat{{"lambda_max", []float64{r.LambdaMax}}, {"CI", []float64{r.CI}}, {"RI", []float64{r.RI}}, {"CR", []float64{r.CR}}}
	return nil
}

func childIDs(s *dataset.Schema, p int) string {
	var ids []string
	for _, c := range s.Nodes[p].Children {
		ids = append(ids, s.Nodes[c].ID)
	}
	return strings.Join(ids, ", ")
}

// combine combines the weights of spec.Combine.Of.
func (w *weigher) combine(p int, spec *WeightSpec, cw []float64, d *WeightDiagnostics) error {
	parts := spec.Combine.Of
	if len(parts) < 2 {
		return fmt.Errorf("weights: combine needs two or more methods, found %d", len(parts))
	}
	ws := make([][]float64, len(parts))
	for k := range parts {
		pw, pd, err := w.node(p, &parts[k])
		if err != nil {
			return err
		}
		if err := normalizeTo1(pw, pd); err != nil {
			return err
		}
		pd.Weights = pw
		ws[k] = pw
		d.Parts = append(d.Parts, pd)
	}
	r, err := composite.CombineWeights(spec.Combine.Rule, ws, spec.Combine.Alpha)
	if err != nil {
		return fmt.Errorf("weights: combine at %q: %w", w.s.Nodes[p].ID, err)
	}
	copy(cw, r.Weights)
	d.Coefficients = r.Coefficients
	d.Warnings = append(d.Warnings, r.Warnings...)
	return nil
}

// hierarchicalCR returns the consistency ratio of the AHP judgments of each
// level, weighting each parent by its effective weight.
func hierarchicalCR(s *dataset.Schema, diags []*WeightDiagnostics, eff []float64) []LevelCR {
	type sums struct{ a, ci, ri []float64 }
	by := map[dataset.Level]*sums{}
	var order []dataset.Level
	var walk func(d *WeightDiagnostics)
	walk = func(d *WeightDiagnostics) {
		if d.AHP != nil {
			l := s.Nodes[d.Children[0]].Level
			if by[l] == nil {
				by[l] = &sums{}
				order = append(order, l)
			}
			by[l].a = append(by[l].a, eff[d.Node])
			by[l].ci = append(by[l].ci, d.AHP.CI)
			by[l].ri = append(by[l].ri, d.AHP.RI)
		}
		for _, p := range d.Parts {
			walk(p)
		}
	}
	for _, d := range diags {
		walk(d)
	}
	var out []LevelCR
	for _, l := range order {
		out = append(out, LevelCR{l, composite.HierarchicalCR(by[l].a, by[l].ci, by[l].ri)})
	}
	return out
}
