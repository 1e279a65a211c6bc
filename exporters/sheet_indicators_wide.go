package exporters

// The Indicators sheet (指标) of a large workbook, in the wide layout, and
// its Sources sheet (来源).

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
)

// IndicatorsLayout is the layout of the workbook's Indicators sheet.
type IndicatorsLayout string

const (
	// IndicatorsAuto is the long layout when it fits one sheet (at most
	// 1,000,000 rows of unit × year × indicator), else the wide one.
	IndicatorsAuto IndicatorsLayout = "auto"
	// IndicatorsLong is a row per unit, year and indicator, with the
	// value's source cell on the row; past 1,000,000 rows it continues
	// on numbered sheets.
	IndicatorsLong IndicatorsLayout = "long"
	// IndicatorsWide is a row per unit and year with the indicators side
	// by side; the sources of the values are given as cell ranges on
	// the Sources sheet.
	IndicatorsWide IndicatorsLayout = "wide"
)

// ParseIndicatorsLayout returns the layout named s ("" is auto).
func ParseIndicatorsLayout(s string) (IndicatorsLayout, error) {
	switch l := IndicatorsLayout(s); l {
	case "":
		return IndicatorsAuto, nil
	case IndicatorsAuto, IndicatorsLong, IndicatorsWide:
		return l, nil
	}
	return "", fmt.Errorf("exporters: unknown Indicators layout %q (want auto, long or wide)", s)
}

// wideRows is the most rows the long layout of the Indicators sheet may
// take for the default layout to be long: one sheet's worth. A variable,
// apart from splitRows: tests lower it.
var wideRows = maxSheetRows

// chooseLayout decides the layout of the Indicators sheet: the wide one
// when asked, or, by default, when the long one would need more than one
// sheet.
func (b *book) chooseLayout() error {
	l, err := ParseIndicatorsLayout(string(b.o.IndicatorsLayout))
	if err != nil {
		return err
	}
	b.longRows = 0
	for _, has := range b.hasData(b.r.Schema.Indicators()) {
		for j, ok := range has {
			if ok {
				b.longRows += len(b.r.Years[j].Units)
			}
		}
	}
	b.wide = l == IndicatorsWide || l == IndicatorsAuto && b.longRows > wideRows
	b.wideAsked = l == IndicatorsWide
	if !b.wide {
		// The long layout shows every indicator's rank: a run scored
		// without them (WideLikely) gets them now.
		b.r.RankIndicators()
	}
	return nil
}

// WideLikely reports whether the Indicators sheet of a run of at most
// cells unit, year and indicator values is likely wide: when asked, or by
// default when cells exceed a sheet. A caller may then score without
// indicator ranks (scoring.Options.NoIndicatorRanks), which only the long
// layout shows; a workbook that turns out long ranks them itself.
func WideLikely(layout IndicatorsLayout, cells int) bool {
	return layout == IndicatorsWide || (layout == IndicatorsAuto || layout == "") && cells > wideRows
}

// hasData reports, for each of the indicator nodes and each year, whether
// some unit has a value: an indicator without one gets no rows that year
// in the long layout (the Data quality sheet's coverage table lists it).
func (b *book) hasData(nodes []int) [][]bool {
	out := make([][]bool, len(nodes))
	for j, i := range nodes {
		out[j] = make([]bool, len(b.r.Years))
		for k, y := range b.r.Years {
			for _, v := range y.Raw[i] {
				if !math.IsNaN(v) {
					out[j][k] = true
					break
				}
			}
		}
	}
	return out
}

// wideReason says why the Indicators sheet is wide.
func (b *book) wideReason() string {
	if b.wideAsked {
		return b.g.t(wideWhyAsked)
	}
	return b.g.t(wideWhyAuto, groupThousands(strconv.Itoa(b.longRows)), groupThousands(strconv.Itoa(wideRows)))
}

// indicatorsWide writes the Indicators sheet in the wide layout: a row per
// unit and year, in the order of the data (so that a column read from one
// sheet of a file is one range), with the index's rank, then for each
// indicator the value used (when imputation or treatment changed values)
// and its normalised value, under a two-row header with the indicator
// over its columns. The source of every value is recorded as runs of rows
// for the Sources sheet, whose cells hold the raw values: raw values
// here too would take a third more time to write (20 million cells
// rather than 10 at 200,000 units × 50 indicators), for numbers the
// input holds.
func (b *book) indicatorsWide() error {
	g, r := b.g, b.r
	infos, repaired := b.indicatorInfos(false)
	styles := newNumStyles(b)
	cols := []column{
		{header: g.t(hUnit), width: b.unitWidth()},
		{header: g.t(hYear), style: b.integer},
		{header: g.t(hRank), style: b.rank},
	}
	fixed, per := len(cols), 1 // columns before the indicators', and of each
	if repaired {
		per = 2
	}
	for _, in := range infos {
		group := in.id + " " + in.name
		if in.unit != "" {
			group += g.t(unitSuffix, in.unit)
		}
		if repaired {
			cols = append(cols, column{header: g.t(hProcessed), width: max(in.used.width, 8), style: styles.of(in.used.code, false), group: group})
		}
		cols = append(cols, column{header: g.t(hNormalised), style: b.score, group: group})
	}
	t, err := b.stream(g.t(sheetIndicators), cols, 1)
	if err != nil {
		return err
	}
	w := &wideSheet{b: b, infos: infos, repaired: repaired, fixed: fixed, per: per,
		imputedBy: g.t(srcImputedBy, methodName(g, imputeZh, r.Options.Impute.Method))}
	if repaired {
		// Made here: the rows are written on every core.
		w.impStyle = make([]int, len(infos))
		for j, in := range infos {
			w.impStyle[j] = styles.of(in.used.code, true)
		}
	}
	runs := w.newRuns()
	order := b.dataOrder()
	err = addRows(t, len(order), w.newRuns,
		func(rb *rowBuilder, i, sheet int, block []runList) { w.row(rb, order[i], sheet, block) },
		func(block []runList) {
			for j := range runs {
				runs[j].merge(block[j].runs)
			}
		})
	if err != nil {
		return err
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	if err := t.flush(); err != nil {
		return err
	}
	b.wideSheets = t.names
	for _, rl := range runs {
		b.runs = append(b.runs, rl.runs...)
	}
	return nil
}

// wideSheet is what the rows of the wide Indicators sheet are written
// from, read only while they are.
type wideSheet struct {
	b          *book
	infos      []indicatorInfo
	repaired   bool
	fixed, per int   // columns before the indicators', and of each
	impStyle   []int // of an imputed value used, by indicator
	imputedBy  string
}

// newRuns returns empty run lists of the indicators.
func (w *wideSheet) newRuns() []runList {
	runs := make([]runList, len(w.infos))
	for j := range w.infos {
		runs[j].col = w.fixed + w.per*(j+1) - 1 // the normalised value's
		runs[j].usedCol = runs[j].col - 1
		runs[j].info = &w.infos[j]
	}
	return runs
}

// row writes the cells of unit-year uy to rb, on sheet of the table,
// and adds the sources of its values to runs.
func (w *wideSheet) row(rb *rowBuilder, uy unitYear, sheet int, runs []runList) {
	b := w.b
	y, u := b.r.Years[uy.y], uy.u
	rb.str(string(y.Units[u]))
	rb.int(y.Year, true)
	rb.int(int(y.Ranks[0][u]), true)
	tr := -1 // the row of the table
	if b.o.Table != nil && u < len(y.Rows) {
		tr = y.Rows[u]
	}
	for j, in := range w.infos {
		imp := false
		if w.repaired {
			imp = y.Imputed != nil && y.Imputed[in.node][u]
			style := 0
			if imp {
				style = w.impStyle[j]
			}
			rb.num(y.Processed[in.node][u], style)
		}
		rb.num(y.Scores[in.node][u], 0)
		runs[j].add(b, sheet, rb.row, tr, imp, w.imputedBy)
	}
}

// dataOrder returns the units of every year in the order of their rows in
// the table (by year, then unit, without a table).
func (b *book) dataOrder() []unitYear {
	r := b.r
	var out []unitYear
	for k, y := range r.Years {
		for u := range y.Units {
			out = append(out, unitYear{k, u})
		}
	}
	if b.o.Table == nil {
		return out
	}
	row := func(a unitYear) int {
		if y := r.Years[a.y]; a.u < len(y.Rows) {
			return y.Rows[a.u]
		}
		return -1
	}
	slices.SortStableFunc(out, func(a, c unitYear) int { return cmp.Compare(row(a), row(c)) })
	return out
}

// sourceRun is a range of consecutive rows of a column of the wide
// Indicators sheet whose values come from one range of cells (each
// operand of a formula from one), or are imputed alike.
type sourceRun struct {
	info       *indicatorInfo
	sheet      int // of the Indicators sheets
	col        int // the column of the values (from 0)
	first, n   int // the first row on the sheet, and how many
	kind       sourceKind
	formula    string           // a computed value's, as formulaSource writes it
	from       []dataset.Origin // the first row's cells: one, or a formula's operands
	imputedMsg string           // an imputed value's text
}

type sourceKind int8

const (
	srcCell     sourceKind = iota + 1 // read from a cell
	srcComputed                       // computed by a formula from cells
	srcImpData                        // imputed when the data were read
	srcImpScore                       // imputed by the profile's rule
)

// runList gathers the runs of one indicator.
type runList struct {
	info         *indicatorInfo
	col, usedCol int
	runs         []sourceRun
	scratch      []dataset.Origin
	// The last run is of cells, and its last value came from table row
	// lastTr, whose cells the next rows' follow up to row spanEnd.
	lastTr, spanEnd int
}

// add records the source of the indicator's value on row (of sheet) of
// the Indicators sheet, from row tr of the table (-1: none).
func (l *runList) add(b *book, sheet, row, tr int, imputed bool, imputedBy string) {
	in := l.info
	if tr == l.lastTr+1 && tr < l.spanEnd && !imputed && in.col.Flags[tr]&(dataset.Imputed|dataset.Computed) == 0 {
		// The next cell of the last run's: no need to look it up.
		if last := &l.runs[len(l.runs)-1]; last.sheet == sheet && last.first+last.n == row {
			last.n++
			l.lastTr = tr
			return
		}
	}
	l.spanEnd = 0
	kind, formula, msg, col := sourceKind(0), "", "", l.col
	from := l.scratch[:0]
	span := 0
	switch {
	case imputed:
		kind, msg, col = srcImpScore, imputedBy, l.usedCol
	case in.col == nil || tr < 0:
	case in.col.Flags[tr]&dataset.Imputed != 0:
		kind, msg = srcImpData, b.g.t(srcImputed)
	case in.col.Flags[tr]&dataset.Computed != 0:
		kind = srcComputed
		formula = in.col.Formula
		if d := in.col.DerivationAt(tr); d != nil {
			formula = d.Formula
		}
		if in.col.Flags[tr]&dataset.Derived != 0 {
			formula = "\x00" + formula // marked as derived when written
		}
		if b.o.Table != nil {
			from = b.o.Table.AppendSources(from, in.col.ID, tr)
		}
	default:
		if o, n := in.col.OriginSpan(tr); o.File != "" {
			kind, span = srcCell, n
			from = append(from, o)
		}
	}
	l.scratch = from
	if kind == 0 {
		return
	}
	if kind == srcCell {
		l.lastTr, l.spanEnd = tr, tr+span
	}
	next := sourceRun{info: in, sheet: sheet, col: col, first: row, n: 1, kind: kind,
		formula: formula, from: from, imputedMsg: msg}
	if n := len(l.runs); n > 0 && l.runs[n-1].joins(&next) {
		l.runs[n-1].n++
		return
	}
	next.from = slices.Clone(from)
	l.runs = append(l.runs, next)
}

// merge adds the runs that follow those of l, the first joined to the
// last of l when it continues it.
func (l *runList) merge(next []sourceRun) {
	for k := range next {
		if n := len(l.runs); k == 0 && n > 0 && l.runs[n-1].joins(&next[k]) {
			l.runs[n-1].n += next[k].n
			continue
		}
		l.runs = append(l.runs, next[k])
	}
}

// joins reports whether run o continues run s: the next rows of the same
// column and sheet, of the same kind, from the next cells.
func (s *sourceRun) joins(o *sourceRun) bool {
	return s.kind == o.kind && s.sheet == o.sheet && s.col == o.col && s.first+s.n == o.first &&
		s.formula == o.formula && s.imputedMsg == o.imputedMsg && follows(s.from, o.from, s.n)
}

// follows reports whether the cells next are the cells first, n rows down.
func follows(first, next []dataset.Origin, n int) bool {
	if len(first) != len(next) {
		return false
	}
	for i, o := range first {
		p := next[i]
		if p.File != o.File || p.Sheet != o.Sheet || p.Col != o.Col || p.Row != o.Row+n || o.Row == 0 {
			return false
		}
	}
	return true
}

// text returns the source of the run: a cell range (file#Sheet!B2:B9),
// the formula and the ranges of its operands, or how it was imputed.
func (s *sourceRun) text(b *book) string {
	switch s.kind {
	case srcImpData, srcImpScore:
		return s.imputedMsg
	}
	ranges := make([]string, len(s.from))
	for i, o := range s.from {
		ranges[i] = b.short(o.String())
		if s.n > 1 && o.Row > 0 && o.Col > 0 {
			ranges[i] += ":" + dataset.CellName(o.Col, o.Row+s.n-1)
		}
	}
	if s.kind == srcCell {
		return strings.Join(ranges, ", ")
	}
	f, derived := strings.CutPrefix(s.formula, "\x00")
	if f == "" {
		return b.g.t(srcFormula)
	}
	src := "= " + f
	if derived {
		src = b.g.t(srcDerived) + " " + src
	}
	if len(ranges) > 0 {
		src += " ← " + strings.Join(ranges, ", ")
	}
	return src
}

// sources writes the Sources sheet of the wide Indicators sheet: for each
// indicator, the runs of its values, each with the Indicators sheet and
// cells it covers and where the values come from.
func (b *book) sources() error {
	g := b.g
	wID, wName, wSheet, wSrc := 8.0, 10.0, 6.0, 20.0
	for _, s := range b.wideSheets {
		wSheet = max(wSheet, textWidth(s))
	}
	for i := range b.runs {
		s := &b.runs[i]
		wID, wName = max(wID, textWidth(s.info.id)), max(wName, textWidth(s.info.name))
	}
	cols := []column{
		{header: g.t(hIndicatorID), width: wID},
		{header: g.t(hIndicatorName), width: min(wName, maxNameWidth)},
		{header: g.t(hSheet), width: wSheet},
		{header: g.t(hCells), width: 16},
		{header: g.t(hRows), style: b.integer},
		{header: g.t(hSource), width: max(wSrc, 48)},
	}
	t, err := b.stream(g.t(sheetSources), cols, 2)
	if err != nil {
		return err
	}
	for i := range b.runs {
		s := &b.runs[i]
		c, err := excelize.ColumnNumberToName(s.col + 1)
		if err != nil {
			return err
		}
		cells := c + strconv.Itoa(s.first)
		if s.n > 1 {
			cells += ":" + c + strconv.Itoa(s.first+s.n-1)
		}
		rb, err := t.begin()
		if err != nil {
			return err
		}
		rb.str(s.info.id)
		rb.str(s.info.name)
		rb.str(b.wideSheets[s.sheet])
		rb.str(cells)
		rb.int(s.n, false)
		rb.str(s.text(b))
		if err := t.end(rb); err != nil {
			return err
		}
	}
	if err := t.filter(t.row); err != nil {
		return err
	}
	return t.flush()
}

// indicatorInfos returns the fixed columns of every indicator, the number
// formats of their values used and (with raw) raw values chosen, and
// whether imputation or treatment changed values (the sheet then shows
// the value used).
func (b *book) indicatorInfos(raw bool) ([]indicatorInfo, bool) {
	r := b.r
	s := r.Schema
	var infos []indicatorInfo
	for _, i := range s.Indicators() {
		n := s.Nodes[i]
		info := indicatorInfo{node: i, id: n.ID, name: b.name(i)}
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
		info.unit = b.unitOf(i)
		infos = append(infos, info)
	}
	repaired := r.Options.Impute.Method != composite.ImputeNone || r.Options.Treat.Method != composite.TreatNone || len(r.Options.TreatOverrides) > 0
	// The formats of the indicators, on every core: each scans its values.
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(infos)) {
		wg.Go(func() {
			for k := range next {
				in := &infos[k]
				if raw {
					in.raw = b.valueFormat(in.unit, func(y int) []float64 { return r.Years[y].Raw[in.node] })
				}
				if repaired {
					in.used = b.valueFormat(in.unit, func(y int) []float64 { return r.Years[y].Processed[in.node] })
				}
			}
		})
	}
	for k := range infos {
		next <- k
	}
	close(next)
	wg.Wait()
	return infos, repaired
}

// about returns what part p holds, for the Overview's guide.
func (b *book) about(p sheetPart) string {
	if p.name == sheetIndicators && b.wide {
		return b.g.t(aboutIndicatorsWide, b.wideReason(), b.g.t(sheetSources))
	}
	return b.g.t(p.about)
}
