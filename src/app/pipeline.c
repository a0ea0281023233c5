/*
 * pipeline.c — the commands that need no renderer (see pipeline.h): check,
 * load, compute, explain, and the stages they share with report.c
 * (session.h).  Reads like the pipeline: open the round (config, registry,
 * frameworks), ingest, store, compute.
 */
#include "pipeline.h"
#include "messages.h"

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
#include "round.h"
#include "rounds.h"
#include "score.h"
#include "session.h"
#include "sha256.h"
#include "store.h"
#include "uncertainty.h"
#include "xalloc.h"

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
            o->year != src->year || strcasecmp(o->framework, src->framework) != 0)
            continue; /* one file may feed several frameworks */
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
        if (o->year == src->year && strcasecmp(o->framework, src->framework) == 0 &&
            strcmp(seen[j].sha, seen[i].sha) == 0)
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
    /* a file feeding several frameworks is read once for each: what the
       reads have in common (the institutions, the rows) is said once */
    struct diag again;
    diag_init(&again);
    struct diag *d = src->fw_index > 0 ? &again : &s->d;
    int rc = ingest_file_hashed(src, session_framework(s, src->year, src->framework), s->reg, &sink,
                                seen[i].sha, d);
    if (d == &again)
        diag_merge_new(&s->d, &again);
    else
        diag_release(&again);
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
    int n_files = 0; /* a file feeding several frameworks counts once */
    struct file_seen *seen = xcalloc((size_t)s.cfg->n_surveys + 1, sizeof *seen);
    for (int i = 0; i < s.cfg->n_surveys; i++) {
        struct file_sink k = {NULL, 0};
        read_survey(&s, i, seen, &k);
        answers += k.n;
        n_files += s.cfg->surveys[i].fw_index == 0;
    }
    free(seen);
    if (!diag_failed(&s.d)) {
        int n_ind = 0;
        for (int i = 0; i < s.n_fw; i++) {
            int *tmp;
            n_ind += framework_indicators(s.fw[i], &tmp);
            free(tmp);
        }
        printf(msg_tr("ok: %d institutions, %d frameworks (%d indicators), %d survey files, "
                      "%zu answers\n"),
               s.reg->n, s.n_fw, n_ind, n_files, answers);
        rounds_check_published(&s);
    }
    return session_finish(&s, 0);
}

/* The config describes each round: drop the stored files of (year,
   framework) that it no longer names. */
static int drop_unnamed_files(struct session *s, struct store *st)
{
    int rc = 0, n = s->cfg->n_surveys;
    const char **keep = xcalloc((size_t)n + 1, sizeof *keep);
    for (int i = 0; i < n && rc == 0; i++) {
        const struct survey_source *src = &s->cfg->surveys[i];
        int first = 1; /* each (year, framework) once, at its first section */
        for (int k = 0; k < i && first; k++)
            first = !(s->cfg->surveys[k].year == src->year &&
                      strcasecmp(s->cfg->surveys[k].framework, src->framework) == 0);
        if (!first)
            continue;
        int n_keep = 0;
        for (int k = i; k < n; k++) {
            const struct survey_source *o = &s->cfg->surveys[k];
            if (o->year == src->year && strcasecmp(o->framework, src->framework) == 0)
                keep[n_keep++] = o->display;
        }
        const struct framework *fw = session_framework(s, src->year, src->framework);
        if (store_remove_other_files(st, src->year, fw ? fw->code : src->framework, keep, n_keep,
                                     &s->d) < 0)
            rc = -1;
    }
    free(keep);
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
    if (storing && rounds_guard_published(s, st) != 0)
        storing = 0; /* a published round never changes (rounds.h) */
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
        rc = rounds_store_kept(s, st);
    if (rc == 0)
        session_progress(s, "load: %d files stored, %d unchanged, %zu answers read", c.stored,
                         c.unchanged, c.answers);
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

/* Compute every stored round, each with its own framework and institutions
   (a published round is left as it was), and store the results, in the
   caller's transaction on st. */
int compute_stage(struct session *s, struct store *st)
{
    int *years = NULL, n_years = 0;
    int rc = store_get_rounds(st, &years, &n_years, &s->d);
    for (int y = 0; y < n_years && rc == 0; y++)
        rc = rounds_compute(s, st, years[y]);
    free(years);
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

/* The framework among fw[0..n) whose indicators carry axis name ("AXIS" or
   "FRAMEWORK:AXIS", case-insensitive), with the axis's code as written in
   *axis; NULL if none. */
static struct framework *find_axis(struct framework **fw, int n, const char *name,
                                   const char **axis)
{
    const char *colon = strchr(name, ':');
    const char *want = colon ? colon + 1 : name;
    for (int i = 0; i < n; i++) {
        if (colon && (strncasecmp(fw[i]->code, name, (size_t)(colon - name)) != 0 ||
                      strlen(fw[i]->code) != (size_t)(colon - name)))
            continue;
        for (int k = 0; k < fw[i]->n_nodes; k++)
            if (fw[i]->nodes[k].is_indicator && fw[i]->nodes[k].axis &&
                strcasecmp(fw[i]->nodes[k].axis, want) == 0) {
                *axis = fw[i]->nodes[k].axis;
                return fw[i];
            }
    }
    return NULL;
}

/* NODE or FRAMEWORK:NODE among the frameworks fw[0..n), else an axis of the
   second view: 0 with *out and *node_out (or *axis), or -1 with the problem
   in d (EX_USAGE). */
static int find_node(struct framework **fw, int n, const char *node, struct framework **out,
                     int *node_out, const char **axis, struct diag *d)
{
    *out = NULL;
    *node_out = -1;
    *axis = NULL;
    const char *colon = strchr(node, ':');
    for (int i = 0; i < n; i++) {
        if (colon && (strncasecmp(fw[i]->code, node, (size_t)(colon - node)) != 0 ||
                      strlen(fw[i]->code) != (size_t)(colon - node)))
            continue;
        int kk = framework_node(fw[i], colon ? colon + 1 : node);
        if (kk < 0 && !colon && strcasecmp(fw[i]->code, node) == 0)
            kk = fw[i]->root;
        if (kk < 0)
            continue;
        if (*out)
            return diag_error(d, EX_USAGE_, NULL, 0, 0,
                              "node \"%s\" exists in %s and %s: write FRAMEWORK:NODE", node,
                              (*out)->code, fw[i]->code);
        *out = fw[i];
        *node_out = kk;
    }
    if (!*out)
        *out = find_axis(fw, n, node, axis);
    if (!*out)
        return diag_error(d, EX_USAGE_, NULL, 0, 0,
                          "unknown node \"%s\" (expected an index, pillar, indicator or axis "
                          "code of the frameworks)",
                          node);
    return 0;
}

/* explain without --change: the trail of node k (or of axis) of fw for
   unit u of round r, computed from the round's stored answers. */
static void explain_value(struct session *s, struct store *st, const struct kept_round *r,
                          int u, const struct framework *fw, int k, const char *axis)
{
    struct answer_set answers;
    answer_set_init(&answers);
    struct result res;
    memset(&res, 0, sizeof res);
    if (store_get_answers(st, s->cfg->year, &answers, &s->d) == 0 &&
        session_compute(s, fw, r->reg, &answers, st, s->cfg->year, &res, NULL, NULL) == 0) {
        int a = 0;
        while (axis && a < res.n_axes && strcmp(res.axis_code[a], axis) != 0)
            a++;
        if (axis && a == res.n_axes)
            BUG("cmd_explain: axis '%s' was not computed", axis);
        if (axis)
            explain_axis_print(stdout, &res, u, a, s->cfg->lang);
        else
            explain_print(stdout, &res, &answers, u, k, s->cfg->lang);
    }
    result_release(&res);
    answer_set_release(&answers);
}

int cmd_explain(const struct run_opts *o, const char *institution, const char *node)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return session_finish(&s, 0);
    struct store *st = store_open(s.cfg->database, 1, &s.d);
    if (!st)
        return session_finish(&s, 0);
    struct kept_round r;
    if (kept_round_open(&s, st, s.cfg->year, &r) != 0) {
        kept_round_release(&r);
        store_close(st);
        return session_finish(&s, 0);
    }
    struct framework *fw = NULL;
    const char *axis = NULL;
    int k = -1, u = registry_find(r.reg, institution);
    if (u < 0)
        diag_error(&s.d, EX_USAGE_, NULL, 0, 0,
                   "unknown institution \"%s\": not one of the %d institutions of round %d "
                   "(see %s)",
                   institution, r.reg->n, s.cfg->year, s.cfg->institutions);
    else if (find_node(r.fw, r.n_fw, node, &fw, &k, &axis, &s.d) != 0)
        fw = NULL;
    else if (o->change && axis)
        diag_error(&s.d, EX_USAGE_, NULL, 0, 0,
                   "--change explains an index, pillar or indicator; \"%s\" is an axis of %s "
                   "(explain it without --change)",
                   node, fw->code);
    else if (o->change)
        explain_change(&s, st, &r, u, fw, k);
    else
        explain_value(&s, st, &r, u, fw, k, axis);
    kept_round_release(&r);
    store_close(st);
    return session_finish(&s, 0);
}
