/*
 * fuzz_util.h — helpers for harnesses whose parser reads files: split the
 * input into parts at "\n=====\n" and write each to a per-process scratch
 * directory.
 */
#ifndef INDIGO_FUZZ_UTIL_H
#define INDIGO_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fuzz_dir(void)
{
    static char dir[64];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/indigo-fuzz-%ld", (long)getpid());
        mkdir(dir, 0700);
    }
    return dir;
}

/* Write part k of data (split at the marker) to dir/name; returns the path. */
static const char *fuzz_part(const unsigned char *data, size_t n, int k, const char *name)
{
    static char path[4][128];
    static const char marker[] = "\n=====\n";
    const unsigned char *p = data, *end = data + n;
    for (int i = 0; i < k && p < end; i++) {
        const unsigned char *m = memmem(p, (size_t)(end - p), marker, sizeof marker - 1);
        p = m ? m + sizeof marker - 1 : end;
    }
    const unsigned char *m = memmem(p, (size_t)(end - p), marker, sizeof marker - 1);
    const unsigned char *e = m ? m : end;
    char *out = path[k & 3];
    snprintf(out, sizeof path[0], "%s/%s", fuzz_dir(), name);
    FILE *fp = fopen(out, "wb");
    if (fp) {
        fwrite(p, 1, (size_t)(e - p), fp);
        fclose(fp);
    }
    return out;
}

#endif
