/*
 * method_diff.c — the differences of method between two frameworks
 * (method_diff.h).  Every comparison is of the values in force (a node's
 * aggregation is its override or its level's default), so a difference is
 * listed once, where it acts.
 */
#include "method_diff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute.h"
#include "framework.h"
#include "i18n.h"
#include "strbuf.h"
#include "xalloc.h"

/* sb's string, and sb released (strbuf_detach leaves it initialised). */
static char *detached(struct strbuf *sb)
{
    char *p = strbuf_detach(sb);
    strbuf_release(sb);
    return p;
}

/* The shortest text that reads back as x (15 digits, else 17); "—" for NAN. */
static char *num_text(double x)
{
    if (isnan(x))
        return xstrdup("\xe2\x80\x94");
    char buf[40];
    snprintf(buf, sizeof buf, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, sizeof buf, "%.17g", x);
    return xstrdup(buf);
}

static void add(struct method_diff *out, enum change_area area, const char *fw,
                const char *item, const char *what, char *before, char *after)
{
    out->items = xrealloc(out->items, (size_t)(out->n + 1) * sizeof *out->items);
    out->items[out->n++] = (struct method_change){area, xstrdup(fw), xstrdup(item), what,
                                                  before, after};
}

static int same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* NAN equals NAN: both "none". */
static int same_num(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static void num(struct method_diff *out, enum change_area area, const char *fw,
                const char *item, const char *what, double a, double b)
{
    if (!same_num(a, b))
        add(out, area, fw, item, what, num_text(a), num_text(b));
}

static void str(struct method_diff *out, enum change_area area, const char *fw,
                const char *item, const char *what, const char *a, const char *b)
{
    if (!same_str(a, b))
        add(out, area, fw, item, what, xstrdup(a && *a ? a : "\xe2\x80\x94"),
            xstrdup(b && *b ? b : "\xe2\x80\x94"));
}

static char *steps_text(const struct framework *fw)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < fw->steps.n; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", step_name(fw->steps.order[i]));
    return detached(&sb);
}

static char *list_text(char *const *items, int n)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < n; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", items[i]);
    return detached(&sb);
}

static char *thresholds_text(const struct maturity *m)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i + 1 < m->n; i++) {
        char *t = num_text(m->threshold[i]);
        strbuf_addf(&sb, "%s%s", i ? ", " : "", t);
        free(t);
    }
    return detached(&sb);
}

static void diff_settings(const struct framework *a, const struct framework *b,
                          struct method_diff *out)
{
    const char *c = b->code;
    const struct steps *sa = &a->steps, *sb = &b->steps;
    num(out, AREA_SCALE, c, "[index] scale_min", "mínimo de la escala", a->scale_min,
        b->scale_min);
    num(out, AREA_SCALE, c, "[index] scale_max", "máximo de la escala", a->scale_max,
        b->scale_max);
    str(out, AREA_SCORING, c, "[index] respondents", "regla para varios encuestados",
        combine_rule_name(a->respondents), combine_rule_name(b->respondents));
    char *la = list_text(a->variables, a->n_variables);
    char *lb = list_text(b->variables, b->n_variables);
    str(out, AREA_SCORING, c, "[variables] list", "variables administrativas", la, lb);
    free(la);
    free(lb);
    char *ta = steps_text(a), *tb = steps_text(b);
    str(out, AREA_STRUCTURE, c, "[steps] order", "pasos del cálculo", ta, tb);
    free(ta);
    free(tb);
    num(out, AREA_SCREENING, c, "[screen] threshold", "umbral de datos", sa->screen_threshold,
        sb->screen_threshold);
    la = list_text(sa->force_include, sa->n_force_include);
    lb = list_text(sb->force_include, sb->n_force_include);
    str(out, AREA_SCREENING, c, "[screen] force_include", "incluidas siempre", la, lb);
    free(la);
    free(lb);
    la = list_text(sa->force_exclude, sa->n_force_exclude);
    lb = list_text(sb->force_exclude, sb->n_force_exclude);
    str(out, AREA_SCREENING, c, "[screen] force_exclude", "excluidas siempre", la, lb);
    free(la);
    free(lb);
    str(out, AREA_IMPUTATION, c, "[impute] method", "método de imputación",
        impute_method_name(sa->impute), impute_method_name(sb->impute));
    num(out, AREA_TREATMENT, c, "[treat] winmax", "puntos winsorizados como máximo", sa->winmax,
        sb->winmax);
    num(out, AREA_TREATMENT, c, "[treat] skew", "asimetría máxima", sa->skew_max, sb->skew_max);
    num(out, AREA_TREATMENT, c, "[treat] kurtosis", "curtosis máxima", sa->kurt_max, sb->kurt_max);
    num(out, AREA_TREATMENT, c, "[treat] log_fallback", "logaritmo si no basta", sa->log_fallback,
        sb->log_fallback);
    num(out, AREA_NORMALISATION, c, "[normalise] lower", "límite inferior de la normalización",
        sa->norm_lower, sb->norm_lower);
    num(out, AREA_NORMALISATION, c, "[normalise] upper", "límite superior de la normalización",
        sa->norm_upper, sb->norm_upper);
    for (int l = 2; l < LEVEL_MAX; l++) {
        char key[40];
        snprintf(key, sizeof key, "[aggregate] threshold_%d", l);
        num(out, AREA_AGGREGATION, c, key, "umbral de hijos con datos", sa->agg_threshold[l],
            sb->agg_threshold[l]);
    }
    num(out, AREA_AGGREGATION, c, "[aggregate] zero_shift", "desplazamiento ante un cero",
        sa->geo_zero_shift, sb->geo_zero_shift);
    char *ma = thresholds_text(&a->maturity), *mb = thresholds_text(&b->maturity);
    str(out, AREA_SCALE, c, "[maturity] thresholds", "umbrales de madurez", ma, mb);
    free(ma);
    free(mb);
}

static const char *parent_code(const struct framework *fw, const struct node *n)
{
    return n->parent >= 0 ? fw->nodes[n->parent].code : NULL;
}

/* A node in both frameworks: what acts on its score. */
static void diff_node(const struct framework *a, int ka, const struct framework *b, int kb,
                      struct method_diff *out)
{
    const struct node *na = &a->nodes[ka], *nb = &b->nodes[kb];
    const char *c = b->code, *code = nb->code;
    if (na->is_indicator != nb->is_indicator) {
        add(out, AREA_STRUCTURE, c, code, "tipo de nodo",
            xstrdup(na->is_indicator ? "indicador" : "agregado"),
            xstrdup(nb->is_indicator ? "indicador" : "agregado"));
        return;
    }
    str(out, AREA_STRUCTURE, c, code, "padre", parent_code(a, na), parent_code(b, nb));
    if (ka != a->root || kb != b->root)
        num(out, AREA_WEIGHTS, c, code, "peso", na->weight, nb->weight);
    if (!nb->is_indicator) {
        str(out, AREA_AGGREGATION, c, code, "método de agregación",
            agg_method_name(compute_node_agg(a, ka)), agg_method_name(compute_node_agg(b, kb)));
        return;
    }
    str(out, AREA_SCORING, c, code, "pregunta", na->question, nb->question);
    str(out, AREA_SCORING, c, code, "denominador", na->denominator, nb->denominator);
    num(out, AREA_SCORING, c, code, "factor de escala", na->scale_factor, nb->scale_factor);
    num(out, AREA_NORMALISATION, c, code, "dirección", na->direction, nb->direction);
    str(out, AREA_NORMALISATION, c, code, "método de normalización",
        norm_method_name(compute_node_norm(a, ka)), norm_method_name(compute_node_norm(b, kb)));
    num(out, AREA_NORMALISATION, c, code, "meta inferior", na->lower, nb->lower);
    num(out, AREA_NORMALISATION, c, code, "meta superior", na->upper, nb->upper);
    num(out, AREA_NORMALISATION, c, code, "valor de referencia", na->target, nb->target);
}

static char *options_text(const struct question *q)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int k = 0; k < q->n_options; k++) {
        char *p = num_text(q->options[k].points);
        strbuf_addf(&sb, "%s%s=%s", k ? ", " : "", q->options[k].code, p);
        free(p);
    }
    return detached(&sb);
}

static void diff_questions(const struct framework *a, const struct framework *b,
                           struct method_diff *out)
{
    const char *c = b->code;
    for (int i = 0; i < b->n_questions; i++) {
        const struct question *qb = &b->questions[i];
        const struct question *qa = framework_question(a, qb->code);
        if (!qa) {
            add(out, AREA_SCORING, c, qb->code, "pregunta añadida", NULL, NULL);
            continue;
        }
        str(out, AREA_SCORING, c, qb->code, "tipo de respuesta", answer_type_name(qa->type),
            answer_type_name(qb->type));
        char *oa = options_text(qa), *ob = options_text(qb);
        str(out, AREA_SCORING, c, qb->code, "puntos por opción", oa, ob);
        free(oa);
        free(ob);
        if (!same_str(qa->text[LANG_ES], qb->text[LANG_ES]) ||
            !same_str(qa->text[LANG_EN], qb->text[LANG_EN]))
            add(out, AREA_SCORING, c, qb->code, "texto de la pregunta", NULL, NULL);
    }
    for (int i = 0; i < a->n_questions; i++)
        if (!framework_question(b, a->questions[i].code))
            add(out, AREA_SCORING, c, a->questions[i].code, "pregunta retirada", NULL, NULL);
}

void method_diff_frameworks(const struct framework *a, const struct framework *b,
                            struct method_diff *out)
{
    if (!a && !b)
        return;
    if (!a || !b) {
        const struct framework *f = a ? a : b;
        add(out, AREA_INDICATORS, f->code, f->code, a ? "índice retirado" : "índice añadido",
            NULL, NULL);
        return;
    }
    diff_settings(a, b, out);
    for (int kb = 0; kb < b->n_nodes; kb++) {
        const struct node *nb = &b->nodes[kb];
        int ka = framework_node(a, nb->code);
        if (ka >= 0) {
            diff_node(a, ka, b, kb, out);
            continue;
        }
        const char *p = parent_code(b, nb);
        add(out, nb->is_indicator ? AREA_INDICATORS : AREA_STRUCTURE, b->code, nb->code,
            nb->is_indicator ? "indicador añadido" : "agregado añadido", NULL,
            xstrdup(p ? p : "\xe2\x80\x94"));
    }
    for (int ka = 0; ka < a->n_nodes; ka++) {
        const struct node *na = &a->nodes[ka];
        if (framework_node(b, na->code) >= 0)
            continue;
        const char *p = parent_code(a, na);
        add(out, na->is_indicator ? AREA_INDICATORS : AREA_STRUCTURE, b->code, na->code,
            na->is_indicator ? "indicador retirado" : "agregado retirado",
            xstrdup(p ? p : "\xe2\x80\x94"), NULL);
    }
    diff_questions(a, b, out);
}

void method_diff_release(struct method_diff *d)
{
    for (int i = 0; i < d->n; i++) {
        free(d->items[i].framework);
        free(d->items[i].item);
        free(d->items[i].before);
        free(d->items[i].after);
    }
    free(d->items);
    d->items = NULL;
    d->n = 0;
}

const char *change_area_name(enum change_area area, enum lang lang)
{
    switch (area) {
    case AREA_INDICATORS: return tr(lang, "Indicadores");
    case AREA_WEIGHTS: return tr(lang, "Pesos");
    case AREA_STRUCTURE: return tr(lang, "Estructura");
    case AREA_SCORING: return tr(lang, "Puntuación de las respuestas");
    case AREA_SCREENING: return tr(lang, "Filtrado");
    case AREA_IMPUTATION: return tr(lang, "Imputación");
    case AREA_TREATMENT: return tr(lang, "Tratamiento de valores atípicos");
    case AREA_NORMALISATION: return tr(lang, "Normalización");
    case AREA_AGGREGATION: return tr(lang, "Agregación");
    case AREA_SCALE: return tr(lang, "Escala y niveles");
    case AREA_COUNT: break;
    }
    BUG("unknown change area %d", (int)area);
}

char *method_change_text(const struct method_change *c, enum lang lang)
{
    const char *what = tr(lang, c->what);
    if (strcmp(c->what, "tipo de nodo") == 0) /* its values are words too */
        return xasprintf("%s: %s %s \xe2\x86\x92 %s", c->item, what, tr(lang, c->before),
                         tr(lang, c->after));
    /* added: where it went; removed: where it was; else before -> after */
    if (c->before && c->after)
        return xasprintf("%s: %s %s \xe2\x86\x92 %s", c->item, what, c->before, c->after);
    if (c->after)
        return xasprintf("%s: %s (%s %s)", c->item, what, tr(lang, "en"), c->after);
    if (c->before)
        return xasprintf("%s: %s (%s %s)", c->item, what, tr(lang, "estaba en"), c->before);
    return xasprintf("%s: %s", c->item, what);
}
