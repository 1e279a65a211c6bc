package importers

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// Units as cities. Yearbook tables always name their rows by city; under a
// framework whose units are Chinese prefecture-level cities
// (indicators.UnitsCNCity) every other table does too. One code path,
// matchCity, resolves such a unit cell through package cities; the readers
// record what it finds with cityNote and their own cell errors.

// cnCity reports whether the framework's units are Chinese
// prefecture-level cities (units: cn-city).
func (f *fileReader) cnCity() bool { return f.fw.Units == indicators.UnitsCNCity }

// cityMatch is the outcome of resolving a unit cell.
type cityMatch struct {
	unit dataset.UnitID
	city cities.City // Code is "" when the unit is kept as printed
	// note is the UnitNote of a name that is not the official name of its
	// year, or of a unit kept as printed; "" for an official name or a code.
	note     dataset.Text
	kept     bool  // not a known city, kept as printed (AllowUnknownUnits)
	province bool  // the text names a province (a heading, in a yearbook table)
	err      error // not a known city (ErrUnknownUnit), when not kept
}

// matchCity is matchCity for the file's options, once per text and year.
func (f *fileReader) matchCity(text string, year int) cityMatch {
	k := cityText{text, year}
	if m, ok := f.matched[k]; ok {
		return m
	}
	m := matchCity(text, year, f.cnCity(), f.opt.AllowUnknownUnits)
	f.matched[k] = m
	return m
}

// cityText is a unit cell's text and the year it is resolved for.
type cityText struct {
	text string
	year int
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// cityCode reads a unit cell as an administrative division code, as
// tables print it: 6 digits (440300); a number as Excel exports it
// (440300.0, or 4.403E+11 for a 12-digit code); a 12-digit statistical
// division code (统计用区划代码), whose first 6 digits are the code when the
// other 6 are zeros (440300000000). code is the 6-digit code; isCode is
// false when the text is no code at all; err names a 12-digit code of a
// unit below the prefecture level (a county, township or village).
func cityCode(text string) (code string, isCode bool, err error) {
	s := foldCell(text)
	if i := strings.IndexByte(s, '.'); i > 0 && strings.Trim(s[i+1:], "0") == "" && allDigits(s[:i]) {
		s = s[:i] // 440300.0
	}
	if strings.ContainsAny(s, "eE") && len(s) <= 24 {
		// 4.403E+11: a 12-digit code exported in scientific notation.
		if f, perr := strconv.ParseFloat(s, 64); perr == nil && f >= 1e5 && f < 1e12 && f == math.Trunc(f) {
			s = strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	switch {
	case len(s) == 6 && allDigits(s):
		return s, true, nil
	case len(s) == 12 && allDigits(s):
		if s[6:] == "000000" {
			return s[:6], true, nil
		}
		level := "village"
		if s[9:] == "000" {
			level = "township"
		}
		where := s[:6]
		if s[4:6] == "00" {
			where = ""
		}
		return "", true, fmt.Errorf("%s is a 12-digit statistical division code of a %s-level unit%s, not a prefecture-level city (its code ends in 000000)",
			s, level, inUnit(where, s[:4]+"00"))
	}
	return "", false, nil
}

// inUnit names where a unit below the prefecture level lies: " in 440305,
// 深圳市 (440300)", or "" when the prefecture is unknown.
func inUnit(county, prefecture string) string {
	var parts []string
	if county != "" {
		parts = append(parts, county)
	}
	c, _, err := cities.ResolveCode(prefecture, 0)
	if err != nil {
		// A municipality's county (500229) lies in the municipality.
		if m, _, merr := cities.ResolveCode(prefecture[:2]+"0000", 0); merr == nil && m.Level == cities.Municipality {
			c, err = m, nil
		}
	}
	if err == nil && isPrefecture(c) {
		parts = append(parts, fmt.Sprintf("%s (%s)", c.Name, c.Code))
	}
	if len(parts) == 0 {
		return ""
	}
	return " in " + strings.Join(parts, ", ")
}

// isPrefecture accepts the units of a cn-city framework: municipalities
// and prefecture-level units.
func isPrefecture(c cities.City) bool {
	return c.Level == cities.Municipality || c.Level == cities.Prefecture
}

// matchCity resolves text, a unit cell as printed (trimmed; a yearbook's
// name without its indentation), for year (0: any): a 6-digit code through
// cities.ByCode, a name through cities.Resolve. A resolved unit is named by
// the city's current official name. prefectureOnly (cn-city) refuses
// county-level cities; otherwise they are cities too, as in a yearbook's
// section 3. A province is never a city. A unit that is not a city is an
// ErrUnknownUnit error, or with allowUnknown kept as printed with a note.
func matchCity(text string, year int, prefectureOnly, allowUnknown bool) cityMatch {
	keep := cities.City.IsCity
	if prefectureOnly {
		keep = isPrefecture
	}
	var (
		city cities.City
		how  = cities.Official
		err  error
	)
	digits, code, cerr := cityCode(text)
	var info cities.Code
	switch {
	case cerr != nil:
		err = cerr
	case code:
		if city, info, err = cities.ResolveCode(digits, year); err != nil {
			var ce *cities.CodeError
			if errors.As(err, &ce) && ce.Name == "" {
				err = errors.New("not a known city code" + inUnitCode(digits))
			}
		}
	default:
		city, how, err = cities.Resolve(text, year)
	}
	if err != nil && !code {
		if p, ok := cities.ProvinceOf(text); ok {
			city, how, err = p, cities.Alias, nil
		}
	}
	var why, whyZh string // why the unit is not a city
	switch {
	case err != nil:
		var ue *cities.UnknownError
		if errors.As(err, &ue) {
			why, whyZh = "not a known city", "不是已知城市"
			if len(text) > 256 {
				// No city has a name this long: nothing to propose.
			} else if s := cities.Suggest(text, year, keep); len(s) > 0 {
				why += "; did you mean " + strings.Join(s, ", ") + "?"
				whyZh += "；是否为" + strings.Join(s, "、") + "？"
			}
		} else {
			why, whyZh = err.Error(), "不是已知城市或城市代码"
		}
	case city.Level == cities.Province:
		why = fmt.Sprintf("%s %s is a province, not a prefecture-level city", city.Code, city.Name)
		whyZh = fmt.Sprintf("%s %s 是省级单位，不是地级市", city.Code, city.Name)
	case !keep(city):
		why = fmt.Sprintf("%s %s is a county-level city (%s), not a prefecture-level city", city.Code, city.Name, city.Province)
		whyZh = fmt.Sprintf("%s %s 是县级市（%s），不是地级市", city.Code, city.Name, city.Province)
	}
	m := cityMatch{province: err == nil && city.Level == cities.Province}
	switch {
	case why == "":
		m.unit, m.city = dataset.UnitID(city.Name), city
		switch {
		case code && info.How != cities.Official:
			m.note = codeNote(info, city, year)
		case !code && (how != cities.Official || city.Name != text):
			m.note = unitNote(text, city, how, year)
		}
	case allowUnknown:
		m.unit, m.kept = dataset.UnitID(text), true
		m.note = keptNote(why, whyZh)
	default:
		m.err = &detail{kind: ErrUnknownUnit, msg: clip(text) + ": " + why}
	}
	return m
}

// inUnitCode says, for a 6-digit code that is no city's, in which
// prefecture-level city a county-level code (…01–…99) lies: "; a
// county-level code in 深圳市 (440300)".
func inUnitCode(code string) string {
	if code[4:] == "00" {
		return ""
	}
	if in := inUnit("", code[:4]+"00"); in != "" {
		return "; a county-level code" + in
	}
	return ""
}

// codeNote is the note of a code that is not its unit's current code.
func codeNote(info cities.Code, c cities.City, year int) dataset.Text {
	if info.How == cities.Alias {
		return dataset.Text{En: fmt.Sprintf("%s is the prefecture-style code of %s; taken as %s (%s)", info.Code, info.Name, c.Name, c.Code),
			Zh: fmt.Sprintf("%s 是%s的地级式代码，按%s（%s）读取", info.Code, info.Name, c.Name, c.Code)}
	}
	if info.InUse(year) {
		return dataset.Text{En: fmt.Sprintf("%s is the code of %s in %d, now %s (%s)", info.Code, info.Name, year, c.Name, c.Code),
			Zh: fmt.Sprintf("%s 是%s在 %d 年的代码，现为%s（%s）", info.Code, info.Name, year, c.Name, c.Code)}
	}
	span := fmt.Sprintf("%d–%d", info.From, info.To)
	if info.From == info.To {
		span = strconv.Itoa(info.From)
	}
	return dataset.Text{En: fmt.Sprintf("%s is a former code of %s (%s), now %s (%s)", info.Code, info.Name, span, c.Name, c.Code),
		Zh: fmt.Sprintf("%s 是%s的旧代码（%s），现为%s（%s）", info.Code, info.Name, span, c.Name, c.Code)}
}

// keptNote is the note of a unit kept as printed: "not a known city; kept
// as printed (--allow-unknown-units); did you mean 深圳市?".
func keptNote(why, whyZh string) dataset.Text {
	const kept, keptZh = "; kept as printed (--allow-unknown-units)", "；按原文保留（--allow-unknown-units）"
	var t dataset.Text
	if head, tail, ok := strings.Cut(why, "; did you mean"); ok {
		t.En = head + kept + "; did you mean" + tail
	} else {
		t.En = why + kept
	}
	if head, tail, ok := strings.Cut(whyZh, "；是否为"); ok {
		t.Zh = head + keptZh + "；是否为" + tail
	} else {
		t.Zh = whyZh + keptZh
	}
	return t
}

func unitNote(printed string, c cities.City, how cities.How, year int) dataset.Text {
	switch how {
	case cities.Typo:
		return dataset.Text{En: fmt.Sprintf("misprint of %s (%s)", c.Name, c.Code),
			Zh: fmt.Sprintf("%s（%s）的误印", c.Name, c.Code)}
	case cities.Former:
		switch {
		case printed == c.Name && year == 0:
			return dataset.Text{En: fmt.Sprintf("%s (%s) is not a current unit; taken as the unit of that name in earlier years (the rows give no year)", printed, c.Code),
				Zh: fmt.Sprintf("%s（%s）已不是现行单位；按往年同名单位读取（数据行未给出年份）", printed, c.Code)}
		case printed == c.Name:
			return dataset.Text{En: fmt.Sprintf("%s (%s) is not a unit in %d; taken as the unit of that name in another year", printed, c.Code, year),
				Zh: fmt.Sprintf("%s（%s）在 %d 年不是现行单位；按其他年份的同名单位读取", printed, c.Code, year)}
		}
		if year == 0 {
			return dataset.Text{En: fmt.Sprintf("%s is not a current name; taken as %s (%s), a name of the same unit in another year", printed, c.Name, c.Code),
				Zh: fmt.Sprintf("%s 不是现行名称；按%s（%s）读取，即同一单位在其他年份的名称", printed, c.Name, c.Code)}
		}
		return dataset.Text{En: fmt.Sprintf("%s is not a name in %d; taken as %s (%s), a name of the same unit in another year", printed, year, c.Name, c.Code),
			Zh: fmt.Sprintf("%s 不是 %d 年的名称；按%s（%s）读取，即同一单位在其他年份的名称", printed, year, c.Name, c.Code)}
	case cities.Alias:
		return dataset.Text{En: fmt.Sprintf("short name of %s (%s)", c.Name, c.Code),
			Zh: fmt.Sprintf("%s（%s）的简称", c.Name, c.Code)}
	}
	return dataset.Text{En: fmt.Sprintf("%s in %d, now %s (%s)", printed, year, c.Name, c.Code),
		Zh: fmt.Sprintf("%d 年的%s，现为%s（%s）", year, printed, c.Name, c.Code)}
}

// cityNote records the note of a match, once per file for the same text,
// year and note (a long table names a city on every row).
func (f *fileReader) cityNote(sheet string, row, col int, text string, year int, m cityMatch) {
	if m.note.En == "" {
		return
	}
	k := fmt.Sprint(text, "\x00", year, "\x00", m.note.En)
	if f.noted[k] {
		return
	}
	f.noted[k] = true
	f.rep.Units = append(f.rep.Units, UnitNote{File: f.name, Sheet: sheet, Row: row, Col: col, Text: text, Unit: m.unit,
		Code: m.city.Code, Year: year, Note: m.note.En, NoteZh: m.note.Zh, Kept: m.kept})
}

// Code and name columns. Under units: cn-city a table may name its cities
// by name, by 6-digit code, or both. The unit column is chosen in this
// order:
//
//  1. Options.UnitColumn, when given;
//  2. in a wide table, the first column (the second after a year column)
//     when its header is a code header (代码, 行政区划代码, code, …) or a city
//     header (城市, 城市名称, city, unit, …); in a long table, the unit or
//     城市 column;
//  3. else the first column with a city header, else the first with a code
//     header (a wide table: 省份,代码,城市,… is keyed by 城市; a long table:
//     code,year,indicator,value is keyed by code);
//  4. else, in a wide table, the first column as without cn-city.
//
// Beside a unit column that is not a code column, the first column with a
// code header is the check column; beside a code column, the first column
// with a name header (a city header, or name, 名称, 地区, …). The check column
// is neither a variable nor a label: each row's check cell must denote the
// same city as its unit cell, else it is an ErrCityMismatch error naming
// both cells (code 440300 beside 广州市). A name in Latin script (pinyin,
// English) is not checked, since the city table holds Chinese names. When
// the unit cell is empty, the check cell gives the unit.

// codeHeaders name a column of division codes, folded.
var codeHeaders = []string{"代码", "行政区划代码", "区划代码", "城市代码", "统计用区划代码", "地区代码", "code", "adcode",
	"citycode", "city_code", "admin_code", "areacode", "area_code", "division_code", "regioncode", "region_code"}

// cityHeaders name a column of city names, folded: taken as the unit
// column under rule 3.
var cityHeaders = []string{"城市", "城市名称", "城市名", "地级市", "地级市名称", "unit", "city", "city_name", "cityname"}

// nameHeaders name a column of names that may be a check column beside a
// code column, folded.
var nameHeaders = append([]string{"名称", "name"}, cityHeaders...)

func isCodeHeader(h string) bool { return slices.Contains(codeHeaders, indicators.Fold(h)) }

// cityUnitColumn chooses the unit column of a wide table under cn-city
// without Options.UnitColumn (rules 2–4 above); def is the column rule 4
// takes.
func (s *sheetReader) cityUnitColumn(def int) int {
	if def < len(s.header) {
		if fh := indicators.Fold(s.header[def]); slices.Contains(codeHeaders, fh) || slices.Contains(cityHeaders, fh) {
			return def
		}
	}
	if i := s.headerIn(cityHeaders, -1); i >= 0 {
		return i
	}
	if i := s.headerIn(codeHeaders, -1); i >= 0 {
		return i
	}
	return def
}

// headerIn returns the first column other than skip whose folded header is
// in list, or -1.
func (s *sheetReader) headerIn(list []string, skip int) int {
	for i, h := range s.header {
		if i != skip && slices.Contains(list, indicators.Fold(h)) {
			return i
		}
	}
	return -1
}

// setCheckColumn sets the check column beside the unit column under
// cn-city: a code column beside names, a name column beside codes.
func (s *sheetReader) setCheckColumn() {
	s.checkCol = -1
	if !s.f.cnCity() || s.unitCol < 0 || s.unitCol >= len(s.header) {
		return
	}
	s.unitIsCode = isCodeHeader(s.header[s.unitCol])
	if s.unitIsCode {
		s.checkCol = s.headerIn(nameHeaders, s.unitCol)
	} else {
		s.checkCol = s.headerIn(codeHeaders, s.unitCol)
	}
}

// cityKey resolves the unit of a wide or long table's row under cn-city:
// key.Unit becomes the city's official name, and the row's check cell, if
// any, must denote the same city. ok is false after an error, reported once
// per file for the same text and message.
func (s *sheetReader) cityKey(row int, cells []string, key *dataset.Key) (cities.City, bool) {
	if !s.f.cnCity() {
		return cities.City{}, true
	}
	text := string(key.Unit)
	m, ok := s.resolveCity(row, s.keyCol, text, key.Year)
	if !ok {
		return cities.City{}, false
	}
	key.Unit = m.unit
	if s.checkCol < 0 || s.keyCol == s.checkCol {
		return m.city, true
	}
	other := trimCell(cellAt(cells, s.checkCol))
	if cv, err := parseValue(other); (err == nil && cv.missing) || (s.unitIsCode && !hasHan(other)) {
		return m.city, true // empty, a missing marker, or a name in Latin script
	}
	m2, ok := s.resolveCity(row, s.checkCol, other, key.Year)
	if !ok {
		return cities.City{}, false
	}
	if m.city.Code == "" || m2.city.Code == "" || m.city.Code == m2.city.Code {
		return m.city, true
	}
	codeCol, nameCol, codeText, nameText, codeM, nameM := s.keyCol, s.checkCol, text, other, m, m2
	if !s.unitIsCode {
		codeCol, nameCol, codeText, nameText, codeM, nameM = s.checkCol, s.keyCol, other, text, m2, m
	}
	cell := func(col int, t string, m cityMatch) string {
		return fmt.Sprintf("%s (%s) %s is %s (%s)", place{s.sheet, row, col + 1}, clip(s.header[col]), quote(t), m.city.Name, m.city.Code)
	}
	s.cellErr(row, s.checkCol, s.header[s.checkCol], other, errorf(ErrCityMismatch, "code and name disagree: %s, %s",
		cell(codeCol, codeText, codeM), cell(nameCol, nameText, nameM)))
	return cities.City{}, false
}

// resolveCity resolves the unit cell text at column col of row, reporting
// an error (once per file for the same text and message) or its note.
func (s *sheetReader) resolveCity(row, col int, text string, year int) (cityMatch, bool) {
	m := s.f.matchCity(text, year)
	if m.err != nil {
		k := text + "\x00" + m.err.Error()
		if !s.f.noted[k] {
			s.f.noted[k] = true
			s.cellErr(row, col, s.header[col], text, m.err)
		}
		return m, false
	}
	s.f.cityNote(s.sheet, row, col+1, text, year, m)
	return m, true
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// setCityLabels sets the code and province labels of a row read as city.
func (f *fileReader) setCityLabels(row int, city cities.City) {
	if city.Code != "" {
		f.t.SetLabel(LabelCode, row, city.Code)
		f.t.SetLabel(LabelProvince, row, city.Province)
	}
}
