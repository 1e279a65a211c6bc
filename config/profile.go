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
//	uncertainty: {design: ua, n: 200, noise: {goals: 0.25}}
package config

import (
	"bytes"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
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
	// Uncertainty is the uncertainty or sensitivity analysis the profile
	// asks for (its uncertainty block, with the defaults in place), nil
	// when it has none.
	Uncertainty *sensitivity.Spec

	refs     []ref    // node ids the profile names, for Check
	matrices []matrix // AHP judgment matrices, for Check
	ua       *uaNodes // where the uncertainty block's values are, for Check
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
	profileKeys = []string{"profile", "description", "framework", "population_basis", "normalize", "weights", "aggregate", "missing", "impute", "treat", "coupling", "targets", "uncertainty", "grades"}
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
			l.missing(f.Value, &p.Options)
		case "coupling":
			p.Options.Coupling = l.coupling(f.Value)
		case "grades":
			p.Options.Grades = l.grades(f.Value)
		case "impute":
			p.Options.Impute = l.impute(f.Value)
		case "treat":
			p.Options.Treat, p.Options.TreatOverrides = l.treat(f.Value, "treat", true)
		case "targets":
			p.Options.Targets = l.targets(f.Value)
		case "uncertainty":
			p.Uncertainty, p.ua = l.uncertainty(f.Value)
		}
	}
	if p.Uncertainty != nil {
		l.checkUncertainty(p, p.ua) // against the other sections, wherever they are
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
