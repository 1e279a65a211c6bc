// Package server serves the workbench of cityscore serve: the inputs it is
// given, read once, scored over HTTP under the profile each request
// overlays on the base profile (docs/formats.md, Workbench API). Every
// request scores afresh from the immutable inputs, so requests may run
// at once; nothing is written but the profiles a user saves.
package server

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
	"github.com/cityscore/cityscore/server/web"
)

// MaxBody is the largest request body read; a larger one is refused
// with 413.
const MaxBody = 1 << 20

// Config is what a Server serves: the inputs as the score command loads
// them, and where saved profiles go.
type Config struct {
	Framework *indicators.Framework
	Table     *dataset.Table // the indicators computed
	// Profile is the base profile, parsed from ProfileYAML.
	Profile     *config.Profile
	ProfileYAML []byte
	// ProfileFile names the base profile (a path or builtin:profile.yaml).
	ProfileFile string
	// FrameworkRef is the framework: a saved profile names (a built-in
	// name or an absolute path); "" keeps the base profile's.
	FrameworkRef string
	Year         int    // --year, 0 for none
	Lang         string // zh or en: labels of the workbook and city pages
	Version      string
	// Addr is the address the server listens on (host:port): a request's
	// Host header must name it (or localhost with its port).
	Addr string
	// SaveDir is where profiles may be saved; "" refuses saving.
	SaveDir string
	// Inputs are the files read, which a saved profile must not replace.
	Inputs []string
	Issues []dataset.Issue
	Needs  []exporters.Need
	// Groupings returns the peer groups of the units of a result (the
	// score command's); nil: none.
	Groupings func(*scoring.Result) []exporters.Grouping
	// Manifest describes a run with opt, for workbooks; nil: none.
	Manifest func(opt scoring.Options) exporters.Manifest
	// Now is the clock of saved profiles' headers; nil: time.Now.
	Now func() time.Time
}

// Server serves one set of inputs.
type Server struct {
	cfg    Config
	schema *dataset.Schema
	groups []exporters.Grouping
	// base is the base profile's result and its ranks, by unit, in the
	// latest year.
	base     *scoring.Result
	baseRank map[dataset.UnitID]int32
	points   map[dataset.UnitID][2]float64 // lon, lat
	ranking  []byte                        // the /api/ranking response
	meta     []byte                        // the /api/meta response
	// ua holds the last uncertainty analysis and the SHA-256 of the
	// merged profile it ran under.
	ua struct {
		sync.Mutex
		key  string
		last *sensitivity.Analysis
	}
}

// New scores the base profile once and returns the server.
func New(cfg Config) (*Server, error) {
	if cfg.Framework == nil || cfg.Table == nil || cfg.Profile == nil {
		return nil, errors.New("server: a framework, a table and a profile are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Lang == "" {
		cfg.Lang = "zh"
	}
	s := &Server{cfg: cfg, schema: cfg.Framework.Schema()}
	res, err := scoring.Run(s.schema, cfg.Table, cfg.Profile.Options)
	if err != nil {
		return nil, err
	}
	if len(res.Years) == 0 {
		return nil, errors.New("server: no year to score")
	}
	s.base = res
	if cfg.Groupings != nil {
		s.groups = cfg.Groupings(res)
	}
	y := res.Years[exporters.Latest(res)]
	s.baseRank = make(map[dataset.UnitID]int32, len(y.Units))
	for u, id := range y.Units {
		s.baseRank[id] = y.Ranks[0][u]
	}
	s.points = unitPoints(cfg.Framework, y)
	merged, err := config.Overlay(cfg.ProfileYAML, nil)
	if err != nil {
		return nil, err
	}
	if s.ranking, err = s.scoreJSON(res, merged); err != nil {
		return nil, err
	}
	if s.meta, err = s.metaJSON(); err != nil {
		return nil, err
	}
	return s, nil
}

// unitPoints returns the seat of government of every unit of y that is a
// known city with a point.
func unitPoints(fw *indicators.Framework, y *scoring.YearResult) map[dataset.UnitID][2]float64 {
	out := map[dataset.UnitID][2]float64{}
	if fw.Units != indicators.UnitsCNCity {
		return out
	}
	for _, id := range y.Units {
		c, _, ok := cities.Lookup(string(id), y.Year)
		if !ok {
			continue
		}
		if lon, lat, ok := cities.Point(c.Code); ok {
			out[id] = [2]float64{lon, lat}
		}
	}
	return out
}

// Handler returns the server's routes behind its guard (guard).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	routes := []struct {
		method, path string
		h            http.HandlerFunc
	}{
		{"GET", "/api/meta", s.handleMeta},
		{"GET", "/api/ranking", s.handleRanking},
		{"POST", "/api/score", s.handleScore},
		{"POST", "/api/city", s.handleCity},
		{"POST", "/api/workbook", s.handleWorkbook},
		{"POST", "/api/profile", s.handleSave},
		{"GET", "/api/map", s.handleMap},
	}
	for _, rt := range routes {
		mux.HandleFunc(rt.method+" "+rt.path, rt.h)
		mux.HandleFunc(rt.path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", rt.method)
			writeError(w, http.StatusMethodNotAllowed, rt.path+" takes "+rt.method)
		})
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such route: "+r.URL.Path)
	})
	mux.Handle("/", http.FileServerFS(web.Assets))
	return s.guard(mux)
}

// guard refuses requests whose Host is not the server's address (DNS
// rebinding: 403) and methods other than GET and POST (405), bounds
// request bodies (MaxBody) and marks API responses not to be stored.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hostAllowed(r.Host) {
			writeError(w, http.StatusForbidden, fmt.Sprintf("host %q is not this server's address %s", r.Host, s.cfg.Addr))
			return
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			w.Header().Set("Cache-Control", "no-store")
		}
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			writeError(w, http.StatusMethodNotAllowed, "only GET and POST")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
		next.ServeHTTP(w, r)
	})
}

// hostAllowed reports whether a Host header names the server: its address
// itself, localhost with its port, or, when it listens on every interface,
// any IP address with its port (an IP address cannot be rebound).
func (s *Server) hostAllowed(host string) bool {
	if host == s.cfg.Addr {
		return true
	}
	bh, bport, err := net.SplitHostPort(s.cfg.Addr)
	if err != nil {
		return false
	}
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		h, port = strings.Trim(host, "[]"), "80"
	}
	if port != bport {
		return false
	}
	if strings.EqualFold(h, "localhost") || h == bh {
		return true
	}
	ip, bip := net.ParseIP(h), net.ParseIP(bh)
	return ip != nil && (bh == "" || (bip != nil && bip.IsUnspecified()))
}
