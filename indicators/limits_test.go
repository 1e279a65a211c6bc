package indicators_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/internal/strictyaml"
)

// aliasBomb is a framework of n goals, each of n dimensions of n
// indicators, written with anchors and aliases: about 5n bytes for n³
// indicators.
func aliasBomb(n int) []byte {
	list := func(anchor, alias string) string {
		return "&" + anchor + " [" + strings.TrimSuffix(strings.Repeat("*"+alias+", ", n), ", ") + "]"
	}
	return []byte(fmt.Sprintf(`id: bomb
inputs:
  - {id: i, aliases: &ind {id: x, direction: positive}}
  - {id: d, aliases: &dim {id: dim, indicators: %s}}
  - {id: g, aliases: &goal {id: goal, dimensions: %s}}
goals: %s
`, list("inds", "ind"), list("dims", "dim"), list("goals", "goal")))
}

// problems loads data and returns its problems, failing when there are
// none or more than strictyaml.MaxProblems and a count.
func problems(t *testing.T, data []byte) strictyaml.Problems {
	t.Helper()
	_, err := indicators.Parse(data, "f.yaml")
	if err == nil {
		t.Fatal("no error")
	}
	ps := strictyaml.AsProblems(err)
	if len(ps) == 0 || len(ps) > strictyaml.MaxProblems+1 {
		t.Fatalf("%d problems:\n%.3000s", len(ps), err)
	}
	return ps
}

// wantProblems checks that ps are exactly want, each "line:col: path:
// message" after the file name f.yaml.
func wantProblems(t *testing.T, ps strictyaml.Problems, want ...string) {
	t.Helper()
	var got []string
	for _, p := range ps {
		got = append(got, strings.TrimPrefix(p.Error(), "f.yaml:"))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAliasBomb: a framework whose aliases stand for 30³ indicators (or,
// in 22 KB, 1500³) is refused at its anchors and aliases, quickly, with
// at most MaxProblems problems listed.
func TestAliasBomb(t *testing.T) {
	ps := problems(t, aliasBomb(40))
	wantProblems(t, ps[:3],
		"3:22: anchors are not allowed in a framework file: remove &ind",
		"4:22: anchors are not allowed in a framework file: remove &dim",
		"4:49: anchors are not allowed in a framework file: remove &inds",
	)
	if got := ps[3].Error(); got != "f.yaml:4:56: aliases are not allowed in a framework file: write out what *ind stands for (the anchor &ind at line 3)" {
		t.Errorf("fourth problem %q", got)
	}
	if got := ps[len(ps)-1].Error(); got != "f.yaml: … and 26 more problems (the first 100 are listed)" {
		t.Errorf("last problem %q, want a count", got)
	}
	big := aliasBomb(1150)
	if len(big) > 23000 {
		t.Fatalf("bomb of %d bytes", len(big))
	}
	start := time.Now()
	problems(t, big)
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("a 22 KB alias bomb took %v", el)
	}
}

func TestSecondDocument(t *testing.T) {
	ps := problems(t, []byte("id: one\ngoals: [{id: g, indicators: [{id: a, direction: positive}]}]\n---\nid: two\n"))
	wantProblems(t, ps, "3:1: a framework file holds one YAML document; found a second at line 3")
}

// TestNumbersOutOfRange: a number a float64 cannot hold is an error where
// it is written, never 0 or ±Inf.
func TestNumbersOutOfRange(t *testing.T) {
	ps := problems(t, []byte(`id: f
goals:
  - id: g
    weight: 1e-400
    indicators:
      - {id: a, direction: positive, weight: 1e400, goalposts: [0, -1e999]}
      - {id: b, direction: positive, valid: [0, 1e-324], targets: {2030: 2e-500}}
      - {id: c, direction: interval, optimal: ["1/1e-400", 2]}
      - {id: d, direction: positive, formula: "a * 1e-400 + 1e999"}
`))
	wantProblems(t, ps,
		"4:13: goals[0].weight: 1e-400 is too small to represent; write 0 if you mean 0",
		"6:46: goals[0].indicators[0].weight: 1e400 is too large to represent (the largest number is about 1.8e308)",
		"6:68: goals[0].indicators[0].goalposts[1]: -1e999 is too large to represent (the largest number is about 1.8e308)",
		"7:49: goals[0].indicators[1].valid[1]: 1e-324 is too small to represent; write 0 if you mean 0",
		"7:74: goals[0].indicators[1].targets.2030: 2e-500 is too small to represent; write 0 if you mean 0",
		"8:48: goals[0].indicators[2].optimal[0]: 1e-400 is too small to represent; write 0 if you mean 0",
		`9:61: goals[0].indicators[3].formula: formula "a * 1e-400 + 1e999": bad number "1e999"`,
	)
	ps = problems(t, []byte(`id: f
goals:
  - id: g
    indicators:
      - {id: a, direction: positive}
      - {id: d, direction: positive, formula: "a * 1e-400"}
`))
	wantProblems(t, ps, `6:52: goals[0].indicators[1].formula: formula "a * 1e-400": 1e-400 is too small to represent; write 0 if you mean 0`)
}

// TestZeroWeights: a goal, dimension or index whose children all have
// weight 0 has no score; the file says where.
func TestZeroWeights(t *testing.T) {
	ps := problems(t, []byte(`id: f
goals:
  - id: g
    weight: 0
    indicators:
      - {id: a, direction: positive, weight: 0}
      - {id: b, direction: positive, weight: 0.0}
  - id: h
    weight: 0
    dimensions:
      - id: d
        weight: 0
        indicators:
          - {id: c, direction: positive, weight: 0}
      - id: e
        indicators:
          - {id: e1, direction: positive, weight: 1}
          - {id: e2, direction: positive, weight: 0}
        weight: 0
`))
	wantProblems(t, ps,
		`2:1: goals: every goal has weight 0: give at least one a positive weight (or remove the ones that should not count)`,
		`5:5: goals[0].indicators: every indicator of goal "g" has weight 0: give at least one a positive weight (or remove the ones that should not count)`,
		`10:5: goals[1].dimensions: every dimension of goal "h" has weight 0: give at least one a positive weight (or remove the ones that should not count)`,
		`13:9: goals[1].dimensions[0].indicators: every indicator of dimension "d" has weight 0: give at least one a positive weight (or remove the ones that should not count)`,
	)
	// A weight that is not a number is its own problem, not a zero.
	ps = problems(t, []byte(`id: f
goals:
  - id: g
    indicators:
      - {id: a, direction: positive, weight: 0}
      - {id: b, direction: positive, weight: heavy}
`))
	wantProblems(t, ps, `6:46: goals[0].indicators[1].weight: "heavy" is not a number`)
	// Some zero weights are fine.
	if _, err := indicators.Parse([]byte("id: f\ngoals: [{id: g, indicators: [{id: a, direction: positive, weight: 0}, {id: b, direction: positive}]}]\n"), "f.yaml"); err != nil {
		t.Error(err)
	}
}

// TestNotAFramework: a CSV, a workbook or a long line named as a
// framework is said not to be one, with at most a short quote.
func TestNotAFramework(t *testing.T) {
	csv := "unit,gdp,population\n" + strings.Repeat("城市,1,2\n", 20000)
	ps := problems(t, []byte(csv))
	wantProblems(t, ps, `1:1: not a YAML framework: want a mapping of keys (id:, name:, version: …), found text; the file begins "unit,gdp,population"`)

	ps = problems(t, []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"+strings.Repeat("\x00\xff", 5000)))
	wantProblems(t, ps, ` not a YAML framework: the file holds binary data (it begins "PK\x03\x04\x14\x00\x00\x00\b\x00\x00\xff\x00\xff\x00\xff"…)`)

	ps = problems(t, []byte(strings.Repeat("é", 1<<19)))
	if got := ps[0].Error(); len(got) > 400 || !strings.Contains(got, "not a YAML framework") {
		t.Errorf("%d bytes: %.300s", len(got), got)
	}
}

// TestLongScalar: a 900 kB value is quoted by its first 80 characters.
func TestLongScalar(t *testing.T) {
	long := strings.Repeat("z", 900_000)
	ps := problems(t, []byte("id: f\ngoals: [{id: g, indicators: [{id: a, direction: "+long+", weight: x"+long+"}]}]\n"))
	q := `"` + strings.Repeat("z", strictyaml.MaxQuote)
	wantProblems(t, ps,
		`2:49: goals[0].indicators[0].direction: unknown value `+q+`"… (900000 characters) (want positive|negative|interval)`,
		`2:900059: goals[0].indicators[0].weight: "x`+strings.Repeat("z", strictyaml.MaxQuote-1)+`"… (900001 characters) is not a number`,
	)
}

// TestSizeLimit: LoadFile refuses a file larger than strictyaml.MaxSize
// without parsing it.
func TestSizeLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	data := []byte("id: f\ngoals: [{id: g, indicators: [{id: a, direction: positive}]}]\n" + strings.Repeat("# a comment line\n", strictyaml.MaxSize/17+1))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := indicators.LoadFile(path)
	if err == nil || err.Error() != filepath.ToSlash(path)+": the file is larger than 2 MiB, the most a framework file may hold" {
		t.Errorf("LoadFile: %v", err)
	}
	if _, err := indicators.Load(strings.NewReader(string(data)), "stdin"); err == nil || !strings.HasPrefix(err.Error(), "stdin: the file is larger") {
		t.Errorf("Load: %v", err)
	}
}

// TestFormulaLimits: a formula has at most 10000 bytes (its parser and
// evaluator recurse once per bracket).
func TestFormulaLimits(t *testing.T) {
	deep := strings.Repeat("(", 500000) + "a" + strings.Repeat(")", 500000)
	ps := problems(t, []byte("id: f\ngoals: [{id: g, indicators: [{id: a, direction: positive}, {id: b, direction: positive, formula: \""+deep+"\"}]}]\n"))
	wantProblems(t, ps, `2:98: goals[0].indicators[1].formula: formula "`+strings.Repeat("(", strictyaml.MaxQuote)+`"… (1000001 characters) is 1000001 bytes long; a formula has at most 10000`)
}

// TestManyUnknownIDs: suggestions for unknown ids stay quick when a
// framework names thousands of them among thousands of variables.
func TestManyUnknownIDs(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: f\ninputs:\n")
	for i := range 10000 {
		fmt.Fprintf(&b, "  - {id: v%05d}\n", i)
	}
	b.WriteString("goals:\n  - id: g\n    indicators:\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "      - {id: x%d, direction: positive, formula: \"", i)
		for k := range 10 {
			if k > 0 {
				b.WriteString(" + ")
			}
			fmt.Fprintf(&b, "u%05d", i*10+k)
		}
		b.WriteString("\"}\n")
	}
	start := time.Now()
	ps := problems(t, []byte(b.String()))
	if el := time.Since(start); el > 10*time.Second {
		t.Errorf("took %v", el)
	}
	if got := ps[0].Error(); !strings.Contains(got, `names unknown id "u00000" (did you mean "v00000"?)`) {
		t.Errorf("first problem %q", got)
	}
}
