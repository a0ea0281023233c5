/*
 * stats.h — descriptive statistics, computed the way R computes them.
 *
 * The engine must reproduce COINr (an R package) to 1e-9 and better, so every
 * function here follows R's own arithmetic, not just its formula:
 *
 *  - sums accumulate in long double (R's rsum() uses LDOUBLE);
 *  - the mean is R's two-pass mean: s = sum/n in long double, then
 *    s += sum(x - s)/n, then rounded to double (summary.c, real_mean);
 *  - powers other than 2 go through pow() as R's `^` does (x^2 is x*x).
 *
 * Every function takes a dense array of n finite values (callers drop NAN
 * first, as R's na.rm = TRUE does) and never modifies it.  Where a statistic
 * is undefined for n (e.g. skewness with n < 3) the result is NAN.
 * Nothing here allocates except stats_median, stats_quantile and
 * stats_spearman, which free what they allocate.
 */
#ifndef INDIGO_STATS_H
#define INDIGO_STATS_H

/* Sum in long double, rounded to double at the end (R sum()). 0 for n = 0. */
double stats_sum(const double *x, int n);
/* R mean(): two-pass, long double.  NAN for n = 0. */
double stats_mean(const double *x, int n);
/* Smallest / largest value.  NAN for n = 0. */
double stats_min(const double *x, int n);
double stats_max(const double *x, int n);
/* R median(): middle value, or the mean of the two middle values. NAN for n = 0. */
double stats_median(const double *x, int n);
/* R var() / sd(): denominator n - 1.  NAN for n < 2. */
double stats_var(const double *x, int n);
double stats_sd(const double *x, int n);
/*
 * Sample skewness and excess kurtosis, "type 2" of e1071 (= Excel SKEW and
 * KURT), exactly as COINr's skew() and kurt() compute them: with d = x - mean,
 *   skew = sqrt(n) * sum(d^3) / sum(d^2)^1.5 * sqrt(n(n-1)) / (n-2)
 *   kurt = ((n+1) * (n*sum(d^4)/sum(d^2)^2 - 3) + 6) * (n-1) / ((n-2)(n-3))
 * NAN for n < 3 (skew) or n < 4 (kurt), and NAN for a constant vector.
 */
double stats_skew(const double *x, int n);
double stats_kurt(const double *x, int n);
/* R quantile(type = 7): linear interpolation between order statistics,
   h = (n-1)p.  p in [0, 1]; NAN for n = 0. */
double stats_quantile(const double *x, int n, double p);
/* Pearson correlation of (x, y) pairs.  NAN for n < 2 or a constant vector. */
double stats_pearson(const double *x, const double *y, int n);
/* Spearman correlation: Pearson on ranks, ties averaged (R cor(method =
   "spearman")). */
double stats_spearman(const double *x, const double *y, int n);
/*
 * Ascending ranks with ties taking the minimum rank (R rank(x, ties.method =
 * "min")): the smallest value gets 1.  rank[i] is a double so the result can
 * be used directly as a normalised value (COINr n_rank).
 */
void stats_rank_min(const double *x, int n, double *rank);
/* The indices 0..n-1 in ascending order of x, equal values in index order
   (-0 and +0 are equal): a radix sort, so ranking thousands of units costs
   little; values with NANs are ordered as qsort always ordered them. */
void stats_order(const double *x, int n, int *order);
/* Ascending ranks with ties averaged (R rank() default). */
void stats_rank_avg(const double *x, int n, double *rank);

#endif
