/*
 * workers.h — independent tasks spread over forked processes.
 *
 * Rendering a round is hundreds of independent files (charts, PDFs,
 * workbooks) that share nothing but the round data, which is read-only by
 * then; the machines that run rounds have several cores.  Processes rather
 * than threads, because cairo, libharu and libxlsxwriter then need no care
 * about what they keep in globals, and a crash in one worker is reported
 * instead of taking the run with it.
 *
 * Workers take the next task number from a counter in shared memory, so a
 * slow task (a long PDF) does not leave the other cores idle; which process
 * makes a file never changes what is in it.  Each worker sends its
 * diagnostics back through a pipe; they are merged into the caller's diag in
 * worker order.
 */
#ifndef INDIGO_WORKERS_H
#define INDIGO_WORKERS_H

#include "error.h"

/* One task: 0, or -1 with the problem in d.  It may set *kind (0 ..
   WORKERS_KINDS - 1, default 0) to have its time counted under that kind. */
typedef int (*task_fn)(int i, void *arg, int *kind, struct diag *d);

/* Processor time spent per kind of task, summed over the workers (so with
   several workers it can exceed the wall-clock time). */
#define WORKERS_KINDS 8
struct workers_time {
    double seconds[WORKERS_KINDS];
    long tasks[WORKERS_KINDS];
};

/* Run task(0..n-1) on jobs processes (jobs <= 1, or n <= 1: in this
   process, in order).  After a task fails no further task is started.
   Returns 0, or -1 if any task failed or a worker died.  time may be NULL. */
int workers_run(int n, int jobs, task_fn task, void *arg, struct workers_time *time,
                struct diag *d);

/* The default number of jobs: the processors online, at most 8. */
int workers_default_jobs(void);

#endif
