package indicators

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
)

// Keys accepted at each place of a framework file.
var (
	frameworkKeys = []string{"id", "name", "version", "description", "units", "inputs", "goals"}
	inputKeys     = []string{"id", "name", "unit", "scope", "formula", "aliases", "source", "note", "valid", "basis", "derive"}
	goalKeys      = []string{"id", "name", "weight", "description", "dimensions", "indicators"}
	dimensionKeys = []string{"id", "name", "weight", "description", "indicators"}
	indicatorKeys = []string{"id", "name", "unit", "direction", "optimal", "tolerable", "weight", "formula",
		"goalposts", "targets", "aliases", "clauses", "source", "scope", "note", "valid", "basis", "derive"}
	deriveKeys = []string{"formula", "basis", "note"}
)

// BasisAny is the ComputeOptions.Basis that accepts every basis; it cannot
// label a variable.
const BasisAny = "any"

// basisLabels are the Chinese names of the population bases the built-in
// frameworks use.
var basisLabels = map[string]string{
	"resident":   "常住人口口径",
	"registered": "户籍人口口径",
	BasisAny:     "任意口径",
}

// BasisLabel returns the Chinese name of population basis b, e.g. 常住人口口径
// for "resident"; a basis of a user's framework is named by its id.
func BasisLabel(b string) string {
	if l, ok := basisLabels[b]; ok {
		return l
	}
	return "口径 " + b
}

// maxDerive is the most alternatives a variable may list (Column.Via holds
// a byte).
const maxDerive = 255

// Scopes are the yearbook scopes a variable may declare.
var Scopes = []string{"全市", "市辖区", "城区"}

// reserved ids would collide with the root node or the columns of the
// scores CSV.
var reserved = []string{"index", "unit", "year", "rank", "score", "code"}

// LoadFile loads the framework file at path. A file larger than
// strictyaml.MaxSize is refused unread.
func LoadFile(path string) (*Framework, error) {
	data, err := sy.ReadFile(path, kind)
	if err != nil {
		return nil, err
	}
	return Parse(data, path)
}

// Load reads a framework from r; name is used in messages.
func Load(r io.Reader, name string) (*Framework, error) {
	data, err := sy.ReadAll(r, name, kind)
	if err != nil {
		return nil, err
	}
	return Parse(data, name)
}

// kind names a framework file in the decoder's messages.
const kind = "framework"

// maxFormula is the longest formula, in bytes (the longest built-in one
// has 91): it bounds the depth of the parser's and Eval's recursion.
const maxFormula = 10000

// Parse parses and validates a framework document. It reports every problem
// it finds, each with file:line:col and its YAML path, as a
// strictyaml.Problems error. A framework is one YAML document without
// anchors or aliases, of at most strictyaml.MaxSize bytes.
func Parse(data []byte, name string) (*Framework, error) {
	l := &loader{d: sy.Decoder{File: filepath.ToSlash(name), Kind: kind}, ids: map[string]*yaml.Node{}}
	root := l.d.Parse(bytes.TrimPrefix(data, []byte("\ufeff")))
	if root == nil {
		return nil, l.d.Err()
	}
	f := l.framework(root)
	f.File = name
	l.link(f)
	if err := l.d.Err(); err != nil {
		return nil, err
	}
	f.buildMatch()
	return f, nil
}

type loader struct {
	d        sy.Decoder
	ids      map[string]*yaml.Node // every id defined so far, for duplicates
	formulas []formulaAt
	derives  []deriveAt
	// suggested caches suggest's answers; suggestions stop after
	// maxSuggest ids, so that a file naming many unknown ids among many
	// variables stays quick.
	suggested map[string]string
}

// maxSuggest is the most unknown ids for which a formula's problem
// suggests a known one.
const maxSuggest = 200

// formulaAt is the formula of an input or indicator, with its node and
// path.
type formulaAt struct {
	v    *Variable
	node *yaml.Node
	path string
}

// deriveAt is the formula of derive item k of v, with its node and path.
type deriveAt struct {
	v    *Variable
	k    int
	node *yaml.Node
	path string
}

func pos(n *yaml.Node) Pos { return Pos{n.Line, n.Column} }

// id checks an id's syntax and uniqueness.
func (l *loader) id(n *yaml.Node, path string) string {
	s, ok := l.d.String(n, path)
	if !ok {
		return ""
	}
	if !ValidID(s) {
		l.d.Errorf(n, path, "invalid id %q (use letters, digits, _ - .)", s)
		return s
	}
	if slices.Contains(reserved, s) {
		l.d.Errorf(n, path, "id %q is reserved (%s)", s, strings.Join(reserved, ", "))
		return s
	}
	if first, dup := l.ids[s]; dup {
		l.d.Errorf(n, path, "duplicate id %q (first defined at line %d)", s, first.Line)
		return s
	}
	l.ids[s] = n
	return s
}

// ValidID reports whether s is a valid id: letters, digits, "_", "-" and
// ".", not empty.
func ValidID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// text reads a name: either {zh: …, en: …} or a plain string.
func (l *loader) text(n *yaml.Node, path string) Text {
	if n.Kind == yaml.ScalarNode {
		s, _ := l.d.String(n, path)
		if hasHan(s) {
			return Text{Zh: s}
		}
		return Text{En: s}
	}
	var t Text
	for _, fd := range l.d.Mapping(n, path, []string{"zh", "en"}) {
		s, _ := l.d.String(fd.Value, sy.Join(path, fd.Key))
		if fd.Key == "zh" {
			t.Zh = s
		} else {
			t.En = s
		}
	}
	return t
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// weight reads a weight; NaN when it is not a number (so that no check of
// zero weights counts it).
func (l *loader) weight(n *yaml.Node, path string) float64 {
	w, ok := l.d.Float(n, path)
	if !ok {
		return math.NaN()
	}
	if w < 0 {
		l.d.Errorf(n, path, "negative weight %v", w)
	}
	return w
}

// allZero reports whether there are weights and all are 0 (a weight that
// is not a number is NaN, not 0).
func allZero(ws []float64) bool {
	for _, w := range ws {
		if w != 0 {
			return false
		}
	}
	return len(ws) > 0
}

// zeroWeights records that every child of a node has weight 0: the node's
// score would be a mean with no weight. at is the key of the children's
// list; what names them ("indicator", "dimension", "goal") and of the
// node ("of goal \"livable\"", or "" for the index).
func (l *loader) zeroWeights(at *yaml.Node, path, what, of string) {
	l.d.Errorf(at, path, "every %s%s has weight 0: give at least one a positive weight (or remove the ones that should not count)", what, of)
}

func weightsOf[T any](items []T, w func(T) float64) []float64 {
	out := make([]float64, len(items))
	for i, it := range items {
		out[i] = w(it)
	}
	return out
}

func (l *loader) scope(n *yaml.Node, path string) string {
	s, ok := l.d.String(n, path)
	if ok && !slices.Contains(Scopes, s) {
		l.d.Errorf(n, path, "unknown scope %q (want %s)", s, strings.Join(Scopes, "|"))
	}
	return s
}

func (l *loader) framework(root *yaml.Node) *Framework {
	f := &Framework{}
	var idNode, goalsNode, goalsKey *yaml.Node
	for _, fd := range l.d.Mapping(root, "", frameworkKeys) {
		switch fd.Key {
		case "id":
			idNode = fd.Value
			f.ID, _ = l.d.String(fd.Value, "id")
			if f.ID != "" && !ValidID(f.ID) {
				l.d.Errorf(fd.Value, "id", "invalid id %q (use letters, digits, _ - .)", f.ID)
			}
		case "name":
			f.Name = l.text(fd.Value, "name")
		case "version":
			f.Version, _ = l.d.String(fd.Value, "version")
		case "description":
			f.Description, _ = l.d.String(fd.Value, "description")
		case "units":
			if u, ok := l.d.String(fd.Value, "units"); ok {
				if !slices.Contains(UnitKinds, u) {
					l.d.Errorf(fd.Value, "units", "unknown value %q (want %s)", u, strings.Join(UnitKinds, "|"))
				} else {
					f.Units = u
				}
			}
		case "inputs":
			for i, n := range l.d.Seq(fd.Value, "inputs") {
				if v := l.input(n, sy.Elem("inputs", i)); v != nil {
					f.Inputs = append(f.Inputs, v)
				}
			}
		case "goals":
			goalsNode, goalsKey = fd.Value, fd.KeyAt
			for i, n := range l.d.Seq(fd.Value, "goals") {
				if g := l.goal(n, sy.Elem("goals", i)); g != nil {
					f.Goals = append(f.Goals, g)
				}
			}
		}
	}
	if root.Kind != yaml.MappingNode {
		return f // not a framework at all: said once
	}
	if idNode == nil {
		l.d.Errorf(root, "id", "missing framework id")
	}
	if goalsNode != nil && allZero(weightsOf(f.Goals, func(g *Goal) float64 { return g.Weight })) {
		l.zeroWeights(goalsKey, "goals", "goal", "")
	}
	if goalsNode == nil {
		l.d.Errorf(root, "goals", "no goals")
	} else if len(f.Goals) == 0 && len(l.d.Problems) == 0 {
		l.d.Errorf(goalsNode, "goals", "empty group: no goals")
	}
	return f
}

func (l *loader) input(n *yaml.Node, path string) *Variable {
	v := &Variable{Pos: pos(n)}
	fields := l.d.Mapping(n, path, inputKeys)
	if fields == nil {
		return nil
	}
	hasID := false
	var derive *sy.Field
	for _, fd := range fields {
		p := sy.Join(path, fd.Key)
		switch fd.Key {
		case "id":
			hasID = true
			v.ID = l.id(fd.Value, p)
		case "name":
			v.Name = l.text(fd.Value, p)
		case "unit":
			v.Unit, _ = l.d.String(fd.Value, p)
		case "scope":
			v.Scope = l.scope(fd.Value, p)
		case "aliases":
			v.Aliases = l.d.Strings(fd.Value, p)
		case "source":
			v.Source, _ = l.d.String(fd.Value, p)
		case "note":
			v.Note, _ = l.d.String(fd.Value, p)
		case "valid":
			v.Valid = l.valid(fd.Value, p)
		case "basis":
			v.Basis = l.basis(fd.Value, p)
		case "formula":
			if f := l.formula(fd.Value, p); f != nil {
				v.Formula = f
				l.formulas = append(l.formulas, formulaAt{v, fd.Value, p})
			}
		case "derive":
			derive = &fd
		}
	}
	if !hasID {
		l.d.Errorf(n, sy.Join(path, "id"), "missing id")
	}
	if derive != nil {
		l.derive(derive, path, v)
	}
	return v
}

// basis reads a basis label: letters, digits, "_" and "-", not "any".
func (l *loader) basis(n *yaml.Node, path string) string {
	s, ok := l.d.String(n, path)
	if !ok {
		return ""
	}
	if !ValidBasis(s) {
		l.d.Errorf(n, path, "invalid basis %q (a label of letters, digits, _ -, such as resident)", s)
		return ""
	}
	if s == BasisAny {
		l.d.Errorf(n, path, "basis %q is reserved: a profile uses it to accept every basis", s)
		return ""
	}
	return s
}

// ValidBasis reports whether s is a valid basis label: letters, digits,
// "_" and "-", not empty.
func ValidBasis(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// formula parses the formula text of scalar n, reporting a syntax error at
// its character.
func (l *loader) formula(n *yaml.Node, path string) *Formula {
	s, ok := l.d.String(n, path)
	if !ok {
		return nil
	}
	if len(s) > maxFormula {
		l.d.Errorf(n, path, "formula %q is %d bytes long; a formula has at most %d", s, len(s), maxFormula)
		return nil
	}
	f, err := ParseFormula(s)
	if err != nil {
		fe := err.(*FormulaError)
		line, col := sy.At(n, fe.Offset)
		l.d.ErrorAt(line, col, path, "formula %q: %s", s, fe.Msg)
		return nil
	}
	bad := false
	f.root.walk(func(e *expr) {
		if e.op != 0 || e.id != "" || e.num != 0 {
			return
		}
		// The parser reads 1e-400 as 0 without a word.
		num := numberAt(s, e.pos)
		if _, err := sy.ParseNumber(num); err != nil {
			line, col := sy.At(n, e.pos)
			l.d.ErrorAt(line, col, path, "formula %q: %v", s, err)
			bad = true
		}
	})
	if bad {
		return nil
	}
	return f
}

// numberAt returns the number literal at byte offset off of s, as the
// formula parser reads one: digits and dots, then an optional exponent.
func numberAt(s string, off int) string {
	i := off
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			i = j
		}
	}
	return s[off:i]
}

// derive reads the `derive:` list of v: each item a formula, or a mapping
// {formula, basis, note}. An item without a basis takes v's, so derive is
// read after the variable's other keys.
func (l *loader) derive(fd *sy.Field, path string, v *Variable) {
	p := sy.Join(path, fd.Key)
	items := l.d.Seq(fd.Value, p)
	if len(items) > maxDerive {
		l.d.Errorf(fd.KeyAt, p, "%d alternatives; at most %d", len(items), maxDerive)
		return
	}
	for i, item := range items {
		ip := sy.Elem(p, i)
		alt := &Alternative{Basis: v.Basis, Pos: pos(item)}
		fnode, fpath := item, ip
		if item.Kind != yaml.ScalarNode {
			fields := l.d.Mapping(item, ip, deriveKeys)
			if fields == nil {
				continue
			}
			fnode = nil
			for _, f := range fields {
				fp := sy.Join(ip, f.Key)
				switch f.Key {
				case "formula":
					fnode, fpath = f.Value, fp
				case "basis":
					if b := l.basis(f.Value, fp); b != "" {
						alt.Basis = b
					}
				case "note":
					alt.Note, _ = l.d.String(f.Value, fp)
				}
			}
			if fnode == nil {
				l.d.Errorf(item, sy.Join(ip, "formula"), "missing formula")
				continue
			}
		}
		if alt.Formula = l.formula(fnode, fpath); alt.Formula == nil {
			continue
		}
		l.derives = append(l.derives, deriveAt{v, len(v.Derive), fnode, fpath})
		v.Derive = append(v.Derive, alt)
	}
}

// valid reads a valid range [lo, hi].
func (l *loader) valid(n *yaml.Node, path string) *dataset.Range {
	r, ok := l.d.Pair(n, path)
	if !ok {
		return nil
	}
	if r[0] >= r[1] {
		l.d.Errorf(n, path, "valid range [%v, %v]: lower bound must be below upper bound", r[0], r[1])
		return nil
	}
	return &dataset.Range{Lo: r[0], Hi: r[1]}
}

func (l *loader) goal(n *yaml.Node, path string) *Goal {
	g := &Goal{Weight: 1, Pos: pos(n)}
	fields := l.d.Mapping(n, path, goalKeys)
	if fields == nil {
		return nil
	}
	hasID := false
	var dimsNode, indsNode *yaml.Node
	for _, fd := range fields {
		p := sy.Join(path, fd.Key)
		switch fd.Key {
		case "id":
			hasID = true
			g.ID = l.id(fd.Value, p)
		case "name":
			g.Name = l.text(fd.Value, p)
		case "weight":
			g.Weight = l.weight(fd.Value, p)
		case "description":
			g.Description, _ = l.d.String(fd.Value, p)
		case "dimensions":
			dimsNode = fd.KeyAt
			for i, dn := range l.d.Seq(fd.Value, p) {
				if d := l.dimension(dn, sy.Elem(p, i), g); d != nil {
					g.Dimensions = append(g.Dimensions, d)
				}
			}
		case "indicators":
			indsNode = fd.KeyAt
			for i, in := range l.d.Seq(fd.Value, p) {
				if ind := l.indicator(in, sy.Elem(p, i), g, nil); ind != nil {
					g.Indicators = append(g.Indicators, ind)
				}
			}
		}
	}
	if !hasID {
		l.d.Errorf(n, sy.Join(path, "id"), "missing id")
	}
	switch {
	case dimsNode != nil && indsNode != nil:
		l.d.Errorf(indsNode, path, "a goal lists either dimensions or indicators, not both")
	case dimsNode == nil && indsNode == nil:
		l.d.Errorf(n, path, "empty group: goal %q has no dimensions or indicators", g.ID)
	case dimsNode != nil && len(g.Dimensions) == 0:
		l.d.Errorf(dimsNode, sy.Join(path, "dimensions"), "empty group: no dimensions")
	case indsNode != nil && len(g.Indicators) == 0:
		l.d.Errorf(indsNode, sy.Join(path, "indicators"), "empty group: no indicators")
	case dimsNode != nil && allZero(weightsOf(g.Dimensions, func(d *Dimension) float64 { return d.Weight })):
		l.zeroWeights(dimsNode, sy.Join(path, "dimensions"), "dimension", fmt.Sprintf(" of goal %q", g.ID))
	case indsNode != nil && allZero(weightsOf(g.Indicators, func(i *Indicator) float64 { return i.Weight })):
		l.zeroWeights(indsNode, sy.Join(path, "indicators"), "indicator", fmt.Sprintf(" of goal %q", g.ID))
	}
	return g
}

func (l *loader) dimension(n *yaml.Node, path string, g *Goal) *Dimension {
	d := &Dimension{Weight: 1, Pos: pos(n), Goal: g}
	fields := l.d.Mapping(n, path, dimensionKeys)
	if fields == nil {
		return nil
	}
	hasID, hasInds := false, false
	var zeroAt *yaml.Node
	var zeroPath string
	for _, fd := range fields {
		p := sy.Join(path, fd.Key)
		switch fd.Key {
		case "id":
			hasID = true
			d.ID = l.id(fd.Value, p)
		case "name":
			d.Name = l.text(fd.Value, p)
		case "weight":
			d.Weight = l.weight(fd.Value, p)
		case "description":
			d.Description, _ = l.d.String(fd.Value, p)
		case "indicators":
			hasInds = true
			for i, in := range l.d.Seq(fd.Value, p) {
				if ind := l.indicator(in, sy.Elem(p, i), g, d); ind != nil {
					d.Indicators = append(d.Indicators, ind)
				}
			}
			if len(d.Indicators) == 0 {
				l.d.Errorf(fd.KeyAt, p, "empty group: no indicators")
			} else if allZero(weightsOf(d.Indicators, func(i *Indicator) float64 { return i.Weight })) {
				zeroAt, zeroPath = fd.KeyAt, p // reported with the id, which may come later
			}
		}
	}
	if !hasID {
		l.d.Errorf(n, sy.Join(path, "id"), "missing id")
	}
	if !hasInds {
		l.d.Errorf(n, path, "empty group: dimension %q has no indicators", d.ID)
	}
	if zeroAt != nil {
		l.zeroWeights(zeroAt, zeroPath, "indicator", fmt.Sprintf(" of dimension %q", d.ID))
	}
	return d
}

func (l *loader) indicator(n *yaml.Node, path string, g *Goal, dim *Dimension) *Indicator {
	ind := &Indicator{Weight: 1, Goal: g, Dimension: dim}
	ind.Pos = pos(n)
	ind.Variable.Indicator = ind
	fields := l.d.Mapping(n, path, indicatorKeys)
	if fields == nil {
		return nil
	}
	hasID := false
	var dirNode, optNode, tolNode *yaml.Node
	var derive *sy.Field
	for _, fd := range fields {
		p := sy.Join(path, fd.Key)
		switch fd.Key {
		case "id":
			hasID = true
			ind.ID = l.id(fd.Value, p)
		case "name":
			ind.Name = l.text(fd.Value, p)
		case "unit":
			ind.Unit, _ = l.d.String(fd.Value, p)
		case "scope":
			ind.Scope = l.scope(fd.Value, p)
		case "aliases":
			ind.Aliases = l.d.Strings(fd.Value, p)
		case "source":
			ind.Source, _ = l.d.String(fd.Value, p)
		case "note":
			ind.Note, _ = l.d.String(fd.Value, p)
		case "valid":
			ind.Valid = l.valid(fd.Value, p)
		case "basis":
			ind.Basis = l.basis(fd.Value, p)
		case "derive":
			derive = &fd
		case "clauses":
			ind.Clauses = l.d.Strings(fd.Value, p)
		case "weight":
			ind.Weight = l.weight(fd.Value, p)
		case "direction":
			dirNode = fd.Value
			if s, ok := l.d.String(fd.Value, p); ok {
				if err := ind.Direction.UnmarshalText([]byte(s)); err != nil {
					l.d.Errorf(fd.Value, p, "unknown value %q (want positive|negative|interval)", s)
				}
			}
		case "optimal":
			optNode = fd.Value
			if r, ok := l.d.Pair(fd.Value, p); ok {
				ind.Optimal = &dataset.Range{Lo: r[0], Hi: r[1]}
				if r[0] > r[1] {
					l.d.Errorf(fd.Value, p, "lower bound %v above upper bound %v", r[0], r[1])
				}
			}
		case "tolerable":
			tolNode = fd.Value
			if r, ok := l.d.Pair(fd.Value, p); ok {
				ind.Tolerable = &dataset.Range{Lo: r[0], Hi: r[1]}
			}
		case "goalposts":
			if r, ok := l.d.Pair(fd.Value, p); ok {
				if r[0] == r[1] {
					l.d.Errorf(fd.Value, p, "goalposts [worst, best] must differ")
				} else {
					ind.Goalposts = &dataset.Range{Lo: r[0], Hi: r[1]}
				}
			}
		case "targets":
			ind.Targets = map[int]float64{}
			for _, tf := range l.d.Mapping(fd.Value, p, nil) {
				tp := sy.Join(p, tf.Key)
				year, err := strconv.Atoi(tf.Key)
				if err != nil || year < 1900 || year > 2200 {
					l.d.Errorf(tf.KeyAt, tp, "target key %q is not a year", tf.Key)
					continue
				}
				if v, ok := l.d.Float(tf.Value, tp); ok {
					ind.Targets[year] = v
				}
			}
		case "formula":
			if f := l.formula(fd.Value, p); f != nil {
				ind.Formula = f
				l.formulas = append(l.formulas, formulaAt{&ind.Variable, fd.Value, p})
			}
		}
	}
	if !hasID {
		l.d.Errorf(n, sy.Join(path, "id"), "missing id")
	}
	if derive != nil {
		l.derive(derive, path, &ind.Variable)
	}
	if dirNode == nil {
		l.d.Errorf(n, sy.Join(path, "direction"), "missing direction (want positive|negative|interval)")
	}
	if ind.Direction == dataset.Interval {
		if optNode == nil {
			l.d.Errorf(dirNode, sy.Join(path, "optimal"), "interval indicator %q needs optimal: [a, b]", ind.ID)
		} else if ind.Tolerable != nil && ind.Optimal != nil &&
			(ind.Tolerable.Lo > ind.Optimal.Lo || ind.Tolerable.Hi < ind.Optimal.Hi) {
			l.d.Errorf(tolNode, sy.Join(path, "tolerable"), "tolerable [%v, %v] must contain optimal [%v, %v]",
				ind.Tolerable.Lo, ind.Tolerable.Hi, ind.Optimal.Lo, ind.Optimal.Hi)
		}
	} else if dirNode != nil {
		if optNode != nil {
			l.d.Errorf(optNode, sy.Join(path, "optimal"), "optimal applies to interval indicators only (direction is %s)", ind.Direction)
		}
		if tolNode != nil {
			l.d.Errorf(tolNode, sy.Join(path, "tolerable"), "tolerable applies to interval indicators only (direction is %s)", ind.Direction)
		}
	}
	return ind
}

// link resolves the ids of formulas and derive alternatives, orders the
// computation so that every variable comes after what it uses, and reports
// unknown ids and cycles.
func (l *loader) link(f *Framework) {
	f.vars = map[string]*Variable{}
	for _, v := range f.Inputs {
		f.vars[v.ID] = v
	}
	inds := f.Indicators()
	for _, ind := range inds {
		f.vars[ind.ID] = &ind.Variable
	}
	unknown := func(fm *Formula, node *yaml.Node, path string) {
		for i, id := range fm.IDs() {
			if f.vars[id] == nil {
				line, col := sy.At(node, fm.Offset(i))
				l.d.ErrorAt(line, col, path, "formula %q names unknown id %q%s", fm.Text, id, l.suggest(id, f.vars))
			}
		}
	}
	for _, fa := range l.formulas {
		unknown(fa.v.Formula, fa.node, fa.path)
		f.Warnings = append(f.Warnings, scopeWarnings(f, fa.v, fa.v.Formula, "formula", fa.v.Pos)...)
	}
	for _, da := range l.derives {
		alt := da.v.Derive[da.k]
		unknown(alt.Formula, da.node, da.path)
		f.Warnings = append(f.Warnings, scopeWarnings(f, da.v, alt.Formula, fmt.Sprintf("derive[%d]", da.k), alt.Pos)...)
	}
	if len(l.d.Problems) > 0 {
		return // a cycle search over a broken tree would only add noise
	}
	l.order(f)
}

// edge is a use of variable to by a formula of a variable: its own formula
// (derive < 0) or derive alternative number derive.
type edge struct {
	to     *Variable
	derive int
	node   *yaml.Node
	path   string
}

func (e edge) kind() string {
	if e.derive < 0 {
		return "formula"
	}
	return fmt.Sprintf("derive[%d]", e.derive)
}

// order sorts what Compute evaluates (every indicator, and every input with
// a formula, a basis or alternatives) so that each comes after the variables its
// formula and its derive alternatives use, and reports the first cycle
// through formula and derive edges.
func (l *loader) order(f *Framework) {
	edges := map[*Variable][]edge{}
	for _, fa := range l.formulas {
		for _, id := range fa.v.Formula.IDs() {
			edges[fa.v] = append(edges[fa.v], edge{f.vars[id], -1, fa.node, fa.path})
		}
	}
	for _, da := range l.derives {
		for _, id := range da.v.Derive[da.k].Formula.IDs() {
			edges[da.v] = append(edges[da.v], edge{f.vars[id], da.k, da.node, da.path})
		}
	}
	// Depth-first topological order; a grey node met again closes a cycle.
	const (
		white = iota
		grey
		black
	)
	state := map[*Variable]int{}
	type frame struct {
		v   *Variable
		via edge // the edge being followed out of v
	}
	var stack []frame
	var visit func(v *Variable) bool
	visit = func(v *Variable) bool {
		state[v] = grey
		stack = append(stack, frame{v: v})
		for _, e := range edges[v] {
			stack[len(stack)-1].via = e
			switch state[e.to] {
			case grey:
				i := slices.IndexFunc(stack, func(fr frame) bool { return fr.v == e.to })
				var vs []*Variable
				var es []edge
				for _, fr := range stack[i:] {
					vs, es = append(vs, fr.v), append(es, fr.via)
				}
				l.cycle(vs, es)
				return false
			case white:
				if !visit(e.to) {
					return false
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[v] = black
		if v.Indicator != nil || v.Formula != nil || v.Basis != "" || len(v.Derive) > 0 {
			f.order = append(f.order, v)
		}
		return true
	}
	for _, v := range f.Variables() {
		if state[v] == white && !visit(v) {
			return
		}
	}
}

// cycle reports the cycle vs[0] → vs[1] → … → vs[0], where es[i] is the
// edge out of vs[i], at the formula of its first edge: "formula cycle: a →
// b → c → a" when only formulas take part, else each step names the
// formula it follows: "cycle through formula and derive: pop (derive[0]) →
// gdp_pc (formula) → pop".
func (l *loader) cycle(vs []*Variable, es []edge) {
	var plain, named []string
	derive := false
	for i, v := range vs {
		plain = append(plain, v.ID)
		named = append(named, fmt.Sprintf("%s (%s)", v.ID, es[i].kind()))
		derive = derive || es[i].derive >= 0
	}
	if derive {
		l.d.Errorf(es[0].node, es[0].path, "cycle through formula and derive: %s → %s", strings.Join(named, " → "), vs[0].ID)
		return
	}
	l.d.Errorf(es[0].node, es[0].path, "formula cycle: %s → %s", strings.Join(plain, " → "), vs[0].ID)
}

// scopeWarnings flags a formula whose operands declare different scopes;
// what names the formula ("formula", "derive[0]") and at its variable's
// place.
func scopeWarnings(f *Framework, v *Variable, fm *Formula, what string, at Pos) []string {
	scopes := map[string][]string{}
	for _, id := range fm.IDs() {
		if v := f.vars[id]; v != nil && v.Scope != "" {
			scopes[v.Scope] = append(scopes[v.Scope], id)
		}
	}
	if len(scopes) < 2 {
		return nil
	}
	var parts []string
	for _, s := range Scopes {
		if ids, ok := scopes[s]; ok {
			parts = append(parts, s+": "+strings.Join(ids, ", "))
		}
	}
	kind := "indicator"
	if v.IsInput() {
		kind = "input"
	}
	return []string{fmt.Sprintf("%s:%d:%d: %s %s: %s mixes scopes (%s)",
		f.File, at.Line, at.Col, kind, v.ID, what, strings.Join(parts, "; "))}
}

// suggest returns ` (did you mean "x"?)` for the closest known id, for
// the first maxSuggest unknown ids of at most maxSuggestLen characters.
func (l *loader) suggest(id string, vars map[string]*Variable) string {
	if s, ok := l.suggested[id]; ok {
		return s
	}
	if l.suggested == nil {
		l.suggested = map[string]string{}
	}
	if len(l.suggested) >= maxSuggest || len(id) > maxSuggestLen {
		return ""
	}
	n := utf8.RuneCountInString(id)
	best, bestD := "", 1<<30
	for k := range vars {
		if len(k) > maxSuggestLen || abs(utf8.RuneCountInString(k)-n) > max(2, n/3) {
			continue // too far apart to be suggested
		}
		if d := editDistance(id, k); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	s := ""
	if best != "" && bestD <= max(2, n/3) {
		s = fmt.Sprintf(" (did you mean %s?)", sy.Quote(best))
	}
	l.suggested[id] = s
	return s
}

// maxSuggestLen is the longest id, in bytes, that suggest compares.
const maxSuggestLen = 100

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
