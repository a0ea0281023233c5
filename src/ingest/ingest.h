/*
 * ingest.h — survey exports and administrative data -> validated answers.
 *
 * Shapes (struct survey_source.shape; docs/survey-formats.md says more):
 *  kobo        KoboToolbox/KoBoCAT/Ona and (shape = odk) ODK Central and
 *              Briefcase: headers are question codes after a group path
 *              ("/", "." or "-") or question texts (Labels exports);
 *              select-multiple as space-separated codes or labels, or one
 *              1/0 True/False column per option ("q/opt", by code or label);
 *              the tools' own columns (_uuid, meta/..., KEY, ReviewState...)
 *  limesurvey  "id", "submitdate" (also localised full-text headings),
 *              "Q[SQ]" = option SQ of multiple choice Q, or array question
 *              Q_SQ; "Q[other]"/"Q[comment]" skipped
 *  gforms      "Marca temporal"/"Timestamp", question text as header
 *              (matched to questions.csv text es/en, or via the mapping,
 *              also by column position "#7"); "Other" text kept unscored
 *  long        institution,question,value[,respondent][,evidence]
 *  admin       institution,indicator,value,source
 *  wide        one row per institution, one column per indicator/variable code
 *
 * The mapping file (optional) is a CSV "column,question" mapping export
 * headers to question codes; an empty question ignores that column, and
 * "QCODE#evidencia" (or #evidence) marks a column holding the evidence for
 * QCODE.  In long and admin files the mapping applies to the codes in the
 * question/indicator column.  Headers ending in "#evidencia" are evidence
 * columns without a mapping too.
 *
 * Rules worth knowing:
 *  - empty cell = no answer (not stored); a required question left empty is
 *    an error, and so is a required question with no column at all;
 *  - evidence (indicator with evidence = si) is needed for every answer whose
 *    score is not 0: "no" needs no proof;
 *  - LimeSurvey rows with an empty submitdate (incomplete), ODK rows with
 *    ReviewState = rejected and rows without institution are skipped and
 *    summarised in one warning each; values in missing_codes count as
 *    empty; columns no question uses follow other_columns;
 *  - framework = A, B (src->n_fw_list > 1): the file is read once per
 *    framework; the columns, rows and mapping targets of the others
 *    (src->fw_siblings) are skipped, not unknown, and a respondent row that
 *    answers none of this framework's questions is not its respondent;
 *    unknowns are named against all ("IGD/ITIC") and reported by the read
 *    for the first framework (fw_index 0);
 *  - a .xlsx file is read through xlsx_read.h, row for row as a CSV;
 *  - a file with a header and no rows is an error unless [survey.*]
 *    allow_empty = yes (it would replace the file's answers with none);
 *  - admin and wide: empty or "NA" = missing; any finite number is accepted
 *    for indicators and variables (question columns go through answer_parse).
 *
 * All problems of a file are reported at once as "file:line:column: ...",
 * (first DIAG_SHOWN kept, total counted); a file with any error contributes no
 * answer at all.
 *
 * Answers are streamed: each is handed to a sink (the database load's
 * prepared INSERT, a counter for `indigo check`, a set in the tests) as soon
 * as its row is validated, so memory does not grow with the rows.  Since a
 * later row can still turn out wrong, the caller of ingest_file() throws
 * away what the sink received when it fails: a load rolls its transaction
 * back.
 */
#ifndef INDIGO_INGEST_H
#define INDIGO_INGEST_H

#include <stdarg.h>

#include "config.h"
#include "csv.h"
#include "error.h"
#include "model.h"

/* Where ingest_file() delivers each validated answer. */
struct answer_sink {
    /* Called once per answer, in file order.  The answer's strings are
       borrowed, valid only during the call (codes from the registry and the
       framework, values from the row being read).  Returns 0, or -1 after
       recording an error in the diag (nothing more is then delivered). */
    int (*put)(void *ctx, const struct answer *a);
    void *ctx;
};

/*
 * Read one source, giving each answer to sink as soon as its row validates
 * -- but only while d holds no error at all: from the first error recorded
 * in d (in this file, or in an earlier one read with the same d) nothing
 * more is delivered, though the file is still read to its end so that every
 * problem is reported.  Returns 0, or -1 with every problem in d, in which
 * case what sink received must be discarded.
 */
int ingest_file(const struct survey_source *src, const struct framework *fw,
                const struct registry *reg, const struct answer_sink *sink, struct diag *d);
/* The same, the file read once: sha gets the SHA-256 of its bytes once it has
   been read to its end ("" if it could not be). */
int ingest_file_hashed(const struct survey_source *src, const struct framework *fw,
                       const struct registry *reg, const struct answer_sink *sink, char sha[65],
                       struct diag *d);
/* ingest_file() appending to out: 0, or -1 with nothing appended (what was
   delivered is taken back). */
int ingest_file_to_set(const struct survey_source *src, const struct framework *fw,
                       const struct registry *reg, struct answer_set *out, struct diag *d);
/* A sink that only counts the answers into *count. */
void answer_sink_counter(struct answer_sink *k, size_t *count);

/* The words a yes/no answer may be (folded: lower case, no accents), scoring
   1 and 0; NULL-terminated.  Published with the open data's scoring tables. */
extern const char *const answer_yes_words[];
extern const char *const answer_no_words[];

void answer_set_init(struct answer_set *s);
void answer_set_release(struct answer_set *s);
/* Append a copy of a (strings duplicated). */
void answer_set_push(struct answer_set *s, const struct answer *a);

/* Parse value as an answer to q: fills *number (score for select_*), returns
   0, or -1 with a description of what was expected in why (why_len bytes). */
int answer_parse(const struct question *q, const char *value, int decimal_comma,
                 double *number, char *why, size_t why_len);

/* How answer_parse_ex reads a value. */
struct parse_opts {
    int decimal_comma;
    enum survey_shape shape;  /* names the list separator in messages       */
    int keep_other;           /* select_multiple: items that are no option
                                 (Google Forms' "Other" text) are kept, not
                                 scored, and the first is put in other      */
    char *other;              /* keep_other: the first such item, or ""     */
    size_t other_len;
};
int answer_parse_ex(const struct question *q, const char *value, struct parse_opts *o,
                    double *number, char *why, size_t why_len);

/* ------------------------------------------------------------------------ */
/* Internal: shared by ingest.c and ingest_shapes.c only (added by the      */
/* ingest module; nothing else should use these).                            */
/* ------------------------------------------------------------------------ */

/* What one column of an export holds (decided from its header). */
enum column_role {
    COL_IGNORE,       /* meta column, or listed in ignore_columns           */
    COL_UNNAMED,      /* empty header: an error if a row has a value there  */
    COL_INSTITUTION,
    COL_RESPONDENT,
    COL_OFFICIAL,
    COL_SUBMITTED,    /* LimeSurvey submitdate: empty = incomplete response */
    COL_ANSWER,       /* the answer to question q                           */
    COL_OPTION,       /* option opt of select_multiple q: 1/0, Y/N/blank    */
    COL_EVIDENCE,     /* evidence (URL, document) for question q            */
    COL_CODE,         /* long/admin: the question or indicator code         */
    COL_VALUE,        /* long/admin: the value                              */
    COL_SOURCE,       /* admin: where the value comes from (-> evidence)    */
    COL_YEAR,         /* long/admin (columns = year:H): the row's round     */
    COL_DATA,         /* wide: the value of question q, or of code          */
    COL_OTHER,        /* no question uses it: other_columns says what to do  */
    COL_REVIEW        /* ODK Central ReviewState: "rejected" rows are left out */
};

struct ingest_column {
    enum column_role role;
    int q;             /* index in fw->questions, or -1                      */
    int opt;           /* COL_OPTION: index in the question's options, else -1 */
    const char *code;  /* COL_DATA without q: indicator/variable code
                          (borrowed from the framework)                      */
    char *header;      /* the header, trimmed (owned)                        */
};

/* The mapping file: export column (or code) -> target ("" = ignore,
   "Q", "Q#evidencia", or for admin/wide an indicator/variable code). */
struct ingest_map {
    char **column, **target;
    long *line;
    int n;
};

/* Load and check path (every target must exist in fw, or in another
   framework src feeds: framework = A, B).  0 or -1 (in d). */
int ingest_map_load(const char *path, const struct framework *fw,
                    const struct survey_source *src, struct ingest_map *m, struct diag *d);
/* Is code (a question, "Q#evidencia", for admin and wide an indicator or
   variable) one of another framework's that src feeds (framework = A, B)? */
int ingest_sibling_knows(const struct survey_source *src, const char *code);
/* The framework(s) src feeds, for messages: "IGD", or "IGD/ITIC" for
   framework = IGD, ITIC.  Caller frees. */
char *ingest_fw_label(const struct survey_source *src, const struct framework *fw);
void ingest_map_release(struct ingest_map *m);
/* Target of column, or NULL when the mapping does not name it. */
const char *ingest_map_find(const struct ingest_map *m, const char *column);

/* Classify every column of header (n = header->n) into cols, which the
   caller allocates; problems (unknown question, missing institution column,
   required question without a column, ...) go to d as file:line:column.
   Returns 0, or -1 if anything was recorded. */
int ingest_columns(const struct survey_source *src, const struct framework *fw,
                   const struct ingest_map *map, const char *file, const struct csv_row *header,
                   struct ingest_column *cols, struct diag *d);

/* The spreadsheet letter of field i: A..Z, AA.. (buf of 8 bytes). */
const char *ingest_column_letter(int i, char *buf);
/* An error in field i of row, located as the CSV reader counts (line and
   byte column) and as a spreadsheet shows it: the column's header and its
   letter ("column Q07 (AB): ..."); fmt is translated.  Returns -1. */
int ingest_field_error(struct diag *d, const char *file, const struct csv_row *row, int i,
                       const char *header, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));

/* What a tool's own column is (ingest_headers.c). */
enum system_column { SYS_NONE, SYS_IGNORE, SYS_SUBMITTED, SYS_REVIEW };
enum system_column ingest_system_column(enum survey_shape shape, const char *h);
/* Headers that hold the respondent id in shape's exports, most preferred
   first, NULL-terminated. */
const char *const *ingest_respondent_headers(enum survey_shape shape);
/* s folded (utf8_fold) with runs of white space made one space and trimmed.
   Caller frees. */
char *ingest_fold_words(const char *s);

/* Questions by code (also through the mapping) or by text, for headers. */
struct qindex {
    const struct framework *fw;
    const struct ingest_map *map;
    char **fold;               /* [q * LANG_COUNT + l]: text folded, or NULL */
    int n;
};
void qindex_init(struct qindex *x, const struct framework *fw, const struct ingest_map *map);
void qindex_release(struct qindex *x);
/* Question whose code is s (or s's mapping target), or -1. */
int qindex_code(const struct qindex *x, const char *s);
/* Question whose text (es or en) is s, exactly, else ignoring case, accents
   and spacing; -1 if none.  *twice gets a second question with that text. */
int qindex_text(const struct qindex *x, const char *s, int *twice);

/* Lookups in the framework: index or -1. */
int ingest_find_question(const struct framework *fw, const char *code);
int ingest_find_indicator(const struct framework *fw, const char *code);
int ingest_find_variable(const struct framework *fw, const char *code);
/* Option of q whose code (exactly) or label (es/en, then ignoring case and
   accents) is value; -1 if none. */
int ingest_find_option(const struct question *q, const char *value);
/* Node index of the first indicator that reads question q and needs
   evidence, or -1. */
int ingest_evidence_node(const struct framework *fw, int q);
/* Candidate equal to given ignoring case and accents, or NULL. */
const char *ingest_similar(const char *given, const char *(*name_at)(const void *set, int i),
                           const void *set, int n);
const char *ingest_question_code_at(const void *fw, int i);
/* A copy of s without surrounding whitespace (also NBSP).  Caller frees. */
char *ingest_trim(const char *s);
/* The same as a span: s[*begin, *end) is s (n bytes) trimmed. */
void ingest_trim_span(const char *s, size_t n, size_t *begin, size_t *end);

#endif
