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
    const char *tmpl[LANG_COUNT];   /* U(): the text in each language with the
                                       unit words as markers (tr_units), or
                                       NULL (S(): the text as it is) */
};

static const struct entry table[] = {
#define S(es, en) {{es, en}, {NULL, NULL}},
#define U(key, es, en) {{key, key}, {es, en}},
#include "strings.def"
#undef S
#undef U
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
    struct entry key = {{es, NULL}, {NULL, NULL}};
    const struct entry *pkey = &key;
    const struct entry *const *hit =
        bsearch(&pkey, index_, N_ENTRIES, sizeof index_[0], cmp_entry);
    if (!hit)
        BUG("string missing from strings.def: \"%s\"", es);
    if ((*hit)->tmpl[LANG_ES])
        return tr_units(lang, (*hit)->tmpl[lang]);
    return (*hit)->text[lang];
}

/* ------------------------------------------------------------------------ */
/* The unit words ([publisher] unit_es, units_es, gender_es, ...)            */
/* ------------------------------------------------------------------------ */

static pthread_mutex_t units_lock = PTHREAD_MUTEX_INITIALIZER;
static char *unit_word[LANG_COUNT][2];   /* NULL: the default               */
static int unit_masculine;               /* Spanish gender of the word      */
static const char *const unit_default[LANG_COUNT][2] = {{"institución", "instituciones"},
                                                        {"institution", "institutions"}};

/* Every expansion made, kept for the life of the process: a caller may hold
   one when the words change (a test loading a second config). */
struct expansion {
    const char *tmpl;
    enum lang lang;
    unsigned gen;
    char *text;
};
static struct expansion *made;
static size_t n_made, cap_made;
static unsigned units_gen = 1;

void i18n_set_units(const char *const unit[LANG_COUNT], const char *const units[LANG_COUNT],
                    int masculine)
{
    pthread_mutex_lock(&units_lock);
    for (int l = 0; l < LANG_COUNT; l++) {
        free(unit_word[l][0]);
        free(unit_word[l][1]);
        unit_word[l][0] = unit[l] ? strdup(unit[l]) : NULL;
        unit_word[l][1] = units[l] ? strdup(units[l]) : NULL;
        if ((unit[l] && !unit_word[l][0]) || (units[l] && !unit_word[l][1]))
            BUG("i18n_set_units(): out of memory");
    }
    unit_masculine = masculine;
    units_gen++;
    pthread_mutex_unlock(&units_lock);
}

/* Append n bytes of s to the growing text *out (len, cap). */
static void put(char **out, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = 2 * (*len + n + 1);
        *out = realloc(*out, *cap);
        if (!*out)
            BUG("tr_units(): out of memory");
    }
    memcpy(*out + *len, s, n);
    *len += n;
    (*out)[*len] = '\0';
}

/* The marker at t ("{u}", "{Us}", "{a|o}"), whose closing brace is at end,
   as text into out. */
static void put_marker(char **out, size_t *len, size_t *cap, const char *t, const char *end,
                       enum lang lang)
{
    size_t n = (size_t)(end - t - 1);
    const char *bar = memchr(t + 1, '|', n);
    if (bar) { /* {feminine|masculine} */
        const char *a = unit_masculine ? bar + 1 : t + 1, *z = unit_masculine ? end : bar;
        put(out, len, cap, a, (size_t)(z - a));
        return;
    }
    if (n == 2 && (t[1] == 'a' || t[1] == 'A') && t[2] == 'n') {
        /* {an} / {An}: the English article before the singular word */
        const char *w = unit_word[lang][0] ? unit_word[lang][0] : unit_default[lang][0];
        int vowel = strchr("aeiouAEIOU", w[0]) != NULL && w[0] != '\0';
        const char *art = t[1] == 'A' ? (vowel ? "An" : "A") : (vowel ? "an" : "a");
        put(out, len, cap, art, strlen(art));
        return;
    }
    int upper = t[1] == 'U', plural;
    if (n == 1 && (t[1] == 'u' || t[1] == 'U'))
        plural = 0;
    else if (n == 2 && (t[1] == 'u' || t[1] == 'U') && t[2] == 's')
        plural = 1;
    else
        BUG("strings.def: unknown marker \"%.*s\"", (int)n + 2, t);
    const char *w = unit_word[lang][plural] ? unit_word[lang][plural] : unit_default[lang][plural];
    size_t at = *len;
    put(out, len, cap, w, strlen(w));
    unsigned char *c = (unsigned char *)*out + at;
    if (upper && c[0] >= 'a' && c[0] <= 'z')
        c[0] = (unsigned char)(c[0] - 'a' + 'A');
    else if (upper && c[0] == 0xc3 && c[1] >= 0xa0 && c[1] <= 0xbe && c[1] != 0xb7)
        c[1] = (unsigned char)(c[1] - 0x20); /* á -> Á, as publisher.c's titles */
}

static char *expand(const char *tmpl, enum lang lang)
{
    char *out = NULL;
    size_t len = 0, cap = 0;
    put(&out, &len, &cap, "", 0);
    for (const char *t = tmpl; *t;) {
        const char *end = *t == '{' ? strchr(t, '}') : NULL;
        if (*t == '{' && !end)
            BUG("strings.def: unclosed marker in \"%s\"", tmpl);
        if (end) {
            put_marker(&out, &len, &cap, t, end, lang);
            t = end + 1;
        } else {
            size_t n = strcspn(t, "{");
            put(&out, &len, &cap, t, n);
            t += n;
        }
    }
    return out;
}

const char *tr_units(enum lang lang, const char *tmpl)
{
    if (!tmpl)
        BUG("tr_units() called with NULL");
    if ((unsigned)lang >= LANG_COUNT)
        BUG("tr_units(): language %d out of range", (int)lang);
    pthread_mutex_lock(&units_lock);
    const char *hit = NULL;
    for (size_t i = n_made; i-- > 0 && !hit;)
        if (made[i].tmpl == tmpl && made[i].lang == lang && made[i].gen == units_gen)
            hit = made[i].text;
    if (!hit) {
        if (n_made == cap_made) {
            cap_made = cap_made ? 2 * cap_made : 64;
            made = realloc(made, cap_made * sizeof *made);
            if (!made)
                BUG("tr_units(): out of memory");
        }
        made[n_made] = (struct expansion){tmpl, lang, units_gen, expand(tmpl, lang)};
        hit = made[n_made++].text;
    }
    pthread_mutex_unlock(&units_lock);
    return hit;
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
