/*
 * test_workbook.c — the round workbook and the institution workbook on the
 * fixture of fixture.h: they are written, byte-identical when written twice,
 * a file that cannot be created is reported with libxlsxwriter's reason,
 * and answers that cannot be read back with the feed's.
 *
 *   test_workbook              TAP
 *   test_workbook --write DIR  writes the fixture's workbooks and the engine's
 *                              numbers for the Python checks (check_workbook.py):
 *                                round-es.xlsx round-en.xlsx
 *                                inst-U1-es.xlsx inst-U3-en.xlsx
 *                                expected.txt   "FW UNIT value rank level" (index)
 *                                whatif.txt     the same with TA's P2 weight
 *                                               set to WHATIF_P2
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fixture.h"
#include "render.h"
#include "tap.h"
#include "testlib.h"
#include "xalloc.h"

#define WHATIF_P2 0.25

static void print_index(FILE *fp, const char *tag, const struct rfx *f)
{
    for (int i = 0; i < f->rd.n_idx; i++) {
        const struct result *r = &f->run[i].res;
        int root = f->ix[i].fw.root, nn = f->ix[i].fw.n_nodes;
        for (int u = 0; u < r->n_units; u++) {
            double v = r->value[u * nn + root];
            if (isnan(v))
                continue;
            const char *level = level_label(&f->ix[i].fw, r->maturity[u], LANG_ES);
            fprintf(fp, "%s%s %s %.17g %d %s\n", tag, f->ix[i].fw.code, r->unit_code[u], v,
                    r->rank[u * nn + root], level ? level : "-");
        }
    }
}

/* Flag indicator `code` of unit u in index i as an unsupported positive
   answer, as scoring would (FLAG_NO_EVIDENCE): the workbook must say what it
   counted for under the framework's missing_evidence rule. */
static void mark_no_evidence(struct rfx *f, int i, const char *code, int u)
{
    struct result *r = &f->run[i].res;
    for (int j = 0; j < r->n_ind; j++)
        if (strcmp(f->ix[i].fw.nodes[r->ind_node[j]].code, code) == 0)
            r->flags[u * r->n_ind + j] |= FLAG_NO_EVIDENCE;
}

static int write_all(const char *dir)
{
    struct rfx f;
    struct diag d;
    diag_init(&d);
    fixture_build(&f, 0);
    mark_no_evidence(&f, 0, "a1", 0);
    f.ix[1].fw.missing_evidence = EVIDENCE_KEEP;
    mark_no_evidence(&f, 1, "c1", 0);
    int rc = f.rc[0] | f.rc[1];
    if (rc)
        fprintf(stderr, "compute_run: %s\n", f.err);
    char path[4096];
    const struct {
        const char *name;
        int unit;
        enum lang lang;
    } out[] = {{"round-es.xlsx", -1, LANG_ES}, {"round-en.xlsx", -1, LANG_EN},
               {"inst-U1-es.xlsx", 0, LANG_ES}, {"inst-U3-en.xlsx", 2, LANG_EN}};
    for (size_t i = 0; i < sizeof out / sizeof out[0] && rc == 0; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, out[i].name);
        rc = out[i].unit < 0 ? render_workbook(&f.rd, out[i].lang, path, &d)
                             : render_institution_workbook(&f.rd, out[i].unit, out[i].lang,
                                                           path, &d);
    }
    if (rc == 0) {
        /* every sheet that can be streamed, streamed (rows in order) */
        unsigned long saved = render_xlsx_stream_rows;
        render_xlsx_stream_rows = 0;
        snprintf(path, sizeof path, "%s/round-streamed-es.xlsx", dir);
        rc = render_workbook(&f.rd, LANG_ES, path, &d);
        render_xlsx_stream_rows = saved;
    }
    if (rc == 0) {
        snprintf(path, sizeof path, "%s/expected.txt", dir);
        FILE *fp = fopen(path, "w");
        print_index(fp, "", &f);
        fclose(fp);
        struct rfx w;
        fixture_build(&w, WHATIF_P2);
        snprintf(path, sizeof path, "%s/whatif.txt", dir);
        fp = fopen(path, "w");
        fprintf(fp, "weight TA P2 %.17g\n", WHATIF_P2);
        print_index(fp, "", &w);
        fclose(fp);
        fixture_release(&w);
    }
    diag_print(&d, stderr);
    diag_release(&d);
    fixture_release(&f);
    return rc == 0 ? 0 : 1;
}

/* The fixture means what fixture.h says it means. */
static void test_fixture(const struct rfx *f)
{
    const struct result *ta = &f->run[0].res, *tb = &f->run[1].res;
    is_int(f->rc[0], 0, "TA computes");
    is_int(f->rc[1], 0, "TB computes");
    ok(!ta->included[4] && ta->included[0], "TA: U5 screened out, U1 kept");
    ok(ta->flags[1 * 6 + 1] & FLAG_IMPUTED, "TA: U2's a2 is imputed");
    /* group mean of a2 over the Ministerio units with data: U1 only -> 10 */
    is_num(ta->imputed[1 * 6 + 1], 10, 0, "TA: U2's a2 imputed as 10");
    ok((ta->flags[5 * 6 + 2] & FLAG_MISSING) && isnan(ta->normalised[5 * 6 + 2]),
       "TA: U6's a3 stays NA (no group)");
    ok(tb->flags[2 * 7 + 2] & FLAG_IMPUTED, "TB: U3's c3 imputed (zero)");
    ok(tb->flags[4 * 7 + 1] & FLAG_WINSORISED, "TB: U5's c2 Winsorised");
    ok(tb->flags[2 * 7 + 0] & FLAG_CLIPPED, "TB: U3's c1 clipped at the goalpost");
    is_num(tb->normalised[2 * 7 + 0], 0, 0, "TB: U3's c1 normalises to 0 (zero shift in Q1)");
    /* a2 has weight 2 in P1, P2 has weight 2 in TA: effective weights
       a2 = 1/3 * 2/4 = 1/6, b1 = 2/3 * 1/3 = 2/9 */
    is_num(ta->eff_weight[4], 1.0 / 6, 1e-15, "TA: effective weight of a2 = 1/6");
    is_num(ta->eff_weight[6], 2.0 / 9, 1e-15, "TA: effective weight of b1 = 2/9");
}

static void test_write(const struct rfx *f, const char *dir)
{
    char a[4096], b[4096];
    struct diag d;
    diag_init(&d);
    snprintf(a, sizeof a, "%s/a-es.xlsx", dir);
    snprintf(b, sizeof b, "%s/b-es.xlsx", dir);
    is_int(render_workbook(&f->rd, LANG_ES, a, &d), 0, "round workbook (es) written");
    is_int(render_workbook(&f->rd, LANG_ES, b, &d), 0, "round workbook (es) written again");
    ok(same_file(a, b), "the two Spanish workbooks are byte-identical");
    snprintf(a, sizeof a, "%s/a-en.xlsx", dir);
    snprintf(b, sizeof b, "%s/b-en.xlsx", dir);
    is_int(render_workbook(&f->rd, LANG_EN, a, &d), 0, "round workbook (en) written");
    is_int(render_workbook(&f->rd, LANG_EN, b, &d), 0, "round workbook (en) written again");
    ok(same_file(a, b), "the two English workbooks are byte-identical");
    char es[4096];
    snprintf(es, sizeof es, "%s/a-es.xlsx", dir);
    ok(!same_file(a, es), "the English workbook differs from the Spanish one");
    for (int u = 0; u < FX_UNITS; u++) {
        snprintf(a, sizeof a, "%s/i%d-a.xlsx", dir, u);
        snprintf(b, sizeof b, "%s/i%d-b.xlsx", dir, u);
        int r1 = render_institution_workbook(&f->rd, u, u % 2 ? LANG_EN : LANG_ES, a, &d);
        int r2 = render_institution_workbook(&f->rd, u, u % 2 ? LANG_EN : LANG_ES, b, &d);
        ok(r1 == 0 && r2 == 0 && same_file(a, b),
           "institution workbook of %s written twice, byte-identical", fx_codes[u]);
    }
    is_int(d.n_errors, 0, "no diagnostics");
    diag_print(&d, stdout);
    diag_release(&d);
}

static void test_errors(const struct rfx *f, const char *dir)
{
    struct diag d;
    diag_init(&d);
    char path[4096];
    snprintf(path, sizeof path, "%s/no/such/dir/x.xlsx", dir);
    is_int(render_workbook(&f->rd, LANG_ES, path, &d), -1,
           "a workbook in a missing directory fails");
    is_int(d.status, EX_CANTCREAT_, "with status 73 (EX_CANTCREAT)");
    char *want = NULL;
    if (asprintf(&want, "%s: error: cannot write the workbook: Error creating output xlsx "
                        "file. Usually a permissions error.", path) < 0)
        want = NULL;
    is_str(d.n_kept ? d.msgs[0] : NULL, want, "the message gives libxlsxwriter's reason");
    free(want);
    diag_release(&d);

    diag_init(&d);
    snprintf(path, sizeof path, "%s/no/such/dir/i.xlsx", dir);
    is_int(render_institution_workbook(&f->rd, 0, LANG_EN, path, &d), -1,
           "an institution workbook in a missing directory fails");
    is_int(d.status, EX_CANTCREAT_, "with status 73 too");
    diag_release(&d);
}

/* The what-if of check_workbook.py only means something if the weight
   changes the ranks. */
static void test_whatif_moves(const struct rfx *f)
{
    struct rfx w;
    fixture_build(&w, WHATIF_P2);
    const struct result *a = &f->run[0].res, *b = &w.run[0].res;
    int root = f->ix[0].fw.root, nn = f->ix[0].fw.n_nodes, moved = 0;
    for (int u = 0; u < a->n_units; u++)
        moved += a->rank[u * nn + root] != b->rank[u * nn + root];
    ok(moved >= 2, "TA's P2 weight %g moves %d institutions' ranks", WHATIF_P2, moved);
    fixture_release(&w);
}

/* The first row of a workbook's Respuestas sheet under its header (A5), as
   openpyxl reads it. */
static char *answers_a5(const char *path)
{
    char cmd[4400];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import sys, openpyxl; "
             "ws = openpyxl.load_workbook(sys.argv[1]).worksheets[2]; "
             "print(ws.title, '|', ws['A5'].value, '|', ws['A6'].value)\" '%s'",
             path);
    int st;
    char *out = run_command(cmd, &st);
    return out ? out : xstrdup("");
}

/* A round larger than a worksheet: render_xlsx_sheet_rows lowered to the
   fixture's size. */
static void test_too_large(const struct rfx *f, const char *dir)
{
    unsigned long saved = render_xlsx_sheet_rows;
    struct diag d;
    diag_init(&d);
    char path[4096];

    /* an institution with more answers than the sheet has rows under its
       header (4): a note in their place */
    int u = 0;
    size_t answers = f->by_unit.start[u + 1] - f->by_unit.start[u];
    ok(answers >= 2, "the fixture's first institution has %zu answers", answers);
    render_xlsx_sheet_rows = 4 + answers - 1;
    snprintf(path, sizeof path, "%s/too-many-answers.xlsx", dir);
    is_int(render_institution_workbook(&f->rd, u, LANG_ES, path, &d), 0,
           "an institution workbook with one answer too many for a sheet is written");
    char want[256];
    snprintf(want, sizeof want, "Respuestas | Hay %zu respuestas, más de las %zu filas que caben "
             "en una hoja. Están en los archivos de Procedencia (con su SHA-256) y en la tabla "
             "answer de la base de datos. | None\n", answers, answers - 1);
    char *a5 = answers_a5(path);
    is_str(a5, want, "Respuestas: the note in place of the answers, no row after it");
    free(a5);
    render_xlsx_sheet_rows = 4 + answers;
    snprintf(path, sizeof path, "%s/just-fits.xlsx", dir);
    is_int(render_institution_workbook(&f->rd, u, LANG_ES, path, &d), 0,
           "the same with room for every answer");
    a5 = answers_a5(path);
    ok(strncmp(a5, "Respuestas | Hay ", 17) != 0, "then the answers are there");
    free(a5);

    /* Indicadores too long for a sheet: no round workbook, a warning */
    unsigned long ind = 4;
    for (int i = 0; i < f->rd.n_idx; i++)
        ind += (unsigned long)f->rd.idx[i].res.n_ind * (unsigned long)f->rd.reg->n;
    render_xlsx_sheet_rows = ind - 1;
    snprintf(path, sizeof path, "%s/too-many-rows.xlsx", dir);
    is_int(render_workbook(&f->rd, LANG_ES, path, &d), 0, "a round too large for Indicadores");
    ok(access(path, F_OK) != 0, "gets no round workbook");
    is_int(d.n_errors, 0, "and no error");
    char msg[4700];
    snprintf(msg, sizeof msg, "%s: warning: not written: its Indicadores sheet would need %lu "
             "rows, more than the %lu a worksheet holds; every value it would hold is in "
             "datos/indicadores.csv", path, ind, ind - 1);
    is_str(d.n_kept ? d.msgs[d.n_kept - 1] : NULL, msg, "but a warning that says why");
    render_xlsx_sheet_rows = ind;
    snprintf(path, sizeof path, "%s/fits.xlsx", dir);
    is_int(render_workbook(&f->rd, LANG_ES, path, &d), 0, "one row more: written");
    ok(access(path, F_OK) == 0, "the round workbook is there");
    render_xlsx_sheet_rows = saved;
    diag_release(&d);
}

/* answer_feed.round that hands over the fixture's first two answers, then
   fails to read the rest back, as answer_spill_each does when the report's
   answers file cannot be read. */
static int feed_round_fails(const void *ctx, int (*fn)(void *arg, const struct answer *a),
                            void *arg, struct diag *d)
{
    const struct answer_set *as = ctx;
    for (size_t k = 0; k < 2 && k < as->n; k++)
        if (fn(arg, &as->items[k]) != 0)
            return -1;
    return diag_error(d, EX_IOERR_, "staging", 0, 0,
                      "cannot %s the round's answers for the reports: %s", "read back",
                      strerror(EIO));
}

/* The round workbook reads its Respuestas through the feed (the report
   holds only their count): a read failing there fails the workbook with
   the feed's message and status, however far it got. */
static void test_feed_fails(const struct rfx *f, const char *dir)
{
    struct answer_feed feed = {.ctx = f->rd.answers, .round = feed_round_fails};
    struct answer_set counted = {.items = NULL, .n = f->rd.answers->n};
    struct round_data with = f->rd;
    with.answers = &counted;
    with.by_unit = NULL;
    with.feed = &feed;
    struct diag d;
    diag_init(&d);
    char path[4096];
    snprintf(path, sizeof path, "%s/feed-fails.xlsx", dir);
    is_int(render_workbook(&with, LANG_ES, path, &d), -1,
           "the answers failing to read back fail the round workbook");
    is_int(d.status, EX_IOERR_, "with status 74 (EX_IOERR)");
    is_int(d.n_errors, 1, "one error");
    is_str(d.n_kept ? d.msgs[0] : NULL,
           "staging: error: cannot read back the round's answers for the reports: "
           "Input/output error", "the feed's message, as it said it");
    diag_release(&d);
}

/* Every cell of every sheet as openpyxl reads it: its formula or value, its
   cached value, its number format and whether it is bold; then, per sheet,
   whether its text is inline, as constant_memory writes it. */
static char *all_cells(const char *path)
{
    char cmd[4600];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import sys, zipfile, openpyxl; "
             "p = sys.argv[1]; wb = openpyxl.load_workbook(p); "
             "wv = openpyxl.load_workbook(p, data_only=True); "
             "[print(ws.title, [[(c.value, v.value, c.number_format, c.font.b) "
             "for c, v in zip(r, rv)] for r, rv in zip(ws.iter_rows(), wv[ws.title].iter_rows())]) "
             "for ws in wb.worksheets]; "
             "z = zipfile.ZipFile(p); "
             "print('inline:', ' '.join(n for i, n in enumerate(wb.sheetnames) "
             "if 'inlineStr' in z.read('xl/worksheets/sheet%%d.xml' %% (i + 1)).decode()))"
             "\" '%s'",
             path);
    int st;
    char *out = run_command(cmd, &st);
    return out ? out : xstrdup("");
}

/* A round workbook whose large sheets are streamed (constant_memory, rows
   in order): render_xlsx_stream_rows lowered under every sheet's rows.
   Every cell of every sheet -- formula, cached value, format -- the same as
   when every sheet is held in memory; only the text is inline. */
static void test_streamed(const struct rfx *f, const char *dir)
{
    unsigned long saved = render_xlsx_stream_rows;
    struct diag d;
    diag_init(&d);
    char held[4096], streamed[4096];
    snprintf(held, sizeof held, "%s/held.xlsx", dir);
    snprintf(streamed, sizeof streamed, "%s/streamed.xlsx", dir);
    render_xlsx_stream_rows = ULONG_MAX;
    is_int(render_workbook(&f->rd, LANG_ES, held, &d), 0, "round workbook, every sheet held");
    render_xlsx_stream_rows = 0;
    is_int(render_workbook(&f->rd, LANG_ES, streamed, &d), 0,
           "round workbook, every sheet with rows streamed");
    if (!is_int(d.n_errors, 0, "no errors"))
        printf("# %s\n", d.n_kept ? d.msgs[d.n_kept - 1] : "?");
    char *a = all_cells(held), *b = all_cells(streamed);
    char *ia = strstr(a, "inline: "), *ib = strstr(b, "inline: ");
    ok(ia && strcmp(ia, "inline: \n") == 0, "held: shared strings only");
    char want[512] = "inline: Resumen";
    for (int i = 0; i < f->rd.n_idx; i++)
        snprintf(want + strlen(want), sizeof want - strlen(want), " %s", f->rd.idx[i].fw->code);
    snprintf(want + strlen(want), sizeof want - strlen(want), " Indicadores Respuestas Robustez\n");
    /* the description is one TAP line: ib's own newline left out */
    ok(ib && strcmp(ib, want) == 0, "streamed: Resumen, the index sheets, Indicadores, "
       "Respuestas and Robustez written as they go (%.*s)", ib ? (int)strcspn(ib, "\n") : 1,
       ib ? ib : "?");
    if (ia && ib) {
        *ia = *ib = '\0';
        ok(strlen(a) > 1000 && strcmp(a, b) == 0,
           "every cell of every sheet the same (%zu bytes as openpyxl reads them)", strlen(a));
    } else {
        ok(0, "every cell of every sheet the same");
    }
    free(a);
    free(b);
    render_xlsx_stream_rows = saved;
    diag_release(&d);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--write") == 0)
        return write_all(argv[2]);
    char dir[] = "/tmp/indigo-workbook-XXXXXX";
    if (!mkdtemp(dir)) {
        printf("Bail out! mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    struct rfx f;
    fixture_build(&f, 0);
    test_fixture(&f);
    test_write(&f, dir);
    test_errors(&f, dir);
    test_whatif_moves(&f);
    test_too_large(&f, dir);
    test_feed_fails(&f, dir);
    test_streamed(&f, dir);
    fixture_release(&f);
    /* clean up: the files written above */
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
