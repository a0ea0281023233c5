/*
 * test_change.c — a change split into method and answers (change.c), the
 * differences of method between two frameworks (method_diff.c) and a
 * framework without some indicators (framework_restrict.c), on small
 * frameworks built in memory with hand-computed values.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "framework.h"
#include "method_diff.h"
#include "round.h"
#include "tap.h"
#include "fwbuild.h"

/* I = mean(P, Q); P = mean(a, b) (weights wa, 1); Q = c.  Values as given. */
static void tree(struct tfw *t, double wa, enum agg_method root_agg)
{
    tfw_init(t, "I");
    tfw_add(t, "P", "I", 1);
    tfw_add(t, "Q", "I", 1);
    tfw_add(t, "a", "P", wa);
    tfw_add(t, "b", "P", 1);
    tfw_add(t, "c", "Q", 1);
    tfw_finish(t);
    t->fw.steps.agg[t->nodes[t->fw.root].level] = root_agg;
}

static double sum(const double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return s;
}

static void contributions(void)
{
    static const enum agg_method ms[] = {AGG_ARITHMETIC, AGG_GEOMETRIC, AGG_HARMONIC,
                                         AGG_MEDIAN};
    /* unit 0: a = 40, b = 80, c = 60; unit 1 has a zero (geometric shift) */
    const double raw[] = {40, 80, 60, 0, 50, 30};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++) {
        struct tfw t;
        tree(&t, 3, ms[i]);
        struct result r;
        memset(&r, 0, sizeof r);
        char err[200];
        ok(tfw_run(&t, 2, raw, &r, err, sizeof err) == 0, "%s: computed",
           agg_method_name(ms[i]));
        double c[3];
        for (int u = 0; u < 2; u++) {
            change_contributions(&r, u, t.fw.root, c);
            is_num(sum(c, 3), tfw_value(&t, &r, u, "I"), 1e-12,
                   "contributions add up to the index");
        }
        if (ms[i] == AGG_ARITHMETIC) {
            /* P = (3*40 + 80)/4 = 50, I = (50 + 60)/2 = 55: a gives 3*40/4/2 = 15,
               b 80/4/2 = 10, c 60/2 = 30 */
            change_contributions(&r, 0, t.fw.root, c);
            is_num(c[0], 15, 1e-12, "arithmetic: a contributes w*x");
            is_num(c[1], 10, 1e-12, "arithmetic: b contributes w*x");
            is_num(c[2], 30, 1e-12, "arithmetic: c contributes w*x");
            change_contributions(&r, 0, tfw_find(&t, "P"), c);
            is_num(c[0] + c[1], 50, 1e-12, "a pillar's contributions add up to it");
            is_num(c[2], 0, 0, "an indicator outside the pillar contributes nothing to it");
        }
        result_release(&r);
    }
}

/* An index_run as the report builds it: earlier round (old weights), this
   round (new weights, one more indicator). */
static void split(void)
{
    struct tfw old, now;
    tree(&old, 1, AGG_ARITHMETIC);
    tfw_init(&now, "I");
    tfw_add(&now, "P", "I", 1);
    tfw_add(&now, "Q", "I", 1);
    tfw_add(&now, "a", "P", 3); /* weight 1 -> 3 */
    tfw_add(&now, "b", "P", 1);
    tfw_add(&now, "c", "Q", 1);
    tfw_add(&now, "d", "Q", 1); /* new */
    tfw_finish(&now);
    unsigned char keep[8] = {0};
    for (int k = 0; k < now.fw.n_nodes; k++)
        keep[k] = strcmp(now.nodes[k].code, "d") != 0;
    struct framework *basis = framework_restrict(&now.fw, keep);
    ok(basis->n_nodes == 6 && framework_node(basis, "d") < 0 && framework_node(basis, "c") >= 0,
       "framework_restrict drops the indicator and keeps the rest");
    int q = framework_node(basis, "Q");
    ok(q >= 0 && basis->nodes[framework_node(basis, "c")].parent == q &&
           basis->nodes[q].level == now.nodes[tfw_find(&now, "Q")].level,
       "parents are re-linked and levels kept");

    const double prev_raw[] = {40, 80, 60, 20, 10, 90};      /* a b c, 2 units */
    const double now_raw[] = {60, 80, 60, 100, 20, 10, 90, 0}; /* a b c d */
    const double back_raw[] = {40, 80, 60, 20, 10, 90};
    const double restr_raw[] = {60, 80, 60, 20, 10, 90};
    struct index_run ir;
    memset(&ir, 0, sizeof ir);
    char err[200];
    struct compute_input in = {.fw = basis, .n_units = 2, .unit_code = tfw_units};
    ok(tfw_run(&old, 2, prev_raw, &ir.prev_res, err, sizeof err) == 0 &&
           tfw_run(&now, 2, now_raw, &ir.res, err, sizeof err) == 0,
       "the two rounds computed");
    in.raw = back_raw;
    ok(compute_run(&in, &ir.back_res, err, sizeof err) == 0, "the back-calculated basis");
    in.raw = restr_raw;
    ok(compute_run(&in, &ir.restr_res, err, sizeof err) == 0, "this round on that basis");
    ir.fw = &now.fw;
    ir.prev_year = 2026;
    ir.back_fw = basis;
    ir.prev_fw = &old.fw;
    method_diff_frameworks(&old.fw, &now.fw, &ir.diff);
    int units[2] = {0, 1};
    ir.prev_unit = units;
    double pv[2 * 7];
    for (int u = 0; u < 2; u++)
        for (int k = 0; k < now.fw.n_nodes; k++) {
            int kp = framework_node(&old.fw, now.nodes[k].code);
            pv[u * now.fw.n_nodes + k] =
                kp >= 0 ? ir.prev_res.value[u * old.fw.n_nodes + kp] : NAN;
        }
    ir.prev_value = pv;

    struct change_split c;
    change_split(&ir, 0, now.fw.root, &c);
    ok(c.ok, "unit 0: the change is split");
    /* P: P = 60, Q = 60, I = 60.  B: P = (3*40+80)/4 = 50, I = 55.
       R: P = (3*60+80)/4 = 65, I = 62.5.  Y: Q = (60+100)/2 = 80, I = 72.5 */
    is_num(c.prev, 60, 1e-12, "P");
    is_num(c.back, 55, 1e-12, "B");
    is_num(c.restr, 62.5, 1e-12, "R");
    is_num(c.now, 72.5, 1e-12, "Y");
    is_num(c.method, -5, 1e-12, "method on the earlier answers: B - P");
    is_num(c.answers, 7.5, 1e-12, "answers: R - B");
    is_num(c.added, 10, 1e-12, "indicators added: Y - R");
    is_num(c.method + c.answers + c.added, c.change, 1e-12, "the parts add up to the change");
    double m = 0, a = 0, d = 0;
    for (int i = 0; i < c.n_rows; i++) {
        m += c.rows[i].method;
        a += c.rows[i].answers;
        d += c.rows[i].added;
    }
    is_num(m, c.method, 1e-12, "the indicators' method parts add up to it");
    is_num(a, c.answers, 1e-12, "the indicators' answer parts add up to it");
    is_num(d, c.added, 1e-12, "the indicators' added parts add up to it");
    is_int(c.n_rows, 4, "a row per indicator of this round");
    is_str(c.rows[3].code, "d", "the new indicator last");
    ok(!c.rows[3].in_prev && !c.rows[3].in_basis && c.rows[3].in_now,
       "the new indicator is in neither the earlier round nor the basis");
    is_num(c.rows[0].answers, 7.5, 1e-12, "a's answer moved the index by 3/4 * 20 / 2");
    change_split_release(&c);

    units[1] = -1; /* an institution the earlier round did not measure */
    change_split(&ir, 1, now.fw.root, &c);
    ok(!c.ok && c.why && strstr(c.why, "nueva"), "a new institution has no change to split");
    change_split_release(&c);

    /* the method differences */
    int weight = 0, added = 0;
    for (int i = 0; i < ir.diff.n; i++) {
        const struct method_change *x = &ir.diff.items[i];
        weight += x->area == AREA_WEIGHTS && strcmp(x->item, "a") == 0 &&
                  strcmp(x->before, "1") == 0 && strcmp(x->after, "3") == 0;
        added += x->area == AREA_INDICATORS && strcmp(x->item, "d") == 0 && !x->before;
    }
    is_int(ir.diff.n, 2, "two differences of method");
    ok(weight && added, "the weight 1 -> 3 and the indicator added");
    char *txt = method_change_text(&ir.diff.items[0], LANG_EN);
    is_str(txt, "a: weight 1 \xe2\x86\x92 3", "a difference as a reader sees it");
    free(txt);
    struct method_diff none = {0};
    method_diff_frameworks(&now.fw, &now.fw, &none);
    is_int(none.n, 0, "a framework has no difference with itself");

    method_diff_release(&ir.diff);
    result_release(&ir.prev_res);
    result_release(&ir.res);
    result_release(&ir.back_res);
    result_release(&ir.restr_res);
    framework_free(basis);
}

int main(void)
{
    contributions();
    split();
    return tap_done();
}
