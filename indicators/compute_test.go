package indicators_test

import (
	"math"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

func TestCompute(t *testing.T) {
	f, err := indicators.Parse([]byte(`
id: c
inputs:
  - {id: beds, unit: 张}
  - {id: pop, unit: 万人}
goals:
  - id: g
    indicators:
      - {id: beds_per_1k, direction: positive, formula: beds / pop / 10}
      - {id: double, direction: positive, formula: beds_per_1k * 2}
      - {id: direct, direction: positive, formula: beds * 0}
      - {id: nodata, direction: positive}
`), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tab := dataset.New()
	set := func(unit string, beds, pop, direct float64) {
		row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(unit), Year: 2023})
		tab.AddColumn("beds", "张", "").Set(row, beds, 0, dataset.Origin{File: "x.csv", Row: row + 2, Col: 2})
		tab.AddColumn("pop", "万人", "").Set(row, pop, 0, dataset.Origin{})
		tab.AddColumn("direct", "", "").Set(row, direct, 0, dataset.Origin{})
	}
	nan := math.NaN()
	set("A", 5000, 100, 7)
	set("B", 3000, 0, nan)
	set("C", nan, 50, 1)
	rep := f.Compute(tab)
	want := map[string]string{"beds_per_1k": "formula", "double": "formula", "direct": "data", "nodata": "none"}
	for id, from := range want {
		if rep.From[id] != from {
			t.Errorf("From[%s] = %q, want %q", id, rep.From[id], from)
		}
	}
	c := tab.Column("beds_per_1k")
	if v, ok := c.Value(0); !ok || v != 5 || c.Flags[0]&dataset.Computed == 0 {
		t.Errorf("A beds_per_1k = %v %v, flags %b", v, ok, c.Flags[0])
	}
	for row := 1; row <= 2; row++ {
		if _, ok := c.Value(row); ok {
			t.Errorf("row %d: want missing (division by zero, missing operand)", row)
		}
	}
	if v, _ := tab.Column("double").Value(0); v != 10 {
		t.Errorf("double = %v, want 10 (computed after beds_per_1k)", v)
	}
	if v, _ := tab.Column("direct").Value(0); v != 7 {
		t.Errorf("direct = %v, want the data's 7, not the formula", v)
	}
	if tab.Column("nodata") == nil {
		t.Error("indicator without data has no column")
	}
	if len(rep.Issues) != 1 || rep.Issues[0].Unit != "B" || rep.Issues[0].Kind != "division by zero" {
		t.Errorf("issues = %v, want one division by zero for B", rep.Issues)
	}
}

func TestComputeScreensValidRange(t *testing.T) {
	f, err := indicators.Parse([]byte(`
id: v
inputs:
  - {id: good_days, unit: "%", valid: [0, 100]}
goals:
  - id: g
    indicators:
      - {id: air, direction: positive, formula: good_days}
`), "v.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tab := dataset.New()
	for i, v := range []float64{87.5, 8030, 100, -1} {
		row, _ := tab.AddRow(dataset.Key{Unit: dataset.UnitID(string(rune('A' + i))), Year: 2023})
		tab.AddColumn("good_days", "%", "").Set(row, v, 0, dataset.Origin{File: "t.xlsx", Sheet: "S", Row: row + 5, Col: 3})
	}
	rep := f.Compute(tab)
	if len(rep.Issues) != 2 || rep.Issues[0].Unit != "B" || rep.Issues[0].Text != "8030" ||
		rep.Issues[0].Origin.String() != "t.xlsx#S!C6" || rep.Issues[1].Unit != "D" {
		t.Fatalf("issues = %v", rep.Issues)
	}
	c := tab.Column("good_days")
	if _, ok := c.Value(1); ok || c.Flags[1]&dataset.Invalid == 0 {
		t.Errorf("8030 %% kept: flags %b", c.Flags[1])
	}
	if v, ok := tab.Column("air").Value(2); !ok || v != 100 {
		t.Errorf("100 %% (the bound) = %v %v", v, ok)
	}
	if _, ok := tab.Column("air").Value(1); ok {
		t.Error("a formula used the out-of-range value")
	}
}
