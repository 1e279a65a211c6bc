package importers

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// YearbookColumn is one column of one table of one edition of the China
// City Statistical Yearbook, mapped to the input id that holds it: a row of
// the yearbook dictionary (yearbook/columns.csv).
type YearbookColumn struct {
	Edition  int    // the yearbook's edition (2024); 0 for a synonym valid in any edition
	DataYear int    // the year its data describe (edition − 1)
	Table    string // table number in that edition (2-6); for people, never matched
	Title    string // Chinese title as printed, scope included: 对外经济贸易(全市); "" = any table
	Column   string // Chinese column name without its unit: 地区生产总值（当年价格）
	HeaderEn string
	Unit     string // unit printed in that edition; "" when it prints none
	Scope    string // 全市, 市辖区, or "" (county-level tables)
	Input    string // the input id: gdp_total_city
}

// Dictionary maps yearbook columns to input ids by table title, column name
// and scope, never by table number (numbers shift between editions). The
// zero value is empty; build one with NewDictionary or ReadDictionary.
type Dictionary struct {
	cols     []YearbookColumn
	byColumn map[string][]int // folded column name → entries
}

// NewDictionary returns a dictionary of cols. Titles and names are matched
// after folding (see indicators.Fold) and without a trailing scope bracket
// in titles.
func NewDictionary(cols []YearbookColumn) *Dictionary {
	d := &Dictionary{cols: slices.Clone(cols), byColumn: map[string][]int{}}
	for i, c := range d.cols {
		k := indicators.Fold(c.Column)
		if k == "" {
			k = "en:" + indicators.Fold(c.HeaderEn)
		}
		d.byColumn[k] = append(d.byColumn[k], i)
	}
	return d
}

// dictionaryHeader is the header of a dictionary CSV file, as
// yearbook/columns.csv has it.
var dictionaryHeader = []string{"edition", "data_year", "table", "table_title_zh", "column_zh", "header_en", "unit", "scope", "input_id"}

// ReadDictionary reads a dictionary in the CSV form of yearbook/columns.csv:
//
//	edition,data_year,table,table_title_zh,column_zh,header_en,unit,scope,input_id
//
// edition and data_year may be empty for synonyms valid in every edition.
// name is used in messages.
func ReadDictionary(r io.Reader, name string) (*Dictionary, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\uFEFF")
	}
	if !slices.Equal(head, dictionaryHeader) {
		return nil, fmt.Errorf("%s: header %q, want %q", name, strings.Join(head, ","), strings.Join(dictionaryHeader, ","))
	}
	var cols []YearbookColumn
	var errs []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		num := func(s string) int {
			if s == "" {
				return 0
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: %q is not a year", name, line, s))
			}
			return n
		}
		c := YearbookColumn{Edition: num(rec[0]), DataYear: num(rec[1]), Table: rec[2], Title: rec[3], Column: rec[4],
			HeaderEn: rec[5], Unit: rec[6], Scope: rec[7], Input: rec[8]}
		switch {
		case c.Input == "":
			errs = append(errs, fmt.Errorf("%s:%d: no input_id", name, line))
		case c.Column == "" && c.HeaderEn == "":
			errs = append(errs, fmt.Errorf("%s:%d: no column name", name, line))
		case c.Scope != "" && !slices.Contains(indicators.Scopes, c.Scope):
			errs = append(errs, fmt.Errorf("%s:%d: unknown scope %q", name, line, c.Scope))
		}
		cols = append(cols, c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return NewDictionary(cols), nil
}

// Columns returns the entries of the dictionary, in order.
func (d *Dictionary) Columns() []YearbookColumn { return slices.Clone(d.cols) }

// Inputs returns the distinct input ids, in order of first appearance.
func (d *Dictionary) Inputs() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range d.cols {
		if !seen[c.Input] {
			seen[c.Input] = true
			out = append(out, c.Input)
		}
	}
	return out
}

// dictMatch is the outcome of a dictionary lookup.
type dictMatch struct {
	col  *YearbookColumn // the entry matched (the latest edition's, when several agree)
	unit string          // the unit the matching editions print, "" when none or when they disagree
	// note explains a miss: "scope 市辖区, but the dictionary has 常住人口 only for 全市".
	note dataset.Text
}

// Lookup returns the entry of the column named column (Chinese, without
// its unit) with scope scope in the table titled title. See lookup.
func (d *Dictionary) Lookup(title, column, scope string) (YearbookColumn, bool) {
	m := d.lookup(title, column, "", scope)
	if m.col == nil {
		return YearbookColumn{}, false
	}
	return *m.col, true
}

// lookup matches a column: entries whose folded name is column's (or, when
// column is empty, whose English header is en), preferring those of the
// table titled title (compared with and without a trailing scope bracket)
// and, for a table the dictionary does not know, any title. The scope
// must agree when both are given; a column with no scope takes the entries'
// scope when they agree on one input. Entries must agree on the input id,
// else there is no match.
func (d *Dictionary) lookup(title, column, en, scope string) dictMatch {
	if d == nil {
		return dictMatch{}
	}
	key := indicators.Fold(column)
	if key == "" {
		key = "en:" + indicators.Fold(en)
	}
	idx := d.byColumn[key]
	if len(idx) == 0 {
		return dictMatch{}
	}
	// Entries of this table, else of any table (synonyms have no title);
	// the first group with entries of the column's scope wins.
	var ofTitle []int
	if title != "" {
		ft, fs := foldTitle(title)
		for _, i := range idx {
			ct, cs := foldTitle(d.cols[i].Title)
			if ct == ft && (fs == "" || cs == "" || cs == fs) {
				ofTitle = append(ofTitle, i)
			}
		}
	}
	var cands []int
	var have []string
	for _, group := range [][]int{ofTitle, idx} {
		for _, i := range group {
			if scope == "" || d.cols[i].Scope == scope {
				cands = append(cands, i)
			} else if !slices.Contains(have, d.cols[i].Scope) {
				have = append(have, d.cols[i].Scope)
			}
		}
		if len(cands) > 0 {
			break
		}
	}
	if len(cands) == 0 {
		note := dataset.Text{En: fmt.Sprintf("scope %s, but the yearbook dictionary has %s only", scope, column),
			Zh: fmt.Sprintf("口径为%s，但年鉴词典中的%s", scope, column)}
		if slices.Contains(have, "") {
			note.En += " without a scope"
			note.Zh += "只有不分口径的数据"
		} else {
			note.En += " for " + strings.Join(have, ", ")
			note.Zh += "只有" + strings.Join(have, "、") + "口径"
		}
		return dictMatch{note: note}
	}
	var inputs []string
	for _, i := range cands {
		if !slices.Contains(inputs, d.cols[i].Input) {
			inputs = append(inputs, d.cols[i].Input)
		}
	}
	if len(inputs) > 1 {
		return dictMatch{note: dataset.Text{En: fmt.Sprintf("the yearbook dictionary has %s for %s; name the scope", column, strings.Join(inputs, ", ")),
			Zh: fmt.Sprintf("年鉴词典中的%s对应 %s；请写明口径", column, strings.Join(inputs, ", "))}}
	}
	// The latest edition's entry; the unit only when every edition agrees.
	best := cands[0]
	units := map[string]bool{}
	for _, i := range cands {
		if d.cols[i].Edition > d.cols[best].Edition {
			best = i
		}
		units[canonUnit(d.cols[i].Unit)] = true
	}
	m := dictMatch{col: &d.cols[best]}
	if len(units) == 1 {
		m.unit = d.cols[best].Unit
	}
	return m
}

// foldTitle folds a table title and splits off a trailing scope bracket:
// "对外经济贸易(全市)" → "对外经济贸易", "全市".
func foldTitle(t string) (title, scope string) {
	f := indicators.Fold(t)
	if name, inner, ok := splitBracket(width.Fold.String(f)); ok {
		if slices.Contains(indicators.Scopes, inner) {
			return name, inner
		}
	}
	return f, ""
}
