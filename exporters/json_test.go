package exporters

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

func TestWriteJSON(t *testing.T) {
	o := testOutput(t, "")
	var buf bytes.Buffer
	if err := WriteJSON(&buf, o); err != nil {
		t.Fatal(err)
	}
	var doc Document
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// The document round-trips: decoding and encoding again gives the same
	// bytes.
	var again bytes.Buffer
	enc := json.NewEncoder(&again)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&doc); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Errorf("JSON does not round-trip:\n%s\n%s", buf.Bytes(), again.Bytes())
	}
	if !doc.Manifest.Time.Equal(o.Manifest.Time) {
		t.Errorf("manifest time %v, want %v", doc.Manifest.Time, o.Manifest.Time)
	}

	if len(doc.Years) != 2 || *doc.Years[0].Year != 2018 || *doc.Years[1].Year != 2019 {
		t.Fatalf("years: got %+v", doc.Years)
	}
	first := doc.Years[1].Units[0]
	if first.Unit != "深圳" || *first.Rank != 1 {
		t.Errorf("2019 first unit: got %s rank %v, want 深圳 rank 1", first.Unit, first.Rank)
	}
	var ids []string
	for _, f := range first.Indicators {
		ids = append(ids, f.Key)
	}
	if want := []string{"rd_share", "patents", "hitech_share", "park_area", "pm25", "commute"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("indicator order: got %v, want %v", ids, want)
	}
	if g := first.Goals; len(g) != 2 || g[0].Key != "innovative" || g[1].Key != "livable" {
		t.Errorf("goals: got %+v", g)
	}

	// Hangzhou's missing patents in 2019: null raw, normalised and rank.
	var hz *UnitDoc
	for k := range doc.Years[1].Units {
		if doc.Years[1].Units[k].Unit == "杭州" {
			hz = &doc.Years[1].Units[k]
		}
	}
	p, ok := hz.Indicators.Get("patents")
	if !ok || p.Raw != nil || p.Normalised != nil || p.Rank != nil {
		t.Errorf("杭州 2019 patents: got %+v, want all null", p)
	}
	if hz.Status != "ranked" || hz.Short != nil {
		t.Errorf("杭州 2019 status %q, short %+v", hz.Status, hz.Short)
	}
	if hz.Coverage == nil || *hz.Coverage != 5.0/6 {
		t.Errorf("杭州 2019 coverage: got %v, want 5/6", hz.Coverage)
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"patents":{"raw":null,"normalised":null,"rank":null,"share":0}`)) {
		t.Error("missing values are not written as null")
	}
	if len(doc.Weights) != 11 || len(doc.Issues) != 1 || doc.Issues[0].Source != "panel.xlsx#2019!C6" {
		t.Errorf("weights %d (want 11), issues %+v", len(doc.Weights), doc.Issues)
	}
}

func TestKeyedJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Keyed[int]
		err  bool
	}{
		{in: `{"b":1,"a":2}`, want: Keyed[int]{{"b", 1}, {"a", 2}}},
		{in: `{}`, want: Keyed[int]{}},
		{in: `null`, want: nil},
		{in: `[1]`, err: true},
		{in: `{"a":"x"}`, err: true},
	} {
		var got Keyed[int]
		err := json.Unmarshal([]byte(tc.in), &got)
		if (err != nil) != tc.err {
			t.Errorf("%s: error %v, want error %v", tc.in, err, tc.err)
			continue
		}
		if !tc.err && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.in, got, tc.want)
		}
	}
}
