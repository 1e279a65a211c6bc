package scoring

import (
	"fmt"
	"math"
	"slices"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// ColumnTreatment is what outlier treatment did to one indicator in one
// year. Points[k].Row is the position of the unit in that year's Units.
type ColumnTreatment struct {
	Year int
	Node int
	composite.Treatment
}

// prepared holds the indicator values of every row of the table after
// screening, imputation and treatment, in the order of those steps (COINr's
// data sets Raw → Imputed → Treated), and their pooled normalised values.
type prepared struct {
	proc     [][]float64    // by node: processed values of every row; nil when nothing changed them
	imputed  [][]bool       // by node: rows filled by imputation; nil when none
	norm     [][]float64    // by node: pooled normalised values; nil unless Normalize.Pooled
	excluded []dataset.Text // by row: why the row was screened out; nil when none was
	treated  []ColumnTreatment
	issues   []dataset.Issue
}

// active reports whether a profile asks for any panel-wide preparation.
func active(opt Options) bool {
	return opt.Impute.Method != composite.ImputeNone || opt.Treat.Method != composite.TreatNone || len(opt.TreatOverrides) > 0 ||
		opt.MinCoverage > 0 || opt.Normalize.Pooled
}

// prepare screens, imputes, treats and (when pooled) normalises the
// indicators of the whole table, in that order.
func prepare(s *dataset.Schema, t *dataset.Table, opt Options) (*prepared, error) {
	p := &prepared{}
	if !active(opt) {
		return p, nil
	}
	rows := rowsOfTable(t)
	p.proc = rawColumns(s, t)
	if opt.MinCoverage > 0 {
		p.screen(s, rows, opt.MinCoverage)
	}
	if opt.Impute.Method != composite.ImputeNone {
		if err := p.impute(s, t, rows, opt.Impute); err != nil {
			return nil, err
		}
	}
	p.treat(s, rows, opt)
	if opt.Normalize.Pooled {
		p.normalizePooled(s, opt)
	}
	return p, nil
}

// tableRows indexes the rows of a table by year.
type tableRows struct {
	n      int
	years  []int         // ascending
	ofYear map[int][]int // the rows of each year, in table order
	year   []int         // by row
}

func rowsOfTable(t *dataset.Table) tableRows {
	rs := tableRows{n: t.Len(), years: t.Years(), ofYear: map[int][]int{}, year: make([]int, t.Len())}
	for r, k := range t.Keys() {
		rs.ofYear[k.Year] = append(rs.ofYear[k.Year], r)
		rs.year[r] = k.Year
	}
	return rs
}

// rawColumns returns a copy of every indicator's column, by node; an
// indicator whose variable is not in the table is all missing.
func rawColumns(s *dataset.Schema, t *dataset.Table) [][]float64 {
	proc := make([][]float64, len(s.Nodes))
	for _, i := range s.Indicators() {
		col := t.Column(s.Nodes[i].Variable)
		v := make([]float64, t.Len())
		if col == nil {
			fillNaN(v)
		} else {
			copy(v, col.Values)
		}
		proc[i] = v
	}
	return proc
}

// screen leaves out of its year every row whose coverage, on the data as
// given, is below minCoverage: the share of the indicators with at least
// one value that year that the row has. Its values become missing and
// excluded says why.
func (p *prepared) screen(s *dataset.Schema, rs tableRows, minCoverage float64) {
	inds := s.Indicators()
	p.excluded = make([]dataset.Text, rs.n)
	for _, y := range rs.years {
		rows := rs.ofYear[y]
		var avail []int
		for _, i := range inds {
			if slices.ContainsFunc(rows, func(r int) bool { return !math.IsNaN(p.proc[i][r]) }) {
				avail = append(avail, i)
			}
		}
		if len(avail) == 0 {
			continue
		}
		for _, r := range rows {
			have := 0
			for _, i := range avail {
				if !math.IsNaN(p.proc[i][r]) {
					have++
				}
			}
			if cov := float64(have) / float64(len(avail)); cov < minCoverage {
				p.excluded[r] = dataset.Text{
					En: fmt.Sprintf("excluded: %d of the %d indicators with data that year (%.0f%%) is below missing.min_coverage %v",
						have, len(avail), 100*cov, minCoverage),
					Zh: fmt.Sprintf("未参评：当年有数据的 %d 项指标中仅有 %d 项（%.0f%%），低于最低覆盖率 %v（missing.min_coverage）",
						len(avail), have, 100*cov, minCoverage)}
				for _, i := range inds {
					p.proc[i][r] = math.NaN()
				}
			}
		}
	}
}

// impute fills missing values: static methods year by year (as COINr
// imputes each coin of a purse), temporal ones along each unit's years. A
// screened-out row stays out.
func (p *prepared) impute(s *dataset.Schema, t *dataset.Table, rs tableRows, spec ImputeSpec) error {
	m := spec.Method
	var groups []string
	if m.Grouped() {
		if !slices.Contains(t.LabelNames(), spec.Group) {
			return fmt.Errorf("impute: %s: no column %q in the data (label columns: %v)", m, spec.Group, t.LabelNames())
		}
		groups = make([]string, rs.n)
		for r := range groups {
			groups[r] = t.Label(spec.Group, r)
		}
	}
	var series [][]int
	if m.Temporal() {
		series = unitRows(t, rs)
	}
	// The parts imputed separately: each year, or the whole column (nil)
	// along the series.
	var parts [][]int
	if m.Temporal() {
		parts = [][]int{nil}
	} else {
		for _, y := range rs.years {
			parts = append(parts, rs.ofYear[y])
		}
	}
	p.imputed = make([][]bool, len(s.Nodes))
	for _, i := range s.Indicators() {
		p.imputed[i] = make([]bool, rs.n)
		for _, rows := range parts {
			x, g, ser, yrs := p.proc[i], groups, series, rs.year
			if rows != nil {
				x = pick(p.proc[i], rows)
				if groups != nil {
					g = make([]string, len(rows))
					for k, r := range rows {
						g[k] = groups[r]
					}
				}
				yrs = nil
			}
			dst := make([]float64, len(x))
			filled, err := composite.Impute(dst, x, m, g, ser, yrs)
			if err != nil {
				return fmt.Errorf("impute %s: %w", s.Nodes[i].ID, err)
			}
			for _, k := range filled {
				r := k
				if rows != nil {
					r = rows[k]
				}
				if p.excluded != nil && p.excluded[r].En != "" {
					continue
				}
				p.proc[i][r] = dst[k]
				p.imputed[i][r] = true
			}
		}
	}
	return nil
}

// unitRows returns the rows of each unit in year order, the units in the
// order of their first row.
func unitRows(t *dataset.Table, rs tableRows) [][]int {
	byUnit := map[dataset.UnitID][]int{}
	var units []dataset.UnitID
	for r, k := range t.Keys() {
		if _, ok := byUnit[k.Unit]; !ok {
			units = append(units, k.Unit)
		}
		byUnit[k.Unit] = append(byUnit[k.Unit], r)
	}
	series := make([][]int, 0, len(units))
	for _, u := range units {
		r := byUnit[u]
		slices.SortFunc(r, func(a, b int) int { return rs.year[a] - rs.year[b] })
		series = append(series, r)
	}
	return series
}

// treat treats outliers year by year on the imputed values (COINr's
// order), recording the points changed and the columns it could not fix.
func (p *prepared) treat(s *dataset.Schema, rs tableRows, opt Options) {
	for _, i := range s.Indicators() {
		spec := opt.TreatFor(s.Nodes[i].ID)
		if spec.Method == composite.TreatNone {
			continue
		}
		for _, y := range rs.years {
			rows := rs.ofYear[y]
			x := pick(p.proc[i], rows)
			dst := make([]float64, len(x))
			tr := composite.Treat(dst, x, spec)
			for k, r := range rows {
				p.proc[i][r] = dst[k]
			}
			if len(tr.Points) > 0 {
				p.treated = append(p.treated, ColumnTreatment{Year: y, Node: i, Treatment: tr})
			}
			// A column with no value that year has nothing to treat: not an issue.
			if tr.Undefined && slices.ContainsFunc(x, func(v float64) bool { return !math.IsNaN(v) }) {
				p.issues = append(p.issues, dataset.Issue{Kind: dataset.IssueNotTreated, Year: y, Variable: s.Nodes[i].Variable,
					Msg:   "skewness or kurtosis undefined (too few or equal values); left as it is, as COINr does",
					MsgZh: "偏度或峰度无定义（值太少或全部相同），按 COINr 的做法保持原值"})
			} else if tr.Log && !tr.Passed {
				p.issues = append(p.issues, dataset.Issue{Kind: dataset.IssueTreated, Year: y, Variable: s.Nodes[i].Variable,
					Msg:   fmt.Sprintf("log transform applied but the column still fails (skew %.3g, kurtosis %.3g)", tr.Skew[1], tr.Kurt[1]),
					MsgZh: fmt.Sprintf("已作对数变换，但该列仍未通过检验（偏度 %.3g，峰度 %.3g）", tr.Skew[1], tr.Kurt[1])})
			}
		}
	}
}

// normalizePooled orients each indicator, then normalises it over every
// row of every year at once.
func (p *prepared) normalizePooled(s *dataset.Schema, opt Options) {
	p.norm = make([][]float64, len(s.Nodes))
	for _, i := range s.Indicators() {
		node := s.Nodes[i]
		z := orient(p.proc[i], node)
		if msg := normalize(z, z, node, opt.Normalize.For(node.ID)); msg != (dataset.Text{}) {
			p.issues = append(p.issues, dataset.Issue{Kind: dataset.IssueNotNormalised, Variable: node.Variable,
				Msg: msg.En + " (pooled over every year)", MsgZh: msg.Zh + "（全部年份合并标准化）"})
		}
		p.norm[i] = z
	}
}

// pick returns x at rows.
func pick(x []float64, rows []int) []float64 {
	out := make([]float64, len(rows))
	for k, r := range rows {
		out[k] = x[r]
	}
	return out
}

// orient returns a new slice of the values x of indicator node oriented so
// that higher is better: −x for a negative indicator, the [0, 1] interval
// transform for an interval one.
func orient(x []float64, node dataset.Node) []float64 {
	z := make([]float64, len(x))
	switch node.Direction {
	case dataset.Negative:
		for u, v := range x {
			z[u] = -v
		}
	case dataset.Interval:
		interval(z, x, node)
	default:
		copy(z, x)
	}
	return z
}

// interval maps the values x of interval indicator node onto [0, 1] (see
// composite.IntervalTo) into dst, with the node's tolerable range if it has one.
func interval(dst, x []float64, node dataset.Node) {
	lb, ub := math.NaN(), math.NaN()
	if t := node.Tolerable; t != nil {
		lb, ub = t.Lo, t.Hi
	}
	composite.IntervalTo(dst, x, node.Optimal.Lo, node.Optimal.Hi, lb, ub)
}
