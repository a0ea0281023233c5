/*
 * test_csv.c — the RFC 4180 reader, UTF-8 checks and csv_parse_number.
 *
 * Usage: test_csv DATADIR (tests/csv/data).  Each case gives the input and
 * the rows it must produce (with lines and columns), or the exact message.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "numparse.h"
#include "strbuf.h"
#include "tap.h"
#include "utf8.h"
#include "xalloc.h"

static const char *datadir = ".";

/*
 * Every row of r as "line:[f1|f2|...]" joined by spaces; with_cols writes
 * each field as line.col@text.  " ERR" is appended after a syntax error.
 * Caller frees.
 */
static char *dump(struct csv_reader *r, struct diag *d, int with_cols)
{
    struct strbuf sb;
    strbuf_init(&sb);
    struct csv_row row;
    int rc;
    while ((rc = csv_next(r, &row, d)) == 1) {
        strbuf_addf(&sb, "%s%ld:[", sb.len ? " " : "", row.line);
        for (int i = 0; i < row.n; i++) {
            if (with_cols)
                strbuf_addf(&sb, "%s%ld.%ld@%s", i ? "|" : "", row.fline[i], row.col[i],
                            row.field[i]);
            else
                strbuf_addf(&sb, "%s%s", i ? "|" : "", row.field[i]);
            if (strlen(row.field[i]) != row.len[i])
                strbuf_adds(&sb, "<bad len>");
        }
        strbuf_addc(&sb, ']');
    }
    if (rc < 0)
        strbuf_adds(&sb, " ERR");
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach re-initialised it */
    return out;
}

/* Every message of d, one per line.  Caller frees. */
static char *all_messages(const struct diag *d)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < d->n_kept; i++)
        strbuf_addf(&sb, "%s\n", d->msgs[i]);
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach re-initialised it */
    return out;
}

/*
 * The same input from a file, streamed in blocks of every small size (so
 * records, quoted fields, CRLF pairs, UTF-8 sequences and the BOM are cut at
 * every possible place), must give the same rows and the same messages as
 * from memory.
 */
static void check_streamed(const char *name, const char *data, size_t n,
                           const struct csv_options *opt, int with_cols, const char *want_rows,
                           const char *want_msgs)
{
    char path[] = "/tmp/indigo-csv-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, data, n) != (ssize_t)n) {
        ok(0, "%s: streamed (cannot write %s)", name, path);
        if (fd >= 0)
            close(fd);
        return;
    }
    close(fd);
    static const size_t blocks[] = {1, 2, 3, 4, 5, 7, 16, 4096};
    int same = 1;
    for (size_t b = 0; b < sizeof blocks / sizeof *blocks && same; b++) {
        struct csv_options o = opt ? *opt : (struct csv_options){0};
        if (!o.name)
            o.name = "t.csv";
        o.block = blocks[b];
        struct diag d;
        diag_init(&d);
        struct csv_reader *r = csv_open(path, &o, &d);
        char *got = r ? dump(r, &d, with_cols) : xstrdup("NULL");
        char *msgs = all_messages(&d);
        if (strcmp(got, want_rows) != 0 || strcmp(msgs, want_msgs) != 0) {
            same = 0;
            printf("#   block %zu: got %s\n#   messages: %s", blocks[b], got, msgs);
        }
        free(got);
        free(msgs);
        csv_close(r);
        diag_release(&d);
    }
    ok(same, "%s: the same streamed in blocks of 1 to 4096 bytes", name);
    unlink(path);
}

/* Parse data (n bytes) with opt; compare the dump and the first message. */
static void check_n(const char *name, const char *data, size_t n, const struct csv_options *opt,
                    int with_cols, const char *want_rows, const char *want_msg)
{
    struct diag d;
    diag_init(&d);
    struct csv_reader *r = csv_open_mem("t.csv", data, n, opt, &d);
    char *got = r ? dump(r, &d, with_cols) : xstrdup("NULL");
    is_str(got, want_rows, name);
    char *label = xasprintf("%s: message", name);
    is_str(d.n_kept ? d.msgs[0] : "", want_msg ? want_msg : "", label);
    free(label);
    char *msgs = all_messages(&d);
    check_streamed(name, data, n, opt, with_cols, got, msgs);
    free(msgs);
    free(got);
    csv_close(r);
    diag_release(&d);
}

static void check(const char *name, const char *data, const struct csv_options *opt,
                  int with_cols, const char *want_rows, const char *want_msg)
{
    check_n(name, data, strlen(data), opt, with_cols, want_rows, want_msg);
}

static void reader_cases(void)
{
    struct csv_options semi = {.sep = ';'};
    struct csv_options comma = {.sep = ','};

    check("simple rows with columns", "a,b,c\n1,22,3\n", NULL, 1,
          "1:[1.1@a|1.3@b|1.5@c] 2:[2.1@1|2.3@22|2.6@3]", NULL);
    check("quoted separator, doubled quotes and an embedded newline",
          "id,text\n1,\"hola, \"\"mundo\"\"\nsegunda línea\"\n2,fin\n", NULL, 1,
          "1:[1.1@id|1.4@text] 2:[2.1@1|2.3@hola, \"mundo\"\nsegunda línea] 4:[4.1@2|4.3@fin]",
          NULL);
    check("field after an embedded newline keeps its own line",
          "a,b,c\n\"x\ny\",z,w\n", NULL, 1, "1:[1.1@a|1.3@b|1.5@c] 2:[2.1@x\ny|3.4@z|3.6@w]",
          NULL);
    check("BOM stripped, CRLF, trailing empty column", "\xEF\xBB\xBF" "a,b\r\n1,\r\n", NULL, 1,
          "1:[1.1@a|1.3@b] 2:[2.1@1|2.3@]", NULL);
    check("CRLF inside a quoted field becomes LF", "a\r\n\"x\r\ny\"\r\n", NULL, 0,
          "1:[a] 2:[x\ny]", NULL);
    check("lone CR ends lines (old Mac export)", "a,b\r1,2\r", NULL, 1,
          "1:[1.1@a|1.3@b] 2:[2.1@1|2.3@2]", NULL);
    check("several trailing empty columns", "a,b,,\n,,,\n", NULL, 0, "1:[a|b||] 2:[|||]", NULL);
    check("blank lines carry nothing", "a\n\n\r\n\nb\n\n", NULL, 0, "1:[a] 5:[b]", NULL);
    check("no newline at the end", "a,b\n1,2", NULL, 0, "1:[a|b] 2:[1|2]", NULL);
    check("empty quoted field is a field", "\"\"\n", NULL, 0, "1:[]", NULL);
    check("columns count characters, not bytes", "ñandú,¿x?,z\n", NULL, 1,
          "1:[1.1@ñandú|1.7@¿x?|1.11@z]", NULL);
    check("sniffs ; and keeps the decimal comma", "a;b;c\n1,5;2;3\n", NULL, 0,
          "1:[a|b|c] 2:[1,5|2|3]", NULL);
    check("sniffs tab", "a\tb\n1,5\t2\n", NULL, 0, "1:[a|b] 2:[1,5|2]", NULL);
    check("sniff ignores separators inside quotes", "\"x,y,z\";w\n1;2\n", NULL, 0,
          "1:[x,y,z|w] 2:[1|2]", NULL);
    check("a stated separator wins over sniffing", "a;b\n", &comma, 0, "1:[a;b]", NULL);
    check("stated ;", "a,b;c\n", &semi, 0, "1:[a,b|c]", NULL);
    check("formula-looking text stays plain text", "x\n=1+1\n\"=SUM(A1:A2)\"\n", NULL, 0,
          "1:[x] 2:[=1+1] 3:[=SUM(A1:A2)]", NULL);
    check("a quote inside an unquoted field is kept", "a,b\n5\" disk,2\n", NULL, 0,
          "1:[a|b] 2:[5\" disk|2]", NULL);
    check("CR LF pairs, blank CRLF lines and a quoted CRLF at the end",
          "a,\"b\r\n\"\r\n\r\n\r\nx,\"\"\"q\"\"\"\r\n", NULL, 1,
          "1:[1.1@a|1.3@b\n] 5:[5.1@x|5.3@\"q\"]", NULL);
    check("multi-byte characters across any block end", "ñ€😀,é\n¿x?,\"ü\nñ\"\n", NULL, 1,
          "1:[1.1@ñ€😀|1.5@é] 2:[2.1@¿x?|2.5@ü\nñ]", NULL);
    check("a lone CR then a quoted field", "a\r\"b\rc\"\rd", NULL, 1,
          "1:[1.1@a] 2:[2.1@b\nc] 4:[4.1@d]", NULL);

    /* syntax errors */
    check("unterminated quote at the end", "a,b\n1,\"abc\n2,3\n", NULL, 0, "1:[a|b] ERR",
          "t.csv:2: error: unterminated quoted field (opened at line 2, column 3)");
    check("unterminated quote in the middle swallows lines up to the next quote",
          "a,b\n1,\"abc\n2,3\n4,\"x\"\n5,6\n", NULL, 0, "1:[a|b] ERR",
          "t.csv:2: error: unterminated quoted field (opened at line 2, column 3)");
    check("text after a closing quote", "a,b\n\"ab\"c,d\n", NULL, 0, "1:[a|b] ERR",
          "t.csv:2:5: error: text after the closing quote of a quoted field (a quote inside a "
          "quoted field is written twice: \"\")");
    struct csv_options small = {.max_field = 4};
    check("field longer than max_field", "abcd,e\nabcdef,g\n", &small, 0, "1:[abcd|e] ERR",
          "t.csv:2:1: error: field longer than 4 bytes");
    check("quoted field longer than max_field", "a\n\"abcdefgh\n", &small, 0, "1:[a] ERR",
          "t.csv:2:1: error: quoted field longer than 4 bytes (is its closing quote missing?)");

    /* bytes that are not text: the rows before the one that holds them are
       read, then the first is reported where it is (read once: input.h) */
    check_n("NUL byte refused with its position", "a,b\n1,x\0y\n", 10, NULL, 0, "1:[a|b] ERR",
            "t.csv:2:4: error: NUL byte in the file (expected CSV text, not a binary file)");
    check_n("NUL byte after invalid UTF-8: the first is reported", "a\r\nb\xC3,c\n\0\n", 10,
            NULL, 0, "1:[a] ERR",
            "t.csv:2:2: error: invalid UTF-8 byte 0xC3 (the file is not UTF-8; save it as UTF-8)");
    check("UTF-8 cut at the very end of the file", "a,b\nc,\xE2\x82", NULL, 0, "1:[a|b] ERR",
          "t.csv:2:3: error: invalid UTF-8 byte 0xE2 (the file is not UTF-8; save it as UTF-8)");
    check("vertical tab refused", "a,b\nx,y\vz\n", NULL, 0, "1:[a|b] ERR",
          "t.csv:2:4: error: control character U+000B (vertical tab) in the text (expected text "
          "without control characters: remove it or replace it with a space)");
    check("form feed in a quoted field refused", "a,b\n\"x\ny\",\"\f\"\n", NULL, 0,
          "1:[a|b] ERR",
          "t.csv:3:5: error: control character U+000C (form feed) in the text (expected text "
          "without control characters: remove it or replace it with a space)");
    check("U+FFFE refused", "a\nb\xEF\xBF\xBE\n", NULL, 0, "1:[a] ERR",
          "t.csv:2:2: error: control character U+FFFE (a noncharacter) in the text (expected text "
          "without control characters: remove it or replace it with a space)");
    check("C1 control refused", "a\nb\xC2\x85\n", NULL, 0, "1:[a] ERR",
          "t.csv:2:2: error: control character U+0085 (a C1 control code) in the text (expected "
          "text without control characters: remove it or replace it with a space)");
    check("tab, CR and LF are text", "a\tb\r\n\"x\ry\"\tz\n", NULL, 0, "1:[a|b] 2:[x\ny|z]", NULL);
    check_n("UTF-16 file detected", "\xFF\xFE" "a\0,\0b\0", 8, NULL, 0, "NULL",
            "t.csv:1:1: error: the file is UTF-16 (little-endian) (it starts with the byte-order "
            "mark FF FE); save it as UTF-8");
    struct csv_options reg = {.config_section = "registry"};
    check_n("UTF-16 big-endian detected, with the setting", "\xFE\xFF\0a\0,\0b", 8, &reg, 0,
            "NULL",
            "t.csv:1:1: error: the file is UTF-16 (big-endian) (it starts with the byte-order "
            "mark FE FF); set encoding = UTF-16 in its [registry] section or save it as UTF-8");
    check_n("UTF-32 named as UTF-32", "\xFF\xFE\0\0a\0\0\0", 8, &reg, 0, "NULL",
            "t.csv:1:1: error: the file is UTF-32 (little-endian) (it starts with the byte-order "
            "mark FF FE 00 00); set encoding = UTF-32 in its [registry] section or save it as "
            "UTF-8");
    check_n("UTF-16 without a byte-order mark", "a\0,\0b\0", 6, &reg, 0, "NULL",
            "t.csv:1:1: error: the file is UTF-16 (little-endian) without a byte-order mark (a "
            "zero byte beside each letter); set encoding = UTF-16LE in its [registry] section or "
            "save it as UTF-8");
    check("an .xlsx is not CSV", "PK\x03\x04rest", NULL, 0, "NULL",
          "t.csv: error: this is a ZIP file (an .xlsx workbook?), not CSV text (export the sheet "
          "as \"CSV UTF-8\")");
    struct csv_options igd = {.config_section = "survey.igd"};
    check("Windows-1252 byte refused without an encoding", "a,b\nx,Educaci\xF3n\n", &igd, 0,
          "1:[a|b] ERR",
          "t.csv:2:10: error: invalid UTF-8 byte 0xF3 (the file is not UTF-8; set encoding = ... "
          "in its [survey.igd] section, e.g. windows-1252)");
    check("invalid UTF-8 without a config section: in the header, nothing opens", "\xE9t\xE9\n",
          NULL, 0, "NULL",
          "t.csv:1:1: error: invalid UTF-8 byte 0xE9 (the file is not UTF-8; save it as UTF-8)");
    struct csv_options be16 = {.encoding = "UTF-16"};
    check_n("UTF-16 big-endian with its byte-order mark, when stated",
            "\xFE\xFF\0a\0,\0b\0\n\0\xF3\0,\0x", 16, &be16, 0, "1:[a|b] 2:[ó|x]", NULL);
    struct csv_options w1252 = {.encoding = "windows-1252"};
    check("Windows-1252 converted when stated",
          "a;b\nEducaci\xF3n;\xBF\x80\x39\x39?\n\xD1" "and\xFA;\x93x\x94\n", &w1252, 1,
          "1:[1.1@a|1.3@b] 2:[2.1@Educación|2.11@¿€99?] 3:[3.1@Ñandú|3.7@“x”]", NULL);
    struct csv_options ansi = {.encoding = "ANSI"};
    check("ANSI is Windows-1252", "\xE1\n", &ansi, 0, "1:[á]", NULL);
    check("stated Windows-1252 over a UTF-8 file is refused", "a\nEducación\n", &w1252, 0,
          "NULL",
          "t.csv:2:8: error: the file is already UTF-8 (\"ó\" here) but encoding = windows-1252 "
          "is stated (remove the encoding setting)");
    check("byte undefined in Windows-1252", "a\nx\x81y\n", &w1252, 0, "NULL",
          "t.csv:2:2: error: byte 0x81 is not valid windows-1252 (is encoding = windows-1252 "
          "right for this file?)");
    struct csv_options klingon = {.encoding = "klingon-8"};
    check("unknown encoding", "a\n", &klingon, 0, "NULL",
          "t.csv: error: unknown encoding \"klingon-8\" (expected a name iconv knows, e.g. "
          "windows-1252, ISO-8859-1 or UTF-16)");
    struct csv_options utf16 = {.encoding = "UTF-16"};
    check_n("UTF-16 converted when stated", "\xFF\xFE" "a\0,\0\xF1\0\n\0", 10, &utf16, 0,
            "1:[a|ñ]", NULL);
    struct csv_options named = {.name = "surveys/x.csv", .config_section = "survey.x"};
    check("messages use opt.name", "\"a\n", &named, 0, " ERR",
          "surveys/x.csv:1: error: unterminated quoted field (opened at line 1, column 1)");

    struct diag d;
    diag_init(&d);
    struct csv_reader *r = csv_open_mem("t.csv", "", 0, NULL, &d);
    struct csv_row row;
    ok(r && csv_next(r, &row, &d) == 0 && csv_next(r, &row, &d) == 0, "empty input: no rows");
    is_int(csv_separator(r), ',', "empty input: separator defaults to ,");
    csv_close(r);
    r = csv_open_mem("t.csv", "a\n\"b\n", 4, NULL, &d);
    ok(csv_next(r, &row, &d) == 1 && csv_next(r, &row, &d) == -1 &&
           csv_next(r, &row, &d) == 0,
       "after a syntax error the reader is at its end");
    is_str(csv_name(r), "t.csv", "csv_name");
    csv_close(r);
    csv_close(NULL);
    diag_release(&d);
}

static void file_cases(void)
{
    struct diag d;
    diag_init(&d);
    char *p = xasprintf("%s/cp1252.csv", datadir);
    struct csv_options igd = {.name = "surveys/igd.csv", .config_section = "survey.igd"};
    struct csv_reader *r = csv_open(p, &igd, &d);
    ok(r == NULL, "cp1252.csv without encoding: refused (the header holds the bad byte)");
    is_str(d.n_kept ? d.msgs[0] : "",
           "surveys/igd.csv:1:2: error: invalid UTF-8 byte 0xF3 (the file is not UTF-8; set "
           "encoding = ... in its [survey.igd] section, e.g. windows-1252)",
           "cp1252.csv: the message names the line, column and byte");
    is_int(d.status, EX_DATAERR_, "cp1252.csv: status 65");
    diag_release(&d);

    struct csv_options enc = {.encoding = "windows-1252"};
    r = csv_open(p, &enc, &d);
    char *got = r ? dump(r, &d, 0) : xstrdup("NULL");
    is_str(got,
           "1:[código|institución|gasto] 2:[MINEDUC|Ministerio de Educación|1.234,5] "
           "3:[SEGEPLAN|Secretaría de Planificación ¿€?|0,75]",
           "cp1252.csv with encoding = windows-1252: converted, ; sniffed");
    is_int(r ? csv_separator(r) : 0, ';', "cp1252.csv: separator ;");
    free(got);
    csv_close(r);
    free(p);

    p = xasprintf("%s/bom_crlf.csv", datadir);
    r = csv_open(p, NULL, &d);
    got = r ? dump(r, &d, 1) : xstrdup("NULL");
    is_str(got,
           "1:[1.1@code|1.6@name|1.11@note] 2:[2.1@MINFIN|2.8@Ministerio de Finanzas\nPúblicas|3.11@] "
           "4:[4.1@SAT|4.5@\"Superintendencia\"|4.28@=1+1]",
           "bom_crlf.csv: BOM, CRLF, quoted CRLF, trailing empty column, formula text");
    free(got);
    csv_close(r);
    free(p);
    is_int(d.n_errors, 0, "no errors so far");

    r = csv_open("/nonexistent/dir/x.csv", NULL, &d);
    ok(r == NULL, "missing file: NULL");
    is_str(d.n_kept ? d.msgs[0] : "",
           "/nonexistent/dir/x.csv: error: cannot read: No such file or directory",
           "missing file: message");
    is_int(d.status, EX_NOINPUT_, "missing file: status 66");
    diag_release(&d);
}

static void utf8_cases(void)
{
    size_t bad = 99;
    ok(utf8_valid("ñ€😀 plain", strlen("ñ€😀 plain"), &bad), "valid 2-, 3- and 4-byte sequences");
    ok(!utf8_valid("ab\xC0\xAF", 4, &bad) && bad == 2, "overlong '/' refused at its lead byte");
    ok(!utf8_valid("\xED\xA0\x80", 3, &bad) && bad == 0, "UTF-16 surrogate refused");
    ok(!utf8_valid("x\xF4\x90\x80\x80", 5, &bad) && bad == 1, "above U+10FFFF refused");
    ok(!utf8_valid("ok\xE2\x82", 4, &bad) && bad == 2, "truncated sequence at the end refused");
    ok(!utf8_valid("\x80", 1, &bad) && bad == 0, "lone continuation byte refused");
    char *f = utf8_fold("Educación ÑANDÚ Über-Ça");
    is_str(f, "educacion nandu uber-ca", "utf8_fold: case and accents");
    free(f);
}

static void number_cases(void)
{
    static const struct {
        const char *s;
        int dc;
        int rc;
        double want;
    } t[] = {
        {"1234.5", 0, 0, 1234.5},   {"1234,5", 1, 0, 1234.5},  {"1.234,5", 1, 0, 1234.5},
        {"1,234.5", 0, 0, 1234.5},  {"1,234,567", 0, 0, 1234567}, {"1.234", 1, 0, 1234},
        {"  42 ", 0, 0, 42},        {"+3", 0, 0, 3},           {"-2.5", 0, 0, -2.5},
        {".5", 0, 0, 0.5},          {"5.", 0, 0, 5},           {"1e-3", 0, 0, 0.001},
        {"2,5E2", 1, 0, 250},       {"0", 0, 0, 0},            {"1,5", 0, -1, 0},
        {"1.5", 1, -1, 0},          {"1234,5", 0, -1, 0},      {"1,23,456", 0, -1, 0},
        {"1234,567", 0, -1, 0},     {"1,2345", 0, -1, 0},      {"NaN", 0, -1, 0},
        {"nan", 0, -1, 0},          {"inf", 0, -1, 0},         {"-Infinity", 0, -1, 0},
        {"1e400", 0, -1, 0},        {"-1e400", 0, -1, 0},      {"12abc", 0, -1, 0},
        {"0x1A", 0, -1, 0},         {"", 0, -1, 0},            {"   ", 0, -1, 0},
        {"-", 0, -1, 0},            {"1e", 0, -1, 0},          {"1 234", 0, -1, 0},
        {"=1+1", 0, -1, 0},         {"45%", 0, -1, 0},         {"1..2", 0, -1, 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
        double x = -999;
        int rc = csv_parse_number(t[i].s, t[i].dc, &x);
        if (t[i].rc == 0)
            ok(rc == 0 && x == t[i].want, "csv_parse_number(\"%s\", %d) = %g (got rc %d, %g)",
               t[i].s, t[i].dc, t[i].want, rc, x);
        else
            ok(rc == -1 && x == -999, "csv_parse_number(\"%s\", %d) refused", t[i].s, t[i].dc);
    }
    double z = 1;
    ok(csv_parse_number("-0", 0, &z) == 0 && z == 0 && !signbit(z), "\"-0\" gives +0");
    ok(csv_parse_number("-0,0", 1, &z) == 0 && z == 0 && !signbit(z), "\"-0,0\" gives +0");
}

int main(int argc, char **argv)
{
    if (argc > 1)
        datadir = argv[1];
    reader_cases();
    file_cases();
    utf8_cases();
    number_cases();
    return tap_done();
}
