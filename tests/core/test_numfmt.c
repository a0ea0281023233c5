/*
 * test_numfmt.c — round_decimals(), fmt_shortest(), scale_decimals()
 * (numfmt.c) and url_problem() (url.c).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "numfmt.h"
#include "rng.h"
#include "tap.h"
#include "url.h"

/* An independent reference: the 15 digits as text, rounded half up in
   decimal, read back by strtod(). */
static double reference_round(double x, int d)
{
    if (x == 0)
        return 0.0;
    char buf[40], digits[20], text[64];
    snprintf(buf, sizeof buf, "%.14e", fabs(x));
    int exp = atoi(strchr(buf, 'e') + 1), n = 0;
    digits[n++] = '0';
    digits[n++] = buf[0];
    for (int i = 2; i < 16; i++)
        digits[n++] = buf[i];
    digits[n] = '\0';   /* "0" + 15 digits: digit i (from 1) is 10^(exp - i + 1) */
    int keep = exp + d + 1;   /* digits kept after the leading "0" */
    if (keep >= 15)
        return strtod(buf, NULL) * (x < 0 ? -1 : 1);
    if (keep < 0)
        return 0.0;
    int up = digits[keep + 1] >= '5';
    digits[keep + 1] = '\0';
    for (int i = keep; up && i >= 0; i--) {
        if (digits[i] == '9') {
            digits[i] = '0';
        } else {
            digits[i]++;
            up = 0;
        }
    }
    snprintf(text, sizeof text, "%se%d", digits, -d);
    double r = strtod(text, NULL);
    return r == 0 ? 0.0 : x < 0 ? -r : r;
}

static void test_round(void)
{
    is_num(round_decimals(2.675, 2), 2.68, 0, "2.675 -> 2.68 (15 digits, as ROUND())");
    is_num(round_decimals(1.005, 2), 1.01, 0, "1.005 -> 1.01");
    is_num(round_decimals(86.25, 1), 86.3, 0, "86.25 -> 86.3 (half away from zero)");
    is_num(round_decimals(-86.25, 1), -86.3, 0, "-86.25 -> -86.3");
    is_num(round_decimals(47.22222222222221, 1), 47.2, 0, "47.22222222222221 -> 47.2");
    ok(round_decimals(47.22222222222221, 1) == round_decimals(47.222222222222214, 1),
       "MINEX/SVET: two doubles one bit apart round to the same value");
    ok(round_decimals(0.85670000000000002, 4) == round_decimals(0.85669999999999991, 4),
       "two sides of 0.8567 at 4 decimals are the same value");
    /* one ulp below a half still shows as .x5 in 15 digits: rounded up */
    double below = nextafter(47.25, 0);
    is_num(round_decimals(below, 1), 47.3, 0, "one ulp below 47.25 -> 47.3 (shows 47.25)");
    is_num(round_decimals(47.24999999999, 1), 47.2, 0, "47.24999999999 -> 47.2");
    is_num(round_decimals(0.06, 1), 0.1, 0, "0.06 -> 0.1 (carry into a new digit)");
    is_num(round_decimals(0.04, 1), 0, 0, "0.04 -> 0");
    ok(!signbit(round_decimals(-0.04, 1)), "-0.04 -> +0, no negative zero");
    is_num(round_decimals(99.96, 1), 100, 0, "99.96 -> 100.0 (carry through nines)");
    is_num(round_decimals(1e-20, 4), 0, 0, "1e-20 at 4 decimals -> 0");
    is_num(round_decimals(123456.5, 0), 123457, 0, "0 decimals");
    is_num(round_decimals(0.74995, 4), 0.75, 0, "0.74995 -> 0.7500");
    ok(isnan(round_decimals(NAN, 2)), "NAN stays NAN");
    ok(isinf(round_decimals(INFINITY, 2)), "infinity stays");
    is_num(round_decimals(1.0 / 3, 15), 0.333333333333333, 0, "15 decimals: 15 digits");
    /* the printed text is the rounded value: fmt_num agrees with round_decimals */
    char buf[64];
    is_str(fmt_num(buf, sizeof buf, 2.675, 2, LANG_EN), "2.68", "fmt_num prints the rounded value");
    is_str(fmt_num(buf, sizeof buf, below, 1, LANG_ES), "47,3", "fmt_num: the ulp below 47.25");

    /* many values: rounding agrees with a decimal rounding of the %.15g text */
    struct rng r;
    rng_init(&r, 2026, 19);
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        double x = (double)(rng_next(&r) >> 11) / 9007199254740992.0 * 100;
        int d = (int)(rng_next(&r) % 5);
        double y = round_decimals(x, d);
        /* |x - y| <= half a unit of the last place (plus the 15-digit slack) */
        double half = 0.5 * pow(10, -d);
        if (!(fabs(x - y) <= half * (1 + 1e-12)))
            bad++;
        /* y has at most d decimals: printing and reading back is exact */
        char t[64];
        snprintf(t, sizeof t, "%.*f", d, y);
        if (strtod(t, NULL) != y)
            bad++;
    }
    is_int(bad, 0, "20,000 random values: within half a unit, exactly d decimals");

    /* the fast path agrees with the text, bit for bit: random values of
       every size, and values a few ulps around every half */
    bad = 0;
    for (int i = 0; i < 200000; i++) {
        int d = (int)(rng_next(&r) % 16);
        double x = (double)(rng_next(&r) >> 11) / 9007199254740992.0;
        x *= pow(10, (double)(rng_next(&r) % 20) - 6);
        if (rng_next(&r) & 1)
            x = -x;
        double a = round_decimals(x, d), b = reference_round(x, d);
        if (memcmp(&a, &b, sizeof a) != 0 && bad++ < 5)
            printf("#   %.17g at %d: %.17g, reference %.17g\n", x, d, a, b);
    }
    for (int k = 0; k < 20000; k++) {
        int d = k % 5;
        double half = (k / 5 + 0.5) / pow(10, d);
        double x = half;
        for (int s = 0; s < 8; s++)
            x = nextafter(x, 0);
        for (int s = 0; s < 16; s++, x = nextafter(x, INFINITY)) {
            double a = round_decimals(x, d), b = reference_round(x, d);
            if (memcmp(&a, &b, sizeof a) != 0 && bad++ < 5)
                printf("#   %.17g at %d: %.17g, reference %.17g\n", x, d, a, b);
        }
    }
    is_int(bad, 0, "round_decimals is the 15-digit decimal rounding, bit for bit (520,000 cases)");
}

/* shortest(x) reads back as x, and one digit less would not. */
static int shortest_ok(double x)
{
    char buf[FMT_SHORTEST_MAX], less[40];
    fmt_shortest(buf, sizeof buf, x);
    if (strtod(buf, NULL) != x)
        return 0;
    for (int p = 15; p <= 17; p++) {
        snprintf(less, sizeof less, "%.*g", p, x);
        if (strtod(less, NULL) == x)
            return strcmp(less, buf) == 0;   /* the first precision that reads back */
    }
    return 0;
}

static void test_shortest(void)
{
    char buf[FMT_SHORTEST_MAX];
    is_str(fmt_shortest(buf, sizeof buf, 0.2), "0.2", "0.2, not 0.20000000000000001");
    is_str(fmt_shortest(buf, sizeof buf, 33.333333333333329), "33.33333333333333",
           "33.333333333333329 -> 33.33333333333333");
    is_str(fmt_shortest(buf, sizeof buf, 100.0 / 3), "33.333333333333336", "100/3: 17 digits");
    is_str(fmt_shortest(buf, sizeof buf, 0.1 + 0.2), "0.30000000000000004", "0.1 + 0.2: 17 digits");
    is_str(fmt_shortest(buf, sizeof buf, 8.950000000000003), "8.950000000000003", "8.950000000000003");
    is_str(fmt_shortest(buf, sizeof buf, 8.95), "8.95", "8.95");
    is_str(fmt_shortest(buf, sizeof buf, 47.22222222222221), "47.22222222222221", "MINEX");
    is_str(fmt_shortest(buf, sizeof buf, 47.222222222222214), "47.222222222222214", "SVET");
    is_str(fmt_shortest(buf, sizeof buf, 0), "0", "0");
    is_str(fmt_shortest(buf, sizeof buf, 100), "100", "100");
    is_str(fmt_shortest(buf, sizeof buf, -2.5), "-2.5", "-2.5");
    is_str(fmt_shortest(buf, sizeof buf, 1e-5), "1e-05", "1e-5");
    is_str(fmt_shortest(buf, sizeof buf, 1e300), "1e+300", "1e300");
    is_str(fmt_shortest(buf, sizeof buf, 5e-324), "4.94065645841247e-324", "the least subnormal");
    ok(shortest_ok(DBL_MAX), "the largest double");
    is_str(fmt_shortest(buf, sizeof buf, -0.0), "-0", "-0 keeps its sign, as %g does");
    is_str(fmt_shortest(buf, sizeof buf, -7), "-7", "-7");
    is_str(fmt_shortest(buf, sizeof buf, 999999999999999.0), "999999999999999", "10^15 - 1");
    is_str(fmt_shortest(buf, sizeof buf, 1e15), "1e+15", "10^15: as %.15g, with an exponent");
    /* whole numbers (written without printf) exactly as "%.15g" prints them */
    {
        char want[40];
        long wrong = 0;
        for (long long v = -100000; v <= 100000; v++) {
            double x = (double)v * (v % 7 == 0 ? 9999999999.0 : 1.0);
            if (fabs(x) >= 1e15)
                continue;
            snprintf(want, sizeof want, "%.15g", x);
            wrong += strcmp(fmt_shortest(buf, sizeof buf, x), want) != 0;
        }
        is_int(wrong, 0, "whole numbers below 10^15 as %.15g prints them (200,001 cases)");
    }

    struct rng r;
    rng_init(&r, 2026, 5);
    long bad = 0;
    for (int i = 0; i < 30000; i++) {
        uint64_t bits = rng_next(&r);
        double x;
        memcpy(&x, &bits, sizeof x);
        if (!isfinite(x))
            continue;
        bad += !shortest_ok(x);
    }
    is_int(bad, 0, "30,000 random bit patterns: exact and the shortest of %.15g/16g/17g");
    bad = 0;
    for (int k = -20000; k <= 20000; k++) {
        bad += !shortest_ok(k / 10.0) + !shortest_ok(k / 3.0) + !shortest_ok(k / 1000.0);
        char buf2[FMT_SHORTEST_MAX], want[32];
        fmt_shortest(buf2, sizeof buf2, k / 10.0);
        snprintf(want, sizeof want, "%.15g", k / 10.0);
        bad += strcmp(buf2, want) != 0;   /* one decimal: never more than 15 digits */
    }
    is_int(bad, 0, "k/10, k/3, k/1000 for |k| <= 20,000: exact; k/10 as typed");
}

static void test_scale(void)
{
    is_int(scale_decimals(0, 100), 1, "0..100 -> 1 decimal");
    is_int(scale_decimals(0, 1), 3, "0..1 -> 3 decimals");
    is_int(scale_decimals(0, 10), 2, "0..10 -> 2");
    is_int(scale_decimals(1, 5), 2, "1..5 -> 2");
    is_int(scale_decimals(0, 1000), 0, "0..1000 -> 0");
    is_int(scale_decimals(0, 1e9), 0, "never negative");
}

static void test_url(void)
{
    static const char *good[] = {
        "https://ejemplo.gob.gt/civ/2026/gob-plan",
        "http://www.minfin.gob.gt",
        "HTTPS://WWW.MINFIN.GOB.GT/",
        "https://datos.gob.gt/dataset?id=3&fmt=csv#tabla",
        "https://www.x.gob.gt/año/informe%20final.pdf",
        "https://portal.gob.gt:8443/a",
        "http://[2001:db8::1]:8080/x",
        "http://localhost/x",
        "http://intranet/doc",
        "https://user@host.example.org/",
        "https://muni-ixcan.gob.gt/",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        ok(url_problem(good[i]) == NULL, "well formed: %s", good[i]);
    static const struct {
        const char *url, *why;
    } bad[] = {
        {"", "is empty"},
        {"www.minfin.gob.gt", "does not begin with http:// or https://"},
        {"ftp://x.org/a", "does not begin with http:// or https://"},
        {"ver oficio 12-2026", "does not begin with http:// or https://"},
        {"=HYPERLINK(\"http://x\")", "does not begin with http:// or https://"},
        {"https://", "has no host after the //"},
        {"https:///a", "has no host after the //"},
        {"https://a..b/", "has an empty part in its host name: two dots, or a dot at an end"},
        {"https://-a.b/", "has a host name part that begins or ends with '-'"},
        {"https://a_b.c/", "has a character that is not allowed in a host name"},
        {"https://a.b:0/", "has a port that is not a number from 1 to 65535"},
        {"https://a.b:99999/", "has a port that is not a number from 1 to 65535"},
        {"https://a.b:x/", "has a port that is not a number from 1 to 65535"},
        {"https://a.b/informe final.pdf", "contains a space, which a URL writes as %20"},
        {"https://a.b/x\ty", "contains a control character"},
        {"https://a.b/<script>", "contains one of \" < > \\ ^ ` { | }, which a URL does not allow"},
        {"https://a.b/100%", "has a '%' that is not followed by two hexadecimal digits"},
        {"http://[::1/", "has an unclosed [ in its host"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        is_str(url_problem(bad[i].url), bad[i].why, bad[i].url);

    /* evidence: a web address must be well formed; other text is a document */
    ok(evidence_problem("https://ejemplo.gob.gt/plan.pdf") == NULL, "evidence: a URL");
    ok(evidence_problem("acta 7-2026") == NULL, "evidence: a document's name");
    ok(evidence_problem("=HYPERLINK(\"x\")") == NULL, "evidence: any other text is a name");
    is_str(evidence_problem(NULL), "is empty", "evidence: none");
    is_str(evidence_problem(""), "is empty", "evidence: empty");
    is_str(evidence_problem("www.minfin.gob.gt/plan"), "does not begin with http:// or https://",
           "evidence: www. without a scheme");
    is_str(evidence_problem("htps://x.gob.gt"), "does not begin with http:// or https://",
           "evidence: a misspelt scheme");
    is_str(evidence_problem("http//x.gob.gt"), "does not begin with http:// or https://",
           "evidence: begins with http but is no URL");
    is_str(evidence_problem("https://x.gob.gt/informe final.pdf"),
           "contains a space, which a URL writes as %20", "evidence: a space in a URL");
}

int main(void)
{
    test_round();
    test_shortest();
    test_scale();
    test_url();
    return tap_done();
}
