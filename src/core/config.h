/*
 * config.h — indigo.ini, the description of a round.
 *
 *   [round]       year = 2026 ; demo = true (marks every output «datos de
 *                 demostración») ; title_es/title_en (optional)
 *   [paths]       database, output (reports dir), institutions (registry CSV),
 *                 base (optional: directory relative paths are resolved against)
 *   [registry]    optional column names: code, name_es, name_en, group, weight, group_en, ranked;
 *                 encoding of the registry file (e.g. windows-1252)
 *   [frameworks]  list = igd, itic, ida   ; each NAME = indicators/NAME
 *   [frameworks.YEAR]  the same for one round (`indigo round new`); a round
 *                 without one uses [frameworks]
 *   [round]       compare_with = YEAR: the round comparisons are made with
 *   [survey.ID]   one per input file: file, framework, year, shape
 *                 (kobo|limesurvey|gforms|long|admin|wide), encoding, separator,
 *                 decimal (. or ,), mapping (CSV header -> question code),
 *                 institution_column, respondent_column, official_column,
 *                 ignore_columns (headers or glob patterns to skip),
 *                 ignore_columns_file, other_columns (ignore|warn|error),
 *                 missing_codes, institution, sheet, empty_institution
 *                 (docs/survey-formats.md), allow_empty (a file with only
 *                 its header is not an error)
 *   [publisher]   name_es/_en, country_es/_en, logo, unit_es/units_es,
 *                 unit_en/units_en, decimals (publisher.h; optional)
 *   [output]      language = es|en ; languages = es, en
 *   [uncertainty] runs, seed, weight_noise, ... (uncertainty issue)
 *
 * Every section and key is checked when the file is read (ini_validate,
 * with the table in config.c): an unknown or repeated one is an error, and
 * so is a number out of its range.
 *
 * Relative paths are relative to [paths] base, by default the directory of the
 * config file.
 */
#ifndef INDIGO_CONFIG_H
#define INDIGO_CONFIG_H

#include "error.h"
#include "model.h"
#include "publisher.h"

enum survey_shape {
    SHAPE_KOBO, SHAPE_LIMESURVEY, SHAPE_GFORMS, SHAPE_LONG, SHAPE_ADMIN, SHAPE_WIDE
};

/* What to do with an export's columns that no question uses. */
enum other_columns { OTHER_WARN, OTHER_IGNORE, OTHER_ERROR };

struct survey_source {
    char *id;                  /* section name after "survey."               */
    char *path;                /* resolved path                              */
    char *display;             /* path as written in the config (messages)   */
    char *named_in;            /* "[survey.ID] of CONFIG" (messages)         */
    char *framework;           /* framework code                             */
    /* framework = IGD, ITIC (one export feeding several frameworks): the
       section becomes one survey_source per code, in the list's order, each
       with its own framework; fw_list holds every code (n_fw_list >= 1) and
       fw_index this one's place in it.  Columns and codes of the others
       (fw_siblings, resolved by the session) are not this one's unknowns. */
    char **fw_list;
    int n_fw_list;
    int fw_index;
    int fw_line;               /* line of the framework key (messages)        */
    const struct framework **fw_siblings; /* the others' (owned array of
                                  borrowed frameworks), set by the session  */
    int n_fw_siblings;
    int year;
    enum survey_shape shape;
    char *encoding;            /* NULL = UTF-8                               */
    char sep;                  /* 0 = sniff                                  */
    int decimal_comma;
    char *mapping;             /* resolved path or NULL                      */
    char *mapping_display;     /* as written in the config (messages)        */
    char *institution_column;  /* header naming the institution, or NULL = shape default */
    char *respondent_column;
    char *official_column;     /* 1/si marks the official respondent         */
    char **ignore_columns;     /* headers or glob patterns to skip (ignore_columns
                                  = a, _*, meta/...), plus ignore_columns_file lines */
    int n_ignore_columns;
    /* Added for real exports (issue 18): */
    char *institution;         /* institution = CODE: the whole file is one
                                  institution's (no institution column)      */
    enum other_columns other_columns; /* columns the framework does not use  */
    char **missing_codes;      /* missing_codes = n/a, NS/NR: no-answer codes */
    int n_missing_codes;
    int missing_codes_set;     /* 1 when the survey overrides the framework's */
    char *sheet;               /* .xlsx: the sheet to read (NULL = the first) */
    int empty_institution_error; /* a row without institution: 0 skip, 1 error */
    int odk;                   /* shape = odk (read as kobo, and the short rows
                                  ODK Briefcase writes are accepted)         */
    int allow_empty;           /* a file with only its header is loaded (and
                                  leaves the round no answers from it)       */
    /* columns = role:Header (long, admin; survey_columns.h): NULL = the
       default names */
    char *code_column;         /* question (long) or indicator (admin)       */
    char *value_column;
    char *source_column;       /* admin                                      */
    char *evidence_column;     /* long                                       */
    char *year_column;         /* a panel file: rows of other years are set
                                  aside (other_years = skip) or refused     */
    int other_years_error;     /* other_years = error                       */
    int line;                  /* line of the [survey.ID] section header     */
};

/* [frameworks.YEAR]: the frameworks of one round (docs/rondas.md). */
struct round_frameworks {
    int year;
    char **names; char **dirs; int n;
    int line;                  /* of the section header                      */
};

struct config {
    char *path;                /* the config file                           */
    char *dir;                 /* its directory                             */
    int year;
    int demo;
    char *title[LANG_COUNT];
    char *database;            /* resolved                                  */
    char *output;              /* resolved reports dir                      */
    char sha256[65];           /* of the config file's bytes, read once     */
    char *institutions;        /* resolved registry path                    */
    char *institutions_display; /* as written in the config (messages)      */
    char *reg_code, *reg_name_es, *reg_name_en, *reg_group, *reg_weight; /* column names */
    char *reg_group_en;          /* column of the group's English name        */
    char *reg_ranked;            /* column saying whether a unit is ranked    */
    char *reg_encoding;        /* [registry] encoding, NULL = UTF-8         */
    char **fw_dirs; char **fw_names; int n_frameworks;   /* [frameworks]  */
    /* rounds (docs/rondas.md) */
    int compare_with;          /* [round] compare_with; 0 = the previous round */
    struct round_frameworks *round_fw; int n_round_fw;  /* [frameworks.YEAR] */
    struct survey_source *surveys; int n_surveys;
    enum lang lang;
    int languages[LANG_COUNT]; /* which languages to render                  */
    const struct licence *licence; /* of the open data ([output] licence)     */
    struct publisher publisher; /* [publisher]: who publishes, unit words   */
    /* uncertainty */
    int ua_runs; unsigned long long ua_seed; double ua_weight_noise;
    int ua_threads;
};

/* Load and validate path; NULL on error (recorded in d: missing file ->
   EX_NOINPUT, anything wrong inside -> EX_DATAERR, with the line). */
struct config *config_load(const char *path, struct diag *d);
void config_free(struct config *c);

/* The frameworks of round year: its [frameworks.YEAR] section if there is
   one, else [frameworks].  Returns the count; the arrays are borrowed. */
int config_frameworks_for(const struct config *c, int year, char ***names, char ***dirs);
/* The byte column (from 1) where item starts in the value of line of the
   config file ("framework = IGD, XYZ": XYZ's), or 0. */
int config_value_column(const struct config *c, int line, const char *item);

const char *survey_shape_name(enum survey_shape s);

#endif
