/*
 * ingest_headers.c — what the survey tools put in their header lines.
 *
 * Each tool adds columns of its own to an export (KoboToolbox's _uuid and
 * _submission_time, ODK Central's KEY and ReviewState, LimeSurvey's
 * submitdate in the language of the export, Google Forms' timestamp), and
 * names the question columns by code or by the question's text.  This file
 * knows those names, and finds the question a header (or a part of one)
 * stands for: by code, through the mapping file, or by the question's text
 * in Spanish or English, exactly or ignoring case, accents and spacing.
 * ingest_shapes.c uses it to classify the columns.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"
#include "utf8.h"
#include "xalloc.h"

/* ------------------------------------------------------------------------ */
/* System columns                                                            */
/* ------------------------------------------------------------------------ */

/* KoboToolbox / KoBoCAT / Ona metadata (after the group path, if any). */
static const char *const kobo_system[] = {
    "start", "end", "today", "deviceid", "username", "simserial", "subscriberid",
    "phonenumber", "audit", "instanceID", "instanceName", "deprecatedID", "rootUuid",
    "__version__", "$edited", NULL};
/* ODK Central and ODK Briefcase (meta-instanceID is matched by its prefix);
   PARENT_KEY links each row of a repeat group's file to its parent row. */
static const char *const odk_system[] = {
    "SubmissionDate", "KEY", "PARENT_KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
    "AttachmentsExpected", "Status", "DeviceID", "Edits", "FormVersion", "SET-OF-", NULL};
/* LimeSurvey system columns, by code and as the "full question text" export
   writes them in English, Spanish, Dutch, German, French and Portuguese. */
static const char *const lime_submitted[] = {
    "submitdate", "Date submitted", "Fecha de envío", "Fecha de envio", "Datum verzonden",
    "Datum Abgeschickt", "Date de soumission", "Data de submissão", "Data de envio", NULL};
static const char *const lime_system[] = {
    "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr", "refurl", "token",
    "interviewtime", "Last page", "Start language", "Seed", "Date started", "Date last action",
    "Token", "IP address", "Referrer URL", "Total time", "Última página", "Ultima pagina",
    "Idioma inicial", "Idioma de inicio", "Semilla", "Fecha de inicio", "Fecha de la última acción",
    "Fecha última acción", "Código", "Dirección IP", "URL de referencia", "Tiempo total",
    "Laatste pagina", "Starttaal", "Datum gestart", "Datum laatste actie", "Totale tijd",
    "Letzte Seite", "Start-Sprache", "Startsprache", "Zufallszahl", "Datum gestartet",
    "Datum letzte Aktivität", "Gesamtzeit", "Dernière page", "Langue de départ", "Graine",
    "Date de début", "Date de dernière action", "Temps total", NULL};
/* Prefixes of LimeSurvey's timing columns. */
static const char *const lime_system_prefix[] = {
    "groupTime", "Group time:", "Question time:", "Tiempo de grupo:", "Tiempo de pregunta:",
    "Groepstijd:", "Vraagtijd:", "Gruppenzeit:", "Fragenzeit:", NULL};
static const char *const gforms_system[] = {
    "Marca temporal", "Timestamp", "Dirección de correo electrónico", "Email address",
    "Email Address", "Puntuación", "Score", "Nombre de usuario", "Username", NULL};

/* Respondent ids, in order of preference. */
static const char *const kobo_respondent[] = {"_uuid", "KEY", "meta/instanceID",
                                              "meta-instanceID", "instanceID", "_id", "_index",
                                              NULL};
static const char *const lime_respondent[] = {"id", "Response ID", "ID de respuesta",
                                              "Respons ID", "Antwort ID", "ID de la réponse",
                                              "ID da resposta", NULL};

/* Equal ignoring case and accents, and the spacing of words. */
static int same_words(const char *a, const char *b)
{
    char *fa = ingest_fold_words(a), *fb = ingest_fold_words(b);
    int same = strcmp(fa, fb) == 0;
    free(fa);
    free(fb);
    return same;
}

static int in_names(const char *h, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (same_words(h, names[i]))
            return 1;
    return 0;
}

static int has_prefix_in(const char *h, const char *const *prefixes)
{
    for (int i = 0; prefixes[i]; i++)
        if (strncasecmp(h, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* The last element of a KoboToolbox path ("group/q" -> "q"). */
static const char *path_last(const char *h)
{
    const char *s = strrchr(h, '/');
    return s ? s + 1 : h;
}

enum system_column ingest_system_column(enum survey_shape shape, const char *h)
{
    switch (shape) {
    case SHAPE_KOBO:
        if (strcmp(h, "ReviewState") == 0)
            return SYS_REVIEW;
        if (h[0] == '_' || path_last(h)[0] == '_' || strncmp(h, "meta/", 5) == 0 ||
            strncmp(h, "meta-", 5) == 0 || strncmp(h, "formhub/", 8) == 0 ||
            in_names(path_last(h), kobo_system) || in_names(h, odk_system) ||
            strncmp(h, "SET-OF-", 7) == 0)
            return SYS_IGNORE;
        return SYS_NONE;
    case SHAPE_LIMESURVEY:
        if (in_names(h, lime_submitted))
            return SYS_SUBMITTED;
        if (in_names(h, lime_system) || has_prefix_in(h, lime_system_prefix) ||
            in_names(h, lime_respondent))
            return SYS_IGNORE;
        return SYS_NONE;
    case SHAPE_GFORMS:
        return in_names(h, gforms_system) ? SYS_IGNORE : SYS_NONE;
    default:
        return SYS_NONE;
    }
}

const char *const *ingest_respondent_headers(enum survey_shape shape)
{
    static const char *const none[] = {NULL};
    return shape == SHAPE_KOBO ? kobo_respondent
           : shape == SHAPE_LIMESURVEY ? lime_respondent
                                       : none;
}

/* ------------------------------------------------------------------------ */
/* Questions by code or by text                                              */
/* ------------------------------------------------------------------------ */

char *ingest_fold_words(const char *s)
{
    char *f = utf8_fold(s);
    char *w = f, *r = f;
    int space = 1; /* drops leading spaces */
    for (; *r; r++) {
        unsigned char c = (unsigned char)*r;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space)
                *w++ = ' ';
            space = 1;
        } else if (c == 0xC2 && (unsigned char)r[1] == 0xA0) {
            if (!space)
                *w++ = ' ';
            space = 1;
            r++;
        } else {
            *w++ = *r;
            space = 0;
        }
    }
    if (w > f && w[-1] == ' ')
        w--;
    *w = '\0';
    return f;
}

void qindex_init(struct qindex *x, const struct framework *fw, const struct ingest_map *map)
{
    x->fw = fw;
    x->map = map;
    x->n = fw->n_questions;
    x->fold = xcalloc((size_t)(x->n ? x->n : 1) * LANG_COUNT, sizeof *x->fold);
    for (int q = 0; q < x->n; q++)
        for (int l = 0; l < LANG_COUNT; l++)
            if (fw->questions[q].text[l] && *fw->questions[q].text[l])
                x->fold[q * LANG_COUNT + l] = ingest_fold_words(fw->questions[q].text[l]);
}

void qindex_release(struct qindex *x)
{
    for (int i = 0; i < x->n * LANG_COUNT; i++)
        free(x->fold[i]);
    free(x->fold);
    memset(x, 0, sizeof *x);
}

int qindex_code(const struct qindex *x, const char *s)
{
    const char *t = ingest_map_find(x->map, s);
    if (t && *t)
        return ingest_find_question(x->fw, t);
    return ingest_find_question(x->fw, s);
}

int qindex_text(const struct qindex *x, const char *s, int *twice)
{
    int found = -1;
    *twice = -1;
    /* exact first: a text that differs only in case is another question */
    for (int q = 0; q < x->n; q++)
        for (int l = 0; l < LANG_COUNT; l++) {
            const char *t = x->fw->questions[q].text[l];
            if (!t || !*t || strcmp(t, s) != 0)
                continue;
            if (found < 0)
                found = q;
            else if (found != q && *twice < 0)
                *twice = q;
        }
    if (found >= 0)
        return found;
    char *f = ingest_fold_words(s);
    for (int q = 0; q < x->n; q++)
        for (int l = 0; l < LANG_COUNT; l++) {
            const char *t = x->fold[q * LANG_COUNT + l];
            if (!t || strcmp(t, f) != 0)
                continue;
            if (found < 0)
                found = q;
            else if (found != q && *twice < 0)
                *twice = q;
        }
    free(f);
    return found;
}

/* ------------------------------------------------------------------------ */
/* The two lookups every header match starts from (ingest_shapes.c calls    */
/* them too; they live here so the files call one way: shapes -> headers)   */
/* ------------------------------------------------------------------------ */

int ingest_find_question(const struct framework *fw, const char *code)
{
    for (int i = 0; i < fw->n_questions; i++)
        if (strcmp(fw->questions[i].code, code) == 0)
            return i;
    return -1;
}

const char *ingest_map_find(const struct ingest_map *m, const char *column)
{
    for (int i = 0; m && i < m->n; i++)
        if (strcmp(m->column[i], column) == 0)
            return m->target[i];
    return NULL;
}
