/*
 * test_chart.c — the cairo charts of render_chart.c on the fixture round.
 *
 * usage: test_chart OUTDIR   (the PNGs are left there for a person to look at)
 *
 * Checks: every chart is written as PNG and SVG; the PNG has the size the dpi
 * asks for; the colours are the Okabe–Ito ones; two renders are byte-identical
 * even after other surfaces were created in between (SVG ids renumbered); the
 * change chart refuses to run without a previous round.
 */
#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../pdf/fixture.h"
#include "atomic_file.h"
#include "compute.h"
#include "error.h"
#include "fileio.h"
#include "i18n.h"
#include "render.h"
#include "tap.h"
#include "testlib.h"
#include "xalloc.h"

static const char *outdir;

static char *path_of(const char *base, const char *ext)
{
    return xasprintf("%s/%s.%s", outdir, base, ext);
}

/* Width and height from the PNG's IHDR chunk (bytes 16..23, big-endian). */
static int png_size(const char *path, long *w, long *h)
{
    unsigned char hd[24];
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t n = fread(hd, 1, sizeof hd, f);
    fclose(f);
    if (n != sizeof hd || memcmp(hd + 1, "PNG", 3) != 0)
        return -1;
    *w = (long)hd[16] << 24 | (long)hd[17] << 16 | (long)hd[18] << 8 | hd[19];
    *h = (long)hd[20] << 24 | (long)hd[21] << 16 | (long)hd[22] << 8 | hd[23];
    return 0;
}

/* Pixels per metre from the pHYs chunk right after IHDR (bytes 33..49:
   length, "pHYs", x, y, unit 1 = metre); -1 if there is none. */
static long png_ppm(const char *path)
{
    unsigned char b[50];
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    if (n != sizeof b || memcmp(b + 37, "pHYs", 4) != 0 || b[49] != 1)
        return -1;
    long x = (long)b[41] << 24 | (long)b[42] << 16 | (long)b[43] << 8 | b[44];
    long y = (long)b[45] << 24 | (long)b[46] << 16 | (long)b[47] << 8 | b[48];
    return x == y ? x : -1;
}

/* Pixels of exactly colour rgb (0xRRGGBB) in a PNG. */
static long count_colour(const char *path, unsigned rgb)
{
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    long n = 0;
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) {
        int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
        int stride = cairo_image_surface_get_stride(s);
        const unsigned char *d = cairo_image_surface_get_data(s);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                unsigned px = *(const unsigned *)(const void *)(d + (size_t)y * stride + 4 * x);
                n += (px & 0xFFFFFF) == rgb;
            }
    } else {
        n = -1;
    }
    cairo_surface_destroy(s);
    return n;
}

static int file_has(const char *path, const char *needle)
{
    size_t n;
    char *s = read_file(path, &n);
    int found = s && strstr(s, needle) != NULL;
    free(s);
    return found;
}

static void check_pair(const char *base, long want_w, const char *what)
{
    char *png = path_of(base, "png"), *svg = path_of(base, "svg");
    long w = 0, h = 0;
    ok(png_size(png, &w, &h) == 0, "%s: %s is a PNG", what, png);
    is_int(w, want_w, "PNG width");
    ok(h > 100, "%s: PNG height %ld plausible", what, h);
    ok(file_has(svg, "<svg") && file_has(svg, "width=\"495pt\""), "%s: SVG 495 pt wide", what);
    /* text stays text: labels are <text> elements a reader can find */
    ok(file_has(svg, "<text ") && file_has(svg, "Liberation Sans") && file_has(svg, "</svg>\n"),
       "%s: SVG text as <text> in Liberation Sans, document closed", what);
    ok(file_has(svg, "<title id=\"t\">") && file_has(svg, "<desc>"),
       "%s: SVG with <title> and <desc> for screen readers", what);
    free(png);
    free(svg);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_chart OUTDIR\n");
        return 2;
    }
    outdir = argv[1];
    if (mkdir_p(outdir) != 0) {
        perror(outdir);
        return 2;
    }
    struct rfx fx;
    fixture_init(&fx);
    const struct round_data *rd = &fx.rd;
    struct diag d;
    diag_init(&d);

    /* the fixture is what fixture.h says (hand-computed) */
    const struct index_run *igd = &fx.run[FX_IGD], *ida = &fx.run[FX_IDA];
    int nn = fx.ix[FX_IGD].fw.n_nodes, root = fx.ix[FX_IGD].fw.root;
    static const double want_igd[FX_UNITS] = {43.75, 61.25, 85.625, 49.25, 86.25, 59.375};
    for (int u = 0; u < FX_UNITS; u++)
        is_num(igd->res.value[u * nn + root], want_igd[u], 1e-9, fx.reg.items[u].code);
    is_num(igd->res.national[root], 64.25, 1e-9, "IGD national mean");
    is_int(ida->res.included[FX_MAGA], 0, "IDA: MAGA screened out");
    is_num(ida->res.national[fx.ix[FX_IDA].fw.root], 56.5, 1e-9, "IDA national mean");

    /* every chart, both languages */
    static const char *const lc[] = {"es", "en"};
    for (int l = 0; l < LANG_COUNT; l++) {
        for (int i = 0; i < FX_INDEX; i++) {
            const char *fw = fx.ix[i].fw.code;
            char base[256], *full;
            snprintf(base, sizeof base, "ranking-%s-%s", fw, lc[l]);
            full = path_of(base, "x");
            full[strlen(full) - 2] = '\0';
            is_int(chart_ranking(rd, i, (enum lang)l, full, 150, &d), 0, base);
            check_pair(base, 1032, base);
            free(full);

            snprintf(base, sizeof base, "heatmap-%s-%s", fw, lc[l]);
            full = path_of(base, "x");
            full[strlen(full) - 2] = '\0';
            is_int(chart_heatmap(rd, i, (enum lang)l, full, 150, &d), 0, base);
            check_pair(base, 1032, base);
            free(full);

            for (int u = 0; u < FX_UNITS; u++) {
                snprintf(base, sizeof base, "profile-%s-%s-%s", fw, fx.reg.items[u].code, lc[l]);
                full = path_of(base, "x");
                full[strlen(full) - 2] = '\0';
                is_int(chart_profile(rd, i, u, (enum lang)l, full, 150, &d), 0, base);
                free(full);
            }
            check_pair(base, 1032, base);
        }
        char base[64];
        snprintf(base, sizeof base, "change-IGD-%s", lc[l]);
        char *full = path_of(base, "x");
        full[strlen(full) - 2] = '\0';
        is_int(chart_change(rd, FX_IGD, (enum lang)l, full, 150, &d), 0, base);
        check_pair(base, 1032, base);
        free(full);
    }
    for (int l = 0; l < LANG_COUNT; l++) {
        char base[64];
        snprintf(base, sizeof base, "intervals-IGD-%s", lc[l]);
        char *full = path_of(base, "x");
        full[strlen(full) - 2] = '\0';
        is_int(chart_rank_intervals(rd, FX_IGD, (enum lang)l, full, 150, &d), 0, base);
        check_pair(base, 1032, base);
        free(full);
    }
    is_int(d.n_errors, 0, "no errors recorded");

    /* the change chart needs a previous round */
    struct diag d2;
    diag_init(&d2);
    char *nochange = path_of("change-IDA-es", "x");
    nochange[strlen(nochange) - 2] = '\0';
    is_int(chart_change(rd, FX_IDA, LANG_ES, nochange, 150, &d2), -1, "change without prev: -1");
    is_int(d2.status, EX_SOFTWARE_, "change without prev: status 70");
    is_str(d2.n_kept ? d2.msgs[0] : NULL,
           "error: change chart of IDA requested, but there is no previous round",
           "change without prev: message");
    struct stat sb;
    char *nc_png = path_of("change-IDA-es", "png");
    ok(stat(nc_png, &sb) != 0, "change without prev: no file written");
    free(nc_png);
    free(nochange);
    diag_release(&d2);

    /* the interval chart needs the uncertainty analysis */
    diag_init(&d2);
    char *noua = path_of("intervals-IDA-es", "x");
    noua[strlen(noua) - 2] = '\0';
    is_int(chart_rank_intervals(rd, FX_IDA, LANG_ES, noua, 150, &d2), -1, "intervals without ua: -1");
    is_str(d2.n_kept ? d2.msgs[0] : NULL,
           "error: rank interval chart of IDA requested, but the uncertainty analysis did not run",
           "intervals without ua: message");
    free(noua);
    diag_release(&d2);

    /* dpi: 300 dpi doubles the pixels (495 pt * 300/72 = 2062.5 -> 2063) */
    char *hi = path_of("ranking-IGD-es-300dpi", "x");
    hi[strlen(hi) - 2] = '\0';
    is_int(chart_ranking(rd, FX_IGD, LANG_ES, hi, 300, &d), 0, "ranking at 300 dpi");
    char *hip = path_of("ranking-IGD-es-300dpi", "png");
    long w = 0, h = 0, w1 = 0, h1 = 0;
    png_size(hip, &w, &h);
    char *p1 = path_of("ranking-IGD-es", "png");
    png_size(p1, &w1, &h1);
    is_int(w, 2063, "300 dpi width");
    is_int(png_ppm(hip), 11811, "300 dpi stated in pHYs (11811 px/m)");
    is_int(png_ppm(p1), 5906, "150 dpi stated in pHYs (5906 px/m)");
    ok(labs(h - 2 * h1) <= 1, "300 dpi height %ld is twice %ld", h, h1);

    /* colours: Okabe–Ito blue bars and the vermillion mean line */
    ok(count_colour(p1, 0x0072B2) > 5000, "ranking: blue bars (%ld px)", count_colour(p1, 0x0072B2));
    ok(count_colour(p1, 0xD55E00) > 100, "ranking: vermillion mean line (%ld px)",
       count_colour(p1, 0xD55E00));

    /* the SVG's words are UTF-8 text, accents intact */
    {
        char *sv = path_of("profile-IGD-SEGEPLAN-es", "svg");
        ok(file_has(sv, ">Secretaría de Planificación"), "profile SVG: the accented name as text");
        free(sv);
    }

    /* the change chart reads from the largest rise to the largest fall:
       SEGEPLAN +7,4, MINFIN +5,5, MAGA +3,8, SAT 0,0, MINEDUC -2,3, then
       MSPAS without a previous score */
    {
        char *cp = path_of("change-IGD-es", "svg");
        size_t n;
        char *svg = read_file(cp, &n);
        const char *names[] = {">Secretaría de Planificación", ">Ministerio de Finanzas",
                               ">Ministerio de Agricultura", ">Superintendencia",
                               ">Ministerio de Educación", ">Ministerio de Salud"};
        const char *at = svg;
        int in_order = svg != NULL;
        for (size_t k = 0; k < sizeof names / sizeof names[0] && in_order; k++) {
            const char *p = strstr(at, names[k]);
            in_order = p != NULL;
            at = p ? p : at;
        }
        ok(in_order, "change chart: rows by change, largest rise first, no previous score last");
        free(svg);
        free(cp);
    }

    /* determinism: the same chart again, after dozens of other surfaces */
    static const char *const kinds[] = {"ranking-IGD-es", "heatmap-IDA-en", "profile-IGD-SEGEPLAN-es",
                                        "change-IGD-es"};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        char *again = xasprintf("%s/again-%s", outdir, kinds[k]);
        int rc = -1;
        if (k == 0)
            rc = chart_ranking(rd, FX_IGD, LANG_ES, again, 150, &d);
        else if (k == 1)
            rc = chart_heatmap(rd, FX_IDA, LANG_EN, again, 150, &d);
        else if (k == 2)
            rc = chart_profile(rd, FX_IGD, FX_SEGEPLAN, LANG_ES, again, 150, &d);
        else
            rc = chart_change(rd, FX_IGD, LANG_ES, again, 150, &d);
        is_int(rc, 0, kinds[k]);
        for (int e = 0; e < 2; e++) {
            const char *ext = e ? "svg" : "png";
            char *a = path_of(kinds[k], ext), *b = xasprintf("%s.%s", again, ext);
            ok(same_file(a, b), "%s.%s: second render byte-identical", kinds[k], ext);
            free(a);
            free(b);
        }
        free(again);
    }

    /* a heatmap column head never cuts a word: a pillar with a word wider
       than its column is shown by its code, named in the legend */
    {
        int g = fixture_node(&fx, FX_IGD, "G");
        char *name = fx.ix[FX_IGD].fw.nodes[g].name[LANG_ES];
        fx.ix[FX_IGD].fw.nodes[g].name[LANG_ES] = (char *)"Gobernanza anticonstitucionalísimamente";
        char *hm = path_of("heatmap-IGD-es-longword", "x");
        hm[strlen(hm) - 2] = '\0';
        is_int(chart_heatmap(rd, FX_IGD, LANG_ES, hm, 150, &d), 0, "heatmap, a long word");
        char *svg = path_of("heatmap-IGD-es-longword", "svg");
        ok(file_has(svg, ">G</text>"), "long word: the column head is the code");
        ok(file_has(svg, "G: Gobernanza anticonstitucionalísimamente"),
           "long word: the legend names it");
        ok(!file_has(svg, ">anticonstitucional"), "long word: no piece of it as a head line");
        /* an ordinary name still wraps on whole words */
        ok(file_has(svg, ">Servicios digitales al</text>"), "other heads still wrap");
        fx.ix[FX_IGD].fw.nodes[g].name[LANG_ES] = name;
        free(svg);
        free(hm);
    }

    /* without demo the watermark and subtitle go: different bytes, fewer
       vermillion-tinted pixels */
    fx.rd.demo = 0;
    char *nd = path_of("ranking-IGD-es-nodemo", "x");
    nd[strlen(nd) - 2] = '\0';
    is_int(chart_ranking(rd, FX_IGD, LANG_ES, nd, 150, &d), 0, "ranking without demo");
    char *ndp = path_of("ranking-IGD-es-nodemo", "png");
    ok(!same_file(ndp, p1), "demo mark changes the chart");
    fx.rd.demo = 1;

    free(nd);
    free(ndp);
    free(hi);
    free(hip);
    free(p1);
    diag_print(&d, stderr);
    diag_release(&d);
    fixture_release(&fx);
    return tap_done();
}
