package exporters

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

// TestRowEncoder: the encoder writes a row as StreamWriter.SetRow does,
// byte for byte, for every kind of value the tables write and the
// strings that excelize escapes, cuts or marks.
func TestRowEncoder(t *testing.T) {
	long := strings.Repeat("长", excelize.TotalCellChars+3)
	rows := []struct {
		vals []any
		opts *excelize.RowOpts
	}{
		{[]any{"城市", 2019, 3.5, nil, int32(7), uint8(3), int64(-4), uint64(1 << 63)}, nil},
		{[]any{0.1 + 0.2, 1.0 / 3, -2.5e-9, 1e21, 123456789012345678.0, 1234567890123456.7, math.MaxFloat64, math.Copysign(0, -1), float32(0.1)}, nil},
		{[]any{math.NaN(), math.Inf(1), math.Inf(-1), true, false, []byte("bytes")}, nil},
		{[]any{" lead", "trail ", "\ttab", "a\nb", "x\r", "<&>\"'", "a_x0041_b", "_x005F_x0041_", "_x005F_", "_xZZZZ_", "bad\xffutf8", "\x01ctl", "\uFFFE", long, ""}, nil},
		{[]any{excelize.Cell{StyleID: 2, Value: 1.25}, excelize.Cell{StyleID: 2}, excelize.Cell{Value: "plain"}, &excelize.Cell{StyleID: 3, Value: 9}, excelize.Cell{StyleID: 0, Value: nil}}, nil},
		{[]any{"styled row", 1.5, excelize.Cell{StyleID: 2, Value: 2}}, &excelize.RowOpts{StyleID: 3, Height: 31.5, Hidden: true, OutlineLevel: 2}},
		{[]any{"tall"}, &excelize.RowOpts{Height: 30}},
		{[]any{fmt.Errorf("an error"), struct{ A int }{4}}, nil},
	}
	f := excelize.NewFile()
	defer f.Close()
	var styles []int
	for _, code := range []string{"0.00", "0", "0.0000"} {
		c := code
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &c})
		if err != nil {
			t.Fatal(err)
		}
		styles = append(styles, id)
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	// Columns B and D styled, as a table's columns.
	colStyle := []int{0, styles[0], 0, styles[1]}
	for i, s := range colStyle {
		if s != 0 {
			if err := sw.SetColStyle(i+1, i+1, s); err != nil {
				t.Fatal(err)
			}
		}
	}
	enc := rowEncoder{colStyle: colStyle}
	var want, got []byte
	for k, r := range rows {
		opts := []excelize.RowOpts{}
		if r.opts != nil {
			opts = append(opts, *r.opts)
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", k+1), r.vals, opts...); err != nil {
			t.Fatal(err)
		}
		if got, err = enc.appendRow(got, k+1, r.vals, r.opts); err != nil {
			t.Fatalf("row %d: %v", k+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	part := zipPart(t, buf.Bytes(), "xl/worksheets/sheet1.xml")
	start, end := bytes.Index(part, []byte("<sheetData>")), bytes.Index(part, []byte("</sheetData>"))
	want = part[start+len("<sheetData>") : end]
	if !bytes.Equal(got, want) {
		gs, ws := strings.Split(string(got), "<row"), strings.Split(string(want), "<row")
		for i := range min(len(gs), len(ws)) {
			if gs[i] != ws[i] {
				t.Errorf("row %d:\n got %.2000q\nwant %.2000q", i, gs[i], ws[i])
			}
		}
		if len(gs) != len(ws) {
			t.Errorf("%d rows, want %d", len(gs), len(ws))
		}
	}
	for _, v := range []any{excelize.Cell{Value: "x", Formula: "=1"}, excelize.Cell{Value: excelize.Cell{}}} {
		if _, err := enc.appendRow(nil, 1, []any{v}, nil); err == nil {
			t.Errorf("%v: no error", v)
		}
	}
}

// TestAppendFloat15 compares the numbers with excelize's own formatting
// (through a cell written and read back raw).
func TestAppendFloat15(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	f := excelize.NewFile()
	defer f.Close()
	for k := range 3000 {
		v := (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(44)-22))
		switch k % 3 {
		case 0:
			v = math.Round(v*1e4) / 1e4
		case 1: // 14 to 17 digits, some exact decimals
			v = math.Round(rng.Float64()*1e17) / math.Pow10(rng.IntN(4))
		}
		if err := f.SetCellFloat("Sheet1", "A1", v, -1, 64); err != nil {
			t.Fatal(err)
		}
		want, err := f.GetCellValue("Sheet1", "A1", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := string(appendFloat15(nil, v, 64)); got != want {
			t.Errorf("%v: got %s, want %s", v, got, want)
		}
	}
}

// TestWorkbookSpliced: the rows encoded here and spliced into the parts
// give a workbook of the same bytes as excelize's StreamWriter did, for
// workbooks of every kind of sheet, split or not.
func TestWorkbookSpliced(t *testing.T) {
	uncertain := func(lang string) func(t *testing.T) *Output {
		return func(t *testing.T) *Output {
			o := testOutput(t, lang)
			o.Uncertainty = handAnalysis(sensitivity.DesignUA)
			o.CityUnits = o.Result.Years[0].Units[:1]
			o.Groups = []Grouping{{ID: "region", Label: dataset.Text{Zh: "地区", En: "Region"}, Of: map[dataset.UnitID]string{}, Ranked: true}}
			for _, y := range o.Result.Years {
				for _, id := range y.Units {
					o.Groups[0].Of[id] = "东部"
				}
			}
			return o
		}
	}
	for _, tc := range []struct {
		name  string
		split int
		out   func(t *testing.T) *Output
	}{
		{"zh", maxSheetRows, func(t *testing.T) *Output { return testOutput(t, "zh") }},
		{"en", maxSheetRows, func(t *testing.T) *Output { return testOutput(t, "en") }},
		{"zh-split", 4, func(t *testing.T) *Output { return testOutput(t, "zh") }},
		{"analysis-groups-city", maxSheetRows, uncertain("zh")},
		{"analysis-split", 3, uncertain("en")},
		{"bench", maxSheetRows, func(t *testing.T) *Output { return benchOutput(t, 40, 13, 3) }},
		{"obstacles", 4, func(t *testing.T) *Output {
			o := testOutput(t, "zh")
			opt := scoring.DefaultOptions()
			opt.Obstacles = true
			res, err := scoring.Run(o.Result.Schema, o.Table, opt)
			if err != nil {
				t.Fatal(err)
			}
			o.Result = res
			return o
		}},
		{"wide", maxSheetRows, func(t *testing.T) *Output {
			o := benchOutput(t, 40, 13, 3)
			o.IndicatorsLayout = IndicatorsWide
			return o
		}},
		{"wide-split", 7, func(t *testing.T) *Output {
			o := testOutput(t, "en")
			o.IndicatorsLayout = IndicatorsWide
			return o
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func(n int) { splitRows = n }(splitRows)
			splitRows = tc.split
			var spliced, streamed bytes.Buffer
			if err := WriteWorkbook(&spliced, tc.out(t)); err != nil {
				t.Fatal(err)
			}
			excelizeRows = true
			err := WriteWorkbook(&streamed, tc.out(t))
			excelizeRows = false
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(spliced.Bytes(), streamed.Bytes()) {
				t.Error("the spliced workbook differs from the streamed one")
				diffParts(t, spliced.Bytes(), streamed.Bytes())
			}
		})
	}
}

// TestWorkbookChunked: a workbook over fastDeflateRows deflates its rows in
// chunks on every core; with small chunks, many to a part, it holds the
// same cells as the one deflated whole, every part reads back with its
// CRC, and two writes give the same bytes.
func TestWorkbookChunked(t *testing.T) {
	o := benchOutput(t, 60, 13, 2)
	whole, _ := writeBook(t, o)
	defer func(n, c int) { fastDeflateRows, deflateChunk = n, c }(fastDeflateRows, deflateChunk)
	for _, tc := range []struct{ rows, chunk int }{{10, 1 << 20}, {10, 700}, {2000, 100}} {
		t.Run(fmt.Sprintf("%d-%d", tc.rows, tc.chunk), func(t *testing.T) {
			fastDeflateRows, deflateChunk = tc.rows, tc.chunk
			f, raw := writeBook(t, o)
			checkDimensions(t, raw)
			zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
			if err != nil {
				t.Fatal(err)
			}
			for _, zf := range zr.File {
				rc, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := io.Copy(io.Discard, rc); err != nil {
					t.Errorf("%s: %v", zf.Name, err)
				}
				rc.Close()
			}
			if !bytes.Equal(dump(t, whole), dump(t, f)) {
				t.Error("the chunked workbook's cells differ")
			}
			_, again := writeBook(t, o)
			if !bytes.Equal(raw, again) {
				t.Error("two writes differ")
			}
		})
	}
}

func TestCRC32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	p := make([]byte, 5000)
	for i := range p {
		p[i] = byte(rng.Uint32())
	}
	for _, at := range []int{0, 1, 7, 2500, 4999, 5000} {
		a, b := p[:at], p[at:]
		got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b)))
		if want := crc32.ChecksumIEEE(p); got != want {
			t.Errorf("split at %d: %08x, want %08x", at, got, want)
		}
	}
}

// zipPart returns the uncompressed part name of the zip raw.
func zipPart(t testing.TB, raw []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != name {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Fatalf("no part %s", name)
	return nil
}

// diffParts reports the parts that differ between two zips.
func diffParts(t *testing.T, a, b []byte) {
	t.Helper()
	za, _ := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	zb, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if za == nil || zb == nil || len(za.File) != len(zb.File) {
		t.Error("different entries")
		return
	}
	for i, fa := range za.File {
		fb := zb.File[i]
		if fa.Name != fb.Name || fa.FileHeader.CRC32 != fb.FileHeader.CRC32 || fa.CompressedSize64 != fb.CompressedSize64 ||
			fa.Flags != fb.Flags || fa.ReaderVersion != fb.ReaderVersion || fa.CreatorVersion != fb.CreatorVersion {
			t.Errorf("%s: %+v\nvs %s: %+v", fa.Name, fa.FileHeader, fb.Name, fb.FileHeader)
		}
	}
}

// TestShortDecimal: the short decimals are written as strconv's shortest
// 'f' format writes them, and the rest left to it.
func TestShortDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	vals := []float64{0.1, 0.2, 0.3, 0.1 + 0.2, 1, -1, 10, 100, 1e6, 123.456, -0.05, 0.000001, 0.0000001, 5e-7,
		1 << 49, 1<<50 - 1, 1 << 50, 1e15, 1e15 + 1, 1e15 - 1, 999999999999999.9, 1e16, 2.5, 1234.5678, -987654.321, 0.015, 1.005, 4.35, 8.675309, 1e-300}
	for range 200000 {
		switch rng.IntN(4) {
		case 0: // data: 0 to 4 decimals
			p := math.Pow10(rng.IntN(5))
			vals = append(vals, math.Round((rng.Float64()-0.3)*math.Pow10(rng.IntN(9))*p)/p)
		case 1: // a computed value
			vals = append(vals, rng.Float64()*100)
		case 2: // an integer
			vals = append(vals, float64(rng.Int64N(1<<52)-1<<51))
		default: // bits at random
			vals = append(vals, math.Float64frombits(rng.Uint64()))
		}
	}
	for _, v := range vals {
		got, ok := appendShortDecimal([]byte("x"), v)
		if !ok {
			continue
		}
		if want := "x" + strconv.FormatFloat(v, 'f', -1, 64); string(got) != want {
			t.Errorf("%v (%b): got %s, want %s", v, math.Float64bits(v), got, want)
		}
	}
	// The data's decimals take the short way, nearly all.
	taken, n := 0, 0
	for range 10000 {
		p := math.Pow10(rng.IntN(5))
		v := math.Round((rng.Float64()+0.01)*math.Pow10(rng.IntN(9))*p) / p
		if v == 0 {
			continue // strconv's: -0
		}
		n++
		if _, ok := appendShortDecimal(nil, v); ok {
			taken++
		}
	}
	if taken < n*99/100 {
		t.Errorf("%d of %d data decimals written the short way", taken, n)
	}
}

// TestCut15: the numbers written the fast way are strconv's cut to 15
// digits, byte for byte, and nearly all in its range take it.
func TestCut15(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	vals := []float64{1e-4, math.Nextafter(1e-4, 1), math.Nextafter(1e-4, 0), 1e15, math.Nextafter(1e15, 0),
		1e14, math.Nextafter(1e14, 0), math.Nextafter(1e14, 2e14), 0.1 + 0.2, 1.0 / 3, 2.0 / 3, -1.0 / 3, 1 << 49,
		math.Pi, math.E * 1e10, 123456789012345.67, 99999999999999.99, 999999999999999.9, 0.99999999999999999,
		9.999999999999999, 0.00099999999999999999, 46.54701057886603, 28.04878048780488}
	for range 1_000_000 {
		switch rng.IntN(4) {
		case 0: // a computed value
			vals = append(vals, rng.Float64()*100)
		case 1: // any scale
			vals = append(vals, (rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(24)-6)))
		case 2: // decimals of 13 to 17 digits
			vals = append(vals, math.Round(rng.Float64()*1e17)/math.Pow10(rng.IntN(20)))
		default: // bits at random
			vals = append(vals, math.Float64frombits(rng.Uint64()))
		}
	}
	for _, v := range vals {
		want := string(appendFloat15Strconv([]byte("x"), v, 64))
		if got, ok := appendCut15([]byte("x"), v); ok && string(got) != want {
			t.Errorf("%v (%b): got %s, want %s", v, math.Float64bits(v), got, want)
		}
		if got := string(appendFloat15([]byte("x"), v, 64)); got != want {
			t.Errorf("appendFloat15(%v): got %s, want %s", v, got, want)
		}
	}
	// Every value of the range takes the fast way.
	for _, v := range vals {
		if a := math.Abs(v); a >= 1e-4 && a < 1e15 {
			if _, ok := appendCut15(nil, v); !ok {
				t.Errorf("%v: not written the fast way", v)
			}
		}
	}
}

// FuzzCut15: as TestCut15, for any bits.
func FuzzCut15(f *testing.F) {
	for _, v := range []float64{1e-4, 46.54701057886603, 1.0 / 3, 999999999999999.9, 0.1 + 0.2} {
		f.Add(math.Float64bits(v))
	}
	f.Fuzz(func(t *testing.T, u uint64) {
		v := math.Float64frombits(u)
		if got, ok := appendCut15(nil, v); ok {
			if want := string(appendFloat15Strconv(nil, v, 64)); string(got) != want {
				t.Errorf("%v: got %s, want %s", v, got, want)
			}
		}
	})
}

// BenchmarkAppendFloat15 writes computed values (normalised scores), as
// the Indicators sheet holds most: the fast way and by strconv alone.
func BenchmarkAppendFloat15(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	vals := make([]float64, 4096)
	for i := range vals {
		vals[i] = rng.Float64() * 100
	}
	for _, bc := range []struct {
		name   string
		append func([]byte, float64, int) []byte
	}{{"fast", appendFloat15}, {"strconv", appendFloat15Strconv}} {
		b.Run(bc.name, func(b *testing.B) {
			buf := make([]byte, 0, 32)
			for i := 0; b.Loop(); i++ {
				buf = bc.append(buf[:0], vals[i&(len(vals)-1)], 64)
			}
		})
	}
}
