// Package exporters writes scored results: the ranked workbook (xlsx), the
// scores CSV and JSON of docs/formats.md, and the weights CSV. Writers take an
// io.Writer; the command writes to a temporary file and renames it, so a
// failed run leaves nothing behind. The CSV writers quote fields a
// spreadsheet would evaluate as formulas (Output.RawCSV); the same output
// gives the same bytes, the workbook included.
package exporters

import (
	"time"

	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

// Output is everything a writer needs: the result, the table it was scored
// from (for raw values and their origins), the data issues met on the way,
// and the manifest of the run.
type Output struct {
	Result   *scoring.Result
	Table    *dataset.Table
	Issues   []dataset.Issue
	Manifest Manifest
	// Lang selects the labels: "zh" (default) or "en".
	Lang string
	// Detail adds the normalised indicator values to the scores CSV.
	Detail bool
	// RawCSV writes the fields of the CSV outputs as they are. By default
	// a field that a spreadsheet would evaluate as a formula (one that
	// starts with =, +, -, @, a tab or a carriage return and is not a
	// number) gets a leading apostrophe (package internal/csvsafe).
	RawCSV bool
	// TrendUnits are the units the Trends chart draws; empty = the top ten
	// of the latest year.
	TrendUnits []dataset.UnitID
	// Needs lists the indicators without data and the raw variables each
	// needs, with where to get them (the Data quality sheet shows them).
	Needs []Need
	// Uncertainty is the uncertainty (or sensitivity) analysis of the
	// ranking, as sensitivity.Analyse returns it; nil when no analysis
	// ran. Its year is Analysis.Year: the Ranking sheet shows the rank
	// range of that year's units, the Uncertainty sheet the statistics
	// and the Method sheet the design.
	Uncertainty *sensitivity.Analysis
	// Groups are the groupings of the units for peer comparison
	// (province, region, size class, cluster, or the user's): the Ranking
	// sheet, the scores CSV and the JSON give each unit's group and its
	// rank within it, and the Groups sheet compares them.
	Groups []Grouping
	// CityUnits are the cities that get a sheet of their own (城市画像),
	// after the Ranking sheet.
	CityUnits []dataset.UnitID
	// IndicatorsLayout is the layout of the workbook's Indicators sheet;
	// "" is IndicatorsAuto.
	IndicatorsLayout IndicatorsLayout
}

// Need is an indicator without data and what it takes to fill it.
type Need struct {
	Indicator string
	Name      dataset.Text
	Inputs    []NeedInput
}

// NeedInput is a raw variable an analyst must collect: its id, name and
// unit, the header the importer reads it by (name（unit）) and its usual
// source (publication · table · header as printed).
type NeedInput struct {
	ID     string
	Name   dataset.Text
	Unit   string
	Header string
	Source string
}

// Manifest records how a run was made, so that its outputs can be
// reproduced: the tool version, the time, the framework and profile, every
// input file with its SHA-256, and every convention applied.
type Manifest struct {
	Tool    string    `json:"tool"`    // "cityscore"
	Version string    `json:"version"` // cityscore version
	Time    time.Time `json:"time"`
	Command string    `json:"command"` // the command line

	Framework Source   `json:"framework"`
	Profile   Source   `json:"profile"`
	Inputs    []Source `json:"inputs"`

	// Settings is the profile as applied, one line per setting, in order:
	// normalisation, weights and aggregation per level, the missing-data
	// rule, and every convention with its value (tie rule, SD type, …).
	Settings []Setting `json:"settings"`
}

// Source is a file the run read, or a built-in resource.
type Source struct {
	Name    string `json:"name"`              // id or profile name
	Version string `json:"version,omitempty"` // framework version
	Path    string `json:"path"`              // file path, or "builtin:…"
	SHA256  string `json:"sha256"`
	Bytes   int64  `json:"bytes"`
}

// Setting is one applied option or convention.
type Setting struct {
	Key   string `json:"key"`   // e.g. "normalize.method"
	Value string `json:"value"` // e.g. "minmax [0, 100]"
	Note  string `json:"note,omitempty"`
}

// Grouping is one way to group the units for peer comparison.
type Grouping struct {
	// ID names the grouping's columns: province, region, size_class,
	// cluster, or the user's (the CSV and JSON write it and rank_<ID>).
	ID    string
	Label dataset.Text
	// Of gives each unit's group; a unit not listed has none.
	Of map[dataset.UnitID]string
	// Ranked adds the rank within the group (rank_<ID>).
	Ranked bool
	// In, for a grouping not Ranked, lists the groups a unit is counted in
	// on the Groups sheet when its label in Of is not one group's name: a
	// city in two clusters (Of 京津冀、中原, In 京津冀 and 中原) is counted
	// in each, one only partly in a cluster (Of 成渝（部分）, In 成渝) in
	// that cluster. A unit not in In is counted in the group Of names.
	In map[dataset.UnitID][]string
	// Note says where the groups come from (a plan, a standard, the
	// population that stands in for another), shown on the Method sheet.
	Note dataset.Text
}
