package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/server"
)

func TestServeListenLoopback(t *testing.T) {
	var warn bytes.Buffer
	ln, err := listen(defaultAddr, &warn)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() || warn.Len() > 0 {
		t.Errorf("default address %s (loopback %v), warning %q", ln.Addr(), ip.IsLoopback(), warn.String())
	}
	ln2, err := listen("0.0.0.0:0", &warn)
	if err != nil {
		t.Fatal(err)
	}
	ln2.Close()
	if !strings.Contains(warn.String(), "warning") {
		t.Errorf("no warning for 0.0.0.0: %q", warn.String())
	}
}

// apiUnit is what the comparison reads of a unit of /api/score.
type apiUnit struct {
	Unit  string   `json:"unit"`
	Rank  *int     `json:"rank"`
	Score *float64 `json:"score"`
}

// TestServeEqualsScore sets innovative's weight to 0 in the workbench,
// saves the scenario, and runs score twice: with a profile written by hand
// giving the same weights, and with the saved profile. Both must give the
// API's scores and ranks exactly (==), unit for unit, goals included.
func TestServeEqualsScore(t *testing.T) {
	dir := t.TempDir()
	e := &env{stdout: io.Discard, stderr: io.Discard, now: fixedNow, args: []string{"cityscore", "serve"}}
	o := serveOptions{lang: "zh", saveDir: dir, addr: defaultAddr}
	cfg, err := o.config(e)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = "127.0.0.1:1"
	srv, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := srv.Handler()
	post := func(target, body string) []byte {
		r := httptest.NewRequest("POST", target, strings.NewReader(body))
		r.Host = cfg.Addr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", target, w.Code, w.Body)
		}
		return w.Body.Bytes()
	}
	const goals = `{"method": "manual", "values": {"innovative": 0, "livable": 1, "beautiful": 1, "resilient": 1, "civilized": 1, "smart": 0.7}}`
	body := `{"weights": {"goals": ` + goals + `}}`
	api := post("/api/score", body)
	var saved struct{ Path string }
	json.Unmarshal(post("/api/profile", `{"name": "no innovation", "profile": `+body+`}`), &saved)

	byHand := filepath.Join(dir, "by-hand.yaml")
	text := strings.Replace(string(cfg.ProfileYAML), "weights: framework",
		"weights: {indicators: framework, dimensions: framework, goals: "+goals+"}", 1)
	if err := os.WriteFile(byHand, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, prof := range []string{byHand, saved.Path} {
		t.Run(filepath.Base(prof), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "scores.json")
			if _, stderr, code := runCLI(t, "score", "--profile", prof, "--out", out, "--quiet"); code != 0 {
				t.Fatalf("score: exit %d: %s", code, stderr)
			}
			compareScores(t, api, out)
		})
	}
}

// compareScores compares the units of an /api/score response with the
// latest year of a score command's JSON.
func compareScores(t *testing.T, api []byte, jsonPath string) {
	t.Helper()
	var got struct{ Units []map[string]json.RawMessage }
	if err := json.Unmarshal(api, &got); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var doc exporters.Document
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	want := doc.Years[len(doc.Years)-1].Units
	if len(got.Units) != len(want) || len(want) == 0 {
		t.Fatalf("%d units; score gives %d", len(got.Units), len(want))
	}
	moved := 0
	for k, w := range want {
		var g apiUnit
		raw, _ := json.Marshal(got.Units[k])
		json.Unmarshal(raw, &g)
		if g.Unit != string(w.Unit) || !eqPtr(g.Score, w.Score) || !eqPtr(g.Rank, w.Rank) {
			t.Errorf("unit %d: API %s %v %v; score %s %v %v", k, g.Unit, show(g.Score), show(g.Rank), w.Unit, show(w.Score), show(w.Rank))
		}
		for _, f := range w.Goals {
			var v *float64
			json.Unmarshal(got.Units[k][f.Key], &v)
			if !eqPtr(v, f.Value.Score) {
				t.Errorf("%s %s: API %v; score %v", w.Unit, f.Key, show(v), show(f.Value.Score))
			}
		}
		var change *int
		json.Unmarshal(got.Units[k]["rank_change"], &change)
		if change != nil && *change != 0 {
			moved++
		}
	}
	if moved == 0 {
		t.Error("no rank moved: the scenario was not applied")
	}
}

func eqPtr[T comparable](a, b *T) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func show[T any](p *T) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeCommand runs the command: it prints its address, answers, and
// exits 0 when its context is cancelled (as by SIGINT).
func TestServeCommand(t *testing.T) {
	var out, errb syncBuffer
	e := &env{stdout: &out, stderr: &errb, now: fixedNow, args: []string{"cityscore", "serve"}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	code := make(chan int, 1)
	go func() { code <- e.exec(ctx, []string{"serve"}) }()
	var url string
	for deadline := time.Now().Add(time.Minute); url == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if s := out.String(); strings.HasSuffix(s, "(Ctrl-C to stop)\n") {
			url = strings.TrimSuffix(strings.TrimPrefix(s, "cityscore serve: "), " (Ctrl-C to stop)\n")
		}
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("stdout %q, stderr %q", out.String(), errb.String())
	}
	resp, err := http.Get(url + "api/meta")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("GET /api/meta: %s, Cache-Control %q", resp.Status, resp.Header.Get("Cache-Control"))
	}
	cancel()
	select {
	case c := <-code:
		if c != 0 {
			t.Errorf("exit %d after the signal; want 0 (stderr %q)", c, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
