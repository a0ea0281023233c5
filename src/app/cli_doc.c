/*
 * cli_doc.c — the --help text and the manual page from one description
 * (cli_doc.h).
 */
#include "cli_doc.h"

#include <ctype.h>
#include <string.h>

#include "strbuf.h"

#define WIDTH 80   /* of the --help text */

/* ======================================================================== */
/* --help                                                                    */
/* ======================================================================== */

/* Length of the next word of s, where a bracketed group such as
   "[--lang es|en]" counts as one word so a line never breaks inside it. */
static size_t word_len(const char *s)
{
    size_t n = 0;
    int depth = 0;
    for (; s[n] && (depth > 0 || s[n] != ' '); n++)
        depth += (s[n] == '[') - (s[n] == ']');
    return n;
}

/* prefix and s, broken into lines of at most WIDTH columns, each line
   after the first indented by indent spaces. */
static void print_wrapped(FILE *fp, const char *prefix, int indent, const char *s)
{
    int col = fprintf(fp, "%s", prefix);
    int first = 1;
    while (*s) {
        while (*s == ' ')
            s++;
        size_t n = word_len(s);
        if (n == 0)
            break;
        if (!first && col + 1 + (int)n > WIDTH)
            col = fprintf(fp, "\n%*s", indent, "") - 1;
        else
            col += fprintf(fp, " ");
        col += fprintf(fp, "%.*s", (int)n, s);
        first = 0;
        s += n;
    }
    fputc('\n', fp);
}

/* "name args", the way the command is typed. */
static int command_width(const struct doc_command *c)
{
    return (int)(strlen(c->name) + (*c->args ? 1 + strlen(c->args) : 0));
}

static void usage_commands(FILE *fp, const struct cli_doc *d)
{
    int w = 0;
    for (size_t i = 0; i < d->n_commands; i++)
        if (command_width(&d->commands[i]) > w)
            w = command_width(&d->commands[i]);
    fprintf(fp, "commands:\n");
    for (size_t i = 0; i < d->n_commands; i++) {
        const struct doc_command *c = &d->commands[i];
        fprintf(fp, "  %s%s%s%*s  %s\n", c->name, *c->args ? " " : "", c->args,
                w - command_width(c), "", c->summary);
    }
}

static void usage_exit_statuses(FILE *fp, const struct cli_doc *d)
{
    /* one sentence, "0 ok, 64 usage, ... 75 database in use." */
    struct strbuf line;
    strbuf_init(&line);
    for (size_t i = 0; i < d->n_exit_statuses; i++)
        strbuf_addf(&line, "%s %s%s", d->exit_statuses[i].term, d->exit_statuses[i].text,
                    i + 1 < d->n_exit_statuses ? ", " : ".");
    print_wrapped(fp, "exit status:", 0, line.buf);
    strbuf_release(&line);
}

void cli_doc_usage(FILE *fp, const struct cli_doc *d)
{
    char prefix[64];
    for (size_t i = 0; i < d->n_synopsis; i++) {
        snprintf(prefix, sizeof prefix, "%s %s", i == 0 ? "usage:" : "      ", d->program);
        print_wrapped(fp, prefix, (int)strlen(prefix) + 1, d->synopsis[i]);
    }
    fprintf(fp, "\n%s\n\noptions:\n", d->description);
    int w = 0;
    for (size_t i = 0; i < d->n_options; i++)
        if ((int)strlen(d->options[i].term) > w)
            w = (int)strlen(d->options[i].term);
    for (size_t i = 0; i < d->n_options; i++)
        fprintf(fp, "  %-*s  %s\n", w, d->options[i].term, d->options[i].text);
    fputc('\n', fp);
    usage_commands(fp, d);
    fputc('\n', fp);
    usage_exit_statuses(fp, d);
}

/* ======================================================================== */
/* The manual page                                                           */
/* ======================================================================== */

/* The first n bytes of text as roff (cli_doc_roff_text). */
static void roff_text_n(FILE *fp, const char *text, size_t n)
{
    int at_line_start = 1;
    for (const char *p = text; p < text + n && *p; p++) {
        if (at_line_start && (*p == '.' || *p == '\''))
            fputs("\\&", fp);   /* a line starting with them is a request */
        at_line_start = *p == '\n';
        if (*p == '\\')
            fputs("\\e", fp);
        else if (*p == '-')
            fputs("\\-", fp);   /* a minus one can paste into a shell, not a hyphen */
        else
            fputc(*p, fp);
    }
}

void cli_doc_roff_text(FILE *fp, const char *text)
{
    roff_text_n(fp, text, strlen(text));
}

/* text in a font: \fB...\fR (B) or \fI...\fR (I). */
static void roff_font(FILE *fp, char font, const char *text)
{
    fprintf(fp, "\\f%c", font);
    cli_doc_roff_text(fp, text);
    fputs("\\fR", fp);
}

/* Paragraphs of text (separated by an empty line), the ones after the first
   each started by macro (".PP", or ".IP" inside a .TP item). */
static void roff_paragraphs(FILE *fp, const char *text, const char *macro)
{
    while (*text) {
        while (*text == '\n')
            text++;
        const char *end = strstr(text, "\n\n");
        size_t n = end ? (size_t)(end - text) : strlen(text);
        while (n > 0 && text[n - 1] == '\n')
            n--;
        if (n == 0)
            break;
        roff_text_n(fp, text, n);
        fputc('\n', fp);
        text += n;
        while (*text == '\n')
            text++;
        if (*text)
            fprintf(fp, "%s\n", macro);
    }
}

static void man_items(FILE *fp, const struct doc_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        fputs(".TP\n", fp);
        roff_font(fp, 'B', items[i].term);
        fputc('\n', fp);
        roff_paragraphs(fp, items[i].text, ".IP");
    }
}

static void man_commands(FILE *fp, const struct cli_doc *d)
{
    fputs(".SH COMMANDS\n", fp);
    for (size_t i = 0; i < d->n_commands; i++) {
        const struct doc_command *c = &d->commands[i];
        fputs(".TP\n", fp);
        roff_font(fp, 'B', c->name);
        if (*c->args) {
            fputc(' ', fp);
            roff_font(fp, 'I', c->args);
        }
        fputc('\n', fp);
        cli_doc_roff_text(fp, c->summary);
        fputs(".\n.IP\n", fp);
        roff_paragraphs(fp, c->help, ".IP");
    }
}

/* What only the manual says: where an installed indigo finds things. */
static void man_files(FILE *fp, const struct cli_doc *d)
{
    fputs(".SH FILES\n.TP\n", fp);
    roff_font(fp, 'I', "indigo.ini");
    fputs("\nThe round: its year, the institution registry, the frameworks, every survey file\n"
          "and where the database and the reports go.\n"
          "Read from the current directory unless \\fB\\-c\\fR names another;\n"
          "relative paths in it are relative to its own directory.\n.TP\n", fp);
    roff_font(fp, 'I', d->datadir);
    fputs("\nThe example round, as \\fBinit\\fR copies it: \\fIindigo.ini\\fR,\n"
          "\\fIindicators/\\fR (the frameworks) and \\fIsurveys/\\fR (the institution\n"
          "registry and the survey files of the demonstration round).\n"
          "A round of one's own may also name these frameworks by their absolute path.\n.TP\n",
          fp);
    roff_font(fp, 'I', "reports/YEAR/");
    fputs("\nWhat \\fBreport\\fR writes: workbooks, PDF reports and scorecards, charts,\n"
          "open data and the portal, in each language of [output] languages.\n", fp);
    fputs(".SH ENVIRONMENT\n.TP\n.B INDIGO_DATADIR\n"
          "Where \\fBinit\\fR finds the example round instead of \\fI", fp);
    cli_doc_roff_text(fp, d->datadir);
    fputs("\\fR:\nthe source tree, for a build that is not installed.\n", fp);
}

static void man_examples(FILE *fp, const struct cli_doc *d)
{
    fputs(".SH EXAMPLES\nThe demonstration round, from a new directory:\n.PP\n.nf\n.RS\n", fp);
    fprintf(fp, "%s init ronda\ncd ronda\n%s run\n%s explain MINFIN IGD\n.RE\n.fi\n",
            d->program, d->program, d->program);
    fputs(".PP\nThe round's outputs are then in \\fIronda/reports/2026/\\fR.\n"
          ".SH SEE ALSO\nThe README and the formats of frameworks and of the database\n"
          "(\\fIframework\\-format.md\\fR, \\fIframeworks.md\\fR, \\fIschema.md\\fR) in\n"
          "\\fI/usr/share/doc/indigo/\\fR.\n", fp);
}

void cli_doc_man(FILE *fp, const struct cli_doc *d)
{
    fputs(".\\\" -*- coding: UTF-8 -*-\n", fp);
    fprintf(fp, ".\\\" Written by `%s --man` from the tables of src/main.c: edit those.\n",
            d->program);
    /* no date: the page is the same bytes at every build of a version */
    fputs(".TH ", fp);
    for (const char *p = d->program; *p; p++)
        fputc(toupper((unsigned char)*p), fp);
    fprintf(fp, " 1 \"\" \"%s %s\" \"User Commands\"\n", d->program, d->version);
    fputs(".nh\n.ad l\n", fp);   /* paths and options are not to be hyphenated or stretched */
    fprintf(fp, ".SH NAME\n%s \\- ", d->program);
    cli_doc_roff_text(fp, d->whatis);
    fputs("\n.SH SYNOPSIS\n", fp);
    for (size_t i = 0; i < d->n_synopsis; i++) {
        fprintf(fp, "%s.B %s\n", i ? ".br\n" : "", d->program);
        cli_doc_roff_text(fp, d->synopsis[i]);
        fputc('\n', fp);
    }
    fputs(".SH DESCRIPTION\n", fp);
    roff_paragraphs(fp, d->description, ".PP");
    fputs(".SH OPTIONS\n", fp);
    man_items(fp, d->options, d->n_options);
    man_commands(fp, d);
    fputs(".SH EXIT STATUS\n", fp);
    man_items(fp, d->exit_statuses, d->n_exit_statuses);
    man_files(fp, d);
    man_examples(fp, d);
}
