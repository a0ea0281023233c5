/*
 * test_score_walk.c — scoring from a cursor over the store (score_build_walk
 * over store_walk_answers, what `indigo compute` does) against scoring the
 * answer set in memory (score_build over store_get_answers, what every
 * earlier release did and the report still does).  For every rule (mean,
 * median, max, official) the two must give the same bits in every cell and
 * the same warnings, on answers spread over several files stored out of path
 * order, with official respondents who agree, disagree or left the answer
 * blank, institutions without an official respondent, institutions not in
 * the registry, denominators and administrative values, and answers of other
 * years and frameworks that must not be read.  Then rows inserted out of
 * line order (the table's key puts them back in order), the walk's fallback
 * (two institutions on one line), its orders, and a failing walk.
 *
 *   test_score_walk FRAMEWORK_DIR   (tests/framework/valid/small)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compute.h"
#include "config.h"
#include "framework.h"
#include "ingest.h"
#include "registry.h"
#include "score.h"
#include "store.h"
#include "tap.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* The store                                                                 */
/* ------------------------------------------------------------------------ */

/* Every institution the answers name (the answer table's foreign key), two
   of which the scoring registry below does not know. */
static struct registry *db_registry(void)
{
    static const char *const codes[] = {"AAA", "EVI", "MINEDUC", "MINFIN", "SEGEPLAN", "ZZZ"};
    struct registry *r = xcalloc(1, sizeof *r);
    r->n = 6;
    r->items = xcalloc(6, sizeof *r->items);
    for (int i = 0; i < 6; i++) {
        r->items[i].code = xstrdup(codes[i]);
        r->items[i].name[LANG_ES] = xstrdup(codes[i]);
        r->items[i].name[LANG_EN] = xstrdup(codes[i]);
        r->items[i].group = xstrdup("Ministerio");
        r->items[i].weight = 1;
    }
    return r;
}

/* The registry scored: AAA, EVI and ZZZ are not in it. */
static struct institution scored[] = {
    {.code = "MINEDUC", .weight = 1}, {.code = "MINFIN", .weight = 1},
    {.code = "SEGEPLAN", .weight = 1},
};
static const struct registry reg = {.items = scored, .n = 3};
enum { U_MINEDUC, U_MINFIN, U_SEGEPLAN };

static struct answer_set pending;   /* the answers of the file being written */

/* An answer with evidence (a well-formed URL: I111 asks for it). */
static void ans_ev(const char *inst, const char *q, const char *resp, double number,
                   int official, long line, const char *evidence)
{
    struct answer a = {
        .institution = (char *)inst, .question = (char *)q, .respondent = (char *)resp,
        .value = (char *)"x", .number = number, .is_official = official, .line = line,
        .evidence = (char *)evidence,
    };
    answer_set_push(&pending, &a);
}

static void ans(const char *inst, const char *q, const char *resp, double number, int official,
                long line)
{
    ans_ev(inst, q, resp, number, official, line, "https://ejemplo.gob.gt/evidencia");
}

/* Store the pending answers, in the order they were added, as one file. */
static void put_file(struct store *s, const char *path, const char *framework, int year)
{
    struct survey_source src = {.id = (char *)"t", .display = (char *)path,
                                .framework = (char *)framework, .year = year,
                                .shape = SHAPE_LONG};
    struct diag d;
    diag_init(&d);
    char sha[65];
    snprintf(sha, sizeof sha, "%s-%d-%s", framework, year, path);
    if (store_put_file(s, &src, sha, &pending, 0, pending.n, &d) != 0) {
        diag_print(&d, stdout);
        ok(0, "storing %s", path);
    }
    diag_release(&d);
    answer_set_release(&pending);
    answer_set_init(&pending);
}

/*
 * 2026, framework DEMO, in three files stored in the order b, a, c (c names
 * the framework "demo": matched ignoring case).  In the order of
 * store_get_answers (framework, path, line, question) they read a.csv, b.csv,
 * then c.csv, so a walk in storage order would see b.csv first.
 *
 *   MINFIN Q_NUM   a:5 1e16 (r1, official), a:6 -1e16, b:2 1, c:3 3 (only r1
 *                  official)
 *                  in order: ((1e16 - 1e16) + 1) + 3 = 4, mean 1; storage
 *                  order (b first) gives 1 + 1e16 = 1e16, ... = 3: mean 0.75
 *   MINFIN Q_LK    a:5 4 (r1, official), a:6 2, b:2 2 (r3, official): the two
 *                  official answers disagree
 *   MINFIN Q_SN    a:5 1 (official), a:6 0
 *   MINFIN Q_PC    a:5 blank (official), a:6 40
 *   MINFIN I23, PRESUP, POB   c:1 administrative values
 *   MINEDUC        nobody official: Q_SN a:7 1, b:3 1, c:2 0; Q_LK a:7 5,
 *                  b:3 4, c:2 1; Q_NUM a:7 10, b:3 40; Q_SU a:7 1; Q_PC b:3
 *                  blank
 *   ZZZ, AAA       not in the registry: ZZZ first at a:4, AAA first at a:8
 *                  (its row at b:1 comes later in that order, though stored
 *                  first); EVI answers only Q_EV, which no indicator reads
 *   other framework (x.csv, OTRO) and year (2025): never read
 */
static void fill_2026(struct store *s)
{
    ans("AAA", "Q_SN", "z", 1, 0, 1);
    ans("MINFIN", "Q_NUM", "r3", 1, 0, 2);
    ans("MINFIN", "Q_LK", "r3", 2, 1, 2);
    ans("MINEDUC", "Q_SN", "b", 1, 0, 3);
    ans("MINEDUC", "Q_LK", "b", 4, 0, 3);
    ans("MINEDUC", "Q_NUM", "b", 40, 0, 3);
    ans("MINEDUC", "Q_PC", "b", NAN, 0, 3);
    put_file(s, "encuestas/b.csv", "DEMO", 2026);

    ans("ZZZ", "Q_SN", "z", 1, 0, 4);
    ans("ZZZ", "Q_EV", "z", NAN, 0, 4);
    ans("MINFIN", "Q_SN", "r1", 1, 1, 5);
    ans("MINFIN", "Q_LK", "r1", 4, 1, 5);
    ans("MINFIN", "Q_NUM", "r1", 1e16, 1, 5);
    ans("MINFIN", "Q_PC", "r1", NAN, 1, 5);
    ans("MINFIN", "Q_EV", "r1", NAN, 1, 5);
    ans("MINFIN", "Q_SN", "r2", 0, 0, 6);
    ans("MINFIN", "Q_LK", "r2", 2, 0, 6);
    ans("MINFIN", "Q_NUM", "r2", -1e16, 0, 6);
    ans("MINFIN", "Q_PC", "r2", 40, 0, 6);
    ans("MINEDUC", "Q_SN", "a", 1, 0, 7);
    ans("MINEDUC", "Q_LK", "a", 5, 0, 7);
    ans("MINEDUC", "Q_NUM", "a", 10, 0, 7);
    ans("MINEDUC", "Q_SU", "a", 1, 0, 7);
    ans("AAA", "Q_LK", "z", 3, 0, 8);
    ans("EVI", "Q_EV", "e", NAN, 0, 9);
    put_file(s, "encuestas/a.csv", "DEMO", 2026);

    ans("MINFIN", "I23", "", 5e6, 0, 1);
    ans("MINFIN", "PRESUP", "", 1e7, 0, 1);
    ans("MINFIN", "POB", "", 2e5, 0, 1);
    ans("MINEDUC", "Q_SN", "c", 0, 0, 2);
    ans("MINEDUC", "Q_LK", "c", 1, 0, 2);
    ans("MINFIN", "Q_NUM", "r4", 3, 0, 3);
    put_file(s, "encuestas/c.csv", "demo", 2026);

    ans("MINFIN", "Q_SN", "r1", 0, 1, 1);
    ans("MINEDUC", "Q_LK", "a", 1, 0, 1);
    put_file(s, "encuestas/x.csv", "OTRO", 2026);
    ans("MINFIN", "Q_SN", "r1", 0, 1, 1);
    ans("MINFIN", "Q_NUM", "r1", 7, 1, 1);
    put_file(s, "encuestas/a.csv", "DEMO", 2025);
}

/* 2027: d.csv stored with its rows out of line order (lines 5, 7, 3), then
   c.csv: the walk in storage order stops, and the scorer walks again by
   cell.  MINFIN Q_NUM in the order of store_get_answers (c.csv, then d.csv
   by line): ((1e16 + 2) - 1e16) + 1 = 3, mean 0.75; by line alone, ignoring
   the files, mean 1; in storage order, mean 0.5. */
static void fill_2027(struct store *s)
{
    ans("MINFIN", "Q_NUM", "r1", -1e16, 0, 5);
    ans("MINFIN", "Q_NUM", "r2", 1, 0, 7);
    ans("MINFIN", "Q_NUM", "r3", 2, 0, 3);
    put_file(s, "encuestas/d.csv", "DEMO", 2027);
    ans("MINFIN", "Q_NUM", "r4", 1e16, 0, 9);
    put_file(s, "encuestas/c.csv", "DEMO", 2027);
}

/* 2028: one line holding two institutions (no shape writes that): ZZZ is
   stored first, but AAA's answer to Q_LK comes first in the order of
   store_get_answers (line, then question), so AAA is warned about first. */
static void fill_2028(struct store *s)
{
    ans("ZZZ", "Q_SN", "z", 1, 0, 1);
    ans("AAA", "Q_LK", "a", 3, 0, 1);
    ans("MINFIN", "Q_SN", "r1", 1, 1, 2);
    put_file(s, "encuestas/e.csv", "DEMO", 2028);
}

/*
 * 2029: evidence as a scoring rule.  I111 (Q_SN) has evidence = si.  Stored
 * in the order f.csv then g.csv; store_get_answers reads f.csv first too,
 * but a walk by cell (median) meets MINFIN's g.csv answer before MINEDUC's.
 *
 *   MINEDUC Q_SN  f:3 1, no evidence;  f:4 1 "www.x.gob.gt" (no scheme);
 *                 f:5 0 without evidence (not a positive answer: fine)
 *   MINFIN  Q_SN  g:2 1 "https://ok.gob.gt/plan" (supported), g:3 1 "" (none)
 *   MINFIN  Q_NUM g:2 5 without evidence (I22 asks for none)
 */
static void fill_2029(struct store *s)
{
    ans_ev("MINEDUC", "Q_SN", "a", 1, 0, 3, NULL);
    ans_ev("MINEDUC", "Q_SN", "b", 1, 0, 4, "www.x.gob.gt");
    ans_ev("MINEDUC", "Q_SN", "c", 0, 0, 5, NULL);
    put_file(s, "encuestas/f.csv", "DEMO", 2029);
    ans_ev("MINFIN", "Q_SN", "r1", 1, 0, 2, "https://ok.gob.gt/plan");
    ans_ev("MINFIN", "Q_NUM", "r1", 5, 0, 2, NULL);
    ans_ev("MINFIN", "Q_SN", "r2", 1, 0, 3, "");
    put_file(s, "encuestas/g.csv", "DEMO", 2029);
}

/* ------------------------------------------------------------------------ */
/* The two paths                                                             */
/* ------------------------------------------------------------------------ */

/* The walk over the store, recording the orders asked for. */
struct walker {
    struct store *s;
    enum score_order orders[4];
    int n;
};

static int walk(void *src, int year, const char *framework, enum score_order order,
                score_row_fn fn, void *ctx, struct diag *d)
{
    struct walker *w = src;
    if (w->n < 4)
        w->orders[w->n++] = order;
    return store_walk_answers(w->s, year, framework, order, fn, ctx, d);
}

static int same_bits(const double *a, const double *b, size_t n)
{
    return memcmp(a, b, n * sizeof *a) == 0;
}

struct both {
    struct score_matrix mem, cur;
    struct diag dmem, dcur;
    struct walker w;
};

/* Score year both ways; 1 if the matrices and the warnings are identical. */
static int score_both(struct store *s, const struct framework *fw, int year, struct both *b,
                      const char *what)
{
    struct answer_set as;
    answer_set_init(&as);
    diag_init(&b->dmem);
    diag_init(&b->dcur);
    memset(&b->w, 0, sizeof b->w);
    b->w.s = s;
    int rc_get = store_get_answers(s, year, &as, &b->dmem);
    int rc_mem = score_build(fw, &reg, &as, year, &b->mem, &b->dmem);
    int rc_cur = score_build_walk(fw, &reg, year, walk, &b->w, &b->cur, &b->dcur);
    answer_set_release(&as);
    char name[160];
    snprintf(name, sizeof name, "%s: both paths score", what);
    ok(rc_get == 0 && rc_mem == 0 && rc_cur == 0, "%s", name);
    size_t cells = (size_t)b->mem.n_units * (size_t)b->mem.n_ind;
    int same = b->mem.n_units == b->cur.n_units && b->mem.n_ind == b->cur.n_ind &&
               same_bits(b->mem.raw, b->cur.raw, cells) &&
               same_bits(b->mem.denom, b->cur.denom, cells) &&
               memcmp(b->mem.n_respondents, b->cur.n_respondents,
                      cells * sizeof *b->mem.n_respondents) == 0 &&
               memcmp(b->mem.flags, b->cur.flags, cells * sizeof *b->mem.flags) == 0;
    snprintf(name, sizeof name, "%s: the cursor gives the same bits in every cell", what);
    ok(same, "%s", name);
    int same_diag = b->dmem.n_errors == b->dcur.n_errors &&
                    b->dmem.n_warnings == b->dcur.n_warnings && b->dmem.n_kept == b->dcur.n_kept;
    for (int i = 0; same_diag && i < b->dmem.n_kept; i++)
        same_diag = strcmp(b->dmem.msgs[i], b->dcur.msgs[i]) == 0;
    snprintf(name, sizeof name, "%s: the same warnings, in the same order", what);
    ok(same_diag, "%s", name);
    if (!same_diag) {
        printf("# in memory:\n");
        for (int i = 0; i < b->dmem.n_kept; i++)
            printf("#   %s\n", b->dmem.msgs[i]);
        printf("# cursor:\n");
        for (int i = 0; i < b->dcur.n_kept; i++)
            printf("#   %s\n", b->dcur.msgs[i]);
    }
    return same && same_diag;
}

static void both_release(struct both *b)
{
    score_matrix_release(&b->mem);
    score_matrix_release(&b->cur);
    diag_release(&b->dmem);
    diag_release(&b->dcur);
}

/* Indicator columns: I111 Q_SN, I112 Q_LK, I12 Q_SU, I21 Q_PC, I22 Q_NUM/POB,
   I23 admin/PRESUP, I24 Q_SM, I25 Q_LKP. */
enum { I111, I112, I12, I21, I22, I23, I24, I25 };
#define RAW(m, u, j) ((m).raw[(u) * (m).n_ind + (j)])
#define DEN(m, u, j) ((m).denom[(u) * (m).n_ind + (j)])
#define NRESP(m, u, j) ((m).n_respondents[(u) * (m).n_ind + (j)])

static const char warn_zzz[] =
    "encuestas/a.csv:4: warning: institution \"ZZZ\" is not in the registry (its answers to "
    "DEMO are not scored)";
static const char warn_aaa[] =
    "encuestas/a.csv:8: warning: institution \"AAA\" is not in the registry (its answers to "
    "DEMO are not scored)";

static void test_rules(struct store *s, struct framework *fw)
{
    struct both b;

    /* official */
    fw->respondents = COMBINE_OFFICIAL;
    score_both(s, fw, 2026, &b, "official");
    is_int(b.w.n, 1, "official: one walk, in storage order (no sort)");
    is_int(b.w.orders[0], SCORE_ORDER_STORED, "official: SCORE_ORDER_STORED");
    is_num(RAW(b.cur, U_MINFIN, I111), 1, 0, "official: MINFIN Q_SN = the official 1");
    is_num(RAW(b.cur, U_MINFIN, I112), NAN, 0, "official: two official answers disagree: NAN");
    is_num(RAW(b.cur, U_MINFIN, I21), NAN, 0, "official: the official left it blank: NAN");
    is_int(NRESP(b.cur, U_MINFIN, I21), 0, "official: blank: nobody counted");
    is_num(RAW(b.cur, U_MINFIN, I22), 1e16, 0, "official: MINFIN Q_NUM = r1's 1e16");
    is_num(DEN(b.cur, U_MINFIN, I22), 2e5, 0, "official: denominator POB (file c, \"demo\")");
    is_num(RAW(b.cur, U_MINFIN, I23), 5e6, 0, "official: administrative value I23");
    is_num(DEN(b.cur, U_MINFIN, I23), 1e7, 0, "official: denominator PRESUP");
    is_num(RAW(b.cur, U_MINEDUC, I111), NAN, 0, "official: MINEDUC, nobody official: NAN");
    is_num(RAW(b.cur, U_MINEDUC, I12), 1, 0, "official: a single respondent counts");
    is_num(RAW(b.cur, U_SEGEPLAN, I111), NAN, 0, "official: SEGEPLAN has no answers");
    is_int(b.dcur.n_warnings, 3, "official: three warnings");
    if (b.dcur.n_kept == 3) {
        is_str(b.dcur.msgs[0], warn_zzz, "official: ZZZ warned at its first answer (a.csv:4)");
        is_str(b.dcur.msgs[1], warn_aaa, "official: AAA warned at a.csv:8, not at b.csv:1");
        /* the first cell left empty is I111, whose first answer is in a.csv */
        is_str(b.dcur.msgs[2],
               "encuestas/a.csv: warning: MINEDUC: 3 values of DEMO 2026 left empty: several "
               "respondents answered but no respondent marked official did (expected the "
               "official respondent to answer, or respondents = mean in framework.ini)",
               "official: MINEDUC's 3 empty values, naming the file of the first answer");
    }
    both_release(&b);

    /* mean */
    fw->respondents = COMBINE_MEAN;
    score_both(s, fw, 2026, &b, "mean");
    is_int(b.w.n, 1, "mean: one walk, in storage order");
    /* ((1e16 - 1e16) + 1) + 3 = 4, / 4; summed in storage order: 0.75 */
    is_num(RAW(b.cur, U_MINFIN, I22), 1, 0, "mean: summed in the order of the files' paths");
    is_int(NRESP(b.cur, U_MINFIN, I22), 4, "mean: four respondents");
    is_num(RAW(b.cur, U_MINFIN, I112), 8.0 / 3, 0, "mean: MINFIN Q_LK (4 + 2 + 2) / 3");
    is_num(RAW(b.cur, U_MINFIN, I21), 40, 0, "mean: the blank is skipped");
    is_num(RAW(b.cur, U_MINEDUC, I112), 10.0 / 3, 0, "mean: MINEDUC Q_LK (5 + 4 + 1) / 3");
    is_num(RAW(b.cur, U_MINEDUC, I21), NAN, 0, "mean: only a blank: NAN");
    is_int(b.dcur.n_warnings, 2, "mean: the two unknown institutions only");
    both_release(&b);

    /* median */
    fw->respondents = COMBINE_MEDIAN;
    score_both(s, fw, 2026, &b, "median");
    is_int(b.w.n, 1, "median: one walk, by cell");
    is_int(b.w.orders[0], SCORE_ORDER_CELL, "median: SCORE_ORDER_CELL");
    /* -1e16 1 3 1e16 -> (1 + 3) / 2 */
    is_num(RAW(b.cur, U_MINFIN, I22), 2, 0, "median: MINFIN Q_NUM, even count");
    is_num(RAW(b.cur, U_MINEDUC, I112), 4, 0, "median: MINEDUC Q_LK 1 4 5");
    is_num(RAW(b.cur, U_MINEDUC, I12), 1, 0, "median: one value");
    is_num(RAW(b.cur, U_MINEDUC, I21), NAN, 0, "median: only a blank: NAN");
    if (b.dcur.n_kept == 2) {
        /* rows arrive by institution (AAA first): the warnings keep their order */
        is_str(b.dcur.msgs[0], warn_zzz, "median: ZZZ first, as in the order of the files");
        is_str(b.dcur.msgs[1], warn_aaa, "median: then AAA, at a.csv:8");
    } else {
        ok(0, "median: two warnings (%d)", b.dcur.n_kept);
    }
    both_release(&b);

    /* max */
    fw->respondents = COMBINE_MAX;
    score_both(s, fw, 2026, &b, "max");
    is_num(RAW(b.cur, U_MINFIN, I22), 1e16, 0, "max: MINFIN Q_NUM");
    is_num(RAW(b.cur, U_MINEDUC, I111), 1, 0, "max: MINEDUC Q_SN");
    is_num(RAW(b.cur, U_MINFIN, I21), 40, 0, "max: the blank is skipped");
    both_release(&b);

    /* a year with no answers of this framework */
    fw->respondents = COMBINE_OFFICIAL;
    score_both(s, fw, 2030, &b, "no answers");
    int all_nan = 1;
    for (int c = 0; c < b.cur.n_units * b.cur.n_ind; c++)
        all_nan &= isnan(b.cur.raw[c]) && isnan(b.cur.denom[c]) && b.cur.n_respondents[c] == 0;
    ok(all_nan, "no answers: every cell NAN");
    is_int(b.dcur.n_warnings, 0, "no answers: no warning");
    both_release(&b);
}

#define FLAGS(m, u, j) ((m).flags[(u) * (m).n_ind + (j)])

static const char warn_evidence[] =
    "encuestas/f.csv:3: warning: DEMO 2029: 3 positive answers without valid evidence, scored "
    "as missing_evidence says: encuestas/f.csv:3 MINEDUC Q_SN = 1 (no evidence) -> %s; "
    "encuestas/f.csv:4 MINEDUC Q_SN = 1 (evidence \"www.x.gob.gt\" does not begin with http:// "
    "or https://) -> %s; encuestas/g.csv:3 MINFIN Q_SN = 1 (no evidence) -> %s (add each "
    "answer's evidence link to the survey, or set missing_evidence in framework.ini or "
    "nodes.csv)";

/* Unsupported positive answers score by the rule, in both paths alike, and
   are listed in one warning in the order of the files. */
static void test_evidence(struct store *s, struct framework *fw)
{
    static const enum combine_rule rules[] = {COMBINE_MEAN, COMBINE_MEDIAN, COMBINE_MAX};
    static const char *names[] = {"mean", "median", "max"};
    char want[1024], what[64];
    struct both b;
    for (int i = 0; i < 3; i++) {
        fw->respondents = rules[i];
        fw->missing_evidence = EVIDENCE_ZERO;
        snprintf(what, sizeof what, "evidence zero, %s", names[i]);
        score_both(s, fw, 2029, &b, what);
        /* MINEDUC: 0, 0, 0; MINFIN: 1 (supported), 0 */
        is_num(RAW(b.cur, U_MINEDUC, I111), 0, 0, "zero: MINEDUC's unsupported 1s count 0");
        is_num(RAW(b.cur, U_MINFIN, I111), rules[i] == COMBINE_MEAN ? 0.5 : rules[i] ==
                                           COMBINE_MEDIAN ? 0.5 : 1, 0,
               "zero: MINFIN's supported 1 counts, its unsupported 1 is 0");
        ok(FLAGS(b.cur, U_MINEDUC, I111) & FLAG_NO_EVIDENCE, "zero: MINEDUC's cell flagged");
        ok(!(FLAGS(b.cur, U_MINFIN, I22) & FLAG_NO_EVIDENCE), "zero: I22 asks for none");
        snprintf(want, sizeof want, warn_evidence, "0", "0", "0");
        is_int(b.dcur.n_warnings, 1, "zero: one warning");
        is_str(b.dcur.n_kept ? b.dcur.msgs[0] : NULL, want,
               "zero: every unsupported answer with file:line, in the files' order");
        both_release(&b);
    }
    fw->respondents = COMBINE_MEAN;
    fw->missing_evidence = EVIDENCE_KEEP;
    score_both(s, fw, 2029, &b, "evidence keep");
    is_num(RAW(b.cur, U_MINEDUC, I111), 2.0 / 3, 0, "keep: MINEDUC (1 + 1 + 0) / 3");
    ok(FLAGS(b.cur, U_MINEDUC, I111) & FLAG_NO_EVIDENCE, "keep: still flagged");
    snprintf(want, sizeof want, warn_evidence, "kept", "kept", "kept");
    is_str(b.dcur.n_kept ? b.dcur.msgs[0] : NULL, want, "keep: listed, kept");
    both_release(&b);
    /* a per-indicator rule wins over the framework's */
    int k = framework_node(fw, "I111");
    fw->nodes[k].evidence_rule_set = 1;
    fw->nodes[k].evidence_rule = EVIDENCE_ZERO;
    score_both(s, fw, 2029, &b, "evidence per indicator");
    is_num(RAW(b.cur, U_MINEDUC, I111), 0, 0, "nodes.csv missing_evidence = zero wins");
    both_release(&b);
    fw->nodes[k].evidence_rule_set = 0;
    fw->missing_evidence = EVIDENCE_ZERO;
}

static void test_fallback(struct store *s, struct framework *fw)
{
    struct both b;
    static const enum combine_rule rules[] = {COMBINE_MEAN, COMBINE_MAX, COMBINE_OFFICIAL};
    static const char *const names[] = {"mean", "max", "official"};
    for (int i = 0; i < 3; i++) {
        fw->respondents = rules[i];
        char what[96];
        snprintf(what, sizeof what, "lines stored out of order, %s", names[i]);
        score_both(s, fw, 2027, &b, what);
        /* the answer table's key is (file, line, question): the stored
           order is line order whatever order the rows were inserted in */
        ok(b.w.n == 1 && b.w.orders[0] == SCORE_ORDER_STORED,
           "%s: one walk in stored order (the key sorts the lines)", what);
        if (rules[i] == COMBINE_MEAN)
            is_num(RAW(b.cur, U_MINFIN, I22), 0.75, 0,
                   "lines stored out of order, mean: summed by file path, then line");
        both_release(&b);
    }
    fw->respondents = COMBINE_MEAN;
    score_both(s, fw, 2028, &b, "two institutions on one line");
    ok(b.w.n == 2 && b.w.orders[1] == SCORE_ORDER_CELL,
       "two institutions on one line: walked again by cell");
    if (b.dcur.n_kept == 2) {
        is_str(b.dcur.msgs[0],
               "encuestas/e.csv:1: warning: institution \"AAA\" is not in the registry (its "
               "answers to DEMO are not scored)",
               "same line: AAA first (its question sorts first)");
        is_str(b.dcur.msgs[1],
               "encuestas/e.csv:1: warning: institution \"ZZZ\" is not in the registry (its "
               "answers to DEMO are not scored)",
               "same line: then ZZZ");
    } else {
        ok(0, "same line: two warnings (%d)", b.dcur.n_kept);
    }
    is_num(RAW(b.cur, U_MINFIN, I111), 1, 0, "same line: MINFIN scored");
    both_release(&b);
}

/* ------------------------------------------------------------------------ */
/* The walk itself                                                           */
/* ------------------------------------------------------------------------ */

struct seen {
    int n, sorted_by_cell, stop_at;
    char prev[64];
};

static int see_row(void *ctx, const struct score_row *r)
{
    struct seen *x = ctx;
    char key[64];
    snprintf(key, sizeof key, "%s\x1f%s", r->institution, r->question);
    if (x->n && strcmp(x->prev, key) > 0)
        x->sorted_by_cell = 0;
    snprintf(x->prev, sizeof x->prev, "%s", key);
    return ++x->n == x->stop_at ? 42 : 0;
}

static void test_walk(struct store *s)
{
    struct diag d;
    diag_init(&d);
    struct seen x = {.sorted_by_cell = 1};
    is_int(store_walk_answers(s, 2026, "DEMO", SCORE_ORDER_STORED, see_row, &x, &d), 0,
           "walk in storage order");
    /* b 7 + a 17 + c 6; not x.csv (OTRO) nor 2025 */
    is_int(x.n, 30, "every row of DEMO and demo 2026, no other framework or year");
    x = (struct seen){.sorted_by_cell = 1};
    is_int(store_walk_answers(s, 2026, "demo", SCORE_ORDER_CELL, see_row, &x, &d), 0,
           "walk by cell (framework matched ignoring case)");
    is_int(x.n, 30, "the same rows");
    ok(x.sorted_by_cell, "by institution, then question");
    x = (struct seen){.stop_at = 3};
    is_int(store_walk_answers(s, 2026, "DEMO", SCORE_ORDER_STORED, see_row, &x, &d), 42,
           "the callback's nonzero value stops the walk and is returned");
    is_int(x.n, 3, "no row after the stop");
    is_int(d.n_errors + d.n_warnings, 0, "no diagnostic");
    diag_release(&d);
}

static int failing_walk(void *src, int year, const char *framework, enum score_order order,
                        score_row_fn fn, void *ctx, struct diag *d)
{
    (void)src, (void)year, (void)order;
    struct score_row r = {.framework = framework, .file = "f.csv", .line = 1,
                          .institution = "MINFIN", .question = "Q_SN", .number = 1};
    fn(ctx, &r);
    return diag_error(d, EX_IOERR_, "db", 0, 0, "disk on fire");
}

static void test_failure(struct framework *fw)
{
    struct diag d;
    diag_init(&d);
    struct score_matrix m;
    fw->respondents = COMBINE_MEAN;
    is_int(score_build_walk(fw, &reg, 2026, failing_walk, NULL, &m, &d), -1,
           "a failing walk fails the scoring");
    ok(m.raw == NULL && m.denom == NULL && m.n_respondents == NULL, "and leaves no matrix");
    is_int(d.n_errors, 1, "the walk's error is kept");
    score_matrix_release(&m);
    diag_release(&d);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_score_walk TESTS_FRAMEWORK_DIR\n");
        return 2;
    }
    struct diag d;
    diag_init(&d);
    char *path = xasprintf("%s/valid/small", argv[1]);
    struct framework *fw = framework_load(path, &d);
    free(path);
    char dir[] = "/tmp/indigo-score-walk-XXXXXX";
    if (!fw || !mkdtemp(dir)) {
        diag_print(&d, stdout);
        ok(0, "setup");
        return tap_done();
    }
    char *db = xasprintf("%s/t.db", dir);
    struct registry *dbreg = db_registry();
    struct store *s = store_open(db, 0, &d);
    answer_set_init(&pending);
    ok(s && store_begin(s, &d) == 0 && store_put_registry(s, dbreg, &d) == 0 &&
           store_put_framework(s, fw, &d) == 0,
       "store with registry and framework");
    if (s) {
        fill_2026(s);
        fill_2027(s);
        fill_2028(s);
        fill_2029(s);
        ok(store_commit(s, &d) == 0, "answers stored");
        diag_print(&d, stdout);

        test_rules(s, fw);
        test_fallback(s, fw);
        test_evidence(s, fw);
        test_walk(s);
        test_failure(fw);
    }
    store_close(s);
    answer_set_release(&pending);
    registry_free(dbreg);
    framework_free(fw);
    diag_release(&d);
    unlink(db);
    char *lock = xasprintf("%s.lock", db);
    unlink(lock);
    free(lock);
    free(db);
    rmdir(dir);
    return tap_done();
}
