package importers

import (
	"errors"
	"fmt"
	"strings"

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
	note     string
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

// isCode reports whether s is a 6-digit administrative division code.
func isCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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
	code := isCode(text)
	if code {
		var ok bool
		if city, ok = cities.ByCode(text); !ok {
			err = errors.New("not a known city code")
		}
	} else if city, how, err = cities.Resolve(text, year); err != nil {
		if p, ok := cities.ProvinceOf(text); ok {
			city, how, err = p, cities.Alias, nil
		}
	}
	var why string // why the unit is not a city
	switch {
	case err != nil:
		var ue *cities.UnknownError
		if errors.As(err, &ue) {
			why = "not a known city"
			if s := cities.Suggest(text, year, keep); len(s) > 0 {
				why += "; did you mean " + strings.Join(s, ", ") + "?"
			}
		} else {
			why = err.Error()
		}
	case city.Level == cities.Province:
		why = fmt.Sprintf("%s %s is a province, not a prefecture-level city", city.Code, city.Name)
	case !keep(city):
		why = fmt.Sprintf("%s %s is a county-level city (%s), not a prefecture-level city", city.Code, city.Name, city.Province)
	}
	m := cityMatch{province: err == nil && city.Level == cities.Province}
	switch {
	case why == "":
		m.unit, m.city = dataset.UnitID(city.Name), city
		if !code && (how != cities.Official || city.Name != text) {
			m.note = unitNote(text, city, how, year)
		}
	case allowUnknown:
		m.unit, m.kept = dataset.UnitID(text), true
		m.note = keptNote(why)
	default:
		m.err = &detail{kind: ErrUnknownUnit, msg: text + ": " + why}
	}
	return m
}

// keptNote is the note of a unit kept as printed: "not a known city; kept
// as printed (--allow-unknown-units); did you mean 深圳市?".
func keptNote(why string) string {
	const kept = "; kept as printed (--allow-unknown-units)"
	if head, tail, ok := strings.Cut(why, "; did you mean"); ok {
		return head + kept + "; did you mean" + tail
	}
	return why + kept
}

func unitNote(printed string, c cities.City, how cities.How, year int) string {
	switch how {
	case cities.Typo:
		return fmt.Sprintf("misprint of %s (%s)", c.Name, c.Code)
	case cities.Former:
		switch {
		case printed == c.Name && year == 0:
			return fmt.Sprintf("%s (%s) is not a current unit; taken as the unit of that name in earlier years (the rows give no year)", printed, c.Code)
		case printed == c.Name:
			return fmt.Sprintf("%s (%s) is not a unit in %d; taken as the unit of that name in another year", printed, c.Code, year)
		}
		if year == 0 {
			return fmt.Sprintf("%s is not a current name; taken as %s (%s), a name of the same unit in another year", printed, c.Name, c.Code)
		}
		return fmt.Sprintf("%s is not a name in %d; taken as %s (%s), a name of the same unit in another year", printed, year, c.Name, c.Code)
	case cities.Alias:
		return fmt.Sprintf("short name of %s (%s)", c.Name, c.Code)
	}
	return fmt.Sprintf("%s in %d, now %s (%s)", printed, year, c.Name, c.Code)
}

// cityNote records the note of a match, once per file for the same text,
// year and note (a long table names a city on every row).
func (f *fileReader) cityNote(sheet string, row, col int, text string, year int, m cityMatch) {
	if m.note == "" {
		return
	}
	k := fmt.Sprint(text, "\x00", year, "\x00", m.note)
	if f.noted[k] {
		return
	}
	f.noted[k] = true
	f.rep.Units = append(f.rep.Units, UnitNote{File: f.name, Sheet: sheet, Row: row, Col: col, Text: text, Unit: m.unit,
		Code: m.city.Code, Year: year, Note: m.note, Kept: m.kept})
}

// cityKey resolves the unit of a wide or long table's row under cn-city:
// key.Unit becomes the city's official name. ok is false after an error,
// reported once per file for the same text and message.
func (s *sheetReader) cityKey(row int, key *dataset.Key) (cities.City, bool) {
	if !s.f.cnCity() {
		return cities.City{}, true
	}
	text := string(key.Unit)
	m := s.f.matchCity(text, key.Year)
	if m.err != nil {
		k := text + "\x00" + m.err.Error()
		if !s.f.noted[k] {
			s.f.noted[k] = true
			s.cellErr(row, s.unitCol, s.header[s.unitCol], text, m.err)
		}
		return cities.City{}, false
	}
	s.f.cityNote(s.sheet, row, s.unitCol+1, text, key.Year, m)
	key.Unit = m.unit
	return m.city, true
}

// setCityLabels sets the code and province labels of a row read as city.
func (f *fileReader) setCityLabels(row int, city cities.City) {
	if city.Code != "" {
		f.t.SetLabel(LabelCode, row, city.Code)
		f.t.SetLabel(LabelProvince, row, city.Province)
	}
}
