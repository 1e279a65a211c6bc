package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/cityscore/cityscore/dataset"
)

// RuleScope says where the coverage rule of ranking is applied.
type RuleScope int

const (
	// RuleNone ranks every unit with a score (COINr's behaviour). The
	// zero value.
	RuleNone RuleScope = iota
	// RuleGoal: in every goal, data for at least Min of the goal's
	// counted indicators.
	RuleGoal
	// RuleIndex: data for at least Min of all the counted indicators.
	RuleIndex
)

var ruleScopeNames = map[RuleScope]string{RuleNone: "none", RuleGoal: "goal", RuleIndex: "index"}

func (s RuleScope) String() string { return nameOf(ruleScopeNames, s) }

// UnmarshalText parses none, goal or index.
func (s *RuleScope) UnmarshalText(b []byte) error {
	return parseName(ruleScopeNames, s, b, "coverage rule")
}

// RankRule is the coverage rule a unit's data must meet, year by year, for
// the unit to be ranked. A unit that fails it is still normalised, weighted
// and scored (its values are real data, and leaving it out would move the
// others' normalised values), but it gets no rank at any node, and the
// outputs list it as not ranked with the goals that fall short.
//
// An indicator is counted in a year when more than Common of that year's
// units (those not screened out by MinCoverage) have a raw value for it:
// an indicator the data hold for only a few units counts against nobody.
// Coverage is measured on the data as given (derived values count, imputed
// ones do not).
type RankRule struct {
	By RuleScope
	// Min is the share of the counted indicators (in each goal, or of the
	// index) a unit needs. Default 0.5.
	Min float64
	// Common is the share of units above which an indicator is counted.
	// Default 0.5.
	Common float64
}

// DefaultRankRule is the rule of the built-in profiles: in every goal,
// data for at least half of the indicators that most units have.
func DefaultRankRule() RankRule { return RankRule{By: RuleGoal, Min: 0.5, Common: 0.5} }

// Describe returns the rule as text.
func (r RankRule) Describe() string {
	switch r.By {
	case RuleGoal:
		return fmt.Sprintf("in every goal, data for at least %v of the indicators that more than %v of the units have", pct(r.Min), pct(r.Common))
	case RuleIndex:
		return fmt.Sprintf("data for at least %v of the indicators that more than %v of the units have", pct(r.Min), pct(r.Common))
	}
	return "none: every unit with a score is ranked"
}

func pct(v float64) string { return fmt.Sprintf("%g %%", 100*v) }

// Validate checks the shares.
func (r RankRule) Validate() error {
	if r.By == RuleNone {
		return nil
	}
	if !(r.Min > 0 && r.Min <= 1) {
		return fmt.Errorf("min %v must be within (0, 1]", r.Min)
	}
	if !(r.Common >= 0 && r.Common < 1) {
		return fmt.Errorf("common %v must be within [0, 1)", r.Common)
	}
	return nil
}

// UnitStatus says whether a unit is ranked in a year and, if not, why.
type UnitStatus struct {
	Ranked bool
	// Coverage is the share of the index's indicators with a raw value.
	Coverage float64
	// Short lists the goals (or the index, under RuleIndex) where the
	// unit's data fall below the rule.
	Short []Shortfall
	// NoScore is set when the unit has no index score at all (screened out,
	// or no data under any goal).
	NoScore bool
}

// Shortfall is one node where a unit's data fall short of the rule: it has
// Have of the node's Counted indicators and needs Need.
type Shortfall struct {
	Node                int
	Have, Counted, Need int
}

// rankStatus applies the rule to year y: it fills y.Counted, y.Measured
// and y.Status.
func rankStatus(y *YearResult, s *dataset.Schema, tr *tree, rule RankRule) {
	n := len(y.Units)
	inds := tr.inds
	y.Status = make([]UnitStatus, n)
	eligible := 0
	for u := range n {
		if y.Excluded == nil || y.Excluded[u].En == "" {
			eligible++
		}
	}
	// Indicators most units have: those the rule counts, and those that
	// measure a goal (Measured). Each unit's coverage (see Coverage) is
	// counted in the same pass, column by column.
	common := 0.5
	if rule.By != RuleNone {
		common = rule.Common
	}
	counted := make([]bool, len(s.Nodes))
	status, excluded := y.Status, y.Excluded
	// complete marks the indicators every unit has: they add to each
	// unit's count as one number (whole), not unit by unit.
	complete := make([]bool, len(s.Nodes))
	present := make([]int32, n) // each unit's other indicators with a raw value
	whole := int32(0)
	for _, i := range inds {
		raw := y.Raw[i][:n]
		have := n - countNaN(raw)
		if complete[i] = have == n; complete[i] {
			whole++
		} else {
			for u, v := range raw {
				if v == v { // not NaN
					present[u]++
				}
			}
		}
		if excluded != nil {
			for u, v := range raw {
				if v == v && excluded[u].En != "" {
					have--
				}
			}
		}
		counted[i] = eligible > 0 && float64(have) > common*float64(eligible)
	}
	for u := range status {
		status[u].Coverage = float64(present[u]+whole) / float64(len(inds))
	}
	y.Measured = make([]int, len(s.Nodes))
	for i := len(s.Nodes) - 1; i >= 0; i-- {
		if counted[i] {
			y.Measured[i] = 1
		}
		if p := s.Nodes[i].Parent; p >= 0 {
			y.Measured[p] += y.Measured[i]
		}
	}
	if rule.By != RuleNone {
		y.Counted = counted
	}
	var groups []int
	switch rule.By {
	case RuleGoal:
		groups = s.ByLevel(dataset.LevelGoal)
		if len(groups) == 0 {
			groups = []int{0}
		}
	case RuleIndex:
		groups = []int{0}
	}
	type group struct {
		node    int
		counted []int
		whole   int // counted indicators every unit has
		need    int
	}
	var gs []group
	for _, g := range groups {
		var c []int
		nComplete := 0
		for _, l := range tr.leaves[g] {
			if y.Counted[l] {
				c = append(c, l)
				if complete[l] {
					nComplete++
				}
			}
		}
		if len(c) == 0 {
			continue
		}
		gs = append(gs, group{g, c, nComplete, int(math.Ceil(rule.Min*float64(len(c)) - 1e-9))})
	}
	// Each group's counted indicators with a value, unit by unit, summed
	// column by column; the complete ones are added as g.whole.
	have := make([]int32, len(gs)*n)
	for k, g := range gs {
		hk := have[k*n : (k+1)*n]
		for _, l := range g.counted {
			if complete[l] {
				continue
			}
			for u, v := range y.Raw[l][:n] {
				if v == v {
					hk[u]++
				}
			}
		}
	}
	for u := range n {
		st := &y.Status[u]
		if math.IsNaN(y.Scores[0][u]) {
			st.NoScore = true
			continue
		}
		for k, g := range gs {
			if have := int(have[k*n+u]) + g.whole; have < g.need {
				st.Short = append(st.Short, Shortfall{Node: g.node, Have: have, Counted: len(g.counted), Need: g.need})
			}
		}
		st.Ranked = len(st.Short) == 0
	}
}

// countNaN returns the number of NaNs in x. It sums eight values at a time
// and counts one by one only in a block whose sum is NaN: a NaN makes any
// sum NaN, and a block without one has a NaN sum only when it holds +Inf
// and −Inf, whose one-by-one count is then 0. A complete column, the
// common case, costs seven additions and one well-predicted branch per
// eight values.
func countNaN(x []float64) int {
	c, i := 0, 0
	for ; i+8 <= len(x); i += 8 {
		b := x[i : i+8 : i+8]
		if s := ((b[0] + b[1]) + (b[2] + b[3])) + ((b[4] + b[5]) + (b[6] + b[7])); s != s {
			for _, v := range b {
				if v != v {
					c++
				}
			}
		}
	}
	for _, v := range x[i:] {
		if v != v {
			c++
		}
	}
	return c
}

// Thin reports whether goal (or any aggregate) node is thinly measured in
// year y: fewer than min of its indicators have data for most units. min
// ≤ 0 marks nothing.
func (y *YearResult) Thin(node, min int) bool {
	return min > 0 && y.Measured != nil && y.Measured[node] < min
}

// Top returns the positions of the ranked units of y, best first by index
// rank (ties by unit id), at most n of them: the one order the summary, the
// charts and the trends use.
func (y *YearResult) Top(n int) []int {
	// A sport rank is at most one more than the units above it, so the
	// first n in order all have a rank of at most n: only those are sorted.
	var us []int
	for u, r := range y.Ranks[0] {
		if r > 0 && int(r) <= n {
			us = append(us, u)
		}
	}
	slices.SortFunc(us, func(a, b int) int {
		if c := cmp.Compare(y.Ranks[0][a], y.Ranks[0][b]); c != 0 {
			return c
		}
		return cmp.Compare(y.Units[a], y.Units[b])
	})
	return us[:min(n, len(us))]
}

// Ranked returns the number of ranked units.
func (y *YearResult) Ranked() int {
	k := 0
	for _, st := range y.Status {
		if st.Ranked {
			k++
		}
	}
	return k
}
