package indicators

// Needs returns what an analyst must collect for indicator ind to have
// data: the raw variables of its formula that the data lack (have reports
// whether the data hold a variable), following the formulas of the
// indicators and inputs it uses; ind itself when it has no formula. Each variable is
// listed once, in the order the formulas name them. Derive alternatives are
// fallbacks, not needs, and are not followed.
func (f *Framework) Needs(ind *Indicator, have func(id string) bool) []*Variable {
	var out []*Variable
	seen := map[string]bool{}
	var walk func(v *Variable)
	walk = func(v *Variable) {
		if seen[v.ID] {
			return
		}
		seen[v.ID] = true
		if v.Formula != nil {
			for _, id := range v.Formula.IDs() {
				if w := f.vars[id]; w != nil && !have(id) {
					walk(w)
				}
			}
			return
		}
		out = append(out, v)
	}
	walk(&ind.Variable)
	return out
}
