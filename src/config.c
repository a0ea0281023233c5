/*
 * config.c — indigo.ini -> struct config (format in config.h and README).
 */
#include "config.h"
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

int parse_double_strict(const char *s, double *out)
{
    char *end;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return -1;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v == 0 ? 0.0 : v; /* "-0" -> 0 */
    return 0;
}

int parse_int_strict(const char *s, long *out)
{
    char *end;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10); /* base 10: "010" is ten, not eight */
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

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
                       "[%s] unknown shape \"%s\" (expected kobo, limesurvey, gforms, long, admin "
                       "or wide)",
                       sec, shape);
        else
            s->shape = (enum survey_shape)sh;
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
    long cmp = 0;
    int given = ini_get(ini, "round", "compare_with") != NULL;
    if (ini_get_int(ini, "round", "compare_with", 0, &cmp, d) == 0 && given &&
        (cmp < 1900 || cmp > 9999))
        diag_error(d, EX_DATAERR_, ini_path(ini), ini_line(ini, "round", "compare_with"), 0,
                   "[round] compare_with = %ld (expected the year of an earlier round, such as "
                   "2025)",
                   cmp);
    else if (cmp && cmp >= c->year)
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

    c->n_frameworks = read_framework_list(c, ini, "frameworks", &c->fw_names, &c->fw_dirs, d);
    load_round_settings(c, ini, d);

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
                 strncmp(sec, "frameworks.", 11) != 0)
            diag_error(d, EX_DATAERR_, path, ini_line(ini, sec, NULL), 0,
                       "unknown section [%s] (expected round, paths, registry, frameworks, output, "
                       "uncertainty, survey.NAME or frameworks.YEAR)",
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
        free(s->framework);
        free(s->encoding);
        free(s->mapping);
        free(s->institution_column);
        free(s->respondent_column);
        free(s->official_column);
        for (int k = 0; k < s->n_ignore_columns; k++)
            free(s->ignore_columns[k]);
        free(s->ignore_columns);
    }
    free(c->surveys);
    free(c);
}
