/*
 * pdf_canvas.h — a canvas (canvas.h) drawing onto a libharu page, so the
 * reports carry the charts as vector graphics.
 *
 * The chart's top-left corner goes to (x, y_top) on the page (points, y from
 * the top of the page, as render_pdf.c's flow counts), scaled by k.  With
 * page NULL the canvas only measures text: charts lay themselves out on it to
 * learn their height.  Everything drawn sits between a q/Q pair, so a chart
 * leaves the page's colour, line width, dash and transparency as it found
 * them.
 */
#ifndef INDIGO_PDF_CANVAS_H
#define INDIGO_PDF_CANVAS_H

#include <hpdf.h>

#include "canvas.h"
#include "pdf_fonts.h"

/* Text is set in fonts (see pdf_fonts.h).  pdf_canvas_close() releases what
   open allocated. */
struct canvas pdf_canvas_open(HPDF_Doc pdf, HPDF_Page page, struct pdf_fonts *fonts,
                              double page_h, double x, double y_top, double k);
void pdf_canvas_close(struct canvas *cv);

#endif
