/*
 * rounds.c — rounds as versioned units, the pipeline's side (rounds.h,
 * docs/rondas.md).
 */
#include "rounds.h"
#include "messages.h"

#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "framework.h"
#include "registry.h"
#include "round_files.h"
#include "sha256.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* A round as kept                                                           */
/* ------------------------------------------------------------------------ */

int rounds_published(struct session *s, struct store *st, int year)
{
    struct publication p;
    int found = store_get_publication(st, year, &p, &s->d);
    publication_release(&p);
    return found;
}

/* The frameworks stored for round year, parsed; *n = 0 if none. */
static int kept_frameworks(struct session *s, struct store *st, int year, struct kept_round *r)
{
    char **codes = NULL;
    int n = 0, rc = store_get_round_framework_codes(st, year, &codes, &n, &s->d);
    r->fw = xcalloc((size_t)n + 1, sizeof *r->fw);
    r->fw_owned = 1;
    for (int i = 0; i < n && rc == 0; i++) {
        struct round_file *files;
        int nf;
        rc = store_get_round_framework(st, year, codes[i], &files, &nf, &s->d);
        struct framework *fw = rc == 0 && nf > 0 ? framework_from_round_files(files, nf, &s->d)
                                                 : NULL;
        if (rc == 0 && !fw)
            rc = -1;
        if (fw && s->cfg->publisher.decimals_set) /* printed as this round prints */
            framework_publish_decimals(fw, s->cfg->publisher.decimals);
        if (fw)
            r->fw[r->n_fw++] = fw;
        round_files_free(files, nf);
    }
    for (int i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
    return rc;
}

int kept_round_open(struct session *s, struct store *st, int year, struct kept_round *r)
{
    memset(r, 0, sizeof *r);
    r->year = year;
    int pub = rounds_published(s, st, year);
    if (pub < 0)
        return -1;
    r->published = pub;
    int n_live;
    struct framework **live = session_frameworks(s, year, &n_live);
    if (year == s->config_year && !pub && live) {
        /* the round being prepared is what the config says it is: its
           registry and frameworks (load and compute keep them with it) */
        r->fw = live;
        r->n_fw = n_live;
        r->reg = s->reg;
        r->live = 1;
        return 0;
    }
    if (kept_frameworks(s, st, year, r) != 0)
        return -1;
    if (r->n_fw == 0) {
        /* a database from before schema 6 */
        int n;
        struct framework **fw = session_frameworks(s, year, &n);
        if (!fw) {
            fw = s->fw;
            n = s->n_fw;
        }
        free(r->fw);
        r->fw = fw;
        r->n_fw = n;
        r->fw_owned = 0;
        diag_warning(&s->d, s->cfg->database, 0, 0,
                     "round %d has no framework stored with it (a database from before "
                     "schema 6): it is computed with the frameworks of %s; `indigo load` with a "
                     "config that names its files keeps them with the round",
                     year, s->cfg->path);
    }
    int found = 0;
    r->reg = store_get_round_institutions(st, year, &found, &s->d);
    r->reg_owned = found;
    if (found && s->reg) { /* where its institutions were read from */
        free(r->reg->path);
        r->reg->path = xstrdup(s->reg->path);
    }
    if (!found) {
        if (diag_failed(&s->d))
            return -1;
        r->reg = s->reg;
    }
    return 0;
}

void kept_round_release(struct kept_round *r)
{
    if (r->fw_owned) {
        for (int i = 0; i < r->n_fw; i++)
            framework_free(r->fw[i]);
        free(r->fw);
    }
    if (r->reg_owned)
        registry_free(r->reg);
    memset(r, 0, sizeof *r);
}

struct framework *kept_round_framework(const struct kept_round *r, const char *code)
{
    for (int i = 0; i < r->n_fw; i++)
        if (strcasecmp(r->fw[i]->code, code) == 0)
            return r->fw[i];
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* load                                                                      */
/* ------------------------------------------------------------------------ */

/* The distinct years of the config's surveys, in order of first mention
   (malloc'd; caller frees). */
static int *survey_years(const struct session *s, int *n)
{
    int *years = xcalloc((size_t)s->cfg->n_surveys + 1, sizeof *years);
    *n = 0;
    for (int i = 0; i < s->cfg->n_surveys; i++) {
        int y = s->cfg->surveys[i].year, seen = 0;
        for (int k = 0; k < *n; k++)
            seen |= years[k] == y;
        if (!seen)
            years[(*n)++] = y;
    }
    return years;
}

static const char *reopen_hint(void)
{
    return msg_tr("a published round never changes; to change it, reopen it first "
                  "(indigo reopen YEAR --reason \"...\")");
}

/* The survey files of published round year: each unchanged, none dropped. */
static int guard_files(struct session *s, struct store *st, int year)
{
    int rc = 0;
    for (int i = 0; i < s->cfg->n_surveys; i++) {
        const struct survey_source *src = &s->cfg->surveys[i];
        char sha[65];
        if (src->year != year || sha256_file(src->path, sha) != 0)
            continue; /* an unreadable file is reported by the load itself */
        int same = store_file_unchanged(st, src, sha, &s->d);
        if (same < 0)
            return -1;
        if (same != 1)
            rc = diag_error(&s->d, EX_NOPERM_, src->display, 0, 0,
                            "round %d is published and this file %s it ([survey.%s]): %s", year,
                            same == 2 ? msg_tr("differs from the one published with")
                                      : msg_tr("is not part of"),
                            src->id, reopen_hint());
    }
    struct input_file *in = NULL;
    int n = 0;
    if (store_get_inputs(st, year, &in, &n, &s->d) != 0)
        return -1;
    for (int k = 0; k < n; k++) {
        int named_pair = 0, named_file = 0;
        for (int i = 0; i < s->cfg->n_surveys; i++) {
            const struct survey_source *src = &s->cfg->surveys[i];
            if (src->year != year || strcasecmp(src->framework, in[k].framework) != 0)
                continue;
            named_pair = 1;
            named_file |= strcmp(src->display, in[k].path) == 0;
        }
        if (named_pair && !named_file)
            rc = diag_error(&s->d, EX_NOPERM_, s->cfg->path, 0, 0,
                            "round %d is published with %s (%s), which the config no longer "
                            "names: loading would remove it; %s",
                            year, in[k].path, in[k].framework, reopen_hint());
    }
    for (int k = 0; k < n; k++) {
        free(in[k].path);
        free(in[k].framework);
        free(in[k].shape);
    }
    free(in);
    return rc;
}

/* The frameworks the config gives published round year: those it has. */
static int guard_frameworks(struct session *s, struct store *st, int year)
{
    int n, rc = 0;
    struct framework **fw = session_frameworks(s, year, &n);
    for (int i = 0; i < n; i++) {
        struct round_file *now = NULL, *kept = NULL;
        int n_now = 0, n_kept = 0;
        if (round_files_read(fw[i]->dir, &now, &n_now, &s->d) != 0 ||
            store_get_round_framework(st, year, fw[i]->code, &kept, &n_kept, &s->d) != 0) {
            rc = -1;
        } else if (n_kept > 0 && !round_files_same(kept, n_kept, now, n_now)) {
            const char *f = round_files_first_difference(kept, n_kept, now, n_now);
            rc = diag_error(&s->d, EX_NOPERM_, fw[i]->dir, 0, 0,
                            "round %d was published with another %s of framework %s: a "
                            "published round never changes; give the new round frameworks of "
                            "its own (indigo round new NEW --from %d) or reopen %d first "
                            "(indigo reopen %d --reason \"...\")",
                            year, f, fw[i]->code, year, year, year);
        }
        round_files_free(now, n_now);
        round_files_free(kept, n_kept);
    }
    return rc;
}

int rounds_guard_published(struct session *s, struct store *st)
{
    int n, rc = 0, *years = survey_years(s, &n);
    for (int i = 0; i < n && rc >= -1; i++) {
        int pub = rounds_published(s, st, years[i]);
        if (pub < 0)
            rc = -2; /* the database, not the round */
        if (pub <= 0)
            continue;
        if (guard_files(s, st, years[i]) != 0)
            rc = -1;
        if (guard_frameworks(s, st, years[i]) != 0)
            rc = -1;
    }
    free(years);
    return rc < 0 ? -1 : 0;
}

/* Store the frameworks the config gives round year, unless the round keeps
   exactly these already (a compute then writes none of them); the run log
   says when one replaces another. */
static int store_frameworks(struct session *s, struct store *st, int year)
{
    int n, rc = 0;
    struct framework **fw = session_frameworks(s, year, &n);
    struct round_file **now = xcalloc((size_t)n + 1, sizeof *now);
    int *n_now = xcalloc((size_t)n + 1, sizeof *n_now);
    const char **codes = xcalloc((size_t)n + 1, sizeof *codes);
    for (int i = 0; i < n && rc == 0; i++) {
        codes[i] = fw[i]->code;
        rc = round_files_read(fw[i]->dir, &now[i], &n_now[i], &s->d);
    }
    int same = rc == 0 ? store_round_frameworks_same(st, year, codes, now, n_now, n, &s->d) : 0;
    if (same < 0)
        rc = -1;
    for (int i = 0; i < n && rc == 0 && !same; i++) {
        struct round_file *kept = NULL;
        int n_kept = 0;
        rc = store_get_round_framework(st, year, fw[i]->code, &kept, &n_kept, &s->d);
        if (rc == 0 && n_kept > 0 && !round_files_same(kept, n_kept, now[i], n_now[i])) {
            char *msg = xasprintf("framework %s of round %d replaced by %s (%s changed)",
                                  fw[i]->code, year, fw[i]->dir,
                                  round_files_first_difference(kept, n_kept, now[i], n_now[i]));
            rc = store_log(st, "load", msg, &s->d);
            free(msg);
        }
        round_files_free(kept, n_kept);
    }
    if (rc == 0 && !same)
        rc = store_clear_round_frameworks(st, year, &s->d);
    for (int i = 0; i < n && rc == 0 && !same; i++)
        rc = store_put_round_framework(st, year, fw[i]->code, i, now[i], n_now[i], &s->d);
    for (int i = 0; i < n; i++)
        round_files_free(now[i], n_now[i]);
    free(now);
    free(n_now);
    free(codes);
    return rc;
}

/* 1 if round year keeps frameworks in the database, 0 if not, -1. */
static int keeps_frameworks(struct session *s, struct store *st, int year)
{
    char **codes = NULL;
    int n = 0;
    if (store_get_round_framework_codes(st, year, &codes, &n, &s->d) != 0)
        return -1;
    for (int i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
    return n > 0;
}

int rounds_store_kept(struct session *s, struct store *st)
{
    int n, rc = 0, *years = survey_years(s, &n);
    for (int i = 0; i < n && rc == 0; i++) {
        int y = years[i], pub = rounds_published(s, st, y);
        int keeps = pub ? 1 : keeps_frameworks(s, st, y);
        if (pub < 0 || keeps < 0)
            rc = -1;
        if (pub || rc)
            continue;
        /* the round being prepared (or the one --year names) takes the
           config's frameworks; an earlier round keeps those it was loaded
           with, so next year's edits never change it */
        int prepared = y == s->config_year || y == s->cfg->year;
        if (prepared || !keeps)
            rc = store_frameworks(s, st, y);
        else
            rounds_warn_unloaded(s, st, y);
        /* the round being prepared measures the registry; an earlier one
           only ever gains institutions that answered it */
        if (rc == 0)
            rc = store_put_round_institutions(st, y, s->reg, y == s->config_year, &s->d);
    }
    free(years);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* compute                                                                   */
/* ------------------------------------------------------------------------ */

static int has_year(struct session *s, struct store *st, const char *framework, int year)
{
    int *years = NULL, n = 0, found = 0;
    if (store_get_years(st, framework, &years, &n, &s->d) != 0)
        return -1;
    for (int i = 0; i < n; i++)
        found |= years[i] == year;
    free(years);
    return found;
}

int rounds_compute(struct session *s, struct store *st, int year)
{
    struct kept_round r;
    int rc = kept_round_open(s, st, year, &r);
    if (rc == 0 && r.published) {
        session_progress(s, "compute: %d is published: its results are kept as published", year);
        kept_round_release(&r);
        return 0;
    }
    /* the round being prepared keeps what it is computed with */
    if (rc == 0 && r.live &&
        (store_frameworks(s, st, year) != 0 ||
         store_put_round_institutions(st, year, s->reg, 1, &s->d) != 0))
        rc = -1;
    for (int i = 0; i < r.n_fw && rc == 0; i++) {
        int has = has_year(s, st, r.fw[i]->code, year);
        if (has <= 0) {
            rc = has;
            continue;
        }
        struct result res;
        memset(&res, 0, sizeof res);
        rc = session_compute(s, r.fw[i], r.reg, NULL, st, year, &res, NULL, NULL);
        if (rc == 0)
            rc = store_put_result(st, year, &res, &s->d);
        if (rc == 0) {
            char *msg = xasprintf(msg_tr("%s %d computed: %d institutions, %d indicators, "
                                         "%ld cells imputed, %ld winsorised"),
                                  r.fw[i]->code, year, res.n_units, res.n_ind, res.n_imputed,
                                  res.n_winsorised);
            rc = store_log(st, "compute", msg, &s->d);
            session_progress(s, "compute: %s", msg);
            free(msg);
        }
        result_release(&res);
    }
    kept_round_release(&r);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* report                                                                    */
/* ------------------------------------------------------------------------ */

char *rounds_canonical_dir(const char *dir)
{
    char *a = xstrdup(dir), *b = xstrdup(dir);
    char *parent = realpath(dirname(a), NULL);
    char *out = parent ? xasprintf("%s/%s", parent, basename(b)) : xstrdup(dir);
    free(parent);
    free(a);
    free(b);
    return out;
}

int rounds_guard_report(struct session *s, struct store *st, int year, const char *dir)
{
    struct publication p;
    int found = store_get_publication(st, year, &p, &s->d), rc = found < 0 ? -1 : 0;
    if (found == 1) {
        char *here = rounds_canonical_dir(dir);
        if (strcmp(here, p.reports) == 0)
            rc = diag_error(&s->d, EX_NOPERM_, dir, 0, 0,
                            "round %d was published on %s with these reports: a published "
                            "round never changes (write them elsewhere with --output DIR, or "
                            "reopen the round: indigo reopen %d --reason \"...\")",
                            year, p.at, year);
        free(here);
    }
    publication_release(&p);
    return rc;
}

int rounds_note_report(struct session *s, struct store *st, int year, const char *dir,
                       const char *config_sha256)
{
    /* a published round's reports are the ones it was published with; a
       copy written elsewhere is not what a later publication would freeze */
    int pub = rounds_published(s, st, year);
    if (pub != 0)
        return pub < 0 ? -1 : 0;
    char state[65];
    char *here = rounds_canonical_dir(dir);
    int rc = store_round_state(st, year, config_sha256, state, &s->d);
    if (rc == 0)
        rc = store_put_report_state(st, year, here, state, &s->d);
    free(here);
    return rc;
}

void rounds_warn_unloaded(struct session *s, struct store *st, int year)
{
    int n;
    struct framework **fw = session_frameworks(s, year, &n);
    for (int i = 0; i < n; i++) {
        struct round_file *now = NULL, *kept = NULL;
        int n_now = 0, n_kept = 0;
        struct diag quiet; /* an unreadable directory is not this warning's business */
        diag_init(&quiet);
        if (round_files_read(fw[i]->dir, &now, &n_now, &quiet) == 0 &&
            store_get_round_framework(st, year, fw[i]->code, &kept, &n_kept, &quiet) == 0 &&
            n_kept > 0 && !round_files_same(kept, n_kept, now, n_now))
            diag_warning(&s->d, fw[i]->dir, 0, 0,
                         "%s differs from the one kept with round %d, which is computed with "
                         "the framework it was loaded with; to give round %d this one, run "
                         "`indigo load --year %d`",
                         round_files_first_difference(kept, n_kept, now, n_now), year, year,
                         year);
        diag_release(&quiet);
        round_files_free(now, n_now);
        round_files_free(kept, n_kept);
    }
}

int rounds_comparison_year(struct session *s, struct store *st, int year)
{
    int *years = NULL, n = 0, prev = 0;
    if (store_get_rounds(st, &years, &n, &s->d) != 0)
        return -1;
    int want = s->cfg->compare_with, found = 0;
    for (int i = 0; i < n; i++) {
        if (years[i] < year)
            prev = years[i];
        found |= years[i] == want;
    }
    free(years);
    if (want && !found)
        return diag_error(&s->d, EX_DATAERR_, s->cfg->path, 0, 0,
                          "[round] compare_with = %d: the database has no round %d (run "
                          "`indigo load` with its surveys, or remove the setting)",
                          want, want);
    return want ? want : prev;
}

/* A computation beside the round's own (the earlier round recomputed, the
   back-calculated basis): its warnings repeat the round's and are left
   out; its errors are not. */
static int aux_compute(struct session *s, const struct framework *fw, const struct registry *reg,
                       const struct answer_set *answers, struct store *st, int year,
                       struct result *res)
{
    struct diag kept = s->d;
    diag_init(&s->d);
    int rc = session_compute(s, fw, reg, answers, st, year, res, NULL, NULL);
    struct diag mine = s->d;
    s->d = kept;
    if (diag_failed(&mine))
        diag_merge(&s->d, &mine);
    else
        diag_release(&mine);
    return rc;
}

/* Whether the earlier framework asked for code (a question, an
   administrative variable or an administrative indicator). */
static int asked_in(const struct framework *prev, const char *code)
{
    if (!code || !*code)
        return 1;
    if (framework_question(prev, code))
        return 1;
    for (int i = 0; i < prev->n_variables; i++)
        if (strcmp(prev->variables[i], code) == 0)
            return 1;
    int k = framework_node(prev, code);
    return k >= 0 && prev->nodes[k].is_indicator &&
           (!prev->nodes[k].question || !*prev->nodes[k].question);
}

/* The indicators of fw the earlier round did not ask: left out of the
   back-calculated basis.  Returns the restricted framework, or NULL when
   every indicator was asked. */
static struct framework *back_framework(const struct framework *fw, const struct framework *prev,
                                        struct index_run *ir)
{
    unsigned char *keep = xcalloc((size_t)fw->n_nodes + 1, 1);
    int dropped = 0;
    for (int k = 0; k < fw->n_nodes; k++) {
        const struct node *nd = &fw->nodes[k];
        if (!nd->is_indicator)
            continue;
        const char *q = nd->question && *nd->question ? nd->question : nd->code;
        keep[k] = asked_in(prev, q) && asked_in(prev, nd->denominator);
        if (!keep[k]) {
            ir->not_asked = xrealloc(ir->not_asked,
                                     (size_t)(ir->n_not_asked + 1) * sizeof *ir->not_asked);
            ir->not_asked[ir->n_not_asked++] = xstrdup(nd->code);
            dropped = 1;
        }
    }
    struct framework *out = dropped ? framework_restrict(fw, keep) : NULL;
    free(keep);
    return out;
}

/* The values of r (units of reg_r, nodes of r->fw) in the layout of ir:
   its units (through ir->prev_unit when from_prev) and fw's nodes. */
static void map_values(const struct index_run *ir, int n_units, const struct result *r,
                       double *value, int *rank)
{
    const struct framework *fw = ir->fw, *rf = r->fw;
    for (int u = 0; u < n_units; u++) {
        int p = ir->prev_unit[u];
        for (int k = 0; k < fw->n_nodes; k++) {
            size_t c = (size_t)u * fw->n_nodes + k;
            int kr = framework_node(rf, fw->nodes[k].code);
            value[c] = NAN;
            rank[c] = 0;
            if (p < 0 || kr < 0)
                continue;
            value[c] = r->value[(size_t)p * rf->n_nodes + kr];
            rank[c] = r->rank[(size_t)p * rf->n_nodes + kr];
        }
    }
}

/* Stored values of the earlier round that a recomputation with its own
   framework does not give back: results computed before a later load. */
static long stale_cells(const struct index_run *ir, int n_units)
{
    const struct framework *fw = ir->fw, *pf = ir->prev_fw;
    long n = 0;
    for (int u = 0; u < n_units; u++) {
        int p = ir->prev_unit[u];
        for (int k = 0; k < fw->n_nodes && p >= 0; k++) {
            int kp = framework_node(pf, fw->nodes[k].code);
            if (kp < 0)
                continue;
            double a = ir->prev_value[(size_t)u * fw->n_nodes + k];
            double b = ir->prev_res.value[(size_t)p * pf->n_nodes + kp];
            n += !((isnan(a) && isnan(b)) || a == b);
        }
    }
    return n;
}

/* The back-calculated basis: the earlier answers on this method. */
static int back_calculate(struct session *s, struct store *st, const struct kept_round *cur,
                          const struct kept_round *prev, const struct answer_set *cur_answers,
                          struct index_run *ir, int n_units)
{
    const struct framework *fw = ir->fw;
    ir->back_fw = back_framework(fw, ir->prev_fw, ir);
    const struct framework *bf = ir->back_fw ? ir->back_fw : fw;
    if (aux_compute(s, bf, prev->reg, NULL, st, prev->year, &ir->back_res) != 0)
        return -1;
    if (ir->back_fw &&
        aux_compute(s, bf, cur->reg, cur_answers, st, cur->year, &ir->restr_res) != 0)
        return -1;
    size_t cells = (size_t)n_units * fw->n_nodes;
    ir->back_value = xcalloc(cells + 1, sizeof *ir->back_value);
    ir->back_rank = xcalloc(cells + 1, sizeof *ir->back_rank);
    map_values(ir, n_units, &ir->back_res, ir->back_value, ir->back_rank);
    ir->back_national = xcalloc((size_t)fw->n_nodes + 1, sizeof *ir->back_national);
    for (int k = 0; k < fw->n_nodes; k++) {
        int kb = framework_node(bf, fw->nodes[k].code);
        ir->back_national[k] = kb >= 0 ? ir->back_res.national[kb] : NAN;
    }
    return 0;
}

int rounds_compare(struct session *s, struct store *st, const struct kept_round *cur,
                   const struct kept_round *prev, const struct answer_set *cur_answers,
                   struct index_run *ir)
{
    const struct framework *fw = ir->fw;
    const struct registry *reg = cur->reg;
    ir->prev_fw = kept_round_framework(prev, fw->code);
    int has = ir->prev_fw ? has_year(s, st, fw->code, prev->year) : 0;
    if (has <= 0) {
        ir->prev_fw = NULL;
        return has;
    }
    size_t cells = (size_t)reg->n * fw->n_nodes;
    ir->prev_value = xcalloc(cells + 1, sizeof *ir->prev_value);
    ir->prev_rank = xcalloc(cells + 1, sizeof *ir->prev_rank);
    int found = store_get_node_values(st, prev->year, fw, reg, ir->prev_value, ir->prev_rank,
                                      &s->d);
    if (found < 0)
        return -1;
    if (!found) {
        diag_warning(&s->d, s->cfg->path, 0, 0,
                     "%s %d has answers but no computed results: run `indigo compute` to show "
                     "change since that round",
                     fw->code, prev->year);
        free(ir->prev_value);
        free(ir->prev_rank);
        ir->prev_value = NULL;
        ir->prev_rank = NULL;
        ir->prev_fw = NULL;
        return 0;
    }
    ir->prev_year = prev->year;
    ir->prev_published = prev->published;
    ir->prev_unit = xcalloc((size_t)reg->n + 1, sizeof *ir->prev_unit);
    for (int u = 0; u < reg->n; u++) {
        ir->prev_unit[u] = registry_find(prev->reg, reg->items[u].code);
        if (ir->prev_unit[u] < 0) /* not measured then: no earlier value */
            for (int k = 0; k < fw->n_nodes; k++) {
                ir->prev_value[(size_t)u * fw->n_nodes + k] = NAN;
                ir->prev_rank[(size_t)u * fw->n_nodes + k] = 0;
            }
    }
    if (aux_compute(s, ir->prev_fw, prev->reg, NULL, st, prev->year, &ir->prev_res) != 0)
        return -1;
    long stale = stale_cells(ir, reg->n);
    if (stale)
        diag_warning(&s->d, s->cfg->database, 0, 0,
                     "%s %d: stored values differ from a recomputation with the round's own "
                     "framework (%ld of them; results from before its last load?): the "
                     "comparison uses the stored values%s",
                     fw->code, prev->year, stale,
                     prev->published ? "" : msg_tr("; run `indigo compute` to update them"));
    method_diff_frameworks(ir->prev_fw, fw, &ir->diff);
    if (ir->diff.n > 0 && back_calculate(s, st, cur, prev, cur_answers, ir, reg->n) != 0)
        return -1;
    return 0;
}

int rounds_trend(struct session *s, struct store *st, int year, const struct registry *reg,
                 struct index_run *ir)
{
    const struct framework *fw = ir->fw;
    if (store_get_national_series(st, fw->code, fw->nodes[fw->root].code, year - 1, reg,
                                  &ir->trend_year, &ir->trend_value, &ir->n_trend, &s->d) != 0)
        return -1;
    double now = ir->res.national[fw->root];
    if (isnan(now))
        return 0;
    ir->trend_year = xrealloc(ir->trend_year, (size_t)(ir->n_trend + 1) * sizeof *ir->trend_year);
    ir->trend_value =
        xrealloc(ir->trend_value, (size_t)(ir->n_trend + 1) * sizeof *ir->trend_value);
    ir->trend_year[ir->n_trend] = year;
    ir->trend_value[ir->n_trend++] = now;
    return 0;
}

void rounds_compare_release(struct index_run *ir)
{
    free(ir->trend_year);
    free(ir->trend_value);
    free(ir->prev_value);
    free(ir->prev_rank);
    free(ir->prev_unit);
    result_release(&ir->prev_res);
    method_diff_release(&ir->diff);
    framework_free(ir->back_fw);
    for (int i = 0; i < ir->n_not_asked; i++)
        free(ir->not_asked[i]);
    free(ir->not_asked);
    result_release(&ir->back_res);
    free(ir->back_value);
    free(ir->back_rank);
    free(ir->back_national);
    result_release(&ir->restr_res);
}
