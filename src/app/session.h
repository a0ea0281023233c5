/*
 * session.h — what the commands share: the round as the config describes it
 * (config, registry, frameworks, diagnostics), and the load and compute
 * stages, which `run` chains with the report.
 *
 * pipeline.c implements it with the commands that need no renderer (check,
 * load, compute, explain: the program `indigo`); report.c adds report and
 * run on top of it (the program `indigo-render`, which `indigo` runs for
 * those two commands, main.c).
 */
#ifndef INDIGO_SESSION_H
#define INDIGO_SESSION_H

#include "compute.h"
#include "error.h"
#include "model.h"
#include "pipeline.h"
#include "store.h"
#include "uncertainty.h"

struct session {
    const struct run_opts *opts;
    struct config *cfg;
    struct registry *reg;
    struct framework **fw;
    int n_fw;
    struct diag d;
};

/* Config, registry and every framework; all problems reported at once.
   0, or -1 with them in s->d (session_finish still releases s). */
int session_open(struct session *s, const struct run_opts *o);
/* Print the diagnostics, release s, and turn them into an exit status
   (status if it is not 0). */
int session_finish(struct session *s, int status);
/* "indigo: ..." on stderr unless --quiet. */
void session_progress(const struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

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

/* Score and compute one framework for one year from stored answers: the
   answer set when the caller holds one, else a cursor over the store, whose
   memory does not grow with answer rows.  n_respondents (may be NULL) gets
   the respondents per cell; ua (may be NULL) the uncertainty analysis, when
   the config asks for one. */
int compute_one(struct session *s, const struct framework *fw,
                const struct answer_set *answers, struct store *st, int year,
                struct result *res, int **n_respondents, struct uncertainty **ua);

#endif
