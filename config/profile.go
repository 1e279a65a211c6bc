// Package config loads scoring profiles: the YAML files in which planners
// choose how to normalise, weight and aggregate (FORMATS.md §2). A profile
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
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
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
	Options   scoring.Options

	refs []ref // node ids the profile names, for Check
}

// ref is a node id named in the profile, with where and as what.
type ref struct {
	id    string
	level dataset.Level // the level the id must have
	node  *yaml.Node
	path  string
}

var (
	profileKeys = []string{"profile", "description", "framework", "normalize", "weights", "aggregate", "missing", "impute", "treat"}
	levelKeys   = []string{"indicators", "dimensions", "goals"}
)

// Default returns the default profile: scoring.DefaultOptions on the
// built-in framework.
func Default() *Profile {
	return &Profile{Name: "default", Framework: Builtin, File: "builtin:default", Options: scoring.DefaultOptions()}
}

// LoadFile loads the profile at path.
func LoadFile(path string) (*Profile, error) {
	data, err := os.ReadFile(path)
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
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return Parse(data, name)
}

// Parse parses and validates a profile document. Sections left out take
// their defaults (scoring.DefaultOptions).
func Parse(data []byte, name string) (*Profile, error) {
	l := &loader{d: sy.Decoder{File: filepath.ToSlash(name)}}
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
			for _, m := range l.d.Mapping(f.Value, "missing", []string{"max_share"}) {
				path := "missing.max_share"
				if v, ok := l.d.Float(m.Value, path); ok {
					if v < 0 || v > 1 {
						l.d.Errorf(m.Value, path, "%v is not a share within [0, 1]", v)
					}
					p.Options.MaxMissingShare = v
				}
			}
		case "impute", "treat":
			// Only "none" until imputation and outlier treatment exist.
			method, _ := l.block(f.Value, f.Key, []string{"none"}, nil)
			_ = method
		}
	}
	if p.Name == "" {
		p.Name = strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	}
	p.refs = l.refs
	if err := l.d.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

type loader struct {
	d    sy.Decoder
	refs []ref
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
	for _, lv := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		// Report problems of a shared block once, not three times.
		before := len(l.d.Problems)
		fn(n, path, lv)
		if len(l.d.Problems) > before && lv != dataset.LevelIndicator {
			l.d.Problems = l.d.Problems[:before]
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

var normalizeMethods = []string{"minmax", "zscore", "rank", "percentile", "goalposts", "none"}

var normalizeParams = map[string][]string{
	"minmax":    {"range"},
	"zscore":    {"mean", "sd"},
	"goalposts": {"range", "goalposts"},
}

func (l *loader) normalizeSpec(n *yaml.Node, path string, top bool) (scoring.NormalizeSpec, []sy.Field) {
	params := normalizeParams
	if top {
		// The top block also carries the overrides (and pooled, for panels).
		params = map[string][]string{}
		for _, m := range normalizeMethods {
			params[m] = append(append([]string(nil), normalizeParams[m]...), "overrides")
		}
	}
	name, fields := l.block(n, path, normalizeMethods, params)
	if name == "" {
		return scoring.DefaultNormalizeSpec(scoring.MinMax), nil
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

var weightMethods = []string{"framework", "equal", "manual"}

func (l *loader) weights(n *yaml.Node, path string, lv dataset.Level) scoring.WeightSpec {
	name, fields := l.block(n, path, weightMethods, map[string][]string{"manual": {"values"}})
	var spec scoring.WeightSpec
	if name == "" {
		return spec
	}
	if err := spec.Method.UnmarshalText([]byte(name)); err != nil {
		panic("config: " + err.Error())
	}
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		spec.Values = map[string]float64{}
		for _, v := range l.d.Mapping(f.Value, fp, nil) {
			vp := sy.Join(fp, v.Key)
			if w, ok := l.d.Float(v.Value, vp); ok {
				if w < 0 {
					l.d.Errorf(v.Value, vp, "negative weight %v", w)
				}
				spec.Values[v.Key] = w
			}
			l.refs = append(l.refs, ref{id: v.Key, level: lv, node: v.KeyAt, path: vp})
		}
	}
	if spec.Method == scoring.ManualWeights && spec.Values == nil {
		l.d.Errorf(n, path, "manual weights need values: {NODE_ID: weight, …}")
	}
	return spec
}

var aggregateMethods = []string{"arithmetic", "geometric", "harmonic"}

func (l *loader) aggregate(n *yaml.Node, path string) scoring.AggregateSpec {
	name, _ := l.block(n, path, aggregateMethods, nil)
	var spec scoring.AggregateSpec
	if name != "" {
		if err := spec.Method.UnmarshalText([]byte(name)); err != nil {
			panic("config: " + err.Error())
		}
	}
	return spec
}

// Check reports the node ids the profile names that the framework tree s
// does not have at the level where the profile uses them, with their
// file:line:col, and manual weights that leave out a node of their level.
func (p *Profile) Check(s *dataset.Schema) error {
	d := sy.Decoder{File: filepath.ToSlash(p.File)}
	for _, r := range p.refs {
		i, ok := s.Index(r.id)
		switch {
		case !ok:
			d.Errorf(r.node, r.path, "unknown %s %q in framework %s", r.level, r.id, s.ID)
		case s.Nodes[i].Level != r.level:
			d.Errorf(r.node, r.path, "%q is a %s, not a %s", r.id, s.Nodes[i].Level, r.level)
		}
	}
	for _, lv := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		spec := p.Options.Weights.At(lv)
		if spec.Method != scoring.ManualWeights {
			continue
		}
		var missing []string
		for _, i := range s.ByLevel(lv) {
			if _, ok := spec.Values[s.Nodes[i].ID]; !ok {
				missing = append(missing, s.Nodes[i].ID)
			}
		}
		if len(missing) > 0 {
			d.Errorf(nil, "weights", "manual %s weights give no value for %s", lv, strings.Join(missing, ", "))
		}
	}
	return d.Err()
}
