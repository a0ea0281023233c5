/*
 * fixture.h — a small round built in memory for the workbook tests.
 *
 * Six institutions and two indices, each a 3-level tree (index, pillars,
 * indicators), computed by the real engine (compute_run):
 *
 *   TA  arithmetic; goalposts (a1, a3 reversed, b2), min-max (a2, b1
 *       reversed) and z-score (b3); pillar weights 1 and 2, a2 weight 2;
 *       screening drops U5; group-mean imputation fills U2's a2 (imputed)
 *       but not U6's a3 (U6 has no group: the cell stays NA); a previous
 *       round (2025) for the change columns.
 *   TB  harmonic index over a geometric pillar (with a zero child: the zero
 *       shift) and a weighted-median pillar; goalposts, distance to target,
 *       percentile rank, distance to max (on a denominated indicator),
 *       distance to reference, rank and none; zero imputation (U3's c3);
 *       Winsorisation of c2's outlier.
 *
 * Text from the "inputs" is hostile on purpose: an institution named
 * =HYPERLINK(...), answers "+5", "-3", "@SUM(A1)", a Latin-1 byte, and an
 * evidence field of 40,000 characters.
 *
 *   struct fixture fx;
 *   fixture_build(&fx, 0);        0 = the framework's weights; else P2 of TA
 *                                  gets weight `p2` (the what-if)
 *   ... fx.rd is a struct round_data ...
 *   fixture_release(&fx);
 */
#ifndef TEST_WORKBOOK_FIXTURE_H
#define TEST_WORKBOOK_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute.h"
#include "round.h"

#define FX_UNITS 6
#define FX_NODES_MAX 12

struct fx_index {
    struct framework fw;
    struct node nodes[FX_NODES_MAX];
    struct question questions[8];
    struct option options[8];
    double raw[FX_UNITS * 8];
    double denom[FX_UNITS * 8];
    double prev_value[FX_UNITS * FX_NODES_MAX];
    int prev_rank[FX_UNITS * FX_NODES_MAX];
    int n_respondents[FX_UNITS * 8];
};

struct fixture {
    struct institution inst[FX_UNITS];
    struct registry reg;
    struct config cfg;
    struct fx_index ix[2];
    struct index_run runs[2];
    struct answer answers[16];
    struct answer_set aset;
    struct answer_index by_unit;
    struct input_file inputs[2];
    struct round_data rd;
    char *long_evidence;
    char err[256];
    int rc[2];                       /* compute_run's return per index */
};

static const char *const fx_codes[FX_UNITS] = {"U1", "U2", "U3", "U4", "U5", "U6"};
static const char *const fx_groups[FX_UNITS] = {"Ministerio", "Ministerio", "Secretaría",
                                                "Secretaría", "Secretaría", ""};

static inline int fx_add(struct fx_index *x, const char *code, const char *parent_code,
                         int parent, double weight, const char *name_es)
{
    int k = x->fw.n_nodes++;
    struct node *n = &x->nodes[k];
    memset(n, 0, sizeof *n);
    n->code = (char *)code;
    n->name[LANG_ES] = (char *)name_es;
    n->name[LANG_EN] = NULL;   /* falls back to Spanish */
    n->parent = parent;
    n->parent_code = (char *)parent_code;
    n->weight = weight;
    n->direction = 1;
    n->scale_factor = 1;
    n->lower = n->upper = n->target = NAN;
    return k;
}

/* Levels and leaves from the parent links (indicator = 1). */
static inline void fx_finish(struct fx_index *x)
{
    int nn = x->fw.n_nodes;
    for (int k = 0; k < nn; k++) {
        int leaf = 1;
        for (int c = 0; c < nn; c++)
            leaf &= x->nodes[c].parent != k;
        x->nodes[k].is_indicator = leaf;
    }
    for (int pass = 0; pass < nn; pass++)
        for (int k = 0; k < nn; k++) {
            int lev = 1;
            for (int c = 0; c < nn; c++)
                if (x->nodes[c].parent == k && x->nodes[c].level + 1 > lev)
                    lev = x->nodes[c].level + 1;
            x->nodes[k].level = lev;
        }
    x->fw.nodes = x->nodes;
}

static inline void fx_steps(struct steps *s, const enum step_kind *order, int n)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < n; i++)
        s->order[i] = order[i];
    s->n = n;
    s->norm = NORM_MINMAX;
    s->norm_lower = 0;
    s->norm_upper = 100;
    s->winmax = 5;
    s->skew_max = 2;
    s->kurt_max = 3.5;
    s->geo_zero_shift = 1;
    for (int l = 0; l < LEVEL_MAX; l++)
        s->agg[l] = AGG_ARITHMETIC;
}

static inline void fx_maturity(struct framework *fw)
{
    static const char *const es[] = {"Inicial", "Básico", "Intermedio", "Avanzado", "Líder"};
    static const char *const en[] = {"Initial", "Basic", "Intermediate", "Advanced", "Leader"};
    fw->maturity.n = 5;
    for (int i = 0; i < 5; i++) {
        fw->maturity.name[i][LANG_ES] = (char *)es[i];
        fw->maturity.name[i][LANG_EN] = (char *)en[i];
        if (i > 0)
            fw->maturity.threshold[i - 1] = 20.0 * i;
    }
    fw->scale_min = 0;
    fw->scale_max = 100;
}

static inline void fx_build_ta(struct fx_index *x, double p2_weight)
{
    memset(x, 0, sizeof *x);
    struct framework *fw = &x->fw;
    fw->code = (char *)"TA";
    fw->name[LANG_ES] = (char *)"Índice de prueba A";
    fw->name[LANG_EN] = (char *)"Test index A";
    fw->dir = (char *)"indicators/ta";
    fw->respondents = COMBINE_MEAN;
    int r = fx_add(x, "TA", NULL, -1, 1, "Índice A");
    int p1 = fx_add(x, "P1", "TA", r, 1, "Pilar uno");
    int p2 = fx_add(x, "P2", "TA", r, p2_weight, "Pilar dos");
    int a1 = fx_add(x, "a1", "P1", p1, 1, "Portal en línea");
    int a2 = fx_add(x, "a2", "P1", p1, 2, "Trámites digitales");
    int a3 = fx_add(x, "a3", "P1", p1, 1, "Días de respuesta");
    int b1 = fx_add(x, "b1", "P2", p2, 1, "Quejas");
    int b2 = fx_add(x, "b2", "P2", p2, 1, "Satisfacción");
    int b3 = fx_add(x, "b3", "P2", p2, 1, "Datos abiertos");
    fw->root = r;
    struct node *n = x->nodes;
    n[a1].norm_set = 1, n[a1].norm = NORM_GOALPOSTS, n[a1].lower = 0, n[a1].upper = 1;
    n[a1].question = (char *)"TA_Q1";
    n[a2].norm_set = 1, n[a2].norm = NORM_MINMAX, n[a2].question = (char *)"TA_Q2";
    n[a3].norm_set = 1, n[a3].norm = NORM_GOALPOSTS, n[a3].lower = 0, n[a3].upper = 100;
    n[a3].direction = -1, n[a3].question = (char *)"TA_Q3";
    n[b1].norm_set = 1, n[b1].norm = NORM_MINMAX, n[b1].direction = -1;
    n[b1].question = (char *)"TA_Q4";
    n[b2].norm_set = 1, n[b2].norm = NORM_GOALPOSTS, n[b2].lower = 1, n[b2].upper = 5;
    n[b2].question = (char *)"TA_Q5";
    n[b3].norm_set = 1, n[b3].norm = NORM_ZSCORE, n[b3].question = (char *)"TA_Q6";
    n[b3].axis = (char *)"E1";
    n[b3].source = (char *)"=SUM(A1:A9) (texto de la fuente)";
    fx_finish(x);
    static const enum step_kind order[] = {STEP_SCORE, STEP_SCREEN, STEP_IMPUTE,
                                           STEP_NORMALISE, STEP_AGGREGATE};
    fx_steps(&fw->steps, order, 5);
    fw->steps.screen_threshold = 0.5;
    fw->steps.impute = IMPUTE_GROUP_MEAN;
    fw->steps.norm = NORM_GOALPOSTS;
    fx_maturity(fw);

    /* the questionnaire */
    static const struct {
        const char *code, *es, *en;
        enum answer_type t;
    } q[] = {{"TA_Q1", "¿Tiene portal?", "Has a portal?", ANSWER_YESNO},
             {"TA_Q2", "Trámites en línea", "Online procedures", ANSWER_NUMBER},
             {"TA_Q3", "Días para responder", "Days to answer", ANSWER_NUMBER},
             {"TA_Q4", "Quejas recibidas", "Complaints", ANSWER_SELECT_ONE},
             {"TA_Q5", "Satisfacción", "@SUM(A1) satisfaction", ANSWER_LIKERT5},
             {"TA_Q6", "Conjuntos publicados", "Datasets", ANSWER_NUMBER}};
    for (int i = 0; i < 6; i++) {
        x->questions[i].code = (char *)q[i].code;
        x->questions[i].text[LANG_ES] = (char *)q[i].es;
        x->questions[i].text[LANG_EN] = (char *)q[i].en;
        x->questions[i].type = q[i].t;
        x->questions[i].required = i == 0;
    }
    static const char *const oc[] = {"pocas", "algunas", "muchas"};
    for (int o = 0; o < 3; o++) {
        x->options[o].code = (char *)oc[o];
        x->options[o].label[LANG_ES] = (char *)oc[o];
        x->options[o].points = 5.0 * o;
    }
    x->questions[3].options = x->options;
    x->questions[3].n_options = 3;
    fw->questions = x->questions;
    fw->n_questions = 6;

    /* raw values: a1 a2 a3 b1 b2 b3 */
    const double raw[FX_UNITS][6] = {
        {1, 10, 20, 5, 4, 7},            /* U1 */
        {0, NAN, 35, 3, 5, 2},           /* U2: a2 imputed from U1 (group mean) */
        {1, 4, 80, 9, 2, 5},             /* U3 */
        {0, 7, 50, 4, 3, 9},             /* U4 */
        {NAN, NAN, NAN, NAN, 1, NAN},    /* U5: 1 of 6 -> screened out */
        {1, 12, NAN, 6, 3, 1},           /* U6: no group -> a3 stays NA */
    };
    for (int u = 0; u < FX_UNITS; u++)
        for (int j = 0; j < 6; j++) {
            x->raw[u * 6 + j] = raw[u][j];
            x->n_respondents[u * 6 + j] = isnan(raw[u][j]) ? 0 : 1 + (u + j) % 2;
        }
    /* the previous round: index values and ranks only */
    const double prev[FX_UNITS] = {55.5, 40.25, 70, 30, NAN, 50};
    const int prank[FX_UNITS] = {2, 4, 1, 5, 0, 3};
    for (int u = 0; u < FX_UNITS; u++)
        for (int k = 0; k < fw->n_nodes; k++) {
            x->prev_value[u * fw->n_nodes + k] = k == r ? prev[u] : NAN;
            x->prev_rank[u * fw->n_nodes + k] = k == r ? prank[u] : 0;
        }
}

static inline void fx_build_tb(struct fx_index *x)
{
    memset(x, 0, sizeof *x);
    struct framework *fw = &x->fw;
    fw->code = (char *)"TB";
    fw->name[LANG_ES] = (char *)"Índice de prueba B";
    fw->name[LANG_EN] = (char *)"Test index B";
    fw->dir = (char *)"indicators/tb";
    fw->respondents = COMBINE_MAX;
    int r = fx_add(x, "TB", NULL, -1, 1, "Índice B");
    int q1 = fx_add(x, "Q1", "TB", r, 3, "Pilar geométrico");
    int q2 = fx_add(x, "Q2", "TB", r, 1, "Pilar mediana");
    int c1 = fx_add(x, "c1", "Q1", q1, 1, "Metas");
    int c2 = fx_add(x, "c2", "Q1", q1, 2, "Distancia a la meta");
    int c3 = fx_add(x, "c3", "Q1", q1, 1, "Rango percentil");
    int d1 = fx_add(x, "d1", "Q2", q2, 1, "Por habitante");
    int d2 = fx_add(x, "d2", "Q2", q2, 2, "Distancia a la referencia");
    int d3 = fx_add(x, "d3", "Q2", q2, 1, "Posición");
    int d4 = fx_add(x, "d4", "Q2", q2, 1, "Sin normalizar");
    fw->root = r;
    struct node *n = x->nodes;
    n[r].agg_set = 1, n[r].agg = AGG_HARMONIC;
    n[q2].agg_set = 1, n[q2].agg = AGG_MEDIAN;
    n[c1].norm_set = 1, n[c1].norm = NORM_GOALPOSTS, n[c1].lower = 2, n[c1].upper = 8;
    n[c2].norm_set = 1, n[c2].norm = NORM_DIST_TARGET, n[c2].target = 50;
    n[c3].norm_set = 1, n[c3].norm = NORM_PRANK;
    n[d1].norm_set = 1, n[d1].norm = NORM_DIST_MAX, n[d1].direction = -1;
    n[d1].denominator = (char *)"POP", n[d1].scale_factor = 1000;
    n[d2].norm_set = 1, n[d2].norm = NORM_DIST_REF, n[d2].target = 20, n[d2].direction = -1;
    n[d3].norm_set = 1, n[d3].norm = NORM_RANK;
    n[d4].norm_set = 1, n[d4].norm = NORM_NONE;
    fx_finish(x);
    static const enum step_kind order[] = {STEP_SCORE, STEP_DENOMINATE, STEP_IMPUTE,
                                           STEP_TREAT, STEP_NORMALISE, STEP_AGGREGATE};
    fx_steps(&fw->steps, order, 6);
    fw->steps.impute = IMPUTE_ZERO;
    fw->steps.log_fallback = 1;
    fw->steps.agg[2] = AGG_GEOMETRIC;
    fx_maturity(fw);

    /* raw values: c1 c2 c3 d1 d2 d3 d4; d1 is divided by POP/1000 */
    const double raw[FX_UNITS][7] = {
        {9, 40, 3, 500, 25, 1, 10},      /* U1: c1 above the goalpost (clipped) */
        {5, 45, 5, 300, 18, 2, 20},
        {1, 48, NAN, 800, 30, 3, 30},    /* U3: c1 clipped to 0, c3 imputed 0 */
        {4, 52, 7, 200, 22, 4, 40},
        {6, 300, 2, 100, 40, 5, 50},     /* U5: c2 outlier (Winsorised) */
        {7, 50, 4, 600, 19, 6, 60},
    };
    const double pop[FX_UNITS] = {1000, 2000, 4000, 1000, 2000, 3000};
    for (int u = 0; u < FX_UNITS; u++)
        for (int j = 0; j < 7; j++) {
            x->raw[u * 7 + j] = raw[u][j];
            x->denom[u * 7 + j] = j == 3 ? pop[u] : NAN;
            x->n_respondents[u * 7 + j] = isnan(raw[u][j]) ? 0 : 1;
        }
}

static inline void fx_answer(struct fixture *f, int i, const char *fw, const char *inst,
                             const char *q, const char *value, double number, const char *ev,
                             long line)
{
    struct answer *a = &f->answers[i];
    memset(a, 0, sizeof *a);
    a->year = 2026;
    a->framework = (char *)fw;
    a->institution = (char *)inst;
    a->question = (char *)q;
    a->respondent = (char *)"r1";
    a->value = (char *)value;
    a->number = number;
    a->evidence = (char *)ev;
    a->is_official = i % 2;
    a->file = (char *)"surveys/prueba/ta.csv";
    a->line = line;
}

/* Run the engine for index i of f into f->runs[i].res. */
static inline int fx_compute(struct fixture *f, int i)
{
    struct fx_index *x = &f->ix[i];
    const char *groups[FX_UNITS];
    double w[FX_UNITS];
    for (int u = 0; u < FX_UNITS; u++) {
        groups[u] = fx_groups[u];
        w[u] = f->inst[u].weight;
    }
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &x->fw;
    in.n_units = FX_UNITS;
    in.unit_code = fx_codes;
    in.unit_group = groups;
    in.unit_weight = w;
    in.raw = x->raw;
    in.denom = i == 1 ? x->denom : NULL;
    return compute_run(&in, &f->runs[i].res, f->err, sizeof f->err);
}

static inline void fixture_build(struct fixture *f, double p2_weight)
{
    memset(f, 0, sizeof *f);
    static const char *const names_es[FX_UNITS] = {
        "Ministerio de Finanzas Públicas", "Ministerio de Educación",
        "=HYPERLINK(\"http://example.com\",\"clic\")", "Secretaría de Planificación",
        "Comisión Presidencial", "Instituto Nacional de Estadística"};
    static const char *const names_en[FX_UNITS] = {
        "Ministry of Public Finance", "Ministry of Education", "+5 Secretariat",
        "Planning Secretariat", "Presidential Commission", "National Statistics Institute"};
    for (int u = 0; u < FX_UNITS; u++) {
        f->inst[u].code = (char *)fx_codes[u];
        f->inst[u].name[LANG_ES] = (char *)names_es[u];
        f->inst[u].name[LANG_EN] = (char *)names_en[u];
        f->inst[u].group = (char *)fx_groups[u];
        f->inst[u].weight = u == 0 ? 2 : 1;
    }
    f->reg.items = f->inst;
    f->reg.n = FX_UNITS;
    f->reg.path = (char *)"surveys/instituciones.csv";
    f->cfg.path = (char *)"/srv/indigo/indigo.ini";
    f->cfg.year = 2026;
    f->cfg.demo = 1;

    fx_build_ta(&f->ix[0], p2_weight > 0 ? p2_weight : 2);
    fx_build_tb(&f->ix[1]);
    for (int i = 0; i < 2; i++) {
        f->runs[i].fw = &f->ix[i].fw;
        f->rc[i] = fx_compute(f, i);
        f->runs[i].n_respondents = f->ix[i].n_respondents;
    }
    f->runs[0].prev_year = 2025;
    f->runs[0].prev_value = f->ix[0].prev_value;
    f->runs[0].prev_rank = f->ix[0].prev_rank;

    /* 40,000 characters (20,000 "é" of two bytes, then ASCII): over the limit */
    size_t n = 20000 * 2 + 20000;
    f->long_evidence = malloc(n + 1);
    for (size_t i = 0; i < 20000; i++) {
        f->long_evidence[2 * i] = '\xc3';
        f->long_evidence[2 * i + 1] = '\xa9';
    }
    memset(f->long_evidence + 40000, 'a', 20000);
    f->long_evidence[n] = '\0';
    fx_answer(f, 0, "TA", "U1", "TA_Q1", "si", 1, "https://example.com/portal", 2);
    fx_answer(f, 1, "TA", "U1", "TA_Q2", "=HYPERLINK(\"http://evil.example\",\"x\")", 10,
              NULL, 3);
    fx_answer(f, 2, "TA", "U2", "TA_Q3", "+5", 35, NULL, 4);
    fx_answer(f, 3, "TA", "U3", "TA_Q4", "-3", 9, NULL, 5);
    fx_answer(f, 4, "TA", "U4", "TA_Q5", "@SUM(A1)", 3, NULL, 6);
    fx_answer(f, 5, "TA", "U6", "TA_Q6", "caf\xe9 con leche", NAN, NULL, 7);
    fx_answer(f, 6, "TA", "U1", "TA_Q6", "7", 7, f->long_evidence, 8);
    fx_answer(f, 7, "TB", "U2", "TB_C1", "5", 5, "tab\there", 9);
    f->aset.items = f->answers;
    f->aset.n = f->aset.cap = 8;

    static const char *const sha[2] = {
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"};
    for (int i = 0; i < 2; i++) {
        f->inputs[i].path = (char *)(i ? "surveys/prueba/tb.csv" : "surveys/prueba/ta.csv");
        memcpy(f->inputs[i].sha256, sha[i], 65);
        f->inputs[i].framework = (char *)(i ? "TB" : "TA");
        f->inputs[i].year = 2026;
        f->inputs[i].rows = i ? 1 : 7;
        f->inputs[i].shape = (char *)"long";
    }
    f->rd.cfg = &f->cfg;
    f->rd.reg = &f->reg;
    f->rd.year = 2026;
    f->rd.demo = 1;
    f->rd.idx = f->runs;
    f->rd.n_idx = 2;
    f->rd.answers = &f->aset;
    answer_index_build(&f->by_unit, &f->aset, &f->reg);
    f->rd.by_unit = &f->by_unit;
    f->rd.inputs = f->inputs;
    f->rd.n_inputs = 2;
    f->rd.version = "0.1.0-test";
    memcpy(f->rd.config_sha256,
           "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", 65);
}

static inline void fixture_release(struct fixture *f)
{
    for (int i = 0; i < 2; i++)
        result_release(&f->runs[i].res);
    free(f->long_evidence);
    answer_index_release(&f->by_unit);
}

#endif
