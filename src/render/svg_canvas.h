/*
 * svg_canvas.h — a canvas (canvas.h) that writes SVG.
 *
 * Text stays text (<text> in Liberation Sans, whose metrics are Arial's, with
 * Arial and Helvetica as fallbacks): the file is a few kilobytes instead of
 * the glyph outlines cairo's SVG surface writes, a screen reader or a search
 * can read it, and an analyst can edit a label in Inkscape.  Text is measured
 * by another canvas (the cairo one that lays out the PNG), so both files have
 * the same layout.  Numbers are written with two decimals at most, so the
 * bytes depend only on the drawing.
 */
#ifndef INDIGO_SVG_CANVAS_H
#define INDIGO_SVG_CANVAS_H

#include "canvas.h"
#include "strbuf.h"

/* Start an SVG of w x h points into out; measure measures text; title and
   desc (either may be NULL) become the <title> and <desc> that screen
   readers and file browsers show.  svg_canvas_close() ends the document and
   releases the canvas. */
struct canvas svg_canvas_open(struct strbuf *out, double w, double h, struct canvas *measure,
                              const char *title, const char *desc);
void svg_canvas_close(struct canvas *cv);

#endif
