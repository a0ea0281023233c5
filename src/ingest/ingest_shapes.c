/*
 * ingest_shapes.c — what each column of an export holds.
 *
 * The six shapes differ almost only in their header line: a Kobo header is a
 * path ending in the question code, a LimeSurvey header is a code with an
 * optional [sub-question], a Google Forms header is the question text, and
 * the long/admin/wide tables have fixed or code-named columns.  So each
 * shape is reduced here to a struct ingest_column per column, and ingest.c
 * reads the rows of every shape with the same few loops.
 *
 * Also here: the lookups in the framework and the mapping file.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fnmatch.h>

#include "framework.h"
#include "ingest.h"
#include "strbuf.h"
#include "utf8.h"
#include "messages.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

static int is_space_at(const char *s, size_t i, size_t n, size_t *w)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        *w = 1;
        return 1;
    }
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
        *w = 2; /* NBSP, which spreadsheets put around numbers */
        return 1;
    }
    return 0;
}

void ingest_trim_span(const char *s, size_t n, size_t *begin, size_t *end)
{
    size_t b = 0, w;
    while (b < n && is_space_at(s, b, n, &w))
        b += w;
    size_t e = n;
    for (;;) {
        if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
            e--;
        else if (e >= b + 2 && (unsigned char)s[e - 2] == 0xC2 && (unsigned char)s[e - 1] == 0xA0)
            e -= 2;
        else
            break;
    }
    *begin = b;
    *end = e;
}

char *ingest_trim(const char *s)
{
    size_t b, e;
    ingest_trim_span(s, strlen(s), &b, &e);
    return xstrndup(s + b, e - b);
}

/* Equal ignoring case and accents. */
static int same_folded(const char *a, const char *b)
{
    char *fa = utf8_fold(a), *fb = utf8_fold(b);
    int same = strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return same;
}

static int name_in(const char *h, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (same_folded(h, names[i]))
            return 1;
    return 0;
}

/* Suffix marking an evidence column: "IGD_G02#evidencia". */
static const char *const evidence_suffix[] = {"#evidencia", "#evidence", NULL};

/* If h is "CODE#evidencia", the length of CODE; else 0. */
static size_t evidence_base(const char *h)
{
    size_t n = strlen(h);
    for (int i = 0; evidence_suffix[i]; i++) {
        size_t k = strlen(evidence_suffix[i]);
        if (n > k && strcasecmp(h + n - k, evidence_suffix[i]) == 0)
            return n - k;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Lookups                                                                   */
/* ------------------------------------------------------------------------ */

int ingest_find_indicator(const struct framework *fw, const char *code)
{
    for (int i = 0; i < fw->n_nodes; i++)
        if (fw->nodes[i].is_indicator && strcmp(fw->nodes[i].code, code) == 0)
            return i;
    return -1;
}

int ingest_find_variable(const struct framework *fw, const char *code)
{
    for (int i = 0; i < fw->n_variables; i++)
        if (strcmp(fw->variables[i], code) == 0)
            return i;
    return -1;
}

/* s folded (utf8_fold) into small when it fits, else into a new string set
   in *heap (caller frees). */
static const char *fold_into(const char *s, char *small, size_t n, char **heap)
{
    if (strlen(s) < n) {
        utf8_fold_to(s, small);
        return small;
    }
    return *heap = utf8_fold(s);
}

int ingest_find_option(const struct question *q, const char *value)
{
    for (int i = 0; i < q->n_options; i++)
        if (strcmp(q->options[i].code, value) == 0)
            return i;
    for (int i = 0; i < q->n_options; i++)
        for (int l = 0; l < LANG_COUNT; l++)
            if (q->options[i].label[l] && strcmp(q->options[i].label[l], value) == 0)
                return i;
    char vbuf[128], obuf[128];
    char *vheap = NULL;
    const char *fv = fold_into(value, vbuf, sizeof vbuf, &vheap);
    int found = -1;
    for (int i = 0; i < q->n_options && found < 0; i++) {
        for (int l = -1; l < LANG_COUNT && found < 0; l++) {
            const char *c = l < 0 ? q->options[i].code : q->options[i].label[l];
            if (!c)
                continue;
            char *oheap = NULL;
            if (strcmp(fold_into(c, obuf, sizeof obuf, &oheap), fv) == 0)
                found = i;
            free(oheap);
        }
    }
    free(vheap);
    return found;
}

int ingest_evidence_node(const struct framework *fw, int q)
{
    for (int i = 0; i < fw->n_nodes; i++) {
        const struct node *nd = &fw->nodes[i];
        if (nd->is_indicator && nd->evidence_required && nd->question &&
            strcmp(nd->question, fw->questions[q].code) == 0)
            return i;
    }
    return -1;
}

const char *ingest_similar(const char *given, const char *(*name_at)(const void *set, int i),
                           const void *set, int n)
{
    char *fg = utf8_fold(given);
    const char *best = NULL;
    for (int i = 0; i < n && !best; i++) {
        const char *c = name_at(set, i);
        if (!c || strcmp(c, given) == 0)
            continue;
        char *fc = utf8_fold(c);
        if (strcmp(fc, fg) == 0)
            best = c;
        free(fc);
    }
    free(fg);
    return best;
}

const char *ingest_question_code_at(const void *fw, int i)
{
    return ((const struct framework *)fw)->questions[i].code;
}

/* ------------------------------------------------------------------------ */
/* The mapping file                                                          */
/* ------------------------------------------------------------------------ */

void ingest_map_release(struct ingest_map *m)
{
    for (int i = 0; i < m->n; i++) {
        free(m->column[i]);
        free(m->target[i]);
    }
    free(m->column);
    free(m->target);
    free(m->line);
    memset(m, 0, sizeof *m);
}

/* Is target something a column (or code) may be mapped to in this shape? */
static int target_known(const struct framework *fw, enum survey_shape shape, const char *t)
{
    if (!*t)
        return 1;
    size_t base = evidence_base(t);
    if (base) {
        char *q = xstrndup(t, base);
        int known = ingest_find_question(fw, q) >= 0;
        free(q);
        return known;
    }
    if (ingest_find_question(fw, t) >= 0)
        return 1;
    return (shape == SHAPE_ADMIN || shape == SHAPE_WIDE) &&
           (ingest_find_indicator(fw, t) >= 0 || ingest_find_variable(fw, t) >= 0);
}

int ingest_sibling_knows(const struct survey_source *src, const char *code)
{
    for (int k = 0; k < src->n_fw_siblings; k++)
        if (*code && target_known(src->fw_siblings[k], src->shape, code))
            return 1;
    return 0;
}

char *ingest_fw_label(const struct survey_source *src, const struct framework *fw)
{
    if (src->n_fw_list < 2)
        return xstrdup(fw->code ? fw->code : msg_tr("the framework"));
    struct strbuf sb;
    strbuf_init(&sb);
    for (int k = 0; k < src->n_fw_list; k++)
        strbuf_addf(&sb, "%s%s", k ? "/" : "", src->fw_list[k]);
    char *label = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach leaves sb initialised */
    return label;
}

int ingest_map_load(const char *path, const struct framework *fw,
                    const struct survey_source *src, struct ingest_map *m, struct diag *d)
{
    enum survey_shape shape = src->shape;
    static const char *const col_names[] = {"column", "columna", NULL};
    static const char *const tgt_names[] = {"question", "pregunta", NULL};
    memset(m, 0, sizeof *m);
    long e0 = d->n_errors;
    struct csv_reader *r = csv_open(path, NULL, d);
    if (!r)
        return -1;
    struct csv_row row;
    int rc = csv_next(r, &row, d);
    int c = -1, t = -1, n_cols = 0;
    if (rc == 1) {
        n_cols = row.n;
        for (int i = 0; i < row.n; i++) {
            char *h = ingest_trim(row.field[i]);
            if (name_in(h, col_names))
                c = i;
            else if (name_in(h, tgt_names))
                t = i;
            free(h);
        }
    }
    if (rc == 0 || (rc == 1 && (c < 0 || t < 0)))
        diag_error(d, EX_DATAERR_, path, 1, 0,
                   "a mapping file needs the header column,question");
    size_t cap = 0, cap2, cap3;
    while (c >= 0 && t >= 0 && (rc = csv_next(r, &row, d)) == 1) {
        if (row.n != n_cols) {
            diag_error(d, EX_DATAERR_, path, row.line, 0, "expected %d fields, found %d", n_cols,
                       row.n);
            continue;
        }
        char *col = ingest_trim(row.field[c]);
        char *tgt = ingest_trim(row.field[t]);
        int bad = 0;
        if (!*col)
            bad = diag_error(d, EX_DATAERR_, path, row.fline[c], row.col[c],
                             "empty column name (expected the header as the export writes it)");
        for (int i = 0; !bad && i < m->n; i++)
            if (strcmp(m->column[i], col) == 0)
                bad = diag_error(d, EX_DATAERR_, path, row.fline[c], row.col[c],
                                 "column \"%s\" is mapped twice (first at line %ld)", col,
                                 m->line[i]);
        if (!bad && !target_known(fw, shape, tgt) && !ingest_sibling_knows(src, tgt)) {
            const char *sim = ingest_similar(tgt, ingest_question_code_at, fw, fw->n_questions);
            if (sim)
                bad = diag_error(d, EX_DATAERR_, path, row.fline[t], row.col[t],
                                 "unknown question \"%s\" (did you mean %s?)", tgt, sim);
            else
                bad = diag_error(d, EX_DATAERR_, path, row.fline[t], row.col[t],
                                 "unknown question \"%s\"", tgt);
        }
        if (bad) {
            free(col);
            free(tgt);
            continue;
        }
        cap2 = cap3 = cap;
        m->column = xgrow(m->column, &cap, (size_t)m->n + 1, sizeof *m->column);
        m->target = xgrow(m->target, &cap2, (size_t)m->n + 1, sizeof *m->target);
        m->line = xgrow(m->line, &cap3, (size_t)m->n + 1, sizeof *m->line);
        m->column[m->n] = col;
        m->target[m->n] = tgt;
        m->line[m->n++] = row.line;
    }
    csv_close(r);
    if (d->n_errors > e0) {
        ingest_map_release(m);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Headers                                                                   */
/* ------------------------------------------------------------------------ */

/* Default names of the fixed columns of long/admin/wide tables. */
static const char *const inst_names[] = {"institution", "institucion", "uCode", NULL};
static const char *const question_names[] = {"question", "pregunta", NULL};
static const char *const indicator_names[] = {"indicator", "indicador", NULL};
static const char *const value_names[] = {"value", "valor", NULL};
static const char *const respondent_names[] = {"respondent", "respondente", "encuestado", NULL};
static const char *const evidence_names[] = {"evidence", "evidencia", NULL};
static const char *const official_names[] = {"official", "oficial", NULL};
static const char *const source_names[] = {"source", "fuente", NULL};

/* Everything ingest_columns() needs while looking at one header. */
struct hctx {
    const struct survey_source *src;
    const struct framework *fw;
    const char *file;
    struct diag *d;
    long line;                 /* header line                                */
    struct qindex qi;          /* questions by code and by text              */
    const struct ingest_map *map;
    int sibling;               /* this is a sibling framework's look at a
                                  column (ingest_sibling_column)            */
};

static void shape_column(const struct hctx *x, const struct csv_row *hdr, int i,
                         struct ingest_column *c);

/* framework = A, B: does another framework the file feeds know column i of
   hdr (a question, option, evidence or data column of its own, or one it
   skips as the shape's)? */
static int sibling_column(const struct hctx *x, const struct csv_row *hdr, int i,
                          const struct ingest_column *c)
{
    int taken = 0;
    for (int k = 0; k < x->src->n_fw_siblings && !taken && !x->sibling; k++) {
        struct diag quiet;
        diag_init(&quiet);
        struct hctx y = {.src = x->src, .fw = x->src->fw_siblings[k], .file = x->file,
                         .d = &quiet, .line = x->line, .map = x->map, .sibling = 1};
        qindex_init(&y.qi, y.fw, y.map);
        struct ingest_column t = {.role = COL_IGNORE, .q = -1, .opt = -1, .header = c->header};
        shape_column(&y, hdr, i, &t);
        /* its question, option, evidence or data, or a column it knows to
           skip (a LimeSurvey question's "other" text) */
        taken = t.role != COL_OTHER && quiet.n_errors == 0;
        qindex_release(&y.qi);
        diag_release(&quiet);
    }
    return taken;
}

const char *ingest_column_letter(int i, char *buf)
{
    char tmp[8];
    int n = 0;
    for (int k = i + 1; k > 0 && n < 7; k = (k - 1) / 26)
        tmp[n++] = (char)('A' + (k - 1) % 26);
    for (int j = 0; j < n; j++)
        buf[j] = tmp[n - 1 - j];
    buf[n] = '\0';
    return buf;
}

int ingest_field_error(struct diag *d, const char *file, const struct csv_row *row, int i,
                       const char *header, const char *fmt, va_list ap)
{
    char letter[8];
    char *msg = xvasprintf(msg_tr(fmt), ap);
    if (header && *header)
        diag_error(d, EX_DATAERR_, file, row->fline[i], row->col[i], "column %s (%s): %s",
                   header, ingest_column_letter(i, letter), msg);
    else
        diag_error(d, EX_DATAERR_, file, row->fline[i], row->col[i], "column %s: %s",
                   ingest_column_letter(i, letter), msg);
    free(msg);
    return -1;
}

/* An error in header field i, located as cell errors are. */
__attribute__((format(printf, 4, 5))) static void header_error(const struct hctx *x,
                                                                const struct csv_row *hdr, int i,
                                                                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ingest_field_error(x->d, x->file, hdr, i, hdr->field[i], fmt, ap);
    va_end(ap);
}

/* Kobo header "group/sub/question" (or with '.'): the last element and the
   one before it (empty if none), as copies. */
static void kobo_split(const char *h, char **last, char **prev)
{
    const char *e = h + strlen(h), *p = e;
    while (p > h && p[-1] != '/' && p[-1] != '.')
        p--;
    *last = xstrdup(p);
    if (p == h) {
        *prev = xstrdup("");
        return;
    }
    const char *pe = p - 1, *ps = pe;
    while (ps > h && ps[-1] != '/' && ps[-1] != '.')
        ps--;
    *prev = xstrndup(ps, (size_t)(pe - ps));
}

/* A column no question uses: an error when its name is a question code
   spelt differently (a typo would lose the answers), else COL_OTHER, which
   other_columns decides about once every column is known. */
static void other_column(const struct hctx *x, const struct csv_row *hdr, int i,
                         struct ingest_column *c, const char *code)
{
    const struct framework *fw = x->fw;
    if (sibling_column(x, hdr, i, c)) { /* another framework's (framework = A, B) */
        c->role = COL_IGNORE;
        return;
    }
    const char *sim = ingest_similar(code, ingest_question_code_at, fw, fw->n_questions);
    if (sim) {
        header_error(x, hdr, i, "unknown question \"%s\" (did you mean %s?)", code, sim);
        return;
    }
    c->role = COL_OTHER;
}

/* Apply a mapping target (already validated) to column c. */
static void apply_target(const struct framework *fw, enum survey_shape shape, const char *t,
                         struct ingest_column *c)
{
    if (!*t) {
        c->role = COL_IGNORE;
        return;
    }
    size_t base = evidence_base(t);
    if (base) {
        char *q = xstrndup(t, base);
        c->q = ingest_find_question(fw, q);
        c->role = c->q >= 0 ? COL_EVIDENCE : COL_IGNORE; /* -1: another framework's */
        free(q);
        return;
    }
    c->q = ingest_find_question(fw, t);
    if (shape != SHAPE_WIDE) {
        c->role = c->q >= 0 ? COL_ANSWER : COL_IGNORE;
        return;
    }
    c->role = COL_DATA;
    if (c->q < 0) {
        int k = ingest_find_indicator(fw, t);
        if (k >= 0 && fw->nodes[k].question && *fw->nodes[k].question)
            c->q = ingest_find_question(fw, fw->nodes[k].question);
        else if (k >= 0)
            c->code = fw->nodes[k].code;
        else if ((k = ingest_find_variable(fw, t)) >= 0)
            c->code = fw->variables[k];
        else
            c->role = COL_IGNORE; /* cannot happen: targets are checked on load */
    }
}

/* Set c from a plain code: question, "Q#evidencia", or (wide) indicator or
   variable.  1 if the code was recognised. */
static int code_column(const struct framework *fw, enum survey_shape shape, const char *code,
                       struct ingest_column *c)
{
    if (target_known(fw, shape, code) && *code) {
        apply_target(fw, shape, code, c);
        return 1;
    }
    return 0;
}

/* Separators of a group path in a header: KoboToolbox "/" or ".", ODK
   Central and Briefcase "-". */
static int is_group_sep(char ch)
{
    return ch == '/' || ch == '.' || ch == '-';
}

/* The question s[k..] stands for, for the first k (the whole of s, then
   after each separator) where one does: by code (or mapping) in a first pass,
   by text in a second (Labels exports, whose labels may hold "/" or ".").
   -1 if none; *twice is set when a text names two questions. */
static int question_in_path(const struct hctx *x, const char *s, size_t n, int *twice)
{
    char *t = xstrndup(s, n);
    int q = -1;
    *twice = -1;
    for (int pass = 0; pass < 2 && q < 0; pass++)
        for (size_t k = 0; k <= n && q < 0; k++) {
            if (k > 0 && !is_group_sep(t[k - 1]))
                continue;
            if (!t[k])
                break;
            q = pass == 0 ? qindex_code(&x->qi, t + k) : qindex_text(&x->qi, t + k, twice);
            if (q < 0 && pass == 0 && strchr(t + k, '/')) {
                /* a code with '.' read under the "/" group separator:
                   "loop/ambulance/freq" is question "ambulance.freq" */
                char *dots = xstrdup(t + k);
                for (char *p = dots; *p; p++)
                    if (*p == '/')
                        *p = '.';
                q = qindex_code(&x->qi, dots);
                free(dots);
            }
        }
    free(t);
    return q;
}

/* Option columns "question/option" (1/0, True/False): the split at each "/"
   (from the right) or other separator, with the option named by its code or
   label.  1 if c was set. */
static int option_column(const struct hctx *x, struct ingest_column *c)
{
    const char *h = c->header;
    for (size_t j = strlen(h); j-- > 1;) {
        if (!is_group_sep(h[j]))
            continue;
        int twice, q = question_in_path(x, h, j, &twice);
        if (q < 0 || x->fw->questions[q].type != ANSWER_SELECT_MULTIPLE)
            continue;
        int o = ingest_find_option(&x->fw->questions[q], h + j + 1);
        if (o < 0)
            continue;
        c->role = COL_OPTION;
        c->q = q;
        c->opt = o;
        return 1;
    }
    return 0;
}

/* "Q#evidencia" (also after a group path, or with Q's text): the evidence
   of question Q.  1 if c was set. */
static int evidence_column(const struct hctx *x, struct ingest_column *c)
{
    size_t base = evidence_base(c->header);
    if (!base || x->src->shape == SHAPE_WIDE)
        return 0;
    int twice, q = question_in_path(x, c->header, base, &twice);
    if (q < 0)
        return 0;
    c->role = COL_EVIDENCE;
    c->q = q;
    return 1;
}

/* KoboToolbox, KoBoCAT, Ona, ODK Central and Briefcase, in any of their
   export settings: XML names or labels, any group separator, select
   multiple as one column or one per option. */
static void kobo_column(const struct hctx *x, const struct csv_row *hdr, int i,
                        struct ingest_column *c)
{
    const char *h = c->header;
    int twice, q = qindex_code(&x->qi, h);
    enum system_column sys;
    if (q < 0 && (sys = ingest_system_column(SHAPE_KOBO, h)) != SYS_NONE) {
        c->role = sys == SYS_REVIEW ? COL_REVIEW : COL_IGNORE;
        return;
    }
    if (q < 0)
        q = question_in_path(x, h, strlen(h), &twice);
    if (q >= 0) {
        c->role = COL_ANSWER;
        c->q = q;
        return;
    }
    if (option_column(x, c))
        return;
    const char *last = h + strlen(h);
    while (last > h && !is_group_sep(last[-1]))
        last--;
    other_column(x, hdr, i, c, last);
}

/* LimeSurvey "Q[SQ]" (and "Q[SQ1][SQ2]"): the code "Q_SQ" ("Q_SQ1_SQ2") an
   array's sub-question has in the framework.  NULL if h is not of that form.
   Caller frees. */
static char *lime_array_code(const char *h)
{
    const char *br = strchr(h, '[');
    size_t n = strlen(h);
    if (!br || br == h || h[n - 1] != ']')
        return NULL;
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_add(&sb, h, (size_t)(br - h));
    for (const char *p = br; *p;) {
        const char *e = strchr(p, ']');
        if (*p != '[' || !e) {
            strbuf_release(&sb);
            return NULL;
        }
        strbuf_addc(&sb, '_');
        for (const char *k = p + 1; k < e; k++)
            strbuf_addc(&sb, *k == '#' ? '_' : *k);
        p = e + 1;
    }
    char *code = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach leaves sb initialised */
    return code;
}

/* LimeSurvey's "Q[other]" and "Q[comment]" columns, in code or text headings. */
static int is_other_or_comment(const char *sub)
{
    static const char *const words[] = {"other", "comment", "Otro", "Otra", "Comentario",
                                        "Anders", "Opmerking", "Sonstiges", "Kommentar",
                                        "Autre", "Commentaire", NULL};
    size_t n = strlen(sub);
    return name_in(sub, words) || (n > 7 && strcasecmp(sub + n - 7, "comment") == 0);
}

/* LimeSurvey, with "question code" or "full question text" headings. */
static void lime_column(const struct hctx *x, const struct csv_row *hdr, int i,
                        struct ingest_column *c)
{
    const char *h = c->header;
    int twice, q = qindex_code(&x->qi, h);
    enum system_column sys;
    if (q < 0 && (sys = ingest_system_column(SHAPE_LIMESURVEY, h)) != SYS_NONE) {
        c->role = sys == SYS_SUBMITTED ? COL_SUBMITTED : COL_IGNORE;
        return;
    }
    if (q < 0)
        q = qindex_text(&x->qi, h, &twice);
    if (q >= 0) {
        c->role = COL_ANSWER;
        c->q = q;
        return;
    }
    /* "Q[SQ]": an option of multiple choice Q, Q's other/comment text, or
       the array sub-question Q_SQ; the same with Q's text ("Text [Sub]") */
    size_t n = strlen(h);
    const char *br = n > 2 && h[n - 1] == ']' ? strrchr(h, '[') : NULL;
    if (br && br > h) {
        char *base = xstrndup(h, (size_t)(br - h));
        char *sub = xstrndup(br + 1, n - (size_t)(br - h) - 2);
        char *tb = ingest_trim(base), *ts = ingest_trim(sub);
        int bq = qindex_code(&x->qi, tb);
        if (bq < 0)
            bq = qindex_text(&x->qi, tb, &twice);
        char *code = lime_array_code(h);
        int aq = code ? qindex_code(&x->qi, code) : -1;
        int o = bq >= 0 && x->fw->questions[bq].type == ANSWER_SELECT_MULTIPLE
                    ? ingest_find_option(&x->fw->questions[bq], ts)
                    : -1;
        if (aq >= 0) {
            c->role = COL_ANSWER;
            c->q = aq;
        } else if (o >= 0) {
            c->role = COL_OPTION;
            c->q = bq;
            c->opt = o;
        } else if (bq >= 0 && (is_other_or_comment(ts) || !*ts)) {
            c->role = COL_IGNORE; /* the "other" text or comment of bq */
        } else if (bq >= 0 && x->fw->questions[bq].type == ANSWER_SELECT_MULTIPLE) {
            header_error(x, hdr, i, "\"%s\" is not an option of %s", ts,
                         x->fw->questions[bq].code);
        } else if (bq >= 0) {
            header_error(x, hdr, i,
                         "%s is not a multiple-choice question, and no question "
                         "%s holds this sub-question (an array's sub-question Q[SQ] is question "
                         "Q_SQ in the framework)",
                         x->fw->questions[bq].code, code ? code : ts);
        } else {
            other_column(x, hdr, i, c, code ? code : tb);
        }
        free(code);
        free(base);
        free(sub);
        free(tb);
        free(ts);
        return;
    }
    other_column(x, hdr, i, c, h);
}

/* Google Forms: the question's text as header (a grid's rows "Text [Row]"). */
static void gforms_column(const struct hctx *x, const struct csv_row *hdr, int i,
                          struct ingest_column *c)
{
    const struct framework *fw = x->fw;
    const char *h = c->header;
    int twice, q = qindex_code(&x->qi, h);
    if (q < 0 && ingest_system_column(SHAPE_GFORMS, h) != SYS_NONE) {
        c->role = COL_IGNORE;
        return;
    }
    if (q < 0)
        q = qindex_text(&x->qi, h, &twice);
    else
        twice = -1;
    if (twice >= 0) {
        header_error(x, hdr, i,
                     "the text of both %s and %s (map it by its position in a mapping file: "
                     "column #%d)",
                     fw->questions[q].code, fw->questions[twice].code, i + 1);
    } else if (q >= 0) {
        c->role = COL_ANSWER;
        c->q = q;
    } else {
        other_column(x, hdr, i, c, h);
    }
}

static void wide_column(const struct hctx *x, const struct csv_row *hdr, int i,
                        struct ingest_column *c)
{
    if (code_column(x->fw, SHAPE_WIDE, c->header, c) && c->role == COL_DATA)
        return;
    c->role = COL_IGNORE;
    c->q = -1;
    if (sibling_column(x, hdr, i, c))
        return; /* another framework's (framework = A, B) */
    const char *sim = ingest_similar(c->header, ingest_question_code_at, x->fw,
                                     x->fw->n_questions);
    for (int k = 0; !sim && k < x->fw->n_nodes; k++)
        if (x->fw->nodes[k].is_indicator && same_folded(c->header, x->fw->nodes[k].code))
            sim = x->fw->nodes[k].code;
    for (int k = 0; !sim && k < x->fw->n_variables; k++)
        if (same_folded(c->header, x->fw->variables[k]))
            sim = x->fw->variables[k];
    char *label = ingest_fw_label(x->src, x->fw);
    if (sim)
        header_error(x, hdr, i, "not an indicator or variable of %s (did you mean %s?)", label,
                     sim);
    else
        header_error(x, hdr, i,
                     "not an indicator or variable of %s (list it in ignore_columns if it is "
                     "not data)",
                     label);
    free(label);
}

/* Is h the column of a role: its configured header ([survey.ID] columns)
   when there is one, else one of the default names. */
static int role_named(const char *h, const char *configured, const char *const *defaults)
{
    return configured ? strcmp(h, configured) == 0 : name_in(h, defaults);
}

/* long and admin: fixed column names, or the ones columns = sets. */
static void table_column(const struct hctx *x, const struct csv_row *hdr, int i,
                         struct ingest_column *c)
{
    const struct survey_source *src = x->src;
    int admin = src->shape == SHAPE_ADMIN;
    if (src->year_column && strcmp(c->header, src->year_column) == 0)
        c->role = COL_YEAR;
    else if (role_named(c->header, src->code_column, admin ? indicator_names : question_names))
        c->role = COL_CODE;
    else if (role_named(c->header, src->value_column, value_names))
        c->role = COL_VALUE;
    else if (admin && role_named(c->header, src->source_column, source_names))
        c->role = COL_SOURCE;
    else if (!admin && name_in(c->header, respondent_names) && !src->respondent_column)
        c->role = COL_RESPONDENT;
    else if (!admin && role_named(c->header, src->evidence_column, evidence_names))
        c->role = COL_EVIDENCE;
    else if (!admin && name_in(c->header, official_names) && !src->official_column)
        c->role = COL_OFFICIAL;
    else
        header_error(x, hdr, i,
                     "unknown column (expected %s, or name the file's headers with "
                     "columns = role:Header in [survey.%s])",
                   admin ? "institution, indicator, value, source"
                         : "institution, question, value, respondent, evidence, official",
                   src->id);
}

/* Is h named in ignore_columns: exactly, or by a glob pattern such as
   _* or consent* (fnmatch)? */
static int is_listed(const char *h, char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(h, list[i]) == 0)
            return 1;
    for (int i = 0; i < n; i++)
        if (strpbrk(list[i], "*?[") && fnmatch(list[i], h, 0) == 0)
            return 1;
    return 0;
}

/* Is h the institution column?  kobo/limesurvey/gforms name it in the
   config; the tables also accept the default names. */
static int is_institution(const struct survey_source *src, const char *h)
{
    if (src->institution_column) {
        if (strcmp(h, src->institution_column) == 0)
            return 1;
        if (src->shape == SHAPE_KOBO) {
            char *last, *prev;
            kobo_split(h, &last, &prev);
            int same = strcmp(last, src->institution_column) == 0;
            free(last);
            free(prev);
            return same;
        }
        return 0;
    }
    return (src->shape == SHAPE_LONG || src->shape == SHAPE_ADMIN || src->shape == SHAPE_WIDE) &&
           name_in(h, inst_names);
}

/* The respondent id column a shape's exports have, when the config names
   none: the first of the tool's id headers the file has, or -1. */
static int default_respondent(const struct survey_source *src, const struct ingest_column *cols,
                              int n)
{
    const char *const *names = ingest_respondent_headers(src->shape);
    for (int k = 0; names[k]; k++)
        for (int i = 0; i < n; i++)
            if (cols[i].role == COL_IGNORE && strcmp(cols[i].header, names[k]) == 0)
                return i;
    return -1;
}

/* A survey export none of whose columns is a question: the wrong export
   setting (labels in a language the framework lacks, another form), which
   the message names, rather than a file that quietly stores nothing. */
static void no_question_at_all(const struct hctx *x, const struct csv_row *hdr,
                               const struct ingest_column *cols)
{
    const struct survey_source *src = x->src;
    if (src->shape != SHAPE_KOBO && src->shape != SHAPE_LIMESURVEY && src->shape != SHAPE_GFORMS)
        return;
    int other = 0;
    for (int i = 0; i < hdr->n; i++) {
        if (cols[i].role == COL_ANSWER || cols[i].role == COL_OPTION)
            return;
        other += cols[i].role == COL_OTHER;
    }
    if (!other || !x->fw->n_questions)
        return;
    const char *advice =
        src->shape == SHAPE_KOBO
            ? "in KoboToolbox choose \"XML values and headers\", or Labels in Spanish or English; "
              "in ODK, the form's own CSV"
        : src->shape == SHAPE_LIMESURVEY
            ? "in LimeSurvey choose the \"Question code\" headings, or the full question text in "
              "the language of questions.csv"
            : "the question texts of questions.csv must be the form's titles, in Spanish or "
              "English";
    diag_error(x->d, EX_DATAERR_, x->file, x->line, 0,
               "none of the %d columns is a question of the %s questionnaire (is it the right "
               "framework and export? %s; or name the columns in a mapping file)",
               hdr->n, x->fw->code ? x->fw->code : "framework's", advice);
}

/* Append "name" to sb, cut to about 60 characters (LimeSurvey's headings
   can be whole paragraphs). */
static void add_short_name(struct strbuf *sb, const char *sep, const char *name)
{
    size_t n = strlen(name), cut = n;
    if (n > 64) {
        cut = 60;
        while (cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80)
            cut--; /* not inside a UTF-8 character */
    }
    strbuf_addf(sb, "%s\"%.*s%s\"", sep, (int)cut, name, cut < n ? "..." : "");
}

/* Columns no question uses, by other_columns: one warning naming them all
   (warn), an error at each (error), or nothing (ignore). */
static void other_columns_rule(const struct hctx *x, const struct csv_row *hdr,
                               struct ingest_column *cols)
{
    const struct survey_source *src = x->src;
    char *fw = ingest_fw_label(src, x->fw); /* "IGD/ITIC": a file feeding several */
    struct strbuf sb;
    strbuf_init(&sb);
    int n = 0;
    for (int i = 0; i < hdr->n; i++) {
        if (cols[i].role != COL_OTHER)
            continue;
        cols[i].role = COL_IGNORE;
        if (src->fw_index > 0)
            continue; /* said when the file was read for the first framework */
        if (src->other_columns == OTHER_ERROR)
            header_error(x, hdr, i,
                         "not a question of the %s questionnaire (other_columns = "
                         "error in [survey.%s]; map it in a mapping file, list it in "
                         "ignore_columns, or set other_columns = warn)",
                         fw, src->id);
        else if (src->other_columns == OTHER_WARN && n++ < 12)
            add_short_name(&sb, n > 1 ? ", " : "", cols[i].header);
    }
    if (src->other_columns == OTHER_WARN && n)
        diag_warning(x->d, x->file, x->line, 0,
                     "%d column%s not used by the %s questionnaire, read as no data: %s%s "
                     "(other_columns = warn; set other_columns = ignore in [survey.%s] to "
                     "silence this, or error to refuse them)",
                     n, n == 1 ? "" : "s", fw, sb.buf, n > 12 ? ", ..." : "", src->id);
    strbuf_release(&sb);
    free(fw);
}

/* One institution column at most; none is an error where the shape needs it. */
static void check_institution_column(const struct hctx *x, const struct csv_row *hdr,
                                     struct ingest_column *cols)
{
    const struct survey_source *src = x->src;
    int inst = -1;
    for (int i = 0; i < hdr->n; i++) {
        if (cols[i].role != COL_INSTITUTION)
            continue;
        if (inst >= 0) {
            char first[8];
            header_error(x, hdr, i, "a second institution column (the first is column %s)",
                         ingest_column_letter(inst, first));
            cols[i].role = COL_IGNORE;
        } else {
            inst = i;
        }
    }
    if (inst < 0 && src->institution_column)
        diag_error(x->d, EX_DATAERR_, x->file, x->line, 0,
                   "no column \"%s\" (named by institution_column in [survey.%s])",
                   src->institution_column, src->id);
    else if (inst < 0 && (src->shape == SHAPE_LONG || src->shape == SHAPE_ADMIN ||
                          src->shape == SHAPE_WIDE)) /* the others were told to set it */
        diag_error(x->d, EX_DATAERR_, x->file, x->line, 0,
                   "no institution column (expected \"institution\", or set institution_column "
                   "in [survey.%s])",
                   src->id);
}

/* A column the configuration names (setting = its key) must be there. */
static void check_named_column(const struct hctx *x, const struct csv_row *hdr,
                               const struct ingest_column *cols, enum column_role role,
                               const char *named, const char *setting)
{
    if (!named)
        return;
    for (int i = 0; i < hdr->n; i++)
        if (cols[i].role == role)
            return;
    diag_error(x->d, EX_DATAERR_, x->file, x->line, 0,
               "no column \"%s\" (named by %s in [survey.%s])", named, setting, x->src->id);
}

/* Long and admin files: one question (indicator) column, one value column,
   and in admin one source column. */
static void check_long_columns(const struct hctx *x, const struct csv_row *hdr,
                               struct ingest_column *cols)
{
    const struct survey_source *src = x->src;
    static const struct {
        enum column_role role;
        const char *name;
    } need[] = {{COL_CODE, NULL}, {COL_VALUE, "value"}, {COL_SOURCE, "source"}};
    for (size_t k = 0; k < sizeof need / sizeof *need; k++) {
        int optional = need[k].role == COL_SOURCE; /* admin: counted if present */
        int at = -1;
        for (int i = 0; i < hdr->n; i++) {
            if (cols[i].role != need[k].role)
                continue;
            if (at >= 0) {
                char first[8];
                header_error(x, hdr, i, "a second column of this name (the first is column %s)",
                             ingest_column_letter(at, first));
                cols[i].role = COL_IGNORE;
            } else {
                at = i;
            }
        }
        const char *name = need[k].role == COL_VALUE && src->value_column ? src->value_column
                           : need[k].role == COL_CODE && src->code_column ? src->code_column
                           : need[k].name ? need[k].name
                           : (src->shape == SHAPE_ADMIN ? "indicator" : "question");
        if (at < 0 && !optional)
            diag_error(x->d, EX_DATAERR_, x->file, x->line, 0, "no column \"%s\"%s", name,
                       src->value_column || src->code_column
                           ? ""
                           : msg_tr(" (name the file's own header with columns = "
                                    "role:Header)"));
    }
}

/* Do columns i and j hold the same data (same question, option or code)? */
static int same_data(const struct ingest_column *a, const struct ingest_column *b)
{
    if (a->role == COL_DATA && b->role == COL_DATA)
        return a->q >= 0 ? a->q == b->q : b->code && a->code == b->code;
    if (a->role == b->role && (a->role == COL_ANSWER || a->role == COL_EVIDENCE))
        return a->q == b->q;
    if (a->role == COL_OPTION && b->role == COL_OPTION)
        return a->q == b->q && a->opt == b->opt;
    return 0;
}

/* One column per question (or per option), and no code twice in wide. */
static void check_duplicate_columns(const struct hctx *x, const struct csv_row *hdr,
                                    struct ingest_column *cols)
{
    /* select multiple exported "both" ways (one column and one per option):
       the one column is read, the option columns only repeat it */
    for (int i = 0; i < hdr->n; i++)
        for (int j = 0; j < hdr->n && cols[i].role == COL_OPTION; j++)
            if (cols[j].role == COL_ANSWER && cols[j].q == cols[i].q)
                cols[i].role = COL_IGNORE;
    for (int i = 0; i < hdr->n; i++) {
        for (int j = 0; j < i; j++) {
            if (!same_data(&cols[i], &cols[j]))
                continue;
            char other[8];
            header_error(x, hdr, i, "holds the same %s as column %s (%s)",
                         cols[i].role == COL_EVIDENCE ? msg_tr("evidence") : msg_tr("data"),
                         cols[j].header, ingest_column_letter(j, other));
            cols[i].role = COL_IGNORE;
            break;
        }
    }
}

/* Each required question has a column, and each question whose indicator
   needs evidence has an evidence column (or a warning of what follows). */
static void check_question_columns(const struct hctx *x, const struct csv_row *hdr,
                                   const struct ingest_column *cols)
{
    const struct framework *fw = x->fw;
    for (int q = 0; q < fw->n_questions; q++) {
        int answer = 0, evidence = 0;
        for (int i = 0; i < hdr->n; i++) {
            if (cols[i].q != q)
                continue;
            answer |= cols[i].role == COL_ANSWER || cols[i].role == COL_OPTION;
            evidence |= cols[i].role == COL_EVIDENCE;
        }
        if (!answer && fw->questions[q].required)
            diag_error(x->d, EX_DATAERR_, x->file, x->line, 0,
                       "required question %s has no column (name a column after it, or map one "
                       "to it in a mapping file)",
                       fw->questions[q].code);
        int ev = ingest_evidence_node(fw, q);
        if (!answer || evidence || ev < 0)
            continue;
        if (framework_evidence_rule(fw, ev) == EVIDENCE_ERROR)
            diag_error(x->d, EX_DATAERR_, x->file, x->line, 0,
                       "answers to %s need evidence (indicator %s has evidence = si and "
                       "missing_evidence = error) but no column holds it (name one "
                       "%s#evidencia, or map one to it)",
                       fw->questions[q].code, fw->nodes[ev].code, fw->questions[q].code);
        else
            diag_warning(x->d, x->file, x->line, 0,
                         "answers to %s need evidence (indicator %s has evidence = si) but no "
                         "column holds it: every positive answer to it scores as "
                         "missing_evidence = %s says (name a column %s#evidencia, or map one "
                         "to it)",
                         fw->questions[q].code, fw->nodes[ev].code,
                         evidence_rule_name(framework_evidence_rule(fw, ev)),
                         fw->questions[q].code);
    }
}

/* After classification: the checks that need every column at once. */
static void check_columns(const struct hctx *x, const struct csv_row *hdr,
                          struct ingest_column *cols)
{
    const struct survey_source *src = x->src;
    check_institution_column(x, hdr, cols);
    check_named_column(x, hdr, cols, COL_RESPONDENT, src->respondent_column,
                       "respondent_column");
    check_named_column(x, hdr, cols, COL_OFFICIAL, src->official_column, "official_column");
    if (src->shape == SHAPE_LONG || src->shape == SHAPE_ADMIN) {
        check_long_columns(x, hdr, cols);
        return;
    }
    check_duplicate_columns(x, hdr, cols);
    if (src->shape != SHAPE_WIDE)
        check_question_columns(x, hdr, cols);
}

/* A column of a survey export or wide table by its header: mapped, an
   evidence column, or as the shape names its columns. */
static void shape_column(const struct hctx *x, const struct csv_row *hdr, int i,
                         struct ingest_column *c)
{
    const char *t = ingest_map_find(x->map, c->header);
    if (t)
        apply_target(x->fw, x->src->shape, t, c);
    else if (evidence_column(x, c))
        ;
    else if (x->src->shape == SHAPE_KOBO)
        kobo_column(x, hdr, i, c);
    else if (x->src->shape == SHAPE_LIMESURVEY)
        lime_column(x, hdr, i, c);
    else if (x->src->shape == SHAPE_GFORMS)
        gforms_column(x, hdr, i, c);
    else
        wide_column(x, hdr, i, c);
}

int ingest_columns(const struct survey_source *src, const struct framework *fw,
                   const struct ingest_map *map, const char *file, const struct csv_row *hdr,
                   struct ingest_column *cols, struct diag *d)
{
    long e0 = d->n_errors;
    struct hctx x = {.src = src, .fw = fw, .file = file, .d = d, .line = hdr->line, .map = map};
    qindex_init(&x.qi, fw, map);
    const char *resp = src->respondent_column;
    if (!src->institution_column && !src->institution &&
        (src->shape == SHAPE_KOBO || src->shape == SHAPE_LIMESURVEY || src->shape == SHAPE_GFORMS))
        diag_error(d, EX_DATAERR_, file, 0, 0,
                   "[survey.%s] needs institution_column = (the header of the column that holds "
                   "the institution in %s exports), or institution = CODE when the whole file "
                   "is one institution's",
                   src->id, survey_shape_name(src->shape));
    for (int i = 0; i < hdr->n; i++) {
        struct ingest_column *c = &cols[i];
        c->header = ingest_trim(hdr->field[i]);
        c->role = COL_IGNORE;
        c->q = c->opt = -1;
        c->code = NULL;
        char pos[24];
        snprintf(pos, sizeof pos, "#%d", i + 1); /* mapping by position: "#7" */
        const char *t = ingest_map_find(map, pos);
        if (t && src->shape != SHAPE_LONG && src->shape != SHAPE_ADMIN)
            apply_target(fw, src->shape, t, c);
        else if (!*c->header)
            c->role = COL_UNNAMED;
        else if (is_listed(c->header, src->ignore_columns, src->n_ignore_columns))
            c->role = COL_IGNORE;
        else if (is_institution(src, c->header))
            c->role = COL_INSTITUTION;
        else if (resp && strcmp(c->header, resp) == 0)
            c->role = COL_RESPONDENT;
        else if (src->official_column && strcmp(c->header, src->official_column) == 0)
            c->role = COL_OFFICIAL;
        else if (src->shape == SHAPE_LONG || src->shape == SHAPE_ADMIN)
            table_column(&x, hdr, i, c);
        else
            shape_column(&x, hdr, i, c);
    }
    if (!resp) {
        int r = default_respondent(src, cols, hdr->n);
        if (r >= 0)
            cols[r].role = COL_RESPONDENT;
    }
    no_question_at_all(&x, hdr, cols);
    other_columns_rule(&x, hdr, cols);
    check_columns(&x, hdr, cols);
    qindex_release(&x.qi);
    return d->n_errors > e0 ? -1 : 0;
}
