/*
 * method_diff.h — every difference of method between two rounds' frameworks.
 *
 * `indigo diff 2026 2027`, the reports of a round whose method changed, and
 * `indigo explain --change` list what changed between the framework a round
 * was computed with and the one of the round it is compared with
 * (docs/rondas.md).  A difference is anything that can change a score:
 * indicators added or removed, weights, the tree, how answers are scored
 * (question type, option points, respondents rule, denominators), each step's
 * settings (screening, imputation, treatment, normalisation, aggregation),
 * the scale and the maturity thresholds, and the wording of a question (the
 * same code asked differently is not the same question).  Names and
 * recommendations are not method.
 *
 * Pure: frameworks in, a list out; no files, no printing.
 */
#ifndef INDIGO_METHOD_DIFF_H
#define INDIGO_METHOD_DIFF_H

#include "model.h"

enum change_area {
    AREA_INDICATORS,     /* indicators (or a whole index) added or removed  */
    AREA_WEIGHTS,
    AREA_STRUCTURE,      /* a node moved, aggregates added or removed        */
    AREA_SCORING,        /* questions, options, respondents, denominators    */
    AREA_SCREENING,
    AREA_IMPUTATION,
    AREA_TREATMENT,
    AREA_NORMALISATION,
    AREA_AGGREGATION,
    AREA_SCALE,          /* scale and maturity thresholds                    */
    AREA_COUNT
};

struct method_change {
    enum change_area area;
    char *framework;     /* index code                                       */
    char *item;          /* node or question code, or the setting changed    */
    const char *what;    /* Spanish key of strings.def: tr(lang, what)       */
    char *before, *after;/* values as text; NULL where there is none (added,
                            removed)                                         */
};

struct method_diff {
    struct method_change *items;
    int n;
};

/* Append to out the differences from a (earlier) to b (later).  Either may
   be NULL: the whole index was added or removed.  Order: framework settings,
   then nodes in b's order (removed ones in a's order), then questions. */
void method_diff_frameworks(const struct framework *a, const struct framework *b,
                            struct method_diff *out);
void method_diff_release(struct method_diff *d);

/* The area's name ("Pesos", "Weights"). */
const char *change_area_name(enum change_area area, enum lang lang);

/* One line for a reader: "IGD.P1: peso 1 → 2" in lang (caller frees). */
char *method_change_text(const struct method_change *c, enum lang lang);

#endif
