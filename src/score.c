/*
 * score.c — answers -> the raw matrix the engine starts from (score.h).
 *
 * Each indicator reads one code: its question, or its own code when the
 * question is empty (an administrative value); its denominator is read the
 * same way.  The answers of one institution to one code are combined by the
 * framework's respondents rule.  Answers already carry their score
 * (struct answer.number: 1/0 for si_no, the points of the chosen options for
 * select questions, the number itself otherwise), computed at ingest by
 * answer_parse(), so the answer type matters here only through that number.
 *
 * Lookups are sorted arrays searched with bsearch, and answers are bucketed by
 * (institution, code) in two passes, so the cost is O(answers log codes).
 */
#include "score.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compute.h"
#include "framework.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* Combining respondents                                                     */
/* ------------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean, median and max skip NAN (a respondent who left the question empty);
   official takes the flagged value even when it is NAN (the official
   respondent's blank is the institution's blank). */
double combine_values(enum combine_rule rule, const double *v, const int *official, int n)
{
    if (rule == COMBINE_OFFICIAL) {
        double got = NAN;
        int n_flagged = 0;
        for (int i = 0; i < n; i++) {
            if (!official || !official[i])
                continue;
            if (n_flagged++ == 0)
                got = v[i];
            else if (!(v[i] == got))   /* two official answers that disagree */
                return NAN;
        }
        return got;
    }
    double *x = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *x);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(v[i]))
            x[m++] = v[i];
    double r = NAN;
    if (m > 0) {
        switch (rule) {
        case COMBINE_MEAN: {
            double s = 0;
            for (int i = 0; i < m; i++)
                s += x[i];
            r = s / m;
            break;
        }
        case COMBINE_MEDIAN:
            qsort(x, (size_t)m, sizeof *x, cmp_double);
            r = m % 2 ? x[m / 2] : (x[m / 2 - 1] + x[m / 2]) / 2;
            break;
        case COMBINE_MAX:
            r = x[0];
            for (int i = 1; i < m; i++)
                r = x[i] > r ? x[i] : r;
            break;
        case COMBINE_OFFICIAL:
            BUG("official handled above");
        }
    }
    free(x);
    return r;
}

/* ------------------------------------------------------------------------ */
/* Lookups                                                                   */
/* ------------------------------------------------------------------------ */

struct keyed {
    const char *key;   /* borrowed                                          */
    int index;
};

static int cmp_keyed(const void *a, const void *b)
{
    return strcmp(((const struct keyed *)a)->key, ((const struct keyed *)b)->key);
}

static int find_keyed(const struct keyed *t, int n, const char *key)
{
    struct keyed probe = {key, 0};
    const struct keyed *k = bsearch(&probe, t, (size_t)n, sizeof *t, cmp_keyed);
    return k ? k->index : -1;
}

/* Slot of code in the code table, adding it if new (linear: only at setup,
   over at most two codes per indicator). */
static int slot_of(struct keyed *codes, int *n, const char *code)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(codes[i].key, code) == 0)
            return codes[i].index;
    codes[*n] = (struct keyed){code, *n};
    return (*n)++;
}

/* ------------------------------------------------------------------------ */
/* The matrix                                                                */
/* ------------------------------------------------------------------------ */

/* One cell: combine the answers listed in idx by the framework's rule, with
   the fallback of the official rule (a single respondent counts as the
   official one).  *ambiguous is set when several respondents answered and
   none is official. */
static double combine_cell(const struct framework *fw, const struct answer_set *answers,
                           const size_t *idx, int n, int *n_used, int *ambiguous)
{
    double *v = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    int *off = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *off);
    int n_off = 0, n_val = 0;
    for (int i = 0; i < n; i++) {
        const struct answer *a = &answers->items[idx[i]];
        v[i] = a->number;
        off[i] = a->is_official != 0;
        n_off += off[i];
        n_val += !isnan(a->number);
    }
    double r;
    *ambiguous = 0;
    if (fw->respondents != COMBINE_OFFICIAL) {
        r = combine_values(fw->respondents, v, off, n);
        *n_used = n_val;
    } else if (n_off > 0) {
        r = combine_values(COMBINE_OFFICIAL, v, off, n);
        *n_used = !isnan(r);
    } else if (n_val == 1) {
        r = combine_values(COMBINE_MAX, v, off, n);   /* the one value */
        *n_used = 1;
    } else {
        r = NAN;
        *n_used = 0;
        *ambiguous = n_val > 1;
    }
    free(v);
    free(off);
    return r;
}

void score_matrix_release(struct score_matrix *m)
{
    if (!m)
        return;
    free(m->raw);
    free(m->denom);
    free(m->n_respondents);
    memset(m, 0, sizeof *m);
}

int score_build(const struct framework *fw, const struct registry *reg,
                const struct answer_set *answers, int year, struct score_matrix *out,
                struct diag *d)
{
    memset(out, 0, sizeof *out);
    int *ind;
    int n_ind = framework_indicators(fw, &ind);
    int n_units = reg ? reg->n : 0;
    size_t cells = (size_t)n_units * (size_t)n_ind;
    out->n_units = n_units;
    out->n_ind = n_ind;
    out->raw = xmalloc((cells ? cells : 1) * sizeof *out->raw);
    out->denom = xmalloc((cells ? cells : 1) * sizeof *out->denom);
    out->n_respondents = xcalloc(cells ? cells : 1, sizeof *out->n_respondents);
    for (size_t c = 0; c < cells; c++)
        out->raw[c] = out->denom[c] = NAN;

    /* codes read: slot_raw[j] and slot_den[j] (-1 = no denominator) */
    struct keyed *codes = xmalloc((size_t)(2 * n_ind + 1) * sizeof *codes);
    int n_codes = 0;
    int *slot_raw = xmalloc((size_t)(n_ind + 1) * sizeof *slot_raw);
    int *slot_den = xmalloc((size_t)(n_ind + 1) * sizeof *slot_den);
    for (int j = 0; j < n_ind; j++) {
        const struct node *nd = &fw->nodes[ind[j]];
        slot_raw[j] = slot_of(codes, &n_codes, nd->question ? nd->question : nd->code);
        slot_den[j] = nd->denominator ? slot_of(codes, &n_codes, nd->denominator) : -1;
    }
    qsort(codes, (size_t)n_codes, sizeof *codes, cmp_keyed);
    struct keyed *units = xmalloc((size_t)(n_units + 1) * sizeof *units);
    for (int u = 0; u < n_units; u++)
        units[u] = (struct keyed){reg->items[u].code, u};
    qsort(units, (size_t)n_units, sizeof *units, cmp_keyed);

    /* bucket the answers by (unit, slot): count, then fill */
    size_t n_buckets = (size_t)n_units * (size_t)n_codes;
    size_t *start = xcalloc(n_buckets + 1, sizeof *start);
    size_t *bucket_of = xmalloc((answers->n + 1) * sizeof *bucket_of);
    const char **unknown = NULL;   /* institutions warned about            */
    int n_unknown = 0;
    for (size_t i = 0; i < answers->n; i++) {
        const struct answer *a = &answers->items[i];
        bucket_of[i] = n_buckets;   /* = not read */
        if (a->year != year || !a->framework || strcasecmp(a->framework, fw->code) != 0 ||
            !a->institution || !a->question)
            continue;
        int s = find_keyed(codes, n_codes, a->question);
        if (s < 0)
            continue;   /* texto evidence, or a code no indicator reads */
        int u = find_keyed(units, n_units, a->institution);
        if (u < 0) {
            int seen = 0;
            for (int k = 0; k < n_unknown && !seen; k++)
                seen = strcmp(unknown[k], a->institution) == 0;
            if (!seen) {
                unknown = xrealloc(unknown, (size_t)(n_unknown + 1) * sizeof *unknown);
                unknown[n_unknown++] = a->institution;
                diag_warning(d, a->file, a->line, 0,
                             "institution \"%s\" is not in the registry (its answers to %s are "
                             "not scored)",
                             a->institution, fw->code);
            }
            continue;
        }
        bucket_of[i] = (size_t)u * (size_t)n_codes + (size_t)s;
        start[bucket_of[i] + 1]++;
    }
    for (size_t b = 0; b < n_buckets; b++)
        start[b + 1] += start[b];
    size_t *idx = xmalloc((start[n_buckets] + 1) * sizeof *idx);
    size_t *fill = xmalloc((n_buckets + 1) * sizeof *fill);
    memcpy(fill, start, (n_buckets + 1) * sizeof *fill);
    for (size_t i = 0; i < answers->n; i++)
        if (bucket_of[i] < n_buckets)
            idx[fill[bucket_of[i]]++] = i;

    for (int u = 0; u < n_units; u++) {
        int n_ambiguous = 0;
        const char *file = NULL;
        for (int j = 0; j < n_ind; j++) {
            size_t b = (size_t)u * (size_t)n_codes + (size_t)slot_raw[j];
            int n_used, amb;
            size_t c = (size_t)u * (size_t)n_ind + (size_t)j;
            int n = (int)(start[b + 1] - start[b]);
            out->raw[c] = combine_cell(fw, answers, idx + start[b], n, &n_used, &amb);
            out->n_respondents[c] = n_used;
            if (amb && n_ambiguous++ == 0)
                file = answers->items[idx[start[b]]].file;
            if (slot_den[j] < 0)
                continue;
            b = (size_t)u * (size_t)n_codes + (size_t)slot_den[j];
            n = (int)(start[b + 1] - start[b]);
            out->denom[c] = combine_cell(fw, answers, idx + start[b], n, &n_used, &amb);
            if (amb && n_ambiguous++ == 0)
                file = answers->items[idx[start[b]]].file;
        }
        if (n_ambiguous)
            diag_warning(d, file, 0, 0,
                         "%s: %d value%s of %s %d left empty: several respondents answered "
                         "but no respondent marked official did (expected the official "
                         "respondent to answer, or respondents = mean in framework.ini)",
                         reg->items[u].code, n_ambiguous, n_ambiguous == 1 ? "" : "s",
                         fw->code, year);
    }

    free(unknown);
    free(idx);
    free(fill);
    free(start);
    free(bucket_of);
    free(units);
    free(codes);
    free(slot_raw);
    free(slot_den);
    free(ind);
    return 0;
}
