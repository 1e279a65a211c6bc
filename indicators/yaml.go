package indicators

import (
	"bytes"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/dataset"
)

// The canonical YAML form of a framework, as EncodeYAML writes it.
type (
	yText struct {
		Zh string `yaml:"zh,omitempty"`
		En string `yaml:"en,omitempty"`
	}
	yInput struct {
		ID      string    `yaml:"id"`
		Name    yText     `yaml:"name,flow"`
		Unit    string    `yaml:"unit,omitempty"`
		Scope   string    `yaml:"scope,omitempty"`
		Formula string    `yaml:"formula,omitempty"`
		Aliases []string  `yaml:"aliases,omitempty,flow"`
		Source  string    `yaml:"source,omitempty"`
		Note    string    `yaml:"note,omitempty"`
		Valid   []float64 `yaml:"valid,omitempty,flow"`
		Basis   string    `yaml:"basis,omitempty"`
		Derive  []any     `yaml:"derive,omitempty"`
	}
	// yDerive is a derive item that needs more than its formula.
	yDerive struct {
		Formula string `yaml:"formula"`
		Basis   string `yaml:"basis,omitempty"`
		Note    string `yaml:"note,omitempty"`
	}
	yIndicator struct {
		ID        string          `yaml:"id"`
		Name      yText           `yaml:"name,flow"`
		Unit      string          `yaml:"unit,omitempty"`
		Direction string          `yaml:"direction"`
		Optimal   []float64       `yaml:"optimal,omitempty,flow"`
		Tolerable []float64       `yaml:"tolerable,omitempty,flow"`
		Weight    float64         `yaml:"weight"`
		Formula   string          `yaml:"formula,omitempty"`
		Goalposts []float64       `yaml:"goalposts,omitempty,flow"`
		Targets   map[int]float64 `yaml:"targets,omitempty,flow"`
		Aliases   []string        `yaml:"aliases,omitempty,flow"`
		Clauses   []string        `yaml:"clauses,omitempty,flow"`
		Source    string          `yaml:"source,omitempty"`
		Scope     string          `yaml:"scope,omitempty"`
		Note      string          `yaml:"note,omitempty"`
		Valid     []float64       `yaml:"valid,omitempty,flow"`
		Basis     string          `yaml:"basis,omitempty"`
		Derive    []any           `yaml:"derive,omitempty"`
	}
	yDimension struct {
		ID          string       `yaml:"id"`
		Name        yText        `yaml:"name,flow"`
		Weight      float64      `yaml:"weight"`
		Description string       `yaml:"description,omitempty"`
		Indicators  []yIndicator `yaml:"indicators"`
	}
	yGoal struct {
		ID          string       `yaml:"id"`
		Name        yText        `yaml:"name,flow"`
		Weight      float64      `yaml:"weight"`
		Description string       `yaml:"description,omitempty"`
		Dimensions  []yDimension `yaml:"dimensions,omitempty"`
		Indicators  []yIndicator `yaml:"indicators,omitempty"`
	}
	yFramework struct {
		ID          string   `yaml:"id"`
		Name        yText    `yaml:"name,flow"`
		Version     string   `yaml:"version,omitempty"`
		Description string   `yaml:"description,omitempty"`
		Units       string   `yaml:"units,omitempty"`
		Inputs      []yInput `yaml:"inputs,omitempty"`
		Goals       []yGoal  `yaml:"goals"`
	}
)

func yRange(r *dataset.Range) []float64 {
	if r == nil {
		return nil
	}
	return []float64{r.Lo, r.Hi}
}

// yDeriveList writes v's alternatives: a plain formula for an item with
// v's basis and no note, else a mapping.
func yDeriveList(v *Variable) []any {
	var out []any
	for _, a := range v.Derive {
		if a.Basis == v.Basis && a.Note == "" {
			out = append(out, a.Formula.Text)
			continue
		}
		y := yDerive{Formula: a.Formula.Text, Note: a.Note}
		if a.Basis != v.Basis {
			y.Basis = a.Basis
		}
		out = append(out, y)
	}
	return out
}

func yInd(ind *Indicator) yIndicator {
	y := yIndicator{
		ID: ind.ID, Name: yText(ind.Name), Unit: ind.Unit, Direction: ind.Direction.String(),
		Optimal: yRange(ind.Optimal), Tolerable: yRange(ind.Tolerable), Weight: ind.Weight,
		Goalposts: yRange(ind.Goalposts), Targets: ind.Targets, Aliases: ind.Aliases, Clauses: ind.Clauses,
		Source: ind.Source, Scope: ind.Scope, Note: ind.Note, Valid: yRange(ind.Valid),
		Basis: ind.Basis, Derive: yDeriveList(&ind.Variable),
	}
	if ind.Formula != nil {
		y.Formula = ind.Formula.Text
	}
	return y
}

// EncodeYAML writes f in the canonical form of a framework file: every
// setting explicit (weights, directions), comments dropped. Parse reads it
// back to an equal framework.
func (f *Framework) EncodeYAML() ([]byte, error) {
	y := yFramework{ID: f.ID, Name: yText(f.Name), Version: f.Version, Description: f.Description, Units: f.Units}
	for _, v := range f.Inputs {
		yi := yInput{
			ID: v.ID, Name: yText(v.Name), Unit: v.Unit, Scope: v.Scope, Aliases: v.Aliases, Source: v.Source,
			Note: v.Note, Valid: yRange(v.Valid), Basis: v.Basis, Derive: yDeriveList(v),
		}
		if v.Formula != nil {
			yi.Formula = v.Formula.Text
		}
		y.Inputs = append(y.Inputs, yi)
	}
	for _, g := range f.Goals {
		yg := yGoal{ID: g.ID, Name: yText(g.Name), Weight: g.Weight, Description: g.Description}
		for _, ind := range g.Indicators {
			yg.Indicators = append(yg.Indicators, yInd(ind))
		}
		for _, d := range g.Dimensions {
			yd := yDimension{ID: d.ID, Name: yText(d.Name), Weight: d.Weight, Description: d.Description}
			for _, ind := range d.Indicators {
				yd.Indicators = append(yd.Indicators, yInd(ind))
			}
			yg.Dimensions = append(yg.Dimensions, yd)
		}
		y.Goals = append(y.Goals, yg)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Framework %s %s, canonical form written by cityscore.\n", f.ID, f.Version)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(y); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}
