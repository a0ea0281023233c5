/*
 * png_encode.c — pixels to PNG with libpng (png_encode.h).
 */
#include "png_encode.h"

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

int png_encode_rgb24(const unsigned char *data, int w, int h, int stride, struct strbuf *out)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (!png)
        return -1;
    png_infop info = png_create_info_struct(png);
    /* volatile: read after a longjmp from libpng */
    unsigned char *volatile row = NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        free(row);
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_set_write_fn(png, out, write_to_strbuf, flush_nothing);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_compression_level(png, 1);
    png_write_info(png, info);
    row = xmalloc((size_t)w * 3 + 1);
    for (int y = 0; y < h; y++) {
        const uint32_t *px = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
        unsigned char *p = row;
        for (int x = 0; x < w; x++) {
            uint32_t v = px[x];
            *p++ = (unsigned char)(v >> 16);
            *p++ = (unsigned char)(v >> 8);
            *p++ = (unsigned char)v;
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    free(row);
    png_destroy_write_struct(&png, &info);
    return 0;
}
