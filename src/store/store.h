/*
 * store.h — the SQLite store: the only file that includes <sqlite3.h>.
 *
 * Schema (STRICT tables, foreign keys on; documented in store.c and
 * docs/schema.md): round, institution, framework, node, question, option,
 * input_file, answer, indicator_value, node_value, run_log.
 *
 * Every write happens inside store_begin()/store_commit(): a load is all or
 * nothing.  store_open() takes an exclusive lock on "<db>.lock" so a second
 * `indigo run` on the same database stops with a clear message (EX_TEMPFAIL).
 */
#ifndef INDIGO_STORE_H
#define INDIGO_STORE_H

#include "compute.h"
#include "config.h"
#include "error.h"
#include "ingest.h"
#include "model.h"
#include "round.h"
#include "round_files.h"
#include "score.h"

struct store;

struct store *store_open(const char *path, int readonly, struct diag *d);
void store_close(struct store *s);
/* Roll back and close; if store_open() created the database file, remove it
   (and its lock file): a refused load leaves no database where there was
   none. */
void store_abandon(struct store *s);
int store_begin(struct store *s, struct diag *d);
int store_commit(struct store *s, struct diag *d);
void store_rollback(struct store *s);
/* Savepoints inside a transaction (name: an SQL identifier): rolling back
   to one undoes what followed it and releases it. */
int store_savepoint(struct store *s, const char *name, struct diag *d);
int store_release(struct store *s, const char *name, struct diag *d);
int store_rollback_to(struct store *s, const char *name, struct diag *d);

/* Registry and frameworks (replaced whole on every load). */
int store_put_registry(struct store *s, const struct registry *reg, struct diag *d);
int store_put_framework(struct store *s, const struct framework *fw, struct diag *d);

/* Input files: 1 if a file with this sha256 is already stored for
   (year, framework, path) — re-loading it is a no-op —, 2 if another version
   of it is stored (loading replaces it), 0 if it is new, -1 on error. */
int store_file_unchanged(struct store *s, const struct survey_source *src,
                         const char *sha256, struct diag *d);
/*
 * Storing a file's answers as they come (a load streams them from the
 * parser): store_file_begin() replaces the earlier version of src (by
 * year+framework+path) and its answers with a new input_file row;
 * store_file_put() inserts one answer, binding its strings without copying
 * them (they are read during the call only); store_file_end() records how
 * many there were and releases the writer (after an error in d, only
 * releases it: the caller rolls back).  All inside store_begin/commit.
 */
struct store_file;
/* The SHA-256 stored for src's file (year, framework, path): 1 and sha256,
   0 if none is stored, -1 on error.  A load reads a file once, hashing as it
   stores: an unchanged file is found afterwards and rolled back. */
int store_file_stored_sha256(struct store *s, const struct survey_source *src, char sha256[65],
                             struct diag *d);
/* Set the SHA-256 of the file being stored (known once it has been read). */
int store_file_set_sha256(struct store_file *w, const char *sha256, struct diag *d);
struct store_file *store_file_begin(struct store *s, const struct survey_source *src,
                                    const char *sha256, struct diag *d);
int store_file_put(struct store_file *w, const struct answer *a); /* 0, or -1 in begin's d */
size_t store_file_count(const struct store_file *w);
int store_file_end(struct store_file *w, struct diag *d); /* accepts NULL */
/* The same for answers[from..to) of a set. */
int store_put_file(struct store *s, const struct survey_source *src, const char *sha256,
                   const struct answer_set *answers, size_t from, size_t to,
                   struct diag *d);

int store_get_answers(struct store *s, int year, struct answer_set *out, struct diag *d);
/* The same answers in the same order one at a time, nothing kept: each
   handed to sink->put with its strings borrowed for the call.  Returns 0,
   put's nonzero value if it stopped the walk, or -1 with the problem in d. */
int store_walk_round_answers(struct store *s, int year, const struct answer_sink *sink,
                             struct diag *d);
/* The answers of (year, framework) one row at a time, for the scorer
   (score_build_walk): one prepared SELECT over the answers (SCORE_ORDER_CELL
   reads the few input files first), each row handed to fn(ctx, row) without
   copying (see score_row_fn, score_walk_fn).  Memory does not grow with the
   rows: SCORE_ORDER_STORED reads them through the answer_file index without
   sorting; SCORE_ORDER_CELL sorts them with SQLite's sorter, which spills to
   temporary files past the page cache size. */
int store_walk_answers(struct store *s, int year, const char *framework,
                       enum score_order order, score_row_fn fn, void *ctx, struct diag *d);
/* The input files of round year, by framework and path, each with the
   answers stored from it, its lines that gave answers and the institutions
   they are of. */
int store_get_inputs(struct store *s, int year, struct input_file **out, int *n,
                     struct diag *d);
/* Years with answers for framework, ascending. */
int store_get_years(struct store *s, const char *framework, int **years, int *n,
                    struct diag *d);

/* Results of one framework and year (replaces earlier ones). */
int store_put_result(struct store *s, int year, const struct result *r, struct diag *d);
/* Node values and ranks of a stored year into n_units x n_nodes arrays laid out
   by reg and fw (NAN / 0 where absent).  Returns 1 if found, 0 if none. */
int store_get_node_values(struct store *s, int year, const struct framework *fw,
                          const struct registry *reg, double *value, int *rank,
                          struct diag *d);

/* The national figure of node of framework in each round up to year
   with stored values for it, years ascending: the mean of the
   institutions' stored values (published, for a published round) weighted
   by their weights in that round (round_institution; those marked
   unranked left out), as compute's national figure.  An institution the
   round does not list (a database from before schema 6) takes its weight
   in fallback, or is left out when fallback (may be NULL) has none.  A
   round whose values are all NULL has no figure and is left out.
   *years and *values (caller frees) get *n entries.  0, or -1. */
int store_get_national_series(struct store *s, const char *framework, const char *node,
                              int up_to, const struct registry *fallback, int **years,
                              double **values, int *n, struct diag *d);

/* Remove the stored files of (year, framework) whose path is not in keep:
   the config describes the round.  Returns how many were removed, or -1. */
int store_remove_other_files(struct store *s, int year, const char *framework,
                             const char *const *keep, int n_keep, struct diag *d);
/* 1 if PRAGMA integrity_check says ok, 0 if not, -1 on error. */
int store_integrity_ok(struct store *s, struct diag *d);

/* The schema (CREATE statements) and the settings of every connection, as
   SQL: the benchmark's bare insert loop builds the very same tables. */
const char *store_schema_sql(void);
const char *store_pragma_sql(void);

/* ------------------------------------------------------------------------ */
/* Rounds as versioned units (schema 6; docs/rondas.md)                      */
/* ------------------------------------------------------------------------ */

/* struct round_file: round_files.h (ingest) */

/* Years with stored answers, ascending. */
int store_get_rounds(struct store *s, int **years, int *n, struct diag *d);
/* The frameworks of round year: replaced whole (clear, then put each). */
int store_clear_round_frameworks(struct store *s, int year, struct diag *d);
int store_put_round_framework(struct store *s, int year, const char *framework, int position,
                              const struct round_file *files, int n, struct diag *d);
/* 1 if round year keeps exactly the frameworks codes[0..n), code i at
   position i with the files files[i][0..n_files[i]) (name, directory,
   SHA-256 and bytes), as storing them would leave it; 0 if not, -1. */
int store_round_frameworks_same(struct store *s, int year, const char *const *codes,
                                struct round_file *const *files, const int *n_files, int n,
                                struct diag *d);
/* The files of framework in round year (*n = 0 if none are stored). */
int store_get_round_framework(struct store *s, int year, const char *framework,
                              struct round_file **files, int *n, struct diag *d);
/* The codes of the frameworks stored for round year, in the order of the
   round's list (position) (*n may be 0). */
int store_get_round_framework_codes(struct store *s, int year, char ***codes, int *n,
                                    struct diag *d);

/* The institutions round year measured.  replace: exactly reg (the round
   being prepared); else reg's institutions that have answers in year are
   added or updated and the others kept (an earlier round never gains an
   institution it did not measure). */
int store_put_round_institutions(struct store *s, int year, const struct registry *reg,
                                 int replace, struct diag *d);
/* The institutions of round year as a registry sorted by code, or NULL with
   *found = 0 when none are stored (a database from before schema 6). */
struct registry *store_get_round_institutions(struct store *s, int year, int *found,
                                              struct diag *d);

/* A published round (table publication). */
struct publication {
    int year;
    char at[32];             /* UTC, ISO 8601                                  */
    char version[32];        /* indigo that published it                      */
    char *reports;           /* the report tree's directory                   */
    char answers[65], framework[65], institutions[65], results[65], reports_sha[65];
};
struct published_file {
    char *path;              /* relative to the report tree                   */
    char sha256[65];
    long long bytes;
};
/* 1 and *p filled if year is published, 0 if not, -1 on error. */
int store_get_publication(struct store *s, int year, struct publication *p, struct diag *d);
void publication_release(struct publication *p);
/* The digests of what round year holds now (answers, framework,
   institutions, results; docs/rondas.md gives the rows each covers). */
int store_round_digests(struct store *s, int year, struct publication *p, struct diag *d);
int store_publish(struct store *s, const struct publication *p, const struct published_file *f,
                  int n, struct diag *d);
int store_get_published_files(struct store *s, int year, struct published_file **f, int *n,
                              struct diag *d);
void published_files_free(struct published_file *f, int n);
/* What the reports of round year are written from: the SHA-256 of its
   input files, frameworks and institutions as stored, of the config and of
   the program version.  report records it (with the directory written),
   publish checks it is still the same. */
int store_round_state(struct store *s, int year, const char *config_sha256, char hex[65],
                      struct diag *d);
int store_put_report_state(struct store *s, int year, const char *reports, const char *state,
                           struct diag *d);
/* 1 with *reports (caller frees) and state, 0 if never reported, -1. */
int store_get_report_state(struct store *s, int year, char **reports, char state[65],
                           struct diag *d);
/* Forget the publication of year (its files go with it). */
int store_unpublish(struct store *s, int year, struct diag *d);

/* Append a run-log line (command, what happened). */
int store_log(struct store *s, const char *command, const char *message, struct diag *d);

#endif
