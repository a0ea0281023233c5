/*
 * ua_fw.h — frameworks built in memory for the uncertainty tests.
 *
 *   struct ufw f;
 *   ufw_init(&f);                          root "I"
 *   ufw_node(&f, "P", "I", 1);             aggregate or indicator
 *   ufw_finish(&f);                        parents, leaves, levels
 *
 * Steps default to normalise (none) + aggregate (arithmetic); tests change
 * f.fw.steps directly.  Strings are literals, never freed.
 */
#ifndef TEST_UA_FW_H
#define TEST_UA_FW_H

#include <math.h>
#include <string.h>

#include "compute.h"

#define UFW_MAX 32

struct ufw {
    struct framework fw;
    struct node nodes[UFW_MAX];
    const char *parent[UFW_MAX];
};

static inline int ufw_find(const struct ufw *f, const char *code)
{
    for (int k = 0; k < f->fw.n_nodes; k++)
        if (strcmp(f->nodes[k].code, code) == 0)
            return k;
    return -1;
}

static inline int ufw_node(struct ufw *f, const char *code, const char *parent, double w)
{
    int k = f->fw.n_nodes++;
    struct node *n = &f->nodes[k];
    memset(n, 0, sizeof *n);
    n->code = (char *)code;
    n->name[LANG_ES] = n->name[LANG_EN] = (char *)code;
    n->weight = w;
    n->direction = 1;
    n->scale_factor = 1;
    n->lower = n->upper = n->target = NAN;
    f->parent[k] = parent;
    return k;
}

static inline void ufw_init(struct ufw *f)
{
    memset(f, 0, sizeof *f);
    f->fw.code = (char *)"T";
    f->fw.nodes = f->nodes;
    struct steps *s = &f->fw.steps;
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
    ufw_node(f, "I", NULL, 1);
}

static inline int ufw_level(const struct ufw *f, int k)
{
    int lev = 1;
    for (int c = 0; c < f->fw.n_nodes; c++)
        if (f->nodes[c].parent == k && ufw_level(f, c) + 1 > lev)
            lev = ufw_level(f, c) + 1;
    return lev;
}

static inline void ufw_finish(struct ufw *f)
{
    for (int k = 0; k < f->fw.n_nodes; k++) {
        f->nodes[k].parent = f->parent[k] ? ufw_find(f, f->parent[k]) : -1;
        if (!f->parent[k])
            f->fw.root = k;
    }
    for (int k = 0; k < f->fw.n_nodes; k++) {
        int leaf = 1;
        for (int c = 0; c < f->fw.n_nodes; c++)
            leaf &= f->nodes[c].parent != k;
        f->nodes[k].is_indicator = leaf;
        f->nodes[k].level = ufw_level(f, k);
    }
}

static const char *const ufw_units[] = {"U00", "U01", "U02", "U03", "U04", "U05", "U06",
                                        "U07", "U08", "U09", "U10", "U11", "U12", "U13",
                                        "U14", "U15", "U16", "U17", "U18", "U19"};

static inline struct compute_input ufw_input(const struct ufw *f, int n, const double *raw)
{
    struct compute_input in;
    memset(&in, 0, sizeof in);
    in.fw = &f->fw;
    in.n_units = n;
    in.unit_code = ufw_units;
    in.raw = raw;
    return in;
}

#endif
