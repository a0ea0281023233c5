/*
 * score.h — answers -> one raw value per institution and indicator.
 *
 * Step 1 of the engine (the survey layer COINr lacks): each indicator reads its
 * question (or admin variable of the same code); several respondents of one
 * institution are combined by the framework's rule (mean, median, max, or the
 * designated official respondent); the denominator variable, if any, is read
 * the same way.  Units are the registry's institutions in registry order.
 *
 * Evidence as a scoring rule: a positive answer (a number other than 0) to
 * the question of an indicator with evidence = si whose evidence is missing
 * or a malformed web address (evidence_problem, url.h) counts as the indicator's
 * missing_evidence rule says (framework_evidence_rule): zero -> 0, keep ->
 * as given; error -> 0 as well (such files are refused at load, so these are
 * answers stored under another rule).  Every such answer of the framework and
 * year is listed in ONE warning, in the order of store_get_answers, with its
 * file:line, and its cell gets FLAG_NO_EVIDENCE.
 */
#ifndef INDIGO_SCORE_H
#define INDIGO_SCORE_H

#include "error.h"
#include "model.h"

struct score_matrix {
    int n_units, n_ind;
    double *raw;          /* n_units x n_ind, NAN = no answer                */
    double *denom;        /* n_units x n_ind, NAN = none                     */
    int *n_respondents;   /* n_units x n_ind: answers combined into the cell */
    unsigned *flags;      /* n_units x n_ind: FLAG_NO_EVIDENCE (compute.h) where
                             a positive answer lacked valid evidence         */
};

/* Build the matrix for one framework and year from answers (only those with
   a->framework == fw->code, ignoring ASCII case, and a->year == year are
   read), taken in the order of the set. */
int score_build(const struct framework *fw, const struct registry *reg,
                const struct answer_set *answers, int year,
                struct score_matrix *out, struct diag *d);
void score_matrix_release(struct score_matrix *m);

/*
 * Scoring from a cursor.  The same scorer as score_build (one implementation:
 * score_build feeds it the answer set), fed one row at a time by a walk over
 * the stored answers, so that its memory is proportional to institutions x
 * codes read, never to answer rows: mean, max and official keep a running
 * accumulator per (institution, code) cell; median needs the rows of each
 * cell together (SCORE_ORDER_CELL) and keeps only the values of one cell.
 *
 * The results and warnings are those of score_build over the answers as
 * store_get_answers returns them (ORDER BY framework, path, line, question):
 * each cell sees its values in the same order (so sums round the same way),
 * and each warning names the same file and line.  (Only answers identical in
 * file, line, institution and question could come in another order, and
 * ingest rejects those as duplicates.)
 */

/* One stored answer as a walk hands it over.  Every pointer is borrowed and
   valid only during the call. */
struct score_row {
    const char *framework;  /* of its file, as stored (case may differ)      */
    const char *file;       /* source file, as named in the config           */
    long line;              /* line of the record in that file               */
    const char *institution;
    const char *question;   /* question or admin variable code               */
    double number;          /* NAN if none                                   */
    int is_official;
    const char *evidence;   /* URL given with the answer, NULL if none       */
};

enum score_order {
    /* the files by (framework, path), each file's rows by (line, question),
       the answer table's key; the scorer checks that each line holds one
       institution (if not, it walks again in SCORE_ORDER_CELL) */
    SCORE_ORDER_STORED,
    /* by (institution, question), then framework, path, line: the rows of a
       cell together, in the order score_build would see them */
    SCORE_ORDER_CELL
};

/* Called for each row; a nonzero return stops the walk, which returns it. */
typedef int (*score_row_fn)(void *ctx, const struct score_row *row);

/* Walk the answers of (year, framework) (framework matched ignoring ASCII
   case) in the given order, calling fn(ctx, row) for each.  Returns 0 when
   every row was handed over, fn's nonzero value if it stopped the walk, or -1
   with a diagnostic in d.  store_walk_answers (store.h) is one. */
typedef int (*score_walk_fn)(void *src, int year, const char *framework,
                             enum score_order order, score_row_fn fn, void *ctx,
                             struct diag *d);

/* Build the matrix for one framework and year from the answers walk(src, ...)
   hands over.  Returns 0, or -1 if the walk failed (with its diagnostic). */
int score_build_walk(const struct framework *fw, const struct registry *reg, int year,
                     score_walk_fn walk, void *src, struct score_matrix *out,
                     struct diag *d);

/* Combine n values by rule (official: the value flagged official, else NAN). */
double combine_values(enum combine_rule rule, const double *v, const int *official, int n);

#endif
