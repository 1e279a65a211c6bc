// Package composite provides the numeric kernels of composite indicators:
// normalisation, objective and subjective weights, aggregation and
// ranking, coupling coordination and obstacle degrees, data repair
// (imputation and outlier treatment), targets and trends, and the kernels
// of uncertainty and sensitivity analysis.
//
// # Overview
//
// The kernels take plain slices and return plain slices or small result
// structs, in the manner of gonum's floats and stat packages: they know
// nothing of frameworks, tables or years. Package scoring builds an index
// from them; any other program can call them directly. composite imports
// only the standard library and gonum.
//
// The reference semantics are those of the JRC's COINr 1.1.14 (Becker et
// al. 2022): where COINr has a function, the kernel follows it, order of
// operations included, and its documentation names it (n_minmax, a_amean,
// Treat, …). Where COINr has none, the kernel follows the paper it cites and
// is tested against that paper's published figures (testdata/vectors).
//
// # Conventions
//
// Data. A column is a []float64 with one value per unit; a matrix is a
// [][]float64 of columns, cols[j][i] the value of indicator (or child) j for
// unit i. NaN marks a missing value: every kernel skips it and leaves it
// NaN in its output. Columns passed together must have the same length.
//
// Results. A kernel that writes one value per unit takes the destination
// first, as gonum does: dst must have the length of x and may be x itself
// (in-place), unless its documentation says that a nil dst is allocated.
// Kernels that compute several figures return a result struct whose
// slices are freshly allocated (EntropyResult, TOPSISResult, …).
//
// Failures. A kernel panics on a programmer error (slices of different
// lengths, an unknown method); it returns an error for data it cannot use
// (an infinite value, a matrix that is not reciprocal), with the column and
// unit numbered from 1 (WeightValueError, MatrixError); and where a formula
// is undefined but a result can be defined (a constant column, all weights
// 0) it applies a documented rule and reports it in the result's Warnings,
// never as a NaN weight. A normalisation that is undefined on its input
// returns false and leaves dst all NaN.
//
// Warnings. A Warning is typed: its Kind (WarnSDConstant, WarnAllZero, …;
// WarningKinds lists them) names the rule, its fields hold the figures of
// the message (the 1-based Column, a Count, a Value), and String gives the
// message in English. A caller words it in another language from the kind
// and the fields, and may name the column by its indicator (Indicator).
//
// Precision. Sums that decide ties (weighted means, shares, weight totals,
// means and variances) are accumulated in double-double with Accumulator
// (Ogita, Rump and Oishi 2005) and rounded once: this reproduces R's
// extended-precision sum() and mean(), so equal scores come out equal and
// ranks tie exactly as in COINr.
//
// Enumerations. Every method type (EntropyTransform, AHPSolve, …) names its
// constants with one prefix followed by the method's name: TransformMinMax,
// SolveEigenvector, RISaaty, CombineLinear, TOPSISScale, BinLowerOpen,
// MeanArithmetic, ImputeMean, TreatWinsorize, FallbackLog, RollUpMean,
// TrendOnTrack, RatingGreen. String returns the name used in profiles
// ("minmax", "eigenvector", …) and UnmarshalText parses it, listing the
// valid names in its error.
//
// # Normalisation
//
// Each function maps one column x into dst; x is oriented so that higher is
// better (a negative indicator multiplied by −1 first, an interval one
// mapped by IntervalTo).
//
//	MinMaxTo      lo + (x − min)/(max − min)·(hi − lo)             COINr n_minmax
//	ZScoreTo      mean + sd·(x − x̄)/s, s the sample SD (n − 1)      COINr n_zscore
//	RankTo        ascending rank, ties → the lowest rank           COINr n_rank
//	PercentileTo  (rank − 1)/(n − 1)                               COINr n_prank
//	GoalpostsTo   lo + clip((x − worst)/(best − worst), 0, 1)·(hi − lo)   SDG Index
//	IntervalTo    1 inside [a, b], linear to 0 at lb and ub        司守奎《数学建模算法与应用》
//	VectorTo      x/√Σx²                                           Hwang and Yoon 1981 (TOPSIS)
//	EfficacyTo    base + span·(x − min)/(max − min) (功效系数)      60 + 40 in the Chinese literature
//
// MinMaxTo, ZScoreTo, PercentileTo, VectorTo and EfficacyTo return false on
// a column where they are undefined (constant, fewer than two values, a
// zero norm), as COINr returns NaN.
//
// # Objective weights
//
// Each function weighs the columns of a matrix from the data and returns
// weights that sum to 1, with its intermediate statistics:
//
//	EntropyWeights  p = z/Σz, e = −(1/ln n) Σ p ln p, d = 1 − e, w = d/Σd   熵权法; Zeleny 1982, Xu 2004
//	CRITICWeights   C_j = σ_j Σ_k (1 − r_jk) on min-max z, w = C/ΣC        Diakoulaki et al. 1995
//	CVWeights       V = s/|x̄| on raw values, w = V/ΣV                      变异系数法
//	SDWeights       w = σ/Σσ, raw or min-max                               标准差法; Jahan and Edwards 2013
//	PCAWeights      w_j ∝ Σ_{k≤q} (λ_k/Σλ)·|a_jk|, λ_k ≥ 1 kept (Kaiser)    主成分分析
//
// Entropy takes the transform (TransformMinMax, TransformVector,
// TransformSum, TransformNone), the orientation of cost columns and a
// shift δ; 0·ln 0 = 0. CRITIC and PCA leave out units missing any column
// (listwise deletion); entropy, cv and stddev use each column's values
// present. A constant column gets weight 0; if every column does, the
// weights are equal.
//
// # AHP and combination
//
// AHP solves a pairwise comparison matrix on Saaty's 1–9 scale (Saaty 1977,
// 1980) by the principal eigenvector (SolveEigenvector), row geometric
// means (SolveGeometric, 方根法) or normalised column averages
// (SolveArithmetic, 和积法), with
//
//	CI = (λmax − n)/(n − 1),  CR = CI/RI(n)
//
// and RI from Saaty's table extended by Saaty and Tran 2007 (RISaaty) or
// the table of Chinese course material (RIChinese); see RI. GroupAHP
// combines several experts' matrices by the element-wise geometric mean
// (AIJ; Aczél and Saaty 1983), and HierarchicalCR gives the consistency of
// a whole level, Σ a_j CI_j / Σ a_j RI_j. AHPResult.CheckCR tests CR
// against a maximum (0.1 by custom).
//
// CombineWeights combines weight vectors over the same children (组合赋权):
// linear Σ α_k w_k (CombineLinear), multiplicative ∝ Π w_k
// (CombineMultiplicative), minimum discrimination information
// ∝ (Π w_k)^(1/L) (CombineMinInformation), and game theory (博弈论组合赋权,
// CombineGameTheory), which solves Σ_j α_j (w_i·w_j) = w_i·w_i.
//
// # Aggregation and ranking
//
// Weighted means over the values present, the weights of the missing ones
// dropped and the rest renormalised (COINr's rule):
//
//	Mean(MeanArithmetic, …)  Σ wᵢxᵢ / Σ wᵢ              COINr a_amean
//	Mean(MeanGeometric, …)   exp(Σ wᵢ ln xᵢ / Σ wᵢ)     COINr a_gmean
//	Mean(MeanHarmonic, …)    Σ wᵢ / Σ (wᵢ/xᵢ)           COINr a_hmean
//
// MeanTotal skips the sum of the weights when the caller knows it.
// Comparisons of the units over several columns:
//
//	TOPSIS    C = D⁻/(D⁺ + D⁻), distances to the best and worst unit     Hwang and Yoon 1981
//	GRA       r = Σ w ξ, ξ = (Δmin + ρΔmax)/(Δ + ρΔmax)                  Deng 1982 (灰色关联分析)
//	Copeland  s_i = Σ_k sign(O_ik − ½), O the weighted outranking matrix  COINr a_copeland; Munda and Nardo 2009
//
// TOPSIS weighs the data (TOPSISScale, v = w·z) or the distances
// (TOPSISDistance, D = √Σ w (z − z*)²). SportRanksTo ranks scores, 1 for the
// highest, ties sharing the lowest rank ("1224", R's rank(-x, ties.method =
// "min")); a Ranker reuses its buffers across columns.
//
// # Coupling and obstacle
//
// Coupling computes the coupling coordination degree (耦合协调度) of n
// subsystems with scores U in [0, 1] (刘春林 2017; 王淑佳 et al. 2021):
//
//	C = n·(Π U_k)^(1/n) / Σ U_k,   T = Σ β_k U_k,   D = √(C·T)
//
// GradeOf places D in the 10 grades of 田深圳 et al. 2021 (极度失调 …
// 优质协调), with the bin edges closed above (BinLowerOpen) or below
// (BinUpperOpen); CouplingGrades lists them.
//
// Obstacles computes the obstacle degree (障碍度模型) of each indicator for
// each unit, from the deviation I = 1 − z/scale and the factor contribution
// w (the indicator's effective weight):
//
//	O_ij = w_j I_ij / Σ_k w_k I_ik × 100
//
// # Data repair
//
// Impute fills the missing values of a column as COINr 1.1.14's Impute()
// does column by column: the mean or median of the column (ImputeMean,
// ImputeMedian; COINr i_mean, i_median) or of the unit's group
// (ImputeGroupMean, ImputeGroupMedian; i_mean_grp, i_median_grp), or along
// each unit's years, linearly between its own values (ImputeInterpolate,
// R's approx() without extrapolation) or from its last earlier value
// (ImputeLOCF). It returns the rows it filled.
//
// Treat treats a column for outliers exactly as COINr 1.1.14's Treat() with
// its default specification: the column passes when |skew| < 2 or kurtosis
// < 3.5 (Skew and Kurtosis, the type-2 estimators of e1071 that COINr
// uses); otherwise its extreme values are winsorised one step at a time, on
// the side the skewness points to, up to WinMax points, and if it still
// fails the original column is replaced by log(x − min + 0.01·(max − min))
// (COINr's log_CT; FallbackLog). The Treatment lists every point changed
// with COINr's labels (winhi, winlo, +log_CT).
//
// Sum, MeanSD, Skew and Kurtosis are the compensated statistics these
// kernels share.
//
// # Targets and trends
//
// After the SDG Index and Dashboards (Sachs et al., Sustainable
// Development Report; Lafortune et al. 2018):
//
//	Achievement  a = clip((x − worst)/(target − worst), 0, 1)   goalposts from the worst value to the target
//	RatingCuts   colour of a: DefaultRatingCuts green ≥ 1, yellow ≥ 0.75, orange ≥ 0.5, red below
//	Trend        rate = s·(x_last − x_base)/(t_last − t_base) against
//	             needed = s·(target − x_base)/(targetYear − t_base): TrendOnTrack (rate ≥ needed),
//	             TrendModeratelyImproving (≥ ½·needed), TrendStagnating (≥ 0), TrendDecreasing
//	RollUpGoal   a goal's rating from its indicators' mean achievement (RollUpMean) or
//	             its two worst (RollUpWorstTwo), and the rounded mean trend class
//	CAGR         (last/first)^(1/years) − 1; SeriesCAGR over a series' first and last values
//
// # Uncertainty and sensitivity
//
// The kernels of COINr 1.1.14's get_sensitivity() (R/sensitivity.R); the
// caller re-runs the scoring once per run and controls every random draw,
// so a run can be replayed exactly:
//
//	NoisyWeightsTo     w' = w + ((2u − 1)·f)·w, no renormalisation            COINr get_noisy_weights
//	SaltelliDesign     runs A, B, then A with column k from B (n·(d + 2))     COINr SA_sample
//	NewCut, ContinuousTo  draw → discrete alternative (R's cut(x, k) over the
//	                   range of the draws) or value in [lo, hi]               COINr sample_2_para
//	MeanAbsRankShift   y = mean |rank − nominal rank| over the units ranked   COINr y_AvDiffs
//	SobolIndices       S_k = mean(y_B(y_ABk − y_A))/V, ST_k = Σ(y_A − y_ABk)²/(2nV),
//	                   V = var(y_A ∪ y_B); bootstrap 5–95 % intervals          COINr SA_estimate; Saltelli et al. 2010, Jansen 1999
//	RankStatsTo        mean, median, 5th and 95th percentile rank per unit    COINr RankStats
//	QuantileType7      R's default quantile, (1 − g)·x_j + g·x_{j+1}           Hyndman and Fan 1996
//
// # References
//
//   - W. Becker et al. (2022), COINr: an R package for developing composite
//     indicators, JOSS 7(78):4567 — the reference semantics (COINr 1.1.14:
//     n_minmax, n_zscore, n_rank, n_prank, a_amean, a_gmean, a_hmean,
//     a_copeland, Impute, Treat, log_CT).
//   - OECD/JRC (2008), Handbook on Constructing Composite Indicators.
//   - 司守奎, 孙玺菁《数学建模算法与应用》 — the interval-type indicator
//     transform.
//   - M. Zeleny (1982), Multiple Criteria Decision Making; X. Xu (2004),
//     EJOR 156(2):530; E. K. Zavadskas, V. Podvezko (2016), IJITDM
//     15(2):267 — entropy weights.
//   - D. Diakoulaki, G. Mavrotas, L. Papayannakis (1995), Comput. Oper. Res.
//     22(7):763; A. Tuş, E. Aytaç Adalı (2019), Opsearch 56(2):528 — CRITIC.
//   - A. Jahan, K. L. Edwards (2013) — standard-deviation weights.
//   - T. L. Saaty (1977), J. Math. Psychology 15(3):234; (1980) The Analytic
//     Hierarchy Process; T. L. Saaty, L. T. Tran (2007) — RI for n = 11..15;
//     J. Aczél, T. L. Saaty (1983); E. Forman, K. Peniwati (1998) — group
//     AHP.
//   - C.-L. Hwang, K. Yoon (1981), Multiple Attribute Decision Making,
//     Springer — TOPSIS and the vector normalisation.
//   - J.-L. Deng (1982), Control problems of grey systems, Systems & Control
//     Letters 1(5):288 — grey relational analysis.
//   - G. Munda, M. Nardo (2009), Applied Economics 41(12):1513 — Copeland
//     outranking.
//   - 刘春林 (2017); 王淑佳 et al. (2021), 自然资源学报 36(3):793;
//     田深圳 et al. (2021), 地理学报 76(4):781, Tab. 1 — coupling
//     coordination and its grades.
//   - J. D. Sachs et al., Sustainable Development Report, methods summary;
//     G. Lafortune et al. (2018), SDG Index and Dashboards: Detailed
//     Methodological Paper, §1.5.3 — goalposts to targets, colours, trends.
//   - M. Saisana, A. Saltelli, S. Tarantola (2005), JRSS A 168(2):307 —
//     uncertainty and sensitivity analysis of composite indicators, the
//     method of COINr's get_sensitivity().
//   - A. Saltelli et al. (2010), Comput. Phys. Commun. 181(2):259 — the
//     sample design and the first-order estimator; M. J. W. Jansen (1999),
//     Comput. Phys. Commun. 117:35 — the total-effect estimator; A.
//     Saltelli et al. (2008), Global Sensitivity Analysis: The Primer,
//     Wiley; T. Ishigami, T. Homma (1990) — the test function.
//   - R. J. Hyndman, Y. Fan (1996), Sample quantiles in statistical
//     packages, Amer. Statist. 50(4):361 — quantile type 7.
//   - T. Ogita, S. M. Rump, S. Oishi (2005), Accurate sum and dot product,
//     SIAM J. Sci. Comput. 26(6):1955 — Accumulator.
package composite
