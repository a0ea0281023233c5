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

/*
 * The round's charts alone, drawn in this process from the stored round
 * exactly as `report` draws them (the determinism test renders them many
 * times).  charts_open loads the round of o's config from its database
 * (read-only) and computes it, or returns NULL after printing why; chart k
 * (0 <= k < charts_count: the charts_round_count slots of the round --
 * ranking, heatmap, rank intervals, axes and change of each index -- then
 * each institution's profile in each index) is written
 * into dir by charts_render (0, or -1; a chart the round lacks -- no
 * previous round, say -- writes nothing); charts_close prints what was
 * recorded and returns its exit status.
 */
struct chart_session;
struct chart_session *charts_open(const struct run_opts *o);
int charts_count(const struct chart_session *cs);
int charts_round_count(const struct chart_session *cs);
int charts_render(struct chart_session *cs, int k, enum lang lang, const char *dir);
int charts_close(struct chart_session *cs);
/* Rounds (round_cmd.c; docs/rondas.md). */
int cmd_publish(const struct run_opts *o, int year);
int cmd_reopen(const struct run_opts *o, int year);
int cmd_round_new(const struct run_opts *o, int year);
int cmd_diff(const struct run_opts *o, int from, int to);

#endif
