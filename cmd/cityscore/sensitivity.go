package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cityscore/cityscore/composite"
	"github.com/cityscore/cityscore/dataset"
	"github.com/cityscore/cityscore/exporters"
	"github.com/cityscore/cityscore/scoring"
	"github.com/cityscore/cityscore/sensitivity"
)

const sensitivityExamples = `  # How sure are the ranks? 200 replicates with the goal and dimension weights
  # varied by ±25 % and the aggregation arithmetic or geometric (geometric means
  # need a positive range: config/uncertainty.yaml normalises to [1, 100]):
  cityscore sensitivity --data cities.xlsx --profile config/uncertainty.yaml \
      --noise goals=0.25 --noise dimensions=0.25 --aggregate arithmetic,geometric \
      --n 200 --rank-stats ranks.csv

  # Which choice moves the ranking most? A Saltelli design (N·(d + 2) runs) and
  # the first-order and total Sobol indices:
  cityscore sensitivity --profile config/uncertainty.yaml --design saltelli --n 100 \
      --noise goals=0.25 --aggregate arithmetic,geometric --leave-out dimensions --sobol sobol.csv

  # Replay the replicates another tool ran, run for run:
  cityscore sensitivity --framework asem.yaml --data ASEM_iData.csv --unit-column uCode \
      --weight-sets sets.csv --replicates params.csv --replicate-ranks ranks-long.csv
`

// sensitivityOptions are the flags of sensitivity.
type sensitivityOptions struct {
	framework, profile string
	data               stringList
	unitColumn         string
	allowUnknown       bool
	year               int
	read               *readOptions

	design     string
	n          int
	seed       uint64
	noise      stringList
	dirichlet  stringList
	aggregate  string
	normalize  string
	impute     string
	leaveOut   string
	bootstrap  int
	weightSets string
	replicates string

	rankStats, replicateRanks, sobol, paramsOut, setsOut string
	top                                                  int
	quiet, csvRaw                                        bool
	set                                                  map[string]bool // the flags given
}

func sensitivityCmd(ctx context.Context, e *env, args []string) error {
	var o sensitivityOptions
	fs := newFlagSet(e, "sensitivity",
		"cityscore sensitivity [--framework F] [--profile P] [--data PATH]... [--unit-column NAME] [--year N]\n"+
			"                [--design ua|saltelli] [--n N] [--seed S] [--noise LEVEL=F]... [--dirichlet LEVEL=K]... [--aggregate A,B] [--normalize A,B]\n"+
			"                [--impute A,B] [--leave-out indicators|dimensions] [--bootstrap B]\n"+
			"                [--weight-sets sets.csv --replicates params.csv]\n"+
			"                [--rank-stats F.csv] [--replicate-ranks F.csv] [--sobol F.csv] [--params-out F.csv] [--weight-sets-out F.csv]",
		`Re-run the index under other choices than the profile's and show how far each
unit's rank moves. The uncertain inputs are noisy weights (each weight w of a
level becomes w + (2u − 1)·f·w, u uniform, as COINr's get_noisy_weights), a
choice among alternative aggregations, normalisations or imputations, and
leaving out one indicator or dimension at a time. The ua design draws N
replicates at random and gives each unit's rank interval (5–95 %); the saltelli
design runs N·(d + 2) replicates and also estimates the first-order and total
Sobol index of each input (COINr's get_sensitivity and SA_estimate) on the mean
absolute rank shift from the nominal ranks. --weight-sets and --replicates
replay given replicates run for run. Seeded and reproducible: the same seed
gives the same result on any number of cores.`, sensitivityExamples)
	fs.StringVar(&o.framework, "framework", "", frameworkUsage+"; default: the profile's, else builtin")
	fs.StringVar(&o.profile, "profile", "", "profile `FILE` (YAML): the nominal choices; default: min-max [0, 100], framework weights, arithmetic means")
	fs.Var(&o.data, "data", "data `PATH`: a CSV, xlsx or Parquet file, or a folder of them; repeatable; default: the built-in sample")
	fs.StringVar(&o.unitColumn, "unit-column", "", "header of the unit (city) column; default: the first column")
	fs.IntVar(&o.year, "year", 0, "analyse year `N` (default: the latest year of the data)")
	o.read = fs.readFlags()
	fs.BoolVar(&o.allowUnknown, "allow-unknown-units", false, "keep rows whose unit is not a known city (framework units: cn-city) as printed")
	fs.StringVar(&o.design, "design", "ua", "`DESIGN`: ua (uncertainty: N random replicates) or saltelli (sensitivity: N·(d + 2) replicates and Sobol indices)")
	fs.IntVar(&o.n, "n", 100, "`N`: replicates of a ua design, base sample size of a saltelli design")
	fs.Uint64Var(&o.seed, "seed", 1, "`SEED` of the random draws")
	fs.Var(&o.noise, "noise", "`LEVEL=F`: vary the weights of LEVEL (indicators, dimensions or goals) by ±F (0.25 = ±25 %); repeatable")
	fs.Var(&o.dirichlet, "dirichlet", "`LEVEL=K`: draw the weights of LEVEL from a Dirichlet around their nominal shares, concentration K (larger: closer; share variance w(1 − w)/(K + 1)); repeatable")
	fs.StringVar(&o.aggregate, "aggregate", "", "alternative aggregations `A,B,…` (arithmetic, geometric, harmonic, topsis, gra, copeland)")
	fs.StringVar(&o.normalize, "normalize", "", "alternative normalisations `A,B,…` (minmax, zscore, rank, percentile, …), each with its default parameters")
	fs.StringVar(&o.impute, "impute", "", "alternative imputations `A,B,…` (none, mean, median, …)")
	fs.StringVar(&o.leaveOut, "leave-out", "", "leave out one node of `LEVEL` (indicators or dimensions) at a time, or none")
	fs.IntVar(&o.bootstrap, "bootstrap", 1000, "bootstrap resamples `B` of the Sobol intervals")
	fs.StringVar(&o.weightSets, "weight-sets", "", "replay: weight sets `FILE` (weight_set,id,level,weight)")
	fs.StringVar(&o.replicates, "replicates", "", "replay: replicates `FILE` (replicate[,weight_set][,aggregate][,normalize][,impute][,rank_rule][,drop][,y]; y is read past); with --design saltelli in COINr's SA order")
	fs.StringVar(&o.rankStats, "rank-stats", "", "write each unit's rank statistics to CSV `FILE`: unit,nominal,mean,median,q5,q95,score,score_q5,score_q95,replicates")
	fs.StringVar(&o.replicateRanks, "replicate-ranks", "", "write every replicate's scores and ranks to CSV `FILE`: replicate,unit,score,rank (replicate 0: the nominal run)")
	fs.StringVar(&o.sobol, "sobol", "", "write the Sobol indices to CSV `FILE`: input,si,sti,si_q5,si_q95,sti_q5,sti_q95 (saltelli design)")
	fs.StringVar(&o.paramsOut, "params-out", "", "write the replicates' parameters to CSV `FILE`, in the --replicates layout (replayable)")
	fs.StringVar(&o.setsOut, "weight-sets-out", "", "write the noisy weight sets drawn to CSV `FILE`, in the --weight-sets layout")
	fs.IntVar(&o.top, "top", 10, "print the rank intervals of the top `N` units (0: none)")
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	fs.BoolVar(&o.csvRaw, "csv-raw", false, csvRawUsage)
	if err := fs.parse(args, false); err != nil {
		return err
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	var design sensitivity.Design
	if err := design.UnmarshalText([]byte(o.design)); err != nil {
		return usagef("--design: %v", err)
	}
	if (o.weightSets != "") != (o.replicates != "") && o.replicates == "" {
		return usagef("--weight-sets %s: give --replicates too (which set each replicate takes)", o.weightSets)
	}
	if o.n < 3 {
		return usagef("--n %d: want at least 3 (COINr requires N > 2)", o.n)
	}
	if o.bootstrap < 0 {
		return usagef("--bootstrap %d: want 0 (no intervals) or more resamples", o.bootstrap)
	}
	if o.sobol != "" && design != sensitivity.DesignSaltelli {
		return usagef("--sobol %s: Sobol indices need --design saltelli", o.sobol)
	}
	seen := map[string]string{}
	for _, f := range o.files() {
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
	return o.run(ctx, e, design)
}

// sensitivityFile is one CSV output of sensitivity.
type sensitivityFile struct {
	flag, path string
	write      func(w io.Writer, a *sensitivity.Analysis, raw bool) error
}

func (o *sensitivityOptions) files() []sensitivityFile {
	return []sensitivityFile{
		{"rank-stats", o.rankStats, exporters.WriteRankStatsCSV},
		{"replicate-ranks", o.replicateRanks, exporters.WriteReplicateRanksCSV},
		{"sobol", o.sobol, exporters.WriteSobolCSV},
		{"params-out", o.paramsOut, exporters.WriteReplicateParamsCSV},
		{"weight-sets-out", o.setsOut, exporters.WriteWeightSetsCSV},
	}
}

// spec builds the analysis from the flags. Without an input flag (--noise,
// --aggregate, --normalize, --impute, --leave-out) a profile's
// uncertainty: section gives the inputs, and the flags given (--design,
// --n, --seed, --bootstrap) replace its values.
func (o *sensitivityOptions) spec(design sensitivity.Design, profile *sensitivity.Spec) (sensitivity.Spec, error) {
	if profile != nil && !o.set["noise"] && !o.set["dirichlet"] && !o.set["aggregate"] && !o.set["normalize"] && !o.set["impute"] && !o.set["leave-out"] {
		sp := *profile
		if o.set["design"] {
			sp.Design = design
		}
		if o.set["n"] {
			sp.N, sp.WeightSets = o.n, 0
		}
		if o.set["seed"] {
			sp.Seed = o.seed
		}
		if o.set["bootstrap"] {
			sp.Bootstrap = o.bootstrap
		}
		return sp.WithDefaults(), nil
	}
	sp := sensitivity.Spec{Design: design, N: o.n, Seed: o.seed, Bootstrap: o.bootstrap}
	for _, nv := range o.noise {
		name, val, ok := strings.Cut(nv, "=")
		if !ok {
			return sp, usagef("--noise %s: want LEVEL=F, e.g. goals=0.25", nv)
		}
		l, err := levelOf(name)
		if err != nil {
			return sp, usagef("--noise %s: %v", nv, err)
		}
		f, err := strconv.ParseFloat(val, 64)
		if err != nil || !(f >= 0 && f <= 1) {
			return sp, usagef("--noise %s: want a factor in [0, 1]", nv)
		}
		if sp.Noise == nil {
			sp.Noise = map[dataset.Level]float64{}
		}
		sp.Noise[l] = f
	}
	for _, kv := range o.dirichlet {
		name, val, ok := strings.Cut(kv, "=")
		if !ok {
			return sp, usagef("--dirichlet %s: want LEVEL=K, e.g. goals=50", kv)
		}
		l, err := levelOf(name)
		if err != nil {
			return sp, usagef("--dirichlet %s: %v", kv, err)
		}
		k, err := strconv.ParseFloat(val, 64)
		if err != nil || !(k > 0) || math.IsInf(k, 0) {
			return sp, usagef("--dirichlet %s: want a concentration > 0", kv)
		}
		if sp.Dirichlet == nil {
			sp.Dirichlet = map[dataset.Level]float64{}
		}
		sp.Dirichlet[l] = k
	}
	for _, name := range list(o.aggregate) {
		var a scoring.Aggregation
		if err := a.UnmarshalText([]byte(name)); err != nil {
			return sp, usagef("--aggregate: %v", err)
		}
		sp.Aggregate = append(sp.Aggregate, a)
	}
	for _, name := range list(o.normalize) {
		var m scoring.Normalization
		if err := m.UnmarshalText([]byte(name)); err != nil {
			return sp, usagef("--normalize: %v", err)
		}
		sp.Normalize = append(sp.Normalize, scoring.DefaultNormalizeSpec(m))
	}
	for _, name := range list(o.impute) {
		var m composite.ImputeMethod
		if err := m.UnmarshalText([]byte(name)); err != nil {
			return sp, usagef("--impute: %v", err)
		}
		sp.Impute = append(sp.Impute, m)
	}
	switch o.leaveOut {
	case "", "none":
	case "indicators", "indicator":
		sp.LeaveOut = dataset.LevelIndicator
	case "dimensions", "dimension":
		sp.LeaveOut = dataset.LevelDimension
	default:
		return sp, usagef("--leave-out %q: want indicators, dimensions or none", o.leaveOut)
	}
	return sp, nil
}

// levelOf parses a level of weights: indicators, dimensions, goals, or 1–3.
func levelOf(s string) (dataset.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "indicators", "indicator", "1":
		return dataset.LevelIndicator, nil
	case "dimensions", "dimension", "2":
		return dataset.LevelDimension, nil
	case "goals", "goal", "3":
		return dataset.LevelGoal, nil
	}
	return 0, fmt.Errorf("level %q: want indicators, dimensions or goals (1, 2, 3)", s)
}

// list splits a comma-separated flag value.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (o *sensitivityOptions) run(ctx context.Context, e *env, design sensitivity.Design) error {
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
	base := s.prof.Options
	plan, err := o.plan(s, design, base)
	if err != nil {
		return err
	}
	total := len(plan.Replicates)
	res, err := sensitivity.Run(ctx, s.schema, s.table, base, plan.Replicates, sensitivity.RunOptions{
		Year:     o.year,
		Progress: func(done, total int) { prog.say(fmt.Sprintf("replicates: %d/%d", done, total)) },
	})
	if err != nil {
		return err
	}
	nboot, seed := o.bootstrap, o.seed
	if sp := s.prof.Uncertainty; sp != nil && o.replicates == "" && !o.set["bootstrap"] && !o.set["noise"] && !o.set["dirichlet"] && !o.set["aggregate"] &&
		!o.set["normalize"] && !o.set["impute"] && !o.set["leave-out"] {
		nboot, seed = sp.Bootstrap, sp.Seed
		if o.set["seed"] {
			seed = o.seed
		}
	}
	a, err := sensitivity.Analyse(res, plan, nboot, seed)
	if err != nil {
		return err
	}
	manifest := s.manifest(e, stamp, base, "en")
	var files []outFile
	stdoutUsed := false
	for _, f := range o.files() {
		if f.path == "" {
			continue
		}
		files = append(files, outFile{f.path, func(w io.Writer) error { return f.write(w, a, o.csvRaw) }})
		if f.path == "-" {
			stdoutUsed = true
		} else {
			files = append(files, jsonFile(f.path+".manifest.json", manifest))
		}
	}
	if err := writeAll(ctx, e.stdout, s.inputPaths(o.data), files); err != nil {
		return err
	}
	prog.done()
	if o.quiet {
		return nil
	}
	w := e.stdout
	if stdoutUsed {
		w = e.stderr
	}
	printSensitivity(w, s, a, o.top, total, e.now().Sub(start))
	for _, f := range o.files() {
		if f.path != "" && f.path != "-" {
			fmt.Fprintf(w, "wrote %s\n", f.path)
		}
	}
	return nil
}

// plan returns the replicates: replayed from files, or drawn from the
// flags' spec.
func (o *sensitivityOptions) plan(s *setup, design sensitivity.Design, base scoring.Options) (*sensitivity.Plan, error) {
	if o.replicates == "" {
		sp, err := o.spec(design, s.prof.Uncertainty)
		if err != nil {
			return nil, err
		}
		return sensitivity.NewPlan(sp, s.schema, base)
	}
	var sets map[string]map[string]float64
	if o.weightSets != "" {
		f, err := os.Open(o.weightSets)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if sets, _, err = sensitivity.WeightSets(f, o.weightSets, s.schema); err != nil {
			return nil, err
		}
	}
	f, err := os.Open(o.replicates)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reps, inputs, err := sensitivity.Replay(f, o.replicates, s.schema, sets)
	if err != nil {
		return nil, err
	}
	p, err := sensitivity.ReplayPlan(design, reps, inputs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.replicates, err)
	}
	return p, nil
}

// printSensitivity prints the size of the run, the rank intervals of the
// top units and, for a Saltelli design, the Sobol indices with a sentence
// on the inputs that move the ranking most.
func printSensitivity(w io.Writer, s *setup, a *sensitivity.Analysis, top, total int, took time.Duration) {
	fmt.Fprintf(w, "%s, %d: %s design, %d replicates (%.2f s)\n", s.fw.Name.In("en"), a.Result.Year, a.Plan.Design, total, took.Seconds())
	if n := len(a.Failed); n > 0 {
		fmt.Fprintf(w, "%d replicates could not be scored; their ranks are missing, as in COINr (replicate %d: %s)\n",
			n, a.Failed[0].Replicate, a.Failed[0].Reason)
	}
	if top > 0 {
		var rows [][]string
		for _, st := range a.TopStats(top) {
			rows = append(rows, []string{strconv.Itoa(int(st.Nominal)), string(st.Unit), fmt.Sprintf("%.2f", st.Score),
				fmt.Sprintf("%.4g", st.Median), fmt.Sprintf("%.4g–%.4g", st.Q5, st.Q95)})
		}
		fmt.Fprintln(w)
		printTable(w, []string{"rank", "unit", "score", "median", "5–95 %"}, rows)
	}
	if len(a.Sobol) > 0 {
		var rows [][]string
		for _, si := range a.Sobol {
			rows = append(rows, []string{si.Input, fmt.Sprintf("%.3f", si.Si), fmt.Sprintf("%.3f", si.STi),
				fmt.Sprintf("%.3f–%.3f", si.SiQ5, si.SiQ95), fmt.Sprintf("%.3f–%.3f", si.STiQ5, si.STiQ95)})
		}
		fmt.Fprintln(w)
		printTable(w, []string{"input", "Si", "STi", "Si 5–95 %", "STi 5–95 %"}, rows)
	}
	if note := a.Note("en"); note != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, note)
	}
}
