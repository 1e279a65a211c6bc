package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/cityscore/cityscore/config"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/importers"
	"github.com/cityscore/cityscore/indicators"
	"github.com/cityscore/cityscore/seeds"
)

// setup is what every command loads: the framework, the profile and, for
// some, the data, with the sources the manifest lists.
type setup struct {
	fw      *indicators.Framework
	schema  *dataset.Schema
	fwSrc   exporters.Source
	prof    *config.Profile
	profSrc exporters.Source

	table   *dataset.Table
	report  *importers.Report
	compute *indicators.ComputeReport
	inputs  []exporters.Source

	read *readOptions // --limit, --read-special-files
}

// loadModel loads the profile (profilePath, or the built-in default) and
// the framework (frameworkPath, else the profile's, else the built-in one;
// either may name a built-in framework, see openFramework), and checks the
// profile against the framework.
func loadModel(frameworkPath, profilePath string) (*setup, error) {
	s := &setup{}
	var err error
	if profilePath != "" {
		if s.prof, err = config.LoadFile(profilePath); err != nil {
			return nil, err
		}
		if s.profSrc, err = fileSource(profilePath); err != nil {
			return nil, err
		}
	} else {
		if s.prof, err = seeds.Profile(); err != nil {
			return nil, fmt.Errorf("built-in profile: %w", err)
		}
		s.profSrc = builtinSource(seeds.ProfileName)
	}
	s.profSrc.Name = s.prof.Name

	if frameworkPath == "" {
		frameworkPath = profileFramework(s.prof, profilePath)
	}
	if s.fw, s.fwSrc, err = openFramework(frameworkPath); err != nil {
		return nil, err
	}
	s.fwSrc.Name, s.fwSrc.Version = s.fw.ID, s.fw.Version
	s.schema = s.fw.Schema()
	if err := s.prof.Check(s.schema); err != nil {
		return nil, err
	}
	return s, nil
}

// frameworkUsage describes the --framework flag of every command.
const frameworkUsage = "framework: a YAML `FILE`, or a built-in one: builtin (the six-goal catalog) or ccsy (every indicator from the yearbook's section-2 tables)"

// openFramework loads the framework that a --framework value or a
// profile's framework: names: a built-in one by its name (seeds.FrameworkNames:
// builtin, the default, for "" too; ccsy, the yearbook-ready one; or the
// resource name a manifest prints, builtin:ccsy.yaml), else the YAML file at
// that path. A built-in name is never read as a file, as "builtin" never
// was: a file of that name is given with its extension or a folder
// (./ccsy.yaml). It returns the framework and its source for the manifest
// (builtin:ccsy.yaml with the embedded file's SHA-256, or the file's).
func openFramework(name string) (*indicators.Framework, exporters.Source, error) {
	if name == "" {
		name = config.Builtin
	}
	if _, ok := seeds.FrameworkSource(name); ok {
		fw, res, err := seeds.FrameworkNamed(name)
		if err != nil {
			return nil, exporters.Source{}, fmt.Errorf("built-in framework %s: %w", name, err)
		}
		return fw, builtinSource(res), nil
	}
	fw, err := indicators.LoadFile(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(name, `./\`) {
			return nil, exporters.Source{}, fmt.Errorf("%w (the built-in frameworks are %s)", err, strings.Join(seeds.FrameworkNames(), ", "))
		}
		return nil, exporters.Source{}, err
	}
	src, err := fileSource(name)
	if err != nil {
		return nil, exporters.Source{}, err
	}
	return fw, src, nil
}

// profileFramework returns what the profile's framework: names ("" when it
// names none). config.LoadFile resolves a relative path against the
// profile's folder, which turns the name of a built-in framework (framework:
// ccsy) into a path beside the profile; that is the name again.
func profileFramework(p *config.Profile, profilePath string) string {
	fw := p.Framework
	if fw == "" || fw == config.Builtin || profilePath == "" {
		return fw
	}
	if rel, err := filepath.Rel(filepath.Dir(profilePath), fw); err == nil {
		if _, ok := seeds.FrameworkSource(filepath.ToSlash(rel)); ok {
			return rel
		}
	}
	return fw
}

// loadData imports the data files (or the built-in sample when paths is
// empty), keeps the rows of year (when year ≠ 0 and the data carry years),
// and computes the framework's indicators.
func (s *setup) loadData(paths []string, unitColumn string, year int, allowUnknown bool) error {
	if err := s.importData(paths, unitColumn, year, allowUnknown); err != nil {
		return err
	}
	if year != 0 {
		years := s.table.Years()
		if !slices.Contains(years, year) {
			return fmt.Errorf("no data for year %d (the data hold %s)", year, yearList(years))
		}
		if len(years) > 1 {
			s.table = s.table.Select(func(k dataset.Key) bool { return k.Year == year })
		}
	}
	s.compute = s.fw.ComputeWith(s.table, indicators.ComputeOptions{Basis: s.prof.PopulationBasis})
	return nil
}

// importData reads the data files (or the built-in sample when paths is
// empty) into s.table, every year kept (rows without a year take year when
// it is not 0), and records the inputs for the manifest.
func (s *setup) importData(paths []string, unitColumn string, year int, allowUnknown bool) error {
	var err error
	if len(paths) == 0 {
		s.table, s.report, err = seeds.Sample(s.fw)
		if err != nil {
			return fmt.Errorf("built-in sample: %w", err)
		}
		s.inputs = []exporters.Source{builtinSource(seeds.SampleName)}
		return nil
	}
	opt := importers.Options{Framework: s.fw, UnitColumn: unitColumn, Year: year, AllowUnknownUnits: allowUnknown, Dictionary: seeds.Yearbook()}
	s.read.apply(&opt)
	s.table, s.report, err = importers.ReadPaths(paths, opt)
	if err != nil {
		return unknownUnitsHint(err)
	}
	var read int64
	for _, f := range s.report.Files {
		src := exporters.Source{Path: filepath.ToSlash(f.File), SHA256: f.SHA256, Bytes: f.Bytes}
		if f.SHA256 == "" {
			if src, err = fileSource(f.File); err != nil {
				return err
			}
		}
		s.inputs = append(s.inputs, src)
		read += src.Bytes
	}
	if read >= collectAfter {
		// What reading large files left (their bytes, their rows of text)
		// is garbage now: collected here, its memory serves the scoring,
		// which would otherwise take fresh pages until the heap doubles.
		runtime.GC()
	}
	if s.table.Len() == 0 {
		return noRows(paths, s.report)
	}
	return nil
}

// collectAfter is the size of the inputs from which the memory their
// reading leaves is collected before scoring.
const collectAfter = 16 << 20

// needs lists the indicators without data and, for each, the raw
// variables the data lack with their header and usual source.
func (s *setup) needs() []exporters.Need {
	if s.compute == nil {
		return nil
	}
	have := func(id string) bool {
		c := s.table.Column(dataset.VariableID(id))
		if c == nil {
			return false
		}
		for _, v := range c.Values {
			if v == v {
				return true
			}
		}
		return false
	}
	var out []exporters.Need
	for _, ind := range s.fw.Indicators() {
		if s.compute.From[ind.ID] != indicators.NoData {
			continue
		}
		nd := exporters.Need{Indicator: ind.ID, Name: ind.Name}
		for _, v := range s.fw.Needs(ind, have) {
			nd.Inputs = append(nd.Inputs, exporters.NeedInput{ID: v.ID, Name: v.Name, Unit: v.Unit, Header: importHeader(v), Source: v.Source})
		}
		out = append(out, nd)
	}
	return out
}

// importHeader is a header the importer matches to v and converts from:
// its Chinese name (else its id) and its unit in full-width brackets.
func importHeader(v *indicators.Variable) string {
	h := v.Name.Zh
	if h == "" {
		h = v.ID
	}
	if v.Unit != "" {
		h += "（" + v.Unit + "）"
	}
	return h
}

// basisSettings describes in lang, for the manifest and the Method sheet,
// the population basis the profile requires and, per year and variable,
// where the values came from: the data, each derive alternative (with its
// basis), or nowhere.
func (s *setup) basisSettings(lang string) []exporters.Setting {
	zh := lang != "en"
	pick := func(en, zhText string) string {
		if zh {
			return zhText
		}
		return en
	}
	basis := s.prof.PopulationBasis
	note := pick("each variable uses only values of its own basis (strict)", "每个变量只用其本身口径的值（严格）")
	value := basis
	switch basis {
	case "":
		value = pick("strict", "严格")
	case indicators.BasisAny:
		value = pick(basis, indicators.BasisLabel(basis))
		note = pick("every derive alternative in order, whatever its basis; each value is labelled", "按顺序尝试每种推算方式，不论口径；每个值均注明来源")
	default:
		value = pick(basis, indicators.BasisLabel(basis))
		note = pick("only values of basis "+basis+": where the data lack them they are derived (derive) or missing, never mixed",
			"只用"+indicators.BasisLabel(basis)+"的值：数据中没有时按框架的推算公式推算或按缺失处理，不混用口径")
	}
	units, unitsNote := pick("own", "自定"), pick("unit names are taken as the data spell them", "评价单元名称按数据原文读取")
	if s.fw.Units == indicators.UnitsCNCity {
		units = pick(s.fw.Units, "地级及以上城市（cn-city）")
		unitsNote = pick("every unit name or code resolves to a prefecture-level city through the city crosswalk (else an error, or with --allow-unknown-units a Data quality line); county-level yearbook tables are skipped",
			"每个单元名称或代码都须通过城市对照表识别为地级及以上城市（否则报错；使用 --allow-unknown-units 时列入数据质量表）；年鉴中的县级市表不读取")
	}
	out := []exporters.Setting{{Key: "framework.units", Value: units, Note: unitsNote}, {Key: "population_basis", Value: value, Note: note}}
	if s.compute == nil {
		return out
	}
	type key struct {
		year int
		v    string
	}
	var order []key
	parts := map[key][]string{}
	required := s.prof.PopulationBasis
	for _, b := range s.compute.Bases {
		k := key{b.Year, b.Variable}
		if _, ok := parts[k]; !ok {
			order = append(order, k)
		}
		if v := s.fw.Variable(b.Variable); v != nil && v.Basis != "" && required != "" && required != indicators.BasisAny && v.Basis != required {
			// Its values were set aside (one "basis" line per year in the
			// Data quality sheet): say so rather than count them missing.
			if len(parts[k]) == 0 {
				parts[k] = append(parts[k], pick(fmt.Sprintf("not used: basis %s, the profile requires %s", v.Basis, required),
					fmt.Sprintf("未采用：口径为%s，方案要求%s", indicators.BasisLabel(v.Basis), indicators.BasisLabel(required))))
			}
			continue
		}
		var src string
		switch b.Source {
		case indicators.FromData:
			src = pick("data", "数据")
		case indicators.FromFormula:
			src = pick("formula", "公式")
		case indicators.SourceMissing:
			src = pick("missing", "缺失")
		default:
			src = pick("derived ", "推算 ") + b.Source
		}
		if b.Basis != "" {
			src += pick(" ("+b.Basis+")", "（"+indicators.BasisLabel(b.Basis)+"）")
		}
		parts[k] = append(parts[k], fmt.Sprintf("%s: %d", src, b.Units))
	}
	sep := pick("; ", "；")
	for _, k := range order {
		y := "-"
		if k.year != 0 {
			y = fmt.Sprint(k.year)
		}
		out = append(out, exporters.Setting{Key: "basis." + y + "." + k.v, Value: strings.Join(parts[k], sep),
			Note: pick("units by the source of their value", "按数值来源统计的城市数")})
	}
	return out
}

// noRows explains an import that found no row to score: which files were
// read and why they gave nothing, and the subfolders a folder path has,
// which are not read.
func noRows(paths []string, rep *importers.Report) error {
	var why []string
	for _, f := range rep.Files {
		for _, sk := range f.Skipped {
			why = append(why, fmt.Sprintf("%s: %s", f.File, sk.Reason))
		}
	}
	for _, t := range rep.SkippedTables {
		why = append(why, fmt.Sprintf("%s: %s", t.File, t.Reason))
	}
	var subs []string
	for _, p := range paths {
		entries, err := os.ReadDir(p)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
				subs = append(subs, filepath.Join(p, e.Name()))
			}
		}
	}
	files := "the file read holds"
	if len(rep.Files) != 1 {
		files = fmt.Sprintf("the %d files read hold", len(rep.Files))
	}
	msg := "no data to score: " + files + " no row with a value for the framework"
	if len(why) > 0 {
		msg += "\n  " + strings.Join(why, "\n  ")
	}
	if len(subs) > 0 {
		msg += "\na folder is read one level deep; give its subfolders as --data: " + strings.Join(subs, ", ")
	}
	return errors.New(msg)
}

// unknownUnitsHint adds, to an error that names units that are not known
// cities, how to keep them anyway.
func unknownUnitsHint(err error) error {
	if errors.Is(err, importers.ErrUnknownUnit) {
		return fmt.Errorf("%w\n(give --allow-unknown-units to keep them as printed; the Data quality sheet then lists them)", err)
	}
	return err
}

func yearList(years []int) string {
	var parts []string
	for _, y := range years {
		if y == 0 {
			parts = append(parts, "no year")
		} else {
			parts = append(parts, fmt.Sprint(y))
		}
	}
	return strings.Join(parts, ", ")
}

// issues returns the data issues met on the way: import, then formulas.
func (s *setup) issues() []dataset.Issue {
	var out []dataset.Issue
	if s.report != nil {
		out = append(out, s.report.Issues()...)
	}
	if s.compute != nil {
		out = append(out, s.compute.Issues...)
	}
	return out
}

func builtinSource(name string) exporters.Source {
	sum, size, _ := seeds.Digest(name)
	return exporters.Source{Path: name, SHA256: sum, Bytes: size}
}

// fileSource hashes the file at path.
func fileSource(path string) (exporters.Source, error) {
	f, err := os.Open(path)
	if err != nil {
		return exporters.Source{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return exporters.Source{}, fmt.Errorf("%s: %w", path, err)
	}
	return exporters.Source{Path: filepath.ToSlash(path), SHA256: hex.EncodeToString(h.Sum(nil)), Bytes: n}, nil
}
