/*
 * fwbuild.c — see fwbuild.h.
 */
#include "fwbuild.h"

#include <math.h>
#include <string.h>

#include "error.h"

const char *const tfw_units[TFW_UNITS] = {
    "U0",  "U1",  "U2",  "U3",  "U4",  "U5",  "U6",  "U7",  "U8",  "U9",  "U10",
    "U11", "U12", "U13", "U14", "U15", "U16", "U17", "U18", "U19", "U20", "U21",
    "U22", "U23", "U24", "U25", "U26", "U27", "U28", "U29", "U30", "U31"};

int tfw_find(const struct tfw *t, const char *code)
{
    for (int k = 0; k < t->fw.n_nodes; k++)
        if (strcmp(t->nodes[k].code, code) == 0)
            return k;
    return -1;
}

int tfw_add(struct tfw *t, const char *code, const char *parent, double weight)
{
    if (t->fw.n_nodes >= TFW_MAX)
        BUG("tfw: more than %d nodes", TFW_MAX);
    int k = t->fw.n_nodes++;
    struct node *n = &t->nodes[k];
    memset(n, 0, sizeof *n);
    n->code = (char *)code;
    n->name[LANG_ES] = (char *)code;
    n->name[LANG_EN] = (char *)code;
    n->weight = weight;
    n->direction = 1;
    n->scale_factor = 1;
    n->lower = n->upper = n->target = NAN;
    t->parent[k] = parent;
    return k;
}

void tfw_name(struct tfw *t, const char *code, const char *es, const char *en)
{
    int k = tfw_find(t, code);
    if (k < 0)
        BUG("tfw: no node %s", code);
    t->nodes[k].name[LANG_ES] = (char *)es;
    t->nodes[k].name[LANG_EN] = (char *)en;
}

void tfw_init(struct tfw *t, const char *root)
{
    memset(t, 0, sizeof *t);
    t->fw.code = (char *)"T";
    t->fw.nodes = t->nodes;
    struct steps *s = &t->fw.steps;
    s->order[0] = STEP_NORMALISE;
    s->order[1] = STEP_AGGREGATE;
    s->n = 2;
    s->norm = NORM_NONE;
    s->norm_lower = 0;
    s->norm_upper = 100;
    s->winmax = 5;
    s->skew_max = 2;
    s->kurt_max = 3.5;
    s->geo_zero_shift = 1;
    tfw_add(t, root, NULL, 1);
}

static int level_of(const struct tfw *t, int k)
{
    int lev = 1;
    for (int c = 0; c < t->fw.n_nodes; c++)
        if (t->nodes[c].parent == k && level_of(t, c) + 1 > lev)
            lev = level_of(t, c) + 1;
    return lev;
}

void tfw_finish(struct tfw *t)
{
    for (int k = 0; k < t->fw.n_nodes; k++) {
        t->nodes[k].parent = t->parent[k] ? tfw_find(t, t->parent[k]) : -1;
        t->nodes[k].parent_code = (char *)t->parent[k];
        if (!t->parent[k])
            t->fw.root = k;
    }
    for (int k = 0; k < t->fw.n_nodes; k++) {
        int leaf = 1;
        for (int c = 0; c < t->fw.n_nodes; c++)
            leaf &= t->nodes[c].parent != k;
        t->nodes[k].is_indicator = leaf;
        t->nodes[k].level = level_of(t, k);
    }
}

struct compute_input tfw_input(const struct tfw *t, int n, const double *raw)
{
    if (n > TFW_UNITS)
        BUG("tfw: %d units, at most %d", n, TFW_UNITS);
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &t->fw;
    in.n_units = n;
    in.unit_code = tfw_units;
    in.raw = raw;
    return in;
}

int tfw_run(const struct tfw *t, int n, const double *raw, struct result *r, char *err,
            size_t errlen)
{
    struct compute_input in = tfw_input(t, n, raw);
    return compute_run(&in, r, err, errlen);
}

double tfw_value(const struct tfw *t, const struct result *r, int u, const char *code)
{
    return r->value[(size_t)u * (size_t)t->fw.n_nodes + (size_t)tfw_find(t, code)];
}
