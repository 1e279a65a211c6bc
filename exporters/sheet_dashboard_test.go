package exporters

// Tests of the Dashboard sheet.

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/scoring"
)

// TestWorkbookDashboard reads the Dashboard sheet back: a column for the
// goal with targets and for each indicator with a target and data that
// year (commute has a target but no 2019 value: no column), each cell the
// achievement with the trend arrow, filled with its rating's colour; the
// headers give each target with its unit.
func TestWorkbookDashboard(t *testing.T) {
	o := testOutput(t, "en")
	commute := o.Table.Column("commute")
	for r, k := range o.Table.Keys() {
		if k.Year == 2019 {
			commute.Values[r] = math.NaN()
		}
	}
	opt := scoring.DefaultOptions()
	opt.Targets.Values = map[string]map[int]float64{"pm25": {2025: 25}, "park_area": {2030: 16}, "commute": {2030: 30}}
	res, err := scoring.Run(o.Result.Schema, o.Table, opt)
	if err != nil {
		t.Fatal(err)
	}
	o.Result = res
	f, _ := writeBook(t, o)
	rows, err := f.GetRows("Dashboard")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"Rank", "City", "Livable", "Park area per capita (target 16 平方米, 2030)", "PM2.5 annual mean (target 25 微克/立方米, 2025)"}
	if !slices.Equal(rows[0], wantHeader) {
		t.Fatalf("header %q, want %q", rows[0], wantHeader)
	}
	fills := map[string]composite.Rating{"F8696B": composite.RatingRed, "F4B183": composite.RatingOrange, "FFEB84": composite.RatingYellow, "63BE7B": composite.RatingGreen}
	y := res.Years[1]
	livable, _ := res.Schema.Index("livable")
	park, _ := res.Schema.Index("park_area")
	pm25, _ := res.Schema.Index("pm25")
	for r, row := range rows[1 : 1+len(y.Units)] {
		u, ok := y.Unit(unitID(row[1]))
		if !ok {
			t.Fatalf("row %d: unknown unit %q", r+2, row[1])
		}
		st := y.Goals[livable][u]
		for c, want := range []struct {
			a      float64
			rating composite.Rating
			trend  composite.TrendClass
		}{
			{st.Achievement, st.Rating, st.Trend},
			{y.Targets[park].Achievement[u], y.Targets[park].Rating[u], y.Targets[park].Trend[u]},
			{y.Targets[pm25].Achievement[u], y.Targets[pm25].Rating[u], y.Targets[pm25].Trend[u]},
		} {
			text := fmt.Sprintf("%.0f%%", 100*want.a)
			if want.trend != composite.TrendNone {
				text += " " + want.trend.Arrow()
			}
			if got := row[2+c]; got != text {
				t.Errorf("%s, column %d: %q, want %q", row[1], 3+c, got, text)
			}
			cell, _ := excelize.CoordinatesToCellName(3+c, r+2)
			id, _ := f.GetCellStyle("Dashboard", cell)
			style, _ := f.GetStyle(id)
			var got []string
			if style != nil {
				got = style.Fill.Color
			}
			if len(got) == 0 {
				t.Errorf("%s %s: no fill, want %s", row[1], cell, want.rating)
			} else if rating, ok := fills[got[0]]; !ok || rating != want.rating {
				t.Errorf("%s %s: fill %s, want %s", row[1], cell, got[0], want.rating)
			}
		}
	}
}

// TestDashboardTargetHeader: the Chinese header of an indicator with a
// target gives the target with its unit, without float noise.
func TestDashboardTargetHeader(t *testing.T) {
	o := testOutput(t, "zh")
	opt := scoring.DefaultOptions()
	opt.Targets.Values = map[string]map[int]float64{"rd_share": {2025: 0.1 + 0.2}}
	res, err := scoring.Run(o.Result.Schema, o.Table, opt)
	if err != nil {
		t.Fatal(err)
	}
	o.Result = res
	f, _ := writeBook(t, o)
	rows, err := f.GetRows("目标仪表盘")
	if err != nil {
		t.Fatal(err)
	}
	if want := "研发经费投入强度 目标 0.3 %（2025 年）"; !slices.Contains(rows[0], want) {
		t.Errorf("header %q lacks %q", rows[0], want)
	}
}

func TestShortNumber(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{43, "43"}, {0.1 + 0.2, "0.3"}, {16.5, "16.5"}, {1250000, "1250000"}, {-2.75, "-2.75"},
		{1.0 / 3, "0.3333333333"}, {0.0004, "0.0004"}, {0, "0"},
	} {
		if got := shortNumber(tc.v); got != tc.want {
			t.Errorf("shortNumber(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
