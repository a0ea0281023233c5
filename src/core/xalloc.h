/*
 * xalloc.h — allocation that never returns NULL.
 *
 * indigo is a batch program: when memory runs out there is nothing sensible to
 * do but say how much was asked for and stop (redis zmalloc's rule), so the
 * rest of the code never tests for NULL after allocating.
 */
#ifndef INDIGO_XALLOC_H
#define INDIGO_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);              /* NULL in, NULL out               */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

/* Grow *items (of *cap elements of size sz) so it holds at least need. */
void *xgrow(void *items, size_t *cap, size_t need, size_t sz);

#endif
