/*
 * session.c — what every command opens first (session.h): the config, the
 * registry and the frameworks of every round it describes, the progress
 * lines, and one framework of one year computed from stored answers.
 *
 * Apart from pipeline.c so that the commands of pipeline.c, rounds.c,
 * round_cmd.c and round_new.c all build on it without calling one another
 * in a loop.
 */
#include "session.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "framework.h"
#include "i18n.h"
#include "messages.h"
#include "registry.h"
#include "score.h"
#include "store.h"
#include "strbuf.h"
#include "uncertainty.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* The round as described by the config (session.h)                          */
/* ------------------------------------------------------------------------ */

/* The uncertainty analysis's progress as a bar on the terminal. */
static void ua_progress_bar(void *ctx, long done, long total)
{
    (void)ctx;
    static const char bar[] = "########################################";
    int pct = (int)(done * 100 / total), w = pct * 40 / 100;
    fprintf(stderr, msg_tr("\runcertainty [%.*s%*s] %3d%% (%ld/%ld)"), w, bar, 40 - w, "", pct,
            done, total);
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
    vfprintf(stderr, msg_tr(fmt), ap);
    fputc('\n', stderr);
    va_end(ap);
}

int session_finish(struct session *s, int status)
{
    diag_print(&s->d, stderr);
    if (status == 0 && diag_failed(&s->d))
        status = s->d.status ? s->d.status : EX_SOFTWARE_;
    for (int i = 0; i < s->n_loaded; i++)
        framework_free(s->loaded[i]);
    free(s->loaded);
    for (int i = 0; i < s->n_years; i++)
        free(s->years[i].fw);
    free(s->years);
    registry_free(s->reg);
    config_free(s->cfg);
    diag_release(&s->d);
    return status;
}

struct framework **session_frameworks(const struct session *s, int year, int *n)
{
    for (int i = 0; i < s->n_years; i++)
        if (s->years[i].year == year) {
            *n = s->years[i].n_fw;
            return s->years[i].fw;
        }
    *n = 0;
    return NULL;
}

struct framework *session_framework(const struct session *s, int year, const char *code)
{
    int n;
    struct framework **fw = session_frameworks(s, year, &n);
    for (int i = 0; i < n; i++)
        if (strcasecmp(fw[i]->code, code) == 0)
            return fw[i];
    return NULL;
}

/* The framework in dir, loaded once whatever the number of rounds using it;
   NULL if it has errors (reported the first time). */
static struct framework *load_framework_dir(struct session *s, const char *dir, int *failed)
{
    for (int i = 0; i < s->n_loaded; i++)
        if (strcmp(s->loaded[i]->dir, dir) == 0)
            return s->loaded[i];
    struct framework *fw = framework_load(dir, &s->d);
    if (!fw) {
        *failed = 1;
        return NULL;
    }
    if (s->cfg->publisher.decimals_set)
        framework_publish_decimals(fw, s->cfg->publisher.decimals);
    s->loaded = xrealloc(s->loaded, (size_t)(s->n_loaded + 1) * sizeof *s->loaded);
    s->loaded[s->n_loaded++] = fw;
    return fw;
}

/* Add round year with the frameworks the config gives it, unless known. */
static void session_add_year(struct session *s, int year, int *failed)
{
    int n;
    if (session_frameworks(s, year, &n))
        return;
    char **names, **dirs;
    int n_dirs = config_frameworks_for(s->cfg, year, &names, &dirs);
    s->years = xrealloc(s->years, (size_t)(s->n_years + 1) * sizeof *s->years);
    struct session_year *y = &s->years[s->n_years++];
    y->year = year;
    y->fw = xcalloc((size_t)n_dirs + 1, sizeof *y->fw);
    y->n_fw = 0;
    for (int i = 0; i < n_dirs; i++) {
        int before = *failed;
        struct framework *fw = load_framework_dir(s, dirs[i], failed);
        if (!fw || before != *failed)
            continue;
        int dup = 0;
        for (int k = 0; k < y->n_fw; k++)
            dup |= strcasecmp(y->fw[k]->code, fw->code) == 0;
        if (dup) {
            diag_error(&s->d, EX_DATAERR_, s->cfg->path, 0, 0,
                       "framework code %s appears twice in the frameworks of %d (%s)", fw->code,
                       year, dirs[i]);
            continue;
        }
        y->fw[y->n_fw++] = fw;
    }
}

/* framework = A, B: a code that is none of the round's frameworks, said at
   its place in the line with the codes there are. */
static void unknown_in_list(struct session *s, const struct survey_source *src, const char *code,
                            int own)
{
    int n = 0;
    struct framework **fw = session_frameworks(s, src->year, &n);
    struct strbuf have, given;
    strbuf_init(&have);
    strbuf_init(&given);
    for (int k = 0; k < n; k++)
        strbuf_addf(&have, "%s%s", k ? ", " : "", fw[k]->code);
    for (int k = 0; k < src->n_fw_list; k++)
        strbuf_addf(&given, "%s%s", k ? ", " : "", src->fw_list[k]);
    char *list = own ? xasprintf("[frameworks.%d]", src->year) : xstrdup("[frameworks]");
    diag_error(&s->d, EX_DATAERR_, s->cfg->path, src->fw_line,
               config_value_column(s->cfg, src->fw_line, code),
               "[survey.%s] framework = %s: %s is not the code of a framework of %s list "
               "(expected codes among %s, separated by commas)",
               src->id, given.buf, code, list, have.buf);
    free(list);
    strbuf_release(&have);
    strbuf_release(&given);
}

/* Each survey's framework is one of its round's; a file feeding several
   (framework = A, B) knows the others', whose columns are not its unknowns. */
static void match_frameworks(struct session *s, struct survey_source *src)
{
    char **names, **dirs;
    int own = config_frameworks_for(s->cfg, src->year, &names, &dirs) &&
              names != s->cfg->fw_names;
    if (src->n_fw_list > 1) {
        src->fw_siblings = xcalloc((size_t)src->n_fw_list, sizeof *src->fw_siblings);
        for (int k = 0; k < src->n_fw_list; k++) {
            const struct framework *fw = session_framework(s, src->year, src->fw_list[k]);
            if (!fw && src->fw_index == 0)
                unknown_in_list(s, src, src->fw_list[k], own);
            if (fw && k != src->fw_index)
                src->fw_siblings[src->n_fw_siblings++] = fw;
        }
        return;
    }
    if (src->framework && !session_framework(s, src->year, src->framework)) {
        if (own)
            diag_error(&s->d, EX_DATAERR_, s->cfg->path, src->line, 0,
                       "[survey.%s] framework = %s is not one of [frameworks.%d] list", src->id,
                       src->framework, src->year);
        else
            diag_error(&s->d, EX_DATAERR_, s->cfg->path, src->line, 0,
                       "[survey.%s] framework = %s is not one of [frameworks] list", src->id,
                       src->framework);
    }
}

int session_open(struct session *s, const struct run_opts *o)
{
    memset(s, 0, sizeof *s);
    s->opts = o;
    diag_init(&s->d);
    s->cfg = config_load(o->config, &s->d);
    if (!s->cfg)
        return -1;
    s->config_year = s->cfg->year;
    if (o->year && o->year != s->cfg->year)
        s->cfg->compare_with = 0; /* the setting of [round] year's round, not of this one */
    if (o->year)
        s->cfg->year = o->year;
    if (o->lang >= 0)
        s->cfg->lang = (enum lang)o->lang;
    msg_set_lang(s->cfg->lang); /* every message from here on */
    if (o->database) {
        free(s->cfg->database);
        s->cfg->database = xstrdup(o->database);
    }
    if (o->output) {
        free(s->cfg->output);
        s->cfg->output = xstrdup(o->output);
    }
    s->reg = registry_load(s->cfg->institutions, s->cfg, NULL, &s->d);
    int fw_failed = 0; /* then surveys cannot be matched: say nothing more */
    session_add_year(s, s->cfg->year, &fw_failed);
    s->fw = s->years[0].fw;
    s->n_fw = s->years[0].n_fw;
    for (int i = 0; i < s->cfg->n_surveys; i++)
        session_add_year(s, s->cfg->surveys[i].year, &fw_failed);
    s->fw = s->years[0].fw; /* years may have moved */
    for (int i = 0; i < s->cfg->n_surveys && !fw_failed; i++)
        match_frameworks(s, &s->cfg->surveys[i]);
    return diag_failed(&s->d) ? -1 : 0;
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
int session_compute(struct session *s, const struct framework *fw, const struct registry *reg,
                    const struct answer_set *answers, struct store *st, int year,
                    struct result *res, int **n_respondents, struct uncertainty **ua)
{
    struct score_matrix sm = {0};
    if ((answers ? score_build(fw, reg, answers, year, &sm, &s->d)
                 : score_build_walk(fw, reg, year, walk_store, st, &sm, &s->d)) != 0)
        return -1;
    const char **codes = xcalloc((size_t)reg->n + 1, sizeof *codes);
    const char **groups = xcalloc((size_t)reg->n + 1, sizeof *groups);
    double *weights = xcalloc((size_t)reg->n + 1, sizeof *weights);
    int *unranked = xcalloc((size_t)reg->n + 1, sizeof *unranked);
    for (int u = 0; u < reg->n; u++) {
        codes[u] = reg->items[u].code;
        groups[u] = reg->items[u].group;
        weights[u] = reg->items[u].weight;
        unranked[u] = reg->items[u].unranked;
    }
    struct compute_input in = {
        .fw = fw, .n_units = reg->n, .unit_code = codes, .unit_group = groups,
        .unit_weight = weights, .unit_unranked = unranked, .raw = sm.raw, .denom = sm.denom, .flags = sm.flags,
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
    free(unranked);
    score_matrix_release(&sm);
    return rc;
}
