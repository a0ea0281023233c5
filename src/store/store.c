/*
 * store.c — the SQLite store (see store.h).  The only file that includes
 * <sqlite3.h>.  The schema below is the documentation of the database; every
 * table is STRICT and foreign keys are on for every connection.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "atomic_file.h"
#include "framework.h"
#include "indigo_version.h"
#include "ingest.h"
#include "messages.h"
#include "registry.h"
#include "sha256.h"
#include "strbuf.h"
#include "cleanup.h"
#include "xalloc.h"

/* 2: answer is a WITHOUT ROWID table keyed by (file_id, line, question),
   without the answer_file index.  A version-1 database (rowid table and
   index answer_file) is read and written as it is: same columns.
   3: indicator_value and node_value are WITHOUT ROWID tables too: a rowid
   table with a primary key is two B-trees, and storing them was three
   quarters of `indigo compute` at a million answers.  Earlier databases
   keep their rowid tables and work unchanged (docs/schema.md).
   4: node_value.level, the maturity level of the index (1 = lowest) beside
   its value and rank.  An earlier database gets the column (ALTER TABLE ...
   ADD COLUMN, which rewrites nothing) in the transaction of the first compute
   that stores results into it; schema_version keeps the version it was made
   with.
   5 (axes): axis_value and axis_national, the second view (the framework's
   axes, e.g. the Plan's strategic axes) per institution and nationally.
   The tables are created IF NOT EXISTS on every writable open, so an
   earlier database gets them, empty, before its next compute fills them;
   schema_version keeps the version it was made with (docs/schema.md,
   "Schema 5: axes").
   6: rounds are versioned units (docs/rondas.md): round_framework keeps the
   framework files each round is computed with, round_institution the
   institutions it measured, publication and published_file what a
   published round froze.  Only tables are added: an earlier database gets
   them, empty, the first time it is opened for writing (CREATE TABLE IF NOT
   EXISTS), and, as with level, keeps the version it was made with (it names
   the layout of its answer and result tables).  A read-only one without
   them reads as a database with no round published. */
#define SCHEMA_VERSION "6"

static const char schema[] =
    /* key/value facts about the database itself (schema version) */
    "CREATE TABLE IF NOT EXISTS meta(\n"
    "  key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;\n"
    /* the registry: institutions ever measured (upserted, never deleted) */
    "CREATE TABLE IF NOT EXISTS institution(\n"
    "  code TEXT PRIMARY KEY, name_es TEXT NOT NULL, name_en TEXT NOT NULL,\n"
    "  grp TEXT, weight REAL NOT NULL) STRICT;\n"
    /* frameworks as last loaded: the tree, the questionnaire, option points */
    "CREATE TABLE IF NOT EXISTS framework(\n"
    "  code TEXT PRIMARY KEY, name_es TEXT NOT NULL, name_en TEXT NOT NULL,\n"
    "  dir TEXT NOT NULL, scale_min REAL NOT NULL, scale_max REAL NOT NULL,\n"
    "  respondents TEXT NOT NULL, steps TEXT NOT NULL) STRICT;\n"
    "CREATE TABLE IF NOT EXISTS node(\n"
    "  framework TEXT NOT NULL REFERENCES framework(code) ON DELETE CASCADE,\n"
    "  code TEXT NOT NULL, parent TEXT, level INTEGER NOT NULL, weight REAL NOT NULL,\n"
    "  is_indicator INTEGER NOT NULL, name_es TEXT NOT NULL, name_en TEXT NOT NULL,\n"
    "  question TEXT, denominator TEXT, direction INTEGER, normalisation TEXT,\n"
    "  lower REAL, upper REAL, aggregation TEXT, axis TEXT, source TEXT,\n"
    "  PRIMARY KEY(framework, code)) STRICT;\n"
    "CREATE TABLE IF NOT EXISTS question(\n"
    "  framework TEXT NOT NULL REFERENCES framework(code) ON DELETE CASCADE,\n"
    "  code TEXT NOT NULL, text_es TEXT NOT NULL, text_en TEXT NOT NULL,\n"
    "  type TEXT NOT NULL, required INTEGER NOT NULL,\n"
    "  PRIMARY KEY(framework, code)) STRICT;\n"
    "CREATE TABLE IF NOT EXISTS option(\n"
    "  framework TEXT NOT NULL, question TEXT NOT NULL, code TEXT NOT NULL,\n"
    "  label_es TEXT NOT NULL, label_en TEXT NOT NULL, points REAL NOT NULL,\n"
    "  PRIMARY KEY(framework, question, code),\n"
    "  FOREIGN KEY(framework, question) REFERENCES question(framework, code)\n"
    "    ON DELETE CASCADE) STRICT;\n"
    /* rounds (years) and the input files of each, with their SHA-256 */
    "CREATE TABLE IF NOT EXISTS round(year INTEGER PRIMARY KEY) STRICT;\n"
    "CREATE TABLE IF NOT EXISTS input_file(\n"
    "  id INTEGER PRIMARY KEY, year INTEGER NOT NULL REFERENCES round(year),\n"
    "  framework TEXT NOT NULL, path TEXT NOT NULL, shape TEXT NOT NULL,\n"
    "  sha256 TEXT NOT NULL, rows INTEGER NOT NULL,\n"
    "  UNIQUE(year, framework, path)) STRICT;\n"
    /* raw answers, each with the file and line it came from; the key is
       where it came from (a row gives each question at most one answer), so
       a file's answers are one range of the table: loaded by appending,
       deleted by range, read back in file order, with no second index */
    "CREATE TABLE IF NOT EXISTS answer(\n"
    "  file_id INTEGER NOT NULL REFERENCES input_file(id) ON DELETE CASCADE,\n"
    "  line INTEGER NOT NULL, institution TEXT NOT NULL REFERENCES institution(code),\n"
    "  question TEXT NOT NULL, respondent TEXT NOT NULL, value TEXT NOT NULL,\n"
    "  number REAL, evidence TEXT, official INTEGER NOT NULL,\n"
    "  PRIMARY KEY(file_id, line, question)) STRICT, WITHOUT ROWID;\n"
    /* computed values, unrounded: per indicator (every step) and per node;
       keyed by what they are a value of, one B-tree each */
    "CREATE TABLE IF NOT EXISTS indicator_value(\n"
    "  year INTEGER NOT NULL, framework TEXT NOT NULL, institution TEXT NOT NULL,\n"
    "  indicator TEXT NOT NULL, raw REAL, denominated REAL, imputed REAL,\n"
    "  treated REAL, normalised REAL, flags INTEGER NOT NULL,\n"
    "  PRIMARY KEY(year, framework, institution, indicator)) STRICT, WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS node_value(\n"
    "  year INTEGER NOT NULL, framework TEXT NOT NULL, institution TEXT NOT NULL,\n"
    "  node TEXT NOT NULL, value REAL, rank INTEGER, level INTEGER,\n"
    "  PRIMARY KEY(year, framework, institution, node)) STRICT, WITHOUT ROWID;\n"
    /* the second view: each axis's score, the effective-weight mean of
       the normalised values of its indicators with data (compute.h), per
       institution and nationally (unit-weighted mean of the institutions) */
    "CREATE TABLE IF NOT EXISTS axis_value(\n"
    "  year INTEGER NOT NULL, framework TEXT NOT NULL, institution TEXT NOT NULL,\n"
    "  axis TEXT NOT NULL, value REAL,\n"
    "  PRIMARY KEY(year, framework, institution, axis)) STRICT, WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS axis_national(\n"
    "  year INTEGER NOT NULL, framework TEXT NOT NULL, axis TEXT NOT NULL, value REAL,\n"
    "  PRIMARY KEY(year, framework, axis)) STRICT, WITHOUT ROWID;\n"
    /* what every command did: program version, inputs, outcome */
    "CREATE TABLE IF NOT EXISTS run_log(\n"
    "  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, command TEXT NOT NULL,\n"
    "  version TEXT NOT NULL, message TEXT NOT NULL) STRICT;\n";

/* Rounds as versioned units (schema 6; docs/rondas.md), created after the
   tables above (ISO C caps a string literal's length). */
static const char rounds_schema[] =
    /* rounds as versioned units (schema 6): the framework files each round
       is computed with, byte for byte, so that loading next year's
       frameworks never changes an earlier round */
    "CREATE TABLE IF NOT EXISTS round_framework(\n"
    "  year INTEGER NOT NULL REFERENCES round(year), framework TEXT NOT NULL,\n"
    "  position INTEGER NOT NULL, file TEXT NOT NULL, dir TEXT NOT NULL,\n"
    "  sha256 TEXT NOT NULL, content BLOB NOT NULL,\n"
    "  PRIMARY KEY(year, framework, file)) STRICT;\n"
    /* the institutions a round measured, as they were then (group and
       weight enter the computation) */
    "CREATE TABLE IF NOT EXISTS round_institution(\n"
    "  year INTEGER NOT NULL REFERENCES round(year),\n"
    "  code TEXT NOT NULL REFERENCES institution(code),\n"
    "  name_es TEXT NOT NULL, name_en TEXT NOT NULL, grp TEXT, weight REAL NOT NULL,\n"
    "  grp_en TEXT,\n"
    /* 1: registry ranked = no (scored and published, not ranked) */
    "  unranked INTEGER NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY(year, code)) STRICT;\n"
    /* a published round: what was frozen, as SHA-256 digests (docs/rondas.md
       says how each is computed), and every file of its report tree */
    "CREATE TABLE IF NOT EXISTS publication(\n"
    "  year INTEGER PRIMARY KEY REFERENCES round(year), at TEXT NOT NULL,\n"
    "  version TEXT NOT NULL, reports TEXT NOT NULL,\n"
    "  answers_sha256 TEXT NOT NULL, framework_sha256 TEXT NOT NULL,\n"
    "  institutions_sha256 TEXT NOT NULL, results_sha256 TEXT NOT NULL,\n"
    "  reports_sha256 TEXT NOT NULL) STRICT;\n"
    /* what the latest reports of a round were written from (docs/rondas.md):
       publishing checks that nothing changed since */
    "CREATE TABLE IF NOT EXISTS report_state(\n"
    "  year INTEGER PRIMARY KEY REFERENCES round(year), at TEXT NOT NULL,\n"
    "  reports TEXT NOT NULL, state_sha256 TEXT NOT NULL) STRICT;\n"
    "CREATE TABLE IF NOT EXISTS published_file(\n"
    "  year INTEGER NOT NULL REFERENCES publication(year) ON DELETE CASCADE,\n"
    "  path TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL,\n"
    "  PRIMARY KEY(year, path)) STRICT;\n";

/*
 * Every connection, before its first transaction: foreign keys on, and the
 * journal of a batch writer.  journal_mode=WAL with synchronous=NORMAL: a
 * commit appends its pages to <db>-wal and does not wait for the disk; the
 * log is synced before each checkpoint, which copies it into the database
 * and syncs that (automatically past 1,000 pages, and when the last
 * connection closes, so by the time a command exits).  A crash or power cut
 * can lose what was committed since the last checkpoint, at most the run
 * that was going on, and never corrupts: the log's frames are checksummed
 * and an unsynced or uncommitted tail is ignored on the next open.  With
 * the rollback journal every commit waited for two syncs, half of a small
 * `indigo compute`, and a run commits several times.
 *
 * Both read the database through a memory map (mmap_size, its first
 * 32 MiB): a page is read where the kernel keeps it instead of being copied
 * into SQLite's cache with a pread (a tenth of the processor time of
 * `indigo compute` on a small round, which reads every stored answer and
 * result).  Writes still go through the log; only reading is mapped.  The
 * map is bounded because every page read through it counts in the process's
 * resident memory: with the first GiB mapped, `compute` on 4.9 million
 * answers peaked at 322 MiB instead of some 130, and the report at 599.
 *
 * A read-only connection sets no journal: journal_mode=WAL writes the
 * database's header, which it may not.  (WAL needs the database's
 * directory writable for <db>-wal and <db>-shm, and a local file system.)
 */
static const char pragmas[] = "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; "
                              "PRAGMA synchronous=NORMAL; PRAGMA mmap_size=33554432;";
static const char reader_pragmas[] = "PRAGMA foreign_keys=ON; PRAGMA mmap_size=33554432;";

const char *store_schema_sql(void) { return schema; }
const char *store_pragma_sql(void) { return pragmas; }

struct store {
    sqlite3 *db;
    char *path;
    int lock_fd;
    int in_tx;
    int created;   /* the database file did not exist before store_open() */
    int has_level; /* node_value has its level column: 1, 0 no, -1 not yet known */
    int cleanup[3]; /* created: the database, its journal and its lock file,
                       removed if the run is interrupted (cleanup.h)      */
    int has_rounds; /* the schema-6 tables exist (a read-only older one may lack them) */
};

/* A database this run created holds nothing to keep until its first commit:
   removed with its journal and lock file if the run is interrupted. */
static void remember_created(struct store *s)
{
    char *journal = xasprintf("%s-journal", s->path), *lock = xasprintf("%s.lock", s->path);
    s->cleanup[0] = cleanup_remember(s->path, 0);
    s->cleanup[1] = cleanup_remember(journal, 0);
    s->cleanup[2] = cleanup_remember(lock, 0);
    free(journal);
    free(lock);
}

static void forget_created(struct store *s)
{
    for (int i = 0; i < 3; i++) {
        cleanup_forget(s->cleanup[i]);
        s->cleanup[i] = -1;
    }
}

static int sql_error(struct store *s, struct diag *d, const char *what)
{
    int code = sqlite3_extended_errcode(s->db);
    int status = EX_IOERR_;
    if (code == SQLITE_FULL)
        status = EX_CANTCREAT_;
    else if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
        status = EX_TEMPFAIL_;
    return diag_error(d, status, s->path, 0, 0, "database error while %s: %s", msg_tr(what),
                      sqlite3_errmsg(s->db));
}

static int exec(struct store *s, const char *sql, struct diag *d, const char *what);

/* round_institution.unranked (registry ranked = no) came after schema 6: a
   database made before it gets the column, 0 for every row (ALTER TABLE ...
   ADD COLUMN rewrites nothing), as node_value.level was added. */
static int has_column(struct store *s, const char *table, const char *col);

static int add_unranked_column(struct store *s, struct diag *d)
{
    return has_column(s, "round_institution", "unranked")
               ? 0
               : exec(s, "ALTER TABLE round_institution ADD COLUMN unranked INTEGER NOT NULL "
                         "DEFAULT 0", d, "adding round_institution.unranked");
}

static int exec(struct store *s, const char *sql, struct diag *d, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        diag_error(d, EX_IOERR_, s->path, 0, 0, "database error while %s: %s", msg_tr(what),
                   msg ? msg : sqlite3_errmsg(s->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static sqlite3_stmt *prepare(struct store *s, const char *sql, struct diag *d)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sql_error(s, d, "preparing a statement");
        return NULL;
    }
    return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

/* Step a write statement to completion and reset it. */
static int step_done(struct store *s, sqlite3_stmt *st, struct diag *d, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return sql_error(s, d, what);
    return 0;
}

/*
 * The lock's file descriptors of the open stores.  A process forked while a
 * store is open (a rendering worker, workers.h) would otherwise share the
 * lock's open file description and keep the database locked after the run
 * that took the lock has ended or been killed; the fork handler closes the
 * child's copies (the parent's lock is untouched).
 */
#define MAX_OPEN_STORES 8
static int open_lock_fds[MAX_OPEN_STORES];
static int n_open_lock_fds;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

static void close_locks_in_child(void)
{
    for (int i = 0; i < n_open_lock_fds; i++)
        close(open_lock_fds[i]);
    n_open_lock_fds = 0;
}

static void register_atfork(void)
{
    pthread_atfork(NULL, NULL, close_locks_in_child);
}

static void lock_fd_remember(int fd)
{
    pthread_once(&atfork_once, register_atfork);
    if (n_open_lock_fds >= MAX_OPEN_STORES)
        BUG("more than %d stores open", MAX_OPEN_STORES);
    open_lock_fds[n_open_lock_fds++] = fd;
}

static void lock_fd_forget(int fd)
{
    for (int i = 0; i < n_open_lock_fds; i++)
        if (open_lock_fds[i] == fd) {
            open_lock_fds[i] = open_lock_fds[--n_open_lock_fds];
            return;
        }
}

/* The database's directory is created as the reports' is: the example
   round keeps its database in build/, which a fresh copy (indigo init) has
   not got. */
static int make_parent_dir(const char *path, struct diag *d)
{
    char *tmp = xstrdup(path);
    const char *dir = dirname(tmp);
    int rc = mkdir_p(dir);
    if (rc != 0)
        diag_error(d, EX_CANTCREAT_, dir, 0, 0, "cannot create the database's directory: %s",
                   strerror(errno));
    free(tmp);
    return rc;
}

/* 1 if table name has column col (col NULL: if the table exists), from the
   schema SQLite has already read: no statement is parsed. */
static int has_column(struct store *s, const char *table, const char *col)
{
    return sqlite3_table_column_metadata(s->db, "main", table, col, NULL, NULL, NULL, NULL,
                                         NULL) == SQLITE_OK;
}

/* 1 if the database already has what store_open() would create: every
   table of the schema, round_institution.unranked and the schema version.
   Then the open parses none of the CREATE statements (a fifth of a small
   `indigo compute`) and begins no transaction. */
static int schema_current(struct store *s)
{
    static const char create[] = "CREATE TABLE IF NOT EXISTS ";
    const char *const parts[] = {schema, rounds_schema};
    for (int i = 0; i < 2; i++)
        for (const char *p = strstr(parts[i], create); p; p = strstr(p, create)) {
            p += sizeof create - 1;
            char name[64];
            size_t len = strcspn(p, "(");
            if (len >= sizeof name)
                return 0;
            memcpy(name, p, len);
            name[len] = '\0';
            if (!has_column(s, name, NULL))
                return 0;
        }
    if (!has_column(s, "round_institution", "unranked"))
        return 0;
    sqlite3_stmt *st = NULL;
    int found = sqlite3_prepare_v2(s->db, "SELECT 1 FROM meta WHERE key = 'schema_version'", -1,
                                   &st, NULL) == SQLITE_OK &&
                sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

struct store *store_open(const char *path, int readonly, struct diag *d)
{
    struct store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->lock_fd = -1;
    s->has_level = -1;
    s->cleanup[0] = s->cleanup[1] = s->cleanup[2] = -1;
    if (!readonly) {
        if (make_parent_dir(path, d) != 0) {
            store_close(s);
            return NULL;
        }
        /* One writer at a time: a second `indigo run` stops here with a
           clear message instead of waiting on SQLite's locks mid-load. */
        char *lock = xasprintf("%s.lock", path);
        s->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        if (s->lock_fd < 0) {
            diag_error(d, EX_CANTCREAT_, lock, 0, 0, "cannot create the lock file: %s",
                       strerror(errno));
            free(lock);
            store_close(s);
            return NULL;
        }
        if (flock(s->lock_fd, LOCK_EX | LOCK_NB) != 0) {
            diag_error(d, EX_TEMPFAIL_, path, 0, 0,
                       "the database is in use by another indigo run; wait for it to finish "
                       "and try again");
            free(lock);
            store_close(s);
            return NULL;
        }
        free(lock);
        lock_fd_remember(s->lock_fd);
    }
    if (!readonly)
        s->created = access(path, F_OK) != 0 && errno == ENOENT; /* under the lock */
    if (s->created)
        remember_created(s);
    /* NOMUTEX: a store is used by one thread at a time (the uncertainty
       threads never touch it), so SQLite need not lock each call */
    int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        diag_error(d, readonly ? EX_NOINPUT_ : EX_CANTCREAT_, path, 0, 0,
                   "cannot open the database: %s", s->db ? sqlite3_errmsg(s->db) : "out of memory");
        store_close(s);
        return NULL;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* foreign_keys must be set outside a transaction (dependencies.md §5) */
    if (exec(s, readonly ? reader_pragmas : pragmas, d, "configuring") != 0) {
        store_close(s);
        return NULL;
    }
    /* the schema in one transaction: one commit (and its syncs) for a new
       database rather than one per table */
    if (!readonly && !schema_current(s) &&
        (exec(s, "BEGIN", d, "creating the schema") != 0 ||
         exec(s, schema, d, "creating the schema") != 0 ||
         exec(s, rounds_schema, d, "creating the schema") != 0 ||
         add_unranked_column(s, d) != 0 ||
         exec(s,
              "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '" SCHEMA_VERSION "')",
              d, "recording the schema version") != 0 ||
         exec(s, "COMMIT", d, "creating the schema") != 0)) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        store_close(s);
        return NULL;
    }
    s->has_rounds = has_column(s, "publication", NULL);
    return s;
}

void store_abandon(struct store *s)
{
    if (!s)
        return;
    store_rollback(s);
    if (s->created && s->db) {
        /* the database this run created holds nothing it must keep: remove
           it (and its lock file) while still holding the lock, so no other
           run can have opened it in between */
        sqlite3_close(s->db);
        s->db = NULL;
        unlink(s->path);
        char *lock = xasprintf("%s.lock", s->path);
        unlink(lock);
        free(lock);
    }
    forget_created(s);
    store_close(s);
}

void store_close(struct store *s)
{
    if (!s)
        return;
    forget_created(s);
    if (s->db) {
        if (s->in_tx)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(s->db);
    }
    if (s->lock_fd >= 0) {
        lock_fd_forget(s->lock_fd);
        close(s->lock_fd); /* releases the flock */
    }
    free(s->path);
    free(s);
}

int store_begin(struct store *s, struct diag *d)
{
    if (exec(s, "BEGIN IMMEDIATE", d, "starting a transaction") != 0)
        return -1;
    s->in_tx = 1;
    return 0;
}

int store_commit(struct store *s, struct diag *d)
{
    if (exec(s, "COMMIT", d, "committing") != 0) {
        store_rollback(s);
        return -1;
    }
    s->in_tx = 0;
    forget_created(s); /* it holds what was committed: keep it */
    return 0;
}

int store_savepoint(struct store *s, const char *name, struct diag *d)
{
    char *sql = xasprintf("SAVEPOINT %s", name);
    int rc = exec(s, sql, d, "starting a savepoint");
    free(sql);
    return rc;
}

int store_release(struct store *s, const char *name, struct diag *d)
{
    char *sql = xasprintf("RELEASE %s", name);
    int rc = exec(s, sql, d, "releasing a savepoint");
    free(sql);
    return rc;
}

int store_rollback_to(struct store *s, const char *name, struct diag *d)
{
    char *sql = xasprintf("ROLLBACK TO %s; RELEASE %s", name, name);
    int rc = exec(s, sql, d, "rolling back to a savepoint");
    free(sql);
    return rc;
}

void store_rollback(struct store *s)
{
    if (s->in_tx)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_tx = 0;
    s->has_level = -1;   /* an ALTER TABLE may have been rolled back */
}

int store_put_registry(struct store *s, const struct registry *reg, struct diag *d)
{
    sqlite3_stmt *st = prepare(s,
                               "INSERT INTO institution(code, name_es, name_en, grp, weight) "
                               "VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(code) DO UPDATE SET "
                               "name_es = ?2, name_en = ?3, grp = ?4, weight = ?5",
                               d);
    if (!st)
        return -1;
    int rc = 0;
    for (int i = 0; i < reg->n && rc == 0; i++) {
        const struct institution *in = &reg->items[i];
        bind_text(st, 1, in->code);
        bind_text(st, 2, in->name[LANG_ES]);
        bind_text(st, 3, in->name[LANG_EN] ? in->name[LANG_EN] : in->name[LANG_ES]);
        bind_text(st, 4, in->group);
        sqlite3_bind_double(st, 5, in->weight);
        rc = step_done(s, st, d, "storing the institutions");
    }
    sqlite3_finalize(st);
    return rc;
}

static char *steps_text(const struct framework *fw)
{
    char buf[256] = "";
    size_t len = 0;
    for (int i = 0; i < fw->steps.n; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? "," : "",
                                step_name(fw->steps.order[i]));
    return xstrdup(buf);
}

int store_put_framework(struct store *s, const struct framework *fw, struct diag *d)
{
    sqlite3_stmt *del = prepare(s, "DELETE FROM framework WHERE code = ?1", d);
    if (!del)
        return -1;
    bind_text(del, 1, fw->code);
    int rc = step_done(s, del, d, "replacing the framework");
    sqlite3_finalize(del);
    if (rc)
        return -1;
    char *steps = steps_text(fw);
    sqlite3_stmt *f = prepare(s,
                              "INSERT INTO framework(code, name_es, name_en, dir, scale_min, "
                              "scale_max, respondents, steps) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
                              d);
    sqlite3_stmt *n = prepare(s,
                              "INSERT INTO node(framework, code, parent, level, weight, "
                              "is_indicator, name_es, name_en, question, denominator, direction, "
                              "normalisation, lower, upper, aggregation, axis, source) "
                              "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
                              d);
    sqlite3_stmt *q = prepare(s,
                              "INSERT INTO question(framework, code, text_es, text_en, type, "
                              "required) VALUES(?1,?2,?3,?4,?5,?6)",
                              d);
    sqlite3_stmt *o = prepare(s,
                              "INSERT INTO option(framework, question, code, label_es, label_en, "
                              "points) VALUES(?1,?2,?3,?4,?5,?6)",
                              d);
    rc = (f && n && q && o) ? 0 : -1;
    if (rc == 0) {
        bind_text(f, 1, fw->code);
        bind_text(f, 2, fw->name[LANG_ES]);
        bind_text(f, 3, fw->name[LANG_EN]);
        bind_text(f, 4, fw->dir);
        sqlite3_bind_double(f, 5, fw->scale_min);
        sqlite3_bind_double(f, 6, fw->scale_max);
        bind_text(f, 7, combine_rule_name(fw->respondents));
        bind_text(f, 8, steps);
        rc = step_done(s, f, d, "storing the framework");
    }
    for (int i = 0; i < fw->n_nodes && rc == 0; i++) {
        const struct node *nd = &fw->nodes[i];
        bind_text(n, 1, fw->code);
        bind_text(n, 2, nd->code);
        bind_text(n, 3, nd->parent >= 0 ? fw->nodes[nd->parent].code : NULL);
        sqlite3_bind_int(n, 4, nd->level);
        sqlite3_bind_double(n, 5, nd->weight);
        sqlite3_bind_int(n, 6, nd->is_indicator);
        bind_text(n, 7, nd->name[LANG_ES]);
        bind_text(n, 8, nd->name[LANG_EN]);
        if (nd->is_indicator) {
            enum norm_method nm = nd->norm_set ? nd->norm : fw->steps.norm;
            bind_text(n, 9, nd->question);
            bind_text(n, 10, nd->denominator);
            sqlite3_bind_int(n, 11, nd->direction);
            bind_text(n, 12, norm_method_name(nm));
            bind_real(n, 13, nd->lower);
            bind_real(n, 14, nd->upper);
        } else {
            bind_text(n, 15, agg_method_name(nd->agg_set ? nd->agg : fw->steps.agg[nd->level]));
        }
        bind_text(n, 16, nd->axis);
        bind_text(n, 17, nd->source);
        rc = step_done(s, n, d, "storing the indicator tree");
    }
    for (int i = 0; i < fw->n_questions && rc == 0; i++) {
        const struct question *qq = &fw->questions[i];
        bind_text(q, 1, fw->code);
        bind_text(q, 2, qq->code);
        bind_text(q, 3, qq->text[LANG_ES]);
        bind_text(q, 4, qq->text[LANG_EN]);
        bind_text(q, 5, answer_type_name(qq->type));
        sqlite3_bind_int(q, 6, qq->required);
        rc = step_done(s, q, d, "storing the questionnaire");
        for (int k = 0; k < qq->n_options && rc == 0; k++) {
            const struct option *op = &qq->options[k];
            bind_text(o, 1, fw->code);
            bind_text(o, 2, qq->code);
            bind_text(o, 3, op->code);
            bind_text(o, 4, op->label[LANG_ES]);
            bind_text(o, 5, op->label[LANG_EN]);
            sqlite3_bind_double(o, 6, op->points);
            rc = step_done(s, o, d, "storing answer options");
        }
    }
    sqlite3_finalize(f);
    sqlite3_finalize(n);
    sqlite3_finalize(q);
    sqlite3_finalize(o);
    free(steps);
    return rc;
}

int store_file_unchanged(struct store *s, const struct survey_source *src, const char *sha256,
                         struct diag *d)
{
    sqlite3_stmt *st = prepare(s,
                               "SELECT sha256 FROM input_file WHERE year = ?1 AND framework = ?2 "
                               "AND path = ?3",
                               d);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, src->year);
    bind_text(st, 2, src->framework);
    bind_text(st, 3, src->display);
    int rc = sqlite3_step(st);
    int same = 0;
    if (rc == SQLITE_ROW)
        same = strcmp((const char *)sqlite3_column_text(st, 0), sha256) == 0 ? 1 : 2;
    else if (rc != SQLITE_DONE)
        same = sql_error(s, d, "looking up an input file");
    sqlite3_finalize(st);
    return same;
}

int store_file_stored_sha256(struct store *s, const struct survey_source *src, char sha256[65],
                              struct diag *d)
{
    sqlite3_stmt *st = prepare(s,
                               "SELECT sha256 FROM input_file WHERE year = ?1 AND framework = ?2 "
                               "AND path = ?3",
                               d);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, src->year);
    bind_text(st, 2, src->framework);
    bind_text(st, 3, src->display);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        snprintf(sha256, 65, "%s", v ? v : "");
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = sql_error(s, d, "looking up an input file");
    }
    sqlite3_finalize(st);
    return found;
}

struct store_file {
    struct store *s;
    struct diag *d;
    sqlite3_stmt *insert;
    sqlite3_int64 id;
    size_t n;
};

struct store_file *store_file_begin(struct store *s, const struct survey_source *src,
                                    const char *sha256, struct diag *d)
{
    sqlite3_stmt *r = prepare(s, "INSERT OR IGNORE INTO round(year) VALUES(?1)", d);
    sqlite3_stmt *del = prepare(s,
                                "DELETE FROM input_file WHERE year = ?1 AND framework = ?2 AND "
                                "path = ?3",
                                d);
    sqlite3_stmt *f = prepare(s,
                              "INSERT INTO input_file(year, framework, path, shape, sha256, rows) "
                              "VALUES(?1,?2,?3,?4,?5,0)",
                              d);
    sqlite3_stmt *a = prepare(s,
                              "INSERT INTO answer(file_id, line, institution, question, "
                              "respondent, value, number, evidence, official) "
                              "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                              d);
    int rc = (r && del && f && a) ? 0 : -1;
    if (rc == 0) {
        sqlite3_bind_int(r, 1, src->year);
        rc = step_done(s, r, d, "recording the round");
    }
    if (rc == 0) { /* its earlier answers go with it (ON DELETE CASCADE) */
        sqlite3_bind_int(del, 1, src->year);
        bind_text(del, 2, src->framework);
        bind_text(del, 3, src->display);
        rc = step_done(s, del, d, "removing the earlier version of the file");
    }
    if (rc == 0) {
        sqlite3_bind_int(f, 1, src->year);
        bind_text(f, 2, src->framework);
        bind_text(f, 3, src->display);
        bind_text(f, 4, survey_shape_name(src->shape));
        bind_text(f, 5, sha256);
        rc = step_done(s, f, d, "recording the input file");
    }
    sqlite3_finalize(r);
    sqlite3_finalize(del);
    sqlite3_finalize(f);
    if (rc != 0) {
        sqlite3_finalize(a);
        return NULL;
    }
    struct store_file *w = xcalloc(1, sizeof *w);
    w->s = s;
    w->d = d;
    w->insert = a;
    w->id = sqlite3_last_insert_rowid(s->db);
    sqlite3_bind_int64(a, 1, w->id); /* kept across resets: bound once */
    return w;
}

/* The hot loop of a load: bind (the strings as they are, no copy), step,
   reset. */
int store_file_put(struct store_file *w, const struct answer *x)
{
    sqlite3_stmt *a = w->insert;
    sqlite3_bind_int64(a, 2, x->line);
    sqlite3_bind_text(a, 3, x->institution, -1, SQLITE_STATIC);
    sqlite3_bind_text(a, 4, x->question, -1, SQLITE_STATIC);
    sqlite3_bind_text(a, 5, x->respondent ? x->respondent : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(a, 6, x->value ? x->value : "", -1, SQLITE_STATIC);
    bind_real(a, 7, x->number);
    bind_text(a, 8, x->evidence);
    sqlite3_bind_int(a, 9, x->is_official);
    int rc = sqlite3_step(a);
    sqlite3_reset(a);
    if (rc != SQLITE_DONE)
        return sql_error(w->s, w->d, "storing answers");
    w->n++;
    return 0;
}

size_t store_file_count(const struct store_file *w) { return w->n; }

int store_file_set_sha256(struct store_file *w, const char *sha256, struct diag *d)
{
    if (!w)
        return 0;
    sqlite3_stmt *u = prepare(w->s, "UPDATE input_file SET sha256 = ?1 WHERE id = ?2", d);
    if (!u)
        return -1;
    bind_text(u, 1, sha256);
    sqlite3_bind_int64(u, 2, w->id);
    int rc = step_done(w->s, u, d, "recording the input file's checksum");
    sqlite3_finalize(u);
    return rc;
}

int store_file_end(struct store_file *w, struct diag *d)
{
    if (!w)
        return 0;
    int rc = 0;
    if (!diag_failed(d)) {
        sqlite3_stmt *u = prepare(w->s, "UPDATE input_file SET rows = ?1 WHERE id = ?2", d);
        rc = u ? 0 : -1;
        if (u) {
            sqlite3_bind_int64(u, 1, (sqlite3_int64)w->n);
            sqlite3_bind_int64(u, 2, w->id);
            rc = step_done(w->s, u, d, "recording the input file");
        }
        sqlite3_finalize(u);
    }
    sqlite3_finalize(w->insert);
    free(w);
    return rc;
}

int store_put_file(struct store *s, const struct survey_source *src, const char *sha256,
                   const struct answer_set *answers, size_t from, size_t to,
                   struct diag *d)
{
    struct store_file *w = store_file_begin(s, src, sha256, d);
    int rc = w ? 0 : -1;
    for (size_t i = from; i < to && rc == 0; i++)
        rc = store_file_put(w, &answers->items[i]);
    if (store_file_end(w, d) != 0)
        rc = -1;
    return rc;
}

int store_remove_other_files(struct store *s, int year, const char *framework,
                             const char *const *keep, int n_keep, struct diag *d)
{
    sqlite3_stmt *sel = prepare(s, "SELECT id, path FROM input_file WHERE year = ?1 AND framework = ?2", d);
    sqlite3_stmt *del = prepare(s, "DELETE FROM input_file WHERE id = ?1", d);
    int rc = (sel && del) ? 0 : -1, removed = 0;
    if (rc == 0) {
        sqlite3_bind_int(sel, 1, year);
        bind_text(sel, 2, framework);
        sqlite3_int64 ids[4096];
        int n = 0;
        while (sqlite3_step(sel) == SQLITE_ROW && n < 4096) {
            const char *p = (const char *)sqlite3_column_text(sel, 1);
            int kept = 0;
            for (int i = 0; i < n_keep; i++)
                kept |= strcmp(keep[i], p) == 0;
            if (!kept)
                ids[n++] = sqlite3_column_int64(sel, 0);
        }
        for (int i = 0; i < n && rc == 0; i++) {
            sqlite3_bind_int64(del, 1, ids[i]);
            rc = step_done(s, del, d, "removing a file no longer in the config");
            removed++;
        }
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(del);
    return rc ? rc : removed;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xstrdup((const char *)t) : NULL;
}

/* Column i as text, borrowed until the next step (NULL stays NULL). */
static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Column i copied into a fixed buffer (a SHA-256, a time stamp). */
static void col_copy(sqlite3_stmt *st, int i, char *buf, size_t size)
{
    const char *t = col_text(st, i);
    snprintf(buf, size, "%s", t ? t : "");
}

/* A growing array that a reader fills one row at a time. */
struct row_array {
    void **items; /* the caller's array pointer, NULL at the start */
    int *n;
    size_t size;  /* of one item */
};

/* The next item of a, zeroed. */
static void *row_array_next(struct row_array *a)
{
    *a->items = xrealloc(*a->items, (size_t)(*a->n + 1) * a->size);
    char *item = (char *)*a->items + (size_t)(*a->n)++ * a->size;
    memset(item, 0, a->size);
    return item;
}

/*
 * The one loop of every reader: step st (prepared and bound; NULL when
 * prepare already failed) to its end, giving each row to read_row with ctx,
 * then finalise it.  0, or -1 recorded as "database error while what".
 */
static int read_rows(struct store *s, sqlite3_stmt *st, void (*read_row)(sqlite3_stmt *, void *),
                     void *ctx, struct diag *d, const char *what)
{
    if (!st)
        return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        read_row(st, ctx);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sql_error(s, d, what);
}

static void int_row(sqlite3_stmt *st, void *a)
{
    *(int *)row_array_next(a) = sqlite3_column_int(st, 0);
}

static void text_row(sqlite3_stmt *st, void *a)
{
    *(char **)row_array_next(a) = col_dup(st, 0);
}

/* The first column of every row of st, as ints or as copied strings. */
static int read_ints(struct store *s, sqlite3_stmt *st, int **out, int *n, struct diag *d,
                     const char *what)
{
    *out = NULL;
    *n = 0;
    struct row_array a = {(void **)out, n, sizeof **out};
    return read_rows(s, st, int_row, &a, d, what);
}

static int read_texts(struct store *s, sqlite3_stmt *st, char ***out, int *n, struct diag *d,
                      const char *what)
{
    *out = NULL;
    *n = 0;
    struct row_array a = {(void **)out, n, sizeof **out};
    return read_rows(s, st, text_row, &a, d, what);
}

/* Run a one-statement write whose only parameter ?1 is year. */
static int exec_year(struct store *s, const char *sql, int year, struct diag *d, const char *what)
{
    sqlite3_stmt *st = prepare(s, sql, d);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    int rc = step_done(s, st, d, what);
    sqlite3_finalize(st);
    return rc;
}

int store_walk_round_answers(struct store *s, int year, const struct answer_sink *sink,
                             struct diag *d)
{
    /* ordered so scoring and the Respuestas sheet see a stable order */
    sqlite3_stmt *st = prepare(s,
                               "SELECT f.framework, a.institution, a.question, a.respondent, "
                               "a.value, a.number, a.evidence, a.official, f.path, a.line "
                               "FROM answer a JOIN input_file f ON f.id = a.file_id "
                               "WHERE f.year = ?1 ORDER BY f.framework, f.path, a.line, a.question",
                               d);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct answer a = {0};
        a.year = year;
        a.framework = (char *)col_text(st, 0);
        a.institution = (char *)col_text(st, 1);
        a.question = (char *)col_text(st, 2);
        a.respondent = (char *)col_text(st, 3);
        a.value = (char *)col_text(st, 4);
        a.number = sqlite3_column_type(st, 5) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 5);
        a.evidence = (char *)col_text(st, 6);
        a.is_official = sqlite3_column_int(st, 7);
        a.file = (char *)col_text(st, 8);
        a.line = sqlite3_column_int64(st, 9);
        stop = sink->put(sink->ctx, &a);
    }
    sqlite3_finalize(st);
    if (stop)
        return stop;
    if (rc != SQLITE_DONE)
        return sql_error(s, d, "reading answers");
    return 0;
}

static int set_put(void *ctx, const struct answer *a)
{
    answer_set_push(ctx, a); /* the strings copied */
    return 0;
}

int store_get_answers(struct store *s, int year, struct answer_set *out, struct diag *d)
{
    struct answer_sink sink = {set_put, out};
    return store_walk_round_answers(s, year, &sink, d);
}

int store_walk_answers(struct store *s, int year, const char *framework,
                       enum score_order order, score_row_fn fn, void *ctx, struct diag *d)
{
    /* The framework is matched as score_build matches it (strcasecmp; indigo
       never calls setlocale, so both fold ASCII only).
       STORED: input_file's unique index gives the files in (framework, path)
       order and the answer table's key (file_id, line, question) each file's
       rows in (line, question) order, so nothing is sorted (a version-1
       database, a rowid table, sorts each file's rows instead).
       CELL: a full sort, which SQLite's sorter keeps to about cache_size
       bytes of memory (default 2 MB) and spills to temporary files, as
       temp_store is FILE (the compile-time default, SQLITE_TEMP_STORE=1).
       To keep its records small they carry the file's rank k in (framework,
       path) order instead of its framework and path, read here first. */
    static const char files_sql[] =
        "SELECT framework, path FROM input_file WHERE year = ?1 AND framework = ?2 "
        "COLLATE NOCASE ORDER BY framework, path";
    static const char *const sql[] = {
        [SCORE_ORDER_STORED] =
            "SELECT f.framework, f.path, a.line, a.institution, a.question, a.number, "
            "a.official, a.evidence FROM input_file f JOIN answer a ON a.file_id = f.id "
            "WHERE f.year = ?1 AND f.framework = ?2 COLLATE NOCASE "
            "ORDER BY f.framework, f.path, a.line, a.question",
        [SCORE_ORDER_CELL] =
            "WITH f(k, id) AS (SELECT row_number() OVER (ORDER BY framework, path), id "
            "FROM input_file WHERE year = ?1 AND framework = ?2 COLLATE NOCASE) "
            "SELECT f.k, a.line, a.institution, a.question, a.number, a.official, a.evidence "
            "FROM f JOIN answer a ON a.file_id = f.id "
            "ORDER BY a.institution, a.question, f.k, a.line",
    };
    if ((int)order < 0 || (size_t)order >= sizeof sql / sizeof *sql)
        BUG("answer order %d", (int)order);
    char **files = NULL;   /* framework, path of the file of rank k at 2(k-1) */
    size_t n_files = 0, cap = 0;
    int rc = SQLITE_DONE, stop = 0;
    if (order == SCORE_ORDER_CELL) {
        sqlite3_stmt *fs = prepare(s, files_sql, d);
        if (!fs)
            return -1;
        sqlite3_bind_int(fs, 1, year);
        bind_text(fs, 2, framework);
        while ((rc = sqlite3_step(fs)) == SQLITE_ROW) {
            files = xgrow(files, &cap, 2 * n_files + 2, sizeof *files);
            files[2 * n_files] = col_dup(fs, 0);
            files[2 * n_files + 1] = col_dup(fs, 1);
            n_files++;
        }
        sqlite3_finalize(fs);
    }
    sqlite3_stmt *st = rc == SQLITE_DONE ? prepare(s, sql[order], d) : NULL;
    if (st) {
        sqlite3_bind_int(st, 1, year);
        bind_text(st, 2, framework);
    }
    int col = order == SCORE_ORDER_CELL ? 1 : 2;   /* of line; the rest follow */
    while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct score_row r = {
            .line = (long)sqlite3_column_int64(st, col),
            .institution = (const char *)sqlite3_column_text(st, col + 1),
            .question = (const char *)sqlite3_column_text(st, col + 2),
            .number = sqlite3_column_type(st, col + 3) == SQLITE_NULL
                          ? NAN
                          : sqlite3_column_double(st, col + 3),
            .is_official = sqlite3_column_int(st, col + 4) != 0,
            .evidence = (const char *)sqlite3_column_text(st, col + 5),
        };
        if (order == SCORE_ORDER_CELL) {
            sqlite3_int64 k = sqlite3_column_int64(st, 0);
            if (k < 1 || (size_t)k > n_files) {   /* only if another writer got in */
                stop = diag_error(d, EX_TEMPFAIL_, s->path, 0, 0,
                                  "the stored input files changed while their answers were "
                                  "read; run the command again");
                break;
            }
            r.framework = files[2 * (k - 1)];
            r.file = files[2 * (k - 1) + 1];
        } else {
            r.framework = (const char *)sqlite3_column_text(st, 0);
            r.file = (const char *)sqlite3_column_text(st, 1);
        }
        if (!r.framework || !r.file || !r.institution || !r.question) {
            rc = SQLITE_NOMEM;   /* NOT NULL columns: only out of memory */
            break;
        }
        if ((stop = fn(ctx, &r)) != 0)
            break;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < 2 * n_files; i++)
        free(files[i]);
    free(files);
    if (stop)
        return stop;
    if (!st)
        return rc == SQLITE_DONE ? -1 : sql_error(s, d, "reading input files");
    if (rc != SQLITE_DONE)
        return sql_error(s, d, "reading answers");
    return 0;
}

static void input_row(sqlite3_stmt *st, void *a)
{
    struct input_file *f = row_array_next(a);
    f->path = col_dup(st, 0);
    col_copy(st, 1, f->sha256, sizeof f->sha256);
    f->framework = col_dup(st, 2);
    f->year = sqlite3_column_int(st, 3);
    f->rows = sqlite3_column_int64(st, 4);
    f->shape = col_dup(st, 5);
    f->lines = sqlite3_column_int64(st, 6);
    f->institutions = sqlite3_column_int64(st, 7);
}

int store_get_inputs(struct store *s, int year, struct input_file **out, int *n, struct diag *d)
{
    sqlite3_stmt *st = prepare(s,
                               /* the file's lines and institutions: one
                                  range of the answer table's key each */
                               "SELECT path, sha256, framework, year, rows, shape, "
                               "(SELECT COUNT(DISTINCT a.line) FROM answer a WHERE a.file_id = f.id), "
                               "(SELECT COUNT(DISTINCT a.institution) FROM answer a "
                               "WHERE a.file_id = f.id) "
                               "FROM input_file f WHERE year = ?1 ORDER BY framework, path",
                               d);
    *out = NULL;
    *n = 0;
    if (st)
        sqlite3_bind_int(st, 1, year);
    struct row_array a = {(void **)out, n, sizeof **out};
    return read_rows(s, st, input_row, &a, d, "reading input files");
}

int store_get_years(struct store *s, const char *framework, int **years, int *n, struct diag *d)
{
    sqlite3_stmt *st = prepare(s,
                               "SELECT DISTINCT year FROM input_file WHERE framework = ?1 "
                               "ORDER BY year",
                               d);
    if (st)
        bind_text(st, 1, framework);
    return read_ints(s, st, years, n, d, "reading rounds");
}

/* Results are written RESULT_BATCH rows per INSERT: at 5000 institutions x
   250 indicators a compute stores 2.5 million rows, and one statement per
   row spends more on the statement than on the row. */
#define RESULT_BATCH 32

/* "head VALUES(?,...),(?,...)": rows rows of n_cols parameters. */
static sqlite3_stmt *prepare_rows(struct store *s, const char *head, int n_cols, int rows,
                                  struct diag *d)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, head);
    strbuf_adds(&sb, " VALUES");
    for (int i = 0; i < rows; i++) {
        strbuf_adds(&sb, i ? ",(" : "(");
        for (int c = 0; c < n_cols; c++)
            strbuf_adds(&sb, c ? ",?" : "?");
        strbuf_addc(&sb, ')');
    }
    sqlite3_stmt *st = prepare(s, sb.buf, d);
    strbuf_release(&sb);
    return st;
}

/* Order of codes[0..n) by strcmp (SQLite's BINARY), so that rows go into the
   primary-key index in its own order (about 10 % faster than file order),
   and so that they can be compared with the stored rows, read in that order. */
struct code_at {
    const char *code;
    int index;
};

static int cmp_code_at(const void *a, const void *b)
{
    return strcmp(((const struct code_at *)a)->code, ((const struct code_at *)b)->code);
}

static int *code_order(const char *const *codes, int n)
{
    struct code_at *t = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = (struct code_at){codes[i], i};
    qsort(t, (size_t)n, sizeof *t, cmp_code_at);
    int *perm = xmalloc((size_t)(n > 0 ? n : 1) * sizeof *perm);
    for (int i = 0; i < n; i++)
        perm[i] = t[i].index;
    free(t);
    return perm;
}

/* A value of a result row as SQLite keeps it: NULL (a NAN, no rank, no
   level), REAL or INTEGER. */
struct cell {
    int type; /* SQLITE_NULL, SQLITE_FLOAT or SQLITE_INTEGER */
    double real;
    sqlite3_int64 integer;
};

static struct cell real_cell(double v)
{
    return isnan(v) ? (struct cell){SQLITE_NULL, 0, 0} : (struct cell){SQLITE_FLOAT, v, 0};
}

static struct cell int_cell(sqlite3_int64 v) { return (struct cell){SQLITE_INTEGER, 0, v}; }

static struct cell null_cell(void) { return (struct cell){SQLITE_NULL, 0, 0}; }

static void bind_cell(sqlite3_stmt *st, int i, const struct cell *c)
{
    if (c->type == SQLITE_FLOAT)
        sqlite3_bind_double(st, i, c->real);
    else if (c->type == SQLITE_INTEGER)
        sqlite3_bind_int64(st, i, c->integer);
    else
        sqlite3_bind_null(st, i);
}

/* 1 if column i of st's row holds c, bit for bit. */
static int cell_stored(sqlite3_stmt *st, int i, const struct cell *c)
{
    int type = sqlite3_column_type(st, i);
    if (type != c->type)
        return 0;
    if (type == SQLITE_FLOAT) {
        double v = sqlite3_column_double(st, i);
        return memcmp(&v, &c->real, sizeof v) == 0;
    }
    return type != SQLITE_INTEGER || sqlite3_column_int64(st, i) == c->integer;
}

#define MAX_CELLS 6

/* What the database was doing, as sql_error() prints it (translated there,
   so tests/i18n/check_messages.py looks for it here). */
#define DB_WHAT(text) (text)

/* A table of results keyed (year, framework, institution, key): its value
   columns, and the rows of a result it holds, every unit x n_keys keys. */
struct result_table {
    const char *name, *key;
    const char *cols[MAX_CELLS];
    int n_cells;
    int n_keys;
    const int *perm; /* the keys in code order */
    const char *(*code)(const struct result *r, int k);
    void (*cells)(const struct result *r, int u, int k, struct cell *out);
    const char *what; /* "storing node values" */
};

static const char *node_code(const struct result *r, int k) { return r->fw->nodes[k].code; }

static const char *indicator_code(const struct result *r, int j)
{
    return r->fw->nodes[r->ind_node[j]].code;
}

static const char *axis_code(const struct result *r, int i) { return r->axis_code[i]; }

static void node_cells(const struct result *r, int u, int k, struct cell *out)
{
    const struct framework *fw = r->fw;
    size_t c = (size_t)u * (size_t)fw->n_nodes + (size_t)k;
    out[0] = real_cell(r->value[c]);
    out[1] = r->rank[c] > 0 ? int_cell(r->rank[c]) : null_cell();
    /* the maturity level is the index's (maturity_level, 1 = lowest) */
    out[2] = k == fw->root && r->maturity && r->maturity[u] >= 0 ? int_cell(r->maturity[u] + 1)
                                                                  : null_cell();
}

static void indicator_cells(const struct result *r, int u, int j, struct cell *out)
{
    size_t c = (size_t)u * (size_t)r->n_ind + (size_t)j;
    out[0] = real_cell(r->raw[c]);
    out[1] = real_cell(r->denominated[c]);
    out[2] = real_cell(r->imputed[c]);
    out[3] = real_cell(r->treated[c]);
    out[4] = real_cell(r->normalised[c]);
    out[5] = int_cell((int)r->flags[c]);
}

static void axis_cells(const struct result *r, int u, int i, struct cell *out)
{
    out[0] = real_cell(r->axis_value[(size_t)u * (size_t)r->n_axes + (size_t)i]);
}

/* t's value columns, "a, b" or, with assign, "a = ?5, b = ?6". */
static char *cell_columns(const struct result_table *t, int assign)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < t->n_cells; i++) {
        strbuf_adds(&sb, i ? ", " : "");
        strbuf_adds(&sb, t->cols[i]);
        if (assign)
            strbuf_addf(&sb, " = ?%d", 5 + i);
    }
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach leaves it re-initialised */
    return out;
}

/* Row (u, k) of t from parameter p + 1 on: year, framework, institution,
   key, then the values. */
static void bind_result_row(sqlite3_stmt *st, int p, int year, const struct result *r,
                            const struct result_table *t, int u, int k)
{
    struct cell c[MAX_CELLS];
    sqlite3_bind_int(st, p + 1, year);
    bind_text(st, p + 2, r->fw->code);
    bind_text(st, p + 3, r->unit_code[u]);
    bind_text(st, p + 4, t->code(r, k));
    t->cells(r, u, k, c);
    for (int i = 0; i < t->n_cells; i++)
        bind_cell(st, p + 5 + i, &c[i]);
}

/* Insert rows[0..n) of t (each u * n_keys + k), RESULT_BATCH per statement. */
static int insert_rows(struct store *s, int year, const struct result *r,
                       const struct result_table *t, const size_t *rows, size_t n,
                       struct diag *d)
{
    if (n == 0)
        return 0;
    char *cols = cell_columns(t, 0);
    char *head = xasprintf("INSERT INTO %s(year, framework, institution, %s, %s)", t->name,
                           t->key, cols);
    int n_params = 4 + t->n_cells, tail = (int)(n % RESULT_BATCH);
    sqlite3_stmt *many = n >= RESULT_BATCH ? prepare_rows(s, head, n_params, RESULT_BATCH, d)
                                           : NULL;
    sqlite3_stmt *rest = tail ? prepare_rows(s, head, n_params, tail, d) : NULL;
    int rc = (n >= RESULT_BATCH && !many) || (tail && !rest) ? -1 : 0;
    size_t keys = (size_t)t->n_keys;
    for (size_t i = 0; i < n && rc == 0;) {
        int batch = n - i >= RESULT_BATCH ? RESULT_BATCH : tail;
        sqlite3_stmt *st = batch == RESULT_BATCH ? many : rest;
        for (int b = 0; b < batch; b++, i++)
            bind_result_row(st, b * n_params, year, r, t, (int)(rows[i] / keys),
                            (int)(rows[i] % keys));
        rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_error(s, d, t->what);
        sqlite3_reset(st);
    }
    sqlite3_finalize(many);
    sqlite3_finalize(rest);
    free(head);
    free(cols);
    return rc;
}

/* What becomes of each row of a result when it is stored (store_put_result). */
enum { ROW_INSERT, ROW_SAME, ROW_UPDATE };

/* A stored row the result no longer has. */
struct gone_row {
    char *institution, *key;
};

/* The comparison of a result's rows of t with the stored ones. */
struct table_diff {
    unsigned char *op;     /* per row u * n_keys + k: ROW_*                 */
    struct gone_row *gone; /* stored rows to delete                         */
    int n_gone;
    size_t n_stored;
};

/* Row i of r's rows of t in key order (units by code, then keys by code):
   its u * n_keys + k, and its place against the stored (inst, key). */
static size_t row_at(const struct result_table *t, const int *units, size_t i)
{
    size_t keys = (size_t)t->n_keys;
    return (size_t)units[i / keys] * keys + (size_t)t->perm[i % keys];
}

static int row_cmp(const struct result *r, const struct result_table *t, size_t row,
                   const char *inst, const char *key)
{
    size_t keys = (size_t)t->n_keys;
    int c = strcmp(r->unit_code[row / keys], inst);
    return c ? c : strcmp(t->code(r, (int)(row % keys)), key);
}

/* Read the rows of t stored for (year, r's framework) in key order and walk
   them beside r's in the same order: each of r's rows is marked in df->op,
   the stored rows r has not are listed in df->gone. */
static int diff_rows(struct store *s, int year, const struct result *r,
                     const struct result_table *t, const int *units, struct table_diff *df,
                     struct diag *d)
{
    char *cols = cell_columns(t, 0);
    char *sql = xasprintf("SELECT institution, %s, %s FROM %s WHERE year = ?1 AND framework = ?2 "
                          "ORDER BY institution, %s",
                          t->key, cols, t->name, t->key);
    sqlite3_stmt *st = prepare(s, sql, d);
    free(sql);
    free(cols);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    bind_text(st, 2, r->fw->code);
    size_t total = (size_t)r->n_units * (size_t)t->n_keys, i = 0;
    struct cell c[MAX_CELLS];
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *inst = col_text(st, 0), *key = col_text(st, 1);
        df->n_stored++;
        int cmp = 1;
        while (i < total && (cmp = row_cmp(r, t, row_at(t, units, i), inst, key)) < 0)
            i++; /* not stored: stays ROW_INSERT */
        if (i < total && cmp == 0) {
            size_t row = row_at(t, units, i++), keys = (size_t)t->n_keys;
            t->cells(r, (int)(row / keys), (int)(row % keys), c);
            int same = 1;
            for (int j = 0; j < t->n_cells; j++)
                same = same && cell_stored(st, 2 + j, &c[j]);
            df->op[row] = same ? ROW_SAME : ROW_UPDATE;
        } else {
            df->gone = xrealloc(df->gone, (size_t)(df->n_gone + 1) * sizeof *df->gone);
            df->gone[df->n_gone++] = (struct gone_row){xstrdup(inst), xstrdup(key)};
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : sql_error(s, d, "reading stored results");
}

/* One write statement of t: "DELETE FROM t WHERE <key>" or "UPDATE t SET
   <values> WHERE <key>", the key being ?1..?4. */
static sqlite3_stmt *prepare_keyed(struct store *s, const struct result_table *t, int update,
                                   struct diag *d)
{
    char *set = update ? cell_columns(t, 1) : NULL;
    char *sql = xasprintf("%s %s%s%s WHERE year = ?1 AND framework = ?2 AND institution = ?3 "
                          "AND %s = ?4",
                          update ? "UPDATE" : "DELETE FROM", t->name, update ? " SET " : "",
                          update ? set : "", t->key);
    sqlite3_stmt *st = prepare(s, sql, d);
    free(sql);
    free(set);
    return st;
}

/* Delete df's gone rows, update the changed ones, insert the new ones. */
static int apply_diff(struct store *s, int year, const struct result *r,
                      const struct result_table *t, const int *units,
                      const struct table_diff *df, struct diag *d)
{
    int rc = 0;
    sqlite3_stmt *del = df->n_gone ? prepare_keyed(s, t, 0, d) : NULL, *upd = NULL;
    if (df->n_gone && !del)
        rc = -1;
    for (int g = 0; g < df->n_gone && rc == 0; g++) {
        sqlite3_bind_int(del, 1, year);
        bind_text(del, 2, r->fw->code);
        bind_text(del, 3, df->gone[g].institution);
        bind_text(del, 4, df->gone[g].key);
        rc = step_done(s, del, d, t->what);
    }
    size_t total = (size_t)r->n_units * (size_t)t->n_keys, n_new = 0, keys = (size_t)t->n_keys;
    size_t *fresh = xmalloc((total + 1) * sizeof *fresh);
    for (size_t i = 0; i < total && rc == 0; i++) {
        size_t row = row_at(t, units, i);
        if (df->op[row] == ROW_INSERT)
            fresh[n_new++] = row;
        if (df->op[row] != ROW_UPDATE)
            continue;
        if (!upd && !(upd = prepare_keyed(s, t, 1, d)))
            rc = -1;
        else {
            bind_result_row(upd, 0, year, r, t, (int)(row / keys), (int)(row % keys));
            rc = step_done(s, upd, d, t->what);
        }
    }
    if (rc == 0)
        rc = insert_rows(s, year, r, t, fresh, n_new, d);
    free(fresh);
    sqlite3_finalize(del);
    sqlite3_finalize(upd);
    return rc;
}

/* Make the rows of t stored for (year, r's framework) r's: only the rows
   that differ are written (a compute that changes nothing writes nothing,
   one weight changed rewrites the values it moved), and the table ends as
   if every row had been deleted and r's inserted. */
static int put_table(struct store *s, int year, const struct result *r,
                     const struct result_table *t, const int *units, struct diag *d)
{
    size_t total = (size_t)r->n_units * (size_t)t->n_keys;
    struct table_diff df = {xcalloc(total + 1, 1), NULL, 0, 0};
    int rc = diff_rows(s, year, r, t, units, &df, d);
    if (rc == 0)
        rc = apply_diff(s, year, r, t, units, &df, d);
    for (int g = 0; g < df.n_gone; g++) {
        free(df.gone[g].institution);
        free(df.gone[g].key);
    }
    free(df.gone);
    free(df.op);
    return rc;
}

/* Give a database made before schema 4 its node_value.level column, inside
   the caller's transaction (a failed compute rolls it back with the rest). */
static int ensure_level_column(struct store *s, struct diag *d)
{
    if (s->has_level < 0)
        s->has_level = has_column(s, "node_value", "level");
    if (s->has_level)
        return 0;
    if (exec(s, "ALTER TABLE node_value ADD COLUMN level INTEGER", d,
             "adding node_value.level (schema 4)") != 0)
        return -1;
    s->has_level = 1;
    return 0;
}

/* 1 if axis_national holds exactly r's national axis scores for year, 0 if
   not, -1. */
static int axes_national_stored(struct store *s, int year, const struct result *r,
                                const int *perm, struct diag *d)
{
    sqlite3_stmt *st = prepare(s, "SELECT axis, value FROM axis_national WHERE year = ?1 AND "
                                  "framework = ?2 ORDER BY axis", d);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    bind_text(st, 2, r->fw->code);
    int i = 0, same = 1, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct cell c = i < r->n_axes ? real_cell(r->axis_national[perm[i]]) : null_cell();
        same = same && i < r->n_axes && strcmp(col_text(st, 0), r->axis_code[perm[i]]) == 0 &&
               cell_stored(st, 1, &c);
        i++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_error(s, d, "reading stored results");
    return same && i == r->n_axes;
}

/* Replace the national axis scores of (year, framework) with r's, unless
   they are r's already. */
static int put_axes_national(struct store *s, int year, const struct result *r,
                             const int *perm, struct diag *d)
{
    int same = axes_national_stored(s, year, r, perm, d);
    if (same != 0)
        return same < 0 ? -1 : 0;
    sqlite3_stmt *del = prepare(s, "DELETE FROM axis_national WHERE year = ?1 AND framework = ?2",
                                d);
    sqlite3_stmt *nat = prepare(s, "INSERT INTO axis_national(year, framework, axis, value) "
                                   "VALUES(?1, ?2, ?3, ?4)", d);
    int rc = del && nat ? 0 : -1;
    if (rc == 0) {
        sqlite3_bind_int(del, 1, year);
        bind_text(del, 2, r->fw->code);
        rc = step_done(s, del, d, "replacing axis scores");
    }
    for (int i = 0; i < r->n_axes && rc == 0; i++) {
        sqlite3_bind_int(nat, 1, year);
        bind_text(nat, 2, r->fw->code);
        bind_text(nat, 3, r->axis_code[i]);
        bind_real(nat, 4, r->axis_national[i]);
        rc = step_done(s, nat, d, "storing national axis scores");
    }
    sqlite3_finalize(del);
    sqlite3_finalize(nat);
    return rc;
}

int store_put_result(struct store *s, int year, const struct result *r, struct diag *d)
{
    const struct framework *fw = r->fw;
    if (ensure_level_column(s, d) != 0)
        return -1;
    const char **codes = xmalloc((size_t)(fw->n_nodes + r->n_ind + r->n_axes + 1) * sizeof *codes);
    for (int k = 0; k < fw->n_nodes; k++)
        codes[k] = fw->nodes[k].code;
    int *node_perm = code_order(codes, fw->n_nodes);
    for (int j = 0; j < r->n_ind; j++)
        codes[j] = fw->nodes[r->ind_node[j]].code;
    int *ind_perm = code_order(codes, r->n_ind);
    for (int i = 0; i < r->n_axes; i++)
        codes[i] = r->axis_code[i];
    int *axis_perm = code_order(codes, r->n_axes);
    free(codes);
    int *units = code_order((const char *const *)r->unit_code, r->n_units);
    const struct result_table tables[] = {
        {"node_value", "node", {"value", "rank", "level"}, 3, fw->n_nodes, node_perm, node_code,
         node_cells, DB_WHAT("storing node values")},
        {"indicator_value", "indicator",
         {"raw", "denominated", "imputed", "treated", "normalised", "flags"}, 6, r->n_ind,
         ind_perm, indicator_code, indicator_cells, DB_WHAT("storing indicator values")},
        {"axis_value", "axis", {"value"}, 1, r->n_axes, axis_perm, axis_code, axis_cells,
         DB_WHAT("storing axis scores")}};
    int rc = 0;
    for (size_t i = 0; i < sizeof tables / sizeof *tables && rc == 0; i++)
        rc = put_table(s, year, r, &tables[i], units, d);
    if (rc == 0)
        rc = put_axes_national(s, year, r, axis_perm, d);
    free(node_perm);
    free(ind_perm);
    free(axis_perm);
    free(units);
    return rc;
}

int store_get_node_values(struct store *s, int year, const struct framework *fw,
                          const struct registry *reg, double *value, int *rank, struct diag *d)
{
    size_t cells = (size_t)reg->n * fw->n_nodes;
    for (size_t i = 0; i < cells; i++) {
        value[i] = NAN;
        rank[i] = 0;
    }
    sqlite3_stmt *st = prepare(s,
                               "SELECT institution, node, value, rank FROM node_value "
                               "WHERE year = ?1 AND framework = ?2",
                               d);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    bind_text(st, 2, fw->code);
    int rc, found = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int u = registry_find(reg, (const char *)sqlite3_column_text(st, 0));
        int k = framework_node(fw, (const char *)sqlite3_column_text(st, 1));
        if (u < 0 || k < 0)
            continue; /* an institution or node that no longer exists */
        found = 1;
        size_t c = (size_t)u * fw->n_nodes + k;
        value[c] = sqlite3_column_type(st, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 2);
        rank[c] = sqlite3_column_int(st, 3);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sql_error(s, d, "reading earlier results");
    return found;
}

/* The national figure of each round, summed row by row (long double, in the
   store's institution order, which is the order of the round's registry: as
   compute's national()); a round's figure is appended when its rows end. */
struct national_series {
    const struct registry *fallback;   /* weights of rounds without their own */
    int year;                          /* the round being summed, 0 = none */
    long double s, sw;
    int **years;
    double **values;
    int *n;
};

/* Close the round being summed: append its figure when it has one. */
static void national_flush(struct national_series *ns)
{
    if (ns->year == 0 || !(ns->sw > 0))
        return;
    int *n = ns->n;
    *ns->years = xrealloc(*ns->years, (size_t)(*n + 1) * sizeof **ns->years);
    *ns->values = xrealloc(*ns->values, (size_t)(*n + 1) * sizeof **ns->values);
    (*ns->years)[*n] = ns->year;
    (*ns->values)[(*n)++] = (double)(ns->s / ns->sw);
}

/* A row (year, institution, value, weight, unranked) into the sums. */
static void national_row(sqlite3_stmt *st, void *ctx)
{
    struct national_series *ns = ctx;
    int y = sqlite3_column_int(st, 0);
    if (y != ns->year) {
        national_flush(ns);
        ns->year = y;
        ns->s = ns->sw = 0.0L;
    }
    if (sqlite3_column_type(st, 2) == SQLITE_NULL)
        return; /* screened out: no value */
    double v = sqlite3_column_double(st, 2), w;
    int unranked;
    if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
        w = sqlite3_column_double(st, 3);
        unranked = sqlite3_column_int(st, 4) != 0;
    } else { /* the round lists no institutions (before schema 6) */
        const struct registry *reg = ns->fallback;
        int u = reg ? registry_find(reg, (const char *)sqlite3_column_text(st, 1)) : -1;
        if (u < 0)
            return;
        w = reg->items[u].weight;
        unranked = reg->items[u].unranked;
    }
    if (isnan(v) || isnan(w) || unranked)
        return;
    ns->s += w * v;
    ns->sw += w;
}

int store_get_national_series(struct store *s, const char *framework, const char *node,
                              int up_to, const struct registry *fallback, int **years,
                              double **values, int *n, struct diag *d)
{
    *years = NULL;
    *values = NULL;
    *n = 0;
    sqlite3_stmt *st = prepare(
        s,
        s->has_rounds
            ? "SELECT v.year, v.institution, v.value, r.weight, r.unranked FROM node_value v "
              "LEFT JOIN round_institution r ON r.year = v.year AND r.code = v.institution "
              "WHERE v.framework = ?1 AND v.node = ?2 AND v.year <= ?3 "
              "ORDER BY v.year, v.institution"
            : "SELECT year, institution, value, NULL, NULL FROM node_value "
              "WHERE framework = ?1 AND node = ?2 AND year <= ?3 ORDER BY year, institution",
        d);
    if (st) {
        bind_text(st, 1, framework);
        bind_text(st, 2, node);
        sqlite3_bind_int(st, 3, up_to);
    }
    struct national_series ns = {fallback, 0, 0.0L, 0.0L, years, values, n};
    if (read_rows(s, st, national_row, &ns, d, "reading the national figures of the rounds") != 0) {
        free(*years);
        free(*values);
        *years = NULL;
        *values = NULL;
        *n = 0;
        return -1;
    }
    national_flush(&ns);
    return 0;
}

int store_log(struct store *s, const char *command, const char *message, struct diag *d)
{
    sqlite3_stmt *st = prepare(s,
                               "INSERT INTO run_log(at, command, version, message) "
                               "VALUES(strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?1, ?2, ?3)",
                               d);
    if (!st)
        return -1;
    bind_text(st, 1, command);
    bind_text(st, 2, INDIGO_VERSION);
    bind_text(st, 3, message);
    int rc = step_done(s, st, d, "writing the run log");
    sqlite3_finalize(st);
    return rc;
}

int store_integrity_ok(struct store *s, struct diag *d)
{
    sqlite3_stmt *st = prepare(s, "PRAGMA integrity_check", d);
    if (!st)
        return -1;
    int ok = sqlite3_step(st) == SQLITE_ROW &&
             strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
    sqlite3_finalize(st);
    return ok;
}

/* ======================================================================== */
/* Rounds as versioned units (schema 6; docs/rondas.md)                     */
/* ======================================================================== */

/* A statement on the schema-6 tables, or NULL without a diagnostic when a
   read-only database from before schema 6 has none (nothing is stored). */
static sqlite3_stmt *prepare_rounds(struct store *s, const char *sql, struct diag *d)
{
    return s->has_rounds ? prepare(s, sql, d) : NULL;
}

/* The rows of a schema-6 query on ?1 = year (and ?2 = framework unless it
   is NULL) into a, which starts empty: 0 with no rows from a database
   before schema 6, else as read_rows(). */
static int read_round_rows(struct store *s, const char *sql, int year, const char *framework,
                           void (*read_row)(sqlite3_stmt *, void *), struct row_array *a,
                           struct diag *d, const char *what)
{
    *a->items = NULL;
    *a->n = 0;
    sqlite3_stmt *st = prepare_rounds(s, sql, d);
    if (!st)
        return s->has_rounds ? -1 : 0;
    sqlite3_bind_int(st, 1, year);
    if (framework)
        bind_text(st, 2, framework);
    return read_rows(s, st, read_row, a, d, what);
}

int store_get_rounds(struct store *s, int **years, int *n, struct diag *d)
{
    sqlite3_stmt *st = prepare(s, "SELECT DISTINCT year FROM input_file ORDER BY year", d);
    return read_ints(s, st, years, n, d, "reading rounds");
}

static int add_round(struct store *s, int year, struct diag *d)
{
    return exec_year(s, "INSERT OR IGNORE INTO round(year) VALUES(?1)", year, d,
                     "recording the round");
}

int store_clear_round_frameworks(struct store *s, int year, struct diag *d)
{
    return exec_year(s, "DELETE FROM round_framework WHERE year = ?1", year, d,
                     "replacing the frameworks of a round");
}

int store_put_round_framework(struct store *s, int year, const char *framework, int position,
                              const struct round_file *files, int n, struct diag *d)
{
    if (add_round(s, year, d) != 0)
        return -1;
    sqlite3_stmt *st = prepare(s,
                               "INSERT OR REPLACE INTO round_framework(year, framework, position, "
                               "file, dir, sha256, content) VALUES(?1,?2,?7,?3,?4,?5,?6)",
                               d);
    int rc = st ? 0 : -1;
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_int(st, 1, year);
        bind_text(st, 2, framework);
        bind_text(st, 3, files[i].name);
        bind_text(st, 4, files[i].dir);
        bind_text(st, 5, files[i].sha256);
        sqlite3_bind_blob64(st, 6, files[i].data, files[i].size, SQLITE_STATIC);
        sqlite3_bind_int(st, 7, position);
        rc = step_done(s, st, d, "storing the framework of a round");
    }
    sqlite3_finalize(st);
    return rc;
}

/* 1 if column i of st's row is the text t (NULL: SQL NULL). */
static int text_stored(sqlite3_stmt *st, int i, const char *t)
{
    const char *v = col_text(st, i);
    return t && v ? strcmp(t, v) == 0 : t == v;
}

int store_round_frameworks_same(struct store *s, int year, const char *const *codes,
                                struct round_file *const *files, const int *n_files, int n,
                                struct diag *d)
{
    int expected = 0;
    for (int i = 0; i < n; i++) {
        expected += n_files[i];
        for (int k = 0; k < i; k++)
            if (strcmp(codes[i], codes[k]) == 0)
                return 0; /* listed twice: the rewrite decides what is kept */
    }
    sqlite3_stmt *st = prepare(s,
                               "SELECT framework, position, file, dir, sha256, content "
                               "FROM round_framework WHERE year = ?1",
                               d);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    int rows = 0, same = 1, rc;
    while (same && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        int i = 0, k = 0;
        while (i < n && !text_stored(st, 0, codes[i]))
            i++;
        while (i < n && k < n_files[i] && !text_stored(st, 2, files[i][k].name))
            k++;
        same = i < n && k < n_files[i] && sqlite3_column_int(st, 1) == i &&
               text_stored(st, 3, files[i][k].dir) && text_stored(st, 4, files[i][k].sha256) &&
               (size_t)sqlite3_column_bytes(st, 5) == files[i][k].size &&
               (files[i][k].size == 0 ||
                memcmp(sqlite3_column_blob(st, 5), files[i][k].data, files[i][k].size) == 0);
    }
    if (same && rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return sql_error(s, d, "reading the framework of a round");
    }
    sqlite3_finalize(st);
    return same && rows == expected;
}

static void round_file_row(sqlite3_stmt *st, void *a)
{
    struct round_file *f = row_array_next(a);
    f->name = col_dup(st, 0);
    f->dir = col_dup(st, 1);
    col_copy(st, 2, f->sha256, sizeof f->sha256);
    f->size = (size_t)sqlite3_column_bytes(st, 3);
    f->data = xmalloc(f->size + 1);
    if (f->size)
        memcpy(f->data, sqlite3_column_blob(st, 3), f->size);
    f->data[f->size] = '\0';
}

int store_get_round_framework(struct store *s, int year, const char *framework,
                              struct round_file **files, int *n, struct diag *d)
{
    struct row_array a = {(void **)files, n, sizeof **files};
    return read_round_rows(s,
                           "SELECT file, dir, sha256, content FROM round_framework "
                           "WHERE year = ?1 AND framework = ?2 ORDER BY file",
                           year, framework, round_file_row, &a, d,
                           "reading the framework of a round");
}

int store_get_round_framework_codes(struct store *s, int year, char ***codes, int *n,
                                    struct diag *d)
{
    struct row_array a = {(void **)codes, n, sizeof **codes};
    return read_round_rows(s,
                           "SELECT framework FROM round_framework WHERE year = ?1 "
                           "GROUP BY framework ORDER BY min(position), framework",
                           year, NULL, text_row, &a, d, "reading the frameworks of a round");
}

/* The institutions with answers in year (one pass over its answers). */
static int answering(struct store *s, int year, char ***codes, int *n, struct diag *d)
{
    sqlite3_stmt *st = prepare(s,
                               "SELECT DISTINCT a.institution FROM input_file f JOIN answer a "
                               "ON a.file_id = f.id WHERE f.year = ?1 ORDER BY 1",
                               d);
    if (st)
        sqlite3_bind_int(st, 1, year);
    return read_texts(s, st, codes, n, d, "reading who answered a round");
}

static int cmp_institution_code(const void *a, const void *b)
{
    return strcmp((*(const struct institution *const *)a)->code,
                  (*(const struct institution *const *)b)->code);
}

/* 1 if round_institution holds for year exactly what replacing its rows
   with reg's would store, 0 if not, -1. */
static int round_institutions_stored(struct store *s, int year, const struct registry *reg,
                                     struct diag *d)
{
    const struct institution **in = xmalloc((size_t)(reg->n + 1) * sizeof *in);
    for (int i = 0; i < reg->n; i++)
        in[i] = &reg->items[i];
    qsort(in, (size_t)reg->n, sizeof *in, cmp_institution_code);
    sqlite3_stmt *st = prepare(s,
                               "SELECT code, name_es, name_en, grp, weight, grp_en, unranked "
                               "FROM round_institution WHERE year = ?1 ORDER BY code",
                               d);
    int i = 0, same = 1, rc = SQLITE_DONE;
    if (st)
        sqlite3_bind_int(st, 1, year);
    while (st && same && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const struct institution *x = i < reg->n ? in[i] : NULL;
        struct cell w = real_cell(x ? x->weight : 0);
        same = x && text_stored(st, 0, x->code) && text_stored(st, 1, x->name[LANG_ES]) &&
               text_stored(st, 2, x->name[LANG_EN] ? x->name[LANG_EN] : x->name[LANG_ES]) &&
               text_stored(st, 3, x->group) && cell_stored(st, 4, &w) &&
               text_stored(st, 5, x->group_en) &&
               sqlite3_column_int64(st, 6) == (x->unranked != 0);
        i++;
    }
    free(in);
    if (!st)
        return -1;
    int failed = same && rc != SQLITE_DONE;
    sqlite3_finalize(st);
    if (failed)
        return sql_error(s, d, "reading the institutions of a round");
    return same && i == reg->n;
}

int store_put_round_institutions(struct store *s, int year, const struct registry *reg,
                                 int replace, struct diag *d)
{
    if (add_round(s, year, d) != 0)
        return -1;
    char **have = NULL;
    int n_have = 0, rc = 0;
    if (replace) {
        int same = round_institutions_stored(s, year, reg, d);
        if (same != 0)
            return same < 0 ? -1 : 0;
        rc = exec_year(s, "DELETE FROM round_institution WHERE year = ?1", year, d,
                       "replacing the institutions of a round");
    } else {
        rc = answering(s, year, &have, &n_have, d);
    }
    sqlite3_stmt *st = rc == 0 ? prepare(s,
                                         "INSERT INTO round_institution(year, code, name_es, "
                                         "name_en, grp, weight, grp_en, unranked) "
                                         "VALUES(?1,?2,?3,?4,?5,?6,?7,?8) "
                                         "ON CONFLICT(year, code) DO UPDATE SET name_es = ?3, "
                                         "name_en = ?4, grp = ?5, weight = ?6, grp_en = ?7, "
                                         "unranked = ?8",
                                         d)
                               : NULL;
    if (rc == 0 && !st)
        rc = -1;
    for (int i = 0; i < reg->n && rc == 0; i++) {
        const struct institution *in = &reg->items[i];
        int take = replace;
        for (int k = 0; k < n_have && !take; k++)
            take = strcmp(have[k], in->code) == 0;
        if (!take)
            continue;
        sqlite3_bind_int(st, 1, year);
        bind_text(st, 2, in->code);
        bind_text(st, 3, in->name[LANG_ES]);
        bind_text(st, 4, in->name[LANG_EN] ? in->name[LANG_EN] : in->name[LANG_ES]);
        bind_text(st, 5, in->group);
        sqlite3_bind_double(st, 6, in->weight);
        bind_text(st, 7, in->group_en);
        sqlite3_bind_int(st, 8, in->unranked != 0);
        rc = step_done(s, st, d, "storing the institutions of a round");
    }
    sqlite3_finalize(st);
    for (int k = 0; k < n_have; k++)
        free(have[k]);
    free(have);
    return rc;
}

static void institution_row(sqlite3_stmt *st, void *a)
{
    struct institution *in = row_array_next(a);
    in->code = col_dup(st, 0);
    in->name[LANG_ES] = col_dup(st, 1);
    in->name[LANG_EN] = col_dup(st, 2);
    in->group = col_dup(st, 3);
    in->weight = sqlite3_column_double(st, 4);
    in->group_en = col_dup(st, 5);
    in->unranked = sqlite3_column_int(st, 6) != 0;
}

struct registry *store_get_round_institutions(struct store *s, int year, int *found,
                                              struct diag *d)
{
    *found = 0;
    struct registry *reg = xcalloc(1, sizeof *reg);
    reg->path = xstrdup(s->path);
    struct row_array a = {(void **)&reg->items, &reg->n, sizeof *reg->items};
    if (read_round_rows(s,
                        "SELECT code, name_es, name_en, grp, weight, grp_en, unranked "
                        "FROM round_institution WHERE year = ?1 ORDER BY code",
                        year, NULL, institution_row, &a, d,
                        "reading the institutions of a round") != 0 ||
        reg->n == 0) {
        registry_free(reg);
        return NULL;
    }
    *found = 1;
    return reg;
}

void publication_release(struct publication *p)
{
    free(p->reports);
    p->reports = NULL;
}

int store_get_publication(struct store *s, int year, struct publication *p, struct diag *d)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *st = prepare_rounds(s,
                                      "SELECT at, version, reports, answers_sha256, "
                                      "framework_sha256, institutions_sha256, results_sha256, "
                                      "reports_sha256 FROM publication WHERE year = ?1",
                                      d);
    if (!st)
        return s->has_rounds ? -1 : 0;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        found = 1;
        p->year = year;
        snprintf(p->at, sizeof p->at, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(p->version, sizeof p->version, "%s", (const char *)sqlite3_column_text(st, 1));
        p->reports = col_dup(st, 2);
        char *dst[] = {p->answers, p->framework, p->institutions, p->results, p->reports_sha};
        for (int i = 0; i < 5; i++)
            snprintf(dst[i], 65, "%s", (const char *)sqlite3_column_text(st, 3 + i));
    } else if (rc != SQLITE_DONE) {
        found = sql_error(s, d, "reading the publication of a round");
    }
    sqlite3_finalize(st);
    return found;
}

/*
 * The SHA-256 of the rows a query returns, in its order: each value as a
 * type letter and its text (a REAL as %.17g, so the digest follows the
 * stored double exactly, not SQLite's 15-digit text), each ended by 0x1f,
 * each row by 0x1e.
 */
static int hash_rows(struct store *s, const char *sql, int year, char hex[65], struct diag *d)
{
    sqlite3_stmt *st = prepare(s, sql, d);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    struct sha256_ctx *h = sha256_begin();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int nc = sqlite3_column_count(st);
        for (int c = 0; c < nc; c++) {
            char num[40];
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_NULL:
                sha256_add(h, "N", 1);
                break;
            case SQLITE_INTEGER:
                snprintf(num, sizeof num, "I%lld", (long long)sqlite3_column_int64(st, c));
                sha256_add(h, num, strlen(num));
                break;
            case SQLITE_FLOAT:
                snprintf(num, sizeof num, "R%.17g", sqlite3_column_double(st, c));
                sha256_add(h, num, strlen(num));
                break;
            default: /* TEXT and BLOB: the bytes */
                sha256_add(h, "T", 1);
                sha256_add(h, sqlite3_column_blob(st, c), (size_t)sqlite3_column_bytes(st, c));
                break;
            }
            sha256_add(h, "\x1f", 1);
        }
        sha256_add(h, "\x1e", 1);
    }
    sqlite3_finalize(st);
    sha256_end(h, hex);
    return rc == SQLITE_DONE ? 0 : sql_error(s, d, "computing the digest of a round");
}

int store_round_digests(struct store *s, int year, struct publication *p, struct diag *d)
{
    static const char answers[] =
        "SELECT f.framework, f.path, f.shape, f.sha256, f.rows, a.line, a.institution, "
        "a.question, a.respondent, a.value, a.number, a.evidence, a.official "
        "FROM input_file f JOIN answer a ON a.file_id = f.id WHERE f.year = ?1 "
        "ORDER BY f.framework, f.path, a.line, a.question";
    static const char framework[] =
        "SELECT framework, position, file, sha256 FROM round_framework WHERE year = ?1 "
        "ORDER BY framework, file";
    /* an institution the registry marks ranked = no adds a row of its own
       after its own (code, 'ranked = no', then NULLs): a change of the
       column changes the digest, and a round where every institution is
       ranked keeps the digest it had before the column existed */
    static const char institutions[] =
        "SELECT code, a, b, c, d FROM ("
        "SELECT code, name_es AS a, name_en AS b, grp AS c, weight AS d, 0 AS k "
        "FROM round_institution WHERE year = ?1 UNION ALL "
        "SELECT code, 'ranked = no', NULL, NULL, NULL, 1 FROM round_institution "
        "WHERE year = ?1 AND unranked <> 0) ORDER BY code, k";
    static const char results[] =
        "SELECT 'node', framework, institution, node, value, rank, NULL, NULL, NULL, NULL "
        "FROM node_value WHERE year = ?1 UNION ALL "
        "SELECT 'indicator', framework, institution, indicator, raw, denominated, imputed, "
        "treated, normalised, flags FROM indicator_value WHERE year = ?1 "
        "ORDER BY 1, 2, 3, 4";
    if (!s->has_rounds)
        return diag_error(d, EX_IOERR_, s->path, 0, 0,
                          "this database has no round tables (schema 6): open it once for "
                          "writing (indigo load) to add them");
    p->year = year;
    if (hash_rows(s, answers, year, p->answers, d) != 0 ||
        hash_rows(s, framework, year, p->framework, d) != 0 ||
        hash_rows(s, institutions, year, p->institutions, d) != 0 ||
        hash_rows(s, results, year, p->results, d) != 0)
        return -1;
    return 0;
}

int store_publish(struct store *s, const struct publication *p, const struct published_file *f,
                  int n, struct diag *d)
{
    sqlite3_stmt *st = prepare(s,
                               "INSERT INTO publication(year, at, version, reports, "
                               "answers_sha256, framework_sha256, institutions_sha256, "
                               "results_sha256, reports_sha256) VALUES(?1, "
                               "strftime('%Y-%m-%dT%H:%M:%SZ','now'), ?2,?3,?4,?5,?6,?7,?8)",
                               d);
    sqlite3_stmt *fs = prepare(s,
                               "INSERT INTO published_file(year, path, sha256, bytes) "
                               "VALUES(?1,?2,?3,?4)",
                               d);
    int rc = st && fs ? 0 : -1;
    if (rc == 0) {
        sqlite3_bind_int(st, 1, p->year);
        bind_text(st, 2, INDIGO_VERSION);
        bind_text(st, 3, p->reports);
        bind_text(st, 4, p->answers);
        bind_text(st, 5, p->framework);
        bind_text(st, 6, p->institutions);
        bind_text(st, 7, p->results);
        bind_text(st, 8, p->reports_sha);
        rc = step_done(s, st, d, "recording the publication");
    }
    for (int i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_int(fs, 1, p->year);
        bind_text(fs, 2, f[i].path);
        bind_text(fs, 3, f[i].sha256);
        sqlite3_bind_int64(fs, 4, f[i].bytes);
        rc = step_done(s, fs, d, "recording the published files");
    }
    sqlite3_finalize(st);
    sqlite3_finalize(fs);
    return rc;
}

void published_files_free(struct published_file *f, int n)
{
    for (int i = 0; i < n; i++)
        free(f[i].path);
    free(f);
}

static void published_row(sqlite3_stmt *st, void *a)
{
    struct published_file *x = row_array_next(a);
    x->path = col_dup(st, 0);
    col_copy(st, 1, x->sha256, sizeof x->sha256);
    x->bytes = sqlite3_column_int64(st, 2);
}

int store_get_published_files(struct store *s, int year, struct published_file **f, int *n,
                              struct diag *d)
{
    struct row_array a = {(void **)f, n, sizeof **f};
    return read_round_rows(s,
                           "SELECT path, sha256, bytes FROM published_file "
                           "WHERE year = ?1 ORDER BY path",
                           year, NULL, published_row, &a, d, "reading the published files");
}

int store_unpublish(struct store *s, int year, struct diag *d)
{
    return exec_year(s, "DELETE FROM publication WHERE year = ?1", year, d, "reopening the round");
}

int store_round_state(struct store *s, int year, const char *config_sha256, char hex[65],
                      struct diag *d)
{
    static const char state[] =
        "SELECT 'file', framework, path, shape, sha256, rows, NULL, NULL FROM input_file "
        "WHERE year = ?1 UNION ALL SELECT 'framework', framework, file, sha256, NULL, NULL, "
        "NULL, NULL FROM round_framework WHERE year = ?1 UNION ALL SELECT 'institution', code, "
        "name_es, name_en, grp, weight, grp_en, unranked FROM round_institution WHERE year = ?1 "
        "ORDER BY 1, 2, 3";
    if (!s->has_rounds)
        return diag_error(d, EX_IOERR_, s->path, 0, 0,
                          "this database has no round tables (schema 6): open it once for "
                          "writing (indigo load) to add them");
    char rows[65];
    if (hash_rows(s, state, year, rows, d) != 0)
        return -1;
    char *all = xasprintf("%s %s %s", rows, config_sha256, INDIGO_VERSION);
    sha256_hex(all, strlen(all), hex);
    free(all);
    return 0;
}

int store_put_report_state(struct store *s, int year, const char *reports, const char *state,
                           struct diag *d)
{
    if (add_round(s, year, d) != 0)
        return -1;
    sqlite3_stmt *st = prepare(s,
                               "INSERT OR REPLACE INTO report_state(year, at, reports, "
                               "state_sha256) VALUES(?1, strftime('%Y-%m-%dT%H:%M:%SZ','now'), "
                               "?2, ?3)",
                               d);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, year);
    bind_text(st, 2, reports);
    bind_text(st, 3, state);
    int rc = step_done(s, st, d, "recording the state of the reports");
    sqlite3_finalize(st);
    return rc;
}

int store_get_report_state(struct store *s, int year, char **reports, char state[65],
                           struct diag *d)
{
    *reports = NULL;
    state[0] = '\0';
    sqlite3_stmt *st = prepare_rounds(s,
                                      "SELECT reports, state_sha256 FROM report_state "
                                      "WHERE year = ?1",
                                      d);
    if (!st)
        return s->has_rounds ? -1 : 0;
    sqlite3_bind_int(st, 1, year);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        found = 1;
        *reports = col_dup(st, 0);
        snprintf(state, 65, "%s", (const char *)sqlite3_column_text(st, 1));
    } else if (rc != SQLITE_DONE) {
        found = sql_error(s, d, "reading the state of the reports");
    }
    sqlite3_finalize(st);
    return found;
}
