package config

import (
	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

var normalizeMethods = []string{"minmax", "zscore", "rank", "percentile", "goalposts", "none", "vector", "efficacy"}

var normalizeParams = map[string][]string{
	"minmax":    {"range"},
	"zscore":    {"mean", "sd"},
	"goalposts": {"range", "goalposts"},
	"efficacy":  {"base", "span"},
}

func (l *loader) normalizeSpec(n *yaml.Node, path string, top bool) (scoring.NormalizeSpec, []sy.Field) {
	params := normalizeParams
	if top {
		// The top block also carries the overrides (and pooled, for panels).
		params = map[string][]string{}
		for _, m := range normalizeMethods {
			params[m] = append(append([]string(nil), normalizeParams[m]...), "overrides", "pooled")
		}
	}
	name, fields := l.block(n, path, normalizeMethods, params)
	if name == "" {
		return scoring.DefaultNormalizeSpec(scoring.NormMinMax), nil
	}
	var m scoring.Normalization
	if err := m.UnmarshalText([]byte(name)); err != nil {
		panic("config: " + err.Error()) // normalizeMethods and scoring disagree
	}
	spec := scoring.DefaultNormalizeSpec(m)
	var rest []sy.Field
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		switch f.Key {
		case "range":
			if r, ok := l.d.Pair(f.Value, fp); ok {
				if r[0] >= r[1] {
					l.d.Errorf(f.Value, fp, "range [%v, %v]: lower bound must be below upper bound", r[0], r[1])
				}
				spec.Range = r
			}
		case "mean":
			spec.Mean, _ = l.d.Float(f.Value, fp)
		case "sd":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "sd %v must be positive", v)
				}
				spec.SD = v
			}
		case "goalposts":
			if r, ok := l.d.Pair(f.Value, fp); ok {
				if r[0] == r[1] {
					l.d.Errorf(f.Value, fp, "goalposts [worst, best] must differ")
				}
				spec.Goalposts = &r
			}
		case "base":
			spec.Base, _ = l.d.Float(f.Value, fp)
		case "span":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "span %v must be positive", v)
				}
				spec.Span = v
			}
		default:
			rest = append(rest, f)
		}
	}
	return spec, rest
}

func (l *loader) normalize(n *yaml.Node, dst *scoring.Normalize) {
	spec, rest := l.normalizeSpec(n, "normalize", true)
	dst.NormalizeSpec = spec
	for _, f := range rest {
		if f.Key == "pooled" {
			dst.Pooled, _ = l.d.Bool(f.Value, "normalize.pooled")
			continue
		}
		if f.Key != "overrides" {
			continue
		}
		path := "normalize.overrides"
		dst.Overrides = map[string]scoring.NormalizeSpec{}
		for _, o := range l.d.Mapping(f.Value, path, nil) {
			op := sy.Join(path, o.Key)
			s, _ := l.normalizeSpec(o.Value, op, false)
			dst.Overrides[o.Key] = s
			l.refs = append(l.refs, ref{id: o.Key, level: dataset.LevelIndicator, node: o.KeyAt, path: op})
		}
	}
}
