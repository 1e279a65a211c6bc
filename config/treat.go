package config

import (
	"math"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
)

var treatMethods = []string{"none", "winsorize"}

// treat reads a treatment block; top adds the per-indicator overrides.
func (l *loader) treat(n *yaml.Node, path string, top bool) (composite.TreatSpec, map[string]composite.TreatSpec) {
	params := []string{"winmax", "skew", "kurt", "fallback"}
	if top {
		params = append(params, "overrides")
	}
	name, fields := l.block(n, path, treatMethods, map[string][]string{"winsorize": params, "none": nil})
	if name == "" || name == "none" {
		return composite.TreatSpec{}, nil
	}
	spec := composite.DefaultTreatSpec()
	var overrides map[string]composite.TreatSpec
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		switch f.Key {
		case "winmax":
			if v, ok := l.d.Float(f.Value, fp); ok {
				switch {
				case v != math.Trunc(v) || v < 1:
					l.d.Errorf(f.Value, fp, "winmax %v must be a whole number ≥ 1", v)
				case v > maxCount:
					l.d.Errorf(f.Value, fp, "winmax %v is too large (at most %d)", v, maxCount)
				default:
					spec.WinMax = int(v)
				}
			}
		case "skew", "kurt":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "%s threshold %v must be positive", f.Key, v)
				}
				if f.Key == "skew" {
					spec.Skew = v
				} else {
					spec.Kurt = v
				}
			}
		case "fallback":
			l.text(f.Value, fp, &spec.Fallback)
		case "overrides":
			overrides = map[string]composite.TreatSpec{}
			for _, o := range l.d.Mapping(f.Value, fp, nil) {
				op := sy.Join(fp, o.Key)
				ts, _ := l.treat(o.Value, op, false)
				overrides[o.Key] = ts
				l.refs = append(l.refs, ref{id: o.Key, level: dataset.LevelIndicator, node: o.KeyAt, path: op})
			}
		}
	}
	return spec, overrides
}
