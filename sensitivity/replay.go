package sensitivity

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// A replay re-runs exactly the replicates another tool ran, so that the two
// can be compared run for run. Two CSV files (UTF-8, header row) give them:
//
//	sets.csv     weight_set,id,level,weight
//	params.csv   replicate,weight_set,aggregate[,normalize][,impute][,drop]
//
// sets.csv has one row per weight: weight_set names the set, id is a node
// of the framework, level its level as the framework counts (1 indicators,
// 2 dimensions, 3 goals), weight its weight relative among its siblings. A
// node a set leaves out keeps its framework (or profile) weight. Rows of
// level 4, the index, are read past: the index has no weight (COINr's
// weight tables list it with 1).
// params.csv has one row per replicate, in order: replicate numbers them
// from 1, weight_set names a set of sets.csv, and the other columns a
// method as a profile names it (arithmetic, geometric, …; minmax, zscore,
// …; mean, median, …) or, for drop, a node to leave out. An empty cell
// keeps the profile's choice.

// ReplayError is a problem in a replay file, at a line and column (1-based)
// of the CSV.
type ReplayError struct {
	File      string
	Line, Col int
	Text      string // the field found
	Err       error
}

func (e *ReplayError) Error() string {
	pos := e.File
	if e.Line > 0 {
		pos += fmt.Sprintf(":%d", e.Line)
		if e.Col > 0 {
			pos += fmt.Sprintf(":%d", e.Col)
		}
	}
	if e.Text != "" {
		return fmt.Sprintf("%s: %q: %v", pos, e.Text, e.Err)
	}
	return fmt.Sprintf("%s: %v", pos, e.Err)
}

func (e *ReplayError) Unwrap() error { return e.Err }

// csvTable is a CSV read with its header: the column of each header name,
// and the records with the line and the columns of their fields.
type csvTable struct {
	file   string
	cols   map[string]int
	header []string
	recs   [][]string
	line   []int   // of each record
	fields [][]int // per record, the column of each field
}

func readTable(r io.Reader, file string, required ...string) (*csvTable, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	t := &csvTable{file: file, cols: map[string]int{}}
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &ReplayError{File: file, Err: errors.New("empty file; want a header " + strings.Join(required, ","))}
		}
		return nil, csvErr(file, err)
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		header[i] = h
		if _, dup := t.cols[h]; dup {
			return nil, &ReplayError{File: file, Line: 1, Col: i + 1, Text: h, Err: errors.New("duplicate column")}
		}
		t.cols[h] = i
	}
	t.header = header
	for _, name := range required {
		if _, ok := t.cols[name]; !ok {
			return nil, &ReplayError{File: file, Line: 1, Err: fmt.Errorf("no column %q (the header must hold %s)", name, strings.Join(required, ","))}
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvErr(file, err)
		}
		line, _ := cr.FieldPos(0)
		cols := make([]int, len(rec))
		for i := range rec {
			_, cols[i] = cr.FieldPos(i)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		t.recs = append(t.recs, rec)
		t.line = append(t.line, line)
		t.fields = append(t.fields, cols)
	}
	return t, nil
}

func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ReplayError{File: file, Line: pe.Line, Col: pe.Column, Err: pe.Err}
	}
	return &ReplayError{File: file, Err: err}
}

// field returns record k's field name ("" when the row is short) and an
// error constructor at its position.
func (t *csvTable) field(k int, name string) (string, func(error) error) {
	i, ok := t.cols[name]
	v := ""
	col := 0
	if ok && i < len(t.recs[k]) {
		v = strings.TrimSpace(t.recs[k][i])
		col = t.fields[k][i]
	}
	return v, func(err error) error {
		return &ReplayError{File: t.file, Line: t.line[k], Col: col, Text: v, Err: err}
	}
}

// WeightSets reads sets.csv: the weights of each set by node id, and the
// names of the sets in the order they first appear.
func WeightSets(r io.Reader, file string, s *dataset.Schema) (sets map[string]map[string]float64, order []string, err error) {
	t, err := readTable(r, file, "weight_set", "id", "level", "weight")
	if err != nil {
		return nil, nil, err
	}
	sets = map[string]map[string]float64{}
	for k := range t.recs {
		name, bad := t.field(k, "weight_set")
		if name == "" {
			return nil, nil, bad(errors.New("empty weight_set"))
		}
		id, badID := t.field(k, "id")
		lv, badLevel := t.field(k, "level")
		level, err := strconv.Atoi(lv)
		if err == nil && dataset.Level(level) == dataset.LevelIndex {
			continue // the index has no weight (COINr's tables list it with 1)
		}
		i, ok := s.Index(id)
		if !ok {
			return nil, nil, badID(errors.New("not a node of the framework"))
		}
		if err != nil || dataset.Level(level) != s.Nodes[i].Level {
			return nil, nil, badLevel(fmt.Errorf("%s is at level %d (%s); levels: 1 indicators, 2 dimensions, 3 goals", id, int(s.Nodes[i].Level), s.Nodes[i].Level))
		}
		wv, badW := t.field(k, "weight")
		w, err := strconv.ParseFloat(wv, 64)
		if err != nil || math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return nil, nil, badW(errors.New("not a finite weight ≥ 0"))
		}
		if sets[name] == nil {
			sets[name] = map[string]float64{}
			order = append(order, name)
		}
		if _, dup := sets[name][id]; dup {
			return nil, nil, badID(fmt.Errorf("second weight of %s in set %s", id, name))
		}
		sets[name][id] = w
	}
	if len(order) == 0 {
		return nil, nil, &ReplayError{File: file, Err: errors.New("no weight set")}
	}
	return sets, order, nil
}

// ParamColumns are the uncertain inputs params.csv may set, in the order
// of a Saltelli design's blocks. A column y (the output variable, written
// by cityscore sensitivity --params-out) is read past.
var ParamColumns = []string{"weight_set", "aggregate", "normalize", "impute", "rank_rule", "drop"}

// Replay reads params.csv and returns its replicates, with their weight
// sets taken from sets (nil when params.csv names none), and the uncertain
// inputs it declares (its columns of ParamColumns, in file order).
func Replay(r io.Reader, file string, s *dataset.Schema, sets map[string]map[string]float64) ([]Replicate, []string, error) {
	t, err := readTable(r, file, "replicate")
	if err != nil {
		return nil, nil, err
	}
	var inputs []string
	for _, h := range t.header {
		switch {
		case h == "replicate", h == "y":
		case slices.Contains(ParamColumns, h):
			inputs = append(inputs, h)
		default:
			return nil, nil, &ReplayError{File: file, Line: 1, Text: h, Err: fmt.Errorf("unknown column (want replicate,%s)", strings.Join(ParamColumns, ","))}
		}
	}
	reps := make([]Replicate, 0, len(t.recs))
	for k := range t.recs {
		nv, bad := t.field(k, "replicate")
		if n, err := strconv.Atoi(nv); err != nil || n != k+1 {
			return nil, nil, bad(fmt.Errorf("want replicate %d: rows are numbered 1, 2, … in order", k+1))
		}
		var rep Replicate
		if name, bad := t.field(k, "weight_set"); name != "" {
			w, ok := sets[name]
			if !ok {
				return nil, nil, bad(errors.New("no such weight set in the weight sets file"))
			}
			rep.WeightSet, rep.Weights = name, w
		}
		if v, bad := t.field(k, "aggregate"); v != "" {
			var a scoring.Aggregation
			if err := a.UnmarshalText([]byte(v)); err != nil {
				return nil, nil, bad(err)
			}
			rep.Aggregate = &a
		}
		if v, bad := t.field(k, "normalize"); v != "" {
			var m scoring.Normalization
			if err := m.UnmarshalText([]byte(v)); err != nil {
				return nil, nil, bad(err)
			}
			spec := scoring.DefaultNormalizeSpec(m)
			rep.Normalize = &spec
		}
		if v, bad := t.field(k, "impute"); v != "" {
			var m composite.ImputeMethod
			if err := m.UnmarshalText([]byte(v)); err != nil {
				return nil, nil, bad(err)
			}
			rep.Impute = &m
		}
		if v, bad := t.field(k, "rank_rule"); v != "" {
			rule, err := ParseRankRule(v)
			if err != nil {
				return nil, nil, bad(err)
			}
			rep.Rank = &rule
		}
		if v, bad := t.field(k, "drop"); v != "" {
			if _, ok := s.Index(v); !ok {
				return nil, nil, bad(errors.New("not a node of the framework"))
			}
			rep.Drop = v
		}
		reps = append(reps, rep)
	}
	if len(reps) == 0 {
		return nil, nil, &ReplayError{File: file, Err: errors.New("no replicate")}
	}
	return reps, inputs, nil
}

// ParseRankRule parses a coverage rule of ranking as params.csv writes it:
// none, or by/min/common, e.g. goal/0.5/0.5.
func ParseRankRule(s string) (scoring.RankRule, error) {
	var r scoring.RankRule
	parts := strings.Split(s, "/")
	if err := r.By.UnmarshalText([]byte(parts[0])); err != nil {
		return r, err
	}
	if r.By == scoring.RuleNone {
		if len(parts) != 1 {
			return r, errors.New("want none, or by/min/common such as goal/0.5/0.5")
		}
		return r, nil
	}
	if len(parts) != 3 {
		return r, errors.New("want by/min/common, such as goal/0.5/0.5")
	}
	var err error
	if r.Min, err = strconv.ParseFloat(parts[1], 64); err != nil || !(r.Min > 0 && r.Min <= 1) {
		return r, errors.New("min: want a share in (0, 1]")
	}
	if r.Common, err = strconv.ParseFloat(parts[2], 64); err != nil || !(r.Common >= 0 && r.Common < 1) {
		return r, errors.New("common: want a share in [0, 1)")
	}
	return r, nil
}

// FormatRankRule writes a rule as ParseRankRule reads it.
func FormatRankRule(r scoring.RankRule) string {
	if r.By == scoring.RuleNone {
		return r.By.String()
	}
	return fmt.Sprintf("%v/%v/%v", r.By, r.Min, r.Common)
}
