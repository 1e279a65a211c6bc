package exporters

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// testTemplate is a template of two columns: a share with a declared valid
// range and a count with the default ≥ 0.
func testTemplate(lang string, sheets []TemplateSheet) *Template {
	return &Template{
		Lang:   lang,
		Sheets: sheets,
		Columns: []TemplateColumn{
			{Header: "城区人口（万人）", ID: "urban_pop", Name: "城区人口", Definition: "城区人口 / Urban population",
				Unit: "万人", Scope: "城区", Source: "中国城市建设统计年鉴", NeededBy: "建成区人口密度 (density)",
				Example: "1234（北京市，2022）", Min: 0, Max: math.Inf(1)},
			{Header: "绿化覆盖率（%）", ID: "green", Name: "绿化覆盖率", Unit: "%", Min: 0, Max: 100, Strict: true},
		},
		Instructions: []string{"每行一个城市。", "  cityscore score --data a.csv --data t.xlsx"},
		Title:        "测试", Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

func writeTemplate(t *testing.T, tpl *Template) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, tpl); err != nil {
		t.Fatal(err)
	}
	checkDimensions(t, buf.Bytes())
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteTemplateWide(t *testing.T) {
	rows := []TemplateRow{{Unit: "北京市", Code: "110000", Year: 2023}, {Unit: "天津市", Code: "120000", Year: 2023}, {Unit: "石家庄市", Code: "130100", Year: 2023}}
	f := writeTemplate(t, testTemplate("zh", []TemplateSheet{{Year: true, Rows: rows}}))

	if got, want := f.GetSheetList(), []string{"数据", "说明"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	got, err := f.GetRows("数据")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"城市", "代码", "年份", "城区人口（万人）", "绿化覆盖率（%）"},
		{"北京市", "110000", "2023"},
		{"天津市", "120000", "2023"},
		{"石家庄市", "130100", "2023"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("data sheet:\n%q\nwant\n%q", got, want)
	}
	// The code is text (leading zeros and all), the year a number.
	if typ, _ := f.GetCellType("数据", "B2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("code cell type %v, want a string", typ)
	}
	if typ, _ := f.GetCellType("数据", "C2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("year cell type %v, want a number", typ)
	}

	// Header and the unit, code and year columns frozen.
	panes, err := f.GetPanes("数据")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.XSplit != 3 || panes.YSplit != 1 || panes.TopLeftCell != "D2" {
		t.Errorf("panes %+v, want frozen at D2", panes)
	}

	// Validation on the value cells of every row, and nowhere else.
	dvs, err := f.GetDataValidations("数据")
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != 2 {
		t.Fatalf("%d data validations, want 2", len(dvs))
	}
	d, g := dvs[0], dvs[1]
	if d.Sqref != "D2:D4" || d.Type != "decimal" || d.Operator != "greaterThanOrEqual" || d.Formula1 != "0" || d.Formula2 != "" {
		t.Errorf("count validation %+v", d)
	}
	if d.ErrorStyle == nil || *d.ErrorStyle != "warning" || d.Error == nil || !strings.Contains(*d.Error, "万人") || !strings.Contains(*d.Error, "留空") {
		t.Errorf("count validation message: %v %v", d.ErrorStyle, d.Error)
	}
	if !d.AllowBlank || !d.ShowErrorMessage || !d.ShowInputMessage {
		t.Errorf("count validation flags %+v", d)
	}
	if g.Sqref != "E2:E4" || g.Type != "decimal" || g.Operator != "between" || g.Formula1 != "0" || g.Formula2 != "100" {
		t.Errorf("share validation %+v", g)
	}
	if g.ErrorStyle == nil || *g.ErrorStyle != "stop" || !strings.Contains(*g.Error, "0 – 100") {
		t.Errorf("share validation message: %v %v", g.ErrorStyle, *g.Error)
	}

	// Locked, greyed city column; unlocked number cells; protected sheet.
	styleOf := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle("数据", cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := styleOf("A2"); st.Protection == nil || !st.Protection.Locked || len(st.Fill.Color) == 0 {
		t.Errorf("city cell style %+v", st)
	}
	if st := styleOf("B3"); st.NumFmt != 49 {
		t.Errorf("code cell number format %d, want 49 (text)", st.NumFmt)
	}
	if st := styleOf("E4"); st.Protection == nil || st.Protection.Locked || st.NumFmt != 0 {
		t.Errorf("value cell style %+v (protection %+v)", st, st.Protection)
	}
	if w, _ := f.GetColWidth("数据", "D"); w < 12 {
		t.Errorf("value column width %v", w)
	}

	// The notes sheet: one row per column, with its data-sheet column.
	notes, err := f.GetRows("说明")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := notes[0], []string{"列标题", "列", "编号", "定义", "单位", "口径", "取值范围", "来源", "所需指标", "示例值"}; !reflect.DeepEqual(got, want) {
		t.Errorf("notes header %q", got)
	}
	if got, want := notes[1], []string{"城区人口（万人）", "D", "urban_pop", "城区人口 / Urban population", "万人", "城区", "≥ 0",
		"中国城市建设统计年鉴", "建成区人口密度 (density)", "1234（北京市，2022）"}; !reflect.DeepEqual(got, want) {
		t.Errorf("notes row 1 %q", got)
	}
	if got := notes[2]; got[1] != "E" || got[2] != "green" || got[6] != "0 – 100" {
		t.Errorf("notes row 2 %q", got)
	}
	if got := notes[4]; len(got) == 0 || got[0] != "填写说明" {
		t.Errorf("instructions title %q", got)
	}
	if p, _ := f.GetPanes("说明"); !p.Freeze || p.YSplit != 1 {
		t.Errorf("notes panes %+v", p)
	}
	props, _ := f.GetDocProps()
	if props.Title != "测试" || props.Created != "2026-01-02T03:04:05Z" {
		t.Errorf("doc props %+v", props)
	}
}

func TestWriteTemplateSheets(t *testing.T) {
	rows := func(y int) []TemplateRow {
		return []TemplateRow{{Unit: "Beijing", Code: "110000", Year: y}, {Unit: "Shanghai", Code: "310000", Year: y}}
	}
	f := writeTemplate(t, testTemplate("en", []TemplateSheet{{Name: "2022", Rows: rows(2022)}, {Name: "2023", Rows: rows(2023)}}))
	if got, want := f.GetSheetList(), []string{"2022", "2023", "Notes"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	for _, sh := range []string{"2022", "2023"} {
		got, _ := f.GetRows(sh)
		if want := []string{"City", "Code", "城区人口（万人）", "绿化覆盖率（%）"}; !reflect.DeepEqual(got[0], want) {
			t.Errorf("%s header %q", sh, got[0])
		}
		if len(got) != 3 || got[2][0] != "Shanghai" {
			t.Errorf("%s rows %q", sh, got)
		}
		panes, _ := f.GetPanes(sh)
		if !panes.Freeze || panes.XSplit != 2 || panes.YSplit != 1 || panes.TopLeftCell != "C2" {
			t.Errorf("%s panes %+v", sh, panes)
		}
		dvs, _ := f.GetDataValidations(sh)
		if len(dvs) != 2 || dvs[0].Sqref != "C2:C3" || dvs[1].Sqref != "D2:D3" {
			t.Errorf("%s validations %+v", sh, dvs)
		}
		if len(dvs) > 0 && !strings.Contains(*dvs[0].Error, "Leave the cell empty") {
			t.Errorf("%s message %q", sh, *dvs[0].Error)
		}
	}
	notes, _ := f.GetRows("Notes")
	if notes[0][0] != "Header" || notes[1][1] != "C" {
		t.Errorf("notes %q", notes[:2])
	}
}

func TestWriteTemplateErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, &Template{}); err == nil {
		t.Error("no sheet: no error")
	}
	if err := WriteTemplate(&buf, &Template{Lang: "fr", Sheets: []TemplateSheet{{}}}); err == nil {
		t.Error("unknown language: no error")
	}
	if err := WriteTemplate(&buf, &Template{Sheets: []TemplateSheet{{Name: "说明"}}}); err == nil {
		t.Error("a data sheet named like the notes: no error")
	}
}

func TestRangeText(t *testing.T) {
	inf := math.Inf(1)
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{{0, inf, "≥ 0"}, {-100, 100, "-100 – 100"}, {-inf, 5, "≤ 5"}, {-inf, inf, "任意数值"}} {
		if got := rangeText("zh", tc.lo, tc.hi); got != tc.want {
			t.Errorf("rangeText(%v, %v) = %q, want %q", tc.lo, tc.hi, got, tc.want)
		}
	}
	if got := clip("一二三四五", 3); got != "一二…" {
		t.Errorf("clip = %q", got)
	}
}
