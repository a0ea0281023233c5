/*
 * registry.c — surveys/instituciones.csv -> struct registry (see registry.h).
 *
 * Every problem of the file is reported in one pass; the registry is only
 * returned when the file is clean, because institution codes become file
 * names and database keys.
 */
#include "registry.h"
#include "messages.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numparse.h"
#include "xalloc.h"

#define CODE_MAX 32
#define INSTITUTION_WEIGHT_MAX 1e12 /* weights may be populations or budgets */

/* 1 if code (ASCII, without '.') is a name Windows reserves for a device:
   CON, PRN, AUX, NUL, COM0-9, LPT0-9, in any case.  Such a directory or
   file (instituciones/CON/...) cannot be created or opened there. */
static int windows_reserved(const char *code)
{
    static const char *const names[] = {"CON", "PRN", "AUX", "NUL"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcasecmp(code, names[i]) == 0)
            return 1;
    return strlen(code) == 4 && (strncasecmp(code, "COM", 3) == 0 || strncasecmp(code, "LPT", 3) == 0) &&
           code[3] >= '0' && code[3] <= '9';
}

/*
 * Why code cannot be a file name component, written into why (n bytes), or
 * NULL if it can.  Codes are ASCII so that "minfin" and "MINFIN" are caught
 * as the same name on case-insensitive file systems (Windows, macOS).
 */
static const char *code_problem(const char *code, char *why, size_t n)
{
    size_t len = strlen(code);
    if (len == 0)
        return msg_tr("it is empty");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)code[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '-')
            continue;
        if (c == ' ')
            snprintf(why, n, "%s", msg_tr("it contains a space"));
        else if (c >= 0x80)
            snprintf(why, n, msg_tr("it contains the non-ASCII character at byte %zu"), i + 1);
        else if (c < 0x20 || c == 0x7F)
            snprintf(why, n, msg_tr("it contains the control character 0x%02X"), c);
        else
            snprintf(why, n, msg_tr("it contains \"%c\""), c);
        return why;
    }
    if (len > CODE_MAX) {
        snprintf(why, n, msg_tr("it has %zu characters"), len);
        return why;
    }
    if (windows_reserved(code)) {
        snprintf(why, n, "%s is a device name on Windows", code);
        return why;
    }
    return NULL;
}

int code_is_safe(const char *code)
{
    char why[96];
    return code && !code_problem(code, why, sizeof why);
}

static int by_code(const void *a, const void *b)
{
    return strcmp(((const struct institution *)a)->code, ((const struct institution *)b)->code);
}

int registry_find(const struct registry *r, const char *code)
{
    if (!r || !code)
        return -1;
    int lo = 0, hi = r->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(code, r->items[mid].code);
        if (c == 0)
            return mid;
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return -1;
}

void registry_free(struct registry *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->n; i++) {
        free(r->items[i].code);
        for (int l = 0; l < LANG_COUNT; l++)
            free(r->items[i].name[l]);
        free(r->items[i].group);
        free(r->items[i].group_en);
    }
    free(r->items);
    free(r->path);
    free(r);
}

/* A copy of s without surrounding spaces/tabs. */
static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return xstrndup(s, n);
}

enum { C_CODE, C_NAME_ES, C_NAME_EN, C_GROUP, C_WEIGHT, C_GROUP_EN, C_COUNT };

/* The codes read so far, by their letters ignoring case (ASCII: accepted
   codes are), so that each new code is checked against them in one probe
   rather than against every one (5,000 institutions made 12.5 million
   comparisons). */
struct code_index {
    int *slot; /* item index + 1, 0 = empty */
    size_t cap;
};

static size_t code_hash(const char *code)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a over the lower-cased code */
    for (; *code; code++) {
        unsigned char c = (unsigned char)*code;
        h = (h ^ (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c)) * 1099511628211ULL;
    }
    return (size_t)h;
}

/* The item whose code equals code ignoring case, or -1. */
static int code_find(const struct code_index *x, const struct registry *reg, const char *code)
{
    if (!x->cap)
        return -1;
    for (size_t i = code_hash(code) & (x->cap - 1); x->slot[i]; i = (i + 1) & (x->cap - 1))
        if (strcasecmp(reg->items[x->slot[i] - 1].code, code) == 0)
            return x->slot[i] - 1;
    return -1;
}

/* Index item k (reg->n items so far, k among them). */
static void code_add(struct code_index *x, const struct registry *reg, int k)
{
    if (2 * (size_t)reg->n > x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 64;
        while (2 * (size_t)reg->n > cap)
            cap *= 2;
        free(x->slot);
        x->slot = xcalloc(cap, sizeof *x->slot);
        x->cap = cap;
        for (int j = 0; j < reg->n; j++)
            if (j != k)
                code_add(x, reg, j);
    }
    size_t i = code_hash(reg->items[k].code) & (x->cap - 1);
    while (x->slot[i])
        i = (i + 1) & (x->cap - 1);
    x->slot[i] = k + 1;
}

/* What registry_load carries from the header to each row. */
struct reg_reader {
    const char *name; /* the file, in messages */
    const char *want[C_COUNT];
    int pos[C_COUNT]; /* column of each, -1 if absent */
    int n_cols;
    int decimal_comma;
    struct code_index index;
    long *where; /* line of each item, for duplicate messages */
    size_t where_cap, items_cap;
};

/* The header row: where each column is; 0 if code and name_es are there. */
static int read_header(struct reg_reader *rr, const struct csv_row *row, struct diag *d)
{
    static const char *const key[C_COUNT] = {"code", "name_es", "name_en", "group", "weight",
                                             "group_en"};
    rr->n_cols = row->n;
    for (int i = 0; i < row->n; i++) {
        char *h = trimmed(row->field[i]);
        for (int k = 0; k < C_COUNT; k++) {
            if (strcmp(h, rr->want[k]) != 0)
                continue;
            if (rr->pos[k] >= 0)
                diag_error(d, EX_DATAERR_, rr->name, row->fline[i], row->col[i],
                           "column \"%s\" appears twice (first as column %d)", h, rr->pos[k] + 1);
            else
                rr->pos[k] = i;
        }
        free(h);
    }
    for (int k = 0; k <= C_NAME_ES; k++)
        if (rr->pos[k] < 0)
            diag_error(d, EX_DATAERR_, rr->name, row->line, 0,
                       "no column \"%s\" in the header (the institution %s; [registry] %s = "
                       "names it)",
                       rr->want[k], k == C_CODE ? msg_tr("code") : msg_tr("name in Spanish"),
                       key[k]);
    return rr->pos[C_CODE] < 0 || rr->pos[C_NAME_ES] < 0 ? -1 : 0;
}

/* An optional text column of the row: NULL when absent or blank. */
static char *optional_text(const struct reg_reader *rr, const struct csv_row *row, int k)
{
    if (rr->pos[k] < 0)
        return NULL;
    char *t = trimmed(row->field[rr->pos[k]]);
    if (*t)
        return t;
    free(t);
    return NULL;
}

/* The weight column of the row into in->weight; nonzero if it is bad. */
static int read_weight(const struct reg_reader *rr, const struct csv_row *row,
                       struct institution *in, struct diag *d)
{
    int k = rr->pos[C_WEIGHT], bad = 0;
    if (k < 0)
        return 0;
    char *wt = trimmed(row->field[k]);
    if (*wt && (csv_parse_number(wt, rr->decimal_comma, &in->weight) != 0 || in->weight <= 0 ||
                in->weight > INSTITUTION_WEIGHT_MAX))
        bad = diag_error(d, EX_DATAERR_, rr->name, row->fline[k], row->col[k],
                         "%s \"%s\" of %s is not a valid weight (expected a number > 0 "
                         "and at most 1e12%s)",
                         rr->want[C_WEIGHT], wt, in->code,
                         rr->decimal_comma ? msg_tr(", decimal comma") : "");
    free(wt);
    return bad;
}

/* One data row: its institution added to reg, or a message and nothing. */
static void read_institution(struct reg_reader *rr, const struct csv_row *row,
                             struct registry *reg, struct diag *d)
{
    const int kc = rr->pos[C_CODE], kn = rr->pos[C_NAME_ES];
    struct institution in = {0};
    in.code = trimmed(row->field[kc]);
    in.name[LANG_ES] = trimmed(row->field[kn]);
    in.weight = 1;
    long line = row->fline[kc], col = row->col[kc];
    int bad = 0;
    char why[96];
    const char *problem = code_problem(in.code, why, sizeof why);
    if (problem)
        bad = diag_error(d, EX_DATAERR_, rr->name, line, col,
                         "institution code \"%s\" cannot be used (%s; codes become file names: "
                         "expected 1 to %d letters, digits, _ or -)",
                         in.code, problem, CODE_MAX);
    if (!*in.name[LANG_ES])
        bad = diag_error(d, EX_DATAERR_, rr->name, row->fline[kn], row->col[kn],
                         "institution %s has no %s", in.code, rr->want[C_NAME_ES]);
    in.name[LANG_EN] = optional_text(rr, row, C_NAME_EN);
    in.group = optional_text(rr, row, C_GROUP);
    in.group_en = optional_text(rr, row, C_GROUP_EN);
    bad |= read_weight(rr, row, &in, d);
    /* at most one code read so far is this one ignoring case: the second
       would have been refused */
    int i = problem ? -1 : code_find(&rr->index, reg, in.code);
    if (i >= 0 && strcmp(reg->items[i].code, in.code) == 0)
        bad = diag_error(d, EX_DATAERR_, rr->name, line, col,
                         "duplicate institution code \"%s\" (first at line %ld)", in.code,
                         rr->where[i]);
    else if (i >= 0)
        bad = diag_error(d, EX_DATAERR_, rr->name, line, col,
                         "institution code \"%s\" differs only in case from \"%s\" at "
                         "line %ld (codes become file names, which may ignore case)",
                         in.code, reg->items[i].code, rr->where[i]);
    if (bad) {
        free(in.code);
        for (int l = 0; l < LANG_COUNT; l++)
            free(in.name[l]);
        free(in.group);
        free(in.group_en);
        return;
    }
    reg->items = xgrow(reg->items, &rr->items_cap, (size_t)reg->n + 1, sizeof *reg->items);
    rr->where = xgrow(rr->where, &rr->where_cap, (size_t)reg->n + 1, sizeof *rr->where);
    rr->where[reg->n] = line;
    reg->items[reg->n++] = in;
    code_add(&rr->index, reg, reg->n - 1);
}

/* The reader of the registry file: its own settings ([registry] encoding)
   and its name in messages, unless the caller gives options. */
static struct csv_reader *open_registry(const char *path, const struct config *cfg,
                                        const struct csv_options *opt, struct diag *d)
{
    struct csv_options own = {.encoding = cfg ? cfg->reg_encoding : NULL,
                              .config_section = cfg ? "registry" : NULL,
                              .what = msg_tr("the registry of institutions")};
    char *named_in = cfg ? xasprintf(msg_tr("[paths] institutions of %s"), cfg->path) : NULL;
    own.where = named_in;
    struct csv_reader *r = csv_open(path, opt ? opt : &own, d);
    free(named_in);
    return r;
}

struct registry *registry_load(const char *path, const struct config *cfg,
                               const struct csv_options *opt, struct diag *d)
{
    struct reg_reader rr = {
        .want = {cfg && cfg->reg_code ? cfg->reg_code : "code",
                 cfg && cfg->reg_name_es ? cfg->reg_name_es : "name_es",
                 cfg && cfg->reg_name_en ? cfg->reg_name_en : "name_en",
                 cfg && cfg->reg_group ? cfg->reg_group : "group",
                 cfg && cfg->reg_weight ? cfg->reg_weight : "weight",
                 cfg && cfg->reg_group_en ? cfg->reg_group_en : "group_en"},
        .pos = {-1, -1, -1, -1, -1, -1},
    };
    long e0 = d->n_errors;
    struct csv_reader *r = open_registry(path, cfg, opt, d);
    if (!r)
        return NULL;
    rr.name = csv_name(r);
    struct registry *reg = xcalloc(1, sizeof *reg);
    reg->path = xstrdup(path);
    struct csv_row row;
    int rc = csv_next(r, &row, d);
    if (rc == 0)
        diag_error(d, EX_DATAERR_, rr.name, 0, 0,
                   "the file is empty (expected a header line: %s,%s,%s,%s,%s)", rr.want[0],
                   rr.want[1], rr.want[2], rr.want[3], rr.want[4]);
    if (rc == 1 && read_header(&rr, &row, d) == 0) {
        /* Spanish Excel separates with ';' because ',' is its decimal mark */
        rr.decimal_comma = csv_separator(r) == ';';
        while ((rc = csv_next(r, &row, d)) == 1) {
            if (row.n != rr.n_cols)
                diag_error(d, EX_DATAERR_, rr.name, row.line, 0, "expected %d fields, found %d",
                           rr.n_cols, row.n);
            else
                read_institution(&rr, &row, reg, d);
        }
        if (rc == 0 && reg->n == 0 && d->n_errors == e0)
            diag_error(d, EX_DATAERR_, rr.name, 0, 0,
                       "no institutions (the file has only a header)");
    }
    csv_close(r);
    free(rr.where);
    free(rr.index.slot);
    if (d->n_errors > e0) {
        registry_free(reg);
        return NULL;
    }
    qsort(reg->items, (size_t)reg->n, sizeof *reg->items, by_code);
    return reg;
}
