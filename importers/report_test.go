package importers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/cityscore/cityscore/dataset"
)

func TestReportIssues(t *testing.T) {
	fw := framework(t)
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String("城市,地区生产总值（万元）,省份\n北京,10000,京\n天津,-,津\n")
	_, rep1, err := ReadCSV(strings.NewReader(gbk), "a.csv", Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	xlsx := workbook(t, sheetSpec{name: "2019", rows: [][]any{{"city", "gdp"}, {"A", 1}}}, sheetSpec{name: "notes"})
	_, rep2, err := ReadWorkbook(bytes.NewReader(xlsx), "b.xlsx", Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	rep := &Report{}
	rep.Merge(rep1)
	rep.Merge(rep2)
	if len(rep.Files) != 2 || rep.Rows() != 3 || len(rep.Matched) != 2 || strings.Join(rep.Paths(), " ") != "a.csv b.xlsx" {
		t.Fatalf("merged report %+v", rep)
	}
	want := []dataset.Issue{
		{Kind: dataset.IssueEncoding, Origin: dataset.Origin{File: "a.csv"}, Msg: "decoded as GB18030", MsgZh: "按 GB18030 编码读取"},
		{Kind: dataset.IssueSkippedSheet, Origin: dataset.Origin{File: "b.xlsx", Sheet: "notes"}, Msg: "no year in the sheet name", MsgZh: "工作表名称中没有年份"},
		{Kind: dataset.IssueUnmatchedColumn, Origin: dataset.Origin{File: "a.csv", Row: 1, Col: 3}, Text: "省份", Msg: `kept as label "省份"`, MsgZh: "作为标签列保留：省份"},
		{Kind: dataset.IssueConverted, Variable: "gdp", Origin: dataset.Origin{File: "a.csv", Row: 1, Col: 2}, Text: "地区生产总值（万元）", Msg: "万元 → 亿元 (×0.0001)", MsgZh: "万元 → 亿元 (×0.0001)"},
		{Kind: dataset.IssueNoData, Unit: "天津", Origin: dataset.Origin{File: "a.csv", Row: 3, Col: 1}, Msg: "every matched value is missing", MsgZh: "所有匹配的值均缺失"},
	}
	got := rep.Issues()
	if len(got) != len(want) {
		t.Fatalf("issues:\n%v\nwant:\n%v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("issue %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestReportPrint(t *testing.T) {
	fw := framework(t)
	_, rep, err := ReadCSV(strings.NewReader("城市,年份,地区生产总值（万元）,gdp_pc,省份\n北京,2019,10000,5,京\n天津,2019,,,津\n"), "a.csv", Options{Framework: fw})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := rep.Print(&b); err != nil {
		t.Fatal(err)
	}
	want := `1 file, 2 rows: 2 columns matched (1 converted), 1 unmatched; 1 row with no data
a.csv: csv (UTF-8), wide, 2 rows
  matched (2): C 地区生产总值（万元） → gdp; D gdp_pc
  converted (1): C 地区生产总值（万元）: 万元 → 亿元 ×0.0001
  unmatched (1): E 省份
  no data (1): 天津 2019 (row 3)
`
	if b.String() != want {
		t.Errorf("Print:\n%s\nwant:\n%s", b.String(), want)
	}
}

// A file read by path carries the SHA-256 of the bytes read, for the
// manifest, through ReadPaths as through ReadFile.
func TestReadFileDigest(t *testing.T) {
	dir := t.TempDir()
	data := []byte("城市,gdp\n北京市,1\n上海市,2\n")
	path := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	want := hex.EncodeToString(sum[:])
	opt := Options{Framework: framework(t)}
	_, rep, err := ReadFile(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Files[0]; f.SHA256 != want || f.Bytes != int64(len(data)) {
		t.Errorf("ReadFile: %s, %d bytes; want %s, %d", f.SHA256, f.Bytes, want, len(data))
	}
	_, rep, err = ReadPaths([]string{dir}, opt)
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Files[0]; f.SHA256 != want || f.Bytes != int64(len(data)) {
		t.Errorf("ReadPaths: %s, %d bytes; want %s, %d", f.SHA256, f.Bytes, want, len(data))
	}
	_, rep, err = ReadCSV(bytes.NewReader(data), "a.csv", opt)
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Files[0]; f.SHA256 != "" {
		t.Errorf("ReadCSV: digest %s of a reader", f.SHA256)
	}
}
