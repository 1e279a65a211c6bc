package importers

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// testFramework is a small framework with the cases header matching needs:
// the same zh name for a 全市 and a 市辖区 input, aliases, units of several
// kinds, and a variable without a unit.
const testFramework = `
id: test
name: {zh: 测试, en: Test}
inputs:
  - id: pop
    name: {zh: 常住人口, en: Resident population}
    unit: 万人
    scope: 全市
    aliases: [年末常住人口]
  - id: pop_districts
    name: {zh: 市辖区常住人口, en: Resident population (districts)}
    unit: 万人
    scope: 市辖区
    aliases: [常住人口]
  - id: gdp
    name: {zh: 地区生产总值, en: GDP}
    unit: 亿元
    scope: 全市
    aliases: [地区生产总值（当年价格）]
  - id: area
    name: {zh: 行政区域土地面积, en: Land area}
    unit: 平方公里
  - id: fdi
    name: {zh: 实际使用外资金额, en: FDI}
    unit: 万美元
  - id: buses
    name: {zh: 公共汽电车运营车辆数, en: Buses}
    unit: 标台
  - id: raw
    name: {zh: 原始数, en: Raw count}
goals:
  - id: g
    name: {zh: 目标, en: Goal}
    indicators:
      - id: gdp_pc
        name: {zh: 人均地区生产总值, en: GDP per capita}
        unit: 元/人
        direction: positive
      - id: green
        name: {zh: 建成区绿化覆盖率, en: Green coverage}
        unit: "%"
        direction: positive
        aliases: [绿化覆盖率]
      - id: birth
        name: {zh: 出生率, en: Birth rate}
        unit: "‰"
        direction: positive
`

func framework(t testing.TB) *indicators.Framework {
	t.Helper()
	fw, err := indicators.Parse([]byte(testFramework), "test.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return fw
}

// dump prints a table one row a line, cells in column order, for
// comparison: "北京 2019: gdp=1.5 pop=2* name=x" (* converted, - missing).
func dump(t *dataset.Table) string {
	if t == nil {
		return "<nil>"
	}
	var b strings.Builder
	for i, k := range t.Keys() {
		b.WriteString(string(k.Unit))
		if k.Year != 0 {
			b.WriteString(" " + strconv.Itoa(k.Year))
		}
		b.WriteString(":")
		for _, c := range t.Columns() {
			b.WriteString(" " + string(c.ID) + "=")
			v, ok := c.Value(i)
			switch {
			case !ok:
				b.WriteString("-")
			default:
				b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			}
			if c.Flags[i]&dataset.Converted != 0 {
				b.WriteString("*")
			}
		}
		for _, name := range t.LabelNames() {
			if s := t.Label(name, i); s != "" {
				b.WriteString(" " + name + "=" + s)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// cellErr is the comparable part of a *CellError: Err is compared with
// errors.Is against Kind.
type cellErr struct {
	File, Sheet  string
	Row, Col     int
	Line, Column int
	Header, Text string
	Kind         error
}

func (c cellErr) String() string {
	return fmt.Sprintf("%s %s R%dC%d %d:%d %q %q %v", c.File, c.Sheet, c.Row, c.Col, c.Line, c.Column, c.Header, c.Text, c.Kind)
}

// checkCellErrors compares err, which must be CellErrors, with want.
func checkCellErrors(t *testing.T, err error, want []cellErr) {
	t.Helper()
	var ces CellErrors
	if !errors.As(err, &ces) {
		t.Fatalf("error %v (%T) is not CellErrors", err, err)
	}
	if len(ces) != len(want) {
		t.Errorf("got %d errors, want %d:\n%v", len(ces), len(want), err)
	}
	for i := range min(len(ces), len(want)) {
		g, w := ces[i], want[i]
		got := cellErr{g.File, g.Sheet, g.Row, g.Col, g.Line, g.Column, g.Header, g.Text, w.Kind}
		if got != w || !errors.Is(g, w.Kind) {
			t.Errorf("error %d:\n got %v (%v)\nwant %v", i, got, g.Err, w)
		}
	}
}

// sameRead fails t unless two reads of the same input agree: the error,
// the table, its flags and origins, and the printed report. other names
// the second reader in messages, prefix the input.
func sameRead(t *testing.T, prefix, other string, tab *dataset.Table, rep *Report, err error, otab *dataset.Table, orep *Report, oerr error) {
	t.Helper()
	if fmt.Sprint(err) != fmt.Sprint(oerr) {
		t.Fatalf("%serror\n%v\n%s\n%v", prefix, err, other, oerr)
	}
	if dump(tab) != dump(otab) {
		t.Fatalf("%stable\n%.2000s\n%s\n%.2000s", prefix, dump(tab), other, dump(otab))
	}
	if tab != nil {
		for _, c := range tab.Columns() {
			oc := otab.Column(c.ID)
			if !slices.Equal(c.Flags, oc.Flags) {
				t.Fatalf("%scolumn %s: flags differ", prefix, c.ID)
			}
			for r := range c.Values {
				if c.Origin(r) != oc.Origin(r) {
					t.Fatalf("%scolumn %s, row %d: origin %v; %s %v", prefix, c.ID, r, c.Origin(r), other, oc.Origin(r))
				}
			}
		}
	}
	var a, b bytes.Buffer
	if rep != nil {
		rep.Print(&a)
	}
	if orep != nil {
		orep.Print(&b)
	}
	if a.String() != b.String() {
		t.Fatalf("%sreport\n%s\n%s\n%s", prefix, a.String(), other, b.String())
	}
}
