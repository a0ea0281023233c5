/*
 * pdf_fonts.c — code page 1252 fonts, and UTF-8 ones when needed
 * (pdf_fonts.h).
 */
#include "pdf_fonts.h"

#include <stdlib.h>
#include <string.h>

#include "wrap.h"
#include "xalloc.h"

/* Code points below this are measured once and remembered; code page 1252
   reaches U+2122 (™), so every character it has is below. */
#define CACHED_CP 0x2200

struct pdf_fonts {
    HPDF_Doc pdf;
    const char *name[2];       /* libharu's names of the loaded files          */
    HPDF_Font cp1252[2];       /* regular, bold                                */
    HPDF_Font utf8[2];         /* NULL until text outside code page 1252      */
    unsigned char byte[CACHED_CP];   /* code point -> CP1252 byte; 0: none     */
    int *width[2];             /* per code point, 1/1000 em; -1 not measured  */
};

struct pdf_fonts *pdf_fonts_load(HPDF_Doc pdf, const char *regular_ttf, const char *bold_ttf)
{
    struct pdf_fonts *f = xcalloc(1, sizeof *f);
    f->pdf = pdf;
    const char *file[2] = {regular_ttf, bold_ttf};
    for (int b = 0; b < 2; b++) {
        f->name[b] = HPDF_LoadTTFontFromFile(pdf, file[b], HPDF_TRUE);
        f->cp1252[b] = f->name[b] ? HPDF_GetFont(pdf, f->name[b], HPDF_ENCODING_CP1252) : NULL;
        if (!f->cp1252[b]) {
            pdf_fonts_free(f);
            return NULL;
        }
        f->width[b] = xmalloc(CACHED_CP * sizeof *f->width[b]);
        for (int i = 0; i < CACHED_CP; i++)
            f->width[b][i] = -1;
    }
    /* The byte for each character, from libharu's own table of the code
       page, so the two cannot disagree.  Codes below 0x20 are controls. */
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, HPDF_ENCODING_CP1252);
    for (unsigned code = 0x20; enc && code <= 0xFF; code++) {
        HPDF_UNICODE u = HPDF_Encoder_GetUnicode(enc, (HPDF_UINT16)code);
        if (u >= 0x20 && u < CACHED_CP && !f->byte[u])
            f->byte[u] = (unsigned char)code;
    }
    return f;
}

void pdf_fonts_free(struct pdf_fonts *f)
{
    if (!f)
        return;
    free(f->width[0]);
    free(f->width[1]);
    free(f);
}

/* The UTF-8 font of a face, made on first use; NULL if libharu failed. */
static HPDF_Font utf8_font(struct pdf_fonts *f, int bold)
{
    if (!f->utf8[bold])
        f->utf8[bold] = HPDF_GetFont(f->pdf, f->name[bold], "UTF-8");
    return f->utf8[bold];
}

/* The character at p: its length in *n (shortened if the string ends
   inside it: libharu then takes what is there), and its code point, or
   CACHED_CP for a sequence cut short or a stray byte. */
static unsigned decode(const unsigned char *p, size_t *n)
{
    size_t len = utf8_seq_len(*p);
    if (len == 1) {
        *n = 1;
        return *p < 0x80 ? *p : CACHED_CP;
    }
    unsigned cp = *p & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if (!p[i]) {
            *n = i;
            return CACHED_CP;
        }
        cp = cp << 6 | (p[i] & 0x3F);
    }
    *n = len;
    return cp;
}

/* Width of one character in 1/1000 em, as libharu measures it. */
static int char_width(struct pdf_fonts *f, int bold, const unsigned char *p, unsigned cp,
                      size_t n)
{
    int *slot = cp < CACHED_CP ? &f->width[bold][cp] : NULL;
    if (slot && *slot >= 0)
        return *slot;
    HPDF_TextWidth tw;
    if (cp < CACHED_CP && f->byte[cp]) {
        unsigned char byte = f->byte[cp];
        tw = HPDF_Font_TextWidth(f->cp1252[bold], &byte, 1);
    } else {
        HPDF_Font u = utf8_font(f, bold);
        if (!u)
            return 0;
        tw = HPDF_Font_TextWidth(u, p, (HPDF_UINT)n);
    }
    if (slot)
        *slot = (int)tw.width;
    return (int)tw.width;
}

double pdf_fonts_width(struct pdf_fonts *f, int bold, double size, const char *s)
{
    bold = bold != 0;
    long units = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n;
        unsigned cp = decode(p, &n);
        units += char_width(f, bold, p, cp, n);
        p += n;
    }
    return (double)units * size / 1000.0;
}

/* s in code page 1252, in out (room for strlen(s) + 1); 0 if some character
   has no byte there. */
static int to_cp1252(const struct pdf_fonts *f, const char *s, char *out)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n;
        unsigned cp = decode(p, &n);
        if (cp >= CACHED_CP || !f->byte[cp])
            return 0;
        *out++ = (char)f->byte[cp];
        p += n;
    }
    *out = '\0';
    return 1;
}

void pdf_fonts_show(struct pdf_fonts *f, HPDF_Page page, int bold, double size, const char *s)
{
    bold = bold != 0;
    char small[256];
    size_t len = strlen(s);
    char *bytes = len < sizeof small ? small : xmalloc(len + 1);
    if (to_cp1252(f, s, bytes)) {
        HPDF_Page_SetFontAndSize(page, f->cp1252[bold], (HPDF_REAL)size);
        HPDF_Page_ShowText(page, bytes);
    } else if (utf8_font(f, bold)) {
        HPDF_Page_SetFontAndSize(page, f->utf8[bold], (HPDF_REAL)size);
        HPDF_Page_ShowText(page, s);
    }
    if (bytes != small)
        free(bytes);
}
