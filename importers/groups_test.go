package importers

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
)

// TestReadGroups: a groups file read, and each kind of problem positioned
// as in data files.
func TestReadGroups(t *testing.T) {
	reserved := map[string]string{"province": "a built-in grouping", "rank": "a column of the scores CSV"}
	for _, tc := range []struct {
		name   string
		text   string
		cnCity bool
		units  []dataset.UnitID
		of     map[dataset.UnitID]string
		err    string // every line of the error, "" for none
		is     error
	}{
		{name: "good", cnCity: true, text: "unit,tier\n杭州,A\n宁波市,B\n\n温州市,\n",
			units: []dataset.UnitID{"杭州市", "宁波市", "温州市"}, of: map[dataset.UnitID]string{"杭州市": "A", "宁波市": "B"}},
		{name: "BOM and 城市, CRLF", cnCity: true, text: "\uFEFF城市,tier_2\r\n 深圳 ,一线\r\n",
			units: []dataset.UnitID{"深圳市"}, of: map[dataset.UnitID]string{"深圳市": "一线"}},
		{name: "units as printed", text: "unit,bloc\nCHN,Asia\nDEU,Europe\n",
			units: []dataset.UnitID{"CHN", "DEU"}, of: map[dataset.UnitID]string{"CHN": "Asia", "DEU": "Europe"}},
		{name: "bad first header", text: "city_name,tier\nCHN,A\n",
			err: `groups.csv:1:1 (A1): "city_name": the first column's header must be unit (or 城市)`},
		{name: "no id", text: "unit\nCHN\n", is: ErrGroupID,
			err: "groups.csv:1 (B1): bad grouping id: the header is unit,<grouping id>, the id naming the grouping's columns (e.g. unit,tier)"},
		{name: "bad id", text: "unit,Tier 1\nCHN,A\n", is: ErrGroupID,
			err: `groups.csv:1:6 (B1): "Tier 1": bad grouping id: want [a-z][a-z0-9_]* (lower-case letters, digits, _; a letter first), e.g. tier`},
		{name: "reserved id", text: "unit,province\nCHN,A\n", is: ErrGroupID,
			err: `groups.csv:1:6 (B1): "province": bad grouping id: province is a built-in grouping; choose another id`},
		{name: "rank_ id", text: "unit,rank_tier\nCHN,A\n", is: ErrGroupID,
			err: `groups.csv:1:6 (B1): "rank_tier": bad grouping id: rank_… names the rank within a grouping; choose another id`},
		{name: "unknown city", cnCity: true, text: "unit,tier\n杭州,A\n宁波,B\n深川市,A\n", is: ErrUnknownUnit,
			err: "groups.csv:4:1 (A4, column unit): 深川市: not a known city; did you mean 深圳市?"},
		{name: "county-level city", cnCity: true, text: "unit,tier\n义乌市,A\n", is: ErrUnknownUnit,
			err: "groups.csv:2:1 (A2, column unit): 义乌市: 330782 义乌市 is a county-level city (浙江省), not a prefecture-level city"},
		{name: "duplicate", cnCity: true, text: "unit,tier\n杭州市,A\n宁波市,B\n杭州,B\nCHN,C\nCHN,C\n", is: ErrDuplicate,
			err: "groups.csv:4:1 (A4, column unit): \"杭州\": duplicate unit 杭州市: first at line 2 (A2)\n" +
				"groups.csv:5:1 (A5, column unit): CHN: not a known city\n" +
				"groups.csv:6:1 (A6, column unit): CHN: not a known city"},
		{name: "duplicate as printed", text: "unit,tier\nCHN,A\nDEU,B\nCHN,B\n", is: ErrDuplicate,
			err: `groups.csv:4:1 (A4, column unit): "CHN": duplicate unit: first at line 2 (A2)`},
		{name: "third column", text: "unit,tier\nCHN,A,x\n",
			err: `groups.csv:2:7 (C2): "x": a groups file has two columns, unit and group`},
		{name: "no unit", text: "unit,tier\n,A\n", is: ErrNoUnit,
			err: "groups.csv:2:1 (A2, column unit): row has values but no unit"},
		{name: "header only", text: "unit,tier\n", is: ErrNoData,
			err: "groups.csv: no data rows: want a header unit,<grouping id> and a row per unit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ReadGroups(strings.NewReader(tc.text), "groups.csv", GroupsOptions{CNCity: tc.cnCity, Reserved: reserved})
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("error\n%v\nwant\n%s", err, tc.err)
				}
				if tc.is != nil && !errors.Is(err, tc.is) {
					t.Errorf("error is not %v", tc.is)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(g.Units, tc.units) || !maps.Equal(g.Of, tc.of) {
				t.Errorf("units %v of %v, want %v %v", g.Units, g.Of, tc.units, tc.of)
			}
		})
	}
}

// FuzzReadGroups: any input gives a grouping or an error, never a panic;
// a grouping has a valid id, and every unit it places is one it lists.
func FuzzReadGroups(f *testing.F) {
	for _, s := range []string{
		"unit,tier\n杭州,A\n宁波市,B\n",
		"\uFEFF城市,tier\r\n深圳,一线\r\n",
		"unit,tier\n深川市,A\n杭州,B\n杭州市,C\n",
		"unit,Tier\n",
		"unit,tier,x\nCHN,A,B\n,\n\"a\"\"b\",c\n",
		"unit,tier\r\"x\ny\",z\r",
	} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, cnCity bool) {
		g, err := ReadGroups(strings.NewReader(string(data)), "fuzz.csv", GroupsOptions{CNCity: cnCity, Limits: Limits{CellText: 256}})
		if err != nil {
			if g != nil {
				t.Fatal("a grouping and an error")
			}
			_ = err.Error()
			return
		}
		if !validGroupID(g.ID) || len(g.Units) == 0 {
			t.Fatalf("id %q, %d units", g.ID, len(g.Units))
		}
		for u, grp := range g.Of {
			if grp == "" || !slices.Contains(g.Units, u) {
				t.Fatalf("%q in %q, units %v", u, grp, g.Units)
			}
		}
	})
}
