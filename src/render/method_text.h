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

/* When an indicator is treated, how, and the log transform's formula.
   Malloc'd. */
char *method_treat_text(const struct steps *st, enum lang lang);

/* How each level of the tree is aggregated, from the lowest aggregate up to
   the index, with the formula of each method used and the nodes that
   override their level.  Malloc'd. */
char *method_aggregate_text(const struct framework *fw, enum lang lang);

#endif
