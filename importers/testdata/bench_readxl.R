#!/usr/bin/env Rscript
# readxl counterpart of the W1 and W2 reads (issue 15; docs/benchmarks.md):
# every sheet of perf-gen's W1.xlsx, or the one sheet of W2.xlsx, read with
# read_excel into data frames, as an analyst in R would import them. It
# prints the time of the reads alone (in the process, after library(readxl))
# for each of five repeats; time the whole process with /usr/bin/time beside
# `cityscore import` and `cityscore score` in the same session, as this
# machine's speed drifts over a day.
#
# Run: Rscript importers/testdata/bench_readxl.R DIR/W1.xlsx [repeats]
#      Rscript importers/testdata/bench_readxl.R DIR/W2.xlsx 1     # 25 s, 4.4 GB
suppressPackageStartupMessages(library(readxl))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: bench_readxl.R FILE.xlsx [repeats]")
path <- args[1]
repeats <- if (length(args) >= 2) as.integer(args[2]) else 5L

read_all <- function(path) {
  sheets <- excel_sheets(path)
  tables <- lapply(sheets, function(s) read_excel(path, sheet = s))
  sum(vapply(tables, function(t) sum(!is.na(as.matrix(t[, -1]))), numeric(1)))
}

cat(sprintf("readxl %s, R %s, %s\n", as.character(packageVersion("readxl")),
            paste(R.version$major, R.version$minor, sep = "."), basename(path)))
for (i in seq_len(repeats)) {
  t <- system.time(cells <- read_all(path))[["elapsed"]]
  cat(sprintf("read %d: %.3f s (%d values present)\n", i, t, as.integer(cells)))
}
