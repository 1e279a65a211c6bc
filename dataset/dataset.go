// Package dataset holds the city statistics that every other package shares:
// a table of units (cities) by years by variables, with an explicit flag and
// an origin (file, sheet, cell) for every value, and the schema of the
// framework tree that scoring walks. It does no I/O.
//
// The data flows one way: importers fill a Table, indicators adds the
// computed indicator columns, scoring reads it, exporters write the result.
package dataset

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// UnitID names a unit of analysis: a city name or code, or a country code in
// the JRC reference data.
type UnitID string

// VariableID names an input (raw statistic) or an indicator.
type VariableID string

// Key identifies one row of a table: a unit in a year. Year 0 means the data
// carried no year.
type Key struct {
	Unit UnitID
	Year int
}

// Flag describes the state of one cell. The zero value is a plain, present
// value.
type Flag uint8

const (
	// Missing marks a cell with no value: empty, or a missing-value marker
	// such as "-" or "…".
	Missing Flag = 1 << iota
	// Invalid marks a cell whose text is not a number. The value is missing;
	// the import report names the cell and its text.
	Invalid
	// Converted marks a value converted from the unit its header stated to
	// the framework's unit.
	Converted
	// Computed marks a value computed by a framework formula.
	Computed
	// Imputed marks a value filled in by imputation.
	Imputed
	// Derived marks a value that a framework `derive` alternative supplied
	// because the primary source (the data, or the indicator's formula)
	// gave none, and a value that a formula computed from a Derived
	// operand, so that a per-capita ratio over a derived population is
	// flagged too. Column.DerivationAt says which alternative, if any.
	Derived
)

// Derivation is one alternative of a variable's `derive` list, as Compute
// recorded it on the column: the formula text, the columns it reads, the
// basis of the values it gives (e.g. "resident", "registered"; "" when not
// declared) and the framework's note on it.
type Derivation struct {
	Formula  string
	Operands []VariableID
	Basis    string
	Note     string
}

// Origin locates the source of a value. Row and Col are 1-based; a zero Row
// means the origin is unknown or the value was computed.
type Origin struct {
	File  string
	Sheet string // empty for CSV files
	Row   int
	Col   int
}

// String formats o as file#Sheet!C14 for a workbook and file!C14 for a CSV
// file, or "" when o is unknown.
func (o Origin) String() string {
	if o.File == "" && o.Row == 0 {
		return ""
	}
	var buf [128]byte
	return string(o.AppendTo(buf[:0]))
}

// AppendTo appends o as String writes it to dst.
func (o Origin) AppendTo(dst []byte) []byte {
	if o.File == "" && o.Row == 0 {
		return dst
	}
	dst = append(dst, o.File...)
	if o.Sheet != "" {
		dst = append(append(dst, '#'), o.Sheet...)
	}
	if o.Row > 0 && o.Col > 0 {
		dst = AppendCellName(append(dst, '!'), o.Col, o.Row)
	}
	return dst
}

// CellName returns the A1-style name of a 1-based column and row, e.g.
// CellName(3, 14) = "C14".
func CellName(col, row int) string {
	var buf [24]byte
	return string(AppendCellName(buf[:0], col, row))
}

// AppendCellName appends CellName(col, row) to dst.
func AppendCellName(dst []byte, col, row int) []byte {
	if col < 1 || row < 1 {
		panic("dataset: cell coordinates must be positive")
	}
	var letters [14]byte // 26^14 > 2^63
	i := len(letters)
	for c := col; c > 0; c = (c - 1) / 26 {
		i--
		letters[i] = byte('A' + (c-1)%26)
	}
	return strconv.AppendInt(append(dst, letters[i:]...), int64(row), 10)
}

// Column holds one variable for every row of its table. Values are NaN where
// the cell is missing or invalid; Flags says which.
type Column struct {
	ID     VariableID
	Unit   string // measurement unit of Values, after any conversion
	Scope  string // yearbook scope: 全市, 市辖区 or 城区; empty if not stated
	Header string // the header text the column was read from, if any

	// Formula and Operands are set on a column computed by a framework
	// formula: its text and the columns it reads, so that a computed value
	// traces back to the cells of its operands.
	Formula  string
	Operands []VariableID

	// Basis labels what the column's primary values measure (resident or
	// registered population, …); "" when the framework declares none.
	Basis string
	// Derivations are the variable's derive alternatives and Via says, row
	// by row, which one gave the value: Via[row] == k > 0 means
	// Derivations[k-1], 0 the primary source. Via is nil when no row was
	// derived. A derived value outside the variable's valid range is
	// missing and flagged Invalid, and keeps its Via for the trace.
	Derivations []Derivation
	Via         []uint8

	Values []float64
	Flags  []Flag

	// origins is where each value came from, kept compactly
	// (provenance.go).
	origins origins
}

// Value returns the value at row and whether it is present.
func (c *Column) Value(row int) (float64, bool) {
	v := c.Values[row]
	return v, !math.IsNaN(v)
}

// Set stores v at row with the given flags and origin. A NaN v is stored as
// missing, and Missing is added to its flags. The row's Via is reset to 0
// (the primary source): a derived value is recorded with SetVia after Set.
func (c *Column) Set(row int, v float64, f Flag, o Origin) {
	if math.IsNaN(v) {
		f |= Missing
	}
	c.Values[row] = v
	c.Flags[row] = f
	if c.Via != nil {
		c.Via[row] = 0
	}
	if o.Row < 0 || o.Col < 0 || o.Row > math.MaxUint32 || o.Col > math.MaxUint32 {
		panic(fmt.Sprintf("dataset: column %s: origin cell (%d, %d) out of range", c.ID, o.Row, o.Col))
	}
	c.origins.set(row, len(c.Values), o)
}

// SetVia records that Derivations[k-1] gave the value at row (k = 0: the
// primary source). It panics if k is not in [0, len(Derivations)].
func (c *Column) SetVia(row, k int) {
	if k < 0 || k > len(c.Derivations) || k > math.MaxUint8 {
		panic(fmt.Sprintf("dataset: column %s: derivation %d of %d", c.ID, k, len(c.Derivations)))
	}
	if c.Via == nil {
		if k == 0 {
			return
		}
		c.Via = make([]uint8, len(c.Values))
	}
	c.Via[row] = uint8(k)
}

// DerivationAt returns the derive alternative that gave the value at row,
// or nil when the value (or its absence) is the primary source's.
func (c *Column) DerivationAt(row int) *Derivation {
	if c.Via == nil || c.Via[row] == 0 || int(c.Via[row]) > len(c.Derivations) {
		return nil
	}
	return &c.Derivations[c.Via[row]-1]
}

// Origin returns the origin of the value at row, or the zero Origin.
func (c *Column) Origin(row int) Origin {
	o, _ := c.OriginSpan(row)
	return o
}

// OriginSpan returns the origin of the value at row, and how many rows
// from row on have origins that follow it one cell down each (row+i from
// the cell i rows below): at least 1 when the origin is known, 0 when not.
// A reader of consecutive rows need not ask again within the span.
func (c *Column) OriginSpan(row int) (Origin, int) {
	if row < 0 || row >= len(c.Values) {
		panic(fmt.Sprintf("dataset: column %s: row %d of %d", c.ID, row, len(c.Values)))
	}
	return c.origins.span(row)
}

// HasOrigins reports whether any value of c has a known origin.
func (c *Column) HasOrigins() bool { return c.origins.any() }

// Table is a set of rows (unit, year) by columns (variables). Rows and
// columns keep the order in which they were added. Text columns that are not
// variables, such as a unit's name or province, are kept as labels.
//
// The zero value is not usable; call New.
type Table struct {
	keys  []Key
	rowOf map[Key]int

	cols  []*Column
	colOf map[VariableID]int

	labelNames []string
	labels     map[string][]string

	capHint int // the rows Grow made room for: new columns start with that capacity
}

// New returns an empty table.
func New() *Table {
	return &Table{rowOf: map[Key]int{}, colOf: map[VariableID]int{}, labels: map[string][]string{}}
}

// Len returns the number of rows.
func (t *Table) Len() int { return len(t.keys) }

// Key returns the key of row i.
func (t *Table) Key(i int) Key { return t.keys[i] }

// Keys returns the keys of all rows, in order. The caller must not modify it.
func (t *Table) Keys() []Key { return t.keys }

// Row returns the row of k, if present.
func (t *Table) Row(k Key) (int, bool) {
	i, ok := t.rowOf[k]
	return i, ok
}

// AddRow returns the row of k, adding it (with every cell missing) if the
// table does not have it yet. added reports whether the row is new.
func (t *Table) AddRow(k Key) (row int, added bool) {
	if i, ok := t.rowOf[k]; ok {
		return i, false
	}
	i := len(t.keys)
	t.keys = append(t.keys, k)
	t.rowOf[k] = i
	for _, c := range t.cols {
		c.Values = append(c.Values, math.NaN())
		c.Flags = append(c.Flags, Missing)
		c.origins.addRow()
		if c.Via != nil {
			c.Via = append(c.Via, 0)
		}
	}
	for _, name := range t.labelNames {
		t.labels[name] = append(t.labels[name], "")
	}
	return i, true
}

// Grow makes room for n more rows in the table and in every column, so
// that adding them does not reallocate: an importer that knows roughly how
// many rows it reads calls it first.
func (t *Table) Grow(n int) {
	if n <= 0 {
		return
	}
	if len(t.keys) == 0 && len(t.rowOf) == 0 {
		t.rowOf = make(map[Key]int, n)
	}
	t.keys = slices.Grow(t.keys, n)
	for _, c := range t.cols {
		c.grow(len(t.keys) + n)
	}
	for _, name := range t.labelNames {
		t.labels[name] = slices.Grow(t.labels[name], n)
	}
	t.capHint = len(t.keys) + n
}

// grow makes the column's slices hold n rows without reallocating.
func (c *Column) grow(n int) {
	if n <= cap(c.Values) {
		return
	}
	c.Values = slices.Grow(c.Values, n-len(c.Values))
	c.Flags = slices.Grow(c.Flags, n-len(c.Flags))
	c.origins.grow(n)
	if c.Via != nil {
		c.Via = slices.Grow(c.Via, n-len(c.Via))
	}
}

// Column returns the column id, or nil.
func (t *Table) Column(id VariableID) *Column {
	if i, ok := t.colOf[id]; ok {
		return t.cols[i]
	}
	return nil
}

// Columns returns the columns in order. The caller must not modify the slice.
func (t *Table) Columns() []*Column { return t.cols }

// AddColumn returns the column id, adding it with every cell missing if the
// table does not have it yet. Unit and scope are set only on a new column.
func (t *Table) AddColumn(id VariableID, unit, scope string) *Column {
	if c := t.Column(id); c != nil {
		return c
	}
	n := len(t.keys)
	c := &Column{ID: id, Unit: unit, Scope: scope, Values: make([]float64, n, max(n, t.capHint)), Flags: make([]Flag, n, max(n, t.capHint))}
	for i := range c.Values {
		c.Values[i] = math.NaN()
		c.Flags[i] = Missing
	}
	t.colOf[id] = len(t.cols)
	t.cols = append(t.cols, c)
	return c
}

// SetLabel stores the text s in the label column name at row.
func (t *Table) SetLabel(name string, row int, s string) {
	l, ok := t.labels[name]
	if !ok {
		t.labelNames = append(t.labelNames, name)
		l = make([]string, len(t.keys))
	}
	l[row] = s
	t.labels[name] = l
}

// Label returns the text of the label column name at row, or "".
func (t *Table) Label(name string, row int) string {
	if l, ok := t.labels[name]; ok {
		return l[row]
	}
	return ""
}

// LabelNames returns the names of the label columns in order.
func (t *Table) LabelNames() []string { return t.labelNames }

// Years returns the distinct years of the rows, ascending.
func (t *Table) Years() []int {
	seen := map[int]bool{}
	var ys []int
	for _, k := range t.keys {
		if !seen[k.Year] {
			seen[k.Year] = true
			ys = append(ys, k.Year)
		}
	}
	slices.Sort(ys)
	return ys
}

// Units returns the distinct units in order of first appearance.
func (t *Table) Units() []UnitID {
	seen := map[UnitID]bool{}
	var us []UnitID
	for _, k := range t.keys {
		if !seen[k.Unit] {
			seen[k.Unit] = true
			us = append(us, k.Unit)
		}
	}
	return us
}

// RowsOf returns the rows of year y, in table order.
func (t *Table) RowsOf(y int) []int {
	var rows []int
	for i, k := range t.keys {
		if k.Year == y {
			rows = append(rows, i)
		}
	}
	return rows
}

// Merge copies every row, column and label of src into t. A cell present in
// both tables with different values is an error; a missing cell never
// overwrites a present one.
func (t *Table) Merge(src *Table) error {
	for i, k := range src.keys {
		row, _ := t.AddRow(k)
		for _, sc := range src.cols {
			c := t.AddColumn(sc.ID, sc.Unit, sc.Scope)
			if c.Header == "" {
				c.Header = sc.Header
			}
			if c.Formula == "" && sc.Formula != "" {
				c.Formula, c.Operands = sc.Formula, slices.Clone(sc.Operands)
			}
			if c.Basis == "" {
				c.Basis = sc.Basis
			}
			v, ok := sc.Value(i)
			if !ok {
				// A missing cell keeps its origin (and an invalid one its
				// flag) unless the row already has a value or an origin.
				if _, have := c.Value(row); !have {
					if o := sc.Origin(i); o != (Origin{}) && (c.Origin(row) == (Origin{}) || sc.Flags[i]&Invalid != 0) {
						c.Set(row, math.NaN(), sc.Flags[i], o)
					}
				}
				continue
			}
			if old, have := c.Value(row); have {
				if old != v {
					return fmt.Errorf("%s, year %d, %s: %v from %s conflicts with %v from %s",
						k.Unit, k.Year, sc.ID, v, sc.Origin(i), old, c.Origin(row))
				}
				continue
			}
			c.Set(row, v, sc.Flags[i], sc.Origin(i))
			if d := sc.DerivationAt(i); d != nil {
				c.SetVia(row, c.derivationIndex(*d))
			}
		}
		for _, name := range src.labelNames {
			if s := src.Label(name, i); s != "" {
				t.SetLabel(name, row, s)
			}
		}
	}
	return nil
}

// derivationIndex returns the 1-based index of d in c.Derivations, adding
// it if c does not have it yet.
func (c *Column) derivationIndex(d Derivation) int {
	for k, have := range c.Derivations {
		if have.Formula == d.Formula && have.Basis == d.Basis {
			return k + 1
		}
	}
	d.Operands = slices.Clone(d.Operands)
	c.Derivations = append(c.Derivations, d)
	return len(c.Derivations)
}

// Sources returns every file cell the value of column id at row came from:
// the cell itself when it has a file origin; else, for a value computed by
// the column's formula or by one of its derivations, the sources of the
// operands at the same row, recursively. Cells are listed once, in order of
// first appearance. A value with no traceable cell (a column or row the
// table lacks, a value set by hand) has no sources.
//
// For a population derived as GDP ÷ GDP per capita, Sources names the GDP
// cell and the GDP-per-capita cell: "917.5 ← 2-6.xlsx#Sheet1!C5,
// 2-6.xlsx#Sheet1!E5".
func (t *Table) Sources(id VariableID, row int) []Origin {
	return t.AppendSources(nil, id, row)
}

// AppendSources appends Sources(id, row) to dst and returns it: without
// allocating beyond dst's growth, for a writer that asks cell after cell.
func (t *Table) AppendSources(dst []Origin, id VariableID, row int) []Origin {
	if row < 0 || row >= len(t.keys) {
		return dst
	}
	var path [8]VariableID // the formulas being walked: a cycle ends
	dst, _ = t.appendSources(dst, len(dst), id, row, path[:0])
	return dst
}

// appendSources appends the origins of id's value at row that dst[start:]
// lacks, walking a formula's operands unless id is on path.
func (t *Table) appendSources(dst []Origin, start int, id VariableID, row int, path []VariableID) ([]Origin, []VariableID) {
	c := t.Column(id)
	if c == nil || slices.Contains(path, id) {
		return dst, path
	}
	if o := c.Origin(row); o.File != "" {
		if !slices.Contains(dst[start:], o) {
			dst = append(dst, o)
		}
		return dst, path
	}
	ops := c.Operands
	if d := c.DerivationAt(row); d != nil {
		ops = d.Operands
	} else if c.Formula == "" {
		return dst, path
	}
	path = append(path, id)
	for _, op := range ops {
		dst, path = t.appendSources(dst, start, op, row, path)
	}
	return dst, path[:len(path)-1]
}

// Select returns a new table with the rows of t for which keep is true,
// with every column (flags, origins, formula and derivations included) and
// label.
func (t *Table) Select(keep func(Key) bool) *Table {
	out := New()
	var rows []int
	for i, k := range t.keys {
		if keep(k) {
			out.AddRow(k)
			rows = append(rows, i)
		}
	}
	for _, c := range t.cols {
		nc := out.AddColumn(c.ID, c.Unit, c.Scope)
		nc.Header = c.Header
		nc.Formula, nc.Operands, nc.Basis = c.Formula, slices.Clone(c.Operands), c.Basis
		for _, d := range c.Derivations {
			d.Operands = slices.Clone(d.Operands)
			nc.Derivations = append(nc.Derivations, d)
		}
		for j, r := range rows {
			nc.Set(j, c.Values[r], c.Flags[r], c.Origin(r))
			if c.Via != nil && c.Via[r] != 0 {
				nc.SetVia(j, int(c.Via[r]))
			}
		}
	}
	for _, name := range t.labelNames {
		for j, r := range rows {
			out.SetLabel(name, j, t.labels[name][r])
		}
	}
	return out
}
