package indicators

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cityscore/cityscore/dataset"
)

// Origin of an indicator's values in a table, as Compute found it.
const (
	FromData    = "data"    // the table supplied the indicator directly
	FromFormula = "formula" // computed from the framework formula or a derive alternative
	NoData      = "none"    // neither: every value is missing
)

// SourceMissing is the BasisUse.Source of the units left without a value.
const SourceMissing = "missing"

// ComputeOptions choose how Compute fills the variables.
type ComputeOptions struct {
	// Basis chooses the values of the variables that declare a basis:
	//
	//	""    strict (the default): a variable uses only values of its own
	//	      basis; derive alternatives of another basis are skipped.
	//	"any" (BasisAny): every alternative is tried in order, whatever its
	//	      basis.
	//	X     only values of basis X: a variable of another basis has its
	//	      primary values set missing (one issue of kind "basis" per
	//	      variable and year) and uses only alternatives of basis X.
	//
	// Variables that declare no basis are unaffected.
	Basis string
}

// BasisUse counts, for one variable that declares a basis or has derive
// alternatives, in one year, the units whose value came from one source.
type BasisUse struct {
	Variable string
	Year     int
	// Source is FromData (the data column), FromFormula (an indicator's
	// own formula), the formula text of a derive alternative, or
	// SourceMissing for the units left without a value.
	Source string
	Basis  string // basis of the source's values; "" when not declared, and for SourceMissing
	Units  int
}

// ComputeReport says where each indicator's values came from.
type ComputeReport struct {
	// From maps every indicator, and every input with a formula, to
	// FromData, FromFormula or NoData.
	From   map[string]string
	Issues []dataset.Issue
	// Bases counts, per year, variable and source, the units of every
	// variable that declares a basis or has derive alternatives; ordered by
	// year, then framework order, then source (primary, alternatives in
	// order, missing). Sources that gave no unit are left out.
	Bases []BasisUse
	// Derived counts the values a derive alternative gave, by variable id
	// (values computed from derived operands are not counted).
	Derived map[string]int
}

// Compute is ComputeWith with the default options (strict basis).
func (f *Framework) Compute(t *dataset.Table) *ComputeReport {
	return f.ComputeWith(t, ComputeOptions{})
}

// ComputeWith adds to t a column for every indicator of f that has a formula
// and that t does not supply directly (a column with at least one value),
// and likewise for every input with a formula (城区人口 + 城区暂住人口), and
// fills the gaps of the variables that list derive alternatives. Every
// indicator without data gets an empty column, so that scoring sees every
// indicator of the framework; an input gets a column only when its formula
// gives a value.
//
// First, every value of a variable with a valid range that falls outside
// it (a share of 8030 %) is set missing, flagged Invalid and reported, so
// that neither the formulas nor the scores use it.
//
// Then the variables are evaluated in dependency order, through formula and
// derive edges alike. For each:
//
//  1. The primary source: the variable's data column if it has a value,
//     else its formula (an indicator's, or an input's), evaluated row by
//     row: the choice is made column by column, so a data column with one
//     value wins for every row and its blank cells stay blank (a row by
//     row fallback is what derive is for). A computed value is flagged
//     Computed, and the column records the formula and its operands
//     (Column.Formula, Column.Operands) so that Table.Sources names the
//     operands' cells. A missing operand gives a missing value, a division
//     by zero or an overflow a missing value and an issue. A value computed
//     from a Derived operand is flagged Derived too.
//  2. The basis (opt.Basis): when the profile requires a basis other than
//     the variable's, its primary values are set missing and reported.
//  3. The derive alternatives, for each row the primary leaves missing:
//     tried in order, skipping those of a basis opt excludes; the first
//     finite value inside the valid range wins, flagged Computed|Derived,
//     with Column.Via naming the alternative and one issue of kind
//     "derived" tracing it to its cells, e.g. resident population =
//     gdp_total_city × 10⁴ ÷ gdp_per_capita_total_city (亿元 × 10⁴ ÷ 元/人 =
//     万人) where table 2-1 of the yearbook leaves the cell blank.
func (f *Framework) ComputeWith(t *dataset.Table, opt ComputeOptions) *ComputeReport {
	rep := &ComputeReport{From: map[string]string{}, Derived: map[string]int{}}
	for _, v := range f.Variables() {
		if c := t.Column(dataset.VariableID(v.ID)); c != nil && v.Valid != nil {
			rep.Issues = append(rep.Issues, screen(t, c, v)...)
		}
	}
	for _, v := range f.order {
		f.compute(t, v, opt, rep)
	}
	rank := map[string]int{}
	for i, v := range f.Variables() {
		rank[v.ID] = i
	}
	slices.SortStableFunc(rep.Bases, func(a, b BasisUse) int {
		return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(rank[a.Variable], rank[b.Variable]))
	})
	return rep
}

// compute fills variable v of t: primary source, basis, alternatives.
func (f *Framework) compute(t *dataset.Table, v *Variable, opt ComputeOptions, rep *ComputeReport) {
	id := dataset.VariableID(v.ID)
	n := t.Len()
	col := t.Column(id)
	primary := FromData
	if (v.Indicator != nil || v.Formula != nil) && (col == nil || !hasValue(col)) {
		primary = NoData
		if v.Indicator != nil {
			col = t.AddColumn(id, v.Unit, v.Scope)
		}
		if v.Formula != nil {
			primary = FromFormula
			col = f.formula(t, v, col, rep)
		}
	}
	if col != nil {
		col.Basis = v.Basis
	}

	if opt.Basis != "" && opt.Basis != BasisAny && v.Basis != "" && v.Basis != opt.Basis && col != nil {
		dropped := map[int]int{}
		for row := range n {
			if _, ok := col.Value(row); ok {
				dropped[t.Key(row).Year]++
				col.Set(row, math.NaN(), col.Flags[row], col.Origin(row))
			}
		}
		for _, y := range sortedKeys(dropped) {
			rep.Issues = append(rep.Issues, dataset.Issue{
				Kind: dataset.IssueBasis, Year: y, Variable: id,
				Msg: fmt.Sprintf("%d values of %s in %d not used: their basis is %s, the profile requires basis %s",
					dropped[y], v.ID, y, v.Basis, opt.Basis),
				MsgZh: fmt.Sprintf("%s 在 %d 年的 %d 个值未采用：其人口口径为%s，方案要求%s",
					v.ID, y, dropped[y], BasisLabel(v.Basis), BasisLabel(opt.Basis)),
			})
		}
	}

	if len(v.Derive) > 0 {
		col = f.derive(t, v, col, opt, rep)
	}

	anyPrimary, anyDerived := false, false
	if col != nil {
		for row := range n {
			if _, ok := col.Value(row); ok {
				if col.DerivationAt(row) != nil {
					anyDerived = true
				} else {
					anyPrimary = true
				}
			}
		}
	}
	if v.Indicator != nil || v.Formula != nil {
		switch {
		case primary == FromData && anyPrimary:
			rep.From[v.ID] = FromData
		case anyPrimary || anyDerived:
			rep.From[v.ID] = FromFormula
		default:
			rep.From[v.ID] = NoData
		}
	}
	if v.Basis != "" || len(v.Derive) > 0 {
		rep.Bases = append(rep.Bases, basisUses(t, v, col, primary)...)
	}
}

// formula fills column col of v (created when the formula gives a value,
// if the table lacks it) with v's formula, row by row, and returns it.
func (f *Framework) formula(t *dataset.Table, v *Variable, col *dataset.Column, rep *ComputeReport) *dataset.Column {
	id := dataset.VariableID(v.ID)
	e := newEvaluator(t, v.Formula)
	ensure := func() {
		if col == nil {
			col = t.AddColumn(id, v.Unit, v.Scope)
		}
		col.Formula, col.Operands = v.Formula.Text, e.ids
	}
	if col != nil {
		ensure()
	}
	for row := range t.Len() {
		x, derived, ok := e.eval(row, t, id, dataset.Text{En: "formula " + v.Formula.Text, Zh: "公式 " + v.Formula.Text}, rep)
		if !ok {
			continue
		}
		ensure()
		fl := dataset.Computed
		if derived {
			fl |= dataset.Derived
		}
		col.Set(row, x, fl, dataset.Origin{})
		if v.Valid != nil && (x < v.Valid.Lo || x > v.Valid.Hi) {
			// A value no city can have (an education share of 160 %) comes
			// from a keying error in an operand: left missing, traced.
			var first dataset.Origin
			var cells []string
			for _, o := range t.Sources(id, row) {
				if first == (dataset.Origin{}) {
					first = o
				}
				cells = append(cells, o.String())
			}
			k := t.Key(row)
			rep.Issues = append(rep.Issues, dataset.Issue{
				Kind: dataset.IssueOutOfRange, Unit: k.Unit, Year: k.Year, Variable: id, Origin: first,
				Text: strconv.FormatFloat(x, 'g', -1, 64),
				Msg: fmt.Sprintf("computed by %s: outside the valid range [%v, %v] of %s (%s); left missing ← %s",
					v.Formula.Text, v.Valid.Lo, v.Valid.Hi, v.ID, v.Unit, strings.Join(cells, ", ")),
				MsgZh: fmt.Sprintf("按 %s 计算：超出 %s 的有效范围 [%v, %v]（%s），按缺失处理 ← %s",
					v.Formula.Text, v.ID, v.Valid.Lo, v.Valid.Hi, v.Unit, strings.Join(cells, ", ")),
			})
			col.Set(row, math.NaN(), fl|dataset.Invalid, dataset.Origin{})
		}
	}
	return col
}

// allowed reports whether alternative a may fill variable v under opt.
func allowed(v *Variable, a *Alternative, opt ComputeOptions) bool {
	switch {
	case v.Basis == "" || opt.Basis == BasisAny:
		return true
	case opt.Basis == "":
		return a.Basis == v.Basis
	}
	return a.Basis == opt.Basis
}

// derive fills the missing rows of v's column col (created if the table
// lacks it and an alternative gives a value) from v's alternatives, and
// returns the column.
func (f *Framework) derive(t *dataset.Table, v *Variable, col *dataset.Column, opt ComputeOptions, rep *ComputeReport) *dataset.Column {
	id := dataset.VariableID(v.ID)
	evals := make([]*evaluator, len(v.Derive))
	derivs := make([]dataset.Derivation, len(v.Derive))
	for k, a := range v.Derive {
		evals[k] = newEvaluator(t, a.Formula)
		derivs[k] = dataset.Derivation{Formula: a.Formula.Text, Operands: evals[k].ids, Basis: a.Basis, Note: a.Note}
	}
	ensure := func() {
		if col == nil {
			col = t.AddColumn(id, v.Unit, v.Scope)
			col.Basis = v.Basis
		}
		col.Derivations = derivs
	}
	if col != nil {
		ensure()
	}
	for row := range t.Len() {
		if col != nil && !math.IsNaN(col.Values[row]) {
			continue
		}
		for k, a := range v.Derive {
			if !allowed(v, a, opt) {
				continue
			}
			x, _, ok := evals[k].eval(row, t, id, dataset.Text{En: "derive formula " + a.Formula.Text, Zh: "推算公式 " + a.Formula.Text}, rep)
			if !ok {
				continue
			}
			ensure()
			col.Set(row, x, dataset.Computed|dataset.Derived, dataset.Origin{})
			col.SetVia(row, k+1)
			srcs := t.Sources(id, row)
			var first dataset.Origin
			if len(srcs) > 0 {
				first = srcs[0]
			}
			key := t.Key(row)
			if v.Valid != nil && (x < v.Valid.Lo || x > v.Valid.Hi) {
				rep.Issues = append(rep.Issues, dataset.Issue{
					Kind: dataset.IssueOutOfRange, Unit: key.Unit, Year: key.Year, Variable: id, Origin: first,
					Text: strconv.FormatFloat(x, 'g', -1, 64),
					Msg: fmt.Sprintf("derived by %s: outside the valid range [%v, %v] of %s (%s); not used",
						a.Formula.Text, v.Valid.Lo, v.Valid.Hi, v.ID, v.Unit),
					MsgZh: fmt.Sprintf("按 %s 推算：超出 %s 的有效范围 [%v, %v]（%s），未采用",
						a.Formula.Text, v.ID, v.Valid.Lo, v.Valid.Hi, v.Unit),
				})
				col.Set(row, math.NaN(), dataset.Invalid, dataset.Origin{})
				col.SetVia(row, k+1) // the screened value's trace, until an alternative gives one
				continue
			}
			rep.Derived[v.ID]++
			rep.Issues = append(rep.Issues, dataset.Issue{
				Kind: dataset.IssueDerived, Unit: key.Unit, Year: key.Year, Variable: id, Origin: first,
				Msg: derivedMsg(a, x, v.Unit, srcs, "en"), MsgZh: derivedMsg(a, x, v.Unit, srcs, "zh"),
			})
			break
		}
	}
	return col
}

// derivedMsg describes a derived value in lang: "derived by gdp_total_city
// * 10000 / gdp_per_capita_total_city (basis resident) = 917.543 万人 ←
// f#S!C5, f#S!E5".
func derivedMsg(a *Alternative, x float64, unit string, srcs []dataset.Origin, lang string) string {
	var b strings.Builder
	if lang == "zh" {
		b.WriteString("按 " + a.Formula.Text + " 推算")
		if a.Basis != "" {
			b.WriteString("（" + BasisLabel(a.Basis) + "）")
		}
	} else {
		b.WriteString("derived by " + a.Formula.Text)
		if a.Basis != "" {
			b.WriteString(" (basis " + a.Basis + ")")
		}
	}
	b.WriteString(" = " + strconv.FormatFloat(x, 'g', 6, 64))
	if unit != "" {
		b.WriteString(" " + unit)
	}
	for i, o := range srcs {
		if i == 0 {
			b.WriteString(" ← ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(o.String())
	}
	return b.String()
}

// basisUses counts the units of each year by the source of their value.
func basisUses(t *dataset.Table, v *Variable, col *dataset.Column, primary string) []BasisUse {
	// counts[year][0] = primary, [k] = alternative k, [len+1] = missing.
	counts := map[int][]int{}
	miss := len(v.Derive) + 1
	for row := range t.Len() {
		y := t.Key(row).Year
		if counts[y] == nil {
			counts[y] = make([]int, miss+1)
		}
		switch {
		case col == nil || math.IsNaN(col.Values[row]):
			counts[y][miss]++
		case col.DerivationAt(row) != nil:
			counts[y][col.Via[row]]++
		default:
			counts[y][0]++
		}
	}
	var out []BasisUse
	for _, y := range sortedKeys(counts) {
		for k, units := range counts[y] {
			if units == 0 {
				continue
			}
			u := BasisUse{Variable: v.ID, Year: y, Units: units}
			switch {
			case k == 0:
				u.Source, u.Basis = primary, v.Basis
			case k == miss:
				u.Source = SourceMissing
			default:
				a := v.Derive[k-1]
				u.Source, u.Basis = a.Formula.Text, a.Basis
			}
			out = append(out, u)
		}
	}
	return out
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// evaluator evaluates a formula row by row over the columns of a table.
type evaluator struct {
	f    *Formula
	ids  []dataset.VariableID
	cols []*dataset.Column // nil where the table lacks the operand
	vals []float64
}

func newEvaluator(t *dataset.Table, f *Formula) *evaluator {
	e := &evaluator{f: f, vals: make([]float64, len(f.IDs()))}
	for _, id := range f.IDs() {
		e.ids = append(e.ids, dataset.VariableID(id))
		e.cols = append(e.cols, t.Column(dataset.VariableID(id)))
	}
	return e
}

// eval evaluates the formula at row. ok is false when the value is missing;
// a division by zero or an overflow is reported on variable id, the
// formula named by what. derived reports that a present operand was
// Derived.
func (e *evaluator) eval(row int, t *dataset.Table, id dataset.VariableID, what dataset.Text, rep *ComputeReport) (v float64, derived, ok bool) {
	for i, c := range e.cols {
		if c == nil {
			e.vals[i] = math.NaN()
			continue
		}
		e.vals[i] = c.Values[row]
		if c.Flags[row]&dataset.Derived != 0 && !math.IsNaN(c.Values[row]) {
			derived = true
		}
	}
	v, divZero := e.f.Eval(e.vals)
	if divZero {
		k := t.Key(row)
		rep.Issues = append(rep.Issues, dataset.Issue{
			Kind: dataset.IssueDivisionByZero, Unit: k.Unit, Year: k.Year, Variable: id, Msg: what.En, MsgZh: what.Zh,
		})
	}
	if math.IsNaN(v) {
		return v, derived, false
	}
	if math.IsInf(v, 0) {
		k := t.Key(row)
		rep.Issues = append(rep.Issues, dataset.Issue{
			Kind: dataset.IssueOverflow, Unit: k.Unit, Year: k.Year, Variable: id,
			Msg:   fmt.Sprintf("%s gives %v; kept missing", what.En, v),
			MsgZh: fmt.Sprintf("%s 结果为 %v，按缺失处理", what.Zh, v),
		})
		return v, derived, false
	}
	return v, derived, true
}

func hasValue(c *dataset.Column) bool {
	for _, v := range c.Values {
		if !math.IsNaN(v) {
			return true
		}
	}
	return false
}

// screen sets missing the values of c outside v's valid range.
func screen(t *dataset.Table, c *dataset.Column, v *Variable) []dataset.Issue {
	var out []dataset.Issue
	for row, x := range c.Values {
		if math.IsNaN(x) || (x >= v.Valid.Lo && x <= v.Valid.Hi) {
			continue
		}
		k := t.Key(row)
		o := c.Origin(row)
		out = append(out, dataset.Issue{
			Kind: dataset.IssueOutOfRange, Unit: k.Unit, Year: k.Year, Variable: c.ID, Origin: o,
			Text:  strconv.FormatFloat(x, 'g', -1, 64),
			Msg:   fmt.Sprintf("outside the valid range [%v, %v] of %s (%s); left missing", v.Valid.Lo, v.Valid.Hi, v.ID, v.Unit),
			MsgZh: fmt.Sprintf("超出 %s 的有效范围 [%v, %v]（%s），按缺失处理", v.ID, v.Valid.Lo, v.Valid.Hi, v.Unit),
		})
		c.Set(row, math.NaN(), c.Flags[row]|dataset.Invalid, o)
	}
	return out
}
