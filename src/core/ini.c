/*
 * ini.c — iniparser behind a safer interface, and the schema check (ini.h).
 */
#include "ini.h"
#include "ini_impl.h"

#include <ctype.h>
#include <errno.h>
#include <iniparser/iniparser.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "csv.h"
#include "fileio.h"
#include "input.h"
#include "numparse.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

#define INI_LINE_MAX 1022   /* iniparser's ASCIILINESZ minus the newline */

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

static void add_record(struct ini *ini, const char *section, char *key, int line)
{
    ini->keys = xgrow(ini->keys, &ini->cap_keys, ini->n_keys + 1, sizeof *ini->keys);
    ini->keys[ini->n_keys++] = (struct ini_key){xstrdup(section), key, line, 0};
    if (key)
        return;
    for (int i = 0; i < ini->n_sections; i++)
        if (strcmp(ini->sections[i], section) == 0)
            return;
    ini->sections = xrealloc(ini->sections, (size_t)(ini->n_sections + 1) * sizeof(char *));
    ini->sections[ini->n_sections++] = xstrdup(section);
}

/* One logical line (continuation lines joined, as iniparser joins them):
   note a section header or a key, as iniparser reads them. */
static void note_line(struct ini *ini, char **section, const char *b, const char *e, int line)
{
    trim(&b, &e);
    if (b == e || *b == ';' || *b == '#')
        return;
    if (*b == '[' && e[-1] == ']') {
        const char *close = memchr(b, ']', (size_t)(e - b));
        const char *sb = b + 1, *se = close;
        trim(&sb, &se);
        free(*section);
        *section = lower_dup(sb, (size_t)(se - sb));
        add_record(ini, *section, NULL, line);
        return;
    }
    const char *eq = memchr(b, '=', (size_t)(e - b));
    if (eq && eq > b) {
        const char *kb = b, *ke = eq;
        trim(&kb, &ke);
        add_record(ini, *section, lower_dup(kb, (size_t)(ke - kb)), line);
    }
}

/* Line and column (in characters) of offset off of text. */
static void text_position(const char *text, size_t off, long *line, long *col)
{
    long l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* The text as a whole: a BOM, bytes that are not UTF-8, NULs and control
   characters.  0, or -1 recorded. */
static int check_text(const struct ini *ini, const char *text, size_t n, struct diag *d)
{
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        return diag_error(d, EX_DATAERR_, ini->path, 1, 1,
                          "file starts with a UTF-8 byte-order mark (save it as UTF-8 without "
                          "BOM)");
    const struct unicode_bom *bom = unicode_bom_of(text, n);
    if (bom)
        return diag_error(d, EX_DATAERR_, ini->path, 1, 1,
                          "the file is %s (it starts with the byte-order mark %s); save it as "
                          "UTF-8",
                          bom->encoding, bom->hex);
    size_t off;
    unsigned cp;
    enum text_problem t = text_check(text, n, &off, &cp);
    if (t == TEXT_OK)
        return 0;
    long line, col;
    text_position(text, off, &line, &col);
    if (t == TEXT_NUL)
        return diag_error(d, EX_DATAERR_, ini->path, line, 0,
                          "NUL byte in the file (expected text)");
    if (t == TEXT_CONTROL)
        return diag_error(d, EX_DATAERR_, ini->path, line, col, CONTROL_MESSAGE, cp,
                          control_name(cp));
    return diag_error(d, EX_DATAERR_, ini->path, line, col,
                      "invalid UTF-8 byte 0x%02X (save the file as UTF-8)",
                      (unsigned char)text[off]);
}

/* Scan the raw text: long lines, and where each section and key is. */
static int scan(struct ini *ini, const char *text, size_t n, struct diag *d)
{
    int rc = check_text(ini, text, n, d);
    struct strbuf logical;
    strbuf_init(&logical);
    char *section = xstrdup("");
    int first_line = 0;
    const char *p = text, *end = text + n;
    for (int line = 1; p < end; line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *b = p, *e = eol;
        p = eol < end ? eol + 1 : end;
        if (e > b && e[-1] == '\r')
            e--;
        if (e - b > INI_LINE_MAX)
            rc = diag_error(d, EX_DATAERR_, ini->path, line, 0,
                            "line is %ld bytes long (at most %d bytes per line)", (long)(e - b),
                            INI_LINE_MAX);
        while (e > b && isspace((unsigned char)e[-1]))
            e--;
        if (!logical.len)
            first_line = line;
        if (e > b && e[-1] == '\\') {   /* continues on the next line */
            strbuf_add(&logical, b, (size_t)(e - b - 1));
            continue;
        }
        strbuf_add(&logical, b, (size_t)(e - b));
        if (logical.len)
            note_line(ini, &section, logical.buf, logical.buf + logical.len, first_line);
        strbuf_reset(&logical);
    }
    if (logical.len)
        note_line(ini, &section, logical.buf, logical.buf + logical.len, first_line);
    strbuf_release(&logical);
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

/*
 * iniparser reads a file by name, but the file has been read already (it
 * may be a pipe, read once): hand it the same bytes through an anonymous
 * memory file, so what is parsed is what was checked and hashed.
 */
static dictionary *parse_bytes(const struct ini *ini, const char *text, size_t n,
                               struct diag *d)
{
    int fd = memfd_create("indigo-ini", MFD_CLOEXEC);
    size_t done = 0;
    while (fd >= 0 && done < n) {
        ssize_t w = write(fd, text + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    if (fd < 0 || done < n) {
        diag_error(d, EX_IOERR_, ini->path, 0, 0, "cannot read: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    char name[64];
    snprintf(name, sizeof name, "/proc/self/fd/%d", fd);
    struct strbuf sb;
    strbuf_init(&sb);
    capture = &sb;
    iniparser_set_error_callback(capture_error);
    dictionary *dict = iniparser_load(name);
    iniparser_set_error_callback(NULL);
    capture = NULL;
    close(fd);
    if (!dict)
        report_captured(ini, sb.buf ? sb.buf : "", d);
    strbuf_release(&sb);
    return dict;
}

struct ini *ini_load(const char *path, struct diag *d)
{
    struct input_name name = {path, NULL, NULL};
    int fd = input_open(path, &name, d);
    if (fd < 0)
        return NULL;
    struct ini *ini = xcalloc(1, sizeof *ini);
    ini->path = xstrdup(path);
    size_t n;
    char *text = input_read_all(fd, &name, INPUT_TEXT_MAX, &n, ini->sha256, d);
    close(fd);
    if (!text || scan(ini, text, n, d) != 0 || !(ini->dict = parse_bytes(ini, text, n, d))) {
        free(text);
        ini_free(ini);
        return NULL;
    }
    free(text);
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

const char *ini_sha256(const struct ini *ini)
{
    return ini->sha256;
}

const char *ini_get(const struct ini *ini, const char *section, const char *key)
{
    char *k = xasprintf("%s:%s", section, key);
    const char *v = iniparser_getstring(ini->dict, k, NULL);
    free(k);
    return v;
}

struct ini_key *ini_find_record(const struct ini *ini, const char *section, const char *key)
{
    struct ini_key *found = NULL;
    for (size_t i = 0; i < ini->n_keys; i++) {
        struct ini_key *k = &ini->keys[i];
        if (strcmp(k->section, section) != 0)
            continue;
        if ((!key && !k->key) || (key && k->key && strcmp(k->key, key) == 0))
            found = k;
    }
    return found;
}

int ini_line(const struct ini *ini, const char *section, const char *key)
{
    const struct ini_key *k = ini_find_record(ini, section, key);
    if (k && !key) /* a section given twice: where it first appears */
        for (size_t i = 0; i < ini->n_keys; i++)
            if (!ini->keys[i].key && strcmp(ini->keys[i].section, section) == 0)
                return ini->keys[i].line;
    return k ? k->line : 0;
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
            for (int j = 0; j < n && !dup; j++)
                dup = strcmp(m->scratch[j], k->key) == 0;
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

/* ------------------------------------------------------------------------ */
/* Values                                                                    */
/* ------------------------------------------------------------------------ */

int ini_parse_bool(const char *v, int *out)
{
    static const char *yes[] = {"yes", "si", "sí", "true", "1", "verdadero", "on"};
    static const char *no[] = {"no", "false", "0", "falso", "off"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcasecmp(v, yes[i]) == 0)
            return *out = 1, 0;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcasecmp(v, no[i]) == 0)
            return *out = 0, 0;
    return -1;
}

int ini_parse_uint64(const char *v, unsigned long long *out)
{
    while (*v == ' ' || *v == '\t')
        v++;
    if (!isdigit((unsigned char)*v))
        return -1;
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end || errno)
        return -1;
    *out = x;
    return 0;
}

/* The value of a validated key, or NULL (absent, empty, or reported). */
static const char *valid_value(const struct ini *ini, const char *section, const char *key)
{
    const char *v = ini_get(ini, section, key);
    if (!v || !*v)
        return NULL;
    const struct ini_key *k = ini_find_record(ini, section, key);
    return k && k->reported ? NULL : v;
}

long ini_int(const struct ini *ini, const char *section, const char *key, long def)
{
    const char *v = valid_value(ini, section, key);
    long x;
    return v && parse_int_strict(v, &x) == 0 ? x : def;
}

double ini_real(const struct ini *ini, const char *section, const char *key, double def)
{
    const char *v = valid_value(ini, section, key);
    double x;
    return v && parse_double_strict(v, &x) == 0 ? x : def;
}

int ini_bool(const struct ini *ini, const char *section, const char *key, int def)
{
    const char *v = valid_value(ini, section, key);
    int x;
    return v && ini_parse_bool(v, &x) == 0 ? x : def;
}

unsigned long long ini_uint64(const struct ini *ini, const char *section, const char *key,
                              unsigned long long def)
{
    const char *v = valid_value(ini, section, key);
    unsigned long long x;
    return v && ini_parse_uint64(v, &x) == 0 ? x : def;
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
