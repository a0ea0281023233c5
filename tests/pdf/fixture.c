/*
 * fixture.c — the round described in fixture.h.  Strings are literals or
 * xstrdup'd copies; fixture_release() frees what was allocated here and the
 * results compute_run() filled.
 */
#include "fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "compute.h"
#include "error.h"
#include "uncertainty.h"
#include "xalloc.h"

#define S_(x) ((char *)(x))

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

static void build_fw(struct framework *fw, const char *code, const char *es, const char *en,
                     const struct node_spec *spec, int n)
{
    memset(fw, 0, sizeof *fw);
    fw->code = S_(code);
    fw->name[LANG_ES] = S_(es);
    fw->name[LANG_EN] = S_(en);
    fw->scale_min = 0;
    fw->scale_max = 100;
    fw->respondents = COMBINE_MEAN;
    fw->nodes = xcalloc((size_t)n, sizeof *fw->nodes);
    fw->n_nodes = n;
    for (int k = 0; k < n; k++) {
        struct node *nd = &fw->nodes[k];
        nd->code = S_(spec[k].code);
        nd->name[LANG_ES] = S_(spec[k].es);
        nd->name[LANG_EN] = S_(spec[k].en);
        nd->weight = spec[k].weight;
        nd->parent = -1;
        for (int p = 0; spec[k].parent && p < n; p++)
            if (strcmp(spec[p].code, spec[k].parent) == 0)
                nd->parent = p;
        if (nd->parent < 0)
            fw->root = k;
        nd->direction = 1;
        nd->scale_factor = 1;
        nd->lower = 0;
        nd->upper = 100;
        nd->target = NAN;
        nd->recommendation[LANG_ES] = S_(spec[k].rec_es);
        nd->recommendation[LANG_EN] = S_(spec[k].rec_en);
        nd->question = spec[k].rec_es ? xasprintf("%s_%s", code, spec[k].code) : NULL;
    }
    /* levels: indicators 1, pillars 2, index 3 (the tree is that shallow) */
    for (int k = 0; k < n; k++) {
        int leaf = 1;
        for (int c = 0; c < n; c++)
            leaf &= fw->nodes[c].parent != k;
        fw->nodes[k].is_indicator = leaf;
        fw->nodes[k].level = leaf ? 1 : k == fw->root ? 3 : 2;
    }
    struct steps *st = &fw->steps;
    st->screen_threshold = 0.5;
    st->winmax = 5;
    st->skew_max = 2;
    st->kurt_max = 3.5;
    st->log_fallback = 1;
    st->norm = NORM_GOALPOSTS;
    st->norm_lower = 0;
    st->norm_upper = 100;
    st->geo_zero_shift = 1;
    for (int l = 0; l < LEVEL_MAX; l++)
        st->agg[l] = AGG_ARITHMETIC;
}

static void set_maturity(struct framework *fw, int n, const char *const *es,
                         const char *const *en, const double *thr)
{
    fw->maturity.n = n;
    for (int i = 0; i < n; i++) {
        fw->maturity.name[i][LANG_ES] = S_(es[i]);
        fw->maturity.name[i][LANG_EN] = S_(en[i]);
        if (i + 1 < n)
            fw->maturity.threshold[i] = thr[i];
    }
}

static void add_answer(struct answer_set *as, const char *fw, const char *unit,
                       const char *question, const char *resp, double v, const char *file,
                       long line)
{
    as->items = xgrow(as->items, &as->cap, as->n + 1, sizeof *as->items);
    struct answer *a = &as->items[as->n++];
    memset(a, 0, sizeof *a);
    a->year = 2026;
    a->framework = xstrdup(fw);
    a->institution = xstrdup(unit);
    a->question = xstrdup(question);
    a->respondent = xstrdup(resp);
    a->value = xasprintf("%g", v);
    a->number = v;
    a->file = xstrdup(file);
    a->line = line;
}

static void run_engine(struct fixture *fx, int i, const double *raw, int n_ind)
{
    struct index_run *run = &fx->run[i];
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &fx->fw[i];
    in.n_units = FX_UNITS;
    in.unit_code = unit_code;
    in.unit_group = unit_group;
    in.raw = raw;
    char err[256];
    run->fw = &fx->fw[i];
    if (compute_run(&in, &run->res, err, sizeof err) != 0) {
        fprintf(stderr, "fixture: compute_run(%s) failed: %s\n", fx->fw[i].code, err);
        exit(99);
    }
    run->n_respondents = xcalloc((size_t)FX_UNITS * (size_t)n_ind, sizeof *run->n_respondents);
    const char *file = i == FX_IGD ? "encuestas/igd-2026.csv" : "encuestas/ida-2026.csv";
    long line = 2;
    for (int u = 0; u < FX_UNITS; u++)
        for (int j = 0; j < n_ind; j++) {
            double v = raw[u * n_ind + j];
            if (isnan(v))
                continue;
            /* respondents: 1..3 by unit, one fewer on the first indicator */
            int nr = 1 + u % 3 - (j == 0 && u % 3 > 0);
            run->n_respondents[u * n_ind + j] = nr;
            const struct node *nd = &fx->fw[i].nodes[run->res.ind_node[j]];
            for (int r = 0; r < nr; r++) {
                char resp[16];
                snprintf(resp, sizeof resp, "R%d", r + 1);
                add_answer(&fx->answers, fx->fw[i].code, unit_code[u], nd->question, resp, v,
                           file, line++);
            }
        }
    fx->inputs[i].path = xstrdup(file);
    snprintf(fx->inputs[i].sha256, sizeof fx->inputs[i].sha256, "%064d", i + 1);
    memset(fx->inputs[i].sha256, i == FX_IGD ? 'a' : 'b', 12);
    fx->inputs[i].framework = xstrdup(fx->fw[i].code);
    fx->inputs[i].year = 2026;
    fx->inputs[i].rows = line - 2;
    fx->inputs[i].shape = xstrdup("kobo");
}

void fixture_init(struct fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    build_fw(&fx->fw[FX_IGD], "IGD", "Índice de Gobierno Digital", "Digital Government Index",
             igd_nodes, (int)(sizeof igd_nodes / sizeof igd_nodes[0]));
    build_fw(&fx->fw[FX_IDA], "IDA", "Índice de Datos Abiertos", "Open Data Index", ida_nodes,
             (int)(sizeof ida_nodes / sizeof ida_nodes[0]));
    static const char *const lv_es[] = {"Inicial", "Básico", "Intermedio", "Avanzado", "Líder"};
    static const char *const lv_en[] = {"Initial", "Basic", "Intermediate", "Advanced", "Leader"};
    static const double lv_thr[] = {20, 40, 60, 80};
    set_maturity(&fx->fw[FX_IGD], 5, lv_es, lv_en, lv_thr);
    static const char *const da_es[] = {"Emergente", "En desarrollo", "Consolidado"};
    static const char *const da_en[] = {"Emerging", "Developing", "Established"};
    static const double da_thr[] = {40, 70};
    set_maturity(&fx->fw[FX_IDA], 3, da_es, da_en, da_thr);

    struct steps *st = &fx->fw[FX_IGD].steps;
    enum step_kind igd_steps[] = {STEP_SCREEN, STEP_IMPUTE, STEP_TREAT, STEP_NORMALISE,
                                  STEP_AGGREGATE};
    memcpy(st->order, igd_steps, sizeof igd_steps);
    st->n = 5;
    st->impute = IMPUTE_MEAN;
    st = &fx->fw[FX_IDA].steps;
    enum step_kind ida_steps[] = {STEP_SCREEN, STEP_NORMALISE, STEP_AGGREGATE};
    memcpy(st->order, ida_steps, sizeof ida_steps);
    st->n = 3;
    st->impute = IMPUTE_NONE;

    fx->reg.n = FX_UNITS;
    fx->reg.items = xcalloc(FX_UNITS, sizeof *fx->reg.items);
    fx->reg.path = xstrdup("encuestas/instituciones.csv");
    for (int u = 0; u < FX_UNITS; u++) {
        struct institution *it = &fx->reg.items[u];
        it->code = xstrdup(unit_code[u]);
        it->name[LANG_ES] = xstrdup(unit_es[u]);
        it->name[LANG_EN] = xstrdup(unit_en[u]);
        it->group = xstrdup(unit_group[u]);
        it->weight = 1;
    }

    fx->cfg.year = 2026;
    fx->cfg.demo = 1;
    fx->cfg.title[LANG_ES] = xstrdup("Índices de gobierno digital, capacidad TIC y datos abiertos");
    fx->cfg.title[LANG_EN] = xstrdup("Digital government, ICT capacity and open data indices");
    fx->cfg.languages[LANG_ES] = fx->cfg.languages[LANG_EN] = 1;

    run_engine(fx, FX_IGD, &igd_raw[0][0], 6);
    run_engine(fx, FX_IDA, &ida_raw[0][0], 4);

    /* the previous round: every IGD node of unit u was lower by igd_delta[u] */
    struct index_run *run = &fx->run[FX_IGD];
    int nn = fx->fw[FX_IGD].n_nodes;
    run->prev_year = 2025;
    run->prev_value = xcalloc((size_t)FX_UNITS * nn, sizeof *run->prev_value);
    run->prev_rank = xcalloc((size_t)FX_UNITS * nn, sizeof *run->prev_rank);
    for (int u = 0; u < FX_UNITS; u++)
        for (int k = 0; k < nn; k++)
            run->prev_value[u * nn + k] = run->res.value[u * nn + k] - igd_delta[u];
    double col[FX_UNITS];
    int rk[FX_UNITS];
    for (int k = 0; k < nn; k++) {
        for (int u = 0; u < FX_UNITS; u++)
            col[u] = run->prev_value[u * nn + k];
        compute_ranks(col, FX_UNITS, rk);
        for (int u = 0; u < FX_UNITS; u++)
            run->prev_rank[u * nn + k] = rk[u];
    }

    /* a rank-uncertainty summary for IGD, filled by hand (the charts and
       reports only read the per-unit statistics) */
    static const int ua_rank[FX_UNITS][4] = {
        /* nominal, median, q05, q95 */
        {6, 6, 5, 6}, {3, 3, 3, 4}, {2, 2, 1, 2}, {5, 5, 4, 6}, {1, 1, 1, 2}, {4, 4, 3, 5}};
    struct uncertainty *ua = xcalloc(1, sizeof *ua);
    ua->n_units = FX_UNITS;
    ua->target = fx->fw[FX_IGD].root;
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

    fx->rd.cfg = &fx->cfg;
    fx->rd.reg = &fx->reg;
    fx->rd.year = 2026;
    fx->rd.demo = 1;
    fx->rd.idx = fx->run;
    fx->rd.n_idx = FX_INDEX;
    fx->rd.answers = &fx->answers;
    answer_index_build(&fx->by_unit, &fx->answers, &fx->reg);
    fx->rd.by_unit = &fx->by_unit;
    fx->rd.inputs = fx->inputs;
    fx->rd.n_inputs = 2;
    fx->rd.version = "0.1.0";
    memset(fx->rd.config_sha256, 'c', 64);
}

void fixture_release(struct fixture *fx)
{
    for (int i = 0; i < FX_INDEX; i++) {
        result_release(&fx->run[i].res);
        if (fx->run[i].ua) {
            free(fx->run[i].ua->unit);
            free(fx->run[i].ua);
        }
        free(fx->run[i].prev_value);
        free(fx->run[i].prev_rank);
        free(fx->run[i].n_respondents);
        for (int k = 0; k < fx->fw[i].n_nodes; k++)
            free(fx->fw[i].nodes[k].question);
        free(fx->fw[i].nodes);
        free(fx->inputs[i].path);
        free(fx->inputs[i].framework);
        free(fx->inputs[i].shape);
    }
    for (size_t a = 0; a < fx->answers.n; a++) {
        struct answer *x = &fx->answers.items[a];
        free(x->framework);
        free(x->institution);
        free(x->question);
        free(x->respondent);
        free(x->value);
        free(x->file);
    }
    free(fx->answers.items);
    answer_index_release(&fx->by_unit);
    for (int u = 0; u < fx->reg.n; u++) {
        struct institution *it = &fx->reg.items[u];
        free(it->code);
        free(it->name[LANG_ES]);
        free(it->name[LANG_EN]);
        free(it->group);
    }
    free(fx->reg.items);
    free(fx->reg.path);
    free(fx->cfg.title[LANG_ES]);
    free(fx->cfg.title[LANG_EN]);
}

int fixture_node(const struct fixture *fx, int i, const char *code)
{
    for (int k = 0; k < fx->fw[i].n_nodes; k++)
        if (strcmp(fx->fw[i].nodes[k].code, code) == 0)
            return k;
    BUG("fixture: no node %s in %s", code, fx->fw[i].code);
}

char *fixture_run(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t n = 0, cap = 4096;
    char *buf = xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2)
            buf = xrealloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return buf;
}

int fixture_same_file(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa && fb;
    while (same) {
        int ca = getc(fa), cb = getc(fb);
        if (ca != cb)
            same = 0;
        if (ca == EOF || cb == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return same;
}
