package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/seeds"
)

// readDoc reads a JSON output.
func readDoc(t *testing.T, path string) exporters.Document {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc exporters.Document
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestFrameworkCCSY checks that every way of naming a framework accepts the
// built-in yearbook-ready one: --framework ccsy (or its manifest name
// builtin:ccsy.yaml) in every command, and framework: ccsy in a profile
// wherever the profile lives; the manifest names it builtin:ccsy.yaml with
// the SHA-256 of the embedded file.
func TestFrameworkCCSY(t *testing.T) {
	sum, size, _ := seeds.Digest(seeds.CCSYName)
	dir := t.TempDir()

	head, stderr, code := runCLI(t, "catalog", "--framework", "ccsy")
	if code != 0 {
		t.Fatalf("catalog: exit %d: %s", code, stderr)
	}
	if !strings.HasPrefix(head, "城市高质量发展评价（城市统计年鉴版） / City high-quality development (yearbook edition) (city-hqd-2025-ccsy 2025.1)\n6 goals, 31 indicators, 137 inputs\n") {
		t.Errorf("catalog --framework ccsy:\n%s", head)
	}
	if out, _, _ := runCLI(t, "catalog", "--framework", "builtin:ccsy.yaml"); out != head {
		t.Error("catalog --framework builtin:ccsy.yaml differs from --framework ccsy")
	}
	if out, _, _ := runCLI(t, "catalog", "--framework", "builtin"); out == head || !strings.Contains(out, "(city-hqd-2025 2025.1)") {
		t.Errorf("catalog --framework builtin:\n%.200s", out)
	}

	// score on the built-in sample (no --data): the manifest.
	js := filepath.Join(dir, "r.json")
	if _, stderr, code := runCLI(t, "score", "--framework", "ccsy", "--out", js, "--quiet"); code != 0 {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	doc := readDoc(t, js)
	want := exporters.Source{Name: "city-hqd-2025-ccsy", Version: "2025.1", Path: "builtin:ccsy.yaml", SHA256: sum, Bytes: size}
	if doc.Manifest.Framework != want {
		t.Errorf("manifest framework %+v, want %+v", doc.Manifest.Framework, want)
	}

	// A profile naming it, in a folder of its own and from another
	// working directory: config resolves relative paths against the
	// profile's folder, and the name must survive that.
	prof := filepath.Join(dir, "profiles", "p.yaml")
	if err := os.MkdirAll(filepath.Dir(prof), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prof, []byte("profile: p\nframework: ccsy\npopulation_basis: resident\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"validate"}, {"weights"}} {
		out, stderr, code := runCLI(t, append(cmd, "--profile", prof)...)
		if code != 0 || !strings.Contains(out, "city-hqd-2025-ccsy") {
			t.Errorf("%s --profile (framework: ccsy): exit %d\n%s%s", cmd[0], code, out, stderr)
		}
	}
	// --framework overrides the profile's.
	if out, _, code := runCLI(t, "validate", "--profile", prof, "--framework", "builtin"); code != 0 || !strings.Contains(out, "framework city-hqd-2025 2025.1 (builtin:framework.yaml)") {
		t.Errorf("validate --framework builtin over a ccsy profile:\n%s", out)
	}

	// import: the yearbook tables matched to ccsy's inputs.
	panel := filepath.Join(dir, "panel.csv")
	if _, stderr, code := runCLI(t, "import", "--framework", "ccsy", "testdata/import/yearbook", "--year", "2023", "--out", panel, "--quiet"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if recs := readCSVFile(t, panel); len(recs) < 2 {
		t.Errorf("panel %v", recs)
	}

	// A name that is neither a built-in framework nor a file.
	_, stderr, code = runCLI(t, "catalog", "--framework", "ccsy2")
	if code != 1 || !strings.Contains(stderr, "(the built-in frameworks are builtin, ccsy)") {
		t.Errorf("catalog --framework ccsy2: exit %d: %s", code, stderr)
	}
}

// TestScoreCCSYRealYearbook scores section 2 of the 2024 edition with
// --framework ccsy, when the evaluation data are at hand: every goal has at
// least four indicators with data for at least 90 % of the 297 cities, and
// the cities that miss the ranking rule are the few without whole tables.
func TestScoreCCSYRealYearbook(t *testing.T) {
	dir := realDir(t, "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	js := filepath.Join(t.TempDir(), "r.json")
	stdout, stderr, code := runCLI(t, "score", "--framework", "ccsy", "--data", dir, "--year", "2023", "--out", js, "--detail")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "indicators with data: innovative 7/7, livable 5/5, beautiful 6/6, resilient 5/5, civilized 4/4, smart 4/4") {
		t.Errorf("summary:\n%s", stdout)
	}
	doc := readDoc(t, js)
	goalOf := goalOfIn(&doc)
	units := doc.Years[0].Units
	if len(units) != 297 {
		t.Fatalf("%d units", len(units))
	}
	full := map[string]int{}
	for _, f := range units[0].Indicators {
		n := 0
		for _, u := range units {
			if v, _ := u.Indicators.Get(f.Key); v.Raw != nil {
				n++
			}
		}
		if 10*n >= 9*len(units) {
			full[goalOf(f.Key)]++
		}
	}
	for _, g := range []string{"innovative", "livable", "beautiful", "resilient", "civilized", "smart"} {
		if full[g] < 4 {
			t.Errorf("%s: %d indicators with data for ≥ 90 %% of the cities", g, full[g])
		}
	}
	var notRanked []string
	for _, u := range units {
		if u.Status != exporters.StatusRanked {
			notRanked = append(notRanked, string(u.Unit))
		}
	}
	if len(notRanked) > 7 || !slices.Contains(notRanked, "三沙市") {
		t.Errorf("not ranked: %v", notRanked)
	}
	if units[0].Unit != "北京市" {
		t.Errorf("first %s", units[0].Unit)
	}
}
