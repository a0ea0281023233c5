/*
 * fixture.c — the round described in fixture.h, as data for the round
 * fixture builder.
 */
#include "fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute.h"
#include "error.h"
#include "uncertainty.h"
#include "xalloc.h"

struct node_spec {
    const char *code, *parent, *es, *en;
    double weight;
    const char *rec_es, *rec_en;
};

static const struct node_spec igd_nodes[] = {
    {"IGD", NULL, "Índice de Gobierno Digital", "Digital Government Index", 1, NULL, NULL},
    {"G", "IGD", "Gobernanza digital", "Digital governance", 2, NULL, NULL},
    {"S", "IGD", "Servicios digitales al ciudadano", "Digital services for citizens", 1, NULL, NULL},
    {"I", "IGD", "Infraestructura, interoperabilidad y ciberseguridad",
     "Infrastructure, interoperability and cybersecurity", 1, NULL, NULL},
    {"G1", "G", "Estrategia de gobierno digital aprobada", "Approved digital government strategy", 1,
     "Aprobar y publicar una estrategia institucional de gobierno digital con metas anuales.",
     "Approve and publish an institutional digital government strategy with yearly targets."},
    {"G2", "G", "Unidad de tecnología con presupuesto propio", "IT unit with its own budget", 1,
     "Asignar a la unidad de tecnología un presupuesto propio y un plan de compras.",
     "Give the IT unit its own budget and a procurement plan."},
    {"S1", "S", "Trámites en línea de principio a fin", "End-to-end online procedures", 1,
     "Digitalizar de principio a fin los tres trámites más solicitados, con pago y notificación en línea.",
     "Digitise the three most requested procedures end to end, with online payment and notification."},
    {"S2", "S", "Satisfacción de los usuarios medida", "User satisfaction measured", 1,
     "Medir la satisfacción de los usuarios después de cada trámite y publicar los resultados.",
     "Measure user satisfaction after each procedure and publish the results."},
    {"I1", "I", "Interoperabilidad con otras instituciones", "Interoperability with other institutions", 1,
     "Conectar los sistemas principales a la plataforma nacional de interoperabilidad.",
     "Connect the main systems to the national interoperability platform."},
    {"I2", "I", "Plan de ciberseguridad y respaldo", "Cybersecurity and backup plan", 1,
     "Adoptar un plan de ciberseguridad con copias de respaldo probadas cada trimestre.",
     "Adopt a cybersecurity plan with backups tested every quarter."},
};

static const struct node_spec ida_nodes[] = {
    {"IDA", NULL, "Índice de Datos Abiertos", "Open Data Index", 1, NULL, NULL},
    {"D", "IDA", "Disponibilidad de datos", "Data availability", 1, NULL, NULL},
    {"R", "IDA", "Reutilización y calidad de los datos", "Data reuse and quality", 1, NULL, NULL},
    {"D1", "D", "Conjuntos de datos publicados", "Datasets published", 1,
     "Publicar en el portal nacional los conjuntos de datos del inventario institucional.",
     "Publish the datasets of the institutional inventory on the national portal."},
    {"D2", "D", "Datos en formato abierto", "Data in open formats", 1,
     "Publicar los datos en CSV o JSON además de PDF.", "Publish data as CSV or JSON as well as PDF."},
    {"R1", "R", "Metadatos completos", "Complete metadata", 1,
     "Completar los metadatos de cada conjunto: responsable, fecha y licencia.",
     "Complete each dataset's metadata: owner, date and licence."},
    {"R2", "R", "Actualización periódica", "Regular updates", 1,
     "Actualizar los conjuntos de datos según la periodicidad declarada.",
     "Update datasets as often as their metadata promises."},
};

/* Raw indicator values (already on 0..100), units in registry order. */
static const double igd_raw[FX_UNITS][6] = {
    {45, 50, 30, 40, 55, 35},      /* MAGA     */
    {60, 70, 65, 55, 50, 60},      /* MINEDUC  */
    {90, 85, 80, 75, 95, 85},      /* MINFIN   */
    {50, NAN, 45, 40, 35, 30},     /* MSPAS: G2 missing, imputed with 72 */
    {85, 90, 95, 90, 80, 75},      /* SAT      */
    {70, 65, 40, 50, 60, 55},      /* SEGEPLAN */
};
static const double ida_raw[FX_UNITS][4] = {
    {20, NAN, NAN, NAN},           /* MAGA: 1 of 4 < 0.5, excluded */
    {50, 40, 30, 60},
    {80, 70, 60, 90},
    {30, 20, NAN, 40},             /* MSPAS: R from R2 alone */
    {70, 80, 90, 100},
    {60, 50, 40, 30},
};
/* IGD index change since 2025 per unit (NAN: new in this round). */
static const double igd_delta[FX_UNITS] = {3.75, -2.25, 5.5, NAN, 0, 7.375};

static const char *const unit_code[FX_UNITS] = {"MAGA", "MINEDUC", "MINFIN",
                                                "MSPAS", "SAT", "SEGEPLAN"};
static const char *const unit_es[FX_UNITS] = {
    "Ministerio de Agricultura, Ganadería y Alimentación", "Ministerio de Educación",
    "Ministerio de Finanzas Públicas", "Ministerio de Salud Pública y Asistencia Social",
    "Superintendencia de Administración Tributaria",
    "Secretaría de Planificación y Programación de la Presidencia"};
static const char *const unit_en[FX_UNITS] = {
    "Ministry of Agriculture, Livestock and Food", "Ministry of Education",
    "Ministry of Public Finance", "Ministry of Public Health and Social Assistance",
    "Superintendency of Tax Administration",
    "Secretariat of Planning and Programming of the Presidency"};
static const char *const unit_group[FX_UNITS] = {"Ministerio", "Ministerio", "Ministerio",
                                                 "Ministerio", "Entidad autónoma", "Secretaría"};

/* The tree of spec; goalposts 0..100, the default steps' parameters. */
static void build_fw(struct rfx *fx, const char *es, const char *en,
                     const struct node_spec *spec, int n)
{
    struct tfw *t = rfx_index(fx, spec[0].code, es, en);
    t->fw.respondents = COMBINE_MEAN;
    for (int k = 1; k < n; k++)
        tfw_add(t, spec[k].code, spec[k].parent, spec[k].weight);
    for (int k = 0; k < n; k++) {
        struct node *nd = &t->nodes[k];
        tfw_name(t, spec[k].code, spec[k].es, spec[k].en);
        nd->lower = 0;
        nd->upper = 100;
        nd->recommendation[LANG_ES] = (char *)spec[k].rec_es;
        nd->recommendation[LANG_EN] = (char *)spec[k].rec_en;
        if (spec[k].rec_es)
            nd->question = rfx_keep(fx, xasprintf("%s_%s", spec[0].code, spec[k].code));
    }
    tfw_finish(t);
    struct steps *st = &t->fw.steps;
    st->screen_threshold = 0.5;
    st->log_fallback = 1;
    st->norm = NORM_GOALPOSTS;
}

/* Run the engine for index i; respondents 1..3 by unit (one fewer on the
   first indicator), an answer per respondent, and the input file. */
static void run_engine(struct rfx *fx, int i, const double *raw, int n_ind)
{
    if (rfx_compute(fx, i, raw, NULL) != 0) {
        fprintf(stderr, "fixture: compute_run(%s) failed: %s\n", fx->ix[i].fw.code, fx->err);
        exit(99);
    }
    rfx_respondents(fx, i);
    const char *file = i == FX_IGD ? "encuestas/igd-2026.csv" : "encuestas/ida-2026.csv";
    long line = 2;
    for (int u = 0; u < FX_UNITS; u++)
        for (int j = 0; j < n_ind; j++) {
            double v = raw[u * n_ind + j];
            if (isnan(v))
                continue;
            int nr = 1 + u % 3 - (j == 0 && u % 3 > 0);
            fx->n_respondents[i][u * n_ind + j] = nr;
            const struct node *nd = &fx->ix[i].fw.nodes[fx->run[i].res.ind_node[j]];
            for (int r = 0; r < nr; r++) {
                char resp[16], value[32];
                snprintf(resp, sizeof resp, "R%d", r + 1);
                snprintf(value, sizeof value, "%g", v);
                rfx_answer(fx, &(struct answer){2026, fx->ix[i].fw.code, (char *)unit_code[u],
                                                nd->question, resp, value, v, NULL, 0,
                                                (char *)file, line++});
            }
        }
    char sha[65];
    snprintf(sha, sizeof sha, "%064d", i + 1);
    memset(sha, i == FX_IGD ? 'a' : 'b', 12);
    rfx_input(fx, file, sha, fx->ix[i].fw.code, 2026, line - 2, "kobo");
}

/* The previous round: every IGD node of unit u was lower by igd_delta[u]. */
static void previous_round(struct rfx *fx)
{
    const struct index_run *run = &fx->run[FX_IGD];
    int nn = fx->ix[FX_IGD].fw.n_nodes;
    for (int u = 0; u < FX_UNITS; u++)
        for (int k = 0; k < nn; k++)
            fx->prev_value[FX_IGD][u * nn + k] = run->res.value[u * nn + k] - igd_delta[u];
    double col[FX_UNITS];
    int rk[FX_UNITS];
    for (int k = 0; k < nn; k++) {
        for (int u = 0; u < FX_UNITS; u++)
            col[u] = fx->prev_value[FX_IGD][u * nn + k];
        compute_ranks(col, FX_UNITS, rk);
        for (int u = 0; u < FX_UNITS; u++)
            fx->prev_rank[FX_IGD][u * nn + k] = rk[u];
    }
    rfx_previous(fx, FX_IGD, 2025);
}

/* A rank-uncertainty summary for IGD, filled by hand (the charts and
   reports only read the per-unit statistics). */
static void uncertainty_summary(struct rfx *fx)
{
    static const int ua_rank[FX_UNITS][4] = {
        /* nominal, median, q05, q95 */
        {6, 6, 5, 6}, {3, 3, 3, 4}, {2, 2, 1, 2}, {5, 5, 4, 6}, {1, 1, 1, 2}, {4, 4, 3, 5}};
    struct uncertainty *ua = xcalloc(1, sizeof *ua);
    ua->n_units = FX_UNITS;
    ua->target = fx->ix[FX_IGD].fw.root;
    ua->n_ranked = FX_UNITS;
    ua->top_cut = 1;
    ua->bottom_cut = 6;
    ua->runs = 1000;
    ua->varied = UA_BIT(UA_WEIGHTS) | UA_BIT(UA_AGG);
    ua->mean_shift = 0.42;
    ua->unit = xcalloc(FX_UNITS, sizeof *ua->unit);
    for (int u = 0; u < FX_UNITS; u++) {
        struct ua_unit *x = &ua->unit[u];
        x->nominal = ua_rank[u][0];
        x->n = 1000;
        x->median = ua_rank[u][1];
        x->mean = ua_rank[u][1];
        x->q05 = ua_rank[u][2];
        x->q95 = ua_rank[u][3];
        x->mean_shift = 0.4;
    }
    fx->run[FX_IGD].ua = ua;
}

void fixture_init(struct rfx *fx)
{
    rfx_init(fx, 2026, 1);
    fx->reg.path = (char *)"encuestas/instituciones.csv";
    fx->cfg.title[LANG_ES] = (char *)"Índices de gobierno digital, capacidad TIC y datos abiertos";
    fx->cfg.title[LANG_EN] = (char *)"Digital government, ICT capacity and open data indices";
    for (int u = 0; u < FX_UNITS; u++)
        rfx_unit(fx, unit_code[u], unit_es[u], unit_en[u], unit_group[u], 1);
    build_fw(fx, "Índice de Gobierno Digital", "Digital Government Index", igd_nodes,
             (int)(sizeof igd_nodes / sizeof igd_nodes[0]));
    build_fw(fx, "Índice de Datos Abiertos", "Open Data Index", ida_nodes,
             (int)(sizeof ida_nodes / sizeof ida_nodes[0]));
    static const char *const lv_es[] = {"Inicial", "Básico", "Intermedio", "Avanzado", "Líder"};
    static const char *const lv_en[] = {"Initial", "Basic", "Intermediate", "Advanced", "Leader"};
    static const double lv_thr[] = {20, 40, 60, 80};
    rfx_levels(fx, FX_IGD, 5, lv_es, lv_en, lv_thr);
    static const char *const da_es[] = {"Emergente", "En desarrollo", "Consolidado"};
    static const char *const da_en[] = {"Emerging", "Developing", "Established"};
    static const double da_thr[] = {40, 70};
    rfx_levels(fx, FX_IDA, 3, da_es, da_en, da_thr);

    struct steps *st = &fx->ix[FX_IGD].fw.steps;
    static const enum step_kind igd_steps[] = {STEP_SCREEN, STEP_IMPUTE, STEP_TREAT,
                                               STEP_NORMALISE, STEP_AGGREGATE};
    memcpy(st->order, igd_steps, sizeof igd_steps);
    st->n = 5;
    st->impute = IMPUTE_MEAN;
    st = &fx->ix[FX_IDA].fw.steps;
    static const enum step_kind ida_steps[] = {STEP_SCREEN, STEP_NORMALISE, STEP_AGGREGATE};
    memcpy(st->order, ida_steps, sizeof ida_steps);
    st->n = 3;
    st->impute = IMPUTE_NONE;

    run_engine(fx, FX_IGD, &igd_raw[0][0], 6);
    run_engine(fx, FX_IDA, &ida_raw[0][0], 4);
    previous_round(fx);
    uncertainty_summary(fx);
    char sha[65];
    memset(sha, 'c', 64);
    sha[64] = '\0';
    rfx_finish(fx, "0.1.0", sha);
}

void fixture_release(struct rfx *fx)
{
    if (fx->run[FX_IGD].ua) {
        free(fx->run[FX_IGD].ua->unit);
        free(fx->run[FX_IGD].ua);
    }
    rfx_release(fx);
}

int fixture_node(const struct rfx *fx, int i, const char *code)
{
    int k = tfw_find(&fx->ix[i], code);
    if (k < 0)
        BUG("fixture: no node %s in %s", code, fx->ix[i].fw.code);
    return k;
}
