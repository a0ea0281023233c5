/*
 * i18n.c — the string table (src/strings.def) and number formatting.
 *
 * strings.def is a list of S("Spanish", "English") lines that several people
 * append to, in no particular order.  tr() looks the Spanish text up in an
 * index sorted once, on first use, so lookups cost O(log n) and the file can
 * stay in the order people wrote it.
 */
#include "i18n.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "numfmt.h"

/* ------------------------------------------------------------------------ */
/* The table                                                                 */
/* ------------------------------------------------------------------------ */

struct entry {
    const char *text[LANG_COUNT];   /* [LANG_ES] is the key */
};

static const struct entry table[] = {
#define S(es, en) {{es, en}},
#include "strings.def"
#undef S
};
#define N_ENTRIES (sizeof table / sizeof table[0])

static const struct entry *index_[N_ENTRIES];   /* sorted by Spanish text */
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static int cmp_entry(const void *a, const void *b)
{
    const struct entry *x = *(const struct entry *const *)a;
    const struct entry *y = *(const struct entry *const *)b;
    return strcmp(x->text[LANG_ES], y->text[LANG_ES]);
}

/* Sort the index.  The same key twice is harmless when both lines agree
   (two people added the same string); two different translations of one key
   would make tr() depend on the sort, so that is a BUG in strings.def. */
static void build_index(void)
{
    for (size_t i = 0; i < N_ENTRIES; i++)
        index_[i] = &table[i];
    qsort(index_, N_ENTRIES, sizeof index_[0], cmp_entry);
    for (size_t i = 1; i < N_ENTRIES; i++)
        if (strcmp(index_[i - 1]->text[LANG_ES], index_[i]->text[LANG_ES]) == 0 &&
            strcmp(index_[i - 1]->text[LANG_EN], index_[i]->text[LANG_EN]) != 0)
            BUG("strings.def: \"%s\" has two translations (\"%s\" and \"%s\")",
                index_[i]->text[LANG_ES], index_[i - 1]->text[LANG_EN],
                index_[i]->text[LANG_EN]);
}

/* The key is checked in both languages: a Spanish-only run must not hide a
   string that an English run would BUG() on. */
const char *tr(enum lang lang, const char *es)
{
    if (!es)
        BUG("tr() called with NULL");
    if ((unsigned)lang >= LANG_COUNT)
        BUG("tr(): language %d out of range", (int)lang);
    pthread_once(&index_once, build_index);
    struct entry key = {{es, NULL}};
    const struct entry *pkey = &key;
    const struct entry *const *hit =
        bsearch(&pkey, index_, N_ENTRIES, sizeof index_[0], cmp_entry);
    if (!hit)
        BUG("string missing from strings.def: \"%s\"", es);
    return (*hit)->text[lang];
}

/* ------------------------------------------------------------------------ */
/* Language codes                                                            */
/* ------------------------------------------------------------------------ */

const char *lang_code(enum lang lang)
{
    switch (lang) {
    case LANG_ES: return "es";
    case LANG_EN: return "en";
    }
    BUG("lang_code(): language %d out of range", (int)lang);
}

/* "es", "EN", and locale-style names with a region ("es_GT", "en-US",
   "es_GT.UTF-8") are accepted: people copy them from their environment. */
int lang_parse(const char *s)
{
    static const char *const codes[LANG_COUNT] = {"es", "en"};
    if (!s)
        return -1;
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *c = codes[l];
        if ((s[0] | 0x20) == c[0] && (s[1] | 0x20) == c[1] &&
            (s[2] == '\0' || s[2] == '_' || s[2] == '-'))
            return l;
    }
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Numbers                                                                   */
/* ------------------------------------------------------------------------ */

/* printf is used with the C locale's point, then the point becomes a comma in
   Spanish: setlocale() is process-wide and would change every other module's
   number parsing, so the decimal mark is swapped here instead. */
char *fmt_num(char *buf, size_t n, double x, int decimals, enum lang lang)
{
    if (!buf || n == 0)
        BUG("fmt_num(): no buffer");
    if (decimals < 0 || decimals > 15)
        BUG("fmt_num(): %d decimals", decimals);
    if (!isfinite(x)) {
        snprintf(buf, n, "%s", "\xe2\x80\x94");   /* — */
        return buf;
    }
    /* Half away from zero on the digits a spreadsheet shows, as Excel's
       number formats and ROUND() do, so the reports agree with the workbook
       (printf alone rounds 86.25 to 86.2) and a value is printed exactly as
       it is ranked (numfmt.h). */
    x = round_decimals(x, decimals);
    int len = snprintf(buf, n, "%.*f", decimals, x);
    /* a value too large for the caller's buffer at this precision (1e29 as
       a weight, say) is written in scientific notation, with as many
       decimals as fit: every finite double fits in 24 bytes that way */
    for (int dec = decimals; len < 0 || (size_t)len >= n; dec--) {
        if (dec < 0 || n < 24)
            BUG("fmt_num(): buffer of %zu bytes too small for %g", n, x);
        len = snprintf(buf, n, "%.*e", dec, x);
    }
    /* -0.04 at one decimal prints "-0.0"; a sign on zero means nothing to a
       reader, so drop it. */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)(len - 1))
        memmove(buf, buf + 1, (size_t)len);
    if (lang == LANG_ES) {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = ',';
    }
    return buf;
}
