/*
 * pdf_fonts.h — the two faces of a PDF's text (regular and bold), measuring
 * UTF-8 text and showing it on libharu pages.
 *
 * Why two fonts per face: libharu's UTF-8 route makes each TrueType font a
 * CID font, and building one maps all 65,536 code points to glyphs with a
 * linear search of the font's cmap: about 5 ms per face per document, a
 * third of a scorecard's time.  Spanish and English text, with every accent,
 * ñ, ¿, ¡, «», the dashes and the euro sign, lies within Windows code page
 * 1252, which libharu sets in a simple TrueType font of 256 codes, so that is
 * the font text uses.  Text with a character outside it (a Mayan-language
 * name with ʼ, say) is shown in the UTF-8 font, made the first time one is
 * needed.  Both embed the same file, so the glyphs look the same.
 */
#ifndef INDIGO_PDF_FONTS_H
#define INDIGO_PDF_FONTS_H

#include <hpdf.h>

struct pdf_fonts;

/* Load the regular and bold TrueType files into pdf (embedded).  NULL when
   libharu refused them (its error handler has been told why).  The document
   must have called HPDF_UseUTFEncodings() (once: a second call is an error),
   as it needs for UTF-8 bookmarks and document information anyway. */
struct pdf_fonts *pdf_fonts_load(HPDF_Doc pdf, const char *regular_ttf, const char *bold_ttf);
void pdf_fonts_free(struct pdf_fonts *f);

/* Advance width of UTF-8 s at size points; widths are cached per code point
   (libharu looks each glyph up with a linear search of the cmap). */
double pdf_fonts_width(struct pdf_fonts *f, int bold, double size, const char *s);

/* Set the face and size and show UTF-8 s at the current text position:
   between HPDF_Page_BeginText and HPDF_Page_EndText. */
void pdf_fonts_show(struct pdf_fonts *f, HPDF_Page page, int bold, double size, const char *s);

#endif
