/*
 * atomic_file.c — staging directories swapped into place, atomic single files.
 *
 * The swap uses renameat2(RENAME_EXCHANGE) when the final directory already
 * exists, so at every instant either the complete old reports or the complete
 * new ones are at the final path; a crash between the exchange and the removal
 * of the old tree only leaves a hidden ".NAME.tmp-PID" directory behind, which
 * the next run removes.
 */
#include "atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "xalloc.h"

int mkdir_p(const char *path)
{
    char *p = xstrdup(path);
    int rc = 0;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *s = '/';
        if (rc)
            break;
    }
    if (rc == 0 && mkdir(p, 0777) != 0 && errno != EEXIST)
        rc = -1;
    free(p);
    return rc;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_rf(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ".NAME.tmp-" prefix in the parent of final_dir. */
static char *staging_prefix(const char *final_dir)
{
    char *a = xstrdup(final_dir), *b = xstrdup(final_dir);
    char *parent = dirname(a), *base = basename(b);
    char *prefix = xasprintf("%s/.%s.tmp-", parent, base);
    free(a);
    free(b);
    return prefix;
}

/* The staging directory of this run, removed if it is interrupted. */
static int staging_handle = -1;

/* Remove staging directories left by runs that were killed. */
void output_dir_clean_stale(const char *final_dir)
{
    char *prefix = staging_prefix(final_dir);
    char *slash = strrchr(prefix, '/');
    *slash = '\0';
    const char *dir = prefix, *stem = slash + 1;
    DIR *dp = opendir(dir);
    if (dp) {
        struct dirent *e;
        while ((e = readdir(dp)) != NULL) {
            if (strncmp(e->d_name, stem, strlen(stem)) == 0) {
                long pid = atol(e->d_name + strlen(stem));
                /* still running? (another indigo holding the lock would have
                   stopped us earlier, so this is belt and braces) */
                if (pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) == 0)
                    continue;
                char *p = xasprintf("%s/%s", dir, e->d_name);
                rm_rf(p);
                free(p);
            }
        }
        closedir(dp);
    }
    free(prefix);
}

char *output_dir_begin(const char *final_dir, struct diag *d)
{
    char *a = xstrdup(final_dir);
    char *parent = dirname(a);
    if (mkdir_p(parent) != 0) {
        diag_error(d, EX_CANTCREAT_, parent, 0, 0, "cannot create output directory: %s",
                   strerror(errno));
        free(a);
        return NULL;
    }
    free(a);
    output_dir_clean_stale(final_dir);
    char *prefix = staging_prefix(final_dir);
    char *staging = xasprintf("%s%ld", prefix, (long)getpid());
    free(prefix);
    rm_rf(staging);
    cleanup_forget(staging_handle);
    staging_handle = cleanup_remember(staging, 1);
    if (mkdir(staging, 0777) != 0) {
        diag_error(d, EX_CANTCREAT_, staging, 0, 0, "cannot create staging directory: %s",
                   strerror(errno));
        cleanup_forget(staging_handle);
        staging_handle = -1;
        free(staging);
        return NULL;
    }
    return staging;
}

int output_dir_swap(const char *staging, const char *final_dir, int *had_old, struct diag *d)
{
    /* one syncfs for every file of the tree (the workbooks libxlsxwriter
       wrote included): after the swap, a power cut cannot leave reports
       whose names are there but whose bytes are not */
    int dfd = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || syncfs(dfd) != 0) {
        int e = errno;
        if (dfd >= 0)
            close(dfd);
        return diag_error(d, EX_IOERR_, staging, 0, 0, "cannot flush the reports to disk: %s",
                          strerror(e));
    }
    close(dfd);
    struct stat st;
    *had_old = lstat(final_dir, &st) == 0;
    if (*had_old) {
        if (renameat2(AT_FDCWD, staging, AT_FDCWD, final_dir, RENAME_EXCHANGE) != 0)
            return diag_error(d, EX_CANTCREAT_, final_dir, 0, 0, "cannot replace reports: %s",
                              strerror(errno));
        return 0; /* staging now holds the previous reports */
    }
    if (rename(staging, final_dir) != 0)
        return diag_error(d, EX_CANTCREAT_, final_dir, 0, 0, "cannot move reports into place: %s",
                          strerror(errno));
    return 0;
}

int output_dir_unswap(const char *staging, const char *final_dir, int had_old)
{
    if (had_old)
        return renameat2(AT_FDCWD, staging, AT_FDCWD, final_dir, RENAME_EXCHANGE);
    return rename(final_dir, staging);
}

int output_dir_commit(const char *staging, const char *final_dir, struct diag *d)
{
    int had_old;
    int rc = output_dir_swap(staging, final_dir, &had_old, d);
    output_dir_abort(staging); /* the previous reports, or what failed */
    return rc;
}

void output_dir_abort(const char *staging)
{
    if (staging)
        rm_rf(staging);
    cleanup_forget(staging_handle);
    staging_handle = -1;
}

int write_file(const char *path, const void *data, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    const char *p = data;
    size_t left = n;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    return close(fd);
}
