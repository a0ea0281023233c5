/*
 * framework.c — reading a framework directory into struct framework.
 *
 * framework.ini goes through ini.h (BOM, long lines and iniparser's own
 * syntax errors are reported there with their line); nodes.csv,
 * questions.csv and options.csv through csv.h.  This file checks what can be
 * checked one record at a time, while the record's line and column are at
 * hand: a cell that is not a number, an unknown method, a missing name, an
 * unknown column.  What needs the whole framework (the tree, references,
 * coverage of the answer scale) is in framework_validate.c.  Both record into
 * the same diag, so one run reports every problem.  The names of the enums,
 * code folding and the lookups by code, which both use, are in
 * framework_names.c: framework.c -> framework_validate.c -> framework_names.c.
 *
 * Format: docs/framework-format.md; for analysts: indicators/README.md.
 */
#include "framework.h"
#include "messages.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "csv.h"
#include "fileio.h"
#include "ini.h"
#include "numfmt.h"
#include "numparse.h"
#include "strbuf.h"
#include "xalloc.h"

#define N_OF(a) (sizeof(a) / sizeof *(a))

/* Bounds of the numbers a framework gives.  Beyond them a value is a typo
   or a unit mistake, not a setting: and every number must fit the reports'
   formats. */
#define SCALE_LIMIT 1e6   /* the index's scale, normalisation bounds       */
#define WEIGHT_MAX 1e6    /* a node's weight (relative to its siblings)    */
#define RAW_LIMIT 1e15    /* raw-unit values: goalposts, targets, points   */


/* What the messages list as "expected". */
#define EXPECT_TYPES "si_no, likert5, porcentaje, numero, seleccion_unica, seleccion_multiple or texto"
#define EXPECT_NORM "none, minmax, zscore, goalposts, dist_target, dist_ref, dist_max, prank or rank"
#define EXPECT_AGG "arithmetic, geometric, harmonic or median"
#define EXPECT_IMPUTE "none, mean, median, group_mean, group_median or zero"
#define EXPECT_COMBINE "mean, median, max or official"
#define EXPECT_STEPS "score, denominate, screen, impute, treat, normalise, aggregate"
#define EXPECT_EVIDENCE "zero, keep or error"

/* ------------------------------------------------------------------------ */
/* Freeing                                                                   */
/* ------------------------------------------------------------------------ */

static void free_list(char **items, int n)
{
    for (int i = 0; i < n; i++)
        free(items[i]);
    free(items);
}

void framework_free(struct framework *fw)
{
    if (!fw)
        return;
    free(fw->code);
    free(fw->dir);
    free(fw->ini_path);
    for (int l = 0; l < LANG_COUNT; l++) {
        free(fw->name[l]);
        free(fw->axes_label[l]);
    }
    free(fw->axis_names_en);
    free(fw->source);
    for (int l = 0; l < LANG_COUNT; l++)
        free(fw->description[l]);
    for (int i = 0; i < fw->n_nodes; i++) {
        struct node *n = &fw->nodes[i];
        free(n->code);
        free(n->parent_code);
        free(n->question);
        free(n->denominator);
        free(n->axis);
        free(n->source);
        for (int l = 0; l < LANG_COUNT; l++) {
            free(n->name[l]);
            free(n->recommendation[l]);
        }
    }
    free(fw->nodes);
    free_list(fw->missing_codes, fw->n_missing_codes);
    for (int i = 0; i < fw->n_questions; i++) {
        struct question *q = &fw->questions[i];
        free(q->code);
        for (int l = 0; l < LANG_COUNT; l++)
            free(q->text[l]);
        for (int k = 0; k < q->n_options; k++) {
            free(q->options[k].code);
            for (int l = 0; l < LANG_COUNT; l++)
                free(q->options[k].label[l]);
        }
        free(q->options);
    }
    free(fw->questions);
    free_list(fw->variables, fw->n_variables);
    free_list(fw->steps.force_include, fw->steps.n_force_include);
    free_list(fw->steps.force_exclude, fw->steps.n_force_exclude);
    for (int i = 0; i < MATURITY_MAX; i++)
        for (int l = 0; l < LANG_COUNT; l++)
            free(fw->maturity.name[i][l]);
    free(fw);
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

static char *path_join(const char *dir, const char *file)
{
    size_t n = strlen(dir);
    if (n == 0)
        return xstrdup(file);
    return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", file);
}

/* 1 if s is 1..max characters from [A-Za-z0-9] plus the bytes in extra, and
   (when first_letter) starts with a letter or '_'. */
static int code_ok(const char *s, const char *extra, int first_letter, size_t max)
{
    size_t n = strlen(s);
    if (n == 0 || n > max)
        return 0;
    if (first_letter && !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && !strchr(extra, c))
            return 0;
    }
    return 1;
}

/* Question codes follow XLSForm's names, so a form's own names can be used:
   a letter or '_' first, then letters, digits, '_', '-' or '.'; up to
   QUESTION_CODE_MAX bytes.  Returns 0 when code is valid, else 1 with the
   rule it breaks in why. */
#define QUESTION_CODE_MAX 128
int question_code_problem(const char *code, char *why, size_t n)
{
    size_t len = strlen(code);
    if (len > QUESTION_CODE_MAX) {
        snprintf(why, n, "it is %zu characters long (at most %d)", len, QUESTION_CODE_MAX);
        return 1;
    }
    unsigned char c0 = (unsigned char)code[0];
    if (!((c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z') || c0 == '_')) {
        snprintf(why, n, "it starts with '%c' (a code starts with a letter A-Z or '_', as in XLSForm)",
                 c0 < 0x80 && c0 >= 0x20 ? c0 : '?');
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        unsigned char c = (unsigned char)code[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.')) {
            if (c >= 0x20 && c < 0x7f)
                snprintf(why, n, "character %zu is '%c' (allowed: letters A-Z without accents, "
                         "digits, '_', '-' and '.')", i + 1, c);
            else
                snprintf(why, n, "character %zu is not a letter A-Z, digit, '_', '-' or '.' "
                         "(spaces and accented letters are not allowed)", i + 1);
            return 1;
        }
    }
    return 0;
}

/* si/no cells: 1, 0, or -1 if neither. */
static int yes_no(const char *s)
{
    static const char *yes[] = {"si", "yes", "true", "1", "verdadero", "x"};
    static const char *no[] = {"no", "false", "0", "falso"};
    char *f = code_fold(s);
    int v = -1;
    for (size_t i = 0; i < N_OF(yes) && v < 0; i++)
        if (strcmp(f, yes[i]) == 0)
            v = 1;
    for (size_t i = 0; i < N_OF(no) && v < 0; i++)
        if (strcmp(f, no[i]) == 0)
            v = 0;
    free(f);
    return v;
}

/* ------------------------------------------------------------------------ */
/* CSV tables with named columns                                             */
/* ------------------------------------------------------------------------ */

#define MAX_COLS 24

struct column {
    const char *name;
    int required;          /* the file cannot be read without it           */
};

struct table {
    char *path;                    /* as used in messages                  */
    struct csv_reader *r;
    const struct column *cols;
    int n_cols;
    const char *names;             /* "code, parent, ..." for messages      */
    int field_of[MAX_COLS];        /* column id -> field index, -1 absent   */
    int n_header;                  /* fields in the header                  */
    char *val[MAX_COLS];           /* trimmed cell of the current row ("") */
    long col[MAX_COLS];            /* column of that cell, 0 if absent      */
    long line;                     /* line of the current row               */
    int complete;                  /* read to the end, no syntax error      */
};

static void table_error(const struct table *t, int c, struct diag *d, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Record an error at the current row, at column c's cell (c < 0: no column). */
static void table_error(const struct table *t, int c, struct diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(msg_tr(fmt), ap);
    va_end(ap);
    diag_error(d, EX_DATAERR_, t->path, t->line, c >= 0 ? t->col[c] : 0, "%s", msg);
    free(msg);
}

static char *trim_dup(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return xstrndup(s, n);
}

static void table_clear_row(struct table *t)
{
    for (int c = 0; c < t->n_cols; c++) {
        free(t->val[c]);
        t->val[c] = NULL;
        t->col[c] = 0;
    }
}

static void table_close(struct table *t)
{
    table_clear_row(t);
    csv_close(t->r);
    t->r = NULL;
    free(t->path);
    t->path = NULL;
}

/*
 * Open dir/file and read its header.  Returns 0 when rows can be read, 1 when
 * an optional file is absent (no rows, nothing recorded), -1 when the file
 * cannot be read (missing, bad encoding, empty, a required column absent).
 */
static int table_open(struct table *t, const char *dir, const char *file,
                      const struct column *cols, int n_cols, const char *names, int optional,
                      struct diag *d)
{
    memset(t, 0, sizeof *t);
    t->path = path_join(dir, file);
    t->cols = cols;
    t->n_cols = n_cols;
    t->names = names;
    for (int c = 0; c < n_cols; c++)
        t->field_of[c] = -1;
    if (optional && access(t->path, F_OK) != 0 && errno == ENOENT) {
        t->complete = 1;
        return 1;
    }
    struct csv_options opt = {.sep = ',', .encoding = NULL, .max_field = 0};
    t->r = csv_open(t->path, &opt, d);
    if (!t->r)
        return -1;
    struct csv_row row;
    int rc = csv_next(t->r, &row, d);
    if (rc == 0)
        diag_error(d, EX_DATAERR_, t->path, 0, 0, "the file is empty (expected a header row: %s)",
                   names);
    if (rc <= 0)
        return -1;
    t->line = row.line;
    t->n_header = row.n;
    int bad = 0;
    for (int i = 0; i < row.n; i++) {
        char *h = trim_dup(row.field[i], row.len[i]);
        int found = -1;
        for (int c = 0; c < n_cols && found < 0; c++)
            if (strcasecmp(h, cols[c].name) == 0)
                found = c;
        if (!*h)
            diag_error(d, EX_DATAERR_, t->path, row.line, row.col[i],
                       "column %d has no name (expected one of: %s)", i + 1, names);
        else if (found < 0)
            diag_error(d, EX_DATAERR_, t->path, row.line, row.col[i],
                       "unknown column \"%s\" (expected one of: %s)", h, names);
        else if (t->field_of[found] >= 0)
            diag_error(d, EX_DATAERR_, t->path, row.line, row.col[i],
                       "column \"%s\" appears twice (expected each column once)", h);
        else
            t->field_of[found] = i;
        free(h);
    }
    for (int c = 0; c < n_cols; c++) {
        if (cols[c].required && t->field_of[c] < 0) {
            diag_error(d, EX_DATAERR_, t->path, row.line, 0,
                       "missing column \"%s\" (expected a header with at least: %s)", cols[c].name,
                       names);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}

/* Next non-blank row into t->val / t->col: 1, 0 at the end, -1 on a syntax
   error (the rest of the file is not read). */
static int table_next(struct table *t, struct diag *d)
{
    table_clear_row(t);
    if (!t->r)
        return 0;
    for (;;) {
        struct csv_row row;
        int rc = csv_next(t->r, &row, d);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            t->complete = 1;
            return 0;
        }
        int blank = 1;
        for (int i = 0; i < row.n && blank; i++)
            for (size_t k = 0; k < row.len[i] && blank; k++)
                if (row.field[i][k] != ' ' && row.field[i][k] != '\t' && row.field[i][k] != '\r')
                    blank = 0;
        if (blank)
            continue;
        t->line = row.line;
        if (row.n > t->n_header)
            diag_error(d, EX_DATAERR_, t->path, row.line, row.col[t->n_header],
                       "the row has %d fields but the header has %d (expected one value per "
                       "column; quote values that contain a comma)",
                       row.n, t->n_header);
        for (int c = 0; c < t->n_cols; c++) {
            int f = t->field_of[c];
            if (f >= 0 && f < row.n) {
                t->val[c] = trim_dup(row.field[f], row.len[f]);
                t->col[c] = row.col[f];
            } else {
                t->val[c] = xstrdup("");
            }
        }
        return 1;
    }
}

/* The cell, or NULL when it is empty. */
static const char *cell(const struct table *t, int c)
{
    return t->val[c] && *t->val[c] ? t->val[c] : NULL;
}

static char *cell_dup(const struct table *t, int c)
{
    return xstrdup(cell(t, c));
}

/* Number in column c; def when empty.  A cell that is not a finite number is
   recorded (what names the column in the message) and gives def. */
static double cell_number(const struct table *t, int c, double def, const char *expect,
                          struct diag *d)
{
    const char *s = cell(t, c);
    double v;
    if (!s)
        return def;
    if (parse_double_strict(s, &v) != 0) {
        table_error(t, c, d, "%s \"%s\" is not a number (expected %s)", t->cols[c].name, s,
                    msg_tr(expect));
        return def;
    }
    return v;
}

/* A value in the indicator's raw units (NAN when empty or wrong): any number
   from -1e15 to 1e15. */
static double cell_raw(const struct table *t, int c, struct diag *d)
{
    double v = cell_number(t, c, NAN, "a number", d);
    if (fabs(v) > RAW_LIMIT) {
        table_error(t, c, d, "%s %s is out of range (expected a number from -1e15 to 1e15)",
                    t->cols[c].name, t->val[c]);
        return NAN;
    }
    return v;
}

/* ------------------------------------------------------------------------ */
/* nodes.csv                                                                 */
/* ------------------------------------------------------------------------ */

enum {
    NC_CODE, NC_PARENT, NC_NAME_ES, NC_NAME_EN, NC_WEIGHT, NC_AGGREGATION, NC_QUESTION,
    NC_DENOMINATOR, NC_SCALE_FACTOR, NC_DIRECTION, NC_NORMALISATION, NC_LOWER, NC_UPPER,
    NC_TARGET, NC_EVIDENCE, NC_AXIS, NC_SOURCE, NC_REC_ES, NC_REC_EN, NC_MISSING_EVIDENCE,
    NC_COUNT
};

static const struct column node_cols[NC_COUNT] = {
    {"code", 1},         {"parent", 1},        {"name_es", 1},      {"name_en", 1},
    {"weight", 0},       {"aggregation", 0},   {"question", 0},     {"denominator", 0},
    {"scale_factor", 0}, {"direction", 0},     {"normalisation", 0}, {"lower", 0},
    {"upper", 0},        {"target", 0},        {"evidence", 0},     {"axis", 0},
    {"source", 0},       {"recommendation_es", 0}, {"recommendation_en", 0},
    {"missing_evidence", 0},
};
#define NODE_NAMES                                                                            \
    "code, parent, name_es, name_en, weight, aggregation, question, denominator, "            \
    "scale_factor, direction, normalisation, lower, upper, target, evidence, axis, source, "  \
    "recommendation_es, recommendation_en, missing_evidence"

static void read_node(struct framework *fw, const struct table *t, struct diag *d)
{
    const char *code = cell(t, NC_CODE);
    if (!code) {
        table_error(t, NC_CODE, d, "code is empty (expected a node code such as IGD or D1.2)");
        return;
    }
    if (!code_ok(code, "_.-", 0, 32))
        table_error(t, NC_CODE, d,
                    "code \"%s\" is not a valid node code (expected 1 to 32 letters A-Z, digits, "
                    "'_', '.' or '-', no accents or spaces)",
                    code);
    fw->nodes = xrealloc(fw->nodes, (size_t)(fw->n_nodes + 1) * sizeof *fw->nodes);
    struct node *n = &fw->nodes[fw->n_nodes++];
    memset(n, 0, sizeof *n);
    n->code = xstrdup(code);
    n->parent = -1;
    n->parent_code = cell_dup(t, NC_PARENT);
    n->line = (int)t->line;
    static const char *lang_name[LANG_COUNT] = {"Spanish", "English"};
    for (int l = 0; l < LANG_COUNT; l++) {
        int c = l == LANG_ES ? NC_NAME_ES : NC_NAME_EN;
        n->name[l] = xstrdup(t->val[c]);
        if (!*n->name[l])
            table_error(t, c, d, "%s of \"%s\" is empty (expected the node's name in %s)",
                        node_cols[c].name, code, msg_tr(lang_name[l]));
    }
    /* weight: the root's is ignored, so only its syntax is checked */
    n->weight = cell_number(t, NC_WEIGHT, 1, "a positive number such as 1 or 0.25", d);
    if (n->parent_code && !(n->weight > 0))
        table_error(t, NC_WEIGHT, d, "weight %s is not positive (expected a number greater than 0)",
                    t->val[NC_WEIGHT]);
    else if (n->weight > WEIGHT_MAX)
        table_error(t, NC_WEIGHT, d,
                    "weight %s is out of range (expected a number above 0 and at most 1000000: "
                    "weights count relative to their siblings)",
                    t->val[NC_WEIGHT]);
    const char *agg = cell(t, NC_AGGREGATION);
    if (agg) {
        int m = agg_method_parse(agg);
        if (m < 0)
            table_error(t, NC_AGGREGATION, d,
                        "unknown aggregation \"%s\" (expected " EXPECT_AGG ")", agg);
        else
            n->agg_set = 1, n->agg = (enum agg_method)m;
    }
    n->question = cell_dup(t, NC_QUESTION);
    n->denominator = cell_dup(t, NC_DENOMINATOR);
    n->scale_factor = cell_number(t, NC_SCALE_FACTOR, 1, "a positive number such as 100", d);
    if (!(n->scale_factor > 0))
        table_error(t, NC_SCALE_FACTOR, d,
                    "scale_factor %s is not positive (expected a number greater than 0)",
                    t->val[NC_SCALE_FACTOR]);
    else if (n->scale_factor > RAW_LIMIT)
        table_error(t, NC_SCALE_FACTOR, d,
                    "scale_factor %s is out of range (expected a number above 0 and at most 1e15)",
                    t->val[NC_SCALE_FACTOR]);
    double dir = cell_number(t, NC_DIRECTION, 1, "1 or -1", d);
    if (dir != 1 && dir != -1) {
        table_error(t, NC_DIRECTION, d, "direction %s (expected 1 or -1)", t->val[NC_DIRECTION]);
        dir = 1;
    }
    n->direction = (int)dir;
    const char *norm = cell(t, NC_NORMALISATION);
    if (norm) {
        int m = norm_method_parse(norm);
        if (m < 0)
            table_error(t, NC_NORMALISATION, d,
                        "unknown normalisation \"%s\" (expected " EXPECT_NORM ")", norm);
        else
            n->norm_set = 1, n->norm = (enum norm_method)m;
    }
    n->lower = cell_raw(t, NC_LOWER, d);
    n->upper = cell_raw(t, NC_UPPER, d);
    if (!isnan(n->lower) && !isnan(n->upper) && !(n->lower < n->upper))
        table_error(t, NC_LOWER, d,
                    "lower %s is not below upper %s (expected lower < upper; for \"less is "
                    "better\" keep lower < upper and set direction = -1)",
                    t->val[NC_LOWER], t->val[NC_UPPER]);
    n->target = cell_raw(t, NC_TARGET, d);
    const char *ev = cell(t, NC_EVIDENCE);
    if (ev) {
        int v = yes_no(ev);
        if (v < 0)
            table_error(t, NC_EVIDENCE, d, "evidence \"%s\" (expected si or no)", ev);
        n->evidence_required = v == 1;
    }
    const char *me = cell(t, NC_MISSING_EVIDENCE);
    if (me) {
        int r = evidence_rule_parse(me);
        if (r < 0)
            table_error(t, NC_MISSING_EVIDENCE, d,
                        "missing_evidence \"%s\" (expected " EXPECT_EVIDENCE ")", me);
        else if (!n->evidence_required)
            table_error(t, NC_MISSING_EVIDENCE, d,
                        "missing_evidence = %s but evidence is not si (expected evidence = si "
                        "on this row, or an empty missing_evidence)",
                        me);
        else
            n->evidence_rule_set = 1, n->evidence_rule = (enum evidence_rule)r;
    }
    n->axis = cell_dup(t, NC_AXIS);
    n->source = cell_dup(t, NC_SOURCE);
    n->recommendation[LANG_ES] = cell_dup(t, NC_REC_ES);
    n->recommendation[LANG_EN] = cell_dup(t, NC_REC_EN);
}

/* ------------------------------------------------------------------------ */
/* questions.csv                                                             */
/* ------------------------------------------------------------------------ */

enum { QC_CODE, QC_TEXT_ES, QC_TEXT_EN, QC_TYPE, QC_REQUIRED, QC_COUNT };
static const struct column question_cols[QC_COUNT] = {
    {"code", 1}, {"text_es", 1}, {"text_en", 1}, {"type", 1}, {"required", 0},
};
#define QUESTION_NAMES "code, text_es, text_en, type, required"

/* Returns -1 if a question was added whose type could not be read, else 0. */
static int read_question(struct framework *fw, const struct table *t, struct diag *d)
{
    const char *code = cell(t, QC_CODE);
    if (!code) {
        table_error(t, QC_CODE, d, "code is empty (expected a question code such as IGD_P01)");
        return 0;
    }
    char why[160];
    if (question_code_problem(code, why, sizeof why))
        table_error(t, QC_CODE, d, "code \"%s\" is not a valid question code: %s", code, why);
    fw->questions = xrealloc(fw->questions, (size_t)(fw->n_questions + 1) * sizeof *fw->questions);
    struct question *q = &fw->questions[fw->n_questions++];
    memset(q, 0, sizeof *q);
    q->code = xstrdup(code);
    q->line = (int)t->line;
    static const char *lang_name[LANG_COUNT] = {"Spanish", "English"};
    for (int l = 0; l < LANG_COUNT; l++) {
        int c = l == LANG_ES ? QC_TEXT_ES : QC_TEXT_EN;
        q->text[l] = xstrdup(t->val[c]);
        if (!*q->text[l])
            table_error(t, c, d, "%s of \"%s\" is empty (expected the question as fielded in %s)",
                        question_cols[c].name, code, msg_tr(lang_name[l]));
    }
    const char *type = cell(t, QC_TYPE);
    int ty = type ? answer_type_parse(type) : -1;
    if (!type)
        table_error(t, QC_TYPE, d, "type of \"%s\" is empty (expected " EXPECT_TYPES ")", code);
    else if (ty < 0)
        table_error(t, QC_TYPE, d, "unknown type \"%s\" (expected " EXPECT_TYPES ")", type);
    /* An unreadable type is recorded as texto; framework_check is then told
       (no FW_READ_TYPES) not to draw conclusions from types. */
    q->type = ty < 0 ? ANSWER_TEXT : (enum answer_type)ty;
    const char *req = cell(t, QC_REQUIRED);
    if (req) {
        int v = yes_no(req);
        if (v < 0)
            table_error(t, QC_REQUIRED, d, "required \"%s\" (expected si or no)", req);
        q->required = v == 1;
    }
    return ty < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------------ */
/* options.csv                                                               */
/* ------------------------------------------------------------------------ */

enum { OC_QUESTION, OC_OPTION, OC_LABEL_ES, OC_LABEL_EN, OC_POINTS, OC_COUNT };
static const struct column option_cols[OC_COUNT] = {
    {"question", 1}, {"option", 1}, {"label_es", 1}, {"label_en", 1}, {"points", 1},
};
#define OPTION_NAMES "question, option, label_es, label_en, points"

/* type_bad[i]: question i's type was not understood (no conclusions). */
static void read_option(struct framework *fw, const struct table *t, const char *type_bad,
                        struct diag *d)
{
    const char *qcode = cell(t, OC_QUESTION);
    const char *code = cell(t, OC_OPTION);
    if (!qcode) {
        table_error(t, OC_QUESTION, d, "question is empty (expected a code from questions.csv)");
        return;
    }
    struct question *q = (struct question *)framework_question(fw, qcode);
    if (!q) {
        table_error(t, OC_QUESTION, d,
                    "question \"%s\" is not in questions.csv (expected the code of a "
                    "seleccion_unica, seleccion_multiple or likert5 question)",
                    qcode);
        return;
    }
    int qi = (int)(q - fw->questions);
    if (!type_bad[qi] && q->type != ANSWER_SELECT_ONE && q->type != ANSWER_SELECT_MULTIPLE &&
        q->type != ANSWER_LIKERT5) {
        table_error(t, OC_QUESTION, d,
                    "question \"%s\" is of type %s, which takes no options (expected a "
                    "seleccion_unica, seleccion_multiple or likert5 question)",
                    qcode, answer_type_name(q->type));
        return;
    }
    if (!code) {
        table_error(t, OC_OPTION, d,
                    "option is empty (expected the value as it appears in the exports)");
        return;
    }
    if (strpbrk(code, " \t")) {
        table_error(t, OC_OPTION, d,
                    "option \"%s\" contains a space (expected a code without spaces: exports "
                    "list the chosen options separated by spaces)",
                    code);
        return;
    }
    for (int k = 0; k < q->n_options; k++) {
        if (strcmp(q->options[k].code, code) == 0) {
            table_error(t, OC_OPTION, d,
                        "option \"%s\" of question \"%s\" appears twice (first at line %d)", code,
                        qcode, q->options[k].line);
            return;
        }
    }
    q->options = xrealloc(q->options, (size_t)(q->n_options + 1) * sizeof *q->options);
    struct option *o = &q->options[q->n_options++];
    memset(o, 0, sizeof *o);
    o->code = xstrdup(code);
    o->line = (int)t->line;
    static const char *lang_name[LANG_COUNT] = {"Spanish", "English"};
    for (int l = 0; l < LANG_COUNT; l++) {
        int c = l == LANG_ES ? OC_LABEL_ES : OC_LABEL_EN;
        o->label[l] = xstrdup(t->val[c]);
        if (!*o->label[l])
            table_error(t, c, d, "%s of option \"%s\" is empty (expected its label in %s)",
                        option_cols[c].name, code, msg_tr(lang_name[l]));
    }
    if (!cell(t, OC_POINTS))
        table_error(t, OC_POINTS, d, "points of option \"%s\" are empty (expected a number)", code);
    /* NAN marks points already reported: no default goalposts from them */
    o->points = cell_number(t, OC_POINTS, NAN, "a number such as 1 or 0.5", d);
    if (fabs(o->points) > RAW_LIMIT) {
        table_error(t, OC_POINTS, d, "points %s are out of range (expected a number from -1e15 "
                    "to 1e15)", t->val[OC_POINTS]);
        o->points = NAN;
    }
}

/* ------------------------------------------------------------------------ */
/* framework.ini                                                             */
/* ------------------------------------------------------------------------ */

#define SCALE_KEY(name, example)                                                              \
    {name, INI_REAL, -SCALE_LIMIT, SCALE_LIMIT, 0,                                            \
     "a number from -1000000 to 1000000 such as " example}
#define FRACTION_KEY(name) {name, INI_REAL, 0, 1, 0, INI_EXPECT("a fraction between 0 and 1")}
#define TEXT_KEY(name) {name, INI_TEXT, 0, 0, 0, NULL}
#define LIST_KEY(name) {name, INI_LIST, 0, 0, 0, NULL}
#define END_KEYS {NULL, 0, 0, 0, 0, NULL}

/* The sections and keys of framework.ini, with their types and ranges
   (checked by ini_validate when the file is read); per-level keys of
   [aggregate] (method_N, threshold_N) come from aggregate_level_key. */
static const struct ini_key_spec index_keys[] = {
    TEXT_KEY("code"), TEXT_KEY("name_es"), TEXT_KEY("name_en"), SCALE_KEY("scale_min", "0"),
    SCALE_KEY("scale_max", "100"), TEXT_KEY("respondents"), TEXT_KEY("axes_es"),
    TEXT_KEY("axes_en"), TEXT_KEY("axis_names_en"), TEXT_KEY("source"), LIST_KEY("missing_codes"),
    TEXT_KEY("missing_evidence"), TEXT_KEY("description_es"), TEXT_KEY("description_en"),
    END_KEYS};
static const struct ini_key_spec variables_keys[] = {LIST_KEY("list"), END_KEYS};
static const struct ini_key_spec steps_keys[] = {LIST_KEY("order"), END_KEYS};
static const struct ini_key_spec screen_keys[] = {
    FRACTION_KEY("threshold"), LIST_KEY("force_include"), LIST_KEY("force_exclude"), END_KEYS};
static const struct ini_key_spec impute_keys[] = {TEXT_KEY("method"), END_KEYS};
static const struct ini_key_spec treat_keys[] = {
    {"winmax", INI_INT, 0, 1000, 0, INI_EXPECT("a count from 0 to 1000 such as 5")},
    {"skew", INI_REAL, 0, 1000, 0, INI_EXPECT("a number from 0 to 1000 such as 2")},
    {"kurtosis", INI_REAL, 0, 1000, 0, INI_EXPECT("a number from 0 to 1000 such as 3.5")},
    {"log_fallback", INI_BOOL, 0, 0, 0, NULL}, END_KEYS};
static const struct ini_key_spec normalise_keys[] = {
    SCALE_KEY("lower", "0"), TEXT_KEY("method"), SCALE_KEY("upper", "100"), END_KEYS};
static const struct ini_key_spec aggregate_keys[] = {
    TEXT_KEY("method"), FRACTION_KEY("threshold"),
    {"zero_shift", INI_REAL, 0, SCALE_LIMIT, 0, INI_EXPECT("a number from 0 to 1000000 such as 1")},
    TEXT_KEY("no_answers"), END_KEYS};
static const struct ini_key_spec maturity_keys[] = {
    LIST_KEY("levels_es"), LIST_KEY("levels_en"), LIST_KEY("thresholds"), TEXT_KEY("boundary"),
    END_KEYS};
static const struct ini_key_spec rank_keys[] = {TEXT_KEY("decimals"), END_KEYS};

/* "method_3" -> 3 when stem matches, else 0. */
static int level_key(const char *key, const char *stem)
{
    size_t n = strlen(stem);
    if (strncmp(key, stem, n) != 0 || key[n] != '_' || !key[n + 1])
        return 0;
    long v;
    if (parse_int_strict(key + n + 1, &v) != 0 || v < 1 || v > 999)
        return 0;
    return (int)v;
}

static const struct ini_key_spec *aggregate_level_key(const struct ini *ini, const char *section,
                                                      const char *key)
{
    static const struct ini_key_spec method_n = TEXT_KEY("method_N");
    static const struct ini_key_spec threshold_n = FRACTION_KEY("threshold_N");
    (void)ini;
    (void)section;
    return level_key(key, "method") ? &method_n : level_key(key, "threshold") ? &threshold_n : NULL;
}

static const struct ini_section_spec framework_schema[] = {
    {"index", index_keys, NULL, NULL, NULL},
    {"variables", variables_keys, NULL, NULL, NULL},
    {"steps", steps_keys, NULL, NULL, NULL},
    {"screen", screen_keys, NULL, NULL, NULL},
    {"impute", impute_keys, NULL, NULL, NULL},
    {"treat", treat_keys, NULL, NULL, NULL},
    {"normalise", normalise_keys, NULL, NULL, NULL},
    {"aggregate", aggregate_keys, aggregate_level_key, NULL, "method_N, threshold_N"},
    {"maturity", maturity_keys, NULL, NULL, NULL},
    {"rank", rank_keys, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* The line of sec:key, or of the section when the key is absent. */
static int key_line(const struct ini *ini, const char *sec, const char *key)
{
    int line = ini_line(ini, sec, key);
    return line ? line : ini_line(ini, sec, NULL);
}

static int ini_error(const struct ini *ini, const char *sec, const char *key, struct diag *d,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int ini_error(const struct ini *ini, const char *sec, const char *key, struct diag *d,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(msg_tr(fmt), ap);
    va_end(ap);
    diag_error(d, EX_DATAERR_, ini_path(ini), key_line(ini, sec, key), 0, "%s", msg);
    free(msg);
    return -1;
}

static const char *ini_value(const struct ini *ini, const char *sec, const char *key)
{
    const char *v = ini_get(ini, sec, key);
    return v && *v ? v : NULL;
}

/* 1 if sec:key is absent or a valid number (ini_validate has reported it
   otherwise). */
static int number_ok(const struct ini *ini, const char *sec, const char *key)
{
    return !ini_value(ini, sec, key) || !isnan(ini_real(ini, sec, key, NAN));
}

/* Returns 1 if the scale is usable (the maturity thresholds are checked
   against it). */
static int read_index(struct framework *fw, const struct ini *ini, struct diag *d)
{
    const char *code = ini_value(ini, "index", "code");
    if (!code)
        ini_error(ini, "index", "code", d, "[index] code is missing (expected e.g. code = IGD)");
    else if (!code_ok(code, "_", 0, 16) || strpbrk(code, "abcdefghijklmnopqrstuvwxyz"))
        ini_error(ini, "index", "code", d,
                  "[index] code = \"%s\" (expected 1 to 16 capital letters, digits or '_', "
                  "e.g. IGD)",
                  code);
    fw->code = xstrdup(code);
    static const char *lang_name[LANG_COUNT] = {"Spanish", "English"};
    static const char *name_key[LANG_COUNT] = {"name_es", "name_en"};
    static const char *axes_key[LANG_COUNT] = {"axes_es", "axes_en"};
    static const char *desc_key[LANG_COUNT] = {"description_es", "description_en"};
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *v = ini_value(ini, "index", name_key[l]);
        if (!v)
            ini_error(ini, "index", name_key[l], d,
                      "[index] %s is missing (expected the index's name in %s)", name_key[l],
                      msg_tr(lang_name[l]));
        fw->name[l] = xstrdup(v ? v : "");
        fw->axes_label[l] = xstrdup(ini_value(ini, "index", axes_key[l]));
        fw->description[l] = xstrdup(ini_value(ini, "index", desc_key[l]));
    }
    fw->source = xstrdup(ini_value(ini, "index", "source"));
    if (!fw->description[LANG_ES] != !fw->description[LANG_EN])
        ini_error(ini, "index", desc_key[fw->description[LANG_ES] ? LANG_ES : LANG_EN], d,
                  "[index] has %s but not %s (expected what the index measures in both "
                  "languages)",
                  desc_key[fw->description[LANG_ES] ? LANG_ES : LANG_EN],
                  desc_key[fw->description[LANG_ES] ? LANG_EN : LANG_ES]);
    fw->axis_names_en = xstrdup(ini_value(ini, "index", "axis_names_en"));
    if (!fw->axes_label[LANG_ES] != !fw->axes_label[LANG_EN])
        ini_error(ini, "index", fw->axes_label[LANG_ES] ? "axes_es" : "axes_en", d,
                  "[index] has %s but not %s (expected the second view named in both languages)",
                  fw->axes_label[LANG_ES] ? "axes_es" : "axes_en",
                  fw->axes_label[LANG_ES] ? "axes_en" : "axes_es");
    fw->scale_min = ini_real(ini, "index", "scale_min", 0);
    fw->scale_max = ini_real(ini, "index", "scale_max", 100);
    int scale_ok = number_ok(ini, "index", "scale_min") && number_ok(ini, "index", "scale_max");
    if (scale_ok && !(fw->scale_min < fw->scale_max)) {
        ini_error(ini, "index", "scale_max", d,
                  "[index] scale_min = %g is not below scale_max = %g (expected e.g. 0 and 100)",
                  fw->scale_min, fw->scale_max);
        scale_ok = 0;
    }
    const char *rule = ini_value(ini, "index", "respondents");
    fw->respondents = COMBINE_MEAN;
    if (rule) {
        int r = combine_rule_parse(rule);
        if (r < 0)
            ini_error(ini, "index", "respondents", d,
                      "[index] respondents = \"%s\" is not a rule (expected " EXPECT_COMBINE ")",
                      rule);
        else
            fw->respondents = (enum combine_rule)r;
    }
    fw->n_missing_codes = ini_split_list(ini_get(ini, "index", "missing_codes"), &fw->missing_codes);
    const char *me = ini_value(ini, "index", "missing_evidence");
    if (me) {
        int r = evidence_rule_parse(me);
        if (r < 0)
            ini_error(ini, "index", "missing_evidence", d,
                      "[index] missing_evidence = \"%s\" is not a rule (expected " EXPECT_EVIDENCE
                      ": what a positive answer without its evidence counts as)",
                      me);
        else
            fw->missing_evidence = (enum evidence_rule)r;
    }
    fw->n_variables = ini_split_list(ini_get(ini, "variables", "list"), &fw->variables);
    for (int i = 0; i < fw->n_variables; i++) {
        if (!code_ok(fw->variables[i], "_.-", 0, 32))
            ini_error(ini, "variables", "list", d,
                      "[variables] \"%s\" is not a valid code (expected 1 to 32 letters A-Z, "
                      "digits, '_', '.' or '-')",
                      fw->variables[i]);
        for (int j = 0; j < i; j++)
            if (strcmp(fw->variables[i], fw->variables[j]) == 0)
                ini_error(ini, "variables", "list", d,
                          "[variables] lists \"%s\" twice (expected each variable once)",
                          fw->variables[i]);
    }
    return scale_ok;
}

/* [steps] order, or the default: score, denominate, the optional steps
   whose section is present, normalise, aggregate. */
/* [steps] order: the steps in the order they run (default: score, denominate,
   the optional steps whose sections are present, normalise, aggregate). */
static void read_step_order(struct steps *st, const struct ini *ini, struct diag *d)
{
    int seen[STEP_MAX] = {0};
    st->n = 0;
    if (ini_line(ini, "steps", NULL)) {
        const char *order = ini_value(ini, "steps", "order");
        if (!order)
            ini_error(ini, "steps", "order", d,
                      "[steps] order is missing (expected the steps in the order they run: "
                      EXPECT_STEPS ")");
        char **items;
        int n = ini_split_list(order, &items);
        for (int i = 0; i < n; i++) {
            int s = step_parse(items[i]);
            if (s < 0)
                ini_error(ini, "steps", "order", d,
                          "[steps] order: unknown step \"%s\" (expected " EXPECT_STEPS ")",
                          items[i]);
            else if (seen[s])
                ini_error(ini, "steps", "order", d,
                          "[steps] order: step \"%s\" appears twice (expected each step at most "
                          "once)",
                          step_name((enum step_kind)s));
            else {
                seen[s] = 1;
                st->order[st->n++] = (enum step_kind)s;
            }
        }
        free_list(items, n);
        if (seen[STEP_SCORE] && st->order[0] != STEP_SCORE)
            ini_error(ini, "steps", "order", d,
                      "[steps] order: \"score\" is not the first step (expected score first: "
                      "every other step works on scored values)");
        if (seen[STEP_AGGREGATE] && st->order[st->n - 1] != STEP_AGGREGATE)
            ini_error(ini, "steps", "order", d,
                      "[steps] order: \"aggregate\" is not the last step (expected aggregate "
                      "last)");
        /* a section whose step does not run is probably a mistake */
        static const enum step_kind optional[] = {STEP_SCREEN, STEP_IMPUTE, STEP_TREAT,
                                                  STEP_NORMALISE, STEP_AGGREGATE};
        for (size_t i = 0; i < N_OF(optional); i++) {
            const char *sec = step_name(optional[i]);
            int line = ini_line(ini, sec, NULL);
            if (line && !seen[optional[i]])
                diag_warning(d, ini_path(ini), line, 0,
                             "[%s] is set but \"%s\" is not in [steps] order (the step will not "
                             "run)",
                             sec, sec);
        }
    } else {
        st->order[st->n++] = STEP_SCORE;
        st->order[st->n++] = STEP_DENOMINATE;
        if (ini_line(ini, "screen", NULL))
            st->order[st->n++] = STEP_SCREEN;
        if (ini_line(ini, "impute", NULL))
            st->order[st->n++] = STEP_IMPUTE;
        if (ini_line(ini, "treat", NULL))
            st->order[st->n++] = STEP_TREAT;
        st->order[st->n++] = STEP_NORMALISE;
        st->order[st->n++] = STEP_AGGREGATE;
    }
}

/* [screen], [impute], [treat] and [normalise]: each step's parameters. */
static void read_step_params(struct steps *st, const struct ini *ini, struct diag *d)
{
    st->screen_threshold = ini_real(ini, "screen", "threshold", 0);
    st->n_force_include = ini_split_list(ini_get(ini, "screen", "force_include"), &st->force_include);
    st->n_force_exclude = ini_split_list(ini_get(ini, "screen", "force_exclude"), &st->force_exclude);

    st->impute = IMPUTE_MEAN;
    const char *im = ini_value(ini, "impute", "method");
    if (im) {
        int m = impute_method_parse(im);
        if (m < 0)
            ini_error(ini, "impute", "method", d,
                      "[impute] method = \"%s\" is not an imputation method (expected "
                      EXPECT_IMPUTE ")", im);
        else
            st->impute = (enum impute_method)m;
    }

    st->winmax = (int)ini_int(ini, "treat", "winmax", 5);
    st->skew_max = ini_real(ini, "treat", "skew", 2);
    st->kurt_max = ini_real(ini, "treat", "kurtosis", 3.5);
    st->log_fallback = ini_bool(ini, "treat", "log_fallback", 1);

    st->norm = NORM_MINMAX;
    const char *nm = ini_value(ini, "normalise", "method");
    if (nm) {
        int m = norm_method_parse(nm);
        if (m < 0)
            ini_error(ini, "normalise", "method", d,
                      "[normalise] method = \"%s\" is not a normalisation method (expected "
                      EXPECT_NORM ")", nm);
        else
            st->norm = (enum norm_method)m;
    }
    st->norm_lower = ini_real(ini, "normalise", "lower", 0);
    st->norm_upper = ini_real(ini, "normalise", "upper", 100);
    if (!(st->norm_lower < st->norm_upper))
        ini_error(ini, "normalise", "upper", d,
                  "[normalise] lower = %g is not below upper = %g (expected e.g. 0 and 100)",
                  st->norm_lower, st->norm_upper);
}

/* [aggregate]: the method and threshold of every level (method_N,
   threshold_N override the defaults), the zero shift, no_answers. */
static void read_aggregate(struct steps *st, const struct ini *ini, struct diag *d)
{
    enum agg_method agg = AGG_ARITHMETIC;
    const char *am = ini_value(ini, "aggregate", "method");
    if (am) {
        int m = agg_method_parse(am);
        if (m < 0)
            ini_error(ini, "aggregate", "method", d,
                      "[aggregate] method = \"%s\" is not an aggregation method (expected "
                      EXPECT_AGG ")", am);
        else
            agg = (enum agg_method)m;
    }
    double thr = ini_real(ini, "aggregate", "threshold", 0);
    for (int l = 0; l < LEVEL_MAX; l++) {
        st->agg[l] = agg;
        st->agg_threshold[l] = thr;
    }
    const char **keys;
    int nk = ini_keys(ini, "aggregate", &keys);
    char **own = xcalloc((size_t)nk + 1, sizeof *own);  /* ini_keys' array is scratch */
    for (int k = 0; k < nk; k++)
        own[k] = xstrdup(keys[k]);
    for (int k = 0; k < nk; k++) {
        int lm = level_key(own[k], "method"), lt = level_key(own[k], "threshold");
        int level = lm ? lm : lt;
        if (!level)
            continue;
        if (level < 2 || level >= LEVEL_MAX) {
            ini_error(ini, "aggregate", own[k], d,
                      "[aggregate] %s: level %d has no aggregation (expected a level from 2, the "
                      "parents of indicators, to %d)",
                      own[k], level, LEVEL_MAX - 1);
            continue;
        }
        if (lm) {
            const char *v = ini_value(ini, "aggregate", own[k]);
            int m = agg_method_parse(v);
            if (m < 0)
                ini_error(ini, "aggregate", own[k], d,
                          "[aggregate] %s = \"%s\" is not an aggregation method (expected "
                          EXPECT_AGG ")", own[k], v ? v : "");
            else
                st->agg[level] = (enum agg_method)m;
        } else {
            st->agg_threshold[level] = ini_real(ini, "aggregate", own[k], thr);
        }
    }
    free_list(own, nk);
    st->geo_zero_shift = ini_real(ini, "aggregate", "zero_shift", 1);
    const char *na = ini_value(ini, "aggregate", "no_answers");
    if (na) {
        char *f = code_fold(na);
        if (strcmp(f, "exclude") == 0 || strcmp(f, "excluir") == 0)
            st->exclude_unanswered = 1;
        else if (strcmp(f, "include") == 0 || strcmp(f, "incluir") == 0)
            st->exclude_unanswered = 0;
        else
            ini_error(ini, "aggregate", "no_answers", d,
                      "[aggregate] no_answers = \"%s\" (expected exclude: an institution "
                      "without any answer is left out of the index, or include: it is "
                      "computed from imputed values)",
                      na);
        free(f);
    }
}

static void read_steps(struct framework *fw, const struct ini *ini, struct diag *d)
{
    struct steps *st = &fw->steps;
    read_step_order(st, ini, d);
    read_step_params(st, ini, d);
    read_aggregate(st, ini, d);
}

/* [rank] decimals: the precision at which values are compared, for ranks
   and maturity levels alike; default: the scale's (scale_decimals). */
static void read_rank(struct framework *fw, const struct ini *ini, struct diag *d)
{
    fw->rank_rounded = 1;
    fw->rank_decimals = scale_decimals(fw->scale_min, fw->scale_max);
    const char *v = ini_value(ini, "rank", "decimals");
    if (v && strcasecmp(v, "full") == 0) {
        fw->rank_rounded = 0;
    } else if (v) {
        long n;
        if (parse_int_strict(v, &n) != 0 || n < 0 || n > 15)
            ini_error(ini, "rank", "decimals", d,
                      "[rank] decimals = \"%s\" (expected a whole number of decimals from 0 to "
                      "15, the precision the index is published at, or full to rank the "
                      "unrounded values)",
                      v);
        else {
            fw->rank_decimals = (int)n;
            fw->rank_decimals_set = 1;
        }
    }
    fw->maturity.rounded = fw->rank_rounded;
    fw->maturity.decimals = fw->rank_decimals;
}

static void read_maturity(struct framework *fw, const struct ini *ini, int scale_ok,
                          struct diag *d)
{
    struct maturity *m = &fw->maturity;
    m->n = 0;
    if (!ini_line(ini, "maturity", NULL))
        return;
    char **names[LANG_COUNT];
    int n[LANG_COUNT];
    static const char *key[LANG_COUNT] = {"levels_es", "levels_en"};
    int ok = 1;
    for (int l = 0; l < LANG_COUNT; l++) {
        n[l] = ini_split_list(ini_get(ini, "maturity", key[l]), &names[l]);
        if (n[l] == 0) {
            ini_error(ini, "maturity", key[l], d,
                      "[maturity] %s is missing (expected the level names, lowest first, "
                      "separated by commas)",
                      key[l]);
            ok = 0;
        }
    }
    /* the number of levels: Spanish first, as everywhere */
    int levels = n[LANG_ES] ? n[LANG_ES] : n[LANG_EN];
    if (ok && n[LANG_ES] != n[LANG_EN]) {
        ini_error(ini, "maturity", "levels_en", d,
                  "[maturity] levels_es has %d names and levels_en %d (expected the same levels "
                  "in both languages)",
                  n[LANG_ES], n[LANG_EN]);
        ok = 0;
    }
    if (levels && (levels < 2 || levels > MATURITY_MAX)) {
        ini_error(ini, "maturity", n[LANG_ES] ? "levels_es" : "levels_en", d,
                  "[maturity] %d levels (expected 2 to %d)", levels, MATURITY_MAX);
        ok = 0;
        levels = 0;
    }
    char **thr;
    int nt = ini_split_list(ini_get(ini, "maturity", "thresholds"), &thr);
    if (levels && nt != levels - 1) {
        ini_error(ini, "maturity", "thresholds", d,
                  "[maturity] %d levels need %d thresholds, found %d (expected one threshold "
                  "between each pair of levels)",
                  levels, levels - 1, nt);
        ok = 0;
    }
    for (int i = 0; i < nt && i < MATURITY_MAX; i++) {
        double v;
        if (parse_double_strict(thr[i], &v) != 0) {
            ini_error(ini, "maturity", "thresholds", d,
                      "[maturity] threshold \"%s\" is not a number (expected numbers such as "
                      "20, 40, 60, 80)",
                      thr[i]);
            v = NAN;
        } else if (scale_ok && !(v > fw->scale_min && v < fw->scale_max)) {
            ini_error(ini, "maturity", "thresholds", d,
                      "[maturity] threshold %s is outside the scale (expected a value "
                      "strictly between scale_min = %g and scale_max = %g)",
                      thr[i], fw->scale_min, fw->scale_max);
        } else if (i > 0 && !isnan(m->threshold[i - 1]) && !(v > m->threshold[i - 1])) {
            ini_error(ini, "maturity", "thresholds", d,
                      "[maturity] threshold %s is not above the one before it, %g (expected "
                      "strictly increasing thresholds)",
                      thr[i], m->threshold[i - 1]);
        }
        m->threshold[i] = v;
    }
    const char *b = ini_value(ini, "maturity", "boundary");
    if (b) {
        char *f = code_fold(b);
        if (strcmp(f, "upper") == 0 || strcmp(f, "superior") == 0)
            m->boundary_lower = 0;
        else if (strcmp(f, "lower") == 0 || strcmp(f, "inferior") == 0)
            m->boundary_lower = 1;
        else
            ini_error(ini, "maturity", "boundary", d,
                      "[maturity] boundary = \"%s\" (expected upper: a value equal to a "
                      "threshold belongs to the level above it, or lower: to the level below, "
                      "as in \"Very High > 0.75\")",
                      b);
        free(f);
    }
    if (ok) {
        m->n = levels;
        for (int i = 0; i < m->n; i++)
            for (int l = 0; l < LANG_COUNT; l++) {
                m->name[i][l] = names[l][i];
                names[l][i] = NULL;
            }
    }
    for (int l = 0; l < LANG_COUNT; l++)
        free_list(names[l], n[l]);
    free_list(thr, nt);
}

static void read_ini(struct framework *fw, struct ini *ini, struct diag *d)
{
    ini_validate(ini, framework_schema, d);
    int scale_ok = read_index(fw, ini, d);
    read_steps(fw, ini, d);
    read_maturity(fw, ini, scale_ok, d);
    read_rank(fw, ini, d);
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */
/* ------------------------------------------------------------------------ */

/* Sensible values for everything framework.ini sets, so the CSV checks can
   run even when framework.ini could not be read. */
static void set_defaults(struct framework *fw)
{
    fw->scale_min = 0;
    fw->scale_max = 100;
    fw->respondents = COMBINE_MEAN;
    fw->steps.norm = NORM_MINMAX;
    fw->steps.norm_lower = 0;
    fw->steps.norm_upper = 100;
    fw->steps.impute = IMPUTE_MEAN;
    fw->steps.winmax = 5;
    fw->steps.skew_max = 2;
    fw->steps.kurt_max = 3.5;
    fw->steps.log_fallback = 1;
    fw->steps.geo_zero_shift = 1;
    fw->steps.exclude_unanswered = 1;
    fw->rank_rounded = 1;
    fw->rank_decimals = scale_decimals(0, 100);
    for (int l = 0; l < LEVEL_MAX; l++)
        fw->steps.agg[l] = AGG_ARITHMETIC;
}

void framework_publish_decimals(struct framework *fw, int decimals)
{
    if (decimals < 0 || decimals > 15)
        BUG("framework_publish_decimals(): %d decimals", decimals);
    if (fw->rank_decimals_set || !fw->rank_rounded)
        return;
    fw->rank_decimals = decimals;
    fw->maturity.decimals = decimals;
}

struct framework *framework_load(const char *dir, struct diag *d)
{
    struct framework *fw = xcalloc(1, sizeof *fw);
    long errors0 = d->n_errors;
    unsigned read_ok = 0;
    fw->dir = xstrdup(dir);
    fw->ini_path = path_join(dir, "framework.ini");
    set_defaults(fw);

    struct ini *ini = ini_load(fw->ini_path, d);
    if (ini) {
        read_ini(fw, ini, d);
        read_ok |= FW_READ_INI;
        ini_free(ini);
    }

    struct table t;
    if (table_open(&t, dir, "nodes.csv", node_cols, NC_COUNT, NODE_NAMES, 0, d) == 0) {
        while (table_next(&t, d) > 0)
            read_node(fw, &t, d);
    }
    if (t.complete)
        read_ok |= FW_READ_NODES;
    table_close(&t);

    /* type_bad[i]: question i's type was unreadable (read_question records
       it as texto), so its options are not judged against that type */
    int types_ok = 1;
    char *type_bad = NULL;
    if (table_open(&t, dir, "questions.csv", question_cols, QC_COUNT, QUESTION_NAMES, 0, d) == 0) {
        while (table_next(&t, d) > 0) {
            int before = fw->n_questions;
            int bad = read_question(fw, &t, d) != 0;
            type_bad = xrealloc(type_bad, (size_t)fw->n_questions + 1);
            if (fw->n_questions > before)
                type_bad[before] = (char)bad;
            types_ok &= !bad;
        }
    }
    if (t.complete)
        read_ok |= FW_READ_QUESTIONS;
    table_close(&t);
    if (types_ok)
        read_ok |= FW_READ_TYPES;
    /* options name their question: without questions.csv every row would
       be reported, so they wait until questions.csv can be read */
    if ((read_ok & FW_READ_QUESTIONS) &&
        table_open(&t, dir, "options.csv", option_cols, OC_COUNT, OPTION_NAMES, 1, d) == 0) {
        while (table_next(&t, d) > 0)
            read_option(fw, &t, type_bad ? type_bad : "", d);
    }
    if (t.complete && (read_ok & FW_READ_QUESTIONS))
        read_ok |= FW_READ_OPTIONS;
    table_close(&t);
    free(type_bad);

    framework_check(fw, read_ok, d);
    if (d->n_errors > errors0) {
        framework_free(fw);
        return NULL;
    }
    return fw;
}
