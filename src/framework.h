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
   recorded (the partial framework is freed). */
struct framework *framework_load(const char *dir, struct diag *d);
void framework_free(struct framework *fw);     /* accepts NULL */

/* Lookups (linear or hashed; NULL / -1 when absent). */
const struct question *framework_question(const struct framework *fw, const char *code);
int framework_node(const struct framework *fw, const char *code);

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
const char *step_name(enum step_kind s);
int step_parse(const char *s);

/* Emit the questionnaire as an XLSForm-style CSV (survey sheet: type, name,
   label::Español (es), label::English (en), required; then the choices) that
   KoboToolbox can import.  Returns 0 or -1 (errno set). */
int questionnaire_write_xlsform(const struct framework *fw, const char *survey_csv,
                                const char *choices_csv);

#endif
