/*
 * numfmt.c — published precision and shortest round-trip text (numfmt.h).
 */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static const double pow10_exact[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* Rounding the 15 significant digits rather than x * 10^d: multiplying
   already rounds (2.675 * 100 = 267.49999999999997), and the digits a reader
   and a spreadsheet see are the 15 that printf and Excel show.
   The text is only needed near a half: y = |x| 10^d is within 6e-15 y of
   the 15-digit decimal times 10^d (5e-15 from the 15 digits, 1.1e-16 from
   the product), so when y is further than 1e-13 (y + 1) from k + 1/2 both
   round to the same integer k, and k / 10^d (two exact doubles, y < 1e13)
   is the correctly rounded quotient: the double strtod() would return.  The
   ranks of a large round round millions of values; this keeps them cheap. */
double round_decimals(double x, int decimals)
{
    if (decimals < 0 || decimals > 15)
        BUG("round_decimals(): %d decimals", decimals);
    if (!isfinite(x) || x == 0)
        return x == 0 ? 0.0 : x;
    double p = pow10_exact[decimals], y = fabs(x) * p;
    if (y < 1e13) {
        double f = floor(y), frac = y - f;   /* exact: f is a multiple of y's ulp */
        if (fabs(frac - 0.5) > 1e-13 * (y + 1)) {
            double r = (frac > 0.5 ? f + 1 : f) / p;
            return r == 0 ? 0.0 : x < 0 ? -r : r;
        }
    }
    char buf[40];
    /* d.dddddddddddddde[+-]XX: digit i stands for 10^(exp - i) */
    snprintf(buf, sizeof buf, "%.14e", fabs(x));
    char digits[17];
    digits[0] = buf[0];
    memcpy(digits + 1, buf + 2, 14);
    digits[15] = '\0';
    int exp = atoi(strchr(buf, 'e') + 1);
    int last = exp + decimals;   /* index of the last digit kept */
    if (last >= 14) {
        /* 15 significant digits round DBL_MAX up past it: keep x itself */
        double r = strtod(buf, NULL);
        return isfinite(r) ? r * (x < 0 ? -1 : 1) : x;
    }
    if (last < -1)
        return 0.0;
    /* the kept digits as an integer, plus one if the first dropped is >= 5 */
    char kept[20];
    int n = 0;
    kept[n++] = '0';   /* room for a carry */
    for (int i = 0; i <= last; i++)
        kept[n++] = digits[i];
    kept[n] = '\0';
    if (digits[last + 1] >= '5') {
        int i = n - 1;
        while (kept[i] == '9')
            kept[i--] = '0';
        kept[i]++;
    }
    char text[48];
    snprintf(text, sizeof text, "%se%d", kept, -decimals);
    double r = strtod(text, NULL);
    if (r == 0)
        return 0.0;
    return x < 0 ? -r : r;
}

char *fmt_shortest(char *buf, size_t n, double x)
{
    if (!buf || n < 25)
        BUG("fmt_shortest(): buffer of %zu bytes (expected at least 25)", buf ? n : 0);
    /* A whole number below 10^15 (answers of 0 and 1, counts, the ends of
       scales: most cells of the open data) is its digits, which is what
       "%.15g" prints for it and reads back; written here without printf. */
    if (x == trunc(x) && fabs(x) < 1e15 && !(x == 0 && signbit(x))) {
        unsigned long long u = (unsigned long long)fabs(x);
        char digits[20];
        int k = 0;
        do
            digits[k++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        char *o = buf;
        if (x < 0)
            *o++ = '-';
        while (k > 0)
            *o++ = digits[--k];
        *o = '\0';
        return buf;
    }
    for (int p = 15; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, x);
        if (!isfinite(x) || strtod(buf, NULL) == x)
            break;
    }
    return buf;
}

int scale_decimals(double scale_min, double scale_max)
{
    double width = scale_max - scale_min;
    if (!(width > 0) || !isfinite(width))
        return 1;
    /* the digits left of the point at the top of the scale */
    int d = 3 - (int)ceil(log10(width) - 1e-9);
    return d < 0 ? 0 : d > 6 ? 6 : d;
}
