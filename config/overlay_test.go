package config

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestOverlay(t *testing.T) {
	const base = `profile: base
framework: builtin
population_basis: resident
normalize: {method: minmax, range: [0, 100]}
weights:
  indicators: framework
  goals: {method: entropy, shift: 0.01}
aggregate: arithmetic
missing: {max_share: 1.0, rank_rule: {by: goal, min: 0.5}}
`
	for _, tc := range []struct {
		name, req string
		want      string // YAML of the merged profile
		fixed     string // the fixed key refused
	}{
		{"empty", ``, base, ""},
		{"null", `null`, base, ""},
		{"scalar replaces", `{"aggregate": "geometric"}`,
			`{profile: base, framework: builtin, population_basis: resident, normalize: {method: minmax, range: [0, 100]},
			  weights: {indicators: framework, goals: {method: entropy, shift: 0.01}}, aggregate: geometric,
			  missing: {max_share: 1.0, rank_rule: {by: goal, min: 0.5}}}`, ""},
		{"method replaces wholesale", `{"weights": {"goals": {"method": "manual", "values": {"innovative": 0, "livable": 1}}}}`,
			`{profile: base, framework: builtin, population_basis: resident, normalize: {method: minmax, range: [0, 100]},
			  weights: {indicators: framework, goals: {method: manual, values: {innovative: 0, livable: 1}}}, aggregate: arithmetic,
			  missing: {max_share: 1.0, rank_rule: {by: goal, min: 0.5}}}`, ""},
		{"mappings merge", `{"missing": {"rank_rule": {"min": 0.25}}}`,
			`{profile: base, framework: builtin, population_basis: resident, normalize: {method: minmax, range: [0, 100]},
			  weights: {indicators: framework, goals: {method: entropy, shift: 0.01}}, aggregate: arithmetic,
			  missing: {max_share: 1.0, rank_rule: {by: goal, min: 0.25}}}`, ""},
		{"lists replace, floats shortest", `{"normalize": {"range": [0.0, 1e2]}, "missing": {"max_share": 0.50}}`,
			`{profile: base, framework: builtin, population_basis: resident, normalize: {method: minmax, range: [0, 100]},
			  weights: {indicators: framework, goals: {method: entropy, shift: 0.01}}, aggregate: arithmetic,
			  missing: {max_share: 0.5, rank_rule: {by: goal, min: 0.5}}}`, ""},
		{"block spread over levels", `{"aggregate": {"goals": "geometric"}}`,
			`{profile: base, framework: builtin, population_basis: resident, normalize: {method: minmax, range: [0, 100]},
			  weights: {indicators: framework, goals: {method: entropy, shift: 0.01}},
			  aggregate: {indicators: arithmetic, dimensions: arithmetic, goals: geometric},
			  missing: {max_share: 1.0, rank_rule: {by: goal, min: 0.5}}}`, ""},
		{"null removes, new keys append", `{"missing": null, "grades": {"rule": "quantile", "classes": 4}}`,
			`{profile: base, framework: builtin, population_basis: resident, normalize: {method: minmax, range: [0, 100]},
			  weights: {indicators: framework, goals: {method: entropy, shift: 0.01}}, aggregate: arithmetic,
			  grades: {rule: quantile, classes: 4}}`, ""},
		{"same framework", `{"framework": "builtin"}`, base, ""},
		{"other framework", `{"framework": "ccsy"}`, "", "framework"},
		{"other basis", `{"population_basis": "registered"}`, "", "population_basis"},
		{"basis removed", `{"population_basis": null}`, "", "population_basis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Overlay([]byte(base), []byte(tc.req))
			if tc.fixed != "" {
				var ef FixedError
				if !errors.As(err, &ef) || ef.Key != tc.fixed {
					t.Fatalf("err = %v; want %s refused", err, tc.fixed)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if g, w := asJSON(t, got), asJSON(t, []byte(tc.want)); g != w {
				t.Errorf("merged:\n%s\nwant\n%s", g, w)
			}
		})
	}
}

func TestOverlayErrors(t *testing.T) {
	for _, req := range []string{`[1, 2]`, `"manual"`, `{"weights": `} {
		if _, err := Overlay([]byte("profile: x\n"), []byte(req)); err == nil {
			t.Errorf("Overlay(%s): no error", req)
		}
	}
}

// asJSON is the YAML document as JSON, keys in document order.
func asJSON(t *testing.T, y []byte) string {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(y, &n); err != nil {
		t.Fatalf("%v\n%s", err, y)
	}
	return string(appendJSON(nil, &n))
}

func TestAppendJSON(t *testing.T) {
	y := "a: 1\nb: 0.5\nc: [x, true, null, 1e3]\nd: {e: '2'}\nf: .inf\n"
	got := asJSON(t, []byte(y))
	want := `{"a":1,"b":0.5,"c":["x",true,null,1000],"d":{"e":"2"},"f":".inf"}`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	var v any
	if err := json.Unmarshal([]byte(got), &v); err != nil || reflect.TypeOf(v).Kind() != reflect.Map {
		t.Errorf("not a JSON object: %v", err)
	}
}

func TestNamed(t *testing.T) {
	doc := []byte("# the base\nprofile: base\nframework: ../fw.yaml\nweights: equal # all\n")
	got, err := Named(doc, "my scenario", "/abs/fw.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(got, "x.yaml")
	if err != nil || p.Name != "my scenario" || p.Framework != "/abs/fw.yaml" || strings.Contains(string(got), "the base") {
		t.Errorf("%v %+v\n%s", err, p, got)
	}
	if j, _ := JSON(got); string(j) != `{"profile":"my scenario","framework":"/abs/fw.yaml","weights":"equal"}` {
		t.Errorf("JSON: %s", j)
	}
	got, err = Named(doc, "s", "", "base; changed: weights")
	if p, _ := Parse(got, "x.yaml"); err != nil || p.Description != "base; changed: weights" || p.Framework != "../fw.yaml" {
		t.Errorf("description: %v\n%s", err, got)
	}
}
