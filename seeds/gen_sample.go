//go:build ignore

// gen_sample regenerates sample/city-panel-2004-2012.csv, the sample panel shipped with the built-in
// framework, from the upstream workbook "1999-2018 Cities data.xlsx" (sheet "new") of
// github.com/jcdasheng/China_City_sustainability (MIT; see sample/NOTICE.md).
//
// Usage, from the seeds directory:
//
//	go run gen_sample.go [-o sample/city-panel-2004-2012.csv] path/to/1999-2018 Cities data.xlsx
//
// The workbook is `1999-2018 Cities data.xlsx` of the repository named in sample/NOTICE.md; give its
// path (required).
//
// Every source column is listed in the columns table below: it is either renamed to
// `<input or indicator id>（<unit as in the source>）` or dropped, with the reason. A column that is
// not in the table, or a table entry missing from the workbook, is an error, so a changed workbook
// cannot slip through.
//
// Rows are written in source order, all of them (the workbook's autofilter hides 194 rows; hidden
// rows are kept). The city cell is copied as it is. Numeric cells are read unformatted and written
// as the shortest decimal that parses back to the identical float64 (strconv 'f', -1): the workbook
// stores binary expansions such as 294.97000000000003 for the value Excel shows as 294.97; no digit
// of the stored number is rounded away. A non-numeric cell in a numeric column is an error; an empty
// cell stays empty. Duplicate (city, year) pairs are reported and nothing is written.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

const (
	defaultOut = "sample/city-panel-2004-2012.csv"
	sheet      = "new"
	wantRows   = 1989
)

// column maps one source header to its output header; out == "" drops the column.
type column struct {
	src  string // header in the workbook, exactly
	out  string // header in the CSV: id（unit as in the source）, or "" to drop
	text bool   // copy the cell text as it is (the unit column); otherwise numeric
	why  string // reason for dropping, or a remark on the mapping
}

// columns is the whole mapping, in source order.
var columns = []column{
	{src: "城市", out: "城市", text: true},
	{src: "年份", out: "年份"},
	{src: "地区生产总值_当年价格_全市_万元", out: "gdp_total_city（万元）", why: "importer converts 万元 to the framework's 亿元"},
	{src: "规模以上工业总产值_全市_万元", out: "industrial_output_above_size_total_city（万元）"},
	{src: "社会消费品零售额_全市_万元", out: "retail_sales_consumer_goods_total_city（万元）"},
	{src: "外商实际投资额_全市_万美元", out: "fdi_actual_usd_total_city（万美元）"},
	{src: "第三产业占GDP的比重_全市_百分比", out: "tertiary_share_gdp_total_city（%）"},
	{src: "财政收入 市 占GDP比重", why: "revenue/GDP ratio (not %); no framework indicator uses it (fiscal_self_sufficiency is revenue/expenditure)"},
	{src: "年末总人口_全市_万人", out: "resident_pop_total_city（万人）", why: "registered (户籍) year-end population, used as a proxy for the resident population in the sample only"},
	{src: "医院、卫生院数_全市_个", out: "hospitals_total_city（个）", why: "hospitals and township health centres"},
	{src: "医院、卫生院床位数_全市_张", out: "hospital_beds_total_city（张）", why: "beds of hospitals and township health centres"},
	{src: "每千人拥有卫生技术人员数 市", out: "health_workers_per_1k（人/千人）"},
	{src: "普通中小学在校学生数_市_人", why: "primary and secondary pupils together; no framework input or indicator matches"},
	{src: "工业二氧化硫排放量_全市_吨", out: "industrial_so2_emission_total_city（吨）"},
	{src: "工业氮氧化物排放量_全市_吨", out: "industrial_nox_emission_total_city（吨）"},
	{src: "生活垃圾无害化处理率_全市_百分比", out: "garbage_harmless_rate_total_city（%）"},
	{src: "人均公共绿化面积_市辖区_平方米", why: "holds total areas (thousands of ㎡) under a per-capita header"},
	{src: "绿化覆盖率_市辖区_百分比%", out: "green_coverage_built_up（%）"},
	{src: "公厕数量", why: "implausibly large values; no framework indicator uses it"},
	{src: "Score", why: "the upstream author's own computed score, not a statistic"},
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen_sample: ")
	out := flag.String("o", defaultOut, "output CSV")
	flag.Parse()
	if flag.NArg() != 1 {
		log.Fatal("usage: go run gen_sample.go [-o out.csv] workbook.xlsx")
	}
	path := flag.Arg(0)

	raw, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{RawCellValue: true})
	if err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	if len(rows) == 0 {
		log.Fatalf("%s: sheet %s is empty", path, sheet)
	}

	// The header must be exactly the table's source headers, in order.
	header := rows[0]
	for len(header) > 0 && header[len(header)-1] == "" {
		header = header[:len(header)-1]
	}
	if len(header) != len(columns) {
		log.Fatalf("%s: sheet %s has %d columns, the mapping table %d", path, sheet, len(header), len(columns))
	}
	for j, c := range columns {
		if header[j] != c.src {
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			log.Fatalf("%s: %s!%s is %q, the mapping table expects %q", path, sheet, cell, header[j], c.src)
		}
	}

	var outHeader []string
	for _, c := range columns {
		if c.out != "" {
			outHeader = append(outHeader, c.out)
		}
	}
	records := [][]string{outHeader}
	type key struct{ city, year string }
	seen := map[key]int{} // first sheet row of each (city, year)
	var dups []string
	var bad []string
	for i, row := range rows[1:] {
		r := i + 2 // sheet row number
		for len(row) < len(columns) {
			row = append(row, "") // GetRows drops trailing empty cells
		}
		for j := len(columns); j < len(row); j++ {
			if strings.TrimSpace(row[j]) != "" {
				cell, _ := excelize.CoordinatesToCellName(j+1, r)
				bad = append(bad, fmt.Sprintf("%s!%s: %q lies outside the mapped columns", sheet, cell, row[j]))
			}
		}
		var rec []string
		for j, c := range columns {
			if c.out == "" {
				continue
			}
			v := row[j]
			if !c.text && strings.TrimSpace(v) != "" {
				x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					cell, _ := excelize.CoordinatesToCellName(j+1, r)
					bad = append(bad, fmt.Sprintf("%s!%s (%s): %q is not a number", sheet, cell, c.src, v))
					continue
				}
				v = strconv.FormatFloat(x, 'f', -1, 64)
			}
			rec = append(rec, v)
		}
		k := key{row[0], row[1]}
		if first, ok := seen[k]; ok {
			dups = append(dups, fmt.Sprintf("%s %s: sheet rows %d and %d", k.city, k.year, first, r))
		} else {
			seen[k] = r
		}
		records = append(records, rec)
	}
	for _, b := range bad {
		log.Print(b)
	}
	for _, d := range dups {
		log.Print("duplicate (city, year): ", d)
	}
	if len(bad) > 0 || len(dups) > 0 {
		log.Fatalf("%d non-numeric cells, %d duplicate (city, year) pairs; nothing written", len(bad), len(dups))
	}
	if n := len(records) - 1; n != wantRows {
		log.Printf("warning: %d data rows, expected %d", n, wantRows)
	}

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(records); err != nil {
		log.Fatal(err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".gen_sample-*.csv")
	if err != nil {
		log.Fatal(err)
	}
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		log.Fatal(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		log.Fatal(err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		log.Fatal(err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		os.Remove(tmp.Name())
		log.Fatal(err)
	}
	log.Printf("%s: %d rows × %d columns from %s (sha256 %x)", *out, len(records)-1, len(outHeader), filepath.Base(path), sha256.Sum256(raw))
}
