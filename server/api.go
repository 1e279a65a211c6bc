package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

// writeError writes {"error": msg} with the status.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding the response failed"}`)
	}
	writeRaw(w, status, b)
}

func writeRaw(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// requestError is a request the server refuses, with its status.
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

// fail writes err: a requestError with its status, else 500.
func fail(w http.ResponseWriter, err error) {
	var re *requestError
	if errors.As(err, &re) {
		writeError(w, re.status, re.msg)
		return
	}
	writeError(w, http.StatusInternalServerError, err.Error())
}

// readBody reads a request body, 413 beyond MaxBody.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(r.Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, &requestError{http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is over %d bytes", MaxBody)}
	}
	if err != nil {
		return nil, &requestError{http.StatusBadRequest, err.Error()}
	}
	return b, nil
}

// profile overlays the request's profile (JSON) on the base profile and
// parses the result, checked against the framework; every problem is a
// 400 with the profile parser's message.
func (s *Server) profile(body []byte) (*config.Profile, []byte, error) {
	merged, err := config.Overlay(s.cfg.ProfileYAML, body)
	if err != nil {
		return nil, nil, &requestError{http.StatusBadRequest, "profile: " + err.Error()}
	}
	p, err := config.Parse(merged, "request")
	if err == nil {
		err = p.Check(s.schema)
	}
	if err != nil {
		return nil, nil, &requestError{http.StatusBadRequest, err.Error()}
	}
	return p, merged, nil
}

// run scores the inputs with p; obstacles are computed when asked and
// possible.
func (s *Server) run(p *config.Profile, obstacles bool) (*scoring.Result, error) {
	opt := p.Options
	opt.Obstacles = obstacles && s.obstaclesPossible(opt)
	opt.Progress = nil
	return scoring.Run(s.schema, s.cfg.Table, opt)
}

// obstaclesPossible reports whether every indicator's normalisation has a
// top for the obstacle deviation (as the score command decides).
func (s *Server) obstaclesPossible(opt scoring.Options) bool {
	for _, i := range s.schema.Indicators() {
		if !(opt.Normalize.For(s.schema.Nodes[i].ID).Top() > 0) {
			return false
		}
	}
	return true
}

// output is what the exporters write of a result.
func (s *Server) output(res *scoring.Result, p *config.Profile, merged []byte) *exporters.Output {
	o := &exporters.Output{Result: res, Table: s.cfg.Table, Issues: s.cfg.Issues, Lang: s.cfg.Lang,
		Needs: s.cfg.Needs, Groups: s.groups}
	if s.cfg.Manifest != nil {
		o.Manifest = s.cfg.Manifest(res.Options)
		o.Manifest.Profile = exporters.Source{Name: p.Name, Path: "request: " + s.cfg.ProfileFile + " overlaid",
			SHA256: sha256Hex(merged), Bytes: int64(len(merged))}
	}
	return o
}

func (s *Server) handleMeta(w http.ResponseWriter, r *http.Request) {
	writeRaw(w, http.StatusOK, s.meta)
}

func (s *Server) handleRanking(w http.ResponseWriter, r *http.Request) {
	writeRaw(w, http.StatusOK, s.ranking)
}

func (s *Server) handleScore(w http.ResponseWriter, r *http.Request) {
	body, err := readBody(r)
	if err != nil {
		fail(w, err)
		return
	}
	p, merged, err := s.profile(body)
	if err != nil {
		fail(w, err)
		return
	}
	res, err := s.run(p, false)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	b, err := s.scoreJSON(res, merged)
	if err != nil {
		fail(w, err)
		return
	}
	writeRaw(w, http.StatusOK, b)
}

// scored reads the request's profile and scores it, for the routes that
// write a file of the result.
func (s *Server) scored(w http.ResponseWriter, r *http.Request) (*exporters.Output, bool) {
	body, err := readBody(r)
	if err != nil {
		fail(w, err)
		return nil, false
	}
	p, merged, err := s.profile(body)
	if err != nil {
		fail(w, err)
		return nil, false
	}
	res, err := s.run(p, true)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err.Error())
		return nil, false
	}
	a, err := s.analysis(r.Context(), p, merged)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, "uncertainty: "+err.Error())
		return nil, false
	}
	o := s.output(res, p, merged)
	o.Uncertainty = a
	return o, true
}

// analysis runs the profile's uncertainty analysis (its uncertainty:
// section; nil without one) as score does: the profile's choices are the
// nominal run, in the year served. The last analysis is kept, since a
// user opens many city pages under one profile; one runs at a time.
func (s *Server) analysis(ctx context.Context, p *config.Profile, merged []byte) (*sensitivity.Analysis, error) {
	if p.Uncertainty == nil {
		return nil, nil
	}
	key := sha256Hex(merged)
	s.ua.Lock()
	defer s.ua.Unlock()
	if s.ua.key == key {
		return s.ua.last, nil
	}
	sp := p.Uncertainty.WithDefaults()
	plan, err := sensitivity.NewPlan(sp, s.schema, p.Options)
	if err != nil {
		return nil, err
	}
	res, err := sensitivity.Run(ctx, s.schema, s.cfg.Table, p.Options, plan.Replicates, sensitivity.RunOptions{Year: s.cfg.Year})
	if err != nil {
		return nil, err
	}
	a, err := sensitivity.Analyse(res, plan, sp.Bootstrap, sp.Seed)
	if err != nil {
		return nil, err
	}
	s.ua.key, s.ua.last = key, a
	return a, nil
}

func (s *Server) handleCity(w http.ResponseWriter, r *http.Request) {
	unit := dataset.UnitID(r.URL.Query().Get("unit"))
	if _, ok := s.baseRank[unit]; !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("%q is not a unit of the latest year", unit))
		return
	}
	o, ok := s.scored(w, r)
	if !ok {
		return
	}
	var b bytes.Buffer
	if err := exporters.WriteCityPage(&b, o, unit); err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

func (s *Server) handleWorkbook(w http.ResponseWriter, r *http.Request) {
	o, ok := s.scored(w, r)
	if !ok {
		return
	}
	var b bytes.Buffer
	if err := exporters.WriteWorkbook(&b, o); err != nil {
		fail(w, err)
		return
	}
	year := o.Result.Years[exporters.Latest(o.Result)].Year
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="cityscore-%d.xlsx"`, year))
	w.Write(b.Bytes())
}

func (s *Server) handleMap(w http.ResponseWriter, r *http.Request) {
	type pointJSON struct {
		Unit dataset.UnitID `json:"unit"`
		Lon  float64        `json:"lon"`
		Lat  float64        `json:"lat"`
	}
	y := s.base.Years[exporters.Latest(s.base)]
	pts := []pointJSON{}
	for _, id := range y.Units {
		if p, ok := s.points[id]; ok {
			pts = append(pts, pointJSON{id, p[0], p[1]})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"attribution": cities.PointSource, "points": pts})
}

// scoreJSON writes the response of /api/score and /api/ranking: the
// latest year's units of res in rank order, merged the profile applied.
func (s *Server) scoreJSON(res *scoring.Result, merged []byte) ([]byte, error) {
	yi := exporters.Latest(res)
	y := res.Years[yi]
	goals := s.schema.ByLevel(dataset.LevelGoal)
	groupRanks := make([][]int32, len(s.groups))
	for k, g := range s.groups {
		if g.Ranked {
			groupRanks[k] = exporters.GroupRanks(y, g)
		}
	}
	prof, err := config.JSON(merged)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 0, 512*len(y.Units)+4096)
	b = append(b, `{"year":`...)
	b = strconv.AppendInt(b, int64(y.Year), 10)
	b = append(b, `,"profile":`...)
	b = append(b, prof...)
	b = append(b, `,"settings":{`...)
	for k, st := range exporters.OptionSettings(res.Options, s.cfg.Lang) {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendString(b, st.Key)
		b = append(b, ':')
		b = appendString(b, st.Value)
	}
	b = append(b, '}')
	if gs := res.Options.Grades; gs != nil {
		b = append(b, `,"grade_labels":{`...)
		for k, lang := range []string{"zh", "en"} {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendString(b, lang)
			b = append(b, `:[`...)
			for i, name := range gs.Names(lang) {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendString(b, name)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	b = append(b, `,"units":[`...)
	for k, u := range exporters.RankOrder(res, yi) {
		if k > 0 {
			b = append(b, ',')
		}
		b = s.appendUnit(b, res, y, u, goals, groupRanks)
	}
	return append(b, "]}"...), nil
}

// gradeClass is unit u's grade of the index in year y (1 the best).
func gradeClass(y *scoring.YearResult, u int) int {
	for _, ng := range y.Grades {
		if ng.Node == 0 {
			return int(ng.Grade[u])
		}
	}
	return 0
}

// appendUnit appends unit u of year y as the API's unit object.
func (s *Server) appendUnit(b []byte, res *scoring.Result, y *scoring.YearResult, u int, goals []int, groupRanks [][]int32) []byte {
	id := y.Units[u]
	st := exporters.StatusOf(y, u)
	rank := y.Ranks[0][u]
	b = append(b, `{"unit":`...)
	b = appendString(b, string(id))
	b = append(b, `,"rank":`...)
	b = appendRank(b, rank)
	b = append(b, `,"score":`...)
	b = appendNum(b, y.Scores[0][u])
	if g := exporters.GradeIn(res, y, 0, u, s.cfg.Lang); g != "" {
		b = append(b, `,"grade":`...)
		b = appendString(b, g)
		b = append(b, `,"grade_class":`...)
		b = strconv.AppendInt(b, int64(gradeClass(y, u)), 10)
	}
	b = append(b, `,"coverage":`...)
	b = appendNum(b, st.Coverage)
	b = append(b, `,"status":`...)
	b = appendString(b, statusText(st))
	for _, g := range goals {
		b = append(b, ',')
		b = appendString(b, s.schema.Nodes[g].ID)
		b = append(b, ':')
		b = appendNum(b, y.Scores[g][u])
	}
	b = append(b, `,"goal_ranks":{`...)
	for k, g := range goals {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s.schema.Nodes[g].ID)
		b = append(b, ':')
		b = appendRank(b, y.Ranks[g][u])
	}
	b = append(b, `},"groups":{`...)
	n := 0
	for _, g := range s.groups {
		if grp := g.Of[id]; grp != "" {
			if n++; n > 1 {
				b = append(b, ',')
			}
			b = appendString(b, g.ID)
			b = append(b, ':')
			b = appendString(b, grp)
		}
	}
	b = append(b, `},"group_ranks":{`...)
	n = 0
	for k, g := range s.groups {
		if g.Ranked && g.Of[id] != "" {
			if n++; n > 1 {
				b = append(b, ',')
			}
			b = appendString(b, g.ID)
			b = append(b, ':')
			b = appendRank(b, groupRanks[k][u])
		}
	}
	base := s.baseRank[id]
	b = append(b, `},"base_rank":`...)
	b = appendRank(b, base)
	b = append(b, `,"rank_change":`...)
	if base > 0 && rank > 0 {
		b = strconv.AppendInt(b, int64(base-rank), 10)
	} else {
		b = append(b, "null"...)
	}
	if p, ok := s.points[id]; ok {
		b = append(b, `,"lon":`...)
		b = appendNum(b, p[0])
		b = append(b, `,"lat":`...)
		b = appendNum(b, p[1])
	}
	return append(b, '}')
}

// statusText is "ranked", "not ranked" or "no score".
func statusText(st scoring.UnitStatus) string {
	switch {
	case st.NoScore:
		return "no score"
	case st.Ranked:
		return "ranked"
	}
	return "not ranked"
}

// appendNum appends v in the shortest form that reads back as v, null
// when it is missing.
func appendNum(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	if v == 0 {
		v = 0 // no −0
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

func appendRank(b []byte, r int32) []byte {
	if r <= 0 {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, int64(r), 10)
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte {
	if plain(s) {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// plain reports whether s is valid UTF-8 that JSON holds unescaped.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.ValidString(s)
}
