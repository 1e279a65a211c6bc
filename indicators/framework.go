package indicators

import (
	"slices"

	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
)

// Text is a bilingual label.
type Text = dataset.Text

// Pos is a position in a framework file.
type Pos struct {
	Line, Col int
}

// Framework is a loaded framework file: what is measured and where it
// belongs. The tree is index → goals → dimensions (optional) → indicators.
type Framework struct {
	ID          string
	Name        Text
	Version     string
	Description string
	File        string // the name it was loaded from
	// Units declares what the units of the data are: UnitsCNCity for
	// Chinese prefecture-level cities, whose names and codes must resolve
	// through package cities; "" for units of the framework's own (ASEM's
	// country codes), which are taken as the data spell them.
	Units string

	Inputs []*Variable
	Goals  []*Goal

	// Warnings are doubts that do not stop loading, such as a formula that
	// mixes scopes.
	Warnings []string

	vars  map[string]*Variable // every input and indicator by id
	match map[string][]*Variable
	// order lists, dependencies first, what Compute evaluates: every
	// indicator, and every input with a formula, a basis or derive
	// alternatives.
	order []*Variable
}

// Problem is one defect of a framework or profile file: its file, line,
// column, YAML path and message; Error formats it as file:line:col: path:
// msg.
type Problem = sy.Problem

// Problems is the error Parse, Load and LoadFile return for a file with
// defects: every problem found, each with its place (the first
// strictyaml.MaxProblems listed). Unwrap returns them as errors:
//
//	var ps indicators.Problems
//	if errors.As(err, &ps) {
//		for _, p := range ps { … p.Line, p.Col, p.Path, p.Msg … }
//	}
type Problems = sy.Problems

// UnitsCNCity is the `units:` value of a framework whose units are Chinese
// prefecture-level cities (and the four municipalities).
const UnitsCNCity = "cn-city"

// UnitKinds are the values the top-level `units:` key accepts.
var UnitKinds = []string{UnitsCNCity}

// Variable is a raw input or an indicator: anything a data column can hold.
type Variable struct {
	ID      string
	Name    Text
	Unit    string
	Scope   string // 全市, 市辖区 or 城区; empty when not stated
	Aliases []string
	Source  string
	Note    string
	// Valid is the range a value can take (a share: [0, 100]); a value
	// outside it is an error in the data, left missing and reported.
	Valid *dataset.Range
	Pos   Pos

	// Basis labels what the variable's own values measure, e.g. resident
	// (常住) or registered (户籍) population; "" when not declared. A
	// profile's basis (ComputeOptions.Basis) decides which values are used.
	Basis string
	// Formula computes the variable from other inputs and indicators when
	// the data do not supply it: an indicator's formula, or an input's (an
	// input that is the sum of several columns, such as 城区人口 + 城区暂住人口).
	// The rule is the same for both and goes column by column: when the
	// table has a column for the variable with at least one value, the data
	// are used and the formula is not. nil when there is none.
	Formula *Formula
	// Derive lists the alternatives tried, in order, for a unit-year where
	// the primary source (the data column; for a variable without data, its
	// formula) gives no value.
	Derive []*Alternative

	// Indicator is set when the variable is an indicator.
	Indicator *Indicator
}

// Alternative is one item of a variable's `derive:` list: a formula that
// gives the variable's value from other variables where the primary source
// has none, e.g. resident population = GDP × 10⁴ ÷ GDP per capita.
type Alternative struct {
	Formula *Formula
	// Basis is the basis of the values the formula gives: the item's
	// `basis:`, else the variable's.
	Basis string
	Note  string
	Pos   Pos
}

// Bases returns the distinct basis labels the framework declares, on
// variables and on derive alternatives, in order of first appearance.
func (f *Framework) Bases() []string {
	var out []string
	add := func(b string) {
		if b != "" && !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	for _, v := range f.Variables() {
		add(v.Basis)
		for _, a := range v.Derive {
			add(a.Basis)
		}
	}
	return out
}

// IsInput reports whether v is a raw input rather than an indicator.
func (v *Variable) IsInput() bool { return v.Indicator == nil }

// Goal is a goal of the framework, such as 宜居 (livable).
type Goal struct {
	ID          string
	Name        Text
	Weight      float64
	Description string
	Pos         Pos

	Dimensions []*Dimension // empty when the goal lists indicators directly
	Indicators []*Indicator // the goal's direct indicators, if any
}

// Dimension groups the indicators of a goal.
type Dimension struct {
	ID          string
	Name        Text
	Weight      float64
	Description string
	Pos         Pos
	Goal        *Goal

	Indicators []*Indicator
}

// Indicator is a measured quantity scored in the framework.
type Indicator struct {
	Variable

	Direction dataset.Direction
	Optimal   *dataset.Range // interval: best range
	Tolerable *dataset.Range // interval: outside scores 0
	Weight    float64
	Goalposts *dataset.Range
	Targets   map[int]float64
	Clauses   []string

	Goal      *Goal
	Dimension *Dimension // nil when the goal lists indicators directly
}

// Indicators returns every indicator in framework order.
func (f *Framework) Indicators() []*Indicator {
	var out []*Indicator
	for _, g := range f.Goals {
		out = append(out, g.Indicators...)
		for _, d := range g.Dimensions {
			out = append(out, d.Indicators...)
		}
	}
	return out
}

// Variable returns the input or indicator id, or nil.
func (f *Framework) Variable(id string) *Variable { return f.vars[id] }

// Variables returns the inputs, then the indicators, in framework order.
func (f *Framework) Variables() []*Variable {
	out := append([]*Variable(nil), f.Inputs...)
	for _, ind := range f.Indicators() {
		out = append(out, &ind.Variable)
	}
	return out
}

// Schema flattens the tree for scoring. The root is named "index".
func (f *Framework) Schema() *dataset.Schema {
	nodes := []dataset.Node{{ID: "index", Level: dataset.LevelIndex, Parent: -1, Weight: 1, Name: f.Name}}
	addInd := func(ind *Indicator, parent int) {
		nodes = append(nodes, dataset.Node{
			ID: ind.ID, Level: dataset.LevelIndicator, Parent: parent, Weight: ind.Weight, Name: ind.Name, Unit: ind.Unit,
			Variable: dataset.VariableID(ind.ID), Direction: ind.Direction,
			Optimal: ind.Optimal, Tolerable: ind.Tolerable, Goalposts: ind.Goalposts, Targets: ind.Targets,
		})
	}
	for _, g := range f.Goals {
		gi := len(nodes)
		nodes = append(nodes, dataset.Node{ID: g.ID, Level: dataset.LevelGoal, Parent: 0, Weight: g.Weight, Name: g.Name})
		for _, ind := range g.Indicators {
			addInd(ind, gi)
		}
		for _, d := range g.Dimensions {
			di := len(nodes)
			nodes = append(nodes, dataset.Node{ID: d.ID, Level: dataset.LevelDimension, Parent: gi, Weight: d.Weight, Name: d.Name})
			for _, ind := range d.Indicators {
				addInd(ind, di)
			}
		}
	}
	s, err := dataset.NewSchema(f.ID, f.Version, nodes)
	if err != nil {
		// Load has checked ids and structure.
		panic("indicators: " + err.Error())
	}
	return s
}

// NodeName returns the bilingual name of a goal, dimension or indicator id,
// and whether it exists. The root "index" is named after the framework.
func (f *Framework) NodeName(id string) (Text, bool) {
	if id == "index" {
		return f.Name, true
	}
	for _, g := range f.Goals {
		if g.ID == id {
			return g.Name, true
		}
		for _, d := range g.Dimensions {
			if d.ID == id {
				return d.Name, true
			}
		}
	}
	if v := f.vars[id]; v != nil && v.Indicator != nil {
		return v.Name, true
	}
	return Text{}, false
}
