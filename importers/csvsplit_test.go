package importers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// splitAll splits text as readQuoteFree does and returns each record with
// its line and the line and column of each field.
func splitAll(text []byte, comma byte) (recs [][]string, pos [][][2]int) {
	splitText(text, comma, nil, func(b *textBatch) bool {
		for k := range b.records() {
			line, cells, has, v := b.record(k)
			col := 1
			var p [][2]int
			for i, c := range cells {
				p = append(p, [2]int{line, col})
				col += len(c) + 1
				if n, ok := plainNumber(c); ok != has[i] || (ok && n != v[i]) {
					panic(fmt.Sprintf("cell %q: number %v %v, split as %v %v", c, n, ok, v[i], has[i]))
				}
			}
			recs = append(recs, slices.Clone(cells))
			pos = append(pos, p)
		}
		return true
	})
	return recs, pos
}

// encodingCSV reads text with encoding/csv as readText configures it.
func encodingCSV(text []byte, comma byte) (recs [][]string, pos [][][2]int, err error) {
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = rune(comma)
	cr.FieldsPerRecord = -1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return recs, pos, nil
		}
		if err != nil {
			return nil, nil, err
		}
		var p [][2]int
		for i := range rec {
			l, c := cr.FieldPos(i)
			p = append(p, [2]int{l, c})
		}
		recs, pos = append(recs, rec), append(pos, p)
	}
}

func checkSplit(t *testing.T, text []byte, comma byte) {
	t.Helper()
	want, wantPos, err := encodingCSV(text, comma)
	if err != nil {
		t.Fatalf("encoding/csv: %v", err)
	}
	got, gotPos := splitAll(text, comma)
	if len(got) != len(want) {
		t.Fatalf("%q: %d records, encoding/csv %d\n%q\n%q", text, len(got), len(want), got, want)
	}
	for k := range want {
		if !slices.Equal(got[k], want[k]) || !slices.Equal(gotPos[k], wantPos[k]) {
			t.Fatalf("%q: record %d\n%q at %v\nencoding/csv\n%q at %v", text, k, got[k], gotPos[k], want[k], wantPos[k])
		}
	}
}

func TestSplitText(t *testing.T) {
	for _, text := range []string{
		"", "\n", "\r\n", "a", "a\n", "a\r\n", "a\r", "a\rb\n", "\r\r\n", "a,b,,c\n\n\nd,e\r\n,\n",
		"城市,gdp\n北京,1.5\r\n上海,-2e3\n\n", " a , b \n\t1\t,2\n", "a,b\r\r\n", "x\n\r\n\r\ny",
	} {
		for _, comma := range []byte{',', '\t', ';'} {
			checkSplit(t, []byte(text), comma)
		}
	}
}

// A text of many batches is split on a goroutine: the records and their
// lines are still those of encoding/csv, in order.
func TestSplitTextLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var b strings.Builder
	for line := 0; b.Len() < 3*batchBytes; line++ {
		switch r.IntN(20) {
		case 0:
			b.WriteString("\n")
			continue
		case 1:
			b.WriteString("\r\n")
			continue
		}
		fmt.Fprintf(&b, "单元%06d", line)
		for range 1 + r.IntN(8) {
			b.WriteByte(',')
			if r.IntN(10) > 0 {
				b.WriteString(strconv.FormatFloat(r.NormFloat64()*1000, 'g', -1, 64))
			}
		}
		if r.IntN(3) == 0 {
			b.WriteByte('\r')
		}
		b.WriteByte('\n')
	}
	checkSplit(t, []byte(b.String()), ',')
}

// Stopping early ends the splitting goroutine.
func TestSplitTextStop(t *testing.T) {
	text := bytes.Repeat([]byte("a,1\n"), 4*batchBytes/4)
	batches := 0
	splitText(text, ',', nil, func(*textBatch) bool {
		batches++
		return false
	})
	if batches != 1 {
		t.Fatalf("%d batches after stopping", batches)
	}
}

func FuzzSplitText(f *testing.F) {
	f.Add([]byte("a,b\r\n1,2\n\n3\r"), byte(','))
	f.Add([]byte("x\ty\n\r\r\n1\t\t2"), byte('\t'))
	f.Fuzz(func(t *testing.T, data []byte, comma byte) {
		switch comma {
		case ',', '\t', ';':
		default:
			comma = ','
		}
		checkSplit(t, bytes.ReplaceAll(data, []byte(`"`), []byte("'")), comma)
	})
}

// A quote-free CSV file reads the same through the splitter as through
// encoding/csv: table, origins, report and errors (with their lines and
// columns).
func TestQuoteFreeSameAsCSV(t *testing.T) {
	inputs := []string{
		"城市,年份,gdp\n深圳,2019,1\n深川市,2019,2\n440300,2020,3\n河北省,2019,4\n",
		"unit,gdp,pop\nA,1,2\nB,x,3\nA,4,5\n,6,7\n\n,,\nC,1%,2\r\n",
		"unit;gdp;pop\nA;1,5;2\nB;3;4\n",
		"unit\tgdp\n A \t 1 \nB\t-\nC\t1e400\n",
	}
	for _, tt := range readTests {
		if !strings.Contains(tt.input, `"`) {
			inputs = append(inputs, tt.input)
		}
	}
	for _, in := range inputs {
		compareCSV(t, []byte(in))
	}
}

func compareCSV(t *testing.T, data []byte) {
	t.Helper()
	fw, cn := framework(t), cnCityFW(t)
	for _, opt := range []Options{{Framework: fw}, {Framework: fw, Year: 2020}, {Framework: cn}, {Framework: cn, AllowUnknownUnits: true, Year: 2020}} {
		tab, rep, err := ReadCSV(bytes.NewReader(data), "f.csv", opt)
		csvReaderOnly = true
		stab, srep, serr := ReadCSV(bytes.NewReader(data), "f.csv", opt)
		csvReaderOnly = false
		sameRead(t, fmt.Sprintf("%q: ", data), "encoding/csv's", tab, rep, err, stab, srep, serr)
	}
}

func FuzzQuoteFreeSameAsCSV(f *testing.F) {
	f.Add([]byte("城市,年份,gdp\n深圳,2019,1\n深川市,2019,2\n"))
	f.Add([]byte("unit,gdp,pop\nA,1,2\nB,x,3\nA,4,5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		compareCSV(t, bytes.ReplaceAll(data, []byte(`"`), []byte("'")))
	})
}

// A large file is read as UTF-8 while it is checked; one that is not
// UTF-8 is read again as GB18030, with the same result as when the check
// comes first.
func TestValidateAhead(t *testing.T) {
	var b strings.Builder
	b.WriteString("城市,gdp\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "单元%04d,%d.5\n", i, i)
	}
	utf := []byte(b.String())
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Framework: framework(t), AllowUnknownUnits: true}
	for _, tt := range []struct {
		name string
		data []byte
		enc  string
	}{{"utf-8", utf, EncodingUTF8}, {"gb18030", gbk, EncodingGB18030}, {"bom", append([]byte("\uFEFF"), utf...), EncodingUTF8BOM}} {
		t.Run(tt.name, func(t *testing.T) {
			want, wrep, werr := ReadCSV(bytes.NewReader(tt.data), "a.csv", opt)
			defer func(v int) { validateAhead = v }(validateAhead)
			validateAhead = 1024
			got, grep, gerr := ReadCSV(bytes.NewReader(tt.data), "a.csv", opt)
			if fmt.Sprint(gerr) != fmt.Sprint(werr) || dump(got) != dump(want) {
				t.Fatalf("read ahead of the check: %v\n%s\nafter it: %v\n%s", gerr, dump(got), werr, dump(want))
			}
			if e := grep.Files[0].Encoding; e != tt.enc || e != wrep.Files[0].Encoding {
				t.Errorf("encoding %s, want %s", e, tt.enc)
			}
			if got.Len() != 2000 {
				t.Errorf("%d rows", got.Len())
			}
		})
	}
}

// A large text is checked for quotes as it is split and for NUL beside
// the reading: one with a quote late in it, or a NUL, reads as when the
// checks come first.
func TestLargeTextChecks(t *testing.T) {
	var b strings.Builder
	b.WriteString("城市,gdp\n")
	for i := range 40_000 {
		fmt.Fprintf(&b, "单元%05d,%d.5\n", i, i)
	}
	plain := b.String()
	opt := Options{Framework: framework(t), AllowUnknownUnits: true}
	for _, tt := range []struct{ name, text string }{
		{"quote-free", plain},
		{"late quote", plain + "\"单元,x\",1\n"},
		{"late quoted comma", plain + "\"单元, x\",2\n"},
		{"NUL", plain + "单元\x00,3\n"},
		{"CR only", strings.ReplaceAll(plain, "\n", "\r")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.text)
			if len(data) <= 2*batchBytes {
				t.Fatalf("%d bytes: not several batches", len(data))
			}
			csvReaderOnly = true
			want, wrep, werr := ReadCSV(bytes.NewReader(data), "a.csv", opt)
			csvReaderOnly = false
			defer func(v int) { validateAhead = v }(validateAhead)
			validateAhead = 1024
			got, grep, gerr := ReadCSV(bytes.NewReader(data), "a.csv", opt)
			sameRead(t, "checked ahead: ", "encoding/csv's", got, grep, gerr, want, wrep, werr)
		})
	}
}
