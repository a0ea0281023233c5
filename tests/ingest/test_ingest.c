/*
 * test_ingest.c — every survey shape, answer_parse, and the exact messages
 * for the problems an analyst meets in real exports.
 *
 * Usage: test_ingest DATADIR (tests/ingest/data).  The framework is built
 * by hand below (framework "T": seven questions, eight indicators, one
 * variable); the registry is DATADIR/instituciones.csv (MINEDUC, MINFIN,
 * SEGEPLAN).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "framework.h"
#include "ingest.h"
#include "registry.h"
#include "strbuf.h"
#include "tap.h"
#include "xalloc.h"

static const char *datadir = ".";
static struct registry *reg;
static char *reg_path;

/* ------------------------------------------------------------------------ */
/* The framework                                                             */
/* ------------------------------------------------------------------------ */

#define OPT(c, es, en, p) {.code = c, .label = {es, en}, .points = p}
static struct option canal_opts[] = {
    OPT("web", "Portal web", "Web portal", 2),
    OPT("ventanilla", "Ventanilla", "Counter", 1),
    OPT("ninguno", "Ninguno", "None", 0),
};
static struct option serv_opts[] = {
    OPT("pagos", "Pagos en línea", "Online payments", 1),
    OPT("citas", "Citas", "Appointments", 1),
    OPT("firma", "Firma, sello y timbre", "Signature, seal and stamp", 2),
};
static struct option likert_opts[] = {
    OPT("1", "Nada", "Not at all", 0),  OPT("2", "Poco", "A little", 25),
    OPT("3", "Algo", "Somewhat", 50),   OPT("4", "Bastante", "Quite", 75),
    OPT("5", "Plenamente", "Fully", 100),
};
#define Q(c, es, en, t, o, n, req) {.code = c, .text = {es, en}, .type = t, .options = o, \
                                    .n_options = n, .required = req}
static struct question questions[] = {
    Q("T_PLAN", "¿Tiene la institución un plan de gobierno digital?",
      "Does the institution have a digital government plan?", ANSWER_YESNO, NULL, 0, 1),
    Q("T_NIVEL", "Nivel de madurez (1 a 5)", "Maturity level (1 to 5)", ANSWER_LIKERT5, NULL, 0, 0),
    Q("T_PCT", "Porcentaje de trámites en línea", "Share of procedures online", ANSWER_PERCENT,
      NULL, 0, 0),
    Q("T_NUM", "Número de servidores", "Number of servers", ANSWER_NUMBER, NULL, 0, 0),
    Q("T_CANAL", "Canal principal", "Main channel", ANSWER_SELECT_ONE, canal_opts, 3, 0),
    Q("T_SERV", "Servicios en línea", "Online services", ANSWER_SELECT_MULTIPLE, serv_opts, 3, 0),
    Q("T_NOTA", "Comentarios", "Comments", ANSWER_TEXT, NULL, 0, 0),
};
static struct question likert_points =
    Q("T_CAL", "Calidad", "Quality", ANSWER_LIKERT5, likert_opts, 5, 0);

#define IND(c, q, ev) {.code = c, .parent = 1, .level = 1, .weight = 1, .is_indicator = 1, \
                       .question = q, .direction = 1, .evidence_required = ev}
static struct node nodes[] = {
    {.code = "T", .parent = -1, .level = 3, .weight = 1},
    {.code = "P", .parent = 0, .level = 2, .weight = 1},
    IND("I_PLAN", "T_PLAN", 1), IND("I_NIVEL", "T_NIVEL", 0), IND("I_PCT", "T_PCT", 0),
    IND("I_NUM", "T_NUM", 0),   IND("I_CANAL", "T_CANAL", 0), IND("I_SERV", "T_SERV", 0),
    IND("I_TRAM", NULL, 0),
};
static char *variables[] = {"POB"};
static struct framework fw;

static void framework_init(void)
{
    fw.code = "T";
    fw.nodes = nodes;
    fw.n_nodes = (int)(sizeof nodes / sizeof *nodes);
    fw.questions = questions;
    fw.n_questions = (int)(sizeof questions / sizeof *questions);
    fw.variables = variables;
    fw.n_variables = 1;
    fw.scale_max = 100;
    /* the refusals below are the error rule's; test_evidence_rules tries
       the others */
    fw.missing_evidence = EVIDENCE_ERROR;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */
/* ------------------------------------------------------------------------ */

struct src_buf {
    struct survey_source s;
    char *path, *mapping;
};

/* A source reading DATADIR/file, shown in messages as just "file". */
static void source(struct src_buf *b, const char *file, enum survey_shape shape,
                   const char *mapping)
{
    memset(b, 0, sizeof *b);
    b->path = xasprintf("%s/%s", datadir, file);
    b->mapping = mapping ? xasprintf("%s/%s", datadir, mapping) : NULL;
    b->s.id = "t";
    b->s.path = b->path;
    b->s.display = (char *)file;
    b->s.framework = "T";
    b->s.year = 2026;
    b->s.shape = shape;
    b->s.mapping = b->mapping;
}

static void source_release(struct src_buf *b)
{
    free(b->path);
    free(b->mapping);
}

static char *messages(const struct diag *d)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < d->n_kept; i++)
        strbuf_addf(&sb, "%s%s", i ? "\n" : "", d->msgs[i]);
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach re-initialised it */
    return out;
}

static const struct answer *find(const struct answer_set *s, const char *inst, const char *q,
                                 const char *resp)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->items[i].institution, inst) == 0 && strcmp(s->items[i].question, q) == 0 &&
            strcmp(s->items[i].respondent, resp) == 0)
            return &s->items[i];
    return NULL;
}

/* Assert one answer: value, number, evidence (NULL = none) and line. */
static void expect(const struct answer_set *s, const char *label, const char *inst,
                   const char *q, const char *resp, const char *value, double number,
                   const char *evidence, long line)
{
    const struct answer *a = find(s, inst, q, resp);
    char *name = xasprintf("%s: %s %s \"%s\"", label, inst, q, resp);
    if (!ok(a != NULL, "%s present", name)) {
        free(name);
        return;
    }
    char *n2 = xasprintf("%s value", name);
    is_str(a->value, value, n2);
    free(n2);
    n2 = xasprintf("%s number", name);
    is_num(a->number, number, 1e-12, n2);
    free(n2);
    n2 = xasprintf("%s evidence", name);
    is_str(a->evidence, evidence, n2);
    free(n2);
    n2 = xasprintf("%s line", name);
    is_int(a->line, line, n2);
    free(n2);
    free(name);
}

/* Run a file expected to fail: nothing appended, status 65, these messages. */
static void expect_refused(struct src_buf *b, const char *label, const char *want)
{
    struct diag d;
    diag_init(&d);
    struct answer_set out;
    answer_set_init(&out);
    int rc = ingest_file_to_set(&b->s, &fw, reg, &out, &d);
    char *got = messages(&d);
    char *n = xasprintf("%s: refused, nothing appended", label);
    ok(rc == -1 && out.n == 0 && d.status == EX_DATAERR_, "%s (rc %d, %zu answers, status %d)",
       n, rc, out.n, d.status);
    free(n);
    n = xasprintf("%s: every message", label);
    is_str(got, want, n);
    free(n);
    free(got);
    answer_set_release(&out);
    diag_release(&d);
}

/* Run a file expected to load; returns the number of answers. */
static size_t load_ok(struct src_buf *b, const char *label, struct answer_set *out,
                      const char *want_msgs)
{
    struct diag d;
    diag_init(&d);
    int rc = ingest_file_to_set(&b->s, &fw, reg, out, &d);
    char *got = messages(&d);
    ok(rc == 0 && d.n_errors == 0, "%s: loads (rc %d, %ld errors)", label, rc, d.n_errors);
    char *n = xasprintf("%s: messages", label);
    is_str(got, want_msgs ? want_msgs : "", n);
    free(n);
    free(got);
    diag_release(&d);
    return out->n;
}

/* ------------------------------------------------------------------------ */
/* answer_parse                                                              */
/* ------------------------------------------------------------------------ */

static void parse_cases(void)
{
    static const struct {
        int q;           /* index in questions[]; -1 = likert_points */
        const char *v;
        int dc;
        int rc;
        double want;     /* or the expected why */
        const char *why;
    } t[] = {
        {0, "si", 0, 0, 1, NULL},        {0, "Sí", 0, 0, 1, NULL},      {0, "SÍ", 0, 0, 1, NULL},
        {0, "yes", 0, 0, 1, NULL},       {0, "Y", 0, 0, 1, NULL},       {0, "1", 0, 0, 1, NULL},
        {0, "TRUE", 0, 0, 1, NULL},      {0, "Verdadero", 0, 0, 1, NULL},
        {0, " no ", 0, 0, 0, NULL},      {0, "0", 0, 0, 0, NULL},       {0, "false", 0, 0, 0, NULL},
        {0, "Falso", 0, 0, 0, NULL},     {0, "N", 0, 0, 0, NULL},
        {0, "quizás", 0, -1, 0, "sí or no (also yes/no, 1/0, true/false, verdadero/falso)"},
        {0, "2", 0, -1, 0, "sí or no (also yes/no, 1/0, true/false, verdadero/falso)"},
        {1, "1", 0, 0, 1, NULL},         {1, "5", 0, 0, 5, NULL},       {1, "3.0", 0, 0, 3, NULL},
        {1, "0", 0, -1, 0, "a whole number from 1 to 5"},
        {1, "6", 0, -1, 0, "a whole number from 1 to 5"},
        {1, "2.5", 0, -1, 0, "a whole number from 1 to 5"},
        {1, "tres", 0, -1, 0, "a whole number from 1 to 5"},
        {2, "45", 0, 0, 45, NULL},       {2, "45%", 0, 0, 45, NULL},    {2, "45,5 %", 1, 0, 45.5, NULL},
        {2, "0", 0, 0, 0, NULL},         {2, "100", 0, 0, 100, NULL},
        {2, "100.1", 0, -1, 0, "a percentage from 0 to 100"},
        {2, "-1", 0, -1, 0, "a percentage from 0 to 100"},
        {2, "NaN", 0, -1, 0, "a percentage from 0 to 100"},
        {2, "45.5", 1, -1, 0, "a percentage from 0 to 100, with a decimal comma"},
        {3, "1.234,5", 1, 0, 1234.5, NULL}, {3, "0", 0, 0, 0, NULL}, {3, "-0", 0, 0, 0, NULL},
        {3, "1e400", 0, -1, 0, "a number >= 0"},
        {3, "-3", 0, -1, 0, "a number >= 0"},
        {3, "12 servidores", 0, -1, 0, "a number >= 0"},
        {4, "web", 0, 0, 2, NULL},       {4, "Portal web", 0, 0, 2, NULL}, {4, "counter", 0, 0, 1, NULL},
        {4, "NINGUNO", 0, 0, 0, NULL},
        {4, "fax", 0, -1, 0, "one of: web, ventanilla, ninguno"},
        {5, "pagos", 0, 0, 1, NULL},     {5, "pagos firma", 0, 0, 3, NULL},
        {5, "pagos  citas\tfirma", 0, 0, 4, NULL}, {5, "citas citas", 0, 0, 1, NULL},
        {5, "Citas;Firma, sello y timbre", 0, 0, 3, NULL},
        {5, "Firma, sello y timbre, Citas", 0, 0, 3, NULL},
        {5, "Firma, sello y timbre", 0, 0, 2, NULL},
        {5, "Online payments, Appointments", 0, 0, 2, NULL},
        {5, "pagos fax", 0, -1, 0,
         "option codes separated by spaces, from: pagos, citas, firma; \"fax\" is none of them"},
        {5, "Citas, Teletrabajo", 0, -1, 0,
         "option codes separated by spaces, from: pagos, citas, firma; \"Teletrabajo\" is none "
         "of them"},
        {6, "=1+1", 0, 0, NAN, NULL},    {6, "cualquier texto", 0, 0, NAN, NULL},
        {-1, "3", 0, 0, 50, NULL},       {-1, "Plenamente", 0, 0, 100, NULL},
        {-1, "6", 0, -1, 0,
         "a level from 1 to 5 or its label in Spanish or English: 1 = Nada, 2 = Poco, "
         "3 = Algo, 4 = Bastante, 5 = Plenamente"},
        {0, "", 0, -1, 0, "an answer"},  {4, "   ", 0, -1, 0, "an answer"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        const struct question *q = t[i].q >= 0 ? &questions[t[i].q] : &likert_points;
        double x = -999;
        char why[256] = "";
        int rc = answer_parse(q, t[i].v, t[i].dc, &x, why, sizeof why);
        if (t[i].rc == 0) {
            int good = rc == 0 && ((isnan(x) && isnan(t[i].want)) || x == t[i].want);
            ok(good, "answer_parse(%s, \"%s\") = %g (got rc %d, %g)", q->code, t[i].v, t[i].want,
               rc, x);
        } else {
            ok(rc == -1 && strcmp(why, t[i].why) == 0, "answer_parse(%s, \"%s\") refused: %s",
               q->code, t[i].v, why);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Shapes that load                                                          */
/* ------------------------------------------------------------------------ */

static void kobo_cases(void)
{
    struct src_buf b;
    struct answer_set out;
    answer_set_init(&out);
    source(&b, "kobo_ok.csv", SHAPE_KOBO, "kobo_map.csv");
    b.s.institution_column = "datos/institucion";
    b.s.decimal_comma = 1;
    is_int((long)load_ok(&b, "kobo_ok", &out, NULL), 19, "kobo_ok: 19 answers (7 + 6 + 6)");
    expect(&out, "kobo", "MINFIN", "T_PLAN", "u-1", "si", 1, "https://minfin.gob.gt/plan.pdf", 2);
    expect(&out, "kobo", "MINFIN", "T_NIVEL", "u-1", "4", 4, NULL, 2);
    expect(&out, "kobo", "MINFIN", "T_PCT", "u-1", "45,5", 45.5, NULL, 2);
    expect(&out, "kobo", "MINFIN", "T_NUM", "u-1", "12", 12, NULL, 2);
    expect(&out, "kobo", "MINFIN", "T_CANAL", "u-1", "web", 2, NULL, 2);
    expect(&out, "kobo", "MINFIN", "T_SERV", "u-1", "pagos firma", 3, NULL, 2);
    expect(&out, "kobo", "MINFIN", "T_NOTA", "u-1", "=1+1", NAN, NULL, 2);
    expect(&out, "kobo", "MINFIN", "T_PLAN", "u-2", "no", 0, NULL, 3);
    expect(&out, "kobo", "MINFIN", "T_CANAL", "u-2", "ventanilla", 1, NULL, 3);
    expect(&out, "kobo", "MINFIN", "T_NOTA", "u-2", "Dos líneas; con \"comillas\"\ny salto", NAN,
           NULL, 3);
    ok(find(&out, "MINFIN", "T_SERV", "u-2") == NULL, "kobo: an empty cell is no answer");
    expect(&out, "kobo", "MINEDUC", "T_PLAN", "u-3", "sí", 1, "https://mineduc.gob.gt/plan", 5);
    expect(&out, "kobo", "MINEDUC", "T_PCT", "u-3", "100%", 100, NULL, 5);
    expect(&out, "kobo", "MINEDUC", "T_NUM", "u-3", "0", 0, NULL, 5);
    expect(&out, "kobo", "MINEDUC", "T_CANAL", "u-3", "ninguno", 0, NULL, 5);
    expect(&out, "kobo", "MINEDUC", "T_SERV", "u-3", "citas", 1, NULL, 5);
    ok(find(&out, "MINEDUC", "T_NOTA", "u-3") == NULL, "kobo: empty text is no answer");
    const struct answer *a = find(&out, "MINFIN", "T_PLAN", "u-1");
    if (a) {
        is_str(a->file, "kobo_ok.csv", "answer.file is the name in the config");
        is_str(a->framework, "T", "answer.framework");
        is_int(a->year, 2026, "answer.year");
        is_int(a->is_official, 0, "not official without official_column");
    }
    source_release(&b);
    answer_set_release(&out);

    /* select_multiple as one 0/1 column per option; the official flag */
    source(&b, "kobo_opts.csv", SHAPE_KOBO, NULL);
    b.s.institution_column = "datos/institucion";
    b.s.official_column = "datos/oficial";
    is_int((long)load_ok(&b, "kobo_opts", &out, NULL), 8, "kobo_opts: 8 answers");
    expect(&out, "kobo opts", "SEGEPLAN", "T_SERV", "a1", "pagos citas firma", 4, NULL, 2);
    expect(&out, "kobo opts", "SEGEPLAN", "T_SERV", "a2", "", 0, NULL, 3);
    ok(find(&out, "MINFIN", "T_SERV", "a3") == NULL, "kobo opts: all option cells empty = no answer");
    expect(&out, "kobo opts", "SEGEPLAN", "T_PLAN", "a1", "yes", 1, "doc-1", 2);
    expect(&out, "kobo opts", "SEGEPLAN", "T_PLAN", "a2", "0", 0, NULL, 3);
    expect(&out, "kobo opts", "MINFIN", "T_PLAN", "a3", "1", 1, "doc-3", 4);
    a = find(&out, "SEGEPLAN", "T_NIVEL", "a1");
    is_int(a ? a->is_official : -1, 1, "kobo opts: a1 is the official respondent");
    a = find(&out, "SEGEPLAN", "T_NIVEL", "a2");
    is_int(a ? a->is_official : -1, 0, "kobo opts: a2 is not");
    source_release(&b);
    answer_set_release(&out);

    source(&b, "kobo_ok.csv", SHAPE_KOBO, "kobo_map.csv");
    b.s.decimal_comma = 1;
    expect_refused(&b, "kobo without institution_column",
                   "kobo_ok.csv: error: [survey.t] needs institution_column = (the header of the "
                   "column that holds the institution in kobo exports), or institution = CODE "
                   "when the whole file is one institution's\n"
                   "kobo_ok.csv:1: warning: 1 column not used by the T questionnaire, read as no "
                   "data: \"datos/institucion\" (other_columns = warn; set other_columns = ignore "
                   "in [survey.t] to silence this, or error to refuse them)");
    source_release(&b);
}

static void gforms_admin_wide_cases(void)
{
    struct src_buf b;
    struct answer_set out;
    answer_set_init(&out);
    source(&b, "gforms_ok.csv", SHAPE_GFORMS, "gforms_map.csv");
    b.s.institution_column = "Institución";
    is_int((long)load_ok(&b, "gforms_ok", &out, NULL), 8, "gforms_ok: 8 answers");
    expect(&out, "gforms", "MINFIN", "T_PLAN", "1", "Sí", 1, "https://minfin.gob.gt/plan", 2);
    expect(&out, "gforms", "MINFIN", "T_SERV", "1", "Pagos en línea, Firma, sello y timbre", 3,
           NULL, 2);
    expect(&out, "gforms", "MINFIN", "T_CANAL", "1", "Portal web", 2, NULL, 2);
    expect(&out, "gforms", "MINFIN", "T_NIVEL", "1", "4", 4, NULL, 2);
    expect(&out, "gforms (institution by name)", "MINEDUC", "T_PLAN", "2", "No", 0, NULL, 3);
    expect(&out, "gforms", "MINEDUC", "T_SERV", "2", "Citas;Pagos en línea", 2, NULL, 3);
    expect(&out, "gforms (English header)", "MINEDUC", "T_CANAL", "2", "Counter", 1, NULL, 3);
    source_release(&b);
    answer_set_release(&out);

    source(&b, "admin_ok.csv", SHAPE_ADMIN, NULL);
    b.s.decimal_comma = 1;
    is_int((long)load_ok(&b, "admin_ok", &out, NULL), 3, "admin_ok: 3 answers (NA is missing)");
    expect(&out, "admin", "MINFIN", "I_TRAM", "", "35", 35, "Catálogo de trámites 2025", 2);
    expect(&out, "admin", "MINEDUC", "POB", "", "1.234,5", 1234.5, "INE", 3);
    expect(&out, "admin", "SEGEPLAN", "POB", "", "-0,5", -0.5, "nota", 5);
    ok(find(&out, "SEGEPLAN", "I_TRAM", "") == NULL, "admin: NA not stored");
    source_release(&b);
    answer_set_release(&out);

    source(&b, "wide_ok.csv", SHAPE_WIDE, NULL);
    char *ignore[] = {"uName", "GDP_group", "Time"};
    b.s.ignore_columns = ignore;
    b.s.n_ignore_columns = 3;
    is_int((long)load_ok(&b, "wide_ok", &out, NULL), 4, "wide_ok: 4 answers");
    expect(&out, "wide", "MINFIN", "I_TRAM", "", "35", 35, NULL, 2);
    expect(&out, "wide", "MINFIN", "POB", "", "100", 100, NULL, 2);
    expect(&out, "wide (question column)", "MINFIN", "T_PCT", "", "50", 50, NULL, 2);
    expect(&out, "wide", "MINEDUC", "POB", "", "200", 200, NULL, 3);
    ok(find(&out, "MINEDUC", "I_TRAM", "") == NULL && find(&out, "MINEDUC", "T_PCT", "") == NULL,
       "wide: NA and empty are missing");
    source_release(&b);
    answer_set_release(&out);

    /* appending: a second file adds to what is there */
    source(&b, "admin_ok.csv", SHAPE_ADMIN, NULL);
    b.s.decimal_comma = 1;
    load_ok(&b, "admin_ok once", &out, NULL);
    load_ok(&b, "admin_ok twice", &out, NULL);
    is_int((long)out.n, 6, "ingest_file appends");
    source_release(&b);
    answer_set_release(&out);
}

/* Sorted "institution question respondent number evidence" lines. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *canonical(const struct answer_set *s)
{
    char **lines = xcalloc(s->n + 1, sizeof *lines);
    for (size_t i = 0; i < s->n; i++) {
        const struct answer *a = &s->items[i];
        lines[i] = xasprintf("%s %s %s %g %s", a->institution, a->question, a->respondent,
                             a->number, a->evidence ? a->evidence : "-");
    }
    qsort(lines, s->n, sizeof *lines, cmp_str);
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < s->n; i++) {
        strbuf_addf(&sb, "%s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach re-initialised it */
    return out;
}

static void equivalence(void)
{
    struct src_buf b;
    struct answer_set kobo, lime, lng;
    answer_set_init(&kobo);
    answer_set_init(&lime);
    answer_set_init(&lng);
    source(&b, "kobo_equiv.csv", SHAPE_KOBO, NULL);
    b.s.institution_column = "datos/institucion";
    load_ok(&b, "kobo_equiv", &kobo, NULL);
    source_release(&b);
    source(&b, "lime_equiv.csv", SHAPE_LIMESURVEY, "lime_map.csv");
    b.s.institution_column = "INST";
    load_ok(&b, "lime_equiv", &lime,
            "lime_equiv.csv: warning: 1 incomplete response (empty submitdate) skipped (line 4)");
    source_release(&b);
    source(&b, "long_equiv.csv", SHAPE_LONG, NULL);
    load_ok(&b, "long_equiv", &lng, NULL);
    source_release(&b);
    char *k = canonical(&kobo), *l = canonical(&lime), *g = canonical(&lng);
    const char *want = "MINEDUC T_CANAL 2 1 -\n"
                       "MINEDUC T_NIVEL 2 5 -\n"
                       "MINEDUC T_PLAN 2 0 -\n"
                       "MINEDUC T_SERV 2 2 -\n"
                       "MINFIN T_CANAL 1 2 -\n"
                       "MINFIN T_NIVEL 1 3 -\n"
                       "MINFIN T_PLAN 1 1 https://minfin.gob.gt/plan\n"
                       "MINFIN T_SERV 1 2 -\n"
                       "SEGEPLAN T_CANAL 3 0 -\n"
                       "SEGEPLAN T_NIVEL 3 1 -\n"
                       "SEGEPLAN T_PLAN 3 1 acta-7\n";
    is_str(k, want, "kobo export: the expected answers");
    is_str(l, want, "limesurvey export: the same answers");
    is_str(g, want, "long table: the same answers");
    expect(&lime, "lime", "MINFIN", "T_PLAN", "1", "Y", 1, "https://minfin.gob.gt/plan", 2);
    expect(&lime, "lime (after the skipped row)", "SEGEPLAN", "T_NIVEL", "3", "1", 1, NULL, 5);
    free(k);
    free(l);
    free(g);
    answer_set_release(&kobo);
    answer_set_release(&lime);
    answer_set_release(&lng);
}

/* ------------------------------------------------------------------------ */
/* Files that must be refused, with every message                           */
/* ------------------------------------------------------------------------ */

static void refused_cases(void)
{
    struct src_buf b;
    char *want;

    source(&b, "kobo_errors.csv", SHAPE_KOBO, NULL);
    b.s.institution_column = "datos/institucion";
    want = xasprintf(
        "kobo_errors.csv:1:73: error: column g/T_Canal (G): unknown question \"T_Canal\" (did you "
        "mean T_CANAL?)\n"
        "kobo_errors.csv:3:1: error: column datos/institucion (A): unknown institution \"minfin\" "
        "(did you mean MINFIN?)\n"
        "kobo_errors.csv:3:20: error: column g/T_NIVEL (D): T_NIVEL: \"7\" is not a valid answer "
        "(expected a whole number from 1 to 5)\n"
        "kobo_errors.csv:4:27: error: column _uuid (H): duplicate id \"u1\" (first at line 2)\n"
        "kobo_errors.csv:4:9: error: column g/T_PLAN (B): missing answer to required question "
        "T_PLAN (the cell is empty)\n"
        "kobo_errors.csv:4:13: error: column g/T_PCT (E): T_PCT: \"NaN\" is not a valid answer "
        "(expected a percentage from 0 to 100)\n"
        "kobo_errors.csv:4:17: error: column g/T_NUM (F): T_NUM: \"1e400\" is not a valid answer "
        "(expected a number >= 0)\n"
        "kobo_errors.csv:5:12: error: column g/T_PLAN#evidencia (C): T_PLAN = \"si\" needs "
        "evidence (indicator I_PLAN has evidence = si and missing_evidence = error) but the cell "
        "is empty\n"
        "kobo_errors.csv:6: error: expected 8 fields, found 5\n"
        "kobo_errors.csv:7:1: error: column datos/institucion (A): unknown institution "
        "\"ministerio de educacion\" (did you mean MINEDUC?)\n"
        "kobo_errors.csv:7:31: error: column g/T_PCT (E): T_PCT: \"=1+1\" is not a valid answer "
        "(expected a percentage from 0 to 100)\n"
        "kobo_errors.csv:7:36: error: column g/T_NUM (F): T_NUM: \"-2\" is not a valid answer "
        "(expected a number >= 0)\n"
        "kobo_errors.csv:8:1: error: column datos/institucion (A): unknown institution \"XYZ\" "
        "(not in %s)",
        reg_path);
    expect_refused(&b, "kobo_errors", want);
    free(want);
    source_release(&b);

    source(&b, "lime_errors.csv", SHAPE_LIMESURVEY, NULL);
    b.s.institution_column = "INST";
    expect_refused(&b, "lime_errors",
                   "lime_errors.csv:1:44: error: column T_NIVEL[x] (F): T_NIVEL is not a "
                   "multiple-choice question, and no question T_NIVEL_x holds this sub-question "
                   "(an array's sub-question Q[SQ] is question Q_SQ in the framework)\n"
                   "lime_errors.csv:2:26: error: column T_SERV[pagos] (H): \"maybe\" is not an "
                   "option mark (expected 1/0, True/False, Y or empty)\n"
                   "lime_errors.csv:3:1: error: column id (A): duplicate id \"1\" (first at line 2)");
    source_release(&b);

    source(&b, "long_errors.csv", SHAPE_LONG, NULL);
    expect_refused(&b, "long_errors",
                   "long_errors.csv:3:8: error: column question (B): unknown question \"t_plan\" "
                   "(did you mean T_PLAN?)\n"
                   "long_errors.csv:4:8: error: column question (B): I_TRAM is an indicator "
                   "without question, not a question (its values go in an admin file)\n"
                   "long_errors.csv:5:14: error: column value (C): T_PCT: \"1,5\" is not a valid "
                   "answer (expected a percentage from 0 to 100; if the file writes decimal "
                   "commas, set decimal = , in [survey.t])\n"
                   "long_errors.csv:6:8: error: column question (B): duplicate answer to T_PLAN "
                   "from MINFIN, respondent \"r1\" (first at line 2)\n"
                   "long_errors.csv:8:17: error: column value (C): missing answer to required "
                   "question T_PLAN (the value is empty)\n"
                   "long_errors.csv:9:23: error: column evidence (E): T_PLAN = \"si\" needs "
                   "evidence (indicator I_PLAN has evidence = si and missing_evidence = error) but "
                   "the cell is empty\n"
                   "long_errors.csv:7: error: MINEDUC, respondent \"r2\": no answer to required "
                   "question T_PLAN");
    source_release(&b);

    source(&b, "admin_errors.csv", SHAPE_ADMIN, NULL);
    expect_refused(&b, "admin_errors",
                   "admin_errors.csv:2:8: error: column indicator (B): indicator I_PLAN reads question "
                   "T_PLAN: its values come from the survey, not from admin data\n"
                   "admin_errors.csv:3:8: error: column indicator (B): T_PLAN is a question: its "
                   "answers go in a survey or long file, not in admin data\n"
                   "admin_errors.csv:4:8: error: column indicator (B): unknown indicator or variable "
                   "\"i_tram\" (did you mean I_TRAM?)\n"
                   "admin_errors.csv:5:15: error: column value (C): \"abc\" is not a number (expected a "
                   "number; empty or NA = missing)\n"
                   "admin_errors.csv:7:8: error: column indicator (B): duplicate value of POB for "
                   "MINFIN (first at line 6)");
    source_release(&b);

    source(&b, "wide_errors.csv", SHAPE_WIDE, NULL);
    want = xasprintf(
        "wide_errors.csv:1:13: error: column Pob (B): not an indicator or variable of T "
        "(did you mean POB?)\n"
        "wide_errors.csv:1:17: error: column Foo (C): not an indicator or variable of T "
        "(list it in ignore_columns if it is not data)\n"
        "wide_errors.csv:3:1: error: column institution (A): institution MINFIN appears "
        "twice (first at line 2)\n"
        "wide_errors.csv:3:12: error: column I_TRAM (D): \"dos\" is not a number (expected a "
        "number; empty or NA = missing)\n"
        "wide_errors.csv:3:16: error: column T_NIVEL (E): T_NIVEL: \"9\" is not a valid "
        "answer (expected a whole number from 1 to 5)\n"
        "wide_errors.csv:4:13: error: column F: value \"5\" in a column without a header\n"
        "wide_errors.csv:4:1: error: column institution (A): unknown institution \"SAT\" "
        "(not in %s)",
        reg_path);
    expect_refused(&b, "wide_errors", want);
    free(want);
    source_release(&b);

    source(&b, "gforms_errors.csv", SHAPE_GFORMS, NULL);
    b.s.institution_column = "Institución";
    expect_refused(&b, "gforms_errors",
                   "gforms_errors.csv:1: warning: 1 column not used by the T questionnaire, read "
                   "as no data: \"¿Tiene un plan?\" (other_columns = warn; set other_columns = "
                   "ignore in [survey.t] to silence this, or error to refuse them)\n"
                   "gforms_errors.csv:1: error: required question T_PLAN has no column (name a "
                   "column after it, or map one to it in a mapping file)\n"
                   "gforms_errors.csv: warning: 1 multiple-choice answer holds text that is no "
                   "option, such as \"Teletrabajo\": kept as written, not scored (line 2)");
    source_release(&b);

    source(&b, "unterminated.csv", SHAPE_LONG, NULL);
    expect_refused(&b, "unterminated quote in the middle",
                   "unterminated.csv:3: error: unterminated quoted field (opened at line 3, "
                   "column 15)");
    source_release(&b);

    source(&b, "long_nul.csv", SHAPE_LONG, NULL);
    expect_refused(&b, "NUL byte",
                   "long_nul.csv:2:15: error: NUL byte in the file (expected CSV text, not a "
                   "binary file)");
    source_release(&b);

    source(&b, "long_cp1252.csv", SHAPE_LONG, NULL);
    expect_refused(&b, "Windows-1252 without encoding",
                   "long_cp1252.csv:2:22: error: invalid UTF-8 byte 0xF3 (the file is not UTF-8; "
                   "set encoding = ... in its [survey.t] section, e.g. windows-1252)");
    source_release(&b);

    source(&b, "empty.csv", SHAPE_LONG, NULL);
    expect_refused(&b, "empty file", "empty.csv: error: the file is empty (expected a header line)");
    source_release(&b);

    source(&b, "long_equiv.csv", SHAPE_LONG, "no_such_map.csv");
    struct diag d;
    diag_init(&d);
    struct answer_set out;
    answer_set_init(&out);
    ok(ingest_file_to_set(&b.s, &fw, reg, &out, &d) == -1 && out.n == 0 && d.status == EX_NOINPUT_,
       "missing mapping file: refused, status 66");
    answer_set_release(&out);
    diag_release(&d);
    source_release(&b);
}

static void other_loads(void)
{
    struct src_buf b;
    struct answer_set out;
    answer_set_init(&out);
    source(&b, "long_cp1252.csv", SHAPE_LONG, NULL);
    b.s.encoding = "windows-1252";
    b.s.decimal_comma = 1;
    is_int((long)load_ok(&b, "Windows-1252 with encoding = windows-1252", &out, NULL), 4,
           "cp1252: 4 answers");
    expect(&out, "cp1252 (institution by its accented name)", "MINEDUC", "T_NOTA", "",
           "Educación básica", NAN, NULL, 2);
    expect(&out, "cp1252", "MINFIN", "T_PCT", "", "12,5", 12.5, NULL, 3);
    source_release(&b);
    answer_set_release(&out);

    source(&b, "header_only.csv", SHAPE_LONG, NULL);
    {
        /* without allow_empty a header-only file would replace the file's
           answers with none: refused */
        struct diag d;
        diag_init(&d);
        int rc = ingest_file_to_set(&b.s, &fw, reg, &out, &d);
        char *got = messages(&d);
        ok(rc != 0 && d.n_errors == 1 && strstr(got, "set allow_empty = yes") != NULL,
           "header only: refused, naming allow_empty");
        free(got);
        diag_release(&d);
        answer_set_release(&out);
    }
    b.s.allow_empty = 1;
    is_int((long)load_ok(&b, "header only with allow_empty = yes", &out,
                         "header_only.csv: warning: no data rows (the file has only a header)"),
           0, "header only: no answers");
    source_release(&b);
    answer_set_release(&out);

    struct answer a = {.year = 2026, .framework = "T", .institution = "MINFIN",
                       .question = "T_PLAN", .respondent = "r", .value = "si", .number = 1,
                       .evidence = NULL, .file = "f.csv", .line = 7};
    answer_set_push(&out, &a);
    a.value = "no";
    ok(out.n == 1 && strcmp(out.items[0].value, "si") == 0 && out.items[0].value != a.value &&
           out.items[0].evidence == NULL && out.items[0].line == 7,
       "answer_set_push copies the strings");
    answer_set_release(&out);
    ok(out.n == 0 && out.items == NULL, "answer_set_release leaves an empty set");
}


/* ------------------------------------------------------------------------ */
/* Streaming: the sink                                                       */
/* ------------------------------------------------------------------------ */

/* A sink that writes down each answer it gets ("line:question:respondent:
   value"), copying the borrowed strings, and can be told to fail. */
struct recorder {
    struct strbuf got;
    int calls, fail_at; /* fail_at: the call that fails (0 = none) */
    struct diag *d;
};

static int record_put(void *ctx, const struct answer *a)
{
    struct recorder *r = ctx;
    if (++r->calls == r->fail_at)
        return diag_error(r->d, EX_IOERR_, "db", 0, 0, "the sink failed");
    strbuf_addf(&r->got, "%ld:%s:%s:%s:%s ", a->line, a->institution, a->question, a->respondent,
                a->value);
    return 0;
}

static void sink_cases(void)
{
    struct src_buf b;
    struct diag d;
    struct recorder r;
    struct answer_sink k = {record_put, &r};

    /* every answer, in file order, strings valid during the call */
    source(&b, "long_equiv.csv", SHAPE_LONG, NULL);
    diag_init(&d);
    memset(&r, 0, sizeof r);
    strbuf_init(&r.got);
    r.d = &d;
    is_int(ingest_file(&b.s, &fw, reg, &k, &d), 0, "sink: a good file gives 0");
    is_str(r.got.buf,
           "2:MINFIN:T_PLAN:1:si 3:MINFIN:T_NIVEL:1:3 4:MINFIN:T_CANAL:1:web "
           "5:MINFIN:T_SERV:1:pagos citas 6:MINEDUC:T_PLAN:2:no 7:MINEDUC:T_NIVEL:2:5 "
           "8:MINEDUC:T_CANAL:2:ventanilla 9:MINEDUC:T_SERV:2:firma 10:SEGEPLAN:T_PLAN:3:sí "
           "11:SEGEPLAN:T_NIVEL:3:1 12:SEGEPLAN:T_CANAL:3:ninguno ",
           "sink: each answer as its row validates, in file order");
    strbuf_release(&r.got);
    diag_release(&d);

    /* delivery stops at the first error; the file is still read to its end */
    source_release(&b);
    source(&b, "long_errors.csv", SHAPE_LONG, NULL);
    diag_init(&d);
    memset(&r, 0, sizeof r);
    strbuf_init(&r.got);
    r.d = &d;
    is_int(ingest_file(&b.s, &fw, reg, &k, &d), -1, "sink: a bad file gives -1");
    is_str(r.got.buf, "2:MINFIN:T_PLAN:r1:si ", "sink: only what came before the first error");
    is_int(d.n_errors, 7, "sink: every problem is still reported");
    strbuf_release(&r.got);
    diag_release(&d);

    /* an error from an earlier file (same diag): nothing delivered at all */
    source_release(&b);
    source(&b, "long_equiv.csv", SHAPE_LONG, NULL);
    diag_init(&d);
    diag_error(&d, EX_DATAERR_, "earlier.csv", 2, 1, "an earlier file's problem");
    memset(&r, 0, sizeof r);
    strbuf_init(&r.got);
    r.d = &d;
    is_int(ingest_file(&b.s, &fw, reg, &k, &d), 0, "sink: a good file after a bad one gives 0");
    is_str(r.got.buf, "", "sink: but nothing is delivered once d holds an error");
    strbuf_release(&r.got);
    diag_release(&d);

    /* a sink that fails (a database error): nothing more is delivered */
    diag_init(&d);
    memset(&r, 0, sizeof r);
    strbuf_init(&r.got);
    r.d = &d;
    r.fail_at = 3;
    is_int(ingest_file(&b.s, &fw, reg, &k, &d), -1, "sink: a failing sink makes the file fail");
    ok(r.calls == 3 && strcmp(r.got.buf, "2:MINFIN:T_PLAN:1:si 3:MINFIN:T_NIVEL:1:3 ") == 0,
       "sink: nothing after its failure (%d calls)", r.calls);
    strbuf_release(&r.got);
    diag_release(&d);

    /* the counter */
    size_t n = 0;
    answer_sink_counter(&k, &n);
    diag_init(&d);
    ingest_file(&b.s, &fw, reg, &k, &d);
    ingest_file(&b.s, &fw, reg, &k, &d);
    is_int((long)n, 22, "answer_sink_counter counts across files");
    diag_release(&d);
    source_release(&b);
}

/* ------------------------------------------------------------------------ */
/* Long tables: duplicates and required questions, groups sparse and dense   */
/* ------------------------------------------------------------------------ */

#define BIG_Q 100
static struct question big_questions[BIG_Q];
static char big_codes[BIG_Q][8];
static struct framework big;

static void big_framework_init(void)
{
    for (int i = 0; i < BIG_Q; i++) {
        snprintf(big_codes[i], sizeof big_codes[i], "B%03d", i + 1);
        big_questions[i].code = big_codes[i];
        big_questions[i].type = ANSWER_YESNO;
        big_questions[i].required = i == BIG_Q - 1; /* B100 */
    }
    big.code = "BIG";
    big.nodes = nodes; /* no indicator reads B*: no evidence needed */
    big.n_nodes = 2;
    big.questions = big_questions;
    big.n_questions = BIG_Q;
    big.scale_max = 100;
}

/* Write text to a fresh file under /tmp; returns its path (caller frees,
   and unlinks). */
static char *temp_file(const char *text)
{
    char *path = xstrdup("/tmp/indigo-ingest-XXXXXX");
    int fd = mkstemp(path);
    size_t n = strlen(text);
    if (fd < 0 || write(fd, text, n) != (ssize_t)n)
        BUG("cannot write %s", path);
    close(fd);
    return path;
}

static void dedup_cases(void)
{
    big_framework_init();
    struct strbuf f, want;
    strbuf_init(&f);
    strbuf_init(&want);
    strbuf_adds(&f, "institution,question,value,respondent\n");
    long line = 1;
    /* MINFIN r1 answers all 100: its group turns from sparse to dense on the
       way; duplicates met in each state */
    for (int q = 1; q <= BIG_Q; q++) {
        strbuf_addf(&f, "MINFIN,B%03d,si,r1\n", q);
        line++;
        if (q == 2 || q == 20 || q == 90) {
            strbuf_addf(&f, "MINFIN,B%03d,no,r1\n", q == 90 ? 1 : q);
            line++;
            strbuf_addf(&want,
                        "big.csv:%ld:8: error: column question (B): duplicate answer to B%03d "
                        "from MINFIN, respondent "
                        "\"r1\" (first at line %d)\n",
                        line, q == 90 ? 1 : q, q == 90 ? 2 : q == 2 ? 3 : 22);
        }
    }
    /* 300 respondents of SEGEPLAN answering two questions each (groups that
       stay sparse), one of them without the required B100 */
    for (int r = 1; r <= 300; r++) {
        strbuf_addf(&f, "SEGEPLAN,B%03d,si,s%d\n", r % 99 + 1, r);
        strbuf_addf(&f, "SEGEPLAN,B100,no,s%d\n", r == 150 ? 1000 : r);
        line += 2;
    }
    long s150 = 2 + BIG_Q + 3 + 2 * 149; /* line of s150's first row */
    /* repeated later, far from the first: s7's B008, and s1000's B100 */
    strbuf_adds(&f, "SEGEPLAN,B008,no,s7\nSEGEPLAN,B100,si,s1000\n");
    strbuf_addf(&want,
                "big.csv:%ld:10: error: column question (B): duplicate answer to B008 from "
                "SEGEPLAN, respondent \"s7\" "
                "(first at line %ld)\n",
                line + 1, 2 + BIG_Q + 3 + 2 * 6L);
    strbuf_addf(&want,
                "big.csv:%ld:10: error: column question (B): duplicate answer to B100 from "
                "SEGEPLAN, respondent "
                "\"s1000\" (first at line %ld)\n",
                line + 2, s150 + 1);
    strbuf_addf(&want, "big.csv:%ld: error: SEGEPLAN, respondent \"s150\": no answer to required "
                       "question B100",
                s150);
    char *path = temp_file(f.buf);
    struct survey_source src = {.id = "big", .path = path, .display = "big.csv",
                                .framework = "BIG", .year = 2026, .shape = SHAPE_LONG};
    struct diag d;
    diag_init(&d);
    struct answer_set out;
    answer_set_init(&out);
    int rc = ingest_file_to_set(&src, &big, reg, &out, &d);
    char *got = messages(&d);
    ok(rc == -1 && out.n == 0, "duplicates in sparse and dense groups: refused");
    is_str(got, want.buf, "duplicates: each with the line of the first; the required question");
    free(got);
    answer_set_release(&out);
    diag_release(&d);
    unlink(path);
    free(path);

    /* the same without the faults loads, every answer */
    strbuf_reset(&f);
    strbuf_adds(&f, "institution,question,value,respondent\n");
    for (int r = 1; r <= 50; r++)
        for (int q = BIG_Q; q >= 1; q -= r % 7 + 1)
            strbuf_addf(&f, "MINEDUC,B%03d,si,r%d\n", q, r);
    path = temp_file(f.buf);
    src.path = path;
    size_t n = 0;
    struct answer_sink k;
    answer_sink_counter(&k, &n);
    diag_init(&d);
    is_int(ingest_file(&src, &big, reg, &k, &d), 0, "50 respondents, from 15 to 100 answers: load");
    long want_n = 0;
    for (int r = 1; r <= 50; r++)
        want_n += (BIG_Q - 1) / (r % 7 + 1) + 1;
    is_int((long)n, want_n, "every answer delivered");
    diag_release(&d);
    unlink(path);
    free(path);
    strbuf_release(&f);
    strbuf_release(&want);
}

/* missing_evidence: only the error rule refuses a file; under zero and keep
   the answers are stored as given and scoring counts them (score.h). */
static void evidence_rules(void)
{
    struct src_buf b;
    source(&b, "long_evidence.csv", SHAPE_LONG, NULL);
    expect_refused(&b, "evidence error",
                   "long_evidence.csv:2:21: error: column evidence (E): T_PLAN = \"si\": its "
                   "evidence \"www.minfin.gob.gt/plan\" does not begin with http:// or https:// "
                   "(expected the http or https address of the document, or the document's name; "
                   "indicator I_PLAN has evidence = si and missing_evidence = error)\n"
                   "long_evidence.csv:3:22: error: column evidence (E): T_PLAN = \"si\" needs "
                   "evidence (indicator I_PLAN has evidence = si and missing_evidence = error) but "
                   "the cell is empty");
    for (int rule = EVIDENCE_ZERO; rule <= EVIDENCE_KEEP; rule++) {
        fw.missing_evidence = (enum evidence_rule)rule;
        struct answer_set out;
        answer_set_init(&out);
        char *label = xasprintf("evidence %s", evidence_rule_name(fw.missing_evidence));
        is_int((long)load_ok(&b, label, &out, NULL), 4, "every answer stored");
        expect(&out, label, "MINFIN", "T_PLAN", "r1", "si", 1, "www.minfin.gob.gt/plan", 2);
        expect(&out, label, "MINEDUC", "T_PLAN", "r2", "si", 1, NULL, 3);
        answer_set_release(&out);
        free(label);
    }
    /* a per-indicator rule wins */
    nodes[2].evidence_rule_set = 1;
    nodes[2].evidence_rule = EVIDENCE_ERROR;
    struct diag d;
    diag_init(&d);
    struct answer_set out;
    answer_set_init(&out);
    ok(ingest_file_to_set(&b.s, &fw, reg, &out, &d) == -1 && d.n_errors == 2,
       "nodes.csv missing_evidence = error wins over the framework's zero");
    answer_set_release(&out);
    diag_release(&d);
    nodes[2].evidence_rule_set = 0;
    source_release(&b);

    /* no column for the evidence at all: refused under error, said under zero */
    fw.missing_evidence = EVIDENCE_ZERO;
    source(&b, "kobo_noevidence.csv", SHAPE_KOBO, NULL);
    b.s.institution_column = "datos/institucion";
    answer_set_init(&out);
    load_ok(&b, "evidence column missing, zero", &out,
            "kobo_noevidence.csv:1: warning: answers to T_PLAN need evidence (indicator I_PLAN "
            "has evidence = si) but no column holds it: every positive answer to it scores as "
            "missing_evidence = zero says (name a column T_PLAN#evidencia, or map one to it)");
    answer_set_release(&out);
    fw.missing_evidence = EVIDENCE_ERROR;
    expect_refused(&b, "evidence column missing, error",
                   "kobo_noevidence.csv:1: error: answers to T_PLAN need evidence (indicator "
                   "I_PLAN has evidence = si and missing_evidence = error) but no column holds it "
                   "(name one T_PLAN#evidencia, or map one to it)\n"
                   "kobo_noevidence.csv:2:8: error: column g/T_PLAN (B): T_PLAN = \"si\" needs "
                   "evidence (indicator I_PLAN has evidence = si and missing_evidence = error) but "
                   "the row has none");
    source_release(&b);
}

/* ------------------------------------------------------------------------ */
/* One file feeding two frameworks (framework = T, S)                        */
/* ------------------------------------------------------------------------ */

static struct option zone_opts[] = {OPT("x", "Norte", "North", 1), OPT("y", "Sur", "South", 1)};
static struct question s_questions[] = {
    Q("S_A", "Número de sedes", "Number of offices", ANSWER_NUMBER, NULL, 0, 0),
    Q("S_B", "Zonas atendidas", "Areas served", ANSWER_SELECT_MULTIPLE, zone_opts, 2, 0),
};
static struct node s_nodes[] = {
    {.code = "S", .parent = -1, .level = 3, .weight = 1},
    {.code = "SP", .parent = 0, .level = 2, .weight = 1},
    IND("S_IA", "S_A", 0), IND("S_IB", "S_B", 0), IND("S_ADM", NULL, 0),
};
static char *s_variables[] = {"S_VAR"};
static struct framework sfw = {.code = "S", .nodes = s_nodes, .n_nodes = 5,
                               .questions = s_questions, .n_questions = 2,
                               .variables = s_variables, .n_variables = 1, .scale_max = 100};

/* Load b (set up for framework = T, S) as framework f; its answers' codes
   in file order, joined by spaces, and its messages in *msgs. */
static char *load_as(struct src_buf *b, const struct framework *f, char **msgs)
{
    static char *list[] = {"T", "S"};
    const struct framework *other[1] = {f == &fw ? &sfw : &fw};
    b->s.fw_list = list;
    b->s.n_fw_list = 2;
    b->s.fw_index = f == &fw ? 0 : 1;
    b->s.fw_siblings = other;
    b->s.n_fw_siblings = 1;
    b->s.framework = f->code;
    struct diag d;
    diag_init(&d);
    struct answer_set out;
    answer_set_init(&out);
    ingest_file_to_set(&b->s, f, reg, &out, &d);
    *msgs = messages(&d);
    struct strbuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < out.n; i++)
        strbuf_addf(&sb, "%s%s:%s=%s", i ? " " : "", out.items[i].institution,
                    out.items[i].question, out.items[i].value);
    answer_set_release(&out);
    diag_release(&d);
    b->s.fw_siblings = NULL;
    char *got = strbuf_detach(&sb);
    strbuf_release(&sb);
    return got;
}

static void multi_case(const char *file, enum survey_shape shape, const char *mapping,
                       const char *col, const char *want_t, const char *want_s,
                       const char *msgs_t)
{
    struct src_buf b;
    source(&b, file, shape, mapping);
    if (col)
        b.s.institution_column = (char *)col;
    b.s.odk = shape == SHAPE_KOBO;
    char *m;
    char *got = load_as(&b, &fw, &m);
    char *n = xasprintf("%s, framework = T, S: T takes its own", file);
    is_str(got, want_t, n);
    free(n);
    n = xasprintf("%s: as T, S's columns are not unknown", file);
    is_str(m, msgs_t, n);
    free(n);
    free(got);
    free(m);
    got = load_as(&b, &sfw, &m);
    n = xasprintf("%s: S takes its own", file);
    is_str(got, want_s, n);
    free(n);
    n = xasprintf("%s: as S, nothing said again", file);
    is_str(m, "", n);
    free(n);
    free(got);
    free(m);
    source_release(&b);
}

static void multi_cases(void)
{
    questions[0].required = 0; /* T_PLAN (with evidence) is left out of these files */
    multi_case("multi_lime.csv", SHAPE_LIMESURVEY, NULL, "INST",
               "MINFIN:T_NIVEL=3 MINFIN:T_CANAL=web MINEDUC:T_NIVEL=5 MINEDUC:T_CANAL=ventanilla",
               "MINFIN:S_A=12 MINFIN:S_B=x MINEDUC:S_A=7 MINEDUC:S_B=y SEGEPLAN:S_A=4 "
               "SEGEPLAN:S_B=x y",
               "");
    multi_case("multi_gforms.csv", SHAPE_GFORMS, NULL, "Institución",
               "MINFIN:T_NIVEL=4 MINEDUC:T_NIVEL=2",
               "MINFIN:S_A=12 MINFIN:S_B=Norte, Sur MINEDUC:S_A=7 MINEDUC:S_B=Sur",
               "multi_gforms.csv:1: warning: 1 column not used by the T/S questionnaire, read "
               "as no data: \"Color favorito\" (other_columns = warn; set other_columns = "
               "ignore in [survey.t] to silence this, or error to refuse them)");
    multi_case("multi_wide.csv", SHAPE_WIDE, NULL, NULL,
               "MINFIN:I_TRAM=35 MINFIN:POB=100 MINFIN:T_PCT=50 MINEDUC:POB=200",
               "MINFIN:S_ADM=1.5 MINFIN:S_VAR=10 MINEDUC:S_ADM=2.5 MINEDUC:S_VAR=20", "");
    multi_case("multi_admin.csv", SHAPE_ADMIN, NULL, NULL, "MINFIN:I_TRAM=35 MINEDUC:POB=200",
               "MINFIN:S_ADM=1.5 MINFIN:S_VAR=10", "");
    multi_case("multi_odk.csv", SHAPE_KOBO, "multi_map.csv", "datos-institucion",
               "MINFIN:T_NIVEL=3 MINFIN:T_CANAL=web MINEDUC:T_NIVEL=5 MINEDUC:T_CANAL=ventanilla",
               "MINFIN:S_A=12 MINFIN:S_B=x y MINEDUC:S_A=7 MINEDUC:S_B=y",
               "multi_odk.csv:1: warning: 1 column not used by the T/S questionnaire, read as "
               "no data: \"s-S_C\" (other_columns = warn; set other_columns = ignore in "
               "[survey.t] to silence this, or error to refuse them)");
    questions[0].required = 1;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        datadir = argv[1];
    framework_init();
    struct diag d;
    diag_init(&d);
    reg_path = xasprintf("%s/instituciones.csv", datadir);
    reg = registry_load(reg_path, NULL, NULL, &d);
    if (!ok(reg != NULL, "test registry loads")) {
        diag_print(&d, stdout);
        return tap_done();
    }
    diag_release(&d);
    parse_cases();
    kobo_cases();
    gforms_admin_wide_cases();
    equivalence();
    refused_cases();
    other_loads();
    sink_cases();
    dedup_cases();
    evidence_rules();
    multi_cases();
    registry_free(reg);
    free(reg_path);
    return tap_done();
}
