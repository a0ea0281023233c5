/*
 * report.c — the commands that render: report (the round's workbooks,
 * PDFs, charts, open data and portal, into a staging directory that
 * replaces reports/<year>/ only when all of it succeeded) and run (load,
 * compute, report), and the charts alone for the determinism test.  Part of
 * the program `indigo-render` only, so the renderers' libraries are loaded
 * by the commands that use them (main.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "answer_spill.h"
#include "atomic_file.h"
#include "coherence.h"
#include "error.h"
#include "framework.h"
#include "i18n.h"
#include "messages.h"
#include "indigo_version.h"
#include "ingest.h"
#include "render.h"
#include "render_site.h"
#include "round.h"
#include "rounds.h"
#include "session.h"
#include "store.h"
#include "uncertainty.h"
#include "workers.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* The round for the renderers                                               */
/* ------------------------------------------------------------------------ */
/* The round as the renderers read it, without its answers: those are in
   spill, read back by each task that lists them (render_task), so the
   report's memory follows institutions x indicators, not answers. */
struct round_build {
    struct round_data rd;
    struct answer_spill *spill;       /* the round's answers, once staging exists */
    struct answer_spill **earlier;    /* each earlier year's, oldest first        */
    int n_earlier;
    struct answer_feed feed;          /* the open data's way to them (round.h)    */
    struct kept_round cur, prev;      /* the round and the one it is compared with */
};

/* The answers' files, closed (and so gone: they are unnamed). */
static void round_release_spills(struct round_build *b)
{
    answer_spill_free(b->spill);
    for (int k = 0; k < b->n_earlier; k++)
        answer_spill_free(b->earlier[k]);
    free(b->earlier);
    b->spill = NULL;
    b->earlier = NULL;
    b->n_earlier = 0;
    b->rd.feed = NULL;
}

static void round_release(struct round_build *b)
{
    struct round_data *rd = &b->rd;
    for (int i = 0; i < rd->n_idx; i++) {
        result_release(&rd->idx[i].res);
        rounds_compare_release(&rd->idx[i]);
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
    round_release_spills(b);
    kept_round_release(&b->cur);
    kept_round_release(&b->prev);
}

/* Every stored round before the round's, oldest first: the open data
   publishes their answers too, so a reviewer recomputes the earlier rounds.
   *n_out years in a new array, or -1. */
static int earlier_years(struct session *s, struct store *st, int year, int **out, int *n_out)
{
    int *all = NULL, n_all = 0, n = 0;
    if (store_get_rounds(st, &all, &n_all, &s->d) != 0) /* ascending */
        return -1;
    for (int k = 0; k < n_all; k++)
        if (all[k] < year)
            all[n++] = all[k];
    *out = all;
    *n_out = n;
    return 0;
}

/* answer_feed.each: the earlier rounds' answers, oldest first, then the
   round's, each in the store's order. */
static int feed_each(const void *ctx, int (*fn)(void *arg, const struct answer *a), void *arg,
                     struct diag *d)
{
    const struct round_build *b = ctx;
    int rc = 0;
    for (int k = 0; k < b->n_earlier && rc == 0; k++)
        rc = answer_spill_each(b->earlier[k], fn, arg, d);
    return rc == 0 ? answer_spill_each(b->spill, fn, arg, d) : rc;
}

/* answer_feed.round: the round's answers alone, in the store's order. */
static int feed_round(const void *ctx, int (*fn)(void *arg, const struct answer *a), void *arg,
                      struct diag *d)
{
    const struct round_build *b = ctx;
    return answer_spill_each(b->spill, fn, arg, d);
}

static int feed_unit(const void *ctx, int unit, struct spill_set *out, struct diag *d)
{
    const struct round_build *b = ctx;
    return answer_spill_unit(b->spill, unit, out, d);
}

/* Every stored round's answers written to unnamed files in dir (the
   staging directory), for the tasks that list them.  0, or -1 recorded. */
static int round_spill(struct session *s, struct store *st, struct round_build *b,
                       const char *dir)
{
    int *years = NULL, n_years = 0;
    if (earlier_years(s, st, b->rd.year, &years, &n_years) != 0)
        return -1;
    b->earlier = xcalloc((size_t)n_years + 1, sizeof *b->earlier);
    int rc = 0;
    for (int k = 0; k < n_years && rc == 0; k++) {
        b->earlier[k] = answer_spill_write(st, years[k], b->rd.reg, dir, &s->d);
        if (b->earlier[k])
            b->n_earlier++;
        else
            rc = -1;
    }
    free(years);
    if (rc == 0) {
        b->spill = answer_spill_write(st, b->rd.year, b->rd.reg, dir, &s->d);
        rc = b->spill ? 0 : -1;
    }
    if (rc == 0) {
        b->feed = (struct answer_feed){b, feed_each, feed_unit, spill_set_release, feed_round};
        b->rd.feed = &b->feed;
    }
    return rc;
}

/* The round to report, as the database keeps it: its own frameworks and
   institutions, each index computed from its answers and compared with the
   earlier round (rounds.h). */
static int round_load(struct session *s, struct store *st, struct round_build *b)
{
    struct round_data *rd = &b->rd;
    memset(b, 0, sizeof *b);
    rd->cfg = s->cfg;
    rd->year = s->cfg->year;
    rd->demo = s->cfg->demo;
    rd->version = INDIGO_VERSION;
    /* the config as it was read, once (it may have been a pipe) */
    memcpy(rd->config_sha256, s->cfg->sha256, sizeof rd->config_sha256);
    if (kept_round_open(s, st, rd->year, &b->cur) != 0)
        return -1;
    if (!b->cur.live)
        rounds_warn_unloaded(s, st, rd->year);
    rd->reg = b->cur.reg;
    int prev_year = rounds_comparison_year(s, st, rd->year);
    if (prev_year < 0 || (prev_year > 0 && kept_round_open(s, st, prev_year, &b->prev) != 0))
        return -1;
    if (store_get_inputs(st, rd->year, &rd->inputs, &rd->n_inputs, &s->d) != 0)
        return -1;
    rd->idx = xcalloc((size_t)b->cur.n_fw + 1, sizeof *rd->idx);
    for (int i = 0; i < b->cur.n_fw; i++) {
        struct framework *fw = b->cur.fw[i];
        struct index_run *ir = &rd->idx[rd->n_idx];
        int *years = NULL, n_years = 0, has_year = 0;
        if (store_get_years(st, fw->code, &years, &n_years, &s->d) != 0)
            return -1;
        for (int y = 0; y < n_years; y++)
            has_year |= years[y] == rd->year;
        free(years);
        if (!has_year) {
            diag_warning(&s->d, s->cfg->path, 0, 0, "no answers stored for %s %d: not reported",
                         fw->code, rd->year);
            continue;
        }
        ir->fw = fw;
        /* scored from the store's cursor: the answers are not held */
        if (session_compute(s, fw, rd->reg, NULL, st, rd->year, &ir->res, &ir->n_respondents,
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
        if (prev_year && rounds_compare(s, st, &b->cur, &b->prev, NULL, ir) != 0)
            return -1;
        if (rounds_trend(s, st, rd->year, rd->reg, ir) != 0)
            return -1;
    }
    if (rd->n_idx == 0)
        return diag_error(&s->d, EX_NOINPUT_, s->cfg->path, 0, 0,
                          "nothing to report for %d: no answers stored (run `indigo load`)",
                          rd->year);
    return 0;
}

/* The outputs of a round as numbered tasks (workers.h), the longest first
   so that the short ones fill in beside them and both cores stay busy to
   the end: the open data, then for each language the round workbook and
   the national report, then for each language the charts of each index
   (ranking, heatmap, rank intervals, change), the profile of each
   institution in each index, and each institution's scorecard and
   workbook. */
struct render_job {
    const struct round_data *rd;
    const struct answer_spill *spill;
    const char *charts, *units, *dir;
    enum lang lang[LANG_COUNT];
    int n_lang;
    int per_lang;            /* a language's charts and institution files */
};

/* The charts of each index, in task order: file name, drawing, and whether
   the index has what the chart shows. */
static int always(const struct index_run *run)
{
    (void)run;
    return 1;
}
static int has_ua(const struct index_run *run)
{
    return run->ua != NULL;
}
static int has_axes(const struct index_run *run)
{
    return run->res.n_axes > 0;
}
static int has_prev(const struct index_run *run)
{
    return run->prev_year != 0;
}

static const struct index_chart {
    const char *name;
    int (*draw)(const struct round_data *rd, int idx, enum lang lang, const char *base, int dpi,
                struct diag *d);
    int (*wanted)(const struct index_run *run);
} index_charts[] = {
    {"ranking", chart_ranking, always},
    {"heatmap", chart_heatmap, always},
    {"intervals", chart_rank_intervals, has_ua},
    {"ejes", chart_axes, has_axes},
    {"nacional", chart_national, always},
    {"tendencia", chart_trend, always},
    {"change", chart_change, has_prev},
};
enum { CHARTS_PER_INDEX = sizeof index_charts / sizeof index_charts[0] };
enum render_kind { KIND_CHART, KIND_PDF, KIND_WORKBOOK, KIND_DATA, KIND_SITE };

/* The round's workbook (r 0) or national report (r 1) in lang. */
static int round_task(const struct render_job *job, enum lang lang, int r, int *kind,
                      struct diag *d)
{
    const struct round_data *rd = job->rd;
    const char *lc = lang_code(lang);
    char *path;
    int rc;
    if (r == 0) {
        *kind = KIND_WORKBOOK;
        path = xasprintf("%s/indigo-%d-%s.xlsx", job->dir, rd->year, lc);
        /* the answers only counted: Respuestas reads them through
           rd->feed as it writes them, so this task's memory does not
           grow with them (a million answers held cost 300 MB) */
        struct answer_set counted = {.items = NULL, .n = answer_spill_count(job->spill)};
        struct round_data with = *rd;
        with.answers = &counted;
        with.by_unit = NULL;
        rc = render_workbook(&with, lang, path, d);
    } else {
        *kind = KIND_PDF;
        path = xasprintf("%s/informe-nacional-%d-%s.pdf", job->dir, rd->year, lc);
        rc = render_national_pdf(rd, lang, 1, path, d);
    }
    free(path);
    return rc;
}

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
    if (t < 2 * job->n_lang)
        return round_task(job, job->lang[t / 2], t % 2, kind, d);
    t -= 2 * job->n_lang;
    int n_idx = rd->n_idx, n_units = rd->reg->n;
    enum lang lang = job->lang[t / job->per_lang];
    const char *lc = lang_code(lang);
    int r = t % job->per_lang, rc = 0;
    char *path = NULL;
    *kind = KIND_CHART;
    if (r < n_idx * CHARTS_PER_INDEX) {
        int i = r / CHARTS_PER_INDEX;
        const struct index_chart *c = &index_charts[r % CHARTS_PER_INDEX];
        if (c->wanted(&rd->idx[i])) {
            path = xasprintf("%s/%s-%s-%s", job->charts, c->name, rd->idx[i].fw->code, lc);
            rc = c->draw(rd, i, lang, path, 150, d);
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
    int u = r / 2;
    const char *code = rd->reg->items[u].code;
    /* the institution's answers, for this file only */
    struct spill_set ss;
    if (answer_spill_unit(job->spill, u, &ss, d) != 0)
        return -1;
    struct round_data with = *rd;
    with.answers = &ss.set;
    with.by_unit = &ss.ix;
    if (r % 2 == 0) {
        *kind = KIND_PDF;
        path = xasprintf("%s/%s/ficha-%s-%d-%s.pdf", job->units, code, code, rd->year, lc);
        rc = render_scorecard_pdf(&with, u, lang, 1, path, d);
    } else {
        *kind = KIND_WORKBOOK;
        path = xasprintf("%s/%s/%s-%d-%s.xlsx", job->units, code, code, rd->year, lc);
        rc = render_institution_workbook(&with, u, lang, path, d);
    }
    spill_set_release(&ss);
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
static int render_all(struct session *s, const struct round_data *rd,
                      const struct answer_spill *spill, const char *dir)
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
    struct render_job job = {rd, spill, charts, units, dir, {LANG_ES}, 0, 0};
    for (int l = 0; l < LANG_COUNT; l++)
        if (s->cfg->languages[l])
            job.lang[job.n_lang++] = (enum lang)l;
    job.per_lang = rd->n_idx * CHARTS_PER_INDEX + rd->n_idx * rd->reg->n + 2 * rd->reg->n;
    int jobs = s->opts->jobs > 0 ? s->opts->jobs : workers_default_jobs();
    struct workers_time time = {{0}, {0}};
    if (rc == 0)
        rc = workers_run(1 + (2 + job.per_lang) * job.n_lang, jobs, render_task, &job, &time, d);
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
        session_progress(s,
                 "report: %d institutions, %d language%s, %d process%s: charts %.3f s "
                 "(%ld), PDFs %.3f s (%ld), workbooks %.3f s (%ld), open data %.3f s, "
                 "site %.3f s (%ld pages) of processor time",
                 rd->reg->n, job.n_lang, job.n_lang == 1 ? "" : "s", jobs,
                 /* the plural ending of "process" (Spanish "procesos": messages.def) */
                 jobs == 1 ? "" : msg_tr("es"), time.seconds[KIND_CHART], time.tasks[KIND_CHART],
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
    memset(&b, 0, sizeof b);
    /* a published round's reports never change (rounds.h) */
    int rc = rounds_guard_report(s, st, s->cfg->year, out->final_dir);
    if (rc == 0)
        rc = round_load(s, st, &b);
    if (rc == 0) {
        out->staging = output_dir_begin(out->final_dir, &s->d);
        if (!out->staging)
            rc = -1;
    }
    if (rc == 0) {
        rc = round_spill(s, st, &b, out->staging);
        if (rc == 0)
            rc = render_all(s, &b.rd, b.spill, out->staging);
        /* closed before the reports are synced: the unnamed files go
           without their pages ever being written out */
        round_release_spills(&b);
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
    char *msg = xasprintf(msg_tr("reports for %d written to %s"), s->cfg->year, out->final_dir);
    int had_old = 0;
    int rc = store_log(st, "report", msg, &s->d);
    /* what the reports were written from: publishing checks it (rounds.h) */
    if (rc == 0)
        rc = rounds_note_report(s, st, s->cfg->year, out->final_dir, s->cfg->sha256);
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
        session_progress(s, "report: %s", msg);
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
    struct store *st = session_open_tx(s, &s->d);
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
        return session_finish(&s, 0);
    do_report(&s);
    return session_finish(&s, 0);
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
        return session_finish(&s, 0);
    struct diag dstore;
    diag_init(&dstore);
    struct store *st = session_open_tx(&s, &dstore);
    struct report_out out = {NULL, NULL};
    if (st)
        report_out_init(&s, &out);
    int rc = load_stage(&s, st, &dstore);
    session_merge_store_diag(&s, &dstore);
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
    return session_finish(&s, 0);
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
    struct render_job job = {rd, NULL, dir, dir, dir, {lang}, 1, 0};
    job.per_lang = rd->n_idx * CHARTS_PER_INDEX + rd->n_idx * rd->reg->n + 2 * rd->reg->n;
    int kind;
    /* task 0 is the open data, 1 and 2 the round's workbook and report; the
       charts follow */
    return render_task(3 + k, &job, &kind, &cs->s.d);
}

int charts_close(struct chart_session *cs)
{
    if (!cs)
        return 0;
    if (cs->loaded)
        round_release(&cs->b);
    store_close(cs->st);
    int status = session_finish(&cs->s, 0);
    free(cs);
    return status;
}

