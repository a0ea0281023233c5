/*
 * method_text.c — see method_text.h.  The phrases are in both languages here
 * (es, en), next to each other, so a statement cannot be translated apart
 * from its formula.
 */
#include "method_text.h"

#include <stdio.h>
#include <string.h>

#include "compute.h"
#include "numfmt.h"
#include "strbuf.h"

#define ES_EN(es, en) ((const char *const[LANG_COUNT]){(es), (en)})

/* x as the shortest text that reads back to the same double, with a
   decimal comma in Spanish. */
static void add_num(struct strbuf *sb, double x, enum lang lang)
{
    char num[FMT_SHORTEST_MAX];
    fmt_shortest(num, sizeof num, x);
    for (char *p = num; *p; p++)
        if (*p == '.' && lang == LANG_ES)
            *p = ',';
    strbuf_adds(sb, num);
}

char *method_treat_text(const struct steps *st, enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Un indicador se trata cuando se superan ambos límites: |asimetría| >= ",
                           "An indicator is treated when both limits are exceeded: |skewness| >= ")
                         [lang]);
    add_num(&sb, st->skew_max, lang);
    strbuf_adds(&sb, ES_EN(" y curtosis >= ", " and kurtosis >= ")[lang]);
    add_num(&sb, st->kurt_max, lang);
    strbuf_adds(&sb, ES_EN(" (asimetría g1·sqrt(n(n-1))/(n-2) y curtosis en exceso ajustada a la "
                           "muestra, como COINr). Se winsorizan hasta ",
                           " (skewness g1·sqrt(n(n-1))/(n-2) and sample-adjusted excess kurtosis, as "
                           "COINr). Up to ")[lang]);
    strbuf_addf(&sb, "%d", st->winmax);
    strbuf_adds(&sb, ES_EN(" puntos: los valores extremos del lado que indica el signo de la "
                           "asimetría pasan al siguiente valor, hasta que se cumple un límite.",
                           " points are winsorised: the extreme values on the side the skewness's "
                           "sign points to move to the next value, until one limit holds.")[lang]);
    if (st->log_fallback)
        strbuf_adds(&sb, ES_EN(" Si no basta, se usa log(x - mín + 0,01·(máx - mín)) de los "
                               "valores sin tratar.",
                               " If that is not enough, log(x - min + 0.01·(max - min)) of the "
                               "untreated values is used.")[lang]);
    char *s = strbuf_detach(&sb);
    strbuf_release(&sb);
    return s;
}

static const char *agg_formula(enum agg_method m, enum lang lang)
{
    switch (m) {
    case AGG_ARITHMETIC:
        return ES_EN("media aritmética ponderada, sum(w_i x_i) / sum(w_i)",
                     "weighted arithmetic mean, sum(w_i x_i) / sum(w_i)")[lang];
    case AGG_GEOMETRIC:
        return ES_EN("media geométrica ponderada, exp(sum(w_i ln(x_i + s)) / sum(w_i)) - s",
                     "weighted geometric mean, exp(sum(w_i ln(x_i + s)) / sum(w_i)) - s")[lang];
    case AGG_HARMONIC:
        return ES_EN("media armónica ponderada, sum(w_i) / sum(w_i / (x_i + s)) - s",
                     "weighted harmonic mean, sum(w_i) / sum(w_i / (x_i + s)) - s")[lang];
    case AGG_MEDIAN:
        return ES_EN("mediana ponderada", "weighted median")[lang];
    }
    return "?";
}

/* The level's method as the nodes of that level use it (the first one's;
   overrides are listed apart). */
static void add_level(struct strbuf *sb, const struct framework *fw, int level, enum lang lang)
{
    const struct steps *st = &fw->steps;
    int root = fw->nodes[fw->root].level == level;
    if (root)
        strbuf_adds(sb, ES_EN("el índice", "the index")[lang]);
    else
        strbuf_addf(sb, "%s %d", ES_EN("nivel", "level")[lang], level);
    strbuf_adds(sb, ": ");
    enum agg_method m = root ? compute_node_agg(fw, fw->root) : st->agg[level];
    strbuf_adds(sb, agg_formula(m, lang));
    for (int k = 0; k < fw->n_nodes; k++) {
        const struct node *n = &fw->nodes[k];
        if (k == fw->root || n->level != level || n->is_indicator || compute_node_agg(fw, k) == m)
            continue;
        strbuf_addf(sb, " (%s %s: %s)", ES_EN("salvo", "except")[lang], n->code,
                    agg_formula(compute_node_agg(fw, k), lang));
    }
}

char *method_aggregate_text(const struct framework *fw, enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Cada nodo agrega a sus hijos con datos, con sus pesos renormalizados "
                           "entre ellos (w_i: peso del hijo); de abajo arriba, ",
                           "Each node aggregates its children with data, their weights "
                           "renormalised among them (w_i: the child's weight); from the bottom "
                           "up, ")[lang]);
    int top = fw->nodes[fw->root].level;
    for (int l = 2; l <= top; l++) {
        if (l > 2)
            strbuf_adds(&sb, "; ");
        add_level(&sb, fw, l, lang);
    }
    strbuf_adds(&sb, ". s = ");
    add_num(&sb, fw->steps.geo_zero_shift, lang);
    strbuf_adds(&sb, ES_EN(" si algún x_i es 0, si no 0.", " if some x_i is 0, else 0.")[lang]);
    char *s = strbuf_detach(&sb);
    strbuf_release(&sb);
    return s;
}

static const char *level_label_of(const struct maturity *m, int l, enum lang lang)
{
    return m->name[l][lang] && *m->name[l][lang] ? m->name[l][lang] : m->name[l][LANG_ES];
}

char *method_levels_text(const struct framework *fw, enum lang lang)
{
    const struct maturity *m = &fw->maturity;
    if (m->n <= 0)
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Nivel de madurez del índice v", "Maturity level of the index v")[lang]);
    if (m->rounded)
        strbuf_addf(&sb, ES_EN(" (redondeado antes a %d %s, como se publica)",
                               " (first rounded to %d %s, as published)")[lang],
                    m->decimals, m->decimals == 1 ? ES_EN("decimal", "decimal")[lang]
                                                  : ES_EN("decimales", "decimals")[lang]);
    strbuf_adds(&sb, ": ");
    /* a value on a threshold belongs to the level above it unless
       [maturity] boundary = lower */
    const char *below = m->boundary_lower ? " <= " : " < ";
    const char *above = m->boundary_lower ? " < " : " <= ";
    for (int l = 0; l < m->n; l++) {
        if (l > 0)
            strbuf_adds(&sb, "; ");
        strbuf_adds(&sb, level_label_of(m, l, lang));
        strbuf_adds(&sb, ES_EN(" si ", " if ")[lang]);
        if (l > 0) {
            add_num(&sb, m->threshold[l - 1], lang);
            strbuf_adds(&sb, above);
        }
        strbuf_adds(&sb, "v");
        if (l + 1 < m->n) {
            strbuf_adds(&sb, below);
            add_num(&sb, m->threshold[l], lang);
        } else {
            strbuf_adds(&sb, ES_EN(" (sin límite superior)", " (no upper limit)")[lang]);
        }
    }
    strbuf_adds(&sb, ".");
    char *s = strbuf_detach(&sb);
    strbuf_release(&sb);
    return s;
}

char *method_eff_weight_text(const struct framework *fw, enum lang lang)
{
    int geo = 0, har = 0, med = 0;
    for (int k = 0; k < fw->n_nodes; k++) {
        if (fw->nodes[k].is_indicator)
            continue;
        enum agg_method m = compute_node_agg(fw, k);
        geo |= m == AGG_GEOMETRIC;
        har |= m == AGG_HARMONIC;
        med |= m == AGG_MEDIAN;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, ES_EN("Peso efectivo de un nodo: el producto de los pesos, normalizados entre "
                           "hermanos, desde el nodo hasta el índice.",
                           "Effective weight of a node: the product of the weights, normalised "
                           "among siblings, from the node up to the index.")[lang]);
    if (!geo && !har && !med)
        strbuf_adds(&sb, ES_EN(" Como toda la agregación es aritmética, es la parte del índice "
                               "que aporta el nodo: el índice sube w·d si el nodo sube d.",
                               " As every aggregate is arithmetic, it is the node's share of "
                               "the index: the index rises by w·d if the node rises by d.")[lang]);
    else
        strbuf_adds(&sb, ES_EN(" No es una parte lineal del índice donde la agregación no es "
                               "aritmética:", " It is not a linear share of the index where "
                               "the aggregation is not arithmetic:")[lang]);
    if (geo)
        strbuf_adds(&sb, ES_EN(" en una media geométrica el peso w_i es una elasticidad, "
                               "d(y + s)/(y + s) = w_i·d(x_i + s)/(x_i + s), y el efecto de un "
                               "punto es dy/dx_i = w_i·(y + s)/(x_i + s), mayor para los hijos "
                               "con valor bajo;",
                               " in a geometric mean the weight w_i is an elasticity, "
                               "d(y + s)/(y + s) = w_i·d(x_i + s)/(x_i + s), and one point's "
                               "effect is dy/dx_i = w_i·(y + s)/(x_i + s), larger for children "
                               "with low values;")[lang]);
    if (har)
        strbuf_adds(&sb, ES_EN(" en una media armónica dy/dx_i = w_i·((y + s)/(x_i + s))^2;",
                               " in a harmonic mean dy/dx_i = w_i·((y + s)/(x_i + s))^2;")[lang]);
    if (med)
        strbuf_adds(&sb, ES_EN(" en una mediana ponderada solo cuenta el hijo mediano;",
                               " in a weighted median only the median child counts;")[lang]);
    if (geo || har || med) {
        sb.buf[sb.len - 1] = '.';
    }
    char *s = strbuf_detach(&sb);
    strbuf_release(&sb);
    return s;
}
