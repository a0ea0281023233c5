/*
 * test_pdf_fontdata.c — the font data deflated once per subset
 * (pdf_fontdata.h) gives the bytes libharu alone writes.
 *
 * Each document is made twice over: through pdf_fonts (which reuses the
 * deflated subsets) and through libharu's own calls in the same order
 * (HPDF_LoadTTFontFromFile, HPDF_GetFont with code page 1252), and the two
 * saved files must be equal byte for byte, for a subset met for the first
 * time and for one met again.
 */
#include <hpdf.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_fontdata.h"
#include "pdf_fonts.h"
#include "style.h"
#include "tap.h"

struct bytes {
    unsigned char *p;
    size_t n;
};

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *data)
{
    (void)data;
    fprintf(stderr, "libharu error %04X (%u)\n", (unsigned)e, (unsigned)detail);
}

static HPDF_Doc new_doc(void)
{
    HPDF_Doc pdf = HPDF_New(on_error, NULL);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    return pdf;
}

static struct bytes saved(HPDF_Doc pdf)
{
    struct bytes b = {NULL, 0};
    if (HPDF_SaveToStream(pdf) != HPDF_OK)
        return b;
    b.n = HPDF_GetStreamSize(pdf);
    b.p = malloc(b.n ? b.n : 1);
    HPDF_UINT32 n = (HPDF_UINT32)b.n;
    HPDF_ResetStream(pdf);
    if (HPDF_ReadFromStream(pdf, b.p, &n) != HPDF_OK && n != b.n)
        b.n = 0;
    return b;
}

/* lines[] (ASCII, so the same bytes in code page 1252) in both faces. */
static struct bytes through_pdf_fonts(const char *const *lines, int n)
{
    HPDF_Doc pdf = new_doc();
    struct pdf_fonts *f = pdf_fonts_load(pdf, style_fonts[0].regular, style_fonts[0].bold);
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_BeginText(page);
    for (int i = 0; i < n; i++) {
        HPDF_Page_MoveTextPos(page, 0, -20);
        pdf_fonts_show(f, page, i % 2, 12, lines[i]);
    }
    HPDF_Page_EndText(page);
    struct bytes b = saved(pdf);
    pdf_fonts_free(f);
    HPDF_Free(pdf);
    return b;
}

static struct bytes through_libharu(const char *const *lines, int n)
{
    HPDF_Doc pdf = new_doc();
    HPDF_Font font[2];
    const char *file[2] = {style_fonts[0].regular, style_fonts[0].bold};
    for (int b = 0; b < 2; b++)
        font[b] = HPDF_GetFont(pdf, HPDF_LoadTTFontFromFile(pdf, file[b], HPDF_TRUE),
                               HPDF_ENCODING_CP1252);
    HPDF_GetEncoder(pdf, HPDF_ENCODING_CP1252);
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_BeginText(page);
    for (int i = 0; i < n; i++) {
        HPDF_Page_MoveTextPos(page, 0, -20);
        HPDF_Page_SetFontAndSize(page, font[i % 2], 12);
        HPDF_Page_ShowText(page, lines[i]);
    }
    HPDF_Page_EndText(page);
    struct bytes b = saved(pdf);
    HPDF_Free(pdf);
    return b;
}

static int same(struct bytes a, struct bytes b)
{
    return a.n > 0 && a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

int main(void)
{
    static const char *const one[] = {"Ministerio de Finanzas Publicas", "Indice 67.5"};
    static const char *const other[] = {"Secretaria de Planificacion", "Rango 12 de 60 (Q)"};

    struct bytes a1 = through_pdf_fonts(one, 2);
    struct pdf_fontdata_stats s = pdf_fontdata_stats();
    is_int(s.deflated, 2, "first document: both faces' subsets deflated");
    is_int(s.reused, 0, "first document: nothing to reuse");
    struct bytes a2 = through_pdf_fonts(one, 2);
    s = pdf_fontdata_stats();
    is_int(s.reused, 2, "same text again: both subsets reused");
    is_int(s.deflated, 2, "same text again: nothing deflated");
    struct bytes b = through_libharu(one, 2);
    ok(a1.n > 1000, "a PDF was written (%zu bytes)", a1.n);
    ok(same(a1, b), "first document: the bytes libharu alone writes");
    ok(same(a2, b), "reused subsets: the bytes libharu alone writes");

    struct bytes c = through_pdf_fonts(other, 2);
    s = pdf_fontdata_stats();
    is_int(s.deflated, 4, "other letters: new subsets deflated");
    struct bytes d = through_libharu(other, 2);
    ok(same(c, d), "other letters: the bytes libharu alone writes");
    ok(!same(a1, c), "other letters: another file");
    free(a1.p);
    free(a2.p);
    free(b.p);
    free(c.p);
    free(d.p);
    return tap_done();
}
