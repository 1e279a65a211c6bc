package config

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	sy "github.com/cityscore/cityscore/internal/strictyaml"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

// The uncertainty block declares an uncertainty or sensitivity analysis
// (package sensitivity, COINr's get_sensitivity) for the profile:
//
//	uncertainty:
//	  design: ua            # ua | saltelli
//	  n: 200                # replicates (ua) or base sample (saltelli), ≥ 3
//	  seed: 1
//	  noise: {dimensions: 0.25, goals: 0.25}
//	  weight_sets: 200      # default n
//	  aggregate: [arithmetic, geometric]
//	  normalize: [minmax, {method: zscore, sd: 10}]
//	  impute: [none, mean]
//	  rank_rule: [none, {by: goal, min: 0.5, common: 0.5}]
//	  leave_out: dimensions # indicators | dimensions | none
//	  bootstrap: 1000
var uncertaintyKeys = []string{"design", "n", "seed", "noise", "dirichlet", "weight_sets", "aggregate", "normalize", "impute", "rank_rule", "leave_out", "bootstrap"}

// Defaults of the uncertainty block. N, weight_sets and bootstrap are
// sensitivity.Spec's own defaults; the seed is cityscore sensitivity's
// default.
const (
	defaultUncertaintyN    = 100
	defaultUncertaintySeed = 1
	minUncertaintyN        = 3 // COINr: N > 2
)

// uaNodes are the YAML nodes of the uncertainty block that the checks made
// once the whole profile is read (Parse) or against the framework (Check)
// point at.
type uaNodes struct {
	noise     map[dataset.Level]*yaml.Node // each level's factor
	leaveOut  *yaml.Node
	aggregate []*yaml.Node // each alternative, in the order of Spec.Aggregate
	normalize []*yaml.Node // likewise
	impute    []*yaml.Node
}

// uncertainty reads the uncertainty block into a spec with its defaults in
// place, and the nodes of its values.
func (l *loader) uncertainty(n *yaml.Node) (*sensitivity.Spec, *uaNodes) {
	const path = "uncertainty"
	sp := &sensitivity.Spec{Seed: defaultUncertaintySeed}
	at := &uaNodes{noise: map[dataset.Level]*yaml.Node{}}
	fields := l.d.Mapping(n, path, uncertaintyKeys)
	if n == nil || n.Kind != yaml.MappingNode {
		return sp, at // reported by Mapping
	}
	var (
		inputs                 []string // the keys that make an uncertain input
		designAt, weightSetsAt *yaml.Node
		weightSets, noiseGiven bool
		badDesign              bool
	)
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		seen := map[string]string{} // the path of each alternative of a list, by key
		switch f.Key {
		case "design":
			designAt = f.Value
			before := l.d.Count()
			l.text(f.Value, fp, &sp.Design)
			badDesign = l.d.Count() > before
		case "n":
			if v, ok := l.count(f.Value, fp, minUncertaintyN, "COINr needs N > 2"); ok {
				sp.N = v
			}
		case "seed":
			sp.Seed = l.seed(f.Value, fp)
		case "weight_sets":
			weightSets, weightSetsAt = true, f.Value
			if v, ok := l.count(f.Value, fp, 1, ""); ok {
				sp.WeightSets = v
			}
		case "bootstrap":
			if v, ok := l.count(f.Value, fp, 1, ""); ok {
				sp.Bootstrap = v
			}
		case "noise":
			noiseGiven = true
			inputs = append(inputs, "noise")
			sp.Noise = l.noise(f.Value, fp, at)
		case "dirichlet":
			noiseGiven = true
			inputs = append(inputs, "dirichlet")
			sp.Dirichlet = l.dirichlet(f.Value, fp, at)
		case "aggregate":
			inputs = append(inputs, f.Key)
			for i, item := range l.alternatives(f.Value, fp) {
				ip := sy.Elem(fp, i)
				if name, ok := l.methodName(item, ip, aggregateMethods, "an aggregation"); ok {
					var a scoring.Aggregation
					if err := a.UnmarshalText([]byte(name)); err != nil {
						panic("config: " + err.Error())
					}
					if l.twice(seen, name, item, ip) {
						continue
					}
					sp.Aggregate = append(sp.Aggregate, a)
					at.aggregate = append(at.aggregate, item)
				}
			}
		case "normalize":
			inputs = append(inputs, f.Key)
			for i, item := range l.alternatives(f.Value, fp) {
				ip := sy.Elem(fp, i)
				before := l.d.Count()
				spec, _ := l.normalizeSpec(item, ip, false)
				if l.d.Count() > before {
					continue
				}
				if l.twice(seen, spec.Describe(), item, ip) {
					continue
				}
				sp.Normalize = append(sp.Normalize, spec)
				at.normalize = append(at.normalize, item)
			}
		case "impute":
			inputs = append(inputs, f.Key)
			for i, item := range l.alternatives(f.Value, fp) {
				ip := sy.Elem(fp, i)
				if name, ok := l.methodName(item, ip, imputeMethods, "an imputation"); ok {
					var m composite.ImputeMethod
					if err := m.UnmarshalText([]byte(name)); err != nil {
						panic("config: " + err.Error())
					}
					if l.twice(seen, name, item, ip) {
						continue
					}
					sp.Impute = append(sp.Impute, m)
					at.impute = append(at.impute, item)
				}
			}
		case "rank_rule":
			inputs = append(inputs, f.Key)
			for i, item := range l.alternatives(f.Value, fp) {
				ip := sy.Elem(fp, i)
				before := l.d.Count()
				r := l.rankRule(item, ip)
				if l.d.Count() > before {
					continue
				}
				if l.twice(seen, fmt.Sprint(r), item, ip) {
					continue
				}
				sp.Rank = append(sp.Rank, r)
			}
		case "leave_out":
			at.leaveOut = f.Value
			if s, ok := l.d.String(f.Value, fp); ok {
				switch s {
				case "indicators":
					sp.LeaveOut = dataset.LevelIndicator
				case "dimensions":
					sp.LeaveOut = dataset.LevelDimension
				case "none":
				default:
					l.d.Errorf(f.Value, fp, "unknown value %q (want indicators|dimensions|none)", s)
				}
				if s != "none" {
					inputs = append(inputs, f.Key)
				}
			}
		}
	}
	switch {
	case len(inputs) == 0:
		l.d.Errorf(n, path, "no uncertain input: give noise, alternatives (aggregate, normalize, impute, rank_rule) or leave_out")
	case sp.Design == sensitivity.DesignSaltelli && !badDesign && len(inputs) < 2:
		l.d.Errorf(designAt, sy.Join(path, "design"), "a saltelli design needs at least two uncertain inputs, found one (%s); add another or use design: ua", inputs[0])
	}
	if weightSets && !noiseGiven {
		l.d.Errorf(weightSetsAt, sy.Join(path, "weight_sets"), "weight sets are drawn only with noise: give noise, or leave weight_sets out")
	}
	if sp.N == 0 {
		sp.N = defaultUncertaintyN
	}
	*sp = sp.WithDefaults()
	return sp, at
}

// alternatives returns the items of a list of alternatives, reporting a
// value that is not a list, or an empty list.
func (l *loader) alternatives(n *yaml.Node, path string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		l.d.Errorf(n, path, "want a list of alternatives, e.g. [a, b], found %s", describeNode(n))
		return nil
	}
	if len(n.Content) == 0 {
		l.d.Errorf(n, path, "empty list: give at least one alternative, or leave the key out")
	}
	return n.Content
}

// twice reports an alternative listed before (key names it), and records
// it otherwise.
func (l *loader) twice(seen map[string]string, key string, n *yaml.Node, path string) bool {
	if first, ok := seen[key]; ok {
		l.d.Errorf(n, path, "the same alternative as %s", first)
		return true
	}
	seen[key] = path
	return false
}

// describeNode names the kind of a node for a message.
func describeNode(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return "null"
	case n.Kind == yaml.ScalarNode:
		return sy.Quote(n.Value)
	}
	return "a list"
}

// methodName reads a bare method name among methods (what is an
// aggregation or an imputation, for the message).
func (l *loader) methodName(n *yaml.Node, path string, methods []string, what string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		l.d.Errorf(n, path, "want the name of %s (%s), found %s; each alternative takes its default parameters", what, strings.Join(methods, "|"), describeNode(n))
		return "", false
	}
	if !slices.Contains(methods, n.Value) {
		l.d.Errorf(n, path, "unknown method %q (want %s)", n.Value, strings.Join(methods, "|"))
		return "", false
	}
	return n.Value, true
}

// count reads a whole number from least to maxCount; note, if any, says
// why least.
func (l *loader) count(n *yaml.Node, path string, least int, note string) (int, bool) {
	v, ok := l.d.Float(n, path)
	if !ok {
		return 0, false
	}
	if note != "" {
		note = " (" + note + ")"
	}
	switch {
	case v != math.Trunc(v) || v < float64(least):
		l.d.Errorf(n, path, "%v is not a whole number ≥ %d%s", v, least, note)
	case v > maxCount:
		l.d.Errorf(n, path, "%v is too large (at most %d)", v, maxCount)
	default:
		return int(v), true
	}
	return 0, false
}

// seed reads a whole number from 0 to 2⁶⁴ − 1, exactly.
func (l *loader) seed(n *yaml.Node, path string) uint64 {
	s, ok := l.d.String(n, path)
	if !ok {
		return defaultUncertaintySeed
	}
	v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil || n.Tag == "!!null" {
		l.d.Errorf(n, path, "want a whole number from 0 to %d, found %s", uint64(math.MaxUint64), describeNode(n))
		return defaultUncertaintySeed
	}
	return v
}

// dirichlet reads the Dirichlet concentrations: a number > 0 for each
// level it names. A level may not have noise too.
func (l *loader) dirichlet(n *yaml.Node, path string, at *uaNodes) map[dataset.Level]float64 {
	levels := map[string]dataset.Level{"indicators": dataset.LevelIndicator, "dimensions": dataset.LevelDimension, "goals": dataset.LevelGoal}
	fields := l.d.Mapping(n, path, levelKeys)
	if n.Kind == yaml.MappingNode && len(n.Content) == 0 {
		l.d.Errorf(n, path, "no level: give a concentration for indicators, dimensions or goals, e.g. {goals: 50}")
	}
	var out map[dataset.Level]float64
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		v, ok := l.d.Float(f.Value, fp)
		if !ok {
			continue
		}
		if !(v > 0) || math.IsInf(v, 0) {
			l.d.Errorf(f.Value, fp, "%v is not a Dirichlet concentration > 0 (50: each share varies with variance w(1 − w)/51)", v)
			continue
		}
		if _, both := at.noise[levels[f.Key]]; both {
			l.d.Errorf(f.Value, fp, "the %s weights have noise too; give them noise or a Dirichlet, not both", f.Key)
			continue
		}
		if out == nil {
			out = map[dataset.Level]float64{}
		}
		out[levels[f.Key]] = v
		at.noise[levels[f.Key]] = f.Value
	}
	return out
}

// noise reads the weight noise: a factor within [0, 1] for each level it
// names.
func (l *loader) noise(n *yaml.Node, path string, at *uaNodes) map[dataset.Level]float64 {
	levels := map[string]dataset.Level{"indicators": dataset.LevelIndicator, "dimensions": dataset.LevelDimension, "goals": dataset.LevelGoal}
	fields := l.d.Mapping(n, path, levelKeys)
	if n.Kind == yaml.MappingNode && len(n.Content) == 0 {
		l.d.Errorf(n, path, "no level: give a factor for indicators, dimensions or goals, e.g. {goals: 0.25}")
	}
	var out map[dataset.Level]float64
	for _, f := range fields {
		fp := sy.Join(path, f.Key)
		v, ok := l.d.Float(f.Value, fp)
		if !ok {
			continue
		}
		if v < 0 || v > 1 {
			l.d.Errorf(f.Value, fp, "%v is not a noise factor within [0, 1] (0.25: each weight varies by up to ±25 %%; above 1 a weight could turn negative)", v)
			continue
		}
		if _, both := at.noise[levels[f.Key]]; both {
			l.d.Errorf(f.Value, fp, "the %s weights have a Dirichlet too; give them noise or a Dirichlet, not both", f.Key)
			continue
		}
		if out == nil {
			out = map[dataset.Level]float64{}
		}
		out[levels[f.Key]] = v
		at.noise[levels[f.Key]] = f.Value
	}
	return out
}

// checkUncertainty checks the uncertainty block against the rest of the
// profile, once every section is read: the levels it perturbs or leaves a
// node out of must have weights given by value, a grouped imputation needs
// the profile's group column, and a geometric or harmonic mean of
// indicators cannot follow a normalisation that gives some unit a value ≤ 0
// (checkPositiveMeans).
func (l *loader) checkUncertainty(p *Profile, at *uaNodes) {
	sp := p.Uncertainty
	byValue := func(lv dataset.Level) (scoring.WeightMethod, bool) {
		m := p.Options.Weights.At(lv).Method
		return m, m == scoring.WeightFramework || m == scoring.WeightManual
	}
	for _, lv := range []dataset.Level{dataset.LevelIndicator, dataset.LevelDimension, dataset.LevelGoal} {
		_, noisy := sp.Noise[lv]
		if _, d := sp.Dirichlet[lv]; !noisy && !d {
			continue
		}
		if m, ok := byValue(lv); !ok {
			l.d.Errorf(at.noise[lv], sy.Join("uncertainty.noise", levelKeys[lv-1]),
				"the profile computes the %s weights by %v (weights.%s); noise varies weights given by value: set them to framework or manual",
				lv, m, levelKeys[lv-1])
		}
	}
	if lv := sp.LeaveOut; lv != 0 {
		if m, ok := byValue(lv); !ok {
			l.d.Errorf(at.leaveOut, "uncertainty.leave_out",
				"the profile computes the %s weights by %v (weights.%s); leaving a node out sets its weight to 0, which needs weights given by value: set them to framework or manual",
				lv, m, levelKeys[lv-1])
		}
	}
	for i, m := range sp.Impute {
		if m.Grouped() && !p.Options.Impute.Method.Grouped() {
			l.d.Errorf(at.impute[i], sy.Elem("uncertainty.impute", i),
				"%v imputes within the groups of the profile's impute.group, and the profile names none: set impute: {method: group_mean, group: COLUMN}", m)
		}
	}
	l.checkPositiveMeans(p, at)
}

// checkPositiveMeans reports a geometric or harmonic mean of indicators
// that a replicate would take over values a normalisation sets to 0 or
// below, whatever the data: min-max to a range from 0 or below, a z-score
// to a mean of 0 or below, percentiles (from 0), efficacy scores from a base
// of 0 or below. The means of indicators a replicate can take are the
// aggregate alternatives, else the profile's; its normalisations the
// normalize alternatives, else the profile's with its overrides. Only the
// pairs the uncertainty block brings are reported: a profile whose own
// choices fail is its own problem.
func (l *loader) checkPositiveMeans(p *Profile, at *uaNodes) {
	sp := p.Uncertainty
	if len(sp.Aggregate) == 0 && len(sp.Normalize) == 0 {
		return
	}
	needsPositive := func(a scoring.Aggregation) bool { return a == scoring.AggGeometric || a == scoring.AggHarmonic }
	type norm struct {
		spec scoring.NormalizeSpec
		name string     // as the message names it
		at   *yaml.Node // in the uncertainty block; nil for the profile's
		path string
	}
	var norms []norm
	if len(sp.Normalize) > 0 {
		for i, s := range sp.Normalize {
			path := sy.Elem("uncertainty.normalize", i)
			norms = append(norms, norm{s, path, at.normalize[i], path})
		}
	} else {
		norms = append(norms, norm{spec: p.Options.Normalize.NormalizeSpec, name: "normalize"})
		for _, id := range sortedKeys(p.Options.Normalize.Overrides) {
			norms = append(norms, norm{spec: p.Options.Normalize.Overrides[id], name: sy.Join("normalize.overrides", id)})
		}
	}
	var low *norm
	var gives string
	for k := range norms {
		if g, ok := nonPositive(norms[k].spec); ok {
			low, gives = &norms[k], g
			break
		}
	}
	if low == nil {
		return
	}
	const fix = "normalise to values above 0, e.g. minmax with range: [1, 100]"
	if len(sp.Aggregate) > 0 {
		for i, a := range sp.Aggregate {
			if needsPositive(a) {
				l.d.Errorf(at.aggregate[i], sy.Elem("uncertainty.aggregate", i),
					"a %v mean needs values > 0, but %s (%s) %s: %s", a, low.name, low.spec.Describe(), gives, fix)
			}
		}
		return
	}
	if a := p.Options.Aggregate.Indicators.Method; needsPositive(a) && low.at != nil {
		l.d.Errorf(low.at, low.path, "the profile's %v mean of indicators (aggregate) needs values > 0, but %s %s: %s",
			a, low.spec.Describe(), gives, fix)
	}
}

// nonPositive says whether the normalisation s gives some unit a value ≤ 0
// whatever the data (an indicator with at least two distinct values), and
// which.
func nonPositive(s scoring.NormalizeSpec) (string, bool) {
	switch {
	case s.Method == scoring.NormMinMax && s.Range[0] <= 0:
		return fmt.Sprintf("gives the lowest unit %v", s.Range[0]), true
	case s.Method == scoring.NormEfficacy && s.Base <= 0:
		return fmt.Sprintf("gives the lowest unit %v", s.Base), true
	case s.Method == scoring.NormPercentile:
		return "gives the lowest unit 0", true
	case s.Method == scoring.NormZScore && s.Mean <= 0:
		return fmt.Sprintf("gives the units below the mean values below %v", s.Mean), true
	}
	return "", false
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkUncertainty reports, for an uncertainty block that leaves out one
// node of a level at a time, the nodes whose siblings all have weight 0
// (or which have none): leaving one out leaves its parent without weight,
// and that replicate cannot be scored.
func (p *Profile) checkUncertainty(s *dataset.Schema, d *sy.Decoder) {
	sp := p.Uncertainty
	if sp == nil || sp.LeaveOut == 0 || p.ua == nil {
		return
	}
	spec := p.Options.Weights.At(sp.LeaveOut)
	if spec.Method != scoring.WeightFramework && spec.Method != scoring.WeightManual {
		return // reported by Parse
	}
	weight := func(i int) float64 {
		if spec.Method == scoring.WeightManual {
			if w, ok := spec.Values[s.Nodes[i].ID]; ok {
				return w
			}
		}
		return s.Nodes[i].Weight
	}
	var alone []string
	for _, i := range s.ByLevel(sp.LeaveOut) {
		parent := s.Nodes[i].Parent
		others := false
		for _, c := range s.Nodes[parent].Children {
			if c != i && weight(c) > 0 {
				others = true
				break
			}
		}
		if !others {
			alone = append(alone, fmt.Sprintf("%s (in %s)", sy.Short(s.Nodes[i].ID), sy.Short(s.Nodes[parent].ID)))
		}
	}
	if len(alone) > 0 {
		d.Errorf(p.ua.leaveOut, "uncertainty.leave_out",
			"leaving out %s would leave its parent with no weight, a replicate that cannot be scored (no sibling with a weight > 0 in framework %s): %s; leave out another level, or none",
			plural(len(alone), "this "+sp.LeaveOut.String(), "any of these "+sp.LeaveOut.String()+"s"), s.ID, strings.Join(limit(alone, 20), ", "))
	}
}

// plural returns one when n is 1, else many.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// limit keeps the first n items, and counts the rest.
func limit(items []string, n int) []string {
	if len(items) <= n {
		return items
	}
	return append(items[:n:n], fmt.Sprintf("… (%d in all)", len(items)))
}
