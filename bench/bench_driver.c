/*
 * bench_driver.c — the measuring half of bench/run.
 *
 *   bench_driver bare-insert ANSWERS.csv DB
 *       reads the long-shape rows into memory, then times a bare SQLite
 *       prepared-insert loop (one transaction): the rate indigo's ingest is
 *       compared with.  Prints "rows SECONDS ROWS_PER_S".  The database is
 *       made with indigo's own schema and connection settings
 *       (store_schema_sql(), store_pragma_sql() from src/store/store.c), so the
 *       loop inserts into the very table indigo loads -- the same columns,
 *       primary key (file_id, line, question) of a WITHOUT ROWID table, and
 *       foreign keys to input_file and institution -- whatever the schema
 *       becomes.  The institutions, the round and the input file the rows
 *       refer to are inserted first, outside the timing, as indigo's load
 *       stores them before its answers.
 *   bench_driver measure CMD [ARGS...]
 *       runs CMD, prints "SECONDS MAXRSS_KIB EXIT" (wall clock, peak resident
 *       memory of the child from wait4's rusage).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bare_insert(const char *csv, const char *dbpath)
{
    FILE *fp = fopen(csv, "r");
    if (!fp) {
        perror(csv);
        return 1;
    }
    size_t cap = 1 << 20, n = 0;
    char **rows = malloc(cap * sizeof *rows);
    char line[512];
    if (!fgets(line, sizeof line, fp)) { /* header */
        fclose(fp);
        return 1;
    }
    while (fgets(line, sizeof line, fp)) {
        if (n == cap)
            rows = realloc(rows, (cap *= 2) * sizeof *rows);
        line[strcspn(line, "\r\n")] = '\0';
        rows[n++] = strdup(line);
    }
    fclose(fp);
    unlink(dbpath);
    sqlite3 *db;
    /* opened as store_open opens it */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(dbpath, &db, flags, NULL) != SQLITE_OK)
        return 1;
    char *err = NULL;
    if (sqlite3_exec(db, store_pragma_sql(), NULL, NULL, &err) != SQLITE_OK ||
        sqlite3_exec(db, store_schema_sql(), NULL, NULL, &err) != SQLITE_OK ||
        sqlite3_exec(db,
                     "INSERT INTO round(year) VALUES(2026);"
                     "INSERT INTO input_file(id, year, framework, path, shape, sha256, rows)"
                     " VALUES(1, 2026, 'BENCH', 'answers.csv', 'long', '', 0);",
                     NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bare-insert: %s\n", err ? err : sqlite3_errmsg(db));
        return 1;
    }
    /* the institutions the rows name (the foreign key needs them) */
    sqlite3_stmt *inst;
    sqlite3_prepare_v2(db,
                       "INSERT OR IGNORE INTO institution(code, name_es, name_en, weight) "
                       "VALUES(?1, ?1, ?1, 1)",
                       -1, &inst, NULL);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        size_t k = strcspn(rows[i], ",");
        sqlite3_bind_text(inst, 1, rows[i], (int)k, SQLITE_STATIC);
        sqlite3_step(inst);
        sqlite3_reset(inst);
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_finalize(inst);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO answer(file_id, line, institution, question, respondent,"
                           " value, number, evidence, official)"
                           " VALUES(1, ?1, ?2, ?3, ?4, ?5, ?6, NULL, 0)",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bare-insert: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    double t0 = now();
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (size_t i = 0; i < n; i++) {
        char *f[4] = {rows[i], NULL, NULL, NULL};
        for (int k = 1; k < 4; k++) {
            char *c = strchr(f[k - 1], ',');
            if (!c)
                break;
            *c = '\0';
            f[k] = c + 1;
        }
        sqlite3_bind_int64(st, 1, (sqlite3_int64)i + 2);
        sqlite3_bind_text(st, 2, f[0], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, f[1] ? f[1] : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, f[3] ? f[3] : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, f[2] ? f[2] : "", -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 6, f[2] ? atof(f[2]) : 0);
        if (sqlite3_step(st) != SQLITE_DONE) {
            fprintf(stderr, "bare-insert: row %zu: %s\n", i + 2, sqlite3_errmsg(db));
            return 1;
        }
        sqlite3_reset(st);
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    double t = now() - t0;
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("%zu %.3f %.0f\n", n, t, (double)n / t);
    for (size_t i = 0; i < n; i++)
        free(rows[i]);
    free(rows);
    unlink(dbpath);
    return 0;
}

static int measure(char **argv)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    double t = now() - t0;
    printf("%.4f %ld %d\n", t, ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "bare-insert") == 0)
        return bare_insert(argv[2], argv[3]);
    if (argc >= 3 && strcmp(argv[1], "measure") == 0)
        return measure(argv + 2);
    fprintf(stderr, "usage: bench_driver bare-insert ANSWERS.csv DB | measure CMD [ARGS]\n");
    return 64;
}
