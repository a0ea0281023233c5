/*
 * answer_index.c — answers grouped by institution (answer_index.h).
 */
#include "answer_index.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct code_unit {
    const char *code;
    int unit;
};

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const struct code_unit *)a)->code, ((const struct code_unit *)b)->code);
}

void answer_index_build(struct answer_index *ix, const struct answer_set *as,
                        const struct registry *reg)
{
    int n = reg ? reg->n : 0;
    size_t na = as ? as->n : 0;
    ix->n_units = n;
    ix->start = xcalloc((size_t)n + 2, sizeof *ix->start);
    ix->item = xmalloc((na + 1) * sizeof *ix->item);
    /* the registry's order is the report's, not necessarily sorted by code */
    struct code_unit *byc = xmalloc(((size_t)n + 1) * sizeof *byc);
    for (int u = 0; u < n; u++)
        byc[u] = (struct code_unit){reg->items[u].code, u};
    qsort(byc, (size_t)n, sizeof *byc, cmp_code);
    int *unit_of = xmalloc((na + 1) * sizeof *unit_of);
    for (size_t i = 0; i < na; i++) {
        const char *code = as->items[i].institution;
        struct code_unit key = {code ? code : "", 0};
        const struct code_unit *hit = bsearch(&key, byc, (size_t)n, sizeof *byc, cmp_code);
        unit_of[i] = hit ? hit->unit : -1;
        if (hit)
            ix->start[hit->unit + 2]++;
    }
    /* counting sort: start[u + 1] becomes the fill position of unit u */
    for (int u = 0; u < n; u++)
        ix->start[u + 2] += ix->start[u + 1];
    for (size_t i = 0; i < na; i++)
        if (unit_of[i] >= 0)
            ix->item[ix->start[unit_of[i] + 1]++] = i;
    free(unit_of);
    free(byc);
}

void answer_index_release(struct answer_index *ix)
{
    free(ix->start);
    free(ix->item);
    memset(ix, 0, sizeof *ix);
}
