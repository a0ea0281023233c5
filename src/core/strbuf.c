/*
 * strbuf.c — growable strings.
 */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void strbuf_init(struct strbuf *sb)
{
    sb->alloc = 64;
    sb->buf = xmalloc(sb->alloc);
    sb->buf[0] = '\0';
    sb->len = 0;
}

void strbuf_release(struct strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->alloc = 0;
}

void strbuf_reset(struct strbuf *sb)
{
    sb->len = 0;
    sb->buf[0] = '\0';
}

static void strbuf_grow(struct strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->alloc)
        return;
    while (sb->len + extra + 1 > sb->alloc)
        sb->alloc *= 2;
    sb->buf = xrealloc(sb->buf, sb->alloc);
}

void strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
    strbuf_grow(sb, n);
    memcpy(sb->buf + sb->len, data, n);
    sb->len += n;
    sb->buf[sb->len] = '\0';
}

void strbuf_addc(struct strbuf *sb, char c)
{
    strbuf_grow(sb, 1);
    sb->buf[sb->len++] = c;
    sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    /* print into the room there is; only when it is too small, measure,
       grow and print again (a row of open data is hundreds of these) */
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    size_t room = sb->alloc - sb->len;
    int n = vsnprintf(sb->buf + sb->len, room, fmt, aq);
    va_end(aq);
    if (n > 0 && (size_t)n >= room) {
        strbuf_grow(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    }
    if (n > 0)
        sb->len += (size_t)n;
    sb->buf[sb->len] = '\0';
    va_end(ap);
}

char *strbuf_detach(struct strbuf *sb)
{
    char *p = sb->buf;
    strbuf_init(sb);
    return p;
}
