/*
 * render_site.c — the round's static site: rankings, one page per
 * institution, methodology and downloads, in Spanish and English.
 *
 * Pages are built in a strbuf and written whole.  Accessibility (WCAG 2.1
 * AA) is built into the templates: lang on <html>, a skip link to <main>,
 * one <h1> per page, tables with <caption> and scope, charts as inline SVG
 * with role="img", a title and a description (the same numbers are in the
 * table next to each chart), sortable headers that the script turns into
 * real <button>s, colours with at least 4.5:1 contrast on white, and a
 * visible focus outline.
 */
#include "render_site.h"
#include "method_text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"
#include "compute.h"
#include "config.h"
#include "fileio.h"
#include "framework.h"
#include "findings.h"
#include "i18n.h"
#include "method_diff.h"
#include "licence.h"
#include "numfmt.h"
#include "csv.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* ======================================================================== */
/* Static files                                                              */
/* ======================================================================== */

static const char css[] =
    "/* indigo: estilos del sitio (sin fuentes ni recursos externos) */\n"
    ":root { --texto: #1a1a1a; --suave: #4a4a4a; --enlace: #0b4f8a; --barra: #1d5a8e;\n"
    "  --nacional: #5e5e5e; --borde: #c8c8c8; --fondo-cab: #e9eff5; --foco: #b34700; }\n"
    "* { box-sizing: border-box; }\n"
    "body { margin: 0; color: var(--texto); background: #fff; line-height: 1.5;\n"
    "  font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"DejaVu Sans\","
    " \"Liberation Sans\", Arial, sans-serif; }\n"
    "a { color: var(--enlace); }\n"
    "a:hover { text-decoration-thickness: 2px; }\n"
    ":focus-visible { outline: 3px solid var(--foco); outline-offset: 2px; }\n"
    ".saltar { position: absolute; left: -10000px; top: 0; background: #fff; padding: .5rem 1rem; }\n"
    ".saltar:focus { left: 1rem; z-index: 10; }\n"
    ".cabecera { background: var(--fondo-cab); border-bottom: 1px solid var(--borde);\n"
    "  padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 2rem; align-items: center; }\n"
    ".cabecera .sitio { margin: 0; font-weight: bold; }\n"
    ".cabecera nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;"
    " gap: .25rem 1.25rem; }\n"
    ".cabecera a[aria-current] { font-weight: bold; text-decoration-thickness: 3px; }\n"
    ".cabecera .idioma { margin: 0 0 0 auto; }\n"
    ".demo { margin: 0; padding: .6rem 1rem; background: #fff4cc; color: #4d3800;\n"
    "  border-bottom: 2px solid #8a6500; }\n"
    "main, footer { max-width: 64rem; margin: 0 auto; padding: 1rem; }\n"
    "main:focus { outline: none; }\n"
    "footer { color: var(--suave); border-top: 1px solid var(--borde); font-size: .9rem; }\n"
    "h1 { font-size: 1.8rem; line-height: 1.2; }\n"
    "h2 { margin-top: 2.5rem; border-bottom: 2px solid var(--fondo-cab); }\n"
    "/* a long name, code or address breaks rather than widen the page */\n"
    "p, li, dd, dt, h1, h2, h3, caption { overflow-wrap: anywhere; }\n"
    "figure { margin: 1rem 0; overflow-x: auto; }\n"
    "/* on a phone the chart keeps readable text and scrolls inside its frame */\n"
    "figure > svg { min-width: 34rem; }\n"
    "figcaption { color: var(--suave); font-size: .9rem; }\n"
    "svg { max-width: 100%; height: auto; display: block; }\n"
    "svg text { font-family: inherit; fill: var(--texto); }\n"
    ".marco-tabla { overflow-x: auto; margin: 1rem 0; }\n"
    "table { border-collapse: collapse; min-width: 60%; }\n"
    "caption { text-align: left; font-weight: bold; padding: .25rem 0 .5rem; }\n"
    "th, td { border: 1px solid var(--borde); padding: .35rem .6rem; text-align: left;"
    " vertical-align: top; }\n"
    "thead th { background: var(--fondo-cab); }\n"
    "tbody th { font-weight: normal; }\n"
    "td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }\n"
    "th button { font: inherit; font-weight: bold; color: var(--texto); background: none;"
    " border: 0; padding: 0; cursor: pointer; text-align: left; }\n"
    "th button::after { content: \" \\2195\"; color: var(--suave); }\n"
    "th[aria-sort=ascending] button::after { content: \" \\2191\"; color: var(--texto); }\n"
    "th[aria-sort=descending] button::after { content: \" \\2193\"; color: var(--texto); }\n"
    ".nivel-2 { padding-left: 1.6rem; } .nivel-3 { padding-left: 2.8rem; }\n"
    ".nivel-4 { padding-left: 4rem; } .nivel-5 { padding-left: 5.2rem; }\n"
    "dl.cifras { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }\n"
    "dl.cifras dt { font-weight: bold; } dl.cifras dd { margin: 0; }\n"
    "nav.indices ul, ul.publicaciones { list-style: none; padding: 0; display: flex;"
    " flex-wrap: wrap; gap: .5rem 1.5rem; }\n"
    "ul.publicaciones a { font-weight: bold; }\n"
    "ul.hallazgos li { margin: .2rem 0; }\n"
    ".filtro { display: block; margin: .5rem 0; }\n"
    ".filtro input { font: inherit; padding: .3rem .5rem; margin-left: .5rem; max-width: 100%; }\n"
    "/* the national charts beside their tables; one column on a phone */\n"
    ".nacional { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 2rem;"
    " align-items: start; }\n"
    ".nacional figure > svg { min-width: 0; }\n"
    ".nacional table { min-width: 0; width: 100%; font-size: .9rem; }\n"
    ".nacional th, .nacional td { padding: .3rem .4rem; }\n"
    ".nacional .nivel { display: block; color: var(--suave); }\n"
    "@media (min-width: 56rem) { .nacional { grid-template-columns: 27rem minmax(0, 1fr); } }\n"
    ".leyenda { display: inline-block; width: .9em; height: .9em; vertical-align: -.1em;"
    " margin: 0 .3em 0 1em; }\n";

static const char js[] =
    "/* indigo: tablas ordenables, sin bibliotecas.  Cada encabezado con\n"
    "   data-orden se convierte en un botón; aria-sort dice el orden actual.\n"
    "   Las celdas sin valor van siempre al final. */\n"
    "(function () {\n"
    "  'use strict';\n"
    "  var lang = document.documentElement.lang || 'es';\n"
    "  var coll = new Intl.Collator(lang, { numeric: true, sensitivity: 'base' });\n"
    "  function key(row, col, num) {\n"
    "    var c = row.cells[col];\n"
    "    var v = c.hasAttribute('data-v') ? c.getAttribute('data-v') : c.textContent.trim();\n"
    "    if (v === '') return null;\n"
    "    return num ? parseFloat(v) : v;\n"
    "  }\n"
    "  function sortBy(table, th) {\n"
    "    var col = th.cellIndex;\n"
    "    var num = th.getAttribute('data-orden') === 'num';\n"
    "    var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;\n"
    "    var body = table.tBodies[0];\n"
    "    var rows = Array.prototype.slice.call(body.rows).map(function (r, i) {\n"
    "      return { row: r, i: i, k: key(r, col, num) };\n"
    "    });\n"
    "    rows.sort(function (a, b) {\n"
    "      if (a.k === null || b.k === null) {\n"
    "        if (a.k === b.k) return a.i - b.i;\n"
    "        return a.k === null ? 1 : -1;\n"
    "      }\n"
    "      var c = num ? (a.k < b.k ? -1 : a.k > b.k ? 1 : 0) : coll.compare(a.k, b.k);\n"
    "      return c !== 0 ? c * dir : a.i - b.i;\n"
    "    });\n"
    "    rows.forEach(function (r) { body.appendChild(r.row); });\n"
    "    var heads = table.tHead.rows[0].cells;\n"
    "    for (var h = 0; h < heads.length; h++) heads[h].removeAttribute('aria-sort');\n"
    "    th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');\n"
    "  }\n"
    "  var tables = document.querySelectorAll('table.ordenable');\n"
    "  Array.prototype.forEach.call(tables, function (table) {\n"
    "    var heads = table.tHead.querySelectorAll('th[data-orden]');\n"
    "    Array.prototype.forEach.call(heads, function (th) {\n"
    "      var b = document.createElement('button');\n"
    "      b.type = 'button';\n"
    "      while (th.firstChild) b.appendChild(th.firstChild);\n"
    "      th.appendChild(b);\n"
    "      b.addEventListener('click', function () { sortBy(table, th); });\n"
    "    });\n"
    "    /* data-filtro: a search box above the table that hides the rows\n"
    "       without the text typed (ignoring case and accents) */\n"
    "    var label = table.getAttribute('data-filtro');\n"
    "    if (!label) return;\n"
    "    var plain = function (s) {\n"
    "      return s.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase();\n"
    "    };\n"
    "    var l = document.createElement('label');\n"
    "    l.className = 'filtro';\n"
    "    l.textContent = label;\n"
    "    var input = document.createElement('input');\n"
    "    input.type = 'search';\n"
    "    l.appendChild(input);\n"
    "    table.parentNode.parentNode.insertBefore(l, table.parentNode);\n"
    "    input.addEventListener('input', function () {\n"
    "      var q = plain(input.value.trim());\n"
    "      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {\n"
    "        r.hidden = q !== '' && plain(r.textContent).indexOf(q) < 0;\n"
    "      });\n"
    "    });\n"
    "  });\n"
    "})();\n";

/* ======================================================================== */
/* Helpers                                                                   */
/* ======================================================================== */

struct site {
    const struct round_data *rd;
    const char *out_dir;       /* .../<year>/sitio                            */
    struct diag *d;
};

/* HTML text and attribute values: the five special characters, and what
   HTML must not hold (control characters, noncharacters, bytes that are not
   UTF-8) replaced by U+FFFD -- the inputs refuse them, this is the writer's
   own guard. */
static void esc(struct strbuf *sb, const char *s)
{
    if (!s)
        return;
    struct strbuf safe;
    strbuf_init(&safe);
    text_append_safe(&safe, s, strlen(s));
    for (size_t i = 0; i < safe.len; i++) {
        switch (safe.buf[i]) {
        case '&': strbuf_adds(sb, "&amp;"); break;
        case '<': strbuf_adds(sb, "&lt;"); break;
        case '>': strbuf_adds(sb, "&gt;"); break;
        case '"': strbuf_adds(sb, "&quot;"); break;
        case '\'': strbuf_adds(sb, "&#39;"); break;
        default: strbuf_addc(sb, safe.buf[i]);
        }
    }
    strbuf_release(&safe);
}

/* At most max characters (UTF-8 code points) of s, "…" if cut.  Caller frees. */
static char *ellipsize(const char *s, int max)
{
    int n = 0;
    const char *p = s;
    for (; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (n == max)
                break;
            n++;
        }
    }
    if (!*p)
        return xstrdup(s);
    int keep = (int)(p - s);
    /* back up one more character to make room for the ellipsis */
    do
        keep--;
    while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80);
    return xasprintf("%.*s\xe2\x80\xa6", keep, s);
}

/* Size of round_dir/rel if it is a regular file, else -1.  The round
   directory is the parent of out_dir. */
static long long round_file(const struct site *s, const char *rel)
{
    char *p = xasprintf("%s/../%s", s->out_dir, rel);
    struct stat st;
    long long size = stat(p, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
    free(p);
    return size;
}

/* A value at dec decimals (run_decimals: the scale's, or [publisher]
   decimals).  Values are scores on the framework's scale,
   but a framework may skip normalisation and publish raw amounts: beyond
   1e15 (where "%.1f" would not fit a small buffer) six significant digits. */
static const char *num(char *buf, size_t n, double x, int dec, enum lang lang)
{
    if (isfinite(x) && fabs(x) >= 1e15) {
        snprintf(buf, n, "%.6g", x);
        char *dot = lang == LANG_ES ? strchr(buf, '.') : NULL;
        if (dot)
            *dot = ',';
        return buf;
    }
    return fmt_num(buf, n, x, dec, lang);
}

/* "+3,3", "−5,0" (a real minus sign), "0,0", or "—". */
static const char *signed_num(char *buf, size_t n, double x, int dec, enum lang lang)
{
    char tmp[40];
    num(tmp, sizeof tmp, fabs(x), dec, lang);
    if (!isfinite(x))
        snprintf(buf, n, "%s", tmp);
    else if (strspn(tmp, "0.,") == strlen(tmp))
        snprintf(buf, n, "%s", tmp);
    else
        snprintf(buf, n, "%s%s", x > 0 ? "+" : "\xe2\x88\x92", tmp);
    return buf;
}

/* data-v attribute for sorting: full precision, empty when missing. */
static void data_v(struct strbuf *sb, double x)
{
    if (isfinite(x))
        strbuf_addf(sb, " data-v=\"%.17g\"", x);
    else
        strbuf_adds(sb, " data-v=\"\"");
}

/* The round's title in lang (config, else generic with the year); caller frees. */
static char *site_title(const struct round_data *rd, enum lang lang)
{
    const char *t = rd->cfg && rd->cfg->title[lang] && *rd->cfg->title[lang]
                        ? rd->cfg->title[lang] : NULL;
    if (t)
        return xstrdup(t);
    return xasprintf("%s %d", tr(lang, "Índices de gobierno digital"), rd->year);
}

/* The name of maturity level, "—" for none. */
static const char *level_name(const struct framework *fw, int level, enum lang lang)
{
    const char *s = level_label(fw, level, lang);
    return s ? s : "\xe2\x80\x94";
}

/* ======================================================================== */
/* Page skeleton                                                             */
/* ======================================================================== */

enum nav { NAV_HOME, NAV_METHOD, NAV_ROBUST, NAV_DATA, NAV_NONE };

/* The publisher's logo ([publisher] logo, copied to recursos/logo.png),
   named by the publisher for screen readers. */
static void header_logo(struct strbuf *sb, const struct publisher *p, enum lang lang)
{
    if (!p->logo)
        return;
    strbuf_adds(sb, "<img src=\"../recursos/logo.png\" alt=\"");
    esc(sb, publisher_name(p, lang) ? publisher_name(p, lang) : "");
    strbuf_addf(sb, "\" width=\"%d\" height=\"%d\" style=\"height:2.5rem;width:auto;"
                    "vertical-align:middle;margin-right:.5rem\"> ",
                p->logo_width, p->logo_height);
}

static void page_begin(struct strbuf *sb, const struct site *s, enum lang lang, const char *file,
                       const char *title, enum nav current)
{
    const struct round_data *rd = s->rd;
    enum lang other = lang == LANG_ES ? LANG_EN : LANG_ES;
    char *st = site_title(rd, lang);
    strbuf_addf(sb, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n", lang_code(lang));
    strbuf_adds(sb, "<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>");
    esc(sb, title);
    strbuf_adds(sb, " \xe2\x80\x94 ");
    esc(sb, st);
    strbuf_adds(sb, "</title>\n<link rel=\"icon\" href=\"data:,\">\n"
                    "<link rel=\"stylesheet\" href=\"../recursos/estilo.css\">\n"
                    "<script src=\"../recursos/tablas.js\" defer></script>\n");
    strbuf_addf(sb, "<link rel=\"alternate\" hreflang=\"%s\" href=\"../%s/%s\">\n",
                lang_code(other), lang_code(other), file);
    strbuf_adds(sb, "</head>\n<body>\n<a class=\"saltar\" href=\"#contenido\">");
    esc(sb, tr(lang, "Saltar al contenido"));
    strbuf_adds(sb, "</a>\n<header>\n<div class=\"cabecera\">\n"
                    "<p class=\"sitio\"><a href=\"index.html\">");
    header_logo(sb, &rd->cfg->publisher, lang);
    esc(sb, st);
    strbuf_adds(sb, "</a></p>\n<nav aria-label=\"");
    esc(sb, tr(lang, "Navegación principal"));
    strbuf_adds(sb, "\">\n<ul>\n");
    static const struct { const char *file, *label; } items[] = {
        {"index.html", "Inicio"},
        {"metodologia.html", "Metodología"},
        {"robustez.html", "Robustez"},
        {"datos.html", "Datos abiertos"},
    };
    for (int i = 0; i < 4; i++) {
        strbuf_addf(sb, "<li><a href=\"%s\"%s>", items[i].file,
                    (int)current == i ? " aria-current=\"page\"" : "");
        esc(sb, tr(lang, items[i].label));
        strbuf_adds(sb, "</a></li>\n");
    }
    strbuf_adds(sb, "</ul>\n</nav>\n");
    strbuf_addf(sb, "<p class=\"idioma\"><a href=\"../%s/%s\" hreflang=\"%s\" lang=\"%s\">",
                lang_code(other), file, lang_code(other), lang_code(other));
    esc(sb, other == LANG_EN ? "English" : "Español");
    strbuf_adds(sb, "</a></p>\n</div>\n");
    free(st);
    /* inside the header, so every piece of content is in a landmark */
    if (rd->demo) {
        strbuf_adds(sb, "<p class=\"demo\"><strong>");
        esc(sb, tr(lang, "Datos de demostración"));
        strbuf_adds(sb, ":</strong> ");
        esc(sb, tr(lang, "las cifras de este sitio no son resultados oficiales."));
        strbuf_adds(sb, "</p>\n");
    }
    strbuf_adds(sb, "</header>\n");
    strbuf_adds(sb, "<main id=\"contenido\" tabindex=\"-1\">\n");
}

static void page_end(struct strbuf *sb, const struct site *s, enum lang lang)
{
    strbuf_adds(sb, "</main>\n<footer>\n<p>");
    esc(sb, tr(lang, "Generado por indigo"));
    if (s->rd->version) {
        strbuf_addc(sb, ' ');
        esc(sb, s->rd->version);
    }
    strbuf_adds(sb, ". ");
    char *published = xasprintf(tr(lang, "Datos publicados con la licencia %s."),
                                licence_of(s->rd->cfg)->phrase[lang]);
    esc(sb, published);
    free(published);
    if (s->rd->demo) {
        strbuf_adds(sb, " ");
        esc(sb, tr(lang, "Datos de demostración"));
        strbuf_adds(sb, ".");
    }
    strbuf_adds(sb, "</p>\n</footer>\n</body>\n</html>\n");
}

static int write_page(const struct site *s, const char *rel, const struct strbuf *sb)
{
    char *path = xasprintf("%s/%s", s->out_dir, rel);
    int rc = 0;
    if (write_file(path, sb->buf, sb->len) != 0)
        rc = diag_error(s->d, EX_IOERR_, path, 0, 0, "cannot write: %s", strerror(errno));
    free(path);
    return rc;
}

/* The logo the header shows, byte for byte. */
static int copy_logo(const struct site *s)
{
    const struct publisher *p = &s->rd->cfg->publisher;
    if (!p->logo)
        return 0;
    size_t n;
    char *bytes = read_file(p->logo, &n);
    if (!bytes)
        return diag_error(s->d, EX_NOINPUT_, p->logo, 0, 0, "cannot read the logo: %s "
                          "([publisher] logo)", strerror(errno));
    struct strbuf sb = {.buf = bytes, .len = n, .alloc = n + 1};
    int rc = write_page(s, "recursos/logo.png", &sb);
    free(bytes);
    return rc;
}

/* ======================================================================== */
/* Charts (inline SVG; text stays text, so it scales and can be read)        */
/* ======================================================================== */

#define SVG_W 720
#define LABEL_W 290
#define BAR_X (LABEL_W + 10)
#define BAR_W 340
#define ROW_H 26

/* Bar length of x on the framework's scale, clipped to the drawing. */
static double bar_len(const struct framework *fw, double x)
{
    double span = fw->scale_max - fw->scale_min;
    if (!isfinite(x) || !(span > 0))
        return 0;
    double f = (x - fw->scale_min) / span;
    return f < 0 ? 0 : f > 1 ? BAR_W : f * BAR_W;
}

/* A "nice" tick step for span: 1, 2, 2.5 or 5 times a power of ten, the
   smallest giving at most six intervals (0-100: every 20). */
static double nice_step(double span)
{
    double p = pow(10, floor(log10(span / 6)));
    static const double mult[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof mult / sizeof mult[0]; i++)
        if (span / (mult[i] * p) <= 6 + 1e-9)
            return mult[i] * p;
    return 10 * p;
}

enum { MAX_TICKS = 8 };   /* at most six intervals: seven ticks, and one for rounding */

/* The ticks of fw's scale at nice steps, into tick[] (the one at 0 exactly
   0), with the decimals their labels need; how many. */
static int scale_ticks(const struct framework *fw, double tick[MAX_TICKS], int *decimals)
{
    double span = fw->scale_max - fw->scale_min;
    *decimals = 0;
    if (!(span > 0) || !isfinite(span))
        return 0;
    double step = nice_step(span);
    *decimals = step < 1 ? (step < 0.1 ? 2 : 1) : 0;
    int n = 0;
    for (double v = ceil(fw->scale_min / step - 1e-9) * step;
         n < MAX_TICKS && v <= fw->scale_max + step * 1e-9; v += step)
        tick[n++] = fabs(v) < step * 1e-9 ? 0 : v;
    return n;
}

/* Gridlines and tick labels at nice steps of the scale, below the bars. */
static void svg_axis(struct strbuf *sb, const struct framework *fw, int top, int bottom,
                     enum lang lang)
{
    char b[64];
    double tick[MAX_TICKS];
    int decimals, n = scale_ticks(fw, tick, &decimals);
    for (int k = 0; k < n; k++) {
        double x = BAR_X + bar_len(fw, tick[k]);
        strbuf_addf(sb, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#c8c8c8\"/>\n",
                    x, top, x, bottom);
        strbuf_addf(sb, "<text x=\"%.2f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n",
                    x, bottom + 16, fmt_num(b, sizeof b, tick[k], decimals, lang));
    }
}

/* An accessible inline SVG of width x height: its title and desc name it. */
static void svg_open(struct strbuf *sb, const char *id, int width, int height, const char *title,
                     const char *desc)
{
    strbuf_addf(sb,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                "height=\"%d\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n<title id=\"%s-t\">",
                width, height, width, height, id, id, id);
    esc(sb, title);
    strbuf_addf(sb, "</title>\n<desc id=\"%s-d\">", id);
    esc(sb, desc);
    strbuf_adds(sb, "</desc>\n");
}

/* An institution's name right-aligned before its bar: on one line when it
   fits 40 characters, else on two lines broken at a space (each ellipsized
   only past 46 characters), so the portal's chart names it in full. */
static void svg_label(struct strbuf *sb, const char *name, int y)
{
    size_t chars = 0;
    for (const char *p = name; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    if (chars <= 40) {
        strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\">",
                    LABEL_W, y + 17);
        esc(sb, name);
        strbuf_adds(sb, "</text>\n");
        return;
    }
    /* the space nearest the middle splits the name */
    size_t len = strlen(name), cut = 0;
    for (size_t i = 1; i < len; i++)
        if (name[i] == ' ' && (!cut || labs((long)i - (long)len / 2) < labs((long)cut - (long)len / 2)))
            cut = i;
    char *first = cut ? xasprintf("%.*s", (int)cut, name) : xstrdup(name);
    char *l1 = ellipsize(first, 46), *l2 = ellipsize(cut ? name + cut + 1 : "", 46);
    strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">"
                    "<tspan x=\"%d\">", LABEL_W, y + 11, LABEL_W);
    esc(sb, l1);
    strbuf_addf(sb, "</tspan><tspan x=\"%d\" dy=\"12\">", LABEL_W);
    esc(sb, l2);
    strbuf_adds(sb, "</tspan></text>\n");
    free(first);
    free(l1);
    free(l2);
}

/* The maturity levels as bands behind the bars, every other one shaded,
   each named above its band. */
static void svg_levels(struct strbuf *sb, const struct framework *fw, int top, int bottom,
                       enum lang lang)
{
    const struct maturity *m = &fw->maturity;
    for (int l = 0; l < m->n; l++) {
        double lo = l == 0 ? fw->scale_min : m->threshold[l - 1];
        double hi = l == m->n - 1 ? fw->scale_max : m->threshold[l];
        double x0 = BAR_X + bar_len(fw, lo), x1 = BAR_X + bar_len(fw, hi);
        if (l % 2 == 1)
            strbuf_addf(sb, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
                            "fill=\"#f0f0f0\"/>\n", x0, top, x1 - x0, bottom - top);
        strbuf_addf(sb, "<text x=\"%.2f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">",
                    (x0 + x1) / 2, top - 8);
        esc(sb, level_name(fw, l, lang));
        strbuf_adds(sb, "</text>\n");
    }
}

/* The national mean as a dashed line across the bars, named at its foot. */
static void svg_mean(struct strbuf *sb, const struct framework *fw, double mean, int dec,
                     int top, int bottom, enum lang lang)
{
    if (!isfinite(mean))
        return;
    char b[64];
    double x = BAR_X + bar_len(fw, mean);
    strbuf_addf(sb, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#b34700\" "
                    "stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n", x, top - 2, x, bottom);
    strbuf_addf(sb, "<text x=\"%.2f\" y=\"%d\" font-size=\"11\" fill=\"#8a3600\" "
                    "text-anchor=\"middle\">", x, bottom + 28);
    esc(sb, tr(lang, "Promedio nacional"));
    strbuf_addf(sb, " %s</text>\n", num(b, sizeof b, mean, dec, lang));
}

/* Horizontal bars of the index for every institution, in rank order
   (institutions without a score last, in registry order). */
static void svg_ranking(struct strbuf *sb, const struct round_data *rd, int i, enum lang lang,
                        const int *order)
{
    const struct index_run *ir = &rd->idx[i];
    const struct framework *fw = ir->fw;
    int n = ir->res.n_units;
    const struct maturity *m = &fw->maturity;
    int top = m->n > 0 ? 26 : 8, height = top + n * ROW_H + 36;
    char id[64], b[64];
    snprintf(id, sizeof id, "g-%s", fw->code);
    char *title = xasprintf("%s: %s", NAME(fw, lang), tr(lang, "puntaje por institución"));
    svg_open(sb, id, SVG_W, height, title,
             tr(lang, "Gráfico de barras horizontales con el puntaje de cada institución, de mayor "
                      "a menor; la tabla siguiente tiene los mismos datos."));
    free(title);
    svg_levels(sb, fw, top, top + n * ROW_H, lang);
    svg_axis(sb, fw, top, top + n * ROW_H, lang);
    for (int r = 0; r < n; r++) {
        int u = order[r];
        double v = run_score(ir, u);
        int y = top + r * ROW_H;
        svg_label(sb, NAME(&rd->reg->items[u], lang), y);
        double len = bar_len(fw, v);
        if (isfinite(v)) {
            strbuf_addf(sb, "<rect x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"#1d5a8e\"/>\n",
                        BAR_X, y + 4, len, ROW_H - 8);
            strbuf_addf(sb, "<text x=\"%.2f\" y=\"%d\" font-size=\"13\">%s</text>\n",
                        BAR_X + len + 6, y + 17, num(b, sizeof b, v, run_decimals(rd, ir), lang));
        } else {
            strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"13\">", BAR_X + 6, y + 17);
            esc(sb, tr(lang, "sin dato"));
            strbuf_adds(sb, "</text>\n");
        }
    }
    svg_mean(sb, fw, ir->res.national[fw->root], run_decimals(rd, ir), top, top + n * ROW_H,
             lang);
    strbuf_adds(sb, "</svg>\n");
}

/* The root's children for one institution against the national mean. */
static void svg_profile(struct strbuf *sb, const struct round_data *rd, int i, int u,
                        enum lang lang)
{
    const struct index_run *ir = &rd->idx[i];
    const struct framework *fw = ir->fw;
    int n = 0;
    for (int k = 0; k < fw->n_nodes; k++)
        n += fw->nodes[k].parent == fw->root && k != fw->root;
    if (n == 0)
        return;
    int top = 8, group = 2 * ROW_H - 8 + 10;
    int height = top + n * group + 28;
    char id[96], b[64];
    snprintf(id, sizeof id, "p-%s", fw->code);
    char *title = xasprintf("%s: %s", NAME(fw, lang),
                            tr(lang, "componentes de la institución y promedio nacional"));
    svg_open(sb, id, SVG_W, height, title,
             tr(lang, "Gráfico de barras: para cada componente, la barra oscura es el puntaje de la "
                      "institución y la gris el promedio nacional; la tabla siguiente tiene los "
                      "mismos datos."));
    free(title);
    svg_axis(sb, fw, top, top + n * group, lang);
    int r = 0;
    for (int k = 0; k < fw->n_nodes; k++) {
        if (fw->nodes[k].parent != fw->root || k == fw->root)
            continue;
        int y = top + r * group;
        double v = run_value(ir, u, k);
        double nat = ir->res.national[k];
        char *label = ellipsize(NAME(&fw->nodes[k], lang), 40);
        strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"13\" text-anchor=\"end\">", LABEL_W,
                    y + 24);
        esc(sb, label);
        strbuf_adds(sb, "</text>\n");
        free(label);
        const double vals[2] = {v, nat};
        const char *fill[2] = {"#1d5a8e", "#767676"};
        for (int s = 0; s < 2; s++) {
            int yy = y + s * (ROW_H - 4);
            double len = bar_len(fw, vals[s]);
            if (isfinite(vals[s]))
                strbuf_addf(sb,
                            "<rect x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"/>\n",
                            BAR_X, yy + 2, len, ROW_H - 8, fill[s]);
            strbuf_addf(sb, "<text x=\"%.2f\" y=\"%d\" font-size=\"12\">", BAR_X + len + 6,
                        yy + 15);
            esc(sb, isfinite(vals[s]) ? num(b, sizeof b, vals[s], run_decimals(rd, ir), lang) : tr(lang, "sin dato"));
            strbuf_adds(sb, "</text>\n");
        }
        r++;
    }
    strbuf_adds(sb, "</svg>\n");
}

/* The national charts of an index, narrow enough to read on a phone (the
   page scales them down no further than 390 px wide allows): the index and
   each pillar nationally over the level bands, and the index nationally in
   every stored round (render_chart.c draws the same for the reports). */
#define NAT_W 420
#define NAT_X 8
#define NAT_BW 340

/* x on the framework's scale across a plot of width w starting at x0. */
static double nat_x(const struct framework *fw, double x, double x0, double w)
{
    double span = fw->scale_max - fw->scale_min;
    if (!isfinite(x) || !(span > 0))
        return x0;
    double f = (x - fw->scale_min) / span;
    return x0 + (f < 0 ? 0 : f > 1 ? 1 : f) * w;
}

/* The national figure of rd->idx[i]'s nodes: the index, then its pillars
   (their node numbers in *node, owned); the count. */
static int nat_nodes(const struct framework *fw, int **node)
{
    int *pil, np = framework_pillars(fw, &pil);
    *node = xmalloc(sizeof(int) * (size_t)(np + 1));
    (*node)[0] = fw->root;
    for (int k = 0; k < np; k++)
        (*node)[k + 1] = pil[k];
    free(pil);
    return np + 1;
}

/* v and its level in brackets, as the desc of a chart lists it. */
static void value_level(struct strbuf *sb, const struct round_data *rd, const struct index_run *ir,
                        double v, enum lang lang)
{
    char b[64];
    const struct framework *fw = ir->fw;
    strbuf_adds(sb, num(b, sizeof b, v, run_decimals(rd, ir), lang));
    if (fw->maturity.n > 0 && isfinite(v)) {
        strbuf_adds(sb, " (");
        strbuf_adds(sb, level_name(fw, maturity_level(&fw->maturity, v), lang));
        strbuf_adds(sb, ")");
    }
}

/* Index i nationally: a bar per node (the index first, in bold), each
   named above its bar, over the maturity levels; the desc lists every
   figure, so a screen reader has them without the table. */
static void svg_national(struct strbuf *sb, const struct round_data *rd, int i, enum lang lang)
{
    const struct index_run *ir = &rd->idx[i];
    const struct framework *fw = ir->fw;
    int *node, n = nat_nodes(fw, &node);
    int top = fw->maturity.n > 0 ? 22 : 6, row = 40, bottom = top + n * row;
    char id[64], b[64];
    snprintf(id, sizeof id, "n-%s", fw->code);
    struct strbuf t, dsc;
    strbuf_init(&t);
    strbuf_init(&dsc);
    strbuf_addf(&t, "%s \xe2\x80\x94 %s, %d", tr(lang, "Promedio nacional del índice y de cada pilar"),
                NAME(fw, lang), rd->year);
    for (int r = 0; r < n; r++) {
        strbuf_adds(&dsc, r ? "; " : "");
        strbuf_adds(&dsc, r ? NAME(&fw->nodes[node[r]], lang) : NAME(fw, lang));
        strbuf_adds(&dsc, " ");
        value_level(&dsc, rd, ir, ir->res.national[node[r]], lang);
    }
    strbuf_adds(&dsc, ".");
    svg_open(sb, id, NAT_W, bottom + 24, t.buf, dsc.buf);
    strbuf_release(&t);
    strbuf_release(&dsc);
    const struct maturity *m = &fw->maturity;
    for (int l = 0; l < m->n; l++) {
        double x0 = nat_x(fw, l == 0 ? fw->scale_min : m->threshold[l - 1], NAT_X, NAT_BW);
        double x1 = nat_x(fw, l == m->n - 1 ? fw->scale_max : m->threshold[l], NAT_X, NAT_BW);
        if (l % 2 == 1)
            strbuf_addf(sb, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" "
                            "fill=\"#f0f0f0\"/>\n", x0, top, x1 - x0, bottom - top);
        strbuf_addf(sb, "<text x=\"%.2f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">",
                    (x0 + x1) / 2, top - 8);
        esc(sb, level_name(fw, l, lang));
        strbuf_adds(sb, "</text>\n");
    }
    double tick[MAX_TICKS];
    int tdec, n_ticks = scale_ticks(fw, tick, &tdec);
    for (int k = 0; k < n_ticks; k++) {
        double x = nat_x(fw, tick[k], NAT_X, NAT_BW);
        strbuf_addf(sb, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#c8c8c8\"/>\n"
                        "<text x=\"%.2f\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%s</text>\n",
                    x, top, x, bottom, x < 16 ? 16 : x, bottom + 16,
                    fmt_num(b, sizeof b, tick[k], tdec, lang));
    }
    for (int r = 0; r < n; r++) {
        int y = top + r * row;
        double v = ir->res.national[node[r]];
        strbuf_addf(sb, "<text x=\"%d\" y=\"%d\" font-size=\"13\"%s>", NAT_X, y + 15,
                    r ? "" : " font-weight=\"bold\"");
        esc(sb, r ? NAME(&fw->nodes[node[r]], lang) : NAME(fw, lang));
        strbuf_adds(sb, "</text>\n");
        double x = nat_x(fw, v, NAT_X, NAT_BW);
        if (isfinite(v))
            strbuf_addf(sb, "<rect x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"14\" fill=\"%s\"/>\n",
                        NAT_X, y + 21, x - NAT_X, r ? "#1d5a8e" : "#0b3a63");
        strbuf_addf(sb, "<text x=\"%.2f\" y=\"%d\" font-size=\"13\"%s>", x + 5, y + 33,
                    r ? "" : " font-weight=\"bold\"");
        esc(sb, isfinite(v) ? num(b, sizeof b, v, run_decimals(rd, ir), lang)
                            : tr(lang, "sin dato"));
        strbuf_adds(sb, "</text>\n");
    }
    strbuf_adds(sb, "</svg>\n");
    free(node);
}

/* The rounds of index i's trend: every stored round with results (the
   round model's trend), or, for a model built without it, the previous
   round and this one, as render_chart.c draws them.  Owned arrays; the
   count. */
static int trend_series(const struct round_data *rd, const struct index_run *ir, int **year,
                        double **value)
{
    int n = ir->n_trend > 0 ? ir->n_trend : 2, k = 0;
    *year = xmalloc(sizeof(int) * (size_t)n);
    *value = xmalloc(sizeof(double) * (size_t)n);
    if (ir->n_trend > 0) {
        memcpy(*year, ir->trend_year, sizeof(int) * (size_t)n);
        memcpy(*value, ir->trend_value, sizeof(double) * (size_t)n);
        return n;
    }
    if (ir->prev_year > 0 && ir->prev_value) {
        (*year)[k] = ir->prev_year;
        (*value)[k++] = run_prev_national(rd, ir, ir->fw->root);
    }
    (*year)[k] = rd->year;
    (*value)[k++] = ir->res.national[ir->fw->root];
    return k;
}

/* Whether the method changed between the last two rounds of the trend. */
static int trend_changed(const struct round_data *rd, const struct index_run *ir, const int *year,
                         int n)
{
    return ir->diff.n > 0 && n >= 2 && year[n - 2] == ir->prev_year && year[n - 1] == rd->year;
}

/* y of v on the trend's vertical scale, plot from y0 (top) to y1. */
static double trend_y(const struct framework *fw, double v, double y0, double y1)
{
    double span = fw->scale_max - fw->scale_min;
    if (!(span > 0))
        return y1;
    double f = (v - fw->scale_min) / span;
    return y1 - (f < 0 ? 0 : f > 1 ? 1 : f) * (y1 - y0);
}

/* Index i nationally in each round of the series: a point per round with
   its value above it and its year below, joined by a line (the last
   segment dashed when the method changed), over the maturity levels named
   on the right; the desc lists every round's figure. */
static void svg_trend(struct strbuf *sb, const struct round_data *rd, int i, const int *year,
                      const double *value, int n, enum lang lang)
{
    const struct index_run *ir = &rd->idx[i];
    const struct framework *fw = ir->fw;
    const struct maturity *m = &fw->maturity;
    const double x0 = 34, x1 = m->n > 0 ? NAT_W - 88 : NAT_W - 8, y0 = 12, y1 = 172;
    char id[64], b[64];
    snprintf(id, sizeof id, "t-%s", fw->code);
    struct strbuf dsc;
    strbuf_init(&dsc);
    for (int r = 0; r < n; r++) {
        strbuf_addf(&dsc, "%s%d: ", r ? "; " : "", year[r]);
        value_level(&dsc, rd, ir, value[r], lang);
    }
    strbuf_adds(&dsc, ".");
    char *title = xasprintf("%s \xe2\x80\x94 %s", tr(lang, "Promedio nacional en cada ronda guardada"),
                            NAME(fw, lang));
    svg_open(sb, id, NAT_W, 200, title, dsc.buf);
    free(title);
    strbuf_release(&dsc);
    for (int l = 0; l < m->n; l++) {
        double ya = trend_y(fw, l == 0 ? fw->scale_min : m->threshold[l - 1], y0, y1);
        double yb = trend_y(fw, l == m->n - 1 ? fw->scale_max : m->threshold[l], y0, y1);
        if (l % 2 == 1)
            strbuf_addf(sb, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                            "fill=\"#f0f0f0\"/>\n", x0, yb, x1 - x0, ya - yb);
        if (ya - yb < 12)
            continue;
        strbuf_addf(sb, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"11\">", x1 + 5, (ya + yb) / 2 + 4);
        esc(sb, level_name(fw, l, lang));
        strbuf_adds(sb, "</text>\n");
    }
    double tick[MAX_TICKS];
    int tdec, n_ticks = scale_ticks(fw, tick, &tdec);
    for (int k = 0; k < n_ticks; k++) {
        double y = trend_y(fw, tick[k], y0, y1);
        strbuf_addf(sb, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#c8c8c8\"/>\n"
                        "<text x=\"%.2f\" y=\"%.2f\" font-size=\"12\" text-anchor=\"end\">%s</text>\n",
                    x0, y, x1, y, x0 - 4, y + 4, fmt_num(b, sizeof b, tick[k], tdec, lang));
    }
    double span = n > 1 ? year[n - 1] - year[0] : 0, pad = 30;
    int changed = trend_changed(rd, ir, year, n);
    for (int r = 0; r < n; r++) {
        double x = span > 0 ? x0 + pad + (year[r] - year[0]) / span * (x1 - x0 - 2 * pad)
                            : (x0 + x1) / 2;
        double y = trend_y(fw, value[r], y0, y1);
        if (r > 0 && isfinite(value[r]) && isfinite(value[r - 1])) {
            double px = x0 + pad + (year[r - 1] - year[0]) / span * (x1 - x0 - 2 * pad);
            strbuf_addf(sb, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#1d5a8e\" "
                            "stroke-width=\"2.5\"%s/>\n", px, trend_y(fw, value[r - 1], y0, y1), x, y,
                        changed && r == n - 1 ? " stroke-dasharray=\"6 4\"" : "");
        }
        strbuf_addf(sb, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"13\" text-anchor=\"middle\"%s>%d</text>\n",
                    x, y1 + 18, r == n - 1 ? " font-weight=\"bold\"" : "", year[r]);
        if (!isfinite(value[r]))
            continue;
        strbuf_addf(sb, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"4.5\" fill=\"%s\"/>\n"
                        "<text x=\"%.2f\" y=\"%.2f\" font-size=\"13\" font-weight=\"bold\" "
                        "text-anchor=\"middle\" stroke=\"#fff\" stroke-width=\"4\" "
                        "paint-order=\"stroke\">%s</text>\n",
                    x, y, r == n - 1 ? "#b34700" : "#1d5a8e", x, y - 9,
                    num(b, sizeof b, value[r], run_decimals(rd, ir), lang));
    }
    strbuf_adds(sb, "</svg>\n");
}

/* A national figure's row: its name, value with its level under it (one
   column, so the table fits a phone) and change. */
static void national_row(struct strbuf *sb, const struct round_data *rd, const struct index_run *ir,
                         const char *name, int bold, double v, double before, int with_change,
                         enum lang lang)
{
    const struct framework *fw = ir->fw;
    char b[64];
    int dec = run_decimals(rd, ir);
    strbuf_adds(sb, "<tr><th scope=\"row\">");
    strbuf_adds(sb, bold ? "<strong>" : "");
    esc(sb, name);
    strbuf_adds(sb, bold ? "</strong>" : "");
    strbuf_addf(sb, "</th><td class=\"num\">%s", num(b, sizeof b, v, dec, lang));
    if (fw->maturity.n > 0) {
        strbuf_adds(sb, "<span class=\"nivel\">");
        esc(sb, level_name(fw, maturity_level(&fw->maturity, v), lang));
        strbuf_adds(sb, "</span>");
    }
    strbuf_adds(sb, "</td>");
    if (with_change) {
        double d = compute_published(fw, v) - compute_published(fw, before);
        strbuf_addf(sb, "<td class=\"num\">%s</td>", signed_num(b, sizeof b, d, dec, lang));
    }
    strbuf_adds(sb, "</tr>\n");
}

/* The head of a national table: caption, first column, value (and level)
   and, when change is set, a change column headed change. */
static void national_head(struct strbuf *sb, const struct framework *fw, const char *id,
                          const char *caption, const char *first, const char *change,
                          enum lang lang)
{
    strbuf_addf(sb, "<div class=\"marco-tabla\" tabindex=\"0\">\n<table id=\"%s\">\n<caption>", id);
    esc(sb, caption);
    strbuf_adds(sb, "</caption>\n<thead>\n<tr><th scope=\"col\">");
    esc(sb, first);
    strbuf_adds(sb, "</th><th scope=\"col\">");
    esc(sb, tr(lang, fw->maturity.n > 0 ? "Promedio nacional y nivel" : "Promedio nacional"));
    if (change) {
        strbuf_adds(sb, "</th><th scope=\"col\">");
        esc(sb, change);
    }
    strbuf_adds(sb, "</th></tr>\n</thead>\n<tbody>\n");
}

/* Index i nationally, after its key findings: the chart of the index and
   its pillars beside their table (national figure, level and change since
   the previous round), then, with two rounds or more, the trend chart
   beside its table (each round's figure, level and change from the round
   before).  The tables say in text what the charts draw. */
static void home_national(struct strbuf *sb, const struct round_data *rd, int i, enum lang lang)
{
    const struct index_run *ir = &rd->idx[i];
    const struct framework *fw = ir->fw;
    char id[64];
    strbuf_adds(sb, "<div class=\"nacional\">\n<figure>\n");
    svg_national(sb, rd, i, lang);
    strbuf_adds(sb, "</figure>\n");
    int *node, n = nat_nodes(fw, &node);
    int prev = ir->prev_year > 0 && ir->prev_value;
    char *cap = xasprintf("%s, %s %d", tr(lang, "Promedio nacional del índice y de cada pilar"),
                          fw->code, rd->year);
    char *chg = prev ? xasprintf("%s %d", tr(lang, "Cambio desde"), ir->prev_year) : NULL;
    snprintf(id, sizeof id, "nacional-%s", fw->code);
    national_head(sb, fw, id, cap, tr(lang, "Componente"), chg, lang);
    for (int r = 0; r < n; r++)
        national_row(sb, rd, ir, r ? NAME(&fw->nodes[node[r]], lang) : NAME(fw, lang), r == 0,
                     ir->res.national[node[r]],
                     prev ? run_prev_national(rd, ir, node[r]) : NAN, prev, lang);
    strbuf_adds(sb, "</tbody>\n</table>\n</div>\n");
    free(cap);
    free(chg);
    free(node);
    int *year;
    double *value;
    int nt = trend_series(rd, ir, &year, &value);
    if (nt >= 2) {
        strbuf_adds(sb, "<figure>\n");
        svg_trend(sb, rd, i, year, value, nt, lang);
        if (trend_changed(rd, ir, year, nt)) {
            char *note = xasprintf(tr(lang, "Línea discontinua: el método cambió entre %d y %d; "
                                            "el informe compara ambas bases."),
                                   ir->prev_year, rd->year);
            strbuf_adds(sb, "<figcaption>");
            esc(sb, note);
            strbuf_adds(sb, "</figcaption>\n");
            free(note);
        }
        strbuf_adds(sb, "</figure>\n");
        cap = xasprintf("%s, %s", tr(lang, "Promedio nacional en cada ronda guardada"), fw->code);
        snprintf(id, sizeof id, "tendencia-%s", fw->code);
        national_head(sb, fw, id, cap, tr(lang, "Ronda"), tr(lang, "Cambio"), lang);
        for (int r = 0; r < nt; r++) {
            char y[16];
            snprintf(y, sizeof y, "%d", year[r]);
            national_row(sb, rd, ir, y, r == nt - 1, value[r], r ? value[r - 1] : NAN, 1, lang);
        }
        strbuf_adds(sb, "</tbody>\n</table>\n</div>\n");
        free(cap);
    }
    free(year);
    free(value);
    strbuf_adds(sb, "</div>\n");
}

/* ======================================================================== */
/* Pages                                                                     */
/* ======================================================================== */

static void index_heading(struct strbuf *sb, const struct framework *fw, enum lang lang,
                          const char *prefix)
{
    strbuf_addf(sb, "<h2 id=\"%s-%s\">", prefix, fw->code);
    esc(sb, NAME(fw, lang));
    strbuf_adds(sb, " (");
    esc(sb, fw->code);
    strbuf_adds(sb, ")</h2>\n");
}

static void th_sort(struct strbuf *sb, const char *kind, const char *label, const char *sort)
{
    strbuf_addf(sb, "<th scope=\"col\" data-orden=\"%s\"%s>", kind, sort ? sort : "");
    esc(sb, label);
    strbuf_adds(sb, "</th>\n");
}

/* What changed in the method since the round compared with, under the
   table that shows both bases (docs/rondas.md). */
static void method_note(struct strbuf *sb, const struct index_run *ir, int year, enum lang lang)
{
    strbuf_adds(sb, "<p>");
    esc(sb, tr(lang, "El método cambió desde"));
    strbuf_addf(sb, " %d: ", ir->prev_year);
    for (int k = 0; k < ir->diff.n; k++) {
        char *t = method_change_text(&ir->diff.items[k], lang);
        if (k)
            strbuf_adds(sb, "; ");
        esc(sb, t);
        free(t);
    }
    strbuf_adds(sb, ". ");
    esc(sb, tr(lang, "La última columna compara con las respuestas de"));
    strbuf_addf(sb, " %d ", ir->prev_year);
    esc(sb, tr(lang, "calculadas con el método de"));
    strbuf_addf(sb, " %d", year);
    if (ir->n_not_asked) {
        strbuf_adds(sb, ", ");
        esc(sb, tr(lang, "sin los indicadores que no se preguntaron en"));
        strbuf_addf(sb, " %d (", ir->prev_year);
        for (int k = 0; k < ir->n_not_asked; k++) {
            if (k)
                strbuf_adds(sb, ", ");
            esc(sb, ir->not_asked[k]);
        }
        strbuf_adds(sb, ")");
    }
    strbuf_adds(sb, ".</p>\n");
}

/* Institution u's row of the home page's ranking table of run ir. */
static void home_rank_row(struct strbuf *sb, const struct round_data *rd,
                          const struct index_run *ir, int u, enum lang lang)
{
    const struct framework *fw = ir->fw;
    const struct result *r = &ir->res;
    size_t c = run_node_cell(ir, u, fw->root);
    const struct institution *it = &rd->reg->items[u];
    char b[64];
    strbuf_adds(sb, "<tr>");
    if (r->rank[c] > 0)
        strbuf_addf(sb, "<td class=\"num\" data-v=\"%d\">%d</td>", r->rank[c], r->rank[c]);
    else if (!isnan(r->value[c])) /* registry ranked = no */
        strbuf_addf(sb, "<td class=\"num\" data-v=\"\">%s</td>", tr(lang, "sin posición"));
    else
        strbuf_adds(sb, "<td class=\"num\" data-v=\"\">\xe2\x80\x94</td>");
    strbuf_adds(sb, "<th scope=\"row\"><a href=\"institucion-");
    esc(sb, it->code);
    strbuf_adds(sb, ".html\">");
    esc(sb, NAME(it, lang));
    strbuf_adds(sb, "</a>");
    if (!r->included[u]) {
        strbuf_adds(sb, " (");
        esc(sb, tr(lang, "excluida por falta de datos"));
        strbuf_adds(sb, ")");
    }
    strbuf_adds(sb, "</th><td class=\"num\"");
    data_v(sb, r->value[c]);
    strbuf_addf(sb, ">%s</td>", num(b, sizeof b, r->value[c], run_decimals(rd, ir), lang));
    if (fw->maturity.n > 0) {
        if (r->maturity[u] >= 0)
            strbuf_addf(sb, "<td data-v=\"%d\">", r->maturity[u] + 1);
        else
            strbuf_adds(sb, "<td data-v=\"\">");
        esc(sb, level_name(fw, r->maturity[u], lang));
        strbuf_adds(sb, "</td>");
    }
    /* the change on the basis as stored and, when the method changed, on
       this round's method (docs/rondas.md); «nueva» for a new institution */
    int back = ir->prev_year && ir->diff.n > 0 && ir->back_value;
    for (int k = 0; k < (back ? 2 : ir->prev_year ? 1 : 0); k++) {
        const double *base = k ? ir->back_value : ir->prev_value;
        double d = base ? r->value[c] - base[c] : NAN;
        strbuf_adds(sb, "<td class=\"num\"");
        data_v(sb, d);
        if (ir->prev_unit && ir->prev_unit[u] < 0) {
            strbuf_adds(sb, ">");
            esc(sb, tr(lang, "nueva"));
            strbuf_adds(sb, "</td>");
        } else {
            strbuf_addf(sb, ">%s</td>", signed_num(b, sizeof b, d, run_decimals(rd, ir), lang));
        }
    }
    strbuf_adds(sb, "</tr>\n");
}

/* Index i's section of the home page: the national mean, the ranking as
   a chart and as a table that sorts. */
/* The second view (the framework's axes) as a table: unit u's score and the
   national mean of each axis, or the national means alone for u < 0.
   Nothing if the framework has no axes. */
static void axes_table(struct strbuf *sb, const struct round_data *rd, const struct index_run *ir,
                       int u, enum lang lang)
{
    const struct result *r = &ir->res;
    const struct framework *fw = ir->fw;
    char b[64];
    int dec = run_decimals(rd, ir);
    if (r->n_axes == 0)
        return;
    const char *label = fw->axes_label[lang] ? fw->axes_label[lang] : fw->axes_label[LANG_ES];
    strbuf_adds(sb, "<div class=\"marco-tabla\" tabindex=\"0\">\n<table class=\"ejes\">\n<caption>");
    esc(sb, label ? label : tr(lang, "Ejes"));
    strbuf_adds(sb, " (");
    esc(sb, fw->code);
    strbuf_adds(sb, ")</caption>\n<thead>\n<tr><th scope=\"col\">");
    esc(sb, tr(lang, "Eje"));
    if (u >= 0) {
        strbuf_adds(sb, "</th><th scope=\"col\">");
        esc(sb, tr(lang, "Puntaje"));
    }
    strbuf_adds(sb, "</th><th scope=\"col\">");
    esc(sb, tr(lang, "Promedio nacional"));
    strbuf_adds(sb, "</th></tr>\n</thead>\n<tbody>\n");
    for (int a = 0; a < r->n_axes; a++) {
        strbuf_adds(sb, "<tr><th scope=\"row\">");
        char an[128];
        esc(sb, framework_axis_name(fw, r->axis_code[a], lang, an, sizeof an));
        strbuf_adds(sb, "</th>");
        if (u >= 0)
            strbuf_addf(sb, "<td>%s</td>",
                        num(b, sizeof b,
                            r->axis_value[(size_t)u * (size_t)r->n_axes + (size_t)a], dec,
                            lang));
        strbuf_addf(sb, "<td>%s</td></tr>\n", num(b, sizeof b, r->axis_national[a], dec, lang));
    }
    strbuf_adds(sb, "</tbody>\n</table>\n</div>\n");
}

static void home_index(struct strbuf *sb, const struct round_data *rd, int i, enum lang lang)
{
    const struct index_run *ir = &rd->idx[i];
    const struct framework *fw = ir->fw;
    const struct result *r = &ir->res;
    char b[64];
    int included = 0;
    for (int u = 0; u < r->n_units; u++)
        included += r->included[u] != 0;
    strbuf_addf(sb, "<section aria-labelledby=\"h-%s\">\n", fw->code);
    index_heading(sb, fw, lang, "h");
    strbuf_adds(sb, "<p>");
    esc(sb, tr(lang, "Promedio nacional"));
    strbuf_addf(sb, ": <strong>%s</strong>. ", num(b, sizeof b, r->national[fw->root], run_decimals(rd, ir), lang));
    esc(sb, tr(lang, "Instituciones con puntaje"));
    strbuf_addf(sb, ": %d / %d.</p>\n", included, r->n_units);
    struct findings f;
    findings_build(rd, i, lang, &f);
    strbuf_adds(sb, "<ul class=\"hallazgos\">\n");
    for (int k = 0; k < f.n; k++) {
        strbuf_adds(sb, "<li>");
        esc(sb, f.line[k]);
        strbuf_adds(sb, "</li>\n");
    }
    strbuf_adds(sb, "</ul>\n");
    findings_release(&f);
    home_national(sb, rd, i, lang);
    int *order = xmalloc(sizeof(int) * (size_t)(r->n_units + 1));
    units_by_rank(ir, order);
    strbuf_adds(sb, "<figure tabindex=\"0\">\n");
    svg_ranking(sb, rd, i, lang, order);
    strbuf_adds(sb, "</figure>\n");
    strbuf_addf(sb, "<div class=\"marco-tabla\" tabindex=\"0\">\n<table class=\"ordenable\" data-filtro=\"");
    esc(sb, tr(lang, "Buscar una institución"));
    strbuf_adds(sb, "\">\n<caption>");
    esc(sb, tr(lang, "Ranking"));
    strbuf_addc(sb, ' ');
    esc(sb, fw->code);
    strbuf_addf(sb, " %d</caption>\n<thead>\n<tr>\n", rd->year);
    th_sort(sb, "num", tr(lang, "Posición"), " aria-sort=\"ascending\"");
    th_sort(sb, "texto", publisher_unit_title(&rd->cfg->publisher, lang, 0), NULL);
    th_sort(sb, "num", tr(lang, "Puntaje"), NULL);
    if (fw->maturity.n > 0)
        th_sort(sb, "num", tr(lang, "Nivel"), NULL);
    int back = ir->prev_year && ir->diff.n > 0 && ir->back_value;
    if (ir->prev_year) {
        char *chg = xasprintf("%s %d", tr(lang, "Cambio desde"), ir->prev_year);
        th_sort(sb, "num", chg, NULL);
        free(chg);
    }
    if (back) {
        char *chg2 = xasprintf("%s %d", tr(lang, "Cambio, método"), rd->year);
        th_sort(sb, "num", chg2, NULL);
        free(chg2);
    }
    strbuf_adds(sb, "</tr>\n</thead>\n<tbody>\n");
    for (int q = 0; q < r->n_units; q++)
        home_rank_row(sb, rd, ir, order[q], lang);
    strbuf_adds(sb, "</tbody>\n</table>\n</div>\n");
    if (back)
        method_note(sb, ir, rd->year, lang);
    axes_table(sb, rd, ir, -1, lang);
    strbuf_adds(sb, "</section>\n");
    free(order);
}

static int download(struct strbuf *sb, const struct site *s, const char *rel, const char *label,
                    const char *format, enum lang lang);

/* The home page's way in: the national report and the workbook of the
   round, and a jump to each index's section. */
static void home_links(struct strbuf *sb, const struct site *s, enum lang lang)
{
    const struct round_data *rd = s->rd;
    strbuf_adds(sb, "<nav class=\"indices\" aria-label=\"");
    esc(sb, tr(lang, "Índices de esta página"));
    strbuf_adds(sb, "\">\n<ul>\n");
    for (int i = 0; i < rd->n_idx; i++) {
        const struct framework *fw = rd->idx[i].fw;
        strbuf_addf(sb, "<li><a href=\"#h-%s\">", fw->code);
        esc(sb, NAME(fw, lang));
        strbuf_adds(sb, " (");
        esc(sb, fw->code);
        strbuf_adds(sb, ")</a></li>\n");
    }
    strbuf_adds(sb, "</ul>\n</nav>\n");
    struct strbuf items;
    strbuf_init(&items);
    char *rel = xasprintf("informe-nacional-%d-%s.pdf", rd->year, lang_code(lang));
    int any = download(&items, s, rel, tr(lang, "Informe nacional"), "PDF", lang);
    free(rel);
    rel = xasprintf("indigo-%d-%s.xlsx", rd->year, lang_code(lang));
    any += download(&items, s, rel, tr(lang, "Libro de cálculo de la ronda, con fórmulas"), "XLSX",
                    lang);
    free(rel);
    if (any) {
        strbuf_adds(sb, "<ul class=\"publicaciones\">\n");
        strbuf_adds(sb, items.buf);
        strbuf_adds(sb, "</ul>\n");
    }
    strbuf_release(&items);
}

static int page_home(const struct site *s, enum lang lang)
{
    const struct round_data *rd = s->rd;
    struct strbuf sb;
    strbuf_init(&sb);
    char *st = site_title(rd, lang);
    page_begin(&sb, s, lang, "index.html", tr(lang, "Inicio"), NAV_HOME);
    strbuf_adds(&sb, "<h1>");
    esc(&sb, st);
    strbuf_adds(&sb, "</h1>\n<p>");
    free(st);
    esc(&sb, tr(lang, "Resultados de cada institución pública en los índices de la ronda. Cada "
                      "tabla se puede ordenar con los botones de sus encabezados; el nombre de "
                      "cada institución lleva a su ficha."));
    strbuf_adds(&sb, "</p>\n");
    home_links(&sb, s, lang);
    for (int i = 0; i < rd->n_idx; i++)
        home_index(&sb, rd, i, lang);
    page_end(&sb, s, lang);
    char *rel = xasprintf("%s/index.html", lang_code(lang));
    int rc = write_page(s, rel, &sb);
    free(rel);
    strbuf_release(&sb);
    return rc;
}

/* One download link if the file exists in the round directory. */
static int download(struct strbuf *sb, const struct site *s, const char *rel, const char *label,
                    const char *format, enum lang lang)
{
    long long size = round_file(s, rel);
    if (size < 0)
        return 0;
    char b[64];
    strbuf_adds(sb, "<li><a href=\"../../");
    esc(sb, rel);
    strbuf_adds(sb, "\">");
    esc(sb, label);
    strbuf_adds(sb, "</a> (");
    esc(sb, format);
    strbuf_addf(sb, ", %s\xc2\xa0kB)</li>\n", fmt_num(b, sizeof b, (double)size / 1000.0, 1, lang));
    return 1;
}

static const char *flag_names(unsigned fl, enum lang lang, struct strbuf *out)
{
    static const struct { unsigned bit; const char *es; } names[] = {
        {FLAG_MISSING, "sin dato"},     {FLAG_IMPUTED, "imputado"},
        {FLAG_WINSORISED, "winsorizado"}, {FLAG_LOGGED, "logaritmo"},
        {FLAG_CLIPPED, "recortado"},    {FLAG_SCREENED, "excluido por filtrado"},
    };
    strbuf_reset(out);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (fl & names[i].bit) {
            if (out->len)
                strbuf_adds(out, ", ");
            strbuf_adds(out, tr(lang, names[i].es));
        }
    return out->buf;
}

/* Unit u's figures in run ir: score, rank of how many, level, national
   mean, and the previous round with the change. */
static void unit_figures(struct strbuf *sb, const struct round_data *rd, const struct index_run *ir,
                         int u, enum lang lang)
{
    const struct framework *fw = ir->fw;
    const struct result *r = &ir->res;
    size_t c = run_node_cell(ir, u, fw->root);
    char b[64];
    strbuf_adds(sb, "<dl class=\"cifras\">\n<dt>");
    esc(sb, tr(lang, "Puntaje"));
    strbuf_addf(sb, "</dt><dd>%s</dd>\n<dt>", num(b, sizeof b, r->value[c], run_decimals(rd, ir), lang));
    esc(sb, tr(lang, "Posición"));
    strbuf_adds(sb, "</dt><dd>");
    if (r->rank[c] > 0) {
        int ranked = 0;
        for (int v = 0; v < r->n_units; v++)
            ranked += run_rank(ir, v, fw->root) > 0;
        strbuf_addf(sb, "%d %s %d", r->rank[c], tr(lang, "de un total de"), ranked);
    } else if (!isnan(r->value[c])) {
        esc(sb, tr(lang, "sin posición: el registro la marca ranked = no (se calcula y se publica, pero no se ordena ni entra en el promedio nacional)"));
    } else {
        strbuf_adds(sb, "\xe2\x80\x94");
    }
    strbuf_adds(sb, "</dd>\n");
    if (fw->maturity.n > 0) {
        strbuf_adds(sb, "<dt>");
        esc(sb, tr(lang, "Nivel"));
        strbuf_adds(sb, "</dt><dd>");
        esc(sb, level_name(fw, r->maturity[u], lang));
        strbuf_adds(sb, "</dd>\n");
    }
    strbuf_adds(sb, "<dt>");
    esc(sb, tr(lang, "Promedio nacional"));
    strbuf_addf(sb, "</dt><dd>%s</dd>\n", num(b, sizeof b, r->national[fw->root], run_decimals(rd, ir), lang));
    if (ir->prev_year && ir->prev_unit && ir->prev_unit[u] < 0) {
        strbuf_adds(sb, "<dt>");
        esc(sb, tr(lang, "Puntaje en"));
        strbuf_addf(sb, " %d</dt><dd>", ir->prev_year);
        esc(sb, tr(lang, "nueva: no estaba en esa ronda"));
        strbuf_adds(sb, "</dd>\n");
    } else if (ir->prev_year) {
        double prev = ir->prev_value ? ir->prev_value[c] : NAN;
        strbuf_adds(sb, "<dt>");
        esc(sb, tr(lang, "Puntaje en"));
        strbuf_addf(sb, " %d</dt><dd>%s</dd>\n<dt>", ir->prev_year, num(b, sizeof b, prev, run_decimals(rd, ir), lang));
        esc(sb, tr(lang, "Cambio"));
        strbuf_addf(sb, "</dt><dd>%s</dd>\n", signed_num(b, sizeof b, r->value[c] - prev, run_decimals(rd, ir), lang));
        if (ir->diff.n > 0 && ir->back_value) {
            double bv = ir->back_value[c];
            strbuf_adds(sb, "<dt>");
            esc(sb, tr(lang, "Puntaje en"));
            strbuf_addf(sb, " %d, ", ir->prev_year);
            esc(sb, tr(lang, "con el método de"));
            strbuf_addf(sb, " %d</dt><dd>%s</dd>\n<dt>", rd->year, num(b, sizeof b, bv, run_decimals(rd, ir), lang));
            esc(sb, tr(lang, "Cambio con el método de"));
            strbuf_addf(sb, " %d</dt><dd>%s</dd>\n", rd->year,
                        signed_num(b, sizeof b, r->value[c] - bv, run_decimals(rd, ir), lang));
        }
    }
    strbuf_adds(sb, "</dl>\n");
}

/* Unit u's pillars against the nation as a figure with its key (nothing
   if svg_profile draws nothing). */
static void unit_profile(struct strbuf *sb, const struct round_data *rd, int i, int u,
                         enum lang lang)
{
    struct strbuf fig;
    strbuf_init(&fig);
    svg_profile(&fig, rd, i, u, lang);
    if (fig.len) {
        strbuf_adds(sb, "<figure tabindex=\"0\">\n");
        strbuf_add(sb, fig.buf, fig.len);
        strbuf_adds(sb, "<figcaption><svg class=\"leyenda\" viewBox=\"0 0 10 10\" aria-hidden=\"true\">"
                        "<rect width=\"10\" height=\"10\" fill=\"#1d5a8e\"/></svg>");
        esc(sb, publisher_unit_title(&rd->cfg->publisher, lang, 0));
        strbuf_adds(sb, "<svg class=\"leyenda\" viewBox=\"0 0 10 10\" aria-hidden=\"true\">"
                        "<rect width=\"10\" height=\"10\" fill=\"#767676\"/></svg>");
        esc(sb, tr(lang, "Promedio nacional"));
        strbuf_adds(sb, "</figcaption>\n</figure>\n");
    }
    strbuf_release(&fig);
}

/* Every component of run ir for unit u in reading order: score, rank,
   national mean and the indicators' flags. */
static void unit_components(struct strbuf *sb, const struct round_data *rd,
                            const struct index_run *ir, int u, enum lang lang)
{
    const struct framework *fw = ir->fw;
    const struct result *r = &ir->res;
    char b[64];
    int *ord, *depth, n = framework_tree_order(fw, 1, &ord, &depth);
    int *col_of = xmalloc(sizeof(int) * (size_t)(fw->n_nodes + 1));
    for (int k = 0; k < fw->n_nodes; k++)
        col_of[k] = -1;
    for (int j = 0; j < r->n_ind; j++)
        col_of[r->ind_node[j]] = j;
    struct strbuf flags;
    strbuf_init(&flags);
    strbuf_adds(sb, "<div class=\"marco-tabla\" tabindex=\"0\">\n<table>\n<caption>");
    esc(sb, fw->code);
    strbuf_adds(sb, ": ");
    esc(sb, tr(lang, "puntaje de cada componente"));
    strbuf_adds(sb, "</caption>\n<thead>\n<tr>");
    const char *heads[] = {"Componente", "Puntaje", "Posición", "Promedio nacional", "Marcas"};
    for (int h = 0; h < 5; h++) {
        strbuf_adds(sb, "<th scope=\"col\">");
        esc(sb, tr(lang, heads[h]));
        strbuf_adds(sb, "</th>");
    }
    strbuf_adds(sb, "</tr>\n</thead>\n<tbody>\n");
    for (int q = 0; q < n; q++) {
        int k = ord[q];
        size_t cc = run_node_cell(ir, u, k);
        int dep = depth[q];
        strbuf_addf(sb, "<tr><th scope=\"row\" class=\"nivel-%d\">", dep + 1 > 5 ? 5 : dep + 1);
        esc(sb, NAME(&fw->nodes[k], lang));
        strbuf_adds(sb, "</th>");
        strbuf_addf(sb, "<td class=\"num\">%s</td>", num(b, sizeof b, r->value[cc], run_decimals(rd, ir), lang));
        if (r->rank[cc] > 0)
            strbuf_addf(sb, "<td class=\"num\">%d</td>", r->rank[cc]);
        else if (!isnan(r->value[cc])) /* registry ranked = no */
            strbuf_addf(sb, "<td class=\"num\">%s</td>", tr(lang, "sin posición"));
        else
            strbuf_adds(sb, "<td class=\"num\">\xe2\x80\x94</td>");
        strbuf_addf(sb, "<td class=\"num\">%s</td><td>", num(b, sizeof b, r->national[k], run_decimals(rd, ir), lang));
        if (col_of[k] >= 0)
            esc(sb, flag_names(run_flags(ir, u, col_of[k]), lang, &flags));
        strbuf_adds(sb, "</td></tr>\n");
    }
    strbuf_adds(sb, "</tbody>\n</table>\n</div>\n");
    strbuf_release(&flags);
    free(col_of);
    free(ord);
    free(depth);
}

/* Unit u's section for index i on its page. */
static void unit_index(struct strbuf *sb, const struct round_data *rd, int i, int u,
                       enum lang lang)
{
    const struct index_run *ir = &rd->idx[i];
    strbuf_addf(sb, "<section aria-labelledby=\"i-%s\">\n", ir->fw->code);
    index_heading(sb, ir->fw, lang, "i");
    if (!ir->res.included[u]) {
        strbuf_adds(sb, "<p>");
        esc(sb, tr(lang, "Institución excluida por disponibilidad de datos (filtrado): sin puntaje ni posición"));
        strbuf_adds(sb, ".</p>\n");
    }
    unit_figures(sb, rd, ir, u, lang);
    unit_profile(sb, rd, i, u, lang);
    if (ir->res.included[u])
        axes_table(sb, rd, ir, u, lang);
    unit_components(sb, rd, ir, u, lang);
    strbuf_adds(sb, "</section>\n");
}

static int page_unit(const struct site *s, int u, enum lang lang)
{
    const struct round_data *rd = s->rd;
    const struct institution *it = &rd->reg->items[u];
    const char *lc = lang_code(lang);
    struct strbuf sb;
    strbuf_init(&sb);
    char *file = xasprintf("institucion-%s.html", it->code);
    page_begin(&sb, s, lang, file, NAME(it, lang), NAV_NONE);
    strbuf_adds(&sb, "<h1>");
    esc(&sb, NAME(it, lang));
    strbuf_adds(&sb, "</h1>\n<p>");
    esc(&sb, tr(lang, "Código"));
    strbuf_adds(&sb, ": ");
    esc(&sb, it->code);
    if (it->group && *it->group) {
        strbuf_adds(&sb, " \xc2\xb7 ");
        esc(&sb, tr(lang, "Grupo"));
        strbuf_adds(&sb, ": ");
        esc(&sb, GROUP_NAME(it, lang));
    }
    strbuf_adds(&sb, "</p>\n");

    strbuf_adds(&sb, "<section aria-labelledby=\"descargas\">\n<h2 id=\"descargas\">");
    esc(&sb, tr(lang, "Descargas"));
    strbuf_adds(&sb, "</h2>\n<ul>\n");
    int any = 0;
    char *rel = xasprintf("instituciones/%s/ficha-%s-%d-%s.pdf", it->code, it->code, rd->year, lc);
    any += download(&sb, s, rel, tr(lang, "Ficha de la institución"), "PDF", lang);
    free(rel);
    rel = xasprintf("instituciones/%s/%s-%d-%s.xlsx", it->code, it->code, rd->year, lc);
    any += download(&sb, s, rel, tr(lang, "Libro de cálculo de la institución"), "XLSX", lang);
    free(rel);
    any += download(&sb, s, "datos/resultados.csv", tr(lang, "Resultados de todas las instituciones"),
                    "CSV", lang);
    any += download(&sb, s, "datos/indicadores.csv",
                    tr(lang, "Indicadores de todas las instituciones"), "CSV", lang);
    if (!any) {
        strbuf_adds(&sb, "<li>");
        esc(&sb, tr(lang, "No hay archivos para descargar en esta ronda."));
        strbuf_adds(&sb, "</li>\n");
    }
    strbuf_adds(&sb, "</ul>\n</section>\n");

    for (int i = 0; i < rd->n_idx; i++)
        unit_index(&sb, rd, i, u, lang);
    page_end(&sb, s, lang);
    rel = xasprintf("%s/%s", lc, file);
    int rc = write_page(s, rel, &sb);
    free(rel);
    free(file);
    strbuf_release(&sb);
    return rc;
}

/* One <li> per step, in the order the framework runs them. */
static void method_steps(struct strbuf *sb, const struct framework *fw, enum lang lang)
{
    const struct steps *st = &fw->steps;
    strbuf_adds(sb, "<ol>\n");
    for (int i = 0; i < st->n; i++) {
        const char *name = NULL;
        char *t = NULL;
        struct strbuf txt;
        strbuf_init(&txt);
        switch (st->order[i]) {
        case STEP_SCORE:
            name = "Puntuación";
            t = method_score_text(fw, lang);
            break;
        case STEP_DENOMINATE:
            name = "Denominación";
            t = method_denominate_text(fw, lang);
            break;
        case STEP_SCREEN:
            name = "Filtrado";
            t = method_screen_text(st, lang);
            break;
        case STEP_IMPUTE:
            name = "Imputación";
            t = method_impute_text(st, lang);
            break;
        case STEP_TREAT:
            name = "Tratamiento de valores atípicos";
            t = method_treat_text(st, lang);
            break;
        case STEP_NORMALISE:
            name = "Normalización";
            t = method_normalise_text(fw, lang);
            break;
        case STEP_AGGREGATE:
            name = "Agregación";
            t = method_aggregate_text(fw, lang);
            break;
        }
        /* the statements of method_text.h: the PDF and the workbook print the same */
        if (t)
            strbuf_adds(&txt, t);
        free(t);
        if (!name)
            BUG("step kind %d", (int)st->order[i]);
        strbuf_adds(sb, "<li><strong>");
        esc(sb, tr(lang, name));
        strbuf_adds(sb, "</strong>: ");
        esc(sb, txt.buf);
        strbuf_adds(sb, "</li>\n");
        strbuf_release(&txt);
    }
    char *rk = method_rank_text(fw, lang);   /* the PDF and the workbook print the same */
    strbuf_adds(sb, "<li><strong>");
    esc(sb, tr(lang, "Posiciones"));
    strbuf_adds(sb, "</strong>: ");
    esc(sb, rk);
    strbuf_adds(sb, "</li>\n</ol>\n");
    free(rk);
}

static void method_weights(struct strbuf *sb, const struct index_run *ir, enum lang lang)
{
    const struct framework *fw = ir->fw;
    char b[64];
    int *ord, *depth, n = framework_tree_order(fw, 1, &ord, &depth);
    strbuf_adds(sb, "<div class=\"marco-tabla\" tabindex=\"0\">\n<table>\n<caption>");
    esc(sb, fw->code);
    strbuf_adds(sb, ": ");
    esc(sb, tr(lang, "componentes y pesos"));
    strbuf_adds(sb, "</caption>\n<thead>\n<tr>");
    const char *heads[] = {"Componente", "Código", "Peso", "Peso en el índice", "Normalización"};
    for (int h = 0; h < 5; h++) {
        strbuf_adds(sb, "<th scope=\"col\">");
        esc(sb, tr(lang, heads[h]));
        strbuf_adds(sb, "</th>");
    }
    strbuf_adds(sb, "</tr>\n</thead>\n<tbody>\n");
    for (int q = 0; q < n; q++) {
        int k = ord[q];
        const struct node *nd = &fw->nodes[k];
        int dep = depth[q];
        strbuf_addf(sb, "<tr><th scope=\"row\" class=\"nivel-%d\">", dep + 1 > 5 ? 5 : dep + 1);
        esc(sb, NAME(nd, lang));
        strbuf_adds(sb, "</th><td>");
        esc(sb, nd->code);
        strbuf_adds(sb, "</td>");
        if (k == fw->root)
            strbuf_adds(sb, "<td class=\"num\">\xe2\x80\x94</td>");
        else
            strbuf_addf(sb, "<td class=\"num\">%s</td>", fmt_num(b, sizeof b, nd->weight, 2, lang));
        strbuf_addf(sb, "<td class=\"num\">%s %%</td><td>",
                    fmt_num(b, sizeof b, ir->res.eff_weight[k] * 100, 1, lang));
        if (nd->is_indicator)
            esc(sb, norm_method_label(compute_node_norm(fw, k), lang));
        strbuf_adds(sb, "</td></tr>\n");
    }
    strbuf_adds(sb, "</tbody>\n</table>\n</div>\n<p>");
    char *ew = method_eff_weight_text(fw, lang);   /* the PDF and the workbook print the same */
    esc(sb, ew);
    free(ew);
    strbuf_adds(sb, "</p>\n");
    free(ord);
    free(depth);
}

static void method_levels(struct strbuf *sb, const struct framework *fw, enum lang lang)
{
    const struct maturity *m = &fw->maturity;
    char b[64];
    if (m->n == 0)
        return;
    strbuf_adds(sb, "<div class=\"marco-tabla\" tabindex=\"0\">\n<table>\n<caption>");
    esc(sb, fw->code);
    strbuf_adds(sb, ": ");
    esc(sb, tr(lang, "niveles de madurez"));
    strbuf_adds(sb, "</caption>\n<thead>\n<tr>");
    const char *heads[] = {"Nivel", m->boundary_lower ? "Desde (sin incluir)" : "Desde (incluido)",
                           m->boundary_lower ? "Hasta (incluido)" : "Hasta (sin incluir)"};
    for (int h = 0; h < 3; h++) {
        strbuf_adds(sb, "<th scope=\"col\">");
        esc(sb, tr(lang, heads[h]));
        strbuf_adds(sb, "</th>");
    }
    strbuf_adds(sb, "</tr>\n</thead>\n<tbody>\n");
    int td = scale_decimals(fw->scale_min, fw->scale_max);
    for (int l = 0; l < m->n; l++) {
        strbuf_adds(sb, "<tr><th scope=\"row\">");
        esc(sb, level_name(fw, l, lang));
        strbuf_addf(sb, "</th><td class=\"num\">%s</td>",
                    fmt_num(b, sizeof b, l > 0 ? m->threshold[l - 1] : fw->scale_min, td, lang));
        /* at the scale's decimals: a 0-1 scale's 0.75 is not "0,8" */
        strbuf_addf(sb, "<td class=\"num\">%s</td></tr>\n",
                    l + 1 < m->n ? fmt_num(b, sizeof b, m->threshold[l], td, lang)
                                 : tr(lang, "sin límite"));
    }
    strbuf_adds(sb, "</tbody>\n</table>\n</div>\n<p>");
    char *t = method_levels_text(fw, lang);   /* the PDF and the workbook print the same */
    esc(sb, t);
    free(t);
    strbuf_adds(sb, "</p>\n");
}

static int page_method(const struct site *s, enum lang lang)
{
    const struct round_data *rd = s->rd;
    struct strbuf sb;
    strbuf_init(&sb);
    page_begin(&sb, s, lang, "metodologia.html", tr(lang, "Metodología"), NAV_METHOD);
    strbuf_adds(&sb, "<h1>");
    esc(&sb, tr(lang, "Metodología"));
    strbuf_adds(&sb, "</h1>\n<p>");
    esc(&sb, tr(lang, "Cada índice es un indicador compuesto construido según el Manual OCDE/JRC "
                      "sobre la construcción de indicadores compuestos, con los mismos métodos que "
                      "el paquete COINr. Las respuestas de cada institución se convierten en "
                      "indicadores, los indicadores se llevan a una escala común y se agregan con "
                      "pesos en componentes, hasta llegar al índice."));
    strbuf_adds(&sb, "</p>\n");
    for (int i = 0; i < rd->n_idx; i++) {
        const struct framework *fw = rd->idx[i].fw;
        strbuf_addf(&sb, "<section aria-labelledby=\"m-%s\">\n", fw->code);
        index_heading(&sb, fw, lang, "m");
        strbuf_adds(&sb, "<h3>");
        esc(&sb, tr(lang, "Pasos del cálculo"));
        strbuf_adds(&sb, "</h3>\n");
        method_steps(&sb, fw, lang);
        strbuf_adds(&sb, "<h3>");
        esc(&sb, tr(lang, "Componentes y pesos"));
        strbuf_adds(&sb, "</h3>\n<p>");
        esc(&sb, tr(lang, "El peso de cada componente es relativo a sus hermanos; el peso en el "
                          "índice es el producto de los pesos normalizados hasta la raíz."));
        strbuf_adds(&sb, "</p>\n");
        method_weights(&sb, &rd->idx[i], lang);
        if (fw->maturity.n > 0) {
            strbuf_adds(&sb, "<h3>");
            esc(&sb, tr(lang, "Niveles de madurez"));
            strbuf_adds(&sb, "</h3>\n");
            method_levels(&sb, fw, lang);
        }
        strbuf_adds(&sb, "</section>\n");
    }
    page_end(&sb, s, lang);
    char *rel = xasprintf("%s/metodologia.html", lang_code(lang));
    int rc = write_page(s, rel, &sb);
    free(rel);
    strbuf_release(&sb);
    return rc;
}

/* ======================================================================== */
/* Robustness                                                                */
/* ======================================================================== */

/* Each ranked institution's rank distribution over the simulations. */
static void robust_ranks(struct strbuf *sb, const struct round_data *rd,
                         const struct index_run *ir, enum lang lang)
{
    const struct uncertainty *ua = ir->ua;
    char b[64];
    strbuf_adds(sb, "<div class=\"marco-tabla\" tabindex=\"0\">\n<table class=\"ordenable\">\n<caption>");
    esc(sb, ir->fw->code);
    strbuf_adds(sb, ": ");
    esc(sb, tr(lang, "Robustez de las posiciones"));
    strbuf_adds(sb, "</caption>\n<thead>\n<tr>\n");
    th_sort(sb, "texto", publisher_unit_title(&rd->cfg->publisher, lang, 0), NULL);
    th_sort(sb, "num", tr(lang, "Posición"), " aria-sort=\"ascending\"");
    static const char *const head[] = {"Mediana de posición", "Posición 5 %", "Posición 95 %",
                                       "Prob. grupo superior", "Prob. grupo inferior"};
    for (int h = 0; h < 5; h++)
        th_sort(sb, "num", tr(lang, head[h]), NULL);
    strbuf_adds(sb, "</tr>\n</thead>\n<tbody>\n");
    int *order = xcalloc((size_t)ir->res.n_units + 1, sizeof *order);
    int n = uncertainty_ranked_units(ua, order);
    for (int k = 0; k < n; k++) {
        const struct ua_unit *uu = &ua->unit[order[k]];
        strbuf_adds(sb, "<tr><th scope=\"row\">");
        esc(sb, NAME(&rd->reg->items[order[k]], lang));
        strbuf_addf(sb, "</th><td class=\"num\" data-v=\"%d\">%d</td>", uu->nominal,
                    uu->nominal);
        const double v[] = {uu->median, uu->q05, uu->q95, uu->p_top, uu->p_bottom};
        for (int c = 0; c < 5; c++) {
            strbuf_adds(sb, "<td class=\"num\"");
            data_v(sb, v[c]);
            strbuf_addf(sb, ">%s</td>", fmt_num(b, sizeof b, v[c], c < 3 ? 1 : 2, lang));
        }
        strbuf_adds(sb, "</tr>\n");
    }
    free(order);
    strbuf_adds(sb, "</tbody>\n</table>\n</div>\n");
}

/* The first-order and total sensitivity indices with their intervals. */
static void robust_sensitivity(struct strbuf *sb, const struct index_run *ir, enum lang lang)
{
    const struct uncertainty *ua = ir->ua;
    static const char *const label[UA_N_FACTORS] = {
        "Pesos", "Método de normalización", "Método de agregación", "Método de imputación",
        "Exclusión de un indicador"};
    char b[64];
    strbuf_adds(sb, "<div class=\"marco-tabla\" tabindex=\"0\">\n<table>\n<caption>");
    esc(sb, ir->fw->code);
    strbuf_adds(sb, ": ");
    esc(sb, tr(lang, "índices de sensibilidad"));
    strbuf_adds(sb, "</caption>\n<thead>\n<tr>");
    static const char *const head[] = {"Factor", "Índice de primer orden", "Primer orden 5 %",
                                       "Primer orden 95 %", "Índice total", "Total 5 %",
                                       "Total 95 %"};
    for (int h = 0; h < 7; h++) {
        strbuf_adds(sb, "<th scope=\"col\">");
        esc(sb, tr(lang, head[h]));
        strbuf_adds(sb, "</th>");
    }
    strbuf_adds(sb, "</tr>\n</thead>\n<tbody>\n");
    for (int k = 0; k < ua->n_sens; k++) {
        const struct ua_sens *se = &ua->sens[k];
        strbuf_adds(sb, "<tr><th scope=\"row\">");
        esc(sb, tr(lang, label[se->factor]));
        strbuf_adds(sb, "</th>");
        const double v[] = {se->si, se->si_q05, se->si_q95, se->sti, se->sti_q05, se->sti_q95};
        for (int c = 0; c < 6; c++)
            strbuf_addf(sb, "<td class=\"num\">%s</td>", fmt_num(b, sizeof b, v[c], 3, lang));
        strbuf_adds(sb, "</tr>\n");
    }
    strbuf_adds(sb, "</tbody>\n</table>\n</div>\n");
}

/* robustez.html: per index, the uncertainty analysis's full specification
   (the statement of method_text.h the PDF, the workbook and datapackage.json
   print), the rank intervals and the sensitivity indices. */
static int page_robust(const struct site *s, enum lang lang)
{
    const struct round_data *rd = s->rd;
    struct strbuf sb;
    strbuf_init(&sb);
    page_begin(&sb, s, lang, "robustez.html", tr(lang, "Robustez"), NAV_ROBUST);
    strbuf_adds(&sb, "<h1>");
    esc(&sb, tr(lang, "Robustez de las posiciones"));
    strbuf_adds(&sb, "</h1>\n<p>");
    esc(&sb, tr(lang, "El análisis de incertidumbre recalcula cada índice muchas veces variando "
                      "decisiones discutibles (pesos, normalización, agregación, imputación, "
                      "indicadores incluidos). Un intervalo estrecho indica que la posición no "
                      "depende de esas decisiones."));
    strbuf_adds(&sb, "</p>\n");
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        strbuf_addf(&sb, "<section aria-labelledby=\"r-%s\">\n", ir->fw->code);
        index_heading(&sb, ir->fw, lang, "r");
        if (!ir->ua || !rd->cfg) {
            strbuf_adds(&sb, "<p>");
            esc(&sb, tr(lang, "El análisis de incertidumbre no se ejecutó."));
            strbuf_adds(&sb, "</p>\n</section>\n");
            continue;
        }
        struct ua_options uo;
        ua_options_from_config(&uo, rd->cfg);
        /* the PDF, the workbook and datapackage.json print the same */
        char *spec = method_uncertainty_text(ir->ua, &uo, lang);
        strbuf_adds(&sb, "<h3>");
        esc(&sb, tr(lang, "Análisis de incertidumbre"));
        strbuf_adds(&sb, "</h3>\n<p>");
        esc(&sb, spec);
        strbuf_adds(&sb, "</p>\n");
        free(spec);
        robust_ranks(&sb, rd, ir, lang);
        if (ir->ua->n_sens > 0)
            robust_sensitivity(&sb, ir, lang);
        strbuf_adds(&sb, "</section>\n");
    }
    page_end(&sb, s, lang);
    char *rel = xasprintf("%s/robustez.html", lang_code(lang));
    int rc = write_page(s, rel, &sb);
    free(rel);
    strbuf_release(&sb);
    return rc;
}

/* A table cell linking to a file of the round, or a dash if it is absent. */
static void file_cell(struct strbuf *sb, const struct site *s, const char *rel, const char *label,
                      enum lang lang)
{
    char b[64];
    long long size = round_file(s, rel);
    if (size < 0) {
        strbuf_adds(sb, "<td>\xe2\x80\x94</td>");
        return;
    }
    strbuf_adds(sb, "<td><a href=\"../../");
    esc(sb, rel);
    strbuf_adds(sb, "\">");
    esc(sb, label);
    strbuf_addf(sb, "</a> (%s\xc2\xa0kB)</td>", fmt_num(b, sizeof b, (double)size / 1000.0, 1, lang));
}

static int page_data(const struct site *s, enum lang lang)
{
    const struct round_data *rd = s->rd;
    const char *lc = lang_code(lang);
    struct strbuf sb;
    strbuf_init(&sb);
    page_begin(&sb, s, lang, "datos.html", tr(lang, "Datos abiertos"), NAV_DATA);
    strbuf_adds(&sb, "<h1>");
    esc(&sb, tr(lang, "Datos abiertos"));
    strbuf_adds(&sb, "</h1>\n<p>");
    esc(&sb, tr(lang, "Los resultados de la ronda en CSV (UTF-8) y JSON, descritos por un paquete "
                      "de datos Frictionless (datapackage.json) con el significado y el tipo de "
                      "cada columna."));
    char *licence =
        xasprintf(tr(lang, "Licencia: %s."), licence_of(s->rd->cfg)->phrase[lang]);
    strbuf_addc(&sb, ' ');
    esc(&sb, licence);
    free(licence);
    strbuf_adds(&sb, "</p>\n<p>");
    esc(&sb, tr(lang, "En los CSV, el texto que empieza por =, +, - o @ lleva delante un "
                      "apóstrofo para que ninguna hoja de cálculo lo ejecute como fórmula; los "
                      "JSON llevan el texto original."));
    strbuf_adds(&sb, "</p>\n<ul>\n");
    download(&sb, s, "datos/datapackage.json", tr(lang, "Descripción del paquete de datos"),
             "JSON", lang);
    strbuf_adds(&sb, "</ul>\n<div class=\"marco-tabla\" tabindex=\"0\">\n<table>\n<caption>");
    esc(&sb, tr(lang, "Tablas de datos abiertos"));
    strbuf_adds(&sb, "</caption>\n<thead>\n<tr>");
    const char *heads[] = {tr(lang, "Tabla"), tr(lang, "Contenido"), "CSV", "JSON"};
    for (int h = 0; h < 4; h++) {
        strbuf_adds(&sb, "<th scope=\"col\">");
        esc(&sb, heads[h]);
        strbuf_adds(&sb, "</th>");
    }
    strbuf_adds(&sb, "</tr>\n</thead>\n<tbody>\n");
    for (int t = 0; t < open_data_count(); t++) {
        strbuf_adds(&sb, "<tr><th scope=\"row\">");
        esc(&sb, open_data_title(t, lang));
        strbuf_adds(&sb, "</th><td>");
        esc(&sb, open_data_description(t, lang));
        strbuf_adds(&sb, "</td>");
        char *rel = xasprintf("datos/%s.csv", open_data_name(t));
        file_cell(&sb, s, rel, rel + 6, lang);
        free(rel);
        rel = xasprintf("datos/%s.json", open_data_name(t));
        file_cell(&sb, s, rel, rel + 6, lang);
        free(rel);
        strbuf_adds(&sb, "</tr>\n");
    }
    strbuf_adds(&sb, "</tbody>\n</table>\n</div>\n");

    strbuf_adds(&sb, "<h2>");
    esc(&sb, tr(lang, "Informes y libros de cálculo"));
    strbuf_adds(&sb, "</h2>\n<ul>\n");
    int any = 0;
    char *rel = xasprintf("informe-nacional-%d-%s.pdf", rd->year, lc);
    any += download(&sb, s, rel, tr(lang, "Informe nacional"), "PDF", lang);
    free(rel);
    rel = xasprintf("indigo-%d-%s.xlsx", rd->year, lc);
    any += download(&sb, s, rel, tr(lang, "Libro de cálculo de la ronda, con fórmulas"), "XLSX",
                    lang);
    free(rel);
    if (!any) {
        strbuf_adds(&sb, "<li>");
        esc(&sb, tr(lang, "No hay archivos para descargar en esta ronda."));
        strbuf_adds(&sb, "</li>\n");
    }
    strbuf_adds(&sb, "</ul>\n<p>");
    esc(&sb, tr(lang, "La ficha y el libro de cálculo de cada institución están en su página."));
    strbuf_adds(&sb, "</p>\n");
    page_end(&sb, s, lang);
    rel = xasprintf("%s/datos.html", lc);
    int rc = write_page(s, rel, &sb);
    free(rel);
    strbuf_release(&sb);
    return rc;
}

/* sitio/index.html: the choice of language (Spanish first, the default). */
static int page_root(const struct site *s)
{
    char *st = site_title(s->rd, LANG_ES);
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, "<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>");
    esc(&sb, st);
    strbuf_adds(&sb, "</title>\n<link rel=\"icon\" href=\"data:,\">\n"
                     "<link rel=\"stylesheet\" href=\"recursos/estilo.css\">\n</head>\n<body>\n");
    strbuf_adds(&sb, "<main id=\"contenido\">\n");
    if (s->rd->demo) {
        strbuf_adds(&sb, "<p class=\"demo\"><strong>");
        esc(&sb, tr(LANG_ES, "Datos de demostración"));
        strbuf_adds(&sb, "</strong> \xc2\xb7 <strong lang=\"en\">");
        esc(&sb, tr(LANG_EN, "Datos de demostración"));
        strbuf_adds(&sb, "</strong></p>\n");
    }
    strbuf_adds(&sb, "<h1>");
    esc(&sb, st);
    strbuf_adds(&sb, "</h1>\n<ul>\n<li><a href=\"es/index.html\" hreflang=\"es\">Español</a></li>\n"
                     "<li><a href=\"en/index.html\" hreflang=\"en\" lang=\"en\">English</a></li>\n"
                     "</ul>\n</main>\n</body>\n</html>\n");
    free(st);
    int rc = write_page(s, "index.html", &sb);
    strbuf_release(&sb);
    return rc;
}

/* ======================================================================== */
/* Public function                                                           */
/* ======================================================================== */

int render_site_begin(const struct round_data *rd, const char *out_dir, struct diag *d)
{
    struct site s = {rd, out_dir, d};
    /* pages index every result by registry position (round.h) */
    for (int i = 0; i < rd->n_idx; i++)
        if (rd->idx[i].res.n_units != rd->reg->n)
            BUG("index %s: %d units in the result, %d in the registry", rd->idx[i].fw->code,
                rd->idx[i].res.n_units, rd->reg->n);
    static const char *const dirs[] = {"recursos", "es", "en"};
    for (int i = 0; i < 3; i++) {
        char *p = xasprintf("%s/%s", out_dir, dirs[i]);
        int bad = mkdir_p(p) != 0;
        if (bad)
            diag_error(d, EX_CANTCREAT_, p, 0, 0, "cannot create the directory: %s",
                       strerror(errno));
        free(p);
        if (bad)
            return -1;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, css);
    int rc = write_page(&s, "recursos/estilo.css", &sb);
    strbuf_reset(&sb);
    strbuf_adds(&sb, js);
    if (rc == 0)
        rc = write_page(&s, "recursos/tablas.js", &sb);
    strbuf_release(&sb);
    if (rc == 0)
        rc = copy_logo(&s);
    if (rc == 0)
        rc = page_root(&s);
    return rc;
}

/* Per language: the home page, one page per institution, the methodology,
   the robustness and the data page. */
int render_site_pages(const struct round_data *rd)
{
    return LANG_COUNT * (rd->reg->n + 4);
}

int render_site_page(const struct round_data *rd, const char *out_dir, int i, struct diag *d)
{
    struct site s = {rd, out_dir, d};
    int per_lang = rd->reg->n + 4;
    if (i < 0 || i >= render_site_pages(rd))
        BUG("site page %d of %d", i, render_site_pages(rd));
    enum lang lang = (enum lang)(i / per_lang);
    int r = i % per_lang;
    if (r == 0)
        return page_home(&s, lang);
    if (r <= rd->reg->n)
        return page_unit(&s, r - 1, lang);
    if (r == rd->reg->n + 1)
        return page_method(&s, lang);
    return r == rd->reg->n + 2 ? page_robust(&s, lang) : page_data(&s, lang);
}

int render_site(const struct round_data *rd, const char *out_dir, struct diag *d)
{
    int rc = render_site_begin(rd, out_dir, d);
    for (int i = 0; i < render_site_pages(rd) && rc == 0; i++)
        rc = render_site_page(rd, out_dir, i, d);
    return rc;
}
