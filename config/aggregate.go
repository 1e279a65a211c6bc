package config

import (
	"gopkg.in/yaml.v3"

	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

var aggregateMethods = []string{"arithmetic", "geometric", "harmonic", "topsis", "gra", "copeland"}

var aggregateParams = map[string][]string{
	"topsis":   {"weighting", "over"},
	"gra":      {"rho", "over"},
	"copeland": {"over"},
}

func (l *loader) aggregate(n *yaml.Node, path string) scoring.AggregateSpec {
	name, fields := l.block(n, path, aggregateMethods, aggregateParams)
	if name == "" {
		return scoring.DefaultAggregateSpec(scoring.AggArithmetic)
	}
	var m scoring.Aggregation
	if err := m.UnmarshalText([]byte(name)); err != nil {
		panic("config: " + err.Error())
	}
	spec := scoring.DefaultAggregateSpec(m)
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		switch f.Key {
		case "weighting":
			l.text(f.Value, fp, &spec.Weighting)
		case "over":
			l.text(f.Value, fp, &spec.Over)
		case "rho":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if !(v > 0 && v <= 1) {
					l.d.Errorf(f.Value, fp, "rho %v must be within (0, 1]", v)
				}
				spec.Rho = v
			}
		}
	}
	return spec
}
