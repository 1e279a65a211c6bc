package exporters

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
)

// TestWorkbookWide writes the test output with the wide Indicators sheet
// (as asked, or by default past a lowered wideRows) and reads it back
// against the long one: every value used and normalised value of the
// long sheet is on the wide one, in the unit's row and the indicator's
// columns, shown alike, and the Sources sheet gives every value the
// source the long sheet gives it. The
// Method sheet and the Overview say which layout and why.
func TestWorkbookWide(t *testing.T) {
	for _, tc := range []struct {
		name     string
		lang     string
		layout   IndicatorsLayout
		wideRows int  // lowered for the default to be wide
		split    int  // rows per sheet, lowered to split the wide sheet
		impute   bool // imputation: the value used, italic when imputed
		formula  bool // hitech_share computed from two read variables
		wide     bool
		why      string
	}{
		{"auto-small", "en", "", maxSheetRows, maxSheetRows, false, false, false, ""},
		{"long-asked", "en", IndicatorsLong, 10, maxSheetRows, false, false, false, ""},
		{"auto-large-zh", "zh", IndicatorsAuto, 59, maxSheetRows, false, false, true, "长表需 60 行，超出一张表的 59 行"},
		{"auto-large-en", "en", "", 20, maxSheetRows, false, true, true, "the long layout would need 60 rows, more than the 20 of a sheet"},
		{"wide-asked", "en", IndicatorsWide, maxSheetRows, maxSheetRows, true, true, true, "as --indicators-layout wide asks"},
		{"wide-split", "zh", IndicatorsWide, maxSheetRows, 3, true, false, true, "按 --indicators-layout wide 指定"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := func() *Output {
				o := testOutput(t, tc.lang)
				if tc.formula {
					c := o.Table.Column("hitech_share")
					c.Formula, c.Operands = "rd_share * park_area", []dataset.VariableID{"rd_share", "park_area"}
				}
				if tc.impute {
					opt := scoring.DefaultOptions()
					opt.Impute = scoring.ImputeSpec{Method: composite.ImputeLOCF}
					res, err := scoring.Run(o.Result.Schema, o.Table, opt)
					if err != nil {
						t.Fatal(err)
					}
					o.Result = res
				}
				return o
			}
			long, _ := writeBook(t, out())
			defer func(w, s int) { wideRows, splitRows = w, s }(wideRows, splitRows)
			wideRows, splitRows = tc.wideRows, tc.split
			o := out()
			o.IndicatorsLayout = tc.layout
			f, _ := writeBook(t, o)
			g := lang(tc.lang)
			sheets := f.GetSheetList()
			if got := slices.Contains(sheets, g.t(sheetSources)); got != tc.wide {
				t.Fatalf("sheets %q: Sources sheet %v, want %v", sheets, got, tc.wide)
			}
			if !tc.wide {
				if tc.split == maxSheetRows && !bytes.Equal(dump(t, long), dump(t, f)) {
					t.Error("the long layout differs from the default's")
				}
				return
			}
			checkWide(t, g, long, f)
			// Deflated as it goes, in blocks of a few rows on every core:
			// the same cells.
			defer func(n, c int) { fastDeflateRows, deflateChunk = n, c }(fastDeflateRows, deflateChunk)
			for _, c := range []struct{ fastRows, chunk int }{{10, 1500}, {1 << 30, 1500}, {10, 1 << 20}} {
				fastDeflateRows, deflateChunk = c.fastRows, c.chunk
				fast, _ := writeBook(t, o)
				if !bytes.Equal(dump(t, f), dump(t, fast)) {
					t.Errorf("%+v: the cells differ", c)
				}
			}
			text := string(dump(t, f))
			method := g.t(mLayout) + "\t\t" + g.t(mLayoutWide) + "\t" + g.t(mLayoutNote, tc.why, g.t(sheetSources))
			if !strings.Contains(text, method) {
				t.Errorf("no Method line %q", method)
			}
			if about := g.t(aboutIndicatorsWide, tc.why, g.t(sheetSources)); !strings.Contains(text, about) {
				t.Errorf("no Overview guide %q", about)
			}
		})
	}
}

// checkWide compares the wide Indicators sheet of f and its Sources with
// the long Indicators sheet of long.
func checkWide(t *testing.T, g lang, long, f *excelize.File) {
	t.Helper()
	name := g.t(sheetIndicators)
	lrows, err := long.GetRows(name)
	if err != nil {
		t.Fatal(err)
	}
	lcol := map[string]int{}
	for c, h := range lrows[0] {
		lcol[h] = c
	}
	// The wide sheets: a two-row header, the indicator over its columns.
	var parts []string
	for _, s := range f.GetSheetList() {
		if s == name || strings.HasPrefix(s, name+" (") {
			parts = append(parts, s)
		}
	}
	type at struct {
		sheet string
		row   int // 1-based
	}
	rowOf := map[[2]string]at{}
	wide := map[string][][]string{}
	var head [2][]string
	for _, p := range parts {
		rows, err := f.GetRows(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) < 2 {
			t.Fatalf("%s: %d rows", p, len(rows))
		}
		if head[0] == nil {
			head = [2][]string{rows[0], rows[1]}
		} else if !slices.Equal(rows[0], head[0]) || !slices.Equal(rows[1], head[1]) {
			t.Errorf("%s: header %q, want %q", p, rows[:2], head)
		}
		if p, _ := f.GetPanes(p); !p.Freeze || p.YSplit != 2 {
			t.Errorf("%s: panes %+v, want two header rows frozen", parts, p)
		}
		wide[p] = rows
		for r, row := range rows[2:] {
			key := [2]string{row[0], row[1]}
			if _, dup := rowOf[key]; dup {
				t.Errorf("%s: %v twice", p, key)
			}
			rowOf[key] = at{p, r + 3}
		}
	}
	first := map[string]int{} // indicator id → its first column
	for c, h := range head[0] {
		if id, _, ok := strings.Cut(h, " "); ok && h != "" {
			first[id] = c
		}
	}
	// The Sources sheets: runs of cells.
	var srows [][]string
	for _, s := range f.GetSheetList() {
		if s != g.t(sheetSources) && !strings.HasPrefix(s, g.t(sheetSources)+" (") {
			continue
		}
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		srows = append(srows, rows[1:]...)
	}
	type cell struct {
		sheet, col string
		row        int
	}
	source := map[cell]string{}
	rng := regexp.MustCompile(`([A-Z]+)(\d+):([A-Z]+)(\d+)`)
	cellRef := regexp.MustCompile(`^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$`)
	for _, r := range srows {
		m := cellRef.FindStringSubmatch(r[3])
		if m == nil {
			t.Fatalf("Sources: cells %q", r[3])
		}
		from, _ := strconv.Atoi(m[2])
		to := from
		if m[4] != "" {
			to, _ = strconv.Atoi(m[4])
		}
		if n, _ := strconv.Atoi(r[4]); n != to-from+1 {
			t.Errorf("Sources %q: %d rows, want %d", r, n, to-from+1)
		}
		for k := 0; k <= to-from; k++ {
			src := rng.ReplaceAllStringFunc(r[5], func(s string) string {
				p := rng.FindStringSubmatch(s)
				n, _ := strconv.Atoi(p[2])
				return p[1] + strconv.Itoa(n+k)
			})
			c := cell{r[2], m[1], from + k}
			if _, dup := source[c]; dup {
				t.Errorf("Sources: %v twice", c)
			}
			source[c] = src
		}
	}
	used := lcol[g.t(hProcessed)]
	for _, lr := range lrows[1:] {
		for len(lr) < len(lrows[0]) {
			lr = append(lr, "")
		}
		unit, year, id := lr[lcol[g.t(hUnit)]], lr[lcol[g.t(hYear)]], lr[lcol[g.t(hIndicatorID)]]
		a, ok := rowOf[[2]string{unit, year}]
		if !ok {
			t.Errorf("no wide row of %s %s", unit, year)
			continue
		}
		wr := wide[a.sheet][a.row-1]
		c, ok := first[id]
		if !ok {
			t.Fatalf("no columns of %s in %q", id, head[0])
		}
		get := func(c int) string {
			if c < len(wr) {
				return wr[c]
			}
			return ""
		}
		var want, heads []string
		if used > 0 {
			want, heads = append(want, lr[used]), append(heads, g.t(hProcessed))
		}
		want, heads = append(want, lr[lcol[g.t(hNormalised)]]), append(heads, g.t(hNormalised))
		for k := range want {
			if head[1][c+k] != heads[k] {
				t.Errorf("%s: column %d is %q, want %q", id, c+k, head[1][c+k], heads[k])
			}
			if got := get(c + k); got != want[k] {
				t.Errorf("%s %s %s %s: %q, want %q", unit, year, id, heads[k], got, want[k])
			}
		}
		// The source: of the value used when imputed, else of the raw
		// value, given on the normalised value's cells.
		srcCol := c + len(want) - 1
		if used > 0 && strings.HasPrefix(lr[lcol[g.t(hSource)]], g.t(srcImputedBy, "")[:4]) {
			srcCol = c
		}
		col, _ := excelize.ColumnNumberToName(srcCol + 1)
		if got, want := source[cell{a.sheet, col, a.row}], lr[lcol[g.t(hSource)]]; got != want {
			t.Errorf("%s %s %s: source %q, want %q", unit, year, id, got, want)
		}
	}
	if len(rowOf) == 0 {
		t.Fatal("no wide rows")
	}
}

// A run scored without indicator ranks, as the CLI scores one it expects a
// wide workbook of, still gets them on a long Indicators sheet: the
// workbook ranks the indicators itself.
func TestWorkbookLongRanksIndicators(t *testing.T) {
	sheets := map[bool][][]string{}
	for _, lean := range []bool{false, true} {
		o := testOutput(t, "en")
		if lean {
			opt := scoring.DefaultOptions()
			opt.NoIndicatorRanks = true
			res, err := scoring.Run(o.Result.Schema, o.Table, opt)
			if err != nil {
				t.Fatal(err)
			}
			o.Result = res
		}
		var b bytes.Buffer
		if err := WriteWorkbook(&b, o); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Indicators")
		if err != nil {
			t.Fatal(err)
		}
		sheets[lean] = rows
	}
	if len(sheets[true]) < 10 {
		t.Fatalf("%d rows", len(sheets[true]))
	}
	for r := range sheets[false] {
		if !slices.Equal(sheets[true][r], sheets[false][r]) {
			t.Fatalf("row %d: %q, scored with the ranks %q", r+1, sheets[true][r], sheets[false][r])
		}
	}
}
