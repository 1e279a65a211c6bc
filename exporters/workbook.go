package exporters

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/internal/xlsxzip"
	"github.com/cityscore/cityscore/scoring"
)

// WriteWorkbook writes the ranked workbook: the sheets Ranking (排名),
// Charts (图表), Dimensions (维度), Indicators (指标), Weights (权重),
// Data quality (数据质量) and Method (方法), named and labelled in o.Lang.
//
// Every tabular sheet is written with excelize's StreamWriter, so the
// long Indicators sheet (units × years × indicators rows) is never held in
// memory as cells; only the small Charts sheet uses ordinary cell setters.
// Each sheet has its header on row 1, frozen, and column widths from its
// contents; tables have an autofilter. No font is set: the workbook uses
// the application's default, which Excel and WPS map to a CJK font.
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
	f := excelize.NewFile()
	defer f.Close()
	b := &book{f: f, g: g, o: o, r: r}
	if err := b.init(); err != nil {
		return err
	}
	sheets := []func() error{b.ranking, b.charts}
	if multiYear(r) {
		sheets = append(sheets, b.trends)
	}
	if r.HasTargets() {
		sheets = append(sheets, b.dashboard)
	}
	sheets = append(sheets, b.dimensions, b.indicators)
	if r.Options.Coupling != nil {
		sheets = append(sheets, b.coupling)
	}
	if hasObstacles(r) {
		sheets = append(sheets, b.obstacles)
	}
	sheets = append(sheets, b.weights, b.quality, b.method)
	for _, write := range sheets {
		if err := write(); err != nil {
			return fmt.Errorf("exporters: workbook: %w", err)
		}
	}
	// The Ranking sheet, the renamed default sheet, is already the active
	// one. (SetActiveSheet would parse every streamed sheet back.)
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	// excelize writes the parts in map order: the same workbook, the same
	// bytes.
	return xlsxzip.Normalize(w, buf.Bytes())
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
		Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(name) + "!$1:$1", Scope: name,
	})
}

// column is one column of a streamed table.
type column struct {
	header string
	width  float64 // display width of the widest value (0: a number)
	style  int     // style of the data cells
}

// table is a sheet being written with a StreamWriter.
type table struct {
	b    *book
	name string
	sw   *excelize.StreamWriter
	cols []column
	row  int // last row written
	cell []byte
}

// stream starts sheet name with a header row of cols, frozen together with
// the first freezeCols columns.
func (b *book) stream(name string, cols []column, freezeCols int) (*table, error) {
	if err := b.newSheet(name, false); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	t := &table{b: b, name: name, sw: sw, cols: cols}
	if err := sw.SetPanes(frozen(freezeCols)); err != nil {
		return nil, err
	}
	wrap := false
	hdr := make([]any, len(cols))
	for i, c := range cols {
		w, hw := colWidth(c), textWidth(c.header)+2
		if hw > w {
			wrap = true
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
		if c.style != 0 {
			if err := sw.SetColStyle(i+1, i+1, c.style); err != nil {
				return nil, err
			}
		}
		hdr[i] = excelize.Cell{StyleID: b.header, Value: c.header}
	}
	opts := excelize.RowOpts{}
	if wrap {
		opts.Height = 30 // two lines of wrapped header
	}
	return t, t.add(hdr, opts)
}

// add writes the next row. Nil values leave their cell empty.
func (t *table) add(vals []any, opts ...excelize.RowOpts) error {
	t.row++
	if t.row > excelize.TotalRows {
		return tooManyRows(t.name)
	}
	t.cell = strconv.AppendInt(append(t.cell[:0], 'A'), int64(t.row), 10)
	return t.sw.SetRow(string(t.cell), vals, opts...)
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
// of rows 2 to last.
func (t *table) colorScale(col, last int) error {
	if last < 2 {
		return nil
	}
	c, err := excelize.ColumnNumberToName(col + 1)
	if err != nil {
		return err
	}
	ref := fmt.Sprintf("%s2:%s%d", c, c, last)
	return t.b.f.SetConditionalFormat(t.name, ref, []excelize.ConditionalFormatOptions{{
		Type: "3_color_scale", Criteria: "=",
		MinType: "min", MidType: "percentile", MidValue: "50", MaxType: "max",
		MinColor: "#F8696B", MidColor: "#FFEB84", MaxColor: "#63BE7B",
	}})
}

// filter sets an autofilter on the header row over rows 1 to last.
func (t *table) filter(last int) error {
	end, err := excelize.CoordinatesToCellName(len(t.cols), max(last, 1))
	if err != nil {
		return err
	}
	return t.b.f.AutoFilter(t.name, "A1:"+end, nil)
}

func (t *table) flush() error { return t.sw.Flush() }

// frozen returns panes that freeze the header row and the first cols
// columns.
func frozen(cols int) *excelize.Panes {
	top, _ := excelize.CoordinatesToCellName(cols+1, 2)
	pane := "bottomLeft"
	if cols > 0 {
		pane = "bottomRight"
	}
	return &excelize.Panes{
		Freeze: true, XSplit: cols, YSplit: 1, TopLeftCell: top, ActivePane: pane,
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
// up to 24 cells (14 over numbers; longer headers wrap), within [6, 60].
func colWidth(c column) float64 {
	w, head := c.width, 24.0
	if w == 0 {
		// Numbers: a long header wraps onto a second line rather than
		// widening the column.
		w, head = 8, 14
	}
	w = max(w, min(textWidth(c.header), head)) + 2
	return min(max(w, 6), 60)
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
	w := 4.0
	for _, y := range b.r.Years {
		w = max(w, widest(y.Units...))
	}
	return min(w, maxUnitWidth)
}

// maxUnitWidth is the widest a unit column gets, as colWidth allows.
const maxUnitWidth = 58

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

// goalScoreHeader is the Ranking sheet's header over the scores of goal i:
// its name, how many of its indicators most units have in the latest year
// (of all its indicators), and the thin mark: "韧性得分（1/8 项指标，测度不足）".
func (b *book) goalScoreHeader(i int) string {
	y := b.r.Years[latest(b.r)]
	if y.Measured == nil {
		return b.g.t(hGoalScore, b.scoreName(i))
	}
	l := hGoalScoreOf
	if thinAnyYear(b.r, i) {
		l = hGoalScoreThin
	}
	return b.g.t(l, b.name(i), y.Measured[i], len(b.r.Schema.Leaves(i)))
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

// ranking writes the Ranking sheet: rank, unit, year, index score, score
// and rank of every goal, coverage and ranking status, latest year first.
// Within a year the ranked units come first; the units the coverage rule
// leaves unranked follow, with 「数据不足，未排名」 and the goals that fall
// short, then the units without a score.
func (b *book) ranking() error {
	g, r := b.g, b.r
	goals := r.Schema.ByLevel(dataset.LevelGoal)
	cols := []column{
		{header: g.t(hRank), style: b.rank},
		{header: g.t(hUnit), width: b.unitWidth()},
		{header: g.t(hYear), style: b.integer},
		{header: g.t(hIndex), style: b.score},
	}
	for _, i := range goals {
		cols = append(cols,
			column{header: b.goalScoreHeader(i), style: b.score},
			column{header: g.t(hGoalRank, b.name(i)), style: b.rank})
	}
	cols = append(cols, column{header: g.t(hCoverage), style: b.pct})
	changes := multiYear(r)
	if changes {
		cols = append(cols, column{header: g.t(hScoreChange), style: b.score}, column{header: g.t(hRankChange), style: b.integer})
	}
	excluded, short := false, false
	for _, y := range r.Years {
		excluded = excluded || y.Excluded != nil
		for _, st := range y.Status {
			short = short || len(st.Short) > 0
		}
	}
	cols = append(cols, column{header: g.t(hStatus), width: widest(g.t(stRanked), g.t(stNotRanked), g.t(stNoScore))})
	if short {
		cols = append(cols, column{header: g.t(hShort), width: 40})
	}
	if excluded {
		cols = append(cols, column{header: g.t(hNoteExcluded), width: 50})
	}
	t, err := b.stream(g.t(sheetRanking), cols, 2)
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	for _, uy := range byRank(r, true) {
		y, u := r.Years[uy.y], uy.u
		st := status(y, u)
		vals = append(vals[:0], rankValue(y.Ranks[0][u]), string(y.Units[u]), yearValue(y.Year), numValue(y.Scores[0][u]))
		for _, i := range goals {
			vals = append(vals, numValue(y.Scores[i][u]), rankValue(y.Ranks[i][u]))
		}
		vals = append(vals, numValue(st.Coverage))
		if changes {
			if y.ScoreChange != nil {
				vals = append(vals, numValue(y.ScoreChange[0][u]), numValue(y.RankChange[0][u]))
			} else {
				vals = append(vals, nil, nil)
			}
		}
		vals = append(vals, b.statusCell(st))
		if short {
			vals = append(vals, strOrNil(b.shortText(st)))
		}
		if excluded {
			var why any
			if y.Excluded != nil && y.Excluded[u].En != "" {
				why = y.Excluded[u].In(string(b.g))
			}
			vals = append(vals, why)
		}
		if err := t.add(vals); err != nil {
			return err
		}
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	if err := t.colorScale(3, t.row); err != nil {
		return err
	}
	for k := range goals {
		if err := t.colorScale(4+2*k, t.row); err != nil {
			return err
		}
	}
	return t.flush()
}

// statusCell returns the ranking status of a unit as a cell: plain when
// ranked, grey otherwise.
func (b *book) statusCell(st scoring.UnitStatus) any {
	switch {
	case st.Ranked:
		return b.g.t(stRanked)
	case st.NoScore:
		return excelize.Cell{StyleID: b.unranked, Value: b.g.t(stNoScore)}
	}
	return excelize.Cell{StyleID: b.unranked, Value: b.g.t(stNotRanked)}
}

// shortText lists the goals where a unit's data fall short of the rule:
// "宜居 1/4（需 2）；韧性 0/1（需 1）".
func (b *book) shortText(st scoring.UnitStatus) string {
	sep := "；"
	if b.g == "en" {
		sep = "; "
	}
	var parts []string
	for _, sh := range st.Short {
		name := b.name(sh.Node)
		if sh.Node == 0 {
			name = b.g.t(hIndex)
		}
		parts = append(parts, b.g.t(shortItem, name, sh.Have, sh.Counted, sh.Need))
	}
	return strings.Join(parts, sep)
}

// ruleText describes the coverage rule of ranking in language g.
func ruleText(g lang, rule scoring.RankRule) string {
	switch rule.By {
	case scoring.RuleGoal:
		return g.t(ruleGoal, 100*rule.Min, 100*rule.Common)
	case scoring.RuleIndex:
		return g.t(ruleIndex, 100*rule.Min, 100*rule.Common)
	}
	return g.t(ruleNone)
}

// dimensions writes the Dimensions sheet: unit, year and the score of
// every dimension, in the order of the Ranking sheet.
func (b *book) dimensions() error {
	g, r := b.g, b.r
	dims := r.Schema.ByLevel(dataset.LevelDimension)
	cols := []column{{header: g.t(hUnit), width: b.unitWidth()}, {header: g.t(hYear), style: b.integer}}
	for _, i := range dims {
		cols = append(cols, column{header: r.Schema.Nodes[i].ID + " " + b.name(i), style: b.score})
	}
	t, err := b.stream(g.t(sheetDimensions), cols, 1)
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	for _, uy := range byRank(r, true) {
		y, u := r.Years[uy.y], uy.u
		vals = append(vals[:0], string(y.Units[u]), yearValue(y.Year))
		for _, i := range dims {
			vals = append(vals, numValue(y.Scores[i][u]))
		}
		if err := t.add(vals); err != nil {
			return err
		}
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	return t.flush()
}

// indicatorInfo holds the fixed columns of an indicator on the Indicators
// sheet.
type indicatorInfo struct {
	node           int
	goal, dim      string
	id, name, unit string
	col            *dataset.Column
}

// indicators writes the Indicators sheet in long form: one row per unit,
// year and indicator, with the raw value, its source cell, the normalised
// value and its rank.
func (b *book) indicators() error {
	g, r := b.g, b.r
	s := r.Schema
	var infos []indicatorInfo
	for _, i := range s.Indicators() {
		n := s.Nodes[i]
		info := indicatorInfo{node: i, id: n.ID, name: b.name(i), unit: n.Unit}
		for p := n.Parent; p > 0; p = s.Nodes[p].Parent {
			switch s.Nodes[p].Level {
			case dataset.LevelGoal:
				info.goal = b.name(p)
			case dataset.LevelDimension:
				info.dim = b.name(p)
			}
		}
		if b.o.Table != nil {
			info.col = b.o.Table.Column(n.Variable)
		}
		if info.unit == "" && info.col != nil {
			info.unit = info.col.Unit
		}
		infos = append(infos, info)
	}
	var wGoal, wDim, wID, wName, wUnit float64
	for _, in := range infos {
		wGoal, wDim, wID = max(wGoal, textWidth(in.goal)), max(wDim, textWidth(in.dim)), max(wID, textWidth(in.id))
		wName, wUnit = max(wName, textWidth(in.name)), max(wUnit, textWidth(in.unit))
	}
	cols := []column{
		{header: g.t(hUnit), width: b.unitWidth()},
		{header: g.t(hYear), style: b.integer},
		{header: g.t(hGoal), width: wGoal},
		{header: g.t(hDimension), width: wDim},
		{header: g.t(hIndicatorID), width: wID},
		{header: g.t(hIndicatorName), width: min(wName, 40)},
		{header: g.t(hMeasureUnit), width: wUnit},
		{header: g.t(hRaw), width: 12},
	}
	repaired := r.Options.Impute.Method != composite.ImputeNone || r.Options.Treat.Method != composite.TreatNone || len(r.Options.TreatOverrides) > 0
	if repaired {
		cols = append(cols, column{header: g.t(hProcessed), width: 12})
	}
	cols = append(cols,
		column{header: g.t(hNormalised), style: b.score},
		column{header: g.t(hRank), style: b.rank})
	growth := multiYear(r)
	if growth {
		cols = append(cols, column{header: g.t(hCAGR), style: b.growth})
	}
	cols = append(cols, column{header: g.t(hSource), width: 36})
	t, err := b.stream(g.t(sheetIndicators), cols, 1)
	if err != nil {
		return err
	}
	imputed := g.t(srcImputed)
	// Indicators without a single value in a year get no rows that year:
	// the Data quality sheet's coverage table lists them.
	hasData := make([][]bool, len(r.Years))
	for k, y := range r.Years {
		hasData[k] = make([]bool, len(infos))
		for j, in := range infos {
			for _, v := range y.Raw[in.node] {
				if !math.IsNaN(v) {
					hasData[k][j] = true
					break
				}
			}
		}
	}
	vals := make([]any, len(cols))
	for _, uy := range byRank(r, true) {
		y, u := r.Years[uy.y], uy.u
		unit, year := string(y.Units[u]), yearValue(y.Year)
		for j, in := range infos {
			if !hasData[uy.y][j] {
				continue
			}
			var src any
			if in.col != nil && u < len(y.Rows) {
				row := y.Rows[u]
				switch fl := in.col.Flags[row]; {
				case fl&dataset.Imputed != 0:
					src = imputed
				case fl&dataset.Computed != 0:
					src = b.formulaSource(in.col, row)
				default:
					if o := in.col.Origin(row).String(); o != "" {
						src = o
					}
				}
			}
			vals = append(vals[:0], unit, year, in.goal, in.dim, in.id, in.name, in.unit, numValue(y.Raw[in.node][u]))
			if repaired {
				var used any = numValue(y.Processed[in.node][u])
				if y.Imputed != nil && y.Imputed[in.node][u] {
					used = excelize.Cell{StyleID: b.imputed, Value: used}
					src = g.t(srcImputedBy, r.Options.Impute.Method)
				}
				vals = append(vals, used)
			}
			vals = append(vals, numValue(y.Scores[in.node][u]), rankValue(y.Ranks[in.node][u]))
			if growth {
				vals = append(vals, numValue(y.CAGR[in.node][u]))
			}
			vals = append(vals, src)
			if err := t.add(vals); err != nil {
				return err
			}
		}
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	return t.flush()
}

// formulaSource traces a computed value: "= formula ← every file cell it
// came from" (through formulas and derivations, dataset.Table.Sources),
// e.g. "= beds / pop / 10 ← data.xlsx#2023!D7, data.xlsx#2023!C7". A value
// a derive alternative gave shows that alternative's formula; a derived
// value, or one computed from a derived operand, is marked as derived.
func (b *book) formulaSource(c *dataset.Column, row int) string {
	formula := c.Formula
	if d := c.DerivationAt(row); d != nil {
		formula = d.Formula
	}
	if formula == "" {
		return b.g.t(srcFormula)
	}
	src := "= " + formula
	if c.Flags[row]&dataset.Derived != 0 {
		src = b.g.t(srcDerived) + " " + src
	}
	var origins []string
	if b.o.Table != nil {
		for _, o := range b.o.Table.Sources(c.ID, row) {
			origins = append(origins, o.String())
		}
	}
	if len(origins) > 0 {
		src += " ← " + strings.Join(origins, ", ")
	}
	return src
}

// weights writes the Weights sheet: every node with its level, parent,
// weighting method, relative and effective weight and, for aggregates, the
// method that combines their children (the latest year; one block per year
// when objective weights differ by year); then how each node's children
// were weighted: the method with its parameters, its statistics per
// indicator (entropy e and d, CRITIC σ and conflict, …), AHP λmax, CI, RI
// and CR, combination coefficients, warnings, and the hierarchical CR.
func (b *book) weights() error {
	g, r := b.g, b.r
	s := r.Schema
	var wNode, wName float64
	for i, n := range s.Nodes {
		wNode, wName = max(wNode, textWidth(n.ID)), max(wName, textWidth(b.name(i)))
	}
	cols := []column{
		{header: g.t(hNode), width: max(wNode, 12)},
		{header: g.t(hName), width: min(max(wName, 12), 40)},
		{header: g.t(hLevel), width: 9},
		{header: g.t(hParent), width: wNode},
		{header: g.t(hWeightMethod), width: 10},
		{header: g.t(hWeight), style: b.weight},
		{header: g.t(hEffective), style: b.weight},
		{header: g.t(hShareMean), style: b.weight},
		{header: g.t(hShareMin), style: b.weight},
		{header: g.t(hShareMax), style: b.weight},
		{header: g.t(hAggregation), width: 10},
		{header: g.t(hYear), style: b.integer},
	}
	t, err := b.stream(g.t(sheetWeights), cols, 1)
	if err != nil {
		return err
	}
	years := []*scoring.YearResult{}
	if len(r.Years) > 0 {
		years = append(years, r.Years[latest(r)])
		if !sameWeights(r.Years) {
			years = r.Years
		}
	}
	for _, y := range years {
		var year any
		if len(years) > 1 {
			year = yearValue(y.Year)
		}
		mean, lo, hi := shareStats(r, y)
		for i, n := range s.Nodes {
			var parent, method, agg any
			if n.Parent >= 0 {
				parent, method = s.Nodes[n.Parent].ID, r.WeightMethod[i].String()
			}
			if n.Level != dataset.LevelIndicator {
				agg = r.Aggregation[i].String()
			}
			if err := t.add([]any{n.ID, b.name(i), g.level(n.Level), parent, method,
				numValue(y.Weights[i]), numValue(y.Effective[i]), numValue(mean[i]), numValue(lo[i]), numValue(hi[i]),
				agg, year}); err != nil {
				return err
			}
		}
	}
	last := t.row
	for _, y := range years {
		if err := b.diagnostics(t, y, len(years) > 1); err != nil {
			return err
		}
	}
	if err := t.filter(last); err != nil {
		return err
	}
	return t.flush()
}

// shareStats returns, per node, the mean, smallest and largest share of
// the index the node carried over the ranked units of year y (over every
// unit with a score when none is ranked): the weights actually applied
// once the missing-data rule has renormalised them (scoring.Result.Shares).
func shareStats(r *scoring.Result, y *scoring.YearResult) (mean, lo, hi []float64) {
	n := len(r.Schema.Nodes)
	mean, lo, hi = make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		mean[i], lo[i], hi[i] = math.NaN(), math.NaN(), math.NaN()
	}
	if len(y.Units) == 0 || len(y.Scores[0]) == 0 {
		return
	}
	var units []int
	for u := range y.Units {
		if status(y, u).Ranked {
			units = append(units, u)
		}
	}
	if len(units) == 0 {
		for u := range y.Units {
			if finite(y.Scores[0][u]) {
				units = append(units, u)
			}
		}
	}
	if len(units) == 0 {
		return
	}
	sh := r.Shares(y)
	for i := range n {
		sum, a, z := 0.0, math.Inf(1), math.Inf(-1)
		for _, u := range units {
			v := sh[i][u]
			sum += v
			a, z = min(a, v), max(z, v)
		}
		mean[i], lo[i], hi[i] = sum/float64(len(units)), a, z
	}
	return
}

// sameWeights reports whether every year has the same weights.
func sameWeights(ys []*scoring.YearResult) bool {
	for _, y := range ys[1:] {
		if !slices.Equal(y.Weights, ys[0].Weights) {
			return false
		}
	}
	return true
}

// diagnostics writes how the children of each node were weighted in year y.
func (b *book) diagnostics(t *table, y *scoring.YearResult, withYear bool) error {
	g, s := b.g, b.r.Schema
	var shown []*scoring.WeightDiagnostics
	for _, d := range y.Diagnostics {
		switch d.Method {
		case scoring.WeightFramework, scoring.WeightEqual, scoring.WeightManual:
			// The weights table above says it all.
		default:
			shown = append(shown, d)
		}
	}
	if len(shown) == 0 {
		return nil
	}
	title := g.t(wDiagnostics)
	if withYear && y.Year != 0 {
		title += " — " + g.t(wYear, y.Year)
	}
	if err := t.section(title); err != nil {
		return err
	}
	var write func(d *scoring.WeightDiagnostics, depth int) error
	write = func(d *scoring.WeightDiagnostics, depth int) error {
		indent := strings.Repeat("  ", depth)
		spec := b.specOf(d)
		if err := t.add([]any{excelize.Cell{StyleID: b.header, Value: indent + s.Nodes[d.Node].ID},
			b.name(d.Node), g.t(wMethod), spec}); err != nil {
			return err
		}
		for k, c := range d.Children {
			if k < len(d.Weights) {
				if err := t.add([]any{indent + "  " + s.Nodes[c].ID, b.name(c), nil, nil, d.Method.String(), numValue(d.Weights[k])}); err != nil {
					return err
				}
			}
		}
		for _, st := range d.Stats {
			for k, c := range d.Columns {
				if err := t.add([]any{indent + "  " + s.Nodes[c].ID, b.name(c), g.t(wStatistic), st.Name, nil, numValue(st.Values[k])}); err != nil {
					return err
				}
			}
		}
		for _, st := range d.Summary {
			for k, v := range st.Values {
				name := st.Name
				if len(st.Values) > 1 {
					name = fmt.Sprintf("%s %d", st.Name, k+1)
				}
				if err := t.add([]any{indent + "  " + s.Nodes[d.Node].ID, nil, g.t(wStatistic), name, nil, numValue(v)}); err != nil {
					return err
				}
			}
		}
		for k, c := range d.Coefficients {
			if err := t.add([]any{indent + "  " + s.Nodes[d.Node].ID, nil, g.t(wCoefficient), fmt.Sprintf("α%d", k+1), nil, numValue(c)}); err != nil {
				return err
			}
		}
		for _, w := range d.Warnings {
			if err := t.add([]any{indent + "  " + s.Nodes[d.Node].ID, nil, g.t(wWarning), w}); err != nil {
				return err
			}
		}
		for _, p := range d.Parts {
			if err := write(p, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range shown {
		if err := write(d, 0); err != nil {
			return err
		}
	}
	for _, cr := range y.TotalCR {
		if err := t.add([]any{g.level(cr.Level), nil, g.t(wCR), nil, nil, numValue(cr.CR)}); err != nil {
			return err
		}
	}
	return nil
}

// specOf describes the weight spec behind d: the profile's spec of the
// level of d's children (for a combined part, its method's name).
func (b *book) specOf(d *scoring.WeightDiagnostics) string {
	s := b.r.Schema
	spec := b.r.Options.Weights.At(s.Nodes[d.Children[0]].Level)
	if spec.Method == d.Method {
		return spec.Describe()
	}
	for _, p := range spec.Combine.Of {
		if p.Method == d.Method {
			return p.Describe()
		}
	}
	return d.Method.String()
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

// hasObstacles reports whether r carries obstacle degrees.
func hasObstacles(r *scoring.Result) bool {
	return len(r.Years) > 0 && r.Years[0].Obstacles != nil
}

// coupling writes the Coupling sheet: per unit and year, each subsystem's
// U, then C, T, D and the grade of D, sorted by year (latest first) and D.
func (b *book) coupling() error {
	g, r := b.g, b.r
	var nodes []int
	scale := 0.0
	for _, y := range r.Years {
		if y.Coupling != nil {
			nodes, scale = y.Coupling.Nodes, y.Coupling.Scale
			break
		}
	}
	cols := []column{{header: g.t(hUnit), width: b.unitWidth()}, {header: g.t(hYear), style: b.integer}}
	for _, i := range nodes {
		cols = append(cols, column{header: g.t(kSubsystem, b.scoreName(i)), style: b.weight})
	}
	cols = append(cols,
		column{header: g.t(kC), style: b.weight}, column{header: g.t(kT), style: b.weight},
		column{header: g.t(kD), style: b.weight}, column{header: g.t(kGrade), width: 12},
		column{header: g.t(kLevel), style: b.integer})
	t, err := b.stream(g.t(sheetCoupling), cols, 1)
	if err != nil {
		return err
	}
	type row struct{ y, u int }
	var rows []row
	for yi, y := range r.Years {
		for u := range y.Units {
			rows = append(rows, row{yi, u})
		}
	}
	slices.SortStableFunc(rows, func(a, c row) int {
		ya, yc := r.Years[a.y], r.Years[c.y]
		if ya.Year != yc.Year {
			return yc.Year - ya.Year
		}
		da, dc := ya.Coupling.D[a.u], yc.Coupling.D[c.u]
		switch {
		case !finite(da) && !finite(dc):
			return 0
		case !finite(da):
			return 1
		case !finite(dc):
			return -1
		}
		return -compareFloat(da, dc)
	})
	for _, rw := range rows {
		y := r.Years[rw.y]
		c := y.Coupling
		vals := []any{string(y.Units[rw.u]), yearValue(y.Year)}
		for _, i := range nodes {
			vals = append(vals, numValue(y.Scores[i][rw.u]/scale))
		}
		var grade, level any
		if finite(c.D[rw.u]) {
			gr := c.Grades[rw.u]
			grade, level = gr.Zh, gr.Level
			if g == "en" {
				grade = gr.En
			}
		}
		vals = append(vals, numValue(c.C[rw.u]), numValue(c.T[rw.u]), numValue(c.D[rw.u]), grade, level)
		if err := t.add(vals); err != nil {
			return err
		}
	}
	last := t.row
	if err := t.colorScale(len(cols)-3, last); err != nil {
		return err
	}
	if err := t.section(g.t(kScale, scale) + "; " + r.Options.Coupling.Describe()); err != nil {
		return err
	}
	for _, gr := range composite.CouplingGrades() {
		name := gr.Zh
		if g == "en" {
			name = gr.En
		}
		if err := t.add([]any{fmt.Sprintf("%v–%v", gr.Lower, gr.Upper), nil, name, strconv.Itoa(gr.Level)}); err != nil {
			return err
		}
	}
	if err := t.filter(last); err != nil {
		return err
	}
	return t.flush()
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

// obstacles writes the Obstacles sheet: for each unit and year (latest
// first, by rank), its five largest indicator obstacles (短板) with their
// shares, then each goal's obstacle degree.
func (b *book) obstacles() error {
	g, r := b.g, b.r
	s := r.Schema
	goals := s.ByLevel(dataset.LevelGoal)
	cols := []column{{header: g.t(hRank), style: b.rank}, {header: g.t(hUnit), width: b.unitWidth()}, {header: g.t(hYear), style: b.integer}}
	const top = 5
	for k := 1; k <= top; k++ {
		cols = append(cols, column{header: g.t(oTop, k), width: 22}, column{header: g.t(oShare, k), style: b.score})
	}
	for _, i := range goals {
		cols = append(cols, column{header: g.t(oGoal, b.scoreName(i)), style: b.score})
	}
	t, err := b.stream(g.t(sheetObstacles), cols, 2)
	if err != nil {
		return err
	}
	inds := s.Indicators()
	for _, uy := range byRank(r, true) {
		y := r.Years[uy.y]
		vals := []any{rankValue(y.Ranks[0][uy.u]), string(y.Units[uy.u]), yearValue(y.Year)}
		order := make([]int, 0, len(inds))
		for _, i := range inds {
			if finite(y.Obstacles[i][uy.u]) && y.Obstacles[i][uy.u] > 0 {
				order = append(order, i)
			}
		}
		slices.SortStableFunc(order, func(a, c int) int { return -compareFloat(y.Obstacles[a][uy.u], y.Obstacles[c][uy.u]) })
		for k := range top {
			if k < len(order) {
				vals = append(vals, b.name(order[k]), numValue(y.Obstacles[order[k]][uy.u]))
			} else {
				vals = append(vals, nil, nil)
			}
		}
		for _, i := range goals {
			vals = append(vals, numValue(y.Obstacles[i][uy.u]))
		}
		if err := t.add(vals); err != nil {
			return err
		}
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	return t.flush()
}

// quality writes the Data quality sheet: every issue of the import and of
// scoring, then the number of units with data per indicator and year, and
// with a score per goal and year.
func (b *book) quality() error {
	g, r := b.g, b.r
	s := r.Schema
	issues := allIssues(b.o)
	wUnit, wVar, wSrc, wText, wMsg, wKind := b.unitWidth(), 8.0, 12.0, 8.0, 20.0, 8.0
	for _, is := range issues {
		wKind, wVar = max(wKind, textWidth(is.Kind.Label(string(g)))), max(wVar, textWidth(string(is.Variable)))
		wSrc, wText = max(wSrc, textWidth(is.Origin.String())), max(wText, textWidth(is.Text))
		wMsg = max(wMsg, textWidth(is.Message(string(g))))
	}
	for _, i := range s.Indicators() {
		wKind = max(wKind, textWidth(s.Nodes[i].ID))
		wUnit = max(wUnit, min(textWidth(b.name(i)), 40))
	}
	for _, i := range s.ByLevel(dataset.LevelGoal) {
		wKind = max(wKind, textWidth(s.Nodes[i].ID))
		wUnit = max(wUnit, textWidth(b.name(i)))
	}
	cols := []column{
		{header: g.t(hKind), width: wKind},
		{header: g.t(hUnit), width: wUnit},
		{header: g.t(hYear), width: 6, style: b.integer},
		{header: g.t(hVariable), width: wVar},
		{header: g.t(hSourceCell), width: min(wSrc, 50)},
		{header: g.t(hText), width: min(wText, 30)},
		{header: g.t(hMessage), width: min(wMsg, 60)},
	}
	t, err := b.stream(g.t(sheetQuality), cols, 0)
	if err != nil {
		return err
	}
	for _, is := range issues {
		if err := t.add([]any{is.Kind.Label(string(g)), strOrNil(string(is.Unit)), yearValue(is.Year), strOrNil(string(is.Variable)),
			strOrNil(is.Origin.String()), strOrNil(is.Text), strOrNil(is.Message(string(g)))}); err != nil {
			return err
		}
	}
	// Values filled by imputation and changed by outlier treatment.
	for _, y := range r.Years {
		if y.Imputed == nil {
			break
		}
		for _, i := range s.Indicators() {
			for u, imp := range y.Imputed[i] {
				if imp {
					if err := t.add([]any{excelize.Cell{StyleID: b.imputed, Value: g.t(kindImputed)}, string(y.Units[u]), yearValue(y.Year),
						s.Nodes[i].ID, nil, nil, fmt.Sprintf("%v → %s", r.Options.Impute.Method, formatFloat(y.Processed[i][u]))}); err != nil {
						return err
					}
				}
			}
		}
	}
	yearOf := map[int]*scoring.YearResult{}
	for _, y := range r.Years {
		yearOf[y.Year] = y
	}
	for _, c := range r.Treated {
		if c.Log {
			// Every value of the column was transformed: one line.
			msg := fmt.Sprintf("log(x − min + 0.01·(max − min)) of all %d values (winsorising %d points did not pass; skew %.3g → %.3g)",
				len(yearOf[c.Year].Units), c.NWin, c.Skew[0], c.Skew[1])
			if err := t.add([]any{g.t(kindTreated), nil, yearValue(c.Year), s.Nodes[c.Node].ID, nil, nil, msg}); err != nil {
				return err
			}
			continue
		}
		for _, pt := range c.Points {
			if err := t.add([]any{g.t(kindTreated), string(yearOf[c.Year].Units[pt.Row]), yearValue(c.Year), s.Nodes[c.Node].ID, nil, nil,
				fmt.Sprintf("%s: %s → %s", pt.Label, formatFloat(pt.From), formatFloat(pt.To))}); err != nil {
				return err
			}
		}
	}
	// Units the coverage rule leaves unranked, with the goals that fall
	// short.
	for _, y := range r.Years {
		for u, st := range y.Status {
			if st.Ranked || st.NoScore {
				continue
			}
			if err := t.add([]any{dataset.IssueNotRanked.Label(string(g)), string(y.Units[u]), yearValue(y.Year), nil, nil, nil,
				g.t(stNotRanked) + ": " + b.shortText(st)}); err != nil {
				return err
			}
		}
	}
	// Missing values of indicators that other units have that year, with
	// the cell they would come from.
	missing := dataset.IssueMissingValue.Label(string(g))
	for _, y := range r.Years {
		for _, i := range s.Indicators() {
			raw := y.Raw[i]
			if !slices.ContainsFunc(raw, finite) {
				continue // no data at all: the coverage table says so
			}
			var col *dataset.Column
			if b.o.Table != nil {
				col = b.o.Table.Column(s.Nodes[i].Variable)
			}
			for u, v := range raw {
				if finite(v) {
					continue
				}
				var src any
				if col != nil && u < len(y.Rows) {
					if col.Formula != "" || col.DerivationAt(y.Rows[u]) != nil {
						src = b.formulaSource(col, y.Rows[u])
					} else if o := col.Origin(y.Rows[u]).String(); o != "" {
						src = o
					}
				}
				if err := t.add([]any{missing, string(y.Units[u]), yearValue(y.Year), s.Nodes[i].ID, src, nil, nil}); err != nil {
					return err
				}
			}
		}
	}
	if err := t.filter(t.row); err != nil {
		return err
	}

	// Coverage: units with data per indicator and year, units with a score
	// per goal and year.
	years := make([]string, len(r.Years))
	for k, y := range r.Years {
		years[k] = formatYear(y.Year)
		if years[k] == "" {
			years[k] = g.t(hYear)
		}
	}
	count := func(v []float64) int {
		n := 0
		for _, x := range v {
			if finite(x) {
				n++
			}
		}
		return n
	}
	type coverage struct {
		title label
		nodes []int
		vals  func(y *scoring.YearResult, i int) []float64
	}
	parts := []coverage{
		{qCoverageIndicators, s.Indicators(), func(y *scoring.YearResult, i int) []float64 { return y.Raw[i] }},
		{qCoverageGoals, append([]int{0}, s.ByLevel(dataset.LevelGoal)...), func(y *scoring.YearResult, i int) []float64 { return y.Scores[i] }},
	}
	if slices.ContainsFunc(r.Years, func(y *scoring.YearResult) bool { return y.Imputed != nil }) {
		// Count the imputed cells: their values, NaN elsewhere.
		parts = append(parts, coverage{qCoverageImputed, s.Indicators(), func(y *scoring.YearResult, i int) []float64 {
			out := make([]float64, len(y.Units))
			for u := range out {
				out[u] = math.NaN()
				if y.Imputed != nil && y.Imputed[i] != nil && y.Imputed[i][u] {
					out[u] = y.Processed[i][u]
				}
			}
			return out
		}})
	}
	for _, part := range parts {
		if err := t.section(g.t(part.title)); err != nil {
			return err
		}
		if err := t.subHeader(append([]string{g.t(hNode), g.t(hName)}, years...)); err != nil {
			return err
		}
		row := []any{nil, g.t(qUnitsScored)}
		for _, y := range r.Years {
			row = append(row, len(y.Units))
		}
		if err := t.add(row); err != nil {
			return err
		}
		if part.title == qCoverageGoals {
			ranked, notRanked := []any{nil, g.t(qUnitsRanked)}, []any{nil, g.t(qUnitsNotRanked)}
			for _, y := range r.Years {
				k, nr := 0, 0
				for u := range y.Units {
					switch st := status(y, u); {
					case st.Ranked:
						k++
					case !st.NoScore:
						nr++
					}
				}
				ranked, notRanked = append(ranked, k), append(notRanked, nr)
			}
			if err := t.add(ranked); err != nil {
				return err
			}
			if err := t.add(notRanked); err != nil {
				return err
			}
			if err := t.add([]any{nil, g.t(qRule, ruleText(g, r.Options.Rank))}); err != nil {
				return err
			}
		}
		for _, i := range part.nodes {
			row = append(row[:0], s.Nodes[i].ID, b.name(i))
			if i == 0 {
				row[1] = g.t(hIndex)
			}
			for _, y := range r.Years {
				row = append(row, count(part.vals(y, i)))
			}
			if err := t.add(row); err != nil {
				return err
			}
		}
	}
	// Where the missing data would come from.
	if len(b.o.Needs) > 0 {
		if err := t.section(g.t(qNeeds)); err != nil {
			return err
		}
		if err := t.subHeader([]string{g.t(hIndicatorID), g.t(hIndicatorName), g.t(hNeededVar), g.t(hHeader), g.t(hMeasureUnit), g.t(hSource)}); err != nil {
			return err
		}
		for _, nd := range b.o.Needs {
			for _, in := range nd.Inputs {
				if err := t.add([]any{nd.Indicator, nd.Name.In(string(g)), in.ID, in.Header, strOrNil(in.Unit), strOrNil(in.Source)}); err != nil {
					return err
				}
			}
		}
	}
	// What measures each goal: the indicators most units have, and the
	// goals that are thin.
	if err := t.section(g.t(qMeasured)); err != nil {
		return err
	}
	if err := t.subHeader(append([]string{g.t(hNode), g.t(hName)}, years...)); err != nil {
		return err
	}
	for _, i := range append([]int{0}, s.ByLevel(dataset.LevelGoal)...) {
		row := []any{s.Nodes[i].ID, b.scoreName(i)}
		if i == 0 {
			row[1] = g.t(hIndex)
		}
		for _, y := range r.Years {
			if y.Measured == nil {
				row = append(row, nil)
				continue
			}
			row = append(row, y.Measured[i])
		}
		if err := t.add(row); err != nil {
			return err
		}
	}
	if r.Options.ThinGoal > 0 {
		if err := t.add([]any{nil, g.t(qThin, r.Options.ThinGoal)}); err != nil {
			return err
		}
	}
	return t.flush()
}

func strOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// method writes the Method sheet: the manifest of the run, then every
// setting.
func (b *book) method() error {
	g, m := b.g, b.o.Manifest
	settings := m.Settings
	if len(settings) == 0 {
		settings = OptionSettings(b.r.Options, string(b.g))
	}
	type line struct{ item, value, note string }
	lines := []line{
		{g.t(mTool), m.Tool, ""},
		{g.t(mVersion), m.Version, ""},
		{g.t(mTime), "", ""},
		{g.t(mCommand), m.Command, ""},
		{g.t(mFramework), m.Framework.Name, ""},
		{g.t(mFrameworkVersion), m.Framework.Version, ""},
		{g.t(mFrameworkPath), m.Framework.Path, bytesNote(g, m.Framework.Bytes)},
		{g.t(mFrameworkSHA), m.Framework.SHA256, ""},
		{g.t(mProfile), m.Profile.Name, ""},
		{g.t(mProfilePath), m.Profile.Path, bytesNote(g, m.Profile.Bytes)},
		{g.t(mProfileSHA), m.Profile.SHA256, ""},
	}
	if !m.Time.IsZero() {
		lines[2].value = m.Time.Format(time.RFC3339)
	}
	if lines[4].value == "" {
		lines[4].value = b.r.Schema.ID
	}
	if lines[5].value == "" {
		lines[5].value = b.r.Schema.Version
	}
	for k, in := range m.Inputs {
		lines = append(lines,
			line{g.t(mInput, k+1), in.Path, bytesNote(g, in.Bytes)},
			line{g.t(mInputSHA, k+1), in.SHA256, ""})
	}
	wItem, wValue, wNote := 10.0, 20.0, 10.0
	for _, l := range lines {
		wItem, wValue, wNote = max(wItem, textWidth(l.item)), max(wValue, textWidth(l.value)), max(wNote, textWidth(l.note))
	}
	for _, s := range settings {
		wItem, wValue, wNote = max(wItem, textWidth(s.Key)), max(wValue, textWidth(s.Value)), max(wNote, textWidth(s.Note))
	}
	cols := []column{
		{header: g.t(hItem), width: wItem},
		{header: g.t(hValue), width: min(wValue, 70)},
		{header: g.t(hNote), width: min(wNote, 60)},
	}
	t, err := b.stream(g.t(sheetMethod), cols, 0)
	if err != nil {
		return err
	}
	for _, l := range lines {
		if err := t.add([]any{l.item, strOrNil(l.value), strOrNil(l.note)}); err != nil {
			return err
		}
	}
	if err := t.section(g.t(mSettings)); err != nil {
		return err
	}
	for _, s := range settings {
		if err := t.add([]any{s.Key, strOrNil(s.Value), strOrNil(s.Note)}); err != nil {
			return err
		}
	}
	return t.flush()
}

func bytesNote(g lang, n int64) string {
	if n <= 0 {
		return ""
	}
	return g.t(mBytes, n)
}

// Chart sizes, in pixels.
const (
	chartWidth  = 640
	chartHeight = 440
	topBar      = 20 // units in the bar chart
	topRadar    = 5  // units in the radar chart
)

// charts writes the Charts sheet: the data of the latest year's top units
// in two small tables, a bar chart of their index and a radar chart of the
// goal scores of the top five.
func (b *book) charts() error {
	g, r, f := b.g, b.r, b.f
	name := g.t(sheetCharts)
	if err := b.newSheet(name, true); err != nil {
		return err
	}
	if err := f.SetPanes(name, frozen(0)); err != nil {
		return err
	}
	li := latest(r)
	if li < 0 {
		return nil
	}
	y := r.Years[li]
	units := y.Top(topBar)
	goals := r.Schema.ByLevel(dataset.LevelGoal)
	set := func(col, row int, v any, style int) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(name, cell, v); err != nil {
			return err
		}
		if style != 0 {
			return f.SetCellStyle(name, cell, cell, style)
		}
		return nil
	}
	// Table 1 (A:C): rank, unit, index of the top units.
	var errs []error
	check := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	check(set(1, 1, g.t(hRank), b.header))
	check(set(2, 1, g.t(hUnit), b.header))
	check(set(3, 1, g.t(cIndex), b.header))
	for k, u := range units {
		check(set(1, k+2, int(y.Ranks[0][u]), b.rank))
		check(set(2, k+2, string(y.Units[u]), 0))
		check(set(3, k+2, y.Scores[0][u], b.score))
	}
	// Table 2 (E:…): goal scores of the top five, a column per unit.
	radar := units[:min(topRadar, len(units))]
	check(set(5, 1, g.t(cGoalAxis), b.header))
	for k, u := range radar {
		check(set(6+k, 1, string(y.Units[u]), b.header))
	}
	wGoal := textWidth(g.t(cGoalAxis))
	for j, i := range goals {
		check(set(5, j+2, b.scoreName(i), 0))
		wGoal = max(wGoal, textWidth(b.scoreName(i)))
		for k, u := range radar {
			if v := y.Scores[i][u]; finite(v) {
				check(set(6+k, j+2, v, b.score))
			}
		}
	}
	if len(errs) > 0 {
		return errs[0]
	}
	uw := b.unitWidth()
	for _, c := range []struct {
		from, to string
		w        float64
	}{{"A", "A", 6}, {"B", "B", uw + 2}, {"C", "C", 10}, {"D", "D", 3}, {"E", "E", min(wGoal, maxUnitWidth) + 2}, {"F", "J", max(uw+2, 10)}} {
		if err := f.SetColWidth(name, c.from, c.to, c.w); err != nil {
			return err
		}
	}
	if len(units) == 0 {
		return nil
	}
	ref := func(col, row int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("%s!$%s$%d", quoteSheet(name), c, row)
	}
	rng := func(col, from, to int) string {
		c, _ := excelize.ColumnNumberToName(col)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(name), c, from, c, to)
	}
	last := len(units) + 1
	noVary := false
	axisFont := excelize.Font{Color: "404040", Size: 9}
	if err := f.AddChart(name, "L2", &excelize.Chart{
		Type:       excelize.Bar,
		VaryColors: &noVary,
		Series:     []excelize.ChartSeries{{Name: ref(3, 1), Categories: rng(2, 2, last), Values: rng(3, 2, last)}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: g.t(cTop, len(units), yearSuffix(g, y.Year))}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: axisFont},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		Dimension:  excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:     excelize.GraphicOptions{AltText: g.t(cTop, len(units), yearSuffix(g, y.Year))},
	}); err != nil {
		return err
	}
	if len(goals) == 0 {
		return nil
	}
	var series []excelize.ChartSeries
	for k := range radar {
		series = append(series, excelize.ChartSeries{
			Name: ref(6+k, 1), Categories: rng(5, 2, len(goals)+1), Values: rng(6+k, 2, len(goals)+1),
		})
	}
	return f.AddChart(name, "L33", &excelize.Chart{
		Type:      excelize.Radar,
		Series:    series,
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: g.t(cRadar, len(radar), yearSuffix(g, y.Year))}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{Font: axisFont},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: axisFont},
		Dimension: excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		Format:    excelize.GraphicOptions{AltText: g.t(cRadar, len(radar), yearSuffix(g, y.Year))},
	})
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
