/*
 * failread.c — an LD_PRELOAD shim for e2e_feed_fails.sh: every pread of an
 * unnamed file in a staging directory (".NAME.tmp-XXXXXX", where the report
 * keeps the round's answers, app/answer_spill.c) fails with EIO, as a disk
 * going bad under a running report would; every other read is the real one.
 */
#undef _FILE_OFFSET_BITS   /* pread and pread64 both defined here, as themselves */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

ssize_t pread(int fd, void *buf, size_t n, off_t off);
ssize_t pread64(int fd, void *buf, size_t n, off64_t off);

/* 1 if fd is a deleted or unnamed file in a staging directory. */
static int staged_unnamed(int fd)
{
    char link[64], to[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t len = readlink(link, to, sizeof to - 1);
    if (len <= 0)
        return 0;
    to[len] = '\0';
    return strstr(to, ".tmp-") && strstr(to, " (deleted)");
}

ssize_t pread64(int fd, void *buf, size_t n, off64_t off)
{
    if (staged_unnamed(fd)) {
        errno = EIO;
        return -1;
    }
    ssize_t (*real)(int, void *, size_t, off64_t);
    void *sym = dlsym(RTLD_NEXT, "pread64");
    memcpy(&real, &sym, sizeof real); /* ISO C has no cast from void * to a function */
    return real(fd, buf, n, off);
}

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    return pread64(fd, buf, n, off);
}
