package importers

// Groups files: the user's own grouping of the units for peer comparison
// (cityscore score --groups FILE). It is read here, beside the data files,
// since its units resolve the same way theirs do (matchCity) and its
// problems are reported as theirs are (CellError).

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/indicators"
)

// ErrGroupID: the header of a groups file's second column is not a usable
// grouping id.
var ErrGroupID = errors.New("bad grouping id")

// Groups is a grouping read from a groups file.
type Groups struct {
	// ID is the header of the second column: the grouping's id, which
	// names its columns in the outputs (<ID> and rank_<ID>).
	ID string
	// Of gives the group of each unit the file lists with a group (a row
	// whose group cell is empty puts its unit in none).
	Of map[dataset.UnitID]string
	// Units are the units the file lists, in the order of its rows.
	Units []dataset.UnitID
}

// GroupsOptions say how a groups file's units resolve and which ids are
// taken.
type GroupsOptions struct {
	// CNCity resolves units as a cn-city framework's data do (matchCity):
	// 杭州 is 杭州市, a county-level city or an unknown name an error
	// proposing the closest cities. Otherwise a unit is its cell's text,
	// trimmed, matched exactly.
	CNCity bool
	// Reserved are ids the grouping may not take, each with what it is
	// ("a built-in grouping", "a column of the scores CSV").
	Reserved map[string]string
	// Limits bound the file as they bound data files (Rows, CellText,
	// FileSize); zero fields take DefaultLimits.
	Limits Limits
}

// unitHeaders are the accepted headers of a groups file's first column,
// folded.
var unitHeaders = []string{"unit", "城市"}

// ReadGroupsFile reads the groups file at path (ReadGroups).
func ReadGroupsFile(path string, opt GroupsOptions) (*Groups, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadGroups(f, path, opt)
}

// ReadGroups reads a groups file: CSV text (UTF-8 with or without a BOM,
// UTF-16 with a BOM, or else GB18030, as data files), comma-separated,
// two columns. The header is unit (or 城市) and the grouping's id, which
// must match [a-z][a-z0-9_]*, not start with rank_, and not be one of
// opt.Reserved; each row is a unit and its group. Empty rows are skipped.
// Problems with cells come back together as CellErrors positioned as in
// data files:
//
//	groups.csv:4:1 (A4, column unit): 深川市: not a known city; did you mean 深圳市?
//	groups.csv:6:1 (A6, column unit): 杭州: duplicate unit 杭州市: first at line 3 (A3)
//
// name is the file's name in messages.
func ReadGroups(r io.Reader, name string, opt GroupsOptions) (*Groups, error) {
	lim := opt.Limits.withDefaults()
	data, err := readAll(r, name, lim, 0)
	if err != nil {
		return nil, err
	}
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", name, enc, err)
	}
	if strings.IndexByte(text, 0) >= 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrBinary)
	}
	if strings.IndexByte(text, '\r') >= 0 && strings.IndexByte(text, '\n') < 0 {
		text = strings.ReplaceAll(text, "\r", "\n") // "CSV (Macintosh)"
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	var (
		errs  CellErrors
		g     = &Groups{Of: map[dataset.UnitID]string{}}
		first = map[dataset.UnitID][2]int{} // line and record of each unit's row
		head  [2]string
		// matched caches matchCity by text: the closest names of an
		// unknown one take a while to find.
		matched = map[string]cityMatch{}
	)
	nfields := 0 // of the record read last
	cell := func(rec, i int, header, text string, err error) {
		var line, col int
		if i < nfields {
			line, col = cr.FieldPos(i)
		} else if nfields > 0 {
			line, _ = cr.FieldPos(0)
		}
		errs = append(errs, &CellError{File: name, Row: rec, Col: i + 1, Line: line, Column: col, Header: header, Text: text, Err: err})
	}
	limits := &fileReader{name: name, lim: lim}
	for rec := 1; ; rec++ {
		fields, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := limits.checkRecord(rec, fields, cr.FieldPos); err != nil {
			return nil, err
		}
		nfields = len(fields)
		for i := range fields {
			fields[i] = trimCell(fields[i])
		}
		if rec == 1 {
			if !headerRow(fields, &head, opt, func(i int, text string, err error) { cell(rec, i, "", text, err) }) {
				return nil, errs
			}
			g.ID = head[1]
			continue
		}
		if emptyRow(fields) {
			continue
		}
		if len(fields) > 2 && !emptyRow(fields[2:]) {
			cell(rec, 2, "", fields[2], errors.New("a groups file has two columns, unit and group"))
			continue
		}
		text, group := fields[0], cellAt(fields, 1)
		if text == "" {
			cell(rec, 0, head[0], "", ErrNoUnit)
			continue
		}
		unit := dataset.UnitID(text)
		if opt.CNCity {
			m, ok := matched[text]
			if !ok {
				m = matchCity(text, 0, true, false)
				matched[text] = m
			}
			if m.err != nil {
				cell(rec, 0, head[0], text, m.err)
				continue
			}
			unit = m.unit
		}
		line, _ := cr.FieldPos(0)
		if at, dup := first[unit]; dup {
			what := "duplicate unit " + string(unit)
			if string(unit) == text {
				what = "duplicate unit"
			}
			cell(rec, 0, head[0], text, errorf(ErrDuplicate, "%s: first at line %d (%s)", what, at[0], cellName(1, at[1])))
			continue
		}
		first[unit] = [2]int{line, rec}
		g.Units = append(g.Units, unit)
		if group != "" {
			g.Of[unit] = group
		}
		if len(errs) >= maxCellErrors {
			break
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if g.ID == "" || len(g.Units) == 0 {
		return nil, fmt.Errorf("%s: %w: want a header unit,<grouping id> and a row per unit", name, ErrNoData)
	}
	return g, nil
}

// headerRow checks a groups file's header: unit (or 城市) and the
// grouping's id. It reports each problem with bad and returns false after
// one.
func headerRow(fields []string, head *[2]string, opt GroupsOptions, bad func(i int, text string, err error)) bool {
	ok := true
	if len(fields) < 2 || emptyRow(fields[1:2]) {
		bad(min(len(fields), 1), "", fmt.Errorf("%w: the header is unit,<grouping id>, the id naming the grouping's columns (e.g. unit,tier)", ErrGroupID))
		return false
	}
	if len(fields) > 2 && !emptyRow(fields[2:]) {
		bad(2, fields[2], errors.New("a groups file has two columns, unit and group"))
		ok = false
	}
	if !slices.Contains(unitHeaders, indicators.Fold(fields[0])) {
		bad(0, fields[0], fmt.Errorf("the first column's header must be unit (or 城市)"))
		ok = false
	}
	id := fields[1]
	switch what, taken := opt.Reserved[id]; {
	case !validGroupID(id):
		bad(1, id, fmt.Errorf("%w: want [a-z][a-z0-9_]* (lower-case letters, digits, _; a letter first), e.g. tier", ErrGroupID))
		ok = false
	case strings.HasPrefix(id, "rank_"):
		bad(1, id, fmt.Errorf("%w: rank_… names the rank within a grouping; choose another id", ErrGroupID))
		ok = false
	case taken:
		bad(1, id, fmt.Errorf("%w: %s is %s; choose another id", ErrGroupID, id, what))
		ok = false
	}
	head[0], head[1] = fields[0], id
	return ok
}

// validGroupID reports whether id matches [a-z][a-z0-9_]*.
func validGroupID(id string) bool {
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		return false
	}
	for i := range len(id) {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
