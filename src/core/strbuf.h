/*
 * strbuf.h — a growable string (git's strbuf, cut down).
 *
 * Invariant: buf is never NULL after strbuf_init and is always NUL-terminated;
 * len excludes the NUL.  strbuf_detach() is the only way to take ownership.
 */
#ifndef INDIGO_STRBUF_H
#define INDIGO_STRBUF_H

#include <stddef.h>

struct strbuf {
    char *buf;
    size_t len, alloc;
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);          /* len = 0, keeps memory   */
void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *strbuf_detach(struct strbuf *sb);         /* caller frees; sb re-inited */

#endif
