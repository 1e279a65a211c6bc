package config

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
)

// Check reports the node ids the profile names that the framework tree s
// does not have at the level where the profile uses them, with their
// file:line:col, manual weights that leave out a node of their level, and
// an uncertainty block's leave_out that would leave a node without weight.
func (p *Profile) Check(s *dataset.Schema) error {
	d := sy.Decoder{File: filepath.ToSlash(p.File)}
	for _, r := range p.refs {
		i, ok := s.Index(r.id)
		if r.level == 0 { // coupling subsystems
			want := dataset.LevelGoal
			if c := p.Options.Coupling; c != nil && c.Of != 0 {
				want = c.Of
			}
			r.level = want
		}
		switch {
		case !ok && r.any:
			d.Errorf(r.node, r.path, "unknown node %q in framework %s", r.id, s.ID)
		case !ok:
			d.Errorf(r.node, r.path, "unknown %s %q in framework %s", r.level, r.id, s.ID)
		case r.any:
		case s.Nodes[i].Level != r.level:
			d.Errorf(r.node, r.path, "%q is %s %s, not %s %s", r.id, article(s.Nodes[i].Level), s.Nodes[i].Level, article(r.level), r.level)
		}
	}
	p.checkMatrices(s, &d)
	for _, lv := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		spec := p.Options.Weights.At(lv)
		if spec.Method != scoring.WeightManual || p.sharedManual(spec) {
			continue // one manual block for every level: unlisted nodes keep the framework's weight
		}
		var missing []string
		for _, i := range s.ByLevel(lv) {
			if _, ok := spec.Values[s.Nodes[i].ID]; !ok {
				missing = append(missing, s.Nodes[i].ID)
			}
		}
		if len(missing) > 0 {
			d.Errorf(nil, "weights", "manual %s weights give no value for %s", lv, idList(missing))
		}
	}
	p.checkZeroWeights(s, &d)
	p.checkUncertainty(s, &d)
	return d.Err()
}

// idList joins ids for a message: at most 20, each cut to
// strictyaml.MaxQuote characters.
func idList(ids []string) string {
	const most = 20
	var parts []string
	for _, id := range ids[:min(len(ids), most)] {
		parts = append(parts, sy.Short(id))
	}
	if len(ids) > most {
		parts = append(parts, fmt.Sprintf("… (%d in all)", len(ids)))
	}
	return strings.Join(parts, ", ")
}

// checkZeroWeights reports a node whose children the profile's manual
// weights (with the framework's weights for the children they leave out)
// all give weight 0: the node's mean would have no weight. It points at
// the value of the first child the profile lists.
func (p *Profile) checkZeroWeights(s *dataset.Schema, d *sy.Decoder) {
	at := map[string]ref{}
	for _, r := range p.refs {
		if _, ok := at[r.id]; r.manual && !ok {
			at[r.id] = r
		}
	}
	for _, lv := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		spec := p.Options.Weights.At(lv)
		if spec.Method != scoring.WeightManual {
			continue
		}
		done := map[int]bool{}
		for _, i := range s.ByLevel(lv) {
			parent := s.Nodes[i].Parent
			if parent < 0 || done[parent] {
				continue
			}
			done[parent] = true
			var ids []string
			var first *ref
			zero := true
			for _, c := range s.Nodes[parent].Children {
				n := s.Nodes[c]
				w, listed := spec.Values[n.ID]
				if !listed {
					w = n.Weight
				} else if r, ok := at[n.ID]; ok && first == nil {
					first = &r
				}
				if w != 0 {
					zero = false
					break
				}
				ids = append(ids, n.ID)
			}
			if !zero || first == nil {
				continue // a framework's own zero weights are its loader's to report
			}
			d.Errorf(first.node, first.path, "manual %s weights give every child of %s weight 0 (%s): give at least one a positive weight",
				lv, sy.Quote(s.Nodes[parent].ID), idList(ids))
		}
	}
}

// checkMatrices checks each AHP matrix against the tree: it names a node
// whose children are of its level, has one row per child, and its
// consistency ratio is within max_cr.
func (p *Profile) checkMatrices(s *dataset.Schema, d *sy.Decoder) {
	specs := map[dataset.Level][]*scoring.AHPSpec{}
	var collect func(l dataset.Level, w *scoring.WeightSpec)
	collect = func(l dataset.Level, w *scoring.WeightSpec) {
		if w.Method == scoring.WeightAHP {
			specs[l] = append(specs[l], &w.AHP)
		}
		for k := range w.Combine.Of {
			collect(l, &w.Combine.Of[k])
		}
	}
	for _, l := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		w := p.Options.Weights.At(l)
		collect(l, &w)
	}
	for _, m := range p.matrices {
		i, ok := s.Index(m.id)
		if m.id == "index" {
			i, ok = 0, true
		}
		if !ok {
			d.Errorf(m.at, m.path, "unknown node %q in framework %s", m.id, s.ID)
			continue
		}
		kids := s.Nodes[i].Children
		if len(kids) == 0 || (!m.any && s.Nodes[kids[0]].Level != m.level) {
			d.Errorf(m.at, m.path, "%q has no %s children to judge", m.id, m.level)
			continue
		}
		if m.any {
			m.level = s.Nodes[kids[0]].Level
		}
		if len(m.ms) == 0 {
			continue // already reported
		}
		var ids []string
		for _, c := range kids {
			ids = append(ids, s.Nodes[c].ID)
		}
		if len(m.ms[0]) != len(kids) {
			d.Errorf(m.at, m.path, "matrix is %d×%d, but %q has %d children (%s, in this order)",
				len(m.ms[0]), len(m.ms[0]), m.id, len(kids), strings.Join(ids, ", "))
			continue
		}
		spec := findAHPSpec(specs[m.level], m.id, m.ms)
		if spec == nil {
			continue
		}
		a := m.ms[0]
		if len(m.ms) > 1 {
			var err error
			if a, err = composite.GroupAHP(m.ms); err != nil {
				d.Errorf(m.at, m.path, "%v", err)
				continue
			}
		}
		r, err := composite.AHP(a, spec.Solve, spec.RI)
		if err != nil {
			d.Errorf(m.at, m.path, "%v", err)
			continue
		}
		if r.CR > spec.MaxCR {
			d.Errorf(m.at, m.path, "matrix %q is inconsistent: CR = %.4f (λmax %.4f, CI %.4f, RI %v %.2f) is above max_cr %v; revise the judgments",
				m.id, r.CR, r.LambdaMax, r.CI, spec.RI, r.RI, spec.MaxCR)
		}
	}
}

// findAHPSpec returns the spec holding the matrices ms of node id.
func findAHPSpec(specs []*scoring.AHPSpec, id string, ms [][][]float64) *scoring.AHPSpec {
	for _, sp := range specs {
		if got, ok := sp.Matrices[id]; ok && len(got) == len(ms) && (len(ms) == 0 || &got[0] == &ms[0]) {
			return sp
		}
	}
	return nil
}

// article returns "an" for indicator, else "a".
func article(l dataset.Level) string {
	if l == dataset.LevelIndicator {
		return "an"
	}
	return "a"
}

// sharedManual reports whether spec's manual values were given in a block
// shared by every level.
func (p *Profile) sharedManual(spec scoring.WeightSpec) bool {
	for _, r := range p.refs {
		if r.any {
			if _, ok := spec.Values[r.id]; ok {
				return true
			}
		}
	}
	return false
}
