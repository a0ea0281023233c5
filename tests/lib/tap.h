/*
 * tap.h — a tiny TAP producer for meson's `protocol : 'tap'` tests.
 *
 *   ok(cond, "name %d", i);          one assertion
 *   is_num(got, want, tol, "name");  numbers, |got-want| <= tol (NAN == NAN)
 *   is_str(got, want, "name");       strings (NULL-safe)
 *   is_int(got, want, "name");
 *   return tap_done();               prints the plan, exit status 0 / 1
 *
 * Each is a macro that passes its file and line, so a failure says where it
 * is ("#   at tests/compute/test_round.c:42") before what was got and
 * wanted.  Each returns whether it passed.
 */
#ifndef INDIGO_TAP_H
#define INDIGO_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

/* The file from the repository's tests/ folder on ("tests/lib/x.c"),
   however the build directory reached it ("../tests/...", or
   "../../elsewhere/repo/tests/..." for a build outside the tree). */
static inline const char *tap_file(const char *file)
{
    const char *t = NULL;
    for (const char *p = strstr(file, "/tests/"); p; p = strstr(p + 1, "/tests/"))
        t = p + 1;
    if (strncmp(file, "tests/", 6) == 0 && !t)
        t = file;
    if (t)
        return t;
    while (strncmp(file, "../", 3) == 0)
        file += 3;
    return file;
}

__attribute__((format(printf, 4, 5))) static inline int tap_ok(const char *file, int line,
                                                               int cond, const char *fmt, ...)
{
    va_list ap;
    tap_n++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        tap_failed++;
        printf("#   at %s:%d\n", tap_file(file), line);
    }
    fflush(stdout);
    return cond;
}

static inline int tap_is_num(const char *file, int line, double got, double want, double tol,
                             const char *name)
{
    int good = (isnan(got) && isnan(want)) || (!isnan(got) && !isnan(want) && fabs(got - want) <= tol) ||
               (isinf(got) && isinf(want) && (got > 0) == (want > 0));
    if (!tap_ok(file, line, good, "%s", name))
        printf("#   got %.17g, want %.17g (tol %g)\n", got, want, tol);
    return good;
}

static inline int tap_is_int(const char *file, int line, long got, long want, const char *name)
{
    if (!tap_ok(file, line, got == want, "%s", name))
        printf("#   got %ld, want %ld\n", got, want);
    return got == want;
}

static inline int tap_is_str(const char *file, int line, const char *got, const char *want,
                             const char *name)
{
    int good = (!got && !want) || (got && want && strcmp(got, want) == 0);
    if (!tap_ok(file, line, good, "%s", name))
        printf("#   got  \"%s\"\n#   want \"%s\"\n", got ? got : "(null)", want ? want : "(null)");
    return good;
}

#define ok(cond, ...) tap_ok(__FILE__, __LINE__, (cond) ? 1 : 0, __VA_ARGS__)
#define is_num(got, want, tol, name) tap_is_num(__FILE__, __LINE__, (got), (want), (tol), (name))
#define is_int(got, want, name) tap_is_int(__FILE__, __LINE__, (got), (want), (name))
#define is_str(got, want, name) tap_is_str(__FILE__, __LINE__, (got), (want), (name))

static inline int tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
