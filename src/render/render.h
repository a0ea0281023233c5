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

/* ---- workbook ---------------------------------------------------------- */
/* Rows a worksheet holds: Excel's 1,048,576 (LibreOffice's too).  A round
   whose answers do not fit one sheet gets a note in place of the Respuestas
   rows; a round whose Indicadores would not fit gets no round workbook, with
   a warning (the same values are in the open data).  Tests set it lower. */
extern unsigned long render_xlsx_sheet_rows;
/* Rows above which a sheet of the round workbook is written in
   libxlsxwriter's constant_memory mode, rows in order (render_xlsx.c); tests
   lower it. */
extern unsigned long render_xlsx_stream_rows;

int render_workbook(const struct round_data *rd, enum lang lang, const char *path,
                    struct diag *d);
int render_institution_workbook(const struct round_data *rd, int unit, enum lang lang,
                                const char *path, struct diag *d);

/* ---- charts ------------------------------------------------------------ */
/* A chart with a row per institution (the ranking, heatmap, change and rank
   intervals here, the round workbook's ranking chart) has a row for each up
   to CHART_ROWS_ALL institutions; a larger round shows the first and the
   last CHART_ROWS_END of the order, with one row between that says which
   positions are left out and where they all are. */
#define CHART_ROWS_ALL 400
#define CHART_ROWS_END 100
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
/* The second view: each institution's axis scores and the national mean per
   axis (needs a framework with axes). */
int chart_axes(const struct round_data *rd, int idx, enum lang lang, const char *base, int dpi,
               struct diag *d);

/* The national figure of the index and of each pillar, a bar each over the
   maturity bands; and the national figure in each round the model holds
   (the previous stored round, if any, and this one). */
int chart_national(const struct round_data *rd, int idx, enum lang lang, const char *base,
                   int dpi, struct diag *d);
int chart_trend(const struct round_data *rd, int idx, enum lang lang, const char *base, int dpi,
                struct diag *d);

/* The same charts by kind, for drawing them on another canvas (the PDFs). */
enum chart_kind {
    CHART_RANKING, CHART_PROFILE, CHART_HEATMAP, CHART_CHANGE, CHART_INTERVALS, CHART_AXES,
    CHART_NATIONAL, CHART_TREND,
    CHART_CARD               /* the scorecard's compact profile: no title, the
                                earlier round's score and the change too   */
};
struct chart_ref {
    enum chart_kind kind;
    int idx;                 /* index run in round_data                      */
    int unit;                /* the institution, for CHART_PROFILE and _CARD */
};
#define CHART_WIDTH 495.0    /* points: the charts' own width                */
struct canvas;
/* 1 if the chart can be drawn: change needs a previous round, intervals the
   uncertainty analysis, axes a framework with axes. */
int chart_applies(const struct round_data *rd, const struct chart_ref *ref);
int chart_write(const struct round_data *rd, const struct chart_ref *ref, enum lang lang,
                const char *base, int dpi, struct diag *d);
/* Draw on cv, CHART_WIDTH points wide.  height is the chart's height, known
   from an earlier call; with 0 the parts sized by it (the watermark) are
   left out, which is how a chart is laid out on a canvas that only
   measures.  Returns the height the chart takes (rounded up), or -1 with
   the reason in d. */
double chart_draw(const struct round_data *rd, const struct chart_ref *ref, enum lang lang,
                  struct canvas *cv, double height, struct diag *d);
/* A chart with a row per institution (ranking, heatmap, change, rank
   intervals) has chart_rows rows (0 for the others); chart_draw_rows draws
   rows row0 .. row0 + nrows - 1 of it with its title, key, axis and
   legend, so a report can split a long chart across pages and keep its
   text at the size it is drawn. */
int chart_rows(const struct round_data *rd, const struct chart_ref *ref);
double chart_draw_rows(const struct round_data *rd, const struct chart_ref *ref, enum lang lang,
                       struct canvas *cv, double height, int row0, int nrows, struct diag *d);

/* ---- PDF --------------------------------------------------------------- */
/* The charts are drawn into the PDFs as vector graphics (the same drawing
   as the PNG and SVG files, see chart_draw); charts = 0 leaves them out.  A
   chart that does not apply (no previous round, no uncertainty run) is
   simply absent. */
int render_national_pdf(const struct round_data *rd, enum lang lang,
                        int charts, const char *path, struct diag *d);
int render_scorecard_pdf(const struct round_data *rd, int unit, enum lang lang,
                         int charts, const char *path, struct diag *d);

/* ---- open data --------------------------------------------------------- */
int render_open_data(const struct round_data *rd, const char *dir, struct diag *d);

#endif
