/*
 * png_encode.c — pixels to PNG: libpng frames the file, ISA-L compresses it
 * (png_encode.h).
 */
#include "png_encode.h"

#include <isa-l/igzip_lib.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void write_to_strbuf(png_structp png, png_bytep data, png_size_t n)
{
    strbuf_add(png_get_io_ptr(png), data, n);
}

static void flush_nothing(png_structp png)
{
    (void)png;
}

/* The image data PNG compresses: each row is the filter type 1 ("Sub")
   followed by each RGB byte minus the byte three to its left.  Flat areas
   become runs of zeros, which is what makes charts compress well. */
static unsigned char *sub_filtered_rows(const unsigned char *data, int w, int h, int stride,
                                        size_t *len)
{
    size_t row_len = (size_t)w * 3 + 1;
    *len = row_len * (size_t)h;
    unsigned char *out = xmalloc(*len);
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        unsigned char *p = out + (size_t)y * row_len;
        *p++ = 1;
        unsigned r0 = 0, g0 = 0, b0 = 0;
        for (int x = 0; x < w; x++) {
            uint32_t v = px[x];
            unsigned r = (v >> 16) & 0xff, g = (v >> 8) & 0xff, b = v & 0xff;
            *p++ = (unsigned char)(r - r0);
            *p++ = (unsigned char)(g - g0);
            *p++ = (unsigned char)(b - b0);
            r0 = r, g0 = g, b0 = b;
        }
    }
    return out;
}

/* The zlib stream of one IDAT chunk, at ISA-L's level 1, in one call: the
   output has room for the worst case, the input stored in raw blocks of at
   most 65,535 bytes with 5 bytes of header each, plus the zlib header and
   trailer.  (The stateless call would also do, but it hashes less and gave
   files 40% larger.) */
static unsigned char *compress_zlib(const unsigned char *in, size_t n, size_t *out_len)
{
    if (n > UINT32_MAX / 2)
        return NULL;
    size_t cap = n + (n / 65535 + 1) * 5 + ISAL_DEF_MAX_HDR_SIZE + 64;
    unsigned char *out = xmalloc(cap);
    unsigned char *level_buf = xmalloc(ISAL_DEF_LVL1_DEFAULT);
    struct isal_zstream z;
    isal_deflate_init(&z);
    z.level = 1;
    z.level_buf = level_buf;
    z.level_buf_size = ISAL_DEF_LVL1_DEFAULT;
    z.gzip_flag = IGZIP_ZLIB;
    z.end_of_stream = 1;
    z.flush = NO_FLUSH;
    z.next_in = (uint8_t *)(uintptr_t)in; /* ISA-L's field is not const; it only reads */
    z.avail_in = (uint32_t)n;
    z.next_out = out;
    z.avail_out = (uint32_t)cap;
    int rc = isal_deflate(&z);
    free(level_buf);
    if (rc != COMP_OK || z.avail_in != 0 || z.internal_state.state != ZSTATE_END) {
        free(out);
        return NULL;
    }
    *out_len = z.total_out;
    return out;
}

int png_encode_rgb24(const unsigned char *data, int w, int h, int stride, int dpi,
                     struct strbuf *out)
{
    size_t raw_len, idat_len;
    unsigned char *raw = sub_filtered_rows(data, w, h, stride, &raw_len);
    unsigned char *volatile idat = compress_zlib(raw, raw_len, &idat_len);
    free(raw);
    if (!idat)
        return -1;

    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        free(idat);
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_set_write_fn(png, out, write_to_strbuf, flush_nothing);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (dpi > 0) {  /* pixels per metre, as PNG counts them */
        png_uint_32 ppm = (png_uint_32)(dpi / 0.0254 + 0.5);
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    png_write_info(png, info); /* signature, IHDR and pHYs */
    /* The image data is already compressed, so it goes in as one chunk
       written whole; libpng adds the length and the CRC. */
    png_write_chunk(png, (png_const_bytep) "IDAT", idat, idat_len);
    png_write_chunk(png, (png_const_bytep) "IEND", NULL, 0);
    free(idat);
    png_destroy_write_struct(&png, &info);
    return 0;
}
