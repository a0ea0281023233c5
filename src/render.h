/*
 * render.h — the outputs of a round.  Each renderer lives in its own file and
 * is the only file that includes its library's header:
 *
 *   render_xlsx.c   libxlsxwriter: the round workbook and one per institution
 *   render_pdf.c    libharu: the national report and the scorecards
 *   render_chart.c  cairo: charts as PNG (print resolution) and SVG
 *   render_csv.c    open data: CSV + JSON + datapackage.json
 *
 * Every function writes the file(s) it is given (inside the staging directory
 * of atomic_file.h), returns 0, or -1 with the reason recorded in d
 * (EX_CANTCREAT / EX_IOERR).  Output bytes depend only on the round data:
 * fixed timestamps, stable ordering.
 */
#ifndef INDIGO_RENDER_H
#define INDIGO_RENDER_H

#include "error.h"
#include "model.h"
#include "round.h"

/* The fixed creation date stamped in every output (xlsx core.xml, PDF info):
   1 January of the round's year, 00:00 UTC. */
long long round_timestamp(int year);

/* ---- workbook ---------------------------------------------------------- */
int render_workbook(const struct round_data *rd, enum lang lang, const char *path,
                    struct diag *d);
int render_institution_workbook(const struct round_data *rd, int unit, enum lang lang,
                                const char *path, struct diag *d);

/* ---- charts ------------------------------------------------------------ */
/* Each writes base.png (at dpi, for print) and base.svg. */
int chart_ranking(const struct round_data *rd, int idx, enum lang lang,
                  const char *base, int dpi, struct diag *d);
int chart_profile(const struct round_data *rd, int idx, int unit, enum lang lang,
                  const char *base, int dpi, struct diag *d);
int chart_heatmap(const struct round_data *rd, int idx, enum lang lang,
                  const char *base, int dpi, struct diag *d);
int chart_change(const struct round_data *rd, int idx, enum lang lang,
                 const char *base, int dpi, struct diag *d);      /* needs a previous round */
int chart_rank_intervals(const struct round_data *rd, int idx, enum lang lang,
                         const char *base, int dpi, struct diag *d); /* needs uncertainty */

/* ---- PDF --------------------------------------------------------------- */
/* chart_dir holds the PNGs made by the chart functions, so the PDFs embed the
   same charts the round publishes.  Names (base without extension), with FW the
   framework code, UNIT the institution code and LANG "es"/"en":
     ranking-FW-LANG  heatmap-FW-LANG  change-FW-LANG  intervals-FW-LANG
     profile-FW-UNIT-LANG
   A chart that does not apply (no previous round, no uncertainty run) is
   simply absent; the PDF then omits it. */
int render_national_pdf(const struct round_data *rd, enum lang lang,
                        const char *chart_dir, const char *path, struct diag *d);
int render_scorecard_pdf(const struct round_data *rd, int unit, enum lang lang,
                         const char *chart_dir, const char *path, struct diag *d);

/* ---- open data --------------------------------------------------------- */
int render_open_data(const struct round_data *rd, const char *dir, struct diag *d);

#endif
