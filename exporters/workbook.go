package exporters

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	kflate "github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/internal/xlsxzip"
	"github.com/cityscore/cityscore/scoring"
)

// WriteWorkbook writes the ranked workbook: the sheets Overview (总览, one
// printed page on the latest year), Ranking (排名), with o.Groups the
// Groups sheet (分组比较), Charts (图表), Dimensions (维度), Indicators (指标), Weights (权重),
// Data quality (数据质量) and Method (方法), named and labelled in o.Lang.
// With o.Uncertainty, the Ranking sheet shows each unit's rank range, an
// Uncertainty sheet (不确定性) follows the Charts sheet and the Method
// sheet ends with the design of the analysis.
//
// Every tabular sheet is streamed: excelize's StreamWriter writes its
// frame and cityscore its rows (sheetxml.go, splice.go), so that no table
// is held in memory as cells; only the small Overview and Charts sheets
// use ordinary cell setters. Each sheet after the Overview has its header on row 1
// (the Dimensions sheet on rows 1–2), frozen, and column widths from its
// contents; tables have an autofilter. No font is set: the workbook uses
// the application's default, which Excel and WPS map to a CJK font.
//
// The Indicators sheet is long, a row per unit, year and indicator, unless
// that would take more than one sheet or o.IndicatorsLayout asks for it
// wide: a row per unit and year, with a Sources sheet (来源) after it.
// Another table longer than a sheet holds (maxSheetRows rows below the
// header) continues on numbered sheets, "指标 (2)", "Indicators (2)" …,
// each with the header, frozen panes, print titles, autofilter and colour
// scales; the Method sheet and the Overview's guide say which tables were
// split and which layout the Indicators sheet has.
func WriteWorkbook(w io.Writer, o *Output) error {
	r, err := checkOutput(o)
	if err != nil {
		return err
	}
	g, err := parseLang(o.Lang)
	if err != nil {
		return err
	}
	if err := checkUnitNames(g, r); err != nil {
		return err
	}
	if err := checkUncertainty(g, o.Uncertainty); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f, g: g, o: o, r: r}
	defer func() {
		if b.deflater != nil {
			b.deflater.close() // on an error too: no goroutine left behind
		}
	}()
	if err := b.init(); err != nil {
		return err
	}
	if err := b.chooseLayout(); err != nil {
		return err
	}
	b.parts = b.plan()
	if b.leastRows() > fastDeflateRows {
		// Large for sure: deflate from the first table on.
		b.goFast()
	}
	if err := b.overview(); err != nil {
		return fmt.Errorf("exporters: workbook: %w", err)
	}
	for _, p := range b.parts {
		if err := p.write(); err != nil {
			return fmt.Errorf("exporters: workbook: %w", err)
		}
	}
	if err := b.noteSplits(); err != nil {
		return fmt.Errorf("exporters: workbook: %w", err)
	}
	if b.rows > fastDeflateRows {
		f.SetZipWriter(fastZip)
	}
	// The Overview sheet, the renamed default sheet, is already the active
	// one. (SetActiveSheet would parse every streamed sheet back.)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	// excelize writes the parts in map order: the same workbook, the same
	// bytes.
	if len(b.bodies) == 0 {
		return xlsxzip.Normalize(w, buf.Bytes())
	}
	var frames bytes.Buffer
	if err := xlsxzip.Normalize(&frames, buf.Bytes()); err != nil {
		return err
	}
	buf.Reset()
	if err := b.splice(w, frames.Bytes()); err != nil {
		return fmt.Errorf("exporters: workbook: %w", err)
	}
	return nil
}

// fastDeflateRows is the most table rows a workbook has whose parts are
// deflated at Go's default level (as before: such workbooks keep their
// bytes). A larger one is deflated by klauspost/compress at level 1: on
// the XML of a 1,000,000-row Indicators sheet it deflates 4.4× as fast as
// the default level, for a file a quarter larger (docs/benchmarks.md).
// A variable: tests lower it.
var fastDeflateRows = 500_000

// leastRows returns a lower bound of the rows of the book's tables,
// headers included: those of the Ranking, Dimensions, Indicators and
// Obstacles sheets. Past fastDeflateRows, the book deflates its rows as
// they are written from the start, not from when they pass the mark.
func (b *book) leastRows() int {
	r := b.r
	unitYears := 0
	for _, y := range r.Years {
		unitYears += len(y.Units)
	}
	n := 1 + unitYears // the Dimensions sheet
	if len(r.Years) > 0 {
		n += 1 + len(r.Years[len(r.Years)-1].Units) // the Ranking sheet
	}
	if b.wide {
		n += 2 + unitYears
	} else {
		n += 1 + b.longRows
	}
	if hasObstacles(r) {
		n += 1 + unitYears
	}
	return n
}

// fastZip is excelize's zip writer, deflating at level 1.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return kflate.NewWriter(out, 1)
	})
	return zw
}

// sheetPart is a sheet of the workbook after the Overview: its name, what
// it holds (for the Overview's guide) and its writer.
type sheetPart struct {
	name, about label
	write       func() error
	// target is the sheet the Overview links to when the part writes
	// sheets of other names (the city sheets); "" for the part's name.
	target string
}

// plan returns the sheets after the Overview, in order: the Overview lists
// them, so the decision which sheets exist is made once, here.
func (b *book) plan() []sheetPart {
	r, o := b.r, b.o
	parts := []sheetPart{{sheetRanking, aboutRanking, b.ranking, ""}}
	if hasGroupBlocks(o.Groups) {
		parts = append(parts, sheetPart{sheetGroups, aboutGroups, b.groups, ""})
	}
	parts = append(parts, sheetPart{sheetCharts, aboutCharts, b.charts, ""})
	if o.Uncertainty != nil {
		parts = append(parts, sheetPart{sheetUncertainty, aboutUncertainty, b.uncertainty, ""})
	}
	if multiYear(r) {
		parts = append(parts, sheetPart{sheetTrends, aboutTrends, b.trends, ""}, sheetPart{sheetEarlier, aboutEarlier, b.earlier, ""})
	}
	if r.HasTargets() {
		parts = append(parts, sheetPart{sheetDashboard, aboutDashboard, b.dashboard, ""})
	}
	parts = append(parts, sheetPart{sheetDimensions, aboutDimensions, b.dimensions, ""}, sheetPart{sheetIndicators, aboutIndicators, b.indicators, ""})
	if b.wide {
		parts = append(parts, sheetPart{sheetSources, aboutSources, b.sources, ""})
	}
	if r.Options.Coupling != nil {
		parts = append(parts, sheetPart{sheetCoupling, aboutCoupling, b.coupling, ""})
	}
	if hasObstacles(r) {
		parts = append(parts, sheetPart{sheetObstacles, aboutObstacles, b.obstacles, ""})
	}
	parts = append(parts, sheetPart{sheetWeights, aboutWeights, b.weights, ""},
		sheetPart{sheetQuality, aboutQuality, b.quality, ""}, sheetPart{sheetMethod, aboutMethod, b.method, ""})
	if len(o.CityUnits) > 0 {
		parts = append(parts, sheetPart{sheetCities, aboutCities, b.citySheets, citySheetName(o.CityUnits[0])})
	}
	return parts
}

// book is a workbook being written.
type book struct {
	f      *excelize.File
	g      lang
	o      *Output
	r      *scoring.Result
	sheets int // sheets created so far

	// Style ids.
	header, section, score, rank, pct, weight, integer int
	imputed                                            int    // a value filled by imputation
	unranked                                           int    // a unit the coverage rule leaves unranked
	growth                                             int    // a growth rate: 0.00%
	ratings                                            [4]int // red, orange, yellow, green fills

	// Styles of the Uncertainty sheet, made only when there is one (so
	// that a workbook without it is the same as before).
	rankStat, index, wrap int
	ua                    *uaStats // the rank ranges, by unit; nil without analysis

	// Styles of the Overview and Groups sheets.
	title, score2, note, link int
	parts                     []sheetPart // the sheets after the Overview

	shortPaths *strings.Replacer // input paths → file names (short)
	unitW      float64           // unitWidth, once known

	band int // a header over a group of columns: centred

	splits []split      // the tables continued on numbered sheets
	rows   int          // rows of all tables, headers included
	bodies []*sheetBody // the rows of the tables' sheets, spliced in at the end

	// The layout of the Indicators sheet: wide (as asked, or as the long
	// one would take longRows rows, more than a sheet holds) or long.
	wide, wideAsked bool
	longRows        int
	wideSheets      []string    // the sheets of the wide Indicators table
	runs            []sourceRun // the sources of its values, for the Sources sheet
	// deflater deflates the rows as they are written, once the tables
	// have more than fastDeflateRows rows; nil before.
	deflater *deflater
	ov       *ovSheet // the Overview, to note the splits in its guide
	guide    []int    // the Overview's guide row of each part
}

func (b *book) init() error {
	var err error
	style := func(s *excelize.Style) int {
		id, e := b.f.NewStyle(s)
		if e != nil && err == nil {
			err = e
		}
		return id
	}
	scoreFmt, weightFmt := "0.00", "0.0000"
	if scoreTop(b.r) <= 10 {
		scoreFmt = "0.0000" // closeness, grades and [0, 1] ranges need more digits
	}
	b.header = style(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	b.section = style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	b.score = style(&excelize.Style{CustomNumFmt: &scoreFmt})
	center := &excelize.Alignment{Horizontal: "center"}
	b.rank = style(&excelize.Style{NumFmt: 1, Alignment: center})    // 0
	b.pct = style(&excelize.Style{NumFmt: 9})                        // 0%
	b.growth = style(&excelize.Style{NumFmt: 10})                    // 0.00%
	b.integer = style(&excelize.Style{NumFmt: 1, Alignment: center}) // 0
	b.weight = style(&excelize.Style{CustomNumFmt: &weightFmt})
	b.unranked = style(&excelize.Style{Font: &excelize.Font{Color: "808080"}})
	b.imputed = style(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "9C5700"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}})
	for k, c := range []string{"F8696B", "F4B183", "FFEB84", "63BE7B"} { // red, orange, yellow, green
		b.ratings[k] = style(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}},
			Alignment: &excelize.Alignment{Horizontal: "center"}})
	}
	twoFmt := "0.00"
	b.title = style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	b.score2 = style(&excelize.Style{CustomNumFmt: &twoFmt})
	b.note = style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	b.link = style(&excelize.Style{Font: &excelize.Font{Color: "1F4E79", Underline: "single"}, Alignment: &excelize.Alignment{Vertical: "top"}})
	if b.o.Uncertainty != nil {
		rankFmt, indexFmt := "0.0#", "0.000"
		b.rankStat = style(&excelize.Style{CustomNumFmt: &rankFmt, Alignment: center})
		b.index = style(&excelize.Style{CustomNumFmt: &indexFmt})
		b.wrap = style(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
		b.ua = newUAStats(b.o.Uncertainty)
	}
	b.band = style(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "8EA9DB", Style: 1}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	if err != nil {
		return err
	}
	m := b.o.Manifest
	props := &excelize.DocProperties{
		Creator:     strings.TrimSpace(m.Tool + " " + m.Version),
		Title:       b.r.Schema.Nodes[0].Name.In(string(b.g)),
		Description: m.Command,
	}
	if props.Creator == "" {
		props.Creator = "cityscore"
	}
	if !m.Time.IsZero() {
		props.Created = m.Time.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	return b.f.SetDocProps(props)
}

// newSheet adds a worksheet named name, renaming the default first sheet,
// and sets it up for printing: A4 landscape, one page wide (fitHigh: and
// one page high), the header row repeated on every page.
func (b *book) newSheet(name string, fitHigh bool) error {
	return b.newSheetHeader(name, fitHigh, 1)
}

// newSheetHeader is newSheet for a sheet whose header is on row header.
func (b *book) newSheetHeader(name string, fitHigh bool, header int) error {
	return b.newSheetRows(name, fitHigh, header, header)
}

// newSheetRows is newSheet for a sheet whose header is on rows first to
// last, all repeated on every printed page.
func (b *book) newSheetRows(name string, fitHigh bool, first, last int) error {
	b.sheets++
	if b.sheets == 1 {
		if err := b.f.SetSheetName(b.f.GetSheetName(0), name); err != nil {
			return err
		}
	} else if _, err := b.f.NewSheet(name); err != nil {
		return err
	}
	// Set before any StreamWriter: fitToPage lives in sheetPr, which a
	// StreamWriter writes first.
	fit := true
	if err := b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	a4, landscape, wide, high := 9, "landscape", 1, 0
	if fitHigh {
		high = 1
	}
	if err := b.f.SetPageLayout(name, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &landscape, FitToWidth: &wide, FitToHeight: &high,
	}); err != nil {
		return err
	}
	return b.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(name), first, last), Scope: name,
	})
}

// column is one column of a streamed table.
type column struct {
	header string
	width  float64 // display width of the widest value (0: a number)
	style  int     // style of the data cells
	// group heads a first header row over the consecutive columns of the
	// same group (a goal over its dimensions), merged; a table with a
	// group has this two-row header, the column headers on row 2.
	group string
}

// maxSheetRows is the most rows below its header a sheet of a table holds:
// a longer table continues on numbered sheets ("指标 (2)", "指标 (3)" …),
// each with the same header. A round million, below Excel's 1,048,576
// rows with room for the header, so that sheet k holds rows
// (k−1)·1,000,000+1 to k·1,000,000 of the table.
const maxSheetRows = 1_000_000

// splitRows is maxSheetRows; tests lower it.
var splitRows = maxSheetRows

// table is a sheet being written with a StreamWriter, continued on
// numbered sheets past splitRows rows.
type table struct {
	b      *book
	name   string // of the first sheet; the errors name it
	sw     *excelize.StreamWriter
	cols   []column
	freeze int
	// row is the last row written, counted as if the table were one sheet:
	// at maps it to a sheet and a row there.
	row   int
	cell  []byte
	head  int                      // header rows: 1, or 2 under column groups
	names []string                 // the table's sheets, in order
	sws   []*excelize.StreamWriter // their writers, flushed at the end
	// bodies hold the rows below the header of each sheet, written by enc.
	bodies  []*sheetBody
	enc     rowEncoder
	builder rowBuilder // the row of begin and end
}

// split records a table written over more than one sheet.
type split struct {
	sheets []string
	rows   int // below the header, in all
}

// stream starts sheet name with a header row of cols (two rows when a
// column has a group), frozen together with the first freezeCols columns.
func (b *book) stream(name string, cols []column, freezeCols int) (*table, error) {
	head := 1
	for _, c := range cols {
		if c.group != "" {
			head = 2
		}
	}
	t := &table{b: b, name: name, cols: cols, freeze: freezeCols, head: head}
	t.row = head
	t.enc.colStyle = make([]int, len(cols))
	for i, c := range cols {
		t.enc.colStyle[i] = c.style
	}
	return t, t.more()
}

// more starts the table's next sheet: its name, print setup, frozen
// panes, column widths and header rows.
func (t *table) more() error {
	b, name := t.b, t.name
	if len(t.names) > 0 {
		name = b.g.t(sheetContinued, t.name, len(t.names)+1)
	}
	if err := b.newSheetRows(name, false, 1, t.head); err != nil {
		return err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	t.names, t.sws, t.sw = append(t.names, name), append(t.sws, sw), sw
	if !excelizeRows {
		t.bodies = append(t.bodies, b.body(name))
	}
	if err := sw.SetPanes(frozenAt(t.freeze, t.head)); err != nil {
		return err
	}
	wrap := false
	hdr := make([]any, len(t.cols))
	for i, c := range t.cols {
		w, hw := colWidth(c), textWidth(c.header)+2
		if hw > w {
			wrap = true
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
		if c.style != 0 {
			if err := sw.SetColStyle(i+1, i+1, c.style); err != nil {
				return err
			}
		}
		hdr[i] = excelize.Cell{StyleID: b.header, Value: c.header}
	}
	opts := excelize.RowOpts{}
	if wrap {
		opts.Height = 30 // two lines of wrapped header
	}
	if t.head == 2 {
		if err := t.groupRow(); err != nil {
			return err
		}
	}
	return sw.SetRow("A"+strconv.Itoa(t.head), hdr, opts)
}

// at returns the sheet (an index into names) and the row there of row
// of the table.
func (t *table) at(row int) (sheet, local int) {
	if row <= t.head {
		return 0, row
	}
	sheet = (row - t.head - 1) / splitRows
	return sheet, row - sheet*splitRows
}

// local returns the row of the last row written on its sheet.
func (t *table) local() int {
	_, r := t.at(t.row)
	return r
}

// groupRow writes the first header row of a table with column groups: each
// group's text merged over its columns, blank header cells elsewhere.
func (t *table) groupRow() error {
	vals := make([]any, len(t.cols))
	wrap := false
	for i := 0; i < len(t.cols); {
		g, j, w := t.cols[i].group, i, 0.0
		for ; j < len(t.cols) && t.cols[j].group == g; j++ {
			w += colWidth(t.cols[j])
		}
		if g == "" {
			for k := i; k < j; k++ {
				vals[k] = excelize.Cell{StyleID: t.b.header}
			}
			i = j
			continue
		}
		vals[i] = excelize.Cell{StyleID: t.b.band, Value: g}
		for k := i + 1; k < j; k++ {
			vals[k] = excelize.Cell{StyleID: t.b.band}
		}
		wrap = wrap || textWidth(g)+2 > w
		if j-i > 1 {
			from, _ := excelize.CoordinatesToCellName(i+1, 1)
			to, _ := excelize.CoordinatesToCellName(j, 1)
			if err := t.sw.MergeCell(from, to); err != nil {
				return err
			}
		}
		i = j
	}
	opts := excelize.RowOpts{}
	if wrap {
		opts.Height = 30
	}
	return t.sw.SetRow("A1", vals, opts)
}

// add writes the next row, on the next sheet of the table when this one
// is full. Nil values leave their cell empty.
func (t *table) add(vals []any, opts ...excelize.RowOpts) error {
	t.row++
	sheet, local := t.at(t.row)
	for sheet >= len(t.sws) {
		if err := t.more(); err != nil {
			return err
		}
	}
	if local > excelize.TotalRows {
		return tooManyRows(t.name) // only with splitRows set too high
	}
	if excelizeRows {
		t.cell = strconv.AppendInt(append(t.cell[:0], 'A'), int64(local), 10)
		return t.sws[sheet].SetRow(string(t.cell), vals, opts...)
	}
	var o *excelize.RowOpts
	if len(opts) > 0 {
		o = &opts[len(opts)-1]
	}
	body := t.bodies[sheet]
	var err error
	if body.buf, err = t.enc.appendRow(body.buf, local, vals, o); err != nil {
		return fmt.Errorf("%s: row %d: %w", t.names[sheet], local, err)
	}
	body.wrote(local, local, len(vals))
	t.wrote(body)
	return nil
}

// wrote follows a row written to body: full chunks go to the deflater,
// and past fastDeflateRows rows the book starts deflating as it writes.
func (t *table) wrote(body *sheetBody) {
	body.chunk(t.b.deflater, false)
	if t.b.deflater == nil && t.b.rows+t.row > fastDeflateRows {
		t.b.goFast()
	}
}

// begin starts the next row, to be filled cell by cell and ended by end.
func (t *table) begin() (*rowBuilder, error) {
	t.row++
	sheet, local := t.at(t.row)
	for sheet >= len(t.sws) {
		if err := t.more(); err != nil {
			return nil, err
		}
	}
	if local > excelize.TotalRows {
		return nil, tooManyRows(t.name)
	}
	r := &t.builder
	r.enc, r.width = &t.enc, 0
	if !excelizeRows {
		r.buf = t.bodies[sheet].buf
	}
	r.start(local)
	return r, nil
}

// end ends the row begin started.
func (t *table) end(r *rowBuilder) error {
	sheet, _ := t.at(t.row)
	if excelizeRows {
		t.cell = strconv.AppendInt(append(t.cell[:0], 'A'), int64(r.row), 10)
		return t.sws[sheet].SetRow(string(t.cell), r.vals)
	}
	r.finish()
	body := t.bodies[sheet]
	body.buf, r.buf = r.buf, nil
	body.wrote(r.row, r.row, r.width)
	t.wrote(body)
	return nil
}

// section writes a bold title row, preceded by an empty row.
func (t *table) section(title string) error {
	t.row++
	return t.add([]any{excelize.Cell{StyleID: t.b.section, Value: title}})
}

// subHeader writes a header row within the sheet.
func (t *table) subHeader(hs []string) error {
	vals := make([]any, len(hs))
	for i, h := range hs {
		vals[i] = excelize.Cell{StyleID: t.b.header, Value: h}
	}
	return t.add(vals)
}

// colorScale adds a red–yellow–green colour scale on column col (0-based)
// of the rows below the header to last, on each sheet of the table (each
// sheet its own scale).
func (t *table) colorScale(col, last int) error {
	c, err := excelize.ColumnNumberToName(col + 1)
	if err != nil {
		return err
	}
	return t.ranges(last, func(sheet string, end int) error {
		if end <= t.head {
			return nil
		}
		ref := fmt.Sprintf("%s%d:%s%d", c, t.head+1, c, end)
		return t.b.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{{
			Type: "3_color_scale", Criteria: "=",
			MinType: "min", MidType: "percentile", MidValue: "50", MaxType: "max",
			MinColor: "#F8696B", MidColor: "#FFEB84", MaxColor: "#63BE7B",
		}})
	})
}

// filter sets an autofilter on the (last) header row over the rows to
// last, on each sheet of the table that holds some of them.
func (t *table) filter(last int) error {
	return t.ranges(max(last, t.head), func(sheet string, end int) error {
		to, err := excelize.CoordinatesToCellName(len(t.cols), end)
		if err != nil {
			return err
		}
		return t.b.f.AutoFilter(sheet, fmt.Sprintf("A%d:%s", t.head, to), nil)
	})
}

// ranges calls fn with each sheet of the table up to the one of row last
// and the last row there of the rows to last.
func (t *table) ranges(last int, fn func(sheet string, end int) error) error {
	ls, ll := t.at(last)
	for k, name := range t.names[:min(ls+1, len(t.names))] {
		end := t.head + splitRows
		if k == ls {
			end = ll
		}
		if err := fn(name, end); err != nil {
			return err
		}
	}
	return nil
}

// flush ends the table's sheets; a table of more than one sheet is noted
// for the Method and Overview sheets.
func (t *table) flush() error {
	for _, sw := range t.sws {
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	t.b.rows += t.row
	if len(t.names) > 1 {
		t.b.splits = append(t.b.splits, split{sheets: t.names, rows: t.row - t.head})
	}
	return nil
}

// frozen returns panes that freeze the header row and the first cols
// columns.
func frozen(cols int) *excelize.Panes { return frozenAt(cols, 1) }

// frozenAt returns panes that freeze the first rows rows and the first
// cols columns.
func frozenAt(cols, rows int) *excelize.Panes {
	top, _ := excelize.CoordinatesToCellName(cols+1, rows+1)
	pane := "bottomLeft"
	if cols > 0 {
		pane = "bottomRight"
	}
	return &excelize.Panes{
		Freeze: true, XSplit: cols, YSplit: rows, TopLeftCell: top, ActivePane: pane,
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}},
	}
}

// DisplayWidth returns the width of s in character cells, in a worksheet
// or a terminal: East Asian wide and full-width characters count two.
func DisplayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// textWidth is DisplayWidth as a column width.
func textWidth(s string) float64 { return float64(DisplayWidth(s)) }

// colWidth returns the width of column c: its widest value, or the header
// up to 24 cells (14 over numbers; longer headers wrap), within [6, 72].
func colWidth(c column) float64 {
	w, head := c.width, 24.0
	if w == 0 {
		// Numbers: a long header wraps onto a second line rather than
		// widening the column.
		w, head = 8, 14
	}
	w = max(w, min(textWidth(c.header), head)) + 2
	return min(max(w, 6), 72)
}

// widest returns the display width of the widest of ss.
func widest[S ~string](ss ...S) float64 {
	w := 0.0
	for _, s := range ss {
		w = max(w, textWidth(string(s)))
	}
	return w
}

// unitWidth returns the width of the widest unit id of r, at most
// maxUnitWidth (a column is at most 255 characters wide; longer names
// wrap or are cut off in the view, never in the cell).
func (b *book) unitWidth() float64 {
	if b.unitW == 0 {
		// Once: several sheets ask, and a large run has many units.
		w := 4.0
		for _, y := range b.r.Years {
			w = max(w, widest(y.Units...))
		}
		b.unitW = min(w, maxUnitWidth)
	}
	return b.unitW
}

// maxUnitWidth is the widest a unit column gets, as colWidth allows.
const maxUnitWidth = 58

// maxNameWidth is the widest a column of indicator names gets: the longest
// English names of the built-in catalog fit.
const maxNameWidth = 70

// name returns the name of node i in the book's language.
func (b *book) name(i int) string { return b.r.Schema.Nodes[i].Name.In(string(b.g)) }

// scoreName returns the name of node i for a header over its scores: a goal
// thinly measured in any year of the result (fewer than
// Options.ThinGoal indicators that most units have) is marked so, e.g.
// "韧性（测度不足）".
func (b *book) scoreName(i int) string {
	if thinAnyYear(b.r, i) {
		return b.g.t(thinMark, b.name(i))
	}
	return b.name(i)
}

// thinAnyYear reports whether node i is thinly measured in some year of r.
func thinAnyYear(r *scoring.Result, i int) bool {
	for _, y := range r.Years {
		if y.Thin(i, r.Options.ThinGoal) {
			return true
		}
	}
	return false
}

// scoreTop returns the largest absolute aggregate score of r.
func scoreTop(r *scoring.Result) float64 {
	top := 0.0
	for _, y := range r.Years {
		for i, n := range r.Schema.Nodes {
			if n.Level == dataset.LevelIndicator {
				continue
			}
			for _, v := range y.Scores[i] {
				if finite(v) {
					top = max(top, math.Abs(v))
				}
			}
		}
	}
	return top
}

// multiYear reports whether r holds more than one year.
func multiYear(r *scoring.Result) bool { return len(r.Years) > 1 }

// yearValue returns y as a cell value, nil for 0 (no year).
func yearValue(y int) any {
	if y == 0 {
		return nil
	}
	return y
}

func numValue(v float64) any {
	if !finite(v) {
		return nil
	}
	return v
}

func rankValue(r int32) any {
	if r <= 0 {
		return nil
	}
	return int(r)
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func strOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// yearSuffix returns the year for a chart title, "" when the data has no
// year.
func yearSuffix(g lang, year int) string {
	if year == 0 {
		return ""
	}
	return g.t(cYear, year)
}

// quoteSheet quotes a sheet name for a cell reference.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// short writes the input files in s by their names, without their folders:
// the sheets stay narrow and readable, and the Method sheet keeps every
// input's full path.
func (b *book) short(s string) string {
	if b.shortPaths == nil {
		var pairs []string
		for _, in := range b.o.Manifest.Inputs {
			if base := filepath.Base(in.Path); base != in.Path {
				pairs = append(pairs, in.Path, base)
			}
		}
		b.shortPaths = strings.NewReplacer(pairs...)
	}
	return b.shortPaths.Replace(s)
}
