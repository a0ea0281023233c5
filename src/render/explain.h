/*
 * explain.h — the audit trail of one score, for a reviewer with a calculator.
 *
 * `indigo explain INSTITUTION NODE` answers "where does this number come
 * from?".  explain_print() writes, in the report language:
 *
 *  for an indicator
 *    1. the raw answers read for it (respondent, value as given, the number it
 *       scored, file:line, and "sin evidencia: no puntúa" on a positive answer
 *       its missing_evidence rule does not count), and the value they
 *       combined into (framework respondents rule);
 *    2. the denominator's answers and x / (denominator / scale_factor);
 *    3. screening or no answers at all (an excluded unit stops here),
 *       imputation (method, value);
 *    4. outlier treatment: skewness and kurtosis, Winsorised or logged value;
 *    5. normalisation: the method, its parameters and the formula with the
 *       unit's numbers substituted, then the result;
 *    6. the weight: as written, normalised over the siblings with data, and
 *       the effective weight in the index;
 *  for an aggregate
 *    each child's value x normalised weight (or the method's own term for
 *    geometric, harmonic and median aggregation) and the result;
 *  then, for both, the same breakdown of every ancestor up to the index, the
 *  node on the path marked with "<-", each with the unit's rank and, when
 *  some children had no value, how many of them it was computed from, and
 *  the maturity level of the index.  Under the score, the value as it is
 *  ranked and levelled (rounded to the framework's [rank] decimals).
 *
 * Numbers a reviewer would recompute are printed as the shortest text that
 * reads back to the same double (fmt_shortest: 0.2, not
 * 0.20000000000000001); missing values print as "NA".  Labels come from strings.def via
 * tr(), so the trail is in Spanish or English like every other output.
 *
 * Borrowed: r, answers (may be NULL: the answers section then says none are
 * recorded).  unit and node must be valid indices into r (BUG otherwise).
 * Returns 0, or -1 if writing to out failed.
 */
#ifndef INDIGO_EXPLAIN_H
#define INDIGO_EXPLAIN_H

#include <stdio.h>

#include "compute.h"
#include "model.h"

int explain_print(FILE *out, const struct result *r, const struct answer_set *answers,
                  int unit, int node, enum lang lang);

/* The trail of one axis score of the second view (axis: an index into
   r->axis_code): each indicator of the axis, its normalised value × its
   effective weight (marked when imputed; "NA, no cuenta" without a value),
   the sum over the sum of the weights (the score, compute.h), and the
   national figure.  Returns 0, or -1 if writing failed. */
int explain_axis_print(FILE *out, const struct result *r, int unit, int axis, enum lang lang);

#endif
