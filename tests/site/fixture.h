/*
 * fixture.h — a tiny computed round for the open-data and site tests, built
 * with the test library's round fixture (tests/lib/round_fixture.h).
 *
 *   struct rfx f;
 *   fx_build(&f, demo);      two indices over three institutions, computed
 *                            with compute_run(); f.rd is the round
 *   ...
 *   fx_release(&f);
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
#include <string.h>

#include "round_fixture.h"

#define FX_UNITS 3

static inline void fx_igd(struct rfx *f)
{
    struct tfw *g = rfx_index(f, "IGD", "Índice de Gobierno Digital", "Digital Government Index");
    tfw_add(g, "P1", "IGD", 2);
    tfw_add(g, "a", "P1", 1);
    tfw_add(g, "b", "P1", 1);
    tfw_add(g, "P2", "IGD", 1);
    tfw_add(g, "c", "P2", 1);
    tfw_name(g, "P1", "Estrategia y gobernanza", "Strategy and governance");
    tfw_name(g, "a", "Plan de gobierno digital", "Digital government plan");
    tfw_name(g, "b", "Unidad de TI", "IT unit");
    tfw_name(g, "P2", "Servicios <digitales> & \"datos\"", "Digital <services> & \"data\"");
    tfw_name(g, "c", "Trámites en línea", "Online procedures");
    g->nodes[tfw_find(g, "a")].question = (char *)"IGD_A";
    g->nodes[tfw_find(g, "b")].question = (char *)"IGD_B";
    g->nodes[tfw_find(g, "c")].question = (char *)"IGD_C";
    g->nodes[tfw_find(g, "c")].axis = (char *)"E1";
    tfw_finish(g);
    g->fw.steps.order[0] = STEP_IMPUTE;
    g->fw.steps.order[1] = STEP_NORMALISE;
    g->fw.steps.order[2] = STEP_AGGREGATE;
    g->fw.steps.n = 3;
    g->fw.steps.impute = IMPUTE_MEAN;
    static const char *const es[] = {"Inicial", "Intermedio", "Avanzado"};
    static const char *const en[] = {"Initial", "Intermediate", "Advanced"};
    static const double thr[] = {40, 70};
    rfx_levels(f, 0, 3, es, en, thr);
}

static inline void fx_itic(struct rfx *f)
{
    struct tfw *t = rfx_index(f, "ITIC", "Índice de Tecnologías de la Información y Comunicación",
                              "Information and Communication Technology Index");
    tfw_name(t, "ITIC", "Índice de TIC", "ICT Index");
    tfw_add(t, "x", "ITIC", 1);
    tfw_add(t, "y", "ITIC", 1);
    tfw_name(t, "x", "Conectividad", "Connectivity");
    tfw_name(t, "y", "Equipos", "Equipment");
    t->nodes[tfw_find(t, "x")].question = (char *)"ITIC_X";
    t->nodes[tfw_find(t, "y")].question = (char *)"ITIC_Y";
    tfw_finish(t);
    t->fw.steps.order[0] = STEP_SCREEN;
    t->fw.steps.order[1] = STEP_NORMALISE;
    t->fw.steps.order[2] = STEP_AGGREGATE;
    t->fw.steps.n = 3;
    t->fw.steps.screen_threshold = 0.5;
}

/* The IGD answers behind the raw values and respondent counts above (the
   open data's respuestas table): ALFA a = mean(70, 90), b = mean(60, 60),
   c = 50; BETA a = 40, b unanswered, c = 90; GAMA three alike each.  Only
   with_answers; the site tests build the round without them. */
static inline void fx_answers(struct rfx *f)
{
    static const struct { const char *unit, *q, *resp, *val; double x; } a[] = {
        {"ALFA", "IGD_A", "r1", "70", 70}, {"ALFA", "IGD_A", "r2", "90", 90},
        {"ALFA", "IGD_B", "r1", "60", 60}, {"ALFA", "IGD_B", "r2", "60", 60},
        {"ALFA", "IGD_C", "r1", "50", 50}, {"BETA", "IGD_A", "r3", "40", 40},
        {"BETA", "IGD_B", "r3", "", NAN},  {"BETA", "IGD_C", "r3", "90", 90},
        {"GAMA", "IGD_A", "r4", "10", 10}, {"GAMA", "IGD_A", "r5", "10", 10},
        {"GAMA", "IGD_A", "r6", "=10", 10}, {"GAMA", "IGD_B", "r4", "20", 20},
        {"GAMA", "IGD_B", "r5", "20", 20}, {"GAMA", "IGD_B", "r6", "20", 20},
        {"GAMA", "IGD_C", "r4", "30", 30}, {"GAMA", "IGD_C", "r5", "30", 30},
        {"GAMA", "IGD_C", "r6", "30", 30},
    };
    for (int i = 0; i < (int)(sizeof a / sizeof a[0]); i++)
        rfx_answer(f, &(struct answer){.year = 2026, .framework = (char *)"IGD",
                                        .institution = (char *)a[i].unit,
                                        .question = (char *)a[i].q,
                                        .respondent = (char *)a[i].resp,
                                        .value = (char *)a[i].val, .number = a[i].x,
                                        .is_official = i == 0,
                                        .file = (char *)"surveys/2026/igd,kobo.csv",
                                        .line = 1 + (a[i].resp[1] - '0')});
}

/* 0, or -1 if the engine failed (message on stderr). */
static inline int fx_build_with(struct rfx *f, int demo, int with_answers)
{
    rfx_init(f, 2026, demo);
    rfx_unit(f, "ALFA", "Ministerio de Finanzas Públicas", "Ministry of Public Finance",
             "Ministerio", 1);
    rfx_unit(f, "BETA", "=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "Ministerio", 1);
    rfx_unit(f, "GAMA", "Secretaría <Nacional> & \"Ciencia\"", "-Secretariat, Science", "@grupo",
             1);
    fx_igd(f);
    fx_itic(f);
    const double raw_igd[FX_UNITS * 3] = {80, 60, 50, 40, NAN, 90, 10, 20, 30};
    const double raw_itic[FX_UNITS * 2] = {10, 30, 50, 70, NAN, NAN};
    if (rfx_compute(f, 0, raw_igd, NULL) != 0 || rfx_compute(f, 1, raw_itic, NULL) != 0) {
        fprintf(stderr, "fixture: compute_run failed: %s\n", f->err);
        return -1;
    }
    int nn = f->ix[0].fw.n_nodes;
    f->prev_value[0][0 * nn + 0] = 60;
    f->prev_rank[0][0 * nn + 0] = 1;
    f->prev_value[0][2 * nn + 0] = 25;
    f->prev_rank[0][2 * nn + 0] = 2;
    rfx_previous(f, 0, 2024);
    const int resp[FX_UNITS * 3] = {2, 2, 1, 1, 0, 1, 3, 3, 3};
    memcpy(f->n_respondents[0], resp, sizeof resp);
    rfx_respondents(f, 0);
    char sha[65];
    memset(sha, 'a', 64);
    sha[64] = '\0';
    if (with_answers)
        fx_answers(f);
    rfx_input(f, "surveys/2026/igd,kobo.csv", sha, "IGD", 2026, 8, "kobo");
    memset(sha, 'c', 64);
    rfx_finish(f, "0.1.0", sha);
    return 0;
}

static inline int fx_build(struct rfx *f, int demo)
{
    return fx_build_with(f, demo, 0);
}

static inline void fx_release(struct rfx *f)
{
    rfx_release(f);
}

#endif
