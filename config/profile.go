// Package config loads scoring profiles: the YAML files in which planners
// choose how to normalise, weight and aggregate (docs/formats.md §2). A profile
// maps one-to-one onto scoring.Options; every problem is reported with
// file:line:col and its YAML path.
//
//	profile: balanced
//	framework: builtin            # or a path relative to this file
//	normalize: {method: minmax, range: [0, 100]}
//	weights:
//	  indicators: framework
//	  goals: {method: manual, values: {innovative: 2, livable: 1}}
//	aggregate: arithmetic
//	missing: {max_share: 1.0}
package config

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

// Problem and Problems are the errors Parse, Load and LoadFile return for a
// profile with defects, the same types as indicators.Problem and
// indicators.Problems: every problem with its file:line:col and YAML path.
type (
	Problem  = sy.Problem
	Problems = sy.Problems
)

// Builtin is the framework value that names the built-in framework.
const Builtin = "builtin"

// Profile is a loaded profile.
type Profile struct {
	Name        string
	Description string
	// Framework is "builtin", empty (not stated), or a path resolved
	// against the profile file's directory.
	Framework string
	File      string // the name it was loaded from
	// PopulationBasis is the basis every variable that declares one must
	// be on (indicators.ComputeOptions.Basis): "" (not stated: each
	// variable's own basis, never mixed), a basis name such as "resident",
	// or "any" (every declared alternative, each value labelled).
	PopulationBasis string
	Options         scoring.Options

	refs     []ref    // node ids the profile names, for Check
	matrices []matrix // AHP judgment matrices, for Check
}

// matrix is an AHP judgment matrix (or a group of experts' matrices) named
// in the profile, with its YAML nodes for messages.
type matrix struct {
	id    string
	level dataset.Level // the level of the children it judges
	any   bool          // in a block shared by every level
	at    *yaml.Node    // the matrix (or the list of experts' matrices)
	path  string
	ms    [][][]float64
}

// ref is a node id named in the profile, with where and as what.
type ref struct {
	id    string
	level dataset.Level // the level the id must have
	any   bool          // named in a block shared by every level: any level
	// manual: a node's weight in the values of manual weights.
	manual bool
	node   *yaml.Node
	path   string
}

var (
	profileKeys = []string{"profile", "description", "framework", "population_basis", "normalize", "weights", "aggregate", "missing", "impute", "treat", "coupling", "targets"}
	levelKeys   = []string{"indicators", "dimensions", "goals"}
)

// Default returns the default profile: scoring.DefaultOptions on the
// built-in framework.
func Default() *Profile {
	return &Profile{Name: "default", Framework: Builtin, File: "builtin:default", Options: scoring.DefaultOptions()}
}

// LoadFile loads the profile at path. A file larger than
// strictyaml.MaxSize is refused unread.
func LoadFile(path string) (*Profile, error) {
	data, err := sy.ReadFile(path, kind)
	if err != nil {
		return nil, err
	}
	p, err := Parse(data, path)
	if err != nil {
		return nil, err
	}
	if p.Framework != "" && p.Framework != Builtin && !filepath.IsAbs(p.Framework) {
		p.Framework = filepath.Join(filepath.Dir(path), p.Framework)
	}
	return p, nil
}

// Load reads a profile from r; name is used in messages.
func Load(r io.Reader, name string) (*Profile, error) {
	data, err := sy.ReadAll(r, name, kind)
	if err != nil {
		return nil, err
	}
	return Parse(data, name)
}

// kind names a profile file in the decoder's messages.
const kind = "profile"

// maxCount is the largest count a profile sets (thin_goal, winmax).
const maxCount = 1_000_000

// Parse parses and validates a profile document. Sections left out take
// their defaults (scoring.DefaultOptions). A profile is one YAML document
// without anchors or aliases, of at most strictyaml.MaxSize bytes.
func Parse(data []byte, name string) (*Profile, error) {
	l := &loader{d: sy.Decoder{File: filepath.ToSlash(name), Kind: kind}}
	p := &Profile{File: name, Options: scoring.DefaultOptions()}
	root := l.d.Parse(bytes.TrimPrefix(data, []byte("\ufeff")))
	if root == nil {
		return nil, l.d.Err()
	}
	for _, f := range l.d.Mapping(root, "", profileKeys) {
		switch f.Key {
		case "profile":
			p.Name, _ = l.d.String(f.Value, "profile")
		case "description":
			p.Description, _ = l.d.String(f.Value, "description")
		case "framework":
			p.Framework, _ = l.d.String(f.Value, "framework")
		case "population_basis":
			if b, ok := l.d.String(f.Value, "population_basis"); ok {
				if b != indicators.BasisAny && !indicators.ValidBasis(b) {
					l.d.Errorf(f.Value, "population_basis", "invalid basis %q (a name such as resident or registered, or any)", b)
				}
				p.PopulationBasis = b
			}
		case "normalize":
			l.normalize(f.Value, &p.Options.Normalize)
		case "weights":
			l.perLevel(f.Value, "weights", func(n *yaml.Node, path string, lv dataset.Level) {
				p.Options.Weights.Set(lv, l.weights(n, path, lv))
			})
		case "aggregate":
			l.perLevel(f.Value, "aggregate", func(n *yaml.Node, path string, lv dataset.Level) {
				p.Options.Aggregate.Set(lv, l.aggregate(n, path))
			})
		case "missing":
			for _, m := range l.d.Mapping(f.Value, "missing", []string{"max_share", "min_coverage", "rank_rule", "thin_goal"}) {
				path := "missing." + m.Key
				switch m.Key {
				case "rank_rule":
					p.Options.Rank = l.rankRule(m.Value, path)
					continue
				case "thin_goal":
					if v, ok := l.d.Float(m.Value, path); ok {
						switch {
						case v != math.Trunc(v) || v < 0:
							l.d.Errorf(m.Value, path, "%v must be a whole number ≥ 0 (0 marks no goal thin)", v)
						case v > maxCount:
							l.d.Errorf(m.Value, path, "%v is too large (at most %d)", v, maxCount)
						default:
							p.Options.ThinGoal = int(v)
						}
					}
					continue
				}
				if v, ok := l.d.Float(m.Value, path); ok {
					if v < 0 || v > 1 {
						l.d.Errorf(m.Value, path, "%v is not a share within [0, 1]", v)
					}
					if m.Key == "max_share" {
						p.Options.MaxMissingShare = v
					} else {
						p.Options.MinCoverage = v
					}
				}
			}
		case "coupling":
			p.Options.Coupling = l.coupling(f.Value)
		case "impute":
			p.Options.Impute = l.impute(f.Value)
		case "treat":
			p.Options.Treat, p.Options.TreatOverrides = l.treat(f.Value, "treat", true)
		case "targets":
			p.Options.Targets = l.targets(f.Value)
		}
	}
	if p.Name == "" {
		p.Name = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	p.refs = l.refs
	p.matrices = l.matrixRefs
	if err := l.d.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

type loader struct {
	d          sy.Decoder
	refs       []ref
	matrixRefs []matrix
	shared     bool // reading a weights or aggregate block shared by every level
}

// perLevel calls fn for each level: once per level of a per-level block (a
// mapping whose keys are all level names), or once for every level with the
// same block.
func (l *loader) perLevel(n *yaml.Node, path string, fn func(*yaml.Node, string, dataset.Level)) {
	levels := map[string]dataset.Level{"indicators": dataset.LevelIndicator, "dimensions": dataset.LevelDimension, "goals": dataset.LevelGoal}
	if n.Kind == yaml.MappingNode && len(n.Content) > 0 {
		allLevels := true
		for i := 0; i < len(n.Content); i += 2 {
			if !slices.Contains(levelKeys, n.Content[i].Value) {
				allLevels = false
			}
		}
		if allLevels {
			for _, f := range l.d.Mapping(n, path, levelKeys) {
				fn(f.Value, sy.Join(path, f.Key), levels[f.Key])
			}
			return
		}
	}
	// One block for every level: its problems, node references and
	// matrices are recorded once, references for any level.
	l.shared = true
	defer func() { l.shared = false }()
	for _, lv := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		before, refs, mats := l.d.Mark(), len(l.refs), len(l.matrixRefs)
		fn(n, path, lv)
		if lv != dataset.LevelIndicator {
			l.d.Reset(before)
			l.refs, l.matrixRefs = l.refs[:refs], l.matrixRefs[:mats]
		}
	}
}

// block reads a method block: a bare name, or {method: NAME, params…}.
// methods lists the valid names; params gives the parameter keys each
// method accepts. It returns the method and the parameter fields.
func (l *loader) block(n *yaml.Node, path string, methods []string, params map[string][]string) (string, []sy.Field) {
	if n.Kind == yaml.ScalarNode {
		name, _ := l.d.String(n, path)
		if !slices.Contains(methods, name) {
			l.d.Errorf(n, path, "unknown method %q (want %s)", name, strings.Join(methods, "|"))
			return "", nil
		}
		return name, nil
	}
	if n.Kind != yaml.MappingNode {
		l.d.Errorf(n, path, "want a method name or {method: NAME, …}")
		return "", nil
	}
	var methodNode *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "method" {
			methodNode = n.Content[i+1]
		}
	}
	if methodNode == nil {
		l.d.Errorf(n, sy.Join(path, "method"), "missing method (want %s)", strings.Join(methods, "|"))
		return "", nil
	}
	name, _ := l.d.String(methodNode, sy.Join(path, "method"))
	if !slices.Contains(methods, name) {
		l.d.Errorf(methodNode, sy.Join(path, "method"), "unknown method %q (want %s)", name, strings.Join(methods, "|"))
		return "", nil
	}
	known := append([]string{"method"}, params[name]...)
	var out []sy.Field
	for _, f := range l.d.Mapping(n, path, known) {
		if f.Key != "method" {
			out = append(out, f)
		}
	}
	return name, out
}

var normalizeMethods = []string{"minmax", "zscore", "rank", "percentile", "goalposts", "none", "vector", "efficacy"}

var normalizeParams = map[string][]string{
	"minmax":    {"range"},
	"zscore":    {"mean", "sd"},
	"goalposts": {"range", "goalposts"},
	"efficacy":  {"base", "span"},
}

func (l *loader) normalizeSpec(n *yaml.Node, path string, top bool) (scoring.NormalizeSpec, []sy.Field) {
	params := normalizeParams
	if top {
		// The top block also carries the overrides (and pooled, for panels).
		params = map[string][]string{}
		for _, m := range normalizeMethods {
			params[m] = append(append([]string(nil), normalizeParams[m]...), "overrides", "pooled")
		}
	}
	name, fields := l.block(n, path, normalizeMethods, params)
	if name == "" {
		return scoring.DefaultNormalizeSpec(scoring.NormMinMax), nil
	}
	var m scoring.Normalization
	if err := m.UnmarshalText([]byte(name)); err != nil {
		panic("config: " + err.Error()) // normalizeMethods and scoring disagree
	}
	spec := scoring.DefaultNormalizeSpec(m)
	var rest []sy.Field
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		switch f.Key {
		case "range":
			if r, ok := l.d.Pair(f.Value, fp); ok {
				if r[0] >= r[1] {
					l.d.Errorf(f.Value, fp, "range [%v, %v]: lower bound must be below upper bound", r[0], r[1])
				}
				spec.Range = r
			}
		case "mean":
			spec.Mean, _ = l.d.Float(f.Value, fp)
		case "sd":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "sd %v must be positive", v)
				}
				spec.SD = v
			}
		case "goalposts":
			if r, ok := l.d.Pair(f.Value, fp); ok {
				if r[0] == r[1] {
					l.d.Errorf(f.Value, fp, "goalposts [worst, best] must differ")
				}
				spec.Goalposts = &r
			}
		case "base":
			spec.Base, _ = l.d.Float(f.Value, fp)
		case "span":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "span %v must be positive", v)
				}
				spec.Span = v
			}
		default:
			rest = append(rest, f)
		}
	}
	return spec, rest
}

func (l *loader) normalize(n *yaml.Node, dst *scoring.Normalize) {
	spec, rest := l.normalizeSpec(n, "normalize", true)
	dst.NormalizeSpec = spec
	for _, f := range rest {
		if f.Key == "pooled" {
			dst.Pooled, _ = l.d.Bool(f.Value, "normalize.pooled")
			continue
		}
		if f.Key != "overrides" {
			continue
		}
		path := "normalize.overrides"
		dst.Overrides = map[string]scoring.NormalizeSpec{}
		for _, o := range l.d.Mapping(f.Value, path, nil) {
			op := sy.Join(path, o.Key)
			s, _ := l.normalizeSpec(o.Value, op, false)
			dst.Overrides[o.Key] = s
			l.refs = append(l.refs, ref{id: o.Key, level: dataset.LevelIndicator, node: o.KeyAt, path: op})
		}
	}
}

var weightMethods = []string{"framework", "equal", "manual", "entropy", "critic", "cv", "stddev", "pca", "ahp", "combine"}

var weightParams = map[string][]string{
	"manual":  {"values"},
	"entropy": {"transform", "flip_cost", "shift", "pooled", "scope"},
	"critic":  {"flip_cost", "pooled", "scope"},
	"cv":      {"pooled", "scope"},
	"stddev":  {"transform", "pooled", "scope"},
	"pca":     {"pooled", "scope"},
	"ahp":     {"matrices", "solve", "ri", "max_cr"},
	"combine": {"rule", "alpha", "of"},
}

// text parses a scalar into an enum through its UnmarshalText, reporting
// the enum's own message (which lists the valid names).
func (l *loader) text(n *yaml.Node, path string, dst interface{ UnmarshalText([]byte) error }) {
	if s, ok := l.d.String(n, path); ok {
		if err := dst.UnmarshalText([]byte(s)); err != nil {
			// The enum's message quotes s whole: quote its start only.
			l.d.Errorf(n, path, "%s", strings.Replace(err.Error(), strconv.Quote(s), sy.Quote(s), 1))
		}
	}
}

func (l *loader) weights(n *yaml.Node, path string, lv dataset.Level) scoring.WeightSpec {
	name, fields := l.block(n, path, weightMethods, weightParams)
	if name == "" {
		return scoring.DefaultWeightSpec(scoring.WeightFramework)
	}
	var m scoring.WeightMethod
	if err := m.UnmarshalText([]byte(name)); err != nil {
		panic("config: " + err.Error())
	}
	spec := scoring.DefaultWeightSpec(m)
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		switch f.Key {
		case "values":
			spec.Values = map[string]float64{}
			for _, v := range l.d.Mapping(f.Value, fp, nil) {
				vp := sy.Join(fp, v.Key)
				if w, ok := l.d.Float(v.Value, vp); ok {
					if w < 0 {
						l.d.Errorf(v.Value, vp, "negative weight %v", w)
					}
					spec.Values[v.Key] = w
				}
				l.refs = append(l.refs, ref{id: v.Key, level: lv, any: l.shared, manual: true, node: v.KeyAt, path: vp})
			}
		case "transform":
			if m == scoring.WeightStdDev {
				if t, ok := l.d.String(f.Value, fp); ok {
					switch t {
					case "none":
					case "minmax":
						spec.SDMinMax = true
					default:
						l.d.Errorf(f.Value, fp, "unknown stddev transform %q (want none|minmax)", t)
					}
				}
				continue
			}
			l.text(f.Value, fp, &spec.Entropy.Transform)
		case "flip_cost":
			if b, ok := l.d.Bool(f.Value, fp); ok {
				spec.Entropy.FlipCost, spec.CRITIC.FlipCost = b, b
			}
		case "shift":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v < 0 {
					l.d.Errorf(f.Value, fp, "shift %v must be ≥ 0", v)
				}
				spec.Entropy.Shift = v
			}
		case "pooled":
			spec.Pooled, _ = l.d.Bool(f.Value, fp)
		case "scope":
			l.text(f.Value, fp, &spec.Scope)
		case "solve":
			l.text(f.Value, fp, &spec.AHP.Solve)
		case "ri":
			l.text(f.Value, fp, &spec.AHP.RI)
		case "max_cr":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "max_cr %v must be positive", v)
				}
				spec.AHP.MaxCR = v
			}
		case "matrices":
			spec.AHP.Matrices = map[string][][][]float64{}
			for _, mf := range l.d.Mapping(f.Value, fp, nil) {
				mp := sy.Join(fp, mf.Key)
				ms := l.matrices(mf.Value, mp)
				spec.AHP.Matrices[mf.Key] = ms
				l.matrixRefs = append(l.matrixRefs, matrix{id: mf.Key, level: lv, any: l.shared, at: mf.KeyAt, path: mp, ms: ms})
			}
		case "rule":
			l.text(f.Value, fp, &spec.Combine.Rule)
		case "alpha":
			spec.Combine.Alpha = nil
			for i, a := range l.floats(f.Value, fp) {
				if a < 0 || a > 1 {
					l.d.Errorf(f.Value, sy.Elem(fp, i), "alpha %v must be within [0, 1]", a)
				}
				spec.Combine.Alpha = append(spec.Combine.Alpha, a)
			}
		case "of":
			items := l.d.Seq(f.Value, fp)
			for i, item := range items {
				spec.Combine.Of = append(spec.Combine.Of, l.weights(item, sy.Elem(fp, i), lv))
			}
			if items != nil && len(items) < 2 {
				l.d.Errorf(f.Value, fp, "combine needs two or more methods, found %d", len(items))
			}
		}
	}
	switch m {
	case scoring.WeightManual:
		if spec.Values == nil {
			l.d.Errorf(n, path, "manual weights need values: {NODE_ID: weight, …}")
		}
	case scoring.WeightAHP:
		if spec.AHP.Matrices == nil {
			l.d.Errorf(n, path, "ahp needs matrices: {NODE_ID: [[1, 3, \"1/5\"], …]}")
		}
	case scoring.WeightCombine:
		if len(spec.Combine.Of) == 0 {
			l.d.Errorf(n, path, "combine needs of: [METHOD, METHOD, …] (two or more)")
		}
		if spec.Combine.Rule == composite.CombineLinear && len(spec.Combine.Of) > 2 && len(spec.Combine.Alpha) != len(spec.Combine.Of) {
			l.d.Errorf(n, path, "linear combination of %d methods needs alpha: one coefficient per method", len(spec.Combine.Of))
		}
	}
	return spec
}

// floats reads a number or a list of numbers.
func (l *loader) floats(n *yaml.Node, path string) []float64 {
	if n.Kind == yaml.ScalarNode {
		if v, ok := l.d.Float(n, path); ok {
			return []float64{v}
		}
		return nil
	}
	var out []float64
	for i, item := range l.d.Seq(n, path) {
		if v, ok := l.d.Float(item, sy.Elem(path, i)); ok {
			out = append(out, v)
		}
	}
	return out
}

// matrices reads one judgment matrix (a list of rows) or a list of several
// experts' matrices. Entries are numbers or fractions "a/b". It checks the
// shape and the entries (square, > 0, diagonal 1, reciprocal), pointing at
// the cell.
func (l *loader) matrices(n *yaml.Node, path string) [][][]float64 {
	rows := l.d.Seq(n, path)
	if rows == nil {
		return nil
	}
	group := len(rows) > 0 && rows[0].Kind == yaml.SequenceNode && len(rows[0].Content) > 0 &&
		rows[0].Content[0].Kind == yaml.SequenceNode
	if !group {
		if m := l.matrix(n, path); m != nil {
			return [][][]float64{m}
		}
		return nil
	}
	var out [][][]float64
	for i, mn := range rows {
		if m := l.matrix(mn, sy.Elem(path, i)); m != nil {
			out = append(out, m)
		}
	}
	if len(out) > 1 {
		for i := range out[1:] {
			if len(out[i+1]) != len(out[0]) {
				l.d.Errorf(rows[i+1], sy.Elem(path, i+1), "expert %d's matrix is %d×%d, the first is %d×%d", i+2, len(out[i+1]), len(out[i+1]), len(out[0]), len(out[0]))
			}
		}
	}
	return out
}

func (l *loader) matrix(n *yaml.Node, path string) [][]float64 {
	rows := l.d.Seq(n, path)
	if rows == nil {
		return nil
	}
	size := len(rows)
	m := make([][]float64, size)
	cells := make([][]*yaml.Node, size)
	bad := false
	for i, rn := range rows {
		rp := sy.Elem(path, i)
		items := l.d.Seq(rn, rp)
		if len(items) != size {
			l.d.Errorf(rn, rp, "row %d has %d entries; the matrix has %d rows (it must be square)", i+1, len(items), size)
			bad = true
			continue
		}
		m[i] = make([]float64, size)
		cells[i] = items
		for j, c := range items {
			cp := sy.Elem(rp, j)
			v, ok := l.d.Float(c, cp)
			switch {
			case !ok:
				bad = true
			case v <= 0:
				l.d.Errorf(c, cp, "judgment %v must be positive (1–9 or 1/9–1/2)", v)
				bad = true
			case i == j && v != 1:
				l.d.Errorf(c, cp, "diagonal entry %v must be 1", v)
				bad = true
			}
			m[i][j] = v
		}
	}
	if bad {
		return nil
	}
	for i := range size {
		for j := i + 1; j < size; j++ {
			if prod := m[i][j] * m[j][i]; math.Abs(prod-1) > 0.005 {
				l.d.Errorf(cells[j][i], sy.Elem(sy.Elem(path, j), i),
					"not reciprocal: a[%d][%d] = %s but a[%d][%d] = %s (their product is %.4g, not 1; write fractions like 1/3, not 0.33)",
					j+1, i+1, sy.Short(cells[j][i].Value), i+1, j+1, sy.Short(cells[i][j].Value), prod)
			}
		}
	}
	return m
}

var aggregateMethods = []string{"arithmetic", "geometric", "harmonic", "topsis", "gra", "copeland"}

var aggregateParams = map[string][]string{
	"topsis":   {"weighting", "over"},
	"gra":      {"rho", "over"},
	"copeland": {"over"},
}

func (l *loader) aggregate(n *yaml.Node, path string) scoring.AggregateSpec {
	name, fields := l.block(n, path, aggregateMethods, aggregateParams)
	if name == "" {
		return scoring.DefaultAggregateSpec(scoring.AggArithmetic)
	}
	var m scoring.Aggregation
	if err := m.UnmarshalText([]byte(name)); err != nil {
		panic("config: " + err.Error())
	}
	spec := scoring.DefaultAggregateSpec(m)
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		switch f.Key {
		case "weighting":
			l.text(f.Value, fp, &spec.Weighting)
		case "over":
			l.text(f.Value, fp, &spec.Over)
		case "rho":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if !(v > 0 && v <= 1) {
					l.d.Errorf(f.Value, fp, "rho %v must be within (0, 1]", v)
				}
				spec.Rho = v
			}
		}
	}
	return spec
}

var couplingKeys = []string{"of", "scale", "t_weights", "bins"}

func (l *loader) coupling(n *yaml.Node) *scoring.CouplingSpec {
	c := &scoring.CouplingSpec{Of: dataset.LevelGoal}
	for _, f := range l.d.Mapping(n, "coupling", couplingKeys) {
		fp := sy.Join("coupling", f.Key)
		switch f.Key {
		case "of":
			if s, ok := l.d.String(f.Value, fp); ok {
				switch s {
				case "goals":
					c.Of = dataset.LevelGoal
				case "dimensions":
					c.Of = dataset.LevelDimension
				default:
					l.d.Errorf(f.Value, fp, "unknown subsystems %q (want goals|dimensions)", s)
				}
			}
		case "scale":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "scale %v must be positive", v)
				}
				c.Scale = v
			}
		case "bins":
			l.text(f.Value, fp, &c.Bins)
		case "t_weights":
			c.TWeights = map[string]float64{}
			for _, v := range l.d.Mapping(f.Value, fp, nil) {
				vp := sy.Join(fp, v.Key)
				if w, ok := l.d.Float(v.Value, vp); ok {
					if w < 0 {
						l.d.Errorf(v.Value, vp, "negative weight %v", w)
					}
					c.TWeights[v.Key] = w
				}
				l.refs = append(l.refs, ref{id: v.Key, level: 0, node: v.KeyAt, path: vp})
			}
		}
	}
	return c
}

// Check reports the node ids the profile names that the framework tree s
// does not have at the level where the profile uses them, with their
// file:line:col, and manual weights that leave out a node of their level.
func (p *Profile) Check(s *dataset.Schema) error {
	d := sy.Decoder{File: filepath.ToSlash(p.File)}
	for _, r := range p.refs {
		i, ok := s.Index(r.id)
		if r.level == 0 { // coupling subsystems
			want := dataset.LevelGoal
			if c := p.Options.Coupling; c != nil && c.Of != 0 {
				want = c.Of
			}
			r.level = want
		}
		switch {
		case !ok && r.any:
			d.Errorf(r.node, r.path, "unknown node %q in framework %s", r.id, s.ID)
		case !ok:
			d.Errorf(r.node, r.path, "unknown %s %q in framework %s", r.level, r.id, s.ID)
		case r.any:
		case s.Nodes[i].Level != r.level:
			d.Errorf(r.node, r.path, "%q is %s %s, not %s %s", r.id, article(s.Nodes[i].Level), s.Nodes[i].Level, article(r.level), r.level)
		}
	}
	p.checkMatrices(s, &d)
	for _, lv := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		spec := p.Options.Weights.At(lv)
		if spec.Method != scoring.WeightManual || p.sharedManual(spec) {
			continue // one manual block for every level: unlisted nodes keep the framework's weight
		}
		var missing []string
		for _, i := range s.ByLevel(lv) {
			if _, ok := spec.Values[s.Nodes[i].ID]; !ok {
				missing = append(missing, s.Nodes[i].ID)
			}
		}
		if len(missing) > 0 {
			d.Errorf(nil, "weights", "manual %s weights give no value for %s", lv, idList(missing))
		}
	}
	p.checkZeroWeights(s, &d)
	return d.Err()
}

// idList joins ids for a message: at most 20, each cut to
// strictyaml.MaxQuote characters.
func idList(ids []string) string {
	const most = 20
	var parts []string
	for _, id := range ids[:min(len(ids), most)] {
		parts = append(parts, sy.Short(id))
	}
	if len(ids) > most {
		parts = append(parts, fmt.Sprintf("… (%d in all)", len(ids)))
	}
	return strings.Join(parts, ", ")
}

// checkZeroWeights reports a node whose children the profile's manual
// weights (with the framework's weights for the children they leave out)
// all give weight 0: the node's mean would have no weight. It points at
// the value of the first child the profile lists.
func (p *Profile) checkZeroWeights(s *dataset.Schema, d *sy.Decoder) {
	at := map[string]ref{}
	for _, r := range p.refs {
		if _, ok := at[r.id]; r.manual && !ok {
			at[r.id] = r
		}
	}
	for _, lv := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		spec := p.Options.Weights.At(lv)
		if spec.Method != scoring.WeightManual {
			continue
		}
		done := map[int]bool{}
		for _, i := range s.ByLevel(lv) {
			parent := s.Nodes[i].Parent
			if parent < 0 || done[parent] {
				continue
			}
			done[parent] = true
			var ids []string
			var first *ref
			zero := true
			for _, c := range s.Nodes[parent].Children {
				n := s.Nodes[c]
				w, listed := spec.Values[n.ID]
				if !listed {
					w = n.Weight
				} else if r, ok := at[n.ID]; ok && first == nil {
					first = &r
				}
				if w != 0 {
					zero = false
					break
				}
				ids = append(ids, n.ID)
			}
			if !zero || first == nil {
				continue // a framework's own zero weights are its loader's to report
			}
			d.Errorf(first.node, first.path, "manual %s weights give every child of %s weight 0 (%s): give at least one a positive weight",
				lv, sy.Quote(s.Nodes[parent].ID), idList(ids))
		}
	}
}

// checkMatrices checks each AHP matrix against the tree: it names a node
// whose children are of its level, has one row per child, and its
// consistency ratio is within max_cr.
func (p *Profile) checkMatrices(s *dataset.Schema, d *sy.Decoder) {
	specs := map[dataset.Level][]*scoring.AHPSpec{}
	var collect func(l dataset.Level, w *scoring.WeightSpec)
	collect = func(l dataset.Level, w *scoring.WeightSpec) {
		if w.Method == scoring.WeightAHP {
			specs[l] = append(specs[l], &w.AHP)
		}
		for k := range w.Combine.Of {
			collect(l, &w.Combine.Of[k])
		}
	}
	for _, l := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		w := p.Options.Weights.At(l)
		collect(l, &w)
	}
	for _, m := range p.matrices {
		i, ok := s.Index(m.id)
		if m.id == "index" {
			i, ok = 0, true
		}
		if !ok {
			d.Errorf(m.at, m.path, "unknown node %q in framework %s", m.id, s.ID)
			continue
		}
		kids := s.Nodes[i].Children
		if len(kids) == 0 || (!m.any && s.Nodes[kids[0]].Level != m.level) {
			d.Errorf(m.at, m.path, "%q has no %s children to judge", m.id, m.level)
			continue
		}
		if m.any {
			m.level = s.Nodes[kids[0]].Level
		}
		if len(m.ms) == 0 {
			continue // already reported
		}
		var ids []string
		for _, c := range kids {
			ids = append(ids, s.Nodes[c].ID)
		}
		if len(m.ms[0]) != len(kids) {
			d.Errorf(m.at, m.path, "matrix is %d×%d, but %q has %d children (%s, in this order)",
				len(m.ms[0]), len(m.ms[0]), m.id, len(kids), strings.Join(ids, ", "))
			continue
		}
		spec := findAHPSpec(specs[m.level], m.id, m.ms)
		if spec == nil {
			continue
		}
		a := m.ms[0]
		if len(m.ms) > 1 {
			var err error
			if a, err = composite.GroupAHP(m.ms); err != nil {
				d.Errorf(m.at, m.path, "%v", err)
				continue
			}
		}
		r, err := composite.AHP(a, spec.Solve, spec.RI)
		if err != nil {
			d.Errorf(m.at, m.path, "%v", err)
			continue
		}
		if r.CR > spec.MaxCR {
			d.Errorf(m.at, m.path, "matrix %q is inconsistent: CR = %.4f (λmax %.4f, CI %.4f, RI %v %.2f) is above max_cr %v; revise the judgments",
				m.id, r.CR, r.LambdaMax, r.CI, spec.RI, r.RI, spec.MaxCR)
		}
	}
}

// findAHPSpec returns the spec holding the matrices ms of node id.
func findAHPSpec(specs []*scoring.AHPSpec, id string, ms [][][]float64) *scoring.AHPSpec {
	for _, sp := range specs {
		if got, ok := sp.Matrices[id]; ok && len(got) == len(ms) && (len(ms) == 0 || &got[0] == &ms[0]) {
			return sp
		}
	}
	return nil
}

// article returns "an" for indicator, else "a".
func article(l dataset.Level) string {
	if l == dataset.LevelIndicator {
		return "an"
	}
	return "a"
}

// sharedManual reports whether spec's manual values were given in a block
// shared by every level.
func (p *Profile) sharedManual(spec scoring.WeightSpec) bool {
	for _, r := range p.refs {
		if r.any {
			if _, ok := spec.Values[r.id]; ok {
				return true
			}
		}
	}
	return false
}

// rankRule reads the coverage rule of ranking: none, or {by: goal|index,
// min: share, common: share}, each share defaulting to 0.5.
func (l *loader) rankRule(n *yaml.Node, path string) scoring.RankRule {
	if n.Kind == yaml.ScalarNode {
		if s, _ := l.d.String(n, path); s != "none" {
			l.d.Errorf(n, path, "want none or {by: goal|index, min: 0.5, common: 0.5}, found %q", s)
		}
		return scoring.RankRule{}
	}
	r := scoring.DefaultRankRule()
	for _, f := range l.d.Mapping(n, path, []string{"by", "min", "common"}) {
		p := sy.Join(path, f.Key)
		if f.Key == "by" {
			if s, ok := l.d.String(f.Value, p); ok {
				if err := r.By.UnmarshalText([]byte(s)); err != nil {
					l.d.Errorf(f.Value, p, "unknown value %q (want goal|index|none)", s)
				}
			}
			continue
		}
		v, ok := l.d.Float(f.Value, p)
		if !ok {
			continue
		}
		if f.Key == "min" {
			if !(v > 0 && v <= 1) {
				l.d.Errorf(f.Value, p, "%v is not a share within (0, 1]", v)
			}
			r.Min = v
		} else {
			if !(v >= 0 && v < 1) {
				l.d.Errorf(f.Value, p, "%v is not a share within [0, 1)", v)
			}
			r.Common = v
		}
	}
	return r
}

var imputeMethods = []string{"none", "mean", "median", "group_mean", "group_median", "interpolate", "locf"}

func (l *loader) impute(n *yaml.Node) scoring.ImputeSpec {
	name, fields := l.block(n, "impute", imputeMethods, map[string][]string{"group_mean": {"group"}, "group_median": {"group"}})
	var spec scoring.ImputeSpec
	if name == "" {
		return spec
	}
	if err := spec.Method.UnmarshalText([]byte(name)); err != nil {
		panic("config: " + err.Error())
	}
	for _, f := range fields {
		spec.Group, _ = l.d.String(f.Value, "impute.group")
	}
	if spec.Method.Grouped() && spec.Group == "" {
		l.d.Errorf(n, "impute", "%s needs group: COLUMN (a non-indicator column of the data, e.g. a province)", name)
	}
	return spec
}

var treatMethods = []string{"none", "winsorize"}

// treat reads a treatment block; top adds the per-indicator overrides.
func (l *loader) treat(n *yaml.Node, path string, top bool) (composite.TreatSpec, map[string]composite.TreatSpec) {
	params := []string{"winmax", "skew", "kurt", "fallback"}
	if top {
		params = append(params, "overrides")
	}
	name, fields := l.block(n, path, treatMethods, map[string][]string{"winsorize": params, "none": nil})
	if name == "" || name == "none" {
		return composite.TreatSpec{}, nil
	}
	spec := composite.DefaultTreatSpec()
	var overrides map[string]composite.TreatSpec
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		switch f.Key {
		case "winmax":
			if v, ok := l.d.Float(f.Value, fp); ok {
				switch {
				case v != math.Trunc(v) || v < 1:
					l.d.Errorf(f.Value, fp, "winmax %v must be a whole number ≥ 1", v)
				case v > maxCount:
					l.d.Errorf(f.Value, fp, "winmax %v is too large (at most %d)", v, maxCount)
				default:
					spec.WinMax = int(v)
				}
			}
		case "skew", "kurt":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "%s threshold %v must be positive", f.Key, v)
				}
				if f.Key == "skew" {
					spec.Skew = v
				} else {
					spec.Kurt = v
				}
			}
		case "fallback":
			l.text(f.Value, fp, &spec.Fallback)
		case "overrides":
			overrides = map[string]composite.TreatSpec{}
			for _, o := range l.d.Mapping(f.Value, fp, nil) {
				op := sy.Join(fp, o.Key)
				ts, _ := l.treat(o.Value, op, false)
				overrides[o.Key] = ts
				l.refs = append(l.refs, ref{id: o.Key, level: dataset.LevelIndicator, node: o.KeyAt, path: op})
			}
		}
	}
	return spec, overrides
}

var targetKeys = []string{"values", "cuts", "since", "moderate", "goals"}

func (l *loader) targets(n *yaml.Node) scoring.TargetSpec {
	var spec scoring.TargetSpec
	for _, f := range l.d.Mapping(n, "targets", targetKeys) {
		fp := sy.Join("targets", f.Key)
		switch f.Key {
		case "values":
			spec.Values = map[string]map[int]float64{}
			for _, ind := range l.d.Mapping(f.Value, fp, nil) {
				ip := sy.Join(fp, ind.Key)
				l.refs = append(l.refs, ref{id: ind.Key, level: dataset.LevelIndicator, node: ind.KeyAt, path: ip})
				byYear := map[int]float64{}
				for _, yv := range l.d.Mapping(ind.Value, ip, nil) {
					yp := sy.Join(ip, yv.Key)
					year, err := strconv.Atoi(yv.Key)
					if err != nil || year < 1900 || year > 2200 {
						l.d.Errorf(yv.KeyAt, yp, "target key %q is not a year", yv.Key)
						continue
					}
					if v, ok := l.d.Float(yv.Value, yp); ok {
						byYear[year] = v
					}
				}
				spec.Values[ind.Key] = byYear
			}
		case "cuts":
			c := composite.DefaultRatingCuts()
			for _, cf := range l.d.Mapping(f.Value, fp, []string{"green", "yellow", "orange"}) {
				if v, ok := l.d.Float(cf.Value, sy.Join(fp, cf.Key)); ok {
					switch cf.Key {
					case "green":
						c.Green = v
					case "yellow":
						c.Yellow = v
					case "orange":
						c.Orange = v
					}
				}
			}
			if err := c.Validate(); err != nil {
				l.d.Errorf(f.Value, fp, "%v", err)
			}
			spec.Cuts = c
		case "since":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v != 0 && (v != math.Trunc(v) || v < 1900 || v > 2200) {
					l.d.Errorf(f.Value, fp, "since %v is not a year (a whole number from 1900 to 2200, or 0 for each unit's first year)", v)
				} else {
					spec.Trend.Since = int(v)
				}
			}
		case "moderate":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if !(v > 0 && v < 1) {
					l.d.Errorf(f.Value, fp, "moderate %v must be within (0, 1)", v)
				}
				spec.Trend.Moderate = v
			}
		case "goals":
			l.text(f.Value, fp, &spec.RollUp)
		}
	}
	return spec
}
