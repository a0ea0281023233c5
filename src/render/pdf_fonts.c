/*
 * pdf_fonts.c — code page 1252 fonts, and UTF-8 ones when needed
 * (pdf_fonts.h).
 */
#include "pdf_fonts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "pdf_fontdata.h"
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

/*
 * The font files, read once per process.  Every PDF embeds the two faces,
 * and libharu's own file reader reads a face with hundreds of seeks and
 * small reads per document, at load and again at save (a third of a
 * scorecard's system calls).  A face is read here from memory through a
 * callback stream instead, and registered as HPDF_LoadTTFontFromFile does
 * (hpdf_doc.c, LoadTTFontFromStream in libharu 2.3 and 2.4): the same font
 * definition, the same subset tag, the same bytes in the PDF.
 */
static _Thread_local struct font_file {
    const char *path;        /* the caller's (style_fonts: static) */
    unsigned char *data;
    size_t n;
} font_files[4];

static const struct font_file *font_file(const char *path)
{
    for (size_t i = 0; i < sizeof font_files / sizeof font_files[0]; i++) {
        struct font_file *ff = &font_files[i];
        if (ff->path && strcmp(ff->path, path) == 0)
            return ff;
        if (!ff->path) {
            size_t n;
            char *data = read_file(path, &n);
            if (!data || n == 0 || n > INT32_MAX) {
                free(data);
                return NULL;
            }
            *ff = (struct font_file){path, (unsigned char *)data, n};
            return ff;
        }
    }
    return NULL;
}

struct font_cursor {
    const struct font_file *ff;
    size_t pos;
};

/* As libharu's file reader: the bytes asked for, the rest zeroed and
   HPDF_STREAM_EOF when the file ends first. */
static HPDF_STATUS fc_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *siz)
{
    struct font_cursor *c = s->attr;
    size_t left = c->pos < c->ff->n ? c->ff->n - c->pos : 0;
    size_t got = *siz < left ? *siz : left;
    memcpy(ptr, c->ff->data + c->pos, got);
    c->pos += got;
    if (got < *siz) {
        memset(ptr + got, 0, *siz - got);
        *siz = (HPDF_UINT)got;
        return HPDF_STREAM_EOF;
    }
    return HPDF_OK;
}

static HPDF_STATUS fc_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    struct font_cursor *c = s->attr;
    long long base = mode == HPDF_SEEK_CUR ? (long long)c->pos
                     : mode == HPDF_SEEK_END ? (long long)c->ff->n : 0;
    if (base + pos < 0)
        return HPDF_SetError(s->error, HPDF_FILE_IO_ERROR, 0);
    c->pos = (size_t)(base + pos);
    return HPDF_OK;
}

static HPDF_INT32 fc_tell(HPDF_Stream s)
{
    const struct font_cursor *c = s->attr;
    return (HPDF_INT32)c->pos;
}

static HPDF_UINT32 fc_size(HPDF_Stream s)
{
    const struct font_cursor *c = s->attr;
    return (HPDF_UINT32)c->ff->n;
}

static void fc_free(HPDF_Stream s)
{
    free(s->attr);
}

/* The face in path embedded in pdf: libharu's name of it, or NULL. */
static const char *load_face(HPDF_Doc pdf, const char *path)
{
    const struct font_file *ff = font_file(path);
    if (!ff)   /* libharu reports what is wrong with the file */
        return HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
    struct font_cursor *c = xcalloc(1, sizeof *c);
    c->ff = ff;
    HPDF_Stream s = HPDF_CallbackReader_New(pdf->mmgr, fc_read, fc_seek, fc_tell, fc_size, c);
    if (!s) {
        free(c);
        return NULL;
    }
    s->free_fn = fc_free;
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE); /* owns s */
    if (!def) {
        HPDF_CheckError(&pdf->error);
        return NULL;
    }
    if (HPDF_Doc_FindFontDef(pdf, def->base_font) ||
        HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
        HPDF_FontDef_Free(def);
        return NULL;
    }
    /* the subset tag: HPDFAA for the first face, then counting up */
    if (pdf->ttfont_tag[0] == 0) {
        memcpy(pdf->ttfont_tag, "HPDFAA", 6);
    } else {
        for (int i = 5; i >= 0; i--) {
            pdf->ttfont_tag[i] += 1;
            if (pdf->ttfont_tag[i] > 'Z')
                pdf->ttfont_tag[i] = 'A';
            else
                break;
        }
    }
    HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
    return def->base_font;
}

struct pdf_fonts *pdf_fonts_load(HPDF_Doc pdf, const char *regular_ttf, const char *bold_ttf)
{
    struct pdf_fonts *f = xcalloc(1, sizeof *f);
    f->pdf = pdf;
    const char *file[2] = {regular_ttf, bold_ttf};
    for (int b = 0; b < 2; b++) {
        f->name[b] = load_face(pdf, file[b]);
        f->cp1252[b] = f->name[b] ? HPDF_GetFont(pdf, f->name[b], HPDF_ENCODING_CP1252) : NULL;
        if (!f->cp1252[b]) {
            pdf_fonts_free(f);
            return NULL;
        }
        pdf_fontdata_reuse(f->cp1252[b]);
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
