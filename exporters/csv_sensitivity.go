package exporters

// The CSV outputs of an uncertainty and sensitivity analysis
// (cityscore sensitivity); the layouts are in docs/formats.md.

import (
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/cityscore/cityscore/internal/csvsafe"
	"github.com/cityscore/cityscore/sensitivity"
)

// writeRecords writes the header and the records of rows to w.
func writeRecords(w io.Writer, raw bool, header []string, rows func(emit func(...string) error) error) error {
	cw := csvsafe.NewWriter(w, raw)
	if err := cw.Write(header); err != nil {
		return err
	}
	if err := rows(func(rec ...string) error { return cw.Write(rec) }); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteRankStatsCSV writes each unit's rank statistics,
//
//	unit,nominal,mean,median,q5,q95,score,score_q5,score_q95,replicates
//
// in nominal rank order (units not ranked last, in data order): the nominal rank,
// the mean, median and 5th and 95th percentile of its ranks over the
// replicates (R's quantile type 7; a Saltelli design's A and B runs, as
// COINr), the nominal score and the 5–95 % percentiles of its scores, and
// the number of replicates in which it has a rank.
func WriteRankStatsCSV(w io.Writer, a *sensitivity.Analysis, raw bool) error {
	stats := slices.Clone(a.Stats)
	slices.SortStableFunc(stats, func(x, y sensitivity.UnitStats) int {
		switch {
		case x.Nominal == y.Nominal:
			return 0
		case x.Nominal == 0:
			return 1
		case y.Nominal == 0:
			return -1
		}
		return int(x.Nominal - y.Nominal)
	})
	return writeRecords(w, raw, []string{"unit", "nominal", "mean", "median", "q5", "q95", "score", "score_q5", "score_q95", "replicates"},
		func(emit func(...string) error) error {
			for _, st := range stats {
				if err := emit(string(st.Unit), formatRank(st.Nominal), formatFloat(st.Mean), formatFloat(st.Median),
					formatFloat(st.Q5), formatFloat(st.Q95), formatFloat(st.Score), formatFloat(st.ScoreQ5), formatFloat(st.ScoreQ95),
					strconv.Itoa(st.N)); err != nil {
					return err
				}
			}
			return nil
		})
}

// WriteReplicateRanksCSV writes every replicate's index score and rank of
// every unit, long:
//
//	replicate,unit,score,rank
//
// replicate 0 is the nominal run; replicates are numbered from 1 in the
// design's order. A missing score or rank is an empty field.
func WriteReplicateRanksCSV(w io.Writer, a *sensitivity.Analysis, raw bool) error {
	return writeRecords(w, raw, []string{"replicate", "unit", "score", "rank"}, func(emit func(...string) error) error {
		nominalScores, nominalRanks := a.NominalScores(), a.NominalRanks()
		for u, id := range a.Units {
			if err := emit("0", string(id), formatFloat(nominalScores[u]), formatRank(nominalRanks[u])); err != nil {
				return err
			}
		}
		for k := range a.Ranks {
			rep := strconv.Itoa(k + 1)
			for u, id := range a.Units {
				if err := emit(rep, string(id), formatFloat(a.Scores[k][u]), formatRank(a.Ranks[k][u])); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// WriteSobolCSV writes the Sobol indices of a Saltelli design, one row per
// uncertain input:
//
//	input,si,sti,si_q5,si_q95,sti_q5,sti_q95
//
// input is the params.csv column name (weights for the weight sets); si and
// sti the first-order and total indices on the mean absolute rank shift,
// the others their bootstrap 5 and 95 % percentiles.
func WriteSobolCSV(w io.Writer, a *sensitivity.Analysis, raw bool) error {
	return writeRecords(w, raw, []string{"input", "si", "sti", "si_q5", "si_q95", "sti_q5", "sti_q95"}, func(emit func(...string) error) error {
		for _, s := range a.Sobol {
			if err := emit(s.Input, formatFloat(s.Si), formatFloat(s.STi), formatFloat(s.SiQ5), formatFloat(s.SiQ95),
				formatFloat(s.STiQ5), formatFloat(s.STiQ95)); err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteReplicateParamsCSV writes each replicate's choices in the layout
// cityscore sensitivity --replicates reads back:
//
//	replicate,<inputs>…,y
//
// one column per uncertain input (weight_set, aggregate, normalize, impute,
// rank_rule, drop; an empty cell keeps the profile's choice) and y, the
// replicate's mean absolute rank shift. A replay ignores y.
func WriteReplicateParamsCSV(w io.Writer, a *sensitivity.Analysis, raw bool) error {
	header := []string{"replicate"}
	for _, in := range a.Plan.Inputs {
		header = append(header, in.Name)
	}
	header = append(header, "y")
	return writeRecords(w, raw, header, func(emit func(...string) error) error {
		rec := make([]string, 0, len(header))
		for k, r := range a.Plan.Replicates {
			rec = append(rec[:0], strconv.Itoa(k+1))
			for _, in := range a.Plan.Inputs {
				rec = append(rec, paramValue(r, in.Name))
			}
			rec = append(rec, formatFloat(a.Y[k]))
			if err := emit(rec...); err != nil {
				return err
			}
		}
		return nil
	})
}

// paramValue is a replicate's choice of input name, as a profile names it.
func paramValue(r sensitivity.Replicate, name string) string {
	switch name {
	case "weight_set":
		return r.WeightSet
	case "aggregate":
		if r.Aggregate != nil {
			return r.Aggregate.String()
		}
	case "normalize":
		if r.Normalize != nil {
			return r.Normalize.Method.String()
		}
	case "impute":
		if r.Impute != nil {
			return r.Impute.String()
		}
	case "rank_rule":
		if r.Rank != nil {
			return sensitivity.FormatRankRule(*r.Rank)
		}
	case "drop":
		return r.Drop
	}
	return ""
}

// WriteWeightSetsCSV writes the weight sets of the plan in the layout
// cityscore sensitivity --weight-sets reads back:
//
//	weight_set,id,level,weight
//
// one row per weight of each set, sets in order, nodes by id.
func WriteWeightSetsCSV(w io.Writer, a *sensitivity.Analysis, raw bool) error {
	schema := a.Schema
	return writeRecords(w, raw, []string{"weight_set", "id", "level", "weight"}, func(emit func(...string) error) error {
		for _, in := range a.Plan.Inputs {
			if in.Name != "weight_set" {
				continue
			}
			alts := in.Alternatives
			if len(alts) == 0 {
				// A replay: the sets its replicates took, in order of first use.
				seen := map[string]bool{}
				for _, r := range a.Plan.Replicates {
					if r.WeightSet != "" && !seen[r.WeightSet] {
						seen[r.WeightSet] = true
						alts = append(alts, r)
					}
				}
			}
			for _, alt := range alts {
				for _, id := range slices.Sorted(maps.Keys(alt.Weights)) {
					level := ""
					if i, ok := schema.Index(id); ok {
						level = strconv.Itoa(int(schema.Nodes[i].Level))
					}
					if err := emit(alt.WeightSet, id, level, formatFloat(alt.Weights[id])); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}
