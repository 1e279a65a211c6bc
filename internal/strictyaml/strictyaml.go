// Package strictyaml walks yaml.v3 node trees strictly: it reports unknown
// and duplicate keys, wrong kinds and bad scalars with the file, line, column
// and YAML path of each, and it collects every problem instead of stopping at
// the first. The framework (indicators) and profile (config) loaders use it.
package strictyaml

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Problem is one defect of a YAML document.
type Problem struct {
	File string
	Line int // 1-based; 0 if unknown
	Col  int
	Path string // e.g. goals[1].dimensions[0].indicators[3].direction
	Msg  string
}

// Error formats p as file:line:col: path: msg.
func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Problems is a list of problems; its message lists each on its own line.
type Problems []*Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Decoder collects problems while a loader walks a document.
type Decoder struct {
	File     string
	Problems Problems
}

// Parse parses data into its document node. A syntax error is recorded as a
// problem and Parse returns nil.
func (d *Decoder) Parse(data []byte) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		// yaml.v3 reports "line N: message".
		if rest, ok := strings.CutPrefix(msg, "line "); ok {
			if n, after, ok := strings.Cut(rest, ":"); ok {
				if l, err := strconv.Atoi(n); err == nil {
					line, msg = l, strings.TrimSpace(after)
				}
			}
		}
		d.Problems = append(d.Problems, &Problem{File: d.File, Line: line, Msg: msg})
		return nil
	}
	if len(doc.Content) == 0 {
		d.Problems = append(d.Problems, &Problem{File: d.File, Msg: "empty document"})
		return nil
	}
	return doc.Content[0]
}

// Err returns the problems, in document order, as an error, or nil if
// there are none.
func (d *Decoder) Err() error {
	if len(d.Problems) == 0 {
		return nil
	}
	slices.SortStableFunc(d.Problems, func(a, b *Problem) int {
		switch {
		case a.Line == b.Line:
			return a.Col - b.Col
		case a.Line == 0: // problems without a place come last
			return 1
		case b.Line == 0:
			return -1
		}
		return a.Line - b.Line
	})
	return d.Problems
}

// At returns the position of the character at byte offset off of the text
// of scalar n, when the scalar sits on one line (plain or quoted), else n's
// own position.
func At(n *yaml.Node, off int) (line, col int) {
	if n == nil {
		return 0, 0
	}
	switch n.Style {
	case 0, yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle, yaml.FlowStyle:
	default:
		return n.Line, n.Column
	}
	if strings.ContainsAny(n.Value, "\n\\'\"") || off > len(n.Value) {
		return n.Line, n.Column
	}
	col = n.Column + utf8.RuneCountInString(n.Value[:off])
	if n.Style == yaml.DoubleQuotedStyle || n.Style == yaml.SingleQuotedStyle {
		col++
	}
	return n.Line, col
}

// ErrorAt records a problem at a given line and column.
func (d *Decoder) ErrorAt(line, col int, path, format string, args ...any) {
	d.Problems = append(d.Problems, &Problem{File: d.File, Line: line, Col: col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// Errorf records a problem at node n.
func (d *Decoder) Errorf(n *yaml.Node, path, format string, args ...any) {
	p := &Problem{File: d.File, Path: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	d.Problems = append(d.Problems, p)
}

// Join appends an element or key to a path: Join("goals[1]", "id") =
// "goals[1].id".
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Elem appends an index to a path: Elem("goals", 1) = "goals[1]".
func Elem(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// Field is a key of a mapping with its key node (for positions) and value.
type Field struct {
	Key   string
	KeyAt *yaml.Node
	Value *yaml.Node
}

// Mapping checks that n is a mapping whose keys are all in known (any key
// when known is nil), with no key twice, and returns its fields in document
// order. On a wrong kind it records a problem and returns nil.
func (d *Decoder) Mapping(n *yaml.Node, path string, known []string) []Field {
	n = resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, path, "want a mapping, found %s", describe(n))
		return nil
	}
	seen := map[string]bool{}
	var out []Field
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.Errorf(k, path, "want a text key, found %s", describe(k))
			continue
		}
		key := k.Value
		if seen[key] {
			d.Errorf(k, Join(path, key), "duplicate key %q", key)
			continue
		}
		seen[key] = true
		if known != nil && !slices.Contains(known, key) {
			d.Errorf(k, Join(path, key), "unknown key %q (want %s)", key, strings.Join(known, "|"))
			continue
		}
		out = append(out, Field{Key: key, KeyAt: k, Value: v})
	}
	return out
}

// Seq checks that n is a sequence and returns its items.
func (d *Decoder) Seq(n *yaml.Node, path string) []*yaml.Node {
	n = resolve(n)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, path, "want a list, found %s", describe(n))
		return nil
	}
	return n.Content
}

// IsNull reports whether n is absent or an explicit null.
func IsNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// String returns the text of a scalar.
func (d *Decoder) String(n *yaml.Node, path string) (string, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		d.Errorf(n, path, "want text, found %s", describe(n))
		return "", false
	}
	return n.Value, true
}

// Strings returns a list of scalars; a single scalar is taken as a list of
// one.
func (d *Decoder) Strings(n *yaml.Node, path string) []string {
	n = resolve(n)
	if n != nil && n.Kind == yaml.ScalarNode {
		return []string{n.Value}
	}
	var out []string
	for i, item := range d.Seq(n, path) {
		if s, ok := d.String(item, Elem(path, i)); ok {
			out = append(out, s)
		}
	}
	return out
}

// Float returns a finite number. Fractions "a/b" are accepted when
// fractions is true.
func (d *Decoder) Float(n *yaml.Node, path string) (float64, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.Errorf(n, path, "want a number, found %s", describe(n))
		return 0, false
	}
	v, err := ParseNumber(n.Value)
	if err != nil {
		d.Errorf(n, path, "%v", err)
		return 0, false
	}
	return v, true
}

// ParseNumber parses a finite decimal number or a fraction "a/b".
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if a, b, ok := strings.Cut(t, "/"); ok {
		x, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
		y, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
		if err1 != nil || err2 != nil || y == 0 || math.IsInf(x, 0) || math.IsNaN(x) || math.IsInf(y, 0) || math.IsNaN(y) {
			return 0, fmt.Errorf("%q is not a number or fraction a/b", s)
		}
		return x / y, nil
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// Pair returns a list of exactly two numbers.
func (d *Decoder) Pair(n *yaml.Node, path string) ([2]float64, bool) {
	items := d.Seq(n, path)
	if items == nil {
		return [2]float64{}, false
	}
	if len(items) != 2 {
		d.Errorf(n, path, "want two numbers [a, b], found %d", len(items))
		return [2]float64{}, false
	}
	a, ok1 := d.Float(items[0], Elem(path, 0))
	b, ok2 := d.Float(items[1], Elem(path, 1))
	return [2]float64{a, b}, ok1 && ok2
}

// Bool returns a boolean scalar.
func (d *Decoder) Bool(n *yaml.Node, path string) (bool, bool) {
	n = resolve(n)
	if n != nil && n.Kind == yaml.ScalarNode {
		switch strings.ToLower(n.Value) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	}
	d.Errorf(n, path, "want true or false, found %s", describe(n))
	return false, false
}

func describe(n *yaml.Node) string {
	n = resolve(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return strconv.Quote(n.Value)
	}
	return "a document"
}

// AsProblems unwraps err into its problems, if it carries any.
func AsProblems(err error) Problems {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	var p *Problem
	if errors.As(err, &p) {
		return Problems{p}
	}
	return nil
}
