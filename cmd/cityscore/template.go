package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/cityscore/cityscore/cities"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
)

const templateExamples = `  # Every input the built-in framework needs, for every prefecture-level city, last year:
  cityscore template --out template.xlsx

  # Only what the 2024 yearbook's tables lack, for their cities, data year 2023:
  cityscore template --data "中国城市统计年鉴2024/2、地级以上城市统计资料" --year 2023 --out fill-2023.xlsx
  # … fill it in, then score the yearbook and the filled file together:
  cityscore score --data "中国城市统计年鉴2024/2、地级以上城市统计资料" --data fill-2023.xlsx --year 2023

  # Three years of a panel, one sheet per year, English headers:
  cityscore template --data panel.csv --year 2021 --year 2022 --year 2023 --layout sheets --lang en --out fill.xlsx
`

// intList is an int flag that may be repeated.
type intList []int

func (l *intList) String() string {
	var parts []string
	for _, v := range *l {
		parts = append(parts, strconv.Itoa(v))
	}
	return strings.Join(parts, ",")
}

func (l *intList) Set(s string) error {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < 1000 || v > 2999 {
		return fmt.Errorf("%q: want a four-digit year", s)
	}
	*l = append(*l, v)
	return nil
}

// templateOptions are the flags of template.
type templateOptions struct {
	read               *readOptions
	framework, profile string
	data               stringList
	unitColumn         string
	allowUnknown       bool
	years              intList
	lang, layout, out  string
	quiet              bool
}

func templateCmd(ctx context.Context, e *env, args []string) error {
	var o templateOptions
	fs := newFlagSet(e, "template",
		"cityscore template [--framework F] [--profile P] [--data PATH]... [--unit-column NAME] [--year N]...\n"+
			"                   [--lang zh|en] [--layout wide|sheets] [--allow-unknown-units] [--quiet] --out FILE.xlsx",
		`Write a fill-in workbook of the raw inputs the framework needs and the data
lack: for every indicator without data (after importing --data and computing
its formulas and derive alternatives), the inputs its formula needs, through
the indicators it uses, that have no value at all; an indicator without a
formula is a column itself. Without --data, every input any indicator needs.

One row per city: with --data the units of the data, else (framework units:
cn-city) every prefecture-level city (地级市) and municipality of the year,
with its 6-digit code. Each header is the input's name and unit as the
importer reads it back (城区人口（万人）); the 说明 (Notes) sheet gives each
column's id, definition, unit, scope, source, valid range, the indicators that
need it and an example value. Cells take numbers only (data validation).
Fill it in and pass it to score with --data beside the original data.`, templateExamples)
	fs.StringVar(&o.framework, "framework", "", "framework `FILE` (YAML); default: the profile's, else the built-in one")
	fs.StringVar(&o.profile, "profile", "", "profile `FILE` (YAML); its population_basis decides which derive alternatives count; default: the built-in profile")
	fs.Var(&o.data, "data", "data `PATH` you have: a CSV, xlsx or Parquet file, or a folder of them; repeatable; default: none, every input is asked for")
	fs.StringVar(&o.unitColumn, "unit-column", "", "header of the unit (city) column of --data; default: the first column")
	o.read = fs.readFlags()
	fs.BoolVar(&o.allowUnknown, "allow-unknown-units", false, "keep rows of --data whose unit is not a known city, as printed")
	fs.Var(&o.years, "year", "year `N` of the rows to fill; repeatable; default: the latest year of the data, else last year")
	fs.StringVar(&o.lang, "lang", "zh", "headers and notes: zh or en")
	fs.StringVar(&o.layout, "layout", "wide", "wide: one sheet, a row per city and year; sheets: one sheet per year, named 2023 etc.")
	fs.StringVar(&o.out, "out", "", "output `FILE`.xlsx; required")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	if err := fs.parse(args, false); err != nil {
		return err
	}
	if o.lang != "zh" && o.lang != "en" {
		return usagef("--lang %q: want zh or en", o.lang)
	}
	if o.layout != "wide" && o.layout != "sheets" {
		return usagef("--layout %q: want wide or sheets", o.layout)
	}
	if o.out == "" {
		return usagef("--out is required: the .xlsx file to write")
	}
	if o.out == "-" || !strings.EqualFold(filepath.Ext(o.out), ".xlsx") {
		return usagef("--out %s: want a file ending in .xlsx", o.out)
	}
	slices.Sort(o.years)
	o.years = slices.Compact(o.years)
	return o.run(ctx, e)
}

// tplColumn is an input (or a direct indicator) the template asks for.
type tplColumn struct {
	v      *indicators.Variable
	header string
	// neededBy lists the indicators without data whose formula needs v
	// (through the indicators it uses); derives the variables one of whose
	// derive alternatives needs it.
	neededBy []*indicators.Indicator
	derives  []string
}

// tplSelection is what the template asks for and what it unlocks.
type tplSelection struct {
	cols    []*tplColumn
	missing []*indicators.Indicator // indicators without data, framework order
	// primary maps each missing indicator to the columns its own formula
	// route needs (no derive alternatives).
	primary map[string][]*tplColumn
	// blocked are missing indicators whose formula needs a variable of a
	// basis the profile sets aside: no template can give them data.
	blocked []*indicators.Indicator
}

// excludedBasis reports whether the profile's basis sets v's own values
// aside (ComputeOptions.Basis).
func excludedBasis(v *indicators.Variable, basis string) bool {
	return basis != "" && basis != indicators.BasisAny && v.Basis != "" && v.Basis != basis
}

// allowedAlt reports whether derive alternative a may fill v under the
// profile's basis, as indicators.ComputeWith decides.
func allowedAlt(v *indicators.Variable, a *indicators.Alternative, basis string) bool {
	switch {
	case v.Basis == "" || basis == indicators.BasisAny:
		return true
	case basis == "":
		return a.Basis == v.Basis
	}
	return a.Basis == basis
}

// selectInputs chooses the template's columns: for every indicator of fw
// without data (has reports whether a variable has any value), the
// variables its formula needs that have none, recursively through the
// indicators and inputs it uses, and those of the derive alternatives the
// profile's basis allows; an indicator or input without data and without a
// formula is itself a column. Columns come once each, in framework order.
func selectInputs(fw *indicators.Framework, has func(id string) bool, basis string) *tplSelection {
	sel := &tplSelection{primary: map[string][]*tplColumn{}}
	byID := map[string]*tplColumn{}
	add := func(v *indicators.Variable) *tplColumn {
		c := byID[v.ID]
		if c == nil {
			c = &tplColumn{v: v}
			byID[v.ID] = c
		}
		return c
	}
	for _, ind := range fw.Indicators() {
		if has(ind.ID) {
			continue
		}
		sel.missing = append(sel.missing, ind)
		visited := map[string]bool{}
		blocked := false
		var walk func(v *indicators.Variable, altFor string)
		walk = func(v *indicators.Variable, altFor string) {
			if v == nil || has(v.ID) {
				return
			}
			key := v.ID + "\x00" + altFor
			if visited[key] {
				return
			}
			visited[key] = true
			if excludedBasis(v, basis) {
				if altFor == "" {
					blocked = true
				}
				return
			}
			if v.Formula == nil {
				c := add(v)
				if altFor == "" {
					if !slices.Contains(c.neededBy, ind) {
						c.neededBy = append(c.neededBy, ind)
					}
					if !slices.Contains(sel.primary[ind.ID], c) {
						sel.primary[ind.ID] = append(sel.primary[ind.ID], c)
					}
				} else if !slices.Contains(c.derives, altFor) {
					c.derives = append(c.derives, altFor)
				}
			} else {
				for _, id := range v.Formula.IDs() {
					walk(fw.Variable(id), altFor)
				}
			}
			for _, a := range v.Derive {
				if allowedAlt(v, a, basis) {
					for _, id := range a.Formula.IDs() {
						walk(fw.Variable(id), v.ID)
					}
				}
			}
		}
		walk(&ind.Variable, "")
		if blocked {
			sel.blocked = append(sel.blocked, ind)
		}
	}
	for _, v := range fw.Variables() {
		if c := byID[v.ID]; c != nil {
			sel.cols = append(sel.cols, c)
		}
	}
	return sel
}

// headerCandidates are the headers tried for v, best first: its name and
// unit (常住人口（万人）), with its scope (常住人口（全市，万人）), its id.
func headerCandidates(v *indicators.Variable, lang string) []string {
	withUnit := func(name string, parts ...string) string {
		var in []string
		for _, p := range append(parts, v.Unit) {
			if p != "" {
				in = append(in, p)
			}
		}
		if len(in) == 0 {
			return name
		}
		return name + "（" + strings.Join(in, "，") + "）"
	}
	name := v.Name.In(lang)
	out := []string{withUnit(name)}
	if v.Scope != "" {
		out = append(out, withUnit(name, v.Scope))
	}
	return append(out, withUnit(v.ID))
}

// templateCSV renders a header row and one row for the importer.
func templateCSV(header, row []string) io.Reader {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	w.Write(row)
	w.Flush()
	return &b
}

// checkUnit is a unit name every framework's import accepts: a city under
// units: cn-city.
func checkUnit(fw *indicators.Framework) string {
	if fw.Units == indicators.UnitsCNCity {
		return "北京市"
	}
	return "A"
}

// readsBack reports whether the importer reads header, alone in a table,
// as variable id with no unit conversion.
func readsBack(fw *indicators.Framework, header, id string) bool {
	names := exporters.TemplateLabels("zh")
	_, rep, err := importers.ReadCSV(templateCSV([]string{names.Unit, header}, []string{checkUnit(fw), ""}),
		"template", importers.Options{Framework: fw, Year: 2000})
	if err != nil || rep == nil || len(rep.Matched) != 1 {
		return false
	}
	m := rep.Matched[0]
	return string(m.Variable) == id && m.Factor == 1
}

// chooseHeaders gives every column the first header the importer reads back
// as its variable, and checks the whole header row the template writes.
func chooseHeaders(fw *indicators.Framework, cols []*tplColumn, lang string, withYear bool) error {
	for _, c := range cols {
		for _, h := range headerCandidates(c.v, lang) {
			if readsBack(fw, h, c.v.ID) {
				c.header = h
				break
			}
		}
		if c.header == "" {
			return fmt.Errorf("no header for %s that the importer reads back as %s (tried %s)",
				c.v.ID, c.v.ID, strings.Join(headerCandidates(c.v, lang), ", "))
		}
	}
	names := exporters.TemplateLabels(lang)
	hdr := []string{names.Unit, names.Code}
	row := []string{checkUnit(fw), "110000"}
	if withYear {
		hdr, row = append(hdr, names.Year), append(row, "2000")
	}
	first := len(hdr)
	for _, c := range cols {
		hdr, row = append(hdr, c.header), append(row, "")
	}
	_, rep, err := importers.ReadCSV(templateCSV(hdr, row), "template", importers.Options{Framework: fw, Year: 2000})
	if err != nil {
		return fmt.Errorf("the importer does not read the template's header row: %w", err)
	}
	got := map[string]string{}
	for _, m := range rep.Matched {
		got[m.Header] = string(m.Variable)
	}
	for _, c := range cols {
		if got[c.header] != c.v.ID {
			return fmt.Errorf("the importer reads the template header %q as %q, not %s", c.header, got[c.header], c.v.ID)
		}
	}
	for _, m := range rep.Matched {
		if slices.Index(hdr, m.Header) < first {
			return fmt.Errorf("the importer reads the template's column %q as %s", m.Header, m.Variable)
		}
	}
	return nil
}

// templateUnits are the cities of a cn-city framework for year: the
// prefecture-level cities (地级市) and the municipalities, by code, under
// their current names; a unit whose current name is not its name in year is
// kept when the name still denotes it today (a renamed city such as 襄阳市,
// 襄樊市 until 2010), not when the unit was abolished (莱芜市 after 2018,
// 巢湖市, whose name now denotes a county-level city). A unit created after
// year (三沙市, 2012) is kept too: package cities does not expose when a unit
// was created.
func templateUnits(year int) []exporters.TemplateRow {
	var out []exporters.TemplateRow
	for _, c := range cities.Units() {
		if c.Level != cities.Prefecture && c.Level != cities.Municipality || !strings.HasSuffix(c.Name, "市") {
			continue
		}
		// The name must denote this unit (巢湖市 is a county-level city
		// since 2011): valid in year, else today.
		if r, how, err := cities.Resolve(c.Name, year); err != nil || how > cities.Alias || r.Code != c.Code {
			if r, how, err := cities.Resolve(c.Name, 0); err != nil || how > cities.Alias || r.Code != c.Code {
				continue
			}
		}
		out = append(out, exporters.TemplateRow{Unit: c.Name, Code: c.Code, Year: year})
	}
	return out
}

// dataRows are the units of table t in year, with their codes.
func dataRows(t *dataset.Table, year int) []exporters.TemplateRow {
	var out []exporters.TemplateRow
	for _, row := range t.RowsOf(year) {
		k := t.Key(row)
		code := t.Label(importers.LabelCode, row)
		if code == "" {
			if c, how, err := cities.Resolve(string(k.Unit), k.Year); err == nil && c.IsCity() && how <= cities.Alias {
				code = c.Code
			}
		}
		out = append(out, exporters.TemplateRow{Unit: string(k.Unit), Code: code, Year: year})
	}
	return out
}

// loadAll imports the data files and computes the framework on every row,
// keeping every year: rows without a year take year when it is not 0.
func (s *setup) loadAll(paths []string, unitColumn string, year int, allowUnknown bool) error {
	if err := s.importData(paths, unitColumn, year, allowUnknown); err != nil {
		return err
	}
	s.compute = s.fw.ComputeWith(s.table, indicators.ComputeOptions{Basis: s.prof.PopulationBasis})
	return nil
}

// hasValues returns, for the rows of t keep accepts, whether each column
// holds a value.
func hasValues(t *dataset.Table, keep func(dataset.Key) bool) map[string]bool {
	out := map[string]bool{}
	for _, c := range t.Columns() {
		for row, v := range c.Values {
			if !math.IsNaN(v) && keep(t.Key(row)) {
				out[string(c.ID)] = true
				break
			}
		}
	}
	return out
}

// exampleValue returns a value of variable id in t, latest year first, with its
// unit and year, or "".
func exampleValue(t *dataset.Table, id, lang string) string {
	if t == nil {
		return ""
	}
	c := t.Column(dataset.VariableID(id))
	if c == nil {
		return ""
	}
	best := -1
	for row, v := range c.Values {
		if !math.IsNaN(v) && (best < 0 || t.Key(row).Year > t.Key(best).Year) {
			best = row
		}
	}
	if best < 0 {
		return ""
	}
	k := t.Key(best)
	v := strconv.FormatFloat(c.Values[best], 'g', 6, 64)
	where := string(k.Unit)
	if lang == "en" {
		if k.Year != 0 {
			where += fmt.Sprintf(", %d", k.Year)
		}
		return fmt.Sprintf("%s (%s)", v, where)
	}
	if k.Year != 0 {
		where += fmt.Sprintf("，%d", k.Year)
	}
	return fmt.Sprintf("%s（%s）", v, where)
}

// shellQuote quotes s for a shell command line when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"'$`\\!*?&;|<>()[]{}#~") {
		return s
	}
	return strconv.Quote(s)
}

func (o *templateOptions) run(ctx context.Context, e *env) error {
	stamp, err := e.stamp()
	if err != nil {
		return err
	}
	s, err := loadModel(o.framework, o.profile)
	if err != nil {
		return err
	}
	s.read = o.read
	cn := s.fw.Units == indicators.UnitsCNCity
	years := []int(o.years)
	keep := func(dataset.Key) bool { return false }
	if len(o.data) > 0 {
		rowYear := 0
		if len(years) == 1 {
			rowYear = years[0]
		}
		if err := s.loadAll(o.data, o.unitColumn, rowYear, o.allowUnknown); err != nil {
			return err
		}
		have := s.table.Years()
		if len(years) == 0 {
			years = []int{have[len(have)-1]}
		}
		for _, y := range years {
			if !slices.Contains(have, y) {
				return fmt.Errorf("no data for year %d (the data hold %s)", y, yearList(have))
			}
		}
		keep = func(k dataset.Key) bool { return slices.Contains(years, k.Year) }
	} else {
		if !cn {
			return fmt.Errorf("framework %s declares no units (units: %s): give --data to take the units from it", s.fw.ID, indicators.UnitsCNCity)
		}
		if len(years) == 0 {
			years = []int{e.now().Year() - 1}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	yearless := len(years) == 1 && years[0] == 0
	if yearless && o.layout == "sheets" {
		return usagef("--layout sheets: the data have no year column; give --year N, the year of their rows")
	}

	var has map[string]bool
	if s.table != nil {
		has = hasValues(s.table, keep)
	}
	sel := selectInputs(s.fw, func(id string) bool { return has[id] }, s.prof.PopulationBasis)
	if len(sel.cols) == 0 {
		if len(sel.blocked) > 0 {
			return fmt.Errorf("nothing to fill: the indicators without data need variables whose basis the profile sets aside (population_basis %s): %s",
				s.prof.PopulationBasis, indicatorIDs(sel.blocked))
		}
		return fmt.Errorf("nothing to fill: every indicator of %s has data in %s; no template written", s.fw.ID, yearList(years))
	}
	if err := chooseHeaders(s.fw, sel.cols, o.lang, o.layout == "wide" && !yearless); err != nil {
		return fmt.Errorf("template: %w", err)
	}

	// Sheets and rows.
	tpl := &exporters.Template{
		Lang: o.lang, Title: s.fw.Name.In(o.lang), Creator: "cityscore " + fullVersion(),
		Description: strings.Join(e.args, " "), Time: stamp,
	}
	rowsOf := func(y int) []exporters.TemplateRow {
		if s.table != nil {
			return dataRows(s.table, y)
		}
		return templateUnits(y)
	}
	units := map[string]bool{}
	if o.layout == "sheets" {
		for _, y := range years {
			rows := rowsOf(y)
			tpl.Sheets = append(tpl.Sheets, exporters.TemplateSheet{Name: strconv.Itoa(y), Rows: rows})
			for _, r := range rows {
				units[r.Unit] = true
			}
		}
	} else {
		sh := exporters.TemplateSheet{Year: !yearless}
		for _, y := range years {
			sh.Rows = append(sh.Rows, rowsOf(y)...)
		}
		for _, r := range sh.Rows {
			units[r.Unit] = true
		}
		tpl.Sheets = []exporters.TemplateSheet{sh}
	}
	for _, c := range sel.cols {
		tpl.Columns = append(tpl.Columns, templateColumn(s, c, o.lang))
	}
	tpl.Instructions = o.instructions(s)

	if err := ctx.Err(); err != nil {
		return err
	}
	inputs := s.inputPaths(o.data)
	write := func(w io.Writer) error { return exporters.WriteTemplate(w, tpl) }
	if err := writeAll(ctx, e.stdout, inputs, []outFile{{o.out, write}}); err != nil {
		return err
	}
	if o.quiet {
		return nil
	}
	o.summary(e.stdout, s, sel, years, len(units), cn, has)
	fmt.Fprintf(e.stdout, "wrote %s\n", o.out)
	return nil
}

// templateColumn describes column c for the exporter.
func templateColumn(s *setup, c *tplColumn, lang string) exporters.TemplateColumn {
	v := c.v
	other := "en"
	if lang == "en" {
		other = "zh"
	}
	def := v.Name.In(lang)
	if o := v.Name.In(other); o != def && o != "" {
		def += " / " + o
	}
	if v.Note != "" {
		def += " — " + v.Note
	}
	var need []string
	for _, ind := range c.neededBy {
		need = append(need, fmt.Sprintf("%s (%s)", ind.Name.In(lang), ind.ID))
	}
	for _, d := range c.derives {
		if lang == "en" {
			need = append(need, "derive alternative of "+d)
		} else {
			need = append(need, d+" 的推算备选公式")
		}
	}
	joiner := "；"
	if lang == "en" {
		joiner = "; "
	}
	tc := exporters.TemplateColumn{
		Header: c.header, ID: v.ID, Name: v.Name.In(lang), Definition: def, Unit: v.Unit, Scope: v.Scope,
		Source: v.Source, NeededBy: strings.Join(need, joiner), Example: exampleValue(s.table, v.ID, lang),
		Min: 0, Max: math.Inf(1),
	}
	if v.Valid != nil {
		tc.Min, tc.Max, tc.Strict = v.Valid.Lo, v.Valid.Hi, true
	}
	return tc
}

// instructions are the lines under the notes table.
func (o *templateOptions) instructions(s *setup) []string {
	cmd := []string{"cityscore", "score"}
	if o.framework != "" {
		cmd = append(cmd, "--framework", shellQuote(o.framework))
	}
	if o.profile != "" {
		cmd = append(cmd, "--profile", shellQuote(o.profile))
	}
	for _, d := range o.data {
		cmd = append(cmd, "--data", shellQuote(d))
	}
	cmd = append(cmd, "--data", shellQuote(o.out))
	if len(o.years) == 1 {
		cmd = append(cmd, "--year", strconv.Itoa(o.years[0]))
	}
	line := strings.Join(cmd, " ")
	if o.lang == "en" {
		return []string{
			"One row per city (and year). Enter each value in the unit in brackets in its header; leave a cell empty when the value is unknown (not 0).",
			"Do not change the headers: cityscore reads each column by its header. The grey city, code and year columns are locked (Review › Unprotect Sheet, no password).",
			"The Notes sheet is not read. Score the filled file together with the original data:",
			"  " + line,
		}
	}
	return []string{
		"每行一个城市（及年份）。按列标题括号中的单位填写数值；数值不详的留空，不要填 0。",
		"请勿修改列标题：cityscore 按列标题识别每一列。灰色的城市、代码、年份列已锁定（审阅 › 撤销工作表保护，无密码）。",
		"本“说明”表不会被读取。填好后与原数据一起评分：",
		"  " + line,
	}
}

// summary prints what the template asks for and what it unlocks.
func (o *templateOptions) summary(w io.Writer, s *setup, sel *tplSelection, years []int, units int, cn bool, has map[string]bool) {
	what := "units"
	if cn {
		what = "cities"
	}
	var ys []string
	for _, y := range years {
		if y != 0 {
			ys = append(ys, strconv.Itoa(y))
		}
	}
	in := ""
	if len(ys) > 0 {
		in = ", " + strings.Join(ys, ", ")
	}
	one := map[bool]string{true: "city", false: "unit"}[cn]
	layout := "one sheet, a row per " + one + " and year"
	if o.layout == "sheets" {
		layout = "one sheet per year"
	} else if len(ys) == 0 {
		layout = "one sheet, a row per " + one
	}
	fmt.Fprintf(w, "%s (%s %s): %d inputs to fill for %d %s%s (%s)\n",
		s.fw.Name.In(o.lang), s.fw.ID, s.fw.Version, len(sel.cols), units, what, in, layout)

	missing := map[string]bool{}
	for _, ind := range sel.missing {
		missing[ind.ID] = true
	}
	blocked := map[string]bool{}
	for _, ind := range sel.blocked {
		blocked[ind.ID] = true
	}
	var before []string
	for _, g := range s.fw.Goals {
		inds := goalIndicators(g)
		n := 0
		for _, ind := range inds {
			if !missing[ind.ID] {
				n++
			}
		}
		before = append(before, fmt.Sprintf("%s %d/%d", g.ID, n, len(inds)))
	}
	if len(o.data) > 0 {
		fmt.Fprintf(w, "indicators with data: %s\n", strings.Join(before, ", "))
	}
	var unlock []*indicators.Indicator
	var stuck []*indicators.Indicator
	for _, ind := range sel.missing {
		switch {
		case blocked[ind.ID]:
		case len(sel.primary[ind.ID]) == 0 && !has[ind.ID]:
			// Every input has a value somewhere, never all for one
			// city and year: nothing to fill, nothing unlocked.
			stuck = append(stuck, ind)
		default:
			unlock = append(unlock, ind)
		}
	}
	fmt.Fprintf(w, "filled in, they unlock %d indicators:\n", len(unlock))
	for _, g := range s.fw.Goals {
		var ids []string
		for _, ind := range goalIndicators(g) {
			if slices.Contains(unlock, ind) {
				ids = append(ids, ind.ID)
			}
		}
		if len(ids) > 0 {
			fmt.Fprintf(w, "  %s %d:\n%s", g.ID, len(ids), wrapList(ids, "    ", 100))
		}
	}
	var alone []string
	for _, ind := range unlock {
		if p := sel.primary[ind.ID]; len(p) == 1 && p[0].v.ID != ind.ID {
			alone = append(alone, ind.ID+" ← "+p[0].v.ID)
		}
	}
	if len(alone) > 0 {
		fmt.Fprintf(w, "one input alone unlocks %d of them:\n%s", len(alone), wrapList(alone, "  ", 100))
	}
	if len(stuck) > 0 {
		fmt.Fprintf(w, "%d indicators stay without data: their inputs have values, never all for the same unit and year: %s\n",
			len(stuck), indicatorIDs(stuck))
	}
	if len(sel.blocked) > 0 {
		fmt.Fprintf(w, "%d indicators cannot get data under population_basis %s (they need values of another basis): %s\n",
			len(sel.blocked), s.prof.PopulationBasis, indicatorIDs(sel.blocked))
	}
}

func goalIndicators(g *indicators.Goal) []*indicators.Indicator {
	out := slices.Clone(g.Indicators)
	for _, d := range g.Dimensions {
		out = append(out, d.Indicators...)
	}
	return out
}

func indicatorIDs(inds []*indicators.Indicator) string {
	var ids []string
	for _, ind := range inds {
		ids = append(ids, ind.ID)
	}
	return strings.Join(ids, ", ")
}

// wrapList joins items with ", " into lines of at most width runes (an
// item longer than that has a line of its own), each line starting with
// indent and ending with a newline.
func wrapList(items []string, indent string, width int) string {
	var b strings.Builder
	line := indent
	for i, it := range items {
		if i < len(items)-1 {
			it += ","
		}
		switch {
		case line == indent:
			line += it
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(it) > width:
			b.WriteString(line + "\n")
			line = indent + it
		default:
			line += " " + it
		}
	}
	if line != indent {
		b.WriteString(line + "\n")
	}
	return b.String()
}
