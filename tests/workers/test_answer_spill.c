/*
 * test_answer_spill.c — the report's answers on disk (src/app/answer_spill.h)
 * read back exactly as the renderers used to get them from memory: for each
 * institution and for the whole round (one at a time), the same answers in
 * the same order with the same strings (NULL kept NULL) as store_get_answers
 * and answer_index_build give; and no file left in the directory.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer_index.h"
#include "answer_spill.h"
#include "framework.h"
#include "ingest.h"
#include "registry.h"
#include "store.h"
#include "tap.h"
#include "xalloc.h"

static struct framework *tiny_framework(void)
{
    /* IDX <- {I1 (Q1), I2 (Q2)} */
    struct framework *fw = xcalloc(1, sizeof *fw);
    fw->code = xstrdup("TST");
    fw->name[LANG_ES] = xstrdup("Índice de prueba");
    fw->name[LANG_EN] = xstrdup("Test index");
    fw->dir = xstrdup("tests/tst");
    fw->scale_max = 100;
    fw->n_nodes = 3;
    fw->nodes = xcalloc(3, sizeof *fw->nodes);
    const char *codes[] = {"IDX", "I1", "I2"};
    for (int i = 0; i < 3; i++) {
        struct node *n = &fw->nodes[i];
        n->code = xstrdup(codes[i]);
        n->name[LANG_ES] = xstrdup(codes[i]);
        n->name[LANG_EN] = xstrdup(codes[i]);
        n->parent = i ? 0 : -1;
        n->level = i ? 1 : 2;
        n->weight = 1;
        n->is_indicator = i > 0;
        n->direction = 1;
        n->upper = 1;
        n->target = NAN;
        n->question = i ? xstrdup(i == 1 ? "Q1" : "Q2") : NULL;
    }
    fw->n_questions = 2;
    fw->questions = xcalloc(2, sizeof *fw->questions);
    for (int i = 0; i < 2; i++) {
        fw->questions[i].code = xstrdup(i ? "Q2" : "Q1");
        fw->questions[i].text[LANG_ES] = xstrdup("¿Pregunta?");
        fw->questions[i].text[LANG_EN] = xstrdup("Question?");
        fw->questions[i].type = ANSWER_TEXT;
    }
    fw->steps.n = 1;
    fw->steps.order[0] = STEP_AGGREGATE;
    return fw;
}

/* Registry order is not code order: the spill must find units as the index does. */
static struct registry *tiny_registry(void)
{
    static const char *const codes[] = {"SECB", "MINA", "MINC"};
    struct registry *r = xcalloc(1, sizeof *r);
    r->n = 3;
    r->items = xcalloc(3, sizeof *r->items);
    for (int i = 0; i < 3; i++) {
        r->items[i].code = xstrdup(codes[i]);
        r->items[i].name[LANG_ES] = xstrdup(codes[i]);
        r->items[i].name[LANG_EN] = xstrdup(codes[i]);
        r->items[i].group = xstrdup("G");
        r->items[i].weight = 1;
    }
    return r;
}

static void add(struct answer_set *s, const char *inst, const char *q, const char *resp,
                const char *value, double number, const char *evidence, int official, long line)
{
    struct answer a = {.year = 2026, .framework = "TST", .institution = (char *)inst,
                       .question = (char *)q, .respondent = (char *)resp,
                       .value = (char *)value, .number = number, .evidence = (char *)evidence,
                       .is_official = official, .file = "surveys/t.csv", .line = line};
    answer_set_push(s, &a);
}

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int same_answer(const struct answer *a, const struct answer *b)
{
    return a->year == b->year && same_str(a->framework, b->framework) &&
           same_str(a->institution, b->institution) && same_str(a->question, b->question) &&
           same_str(a->respondent, b->respondent) && same_str(a->value, b->value) &&
           (a->number == b->number || (isnan(a->number) && isnan(b->number))) &&
           same_str(a->evidence, b->evidence) && a->is_official == b->is_official &&
           same_str(a->file, b->file) && a->line == b->line;
}

/* answer_spill_each's fn: compare with the store's answers in order. */
struct walk {
    const struct answer_set *ref;
    size_t n;
    int same;
    size_t stop_at;       /* 0: never */
};

static int walk_one(void *arg, const struct answer *a)
{
    struct walk *w = arg;
    if (w->stop_at && w->n == w->stop_at)
        return 7;
    w->same = w->same && w->n < w->ref->n && same_answer(a, &w->ref->items[w->n]);
    w->n++;
    return 0;
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    while (d && readdir(d))
        n++;
    if (d)
        closedir(d);
    return n;
}

int main(void)
{
    char dir[] = "/tmp/indigo-spill-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char *db = xasprintf("%s/t.db", dir);
    struct diag d;
    diag_init(&d);
    struct framework *fw = tiny_framework();
    struct registry *reg = tiny_registry();
    struct survey_source src = {.id = "t", .display = "surveys/t.csv", .framework = "TST",
                                .year = 2026, .shape = SHAPE_LONG};
    /* institutions interleaved (several runs each), NULL and empty strings,
       NAN, text beyond the write buffer (2 MB) */
    size_t big_n = 2u << 20;
    char *big = xmalloc(big_n + 1);
    memset(big, 'x', big_n);
    big[big_n] = '\0';
    struct answer_set a;
    answer_set_init(&a);
    add(&a, "MINA", "Q1", "r1", "sí, «política» ✓", 1, NULL, 1, 2);
    add(&a, "MINA", "Q2", "", "", NAN, "https://ejemplo.gt/a", 0, 2);
    add(&a, "SECB", "Q1", "r1", big, NAN, NULL, 0, 3);
    add(&a, "MINA", "Q1", "r2", "no", 0, "", 0, 4);
    add(&a, "SECB", "Q2", "r1", "3,5", 3.5, NULL, 0, 5);
    struct store *st = store_open(db, 0, &d);
    ok(st && store_begin(st, &d) == 0 && store_put_registry(st, reg, &d) == 0 &&
           store_put_framework(st, fw, &d) == 0 &&
           store_put_file(st, &src, "aaaa", &a, 0, a.n, &d) == 0 && store_commit(st, &d) == 0,
       "a round stored");

    struct answer_set ref;
    answer_set_init(&ref);
    struct answer_index rix;
    store_get_answers(st, 2026, &ref, &d);
    answer_index_build(&rix, &ref, reg);

    int before = entries(dir);
    struct answer_spill *sp = answer_spill_write(st, 2026, reg, dir, &d);
    ok(sp != NULL, "answers written");
    is_int((long)answer_spill_count(sp), 5, "all five");
    is_int(entries(dir), before, "no file appears in the directory");

    for (int u = 0; u < reg->n; u++) {
        struct spill_set ss;
        int rc = answer_spill_unit(sp, u, &ss, &d);
        size_t want = rix.start[u + 1] - rix.start[u], got = ss.ix.start[u + 1] - ss.ix.start[u];
        int same = rc == 0 && got == want;
        for (size_t k = 0; same && k < want; k++)
            same = same_answer(&ss.set.items[ss.ix.item[ss.ix.start[u] + k]],
                               &ref.items[rix.item[rix.start[u] + k]]);
        for (int v = 0; same && v < reg->n; v++)
            same = v == u || ss.ix.start[v + 1] == ss.ix.start[v];
        ok(same, "%s: its %zu answers as the index gives them, no other unit's",
           reg->items[u].code, want);
        if (rc == 0)
            spill_set_release(&ss);
    }

    struct walk w = {&ref, 0, 1, 0};
    ok(answer_spill_each(sp, walk_one, &w, &d) == 0 && w.n == ref.n && w.same,
       "one at a time: every answer in the store's order, the 2 MB one whole");
    w = (struct walk){&ref, 0, 1, 2};
    is_int(answer_spill_each(sp, walk_one, &w, &d), 7, "the walk stops at fn's nonzero");
    is_int((long)w.n, 2, "after the answers before it");

    answer_spill_free(sp);
    ok(d.n_errors == 0, "no errors");
    diag_print(&d, stdout);
    diag_release(&d);
    answer_index_release(&rix);
    answer_set_release(&ref);
    answer_set_release(&a);
    store_close(st);
    framework_free(fw);
    registry_free(reg);
    free(big);
    char *cmd = xasprintf("rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    free(cmd);
    free(db);
    return tap_done();
}
