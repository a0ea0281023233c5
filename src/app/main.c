/*
 * main.c — indigo [-c FILE] [--lang es|en] [--year N] [-j N] [-q] COMMAND [ARGS]
 *
 * The only place that parses argv and picks the exit status; every command
 * is a function of pipeline.c or report.c listed in the table below (git's
 * commands[]).
 *
 * Built twice (meson.build): as `indigo`, without the renderers, and with
 * INDIGO_RENDER as `indigo-render`, with them.  `indigo report` and `indigo
 * run` execute `indigo-render` from the directory `indigo` is in, with the
 * same arguments and in the same process (exec), so they behave exactly as
 * if `indigo` had rendered itself, while check, load, compute, explain and
 * --version start without loading cairo, libxlsxwriter, libharu and the
 * libraries those load (a few milliseconds per command).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_doc.h"
#include "error.h"
#include "i18n.h"
#include "indigo_paths.h"
#include "indigo_version.h"
#include "pipeline.h"
#include "round_init.h"

/* Adapters so every command has the same signature in the table. */
static int run_check(const struct run_opts *o, char **args) { (void)args; return cmd_check(o); }
static int run_load(const struct run_opts *o, char **args) { (void)args; return cmd_load(o); }
static int run_compute(const struct run_opts *o, char **args) { (void)args; return cmd_compute(o); }
#ifdef INDIGO_RENDER
static int run_report(const struct run_opts *o, char **args) { (void)args; return cmd_report(o); }
static int run_run(const struct run_opts *o, char **args) { (void)args; return cmd_run(o); }
#else
static char **main_argv;

/* report and run: the whole command line to indigo-render beside us. */
static int exec_render(const struct run_opts *o, char **args)
{
    (void)o;
    (void)args;
    static const char name[] = "indigo-render";
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - sizeof name - 1);
    if (n <= 0) {
        /* no /proc: the one on PATH */
        main_argv[0] = (char *)name;
        execvp(name, main_argv);
        fprintf(stderr, "indigo: cannot run %s (no /proc/self/exe to find it beside indigo, and "
                "not on PATH): %s\n", name, strerror(errno));
        return EX_UNAVAILABLE_;
    }
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    strcpy(slash ? slash + 1 : self, name);
    main_argv[0] = self;
    execv(self, main_argv);
    fprintf(stderr, "indigo: report and run are done by %s, which cannot be run: %s "
            "(it is installed beside indigo)\n", self, strerror(errno));
    return EX_UNAVAILABLE_;
}
static int run_report(const struct run_opts *o, char **args) { return exec_render(o, args); }
static int run_run(const struct run_opts *o, char **args) { return exec_render(o, args); }
#endif
static int run_explain(const struct run_opts *o, char **args) { return cmd_explain(o, args[0], args[1]); }
/* The example round comes from the install's data directory, or from
   INDIGO_DATADIR (the source tree, for a build that is not installed). */
static int run_init(const struct run_opts *o, char **args)
{
    const char *datadir = getenv("INDIGO_DATADIR");
    return cmd_init(datadir && *datadir ? datadir : INDIGO_DATADIR, args[0], o->quiet);
}

struct command {
    const char *name;
    int (*fn)(const struct run_opts *o, char **args);
    int nargs;                      /* positional arguments it takes      */
    const char *args;               /* their names, for usage             */
    const char *summary;
    const char *help;
};

static const struct command commands[] = {
    {"init", run_init, 1, "DIR", "start a round in DIR from the example round",
     "Copies the example round the install ships (indigo.ini, the frameworks in\n"
     "indicators/, the registry and survey files in surveys/) into DIR, created\n"
     "if missing: `cd DIR && indigo run` then computes the demonstration round,\n"
     "and DIR can be edited into a round of one's own. Never overwrites: if DIR\n"
     "already holds indigo.ini, indicators or surveys, init writes nothing.\n"},
    {"check", run_check, 0, "", "validate config, frameworks and surveys; write nothing",
     "Reads indigo.ini, the institution registry, every framework and every survey\n"
     "file, and reports every problem at once as file:line:column: error: ...\n"
     "Writes nothing. Exit status 0 if all is well, 65 for bad data, 66 for a\n"
     "missing file.\n"},
    {"load", run_load, 0, "", "ingest the round's files into the SQLite database",
     "Validates everything as `check` does, then stores the registry, the\n"
     "frameworks and the answers of every survey file in one transaction.\n"
     "A file whose SHA-256 is already stored is not reloaded; a changed file\n"
     "replaces its earlier rows. Nothing is stored if any file has an error.\n"},
    {"compute", run_compute, 0, "", "compute every stored round and store the results",
     "Scores the stored answers, applies each framework's steps (denominate,\n"
     "screen, impute, treat, normalise, aggregate) and stores every value\n"
     "unrounded, for every year in the database.\n"},
    {"report", run_report, 0, "", "write reports/<year>/: workbooks, PDFs, charts",
     "Renders the round's workbook, national report, one scorecard and one\n"
     "workbook per institution and the charts, in each language of [output].\n"
     "Everything is written to a staging directory that replaces\n"
     "reports/<year>/ only when all of it succeeded.\n"},
    {"run", run_run, 0, "", "load, compute and report, in order",
     "The whole round: load, compute, report. Stops at the first stage that\n"
     "fails, leaving the database and reports/ as they were.\n"},
    {"explain", run_explain, 2, "INSTITUTION NODE", "how one score was computed from its inputs",
     "Prints the trail of one value: raw answers (with file and line) ->\n"
     "indicator value -> imputation and treatment -> normalised value ->\n"
     "weight -> contribution to each parent, up to the index.\n"
     "NODE is an index, pillar or indicator code; write FRAMEWORK:NODE when a\n"
     "code exists in more than one framework.\n"},
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

/* What --help prints and the manual page (--man, run by meson to make
   indigo.1) says, besides the commands above: one description for both. */
static const char *const synopsis[] = {
    "[-c FILE] [--lang es|en] [--year YEAR] [--database FILE] [--output DIR] [-j N] [-q] "
    "COMMAND [ARGS]",
    "--help | --version | --man | COMMAND --help",
};
static const struct doc_item options[] = {
    {"-c, --config FILE", "the round's configuration (default: indigo.ini)"},
    {"--lang es|en", "language of messages and reports (default: the config's)"},
    {"--year YEAR", "the round to compute/report (default: the config's)"},
    {"--database FILE", "use this database instead of [paths] database"},
    {"--output DIR", "write reports under DIR instead of [paths] output"},
    {"-j, --jobs N", "processes that render reports (default: one per core)"},
    {"-q, --quiet", "no progress lines"},
};
static const struct doc_item exit_statuses[] = {
    {"0", "ok"}, {"64", "usage"}, {"65", "bad input data"}, {"66", "missing input"},
    {"70", "internal error"}, {"73", "cannot create output"}, {"74", "I/O error"},
    {"75", "database in use"},
};
#define N_OF(a) (sizeof a / sizeof *a)

static void print_doc(FILE *fp, int man)
{
    struct doc_command cmds[N_COMMANDS];
    for (size_t i = 0; i < N_COMMANDS; i++)
        cmds[i] = (struct doc_command){commands[i].name, commands[i].args, commands[i].summary,
                                       commands[i].help};
    const struct cli_doc doc = {
        .program = "indigo", .version = INDIGO_VERSION,
        .whatis = "compute Guatemala's digital-government indices and write their reports",
        .synopsis = synopsis, .n_synopsis = N_OF(synopsis),
        .description =
            "Computes Guatemala's national digital-government indices (IGD, ITIC, IDA)\n"
            "per institution and writes their workbooks, reports and charts.",
        .options = options, .n_options = N_OF(options),
        .commands = cmds, .n_commands = N_COMMANDS,
        .exit_statuses = exit_statuses, .n_exit_statuses = N_OF(exit_statuses),
        .datadir = INDIGO_DATADIR,
    };
    (man ? cli_doc_man : cli_doc_usage)(fp, &doc);
}

static void usage(FILE *fp)
{
    print_doc(fp, 0);
}

int main(int argc, char **argv)
{
    struct run_opts o = {.config = "indigo.ini", .lang = -1};
#ifndef INDIGO_RENDER
    main_argv = argv;
#endif
    /* A full disk or a file-size limit must be an error we report and roll
       back, not a signal that kills us between two writes. */
    signal(SIGXFSZ, SIG_IGN);
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--man") == 0) {
            print_doc(stdout, 1);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("indigo %s\n", INDIGO_VERSION);
            return 0;
        } else if ((strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) && i + 1 < argc) {
            o.config = argv[++i];
        } else if (strcmp(a, "--lang") == 0 && i + 1 < argc) {
            o.lang = lang_parse(argv[++i]);
            if (o.lang < 0) {
                fprintf(stderr, "indigo: --lang %s: expected es or en\n", argv[i]);
                return EX_USAGE_;
            }
        } else if (strcmp(a, "--year") == 0 && i + 1 < argc) {
            char *end;
            long y = strtol(argv[++i], &end, 10);
            if (*end || y < 1900 || y > 9999) {
                fprintf(stderr, "indigo: --year %s: expected a year such as 2026\n", argv[i]);
                return EX_USAGE_;
            }
            o.year = (int)y;
        } else if (strcmp(a, "--database") == 0 && i + 1 < argc) {
            o.database = argv[++i];
        } else if (strcmp(a, "--output") == 0 && i + 1 < argc) {
            o.output = argv[++i];
        } else if ((strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) && i + 1 < argc) {
            char *end;
            long j = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || j < 1 || j > 64) {
                fprintf(stderr, "indigo: %s %s: expected a number of processes from 1 to 64\n",
                        a, argv[i]);
                return EX_USAGE_;
            }
            o.jobs = (int)j;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o.quiet = 1;
        } else {
            fprintf(stderr, "indigo: unknown option %s\n", a);
            usage(stderr);
            return EX_USAGE_;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EX_USAGE_;
    }
    const struct command *c = NULL;
    for (size_t k = 0; k < N_COMMANDS; k++)
        if (strcmp(argv[i], commands[k].name) == 0)
            c = &commands[k];
    if (!c) {
        fprintf(stderr, "indigo: unknown command \"%s\"\n", argv[i]);
        usage(stderr);
        return EX_USAGE_;
    }
    i++;
    if (i < argc && (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)) {
        printf("usage: indigo [-c FILE] %s %s\n\n%s", c->name, c->args, c->help);
        return 0;
    }
    if (argc - i != c->nargs) {
        fprintf(stderr, "indigo: %s takes %d argument%s (%s), got %d\n", c->name, c->nargs,
                c->nargs == 1 ? "" : "s", c->nargs ? c->args : "none", argc - i);
        fprintf(stderr, "usage: indigo [-c FILE] %s %s\n", c->name, c->args);
        return EX_USAGE_;
    }
    return c->fn(&o, argv + i);
}
