/*
 * utf8.c — UTF-8 validation and accent folding (contract in utf8.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
