package indicators_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/internal/strictyaml"
)

func TestGoodFrameworks(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.good.yaml")
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			f, err := indicators.LoadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			// The canonical YAML reads back to the same framework.
			b, err := f.EncodeYAML()
			if err != nil {
				t.Fatal(err)
			}
			g, err := indicators.Parse(b, "canonical.yaml")
			if err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			if !reflect.DeepEqual(f.Schema().Nodes, g.Schema().Nodes) {
				t.Errorf("round trip changed the tree:\n%s", b)
			}
			if got, want := bases(g), bases(f); got != want {
				t.Errorf("round trip changed formula, basis or derive:\n%s\nwant\n%s\ncanonical:\n%s", got, want, b)
			}
		})
	}
}

// bases lists the formula, basis and derive alternatives of every
// variable, one line each.
func bases(f *indicators.Framework) string {
	var b strings.Builder
	for _, v := range f.Variables() {
		fmt.Fprintf(&b, "%s basis=%q", v.ID, v.Basis)
		if v.Formula != nil {
			fmt.Fprintf(&b, " formula=%q", v.Formula.Text)
		}
		for _, a := range v.Derive {
			fmt.Fprintf(&b, " | %s (%q, %q)", a.Formula.Text, a.Basis, a.Note)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestFullFramework(t *testing.T) {
	f, err := indicators.LoadFile("testdata/full.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if f.Name.Zh != "测试框架" || f.Version != "1" || len(f.Inputs) != 5 || len(f.Goals) != 2 || f.Units != indicators.UnitsCNCity {
		t.Fatalf("framework = %+v", f)
	}
	pop := f.Variable("resident_population")
	if pop.Basis != "resident" || len(pop.Derive) != 2 ||
		pop.Derive[0].Formula.Text != "gdp * 10000 / gdp_per_capita" || pop.Derive[0].Basis != "resident" || pop.Derive[0].Note != "" ||
		pop.Derive[1].Formula.Text != "hukou_population" || pop.Derive[1].Basis != "registered" ||
		!strings.HasPrefix(pop.Derive[1].Note, "a different population") || pop.Derive[1].Pos != (indicators.Pos{Line: 16, Col: 9}) {
		t.Errorf("resident_population basis and derive = %q %+v", pop.Basis, pop.Derive)
	}
	if beds := f.Variable("beds_per_1k"); beds.Basis != "resident" || len(beds.Derive) != 1 || beds.Derive[0].Basis != "registered" {
		t.Errorf("beds_per_1k basis and derive = %q %+v", beds.Basis, beds.Derive)
	}
	if got := f.Bases(); !reflect.DeepEqual(got, []string{"resident", "registered"}) {
		t.Errorf("Bases() = %q", got)
	}
	if g := f.Goals[1]; g.Name.Zh != "美丽" || g.Weight != 1 {
		t.Errorf("plain-text name or default weight: %+v", g)
	}
	pm := f.Variable("pm25").Indicator
	if pm.Direction != dataset.Negative || *pm.Goalposts != (dataset.Range{Lo: 75, Hi: 5}) || pm.Targets[2035] != 20 {
		t.Errorf("pm25 = %+v", pm)
	}
	ptr := f.Variable("pupil_teacher_ratio").Indicator
	if *ptr.Optimal != (dataset.Range{Lo: 13, Hi: 19}) || *ptr.Tolerable != (dataset.Range{Lo: 8, Hi: 25}) {
		t.Errorf("interval = %+v", ptr)
	}
	s := f.Schema()
	want := []string{"index", "livable", "liv_services", "beds_per_1k", "pupil_teacher_ratio", "beautiful", "pm25"}
	var got []string
	for _, n := range s.Nodes {
		got = append(got, n.ID)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("schema nodes = %v, want %v", got, want)
	}
	if s.Nodes[1].Weight != 2 || s.Nodes[6].Parent != 5 || s.Nodes[5].Level != dataset.LevelGoal {
		t.Errorf("schema = %+v", s.Nodes)
	}
}

// TestBadFrameworks checks that every problem of a bad file is reported,
// each at its line and column (prometheus config_test.go style).
func TestBadFrameworks(t *testing.T) {
	tests := []struct {
		file string
		want []string // one problem each, in order: "line:col: path: message part"
	}{
		{"unknown-key-dup-direction.bad.yaml", []string{
			`4:5: goals[0].colour: unknown key "colour"`,
			`7:20: goals[0].indicators[0].direction: unknown value "up" (want positive|negative|interval)`,
			`8:13: goals[0].indicators[1].id: duplicate id "beds" (first defined at line 6)`,
		}},
		{"formula-errors.bad.yaml", []string{
			`7:54: goals[0].indicators[0].formula: formula "pop * popp" names unknown id "popp" (did you mean "pop"?)`,
			`8:56: goals[0].indicators[1].formula: formula "(pop + 1": want ) but found end of formula`,
			`9:52: goals[0].indicators[2].formula: formula "pop # 2": unexpected character '#'`,
		}},
		{"cycle.bad.yaml", []string{
			`5:47: goals[0].indicators[0].formula: formula cycle: a → b → c → a`,
		}},
		{"derive-errors.bad.yaml", []string{
			`3:73: inputs[0].derive[1]: formula "popp * 2" names unknown id "popp" (did you mean "pop"?)`,
			`4:32: inputs[1].basis: invalid basis "res ident" (a label of letters, digits, _ -, such as resident)`,
			`5:55: inputs[2].derive[0]: formula "gdp * 10000 / (pop": want ) but found end of formula`,
			`8:43: inputs[3].derive[0].colour: unknown key "colour" (want formula|basis|note)`,
			`9:9: inputs[3].derive[1].formula: missing formula`,
			`10:31: inputs[3].derive[2].basis: basis "any" is reserved`,
			`15:64: goals[0].indicators[0].derive: want a list, found "pop"`,
		}},
		{"derive-cycle.bad.yaml", []string{
			`4:34: inputs[1].derive[0]: cycle through formula and derive: pop (derive[0]) → gdp_per_capita (formula) → pop`,
		}},
		{"derive-self.bad.yaml", []string{
			`4:46: inputs[0].derive[1].formula: cycle through formula and derive: pop (derive[1]) → pop`,
		}},
		{"structure.bad.yaml", []string{
			`1:5: id: invalid id "bad structure!"`,
			`3:5: goals[0]: empty group: goal "empty_goal" has no dimensions or indicators`,
			`8:5: goals[1]: a goal lists either dimensions or indicators, not both`,
			`11:13: goals[2].weight: negative weight -1`,
			`14:9: goals[2].dimensions[0].indicators: empty group: no indicators`,
			`17:29: goals[3].indicators[0].optimal: interval indicator "i1" needs optimal: [a, b]`,
			`18:48: goals[3].indicators[1].optimal: optimal applies to interval indicators only`,
			`19:9: goals[3].indicators[2].direction: missing direction`,
			`20:48: goals[3].indicators[3].optimal: lower bound 5 above upper bound 3`,
			`21:67: goals[3].indicators[4].tolerable: tolerable [4, 9] must contain optimal [3, 5]`,
			`22:14: goals[3].indicators[5].id: id "index" is reserved`,
			`23:50: goals[3].indicators[6].goalposts: goalposts [worst, best] must differ`,
			`23:68: goals[3].indicators[6].targets.soon: target key "soon" is not a year`,
			`23:85: goals[3].indicators[6].scope: unknown scope "全省"`,
			`26:46: goals[4].indicators[0].valid: valid range [100, 0]: lower bound must be below upper bound`,
			`27:8: units: unknown value "towns" (want cn-city)`,
		}},
		{"syntax.bad.yaml", []string{`3: did not find expected ',' or ']'`}},
		{"input-formula.bad.yaml", []string{
			`3:40: inputs[0].formula: formula "a_one + a_tow" names unknown id "a_tow" (did you mean "a_two"?)`,
			`4:43: inputs[1].formula: formula "(a_two": want ) but found end of formula`,
			`5:27: inputs[2].colour: unknown key "colour" (want id|name|unit|scope|formula|aliases|source|note|valid|basis|derive)`,
		}},
		{"input-formula-cycle.bad.yaml", []string{
			`3:32: inputs[0].formula: cycle through formula and derive: b (formula) → c (derive[0]) → x (formula) → b`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", tc.file)
			_, err := indicators.LoadFile(path)
			if err == nil {
				t.Fatal("no error")
			}
			ps := strictyaml.AsProblems(err)
			if len(ps) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(tc.want), err)
			}
			for i, p := range ps {
				msg := p.Error()
				if !strings.HasPrefix(msg, path+":") || !strings.Contains(msg, tc.want[i]) {
					t.Errorf("problem %d = %q\nwant %s:%s…", i, msg, path, tc.want[i])
				}
			}
		})
	}
}

func TestScopeWarning(t *testing.T) {
	f, err := indicators.Parse([]byte(`
id: w
inputs:
  - {id: gdp_d, scope: 市辖区}
  - {id: pop_c, scope: 全市}
goals:
  - id: g
    indicators:
      - {id: x, direction: positive, formula: gdp_d / pop_c}
`), "w.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0], "mixes scopes (全市: pop_c; 市辖区: gdp_d)") {
		t.Errorf("warnings = %q", f.Warnings)
	}
}

func TestMatch(t *testing.T) {
	f, err := indicators.LoadFile("testdata/full.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ header, want string }{
		{"resident_population", "resident_population"},
		{"常住人口", "resident_population"},
		{"年末常住人口", "resident_population"},
		{"Resident  Population", "resident_population"},
		{"ＰＭ２．５", "pm25"},
		{"pm2.5", "pm25"},
		{"每千人口医院床位数", "beds_per_1k"},
		{"nothing", ""},
	}
	for _, tc := range tests {
		got := f.Match(tc.header)
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("Match(%q) = %v, want none", tc.header, got)
		case tc.want != "" && (len(got) != 1 || got[0].ID != tc.want):
			t.Errorf("Match(%q) = %v, want %s", tc.header, got, tc.want)
		}
	}
	if got := indicators.Fold("常住人口 （万人）"); got != "常住人口(万人)" {
		t.Errorf("Fold = %q", got)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	f.Add([]byte("id: x\ngoals: [{id: g, indicators: [{id: a, direction: positive, formula: \"a*(b-\"}]}]"))
	f.Add([]byte("&a [*a]"))
	// Anchors and aliases, a merge key, several documents, numbers out of
	// range, zero weights, text that is not a framework.
	f.Add(aliasBomb(3))
	f.Add([]byte("id: x\nbase: &b {direction: positive}\ngoals: [{id: g, indicators: [{<<: *b, id: a}]}]\n"))
	f.Add([]byte("id: x\ngoals: [{id: g, indicators: [{id: a, direction: positive}]}]\n---\nid: y\n...\n---\n"))
	f.Add([]byte("id: x\ngoals: [{id: g, weight: 1e-400, indicators: [{id: a, direction: interval, optimal: [1e400, 1/1e-400], weight: 0x1p-2000}]}]\n"))
	f.Add([]byte("id: x\ngoals: [{id: g, weight: 1e308, dimensions: [{id: d, weight: 0, indicators: [{id: a, direction: positive, weight: 0}]}]}]\n"))
	f.Add([]byte("id: x\ngoals: [{id: g, indicators: [{id: a, direction: positive, formula: \"b * 1e-400\"}, {id: b, direction: positive, targets: {2030: 1e999}}]}]\n"))
	f.Add([]byte("unit,a,b\nx,1,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := indicators.Parse(data, "fuzz.yaml")
		if err != nil {
			ps := strictyaml.AsProblems(err)
			if len(ps) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			if len(ps) > strictyaml.MaxProblems+1 {
				t.Fatalf("%d problems listed", len(ps))
			}
			for _, p := range ps {
				if len(p.Msg) > 4100 {
					t.Fatalf("a message of %d bytes", len(p.Msg))
				}
			}
			return
		}
		fw.Schema()
		b, err := fw.EncodeYAML()
		if err != nil {
			t.Fatal(err)
		}
		// The canonical form keeps formulas, basis and derive.
		if g, err := indicators.Parse(b, "canonical.yaml"); err == nil && bases(g) != bases(fw) {
			t.Fatalf("round trip changed formula, basis or derive:\n%s\nwant\n%s", bases(g), bases(fw))
		}
	})
}

// TestInputFormula checks an input computed from other inputs: loaded with
// its formula, ordered before the indicator that uses it, written back by
// EncodeYAML, and a cycle through input formulas reported.
func TestInputFormula(t *testing.T) {
	f, err := indicators.LoadFile("testdata/input-formula.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	v := f.Variable("urban_area_population")
	if v.Formula == nil || v.Formula.Text != "urban_area_resident_pop + urban_area_temp_pop" || !v.IsInput() {
		t.Fatalf("urban_area_population = %+v", v)
	}
	if len(f.Warnings) != 0 {
		t.Errorf("warnings %q (every operand is 城区)", f.Warnings)
	}
	b, err := f.EncodeYAML()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "formula: urban_area_resident_pop + urban_area_temp_pop") {
		t.Errorf("canonical form lacks the input's formula:\n%s", b)
	}

	_, err = indicators.Parse([]byte(`
id: c
inputs:
  - {id: a, formula: b + 1}
  - {id: b, formula: a * 2}
goals:
  - id: g
    indicators:
      - {id: x, direction: positive}
`), "c.yaml")
	if err == nil || !strings.Contains(err.Error(), "c.yaml:4:22: inputs[0].formula: formula cycle: a → b → a") {
		t.Errorf("error %v", err)
	}

	// Mixed scopes warn as for an indicator.
	f, err = indicators.Parse([]byte(`
id: w
inputs:
  - {id: pop_u, scope: 城区}
  - {id: pop_c, scope: 全市}
  - {id: sum, formula: pop_u + pop_c}
goals:
  - id: g
    indicators:
      - {id: x, direction: positive}
`), "w.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) != 1 || !strings.Contains(f.Warnings[0], "w.yaml:6:5: input sum: formula mixes scopes (全市: pop_c; 城区: pop_u)") {
		t.Errorf("warnings = %q", f.Warnings)
	}
}

// TestProblemsPublic: a caller outside the module names the error type and
// reaches each problem through errors.As and Unwrap.
func TestProblemsPublic(t *testing.T) {
	_, err := indicators.Parse([]byte("id: f\ngoals:\n  - id: g\n    colour: red\n    indicators: [{id: a, direction: up}]\n"), "f.yaml")
	var ps indicators.Problems
	if !errors.As(err, &ps) || len(ps) != 2 {
		t.Fatalf("errors.As: %v (%d problems)", err, len(ps))
	}
	var p *indicators.Problem
	if !errors.As(err, &p) || p.Line != 4 || p.Path != "goals[0].colour" {
		t.Errorf("first problem %+v", p)
	}
	if u, ok := err.(interface{ Unwrap() []error }); !ok || len(u.Unwrap()) != 2 {
		t.Errorf("Unwrap: %T", err)
	}
}
