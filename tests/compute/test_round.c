/*
 * test_round.c — the renderers' shared model (round.c): accessors,
 * orderings, the methods' labels and the round's date, on the fixture round
 * of tests/pdf (values hand-computed in its fixture.h) and on a framework
 * whose file order is not its tree order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../pdf/fixture.h"
#include "fwbuild.h"
#include "i18n.h"
#include "round.h"
#include "tap.h"

static void accessors(const struct rfx *fx)
{
    const struct index_run *igd = &fx->run[FX_IGD], *ida = &fx->run[FX_IDA];
    is_num(run_score(igd, FX_MINFIN), 85.625, 1e-12, "run_score: IGD MINFIN 85.625");
    is_num(run_value(igd, FX_MSPAS, fixture_node(fx, FX_IGD, "G2")), 72, 1e-12,
           "run_value: MSPAS G2 imputed with the mean 72");
    is_int(run_rank(igd, FX_SAT, igd->fw->root), 1, "run_rank: SAT first in IGD");
    is_int(run_rank(igd, FX_MAGA, igd->fw->root), 6, "run_rank: MAGA last in IGD");
    ok(isnan(run_score(ida, FX_MAGA)), "run_score: MAGA excluded from IDA has none");
    is_int(run_rank(ida, FX_MAGA, ida->fw->root), 0, "run_rank: 0 for no rank");
    is_num(run_prev_value(igd, FX_MAGA, igd->fw->root), 40, 1e-12,
           "run_prev_value: MAGA's IGD in 2025 (43.75 - 3.75)");
    ok(isnan(run_prev_value(ida, FX_SAT, ida->fw->root)),
       "run_prev_value: NAN without a previous round");
    is_int(run_prev_rank(ida, FX_SAT, ida->fw->root), 0, "run_prev_rank: 0 without one");
    is_int(run_prev_rank(igd, FX_SAT, igd->fw->root), 1,
           "run_prev_rank: SAT led IGD in 2025 (86.25)");
    is_int(run_prev_rank(igd, FX_MINFIN, igd->fw->root), 2,
           "run_prev_rank: MINFIN second in 2025 (80.125)");
    ok(run_flags(igd, FX_MSPAS, 1) & FLAG_IMPUTED, "run_flags: MSPAS G2 imputed");
    ok(!(run_flags(igd, FX_MINFIN, 1) & FLAG_IMPUTED), "run_flags: MINFIN G2 not imputed");
    ok(run_flags(ida, FX_MAGA, 0) & FLAG_SCREENED, "run_flags: MAGA screened out of IDA");
    is_int(run_n_ranked(igd), 6, "run_n_ranked: IGD ranks all six");
    is_int(run_n_ranked(ida), 5, "run_n_ranked: IDA ranks five (MAGA excluded)");
    is_int((long)run_node_cell(igd, 2, 3), 2 * igd->fw->n_nodes + 3, "run_node_cell: row-major");
    is_int((long)run_ind_cell(ida, 2, 3), 2 * ida->res.n_ind + 3, "run_ind_cell: row-major");
}

static int same(const int *got, const int *want, int n)
{
    for (int i = 0; i < n; i++)
        if (got[i] != want[i]) {
            printf("#   at %d: got %d, want %d\n", i, got[i], want[i]);
            return 0;
        }
    return 1;
}

static void orderings(const struct rfx *fx)
{
    int *o = units_by_score(&fx->rd, &fx->run[FX_IGD]);
    const int igd[] = {FX_SAT, FX_MINFIN, FX_MINEDUC, FX_SEGEPLAN, FX_MSPAS, FX_MAGA};
    ok(same(o, igd, FX_UNITS), "units_by_score: IGD best first");
    free(o);
    o = units_by_score(&fx->rd, &fx->run[FX_IDA]);
    /* MINEDUC and SEGEPLAN tie at 45: by code; MAGA has no score: last */
    const int ida[] = {FX_SAT, FX_MINFIN, FX_MINEDUC, FX_SEGEPLAN, FX_MSPAS, FX_MAGA};
    ok(same(o, ida, FX_UNITS), "units_by_score: IDA, a tie by code, no score last");
    free(o);

    int r[FX_UNITS];
    units_by_rank(&fx->run[FX_IDA], r);
    ok(same(r, ida, FX_UNITS), "units_by_rank: IDA, the tie (rank 3) in registry order");

    int *p, np = framework_pillars(&fx->ix[FX_IGD].fw, &p);
    const int pil[] = {fixture_node(fx, FX_IGD, "G"), fixture_node(fx, FX_IGD, "S"),
                       fixture_node(fx, FX_IGD, "I")};
    is_int(np, 3, "framework_pillars: IGD has three");
    ok(np == 3 && same(p, pil, 3), "framework_pillars: G, S, I in file order");
    free(p);

    int *t, *dep, n = framework_tree_order(&fx->ix[FX_IGD].fw, 0, &t, &dep);
    const int agg[] = {fx->ix[FX_IGD].fw.root, pil[0], pil[1], pil[2]};
    const int agg_dep[] = {0, 1, 1, 1};
    ok(n == 4 && same(t, agg, 4) && same(dep, agg_dep, 4),
       "framework_tree_order: the aggregates of IGD with their depths");
    free(t);
    free(dep);
}

/* A tree whose file order is not its reading order: indicators before
   their pillars, a pillar before the root. */
static void tree_in_file_order(void)
{
    struct tfw f;
    tfw_init(&f, "I");
    tfw_add(&f, "b1", "B", 1);
    tfw_add(&f, "B", "I", 1);
    tfw_add(&f, "a2", "A", 1);
    tfw_add(&f, "A", "I", 1);
    tfw_add(&f, "a1", "A", 1);
    tfw_add(&f, "A1x", "a1", 1);   /* a third level under a1 */
    tfw_finish(&f);
    int *t, *dep, n = framework_tree_order(&f.fw, 1, &t, &dep);
    const char *want[] = {"I", "B", "b1", "A", "a2", "a1", "A1x"};
    const int want_dep[] = {0, 1, 2, 1, 2, 2, 3};
    int good = n == 7;
    for (int i = 0; good && i < n; i++)
        good = strcmp(f.nodes[t[i]].code, want[i]) == 0 && dep[i] == want_dep[i];
    ok(good, "framework_tree_order: depth first, children in file order, depths");
    free(t);
    free(dep);
    int *only, m = framework_tree_order(&f.fw, 0, &only, NULL);
    const char *want_agg[] = {"I", "B", "A", "a1"};
    good = m == 4;
    for (int i = 0; good && i < m; i++)
        good = strcmp(f.nodes[only[i]].code, want_agg[i]) == 0;
    ok(good, "framework_tree_order: without indicators, depth not asked for");
    free(only);
}

static void labels(const struct rfx *fx)
{
    /* every method has a label in both languages (tr() stops on a missing one) */
    int n = 0;
    for (int l = 0; l < LANG_COUNT; l++) {
        for (int m = NORM_NONE; m <= NORM_RANK; m++)
            n += norm_method_label((enum norm_method)m, (enum lang)l)[0] != '\0';
        for (int m = AGG_ARITHMETIC; m <= AGG_MEDIAN; m++)
            n += agg_method_label((enum agg_method)m, (enum lang)l)[0] != '\0';
        for (int m = IMPUTE_NONE; m <= IMPUTE_ZERO; m++)
            n += impute_method_label((enum impute_method)m, (enum lang)l)[0] != '\0';
        for (int m = COMBINE_MEAN; m <= COMBINE_OFFICIAL; m++)
            n += combine_rule_label((enum combine_rule)m, (enum lang)l)[0] != '\0';
    }
    is_int(n, 2 * (9 + 4 + 6 + 4), "every method has a label in Spanish and English");
    is_str(norm_method_label(NORM_RANK, LANG_ES), "posición ascendente",
           "NORM_RANK: «posición ascendente» (1 = lowest)");
    is_str(norm_method_label(NORM_RANK, LANG_EN), "ascending rank", "NORM_RANK: ascending rank");
    is_str(norm_method_label(NORM_GOALPOSTS, LANG_ES), "metas (goalposts)", "goalposts");
    is_str(agg_method_label(AGG_GEOMETRIC, LANG_ES), "media geométrica ponderada", "geometric");
    is_str(impute_method_label(IMPUTE_ZERO, LANG_ES), "cero (sin respuesta = 0)", "zero");
    is_str(combine_rule_label(COMBINE_OFFICIAL, LANG_ES), "encuestado oficial", "official");

    const struct framework *fw = &fx->ix[FX_IGD].fw;
    is_str(level_label(fw, 0, LANG_ES), "Inicial", "level_label: level 0 in Spanish");
    is_str(level_label(fw, 4, LANG_EN), "Leader", "level_label: level 4 in English");
    ok(level_label(fw, -1, LANG_ES) == NULL, "level_label: NULL for no level");
    ok(level_label(fw, fw->maturity.n, LANG_ES) == NULL, "level_label: NULL past the last");
    struct framework bare = *fw;
    bare.maturity.name[1][LANG_EN] = (char *)"";
    is_str(level_label(&bare, 1, LANG_EN), "Básico", "level_label: Spanish when English is empty");
}

int main(void)
{
    struct rfx fx;
    fixture_init(&fx);
    accessors(&fx);
    orderings(&fx);
    tree_in_file_order();
    labels(&fx);
    fixture_release(&fx);
    /* 2026-01-01T00:00:00Z = 56 years after 1970 with 14 leap days:
       (56*365 + 14) * 86400 = 1767225600 */
    is_int((long)round_timestamp(2026), 1767225600L, "round_timestamp(2026) = 1767225600");
    is_int((long)round_timestamp(2025), 1735689600L, "round_timestamp(2025) = 1735689600");
    is_int((long)round_timestamp(1970), 0L, "round_timestamp(1970) = 0");
    /* the year once, never twice */
    char *t = title_with_year("Índices de Gobierno Digital 2026", 2026, " ");
    is_str(t, "Índices de Gobierno Digital 2026", "a title naming the year keeps it once");
    free(t);
    t = title_with_year("Índices de Gobierno Digital", 2026, " — ");
    is_str(t, "Índices de Gobierno Digital — 2026", "a title without the year gets it");
    free(t);
    t = title_with_year("Ronda 20261", 2026, " ");
    is_str(t, "Ronda 20261 2026", "2026 inside another number is not the year");
    free(t);
    return tap_done();
}
