/*
 * explain.c — print the trail of one score (contract in explain.h).
 *
 * Everything printed is read back from struct result: the engine keeps every
 * stage, the normalisation parameters (struct norm_report) and the weights as
 * they were used per unit (agg_weight), so explain never recomputes a value
 * in a way that could disagree with compute.c.  The formulas printed are the
 * ones compute.h documents, with the unit's numbers substituted.
 */
#include "explain.h"

#include <math.h>
#include <string.h>

#include "error.h"
#include "framework.h"
#include "i18n.h"
#include "numfmt.h"
#include "round.h"
#include "url.h"

/* The shortest text that reads back as x (0.2, not 0.20000000000000001),
   or "NA" for a missing value. */
static const char *g17(char *buf, size_t n, double x)
{
    if (isnan(x))
        snprintf(buf, n, "NA");
    else
        fmt_shortest(buf, n, x);
    return buf;
}
#define G(x) g17((char[40]){0}, 40, (x))

static const char *node_name(const struct node *nd, enum lang lang)
{
    return nd->name[lang] && *nd->name[lang] ? nd->name[lang]
           : nd->name[LANG_ES] ? nd->name[LANG_ES] : "";
}

/* What an answer counts for when the evidence indicator ev (-1: none asked)
   wants is missing or malformed: NULL if it is supported or not asked. */
static const char *evidence_note(const struct result *r, int ev, const struct answer *a,
                                 enum lang lang)
{
    if (ev < 0 || isnan(a->number) || a->number == 0 || !evidence_problem(a->evidence))
        return NULL;
    return framework_evidence_rule(r->fw, ev) == EVIDENCE_KEEP
               ? tr(lang, "sin evidencia: puntúa igual (missing_evidence = keep)")
               : tr(lang, "sin evidencia: no puntúa (cuenta 0)");
}

/* The answers to question q of this unit, then how many there were.  ev is
   the indicator asking evidence of them, or -1. */
static int print_answers(FILE *out, const struct result *r, const struct answer_set *as,
                         int u, const char *q, int ev, enum lang lang)
{
    int n = 0;
    for (size_t i = 0; as && i < as->n; i++) {
        const struct answer *a = &as->items[i];
        if (!a->institution || !a->question || strcmp(a->institution, r->unit_code[u]) ||
            strcmp(a->question, q))
            continue;
        if (a->framework && r->fw->code && strcmp(a->framework, r->fw->code))
            continue;
        const char *note = evidence_note(r, ev, a, lang);
        fprintf(out, "     %s \"%s\"%s%s%s: \"%s\" = %s  (%s:%ld)%s%s\n", tr(lang, "encuestado"),
                a->respondent ? a->respondent : "", a->is_official ? " (" : "",
                a->is_official ? tr(lang, "oficial") : "", a->is_official ? ")" : "",
                a->value ? a->value : "", G(a->number), a->file ? a->file : "?", a->line,
                note ? "  — " : "", note ? note : "");
        n++;
    }
    if (!n)
        fprintf(out, "     (%s)\n", tr(lang, "sin respuestas registradas"));
    return n;
}

static void print_flags(FILE *out, unsigned f, enum lang lang)
{
    static const struct {
        unsigned bit;
        const char *es;
    } names[] = {
        {FLAG_MISSING, "sin dato"},       {FLAG_IMPUTED, "imputado"},
        {FLAG_WINSORISED, "winsorizado"}, {FLAG_LOGGED, "logaritmo"},
        {FLAG_CLIPPED, "recortado"},      {FLAG_SCREENED, "excluido por filtrado"},
        {FLAG_NO_EVIDENCE, "respuesta sin evidencia"},
        {FLAG_NO_ANSWERS, "sin respuestas"},
    };
    int any = 0;
    fprintf(out, "   %s: ", tr(lang, "marcas"));
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (f & names[i].bit) {
            fprintf(out, "%s%s", any ? ", " : "", tr(lang, names[i].es));
            any = 1;
        }
    fprintf(out, "%s\n", any ? "" : tr(lang, "ninguna"));
}

/* Step 5: the formula of the method with the unit's numbers. */
static void print_normalisation(FILE *out, const struct norm_report *nr, double x,
                                double y, enum lang lang)
{
    double d = nr->direction;
    double xd = x * d;
    fprintf(out, "5. %s: %s (%s %s", tr(lang, "Normalización"), norm_method_label(nr->method, lang),
            tr(lang, "dirección"), G(d));
    if (nr->method != NORM_ZSCORE && nr->method != NORM_RANK && nr->method != NORM_NONE)
        fprintf(out, ", %s %s .. %s", tr(lang, "rango"), G(nr->lo), G(nr->hi));
    fprintf(out, ")\n");
    switch (nr->method) {
    case NORM_NONE:
        fprintf(out, "     x*d = %s * %s = %s\n", G(x), G(d), G(y));
        break;
    case NORM_MINMAX:
        fprintf(out, "     (x*d - min)/(max - min)*(hi - lo) + lo\n");
        fprintf(out, "     = (%s - %s)/(%s - %s)*(%s - %s) + %s = %s\n", G(xd), G(nr->p1),
                G(nr->p2), G(nr->p1), G(nr->hi), G(nr->lo), G(nr->lo), G(y));
        break;
    case NORM_ZSCORE:
        fprintf(out, "     (x*d - %s)/%s\n", tr(lang, "media"), tr(lang, "desv. est."));
        fprintf(out, "     = (%s - %s)/%s = %s\n", G(xd), G(nr->p1), G(nr->p2), G(y));
        break;
    case NORM_GOALPOSTS:
        if (d < 0)
            fprintf(out, "     y = (%s - x)/(%s - %s) = (%s - %s)/(%s - %s)\n",
                    tr(lang, "superior"), tr(lang, "superior"), tr(lang, "inferior"),
                    G(nr->p2), G(x), G(nr->p2), G(nr->p1));
        else
            fprintf(out, "     y = (x - %s)/(%s - %s) = (%s - %s)/(%s - %s)\n",
                    tr(lang, "inferior"), tr(lang, "superior"), tr(lang, "inferior"), G(x),
                    G(nr->p1), G(nr->p2), G(nr->p1));
        fprintf(out, "     %s; lo + y*(hi - lo) = %s\n", tr(lang, "y recortado a [0, 1]"),
                G(y));
        break;
    case NORM_DIST_TARGET:
    case NORM_DIST_REF:
        if (d < 0)
            fprintf(out, "     r = %s/x = %s/%s\n", tr(lang, "meta"), G(nr->p1), G(x));
        else
            fprintf(out, "     r = x/%s = %s/%s\n", tr(lang, "meta"), G(x), G(nr->p1));
        if (nr->method == NORM_DIST_TARGET)
            fprintf(out, "     %s\n", tr(lang, "r con tope 1"));
        fprintf(out, "     lo + r*(hi - lo) = %s\n", G(y));
        break;
    case NORM_DIST_MAX:
        if (d < 0)
            fprintf(out, "     r = min/x = %s/%s\n", G(nr->p2), G(x));
        else
            fprintf(out, "     r = x/max = %s/%s\n", G(x), G(nr->p1));
        fprintf(out, "     lo + r*(hi - lo) = %s\n", G(y));
        break;
    case NORM_PRANK:
        fprintf(out, "     (%s - 1)/(n - 1)*(hi - lo) + lo, n = %d: %s\n",
                tr(lang, "posición ascendente"), nr->n_values, G(y));
        break;
    case NORM_RANK:
        fprintf(out, "     %s, n = %d: %s\n", tr(lang, "posición ascendente"), nr->n_values,
                G(y));
        break;
    }
}

/* Steps 1 to 6 for indicator column j. */
static void print_indicator(FILE *out, const struct result *r, const struct answer_set *as,
                            int u, int j, enum lang lang)
{
    const struct framework *fw = r->fw;
    const struct node *nd = &fw->nodes[r->ind_node[j]];
    size_t c = (size_t)u * (size_t)r->n_ind + (size_t)j;
    unsigned f = r->flags[c];
    const char *q = nd->question && *nd->question ? nd->question : nd->code;

    fprintf(out, "1. %s (%s %s)\n", tr(lang, "Respuestas"), tr(lang, "pregunta"), q);
    int ev = nd->evidence_required && nd->question && *nd->question ? r->ind_node[j] : -1;
    print_answers(out, r, as, u, q, ev, lang);
    fprintf(out, "   %s (%s: %s): %s\n", tr(lang, "valor combinado"), tr(lang, "regla"),
            combine_rule_label(fw->respondents, lang), G(r->raw[c]));

    if (nd->denominator && *nd->denominator) {
        double den = r->denom ? r->denom[c] : NAN;
        fprintf(out, "2. %s %s\n", tr(lang, "Denominador"), nd->denominator);
        print_answers(out, r, as, u, nd->denominator, -1, lang);
        fprintf(out, "   x / (%s / %s) = %s / (%s / %s) = %s\n", tr(lang, "denominador"),
                tr(lang, "factor de escala"), G(r->raw[c]), G(den), G(nd->scale_factor),
                G(r->denominated[c]));
    } else {
        fprintf(out, "2. %s: %s\n", tr(lang, "Denominador"), tr(lang, "ninguno"));
    }

    if (!r->included[u] && (f & FLAG_NO_ANSWERS)) {
        fprintf(out, "3. %s\n", tr(lang, "Institución excluida: no tiene ninguna respuesta en "
                                         "este índice ([aggregate] no_answers = exclude): sin "
                                         "puntaje ni posición"));
        print_flags(out, f, lang);
        return;
    }
    if (!r->included[u]) {
        fprintf(out, "3. %s\n", tr(lang, "Institución excluida por disponibilidad de datos "
                                         "(filtrado): sin puntaje ni posición"));
        print_flags(out, f, lang);
        return;
    }
    if (f & FLAG_IMPUTED)
        fprintf(out, "3. %s (%s): %s\n", tr(lang, "Valor imputado"),
                impute_method_label(fw->steps.impute, lang), G(r->imputed[c]));
    else
        fprintf(out, "3. %s: %s\n", tr(lang, "Imputación"),
                isnan(r->imputed[c]) ? tr(lang, "sin dato") : tr(lang, "no fue necesaria"));

    const struct treat_report *tr_ = &r->treat[j];
    if (!tr_->checked) {
        fprintf(out, "4. %s: %s\n", tr(lang, "Tratamiento de valores atípicos"),
                tr(lang, "no se aplicó"));
    } else {
        fprintf(out, "4. %s: %s %s, %s %s (%s)\n", tr(lang, "Tratamiento de valores atípicos"),
                tr(lang, "asimetría"), G(tr_->skew0), tr(lang, "curtosis"), G(tr_->kurt0),
                tr_->pass0 ? tr(lang, "pasa") : tr(lang, "no pasa"));
        if (!tr_->pass0)
            fprintf(out, "   %s: %d; %s %s, %s %s (%s)\n", tr(lang, "puntos winsorizados"),
                    tr_->n_winsorised, tr(lang, "asimetría"), G(tr_->skew1),
                    tr(lang, "curtosis"), G(tr_->kurt1),
                    tr_->pass1 ? tr(lang, "pasa") : tr(lang, "no pasa"));
        if (tr_->logged)
            fprintf(out, "   log(x - min + 0.01*(max - min)) = log(%s - %s + 0.01*(%s - %s)) "
                         "= %s\n",
                    G(r->imputed[c]), G(tr_->log_min), G(tr_->log_max), G(tr_->log_min),
                    G(r->treated[c]));
        else if (f & FLAG_WINSORISED)
            fprintf(out, "   %s: %s -> %s\n", tr(lang, "winsorizado"), G(r->imputed[c]),
                    G(r->treated[c]));
        else
            fprintf(out, "   %s: %s\n", tr(lang, "valor sin cambios"), G(r->treated[c]));
    }
    print_normalisation(out, &r->norm[j], r->treated[c], r->normalised[c], lang);
    print_flags(out, f, lang);
}

/* One aggregate: every child's term, the result, the unit's rank. */
static void print_aggregate(FILE *out, const struct result *r, int u, int p, int mark,
                            enum lang lang)
{
    const struct framework *fw = r->fw;
    const struct node *pn = &fw->nodes[p];
    enum agg_method m = compute_node_agg(fw, p);
    size_t base = (size_t)u * (size_t)fw->n_nodes;
    int zero = 0;
    for (int k = 0; k < fw->n_nodes; k++)
        if (fw->nodes[k].parent == p && r->value[base + (size_t)k] == 0)
            zero = 1;
    double shift = zero && (m == AGG_GEOMETRIC || m == AGG_HARMONIC) ? fw->steps.geo_zero_shift
                                                                      : 0;
    fprintf(out, "   %s %s (%s), %s:\n", pn->code, node_name(pn, lang), agg_method_label(m, lang),
            m == AGG_ARITHMETIC  ? tr(lang, "suma de peso × valor")
            : m == AGG_GEOMETRIC ? "exp(sum w*ln(x + s))"
            : m == AGG_HARMONIC  ? "1/sum(w/(x + s))"
                                 : tr(lang, "valor donde el peso acumulado llega a 0,5"));
    if (shift != 0)
        fprintf(out, "     %s s = %s\n", tr(lang, "hay un cero: desplazamiento"), G(shift));
    for (int k = 0; k < fw->n_nodes; k++) {
        if (fw->nodes[k].parent != p)
            continue;
        double v = r->value[base + (size_t)k], w = r->agg_weight[base + (size_t)k];
        const char *arrow = k == mark ? "   <-" : "";
        if (isnan(v)) {
            fprintf(out, "     %-14s %s (%s)%s\n", fw->nodes[k].code, G(v),
                    tr(lang, "sin valor, no cuenta"), arrow);
            continue;
        }
        switch (m) {
        case AGG_ARITHMETIC:
            fprintf(out, "     %-14s %s × %s = %s%s\n", fw->nodes[k].code, G(v), G(w),
                    G(w * v), arrow);
            break;
        case AGG_GEOMETRIC:
            fprintf(out, "     %-14s w = %s, w*ln(%s + s) = %s%s\n", fw->nodes[k].code, G(w),
                    G(v), G(w * log(v + shift)), arrow);
            break;
        case AGG_HARMONIC:
            fprintf(out, "     %-14s w = %s, w/(%s + s) = %s%s\n", fw->nodes[k].code, G(w),
                    G(v), G(w / (v + shift)), arrow);
            break;
        case AGG_MEDIAN:
            fprintf(out, "     %-14s %s, w = %s%s\n", fw->nodes[k].code, G(v), G(w), arrow);
            break;
        }
    }
    int rank = r->rank[base + (size_t)p];
    fprintf(out, "     = %s", G(r->value[base + (size_t)p]));
    if (rank > 0)
        fprintf(out, "  (%s %d)", tr(lang, "Posición"), rank);
    fprintf(out, "\n");
    int n_child = 0;
    for (int k = 0; k < fw->n_nodes; k++)
        n_child += fw->nodes[k].parent == p;
    int used = r->n_children ? r->n_children[base + (size_t)p] : n_child;
    if (!isnan(r->value[base + (size_t)p]) && used < n_child)
        fprintf(out, "     %s: %d %s %d\n", tr(lang, "calculado con menos hijos de los que tiene"),
                used, tr(lang, "de"), n_child);
}

int explain_print(FILE *out, const struct result *r, const struct answer_set *answers,
                  int unit, int node, enum lang lang)
{
    const struct framework *fw = r->fw;
    if (unit < 0 || unit >= r->n_units)
        BUG("explain_print: unit %d out of range", unit);
    if (node < 0 || node >= fw->n_nodes)
        BUG("explain_print: node %d out of range", node);
    const struct node *nd = &fw->nodes[node];
    size_t base = (size_t)unit * (size_t)fw->n_nodes;

    fprintf(out, "%s: %s\n", tr(lang, "Institución"), r->unit_code[unit]);
    fprintf(out, "%s: %s:%s — %s (%s)\n", tr(lang, "Nodo"), fw->code ? fw->code : "",
            nd->code, node_name(nd, lang),
            nd->is_indicator ? tr(lang, "indicador") : tr(lang, "agregado"));
    fprintf(out, "%s: %s", tr(lang, "Puntaje"), G(r->value[base + (size_t)node]));
    int n_ranked = 0; /* the denominator: the units ranked at this node */
    for (int u = 0; u < r->n_units; u++)
        n_ranked += r->rank[(size_t)u * (size_t)fw->n_nodes + (size_t)node] > 0;
    if (r->rank[base + (size_t)node] > 0)
        fprintf(out, "  (%s %d / %d)", tr(lang, "Posición"), r->rank[base + (size_t)node],
                n_ranked);
    else if (r->included[unit] && !isnan(r->value[base + (size_t)node]))
        fprintf(out, "  (%s)", tr(lang, "sin posición: el registro la marca ranked = no (se calcula y se publica, pero no se ordena ni entra en el promedio nacional)"));
    fprintf(out, "\n");
    /* the value ranked (and levelled): as published */
    if (fw->rank_rounded && !isnan(r->value[base + (size_t)node]))
        fprintf(out, "%s (%s: %d): %s\n", tr(lang, "Valor publicado, el que se ordena"),
                tr(lang, "decimales"), fw->rank_decimals,
                G(compute_published(fw, r->value[base + (size_t)node])));
    fprintf(out, "\n");

    if (nd->is_indicator) {
        int j = 0;
        while (j < r->n_ind && r->ind_node[j] != node)
            j++;
        if (j == r->n_ind)
            BUG("explain_print: indicator '%s' has no column", nd->code);
        print_indicator(out, r, answers, unit, j, lang);
        if (r->included[unit] && nd->parent >= 0) {
            double w = r->agg_weight[base + (size_t)node];
            fprintf(out, "6. %s: %s; %s: %s; %s: %s\n", tr(lang, "Peso"), G(nd->weight),
                    tr(lang, "normalizado entre hermanos con datos"), G(w),
                    tr(lang, "peso efectivo en el índice"), G(r->eff_weight[node]));
        }
    } else {
        fprintf(out, "%s:\n", tr(lang, "Composición"));
        print_aggregate(out, r, unit, node, -1, lang);
        if (nd->parent >= 0)
            fprintf(out, "   %s: %s; %s: %s\n", tr(lang, "Peso"), G(nd->weight),
                    tr(lang, "peso efectivo en el índice"), G(r->eff_weight[node]));
    }

    if (r->included[unit] && nd->parent >= 0) {
        fprintf(out, "\n%s:\n", tr(lang, "Agregación hacia arriba"));
        int guard = 0;
        for (int c = node, p = nd->parent; p >= 0; c = p, p = fw->nodes[p].parent) {
            if (++guard > fw->n_nodes)
                BUG("explain_print: the parent links of '%s' form a cycle", nd->code);
            print_aggregate(out, r, unit, p, c, lang);
        }
    }
    if (r->included[unit] && fw->maturity.n > 0) {
        int lev = r->maturity[unit];
        fprintf(out, "\n%s: %s\n", tr(lang, "Nivel"),
                lev >= 0 && fw->maturity.name[lev][lang] ? fw->maturity.name[lev][lang] : "NA");
    }
    fflush(out);
    return ferror(out) ? -1 : 0;
}

int explain_axis_print(FILE *out, const struct result *r, int unit, int axis, enum lang lang)
{
    const struct framework *fw = r->fw;
    if (unit < 0 || unit >= r->n_units)
        BUG("explain_axis_print: unit %d out of range", unit);
    if (axis < 0 || axis >= r->n_axes)
        BUG("explain_axis_print: axis %d out of range", axis);
    const char *code = r->axis_code[axis];
    fprintf(out, "%s: %s\n", tr(lang, "Institución"), r->unit_code[unit]);
    fprintf(out, "%s: %s:%s — %s\n", tr(lang, "Eje"), fw->code ? fw->code : "", code,
            fw->axes_label[lang] ? fw->axes_label[lang] : fw->axes_label[LANG_ES]);
    double value = r->axis_value[(size_t)unit * (size_t)r->n_axes + (size_t)axis];
    fprintf(out, "%s: %s\n\n", tr(lang, "Puntaje"), G(value));
    if (!r->included[unit]) {
        fprintf(out, "%s\n",
                tr(lang, "Institución excluida por disponibilidad de datos (filtrado): sin "
                         "puntaje ni posición"));
        fflush(out);
        return ferror(out) ? -1 : 0;
    }
    fprintf(out, "%s:\n", tr(lang, "Indicadores del eje: valor normalizado × peso efectivo"));
    long double s = 0.0L, sw = 0.0L;
    for (int j = 0; j < r->n_ind; j++) {
        const struct node *nd = &fw->nodes[r->ind_node[j]];
        if (!nd->axis || strcmp(nd->axis, code) != 0)
            continue;
        size_t c = (size_t)unit * (size_t)r->n_ind + (size_t)j;
        double v = r->normalised[c], w = r->eff_weight[r->ind_node[j]];
        if (isnan(v)) {
            fprintf(out, "   %-14s %s (%s)\n", nd->code, G(v), tr(lang, "sin valor, no cuenta"));
            continue;
        }
        fprintf(out, "   %-14s %s × %s = %s%s\n", nd->code, G(v), G(w), G(v * w),
                r->flags[c] & FLAG_IMPUTED ? tr(lang, "  (sin respuesta — imputado)") : "");
        s += (long double)v * w;
        sw += w;
    }
    fprintf(out, "   %s: %s / %s = %s\n", tr(lang, "suma de peso × valor entre suma de pesos"),
            G((double)s), G((double)sw), G(value));
    if (r->axis_national)
        fprintf(out, "\n%s: %s\n", tr(lang, "Promedio nacional"), G(r->axis_national[axis]));
    fflush(out);
    return ferror(out) ? -1 : 0;
}
