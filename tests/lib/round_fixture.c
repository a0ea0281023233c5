/*
 * round_fixture.c — see round_fixture.h.
 */
#include "round_fixture.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "xalloc.h"

void rfx_init(struct rfx *f, int year, int demo)
{
    memset(f, 0, sizeof *f);
    for (int i = 0; i < RFX_INDEX; i++)
        for (int c = 0; c < RFX_UNITS * TFW_MAX; c++)
            f->prev_value[i][c] = NAN;
    f->cfg.year = year;
    f->cfg.demo = demo;
    f->cfg.languages[LANG_ES] = f->cfg.languages[LANG_EN] = 1;
    f->reg.items = f->inst;
    f->reg.path = (char *)"instituciones.csv";
}

void rfx_unit(struct rfx *f, const char *code, const char *es, const char *en, const char *group,
              double weight)
{
    if (f->n_units >= RFX_UNITS)
        BUG("rfx: more than %d institutions", RFX_UNITS);
    struct institution *it = &f->inst[f->n_units++];
    it->code = (char *)code;
    it->name[LANG_ES] = (char *)es;
    it->name[LANG_EN] = (char *)en;
    it->group = (char *)group;
    it->weight = weight;
    f->reg.n = f->n_units;
}

struct tfw *rfx_index(struct rfx *f, const char *code, const char *es, const char *en)
{
    if (f->n_idx >= RFX_INDEX)
        BUG("rfx: more than %d indices", RFX_INDEX);
    int i = f->n_idx++;
    struct tfw *t = &f->ix[i];
    tfw_init(t, code);
    tfw_name(t, code, es, en);
    t->fw.code = (char *)code;
    t->fw.name[LANG_ES] = (char *)es;
    t->fw.name[LANG_EN] = (char *)en;
    t->fw.scale_min = 0;
    t->fw.scale_max = 100;
    f->run[i].fw = &t->fw;
    return t;
}

void rfx_levels(struct rfx *f, int i, int n, const char *const *es, const char *const *en,
                const double *thr)
{
    struct maturity *m = &f->ix[i].fw.maturity;
    if (n > MATURITY_MAX)
        BUG("rfx: %d maturity levels", n);
    m->n = n;
    for (int l = 0; l < n; l++) {
        m->name[l][LANG_ES] = (char *)es[l];
        m->name[l][LANG_EN] = en ? (char *)en[l] : NULL;
        if (l + 1 < n)
            m->threshold[l] = thr[l];
    }
}

int rfx_compute(struct rfx *f, int i, const double *raw, const double *denom)
{
    const char *code[RFX_UNITS], *group[RFX_UNITS];
    double weight[RFX_UNITS];
    for (int u = 0; u < f->n_units; u++) {
        code[u] = f->inst[u].code;
        group[u] = f->inst[u].group;
        weight[u] = f->inst[u].weight;
    }
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &f->ix[i].fw;
    in.n_units = f->n_units;
    in.unit_code = code;
    in.unit_group = group;
    in.unit_weight = weight;
    in.raw = raw;
    in.denom = denom;
    f->rc[i] = compute_run(&in, &f->run[i].res, f->err, sizeof f->err);
    return f->rc[i];
}

void rfx_previous(struct rfx *f, int i, int year)
{
    f->run[i].prev_year = year;
    f->run[i].prev_value = f->prev_value[i];
    f->run[i].prev_rank = f->prev_rank[i];
}

void rfx_respondents(struct rfx *f, int i)
{
    f->run[i].n_respondents = f->n_respondents[i];
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

void rfx_answer(struct rfx *f, const struct answer *a)
{
    struct answer_set *as = &f->answers;
    as->items = xgrow(as->items, &as->cap, as->n + 1, sizeof *as->items);
    struct answer *x = &as->items[as->n++];
    *x = *a;
    x->framework = dup_or_null(a->framework);
    x->institution = dup_or_null(a->institution);
    x->question = dup_or_null(a->question);
    x->respondent = dup_or_null(a->respondent);
    x->value = dup_or_null(a->value);
    x->evidence = dup_or_null(a->evidence);
    x->file = dup_or_null(a->file);
}

void rfx_input(struct rfx *f, const char *path, const char *sha256, const char *framework,
               int year, long rows, const char *shape)
{
    if (f->n_inputs >= RFX_INDEX)
        BUG("rfx: more than %d input files", RFX_INDEX);
    struct input_file *in = &f->inputs[f->n_inputs++];
    in->path = xstrdup(path);
    snprintf(in->sha256, sizeof in->sha256, "%s", sha256);
    in->framework = xstrdup(framework);
    in->year = year;
    in->rows = rows;
    in->shape = xstrdup(shape);
}

void *rfx_keep(struct rfx *f, void *p)
{
    f->kept = xrealloc(f->kept, (size_t)(f->n_kept + 1) * sizeof *f->kept);
    f->kept[f->n_kept++] = p;
    return p;
}

void rfx_finish(struct rfx *f, const char *version, const char *config_sha256)
{
    struct round_data *rd = &f->rd;
    rd->cfg = &f->cfg;
    rd->reg = &f->reg;
    rd->year = f->cfg.year;
    rd->demo = f->cfg.demo;
    rd->idx = f->run;
    rd->n_idx = f->n_idx;
    if (f->answers.n > 0) {
        answer_index_build(&f->by_unit, &f->answers, &f->reg);
        rd->answers = &f->answers;
        rd->by_unit = &f->by_unit;
    }
    rd->inputs = f->inputs;
    rd->n_inputs = f->n_inputs;
    rd->version = version;
    snprintf(rd->config_sha256, sizeof rd->config_sha256, "%s", config_sha256);
}

void rfx_release(struct rfx *f)
{
    for (int i = 0; i < f->n_idx; i++)
        result_release(&f->run[i].res);
    for (size_t a = 0; a < f->answers.n; a++) {
        struct answer *x = &f->answers.items[a];
        free(x->framework);
        free(x->institution);
        free(x->question);
        free(x->respondent);
        free(x->value);
        free(x->evidence);
        free(x->file);
    }
    free(f->answers.items);
    if (f->rd.by_unit)
        answer_index_release(&f->by_unit);
    for (int i = 0; i < f->n_inputs; i++) {
        free(f->inputs[i].path);
        free(f->inputs[i].framework);
        free(f->inputs[i].shape);
    }
    for (int k = 0; k < f->n_kept; k++)
        free(f->kept[k]);
    free(f->kept);
    memset(f, 0, sizeof *f);
}
