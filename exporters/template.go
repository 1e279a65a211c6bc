package exporters

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/internal/xlsxzip"
)

// Template describes a fill-in workbook: one or more data sheets with a row
// per unit (and year) and an empty column per value to collect, and a
// notes sheet that explains every column. It is a plain description, so
// that this package needs to know nothing of frameworks: the command
// chooses the columns and writes each header exactly as the importer
// matches it back to its variable.
type Template struct {
	// Lang selects the labels: "zh" (default) or "en".
	Lang string
	// Sheets are the data sheets, in order. The first is the one an
	// importer reads when no sheet is named for a year; a sheet named for
	// a year (2023) is that year's table.
	Sheets []TemplateSheet
	// Columns are the values to fill, after the unit, code and (in a sheet
	// with a year column) year columns; the same in every data sheet.
	Columns []TemplateColumn
	// Instructions are lines written under the table of the notes sheet.
	Instructions []string
	// Document properties; a zero Time leaves the dates unset.
	Title, Creator, Description string
	Time                        time.Time
}

// TemplateSheet is one data sheet of a template.
type TemplateSheet struct {
	Name string // "" = the default data sheet name (数据 / Data)
	// Year adds a year column after the code column; a sheet named for a
	// year needs none.
	Year bool
	Rows []TemplateRow
}

// TemplateRow is one row of a data sheet: the unit as the importer reads
// it, its code and its year.
type TemplateRow struct {
	Unit string
	Code string // written as text; "" when the unit has none
	Year int    // written when the sheet has a year column; 0 = empty
}

// TemplateColumn is one value to fill and its note.
type TemplateColumn struct {
	Header string // the header, exactly as the importer matches it to ID
	ID     string // the input or indicator id
	// Name is the variable's name in the template's language, for the
	// data-validation messages; "" = the header.
	Name       string
	Definition string
	Unit       string
	Scope      string
	Source     string
	NeededBy   string // the indicators the value is needed for
	Example    string // an example value, "" when none is known
	// Min and Max bound the values the cells accept (data validation,
	// decimal); ±Inf for no bound.
	Min, Max float64
	// Strict makes a value outside [Min, Max] an error the cell refuses
	// (the range is a declared valid range); otherwise the cell warns and
	// lets the user keep the value.
	Strict bool
}

// TemplateNames are the fixed names of a template in one language.
type TemplateNames struct {
	Unit, Code, Year string // headers of the first columns
	Data, Notes      string // the default data sheet and the notes sheet
}

// TemplateLabels returns the fixed names of a template in lang ("zh" or
// "en"; anything else is Chinese).
func TemplateLabels(lang string) TemplateNames {
	if lang == "en" {
		return TemplateNames{Unit: "City", Code: "Code", Year: "Year", Data: "Data", Notes: "Notes"}
	}
	return TemplateNames{Unit: "城市", Code: "代码", Year: "年份", Data: "数据", Notes: "说明"}
}

// tl is a bilingual text of the template.
type tl struct{ zh, en string }

func (t tl) in(g lang) string {
	if g == "en" {
		return t.en
	}
	return t.zh
}

// Texts of the notes sheet and of the data-validation messages.
var (
	tnHeader     = tl{"列标题", "Header"}
	tnColumn     = tl{"列", "Column"}
	tnID         = tl{"编号", "ID"}
	tnDefinition = tl{"定义", "Definition"}
	tnUnit       = tl{"单位", "Unit"}
	tnScope      = tl{"口径", "Scope"}
	tnRange      = tl{"取值范围", "Range"}
	tnSource     = tl{"来源", "Source"}
	tnNeededBy   = tl{"所需指标", "Needed by"}
	tnExample    = tl{"示例值", "Example"}
	tnHowTo      = tl{"填写说明", "How to fill in"}
	tnAnyNumber  = tl{"任意数值", "any number"}
	tnErrTitle   = tl{"数值不符合要求", "Value not accepted"}
	tnWarnTitle  = tl{"请核对数值", "Please check the value"}
)

// rangeText describes [lo, hi]: "≥ 0", "0 – 100", "≤ 5", any number.
func rangeText(g lang, lo, hi float64) string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	switch {
	case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		return tnAnyNumber.in(g)
	case math.IsInf(hi, 1):
		return "≥ " + num(lo)
	case math.IsInf(lo, -1):
		return "≤ " + num(hi)
	}
	return num(lo) + " – " + num(hi)
}

// validationError is the message a data-validation alert shows for c.
func validationError(g lang, c TemplateColumn) string {
	name := c.Name
	if name == "" {
		name = c.Header
	}
	r := rangeText(g, c.Min, c.Max)
	var s string
	if g == "en" {
		s = fmt.Sprintf("%s: a number, %s", name, r)
		if c.Unit != "" {
			s += ", in " + c.Unit
		}
		s += ". Leave the cell empty when the value is unknown (not 0, not text)."
		if !c.Strict {
			s += " Keep it anyway only if the value is right."
		}
	} else {
		s = fmt.Sprintf("「%s」应为数值，%s", name, r)
		if c.Unit != "" {
			s += "，单位：" + c.Unit
		}
		s += "。数值不详请留空（不要填 0 或文字）。"
		if !c.Strict {
			s += "如确认无误可保留。"
		}
	}
	return clip(s, 250)
}

// validationPrompt is the message shown when a cell of c is selected.
func validationPrompt(g lang, c TemplateColumn) string {
	var parts []string
	if c.Unit != "" {
		parts = append(parts, tnUnit.in(g)+sep(g)+c.Unit)
	}
	if c.Scope != "" {
		parts = append(parts, tnScope.in(g)+sep(g)+c.Scope)
	}
	parts = append(parts, tnRange.in(g)+sep(g)+rangeText(g, c.Min, c.Max))
	joiner := "；"
	if g == "en" {
		joiner = "; "
	}
	return clip(strings.Join(parts, joiner), 250)
}

func sep(g lang) string {
	if g == "en" {
		return ": "
	}
	return "："
}

// clip shortens s to at most n runes (Excel limits data-validation texts).
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// WriteTemplate writes the fill-in workbook t: its data sheets, then the
// notes sheet (说明 / Notes) with one row per column.
//
// Each data sheet has the header on row 1, frozen with the unit, code and
// year columns; those columns are greyed and locked, the sheet protected
// without a password (审阅 › 撤销工作表保护 / Review › Unprotect Sheet lifts
// it), and the value cells unlocked, formatted as numbers (General) and
// validated as decimals within [Min, Max] with a message naming the unit
// and range. Codes are text, so that leading zeros stay.
func WriteTemplate(w io.Writer, t *Template) error {
	g, err := parseLang(t.Lang)
	if err != nil {
		return err
	}
	if len(t.Sheets) == 0 {
		return errors.New("exporters: template: no data sheet")
	}
	names := TemplateLabels(string(g))
	seen := map[string]bool{strings.ToLower(names.Notes): true}
	for i := range t.Sheets {
		n := t.Sheets[i].Name
		if n == "" {
			n = names.Data
		}
		if seen[strings.ToLower(n)] {
			return fmt.Errorf("exporters: template: two sheets named %q", n)
		}
		seen[strings.ToLower(n)] = true
	}
	f := excelize.NewFile()
	defer f.Close()
	tw := &templateWriter{f: f, g: g, t: t, names: names}
	if err := tw.styles(); err != nil {
		return err
	}
	for i, sh := range t.Sheets {
		if sh.Name == "" {
			sh.Name = names.Data
		}
		if err := tw.dataSheet(i, sh); err != nil {
			return fmt.Errorf("exporters: template: sheet %s: %w", sh.Name, err)
		}
	}
	if err := tw.notes(); err != nil {
		return fmt.Errorf("exporters: template: notes: %w", err)
	}
	props := &excelize.DocProperties{Creator: t.Creator, Title: t.Title, Description: t.Description}
	if props.Creator == "" {
		props.Creator = "cityscore"
	}
	if !t.Time.IsZero() {
		props.Created = t.Time.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := f.SetDocProps(props); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	// excelize writes the parts in map order and every sheet's range as
	// A1: normalised, the same template gives the same bytes and each
	// sheet states the range of its cells.
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return xlsxzip.Normalize(w, buf.Bytes())
}

// templateWriter holds the workbook being written and its style ids.
type templateWriter struct {
	f     *excelize.File
	g     lang
	t     *Template
	names TemplateNames

	header, fixed, code, year, input, wrap int
}

func (tw *templateWriter) styles() error {
	var err error
	style := func(s *excelize.Style) int {
		id, e := tw.f.NewStyle(s)
		if e != nil && err == nil {
			err = e
		}
		return id
	}
	locked := &excelize.Protection{Locked: true}
	grey := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}
	tw.header = style(&excelize.Style{
		Font:       &excelize.Font{Bold: true},
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:     []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment:  &excelize.Alignment{Vertical: "center", WrapText: true},
		Protection: locked,
	})
	tw.fixed = style(&excelize.Style{Fill: grey, Protection: locked})
	tw.code = style(&excelize.Style{Fill: grey, NumFmt: 49, Protection: locked}) // @: text
	tw.year = style(&excelize.Style{Fill: grey, NumFmt: 1, Protection: locked, Alignment: &excelize.Alignment{Horizontal: "center"}})
	tw.input = style(&excelize.Style{NumFmt: 0, Protection: &excelize.Protection{Locked: false},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFBEA"}},
		Border: []excelize.Border{{Type: "left", Color: "E7E6E6", Style: 1}, {Type: "right", Color: "E7E6E6", Style: 1}, {Type: "bottom", Color: "E7E6E6", Style: 1}}})
	tw.wrap = style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	return err
}

// newSheet creates sheet name, renaming the default sheet for the first,
// and sets it up for printing: A4 landscape, fitWide (one page wide, when
// true), the header row and the first titleCols columns repeated on every
// page.
func (tw *templateWriter) newSheet(first bool, name string, fitWide bool, titleCols int) error {
	if first {
		if err := tw.f.SetSheetName(tw.f.GetSheetName(0), name); err != nil {
			return err
		}
	} else if _, err := tw.f.NewSheet(name); err != nil {
		return err
	}
	a4, landscape := 9, "landscape"
	layout := &excelize.PageLayoutOptions{Size: &a4, Orientation: &landscape}
	if fitWide {
		fit, wide, high := true, 1, 0
		if err := tw.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
			return err
		}
		layout.FitToWidth, layout.FitToHeight = &wide, &high
	}
	if err := tw.f.SetPageLayout(name, layout); err != nil {
		return err
	}
	titles := quoteSheet(name) + "!$1:$1"
	if titleCols > 0 {
		last, err := excelize.ColumnNumberToName(titleCols)
		if err != nil {
			return err
		}
		titles = quoteSheet(name) + "!$A:$" + last + "," + titles
	}
	return tw.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: name})
}

// dataSheet writes data sheet i.
func (tw *templateWriter) dataSheet(i int, sh TemplateSheet) error {
	f, name := tw.f, sh.Name
	fixedCols := 2
	if sh.Year {
		fixedCols = 3
	}
	if err := tw.newSheet(i == 0, name, false, fixedCols); err != nil {
		return err
	}
	last := len(sh.Rows) + 1 // last row

	// Header.
	hdr := []any{tw.names.Unit, tw.names.Code}
	if sh.Year {
		hdr = append(hdr, tw.names.Year)
	}
	for _, c := range tw.t.Columns {
		hdr = append(hdr, c.Header)
	}
	if err := f.SetSheetRow(name, "A1", &hdr); err != nil {
		return err
	}
	endHdr, err := excelize.CoordinatesToCellName(len(hdr), 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", endHdr, tw.header); err != nil {
		return err
	}

	// Widths and styles of the fixed columns.
	unitW := textWidth(tw.names.Unit)
	for _, r := range sh.Rows {
		unitW = max(unitW, textWidth(r.Unit))
	}
	if err := f.SetColWidth(name, "A", "A", min(unitW+3, 40)); err != nil {
		return err
	}
	if err := f.SetColWidth(name, "B", "B", 9); err != nil {
		return err
	}
	if sh.Year {
		if err := f.SetColWidth(name, "C", "C", 7); err != nil {
			return err
		}
	}
	// Value columns: wide enough for a number and for the header, wrapped
	// on up to four lines.
	lines := 1.0
	for j, c := range tw.t.Columns {
		col, err := excelize.ColumnNumberToName(fixedCols + j + 1)
		if err != nil {
			return err
		}
		hw := textWidth(c.Header)
		w := max(hw+2, 12)
		if w > 26 {
			w = min(max(math.Ceil(hw/2)+3, 12), 26)
		}
		lines = max(lines, math.Ceil(hw/(w-2)))
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(name, 1, 15*min(lines, 4)+4); err != nil {
		return err
	}

	// Rows.
	for k, r := range sh.Rows {
		row := k + 2
		vals := []any{r.Unit, r.Code}
		if sh.Year {
			if r.Year != 0 {
				vals = append(vals, r.Year)
			} else {
				vals = append(vals, nil)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(name, cell, &vals); err != nil {
			return err
		}
		// SetSheetRow writes the code as a string cell; the text style
		// keeps Excel from turning a retyped 110000 into a number.
	}
	if len(sh.Rows) > 0 {
		lastA, _ := excelize.CoordinatesToCellName(1, last)
		if err := f.SetCellStyle(name, "A2", lastA, tw.fixed); err != nil {
			return err
		}
		lastB, _ := excelize.CoordinatesToCellName(2, last)
		if err := f.SetCellStyle(name, "B2", lastB, tw.code); err != nil {
			return err
		}
		if sh.Year {
			lastC, _ := excelize.CoordinatesToCellName(3, last)
			if err := f.SetCellStyle(name, "C2", lastC, tw.year); err != nil {
				return err
			}
		}
		if len(tw.t.Columns) > 0 {
			first, _ := excelize.CoordinatesToCellName(fixedCols+1, 2)
			end, _ := excelize.CoordinatesToCellName(fixedCols+len(tw.t.Columns), last)
			if err := f.SetCellStyle(name, first, end, tw.input); err != nil {
				return err
			}
		}
		for j, c := range tw.t.Columns {
			if err := tw.validate(name, fixedCols+j+1, last, c); err != nil {
				return err
			}
		}
	}
	if err := f.SetPanes(name, frozen(fixedCols)); err != nil {
		return err
	}
	return f.ProtectSheet(name, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, FormatCells: true,
	})
}

// validate adds the data validation of column c (1-based col) over rows 2
// to last.
func (tw *templateWriter) validate(sheet string, col, last int, c TemplateColumn) error {
	letters, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = fmt.Sprintf("%s2:%s%d", letters, letters, last)
	lo, hi := c.Min, c.Max
	// The formulas are text, so that a bound beyond float32 is accepted.
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	switch {
	case math.IsInf(lo, -1) && math.IsInf(hi, 1):
		err = dv.SetRange("-1E+307", "1E+307", excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
	case math.IsInf(hi, 1):
		err = dv.SetRange(num(lo), "", excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual)
	case math.IsInf(lo, -1):
		err = dv.SetRange(num(hi), "", excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorLessThanOrEqual)
	default:
		err = dv.SetRange(num(lo), num(hi), excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
	}
	if err != nil {
		return err
	}
	style, title := excelize.DataValidationErrorStyleWarning, tnWarnTitle.in(tw.g)
	if c.Strict {
		style, title = excelize.DataValidationErrorStyleStop, tnErrTitle.in(tw.g)
	}
	dv.SetError(style, title, validationError(tw.g, c))
	name := c.Name
	if name == "" {
		name = c.Header
	}
	dv.SetInput(clip(name, 32), validationPrompt(tw.g, c))
	return tw.f.AddDataValidation(sheet, dv)
}

// notes writes the notes sheet: one row per column, then the instructions.
func (tw *templateWriter) notes() error {
	f, g, name := tw.f, tw.g, tw.names.Notes
	if err := tw.newSheet(false, name, true, 0); err != nil {
		return err
	}
	hdr := []any{tnHeader.in(g), tnColumn.in(g), tnID.in(g), tnDefinition.in(g), tnUnit.in(g), tnScope.in(g),
		tnRange.in(g), tnSource.in(g), tnNeededBy.in(g), tnExample.in(g)}
	if err := f.SetSheetRow(name, "A1", &hdr); err != nil {
		return err
	}
	end, _ := excelize.CoordinatesToCellName(len(hdr), 1)
	if err := f.SetCellStyle(name, "A1", end, tw.header); err != nil {
		return err
	}
	fixedCols := 2
	if len(tw.t.Sheets) > 0 && tw.t.Sheets[0].Year {
		fixedCols = 3
	}
	widths := make([]float64, len(hdr))
	for i, h := range hdr {
		widths[i] = textWidth(h.(string))
	}
	for j, c := range tw.t.Columns {
		letters, _ := excelize.ColumnNumberToName(fixedCols + j + 1)
		row := []any{c.Header, letters, c.ID, c.Definition, c.Unit, c.Scope, rangeText(g, c.Min, c.Max),
			c.Source, c.NeededBy, c.Example}
		for i, v := range row {
			widths[i] = max(widths[i], textWidth(v.(string)))
			if v == "" {
				row[i] = nil
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, j+2)
		if err := f.SetSheetRow(name, cell, &row); err != nil {
			return err
		}
	}
	limits := []float64{36, 6, 30, 60, 12, 8, 12, 40, 50, 24}
	for i, w := range widths {
		widths[i] = min(max(w+2, 6), limits[i])
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, widths[i]); err != nil {
			return err
		}
	}
	// Wrapped cells need their rows' heights: not every application
	// fits them on opening.
	for j, c := range tw.t.Columns {
		lines := 1.0
		for i, v := range []string{c.Header, "", c.ID, c.Definition, c.Unit, c.Scope, "", c.Source, c.NeededBy, c.Example} {
			lines = max(lines, math.Ceil(textWidth(v)/(widths[i]-1)))
		}
		if lines > 1 {
			if err := f.SetRowHeight(name, j+2, 15*min(lines, 12)+2); err != nil {
				return err
			}
		}
	}
	if n := len(tw.t.Columns); n > 0 {
		last, _ := excelize.CoordinatesToCellName(len(hdr), n+1)
		if err := f.SetCellStyle(name, "A2", last, tw.wrap); err != nil {
			return err
		}
	}
	if err := f.SetPanes(name, frozen(1)); err != nil {
		return err
	}
	if len(tw.t.Instructions) > 0 {
		row := len(tw.t.Columns) + 3
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetCellValue(name, cell, tnHowTo.in(g)); err != nil {
			return err
		}
		bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		if err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, bold); err != nil {
			return err
		}
		for k, line := range tw.t.Instructions {
			cell, _ := excelize.CoordinatesToCellName(1, row+1+k)
			if err := f.SetCellValue(name, cell, line); err != nil {
				return err
			}
		}
	}
	return nil
}
