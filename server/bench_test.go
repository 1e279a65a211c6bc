package server

import (
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/dataset"
)

// benchConfig is the built-in framework (64 indicators) and the default
// profile on a one-year table of n prefecture-level cities, every
// indicator filled but 2% of the values, at random.
func benchConfig(b *testing.B, n int) Config {
	cfg := sampleConfig(b)
	rng := rand.New(rand.NewPCG(1, 2))
	t := dataset.New()
	for _, c := range cities.Units() {
		if c.Level == cities.Prefecture || c.Level == cities.Municipality {
			if t.Len() < n {
				t.AddRow(dataset.Key{Unit: dataset.UnitID(c.Name), Year: 2023})
			}
		}
	}
	s := cfg.Framework.Schema()
	for _, i := range s.Indicators() {
		c := t.AddColumn(s.Nodes[i].Variable, "", "")
		for u := range t.Len() {
			if rng.Float64() >= 0.02 {
				c.Set(u, rng.ExpFloat64()*100, 0, dataset.Origin{})
			}
		}
	}
	cfg.Table, cfg.Issues = t, nil
	return cfg
}

// BenchmarkScoreAPI posts manual goal weights to /api/score on 300 cities
// × 64 indicators, through the whole handler (guard, overlay, parse,
// scoring, JSON), and reports the 95th percentile of the requests' times.
func BenchmarkScoreAPI(b *testing.B) {
	cfg := benchConfig(b, 300)
	if cfg.Table.Len() != 300 || len(cfg.Framework.Schema().Indicators()) != 64 {
		b.Fatalf("%d units, %d indicators", cfg.Table.Len(), len(cfg.Framework.Schema().Indicators()))
	}
	h := newServer(b, cfg)
	body := manualGoals(0.5)
	var times []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		r := httptest.NewRequest("POST", "/api/score", strings.NewReader(body))
		r.Host = testAddr
		w := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(w, r)
		times = append(times, time.Since(start))
		if w.Code != 200 {
			b.Fatalf("%d: %s", w.Code, w.Body)
		}
	}
	slices.Sort(times)
	p95 := times[(len(times)*95+99)/100-1]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
}
