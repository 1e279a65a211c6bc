package server

import (
	"encoding/json"
	"slices"

	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
)

// node is a goal or dimension of /api/meta with its nominal weight within
// its parent under the base profile (the latest year's).
type node struct {
	ID     string  `json:"id"`
	Zh     string  `json:"zh"`
	En     string  `json:"en"`
	Goal   string  `json:"goal,omitempty"`
	Weight float64 `json:"weight"`
}

type grouping struct {
	ID     string   `json:"id"`
	Zh     string   `json:"zh"`
	En     string   `json:"en"`
	Groups []string `json:"groups"`
}

// metaJSON writes the response of /api/meta.
func (s *Server) metaJSON() ([]byte, error) {
	y := s.base.Years[exporters.Latest(s.base)]
	nodes := func(lv dataset.Level) []node {
		out := []node{}
		for _, i := range s.schema.ByLevel(lv) {
			n := s.schema.Nodes[i]
			nd := node{ID: n.ID, Zh: n.Name.Zh, En: n.Name.En, Weight: y.Weights[i]}
			if lv == dataset.LevelDimension {
				nd.Goal = s.schema.Nodes[n.Parent].ID
			}
			out = append(out, nd)
		}
		return out
	}
	groupings := []grouping{}
	for _, g := range s.groups {
		groupings = append(groupings, grouping{g.ID, g.Label.Zh, g.Label.En, groupNames(g, y.Units)})
	}
	base, err := config.JSON(s.cfg.ProfileYAML)
	if err != nil {
		return nil, err
	}
	opt := s.cfg.Profile.Options
	fw := s.cfg.Framework
	return json.Marshal(map[string]any{
		"version":    s.cfg.Version,
		"framework":  map[string]any{"id": fw.ID, "name": map[string]string{"zh": fw.Name.Zh, "en": fw.Name.En}},
		"profile":    map[string]string{"name": s.cfg.Profile.Name, "file": s.cfg.ProfileFile},
		"year":       y.Year,
		"lang":       s.cfg.Lang,
		"goals":      nodes(dataset.LevelGoal),
		"dimensions": nodes(dataset.LevelDimension),
		"groupings":  groupings,
		"methods": map[string][]string{"normalize": config.NormalizeMethods(), "aggregate": config.AggregateMethods(),
			"weights": config.WeightMethods()},
		"settings":     map[string]string{"normalize": opt.Normalize.Method.String(), "aggregate": opt.Aggregate.Goals.Method.String()},
		"base_profile": json.RawMessage(base),
		"can_save":     s.cfg.SaveDir != "",
	})
}

// groupNames returns the groups of g among units, sorted.
func groupNames(g exporters.Grouping, units []dataset.UnitID) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, u := range units {
		if grp := g.Of[u]; grp != "" && !seen[grp] {
			seen[grp] = true
			out = append(out, grp)
		}
	}
	slices.Sort(out)
	return out
}
