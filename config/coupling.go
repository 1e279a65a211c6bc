package config

import (
	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

var couplingKeys = []string{"of", "scale", "t_weights", "bins"}

func (l *loader) coupling(n *yaml.Node) *scoring.CouplingSpec {
	c := &scoring.CouplingSpec{Of: dataset.LevelGoal}
	for _, f := range l.d.Mapping(n, "coupling", couplingKeys) {
		fp := sy.Join("coupling", f.Key)
		switch f.Key {
		case "of":
			if s, ok := l.d.String(f.Value, fp); ok {
				switch s {
				case "goals":
					c.Of = dataset.LevelGoal
				case "dimensions":
					c.Of = dataset.LevelDimension
				default:
					l.d.Errorf(f.Value, fp, "unknown subsystems %q (want goals|dimensions)", s)
				}
			}
		case "scale":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "scale %v must be positive", v)
				}
				c.Scale = v
			}
		case "bins":
			l.text(f.Value, fp, &c.Bins)
		case "t_weights":
			c.TWeights = map[string]float64{}
			for _, v := range l.d.Mapping(f.Value, fp, nil) {
				vp := sy.Join(fp, v.Key)
				if w, ok := l.d.Float(v.Value, vp); ok {
					if w < 0 {
						l.d.Errorf(v.Value, vp, "negative weight %v", w)
					}
					c.TWeights[v.Key] = w
				}
				l.refs = append(l.refs, ref{id: v.Key, level: 0, node: v.KeyAt, path: vp})
			}
		}
	}
	return c
}
