package seeds_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/seeds"
)

var goalIDs = []string{"innovative", "livable", "beautiful", "resilient", "civilized", "smart"}

func ccsy(t testing.TB) *indicators.Framework {
	t.Helper()
	fw, err := seeds.CCSY()
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

// yearbookInputs returns the input ids of yearbook/columns.csv, the columns
// of the yearbook tables.
func yearbookInputs(t testing.TB) map[string]bool {
	t.Helper()
	// The rows of columns.csv, not the synonyms' extra ids.
	raw, err := os.ReadFile("yearbook/columns.csv")
	if err != nil {
		t.Fatal(err)
	}
	d, err := importers.ReadDictionary(bytes.NewReader(raw), "columns.csv")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, c := range d.Columns() {
		ids[c.Input] = true
	}
	return ids
}

// TestCCSYFramework checks the yearbook-ready framework: the six goals,
// each with at least four indicators; every indicator with a direction, a
// unit, policy clauses, a one-line note and a formula whose operands are
// columns of the yearbook tables (yearbook/columns.csv) of the indicator's
// own scope; every yearbook column an input, as in framework.yaml; no
// warning (a formula mixing scopes would give one).
func TestCCSYFramework(t *testing.T) {
	fw := ccsy(t)
	if fw.ID != "city-hqd-2025-ccsy" || fw.Units != indicators.UnitsCNCity {
		t.Errorf("id %q, units %q", fw.ID, fw.Units)
	}
	if len(fw.Warnings) != 0 {
		t.Errorf("warnings: %v", fw.Warnings)
	}
	if len(fw.Goals) != len(goalIDs) {
		t.Fatalf("%d goals", len(fw.Goals))
	}
	yb := yearbookInputs(t)
	for i, g := range fw.Goals {
		if g.ID != goalIDs[i] || g.Name.Zh == "" || g.Name.En == "" {
			t.Errorf("goal %d = %s %+v", i, g.ID, g.Name)
		}
	}
	perGoal := map[string]int{}
	for _, ind := range fw.Indicators() {
		perGoal[ind.Goal.ID]++
		if ind.Name.Zh == "" || ind.Name.En == "" || ind.Unit == "" || ind.Scope == "" {
			t.Errorf("%s lacks a name, unit or scope", ind.ID)
		}
		if d := ind.Direction.String(); d != "positive" && d != "negative" {
			t.Errorf("%s: direction %s", ind.ID, d)
		}
		if len(ind.Clauses) == 0 {
			t.Errorf("%s: no clause", ind.ID)
		}
		for _, c := range ind.Clauses {
			if !strings.HasPrefix(c, "(") || !strings.HasSuffix(c, ")") {
				t.Errorf("%s: clause %q", ind.ID, c)
			}
		}
		if ind.Note == "" || strings.ContainsAny(ind.Note, "\n\r") {
			t.Errorf("%s: the note must be one line: %q", ind.ID, ind.Note)
		}
		if ind.Formula == nil {
			t.Errorf("%s: no formula", ind.ID)
			continue
		}
		// The formula and its derive alternatives use yearbook columns only,
		// of the indicator's scope; so do the derive alternatives of the
		// inputs they use (the population from GDP ÷ GDP per capita).
		ops := slices.Clone(ind.Formula.IDs())
		for _, a := range ind.Derive {
			ops = append(ops, a.Formula.IDs()...)
		}
		for _, id := range ops {
			v := fw.Variable(id)
			switch {
			case v == nil || !v.IsInput():
				t.Errorf("%s: operand %s is not an input", ind.ID, id)
				continue
			case !yb[id]:
				t.Errorf("%s: operand %s is not a column of yearbook/columns.csv", ind.ID, id)
			case v.Scope != ind.Scope:
				t.Errorf("%s (%s): operand %s is %s", ind.ID, ind.Scope, id, v.Scope)
			}
			for _, a := range v.Derive {
				for _, op := range a.Formula.IDs() {
					if w := fw.Variable(op); !yb[op] || w == nil || w.Scope != v.Scope {
						t.Errorf("%s: derive operand %s of %s is not a yearbook column of scope %s", ind.ID, op, id, v.Scope)
					}
				}
			}
		}
	}
	for _, g := range goalIDs {
		if perGoal[g] < 4 {
			t.Errorf("%s has %d indicators, want at least 4", g, perGoal[g])
		}
	}
	// Every column of the yearbook tables is an input, with the scope and
	// the unit of framework.yaml, whose inputs the importer's conversions
	// were written for.
	builtin, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	for id := range yb {
		v, b := fw.Variable(id), builtin.Variable(id)
		switch {
		case v == nil:
			t.Errorf("yearbook column %s is not an input", id)
		case !v.IsInput():
			t.Errorf("%s is an indicator", id)
		case v.Scope != b.Scope || v.Unit != b.Unit || v.Basis != b.Basis || v.Name != b.Name:
			t.Errorf("input %s: %s %s %s %v, framework.yaml has %s %s %s %v", id, v.Scope, v.Unit, v.Basis, v.Name, b.Scope, b.Unit, b.Basis, b.Name)
		}
	}
	if len(fw.Inputs) != len(yb) {
		t.Errorf("%d inputs, want the %d columns of yearbook/columns.csv", len(fw.Inputs), len(yb))
	}
	// Names and aliases name one variable each (TestFrameworkNamesUnique).
	seen := map[string]string{}
	for _, v := range fw.Variables() {
		for _, n := range append([]string{v.Name.Zh, v.Name.En}, v.Aliases...) {
			k := indicators.Fold(n)
			if other, dup := seen[k]; dup && other != v.ID {
				t.Errorf("%q names %s and %s", n, other, v.ID)
			}
			seen[k] = v.ID
		}
	}
}

// TestCCSYSharedIDs checks that an indicator id of ccsy.yaml that
// framework.yaml also has means the same thing there: same formula, derive
// alternatives, unit, direction, scope, basis and valid range.
func TestCCSYSharedIDs(t *testing.T) {
	fw := ccsy(t)
	builtin, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	text := func(f *indicators.Formula) string {
		if f == nil {
			return ""
		}
		return strings.Join(strings.Fields(f.Text), " ")
	}
	shared := 0
	for _, ind := range fw.Indicators() {
		v := builtin.Variable(ind.ID)
		if v == nil {
			continue
		}
		b := v.Indicator
		if b == nil {
			t.Errorf("%s is an input of framework.yaml", ind.ID)
			continue
		}
		shared++
		if text(ind.Formula) != text(b.Formula) || ind.Unit != b.Unit || ind.Direction != b.Direction ||
			ind.Scope != b.Scope || ind.Basis != b.Basis || !sameRange(ind.Valid, b.Valid) {
			t.Errorf("%s differs from framework.yaml:\n  ccsy:      %s [%s] %s %s %s %v\n  framework: %s [%s] %s %s %s %v", ind.ID,
				text(ind.Formula), ind.Unit, ind.Direction, ind.Scope, ind.Basis, ind.Valid,
				text(b.Formula), b.Unit, b.Direction, b.Scope, b.Basis, b.Valid)
		}
		if len(ind.Derive) != len(b.Derive) {
			t.Errorf("%s: %d derive alternatives, framework.yaml %d", ind.ID, len(ind.Derive), len(b.Derive))
			continue
		}
		for i := range ind.Derive {
			if text(ind.Derive[i].Formula) != text(b.Derive[i].Formula) || ind.Derive[i].Basis != b.Derive[i].Basis {
				t.Errorf("%s: derive %d differs from framework.yaml", ind.ID, i+1)
			}
		}
	}
	if shared != 19 {
		t.Errorf("%d indicator ids shared with framework.yaml, want 19 (update the header of ccsy.yaml)", shared)
	}
}

func sameRange(a, b *dataset.Range) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// TestCCSYNamed checks how seeds exposes the built-in frameworks by name.
func TestCCSYNamed(t *testing.T) {
	if got := seeds.FrameworkNames(); !slices.Equal(got, []string{"builtin", "ccsy"}) {
		t.Errorf("FrameworkNames() = %v", got)
	}
	for name, want := range map[string]string{
		"builtin": seeds.FrameworkName, "ccsy": seeds.CCSYName,
		seeds.FrameworkName: seeds.FrameworkName, seeds.CCSYName: seeds.CCSYName,
	} {
		fw, res, err := seeds.FrameworkNamed(name)
		if err != nil || res != want || fw == nil {
			t.Errorf("FrameworkNamed(%q) = %v, %q, %v; want %s", name, fw, res, err, want)
			continue
		}
		if r, ok := seeds.FrameworkSource(name); !ok || r != want {
			t.Errorf("FrameworkSource(%q) = %q, %v", name, r, ok)
		}
		if sum, size, ok := seeds.Digest(res); !ok || len(sum) != 64 || size == 0 {
			t.Errorf("Digest(%s) = %s %d %v", res, sum, size, ok)
		}
	}
	if fw, _, _ := seeds.FrameworkNamed("ccsy"); fw.ID != "city-hqd-2025-ccsy" {
		t.Errorf("ccsy is %s", fw.ID)
	}
	for _, name := range []string{"", "CCSY", "ccsy.yaml", "framework.yaml", "builtin:ccsy"} {
		if _, ok := seeds.FrameworkSource(name); ok {
			t.Errorf("FrameworkSource(%q) selects a built-in framework", name)
		}
		if _, _, err := seeds.FrameworkNamed(name); err == nil || !strings.Contains(err.Error(), "builtin or ccsy") {
			t.Errorf("FrameworkNamed(%q): %v", name, err)
		}
	}
}

// TestCCSYCoverage scores the 30 section-2 tables of the 2024 yearbook (data
// year 2023, 297 cities) with ccsy and the default profile, when the
// evaluation data are at hand (../../shared/data, never in the repository):
// every goal has at least four indicators with data for at least 90 % of
// the cities, and nearly every city is ranked.
func TestCCSYCoverage(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "ccsy2024-excel", "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("evaluation data not available: ", err)
	}
	fw := ccsy(t)
	tab, rep, err := importers.ReadPaths([]string{dir}, importers.Options{Dictionary: seeds.Yearbook(), Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Unmatched) != 0 {
		t.Errorf("unmatched columns: %v", rep.Unmatched)
	}
	prof, err := seeds.Profile()
	if err != nil {
		t.Fatal(err)
	}
	fw.ComputeWith(tab, indicators.ComputeOptions{Basis: prof.PopulationBasis})
	schema := fw.Schema()
	res, err := scoring.Run(schema, tab, prof.Options)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Years) != 1 || res.Years[0].Year != 2023 {
		t.Fatalf("years %v", res.Years)
	}
	y := res.Years[0]
	n := len(y.Units)
	if n != 297 {
		t.Errorf("%d cities, want 297", n)
	}
	full := map[string]int{}
	for _, ind := range fw.Indicators() {
		i, _ := schema.Index(ind.ID)
		have := 0
		for _, x := range y.Raw[i] {
			if !math.IsNaN(x) {
				have++
			}
		}
		if float64(have) >= 0.9*float64(n) {
			full[ind.Goal.ID]++
		}
		t.Logf("%-10s %-36s %d of %d", ind.Goal.ID, ind.ID, have, n)
	}
	for _, g := range goalIDs {
		if full[g] < 4 {
			t.Errorf("%s: %d indicators with data for ≥ 90 %% of the cities, want at least 4", g, full[g])
		}
	}
	ranked := 0
	for _, st := range y.Status {
		if st.Ranked {
			ranked++
		}
	}
	if ranked < 290 {
		t.Errorf("%d of %d cities ranked, want at least 290", ranked, n)
	}
}
