/*
 * png_encode.h — pixels to a PNG file image in memory, fast.
 *
 * cairo_surface_write_to_png() compresses at zlib's default level with
 * libpng's adaptive filters, which made chart encoding a third of a whole
 * demo run.  Charts are flat colours with anti-aliased edges: the "Sub"
 * filter with fast deflate gives files about 10% larger than cairo's.
 * Even zlib's level 1 was then most of a chart's time (280 MB/s over the
 * demo's 355 MB of rows); ISA-L's igzip level 1 compresses the same rows
 * 6.6 times faster to files 5% larger (libdeflate's level 1 was no faster
 * than zlib's, Z_RLE gave files 60% larger).  libpng still writes the
 * signature and the chunks around the data.
 *
 * The output depends only on the pixels (no time chunk, no gamma guess), so
 * the same chart gives the same bytes.  igzip's level 1 hashes with the
 * SSE4.2 CRC instruction when the processor has it (every x86-64 since
 * 2008) and falls back to plain C otherwise, which picks different matches:
 * the pixels are the same everywhere, the compressed bytes are the same on
 * every machine with SSE4.2.
 */
#ifndef INDIGO_PNG_ENCODE_H
#define INDIGO_PNG_ENCODE_H

#include <stdint.h>

#include "strbuf.h"

/* Encode w x h pixels given as 32-bit native-endian 0xXXRRGGBB words (cairo's
   RGB24 layout), rows stride bytes apart, as an 8-bit RGB PNG appended to out,
   with a pHYs chunk stating dpi (so other programs place the image at its
   real size, not at 72 dpi; 0 = no pHYs).  Returns 0, or -1 if libpng failed
   (out then holds garbage). */
int png_encode_rgb24(const unsigned char *data, int w, int h, int stride, int dpi,
                     struct strbuf *out);

#endif
