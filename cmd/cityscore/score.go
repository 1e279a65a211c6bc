package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

const defaultOut = "cityscore-results.xlsx"

const scoreExamples = `  # Score the built-in sample (286 cities, 2004–2012) and write cityscore-results.xlsx:
  cityscore score

  # Your data, a profile, a workbook and a CSV with the normalised indicators:
  cityscore score --data cities-2023.xlsx --profile config/balanced.yaml \
      --out results.xlsx --out scores.csv --detail

  # The yearbook-ready built-in framework on the 2024 yearbook's section-2 tables:
  cityscore score --framework ccsy --data "中国城市统计年鉴2024/2、地级以上城市统计资料" --year 2023

  # A framework of your own, data keyed by a code column, English labels:
  cityscore score --framework asem.yaml --data ASEM_iData.csv --unit-column uCode \
      --lang en --out scores.json

  # A panel scored comparably over the years (pooled normalisation, interpolation,
  # outlier treatment, targets), with changes and target standings as CSV:
  cityscore score --profile config/panel.yaml --data panel.xlsx --out results.xlsx \
      --changes changes.csv --targets targets.csv --units 北京市,上海市,深圳市

  # Peer groups of your own (tiers.csv: unit,tier then 杭州,新一线 …), ranked within each:
  cityscore score --groups tiers.csv --out results.xlsx --out scores.csv
`

// scoreOptions are the flags of score.
type scoreOptions struct {
	framework, profile string
	data               stringList
	unitColumn         string
	allowUnknown       bool
	year               int
	outs               stringList
	obstacles          string
	processed          string
	changes            string
	targets            string
	weightsApplied     string
	units              string
	cityPages          string
	groups             stringList
	detail             bool
	lang               string
	top                int
	quiet              bool
	csvRaw             bool
	parquetLayout      string
	indicatorsLayout   string
	read               *readOptions
}

func scoreCmd(ctx context.Context, e *env, args []string) error {
	var o scoreOptions
	fs := newFlagSet(e, "score",
		"cityscore score [--framework F] [--profile P] [--data PATH]... [--unit-column NAME] [--year N] [--out FILE]... [--detail] [--parquet-layout wide|long] [--indicators-layout auto|long|wide] [--lang zh|en]\n"+
			"                [--processed F.csv] [--changes F.csv] [--targets F.csv] [--obstacles F.csv] [--weights-applied F.csv]\n"+
			"                [--units A,B,…|all] [--city-pages DIR] [--groups F.csv]... [--allow-unknown-units] [--top N] [--quiet] [--csv-raw]",
		`Score units on a framework: import the data, compute the indicators, normalise,
weight and aggregate them as the profile says, rank every node, and write the
results. With no flags: the built-in framework, profile and sample data, written
to `+defaultOut+`.`, scoreExamples)
	fs.StringVar(&o.framework, "framework", "", frameworkUsage+"; default: the profile's, else builtin")
	fs.StringVar(&o.profile, "profile", "", "profile `FILE` (YAML); default: min-max [0, 100], framework weights, arithmetic means")
	fs.Var(&o.data, "data", "data `PATH`: a CSV, xlsx or Parquet file, or a folder of them; repeatable; default: the built-in sample")
	fs.StringVar(&o.unitColumn, "unit-column", "", "header of the unit (city) column; default: the first column")
	fs.IntVar(&o.year, "year", 0, "score only year `N`; for data without a year column, the year of every row")
	o.read = fs.readFlags()
	fs.BoolVar(&o.allowUnknown, "allow-unknown-units", false, "keep rows whose unit is not a known city (framework units: cn-city) as printed, listed in the Data quality sheet; default: an error naming the closest cities")
	fs.Var(&o.outs, "out", "output `FILE`: .xlsx, .csv, .json or .parquet (- = CSV on stdout); repeatable; default: "+defaultOut)
	fs.StringVar(&o.parquetLayout, "parquet-layout", "wide", "`LAYOUT` of .parquet outputs: wide (the scores CSV's columns, typed) or long (unit,code,year,node,level,value,score,rank,source: a row per unit, year and node)")
	fs.StringVar(&o.indicatorsLayout, "indicators-layout", "auto", "`LAYOUT` of the workbook's Indicators sheet: long (a row per unit, year and indicator, with its source cell), wide (a row per unit and year, the indicators side by side, their sources as cell ranges on a Sources sheet) or auto (long when it fits one sheet of 1,000,000 rows, else wide)")
	fs.BoolVar(&o.detail, "detail", false, "add the normalised value of every indicator to the scores CSV (and the wide Parquet file)")
	fs.StringVar(&o.obstacles, "obstacles", "", "write the obstacle degrees (障碍度) to CSV `FILE`: unit,year,node,level,obstacle")
	fs.StringVar(&o.processed, "processed", "", "write the indicator values after imputation and treatment, before normalisation, to CSV `FILE`: unit,year,<indicator ids>")
	fs.StringVar(&o.changes, "changes", "", "write score and rank changes and growth rates to CSV `FILE`: unit,year,node,level,value,score,rank,score_change,rank_change,cagr")
	fs.StringVar(&o.targets, "targets", "", "write achievement, colour rating and trend against the targets to CSV `FILE`: unit,year,node,level,value,target_year,target,achievement,rating,trend,rate,needed")
	fs.StringVar(&o.weightsApplied, "weights-applied", "", "write the weights actually applied to CSV `FILE`: unit,year,indicator,nominal,share (each unit's shares of its index sum to 1)")
	fs.StringVar(&o.units, "units", "", "comma-separated `UNITS`: the Trends chart draws them (default: the top 10 of the latest year), the workbook gets a profile sheet for each, and --city-pages writes their pages (all: every city, pages only)")
	fs.StringVar(&o.cityPages, "city-pages", "", "write a city profile (城市画像) of each city of --units to `DIR`/<city>.html: ranks overall and within groups, goals against the peers' median, strongest and weakest indicators, obstacles, trend; one or two A4 pages in print")
	fs.Var(&o.groups, "groups", "peer groups of your own from CSV `FILE`: a header unit,<id> and a row per unit and its group (cities named as in the data); adds the columns <id> and rank_<id> (the rank within the group) and a block on the Groups sheet; repeatable (docs/formats.md, Groups files)")
	fs.StringVar(&o.lang, "lang", "zh", "labels of the workbook: zh or en")
	fs.IntVar(&o.top, "top", 10, "print the top `N` units of the latest year (0: none)")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	fs.BoolVar(&o.csvRaw, "csv-raw", false, csvRawUsage)
	if err := fs.parse(args, false); err != nil {
		return err
	}
	if o.lang != "zh" && o.lang != "en" {
		return usagef("--lang %q: want zh or en", o.lang)
	}
	if len(o.outs) == 0 {
		o.outs = stringList{defaultOut}
	}
	targets, err := parseTargets(o.outs, "xlsx", "csv", "json", "parquet")
	if err != nil {
		return err
	}
	if o.parquetLayout != string(exporters.ParquetWide) && o.parquetLayout != string(exporters.ParquetLong) {
		return usagef("--parquet-layout %q: want wide or long", o.parquetLayout)
	}
	if _, err := exporters.ParseIndicatorsLayout(o.indicatorsLayout); err != nil {
		return usagef("--indicators-layout %q: want auto, long or wide", o.indicatorsLayout)
	}
	seen := map[string]string{}
	for _, t := range targets {
		seen[outKey(t.path)] = "--out"
	}
	for _, f := range o.sideFiles() {
		if f.path == "" {
			continue
		}
		if f.path != "-" && !strings.EqualFold(filepath.Ext(f.path), ".csv") {
			return usagef("--%s %s: want a .csv file (or - for stdout)", f.flag, f.path)
		}
		if prev, ok := seen[outKey(f.path)]; ok {
			return usagef("--%s %s: %s names it too; give every output its own file", f.flag, f.path, prev)
		}
		seen[outKey(f.path)] = "--" + f.flag
	}
	return o.run(ctx, e, targets)
}

// showObstacles reports whether an output of the run shows obstacle
// degrees: any but the scores CSV.
func (o *scoreOptions) showObstacles(targets []target) bool {
	if o.cityPages != "" {
		return true
	}
	for _, t := range targets {
		if t.format != "csv" {
			return true
		}
	}
	return false
}

// onlyWideWorkbook reports whether the run's only output is a workbook
// whose Indicators sheet is likely wide (exporters.WideLikely), cells
// being the most values it could hold: such a workbook shows no indicator
// rank.
func (o *scoreOptions) onlyWideWorkbook(targets []target, cells int) bool {
	if o.changes != "" || o.cityPages != "" {
		return false
	}
	for _, t := range targets {
		if t.format != "xlsx" {
			return false
		}
	}
	return len(targets) > 0 && exporters.WideLikely(exporters.IndicatorsLayout(o.indicatorsLayout), cells)
}

// showIndicatorRanks reports whether an output of the run shows an
// indicator's rank: any but the scores CSV, and the changes CSV.
func (o *scoreOptions) showIndicatorRanks(targets []target) bool {
	return o.changes != "" || o.showObstacles(targets)
}

// showIndicatorScores reports whether an output of the run shows an
// indicator's normalised values or is computed from them: any but the
// scores CSV without --detail, and every side file.
func (o *scoreOptions) showIndicatorScores(targets []target) bool {
	if o.detail || o.showObstacles(targets) {
		return true
	}
	for _, f := range o.sideFiles() {
		if f.path != "" {
			return true
		}
	}
	return false
}

func (o *scoreOptions) run(ctx context.Context, e *env, targets []target) error {
	start := e.now()
	stamp, err := e.stamp()
	if err != nil {
		return err
	}
	prog := newProgress(e, o.quiet)
	defer prog.done()

	s, err := loadModel(o.framework, o.profile)
	if err != nil {
		return err
	}
	s.read = o.read
	prog.say("importing data")
	if err := s.loadData(o.data, o.unitColumn, o.year, o.allowUnknown); err != nil {
		return err
	}
	groups, err := s.readGroups(o.groups)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	opt := s.prof.Options
	opt.Progress = func(done, total int) { prog.say(fmt.Sprintf("scoring: %d/%d years", done, total)) }
	// Obstacle degrees need a top to the normalised values (1 − z/top): on
	// request they must be possible; otherwise they are computed whenever
	// they are possible and an output shows them (the workbook's Obstacles
	// sheet, the JSON, the city pages), not for the scores CSV alone.
	opt.Obstacles = o.obstacles != "" || (o.showObstacles(targets) && obstaclesPossible(s, opt))
	opt.NoIndicatorRanks = !o.showIndicatorRanks(targets) || o.onlyWideWorkbook(targets, s.table.Len()*len(s.schema.Indicators()))
	opt.NoIndicatorScores = !o.showIndicatorScores(targets)
	res, err := scoring.Run(s.schema, s.table, opt)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	out := &exporters.Output{
		Result: res, Table: s.table, Issues: s.issues(), Lang: o.lang, Detail: o.detail, RawCSV: o.csvRaw,
		Manifest: s.manifest(e, stamp, res.Options, o.lang), Needs: s.needs(),
		IndicatorsLayout: exporters.IndicatorsLayout(o.indicatorsLayout),
	}
	mine := userGroupings(res, groups)
	out.Groups = append(s.groupings(res), mine...)
	if sp := s.prof.Uncertainty; sp != nil {
		// The profile asks how sure the ranks of the latest year are.
		if out.Uncertainty, err = uncertainty(ctx, s, *sp, o.year, prog); err != nil {
			return fmt.Errorf("uncertainty: %w", err)
		}
	}
	allUnits := strings.TrimSpace(o.units) == "all"
	for _, u := range strings.Split(o.units, ",") {
		if u = strings.TrimSpace(u); u != "" && !allUnits {
			out.TrendUnits = append(out.TrendUnits, dataset.UnitID(u))
		}
	}
	if !allUnits {
		// A sheet per city of --units (of the latest year) in the workbook.
		out.CityUnits = exporters.CityUnits(out, out.TrendUnits, false)
	}
	var files []outFile
	stdoutUsed := false
	for _, t := range targets {
		switch t.format {
		case "xlsx":
			files = append(files, outFile{t.path, func(w io.Writer) error { return exporters.WriteWorkbook(w, out) }})
		case "json":
			files = append(files, outFile{t.path, func(w io.Writer) error { return exporters.WriteJSON(w, out) }})
		case "parquet":
			// The manifest is in the file's key-value metadata.
			layout := exporters.ParquetLayout(o.parquetLayout)
			files = append(files, outFile{t.path, func(w io.Writer) error { return exporters.WriteParquet(w, out, layout) }})
		case "csv":
			files = append(files, outFile{t.path, func(w io.Writer) error { return exporters.WriteCSV(w, out) }})
			if t.path == "-" {
				stdoutUsed = true
			} else {
				files = append(files, jsonFile(t.path+".manifest.json", out.Manifest))
			}
		}
	}
	if o.targets != "" {
		if err := exporters.CheckTargets(res); err != nil {
			return fmt.Errorf("--targets %s: %w", o.targets, err)
		}
	}
	for _, f := range o.sideFiles() {
		if f.path == "" {
			continue
		}
		files = append(files, outFile{f.path, func(w io.Writer) error { return f.write(w, out) }})
		if f.path == "-" {
			stdoutUsed = true
		} else {
			files = append(files, jsonFile(f.path+".manifest.json", out.Manifest))
		}
	}
	if o.cityPages != "" {
		units := exporters.CityUnits(out, out.TrendUnits, allUnits)
		if len(units) == 0 && len(out.TrendUnits) == 0 {
			return usagef("--city-pages %s: name the cities with --units (a comma-separated list, or all)", o.cityPages)
		}
		for _, u := range out.TrendUnits {
			if !slices.Contains(units, u) {
				return fmt.Errorf("--city-pages: %s is not a unit of the latest year, %d", u, res.Years[len(res.Years)-1].Year)
			}
		}
		if err := os.MkdirAll(o.cityPages, 0o755); err != nil {
			return err
		}
		for _, u := range units {
			files = append(files, outFile{filepath.Join(o.cityPages, string(u)+".html"), func(w io.Writer) error {
				return exporters.WriteCityPage(w, out, u)
			}})
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	prog.say("writing " + strings.Join(o.outs, ", "))
	if err := writeAll(ctx, e.stdout, o.inputPaths(s), files); err != nil {
		return err
	}
	prog.done()
	if o.quiet {
		return nil
	}
	// With CSV on stdout, the summary goes to stderr.
	w := e.stdout
	if stdoutUsed {
		w = e.stderr
	}
	printSummary(w, s, res, o.top, o.lang)
	if a := out.Uncertainty; a != nil {
		fmt.Fprintf(w, "uncertainty (the profile's uncertainty:): %s design, %d replicates of %d; rank intervals on the Ranking and Uncertainty sheets\n",
			a.Plan.Design, len(a.Plan.Replicates), a.Year)
		if note := a.Note("en"); note != "" {
			fmt.Fprintln(w, note)
		}
	}
	for _, g := range mine {
		fmt.Fprintf(w, "groups %s: %s\n", g.ID, g.Note.En)
	}
	for _, t := range targets {
		if t.path != "-" {
			fmt.Fprintf(w, "wrote %s\n", t.path)
		}
	}
	for _, f := range o.sideFiles() {
		if f.path != "" && f.path != "-" {
			fmt.Fprintf(w, "wrote %s\n", f.path)
		}
	}
	if d := e.now().Sub(start); d > 2*time.Second {
		fmt.Fprintf(w, "done in %.1fs\n", d.Seconds())
	}
	return nil
}

// obstaclesPossible reports whether every indicator's normalisation has a
// top for the obstacle deviation.
func obstaclesPossible(s *setup, opt scoring.Options) bool {
	for _, i := range s.schema.Indicators() {
		if !(opt.Normalize.For(s.schema.Nodes[i].ID).Top() > 0) {
			return false
		}
	}
	return true
}

// inputPaths are the files the run read, which outputs must not replace.
func (o *scoreOptions) inputPaths(s *setup) []string {
	return append(s.inputPaths(o.data), o.groups...)
}

// inputPaths are the files a command read, which its outputs must not
// replace: the framework and the profile (unless built in), the data
// paths, every file of a data folder, and every file the import read.
func (s *setup) inputPaths(data []string) []string {
	in := dataInputs(data)
	if s.report != nil && len(data) > 0 {
		in = append(in, s.report.Paths()...)
	}
	for _, src := range []string{s.fwSrc.Path, s.profSrc.Path} {
		if src != "" && !strings.HasPrefix(src, "builtin:") {
			in = append(in, src)
		}
	}
	return in
}

// csvRawUsage describes the --csv-raw flag.
const csvRawUsage = "write CSV fields as they are, for programs; by default a field a spreadsheet would evaluate as a formula (one that starts with = + - @, a tab or a carriage return, and is not a number) gets a leading '"

// manifest records the run, made at stamp (env.stamp).
func (s *setup) manifest(e *env, stamp time.Time, opt scoring.Options, lang string) exporters.Manifest {
	m := exporters.Manifest{
		Tool: "cityscore", Version: fullVersion(), Time: stamp.UTC().Truncate(time.Second),
		Command: strings.Join(e.args, " "), Framework: s.fwSrc, Profile: s.profSrc, Inputs: s.inputs,
	}
	m.Settings = append(exporters.OptionSettings(opt, lang), importSettings(lang)...)
	m.Settings = append(m.Settings, s.basisSettings(lang)...)
	return m
}

// importSettings are the conventions of import and formulas, in lang.
func importSettings(lang string) []exporters.Setting {
	type text struct{ value, note string }
	type setting struct {
		key    string
		en, zh text
	}
	all := []setting{
		{"import.missing",
			text{`empty - — – … .. ... NA N/A null / 无`, "these cells are missing; in your own tables any other text that is not a number stops the run; in yearbook tables (whose typos you cannot fix) it is kept missing and reported with its cell"},
			text{`空白 - — – … .. ... NA N/A null / 无`, "这些单元格按缺失处理；自建表格中其他非数字文本会中止运行；年鉴表格中的错印无法更正，按缺失处理并注明单元格"}},
		{"import.cities",
			text{"official 6-digit codes (package cities)", "yearbook city names are matched to the crosswalk, with known misprints and former names; an unknown name stops the run unless --allow-unknown-units"},
			text{"6 位行政区划代码（内置城市对照表）", "年鉴城市名称按对照表识别，包括已知的误印和曾用名；不认识的名称会中止运行，除非使用 --allow-unknown-units"}},
		{"import.numbers",
			text{"1,234 · 12.5% · full-width digits", "thousands separators, a trailing %, full-width forms and spaces are accepted"},
			text{"1,234 · 12.5% · 全角数字", "接受千位分隔符、末尾的 %、全角字符和空格"}},
		{"import.units",
			text{"converted to the framework's unit", "a unit in brackets after a header (万元, 万人, …) is converted; an unknown or inconvertible unit stops the run"},
			text{"换算为框架规定的单位", "表头括号中的单位（万元、万人等）自动换算；未知或无法换算的单位会中止运行"}},
		{"formula.missing",
			text{"missing", "a formula with a missing operand gives a missing value"},
			text{"缺失", "公式中任一操作数缺失，结果即为缺失"}},
		{"formula.division_by_zero",
			text{"missing + reported", "listed in the Data quality sheet"},
			text{"缺失并报告", "列入数据质量表"}},
		{"formula.precedence",
			text{"data first", "an indicator column present in the data is used as it is; the formula fills indicators the data lack"},
			text{"数据优先", "数据中已有的指标列直接使用；公式只补充数据中没有的指标"}},
		{"panel",
			text{"year by year", "each year is normalised and ranked over the units of that year"},
			text{"逐年", "每年在当年的城市之间标准化和排名"}},
		{"convention.interval",
			text{"optimal [a, b], tolerable [lb, ub] → [0, 1], then normalised", "1 inside [a, b], falling linearly to 0 at lb and ub (司守奎); without tolerable, over the observed range"},
			text{"最优区间 [a, b]，容许区间 [l, u] → [0, 1]，再标准化", "落在 [a, b] 内为 1，向 l 和 u 线性降为 0（司守奎）；未给容许区间时取观测值范围"}},
		{"convention.constant",
			text{"left missing + reported", "an indicator with one value for every unit cannot be min-max or z-score normalised (COINr gives NaN)"},
			text{"按缺失处理并报告", "各城市取值相同的指标无法做极差或 Z 分数标准化（COINr 给出 NaN）"}},
	}
	out := make([]exporters.Setting, len(all))
	for i, st := range all {
		t := st.en
		if lang != "en" {
			t = st.zh
		}
		out[i] = exporters.Setting{Key: st.key, Value: t.value, Note: t.note}
	}
	return out
}

// countKinds summarises issues by kind: "2 converted, 1 unmatched column".
func countKinds(issues []dataset.Issue) string {
	counts := map[dataset.IssueKind]int{}
	var kinds []dataset.IssueKind
	for _, is := range issues {
		if counts[is.Kind] == 0 {
			kinds = append(kinds, is.Kind)
		}
		counts[is.Kind]++
	}
	var parts []string
	for _, k := range kinds {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
	}
	return strings.Join(parts, ", ")
}

func fmtScore(v float64, digits int) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', digits, 64)
}

// maxScore returns the largest absolute index or goal score of y.
func maxScore(y *scoring.YearResult) float64 {
	top := 0.0
	for _, v := range y.Scores[0] {
		if !math.IsNaN(v) {
			top = max(top, math.Abs(v))
		}
	}
	return top
}

// sideFile is a CSV output besides --out: its flag, its path ("" = not
// asked for) and its writer.
type sideFile struct {
	flag, path string
	write      func(io.Writer, *exporters.Output) error
}

// sideFiles returns the CSV outputs besides --out, in the order they are
// written and reported.
func (o *scoreOptions) sideFiles() []sideFile {
	return []sideFile{
		{"obstacles", o.obstacles, exporters.WriteObstaclesCSV},
		{"processed", o.processed, exporters.WriteProcessedCSV},
		{"changes", o.changes, exporters.WriteChangesCSV},
		{"targets", o.targets, exporters.WriteTargetsCSV},
		{"weights-applied", o.weightsApplied, exporters.WriteWeightsAppliedCSV},
	}
}

// outKey identifies an output destination: "-" or the absolute path.
func outKey(path string) string {
	if path == "-" {
		return path
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	return abs
}

// uncertainty runs the analysis sp of the profile on the year (0: the
// latest) with the profile's choices as the nominal run.
func uncertainty(ctx context.Context, s *setup, sp sensitivity.Spec, year int, prog *progress) (*sensitivity.Analysis, error) {
	sp = sp.WithDefaults()
	plan, err := sensitivity.NewPlan(sp, s.schema, s.prof.Options)
	if err != nil {
		return nil, err
	}
	res, err := sensitivity.Run(ctx, s.schema, s.table, s.prof.Options, plan.Replicates, sensitivity.RunOptions{
		Year:     year,
		Progress: func(done, total int) { prog.say(fmt.Sprintf("uncertainty: %d/%d replicates", done, total)) },
	})
	if err != nil {
		return nil, err
	}
	return sensitivity.Analyse(res, plan, sp.Bootstrap, sp.Seed)
}
