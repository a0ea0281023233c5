/*
 * ingest.c — survey exports and admin tables -> validated answers (see
 * ingest.h).
 *
 * ingest_shapes.c has already said what each column holds; here the rows are
 * read.  Every problem of a file is recorded (so the analyst fixes them all in
 * one go) and the file's answers are kept apart until the end: a file with
 * any error contributes nothing, so a half-valid export never reaches the
 * database.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"
#include "registry.h"
#include "strbuf.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* Answer sets                                                               */
/* ------------------------------------------------------------------------ */

void answer_set_init(struct answer_set *s)
{
    memset(s, 0, sizeof *s);
}

static void answer_free_strings(struct answer *a)
{
    free(a->framework);
    free(a->institution);
    free(a->question);
    free(a->respondent);
    free(a->value);
    free(a->evidence);
    free(a->file);
}

void answer_set_release(struct answer_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        answer_free_strings(&s->items[i]);
    free(s->items);
    answer_set_init(s);
}

void answer_set_push(struct answer_set *s, const struct answer *a)
{
    s->items = xgrow(s->items, &s->cap, s->n + 1, sizeof *s->items);
    struct answer *b = &s->items[s->n++];
    *b = *a;
    b->framework = xstrdup(a->framework);
    b->institution = xstrdup(a->institution);
    b->question = xstrdup(a->question);
    b->respondent = xstrdup(a->respondent);
    b->value = xstrdup(a->value);
    b->evidence = xstrdup(a->evidence);
    b->file = xstrdup(a->file);
}

/* ------------------------------------------------------------------------ */
/* answer_parse                                                              */
/* ------------------------------------------------------------------------ */

static const char *const yes_words[] = {"si", "s", "yes", "y", "1", "true", "verdadero", NULL};
static const char *const no_words[] = {"no", "n", "0", "false", "falso", NULL};

/* 1 / 0 for a yes/no word (case and accents ignored: "Sí", "SI"), else -1. */
static int yes_no(const char *v)
{
    char *f = utf8_fold(v);
    int r = -1;
    for (int i = 0; yes_words[i] && r < 0; i++)
        if (strcmp(f, yes_words[i]) == 0)
            r = 1;
    for (int i = 0; no_words[i] && r < 0; i++)
        if (strcmp(f, no_words[i]) == 0)
            r = 0;
    free(f);
    return r;
}

/* "one of: a, b, c" (as much as fits) into why. */
static void options_why(const struct question *q, const char *lead, char *why, size_t n)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, lead);
    for (int i = 0; i < q->n_options; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", q->options[i].code);
    snprintf(why, n, "%s", sb.buf);
    strbuf_release(&sb);
}

/* Split s at sep into trimmed parts (empty ones dropped).  Caller frees. */
static int split(const char *s, char sep, char ***out)
{
    char **parts = NULL;
    int n = 0;
    const char *p = s;
    for (;;) {
        const char *e = strchr(p, sep);
        char *raw = e ? xstrndup(p, (size_t)(e - p)) : xstrdup(p);
        char *t = ingest_trim(raw);
        free(raw);
        if (*t) {
            parts = xrealloc(parts, (size_t)(n + 1) * sizeof *parts);
            parts[n++] = t;
        } else {
            free(t);
        }
        if (!e)
            break;
        p = e + 1;
    }
    *out = parts;
    return n;
}

static void free_parts(char **parts, int n)
{
    for (int i = 0; i < n; i++)
        free(parts[i]);
    free(parts);
}

/*
 * Mark in sel the options named by v: one option (code or label), or a list
 * separated by ';' (Google Forms), by ',' (Google Forms; a label that itself
 * holds ", " is rejoined greedily) or by spaces (Kobo, codes).  0 or -1.
 */
static int multi_select(const struct question *q, const char *v, unsigned char *sel)
{
    int o = ingest_find_option(q, v);
    if (o >= 0) {
        sel[o] = 1;
        return 0;
    }
    char **parts;
    int n, rc = 0;
    if (strchr(v, ';')) {
        n = split(v, ';', &parts);
    } else if (strchr(v, ',')) {
        n = split(v, ',', &parts);
        for (int i = 0; i < n && rc == 0;) {
            int took = 0;
            for (int j = n - 1; j >= i && !took; j--) {
                struct strbuf sb;
                strbuf_init(&sb);
                for (int k = i; k <= j; k++)
                    strbuf_addf(&sb, "%s%s", k > i ? ", " : "", parts[k]);
                if ((o = ingest_find_option(q, sb.buf)) >= 0) {
                    sel[o] = 1;
                    took = j - i + 1;
                }
                strbuf_release(&sb);
            }
            if (!took)
                rc = -1;
            i += took;
        }
        free_parts(parts, n);
        return rc;
    } else {
        /* space-separated codes: turn tabs into spaces first */
        char *w = xstrdup(v);
        for (char *p = w; *p; p++)
            if (*p == '\t')
                *p = ' ';
        n = split(w, ' ', &parts);
        free(w);
    }
    for (int i = 0; i < n && rc == 0; i++) {
        if ((o = ingest_find_option(q, parts[i])) >= 0)
            sel[o] = 1;
        else
            rc = -1;
    }
    free_parts(parts, n);
    return rc;
}

int answer_parse(const struct question *q, const char *value, int decimal_comma,
                 double *number, char *why, size_t why_len)
{
    char *v = ingest_trim(value);
    int rc = -1, o;
    double x;
    const char *dc = decimal_comma ? ", with a decimal comma" : "";
    if (!*v) {
        snprintf(why, why_len, "an answer");
        free(v);
        return -1;
    }
    switch (q->type) {
    case ANSWER_TEXT:
        *number = NAN; /* evidence and comments are never scored */
        rc = 0;
        break;
    case ANSWER_YESNO:
        if (q->n_options && (o = ingest_find_option(q, v)) >= 0) {
            *number = q->options[o].points;
            rc = 0;
        } else if ((o = yes_no(v)) >= 0) {
            *number = o;
            rc = 0;
        } else {
            snprintf(why, why_len, "sí or no (also yes/no, 1/0, true/false, verdadero/falso)");
        }
        break;
    case ANSWER_LIKERT5:
        if (q->n_options) {
            if ((o = ingest_find_option(q, v)) >= 0) {
                *number = q->options[o].points;
                rc = 0;
            } else {
                options_why(q, "a level from 1 to 5 or its label: ", why, why_len);
            }
        } else if (csv_parse_number(v, decimal_comma, &x) == 0 && x == floor(x) && x >= 1 &&
                   x <= 5) {
            *number = x;
            rc = 0;
        } else {
            snprintf(why, why_len, "a whole number from 1 to 5");
        }
        break;
    case ANSWER_PERCENT: {
        size_t n = strlen(v);
        if (n > 0 && v[n - 1] == '%') {
            v[--n] = '\0';
            while (n > 0 && v[n - 1] == ' ')
                v[--n] = '\0';
        }
        if (csv_parse_number(v, decimal_comma, &x) == 0 && x >= 0 && x <= 100) {
            *number = x;
            rc = 0;
        } else {
            snprintf(why, why_len, "a percentage from 0 to 100%s", dc);
        }
        break;
    }
    case ANSWER_NUMBER:
        if (csv_parse_number(v, decimal_comma, &x) == 0 && x >= 0) {
            *number = x;
            rc = 0;
        } else {
            snprintf(why, why_len, "a number >= 0%s", dc);
        }
        break;
    case ANSWER_SELECT_ONE:
        if ((o = ingest_find_option(q, v)) >= 0) {
            *number = q->options[o].points;
            rc = 0;
        } else {
            options_why(q, "one of: ", why, why_len);
        }
        break;
    case ANSWER_SELECT_MULTIPLE: {
        unsigned char *sel = xcalloc((size_t)q->n_options + 1, 1);
        if (multi_select(q, v, sel) == 0) {
            x = 0;
            for (int i = 0; i < q->n_options; i++)
                if (sel[i])
                    x += q->options[i].points; /* an option named twice counts once */
            *number = x;
            rc = 0;
        } else {
            options_why(q, "option codes separated by spaces, from: ", why, why_len);
        }
        free(sel);
        break;
    }
    }
    free(v);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* A string set remembering the line each key was first seen on              */
/* ------------------------------------------------------------------------ */

struct seen {
    char **key;     /* open addressing, NULL = empty slot */
    long *line;
    size_t cap, n;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static size_t seen_slot(const struct seen *s, const char *key)
{
    size_t i = (size_t)(hash(key) & (s->cap - 1));
    while (s->key[i] && strcmp(s->key[i], key) != 0)
        i = (i + 1) & (s->cap - 1);
    return i;
}

/* Remember key at line.  Returns 0 if it is new, else the line it was first
   seen on (lines start at 1, so 0 is never a line). */
static long seen_put(struct seen *s, const char *key, long line)
{
    if (2 * (s->n + 1) > s->cap) {
        struct seen g = {NULL, NULL, s->cap ? 2 * s->cap : 64, 0};
        g.key = xcalloc(g.cap, sizeof *g.key);
        g.line = xcalloc(g.cap, sizeof *g.line);
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->key[i])
                continue;
            size_t j = seen_slot(&g, s->key[i]);
            g.key[j] = s->key[i];
            g.line[j] = s->line[i];
            g.n++;
        }
        free(s->key);
        free(s->line);
        *s = g;
    }
    size_t i = seen_slot(s, key);
    if (s->key[i])
        return s->line[i];
    s->key[i] = xstrdup(key);
    s->line[i] = line;
    s->n++;
    return 0;
}

static void seen_release(struct seen *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->key[i]);
    free(s->key);
    free(s->line);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------------------ */
/* Reading one file                                                          */
/* ------------------------------------------------------------------------ */

/* Long tables: the questions one (institution, respondent) answered, for the
   required-question check at the end of the file. */
struct group {
    long line;              /* first row of the group                        */
    char *institution, *respondent;
    unsigned char *answered; /* per question                                  */
};

struct run {
    const struct survey_source *src;
    const struct framework *fw;
    const struct registry *reg;
    const struct ingest_map *map;
    const char *file;           /* src->display: messages and answer.file    */
    struct diag *d;
    struct ingest_column *cols;
    int n_cols;
    int *ans_col, *ev_col;      /* per question: its answer/evidence column or -1 */
    struct answer_set out;      /* this file's answers; kept only if clean   */
    struct seen dup;            /* respondents / rows already seen           */
    long records;               /* data records read (Google Forms respondent) */
    struct seen group_of;       /* long: "institution\x1frespondent" -> group */
    struct group *groups;
    size_t n_groups, cap_groups;
    unsigned char *ev_missing;  /* long: missing evidence column reported, per question */
    int *ev_node;               /* per question: indicator needing evidence, or -1 */
    struct seen qcode;          /* question code -> index + 1 (rows name codes) */
};

/* Index of question code in x's framework, or -1: hashed, because the long
   shape looks one up on every row. */
static int run_question(struct run *x, const char *code)
{
    if (!x->qcode.cap)
        for (int q = 0; q < x->fw->n_questions; q++)
            seen_put(&x->qcode, x->fw->questions[q].code, q + 1);
    size_t i = seen_slot(&x->qcode, code);
    return x->qcode.key[i] ? (int)x->qcode.line[i] - 1 : -1;
}

/* The indicator that needs evidence for question q, or -1 (cached). */
static int run_evidence_node(struct run *x, int q)
{
    if (!x->ev_node) {
        x->ev_node = xmalloc(((size_t)x->fw->n_questions + 1) * sizeof *x->ev_node);
        for (int k = 0; k < x->fw->n_questions; k++)
            x->ev_node[k] = ingest_evidence_node(x->fw, k);
    }
    return x->ev_node[q];
}

static const char *column_name(const struct run *x, int i)
{
    return x->cols[i].header;
}

static int is_missing_word(const char *v)
{
    return !*v || strcasecmp(v, "NA") == 0 || strcasecmp(v, "N/A") == 0;
}

static const char *inst_code_at(const void *reg, int i)
{
    return ((const struct registry *)reg)->items[i].code;
}

/* The registry index named by cell i (code, or exact name es/en), or -1 with
   the problem recorded. */
static int find_institution(struct run *x, const struct csv_row *row, int i)
{
    char *v = ingest_trim(row->field[i]);
    int k = registry_find(x->reg, v);
    for (int j = 0; j < x->reg->n && k < 0 && *v; j++)
        for (int l = 0; l < LANG_COUNT; l++)
            if (x->reg->items[j].name[l] && strcmp(x->reg->items[j].name[l], v) == 0)
                k = j;
    if (k < 0 && !*v) {
        diag_error(x->d, EX_DATAERR_, x->file, row->fline[i], row->col[i],
                   "no institution (column \"%s\" is empty)", column_name(x, i));
    } else if (k < 0) {
        const char *sim = ingest_similar(v, inst_code_at, x->reg, x->reg->n);
        for (int j = 0; j < x->reg->n && !sim; j++)
            for (int l = 0; l < LANG_COUNT && !sim; l++)
                if (x->reg->items[j].name[l]) {
                    char *a = utf8_fold(v), *b = utf8_fold(x->reg->items[j].name[l]);
                    if (strcmp(a, b) == 0)
                        sim = x->reg->items[j].code;
                    free(a);
                    free(b);
                }
        if (sim)
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[i], row->col[i],
                       "unknown institution \"%s\" (did you mean %s?)", v, sim);
        else
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[i], row->col[i],
                       "unknown institution \"%s\" (not in %s)", v,
                       x->reg->path ? x->reg->path : "the registry");
    }
    free(v);
    return k;
}

/* The official flag of cell i: 1, 0, or -1 (recorded). */
static int parse_flag(struct run *x, const struct csv_row *row, int i)
{
    char *v = ingest_trim(row->field[i]);
    int f = *v ? yes_no(v) : 0;
    if (f < 0 && strcasecmp(v, "x") == 0)
        f = 1;
    if (f < 0)
        diag_error(x->d, EX_DATAERR_, x->file, row->fline[i], row->col[i],
                   "column \"%s\": \"%s\" is not a yes/no mark (expected 1/0, sí/no or empty)",
                   column_name(x, i), v);
    free(v);
    return f;
}

static void emit(struct run *x, int inst, const char *question, const char *respondent,
                 const char *value, double number, const char *evidence, int official, long line)
{
    struct answer a = {
        .year = x->src->year,
        .framework = x->fw->code,
        .institution = inst >= 0 ? x->reg->items[inst].code : NULL,
        .question = (char *)question,
        .respondent = (char *)respondent,
        .value = (char *)value,
        .number = number,
        .evidence = evidence && *evidence ? (char *)evidence : NULL,
        .is_official = official > 0,
        .file = (char *)x->file,
        .line = line,
    };
    if (inst >= 0)
        answer_set_push(&x->out, &a);
}

/* A parse failure of question q's value at cell (line, col). */
static void bad_answer(struct run *x, int q, const char *v, const char *why, long line, long col)
{
    diag_error(x->d, EX_DATAERR_, x->file, line, col,
               "%s: \"%s\" is not a valid answer (expected %s)", x->fw->questions[q].code, v, why);
}

/* Does question q's answer (score number) lack evidence it needs?  Records
   the problem at (line, col) and returns 1 if so. */
static int lacks_evidence(struct run *x, int q, const char *v, double number, const char *ev,
                          const char *ev_column, long line, long col)
{
    int node = run_evidence_node(x, q);
    if (node < 0 || (ev && *ev) || number == 0 || isnan(number))
        return 0;
    if (ev_column)
        diag_error(x->d, EX_DATAERR_, x->file, line, col,
                   "%s = \"%s\" needs evidence (indicator %s has evidence = si) but column \"%s\" "
                   "is empty",
                   x->fw->questions[q].code, v, x->fw->nodes[node].code, ev_column);
    else
        diag_error(x->d, EX_DATAERR_, x->file, line, col,
                   "%s = \"%s\" needs evidence (indicator %s has evidence = si) but the row has "
                   "none",
                   x->fw->questions[q].code, v, x->fw->nodes[node].code);
    return 1;
}

/* A value in a column without a header would be silently lost. */
static void check_unnamed(struct run *x, const struct csv_row *row)
{
    for (int i = 0; i < row->n; i++) {
        if (x->cols[i].role != COL_UNNAMED)
            continue;
        char *v = ingest_trim(row->field[i]);
        if (*v)
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[i], row->col[i],
                       "value \"%s\" in column %d, which has no header", v, i + 1);
        free(v);
    }
}

static int column_with(const struct run *x, enum column_role role)
{
    for (int i = 0; i < x->n_cols; i++)
        if (x->cols[i].role == role)
            return i;
    return -1;
}

/*
 * The value of select_multiple q from its 0/1 option columns: a malloc'd
 * space-separated list of the chosen codes ("" when answered with none), or
 * NULL when every option cell is empty (not answered).  *first gets the
 * first option column.
 */
static char *option_value(struct run *x, const struct csv_row *row, int q, int *first, int *bad)
{
    struct strbuf sb;
    strbuf_init(&sb);
    int answered = 0;
    *first = -1;
    for (int i = 0; i < x->n_cols; i++) {
        if (x->cols[i].role != COL_OPTION || x->cols[i].q != q)
            continue;
        if (*first < 0)
            *first = i;
        char *v = ingest_trim(row->field[i]);
        int f = *v ? yes_no(v) : 0;
        if (*v)
            answered = 1;
        if (f < 0) {
            *bad = diag_error(x->d, EX_DATAERR_, x->file, row->fline[i], row->col[i],
                              "column \"%s\": \"%s\" is not an option mark (expected 1/0 or "
                              "Y/empty)",
                              column_name(x, i), v);
        } else if (f == 1) {
            strbuf_addf(&sb, "%s%s", sb.len ? " " : "",
                        x->fw->questions[q].options[x->cols[i].opt].code);
        }
        free(v);
    }
    if (!answered) {
        strbuf_release(&sb);
        return NULL;
    }
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach re-initialised it */
    return out;
}

/* kobo, limesurvey, gforms: one row is one respondent of one institution. */
static void respondent_row(struct run *x, const struct csv_row *row)
{
    int c = column_with(x, COL_SUBMITTED);
    if (c >= 0) {
        char *v = ingest_trim(row->field[c]);
        int empty = !*v;
        free(v);
        if (empty) {
            diag_warning(x->d, x->file, row->line, 0,
                         "incomplete response (empty %s): skipped", column_name(x, c));
            return;
        }
    }
    x->records++;
    c = column_with(x, COL_INSTITUTION);
    int inst = c >= 0 ? find_institution(x, row, c) : -1;
    char *resp;
    c = column_with(x, COL_RESPONDENT);
    if (c >= 0) {
        resp = ingest_trim(row->field[c]);
        long first;
        if (!*resp)
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[c], row->col[c],
                       "empty %s (every submission needs its id)", column_name(x, c));
        else if ((first = seen_put(&x->dup, resp, row->line)) != 0)
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[c], row->col[c],
                       "duplicate %s \"%s\" (first at line %ld)", column_name(x, c), resp, first);
    } else {
        resp = xasprintf("%ld", x->records); /* Google Forms: the n-th response */
    }
    c = column_with(x, COL_OFFICIAL);
    int official = c >= 0 ? parse_flag(x, row, c) : 0;
    for (int q = 0; q < x->fw->n_questions; q++) {
        const struct question *qq = &x->fw->questions[q];
        int ac = x->ans_col[q], first = -1, bad = 0;
        char *v;
        if (ac >= 0) {
            v = ingest_trim(row->field[ac]);
            first = ac;
        } else {
            v = option_value(x, row, q, &first, &bad);
            if (first < 0 || bad) {
                free(v);
                continue; /* no column for q in this file, or a bad mark (recorded) */
            }
        }
        long line = row->fline[first], col = row->col[first];
        if (!v || (!*v && ac >= 0)) {
            if (qq->required)
                diag_error(x->d, EX_DATAERR_, x->file, line, col,
                           "missing answer to required question %s (column \"%s\" is empty)",
                           qq->code, column_name(x, first));
            free(v);
            continue;
        }
        double number = 0; /* option columns all 0: answered, nothing chosen */
        char why[256];
        if (*v && answer_parse(qq, v, x->src->decimal_comma, &number, why, sizeof why) != 0) {
            bad_answer(x, q, v, why, line, col);
            free(v);
            continue;
        }
        int ec = x->ev_col[q];
        char *ev = ec >= 0 ? ingest_trim(row->field[ec]) : NULL;
        if (!lacks_evidence(x, q, v, number, ev, ec >= 0 ? column_name(x, ec) : NULL,
                            ec >= 0 ? row->fline[ec] : line, ec >= 0 ? row->col[ec] : col))
            emit(x, inst, qq->code, resp, v, number, ev, official, row->line);
        free(v);
        free(ev);
    }
    free(resp);
}

/* wide: one row per institution, one column per code. */
static void wide_row(struct run *x, const struct csv_row *row)
{
    int c = column_with(x, COL_INSTITUTION);
    int inst = c >= 0 ? find_institution(x, row, c) : -1;
    long first;
    if (inst >= 0 && (first = seen_put(&x->dup, x->reg->items[inst].code, row->line)) != 0)
        diag_error(x->d, EX_DATAERR_, x->file, row->fline[c], row->col[c],
                   "institution %s appears twice (first at line %ld)",
                   x->reg->items[inst].code, first);
    for (int i = 0; i < row->n; i++) {
        const struct ingest_column *col = &x->cols[i];
        if (col->role != COL_DATA)
            continue;
        char *v = ingest_trim(row->field[i]);
        double number;
        char why[256];
        if (is_missing_word(v)) {
            /* missing: COINr's NA */
        } else if (col->q >= 0) {
            if (answer_parse(&x->fw->questions[col->q], v, x->src->decimal_comma, &number, why,
                             sizeof why) != 0)
                bad_answer(x, col->q, v, why, row->fline[i], row->col[i]);
            else
                emit(x, inst, x->fw->questions[col->q].code, "", v, number, NULL, 0, row->line);
        } else if (csv_parse_number(v, x->src->decimal_comma, &number) != 0) {
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[i], row->col[i],
                       "column \"%s\": \"%s\" is not a number (expected a number%s; empty or NA "
                       "= missing)",
                       col->header, v, x->src->decimal_comma ? " with a decimal comma" : "");
        } else {
            emit(x, inst, col->code, "", v, number, NULL, 0, row->line);
        }
        free(v);
    }
}

/* The code in cell c of a long/admin row, through the mapping.  Returns a
   malloc'd code, or NULL when the mapping ignores it. */
static char *row_code(struct run *x, const struct csv_row *row, int c)
{
    char *code = ingest_trim(row->field[c]);
    const char *t = ingest_map_find(x->map, code);
    if (t) {
        free(code);
        return *t ? xstrdup(t) : NULL;
    }
    return code;
}

/* long: institution, question, value[, respondent][, evidence]. */
static void long_row(struct run *x, const struct csv_row *row)
{
    int ci = column_with(x, COL_INSTITUTION), cq = column_with(x, COL_CODE);
    int cv = column_with(x, COL_VALUE), cr = column_with(x, COL_RESPONDENT);
    int ce = column_with(x, COL_EVIDENCE), co = column_with(x, COL_OFFICIAL);
    if (cq < 0 || cv < 0)
        return; /* reported with the header */
    int inst = ci >= 0 ? find_institution(x, row, ci) : -1;
    char *code = row_code(x, row, cq);
    if (!code)
        return;
    int q = run_question(x, code);
    if (!*code) {
        diag_error(x->d, EX_DATAERR_, x->file, row->fline[cq], row->col[cq],
                   "no question code (column \"%s\" is empty)", column_name(x, cq));
    } else if (q < 0) {
        int k = ingest_find_indicator(x->fw, code);
        const char *sim = ingest_similar(code, ingest_question_code_at, x->fw,
                                         x->fw->n_questions);
        if ((k >= 0 && !(x->fw->nodes[k].question && *x->fw->nodes[k].question)) ||
            ingest_find_variable(x->fw, code) >= 0)
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[cq], row->col[cq],
                       "%s is %s, not a question (its values go in an admin file)", code,
                       k >= 0 ? "an indicator without question" : "a variable");
        else if (sim)
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[cq], row->col[cq],
                       "unknown question \"%s\" (did you mean %s?)", code, sim);
        else
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[cq], row->col[cq],
                       "unknown question \"%s\" (not in the %s questionnaire)", code,
                       x->fw->code ? x->fw->code : "framework's");
    }
    char *resp = cr >= 0 ? ingest_trim(row->field[cr]) : xstrdup("");
    char *v = ingest_trim(row->field[cv]);
    char *ev = ce >= 0 ? ingest_trim(row->field[ce]) : NULL;
    int official = co >= 0 ? parse_flag(x, row, co) : 0;
    if (q >= 0 && inst >= 0) {
        const char *ic = x->reg->items[inst].code;
        char *key = xasprintf("%s\x1f%s", ic, resp);
        long g = seen_put(&x->group_of, key, (long)x->n_groups + 1);
        free(key);
        if (!g) {
            x->groups = xgrow(x->groups, &x->cap_groups, x->n_groups + 1, sizeof *x->groups);
            struct group *ng = &x->groups[x->n_groups++];
            ng->line = row->line;
            ng->institution = xstrdup(ic);
            ng->respondent = xstrdup(resp);
            ng->answered = xcalloc((size_t)x->fw->n_questions + 1, 1);
            g = (long)x->n_groups;
        }
        x->groups[g - 1].answered[q] = 1; /* an empty required value is reported here */
        key = xasprintf("%s\x1f%s\x1f%s", ic, x->fw->questions[q].code, resp);
        long first = seen_put(&x->dup, key, row->line);
        free(key);
        if (first)
            diag_error(x->d, EX_DATAERR_, x->file, row->fline[cq], row->col[cq],
                       "duplicate answer to %s from %s%s%s%s (first at line %ld)",
                       x->fw->questions[q].code, ic, *resp ? ", respondent \"" : "", resp,
                       *resp ? "\"" : "", first);
    }
    if (q >= 0) {
        const struct question *qq = &x->fw->questions[q];
        double number;
        char why[256];
        if (!*v) {
            if (qq->required)
                diag_error(x->d, EX_DATAERR_, x->file, row->fline[cv], row->col[cv],
                           "missing answer to required question %s (the value is empty)",
                           qq->code);
        } else if (answer_parse(qq, v, x->src->decimal_comma, &number, why, sizeof why) != 0) {
            bad_answer(x, q, v, why, row->fline[cv], row->col[cv]);
        } else if (!lacks_evidence(x, q, v, number, ev, ce >= 0 ? column_name(x, ce) : NULL,
                                   ce >= 0 ? row->fline[ce] : row->fline[cv],
                                   ce >= 0 ? row->col[ce] : row->col[cv])) {
            emit(x, inst, qq->code, resp, v, number, ev, official, row->line);
        }
    }
    free(code);
    free(resp);
    free(v);
    free(ev);
}

/* Long tables: every (institution, respondent) must answer the required
   questions; reported at the group's first row. */
static void long_required(struct run *x)
{
    for (size_t g = 0; g < x->n_groups; g++) {
        const struct group *gr = &x->groups[g];
        for (int q = 0; q < x->fw->n_questions; q++)
            if (x->fw->questions[q].required && !gr->answered[q])
                diag_error(x->d, EX_DATAERR_, x->file, gr->line, 0,
                           "%s%s%s%s: no answer to required question %s", gr->institution,
                           *gr->respondent ? ", respondent \"" : "", gr->respondent,
                           *gr->respondent ? "\"" : "", x->fw->questions[q].code);
    }
}

/* admin: institution, indicator, value, source. */
static void admin_row(struct run *x, const struct csv_row *row)
{
    int ci = column_with(x, COL_INSTITUTION), cc = column_with(x, COL_CODE);
    int cv = column_with(x, COL_VALUE), cs = column_with(x, COL_SOURCE);
    if (cc < 0 || cv < 0)
        return; /* reported with the header */
    int inst = ci >= 0 ? find_institution(x, row, ci) : -1;
    char *code = row_code(x, row, cc);
    if (!code)
        return;
    const char *stored = NULL; /* the framework's spelling of the code */
    int k = ingest_find_indicator(x->fw, code), var = ingest_find_variable(x->fw, code);
    long line = row->fline[cc], col = row->col[cc];
    if (!*code) {
        diag_error(x->d, EX_DATAERR_, x->file, line, col,
                   "no indicator code (column \"%s\" is empty)", column_name(x, cc));
    } else if (k >= 0 && x->fw->nodes[k].question && *x->fw->nodes[k].question) {
        diag_error(x->d, EX_DATAERR_, x->file, line, col,
                   "indicator %s reads question %s: its values come from the survey, not from "
                   "admin data",
                   code, x->fw->nodes[k].question);
    } else if (k >= 0) {
        stored = x->fw->nodes[k].code;
    } else if (var >= 0) {
        stored = x->fw->variables[var];
    } else if (ingest_find_question(x->fw, code) >= 0) {
        diag_error(x->d, EX_DATAERR_, x->file, line, col,
                   "%s is a question: its answers go in a survey or long file, not in admin data",
                   code);
    } else {
        const char *sim = NULL;
        for (int i = 0; i < x->fw->n_nodes && !sim; i++)
            if (x->fw->nodes[i].is_indicator && !(x->fw->nodes[i].question &&
                                                   *x->fw->nodes[i].question)) {
                char *a = utf8_fold(code), *b = utf8_fold(x->fw->nodes[i].code);
                if (strcmp(a, b) == 0)
                    sim = x->fw->nodes[i].code;
                free(a);
                free(b);
            }
        for (int i = 0; i < x->fw->n_variables && !sim; i++) {
            char *a = utf8_fold(code), *b = utf8_fold(x->fw->variables[i]);
            if (strcmp(a, b) == 0)
                sim = x->fw->variables[i];
            free(a);
            free(b);
        }
        if (sim)
            diag_error(x->d, EX_DATAERR_, x->file, line, col,
                       "unknown indicator or variable \"%s\" (did you mean %s?)", code, sim);
        else
            diag_error(x->d, EX_DATAERR_, x->file, line, col,
                       "unknown indicator or variable \"%s\" (expected an indicator of %s without "
                       "question, or one of its [variables])",
                       code, x->fw->code ? x->fw->code : "the framework");
    }
    if (stored && inst >= 0) {
        char *key = xasprintf("%s\x1f%s", x->reg->items[inst].code, stored);
        long first = seen_put(&x->dup, key, row->line);
        free(key);
        if (first)
            diag_error(x->d, EX_DATAERR_, x->file, line, col,
                       "duplicate value of %s for %s (first at line %ld)", stored,
                       x->reg->items[inst].code, first);
    }
    char *v = ingest_trim(row->field[cv]);
    char *src = cs >= 0 ? ingest_trim(row->field[cs]) : NULL;
    double number;
    if (is_missing_word(v)) {
        /* missing */
    } else if (csv_parse_number(v, x->src->decimal_comma, &number) != 0) {
        diag_error(x->d, EX_DATAERR_, x->file, row->fline[cv], row->col[cv],
                   "\"%s\" is not a number (expected a number%s; empty or NA = missing)", v,
                   x->src->decimal_comma ? " with a decimal comma" : "");
    } else if (stored) {
        emit(x, inst, stored, "", v, number, src, 0, row->line);
    }
    free(code);
    free(v);
    free(src);
}

static int row_is_empty(const struct csv_row *row)
{
    for (int i = 0; i < row->n; i++) {
        char *v = ingest_trim(row->field[i]);
        int empty = !*v;
        free(v);
        if (!empty)
            return 0;
    }
    return 1;
}

static void run_release(struct run *x)
{
    for (int i = 0; i < x->n_cols; i++)
        free(x->cols[i].header);
    free(x->cols);
    free(x->ans_col);
    free(x->ev_col);
    answer_set_release(&x->out);
    seen_release(&x->dup);
    seen_release(&x->group_of);
    seen_release(&x->qcode);
    free(x->ev_node);
    for (size_t g = 0; g < x->n_groups; g++) {
        free(x->groups[g].institution);
        free(x->groups[g].respondent);
        free(x->groups[g].answered);
    }
    free(x->groups);
}

int ingest_file(const struct survey_source *src, const struct framework *fw,
                const struct registry *reg, struct answer_set *out, struct diag *d)
{
    if (!src || !fw || !reg || !out)
        BUG("ingest_file() needs a source, a framework, a registry and an answer set");
    long e0 = d->n_errors;
    const char *file = src->display ? src->display : src->path;
    char *section = xasprintf("survey.%s", src->id ? src->id : "ID");
    struct csv_options opt = {
        .sep = src->sep, .encoding = src->encoding, .name = file, .config_section = section};
    struct ingest_map map = {0};
    struct run x = {.src = src, .fw = fw, .reg = reg, .map = &map, .file = file, .d = d};
    if (src->mapping)
        ingest_map_load(src->mapping, fw, src->shape, &map, d); /* go on: report the file too */
    struct csv_reader *r = csv_open(src->path, &opt, d);
    struct csv_row row;
    int rc = r ? csv_next(r, &row, d) : -1;
    if (rc == 0)
        diag_error(d, EX_DATAERR_, file, 0, 0, "the file is empty (expected a header line)");
    if (rc == 1) {
        x.n_cols = row.n;
        x.cols = xcalloc((size_t)row.n, sizeof *x.cols);
        ingest_columns(src, fw, &map, file, &row, x.cols, d);
        x.ans_col = xmalloc(((size_t)fw->n_questions + 1) * sizeof *x.ans_col);
        x.ev_col = xmalloc(((size_t)fw->n_questions + 1) * sizeof *x.ev_col);
        for (int q = 0; q < fw->n_questions; q++)
            x.ans_col[q] = x.ev_col[q] = -1;
        for (int i = x.n_cols - 1; i >= 0; i--) {
            if (x.cols[i].role == COL_ANSWER)
                x.ans_col[x.cols[i].q] = i;
            else if (x.cols[i].role == COL_EVIDENCE && x.cols[i].q >= 0)
                x.ev_col[x.cols[i].q] = i;
        }
        long rows = 0;
        while ((rc = csv_next(r, &row, d)) == 1) {
            if (row.n != x.n_cols) {
                diag_error(d, EX_DATAERR_, file, row.line, 0, "expected %d fields, found %d",
                           x.n_cols, row.n);
                continue;
            }
            if (row_is_empty(&row))
                continue; /* ",,,," lines that spreadsheets leave behind */
            rows++;
            check_unnamed(&x, &row);
            switch (src->shape) {
            case SHAPE_KOBO:
            case SHAPE_LIMESURVEY:
            case SHAPE_GFORMS:
                respondent_row(&x, &row);
                break;
            case SHAPE_LONG:
                long_row(&x, &row);
                break;
            case SHAPE_ADMIN:
                admin_row(&x, &row);
                break;
            case SHAPE_WIDE:
                wide_row(&x, &row);
                break;
            }
        }
        if (src->shape == SHAPE_LONG && rc == 0)
            long_required(&x); /* not after a syntax error: the file was cut short */
        if (rc == 0 && rows == 0)
            diag_warning(d, file, 0, 0, "no data rows (the file has only a header)");
    }
    if (d->n_errors == e0 && x.out.n) {
        /* clean: hand the answers (and their strings) over to out */
        out->items = xgrow(out->items, &out->cap, out->n + x.out.n, sizeof *out->items);
        memcpy(out->items + out->n, x.out.items, x.out.n * sizeof *x.out.items);
        out->n += x.out.n;
        free(x.out.items);
        answer_set_init(&x.out);
    }
    run_release(&x);
    ingest_map_release(&map);
    csv_close(r);
    free(section);
    return d->n_errors > e0 ? -1 : 0;
}
