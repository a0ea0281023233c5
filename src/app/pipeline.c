/*
 * pipeline.c — the commands (see pipeline.h).  Reads like the pipeline:
 * open the round (config, registry, frameworks), ingest, store, compute,
 * render.
 */
#include "pipeline.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "coherence.h"
#include "compute.h"
#include "config.h"
#include "error.h"
#include "explain.h"
#include "framework.h"
#include "i18n.h"
#include "indigo_version.h"
#include "ingest.h"
#include "registry.h"
#include "render.h"
#include "render_site.h"
#include "round.h"
#include "score.h"
#include "sha256.h"
#include "store.h"
#include "workers.h"
#include "uncertainty.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* The round as described by the config                                      */
/* ------------------------------------------------------------------------ */
struct session {
    const struct run_opts *opts;
    struct config *cfg;
    struct registry *reg;
    struct framework **fw;
    int n_fw;
    struct diag d;
};

/* The uncertainty analysis's progress as a bar on the terminal. */
static void ua_progress_bar(void *ctx, long done, long total)
{
    (void)ctx;
    static const char bar[] = "########################################";
    int pct = (int)(done * 100 / total), w = pct * 40 / 100;
    fprintf(stderr, "\rincertidumbre [%.*s%*s] %3d%% (%ld/%ld)", w, bar, 40 - w, "", pct, done,
            total);
    if (done == total)
        fputc('\n', stderr);
}

static void progress(const struct session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void progress(const struct session *s, const char *fmt, ...)
{
    if (s->opts->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("indigo: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Print diagnostics and turn them into an exit status. */
static int finish(struct session *s, int status)
{
    diag_print(&s->d, stderr);
    if (status == 0 && diag_failed(&s->d))
        status = s->d.status ? s->d.status : EX_SOFTWARE_;
    for (int i = 0; i < s->n_fw; i++)
        framework_free(s->fw[i]);
    free(s->fw);
    registry_free(s->reg);
    config_free(s->cfg);
    diag_release(&s->d);
    return status;
}

static struct framework *find_framework(const struct session *s, const char *code)
{
    for (int i = 0; i < s->n_fw; i++)
        if (strcasecmp(s->fw[i]->code, code) == 0)
            return s->fw[i];
    return NULL;
}

/* Config, registry and every framework; all problems reported at once. */
static int session_open(struct session *s, const struct run_opts *o)
{
    memset(s, 0, sizeof *s);
    s->opts = o;
    diag_init(&s->d);
    s->cfg = config_load(o->config, &s->d);
    if (!s->cfg)
        return -1;
    if (o->year)
        s->cfg->year = o->year;
    if (o->lang >= 0)
        s->cfg->lang = (enum lang)o->lang;
    if (o->database) {
        free(s->cfg->database);
        s->cfg->database = xstrdup(o->database);
    }
    if (o->output) {
        free(s->cfg->output);
        s->cfg->output = xstrdup(o->output);
    }
    s->reg = registry_load(s->cfg->institutions, s->cfg, NULL, &s->d);
    s->fw = xcalloc((size_t)s->cfg->n_frameworks + 1, sizeof *s->fw);
    int fw_failed = 0; /* then its surveys cannot be matched: say nothing more */
    for (int i = 0; i < s->cfg->n_frameworks; i++) {
        struct framework *fw = framework_load(s->cfg->fw_dirs[i], &s->d);
        if (!fw) {
            fw_failed = 1;
            continue;
        }
        if (find_framework(s, fw->code)) {
            diag_error(&s->d, EX_DATAERR_, s->cfg->path, 0, 0,
                       "framework code %s appears twice in [frameworks] (%s)", fw->code,
                       s->cfg->fw_dirs[i]);
            framework_free(fw);
            continue;
        }
        s->fw[s->n_fw++] = fw;
    }
    for (int i = 0; i < s->cfg->n_surveys; i++) {
        const struct survey_source *src = &s->cfg->surveys[i];
        if (src->framework && !fw_failed && !find_framework(s, src->framework))
            diag_error(&s->d, EX_DATAERR_, s->cfg->path, src->line, 0,
                       "[survey.%s] framework = %s is not one of [frameworks] list", src->id,
                       src->framework);
    }
    return diag_failed(&s->d) ? -1 : 0;
}

/* ------------------------------------------------------------------------ */
/* Ingest                                                                    */
/* ------------------------------------------------------------------------ */

/* Where the answers of one survey file go: counted, and stored while the
   load stores (store_file_put), else only counted (check, or once anything
   has gone wrong). */
struct file_sink {
    struct store_file *w;
    size_t n;
};

static int file_sink_put(void *ctx, const struct answer *a)
{
    struct file_sink *k = ctx;
    if (k->w && store_file_put(k->w, a) != 0)
        return -1;
    k->n++;
    return 0;
}

/* What is known of each survey file of the config, to find one read twice:
   the same file under two names (./x, a symbolic or hard link), or two
   files with the same bytes, for the same year. */
struct file_seen {
    int have_id;
    dev_t dev;
    ino_t ino;
    char sha[65];     /* once read; "" before, or if it could not be */
    size_t answers;
};

/* Before survey i is read (a pipe read twice would wait forever): the same
   file as an earlier survey of its year, under another name?  -1 recorded. */
static int same_file_as_earlier(struct session *s, int i, struct file_seen *seen)
{
    const struct survey_source *src = &s->cfg->surveys[i];
    struct stat st;
    if (!src->path || stat(src->path, &st) != 0)
        return 0; /* reading it says why */
    seen[i].have_id = 1;
    seen[i].dev = st.st_dev;
    seen[i].ino = st.st_ino;
    for (int j = 0; j < i; j++) {
        const struct survey_source *o = &s->cfg->surveys[j];
        if (!seen[j].have_id || seen[j].dev != st.st_dev || seen[j].ino != st.st_ino ||
            o->year != src->year)
            continue;
        if (strcmp(o->path, src->path) == 0)
            return -1; /* the same name: the config reported it */
        return diag_error(&s->d, EX_DATAERR_, s->cfg->path, src->line, 0,
                          "[survey.%s] reads %s, the same file as %s of [survey.%s] (expected "
                          "each file once: its answers would count twice)",
                          src->id, src->display, o->display, o->id);
    }
    return 0;
}

/* After survey i was read: the same bytes as an earlier file of its year?
   -1 recorded. */
static int same_content_as_earlier(struct session *s, int i, const struct file_seen *seen)
{
    const struct survey_source *src = &s->cfg->surveys[i];
    if (!seen[i].sha[0] || seen[i].answers == 0)
        return 0;
    for (int j = 0; j < i; j++) {
        const struct survey_source *o = &s->cfg->surveys[j];
        if (o->year == src->year && strcmp(seen[j].sha, seen[i].sha) == 0)
            return diag_error(&s->d, EX_DATAERR_, src->display, 0, 0,
                              "the file has the same content as %s of [survey.%s] (SHA-256 "
                              "%.16s...; expected each file once: its answers would count twice)",
                              o->display, o->id, seen[i].sha);
    }
    return 0;
}

/* Read survey i, once, counting its answers and storing them through w when
   w is not NULL.  0, or -1 with the problems in s->d. */
static int read_survey(struct session *s, int i, struct file_seen *seen, struct file_sink *k)
{
    const struct survey_source *src = &s->cfg->surveys[i];
    if (same_file_as_earlier(s, i, seen) != 0)
        return -1;
    struct answer_sink sink = {file_sink_put, k};
    int rc = ingest_file_hashed(src, find_framework(s, src->framework), s->reg, &sink,
                                seen[i].sha, &s->d);
    seen[i].answers = k->n;
    if (same_content_as_earlier(s, i, seen) != 0)
        rc = -1;
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Commands                                                                  */
/* ------------------------------------------------------------------------ */
int cmd_check(const struct run_opts *o)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return finish(&s, 0);
    size_t answers = 0;
    struct file_seen *seen = xcalloc((size_t)s.cfg->n_surveys + 1, sizeof *seen);
    for (int i = 0; i < s.cfg->n_surveys; i++) {
        struct file_sink k = {NULL, 0};
        read_survey(&s, i, seen, &k);
        answers += k.n;
    }
    free(seen);
    if (!diag_failed(&s.d)) {
        int n_ind = 0;
        for (int i = 0; i < s.n_fw; i++) {
            int *tmp;
            n_ind += framework_indicators(s.fw[i], &tmp);
            free(tmp);
        }
        printf("ok: %d institutions, %d frameworks (%d indicators), %d survey files, %zu answers\n",
               s.reg->n, s.n_fw, n_ind, s.cfg->n_surveys, answers);
    }
    return finish(&s, 0);
}

/* The config describes each round: drop the stored files of (year,
   framework) that it no longer names. */
static int drop_unnamed_files(struct session *s, struct store *st)
{
    int rc = 0;
    for (int i = 0; i < s->n_fw && rc == 0; i++) {
        int years[64], n_years = 0;
        for (int k = 0; k < s->cfg->n_surveys; k++) {
            const struct survey_source *src = &s->cfg->surveys[k];
            if (strcasecmp(src->framework, s->fw[i]->code) != 0)
                continue;
            int seen = 0;
            for (int y = 0; y < n_years; y++)
                seen |= years[y] == src->year;
            if (!seen && n_years < 64)
                years[n_years++] = src->year;
        }
        for (int y = 0; y < n_years && rc == 0; y++) {
            const char **keep = xcalloc((size_t)s->cfg->n_surveys + 1, sizeof *keep);
            int n_keep = 0;
            for (int k = 0; k < s->cfg->n_surveys; k++) {
                const struct survey_source *src = &s->cfg->surveys[k];
                if (src->year == years[y] && strcasecmp(src->framework, s->fw[i]->code) == 0)
                    keep[n_keep++] = src->display;
            }
            int removed = store_remove_other_files(st, years[y], s->fw[i]->code, keep, n_keep,
                                                   &s->d);
            free(keep);
            if (removed < 0)
                rc = -1;
        }
    }
    return rc;
}

/* What a load did, for its log line. */
struct load_count {
    int stored, unchanged;
    size_t answers;
};

/*
 * Store survey i (read once, hashed as it streams into the INSERT) inside a
 * savepoint: when its bytes turn out to be those already stored for it, the
 * savepoint is rolled back and the earlier rows stay, untouched.  Without a
 * store (storing is 0) the file is only read.  0, or -1 when it could not
 * be stored (the caller then only validates).
 */
static int store_survey(struct session *s, struct store *st, int storing, int i,
                        struct file_seen *seen, struct load_count *c)
{
    const struct survey_source *src = &s->cfg->surveys[i];
    char old[65] = "";
    int had = storing ? store_file_stored_sha256(st, src, old, &s->d) : 0;
    storing = storing && had >= 0 && store_savepoint(st, "survey_file", &s->d) == 0;
    struct file_sink k = {NULL, 0};
    if (storing && !(k.w = store_file_begin(st, src, "", &s->d)))
        storing = 0;
    int rc = read_survey(s, i, seen, &k);
    c->answers += k.n;
    if (rc == 0 && storing)
        rc = store_file_set_sha256(k.w, seen[i].sha, &s->d);
    if (store_file_end(k.w, &s->d) != 0 || rc != 0 || !storing || diag_failed(&s->d))
        return storing ? 0 : -1; /* the whole load is rolled back */
    const char *sha = seen[i].sha;
    char *msg;
    if (had == 1 && strcmp(old, sha) == 0) {
        if (store_rollback_to(st, "survey_file", &s->d) != 0)
            return -1;
        c->unchanged++;
        msg = xasprintf("%s (%d, %s) unchanged, sha256 %s: not reloaded", src->display, src->year,
                        src->framework, sha);
    } else {
        if (store_release(st, "survey_file", &s->d) != 0)
            return -1;
        c->stored++;
        msg = xasprintf("%s (%d, %s) %s: %zu answers, sha256 %s", src->display, src->year,
                        src->framework, had == 1 ? "changed, replaced its earlier rows" : "loaded",
                        k.n, sha);
    }
    store_log(st, "load", msg, &s->d);
    free(msg);
    return 0;
}

/*
 * The load's writes inside the caller's transaction on st: registry,
 * frameworks and the changed files, each file's answers streamed from the
 * parser into the INSERT as they validate (nothing is held in memory).
 * From the first problem found anywhere nothing more is stored, but every
 * file is still read to its end so that all their problems are reported;
 * the caller then rolls the transaction back.  st NULL (the database could
 * not be opened; why is in dstore): the files are only validated.
 */
static int load_stage(struct session *s, struct store *st, struct diag *dstore)
{
    int storing = st != NULL; /* 0: only validate from here on */
    if (storing && store_put_registry(st, s->reg, dstore) != 0)
        storing = 0;
    for (int i = 0; i < s->n_fw && storing; i++)
        if (store_put_framework(st, s->fw[i], dstore) != 0)
            storing = 0;
    struct load_count c = {0, 0, 0};
    struct file_seen *seen = xcalloc((size_t)s->cfg->n_surveys + 1, sizeof *seen);
    for (int i = 0; i < s->cfg->n_surveys; i++) {
        storing = storing && !diag_failed(&s->d) && !diag_failed(dstore);
        if (store_survey(s, st, storing, i, seen, &c) != 0)
            storing = 0;
    }
    free(seen);
    int rc = diag_failed(&s->d) || !storing ? -1 : 0;
    if (rc == 0)
        rc = drop_unnamed_files(s, st);
    if (rc == 0)
        progress(s, "load: %d files stored, %d unchanged, %zu answers read", c.stored, c.unchanged,
                 c.answers);
    return rc;
}

/* Open the database for a command that writes, and start its one
   transaction.  NULL with the reason in d. */
static struct store *store_open_tx(struct session *s, struct diag *d)
{
    struct store *st = store_open(s->cfg->database, 0, d);
    if (st && store_begin(st, d) != 0) {
        store_abandon(st);
        st = NULL;
    }
    return st;
}

/* The database's own problems (in use by another run, say) are reported
   only if the files have none, as when the files were read first. */
static void merge_store_diag(struct session *s, struct diag *dstore)
{
    if (!diag_failed(&s->d))
        diag_merge(&s->d, dstore);
    diag_release(dstore);
}

/* `indigo load`: one transaction, committed only if every file is clean;
   rolled back otherwise, and the database is as it was, byte for byte. */
static int do_load(struct session *s)
{
    struct diag dstore;
    diag_init(&dstore);
    struct store *st = store_open_tx(s, &dstore);
    int rc = load_stage(s, st, &dstore);
    if (rc == 0)
        rc = store_commit(st, &s->d);
    if (rc != 0)
        store_abandon(st); /* rolled back: the database is as it was */
    else
        store_close(st);
    merge_store_diag(s, &dstore);
    return rc;
}

int cmd_load(const struct run_opts *o)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return finish(&s, 0);
    do_load(&s);
    return finish(&s, 0);
}

/* The scorer's cursor over the store (score_walk_fn). */
static int walk_store(void *src, int year, const char *framework, enum score_order order,
                      score_row_fn fn, void *ctx, struct diag *d)
{
    return store_walk_answers(src, year, framework, order, fn, ctx, d);
}

/* Score and compute one framework for one year from stored answers: the
   answer set when the caller holds one (report, explain), else a cursor over
   the store, whose memory does not grow with answer rows (compute). */
static int compute_one(struct session *s, const struct framework *fw,
                       const struct answer_set *answers, struct store *st, int year,
                       struct result *res, int **n_respondents, struct uncertainty **ua)
{
    struct score_matrix sm = {0};
    if ((answers ? score_build(fw, s->reg, answers, year, &sm, &s->d)
                 : score_build_walk(fw, s->reg, year, walk_store, st, &sm, &s->d)) != 0)
        return -1;
    const char **codes = xcalloc((size_t)s->reg->n + 1, sizeof *codes);
    const char **groups = xcalloc((size_t)s->reg->n + 1, sizeof *groups);
    double *weights = xcalloc((size_t)s->reg->n + 1, sizeof *weights);
    for (int u = 0; u < s->reg->n; u++) {
        codes[u] = s->reg->items[u].code;
        groups[u] = s->reg->items[u].group;
        weights[u] = s->reg->items[u].weight;
    }
    struct compute_input in = {
        .fw = fw, .n_units = s->reg->n, .unit_code = codes, .unit_group = groups,
        .unit_weight = weights, .raw = sm.raw, .denom = sm.denom, .flags = sm.flags,
    };
    char err[512] = "";
    int rc = compute_run(&in, res, err, sizeof err);
    if (rc != 0)
        diag_error(&s->d, EX_DATAERR_, fw->ini_path, 0, 0, "cannot compute %s %d: %s", fw->code,
                   year, err);
    if (rc == 0 && n_respondents) {
        *n_respondents = sm.n_respondents;
        sm.n_respondents = NULL;
    }
    for (int w = 0; rc == 0 && w < res->n_warning; w++)
        diag_warning(&s->d, fw->ini_path, 0, 0, "%s %d: %s", fw->code, year, res->warning[w]);
    if (rc == 0 && ua && s->cfg->ua_runs > 0) {
        /* the robustness of the ranking: part of every reported round */
        struct ua_options opt;
        ua_options_from_config(&opt, s->cfg);
        if (!s->opts->quiet && isatty(STDERR_FILENO))
            opt.progress = ua_progress_bar;
        *ua = xcalloc(1, sizeof **ua);
        if (uncertainty_run(&in, res, &opt, *ua, err, sizeof err) != 0) {
            rc = diag_error(&s->d, EX_DATAERR_, fw->ini_path, 0, 0,
                            "uncertainty analysis of %s %d: %s", fw->code, year, err);
            free(*ua);
            *ua = NULL;
        } else {
            progress(s, "uncertainty: %s %d, %d replications in %.3f s", fw->code, year,
                     (*ua)->runs, (*ua)->seconds);
        }
    }
    free(codes);
    free(groups);
    free(weights);
    score_matrix_release(&sm);
    return rc;
}

/* Compute every stored year of every framework and store the results, in
   the caller's transaction on st. */
static int compute_stage(struct session *s, struct store *st)
{
    int rc = 0;
    for (int i = 0; i < s->n_fw && rc == 0; i++) {
        int *years = NULL, n_years = 0;
        rc = store_get_years(st, s->fw[i]->code, &years, &n_years, &s->d);
        for (int y = 0; y < n_years && rc == 0; y++) {
            struct result res;
            memset(&res, 0, sizeof res);
            rc = compute_one(s, s->fw[i], NULL, st, years[y], &res, NULL, NULL);
            if (rc == 0)
                rc = store_put_result(st, years[y], &res, &s->d);
            if (rc == 0) {
                char *msg = xasprintf("%s %d computed: %d institutions, %d indicators, %ld cells "
                                      "imputed, %ld winsorised",
                                      s->fw[i]->code, years[y], res.n_units, res.n_ind,
                                      res.n_imputed, res.n_winsorised);
                rc = store_log(st, "compute", msg, &s->d);
                progress(s, "compute: %s", msg);
                free(msg);
            }
            result_release(&res);
        }
        free(years);
    }
    return rc;
}

static int do_compute(struct session *s)
{
    struct store *st = store_open_tx(s, &s->d);
    if (!st)
        return -1;
    int rc = compute_stage(s, st);
    if (rc == 0)
        rc = store_commit(st, &s->d);
    else
        store_rollback(st);
    store_close(st);
    return rc;
}

int cmd_compute(const struct run_opts *o)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return finish(&s, 0);
    do_compute(&s);
    return finish(&s, 0);
}

/* ------------------------------------------------------------------------ */
/* The round for the renderers                                               */
/* ------------------------------------------------------------------------ */
struct round_build {
    struct round_data rd;
    struct answer_set answers;
    struct answer_set earlier;
    struct answer_index by_unit;
};

static void round_release(struct round_build *b)
{
    struct round_data *rd = &b->rd;
    for (int i = 0; i < rd->n_idx; i++) {
        result_release(&rd->idx[i].res);
        free(rd->idx[i].prev_value);
        free(rd->idx[i].prev_rank);
        free(rd->idx[i].n_respondents);
        uncertainty_free(rd->idx[i].ua);
        coherence_release(rd->idx[i].coh);
        free(rd->idx[i].coh);
    }
    free(rd->idx);
    for (int i = 0; i < rd->n_inputs; i++) {
        free(rd->inputs[i].path);
        free(rd->inputs[i].framework);
        free(rd->inputs[i].shape);
    }
    free(rd->inputs);
    answer_index_release(&b->by_unit);
    answer_set_release(&b->answers);
    answer_set_release(&b->earlier);
}

/* The answers of every stored year before the round's, oldest first, for
   the open data: a reviewer recomputes the earlier rounds too. */
static int load_earlier(struct session *s, struct store *st, struct round_build *b)
{
    int *all = NULL, n_all = 0;
    for (int i = 0; i < s->n_fw; i++) {
        int *years = NULL, n_years = 0;
        if (store_get_years(st, s->fw[i]->code, &years, &n_years, &s->d) != 0) {
            free(all);
            return -1;
        }
        for (int y = 0; y < n_years; y++) {
            int seen = years[y] >= b->rd.year;
            for (int k = 0; k < n_all && !seen; k++)
                seen = all[k] == years[y];
            if (seen)
                continue;
            all = xrealloc(all, (size_t)(n_all + 1) * sizeof *all);
            int k = n_all++;
            while (k > 0 && all[k - 1] > years[y]) {
                all[k] = all[k - 1];
                k--;
            }
            all[k] = years[y];
        }
        free(years);
    }
    int rc = 0;
    for (int k = 0; k < n_all && rc == 0; k++)
        rc = store_get_answers(st, all[k], &b->earlier, &s->d);
    free(all);
    b->rd.earlier = &b->earlier;
    return rc;
}

static int round_load(struct session *s, struct store *st, struct round_build *b)
{
    struct round_data *rd = &b->rd;
    memset(b, 0, sizeof *b);
    answer_set_init(&b->answers);
    answer_set_init(&b->earlier);
    rd->cfg = s->cfg;
    rd->reg = s->reg;
    rd->year = s->cfg->year;
    rd->demo = s->cfg->demo;
    rd->answers = &b->answers;
    rd->version = INDIGO_VERSION;
    /* the config as it was read, once (it may have been a pipe) */
    memcpy(rd->config_sha256, s->cfg->sha256, sizeof rd->config_sha256);
    if (store_get_answers(st, rd->year, &b->answers, &s->d) != 0 ||
        store_get_inputs(st, rd->year, &rd->inputs, &rd->n_inputs, &s->d) != 0)
        return -1;
    if (load_earlier(s, st, b) != 0)
        return -1;
    answer_index_build(&b->by_unit, &b->answers, s->reg);
    rd->by_unit = &b->by_unit;
    rd->idx = xcalloc((size_t)s->n_fw + 1, sizeof *rd->idx);
    for (int i = 0; i < s->n_fw; i++) {
        struct index_run *ir = &rd->idx[rd->n_idx];
        int *years = NULL, n_years = 0, has_year = 0;
        if (store_get_years(st, s->fw[i]->code, &years, &n_years, &s->d) != 0)
            return -1;
        for (int y = 0; y < n_years; y++) {
            if (years[y] == rd->year)
                has_year = 1;
            else if (years[y] < rd->year)
                ir->prev_year = years[y];
        }
        free(years);
        if (!has_year) {
            diag_warning(&s->d, s->cfg->path, 0, 0, "no answers stored for %s %d: not reported",
                         s->fw[i]->code, rd->year);
            ir->prev_year = 0;
            continue;
        }
        ir->fw = s->fw[i];
        if (compute_one(s, s->fw[i], &b->answers, st, rd->year, &ir->res, &ir->n_respondents,
                        &ir->ua) != 0) {
            /* not counted in n_idx, so round_release would not free it */
            result_release(&ir->res);
            memset(&ir->res, 0, sizeof ir->res);
            free(ir->n_respondents);
            ir->n_respondents = NULL;
            return -1;
        }
        rd->n_idx++;
        ir->coh = xcalloc(1, sizeof *ir->coh);
        coherence_compute(&ir->res, ir->coh);
        if (ir->prev_year) {
            size_t cells = (size_t)s->reg->n * s->fw[i]->n_nodes;
            ir->prev_value = xcalloc(cells + 1, sizeof *ir->prev_value);
            ir->prev_rank = xcalloc(cells + 1, sizeof *ir->prev_rank);
            int found = store_get_node_values(st, ir->prev_year, s->fw[i], s->reg, ir->prev_value,
                                              ir->prev_rank, &s->d);
            if (found < 0)
                return -1;
            if (!found) {
                diag_warning(&s->d, s->cfg->path, 0, 0,
                             "%s %d has answers but no computed results: run `indigo compute` "
                             "to show change since that round",
                             s->fw[i]->code, ir->prev_year);
                free(ir->prev_value);
                free(ir->prev_rank);
                ir->prev_value = NULL;
                ir->prev_rank = NULL;
                ir->prev_year = 0;
            }
        }
    }
    if (rd->n_idx == 0)
        return diag_error(&s->d, EX_NOINPUT_, s->cfg->path, 0, 0,
                          "nothing to report for %d: no answers stored (run `indigo load`)",
                          rd->year);
    return 0;
}

/* The outputs of a round as numbered tasks (workers.h): first the open
   data, then for each language the charts of each index (ranking, heatmap,
   rank intervals, change), the profile of each institution in each index,
   the workbook, the national report, and each institution's scorecard and
   workbook. */
struct render_job {
    const struct round_data *rd;
    const char *charts, *units, *dir;
    enum lang lang[LANG_COUNT];
    int n_lang;
    int per_lang;            /* tasks per language */
};

enum { CHARTS_PER_INDEX = 5 };
enum render_kind { KIND_CHART, KIND_PDF, KIND_WORKBOOK, KIND_DATA, KIND_SITE };

static int render_task(int t, void *arg, int *kind, struct diag *d)
{
    const struct render_job *job = arg;
    const struct round_data *rd = job->rd;
    /* task 0, taken first so it runs beside the rest: the open data */
    if (t == 0) {
        *kind = KIND_DATA;
        char *data = xasprintf("%s/datos", job->dir);
        int rc = render_open_data(rd, data, d);
        free(data);
        return rc;
    }
    t--;
    int n_idx = rd->n_idx, n_units = rd->reg->n;
    enum lang lang = job->lang[t / job->per_lang];
    const char *lc = lang_code(lang);
    int r = t % job->per_lang, rc = 0;
    char *path = NULL;
    *kind = KIND_CHART;
    if (r < n_idx * CHARTS_PER_INDEX) {
        int i = r / CHARTS_PER_INDEX;
        const char *fw = rd->idx[i].fw->code;
        switch (r % CHARTS_PER_INDEX) {
        case 0:
            path = xasprintf("%s/ranking-%s-%s", job->charts, fw, lc);
            rc = chart_ranking(rd, i, lang, path, 150, d);
            break;
        case 1:
            path = xasprintf("%s/heatmap-%s-%s", job->charts, fw, lc);
            rc = chart_heatmap(rd, i, lang, path, 150, d);
            break;
        case 2:
            if (rd->idx[i].ua) {
                path = xasprintf("%s/intervals-%s-%s", job->charts, fw, lc);
                rc = chart_rank_intervals(rd, i, lang, path, 150, d);
            }
            break;
        case 3:
            if (rd->idx[i].res.n_axes > 0) {
                path = xasprintf("%s/ejes-%s-%s", job->charts, fw, lc);
                rc = chart_axes(rd, i, lang, path, 150, d);
            }
            break;
        default:
            if (rd->idx[i].prev_year) {
                path = xasprintf("%s/change-%s-%s", job->charts, fw, lc);
                rc = chart_change(rd, i, lang, path, 150, d);
            }
            break;
        }
        free(path);
        return rc;
    }
    r -= n_idx * CHARTS_PER_INDEX;
    if (r < n_idx * n_units) {
        int i = r / n_units, u = r % n_units;
        path = xasprintf("%s/profile-%s-%s-%s", job->charts, rd->idx[i].fw->code,
                         rd->reg->items[u].code, lc);
        rc = chart_profile(rd, i, u, lang, path, 150, d);
        free(path);
        return rc;
    }
    r -= n_idx * n_units;
    if (r < 2) {
        if (r == 0) {
            *kind = KIND_WORKBOOK;
            path = xasprintf("%s/indigo-%d-%s.xlsx", job->dir, rd->year, lc);
            rc = render_workbook(rd, lang, path, d);
        } else {
            *kind = KIND_PDF;
            path = xasprintf("%s/informe-nacional-%d-%s.pdf", job->dir, rd->year, lc);
            rc = render_national_pdf(rd, lang, 1, path, d);
        }
        free(path);
        return rc;
    }
    r -= 2;
    const char *code = rd->reg->items[r / 2].code;
    if (r % 2 == 0) {
        *kind = KIND_PDF;
        path = xasprintf("%s/%s/ficha-%s-%d-%s.pdf", job->units, code, code, rd->year, lc);
        rc = render_scorecard_pdf(rd, r / 2, lang, 1, path, d);
    } else {
        *kind = KIND_WORKBOOK;
        path = xasprintf("%s/%s/%s-%d-%s.xlsx", job->units, code, code, rd->year, lc);
        rc = render_institution_workbook(rd, r / 2, lang, path, d);
    }
    free(path);
    return rc;
}

struct site_job {
    const struct round_data *rd;
    const char *dir;
};

static int site_task(int i, void *arg, int *kind, struct diag *d)
{
    const struct site_job *job = arg;
    *kind = KIND_SITE;
    return render_site_page(job->rd, job->dir, i, d);
}

/* Every output of the round, in staging. */
static int render_all(struct session *s, const struct round_data *rd, const char *dir)
{
    struct diag *d = &s->d;
    char *charts = xasprintf("%s/graficos", dir);
    char *units = xasprintf("%s/instituciones", dir);
    char *quest = xasprintf("%s/cuestionarios", dir);
    int rc = 0;
    if (mkdir_p(charts) != 0 || mkdir_p(units) != 0 || mkdir_p(quest) != 0)
        rc = diag_error(d, EX_CANTCREAT_, dir, 0, 0, "cannot create output directories: %s",
                        strerror(errno));
    for (int u = 0; u < rd->reg->n && rc == 0; u++) {
        char *udir = xasprintf("%s/%s", units, rd->reg->items[u].code);
        if (mkdir_p(udir) != 0)
            rc = diag_error(d, EX_CANTCREAT_, udir, 0, 0, "cannot create: %s", strerror(errno));
        free(udir);
    }
    struct render_job job = {rd, charts, units, dir, {LANG_ES}, 0, 0};
    for (int l = 0; l < LANG_COUNT; l++)
        if (s->cfg->languages[l])
            job.lang[job.n_lang++] = (enum lang)l;
    job.per_lang = rd->n_idx * CHARTS_PER_INDEX + rd->n_idx * rd->reg->n + 2 + 2 * rd->reg->n;
    int jobs = s->opts->jobs > 0 ? s->opts->jobs : workers_default_jobs();
    struct workers_time time = {{0}, {0}};
    if (rc == 0)
        rc = workers_run(1 + job.per_lang * job.n_lang, jobs, render_task, &job, &time, d);
    for (int i = 0; i < rd->n_idx && rc == 0; i++) {
        char *sv = xasprintf("%s/%s-xlsform-survey.csv", quest, rd->idx[i].fw->code);
        char *ch = xasprintf("%s/%s-xlsform-choices.csv", quest, rd->idx[i].fw->code);
        if (questionnaire_write_xlsform(rd->idx[i].fw, sv, ch) != 0)
            rc = diag_error(d, EX_CANTCREAT_, sv, 0, 0, "cannot write the questionnaire: %s",
                            strerror(errno));
        free(sv);
        free(ch);
    }
    if (rc == 0) { /* last: it links only to files that exist */
        char *site_dir = xasprintf("%s/sitio", dir);
        struct site_job site = {rd, site_dir};
        rc = render_site_begin(rd, site_dir, d);
        if (rc == 0)
            rc = workers_run(render_site_pages(rd), jobs, site_task, &site, &time, d);
        free(site_dir);
    }
    if (rc == 0)
        progress(s,
                 "report: %d institutions, %d language%s, %d process%s: charts %.3f s "
                 "(%ld), PDFs %.3f s (%ld), workbooks %.3f s (%ld), open data %.3f s, "
                 "site %.3f s (%ld pages) of processor time",
                 rd->reg->n, job.n_lang, job.n_lang == 1 ? "" : "s", jobs,
                 jobs == 1 ? "" : "es", time.seconds[KIND_CHART], time.tasks[KIND_CHART],
                 time.seconds[KIND_PDF], time.tasks[KIND_PDF], time.seconds[KIND_WORKBOOK],
                 time.tasks[KIND_WORKBOOK], time.seconds[KIND_DATA], time.seconds[KIND_SITE],
                 time.tasks[KIND_SITE]);
    free(charts);
    free(units);
    free(quest);
    return rc;
}

/* Where a round's reports go, and the staging directory they are rendered
   into until they replace it. */
struct report_out {
    char *final_dir;
    char *staging;     /* NULL until created, and once removed */
};

static void report_out_release(struct report_out *out)
{
    output_dir_abort(out->staging); /* NULL: nothing to remove */
    free(out->staging);
    free(out->final_dir);
    out->staging = out->final_dir = NULL;
}

/* Render the round stored in st (the caller's transaction) into a fresh
   staging directory.  0 with out->staging set, or -1 (nothing left). */
static int report_stage(struct session *s, struct store *st, struct report_out *out)
{
    struct round_build b;
    int rc = round_load(s, st, &b);
    if (rc == 0) {
        out->staging = output_dir_begin(out->final_dir, &s->d);
        if (!out->staging)
            rc = -1;
    }
    if (rc == 0) {
        rc = render_all(s, &b.rd, out->staging);
        /* name files where the reader finds them, not in staging */
        diag_rename_dir(&s->d, out->staging, out->final_dir);
    }
    round_release(&b);
    return rc;
}

/*
 * Make the run's work visible, the reports and the database together: the
 * reports swap into place (rename), then the transaction commits; if the
 * commit fails the swap is undone, so that a failed run changes neither.
 * (Killed between the two, the new reports stand beside the old database:
 * the next run computes them again.)  The previous reports are removed
 * last.  0, or -1 recorded.
 */
static int publish(struct session *s, struct store *st, struct report_out *out)
{
    char *msg = xasprintf("reports for %d written to %s", s->cfg->year, out->final_dir);
    int had_old = 0;
    int rc = store_log(st, "report", msg, &s->d);
    if (rc == 0)
        rc = output_dir_swap(out->staging, out->final_dir, &had_old, &s->d);
    if (rc == 0 && store_commit(st, &s->d) != 0) {
        if (output_dir_unswap(out->staging, out->final_dir, had_old) != 0)
            diag_error(&s->d, EX_CANTCREAT_, out->final_dir, 0, 0,
                       "cannot put the previous reports back after the database failed: %s "
                       "(they are in %s)",
                       strerror(errno), out->staging);
        rc = -1;
    }
    if (rc == 0)
        progress(s, "report: %s", msg);
    free(msg);
    return rc;
}

/* The final directory of the round's reports; staging directories left by
   killed runs beside it are removed (the caller holds the database lock). */
static void report_out_init(struct session *s, struct report_out *out)
{
    out->final_dir = xasprintf("%s/%d", s->cfg->output, s->cfg->year);
    out->staging = NULL;
    struct stat sb;
    if (stat(s->cfg->output, &sb) == 0)
        output_dir_clean_stale(out->final_dir);
}

static int do_report(struct session *s)
{
    struct store *st = store_open_tx(s, &s->d);
    if (!st)
        return -1;
    struct report_out out;
    report_out_init(s, &out);
    int rc = report_stage(s, st, &out);
    if (rc == 0)
        rc = publish(s, st, &out);
    report_out_release(&out);
    store_close(st); /* rolls back if not committed */
    return rc;
}

int cmd_report(const struct run_opts *o)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return finish(&s, 0);
    do_report(&s);
    return finish(&s, 0);
}

/*
 * `indigo run`: load, compute and report in one transaction, committed
 * only when the reports are in place (publish), so that a run that fails
 * at any stage -- a bad file, a computation that cannot be done, a report
 * that cannot be written -- leaves the database and reports/ as they were.
 */
int cmd_run(const struct run_opts *o)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return finish(&s, 0);
    struct diag dstore;
    diag_init(&dstore);
    struct store *st = store_open_tx(&s, &dstore);
    struct report_out out = {NULL, NULL};
    if (st)
        report_out_init(&s, &out);
    int rc = load_stage(&s, st, &dstore);
    merge_store_diag(&s, &dstore);
    if (rc == 0)
        rc = compute_stage(&s, st);
    if (rc == 0)
        rc = report_stage(&s, st, &out);
    if (rc == 0)
        rc = publish(&s, st, &out);
    report_out_release(&out);
    if (rc != 0)
        store_abandon(st); /* rolled back; a database this run created is removed */
    else
        store_close(st);
    return finish(&s, 0);
}

/* The framework whose indicators carry axis name ("AXIS" or "FRAMEWORK:AXIS",
   case-insensitive), with the axis's code as written in *axis; NULL if none. */
static const struct framework *find_axis(struct session *s, const char *name, const char **axis)
{
    const char *colon = strchr(name, ':');
    const char *want = colon ? colon + 1 : name;
    for (int i = 0; i < s->n_fw; i++) {
        const struct framework *fw = s->fw[i];
        if (colon && (strncasecmp(fw->code, name, (size_t)(colon - name)) != 0 ||
                      strlen(fw->code) != (size_t)(colon - name)))
            continue;
        for (int k = 0; k < fw->n_nodes; k++)
            if (fw->nodes[k].is_indicator && fw->nodes[k].axis &&
                strcasecmp(fw->nodes[k].axis, want) == 0) {
                *axis = fw->nodes[k].axis;
                return fw;
            }
    }
    return NULL;
}

int cmd_explain(const struct run_opts *o, const char *institution, const char *node)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return finish(&s, 0);
    int u = registry_find(s.reg, institution);
    if (u < 0) {
        diag_error(&s.d, EX_USAGE_, NULL, 0, 0, "unknown institution \"%s\" (see %s)", institution,
                   s.cfg->institutions);
        return finish(&s, 0);
    }
    /* NODE or FRAMEWORK:NODE */
    const struct framework *fw = NULL;
    int k = -1;
    const char *colon = strchr(node, ':');
    for (int i = 0; i < s.n_fw; i++) {
        if (colon && (strncasecmp(s.fw[i]->code, node, (size_t)(colon - node)) != 0 ||
                      strlen(s.fw[i]->code) != (size_t)(colon - node)))
            continue;
        int kk = framework_node(s.fw[i], colon ? colon + 1 : node);
        if (kk < 0 && !colon && strcasecmp(s.fw[i]->code, node) == 0)
            kk = s.fw[i]->root;
        if (kk >= 0) {
            if (fw) {
                diag_error(&s.d, EX_USAGE_, NULL, 0, 0,
                           "node \"%s\" exists in %s and %s: write FRAMEWORK:NODE", node, fw->code,
                           s.fw[i]->code);
                return finish(&s, 0);
            }
            fw = s.fw[i];
            k = kk;
        }
    }
    const char *axis = NULL;
    if (!fw)
        fw = find_axis(&s, node, &axis);
    if (!fw) {
        diag_error(&s.d, EX_USAGE_, NULL, 0, 0,
                   "unknown node \"%s\" (expected an index, pillar, indicator or axis code of "
                   "the frameworks)",
                   node);
        return finish(&s, 0);
    }
    struct store *st = store_open(s.cfg->database, 1, &s.d);
    if (!st)
        return finish(&s, 0);
    struct answer_set answers;
    answer_set_init(&answers);
    struct result res;
    memset(&res, 0, sizeof res);
    if (store_get_answers(st, s.cfg->year, &answers, &s.d) == 0 &&
        compute_one(&s, fw, &answers, st, s.cfg->year, &res, NULL, NULL) == 0) {
        int a = 0;
        while (axis && a < res.n_axes && strcmp(res.axis_code[a], axis) != 0)
            a++;
        if (axis && a == res.n_axes)
            BUG("cmd_explain: axis '%s' was not computed", axis);
        if (axis)
            explain_axis_print(stdout, &res, u, a, s.cfg->lang);
        else
            explain_print(stdout, &res, &answers, u, k, s.cfg->lang);
    }
    result_release(&res);
    answer_set_release(&answers);
    store_close(st);
    return finish(&s, 0);
}

/* ------------------------------------------------------------------------ */
/* The charts alone (the determinism test)                                   */
/* ------------------------------------------------------------------------ */
struct chart_session {
    struct session s;
    struct store *st;
    struct round_build b;
    int loaded;
};

struct chart_session *charts_open(const struct run_opts *o)
{
    struct chart_session *cs = xcalloc(1, sizeof *cs);
    if (session_open(&cs->s, o) == 0 && (cs->st = store_open(cs->s.cfg->database, 1, &cs->s.d)))
        cs->loaded = round_load(&cs->s, cs->st, &cs->b) == 0;
    if (!cs->loaded) {
        charts_close(cs);
        return NULL;
    }
    return cs;
}

int charts_count(const struct chart_session *cs)
{
    return cs->b.rd.n_idx * (CHARTS_PER_INDEX + cs->b.rd.reg->n);
}

int charts_round_count(const struct chart_session *cs)
{
    return cs->b.rd.n_idx * CHARTS_PER_INDEX;
}

int charts_render(struct chart_session *cs, int k, enum lang lang, const char *dir)
{
    const struct round_data *rd = &cs->b.rd;
    struct render_job job = {rd, dir, dir, dir, {lang}, 1, 0};
    job.per_lang = rd->n_idx * CHARTS_PER_INDEX + rd->n_idx * rd->reg->n + 2 + 2 * rd->reg->n;
    int kind;
    /* task 0 is the open data; the charts of the first language follow */
    return render_task(1 + k, &job, &kind, &cs->s.d);
}

int charts_close(struct chart_session *cs)
{
    if (!cs)
        return 0;
    if (cs->loaded)
        round_release(&cs->b);
    store_close(cs->st);
    int status = finish(&cs->s, 0);
    free(cs);
    return status;
}
