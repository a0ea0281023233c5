/*
 * ini.h — iniparser with the traps taken out (dependencies.md §4), and the
 * one validation of every INI file indigo reads (indigo.ini, framework.ini).
 *
 * iniparser 4.1 fails on a UTF-8 BOM, refuses lines over 1022 bytes, reports
 * syntax errors only as text on stderr, never tells where a key was, keeps
 * the last of two equal keys without a word and reads its file by name.
 * ini_load reads the file once (a pipe such as -c /dev/stdin works; its
 * SHA-256 is kept), checks the BOM, the encoding, control characters and
 * long lines itself with exact line numbers, hands the bytes it read to
 * iniparser, captures iniparser's own messages, and records the line of
 * every section and key so callers can report "file:line: error: ..." for a
 * bad value.  The only file that includes <iniparser/iniparser.h> is ini.c.
 *
 * ini_validate checks a file against its schema -- the table of sections
 * and keys a reader knows, with each value's type and range -- so that no
 * setting is ever silently ignored: an unknown or repeated section or key is
 * an error at its line, naming the nearest valid one (edit distance); a
 * value of the wrong type or out of range is an error giving the range.
 * Readers then take values with the plain getters below, which trust the
 * validation.  A reader's table is extended by adding rows to it.
 */
#ifndef INDIGO_INI_H
#define INDIGO_INI_H

#include "error.h"

struct ini;

/* Load path; NULL with every problem recorded in d (EX_NOINPUT if the file
   cannot be read or is not a file or a pipe, EX_DATAERR otherwise). */
struct ini *ini_load(const char *path, struct diag *d);
void ini_free(struct ini *ini);                     /* accepts NULL          */
/* The SHA-256 of the bytes read, in hex. */
const char *ini_sha256(const struct ini *ini);

/* Value of "section:key" (lowercase ASCII), or NULL if absent. */
const char *ini_get(const struct ini *ini, const char *section, const char *key);
/* Line of the key (or of the section header when key is NULL); 0 if absent. */
int ini_line(const struct ini *ini, const char *section, const char *key);
/* Sections in file order (each once). */
int ini_nsections(const struct ini *ini);
const char *ini_section(const struct ini *ini, int i);
/* Keys of a section in file order; returns count, *keys borrowed. */
int ini_keys(const struct ini *ini, const char *section, const char ***keys);
const char *ini_path(const struct ini *ini);

/* ------------------------------------------------------------------------ */
/* The schema                                                                */
/* ------------------------------------------------------------------------ */

enum ini_type {
    INI_TEXT,   /* any text                                                  */
    INI_LIST,   /* comma-separated text                                      */
    INI_BOOL,   /* yes/no, sí/no, true/false, verdadero/falso, 1/0, on/off   */
    INI_INT,    /* a whole number in [min, max]                              */
    INI_REAL,   /* a finite number in [min, max] (ends open per flags)       */
    INI_UINT64  /* a whole number from 0 to 2^64 - 1 (a seed)                */
};

enum { INI_MIN_OPEN = 1, INI_MAX_OPEN = 2 };

/* Marks a key's expect text: the messages look it up in messages.def (its
   Spanish), and tests/i18n/check_messages.py finds it there. */
#define INI_EXPECT(text) (text)

struct ini_key_spec {
    const char *name;       /* lowercase; NULL ends a table                  */
    enum ini_type type;
    double min, max;        /* INI_INT, INI_REAL: the range                  */
    unsigned flags;         /* INI_MIN_OPEN, INI_MAX_OPEN: that end excluded */
    const char *expect;     /* how messages describe a valid value ("a year
                               such as 2026"); NULL: from type and range     */
};

struct ini_section_spec {
    const char *name;       /* "round"; "survey.<NAME>" is every "survey.X";
                               NULL ends a table                             */
    const struct ini_key_spec *keys;       /* ended by a {NULL} row         */
    /* Keys that are not in keys but valid here (e.g. [frameworks] NAME,
       [aggregate] method_2): their spec, or NULL if key is unknown.  NULL
       when there are none. */
    const struct ini_key_spec *(*extra)(const struct ini *ini, const char *section,
                                        const char *key);
    /* The extra keys that can be listed (e.g. the frameworks of list), for
       "did you mean": count, *names malloc'd (each and the array); NULL
       when they cannot be listed. */
    int (*extra_list)(const struct ini *ini, const char *section, char ***names);
    const char *extra_names; /* the extra keys as messages list them
                                ("method_N"), or NULL                        */
};

/*
 * Check ini against sections: unknown sections and keys (with the nearest
 * valid name), sections and keys given twice, keys before any section, and
 * the type and range of every value.  Every problem is recorded in d with
 * its line.  Returns 0, or -1 if anything was recorded.
 */
int ini_validate(struct ini *ini, const struct ini_section_spec *sections, struct diag *d);

/* Plain getters for validated files: the value, or def when the key is
   absent, empty or was reported by ini_validate. */
long ini_int(const struct ini *ini, const char *section, const char *key, long def);
double ini_real(const struct ini *ini, const char *section, const char *key, double def);
int ini_bool(const struct ini *ini, const char *section, const char *key, int def);
unsigned long long ini_uint64(const struct ini *ini, const char *section, const char *key,
                              unsigned long long def);

/* Split a comma-separated list, trimming spaces; returns count, *items malloc'd
   (free each and the array).  Empty value -> 0. */
int ini_split_list(const char *value, char ***items);

/* Optimal-string-alignment distance between a and b, ignoring ASCII case
   (a transposition counts 1): how "did you mean" suggestions are found. */
int ini_edit_distance(const char *a, const char *b);

#endif
