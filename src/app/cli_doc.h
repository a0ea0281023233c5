/*
 * cli_doc.h — the command line's documentation, written two ways from one
 * description: the --help text and the manual page indigo(1).
 *
 * main.c owns the tables (its commands, options and exit statuses) and hands
 * them here; meson runs `indigo --man` at build time and installs what it
 * prints, so a command added to the table is in the manual without anyone
 * editing it.
 */
#ifndef INDIGO_CLI_DOC_H
#define INDIGO_CLI_DOC_H

#include <stddef.h>
#include <stdio.h>

struct doc_item {
    const char *term;        /* "-c, --config FILE", "64"                     */
    const char *text;        /* one line: what it is                          */
};

struct doc_command {
    const char *name;
    const char *args;        /* "INSTITUTION NODE", or ""                     */
    const char *summary;     /* one line                                      */
    const char *help;        /* paragraphs, lines ending in '\n'              */
};

struct cli_doc {
    const char *program;     /* "indigo"                                      */
    const char *version;
    const char *whatis;      /* the manual's NAME line, after "program - "   */
    const char *const *synopsis;    /* each a way to call it, after program   */
    size_t n_synopsis;
    const char *description; /* paragraphs separated by an empty line         */
    const struct doc_item *options;
    size_t n_options;
    const struct doc_command *commands;
    size_t n_commands;
    const struct doc_item *exit_statuses;
    size_t n_exit_statuses;
    const char *datadir;     /* where the example round is installed          */
};

/* The --help text: synopsis, description, options, commands, exit statuses. */
void cli_doc_usage(FILE *fp, const struct cli_doc *d);

/* The manual page, in man(7) roff: the same sections, each command's whole
   help, and the files and environment an installed indigo uses. */
void cli_doc_man(FILE *fp, const struct cli_doc *d);

/* Text as roff: backslashes and hyphens escaped, a line starting with '.' or
   '\'' guarded, so no text can become a request.  Exposed for its test. */
void cli_doc_roff_text(FILE *fp, const char *text);

#endif
