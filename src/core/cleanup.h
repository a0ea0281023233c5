/*
 * cleanup.h — what an interrupted run removes on its way out.
 *
 * A run registers what it creates that must not outlive it if it fails: the
 * staging directory of the reports (reports/.2026.tmp-PID), the database
 * file when the run created it.  On SIGINT, SIGTERM or SIGHUP the handler
 * removes them with async-signal-safe calls only, then the process dies of
 * the signal as it would have.  The database's own changes are an open
 * transaction, which SQLite rolls back from its journal the next time the
 * database is opened; a run killed with SIGKILL leaves its staging
 * directory, which the next run removes (atomic_file.h).
 *
 * Rendering workers are forked: the handler acts in the process that
 * registered the paths only, and there first kills and reaps the workers it
 * was told of (cleanup_fork), so none writes into a directory after it is
 * removed.
 */
#ifndef INDIGO_CLEANUP_H
#define INDIGO_CLEANUP_H

/* Remove path (a directory tree: is_dir) if the run is interrupted.
   Returns a handle for cleanup_forget, or -1 if it cannot be registered
   (too many, or too long a path). */
int cleanup_remember(const char *path, int is_dir);
/* path no longer needs removing (it was removed, or it is kept). */
void cleanup_forget(int handle);

/* Remove the directory tree at path, with async-signal-safe calls only (it
   runs in the handler).  0, or -1 if something could not be removed. */
int cleanup_remove_tree(const char *path);

#include <sys/types.h>

/* fork(), with the child recorded as one of the run's workers before any
   interrupt can be handled; cleanup_child_done(pid) once it is reaped. */
pid_t cleanup_fork(void);
void cleanup_child_done(pid_t pid);

#endif
