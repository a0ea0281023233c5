# bench/coinr_build.R DIR — times COINr's default build on the ASEM data in
# DIR (idata.csv, imeta.csv), the same build tests/asem/ reproduces, and 100
# uncertainty replications.  Run by bench/run when COINr is installed.
suppressPackageStartupMessages(library(COINr))
args <- commandArgs(trailingOnly = TRUE)
t0 <- Sys.time()
coin <- build_example_coin(quietly = TRUE)
t_build <- as.numeric(Sys.time() - t0, units = "secs")
cat(sprintf("COINr %s build_example_coin: %.3f s\n", packageVersion("COINr"), t_build))
l_noise <- list(Address = "$Log$Aggregate$w", Distribution = get_noisy_weights(
  w = coin$Meta$Weights$Original, noise_specs = data.frame(Level = 2:3, NoiseFactor = 0.25),
  Nrep = 100), Type = "discrete")
t0 <- Sys.time()
invisible(get_sensitivity(coin, SA_specs = list(w = l_noise), N = 100, SA_type = "UA",
                          dset = "Aggregated", iCode = "Index", quietly = TRUE))
t_ua <- as.numeric(Sys.time() - t0, units = "secs")
cat(sprintf("COINr 100 uncertainty replications: %.2f s (%.3f s each)\n", t_ua, t_ua / 100))
