package indicators

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Formula is a parsed arithmetic expression over input and indicator ids:
//
//	expr   = term { ("+" | "-") term }
//	term   = factor { ("*" | "/") factor }
//	factor = number | id | "[" id "]" | "(" expr ")" | "-" factor
//
// An id is a run of letters, digits, "_" and "." that does not start with a
// digit; an id holding "-" or starting with a digit is written in brackets,
// [like-this]. Numbers are decimal, with an optional exponent (1e4).
//
// Evaluation is per row: a missing operand gives a missing result, and a
// division by zero gives a missing result that Eval reports.
type Formula struct {
	Text  string
	root  *expr
	ids   []string // distinct ids, in order of first use
	idPos []int    // byte offset of each id's first use
}

type expr struct {
	op          byte // 0 for leaves: a number or an id
	num         float64
	id          string
	col         int // position of id in Formula.ids
	left, right *expr
	pos         int // byte offset in Text, for messages
}

// FormulaError is a syntax error at a byte offset of the formula text.
type FormulaError struct {
	Offset int
	Msg    string
}

func (e *FormulaError) Error() string { return fmt.Sprintf("col %d: %s", e.Offset+1, e.Msg) }

// ParseFormula parses text.
func ParseFormula(text string) (*Formula, error) {
	p := &parser{src: text}
	p.next()
	root := p.expr()
	if p.err == nil && p.tok != tokEOF {
		p.fail("unexpected %s", p.describe())
	}
	if p.err != nil {
		return nil, p.err
	}
	f := &Formula{Text: text, root: root}
	seen := map[string]int{}
	root.walk(func(e *expr) {
		if e.op != 0 || e.id == "" {
			return
		}
		i, ok := seen[e.id]
		if !ok {
			i = len(f.ids)
			seen[e.id] = i
			f.ids = append(f.ids, e.id)
			f.idPos = append(f.idPos, e.pos)
		}
		e.col = i
	})
	return f, nil
}

// IDs returns the distinct ids the formula uses, in order of first use.
func (f *Formula) IDs() []string { return f.ids }

// Offset returns the byte offset in Text of the first use of the i-th id of
// IDs.
func (f *Formula) Offset(i int) int { return f.idPos[i] }

func (e *expr) walk(fn func(*expr)) {
	if e == nil {
		return
	}
	fn(e)
	e.left.walk(fn)
	e.right.walk(fn)
}

// Eval evaluates the formula for one row. vals holds the value of each id of
// IDs, in that order, with NaN for a missing value. Eval returns NaN for a
// missing result; divZero reports a division by zero.
func (f *Formula) Eval(vals []float64) (v float64, divZero bool) {
	if len(vals) != len(f.ids) {
		panic("indicators: formula value count mismatch")
	}
	v = f.root.eval(vals, &divZero)
	return v, divZero
}

func (e *expr) eval(vals []float64, divZero *bool) float64 {
	switch e.op {
	case 0:
		if e.id == "" {
			return e.num
		}
		return vals[e.col]
	case 'n':
		return -e.left.eval(vals, divZero)
	}
	a := e.left.eval(vals, divZero)
	b := e.right.eval(vals, divZero)
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	switch e.op {
	case '+':
		return a + b
	case '-':
		return a - b
	case '*':
		return a * b
	}
	if b == 0 {
		*divZero = true
		return math.NaN()
	}
	return a / b
}

type token int

const (
	tokEOF token = iota
	tokNum
	tokID
	tokOp // + - * / ( )
	tokBad
)

type parser struct {
	src  string
	off  int // offset after the current token
	tok  token
	at   int // offset of the current token
	text string
	num  float64
	err  *FormulaError
}

func (p *parser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = &FormulaError{Offset: p.at, Msg: fmt.Sprintf(format, args...)}
	}
	p.tok = tokEOF
}

func (p *parser) describe() string {
	switch p.tok {
	case tokEOF:
		return "end of formula"
	case tokNum, tokID:
		return strconv.Quote(p.text)
	}
	return strconv.Quote(p.text)
}

func isIDRune(r rune) bool {
	return r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (p *parser) next() {
	for p.off < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.off:])
		if !unicode.IsSpace(r) {
			break
		}
		p.off += n
	}
	p.at = p.off
	if p.off >= len(p.src) {
		p.tok, p.text = tokEOF, ""
		return
	}
	r, n := utf8.DecodeRuneInString(p.src[p.off:])
	switch {
	case strings.ContainsRune("+-*/()", r):
		p.tok, p.text = tokOp, string(r)
		p.off += n
	case r == '[':
		end := strings.IndexByte(p.src[p.off:], ']')
		if end < 0 {
			p.tok, p.text = tokBad, "["
			p.fail("unclosed [")
			return
		}
		p.tok, p.text = tokID, strings.TrimSpace(p.src[p.off+1:p.off+end])
		p.off += end + 1
		if p.text == "" {
			p.fail("empty []")
		}
	case r >= '0' && r <= '9' || r == '.':
		start := p.off
		for p.off < len(p.src) && (p.src[p.off] >= '0' && p.src[p.off] <= '9' || p.src[p.off] == '.') {
			p.off++
		}
		if p.off < len(p.src) && (p.src[p.off] == 'e' || p.src[p.off] == 'E') {
			q := p.off + 1
			if q < len(p.src) && (p.src[q] == '+' || p.src[q] == '-') {
				q++
			}
			if q < len(p.src) && p.src[q] >= '0' && p.src[q] <= '9' {
				for q < len(p.src) && p.src[q] >= '0' && p.src[q] <= '9' {
					q++
				}
				p.off = q
			}
		}
		p.text = p.src[start:p.off]
		if p.off < len(p.src) {
			if r, _ := utf8.DecodeRuneInString(p.src[p.off:]); isIDRune(r) {
				p.fail("number %q runs into a name; write an id that starts with a digit as [%s…]", p.text, p.text)
				return
			}
		}
		v, err := strconv.ParseFloat(p.text, 64)
		if err != nil || math.IsInf(v, 0) {
			p.tok = tokNum
			p.fail("bad number %q", p.text)
			return
		}
		p.tok, p.num = tokNum, v
	case isIDRune(r):
		start := p.off
		for p.off < len(p.src) {
			r, n := utf8.DecodeRuneInString(p.src[p.off:])
			if !isIDRune(r) {
				break
			}
			p.off += n
		}
		p.tok, p.text = tokID, p.src[start:p.off]
	default:
		p.tok, p.text = tokBad, string(r)
		p.fail("unexpected character %q (formulas use + - * / ( ), numbers and ids)", r)
	}
}

func (p *parser) expr() *expr {
	left := p.term()
	for p.tok == tokOp && (p.text == "+" || p.text == "-") {
		op, at := p.text[0], p.at
		p.next()
		left = &expr{op: op, left: left, right: p.term(), pos: at}
	}
	return left
}

func (p *parser) term() *expr {
	left := p.factor()
	for p.tok == tokOp && (p.text == "*" || p.text == "/") {
		op, at := p.text[0], p.at
		p.next()
		left = &expr{op: op, left: left, right: p.factor(), pos: at}
	}
	return left
}

func (p *parser) factor() *expr {
	at := p.at
	switch {
	case p.tok == tokNum:
		e := &expr{num: p.num, pos: at}
		p.next()
		return e
	case p.tok == tokID:
		e := &expr{id: p.text, pos: at}
		p.next()
		return e
	case p.tok == tokOp && p.text == "(":
		p.next()
		e := p.expr()
		if p.tok != tokOp || p.text != ")" {
			p.fail("want ) but found %s", p.describe())
			return e
		}
		p.next()
		return e
	case p.tok == tokOp && p.text == "-":
		p.next()
		return &expr{op: 'n', left: p.factor(), pos: at}
	}
	p.fail("want a number, id or ( but found %s", p.describe())
	return &expr{pos: at}
}
