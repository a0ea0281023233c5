/*
 * workers.c — tasks over forked processes (workers.h).
 *
 * Wire format of a worker's report: its time per kind of task, then the
 * diag's status, error and warning counts and kept messages, each message
 * length-prefixed.
 */
#include "workers.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "xalloc.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
/* A worker ends with _exit, which skips LeakSanitizer's check at exit: run
   it here, so the sanitized tests see a leak in any task a worker ran. */
#define worker_leak_check() __lsan_do_leak_check()
#else
#define worker_leak_check() ((void)0)
#endif

int workers_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t n)
{
    char *p = buf;
    while (n) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

struct wire_head {
    int32_t status, n_kept;
    int64_t n_errors, n_warnings;
};

static void send_report(int fd, const struct workers_time *t, const struct diag *d)
{
    struct wire_head h = {d->status, d->n_kept, d->n_errors, d->n_warnings};
    if (write_all(fd, t, sizeof *t) != 0 || write_all(fd, &h, sizeof h) != 0)
        return;
    for (int i = 0; i < d->n_kept; i++) {
        uint32_t len = (uint32_t)strlen(d->msgs[i]);
        if (write_all(fd, &len, sizeof len) != 0 || write_all(fd, d->msgs[i], len) != 0)
            return;
    }
}

/* Read a worker's report into *t and a fresh diag; -1 if it is cut short. */
static int receive_report(int fd, struct workers_time *t, struct diag *out)
{
    diag_init(out);
    struct wire_head h;
    if (read_all(fd, t, sizeof *t) != 0 || read_all(fd, &h, sizeof h) != 0 || h.n_kept < 0 ||
        h.n_kept > DIAG_SHOWN)
        return -1;
    out->status = h.status;
    out->n_errors = h.n_errors;
    out->n_warnings = h.n_warnings;
    out->msgs = xcalloc((size_t)h.n_kept + 1, sizeof *out->msgs);
    for (int i = 0; i < h.n_kept; i++) {
        uint32_t len;
        if (read_all(fd, &len, sizeof len) != 0 || len > (1u << 20))
            return -1;
        char *m = xmalloc((size_t)len + 1);
        if (read_all(fd, m, len) != 0) {
            free(m);
            return -1;
        }
        m[len] = '\0';
        out->msgs[out->n_kept++] = m;
    }
    return 0;
}

/* Processor time of this process: what a task cost, whatever else the
   machine was doing. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Take tasks from the shared counter until none is left; after a failure,
   move the counter past the end so every worker stops soon. */
static int run_here(int n, atomic_int *next, task_fn task, void *arg, struct workers_time *t,
                    struct diag *d)
{
    for (;;) {
        int i = atomic_fetch_add(next, 1);
        if (i >= n)
            return 0;
        int kind = 0;
        double t0 = now();
        int rc = task(i, arg, &kind, d);
        if (kind < 0 || kind >= WORKERS_KINDS)
            BUG("task %d: kind %d", i, kind);
        t->seconds[kind] += now() - t0;
        t->tasks[kind]++;
        if (rc != 0) {
            atomic_store(next, n);
            return -1;
        }
    }
}

static void time_add(struct workers_time *to, const struct workers_time *t)
{
    for (int k = 0; k < WORKERS_KINDS; k++) {
        to->seconds[k] += t->seconds[k];
        to->tasks[k] += t->tasks[k];
    }
}

int workers_run(int n, int jobs, task_fn task, void *arg, struct workers_time *time,
                struct diag *d)
{
    struct workers_time mine = {{0}, {0}};
    if (!time)
        time = &mine;
    if (jobs > n)
        jobs = n;
    if (jobs <= 1) {
        atomic_int next = 0;
        return run_here(n, &next, task, arg, time, d);
    }
    /* the task counter, shared by the worker processes */
    atomic_int *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (next == MAP_FAILED) {
        atomic_int here = 0;
        return run_here(n, &here, task, arg, time, d);
    }
    atomic_init(next, 0);

    pid_t *pid = xcalloc((size_t)jobs, sizeof *pid);
    int *fd = xcalloc((size_t)jobs, sizeof *fd);
    int started = 0, rc = 0;
    fflush(NULL);   /* nothing buffered gets written twice */
    pid_t parent = getpid();
    for (; started < jobs; started++) {
        int p[2];
        if (pipe(p) != 0)
            break;
        pid_t c = cleanup_fork();
        if (c < 0) {
            close(p[0]);
            close(p[1]);
            break;
        }
        if (c == 0) {
            /* die with the run: a worker left behind by a killed run would
               go on writing into a staging directory nobody will use */
            if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
                _exit(1);
            close(p[0]);
            for (int k = 0; k < started; k++)
                close(fd[k]);   /* the other workers' pipes are the parent's */
            free(pid);
            free(fd);
            struct diag wd;
            diag_init(&wd);
            struct workers_time wt = {{0}, {0}};
            run_here(n, next, task, arg, &wt, &wd);
            send_report(p[1], &wt, &wd);
            int failed = wd.n_errors != 0;
            diag_release(&wd);
            worker_leak_check();
            /* _exit: the parent's stdio buffers and atexit handlers are the
               parent's; the OS takes back this process's memory */
            _exit(failed);
        }
        close(p[1]);
        pid[started] = c;
        fd[started] = p[0];
    }
    /* no process could be started at all: the work is done here */
    if (started == 0)
        rc = run_here(n, next, task, arg, time, d);
    for (int k = 0; k < started; k++) {
        struct diag wd;
        struct workers_time wt = {{0}, {0}};
        int got = receive_report(fd[k], &wt, &wd);
        if (got == 0)
            time_add(time, &wt);
        close(fd[k]);
        int st;
        while (waitpid(pid[k], &st, 0) < 0 && errno == EINTR)
            ;
        cleanup_child_done(pid[k]);
        diag_merge(d, &wd);
        if (WIFSIGNALED(st))
            rc = diag_error(d, EX_SOFTWARE_, NULL, 0, 0,
                            "a rendering worker died of signal %d (%s)", WTERMSIG(st),
                            strsignal(WTERMSIG(st)));
        else if (got != 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            rc = -1;
        /* a worker that failed must leave an error behind, whatever its tasks
           said (a checker such as valgrind may change its exit status) */
        if (rc != 0 && !diag_failed(d) && got != 0)
            rc = diag_error(d, EX_SOFTWARE_, NULL, 0, 0,
                            "a rendering worker stopped without saying why");
        else if (rc != 0 && !diag_failed(d))
            rc = diag_error(d, EX_SOFTWARE_, NULL, 0, 0,
                            "a rendering worker exited with status %d",
                            WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    munmap(next, sizeof *next);
    free(pid);
    free(fd);
    return rc || diag_failed(d) ? -1 : 0;
}
