package importers

import (
	"bytes"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// pqCol is a column of a test Parquet file.
type pqCol struct {
	name string
	node parquet.Node // parquet.Optional(parquet.Leaf(parquet.DoubleType)), …
}

// pqGroup is a parquet.Group whose fields keep the order given.
type pqGroup struct {
	parquet.Group
	order []string
}

func (g pqGroup) Fields() []parquet.Field {
	byName := map[string]parquet.Field{}
	for _, f := range g.Group.Fields() {
		byName[f.Name()] = f
	}
	out := make([]parquet.Field, len(g.order))
	for i, n := range g.order {
		out[i] = byName[n]
	}
	return out
}

// pqFile writes rows (nil = null; else a value parquet.ValueOf takes) as a
// Parquet file of cols, in row groups of rowsPerGroup rows (0: one group).
func pqFile(tb testing.TB, cols []pqCol, rows [][]any, rowsPerGroup int) []byte {
	tb.Helper()
	g := pqGroup{Group: parquet.Group{}}
	for _, c := range cols {
		g.Group[c.name] = c.node
		g.order = append(g.order, c.name)
	}
	schema := parquet.NewSchema("t", g)
	var buf bytes.Buffer
	opts := []parquet.WriterOption{schema}
	if rowsPerGroup > 0 {
		opts = append(opts, parquet.MaxRowsPerRowGroup(int64(rowsPerGroup)))
	}
	w := parquet.NewGenericWriter[any](&buf, opts...)
	for i, r := range rows {
		row := make(parquet.Row, len(cols))
		for j, v := range r {
			def := 0
			if cols[j].node.Optional() {
				def = 1
			}
			switch v := v.(type) {
			case nil:
				row[j] = parquet.NullValue().Level(0, 0, j)
			case parquet.Value:
				row[j] = v.Level(0, def, j)
			default:
				row[j] = parquet.ValueOf(v).Level(0, def, j)
			}
		}
		if _, err := w.WriteRows([]parquet.Row{row}); err != nil {
			tb.Fatalf("row %d: %v", i, err)
		}
		if rowsPerGroup > 0 && (i+1)%rowsPerGroup == 0 {
			if err := w.Flush(); err != nil {
				tb.Fatal(err)
			}
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func optional(t parquet.Type) parquet.Node { return parquet.Optional(parquet.Leaf(t)) }
func optString() parquet.Node              { return parquet.Optional(parquet.String()) }
