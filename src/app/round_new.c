/*
 * round_new.c — `indigo round new YEAR --from FROM`: the next round prepared
 * from an earlier one (docs/rondas.md).
 *
 * It copies each framework of FROM to a folder of YEAR's own and writes into
 * indigo.ini, keeping every other line as it was: [round] year = YEAR, the
 * titles with YEAR for FROM, compare_with = FROM, a [frameworks.YEAR]
 * section naming the copies, and a copy of each [survey.*] section of FROM
 * for YEAR (its file with YEAR for FROM in the path).  A survey section of
 * FROM that took its year from [round] gets `year = FROM` first, so that it
 * stays in FROM.  Nothing is written if anything is in the way: a folder
 * that exists, a config that already describes YEAR.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "fileio.h"
#include "config.h"
#include "error.h"
#include "i18n.h"
#include "ini.h"
#include "pipeline.h"
#include "rounds.h"
#include "session.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/* sb's string, and sb released (strbuf_detach leaves it initialised). */
static char *detached(struct strbuf *sb)
{
    char *p = strbuf_detach(sb);
    strbuf_release(sb);
    return p;
}

/* The config's lines, each without its newline. */
struct lines {
    char **l;
    int n;
};

static void lines_split(struct lines *t, const char *text)
{
    memset(t, 0, sizeof *t);
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        t->l = xrealloc(t->l, (size_t)(t->n + 1) * sizeof *t->l);
        t->l[t->n++] = xstrndup(p, len);
        p += len + (e ? 1 : 0);
    }
}

static void lines_free(struct lines *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->l[i]);
    free(t->l);
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* The section a header line opens ("survey.igd_2026"), malloc'd, or NULL. */
static char *header_of(const char *line)
{
    const char *s = skip_space(line);
    const char *e = strchr(s, ']');
    if (*s != '[' || !e)
        return NULL;
    return xstrndup(s + 1, (size_t)(e - s - 1));
}

/* The key of a "key = value" line (lowercased), malloc'd, or NULL. */
static char *key_of(const char *line)
{
    const char *s = skip_space(line);
    if (*s == ';' || *s == '#' || *s == '[' || !*s)
        return NULL;
    const char *eq = strchr(s, '=');
    if (!eq)
        return NULL;
    const char *e = eq;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    char *k = xstrndup(s, (size_t)(e - s));
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return k;
}

/* "key = VALUE ; comment" -> "key = value ; comment": the value replaced,
   the key and a trailing comment (after a space) kept. */
static char *with_value(const char *line, const char *value)
{
    const char *eq = strchr(line, '=');
    const char *v = skip_space(eq + 1);
    const char *c = v;
    while (*c && !((*c == ';' || *c == '#') && c > v && (c[-1] == ' ' || c[-1] == '\t')))
        c++;
    const char *gap = c; /* the spaces before the comment stay with it */
    while (gap > v && (gap[-1] == ' ' || gap[-1] == '\t' || gap[-1] == '\r'))
        gap--;
    size_t len = strlen(line);
    int cr = len > 0 && line[len - 1] == '\r' && !*c; /* a CRLF line keeps its CR */
    return xasprintf("%.*s%s%s%s", (int)(v - line), line, value, *c ? gap : "", cr ? "\r" : "");
}

/* s with every from (4 digits) replaced by to; malloc'd. */
static char *year_swapped(const char *s, int from, int to, int *count)
{
    char f[16], t[16];
    snprintf(f, sizeof f, "%d", from);
    snprintf(t, sizeof t, "%d", to);
    struct strbuf sb;
    strbuf_init(&sb);
    *count = 0;
    for (const char *p = s; *p;) {
        if (strncmp(p, f, strlen(f)) == 0) {
            strbuf_adds(&sb, t);
            p += strlen(f);
            (*count)++;
        } else {
            strbuf_addc(&sb, *p++);
        }
    }
    return detached(&sb);
}

/* The value of a "key = value ; comment" line, malloc'd. */
static char *value_of(const char *line)
{
    const char *v = skip_space(strchr(line, '=') + 1);
    const char *c = v;
    while (*c && !((*c == ';' || *c == '#') && c > v && (c[-1] == ' ' || c[-1] == '\t')))
        c++;
    while (c > v && (c[-1] == ' ' || c[-1] == '\t' || c[-1] == '\r'))
        c--;
    return xstrndup(v, (size_t)(c - v));
}

/* The line range [*from, *to) of section sec (header included), without
   the blank and comment lines that end it (they introduce what follows).
   0, or -1 if absent. */
static int section_lines(const struct lines *t, const char *sec, int *from, int *to)
{
    for (int i = 0; i < t->n; i++) {
        char *h = header_of(t->l[i]);
        int hit = h && strcasecmp(h, sec) == 0; /* iniparser folds section names */
        free(h);
        if (!hit)
            continue;
        int e = i + 1;
        while (e < t->n) {
            char *h2 = header_of(t->l[e]);
            free(h2);
            if (h2)
                break;
            e++;
        }
        while (e > i + 1) {
            const char *s = skip_space(t->l[e - 1]);
            if (*s && *s != ';' && *s != '#' && *s != '\r')
                break;
            e--;
        }
        *from = i;
        *to = e;
        return 0;
    }
    return -1;
}

/* Where a framework copy of round to goes: the folder as written with its
   year component swapped ("indicators/2026/igd" -> "indicators/2027/igd"),
   else with "to/" before its last component ("indicators/igd" ->
   "indicators/2027/igd"). */
static char *new_framework_dir(const char *written, int from, int to)
{
    const char *slash = strrchr(written, '/');
    if (!slash)
        return xasprintf("%d/%s", to, written);
    int plen = (int)(slash - written);
    char y[16];
    int ylen = snprintf(y, sizeof y, "%d", from);
    const char *last = slash; /* the parent's last component */
    while (last > written && last[-1] != '/')
        last--;
    if (slash - last == ylen && strncmp(last, y, (size_t)ylen) == 0)
        return xasprintf("%.*s%d/%s", (int)(last - written), written, to, slash + 1);
    return xasprintf("%.*s/%d/%s", plen, written, to, slash + 1);
}

/* dir/.. resolved against the config's directory, as config.c does. */
static char *resolved(const struct config *c, const char *rel)
{
    if (rel[0] == '/' || strcmp(c->dir, ".") == 0)
        return xstrdup(rel);
    return xasprintf("%s/%s", c->dir, rel);
}

/* Copy the regular files of src into dst (created).  0, or -1 in d. */
static int copy_dir(const char *src, const char *dst, struct diag *d)
{
    DIR *dp = opendir(src);
    if (!dp)
        return diag_error(d, EX_NOINPUT_, src, 0, 0, "cannot read: %s", strerror(errno));
    if (mkdir_p(dst) != 0) {
        closedir(dp);
        return diag_error(d, EX_CANTCREAT_, dst, 0, 0, "cannot create: %s", strerror(errno));
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *from = xasprintf("%s/%s", src, e->d_name);
        char *to = xasprintf("%s/%s", dst, e->d_name);
        struct stat sb;
        if (stat(from, &sb) == 0 && S_ISREG(sb.st_mode)) {
            size_t n = 0;
            char *data = read_file(from, &n);
            if (!data)
                rc = diag_error(d, EX_IOERR_, from, 0, 0, "cannot read: %s", strerror(errno));
            else if (write_file(to, data, n) != 0)
                rc = diag_error(d, EX_CANTCREAT_, to, 0, 0, "cannot write: %s",
                                strerror(errno));
            free(data);
        } else {
            diag_warning(d, from, 0, 0, "not a regular file: not copied to %s", dst);
        }
        free(from);
        free(to);
    }
    closedir(dp);
    return rc;
}

struct plan {
    int from, to;
    char **fw_name, **fw_new;   /* framework names and new folders (as written) */
    int n_fw;
    struct strbuf tail;         /* the sections appended                   */
    int n_surveys;
};

static void plan_release(struct plan *p)
{
    for (int i = 0; i < p->n_fw; i++) {
        free(p->fw_name[i]);
        free(p->fw_new[i]);
    }
    free(p->fw_name);
    free(p->fw_new);
    strbuf_release(&p->tail);
}

/* The [frameworks.TO] section: each framework of FROM in its new folder. */
static int plan_frameworks(struct session *s, const struct ini *ini, struct plan *p)
{
    char sec[32];
    snprintf(sec, sizeof sec, "frameworks.%d", p->from);
    if (!ini_get(ini, sec, "list"))
        snprintf(sec, sizeof sec, "frameworks");
    char **names, **dirs;
    int n = config_frameworks_for(s->cfg, p->from, &names, &dirs), rc = 0;
    p->fw_name = xcalloc((size_t)n + 1, sizeof *p->fw_name);
    p->fw_new = xcalloc((size_t)n + 1, sizeof *p->fw_new);
    strbuf_addf(&p->tail, "[frameworks.%d]\nlist = ", p->to);
    for (int i = 0; i < n; i++)
        strbuf_addf(&p->tail, "%s%s", i ? ", " : "", names[i]);
    strbuf_addc(&p->tail, '\n');
    for (int i = 0; i < n; i++) {
        char *key = xstrdup(names[i]);
        for (char *q = key; *q; q++)
            if (*q >= 'A' && *q <= 'Z')
                *q = (char)(*q - 'A' + 'a');
        const char *written = ini_get(ini, sec, key);
        char *nd = new_framework_dir(written && *written ? written : key, p->from, p->to);
        char *where = resolved(s->cfg, nd);
        if (access(where, F_OK) == 0)
            rc = diag_error(&s->d, EX_CANTCREAT_, where, 0, 0,
                            "already exists: round %d's copy of framework %s would go here "
                            "(move it away, or write [frameworks.%d] yourself)",
                            p->to, names[i], p->to);
        strbuf_addf(&p->tail, "%s = %s\n", key, nd);
        p->fw_name[p->n_fw] = key;
        p->fw_new[p->n_fw++] = nd;
        free(where);
    }
    (void)dirs; /* the copies are made from the resolved folders, in cmd_round_new */
    return rc;
}

/* A copy of survey section sec of FROM for TO, appended to the plan. */
static void plan_survey(struct session *s, const struct lines *t, const struct survey_source *src,
                        struct plan *p)
{
    int a, b, n;
    char *sec = xasprintf("survey.%s", src->id);
    if (section_lines(t, sec, &a, &b) != 0)
        BUG("section [%s] not found in its own config", sec);
    free(sec);
    char *id = year_swapped(src->id, p->from, p->to, &n);
    if (!n) {
        free(id);
        id = xasprintf("%s_%d", src->id, p->to);
    }
    strbuf_addf(&p->tail, "\n[survey.%s]\n", id);
    int had_year = 0;
    for (int i = a + 1; i < b; i++) {
        char *k = key_of(t->l[i]);
        char *line = NULL;
        if (k && strcmp(k, "year") == 0) {
            char y[16];
            snprintf(y, sizeof y, "%d", p->to);
            line = with_value(t->l[i], y);
            had_year = 1;
        } else if (k && strcmp(k, "file") == 0) {
            char *v = value_of(t->l[i]);
            char *nv = year_swapped(v, p->from, p->to, &n);
            line = with_value(t->l[i], nv);
            if (!n)
                diag_warning(&s->d, s->cfg->path, src->line, 0,
                             "[survey.%s] file = %s has no %d in its path: set the file of "
                             "[survey.%s] to round %d's export",
                             src->id, v, p->from, id, p->to);
            free(v);
            free(nv);
        }
        strbuf_addf(&p->tail, "%s\n", line ? line : t->l[i]);
        free(line);
        free(k);
    }
    if (!had_year)
        strbuf_addf(&p->tail, "year = %d\n", p->to);
    p->n_surveys++;
    free(id);
}

/* The config's lines with [round] set for TO and every FROM survey section
   that took its year from [round] given year = FROM. */
static char *rewrite(struct session *s, const struct lines *t, struct plan *p)
{
    struct strbuf out;
    strbuf_init(&out);
    char *sec = NULL;
    int said_compare = 0;
    for (int i = 0; i < t->n; i++) {
        char *h = header_of(t->l[i]);
        if (h) {
            free(sec);
            sec = h;
        }
        char *k = h ? NULL : key_of(t->l[i]);
        char *line = NULL;
        if (sec && strcasecmp(sec, "round") == 0 && k) {
            char v[16];
            if (strcmp(k, "year") == 0) {
                snprintf(v, sizeof v, "%d", p->to);
                line = with_value(t->l[i], v);
            } else if (strcmp(k, "compare_with") == 0) {
                snprintf(v, sizeof v, "%d", p->from);
                line = with_value(t->l[i], v);
                said_compare = 1;
            } else if (strcmp(k, "title_es") == 0 || strcmp(k, "title_en") == 0) {
                int n;
                char *val = value_of(t->l[i]);
                char *nv = year_swapped(val, p->from, p->to, &n);
                line = with_value(t->l[i], nv);
                free(val);
                free(nv);
            }
        }
        strbuf_addf(&out, "%s\n", line ? line : t->l[i]);
        if (h && strncasecmp(h, "survey.", 7) == 0)
            for (int k2 = 0; k2 < s->cfg->n_surveys; k2++) {
                const struct survey_source *src = &s->cfg->surveys[k2];
                int a, b, has_year = 0;
                if (strcasecmp(src->id, h + 7) != 0 || src->year != p->from ||
                    src->fw_index > 0) /* a section feeding several frameworks: once */
                    continue;
                section_lines(t, h, &a, &b);
                for (int j = a + 1; j < b; j++) {
                    char *kk = key_of(t->l[j]);
                    has_year |= kk && strcmp(kk, "year") == 0;
                    free(kk);
                }
                if (!has_year) /* it took [round] year, which becomes TO */
                    strbuf_addf(&out, "year = %d\n", p->from);
            }
        free(line);
        free(k);
    }
    free(sec);
    if (!said_compare) { /* after the [round] section's last key */
        char *text = detached(&out);
        struct lines again;
        lines_split(&again, text);
        free(text);
        strbuf_init(&out);
        int a, b;
        int have = section_lines(&again, "round", &a, &b) == 0;
        for (int i = 0; i < again.n; i++) {
            strbuf_addf(&out, "%s\n", again.l[i]);
            if (have && i == b - 1)
                strbuf_addf(&out, "compare_with = %d\n", p->from);
        }
        lines_free(&again);
    }
    strbuf_addf(&out,
                "\n; ---------------------------------------------------------------- %d\n"
                "; prepared by `indigo round new %d --from %d`: %d's frameworks are copies\n"
                "; of %d's; edit these, %d keeps its own.\n",
                p->to, p->to, p->from, p->to, p->from, p->from);
    strbuf_add(&out, p->tail.buf, p->tail.len);
    return detached(&out);
}

/* Refuse a config that already describes round to. */
static int already(struct session *s, int to)
{
    for (int i = 0; i < s->cfg->n_round_fw; i++)
        if (s->cfg->round_fw[i].year == to)
            return diag_error(&s->d, EX_USAGE_, s->cfg->path, s->cfg->round_fw[i].line, 0,
                              "[frameworks.%d] exists: %s already describes round %d", to,
                              s->cfg->path, to);
    for (int i = 0; i < s->cfg->n_surveys; i++)
        if (s->cfg->surveys[i].year == to)
            return diag_error(&s->d, EX_USAGE_, s->cfg->path, s->cfg->surveys[i].line, 0,
                              "[survey.%s] is for %d: %s already describes round %d",
                              s->cfg->surveys[i].id, to, s->cfg->path, to);
    return 0;
}

static void note_unpublished(struct session *s, int from)
{
    if (access(s->cfg->database, F_OK) != 0)
        return;
    struct diag quiet;
    diag_init(&quiet);
    struct store *st = store_open(s->cfg->database, 1, &quiet);
    struct publication pub;
    if (st && store_get_publication(st, from, &pub, &quiet) == 0)
        diag_warning(&s->d, s->cfg->database, 0, 0,
                     "round %d is not published: publish it (indigo publish %d) before "
                     "loading the new round, so that nothing can change it",
                     from, from);
    else if (st)
        publication_release(&pub);
    store_close(st);
    diag_release(&quiet);
}

int cmd_round_new(const struct run_opts *o, int to)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return session_finish(&s, 0);
    struct plan p = {.from = o->from_year, .to = to};
    strbuf_init(&p.tail);
    if (p.from <= 0 || p.from >= to) {
        diag_error(&s.d, EX_USAGE_, NULL, 0, 0,
                   "round new %d needs --from YEAR, an earlier round (e.g. --from %d)", to,
                   to - 1);
        plan_release(&p);
        return session_finish(&s, 0);
    }
    int n_from = 0;
    for (int i = 0; i < s.cfg->n_surveys; i++) /* sections, not frameworks fed */
        n_from += s.cfg->surveys[i].year == p.from && s.cfg->surveys[i].fw_index == 0;
    size_t size = 0;
    char *text = n_from ? read_file(s.cfg->path, &size) : NULL;
    struct ini *ini = text ? ini_load(s.cfg->path, &s.d) : NULL;
    if (!n_from)
        diag_error(&s.d, EX_USAGE_, s.cfg->path, 0, 0,
                   "no [survey.*] section is for %d: nothing to prepare round %d from", p.from,
                   to);
    else if (!text)
        diag_error(&s.d, EX_IOERR_, s.cfg->path, 0, 0, "cannot read: %s", strerror(errno));
    int rc = diag_failed(&s.d) || !ini ? -1 : already(&s, to);
    if (rc == 0)
        rc = plan_frameworks(&s, ini, &p);
    struct lines t;
    lines_split(&t, text ? text : "");
    for (int i = 0; i < s.cfg->n_surveys && rc == 0; i++)
        if (s.cfg->surveys[i].year == p.from && s.cfg->surveys[i].fw_index == 0)
            plan_survey(&s, &t, &s.cfg->surveys[i], &p);
    char *out = rc == 0 ? rewrite(&s, &t, &p) : NULL;
    char **names, **dirs;
    int n = config_frameworks_for(s.cfg, p.from, &names, &dirs);
    for (int i = 0; i < n && rc == 0; i++) {
        char *where = resolved(s.cfg, p.fw_new[i]);
        rc = copy_dir(dirs[i], where, &s.d);
        free(where);
    }
    if (rc == 0) {
        char *tmp = xasprintf("%s.tmp-%d", s.cfg->path, (int)getpid());
        if (write_file(tmp, out, strlen(out)) != 0 || rename(tmp, s.cfg->path) != 0) {
            rc = diag_error(&s.d, EX_CANTCREAT_, s.cfg->path, 0, 0, "cannot write: %s",
                            strerror(errno));
            unlink(tmp);
        }
        free(tmp);
    }
    if (rc == 0) {
        enum lang L = s.cfg->lang;
        printf("%s %d %s %d\n", tr(L, "Ronda preparada:"), to, tr(L, "a partir de"), p.from);
        for (int i = 0; i < p.n_fw; i++)
            printf("  %s %s -> %s\n", tr(L, "marco"), p.fw_name[i], p.fw_new[i]);
        printf("  %s: [round] year = %d, compare_with = %d, [frameworks.%d], %d [survey.*]\n",
               s.cfg->path, to, p.from, to, p.n_surveys);
        printf("%s\n", tr(L, "Siguiente: ponga las exportaciones de la nueva ronda donde dicen "
                             "sus secciones [survey.*]; indigo check dice qué falta."));
        note_unpublished(&s, p.from);
    }
    free(out);
    lines_free(&t);
    ini_free(ini);
    free(text);
    plan_release(&p);
    return session_finish(&s, 0);
}
