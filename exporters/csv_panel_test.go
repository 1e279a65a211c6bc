package exporters

// Tests of the panel CSVs: changes and targets.

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"testing"

	"github.com/cityscore/cityscore/scoring"
)

// targetOutput scores the test table with targets for pm25 (lower is
// better) and park_area.
func targetOutput(t *testing.T) *Output {
	t.Helper()
	o := testOutput(t, "en")
	opt := scoring.DefaultOptions()
	opt.Targets.Values = map[string]map[int]float64{"pm25": {2025: 25}, "park_area": {2030: 16}}
	res, err := scoring.Run(o.Result.Schema, o.Table, opt)
	if err != nil {
		t.Fatal(err)
	}
	o.Result = res
	return o
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// field parses a CSV number; "" is NaN.
func field(t *testing.T, s string) float64 {
	t.Helper()
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func same(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }

// at finds the year and the position of a unit named in a CSV record.
func at(t *testing.T, r *scoring.Result, unit, year string) (*scoring.YearResult, int) {
	t.Helper()
	for _, y := range r.Years {
		if strconv.Itoa(y.Year) != year {
			continue
		}
		if u, ok := y.Unit(unitID(unit)); ok {
			return y, u
		}
	}
	t.Fatalf("no unit %s in %s", unit, year)
	return nil, 0
}

func TestWriteChangesCSV(t *testing.T) {
	o := testOutput(t, "")
	var buf bytes.Buffer
	if err := WriteChangesCSV(&buf, o); err != nil {
		t.Fatal(err)
	}
	golden(t, "changes.csv.golden", buf.Bytes())
	recs := readCSV(t, buf.Bytes())
	r := o.Result
	// 5 units × 2 years × 11 nodes (every indicator has data both years).
	if got, want := len(recs), 1+5*2*len(r.Schema.Nodes); got != want {
		t.Fatalf("got %d records, want %d", got, want)
	}
	changes := 0
	for _, rec := range recs[1:] {
		y, u := at(t, r, rec[0], rec[1])
		year := y.Year
		i, ok := r.Schema.Index(rec[2])
		if !ok {
			t.Fatalf("unknown node %q", rec[2])
		}
		if got := field(t, rec[5]); !same(got, y.Scores[i][u]) {
			t.Errorf("%s %d %s: score %v, want %v", rec[0], year, rec[2], got, y.Scores[i][u])
		}
		if rec[3] == "indicator" {
			if got := field(t, rec[4]); !same(got, y.Processed[i][u]) {
				t.Errorf("%s %d %s: value %v, want %v", rec[0], year, rec[2], got, y.Processed[i][u])
			}
			if got := field(t, rec[9]); !same(got, y.CAGR[i][u]) {
				t.Errorf("%s %d %s: cagr %v, want %v", rec[0], year, rec[2], got, y.CAGR[i][u])
			}
			continue
		}
		if got := field(t, rec[7]); !same(got, y.ScoreChange[i][u]) {
			t.Errorf("%s %d %s: score change %v, want %v", rec[0], year, rec[2], got, y.ScoreChange[i][u])
		}
		if rec[7] != "" {
			changes++
		}
	}
	if changes == 0 {
		t.Error("no score change written")
	}
}

func TestWriteTargetsCSV(t *testing.T) {
	if err := WriteTargetsCSV(new(bytes.Buffer), testOutput(t, "")); err == nil {
		t.Error("no targets: no error")
	}
	o := targetOutput(t)
	var buf bytes.Buffer
	if err := WriteTargetsCSV(&buf, o); err != nil {
		t.Fatal(err)
	}
	golden(t, "targets.csv.golden", buf.Bytes())
	recs := readCSV(t, buf.Bytes())
	r := o.Result
	// 5 units × 2 years × (2 indicators + the livable goal).
	if got, want := len(recs), 1+5*2*3; got != want {
		t.Fatalf("got %d records, want %d", got, want)
	}
	for _, rec := range recs[1:] {
		y, u := at(t, r, rec[0], rec[1])
		i, _ := r.Schema.Index(rec[2])
		var a float64
		var rating, trend string
		switch rec[3] {
		case "indicator":
			tg := y.Targets[i]
			a, rating, trend = tg.Achievement[u], tg.Rating[u].String(), tg.Trend[u].String()
			if want := map[string]string{"pm25": "25", "park_area": "16"}[rec[2]]; rec[6] != want {
				t.Errorf("%s: target %s, want %s", rec[2], rec[6], want)
			}
		case "goal":
			st := y.Goals[i][u]
			a, rating, trend = st.Achievement, st.Rating.String(), st.Trend.String()
		default:
			t.Fatalf("unexpected level %q", rec[3])
		}
		if got := field(t, rec[7]); !same(got, a) || rec[8] != rating || rec[9] != trend {
			t.Errorf("%v: want achievement %v, %s, %s", rec, a, rating, trend)
		}
	}
}
