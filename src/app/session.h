/*
 * session.h — what the commands share: the round as the config describes it
 * (config, registry, frameworks, diagnostics), and the load and compute
 * stages, which `run` chains with the report.
 *
 * A session is the config, the registry and the frameworks of every round
 * the config describes: the round being prepared ([round] year, or --year)
 * and each year its [survey.*] sections name.  A round with its own
 * [frameworks.YEAR] section gets those frameworks; the others share
 * [frameworks] (docs/rondas.md).  Each framework directory is loaded once.
 *
 * session.c opens it and computes one framework of one round; pipeline.c
 * has the stages with the commands that need no renderer (check, load,
 * compute, explain: the program `indigo`), and the commands of rounds
 * (round_cmd.c, round_new.c, rounds.c) build on it too; report.c adds
 * report and run on top of it (the program `indigo-render`, which `indigo`
 * runs for those two commands, main.c).
 */
#ifndef INDIGO_SESSION_H
#define INDIGO_SESSION_H

#include "compute.h"
#include "config.h"
#include "error.h"
#include "model.h"
#include "pipeline.h"
#include "store.h"
#include "uncertainty.h"

struct session_year {
    int year;
    struct framework **fw;   /* borrowed from session.loaded                 */
    int n_fw;
};

struct session {
    const struct run_opts *opts;
    struct config *cfg;
    int config_year;             /* [round] year as written (cfg->year may be
                                    --year): the round being prepared       */
    struct registry *reg;
    struct framework **fw;       /* the frameworks of round cfg->year          */
    int n_fw;
    struct session_year *years;  /* every round the config describes          */
    int n_years;
    struct framework **loaded;   /* owned: one per framework directory         */
    int n_loaded;
    struct diag d;
};

/* Config, registry and every framework; all problems reported at once.
   0, or -1 with the problems in s->d (call session_finish either way). */
int session_open(struct session *s, const struct run_opts *o);
/* Print the diagnostics, release s, and turn them into an exit status
   (status if it is not 0). */
int session_finish(struct session *s, int status);
/* "indigo: ..." on stderr unless --quiet (fmt is translated, messages.h). */
void session_progress(const struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The frameworks the config gives round year, or NULL (*n = 0) when it does
   not describe that round. */
struct framework **session_frameworks(const struct session *s, int year, int *n);
/* Framework code of round year (ASCII case ignored), or NULL. */
struct framework *session_framework(const struct session *s, int year, const char *code);

/* Open the database for a command that writes, and start its one
   transaction.  NULL with the reason in d. */
struct store *session_open_tx(struct session *s, struct diag *d);
/* The database's own problems (in use by another run, say) are reported
   only if the files have none, as when the files were read first. */
void session_merge_store_diag(struct session *s, struct diag *dstore);

/* The stages: each 0, or -1 with the problem in s->d and nothing changed. */
int do_load(struct session *s);
int do_compute(struct session *s);
/* The load's and the compute's writes inside the caller's transaction on st
   (st NULL for load: the files are only validated; the database's problems
   are in dstore). */
int load_stage(struct session *s, struct store *st, struct diag *dstore);
int compute_stage(struct session *s, struct store *st);

/* Score and compute one framework for one year from stored answers, over
   the institutions of reg: the answer set when the caller holds one, else a
   cursor over the store, whose memory does not grow with answer rows.
   n_respondents (may be NULL) gets the respondents per cell; ua (may be
   NULL) the uncertainty analysis, when the config asks for one. */
int session_compute(struct session *s, const struct framework *fw, const struct registry *reg,
                    const struct answer_set *answers, struct store *st, int year,
                    struct result *res, int **n_respondents, struct uncertainty **ua);

#endif
