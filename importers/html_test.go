package importers

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/cityscore/cityscore/indicators"
)

// cnkiPage is an HTML table saved under a .xls name as CNKI exports it
// (cnki-ccsy-export-samples/README.md): a comment line first, the title in
// a div, the unit in a table of its own, a header of three levels with
// rowspan and colspan, cities indented with &nbsp;&nbsp;, &nbsp; in empty
// cells, province rows with real subtotals, and a source line at the end.
func cnkiPage(rows string) string {
	return `


<!-- 以上这行设定本网页为excel格式的网页 -->
<html>
<head>
<title>Excel档案呈现方式</title>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style type="text/css">.tb td {height:25px;}</style>
</head>
<body>
<div id="tti" style="text-align:center;">中国2014年地级以上城市年末金融机构存贷款余额统计(二)</div>
<div style="text-align:left;"></div>
<div id="ttx">
<table class="exp" id="tab0">
<tr><td>单位:万元</td></tr>
</table>
<table id="tab1" class="tb">
<tr><td class="biaotou" rowspan="3">城市</td>
<td class="biaotou" colspan="3">年末金融机构人民币各项存款余额</td>
<td class="biaotou" colspan="2">年末金融机构人民币各项贷款余额</td>
</tr><tr><td class="biaotou" rowspan="2">全市</td>
<td class="biaotou" rowspan="2">市辖区</td>
<td class="biaotou">居民人民币储蓄存款余额</td>
<td class="biaotou" rowspan="2">全市</td>
<td class="biaotou" rowspan="2">市辖区</td>
</tr><tr><td class="biaotou">全市</td>
</tr>` + rows + `
</table>
<div style="margin-top:10px;">摘编自《中国城市统计年鉴2015》</div>
</div>
</body>
</html>
`
}

const cnkiFramework = `
id: cnki
name: CNKI
inputs:
  - {id: deposits_total_city, name: {zh: 存款}, unit: 亿元, scope: 全市}
  - {id: deposits_districts, name: {zh: 市辖区存款}, unit: 亿元, scope: 市辖区}
  - {id: savings_total_city, name: {zh: 居民人民币储蓄存款余额}, unit: 万元, scope: 全市}
  - {id: loans_total_city, name: {zh: 贷款}, unit: 万元, scope: 全市}
goals:
  - id: g
    name: G
    indicators:
      - {id: x, name: X, unit: "1", direction: positive}
`

func cnkiDictionary() *Dictionary {
	return NewDictionary([]YearbookColumn{
		{Edition: 2024, Title: "年末金融机构存贷款余额", Column: "年末金融机构人民币各项存款余额", Unit: "万元", Scope: "全市", Input: "deposits_total_city"},
		{Edition: 2024, Title: "年末金融机构存贷款余额", Column: "年末金融机构人民币各项存款余额", Unit: "万元", Scope: "市辖区", Input: "deposits_districts"},
		{Edition: 2024, Title: "年末金融机构存贷款余额", Column: "年末金融机构人民币各项贷款余额", Unit: "万元", Scope: "全市", Input: "loans_total_city"},
	})
}

func TestReadHTML(t *testing.T) {
	fw, err := parseFramework(cnkiFramework)
	if err != nil {
		t.Fatal(err)
	}
	page := cnkiPage(`<tr><td class="zhibiao">&nbsp;&nbsp;阜新市</td>
<td class="shuju">8346368</td><td class="shuju">6173771</td><td class="shuju">5522274</td><td class="shuju">6994871</td><td class="shuju">&nbsp;</td>
</tr>
<tr><td class="zhibiao">吉林省</td><td>1</td><td>1</td><td>1</td><td>1</td><td>1</td></tr>
<tr><td class="zhibiao">&nbsp;&nbsp;长春市</td><td>100<br></td><td>—</td><td>x1</td><td>7</td><td>8</td></tr>
<tr><td class="zhibiao">上海市</td><td>1,234</td><td>5</td><td>6</td><td>7</td><td>8</td></tr>`)
	opt := Options{Framework: fw, Dictionary: cnkiDictionary()}
	tab, rep, err := Read(strings.NewReader(page), "error4.xls", opt)
	if err != nil {
		t.Fatal(err)
	}
	want := "阜新市 2014: deposits_total_city=834.6368* deposits_districts=617.3771* savings_total_city=5.522274e+06 loans_total_city=6.994871e+06 code=210900 province=辽宁省\n" +
		"长春市 2014: deposits_total_city=0.01* deposits_districts=- savings_total_city=- loans_total_city=7 code=220100 province=吉林省\n" +
		"上海市 2014: deposits_total_city=0.1234* deposits_districts=0.0005* savings_total_city=6 loans_total_city=7 code=310000 province=上海市\n"
	if got := dump(tab); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
	f := rep.Files[0]
	if f.Format != FormatHTML || f.Layout != LayoutYearbook || f.Encoding != EncodingUTF8 {
		t.Errorf("file %+v", f)
	}
	ti := rep.Tables[0]
	if ti.Title != "年末金融机构存贷款余额" || ti.Year != 2014 || ti.Unit != "万元" || ti.HeaderRow != 3 || ti.HeaderRows != 3 || ti.Provinces != 1 || ti.Notes != 1 {
		t.Errorf("table %+v", ti)
	}
	// The grid: title (row 1), unit (2), header (3–5), data from row 6.
	if o := tab.Column("loans_total_city").Origin(0); o.String() != "error4.xls!E6" {
		t.Errorf("origin %s", o)
	}
	if len(rep.Bad) != 1 || rep.Bad[0].Origin.String() != "error4.xls!D8" || rep.Bad[0].Text != "x1" {
		t.Errorf("bad %+v", rep.Bad)
	}
	if len(rep.Unmatched) != 1 || rep.Unmatched[0].Col != "F" {
		t.Errorf("unmatched %+v", rep.Unmatched)
	}

	// Two pages of the same table, as CNKI hands them out, make one table.
	page2 := cnkiPage(`<tr><td>&nbsp;&nbsp;宁波市</td><td>133074057</td><td>91311400</td><td>47803126</td><td>136106069</td><td>89379874</td></tr>`)
	dir := writeFiles(t, map[string][]byte{"page1.xls": []byte(page), "page2.xls": []byte(page2)})
	tab, _, err = ReadPaths([]string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if units := tab.Units(); len(units) != 4 || units[3] != "宁波市" {
		t.Errorf("units %v", units)
	}
}

func TestReadHTMLEncodings(t *testing.T) {
	fw, err := parseFramework(cnkiFramework)
	if err != nil {
		t.Fatal(err)
	}
	page := strings.Replace(cnkiPage(`<tr><td>&nbsp;&nbsp;阜新市</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td></tr>`),
		`<meta http-equiv="Content-Type" content="text/html; charset=utf-8">`, "", 1)
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(page)
	if err != nil {
		t.Fatal(err)
	}
	declared := strings.Replace(page, "<head>", `<head><meta charset="gb2312">`, 1)
	declaredGBK, _ := simplifiedchinese.GBK.NewEncoder().String(declared)
	for _, tt := range []struct {
		name, data, enc string
	}{
		{"UTF-8 without a declaration", page, EncodingUTF8},
		{"GBK without a declaration", gbk, EncodingGB18030},
		{"GBK declared", declaredGBK, "GBK"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tab, rep, err := Read(strings.NewReader(tt.data), "p.xls", Options{Framework: fw, Dictionary: cnkiDictionary()})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Files[0].Encoding != tt.enc || tab.Units()[0] != "阜新市" {
				t.Errorf("encoding %q, units %v", rep.Files[0].Encoding, tab.Units())
			}
		})
	}
}

// TestReadHTMLPlain reads an HTML table that is no yearbook table as a wide
// table: its largest table, the first row the header.
func TestReadHTMLPlain(t *testing.T) {
	fw := framework(t)
	page := `<html><body><p>Some page</p>
<table><tr><td>menu</td></tr></table>
<table>
<tr><th>city</th><th>year</th><th>地区生产总值（万元）</th></tr>
<tr><td>A</td><td>2020</td><td>10000</td></tr>
<tr><td>B</td><td>2020</td><td>20000</td></tr>
</table></body></html>`
	tab, rep, err := Read(strings.NewReader(page), "t.html", Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	if got := dump(tab); got != "A 2020: gdp=1*\nB 2020: gdp=2*\n" {
		t.Errorf("table %q", got)
	}
	if rep.Files[0].Layout != LayoutWide || rep.Files[0].Format != FormatHTML {
		t.Errorf("file %+v", rep.Files[0])
	}
	// Spans are capped: a page that declares absurd ones is read.
	huge := `<table><tr><td colspan="100000" rowspan="100000">城市</td></tr></table>`
	if _, _, err := Read(strings.NewReader(huge), "h.html", Options{Framework: fw}); err == nil {
		t.Log("read") // either outcome is fine, as long as it returns
	}
}

func TestHTMLGrid(t *testing.T) {
	page := `<div>title</div><table>
<tr><td rowspan="2">a</td><td colspan="2">b</td></tr>
<tr><td>c</td><td>d<br>e</td></tr>
</table>source`
	data, _, err := decodeHTML([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	g, tables, err := htmlGrid(doc, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, r := range g.rows {
		rows = append(rows, strings.Join(r, "|"))
	}
	if got := strings.Join(rows, "/"); got != "title/a|b/|c|d\ne/source" {
		t.Errorf("rows %q", got)
	}
	if len(tables) != 1 || tables[0] != [2]int{1, 3} || len(g.merges) != 2 || g.merges[0] != (span{1, 0, 2, 0}) || g.merges[1] != (span{1, 1, 1, 2}) {
		t.Errorf("tables %v merges %v", tables, g.merges)
	}
}

func parseFramework(s string) (*indicators.Framework, error) {
	return indicators.Parse([]byte(s), "cnki.yaml")
}
