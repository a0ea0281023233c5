/*
 * round_cmd.c — the commands about rounds as versioned units (docs/rondas.md):
 * publish, reopen, diff, explain --change, and the check of published
 * rounds.  `round new` is in round_new.c.
 */
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "change.h"
#include "messages.h"
#include "error.h"
#include "framework.h"
#include "i18n.h"
#include "ingest.h"
#include "method_diff.h"
#include "pipeline.h"
#include "registry.h"
#include "rounds.h"
#include "session.h"
#include "sha256.h"
#include "store.h"
#include "strbuf.h"
#include "xalloc.h"

/* %.17g, or "NA". */
static const char *g17(char *buf, size_t n, double x)
{
    if (isnan(x))
        snprintf(buf, n, "NA");
    else
        snprintf(buf, n, "%.17g", x);
    return buf;
}
#define G(x) g17((char[40]){0}, 40, (x))

static int year_stored(struct session *s, struct store *st, int year)
{
    int *years = NULL, n = 0, found = 0;
    if (store_get_rounds(st, &years, &n, &s->d) != 0)
        return -1;
    for (int i = 0; i < n; i++)
        found |= years[i] == year;
    free(years);
    return found;
}

/* ------------------------------------------------------------------------ */
/* The report tree as files and digests                                      */
/* ------------------------------------------------------------------------ */

struct tree {
    struct published_file *f;
    int n;
    size_t root_len;
    int failed;
};

static struct tree *walking; /* nftw has no context argument */

static int tree_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag != FTW_F)
        return 0;
    struct tree *t = walking;
    struct published_file x = {0};
    if (sha256_file(path, x.sha256) != 0) {
        t->failed = errno ? errno : EIO;
        return 1;
    }
    x.path = xstrdup(path + t->root_len + 1);
    x.bytes = (long long)sb->st_size;
    t->f = xrealloc(t->f, (size_t)(t->n + 1) * sizeof *t->f);
    t->f[t->n++] = x;
    return 0;
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const struct published_file *)a)->path,
                  ((const struct published_file *)b)->path);
}

/* Every file under dir with its SHA-256, sorted by path, and the digest of
   the list ("path sha256\n" per file).  0, or -1 with the problem in d. */
static int tree_read(const char *dir, struct tree *t, char digest[65], struct diag *d)
{
    memset(t, 0, sizeof *t);
    t->root_len = strlen(dir);
    walking = t;
    errno = 0;
    int rc = nftw(dir, tree_entry, 16, FTW_PHYS);
    walking = NULL;
    if (rc != 0 || t->failed)
        return diag_error(d, errno == ENOENT ? EX_NOINPUT_ : EX_IOERR_, dir, 0, 0,
                          "cannot read the reports: %s",
                          strerror(t->failed ? t->failed : errno ? errno : EIO));
    qsort(t->f, (size_t)t->n, sizeof *t->f, cmp_file);
    struct sha256_ctx *h = sha256_begin();
    for (int i = 0; i < t->n; i++) {
        sha256_add(h, t->f[i].path, strlen(t->f[i].path));
        sha256_add(h, " ", 1);
        sha256_add(h, t->f[i].sha256, 64);
        sha256_add(h, "\n", 1);
    }
    sha256_end(h, digest);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* publish                                                                   */
/* ------------------------------------------------------------------------ */

/* The stored results of round year are those of its answers, framework and
   institutions: recompute each index and compare every node value and rank
   bit for bit. */
static int results_current(struct session *s, struct store *st, int year)
{
    struct kept_round r;
    int rc = kept_round_open(s, st, year, &r);
    for (int i = 0; i < r.n_fw && rc == 0; i++) {
        const struct framework *fw = r.fw[i];
        struct result res;
        memset(&res, 0, sizeof res);
        size_t cells = (size_t)r.reg->n * fw->n_nodes;
        double *v = xcalloc(cells + 1, sizeof *v);
        int *rk = xcalloc(cells + 1, sizeof *rk);
        int found = store_get_node_values(st, year, fw, r.reg, v, rk, &s->d);
        long differ = 0;
        if (found == 1 && session_compute(s, fw, r.reg, NULL, st, year, &res, NULL, NULL) == 0) {
            for (size_t c = 0; c < cells; c++)
                differ += !((isnan(v[c]) && isnan(res.value[c])) || v[c] == res.value[c]) ||
                          rk[c] != res.rank[c];
        }
        if (found < 0 || diag_failed(&s->d))
            rc = -1;
        else if (found == 0 || differ)
            rc = diag_error(&s->d, EX_DATAERR_, s->cfg->database, 0, 0,
                            "the stored results of %s %d are not those of its answers, "
                            "framework and institutions (%s): run `indigo compute`, then "
                            "`indigo report --year %d`, and publish again",
                            fw->code, year,
                            found ? msg_tr("some values differ") : msg_tr("none are stored"),
                            year);
        result_release(&res);
        free(v);
        free(rk);
    }
    kept_round_release(&r);
    return rc;
}

/* The reports of round year were written from what it holds now. */
static int reports_current(struct session *s, struct store *st, int year, char **dir)
{
    char recorded[65], now[65], cfg[65];
    int found = store_get_report_state(st, year, dir, recorded, &s->d);
    if (found < 0)
        return -1;
    if (found == 0)
        return diag_error(&s->d, EX_NOINPUT_, s->cfg->database, 0, 0,
                          "round %d has no reports yet: run `indigo report --year %d` and check "
                          "them, then publish",
                          year, year);
    if (sha256_file(s->cfg->path, cfg) != 0)
        return diag_error(&s->d, EX_IOERR_, s->cfg->path, 0, 0, "cannot read: %s",
                          strerror(errno));
    if (store_round_state(st, year, cfg, now, &s->d) != 0)
        return -1;
    if (strcmp(now, recorded) != 0)
        return diag_error(&s->d, EX_DATAERR_, *dir, 0, 0,
                          "these reports of %d were written before the last change to its "
                          "files, frameworks or institutions, to %s or to indigo: run `indigo "
                          "report --year %d`, check them, then publish",
                          year, s->cfg->path, year);
    return 0;
}

int cmd_publish(const struct run_opts *o, int year)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return session_finish(&s, 0);
    struct store *st = store_open(s.cfg->database, 0, &s.d);
    if (!st)
        return session_finish(&s, 0);
    struct publication p;
    memset(&p, 0, sizeof p);
    char *dir = NULL;
    struct tree t = {0};
    int rc = store_begin(st, &s.d), pub = rc == 0 ? rounds_published(&s, st, year) : -1;
    if (pub == 1)
        rc = diag_error(&s.d, EX_NOPERM_, s.cfg->database, 0, 0,
                        "round %d is already published: a published round never changes", year);
    else if (pub < 0)
        rc = -1;
    int stored = rc == 0 ? year_stored(&s, st, year) : -1;
    if (rc == 0 && stored == 0)
        rc = diag_error(&s.d, EX_NOINPUT_, s.cfg->database, 0, 0,
                        "the database has no round %d (run `indigo load` with its surveys)", year);
    if (rc == 0 && stored < 0)
        rc = -1;
    if (rc == 0)
        rc = results_current(&s, st, year);
    if (rc == 0)
        rc = reports_current(&s, st, year, &dir);
    if (rc == 0)
        rc = tree_read(dir, &t, p.reports_sha, &s.d);
    if (rc == 0)
        rc = store_round_digests(st, year, &p, &s.d);
    if (rc == 0) {
        p.reports = dir;
        rc = store_publish(st, &p, t.f, t.n, &s.d);
        p.reports = NULL;
    }
    if (rc == 0) {
        char *msg = xasprintf("published %d: answers %s, framework %s, institutions %s, "
                              "results %s, reports %s (%d files in %s)",
                              year, p.answers, p.framework, p.institutions, p.results,
                              p.reports_sha, t.n, dir);
        rc = store_log(st, "publish", msg, &s.d);
        free(msg);
    }
    if (rc == 0)
        rc = store_commit(st, &s.d);
    if (rc == 0) {
        printf("%s %d: %s\n", tr(s.cfg->lang, "Ronda publicada"), year, dir);
        printf("  %-14s %s\n  %-14s %s\n  %-14s %s\n  %-14s %s\n  %-14s %s (%d)\n",
               tr(s.cfg->lang, "respuestas"), p.answers, tr(s.cfg->lang, "marco"), p.framework,
               tr(s.cfg->lang, "instituciones"), p.institutions, tr(s.cfg->lang, "resultados"),
               p.results, tr(s.cfg->lang, "informes"), p.reports_sha, t.n);
    }
    published_files_free(t.f, t.n);
    free(dir);
    store_close(st);
    return session_finish(&s, 0);
}

/* ------------------------------------------------------------------------ */
/* reopen                                                                    */
/* ------------------------------------------------------------------------ */

int cmd_reopen(const struct run_opts *o, int year)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return session_finish(&s, 0);
    if (!o->reason || !*o->reason) {
        diag_error(&s.d, EX_USAGE_, NULL, 0, 0,
                   "reopen needs --reason \"why\": the run log keeps it with the round");
        return session_finish(&s, 0);
    }
    struct store *st = store_open(s.cfg->database, 0, &s.d);
    if (!st)
        return session_finish(&s, 0);
    struct publication p;
    int rc = store_begin(st, &s.d);
    int found = rc == 0 ? store_get_publication(st, year, &p, &s.d) : -1;
    if (found == 0)
        rc = diag_error(&s.d, EX_USAGE_, s.cfg->database, 0, 0, "round %d is not published",
                        year);
    else if (found < 0)
        rc = -1;
    if (rc == 0)
        rc = store_unpublish(st, year, &s.d);
    if (rc == 0) {
        char *msg = xasprintf("reopened %d: %s (it was published on %s by indigo %s: answers %s, "
                              "framework %s, institutions %s, results %s, reports %s in %s)",
                              year, o->reason, p.at, p.version, p.answers, p.framework,
                              p.institutions, p.results, p.reports_sha, p.reports);
        rc = store_log(st, "reopen", msg, &s.d);
        free(msg);
    }
    if (rc == 0)
        rc = store_commit(st, &s.d);
    if (rc == 0)
        printf("%s %d: %s\n", tr(s.cfg->lang, "Ronda reabierta"), year, o->reason);
    if (found == 1)
        publication_release(&p);
    store_close(st);
    return session_finish(&s, 0);
}

/* ------------------------------------------------------------------------ */
/* check: published rounds are as they were published                       */
/* ------------------------------------------------------------------------ */

static int verify_tree(struct session *s, struct store *st, const struct publication *p)
{
    struct published_file *was = NULL;
    int n_was = 0;
    struct tree now;
    char digest[65];
    if (store_get_published_files(st, p->year, &was, &n_was, &s->d) != 0)
        return -1;
    int rc = tree_read(p->reports, &now, digest, &s->d);
    long changed = 0, missing = 0, added = 0;
    for (int i = 0, k = 0; rc == 0 && (i < n_was || k < now.n);) {
        int c = i == n_was ? 1 : k == now.n ? -1 : strcmp(was[i].path, now.f[k].path);
        if (c < 0) {
            if (missing++ < 3)
                diag_error(&s->d, EX_DATAERR_, p->reports, 0, 0,
                           "%s: published with round %d, now missing", was[i].path, p->year);
            i++;
        } else if (c > 0) {
            if (added++ < 3)
                diag_error(&s->d, EX_DATAERR_, p->reports, 0, 0,
                           "%s: not among the files published with round %d", now.f[k].path,
                           p->year);
            k++;
        } else {
            if (strcmp(was[i].sha256, now.f[k].sha256) != 0 && changed++ < 3)
                diag_error(&s->d, EX_DATAERR_, p->reports, 0, 0,
                           "%s: changed since round %d was published (sha256 %.16s…, "
                           "published %.16s…)",
                           now.f[k].path, p->year, now.f[k].sha256, was[i].sha256);
            i++;
            k++;
        }
    }
    if (rc == 0 && (changed || missing || added))
        rc = diag_error(&s->d, EX_DATAERR_, p->reports, 0, 0,
                        "the reports of round %d are not those published: %ld changed, %ld "
                        "missing, %ld added",
                        p->year, changed, missing, added);
    published_files_free(was, n_was);
    published_files_free(now.f, now.n);
    return rc;
}

int rounds_check_published(struct session *s)
{
    if (access(s->cfg->database, F_OK) != 0)
        return 0; /* nothing stored yet */
    struct store *st = store_open(s->cfg->database, 1, &s->d);
    if (!st)
        return -1;
    int *years = NULL, n = 0, rc = store_get_rounds(st, &years, &n, &s->d);
    for (int i = 0; i < n && rc == 0; i++) {
        struct publication p, now;
        int found = store_get_publication(st, years[i], &p, &s->d);
        if (found <= 0) {
            rc = found;
            continue;
        }
        memset(&now, 0, sizeof now);
        rc = store_round_digests(st, years[i], &now, &s->d);
        const char *what[] = {msg_tr("answers"), msg_tr("framework"), msg_tr("institutions"),
                              msg_tr("results")};
        const char *a[] = {p.answers, p.framework, p.institutions, p.results};
        const char *b[] = {now.answers, now.framework, now.institutions, now.results};
        int bad = 0;
        for (int k = 0; k < 4 && rc == 0; k++)
            if (strcmp(a[k], b[k]) != 0)
                bad = diag_error(&s->d, EX_DATAERR_, s->cfg->database, 0, 0,
                                 "round %d was published on %s, but its %s changed since "
                                 "(sha256 %.16s…, published %.16s…)",
                                 years[i], p.at, what[k], b[k], a[k]);
        if (rc == 0 && verify_tree(s, st, &p) != 0)
            bad = -1;
        if (rc == 0 && !bad)
            printf("ok: %s %d (%s): %s\n", tr(s->cfg->lang, "ronda publicada"), years[i], p.at,
                   tr(s->cfg->lang, "respuestas, marco, instituciones, resultados e informes "
                                    "sin cambios"));
        publication_release(&p);
    }
    free(years);
    store_close(st);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* diff                                                                      */
/* ------------------------------------------------------------------------ */

/* The frameworks of round year for a comparison of methods: a published
   round's as stored; else the config's, when it describes the round (the
   next load stores them); else the stored ones. */
static int diff_frameworks(struct session *s, struct store *st, int year, struct kept_round *r)
{
    memset(r, 0, sizeof *r);
    int pub = st ? rounds_published(s, st, year) : 0;
    if (pub < 0)
        return -1;
    int n;
    struct framework **fw = session_frameworks(s, year, &n);
    if (!pub && fw) {
        r->year = year;
        r->fw = fw;
        r->n_fw = n;
        return 0;
    }
    char **codes = NULL;
    int n_codes = 0;
    if (st && store_get_round_framework_codes(st, year, &codes, &n_codes, &s->d) != 0)
        return -1;
    for (int i = 0; i < n_codes; i++)
        free(codes[i]);
    free(codes);
    if (n_codes == 0)
        return diag_error(&s->d, EX_USAGE_, NULL, 0, 0,
                          "round %d is neither described by %s nor stored in %s", year,
                          s->cfg->path, s->cfg->database);
    return kept_round_open(s, st, year, r);
}

int cmd_diff(const struct run_opts *o, int from, int to)
{
    struct session s;
    if (session_open(&s, o) != 0)
        return session_finish(&s, 0);
    struct store *st = NULL;
    if (access(s.cfg->database, F_OK) == 0 && !(st = store_open(s.cfg->database, 1, &s.d)))
        return session_finish(&s, 0);
    struct kept_round a, b;
    memset(&b, 0, sizeof b);
    enum lang L = s.cfg->lang;
    if (diff_frameworks(&s, st, from, &a) == 0 && diff_frameworks(&s, st, to, &b) == 0) {
        struct method_diff md = {0};
        for (int i = 0; i < b.n_fw; i++)
            method_diff_frameworks(kept_round_framework(&a, b.fw[i]->code), b.fw[i], &md);
        for (int i = 0; i < a.n_fw; i++)
            if (!kept_round_framework(&b, a.fw[i]->code))
                method_diff_frameworks(a.fw[i], NULL, &md);
        if (md.n == 0)
            printf("%s %d %s %d\n", tr(L, "Sin diferencias de método entre"), from, tr(L, "y"),
                   to);
        else
            printf("%s %d %s %d: %d\n", tr(L, "Diferencias de método entre"), from, tr(L, "y"), to,
                   md.n);
        for (int i = 0; i < md.n; i++) {
            char *t = method_change_text(&md.items[i], L);
            printf("%-6s %-32s %s\n", md.items[i].framework,
                   change_area_name(md.items[i].area, L), t);
            free(t);
        }
        method_diff_release(&md);
    }
    kept_round_release(&a);
    kept_round_release(&b);
    store_close(st);
    return session_finish(&s, 0);
}

/* ------------------------------------------------------------------------ */
/* explain --change                                                          */
/* ------------------------------------------------------------------------ */

static void print_methods(const struct index_run *ir, int year, enum lang L)
{
    printf("%s %d: %d\n", tr(L, "Cambios de método desde"), ir->prev_year, ir->diff.n);
    for (int i = 0; i < ir->diff.n; i++) {
        char *t = method_change_text(&ir->diff.items[i], L);
        printf("   [%s] %s\n", change_area_name(ir->diff.items[i].area, L), t);
        free(t);
    }
    if (ir->n_not_asked) {
        printf("%s %d %s:", tr(L, "Indicadores que"), ir->prev_year,
               tr(L, "no preguntó (fuera de la base comparable)"));
        for (int i = 0; i < ir->n_not_asked; i++)
            printf(" %s", ir->not_asked[i]);
        printf("\n");
    }
    (void)year;
}

static void print_split(const struct change_split *c, const struct index_run *ir, int year,
                        enum lang L)
{
    int p = ir->prev_year;
    printf("\n%s\n", tr(L, "Valores"));
    printf("  P  %d %-44s %s\n", p, tr(L, ir->prev_published ? "publicado" : "guardado"),
           G(c->prev));
    printf("  B  %d %s %-27d %s\n", p, tr(L, "con el método de"), year, G(c->back));
    printf("  R  %d %-44s %s\n", year, tr(L, "sobre la base comparable"), G(c->restr));
    printf("  Y  %d %-44s %s\n", year, tr(L, "tal como se informa"), G(c->now));
    printf("\n%s (Y-P): %s\n", tr(L, "Cambio"), G(c->change));
    printf("  (B-P) %-52s %s\n", tr(L, "efecto del método sobre las respuestas anteriores"),
           G(c->method));
    printf("  (R-B) %-52s %s\n", tr(L, "efecto de las respuestas"), G(c->answers));
    printf("  (Y-R) %-52s %s\n", tr(L, "efecto de los indicadores añadidos (método)"),
           G(c->added));
    double sum = c->method + c->answers + c->added;
    printf("  %s: %s; %s: %s\n", tr(L, "suma de las partes"), G(sum),
           tr(L, "diferencia con el cambio"), G(sum - c->change));
    printf("  %s: %s; %s: %s\n", tr(L, "efecto del método"), G(c->method + c->added),
           tr(L, "efecto de las respuestas"), G(c->answers));
}

static void print_rows(const struct change_split *c, enum lang L)
{
    printf("\n%s\n", tr(L, "Por indicador (contribución al nodo)"));
    printf("  %-16s %24s %24s %24s %24s\n", tr(L, "indicador"), "(B-P)", "(R-B)", "(Y-R)",
           tr(L, "total"));
    double sm = 0, sa = 0, sd = 0;
    for (int i = 0; i < c->n_rows; i++) {
        const struct change_row *r = &c->rows[i];
        const char *note = !r->in_now ? tr(L, "retirado") : !r->in_prev ? tr(L, "nuevo") : "";
        printf("  %-16s %24s %24s %24s %24s %s\n", r->code, G(r->method), G(r->answers),
               G(r->added), G(r->method + r->answers + r->added), note);
        sm += r->method;
        sa += r->answers;
        sd += r->added;
    }
    if (c->recomputed != 0) {
        printf("  %-16s %24s %24s %24s %24s\n", tr(L, "(recálculo)"), G(-c->recomputed), G(0.0),
               G(0.0), G(-c->recomputed));
        sm -= c->recomputed;
    }
    printf("  %-16s %24s %24s %24s %24s\n", tr(L, "suma"), G(sm), G(sa), G(sd), G(sm + sa + sd));
}

int explain_change(struct session *s, struct store *st, const struct kept_round *r, int u,
                   const struct framework *fw, int k)
{
    enum lang L = s->cfg->lang;
    int prev_year = rounds_comparison_year(s, st, r->year);
    if (prev_year <= 0)
        return prev_year < 0 ? -1
                             : diag_error(&s->d, EX_USAGE_, NULL, 0, 0,
                                          "round %d has no earlier round to compare with",
                                          r->year);
    struct kept_round prev;
    struct answer_set answers;
    answer_set_init(&answers);
    struct index_run ir;
    memset(&ir, 0, sizeof ir);
    ir.fw = (struct framework *)fw;
    int rc = kept_round_open(s, st, prev_year, &prev);
    if (rc == 0)
        rc = store_get_answers(st, r->year, &answers, &s->d);
    if (rc == 0)
        rc = session_compute(s, fw, r->reg, &answers, st, r->year, &ir.res, NULL, NULL);
    if (rc == 0)
        rc = rounds_compare(s, st, r, &prev, &answers, &ir);
    struct change_split c = {0};
    if (rc == 0)
        rc = change_split(&ir, u, k, &c);
    if (rc == 0) {
        const struct node *nd = &fw->nodes[k];
        printf("%s: %s — %s\n", tr(L, "Institución"), r->reg->items[u].code,
               NAME(&r->reg->items[u], L));
        printf("%s: %s:%s — %s\n", tr(L, "Nodo"), fw->code, nd->code, NAME(nd, L));
        printf("%s: %d %s %d (%s)\n", tr(L, "Comparación"), r->year, tr(L, "con"), prev_year,
               tr(L, prev.published ? "publicada" : "sin publicar"));
        if (!ir.prev_year)
            printf("%s\n", tr(L, "sin ronda anterior con la que comparar"));
        else
            print_methods(&ir, r->year, L);
        if (!c.ok) {
            printf("\n%s: %s\n", tr(L, "Sin cambio que explicar"),
                   tr(L, c.why ? c.why : "sin ronda anterior con la que comparar"));
        } else {
            print_split(&c, &ir, r->year, L);
            print_rows(&c, L);
        }
    }
    change_split_release(&c);
    result_release(&ir.res);
    rounds_compare_release(&ir);
    answer_set_release(&answers);
    kept_round_release(&prev);
    return rc;
}
