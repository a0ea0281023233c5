/*
 * fixture.h — a small computed round for the renderer tests (PDF and charts).
 *
 * Two frameworks built in memory and run through compute_run():
 *
 *   IGD  «Índice de Gobierno Digital»: pillars G (weight 2), S, I (weight 1),
 *        two indicators each; steps screen 0.5, impute mean, treat,
 *        goalposts 0..100 (raw values are already on 0..100, so normalising
 *        changes nothing), arithmetic aggregation.  Previous round 2025.
 *   IDA  «Índice de Datos Abiertos»: pillars D, R, two indicators each;
 *        screen 0.5 (MAGA has 1 of 4 and is excluded), no imputation.
 *        No previous round.
 *
 * Six institutions (registry order = code order): MAGA, MINEDUC, MINFIN,
 * MSPAS, SAT, SEGEPLAN — the last one with the long accented name.
 *
 * Hand-computed (see fixture.c): IGD index MAGA 43.75, MINEDUC 61.25,
 * MINFIN 85.625, MSPAS 49.25 (its missing G2 imputed with the mean 72),
 * SAT 86.25, SEGEPLAN 59.375; national mean 64.25.  IDA: MINEDUC 45,
 * MINFIN 75, MSPAS 32.5, SAT 85, SEGEPLAN 45, MAGA excluded; mean 56.5.
 */
#ifndef TEST_PDF_FIXTURE_H
#define TEST_PDF_FIXTURE_H

#include "config.h"
#include "round.h"

enum { FX_MAGA, FX_MINEDUC, FX_MINFIN, FX_MSPAS, FX_SAT, FX_SEGEPLAN, FX_UNITS };
enum { FX_IGD, FX_IDA, FX_INDEX };

struct fixture {
    struct framework fw[FX_INDEX];
    struct registry reg;
    struct config cfg;
    struct answer_set answers;
    struct answer_index by_unit;
    struct index_run run[FX_INDEX];
    struct input_file inputs[2];
    struct round_data rd;
};

/* Build and compute; aborts the test program (exit 99) if the engine fails. */
void fixture_init(struct fixture *fx);
void fixture_release(struct fixture *fx);

/* Node index of code in framework i (BUG if absent). */
int fixture_node(const struct fixture *fx, int i, const char *code);

/* Run a shell command; returns its stdout (malloc'd, NUL-terminated) or NULL
   if it could not run.  *status gets the exit status. */
char *fixture_run(const char *cmd, int *status);

/* 1 if files a and b exist and have identical bytes. */
int fixture_same_file(const char *a, const char *b);

#endif
