/*
 * pdf_fontdata.c — each distinct font subset deflated once (pdf_fontdata.h).
 *
 * How libharu writes an embedded TrueType face (hpdf_font_tt.c and
 * hpdf_dict.c, 2.3 and 2.4): when the font object is written, its
 * before-write function makes the descriptor and a FontFile2 stream holding
 * the subset, with the deflate filter; when that stream is written, libharu
 * adds "/Filter [ /FlateDecode ]" as its last entry and deflates the data
 * with HPDF_Stream_WriteToStream.  Here the before-write
 * function is wrapped: after it, the stream's data is replaced by the same
 * function's output (or the copy kept from an earlier document), the
 * stream is marked unfiltered, and its write function writes that same
 * last entry.
 */
#include "pdf_fontdata.h"

#include <hpdf_conf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "xalloc.h"

/* Deflated subsets kept per process, at most this many bytes of them. */
#define KEPT_BYTES (32u << 20)

struct deflated {
    char key[65];            /* SHA-256 of the subset                        */
    size_t raw_n;
    unsigned char *z;
    size_t z_n;
};

static _Thread_local struct {
    struct deflated *items;
    size_t n, cap, bytes;
    struct pdf_fontdata_stats stats;
} kept;

/* libharu's own before-write function of simple TrueType fonts. */
static _Thread_local HPDF_Dict_BeforeWriteFunc tt_before_write;

struct pdf_fontdata_stats pdf_fontdata_stats(void)
{
    return kept.stats;
}

/* All of stream s, from its start, in malloc'ed *out; 0 or -1. */
static int stream_bytes(HPDF_Stream s, unsigned char **out, size_t *n)
{
    size_t size = HPDF_Stream_Size(s);
    unsigned char *buf = xmalloc(size ? size : 1);
    size_t got = 0;
    if (HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK) {
        free(buf);
        return -1;
    }
    while (got < size) {
        HPDF_UINT want = (HPDF_UINT)(size - got);
        HPDF_STATUS ret = HPDF_Stream_Read(s, buf + got, &want);
        got += want;
        if (ret != HPDF_OK && (ret != HPDF_STREAM_EOF || want == 0))
            break;
    }
    if (got != size) {
        free(buf);
        return -1;
    }
    *out = buf;
    *n = size;
    return 0;
}

static const struct deflated *find(const char *key, size_t raw_n)
{
    for (size_t i = 0; i < kept.n; i++)
        if (kept.items[i].raw_n == raw_n && strcmp(kept.items[i].key, key) == 0)
            return &kept.items[i];
    return NULL;
}

/* Keep z (malloc'ed, taken over: freed when there is no room). */
static void keep(const char *key, size_t raw_n, unsigned char *z, size_t z_n)
{
    if (kept.bytes + z_n > KEPT_BYTES) {
        free(z);
        return;
    }
    if (kept.n == kept.cap) {
        kept.cap = kept.cap ? 2 * kept.cap : 16;
        kept.items = xrealloc(kept.items, kept.cap * sizeof *kept.items);
    }
    struct deflated *d = &kept.items[kept.n++];
    memcpy(d->key, key, sizeof d->key);
    d->raw_n = raw_n;
    d->z = z;
    d->z_n = z_n;
    kept.bytes += z_n;
}

/* What HPDF_Dict_Write writes for the Filter entry it adds last to a
   deflated stream's dictionary. */
static HPDF_STATUS write_filter(HPDF_Dict dict, HPDF_Stream stream)
{
    HPDF_Array a = HPDF_Array_New(dict->mmgr);
    if (!a)
        return HPDF_Error_GetCode(dict->error);
    HPDF_STATUS ret = HPDF_Array_AddName(a, "FlateDecode");
    if (ret == HPDF_OK)
        ret = HPDF_Stream_WriteEscapeName(stream, "Filter");
    if (ret == HPDF_OK)
        ret = HPDF_Stream_WriteChar(stream, ' ');
    if (ret == HPDF_OK)
        ret = HPDF_Obj_Write(a, stream, NULL);
    if (ret == HPDF_OK)
        ret = HPDF_Stream_WriteStr(stream, "\012");
    HPDF_Array_Free(a);
    return ret;
}

/* data's subset, deflated, in a new stream that replaces its own. */
static HPDF_STATUS pack(HPDF_Dict data)
{
    unsigned char *raw;
    size_t raw_n;
    if (stream_bytes(data->stream, &raw, &raw_n) != 0)
        return HPDF_OK;            /* left to libharu as it is */
    char key[65];
    sha256_hex(raw, raw_n, key);
    free(raw);
    HPDF_Stream z = HPDF_MemStream_New(data->mmgr, HPDF_STREAM_BUF_SIZ);
    if (!z)
        return HPDF_Error_GetCode(data->error);
    const struct deflated *d = find(key, raw_n);
    HPDF_STATUS ret;
    if (d) {
        ret = HPDF_Stream_Write(z, d->z, (HPDF_UINT)d->z_n);
        kept.stats.reused++;
    } else {
        ret = HPDF_Stream_WriteToStream(data->stream, z, HPDF_STREAM_FILTER_FLATE_DECODE, NULL);
        unsigned char *zb;
        size_t z_n;
        if (ret == HPDF_OK && stream_bytes(z, &zb, &z_n) == 0)
            keep(key, raw_n, zb, z_n);
        kept.stats.deflated++;
    }
    if (ret != HPDF_OK) {
        HPDF_Stream_Free(z);
        return ret;
    }
    HPDF_Stream_Free(data->stream);
    data->stream = z;
    data->filter = HPDF_STREAM_FILTER_NONE;
    data->write_fn = write_filter;
    return HPDF_OK;
}

static HPDF_STATUS before_write(HPDF_Dict font)
{
    HPDF_STATUS ret = tt_before_write(font);
    if (ret != HPDF_OK)
        return ret;
    HPDF_FontDef def = ((HPDF_FontAttr)font->attr)->fontdef;
    HPDF_Dict data = def->descriptor
                         ? HPDF_Dict_GetItem(def->descriptor, "FontFile2", HPDF_OCLASS_DICT)
                         : NULL;
    /* not embedded, already done, or filtered otherwise: as libharu does */
    if (!data || data->write_fn || data->filter != HPDF_STREAM_FILTER_FLATE_DECODE ||
        data->filterParams || !data->stream)
        return HPDF_OK;
    return pack(data);
}

void pdf_fontdata_reuse(HPDF_Font font)
{
    if (!font || !font->before_write_fn || font->before_write_fn == before_write)
        return;
    if (!tt_before_write)
        tt_before_write = font->before_write_fn;
    if (font->before_write_fn == tt_before_write)
        font->before_write_fn = before_write;
}
