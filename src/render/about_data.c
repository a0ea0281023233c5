/*
 * about_data.c — what the indices measure and where the data come from
 * (contract in about_data.h).
 */
#include "about_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "framework.h"
#include "i18n.h"
#include "numfmt.h"
#include "strbuf.h"
#include "uncertainty.h"
#include "xalloc.h"

#define EM_DASH "\xe2\x80\x94"

/* ---- blocks ---------------------------------------------------------------- */

/* sb's text, sb left empty with nothing to free (strbuf_detach re-inits). */
static char *take(struct strbuf *sb)
{
    char *p = strbuf_detach(sb);
    strbuf_release(sb);
    return p;
}

static void add(struct about *a, enum about_kind kind, char *text, struct about_table *t)
{
    a->block = xrealloc(a->block, (size_t)(a->n + 1) * sizeof *a->block);
    a->block[a->n++] = (struct about_block){kind, text, t};
}

static void add_text(struct about *a, enum about_kind kind, const char *text)
{
    add(a, kind, xstrdup(text), NULL);
}

/* A table of n columns: heads, widths (points, one 0 = the rest) and which
   columns are numbers, aligned right. */
static struct about_table *table_new(int n, const char *const *head, const double *width,
                                     const int *right)
{
    struct about_table *t = xcalloc(1, sizeof *t);
    t->n_cols = n;
    t->head = xcalloc((size_t)n, sizeof *t->head);
    t->width = xcalloc((size_t)n, sizeof *t->width);
    t->right = xcalloc((size_t)n, sizeof *t->right);
    for (int c = 0; c < n; c++) {
        t->head[c] = xstrdup(head[c]);
        t->width[c] = width[c];
        t->right[c] = right[c];
    }
    return t;
}

static void table_row(struct about_table *t, const char *const *cell)
{
    size_t at = (size_t)t->n_rows * (size_t)t->n_cols;
    t->cell = xrealloc(t->cell, (at + (size_t)t->n_cols) * sizeof *t->cell);
    for (int c = 0; c < t->n_cols; c++)
        t->cell[at + (size_t)c] = xstrdup(cell[c] ? cell[c] : "");
    t->n_rows++;
}

static void table_free(struct about_table *t)
{
    if (!t)
        return;
    for (int c = 0; c < t->n_cols; c++)
        free(t->head[c]);
    for (size_t k = 0; k < (size_t)t->n_rows * (size_t)t->n_cols; k++)
        free(t->cell[k]);
    free(t->head);
    free(t->width);
    free(t->right);
    free(t->cell);
    free(t);
}

void about_release(struct about *a)
{
    for (int k = 0; k < a->n; k++) {
        free(a->block[k].text);
        table_free(a->block[k].table);
    }
    free(a->block);
    a->block = NULL;
    a->n = 0;
}

/* ---- facts ----------------------------------------------------------------- */

static int has_step(const struct framework *fw, enum step_kind s)
{
    for (int k = 0; k < fw->steps.n; k++)
        if (fw->steps.order[k] == s)
            return 1;
    return 0;
}

/* An indicator normalised against the other institutions: its value moves
   when theirs do (goalposts and distance to a target do not). */
static int is_relative(const struct framework *fw, const struct node *nd)
{
    if (!nd->is_indicator || !has_step(fw, STEP_NORMALISE))
        return 0;
    enum norm_method m = nd->norm_set ? nd->norm : fw->steps.norm;
    return m == NORM_MINMAX || m == NORM_ZSCORE || m == NORM_DIST_REF || m == NORM_DIST_MAX ||
           m == NORM_PRANK || m == NORM_RANK;
}

void about_coverage_of(const struct round_data *rd, const struct index_run *run,
                       struct about_coverage *out)
{
    const struct result *r = &run->res;
    memset(out, 0, sizeof *out);
    out->registry = rd->reg->n;
    out->ranked = run_n_ranked(run);
    out->fresh = run->prev_year && run->prev_unit ? 0 : -1;
    out->cells = (long)r->n_units * r->n_ind;
    for (int u = 0; u < r->n_units; u++) {
        int none = r->n_ind > 0 && (run_flags(run, u, 0) & FLAG_NO_ANSWERS);
        out->no_answers += !r->included[u] && none;
        out->screened += !r->included[u] && !none;
        int scored = r->included[u] && !isnan(run_score(run, u));
        out->scored += scored;
        out->unranked += scored && rd->reg->items[u].unranked;
        if (out->fresh >= 0)
            out->fresh += run->prev_unit[u] < 0;
        for (int j = 0; j < r->n_ind; j++) {
            unsigned f = run_flags(run, u, j);
            out->unanswered += isnan(r->raw[run_ind_cell(run, u, j)]);
            out->imputed += (f & FLAG_IMPUTED) != 0;
            if (f & FLAG_NO_EVIDENCE) {
                int keep = framework_evidence_rule(run->fw, r->ind_node[j]) == EVIDENCE_KEEP;
                out->no_evidence_keep += keep;
                out->no_evidence_zero += !keep;
            }
        }
    }
}

/* ---- 1. what each index measures --------------------------------------------- */

/* The pillar (child of the root) node k sits under; k itself for a child
   of the root, -1 for the root. */
static int pillar_of(const struct framework *fw, int k)
{
    if (k == fw->root)
        return -1;
    while (fw->nodes[k].parent != fw->root && fw->nodes[k].parent >= 0)
        k = fw->nodes[k].parent;
    return k;
}

static const char *count_word(enum lang L, long n, const char *one, const char *many)
{
    return tr(L, n == 1 ? one : many);
}

/* "IGD se compone de 5 pilares y 40 indicadores: 35 preguntas del
   cuestionario y 5 datos administrativos." and the relative ones. */
static void measure_text(struct about *a, const struct index_run *run, int np, enum lang L)
{
    const struct framework *fw = run->fw;
    int n_q = 0, n_adm = 0, n_rel = 0;
    for (int k = 0; k < fw->n_nodes; k++) {
        const struct node *nd = &fw->nodes[k];
        if (!nd->is_indicator)
            continue;
        n_q += nd->question != NULL;
        n_adm += nd->question == NULL;
        n_rel += is_relative(fw, nd);
    }
    struct strbuf sb;
    strbuf_init(&sb);
    if (fw->description[L])
        strbuf_addf(&sb, "%s ", fw->description[L]);
    strbuf_addf(&sb, tr(L, "%s se compone de %d %s y %d %s"), fw->code, np,
                count_word(L, np, "pilar", "pilares"), n_q + n_adm,
                count_word(L, n_q + n_adm, "indicador", "indicadores"));
    if (n_q && n_adm)
        strbuf_addf(&sb, ": %d %s %s %d %s", n_q,
                    count_word(L, n_q, "pregunta del cuestionario", "preguntas del cuestionario"),
                    tr(L, "y"), n_adm,
                    count_word(L, n_adm, "dato administrativo", "datos administrativos"));
    else if (n_q || n_adm)
        strbuf_addf(&sb, ", %s", tr(L, n_q ? "todos son preguntas del cuestionario"
                                           : "todos son datos administrativos"));
    strbuf_addc(&sb, '.');
    if (n_rel)
        strbuf_addf(&sb, " %s: %d.", tr(L, "Indicadores normalizados respecto de las demás instituciones"),
                    n_rel);
    add(a, ABOUT_PARA, take(&sb), NULL);
    if (fw->source && *fw->source) {
        char *s = xasprintf("%s: %s.", tr(L, "Referencias del marco"), fw->source);
        add(a, ABOUT_PARA, s, NULL);
    }
}

/* One row per pillar: effective weight, indicators, of them questions and
   administrative data. */
static void pillar_table(struct about *a, const struct index_run *run, const int *pil, int np,
                         enum lang L)
{
    const struct framework *fw = run->fw;
    const char *head[] = {tr(L, "Pilar"), tr(L, "Código"), tr(L, "Peso efectivo en el índice"),
                          tr(L, "Indicadores"), tr(L, "Preguntas"), tr(L, "Datos administrativos")};
    static const double width[] = {0, 60, 70, 60, 60, 80};
    static const int right[] = {0, 0, 1, 1, 1, 1};
    struct about_table *t = table_new(6, head, width, right);
    for (int p = 0; p < np; p++) {
        int n_q = 0, n_adm = 0;
        for (int k = 0; k < fw->n_nodes; k++)
            if (fw->nodes[k].is_indicator && pillar_of(fw, k) == pil[p]) {
                n_q += fw->nodes[k].question != NULL;
                n_adm += fw->nodes[k].question == NULL;
            }
        char w[32], nb[3][16];
        fmt_num(w, sizeof w, run->res.eff_weight[pil[p]] * 100, 1, L);
        char *pct = xasprintf("%s %%", w);
        snprintf(nb[0], sizeof nb[0], "%d", n_q + n_adm);
        snprintf(nb[1], sizeof nb[1], "%d", n_q);
        snprintf(nb[2], sizeof nb[2], "%d", n_adm);
        const struct node *nd = &fw->nodes[pil[p]];
        const char *cell[] = {NAME(nd, L), nd->code, pct, nb[0], nb[1], nb[2]};
        table_row(t, cell);
        free(pct);
    }
    add(a, ABOUT_TABLE, NULL, t);
}

/* The shape of a survey file as a reader knows it. */
static const char *shape_label(const char *shape, enum lang L)
{
    static const struct {
        const char *shape, *es;
    } names[] = {
        {"kobo", "KoboToolbox u ODK"},
        {"limesurvey", "LimeSurvey"},
        {"gforms", "Google Forms"},
        {"long", "formato largo (una respuesta por fila)"},
        {"wide", "tabla ancha (un encuestado por fila)"},
        {"admin", "registro administrativo"},
    };
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (shape && strcmp(shape, names[k].shape) == 0)
            return tr(L, names[k].es);
    return shape ? shape : EM_DASH;
}

/* The files of the round that feed the index. */
static void source_table(struct about *a, const struct round_data *rd, const struct index_run *run,
                         enum lang L)
{
    const struct framework *fw = run->fw;
    char *lbl = xasprintf(tr(L, "Cómo se recogieron los datos de %d"), rd->year);
    add(a, ABOUT_LABEL, lbl, NULL);
    char *rule = xasprintf(tr(L, "Las respuestas se cargan tal como las exporta cada herramienta: en un cuestionario cada fila es el formulario de un encuestado; en formato largo o en un registro administrativo, un dato. Cuando una institución tiene varios encuestados, sus respuestas a una pregunta se combinan con la regla «%s»."),
                           combine_rule_label(fw->respondents, L));
    add(a, ABOUT_PARA, rule, NULL);
    const char *head[] = {tr(L, "Archivo"), tr(L, "Forma"), tr(L, "Filas con respuestas"),
                          tr(L, "Respuestas"), tr(L, "Instituciones")};
    static const double width[] = {0, 150, 60, 60, 60};
    static const int right[] = {0, 0, 1, 1, 1};
    struct about_table *t = table_new(5, head, width, right);
    for (int k = 0; k < rd->n_inputs; k++) {
        const struct input_file *f = &rd->inputs[k];
        if (f->year != rd->year || strcmp(f->framework, fw->code) != 0)
            continue;
        char nb[3][24];
        snprintf(nb[0], sizeof nb[0], "%ld", f->lines);
        snprintf(nb[1], sizeof nb[1], "%ld", f->rows);
        snprintf(nb[2], sizeof nb[2], "%ld", f->institutions);
        const char *cell[] = {f->path, shape_label(f->shape, L), nb[0], nb[1], nb[2]};
        table_row(t, cell);
    }
    if (t->n_rows) {
        add(a, ABOUT_TABLE, NULL, t);
    } else {
        table_free(t);
        add_text(a, ABOUT_PARA, tr(L, "Ningún archivo de la ronda alimenta este índice."));
    }
}

static void index_part(struct about *a, const struct round_data *rd, int i,
                       const struct about_numbers *num, enum lang L)
{
    const struct index_run *run = &rd->idx[i];
    const struct framework *fw = run->fw;
    char *h = xasprintf("%d.%d %s " EM_DASH " %s", num->self, i + 1, fw->code, NAME(fw, L));
    add(a, ABOUT_HEADING, h, NULL);
    int *pil, np = framework_pillars(fw, &pil);
    measure_text(a, run, np, L);
    pillar_table(a, run, pil, np, L);
    free(pil);
    source_table(a, rd, run, L);
}

/* ---- 2. coverage and missing data ------------------------------------------- */

static void num_cell(char *buf, size_t n, long v)
{
    snprintf(buf, n, "%ld", v);
}

static void coverage_part(struct about *a, const struct round_data *rd, int sub,
                          const struct about_numbers *num, enum lang L)
{
    char *h = xasprintf("%d.%d %s", num->self, sub, tr(L, "Cobertura"));
    add(a, ABOUT_HEADING, h, NULL);
    add_text(a, ABOUT_PARA, tr(L, "Cuántas instituciones del registro tienen datos en cada índice, cuántas se excluyeron y cuántas tienen posición. Una institución con «ranked = no» en el registro se evalúa y se publica, pero no se clasifica."));
    int prev = 0;
    for (int i = 0; i < rd->n_idx && !prev; i++)
        prev = rd->idx[i].prev_unit ? rd->idx[i].prev_year : 0;
    char *fresh = prev ? xasprintf(tr(L, "Nuevas desde %d"), prev) : xstrdup(tr(L, "Nuevas"));
    const char *head[] = {tr(L, "Índice"), tr(L, "En el registro"), tr(L, "Con datos"),
                          tr(L, "Excluidas por no tener respuestas"), tr(L, "Excluidas por el filtrado"),
                          tr(L, "Evaluadas"), tr(L, "Evaluadas sin posición"), tr(L, "Con posición"),
                          fresh};
    static const double width[] = {0, 55, 50, 62, 58, 52, 58, 52, 52};
    static const int right[] = {0, 1, 1, 1, 1, 1, 1, 1, 1};
    struct about_table *t = table_new(9, head, width, right);
    free(fresh);
    for (int i = 0; i < rd->n_idx; i++) {
        struct about_coverage c;
        about_coverage_of(rd, &rd->idx[i], &c);
        char nb[8][24];
        num_cell(nb[0], sizeof nb[0], c.registry);
        num_cell(nb[1], sizeof nb[1], c.registry - c.no_answers);
        num_cell(nb[2], sizeof nb[2], c.no_answers);
        num_cell(nb[3], sizeof nb[3], c.screened);
        num_cell(nb[4], sizeof nb[4], c.scored);
        num_cell(nb[5], sizeof nb[5], c.unranked);
        num_cell(nb[6], sizeof nb[6], c.ranked);
        if (c.fresh >= 0)
            num_cell(nb[7], sizeof nb[7], c.fresh);
        else
            snprintf(nb[7], sizeof nb[7], EM_DASH);
        const char *cell[] = {rd->idx[i].fw->code, nb[0], nb[1], nb[2], nb[3],
                              nb[4], nb[5], nb[6], nb[7]};
        table_row(t, cell);
    }
    add(a, ABOUT_TABLE, NULL, t);
}

/* The institutions behind the coverage's counts, by code: "IGD: sin
   respuestas: SCEP; nuevas: SENABED." (nothing when all are plain). */
static void coverage_names(struct about *a, const struct round_data *rd, enum lang L)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct result *r = &run->res;
        struct strbuf sb[4];
        for (int k = 0; k < 4; k++)
            strbuf_init(&sb[k]);
        for (int u = 0; u < r->n_units; u++) {
            int none = r->n_ind > 0 && (run_flags(run, u, 0) & FLAG_NO_ANSWERS);
            int kind = !r->included[u] ? (none ? 0 : 1)
                       : rd->reg->items[u].unranked && !isnan(run_score(run, u)) ? 2 : -1;
            const char *code = rd->reg->items[u].code;
            if (kind >= 0)
                strbuf_addf(&sb[kind], "%s%s", sb[kind].len ? ", " : "", code);
            if (run->prev_year && run->prev_unit && run->prev_unit[u] < 0)
                strbuf_addf(&sb[3], "%s%s", sb[3].len ? ", " : "", code);
        }
        static const char *const what[] = {"excluidas por no tener respuestas",
                                           "excluidas por el filtrado", "evaluadas sin posición",
                                           "nuevas"};
        struct strbuf line;
        strbuf_init(&line);
        for (int k = 0; k < 4; k++) {
            if (sb[k].len)
                strbuf_addf(&line, "%s%s: %s", line.len ? "; " : "", tr(L, what[k]), sb[k].buf);
            strbuf_release(&sb[k]);
        }
        if (line.len) {
            char *s = xasprintf("%s " EM_DASH " %s.", run->fw->code, line.buf);
            add(a, ABOUT_BULLET, s, NULL);
        }
        strbuf_release(&line);
    }
}

/* What an index does with a cell without an answer. */
static char *missing_rule(const struct framework *fw, enum lang L)
{
    struct strbuf sb;
    strbuf_init(&sb);
    if (has_step(fw, STEP_SCREEN)) {
        char p[32];
        fmt_num(p, sizeof p, fw->steps.screen_threshold * 100, 0, L);
        strbuf_addf(&sb, tr(L, "filtrado: se excluye la institución con menos del %s %% de indicadores con datos"),
                    p);
        strbuf_adds(&sb, "; ");
    }
    if (has_step(fw, STEP_IMPUTE) && fw->steps.impute != IMPUTE_NONE)
        strbuf_addf(&sb, "%s: %s", tr(L, "imputación"), impute_method_label(fw->steps.impute, L));
    else
        strbuf_adds(&sb, tr(L, "sin imputación: el agregado se calcula con los indicadores que tienen dato"));
    return take(&sb);
}

static void missing_part(struct about *a, const struct round_data *rd, int sub,
                         const struct about_numbers *num, enum lang L)
{
    char *h = xasprintf("%d.%d %s", num->self, sub, tr(L, "Datos faltantes"));
    add(a, ABOUT_HEADING, h, NULL);
    add_text(a, ABOUT_PARA, tr(L, "Una celda es el valor de un indicador para una institución; no tiene respuesta cuando ni los cuestionarios ni los registros administrativos dan un valor. La regla de cada índice dice qué se hace con ella."));
    const char *head[] = {tr(L, "Índice"), tr(L, "Celdas"), tr(L, "Celdas sin respuesta"),
                          tr(L, "Regla para una celda sin respuesta"), tr(L, "Celdas imputadas")};
    static const double width[] = {50, 55, 80, 0, 60};
    static const int right[] = {0, 1, 1, 0, 1};
    struct about_table *t = table_new(5, head, width, right);
    for (int i = 0; i < rd->n_idx; i++) {
        struct about_coverage c;
        about_coverage_of(rd, &rd->idx[i], &c);
        char nb[2][24], pct[32];
        num_cell(nb[0], sizeof nb[0], c.cells);
        num_cell(nb[1], sizeof nb[1], c.imputed);
        fmt_num(pct, sizeof pct, c.cells ? 100.0 * c.unanswered / c.cells : 0, 1, L);
        char *un = xasprintf("%ld (%s %%)", c.unanswered, pct);
        char *rule = missing_rule(rd->idx[i].fw, L);
        const char *cell[] = {rd->idx[i].fw->code, nb[0], un, rule, nb[1]};
        table_row(t, cell);
        free(un);
        free(rule);
    }
    add(a, ABOUT_TABLE, NULL, t);
    char *p = xasprintf(tr(L, "El detalle por índice (celdas imputadas, celdas que quedaron sin dato, instituciones excluidas e indicadores tratados) está en la sección %d, «%s»."),
                        num->quality, tr(L, "Calidad de los datos"));
    add(a, ABOUT_PARA, p, NULL);
}

/* ---- 3. limitations ----------------------------------------------------------- */

static void limit_evidence(struct about *a, const struct round_data *rd, enum lang L)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, tr(L, "Las respuestas las declara cada institución y no se verifican en el lugar; de la evidencia que pide un indicador solo se revisa la forma (una dirección http o https bien formada), no su contenido. Respuestas positivas sin la evidencia que su indicador pide, por institución e indicador:"));
    long zero = 0, keep = 0;
    for (int i = 0; i < rd->n_idx; i++) {
        struct about_coverage c;
        about_coverage_of(rd, &rd->idx[i], &c);
        strbuf_addf(&sb, "%s %s %ld", i ? "," : "", rd->idx[i].fw->code,
                    c.no_evidence_zero + c.no_evidence_keep);
        zero += c.no_evidence_zero;
        keep += c.no_evidence_keep;
    }
    strbuf_addf(&sb, tr(L, " (%ld no puntúan, missing_evidence = zero; %ld puntúan igual, missing_evidence = keep)."),
                zero, keep);
    add(a, ABOUT_BULLET, take(&sb), NULL);
}

static void limit_method(struct about *a, const struct round_data *rd,
                         const struct about_numbers *num, enum lang L)
{
    struct strbuf same, changed;
    strbuf_init(&same);
    strbuf_init(&changed);
    int any_prev = 0, compared = 0;
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        if (!run->prev_year)
            continue;
        any_prev = 1;
        /* the methodology's comparison subsection, as sec_comparison
           writes it: when the earlier answers were recomputed */
        compared |= run->diff.n > 0 && run->back_value != NULL;
        if (run->diff.n > 0)
            strbuf_addf(&changed, tr(L, "%s%s: %d cambios desde %d"),
                        changed.len ? "; " : "", run->fw->code, run->diff.n, run->prev_year);
        else
            strbuf_addf(&same, "%s%s (%d)", same.len ? ", " : "", run->fw->code, run->prev_year);
    }
    if (!any_prev) {
        add_text(a, ABOUT_BULLET, tr(L, "No hay una ronda anterior guardada: esta ronda no mide cambios."));
    } else {
        struct strbuf sb;
        strbuf_init(&sb);
        if (changed.len && compared)
            strbuf_addf(&sb, tr(L, "Cambios de método: %s; la sección %d.%d compara las rondas con el método de esta."),
                        changed.buf, num->method, rd->n_idx + 1);
        else if (changed.len)
            strbuf_addf(&sb, "%s: %s.", tr(L, "Cambios de método"), changed.buf);
        if (same.len)
            strbuf_addf(&sb, "%s%s: %s.", sb.len ? " " : "",
                        tr(L, "Mismo método que la ronda con la que se compara"), same.buf);
        add(a, ABOUT_BULLET, take(&sb), NULL);
    }
    strbuf_release(&same);
    strbuf_release(&changed);
}

/* A rank interval is wide when its 5 %-95 % range spans more positions
   than a tenth of the ranked institutions, and at least 3. */
static int wide_limit(const struct uncertainty *ua, int n_units)
{
    int n = 0;
    for (int u = 0; u < n_units; u++)
        n += ua->unit[u].nominal > 0;
    int lim = (n + 9) / 10;
    return lim < 3 ? 3 : lim;
}

static void limit_ranks(struct about *a, const struct round_data *rd,
                        const struct about_numbers *num, enum lang L)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *run = &rd->idx[i];
        const struct uncertainty *ua = run->ua;
        if (!ua)
            continue;
        int lim = wide_limit(ua, run->res.n_units), n = 0, wide = 0;
        for (int u = 0; u < run->res.n_units; u++) {
            const struct ua_unit *x = &ua->unit[u];
            if (x->nominal <= 0)
                continue;
            n++;
            wide += isfinite(x->q05) && isfinite(x->q95) && x->q95 - x->q05 > lim;
        }
        strbuf_addf(&sb, tr(L, "%s%s: %d de %d con un intervalo de más de %d posiciones"),
                    sb.len ? "; " : "", run->fw->code, wide, n, lim);
    }
    char *s;
    if (sb.len)
        s = xasprintf(tr(L, "Posiciones: el intervalo 5 %%–95 %% de la posición de una institución dice cuánto depende de las decisiones del método; un intervalo es amplio cuando abarca más posiciones que la décima parte de las instituciones con posición, y al menos 3. %s (sección %d, «%s»)."),
                      sb.buf, num->robustness, tr(L, "Robustez de las posiciones"));
    else
        s = xstrdup(tr(L, "Posiciones: el análisis de incertidumbre no se corrió ([uncertainty] runs = 0), así que no se sabe cuánto dependen las posiciones de las decisiones del método."));
    add(a, ABOUT_BULLET, s, NULL);
    strbuf_release(&sb);
}

static void limit_relative(struct about *a, const struct round_data *rd, enum lang L)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct framework *fw = rd->idx[i].fw;
        struct strbuf list;
        strbuf_init(&list);
        for (int k = 0; k < fw->n_nodes; k++) {
            const struct node *nd = &fw->nodes[k];
            if (is_relative(fw, nd))
                strbuf_addf(&list, "%s%s (%s, %s)", list.len ? ", " : "", NAME(nd, L), nd->code,
                            norm_method_label(nd->norm_set ? nd->norm : fw->steps.norm, L));
        }
        if (list.len) {
            char *s = xasprintf(tr(L, "Indicadores relativos de %s: %s. Se normalizan respecto de las demás instituciones, así que su valor cambia cuando cambian las demás, aunque la institución no cambie."),
                                fw->code, list.buf);
            add(a, ABOUT_BULLET, s, NULL);
        }
        strbuf_release(&list);
    }
}

static void limits_part(struct about *a, const struct round_data *rd, int sub,
                        const struct about_numbers *num, enum lang L)
{
    char *h = xasprintf("%d.%d %s", num->self, sub, tr(L, "Limitaciones"));
    add(a, ABOUT_HEADING, h, NULL);
    if (rd->demo)
        add_text(a, ABOUT_BULLET, tr(L, "Datos de demostración (demo = true): las cifras de esta ronda no describen a ninguna institución real y no deben citarse."));
    limit_evidence(a, rd, L);
    limit_method(a, rd, num, L);
    limit_ranks(a, rd, num, L);
    limit_relative(a, rd, L);
}

void about_build(const struct round_data *rd, enum lang lang, const struct about_numbers *num,
                 struct about *out)
{
    memset(out, 0, sizeof *out);
    add_text(out, ABOUT_PARA, tr(lang, "Qué mide cada índice, de qué archivos salen sus datos, a cuántas instituciones cubre, cuántos datos faltan y qué límites tienen sus cifras."));
    for (int i = 0; i < rd->n_idx; i++)
        index_part(out, rd, i, num, lang);
    coverage_part(out, rd, rd->n_idx + 1, num, lang);
    coverage_names(out, rd, lang);
    missing_part(out, rd, rd->n_idx + 2, num, lang);
    limits_part(out, rd, rd->n_idx + 3, num, lang);
}
