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
 * the same diag, so one run reports every problem.
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

#include "atomic_file.h"
#include "config.h"
#include "csv.h"
#include "ini.h"
#include "strbuf.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* Names of the enums                                                        */
/* ------------------------------------------------------------------------ */

/* The first entry of each value is its canonical name (the one written in
   files and messages); the others are accepted spellings.  Names are stored
   folded (code_fold), so input is compared ignoring case and accents. */
struct name {
    const char *name;
    int value;
};

static const struct name answer_types[] = {
    {"si_no", ANSWER_YESNO},           {"likert5", ANSWER_LIKERT5},
    {"porcentaje", ANSWER_PERCENT},    {"numero", ANSWER_NUMBER},
    {"seleccion_unica", ANSWER_SELECT_ONE}, {"seleccion_multiple", ANSWER_SELECT_MULTIPLE},
    {"texto", ANSWER_TEXT},            {"yesno", ANSWER_YESNO},
    {"yes_no", ANSWER_YESNO},          {"percent", ANSWER_PERCENT},
    {"number", ANSWER_NUMBER},         {"select_one", ANSWER_SELECT_ONE},
    {"select_multiple", ANSWER_SELECT_MULTIPLE}, {"text", ANSWER_TEXT},
};

static const struct name norm_methods[] = {
    {"none", NORM_NONE},         {"minmax", NORM_MINMAX},   {"zscore", NORM_ZSCORE},
    {"goalposts", NORM_GOALPOSTS}, {"dist_target", NORM_DIST_TARGET},
    {"dist_ref", NORM_DIST_REF}, {"dist_max", NORM_DIST_MAX}, {"prank", NORM_PRANK},
    {"rank", NORM_RANK},         {"ninguna", NORM_NONE},    {"min_max", NORM_MINMAX},
    {"z_score", NORM_ZSCORE},
};

static const struct name agg_methods[] = {
    {"arithmetic", AGG_ARITHMETIC}, {"geometric", AGG_GEOMETRIC},
    {"harmonic", AGG_HARMONIC},     {"median", AGG_MEDIAN},
    {"aritmetica", AGG_ARITHMETIC}, {"geometrica", AGG_GEOMETRIC},
    {"armonica", AGG_HARMONIC},     {"mediana", AGG_MEDIAN},
};

static const struct name impute_methods[] = {
    {"none", IMPUTE_NONE},           {"mean", IMPUTE_MEAN},
    {"median", IMPUTE_MEDIAN},       {"group_mean", IMPUTE_GROUP_MEAN},
    {"group_median", IMPUTE_GROUP_MEDIAN}, {"zero", IMPUTE_ZERO},
    {"ninguna", IMPUTE_NONE},        {"media", IMPUTE_MEAN},
    {"mediana", IMPUTE_MEDIAN},      {"media_grupo", IMPUTE_GROUP_MEAN},
    {"mediana_grupo", IMPUTE_GROUP_MEDIAN}, {"cero", IMPUTE_ZERO},
};

static const struct name combine_rules[] = {
    {"mean", COMBINE_MEAN},     {"median", COMBINE_MEDIAN}, {"max", COMBINE_MAX},
    {"official", COMBINE_OFFICIAL}, {"media", COMBINE_MEAN}, {"promedio", COMBINE_MEAN},
    {"mediana", COMBINE_MEDIAN}, {"maximo", COMBINE_MAX},    {"oficial", COMBINE_OFFICIAL},
};

static const struct name step_names[] = {
    {"score", STEP_SCORE},       {"denominate", STEP_DENOMINATE}, {"screen", STEP_SCREEN},
    {"impute", STEP_IMPUTE},     {"treat", STEP_TREAT},           {"normalise", STEP_NORMALISE},
    {"aggregate", STEP_AGGREGATE}, {"normalize", STEP_NORMALISE},
};

#define N_OF(a) (sizeof(a) / sizeof *(a))

static int name_parse(const struct name *t, size_t n, const char *s)
{
    if (!s)
        return -1;
    char *f = code_fold(s);
    int v = -1;
    for (size_t i = 0; i < n && v < 0; i++)
        if (strcmp(f, t[i].name) == 0)
            v = t[i].value;
    free(f);
    return v;
}

static const char *name_of(const struct name *t, size_t n, int v)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].value == v)
            return t[i].name;
    BUG("enum value %d has no name", v);
}

const char *answer_type_name(enum answer_type t) { return name_of(answer_types, N_OF(answer_types), (int)t); }
int answer_type_parse(const char *s) { return name_parse(answer_types, N_OF(answer_types), s); }
const char *norm_method_name(enum norm_method m) { return name_of(norm_methods, N_OF(norm_methods), (int)m); }
int norm_method_parse(const char *s) { return name_parse(norm_methods, N_OF(norm_methods), s); }
const char *agg_method_name(enum agg_method m) { return name_of(agg_methods, N_OF(agg_methods), (int)m); }
int agg_method_parse(const char *s) { return name_parse(agg_methods, N_OF(agg_methods), s); }
const char *impute_method_name(enum impute_method m) { return name_of(impute_methods, N_OF(impute_methods), (int)m); }
int impute_method_parse(const char *s) { return name_parse(impute_methods, N_OF(impute_methods), s); }
const char *combine_rule_name(enum combine_rule r) { return name_of(combine_rules, N_OF(combine_rules), (int)r); }
int combine_rule_parse(const char *s) { return name_parse(combine_rules, N_OF(combine_rules), s); }
const char *step_name(enum step_kind s) { return name_of(step_names, N_OF(step_names), (int)s); }
int step_parse(const char *s) { return name_parse(step_names, N_OF(step_names), s); }

/* What the messages list as "expected". */
#define EXPECT_TYPES "si_no, likert5, porcentaje, numero, seleccion_unica, seleccion_multiple or texto"
#define EXPECT_NORM "none, minmax, zscore, goalposts, dist_target, dist_ref, dist_max, prank or rank"
#define EXPECT_AGG "arithmetic, geometric, harmonic or median"
#define EXPECT_IMPUTE "none, mean, median, group_mean, group_median or zero"
#define EXPECT_COMBINE "mean, median, max or official"
#define EXPECT_STEPS "score, denominate, screen, impute, treat, normalise, aggregate"

/* ------------------------------------------------------------------------ */
/* Lookups and freeing                                                       */
/* ------------------------------------------------------------------------ */

const struct question *framework_question(const struct framework *fw, const char *code)
{
    if (!code)
        return NULL;
    for (int i = 0; i < fw->n_questions; i++)
        if (strcmp(fw->questions[i].code, code) == 0)
            return &fw->questions[i];
    return NULL;
}

int framework_node(const struct framework *fw, const char *code)
{
    if (!code)
        return -1;
    for (int i = 0; i < fw->n_nodes; i++)
        if (strcmp(fw->nodes[i].code, code) == 0)
            return i;
    return -1;
}

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

/* s[0..n) trimmed of spaces and ASCII-lowercased, as iniparser stores
   section and key names.  Caller frees. */
static char *code_fold_ascii(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    char *r = xstrndup(s, n);
    for (char *q = r; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q - 'A' + 'a');
    return r;
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

/* ------------------------------------------------------------------------ */
/* nodes.csv                                                                 */
/* ------------------------------------------------------------------------ */

enum {
    NC_CODE, NC_PARENT, NC_NAME_ES, NC_NAME_EN, NC_WEIGHT, NC_AGGREGATION, NC_QUESTION,
    NC_DENOMINATOR, NC_SCALE_FACTOR, NC_DIRECTION, NC_NORMALISATION, NC_LOWER, NC_UPPER,
    NC_TARGET, NC_EVIDENCE, NC_AXIS, NC_SOURCE, NC_REC_ES, NC_REC_EN, NC_COUNT
};

static const struct column node_cols[NC_COUNT] = {
    {"code", 1},         {"parent", 1},        {"name_es", 1},      {"name_en", 1},
    {"weight", 0},       {"aggregation", 0},   {"question", 0},     {"denominator", 0},
    {"scale_factor", 0}, {"direction", 0},     {"normalisation", 0}, {"lower", 0},
    {"upper", 0},        {"target", 0},        {"evidence", 0},     {"axis", 0},
    {"source", 0},       {"recommendation_es", 0}, {"recommendation_en", 0},
};
#define NODE_NAMES                                                                            \
    "code, parent, name_es, name_en, weight, aggregation, question, denominator, "            \
    "scale_factor, direction, normalisation, lower, upper, target, evidence, axis, source, "  \
    "recommendation_es, recommendation_en"

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
    n->lower = cell_number(t, NC_LOWER, NAN, "a number", d);
    n->upper = cell_number(t, NC_UPPER, NAN, "a number", d);
    if (!isnan(n->lower) && !isnan(n->upper) && !(n->lower < n->upper))
        table_error(t, NC_LOWER, d,
                    "lower %s is not below upper %s (expected lower < upper; for \"less is "
                    "better\" keep lower < upper and set direction = -1)",
                    t->val[NC_LOWER], t->val[NC_UPPER]);
    n->target = cell_number(t, NC_TARGET, NAN, "a number", d);
    const char *ev = cell(t, NC_EVIDENCE);
    if (ev) {
        int v = yes_no(ev);
        if (v < 0)
            table_error(t, NC_EVIDENCE, d, "evidence \"%s\" (expected si or no)", ev);
        n->evidence_required = v == 1;
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
    if (!code_ok(code, "_", 1, 32))
        table_error(t, QC_CODE, d,
                    "code \"%s\" is not a valid question code (expected 1 to 32 letters A-Z, "
                    "digits or '_', starting with a letter or '_')",
                    code);
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
}

/* ------------------------------------------------------------------------ */
/* framework.ini                                                             */
/* ------------------------------------------------------------------------ */

/* Sections and keys of framework.ini; per-level keys (method_N,
   threshold_N) are handled apart. */
static const struct {
    const char *section;
    const char *keys;        /* comma-separated, as listed in messages   */
} ini_schema[] = {
    {"index", "code, name_es, name_en, scale_min, scale_max, respondents, axes_es, axes_en, source"},
    {"variables", "list"},
    {"steps", "order"},
    {"screen", "threshold, force_include, force_exclude"},
    {"impute", "method"},
    {"treat", "winmax, skew, kurtosis, log_fallback"},
    {"normalise", "lower, method, upper"},
    {"aggregate", "method, method_N, threshold, threshold_N, zero_shift"},
    {"maturity", "levels_es, levels_en, thresholds"},
};
#define INI_SECTIONS "index, variables, steps, screen, impute, treat, normalise, aggregate or maturity"

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

/* 1 if key is one of the comma-separated names in list. */
static int in_list(const char *list, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, key, n) == 0)
            return 1;
        if (!e)
            break;
        p = e + 1;
        while (*p == ' ')
            p++;
    }
    return 0;
}

/* Every section and key must be known: a misspelt key would otherwise be
   ignored silently and its default used. */
static void ini_check_names(const struct ini *ini, struct diag *d)
{
    for (int s = 0; s < ini_nsections(ini); s++) {
        const char *sec = ini_section(ini, s);
        const char *keys = NULL;
        for (size_t i = 0; i < N_OF(ini_schema) && !keys; i++)
            if (strcmp(sec, ini_schema[i].section) == 0)
                keys = ini_schema[i].keys;
        if (!keys) {
            diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, NULL), 0,
                       "unknown section [%s] (expected " INI_SECTIONS ")", sec);
            continue;
        }
        const char **names;
        int n = ini_keys(ini, sec, &names);
        for (int k = 0; k < n; k++) {
            const char *key = names[k];
            if (in_list(keys, key))
                continue;
            if (strcmp(sec, "aggregate") == 0 &&
                (level_key(key, "method") || level_key(key, "threshold")))
                continue;
            diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, key), 0,
                       "unknown key \"%s\" in [%s] (expected %s)", key, sec, keys);
        }
    }
    /* keys before the first section */
    const char **names;
    int n = ini_keys(ini, "", &names);
    for (int k = 0; k < n; k++)
        diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, "", names[k]), 0,
                   "key \"%s\" is outside any section (expected it under a [section] header)",
                   names[k]);
}

/* iniparser keeps the last of two equal keys without a word, so a key
   copied and edited in one place but not the other would change the index
   silently.  Scan the text for "[section]" and "key =" lines (case folded as
   iniparser does; a line ending in a backslash continues on the next one). */
static void ini_check_duplicates(const char *path, struct diag *d)
{
    size_t n;
    char *text = read_file(path, &n);
    if (!text)
        return;   /* ini_load has read it a moment ago; nothing to add */
    struct seen {
        char *name;    /* "section:key", lowercase */
        int line;
    } *seen = NULL;
    size_t n_seen = 0, cap = 0;
    char *section = xstrdup("");
    int continued = 0;
    const char *p = text, *end = text + n;
    for (int line = 1; p < end; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *b = p, *e = eol;
        p = eol < end ? eol + 1 : end;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        int was_continued = continued;
        continued = e > b && e[-1] == '\\';
        if (was_continued || b == e || *b == ';' || *b == '#')
            continue;
        if (*b == '[') {
            const char *close = memchr(b, ']', (size_t)(e - b));
            if (close) {
                free(section);
                section = code_fold_ascii(b + 1, (size_t)(close - b - 1));
            }
            continue;
        }
        const char *eq = memchr(b, '=', (size_t)(e - b));
        if (!eq)
            continue;
        char *key = code_fold_ascii(b, (size_t)(eq - b));
        char *name = xasprintf("%s:%s", section, key);
        free(key);
        size_t i = 0;
        while (i < n_seen && strcmp(seen[i].name, name) != 0)
            i++;
        if (i < n_seen) {
            diag_error(d, EX_DATAERR_, path, line, 0,
                       "[%s] %s is set twice, here and at line %d (expected each key once: "
                       "only the last one would count)",
                       section, name + strlen(section) + 1, seen[i].line);
            free(name);
            continue;
        }
        seen = xgrow(seen, &cap, n_seen + 1, sizeof *seen);
        seen[n_seen++] = (struct seen){name, line};
    }
    for (size_t i = 0; i < n_seen; i++)
        free(seen[i].name);
    free(seen);
    free(section);
    free(text);
}

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

/* A number in [lo, hi] (either bound may be NAN = open); def if absent. */
static double ini_number(const struct ini *ini, const char *sec, const char *key, double def,
                         double lo, double hi, const char *expect, struct diag *d)
{
    const char *s = ini_value(ini, sec, key);
    double v;
    if (!s)
        return def;
    if (parse_double_strict(s, &v) != 0) {
        ini_error(ini, sec, key, d, "[%s] %s = \"%s\" is not a number (expected %s)", sec, key, s,
                  msg_tr(expect));
        return def;
    }
    if ((!isnan(lo) && v < lo) || (!isnan(hi) && v > hi)) {
        ini_error(ini, sec, key, d, "[%s] %s = %s is out of range (expected %s)", sec, key, s,
                  msg_tr(expect));
        return def;
    }
    return v;
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
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *v = ini_value(ini, "index", name_key[l]);
        if (!v)
            ini_error(ini, "index", name_key[l], d,
                      "[index] %s is missing (expected the index's name in %s)", name_key[l],
                      msg_tr(lang_name[l]));
        fw->name[l] = xstrdup(v ? v : "");
        fw->axes_label[l] = xstrdup(ini_value(ini, "index", axes_key[l]));
    }
    if (!fw->axes_label[LANG_ES] != !fw->axes_label[LANG_EN])
        ini_error(ini, "index", fw->axes_label[LANG_ES] ? "axes_es" : "axes_en", d,
                  "[index] has %s but not %s (expected the second view named in both languages)",
                  fw->axes_label[LANG_ES] ? "axes_es" : "axes_en",
                  fw->axes_label[LANG_ES] ? "axes_en" : "axes_es");
    long errors0 = d->n_errors;
    fw->scale_min = ini_number(ini, "index", "scale_min", 0, NAN, NAN, "a number such as 0", d);
    fw->scale_max = ini_number(ini, "index", "scale_max", 100, NAN, NAN, "a number such as 100", d);
    int scale_ok = d->n_errors == errors0;
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
static void read_steps(struct framework *fw, const struct ini *ini, struct diag *d)
{
    struct steps *st = &fw->steps;
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

    st->screen_threshold =
        ini_number(ini, "screen", "threshold", 0, 0, 1, "a fraction between 0 and 1", d);
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

    double winmax = ini_number(ini, "treat", "winmax", 5, 0, 1000, "a whole number >= 0", d);
    if (winmax != floor(winmax)) {
        ini_error(ini, "treat", "winmax", d,
                  "[treat] winmax = %g is not a whole number (expected a count such as 5)", winmax);
        winmax = 5;
    }
    st->winmax = (int)winmax;
    st->skew_max = ini_number(ini, "treat", "skew", 2, 0, NAN, "a positive number such as 2", d);
    st->kurt_max = ini_number(ini, "treat", "kurtosis", 3.5, 0, NAN, "a positive number such as 3.5", d);
    if (ini_get_bool(ini, "treat", "log_fallback", 1, &st->log_fallback, d) != 0)
        st->log_fallback = 1;

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
    st->norm_lower = ini_number(ini, "normalise", "lower", 0, NAN, NAN, "a number such as 0", d);
    st->norm_upper = ini_number(ini, "normalise", "upper", 100, NAN, NAN, "a number such as 100", d);
    if (!(st->norm_lower < st->norm_upper))
        ini_error(ini, "normalise", "upper", d,
                  "[normalise] lower = %g is not below upper = %g (expected e.g. 0 and 100)",
                  st->norm_lower, st->norm_upper);

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
    double thr = ini_number(ini, "aggregate", "threshold", 0, 0, 1, "a fraction between 0 and 1", d);
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
            st->agg_threshold[level] = ini_number(ini, "aggregate", own[k], thr, 0, 1,
                                                  "a fraction between 0 and 1", d);
        }
    }
    free_list(own, nk);
    st->geo_zero_shift =
        ini_number(ini, "aggregate", "zero_shift", 1, 0, NAN, "a number >= 0 such as 1", d);
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

static void read_ini(struct framework *fw, const struct ini *ini, struct diag *d)
{
    ini_check_duplicates(ini_path(ini), d);
    ini_check_names(ini, d);
    int scale_ok = read_index(fw, ini, d);
    read_steps(fw, ini, d);
    read_maturity(fw, ini, scale_ok, d);
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
    for (int l = 0; l < LEVEL_MAX; l++)
        fw->steps.agg[l] = AGG_ARITHMETIC;
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
