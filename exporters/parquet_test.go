package exporters

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
)

// readPQ reads a Parquet file written here as text records, the header
// first, as the CSV writers format them (null → ""), and its key-value
// metadata.
func readPQ(t *testing.T, data []byte) ([][]string, map[string]string, []string) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var header, types []string
	for _, fl := range f.Schema().Fields() {
		header = append(header, fl.Name())
		typ := fl.Type().String()
		if fl.Optional() {
			typ = "optional " + typ
		}
		types = append(types, typ)
	}
	recs := [][]string{header}
	meta := map[string]string{}
	for _, kv := range f.Metadata().KeyValueMetadata {
		meta[kv.Key] = kv.Value
	}
	for _, rg := range f.RowGroups() {
		rows := rg.Rows()
		buf := make([]parquet.Row, 64)
		for {
			n, err := rows.ReadRows(buf)
			for _, r := range buf[:n] {
				rec := make([]string, len(header))
				for _, v := range r {
					switch {
					case v.IsNull():
					case v.Kind() == parquet.Double:
						rec[v.Column()] = formatFloat(v.Double())
					case v.Kind() == parquet.Int32:
						rec[v.Column()] = strconv.Itoa(int(v.Int32()))
					default:
						rec[v.Column()] = string(v.ByteArray())
					}
				}
				recs = append(recs, rec)
			}
			if err != nil {
				break
			}
		}
		rows.Close()
	}
	return recs, meta, types
}

func TestWriteParquetWideIsTheCSV(t *testing.T) {
	for _, tc := range []struct {
		name   string
		detail bool
		groups bool
	}{{"plain", false, false}, {"detail", true, false}, {"groups", false, true}} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOutput(t, "")
			o.Detail, o.RawCSV = tc.detail, true
			if tc.groups {
				o.Groups = []Grouping{{ID: "tier", Ranked: true, Of: map[dataset.UnitID]string{"杭州": "新一线", "深圳": "一线", "北京": "一线"}}}
			}
			var c, p bytes.Buffer
			if err := WriteCSV(&c, o); err != nil {
				t.Fatal(err)
			}
			if err := WriteParquet(&p, o, ParquetWide); err != nil {
				t.Fatal(err)
			}
			want, err := csv.NewReader(&c).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			got, meta, types := readPQ(t, p.Bytes())
			if len(got) != len(want) {
				t.Fatalf("%d records, want %d", len(got), len(want))
			}
			for i := range want {
				if strings.Join(got[i], ",") != strings.Join(want[i], ",") {
					t.Errorf("record %d:\n got %q\nwant %q", i, got[i], want[i])
				}
			}
			for i, h := range got[0] {
				var typ string
				switch {
				case h == "unit" || h == "status":
					typ = "STRING"
				case h == "year" || strings.HasPrefix(h, "rank"):
					typ = "optional INT(32,true)"
				case h == "thin_goals" || h == "tier" || h == "grade":
					typ = "optional STRING"
				default:
					typ = "optional DOUBLE"
				}
				if types[i] != typ {
					t.Errorf("column %s: type %s, want %s", h, types[i], typ)
				}
			}
			if meta["cityscore.layout"] != "wide" || !strings.Contains(meta["cityscore.manifest"], `"version":"v0.1.0-test"`) {
				t.Errorf("metadata %v", meta)
			}
		})
	}
}

func TestWriteParquetLong(t *testing.T) {
	o := testOutput(t, "")
	var p bytes.Buffer
	if err := WriteParquet(&p, o, ParquetLong); err != nil {
		t.Fatal(err)
	}
	got, meta, _ := readPQ(t, p.Bytes())
	if h := strings.Join(got[0], ","); h != "unit,code,year,node,level,value,score,rank,source" {
		t.Fatalf("header %s", h)
	}
	if meta["cityscore.layout"] != "long" {
		t.Errorf("metadata %v", meta)
	}
	r := o.Result
	s := r.Schema
	if n, want := len(got)-1, len(s.Nodes)*(len(r.Years[0].Units)+len(r.Years[1].Units)); n != want {
		t.Fatalf("%d rows, want %d", n, want)
	}
	seen := 0
	for _, rec := range got[1:] {
		year, _ := strconv.Atoi(rec[2])
		y := r.Years[0]
		if year == r.Years[1].Year {
			y = r.Years[1]
		}
		u, ok := y.Unit(dataset.UnitID(rec[0]))
		i, ok2 := s.Index(rec[3])
		if !ok || !ok2 {
			t.Fatalf("unknown unit or node in %q", rec)
		}
		n := s.Nodes[i]
		if rec[4] != n.Level.String() || rec[6] != formatFloat(y.Scores[i][u]) || rec[7] != formatRank(y.Ranks[i][u]) {
			t.Errorf("%q: level %s score %v rank %d", rec, n.Level, y.Scores[i][u], y.Ranks[i][u])
		}
		if n.Level != dataset.LevelIndicator {
			if rec[5] != "" || rec[8] != "" {
				t.Errorf("%q: value or source on a %s", rec, n.Level)
			}
			continue
		}
		if rec[5] != formatFloat(y.Raw[i][u]) {
			t.Errorf("%q: value, want %v", rec, y.Raw[i][u])
		}
		var want []string
		for _, o := range o.Table.Sources(n.Variable, y.Rows[u]) {
			want = append(want, o.String())
		}
		if rec[8] != strings.Join(want, "; ") {
			t.Errorf("%q: source, want %q", rec, want)
		}
		if rec[8] != "" {
			seen++
		}
	}
	if seen == 0 {
		t.Error("no indicator row has a source")
	}
}

func TestWritePanelParquet(t *testing.T) {
	rows := []importers.PanelRow{
		{Unit: "深圳市", Code: "440300", Year: 2023, Variable: "gdp", Value: 34606.4, MeasureUnit: "亿元", Scope: "全市", Source: "2-6.xlsx#Sheet1!C5"},
		{Unit: "三沙市", Year: 2023, Variable: "gdp", Value: math.NaN(), MeasureUnit: "亿元", Source: "2-6.xlsx#Sheet1!C9"},
		{Unit: "x", Variable: "v", Value: -1.5},
	}
	var p, c bytes.Buffer
	if err := WritePanelParquet(&p, rows); err != nil {
		t.Fatal(err)
	}
	if err := importers.WritePanelCSVRaw(&c, rows); err != nil {
		t.Fatal(err)
	}
	want, _ := csv.NewReader(&c).ReadAll()
	got, meta, types := readPQ(t, p.Bytes())
	for i := range want {
		if strings.Join(got[i], ",") != strings.Join(want[i], ",") {
			t.Errorf("record %d:\n got %q\nwant %q", i, got[i], want[i])
		}
	}
	if strings.Join(types, ",") != "STRING,optional STRING,optional INT(32,true),STRING,optional DOUBLE,optional STRING,optional STRING,optional STRING" {
		t.Errorf("types %v", types)
	}
	if meta["cityscore.layout"] != "panel" {
		t.Errorf("metadata %v", meta)
	}
}
