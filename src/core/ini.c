/*
 * ini.c — iniparser behind a safer interface (see ini.h).
 */
#include "ini.h"

#include <ctype.h>
#include <errno.h>
#include <iniparser/iniparser.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "numparse.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#define INI_LINE_MAX 1022   /* iniparser's ASCIILINESZ minus the newline */

struct ini_key {
    char *section;   /* lowercase                                   */
    char *key;       /* lowercase, NULL for a section header        */
    int line;
};

struct ini {
    char *path;
    dictionary *dict;
    struct ini_key *keys;
    size_t n_keys, cap_keys;
    char **sections; int n_sections;
    const char **scratch;     /* ini_keys() result                  */
};

/* iniparser's error callback is process-global and printf-like: collect into
   a buffer while ini_load runs.  indigo is single-threaded while loading. */
static struct strbuf *capture;

static int capture_error(const char *fmt, ...)
{
    va_list ap;
    char buf[1200];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (capture)
        strbuf_adds(capture, buf);
    return 0;
}

static char *lower_dup(const char *s, size_t n)
{
    char *p = xstrndup(s, n);
    for (char *q = p; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    return p;
}

static void trim(const char **b, const char **e)
{
    while (*b < *e && isspace((unsigned char)**b))
        (*b)++;
    while (*e > *b && isspace((unsigned char)(*e)[-1]))
        (*e)--;
}

/* Scan the raw text: BOM, long lines, and where each section/key is. */
static int scan(struct ini *ini, const char *text, size_t n, struct diag *d)
{
    int rc = 0;
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        rc = diag_error(d, EX_DATAERR_, ini->path, 1, 1,
                        "file starts with a UTF-8 byte-order mark (save it as UTF-8 without BOM)");
    size_t utf8_bad;
    if (!utf8_valid(text, n, &utf8_bad)) {
        long line = 1, col = 1;
        for (size_t i = 0; i < utf8_bad; i++) {
            if (text[i] == '\n') {
                line++;
                col = 1;
            } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
                col++;
            }
        }
        rc = diag_error(d, EX_DATAERR_, ini->path, line, col,
                        "invalid UTF-8 byte 0x%02X (save the file as UTF-8)",
                        (unsigned char)text[utf8_bad]);
    }
    char *section = xstrdup("");
    const char *p = text, *end = text + n;
    for (int line = 1; p < end; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *b = p, *e = eol;
        if (e > b && e[-1] == '\r')
            e--;
        if (e - b > INI_LINE_MAX)
            rc = diag_error(d, EX_DATAERR_, ini->path, line, 0,
                            "line is %ld bytes long (at most %d bytes per line)", (long)(e - b),
                            INI_LINE_MAX);
        if (memchr(b, '\0', (size_t)(e - b)))
            rc = diag_error(d, EX_DATAERR_, ini->path, line, 0, "NUL byte in the file (expected text)");
        trim(&b, &e);
        if (b < e && *b == '[') {
            const char *close = memchr(b, ']', (size_t)(e - b));
            if (close) {
                const char *sb = b + 1, *se = close;
                trim(&sb, &se);
                free(section);
                section = lower_dup(sb, (size_t)(se - sb));
                ini->keys = xgrow(ini->keys, &ini->cap_keys, ini->n_keys + 1, sizeof *ini->keys);
                ini->keys[ini->n_keys++] = (struct ini_key){xstrdup(section), NULL, line};
                ini->sections = xrealloc(ini->sections, (size_t)(ini->n_sections + 1) * sizeof(char *));
                ini->sections[ini->n_sections++] = xstrdup(section);
            }
        } else if (b < e && *b != ';' && *b != '#') {
            const char *eq = memchr(b, '=', (size_t)(e - b));
            if (eq) {
                const char *kb = b, *ke = eq;
                trim(&kb, &ke);
                ini->keys = xgrow(ini->keys, &ini->cap_keys, ini->n_keys + 1, sizeof *ini->keys);
                ini->keys[ini->n_keys++] =
                    (struct ini_key){xstrdup(section), lower_dup(kb, (size_t)(ke - kb)), line};
            }
        }
        p = eol < end ? eol + 1 : end;
    }
    free(section);
    return rc;
}

/* Turn "iniparser: syntax error in F (17):\n-> text" into our format. */
static void report_captured(const struct ini *ini, const char *msg, struct diag *d)
{
    const char *p = msg;
    int any = 0;
    while ((p = strstr(p, "iniparser: ")) != NULL) {
        p += strlen("iniparser: ");
        const char *paren = strstr(p, " (");
        int line = paren ? atoi(paren + 2) : 0;
        if (strncmp(p, "syntax error", 12) == 0) {
            diag_error(d, EX_DATAERR_, ini->path, line, 0,
                       "syntax error (expected [section], key = value, or a ; comment)");
            any = 1;
        } else if (strncmp(p, "input line too long", 19) == 0) {
            diag_error(d, EX_DATAERR_, ini->path, line, 0, "line too long (at most %d bytes)",
                       INI_LINE_MAX);
            any = 1;
        }
    }
    if (!any)
        diag_error(d, EX_DATAERR_, ini->path, 0, 0, "cannot parse the file");
}

struct ini *ini_load(const char *path, struct diag *d)
{
    size_t n;
    char *text = read_file(path, &n);
    if (!text) {
        diag_error(d, errno == ENOENT ? EX_NOINPUT_ : EX_IOERR_, path, 0, 0, "cannot read: %s",
                   strerror(errno));
        return NULL;
    }
    struct ini *ini = xcalloc(1, sizeof *ini);
    ini->path = xstrdup(path);
    int rc = scan(ini, text, n, d);
    free(text);
    if (rc != 0) {
        ini_free(ini);
        return NULL;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    capture = &sb;
    iniparser_set_error_callback(capture_error);
    ini->dict = iniparser_load(path);
    iniparser_set_error_callback(NULL);
    capture = NULL;
    if (!ini->dict) {
        report_captured(ini, sb.buf, d);
        strbuf_release(&sb);
        ini_free(ini);
        return NULL;
    }
    strbuf_release(&sb);
    return ini;
}

void ini_free(struct ini *ini)
{
    if (!ini)
        return;
    if (ini->dict)
        iniparser_freedict(ini->dict);
    for (size_t i = 0; i < ini->n_keys; i++) {
        free(ini->keys[i].section);
        free(ini->keys[i].key);
    }
    free(ini->keys);
    for (int i = 0; i < ini->n_sections; i++)
        free(ini->sections[i]);
    free(ini->sections);
    free(ini->scratch);
    free(ini->path);
    free(ini);
}

const char *ini_get(const struct ini *ini, const char *section, const char *key)
{
    char *k = xasprintf("%s:%s", section, key);
    const char *v = iniparser_getstring(ini->dict, k, NULL);
    free(k);
    return v;
}

int ini_line(const struct ini *ini, const char *section, const char *key)
{
    int line = 0;
    /* the last occurrence wins, as in iniparser */
    for (size_t i = 0; i < ini->n_keys; i++) {
        const struct ini_key *k = &ini->keys[i];
        if (strcmp(k->section, section) != 0)
            continue;
        if ((!key && !k->key) || (key && k->key && strcmp(k->key, key) == 0))
            line = k->line;
    }
    return line;
}

int ini_nsections(const struct ini *ini)
{
    return ini->n_sections;
}

const char *ini_section(const struct ini *ini, int i)
{
    return ini->sections[i];
}

int ini_keys(const struct ini *ini, const char *section, const char ***keys)
{
    struct ini *m = (struct ini *)ini;
    free(m->scratch);
    m->scratch = xmalloc((ini->n_keys + 1) * sizeof(char *));
    int n = 0;
    for (size_t i = 0; i < ini->n_keys; i++) {
        const struct ini_key *k = &ini->keys[i];
        if (k->key && strcmp(k->section, section) == 0) {
            int dup = 0;
            for (int j = 0; j < n; j++)
                dup |= strcmp(m->scratch[j], k->key) == 0;
            if (!dup)
                m->scratch[n++] = k->key;
        }
    }
    *keys = m->scratch;
    return n;
}

const char *ini_path(const struct ini *ini)
{
    return ini->path;
}

int ini_get_double(const struct ini *ini, const char *section, const char *key, double def,
                   double *out, struct diag *d)
{
    const char *v = ini_get(ini, section, key);
    *out = def;
    if (!v || !*v)
        return 0;
    if (parse_double_strict(v, out) != 0)
        return diag_error(d, EX_DATAERR_, ini->path, ini_line(ini, section, key), 0,
                          "[%s] %s = \"%s\" is not a number (expected e.g. 0.5)", section, key, v);
    return 0;
}

int ini_get_int(const struct ini *ini, const char *section, const char *key, long def,
                long *out, struct diag *d)
{
    const char *v = ini_get(ini, section, key);
    *out = def;
    if (!v || !*v)
        return 0;
    if (parse_int_strict(v, out) != 0)
        return diag_error(d, EX_DATAERR_, ini->path, ini_line(ini, section, key), 0,
                          "[%s] %s = \"%s\" is not a whole number", section, key, v);
    return 0;
}

int ini_get_bool(const struct ini *ini, const char *section, const char *key, int def,
                 int *out, struct diag *d)
{
    static const char *yes[] = {"yes", "si", "sí", "true", "1", "verdadero", "on"};
    static const char *no[] = {"no", "false", "0", "falso", "off"};
    const char *v = ini_get(ini, section, key);
    *out = def;
    if (!v || !*v)
        return 0;
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcasecmp(v, yes[i]) == 0)
            return *out = 1, 0;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcasecmp(v, no[i]) == 0)
            return *out = 0, 0;
    return diag_error(d, EX_DATAERR_, ini->path, ini_line(ini, section, key), 0,
                      "[%s] %s = \"%s\" (expected yes/no, sí/no or true/false)", section, key, v);
}

int ini_split_list(const char *value, char ***items)
{
    *items = NULL;
    int n = 0;
    if (!value)
        return 0;
    const char *p = value;
    while (*p) {
        const char *c = strchr(p, ',');
        const char *e = c ? c : p + strlen(p);
        const char *b = p;
        trim(&b, &e);
        if (e > b) {
            *items = xrealloc(*items, (size_t)(n + 1) * sizeof(char *));
            (*items)[n++] = xstrndup(b, (size_t)(e - b));
        }
        if (!c)
            break;
        p = c + 1;
    }
    return n;
}
