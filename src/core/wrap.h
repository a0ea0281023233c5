/*
 * wrap.h — greedy word wrapping of UTF-8 text, for any measure of width.
 *
 * The charts (cairo) and the PDFs (libharu) measure text differently; both
 * hand their measure to text_wrap(), which breaks at spaces and at '\n', and
 * cuts a word wider than a line only between whole UTF-8 characters (never
 * inside one, which libharu's byte-counting MeasureText would do), ending
 * the cut part with a hyphen.
 */
#ifndef INDIGO_WRAP_H
#define INDIGO_WRAP_H

#include <stddef.h>

/* Width of text in the caller's units (points, pixels). */
typedef double (*text_width_fn)(const void *ctx, const char *text);

/* Wrap s into lines no wider than maxw.  Returns how many lines the text
   needs; at most maxlines are stored in lines[] (malloc'd: the caller frees
   them with text_lines_free(lines, result, maxlines)). */
int text_wrap(const char *s, double maxw, text_width_fn width, const void *ctx, char **lines,
              int maxlines);
void text_lines_free(char **lines, int n, int maxlines);

/* Width of the widest word of s (words split at spaces and '\n'): when it is
   wider than a line, text_wrap() would have to cut that word. */
double text_widest_word(const char *s, text_width_fn width, const void *ctx);

/* Bytes of the UTF-8 sequence starting with byte c (1 for a stray
   continuation byte, so a bad string still advances). */
size_t utf8_seq_len(unsigned char c);

#endif
