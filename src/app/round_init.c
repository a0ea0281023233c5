/*
 * round_init.c — `indigo init DIR` (round_init.h).
 */
#include "round_init.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "fileio.h"
#include "error.h"
#include "xalloc.h"

/* What the example round is made of, as laid out in the data directory and
   in the source tree alike. */
static const char *const parts[] = {"indigo.ini", "indicators", "surveys"};
#define N_PARTS (sizeof parts / sizeof *parts)

static int copy_tree(const char *from, const char *to, struct diag *d);

static int copy_file(const char *from, const char *to, struct diag *d)
{
    size_t n;
    char *data = read_file(from, &n);
    if (!data)
        return diag_error(d, EX_NOINPUT_, from, 0, 0, "cannot read: %s", strerror(errno));
    int rc = write_file(to, data, n);
    if (rc != 0)
        diag_error(d, EX_CANTCREAT_, to, 0, 0, "cannot write: %s", strerror(errno));
    free(data);
    return rc;
}

/* from/name to to/name, whatever it is (symbolic links followed: the copy
   is the user's own, with nothing pointing back into the install). */
static int copy_entry(const char *from, const char *to, struct diag *d)
{
    struct stat st;
    if (stat(from, &st) != 0)
        return diag_error(d, EX_NOINPUT_, from, 0, 0, "cannot read: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return copy_tree(from, to, d);
    if (S_ISREG(st.st_mode))
        return copy_file(from, to, d);
    return diag_error(d, EX_NOINPUT_, from, 0, 0,
                      "neither a file nor a directory: the example round holds only those");
}

static int copy_tree(const char *from, const char *to, struct diag *d)
{
    if (mkdir(to, 0777) != 0)
        return diag_error(d, EX_CANTCREAT_, to, 0, 0, "cannot create: %s", strerror(errno));
    DIR *dp = opendir(from);
    if (!dp)
        return diag_error(d, EX_NOINPUT_, from, 0, 0, "cannot read: %s", strerror(errno));
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *f = xasprintf("%s/%s", from, e->d_name), *t = xasprintf("%s/%s", to, e->d_name);
        rc = copy_entry(f, t, d);
        free(f);
        free(t);
    }
    closedir(dp);
    return rc;
}

/* Refuse before writing anything if a part of the round is already there. */
static int check_target(const char *dir, struct diag *d)
{
    for (size_t i = 0; i < N_PARTS; i++) {
        char *p = xasprintf("%s/%s", dir, parts[i]);
        struct stat st;
        if (lstat(p, &st) == 0)
            diag_error(d, EX_CANTCREAT_, p, 0, 0,
                       "already exists: init starts a round in a new or empty directory and "
                       "never overwrites one (name another DIR)");
        free(p);
    }
    return diag_failed(d) ? -1 : 0;
}

/* Copy every part into staging, flush it, then move the parts into dir. */
static int copy_round(const char *datadir, const char *staging, const char *dir,
                      struct diag *d)
{
    for (size_t i = 0; i < N_PARTS; i++) {
        char *f = xasprintf("%s/%s", datadir, parts[i]), *t = xasprintf("%s/%s", staging, parts[i]);
        int rc = copy_entry(f, t, d);
        free(f);
        free(t);
        if (rc != 0)
            return -1;
    }
    int fd = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || syncfs(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return diag_error(d, EX_IOERR_, staging, 0, 0, "cannot flush to disk: %s", strerror(e));
    }
    close(fd);
    for (size_t i = 0; i < N_PARTS; i++) {
        char *f = xasprintf("%s/%s", staging, parts[i]), *t = xasprintf("%s/%s", dir, parts[i]);
        int rc = rename(f, t);
        if (rc != 0) {
            diag_error(d, EX_CANTCREAT_, t, 0, 0, "cannot create: %s", strerror(errno));
            /* put back what was moved, so the failure leaves nothing */
            for (size_t k = 0; k < i; k++) {
                char *moved = xasprintf("%s/%s", dir, parts[k]),
                     *back = xasprintf("%s/%s", staging, parts[k]);
                if (rename(moved, back) != 0)
                    diag_error(d, EX_CANTCREAT_, moved, 0, 0, "cannot remove after the failure: %s",
                               strerror(errno));
                free(moved);
                free(back);
            }
        }
        free(f);
        free(t);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Copy into a staging directory inside dir, created if missing (and
   removed again if the copy fails). */
static void init_into(const char *datadir, const char *dir, struct diag *d)
{
    struct stat st;
    int created = stat(dir, &st) != 0;
    if (mkdir_p(dir) != 0) {
        diag_error(d, EX_CANTCREAT_, dir, 0, 0, "cannot create: %s", strerror(errno));
        return;
    }
    char *staging = xasprintf("%s/.indigo-init.tmp-%ld", dir, (long)getpid());
    if (mkdir(staging, 0777) != 0)
        diag_error(d, EX_CANTCREAT_, staging, 0, 0, "cannot create: %s", strerror(errno));
    else
        copy_round(datadir, staging, dir, d);
    output_dir_abort(staging);   /* empty after a success */
    /* problems inside the staging directory are named where the files were going */
    diag_rename_dir(d, staging, dir);
    free(staging);
    if (diag_failed(d) && created)
        rmdir(dir);
}

int cmd_init(const char *datadir, const char *dir, int quiet)
{
    struct diag d;
    diag_init(&d);
    char *ini = xasprintf("%s/indigo.ini", datadir);
    if (access(ini, R_OK) != 0)
        diag_error(&d, EX_NOINPUT_, ini, 0, 0,
                   "cannot read the example round: %s (is indigo installed? set INDIGO_DATADIR "
                   "to the directory that holds indigo.ini, indicators/ and surveys/)",
                   strerror(errno));
    free(ini);
    if (!diag_failed(&d) && check_target(dir, &d) == 0)
        init_into(datadir, dir, &d);
    diag_print(&d, stderr);
    int status = diag_failed(&d) ? d.status : 0;
    if (status == 0 && !quiet)
        printf("the example round is in %s (indigo.ini, indicators/, surveys/); "
               "cd there and run: indigo run\n", dir);
    diag_release(&d);
    return status;
}
