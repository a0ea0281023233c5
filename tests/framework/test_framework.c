/*
 * test_framework.c — a valid framework loads into the right tree, levels,
 * defaults and goalposts; the enum names; code folding; the maturity rule at
 * a threshold; the project's real frameworks load, each node with its own
 * name in each language.
 *
 *   test_framework TESTS_FRAMEWORK_DIR   (holds valid/small and valid/minimal;
 *                                         the project's indicators/ is ../../indicators)
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compute.h"
#include "framework.h"
#include "i18n.h"
#include "tap.h"
#include "xalloc.h"

static const struct node *node(const struct framework *fw, const char *code)
{
    int i = framework_node(fw, code);
    if (i < 0) {
        ok(0, "node %s exists", code);
        exit(1);
    }
    return &fw->nodes[i];
}

static void test_small(const char *dir)
{
    struct diag d;
    diag_init(&d);
    char *path = xasprintf("%s/valid/small", dir);
    struct framework *fw = framework_load(path, &d);
    diag_print(&d, stdout);
    if (!ok(fw != NULL, "small framework loads")) {
        free(path);
        diag_release(&d);
        return;
    }
    is_int(d.n_errors + d.n_warnings, 0, "small: no message");
    is_str(fw->code, "DEMO", "code");
    is_str(fw->name[LANG_ES], "Índice de demostración", "name es (UTF-8 kept)");
    is_str(fw->name[LANG_EN], "Demonstration index", "name en");
    is_str(fw->dir, path, "dir");
    char *ini = xasprintf("%s/framework.ini", path);
    is_str(fw->ini_path, ini, "ini_path");
    free(ini);
    is_num(fw->scale_min, 0, 0, "scale_min");
    is_num(fw->scale_max, 100, 0, "scale_max");
    is_int(fw->respondents, COMBINE_OFFICIAL, "respondents = oficial (Spanish spelling)");
    is_str(fw->axes_label[LANG_ES], "Ejes del plan", "axes es");
    is_str(fw->axes_label[LANG_EN], "Plan axes", "axes en");
    is_str(fw->source, "Prueba", "source kept as written (up to its comment)");
    is_str(fw->description[LANG_ES], "Lo que mide el índice de demostración.", "description es");
    is_str(fw->description[LANG_EN], "What the demonstration index measures.", "description en");
    is_int(fw->n_variables, 2, "two variables");
    is_str(fw->variables[0], "POB", "variable 1");
    is_str(fw->variables[1], "PRESUP", "variable 2");

    /* the tree */
    is_int(fw->n_nodes, 12, "12 nodes");
    is_int(fw->root, 0, "root is the first row");
    is_int(node(fw, "DEMO")->parent, -1, "root has no parent");
    is_int(node(fw, "P1")->parent, 0, "P1 under DEMO");
    is_int(node(fw, "S11")->parent, framework_node(fw, "P1"), "S11 under P1");
    is_int(node(fw, "I111")->parent, framework_node(fw, "S11"), "I111 under S11");
    is_str(node(fw, "I111")->parent_code, "S11", "parent code kept");
    is_str(node(fw, "DEMO")->parent_code, NULL, "root's parent code is NULL");
    /* levels: indicators 1; S11 2; P1 = 1 + max(S11 2, I12 1) = 3; P2 2; DEMO 4 */
    is_int(node(fw, "I111")->level, 1, "indicator level 1");
    is_int(node(fw, "I12")->level, 1, "indicator under a level-3 pillar is still level 1");
    is_int(node(fw, "S11")->level, 2, "sub-pillar level 2");
    is_int(node(fw, "P1")->level, 3, "P1 level 3 (1 + highest child)");
    is_int(node(fw, "P2")->level, 2, "P2 level 2");
    is_int(node(fw, "DEMO")->level, 4, "index level 4");
    int n_ind = 0;
    for (int i = 0; i < fw->n_nodes; i++)
        n_ind += fw->nodes[i].is_indicator;
    is_int(n_ind, 8, "8 indicators");
    ok(!node(fw, "S11")->is_indicator && node(fw, "I25")->is_indicator, "is_indicator");
    int *ind;
    int n = framework_indicators(fw, &ind);
    is_int(n, 8, "framework_indicators: 8");
    static const char *order[] = {"I111", "I112", "I12", "I21", "I22", "I23", "I24", "I25"};
    for (int j = 0; j < n && j < 8; j++)
        is_str(fw->nodes[ind[j]].code, order[j], "framework_indicators: nodes.csv order");
    free(ind);

    /* node columns and defaults */
    const struct node *i111 = node(fw, "I111");
    is_str(i111->name[LANG_ES], "Plan digital", "node name es");
    is_num(i111->weight, 1, 0, "weight");
    is_num(node(fw, "P1")->weight, 2, 0, "weight 2");
    is_num(node(fw, "I22")->weight, 0.5, 0, "weight 0.5");
    is_num(node(fw, "DEMO")->weight, 1, 0, "root weight defaults to 1");
    is_str(i111->question, "Q_SN", "question");
    is_str(node(fw, "I23")->question, NULL, "admin indicator: no question");
    is_int(i111->evidence_required, 1, "evidence si");
    is_int(node(fw, "I112")->evidence_required, 0, "evidence default no");
    is_str(i111->axis, "E1", "axis");
    is_str(i111->source, "OECD DGI 2023, D1.2", "source with a quoted comma");
    is_str(i111->recommendation[LANG_ES], "Apruebe un plan, con metas", "recommendation es");
    is_str(i111->recommendation[LANG_EN], "Approve a plan", "recommendation en");
    is_str(node(fw, "I112")->recommendation[LANG_ES], NULL, "empty recommendation is NULL");
    is_int(i111->line, 6, "line of I111 in nodes.csv");
    is_int(i111->direction, 1, "direction default 1");
    is_int(node(fw, "I21")->direction, -1, "direction -1");
    is_num(i111->scale_factor, 1, 0, "scale_factor default 1");
    is_str(node(fw, "I22")->denominator, "POB", "denominator variable");
    is_num(node(fw, "I22")->scale_factor, 100000, 0, "scale_factor 100000");
    is_str(node(fw, "I23")->denominator, "PRESUP", "admin indicator with denominator");
    ok(isnan(i111->target), "target default NAN");
    is_num(node(fw, "I23")->target, 80, 0, "target 80");
    is_int(node(fw, "P2")->agg_set, 1, "P2 overrides aggregation");
    is_int(node(fw, "P2")->agg, AGG_MEDIAN, "P2 median");
    is_int(node(fw, "P1")->agg_set, 0, "P1 uses its level's method");
    is_int(i111->norm_set, 0, "I111 uses the default normalisation");
    is_int(node(fw, "I24")->norm_set, 1, "I24 overrides normalisation");
    is_int(node(fw, "I24")->norm, NORM_MINMAX, "I24 minmax");
    is_int(node(fw, "I23")->norm, NORM_DIST_TARGET, "I23 dist_target");

    /* goalposts: from the answer type unless given */
    static const struct {
        const char *code;
        double lo, hi;
    } gp[] = {
        {"I111", 0, 1},    /* si_no                                      */
        {"I112", 1, 5},    /* likert5 without options                    */
        {"I12", 0, 1},     /* select one: 0 .. max points (1)            */
        {"I21", 0, 100},   /* porcentaje                                 */
        {"I22", 0, 50},    /* numero with denominator: explicit          */
        {"I24", 0, 3.5},   /* select multiple: 0 .. 1 + 2 + 0.5          */
        {"I25", 0, 90},    /* likert with points: min 0, upper given 90  */
    };
    for (size_t k = 0; k < sizeof gp / sizeof *gp; k++) {
        char name[64];
        snprintf(name, sizeof name, "%s lower", gp[k].code);
        is_num(node(fw, gp[k].code)->lower, gp[k].lo, 0, name);
        snprintf(name, sizeof name, "%s upper", gp[k].code);
        is_num(node(fw, gp[k].code)->upper, gp[k].hi, 0, name);
    }
    ok(isnan(node(fw, "I23")->lower) && isnan(node(fw, "I23")->upper),
       "admin indicator: no default goalposts");

    /* questions and options */
    is_int(fw->n_questions, 8, "8 questions");
    const struct question *q = framework_question(fw, "Q_SM");
    ok(q != NULL, "Q_SM found");
    if (q) {
        is_int(q->type, ANSWER_SELECT_MULTIPLE, "select_multiple (English alias)");
        is_str(q->text[LANG_EN], "Service channels, \"all that apply\"", "quoted text");
        is_int(q->n_options, 4, "4 options");
        is_str(q->options[2].code, "ninguno", "option code");
        is_num(q->options[2].points, -1, 0, "negative points");
        is_str(q->options[1].label[LANG_ES], "Aplicación móvil", "option label es");
        is_int(q->options[1].line, 6, "option line");
        is_int(q->required, 0, "required no");
        is_int(q->line, 7, "question line");
    }
    is_int(framework_question(fw, "Q_SN")->required, 1, "required si");
    is_int(framework_question(fw, "Q_LK")->n_options, 0, "likert without options");
    ok(framework_question(fw, "q_sn") == NULL, "question lookup is exact");
    is_int(framework_node(fw, "nope"), -1, "unknown node -1");

    /* steps */
    const struct steps *st = &fw->steps;
    is_int(st->n, 6, "6 steps");
    static const enum step_kind want_order[] = {STEP_SCORE, STEP_DENOMINATE, STEP_SCREEN,
                                                STEP_IMPUTE, STEP_NORMALISE, STEP_AGGREGATE};
    int same = st->n == 6;
    for (int k = 0; k < 6 && same; k++)
        same = st->order[k] == want_order[k];
    ok(same, "steps in the declared order");
    is_num(st->screen_threshold, 0.5, 0, "screen threshold");
    is_int(st->n_force_include, 2, "force_include");
    is_str(st->force_include[1], "MINEDUC", "force_include 2");
    is_int(st->n_force_exclude, 0, "force_exclude empty");
    is_int(st->impute, IMPUTE_ZERO, "impute zero");
    is_int(st->winmax, 5, "winmax default 5");
    is_num(st->skew_max, 2, 0, "skew default 2");
    is_num(st->kurt_max, 3.5, 0, "kurtosis default 3.5");
    is_int(st->log_fallback, 1, "log_fallback default yes");
    is_int(st->norm, NORM_GOALPOSTS, "normalise goalposts");
    is_num(st->norm_lower, 0, 0, "normalise lower default 0");
    is_num(st->norm_upper, 100, 0, "normalise upper default 100");
    is_int(st->agg[2], AGG_ARITHMETIC, "level 2 arithmetic");
    is_int(st->agg[3], AGG_GEOMETRIC, "level 3 geometric (method_3)");
    is_int(st->agg[4], AGG_ARITHMETIC, "level 4 arithmetic");
    is_num(st->agg_threshold[2], 0.5, 0, "threshold_2");
    is_num(st->agg_threshold[3], 0, 0, "threshold default 0");
    is_num(st->geo_zero_shift, 1, 0, "zero_shift default 1");

    /* maturity: a value equal to a threshold belongs to the upper level */
    const struct maturity *m = &fw->maturity;
    is_int(m->n, 3, "3 maturity levels");
    is_str(m->name[1][LANG_ES], "Básico", "level name es");
    is_str(m->name[2][LANG_EN], "Advanced", "level name en");
    is_num(m->threshold[0], 33.3, 0, "threshold 1");
    is_num(m->threshold[1], 66.6, 0, "threshold 2");
    is_int(maturity_level(m, 0), 0, "0 -> Inicial");
    /* compared at the published precision ([rank] decimals, 1 on 0..100) */
    is_int(fw->rank_rounded, 1, "ranks rounded by default");
    is_int(fw->rank_decimals, 1, "0..100: 1 decimal by default");
    is_int(m->rounded && m->decimals == 1, 1, "levels at the same precision as ranks");
    is_int(m->boundary_lower, 0, "boundary default upper");
    is_int(fw->steps.exclude_unanswered, 1, "no_answers default exclude");
    is_int(fw->missing_evidence, EVIDENCE_ZERO, "missing_evidence default zero");
    is_int(maturity_level(m, 33.24999), 0, "33.24999 (prints 33.2) -> Inicial");
    is_int(maturity_level(m, 33.29999), 1, "33.29999 prints 33.3 -> Básico, as printed");
    is_int(maturity_level(m, 33.3), 1, "exactly 33.3 -> Básico (upper level)");
    is_int(maturity_level(m, 66.6), 2, "exactly 66.6 -> Avanzado (upper level)");
    is_int(maturity_level(m, 100), 2, "100 -> Avanzado");
    is_int(maturity_level(m, NAN), -1, "NAN -> no level");

    framework_free(fw);
    free(path);
    diag_release(&d);
}

/* The settings an index producer other than the Commission needs. */
static void test_published(const char *dir)
{
    struct diag d;
    diag_init(&d);
    char *path = xasprintf("%s/valid/published", dir);
    struct framework *fw = framework_load(path, &d);
    diag_print(&d, stdout);
    if (!ok(fw != NULL, "published framework loads")) {
        free(path);
        diag_release(&d);
        return;
    }
    is_int(fw->rank_rounded, 1, "[rank] decimals = 4: rounded");
    is_int(fw->rank_decimals, 4, "[rank] decimals = 4");
    const struct maturity *m = &fw->maturity;
    is_int(m->boundary_lower, 1, "boundary = lower");
    is_int(m->decimals, 4, "levels at 4 decimals too");
    is_int(fw->steps.exclude_unanswered, 0, "no_answers = include");
    is_int(fw->missing_evidence, EVIDENCE_KEEP, "missing_evidence = mantener (keep)");
    int a = framework_node(fw, "A"), b = framework_node(fw, "B");
    is_int(framework_evidence_rule(fw, a), EVIDENCE_KEEP, "A: the framework's rule");
    is_int(framework_evidence_rule(fw, b), EVIDENCE_ZERO, "B: its own rule (cero)");
    /* UN EGDI groups: Very High > 0.75, High 0.50 - 0.75, Middle 0.25 - 0.50 */
    is_int(maturity_level(m, 0.75), 2, "exactly 0.75 -> High (lower boundary)");
    is_int(maturity_level(m, 0.75004), 2, "0.75004 is 0.7500 at 4 decimals -> High");
    is_int(maturity_level(m, 0.75005), 3, "0.75005 is 0.7501 -> Very High");
    is_int(maturity_level(m, 0.5), 1, "exactly 0.5 -> Middle");
    is_int(maturity_level(m, 0.25), 0, "exactly 0.25 -> Low");
    is_int(maturity_level(m, 0.2500499), 0, "0.2500499 is 0.2500 -> Low");
    is_int(maturity_level(m, 0.25005), 1, "0.25005 is 0.2501 -> Middle");
    is_int(maturity_level(m, 1), 3, "1 -> Very High");
    framework_free(fw);
    free(path);
    diag_release(&d);
}

/* Everything left out takes the documented default. */
static void test_minimal(const char *dir)
{
    struct diag d;
    diag_init(&d);
    char *path = xasprintf("%s/valid/minimal/", dir);   /* trailing slash on purpose */
    struct framework *fw = framework_load(path, &d);
    diag_print(&d, stdout);
    if (!ok(fw != NULL, "minimal framework loads (no options.csv)")) {
        free(path);
        diag_release(&d);
        return;
    }
    char *ini = xasprintf("%sframework.ini", path);
    is_str(fw->ini_path, ini, "no double slash in ini_path");
    free(ini);
    is_int(fw->respondents, COMBINE_MEAN, "respondents default mean");
    is_num(fw->scale_min, 0, 0, "scale_min default 0");
    is_num(fw->scale_max, 100, 0, "scale_max default 100");
    is_int(fw->steps.n, 5, "default steps: 5 ([treat] present)");
    static const enum step_kind want[] = {STEP_SCORE, STEP_DENOMINATE, STEP_TREAT,
                                          STEP_NORMALISE, STEP_AGGREGATE};
    int same = fw->steps.n == 5;
    for (int k = 0; k < 5 && same; k++)
        same = fw->steps.order[k] == want[k];
    ok(same, "default order: score, denominate, treat, normalise, aggregate");
    is_int(fw->steps.winmax, 3, "winmax 3");
    is_int(fw->steps.norm, NORM_MINMAX, "normalise default minmax");
    is_int(fw->steps.impute, IMPUTE_MEAN, "impute default mean");
    is_num(fw->steps.screen_threshold, 0, 0, "screen threshold default 0");
    is_int(fw->steps.agg[2], AGG_ARITHMETIC, "aggregate default arithmetic");
    is_int(fw->maturity.n, 0, "no maturity levels");
    is_int(maturity_level(&fw->maturity, 50), -1, "no levels: no maturity");
    is_int(fw->n_variables, 0, "no variables");
    ok(fw->axes_label[LANG_ES] == NULL, "no axes");
    ok(fw->description[LANG_ES] == NULL && fw->description[LANG_EN] == NULL && fw->source == NULL,
       "no description, no source");
    is_int(fw->nodes[1].level, 1, "A level 1");
    is_int(fw->nodes[0].level, 2, "root level 2");
    ok(isnan(fw->nodes[1].lower) && isnan(fw->nodes[1].upper), "admin: goalposts NAN");
    framework_free(fw);
    free(path);
    diag_release(&d);
}

static void test_names(void)
{
    is_int(answer_type_parse("Selección_Única"), ANSWER_SELECT_ONE, "type: case and accents ignored");
    is_int(answer_type_parse("yesno"), ANSWER_YESNO, "type: English alias");
    is_int(answer_type_parse("número"), ANSWER_NUMBER, "type: número");
    is_int(answer_type_parse("boolean"), -1, "type: unknown");
    is_str(answer_type_name(ANSWER_SELECT_MULTIPLE), "seleccion_multiple", "type name");
    is_int(norm_method_parse("GOALPOSTS"), NORM_GOALPOSTS, "norm: upper case");
    is_str(norm_method_name(NORM_DIST_TARGET), "dist_target", "norm name");
    is_int(agg_method_parse("geométrica"), AGG_GEOMETRIC, "agg: Spanish");
    is_str(agg_method_name(AGG_HARMONIC), "harmonic", "agg name");
    is_int(impute_method_parse("cero"), IMPUTE_ZERO, "impute: Spanish");
    is_str(impute_method_name(IMPUTE_GROUP_MEDIAN), "group_median", "impute name");
    is_int(combine_rule_parse("Máximo"), COMBINE_MAX, "combine: Spanish with accent");
    is_str(combine_rule_name(COMBINE_OFFICIAL), "official", "combine name");
    is_int(step_parse("normalize"), STEP_NORMALISE, "step: American spelling");
    is_int(step_parse("weigh"), -1, "step: unknown");
    is_str(step_name(STEP_DENOMINATE), "denominate", "step name");
    is_int(combine_rule_parse(NULL), -1, "NULL name");

    char *f = code_fold("MINEDUC");
    char *g = code_fold("Mineduc");
    is_str(f, g, "fold: MINEDUC = Mineduc");
    free(f);
    free(g);
    f = code_fold("Educación");
    is_str(f, "educacion", "fold: accent stripped");
    free(f);
    f = code_fold("ÑANDÚ Über áéíóú");
    is_str(f, "nandu uber aeiou", "fold: capital accents and ñ");
    free(f);
    f = code_fold("año—€");
    is_str(f, "ano—€", "fold: other UTF-8 kept");
    free(f);
}

/* Two different nodes of one framework never share a name in one language
   (issue 23: DIS.PER and PER_FRECUENCIA were both "Update frequency" in
   English, so a reader could not tell which one a table meant).  Names
   compare as code_fold() compares codes: case and accents do not make two
   names different.  The name shown is NAME(): English falls back to
   Spanish. */
static int distinct_names(const struct framework *fw, const char *label)
{
    int dup = 0;
    for (int l = 0; l < LANG_COUNT; l++) {
        char **fold = xcalloc((size_t)fw->n_nodes + 1, sizeof *fold);
        for (int k = 0; k < fw->n_nodes; k++)
            fold[k] = code_fold(NAME(&fw->nodes[k], (enum lang)l));
        for (int k = 0; k < fw->n_nodes; k++)
            for (int m = k + 1; m < fw->n_nodes; m++) {
                if (strcmp(fold[k], fold[m]) != 0)
                    continue;
                printf("# %s: %s and %s are both named \"%s\" in %s\n", label,
                       fw->nodes[k].code, fw->nodes[m].code, NAME(&fw->nodes[k], (enum lang)l),
                       lang_code((enum lang)l));
                dup++;
            }
        for (int k = 0; k < fw->n_nodes; k++)
            free(fold[k]);
        free(fold);
    }
    return ok(dup == 0, "%s: every node has its own name in each language (%d nodes)", label,
              fw->n_nodes);
}

/* The project's own frameworks (indicators/) must load without errors. */
static void test_real(const char *dir)
{
    char *root = xasprintf("%s/../../indicators", dir);
    DIR *dp = opendir(root);
    if (!ok(dp != NULL, "indicators/ exists")) {
        free(root);
        return;
    }
    struct dirent *e;
    int n = 0;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = xasprintf("%s/%s", root, e->d_name);
        char *ini = xasprintf("%s/framework.ini", path);
        FILE *fp = fopen(ini, "r");
        if (fp) {
            fclose(fp);
            struct diag d;
            diag_init(&d);
            struct framework *fw = framework_load(path, &d);
            diag_print(&d, stdout);
            ok(fw != NULL && d.n_errors == 0, "indicators/%s loads", e->d_name);
            if (fw) {
                char *label = xasprintf("indicators/%s", e->d_name);
                distinct_names(fw, label);
                free(label);
            }
            framework_free(fw);
            diag_release(&d);
            n++;
        }
        free(ini);
        free(path);
    }
    closedir(dp);
    ok(n >= 1, "found %d frameworks in indicators/", n);
    free(root);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_framework TESTS_FRAMEWORK_DIR\n");
        return 2;
    }
    test_small(argv[1]);
    test_minimal(argv[1]);
    test_published(argv[1]);
    test_names();
    test_real(argv[1]);
    return tap_done();
}
