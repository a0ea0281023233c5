/*
 * answer_spill.c — a round's answers for the renderers, kept on disk
 * (answer_spill.h).
 *
 * The file is a sequence of records in the store's order, each a struct
 * rec_head and the answer's seven strings with their NULs.  An
 * institution's answers are the runs of consecutive records that are its
 * own; reading them back is one pread per run, and the answers' strings
 * point into the bytes read.
 */
#include "answer_spill.h"
#include "messages.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

enum { N_STR = 7, WRITE_BUF = 1 << 20 };

struct rec_head {
    double number;
    int64_t line;
    int32_t official;
    uint32_t nulls;             /* bit i: string i is NULL (written as "")  */
    uint32_t size;              /* bytes of the record, head included       */
    uint32_t pad;
};

struct run {                    /* consecutive records of one institution   */
    int64_t off, bytes;
    size_t n;
};

struct unit_runs {
    struct run *r;
    size_t n, cap;
};

struct code_unit {
    const char *code;
    int unit;
};

struct answer_spill {
    int fd;
    char *dir;                  /* where the file is, for messages          */
    const struct registry *reg;
    int n_units;
    struct unit_runs *unit;     /* n_units                                  */
    struct code_unit *byc;      /* the registry's codes, sorted             */
    size_t n_answers;
    int64_t size;
    int year;
    /* while writing */
    char *buf;
    size_t used;
    char *last_code;            /* the previous answer's institution...    */
    int last_unit;              /* ...and its unit (-1: not in the registry) */
    struct diag *d;
};

static int cmp_code(const void *a, const void *b)
{
    return strcmp(((const struct code_unit *)a)->code, ((const struct code_unit *)b)->code);
}

/* The unit of an institution code as answer_index_build finds it. */
static int unit_of(const struct answer_spill *sp, const char *code)
{
    struct code_unit key = {code ? code : "", 0};
    const struct code_unit *hit =
        bsearch(&key, sp->byc, (size_t)sp->n_units, sizeof *sp->byc, cmp_code);
    return hit ? hit->unit : -1;
}

static int spill_error(const struct answer_spill *sp, struct diag *d, const char *what)
{
    return diag_error(d, errno == ENOSPC || errno == EFBIG ? EX_CANTCREAT_ : EX_IOERR_, sp->dir,
                      0, 0, "cannot %s the round's answers for the reports: %s", what,
                      strerror(errno));
}

static int flush(struct answer_spill *sp)
{
    size_t done = 0;
    while (done < sp->used) {
        ssize_t w = write(sp->fd, sp->buf + done, sp->used - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return spill_error(sp, sp->d, msg_tr("write"));
        }
        done += (size_t)w;
    }
    sp->used = 0;
    return 0;
}

static void run_add(struct unit_runs *ur, int64_t off, int64_t bytes)
{
    if (ur->n && ur->r[ur->n - 1].off + ur->r[ur->n - 1].bytes == off) {
        ur->r[ur->n - 1].bytes += bytes;
        ur->r[ur->n - 1].n++;
        return;
    }
    ur->r = xgrow(ur->r, &ur->cap, ur->n + 1, sizeof *ur->r);
    ur->r[ur->n++] = (struct run){off, bytes, 1};
}

/* answer_sink: one record. */
static int spill_put(void *ctx, const struct answer *a)
{
    struct answer_spill *sp = ctx;
    const char *str[N_STR] = {a->framework, a->institution, a->question, a->respondent,
                              a->value,     a->evidence,    a->file};
    struct rec_head h = {a->number, a->line, a->is_official, 0, sizeof h, 0};
    size_t len[N_STR];
    for (int i = 0; i < N_STR; i++) {
        len[i] = str[i] ? strlen(str[i]) : 0;
        h.nulls |= str[i] ? 0u : 1u << i;
        if (len[i] + 1 > UINT32_MAX - h.size)
            return diag_error(sp->d, EX_DATAERR_, a->file, a->line, 0,
                              "an answer of more than 4 GB");
        h.size += (uint32_t)(len[i] + 1);
    }
    if (sp->used + h.size > WRITE_BUF && (sp->used ? flush(sp) : 0) != 0)
        return -1;
    if (h.size > WRITE_BUF)
        sp->buf = xrealloc(sp->buf, h.size);
    char *p = sp->buf + sp->used;
    memcpy(p, &h, sizeof h);
    p += sizeof h;
    for (int i = 0; i < N_STR; i++) {
        memcpy(p, str[i] ? str[i] : "", len[i] + 1);
        p += len[i] + 1;
    }
    sp->used += h.size;
    if (!sp->last_code || !a->institution || strcmp(sp->last_code, a->institution) != 0) {
        free(sp->last_code);
        sp->last_code = xstrdup(a->institution ? a->institution : "");
        sp->last_unit = unit_of(sp, a->institution);
    }
    if (sp->last_unit >= 0)
        run_add(&sp->unit[sp->last_unit], sp->size, h.size);
    sp->size += h.size;
    sp->n_answers++;
    if (h.size > WRITE_BUF)   /* a record larger than the buffer: out now */
        return flush(sp);
    return 0;
}

/* An unnamed file in dir: nothing to remove, whatever happens to the run. */
static int open_unnamed(const char *dir)
{
#ifdef O_TMPFILE
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
        return fd;
#endif
    char *path = xasprintf("%s/.answers-XXXXXX", dir);
    int fd2 = mkostemp(path, O_CLOEXEC);
    if (fd2 >= 0)
        unlink(path);
    free(path);
    return fd2;
}

struct answer_spill *answer_spill_write(struct store *st, int year, const struct registry *reg,
                                        const char *dir, struct diag *d)
{
    struct answer_spill *sp = xcalloc(1, sizeof *sp);
    sp->dir = xstrdup(dir);
    sp->reg = reg;
    sp->year = year;
    sp->n_units = reg->n;
    sp->unit = xcalloc((size_t)reg->n + 1, sizeof *sp->unit);
    sp->byc = xmalloc(((size_t)reg->n + 1) * sizeof *sp->byc);
    for (int u = 0; u < reg->n; u++)
        sp->byc[u] = (struct code_unit){reg->items[u].code, u};
    qsort(sp->byc, (size_t)reg->n, sizeof *sp->byc, cmp_code);
    sp->fd = open_unnamed(dir);
    if (sp->fd < 0) {
        spill_error(sp, d, msg_tr("keep"));
        answer_spill_free(sp);
        return NULL;
    }
    sp->buf = xmalloc(WRITE_BUF);
    sp->d = d;
    struct answer_sink sink = {spill_put, sp};
    int rc = store_walk_round_answers(st, year, &sink, d);
    if (rc == 0)
        rc = flush(sp);
    free(sp->buf);
    free(sp->last_code);
    sp->buf = sp->last_code = NULL;
    sp->d = NULL;
    if (rc != 0) {
        answer_spill_free(sp);
        return NULL;
    }
    return sp;
}

void answer_spill_free(struct answer_spill *sp)
{
    if (!sp)
        return;
    if (sp->fd >= 0)
        close(sp->fd);
    for (int u = 0; u < sp->n_units; u++)
        free(sp->unit[u].r);
    free(sp->unit);
    free(sp->byc);
    free(sp->buf);
    free(sp->last_code);
    free(sp->dir);
    free(sp);
}

size_t answer_spill_count(const struct answer_spill *sp)
{
    return sp->n_answers;
}

static int read_at(const struct answer_spill *sp, char *to, int64_t bytes, int64_t off,
                   struct diag *d)
{
    while (bytes > 0) {
        ssize_t r = pread(sp->fd, to, (size_t)bytes, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO;   /* shorter than written: the file changed */
            return spill_error(sp, d, msg_tr("read back"));
        }
        to += r;
        bytes -= r;
        off += r;
    }
    return 0;
}

/* n records in bytes[0..size) into answers at, with their strings in place. */
static void decode(const struct answer_spill *sp, char *bytes, int64_t size, struct answer *at)
{
    char *p = bytes, *end = bytes + size;
    while (p < end) {
        struct rec_head h;
        memcpy(&h, p, sizeof h);
        char *s = p + sizeof h, *str[N_STR];
        for (int i = 0; i < N_STR; i++) {
            str[i] = h.nulls & (1u << i) ? NULL : s;
            s += strlen(s) + 1;
        }
        *at++ = (struct answer){.year = sp->year, .framework = str[0], .institution = str[1],
                                .question = str[2], .respondent = str[3], .value = str[4],
                                .number = h.number, .evidence = str[5],
                                .is_official = h.official, .file = str[6], .line = h.line};
        p += h.size;
    }
}

int answer_spill_unit(const struct answer_spill *sp, int unit, struct spill_set *out,
                      struct diag *d)
{
    memset(out, 0, sizeof *out);
    const struct unit_runs *ur = &sp->unit[unit];
    int64_t size = 0;
    size_t n = 0;
    for (size_t i = 0; i < ur->n; i++) {
        size += ur->r[i].bytes;
        n += ur->r[i].n;
    }
    out->bytes = xmalloc((size_t)size + 1);
    out->set.items = xmalloc((n + 1) * sizeof *out->set.items);
    out->set.n = out->set.cap = n;
    int64_t at = 0;
    for (size_t i = 0; i < ur->n; i++) {
        if (read_at(sp, out->bytes + at, ur->r[i].bytes, ur->r[i].off, d) != 0) {
            spill_set_release(out);
            return -1;
        }
        at += ur->r[i].bytes;
    }
    decode(sp, out->bytes, size, out->set.items);
    /* the index: unit's answers are all of them, in order; no other unit has any */
    struct answer_index *ix = &out->ix;
    ix->n_units = sp->n_units;
    ix->start = xcalloc((size_t)sp->n_units + 2, sizeof *ix->start);
    for (int u = unit + 1; u <= sp->n_units; u++)
        ix->start[u] = n;
    ix->item = xmalloc((n + 1) * sizeof *ix->item);
    for (size_t k = 0; k < n; k++)
        ix->item[k] = k;
    return 0;
}

/* One record's answer at p (its strings in place). */
static struct answer decode_one(const struct answer_spill *sp, char *p, struct rec_head *h)
{
    memcpy(h, p, sizeof *h);
    char *s = p + sizeof *h, *str[N_STR];
    for (int i = 0; i < N_STR; i++) {
        str[i] = h->nulls & (1u << i) ? NULL : s;
        s += strlen(s) + 1;
    }
    return (struct answer){.year = sp->year, .framework = str[0], .institution = str[1],
                           .question = str[2], .respondent = str[3], .value = str[4],
                           .number = h->number, .evidence = str[5], .is_official = h->official,
                           .file = str[6], .line = h->line};
}

int answer_spill_each(const struct answer_spill *sp, int (*fn)(void *arg, const struct answer *a),
                      void *arg, struct diag *d)
{
    size_t cap = WRITE_BUF, have = 0, at = 0;
    char *buf = xmalloc(cap);
    int64_t off = 0;
    int rc = 0;
    while (rc == 0 && (at < have || off < sp->size)) {
        struct rec_head h;
        if (have - at >= sizeof h)
            memcpy(&h, buf + at, sizeof h);
        if (have - at < sizeof h || have - at < h.size) {
            /* the rest of this record (and what follows) into the buffer */
            memmove(buf, buf + at, have - at);
            have -= at;
            at = 0;
            if (have >= sizeof h && h.size > cap)
                buf = xrealloc(buf, cap = h.size);
            int64_t want = sp->size - off < (int64_t)(cap - have) ? sp->size - off
                                                                  : (int64_t)(cap - have);
            if (want <= 0) {
                errno = EIO;   /* a record cut short: the file changed */
                rc = spill_error(sp, d, msg_tr("read back"));
                break;
            }
            rc = read_at(sp, buf + have, want, off, d);
            have += (size_t)want;
            off += want;
            continue;
        }
        struct answer a = decode_one(sp, buf + at, &h);
        at += h.size;
        rc = fn(arg, &a);
    }
    free(buf);
    return rc;
}

void spill_set_release(struct spill_set *s)
{
    free(s->set.items);
    free(s->bytes);
    answer_index_release(&s->ix);
    memset(s, 0, sizeof *s);
}
