// Package strictyaml walks yaml.v3 node trees strictly: it reports unknown
// and duplicate keys, wrong kinds and bad scalars with the file, line, column
// and YAML path of each, and it collects every problem instead of stopping at
// the first. The framework (indicators) and profile (config) loaders use it.
package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
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

// Unwrap returns the problems as errors, so that errors.Is and errors.As
// look into each of them.
func (ps Problems) Unwrap() []error {
	out := make([]error, len(ps))
	for i, p := range ps {
		out[i] = p
	}
	return out
}

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Limits of a document. A file larger than MaxSize is refused before it is
// parsed: yaml.v3 builds a node of some 200 bytes for every two bytes of a
// flow list, so MaxSize bounds the memory and time of a load (the worst
// case, 2 MiB of [a,a,…], a million nodes, takes 2 to 5 s and 400 MB). The
// largest built-in framework has 0.11 MB.
const (
	MaxSize = 2 << 20
	// MaxProblems is how many problems Err lists; the rest are counted on
	// one more line.
	MaxProblems = 100
	// MaxQuote is how many characters of a scalar a message quotes.
	MaxQuote = 80
	// maxStored is how many problems a Decoder keeps (the first recorded);
	// later ones are only counted.
	maxStored = 10 * MaxProblems
	// maxMsg cuts a message longer than this many bytes (a last guard:
	// messages quote at most MaxQuote characters of each scalar).
	maxMsg = 4000
)

// Decoder collects problems while a loader walks a document.
type Decoder struct {
	File string
	// Kind names the document in messages: "framework", "profile"; "" for
	// a YAML document of no particular kind.
	Kind     string
	Problems Problems
	dropped  int    // problems recorded beyond maxStored
	first    string // the first line of the document, for messages
}

// kind returns what the document is, for messages: "framework file".
func (d *Decoder) kind() string {
	if d.Kind == "" {
		return "YAML file"
	}
	return d.Kind + " file"
}

func (d *Decoder) add(p *Problem) {
	if len(p.Msg) > maxMsg {
		cut := maxMsg
		for cut > 0 && !utf8.RuneStart(p.Msg[cut]) {
			cut--
		}
		p.Msg = p.Msg[:cut] + "… (message cut)"
	}
	if len(d.Problems) >= maxStored {
		d.dropped++
		return
	}
	d.Problems = append(d.Problems, p)
}

// Mark is a point in the problems recorded, to drop those recorded after it
// (Reset).
type Mark struct{ n, dropped int }

// Mark returns the current point.
func (d *Decoder) Mark() Mark { return Mark{len(d.Problems), d.dropped} }

// Reset drops the problems recorded since m.
func (d *Decoder) Reset(m Mark) {
	d.Problems, d.dropped = d.Problems[:m.n], m.dropped
}

// Count returns the number of problems recorded, kept or not.
func (d *Decoder) Count() int { return len(d.Problems) + d.dropped }

// ReadFile reads the file at path, at most MaxSize bytes of it: a larger
// file is a problem (a *Problem error). Errors opening or reading the file
// are returned as they are.
func ReadFile(path, kind string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		d := Decoder{File: filepath.ToSlash(path), Kind: kind}
		d.tooLarge()
		return nil, d.Err()
	}
	return data, nil
}

// ReadAll reads r like ReadFile; name is used in messages.
func ReadAll(r io.Reader, name, kind string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(data) > MaxSize {
		d := Decoder{File: filepath.ToSlash(name), Kind: kind}
		d.tooLarge()
		return nil, d.Err()
	}
	return data, nil
}

func (d *Decoder) tooLarge() {
	d.add(&Problem{File: d.File, Msg: fmt.Sprintf("the file is larger than %d MiB, the most a %s may hold", MaxSize>>20, d.kind())})
}

// Parse parses data, which must hold one YAML document, into its root
// node. It refuses, each as a problem: data larger than MaxSize, binary
// data, a syntax error, an empty document, a second document, and anchors
// and aliases (an alias repeats a node, and a few of them nested can stand
// for billions of nodes); it returns nil then.
func (d *Decoder) Parse(data []byte) *yaml.Node {
	if len(data) > MaxSize {
		d.tooLarge()
		return nil
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	d.first = strings.TrimSpace(string(bytes.TrimPrefix(line, []byte("\ufeff"))))
	if d.binary(data) {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			d.add(&Problem{File: d.File, Msg: "empty document"})
		} else {
			d.syntax(err)
		}
		return nil
	}
	if len(doc.Content) == 0 {
		d.add(&Problem{File: d.File, Msg: "empty document"})
		return nil
	}
	bad := d.second(dec)
	if d.anchors(doc.Content[0]) {
		bad = true
	}
	if bad {
		return nil
	}
	return doc.Content[0]
}

// syntax records a yaml.v3 error, which reads "yaml: line N: message".
func (d *Decoder) syntax(err error) {
	line := 0
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ":"); ok {
			if l, err := strconv.Atoi(n); err == nil {
				line, msg = l, strings.TrimSpace(after)
			}
		}
	}
	d.add(&Problem{File: d.File, Line: line, Msg: msg})
}

// binary reports data that is not text: a NUL byte (unless the data begin
// with a UTF-16 or UTF-32 byte order mark) or bytes that are not UTF-8.
func (d *Decoder) binary(data []byte) bool {
	for _, bom := range [][]byte{{0xFE, 0xFF}, {0xFF, 0xFE}, {0, 0, 0xFE, 0xFF}} {
		if bytes.HasPrefix(data, bom) {
			return false
		}
	}
	begins := func() string {
		b := data[:min(len(data), 16)]
		s := strconv.QuoteToASCII(string(b))
		if len(b) < len(data) {
			s += "…"
		}
		return s
	}
	if bytes.IndexByte(data, 0) >= 0 {
		what := d.Kind
		if what == "" {
			what = "document"
		}
		d.add(&Problem{File: d.File, Msg: fmt.Sprintf("not a YAML %s: the file holds binary data (it begins %s)", what, begins())})
		return true
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line := 1 + bytes.Count(data[:off], []byte("\n"))
		d.add(&Problem{File: d.File, Line: line, Msg: fmt.Sprintf("not UTF-8 text: byte 0x%02X; save the %s as UTF-8 (a file saved as GBK or Latin-1 is not read)", data[off], d.kind())})
		return true
	}
	return false
}

// second records a second document with content after the first (an
// empty one, "---" alone or with comments, is allowed), or a syntax error
// after the first document.
func (d *Decoder) second(dec *yaml.Decoder) bool {
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			return false
		}
		if err != nil {
			d.syntax(err)
			return true
		}
		if len(doc.Content) == 0 {
			continue
		}
		if c := doc.Content[0]; c.Kind == yaml.ScalarNode && c.Tag == "!!null" && c.Value == "" && c.Anchor == "" {
			continue
		}
		d.add(&Problem{File: d.File, Line: doc.Line, Col: doc.Column,
			Msg: fmt.Sprintf("a %s holds one YAML document; found a second at line %d", d.kind(), doc.Line)})
		return true
	}
}

// anchors records every anchor and alias under n, without following
// aliases, and reports whether there was one.
func (d *Decoder) anchors(n *yaml.Node) bool {
	found := false
	stack := []*yaml.Node{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == nil {
			continue
		}
		switch {
		case n.Kind == yaml.AliasNode:
			found = true
			where := ""
			if n.Alias != nil {
				where = fmt.Sprintf(" (the anchor &%s at line %d)", Short(n.Value), n.Alias.Line)
			}
			d.add(&Problem{File: d.File, Line: n.Line, Col: n.Column,
				Msg: fmt.Sprintf("aliases are not allowed in a %s: write out what *%s stands for%s", d.kind(), Short(n.Value), where)})
			continue // never follow an alias
		case n.Anchor != "":
			found = true
			d.add(&Problem{File: d.File, Line: n.Line, Col: n.Column,
				Msg: fmt.Sprintf("anchors are not allowed in a %s: remove &%s", d.kind(), Short(n.Anchor))})
		}
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, n.Content[i])
		}
	}
	return found
}

// Err returns the problems, in document order, as an error, or nil if
// there are none. It lists at most MaxProblems and counts the rest on a
// last line.
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
	if d.Count() <= MaxProblems {
		return d.Problems
	}
	out := append(Problems(nil), d.Problems[:MaxProblems]...)
	more := fmt.Sprintf("%d more problems", d.Count()-MaxProblems)
	if d.Count() == MaxProblems+1 {
		more = "1 more problem"
	}
	return append(out, &Problem{File: d.File, Msg: fmt.Sprintf("… and %s (the first %d are listed)", more, MaxProblems)})
}

// Quote quotes s as %q does, at most MaxQuote characters of it: a longer s
// is cut, and its length follows the quote: "abc…"… (1000000 characters).
func Quote(s string) string {
	if cut, n, ok := shorten(s); ok {
		return fmt.Sprintf("%s… (%d characters)", strconv.Quote(cut), n)
	}
	return strconv.Quote(s)
}

// Short returns s, or its first MaxQuote characters and "…" when it is
// longer.
func Short(s string) string {
	if cut, _, ok := shorten(s); ok {
		return cut + "…"
	}
	return s
}

// shorten returns the first MaxQuote characters of s, the length of s in
// characters, and whether s is longer than MaxQuote characters.
func shorten(s string) (string, int, bool) {
	if len(s) <= MaxQuote {
		return s, 0, false
	}
	n := utf8.RuneCountInString(s)
	if n <= MaxQuote {
		return s, n, false
	}
	i, k := 0, 0
	for k < MaxQuote {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		k++
	}
	return s[:i], n, true
}

// shortArgs rewrites each %q verb of format whose argument is a string of
// more than MaxQuote characters to quote only its start (Quote). A format
// with explicit argument indexes or * widths is left as it is.
func shortArgs(format string, args []any) (string, []any) {
	if !strings.Contains(format, "%q") {
		return format, args
	}
	var b strings.Builder
	out := make([]any, 0, len(args))
	k := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			b.WriteString(format[i:])
			break
		}
		switch verb := format[j]; {
		case verb == '%':
			b.WriteString(format[i : j+1])
		case verb == '[' || verb == '*':
			return format, args
		case k < len(args):
			if s, ok := args[k].(string); ok && verb == 'q' && j == i+1 && len(s) > MaxQuote {
				b.WriteString("%s")
				out = append(out, Quote(s))
			} else {
				b.WriteString(format[i : j+1])
				out = append(out, args[k])
			}
			k++
		default:
			b.WriteString(format[i : j+1])
		}
		i = j
	}
	return b.String(), append(out, args[k:]...)
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

// ErrorAt records a problem at a given line and column. A %q verb quotes
// at most MaxQuote characters of its string.
func (d *Decoder) ErrorAt(line, col int, path, format string, args ...any) {
	format, args = shortArgs(format, args)
	d.add(&Problem{File: d.File, Line: line, Col: col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

// Errorf records a problem at node n. A %q verb quotes at most MaxQuote
// characters of its string.
func (d *Decoder) Errorf(n *yaml.Node, path, format string, args ...any) {
	format, args = shortArgs(format, args)
	p := &Problem{File: d.File, Path: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		p.Line, p.Col = n.Line, n.Column
	}
	d.add(p)
}

// Join appends an element or key to a path: Join("goals[1]", "id") =
// "goals[1].id". A key longer than MaxQuote characters is cut (Short).
func Join(path, key string) string {
	key = Short(key)
	if path == "" {
		return key
	}
	return path + "." + key
}

// Elem appends an index to a path: Elem("goals", 1) = "goals[1]".
func Elem(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

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
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		if path == "" && d.Kind != "" {
			d.notKind(n, known)
			return nil
		}
		d.Errorf(n, path, "want a mapping, found %s", describe(n))
		return nil
	}
	seen := map[string]bool{}
	var out []Field
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
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

// notKind records that the root n is not a mapping: the file is not a
// document of d's kind. It quotes the file's first line.
func (d *Decoder) notKind(n *yaml.Node, known []string) {
	keys := ""
	if len(known) > 0 {
		keys = " (" + strings.Join(known[:min(len(known), 3)], ":, ") + ": …)"
	}
	found := describe(n)
	if n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		found = "text"
	}
	d.Errorf(n, "", "not a YAML %s: want a mapping of keys%s, found %s; the file begins %s", d.Kind, keys, found, Quote(d.first))
}

// Seq checks that n is a sequence and returns its items.
func (d *Decoder) Seq(n *yaml.Node, path string) []*yaml.Node {
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
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// String returns the text of a scalar.
func (d *Decoder) String(n *yaml.Node, path string) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		d.Errorf(n, path, "want text, found %s", describe(n))
		return "", false
	}
	return n.Value, true
}

// Strings returns a list of scalars; a single scalar is taken as a list of
// one.
func (d *Decoder) Strings(n *yaml.Node, path string) []string {
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

// ParseNumber parses a finite decimal number or a fraction "a/b". A number
// too large for a float64 (1e400), or too small (1e-400, which would be
// read as 0), is an error, and so is a fraction whose value is.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if a, b, ok := strings.Cut(t, "/"); ok {
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		x, err1 := strconv.ParseFloat(a, 64)
		y, err2 := strconv.ParseFloat(b, 64)
		if err1 != nil && !isRange(err1) || err2 != nil && !isRange(err2) || math.IsNaN(x) || math.IsNaN(y) ||
			math.IsInf(x, 0) && err1 == nil || math.IsInf(y, 0) && err2 == nil {
			return 0, fmt.Errorf("%s is not a number or fraction a/b", Quote(s))
		}
		if err := representable(a, x); err != nil {
			return 0, err
		}
		if err := representable(b, y); err != nil {
			return 0, err
		}
		if y == 0 {
			return 0, fmt.Errorf("%s divides by 0", Quote(s))
		}
		v := x / y
		switch {
		case math.IsInf(v, 0):
			return 0, fmt.Errorf("%s is too large to represent (the largest number is about 1.8e308)", Short(t))
		case v == 0 && x != 0:
			return 0, fmt.Errorf("%s is too small to represent; write 0 if you mean 0", Short(t))
		}
		return v, nil
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil && !isRange(err) || math.IsNaN(v) || math.IsInf(v, 0) && !isRange(err) {
		return 0, fmt.Errorf("%s is not a number", Quote(s))
	}
	if err := representable(t, v); err != nil {
		return 0, err
	}
	return v, nil
}

// isRange reports whether err is strconv's out-of-range error.
func isRange(err error) bool { return errors.Is(err, strconv.ErrRange) }

// representable checks the value v that strconv.ParseFloat read from the
// number s: ±Inf means s overflows, and 0 from digits that are not all
// zero means it underflows.
func representable(s string, v float64) error {
	switch {
	case math.IsInf(v, 0):
		return fmt.Errorf("%s is too large to represent (the largest number is about 1.8e308)", Short(s))
	case v == 0 && !isZero(s):
		return fmt.Errorf("%s is too small to represent; write 0 if you mean 0", Short(s))
	}
	return nil
}

// isZero reports whether the number literal s (as strconv.ParseFloat
// accepts it) has only zero digits in its significand.
func isZero(s string) bool {
	s = strings.TrimLeft(s, "+-")
	exp := "eE"
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s, exp = s[2:], "pP"
	}
	if i := strings.IndexAny(s, exp); i >= 0 {
		s = s[:i]
	}
	return strings.Trim(s, "0._") == ""
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
		return Quote(n.Value)
	case yaml.AliasNode:
		return "an alias"
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
