/*
 * cleanup.c — removing what an interrupted run created (cleanup.h).
 *
 * The handler may run at any moment, so it touches only what was set up
 * before: fixed slots of static storage, filled with signals blocked, and
 * system calls (openat, getdents64, unlinkat) that are async-signal-safe.
 */

#include "cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SLOTS 8
#define DEPTH_MAX 32 /* a report tree is a few levels deep */

static struct {
    volatile sig_atomic_t used;
    int is_dir;
    char path[PATH_MAX];
} slots[SLOTS];

#define KIDS 256
/* the run's worker processes, stopped before their directory is removed */
static volatile pid_t kids[KIDS];

static pid_t owner;                 /* the process whose paths these are */
static volatile sig_atomic_t installed;
static const int signals[] = {SIGINT, SIGTERM, SIGHUP};

/* Linux's getdents64 record. */
struct linux_dirent64 {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* Remove name in directory dfd, whatever it is. */
static int remove_at(int dfd, const char *name, int depth)
{
    if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
        return 0;
    if ((errno != EISDIR && errno != EPERM) || depth >= DEPTH_MAX)
        return -1;
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[4096];
    int rc = 0;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0) {
            rc |= n < 0 ? -1 : 0;
            break;
        }
        int removed = 0;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *e = (struct linux_dirent64 *)(void *)(buf + off);
            off += e->d_reclen;
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (remove_at(fd, e->d_name, depth + 1) == 0)
                removed = 1;
            else
                rc = -1;
        }
        if (!removed)
            break; /* what is left cannot be removed: do not loop on it */
        lseek(fd, 0, SEEK_SET); /* entries moved while removing: read again */
    }
    close(fd);
    if (unlinkat(dfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        rc = -1;
    return rc;
}

int cleanup_remove_tree(const char *path)
{
    return remove_at(AT_FDCWD, path, 0);
}

static void on_signal(int sig)
{
    if (getpid() == owner) {
        int saved = errno;
        /* a worker still running would write into the staging directory
           after it is removed, and leave it behind: stop them first */
        for (int i = 0; i < KIDS; i++)
            if (kids[i] > 0)
                kill(kids[i], SIGKILL);
        for (int i = 0; i < KIDS; i++)
            if (kids[i] > 0)
                while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
                    ;
        for (int i = 0; i < SLOTS; i++)
            if (slots[i].used) {
                if (slots[i].is_dir)
                    cleanup_remove_tree(slots[i].path);
                else
                    unlink(slots[i].path);
            }
        errno = saved;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
        sigaddset(&sa.sa_mask, signals[i]);
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) {
        struct sigaction old;
        /* a signal the caller chose to ignore (nohup) stays ignored */
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        sigaction(signals[i], &sa, NULL);
    }
    installed = 1;
}

/* Signals blocked while the slots change, so the handler never sees half a
   path. */
static void block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
        sigaddset(&set, signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

int cleanup_remember(const char *path, int is_dir)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    sigset_t old;
    block(&old);
    if (!installed || owner != getpid()) {
        owner = getpid();
        for (int i = 0; i < SLOTS; i++)
            slots[i].used = 0;
        install();
    }
    int handle = -1;
    for (int i = 0; i < SLOTS && handle < 0; i++)
        if (!slots[i].used) {
            strcpy(slots[i].path, path);
            slots[i].is_dir = is_dir;
            slots[i].used = 1;
            handle = i;
        }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return handle;
}

void cleanup_forget(int handle)
{
    if (handle < 0 || handle >= SLOTS)
        return;
    sigset_t old;
    block(&old);
    slots[handle].used = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Record (running) or forget worker pid; the caller has blocked the signals. */
static void set_child(pid_t pid, int running)
{
    for (int i = 0; i < KIDS; i++)
        if (running ? kids[i] == 0 : kids[i] == pid) {
            kids[i] = running ? pid : 0;
            break;
        }
}

pid_t cleanup_fork(void)
{
    /* no interrupt between the fork and the parent knowing the child */
    sigset_t old;
    block(&old);
    pid_t c = fork();
    if (c > 0)
        set_child(c, 1);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return c;
}

void cleanup_child_done(pid_t pid)
{
    sigset_t old;
    block(&old);
    set_child(pid, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
}
