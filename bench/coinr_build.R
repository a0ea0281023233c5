# bench/coinr_build.R DIR [UA_RUNS] — COINr on the ASEM example, measured
# for bench/run beside indigo on the same data (docs/benchmark.md).
#
# 1. COINr's build of the ASEM index, build_example_coin(): the first call,
#    then the median of 11 more (the figure `indigo compute` is compared
#    with).  Its index is checked against DIR/coinr_default_build_results.csv
#    (tests/asem/data), the results indigo's golden test reproduces, so both
#    programs are timed on the same data.
# 2. COINr's uncertainty analysis (get_sensitivity, SA_type = "UA") with the
#    specification indigo's analysis uses (src/compute/uncertainty.h),
#    UA_RUNS replications (default 100: each is a whole rebuild, about 0.2 s):
#      weights        every weight below the index times 1 + 0.25 (2u - 1)
#                     (get_noisy_weights, levels 1-3, noise 0.25)
#      normalisation  the build's min-max onto [0, 100], or z-scores (0, 1)
#      aggregation    arithmetic or geometric mean
#      imputation     the build's group mean, the mean, or none
#      drop           no indicator removed, or one of the 49
#    indigo shifts a zero before a geometric mean (its documented rule);
#    COINr's a_gmean stops on one, and get_sensitivity counts that
#    replication as failed, after nearly all of its work: those are timed too.
# Prints "coinr KEY VALUE" lines that bench/run reads.
suppressPackageStartupMessages(library(COINr))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "tests/asem/data"
n_ua <- if (length(args) >= 2) as.integer(args[2]) else 100L

now <- function() as.numeric(Sys.time())
cat(sprintf("coinr version %s\n", as.character(packageVersion("COINr"))))

# 1. the build
times <- numeric(12)
for (i in seq_along(times)) {
  t0 <- now()
  coin <- build_example_coin(quietly = TRUE)
  times[i] <- now() - t0
}
cat(sprintf("coinr build_first %.4f\n", times[1]))
cat(sprintf("coinr build_median %.4f\n", median(times[-1])))
ref <- read.csv(file.path(dir, "coinr_default_build_results.csv"))
got <- get_data(coin, dset = "Aggregated", iCodes = "Index")
both <- merge(ref[, c("uCode", "Index")], got, by = "uCode", suffixes = c(".ref", ".got"))
worst <- max(abs(both$Index.ref - both$Index.got))
cat(sprintf("coinr index_units %d\n", nrow(both)))
cat(sprintf("coinr index_max_difference %.3g\n", worst))

# 2. the uncertainty analysis, indigo's specification
set.seed(20261123)
w_nom <- coin$Meta$Weights$Original
noisy <- get_noisy_weights(w = w_nom, noise_specs = data.frame(Level = 1:3, NoiseFactor = 0.25),
                           Nrep = n_ua)
imp_own <- coin$Log$Impute
imp_mean <- imp_own
imp_mean$f_i <- "i_mean"
imp_mean$use_group <- NULL
imp_none <- imp_own
imp_none$disable <- TRUE
ind <- coin$Meta$Ind$iCode[coin$Meta$Ind$Type == "Indicator"]
specs <- list(
  Weights = list(Address = "$Log$Aggregate$w", Distribution = noisy, Type = "discrete"),
  Normalisation = list(Address = "$Log$Normalise$global_specs",
                       Distribution = list(list(f_n = "n_minmax", f_n_para = list(c(0, 100))),
                                           list(f_n = "n_zscore", f_n_para = list(c(0, 1)))),
                       Type = "discrete"),
  Aggregation = list(Address = "$Log$Aggregate$f_ag", Distribution = c("a_amean", "a_gmean"),
                     Type = "discrete"),
  Imputation = list(Address = "$Log$Impute", Distribution = list(imp_own, imp_mean, imp_none),
                    Type = "discrete"),
  Drop = list(Address = "$Log$new_coin$exclude", Distribution = c(list(NULL), as.list(ind)),
              Type = "discrete"))
t0 <- now()
# get_sensitivity prints each failed regeneration's error: not for the log
out <- NULL
invisible(capture.output(out <- suppressMessages(
  get_sensitivity(coin, SA_specs = specs, N = n_ua, SA_type = "UA", dset = "Aggregated",
                  iCode = "Index", quietly = TRUE, check_addresses = FALSE))))
t_ua <- now() - t0
failed <- sum(colSums(is.na(out$Scores[, grepl("^r_", names(out$Scores)), drop = FALSE])) ==
              nrow(out$Scores))
cat(sprintf("coinr ua_runs %d\n", n_ua))
cat(sprintf("coinr ua_seconds %.3f\n", t_ua))
cat(sprintf("coinr ua_failed %d\n", failed))
