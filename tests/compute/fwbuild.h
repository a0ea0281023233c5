/*
 * fwbuild.h — small frameworks built in memory for the engine's unit tests.
 *
 *   struct tfw t;
 *   tfw_init(&t, "I");                     root "I" (index 0)
 *   int p = tfw_add(&t, "P", "I", 1);      an aggregate or an indicator
 *   tfw_add(&t, "a", "P", 2);
 *   tfw_finish(&t);                        parents, leaves, levels
 *   ... t.fw is a struct framework; strings are literals (never freed).
 *
 * Steps default to normalise (none) + aggregate (arithmetic); tests change
 * t.fw.steps directly.
 */
#ifndef TEST_FWBUILD_H
#define TEST_FWBUILD_H

#include <math.h>
#include <string.h>

#include "compute.h"

#define TFW_MAX 24

struct tfw {
    struct framework fw;
    struct node nodes[TFW_MAX];
    const char *parent[TFW_MAX];
};

static inline int tfw_find(const struct tfw *t, const char *code)
{
    for (int k = 0; k < t->fw.n_nodes; k++)
        if (strcmp(t->nodes[k].code, code) == 0)
            return k;
    return -1;
}

static inline int tfw_add(struct tfw *t, const char *code, const char *parent, double weight)
{
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

static inline void tfw_init(struct tfw *t, const char *root)
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

static inline int tfw_level(const struct tfw *t, int k)
{
    int lev = 1;
    for (int c = 0; c < t->fw.n_nodes; c++)
        if (t->nodes[c].parent == k && tfw_level(t, c) + 1 > lev)
            lev = tfw_level(t, c) + 1;
    return lev;
}

static inline void tfw_finish(struct tfw *t)
{
    for (int k = 0; k < t->fw.n_nodes; k++) {
        t->nodes[k].parent = t->parent[k] ? tfw_find(t, t->parent[k]) : -1;
        if (!t->parent[k])
            t->fw.root = k;
    }
    for (int k = 0; k < t->fw.n_nodes; k++) {
        int leaf = 1;
        for (int c = 0; c < t->fw.n_nodes; c++)
            leaf &= t->nodes[c].parent != k;
        t->nodes[k].is_indicator = leaf;
        t->nodes[k].level = tfw_level(t, k);
    }
}

static const char *const tfw_units[] = {"U0", "U1", "U2", "U3", "U4", "U5", "U6", "U7",
                                  "U8", "U9", "U10", "U11", "U12", "U13", "U14", "U15"};

/* Run the engine on n units; raw is n x n_ind. */
static inline int tfw_run(const struct tfw *t, int n, const double *raw, struct result *r,
                   char *err, size_t errlen)
{
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &t->fw;
    in.n_units = n;
    in.unit_code = tfw_units;
    in.raw = raw;
    return compute_run(&in, r, err, errlen);
}

/* Value of node code for unit u. */
static inline double tfw_value(const struct tfw *t, const struct result *r, int u, const char *code)
{
    return r->value[(size_t)u * (size_t)t->fw.n_nodes + (size_t)tfw_find(t, code)];
}

#endif
