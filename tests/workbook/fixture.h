/*
 * fixture.h — a small round built in memory for the workbook tests, with
 * the test library's round fixture (tests/lib/round_fixture.h).
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
 *   struct rfx fx;
 *   fixture_build(&fx, 0);        0 = the framework's weights; else P2 of TA
 *                                  gets weight `p2` (the what-if)
 *   ... fx.rd is a struct round_data; fx.rc[i] what compute_run returned ...
 *   fixture_release(&fx);
 */
#ifndef TEST_WORKBOOK_FIXTURE_H
#define TEST_WORKBOOK_FIXTURE_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "round_fixture.h"
#include "xalloc.h"

#define FX_UNITS 6

static const char *const fx_codes[FX_UNITS] = {"U1", "U2", "U3", "U4", "U5", "U6"};
static const char *const fx_groups[FX_UNITS] = {"Ministerio", "Ministerio", "Secretaría",
                                                "Secretaría", "Secretaría", ""};

/* Node code under parent, named in Spanish only (English falls back). */
static inline struct node *fx_add(struct tfw *t, const char *code, const char *parent,
                                  double weight, const char *name_es)
{
    int k = tfw_add(t, code, parent, weight);
    t->nodes[k].name[LANG_ES] = (char *)name_es;
    t->nodes[k].name[LANG_EN] = NULL;
    return &t->nodes[k];
}

/* Steps in order, min-max by default, the rest as the handbook suggests. */
static inline void fx_steps(struct steps *s, const enum step_kind *order, int n)
{
    for (int i = 0; i < n; i++)
        s->order[i] = order[i];
    s->n = n;
    s->norm = NORM_MINMAX;
}

static inline void fx_maturity(struct rfx *f, int i)
{
    static const char *const es[] = {"Inicial", "Básico", "Intermedio", "Avanzado", "Líder"};
    static const char *const en[] = {"Initial", "Basic", "Intermediate", "Advanced", "Leader"};
    static const double thr[] = {20, 40, 60, 80};
    rfx_levels(f, i, 5, es, en, thr);
}

/* TA's questionnaire: six questions, options with points for TA_Q4. */
static inline void fx_questions_ta(struct rfx *f, struct framework *fw)
{
    static const struct {
        const char *code, *es, *en;
        enum answer_type t;
    } q[] = {{"TA_Q1", "¿Tiene portal?", "Has a portal?", ANSWER_YESNO},
             {"TA_Q2", "Trámites en línea", "Online procedures", ANSWER_NUMBER},
             {"TA_Q3", "Días para responder", "Days to answer", ANSWER_NUMBER},
             {"TA_Q4", "Quejas recibidas", "Complaints", ANSWER_SELECT_ONE},
             {"TA_Q5", "Satisfacción", "@SUM(A1) satisfaction", ANSWER_LIKERT5},
             {"TA_Q6", "Conjuntos publicados", "Datasets", ANSWER_NUMBER}};
    struct question *qs = rfx_keep(f, xcalloc(6, sizeof *qs));
    struct option *os = rfx_keep(f, xcalloc(3, sizeof *os));
    for (int i = 0; i < 6; i++) {
        qs[i].code = (char *)q[i].code;
        qs[i].text[LANG_ES] = (char *)q[i].es;
        qs[i].text[LANG_EN] = (char *)q[i].en;
        qs[i].type = q[i].t;
        qs[i].required = i == 0;
    }
    static const char *const oc[] = {"pocas", "algunas", "muchas"};
    for (int o = 0; o < 3; o++) {
        os[o].code = (char *)oc[o];
        os[o].label[LANG_ES] = (char *)oc[o];
        os[o].points = 5.0 * o;
    }
    qs[3].options = os;
    qs[3].n_options = 3;
    fw->questions = qs;
    fw->n_questions = 6;
}

static inline void fx_build_ta(struct rfx *f, double p2_weight)
{
    struct tfw *t = rfx_index(f, "TA", "Índice de prueba A", "Test index A");
    tfw_name(t, "TA", "Índice A", NULL);
    struct framework *fw = &t->fw;
    fw->dir = (char *)"indicators/ta";
    fw->respondents = COMBINE_MEAN;
    fx_add(t, "P1", "TA", 1, "Pilar uno");
    fx_add(t, "P2", "TA", p2_weight, "Pilar dos");
    struct node *a1 = fx_add(t, "a1", "P1", 1, "Portal en línea");
    struct node *a2 = fx_add(t, "a2", "P1", 2, "Trámites digitales");
    struct node *a3 = fx_add(t, "a3", "P1", 1, "Días de respuesta");
    struct node *b1 = fx_add(t, "b1", "P2", 1, "Quejas");
    struct node *b2 = fx_add(t, "b2", "P2", 1, "Satisfacción");
    struct node *b3 = fx_add(t, "b3", "P2", 1, "Datos abiertos");
    a1->norm_set = 1, a1->norm = NORM_GOALPOSTS, a1->lower = 0, a1->upper = 1;
    a1->question = (char *)"TA_Q1";
    a2->norm_set = 1, a2->norm = NORM_MINMAX, a2->question = (char *)"TA_Q2";
    a3->norm_set = 1, a3->norm = NORM_GOALPOSTS, a3->lower = 0, a3->upper = 100;
    a3->direction = -1, a3->question = (char *)"TA_Q3";
    b1->norm_set = 1, b1->norm = NORM_MINMAX, b1->direction = -1;
    b1->question = (char *)"TA_Q4";
    b2->norm_set = 1, b2->norm = NORM_GOALPOSTS, b2->lower = 1, b2->upper = 5;
    b2->question = (char *)"TA_Q5";
    b3->norm_set = 1, b3->norm = NORM_ZSCORE, b3->question = (char *)"TA_Q6";
    b3->axis = (char *)"E1";
    b3->source = (char *)"=SUM(A1:A9) (texto de la fuente)";
    tfw_finish(t);
    static const enum step_kind order[] = {STEP_SCORE, STEP_SCREEN, STEP_IMPUTE,
                                           STEP_NORMALISE, STEP_AGGREGATE};
    fx_steps(&fw->steps, order, 5);
    fw->steps.screen_threshold = 0.5;
    fw->steps.impute = IMPUTE_GROUP_MEAN;
    fw->steps.norm = NORM_GOALPOSTS;
    fx_maturity(f, 0);
    fx_questions_ta(f, fw);
}

static inline void fx_build_tb(struct rfx *f)
{
    struct tfw *t = rfx_index(f, "TB", "Índice de prueba B", "Test index B");
    tfw_name(t, "TB", "Índice B", NULL);
    struct framework *fw = &t->fw;
    fw->dir = (char *)"indicators/tb";
    fw->respondents = COMBINE_MAX;
    struct node *q1 = fx_add(t, "Q1", "TB", 3, "Pilar geométrico");
    struct node *q2 = fx_add(t, "Q2", "TB", 1, "Pilar mediana");
    struct node *c1 = fx_add(t, "c1", "Q1", 1, "Metas");
    struct node *c2 = fx_add(t, "c2", "Q1", 2, "Distancia a la meta");
    struct node *c3 = fx_add(t, "c3", "Q1", 1, "Rango percentil");
    struct node *d1 = fx_add(t, "d1", "Q2", 1, "Por habitante");
    struct node *d2 = fx_add(t, "d2", "Q2", 2, "Distancia a la referencia");
    struct node *d3 = fx_add(t, "d3", "Q2", 1, "Posición");
    struct node *d4 = fx_add(t, "d4", "Q2", 1, "Sin normalizar");
    struct node *r = &t->nodes[0];
    (void)q1;
    r->agg_set = 1, r->agg = AGG_HARMONIC;
    q2->agg_set = 1, q2->agg = AGG_MEDIAN;
    c1->norm_set = 1, c1->norm = NORM_GOALPOSTS, c1->lower = 2, c1->upper = 8;
    c2->norm_set = 1, c2->norm = NORM_DIST_TARGET, c2->target = 50;
    c3->norm_set = 1, c3->norm = NORM_PRANK;
    d1->norm_set = 1, d1->norm = NORM_DIST_MAX, d1->direction = -1;
    d1->denominator = (char *)"POP", d1->scale_factor = 1000;
    d2->norm_set = 1, d2->norm = NORM_DIST_REF, d2->target = 20, d2->direction = -1;
    d3->norm_set = 1, d3->norm = NORM_RANK;
    d4->norm_set = 1, d4->norm = NORM_NONE;
    tfw_finish(t);
    static const enum step_kind order[] = {STEP_SCORE, STEP_DENOMINATE, STEP_IMPUTE,
                                           STEP_TREAT, STEP_NORMALISE, STEP_AGGREGATE};
    fx_steps(&fw->steps, order, 6);
    fw->steps.impute = IMPUTE_ZERO;
    fw->steps.log_fallback = 1;
    fw->steps.agg[2] = AGG_GEOMETRIC;
    fx_maturity(f, 1);
    /* ranks and levels at 0 decimals ([rank] decimals = 0): U2 (57.34) and
       U5 (57.43) both publish as 57 and must share rank 3 -- the exact tie
       the workbook ranks through its ROUND columns */
    fw->rank_rounded = 1;
    fw->rank_decimals = 0;
    fw->maturity.rounded = 1;
    fw->maturity.decimals = 0;
}

/* The engine for both indices, with their respondents; TA's previous
   round: index values and ranks only. */
static inline void fx_compute_all(struct rfx *f)
{
    /* TA raw values: a1 a2 a3 b1 b2 b3 */
    static const double ta[FX_UNITS][6] = {
        {1, 10, 20, 5, 4, 7},            /* U1 */
        {0, NAN, 35, 3, 5, 2},           /* U2: a2 imputed from U1 (group mean) */
        {1, 4, 80, 9, 2, 5},             /* U3 */
        {0, 7, 50, 4, 3, 9},             /* U4 */
        {NAN, NAN, NAN, NAN, 1, NAN},    /* U5: 1 of 6 -> screened out */
        {1, 12, NAN, 6, 3, 1},           /* U6: no group -> a3 stays NA */
    };
    /* TB raw values: c1 c2 c3 d1 d2 d3 d4; d1 is divided by POP/1000 */
    static const double tb[FX_UNITS][7] = {
        {9, 40, 3, 500, 25, 1, 10},      /* U1: c1 above the goalpost (clipped) */
        {5, 45, 5, 300, 18, 2, 20},
        {1, 48, NAN, 800, 30, 3, 30},    /* U3: c1 clipped to 0, c3 imputed 0 */
        {4, 52, 7, 200, 22, 4, 40},
        {6, 300, 2, 100, 40, 5, 50},     /* U5: c2 outlier (Winsorised) */
        {7, 50, 4, 600, 19, 6, 60},
    };
    static const double pop[FX_UNITS] = {1000, 2000, 4000, 1000, 2000, 3000};
    double denom[FX_UNITS * 7];
    for (int u = 0; u < FX_UNITS; u++) {
        for (int j = 0; j < 6; j++)
            f->n_respondents[0][u * 6 + j] = isnan(ta[u][j]) ? 0 : 1 + (u + j) % 2;
        for (int j = 0; j < 7; j++) {
            denom[u * 7 + j] = j == 3 ? pop[u] : NAN;
            f->n_respondents[1][u * 7 + j] = isnan(tb[u][j]) ? 0 : 1;
        }
    }
    rfx_compute(f, 0, &ta[0][0], NULL);
    rfx_compute(f, 1, &tb[0][0], denom);
    rfx_respondents(f, 0);
    rfx_respondents(f, 1);
    static const double prev[FX_UNITS] = {55.5, 40.25, 70, 30, NAN, 50};
    static const int prank[FX_UNITS] = {2, 4, 1, 5, 0, 3};
    int nn = f->ix[0].fw.n_nodes, root = f->ix[0].fw.root;
    for (int u = 0; u < FX_UNITS; u++) {
        f->prev_value[0][u * nn + root] = prev[u];
        f->prev_rank[0][u * nn + root] = prank[u];
    }
    rfx_previous(f, 0, 2025);
}

/* The raw answers, hostile text included. */
static inline void fx_answers(struct rfx *f)
{
    /* 40,000 characters (20,000 "é" of two bytes, then ASCII): over the limit */
    size_t n = 20000 * 2 + 20000;
    char *ev = rfx_keep(f, xmalloc(n + 1));
    for (size_t i = 0; i < 20000; i++) {
        ev[2 * i] = '\xc3';
        ev[2 * i + 1] = '\xa9';
    }
    memset(ev + 40000, 'a', 20000);
    ev[n] = '\0';
    static const struct {
        const char *fw, *inst, *q, *value;
        double number;
        int long_evidence;
        const char *evidence;
    } a[] = {
        {"TA", "U1", "TA_Q1", "si", 1, 0, "https://example.com/portal"},
        {"TA", "U1", "TA_Q2", "=HYPERLINK(\"http://evil.example\",\"x\")", 10, 0, NULL},
        {"TA", "U2", "TA_Q3", "+5", 35, 0, NULL},
        {"TA", "U3", "TA_Q4", "-3", 9, 0, NULL},
        {"TA", "U4", "TA_Q5", "@SUM(A1)", 3, 0, NULL},
        {"TA", "U6", "TA_Q6", "caf\xe9 con leche", NAN, 0, NULL},
        {"TA", "U1", "TA_Q6", "7", 7, 1, NULL},
        {"TB", "U2", "TB_C1", "5", 5, 0, "tab\there"},
    };
    for (int i = 0; i < 8; i++)
        rfx_answer(f, &(struct answer){2026, (char *)a[i].fw, (char *)a[i].inst, (char *)a[i].q,
                                       (char *)"r1", (char *)a[i].value, a[i].number,
                                       a[i].long_evidence ? ev : (char *)a[i].evidence, i % 2,
                                       (char *)"surveys/prueba/ta.csv", i + 2});
}

static inline void fixture_build(struct rfx *f, double p2_weight)
{
    rfx_init(f, 2026, 1);
    f->cfg.languages[LANG_ES] = f->cfg.languages[LANG_EN] = 0;
    f->cfg.path = (char *)"/srv/indigo/indigo.ini";
    f->reg.path = (char *)"surveys/instituciones.csv";
    static const char *const names_es[FX_UNITS] = {
        "Ministerio de Finanzas Públicas", "Ministerio de Educación",
        "=HYPERLINK(\"http://example.com\",\"clic\")", "Secretaría de Planificación",
        "Comisión Presidencial", "Instituto Nacional de Estadística"};
    static const char *const names_en[FX_UNITS] = {
        "Ministry of Public Finance", "Ministry of Education", "+5 Secretariat",
        "Planning Secretariat", "Presidential Commission", "National Statistics Institute"};
    for (int u = 0; u < FX_UNITS; u++)
        rfx_unit(f, fx_codes[u], names_es[u], names_en[u], fx_groups[u], u == 0 ? 2 : 1);
    fx_build_ta(f, p2_weight > 0 ? p2_weight : 2);
    fx_build_tb(f);
    fx_compute_all(f);
    fx_answers(f);
    rfx_input(f, "surveys/prueba/ta.csv",
              "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "TA", 2026, 7,
              "long");
    rfx_input(f, "surveys/prueba/tb.csv",
              "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752", "TB", 2026, 1,
              "long");
    rfx_finish(f, "0.1.0-test",
               "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
}

static inline void fixture_release(struct rfx *f)
{
    rfx_release(f);
}

#endif
