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

struct text_widths;

/* fonts[0] regular, fonts[1] bold; widths (may be NULL) caches their advance
   widths.  pdf_canvas_close() releases what open allocated. */
struct canvas pdf_canvas_open(HPDF_Doc pdf, HPDF_Page page, HPDF_Font fonts[2],
                              struct text_widths *widths, double page_h, double x,
                              double y_top, double k);
void pdf_canvas_close(struct canvas *cv);

/* Advance widths of text in a libharu font, cached per code point: libharu
   looks each glyph up with a linear search through the font's cmap, which
   made measuring text for word-wrapping a tenth of a report's time. */
struct text_widths *text_widths_new(HPDF_Font regular, HPDF_Font bold);
void text_widths_free(struct text_widths *w);
/* Width of UTF-8 s at size points, as HPDF_Font_TextWidth would give. */
double text_widths_measure(struct text_widths *w, int bold, double size, const char *s);

#endif
