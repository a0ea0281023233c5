/*
 * test_site.c — render_site() on the fixture round (fixture.h), checked as
 * text (the browser check, check_site.js, loads the same pages in Chromium).
 *
 *   test_site OUT_DIR
 *
 * Checks: every page is written; lang attributes and the language switch;
 * the demonstration banner (and its absence for a real round); every input
 * string HTML-escaped; the ranking rows with their sort keys; download links
 * only for files that exist; byte-identical output across runs; an
 * unwritable directory reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "error.h"
#include "fileio.h"
#include "fixture.h"
#include "render.h"
#include "render_site.h"
#include "tap.h"
#include "xalloc.h"

static const char *const pages[] = {
    "index.html", "recursos/estilo.css", "recursos/tablas.js",
    "es/index.html", "es/metodologia.html", "es/robustez.html", "es/datos.html",
    "es/institucion-ALFA.html", "es/institucion-BETA.html", "es/institucion-GAMA.html",
    "en/index.html", "en/metodologia.html", "en/robustez.html", "en/datos.html",
    "en/institucion-ALFA.html",
    "en/institucion-BETA.html", "en/institucion-GAMA.html",
};
#define N_PAGES ((int)(sizeof pages / sizeof pages[0]))

static char *page(const char *site, const char *name)
{
    char *p = xasprintf("%s/%s", site, name);
    size_t n;
    char *s = read_file(p, &n);
    free(p);
    return s;
}

static int has(const char *text, const char *needle)
{
    return text && strstr(text, needle) != NULL;
}

/* Position of needle in text, or -1. */
static long pos(const char *text, const char *needle)
{
    const char *p = text ? strstr(text, needle) : NULL;
    return p ? (long)(p - text) : -1;
}

/* Render the fixture as a round directory: open data, one stand-in
   scorecard (ALFA, Spanish) and the site.  Returns render_site()'s result. */
static int render_round(struct rfx *f, const char *round, struct diag *d)
{
    char *datos = xasprintf("%s/datos", round);
    char *unit = xasprintf("%s/instituciones/ALFA", round);
    char *pdf = xasprintf("%s/ficha-ALFA-2026-es.pdf", unit);
    char *sitio = xasprintf("%s/sitio", round);
    static const char stand_in[] = "%PDF-1.4\n%%EOF\n";
    int rc = render_open_data(&f->rd, datos, d);
    if (rc == 0 && (mkdir_p(unit) != 0 || write_file(pdf, stand_in, sizeof stand_in - 1)))
        rc = -1;
    if (rc == 0)
        rc = render_site(&f->rd, sitio, d);
    free(datos);
    free(unit);
    free(pdf);
    free(sitio);
    return rc;
}

static void test_pages(const char *site)
{
    for (int i = 0; i < N_PAGES; i++) {
        char *s = page(site, pages[i]);
        ok(s && *s, "%s written", pages[i]);
        free(s);
    }
    char *es = page(site, "es/index.html");
    char *en = page(site, "en/index.html");
    ok(has(es, "<html lang=\"es\">"), "es/index.html: lang=\"es\"");
    ok(has(en, "<html lang=\"en\">"), "en/index.html: lang=\"en\"");
    ok(has(es, "<a href=\"../en/index.html\" hreflang=\"en\" lang=\"en\">English</a>"),
       "es page links to the same page in English");
    ok(has(en, "<a href=\"../es/index.html\" hreflang=\"es\" lang=\"es\">Español</a>"),
       "en page links to the same page in Spanish");
    ok(has(es, "<a class=\"saltar\" href=\"#contenido\">Saltar al contenido</a>") &&
           has(es, "<main id=\"contenido\" tabindex=\"-1\">"),
       "skip link to <main>");
    ok(has(es, "<p class=\"demo\"><strong>Datos de demostración:</strong> las cifras de este "
               "sitio no son resultados oficiales.</p>"),
       "demonstration banner in Spanish");
    ok(has(en, "<strong>Demonstration data:</strong> the figures on this site are not official "
               "results."),
       "demonstration banner in English");
    ok(!has(es, "<script>") && has(es, "<script src=\"../recursos/tablas.js\" defer></script>"),
       "the only script is the site's own file");
    ok(!has(es, "href=\"http") && !has(es, "src=\"http") && !has(es, "=\"//"),
       "no link or resource with an absolute URL on the home page");

    /* escaping: GAMA's name has < > & ", BETA's has " */
    ok(has(es, ">Secretaría &lt;Nacional&gt; &amp; &quot;Ciencia&quot;</a>"),
       "institution name HTML-escaped in the table");
    ok(!has(es, "<Nacional>"), "no raw < > from the data");
    ok(has(es, ">=HYPERLINK(&quot;http://evil&quot;,&quot;x&quot;)</a>"),
       "quotes escaped (no CSV neutralisation in HTML)");

    /* IGD ranking row of ALFA: rank 1, 190/3, level 2, change 10/3 */
    ok(has(es, "<tr><td class=\"num\" data-v=\"1\">1</td><th scope=\"row\"><a "
               "href=\"institucion-ALFA.html\">Ministerio de Finanzas Públicas</a></th><td "
               "class=\"num\" data-v=\"63.333333333333329\">63,3</td><td data-v=\"2\">Intermedio</td>"
               "<td class=\"num\" data-v=\"3.3333333333333286\">+3,3</td></tr>"),
       "ALFA's IGD row: rank, link, score with its sort key, level, change");
    ok(has(en, "data-v=\"63.333333333333329\">63.3</td><td data-v=\"2\">Intermediate</td>"),
       "English: decimal point and level name");
    ok(has(es, "<td class=\"num\" data-v=\"-5\">\xe2\x88\x92" "5,0</td>"),
       "GAMA's change shown with a minus sign");
    /* ITIC: BETA first, ALFA second, GAMA unranked last; no level column */
    long itic = pos(es, "<h2 id=\"h-ITIC\">");
    ok(itic > 0, "ITIC section present");
    const char *t = itic > 0 ? es + itic : NULL;
    long pb = pos(t, "institucion-BETA.html"), pa = pos(t, "institucion-ALFA.html"),
         pg = pos(t, "institucion-GAMA.html\">Secretaría");
    ok(pb > 0 && pa > pb && pg > pa, "ITIC table order: BETA, ALFA, GAMA");
    ok(has(t, "(excluida por falta de datos)"), "GAMA marked as excluded in ITIC");
    ok(t && !strstr(t, ">Nivel<"), "ITIC has no maturity levels: no level column");
    ok(has(es, "<th scope=\"col\" data-orden=\"num\" aria-sort=\"ascending\">Posición</th>"),
       "the rank column starts sorted ascending");
    ok(has(es, "<caption>Ranking IGD 2026</caption>"), "table caption");
    ok(has(es, "role=\"img\" aria-labelledby=\"g-IGD-t g-IGD-d\"") &&
           has(es, "<title id=\"g-IGD-t\">Índice de Gobierno Digital: puntaje por institución</title>"),
       "chart is an image with a title and a description");
    /* the way in: a jump to each index, the key findings, a filter box, the
       national mean and the levels in the chart */
    ok(has(es, "<nav class=\"indices\" aria-label=\"Índices de esta página\">") &&
           has(es, "<li><a href=\"#h-ITIC\">"),
       "the home page jumps to each index");
    /* national (190/3 + 170/3 + 20)/3 = 46,7; in 2024 (ALFA 60, GAMA 25) 42,5 */
    ok(has(es, "<ul class=\"hallazgos\">") && has(es, "; en 2024 era 42,5 (+4,2 puntos).</li>"),
       "the key findings: the national mean against the previous round");
    ok(has(en, "; in 2024 it was 42.5 (+4.2 points).</li>"), "the key findings in English");
    ok(has(es, "<table class=\"ordenable\" data-filtro=\"Buscar una institución\">"),
       "the ranking offers a search box (made by tablas.js)");
    ok(has(es, "stroke-dasharray=\"6 4\"/>") && has(es, ">Promedio nacional 46,7</text>"),
       "the chart draws the national mean");
    ok(has(es, "text-anchor=\"middle\">Intermedio</text>"), "the chart names the level bands");
    ok(has(es, ">Ministerio de Finanzas Públicas</text>") && !has(es, "\xe2\x80\xa6</text>"),
       "chart labels in full, not cut with an ellipsis");
    /* the national charts after the key findings: the index and its pillars,
       then the trend (2024 and 2026), each beside a table of its figures */
    long nat = pos(es, "<table id=\"nacional-IGD\">"), trend = pos(es, "<table id=\"tendencia-IGD\">");
    ok(pos(es, "<ul class=\"hallazgos\">") < pos(es, "aria-labelledby=\"n-IGD-t n-IGD-d\"") &&
           pos(es, "aria-labelledby=\"n-IGD-t n-IGD-d\"") < nat &&
           nat < pos(es, "aria-labelledby=\"t-IGD-t t-IGD-d\"") &&
           pos(es, "aria-labelledby=\"t-IGD-t t-IGD-d\"") < trend &&
           trend < pos(es, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720"),
       "IGD: findings, national chart and table, trend chart and table, then the ranking");
    ok(has(es, "<desc id=\"n-IGD-d\">Índice de Gobierno Digital 46,7 (Intermedio); Estrategia y "
               "gobernanza 41,7 (Intermedio); Servicios &lt;digitales&gt; &amp; &quot;datos&quot; "
               "56,7 (Intermedio).</desc>"),
       "the national chart describes every figure with its level");
    ok(has(es, "<tr><th scope=\"row\"><strong>Índice de Gobierno Digital</strong></th><td "
               "class=\"num\">46,7<span class=\"nivel\">Intermedio</span></td><td "
               "class=\"num\">+4,2</td></tr>"),
       "the national table: the index, its level and its change since 2024");
    ok(has(es, "<desc id=\"t-IGD-d\">2024: 42,5 (Intermedio); 2026: 46,7 (Intermedio).</desc>") &&
           has(es, "<tr><th scope=\"row\">2024</th><td class=\"num\">42,5<span "
                   "class=\"nivel\">Intermedio</span></td><td class=\"num\">\xe2\x80\x94</td></tr>"),
       "the trend: each round's national figure in the chart's description and the table");
    ok(has(en, "<desc id=\"t-IGD-d\">2024: 42.5 (Intermediate); 2026: 46.7 (Intermediate).</desc>") &&
           has(en, "<caption>National mean of the index and of each pillar, IGD 2026</caption>"),
       "the national charts in English");
    ok(has(es, "<table id=\"nacional-ITIC\">") && !has(es, "<table id=\"tendencia-ITIC\">"),
       "ITIC, one round only: a national chart, no trend");
    free(es);
    free(en);
}

static void test_unit_pages(const char *site)
{
    char *alfa = page(site, "es/institucion-ALFA.html");
    char *beta = page(site, "es/institucion-BETA.html");
    char *alfa_en = page(site, "en/institucion-ALFA.html");
    char *gama = page(site, "es/institucion-GAMA.html");
    /* the second view: axis E1 is indicator c alone; BETA's c is 90, the
       national mean (50 + 90 + 30) / 3 */
    ok(has(beta, "<tr><th scope=\"row\">E1</th><td>90,0</td><td>56,7</td></tr>"),
       "BETA's page shows its axis score beside the national mean");
    char *home_en = page(site, "en/index.html");
    ok(has(home_en, "<caption>Axes (IGD)</caption>") &&
           has(home_en, "<tr><th scope=\"row\">E1</th><td>56.7</td></tr>"),
       "the home page shows the national mean of each axis");
    free(home_en);
    ok(has(alfa, "<a href=\"../../instituciones/ALFA/ficha-ALFA-2026-es.pdf\">Ficha de la "
                 "institución</a> (PDF, 0,0\xc2\xa0kB)"),
       "ALFA links to its scorecard, which exists");
    ok(!has(alfa, "ALFA-2026-es.xlsx"), "no link to ALFA's workbook, which does not exist");
    ok(!has(beta, "ficha-BETA"), "no link to BETA's scorecard, which does not exist");
    ok(!has(alfa_en, "ficha-ALFA-2026-en.pdf"), "no link to the English scorecard");
    ok(has(alfa, "<a href=\"../../datos/resultados.csv\">Resultados de todas las instituciones</a>"),
       "link to the open data");
    ok(has(alfa, "<dt>Posición</dt><dd>1 de un total de 3</dd>"), "ALFA rank 1 of 3 in IGD");
    ok(has(alfa, "<dt>Puntaje en 2024</dt><dd>60,0</dd>"), "previous score");
    ok(has(alfa, "<dt>Cambio</dt><dd>+3,3</dd>"), "change since 2024");
    ok(has(beta, "<tr><th scope=\"row\" class=\"nivel-3\">Unidad de TI</th><td "
                 "class=\"num\">40,0</td><td class=\"num\">2</td><td class=\"num\">40,0</td>"
                 "<td>imputado</td></tr>"),
       "BETA's imputed indicator row: value, rank, national mean, flag");
    ok(has(gama, "Institución excluida por disponibilidad de datos (filtrado): sin puntaje ni "
                 "posición.</p>"),
       "GAMA's ITIC section says it was excluded");
    ok(has(gama, "<h1>Secretaría &lt;Nacional&gt; &amp; &quot;Ciencia&quot;</h1>"),
       "GAMA's heading escaped");
    ok(has(gama, "<title>Secretaría &lt;Nacional&gt; &amp; &quot;Ciencia&quot; \xe2\x80\x94 "
                 "Índices de gobierno digital 2026</title>"),
       "GAMA's <title> escaped");
    free(alfa);
    free(beta);
    free(alfa_en);
    free(gama);

    char *m = page(site, "es/metodologia.html");
    ok(has(m, "<li><strong>Imputación</strong>: Un dato que falta se completa con la media del "
              "indicador sobre las instituciones incluidas con dato.</li>"),
       "methodology: the imputation step");
    ok(has(m, "<li><strong>Filtrado</strong>: Una institución entra en el cálculo si tiene dato "
              "en al menos el 50 % de sus indicadores"),
       "methodology: the screening threshold");
    ok(has(m, "<tr><th scope=\"row\" class=\"nivel-2\">Estrategia y gobernanza</th><td>P1</td><td "
              "class=\"num\">2,00</td><td class=\"num\">66,7 %</td><td></td></tr>"),
       "methodology: P1 weight 2, 66.7 %% of the index");
    ok(has(m, "<tr><th scope=\"row\">Intermedio</th><td class=\"num\">40,0</td><td "
              "class=\"num\">70,0</td></tr>"),
       "methodology: level Intermedio from 40 to 70");
    free(m);

    /* the fixture runs no uncertainty analysis: the page says so, and
       every page's menu leads to it (the demo round's specification is
       compared with the other documents by e2e_recompute) */
    char *rob = page(site, "es/robustez.html");
    ok(has(rob, "<li><a href=\"robustez.html\" aria-current=\"page\">Robustez</a></li>") &&
           has(rob, "<h2 id=\"r-IGD\">") &&
           has(rob, "<p>El análisis de incertidumbre no se ejecutó.</p>"),
       "robustness page: in the menu, one section per index, the analysis did not run");
    free(rob);
    char *home = page(site, "es/index.html");
    ok(has(home, "<li><a href=\"robustez.html\">Robustez</a></li>"),
       "the home page's menu links to the robustness page");
    free(home);

    char *dat = page(site, "es/datos.html");
    ok(has(dat, "<a href=\"../../datos/resultados.csv\">resultados.csv</a>") &&
           has(dat, "<a href=\"../../datos/indicadores.json\">indicadores.json</a>") &&
           has(dat, "<a href=\"../../datos/datapackage.json\">"),
       "downloads page links to the open data and the package");
    ok(!has(dat, "informe-nacional-2026-es.pdf"), "no link to the national report (absent)");
    free(dat);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_site OUT_DIR\n");
        return 2;
    }
    struct rfx f;
    if (fx_build(&f, 1) != 0) {
        ok(0, "fixture computed");
        return tap_done();
    }
    struct diag d;
    diag_init(&d);
    char *ra = xasprintf("%s/a/2026", argv[1]);
    char *rb = xasprintf("%s/b/2026", argv[1]);
    char *sa = xasprintf("%s/sitio", ra);
    char *sb = xasprintf("%s/sitio", rb);
    is_int(render_round(&f, ra, &d), 0, "render_site returns 0");
    is_int(d.n_errors, 0, "no diagnostics");
    test_pages(sa);
    test_unit_pages(sa);

    is_int(render_round(&f, rb, &d), 0, "second run returns 0");
    for (int i = 0; i < N_PAGES; i++) {
        char *x = page(sa, pages[i]), *y = page(sb, pages[i]);
        ok(x && y && strcmp(x, y) == 0, "%s identical across runs", pages[i]);
        free(x);
        free(y);
    }
    diag_release(&d);

    /* a real round: no banner anywhere */
    struct rfx real;
    fx_build(&real, 0);
    char *rc_dir = xasprintf("%s/real/2026", argv[1]);
    char *sc = xasprintf("%s/sitio", rc_dir);
    diag_init(&d);
    is_int(render_round(&real, rc_dir, &d), 0, "real round renders");
    int banner = 0;
    for (int i = 0; i < N_PAGES; i++) {
        char *x = page(sc, pages[i]);
        banner += has(x, "class=\"demo\"") || has(x, "emostra") || has(x, "emonstra");
        free(x);
    }
    is_int(banner, 0, "no page of a real round mentions demonstration data");
    diag_release(&d);
    fx_release(&real);

    diag_init(&d);
    is_int(render_site(&f.rd, "/dev/null/sitio", &d), -1, "uncreatable directory: -1");
    is_int(d.status, EX_CANTCREAT_, "status EX_CANTCREAT");
    is_str(d.n_kept ? d.msgs[0] : NULL,
           "/dev/null/sitio/recursos: error: cannot create the directory: Not a directory",
           "message names the directory and the reason");
    diag_release(&d);

    free(rc_dir);
    free(sc);
    free(ra);
    free(rb);
    free(sa);
    free(sb);
    fx_release(&f);
    return tap_done();
}
