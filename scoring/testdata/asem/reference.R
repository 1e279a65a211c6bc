# Reference results for the ASEM pipelines, computed in R with the semantics of
# COINr 1.1.14 as documented in docs/methods.md (Scoring) (direction applied
# before normalisation; n_minmax, n_zscore with the sample SD, n_rank and
# n_prank with ties "min"; a_amean / a_gmean dropping NA children and
# renormalising the weights; sport ranks with ties "min").
# COINr itself is not installed here: this script re-states its formulas in
# plain R so that R's own arithmetic (long double sums) is the reference.
#
# Run from this directory, after reference-treat-impute.R:
#   Rscript reference.R  → reference-<profile>.csv
iData <- read.csv("ASEM_iData.csv", stringsAsFactors = FALSE)
iMeta <- read.csv("ASEM_iMeta.csv", stringsAsFactors = FALSE)
meta <- iMeta[!is.na(iMeta$Level), ]
inds <- meta$iCode[meta$Level == 1]

normalise <- function(x, f) {
  switch(f$method,
    minmax = {
      mn <- min(x, na.rm = TRUE); mx <- max(x, na.rm = TRUE)
      (x - mn) / (mx - mn) * (f$hi - f$lo) + f$lo
    },
    zscore = (x - mean(x, na.rm = TRUE)) / stats::sd(x, na.rm = TRUE) * f$sd + f$mean,
    rank = rank(x, ties.method = "min", na.last = "keep"),
    percentile = (rank(x, ties.method = "min", na.last = "keep") - 1) / (sum(!is.na(x)) - 1)
  )
}

amean <- function(x, w) {
  w <- w[!is.na(x)]; x <- x[!is.na(x)]
  if (length(x) == 0) return(NA)
  w <- w / sum(w)
  sum(w * x)
}
gmean <- function(x, w) {
  if (all(is.na(x))) return(NA)
  stopifnot(all(x[!is.na(x)] > 0))
  w[is.na(x)] <- NA
  exp(sum(w * log(x), na.rm = TRUE) / sum(w, na.rm = TRUE))
}

run <- function(name, f, agg, data = iData) {
  X <- data.frame(uCode = data$uCode)
  for (code in inds) {
    dir <- meta$Direction[meta$iCode == code]
    X[[code]] <- normalise(data[[code]] * dir, f)
  }
  for (lev in 2:4) {
    for (code in meta$iCode[meta$Level == lev]) {
      kids <- meta$iCode[meta$Level == lev - 1 & meta$Parent == code]
      w <- meta$Weight[match(kids, meta$iCode)]
      X[[code]] <- apply(X[kids], 1, function(r) agg(as.numeric(r), w))
    }
  }
  X$Index_rank <- rank(-X$Index, ties.method = "min", na.last = "keep")
  out <- X[c("uCode", "Index", "Index_rank", meta$iCode[meta$Level %in% 2:3], inds)]
  out <- out[order(out$Index_rank, out$uCode), ]
  fmt <- function(v) ifelse(is.na(v), "", sprintf("%.17g", v))
  for (k in names(out)[-1]) out[[k]] <- fmt(out[[k]])
  write.csv(out, paste0("reference-", name, ".csv"), row.names = FALSE, quote = FALSE)
}

run("minmax", list(method = "minmax", lo = 0, hi = 100), amean)
run("zscore", list(method = "zscore", mean = 0, sd = 1), amean)
run("zscore-10-2", list(method = "zscore", mean = 10, sd = 2), amean)
run("minmax-1-100-geometric", list(method = "minmax", lo = 1, hi = 100), gmean)
run("rank", list(method = "rank"), amean)
run("percentile", list(method = "percentile"), amean)

# Outlier treatment (reference-treat-impute.R writes the treated values),
# then min-max [0, 100] and arithmetic means.
for (tr in c("default", "winmax1")) {
  treated <- read.csv(paste0("reference-treat-", tr, ".csv"), stringsAsFactors = FALSE)
  run(paste0("treat-", tr, "-scores"), list(method = "minmax", lo = 0, hi = 100), amean, treated)
}
