/*
 * ingest.h — survey exports and administrative data -> validated answers.
 *
 * Shapes (struct survey_source.shape):
 *  kobo        KoboToolbox/ODK wide export: "group/question" headers, _uuid,
 *              _submission_time; select-multiple as space-separated codes or
 *              one 0/1 column per option ("q/opt" or "q.opt")
 *  limesurvey  "id", "submitdate", "Q1", "Q2[SQ001]" (sub-question = option)
 *  gforms      "Marca temporal"/"Timestamp", question text as header
 *              (matched to questions.csv text es/en, or via the mapping)
 *  long        institution,question,value[,respondent][,evidence]
 *  admin       institution,indicator,value,source
 *  wide        one row per institution, one column per indicator/variable code
 *
 * The mapping file (optional) is a CSV "column,question" mapping export
 * headers to question codes; an empty question ignores that column.
 *
 * All problems of a file are reported at once as "file:line:column: ...",
 * (first DIAG_SHOWN kept, total counted); a file with any error contributes no
 * answer at all.
 */
#ifndef INDIGO_INGEST_H
#define INDIGO_INGEST_H

#include "config.h"
#include "csv.h"
#include "error.h"
#include "model.h"

/* Read one source into out (appending).  Returns 0, or -1 with every problem
   in d and nothing appended. */
int ingest_file(const struct survey_source *src, const struct framework *fw,
                const struct registry *reg, struct answer_set *out, struct diag *d);

void answer_set_init(struct answer_set *s);
void answer_set_release(struct answer_set *s);
/* Append a copy of a (strings duplicated). */
void answer_set_push(struct answer_set *s, const struct answer *a);

/* Parse value as an answer to q: fills *number (score for select_*), returns
   0, or -1 with a description of what was expected in why (why_len bytes). */
int answer_parse(const struct question *q, const char *value, int decimal_comma,
                 double *number, char *why, size_t why_len);

#endif
