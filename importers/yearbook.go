package importers

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/width"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// A yearbook table, as the China City Statistical Yearbook publishes it
// (and CNKI exports it), is read from the cells themselves:
//
//	(banner)     中国2020年地级以上城市数据            → the data year
//	(title)      2-6地区生产总值 / Gross Regional Product → table title, scope (全市) or unit (万元) in brackets
//	(unit row)   单位：万元 / (10 000 yuan)             → the unit of every column without its own
//	(header)     城 市 | City | 地区生产总值（亿元） Gross … (merged over 全市 | 市辖区)
//	             …    |      | 全市 Total City | 市辖区 Districts under City
//	(data)       北京市 | Beijing | 43761 | 43761
//	             河北省 | Hebei   |       |            → a province heading: skipped
//	               石家庄市 | …
//
// The header row is the first with 城市 (or 地区, City) in its first
// columns; the header block runs to the last row that cell's merge covers,
// then over rows with an empty first column. Every column's header cells,
// merged ones included, form its path: the deepest Chinese text names the
// column, 全市/市辖区 in the path is its scope, a unit in brackets its unit.
// Rows are never located by number and tables never matched by their
// number.

// yearbookPlaceHeaders are the folded texts of a yearbook's name column.
var yearbookPlaceHeaders = []string{"城市", "city", "地区", "地区名称", "城市名称", "region", "城市名", "市名"}

var (
	// tableTitleRE matches a numbered title: "2-6地区生产总值", "3-1 人口状况（人）".
	tableTitleRE = regexp.MustCompile(`^(\d{1,2})\s*[-－—–]\s*(\d{1,3})\s*(.*)$`)
	// bannerRE matches a banner or CNKI title naming the data year:
	// "中国2020年地级以上城市数据", "中国2014年地级以上城市…统计(二)".
	bannerRE = regexp.MustCompile(`^中国\s*((?:19|20)\d\d)\s*年(.*)$`)
	// editionRE finds an edition in a file or folder name.
	editionRE = regexp.MustCompile(`(?:年鉴|yearbook)[\s_\-]*((?:19|20)\d\d)|((?:19|20)\d\d)\s*年版|^((?:19|20)\d\d)(?:$|[\s_\-])`)
	// cnkiPrefixes and cnkiSuffixRE frame the table's name in a CNKI title:
	// 中国2014年地级以上城市…统计(二).
	cnkiPrefixes = []string{"地级以上城市", "地级及以上城市", "县级市", "县级城市", "城市"}
	cnkiSuffixRE = regexp.MustCompile(`(?:统计)?\s*[(（][一二三四五六七八九十]+[)）]$|统计$`)
)

// notePrefixes start the text of a note or source row, which is skipped.
var notePrefixes = []string{"注", "资料来源", "数据来源", "摘编", "说明", "note", "source"}

// aggregateNames are rows of totals, skipped like province headings.
var aggregateNames = []string{"全国", "全国总计", "全国合计", "总计", "合计", "全省", "全区", "东部地区", "中部地区", "西部地区",
	"东北地区", "东部", "中部", "西部", "东北", "地级以上城市", "地级及以上城市", "县级市", "全国县级市"}

// detectYearbook reports whether the rows (the first of a sheet) are a
// yearbook table, and the index of its header row: a row with a place
// header (城市, City) in one of its first three columns that has a title,
// banner or unit row above it, a bilingual City column beside it, or
// 全市/市辖区 sub-headers below it.
func detectYearbook(rows [][]string) (int, bool) {
	seenAbove := false
	for r, row := range rows {
		for c := 0; c < min(3, len(row)); c++ {
			if !slices.Contains(yearbookPlaceHeaders, indicators.Fold(row[c])) {
				continue
			}
			bilingual := c+1 < len(row) && indicators.Fold(row[c+1]) == "city"
			scoped := false
			for rr := r + 1; rr < min(len(rows), r+4); rr++ {
				for _, cell := range rows[rr] {
					if _, ok := scopeOf(cell); ok {
						scoped = true
					}
				}
			}
			return r, seenAbove || bilingual || scoped
		}
		for _, cell := range row {
			t := norm(cell)
			if t == "" {
				continue
			}
			if tableTitleRE.MatchString(t) || bannerRE.MatchString(t) || isUnitRow(t) {
				seenAbove = true
			}
		}
	}
	return 0, false
}

// scopeOf reads a scope sub-header: 全市 Total City, 市辖区 Districts under
// City (or only one language).
func scopeOf(cell string) (string, bool) {
	zh, en := splitZhEn(cell)
	if zh != "" {
		z := indicators.Fold(zh)
		if slices.Contains(indicators.Scopes, z) {
			return z, true
		}
		return "", false
	}
	switch indicators.Fold(en) {
	case "totalcity", "wholecity":
		return "全市", true
	case "districtsundercity", "citydistricts", "urbandistricts", "districtsunderthecity":
		return "市辖区", true
	case "urbanarea", "cityproper":
		return "城区", true
	}
	return "", false
}

// isUnitRow reports whether t is a unit row: 单位：万元.
func isUnitRow(t string) bool {
	_, ok := unitRowUnit(t)
	return ok
}

// unitRowUnit reads the unit of a unit row: "单位：万人 (10 000 persons)" →
// 万人, "单位：平方公里(sq.km)" → 平方公里.
func unitRowUnit(t string) (string, bool) {
	f := strings.TrimSpace(width.Fold.String(norm(t)))
	rest, ok := strings.CutPrefix(f, "单位")
	if !ok {
		rest, ok = strings.CutPrefix(f, "计量单位")
	}
	if !ok {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if rest, ok = strings.CutPrefix(rest, ":"); !ok {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	if i := strings.IndexAny(rest, " "); i >= 0 {
		rest = rest[:i]
	}
	// Cut an English unit in brackets: 万元(10000yuan).
	if i := strings.Index(rest, "("); i > 0 {
		if strings.IndexFunc(rest[i:], func(r rune) bool {
			return r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) >= 0 {
			rest = rest[:i]
		}
	}
	return rest, rest != ""
}

// ybTitle is what the rows above the header say.
type ybTitle struct {
	number, title, titleEn string // "2-6", 地区生产总值 (Chinese, brackets kept), English
	scope, unit            string // from the title's brackets, or the unit row
	banner                 string
	year                   int // from the banner; 0 = none
}

// parseTitle reads the title block: rows [0, hdr).
func parseTitle(g *grid, hdr int) ybTitle {
	var t ybTitle
	var fallback string
	for r := 0; r < hdr; r++ {
		for _, cell := range g.rows[r] {
			s := norm(cell)
			if s == "" {
				continue
			}
			zh, en := splitZhEn(s)
			if u, ok := unitRowUnit(s); ok {
				if t.unit == "" {
					t.unit = u
				}
				continue
			}
			if m := bannerRE.FindStringSubmatch(zh); m != nil {
				t.year, _ = strconv.Atoi(m[1])
				t.banner = s
				if fallback == "" {
					fallback = cnkiTitle(m[2])
				}
				continue
			}
			if m := tableTitleRE.FindStringSubmatch(s); m != nil && t.number == "" {
				rest := m[3]
				if strings.Contains(rest, "续表") {
					continue
				}
				rzh, ren := splitZhEn(rest)
				if rzh == "" {
					continue
				}
				t.number = m[1] + "-" + m[2]
				t.title, t.titleEn = rzh, ren
				continue
			}
			if zh == "" {
				if t.titleEn == "" && t.number != "" && en != "" && !strings.HasPrefix(en, "(") {
					t.titleEn = en
				}
				continue
			}
			// A section heading "(一)人口、劳动力…", a note, or an
			// unnumbered Chinese title.
			if strings.HasPrefix(zh, "(") || strings.HasPrefix(zh, "（") || hasNotePrefix(zh) {
				continue
			}
			if fallback == "" {
				fallback = zh
			}
		}
	}
	if t.title == "" {
		t.title = fallback
	}
	// Brackets at the end of the title: a scope (全市) or a unit (万元).
	for range 2 {
		name, inner, ok := splitBracket(width.Fold.String(t.title))
		if !ok {
			break
		}
		scope, unit, ok := parseBracket(inner)
		if !ok || (unit != "" && !knownUnit(unit)) {
			break
		}
		if scope != "" {
			t.scope = scope
		}
		if unit != "" {
			if t.unit == "" {
				t.unit = unit
			}
			t.title = name // the unit is not part of the title
			continue
		}
		break // keep the scope in the title: the dictionary's titles have it
	}
	return t
}

// cnkiTitle takes the table's name out of a CNKI title's frame:
// "地级以上城市年末金融机构存贷款余额统计(二)" → 年末金融机构存贷款余额.
func cnkiTitle(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range cnkiPrefixes {
		if r, ok := strings.CutPrefix(s, p); ok {
			s = r
			break
		}
	}
	s = strings.TrimSpace(cnkiSuffixRE.ReplaceAllString(s, ""))
	if s == "数据" {
		return ""
	}
	return s
}

func hasNotePrefix(s string) bool {
	f := strings.ToLower(strings.TrimSpace(width.Fold.String(s)))
	for _, p := range notePrefixes {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

// editionYear finds the yearbook edition in a file's path (its name, then
// up to three parent folders): 中国城市统计年鉴2024, 2024年版, or a name that
// starts with the year (2024_2-1_人口数.xlsx, folder 2024).
func editionYear(path string) (int, string) {
	p := filepath.Clean(path)
	for range 4 {
		base := filepath.Base(p)
		if m := editionRE.FindStringSubmatch(base); m != nil {
			for _, s := range m[1:] {
				if y, err := strconv.Atoi(s); err == nil {
					return y, base
				}
			}
		}
		parent := filepath.Dir(p)
		if parent == p {
			break
		}
		p = parent
	}
	return 0, ""
}

// ybColumn is a value column of a yearbook table.
type ybColumn struct {
	col    int
	header string // the path's texts joined by " / ", for messages and the report
	name   string // Chinese name without unit (English when no Chinese)
	en     string
	scope  string
	unit   string // stated in the header
	// Filled when matched:
	target *dataset.Column
	conv   conversion
	source string // the unit the values are in
}

// readYearbook reads a yearbook table from g, whose header row is hdr,
// into f.
func (f *fileReader) readYearbook(g *grid, hdr, sheetYear int) error {
	if err := g.index(f.name, f.lim); err != nil {
		return err
	}
	f.headers++
	t := parseTitle(g, hdr)
	info := TableInfo{File: f.name, Sheet: g.sheet, Number: t.number, Title: t.title, TitleEn: t.titleEn,
		Scope: t.scope, Unit: t.unit, HeaderRow: hdr + 1}
	if err := f.yearbookYear(t, sheetYear, &info); err != nil {
		return err
	}

	// Name columns (城市, City) and the end of the header block.
	nameCols := []int{}
	for c := 0; c < min(3, len(g.rows[hdr])); c++ {
		if slices.Contains(yearbookPlaceHeaders, indicators.Fold(g.rows[hdr][c])) {
			nameCols = append(nameCols, c)
		}
	}
	c0 := nameCols[0]
	first := nameCols[len(nameCols)-1] + 1 // first value column
	end := headerEnd(g, hdr, c0, first)
	info.HeaderRows = end - hdr + 1
	info.FirstDataRow = end + 2

	if f.cnCity() {
		if skip, ok := countyTable(g, end, c0, first, t, info); ok {
			f.rep.SkippedTables = append(f.rep.SkippedTables, skip)
			return nil
		}
	}
	cols := f.yearbookColumns(g, hdr, end, first, t, &info)

	// Data rows: headings and notes are counted, cities resolved, values
	// read.
	province := ""
	seen := map[dataset.UnitID]int{}
	for r := end + 1; r < len(g.rows); r++ {
		if f.tooManyErrors() {
			return f.stopped(g.sheet)
		}
		kind, name, next := yearbookRow(g, r, c0, first)
		switch kind {
		case ybEmpty:
			for _, c := range cols {
				if trimCell(g.raw(r, c.col)) != "" {
					f.errs = append(f.errs, &CellError{File: f.name, Sheet: g.sheet, Row: r + 1, Col: c0 + 1, Header: "城市", Err: ErrNoUnit})
					break
				}
			}
			continue
		case ybRepeat:
			r = next
			info.Repeats++
			continue
		case ybNote:
			info.Notes++
			continue
		case ybAggregate:
			info.Aggregates++
			continue
		case ybProvince:
			province = name
			info.Provinces++
			continue
		}
		f.dataRows++
		row, unit, ok := f.yearbookCity(g, r, c0, name, &province, seen, &info)
		if !ok {
			continue
		}
		if err := f.checkCells(g.sheet, r+1); err != nil {
			return err
		}
		if present := f.yearbookValues(g, r, row, unit, cols, &info); len(cols) > 0 && !present {
			f.rep.NoData = append(f.rep.NoData, NoData{File: f.name, Sheet: g.sheet, Row: r + 1, Unit: unit, Year: info.Year})
		}
	}
	f.rep.Tables = append(f.rep.Tables, info)
	return nil
}

// yearbookYear sets the data year of a table: its banner, else the sheet's
// name, --year, or the edition in the path (whose data describe the year
// before).
func (f *fileReader) yearbookYear(t ybTitle, sheetYear int, info *TableInfo) error {
	switch {
	case t.year != 0:
		info.Year, info.YearFrom = t.year, "banner "+t.banner
		if f.opt.Year != 0 && f.opt.Year != t.year {
			info.YearFrom += fmt.Sprintf("; --year %d not applied", f.opt.Year)
		}
	case sheetYear != 0:
		info.Year, info.YearFrom = sheetYear, "sheet name"
	case f.opt.Year != 0:
		info.Year, info.YearFrom = f.opt.Year, "--year"
	default:
		if ed, where := editionYear(f.name); ed != 0 {
			info.Year = ed - 1
			info.YearFrom = fmt.Sprintf("edition %d in the path (%s)", ed, where)
		}
	}
	if info.Year == 0 {
		return fmt.Errorf("%s: %w: the table has no banner such as 中国2020年地级以上城市数据 and its path names no edition; give the data year (--year)", f.name, ErrNoYear)
	}
	return nil
}

// yearbookCity resolves the city of data row r (name as printed in column
// c0) and adds its row to the table. A province heading updates *province;
// a city listed under another province, an unknown city or a city given
// twice is reported. ok is false when the row adds no city.
func (f *fileReader) yearbookCity(g *grid, r, c0 int, name string, province *string, seen map[dataset.UnitID]int, info *TableInfo) (row int, unit dataset.UnitID, ok bool) {
	m := f.matchCity(cities.Clean(name), info.Year)
	switch {
	case m.province:
		*province = m.city.Name
		info.Provinces++
		return 0, "", false
	case m.err != nil:
		f.errs = append(f.errs, &CellError{File: f.name, Sheet: g.sheet, Row: r + 1, Col: c0 + 1, Header: "城市", Text: name, Err: m.err})
		return 0, "", false
	}
	city, unit := m.city, m.unit
	f.cityNote(g.sheet, r+1, c0+1, name, info.Year, m)
	if city.Code != "" && *province != "" && city.Level != cities.Municipality && city.Province != *province {
		f.rep.Units = append(f.rep.Units, UnitNote{File: f.name, Sheet: g.sheet, Row: r + 1, Col: c0 + 1, Text: name, Unit: unit,
			Code: city.Code, Year: info.Year, Note: fmt.Sprintf("listed under %s, but %s %s is in %s", *province, city.Code, city.Name, city.Province),
			NoteZh: fmt.Sprintf("列在%s之下，但 %s %s 属于%s", *province, city.Code, city.Name, city.Province)})
	}
	if firstRow, dup := seen[unit]; dup {
		f.errs = append(f.errs, &CellError{File: f.name, Sheet: g.sheet, Row: r + 1, Col: c0 + 1, Header: "城市", Text: name,
			Err: errorf(ErrDuplicate, "%s appears twice (first at %s)", unit, place{g.sheet, firstRow, c0 + 1})})
		return 0, "", false
	}
	seen[unit] = r + 1
	row, _ = f.t.AddRow(dataset.Key{Unit: unit, Year: info.Year})
	f.setCityLabels(row, city)
	info.Cities++
	return row, unit, true
}

// yearbookValues reads the value cells of data row r into table row row:
// numbers (a percentage, or a cell formatted as one, in %, converted to the
// column's unit), missing markers, and cells that are not numbers (kept
// missing and reported), a formula without a stored value and a number
// formatted as a date (kept missing and reported). present reports whether
// any value was read.
func (f *fileReader) yearbookValues(g *grid, r, row int, unit dataset.UnitID, cols []*ybColumn, info *TableInfo) (present bool) {
	for _, c := range cols {
		text := g.raw(r, c.col)
		o := dataset.Origin{File: f.name, Sheet: g.sheet, Row: r + 1, Col: c.col + 1}
		m := g.mark(r, c.col)
		if m.mark == markNoValue {
			c.target.Set(row, math.NaN(), dataset.Missing, o)
			info.Missing++
			f.addNote(formulaNote(m.detail), o, unit, info.Year, c.target.ID)
			continue
		}
		cv, err := parseValue(text)
		if err == nil && !cv.missing && !cv.percent {
			switch m.mark {
			case markDate:
				c.target.Set(row, math.NaN(), dataset.Invalid, o)
				info.Bad++
				f.addNote(dateNote(text, m.detail), o, unit, info.Year, c.target.ID)
				continue
			case markPercent:
				cv = percentOf(text, cv)
			}
		}
		switch {
		case err != nil:
			c.target.Set(row, math.NaN(), dataset.Invalid, o)
			info.Bad++
			f.addBad(BadCell{Origin: o, Text: text, Unit: unit, Year: info.Year, Variable: c.target.ID})
		case cv.missing:
			c.target.Set(row, math.NaN(), dataset.Missing, o)
			info.Missing++
		default:
			conv := c.conv
			if cv.percent && c.source != "" && canonUnit(c.source) != "%" {
				pc, err := convertUnit("%", c.target.Unit)
				if err != nil {
					c.target.Set(row, math.NaN(), dataset.Invalid, o)
					info.Bad++
					f.addBad(BadCell{Origin: o, Text: text, Unit: unit, Year: info.Year, Variable: c.target.ID,
						Note: "percentage in a column in " + c.source, NoteZh: "以百分数填写，但该列的单位为" + c.source})
					continue
				}
				conv = pc
			}
			v, flag := cv.v, dataset.Flag(0)
			if !conv.identity() {
				v, flag = conv.apply(v), dataset.Converted
			}
			c.target.Set(row, v, flag, o)
			info.Values++
			present = true
		}
	}
	return present
}

// ybRowKind is what a row below a yearbook table's header holds.
type ybRowKind int

const (
	ybCity      ybRowKind = iota // a name to resolve
	ybEmpty                      // no name
	ybRepeat                     // a header repeated on a new page
	ybNote                       // a continuation title, a note or a source
	ybAggregate                  // a row of totals (全国, 合计)
	ybProvince                   // a province heading (河北省)
)

// yearbookRow classifies row r of a yearbook table whose names are in
// column c0 and values start at column first. name is the name cell
// trimmed (the province's name for a heading); next is the last row of a
// repeated header block.
func yearbookRow(g *grid, r, c0, first int) (kind ybRowKind, name string, next int) {
	name = trimCell(g.raw(r, c0))
	clean := cities.Clean(name)
	switch {
	case name == "":
		return ybEmpty, "", r
	case slices.Contains(yearbookPlaceHeaders, indicators.Fold(name)):
		return ybRepeat, name, headerEnd(g, r, c0, first)
	case tableTitleRE.MatchString(norm(name)) || hasNotePrefix(name) || bannerRE.MatchString(norm(name)):
		return ybNote, name, r
	case slices.Contains(aggregateNames, clean):
		return ybAggregate, name, r
	}
	if p, ok := cities.ProvinceOf(clean); ok {
		return ybProvince, p.Name, r
	}
	return ybCity, name, r
}

// countyTable reports whether a yearbook table is one of county-level
// cities (section 3 of the yearbook: 3-1 人口状况, 3-3 地区生产总值), which a
// framework of prefecture-level cities does not read, and describes it.
// The rows decide: more of them name county-level cities than
// prefecture-level ones (or, when no row names a prefecture-level city, a
// banner or title says 县级市). The table's number is not looked at: the
// numbers shift between editions.
func countyTable(g *grid, end, c0, first int, t ybTitle, info TableInfo) (SkippedTable, bool) {
	rows, county, prefecture := 0, 0, 0
	for r := end + 1; r < len(g.rows); r++ {
		kind, name, next := yearbookRow(g, r, c0, first)
		if kind == ybRepeat {
			r = next
		}
		if kind != ybCity {
			continue
		}
		rows++
		c, _, err := cities.Resolve(cities.Clean(name), info.Year)
		switch {
		case err != nil:
		case c.Level == cities.County:
			county++
		case isPrefecture(c):
			prefecture++
		}
	}
	var said string // a banner or title that says the table is of county-level cities
	for _, s := range []string{t.banner, t.title} {
		if strings.Contains(s, "县级") {
			said = s
			break
		}
	}
	if county == 0 || county <= prefecture {
		if said == "" || prefecture > 0 {
			return SkippedTable{}, false
		}
	}
	reason := fmt.Sprintf("a table of county-level cities (%d of %d rows", county, rows)
	reasonZh := fmt.Sprintf("县级市的表（%d 行中有 %d 行为县级市", rows, county)
	if said != "" {
		reason += "; " + said
		reasonZh += "；" + said
	}
	reason += "), not of prefecture-level ones (units: cn-city)"
	reasonZh += "），不是地级及以上城市的表（units: cn-city）"
	return SkippedTable{File: info.File, Sheet: info.Sheet, Number: info.Number, Title: info.Title, Year: info.Year,
		Reason: reason, ReasonZh: reasonZh, Rows: rows}, true
}

// headerEnd returns the last row of the header block that starts at hdr:
// the last row the merge of its name cell covers, then every following row
// with an empty name cell and no number in the value columns.
func headerEnd(g *grid, hdr, c0, first int) int {
	end := hdr
	for c := c0; c < first; c++ {
		if _, m := g.at(hdr, c); m >= 0 {
			end = max(end, g.merges[m].r2)
		}
	}
	for r := end + 1; r < len(g.rows); r++ {
		if trimCell(g.raw(r, c0)) != "" {
			break
		}
		text, number := false, false
		for c := first; c < len(g.rows[r]); c++ {
			s := trimCell(g.rows[r][c])
			if s == "" {
				continue
			}
			if cv, err := parseValue(s); err == nil && !cv.missing {
				number = true
			} else {
				text = true
			}
		}
		if number || !text {
			break
		}
		end = r
	}
	return end
}

// yearbookColumns reads the header block [hdr, end] and matches every value
// column.
func (f *fileReader) yearbookColumns(g *grid, hdr, end, first int, t ybTitle, info *TableInfo) []*ybColumn {
	var cols []*ybColumn
	dict := f.opt.Dictionary
	seen := map[dataset.VariableID]int{}
	w := g.width(hdr, len(g.rows)-1)
	for c := first; c < w; c++ {
		yc := &ybColumn{col: c}
		var zhs, ens, texts []string
		lastMerge := -1
		for r := hdr; r <= end; r++ {
			text, m := g.at(r, c)
			if m >= 0 {
				if m == lastMerge {
					continue
				}
				lastMerge = m
			}
			s := norm(text)
			if s == "" {
				continue
			}
			texts = append(texts, s)
			if sc, ok := scopeOf(s); ok {
				yc.scope = sc
				continue
			}
			zh, en := splitZhEn(s)
			if zh != "" {
				zhs = append(zhs, zh)
			}
			if en != "" {
				ens = append(ens, en)
			}
		}
		yc.header = strings.Join(texts, " / ")
		if len(zhs) == 0 && len(ens) == 0 {
			if yc.scope == "" && columnHasData(g, end+1, c) {
				f.rep.Unmatched = append(f.rep.Unmatched, UnmatchedColumn{File: f.name, Sheet: g.sheet, Col: colName(c + 1), Row: hdr + 1,
					Header: yc.header, Note: "no header; not kept", NoteZh: "无表头，未保留"})
			}
			continue
		}
		if len(zhs) > 0 {
			yc.name = zhs[len(zhs)-1]
		}
		if len(ens) > 0 {
			yc.en = ens[len(ens)-1]
		}
		// Units and scopes in brackets at the end of the name.
		yc.name = width.Fold.String(yc.name)
		for range 3 {
			name, inner, ok := splitBracket(yc.name)
			if !ok {
				break
			}
			scope, unit, ok := parseBracket(inner)
			if !ok || (unit != "" && !knownUnit(unit)) || (unit != "" && yc.unit != "") {
				break
			}
			if unit != "" {
				yc.unit = unit
			}
			if scope != "" && yc.scope == "" {
				yc.scope = scope
			}
			yc.name = name
		}
		if yc.scope == "" {
			yc.scope = t.scope
		}
		info.Columns++
		v, note := f.matchYearbook(dict, t, yc)
		if v == nil {
			if note.En == "" {
				note = dataset.Text{En: "not in the yearbook dictionary or the framework", Zh: "年鉴词典和框架中都没有该列"}
			}
			f.rep.Unmatched = append(f.rep.Unmatched, UnmatchedColumn{File: f.name, Sheet: g.sheet, Col: colName(c + 1), Row: hdr + 1,
				Header: yc.header, Note: note.En, NoteZh: note.Zh})
			info.Unknown++
			continue
		}
		id := dataset.VariableID(v.ID)
		if j, dup := seen[id]; dup {
			f.errs = append(f.errs, &CellError{File: f.name, Sheet: g.sheet, Row: hdr + 1, Col: c + 1, Header: yc.header,
				Err: errorf(ErrDuplicateColumn, "column %s already holds %s", colName(j+1), id)})
			continue
		}
		seen[id] = c
		stated := yc.unit
		if stated == "" {
			stated = t.unit
		}
		if stated == "" {
			stated = yc.source // from the dictionary, when every edition agrees
		}
		col, conv, note, err := f.column(v, stated, yc.name)
		if err != nil {
			f.errs = append(f.errs, &CellError{File: f.name, Sheet: g.sheet, Row: hdr + 1, Col: c + 1, Header: yc.header, Err: err})
			continue
		}
		if col.Header == "" {
			col.Header = yc.header
		}
		yc.target, yc.conv, yc.source = col, conv, stated
		if yc.source == "" {
			yc.source = col.Unit
		}
		cols = append(cols, yc)
		f.rep.Matched = append(f.rep.Matched, MatchedColumn{File: f.name, Sheet: g.sheet, Col: colName(c + 1), Row: hdr + 1,
			Header: yc.header, Variable: id, Stated: stated, Unit: col.Unit, Factor: conv.factor(), Note: note.En, NoteZh: note.Zh})
	}
	return cols
}

// matchYearbook finds the variable of a column: through the yearbook
// dictionary (title, name, scope) when the framework has its input, else by
// the framework's names and aliases. A scope that contradicts the
// variable's is no match. note says why there is none.
func (f *fileReader) matchYearbook(dict *Dictionary, t ybTitle, yc *ybColumn) (*indicators.Variable, dataset.Text) {
	m := dict.lookup(t.title, yc.name, yc.en, yc.scope)
	var note dataset.Text
	if m.col == nil && m.note.En != "" {
		// The dictionary knows the column but cannot tell which input it
		// is: the framework's names would only guess.
		return nil, m.note
	}
	if m.col != nil {
		if v := f.fw.Variable(m.col.Input); v != nil {
			if yc.scope == "" {
				yc.scope = m.col.Scope
			}
			if yc.unit == "" && t.unit == "" {
				yc.source = m.unit
			}
			return v, dataset.Text{}
		}
		note = dataset.Text{En: fmt.Sprintf("yearbook column %s is not in the framework", m.col.Input),
			Zh: fmt.Sprintf("年鉴列 %s 不在框架中", m.col.Input)}
	} else {
		note = m.note
	}
	name := yc.name
	if name == "" {
		name = yc.en
	}
	hm, err := matchHeader(f.fw, name, yc.scope)
	if err != nil || hm.v == nil {
		if err != nil {
			note = dataset.Text{En: err.Error(), Zh: "表头无法与框架的输入或指标对应"}
		}
		return nil, note
	}
	v := hm.v
	if yc.scope != "" && v.Scope != "" && v.Scope != yc.scope {
		return nil, dataset.Text{En: fmt.Sprintf("scope %s, but %s is %s", yc.scope, v.ID, v.Scope),
			Zh: fmt.Sprintf("口径为%s，但 %s 的口径为%s", yc.scope, v.ID, v.Scope)}
	}
	if yc.unit == "" && hm.stated != "" {
		yc.unit = hm.stated
	}
	return v, dataset.Text{}
}

func columnHasData(g *grid, from, c int) bool {
	for r := from; r < len(g.rows); r++ {
		if trimCell(g.raw(r, c)) != "" {
			return true
		}
	}
	return false
}
