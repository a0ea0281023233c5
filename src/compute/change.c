/*
 * change.c — a change split into the effect of the answers and of the
 * method (change.h).  Pure arithmetic over results already computed.
 */
#include "change.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "framework.h"
#include "xalloc.h"

/* The share of child c in the value of aggregate m for unit u. */
static double share(const struct result *r, int u, int m, int c)
{
    const struct framework *fw = r->fw;
    size_t base = (size_t)u * fw->n_nodes;
    double vm = r->value[base + m], vc = r->value[base + c], w = r->agg_weight[base + c];
    if (isnan(vc) || !(w > 0))
        return 0;
    switch (compute_node_agg(fw, m)) {
    case AGG_ARITHMETIC:
        if (vm != 0)
            return w * vc / vm;
        break;
    case AGG_GEOMETRIC: {
        /* the shift compute_gh_mean applies when a child is 0 */
        int zero = 0;
        for (int k = 0; k < fw->n_nodes; k++)
            zero |= fw->nodes[k].parent == m && r->value[base + k] == 0;
        double sft = zero ? fw->steps.geo_zero_shift : 0, lg = log(vm + sft);
        if (fabs(lg) > 1e-12)
            return w * log(vc + sft) / lg;
        break;
    }
    case AGG_HARMONIC:
    case AGG_MEDIAN:
        break;
    }
    return w;
}

void change_contributions(const struct result *r, int u, int k, double *out)
{
    const struct framework *fw = r->fw;
    size_t base = (size_t)u * fw->n_nodes;
    double *a = xcalloc((size_t)fw->n_nodes + 1, sizeof *a);
    double vk = r->value[base + k];
    for (int j = 0; j < r->n_ind; j++)
        out[j] = isnan(vk) ? NAN : 0;
    if (!isnan(vk)) {
        struct compute_tree t;
        compute_tree_build(fw, &t);
        a[k] = vk;
        /* parents before children: the aggregation order reversed */
        for (int o = t.n_order - 1; o >= 0; o--) {
            int m = t.order[o];
            if (a[m] == 0)
                continue;
            for (int c = t.first[m]; c >= 0; c = t.next[c])
                a[c] = a[m] * share(r, u, m, c);
        }
        compute_tree_release(&t);
        for (int j = 0; j < r->n_ind; j++)
            out[j] = a[r->ind_node[j]];
    }
    free(a);
}

/* The contributions of r to the node called code, by indicator code:
   contribution of indicator code ic, 0 if r has no such indicator. */
struct contrib {
    const struct result *r;
    double *c;
    double value;
};

static int contrib_init(struct contrib *x, const struct result *r, int u, const char *node)
{
    memset(x, 0, sizeof *x);
    if (!r || !r->fw || u < 0)
        return -1;
    int k = framework_node(r->fw, node);
    if (k < 0)
        return -1;
    x->r = r;
    x->c = xcalloc((size_t)r->n_ind + 1, sizeof *x->c);
    x->value = r->value[(size_t)u * r->fw->n_nodes + k];
    change_contributions(r, u, k, x->c);
    return 0;
}

static double contrib_of(const struct contrib *x, const char *ind, int *present)
{
    for (int j = 0; j < x->r->n_ind; j++)
        if (strcmp(x->r->fw->nodes[x->r->ind_node[j]].code, ind) == 0) {
            *present = 1;
            return x->c[j];
        }
    *present = 0;
    return 0;
}

static void add_row(struct change_split *out, const char *code, const struct contrib *p,
                    const struct contrib *b, const struct contrib *rr, const struct contrib *y)
{
    struct change_row row = {.code = code};
    int in_back, in_restr;
    row.c_prev = contrib_of(p, code, &row.in_prev);
    row.c_back = contrib_of(b, code, &in_back);
    row.c_restr = contrib_of(rr, code, &in_restr);
    row.c_now = contrib_of(y, code, &row.in_now);
    row.in_basis = in_back;
    row.method = row.c_back - row.c_prev;
    row.answers = row.c_restr - row.c_back;
    row.added = row.c_now - row.c_restr;
    out->rows = xrealloc(out->rows, (size_t)(out->n_rows + 1) * sizeof *out->rows);
    out->rows[out->n_rows++] = row;
}

int change_split(const struct index_run *ir, int u, int k, struct change_split *out)
{
    memset(out, 0, sizeof *out);
    const struct framework *fw = ir->fw;
    const char *node = fw->nodes[k].code;
    if (!ir->prev_year || !ir->prev_unit) {
        out->why = "sin ronda anterior con la que comparar";
        return 0;
    }
    int p = ir->prev_unit[u];
    if (p < 0) {
        out->why = "institución nueva: no estaba en la ronda anterior";
        return 0;
    }
    const struct result *back = ir->diff.n > 0 ? &ir->back_res : &ir->prev_res;
    const struct result *restr = ir->back_fw ? &ir->restr_res : &ir->res;
    struct contrib cp, cb, cr, cy;
    int bad = contrib_init(&cp, &ir->prev_res, p, node) | contrib_init(&cb, back, p, node) |
              contrib_init(&cr, restr, u, node) | contrib_init(&cy, &ir->res, u, node);
    double prev = ir->prev_value[(size_t)u * fw->n_nodes + k];
    if (bad) {
        out->why = "el nodo no existía en la ronda anterior";
    } else if (isnan(prev) || isnan(cy.value) || isnan(cb.value) || isnan(cr.value) ||
               isnan(cp.value)) {
        out->why = "sin valor en una de las rondas";
    } else {
        out->ok = 1;
        out->prev = prev;
        out->prev_recomputed = cp.value;
        out->back = cb.value;
        out->restr = cr.value;
        out->now = cy.value;
        out->change = out->now - out->prev;
        out->method = out->back - out->prev;
        out->answers = out->restr - out->back;
        out->added = out->now - out->restr;
        out->recomputed = out->prev_recomputed - out->prev;
        for (int j = 0; j < ir->res.n_ind; j++)
            add_row(out, fw->nodes[ir->res.ind_node[j]].code, &cp, &cb, &cr, &cy);
        const struct result *pr = &ir->prev_res;
        for (int j = 0; j < pr->n_ind; j++) {
            const char *code = pr->fw->nodes[pr->ind_node[j]].code;
            if (framework_node(fw, code) < 0)
                add_row(out, code, &cp, &cb, &cr, &cy);
        }
    }
    free(cp.c);
    free(cb.c);
    free(cr.c);
    free(cy.c);
    return 0;
}

void change_split_release(struct change_split *c)
{
    free(c->rows);
    c->rows = NULL;
    c->n_rows = 0;
}
