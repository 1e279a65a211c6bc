package exporters

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites the file with
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test -update to accept):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// testSchema builds a 2-goal, 3-dimension, 6-indicator tree.
func testSchema(t testing.TB) *dataset.Schema {
	t.Helper()
	ind := func(id string, parent int, zh, en, unit string, d dataset.Direction) dataset.Node {
		return dataset.Node{ID: id, Level: dataset.LevelIndicator, Parent: parent, Weight: 1,
			Name: dataset.Text{Zh: zh, En: en}, Unit: unit, Variable: dataset.VariableID(id), Direction: d}
	}
	s, err := dataset.NewSchema("test-hqd", "2025.1", []dataset.Node{
		{ID: "index", Level: dataset.LevelIndex, Parent: -1, Weight: 1, Name: dataset.Text{Zh: "城市高质量发展评价", En: "City high-quality development"}},
		{ID: "innovative", Level: dataset.LevelGoal, Parent: 0, Weight: 1, Name: dataset.Text{Zh: "创新", En: "Innovative"}},
		{ID: "innov_input", Level: dataset.LevelDimension, Parent: 1, Weight: 1, Name: dataset.Text{Zh: "创新投入", En: "Innovation input"}},
		ind("rd_share", 2, "研发经费投入强度", "R&D intensity", "%", dataset.Positive),
		ind("patents", 2, "每万人发明专利拥有量", "Patents per 10k people", "件", dataset.Positive),
		{ID: "innov_output", Level: dataset.LevelDimension, Parent: 1, Weight: 1, Name: dataset.Text{Zh: "创新产出", En: "Innovation output"}},
		ind("hitech_share", 5, "高新技术产业增加值占比", "High-tech share of value added", "%", dataset.Positive),
		{ID: "livable", Level: dataset.LevelGoal, Parent: 0, Weight: 2, Name: dataset.Text{Zh: "宜居", En: "Livable"}},
		{ID: "living", Level: dataset.LevelDimension, Parent: 7, Weight: 1, Name: dataset.Text{Zh: "居住环境", En: "Living environment"}},
		ind("park_area", 8, "人均公园绿地面积", "Park area per capita", "平方米", dataset.Positive),
		ind("pm25", 8, "PM2.5 年均浓度", "PM2.5 annual mean", "微克/立方米", dataset.Negative),
		ind("commute", 8, "平均通勤时间", "Mean commute time", "分钟", dataset.Negative),
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testTable holds 5 cities × 2 years; 杭州's patents in 2019 are missing
// (an invalid cell) and hitech_share is computed by a formula.
func testTable(t testing.TB, s *dataset.Schema) *dataset.Table {
	t.Helper()
	units := []dataset.UnitID{"北京", "上海", "广州", "深圳", "杭州"}
	data := map[string][2][5]float64{
		"rd_share":     {{6.17, 4.16, 2.63, 4.2, 3.15}, {6.31, 4, 2.77, 4.93, 3.45}},
		"patents":      {{111.2, 47.5, 28.4, 89.9, 50.1}, {132, 53.5, 34.2, 91.3, math.NaN()}},
		"hitech_share": {{22.9, 20.1, 18.5, 37.1, 25.6}, {24.4, 20.9, 19.5, 37.7, 26.3}},
		"park_area":    {{16.3, 8.2, 17.3, 16.5, 14.7}, {16.4, 8.4, 17.9, 15.3, 15.1}},
		"pm25":         {{51, 36, 35, 26, 40}, {42, 35, 30, 24, 38}},
		"commute":      {{47, 42, 38, 36, 36}, {47, 42, 38, 36, 35}},
	}
	tab := dataset.New()
	for _, i := range s.Indicators() {
		n := s.Nodes[i]
		tab.AddColumn(n.Variable, n.Unit, "")
	}
	for k, year := range []int{2018, 2019} {
		for u, unit := range units {
			row, _ := tab.AddRow(dataset.Key{Unit: unit, Year: year})
			for c, i := range s.Indicators() {
				id := s.Nodes[i].ID
				v := data[id][k][u]
				col := tab.Column(dataset.VariableID(id))
				switch {
				case id == "hitech_share":
					col.Set(row, v, dataset.Computed, dataset.Origin{})
				case math.IsNaN(v):
					col.Set(row, v, dataset.Invalid, dataset.Origin{File: "panel.xlsx", Sheet: fmt.Sprint(year), Row: u + 2, Col: c + 2})
				default:
					col.Set(row, v, 0, dataset.Origin{File: "panel.xlsx", Sheet: fmt.Sprint(year), Row: u + 2, Col: c + 2})
				}
			}
		}
	}
	return tab
}

// testOutput scores the test table with the default options.
func testOutput(t testing.TB, lang string) *Output {
	t.Helper()
	s := testSchema(t)
	tab := testTable(t, s)
	res, err := scoring.Run(s, tab, scoring.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	return &Output{
		Result: res,
		Table:  tab,
		Issues: []dataset.Issue{{
			Kind: dataset.IssueInvalid, Unit: "杭州", Year: 2019, Variable: "patents",
			Origin: dataset.Origin{File: "panel.xlsx", Sheet: "2019", Row: 6, Col: 3},
			Text:   "12,3a", Msg: "not a number",
		}},
		Manifest: Manifest{
			Tool: "cityscore", Version: "v0.1.0-test", Time: time.Date(2025, 6, 1, 8, 30, 0, 0, time.UTC),
			Command:   "cityscore score --data panel.xlsx --out results.xlsx",
			Framework: Source{Name: "test-hqd", Version: "2025.1", Path: "framework.yaml", SHA256: "ab12", Bytes: 2048},
			Profile:   Source{Name: "balanced", Path: "builtin:balanced", SHA256: "cd34", Bytes: 512},
			Inputs:    []Source{{Path: "panel.xlsx", SHA256: "ef56", Bytes: 10240}},
		},
		Lang: lang,
	}
}

func unitID(s string) dataset.UnitID { return dataset.UnitID(s) }
