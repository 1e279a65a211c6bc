package importers

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"testing"
)

func FuzzReadCSV(f *testing.F) {
	for _, tt := range readTests {
		f.Add([]byte(tt.input))
	}
	f.Add([]byte("城市,地区生产总值（万元）\n北京,\"1,234\"\n"))
	f.Add([]byte("\xb3\xc7\xca\xd0,gdp\n\xb1\xb1\xbe\xa9,1\n")) // GBK
	f.Add([]byte("\xff\xfec\x00,\x00g\x00\n\x00"))              // UTF-16LE
	f.Add([]byte("a,\"b\n\"\"c\",d\r\n1,2,3,4,5\n"))
	fw := framework(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []Options{{Framework: fw}, {Framework: fw, UnitColumn: "gdp", Year: 2020}} {
			tab, rep, err := ReadCSV(bytes.NewReader(data), "fuzz.csv", opt)
			if err != nil {
				if tab != nil {
					t.Fatalf("table and error %v", err)
				}
				var ces CellErrors
				if errors.As(err, &ces) {
					for _, e := range ces {
						if e.Row < 1 || e.Col < 1 || e.Err == nil || e.Error() == "" {
							t.Fatalf("bad cell error %+v", e)
						}
					}
				}
				continue
			}
			if rep == nil || len(rep.Files) != 1 {
				t.Fatalf("report %+v", rep)
			}
			for _, c := range tab.Columns() {
				if len(c.Values) != tab.Len() || len(c.Flags) != tab.Len() {
					t.Fatalf("column %s: %d values for %d rows", c.ID, len(c.Values), tab.Len())
				}
				for _, v := range c.Values {
					if math.IsInf(v, 0) {
						t.Fatalf("column %s holds %v", c.ID, v)
					}
				}
			}
			_ = rep.Issues()
			var b bytes.Buffer
			if err := rep.Print(&b); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// FuzzParseValue checks that any number Go formats is read back exactly,
// and that nothing parses to Inf or NaN.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"1,234", "12.5%", "１２", "-", "NaN", "1e308", "0x1p3"} {
		f.Add(s, 1.5)
	}
	f.Fuzz(func(t *testing.T, s string, x float64) {
		if cv, err := parseValue(s); err == nil && !cv.missing && (math.IsInf(cv.v, 0) || math.IsNaN(cv.v)) {
			t.Fatalf("parseValue(%q) = %v", s, cv.v)
		}
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return
		}
		for _, fmtc := range []byte{'g', 'f', 'e', 'E'} {
			text := strconv.FormatFloat(x, fmtc, -1, 64)
			cv, err := parseValue(text)
			if err != nil || cv.v != x && !(x == 0 && cv.v == 0) {
				t.Fatalf("parseValue(%q) = %v, %v; want %v", text, cv.v, err, x)
			}
		}
	})
}
