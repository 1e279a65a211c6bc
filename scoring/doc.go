// Package scoring computes a composite index over a framework: it takes the
// tree of a dataset.Schema (index → goals → dimensions → indicators) and the
// values of a dataset.Table, and returns every node's score and rank for
// every unit and year, with the weights and conventions it applied.
//
// The numeric kernels (normalisations, weights, means, TOPSIS, coupling, …)
// live in package composite and take plain slices; scoring decides which
// kernel runs on which column, in which order, over which units, and keeps
// the record of what it did. Its only entry point is Run.
//
// # Pipeline
//
// Run applies these steps, in this order, which is COINr's (Becker et al.
// 2022, COINr 1.1.14):
//
//  1. Screen. A unit whose share of indicators with a raw value is below
//     Options.MinCoverage is left out of that year (YearResult.Excluded).
//  2. Impute (Options.Impute): missing raw values are filled, by column,
//     group or series (composite.Impute); every filled cell is flagged.
//  3. Treat (Options.Treat, TreatOverrides): outliers are winsorised or
//     log-transformed year by year (composite.Treat, COINr's Treat).
//  4. Orient and normalise (Options.Normalize): a negative indicator is
//     multiplied by −1, an interval one mapped by composite.IntervalTo; each
//     column is then normalised over the units of its year, or over the
//     pooled panel when the method says so.
//  5. Weigh (Options.Weights, per level): the framework's weights, equal
//     weights, an objective method on the normalised data of the year
//     (entropy, CRITIC, cv, stddev, PCA), AHP or a combination.
//  6. Aggregate bottom-up (Options.Aggregate, per level): a weighted mean
//     over the children a unit has, the weights of the missing ones dropped
//     and the rest renormalised (COINr's rule), up to
//     Options.MaxMissingShare; or TOPSIS, GRA or Copeland over the
//     children or the indicators below the node.
//  7. Rank: sport ranks, 1 for the highest, ties sharing the lowest rank;
//     units that fail Options.Rank are scored but not ranked.
//  8. Analyse, when asked: targets and traffic lights (Options.Targets),
//     coupling coordination of the goals (Options.Coupling) and obstacle
//     degrees (Options.Obstacles).
//
// # Conventions
//
// Every choice on which published tools differ is an option with a named
// default, and Describe on each spec gives it as text so that every output
// can echo it: the normalisation and its range, the entropy transform and
// shift δ, the orientation of cost columns, the AHP solve and RI table, the
// combination rule, the TOPSIS weighting, the GRA ρ, the coupling bins and
// the coverage rule. The method enums are named by one scheme, a prefix for
// the type and the method's name: NormMinMax, WeightEntropy, AggTOPSIS,
// ScopeLevel, OverIndicators. String gives the name used in profiles and
// UnmarshalText parses it.
//
// DefaultOptions is min-max to [0, 100], the framework's weights,
// arithmetic means at every level, and COINr's missing-data rule. The
// built-in profiles add the coverage rule of ranking (DefaultRankRule).
//
// # Missing data and coverage
//
// Nothing missing is ever scored as zero. A missing value stays NaN through
// normalisation and drops out of the means; a node is missing for a unit
// when all its children are, or when their share of weight is over
// MaxMissingShare. Result.Issues names every indicator that could not be
// normalised and every unit left out. YearResult records why a unit was
// screened out (Excluded), how many indicators measure each node
// (Measured) and which goals are thinly measured (Options.ThinGoal);
// Result.Shares gives, for each unit, the share of the index each indicator
// actually carried after renormalisation (the weights applied).
//
// # Results
//
// Result holds the options as applied, the method that set each node's
// weight and the aggregation that combined its children, the treatment
// record, the issues, and one YearResult per year with the normalised
// values, scores, ranks and weights. YearResult.Top orders the units of a
// node for display, ties broken by unit id.
//
// Run is deterministic: the same schema, table and options give the same
// result bit for bit, whatever the number of cores.
package scoring
