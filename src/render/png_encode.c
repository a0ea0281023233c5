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
#include <sys/mman.h>

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
   become runs of zeros, which is what makes charts compress well.  A pixel
   at a time: the bytes of v - u subtracted each on its own (no borrow
   between them), r, g, b stored as the first three of four bytes (the
   fourth is overwritten next; *len has room for it). */
static void sub_row(const unsigned char *row, int x, int w, uint32_t u, unsigned char *p)
{
    const uint32_t hi = 0x80808080u;
    for (; x < w; x++) {
        uint32_t v;
        memcpy(&v, row + 4 * (size_t)x, 4);
        uint32_t d = ((v | hi) - (u & ~hi)) ^ ((v ^ ~u) & hi); /* bytewise v - u */
        unsigned char o[4] = {(unsigned char)(d >> 16), (unsigned char)(d >> 8),
                              (unsigned char)d, 0};
        memcpy(p + 3 * (size_t)x, o, 4);
        u = v;
    }
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
/* The same, four pixels at a time (SSSE3): the row minus itself moved one
   pixel right, the pixels' B,G,R,x bytes shuffled into R,G,B.  Each store
   writes 16 bytes of which the 12 kept, so the row needs 4 bytes of room
   past its end (the next row's, or *len's slack). */
__attribute__((target("ssse3"))) static void sub_rows_ssse3(const unsigned char *data, int w,
                                                             int h, int stride,
                                                             unsigned char *out)
{
    size_t row_len = (size_t)w * 3 + 1;
    const __m128i rgb = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    for (int y = 0; y < h; y++) {
        const unsigned char *row = data + (size_t)y * (size_t)stride;
        unsigned char *p = out + (size_t)y * row_len;
        *p++ = 1;
        __m128i prev = _mm_setzero_si128();
        int x = 0;
        for (; x + 4 <= w; x += 4) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(row + 4 * (size_t)x));
            __m128i u = _mm_or_si128(_mm_slli_si128(v, 4), prev);
            prev = _mm_srli_si128(v, 12);
            _mm_storeu_si128((__m128i *)(void *)(p + 3 * (size_t)x),
                             _mm_shuffle_epi8(_mm_sub_epi8(v, u), rgb));
        }
        sub_row(row, x, w, (uint32_t)_mm_cvtsi128_si32(prev), p);
    }
}
#endif

static unsigned char *sub_filtered_rows(const unsigned char *data, int w, int h, int stride,
                                        size_t *len)
{
    size_t row_len = (size_t)w * 3 + 1;
    *len = row_len * (size_t)h;
    unsigned char *out = xmalloc(*len + 16);
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("ssse3")) {
        sub_rows_ssse3(data, w, h, stride, out);
        return out;
    }
#endif
    for (int y = 0; y < h; y++) {
        unsigned char *p = out + (size_t)y * row_len;
        *p = 1;
        sub_row(data + (size_t)y * (size_t)stride, 0, w, 0, p + 1);
    }
    return out;
}

/*
 * Where the compressor's state goes.  ISA-L's level-1 matcher
 * (isal_deflate_icf_body_hash_hist_*, igzip_icf_body_h1_gr_bt.asm, in 2.30
 * and still in its master branch) starts a stream at .write_first_byte,
 * which means to hash the input's third position (bytes 2..5) but hashes
 * register rcx, still holding the address of the isal_zstream, instead:
 * position 2 is recorded in a hash-table slot chosen by
 * crc32c((address >> 16) mod 2^32) mod 8192, so where the stream lies in
 * memory -- on the stack, moved by address-space randomisation -- picks one
 * slot.  Much later a lookup of that slot can return position 2 (positions
 * are kept modulo 64 KiB), and in a flat area of a chart the bytes there
 * match too: the stream then encodes an equally valid match at another
 * distance.  One chart in a few thousand differed by a byte that way
 * (issue 17); found by running one compression per process under ASLR
 * (6 in 3,000 differ; 0 in 2,500 with ASLR off; 2 in 1,500 when only the
 * stream struct is moved).
 *
 * So the stream is mapped at an address whose bits 16..47 hash to the slot
 * the code means to use: its output is then a function of the input alone,
 * and is what the matcher without the slip would give.  The mapping is kept
 * for the next chart, whose input mostly begins the same way (a white
 * background), and cleared, so each stream starts as a fresh mapping would.
 */
static uint32_t crc32c_u32(uint32_t v)   /* the crc32 instruction, from 0 */
{
    uint32_t crc = v;
    for (int i = 0; i < 32; i++)
        crc = (crc >> 1) ^ (0x82F63B78u & -(crc & 1u));
    return crc;
}

static _Thread_local struct {
    struct isal_zstream *z;
    size_t len;
    uint32_t slot;
} kept_stream;

static struct isal_zstream *stream_for(const unsigned char *in, size_t n)
{
    const uint32_t mask = IGZIP_LVL1_HASH_SIZE - 1;
    uint32_t third = n >= 6 ? (uint32_t)in[2] | (uint32_t)in[3] << 8 | (uint32_t)in[4] << 16 |
                                  (uint32_t)in[5] << 24
                            : 0;
    uint32_t want = crc32c_u32(third) & mask;
    size_t len = (sizeof(struct isal_zstream) + 4095) & ~(size_t)4095;
    if (kept_stream.z && kept_stream.slot == want) {
        memset(kept_stream.z, 0, len);
        return kept_stream.z;
    }
    if (kept_stream.z)
        munmap(kept_stream.z, kept_stream.len);
    kept_stream.z = NULL;
    int tries = 0;
    /* From 32 TiB up, every 64 KiB, the first free address that hashes
       right (one in 8192 does).  32 TiB lies above AddressSanitizer's shadow
       memory and below where Linux puts a process's own mappings.  The
       address is only a hint (valgrind does not know MAP_FIXED_NOREPLACE):
       a mapping placed elsewhere is given back and the next one tried. */
    for (uint32_t v = 1u << 29; v < 1u << 31 && tries < 256; v++) {
        if ((crc32c_u32(v) & mask) != want)
            continue;
        void *at = (void *)((uintptr_t)v << 16);
        void *p = mmap(at, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        tries++;
        if (p == at) {
            kept_stream.z = p;
            kept_stream.len = len;
            kept_stream.slot = want;
            return p;
        }
        if (p != MAP_FAILED)
            munmap(p, len);
    }
    return NULL;
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
    struct isal_zstream *z = stream_for(in, n);
    if (!z)
        return NULL;
    size_t cap = n + (n / 65535 + 1) * 5 + ISAL_DEF_MAX_HDR_SIZE + 64;
    unsigned char *out = xmalloc(cap);
    unsigned char *level_buf = xcalloc(1, ISAL_DEF_LVL1_DEFAULT);
    isal_deflate_init(z);
    z->level = 1;
    z->level_buf = level_buf;
    z->level_buf_size = ISAL_DEF_LVL1_DEFAULT;
    z->gzip_flag = IGZIP_ZLIB;
    z->end_of_stream = 1;
    z->flush = NO_FLUSH;
    z->next_in = (uint8_t *)(uintptr_t)in; /* ISA-L's field is not const; it only reads */
    z->avail_in = (uint32_t)n;
    z->next_out = out;
    z->avail_out = (uint32_t)cap;
    int rc = isal_deflate(z);
    int ended = rc == COMP_OK && z->avail_in == 0 && z->internal_state.state == ZSTATE_END;
    *out_len = z->total_out;
    free(level_buf);
    if (!ended) {
        free(out);
        return NULL;
    }
    return out;
}

int png_encode_rgb24(const unsigned char *data, int w, int h, int stride, int dpi,
                     struct strbuf *out)
{
    size_t raw_len, len = 0;
    unsigned char *raw = sub_filtered_rows(data, w, h, stride, &raw_len);
    unsigned char *volatile idat = compress_zlib(raw, raw_len, &len);
    volatile size_t idat_len = len; /* read after setjmp below */
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
