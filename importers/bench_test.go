package importers

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/cityscore/cityscore/indicators"
)

// benchData generates a wide table of units × cols: a city column, a year
// column and cols variables, half of them stated in 万元 and converted to
// the framework's 亿元.
func benchData(tb testing.TB, units, cols int) (*indicators.Framework, [][]any) {
	var y strings.Builder
	y.WriteString("id: bench\nname: Bench\ngoals:\n  - id: g\n    name: G\n    indicators:\n")
	header := []any{"城市", "年份"}
	for j := range cols {
		fmt.Fprintf(&y, "      - {id: v%02d, name: {zh: 指标%02d}, unit: 亿元, direction: positive}\n", j, j)
		if j%2 == 0 {
			header = append(header, fmt.Sprintf("指标%02d（万元）", j))
		} else {
			header = append(header, fmt.Sprintf("v%02d", j))
		}
	}
	fw, err := indicators.Parse([]byte(y.String()), "bench.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	rows := [][]any{header}
	for i := range units {
		row := []any{fmt.Sprintf("城市%03d", i), 2020}
		for j := range cols {
			row = append(row, float64(i*cols+j)*1.25+0.5)
		}
		rows = append(rows, row)
	}
	return fw, rows
}

func csvText(rows [][]any) []byte {
	var b bytes.Buffer
	for _, row := range rows {
		for j, c := range row {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprint(&b, c)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func BenchmarkReadCSV(b *testing.B) {
	for _, size := range []struct{ units, cols int }{{30, 10}, {300, 60}, {3000, 60}} {
		b.Run(fmt.Sprintf("%dx%d", size.units, size.cols), func(b *testing.B) {
			fw, rows := benchData(b, size.units, size.cols)
			data := csvText(rows)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := ReadCSV(bytes.NewReader(data), "bench.csv", Options{Framework: fw}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReadWorkbook(b *testing.B) {
	for _, size := range []struct{ units, cols int }{{30, 10}, {300, 60}} {
		b.Run(fmt.Sprintf("%dx%d", size.units, size.cols), func(b *testing.B) {
			fw, rows := benchData(b, size.units, size.cols)
			data := workbook(b, sheetSpec{name: "Sheet1", rows: rows})
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := ReadWorkbook(bytes.NewReader(data), "bench.xlsx", Options{Framework: fw}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPercentStyle reads a sheet of 10,000 rows whose value cells
// have a percent number format: a cell's style is looked up in a table
// read once (excelize re-parsed the sheet for each cell when the sheet was
// damaged).
func BenchmarkPercentStyle(b *testing.B) {
	fw := framework(b)
	data := rawBook{sheet: wsXML(wideRows(10_000, true), ""), styles: stylesXML(10, "")}.build(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		tab, _, err := ReadWorkbook(bytes.NewReader(data), "p.xlsx", Options{Framework: fw})
		if err != nil {
			b.Fatal(err)
		}
		if v := tab.Column("green").Values[9999]; v != 12.5 {
			b.Fatalf("green = %v", v)
		}
	}
}

// BenchmarkReadParquet reads a wide Parquet file of 200,000 rows × 50
// DOUBLE columns (a unit and a year column besides), 2 % nulls, written in
// row groups of 50,000 rows.
func BenchmarkReadParquet(b *testing.B) {
	const units, cols = 200_000, 50
	fw, _ := benchData(b, 0, cols)
	pc := []pqCol{{"城市", parquet.String()}, {"年份", parquet.Leaf(parquet.Int32Type)}}
	for j := range cols {
		pc = append(pc, pqCol{fmt.Sprintf("v%02d", j), optional(parquet.DoubleType)})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rows := make([][]any, units)
	for i := range rows {
		row := make([]any, 0, cols+2)
		row = append(row, fmt.Sprintf("城市%06d", i), int32(2020))
		for range cols {
			if rng.IntN(50) == 0 {
				row = append(row, nil)
			} else {
				row = append(row, math.Round(rng.Float64()*1e6)/100)
			}
		}
		rows[i] = row
	}
	data := pqFile(b, pc, rows, 50_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		tab, _, err := Read(bytes.NewReader(data), "bench.parquet", Options{Framework: fw})
		if err != nil {
			b.Fatal(err)
		}
		if tab.Len() != units {
			b.Fatalf("%d rows", tab.Len())
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}
