/*
 * answer_index.h — a round's answers grouped by institution.
 *
 * Each scorecard and institution workbook lists its institution's answers;
 * scanning every answer of the round for each institution made a report
 * quadratic (370 institutions x 65,000 answers: a tenth of the time).  The
 * index is built once, in one pass, and keeps the answers of each unit in
 * their stored order, so outputs do not change.
 */
#ifndef INDIGO_ANSWER_INDEX_H
#define INDIGO_ANSWER_INDEX_H

#include <stddef.h>

#include "model.h"

struct answer_index {
    int n_units;
    size_t *start;   /* n_units + 1: unit u's answers are item[start[u] .. start[u+1]) */
    size_t *item;    /* indices into the answer set                          */
};

/* Index as by the units of reg (in registry order; answers of codes not in
   the registry are left out). */
void answer_index_build(struct answer_index *ix, const struct answer_set *as,
                        const struct registry *reg);
void answer_index_release(struct answer_index *ix);

#endif
