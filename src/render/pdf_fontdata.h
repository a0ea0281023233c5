/*
 * pdf_fontdata.h — the font data a PDF embeds, deflated once per process
 * for each distinct subset.
 *
 * Every scorecard embeds the subset of the two faces its text uses, about
 * 66 KB each, deflated by libharu at save: three fifths of a scorecard's
 * processor time.  Institutions' scorecards mostly use the same letters, so
 * the same subset recurs; deflate is a function of its input, so a subset
 * deflated once gives the bytes libharu would write again.  The PDFs are
 * byte for byte what libharu alone writes (tests: the demo round's reports
 * compared with `diff -r` across the change; pdf_fontdata in test_pdf).
 */
#ifndef INDIGO_PDF_FONTDATA_H
#define INDIGO_PDF_FONTDATA_H

#include <hpdf.h>

/* Have font (a simple TrueType font of libharu 2.3/2.4, embedded) take its
   deflated font data from the cache when the document is saved. */
void pdf_fontdata_reuse(HPDF_Font font);

/* What the cache did in this process (for tests). */
struct pdf_fontdata_stats {
    long deflated, reused;
};
struct pdf_fontdata_stats pdf_fontdata_stats(void);

#endif
