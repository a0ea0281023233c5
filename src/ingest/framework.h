/*
 * framework.h — reading and validating an indicator framework.
 *
 * A framework is a directory under indicators/ with four files an analyst can
 * edit (format documented in indicators/README.md):
 *
 *   framework.ini   the index: code, names es/en, scale, respondents rule,
 *                   ordered steps and their parameters, maturity levels
 *   nodes.csv       the tree: one row per index / pillar / sub-pillar /
 *                   indicator (code, parent, names, weight, and for
 *                   indicators the question, direction, normalisation, ...)
 *   questions.csv   the questionnaire: code, text es/en, answer type, required
 *   options.csv     points per answer option (select questions, Likert)
 *
 * framework_load() reads all four and validates everything at once: every
 * problem is recorded in d as "file:line: error: what (expected)", status 65.
 */
#ifndef INDIGO_FRAMEWORK_H
#define INDIGO_FRAMEWORK_H

#include "error.h"
#include "model.h"

/* Load and validate the framework in dir.  Returns NULL if any error was
   recorded (the partial framework is freed); warnings do not fail.  In the
   framework returned (caller frees with framework_free) every node has its
   parent index, level and is_indicator set, fw->root is the index, and each
   indicator's lower/upper hold its goalposts: as written, else the answer
   type's default, else NAN (numbers, admin values, denominated values).
   Messages name the files as dir + "/nodes.csv" etc. */
struct framework *framework_load(const char *dir, struct diag *d);
void framework_free(struct framework *fw);     /* accepts NULL */

/* A round's [publisher] decimals (the decimals its reports print) as fw's
   published precision: ranks and levels compare values rounded to them, so
   two values printed alike share a rank.  A [rank] decimals written in the
   framework's own file, or [rank] decimals = full, is kept. */
void framework_publish_decimals(struct framework *fw, int decimals);

/*
 * The checks across records and the values derived from the whole tree, run
 * by framework_load() once the four files are read: parents resolved by
 * code, one root, no cycles, unique codes (ignoring case and accents),
 * sibling weights, levels (indicator = 1, aggregate = 1 + highest child),
 * question and denominator references, option coverage, default goalposts.
 * read_ok has a FW_READ_* bit for each file that was read whole; the checks
 * that need a file that was not are skipped, so one mistake is reported once.
 * Returns 0, or -1 if it recorded an error in d.
 */
enum {
    FW_READ_INI = 1,        /* framework.ini loaded                         */
    FW_READ_NODES = 2,      /* nodes.csv read to the end                    */
    FW_READ_QUESTIONS = 4,  /* questions.csv read to the end                */
    FW_READ_OPTIONS = 8,    /* options.csv read to the end (or absent)      */
    FW_READ_TYPES = 16      /* every question's type was understood         */
};
int framework_check(struct framework *fw, unsigned read_ok, struct diag *d);

/* Defined in framework_names.c, which uses nothing else of the framework
   module (framework.c and framework_validate.c both build on it). */
/* A copy of fw with only the indicators k for which keep[k] is nonzero
   (keep has fw->n_nodes entries; aggregates are ignored), the aggregates
   above at least one of them, and the root.  Every node keeps its level, so
   its aggregation method and threshold are those it had.  Questions,
   variables and steps are copied whole.  Caller frees with framework_free.
   (framework_restrict.c; docs/rondas.md: the back-calculated basis.) */
struct framework *framework_restrict(const struct framework *fw, const unsigned char *keep);

/* A code folded for comparison: ASCII letters lowercased and the Spanish
   accented letters (á é í ó ú ü ñ, either case) replaced by their base
   letter, so "MINEDUC" = "Mineduc" and "educación" = "educacion".  Other
   bytes are kept.  Returns a malloc'd string (caller frees). */
char *code_fold(const char *s);

/* Lookups (linear or hashed; NULL / -1 when absent). */
const struct question *framework_question(const struct framework *fw, const char *code);
int framework_node(const struct framework *fw, const char *code);
/* The name of axis code (nodes.csv axis) in lang, in buf: in English the
   name [index] axis_names_en gives it, else the code itself. */
const char *framework_axis_name(const struct framework *fw, const char *code, enum lang lang,
                                char *buf, size_t n);
/* The next "CODE: name" of axis_names_en from *p (trimmed; name empty when
   the colon is missing); 0 at the end. */
int framework_axis_name_next(const char **p, char *code, size_t nc, char *name, size_t nn);
/* 0 if code is a valid question code (XLSForm names: a letter or _ first,
   then letters, digits, _ - or ., at most 128 bytes), else 1 with the rule
   it breaks in why. */
int question_code_problem(const char *code, char *why, size_t n);

/* Names used in files and messages for the enums, and the reverse parsers
   (return -1 for unknown names).  Spanish and English spellings accepted. */
const char *answer_type_name(enum answer_type t);
int answer_type_parse(const char *s);
const char *norm_method_name(enum norm_method m);
int norm_method_parse(const char *s);
const char *agg_method_name(enum agg_method m);
int agg_method_parse(const char *s);
const char *impute_method_name(enum impute_method m);
int impute_method_parse(const char *s);
const char *combine_rule_name(enum combine_rule r);
int combine_rule_parse(const char *s);
const char *evidence_rule_name(enum evidence_rule r);
int evidence_rule_parse(const char *s);
/* The rule in force for indicator node k: its own missing_evidence, else the
   framework's. */
enum evidence_rule framework_evidence_rule(const struct framework *fw, int k);
const char *step_name(enum step_kind s);
int step_parse(const char *s);

/* Emit the questionnaire as an XLSForm-style CSV (survey sheet: type, name,
   label::Español (es), label::English (en), required, hint; then the choices:
   list_name, name, label::Español (es), label::English (en)) that
   KoboToolbox can import; type mapping in docs/framework-format.md.  Each
   file is written atomically.  Returns 0 or -1 (errno set). */
int questionnaire_write_xlsform(const struct framework *fw, const char *survey_csv,
                                const char *choices_csv);

#endif
