package indicators

import (
	"fmt"
	"math"
	"strconv"

	"github.com/cityscore/cityscore/dataset"
)

// Origin of an indicator's values in a table, as Compute found it.
const (
	FromData    = "data"    // the table supplied the indicator directly
	FromFormula = "formula" // computed from the framework formula
	NoData      = "none"    // neither: every value is missing
)

// ComputeReport says where each indicator's values came from.
type ComputeReport struct {
	From   map[string]string // indicator id → FromData, FromFormula or NoData
	Issues []dataset.Issue
}

// Compute adds to t a column for every indicator of f that has a formula and
// that t does not supply directly (a column with at least one value). The
// formula is evaluated row by row in dependency order: a missing operand
// gives a missing value, and a division by zero gives a missing value and an
// issue. Every indicator without data gets an empty column, so that scoring
// sees every indicator of the framework.
//
// First, every value of a variable with a valid range that falls outside
// it (a share of 8030 %) is set missing, flagged Invalid and reported, so
// that neither the formulas nor the scores use it.
func (f *Framework) Compute(t *dataset.Table) *ComputeReport {
	rep := &ComputeReport{From: map[string]string{}}
	n := t.Len()
	for _, v := range f.Variables() {
		if c := t.Column(dataset.VariableID(v.ID)); c != nil && v.Valid != nil {
			rep.Issues = append(rep.Issues, screen(t, c, v)...)
		}
	}
	for _, ind := range f.order {
		id := dataset.VariableID(ind.ID)
		if c := t.Column(id); c != nil && hasValue(c) {
			rep.From[ind.ID] = FromData
			continue
		}
		col := t.AddColumn(id, ind.Unit, ind.Scope)
		if ind.Formula == nil {
			rep.From[ind.ID] = NoData
			continue
		}
		ids := ind.Formula.IDs()
		operands := make([]*dataset.Column, len(ids))
		col.Formula, col.Operands = ind.Formula.Text, nil
		for i, oid := range ids {
			operands[i] = t.Column(dataset.VariableID(oid))
			col.Operands = append(col.Operands, dataset.VariableID(oid))
		}
		vals := make([]float64, len(ids))
		any := false
		for row := range n {
			for i, c := range operands {
				if c == nil {
					vals[i] = math.NaN()
				} else {
					vals[i] = c.Values[row]
				}
			}
			v, divZero := ind.Formula.Eval(vals)
			if divZero {
				k := t.Key(row)
				rep.Issues = append(rep.Issues, dataset.Issue{
					Kind: "division by zero", Unit: k.Unit, Year: k.Year, Variable: id,
					Msg: fmt.Sprintf("formula %s", ind.Formula.Text),
				})
			}
			if math.IsNaN(v) {
				continue
			}
			if math.IsInf(v, 0) {
				k := t.Key(row)
				rep.Issues = append(rep.Issues, dataset.Issue{
					Kind: "overflow", Unit: k.Unit, Year: k.Year, Variable: id,
					Msg: fmt.Sprintf("formula %s gives %v; kept missing", ind.Formula.Text, v),
				})
				continue
			}
			col.Set(row, v, dataset.Computed, dataset.Origin{})
			any = true
		}
		if any {
			rep.From[ind.ID] = FromFormula
		} else {
			rep.From[ind.ID] = NoData
		}
	}
	return rep
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
			Kind: "out of range", Unit: k.Unit, Year: k.Year, Variable: c.ID, Origin: o,
			Text: strconv.FormatFloat(x, 'g', -1, 64),
			Msg:  fmt.Sprintf("outside the valid range [%v, %v] of %s (%s); left missing", v.Valid.Lo, v.Valid.Hi, v.ID, v.Unit),
		})
		c.Set(row, math.NaN(), c.Flags[row]|dataset.Invalid, o)
	}
	return out
}
