/*
 * answer_spill.h — a round's answers for the renderers, kept on disk.
 *
 * A scorecard and an institution's workbook list that institution's
 * answers, and the round workbook every answer; holding them all in the
 * report's memory cost about 300 bytes an answer (1.5 GB at 4.9 million),
 * in the parent and in every rendering worker forked from it.  Instead the
 * report writes them once, in the store's order, to an unnamed file in the
 * staging directory (gone when it is closed, or when the run is killed),
 * and keeps in memory only where each institution's answers are: the runs
 * of consecutive records of one institution, a few per institution when
 * exports list an institution's answers together.  A rendering task reads
 * back the answers it needs and releases them when its file is written.
 *
 * What a task gets is an answer set and an answer index exactly as the
 * renderers read them from struct round_data (round.h): the same answers,
 * in the same order, with the same strings, so the outputs do not change.
 */
#ifndef INDIGO_ANSWER_SPILL_H
#define INDIGO_ANSWER_SPILL_H

#include <stddef.h>

#include "answer_index.h"
#include "error.h"
#include "model.h"
#include "store.h"

struct answer_spill;

/* Answers read back: struct spill_set (round.h), set.items' strings
   pointing into bytes. */

/* Write the answers of year (store_walk_round_answers) to a file in dir;
   NULL with the problem in d. */
struct answer_spill *answer_spill_write(struct store *st, int year, const struct registry *reg,
                                        const char *dir, struct diag *d);
void answer_spill_free(struct answer_spill *sp);          /* accepts NULL */
size_t answer_spill_count(const struct answer_spill *sp);  /* every answer */

/* Unit's answers, indexed under unit (every other unit has none): 0, or -1
   with the problem in d.  Release with spill_set_release. */
int answer_spill_unit(const struct answer_spill *sp, int unit, struct spill_set *out,
                      struct diag *d);
/* Every answer in the store's order, one at a time (answer_feed.each and
   .round: the open data and the round workbook's Respuestas, written as
   they are read); stops at fn's nonzero and returns it, else 0, or -1 with
   the problem in d. */
int answer_spill_each(const struct answer_spill *sp, int (*fn)(void *arg, const struct answer *a),
                      void *arg, struct diag *d);
void spill_set_release(struct spill_set *s);

#endif
