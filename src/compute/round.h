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
#include "model.h"

struct uncertainty;   /* uncertainty.h; NULL when the analysis did not run */
struct coherence;     /* coherence.h */

struct index_run {
    struct framework *fw;         /* borrowed from the pipeline                */
    struct result res;            /* this round                                */
    int prev_year;                /* 0 if there is no earlier round           */
    double *prev_value;           /* n_units x n_nodes of prev_year, NAN = none */
    int *prev_rank;               /* n_units x n_nodes, 0 = none              */
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
