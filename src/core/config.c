/*
 * config.c — indigo.ini -> struct config (format in config.h and README).
 */
#include "config.h"
#include "survey_columns.h"
#include "licence.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "csv.h"
#include "fileio.h"
#include "i18n.h"
#include "ini.h"
#include "xalloc.h"

/* dir/rel unless rel is absolute. */
static char *resolve(const char *dir, const char *rel)
{
    if (!rel)
        return NULL;
    if (rel[0] == '/' || strcmp(dir, ".") == 0)
        return xstrdup(rel);
    return xasprintf("%s/%s", dir, rel);
}

static const struct {
    const char *name;
    enum survey_shape shape;
} shapes[] = {
    {"kobo", SHAPE_KOBO},   {"odk", SHAPE_KOBO},     {"limesurvey", SHAPE_LIMESURVEY},
    {"gforms", SHAPE_GFORMS}, {"google_forms", SHAPE_GFORMS}, {"long", SHAPE_LONG},
    {"admin", SHAPE_ADMIN}, {"wide", SHAPE_WIDE},
};

static int parse_shape(const char *s)
{
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        if (strcasecmp(s, shapes[i].name) == 0)
            return (int)shapes[i].shape;
    return -1;
}

const char *survey_shape_name(enum survey_shape s)
{
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        if (shapes[i].shape == s)
            return shapes[i].name;
    return "?";
}

/* ------------------------------------------------------------------------ */
/* The schema of indigo.ini: every section and key it may hold               */
/* ------------------------------------------------------------------------ */

#define YEAR_KEY(name) {name, INI_INT, 1900, 9999, 0, INI_EXPECT("a year such as 2026")}

static const struct ini_key_spec round_keys[] = {
    YEAR_KEY("year"), {"demo", INI_BOOL, 0, 0, 0, NULL},
    {"compare_with", INI_INT, 1900, 9999, 0, INI_EXPECT("the year of an earlier round, such as 2025")},
    {"title_es", INI_TEXT, 0, 0, 0, NULL}, {"title_en", INI_TEXT, 0, 0, 0, NULL}, {NULL, 0, 0, 0, 0, NULL}};
static const struct ini_key_spec paths_keys[] = {
    {"database", INI_TEXT, 0, 0, 0, NULL}, {"output", INI_TEXT, 0, 0, 0, NULL},
    {"institutions", INI_TEXT, 0, 0, 0, NULL}, {"base", INI_TEXT, 0, 0, 0, NULL}, {NULL, 0, 0, 0, 0, NULL}};
static const struct ini_key_spec registry_keys[] = {
    {"code", INI_TEXT, 0, 0, 0, NULL}, {"name_es", INI_TEXT, 0, 0, 0, NULL},
    {"name_en", INI_TEXT, 0, 0, 0, NULL}, {"group", INI_TEXT, 0, 0, 0, NULL},
    {"weight", INI_TEXT, 0, 0, 0, NULL}, {"group_en", INI_TEXT, 0, 0, 0, NULL},
    {"ranked", INI_TEXT, 0, 0, 0, NULL}, {"encoding", INI_TEXT, 0, 0, 0, NULL}, {NULL, 0, 0, 0, 0, NULL}};
static const struct ini_key_spec frameworks_keys[] = {{"list", INI_LIST, 0, 0, 0, NULL}, {NULL, 0, 0, 0, 0, NULL}};
static const struct ini_key_spec output_keys[] = {
    {"language", INI_TEXT, 0, 0, 0, NULL}, {"languages", INI_LIST, 0, 0, 0, NULL},
    {"licence", INI_TEXT, 0, 0, 0, NULL}, {NULL, 0, 0, 0, 0, NULL}};
static const struct ini_key_spec uncertainty_keys[] = {
    {"runs", INI_INT, 0, 10000000, 0, NULL},
    {"seed", INI_UINT64, 0, 0, 0, NULL},
    {"weight_noise", INI_REAL, 0, 1, INI_MAX_OPEN, INI_EXPECT("a fraction in [0, 1)")},
    {"threads", INI_INT, 0, 256, 0, INI_EXPECT("a whole number from 0 (one per core) to 256")},
    {NULL, 0, 0, 0, 0, NULL}};
/* [survey.NAME]: one input file.  New settings of a survey go here. */
static const struct ini_key_spec survey_keys[] = {
    {"file", INI_TEXT, 0, 0, 0, NULL}, {"framework", INI_TEXT, 0, 0, 0, NULL}, YEAR_KEY("year"),
    {"shape", INI_TEXT, 0, 0, 0, NULL}, {"encoding", INI_TEXT, 0, 0, 0, NULL},
    {"separator", INI_TEXT, 0, 0, 0, NULL}, {"decimal", INI_TEXT, 0, 0, 0, NULL},
    {"mapping", INI_TEXT, 0, 0, 0, NULL}, {"institution_column", INI_TEXT, 0, 0, 0, NULL},
    {"respondent_column", INI_TEXT, 0, 0, 0, NULL}, {"official_column", INI_TEXT, 0, 0, 0, NULL},
    {"ignore_columns", INI_LIST, 0, 0, 0, NULL}, {"allow_empty", INI_BOOL, 0, 0, 0, NULL},
    /* real exports (issue 18): read by load_survey_rules() */
    {"ignore_columns_file", INI_TEXT, 0, 0, 0, NULL}, {"other_columns", INI_TEXT, 0, 0, 0, NULL},
    {"missing_codes", INI_LIST, 0, 0, 0, NULL}, {"institution", INI_TEXT, 0, 0, 0, NULL},
    {"sheet", INI_TEXT, 0, 0, 0, NULL}, {"empty_institution", INI_TEXT, 0, 0, 0, NULL},
    /* a table's own headers and a panel's year (survey_columns.h) */
    {"columns", INI_LIST, 0, 0, 0, NULL}, {"other_years", INI_TEXT, 0, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, NULL}};
/* [publisher]: who publishes and what the units are called (publisher.h). */
static const struct ini_key_spec publisher_keys[] = {
    {"name_es", INI_TEXT, 0, 0, 0, NULL}, {"name_en", INI_TEXT, 0, 0, 0, NULL},
    {"country_es", INI_TEXT, 0, 0, 0, NULL}, {"country_en", INI_TEXT, 0, 0, 0, NULL},
    {"logo", INI_TEXT, 0, 0, 0, NULL},
    {"unit_es", INI_TEXT, 0, 0, 0, NULL}, {"units_es", INI_TEXT, 0, 0, 0, NULL},
    {"unit_en", INI_TEXT, 0, 0, 0, NULL}, {"units_en", INI_TEXT, 0, 0, 0, NULL},
    {"gender_es", INI_TEXT, 0, 0, 0, NULL},
    {"decimals", INI_INT, 0, 6, 0,
     INI_EXPECT("a whole number from 0 to 6, or no key for the decimals of each framework's "
                "scale")},
    {NULL, 0, 0, 0, 0, NULL}};

static const struct ini_key_spec framework_dir_key = {"NAME", INI_TEXT, 0, 0, 0, NULL};

/* [frameworks] (or [frameworks.YEAR]) NAME = directory, for each NAME of
   the section's list. */
static int framework_names(const struct ini *ini, const char *section, char ***names)
{
    int n = ini_split_list(ini_get(ini, section, "list"), names);
    for (int i = 0; i < n; i++)
        for (char *p = (*names)[i]; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    return n;
}

static const struct ini_key_spec *framework_dir(const struct ini *ini, const char *section,
                                                const char *key)
{
    char **names;
    int n = framework_names(ini, section, &names), found = 0;
    for (int i = 0; i < n; i++) {
        found |= strcmp(names[i], key) == 0;
        free(names[i]);
    }
    free(names);
    return found ? &framework_dir_key : NULL;
}

static const struct ini_section_spec config_schema[] = {
    {"round", round_keys, NULL, NULL, NULL},
    {"paths", paths_keys, NULL, NULL, NULL},
    {"registry", registry_keys, NULL, NULL, NULL},
    {"frameworks", frameworks_keys, framework_dir, framework_names, INI_EXPECT("NAME (a framework of list)")},
    /* a round's own frameworks (docs/rondas.md); the YEAR is checked by
       load_round_settings() */
    {"frameworks.<YEAR>", frameworks_keys, framework_dir, framework_names, INI_EXPECT("NAME (a framework of list)")},
    {"output", output_keys, NULL, NULL, NULL},
    {"publisher", publisher_keys, NULL, NULL, NULL},
    {"uncertainty", uncertainty_keys, NULL, NULL, NULL},
    {"survey.<NAME>", survey_keys, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ------------------------------------------------------------------------ */
/* Reading it                                                                */
/* ------------------------------------------------------------------------ */

/* A required string key; records an error when absent or empty. */
static const char *need(const struct ini *ini, const char *sec, const char *key, struct diag *d)
{
    const char *v = ini_get(ini, sec, key);
    if (!v || !*v) {
        int line = ini_line(ini, sec, key);
        if (!line)
            line = ini_line(ini, sec, NULL);
        diag_error(d, EX_DATAERR_, ini_path(ini), line, 0, "[%s] needs %s = ...", sec, key);
        return NULL;
    }
    return v;
}

static char *opt_dup(const struct ini *ini, const char *sec, const char *key)
{
    const char *v = ini_get(ini, sec, key);
    return v && *v ? xstrdup(v) : NULL;
}

/* ======================================================================== */
/* [survey.ID] — the settings added for real exports (issue 18); the
   section's keys are checked against survey_keys[] above (ini_validate). */
/* ======================================================================== */

/* ignore_columns_file: one header or pattern per line ('#' starts a comment),
   for lists too long for one INI line (iniparser stops at 1022 bytes). */
static void read_ignore_file(struct survey_source *s, const char *path, const char *cfg,
                             int cfg_line, struct diag *d)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        diag_error(d, EX_NOINPUT_, cfg, cfg_line, 0,
                   "ignore_columns_file: cannot open %s (expected a text file, one column name "
                   "or pattern per line)",
                   path);
        return;
    }
    char buf[4096];
    long line = 0;
    while (fgets(buf, sizeof buf, fp)) {
        line++;
        size_t n = strlen(buf);
        if (n == sizeof buf - 1 && buf[n - 1] != '\n') {
            diag_error(d, EX_DATAERR_, path, line, 0, "line too long (at most %zu bytes)",
                       sizeof buf - 2);
            break;
        }
        if (line == 1 && n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
            memmove(buf, buf + 3, (n -= 3) + 1);
        char *b = buf;
        while (*b == ' ' || *b == '\t')
            b++;
        char *e = b + strlen(b);
        while (e > b && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (!*b || *b == '#')
            continue;
        s->ignore_columns =
            xrealloc(s->ignore_columns, (size_t)(s->n_ignore_columns + 1) * sizeof(char *));
        s->ignore_columns[s->n_ignore_columns++] = xstrdup(b);
    }
    fclose(fp);
}

/* The keys added for real exports (issue 18). */
static void load_survey_rules(struct config *c, const struct ini *ini, const char *sec,
                              struct survey_source *s, struct diag *d)
{
    const char *path = ini_path(ini);
    const char *f = ini_get(ini, sec, "ignore_columns_file");
    if (f && *f) {
        char *p = resolve(c->dir, f);
        read_ignore_file(s, p, path, ini_line(ini, sec, "ignore_columns_file"), d);
        free(p);
    }
    const char *oc = ini_get(ini, sec, "other_columns");
    s->other_columns = OTHER_WARN;
    if (oc && *oc) {
        if (strcasecmp(oc, "warn") == 0)
            s->other_columns = OTHER_WARN;
        else if (strcasecmp(oc, "ignore") == 0)
            s->other_columns = OTHER_IGNORE;
        else if (strcasecmp(oc, "error") == 0)
            s->other_columns = OTHER_ERROR;
        else
            diag_error(d, EX_DATAERR_, path, ini_line(ini, sec, "other_columns"), 0,
                       "[%s] other_columns = \"%s\" (expected ignore, warn or error)", sec, oc);
    }
    const char *mc = ini_get(ini, sec, "missing_codes");
    if (mc) {
        s->missing_codes_set = 1;
        s->n_missing_codes = ini_split_list(mc, &s->missing_codes);
    }
    s->institution = opt_dup(ini, sec, "institution");
    if (s->institution && s->institution_column)
        diag_error(d, EX_DATAERR_, path, ini_line(ini, sec, "institution"), 0,
                   "[%s] has both institution = %s and institution_column = %s (expected one: "
                   "institution for a file of one institution, institution_column otherwise)",
                   sec, s->institution, s->institution_column);
    s->sheet = opt_dup(ini, sec, "sheet");
    const char *columns = ini_get(ini, sec, "columns");
    if (columns && *columns && s->shape != SHAPE_LONG && s->shape != SHAPE_ADMIN)
        diag_error(d, EX_DATAERR_, path, ini_line(ini, sec, "columns"), 0,
                   "[%s] columns applies to shape = long or admin (expected institution_column, "
                   "respondent_column or a mapping file for shape = %s)",
                   sec, survey_shape_name(s->shape));
    else
        survey_load_columns(s, ini, sec, d);
    const char *ei = ini_get(ini, sec, "empty_institution");
    if (ei && *ei) {
        if (strcasecmp(ei, "error") == 0)
            s->empty_institution_error = 1;
        else if (strcasecmp(ei, "skip") != 0)
            diag_error(d, EX_DATAERR_, path, ini_line(ini, sec, "empty_institution"), 0,
                       "[%s] empty_institution = \"%s\" (expected skip or error)", sec, ei);
    }
}

/* An encoding setting: known to iconv, or an error at its line. */
static char *encoding_of(const struct ini *ini, const char *sec, struct diag *d)
{
    char *enc = opt_dup(ini, sec, "encoding");
    if (enc && !csv_encoding_known(enc)) {
        diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, "encoding"), 0,
                   "[%s] encoding = \"%s\" is not an encoding iconv knows (expected e.g. "
                   "windows-1252, ISO-8859-1, UTF-16 or UTF-32)",
                   sec, enc);
        free(enc);
        enc = NULL;
    }
    return enc;
}

/* The byte column (from 1) where item starts after the "=" of line of the
   config file, or 0: for messages about one code of a list. */
int config_value_column(const struct config *c, int line, const char *item)
{
    size_t n = 0;
    char *text = line > 0 ? read_file(c->path, &n) : NULL;
    if (!text)
        return 0;
    char *p = text;
    for (int l = 1; l < line && p; l++)
        if ((p = strchr(p, '\n')))
            p++;
    int col = 0;
    char *eq = p ? strchr(p, '=') : NULL, *nl = p ? strchr(p, '\n') : NULL;
    size_t k = strlen(item);
    for (char *q = eq; q && *q && (!nl || q < nl) && !col; q++)
        if (strncmp(q, item, k) == 0 && (q[-1] == ' ' || q[-1] == ',' || q[-1] == '=') &&
            (q[k] == ',' || q[k] == ' ' || q[k] == '\t' || q[k] == '\r' || q[k] == '\n' ||
             q[k] == ';' || !q[k]))
            col = (int)(q - p) + 1;
    free(text);
    return col;
}

/* framework = A, B: each code once. */
static void check_framework_list(const struct config *c, const char *sec,
                                 const struct survey_source *s, struct diag *d)
{
    for (int i = 0; i < s->n_fw_list; i++)
        for (int j = 0; j < i; j++)
            if (strcasecmp(s->fw_list[i], s->fw_list[j]) == 0) {
                diag_error(d, EX_DATAERR_, c->path, s->fw_line,
                           config_value_column(c, s->fw_line, s->fw_list[i]),
                           "[%s] framework lists %s twice (expected each framework once: the "
                           "file's answers would count twice)",
                           sec, s->fw_list[i]);
                return;
            }
}

static void load_survey(struct config *c, const struct ini *ini, const char *sec, struct diag *d)
{
    c->surveys = xrealloc(c->surveys, (size_t)(c->n_surveys + 1) * sizeof *c->surveys);
    struct survey_source *s = &c->surveys[c->n_surveys++];
    memset(s, 0, sizeof *s);
    s->id = xstrdup(sec + strlen("survey."));
    s->named_in = xasprintf("[%s] of %s", sec, c->path);
    s->line = ini_line(ini, sec, NULL);
    const char *file = need(ini, sec, "file", d);
    if (file) {
        s->display = xstrdup(file);
        s->path = resolve(c->dir, file);
    }
    const char *fw = need(ini, sec, "framework", d);
    s->fw_line = ini_line(ini, sec, "framework");
    s->n_fw_list = fw ? ini_split_list(fw, &s->fw_list) : 0;
    s->framework = s->n_fw_list ? xstrdup(s->fw_list[0]) : fw ? xstrdup(fw) : NULL;
    check_framework_list(c, sec, s, d);
    s->year = (int)ini_int(ini, sec, "year", c->year);
    const char *shape = need(ini, sec, "shape", d);
    if (shape) {
        int sh = parse_shape(shape);
        if (sh < 0)
            diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, "shape"), 0,
                       "[%s] unknown shape \"%s\" (expected kobo, odk, limesurvey, gforms, long, "
                       "admin or wide)",
                       sec, shape);
        else
            s->shape = (enum survey_shape)sh;
        s->odk = strcasecmp(shape, "odk") == 0;
    }
    s->encoding = encoding_of(ini, sec, d);
    const char *sep = ini_get(ini, sec, "separator");
    if (sep && *sep && strcasecmp(sep, "auto") != 0) {
        if (strcmp(sep, ",") == 0 || strcasecmp(sep, "comma") == 0)
            s->sep = ',';
        else if (strcmp(sep, ";") == 0 || strcasecmp(sep, "semicolon") == 0)
            s->sep = ';';
        else if (strcasecmp(sep, "tab") == 0 || strcmp(sep, "\\t") == 0)
            s->sep = '\t';
        else
            diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, "separator"), 0,
                       "[%s] separator = \"%s\" (expected , ; tab or auto)", sec, sep);
    }
    const char *dec = ini_get(ini, sec, "decimal");
    if (dec && *dec) {
        if (strcmp(dec, ",") == 0 || strcasecmp(dec, "comma") == 0 || strcasecmp(dec, "coma") == 0)
            s->decimal_comma = 1;
        else if (strcmp(dec, ".") != 0 && strcasecmp(dec, "point") != 0 &&
                 strcasecmp(dec, "punto") != 0)
            diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, "decimal"), 0,
                       "[%s] decimal = \"%s\" (expected . or ,)", sec, dec);
    }
    const char *map = ini_get(ini, sec, "mapping");
    s->mapping = map && *map ? resolve(c->dir, map) : NULL;
    s->mapping_display = map && *map ? xstrdup(map) : NULL;
    s->institution_column = opt_dup(ini, sec, "institution_column");
    s->respondent_column = opt_dup(ini, sec, "respondent_column");
    s->official_column = opt_dup(ini, sec, "official_column");
    s->n_ignore_columns = ini_split_list(ini_get(ini, sec, "ignore_columns"), &s->ignore_columns);
    load_survey_rules(c, ini, sec, s, d);
    s->allow_empty = ini_bool(ini, sec, "allow_empty", 0);
}

/* The frameworks of a [frameworks] or [frameworks.YEAR] section: list =
   igd, itic, ida and NAME = directory (default NAME).  Returns the count. */
static int read_framework_list(const struct config *c, const struct ini *ini, const char *sec,
                               char ***names_out, char ***dirs_out, struct diag *d)
{
    const char *list = need(ini, sec, "list", d);
    char **names = NULL;
    int n = ini_split_list(list, &names);
    char **dirs = xcalloc((size_t)(n ? n : 1), sizeof(char *));
    for (int i = 0; i < n; i++) {
        char *key = xstrdup(names[i]);
        for (char *p = key; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        const char *dir = ini_get(ini, sec, key);
        dirs[i] = resolve(c->dir, dir && *dir ? dir : key);
        free(key);
    }
    if (list && n == 0)
        diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, "list"), 0,
                   "[%s] list is empty (expected e.g. list = igd, itic, ida)", sec);
    *names_out = names;
    *dirs_out = dirs;
    return n;
}

/* ======================================================================== */
/* Rounds (docs/rondas.md): the settings that make a round a versioned unit. */
/*   [round] compare_with = YEAR    the round comparisons are made with      */
/*   [frameworks.YEAR]              that round's own frameworks (list, NAME)  */
/* Every indigo.ini key about rounds is read here and nowhere else.          */
/* ======================================================================== */

/* 1 if sec is "frameworks.YEAR" (YEAR = 4 digits), with the year. */
static int round_frameworks_section(const char *sec, int *year)
{
    if (strncmp(sec, "frameworks.", 11) != 0)
        return 0;
    const char *y = sec + 11;
    if (strlen(y) != 4 || strspn(y, "0123456789") != 4)
        return 0;
    *year = atoi(y);
    return 1;
}

static void load_round_settings(struct config *c, const struct ini *ini, struct diag *d)
{
    /* the range and type are ini_validate's (round_keys); the order here */
    long cmp = ini_int(ini, "round", "compare_with", 0);
    if (cmp && cmp >= c->year)
        diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, "round", "compare_with"), 0,
                   "[round] compare_with = %ld (expected a round before [round] year = %d)", cmp,
                   c->year);
    c->compare_with = (int)cmp;
    for (int i = 0; i < ini_nsections(ini); i++) {
        const char *sec = ini_section(ini, i);
        int year;
        if (strncmp(sec, "frameworks.", 11) != 0)
            continue;
        if (!round_frameworks_section(sec, &year)) {
            diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, NULL), 0,
                       "section [%s]: expected [frameworks.YEAR], e.g. [frameworks.2027]", sec);
            continue;
        }
        c->round_fw = xrealloc(c->round_fw, (size_t)(c->n_round_fw + 1) * sizeof *c->round_fw);
        struct round_frameworks *r = &c->round_fw[c->n_round_fw++];
        memset(r, 0, sizeof *r);
        r->year = year;
        r->line = ini_line(ini, sec, NULL);
        r->n = read_framework_list(c, ini, sec, &r->names, &r->dirs, d);
    }
}

int config_frameworks_for(const struct config *c, int year, char ***names, char ***dirs)
{
    for (int i = 0; i < c->n_round_fw; i++)
        if (c->round_fw[i].year == year) {
            *names = c->round_fw[i].names;
            *dirs = c->round_fw[i].dirs;
            return c->round_fw[i].n;
        }
    *names = c->fw_names;
    *dirs = c->fw_dirs;
    return c->n_frameworks;
}

static void load_paths(struct config *c, const struct ini *ini, struct diag *d)
{
    const char *db = need(ini, "paths", "database", d);
    c->database = db ? resolve(c->dir, db) : NULL;
    const char *out = ini_get(ini, "paths", "output");
    c->output = resolve(c->dir, out && *out ? out : "reports");
    const char *reg = need(ini, "paths", "institutions", d);
    c->institutions = reg ? resolve(c->dir, reg) : NULL;
    c->institutions_display = reg ? xstrdup(reg) : NULL;
    c->reg_code = opt_dup(ini, "registry", "code");
    c->reg_name_es = opt_dup(ini, "registry", "name_es");
    c->reg_name_en = opt_dup(ini, "registry", "name_en");
    c->reg_group = opt_dup(ini, "registry", "group");
    c->reg_group_en = opt_dup(ini, "registry", "group_en");
    c->reg_ranked = opt_dup(ini, "registry", "ranked");
    c->reg_weight = opt_dup(ini, "registry", "weight");
    c->reg_encoding = encoding_of(ini, "registry", d);
}

static void load_frameworks(struct config *c, const struct ini *ini, struct diag *d)
{
    c->n_frameworks = read_framework_list(c, ini, "frameworks", &c->fw_names, &c->fw_dirs, d);
    load_round_settings(c, ini, d);
}

static void load_output(struct config *c, const struct ini *ini, struct diag *d)
{
    const char *path = ini_path(ini);
    c->lang = LANG_ES;
    const char *lang = ini_get(ini, "output", "language");
    if (lang && *lang) {
        int l = lang_parse(lang);
        if (l < 0)
            diag_error(d, EX_DATAERR_, path, ini_line(ini, "output", "language"), 0,
                       "[output] language = \"%s\" (expected es or en)", lang);
        else
            c->lang = (enum lang)l;
    }
    char **langs = NULL;
    int nl = ini_split_list(ini_get(ini, "output", "languages"), &langs);
    if (nl == 0)
        c->languages[c->lang] = 1;
    for (int i = 0; i < nl; i++) {
        int l = lang_parse(langs[i]);
        if (l < 0)
            diag_error(d, EX_DATAERR_, path, ini_line(ini, "output", "languages"), 0,
                       "[output] languages: \"%s\" (expected es and/or en)", langs[i]);
        else
            c->languages[l] = 1;
        free(langs[i]);
    }
    free(langs);

    c->licence = licence_default();
    const char *lic = ini_get(ini, "output", "licence");
    if (lic && *lic) {
        c->licence = licence_find(lic);
        if (!c->licence) {
            diag_error(d, EX_DATAERR_, path, ini_line(ini, "output", "licence"), 0,
                       "[output] licence = \"%s\" (expected %s)", lic, licence_ids());
            c->licence = licence_default();
        }
    }
}

/* [survey.ID]: one survey_source per framework its framework key lists
   (the later ones read again, their messages already given by the first). */
static void load_surveys(struct config *c, const struct ini *ini, const char *sec, struct diag *d)
{
    load_survey(c, ini, sec, d);
    int first = c->n_surveys - 1, n = c->surveys[first].n_fw_list;
    for (int k = 1; k < n; k++) {
        struct diag quiet;
        diag_init(&quiet);
        load_survey(c, ini, sec, &quiet);
        diag_release(&quiet);
        struct survey_source *s = &c->surveys[c->n_surveys - 1];
        free(s->framework);
        s->framework = xstrdup(s->fw_list[k]);
        s->fw_index = k;
    }
}

/* Two sections may not name the same file for the same year and framework
   (one export may feed several frameworks).  (The same
   file under two names is found when the files are opened: input.h.) */
static void check_survey_paths(const struct config *c, struct diag *d)
{
    for (int i = 0; i < c->n_surveys; i++)
        for (int j = 0; j < i; j++)
            if (c->surveys[i].path && c->surveys[j].path &&
                strcmp(c->surveys[i].path, c->surveys[j].path) == 0 &&
                c->surveys[i].year == c->surveys[j].year && c->surveys[i].framework &&
                c->surveys[j].framework &&
                strcasecmp(c->surveys[i].framework, c->surveys[j].framework) == 0)
                diag_error(d, EX_DATAERR_, c->path, c->surveys[i].line, 0,
                           "[survey.%s] reads %s, already read by [survey.%s]", c->surveys[i].id,
                           c->surveys[i].display, c->surveys[j].id);
}

struct config *config_load(const char *path, struct diag *d)
{
    struct ini *ini = ini_load(path, d);
    if (!ini)
        return NULL;
    struct config *c = xcalloc(1, sizeof *c);
    long nerr0 = d->n_errors;
    ini_validate(ini, config_schema, d);
    c->path = xstrdup(path);
    memcpy(c->sha256, ini_sha256(ini), sizeof c->sha256);
    /* relative paths are relative to the config's directory -- or, for a
       config given as a descriptor rather than a place (a pipe, -c
       /dev/stdin, /dev/fd/N), to the current directory */
    struct stat sb;
    int descriptor = (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) ||
                     strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
    char *tmp = xstrdup(path);
    c->dir = xstrdup(descriptor ? "." : dirname(tmp));
    free(tmp);
    /* [paths] base: resolve relative paths against it instead of the
       config's own directory (lets a copied config read the original files) */
    const char *base = ini_get(ini, "paths", "base");
    if (base && *base) {
        char *b = resolve(c->dir, base);
        free(c->dir);
        c->dir = b;
    }

    need(ini, "round", "year", d);
    c->year = (int)ini_int(ini, "round", "year", 0);
    c->demo = ini_bool(ini, "round", "demo", 0);
    c->title[LANG_ES] = opt_dup(ini, "round", "title_es");
    c->title[LANG_EN] = opt_dup(ini, "round", "title_en");
    load_paths(c, ini, d);
    load_frameworks(c, ini, d);
    load_output(c, ini, d);
    publisher_load(&c->publisher, ini, c->dir, d);
    c->ua_runs = (int)ini_int(ini, "uncertainty", "runs", 1000);
    c->ua_seed = ini_uint64(ini, "uncertainty", "seed", 20261123ULL);
    c->ua_weight_noise = ini_real(ini, "uncertainty", "weight_noise", 0.25);
    c->ua_threads = (int)ini_int(ini, "uncertainty", "threads", 0);
    for (int i = 0; i < ini_nsections(ini); i++) {
        const char *sec = ini_section(ini, i);
        if (strncmp(sec, "survey.", 7) == 0 && sec[7])
            load_surveys(c, ini, sec, d);
    }
    check_survey_paths(c, d);
    ini_free(ini);
    if (d->n_errors > nerr0) {
        config_free(c);
        return NULL;
    }
    return c;
}

void config_free(struct config *c)
{
    if (!c)
        return;
    free(c->path);
    free(c->dir);
    for (int l = 0; l < LANG_COUNT; l++)
        free(c->title[l]);
    free(c->database);
    free(c->output);
    free(c->institutions);
    free(c->institutions_display);
    free(c->reg_encoding);
    free(c->reg_code);
    free(c->reg_name_es);
    free(c->reg_name_en);
    free(c->reg_group);
    free(c->reg_group_en);
    free(c->reg_ranked);
    free(c->reg_weight);
    for (int i = 0; i < c->n_frameworks; i++) {
        free(c->fw_names[i]);
        free(c->fw_dirs[i]);
    }
    free(c->fw_names);
    free(c->fw_dirs);
    for (int i = 0; i < c->n_round_fw; i++) {
        for (int k = 0; k < c->round_fw[i].n; k++) {
            free(c->round_fw[i].names[k]);
            free(c->round_fw[i].dirs[k]);
        }
        free(c->round_fw[i].names);
        free(c->round_fw[i].dirs);
    }
    free(c->round_fw);
    for (int i = 0; i < c->n_surveys; i++) {
        struct survey_source *s = &c->surveys[i];
        free(s->id);
        free(s->path);
        free(s->display);
        free(s->named_in);
        free(s->framework);
        for (int k = 0; k < s->n_fw_list; k++)
            free(s->fw_list[k]);
        free(s->fw_list);
        free(s->fw_siblings);
        free(s->encoding);
        free(s->mapping);
        free(s->mapping_display);
        free(s->institution_column);
        free(s->respondent_column);
        free(s->official_column);
        free(s->institution);
        free(s->sheet);
        free(s->code_column);
        free(s->value_column);
        free(s->source_column);
        free(s->evidence_column);
        free(s->year_column);
        for (int k = 0; k < s->n_missing_codes; k++)
            free(s->missing_codes[k]);
        free(s->missing_codes);
        for (int k = 0; k < s->n_ignore_columns; k++)
            free(s->ignore_columns[k]);
        free(s->ignore_columns);
    }
    free(c->surveys);
    publisher_free(&c->publisher);
    free(c);
}
