/*
 * png_encode.h — pixels to a PNG file image in memory, fast.
 *
 * cairo_surface_write_to_png() compresses at zlib's default level with
 * libpng's adaptive filters, which made chart encoding a third of a whole
 * demo run.  Charts are flat colours with anti-aliased edges: the "Sub"
 * filter with zlib level 1 gives files about 10% larger than cairo's in a
 * fraction of the time (level 3: 6% larger but a quarter slower; Z_RLE: 60%
 * larger).  The output depends only on the pixels (no time chunk, no gamma
 * guess), so the same chart gives the same bytes.
 */
#ifndef INDIGO_PNG_ENCODE_H
#define INDIGO_PNG_ENCODE_H

#include <stdint.h>

#include "strbuf.h"

/* Encode w x h pixels given as 32-bit native-endian 0xXXRRGGBB words (cairo's
   RGB24 layout), rows stride bytes apart, as an 8-bit RGB PNG appended to out.
   Returns 0, or -1 if libpng failed (out then holds garbage). */
int png_encode_rgb24(const unsigned char *data, int w, int h, int stride, struct strbuf *out);

#endif
