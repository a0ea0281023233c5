/*
 * score.h — answers -> one raw value per institution and indicator.
 *
 * Step 1 of the engine (the survey layer COINr lacks): each indicator reads its
 * question (or admin variable of the same code); several respondents of one
 * institution are combined by the framework's rule (mean, median, max, or the
 * designated official respondent); the denominator variable, if any, is read
 * the same way.  Units are the registry's institutions in registry order.
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
};

/* Build the matrix for one framework and year from answers (only those with
   a->framework == fw->code and a->year == year are read). */
int score_build(const struct framework *fw, const struct registry *reg,
                const struct answer_set *answers, int year,
                struct score_matrix *out, struct diag *d);
void score_matrix_release(struct score_matrix *m);

/* Combine n values by rule (official: the value flagged official, else NAN). */
double combine_values(enum combine_rule rule, const double *v, const int *official, int n);

#endif
