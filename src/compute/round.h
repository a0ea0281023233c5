/*
 * round.h — everything the renderers need about one computed round.
 *
 * Built by pipeline.c from the store (never from the input files directly):
 * ingest -> store -> compute -> render.  Renderers only read it, through the
 * accessors, orderings and labels below (round.c), which every renderer
 * shares so that a table, a chart and a page list the same institutions in
 * the same order under the same words.
 */
#ifndef INDIGO_ROUND_H
#define INDIGO_ROUND_H

#include <math.h>
#include <stddef.h>

#include "answer_index.h"
#include "compute.h"
#include "config.h"
#include "error.h"
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
    /* The trend: the national figure of the index in every stored round up
       to this one with results for it, oldest first, this round last (as
       res has it); the earlier ones as stored (published, for a published
       round), each with its own institutions and weights. */
    int n_trend;
    int *trend_year;
    double *trend_value;
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
    long lines;                   /* its lines that gave answers (a wide
                                     export's line: one respondent's form)  */
    long institutions;            /* the institutions those answers are of   */
};

/* Answers read back for a while (answer_feed.unit): the set and its index
   as round_data's answers and by_unit; the strings point into bytes. */
struct spill_set {
    struct answer_set set;
    struct answer_index ix;     /* by the registry's units               */
    char *bytes;
};

/*
 * The answers kept out of memory, for the open data (the report keeps them
 * in files, app/answer_spill.c, so its memory follows institutions x
 * indicators, not answers).  each: every earlier round's answers, oldest
 * year first, then the round's, each in the store's order, handed to
 * fn(arg, a) with the strings borrowed for the call; stops at fn's nonzero
 * and returns it, else 0, or -1 with the problem in d.  unit: unit u's
 * answers of the round, indexed under u, into out (0, or -1 recorded in d);
 * release frees them.  round: like each, the round's answers alone (the
 * round workbook's Respuestas, written as they are read).
 */
struct answer_feed {
    const void *ctx;
    int (*each)(const void *ctx, int (*fn)(void *arg, const struct answer *a), void *arg,
                struct diag *d);
    int (*unit)(const void *ctx, int u, struct spill_set *out, struct diag *d);
    void (*release)(struct spill_set *s);
    int (*round)(const void *ctx, int (*fn)(void *arg, const struct answer *a), void *arg,
                 struct diag *d);
};

struct round_data {
    const struct config *cfg;
    const struct registry *reg;   /* units of every result = registry order    */
    int year;
    int demo;                     /* 1: every output says «datos de demostración» */
    struct index_run *idx; int n_idx;
    const struct answer_set *answers;  /* this round's raw answers (from the store) */
    const struct answer_set *earlier;  /* the earlier rounds' answers, oldest year
                                          first (the open data publishes every
                                          stored round's inputs); may be NULL */
    const struct answer_index *by_unit;  /* answers of each unit (answer_index.h)   */
    const struct answer_feed *feed;  /* when set, the open data reads the answers
                                        through it (answers and earlier may be NULL) */
    struct input_file *inputs; int n_inputs;
    const char *version;          /* program version                           */
    char config_sha256[65];
};

/* ---- One run's results, cell by cell ------------------------------------ */
/* The matrices of struct result are row-major (compute.h): a node's cell is
   [unit * n_nodes + node], an indicator column's [unit * n_ind + j]. */

static inline size_t run_node_cell(const struct index_run *run, int unit, int node)
{
    return (size_t)unit * (size_t)run->fw->n_nodes + (size_t)node;
}

static inline size_t run_ind_cell(const struct index_run *run, int unit, int j)
{
    return (size_t)unit * (size_t)run->res.n_ind + (size_t)j;
}

/* Score of unit in node (NAN: none, e.g. excluded by screening). */
static inline double run_value(const struct index_run *run, int unit, int node)
{
    return run->res.value[run_node_cell(run, unit, node)];
}

/* The same in the index itself. */
static inline double run_score(const struct index_run *run, int unit)
{
    return run_value(run, unit, run->fw->root);
}

/* Rank of unit in node, 1 = best; 0 = no rank. */
static inline int run_rank(const struct index_run *run, int unit, int node)
{
    return run->res.rank[run_node_cell(run, unit, node)];
}

/* The previous round's score and rank (NAN / 0 when there is none). */
static inline double run_prev_value(const struct index_run *run, int unit, int node)
{
    return run->prev_value ? run->prev_value[run_node_cell(run, unit, node)] : NAN;
}

static inline int run_prev_rank(const struct index_run *run, int unit, int node)
{
    return run->prev_rank ? run->prev_rank[run_node_cell(run, unit, node)] : 0;
}

/* FLAG_* bits of unit's cell in indicator column j. */
static inline unsigned run_flags(const struct index_run *run, int unit, int j)
{
    return run->res.flags[run_ind_cell(run, unit, j)];
}

/* Institutions with a rank in the index: included, with a score, and not
   marked ranked = no in the registry. */
int run_n_ranked(const struct index_run *run);

/* The decimals every renderer prints the index's values at (report, scorecard,
   charts, portal, workbook): those it is ranked at, fw->rank_decimals --
   [rank] decimals when the framework sets it, else [publisher] decimals when
   set (framework_publish_decimals), else those of the framework's scale
   (scale_decimals: 0-1 -> 3, 0-10 -> 2, 0-100 -> 1) -- so two values printed
   alike share a rank and two printed apart never do.  With [rank] decimals
   = full, [publisher] decimals or the scale's.  One place, so no output
   prints "1,0" where another prints "0,972". */
int run_decimals(const struct round_data *rd, const struct index_run *run);
int framework_decimals(const struct round_data *rd, const struct framework *fw);

/* ---- Orderings ------------------------------------------------------------ */

/* The units of the registry in ranking order: best score first; units
   without a score last; ties, and the units without a score, by code.
   Returns rd->reg->n indices (caller frees). */
int *units_by_score(const struct round_data *rd, const struct index_run *run);

/* The units by rank (rank 1 first, a tie in registry order), then the units
   without a rank in registry order, into order[0 .. n_units). */
void units_by_rank(const struct index_run *run, int *order);

/* The pillars: the children of the root, in file order.  Returns the count;
   *out is malloc'd (caller frees). */
int framework_pillars(const struct framework *fw, int **out);

/* The nodes in reading order: depth first from the root, children in file
   order; the indicators only if with_ind.  Returns the count; *out and
   *depth (0 = the root; may be NULL) are malloc'd, n_nodes long. */
int framework_tree_order(const struct framework *fw, int with_ind, int **out, int **depth);

/* ---- Words ------------------------------------------------------------------ */
/* The methods as the reports name them, in lang: one table, so the workbook,
   the PDFs, the portal and `indigo explain` cannot drift apart.  NORM_RANK
   is «posición ascendente» (ascending rank): the value is the rank counted
   from the lowest (1 = lowest, COINr n_rank), the reverse of the rankings'
   «posición», where 1 is the best; a bare «posición» would say the
   opposite of what the method does. */
const char *norm_method_label(enum norm_method m, enum lang lang);
const char *agg_method_label(enum agg_method m, enum lang lang);
const char *impute_method_label(enum impute_method m, enum lang lang);
const char *combine_rule_label(enum combine_rule r, enum lang lang);

/* The name of maturity level (an index into fw->maturity.name) in lang,
   falling back to Spanish; NULL for no level (-1, out of range). */
const char *level_label(const struct framework *fw, int level, enum lang lang);

/* ---- Titles ------------------------------------------------------------- */
/* title, then sep and the year, unless the title already names the year (as
   a whole number: "Índices de Gobierno Digital 2026" stays as it is, not
   "... 2026 2026").  Caller frees. */
char *title_with_year(const char *title, int year, const char *sep);

/* ---- Dates -------------------------------------------------------------- */
/* The fixed creation date stamped in every output (xlsx core.xml, PDF info):
   1 January of the round's year, 00:00 UTC, so the bytes of the reports
   depend on the round alone. */
long long round_timestamp(int year);

#endif
