/*
 * numparse.c — numbers read from text, strictly (contract in numparse.h).
 *
 * csv_parse_number(): numbers as Spanish- and English-locale spreadsheets
 * write them.
 *
 * The number is checked against a strict grammar first and only then handed
 * to strtod(), because strtod() alone accepts "nan", "inf", hex floats and
 * leading junk, all of which would slip garbage into the indices.
 *
 *   number   = [sign] mantissa [exponent]
 *   mantissa = int [dec digits] | dec digits
 *   int      = digits | d{1,3} (grp ddd)+      grouping needs exact 3-digit groups
 *   exponent = (e|E) [sign] digits
 *
 * With decimal_comma the decimal mark is ',' and the grouping mark '.';
 * otherwise the reverse.  So "1,5" is refused when decimal_comma is off
 * (it is not a valid grouping), which is exactly the mistake to catch.
 * strtod() is locale-dependent; indigo never calls setlocale(), so the
 * normalised text (with '.') is read in the C locale.
 *
 * Most survey numbers ("45", "12.5") have at most 15 digits and no exponent:
 * those are converted without strtod() as digits / 10^decimals, one IEEE
 * division of two exactly representable numbers, hence correctly rounded:
 * the very double strtod() returns (Clinger's fast path), only faster.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"
#include "xalloc.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* buf: "[sign]digits[.digits]" (no exponent), at most 15 digits in all.
   Exact as described above. */
static double fast_value(const char *buf)
{
    int neg = *buf == '-';
    if (*buf == '-' || *buf == '+')
        buf++;
    unsigned long long m = 0;
    int frac = -1;
    for (; *buf; buf++) {
        if (*buf == '.') {
            frac = 0;
            continue;
        }
        m = m * 10 + (unsigned long long)(*buf - '0');
        if (frac >= 0)
            frac++;
    }
    double v = (double)m / pow10_exact[frac > 0 ? frac : 0];
    return neg ? -v : v;
}

int csv_parse_number(const char *s, int decimal_comma, double *out)
{
    const char dec = decimal_comma ? ',' : '.';
    const char grp = decimal_comma ? '.' : ',';
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0)
        return -1;
    char small[64];
    char *buf = n < sizeof small ? small : xmalloc(n + 1); /* the number with '.' and
                                                              without grouping */
    size_t o = 0, i = 0;
    int rc = -1;
    if (s[i] == '+' || s[i] == '-')
        buf[o++] = s[i++];
    size_t int_digits = 0, frac_digits = 0, lead = 0;
    while (i < n && is_digit(s[i])) {
        buf[o++] = s[i++];
        lead++;
    }
    int_digits = lead;
    if (i < n && s[i] == grp) {
        if (lead < 1 || lead > 3)
            goto out;
        while (i < n && s[i] == grp) {
            i++;
            for (int k = 0; k < 3; k++, i++) {
                if (i >= n || !is_digit(s[i]))
                    goto out;
                buf[o++] = s[i];
            }
            int_digits += 3;
        }
        if (i < n && is_digit(s[i]))
            goto out; /* a group of four or more digits */
    }
    if (i < n && s[i] == dec) {
        buf[o++] = '.';
        i++;
        while (i < n && is_digit(s[i])) {
            buf[o++] = s[i++];
            frac_digits++;
        }
    }
    if (int_digits + frac_digits == 0)
        goto out;
    int has_exp = i < n && (s[i] == 'e' || s[i] == 'E');
    if (has_exp) {
        buf[o++] = 'e';
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            buf[o++] = s[i++];
        size_t exp_digits = 0;
        while (i < n && is_digit(s[i])) {
            buf[o++] = s[i++];
            exp_digits++;
        }
        if (!exp_digits)
            goto out;
    }
    if (i != n)
        goto out; /* trailing junk */
    buf[o] = '\0';
    double v;
    if (!has_exp && int_digits + frac_digits <= 15) {
        v = fast_value(buf);
    } else {
        errno = 0;
        char *end;
        v = strtod(buf, &end);
        if (*end || !isfinite(v))
            goto out; /* overflow (1e400) gives HUGE_VAL; underflow is accepted as is */
    }
    *out = v == 0 ? 0.0 : v; /* "-0" -> +0, so it prints and sorts as 0 */
    rc = 0;
out:
    if (buf != small)
        free(buf);
    return rc;
}

/* The INI files' numbers: plain C-locale text, so strtod() and strtol()
   do the work and the checks around them refuse what they would let by. */
int parse_double_strict(const char *s, double *out)
{
    char *end;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return -1;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v == 0 ? 0.0 : v; /* "-0" -> 0 */
    return 0;
}

int parse_int_strict(const char *s, long *out)
{
    char *end;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10); /* base 10: "010" is ten, not eight */
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}
