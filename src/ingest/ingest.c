/*
 * ingest.c — survey exports and admin tables -> validated answers (see
 * ingest.h).
 *
 * ingest_shapes.c has already said what each column holds; here the rows are
 * read.  Every problem of a file is recorded (so the analyst fixes them all in
 * one go).  Answers go to the caller's sink as they validate, with no copy:
 * the fields are trimmed in place in the CSV reader's buffer, codes are
 * looked up in hash tables built once per file, and nothing is allocated per
 * answer.  A file with any error contributes nothing all the same: delivery
 * stops at the first error, and the caller discards what it received (a load
 * rolls back), so a half-valid export never reaches the database.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "framework.h"
#include "ingest.h"
#include "numparse.h"
#include "messages.h"
#include "registry.h"
#include "sha256.h"
#include "strbuf.h"
#include "url.h"
#include "utf8.h"
#include "xalloc.h"
#include "xlsx_read.h"

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

const char *const answer_yes_words[] = {"si", "s", "yes", "y", "1", "true", "verdadero", NULL};
const char *const answer_no_words[] = {"no", "n", "0", "false", "falso", NULL};

/* 1 / 0 for a yes/no word (case and accents ignored: "Sí", "SI"), else -1. */
static int yes_no(const char *v)
{
    char f[24]; /* the longest word is 9 letters; folding never lengthens */
    if (strlen(v) >= sizeof f)
        return -1;
    utf8_fold_to(v, f);
    int r = -1;
    for (int i = 0; answer_yes_words[i] && r < 0; i++)
        if (strcmp(f, answer_yes_words[i]) == 0)
            r = 1;
    for (int i = 0; answer_no_words[i] && r < 0; i++)
        if (strcmp(f, answer_no_words[i]) == 0)
            r = 0;
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

/* A Likert question's levels as a reader meets them: each code with the
   label it may be given as ("1 = Nada, 2 = Poco, ..."). */
static void levels_why(const struct question *q, char *why, size_t n)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, msg_tr("a level from 1 to 5 or its label in Spanish or English: "));
    for (int i = 0; i < q->n_options; i++) {
        const struct option *o = &q->options[i];
        const char *es = o->label[LANG_ES];
        strbuf_addf(&sb, "%s%s", i ? ", " : "", o->code);
        if (es && *es && strcmp(es, o->code) != 0)
            strbuf_addf(&sb, " = %s", es);
    }
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

/* Copy item into out (n bytes) unless out already holds one. */
static void note_item(char *out, size_t n, const char *item)
{
    if (n && !*out)
        snprintf(out, n, "%s", item);
}

/*
 * Mark in sel the options named by v: one option (code or label), or a list
 * separated by ';' (Google Forms), by ',' (Google Forms; a label that itself
 * holds ", " is rejoined greedily) or by spaces (Kobo, codes).  An item that
 * is no option makes it fail with the item in bad, unless keep_other (Google
 * Forms puts the "Other" text among the options), when it is noted in bad
 * and skipped.  0 or -1.
 */
static int multi_select(const struct question *q, const char *v, unsigned char *sel,
                        int keep_other, char *bad, size_t bad_len)
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
            if (!took) {
                note_item(bad, bad_len, parts[i]);
                if (!keep_other)
                    rc = -1;
                took = 1;
            }
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
        if (keep_other && n > 1) { /* a label with spaces, or an "Other" text */
            free_parts(parts, n);
            note_item(bad, bad_len, v);
            return 0;
        }
    }
    for (int i = 0; i < n && rc == 0; i++) {
        if ((o = ingest_find_option(q, parts[i])) >= 0) {
            sel[o] = 1;
        } else {
            note_item(bad, bad_len, parts[i]);
            if (!keep_other)
                rc = -1;
        }
    }
    free_parts(parts, n);
    return rc;
}

/* How a shape's exports separate the items of a multiple-choice answer. */
static const char *list_format(enum survey_shape shape)
{
    switch (shape) {
    case SHAPE_GFORMS:
        return "option labels separated by commas";
    case SHAPE_LIMESURVEY:
        return "option codes separated by spaces (or one column per option)";
    default:
        return "option codes separated by spaces";
    }
}

int answer_parse(const struct question *q, const char *value, int decimal_comma,
                 double *number, char *why, size_t why_len)
{
    struct parse_opts o = {.decimal_comma = decimal_comma, .shape = SHAPE_KOBO};
    return answer_parse_ex(q, value, &o, number, why, why_len);
}

int answer_parse_ex(const struct question *q, const char *value, struct parse_opts *po,
                    double *number, char *why, size_t why_len)
{
    int decimal_comma = po->decimal_comma;
    /* value trimmed, in a buffer of our own (the percentage sign is cut off
       in place); on the stack for the short values of every day */
    size_t b, e;
    ingest_trim_span(value, strlen(value), &b, &e);
    char small[64];
    char *v = e - b < sizeof small ? small : xmalloc(e - b + 1);
    memcpy(v, value + b, e - b);
    v[e - b] = '\0';
    int rc = -1, o;
    double x;
    const char *dc = decimal_comma ? msg_tr(", with a decimal comma") : "";
    if (!*v) {
        snprintf(why, why_len, "%s", msg_tr("an answer"));
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
            snprintf(why, why_len, "%s",
                     msg_tr("sí or no (also yes/no, 1/0, true/false, verdadero/falso)"));
        }
        break;
    case ANSWER_LIKERT5:
        if (q->n_options) {
            if ((o = ingest_find_option(q, v)) >= 0) {
                *number = q->options[o].points;
                rc = 0;
            } else {
                levels_why(q, why, why_len);
            }
        } else if (csv_parse_number(v, decimal_comma, &x) == 0 && x == floor(x) && x >= 1 &&
                   x <= 5) {
            *number = x;
            rc = 0;
        } else {
            snprintf(why, why_len, "%s", msg_tr("a whole number from 1 to 5"));
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
            snprintf(why, why_len, msg_tr("a percentage from 0 to 100%s"), dc);
        }
        break;
    }
    case ANSWER_NUMBER:
        if (csv_parse_number(v, decimal_comma, &x) == 0 && x >= 0) {
            *number = x;
            rc = 0;
        } else {
            snprintf(why, why_len, msg_tr("a number >= 0%s"), dc);
        }
        break;
    case ANSWER_SELECT_ONE:
        if ((o = ingest_find_option(q, v)) >= 0) {
            *number = q->options[o].points;
            rc = 0;
        } else {
            options_why(q, msg_tr("one of: "), why, why_len);
        }
        break;
    case ANSWER_SELECT_MULTIPLE: {
        unsigned char few[64] = {0};
        unsigned char *sel = q->n_options < (int)sizeof few ? few
                                                            : xcalloc((size_t)q->n_options + 1, 1);
        char bad[96] = "";
        if (multi_select(q, v, sel, po->keep_other, bad, sizeof bad) == 0) {
            x = 0;
            for (int i = 0; i < q->n_options; i++)
                if (sel[i])
                    x += q->options[i].points; /* an option named twice counts once */
            *number = x;
            rc = 0;
            if (po->keep_other && po->other && po->other_len)
                snprintf(po->other, po->other_len, "%s", bad);
        } else {
            char lead[128];
            snprintf(lead, sizeof lead, "%s, from: ", list_format(po->shape));
            options_why(q, lead, why, why_len);
            size_t used = strlen(why);
            if (*bad && used + 40 < why_len)
                snprintf(why + used, why_len - used, "; \"%s\" is none of them", bad);
        }
        if (sel != few)
            free(sel);
        break;
    }
    }
    if (v != small)
        free(v);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Hash tables                                                               */
/* ------------------------------------------------------------------------ */

static uint64_t hash_bytes(const char *s, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL; /* FNV-1a */
    return h;
}

static uint64_t hash(const char *s)
{
    return hash_bytes(s, strlen(s), 1469598103934665603ULL);
}

/* Borrowed string -> int, built once per file (framework and registry codes
   outlive it).  The first value put for a key stays. */
struct strmap {
    const char **key;   /* open addressing, NULL = empty slot */
    int *val;
    size_t cap, n;
};

static size_t strmap_slot(const struct strmap *m, const char *key)
{
    size_t i = (size_t)(hash(key) & (m->cap - 1));
    while (m->key[i] && strcmp(m->key[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void strmap_put(struct strmap *m, const char *key, int val)
{
    if (2 * (m->n + 1) > m->cap) {
        struct strmap g = {NULL, NULL, m->cap ? 2 * m->cap : 64, 0};
        g.key = xcalloc(g.cap, sizeof *g.key);
        g.val = xcalloc(g.cap, sizeof *g.val);
        for (size_t i = 0; i < m->cap; i++)
            if (m->key[i]) {
                size_t j = strmap_slot(&g, m->key[i]);
                g.key[j] = m->key[i];
                g.val[j] = m->val[i];
                g.n++;
            }
        free(m->key);
        free(m->val);
        *m = g;
    }
    size_t i = strmap_slot(m, key);
    if (!m->key[i]) {
        m->key[i] = key;
        m->val[i] = val;
        m->n++;
    }
}

/* The value of key, or -1. */
static int strmap_get(const struct strmap *m, const char *key)
{
    if (!m->cap)
        return -1;
    size_t i = strmap_slot(m, key);
    return m->key[i] ? m->val[i] : -1;
}

static void strmap_release(struct strmap *m)
{
    free(m->key);
    free(m->val);
    memset(m, 0, sizeof *m);
}

/* A string set (keys copied) remembering the line each key was first seen
   on: respondent ids of the one-row-per-respondent shapes, admin keys. */
struct seen {
    char **key;     /* open addressing, NULL = empty slot */
    long *line;
    size_t cap, n;
};

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
/* Long tables: who answered what, first seen where                          */
/* ------------------------------------------------------------------------ */

/*
 * A long table has one row per answer, keyed by (institution, question,
 * respondent): a duplicate key is an error naming the line of the first
 * one, and at the end every (institution, respondent) must have answered the
 * required questions.  Keeping every key of the file (a string per answer,
 * as this file once did) makes memory grow with the rows: 5 million rows
 * took over a gigabyte.  Instead the rows are gathered by group, one per
 * (institution, respondent) -- the respondent string is kept once per group
 * -- and each group maps question -> the line it was first answered on:
 *
 *  - sparse while the group has few answers: a small open-addressing table
 *    of (question + 1, line) pairs, at most 16 bytes per answer;
 *  - dense once that table would be as big as a plain array of 4-byte lines
 *    over every question of the framework, which it then becomes.
 *
 * So memory is bounded by groups x questions x 4 bytes (the shape of the
 * data: institutions x respondents x indicators), and by 16 bytes per answer
 * for groups that answer only a few questions; a file whose rows repeat
 * (say, the same export pasted twice) costs nothing more.  Messages stay
 * exact: the first line is kept, not a fingerprint.  Lines are kept as
 * 32-bit numbers (a file of more than 4 billion lines would see the line of
 * a first occurrence beyond that shown as 4294967295).
 *
 * Other shapes need less: a wide or respondent-per-row export keeps the set
 * of its respondent ids (one per row, which is one per respondent), an admin
 * table the set of its (institution, indicator) keys.
 */
struct group {
    long line;          /* first row of the group                            */
    int inst;           /* registry index                                    */
    size_t resp;        /* its respondent: offset in run.names               */
    uint32_t *cell;     /* dense: line per question (0 = not answered);
                           sparse: cap pairs (question + 1, line)            */
    uint32_t cap, n;    /* sparse: pairs allocated, pairs used; dense: cap 0 */
};

static uint32_t line32(long line)
{
    return line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)line;
}

/* The line question q was first answered on in g, or 0. */
static uint32_t cell_get(const struct group *g, int q)
{
    if (!g->cap)
        return g->cell[q];
    uint32_t mask = g->cap - 1, i = (uint32_t)q * 2654435761u & mask;
    while (g->cell[2 * i] && g->cell[2 * i] != (uint32_t)q + 1)
        i = (i + 1) & mask;
    return g->cell[2 * i] ? g->cell[2 * i + 1] : 0;
}

/* Record that q was answered on line (if it had not been).  Returns the
   line it was first answered on, or 0 if this is the first time. */
static uint32_t cell_put(struct group *g, int q, int n_questions, long line)
{
    uint32_t first = cell_get(g, q);
    if (first)
        return first;
    if (g->cap && 2 * (g->n + 1) > g->cap) {
        /* grow the sparse table, or turn it dense when that is smaller */
        uint32_t cap = 2 * g->cap;
        uint32_t *old = g->cell, old_cap = g->cap;
        if ((size_t)cap * 2 >= (size_t)n_questions) {
            g->cell = xcalloc((size_t)n_questions + 1, sizeof *g->cell);
            g->cap = 0;
            for (uint32_t i = 0; i < old_cap; i++)
                if (old[2 * i])
                    g->cell[old[2 * i] - 1] = old[2 * i + 1];
        } else {
            g->cell = xcalloc((size_t)cap * 2, sizeof *g->cell);
            g->cap = cap;
            for (uint32_t i = 0; i < old_cap; i++) {
                if (!old[2 * i])
                    continue;
                uint32_t j = (old[2 * i] - 1) * 2654435761u & (cap - 1);
                while (g->cell[2 * j])
                    j = (j + 1) & (cap - 1);
                g->cell[2 * j] = old[2 * i];
                g->cell[2 * j + 1] = old[2 * i + 1];
            }
        }
        free(old);
    }
    if (!g->cap) {
        g->cell[q] = line32(line);
    } else {
        uint32_t mask = g->cap - 1, i = (uint32_t)q * 2654435761u & mask;
        while (g->cell[2 * i])
            i = (i + 1) & mask;
        g->cell[2 * i] = (uint32_t)q + 1;
        g->cell[2 * i + 1] = line32(line);
    }
    g->n++;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Reading one file                                                          */
/* ------------------------------------------------------------------------ */

/* Rows (or answers) of one kind set aside, reported in one line at the end:
   how many, and the first lines. */
struct skipped {
    long n;
    long last;                  /* the last line noted (answers of one row
                                   are one line in the list)               */
    int shown;                  /* lines in the list                       */
    struct strbuf lines;
};

#define SKIPPED_LINES_SHOWN 10

static void skipped_note(struct skipped *k, long line)
{
    k->n++;
    if (line == k->last)
        return;
    k->last = line;
    if (k->shown++ < SKIPPED_LINES_SHOWN)
        strbuf_addf(&k->lines, "%s%ld", k->lines.len ? ", " : "", line);
}

/* "line 4" / "lines 4, 9, ..." */
static const char *skipped_lines(const struct skipped *k, char *buf, size_t n)
{
    snprintf(buf, n, "line%s %s%s", k->shown > 1 ? "s" : "", k->lines.buf ? k->lines.buf : "",
             k->shown > SKIPPED_LINES_SHOWN ? ", ..." : "");
    return buf;
}

struct run {
    const struct survey_source *src;
    const struct framework *fw;
    char *fw_label;             /* "IGD", or "IGD/ITIC" (framework = A, B)   */
    const struct registry *reg;
    const struct ingest_map *map;
    const char *file;           /* src->display: messages and answer.file    */
    struct diag *d;
    const struct answer_sink *sink;
    struct ingest_column *cols;
    int n_cols;
    int has_unnamed;            /* a column without header (values checked) */
    /* the first column of each role, or -1 */
    int c_inst, c_code, c_value, c_resp, c_ev, c_official, c_submitted, c_source, c_year;
    int *ans_col, *ev_col;      /* per question: its answer/evidence column or -1 */
    struct seen dup;            /* respondent-per-row: ids; admin: keys       */
    long *inst_line;            /* wide: per institution, its row, or 0     */
    long records;               /* data records read (Google Forms respondent) */
    /* lookups */
    struct strmap inst_code, inst_name; /* registry code / exact name -> index */
    int inst_names_built;
    int last_inst;              /* the institution of the last lookup, or -1 */
    struct strmap qcode;        /* question code -> index                    */
    struct strmap mapped;       /* mapping file: column -> its entry         */
    int *ev_node;               /* per question: indicator needing evidence, or -1 */
    /* long: groups of (institution, respondent) */
    struct group *groups;
    size_t n_groups, cap_groups;
    uint32_t *group_slot;       /* open addressing: group index + 1, 0 = empty */
    size_t cap_slots;
    size_t last_group;          /* the group of the last row + 1, or 0       */
    struct strbuf names;        /* respondents of the groups, NUL-separated  */
    int *required;              /* indices of the required questions         */
    int n_required;
    struct strbuf scratch;      /* option lists, keys: reused row after row  */
    /* real exports (issue 18) */
    int fixed_inst;             /* institution = CODE: its index, else -1    */
    int c_review;               /* ODK ReviewState column, or -1             */
    char **missing;             /* no-answer codes, folded                   */
    int n_missing;
    struct skipped rejected, incomplete, no_inst, short_rows, missing_codes, other_text,
        other_years;
    char other_item[96];        /* the first unlisted item of a checkbox cell */
    const char *answer_file;    /* the file as the config names it (answer.file) */
    char **pad_field;           /* a short row made full length (pad_row)    */
    size_t *pad_len;
    long *pad_col, *pad_line;
};

/* The column of a role (the first), or -1. */
static int column_with(const struct run *x, enum column_role role)
{
    for (int i = 0; i < x->n_cols; i++)
        if (x->cols[i].role == role)
            return i;
    return -1;
}

/* Index of question code in x's framework, or -1. */
static int run_question(const struct run *x, const char *code)
{
    return strmap_get(&x->qcode, code);
}

/* The indicator that needs evidence for question q, or -1. */
static int run_evidence_node(const struct run *x, int q)
{
    return x->ev_node[q];
}

static const char *column_name(const struct run *x, int i)
{
    return x->cols[i].header;
}


/* An error in field i of row, located as the CSV reader counts (line and
   byte column) and as a spreadsheet shows it: the column's header and its
   letter ("column Q07 (AB): ..."). */
__attribute__((format(printf, 4, 5))) static int cell_error(struct run *x,
                                                             const struct csv_row *row, int i,
                                                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ingest_field_error(x->d, x->file, row, i, i < x->n_cols ? column_name(x, i) : NULL, fmt, ap);
    va_end(ap);
    return -1;
}

static int is_missing_word(const char *v)
{
    return !*v || strcasecmp(v, "NA") == 0 || strcasecmp(v, "N/A") == 0;
}

/* Is v one of the no-answer codes (missing_codes), ignoring case and
   accents ("No sé" = "no se")? */
static int is_missing_code(const struct run *x, const char *v)
{
    if (!x->n_missing || !*v)
        return 0;
    char small[64], *heap = NULL;
    const char *f = small;
    if (strlen(v) < sizeof small)
        utf8_fold_to(v, small);
    else
        f = heap = utf8_fold(v);
    int hit = 0;
    for (int i = 0; i < x->n_missing && !hit; i++)
        hit = strcmp(f, x->missing[i]) == 0;
    free(heap);
    return hit;
}

/* Does v look like a no-answer mark an export uses?  For the advice. */
static int looks_like_no_answer(const char *v)
{
    static const char *const words[] = {"n/a", "na", "ns/nr", "nsnr", "ns", "nr", "no se",
                                        "no sabe", "no responde", "99", "-99", "999", "88",
                                        "dk", "don't know", "refused", "sin dato", NULL};
    char f[32];
    if (strlen(v) >= sizeof f)
        return 0;
    utf8_fold_to(v, f);
    for (int i = 0; words[i]; i++)
        if (strcmp(f, words[i]) == 0)
            return 1;
    return 0;
}

static const char *inst_code_at(const void *reg, int i)
{
    return ((const struct registry *)reg)->items[i].code;
}

/* Registry index of v: its code, else the first institution whose name (es
   or en) it is exactly; -1 if none. */
static int lookup_institution(struct run *x, const char *v)
{
    if (x->last_inst >= 0 && strcmp(x->reg->items[x->last_inst].code, v) == 0)
        return x->last_inst; /* rows come grouped by institution */
    int k = strmap_get(&x->inst_code, v);
    if (k < 0 && *v) {
        if (!x->inst_names_built) {
            for (int j = 0; j < x->reg->n; j++)
                for (int l = 0; l < LANG_COUNT; l++)
                    if (x->reg->items[j].name[l])
                        strmap_put(&x->inst_name, x->reg->items[j].name[l], j);
            x->inst_names_built = 1;
        }
        k = strmap_get(&x->inst_name, v);
    }
    if (k >= 0)
        x->last_inst = k;
    return k;
}

/* The registry index named by cell i (code, or exact name es/en), or -1 with
   the problem recorded. */
static int find_institution(struct run *x, const struct csv_row *row, int i)
{
    const char *v = row->field[i];
    int k = lookup_institution(x, v);
    if (k < 0 && !*v) {
        cell_error(x, row, i, "no institution (the cell is empty)");
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
            cell_error(x, row, i, "unknown institution \"%s\" (did you mean %s?)", v, sim);
        else
            cell_error(x, row, i, "unknown institution \"%s\" (not in %s)", v,
                       x->reg->path ? x->reg->path : "the registry");
    }
    return k;
}

/* The official flag of cell i: 1, 0, or -1 (recorded). */
static int parse_flag(struct run *x, const struct csv_row *row, int i)
{
    const char *v = row->field[i];
    int f = *v ? yes_no(v) : 0;
    if (f < 0 && strcasecmp(v, "x") == 0)
        f = 1;
    if (f < 0)
        cell_error(x, row, i, "\"%s\" is not a yes/no mark (expected 1/0, sí/no or empty)", v);
    return f;
}

/*
 * Hand one answer to the sink: only while no error at all has been recorded
 * (in this file or, through the same diag, an earlier one), since the caller
 * throws away everything delivered once one has.  The strings are borrowed:
 * codes from the registry and framework, values from the current row.
 */
static void emit(struct run *x, int inst, const char *question, const char *respondent,
                 const char *value, double number, const char *evidence, int official, long line)
{
    if (inst < 0 || x->d->n_errors > 0)
        return;
    struct answer a = {
        .year = x->src->year,
        .framework = x->fw->code,
        .institution = x->reg->items[inst].code,
        .question = (char *)question,
        .respondent = (char *)respondent,
        .value = (char *)value,
        .number = number,
        .evidence = evidence && *evidence ? (char *)evidence : NULL,
        .is_official = official > 0,
        .file = (char *)x->answer_file,
        .line = line,
    };
    x->sink->put(x->sink->ctx, &a); /* on failure the sink recorded why: delivery stops */
}

/* A parse failure of question q's value in field i of row, with the
   setting that would fix it when one would. */
static void bad_answer(struct run *x, int q, const char *v, const char *why,
                       const struct csv_row *row, int i)
{
    const struct question *qq = &x->fw->questions[q];
    const char *id = x->src->id ? x->src->id : "ID";
    double y;
    char hint[160] = "";
    char *t = ingest_trim(v);
    size_t n = strlen(t);
    if (n && t[n - 1] == '%')
        t[--n] = '\0';
    if ((qq->type == ANSWER_NUMBER || qq->type == ANSWER_PERCENT ||
         qq->type == ANSWER_LIKERT5) &&
        !x->src->decimal_comma && strchr(t, ',') && csv_parse_number(t, 1, &y) == 0)
        snprintf(hint, sizeof hint,
                 msg_tr("; if the file writes decimal commas, set decimal = , in [survey.%s]"), id);
    else if (looks_like_no_answer(v))
        snprintf(hint, sizeof hint,
                 msg_tr("; if \"%s\" means no answer, list it in missing_codes = in "
                        "[survey.%s] or in the framework"),
                 v, id);
    free(t);
    cell_error(x, row, i, "%s: \"%s\" is not a valid answer (expected %s%s)", qq->code, v, why,
               hint);
}

/* Does question q's answer (score number) lack evidence it needs, under
   missing_evidence = error?  Records the problem at field i of row (the
   evidence column, if there is one) and returns
   1 if so.  Under zero and keep the answer is stored as it is: scoring
   counts it by the rule and lists it in a warning (score.h). */
static int lacks_evidence(struct run *x, int q, const char *v, double number, const char *ev,
                          int has_column, const struct csv_row *row, int i)
{
    int node = run_evidence_node(x, q);
    if (node < 0 || number == 0 || isnan(number) ||
        framework_evidence_rule(x->fw, node) != EVIDENCE_ERROR)
        return 0;
    if (ev && *ev) {
        const char *why = evidence_problem(ev);
        if (!why)
            return 0;
        cell_error(x, row, i,
                   "%s = \"%s\": its evidence \"%s\" %s (expected the http or https address "
                   "of the document, or the document's name; indicator %s has evidence = si "
                   "and missing_evidence = error)",
                   x->fw->questions[q].code, v, ev, why, x->fw->nodes[node].code);
        return 1;
    }
    if (has_column)
        cell_error(x, row, i,
                   "%s = \"%s\" needs evidence (indicator %s has evidence = si and "
                   "missing_evidence = error) but the cell is empty",
                   x->fw->questions[q].code, v, x->fw->nodes[node].code);
    else
        cell_error(x, row, i,
                   "%s = \"%s\" needs evidence (indicator %s has evidence = si and "
                   "missing_evidence = error) but the row has none",
                   x->fw->questions[q].code, v, x->fw->nodes[node].code);
    return 1;
}

/* A value in a column without a header would be silently lost. */
static void check_unnamed(struct run *x, const struct csv_row *row)
{
    for (int i = 0; i < row->n; i++)
        if (x->cols[i].role == COL_UNNAMED && *row->field[i])
            cell_error(x, row, i, "value \"%s\" in a column without a header", row->field[i]);
}

/*
 * The value of select_multiple q from its 0/1 option columns: the
 * space-separated list of the chosen codes ("" when answered with none, in
 * x->scratch), or NULL when every option cell is empty (not answered).
 * *first gets the first option column.
 */
static const char *option_value(struct run *x, const struct csv_row *row, int q, int *first,
                                int *bad)
{
    struct strbuf *sb = &x->scratch;
    strbuf_reset(sb);
    int answered = 0, coded = 0;
    *first = -1;
    for (int i = 0; i < x->n_cols; i++) {
        if (x->cols[i].role != COL_OPTION || x->cols[i].q != q)
            continue;
        if (*first < 0)
            *first = i;
        const char *v = row->field[i];
        if (is_missing_code(x, v)) {
            coded = 1;
            continue; /* "n/a": not answered */
        }
        int f = *v ? yes_no(v) : 0;
        if (*v)
            answered = 1;
        if (f < 0) {
            *bad = cell_error(x, row, i,
                              "\"%s\" is not an option mark (expected 1/0, True/False, Y or "
                              "empty%s)",
                              v,
                              looks_like_no_answer(v)
                                  ? msg_tr("; if it means no answer, list it in missing_codes")
                                  : "");
        } else if (f == 1) {
            if (sb->len)
                strbuf_addc(sb, ' ');
            strbuf_adds(sb, x->fw->questions[q].options[x->cols[i].opt].code);
        }
    }
    /* one answer per question, however many of its option columns say "n/a" */
    if (coded && !answered)
        skipped_note(&x->missing_codes, row->line);
    return answered ? sb->buf : NULL;
}

/* framework = A, B: does row answer any question of this framework (a
   value in one of its answer, option or evidence columns)?  One that does
   not is another framework's respondent (a form whose sections different
   people fill in), not an empty answer sheet of this one. */
static int answers_this_framework(const struct run *x, const struct csv_row *row)
{
    if (x->src->n_fw_list < 2)
        return 1;
    for (int i = 0; i < x->n_cols && i < row->n; i++) {
        enum column_role r = x->cols[i].role;
        if ((r == COL_ANSWER || r == COL_OPTION || r == COL_EVIDENCE) && *row->field[i])
            return 1;
    }
    return 0;
}

/* kobo, limesurvey, gforms: one row is one respondent of one institution. */
static void respondent_row(struct run *x, const struct csv_row *row)
{
    int c = x->c_review;
    if (c >= 0 && strcasecmp(row->field[c], "rejected") == 0) {
        skipped_note(&x->rejected, row->line); /* ODK Central: a reviewer refused it */
        return;
    }
    c = x->c_submitted;
    if (c >= 0 && !*row->field[c]) {
        skipped_note(&x->incomplete, row->line);
        return;
    }
    if (!answers_this_framework(x, row))
        return;
    x->records++;
    c = x->c_inst;
    int inst = x->fixed_inst;
    if (c >= 0 && !*row->field[c] && !x->src->empty_institution_error) {
        skipped_note(&x->no_inst, row->line); /* e.g. a respondent screened out */
        return;
    }
    if (c >= 0)
        inst = find_institution(x, row, c);
    const char *resp;
    char nth[24];
    c = x->c_resp;
    if (c >= 0) {
        resp = row->field[c];
        long first;
        if (!*resp)
            cell_error(x, row, c, "empty id (every submission needs its id)");
        else if ((first = seen_put(&x->dup, resp, row->line)) != 0)
            cell_error(x, row, c, "duplicate id \"%s\" (first at line %ld)", resp, first);
    } else {
        snprintf(nth, sizeof nth, "%ld", x->records); /* Google Forms: the n-th response */
        resp = nth;
    }
    c = x->c_official;
    int official = c >= 0 ? parse_flag(x, row, c) : 0;
    for (int q = 0; q < x->fw->n_questions; q++) {
        const struct question *qq = &x->fw->questions[q];
        int ac = x->ans_col[q], first = -1, bad = 0;
        const char *v;
        if (ac >= 0) {
            v = row->field[ac];
            first = ac;
        } else {
            v = option_value(x, row, q, &first, &bad);
            if (first < 0 || bad)
                continue; /* no column for q in this file, or a bad mark (recorded) */
        }
        if (v && *v && is_missing_code(x, v)) {
            skipped_note(&x->missing_codes, row->line);
            continue; /* a declared no-answer ("n/a", "NS/NR"): not answered */
        }
        if (!v || (!*v && ac >= 0)) {
            if (qq->required)
                cell_error(x, row, first,
                           "missing answer to required question %s (the cell is empty)",
                           qq->code);
            continue;
        }
        double number = 0; /* option columns all 0: answered, nothing chosen */
        char why[512], other[96] = "";
        struct parse_opts po = {.decimal_comma = x->src->decimal_comma,
                                .shape = x->src->shape,
                                .keep_other = x->src->shape == SHAPE_GFORMS,
                                .other = other,
                                .other_len = sizeof other};
        if (*v && answer_parse_ex(qq, v, &po, &number, why, sizeof why) != 0) {
            bad_answer(x, q, v, why, row, first);
            continue;
        }
        if (*other) {
            if (!x->other_text.n)
                snprintf(x->other_item, sizeof x->other_item, "%s", other);
            skipped_note(&x->other_text, row->line);
        }
        int ec = x->ev_col[q];
        const char *ev = ec >= 0 ? row->field[ec] : NULL;
        if (!lacks_evidence(x, q, v, number, ev, ec >= 0, row, ec >= 0 ? ec : first))
            emit(x, inst, qq->code, resp, v, number, ev, official, row->line);
    }
}

/* wide: one row per institution, one column per code. */
static void wide_row(struct run *x, const struct csv_row *row)
{
    int c = x->c_inst;
    int inst = c >= 0 ? find_institution(x, row, c) : -1;
    if (inst >= 0) {
        if (!x->inst_line)
            x->inst_line = xcalloc((size_t)x->reg->n + 1, sizeof *x->inst_line);
        if (x->inst_line[inst])
            cell_error(x, row, c, "institution %s appears twice (first at line %ld)",
                       x->reg->items[inst].code, x->inst_line[inst]);
        else
            x->inst_line[inst] = row->line;
    }
    for (int i = 0; i < row->n; i++) {
        const struct ingest_column *col = &x->cols[i];
        if (col->role != COL_DATA)
            continue;
        const char *v = row->field[i];
        double number;
        char why[256];
        if (is_missing_word(v) || is_missing_code(x, v)) {
            /* missing: COINr's NA */
        } else if (col->q >= 0) {
            if (answer_parse(&x->fw->questions[col->q], v, x->src->decimal_comma, &number, why,
                             sizeof why) != 0)
                bad_answer(x, col->q, v, why, row, i);
            else
                emit(x, inst, x->fw->questions[col->q].code, "", v, number, NULL, 0, row->line);
        } else if (csv_parse_number(v, x->src->decimal_comma, &number) != 0) {
            cell_error(x, row, i,
                       "\"%s\" is not a number (expected a number%s; empty or NA = missing)", v,
                       x->src->decimal_comma ? msg_tr(" with a decimal comma") : "");
        } else {
            emit(x, inst, col->code, "", v, number, NULL, 0, row->line);
        }
    }
}

/* The code in cell c of a long/admin row, through the mapping: the mapped
   target, or the cell itself when the mapping does not name it; NULL when
   the mapping ignores it. */
static const char *row_code(const struct run *x, const struct csv_row *row, int c)
{
    const char *code = row->field[c];
    int k = strmap_get(&x->mapped, code);
    if (k >= 0)
        return *x->map->target[k] ? x->map->target[k] : NULL;
    return code;
}

/* The group of (institution inst, respondent resp), created at line if new. */
static struct group *long_group(struct run *x, int inst, const char *resp, long line)
{
    if (x->last_group) {
        struct group *g = &x->groups[x->last_group - 1];
        if (g->inst == inst && strcmp(x->names.buf + g->resp, resp) == 0)
            return g; /* the rows of one respondent come together */
    }
    if (2 * (x->n_groups + 1) > x->cap_slots) {
        size_t cap = x->cap_slots ? 2 * x->cap_slots : 64;
        uint32_t *slot = xcalloc(cap, sizeof *slot);
        for (size_t k = 0; k < x->n_groups; k++) {
            const struct group *g = &x->groups[k];
            size_t i = (size_t)hash_bytes(x->names.buf + g->resp, strlen(x->names.buf + g->resp),
                                          (uint64_t)g->inst * 0x9E3779B97F4A7C15ULL + 1) &
                       (cap - 1);
            while (slot[i])
                i = (i + 1) & (cap - 1);
            slot[i] = (uint32_t)(k + 1);
        }
        free(x->group_slot);
        x->group_slot = slot;
        x->cap_slots = cap;
    }
    size_t i = (size_t)hash_bytes(resp, strlen(resp),
                                  (uint64_t)inst * 0x9E3779B97F4A7C15ULL + 1) &
               (x->cap_slots - 1);
    while (x->group_slot[i]) {
        const struct group *g = &x->groups[x->group_slot[i] - 1];
        if (g->inst == inst && strcmp(x->names.buf + g->resp, resp) == 0) {
            x->last_group = x->group_slot[i];
            return &x->groups[x->last_group - 1];
        }
        i = (i + 1) & (x->cap_slots - 1);
    }
    if (x->n_groups >= UINT32_MAX - 1)
        BUG("more than 4 billion respondents in one file");
    x->groups = xgrow(x->groups, &x->cap_groups, x->n_groups + 1, sizeof *x->groups);
    struct group *g = &x->groups[x->n_groups++];
    g->line = line;
    g->inst = inst;
    g->resp = x->names.len;
    strbuf_add(&x->names, resp, strlen(resp) + 1);
    g->cap = 4; /* sparse to begin with: 4 pairs */
    g->n = 0;
    g->cell = xcalloc(2 * (size_t)g->cap, sizeof *g->cell);
    if ((size_t)g->cap * 2 >= (size_t)x->fw->n_questions) { /* a small questionnaire: dense */
        free(g->cell);
        g->cell = xcalloc((size_t)x->fw->n_questions + 1, sizeof *g->cell);
        g->cap = 0;
    }
    x->group_slot[i] = (uint32_t)x->n_groups;
    x->last_group = x->n_groups;
    return g;
}

/* long: institution, question, value[, respondent][, evidence]. */
static void long_row(struct run *x, const struct csv_row *row)
{
    int ci = x->c_inst, cq = x->c_code, cv = x->c_value, cr = x->c_resp, ce = x->c_ev,
        co = x->c_official;
    if (cq < 0 || cv < 0)
        return; /* reported with the header */
    int inst = ci >= 0 ? find_institution(x, row, ci) : -1;
    const char *code = row_code(x, row, cq);
    if (!code)
        return;
    int q = run_question(x, code);
    if (q < 0 && ingest_sibling_knows(x->src, code))
        return; /* a row of another framework the file feeds (framework = A, B) */
    if (!*code) {
        cell_error(x, row, cq, "no question code (the cell is empty)");
    } else if (q < 0) {
        int k = ingest_find_indicator(x->fw, code);
        const char *sim = ingest_similar(code, ingest_question_code_at, x->fw,
                                         x->fw->n_questions);
        if ((k >= 0 && !(x->fw->nodes[k].question && *x->fw->nodes[k].question)) ||
            ingest_find_variable(x->fw, code) >= 0)
            cell_error(x, row, cq, "%s is %s, not a question (its values go in an admin file)",
                       code,
                       k >= 0 ? msg_tr("an indicator without question") : msg_tr("a variable"));
        else if (sim)
            cell_error(x, row, cq, "unknown question \"%s\" (did you mean %s?)", code, sim);
        else
            cell_error(x, row, cq, "unknown question \"%s\" (not in the %s questionnaire)", code,
                       x->fw_label);
    }
    const char *resp = cr >= 0 ? row->field[cr] : "";
    const char *v = row->field[cv];
    const char *ev = ce >= 0 ? row->field[ce] : NULL;
    int official = co >= 0 ? parse_flag(x, row, co) : 0;
    if (q >= 0 && inst >= 0) {
        struct group *g = long_group(x, inst, resp, row->line);
        /* an empty required value counts as answered here: it is reported below */
        uint32_t first = cell_put(g, q, x->fw->n_questions, row->line);
        if (first)
            cell_error(x, row, cq, "duplicate answer to %s from %s%s%s%s (first at line %lu)",
                       x->fw->questions[q].code, x->reg->items[inst].code,
                       *resp ? msg_tr(", respondent \"") : "", resp, *resp ? "\"" : "",
                       (unsigned long)first);
    }
    if (q >= 0) {
        const struct question *qq = &x->fw->questions[q];
        double number;
        char why[1024];
        if (!*v) {
            if (qq->required)
                cell_error(x, row, cv,
                           "missing answer to required question %s (the value is empty)",
                           qq->code);
        } else if (is_missing_code(x, v)) {
            skipped_note(&x->missing_codes, row->line);
        } else if (answer_parse(qq, v, x->src->decimal_comma, &number, why, sizeof why) != 0) {
            bad_answer(x, q, v, why, row, cv);
        } else if (!lacks_evidence(x, q, v, number, ev, ce >= 0, row, ce >= 0 ? ce : cv)) {
            emit(x, inst, qq->code, resp, v, number, ev, official, row->line);
        }
    }
}

/* Long tables: every (institution, respondent) must answer the required
   questions; reported at the group's first row. */
static void long_required(struct run *x)
{
    for (size_t k = 0; k < x->n_groups; k++) {
        const struct group *g = &x->groups[k];
        const char *resp = x->names.buf + g->resp;
        for (int r = 0; r < x->n_required; r++) {
            int q = x->required[r];
            if (!cell_get(g, q))
                diag_error(x->d, EX_DATAERR_, x->file, g->line, 0,
                           "%s%s%s%s: no answer to required question %s",
                           x->reg->items[g->inst].code,
                           *resp ? msg_tr(", respondent \"") : "", resp,
                           *resp ? "\"" : "", x->fw->questions[q].code);
        }
    }
}

/* admin: institution, indicator, value, source. */
static void admin_row(struct run *x, const struct csv_row *row)
{
    int ci = x->c_inst, cc = x->c_code, cv = x->c_value, cs = x->c_source;
    if (cc < 0 || cv < 0)
        return; /* reported with the header */
    int inst = ci >= 0 ? find_institution(x, row, ci) : -1;
    const char *code = row_code(x, row, cc);
    if (!code)
        return;
    const char *stored = NULL; /* the framework's spelling of the code */
    int k = ingest_find_indicator(x->fw, code), var = ingest_find_variable(x->fw, code);
    if (k < 0 && var < 0 && run_question(x, code) < 0 && ingest_sibling_knows(x->src, code))
        return; /* a row of another framework the file feeds (framework = A, B) */
    if (!*code) {
        cell_error(x, row, cc, "no indicator code (the cell is empty)");
    } else if (k >= 0 && x->fw->nodes[k].question && *x->fw->nodes[k].question) {
        cell_error(x, row, cc,
                   "indicator %s reads question %s: its values come from the survey, not from "
                   "admin data",
                   code, x->fw->nodes[k].question);
    } else if (k >= 0) {
        stored = x->fw->nodes[k].code;
    } else if (var >= 0) {
        stored = x->fw->variables[var];
    } else if (run_question(x, code) >= 0) {
        cell_error(x, row, cc,
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
            cell_error(x, row, cc, "unknown indicator or variable \"%s\" (did you mean %s?)",
                       code, sim);
        else
            cell_error(x, row, cc,
                       "unknown indicator or variable \"%s\" (expected an indicator of %s without "
                       "question, or one of its [variables])",
                       code, x->fw_label);
    }
    if (stored && inst >= 0) {
        strbuf_reset(&x->scratch);
        strbuf_addf(&x->scratch, "%s\x1f%s", x->reg->items[inst].code, stored);
        long first = seen_put(&x->dup, x->scratch.buf, row->line);
        if (first)
            cell_error(x, row, cc, "duplicate value of %s for %s (first at line %ld)", stored,
                       x->reg->items[inst].code, first);
    }
    const char *v = row->field[cv];
    const char *src = cs >= 0 ? row->field[cs] : NULL;
    double number;
    if (is_missing_word(v) || is_missing_code(x, v)) {
        /* missing */
    } else if (csv_parse_number(v, x->src->decimal_comma, &number) != 0) {
        cell_error(x, row, cv,
                   "\"%s\" is not a number (expected a number%s; empty or NA = missing)", v,
                   x->src->decimal_comma ? msg_tr(" with a decimal comma") : "");
    } else if (stored) {
        emit(x, inst, stored, "", v, number, src, 0, row->line);
    }
}

/* Trim every field of row in place (whitespace and NBSP around it, as
   ingest_trim does); 1 if they are all empty then. */
static int trim_row(struct csv_row *row)
{
    int empty = 1;
    for (int i = 0; i < row->n; i++) {
        char *f = row->field[i];
        size_t n = row->len[i];
        if (n && (f[0] == ' ' || f[0] == '\t' || f[0] == '\r' || f[0] == '\n' ||
                  (unsigned char)f[0] == 0xC2 || f[n - 1] == ' ' || f[n - 1] == '\t' ||
                  f[n - 1] == '\r' || f[n - 1] == '\n' || (unsigned char)f[n - 1] == 0xA0)) {
            size_t b, e;
            ingest_trim_span(f, n, &b, &e);
            f[e] = '\0';
            row->field[i] = f + b;
            row->len[i] = n = e - b;
        }
        if (n)
            empty = 0;
    }
    return empty;
}

/* Everything per file that does not depend on the rows. */
static void run_prepare(struct run *x)
{
    const struct framework *fw = x->fw;
    x->c_inst = column_with(x, COL_INSTITUTION);
    x->c_code = column_with(x, COL_CODE);
    x->c_value = column_with(x, COL_VALUE);
    x->c_resp = column_with(x, COL_RESPONDENT);
    x->c_ev = column_with(x, COL_EVIDENCE);
    x->c_official = column_with(x, COL_OFFICIAL);
    x->c_submitted = column_with(x, COL_SUBMITTED);
    x->c_source = column_with(x, COL_SOURCE);
    x->c_year = column_with(x, COL_YEAR);
    if (x->src->year_column && x->c_year < 0)
        diag_error(x->d, EX_DATAERR_, x->file, 1, 0,
                   "no column \"%s\" (named by columns = year:%s in [survey.%s])",
                   x->src->year_column, x->src->year_column, x->src->id ? x->src->id : "ID");
    x->has_unnamed = column_with(x, COL_UNNAMED) >= 0;
    x->ans_col = xmalloc(((size_t)fw->n_questions + 1) * sizeof *x->ans_col);
    x->ev_col = xmalloc(((size_t)fw->n_questions + 1) * sizeof *x->ev_col);
    x->ev_node = xmalloc(((size_t)fw->n_questions + 1) * sizeof *x->ev_node);
    x->required = xmalloc(((size_t)fw->n_questions + 1) * sizeof *x->required);
    for (int q = 0; q < fw->n_questions; q++) {
        x->ans_col[q] = x->ev_col[q] = -1;
        x->ev_node[q] = ingest_evidence_node(fw, q);
        strmap_put(&x->qcode, fw->questions[q].code, q);
        if (fw->questions[q].required)
            x->required[x->n_required++] = q;
    }
    for (int i = x->n_cols - 1; i >= 0; i--) {
        if (x->cols[i].role == COL_ANSWER)
            x->ans_col[x->cols[i].q] = i;
        else if (x->cols[i].role == COL_EVIDENCE && x->cols[i].q >= 0)
            x->ev_col[x->cols[i].q] = i;
    }
    for (int k = 0; k < x->reg->n; k++)
        strmap_put(&x->inst_code, x->reg->items[k].code, k);
    for (int k = 0; x->map && k < x->map->n; k++)
        strmap_put(&x->mapped, x->map->column[k], k); /* the first entry, as ingest_map_find */
    x->c_review = column_with(x, COL_REVIEW);
    char **codes = x->src->missing_codes_set ? x->src->missing_codes : fw->missing_codes;
    int n = x->src->missing_codes_set ? x->src->n_missing_codes : fw->n_missing_codes;
    x->missing = xcalloc((size_t)(n ? n : 1), sizeof *x->missing);
    for (int i = 0; i < n; i++)
        x->missing[x->n_missing++] = utf8_fold(codes[i]);
    x->fixed_inst = -1;
    if (x->src->institution) {
        x->fixed_inst = strmap_get(&x->inst_code, x->src->institution);
        if (x->fixed_inst < 0)
            diag_error(x->d, EX_DATAERR_, x->file, 0, 0,
                       "institution = %s in [survey.%s] is not in %s (expected one of its codes)",
                       x->src->institution, x->src->id ? x->src->id : "ID",
                       x->reg->path ? x->reg->path : "the registry");
    }
}

/* The rows and answers set aside, one line each. */
static void run_report(struct run *x)
{
    char buf[160];
    const char *id = x->src->id ? x->src->id : "ID";
    if (x->rejected.n)
        diag_warning(x->d, x->file, 0, 0,
                     "%ld submission%s with ReviewState = rejected left out (%s)", x->rejected.n,
                     x->rejected.n == 1 ? "" : "s", skipped_lines(&x->rejected, buf, sizeof buf));
    if (x->incomplete.n)
        diag_warning(x->d, x->file, 0, 0, "%ld incomplete response%s (empty %s) skipped (%s)",
                     x->incomplete.n, x->incomplete.n == 1 ? "" : "s",
                     column_name(x, x->c_submitted),
                     skipped_lines(&x->incomplete, buf, sizeof buf));
    if (x->no_inst.n)
        diag_warning(x->d, x->file, 0, 0,
                     "%ld row%s without an institution (column \"%s\" empty) skipped (%s); set "
                     "empty_institution = error in [survey.%s] to refuse such rows",
                     x->no_inst.n, x->no_inst.n == 1 ? "" : "s", column_name(x, x->c_inst),
                     skipped_lines(&x->no_inst, buf, sizeof buf), id);
    if (x->short_rows.n)
        diag_warning(x->d, x->file, 0, 0,
                     "%ld row%s had fewer fields than the header, as ODK Briefcase writes them; "
                     "the missing last fields were read as empty (%s)",
                     x->short_rows.n, x->short_rows.n == 1 ? "" : "s",
                     skipped_lines(&x->short_rows, buf, sizeof buf));
    if (x->missing_codes.n)
        diag_warning(x->d, x->file, 0, 0,
                     "%ld answer%s held a no-answer code (missing_codes) and count as not "
                     "answered (%s)",
                     x->missing_codes.n, x->missing_codes.n == 1 ? "" : "s",
                     skipped_lines(&x->missing_codes, buf, sizeof buf));
    if (x->other_years.n)
        diag_warning(x->d, x->file, 0, 0,
                     "%ld row%s of other years than %d left out (%s); set other_years = error in "
                     "[survey.%s] to refuse them",
                     x->other_years.n, x->other_years.n == 1 ? "" : "s", x->src->year,
                     skipped_lines(&x->other_years, buf, sizeof buf), id);
    if (x->other_text.n)
        diag_warning(x->d, x->file, 0, 0,
                     "%ld %s text that is no option, such as \"%s\": "
                     "kept as written, not scored (%s)",
                     x->other_text.n,
                     x->other_text.n == 1 ? msg_tr("multiple-choice answer holds")
                                          : msg_tr("multiple-choice answers hold"),
                     x->other_item,
                     skipped_lines(&x->other_text, buf, sizeof buf));
}

static void run_release(struct run *x)
{
    for (int i = 0; i < x->n_cols; i++)
        free(x->cols[i].header);
    free(x->cols);
    free(x->ans_col);
    free(x->ev_col);
    free(x->ev_node);
    free(x->required);
    seen_release(&x->dup);
    free(x->inst_line);
    strmap_release(&x->inst_code);
    strmap_release(&x->inst_name);
    strmap_release(&x->qcode);
    strmap_release(&x->mapped);
    free(x->fw_label);
    for (size_t g = 0; g < x->n_groups; g++)
        free(x->groups[g].cell);
    free(x->groups);
    free(x->group_slot);
    strbuf_release(&x->names);
    strbuf_release(&x->scratch);
    free(x->pad_field);
    free(x->pad_len);
    free(x->pad_col);
    free(x->pad_line);
    for (int i = 0; i < x->n_missing; i++)
        free(x->missing[i]);
    free(x->missing);
    struct skipped *k[] = {&x->rejected, &x->incomplete, &x->no_inst, &x->short_rows,
                           &x->missing_codes, &x->other_text, &x->other_years};
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        strbuf_release(&k[i]->lines);
}

/* Where the rows come from: a CSV file, or a sheet of an .xlsx workbook. */
struct rows {
    struct csv_reader *csv;
    struct xlsx_reader *xlsx;
};

static int is_xlsx(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && (strcasecmp(path + n - 5, ".xlsx") == 0 || strcasecmp(path + n - 5, ".xlsm") == 0);
}

/* Open src's file; the name for messages goes to *where ("file.xlsx" plus
   the sheet for a workbook).  0, or -1 recorded. */
static int rows_open(struct rows *r, const struct survey_source *src, const char *file,
                     const char *section, const char **where, struct diag *d)
{
    memset(r, 0, sizeof *r);
    *where = file;
    if (is_xlsx(src->path)) {
        if (src->encoding || src->sep)
            diag_error(d, EX_DATAERR_, file, 0, 0,
                       "encoding and separator apply to CSV files, not to an .xlsx workbook "
                       "(remove them from [%s])",
                       section);
        r->xlsx = xlsx_open(src->path, src->sheet, file, d);
        if (r->xlsx)
            *where = xlsx_where(r->xlsx);
        return r->xlsx ? 0 : -1;
    }
    if (src->sheet)
        diag_error(d, EX_DATAERR_, file, 0, 0,
                   "sheet = %s applies to .xlsx workbooks, not to a CSV file (remove it from "
                   "[%s])",
                   src->sheet, section);
    struct csv_options opt = {.sep = src->sep, .encoding = src->encoding, .name = file,
                              .config_section = section, .what = msg_tr("survey file"),
                              .where = src->named_in};
    r->csv = csv_open(src->path, &opt, d);
    return r->csv ? 0 : -1;
}

/* The SHA-256 of what was read: a CSV's from the bytes the reader took in
   its one pass (so a pipe works); an .xlsx is a zip read at random, so its
   file is hashed on its own (it must be a regular file to be opened). */
static int rows_sha256(const struct rows *r, const struct survey_source *src, char sha[65])
{
    if (r->csv)
        return csv_sha256(r->csv, sha);
    if (r->xlsx)
        return sha256_file(src->path, sha);
    return -1;
}

static int rows_next(struct rows *r, struct csv_row *row, struct diag *d)
{
    if (r->csv)
        return csv_next(r->csv, row, d);
    if (r->xlsx)
        return xlsx_next(r->xlsx, row, d);
    return -1;
}

static void rows_close(struct rows *r)
{
    csv_close(r->csv);
    xlsx_close(r->xlsx);
}

/* KoboToolbox may write a second header line of HXL hashtags ("#symmetry"):
   every non-empty cell starts with '#'. */
static int is_hxl_row(const struct csv_row *row)
{
    int any = 0;
    for (int i = 0; i < row->n; i++) {
        if (!row->len[i])
            continue;
        if (row->field[i][0] != '#')
            return 0;
        any = 1;
    }
    return any;
}

/* A row with fewer fields than the header, as ODK Briefcase writes them:
   the missing last fields are empty (in x's own arrays). */
static void pad_row(struct run *x, struct csv_row *row, struct csv_row *padded)
{
    int n = x->n_cols;
    if (!x->pad_field) {
        x->pad_field = xcalloc((size_t)n, sizeof *x->pad_field);
        x->pad_len = xcalloc((size_t)n, sizeof *x->pad_len);
        x->pad_col = xcalloc((size_t)n, sizeof *x->pad_col);
        x->pad_line = xcalloc((size_t)n, sizeof *x->pad_line);
    }
    static char empty[1];
    for (int i = 0; i < n; i++) {
        int have = i < row->n;
        x->pad_field[i] = have ? row->field[i] : empty;
        x->pad_len[i] = have ? row->len[i] : 0;
        x->pad_col[i] = have ? row->col[i] : (row->n ? row->col[row->n - 1] + 1 : 1);
        x->pad_line[i] = have ? row->fline[i] : row->line;
    }
    *padded = *row;
    padded->field = x->pad_field;
    padded->len = x->pad_len;
    padded->col = x->pad_col;
    padded->fline = x->pad_line;
    padded->n = n;
}

/* A panel file (columns = year:H): 1 if the row is of this round; other
   years are noted (or refused with other_years = error). */
static int row_of_round(struct run *x, const struct csv_row *row)
{
    int c = x->c_year;
    if (c < 0)
        return 1;
    const char *v = c < row->n ? row->field[c] : "";
    char *end;
    long y = strtol(v, &end, 10);
    if (!*v || *end || y < 1900 || y > 9999) {
        cell_error(x, row, c, "year \"%s\" (expected a year such as %d)", v, x->src->year);
        return 0;
    }
    if (y == x->src->year)
        return 1;
    if (x->src->other_years_error)
        cell_error(x, row, c,
                   "a row of %ld in a file read for %d (other_years = error in [survey.%s]; "
                   "expected only %d)",
                   y, x->src->year, x->src->id ? x->src->id : "ID", x->src->year);
    else
        skipped_note(&x->other_years, row->fline[c]);
    return 0;
}

/* Hand one data row to its shape's reader. */
static void read_row(struct run *x, struct csv_row *row)
{
    if (x->has_unnamed)
        check_unnamed(x, row);
    if (!row_of_round(x, row))
        return;
    switch (x->src->shape) {
    case SHAPE_KOBO:
    case SHAPE_LIMESURVEY:
    case SHAPE_GFORMS:
        respondent_row(x, row);
        break;
    case SHAPE_LONG:
        long_row(x, row);
        break;
    case SHAPE_ADMIN:
        admin_row(x, row);
        break;
    case SHAPE_WIDE:
        wide_row(x, row);
        break;
    }
}

int ingest_file(const struct survey_source *src, const struct framework *fw,
                const struct registry *reg, const struct answer_sink *sink, struct diag *d)
{
    return ingest_file_hashed(src, fw, reg, sink, NULL, d);
}

/* A file with a header and no rows: an export taken before anyone answered,
   or cut short.  Loading it would replace the round's answers from this file
   with none, and every indicator would be imputed: an error unless the
   config says it is meant. */
static void header_only(const struct survey_source *src, const char *file, struct diag *d)
{
    if (src->allow_empty)
        diag_warning(d, file, 0, 0, "no data rows (the file has only a header)");
    else
        diag_error(d, EX_DATAERR_, file, 0, 0,
                   "the file has a header but no rows (expected answers; loading it would leave "
                   "the round no answers from this file: set allow_empty = yes in its "
                   "[survey.%s] section if that is meant)",
                   src->id ? src->id : "ID");
}

int ingest_file_hashed(const struct survey_source *src, const struct framework *fw,
                       const struct registry *reg, const struct answer_sink *sink, char sha[65],
                       struct diag *d)
{
    if (!src || !fw || !reg || !sink || !sink->put)
        BUG("ingest_file() needs a source, a framework, a registry and a sink");
    long e0 = d->n_errors;
    const char *file = src->display ? src->display : src->path;
    char *section = xasprintf("survey.%s", src->id ? src->id : "ID");
    struct ingest_map map = {0};
    struct run x = {.src = src, .fw = fw, .reg = reg, .map = &map, .file = file, .d = d,
                    .sink = sink, .last_inst = -1, .answer_file = file,
                    .fw_label = ingest_fw_label(src, fw)};
    strbuf_init(&x.names);
    strbuf_init(&x.scratch);
    struct skipped *k[] = {&x.rejected, &x.incomplete, &x.no_inst, &x.short_rows,
                           &x.missing_codes, &x.other_text, &x.other_years};
    for (size_t i = 0; i < sizeof k / sizeof *k; i++)
        strbuf_init(&k[i]->lines);
    if (src->mapping)
        ingest_map_load(src->mapping, fw, src, &map, d); /* go on: report the file too */
    struct rows in;
    struct csv_row row;
    int rc = rows_open(&in, src, file, section, &x.file, d) == 0 ? rows_next(&in, &row, d) : -1;
    if (rc == 0)
        diag_error(d, EX_DATAERR_, x.file, 0, 0, "the file is empty (expected a header line)");
    if (rc == 1) {
        x.n_cols = row.n;
        x.cols = xcalloc((size_t)row.n, sizeof *x.cols);
        ingest_columns(src, fw, &map, x.file, &row, x.cols, d);
        run_prepare(&x);
        long rows = 0;
        while ((rc = rows_next(&in, &row, d)) == 1) {
            struct csv_row padded;
            if (row.n < x.n_cols && src->odk) {
                skipped_note(&x.short_rows, row.line);
                pad_row(&x, &row, &padded);
                row = padded;
            }
            if (row.n != x.n_cols) {
                diag_error(d, EX_DATAERR_, x.file, row.line, 0, "expected %d fields, found %d",
                           x.n_cols, row.n);
                continue;
            }
            if (trim_row(&row))
                continue; /* ",,,," lines that spreadsheets leave behind */
            if (rows == 0 && src->shape == SHAPE_KOBO && is_hxl_row(&row))
                continue;
            rows++;
            read_row(&x, &row);
        }
        if (src->shape == SHAPE_LONG && rc == 0)
            long_required(&x); /* not after a syntax error: the file was cut short */
        if (rc == 0 && rows == 0)
            header_only(src, x.file, d);
        run_report(&x);
    }
    if (sha && rows_sha256(&in, src, sha) != 0)
        sha[0] = '\0';
    run_release(&x);
    ingest_map_release(&map);
    rows_close(&in);
    free(section);
    return d->n_errors > e0 ? -1 : 0;
}

/* ------------------------------------------------------------------------ */
/* Sinks                                                                     */
/* ------------------------------------------------------------------------ */

static int count_put(void *ctx, const struct answer *a)
{
    (void)a;
    (*(size_t *)ctx)++;
    return 0;
}

void answer_sink_counter(struct answer_sink *k, size_t *count)
{
    k->put = count_put;
    k->ctx = count;
}

static int set_put(void *ctx, const struct answer *a)
{
    answer_set_push(ctx, a);
    return 0;
}

int ingest_file_to_set(const struct survey_source *src, const struct framework *fw,
                       const struct registry *reg, struct answer_set *out, struct diag *d)
{
    size_t n0 = out->n;
    struct answer_sink k = {set_put, out};
    int rc = ingest_file(src, fw, reg, &k, d);
    if (rc != 0) { /* all or nothing: take back what was delivered */
        while (out->n > n0)
            answer_free_strings(&out->items[--out->n]);
    }
    return rc;
}
