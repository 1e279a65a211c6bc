package indicators

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Fold normalises a header or name for matching: full-width forms become
// their ASCII forms, letters are lower-cased and all white space is removed.
// Fold("常住人口 （万人）") = "常住人口(万人)".
func Fold(s string) string {
	s = width.Fold.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func (f *Framework) buildMatch() {
	f.match = map[string][]*Variable{}
	add := func(key string, v *Variable) {
		k := Fold(key)
		if k == "" {
			return
		}
		for _, have := range f.match[k] {
			if have == v {
				return
			}
		}
		f.match[k] = append(f.match[k], v)
	}
	for _, v := range f.Variables() {
		add(v.ID, v)
		add(v.Name.Zh, v)
		add(v.Name.En, v)
		for _, a := range v.Aliases {
			add(a, v)
		}
	}
}

// Match returns the inputs and indicators a column header names, by id,
// Chinese name, English name or alias, after folding (see Fold). An exact id
// wins outright; otherwise every variable the folded name matches is
// returned, so that the caller can pick by scope or report the ambiguity.
// The caller strips a trailing unit in brackets first.
func (f *Framework) Match(name string) []*Variable {
	if v := f.vars[name]; v != nil {
		return []*Variable{v}
	}
	return f.match[Fold(name)]
}
