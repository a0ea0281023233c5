/*
 * fileio.c — read_file(): a whole file into memory (contract in fileio.h).
 */
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

char *read_file(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 65536, len = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        size_t r = fread(buf + len, 1, cap - len, fp);
        len += r;
        if (len < cap) {
            if (ferror(fp)) {
                int e = errno;
                fclose(fp);
                free(buf);
                errno = e ? e : EIO;
                return NULL;
            }
            break;
        }
        cap *= 2;
        buf = xrealloc(buf, cap + 1);
    }
    fclose(fp);
    buf[len] = '\0';
    if (n)
        *n = len;
    return buf;
}
