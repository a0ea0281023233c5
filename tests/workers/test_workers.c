/*
 * test_workers.c — workers_run(): each task exactly once whatever the number
 * of jobs, a worker's errors and warnings merged into the caller's diag, a
 * worker stopping at its first failure, and a worker killed by a signal.
 *
 * Tasks report back through files in a temporary directory (the workers are
 * other processes, so memory would not do).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "tap.h"
#include "workers.h"
#include "xalloc.h"

static char dir[] = "/tmp/indigo-workers-XXXXXX";

struct plan {
    int fail_at;     /* task that fails (-1: none)       */
    int die_at;      /* task whose process dies (-1)      */
    int warn_at;     /* task that warns (-1)              */
    int exit_at;     /* task whose process exits 99 silently (0: none) */
    int slow_after;  /* tasks above this take 2 ms (0: none) */
};

static int task(int i, void *arg, int *kind, struct diag *d)
{
    *kind = i % 3;
    const struct plan *p = arg;
    char path[128];
    snprintf(path, sizeof path, "%s/t%03d", dir, i);
    FILE *f = fopen(path, "a");
    if (!f)
        return diag_error(d, EX_CANTCREAT_, path, 0, 0, "cannot create");
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
    if (i == p->warn_at)
        diag_warning(d, "task.csv", i, 1, "task %d warns", i);
    if (i == p->die_at)
        raise(SIGKILL);
    if (p->exit_at && i == p->exit_at)
        _exit(99);
    if (p->slow_after && i > p->slow_after)
        usleep(2000);
    if (i == p->fail_at)
        return diag_error(d, EX_DATAERR_, "task.csv", i, 2, "task %d fails", i);
    return 0;
}

/* How many times task i ran (lines in its file). */
static int runs_of(int i)
{
    char path[128], line[32];
    snprintf(path, sizeof path, "%s/t%03d", dir, i);
    FILE *f = fopen(path, "r");
    int n = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        n++;
    fclose(f);
    return n;
}

static void clear(int n)
{
    char path[128];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/t%03d", dir, i);
        unlink(path);
    }
}

/* Messages from workers name staged files; the report renames them to where
   they end up. */
static void rename_dir(void)
{
    struct diag d;
    diag_init(&d);
    diag_warning(&d, "out/.2026.tmp-7/x.xlsx", 0, 0, "not written");
    diag_error(&d, 73, "out/.2026.tmp-7/graficos/a.png", 0, 0, "cannot write");
    diag_warning(&d, "out/.2026.tmp-77/y.pdf", 0, 0, "a longer name, not the same directory");
    diag_warning(&d, "surveys/a.csv", 3, 1, "elsewhere");
    diag_rename_dir(&d, "out/.2026.tmp-7", "out/2026");
    is_str(d.msgs[0], "out/2026/x.xlsx: warning: not written", "a warning renamed");
    is_str(d.msgs[1], "out/2026/graficos/a.png: error: cannot write", "an error renamed");
    is_str(d.msgs[2], "out/.2026.tmp-77/y.pdf: warning: a longer name, not the same directory",
           "a directory whose name starts the same is left alone");
    is_str(d.msgs[3], "surveys/a.csv:3:1: warning: elsewhere", "other files left alone");
    diag_release(&d);
}

int main(void)
{
    rename_dir();
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 2;
    }
    enum { N = 37 };
    static const int jobs[] = {1, 2, 3, 8, 64};
    for (size_t k = 0; k < sizeof jobs / sizeof jobs[0]; k++) {
        struct plan p = {-1, -1, 5, 0, 0};
        struct workers_time t = {{0}, {0}};
        struct diag d;
        diag_init(&d);
        clear(N);
        int rc = workers_run(N, jobs[k], task, &p, &t, &d);
        is_int(rc, 0, "all tasks succeed");
        int once = 1;
        for (int i = 0; i < N; i++)
            once &= runs_of(i) == 1;
        ok(once, "jobs %d: each of %d tasks ran exactly once", jobs[k], N);
        is_int((int)(t.tasks[0] + t.tasks[1] + t.tasks[2]), N, "every task timed");
        ok(t.tasks[0] == 13 && t.tasks[1] == 12 && t.tasks[2] == 12 && t.tasks[3] == 0,
           "under the kind it named");
        is_int((int)d.n_warnings, 1, "the worker's warning reached the caller");
        ok(d.n_kept == 1 && strstr(d.msgs[0], "task.csv:5:1: warning: task 5 warns"),
           "with its location");
        diag_release(&d);
    }

    /* a failing task: its message comes back, and the workers stop taking
       tasks (the tasks after it are slow, so the other worker cannot have
       run through them all before the failure was known) */
    {
        struct plan p = {6, -1, -1, 0, 6};
        struct diag d;
        diag_init(&d);
        clear(N);
        int rc = workers_run(N, 2, task, &p, NULL, &d);
        is_int(rc, -1, "a failing task fails the run");
        is_int(d.status, EX_DATAERR_, "with the task's status");
        ok(d.n_kept >= 1 && strstr(d.msgs[0], "task.csv:6:2: error: task 6 fails"), "and message");
        int after = 0;
        for (int i = 8; i < N; i++)
            after += runs_of(i);
        ok(after < (N - 8) / 2, "most tasks after the failure never started (%d ran)", after);
        diag_release(&d);
    }

    /* a worker killed by a signal is reported, not mistaken for success */
    {
        struct plan p = {-1, 3, -1, 0, 0};
        struct diag d;
        diag_init(&d);
        clear(N);
        int rc = workers_run(N, 2, task, &p, NULL, &d);
        is_int(rc, -1, "a dead worker fails the run");
        is_int(d.status, EX_SOFTWARE_, "status 70");
        ok(d.n_kept >= 1 && strstr(d.msgs[d.n_kept - 1], "died of signal 9"),
           "message names the signal: %s", d.n_kept ? d.msgs[d.n_kept - 1] : "(none)");
        diag_release(&d);
    }

    /* a worker that exits mid-way without sending its report still fails
       the run, with a message (under valgrind's --error-exitcode a worker
       can also send a clean report and exit 99: e2e_valgrind.sh) */
    {
        struct plan p = {-1, -1, -1, 0, 0};
        p.exit_at = 4;
        struct diag d;
        diag_init(&d);
        clear(N);
        is_int(workers_run(N, 2, task, &p, NULL, &d), -1, "a worker exiting 99 fails the run");
        ok(d.n_kept >= 1 && strstr(d.msgs[d.n_kept - 1], "stopped without saying why"),
           "and says so: %s", d.n_kept ? d.msgs[d.n_kept - 1] : "(none)");
        diag_release(&d);
    }

    /* one job runs in this process, in order */
    {
        struct plan p = {-1, -1, -1, 0, 0};
        struct diag d;
        diag_init(&d);
        clear(N);
        is_int(workers_run(N, 1, task, &p, NULL, &d), 0, "jobs 1");
        char path[128];
        snprintf(path, sizeof path, "%s/t000", dir);
        FILE *f = fopen(path, "r");
        int pid = 0;
        ok(f && fscanf(f, "%d", &pid) == 1 && pid == (int)getpid(), "jobs 1 runs here");
        if (f)
            fclose(f);
        diag_release(&d);
    }
    ok(workers_default_jobs() >= 1 && workers_default_jobs() <= 8, "default jobs in 1..8");

    clear(N);
    rmdir(dir);
    return tap_done();
}
