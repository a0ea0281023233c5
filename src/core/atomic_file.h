/*
 * atomic_file.h — outputs appear whole or not at all.
 *
 * A run renders into a staging directory beside the final one
 * (reports/.2026.tmp-PID), and output_dir_commit() swaps it into place with
 * rename(2): a failed or killed run leaves the previous reports as they were.
 * Files inside the staging directory are written plainly (a killed run's
 * staging directory is thrown away whole) and made durable together by one
 * syncfs(2) before the swap, rather than one fsync per file.  If the run
 * is interrupted by a signal, its staging directory is removed (cleanup.h).
 */
#ifndef INDIGO_ATOMIC_FILE_H
#define INDIGO_ATOMIC_FILE_H

#include <stdio.h>

#include "error.h"

/* Create (mkdir -p) final's parent and a fresh staging dir; returns its path
   (caller frees) or NULL with the reason in d (EX_CANTCREAT). */
char *output_dir_begin(const char *final_dir, struct diag *d);
/* Replace final_dir by staging (old one removed after the swap); on
   failure staging is removed too. */
int output_dir_commit(const char *staging, const char *final_dir, struct diag *d);
/* The swap alone, so that it can be undone if what must go with it fails
   (the database's commit): afterwards the staging path holds the previous
   reports when *had_old (else nothing).  0, or -1 recorded (nothing moved). */
int output_dir_swap(const char *staging, const char *final_dir, int *had_old, struct diag *d);
/* Undo output_dir_swap: the previous reports back at final_dir, the new ones
   at staging again.  0, or -1 (errno). */
int output_dir_unswap(const char *staging, const char *final_dir, int had_old);
/* Remove staging and everything in it (after a failure, or the previous
   reports after a swap); it no longer needs removing on a signal. */
void output_dir_abort(const char *staging);
/* Remove staging directories of final_dir left by runs that were killed
   (those of a run still alive are left). */
void output_dir_clean_stale(const char *final_dir);
/* mkdir -p; 0 or -1 (errno). */
int mkdir_p(const char *path);
/* Write data to path, a file inside a staging directory. 0 or -1 (errno). */
int write_file(const char *path, const void *data, size_t n);

#endif
