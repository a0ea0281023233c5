/*
 * test_pdf.c — the national report and the scorecards (render_pdf.c) on the
 * fixture round, checked with the poppler tools and qpdf.
 *
 * usage: test_pdf OUTDIR
 *
 * The charts are drawn into the PDFs as vector graphics, so their words are
 * text pdftotext finds and the files hold no images.  One page of each kind
 * is rasterised with pdftoppm into OUTDIR so a person can look at it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"
#include "error.h"
#include "fileio.h"
#include "fixture.h"
#include "i18n.h"
#include "render.h"
#include "tap.h"
#include "testlib.h"
#include "xalloc.h"

static const char *outdir;

/* Run cmd; stderr lines other than poppler's known ToUnicode warning are
   kept in *err_out (libharu writes "1 begincidrange <0000> <FFFF> 0", which
   poppler calls invalid while still extracting the text correctly). */
static char *run(const char *cmd, int *status, char **err_out)
{
    char *errf = xasprintf("%s/stderr.txt", outdir);
    char *full = xasprintf("%s 2>%s", cmd, errf);
    char *out = run_command(full, status);
    size_t n;
    char *err = read_file(errf, &n);
    char *keep = xstrdup("");
    if (err) {
        char *save = NULL;
        for (char *line = strtok_r(err, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            if (strstr(line, "Invalid 'begincidrange' operator in ToUnicode CMap"))
                continue;
            char *k = xasprintf("%s%s\n", keep, line);
            free(keep);
            keep = k;
        }
    }
    free(err);
    free(errf);
    free(full);
    *err_out = keep;
    return out ? out : xstrdup("");
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The value of "Key:   value" in pdfinfo's output (static buffer). */
static const char *info_field(const char *info, const char *key)
{
    static char val[256];
    char *all = xasprintf("\n%s", info), *k = xasprintf("\n%s:", key);
    const char *p = strstr(all, k);
    val[0] = '\0';
    if (p) {
        p += strlen(k);
        while (*p == ' ')
            p++;
        snprintf(val, sizeof val, "%.*s", (int)strcspn(p, "\n"), p);
    }
    free(all);
    free(k);
    return p ? val : NULL;
}

static int pdf_pages(const char *pdf)
{
    int st;
    char *err;
    char *cmd = xasprintf("pdfinfo '%s'", pdf);
    char *out = run(cmd, &st, &err);
    int pages = -1;
    const char *p = strstr(out, "Pages:");
    if (st == 0 && p)
        pages = atoi(p + 6);
    free(cmd);
    free(out);
    free(err);
    return pages;
}

/* pdffonts: every font is embedded and subset, and there are `want` of
   them.  Text in code page 1252 is set in simple TrueType fonts (encoding
   "Custom", libharu's CP1252); text beyond it in CID fonts (Identity-H)
   with a ToUnicode map (pdf_fonts.h). */
static void check_fonts(const char *pdf, const char *what, int want_simple, int want_cid)
{
    int st;
    char *err;
    char *cmd = xasprintf("pdffonts '%s'", pdf);
    char *out = run(cmd, &st, &err);
    int fonts = 0, simple = 0, cid = 0;
    char *save = NULL;
    int line_no = 0;
    for (char *l = strtok_r(out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (++line_no <= 2)       /* header and dashes */
            continue;
        fonts++;
        /* columns: name type encoding emb sub uni object ID */
        if (strstr(l, "CID TrueType") && strstr(l, "Identity-H") && strstr(l, " yes yes yes "))
            cid++;
        else if (strstr(l, " TrueType ") && strstr(l, " Custom ") && strstr(l, " yes yes "))
            simple++;
    }
    is_int(st, 0, "pdffonts runs");
    ok(fonts == want_simple + want_cid, "%s: %d fonts (want %d)", what, fonts,
       want_simple + want_cid);
    ok(simple == want_simple && cid == want_cid,
       "%s: every font embedded and subset (%d code page 1252, %d UTF-8 of %d)", what, simple, cid,
       fonts);
    free(cmd);
    free(out);
    free(err);
}

static void check_qpdf(const char *pdf, const char *what)
{
    int st;
    char *err;
    char *cmd = xasprintf("qpdf --check '%s'", pdf);
    char *out = run(cmd, &st, &err);
    is_int(st, 0, "qpdf --check exit status");
    ok(strstr(out, "No syntax or stream encoding errors found") != NULL, "%s: qpdf finds no errors", what);
    free(cmd);
    free(out);
    free(err);
}

/* pdftotext's output; the run must succeed, and print nothing on stderr
   unless quiet_stderr is 0 (poppler warns about the ToUnicode map libharu
   writes for its UTF-8 fonts, pdf_fonts.h). */
static char *pdftext_run(const char *pdf, const char *extra, int quiet_stderr)
{
    int st;
    char *err;
    char *cmd = xasprintf("pdftotext %s '%s' -", extra, pdf);
    char *out = run(cmd, &st, &err);
    if (quiet_stderr)
        ok(st == 0 && !*err, "pdftotext %s: clean run%s%s", pdf, *err ? ": " : "", err);
    else
        ok(st == 0, "pdftotext %s: exit status 0 (got %d)", pdf, st);
    free(cmd);
    free(err);
    return out;
}

static char *pdftext(const char *pdf, const char *extra)
{
    return pdftext_run(pdf, extra, 1);
}

/* Rasterise page `page` of pdf to OUTDIR/name.png for a person to look at. */
static void snapshot(const char *pdf, int page, const char *name)
{
    int st;
    char *err;
    char *cmd = xasprintf("pdftoppm -png -r 70 -f %d -l %d -singlefile '%s' '%s/%s'", page, page,
                          pdf, outdir, name);
    char *out = run(cmd, &st, &err);
    char *png = xasprintf("%s/%s.png", outdir, name);
    struct stat sb;
    ok(st == 0 && stat(png, &sb) == 0 && sb.st_size > 1000, "pdftoppm page %d -> %s", page, png);
    free(png);
    free(cmd);
    free(out);
    free(err);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_pdf OUTDIR\n");
        return 2;
    }
    outdir = argv[1];
    if (mkdir_p(outdir) != 0) {
        perror(outdir);
        return 2;
    }
    struct rfx fx;
    fixture_init(&fx);
    /* the publisher comes from [publisher]; a zeroed one names nobody */
    fx.cfg.publisher.name[LANG_ES] =
        xstrdup("Comisión Presidencial de Gobierno Abierto y Electrónico (GAE)");
    fx.cfg.publisher.country[LANG_ES] = xstrdup("Guatemala");
    /* the fixture's frameworks carry no [rank] decimals (0); one decimal, as
       a 0-100 scale gets from framework.c, set as [publisher] decimals = 1 */
    fx.cfg.publisher.decimals = 1;
    fx.cfg.publisher.decimals_set = 1;
    struct diag d;
    diag_init(&d);

    /* ---- national report, Spanish ---- */
    char *nat = xasprintf("%s/informe-nacional-2026-es.pdf", outdir);
    char *nat2 = xasprintf("%s/informe-nacional-2026-es-again.pdf", outdir);
    is_int(render_national_pdf(&fx.rd, LANG_ES, 1, nat, &d), 0, "national report (es)");
    is_int(render_national_pdf(&fx.rd, LANG_ES, 1, nat2, &d), 0, "national report again");
    ok(same_file(nat, nat2), "national report: two renders byte-identical");
    check_qpdf(nat, "national es");
    check_fonts(nat, "national es", 2, 0);

    char *txt = pdftext(nat, "");
    /* accents, ñ, ¿ and the long name intact */
    ok(strstr(txt, "Secretaría de Planificación y Programación de la Presidencia") != NULL,
       "text: the long accented name");
    ok(strstr(txt, "Índice de Gobierno Digital") != NULL, "text: Índice de Gobierno Digital");
    ok(strstr(txt, "Comisión Presidencial de Gobierno Abierto y Electrónico (GAE)") != NULL,
       "text: the commission");
    ok(strstr(txt, "datos de demostración") != NULL, "text: demo mark");
    ok(strstr(txt, "Metodología") != NULL && strstr(txt, "Calidad de los datos") != NULL,
       "text: methodology and data quality sections");
    ok(strstr(txt, "Ministerio de Agricultura, Ganadería y Alimentación") != NULL, "text: ñ in Ganadería");
    /* hand-computed numbers with a decimal comma: IGD national mean 64.25 ->
       64,3 (half away from zero); SAT 86.25 -> 86,3; MINFIN 85.625 -> 85,6;
       IDA mean 56.5; MSPAS G pillar (50 + 72)/2 = 61,0 */
    ok(strstr(txt, "64,3") != NULL, "text: IGD national mean 64,3");
    ok(strstr(txt, "86,3") != NULL && strstr(txt, "85,6") != NULL, "text: SAT 86,3 and MINFIN 85,6");
    ok(strstr(txt, "56,5") != NULL, "text: IDA national mean 56,5");
    /* the charts are vectors: their titles and labels are text, and the
       file holds no image at all */
    ok(strstr(txt, "Clasificación de las instituciones por puntaje") != NULL &&
           strstr(txt, "Puntajes por institución y pilar") != NULL,
       "text: chart subtitles (charts drawn as vectors)");
    {
        int ist;
        char *ierr;
        char *icmd = xasprintf("pdfimages -list '%s'", nat);
        char *list = run(icmd, &ist, &ierr);
        int lines = 0;
        for (const char *c = list; *c; c++)
            lines += *c == '\n';
        ok(ist == 0 && lines == 2, "pdfimages: no images (only the 2 header lines, got %d)", lines);
        free(icmd);
        free(list);
        free(ierr);
    }
    ok(strstr(txt, "61,0") != NULL, "text: MSPAS Gobernanza 61,0 (imputed G2)");
    ok(strstr(txt, "64.3") == NULL, "text: no decimal point in Spanish");
    /* change since 2025: MINFIN +5,5, MINEDUC -2,25 -> -2,3 */
    ok(strstr(txt, "+5,5") != NULL && strstr(txt, "-2,3") != NULL, "text: changes +5,5 and -2,3");
    /* the step parameters and counts come from the result */
    ok(strstr(txt, "Celdas imputadas: 1") != NULL, "text: one imputed cell (MSPAS G2)");
    ok(strstr(txt, "al menos el 50 %") != NULL, "text: screening threshold 50 %%");
    ok(count(txt, "excluida (datos") >= 2, "text: MAGA excluded from IDA (ranking and annex)");
    ok(strstr(txt, "Contenido") != NULL, "text: table of contents");
    ok(strstr(txt, "Página 2 de") != NULL, "text: page numbers");
    free(txt);
    /* the contents page lists sections with their page numbers */
    txt = pdftext(nat, "-f 2 -l 2 -layout");
    ok(strstr(txt, "1. Hallazgos principales") &&
           strstr(txt, "4. Qué miden los índices y de dónde vienen los datos") &&
           strstr(txt, "5. Metodología") && strstr(txt, "Anexo."),
       "contents page lists the sections");
    free(txt);

    /* metadata */
    int st;
    char *err;
    char *cmd = xasprintf("pdfinfo '%s'", nat);
    char *info = run(cmd, &st, &err);
    is_str(info_field(info, "Author"), "Comisión Presidencial de Gobierno Abierto y Electrónico (GAE)",
           "pdfinfo: author");
    is_str(info_field(info, "Title"), "Índices de gobierno digital, capacidad TIC y datos abiertos 2026",
           "pdfinfo: title");
    is_str(info_field(info, "Subject"), "Informe nacional 2026", "pdfinfo: subject");
    is_str(info_field(info, "Keywords"), "gobierno digital, IGD, IDA, Guatemala, 2026", "pdfinfo: keywords");
    is_str(info_field(info, "Creator"), "indigo 0.1.0", "pdfinfo: creator");
    is_str(info_field(info, "CreationDate"), "Thu Jan  1 00:00:00 2026 UTC", "pdfinfo: fixed creation date");
    is_str(info_field(info, "ModDate"), "Thu Jan  1 00:00:00 2026 UTC", "pdfinfo: fixed modification date");
    free(cmd);
    free(info);
    free(err);
    /* outline, /Lang */
    cmd = xasprintf("qpdf --qdf --object-streams=disable '%s' -", nat);
    char *qdf = run(cmd, &st, &err);
    ok(strstr(qdf, "/Lang (es-GT)") != NULL, "catalog /Lang (es-GT)");
    ok(strstr(qdf, "/PageMode /UseOutlines") != NULL, "opens with the outline");
    ok(count(qdf, "/Parent") > 10 && strstr(qdf, "/Outlines") != NULL, "has an outline");
    ok(count(qdf, "/Subtype /Link") >= 10, "contents entries are links (%d)", count(qdf, "/Subtype /Link"));
    free(cmd);
    free(qdf);
    free(err);
    cmd = xasprintf("qpdf --json --json-key=outlines '%s'", nat);
    char *js = run(cmd, &st, &err);
    ok(strstr(js, "\"title\": \"1. Hallazgos principales\"") != NULL, "outline: 1. Hallazgos principales");
    ok(strstr(js, "\"title\": \"2.1 Índice de Gobierno Digital\"") != NULL,
       "outline: 2.1 with accent (UTF-16 title)");
    ok(strstr(js, "\"title\": \"Secretaría de Planificación y Programación de la Presidencia (SEGEPLAN)\"") != NULL,
       "outline: annex entry for SEGEPLAN");
    free(cmd);
    free(js);
    free(err);

    int pages = pdf_pages(nat);
    ok(pages >= 8 && pages <= 40, "national report has %d pages", pages);
    snapshot(nat, 1, "view-national-cover");
    snapshot(nat, 2, "view-national-contents");
    snapshot(nat, 3, "view-national-summary");
    snapshot(nat, 4, "view-national-p4");
    snapshot(nat, 8, "view-national-p8");
    snapshot(nat, pages, "view-national-last");

    /* ---- national report, English ---- */
    char *nat_en = xasprintf("%s/informe-nacional-2026-en.pdf", outdir);
    is_int(render_national_pdf(&fx.rd, LANG_EN, 1, nat_en, &d), 0, "national report (en)");
    check_qpdf(nat_en, "national en");
    txt = pdftext(nat_en, "");
    ok(strstr(txt, "Digital Government Index") && strstr(txt, "National mean") &&
       strstr(txt, "Secretariat of Planning and Programming of the Presidency"),
       "English text");
    ok(strstr(txt, "64.3") != NULL && strstr(txt, "64,3") == NULL, "English: decimal point");
    ok(strstr(txt, "demonstration data") != NULL, "English: demo mark");
    free(txt);
    snapshot(nat_en, 3, "view-national-en-summary");

    /* ---- scorecards ---- */
    for (int u = 0; u < FX_UNITS; u++) {
        for (int l = 0; l < LANG_COUNT; l++) {
            char *sc = xasprintf("%s/ficha-%s-2026-%s.pdf", outdir, fx.reg.items[u].code,
                                 lang_code((enum lang)l));
            is_int(render_scorecard_pdf(&fx.rd, u, (enum lang)l, 1, sc, &d), 0, sc);
            int p = pdf_pages(sc);
            ok(p >= 1 && p <= 2, "%s: %d page(s), at most 2", fx.reg.items[u].code, p);
            free(sc);
        }
    }
    char *card = xasprintf("%s/ficha-SEGEPLAN-2026-es.pdf", outdir);
    char *card2 = xasprintf("%s/ficha-SEGEPLAN-again.pdf", outdir);
    is_int(render_scorecard_pdf(&fx.rd, FX_SEGEPLAN, LANG_ES, 1, card2, &d), 0, "scorecard again");
    ok(same_file(card, card2), "scorecard: two renders byte-identical");
    check_qpdf(card, "scorecard");
    check_fonts(card, "scorecard", 2, 0);
    txt = pdftext(card, "");
    ok(strstr(txt, "Secretaría de Planificación y Programación de la Presidencia") != NULL,
       "scorecard: name");
    /* SEGEPLAN IGD 59.375 -> 59,4 Intermedio, rank 4 de 6, alone in its group */
    ok(strstr(txt, "59,4") && strstr(txt, "Intermedio"), "scorecard: IGD 59,4 Intermedio");
    ok(strstr(txt, "4 de 6") != NULL, "scorecard: rank 4 de 6");
    ok(strstr(txt, "sin pares (Secretaría)") != NULL && !strstr(txt, "1 de 1"),
       "scorecard: alone in its group, no rank among peers (issue 22)");
    ok(strstr(txt, "+7,4") != NULL, "scorecard: change +7,4 since 2025");
    /* strongest IGD indicators: G1 70, G2 65, I1 60; weakest: S1 40, S2 50, I2 55 */
    ok(strstr(txt, "Fortalezas") && strstr(txt, "Aspectos por mejorar"), "scorecard: strengths/weaknesses");
    ok(strstr(txt, "(G1): 70,0") && strstr(txt, "(G2): 65,0") && strstr(txt, "(I1): 60,0"),
       "scorecard: three strongest");
    ok(strstr(txt, "(S1): 40,0") && strstr(txt, "(S2): 50,0") && strstr(txt, "(I2): 55,0"),
       "scorecard: three weakest");
    ok(strstr(txt, "Digitalizar de principio a fin") != NULL, "scorecard: recommendation for S1");
    ok(strstr(txt, "Aprobar y publicar") == NULL, "scorecard: no recommendation for a strength");
    /* 59,4 is levelled as published: Avanzado starts at 60,0 */
    ok(strstr(txt, "Para llegar al nivel Avanzado (desde 60,0) faltan 0,6 puntos.") != NULL,
       "scorecard: the gap to the next level");
    ok(strstr(txt, "encuestas/igd-2026.csv (") != NULL, "scorecard: input file named");
    ok(strstr(txt, "Encuestados por indicador") != NULL, "scorecard: respondents");
    free(txt);
    /* the pillar profile under each index, in the order it is drawn (-raw):
       score, national mean, last round's score and the change; IDA has no
       earlier round, so two columns */
    txt = pdftext(card, "-raw");
    ok(strstr(txt, "\nÍndice de Gobierno Digital 59,4 64,3 52,0 +7,4\n") &&
       strstr(txt, "\nGobernanza digital 67,5 69,3 60,1 +7,4\n"),
       "scorecard: IGD profile rows, with 2025 and the change");
    ok(strstr(txt, "\nDisponibilidad de datos 55,0 55,0\n") &&
       strstr(txt, "\nReutilización y calidad de los datos 35,0 58,0\n"),
       "scorecard: IDA profile rows, no earlier round");
    free(txt);
    char *card_en = xasprintf("%s/ficha-SEGEPLAN-2026-en.pdf", outdir);
    txt = pdftext(card_en, "-raw");
    ok(strstr(txt, "\nDigital governance 67.5 69.3 60.1 +7.4\n") != NULL,
       "scorecard (en): the profile in English");
    free(txt);
    free(card_en);
    snapshot(card, 1, "view-scorecard-p1");
    snapshot(card, 2, "view-scorecard-p2");
    /* MSPAS: its imputed cell is named */
    char *card_m = xasprintf("%s/ficha-MSPAS-2026-es.pdf", outdir);
    txt = pdftext(card_m, "");
    ok(strstr(txt, "Celdas imputadas: 1 (G2)") != NULL, "MSPAS scorecard: imputed G2");
    free(txt);
    /* MAGA: excluded from IDA */
    char *card_g = xasprintf("%s/ficha-MAGA-2026-es.pdf", outdir);
    txt = pdftext(card_g, "");
    ok(strstr(txt, "no se evaluó en este índice") != NULL, "MAGA scorecard: not assessed in IDA");
    ok(strstr(txt, "(S1, +8,8 puntos posibles en el índice; mejor de su grupo: MINFIN, 80,0)") != NULL,
       "MAGA scorecard: the recommendation's gain and the best ministry in it");
    free(txt);

    /* a name three times longer still fits two pages (wrapping on UTF-8) */
    char *old = fx.reg.items[FX_SEGEPLAN].name[LANG_ES];
    fx.reg.items[FX_SEGEPLAN].name[LANG_ES] = xasprintf("%s, %s, %s — Ñuñoa", old, old, old);
    char *longc = xasprintf("%s/ficha-long-name.pdf", outdir);
    is_int(render_scorecard_pdf(&fx.rd, FX_SEGEPLAN, LANG_ES, 1, longc, &d), 0, "very long name");
    int lp = pdf_pages(longc);
    ok(lp >= 1 && lp <= 2, "very long name: %d page(s)", lp);
    txt = pdftext(longc, "");
    ok(strstr(txt, "Ñuñoa") != NULL, "very long name: wrapped text intact");
    free(txt);
    free(fx.reg.items[FX_SEGEPLAN].name[LANG_ES]);

    /* a character outside code page 1252 (the Mayan glottal stop, U+02BC)
       is set in the UTF-8 font, made for that document only */
    fx.reg.items[FX_SEGEPLAN].name[LANG_ES] = xasprintf("Asociación Kʼicheʼ de Desarrollo");
    char *mayan = xasprintf("%s/ficha-kiche.pdf", outdir);
    is_int(render_scorecard_pdf(&fx.rd, FX_SEGEPLAN, LANG_ES, 1, mayan, &d), 0,
           "name outside code page 1252");
    check_qpdf(mayan, "name outside code page 1252");
    /* the scorecard sets the name in bold only: one UTF-8 font, the bold */
    check_fonts(mayan, "name outside code page 1252", 2, 1);
    txt = pdftext_run(mayan, "", 0);
    ok(strstr(txt, "Asociación Kʼicheʼ de Desarrollo") != NULL,
       "name outside code page 1252: text intact");
    ok(strstr(txt, "Índice de Gobierno Digital") != NULL,
       "name outside code page 1252: the rest of the text, accents and all, intact");
    free(txt);
    free(mayan);
    free(fx.reg.items[FX_SEGEPLAN].name[LANG_ES]);
    fx.reg.items[FX_SEGEPLAN].name[LANG_ES] = old;

    /* without charts the PDFs still build (charts are optional) */
    char *nochart = xasprintf("%s/informe-sin-graficos.pdf", outdir);
    is_int(render_national_pdf(&fx.rd, LANG_ES, 0, nochart, &d), 0, "national report without charts");
    check_qpdf(nochart, "no charts");
    txt = pdftext(nochart, "");
    ok(!strstr(txt, "Clasificación de las instituciones por puntaje"), "no charts: no chart text");
    free(txt);

    /* an unwritable path is an error, not a crash */
    struct diag d2;
    diag_init(&d2);
    char *bad = xasprintf("%s/no/such/dir/x.pdf", outdir);
    is_int(render_scorecard_pdf(&fx.rd, 0, LANG_ES, 1, bad, &d2), -1, "unwritable path: -1");
    is_int(d2.status, EX_CANTCREAT_, "unwritable path: status 73");
    ok(d2.n_kept && strstr(d2.msgs[0], "x.pdf: error: cannot write report:"), "unwritable path: message");
    diag_release(&d2);

    is_int(d.n_errors, 0, "no errors recorded");
    diag_print(&d, stderr);
    free(bad);
    free(nochart);
    free(longc);
    free(card_m);
    free(card_g);
    free(card);
    free(card2);
    free(nat);
    free(nat2);
    free(nat_en);
    diag_release(&d);
    publisher_free(&fx.cfg.publisher);
    fixture_release(&fx);
    return tap_done();
}
