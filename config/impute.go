package config

import (
	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/scoring"
)

var imputeMethods = []string{"none", "mean", "median", "group_mean", "group_median", "interpolate", "locf"}

func (l *loader) impute(n *yaml.Node) scoring.ImputeSpec {
	name, fields := l.block(n, "impute", imputeMethods, map[string][]string{"group_mean": {"group"}, "group_median": {"group"}})
	var spec scoring.ImputeSpec
	if name == "" {
		return spec
	}
	if err := spec.Method.UnmarshalText([]byte(name)); err != nil {
		panic("config: " + err.Error())
	}
	for _, f := range fields {
		spec.Group, _ = l.d.String(f.Value, "impute.group")
	}
	if spec.Method.Grouped() && spec.Group == "" {
		l.d.Errorf(n, "impute", "%s needs group: COLUMN (a non-indicator column of the data, e.g. a province)", name)
	}
	return spec
}
