package server

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/seeds"
)

const testAddr = "127.0.0.1:8765"

// provinces groups the units by province, as the score command's
// province grouping does.
func provinces(res *scoring.Result) []exporters.Grouping {
	y := res.Years[exporters.Latest(res)]
	g := exporters.Grouping{ID: "province", Label: dataset.Text{Zh: "省份", En: "Province"}, Of: map[dataset.UnitID]string{}, Ranked: true}
	for _, id := range y.Units {
		if c, _, err := cities.Resolve(string(id), y.Year); err == nil {
			g.Of[id] = c.Province
		}
	}
	return []exporters.Grouping{g}
}

// sampleConfig is the built-in framework, profile and sample data.
func sampleConfig(t testing.TB) Config {
	t.Helper()
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	prof, err := seeds.Profile()
	if err != nil {
		t.Fatal(err)
	}
	table, _, err := seeds.Sample(fw)
	if err != nil {
		t.Fatal(err)
	}
	fw.ComputeWith(table, indicators.ComputeOptions{Basis: prof.PopulationBasis})
	return Config{Framework: fw, Table: table, Profile: prof, ProfileYAML: seeds.ProfileYAML(), ProfileFile: seeds.ProfileName,
		FrameworkRef: "builtin", Lang: "zh", Version: "test", Addr: testAddr, Groupings: provinces,
		Now: func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }}
}

func newServer(t testing.TB, cfg Config) http.Handler {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// do sends a request to h with the Host header of testAddr.
func do(h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Host = testAddr
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// manualGoals is a body setting manual goal weights, innovative's w.
func manualGoals(w float64) string {
	return fmt.Sprintf(`{"weights": {"goals": {"method": "manual", "values": {"innovative": %g, "livable": 1, "beautiful": 1, "resilient": 1, "civilized": 1, "smart": 1}}}}`, w)
}

func TestRoutes(t *testing.T) {
	h := newServer(t, sampleConfig(t))
	for _, tc := range []struct {
		method, target, body string
		status               int
		ctype                string
		keys                 []string // top-level JSON keys
	}{
		{"GET", "/api/meta", "", 200, "application/json", []string{"version", "framework", "profile", "year", "lang", "goals", "dimensions", "groupings", "methods", "settings", "base_profile", "can_save"}},
		{"GET", "/api/ranking", "", 200, "application/json", []string{"year", "profile", "settings", "grade_labels", "units"}},
		{"POST", "/api/score", manualGoals(0), 200, "application/json", []string{"year", "profile", "settings", "grade_labels", "units"}},
		{"POST", "/api/score", "", 200, "application/json", []string{"year", "profile", "settings", "grade_labels", "units"}},
		{"POST", "/api/score", `{"weights": {"goals": {"method": "manul"}}}`, 400, "application/json", []string{"error"}},
		{"POST", "/api/score", `{"weights": {"goals": {"method": "manual", "values": {"nowhere": 1}}}}`, 400, "application/json", []string{"error"}},
		{"POST", "/api/score", `{"framework": "ccsy"}`, 400, "application/json", []string{"error"}},
		{"POST", "/api/score", `{"population_basis": "registered"}`, 400, "application/json", []string{"error"}},
		{"POST", "/api/score", `[1]`, 400, "application/json", []string{"error"}},
		{"GET", "/api/score", "", 405, "", nil},
		{"POST", "/api/city?unit=深圳市", manualGoals(0), 200, "text/html", nil},
		{"POST", "/api/city?unit=nowhere", "", 404, "application/json", []string{"error"}},
		{"POST", "/api/workbook", manualGoals(0), 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", nil},
		{"GET", "/api/map", "", 200, "application/json", []string{"attribution", "points"}},
		{"POST", "/api/profile", `{"name": "x", "profile": {}}`, 403, "application/json", []string{"error"}},
		{"GET", "/api/nowhere", "", 404, "application/json", []string{"error"}},
		{"GET", "/", "", 200, "text/html", nil},
		{"PUT", "/api/score", "{}", 405, "application/json", []string{"error"}},
		{"DELETE", "/", "", 405, "application/json", []string{"error"}},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			w := do(h, tc.method, tc.target, tc.body)
			if w.Code != tc.status {
				t.Fatalf("status %d; want %d: %s", w.Code, tc.status, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type %q; want %s", ct, tc.ctype)
			}
			if strings.HasPrefix(tc.target, "/api/") && w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q; want no-store", w.Header().Get("Cache-Control"))
			}
			if tc.keys == nil {
				return
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
				t.Fatalf("%v: %.200s", err, w.Body)
			}
			for _, k := range tc.keys {
				if _, ok := m[k]; !ok {
					t.Errorf("no key %q in %.300s", k, w.Body)
				}
			}
			if len(m) != len(tc.keys) {
				t.Errorf("%d keys; want %d: %.300s", len(m), len(tc.keys), w.Body)
			}
		})
	}
}

// unitJSON is a unit of the score response.
type unitJSON struct {
	Unit       string            `json:"unit"`
	Rank       *int              `json:"rank"`
	Score      *float64          `json:"score"`
	Status     string            `json:"status"`
	Coverage   *float64          `json:"coverage"`
	GoalRanks  map[string]*int   `json:"goal_ranks"`
	Groups     map[string]string `json:"groups"`
	GroupRanks map[string]*int   `json:"group_ranks"`
	BaseRank   *int              `json:"base_rank"`
	RankChange *int              `json:"rank_change"`
}

type scoreJSON struct {
	Year    int               `json:"year"`
	Profile map[string]any    `json:"profile"`
	Units   []unitJSON        `json:"units"`
	Set     map[string]string `json:"settings"`
}

func decodeScore(t *testing.T, b []byte) (scoreJSON, []map[string]any) {
	t.Helper()
	var s scoreJSON
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%v: %.300s", err, b)
	}
	var raw struct {
		Units []map[string]any `json:"units"`
	}
	json.Unmarshal(b, &raw)
	return s, raw.Units
}

// TestScoreIsTheEngine checks /api/score against scoring.Run of the same
// profile written by hand: every score, rank and goal score exactly, in
// the outputs' order, and base_rank and rank_change against the base run.
func TestScoreIsTheEngine(t *testing.T) {
	cfg := sampleConfig(t)
	h := newServer(t, cfg)
	w := do(h, "POST", "/api/score", manualGoals(0))
	if w.Code != 200 {
		t.Fatalf("%d: %s", w.Code, w.Body)
	}
	got, raw := decodeScore(t, w.Body.Bytes())
	text := strings.Replace(string(cfg.ProfileYAML), "weights: framework",
		"weights: {indicators: framework, dimensions: framework, goals: {method: manual, values: {innovative: 0, livable: 1, beautiful: 1, resilient: 1, civilized: 1, smart: 1}}}", 1)
	p, err := config.Parse([]byte(text), "by-hand.yaml")
	if err != nil {
		t.Fatal(err)
	}
	res, err := scoring.Run(cfg.Framework.Schema(), cfg.Table, p.Options)
	if err != nil {
		t.Fatal(err)
	}
	base, err := scoring.Run(cfg.Framework.Schema(), cfg.Table, cfg.Profile.Options)
	if err != nil {
		t.Fatal(err)
	}
	yi := exporters.Latest(res)
	y, by := res.Years[yi], base.Years[exporters.Latest(base)]
	order := exporters.RankOrder(res, yi)
	if got.Year != y.Year || len(got.Units) != len(order) {
		t.Fatalf("year %d, %d units; want %d, %d", got.Year, len(got.Units), y.Year, len(order))
	}
	s := cfg.Framework.Schema()
	moved := 0
	for k, u := range order {
		g := got.Units[k]
		if g.Unit != string(y.Units[u]) {
			t.Fatalf("unit %d is %s; want %s", k, g.Unit, y.Units[u])
		}
		if !sameNum(g.Score, y.Scores[0][u]) || !sameRank(g.Rank, y.Ranks[0][u]) {
			t.Errorf("%s: score %v rank %v; want %v %v", g.Unit, deref(g.Score), g.Rank, y.Scores[0][u], y.Ranks[0][u])
		}
		for _, gi := range s.ByLevel(dataset.LevelGoal) {
			id := s.Nodes[gi].ID
			v, _ := raw[k][id].(float64)
			if raw[k][id] == nil {
				v = math.NaN()
			}
			if !(v == y.Scores[gi][u] || math.IsNaN(v) && math.IsNaN(y.Scores[gi][u])) || !sameRank(g.GoalRanks[id], y.Ranks[gi][u]) {
				t.Errorf("%s %s: %v rank %v; want %v %v", g.Unit, id, v, g.GoalRanks[id], y.Scores[gi][u], y.Ranks[gi][u])
			}
		}
		bu := slices.Index(by.Units, y.Units[u])
		if !sameRank(g.BaseRank, by.Ranks[0][bu]) {
			t.Errorf("%s: base rank %v; want %d", g.Unit, g.BaseRank, by.Ranks[0][bu])
		}
		if g.Rank != nil && g.BaseRank != nil {
			if g.RankChange == nil || *g.RankChange != *g.BaseRank-*g.Rank {
				t.Errorf("%s: rank change %v; want %d", g.Unit, g.RankChange, *g.BaseRank-*g.Rank)
			} else if *g.RankChange != 0 {
				moved++
			}
		} else if g.RankChange != nil {
			t.Errorf("%s: rank change %d without two ranks", g.Unit, *g.RankChange)
		}
	}
	if moved == 0 {
		t.Error("no rank moved with innovative's weight 0: the request was not applied")
	}
	if got.Profile["weights"] == nil || got.Set["weights.goals"] == "" {
		t.Errorf("profile %v, settings %v", got.Profile, got.Set)
	}
}

func TestUnitFields(t *testing.T) {
	h := newServer(t, sampleConfig(t))
	got, raw := decodeScore(t, do(h, "GET", "/api/ranking", "").Body.Bytes())
	withPoint, grouped, graded := 0, 0, 0
	for k, u := range got.Units {
		if g, ok := raw[k]["grade"]; ok {
			graded++
			if !slices.Contains([]any{"优", "良", "中", "差"}, g) {
				t.Errorf("%s: grade %v; want the zh labels", u.Unit, g)
			}
		}
		switch u.Status {
		case "ranked", "not ranked", "no score":
		default:
			t.Errorf("%s: status %q", u.Unit, u.Status)
		}
		if (u.Status == "ranked") != (u.Rank != nil) {
			t.Errorf("%s: status %s, rank %v", u.Unit, u.Status, u.Rank)
		}
		if _, ok := raw[k]["lon"]; ok {
			withPoint++
			if lat, _ := raw[k]["lat"].(float64); lat < 15 || lat > 55 {
				t.Errorf("%s: lat %v", u.Unit, lat)
			}
		}
		if u.Groups["province"] != "" && u.Rank != nil {
			grouped++
			if u.GroupRanks["province"] == nil || *u.GroupRanks["province"] > *u.Rank {
				t.Errorf("%s: province rank %v, rank %d", u.Unit, u.GroupRanks["province"], *u.Rank)
			}
		}
		if u.RankChange != nil && *u.RankChange != 0 {
			t.Errorf("%s: the base ranking moved by %d", u.Unit, *u.RankChange)
		}
	}
	if withPoint < len(got.Units)*9/10 || grouped == 0 || graded == 0 {
		t.Errorf("%d of %d units with a point, %d grouped, %d graded", withPoint, len(got.Units), grouped, graded)
	}
}

func TestMeta(t *testing.T) {
	cfg := sampleConfig(t)
	cfg.SaveDir = t.TempDir()
	w := do(newServer(t, cfg), "GET", "/api/meta", "")
	var m struct {
		Goals []struct {
			ID     string  `json:"id"`
			Weight float64 `json:"weight"`
		} `json:"goals"`
		Dimensions []struct {
			Goal   string  `json:"goal"`
			Weight float64 `json:"weight"`
		} `json:"dimensions"`
		Groupings []struct {
			ID     string   `json:"id"`
			Groups []string `json:"groups"`
		} `json:"groupings"`
		BaseProfile map[string]any `json:"base_profile"`
		CanSave     bool           `json:"can_save"`
		Settings    map[string]string
	}
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, g := range m.Goals {
		sum += g.Weight
	}
	dims := map[string]float64{}
	for _, d := range m.Dimensions {
		dims[d.Goal] += d.Weight
	}
	if len(m.Goals) != 6 || math.Abs(sum-1) > 1e-12 || len(dims) != 6 {
		t.Errorf("goals %v (sum %v), dimensions by goal %v", m.Goals, sum, dims)
	}
	for g, s := range dims {
		if math.Abs(s-1) > 1e-12 {
			t.Errorf("dimensions of %s sum to %v", g, s)
		}
	}
	if !m.CanSave || m.BaseProfile["profile"] != "default" || m.Settings["normalize"] != "minmax" || m.Settings["aggregate"] != "arithmetic" {
		t.Errorf("can_save %v, base profile %v, settings %v", m.CanSave, m.BaseProfile, m.Settings)
	}
	if len(m.Groupings) != 1 || len(m.Groupings[0].Groups) < 20 {
		t.Errorf("groupings %v", m.Groupings)
	}
}

func TestGuard(t *testing.T) {
	h := newServer(t, sampleConfig(t))
	for _, tc := range []struct {
		host   string
		status int
	}{
		{testAddr, 200},
		{"localhost:8765", 200},
		{"LOCALHOST:8765", 200},
		{"evil.example", 403},
		{"evil.example:8765", 403},
		{"127.0.0.1:9999", 403},
		{"localhost", 403},
		{"", 403},
	} {
		r := httptest.NewRequest("GET", "/api/meta", nil)
		r.Host = tc.host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.status {
			t.Errorf("Host %q: %d; want %d", tc.host, w.Code, tc.status)
		}
	}
	big := `{"description": "` + strings.Repeat("x", MaxBody) + `"}`
	if w := do(h, "POST", "/api/score", big); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body of %d bytes: %d; want 413", len(big), w.Code)
	}
}

func TestHostAllowedAnyInterface(t *testing.T) {
	s := &Server{cfg: Config{Addr: "0.0.0.0:80"}}
	for host, want := range map[string]bool{"192.168.1.5": true, "192.168.1.5:80": true, "[::1]:80": true, "evil.example": false, "192.168.1.5:81": false} {
		if got := s.hostAllowed(host); got != want {
			t.Errorf("hostAllowed(%q) = %v; want %v", host, got, want)
		}
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"my scenario":           "my-scenario",
		"创新为零 v2":               "创新为零-v2",
		"../x":                  "x",
		".hidden":               "hidden",
		"a/b":                   "a-b",
		`a\b`:                   "a-b",
		"   ":                   "",
		"..":                    "",
		"a--b__c":               "a--b__c",
		strings.Repeat("长", 80): strings.Repeat("长", 64),
		"x:y?*z":                "x-y-z",
	} {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestSave(t *testing.T) {
	cfg := sampleConfig(t)
	dir := t.TempDir()
	cfg.SaveDir = dir
	in := filepath.Join(dir, "input.yaml")
	os.WriteFile(in, []byte("profile: input\n"), 0o644)
	cfg.Inputs = []string{in}
	h := newServer(t, cfg)
	save := func(name string, overwrite bool) *httptest.ResponseRecorder {
		b, _ := json.Marshal(map[string]any{"name": name, "profile": json.RawMessage(manualGoals(0)), "overwrite": overwrite})
		return do(h, "POST", "/api/profile", string(b))
	}
	w := save("no innovation", false)
	path := filepath.Join(dir, "no-innovation.yaml")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "no-innovation.yaml") {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	first, _ := os.ReadFile(path)
	if !bytes.HasPrefix(first, []byte("# no innovation: saved by cityscore serve test on 2026-01-02")) {
		t.Errorf("header:\n%s", first)
	}
	p, err := config.Parse(first, path)
	if err != nil || p.Name != "no innovation" || p.Framework != "builtin" || p.Options.Weights.Goals.Method != scoring.WeightManual {
		t.Fatalf("saved profile: %v, %+v\n%s", err, p, first)
	}
	if want := "; changed in the workbench: weights.goals"; !strings.HasSuffix(p.Description, want) {
		t.Errorf("description %q does not end in %q", p.Description, want)
	}
	w = save("no innovation", false)
	var conflict map[string]string
	json.Unmarshal(w.Body.Bytes(), &conflict)
	if w.Code != 409 || conflict["error"] != "exists" || conflict["path"] != path {
		t.Errorf("second save: %d %s", w.Code, w.Body)
	}
	if w = save("no innovation", true); w.Code != 200 {
		t.Errorf("overwrite: %d %s", w.Code, w.Body)
	}
	for _, name := range []string{"../x", ".hidden", "a/b", "../../etc/passwd"} {
		w := save(name, true)
		var ok map[string]string
		json.Unmarshal(w.Body.Bytes(), &ok)
		if w.Code != 200 || filepath.Dir(ok["path"]) != dir || strings.HasPrefix(filepath.Base(ok["path"]), ".") {
			t.Errorf("save %q: %d %s", name, w.Code, w.Body)
		}
	}
	for _, name := range []string{"", "../", "///"} {
		if w := save(name, false); w.Code != 400 {
			t.Errorf("save %q: %d; want 400", name, w.Code)
		}
	}
	if w := save("input", true); w.Code != 409 {
		t.Errorf("saving over an input: %d %s", w.Code, w.Body)
	}
	if b, _ := os.ReadFile(in); string(b) != "profile: input\n" {
		t.Errorf("the input was replaced: %s", b)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

// TestConcurrent scores different profiles at once (run with -race): each
// response must be the one its profile gives alone.
func TestConcurrent(t *testing.T) {
	h := newServer(t, sampleConfig(t))
	want := map[float64]string{}
	for _, x := range []float64{0, 1, 3} {
		want[x] = do(h, "POST", "/api/score", manualGoals(x)).Body.String()
	}
	var wg sync.WaitGroup
	for i := range 12 {
		x := []float64{0, 1, 3}[i%3]
		wg.Go(func() {
			if got := do(h, "POST", "/api/score", manualGoals(x)).Body.String(); got != want[x] {
				t.Errorf("innovative %v: a concurrent response differs", x)
			}
		})
	}
	wg.Wait()
	if want[0] == want[3] {
		t.Error("the weights changed nothing")
	}
}

func sameNum(p *float64, v float64) bool {
	if p == nil {
		return math.IsNaN(v)
	}
	return *p == v
}

func sameRank(p *int, r int32) bool {
	if p == nil {
		return r <= 0
	}
	return int32(*p) == r
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "杭州市", `a"b`, `a\b`, "a\nb", "\xff", "<&>", "\u2028"} {
		var back string
		if err := json.Unmarshal(appendString(nil, s), &back); err != nil || (back != s && s != "\xff") {
			t.Errorf("appendString(%q) = %s: %v", s, appendString(nil, s), err)
		}
	}
}

// TestGradeLabels: grade_class indexes grade_labels to the grade the
// server labels in its --lang, and the English names are A to D; a profile
// without grades has neither.
func TestGradeLabels(t *testing.T) {
	h := newServer(t, sampleConfig(t))
	var res struct {
		Labels map[string][]string `json:"grade_labels"`
		Units  []struct {
			Grade string `json:"grade"`
			Class int    `json:"grade_class"`
		} `json:"units"`
	}
	if err := json.Unmarshal(do(h, "GET", "/api/ranking", "").Body.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(res.Labels["en"], " "); got != "A B C D" {
		t.Errorf("English grades %q", got)
	}
	graded := 0
	for _, u := range res.Units {
		if u.Grade == "" {
			continue
		}
		graded++
		if u.Class < 1 || u.Class > len(res.Labels["zh"]) || res.Labels["zh"][u.Class-1] != u.Grade {
			t.Fatalf("grade %q, class %d, labels %v", u.Grade, u.Class, res.Labels["zh"])
		}
	}
	if graded == 0 {
		t.Fatal("no unit graded")
	}
	w := do(h, "POST", "/api/score", `{"grades": null}`)
	if b := w.Body.String(); w.Code != 200 || strings.Contains(b, `"grade_labels"`) || strings.Contains(b, `"grade":`) {
		t.Errorf("a profile without grades: %.300s", w.Body)
	}
}

func TestChangedSections(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{}`, ""},
		{`{"weights": {"goals": {}, "dimensions": {}}}`, "weights.dimensions weights.goals"},
		{`{"normalize": {"method": "zscore"}, "weights": "equal", "aggregate": "geometric"}`, "normalize weights aggregate"},
		{`not json`, ""},
	} {
		if got := strings.Join(changedSections(json.RawMessage(tc.body)), " "); got != tc.want {
			t.Errorf("changedSections(%s) = %q; want %q", tc.body, got, tc.want)
		}
	}
}

// TestUncertaintyPages: a profile with an uncertainty: section gets the
// rank range on its city pages and the Uncertainty sheet in its workbook,
// as score gives them; without one, neither.
func TestUncertaintyPages(t *testing.T) {
	h := newServer(t, sampleConfig(t))
	const ua = `{"uncertainty": {"design": "ua", "n": 24, "seed": 1, "noise": {"goals": 0.25}}}`
	for _, tc := range []struct {
		body string
		want bool
	}{{ua, true}, {"", false}} {
		w := do(h, "POST", "/api/city?unit=深圳市", tc.body)
		if w.Code != 200 {
			t.Fatalf("city: %d %s", w.Code, w.Body)
		}
		if got := strings.Contains(w.Body.String(), "排名区间"); got != tc.want {
			t.Errorf("body %q: rank range on the city page %v; want %v", tc.body, got, tc.want)
		}
		w = do(h, "POST", "/api/workbook", tc.body)
		if w.Code != 200 {
			t.Fatalf("workbook: %d %s", w.Code, w.Body)
		}
		zr, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
		if err != nil {
			t.Fatal(err)
		}
		f, err := zr.Open("xl/workbook.xml")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(f)
		if got := strings.Contains(string(b), `name="不确定性"`); got != tc.want {
			t.Errorf("body %q: Uncertainty sheet %v; want %v", tc.body, got, tc.want)
		}
	}
}
