/*
 * test_registry.c — surveys/instituciones.csv: columns, codes safe as file
 * names, duplicates (also by case), weights, order.
 *
 * Usage: test_registry DATADIR (tests/ingest/data).
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "registry.h"
#include "strbuf.h"
#include "tap.h"
#include "xalloc.h"

static const char *datadir = ".";

/* All kept messages joined by newlines.  Caller frees. */
static char *messages(const struct diag *d)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < d->n_kept; i++)
        strbuf_addf(&sb, "%s%s", i ? "\n" : "", d->msgs[i]);
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb); /* detach re-initialised it */
    return out;
}

static struct registry *load(const char *file, const struct config *cfg, struct diag *d)
{
    char *p = xasprintf("%s/%s", datadir, file);
    struct csv_options opt = {.name = file};
    struct registry *r = registry_load(p, cfg, &opt, d);
    free(p);
    return r;
}

static void default_columns(void)
{
    struct diag d;
    diag_init(&d);
    struct registry *r = load("instituciones.csv", NULL, &d);
    ok(r != NULL, "instituciones.csv loads");
    is_int(d.n_errors, 0, "no errors");
    if (!r)
        return;
    is_int(r->n, 3, "three institutions");
    is_str(r->items[0].code, "MINEDUC", "sorted by strcmp: MINEDUC first");
    is_str(r->items[1].code, "MINFIN", "then MINFIN");
    is_str(r->items[2].code, "SEGEPLAN", "then SEGEPLAN (file order was SEGEPLAN, MINFIN, MINEDUC)");
    is_str(r->items[0].name[LANG_ES], "Ministerio de Educación", "name_es kept as UTF-8");
    is_str(r->items[0].name[LANG_EN], "Ministry of Education", "name_en");
    is_str(r->items[2].group, "Secretaría", "group");
    is_num(r->items[0].weight, 1, 0, "empty weight = 1");
    is_num(r->items[2].weight, 0.5, 0, "weight 0.5");
    is_int(registry_find(r, "MINFIN"), 1, "registry_find MINFIN");
    is_int(registry_find(r, "SEGEPLAN"), 2, "registry_find SEGEPLAN");
    is_int(registry_find(r, "minfin"), -1, "registry_find is exact (case)");
    is_int(registry_find(r, "SAT"), -1, "registry_find absent");
    ok(strstr(r->path, "instituciones.csv") != NULL, "path kept");
    registry_free(r);
    registry_free(NULL);
    diag_release(&d);
}

static void custom_columns(void)
{
    struct diag d;
    diag_init(&d);
    struct config cfg = {0};
    cfg.reg_code = "codigo";
    cfg.reg_name_es = "nombre";
    cfg.reg_group = "tipo";
    cfg.reg_weight = "peso";
    struct registry *r = load("registry_custom.csv", &cfg, &d);
    ok(r != NULL, "columns renamed in [registry], ';' file, extra column ignored");
    is_int(d.n_errors, 0, "no errors");
    if (!r)
        return;
    is_int(r->n, 2, "two institutions");
    is_str(r->items[0].code, "MINFIN", "MINFIN");
    is_num(r->items[0].weight, 0.5, 0, "weight \"0,5\": decimal comma in a ';' file");
    is_str(r->items[0].name[LANG_EN], NULL, "no name_en column: NULL");
    is_str(r->items[1].code, "SAT", "SAT");
    is_str(r->items[1].group, NULL, "empty group: NULL");
    is_num(r->items[1].weight, 2, 0, "weight 2");
    registry_free(r);
    diag_release(&d);
}

/* group_en names the group in the English reports; empty = the group. */
static void group_in_english(void)
{
    struct diag d;
    diag_init(&d);
    struct registry *r = load("registry_group_en.csv", NULL, &d);
    ok(r != NULL && d.n_errors == 0, "group_en column loads");
    if (!r)
        return;
    is_str(r->items[0].group_en, "Ministry", "group_en read");
    is_str(GROUP_NAME(&r->items[0], LANG_EN), "Ministry", "GROUP_NAME in English: group_en");
    is_str(GROUP_NAME(&r->items[0], LANG_ES), "Ministerio", "GROUP_NAME in Spanish: group");
    is_str(r->items[1].group_en, NULL, "empty group_en: NULL");
    is_str(GROUP_NAME(&r->items[1], LANG_EN), "Entidad descentralizada",
           "GROUP_NAME in English without group_en: the group as written");
    registry_free(r);
    struct config cfg = {0};
    cfg.reg_group_en = "grupo_en";
    r = load("registry_group_en.csv", &cfg, &d);
    ok(r != NULL && r->items[0].group_en == NULL,
       "[registry] group_en = grupo_en: the file's group_en is then an extra column");
    registry_free(r);
    diag_release(&d);
}

static void bad_registry(void)
{
    struct diag d;
    diag_init(&d);
    struct registry *r = load("registry_bad.csv", NULL, &d);
    ok(r == NULL, "registry_bad.csv refused");
    is_int(d.status, EX_DATAERR_, "status 65");
    is_int(d.n_errors, 10, "ten problems, all reported");
    char *got = messages(&d);
    is_str(got,
           "registry_bad.csv:3:1: error: institution code \"MIN/FIN\" cannot be used (it contains "
           "\"/\"; codes become file names: expected 1 to 32 letters, digits, _ or -)\n"
           "registry_bad.csv:4:1: error: institution code \"..\" cannot be used (it contains "
           "\".\"; codes become file names: expected 1 to 32 letters, digits, _ or -)\n"
           "registry_bad.csv:5:1: error: institution code \"MIN FIN\" cannot be used (it contains "
           "a space; codes become file names: expected 1 to 32 letters, digits, _ or -)\n"
           "registry_bad.csv:6:1: error: duplicate institution code \"MINFIN\" (first at line 2)\n"
           "registry_bad.csv:7:1: error: institution code \"minfin\" differs only in case from "
           "\"MINFIN\" at line 2 (codes become file names, which may ignore case)\n"
           "registry_bad.csv:8:1: error: institution code \"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456\" "
           "cannot be used (it has 33 characters; codes become file names: expected 1 to 32 "
           "letters, digits, _ or -)\n"
           "registry_bad.csv:9:5: error: institution SAT has no name_es\n"
           "registry_bad.csv:10:32: error: weight \"0\" of SIB is not a valid weight (expected a "
           "number > 0 and at most 1e12)\n"
           "registry_bad.csv:11:14: error: weight \"uno\" of SIE is not a valid weight (expected a "
           "number > 0 and at most 1e12)\n"
           "registry_bad.csv:12: error: expected 3 fields, found 2",
           "registry_bad.csv: every message, in file order");
    free(got);
    diag_release(&d);

    r = load("registry_nocode.csv", NULL, &d);
    ok(r == NULL, "no code column: refused");
    is_str(d.n_kept ? d.msgs[0] : "",
           "registry_nocode.csv:1: error: no column \"code\" in the header (the institution code; "
           "[registry] code = names it)",
           "no code column: message");
    diag_release(&d);

    r = load("empty.csv", NULL, &d);
    ok(r == NULL, "empty file: refused");
    is_str(d.n_kept ? d.msgs[0] : "",
           "empty.csv: error: the file is empty (expected a header line: "
           "code,name_es,name_en,group,weight)",
           "empty file: message");
    diag_release(&d);

    r = registry_load("/nonexistent/instituciones.csv", NULL, NULL, &d);
    ok(r == NULL && d.status == EX_NOINPUT_, "missing file: NULL, status 66");
    diag_release(&d);
}

static void safe_codes(void)
{
    static const struct {
        const char *code;
        int safe;
    } t[] = {
        {"MINFIN", 1},  {"min-fin_2", 1}, {"A", 1},        {"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", 1},
        {"", 0}, {"..", 0},        {"a/b", 0},      {"a b", 0},
        {"MINEDUCACIÓN", 0}, {"a\\b", 0}, {"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", 0}, {".hidden", 0},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        is_int(code_is_safe(t[i].code), t[i].safe, t[i].code);
    is_int(code_is_safe(NULL), 0, "NULL is not safe");
}

int main(int argc, char **argv)
{
    if (argc > 1)
        datadir = argv[1];
    default_columns();
    group_in_english();
    custom_columns();
    bad_registry();
    safe_codes();
    return tap_done();
}
