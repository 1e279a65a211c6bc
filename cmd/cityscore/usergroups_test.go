package main

import (
	"cmp"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// writeGroups writes a groups file in dir and returns its path.
func writeGroups(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkGroupRanks checks that rank_<id> numbers the ranked units of each
// group 1..n by score, best first (ties share the best rank), and is empty
// for a unit not ranked or in no group. It returns the units per group.
func checkGroupRanks(t *testing.T, recs [][]string, id string) map[string]int {
	t.Helper()
	col := func(name string) int {
		i := slices.Index(recs[0], name)
		if i < 0 {
			t.Fatalf("scores CSV has no %s: %v", name, recs[0])
		}
		return i
	}
	grp, grank, rank, score := col(id), col("rank_"+id), col("rank"), col("score")
	type row struct {
		unit         string
		score        float64
		rank, within int
	}
	by := map[string][]row{}
	for _, r := range recs[1:] {
		if r[grp] == "" || r[rank] == "" {
			if r[grank] != "" {
				t.Errorf("%s (group %q, rank %q): rank_%s %q, want none", r[0], r[grp], r[rank], id, r[grank])
			}
			continue
		}
		s, _ := strconv.ParseFloat(r[score], 64)
		by[r[grp]] = append(by[r[grp]], row{r[0], s, atoi(r[rank]), atoi(r[grank])})
	}
	n := map[string]int{}
	for g, rows := range by {
		n[g] = len(rows)
		slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(b.score, a.score) })
		for k, r := range rows {
			want := k + 1
			if k > 0 && r.score == rows[k-1].score {
				want = rows[k-1].within
			}
			if r.within != want {
				t.Errorf("%s in %s: rank_%s %d, want %d (score %v)", r.unit, g, id, r.within, want, r.score)
			}
		}
	}
	return n
}

// TestUserGroups: --groups adds the user's grouping to the scores CSV
// (<id>, rank_<id>: 1..n within each group by score), the JSON, the Groups
// and Method sheets; a unit of the file that is not scored is counted in
// the note; the file's problems stop the run with their cells.
func TestUserGroups(t *testing.T) {
	dir := t.TempDir()
	groups := writeGroups(t, dir, "tiers.csv", "\uFEFFunit,tier\n北京市,一线\n上海,一线\n广州市,一线\n深圳市,一线\n"+
		"宁波,新一线\n南京市,新一线\n成都市,新一线\n武汉市,新一线\n西安市,新一线\n"+
		"嘉兴市,其他\n绍兴市,其他\n儋州市,其他\n")
	csvOut, js, book := filepath.Join(dir, "s.csv"), filepath.Join(dir, "r.json"), filepath.Join(dir, "r.xlsx")
	stdout, stderr, code := runCLI(t, "score", "--year", "2012", "--groups", groups, "--out", csvOut, "--out", js, "--out", book)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "groups tier: the user's groups, from "+groups+": 12 units in 3 groups; 1 of them not among the units scored in 2012 (儋州市); 252 scored units in no group") {
		t.Errorf("stdout lacks the note of the groups:\n%s", stdout)
	}
	recs := readCSVFile(t, csvOut)
	if i, j := slices.Index(recs[0], "tier"), slices.Index(recs[0], "rank_tier"); i < 0 || j < i || slices.Index(recs[0], "cluster") > i {
		t.Fatalf("header %v: want tier after the built-in groupings, then rank_tier", recs[0])
	}
	if n := checkGroupRanks(t, recs, "tier"); n["一线"] != 4 || n["新一线"] != 5 || n["其他"] != 2 {
		t.Errorf("ranked units per group %v", n)
	}
	doc := readDoc(t, js)
	found := false
	for _, u := range doc.Years[0].Units {
		if u.Unit == "宁波市" {
			found = true
			if u.Groups["tier"] != "新一线" || u.GroupRanks["tier"] < 1 || u.GroupRanks["tier"] > 5 {
				t.Errorf("JSON 宁波市: groups %v, ranks %v", u.Groups, u.GroupRanks)
			}
		}
	}
	if !found {
		t.Error("JSON lacks 宁波市")
	}
	if rows := sheetRows(t, book, "分组比较"); !hasRow(rows, "分组：tier") || !hasRow(rows, "一线|4|") || !hasRow(rows, "其他|2|") {
		t.Errorf("Groups sheet lacks the tier block:\n%s", strings.Join(rows, "\n"))
	}
	if rows := sheetRows(t, book, "排名"); !strings.Contains(rows[0], "|tier|") {
		t.Errorf("Ranking header %q lacks tier", rows[0])
	}

	for _, tc := range []struct{ name, text, want string }{
		{"unknown.csv", "unit,tier\n杭州,A\n宁波市,B\n深川市,A\n", "unknown.csv:4:1 (A4, column unit): 深川市: not a known city; did you mean 深圳市?"},
		{"dup.csv", "unit,tier\n杭州市,A\n宁波市,B\n杭州,B\n", `dup.csv:4:1 (A4, column unit): "杭州": duplicate unit 杭州市: first at line 2 (A2)`},
		{"builtin.csv", "unit,region\n杭州,A\n", `builtin.csv:1:6 (B1): "region": bad grouping id: region is a built-in grouping; choose another id`},
		{"column.csv", "unit,grade\n杭州,A\n", `column.csv:1:6 (B1): "grade": bad grouping id: grade is a column of the scores CSV; choose another id`},
	} {
		p := writeGroups(t, dir, tc.name, tc.text)
		_, stderr, code := runCLI(t, "score", "--year", "2012", "--groups", p, "--out", filepath.Join(dir, "x.csv"), "--quiet")
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q, want 1 and %q", tc.name, code, stderr, tc.want)
		}
	}
	// The same id twice.
	_, stderr, code = runCLI(t, "score", "--year", "2012", "--groups", groups, "--groups", groups, "--out", filepath.Join(dir, "x.csv"), "--quiet")
	if code != 1 || !strings.Contains(stderr, "tier is the grouping of --groups "+groups) {
		t.Errorf("the same id twice: exit %d, %s", code, stderr)
	}
}

// TestUserGroupsASEM: on a framework of other units (COINr's ASEM
// countries) there are no built-in groupings, and the user's groups apply
// to the units as printed.
func TestUserGroupsASEM(t *testing.T) {
	dir := t.TempDir()
	groups := writeGroups(t, dir, "blocs.csv", "unit,bloc\nAUT,EU\nBEL,EU\nDEU,EU\nFRA,EU\nCHN,East Asia\nJPN,East Asia\nKOR,East Asia\nXXX,none\n")
	out := filepath.Join(dir, "s.csv")
	if _, stderr, code := runCLI(t, "score", "--framework", "testdata/asem/framework.yaml", "--profile", "testdata/asem/profile-minmax.yaml",
		"--data", "../../scoring/testdata/asem/ASEM_iData.csv", "--unit-column", "uCode", "--groups", groups, "--out", out, "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	recs := readCSVFile(t, out)
	for _, id := range builtinGroupings {
		if slices.Contains(recs[0], id) {
			t.Errorf("ASEM scores CSV has the built-in grouping %s: %v", id, recs[0])
		}
	}
	if n := checkGroupRanks(t, recs, "bloc"); n["EU"] != 4 || n["East Asia"] != 3 || len(n) != 2 {
		t.Errorf("ranked units per group %v", n)
	}
}
