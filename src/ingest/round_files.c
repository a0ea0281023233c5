/*
 * round_files.c — a framework's files kept with its round (round_files.h).
 */
#include "round_files.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "fileio.h"
#include "framework.h"
#include "sha256.h"
#include "xalloc.h"

/* The files framework_load reads; options.csv may be absent. */
static const char *const method_files[] = {"framework.ini", "nodes.csv", "questions.csv",
                                           "options.csv"};
#define N_METHOD_FILES (int)(sizeof method_files / sizeof *method_files)

int round_files_read(const char *dir, struct round_file **files, int *n, struct diag *d)
{
    *files = xcalloc(N_METHOD_FILES, sizeof **files);
    *n = 0;
    for (int i = 0; i < N_METHOD_FILES; i++) {
        char *path = xasprintf("%s/%s", dir, method_files[i]);
        size_t size = 0;
        char *data = read_file(path, &size);
        if (!data) {
            int optional = i == N_METHOD_FILES - 1 && errno == ENOENT;
            if (!optional)
                diag_error(d, errno == ENOENT ? EX_NOINPUT_ : EX_IOERR_, path, 0, 0,
                           "cannot read: %s", strerror(errno));
            free(path);
            if (optional)
                continue;
            round_files_free(*files, *n);
            *files = NULL;
            *n = 0;
            return -1;
        }
        free(path);
        struct round_file *f = &(*files)[(*n)++];
        f->name = xstrdup(method_files[i]);
        f->dir = xstrdup(dir);
        f->data = data;
        f->size = size;
        sha256_hex(data, size, f->sha256);
    }
    return 0;
}

const char *round_files_first_difference(const struct round_file *a, int na,
                                         const struct round_file *b, int nb)
{
    for (int i = 0; i < na; i++) {
        int k = 0;
        while (k < nb && strcmp(a[i].name, b[k].name) != 0)
            k++;
        if (k == nb || strcmp(a[i].sha256, b[k].sha256) != 0)
            return a[i].name;
    }
    for (int k = 0; k < nb; k++) {
        int i = 0;
        while (i < na && strcmp(a[i].name, b[k].name) != 0)
            i++;
        if (i == na)
            return b[k].name;
    }
    return NULL;
}

int round_files_same(const struct round_file *a, int na, const struct round_file *b, int nb)
{
    return round_files_first_difference(a, na, b, nb) == NULL;
}

static void remove_dir(const char *dir)
{
    for (int i = 0; i < N_METHOD_FILES; i++) {
        char *path = xasprintf("%s/%s", dir, method_files[i]);
        unlink(path);
        free(path);
    }
    rmdir(dir);
}

struct framework *framework_from_round_files(const struct round_file *files, int n,
                                             struct diag *d)
{
    if (n == 0)
        BUG("framework_from_round_files: no files");
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/indigo-framework-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        diag_error(d, EX_CANTCREAT_, dir, 0, 0, "cannot create a temporary directory: %s",
                   strerror(errno));
        free(dir);
        return NULL;
    }
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        int known = 0;
        for (int k = 0; k < N_METHOD_FILES; k++)
            known |= strcmp(files[i].name, method_files[k]) == 0;
        if (!known) /* stored by us: only these names */
            BUG("stored framework file \"%s\"", files[i].name);
        char *path = xasprintf("%s/%s", dir, files[i].name);
        if (write_file(path, files[i].data, files[i].size) != 0)
            rc = diag_error(d, EX_CANTCREAT_, path, 0, 0, "cannot write: %s", strerror(errno));
        free(path);
    }
    struct diag mine;
    diag_init(&mine);
    struct framework *fw = rc == 0 ? framework_load(dir, &mine) : NULL;
    /* messages and the framework name the directory it was loaded from; its
       warnings were given when that directory was loaded */
    diag_rename_dir(&mine, dir, files[0].dir);
    if (diag_failed(&mine))
        diag_merge(d, &mine);
    else
        diag_release(&mine);
    remove_dir(dir);
    if (fw) {
        free(fw->dir);
        free(fw->ini_path);
        fw->dir = xstrdup(files[0].dir);
        fw->ini_path = xasprintf("%s/framework.ini", files[0].dir);
    }
    free(dir);
    return fw;
}

void round_files_free(struct round_file *f, int n)
{
    for (int i = 0; i < n; i++) {
        free(f[i].name);
        free(f[i].dir);
        free(f[i].data);
    }
    free(f);
}
