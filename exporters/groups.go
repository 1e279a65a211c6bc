package exporters

// Peer groups: each unit's group and its rank within it.

import (
	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/scoring"
)

// GroupRanks returns each unit's sport rank of the index score among the
// units of its group ranked that year (0 for a unit not ranked or without
// a group).
func GroupRanks(y *scoring.YearResult, gr Grouping) []int32 {
	out := make([]int32, len(y.Units))
	members := map[string][]int{}
	for u, id := range y.Units {
		if g := gr.Of[id]; g != "" && y.Ranks[0][u] > 0 {
			members[g] = append(members[g], u)
		}
	}
	for _, us := range members {
		x := make([]float64, len(us))
		for k, u := range us {
			x[k] = y.Scores[0][u]
		}
		r := make([]int32, len(us))
		composite.SportRanksTo(r, x)
		for k, u := range us {
			out[u] = r[k]
		}
	}
	return out
}

// yearGroupRanks caches GroupRanks by year and grouping.
type yearGroupRanks map[*scoring.YearResult][][]int32

func (c yearGroupRanks) of(y *scoring.YearResult, groups []Grouping) [][]int32 {
	if r, ok := c[y]; ok {
		return r
	}
	r := make([][]int32, len(groups))
	for k, g := range groups {
		if g.Ranked {
			r[k] = GroupRanks(y, g)
		}
	}
	c[y] = r
	return r
}
