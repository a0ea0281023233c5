/*
 * main.c — indigo [OPTIONS] COMMAND [ARGS] [OPTIONS]: options go before or
 * after the command (`indigo report --year 2026`).
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
#include "messages.h"
#include "pipeline.h"
#include "round_init.h"

/* A year given as an argument: 0 (with a message) if it is not one. */
static int year_arg(const char *what, const char *s)
{
    char *end;
    long y = strtol(s, &end, 10);
    if (*end || end == s || y < 1900 || y > 9999) {
        fprintf(stderr, msg_tr("indigo: %s %s: expected a year such as 2026\n"), what, s);
        return 0;
    }
    return (int)y;
}

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
static int run_publish(const struct run_opts *o, char **args)
{
    int y = year_arg("publish", args[0]);
    return y ? cmd_publish(o, y) : EX_USAGE_;
}
static int run_reopen(const struct run_opts *o, char **args)
{
    int y = year_arg("reopen", args[0]);
    return y ? cmd_reopen(o, y) : EX_USAGE_;
}
static int run_round(const struct run_opts *o, char **args)
{
    if (strcmp(args[0], "new") != 0) {
        fprintf(stderr, msg_tr("indigo: round %s: expected `round new YEAR --from YEAR`\n"),
                args[0]);
        return EX_USAGE_;
    }
    int y = year_arg("round new", args[1]);
    return y ? cmd_round_new(o, y) : EX_USAGE_;
}
static int run_diff(const struct run_opts *o, char **args)
{
    int a = year_arg("diff", args[0]), b = a ? year_arg("diff", args[1]) : 0;
    return a && b ? cmd_diff(o, a, b) : EX_USAGE_;
}


struct command {
    const char *name;
    int (*fn)(const struct run_opts *o, char **args);
    int nargs;                      /* positional arguments it takes      */
    const char *args;               /* their names and its options, for usage */
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
     "Then checks that every published round is as it was published (answers,\n"
     "framework, institutions, results and each file of its reports).\n"
     "Writes nothing. Exit status 0 if all is well, 65 for bad data, 66 for a\n"
     "missing file.\n"},
    {"load", run_load, 0, "", "ingest the round's files into the SQLite database",
     "Validates everything as `check` does, then stores the registry, the\n"
     "frameworks and the answers of every survey file in one transaction.\n"
     "A file whose SHA-256 is already stored is not reloaded; a changed file\n"
     "replaces its earlier rows. Nothing is stored if any file has an error.\n"
     "Each round keeps the frameworks and institutions it is loaded with; a\n"
     "published round is never changed (exit status 77).\n"},
    {"compute", run_compute, 0, "", "compute every stored round and store the results",
     "Scores the stored answers, applies each framework's steps (denominate,\n"
     "screen, impute, treat, normalise, aggregate) and stores every value\n"
     "unrounded, for every year in the database, each with its own framework.\n"
     "A published round keeps its results.\n"},
    {"report", run_report, 0, "", "write reports/<year>/: workbooks, PDFs, charts",
     "Renders the round's workbook, national report, one scorecard and one\n"
     "workbook per institution and the charts, in each language of [output].\n"
     "Everything is written to a staging directory that replaces\n"
     "reports/<year>/ only when all of it succeeded. The reports of a\n"
     "published round are not rewritten (exit status 77).\n"},
    {"run", run_run, 0, "", "load, compute and report, in order",
     "The whole round: load, compute, report. Stops at the first stage that\n"
     "fails, leaving the database and reports/ as they were.\n"},
    {"explain", run_explain, 2, "[--change] INSTITUTION NODE",
     "how one score was computed, or why it changed",
     "Prints the trail of one value: raw answers (with file and line) ->\n"
     "indicator value -> imputation and treatment -> normalised value ->\n"
     "weight -> contribution to each parent, up to the index.\n"
     "NODE is an index, pillar or indicator code; write FRAMEWORK:NODE when a\n"
     "code exists in more than one framework.  NODE may also be an axis of the\n"
     "second view (e.g. Eficacia): then each indicator of the axis, its\n"
     "normalised value times its effective weight, and the axis score.\n"
     "With --change: splits the change since the round it is compared with\n"
     "into the effect of the method and the effect of the answers, indicator\n"
     "by indicator; the parts add up to the change (docs/rondas.md).\n"},
    {"publish", run_publish, 1, "YEAR", "freeze a round: answers, framework, results, reports",
     "Records the SHA-256 of the round's answers, frameworks, institutions and\n"
     "results and of every file of its reports. From then on nothing changes\n"
     "the round: load, compute and report refuse (exit status 77) until it is\n"
     "reopened. The stored results must be those of its answers and the\n"
     "reports written from them (run compute and report first).\n"},
    {"reopen", run_reopen, 1, "YEAR --reason TEXT", "allow a published round to change again",
     "Lifts a publication. The reason, and what was published, stay in the\n"
     "run log of the database.\n"},
    {"round", run_round, 2, "new YEAR --from YEAR", "prepare the next round from an earlier one",
     "Copies each framework of the earlier round to a folder of the new\n"
     "round's own (indicators/<name> -> indicators/YEAR/<name>) and writes\n"
     "into indigo.ini: [round] year and titles for the new round, compare_with,\n"
     "[frameworks.YEAR] naming the copies, and a [survey.*] section for each\n"
     "of the earlier round's, reading the new round's export.\n"},
    {"diff", run_diff, 2, "YEAR YEAR", "every method difference between two rounds",
     "Lists what changed between the frameworks of two rounds: indicators\n"
     "added or removed, weights, structure, scoring, screening, imputation,\n"
     "treatment, normalisation, aggregation, scale and maturity levels.\n"
     "A published round is read from the database, the others from the\n"
     "frameworks indigo.ini gives them.\n"},
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

/* What --help prints and the manual page (--man, run by meson to make
   indigo.1) says, besides the commands above: one description for both. */
static const char *const synopsis[] = {
    "[OPTIONS] COMMAND [ARGS] [OPTIONS]",
    "--help | --version | --man | COMMAND --help",
};
/* options go before or after the command */
static const struct doc_item options[] = {
    {"-c, --config FILE", "the round's configuration (default: indigo.ini)"},
    {"--lang es|en", "language of messages and reports (default: the config's)"},
    {"--year YEAR", "the round to compute/report (default: the config's)"},
    {"--database FILE", "use this database instead of [paths] database"},
    {"--output DIR", "write reports under DIR instead of [paths] output"},
    {"-j, --jobs N", "processes that render reports (default: one per core)"},
    {"-q, --quiet", "no progress lines"},
    {"--change", "explain: why the value changed since the round compared with"},
    {"--from YEAR", "round new: the round the new one is prepared from"},
    {"--reason TEXT", "reopen: why the published round is reopened (kept in the run log)"},
};
static const struct doc_item exit_statuses[] = {
    {"0", "ok"}, {"64", "usage"}, {"65", "bad input data"}, {"66", "missing input"},
    {"70", "internal error"}, {"73", "cannot create output"}, {"74", "I/O error"},
    {"75", "database in use"}, {"77", "the round is published"},
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

/* The options, wherever they are: "--opt VALUE" or "--opt=VALUE". */
struct option_value {
    const char *name;   /* as given, for messages */
    const char *value;  /* NULL for a flag        */
};

static const char *const with_value[] = {"-c", "--config", "--lang", "--year", "--database",
                                         "--output", "-j", "--jobs", "--from", "--reason"};
static const char *const flags[] = {"-q",     "--quiet",   "--change", "-h",
                                    "--help", "--version", "--man"};

/* 1 and *v if a is an option (consuming its value from argv[*i + 1] when
   needed), 0 if a is not an option, -1 on a usage error (printed). */
static int option_at(int argc, char **argv, int *i, struct option_value *v)
{
    const char *a = argv[*i];
    if (a[0] != '-' || !a[1])
        return 0;
    const char *eq = strchr(a, '=');
    size_t len = eq && a[1] == '-' ? (size_t)(eq - a) : strlen(a);
    for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
        if (strlen(flags[k]) == len && strncmp(a, flags[k], len) == 0 && !eq) {
            *v = (struct option_value){flags[k], NULL};
            return 1;
        }
    for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++) {
        if (strlen(with_value[k]) != len || strncmp(a, with_value[k], len) != 0)
            continue;
        if (eq && a[1] == '-') {
            *v = (struct option_value){with_value[k], eq + 1};
            return 1;
        }
        if (*i + 1 >= argc) {
            fprintf(stderr, msg_tr("indigo: %s needs a value\n"), a);
            return -1;
        }
        *v = (struct option_value){with_value[k], argv[++*i]};
        return 1;
    }
    fprintf(stderr, msg_tr("indigo: unknown option %s\n"), a);
    return -1;
}

/* Apply one option to o; returns 0, or an exit status. */
static int apply(struct run_opts *o, const struct option_value *v)
{
    const char *n = v->name, *x = v->value;
    if (strcmp(n, "-c") == 0 || strcmp(n, "--config") == 0) {
        o->config = x;
    } else if (strcmp(n, "--lang") == 0) {
        o->lang = lang_parse(x);
        if (o->lang < 0) {
            fprintf(stderr, msg_tr("indigo: --lang %s: expected es or en\n"), x);
            return EX_USAGE_;
        }
    } else if (strcmp(n, "--year") == 0) {
        if (!(o->year = year_arg("--year", x)))
            return EX_USAGE_;
    } else if (strcmp(n, "--from") == 0) {
        if (!(o->from_year = year_arg("--from", x)))
            return EX_USAGE_;
    } else if (strcmp(n, "--database") == 0) {
        o->database = x;
    } else if (strcmp(n, "--output") == 0) {
        o->output = x;
    } else if (strcmp(n, "--reason") == 0) {
        o->reason = x;
    } else if (strcmp(n, "-j") == 0 || strcmp(n, "--jobs") == 0) {
        char *end;
        long j = strtol(x, &end, 10);
        if (*end || end == x || j < 1 || j > 64) {
            fprintf(stderr,
                    msg_tr("indigo: %s %s: expected a number of processes from 1 to 64\n"), n, x);
            return EX_USAGE_;
        }
        o->jobs = (int)j;
    } else if (strcmp(n, "-q") == 0 || strcmp(n, "--quiet") == 0) {
        o->quiet = 1;
    } else if (strcmp(n, "--change") == 0) {
        o->change = 1;
    }
    return 0;
}

/* An option that belongs to one command only, given to another. */
static int misplaced(const struct command *c, const struct run_opts *o)
{
    static const struct {
        const char *option, *command;
    } own[] = {{"--change", "explain"}, {"--from", "round"}, {"--reason", "reopen"}};
    int given[] = {o->change, o->from_year != 0, o->reason != NULL};
    for (size_t k = 0; k < sizeof own / sizeof *own; k++)
        if (given[k] && strcmp(c->name, own[k].command) != 0) {
            fprintf(stderr, msg_tr("indigo: %s is an option of `indigo %s`, not of `indigo %s`\n"),
                    own[k].option, own[k].command, c->name);
            return 1;
        }
    return 0;
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
    /* messages in --lang's language from the start (the config's, once it
       is read; Spanish, the config's default, until then) */
    msg_set_lang(LANG_ES);
    for (int i = 1; i < argc; i++) {
        const char *v = strcmp(argv[i], "--lang") == 0 && i + 1 < argc ? argv[i + 1]
                        : strncmp(argv[i], "--lang=", 7) == 0         ? argv[i] + 7
                                                                      : NULL;
        if (v && lang_parse(v) >= 0)
            msg_set_lang((enum lang)lang_parse(v));
    }
    char **pos = calloc((size_t)argc + 1, sizeof *pos);
    if (!pos)
        return EX_SOFTWARE_;
    int n_pos = 0, help = 0, version = 0, man = 0, st = 0, only_args = 0;
    for (int i = 1; i < argc && st == 0; i++) {
        struct option_value v;
        int r = only_args ? 0 : option_at(argc, argv, &i, &v);
        if (r < 0)
            st = EX_USAGE_;
        else if (r == 0 && !only_args && strcmp(argv[i], "--") == 0)
            only_args = 1;
        else if (r == 0)
            pos[n_pos++] = argv[i];
        else if (strcmp(v.name, "-h") == 0 || strcmp(v.name, "--help") == 0)
            help = 1;
        else if (strcmp(v.name, "--version") == 0)
            version = 1;
        else if (strcmp(v.name, "--man") == 0)
            man = 1;
        else
            st = apply(&o, &v);
    }
    const struct command *c = NULL;
    for (size_t k = 0; n_pos > 0 && k < N_COMMANDS; k++)
        if (strcmp(pos[0], commands[k].name) == 0)
            c = &commands[k];
    if (st == 0 && version) {
        printf("indigo %s\n", INDIGO_VERSION);
    } else if (st == 0 && man) {
        print_doc(stdout, 1);
    } else if (st == 0 && help && c) {
        printf("usage: indigo [-c FILE] %s %s\n\n%s", c->name, c->args, c->help);
    } else if (st == 0 && help) {
        usage(stdout);
    } else if (st == 0 && n_pos == 0) {
        usage(stderr);
        st = EX_USAGE_;
    } else if (st == 0 && !c) {
        fprintf(stderr, msg_tr("indigo: unknown command \"%s\"\n"), pos[0]);
        usage(stderr);
        st = EX_USAGE_;
    } else if (st == 0 && n_pos - 1 != c->nargs) {
        fprintf(stderr, msg_tr("indigo: %s takes %d argument%s (%s), got %d\n"), c->name, c->nargs,
                c->nargs == 1 ? "" : "s", c->nargs ? c->args : "none", n_pos - 1);
        fprintf(stderr, "usage: indigo [-c FILE] %s %s\n", c->name, c->args);
        st = EX_USAGE_;
    } else if (st == 0 && misplaced(c, &o)) {
        st = EX_USAGE_;
    } else if (st == 0) {
        st = c->fn(&o, pos + 1);
    }
    free(pos);
    return st;
}
