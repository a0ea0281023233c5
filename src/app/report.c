/*
 * report.c — the commands that render: report (the round's workbooks,
 * PDFs, charts, open data and portal, into a staging directory that
 * replaces reports/<year>/ only when all of it succeeded) and run (load,
 * compute, report).  Part of the program `indigo-render` only, so the
 * renderers' libraries are loaded by the commands that use them (main.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_spill.h"
#include "atomic_file.h"
#include "coherence.h"
#include "error.h"
#include "framework.h"
#include "i18n.h"
#include "indigo_version.h"
#include "ingest.h"
#include "render.h"
#include "render_site.h"
#include "round.h"
#include "session.h"
#include "sha256.h"
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
    struct answer_spill *spill;
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
    answer_spill_free(b->spill);
}

static int round_load(struct session *s, struct store *st, struct round_build *b)
{
    struct round_data *rd = &b->rd;
    memset(b, 0, sizeof *b);
    rd->cfg = s->cfg;
    rd->reg = s->reg;
    rd->year = s->cfg->year;
    rd->demo = s->cfg->demo;
    rd->version = INDIGO_VERSION;
    if (sha256_file(s->cfg->path, rd->config_sha256) != 0)
        return diag_error(&s->d, EX_IOERR_, s->cfg->path, 0, 0, "cannot read: %s", strerror(errno));
    if (store_get_inputs(st, rd->year, &rd->inputs, &rd->n_inputs, &s->d) != 0)
        return -1;
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
        if (compute_one(s, s->fw[i], NULL, st, rd->year, &ir->res, &ir->n_respondents,
                        &ir->ua) != 0)
            return -1;
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
    const struct answer_spill *spill;
    const char *charts, *units, *dir;
    enum lang lang[LANG_COUNT];
    int n_lang;
    int per_lang;            /* tasks per language */
};

enum { CHARTS_PER_INDEX = 4 };
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
            struct spill_set ss;
            rc = answer_spill_all(job->spill, render_xlsx_sheet_rows, &ss, d);
            if (rc == 0) {
                struct round_data with = *rd;
                with.answers = &ss.set;
                with.by_unit = &ss.ix;
                rc = render_workbook(&with, lang, path, d);
                spill_set_release(&ss);
            }
        } else {
            *kind = KIND_PDF;
            path = xasprintf("%s/informe-nacional-%d-%s.pdf", job->dir, rd->year, lc);
            rc = render_national_pdf(rd, lang, 1, path, d);
        }
        free(path);
        return rc;
    }
    r -= 2;
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
        session_progress(s,
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

static int do_report(struct session *s)
{
    struct store *st = store_open(s->cfg->database, 0, &s->d);
    if (!st)
        return -1;
    struct round_build b;
    int rc = round_load(s, st, &b);
    char *final_dir = xasprintf("%s/%d", s->cfg->output, s->cfg->year);
    char *staging = NULL;
    if (rc == 0) {
        staging = output_dir_begin(final_dir, &s->d);
        if (!staging)
            rc = -1;
    }
    if (rc == 0) {
        b.spill = answer_spill_write(st, s->cfg->year, s->reg, staging, &s->d);
        rc = b.spill ? render_all(s, &b.rd, b.spill, staging) : -1;
        /* closed before the reports are synced: the unnamed file goes
           without its pages ever being written out */
        answer_spill_free(b.spill);
        b.spill = NULL;
        /* name files where the reader finds them, not in staging */
        diag_rename_dir(&s->d, staging, final_dir);
    }
    if (rc == 0)
        rc = output_dir_commit(staging, final_dir, &s->d);
    else
        output_dir_abort(staging);
    if (rc == 0) {
        char *msg = xasprintf("reports for %d written to %s", s->cfg->year, final_dir);
        if (store_begin(st, &s->d) == 0 && store_log(st, "report", msg, &s->d) == 0)
            store_commit(st, &s->d);
        session_progress(s, "report: %s", msg);
        free(msg);
    }
    free(staging);
    free(final_dir);
    round_release(&b);
    store_close(st);
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

int cmd_run(const struct run_opts *o)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return session_finish(&s, 0);
    if (do_load(&s) == 0 && do_compute(&s) == 0)
        do_report(&s);
    return session_finish(&s, 0);
}

