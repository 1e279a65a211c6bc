package exporters

import (
	"encoding/json"
	"io"
	"math"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
)

// Parquet outputs (docs/formats.md §4, Parquet): flat tables, snappy
// compressed, missing values null. The file's key-value metadata holds
// cityscore.layout (wide, long or panel) and, for scores, cityscore.manifest
// (the run's manifest as JSON).

// ParquetLayout is the shape of the scores in a Parquet file.
type ParquetLayout string

// Layouts of the scores Parquet file.
const (
	ParquetWide ParquetLayout = "wide" // the scores CSV's columns, typed
	ParquetLong ParquetLayout = "long" // a row per unit, year and node
)

// WriteParquet writes the scores as Parquet in layout: ParquetWide, the
// columns of WriteCSV (unit, status, thin_goals, grade and the groups as
// strings; year and the ranks as INT32; the scores, coverage and coupling as
// DOUBLE), in the same order, with the same rows; or ParquetLong, the
// columns
//
//	unit, code, year, node, level, value, score, rank, source
//
// one row per unit, year and node (the index, then goals, dimensions and
// indicators in framework order): level is index, goal, dimension or
// indicator; value the indicator's raw value (null for other nodes); score
// the node's score (the normalised value for an indicator); rank its rank
// among the units that year; source, for an indicator, the cells of the
// data files its raw value came from (file#sheet!cell, several separated
// by "; " for a computed value). Units come in the scores CSV's order.
func WriteParquet(w io.Writer, o *Output, layout ParquetLayout) error {
	if layout == ParquetLong {
		return writeParquetLong(w, o)
	}
	return writeParquetWide(w, o)
}

func writeParquetWide(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	cols, fields := scoresColumns(r, o)
	coupled, graded := r.Options.Coupling != nil, r.Options.Grades != nil
	thin := thinGoalsByYear(r)
	t, err := newPQTable(w, fields, scoresMeta(o, ParquetWide))
	if err != nil {
		return err
	}
	cache := yearGroupRanks{}
	for _, uy := range byRank(r, false) {
		y := r.Years[uy.y]
		u := uy.u
		t.str(string(y.Units[u]))
		t.int(y.Year)
		t.int(int(y.Ranks[0][u]))
		t.num(y.Scores[0][u])
		for _, c := range cols {
			t.num(y.Scores[c][u])
		}
		if coupled {
			if c := y.Coupling; c == nil || !finite(c.D[u]) {
				t.num(math.NaN())
				t.num(math.NaN())
				t.num(math.NaN())
				t.str("")
			} else {
				t.num(c.C[u])
				t.num(c.T[u])
				t.num(c.D[u])
				t.str(c.Grades[u].Zh)
			}
		}
		st := StatusOf(y, u)
		t.num(st.Coverage)
		t.str(statusName(st))
		t.str(thin[uy.y])
		if graded {
			t.str(GradeOf(r, y, 0, u))
		}
		for _, g := range o.Groups {
			t.str(g.Of[y.Units[u]])
		}
		ranks := cache.of(y, o.Groups)
		for k, g := range o.Groups {
			if g.Ranked {
				t.int(int(ranks[k][u]))
			}
		}
		if err := t.end(); err != nil {
			return err
		}
	}
	return t.close()
}

// labelCode is the table label importers set to a city's official code
// (importers.LabelCode).
const labelCode = importers.LabelCode

func writeParquetLong(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	s := r.Schema
	fields := []pqField{{"unit", pqString, true}, {"code", pqString, false}, {"year", pqInt32, false},
		{"node", pqString, true}, {"level", pqString, true}, {"value", pqDouble, false}, {"score", pqDouble, false},
		{"rank", pqInt32, false}, {"source", pqString, false}}
	t, err := newPQTable(w, fields, scoresMeta(o, ParquetLong))
	if err != nil {
		return err
	}
	levels := make([]string, len(s.Nodes))
	for i, n := range s.Nodes {
		levels[i] = n.Level.String()
	}
	var srcs []string
	var origins []dataset.Origin // reused cell after cell
	for _, uy := range byRank(r, false) {
		y := r.Years[uy.y]
		u := uy.u
		row := -1
		if o.Table != nil && u < len(y.Rows) {
			row = y.Rows[u]
		}
		code := ""
		if row >= 0 {
			code = o.Table.Label(labelCode, row)
		}
		for i, n := range s.Nodes {
			t.str(string(y.Units[u]))
			t.str(code)
			t.int(y.Year)
			t.str(n.ID)
			t.str(levels[i])
			src := ""
			if n.Level == dataset.LevelIndicator {
				t.num(y.Raw[i][u])
				if row >= 0 {
					srcs = srcs[:0]
					origins = o.Table.AppendSources(origins[:0], n.Variable, row)
					for _, o := range origins {
						srcs = append(srcs, o.String())
					}
					src = strings.Join(srcs, "; ")
				}
			} else {
				t.num(math.NaN())
			}
			t.num(y.Scores[i][u])
			t.int(int(y.Ranks[i][u]))
			t.str(src)
			if err := t.end(); err != nil {
				return err
			}
		}
	}
	return t.close()
}

// scoresMeta is the key-value metadata of a scores file.
func scoresMeta(o *Output, layout ParquetLayout) map[string]string {
	m := map[string]string{"cityscore.layout": string(layout)}
	if b, err := json.Marshal(o.Manifest); err == nil {
		m["cityscore.manifest"] = string(b)
	}
	return m
}

// WritePanelParquet writes the tidy long panel of `cityscore import` as
// Parquet: the columns of importers.PanelHeader, year as INT32 and value as
// DOUBLE, the others strings; a missing or bad value, a year or code
// unknown, is null.
func WritePanelParquet(w io.Writer, rows []importers.PanelRow) error {
	fields := []pqField{{"unit", pqString, true}, {"code", pqString, false}, {"year", pqInt32, false},
		{"variable", pqString, true}, {"value", pqDouble, false}, {"measure_unit", pqString, false},
		{"scope", pqString, false}, {"source", pqString, false}}
	t, err := newPQTable(w, fields, map[string]string{"cityscore.layout": "panel"})
	if err != nil {
		return err
	}
	for _, r := range rows {
		t.str(string(r.Unit))
		t.str(r.Code)
		t.int(r.Year)
		t.str(string(r.Variable))
		t.num(r.Value)
		t.str(r.MeasureUnit)
		t.str(r.Scope)
		t.str(r.Source)
		if err := t.end(); err != nil {
			return err
		}
	}
	return t.close()
}

type pqType uint8

const (
	pqString pqType = iota
	pqInt32
	pqDouble
)

// pqField is a column of a Parquet output: optional (nullable) unless
// required.
type pqField struct {
	name     string
	typ      pqType
	required bool
}

// pqOrdered is a parquet.Group whose fields keep the order given
// (parquet.Group sorts them by name).
type pqOrdered struct {
	parquet.Group
	order []string
}

func (g pqOrdered) Fields() []parquet.Field {
	byName := make(map[string]parquet.Field, len(g.order))
	for _, f := range g.Group.Fields() {
		byName[f.Name()] = f
	}
	out := make([]parquet.Field, len(g.order))
	for i, n := range g.order {
		out[i] = byName[n]
	}
	return out
}

// pqTable writes rows cell by cell: str, int and num append the next
// column's value, end completes the row. Rows are written in batches.
type pqTable struct {
	w      *parquet.GenericWriter[any]
	fields []pqField
	batch  []parquet.Row
	n      int // rows in batch
	col    int // the next column of the current row
	err    error
}

const pqBatch = 1024

func newPQTable(w io.Writer, fields []pqField, meta map[string]string) (*pqTable, error) {
	g := pqOrdered{Group: parquet.Group{}}
	for _, f := range fields {
		var n parquet.Node
		switch f.typ {
		case pqString:
			n = parquet.String()
		case pqInt32:
			n = parquet.Int(32)
		default:
			n = parquet.Leaf(parquet.DoubleType)
		}
		if !f.required {
			n = parquet.Optional(n)
		}
		g.Group[f.name] = n
		g.order = append(g.order, f.name)
	}
	opts := []parquet.WriterOption{parquet.NewSchema("cityscore", g), parquet.Compression(&snappy.Codec{}),
		parquet.CreatedBy("cityscore", "", "")}
	for k, v := range meta {
		opts = append(opts, parquet.KeyValueMetadata(k, v))
	}
	t := &pqTable{w: parquet.NewGenericWriter[any](w, opts...), fields: fields, batch: make([]parquet.Row, pqBatch)}
	for i := range t.batch {
		t.batch[i] = make(parquet.Row, len(fields))
	}
	return t, nil
}

func (t *pqTable) put(v parquet.Value, null bool) {
	def := 1
	if t.fields[t.col].required {
		def = 0
	}
	if null {
		v = parquet.NullValue()
		def = 0
	}
	t.batch[t.n][t.col] = v.Level(0, def, t.col)
	t.col++
}

// str appends a string; "" is null in an optional column.
func (t *pqTable) str(s string) {
	t.put(parquet.ByteArrayValue([]byte(s)), s == "" && !t.fields[t.col].required)
}

// int appends an INT32; 0 or less (no year, no rank) is null.
func (t *pqTable) int(v int) { t.put(parquet.Int32Value(int32(v)), v <= 0) }

// num appends a DOUBLE; NaN and ±Inf are null.
func (t *pqTable) num(v float64) {
	if v == 0 {
		v = 0 // no −0, as in the CSV
	}
	t.put(parquet.DoubleValue(v), !finite(v))
}

func (t *pqTable) end() error {
	t.col = 0
	if t.n++; t.n == len(t.batch) {
		return t.flush()
	}
	return nil
}

func (t *pqTable) flush() error {
	if t.n > 0 && t.err == nil {
		_, t.err = t.w.WriteRows(t.batch[:t.n])
	}
	t.n = 0
	return t.err
}

func (t *pqTable) close() error {
	if err := t.flush(); err != nil {
		return err
	}
	return t.w.Close()
}
