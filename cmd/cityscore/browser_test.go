package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The workbench end to end, in a real browser: cityscore serve runs
// in-process, headless Chromium drives the page through chromedp, and what
// the page shows is checked against cityscore score run with the same
// profile. Chromium is Debian's package (.ci/run installs it); without one
// the tests skip, saying so. Set CITYSCORE_SCREENSHOTS=DIR to keep the
// screenshots (PNG) for a look.

// chromiumPath finds a Chromium or Chrome binary, or skips the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on PATH (apt-get install chromium): the browser tests skip")
	return ""
}

// workbench is a running cityscore serve and a browser tab on its page.
type workbench struct {
	t       *testing.T
	url     string // http://127.0.0.1:port/
	data    []string
	saveDir string
	shots   string // where screenshots go
	ctx     context.Context
}

// startWorkbench starts cityscore serve with args on a free loopback port
// and a headless Chromium tab; both stop when the test ends.
func startWorkbench(t *testing.T, data []string, args ...string) *workbench {
	t.Helper()
	chromium := chromiumPath(t)
	w := &workbench{t: t, data: data, saveDir: t.TempDir(), shots: os.Getenv("CITYSCORE_SCREENSHOTS")}
	if w.shots == "" {
		w.shots = t.TempDir()
	} else if err := os.MkdirAll(w.shots, 0o755); err != nil {
		t.Fatal(err)
	}

	// The server, in-process; its first line of output is the address.
	srvCtx, stop := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	e := &env{stdout: pw, stderr: &errb, now: fixedNow}
	cmd := []string{"serve", "--save-dir", w.saveDir}
	for _, d := range data {
		cmd = append(cmd, "--data", d)
	}
	cmd = append(cmd, args...)
	done := make(chan int, 1)
	go func() {
		code := e.exec(srvCtx, cmd)
		pw.Close()
		done <- code
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		stop()
		<-done
		t.Fatalf("serve printed no address: %v\n%s", err, errb.String())
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://")
	j := strings.Index(line, "/ ")
	if i < 0 || j < i {
		t.Fatalf("serve's first line %q names no address", line)
	}
	w.url = line[i : j+1]
	t.Cleanup(func() {
		stop()
		if code := <-done; code != 0 {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	})

	// The browser. A Chromium started while another starts (the city-page
	// print tests of other packages run at the same time) now and then
	// dies at start-up: it is started again, up to three times.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.WindowSize(1440, 1000),
		chromedp.Flag("lang", "zh-CN"), chromedp.Flag("disable-dev-shm-usage", true))
	for attempt := 1; ; attempt++ {
		actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelB := chromedp.NewContext(actx)
		ctx, cancelT := context.WithTimeout(bctx, 3*time.Minute)
		err := chromedp.Do(ctx, chromedp.Navigate(w.url))
		if err == nil {
			t.Cleanup(func() { cancelT(); cancelB(); cancelA() })
			w.ctx = ctx
			break
		}
		cancelT()
		cancelB()
		cancelA()
		if attempt == 3 || !strings.Contains(err.Error(), "failed to start") {
			t.Fatalf("open the page: %v", err)
		}
		t.Logf("Chromium did not start (attempt %d): %.200v", attempt, err)
		time.Sleep(time.Second)
	}
	w.idle()
	return w
}

// run runs browser actions, failing the test with what on an error.
func (w *workbench) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	w.t.Helper()
	if err := chromedp.Do(w.ctx, actions...); err != nil {
		w.t.Fatalf("%s: %v", what, err)
	}
}

// get runs one browser action and returns its value.
func get[T any](w *workbench, what string, a chromedp.Action[T]) T {
	w.t.Helper()
	v, err := chromedp.Run(w.ctx, a)
	if err != nil {
		w.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](w *workbench, expr string) T {
	w.t.Helper()
	return get(w, expr, chromedp.Evaluate[T](expr))
}

// idle waits until the page has a ranking and no request in flight, and
// shows no error.
func (w *workbench) idle() {
	w.t.Helper()
	w.run("wait for the ranking", chromedp.WaitReady(chromedp.CSS(`#ranking tbody tr[data-unit]`)),
		chromedp.WaitReady(chromedp.CSS(`body[data-state="idle"]`)))
	if msg := eval[string](w, `document.querySelector('#error').hidden ? '' : document.querySelector('#error').textContent`); msg != "" {
		w.t.Fatalf("the page shows an error: %s", msg)
	}
}

// screenshot saves the page as <shots>/<name>.png.
func (w *workbench) screenshot(name string) {
	w.t.Helper()
	png := get(w, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(w.shots, name+".png"), png, 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// shownRanks reads the ranking table: unit → rank shown (0: not ranked).
func (w *workbench) shownRanks() map[string]int {
	w.t.Helper()
	rows := eval[[][2]string](w, `[...document.querySelectorAll('#ranking tbody tr[data-unit]')].map(tr => [tr.dataset.unit, tr.querySelector('td.rank').textContent.trim()])`)
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		n, err := strconv.Atoi(r[1])
		if err != nil {
			n = 0 // 未排名 / 无得分
		}
		out[r[0]] = n
	}
	return out
}

// profileBody is the profile the page sends with its requests now.
func (w *workbench) profileBody() json.RawMessage {
	w.t.Helper()
	return json.RawMessage(eval[string](w, `JSON.stringify(profileBody())`))
}

// post sends body to the server's route and returns the response.
func (w *workbench) post(route string, body []byte) []byte {
	w.t.Helper()
	res, err := http.Post(w.url+route, "application/json", bytes.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != 200 {
		w.t.Fatalf("POST %s: %d %v %s", route, res.StatusCode, err, b)
	}
	return b
}

// apiRanking is the part of a ranking response the tests compare.
type apiRanking struct {
	Year  int
	Units []struct {
		Unit  string
		Rank  *int
		Score *float64
	}
}

func (r apiRanking) ranks() map[string]int {
	out := map[string]int{}
	for _, u := range r.Units {
		out[u.Unit] = 0
		if u.Rank != nil {
			out[u.Unit] = *u.Rank
		}
	}
	return out
}

// scoreCLI runs cityscore score with the profile file and returns the
// latest year's ranks and scores from its JSON, and the workbook it
// writes beside it.
func (w *workbench) scoreCLI(profile string) (ranks map[string]int, scores map[string]*float64, book string) {
	w.t.Helper()
	dir := w.t.TempDir()
	out, book := filepath.Join(dir, "scores.json"), filepath.Join(dir, "scores.xlsx")
	args := []string{"score", "--profile", profile, "--out", out, "--out", book, "--quiet"}
	for _, d := range w.data {
		args = append(args, "--data", d)
	}
	if _, stderr, code := runCLI(w.t, args...); code != 0 {
		w.t.Fatalf("score --profile %s: exit %d\n%s", profile, code, stderr)
	}
	var doc struct {
		Years []struct {
			Year  int
			Units []struct {
				Unit  string
				Rank  *int
				Score *float64
			}
		}
	}
	if err := json.Unmarshal(mustRead(w.t, out), &doc); err != nil {
		w.t.Fatal(err)
	}
	last := doc.Years[len(doc.Years)-1]
	ranks, scores = map[string]int{}, map[string]*float64{}
	for _, u := range last.Units {
		ranks[u.Unit], scores[u.Unit] = 0, u.Score
		if u.Rank != nil {
			ranks[u.Unit] = *u.Rank
		}
	}
	return ranks, scores, book
}

// checkSameAs fails unless the API's ranking has exactly the CLI's ranks
// and scores (==), unit for unit.
func checkSameAs(t *testing.T, api apiRanking, ranks map[string]int, scores map[string]*float64) {
	t.Helper()
	if len(api.Units) != len(ranks) {
		t.Fatalf("the workbench has %d units, score %d", len(api.Units), len(ranks))
	}
	bad := 0
	for _, u := range api.Units {
		r, s := ranks[u.Unit], scores[u.Unit]
		ar := 0
		if u.Rank != nil {
			ar = *u.Rank
		}
		same := ar == r && (u.Score == nil) == (s == nil) && (s == nil || *s == *u.Score)
		if !same {
			if bad++; bad <= 5 {
				t.Errorf("%s: workbench rank %d score %v, score command rank %d score %v", u.Unit, ar, ptrText(u.Score), r, ptrText(s))
			}
		}
	}
	if bad > 5 {
		t.Errorf("… %d units differ in all", bad)
	}
}

func ptrText(p *float64) string {
	if p == nil {
		return "none"
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

// profileFile writes the default profile with the page's changes overlaid
// by hand (weights.goals and so on replaced by the page's sections): the
// profile a planner would write to get the same weights with score.
func profileFile(t *testing.T, dir string, body json.RawMessage) string {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("profile: by-hand\nframework: builtin\npopulation_basis: resident\n")
	b.WriteString("missing: {max_share: 1.0, rank_rule: {by: goal, min: 0.5, common: 0.5}}\ngrades: {rule: quantile, classes: 4}\n")
	norm := `{method: minmax, range: [0, 100]}`
	if n, ok := p["normalize"]; ok {
		j, _ := json.Marshal(n)
		norm = string(j)
	}
	fmt.Fprintf(&b, "normalize: %s\n", norm)
	agg := "arithmetic"
	if a, ok := p["aggregate"]; ok {
		agg = a.(string)
	}
	fmt.Fprintf(&b, "aggregate: %s\n", agg)
	weights := map[string]any{"indicators": "framework", "dimensions": "framework", "goals": "framework"}
	if wt, ok := p["weights"].(map[string]any); ok {
		for k, v := range wt {
			weights[k] = v
		}
	}
	j, _ := json.Marshal(weights)
	fmt.Fprintf(&b, "weights: %s\n", j) // JSON is YAML
	path := filepath.Join(dir, "by-hand.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// download clicks sel and returns the path of the file the browser
// downloads into dir.
func (w *workbench) download(sel chromedp.CSS, dir string) string {
	w.t.Helper()
	lctx, cancel := context.WithTimeout(w.ctx, time.Minute)
	defer cancel()
	progress := chromedp.BrowserEvents(lctx, browser.DownloadProgress) // subscribed now
	on := true
	if _, err := chromedp.CallBrowser(w.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &on,
	}); err != nil {
		w.t.Fatalf("allow downloads: %v", err)
	}
	w.run("click "+string(sel), chromedp.Click(sel))
	for ev, err := range progress {
		if err != nil {
			w.t.Fatalf("no download completed: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			return filepath.Join(dir, ev.GUID)
		}
	}
	w.t.Fatal("no download completed")
	return ""
}

// slide moves a slider with keys (Home, End, arrows), as a keyboard user
// does, and waits for the page to re-score.
func (w *workbench) slide(sel chromedp.CSS, keys ...string) {
	w.t.Helper()
	acts := []chromedp.Action[chromedp.Void]{chromedp.Focus(sel)}
	for _, k := range keys {
		acts = append(acts, chromedp.KeyEvent(k))
	}
	w.run("move "+string(sel), acts...)
	w.idle()
}

// saveAs saves the page's settings as a profile named name.
func (w *workbench) saveAs(name string) {
	w.t.Helper()
	w.run("save as "+name, chromedp.Click(chromedp.CSS(`#save-profile`)),
		chromedp.WaitVisible(chromedp.CSS(`#profile-name`)),
		chromedp.SendKeys(chromedp.CSS(`#profile-name`), name),
		chromedp.Click(chromedp.CSS(`#save-form button[type=submit]`)))
}

// scoreRequests counts the page's requests to api/score so far.
func (w *workbench) scoreRequests() int {
	w.t.Helper()
	return eval[int](w, `performance.getEntriesByType('resource').filter(e => e.name.includes('api/score')).length`)
}

// TestWorkbenchBrowser walks through the workbench on the built-in sample:
// the ranking, a goal slider to 0 (the ranks then equal score's with the
// same weights), debounced slider moves, a city page, the map, a scenario
// comparison, saving the scenario as a profile (score reads it back to the
// same scores; no overwrite without confirmation), the workbook download,
// and the English labels.
func TestWorkbenchBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: not in -short")
	}
	w := startWorkbench(t, nil)
	base := w.shownRanks()
	if len(base) == 0 {
		t.Fatal("the ranking table is empty")
	}
	var baseAPI apiRanking
	getJSON(t, w.url+"api/ranking", &baseAPI)
	if got := baseAPI.ranks(); !reflect.DeepEqual(got, base) {
		t.Fatalf("the table shows other ranks than GET /api/ranking")
	}
	w.screenshot("1-ranking")

	// Innovative to 0.
	w.slide(`input[data-goal="innovative"]`, kb.Home)
	if v := get(w, "read the slider", chromedp.Value(chromedp.CSS(`input[data-goal="innovative"]`))); v != "0" {
		t.Fatalf("innovative slider at %s after Home", v)
	}
	moved := w.shownRanks()
	if reflect.DeepEqual(moved, base) {
		t.Fatal("the ranking did not change with innovative's weight at 0")
	}
	body := w.profileBody()
	if !strings.Contains(string(body), `"innovative":0`) {
		t.Fatalf("the page sends %s", body)
	}
	ranks, _, _ := w.scoreCLI(profileFile(t, t.TempDir(), body))
	if !reflect.DeepEqual(moved, ranks) {
		t.Errorf("the page's ranks differ from score's with the same weights")
	}
	if n := eval[int](w, `document.querySelectorAll('#ranking td.change.up, #ranking td.change.down').length`); n == 0 {
		t.Error("no rank change shown against the saved profile")
	}
	w.screenshot("2-innovative-0")

	// A slider dragged through 15 steps, as fast as a mouse moves it (input
	// events in one task, so that a busy machine cannot space them out):
	// the page debounces, so fewer requests than moves, and the table ends
	// on the last position.
	before := w.scoreRequests()
	eval[bool](w, `(() => {
		const el = document.querySelector('input[data-goal="smart"]');
		for (let i = 0; i < 15; i++) {
			el.value = String(+el.value + 1);
			el.dispatchEvent(new Event('input', {bubbles: true}));
		}
		return true;
	})()`)
	w.idle()
	if n := w.scoreRequests() - before; n < 1 || n >= 15 {
		t.Errorf("15 slider steps sent %d scoring requests; want at least 1 and fewer than 15 (debounced)", n)
	}
	var api apiRanking
	if err := json.Unmarshal(w.post("api/score", w.profileBody()), &api); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(api.ranks(), w.shownRanks()) {
		t.Error("after the drag the table does not show the ranking of the slider's last position")
	}

	// A city page: the first city of the table.
	first := eval[string](w, `document.querySelector('#ranking tbody tr[data-unit]').dataset.unit`)
	w.run("open "+first, chromedp.Click(chromedp.CSS(`#ranking tbody tr[data-unit] button[data-city]`)),
		chromedp.WaitVisible(chromedp.CSS(`#city-dialog[open]`)))
	w.idle()
	srcdoc := eval[string](w, `document.querySelector('#city-frame').srcdoc`)
	for _, want := range []string{first, "<svg"} {
		if !strings.Contains(srcdoc, want) {
			t.Errorf("the city page of %s lacks %q", first, want)
		}
	}
	w.screenshot("3-city")
	w.run("close the city page", chromedp.Click(chromedp.CSS(`#city-close`)), chromedp.WaitNotPresent(chromedp.CSS(`#city-dialog[open]`)))

	// The map.
	w.run("map", chromedp.Click(chromedp.CSS(`#tab-map`)), chromedp.WaitVisible(chromedp.CSS(`#map svg`)))
	if n := eval[int](w, `document.querySelectorAll('#map svg circle[data-unit]').length`); n == 0 {
		t.Error("the map has no city dots")
	}
	w.screenshot("4-map")

	// Scenarios: pin A, then put innovative back (B).
	w.run("pin A", chromedp.Click(chromedp.CSS(`#tab-scenarios`)), chromedp.Click(chromedp.CSS(`#pin-a`)))
	w.slide(`input[data-goal="innovative"]`, kb.End)
	if n := eval[int](w, `document.querySelectorAll('#scenario-table tbody tr').length`); n == 0 {
		t.Error("the scenario table is empty after pinning A and changing the weights")
	}
	w.screenshot("5-scenarios")

	// Save as a profile; score reads it back to the very same scores.
	body = w.profileBody()
	w.run("ranking tab", chromedp.Click(chromedp.CSS(`#tab-ranking`)))
	w.saveAs("情景 B/无创新")
	w.run("wait for the notice", chromedp.WaitVisible(chromedp.CSS(`#notice`)))
	w.idle()
	saved := filepath.Join(w.saveDir, "情景-B-无创新.yaml")
	text := mustRead(t, saved)
	if notice := get(w, "read the notice", chromedp.Text(chromedp.CSS(`#notice`))); !strings.Contains(notice, saved) {
		t.Errorf("notice %q does not name %s", notice, saved)
	}
	ranks, scores, _ := w.scoreCLI(saved)
	if err := json.Unmarshal(w.post("api/score", body), &api); err != nil {
		t.Fatal(err)
	}
	checkSameAs(t, api, ranks, scores)
	if !reflect.DeepEqual(w.shownRanks(), ranks) {
		t.Error("the table's ranks differ from score's with the saved profile")
	}
	w.screenshot("6-saved")

	// Saving again under the same name asks first; declined, the file stays.
	dctx, cancel := context.WithTimeout(w.ctx, 30*time.Second)
	dialogs := chromedp.Events(dctx, page.JavascriptDialogOpening) // subscribed now
	asked := make(chan string, 1)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				close(asked)
				return
			}
			asked <- ev.Message
			chromedp.Call(w.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			return
		}
	}()
	w.slide(`input[data-goal="livable"]`, kb.Home)
	w.saveAs("情景 B/无创新")
	if msg, ok := <-asked; !ok {
		t.Error("saving over an existing profile did not ask")
	} else if !strings.Contains(msg, saved) {
		t.Errorf("the overwrite question %q does not name %s", msg, saved)
	}
	cancel()
	w.idle()
	if !bytes.Equal(mustRead(t, saved), text) {
		t.Error("the saved profile changed though overwriting was declined")
	}

	// The workbook of the current settings: its ranking is score's with
	// the same profile.
	dl := w.download(`#download-workbook`, t.TempDir())
	w.idle()
	_, _, book := w.scoreCLI(profileFile(t, t.TempDir(), w.profileBody()))
	if got, want := sheetRows(t, dl, "排名"), sheetRows(t, book, "排名"); !reflect.DeepEqual(got, want) {
		t.Errorf("the downloaded workbook's 排名 sheet differs from score's (%d and %d rows)", len(got), len(want))
	}

	// English.
	w.run("English", chromedp.SetValue(chromedp.CSS(`#lang`), "en"))
	eval[bool](w, `document.querySelector('#lang').dispatchEvent(new Event('change', {bubbles: true}))`)
	w.idle()
	if head := get(w, "read the header", chromedp.Text(chromedp.CSS(`#ranking thead`))); !strings.Contains(head, "Rank") || !strings.Contains(head, "City") {
		t.Errorf("English header %q", head)
	}
	if g := get(w, "read a grade", chromedp.Text(chromedp.CSS(`#ranking tbody tr[data-unit] td.grade`))); g != "A" {
		t.Errorf("the first city's grade in English is %q, want A", g)
	}
	w.screenshot("7-english")
}

// TestWorkbenchRealYearbook is the acceptance run: cityscore serve on the
// 2024 yearbook's section 2; innovative's weight to 0 in the page gives
// the ranks score gives with the same weights.
func TestWorkbenchRealYearbook(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: not in -short")
	}
	dir := realDir(t, "2024", "extracted_2024_中国城市统计年鉴2024【excel】", "2、地级以上城市统计资料")
	w := startWorkbench(t, []string{dir})
	base := w.shownRanks()
	if len(base) < 280 {
		t.Fatalf("%d cities in the table", len(base))
	}
	w.screenshot("real-1-ranking")
	w.slide(`input[data-goal="innovative"]`, kb.Home)
	moved := w.shownRanks()
	if reflect.DeepEqual(moved, base) {
		t.Fatal("the ranking did not change with innovative's weight at 0")
	}
	ranks, _, _ := w.scoreCLI(profileFile(t, t.TempDir(), w.profileBody()))
	if !reflect.DeepEqual(moved, ranks) {
		n := 0
		for u, r := range moved {
			if ranks[u] != r {
				n++
			}
		}
		t.Errorf("%d cities' ranks differ between the page and score with the same weights", n)
	}
	w.screenshot("real-2-innovative-0")
	w.run("open 杭州市", chromedp.Click(chromedp.CSS(`#ranking tbody tr[data-unit="杭州市"] button[data-city]`)),
		chromedp.WaitVisible(chromedp.CSS(`#city-dialog[open]`)))
	w.idle()
	w.screenshot("real-3-city")
	w.run("map", chromedp.Click(chromedp.CSS(`#city-close`)), chromedp.Click(chromedp.CSS(`#tab-map`)),
		chromedp.WaitVisible(chromedp.CSS(`#map svg`)))
	w.screenshot("real-4-map")
}

// getJSON decodes the JSON at url into v.
func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}
