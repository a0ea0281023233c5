/*
 * survey_columns.c — the columns key of a [survey.ID] (survey_columns.h).
 */
#include "survey_columns.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ini.h"
#include "xalloc.h"

/* The slot of s a role names; NULL for a role the shape does not have. */
static char **role_slot(struct survey_source *s, const char *role)
{
    int admin = s->shape == SHAPE_ADMIN;
    if (strcmp(role, "institution") == 0)
        return &s->institution_column;
    if (strcmp(role, admin ? "indicator" : "question") == 0)
        return &s->code_column;
    if (strcmp(role, "year") == 0)
        return &s->year_column;
    if (strcmp(role, "value") == 0)
        return &s->value_column;
    if (admin && strcmp(role, "source") == 0)
        return &s->source_column;
    if (!admin && strcmp(role, "respondent") == 0)
        return &s->respondent_column;
    if (!admin && strcmp(role, "evidence") == 0)
        return &s->evidence_column;
    if (!admin && strcmp(role, "official") == 0)
        return &s->official_column;
    return NULL;
}

/* One "role:Header" item. */
static void one_column(struct survey_source *s, const char *item, const char *path, int line,
                       const char *sec, struct diag *d)
{
    const char *colon = strchr(item, ':');
    if (!colon || colon == item || !colon[1]) {
        diag_error(d, EX_DATAERR_, path, line, 0,
                   "[%s] columns: \"%s\" (expected role:Header, e.g. value:Valor)", sec, item);
        return;
    }
    char *role = xstrndup(item, (size_t)(colon - item));
    char **slot = role_slot(s, role);
    if (!slot)
        diag_error(d, EX_DATAERR_, path, line, 0,
                   "[%s] columns: unknown role \"%s\" (expected %s)", sec, role,
                   s->shape == SHAPE_ADMIN
                       ? "institution, indicator, value, source or year"
                       : "institution, question, value, respondent, evidence, official or year");
    else if (*slot)
        diag_error(d, EX_DATAERR_, path, line, 0,
                   "[%s] columns: the %s column is named twice (\"%s\" and \"%s\"; expected one "
                   "header per role)", sec, role, *slot, colon + 1);
    else
        *slot = xstrdup(colon + 1);
    free(role);
}

/* other_years = skip | error: what a year column's other rounds are. */
static void load_other_years(struct survey_source *s, const struct ini *ini, const char *sec,
                             struct diag *d)
{
    const char *v = ini_get(ini, sec, "other_years");
    if (!v || !*v)
        return;
    int line = ini_line(ini, sec, "other_years");
    if (strcmp(v, "error") == 0)
        s->other_years_error = 1;
    else if (strcmp(v, "skip") != 0)
        diag_error(d, EX_DATAERR_, ini_path(ini), line, 0,
                   "[%s] other_years = \"%s\" (expected skip or error)", sec, v);
    if (!s->year_column)
        diag_error(d, EX_DATAERR_, ini_path(ini), line, 0,
                   "[%s] other_years without a year column (expected columns = year:Header)",
                   sec);
}

void survey_load_columns(struct survey_source *s, const struct ini *ini, const char *sec,
                         struct diag *d)
{
    const char *v = ini_get(ini, sec, "columns");
    if (!v || !*v) {
        load_other_years(s, ini, sec, d);
        return;
    }
    int line = ini_line(ini, sec, "columns");
    char **items = NULL;
    int n = ini_split_list(v, &items);
    for (int i = 0; i < n; i++) {
        one_column(s, items[i], ini_path(ini), line, sec, d);
        free(items[i]);
    }
    free(items);
    load_other_years(s, ini, sec, d);
}
