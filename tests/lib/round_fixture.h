/*
 * round_fixture.h — a computed round built in memory for the renderer tests
 * (PDF, charts, workbook, open data, portal, round.c): the registry, the
 * indices' frameworks (fwbuild.h), the engine's results, a previous round,
 * the answers and input files, assembled into the struct round_data the
 * renderers read.
 *
 *   struct rfx f;
 *   rfx_init(&f, 2026, 1);                        year, demo
 *   rfx_unit(&f, "MINFIN", "Ministerio ...", "Ministry ...", "Ministerio", 1);
 *   struct tfw *t = rfx_index(&f, "IGD", "Índice ...", "Index ...");
 *   tfw_add(t, ...); ...; tfw_finish(t);           the tree, steps, levels
 *   rfx_compute(&f, 0, raw, NULL);                 the engine, unit order
 *   f.prev_value[0][...] = ...; rfx_previous(&f, 0, 2025);
 *   rfx_answer(&f, &(struct answer){...});  rfx_input(&f, ...);
 *   rfx_finish(&f, "0.1.0", sha);                  f.rd is the round
 *   ...
 *   rfx_release(&f);
 *
 * The data sets (tests/pdf/fixture.c, tests/site/fixture.h,
 * tests/workbook/fixture.h) are built with it; each documents its values.
 * Strings given to the builder are borrowed (literals), except the answers
 * and input files, which are copied.
 */
#ifndef TEST_ROUND_FIXTURE_H
#define TEST_ROUND_FIXTURE_H

#include "answer_index.h"
#include "config.h"
#include "fwbuild.h"
#include "round.h"

#define RFX_UNITS 8
#define RFX_INDEX 2

struct rfx {
    struct tfw ix[RFX_INDEX];           /* the frameworks: ix[i].fw              */
    struct institution inst[RFX_UNITS];
    struct registry reg;
    struct config cfg;
    struct index_run run[RFX_INDEX];
    /* a previous round (NAN / 0 until set) and respondents (n_units x n_ind) */
    double prev_value[RFX_INDEX][RFX_UNITS * TFW_MAX];
    int prev_rank[RFX_INDEX][RFX_UNITS * TFW_MAX];
    int n_respondents[RFX_INDEX][RFX_UNITS * TFW_MAX];
    struct answer_set answers;          /* copies                                */
    struct answer_index by_unit;
    struct input_file inputs[RFX_INDEX];
    int n_inputs;
    struct round_data rd;
    int n_units, n_idx;
    int rc[RFX_INDEX];                  /* compute_run's return for each index   */
    char err[256];                      /* and its message                       */
    void **kept;                        /* blocks freed with the fixture         */
    int n_kept;
};

void rfx_init(struct rfx *f, int year, int demo);
/* The next institution of the registry (registry order = the order given). */
void rfx_unit(struct rfx *f, const char *code, const char *es, const char *en, const char *group,
              double weight);
/* The next index: a framework whose root is code, named es/en, scale 0-100.
   The caller adds the tree and calls tfw_finish. */
struct tfw *rfx_index(struct rfx *f, const char *code, const char *es, const char *en);
/* Maturity levels of index i: n names and the n - 1 thresholds between. */
void rfx_levels(struct rfx *f, int i, int n, const char *const *es, const char *const *en,
                const double *thr);
/* Run the engine for index i on raw (n_units x n_ind, NAN = missing) and
   denom (or NULL), with the registry's codes, groups and weights; the
   result goes to f->run[i].res, the return value to f->rc[i] (the message
   to f->err).  Returns f->rc[i]. */
int rfx_compute(struct rfx *f, int i, const double *raw, const double *denom);
/* Index i has a previous round, year: f->prev_value[i] and prev_rank[i]. */
void rfx_previous(struct rfx *f, int i, int year);
/* Index i's respondents are f->n_respondents[i]. */
void rfx_respondents(struct rfx *f, int i);
/* A copy of answer a. */
void rfx_answer(struct rfx *f, const struct answer *a);
void rfx_input(struct rfx *f, const char *path, const char *sha256, const char *framework,
               int year, long rows, const char *shape);
/* p (malloc'd), freed by rfx_release; returns p. */
void *rfx_keep(struct rfx *f, void *p);
/* Assemble f->rd.  Without answers, rd.answers and rd.by_unit stay NULL. */
void rfx_finish(struct rfx *f, const char *version, const char *config_sha256);
void rfx_release(struct rfx *f);

#endif
