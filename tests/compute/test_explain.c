/*
 * test_explain.c — the audit trail printed by explain_print(), checked line
 * by line on a small framework whose numbers are worked out in comments.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "fwbuild.h"
#include "tap.h"

/* Print the trail into a string (caller frees). */
static char *trail(const struct result *r, const struct answer_set *as, int u, int node,
                   enum lang lang, int *rc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    *rc = explain_print(fp, r, as, u, node, lang);
    fclose(fp);
    return buf;
}

static int has(const char *text, const char *line)
{
    int found = text && strstr(text, line) != NULL;
    if (!found)
        printf("#   missing: \"%s\"\n", line);
    return found;
}

/*
 * What issue 19 added to the trail: the value as ranked, an answer without
 * its evidence, an aggregate short of a child, an institution without
 * answers, and numbers no longer than they need to be.
 *   I -> a (question qa, evidence = si), b.  U0: a 0.2, b NA; U1: nothing;
 *   U2: a 1, b 2.  Published at 1 decimal.
 */
static void test_published(void)
{
    struct tfw t;
    tfw_init(&t, "I");
    int a = tfw_add(&t, "a", "I", 1);
    tfw_add(&t, "b", "I", 1);
    tfw_finish(&t);
    t.nodes[a].question = (char *)"qa";
    t.nodes[a].evidence_required = 1;
    t.fw.rank_rounded = 1;
    t.fw.rank_decimals = 1;
    t.fw.steps.exclude_unanswered = 1;
    const double raw[] = {0.2, NAN, NAN, NAN, 1, 2};
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &t.fw;
    in.n_units = 3;
    in.unit_code = tfw_units;
    in.raw = raw;
    struct result r;
    char err[256];
    is_int(compute_run(&in, &r, err, sizeof err), 0, "published: engine runs");
    struct answer ans[] = {
        {2024, (char *)"T", (char *)"U0", (char *)"qa", (char *)"r1", (char *)"si", 1, NULL, 0,
         (char *)"enc.csv", 4},
        {2024, (char *)"T", (char *)"U0", (char *)"qa", (char *)"r2", (char *)"si", 1,
         (char *)"www.x.gob.gt", 0, (char *)"enc.csv", 5},
        {2024, (char *)"T", (char *)"U0", (char *)"qa", (char *)"r3", (char *)"si", 1,
         (char *)"https://x.gob.gt/plan", 0, (char *)"enc.csv", 6},
        {2024, (char *)"T", (char *)"U0", (char *)"qa", (char *)"r4", (char *)"no", 0, NULL, 0,
         (char *)"enc.csv", 7},
    };
    struct answer_set as = {ans, 4, 4};
    int rc;
    char *s = trail(&r, &as, 0, a, LANG_ES, &rc);
    ok(has(s, "Puntaje: 0.2  (Posición 2 / 2)\n"),
       "0.2, not 0.20000000000000001; of the 2 ranked (U1, without answers, is not)");
    ok(has(s, "Valor publicado, el que se ordena (decimales: 1): 0.2\n"),
       "the value ranked, at the published precision");
    ok(has(s, "     encuestado \"r1\": \"si\" = 1  (enc.csv:4)  — sin evidencia: no puntúa "
              "(cuenta 0)\n") &&
           has(s, "     encuestado \"r2\": \"si\" = 1  (enc.csv:5)  — sin evidencia: no puntúa "
                  "(cuenta 0)\n") &&
           has(s, "     encuestado \"r3\": \"si\" = 1  (enc.csv:6)\n") &&
           has(s, "     encuestado \"r4\": \"no\" = 0  (enc.csv:7)\n"),
       "sin evidencia: no puntúa, on the unsupported positive answers only");
    ok(has(s, "     b              NA (sin valor, no cuenta)\n") &&
           has(s, "     = 0.2  (Posición 2)\n     calculado con menos hijos de los que tiene: 1 "
                  "de 2\n"),
       "the aggregate says it had 1 of its 2 children");
    free(s);
    t.nodes[a].evidence_rule_set = 1;
    t.nodes[a].evidence_rule = EVIDENCE_KEEP;
    s = trail(&r, &as, 0, a, LANG_EN, &rc);
    ok(has(s, "     respondent \"r1\": \"si\" = 1  (enc.csv:4)  — no evidence: scored as given "
              "(missing_evidence = keep)\n"),
       "en: keep");
    ok(has(s, "     computed from fewer children than it has: 1 of 2\n"), "en: children");
    free(s);
    s = trail(&r, &as, 1, a, LANG_EN, &rc);
    ok(has(s, "3. Institution excluded: it has no answer at all in this index ([aggregate] "
              "no_answers = exclude): no score and no rank\n") &&
           has(s, "   flags: excluded by screening, no answers\n"),
       "en: an institution without answers");
    free(s);
    result_release(&r);
}

int main(void)
{
    /*
     * I (geometric) -> P (w 1), Q (w 1); P (arithmetic) -> a (w 1, question qa,
     * goalposts 0..10), b (w 3, divided by POP, scale 100); Q -> c (w 1).
     * Steps: denominate, screen (U3 forced out), impute (mean), normalise
     * (default min-max 0..100), aggregate.
     */
    struct tfw t;
    tfw_init(&t, "I");
    tfw_add(&t, "P", "I", 1);
    tfw_add(&t, "Q", "I", 1);
    int a = tfw_add(&t, "a", "P", 1);
    int b = tfw_add(&t, "b", "P", 3);
    tfw_add(&t, "c", "Q", 1);
    tfw_finish(&t);
    t.nodes[a].question = (char *)"qa";
    t.nodes[a].norm_set = 1;
    t.nodes[a].norm = NORM_GOALPOSTS;
    t.nodes[a].lower = 0;
    t.nodes[a].upper = 10;
    t.nodes[b].denominator = (char *)"POP";
    t.nodes[b].scale_factor = 100;
    t.nodes[tfw_find(&t, "P")].name[LANG_ES] = (char *)"Pilar P";
    t.nodes[tfw_find(&t, "P")].name[LANG_EN] = (char *)"Pillar P";
    t.fw.steps.agg[3] = AGG_GEOMETRIC;
    t.fw.steps.norm = NORM_MINMAX;
    enum step_kind order[] = {STEP_DENOMINATE, STEP_SCREEN, STEP_IMPUTE, STEP_NORMALISE,
                              STEP_AGGREGATE};
    memcpy(t.fw.steps.order, order, sizeof order);
    t.fw.steps.n = 5;
    t.fw.steps.impute = IMPUTE_MEAN;
    char *exc[] = {(char *)"U3"};
    t.fw.steps.force_exclude = exc;
    t.fw.steps.n_force_exclude = 1;
    t.fw.maturity.n = 2;
    t.fw.maturity.name[0][LANG_ES] = (char *)"Inicial";
    t.fw.maturity.name[0][LANG_EN] = (char *)"Initial";
    t.fw.maturity.name[1][LANG_ES] = (char *)"Avanzado";
    t.fw.maturity.name[1][LANG_EN] = (char *)"Advanced";
    t.fw.maturity.threshold[0] = 50;

    /*
     * columns a b c; b's denominator POP.
     *   U0: a 5, b 2/(4/100) = 50, c 10
     *   U1: a 12, b 6/(3/100) = 200, c NA -> mean(10, 30) = 20
     *   U2: a -2, b 1/(2/100) = 50, c 30
     *   U3: excluded
     * a by goalposts 0..10: U0 0.5 -> 50; U1 1.2 -> 100 (clipped); U2 -> 0 (clipped)
     * b min-max over 50 200 50: U0 0, U1 100, U2 0
     * c min-max over 10 20 30: U0 0, U1 50, U2 100
     * P = (1 a + 3 b)/4: U0 12.5, U1 100, U2 0
     * Q = c; I = geometric(P, Q): U0 has a zero (Q = 0), shift 1:
     *   exp((ln 13.5 + ln 1)/2) - 1 = sqrt(13.5) - 1 = 2.6742346141747673
     */
    const double raw[] = {5, 2, 10, 12, 6, NAN, -2, 1, 30, 1, 1, 1};
    const double den[] = {NAN, 4, NAN, NAN, 3, NAN, NAN, 2, NAN, NAN, 1, NAN};
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &t.fw;
    in.n_units = 4;
    in.unit_code = tfw_units;
    in.raw = raw;
    in.denom = den;
    struct result r;
    char err[256];
    is_int(compute_run(&in, &r, err, sizeof err), 0, "engine runs");
    is_num(tfw_value(&t, &r, 0, "I"), sqrt(13.5) - 1, 1e-14, "U0 index sqrt(13.5) - 1");

    struct answer ans[] = {
        {2024, (char *)"T", (char *)"U0", (char *)"qa", (char *)"r1", (char *)"4", 4, NULL, 0,
         (char *)"enc/u0.csv", 17},
        {2024, (char *)"T", (char *)"U0", (char *)"qa", (char *)"r2", (char *)"6", 6, NULL, 1,
         (char *)"enc/u0.csv", 18},
        {2024, (char *)"T", (char *)"U1", (char *)"qa", (char *)"r9", (char *)"12", 12, NULL, 0,
         (char *)"enc/u1.csv", 2},
        {2024, (char *)"OTRO", (char *)"U0", (char *)"qa", (char *)"x", (char *)"99", 99, NULL,
         0, (char *)"otro.csv", 5},
        {2024, (char *)"T", (char *)"U0", (char *)"POP", (char *)"", (char *)"4", 4, NULL, 0,
         (char *)"admin.csv", 3},
    };
    struct answer_set as = {ans, 5, 5};
    int rc;

    /* indicator a of U0, Spanish */
    char *s = trail(&r, &as, 0, a, LANG_ES, &rc);
    is_int(rc, 0, "explain returns 0");
    ok(has(s, "Institución: U0\n") && has(s, "Nodo: T:a — a (indicador)\n") &&
           has(s, "Puntaje: 50  (Posición 2 / 3)\n"), /* U3, excluded, has no rank */
       "es: header with score and rank");
    ok(has(s, "1. Respuestas (pregunta qa)\n") &&
           has(s, "     encuestado \"r1\": \"4\" = 4  (enc/u0.csv:17)\n") &&
           has(s, "     encuestado \"r2\" (oficial): \"6\" = 6  (enc/u0.csv:18)\n") &&
           !strstr(s, "u1.csv") && !strstr(s, "otro.csv"),
       "es: this unit's answers of this framework only, with file:line");
    ok(has(s, "   valor combinado (regla: media): 5\n"), "es: combined value");
    ok(has(s, "2. Denominador: ninguno\n") && has(s, "3. Imputación: no fue necesaria\n") &&
           has(s, "4. Tratamiento de valores atípicos: no se aplicó\n"),
       "es: steps 2-4");
    ok(has(s, "5. Normalización: metas (goalposts) (dirección 1, rango 0 .. 100)\n") &&
           has(s, "     y = (x - inferior)/(superior - inferior) = (5 - 0)/(10 - 0)\n") &&
           has(s, "     y recortado a [0, 1]; lo + y*(hi - lo) = 50\n"),
       "es: goalposts formula with the numbers");
    ok(has(s, "6. Peso: 1; normalizado entre hermanos con datos: 0.25; peso efectivo en el "
              "índice: 0.125\n"),
       "es: weight 1 of 1+3, effective 1/2 * 1/4");
    ok(has(s, "   P Pilar P (media aritmética ponderada), suma de peso × valor:\n") &&
           has(s, "     a              50 × 0.25 = 12.5   <-\n") &&
           has(s, "     b              0 × 0.75 = 0\n") && has(s, "     = 12.5  (Posición 2)\n"),
       "es: contribution to P");
    ok(has(s, "   I I (media geométrica ponderada), exp(sum w*ln(x + s)):\n") &&
           has(s, "     hay un cero: desplazamiento s = 1\n") &&
           has(s, "     P              w = 0.5, w*ln(12.5 + s) = 1.3013448427221919   <-\n") &&
           has(s, "     Q              w = 0.5, w*ln(0 + s) = 0\n") &&
           has(s, "     = 2.6742346141747673"),
       "es: geometric index with the zero shift");
    ok(has(s, "Nivel: Inicial\n"), "es: maturity of the index (2.67 < 50)");
    free(s);

    /* indicator b of U1, English: denominator and clipping of a elsewhere */
    s = trail(&r, &as, 1, b, LANG_EN, &rc);
    ok(has(s, "2. Denominator POP\n") && has(s, "     (no answers recorded)\n") &&
           has(s, "   x / (denominator / scale factor) = 6 / (3 / 100) = 200\n"),
       "en: denominator line");
    ok(has(s, "5. Normalisation: min-max (direction 1, range 0 .. 100)\n") &&
           has(s, "     = (200 - 50)/(200 - 50)*(100 - 0) + 0 = 100\n"),
       "en: min-max formula");
    ok(has(s, "Level: Advanced\n"), "en: U1 index 100 -> Advanced");
    free(s);

    /* c of U1 was imputed */
    s = trail(&r, &as, 1, tfw_find(&t, "c"), LANG_EN, &rc);
    ok(has(s, "3. Imputed value (mean): 20\n") && has(s, "   flags: imputed\n"),
       "en: imputation and flags");
    free(s);

    /* the aggregate P of U2, Spanish */
    s = trail(&r, &as, 2, tfw_find(&t, "P"), LANG_ES, &rc);
    ok(has(s, "Nodo: T:P — Pilar P (agregado)\n") && has(s, "Composición:\n") &&
           has(s, "     a              0 × 0.25 = 0\n") &&
           has(s, "   Peso: 1; peso efectivo en el índice: 0.5\n") &&
           has(s, "Agregación hacia arriba:\n"),
       "es: aggregate composition and upward chain");
    free(s);

    /* the excluded unit stops at screening */
    s = trail(&r, NULL, 3, a, LANG_EN, &rc);
    ok(has(s, "Score: NA\n") &&
           has(s, "3. Institution excluded for lack of data (screening): no score and no "
                  "rank\n") &&
           has(s, "   flags: excluded by screening\n") && !strstr(s, "Aggregation upwards"),
       "en: screened-out unit");
    free(s);

    result_release(&r);
    test_published();
    return tap_done();
}
