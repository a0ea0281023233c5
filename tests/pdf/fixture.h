/*
 * fixture.h — the round of the PDF, chart and round.c tests, built with the
 * test library's round fixture (tests/lib/round_fixture.h).
 *
 * Two frameworks run through compute_run():
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

#include "round_fixture.h"

enum { FX_MAGA, FX_MINEDUC, FX_MINFIN, FX_MSPAS, FX_SAT, FX_SEGEPLAN, FX_UNITS };
enum { FX_IGD, FX_IDA, FX_INDEX };

/* Build and compute; aborts the test program (exit 99) if the engine fails. */
void fixture_init(struct rfx *fx);
/* Frees what fixture_init made (with rfx_release). */
void fixture_release(struct rfx *fx);

/* Node index of code in framework i (BUG if absent). */
int fixture_node(const struct rfx *fx, int i, const char *code);

#endif
