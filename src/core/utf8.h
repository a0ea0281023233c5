/*
 * utf8.h — UTF-8 validation, text every output can hold, byte-order marks and
 * accent folding.
 */
#ifndef INDIGO_UTF8_H
#define INDIGO_UTF8_H

#include <stddef.h>

struct strbuf;

/* Does s (n bytes) hold valid UTF-8?  Returns 1, or 0 and *bad_offset. */
int utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* s lower-cased (ASCII) with the accents of Latin-1 letters removed
   ("Educación" -> "educacion", "Ñ" -> "n"), for tolerant matching and
   "did you mean" suggestions.  Caller frees. */
char *utf8_fold(const char *s);
/* The same into out, which holds at least strlen(s) + 1 bytes (folding never
   lengthens); returns the length written. */
size_t utf8_fold_to(const char *s, char *out);

/*
 * Text that every output can hold: the first problem in s[0, n) -- bytes
 * that are not UTF-8, a NUL, or a character that XML (xlsx, SVG, HTML) and
 * spreadsheets cannot hold or show: a control character other than tab, line
 * feed and carriage return (C0, DEL, C1) or the noncharacters U+FFFE and
 * U+FFFF.  *off gets its offset (n if there is none) and *cp the character
 * (both may be NULL).
 * A UTF-8 sequence cut by the end of s is TEXT_NOT_UTF8.
 */
enum text_problem { TEXT_OK, TEXT_NOT_UTF8, TEXT_NUL, TEXT_CONTROL };
enum text_problem text_check(const char *s, size_t n, size_t *off, unsigned *cp);
/* 1 if character cp is refused in text (as text_check does). */
int text_char_refused(unsigned cp);
/* Writers' defence (inputs are checked when read): s[0, n) appended to sb
   with every byte that is not UTF-8 and every refused character replaced by
   U+FFFD, so that no XML or HTML file can be made invalid by text.  Returns
   how many were replaced. */
size_t text_append_safe(struct strbuf *sb, const char *s, size_t n);
/* A byte-order mark of UTF-16 or UTF-32 at the start of s (n bytes): what
   it says, for "the file is UTF-16 ..." messages; NULL if none. */
struct unicode_bom {
    const char *bytes;
    size_t n;
    const char *hex;        /* "FF FE"                                   */
    const char *encoding;   /* "UTF-16 (little-endian)"                  */
    const char *setting;    /* what encoding = takes: "UTF-16"           */
};
const struct unicode_bom *unicode_bom_of(const char *s, size_t n);
/* The message for a refused character (printf: its U+ number, its name). */
#define CONTROL_MESSAGE                                                                       \
    "control character U+%04X (%s) in the text (expected text without control characters: " \
    "remove it or replace it with a space)"
/* What cp is called in messages: "vertical tab", "form feed", ... */
const char *control_name(unsigned cp);

#endif
