/*
 * testlib.c — see testlib.h.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "fileio.h"
#include "xalloc.h"

char *slurp(const char *path, size_t *n)
{
    size_t len = 0;
    char *s = read_file(path, &len);
    if (n)
        *n = s ? len : 0;
    return s;
}

char *slurp_in(const char *dir, const char *name, size_t *n)
{
    char *p = xasprintf("%s/%s", dir, name);
    char *s = slurp(p, n);
    free(p);
    return s;
}

int same_file(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    char *x = slurp(a, &na), *y = slurp(b, &nb);
    int same = x && y && na == nb && na > 0 && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

char *run_command(const char *cmd, int *status)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    size_t n = 0, cap = 4096;
    char *buf = xmalloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2)
            buf = xrealloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return buf;
}
