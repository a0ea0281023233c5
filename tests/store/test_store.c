/*
 * test_store.c — the SQLite store: schema, reload no-op by SHA-256, replace
 * on change, answers back in order with file and line, results round-trip,
 * rollback leaves the file byte-identical, the single-writer lock, the
 * write-ahead log, and the tables that keep each round's framework,
 * institutions and publication.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic_file.h"
#include "compute.h"
#include "config.h"
#include "framework.h"
#include "ingest.h"
#include "registry.h"
#include "sha256.h"
#include "store.h"
#include "tap.h"
#include "testlib.h"
#include "xalloc.h"

static struct framework *tiny_framework(void)
{
    /* IDX <- P1 <- {I1, I2} */
    struct framework *fw = xcalloc(1, sizeof *fw);
    fw->code = xstrdup("TST");
    fw->name[LANG_ES] = xstrdup("Índice de prueba");
    fw->name[LANG_EN] = xstrdup("Test index");
    fw->dir = xstrdup("tests/tst");
    fw->scale_max = 100;
    fw->n_nodes = 4;
    fw->nodes = xcalloc(4, sizeof *fw->nodes);
    const char *codes[] = {"IDX", "P1", "I1", "I2"};
    int parents[] = {-1, 0, 1, 1}, levels[] = {3, 2, 1, 1};
    for (int i = 0; i < 4; i++) {
        struct node *n = &fw->nodes[i];
        n->code = xstrdup(codes[i]);
        n->name[LANG_ES] = xstrdup(codes[i]);
        n->name[LANG_EN] = xstrdup(codes[i]);
        n->parent = parents[i];
        n->level = levels[i];
        n->weight = 1;
        n->is_indicator = levels[i] == 1;
        n->direction = 1;
        n->lower = 0;
        n->upper = 1;
        n->target = NAN;
        n->question = n->is_indicator ? xstrdup(i == 2 ? "Q1" : "Q2") : NULL;
    }
    fw->n_questions = 2;
    fw->questions = xcalloc(2, sizeof *fw->questions);
    for (int i = 0; i < 2; i++) {
        fw->questions[i].code = xstrdup(i ? "Q2" : "Q1");
        fw->questions[i].text[LANG_ES] = xstrdup("¿Tiene política?");
        fw->questions[i].text[LANG_EN] = xstrdup("Has a policy?");
        fw->questions[i].type = ANSWER_YESNO;
    }
    fw->steps.n = 2;
    fw->steps.order[0] = STEP_NORMALISE;
    fw->steps.order[1] = STEP_AGGREGATE;
    return fw;
}

static struct registry *tiny_registry(void)
{
    struct registry *r = xcalloc(1, sizeof *r);
    r->n = 2;
    r->items = xcalloc(2, sizeof *r->items);
    const char *codes[] = {"MINA", "SECB"};
    for (int i = 0; i < 2; i++) {
        r->items[i].code = xstrdup(codes[i]);
        r->items[i].name[LANG_ES] = xstrdup(i ? "Secretaría B" : "Ministerio A");
        r->items[i].name[LANG_EN] = xstrdup(i ? "Secretariat B" : "Ministry A");
        r->items[i].group = xstrdup(i ? "Secretaría" : "Ministerio");
        r->items[i].weight = 1;
    }
    return r;
}

static void add_answer(struct answer_set *s, const char *inst, const char *q, double v, long line)
{
    struct answer a = {0};
    a.year = 2026;
    a.framework = "TST";
    a.institution = (char *)inst;
    a.question = (char *)q;
    a.respondent = "r1";
    a.value = v ? "si" : "no";
    a.number = v;
    a.file = "surveys/t.csv";
    a.line = line;
    answer_set_push(s, &a);
}

static void file_hash(const char *path, char hex[65])
{
    if (sha256_file(path, hex) != 0)
        strcpy(hex, "missing");
}


/* Store a's answers through the streaming writer; returns what
   store_file_end gives, and the count in *n. */
static int stream_file(struct store *s, const struct survey_source *src, const char *sha,
                       const struct answer_set *a, size_t *n, struct diag *d)
{
    struct store_file *w = store_file_begin(s, src, sha, d);
    if (!w)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < a->n && rc == 0; i++)
        rc = store_file_put(w, &a->items[i]);
    *n = store_file_count(w);
    return store_file_end(w, d) != 0 ? -1 : rc;
}

static long stored_rows(struct store *s, struct diag *d)
{
    struct input_file *in = NULL;
    int n = 0;
    long rows = -1;
    if (store_get_inputs(s, 2026, &in, &n, d) == 0 && n == 1)
        rows = in[0].rows;
    for (int i = 0; i < n; i++) {
        free(in[i].path);
        free(in[i].framework);
        free(in[i].shape);
    }
    free(in);
    return rows;
}

/* The streaming writer, store_abandon, and a database of schema 1 (answer
   as a rowid table with the index answer_file) read and written as it is. */
static void streaming_cases(const char *dir, struct framework *fw, struct registry *reg,
                            const struct survey_source *src, const struct answer_set *a)
{
    struct diag d;
    diag_init(&d);
    char *db = xasprintf("%s/new.db", dir), *lock = xasprintf("%s/new.db.lock", dir);
    struct store *s = store_open(db, 0, &d);
    size_t n = 0;
    ok(s && store_begin(s, &d) == 0 && store_put_registry(s, reg, &d) == 0 &&
           store_put_framework(s, fw, &d) == 0 && stream_file(s, src, "aaaa", a, &n, &d) == 0,
       "streaming writer: a file stored answer by answer");
    is_int((long)n, 3, "store_file_count");
    store_abandon(s);
    ok(access(db, F_OK) != 0 && access(lock, F_OK) != 0,
       "store_abandon removes the database (and lock) it created");

    s = store_open(db, 0, &d);
    ok(s && store_begin(s, &d) == 0 && store_put_registry(s, reg, &d) == 0 &&
           store_put_framework(s, fw, &d) == 0 && stream_file(s, src, "aaaa", a, &n, &d) == 0 &&
           store_commit(s, &d) == 0,
       "streaming writer: committed");
    is_int(stored_rows(s, &d), 3, "input_file.rows is the count of answers");
    store_close(s);
    char h1[65], h2[65];
    file_hash(db, h1);
    s = store_open(db, 0, &d);
    struct answer_set one;
    answer_set_init(&one);
    answer_set_push(&one, &a->items[0]);
    ok(s && store_begin(s, &d) == 0 && stream_file(s, src, "bbbb", &one, &n, &d) == 0,
       "a changed file streamed in");
    store_abandon(s);
    file_hash(db, h2);
    is_str(h2, h1, "store_abandon leaves a database it did not create byte-identical");
    answer_set_release(&one);

    /* a database made by an earlier indigo: answer is a rowid table with
       the index answer_file, schema_version 1 */
    char *v1 = xasprintf("%s/v1.db", dir);
    char *cmd = xasprintf(
        "sqlite3 '%s' \"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
        " INSERT INTO meta VALUES('schema_version', '1');"
        " CREATE TABLE answer(file_id INTEGER NOT NULL REFERENCES input_file(id) ON DELETE "
        "CASCADE, line INTEGER NOT NULL, institution TEXT NOT NULL REFERENCES institution(code),"
        " question TEXT NOT NULL, respondent TEXT NOT NULL, value TEXT NOT NULL, number REAL,"
        " evidence TEXT, official INTEGER NOT NULL) STRICT;"
        " CREATE INDEX answer_file ON answer(file_id);\"",
        v1);
    if (system(cmd) != 0) {
        ok(0, "cannot make a schema-1 database with the sqlite3 shell");
    } else {
        s = store_open(v1, 0, &d);
        ok(s && store_begin(s, &d) == 0 && store_put_registry(s, reg, &d) == 0 &&
               store_put_framework(s, fw, &d) == 0 && stream_file(s, src, "aaaa", a, &n, &d) == 0 &&
               stream_file(s, src, "bbbb", a, &n, &d) == 0 && store_commit(s, &d) == 0,
           "a schema-1 database: a file stored, then replaced");
        struct answer_set back;
        answer_set_init(&back);
        ok(store_get_answers(s, 2026, &back, &d) == 0 && back.n == 3 &&
               strcmp(back.items[0].institution, "MINA") == 0 && back.items[0].line == 2 &&
               strcmp(back.items[2].institution, "SECB") == 0,
           "a schema-1 database: its answers read back in order");
        answer_set_release(&back);
        ok(store_integrity_ok(s, &d) == 1, "a schema-1 database: integrity_check ok");
        store_close(s);
    }
    free(cmd);
    free(v1);
    ok(d.n_errors == 0, "streaming: no unexpected errors");
    diag_print(&d, stdout);
    diag_release(&d);
    free(db);
    free(lock);
}

/* The schema-4 tables: a round's frameworks in the order given, its
   institutions (an earlier round only gains those that answered it), a
   publication and its files, and digests that follow the rows. */
static void round_cases(const char *dir, struct registry *reg,
                        const struct survey_source *src, const struct answer_set *a)
{
    struct diag d;
    diag_init(&d);
    char *db = xasprintf("%s/rounds.db", dir);
    struct store *s = store_open(db, 0, &d);
    ok(s && store_begin(s, &d) == 0 && store_put_registry(s, reg, &d) == 0 &&
           store_put_file(s, src, "aaaa", a, 0, a->n, &d) == 0,
       "rounds: answers of 2026 stored");
    struct round_file f[2] = {{"framework.ini", "/x/b", "", "[index]\n", 8},
                              {"nodes.csv", "/x/b", "", "code\n", 5}};
    for (int i = 0; i < 2; i++)
        sha256_hex(f[i].data, f[i].size, f[i].sha256);
    ok(store_clear_round_frameworks(s, 2026, &d) == 0 &&
           store_put_round_framework(s, 2026, "ZZZ", 0, f, 2, &d) == 0 &&
           store_put_round_framework(s, 2026, "AAA", 1, f, 1, &d) == 0,
       "rounds: two frameworks kept with 2026");
    char **codes = NULL;
    int n = 0;
    ok(store_get_round_framework_codes(s, 2026, &codes, &n, &d) == 0 && n == 2 &&
           strcmp(codes[0], "ZZZ") == 0 && strcmp(codes[1], "AAA") == 0,
       "rounds: frameworks come back in the round's order, not by name");
    for (int i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
    struct round_file *back = NULL;
    ok(store_get_round_framework(s, 2026, "ZZZ", &back, &n, &d) == 0 && n == 2 &&
           strcmp(back[1].name, "nodes.csv") == 0 && back[1].size == 5 &&
           memcmp(back[1].data, "code\n", 5) == 0 && strcmp(back[1].sha256, f[1].sha256) == 0,
       "rounds: a framework's files come back byte for byte");
    round_files_free(back, n);

    /* institutions: the round being prepared takes the registry; an earlier
       round only those with answers (MINA and SECB both answered) */
    ok(store_put_round_institutions(s, 2026, reg, 0, &d) == 0, "rounds: 2026's institutions");
    int found = 0;
    struct registry *r = store_get_round_institutions(s, 2026, &found, &d);
    ok(found && r->n == 2 && strcmp(r->items[1].group, "Secretaría") == 0,
       "rounds: both answered, both in the round");
    registry_free(r);
    struct institution extra = {"NUEVA", {"Nueva", "New"}, NULL, NULL, 1, 0};
    struct registry more = {.n = 3};
    more.items = xcalloc(3, sizeof *more.items);
    more.items[0] = reg->items[0];
    more.items[1] = extra;
    more.items[2] = reg->items[1];
    ok(store_put_registry(s, &more, &d) == 0 &&
           store_put_round_institutions(s, 2026, &more, 0, &d) == 0,
       "rounds: a registry with one more institution");
    r = store_get_round_institutions(s, 2026, &found, &d);
    ok(found && r->n == 2, "rounds: an earlier round does not gain an institution that did not answer it");
    registry_free(r);
    ok(store_put_round_institutions(s, 2027, &more, 1, &d) == 0, "rounds: 2027 prepared");
    r = store_get_round_institutions(s, 2027, &found, &d);
    ok(found && r->n == 3 && strcmp(r->items[1].code, "NUEVA") == 0,
       "rounds: the round being prepared measures the whole registry");
    registry_free(r);
    free(more.items);
    r = store_get_round_institutions(s, 2025, &found, &d);
    ok(!r && !found, "rounds: none stored for 2025");

    /* digests, publication */
    struct publication p1, p2, got;
    memset(&p1, 0, sizeof p1);
    memset(&p2, 0, sizeof p2);
    ok(store_round_digests(s, 2026, &p1, &d) == 0 && strlen(p1.answers) == 64,
       "rounds: the digests of 2026");
    p1.reports = "/tmp/x/2026";
    strcpy(p1.reports_sha, "r");
    struct published_file pf = {"a.pdf", "ab", 3};
    ok(store_publish(s, &p1, &pf, 1, &d) == 0, "rounds: 2026 published");
    ok(store_get_publication(s, 2026, &got, &d) == 1 && strcmp(got.answers, p1.answers) == 0 &&
           strcmp(got.reports, "/tmp/x/2026") == 0,
       "rounds: the publication reads back");
    publication_release(&got);
    struct published_file *pfs = NULL;
    ok(store_get_published_files(s, 2026, &pfs, &n, &d) == 0 && n == 1 && pfs[0].bytes == 3,
       "rounds: its files read back");
    published_files_free(pfs, n);
    struct round_file g = f[1];
    g.data = "code,x\n";
    g.size = 7;
    sha256_hex(g.data, g.size, g.sha256);
    ok(store_put_round_framework(s, 2026, "ZZZ", 0, &g, 1, &d) == 0 &&
           store_round_digests(s, 2026, &p2, &d) == 0 && strcmp(p1.framework, p2.framework) != 0 &&
           strcmp(p1.answers, p2.answers) == 0,
       "rounds: a changed framework file changes the framework digest, not the answers'");
    ok(store_unpublish(s, 2026, &d) == 0 && store_get_publication(s, 2026, &got, &d) == 0 &&
           store_get_published_files(s, 2026, &pfs, &n, &d) == 0 && n == 0,
       "rounds: reopening forgets the publication and its files");
    ok(store_commit(s, &d) == 0, "rounds: committed");
    store_close(s);

    /* a version-3, -4 or -5 database gets the round tables (schema 6)
       when opened for writing, and keeps the version it was made with */
    for (int v = 3; v <= 5; v++) {
        char *old = xasprintf("%s/v%d.db", dir, v);
        char *cmd = xasprintf("sqlite3 '%s' \"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT "
                              "NOT NULL) STRICT; INSERT INTO meta VALUES('schema_version', '%d');\"",
                              old, v);
        if (system(cmd) != 0) {
            ok(0, "cannot make a schema-%d database with the sqlite3 shell", v);
        } else {
            struct store *ro = store_open(old, 1, &d);
            ok(ro && store_get_publication(ro, 2026, &got, &d) == 0,
               "schema %d, read-only: no round tables, nothing published", v);
            store_close(ro);
            s = store_open(old, 0, &d);
            store_close(s);
            free(cmd);
            cmd = xasprintf("sqlite3 '%s' \"SELECT value FROM meta; SELECT count(*) FROM "
                            "sqlite_master WHERE name IN ('round_framework', 'round_institution', "
                            "'publication', 'published_file', 'report_state')\"",
                            old);
            int st;
            char *out = run_command(cmd, &st);
            char *want = xasprintf("%d\n5\n", v);
            ok(out && strcmp(out, want) == 0,
               "schema %d gets the round tables on its first write, keeps its number", v);
            free(want);
            free(out);
        }
        free(cmd);
        free(old);
    }
    ok(d.n_errors == 0, "rounds: no unexpected errors");
    diag_print(&d, stdout);
    diag_release(&d);
    free(db);
}

/* The first line the sqlite3 shell prints for sql on db ("" if none). */
static void shell_line(const char *db, const char *sql, char *out, size_t n)
{
    char *cmd = xasprintf("sqlite3 '%s' \"%s\"", db, sql);
    FILE *p = popen(cmd, "r");
    out[0] = '\0';
    if (p && fgets(out, (int)n, p))
        out[strcspn(out, "\n")] = '\0';
    if (p)
        pclose(p);
    free(cmd);
}

/* The journal (store.c): a writer puts the database in WAL mode, its
   commits are in the database once it has closed, and a reader opens a
   database still in rollback mode without changing it. */
static void journal_cases(const char *dir)
{
    struct diag d;
    diag_init(&d);
    char *db = xasprintf("%s/journal.db", dir), *wal = xasprintf("%s-wal", db);
    char line[64];
    struct store *s = store_open(db, 0, &d);
    ok(s != NULL, "journal: a writer opens a new database");
    shell_line(db, "PRAGMA journal_mode", line, sizeof line);
    is_str(line, "wal", "journal: the writer's database is in WAL mode");
    ok(s && store_begin(s, &d) == 0 && store_log(s, "test", "one", &d) == 0 &&
       store_commit(s, &d) == 0, "journal: a commit");
    store_close(s);
    ok(access(wal, F_OK) != 0, "journal: the log is checkpointed and removed when the writer closes");
    shell_line(db, "SELECT message FROM run_log", line, sizeof line);
    is_str(line, "one", "journal: and the commit is in the database");
    shell_line(db, "PRAGMA journal_mode=DELETE", line, sizeof line);
    is_str(line, "delete", "journal: back in rollback mode (an older indigo's database)");
    struct store *ro = store_open(db, 1, &d);
    ok(ro != NULL, "journal: a reader opens a database in rollback mode");
    store_close(ro);
    shell_line(db, "PRAGMA journal_mode", line, sizeof line);
    is_str(line, "delete", "journal: and leaves it so");
    ok(d.n_errors == 0, "journal: no errors");
    diag_print(&d, stdout);
    diag_release(&d);
    free(db);
    free(wal);
}

int main(void)
{
    char dir[] = "/tmp/indigo-store-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char *db = xasprintf("%s/t.db", dir);
    struct diag d;
    diag_init(&d);
    struct framework *fw = tiny_framework();
    struct registry *reg = tiny_registry();
    struct survey_source src = {.id = "t", .display = "surveys/t.csv", .framework = "TST",
                                .year = 2026, .shape = SHAPE_LONG};

    struct store *s = store_open(db, 0, &d);
    ok(s != NULL, "store_open creates a new database");
    ok(store_begin(s, &d) == 0 && store_put_registry(s, reg, &d) == 0 &&
           store_put_framework(s, fw, &d) == 0,
       "registry and framework stored");
    struct answer_set a;
    answer_set_init(&a);
    add_answer(&a, "SECB", "Q1", 1, 3);
    add_answer(&a, "MINA", "Q1", 0, 2);
    add_answer(&a, "MINA", "Q2", 1, 2);
    is_int(store_file_unchanged(s, &src, "aaaa", &d), 0, "a new file is not known");
    ok(store_put_file(s, &src, "aaaa", &a, 0, a.n, &d) == 0, "answers stored");
    ok(store_commit(s, &d) == 0, "commit");
    is_int(store_file_unchanged(s, &src, "aaaa", &d), 1, "the same SHA-256 is known: reload is a no-op");
    is_int(store_file_unchanged(s, &src, "bbbb", &d), 2, "a changed file is known as changed");

    struct answer_set back;
    answer_set_init(&back);
    ok(store_get_answers(s, 2026, &back, &d) == 0, "answers read back");
    is_int((long)back.n, 3, "three answers");
    /* ordered by file, line, question */
    is_str(back.items[0].institution, "MINA", "first answer is line 2");
    is_int(back.items[0].line, 2, "line kept");
    is_str(back.items[0].question, "Q1", "then by question");
    is_str(back.items[2].institution, "SECB", "line 3 last");
    is_str(back.items[2].file, "surveys/t.csv", "source file kept");
    is_num(back.items[2].number, 1, 0, "number kept");
    answer_set_release(&back);

    /* replacing the file replaces its rows */
    struct answer_set b;
    answer_set_init(&b);
    add_answer(&b, "MINA", "Q1", 1, 2);
    ok(store_begin(s, &d) == 0 && store_put_file(s, &src, "bbbb", &b, 0, b.n, &d) == 0 &&
           store_commit(s, &d) == 0,
       "changed file stored");
    answer_set_init(&back);
    store_get_answers(s, 2026, &back, &d);
    is_int((long)back.n, 1, "the changed file's rows replaced the old ones");
    answer_set_release(&back);

    /* results round-trip */
    struct result r;
    memset(&r, 0, sizeof r);
    r.fw = fw;
    r.n_units = 2;
    char *codes[] = {"MINA", "SECB"};
    r.unit_code = codes;
    double values[8] = {75.5, 75.5, 100, 51, NAN, NAN, NAN, NAN};
    int ranks[8] = {1, 1, 1, 1, 0, 0, 0, 0};
    r.value = values;
    r.rank = ranks;
    int maturity[2] = {2, -1};   /* MINA in the third level, SECB none */
    r.maturity = maturity;
    r.n_ind = 0;
    ok(store_begin(s, &d) == 0 && store_put_result(s, 2026, &r, &d) == 0 && store_commit(s, &d) == 0,
       "results stored");
    double v2[8];
    int r2[8];
    is_int(store_get_node_values(s, 2026, fw, reg, v2, r2, &d), 1, "results found");
    is_num(v2[0], 75.5, 0, "value of MINA/IDX");
    is_num(v2[3], 51, 0, "value of MINA/I2");
    ok(isnan(v2[4]), "NULL comes back as NAN");
    is_int(r2[0], 1, "rank kept");
    is_int(r2[4], 0, "no rank for NAN");
    is_int(store_get_node_values(s, 2025, fw, reg, v2, r2, &d), 0, "no results for 2025");

    /* the national figure of each round: the stored values weighted by the
       institutions' weights (here the fallback registry's: this database
       keeps no round_institution rows), NULL values and unranked left out */
    {
        double v25[8] = {40, 40, 40, 40, 60, 60, 60, 60};
        r.value = v25;
        ok(store_begin(s, &d) == 0 && store_put_result(s, 2025, &r, &d) == 0 &&
               store_commit(s, &d) == 0,
           "trend: 2025 results stored");
        r.value = values;
        int *ys, n;
        double *vs;
        reg->items[1].weight = 3;
        ok(store_get_national_series(s, "TST", "IDX", 2026, reg, &ys, &vs, &n, &d) == 0 &&
               n == 2 && ys[0] == 2025 && ys[1] == 2026,
           "trend: 2025 and 2026, oldest first");
        is_num(n == 2 ? vs[0] : NAN, 55, 1e-12, "trend: 2025 is (40 x 1 + 60 x 3) / 4");
        is_num(n == 2 ? vs[1] : NAN, 75.5, 0, "trend: 2026 leaves out SECB's NULL");
        free(ys);
        free(vs);
        reg->items[1].unranked = 1;
        ok(store_get_national_series(s, "TST", "P1", 2025, reg, &ys, &vs, &n, &d) == 0 && n == 1 &&
               ys[0] == 2025 && vs[0] == 40,
           "trend: up to 2025 only, without the unranked SECB");
        free(ys);
        free(vs);
        reg->items[1].unranked = 0;
        reg->items[1].weight = 1;
        ok(store_get_national_series(s, "TST", "IDX", 2026, NULL, &ys, &vs, &n, &d) == 0 && n == 0 &&
               !ys && !vs,
           "trend: no weights, no figure");
        /* the cases below know 2026 alone */
        char *cmd = xasprintf("sqlite3 '%s' \"DELETE FROM node_value WHERE year = 2025\"", db);
        int st;
        free(run_command(cmd, &st));
        free(cmd);
        is_int(st, 0, "trend: 2025 removed again");
    }

    /* the result tables are WITHOUT ROWID (schema 3) */
    {
        char *cmd = xasprintf("sqlite3 '%s' \"SELECT value FROM meta WHERE key = 'schema_version';"
                              " SELECT count(*) FROM sqlite_master WHERE name IN"
                              " ('node_value', 'indicator_value', 'axis_value', 'axis_national')"
                              " AND sql LIKE '%%WITHOUT ROWID'\"",
                              db);
        int st;
        char *out = run_command(cmd, &st);
        is_str(out, "6\n4\n",
               "schema 6: node_value, indicator_value, axis_value and axis_national are WITHOUT ROWID");
        free(out);
        free(cmd);
        cmd = xasprintf("sqlite3 '%s' \"SELECT institution || ' ' || node || ' ' ||"
                        " ifnull(level, 'NULL') FROM node_value WHERE year = 2026"
                        " ORDER BY institution, node\"", db);
        char *rows = run_command(cmd, &st);
        is_str(rows,
               "MINA I1 NULL\nMINA I2 NULL\nMINA IDX 3\nMINA P1 NULL\n"
               "SECB I1 NULL\nSECB I2 NULL\nSECB IDX NULL\nSECB P1 NULL\n",
               "schema 4: the index's level stored beside value and rank (1 = lowest)");
        free(rows);
        free(cmd);
    }

    /* a schema-2 database: the result tables are rowid tables, and results
       are replaced in them as before */
    {
        char *v2db = xasprintf("%s/v2.db", dir);
        char *cmd = xasprintf(
            "sqlite3 '%s' \"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
            " INSERT INTO meta VALUES('schema_version', '2');"
            " CREATE TABLE node_value(year INTEGER NOT NULL, framework TEXT NOT NULL,"
            " institution TEXT NOT NULL, node TEXT NOT NULL, value REAL, rank INTEGER,"
            " PRIMARY KEY(year, framework, institution, node)) STRICT;"
            " CREATE TABLE indicator_value(year INTEGER NOT NULL, framework TEXT NOT NULL,"
            " institution TEXT NOT NULL, indicator TEXT NOT NULL, raw REAL, denominated REAL,"
            " imputed REAL, treated REAL, normalised REAL, flags INTEGER NOT NULL,"
            " PRIMARY KEY(year, framework, institution, indicator)) STRICT;\"",
            v2db);
        if (system(cmd) != 0) {
            ok(0, "cannot make a schema-2 database with the sqlite3 shell");
        } else {
            struct store *s2 = store_open(v2db, 0, &d);
            double w[8];
            int wr[8];
            ok(s2 && store_begin(s2, &d) == 0 && store_put_result(s2, 2026, &r, &d) == 0 &&
                   store_put_result(s2, 2026, &r, &d) == 0 && store_commit(s2, &d) == 0,
               "a schema-2 database: results stored, then replaced");
            ok(s2 && store_get_node_values(s2, 2026, fw, reg, w, wr, &d) == 1 && w[3] == 51 &&
                   wr[0] == 1 && isnan(w[4]),
               "a schema-2 database: results read back");
            ok(s2 && store_integrity_ok(s2, &d) == 1, "a schema-2 database: integrity_check ok");
            store_close(s2);
            char *q = xasprintf("sqlite3 '%s' \"SELECT level FROM node_value WHERE"
                                " institution = 'MINA' AND node = 'IDX';"
                                " SELECT value FROM meta WHERE key = 'schema_version'\"", v2db);
            FILE *p = popen(q, "r");
            char out[64] = "";
            size_t got = p ? fread(out, 1, sizeof out - 1, p) : 0;
            out[got] = '\0';
            if (p)
                pclose(p);
            is_str(out, "3\n2\n",
                   "a schema-2 database gets node_value.level when results are stored, and "
                   "keeps its schema_version");
            free(q);
        }
        free(cmd);
        free(v2db);
    }

    /* a rolled-back transaction leaves the file byte-identical */
    store_close(s);
    char h1[65], h2[65];
    file_hash(db, h1);
    s = store_open(db, 0, &d);
    store_begin(s, &d);
    store_put_file(s, &src, "cccc", &a, 0, a.n, &d);
    store_rollback(s);
    store_close(s);
    file_hash(db, h2);
    is_str(h2, h1, "rollback leaves the database byte-identical");

    /* one writer at a time */
    s = store_open(db, 0, &d);
    struct diag d2;
    diag_init(&d2);
    struct store *s2 = store_open(db, 0, &d2);
    ok(s2 == NULL, "a second writer is refused");
    is_int(d2.status, EX_TEMPFAIL_, "with status 75");
    ok(d2.n_kept == 1 && strstr(d2.msgs[0], "in use by another indigo run") != NULL,
       "and a clear message");
    diag_release(&d2);
    struct store *ro = store_open(db, 1, &d);
    ok(ro != NULL, "a reader is not blocked");
    store_close(ro);
    ok(store_integrity_ok(s, &d) == 1, "integrity_check ok");

    /* a process forked while the store is open (a rendering worker) does
       not keep the lock once the store is closed.  The child says when it
       runs (its fork handler has closed its copy of the lock by then), and
       lives until the parent has taken the lock again. */
    int gate[2], ready[2];
    if (pipe(gate) != 0 || pipe(ready) != 0)
        return 2;
    pid_t child = fork();
    if (child == 0) {
        char c;
        close(gate[1]);
        close(ready[0]);
        if (write(ready[1], "r", 1) != 1 || read(gate[0], &c, 1) < 0)
            _exit(1);
        _exit(0);
    }
    close(gate[0]);
    close(ready[1]);
    char c;
    ok(read(ready[0], &c, 1) == 1, "the forked child runs");
    close(ready[0]);
    store_close(s);
    s = store_open(db, 0, &d);
    ok(s != NULL, "the lock is free once the store is closed, while a forked child lives on");
    store_close(s);
    if (write(gate[1], "x", 1) != 1)
        perror("write");
    close(gate[1]);
    waitpid(child, NULL, 0);

    ok(d.n_errors == 0, "no unexpected errors");
    diag_print(&d, stdout);
    diag_release(&d);
    streaming_cases(dir, fw, reg, &src, &a);
    round_cases(dir, reg, &src, &a);
    journal_cases(dir);
    answer_set_release(&a);
    answer_set_release(&b);
    framework_free(fw);
    registry_free(reg);
    char *cmd = xasprintf("rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
    free(cmd);
    free(db);
    return tap_done();
}
