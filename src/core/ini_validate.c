/*
 * ini_validate.c — an INI file against its schema (ini.h): every section
 * and key known, none given twice, every value of its type and in its range.
 *
 * Why it is strict: iniparser hands back whatever is asked for, so a
 * misspelt key ("dmeo = true", "license = CC0-1.0") used to be ignored
 * without a word and its default used, and a repeated key silently lost
 * its first value.  Every problem names its line, and an unknown name the
 * nearest known one.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ini.h"
#include "messages.h"
#include "ini_impl.h"
#include "numparse.h"
#include "strbuf.h"
#include "xalloc.h"

int ini_edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return (int)(n > m ? n : m); /* long names: no suggestion worth its cost */
    int d[66][66];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            int same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            int v = d[i - 1][j - 1] + !same;
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1; /* "dmeo" is "demo" with two letters swapped */
            d[i][j] = v;
        }
    }
    return d[n][m];
}

/* How far a name may be from a known one to be suggested. */
static int close_enough(const char *given, int dist)
{
    size_t n = strlen(given);
    return dist <= (n <= 4 ? 1 : n <= 8 ? 2 : 3);
}

/* ------------------------------------------------------------------------ */
/* Sections                                                                  */
/* ------------------------------------------------------------------------ */

/* Length of the family prefix of "survey.<NAME>" ("survey"), or 0 for a
   plain section name. */
static size_t family_len(const char *spec_name)
{
    const char *lt = strstr(spec_name, ".<");
    size_t n = strlen(spec_name);
    return lt && n > 3 && spec_name[n - 1] == '>' ? (size_t)(lt - spec_name) : 0;
}

/* The placeholder of a family ("NAME" of "survey.<NAME>") in the run's
   language, as a malloc'd string; f is its family_len(). */
static char *family_word(const char *spec_name, size_t f)
{
    char *word = xstrndup(spec_name + f + 2, strlen(spec_name) - f - 3);
    const char *shown = strcmp(word, "NAME") == 0 ? msg_tr("NAME")
                        : strcmp(word, "YEAR") == 0 ? msg_tr("YEAR") : word;
    if (shown != word) {
        char *t = xstrdup(shown);
        free(word);
        word = t;
    }
    return word;
}

static const struct ini_section_spec *find_section(const struct ini_section_spec *specs,
                                                   const char *name)
{
    for (const struct ini_section_spec *s = specs; s->name; s++) {
        size_t f = family_len(s->name);
        if (f ? strncmp(name, s->name, f) == 0 && name[f] == '.' && name[f + 1]
              : strcmp(name, s->name) == 0)
            return s;
    }
    return NULL;
}

/* "round, paths, ... or survey.NAME" */
static char *section_list(const struct ini_section_spec *specs)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (const struct ini_section_spec *s = specs; s->name; s++) {
        if (s != specs)
            strbuf_adds(&sb, s[1].name ? ", " : msg_tr(" or "));
        size_t f = family_len(s->name);
        if (f) {
            char *word = family_word(s->name, f);
            strbuf_add(&sb, s->name, f + 1);
            strbuf_adds(&sb, word);
            free(word);
        } else {
            strbuf_adds(&sb, s->name);
        }
    }
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach re-initialised it */
    return out;
}

/* "did you mean [x]? " for an unknown section, or "". */
static char *section_hint(const struct ini_section_spec *specs, const char *name)
{
    const struct ini_section_spec *best = NULL;
    int best_d = 1000;
    const char *dot = strchr(name, '.');
    for (const struct ini_section_spec *s = specs; s->name; s++) {
        size_t f = family_len(s->name);
        int dist;
        if (f) {
            char *stem = xstrndup(s->name, f);
            char *given = xstrndup(name, dot ? (size_t)(dot - name) : strlen(name));
            dist = ini_edit_distance(given, stem);
            free(stem);
            free(given);
        } else {
            dist = ini_edit_distance(name, s->name);
        }
        if (dist < best_d) {
            best_d = dist;
            best = s;
        }
    }
    if (!best || !close_enough(name, best_d))
        return xstrdup("");
    size_t f = family_len(best->name);
    if (f) {
        char *word = family_word(best->name, f);
        char *hint = xasprintf(msg_tr("did you mean [%.*s.%s]? "), (int)f, best->name,
                               dot && dot[1] ? dot + 1 : word);
        free(word);
        return hint;
    }
    return xasprintf(msg_tr("did you mean [%s]? "), best->name);
}

/* ------------------------------------------------------------------------ */
/* Keys                                                                      */
/* ------------------------------------------------------------------------ */

static const struct ini_key_spec *find_key(const struct ini_section_spec *s, const char *key)
{
    for (const struct ini_key_spec *k = s->keys; k && k->name; k++)
        if (strcmp(k->name, key) == 0)
            return k;
    return NULL;
}

/* "code, name_es, ..., method_N" */
static char *key_list(const struct ini_section_spec *s)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (const struct ini_key_spec *k = s->keys; k && k->name; k++)
        strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", k->name);
    if (s->extra_names)
        strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", msg_tr(s->extra_names));
    if (!sb.len)
        strbuf_adds(&sb, "no keys");
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach re-initialised it */
    return out;
}

/* "did you mean demo? ", "it belongs in [output]; ", or "". */
static char *key_hint(const struct ini *ini, const struct ini_section_spec *specs,
                      const struct ini_section_spec *s, const char *section, const char *key)
{
    const char *best = NULL;
    int best_d = 1000;
    for (const struct ini_key_spec *k = s->keys; k && k->name; k++) {
        int dist = ini_edit_distance(key, k->name);
        if (dist < best_d) {
            best_d = dist;
            best = k->name;
        }
    }
    char **names = NULL;
    int n = s->extra_list ? s->extra_list(ini, section, &names) : 0;
    for (int i = 0; i < n; i++) {
        int dist = ini_edit_distance(key, names[i]);
        if (dist < best_d) {
            best_d = dist;
            best = names[i];
        }
    }
    char *hint = NULL;
    if (best && close_enough(key, best_d))
        hint = xasprintf(msg_tr("did you mean %s? "), best);
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (hint)
        return hint;
    for (const struct ini_section_spec *o = specs; o->name; o++)
        if (o != s && find_key(o, key)) {
            size_t f = family_len(o->name);
            if (!f)
                return xasprintf(msg_tr("it belongs in [%s]; "), o->name);
            char *word = family_word(o->name, f);
            char *where = xasprintf(msg_tr("it belongs in a [%.*s.%s] section; "), (int)f, o->name,
                                    word);
            free(word);
            return where;
        }
    return xstrdup("");
}

/* ------------------------------------------------------------------------ */
/* Values                                                                    */
/* ------------------------------------------------------------------------ */

/* "a whole number from 0 to 256", "a number above 0 and at most 1000000" */
static char *range_text(const struct ini_key_spec *k)
{
    if (k->expect)
        return xstrdup(msg_tr(k->expect));
    /* in the run's language (messages.h), as a key's own expect text is */
    const char *what = k->type == INI_INT ? msg_tr("a whole number") : msg_tr("a number");
    int lo = !isnan(k->min) && !isinf(k->min), hi = !isnan(k->max) && !isinf(k->max);
    const char *lo_w = k->flags & INI_MIN_OPEN ? msg_tr("above") : msg_tr("from");
    if (lo && hi && !(k->flags & (INI_MIN_OPEN | INI_MAX_OPEN)))
        return xasprintf(msg_tr("%s from %.15g to %.15g"), what, k->min, k->max);
    if (lo && hi)
        return xasprintf(msg_tr("%s %s %.15g and %s %.15g"), what, lo_w, k->min,
                         k->flags & INI_MAX_OPEN ? msg_tr("below") : msg_tr("at most"), k->max);
    if (lo)
        return xasprintf("%s %s %.15g", what,
                         k->flags & INI_MIN_OPEN ? msg_tr("above") : msg_tr("of at least"),
                         k->min);
    if (hi)
        return xasprintf("%s %s %.15g", what,
                         k->flags & INI_MAX_OPEN ? msg_tr("below") : msg_tr("of at most"),
                         k->max);
    return xstrdup(what);
}

static int in_range(const struct ini_key_spec *k, double v)
{
    if (!isnan(k->min) && (k->flags & INI_MIN_OPEN ? v <= k->min : v < k->min))
        return 0;
    if (!isnan(k->max) && (k->flags & INI_MAX_OPEN ? v >= k->max : v > k->max))
        return 0;
    return 1;
}

/* Check the value of section:key against k.  0, or -1 recorded. */
static int check_value(const struct ini *ini, const char *section, const char *key,
                       const struct ini_key_spec *k, int line, struct diag *d)
{
    const char *v = ini_get(ini, section, key);
    if (!v || !*v || k->type == INI_TEXT || k->type == INI_LIST)
        return 0;
    const char *path = ini_path(ini);
    if (k->type == INI_BOOL) {
        int b;
        if (ini_parse_bool(v, &b) == 0)
            return 0;
        return diag_error(d, EX_DATAERR_, path, line, 0,
                          "[%s] %s = \"%s\" (expected yes/no, sí/no or true/false)", section, key,
                          v);
    }
    if (k->type == INI_UINT64) {
        unsigned long long u;
        if (ini_parse_uint64(v, &u) == 0)
            return 0;
        return diag_error(d, EX_DATAERR_, path, line, 0,
                          "[%s] %s = \"%s\" (expected a whole number from 0 to "
                          "18446744073709551615)",
                          section, key, v);
    }
    double x;
    long l;
    int parsed = k->type == INI_INT ? parse_int_strict(v, &l) : parse_double_strict(v, &x);
    char *expect = range_text(k);
    int rc = 0;
    /* digits too many for a long: a whole number, only out of range */
    int too_long = parsed != 0 && k->type == INI_INT && v[strspn(v, "+-")] &&
                   strspn(v + strspn(v, "+-"), "0123456789") == strlen(v + strspn(v, "+-"));
    if (too_long)
        rc = diag_error(d, EX_DATAERR_, path, line, 0, "[%s] %s = %s is out of range (expected %s)",
                        section, key, v, expect);
    else if (parsed != 0)
        rc = diag_error(d, EX_DATAERR_, path, line, 0, "[%s] %s = \"%s\" is not %s (expected %s)",
                        section, key, v,
                        k->type == INI_INT ? msg_tr("a whole number") : msg_tr("a number"),
                        expect);
    else if (!in_range(k, k->type == INI_INT ? (double)l : x))
        rc = diag_error(d, EX_DATAERR_, path, line, 0, "[%s] %s = %s is out of range (expected %s)",
                        section, key, v, expect);
    free(expect);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* The whole file                                                            */
/* ------------------------------------------------------------------------ */

static const struct ini_key *sort_base;

static int by_name_then_order(const void *a, const void *b)
{
    const struct ini_key *x = &sort_base[*(const size_t *)a], *y = &sort_base[*(const size_t *)b];
    int c = strcmp(x->section, y->section);
    if (c == 0)
        c = strcmp(x->key ? x->key : "", y->key ? y->key : "") ;
    if (c == 0)
        c = (x->key != NULL) - (y->key != NULL);
    if (c == 0)
        c = *(const size_t *)a < *(const size_t *)b ? -1 : 1;
    return c;
}

/* first[i]: the record that record i repeats (same section header, or same
   key in the same section), or i itself.  In O(n log n): a fuzzed file may
   hold a million keys. */
static size_t *first_occurrences(const struct ini *ini)
{
    size_t n = ini->n_keys;
    size_t *order = xmalloc((n + 1) * sizeof *order), *first = xmalloc((n + 1) * sizeof *first);
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_base = ini->keys;
    qsort(order, n, sizeof *order, by_name_then_order);
    for (size_t i = 0; i < n; i++) {
        const struct ini_key *k = &ini->keys[order[i]];
        const struct ini_key *p = i ? &ini->keys[order[i - 1]] : NULL;
        int same = p && strcmp(p->section, k->section) == 0 && (p->key == NULL) == (k->key == NULL) &&
                   (!k->key || strcmp(p->key, k->key) == 0);
        first[order[i]] = same ? first[order[i - 1]] : order[i];
    }
    free(order);
    return first;
}

/* Record i, a key, against its section's spec. */
static void check_key(struct ini *ini, const struct ini_section_spec *specs, size_t i,
                      size_t first, struct diag *d)
{
    struct ini_key *r = &ini->keys[i];
    const struct ini_section_spec *s = find_section(specs, r->section);
    if (!s)
        return; /* the section is reported */
    if (first != i) {
        r->reported = 1;
        diag_error(d, EX_DATAERR_, ini->path, r->line, 0,
                   "[%s] %s is set twice, here and at line %d (expected each key once: only the "
                   "last one would count)",
                   r->section, r->key, ini->keys[first].line);
        return;
    }
    const struct ini_key_spec *k = find_key(s, r->key);
    if (!k && s->extra)
        k = s->extra(ini, r->section, r->key);
    if (!k) {
        r->reported = 1;
        char *hint = key_hint(ini, specs, s, r->section, r->key), *list = key_list(s);
        diag_error(d, EX_DATAERR_, ini->path, r->line, 0, "unknown key \"%s\" in [%s] (%sexpected %s)",
                   r->key, r->section, hint, list);
        free(hint);
        free(list);
        return;
    }
    /* the value iniparser keeps is the last one's; the key is here once */
    if (check_value(ini, r->section, r->key, k, r->line, d) != 0)
        r->reported = 1;
}

int ini_validate(struct ini *ini, const struct ini_section_spec *specs, struct diag *d)
{
    long e0 = d->n_errors;
    size_t *first = first_occurrences(ini);
    for (size_t i = 0; i < ini->n_keys; i++) {
        struct ini_key *r = &ini->keys[i];
        if (r->key && !*r->section) {
            r->reported = 1;
            diag_error(d, EX_DATAERR_, ini->path, r->line, 0,
                       "key \"%s\" is outside any section (expected it under a [section] header)",
                       r->key);
        } else if (r->key) {
            check_key(ini, specs, i, first[i], d);
        } else if (first[i] != i) {
            diag_error(d, EX_DATAERR_, ini->path, r->line, 0,
                       "[%s] appears twice, here and at line %d (expected each section once, "
                       "with all its keys)",
                       r->section, ini->keys[first[i]].line);
        } else if (!find_section(specs, r->section)) {
            char *hint = section_hint(specs, r->section), *list = section_list(specs);
            diag_error(d, EX_DATAERR_, ini->path, r->line, 0, "unknown section [%s] (%sexpected %s)",
                       r->section, hint, list);
            free(hint);
            free(list);
        }
    }
    free(first);
    return d->n_errors > e0 ? -1 : 0;
}
