package config

import (
	"math"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

var targetKeys = []string{"values", "cuts", "since", "moderate", "goals"}

func (l *loader) targets(n *yaml.Node) scoring.TargetSpec {
	var spec scoring.TargetSpec
	for _, f := range l.d.Mapping(n, "targets", targetKeys) {
		fp := sy.Join("targets", f.Key)
		switch f.Key {
		case "values":
			spec.Values = map[string]map[int]float64{}
			for _, ind := range l.d.Mapping(f.Value, fp, nil) {
				ip := sy.Join(fp, ind.Key)
				l.refs = append(l.refs, ref{id: ind.Key, level: dataset.LevelIndicator, node: ind.KeyAt, path: ip})
				byYear := map[int]float64{}
				for _, yv := range l.d.Mapping(ind.Value, ip, nil) {
					yp := sy.Join(ip, yv.Key)
					year, err := strconv.Atoi(yv.Key)
					if err != nil || year < 1900 || year > 2200 {
						l.d.Errorf(yv.KeyAt, yp, "target key %q is not a year", yv.Key)
						continue
					}
					if v, ok := l.d.Float(yv.Value, yp); ok {
						byYear[year] = v
					}
				}
				spec.Values[ind.Key] = byYear
			}
		case "cuts":
			c := composite.DefaultRatingCuts()
			for _, cf := range l.d.Mapping(f.Value, fp, []string{"green", "yellow", "orange"}) {
				if v, ok := l.d.Float(cf.Value, sy.Join(fp, cf.Key)); ok {
					switch cf.Key {
					case "green":
						c.Green = v
					case "yellow":
						c.Yellow = v
					case "orange":
						c.Orange = v
					}
				}
			}
			if err := c.Validate(); err != nil {
				l.d.Errorf(f.Value, fp, "%v", err)
			}
			spec.Cuts = c
		case "since":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v != 0 && (v != math.Trunc(v) || v < 1900 || v > 2200) {
					l.d.Errorf(f.Value, fp, "since %v is not a year (a whole number from 1900 to 2200, or 0 for each unit's first year)", v)
				} else {
					spec.Trend.Since = int(v)
				}
			}
		case "moderate":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if !(v > 0 && v < 1) {
					l.d.Errorf(f.Value, fp, "moderate %v must be within (0, 1)", v)
				}
				spec.Trend.Moderate = v
			}
		case "goals":
			l.text(f.Value, fp, &spec.RollUp)
		}
	}
	return spec
}
