/*
 * fwbuild.h — frameworks built in memory for the tests: the engine's, the
 * uncertainty analysis's and the round fixtures'.
 *
 *   struct tfw t;
 *   tfw_init(&t, "I");                     root "I" (node 0), code "T"
 *   int p = tfw_add(&t, "P", "I", 1);      an aggregate or an indicator
 *   tfw_add(&t, "a", "P", 2);
 *   tfw_finish(&t);                        parents, root, leaves, levels
 *   ... t.fw is a struct framework; strings are literals (never freed).
 *
 * A node's names default to its code (tfw_name sets them).  Steps default to
 * normalise (none) + aggregate (arithmetic); tests change t.fw.steps
 * directly.
 */
#ifndef TEST_FWBUILD_H
#define TEST_FWBUILD_H

#include <stddef.h>

#include "compute.h"

#define TFW_MAX 32

struct tfw {
    struct framework fw;
    struct node nodes[TFW_MAX];
    const char *parent[TFW_MAX];
};

void tfw_init(struct tfw *t, const char *root);
/* Add node code under parent (NULL for the root); returns its index. */
int tfw_add(struct tfw *t, const char *code, const char *parent, double weight);
/* Set the Spanish and English names of node code (en may be NULL). */
void tfw_name(struct tfw *t, const char *code, const char *es, const char *en);
/* Resolve the parents; the root, is_indicator and level of every node
   (indicator = 1, aggregate = 1 + its highest child). */
void tfw_finish(struct tfw *t);
/* The index of node code, or -1. */
int tfw_find(const struct tfw *t, const char *code);

/* Unit codes "U0" .. "U31", in the order of the rows of raw. */
#define TFW_UNITS 32
extern const char *const tfw_units[TFW_UNITS];

/* The engine's input for n units (codes tfw_units); raw is n x n_ind. */
struct compute_input tfw_input(const struct tfw *t, int n, const double *raw);
/* Run the engine on it. */
int tfw_run(const struct tfw *t, int n, const double *raw, struct result *r, char *err,
            size_t errlen);
/* Value of node code for unit u. */
double tfw_value(const struct tfw *t, const struct result *r, int u, const char *code);

#endif
