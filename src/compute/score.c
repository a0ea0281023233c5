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
 * One scorer serves both entry points: score_build feeds it an answer set in
 * memory, score_build_walk the rows of a cursor over the store.  It keeps one
 * accumulator per (institution, code) cell, so its memory is proportional to
 * institutions x codes, not to answers: a running sum (mean), max, or first
 * official value (official); the median keeps the values of the cells still
 * open (from a cursor, rows come grouped by cell and only one cell is open).
 * Each accumulator adds the values in the order they arrive, exactly as
 * combine_values does over the cell's answers, so both paths give the same
 * bits.  Lookups are sorted arrays searched with bsearch, so the cost is
 * O(answers log codes).
 */
#include "score.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compute.h"
#include "framework.h"
#include "numfmt.h"
#include "strbuf.h"
#include "url.h"
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

/* NULL-safe strcmp (NULL first): answers built in memory may lack a file. */
static int cmp_str(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* ------------------------------------------------------------------------ */
/* The scorer: one accumulator per (unit, code) cell                         */
/* ------------------------------------------------------------------------ */

/* An institution that is not in the registry: warned about once, at the
   answer that comes first in the order of store_get_answers. */
struct unknown {
    char *code;
    char *framework, *file, *question; /* that answer (owned copies)        */
    long line;
    size_t seq;                         /* its place in the arrival order    */
};

/* A positive answer without valid evidence (owned copies). */
struct unsupported {
    char *framework, *file, *institution, *question;
    long line;
    double number;             /* as answered                               */
    const char *why;           /* evidence_problem(), or NULL: no evidence  */
    char *evidence;            /* what was given, when malformed            */
    enum evidence_rule rule;
};

/* A value of a median cell still open (ungrouped): a list per cell. */
struct vnode {
    double v;
    size_t next;                        /* SIZE_MAX ends the list            */
};

struct scorer {
    const struct framework *fw;
    enum combine_rule rule;
    int *ind, n_ind;
    int *slot_raw, *slot_den;           /* code slot of indicator j (-1 none) */
    int *ev_rule;                       /* per slot: the missing_evidence rule of
                                           the indicator asking evidence for it,
                                           -1 if none does                     */
    unsigned char *no_evidence;         /* per cell: an unsupported answer    */
    struct unsupported *uns;
    size_t n_uns, cap_uns;
    struct keyed *codes;                /* codes read, sorted                */
    int n_codes;
    struct keyed *units;                /* registry codes, sorted            */
    int n_units;
    size_t n_cells;                     /* n_units x n_codes: u * n_codes + s */

    /* Per cell, in the order the answers arrive:
       x      mean: running sum of the values; max: running max; official:
              the first official answer's value; median: the median, once
              the cell is closed
       y      official: the latest value that is not NAN (the value, when
              there is only one)
       n_val  values that are not NAN
       n_off  official: answers flagged official
       file   official: file of the cell's first answer (-1: none yet)
       disagree  official: two official answers differ */
    double *x, *y;
    int *n_val, *n_off, *file;
    unsigned char *disagree;

    /* median: the values of the cells not yet closed.  grouped: the rows of
       a cell arrive together, so only the open cell's values are kept, in
       vals; otherwise each cell keeps a list in pool. */
    int grouped;
    size_t open;                        /* grouped: the open cell (n_cells: none) */
    double *vals;
    size_t n_vals, cap_vals;
    size_t *head, *tail;                /* ungrouped: per cell               */
    struct vnode *pool;
    size_t n_pool, cap_pool;

    /* the source files met (the ambiguous-respondents warning names one) */
    char **files;
    size_t n_files, cap_files, last_file;

    /* institutions not in the registry, sorted by code; least_first: the
       rows do not arrive in the order of store_get_answers, so the warning
       goes with the least (framework, file, line, question) instead of the
       first row to arrive */
    struct unknown *unk;
    size_t n_unk, cap_unk;
    int least_first;
    size_t seq;

    /* the institution of the latest lookup */
    char *last_inst;
    size_t cap_last;
    int last_u;
};

static void scorer_init(struct scorer *sc, const struct framework *fw,
                        const struct registry *reg, int grouped, int least_first)
{
    memset(sc, 0, sizeof *sc);
    sc->fw = fw;
    sc->rule = fw->respondents;
    sc->grouped = grouped;
    sc->least_first = least_first;
    sc->n_ind = framework_indicators(fw, &sc->ind);
    sc->n_units = reg ? reg->n : 0;

    /* codes read: slot_raw[j] and slot_den[j] (-1 = no denominator) */
    sc->codes = xmalloc((size_t)(2 * sc->n_ind + 1) * sizeof *sc->codes);
    sc->slot_raw = xmalloc((size_t)(sc->n_ind + 1) * sizeof *sc->slot_raw);
    sc->slot_den = xmalloc((size_t)(sc->n_ind + 1) * sizeof *sc->slot_den);
    for (int j = 0; j < sc->n_ind; j++) {
        const struct node *nd = &fw->nodes[sc->ind[j]];
        sc->slot_raw[j] = slot_of(sc->codes, &sc->n_codes, nd->question ? nd->question : nd->code);
        sc->slot_den[j] = nd->denominator ? slot_of(sc->codes, &sc->n_codes, nd->denominator) : -1;
    }
    qsort(sc->codes, (size_t)sc->n_codes, sizeof *sc->codes, cmp_keyed);
    /* evidence is asked of the answers to an indicator's question (as at
       ingest, ingest_evidence_node), never of admin values or denominators */
    sc->ev_rule = xmalloc((size_t)(sc->n_codes + 1) * sizeof *sc->ev_rule);
    for (int c = 0; c < sc->n_codes; c++)
        sc->ev_rule[c] = -1;
    for (int j = 0; j < sc->n_ind; j++) {
        const struct node *nd = &fw->nodes[sc->ind[j]];
        if (nd->evidence_required && nd->question && *nd->question &&
            sc->ev_rule[sc->slot_raw[j]] < 0)
            sc->ev_rule[sc->slot_raw[j]] = (int)framework_evidence_rule(fw, sc->ind[j]);
    }
    sc->units = xmalloc((size_t)(sc->n_units + 1) * sizeof *sc->units);
    for (int u = 0; u < sc->n_units; u++)
        sc->units[u] = (struct keyed){reg->items[u].code, u};
    qsort(sc->units, (size_t)sc->n_units, sizeof *sc->units, cmp_keyed);

    size_t n = sc->n_cells = (size_t)sc->n_units * (size_t)sc->n_codes;
    size_t alloc = n ? n : 1;
    sc->x = xcalloc(alloc, sizeof *sc->x);   /* mean: sums start at 0 */
    sc->n_val = xcalloc(alloc, sizeof *sc->n_val);
    sc->no_evidence = xcalloc(alloc, 1);
    if (sc->rule == COMBINE_OFFICIAL) {
        sc->y = xmalloc(alloc * sizeof *sc->y);
        sc->n_off = xcalloc(alloc, sizeof *sc->n_off);
        sc->file = xmalloc(alloc * sizeof *sc->file);
        sc->disagree = xcalloc(alloc, sizeof *sc->disagree);
        for (size_t c = 0; c < n; c++) {
            sc->y[c] = NAN;
            sc->file[c] = -1;
        }
    }
    if (sc->rule == COMBINE_MEDIAN && !grouped) {
        sc->head = xmalloc(alloc * sizeof *sc->head);
        sc->tail = xmalloc(alloc * sizeof *sc->tail);
        for (size_t c = 0; c < n; c++)
            sc->head[c] = sc->tail[c] = SIZE_MAX;
    }
    sc->open = n;
    sc->last_u = -1;
}

static void scorer_release(struct scorer *sc)
{
    free(sc->ind);
    free(sc->slot_raw);
    free(sc->slot_den);
    free(sc->ev_rule);
    free(sc->no_evidence);
    for (size_t i = 0; i < sc->n_uns; i++) {
        free(sc->uns[i].framework);
        free(sc->uns[i].file);
        free(sc->uns[i].institution);
        free(sc->uns[i].question);
        free(sc->uns[i].evidence);
    }
    free(sc->uns);
    free(sc->codes);
    free(sc->units);
    free(sc->x);
    free(sc->y);
    free(sc->n_val);
    free(sc->n_off);
    free(sc->file);
    free(sc->disagree);
    free(sc->vals);
    free(sc->head);
    free(sc->tail);
    free(sc->pool);
    for (size_t i = 0; i < sc->n_files; i++)
        free(sc->files[i]);
    free(sc->files);
    for (size_t i = 0; i < sc->n_unk; i++) {
        free(sc->unk[i].code);
        free(sc->unk[i].framework);
        free(sc->unk[i].file);
        free(sc->unk[i].question);
    }
    free(sc->unk);
    free(sc->last_inst);
    memset(sc, 0, sizeof *sc);
}

/* Index of file in sc->files, added if new (few files: the latest is tried
   first, then a linear search). */
static int file_index(struct scorer *sc, const char *file)
{
    if (sc->n_files && cmp_str(sc->files[sc->last_file], file) == 0)
        return (int)sc->last_file;
    for (size_t i = 0; i < sc->n_files; i++)
        if (cmp_str(sc->files[i], file) == 0)
            return (int)(sc->last_file = i);
    sc->files = xgrow(sc->files, &sc->cap_files, sc->n_files + 1, sizeof *sc->files);
    sc->files[sc->n_files] = file ? xstrdup(file) : NULL;
    sc->last_file = sc->n_files++;
    return (int)sc->last_file;
}

/* Registry index of institution, -1 if it is not in the registry.  Rows of
   one institution mostly come together: the latest lookup is tried first. */
static int unit_of(struct scorer *sc, const char *inst)
{
    if (sc->last_inst && strcmp(sc->last_inst, inst) == 0)
        return sc->last_u;
    size_t len = strlen(inst);
    sc->last_inst = xgrow(sc->last_inst, &sc->cap_last, len + 1, 1);
    memcpy(sc->last_inst, inst, len + 1);
    return sc->last_u = find_keyed(sc->units, sc->n_units, inst);
}

/* Where a row comes in the order of store_get_answers (framework, path,
   line, question). */
static int cmp_place(const char *fw1, const char *file1, long line1, const char *q1,
                     const char *fw2, const char *file2, long line2, const char *q2)
{
    int c = cmp_str(fw1, fw2);
    if (!c)
        c = cmp_str(file1, file2);
    if (!c)
        c = (line1 > line2) - (line1 < line2);
    if (!c)
        c = cmp_str(q1, q2);
    return c;
}

static void unknown_set(struct unknown *k, const struct score_row *r, size_t seq)
{
    free(k->framework);
    free(k->file);
    free(k->question);
    k->framework = r->framework ? xstrdup(r->framework) : NULL;
    k->file = r->file ? xstrdup(r->file) : NULL;
    k->question = r->question ? xstrdup(r->question) : NULL;
    k->line = r->line;
    k->seq = seq;
}

static void note_unknown(struct scorer *sc, const struct score_row *r, size_t seq)
{
    size_t lo = 0, hi = sc->n_unk;   /* binary search by code */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sc->unk[mid].code, r->institution);
        if (c == 0) {
            struct unknown *k = &sc->unk[mid];
            if (sc->least_first && cmp_place(r->framework, r->file, r->line, r->question,
                                             k->framework, k->file, k->line, k->question) < 0)
                unknown_set(k, r, seq);
            return;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    sc->unk = xgrow(sc->unk, &sc->cap_unk, sc->n_unk + 1, sizeof *sc->unk);
    memmove(&sc->unk[lo + 1], &sc->unk[lo], (sc->n_unk - lo) * sizeof *sc->unk);
    sc->n_unk++;
    struct unknown *k = &sc->unk[lo];
    memset(k, 0, sizeof *k);
    k->code = xstrdup(r->institution);
    unknown_set(k, r, seq);
}

/* Median of cell c from its n values v (in arrival order): combine_values,
   so that both paths sort exactly the same array. */
static void median_close(struct scorer *sc, size_t c, double *v, int n)
{
    sc->x[c] = combine_values(COMBINE_MEDIAN, v, NULL, n);
}

/* grouped: the open cell is complete. */
static void close_open(struct scorer *sc)
{
    if (sc->open < sc->n_cells)
        median_close(sc, sc->open, sc->vals, (int)sc->n_vals);
    sc->n_vals = 0;
    sc->open = sc->n_cells;
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* The value answer r counts for under slot s's evidence rule: r->number, or
   0 for a positive answer without valid evidence (noted for the warning and
   the cell's flag) unless the rule keeps it. */
static double evidence_value(struct scorer *sc, int s, size_t c, const struct score_row *r)
{
    double v = r->number;
    if (sc->ev_rule[s] < 0 || isnan(v) || v == 0)
        return v;
    const char *ev = r->evidence && *r->evidence ? r->evidence : NULL;
    const char *why = ev ? evidence_problem(ev) : NULL;
    if (ev && !why)
        return v;
    sc->no_evidence[c] = 1;
    sc->uns = xgrow(sc->uns, &sc->cap_uns, sc->n_uns + 1, sizeof *sc->uns);
    sc->uns[sc->n_uns++] = (struct unsupported){
        .framework = dup_or_null(r->framework), .file = dup_or_null(r->file),
        .institution = xstrdup(r->institution), .question = xstrdup(r->question),
        .line = r->line, .number = v, .why = why, .evidence = why ? xstrdup(ev) : NULL,
        .rule = (enum evidence_rule)sc->ev_rule[s],
    };
    return sc->ev_rule[s] == EVIDENCE_KEEP ? v : 0;
}

/* One answer.  Rows for codes no indicator reads (texto evidence, variables
   of another framework) are skipped; institutions not in the registry are
   noted for a warning. */
static void scorer_add(struct scorer *sc, const struct score_row *r)
{
    size_t seq = sc->seq++;
    int s = find_keyed(sc->codes, sc->n_codes, r->question);
    if (s < 0)
        return;
    int u = unit_of(sc, r->institution);
    if (u < 0) {
        note_unknown(sc, r, seq);
        return;
    }
    size_t c = (size_t)u * (size_t)sc->n_codes + (size_t)s;
    double v = evidence_value(sc, s, c, r);
    switch (sc->rule) {
    case COMBINE_MEAN:   /* s += x in arrival order, as combine_values does */
        if (!isnan(v)) {
            sc->x[c] += v;
            sc->n_val[c]++;
        }
        break;
    case COMBINE_MAX:
        if (isnan(v))
            break;
        if (sc->n_val[c]++ == 0)
            sc->x[c] = v;
        else
            sc->x[c] = v > sc->x[c] ? v : sc->x[c];   /* as combine_values */
        break;
    case COMBINE_MEDIAN:
        if (sc->grouped && c != sc->open) {
            close_open(sc);
            sc->open = c;
        }
        if (isnan(v))
            break;
        sc->n_val[c]++;
        if (sc->grouped) {
            sc->vals = xgrow(sc->vals, &sc->cap_vals, sc->n_vals + 1, sizeof *sc->vals);
            sc->vals[sc->n_vals++] = v;
        } else {
            sc->pool = xgrow(sc->pool, &sc->cap_pool, sc->n_pool + 1, sizeof *sc->pool);
            sc->pool[sc->n_pool] = (struct vnode){v, SIZE_MAX};
            if (sc->tail[c] == SIZE_MAX)
                sc->head[c] = sc->n_pool;
            else
                sc->pool[sc->tail[c]].next = sc->n_pool;
            sc->tail[c] = sc->n_pool++;
        }
        break;
    case COMBINE_OFFICIAL:
        if (sc->file[c] < 0)
            sc->file[c] = file_index(sc, r->file);
        if (!isnan(v)) {
            sc->n_val[c]++;
            sc->y[c] = v;
        }
        if (r->is_official) {
            if (sc->n_off[c]++ == 0)
                sc->x[c] = v;
            else if (!(v == sc->x[c]))   /* two official answers that disagree */
                sc->disagree[c] = 1;
        }
        break;
    }
}

/* The value of cell c by the framework's rule, with the fallback of the
   official rule (a single respondent counts as the official one).
   *ambiguous is set when several respondents answered and none is official.
   Each case gives what combine_values gives over the cell's answers. */
static double cell_value(const struct scorer *sc, size_t c, int *n_used, int *ambiguous)
{
    int n_val = sc->n_val[c];
    *ambiguous = 0;
    *n_used = n_val;
    switch (sc->rule) {
    case COMBINE_MEAN:
        return n_val ? sc->x[c] / n_val : NAN;
    case COMBINE_MAX:
    case COMBINE_MEDIAN:
        return n_val ? sc->x[c] : NAN;
    case COMBINE_OFFICIAL:
        if (sc->n_off[c] > 0) {
            double r = sc->disagree[c] ? NAN : sc->x[c];
            *n_used = !isnan(r);
            return r;
        }
        if (n_val == 1)
            return sc->y[c];
        *n_used = 0;
        *ambiguous = n_val > 1;
        return NAN;
    }
    BUG("combine rule %d", (int)sc->rule);
}

static int cmp_unknown_seq(const void *a, const void *b)
{
    size_t x = ((const struct unknown *)a)->seq, y = ((const struct unknown *)b)->seq;
    return (x > y) - (x < y);
}

static int cmp_unknown_place(const void *a, const void *b)
{
    const struct unknown *x = a, *y = b;
    int c = cmp_place(x->framework, x->file, x->line, x->question, y->framework, y->file,
                      y->line, y->question);
    return c ? c : cmp_unknown_seq(a, b);
}

static int cmp_unsupported(const void *a, const void *b)
{
    const struct unsupported *x = a, *y = b;
    return cmp_place(x->framework, x->file, x->line, x->question, y->framework, y->file,
                     y->line, y->question);
}

/* Every positive answer without valid evidence, in one warning at the first
   one's place, in the order of store_get_answers whatever the walk's order. */
static void warn_unsupported(struct scorer *sc, int year, struct diag *d)
{
    if (!sc->n_uns)
        return;
    qsort(sc->uns, sc->n_uns, sizeof *sc->uns, cmp_unsupported);
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_addf(&sb, "%s %d: %zu positive answer%s without valid evidence, scored as "
                "missing_evidence says: ",
                sc->fw->code, year, sc->n_uns, sc->n_uns == 1 ? "" : "s");
    int error_rule = 0;
    for (size_t i = 0; i < sc->n_uns; i++) {
        const struct unsupported *u = &sc->uns[i];
        char num[FMT_SHORTEST_MAX];
        strbuf_addf(&sb, "%s%s:%ld %s %s = %s (", i ? "; " : "", u->file ? u->file : "?",
                    u->line, u->institution, u->question, fmt_shortest(num, sizeof num, u->number));
        if (u->why)
            strbuf_addf(&sb, "evidence \"%s\" %s", u->evidence, u->why);
        else
            strbuf_adds(&sb, "no evidence");
        strbuf_addf(&sb, ") -> %s", u->rule == EVIDENCE_KEEP ? "kept" : "0");
        error_rule |= u->rule == EVIDENCE_ERROR;
    }
    strbuf_adds(&sb, error_rule ? " (missing_evidence = error: `indigo load` refuses these "
                                  "files; load them again)"
                                : " (add each answer's evidence link to the survey, or set "
                                  "missing_evidence in framework.ini or nodes.csv)");
    diag_warning(d, sc->uns[0].file, sc->uns[0].line, 0, "%s", sb.buf);
    strbuf_release(&sb);
}

/* The matrix and the warnings, in the order score_build has always given
   them: institutions not in the registry first, then per unit the cells
   left empty for want of an official respondent, then the answers without
   evidence. */
static void scorer_finish(struct scorer *sc, const struct registry *reg, int year,
                          struct score_matrix *out, struct diag *d)
{
    if (sc->rule == COMBINE_MEDIAN) {
        if (sc->grouped) {
            close_open(sc);
        } else {
            double *v = NULL;
            size_t cap = 0;
            for (size_t c = 0; c < sc->n_cells; c++) {
                if (sc->n_val[c] == 0)
                    continue;
                v = xgrow(v, &cap, (size_t)sc->n_val[c], sizeof *v);
                int m = 0;
                for (size_t p = sc->head[c]; p != SIZE_MAX; p = sc->pool[p].next)
                    v[m++] = sc->pool[p].v;
                median_close(sc, c, v, m);
            }
            free(v);
        }
    }

    if (sc->n_unk > 1)
        qsort(sc->unk, sc->n_unk, sizeof *sc->unk,
              sc->least_first ? cmp_unknown_place : cmp_unknown_seq);
    for (size_t i = 0; i < sc->n_unk; i++)
        diag_warning(d, sc->unk[i].file, sc->unk[i].line, 0,
                     "institution \"%s\" is not in the registry (its answers to %s are not "
                     "scored)",
                     sc->unk[i].code, sc->fw->code);

    memset(out, 0, sizeof *out);
    int n_units = sc->n_units, n_ind = sc->n_ind;
    size_t cells = (size_t)n_units * (size_t)n_ind;
    out->n_units = n_units;
    out->n_ind = n_ind;
    out->raw = xmalloc((cells ? cells : 1) * sizeof *out->raw);
    out->denom = xmalloc((cells ? cells : 1) * sizeof *out->denom);
    out->n_respondents = xcalloc(cells ? cells : 1, sizeof *out->n_respondents);
    out->flags = xcalloc(cells ? cells : 1, sizeof *out->flags);
    for (int u = 0; u < n_units; u++) {
        int n_ambiguous = 0;
        const char *file = NULL;
        for (int j = 0; j < n_ind; j++) {
            size_t b = (size_t)u * (size_t)sc->n_codes + (size_t)sc->slot_raw[j];
            size_t c = (size_t)u * (size_t)n_ind + (size_t)j;
            int n_used, amb;
            out->raw[c] = cell_value(sc, b, &n_used, &amb);
            out->n_respondents[c] = n_used;
            if (sc->no_evidence[b])
                out->flags[c] |= FLAG_NO_EVIDENCE;
            if (amb && n_ambiguous++ == 0)
                file = sc->files[sc->file[b]];
            out->denom[c] = NAN;
            if (sc->slot_den[j] < 0)
                continue;
            b = (size_t)u * (size_t)sc->n_codes + (size_t)sc->slot_den[j];
            out->denom[c] = cell_value(sc, b, &n_used, &amb);
            if (amb && n_ambiguous++ == 0)
                file = sc->files[sc->file[b]];
        }
        if (n_ambiguous == 1)
            diag_warning(d, file, 0, 0,
                         "%s: 1 value of %s %d left empty: several respondents answered "
                         "but no respondent marked official did (expected the official "
                         "respondent to answer, or respondents = mean in framework.ini)",
                         reg->items[u].code, sc->fw->code, year);
        else if (n_ambiguous)
            diag_warning(d, file, 0, 0,
                         "%s: %d values of %s %d left empty: several respondents answered "
                         "but no respondent marked official did (expected the official "
                         "respondent to answer, or respondents = mean in framework.ini)",
                         reg->items[u].code, n_ambiguous, sc->fw->code, year);
    }
    warn_unsupported(sc, year, d);
}

void score_matrix_release(struct score_matrix *m)
{
    if (!m)
        return;
    free(m->raw);
    free(m->denom);
    free(m->n_respondents);
    free(m->flags);
    memset(m, 0, sizeof *m);
}

int score_build(const struct framework *fw, const struct registry *reg,
                const struct answer_set *answers, int year, struct score_matrix *out,
                struct diag *d)
{
    struct scorer sc;
    scorer_init(&sc, fw, reg, 0, 0);
    for (size_t i = 0; i < answers->n; i++) {
        const struct answer *a = &answers->items[i];
        if (a->year != year || !a->framework || strcasecmp(a->framework, fw->code) != 0 ||
            !a->institution || !a->question)
            continue;
        struct score_row r = {
            .framework = a->framework, .file = a->file, .line = a->line,
            .institution = a->institution, .question = a->question, .number = a->number,
            .is_official = a->is_official != 0, .evidence = a->evidence,
        };
        scorer_add(&sc, &r);
    }
    scorer_finish(&sc, reg, year, out, d);
    scorer_release(&sc);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* From a cursor                                                             */
/* ------------------------------------------------------------------------ */

/* SCORE_ORDER_STORED hands over each file's rows as stored.  Each cell then
   sees its values in the order of store_get_answers, and each institution
   not in the registry is met first at the same file and line, if within a
   file the lines never decrease and the rows of one line are of one
   institution (as every shape stores them).  Checked on every row; if not,
   the walk stops with WALK_AGAIN and runs again in SCORE_ORDER_CELL. */
#define WALK_AGAIN 1

struct stored_walk {
    struct scorer *sc;
    int file;          /* of the previous row, -1 before the first */
    long line;
    char *inst;        /* institution of the previous row */
    size_t cap_inst;
};

static int add_stored(void *ctx, const struct score_row *r)
{
    struct stored_walk *w = ctx;
    int f = file_index(w->sc, r->file);
    if (f == w->file && (r->line < w->line ||
                         (r->line == w->line && strcmp(r->institution, w->inst) != 0)))
        return WALK_AGAIN;
    if (f != w->file || r->line != w->line) {
        size_t len = strlen(r->institution);
        w->inst = xgrow(w->inst, &w->cap_inst, len + 1, 1);
        memcpy(w->inst, r->institution, len + 1);
        w->file = f;
        w->line = r->line;
    }
    scorer_add(w->sc, r);
    return 0;
}

static int add_cell(void *ctx, const struct score_row *r)
{
    scorer_add(ctx, r);
    return 0;
}

int score_build_walk(const struct framework *fw, const struct registry *reg, int year,
                     score_walk_fn walk, void *src, struct score_matrix *out,
                     struct diag *d)
{
    memset(out, 0, sizeof *out);
    struct scorer sc;
    int rc = WALK_AGAIN;
    if (fw->respondents != COMBINE_MEDIAN) {
        /* running accumulators: any order that keeps each cell's order */
        scorer_init(&sc, fw, reg, 0, 0);
        struct stored_walk w = {.sc = &sc, .file = -1};
        rc = walk(src, year, fw->code, SCORE_ORDER_STORED, add_stored, &w, d);
        free(w.inst);
        if (rc == WALK_AGAIN)
            scorer_release(&sc);
    }
    if (rc == WALK_AGAIN) {
        /* the median needs each cell's values together */
        scorer_init(&sc, fw, reg, 1, 1);
        rc = walk(src, year, fw->code, SCORE_ORDER_CELL, add_cell, &sc, d);
    }
    if (rc != 0) {
        scorer_release(&sc);
        return -1;
    }
    scorer_finish(&sc, reg, year, out, d);
    scorer_release(&sc);
    return 0;
}
