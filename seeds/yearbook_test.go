package seeds_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/seeds"
)

// TestYearbookCopy checks that yearbook/columns.csv is the project's
// contract, ../shared/yearbook/columns.csv, when that is at hand.
func TestYearbookCopy(t *testing.T) {
	want, err := os.ReadFile("../../shared/yearbook/columns.csv")
	if err != nil {
		t.Skip("shared/yearbook not available:", err)
	}
	got, err := os.ReadFile("yearbook/columns.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("yearbook/columns.csv differs from ../shared/yearbook/columns.csv; copy it")
	}
}

// TestYearbookInputs checks that every column of the yearbook dictionary
// maps to an input of the built-in framework, with the same scope and the
// unit the framework converts from.
func TestYearbookInputs(t *testing.T) {
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	d := seeds.Yearbook()
	if n := len(d.Columns()); n != 201+10 {
		t.Errorf("%d columns, want the 201 of columns.csv and 10 synonyms", n)
	}
	if n := len(d.Inputs()); n != 137+7 {
		t.Errorf("%d input ids, want the 137 of columns.csv and 7 of the synonyms only", n)
	}
	// Units a dictionary row may print that differ from the framework's;
	// TestYearbookConversion reads them.
	converted := map[string]string{"county_hukou_pop_yearend": "人"}
	for _, c := range d.Columns() {
		v := fw.Variable(c.Input)
		switch {
		case v == nil:
			t.Errorf("%s %s %s (%s): input %s is not in the framework", c.Table, c.Title, c.Column, c.Scope, c.Input)
			continue
		case !v.IsInput():
			t.Errorf("%s is an indicator, not an input", c.Input)
		case v.Scope != c.Scope:
			t.Errorf("%s: scope %q in the framework, %q in the dictionary", c.Input, v.Scope, c.Scope)
		}
		unit := strings.ReplaceAll(c.Unit, "％", "%")
		if unit != "" && unit != v.Unit && converted[c.Input] != unit {
			t.Errorf("%s (%d %s): printed in %s, the framework has %s", c.Input, c.Edition, c.Table, unit, v.Unit)
		}
	}
}

// TestFrameworkNamesUnique checks the convention of framework.yaml: zh
// and en names and aliases are unique after folding, so that a header
// names one variable.
func TestFrameworkNamesUnique(t *testing.T) {
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, v := range fw.Variables() {
		for _, n := range append([]string{v.Name.Zh, v.Name.En}, v.Aliases...) {
			k := indicators.Fold(n)
			if k == "" {
				continue
			}
			if other, dup := seen[k]; dup && other != v.ID {
				t.Errorf("%q names %s and %s", n, other, v.ID)
			}
			seen[k] = v.ID
		}
	}
}

// yearbookPage is a yearbook table as an HTML page (the layout CNKI exports
// have), so that this package's tests need no workbook writer.
func yearbookPage(banner, title, column string, rows ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<html><body><div>%s</div><div>%s</div><table>", banner, title)
	fmt.Fprintf(&b, `<tr><td rowspan="2">城 市</td><td rowspan="2">City</td><td>%s</td></tr><tr><td>Household Registered Population at Year-end</td></tr>`, column)
	for _, r := range rows {
		b.WriteString("<tr><td>" + strings.ReplaceAll(r, ",", "</td><td>") + "</td></tr>")
	}
	b.WriteString("</table></body></html>")
	return b.String()
}

// TestYearbookConversion reads 年末户籍人口 of county-level cities, which
// the 2021 edition prints in 人 (its unit in the title) and later editions
// in 万人: both land in the framework's 万人. The built-in framework's units
// are prefecture-level cities, which skip county-level tables: the test
// reads them with a framework of its own units.
func TestYearbookConversion(t *testing.T) {
	fw, err := seeds.Framework()
	if err != nil {
		t.Fatal(err)
	}
	fw.Units = ""
	tests := []struct {
		name, page string
		want       float64
		converted  bool
	}{
		{"2021 edition, 人", yearbookPage("中国2020年县级市数据", "3-1 人口状况（人）", "年末户籍人口", "河北省,Hebei,", "  辛集市,  Xinji,629495"), 62.9495, true},
		{"2024 edition, 万人", yearbookPage("3-1人口状况", "单位：万人", "年末户籍人口 Household Registered Population at Year-end", "河北省,Hebei,", "  辛集市,  Xinji,62"), 62, false},
	}
	// Under the built-in framework (units: cn-city) the table is skipped.
	builtin, _ := seeds.Framework()
	if tab, rep, err := importers.Read(strings.NewReader(tests[0].page), "3-1.xls", importers.Options{Dictionary: seeds.Yearbook(), Framework: builtin, Year: 2023}); err != nil ||
		tab.Len() != 0 || len(rep.SkippedTables) != 1 {
		t.Errorf("built-in framework: err %v, rows %v, skipped %+v", err, tab, rep)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, rep, err := importers.Read(strings.NewReader(tt.page), "3-1.xls", importers.Options{Dictionary: seeds.Yearbook(), Framework: fw, Year: 2023})
			if err != nil {
				t.Fatal(err)
			}
			c := tab.Column("county_hukou_pop_yearend")
			if c != nil && len(rep.SkippedTables) > 0 {
				t.Fatalf("skipped: %+v", rep.SkippedTables)
			}
			if c == nil || c.Unit != "万人" {
				t.Fatalf("column %+v; report %+v", c, rep.Unmatched)
			}
			v, ok := c.Value(0)
			if !ok || v != tt.want || (c.Flags[0]&dataset.Converted != 0) != tt.converted {
				t.Errorf("辛集市 = %v (flags %v), want %v 万人", v, c.Flags[0], tt.want)
			}
			if code := tab.Label(importers.LabelCode, 0); code != "130181" {
				t.Errorf("code %q", code)
			}
		})
	}
}
