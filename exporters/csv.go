package exporters

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/internal/csvsafe"
	"github.com/cityscore/cityscore/scoring"
)

// WriteCSV writes the scores CSV of docs/formats.md §4: the header
//
//	unit,year,rank,score,<goal ids>,<dimension ids>[,<indicator ids>][,coupling_c,coupling_t,coupling_d,coupling_grade],coverage,status,thin_goals[,grade]
//
// with goals and dimensions in framework order and, when o.Detail is set,
// one column per indicator holding its normalised value. coverage is the
// share of the index's indicators with data (0–1); status is "ranked", or
// "not_ranked" (rank empty) for a unit that fails the profile's coverage
// rule, was screened out or has no score; thin_goals lists, separated by
// ";", the goals thinly measured that year (fewer than
// scoring.Options.ThinGoal indicators that most units have), whose scores
// rest on little data; grade (with the profile's grades) is the index's
// grade (GradeOf); then, with o.Groups, one column per grouping (its ID:
// province, region, size_class, cluster) holding the unit's group, and
// rank_<ID> for the rank within the group. There is one row per unit and
// year, sorted by year, then by rank (units not ranked after the ranked
// ones, by score, then those without a score, by unit id). year is empty
// when the data has no year; a missing score or rank is an empty field.
// Numbers are written in the shortest form that reads back to the same
// float64.
func WriteCSV(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	cols, fields := scoresColumns(r, o)
	coupled, graded := r.Options.Coupling != nil, r.Options.Grades != nil
	rec := make([]string, len(fields))
	for k, f := range fields {
		rec[k] = f.name
	}
	cache := yearGroupRanks{}
	bw := bufio.NewWriterSize(w, 64<<10)
	line := make([]byte, 0, 256)
	for k, f := range rec {
		if k > 0 {
			line = append(line, ',')
		}
		line = csvsafe.AppendField(line, f, o.RawCSV)
	}
	if _, err := bw.Write(append(line, '\n')); err != nil {
		return err
	}
	thin := thinGoalsByYear(r)
	list := byRank(r, false)
	// The scores in output order, gathered one node at a time: reading one
	// node's scores in rank order stays within one array, where reading a
	// row's scores across the nodes would miss the cache at every field.
	nodes := append([]int{0}, cols...)
	vals := make([][]float64, len(nodes))
	for k, c := range nodes {
		v := make([]float64, len(list))
		for j, uy := range list {
			v[j] = r.Years[uy.y].Scores[c][uy.u]
		}
		vals[k] = v
	}
	ranks := make([][][]int32, len(r.Years))
	for k, y := range r.Years {
		ranks[k] = cache.of(y, o.Groups)
	}
	appendRow := func(line []byte, j int) []byte {
		field := func(s string) {
			line = append(line, ',')
			line = csvsafe.AppendField(line, s, o.RawCSV)
		}
		uy := list[j]
		y := r.Years[uy.y]
		line = csvsafe.AppendField(line, string(y.Units[uy.u]), o.RawCSV)
		line = append(line, ',')
		if y.Year != 0 {
			line = strconv.AppendInt(line, int64(y.Year), 10)
		}
		line = append(line, ',')
		line = appendRank(line, y.Ranks[0][uy.u])
		for _, v := range vals {
			line = appendFloat(append(line, ','), v[j])
		}
		if coupled {
			for _, f := range couplingFields(y.Coupling, uy.u) {
				field(f)
			}
		}
		st := StatusOf(y, uy.u)
		line = appendFloat(append(line, ','), st.Coverage)
		field(statusName(st))
		field(thin[uy.y])
		if graded {
			field(GradeOf(r, y, 0, uy.u))
		}
		for _, g := range o.Groups {
			field(g.Of[y.Units[uy.u]])
		}
		for k, g := range o.Groups {
			if g.Ranked {
				line = appendRank(append(line, ','), ranks[uy.y][k][uy.u])
			}
		}
		return append(line, '\n')
	}
	if err := writeRows(bw, len(list), appendRow); err != nil {
		return err
	}
	return bw.Flush()
}

// rowsPerChunk is how many rows of a long table a writer formats at a time.
const rowsPerChunk = 4096

// writeRows writes rows 0..n-1 of a table as row appends them, in order.
// A long table is formatted a chunk of rows per core at a time (row must be
// safe to call concurrently) and written chunk by chunk.
func writeRows(w io.Writer, n int, row func(dst []byte, j int) []byte) error {
	workers := runtime.GOMAXPROCS(0)
	if n < 4*rowsPerChunk || workers < 2 {
		var line []byte
		for j := range n {
			line = row(line[:0], j)
			if _, err := w.Write(line); err != nil {
				return err
			}
		}
		return nil
	}
	bufs := make([][]byte, workers)
	var wg sync.WaitGroup
	for start := 0; start < n; start += workers * rowsPerChunk {
		for k := range workers {
			lo := min(n, start+k*rowsPerChunk)
			hi := min(n, lo+rowsPerChunk)
			wg.Go(func() {
				b := bufs[k][:0]
				for j := lo; j < hi; j++ {
					b = row(b, j)
				}
				bufs[k] = b
			})
		}
		wg.Wait()
		for _, b := range bufs {
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// scoresColumns returns the nodes whose scores the scores table holds
// after the index (goals, dimensions, and with o.Detail the indicators)
// and every column of the table, in order, with its Parquet type: the
// columns of WriteCSV and of the wide Parquet layout.
func scoresColumns(r *scoring.Result, o *Output) (cols []int, fields []pqField) {
	s := r.Schema
	cols = append(s.ByLevel(dataset.LevelGoal), s.ByLevel(dataset.LevelDimension)...)
	if o.Detail {
		cols = append(cols, s.Indicators()...)
	}
	fields = []pqField{{"unit", pqString, true}, {"year", pqInt32, false}, {"rank", pqInt32, false}, {"score", pqDouble, false}}
	for _, c := range cols {
		fields = append(fields, pqField{s.Nodes[c].ID, pqDouble, false})
	}
	if r.Options.Coupling != nil {
		fields = append(fields, pqField{"coupling_c", pqDouble, false}, pqField{"coupling_t", pqDouble, false},
			pqField{"coupling_d", pqDouble, false}, pqField{"coupling_grade", pqString, false})
	}
	fields = append(fields, pqField{"coverage", pqDouble, false}, pqField{"status", pqString, true}, pqField{"thin_goals", pqString, false})
	if r.Options.Grades != nil {
		fields = append(fields, pqField{"grade", pqString, false})
	}
	for _, g := range o.Groups {
		fields = append(fields, pqField{g.ID, pqString, false})
	}
	for _, g := range o.Groups {
		if g.Ranked {
			fields = append(fields, pqField{"rank_" + g.ID, pqInt32, false})
		}
	}
	return cols, fields
}

// thinGoalsByYear is the thin_goals field of each year (the same for
// every unit of a year).
func thinGoalsByYear(r *scoring.Result) []string {
	thin := make([]string, len(r.Years))
	for k, y := range r.Years {
		thin[k] = strings.Join(thinGoals(r, y), ";")
	}
	return thin
}

// Status values of the scores CSV and JSON.
const (
	StatusRanked    = "ranked"
	StatusNotRanked = "not_ranked"
)

// StatusOf returns the ranking status of unit u in year y. A result
// without statuses (made by hand, or by Weigh) counts a unit with an index
// rank as ranked.
func StatusOf(y *scoring.YearResult, u int) scoring.UnitStatus {
	if y.Status != nil {
		return y.Status[u]
	}
	return scoring.UnitStatus{Ranked: y.Ranks[0][u] > 0, Coverage: y.Coverage(0)[u], NoScore: !finite(y.Scores[0][u])}
}

// thinGoals returns the ids of the goals thinly measured in year y.
func thinGoals(r *scoring.Result, y *scoring.YearResult) []string {
	var out []string
	for _, g := range r.Schema.ByLevel(dataset.LevelGoal) {
		if y.Thin(g, r.Options.ThinGoal) {
			out = append(out, r.Schema.Nodes[g].ID)
		}
	}
	return out
}

func statusName(st scoring.UnitStatus) string {
	if st.Ranked {
		return StatusRanked
	}
	return StatusNotRanked
}

// WriteWeightsAppliedCSV writes the effective weights actually applied,
// one row per unit, year and indicator (framework order) for every unit
// with an index score:
//
//	unit,year,indicator,nominal,share
//
// nominal is the indicator's effective weight (the product of the relative
// weights on its path to the index); share is its share of the unit's
// index after the missing-data rule renormalised the weights of what the
// unit has (scoring.Result.Shares): 0 for an indicator the unit lacks. The
// shares of a unit-year sum to 1.
func WriteWeightsAppliedCSV(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	s := r.Schema
	inds := s.Indicators()
	cw := csvsafe.NewWriter(w, o.RawCSV)
	if err := cw.Write([]string{"unit", "year", "indicator", "nominal", "share"}); err != nil {
		return err
	}
	shares := make([][][]float64, len(r.Years))
	for _, uy := range byRank(r, false) {
		y := r.Years[uy.y]
		if !finite(y.Scores[0][uy.u]) {
			continue
		}
		if shares[uy.y] == nil {
			shares[uy.y] = r.Shares(y)
		}
		for _, i := range inds {
			if err := cw.Write([]string{string(y.Units[uy.u]), formatYear(y.Year), s.Nodes[i].ID,
				formatFloat(y.Effective[i]), formatFloat(shares[uy.y][i][uy.u])}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// couplingFields returns C, T, D and the grade's Chinese label of unit u,
// empty where the unit has none.
func couplingFields(c *scoring.CouplingYear, u int) []string {
	if c == nil || !finite(c.D[u]) {
		return []string{formatFloat(math.NaN()), formatFloat(math.NaN()), formatFloat(math.NaN()), ""}
	}
	return []string{formatFloat(c.C[u]), formatFloat(c.T[u]), formatFloat(c.D[u]), c.Grades[u].Zh}
}

// WriteObstaclesCSV writes the obstacle degrees:
//
//	unit,year,node,level,obstacle
//
// one row per unit, year and node (goals, dimensions and indicators in
// framework order), in percent: the indicators of a unit-year sum to 100
// (0 at the ideal), a dimension's or goal's obstacle is the sum over its
// indicators. A missing value is an empty field.
func WriteObstaclesCSV(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	s := r.Schema
	cw := csvsafe.NewWriter(w, o.RawCSV)
	if err := cw.Write([]string{"unit", "year", "node", "level", "obstacle"}); err != nil {
		return err
	}
	for _, uy := range byRank(r, false) {
		y := r.Years[uy.y]
		if y.Obstacles == nil {
			return errors.New("exporters: the result has no obstacle degrees (scoring.Options.Obstacles)")
		}
		for i, n := range s.Nodes {
			if i == 0 {
				continue
			}
			if err := cw.Write([]string{string(y.Units[uy.u]), formatYear(y.Year), n.ID, n.Level.String(),
				formatFloat(y.Obstacles[i][uy.u])}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WeightRow is one node of the weights CSV and of the JSON weights list.
type WeightRow struct {
	Node   string `json:"node"`
	Parent string `json:"parent"` // the parent's id; "index" (the root's id) for goals
	Level  string `json:"level"`  // goal | dimension | indicator
	Method string `json:"method"` // the weighting method that set the weight
	// Weight is relative among the node's siblings; Effective is the
	// product of the relative weights from the node up to the index.
	Weight    *float64 `json:"weight"`
	Effective *float64 `json:"effective_weight"`
	// Aggregation combines the node's children; empty for indicators.
	Aggregation string `json:"aggregation,omitempty"`
}

// weightRows returns a row per goal, dimension and indicator of r, in
// framework order (pre-order: each goal, then its dimensions, each
// followed by its indicators), with the weights of the latest year (they
// differ by year only for objective methods that are not pooled).
func weightRows(r *scoring.Result) []WeightRow {
	s := r.Schema
	y := r.Years[Latest(r)]
	rows := make([]WeightRow, 0, len(s.Nodes)-1)
	for i, n := range s.Nodes {
		if n.Parent < 0 {
			continue
		}
		row := WeightRow{
			Node: n.ID, Parent: s.Nodes[n.Parent].ID, Level: n.Level.String(),
			Method: r.WeightMethod[i].String(),
			Weight: num(y.Weights[i]), Effective: num(y.Effective[i]),
		}
		if n.Level != dataset.LevelIndicator {
			row.Aggregation = r.Aggregation[i].String()
		}
		rows = append(rows, row)
	}
	return rows
}

// WriteWeightsCSV writes the weights CSV of docs/formats.md §4:
//
//	node,parent,level,method,weight,effective_weight
//
// one row per goal, dimension and indicator in framework order (pre-order);
// the index has no row, and the parent of a goal is the index's id
// ("index"). The weights are those of the latest year scored: weight is
// relative within the parent (summing to 1 over siblings), effective_weight
// the product along the path to the index. A field a spreadsheet would
// evaluate is quoted (see Output.RawCSV); WriteWeightsCSVRaw does not.
func WriteWeightsCSV(w io.Writer, r *scoring.Result) error {
	return writeWeightsCSV(w, r, false)
}

// WriteWeightsCSVRaw is WriteWeightsCSV with every field as it is, for
// programs that read the CSV (Output.RawCSV).
func WriteWeightsCSVRaw(w io.Writer, r *scoring.Result) error {
	return writeWeightsCSV(w, r, true)
}

func writeWeightsCSV(w io.Writer, r *scoring.Result, raw bool) error {
	if r == nil || r.Schema == nil || len(r.Years) == 0 {
		return errors.New("exporters: no result to write")
	}
	cw := csvsafe.NewWriter(w, raw)
	if err := cw.Write([]string{"node", "parent", "level", "method", "weight", "effective_weight"}); err != nil {
		return err
	}
	for _, row := range weightRows(r) {
		if err := cw.Write([]string{row.Node, row.Parent, row.Level, row.Method,
			formatPtr(row.Weight), formatPtr(row.Effective)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// checkOutput returns o.Result after checking that o holds a result with
// at least one year.
func checkOutput(o *Output) (*scoring.Result, error) {
	if o == nil || o.Result == nil || o.Result.Schema == nil {
		return nil, errors.New("exporters: no result to write")
	}
	r := o.Result
	for _, y := range r.Years {
		if len(y.Scores) != len(r.Schema.Nodes) || len(y.Ranks) != len(r.Schema.Nodes) {
			return nil, fmt.Errorf("exporters: year %d: result does not match its schema", y.Year)
		}
	}
	return r, nil
}

// num returns &v, or nil when v is missing.
func num(v float64) *float64 {
	if !finite(v) {
		return nil
	}
	return &v
}

func formatPtr(v *float64) string {
	if v == nil {
		return ""
	}
	return formatFloat(*v)
}

// GradeOf returns the grade of unit u at node i (the index or a goal) in
// year y as the CSV and JSON write it: the profile's label, else A, B, C, …
// (1 the best); "" without grades or for a unit not ranked.
func GradeOf(r *scoring.Result, y *scoring.YearResult, i, u int) string {
	return GradeIn(r, y, i, u, "en")
}

// GradeIn is GradeOf with the default labels in lang (zh: 优 良 中 差 …).
func GradeIn(r *scoring.Result, y *scoring.YearResult, i, u int, lang string) string {
	if r.Options.Grades == nil {
		return ""
	}
	for _, ng := range y.Grades {
		if ng.Node == i {
			return r.Options.Grades.Label(int(ng.Grade[u]), lang)
		}
	}
	return ""
}
