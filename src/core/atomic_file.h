/*
 * atomic_file.h — outputs appear whole or not at all.
 *
 * A run renders into a staging directory beside the final one
 * (reports/.2026.tmp-PID), and output_dir_commit() swaps it into place with
 * rename(2): a failed or killed run leaves the previous reports as they were.
 * Files inside the staging directory are written plainly (a killed run's
 * staging directory is thrown away whole) and made durable together by one
 * syncfs(2) before the swap, rather than one fsync per file.
 */
#ifndef INDIGO_ATOMIC_FILE_H
#define INDIGO_ATOMIC_FILE_H

#include <stdio.h>

#include "error.h"

/* Create (mkdir -p) final's parent and a fresh staging dir; returns its path
   (caller frees) or NULL with the reason in d (EX_CANTCREAT). */
char *output_dir_begin(const char *final_dir, struct diag *d);
/* Replace final_dir by staging (old one removed after the swap). */
int output_dir_commit(const char *staging, const char *final_dir, struct diag *d);
/* Remove staging and everything in it (after a failure). */
void output_dir_abort(const char *staging);
/* mkdir -p; 0 or -1 (errno). */
int mkdir_p(const char *path);
/* Write data to path, a file inside a staging directory. 0 or -1 (errno). */
int write_file(const char *path, const void *data, size_t n);

#endif
