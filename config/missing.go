package config

import (
	"math"

	"gopkg.in/yaml.v3"

	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

// missing reads the missing block: the shares max_share and min_coverage,
// the coverage rule of ranking (rank_rule) and thin_goal, into o.
func (l *loader) missing(n *yaml.Node, o *scoring.Options) {
	for _, m := range l.d.Mapping(n, "missing", []string{"max_share", "min_coverage", "rank_rule", "thin_goal"}) {
		path := "missing." + m.Key
		switch m.Key {
		case "rank_rule":
			o.Rank = l.rankRule(m.Value, path)
			continue
		case "thin_goal":
			if v, ok := l.d.Float(m.Value, path); ok {
				switch {
				case v != math.Trunc(v) || v < 0:
					l.d.Errorf(m.Value, path, "%v must be a whole number ≥ 0 (0 marks no goal thin)", v)
				case v > maxCount:
					l.d.Errorf(m.Value, path, "%v is too large (at most %d)", v, maxCount)
				default:
					o.ThinGoal = int(v)
				}
			}
			continue
		}
		if v, ok := l.d.Float(m.Value, path); ok {
			if v < 0 || v > 1 {
				l.d.Errorf(m.Value, path, "%v is not a share within [0, 1]", v)
			}
			if m.Key == "max_share" {
				o.MaxMissingShare = v
			} else {
				o.MinCoverage = v
			}
		}
	}
}

// rankRule reads the coverage rule of ranking: none, or {by: goal|index,
// min: share, common: share}, each share defaulting to 0.5.
func (l *loader) rankRule(n *yaml.Node, path string) scoring.RankRule {
	if n.Kind == yaml.ScalarNode {
		if s, _ := l.d.String(n, path); s != "none" {
			l.d.Errorf(n, path, "want none or {by: goal|index, min: 0.5, common: 0.5}, found %q", s)
		}
		return scoring.RankRule{}
	}
	r := scoring.DefaultRankRule()
	for _, f := range l.d.Mapping(n, path, []string{"by", "min", "common"}) {
		p := sy.Join(path, f.Key)
		if f.Key == "by" {
			if s, ok := l.d.String(f.Value, p); ok {
				if err := r.By.UnmarshalText([]byte(s)); err != nil {
					l.d.Errorf(f.Value, p, "unknown value %q (want goal|index|none)", s)
				}
			}
			continue
		}
		v, ok := l.d.Float(f.Value, p)
		if !ok {
			continue
		}
		if f.Key == "min" {
			if !(v > 0 && v <= 1) {
				l.d.Errorf(f.Value, p, "%v is not a share within (0, 1]", v)
			}
			r.Min = v
		} else {
			if !(v >= 0 && v < 1) {
				l.d.Errorf(f.Value, p, "%v is not a share within [0, 1)", v)
			}
			r.Common = v
		}
	}
	return r
}
