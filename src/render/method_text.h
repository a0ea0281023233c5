/*
 * method_text.h — the method stated once, from the framework itself.
 *
 * The portal, the PDF and datapackage.json used to word the same rules each
 * in its own way, and disagreed (issue 23: ITIC "geometric from the
 * indicators up" on the portal, arithmetic pillars everywhere else; the
 * outlier rule as "maximum skewness 2.0, maximum kurtosis 3.5" in the PDF and
 * "both exceeded" on the portal).  Each statement here is built from the
 * framework's own settings, with its formula and its numbers at the engine's
 * precision (the shortest text that reads back to the same double), and
 * every document that states the rule prints this text.
 */
#ifndef INDIGO_METHOD_TEXT_H
#define INDIGO_METHOD_TEXT_H

#include "model.h"
#include "uncertainty.h"

/* When an indicator is treated, how, and the log transform's formula.
   Malloc'd. */
char *method_treat_text(const struct steps *st, enum lang lang);

/* How each level of the tree is aggregated, from the lowest aggregate up to
   the index, with the formula of each method used and the nodes that
   override their level.  Malloc'd. */
char *method_aggregate_text(const struct framework *fw, enum lang lang);

/* The maturity levels of the index as maturity_level() assigns them: each
   level's interval with its open or closed ends, the rounding applied
   first, and the top level without an upper bound.  NULL if the framework
   has no levels.  Malloc'd. */
char *method_levels_text(const struct framework *fw, enum lang lang);

/* What the effective weights shown next to the tree mean: a product of
   sibling-normalised weights; a linear share only where every aggregate
   above the node is arithmetic, otherwise (geometric, harmonic) the
   elasticity of the index to the node, with the formula.  Malloc'd. */
char *method_eff_weight_text(const struct framework *fw, enum lang lang);

/* How answers become the raw value: yes/no and option points, how several
   respondents of one institution are combined (the framework's rule), the
   official respondent's fallback, and a positive answer without its
   evidence.  Malloc'd. */
char *method_score_text(const struct framework *fw, enum lang lang);

/* The denominator step: how an indicator with a denominator is divided by
   it and scaled (x / (d / f)), that the denominator is combined across an
   institution's respondents by the same rule as the answers before the
   division, what leaves the cell without data (no value, no denominator,
   a denominator of 0), and each indicator with its denominator and scale
   factor.  Malloc'd. */
char *method_denominate_text(const struct framework *fw, enum lang lang);

/* Screening: the share of indicators with data an institution needs, and
   the forced inclusions and exclusions.  Malloc'd. */
char *method_screen_text(const struct steps *st, enum lang lang);

/* Imputation: what fills a missing cell, over which institutions (the
   group is the registry's group column).  Malloc'd. */
char *method_impute_text(const struct steps *st, enum lang lang);

/* Normalisation: the default method's formula, the direction, clipping
   to the goalposts, and the indicators that override it.  Malloc'd. */
char *method_normalise_text(const struct framework *fw, enum lang lang);

/* Ranks: competition ranking at the published precision.  Malloc'd. */
char *method_rank_text(const struct framework *fw, enum lang lang);

/* The uncertainty analysis's full specification as it ran: each factor
   varied with its choices and distribution, the number of simulations, the
   generator and seed, the output analysed, the sensitivity design and
   estimators, the sample size, the bootstrap interval and why an estimate or
   bound may be negative (estimates are not clamped).  Malloc'd. */
char *method_uncertainty_text(const struct uncertainty *ua, const struct ua_options *o,
                              enum lang lang);

#endif
