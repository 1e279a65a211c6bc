package config

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/composite"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

var gradeKeys = []string{"rule", "classes", "cuts", "labels"}

// grades reads the grades section:
//
//	grades: {rule: quantile|jenks|fixed, classes: 4, cuts: [40, 55, 70], labels: [优, 良, 中, 差]}
func (l *loader) grades(n *yaml.Node) *scoring.GradeSpec {
	g := &scoring.GradeSpec{}
	before := l.d.Count()
	for _, f := range l.d.Mapping(n, "grades", gradeKeys) {
		fp := sy.Join("grades", f.Key)
		switch f.Key {
		case "rule":
			l.text(f.Value, fp, &g.Rule)
		case "classes":
			if v, ok := l.count(f.Value, fp, 2, "at least two grades"); ok {
				g.Classes = v
			}
		case "cuts":
			for i, item := range l.d.Seq(f.Value, fp) {
				if v, ok := l.d.Float(item, sy.Elem(fp, i)); ok {
					g.Cuts = append(g.Cuts, v)
				}
			}
			if err := composite.CheckCuts(g.Cuts); err != nil {
				l.d.Errorf(f.Value, fp, "%v", err)
			}
		case "labels":
			g.Labels = l.d.Strings(f.Value, fp)
		}
	}
	switch {
	case l.d.Count() > before:
	case g.Rule == composite.BreaksFixed && len(g.Cuts) == 0:
		l.d.Errorf(n, "grades", "the fixed rule needs cuts, e.g. cuts: [40, 55, 70] (four grades)")
	case g.Rule != composite.BreaksFixed && len(g.Cuts) > 0:
		l.d.Errorf(n, "grades.cuts", "cuts are for rule: fixed; the %v rule finds its own", g.Rule)
	default:
		if err := g.Validate(); err != nil {
			l.d.Errorf(n, "grades", "%s", strings.TrimPrefix(err.Error(), "grades: "))
		}
	}
	return g
}
