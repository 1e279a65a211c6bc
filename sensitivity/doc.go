// Package sensitivity measures how sure a ranking is: it re-runs the index
// under other choices than the profile's (noisy weights, another
// normalisation or aggregation, another imputation or coverage rule, an
// indicator or dimension left out) and reports, per unit, how far its rank
// moves (uncertainty analysis), and, per choice, how much of that movement
// it explains (Sobol sensitivity indices on a Saltelli design).
//
// The analysis follows the JRC's COINr 1.1.14 (Becker et al. 2022,
// get_sensitivity): the same noise on the weights, the same design and
// estimators, and the same output variable, the mean absolute shift of the
// units' ranks from the nominal ranks. The numeric kernels are in package
// composite; this package builds the replicates, scores them with package
// scoring and collects their ranks.
package sensitivity
