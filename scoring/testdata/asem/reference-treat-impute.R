# Reference results for imputation and outlier treatment on the ASEM data,
# computed in R with the semantics of COINr 1.1.14 (docs/methods.md, Panels). COINr is
# not installed here: this script restates its documented behaviour in plain
# R, so that R's own arithmetic (long double sums in mean() and sum()) is the
# reference. The behaviour was read from the COINr sources (bluefoxr/COINr):
# R/impute.R at 03892838 (i_mean, i_median, i_mean_grp, i_median_grp) and the
# latest stored R/treat.R (the revision with log_CT_plus and the tryCatch in
# Treat.data.frame; Treat.numeric, winsorise, log_CT, skew, kurt and
# check_SkewKurt). See scoring/impute.go and scoring/treat.go for the rules.
#
# Run from this directory: Rscript reference-treat-impute.R →
#   reference-impute-{mean,median,group_mean,group_median}.csv  imputed values
#   reference-treat-{default,winmax1}.csv                       treated values
#   reference-treat-{default,winmax1}-details.csv               per indicator
#   reference-treat-{default,winmax1}-points.csv                treated points
iData <- read.csv("ASEM_iData.csv", stringsAsFactors = FALSE)
iMeta <- read.csv("ASEM_iMeta.csv", stringsAsFactors = FALSE)
inds <- iMeta$iCode[!is.na(iMeta$Level) & iMeta$Level == 1]
fmt <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))

write_values <- function(X, file) {
  out <- data.frame(uCode = iData$uCode)
  for (k in inds) out[[k]] <- fmt(X[[k]])
  write.csv(out, file, row.names = FALSE, quote = FALSE)
}

# ---- Imputation: column by column, over all units ----------------------
# mean/median: NAs get the mean/median of the values present.
# group_mean/group_median: within each group of EurAsia_group; a group with
# no value yields NaN (mean of nothing), i.e. stays missing.
fill <- function(x, f) {
  x[is.na(x)] <- f(x[!is.na(x)])
  x
}
impute <- function(x, how, g) {
  stat <- if (how %in% c("mean", "group_mean")) mean else stats::median
  if (how %in% c("mean", "median")) return(fill(x, stat))
  for (lev in unique(g[!is.na(g) & g != ""])) {
    i <- which(g == lev)
    x[i] <- fill(x[i], stat)
  }
  x
}
for (how in c("mean", "median", "group_mean", "group_median")) {
  X <- iData
  for (k in inds) X[[k]] <- impute(iData[[k]], how, iData$EurAsia_group)
  write_values(X, paste0("reference-impute-", how, ".csv"))
}

# ---- Treatment ---------------------------------------------------------
# Type-2 skewness and excess kurtosis (e1071 type 2 / Excel SKEW, KURT),
# NAs removed; NA when n < 3 (skew) or n < 4 (kurt); NaN when the values are
# all equal.
skew2 <- function(x) {
  x <- x[!is.na(x)]
  n <- length(x)
  if (n < 3) return(NA)
  d <- x - mean(x)
  sqrt(n) * sum(d^3) / (sum(d^2)^(3 / 2)) * sqrt(n * (n - 1)) / (n - 2)
}
kurt2 <- function(x) {
  x <- x[!is.na(x)]
  n <- length(x)
  if (n < 4) return(NA)
  d <- x - mean(x)
  r <- n * sum(d^4) / (sum(d^2)^2)
  ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
}
# Pass when |skew| < skew_thresh OR kurt < kurt_thresh (R's three-valued |:
# NA when undecided).
passes <- function(x, sk, kt) (abs(skew2(x)) < sk) | (kurt2(x) < kt)

# One column as Treat() with its default specification (f1 = winsorise,
# f2 = log_CT on the ORIGINAL column, f_pass = check_SkewKurt):
# - passes at once: untouched, no points;
# - else winsorise: while failing and nwin < winmax, on the side of the
#   current skew (>= 0: high), replace every value equal to the extreme by
#   the next value; nwin = number of points at the high extreme at the last
#   high step + at the low extreme at the last low step; labels winhi/winlo
#   for those points;
# - still failing: log(x - min + 0.01 (max - min)) of the original column,
#   every row labelled "<winsorise label>+log_CT" (so "+log_CT" when not
#   winsorised), whether or not the log passes;
# - a pass test that is undecided (NA) anywhere: the column is returned
#   untreated (COINr: f_pass NA, or the error it raises, caught by Treat()).
treat <- function(x, winmax, sk = 2, kt = 3.5) {
  n <- length(x)
  none <- function(status) list(x = x, status = status, nwin = 0, log = FALSE,
    pass = NA, labels = rep("", n), s1 = NA, k1 = NA)
  p <- passes(x, sk, kt)
  if (is.na(p)) return(none("undefined"))
  if (p) {
    r <- none("pass")
    r$pass <- TRUE
    r$s1 <- skew2(x)
    r$k1 <- kurt2(x)
    return(r)
  }
  xw <- x
  hi <- lo <- integer(0)
  nwin <- 0
  repeat {
    if (skew2(xw) >= 0) {
      hi <- which(xw == max(xw, na.rm = TRUE))
      rest <- xw[-hi]
      if (all(is.na(rest))) return(none("undefined"))
      xw[hi] <- max(rest, na.rm = TRUE)
    } else {
      lo <- which(xw == min(xw, na.rm = TRUE))
      rest <- xw[-lo]
      if (all(is.na(rest))) return(none("undefined"))
      xw[lo] <- min(rest, na.rm = TRUE)
    }
    nwin <- length(hi) + length(lo)
    p <- passes(xw, sk, kt)
    if (is.na(p)) return(none("undefined"))
    if (p || nwin >= winmax) break
  }
  labels <- rep("", n)
  labels[hi] <- "winhi"
  labels[lo] <- "winlo"
  if (p) {
    return(list(x = xw, status = "winsorised", nwin = nwin, log = FALSE,
      pass = TRUE, labels = labels, s1 = skew2(xw), k1 = kurt2(xw)))
  }
  mn <- min(x, na.rm = TRUE)
  mx <- max(x, na.rm = TRUE)
  xl <- log(x - mn + 0.01 * (mx - mn))
  pl <- passes(xl, sk, kt)
  if (is.na(pl)) return(none("undefined"))
  list(x = xl, status = "log", nwin = nwin, log = TRUE, pass = pl,
    labels = paste0(labels, "+log_CT"), s1 = skew2(xl), k1 = kurt2(xl))
}

for (run in list(list(name = "default", winmax = 5), list(name = "winmax1", winmax = 1))) {
  X <- iData
  det <- NULL
  pts <- NULL
  for (k in inds) {
    r <- treat(iData[[k]], run$winmax)
    X[[k]] <- r$x
    det <- rbind(det, data.frame(iCode = k, status = r$status, nwin = r$nwin,
      log = r$log, pass = ifelse(is.na(r$pass), "", r$pass),
      skew0 = fmt(skew2(iData[[k]])), kurt0 = fmt(kurt2(iData[[k]])),
      skew1 = fmt(r$s1), kurt1 = fmt(r$k1)))
    i <- which(r$labels != "")
    if (length(i) > 0) {
      pts <- rbind(pts, data.frame(iCode = k, uCode = iData$uCode[i], label = r$labels[i]))
    }
  }
  base <- paste0("reference-treat-", run$name)
  write_values(X, paste0(base, ".csv"))
  write.csv(det, paste0(base, "-details.csv"), row.names = FALSE, quote = FALSE)
  write.csv(pts, paste0(base, "-points.csv"), row.names = FALSE, quote = FALSE)
}
