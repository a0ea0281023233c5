/*
 * pipeline.c — the commands that need no renderer (see pipeline.h): check,
 * load, compute, explain, and the session they share with report.c
 * (session.h).  Reads like the pipeline: open the round (config, registry,
 * frameworks), ingest, store, compute.
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

#include "compute.h"
#include "config.h"
#include "error.h"
#include "explain.h"
#include "framework.h"
#include "i18n.h"
#include "ingest.h"
#include "registry.h"
#include "score.h"
#include "session.h"
#include "sha256.h"
#include "store.h"
#include "uncertainty.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* The round as described by the config                                      */
/* ------------------------------------------------------------------------ */

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

void session_progress(const struct session *s, const char *fmt, ...)
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
int session_finish(struct session *s, int status)
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
int session_open(struct session *s, const struct run_opts *o)
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
        return session_finish(&s, 0);
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
    return session_finish(&s, 0);
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
int load_stage(struct session *s, struct store *st, struct diag *dstore)
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
        session_progress(s, "load: %d files stored, %d unchanged, %zu answers read", c.stored, c.unchanged,
                 c.answers);
    return rc;
}

/* Open the database for a command that writes, and start its one
   transaction.  NULL with the reason in d. */
struct store *session_open_tx(struct session *s, struct diag *d)
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
void session_merge_store_diag(struct session *s, struct diag *dstore)
{
    if (!diag_failed(&s->d))
        diag_merge(&s->d, dstore);
    diag_release(dstore);
}

/* `indigo load`: one transaction, committed only if every file is clean;
   rolled back otherwise, and the database is as it was, byte for byte. */
int do_load(struct session *s)
{
    struct diag dstore;
    diag_init(&dstore);
    struct store *st = session_open_tx(s, &dstore);
    int rc = load_stage(s, st, &dstore);
    if (rc == 0)
        rc = store_commit(st, &s->d);
    if (rc != 0)
        store_abandon(st); /* rolled back: the database is as it was */
    else
        store_close(st);
    session_merge_store_diag(s, &dstore);
    return rc;
}

int cmd_load(const struct run_opts *o)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return session_finish(&s, 0);
    do_load(&s);
    return session_finish(&s, 0);
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
int compute_one(struct session *s, const struct framework *fw,
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
            session_progress(s, "uncertainty: %s %d, %d replications in %.3f s", fw->code, year,
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
int compute_stage(struct session *s, struct store *st)
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
                session_progress(s, "compute: %s", msg);
                free(msg);
            }
            result_release(&res);
        }
        free(years);
    }
    return rc;
}

int do_compute(struct session *s)
{
    struct store *st = session_open_tx(s, &s->d);
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
        return session_finish(&s, 0);
    do_compute(&s);
    return session_finish(&s, 0);
}

int cmd_explain(const struct run_opts *o, const char *institution, const char *node)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return session_finish(&s, 0);
    int u = registry_find(s.reg, institution);
    if (u < 0) {
        diag_error(&s.d, EX_USAGE_, NULL, 0, 0, "unknown institution \"%s\" (see %s)", institution,
                   s.cfg->institutions);
        return session_finish(&s, 0);
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
                return session_finish(&s, 0);
            }
            fw = s.fw[i];
            k = kk;
        }
    }
    if (!fw) {
        diag_error(&s.d, EX_USAGE_, NULL, 0, 0,
                   "unknown node \"%s\" (expected an index, pillar or indicator code of the "
                   "frameworks)",
                   node);
        return session_finish(&s, 0);
    }
    struct store *st = store_open(s.cfg->database, 1, &s.d);
    if (!st)
        return session_finish(&s, 0);
    struct answer_set answers;
    answer_set_init(&answers);
    struct result res;
    memset(&res, 0, sizeof res);
    if (store_get_answers(st, s.cfg->year, &answers, &s.d) == 0 &&
        compute_one(&s, fw, &answers, st, s.cfg->year, &res, NULL, NULL) == 0)
        explain_print(stdout, &res, &answers, u, k, s.cfg->lang);
    result_release(&res);
    answer_set_release(&answers);
    store_close(st);
    return session_finish(&s, 0);
}

