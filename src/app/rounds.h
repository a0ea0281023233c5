/*
 * rounds.h — rounds as versioned units, the pipeline's side (docs/rondas.md).
 *
 * Each round keeps in the database the framework files it is computed with
 * and the institutions it measured (store.h, schema 6).  `load` stores them
 * for every round the config describes, unless the round is published:
 * then anything that would change it is refused (EX_NOPERM) until it is
 * reopened.  `compute` computes each round with its own framework and
 * institutions and leaves published rounds alone.  The report compares a
 * round with an earlier one as stored and, when the method changed, with
 * the earlier answers back-calculated on the new method.
 */
#ifndef INDIGO_ROUNDS_H
#define INDIGO_ROUNDS_H

#include "round.h"
#include "session.h"
#include "store.h"

/* One round as the database keeps it. */
struct kept_round {
    int year;
    struct registry *reg;      /* its institutions                           */
    int reg_owned;             /* 0: borrowed from the session (old database) */
    struct framework **fw;     /* its frameworks                             */
    int n_fw;
    int fw_owned;              /* 0: borrowed from the session (old database) */
    int published;
    int live;                  /* the round being prepared: the config's      */
};

/* The round of year as stored, except the round being prepared ([round]
   year, unpublished): that one is what the config says (its registry and
   frameworks), which load and compute store with it.  A database from
   before schema 6 has no frameworks or institutions stored for a round: the
   session's are used, with a warning.  0, or -1 with the problem in s->d. */
int kept_round_open(struct session *s, struct store *st, int year, struct kept_round *r);
void kept_round_release(struct kept_round *r);
struct framework *kept_round_framework(const struct kept_round *r, const char *code);

/* 1 if year is published, 0 if not, -1 on error. */
int rounds_published(struct session *s, struct store *st, int year);

/* load: refuse (EX_NOPERM, in s->d) every change the config would make to a
   published round: a new or changed survey file, a file dropped, another
   framework.  0 if there is none, -1 if anything was refused. */
int rounds_guard_published(struct session *s, struct store *st);
/* load, after the files: the frameworks and institutions of every round the
   config describes and that is not published.  The round being prepared
   ([round] year, or --year) takes the config's frameworks; an earlier round
   keeps the ones it was first loaded with (a warning says when the config's
   differ). */
int rounds_store_kept(struct session *s, struct store *st);
/* compute: one round with its own framework and institutions (a published
   round is left as it is). */
int rounds_compute(struct session *s, struct store *st, int year);
/* report: refuse (EX_NOPERM) to write the reports of a published round
   where they were published; note what reports were written from (the
   state publish checks).  0 or -1. */
int rounds_guard_report(struct session *s, struct store *st, int year, const char *dir);
int rounds_note_report(struct session *s, struct store *st, int year, const char *dir,
                       const char *config_sha256);
/* A directory's path made absolute with its parent resolved (it need not
   exist), so that two spellings of one directory compare equal.  Caller
   frees. */
char *rounds_canonical_dir(const char *dir);

/* The stored frameworks of round year against the config's directories: a
   warning names each file that differs (the round keeps its own). */
void rounds_warn_unloaded(struct session *s, struct store *st, int year);

/* The round year is compared with: [round] compare_with, else the latest
   earlier round with stored answers; 0 if none. */
int rounds_comparison_year(struct session *s, struct store *st, int year);
/* Fill the comparison of ir (its fw and res are set) with round prev:
   stored values, the institutions in each round, the method diff and the
   back-calculated basis.  cur_answers: this round's answers. */
int rounds_compare(struct session *s, struct store *st, const struct kept_round *cur,
                   const struct kept_round *prev, const struct answer_set *cur_answers,
                   struct index_run *ir);
/* The trend of ir (its fw and res are set): the national figure of its
   index in each stored round before year with results for it (reg: the
   weights of a round that keeps no institutions), then this one's. */
int rounds_trend(struct session *s, struct store *st, int year, const struct registry *reg,
                 struct index_run *ir);
/* Frees the comparison and the trend of ir. */
void rounds_compare_release(struct index_run *ir);

/* check: every published round is as it was published (its digests and
   every file of its reports); prints one line per round.  0 or -1. */
int rounds_check_published(struct session *s);

/* explain --change: print how the value of node k of fw for unit u of
   round r changed since the round it is compared with (round_cmd.c). */
int explain_change(struct session *s, struct store *st, const struct kept_round *r, int u,
                   const struct framework *fw, int k);

#endif
