/*
 * fixture.h — a tiny computed round for the open-data and site tests.
 *
 *   struct fx f;
 *   fx_build(&f, demo);      two indices over three institutions, computed
 *                            with compute_run(); f.rd is the round
 *   ...
 *   fx_release(&f);          the results (everything else is static)
 *
 * IGD: root IGD (levels Inicial < 40 <= Intermedio < 70 <= Avanzado) over
 * P1 (weight 2: a, b) and P2 (weight 1: c); steps impute (mean), normalise
 * (none), aggregate (arithmetic).  Raw values (a, b, c):
 *
 *   ALFA  80  60  50    P1 = 70   P2 = 50   IGD = (2*70 + 50)/3 = 190/3
 *   BETA  40  --  90    b imputed = mean(60, 20) = 40;  P1 = 40;  IGD = 170/3
 *   GAMA  10  20  30    P1 = 15   P2 = 30   IGD = 20
 *
 * so ranks 1 2 3, levels Intermedio Intermedio Inicial, national IGD 420/9.
 * The previous round (2024) had IGD ALFA 60 (rank 1), GAMA 25 (rank 2).
 *
 * ITIC: root ITIC over x, y; steps screen (threshold 0.5), normalise,
 * aggregate.  ALFA 10 30 -> 20, BETA 50 70 -> 60, GAMA has no data and is
 * screened out.  No maturity levels, no previous round.
 *
 * The registry's texts hold formula-looking and HTML-special characters on
 * purpose: BETA's names begin with = and +, GAMA's group with @, GAMA's
 * English name with -, and GAMA's Spanish name and the node P2 contain
 * < > & ".
 */
#ifndef TEST_SITE_FIXTURE_H
#define TEST_SITE_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute.h"
#include "config.h"
#include "model.h"
#include "round.h"

#define FX_UNITS 3

struct fx {
    struct framework fw[2];
    struct node nodes[2][8];
    struct institution units[FX_UNITS];
    struct registry reg;
    struct config cfg;
    struct index_run idx[2];
    struct input_file input;
    double prev_value[FX_UNITS * 6];
    int prev_rank[FX_UNITS * 6];
    int n_resp[FX_UNITS * 3];
    struct round_data rd;
};

static const char *const fx_codes[FX_UNITS] = {"ALFA", "BETA", "GAMA"};

static inline void fx_node(struct framework *fw, const char *code, int parent, const char *es,
                           const char *en, double weight, const char *question)
{
    struct node *n = &fw->nodes[fw->n_nodes++];
    memset(n, 0, sizeof *n);
    n->code = (char *)code;
    n->name[LANG_ES] = (char *)es;
    n->name[LANG_EN] = (char *)en;
    n->parent = parent;
    n->weight = weight;
    n->direction = 1;
    n->scale_factor = 1;
    n->lower = n->upper = n->target = NAN;
    n->question = (char *)question;
}

/* Levels and is_indicator from the parent links. */
static inline void fx_levels(struct framework *fw)
{
    for (int k = 0; k < fw->n_nodes; k++) {
        int leaf = 1;
        for (int c = 0; c < fw->n_nodes; c++)
            leaf &= fw->nodes[c].parent != k;
        fw->nodes[k].is_indicator = leaf;
        fw->nodes[k].level = 1;
    }
    for (int pass = 0; pass < fw->n_nodes; pass++)
        for (int k = 0; k < fw->n_nodes; k++) {
            int p = fw->nodes[k].parent;
            if (p >= 0 && fw->nodes[p].level < fw->nodes[k].level + 1)
                fw->nodes[p].level = fw->nodes[k].level + 1;
        }
}

static inline void fx_steps(struct steps *s)
{
    s->norm = NORM_NONE;
    s->norm_lower = 0;
    s->norm_upper = 100;
    s->winmax = 5;
    s->skew_max = 2;
    s->kurt_max = 3.5;
    s->geo_zero_shift = 1;
}

static inline int fx_compute(struct fx *f, int i, const double *raw)
{
    struct compute_input in;
    char err[256];
    memset(&in, 0, sizeof in);
    in.fw = &f->fw[i];
    in.n_units = FX_UNITS;
    in.unit_code = fx_codes;
    in.raw = raw;
    if (compute_run(&in, &f->idx[i].res, err, sizeof err) != 0) {
        fprintf(stderr, "fixture: compute_run failed: %s\n", err);
        return -1;
    }
    return 0;
}

static inline int fx_build(struct fx *f, int demo)
{
    memset(f, 0, sizeof *f);

    /* IGD */
    struct framework *g = &f->fw[0];
    g->code = (char *)"IGD";
    g->name[LANG_ES] = (char *)"Índice de Gobierno Digital";
    g->name[LANG_EN] = (char *)"Digital Government Index";
    g->scale_min = 0;
    g->scale_max = 100;
    g->nodes = f->nodes[0];
    fx_node(g, "IGD", -1, "Índice de Gobierno Digital", "Digital Government Index", 1, NULL);
    fx_node(g, "P1", 0, "Estrategia y gobernanza", "Strategy and governance", 2, NULL);
    fx_node(g, "a", 1, "Plan de gobierno digital", "Digital government plan", 1, "IGD_A");
    fx_node(g, "b", 1, "Unidad de TI", "IT unit", 1, "IGD_B");
    fx_node(g, "P2", 0, "Servicios <digitales> & \"datos\"", "Digital <services> & \"data\"", 1,
            NULL);
    fx_node(g, "c", 4, "Trámites en línea", "Online procedures", 1, "IGD_C");
    g->nodes[5].axis = (char *)"E1";
    g->root = 0;
    fx_levels(g);
    fx_steps(&g->steps);
    g->steps.order[0] = STEP_IMPUTE;
    g->steps.order[1] = STEP_NORMALISE;
    g->steps.order[2] = STEP_AGGREGATE;
    g->steps.n = 3;
    g->steps.impute = IMPUTE_MEAN;
    g->maturity.n = 3;
    g->maturity.name[0][LANG_ES] = (char *)"Inicial";
    g->maturity.name[0][LANG_EN] = (char *)"Initial";
    g->maturity.name[1][LANG_ES] = (char *)"Intermedio";
    g->maturity.name[1][LANG_EN] = (char *)"Intermediate";
    g->maturity.name[2][LANG_ES] = (char *)"Avanzado";
    g->maturity.name[2][LANG_EN] = (char *)"Advanced";
    g->maturity.threshold[0] = 40;
    g->maturity.threshold[1] = 70;

    /* ITIC */
    struct framework *t = &f->fw[1];
    t->code = (char *)"ITIC";
    t->name[LANG_ES] = (char *)"Índice de Tecnologías de la Información y Comunicación";
    t->name[LANG_EN] = (char *)"Information and Communication Technology Index";
    t->scale_min = 0;
    t->scale_max = 100;
    t->nodes = f->nodes[1];
    fx_node(t, "ITIC", -1, "Índice de TIC", "ICT Index", 1, NULL);
    fx_node(t, "x", 0, "Conectividad", "Connectivity", 1, "ITIC_X");
    fx_node(t, "y", 0, "Equipos", "Equipment", 1, "ITIC_Y");
    t->root = 0;
    fx_levels(t);
    fx_steps(&t->steps);
    t->steps.order[0] = STEP_SCREEN;
    t->steps.order[1] = STEP_NORMALISE;
    t->steps.order[2] = STEP_AGGREGATE;
    t->steps.n = 3;
    t->steps.screen_threshold = 0.5;

    /* registry */
    static const char *const names[FX_UNITS][2] = {
        {"Ministerio de Finanzas Públicas", "Ministry of Public Finance"},
        {"=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0"},
        {"Secretaría <Nacional> & \"Ciencia\"", "-Secretariat, Science"},
    };
    static const char *const groups[FX_UNITS] = {"Ministerio", "Ministerio", "@grupo"};
    for (int u = 0; u < FX_UNITS; u++) {
        f->units[u].code = (char *)fx_codes[u];
        f->units[u].name[LANG_ES] = (char *)names[u][0];
        f->units[u].name[LANG_EN] = (char *)names[u][1];
        f->units[u].group = (char *)groups[u];
        f->units[u].weight = 1;
    }
    f->reg.items = f->units;
    f->reg.n = FX_UNITS;
    f->reg.path = (char *)"instituciones.csv";

    f->cfg.year = 2026;
    f->cfg.demo = demo;
    f->cfg.languages[LANG_ES] = f->cfg.languages[LANG_EN] = 1;

    /* results */
    const double raw_igd[FX_UNITS * 3] = {80, 60, 50, 40, NAN, 90, 10, 20, 30};
    const double raw_itic[FX_UNITS * 2] = {10, 30, 50, 70, NAN, NAN};
    f->idx[0].fw = g;
    f->idx[1].fw = t;
    if (fx_compute(f, 0, raw_igd) != 0 || fx_compute(f, 1, raw_itic) != 0)
        return -1;
    for (int c = 0; c < FX_UNITS * 6; c++)
        f->prev_value[c] = NAN;
    f->prev_value[0 * 6 + 0] = 60;
    f->prev_rank[0 * 6 + 0] = 1;
    f->prev_value[2 * 6 + 0] = 25;
    f->prev_rank[2 * 6 + 0] = 2;
    f->idx[0].prev_year = 2024;
    f->idx[0].prev_value = f->prev_value;
    f->idx[0].prev_rank = f->prev_rank;
    const int resp[FX_UNITS * 3] = {2, 2, 1, 1, 0, 1, 3, 3, 3};
    memcpy(f->n_resp, resp, sizeof resp);
    f->idx[0].n_respondents = f->n_resp;

    f->input.path = (char *)"surveys/2026/igd,kobo.csv";
    memset(f->input.sha256, 'a', 64);
    f->input.framework = (char *)"IGD";
    f->input.year = 2026;
    f->input.rows = 8;
    f->input.shape = (char *)"kobo";

    f->rd.cfg = &f->cfg;
    f->rd.reg = &f->reg;
    f->rd.year = 2026;
    f->rd.demo = demo;
    f->rd.idx = f->idx;
    f->rd.n_idx = 2;
    f->rd.inputs = &f->input;
    f->rd.n_inputs = 1;
    f->rd.version = "0.1.0";
    memset(f->rd.config_sha256, 'c', 64);
    return 0;
}

static inline void fx_release(struct fx *f)
{
    for (int i = 0; i < 2; i++)
        result_release(&f->idx[i].res);
}

#endif
