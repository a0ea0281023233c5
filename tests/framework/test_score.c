/*
 * test_score.c — combine_values for each rule, and score_build over the small
 * framework (tests/framework/valid/small) with every answer type, every
 * combine rule, administrative values, denominators, and the answers that
 * must be skipped.  Every expected value is worked out by hand in the
 * comments.
 *
 *   test_score TESTS_FRAMEWORK_DIR
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compute.h"
#include "framework.h"
#include "ingest.h"
#include "score.h"
#include "tap.h"
#include "xalloc.h"

static void test_combine(void)
{
    const double v[] = {3, NAN, 1, 4, 2};
    const int none[] = {0, 0, 0, 0, 0};
    /* mean of 3, 1, 4, 2 (NAN skipped) = 10/4 */
    is_num(combine_values(COMBINE_MEAN, v, none, 5), 2.5, 1e-15, "mean skips NAN");
    /* sorted 1 2 3 4: (2 + 3) / 2 */
    is_num(combine_values(COMBINE_MEDIAN, v, none, 5), 2.5, 0, "median, even count");
    is_num(combine_values(COMBINE_MEDIAN, v, none, 4), 3, 0, "median of 3, 1, 4 (odd) = 3");
    is_num(combine_values(COMBINE_MAX, v, none, 5), 4, 0, "max");
    is_num(combine_values(COMBINE_MEAN, v, NULL, 1), 3, 0, "one value, official NULL");
    const double nan2[] = {NAN, NAN};
    is_num(combine_values(COMBINE_MEAN, nan2, none, 2), NAN, 0, "mean of nothing is NAN");
    is_num(combine_values(COMBINE_MEDIAN, nan2, none, 2), NAN, 0, "median of nothing is NAN");
    is_num(combine_values(COMBINE_MAX, nan2, none, 2), NAN, 0, "max of nothing is NAN");
    is_num(combine_values(COMBINE_MEAN, v, none, 0), NAN, 0, "no values");
    const double neg[] = {-3, -1, -2};
    is_num(combine_values(COMBINE_MAX, neg, none, 3), -1, 0, "max of negatives");
    const int second[] = {0, 0, 1, 0, 0};
    is_num(combine_values(COMBINE_OFFICIAL, v, second, 5), 1, 0, "official value");
    is_num(combine_values(COMBINE_OFFICIAL, v, none, 5), NAN, 0, "no official: NAN");
    is_num(combine_values(COMBINE_OFFICIAL, v, NULL, 5), NAN, 0, "official NULL: NAN");
    const int blank[] = {0, 1, 0, 0, 0};
    is_num(combine_values(COMBINE_OFFICIAL, v, blank, 5), NAN, 0,
           "official respondent left it blank: NAN");
    const double same[] = {2, 2, 5};
    const int two[] = {1, 1, 0};
    is_num(combine_values(COMBINE_OFFICIAL, same, two, 3), 2, 0, "two official answers agree");
    const int two_differ[] = {1, 0, 1};
    is_num(combine_values(COMBINE_OFFICIAL, same, two_differ, 3), NAN, 0,
           "two official answers disagree: NAN");
}

/* ------------------------------------------------------------------------ */

struct fixture {
    struct framework *fw;
    struct registry reg;
    struct answer_set answers;
};

static void add(struct fixture *f, const char *fwcode, int year, const char *inst,
                const char *question, const char *resp, double number, int official, long line)
{
    struct answer a = {
        .year = year, .framework = (char *)fwcode, .institution = (char *)inst,
        .question = (char *)question, .respondent = (char *)resp, .value = (char *)"",
        .number = number, .is_official = official, .file = (char *)"encuesta.csv", .line = line,
        .evidence = (char *)"https://ejemplo.gob.gt/evidencia",   /* I111 asks for it */
    };
    answer_set_push(&f->answers, &a);
}

/* Score value as ingest would: answer_parse on the exported text. */
static double parsed(const struct framework *fw, const char *qcode, const char *value)
{
    const struct question *q = framework_question(fw, qcode);
    double x = NAN;
    char why[256];
    if (!q || answer_parse(q, value, 0, &x, why, sizeof why) != 0)
        return -999;
    return x;
}

static void setup(struct fixture *f, const char *dir)
{
    struct diag d;
    diag_init(&d);
    char *path = xasprintf("%s/valid/small", dir);
    f->fw = framework_load(path, &d);
    free(path);
    diag_print(&d, stdout);
    diag_release(&d);
    if (!f->fw) {
        ok(0, "small framework loads");
        exit(1);
    }
    /* registry order (sorted by code as registry_load does) */
    static struct institution inst[] = {
        {.code = "MINEDUC", .weight = 1}, {.code = "MINFIN", .weight = 1},
        {.code = "SEGEPLAN", .weight = 1},
    };
    f->reg = (struct registry){.items = inst, .n = 3};
    answer_set_init(&f->answers);

    /* Each answer type, scored from the exported text by answer_parse. */
    const struct framework *fw = f->fw;
    is_num(parsed(fw, "Q_SN", "si"), 1, 0, "si_no: si -> 1");
    is_num(parsed(fw, "Q_SN", "No"), 0, 0, "si_no: No -> 0");
    is_num(parsed(fw, "Q_LK", "4"), 4, 0, "likert5 without options: 4 -> 4");
    is_num(parsed(fw, "Q_LKP", "4"), 75, 0, "likert5 with points: 4 -> 75");
    is_num(parsed(fw, "Q_SU", "parcial"), 0.5, 0, "select one: parcial -> 0.5");
    is_num(parsed(fw, "Q_SM", "web app"), 3, 0, "select multiple: web app -> 1 + 2");
    is_num(parsed(fw, "Q_SM", "web ninguno ventanilla"), 0.5, 0,
           "select multiple: 1 - 1 + 0.5");
    is_num(parsed(fw, "Q_PC", "40"), 40, 0, "porcentaje: 40");
    is_num(parsed(fw, "Q_NUM", "10"), 10, 0, "numero: 10");
    is_num(parsed(fw, "Q_EV", "https://ejemplo.gob.gt/plan.pdf"), NAN, 0, "texto: never scored");

    /* MINFIN: respondent r1 (official) and r2 */
    add(f, "demo", 2026, "MINFIN", "Q_SN", "r1", parsed(fw, "Q_SN", "si"), 1, 2);
    add(f, "demo", 2026, "MINFIN", "Q_SN", "r2", parsed(fw, "Q_SN", "no"), 0, 3);
    add(f, "DEMO", 2026, "MINFIN", "Q_LK", "r1", parsed(fw, "Q_LK", "4"), 1, 2);
    add(f, "DEMO", 2026, "MINFIN", "Q_LK", "r2", parsed(fw, "Q_LK", "2"), 0, 3);
    add(f, "DEMO", 2026, "MINFIN", "Q_SU", "r2", parsed(fw, "Q_SU", "parcial"), 0, 3);
    add(f, "DEMO", 2026, "MINFIN", "Q_PC", "r1", NAN, 1, 2);       /* official left it blank */
    add(f, "DEMO", 2026, "MINFIN", "Q_PC", "r2", parsed(fw, "Q_PC", "40"), 0, 3);
    add(f, "DEMO", 2026, "MINFIN", "Q_NUM", "r1", parsed(fw, "Q_NUM", "10"), 1, 2);
    add(f, "DEMO", 2026, "MINFIN", "Q_NUM", "r2", parsed(fw, "Q_NUM", "20"), 0, 3);
    add(f, "DEMO", 2026, "MINFIN", "Q_SM", "r1", parsed(fw, "Q_SM", "app ventanilla web"), 1, 2);
    add(f, "DEMO", 2026, "MINFIN", "Q_SM", "r2", parsed(fw, "Q_SM", "ventanilla web"), 0, 3);
    add(f, "DEMO", 2026, "MINFIN", "Q_LKP", "r1", parsed(fw, "Q_LKP", "4"), 1, 2);
    add(f, "DEMO", 2026, "MINFIN", "Q_LKP", "r2", parsed(fw, "Q_LKP", "2"), 0, 3);
    add(f, "DEMO", 2026, "MINFIN", "Q_EV", "r1", NAN, 1, 2);       /* texto: ignored */
    /* administrative values: the indicator's own code, and the variables */
    add(f, "DEMO", 2026, "MINFIN", "I23", "", 5e6, 0, 10);
    add(f, "DEMO", 2026, "MINFIN", "PRESUP", "", 1e7, 0, 11);
    add(f, "DEMO", 2026, "MINFIN", "POB", "", 2e5, 0, 12);
    /* must be skipped: other year, other framework */
    add(f, "DEMO", 2025, "MINFIN", "Q_SN", "r1", 0, 1, 13);
    add(f, "OTRO", 2026, "MINFIN", "Q_SN", "r1", 0, 1, 14);

    /* MINEDUC: three respondents, none official */
    add(f, "DEMO", 2026, "MINEDUC", "Q_SN", "a", 1, 0, 4);
    add(f, "DEMO", 2026, "MINEDUC", "Q_SN", "b", 1, 0, 5);
    add(f, "DEMO", 2026, "MINEDUC", "Q_SN", "c", 0, 0, 6);
    add(f, "DEMO", 2026, "MINEDUC", "Q_LK", "a", 5, 0, 4);
    add(f, "DEMO", 2026, "MINEDUC", "Q_LK", "b", 4, 0, 5);
    add(f, "DEMO", 2026, "MINEDUC", "Q_LK", "c", 1, 0, 6);
    add(f, "DEMO", 2026, "MINEDUC", "Q_SU", "a", 1, 0, 4);
    add(f, "DEMO", 2026, "MINEDUC", "Q_NUM", "a", 10, 0, 4);
    add(f, "DEMO", 2026, "MINEDUC", "Q_NUM", "b", 40, 0, 5);
    add(f, "DEMO", 2026, "MINEDUC", "Q_PC", "b", NAN, 0, 5);      /* blank, not official */

    /* not in the registry: warned once */
    add(f, "DEMO", 2026, "MINXXX", "Q_SN", "z", 1, 0, 20);
    add(f, "DEMO", 2026, "MINXXX", "Q_LK", "z", 3, 0, 21);
}

static void teardown(struct fixture *f)
{
    framework_free(f->fw);
    answer_set_release(&f->answers);
}

/* Indicator columns: I111 Q_SN, I112 Q_LK, I12 Q_SU, I21 Q_PC, I22 Q_NUM/POB,
   I23 admin/PRESUP, I24 Q_SM, I25 Q_LKP.  Units: MINEDUC, MINFIN, SEGEPLAN. */
enum { U_MINEDUC, U_MINFIN, U_SEGEPLAN };
#define CELL(m, u, j) ((m).raw[(u) * (m).n_ind + (j)])
#define DEN(m, u, j) ((m).denom[(u) * (m).n_ind + (j)])
#define NRESP(m, u, j) ((m).n_respondents[(u) * (m).n_ind + (j)])

static void check_row(const struct score_matrix *m, int u, const double *want, const char *what)
{
    static const char *ind[] = {"I111", "I112", "I12", "I21", "I22", "I23", "I24", "I25"};
    for (int j = 0; j < 8; j++) {
        char name[96];
        snprintf(name, sizeof name, "%s: %s", what, ind[j]);
        is_num(m->raw[u * m->n_ind + j], want[j], 1e-12, name);
    }
}

static void test_build(const char *dir)
{
    struct fixture f;
    setup(&f, dir);
    struct score_matrix m;
    struct diag d;

    /* official (the framework's rule) */
    diag_init(&d);
    is_int(score_build(f.fw, &f.reg, &f.answers, 2026, &m, &d), 0, "official: built");
    is_int(m.n_units, 3, "3 units");
    is_int(m.n_ind, 8, "8 indicators");
    /* MINFIN: r1's answers; Q_SU only r2 answered (one value: taken); Q_PC the
       official r1 left blank -> NAN; I23 admin 5e6; Q_SM app+ventanilla+web =
       2 + 0.5 + 1 = 3.5; Q_LKP "4" = 75 */
    const double minfin_off[] = {1, 4, 0.5, NAN, 10, 5e6, 3.5, 75};
    check_row(&m, U_MINFIN, minfin_off, "official MINFIN");
    /* MINEDUC: nobody official; Q_SN, Q_LK, Q_NUM have several values -> NAN;
       Q_SU one value -> 1; Q_PC only a blank -> NAN */
    const double mineduc_off[] = {NAN, NAN, 1, NAN, NAN, NAN, NAN, NAN};
    check_row(&m, U_MINEDUC, mineduc_off, "official MINEDUC");
    const double none[] = {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    check_row(&m, U_SEGEPLAN, none, "official SEGEPLAN (no answers)");
    is_num(DEN(m, U_MINFIN, 4), 2e5, 0, "denominator POB of I22");
    is_num(DEN(m, U_MINFIN, 5), 1e7, 0, "denominator PRESUP of I23");
    is_num(DEN(m, U_MINFIN, 0), NAN, 0, "no denominator: NAN");
    is_num(DEN(m, U_MINEDUC, 4), NAN, 0, "denominator without answer: NAN");
    is_int(NRESP(m, U_MINFIN, 0), 1, "official: one respondent counted");
    is_int(NRESP(m, U_MINFIN, 3), 0, "official blank: none counted");
    is_int(NRESP(m, U_MINEDUC, 0), 0, "ambiguous: none counted");
    is_int(NRESP(m, U_MINEDUC, 2), 1, "single respondent counted");
    is_int(d.n_errors, 0, "official: no error");
    is_int(d.n_warnings, 2, "official: two warnings");
    if (d.n_kept == 2) {
        is_str(d.msgs[0],
               "encuesta.csv:20: warning: institution \"MINXXX\" is not in the registry (its "
               "answers to DEMO are not scored)",
               "warning: unknown institution, once");
        /* MINEDUC: Q_SN, Q_LK and Q_NUM have several values and no official */
        is_str(d.msgs[1],
               "encuesta.csv: warning: MINEDUC: 3 values of DEMO 2026 left empty: several "
               "respondents answered but no respondent marked official did (expected the "
               "official respondent to answer, or respondents = mean in framework.ini)",
               "warning: no official respondent");
    }
    diag_release(&d);
    score_matrix_release(&m);

    /* mean */
    f.fw->respondents = COMBINE_MEAN;
    diag_init(&d);
    score_build(f.fw, &f.reg, &f.answers, 2026, &m, &d);
    /* MINFIN: (1+0)/2, (4+2)/2, 0.5, 40 (blank skipped), (10+20)/2, 5e6,
       Q_SM (3.5 + 1.5)/2, Q_LKP (75 + 25)/2 */
    const double minfin_mean[] = {0.5, 3, 0.5, 40, 15, 5e6, 2.5, 50};
    check_row(&m, U_MINFIN, minfin_mean, "mean MINFIN");
    /* MINEDUC: 2/3, (5+4+1)/3, 1, NAN, (10+40)/2 */
    const double mineduc_mean[] = {2.0 / 3, 10.0 / 3, 1, NAN, 25, NAN, NAN, NAN};
    check_row(&m, U_MINEDUC, mineduc_mean, "mean MINEDUC");
    is_int(NRESP(m, U_MINEDUC, 1), 3, "mean: three respondents counted");
    is_int(NRESP(m, U_MINFIN, 3), 1, "mean: the blank is not counted");
    is_int(d.n_warnings, 1, "mean: only the unknown institution is warned");
    diag_release(&d);
    score_matrix_release(&m);

    /* median */
    f.fw->respondents = COMBINE_MEDIAN;
    diag_init(&d);
    score_build(f.fw, &f.reg, &f.answers, 2026, &m, &d);
    /* MINEDUC: Q_SN 0 1 1 -> 1; Q_LK 1 4 5 -> 4; Q_NUM 10 40 -> 25 */
    const double mineduc_median[] = {1, 4, 1, NAN, 25, NAN, NAN, NAN};
    check_row(&m, U_MINEDUC, mineduc_median, "median MINEDUC");
    const double minfin_median[] = {0.5, 3, 0.5, 40, 15, 5e6, 2.5, 50};
    check_row(&m, U_MINFIN, minfin_median, "median MINFIN (two values: their mean)");
    diag_release(&d);
    score_matrix_release(&m);

    /* max */
    f.fw->respondents = COMBINE_MAX;
    diag_init(&d);
    score_build(f.fw, &f.reg, &f.answers, 2026, &m, &d);
    const double mineduc_max[] = {1, 5, 1, NAN, 40, NAN, NAN, NAN};
    check_row(&m, U_MINEDUC, mineduc_max, "max MINEDUC");
    const double minfin_max[] = {1, 4, 0.5, 40, 20, 5e6, 3.5, 75};
    check_row(&m, U_MINFIN, minfin_max, "max MINFIN");
    diag_release(&d);
    score_matrix_release(&m);

    /* a year without answers: everything NAN, no warning */
    diag_init(&d);
    score_build(f.fw, &f.reg, &f.answers, 2030, &m, &d);
    int all_nan = 1;
    for (int c = 0; c < m.n_units * m.n_ind; c++)
        all_nan &= isnan(m.raw[c]) && isnan(m.denom[c]) && m.n_respondents[c] == 0;
    ok(all_nan, "no answers for the year: all NAN");
    is_int(d.n_warnings, 0, "no answers: no warning");
    diag_release(&d);
    score_matrix_release(&m);
    score_matrix_release(&m);   /* releasing twice is harmless */

    teardown(&f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_score TESTS_FRAMEWORK_DIR\n");
        return 2;
    }
    test_combine();
    test_build(argv[1]);
    return tap_done();
}
