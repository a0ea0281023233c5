/*
 * round.h — everything the renderers need about one computed round.
 *
 * Built by pipeline.c from the store (never from the input files directly):
 * ingest -> store -> compute -> render.  Renderers only read it.
 */
#ifndef INDIGO_ROUND_H
#define INDIGO_ROUND_H

#include "answer_index.h"
#include "compute.h"
#include "config.h"
#include "method_diff.h"
#include "model.h"

struct uncertainty;   /* uncertainty.h; NULL when the analysis did not run */
struct coherence;     /* coherence.h */

/*
 * The comparison with an earlier round (docs/rondas.md).  Its values as
 * stored (published, for a published round) are prev_value; when the method
 * changed since then, diff says how, and back_value is that round's answers
 * computed with this round's method, left without the indicators it did not
 * ask (not_asked).  The results behind them (prev_res, back_res, restr_res)
 * are what `indigo explain --change` and the scorecards split a change with
 * (change.h).
 */
struct index_run {
    struct framework *fw;         /* borrowed from the pipeline                */
    struct result res;            /* this round                                */
    int prev_year;                /* 0 if there is no earlier round           */
    int prev_published;           /* 1 if prev_year is a published round      */
    double *prev_value;           /* n_units x n_nodes of prev_year, NAN = none */
    int *prev_rank;               /* n_units x n_nodes, 0 = none              */
    int *prev_unit;               /* n_units: the unit in prev_res, -1 if the
                                     institution was not in prev_year ("nueva") */
    const struct framework *prev_fw;  /* prev_year's own framework (borrowed)  */
    struct result prev_res;       /* prev_year recomputed with prev_fw         */
    struct method_diff diff;      /* method changes since prev_year (n = 0: none) */
    /* only when diff.n > 0: */
    struct framework *back_fw;    /* fw without not_asked (owned), or NULL when
                                     every indicator was asked then           */
    char **not_asked; int n_not_asked;  /* indicator codes (owned)           */
    struct result back_res;       /* prev_year's answers, this method         */
    double *back_value;           /* n_units x n_nodes of back_res in fw's
                                     layout, NAN = none                       */
    int *back_rank;               /* n_units x n_nodes, 0 = none              */
    double *back_national;        /* n_nodes                                  */
    struct result restr_res;      /* this round's answers on back_fw (only
                                     when back_fw)                            */
    int *n_respondents;           /* n_units x n_ind (from scoring)           */
    struct uncertainty *ua;       /* may be NULL                               */
    struct coherence *coh;        /* correlations and alpha; may be NULL       */
};

struct input_file {
    char *path;                   /* as named in the config                    */
    char sha256[65];
    char *framework;
    int year;
    long rows;                    /* answers stored from it                    */
    char *shape;
};

struct round_data {
    const struct config *cfg;
    const struct registry *reg;   /* units of every result = registry order    */
    int year;
    int demo;                     /* 1: every output says «datos de demostración» */
    struct index_run *idx; int n_idx;
    const struct answer_set *answers;  /* this round's raw answers (from the store) */
    const struct answer_index *by_unit;  /* answers of each unit (answer_index.h)   */
    struct input_file *inputs; int n_inputs;
    const char *version;          /* program version                           */
    char config_sha256[65];
};

#endif
