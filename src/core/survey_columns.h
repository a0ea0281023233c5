/*
 * survey_columns.h — `columns = role:Header, ...` in a [survey.ID] of shape
 * long or admin: the headers a table uses for indigo's fixed columns, when
 * they are not the default names (institution, question/indicator, value,
 * source, respondent, evidence, official).
 *
 *   [survey.ministerios]
 *   shape = admin
 *   columns = institution:Entidad, indicator:Indicador, value:Valor, source:Fuente
 *
 * A role named here is found only by its configured header (the default
 * names stop meaning it); the roles not named keep their defaults.
 */
#ifndef INDIGO_SURVEY_COLUMNS_H
#define INDIGO_SURVEY_COLUMNS_H

#include "error.h"

struct ini;
struct survey_source;

/* Read sec's columns and other_years keys into s (s->shape and
   s->institution_column already set).  The caller (config.c) refuses
   columns on a shape other than long or admin before calling: this file
   calls nothing of config.c, so the two do not call each other.  Errors go
   to d with their line. */
void survey_load_columns(struct survey_source *s, const struct ini *ini, const char *sec,
                         struct diag *d);

#endif
