/*
 * session.h — what every command opens first (pipeline.c), shared by the
 * commands of pipeline.c and those of rounds (round_cmd.c, rounds.c).
 *
 * A session is the config, the registry and the frameworks of every round
 * the config describes: the round being prepared ([round] year, or --year)
 * and each year its [survey.*] sections name.  A round with its own
 * [frameworks.YEAR] section gets those frameworks; the others share
 * [frameworks] (docs/rondas.md).  Each framework directory is loaded once.
 */
#ifndef INDIGO_SESSION_H
#define INDIGO_SESSION_H

#include "compute.h"
#include "config.h"
#include "error.h"
#include "model.h"
#include "pipeline.h"

struct store;
struct uncertainty;

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
/* Print the diagnostics, free the session, turn them into an exit status. */
int session_finish(struct session *s, int status);
void session_progress(const struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The frameworks the config gives round year, or NULL (*n = 0) when it does
   not describe that round. */
struct framework **session_frameworks(const struct session *s, int year, int *n);
/* Framework code of round year (ASCII case ignored), or NULL. */
struct framework *session_framework(const struct session *s, int year, const char *code);

/* Score and compute one framework for one year from stored answers, over
   the institutions of reg: the answer set when the caller holds one, else a
   cursor over the store.  n_respondents and ua may be NULL. */
int session_compute(struct session *s, const struct framework *fw, const struct registry *reg,
                    const struct answer_set *answers, struct store *st, int year,
                    struct result *res, int **n_respondents, struct uncertainty **ua);

#endif
