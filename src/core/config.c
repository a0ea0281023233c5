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
/* [survey.ID] — every key of a survey section is read here (and only here),
   listed in survey_keys[]; a key not in the table is an error naming the
   nearest one. */
/* ======================================================================== */

static const char *const survey_keys[] = {
    "file", "framework", "year", "shape", "encoding", "separator", "decimal", "mapping",
    "institution_column", "respondent_column", "official_column", "ignore_columns",
    "ignore_columns_file", "other_columns", "missing_codes", "institution", "sheet",
    "empty_institution", "columns", "other_years", NULL};

/* Edit distance between a and b (short config keys only). */
static size_t edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 40 || nb > 40)
        return 99;
    size_t row[41];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

/* The known key nearest to key (NULL when none is close). */
static const char *nearest_key(const char *key, const char *const *keys)
{
    const char *best = NULL;
    size_t bd = 4;
    for (int i = 0; keys[i]; i++) {
        size_t dist = edit_distance(key, keys[i]);
        if (dist < bd || (strstr(keys[i], key) && dist < bd + 8 && !best)) {
            bd = dist;
            best = keys[i];
        }
    }
    return best;
}

static void check_survey_keys(const struct ini *ini, const char *sec, struct diag *d)
{
    const char **names;
    int n = ini_keys(ini, sec, &names);
    for (int k = 0; k < n; k++) {
        int known = 0;
        for (int i = 0; survey_keys[i] && !known; i++)
            known = strcmp(names[k], survey_keys[i]) == 0;
        if (known)
            continue;
        const char *near = nearest_key(names[k], survey_keys);
        if (near)
            diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, names[k]), 0,
                       "unknown key \"%s\" in [%s] (did you mean %s?)", names[k], sec, near);
        else
            diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, names[k]), 0,
                       "unknown key \"%s\" in [%s] (expected file, framework, year, shape, "
                       "institution_column, ... — see docs/survey-formats.md)",
                       names[k], sec);
    }
}

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
    survey_load_columns(s, ini, sec, d);
    const char *ei = ini_get(ini, sec, "empty_institution");
    if (ei && *ei) {
        if (strcasecmp(ei, "error") == 0)
            s->empty_institution_error = 1;
        else if (strcasecmp(ei, "skip") != 0)
            diag_error(d, EX_DATAERR_, path, ini_line(ini, sec, "empty_institution"), 0,
                       "[%s] empty_institution = \"%s\" (expected skip or error)", sec, ei);
    }
    check_survey_keys(ini, sec, d);
}

static void load_survey(struct config *c, const struct ini *ini, const char *sec, struct diag *d)
{
    c->surveys = xrealloc(c->surveys, (size_t)(c->n_surveys + 1) * sizeof *c->surveys);
    struct survey_source *s = &c->surveys[c->n_surveys++];
    memset(s, 0, sizeof *s);
    s->id = xstrdup(sec + strlen("survey."));
    s->line = ini_line(ini, sec, NULL);
    const char *file = need(ini, sec, "file", d);
    if (file) {
        s->display = xstrdup(file);
        s->path = resolve(c->dir, file);
    }
    const char *fw = need(ini, sec, "framework", d);
    s->framework = fw ? xstrdup(fw) : NULL;
    long year = c->year;
    if (ini_get_int(ini, sec, "year", c->year, &year, d) == 0 && (year < 1900 || year > 9999))
        diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, sec, "year"), 0,
                   "[%s] year = %ld (expected a year such as 2026)", sec, year);
    s->year = (int)year;
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
    s->encoding = opt_dup(ini, sec, "encoding");
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
    s->institution_column = opt_dup(ini, sec, "institution_column");
    s->respondent_column = opt_dup(ini, sec, "respondent_column");
    s->official_column = opt_dup(ini, sec, "official_column");
    s->n_ignore_columns = ini_split_list(ini_get(ini, sec, "ignore_columns"), &s->ignore_columns);
    load_survey_rules(c, ini, sec, s, d);
}

/* ======================================================================== */
/* end of [survey.ID]                                                        */
/* ======================================================================== */

struct config *config_load(const char *path, struct diag *d)
{
    struct ini *ini = ini_load(path, d);
    if (!ini)
        return NULL;
    struct config *c = xcalloc(1, sizeof *c);
    long nerr0 = d->n_errors;
    c->path = xstrdup(path);
    char *tmp = xstrdup(path);
    c->dir = xstrdup(dirname(tmp));
    free(tmp);
    /* [paths] base: resolve relative paths against it instead of the
       config's own directory (lets a copied config read the original files) */
    const char *base = ini_get(ini, "paths", "base");
    if (base && *base) {
        char *b = resolve(c->dir, base);
        free(c->dir);
        c->dir = b;
    }

    long year = 0;
    if (need(ini, "round", "year", d) && ini_get_int(ini, "round", "year", 0, &year, d) == 0 &&
        (year < 1900 || year > 9999))
        diag_error(d, EX_DATAERR_, path, ini_line(ini, "round", "year"), 0,
                   "[round] year = %ld (expected a year such as 2026)", year);
    c->year = (int)year;
    ini_get_bool(ini, "round", "demo", 0, &c->demo, d);
    c->title[LANG_ES] = opt_dup(ini, "round", "title_es");
    c->title[LANG_EN] = opt_dup(ini, "round", "title_en");

    const char *db = need(ini, "paths", "database", d);
    c->database = db ? resolve(c->dir, db) : NULL;
    const char *out = ini_get(ini, "paths", "output");
    c->output = resolve(c->dir, out && *out ? out : "reports");
    const char *reg = need(ini, "paths", "institutions", d);
    c->institutions = reg ? resolve(c->dir, reg) : NULL;
    c->reg_code = opt_dup(ini, "registry", "code");
    c->reg_name_es = opt_dup(ini, "registry", "name_es");
    c->reg_name_en = opt_dup(ini, "registry", "name_en");
    c->reg_group = opt_dup(ini, "registry", "group");
    c->reg_weight = opt_dup(ini, "registry", "weight");

    const char *list = need(ini, "frameworks", "list", d);
    char **names = NULL;
    int n = ini_split_list(list, &names);
    c->fw_names = names;
    c->n_frameworks = n;
    c->fw_dirs = xcalloc((size_t)(n ? n : 1), sizeof(char *));
    for (int i = 0; i < n; i++) {
        char *key = xstrdup(names[i]);
        for (char *p = key; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        const char *dir = ini_get(ini, "frameworks", key);
        c->fw_dirs[i] = resolve(c->dir, dir && *dir ? dir : key);
        free(key);
    }
    if (list && n == 0)
        diag_error(d, EX_DATAERR_, path, ini_line(ini, "frameworks", "list"), 0,
                   "[frameworks] list is empty (expected e.g. list = igd, itic, ida)");

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

    publisher_load(&c->publisher, ini, c->dir, d);

    long runs = 1000, threads = 0;
    double noise = 0.25;
    unsigned long long seed = 20261123ULL;
    ini_get_int(ini, "uncertainty", "runs", runs, &runs, d);
    const char *seed_s = ini_get(ini, "uncertainty", "seed");
    if (seed_s && *seed_s) {
        char *end;
        errno = 0;
        seed = strtoull(seed_s, &end, 10);
        if (*end || errno || *seed_s == '-')
            diag_error(d, EX_DATAERR_, path, ini_line(ini, "uncertainty", "seed"), 0,
                       "[uncertainty] seed = \"%s\" (expected a whole number >= 0)", seed_s);
    }
    ini_get_double(ini, "uncertainty", "weight_noise", noise, &noise, d);
    ini_get_int(ini, "uncertainty", "threads", threads, &threads, d);
    if (runs < 0 || runs > 10000000)
        diag_error(d, EX_DATAERR_, path, ini_line(ini, "uncertainty", "runs"), 0,
                   "[uncertainty] runs = %ld (expected 0 to 10000000)", runs);
    if (noise < 0 || noise >= 1)
        diag_error(d, EX_DATAERR_, path, ini_line(ini, "uncertainty", "weight_noise"), 0,
                   "[uncertainty] weight_noise = %g (expected a fraction in [0, 1))", noise);
    c->ua_runs = (int)runs;
    c->ua_seed = seed;
    c->ua_weight_noise = noise;
    c->ua_threads = (int)threads;

    for (int i = 0; i < ini_nsections(ini); i++) {
        const char *sec = ini_section(ini, i);
        if (strncmp(sec, "survey.", 7) == 0 && sec[7])
            load_survey(c, ini, sec, d);
        else if (strcmp(sec, "round") && strcmp(sec, "paths") && strcmp(sec, "registry") &&
                 strcmp(sec, "frameworks") && strcmp(sec, "output") && strcmp(sec, "uncertainty") &&
                 strcmp(sec, "publisher"))
            diag_error(d, EX_DATAERR_, path, ini_line(ini, sec, NULL), 0,
                       "unknown section [%s] (expected round, paths, registry, frameworks, output, "
                       "publisher, uncertainty or survey.NAME)",
                       sec);
    }
    /* two sections may not name the same file for the same year */
    for (int i = 0; i < c->n_surveys; i++)
        for (int j = 0; j < i; j++)
            if (c->surveys[i].path && c->surveys[j].path &&
                strcmp(c->surveys[i].path, c->surveys[j].path) == 0 &&
                c->surveys[i].year == c->surveys[j].year)
                diag_error(d, EX_DATAERR_, path, c->surveys[i].line, 0,
                           "[survey.%s] reads %s, already read by [survey.%s]", c->surveys[i].id,
                           c->surveys[i].display, c->surveys[j].id);
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
    free(c->reg_code);
    free(c->reg_name_es);
    free(c->reg_name_en);
    free(c->reg_group);
    free(c->reg_weight);
    for (int i = 0; i < c->n_frameworks; i++) {
        free(c->fw_names[i]);
        free(c->fw_dirs[i]);
    }
    free(c->fw_names);
    free(c->fw_dirs);
    for (int i = 0; i < c->n_surveys; i++) {
        struct survey_source *s = &c->surveys[i];
        free(s->id);
        free(s->path);
        free(s->display);
        free(s->framework);
        free(s->encoding);
        free(s->mapping);
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
