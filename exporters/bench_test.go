package exporters

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// benchOutput scores a synthetic panel of units × indicators × years: six
// goals of two dimensions each, indicators spread evenly, 2% of the values
// missing.
func benchOutput(tb testing.TB, units, indicators, years int) *Output {
	tb.Helper()
	nodes := []dataset.Node{{ID: "index", Level: dataset.LevelIndex, Parent: -1, Weight: 1, Name: dataset.Text{Zh: "指数", En: "Index"}}}
	const goals, dims = 6, 2
	for k := 0; k < indicators; k++ {
		g, d := k%goals, (k/goals)%dims
		gid, did := fmt.Sprintf("g%d", g), fmt.Sprintf("g%d_d%d", g, d)
		find := func(id string) int {
			for i, n := range nodes {
				if n.ID == id {
					return i
				}
			}
			return -1
		}
		gi := find(gid)
		if gi < 0 {
			gi = len(nodes)
			nodes = append(nodes, dataset.Node{ID: gid, Level: dataset.LevelGoal, Parent: 0, Weight: 1, Name: dataset.Text{Zh: "目标" + gid, En: "Goal " + gid}})
		}
		di := find(did)
		if di < 0 {
			di = len(nodes)
			nodes = append(nodes, dataset.Node{ID: did, Level: dataset.LevelDimension, Parent: gi, Weight: 1, Name: dataset.Text{Zh: "维度" + did, En: "Dimension " + did}})
		}
		id := fmt.Sprintf("x%02d", k)
		nodes = append(nodes, dataset.Node{ID: id, Level: dataset.LevelIndicator, Parent: di, Weight: 1,
			Name: dataset.Text{Zh: "指标" + id, En: "Indicator " + id}, Unit: "%", Variable: dataset.VariableID(id)})
	}
	// Pre-order: sort the nodes so that each follows its parent.
	s, err := dataset.NewSchema("bench", "1", preorder(nodes))
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	tab := dataset.New()
	for _, i := range s.Indicators() {
		tab.AddColumn(s.Nodes[i].Variable, "%", "")
	}
	for y := range years {
		for u := range units {
			row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(fmt.Sprintf("城市%03d", u)), Year: 2010 + y})
			for c, i := range s.Indicators() {
				v := rng.Float64() * 100
				if rng.IntN(50) == 0 {
					v = math.NaN()
				}
				tab.Column(s.Nodes[i].Variable).Set(row, v, 0, dataset.Origin{File: "panel.xlsx", Sheet: fmt.Sprint(2010 + y), Row: u + 2, Col: c + 2})
			}
		}
	}
	res, err := scoring.Run(s, tab, scoring.DefaultOptions())
	if err != nil {
		tb.Fatal(err)
	}
	return &Output{Result: res, Table: tab}
}

// preorder reorders nodes (parents given as positions in nodes) so that
// every node follows its parent, siblings keeping their order.
func preorder(nodes []dataset.Node) []dataset.Node {
	var out []dataset.Node
	var visit func(old, parent int)
	visit = func(old, parent int) {
		n := nodes[old]
		n.Parent = parent
		n.Children = nil
		pos := len(out)
		out = append(out, n)
		for c := range nodes {
			if nodes[c].Parent == old && c != old {
				visit(c, pos)
			}
		}
	}
	visit(0, -1)
	return out
}

// BenchmarkWriteWorkbook writes workbooks of units × indicators × years
// and reports their size and CPU time. 200000x50x1 would have 10 million
// rows of the long Indicators sheet: its sheet is wide, unless the layout
// is asked for (200000x50x1-long, ten sheets). Select them by name
// (-bench 'WriteWorkbook/200000x50x1$'). The peer figure (issue 15, this
// machine): R openxlsx writes the 200,000 × 50 workbook in 45.9 s.
func BenchmarkWriteWorkbook(b *testing.B) {
	for _, size := range []struct {
		units, indicators, years int
		layout                   IndicatorsLayout
	}{
		{5, 6, 2, ""}, {300, 60, 1, ""}, {300, 60, 9, ""}, {200000, 50, 1, ""}, {200000, 50, 1, IndicatorsLong},
	} {
		name := fmt.Sprintf("%dx%dx%d", size.units, size.indicators, size.years)
		if size.layout != "" {
			name += "-" + string(size.layout)
		}
		b.Run(name, func(b *testing.B) {
			o := benchOutput(b, size.units, size.indicators, size.years)
			o.IndicatorsLayout = size.layout
			var n countWriter
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				n = 0
				if err := WriteWorkbook(&n, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/1e6, "MB")
			// The CPU time of both cores: a busy machine stretches the
			// wall time, much less the work.
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// countWriter counts the bytes written to it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// BenchmarkWriteParquet writes the scores of 200,000 units × 50
// indicators (with --detail: 4 + 18 + 50 columns of scores) as Parquet,
// wide and long.
func BenchmarkWriteParquet(b *testing.B) {
	o := benchOutput(b, 200_000, 50, 1)
	o.Detail = true
	for _, layout := range []ParquetLayout{ParquetWide, ParquetLong} {
		b.Run(string(layout), func(b *testing.B) {
			b.ReportAllocs()
			var n int64
			cpu := cpuTime()
			for b.Loop() {
				cw := new(countWriter)
				if err := WriteParquet(cw, o, layout); err != nil {
					b.Fatal(err)
				}
				n = int64(*cw)
			}
			b.ReportMetric(float64(n)/1e6, "MB")
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}
