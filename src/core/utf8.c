/*
 * utf8.c — UTF-8 validation and accent folding (contract in utf8.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * Length of the well-formed UTF-8 sequence at s (n bytes available), or 0.
 * Strict (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF, so a Windows-1252 "ó" (0xF3 followed by ASCII) is caught at 0xF3.
 */
static size_t seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0; /* continuation byte, or overlong 2-byte lead */
    size_t need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (!need || n < need)
        return 0;
    for (size_t i = 1; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (c == 0xE0 && s[1] < 0xA0)
        return 0; /* overlong */
    if (c == 0xED && s[1] > 0x9F)
        return 0; /* surrogate */
    if (c == 0xF0 && s[1] < 0x90)
        return 0; /* overlong */
    if (c == 0xF4 && s[1] > 0x8F)
        return 0; /* above U+10FFFF */
    return need;
}

int utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII eight bytes at a time: most of a CSV file */
        uint64_t w;
        while (i + 8 <= n && (memcpy(&w, p + i, 8), (w & 0x8080808080808080ULL) == 0))
            i += 8;
        if (i >= n)
            break;
        size_t k = seq_len(p + i, n - i);
        if (!k) {
            if (bad_offset)
                *bad_offset = i;
            return 0;
        }
        i += k;
    }
    return 1;
}

/* Bytes 0x00-0x1F and 0x7F in the 8 bytes of w (has-less-than and
   has-value tricks), so plain ASCII text is checked a word at a time. */
static int has_control_byte(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t below_space = (w - ones * 0x20) & ~w & highs;
    uint64_t x = w ^ (ones * 0x7F);
    uint64_t del = (x - ones) & ~x & highs;
    return (below_space | del) != 0;
}

/* The character of the well-formed sequence at p (k bytes). */
static unsigned decode_seq(const unsigned char *p, size_t k)
{
    if (k == 1)
        return p[0];
    if (k == 2)
        return (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    if (k == 3)
        return (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return (unsigned)(p[0] & 0x07) << 18 | (unsigned)(p[1] & 0x3F) << 12 |
           (unsigned)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

int text_char_refused(unsigned cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return 0;
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

enum text_problem text_check(const char *s, size_t n, size_t *off, unsigned *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint64_t w;
        while (i + 8 <= n && (memcpy(&w, p + i, 8), (w & 0x8080808080808080ULL) == 0) &&
               !has_control_byte(w))
            i += 8;
        if (i >= n)
            break;
        size_t k = seq_len(p + i, n - i);
        enum text_problem t = TEXT_OK;
        unsigned c = 0;
        if (!k) {
            t = TEXT_NOT_UTF8;
        } else {
            c = decode_seq(p + i, k);
            if (c == 0)
                t = TEXT_NUL;
            else if (text_char_refused(c))
                t = TEXT_CONTROL;
        }
        if (t != TEXT_OK) {
            if (off)
                *off = i;
            if (cp)
                *cp = c;
            return t;
        }
        i += k;
    }
    if (off)
        *off = n;
    return TEXT_OK;
}

size_t text_append_safe(struct strbuf *sb, const char *s, size_t n)
{
    size_t replaced = 0, i = 0;
    while (i < n) {
        size_t off;
        unsigned cp;
        enum text_problem t = text_check(s + i, n - i, &off, &cp);
        strbuf_add(sb, s + i, off);
        if (t == TEXT_OK)
            break;
        strbuf_adds(sb, "\xEF\xBF\xBD"); /* U+FFFD REPLACEMENT CHARACTER */
        replaced++;
        size_t k = t == TEXT_NOT_UTF8 ? 0 : seq_len((const unsigned char *)s + i + off, n - i - off);
        i += off + (k ? k : 1);
    }
    return replaced;
}

/* The byte-order marks of the Unicode encodings other than UTF-8, longest
   first (UTF-32LE's starts like UTF-16LE's). */
static const struct unicode_bom boms[] = {
    {"\xFF\xFE\x00\x00", 4, "FF FE 00 00", "UTF-32 (little-endian)", "UTF-32"},
    {"\x00\x00\xFE\xFF", 4, "00 00 FE FF", "UTF-32 (big-endian)", "UTF-32"},
    {"\xFF\xFE", 2, "FF FE", "UTF-16 (little-endian)", "UTF-16"},
    {"\xFE\xFF", 2, "FE FF", "UTF-16 (big-endian)", "UTF-16"},
};

const struct unicode_bom *unicode_bom_of(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof boms / sizeof *boms; i++)
        if (n >= boms[i].n && memcmp(s, boms[i].bytes, boms[i].n) == 0)
            return &boms[i];
    return NULL;
}

const char *control_name(unsigned cp)
{
    static const char *const c0[32] = {
        "NUL", "start of heading", "start of text", "end of text", "end of transmission",
        "enquiry", "acknowledge", "bell", "backspace", "tab", "line feed", "vertical tab",
        "form feed", "carriage return", "shift out", "shift in", "data link escape",
        "device control 1", "device control 2", "device control 3", "device control 4",
        "negative acknowledge", "synchronous idle", "end of transmission block", "cancel",
        "end of medium", "substitute", "escape", "file separator", "group separator",
        "record separator", "unit separator"};
    if (cp < 32)
        return c0[cp];
    if (cp == 0x7F)
        return "delete";
    if (cp >= 0x80 && cp <= 0x9F)
        return "a C1 control code";
    if (cp == 0xFFFE || cp == 0xFFFF)
        return "a noncharacter";
    return "a control character";
}

/* ASCII folding of U+00C0..U+00FF; NULL keeps the character as it is. */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", /* C0 */
    "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", NULL, "ss", /* D0 */
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", /* E0 */
    "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", NULL, "y",  /* F0 */
};

size_t utf8_fold_to(const char *s, char *out)
{
    size_t n = strlen(s), o = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (p[i] == 0xC3 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0xBF &&
            latin1_fold[p[i + 1] - 0x80]) {
            const char *f = latin1_fold[p[i + 1] - 0x80];
            size_t fl = strlen(f);
            memcpy(out + o, f, fl);
            o += fl;
            i += 2;
        } else {
            unsigned char c = p[i++];
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
    }
    out[o] = '\0';
    return o;
}

char *utf8_fold(const char *s)
{
    char *out = xmalloc(strlen(s) + 1); /* folding never lengthens: "Æ" is 2 bytes -> "ae" */
    utf8_fold_to(s, out);
    return out;
}
