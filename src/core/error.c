/*
 * error.c — diagnostics collected during a run, and BUG().
 */
#include "error.h"

#include <stdlib.h>
#include <string.h>

#include "messages.h"
#include "xalloc.h"

void diag_init(struct diag *d)
{
    memset(d, 0, sizeof *d);
}

void diag_release(struct diag *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->n_kept; i++)
        free(d->msgs[i]);
    free(d->msgs);
    diag_init(d);
}

char *diag_sheet_location(const char *file, const char *sheet)
{
    return xasprintf("%s%c%s", file, DIAG_SHEET_MARK, sheet);
}

/* "file.xlsx:Sheet!C12" (or ":Sheet:12" for a row) for a name made by
   diag_sheet_location(). */
static char *sheet_msg(const char *file, long line, long col, const char *kind, const char *body)
{
    const char *mark = strchr(file, DIAG_SHEET_MARK);
    int n = (int)(mark - file);
    if (line > 0 && col > 0) {
        char letters[8];
        int k = (int)sizeof letters - 1;
        letters[k] = '\0';
        for (long c = col; c > 0 && k > 0; c = (c - 1) / 26)
            letters[--k] = (char)('A' + (c - 1) % 26);
        return xasprintf("%.*s:%s!%s%ld: %s: %s", n, file, mark + 1, letters + k, line, kind,
                         body);
    }
    if (line > 0)
        return xasprintf("%.*s:%s:%ld: %s: %s", n, file, mark + 1, line, kind, body);
    return xasprintf("%.*s:%s: %s: %s", n, file, mark + 1, kind, body);
}

/* Format "file:line:col: kind: message" and keep it if there is room. */
static void diag_add(struct diag *d, const char *kind, const char *file, long line,
                     long col, const char *fmt, va_list ap)
{
    if (d->n_kept >= DIAG_SHOWN)
        return;
    /* the message in the run's language (messages.h): same conversions */
    char *body = xvasprintf(msg_tr(fmt), ap);
    char *msg;
    if (file && strchr(file, DIAG_SHEET_MARK))
        msg = sheet_msg(file, line, col, kind, body);
    else if (file && line > 0 && col > 0)
        msg = xasprintf("%s:%ld:%ld: %s: %s", file, line, col, kind, body);
    else if (file && line > 0)
        msg = xasprintf("%s:%ld: %s: %s", file, line, kind, body);
    else if (file)
        msg = xasprintf("%s: %s: %s", file, kind, body);
    else
        msg = xasprintf("%s: %s", kind, body);
    free(body);
    d->msgs = xrealloc(d->msgs, (size_t)(d->n_kept + 1) * sizeof *d->msgs);
    d->msgs[d->n_kept++] = msg;
}

int diag_error(struct diag *d, int status, const char *file, long line, long col,
               const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, msg_tr("error"), file, line, col, fmt, ap);
    va_end(ap);
    d->n_errors++;
    if (status > d->status)
        d->status = status;
    return -1;
}

void diag_warning(struct diag *d, const char *file, long line, long col,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_add(d, msg_tr("warning"), file, line, col, fmt, ap);
    va_end(ap);
    d->n_warnings++;
}

void diag_print(const struct diag *d, FILE *fp)
{
    for (int i = 0; i < d->n_kept; i++)
        fprintf(fp, "%s\n", d->msgs[i]);
    long total = d->n_errors + d->n_warnings;
    if (total > d->n_kept)
        fprintf(fp, msg_tr("... and %ld more (%ld errors in all)\n"), total - d->n_kept,
                d->n_errors);
}

void diag_rename_dir(struct diag *d, const char *from, const char *to)
{
    size_t n = strlen(from);
    for (int i = 0; i < d->n_kept; i++) {
        const char *m = d->msgs[i];
        if (strncmp(m, from, n) != 0 || m[n] != '/')
            continue;
        char *renamed = xasprintf("%s%s", to, m + n);
        free(d->msgs[i]);
        d->msgs[i] = renamed;
    }
}

void diag_merge(struct diag *dst, struct diag *src)
{
    for (int i = 0; i < src->n_kept; i++) {
        if (dst->n_kept < DIAG_SHOWN) {
            dst->msgs = xrealloc(dst->msgs, (size_t)(dst->n_kept + 1) * sizeof *dst->msgs);
            dst->msgs[dst->n_kept++] = src->msgs[i];
            src->msgs[i] = NULL;
        }
    }
    dst->n_errors += src->n_errors;
    dst->n_warnings += src->n_warnings;
    if (src->status > dst->status)
        dst->status = src->status;
    diag_release(src);
}

/* Is msg (as diag_add formats it) a warning: its kind, the first one in it? */
static int is_warning(const char *msg)
{
    char *warn = xasprintf(" %s: ", msg_tr("warning")), *err = xasprintf(" %s: ", msg_tr("error"));
    const char *w = strstr(msg, warn), *e = strstr(msg, err);
    int yes = w && (!e || w < e);
    if (!strncmp(msg, warn + 1, strlen(warn) - 1))
        yes = 1; /* no location: "warning: ..." */
    else if (!strncmp(msg, err + 1, strlen(err) - 1))
        yes = 0;
    free(warn);
    free(err);
    return yes;
}

void diag_merge_new(struct diag *dst, struct diag *src)
{
    for (int i = 0; i < src->n_kept; i++) {
        int seen = 0;
        for (int k = 0; k < dst->n_kept && !seen; k++)
            seen = strcmp(dst->msgs[k], src->msgs[i]) == 0;
        if (!seen)
            continue;
        if (is_warning(src->msgs[i]))
            src->n_warnings--;
        else
            src->n_errors--;
        free(src->msgs[i]);
        src->msgs[i] = NULL;
    }
    int n = 0;
    for (int i = 0; i < src->n_kept; i++)
        if (src->msgs[i])
            src->msgs[n++] = src->msgs[i];
    src->n_kept = n;
    diag_merge(dst, src);
}

void bug_fl(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "BUG: %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
