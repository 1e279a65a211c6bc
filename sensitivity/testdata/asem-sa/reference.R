# Reference statistics of a sensitivity analysis, computed in R with the
# semantics of COINr 1.1.14's get_sensitivity() and SA_estimate() (restated
# here in plain R; COINr itself is not installed), so that R's own
# arithmetic is the reference for package sensitivity's statistics.
#
# Input: scores.csv (replicate,unit,score): the index scores of the 51 ASEM
# countries in the nominal run (replicate 0) and in the 50 runs of a
# Saltelli design with N = 10 and d = 3 inputs, as cityscore sensitivity
# wrote them (--replicate-ranks). Output: reference-ranks.csv,
# reference-stats.csv, reference-y.csv and reference-sobol.csv.
#
# Run from this folder: Rscript reference.R
N <- 10; d <- 3
s <- read.csv("scores.csv")
wide <- reshape(s[c("replicate", "unit", "score")], idvar = "unit", timevar = "replicate", direction = "wide")
units <- wide$unit
sc <- as.matrix(wide[, -1])
# get_sensitivity ranks every column: rank(-x, ties = "min", NA kept).
rk <- apply(sc, 2, function(x) rank(-x, ties.method = "min", na.last = "keep"))
nominal <- rk[, 1]
reps <- rk[, -1]
long <- data.frame(replicate = rep(0:(ncol(rk) - 1), each = length(units)), unit = rep(units, ncol(rk)),
                   rank = as.vector(rk))
write.csv(long, "reference-ranks.csv", row.names = FALSE)
# Rank statistics over the A and B runs (the first 2N).
ab <- reps[, 1:(2 * N)]
stats <- data.frame(unit = units, nominal = nominal,
                    mean = apply(ab, 1, mean, na.rm = TRUE),
                    median = apply(ab, 1, stats::median, na.rm = TRUE),
                    q5 = apply(ab, 1, stats::quantile, probs = 0.05, na.rm = TRUE),
                    q95 = apply(ab, 1, stats::quantile, probs = 0.95, na.rm = TRUE))
write.csv(format(stats, digits = 17), "reference-stats.csv", row.names = FALSE, quote = FALSE)
# The output variable and the Sobol point estimates (SA_estimate).
y <- apply(reps, 2, function(x) mean(abs(x - nominal), na.rm = TRUE))
write.csv(data.frame(replicate = seq_along(y), y = sprintf("%.17g", y)), "reference-y.csv", row.names = FALSE, quote = FALSE)
yA <- y[1:N]; yB <- y[(N + 1):(2 * N)]
yABi <- matrix(y[(2 * N + 1):length(y)], nrow = N)
varY <- stats::var(c(yA, yB))
Si <- apply(yABi, 2, function(x) mean(yB * (x - yA)) / varY)
STi <- apply(yABi, 2, function(x) sum((yA - x)^2) / (2 * N * varY))
write.csv(data.frame(input = c("weights", "aggregate", "drop"), si = sprintf("%.17g", Si), sti = sprintf("%.17g", STi)),
          "reference-sobol.csv", row.names = FALSE, quote = FALSE)
