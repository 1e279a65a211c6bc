package config

import (
	"math"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

var weightMethods = []string{"framework", "equal", "manual", "entropy", "critic", "cv", "stddev", "pca", "ahp", "combine"}

var weightParams = map[string][]string{
	"manual":  {"values"},
	"entropy": {"transform", "flip_cost", "shift", "pooled", "scope"},
	"critic":  {"flip_cost", "pooled", "scope"},
	"cv":      {"pooled", "scope"},
	"stddev":  {"transform", "pooled", "scope"},
	"pca":     {"pooled", "scope"},
	"ahp":     {"matrices", "solve", "ri", "max_cr"},
	"combine": {"rule", "alpha", "of"},
}

func (l *loader) weights(n *yaml.Node, path string, lv dataset.Level) scoring.WeightSpec {
	name, fields := l.block(n, path, weightMethods, weightParams)
	if name == "" {
		return scoring.DefaultWeightSpec(scoring.WeightFramework)
	}
	var m scoring.WeightMethod
	if err := m.UnmarshalText([]byte(name)); err != nil {
		panic("config: " + err.Error())
	}
	spec := scoring.DefaultWeightSpec(m)
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		switch f.Key {
		case "values":
			spec.Values = map[string]float64{}
			for _, v := range l.d.Mapping(f.Value, fp, nil) {
				vp := sy.Join(fp, v.Key)
				if w, ok := l.d.Float(v.Value, vp); ok {
					if w < 0 {
						l.d.Errorf(v.Value, vp, "negative weight %v", w)
					}
					spec.Values[v.Key] = w
				}
				l.refs = append(l.refs, ref{id: v.Key, level: lv, any: l.shared, manual: true, node: v.KeyAt, path: vp})
			}
		case "transform":
			if m == scoring.WeightStdDev {
				if t, ok := l.d.String(f.Value, fp); ok {
					switch t {
					case "none":
					case "minmax":
						spec.SDMinMax = true
					default:
						l.d.Errorf(f.Value, fp, "unknown stddev transform %q (want none|minmax)", t)
					}
				}
				continue
			}
			l.text(f.Value, fp, &spec.Entropy.Transform)
		case "flip_cost":
			if b, ok := l.d.Bool(f.Value, fp); ok {
				spec.Entropy.FlipCost, spec.CRITIC.FlipCost = b, b
			}
		case "shift":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v < 0 {
					l.d.Errorf(f.Value, fp, "shift %v must be ≥ 0", v)
				}
				spec.Entropy.Shift = v
			}
		case "pooled":
			spec.Pooled, _ = l.d.Bool(f.Value, fp)
		case "scope":
			l.text(f.Value, fp, &spec.Scope)
		case "solve":
			l.text(f.Value, fp, &spec.AHP.Solve)
		case "ri":
			l.text(f.Value, fp, &spec.AHP.RI)
		case "max_cr":
			if v, ok := l.d.Float(f.Value, fp); ok {
				if v <= 0 {
					l.d.Errorf(f.Value, fp, "max_cr %v must be positive", v)
				}
				spec.AHP.MaxCR = v
			}
		case "matrices":
			spec.AHP.Matrices = map[string][][][]float64{}
			for _, mf := range l.d.Mapping(f.Value, fp, nil) {
				mp := sy.Join(fp, mf.Key)
				ms := l.matrices(mf.Value, mp)
				spec.AHP.Matrices[mf.Key] = ms
				l.matrixRefs = append(l.matrixRefs, matrix{id: mf.Key, level: lv, any: l.shared, at: mf.KeyAt, path: mp, ms: ms})
			}
		case "rule":
			l.text(f.Value, fp, &spec.Combine.Rule)
		case "alpha":
			spec.Combine.Alpha = nil
			for i, a := range l.floats(f.Value, fp) {
				if a < 0 || a > 1 {
					l.d.Errorf(f.Value, sy.Elem(fp, i), "alpha %v must be within [0, 1]", a)
				}
				spec.Combine.Alpha = append(spec.Combine.Alpha, a)
			}
		case "of":
			items := l.d.Seq(f.Value, fp)
			for i, item := range items {
				spec.Combine.Of = append(spec.Combine.Of, l.weights(item, sy.Elem(fp, i), lv))
			}
			if items != nil && len(items) < 2 {
				l.d.Errorf(f.Value, fp, "combine needs two or more methods, found %d", len(items))
			}
		}
	}
	switch m {
	case scoring.WeightManual:
		if spec.Values == nil {
			l.d.Errorf(n, path, "manual weights need values: {NODE_ID: weight, …}")
		}
	case scoring.WeightAHP:
		if spec.AHP.Matrices == nil {
			l.d.Errorf(n, path, "ahp needs matrices: {NODE_ID: [[1, 3, \"1/5\"], …]}")
		}
	case scoring.WeightCombine:
		if len(spec.Combine.Of) == 0 {
			l.d.Errorf(n, path, "combine needs of: [METHOD, METHOD, …] (two or more)")
		}
		if spec.Combine.Rule == composite.CombineLinear && len(spec.Combine.Of) > 2 && len(spec.Combine.Alpha) != len(spec.Combine.Of) {
			l.d.Errorf(n, path, "linear combination of %d methods needs alpha: one coefficient per method", len(spec.Combine.Of))
		}
	}
	return spec
}

// floats reads a number or a list of numbers.
func (l *loader) floats(n *yaml.Node, path string) []float64 {
	if n.Kind == yaml.ScalarNode {
		if v, ok := l.d.Float(n, path); ok {
			return []float64{v}
		}
		return nil
	}
	var out []float64
	for i, item := range l.d.Seq(n, path) {
		if v, ok := l.d.Float(item, sy.Elem(path, i)); ok {
			out = append(out, v)
		}
	}
	return out
}

// matrices reads one judgment matrix (a list of rows) or a list of several
// experts' matrices. Entries are numbers or fractions "a/b". It checks the
// shape and the entries (square, > 0, diagonal 1, reciprocal), pointing at
// the cell.
func (l *loader) matrices(n *yaml.Node, path string) [][][]float64 {
	rows := l.d.Seq(n, path)
	if rows == nil {
		return nil
	}
	group := len(rows) > 0 && rows[0].Kind == yaml.SequenceNode && len(rows[0].Content) > 0 &&
		rows[0].Content[0].Kind == yaml.SequenceNode
	if !group {
		if m := l.matrix(n, path); m != nil {
			return [][][]float64{m}
		}
		return nil
	}
	var out [][][]float64
	for i, mn := range rows {
		if m := l.matrix(mn, sy.Elem(path, i)); m != nil {
			out = append(out, m)
		}
	}
	if len(out) > 1 {
		for i := range out[1:] {
			if len(out[i+1]) != len(out[0]) {
				l.d.Errorf(rows[i+1], sy.Elem(path, i+1), "expert %d's matrix is %d×%d, the first is %d×%d", i+2, len(out[i+1]), len(out[i+1]), len(out[0]), len(out[0]))
			}
		}
	}
	return out
}

func (l *loader) matrix(n *yaml.Node, path string) [][]float64 {
	rows := l.d.Seq(n, path)
	if rows == nil {
		return nil
	}
	size := len(rows)
	m := make([][]float64, size)
	cells := make([][]*yaml.Node, size)
	bad := false
	for i, rn := range rows {
		rp := sy.Elem(path, i)
		items := l.d.Seq(rn, rp)
		if len(items) != size {
			l.d.Errorf(rn, rp, "row %d has %d entries; the matrix has %d rows (it must be square)", i+1, len(items), size)
			bad = true
			continue
		}
		m[i] = make([]float64, size)
		cells[i] = items
		for j, c := range items {
			cp := sy.Elem(rp, j)
			v, ok := l.d.Float(c, cp)
			switch {
			case !ok:
				bad = true
			case v <= 0:
				l.d.Errorf(c, cp, "judgment %v must be positive (1–9 or 1/9–1/2)", v)
				bad = true
			case i == j && v != 1:
				l.d.Errorf(c, cp, "diagonal entry %v must be 1", v)
				bad = true
			}
			m[i][j] = v
		}
	}
	if bad {
		return nil
	}
	for i := range size {
		for j := i + 1; j < size; j++ {
			if prod := m[i][j] * m[j][i]; math.Abs(prod-1) > 0.005 {
				l.d.Errorf(cells[j][i], sy.Elem(sy.Elem(path, j), i),
					"not reciprocal: a[%d][%d] = %s but a[%d][%d] = %s (their product is %.4g, not 1; write fractions like 1/3, not 0.33)",
					j+1, i+1, sy.Short(cells[j][i].Value), i+1, j+1, sy.Short(cells[i][j].Value), prod)
			}
		}
	}
	return m
}
