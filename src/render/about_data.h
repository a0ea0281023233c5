/*
 * about_data.h — what the indices measure and where the data come from,
 * written from the round's numbers.
 *
 * The national report's section before the methodology: per index what it
 * measures (its [index] description and source, its pillars with their
 * effective weights and indicators by kind, the indicators normalised
 * against the other institutions), the survey files of the round that feed
 * it (shape, lines, answers, institutions: store_get_inputs), then, across
 * the indices, the coverage (registry, with data, excluded, scored without a
 * rank, new since the previous round), the cells without an answer and the
 * rule applied to them, and the limitations of the figures (self-reported
 * answers and the evidence that was missing, demo data, method changes,
 * wide rank intervals, relative indicators).  Every figure is one the
 * round's results or the database hold, so this section cannot disagree
 * with the tables after it.
 *
 * The section is built as blocks that render_pdf.c lays out, so the words
 * live here and the page layout there.
 */
#ifndef INDIGO_ABOUT_DATA_H
#define INDIGO_ABOUT_DATA_H

#include "round.h"

enum about_kind {
    ABOUT_HEADING,   /* a subsection heading (level 2, in the contents)    */
    ABOUT_LABEL,     /* a bold run-in line                                 */
    ABOUT_PARA,
    ABOUT_BULLET,
    ABOUT_TABLE
};

struct about_table {
    int n_cols, n_rows;
    char **head;           /* n_cols                                        */
    double *width;         /* n_cols, points; one 0 takes the rest          */
    int *right;            /* n_cols: 1 = aligned right (numbers)           */
    char **cell;           /* n_rows x n_cols, row-major                    */
};

struct about_block {
    enum about_kind kind;
    char *text;                 /* every kind but ABOUT_TABLE              */
    struct about_table *table;  /* ABOUT_TABLE                             */
};

struct about {
    struct about_block *block;
    int n;
};

/* The section numbers it points to: its own, the methodology's (whose
   subsection n_idx + 1 compares with the previous round), the robustness
   section's (0: none) and the data quality section's. */
struct about_numbers {
    int self, method, robustness, quality;
};

/* The section of rd in lang into out (released with about_release). */
void about_build(const struct round_data *rd, enum lang lang, const struct about_numbers *num,
                 struct about *out);
void about_release(struct about *a);

/* Facts of one index the section states, for the tests and other outputs. */
struct about_coverage {
    int registry;       /* institutions in the round's registry             */
    int no_answers;     /* excluded: no value at all (FLAG_NO_ANSWERS)       */
    int screened;       /* excluded by screening                             */
    int scored;         /* included, with a score                            */
    int unranked;       /* scored, registry ranked = no                      */
    int ranked;         /* run_n_ranked                                      */
    int fresh;          /* not in the previous round (-1: no previous round) */
    long cells, unanswered, imputed;
    long no_evidence_zero, no_evidence_keep;
};

void about_coverage_of(const struct round_data *rd, const struct index_run *run,
                       struct about_coverage *out);

#endif
