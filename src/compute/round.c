/*
 * round.c — what every renderer needs to read a computed round the same way
 * (contract in round.h): counts, orderings, the methods' labels and the
 * round's fixed date.
 */
#include "round.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "numfmt.h"
#include "xalloc.h"

int run_n_ranked(const struct index_run *run)
{
    int n = 0;
    for (int u = 0; u < run->res.n_units; u++) /* ranked = no: a score, no rank */
        n += run->res.included[u] && run_rank(run, u, run->fw->root) > 0;
    return n;
}

int framework_decimals(const struct round_data *rd, const struct framework *fw)
{
    if (fw->rank_rounded)
        return fw->rank_decimals; /* as ranked: [rank], else [publisher] or the scale's */
    int scale = scale_decimals(fw->scale_min, fw->scale_max);
    return rd->cfg ? publisher_decimals(&rd->cfg->publisher, scale) : scale; /* no config: a test's round */
}

int run_decimals(const struct round_data *rd, const struct index_run *run)
{
    return framework_decimals(rd, run->fw);
}

/* ---- Orderings ------------------------------------------------------------ */

struct by_score {
    const struct index_run *run;
    const struct registry *reg;
};

static int cmp_by_score(const void *a, const void *b, void *arg)
{
    const struct by_score *c = arg;
    int u = *(const int *)a, v = *(const int *)b;
    double x = run_score(c->run, u), y = run_score(c->run, v);
    int xn = isnan(x), yn = isnan(y);
    if (xn != yn)
        return xn - yn;
    if (!xn && x != y)
        return x > y ? -1 : 1;
    return strcmp(c->reg->items[u].code, c->reg->items[v].code);
}

int *units_by_score(const struct round_data *rd, const struct index_run *run)
{
    int n = rd->reg->n;
    int *order = xcalloc((size_t)(n ? n : 1), sizeof *order);
    for (int i = 0; i < n; i++)
        order[i] = i;
    struct by_score c = {run, rd->reg};
    qsort_r(order, (size_t)n, sizeof *order, cmp_by_score, &c);
    return order;
}

void units_by_rank(const struct index_run *run, int *order)
{
    const struct result *r = &run->res;
    int root = run->fw->root, n = 0;
    for (int rank = 1; rank <= r->n_units; rank++)
        for (int u = 0; u < r->n_units; u++)
            if (run_rank(run, u, root) == rank)
                order[n++] = u;
    for (int u = 0; u < r->n_units; u++)
        if (run_rank(run, u, root) <= 0)
            order[n++] = u;
}

int framework_pillars(const struct framework *fw, int **out)
{
    int n = 0;
    *out = xcalloc((size_t)(fw->n_nodes ? fw->n_nodes : 1), sizeof **out);
    for (int k = 0; k < fw->n_nodes; k++)
        if (fw->nodes[k].parent == fw->root)
            (*out)[n++] = k;
    return n;
}

/* Depth first with an explicit stack (a framework's depth is not bounded by
   the C stack's): the children are pushed last first, so the first child is
   visited first. */
int framework_tree_order(const struct framework *fw, int with_ind, int **out, int **depth)
{
    size_t nn = (size_t)(fw->n_nodes ? fw->n_nodes : 1);
    int *stack = xmalloc(nn * sizeof *stack), *stack_depth = xmalloc(nn * sizeof *stack_depth);
    *out = xcalloc(nn, sizeof **out);
    if (depth)
        *depth = xcalloc(nn, sizeof **depth);
    int n = 0, top = 0;
    stack[top] = fw->root;
    stack_depth[top++] = 0;
    while (top > 0) {
        top--;
        int k = stack[top], dk = stack_depth[top];
        if (fw->nodes[k].is_indicator && !with_ind)
            continue;
        if (n >= fw->n_nodes)
            BUG("framework %s: the tree has a cycle", fw->code);
        (*out)[n] = k;
        if (depth)
            (*depth)[n] = dk;
        n++;
        for (int c = fw->n_nodes - 1; c >= 0; c--)
            if (fw->nodes[c].parent == k && c != k) {
                if (top >= fw->n_nodes)
                    BUG("framework %s: the tree has a cycle", fw->code);
                stack[top] = c;
                stack_depth[top++] = dk + 1;
            }
    }
    free(stack);
    free(stack_depth);
    return n;
}

/* ---- Words ------------------------------------------------------------------ */

/* Indexed by the enums of model.h; the Spanish text is the key of tr(). */
static const char *const norm_es[] = {
    [NORM_NONE] = "ninguna",
    [NORM_MINMAX] = "mín-máx",
    [NORM_ZSCORE] = "puntuación z",
    [NORM_GOALPOSTS] = "metas (goalposts)",
    [NORM_DIST_TARGET] = "distancia a la meta",
    [NORM_DIST_REF] = "distancia a la referencia",
    [NORM_DIST_MAX] = "distancia al máximo",
    [NORM_PRANK] = "rango percentil",
    [NORM_RANK] = "posición ascendente",
};

static const char *const agg_es[] = {
    [AGG_ARITHMETIC] = "media aritmética ponderada",
    [AGG_GEOMETRIC] = "media geométrica ponderada",
    [AGG_HARMONIC] = "media armónica ponderada",
    [AGG_MEDIAN] = "mediana ponderada",
};

static const char *const impute_es[] = {
    [IMPUTE_NONE] = "ninguna",
    [IMPUTE_MEAN] = "media",
    [IMPUTE_MEDIAN] = "mediana",
    [IMPUTE_GROUP_MEAN] = "media del grupo",
    [IMPUTE_GROUP_MEDIAN] = "mediana del grupo",
    [IMPUTE_ZERO] = "cero (sin respuesta = 0)",
};

static const char *const combine_es[] = {
    [COMBINE_MEAN] = "media",
    [COMBINE_MEDIAN] = "mediana",
    [COMBINE_MAX] = "máximo",
    [COMBINE_OFFICIAL] = "encuestado oficial",
};

#define N_OF(a) (sizeof(a) / sizeof *(a))

static const char *label_of(const char *const *es, size_t n, int v, const char *what,
                            enum lang lang)
{
    if (v < 0 || (size_t)v >= n || !es[v])
        BUG("%s %d has no label", what, v);
    return tr(lang, es[v]);
}

const char *norm_method_label(enum norm_method m, enum lang lang)
{
    return label_of(norm_es, N_OF(norm_es), (int)m, "normalisation method", lang);
}

const char *agg_method_label(enum agg_method m, enum lang lang)
{
    return label_of(agg_es, N_OF(agg_es), (int)m, "aggregation method", lang);
}

const char *impute_method_label(enum impute_method m, enum lang lang)
{
    return label_of(impute_es, N_OF(impute_es), (int)m, "imputation method", lang);
}

const char *combine_rule_label(enum combine_rule r, enum lang lang)
{
    return label_of(combine_es, N_OF(combine_es), (int)r, "respondents rule", lang);
}

const char *level_label(const struct framework *fw, int level, enum lang lang)
{
    if (level < 0 || level >= fw->maturity.n)
        return NULL;
    const char *s = fw->maturity.name[level][lang];
    return s && *s ? s : fw->maturity.name[level][LANG_ES];
}

/* ---- Dates -------------------------------------------------------------- */

long long round_timestamp(int year)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = year - 1900;
    tm.tm_mon = 0;
    tm.tm_mday = 1;
    return (long long)timegm(&tm);
}

char *title_with_year(const char *title, int year, const char *sep)
{
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    size_t n = strlen(y);
    for (const char *p = strstr(title, y); p; p = strstr(p + 1, y)) {
        int digit_before = p > title && p[-1] >= '0' && p[-1] <= '9';
        int digit_after = p[n] >= '0' && p[n] <= '9';
        if (!digit_before && !digit_after)
            return xstrdup(title);
    }
    return xasprintf("%s%s%d", title, sep, year);
}
