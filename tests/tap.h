/*
 * tap.h — a tiny TAP producer for meson's `protocol : 'tap'` tests.
 *
 *   ok(cond, "name %d", i);          one assertion
 *   is_num(got, want, tol, "name");  numbers, |got-want| <= tol (NAN == NAN)
 *   is_str(got, want, "name");       strings (NULL-safe)
 *   is_int(got, want, "name");
 *   return tap_done();               prints the plan, exit status 0 / 1
 */
#ifndef INDIGO_TAP_H
#define INDIGO_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3))) static int ok(int cond, const char *fmt, ...)
{
    va_list ap;
    tap_n++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond)
        tap_failed++;
    fflush(stdout);
    return cond;
}

static inline int is_num(double got, double want, double tol, const char *name)
{
    int good = (isnan(got) && isnan(want)) || (!isnan(got) && !isnan(want) && fabs(got - want) <= tol) ||
               (isinf(got) && isinf(want) && (got > 0) == (want > 0));
    if (!ok(good, "%s", name))
        printf("#   got %.17g, want %.17g (tol %g)\n", got, want, tol);
    return good;
}

static inline int is_int(long got, long want, const char *name)
{
    if (!ok(got == want, "%s", name))
        printf("#   got %ld, want %ld\n", got, want);
    return got == want;
}

static inline int is_str(const char *got, const char *want, const char *name)
{
    int good = (!got && !want) || (got && want && strcmp(got, want) == 0);
    if (!ok(good, "%s", name))
        printf("#   got  \"%s\"\n#   want \"%s\"\n", got ? got : "(null)", want ? want : "(null)");
    return good;
}

static inline int tap_done(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
