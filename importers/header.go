package importers

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/width"

	"github.com/cityscore/cityscore/indicators"
)

// Header names of the roles a column can play, folded (see indicators.Fold).
var (
	yearHeaders      = []string{"year", "年份", "time"}
	longUnitHeaders  = []string{"unit", "城市"}
	longIndHeaders   = []string{"indicator", "指标", "variable"}
	longValueHeaders = []string{"value", "数值"}
	longMUHeaders    = []string{"measure_unit", "单位"}
	longScopeHeaders = []string{"scope", "口径"}
	longSourceHdrs   = []string{"source", "来源"}
)

func isYearHeader(h string) bool { return slices.Contains(yearHeaders, indicators.Fold(h)) }

// headerMatch is the outcome of matching a header (or a long table's
// indicator cell) to the framework.
type headerMatch struct {
	v      *indicators.Variable // nil: unmatched
	stated string               // the unit the header states, "" if none
}

// matchHeader matches a header to an input or indicator of fw:
//
//  1. the trimmed header is an id;
//  2. a trailing "(unit)" or "（单位：unit）" is split off, with any scope
//     written in the same or another trailing bracket (常住人口（全市）（万人）),
//     and the rest is matched by fw.Match; the bracket must hold a known unit,
//     the variable's own unit or the numerator of its per-person unit (升
//     for 升/人·日: see perCapitaUnit), else step 3 is tried;
//  3. the whole header is matched by fw.Match.
//
// Steps 2 and 3 also try the name without a trailing "_全市" (any scope).
//
// When several variables match, the one whose scope the header names wins;
// with none or several, the header is ambiguous. A header that names exactly
// one scope and matches a variable of another is an error. scopeHint is a
// scope given apart from the header (a long table's scope column).
func matchHeader(fw *indicators.Framework, header, scopeHint string) (headerMatch, error) {
	h := trimCell(header)
	if h == "" {
		return headerMatch{}, nil
	}
	if v := fw.Variable(h); v != nil {
		return headerMatch{v: v}, nil
	}
	folded := width.Fold.String(h)
	scopeText := folded + " " + scopeHint
	var pending error
	name, unit := folded, ""
	for range 3 {
		n, inner, ok := splitBracket(name)
		if !ok {
			break
		}
		scope, u, ok := parseBracket(inner)
		if !ok {
			break
		}
		if u != "" {
			if unit != "" {
				break // two units: not a unit group
			}
			unit = u
		}
		_ = scope // scopes are found anywhere in the header below
		name = n
		cands := matchName(fw, name)
		if len(cands) == 0 {
			continue
		}
		v, err := pickCandidate(cands, h, scopeText, scopeHint)
		if err != nil {
			return headerMatch{}, err
		}
		if unit == "" || knownUnit(unit) || (v.Unit != "" && sameUnit(unit, v.Unit)) || perCapitaNumerator(unit, v.Unit) {
			return headerMatch{v: v, stated: unit}, nil
		}
		pending = errorf(ErrUnit, "unknown unit %s (variable %s is in %s)", quote(unit), v.ID, unitOrNone(v.Unit))
		break
	}
	if cands := matchName(fw, h); len(cands) > 0 {
		v, err := pickCandidate(cands, h, scopeText, scopeHint)
		return headerMatch{v: v}, err
	}
	if pending != nil {
		return headerMatch{}, pending
	}
	return headerMatch{}, nil
}

// matchName is fw.Match, retried without a trailing scope joined by "_",
// "-" or a space (第一产业从业人员比重_全市), as yearbook exports write it.
func matchName(fw *indicators.Framework, name string) []*indicators.Variable {
	if cands := fw.Match(name); len(cands) > 0 {
		return cands
	}
	for _, sc := range indicators.Scopes {
		if rest, ok := strings.CutSuffix(name, sc); ok {
			if trimmed := strings.TrimRight(rest, "_- \u3000"); trimmed != rest && trimmed != "" {
				return fw.Match(trimmed)
			}
		}
	}
	return nil
}

func unitOrNone(u string) string {
	if u == "" {
		return "no unit"
	}
	return u
}

// splitBracket splits a trailing bracket group off a width-folded header:
// "常住人口 (万人)" → "常住人口", "万人".
func splitBracket(h string) (name, inner string, ok bool) {
	h = trimCell(h)
	if !strings.HasSuffix(h, ")") {
		return "", "", false
	}
	depth := 0
	for i := len(h) - 1; i >= 0; i-- {
		switch h[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				name, inner = trimCell(h[:i]), trimCell(h[i+1:len(h)-1])
				if name == "" {
					return "", "", false
				}
				return name, inner, true
			}
		}
	}
	return "", "", false
}

// parseBracket reads the inside of a header's bracket: a unit, a scope, or
// both separated by a comma (全市,万人). A "单位:" prefix is dropped.
func parseBracket(inner string) (scope, unit string, ok bool) {
	parts := strings.FieldsFunc(inner, func(r rune) bool { return strings.ContainsRune(",;、", r) })
	if len(parts) == 0 {
		return "", "", false
	}
	for _, p := range parts {
		p = trimCell(p)
		p = strings.TrimPrefix(p, "单位:")
		p = strings.TrimPrefix(p, "计量单位:")
		p = trimCell(p)
		switch {
		case p == "":
		case slices.Contains(indicators.Scopes, p):
			if scope != "" {
				return "", "", false
			}
			scope = p
		case unit == "":
			unit = p
		default:
			return "", "", false
		}
	}
	return scope, unit, scope != "" || unit != ""
}

// scopesIn returns the yearbook scopes named in s, in indicators.Scopes
// order.
func scopesIn(s string) []string {
	var out []string
	for _, sc := range indicators.Scopes {
		if strings.Contains(s, sc) {
			out = append(out, sc)
		}
	}
	return out
}

// pickCandidate chooses among the variables a header matches.
func pickCandidate(cands []*indicators.Variable, header, scopeText, scopeHint string) (*indicators.Variable, error) {
	named := scopesIn(scopeText)
	if len(cands) == 1 {
		v := cands[0]
		if len(named) == 1 && v.Scope != "" && v.Scope != named[0] && !namesScope(v, named[0]) {
			return nil, errorf(ErrScope, "the header names %s but matches %s (%s)", named[0], v.ID, v.Scope)
		}
		return v, nil
	}
	var picked []*indicators.Variable
	for _, v := range cands {
		if v.Scope != "" && slices.Contains(named, v.Scope) {
			picked = append(picked, v)
		}
	}
	if len(picked) == 1 {
		return picked[0], nil
	}
	var list []string
	for _, v := range cands {
		if v.Scope != "" {
			list = append(list, fmt.Sprintf("%s (%s)", v.ID, v.Scope))
		} else {
			list = append(list, v.ID)
		}
	}
	return nil, errorf(ErrAmbiguous, "ambiguous header: matches %s; name the scope or use the id", strings.Join(list, ", "))
}

// namesScope reports whether one of v's own names contains scope, so that a
// header such as 城区人口 matching a variable named so is not a mismatch.
func namesScope(v *indicators.Variable, scope string) bool {
	if strings.Contains(v.Name.Zh, scope) || strings.Contains(v.Name.En, scope) {
		return true
	}
	for _, a := range v.Aliases {
		if strings.Contains(a, scope) {
			return true
		}
	}
	return false
}
