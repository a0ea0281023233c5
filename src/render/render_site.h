/*
 * render_site.h — the round's static web site (reports/<year>/sitio/).
 *
 * Plain HTML, one small CSS file and one small vanilla-JS file (sortable
 * tables); no framework, no web font, no request to any other host, so the
 * site works from file:// and from any static host.  Layout:
 *
 *   sitio/index.html             language choice (es / en)
 *   sitio/recursos/estilo.css    styles
 *   sitio/recursos/tablas.js     sortable tables (headers become buttons)
 *   sitio/LANG/index.html        the rankings of every index: inline SVG bar
 *                                chart + sortable table
 *   sitio/LANG/institucion-CODE.html   one per institution: its figures per
 *                                index, a chart of its pillars against the
 *                                national mean, every component, downloads
 *   sitio/LANG/metodologia.html  steps, weights, maturity levels
 *   sitio/LANG/robustez.html     the uncertainty analysis: its full specification,
 *                                rank intervals, sensitivity indices
 *   sitio/LANG/datos.html        the open data and the other downloads
 *
 * LANG is "es" and "en" (both always written; each page links to the same
 * page in the other language).  Every text from the data is HTML-escaped.
 * Pages say «datos de demostración» when rd->demo.
 *
 * Downloads are relative links into the round directory (the parent of
 * out_dir): ../../datos/..., ../../instituciones/CODE/ficha-CODE-YEAR-LANG.pdf,
 * ../../instituciones/CODE/CODE-YEAR-LANG.xlsx, ../../indigo-YEAR-LANG.xlsx,
 * ../../informe-nacional-YEAR-LANG.pdf.  A link is written only if its file
 * exists when render_site() runs, so no link is ever broken: call it last,
 * after render_open_data() and the other renderers have written the round.
 */
#ifndef INDIGO_RENDER_SITE_H
#define INDIGO_RENDER_SITE_H

#include "error.h"
#include "model.h"
#include "round.h"

/* Write the site into out_dir (created if needed; it must be "sitio" inside
   the round directory, see above).  Output bytes depend only on the round
   data and on which download files exist.  0, or -1 with the reason in d
   (EX_CANTCREAT / EX_IOERR). */
int render_site(const struct round_data *rd, const char *out_dir, struct diag *d);

/* The same in parts, so the pages can be spread over processes: begin
   (directories, style, script, the language choice), then every page
   0 .. render_site_pages() - 1, in any order, each on its own. */
int render_site_begin(const struct round_data *rd, const char *out_dir, struct diag *d);
int render_site_pages(const struct round_data *rd);
int render_site_page(const struct round_data *rd, const char *out_dir, int i, struct diag *d);

/* The tables render_open_data() writes (render_csv.c), in the order of
   datapackage.json: table i is datos/NAME.csv and datos/NAME.json. */
int open_data_count(void);
const char *open_data_name(int i);                       /* e.g. "resultados" */
const char *open_data_title(int i, enum lang lang);
const char *open_data_description(int i, enum lang lang);

#endif
