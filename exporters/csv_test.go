package exporters

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"testing"
)

func TestWriteCSV(t *testing.T) {
	for _, tc := range []struct {
		name   string
		detail bool
	}{
		{"scores.csv.golden", false},
		{"scores_detail.csv.golden", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOutput(t, "")
			o.Detail = tc.detail
			var buf bytes.Buffer
			if err := WriteCSV(&buf, o); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.name, buf.Bytes())

			// Every number reads back to the value in the result.
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(recs), 1+5*2; got != want {
				t.Fatalf("got %d records, want %d", got, want)
			}
			r := o.Result
			for _, rec := range recs[1:] {
				year, _ := strconv.Atoi(rec[1])
				y := r.Years[0]
				if year == r.Years[1].Year {
					y = r.Years[1]
				}
				u, ok := y.Unit(unitID(rec[0]))
				if !ok {
					t.Fatalf("unknown unit %q", rec[0])
				}
				n := len(rec) - 1 // before thin_goals
				if h := recs[0][n-2:]; h[0] != "coverage" || h[1] != "status" || h[2] != "thin_goals" {
					t.Fatalf("last columns %v, want coverage, status, thin_goals", h)
				}
				if got, want := rec[n-2], strconv.FormatFloat(y.Coverage(0)[u], 'g', -1, 64); got != want {
					t.Errorf("%s %d coverage: got %q, want %s", rec[0], year, got, want)
				}
				if want := map[bool]string{true: "ranked", false: "not_ranked"}[y.Ranks[0][u] > 0]; rec[n-1] != want {
					t.Errorf("%s %d status: got %q, want %s", rec[0], year, rec[n-1], want)
				}
				for c, id := range recs[0][3 : n-2] {
					i := 0
					if id != "score" {
						i, _ = r.Schema.Index(id)
					}
					want := y.Scores[i][u]
					field := rec[3+c]
					if math.IsNaN(want) {
						if field != "" {
							t.Errorf("%s %d %s: got %q, want empty", rec[0], year, id, field)
						}
						continue
					}
					if got, err := strconv.ParseFloat(field, 64); err != nil || got != want {
						t.Errorf("%s %d %s: got %q, want %v", rec[0], year, id, field, want)
					}
				}
			}
		})
	}
}

func TestWriteWeightsCSV(t *testing.T) {
	o := testOutput(t, "")
	var buf bytes.Buffer
	if err := WriteWeightsCSV(&buf, o.Result); err != nil {
		t.Fatal(err)
	}
	golden(t, "weights.csv.golden", buf.Bytes())

	// Relative weights sum to 1 over siblings; effective weights sum to 1
	// over each level.
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byParent, byLevel := map[string]float64{}, map[string]float64{}
	for _, rec := range recs[1:] {
		w, _ := strconv.ParseFloat(rec[4], 64)
		e, _ := strconv.ParseFloat(rec[5], 64)
		byParent[rec[1]] += w
		byLevel[rec[2]] += e
	}
	for k, v := range byParent {
		if math.Abs(v-1) > 1e-12 {
			t.Errorf("weights under %s sum to %v", k, v)
		}
	}
	for k, v := range byLevel {
		if math.Abs(v-1) > 1e-12 {
			t.Errorf("effective weights of level %s sum to %v", k, v)
		}
	}
}

func TestWriteNoResult(t *testing.T) {
	var buf bytes.Buffer
	for name, err := range map[string]error{
		"csv":      WriteCSV(&buf, &Output{}),
		"json":     WriteJSON(&buf, nil),
		"workbook": WriteWorkbook(&buf, &Output{}),
		"weights":  WriteWeightsCSV(&buf, nil),
	} {
		if err == nil {
			t.Errorf("%s: no error for an empty output", name)
		}
	}
	o := testOutput(t, "fr")
	if err := WriteWorkbook(&buf, o); err == nil {
		t.Error("no error for language fr")
	}
}
