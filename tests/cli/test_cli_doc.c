/*
 * test_cli_doc.c — cli_doc: the --help text and the roff of indigo(1) from
 * one description, on a made-up program whose texts try to break both.
 */
#include <stdlib.h>

#include "cli_doc.h"
#include "tap.h"

/* What fn writes for doc, as a string (caller frees). */
static char *written(void (*fn)(FILE *, const struct cli_doc *), const struct cli_doc *doc)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);
    fn(fp, doc);
    fclose(fp);
    return buf;
}

static char *roff(const char *text)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);
    cli_doc_roff_text(fp, text);
    fclose(fp);
    return buf;
}

static void check_roff_text(void)
{
    static const struct {
        const char *text, *want, *name;
    } cases[] = {
        {"plain words", "plain words", "plain text unchanged"},
        {"-c, --config FILE", "\\-c, \\-\\-config FILE", "hyphens become minus signs"},
        {"a\\b", "a\\eb", "a backslash is printed, never an escape"},
        {".SH NAME", "\\&.SH NAME", "a line starting with '.' is text, not a request"},
        {"'br", "\\&'br", "a line starting with '\\'' is text, not a request"},
        {"one\n.two\nthree.", "one\n\\&.two\nthree.", "guarded at every line start, not inside"},
        {"Índices «datos»", "Índices «datos»", "UTF-8 passes through"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = roff(cases[i].text);
        is_str(got, cases[i].want, cases[i].name);
        free(got);
    }
}

static const char *const synopsis[] = {
    "[-a ARG] [--bravo es|en] [--charlie YEAR] [--delta FILE] [--echo DIR] [-f N] COMMAND",
    "--help",
};
static const struct doc_item options[] = {
    {"-a ARG", "the first option"},
    {"--bravo es|en", "a longer one"},
};
static const struct doc_command commands[] = {
    {"go", "", "do it", "Does it.\n\n.Second paragraph, with a dot first.\n"},
    {"show", "WHAT WHERE", "show WHAT", "Shows.\n"},
};
static const struct doc_item statuses[] = {{"0", "ok"}, {"64", "usage"}};
static const struct cli_doc doc = {
    .program = "prog", .version = "1.2.3", .whatis = "a made-up program",
    .synopsis = synopsis, .n_synopsis = 2,
    .description = "First paragraph.\n\nSecond paragraph.",
    .options = options, .n_options = 2,
    .commands = commands, .n_commands = 2,
    .exit_statuses = statuses, .n_exit_statuses = 2,
    .datadir = "/opt/prog-data",
};

static void check_usage(void)
{
    char *u = written(cli_doc_usage, &doc);
    const char *head = "usage: prog [-a ARG] [--bravo es|en] [--charlie YEAR] [--delta FILE]\n"
                       "            [--echo DIR] [-f N] COMMAND\n"
                       "       prog --help\n";
    ok(strncmp(u, head, strlen(head)) == 0,
       "synopsis wrapped at 80 columns between bracketed groups, continued under the first");
    ok(strstr(u, "\n  -a ARG         the first option\n  --bravo es|en  a longer one\n") != NULL,
       "options in a column as wide as the longest");
    ok(strstr(u, "\ncommands:\n  go               do it\n  show WHAT WHERE  show WHAT\n") != NULL,
       "commands with their arguments, summaries in one column");
    ok(strstr(u, "\nexit status: 0 ok, 64 usage.\n") != NULL, "exit statuses in one sentence");
    ok(strstr(u, "Does it.") == NULL, "a command's long help is not in --help");
    long widest = 0;
    for (const char *p = u; *p;) {
        const char *nl = strchr(p, '\n');
        long w = nl ? nl - p : (long)strlen(p);
        widest = w > widest ? w : widest;
        p += w + (nl != NULL);
    }
    ok(widest <= 80, "every line of --help within 80 columns (widest %ld)", widest);
    free(u);
}

static void check_man(void)
{
    char *m = written(cli_doc_man, &doc);
    ok(strstr(m, "\n.TH PROG 1 \"\" \"prog 1.2.3\" \"User Commands\"\n") != NULL,
       "title line: upper-case name, section 1, version, no date");
    ok(strstr(m, "\n.SH NAME\nprog \\- a made\\-up program\n") != NULL, "NAME line for whatis");
    ok(strstr(m, ".B prog\n[\\-a ARG]") != NULL && strstr(m, ".br\n.B prog\n\\-\\-help\n"),
       "each synopsis line after the program's name");
    ok(strstr(m, "First paragraph.\n.PP\nSecond paragraph.\n") != NULL,
       "description paragraphs");
    ok(strstr(m, ".TP\n\\fB\\-a ARG\\fR\nthe first option\n") != NULL, "options as tagged items");
    ok(strstr(m, ".TP\n\\fBshow\\fR \\fIWHAT WHERE\\fR\nshow WHAT.\n.IP\nShows.\n") != NULL,
       "a command: name, arguments, summary and its whole help");
    ok(strstr(m, "Does it.\n.IP\n\\&.Second paragraph") != NULL,
       "help paragraphs kept apart, a leading dot guarded");
    ok(strstr(m, ".TP\n\\fB64\\fR\nusage\n") != NULL, "exit statuses as tagged items");
    ok(strstr(m, "\\fI/opt/prog\\-data\\fR") != NULL, "the data directory under FILES");
    ok(strstr(m, "\n\n") == NULL, "no empty line (roff would print it as a blank line)");
    free(m);
}

int main(void)
{
    check_roff_text();
    check_usage();
    check_man();
    return tap_done();
}
