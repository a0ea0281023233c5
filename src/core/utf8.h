/*
 * utf8.h — UTF-8 validation and accent folding.
 */
#ifndef INDIGO_UTF8_H
#define INDIGO_UTF8_H

#include <stddef.h>

/* Does s (n bytes) hold valid UTF-8?  Returns 1, or 0 and *bad_offset. */
int utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* s lower-cased (ASCII) with the accents of Latin-1 letters removed
   ("Educación" -> "educacion", "Ñ" -> "n"), for tolerant matching and
   "did you mean" suggestions.  Caller frees. */
char *utf8_fold(const char *s);
/* The same into out, which holds at least strlen(s) + 1 bytes (folding never
   lengthens); returns the length written. */
size_t utf8_fold_to(const char *s, char *out);

#endif
