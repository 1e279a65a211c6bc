package config_test

import (
	"strings"
	"testing"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/config"
)

func TestGrades(t *testing.T) {
	p, err := config.Parse([]byte("grades: {rule: fixed, cuts: [40, 55, 70], labels: [优, 良, 中, 差]}\n"), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if g := p.Options.Grades; g == nil || g.Rule != composite.BreaksFixed || len(g.Cuts) != 3 || g.Label(1, "zh") != "优" {
		t.Fatalf("grades %+v", p.Options.Grades)
	}
	for _, tc := range []struct{ doc, want string }{
		{"grades: {rule: fixed}\n", "p.yaml:1:9: grades: the fixed rule needs cuts"},
		{"grades: {rule: quantile, cuts: [1]}\n", "p.yaml:1:9: grades.cuts: cuts are for rule: fixed"},
		{"grades: {rule: fixed, cuts: [50, 40]}\n", "p.yaml:1:29: grades.cuts: cut points must ascend: 40 after 50"},
		{"grades: {rule: natural}\n", `p.yaml:1:16: grades.rule: unknown breaks rule method "natural"`},
		{"grades: {classes: 4, labels: [a, b]}\n", "p.yaml:1:9: grades: 2 labels for 4 classes"},
		{"grades: {classes: 1}\n", "p.yaml:1:19: grades.classes"},
	} {
		_, err := config.Parse([]byte(tc.doc), "p.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.doc, err, tc.want)
		}
	}
}
