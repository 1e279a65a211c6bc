package config_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/internal/strictyaml"
)

// profileProblems parses data and returns its problems as "line:col: path:
// message" lines (without the file name p.yaml), failing when there are
// none or more than strictyaml.MaxProblems and a count.
func profileProblems(t *testing.T, data string) []string {
	t.Helper()
	_, err := config.Parse([]byte(data), "p.yaml")
	if err == nil {
		t.Fatal("no error")
	}
	ps := strictyaml.AsProblems(err)
	if len(ps) == 0 || len(ps) > strictyaml.MaxProblems+1 {
		t.Fatalf("%d problems:\n%.3000s", len(ps), err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, strings.TrimPrefix(p.Error(), "p.yaml:"))
	}
	return out
}

func sameLines(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestProfileAliases: anchors and aliases are refused where they are, and
// a bomb of them is not expanded.
func TestProfileAliases(t *testing.T) {
	got := profileProblems(t, "weights:\n  goals: &m {method: manual, values: {a: 1}}\n  dimensions: *m\n")
	sameLines(t, got,
		"2:10: anchors are not allowed in a profile file: remove &m",
		"3:15: aliases are not allowed in a profile file: write out what *m stands for (the anchor &m at line 2)",
	)
	var b strings.Builder
	b.WriteString("m0: &m0 {method: manual, values: {a: x}}\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "m%d: &m%d [*m%d, *m%d, *m%d, *m%d]\n", i, i, i-1, i-1, i-1, i-1)
	}
	b.WriteString("weights: {method: combine, of: *m30}\n")
	got = profileProblems(t, b.String())
	if len(got) != strictyaml.MaxProblems+1 || got[len(got)-1] != " … and 52 more problems (the first 100 are listed)" {
		t.Errorf("%d problems, last %q", len(got), got[len(got)-1])
	}
}

func TestProfileSecondDocument(t *testing.T) {
	got := profileProblems(t, "profile: one\n---\nprofile: two\n")
	sameLines(t, got, "2:1: a profile file holds one YAML document; found a second at line 2")
}

// TestProfileNumbers: numbers out of range, and whole numbers too large
// for their field, are errors at the number.
func TestProfileNumbers(t *testing.T) {
	got := profileProblems(t, `weights:
  goals: {method: manual, values: {g1: 1e-400, g2: 1e400}}
normalize: {method: zscore, sd: 1e-999}
missing: {thin_goal: 1e300}
treat: {method: winsorize, winmax: 1e19}
targets: {since: 2015.5, moderate: 1e-320}
`)
	sameLines(t, got,
		"2:40: weights.goals.values.g1: 1e-400 is too small to represent; write 0 if you mean 0",
		"2:52: weights.goals.values.g2: 1e400 is too large to represent (the largest number is about 1.8e308)",
		"3:33: normalize.sd: 1e-999 is too small to represent; write 0 if you mean 0",
		"4:22: missing.thin_goal: 1e+300 is too large (at most 1000000)",
		"5:36: treat.winmax: winmax 1e+19 is too large (at most 1000000)",
		"6:18: targets.since: since 2015.5 is not a year (a whole number from 1900 to 2200, or 0 for each unit's first year)",
	)
}

// TestProfileZeroWeights: manual weights that give every child of a node
// weight 0 are an error at the first of them.
func TestProfileZeroWeights(t *testing.T) {
	p, err := config.Parse([]byte(`weights:
  dimensions: {method: manual, values: {d1: 1, d2: 0, dx: 0, d3: 0}}
  indicators: {method: manual, values: {x: 0, y: 0, z: 0, w: 2}}
`), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = p.Check(checkSchema(t))
	want := []string{
		`p.yaml:2:62: weights.dimensions.values.d3: manual dimension weights give every child of "g2" weight 0 (d3): give at least one a positive weight`,
		`p.yaml:3:41: weights.indicators.values.x: manual indicator weights give every child of "d1" weight 0 (x, y): give at least one a positive weight`,
		`p.yaml:3:53: weights.indicators.values.z: manual indicator weights give every child of "d2" weight 0 (z): give at least one a positive weight`,
		`p.yaml: weights: manual indicator weights give no value for q, v`,
		`p.yaml: weights: manual dimension weights give no value for d4`,
	}
	if ps := strictyaml.AsProblems(err); len(ps) != len(want) {
		t.Fatalf("got %v, want %d problems", err, len(want))
	}
	if err.Error() != strings.Join(want, "\n") {
		t.Errorf("problems:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}
	// One shared manual block: unlisted nodes keep the framework's weight.
	p, err = config.Parse([]byte("weights: {method: manual, values: {x: 0, y: 0, q: 0}}\n"), "p.yaml")
	if err != nil {
		t.Fatal(err)
	}
	err = p.Check(checkSchema(t))
	if err == nil || !strings.Contains(err.Error(), `p.yaml:1:36: weights.values.x: manual indicator weights give every child of "d1" weight 0 (x, y)`) ||
		len(strictyaml.AsProblems(err)) != 2 {
		t.Errorf("shared block: %v", err)
	}
}

// TestProfileNotAProfile and a long value: short quotes only.
func TestProfileNotAProfile(t *testing.T) {
	got := profileProblems(t, "unit,a,b\n"+strings.Repeat("x,1,2\n", 50000))
	sameLines(t, got, `1:1: not a YAML profile: want a mapping of keys (profile:, description:, framework: …), found text; the file begins "unit,a,b"`)

	long := strings.Repeat("m", 500_000)
	got = profileProblems(t, "normalize: "+long+"\nweights: {method: entropy, transform: "+long+"}\n")
	q := `"` + strings.Repeat("m", strictyaml.MaxQuote) + `"… (500000 characters)`
	sameLines(t, got,
		"1:12: normalize: unknown method "+q+" (want minmax|zscore|rank|percentile|goalposts|none|vector|efficacy)",
		"2:39: weights.transform: unknown entropy transform method "+q+" (want minmax|none|sum|vector)",
	)
}
