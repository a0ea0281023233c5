/*
 * pipeline.h — the commands of indigo, each a straight line through the
 * stages: ingest -> store -> compute -> render.
 *
 * Every command returns a sysexits.h status (0 on success) after printing its
 * diagnostics to stderr.  Nothing is half-written: surveys are validated
 * before the database is opened for writing, each load is one transaction,
 * and reports are rendered into a staging directory that replaces
 * reports/<year>/ only when everything succeeded.
 */
#ifndef INDIGO_PIPELINE_H
#define INDIGO_PIPELINE_H

#include "model.h"

struct run_opts {
    const char *config;   /* path to indigo.ini                        */
    int lang;             /* -1 = the config's; else enum lang         */
    int year;             /* 0 = the config's round                    */
    int quiet;            /* no progress lines on stderr               */
    const char *database; /* overrides [paths] database, or NULL       */
    const char *output;   /* overrides [paths] output, or NULL         */
    int jobs;             /* processes rendering reports; 0 = one per core */
    /* options of one command */
    int change;           /* explain --change                              */
    int from_year;        /* round new --from YEAR                         */
    const char *reason;   /* reopen --reason TEXT                          */
};

int cmd_check(const struct run_opts *o);
int cmd_load(const struct run_opts *o);
int cmd_compute(const struct run_opts *o);
int cmd_report(const struct run_opts *o);
int cmd_run(const struct run_opts *o);
int cmd_explain(const struct run_opts *o, const char *institution, const char *node);

/* Rounds (round_cmd.c; docs/rondas.md). */
int cmd_publish(const struct run_opts *o, int year);
int cmd_reopen(const struct run_opts *o, int year);
int cmd_round_new(const struct run_opts *o, int year);
int cmd_diff(const struct run_opts *o, int from, int to);

#endif
