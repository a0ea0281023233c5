/*
 * input.c — opening inputs that are read once (see input.h).
 */
#include "input.h"
#include "messages.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sha256.h"
#include "xalloc.h"

static int cannot_read(const struct input_name *n, int status, const char *reason,
                       struct diag *d)
{
    return diag_error(d, status, n->name, 0, 0, "cannot read%s%s: %s%s%s%s", n->what ? " " : "",
                      n->what ? n->what : "", reason, n->where ? msg_tr(" (named in ") : "",
                      n->where ? n->where : "", n->where ? ")" : "");
}

/* Why a file of this type is not read, or NULL if it is. */
static const char *refused_type(mode_t m)
{
    if (S_ISREG(m) || S_ISFIFO(m))
        return NULL;
    if (S_ISDIR(m))
        return msg_tr("it is a directory, not a file");
    if (S_ISCHR(m))
        return msg_tr("it is a character device, not a file or a pipe");
    if (S_ISBLK(m))
        return msg_tr("it is a block device, not a file or a pipe");
    if (S_ISSOCK(m))
        return msg_tr("it is a socket, not a file or a pipe");
    return msg_tr("it is not a regular file or a pipe");
}

static int errno_status(int e)
{
    switch (e) {
    case ENOENT: case ENOTDIR: case ELOOP: case EISDIR: case EACCES: case ENAMETOOLONG:
        return EX_NOINPUT_;
    default:
        return EX_IOERR_;
    }
}

int input_open(const char *path, const struct input_name *n, struct diag *d)
{
    struct stat st;
    /* the type first: opening a device or a FIFO can have effects or block */
    if (stat(path, &st) != 0)
        return cannot_read(n, errno_status(errno), strerror(errno), d);
    const char *why = refused_type(st.st_mode);
    if (why)
        return cannot_read(n, EX_NOINPUT_, why, d);
    int fd;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return cannot_read(n, errno_status(errno), strerror(errno), d);
    /* the same check on what was opened (it may have been replaced) */
    if (fstat(fd, &st) != 0 || (why = refused_type(st.st_mode)) != NULL) {
        int e = errno;
        close(fd);
        return cannot_read(n, why ? EX_NOINPUT_ : EX_IOERR_, why ? why : strerror(e), d);
    }
    return fd;
}

char *input_read_all(int fd, const struct input_name *n, size_t max, size_t *len, char sha[65],
                     struct diag *d)
{
    size_t cap = 65536, used = 0;
    char *buf = xmalloc(cap + 1);
    struct sha256_ctx *h = sha ? sha256_begin() : NULL;
    for (;;) {
        if (used == cap) {
            if (cap > max) {
                sha256_abandon(h);
                free(buf);
                diag_error(d, EX_DATAERR_, n->name, 0, 0,
                           "the file is larger than %zu MiB (expected a settings or text file)",
                           max >> 20);
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        ssize_t k = read(fd, buf + used, cap - used);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            sha256_abandon(h);
            free(buf);
            cannot_read(n, EX_IOERR_, strerror(e), d);
            return NULL;
        }
        if (k == 0)
            break;
        sha256_add(h, buf + used, (size_t)k);
        used += (size_t)k;
    }
    if (used > max) {
        sha256_abandon(h);
        free(buf);
        diag_error(d, EX_DATAERR_, n->name, 0, 0,
                   "the file is larger than %zu MiB (expected a settings or text file)", max >> 20);
        return NULL;
    }
    if (h)
        sha256_end(h, sha);
    buf[used] = '\0';
    *len = used;
    return buf;
}
