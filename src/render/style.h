/*
 * style.h — the look the charts and the PDFs share: one palette and one set
 * of font files, so a chart drawn on a PDF page and the page around it read
 * as one document, and the fonts are named in one place.
 */
#ifndef INDIGO_STYLE_H
#define INDIGO_STYLE_H

#include <stddef.h>

struct rgb { double r, g, b; };

/* ---- Colours ------------------------------------------------------------ */
/* Okabe & Ito (2008), safe for the common forms of colour blindness. */
extern const struct rgb STYLE_BLUE;        /* an institution's bars and marks  */
extern const struct rgb STYLE_VERMILLION;  /* losses, the demo mark on charts  */
extern const struct rgb STYLE_TEXT;        /* text, charts and pages alike     */
extern const struct rgb STYLE_GREY;        /* charts: axes, ticks, notes       */
extern const struct rgb STYLE_NODATA;      /* charts: a cell without a value   */
extern const struct rgb STYLE_GRID;        /* charts: gridlines of the axes    */
extern const struct rgb STYLE_GRID_LIGHT;  /* charts: the rank intervals' grid */
extern const struct rgb STYLE_LINK;        /* charts: an institution to its mean */
extern const struct rgb STYLE_PANEL;       /* charts: the rank intervals' panel */
extern const struct rgb STYLE_WHITE;
/* The page around the charts. */
extern const struct rgb STYLE_HEAD;        /* dark Okabe–Ito blue: headings, cover */
extern const struct rgb STYLE_RULE;        /* rules under tables and footers   */
extern const struct rgb STYLE_TABLE_HEAD;  /* fill of a table's head           */
extern const struct rgb STYLE_ZEBRA;       /* every other row of a table       */
/* The page's small print and its demo mark were written to two and three
   decimals before this table: 0.42 grey (the charts' is 0.45) and
   {0.835, 0.369, 0}, the charts' vermillion rounded.  They stay as they
   are because a PDF records colours to five decimals, so making them equal
   changes the reports' bytes (though nothing anyone can see): a change to
   make together with other output changes, not inside a refactoring. */
extern const struct rgb STYLE_PAGE_GREY;
extern const struct rgb STYLE_PAGE_VERMILLION;

/* ---- Fonts -------------------------------------------------------------- */
/* Regular and bold TrueType files, in order of preference: Liberation Sans
   first (Arial's metrics, the look of the government's documents), DejaVu
   Sans if it is missing.  Charts and PDFs take the first pair whose two
   files load. */
struct style_font { const char *regular, *bold; };
extern const struct style_font style_fonts[];
extern const size_t style_n_fonts;

#endif
