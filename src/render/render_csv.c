/*
 * render_csv.c — the round as open data: every table as CSV and as JSON, and
 * a Frictionless Data Package (datapackage.json) that describes them.
 *
 * Each table is declared once, as data (struct table below: its fields with
 * types and descriptions, keys, and the function producing its rows).  The
 * same declaration writes the CSV header, the JSON objects and the Table
 * Schema, and every cell is checked against the declared type as it is
 * written, so the files and their description cannot drift apart.
 *
 * Bytes depend only on the round: rows follow the index order of the round,
 * the registry order of institutions and the file order of nodes; numbers are
 * printed as the shortest text that reads back to the same double
 * (fmt_shortest: 0.2, not 0.20000000000000001); there is no clock.
 */
#include "render.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "framework.h"
#include "i18n.h"
#include "ingest.h"
#include "licence.h"
#include "method_text.h"
#include "numfmt.h"
#include "render_site.h"
#include "sha256.h"
#include "strbuf.h"
#include "uncertainty.h"
#include "xalloc.h"

/* ======================================================================== */
/* Table declarations                                                        */
/* ======================================================================== */

enum ftype { FT_STRING, FT_INTEGER, FT_NUMBER, FT_BOOLEAN };

struct field {
    const char *name;      /* column name                                   */
    enum ftype type;
    int required;          /* never empty (Table Schema constraints.required) */
    const char *desc;      /* Spanish; the English is tr(LANG_EN, desc)      */
};

struct fkey {
    const char *fields;    /* local fields, comma-separated                  */
    const char *resource;  /* the CSV resource referred to                   */
    const char *ref;       /* its fields, comma-separated                    */
};

struct tw;

struct table {
    const char *name;      /* resource name and file stem                    */
    const char *title;     /* Spanish, translated with tr()                  */
    const char *desc;
    const struct field *fields;
    int n_fields;
    const char *pkey;      /* comma-separated                                */
    const struct fkey *fkeys;
    int n_fkeys;
    void (*rows)(struct tw *w, const struct round_data *rd);
};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The last column of every table of a demonstration round, so that no row
   of it can be taken for an official result once copied out of its file
   (the package's title and "indigo.demo" say it only once). */
static const struct field f_demo = {"datos_demostracion", FT_BOOLEAN, 1,
                                    "Verdadero: datos de demostración, no resultados oficiales"};

static const struct field f_indices[] = {
    {"codigo", FT_STRING, 1, "Código del índice"},
    {"nombre_es", FT_STRING, 1, "Nombre del índice en español"},
    {"nombre_en", FT_STRING, 0, "Nombre del índice en inglés"},
    {"anio", FT_INTEGER, 1, "Año de la ronda"},
    {"anio_anterior", FT_INTEGER, 0, "Año de la ronda anterior comparada (vacío si no hay)"},
    {"escala_min", FT_NUMBER, 1, "Mínimo de la escala del índice"},
    {"escala_max", FT_NUMBER, 1, "Máximo de la escala del índice"},
    {"instituciones_incluidas", FT_INTEGER, 1,
     "Instituciones con datos suficientes (no excluidas por el filtrado)"},
    {"promedio_nacional", FT_NUMBER, 0,
     "Promedio nacional del índice, ponderado por el peso de cada institución"},
};

static const struct field f_instituciones[] = {
    {"codigo", FT_STRING, 1, "Código de la institución en el registro"},
    {"nombre_es", FT_STRING, 1, "Nombre de la institución en español"},
    {"nombre_en", FT_STRING, 0, "Nombre de la institución en inglés"},
    {"grupo", FT_STRING, 0, "Grupo de la institución (por ejemplo, ministerio o secretaría)"},
    {"peso", FT_NUMBER, 1, "Peso de la institución en el promedio nacional"},
    {"clasificada", FT_BOOLEAN, 1,
     "Falso si el registro la marca ranked = no: se calcula y se publica, pero no tiene "
     "posición ni entra en el promedio nacional"},
};

static const struct field f_marco[] = {
    {"indice", FT_STRING, 1, "Código del índice"},
    {"nodo", FT_STRING, 1, "Código del nodo (índice, pilar, subpilar o indicador)"},
    {"padre", FT_STRING, 0, "Código del nodo padre (vacío para el índice)"},
    {"nombre_es", FT_STRING, 1, "Nombre del nodo en español"},
    {"nombre_en", FT_STRING, 0, "Nombre del nodo en inglés"},
    {"nivel_arbol", FT_INTEGER, 1, "Nivel en el árbol: 1 = indicador; el índice tiene el mayor"},
    {"es_indicador", FT_BOOLEAN, 1, "Verdadero si el nodo es un indicador"},
    {"peso", FT_NUMBER, 0, "Peso relativo a sus hermanos (vacío para el índice)"},
    {"peso_efectivo", FT_NUMBER, 0,
     "Peso efectivo en el índice: producto de los pesos normalizados hasta la raíz"},
    {"agregacion", FT_STRING, 0,
     "Método con que se agregan sus hijos (arithmetic, geometric, harmonic, median)"},
    {"normalizacion", FT_STRING, 0, "Método de normalización del indicador"},
    {"direccion", FT_INTEGER, 0, "Dirección del indicador: 1 = más es mejor, -1 = menos es mejor"},
    {"pregunta", FT_STRING, 0, "Código de la pregunta que mide el indicador"},
    {"denominador", FT_STRING, 0, "Código de la variable que divide al indicador"},
    {"eje", FT_STRING, 0, "Eje de la segunda vista del marco"},
    {"promedio_nacional", FT_NUMBER, 0,
     "Promedio nacional del nodo, ponderado por el peso de cada institución"},
    {"factor_escala", FT_NUMBER, 0,
     "Factor de escala del indicador: valor / denominador × factor_escala"},
    {"meta_inferior", FT_NUMBER, 0,
     "Meta inferior del indicador (o mínimo del rango de destino de min-max)"},
    {"meta_superior", FT_NUMBER, 0,
     "Meta superior del indicador (o máximo del rango de destino de min-max)"},
    {"objetivo", FT_NUMBER, 0, "Objetivo de la distancia al objetivo o a la referencia"},
    {"requiere_evidencia", FT_BOOLEAN, 1, "Verdadero si una respuesta positiva necesita evidencia"},
    {"regla_evidencia", FT_STRING, 0,
     "Qué vale una respuesta positiva sin evidencia válida (zero, keep, error)"},
};

static const struct field f_niveles[] = {
    {"indice", FT_STRING, 1, "Código del índice"},
    {"nivel", FT_INTEGER, 1, "Número del nivel de madurez, desde 1"},
    {"nombre_es", FT_STRING, 1, "Nombre del nivel en español"},
    {"nombre_en", FT_STRING, 0, "Nombre del nivel en inglés"},
    {"umbral_inferior", FT_NUMBER, 0,
     "Valor desde el cual empieza el nivel, incluido (vacío para el primero)"},
};

static const struct field f_resultados[] = {
    {"indice", FT_STRING, 1, "Código del índice"},
    {"institucion", FT_STRING, 1, "Código de la institución"},
    {"nodo", FT_STRING, 1, "Código del nodo"},
    {"valor", FT_NUMBER, 0, "Puntaje del nodo (vacío si no hay datos)"},
    {"posicion", FT_INTEGER, 0, "Posición entre las instituciones incluidas (1 = la mejor)"},
    {"nivel", FT_INTEGER, 0, "Nivel de madurez (solo en la fila del índice)"},
    {"valor_anterior", FT_NUMBER, 0, "Puntaje en la ronda anterior"},
    {"posicion_anterior", FT_INTEGER, 0, "Posición en la ronda anterior"},
    {"cambio", FT_NUMBER, 0, "Puntaje menos puntaje anterior"},
    {"incluida", FT_BOOLEAN, 1, "Falso si la institución fue excluida por el filtrado"},
};

static const struct field f_indicadores[] = {
    {"indice", FT_STRING, 1, "Código del índice"},
    {"institucion", FT_STRING, 1, "Código de la institución"},
    {"indicador", FT_STRING, 1, "Código del indicador"},
    {"encuestados", FT_INTEGER, 0,
     "Número de encuestados de la institución que respondieron la pregunta del indicador"},
    {"respuestas_combinadas", FT_INTEGER, 0,
     "Respuestas que entran en valor_bruto según la regla de encuestados del índice "
     "(con la regla «oficial», 1: la del encuestado oficial o la única)"},
    {"valor_bruto", FT_NUMBER, 0, "Valor del indicador antes de cualquier paso"},
    {"denominador", FT_NUMBER, 0, "Valor del denominador"},
    {"valor_denominado", FT_NUMBER, 0, "Valor tras dividir por el denominador"},
    {"valor_imputado", FT_NUMBER, 0, "Valor tras la imputación"},
    {"valor_tratado", FT_NUMBER, 0, "Valor tras el tratamiento de valores atípicos"},
    {"valor_normalizado", FT_NUMBER, 0, "Valor normalizado, el que entra en la agregación"},
    {"faltante", FT_BOOLEAN, 1, "Sin dato y sin imputar"},
    {"imputado", FT_BOOLEAN, 1, "Valor imputado"},
    {"winsorizado", FT_BOOLEAN, 1, "Valor cambiado por la winsorización"},
    {"logaritmo", FT_BOOLEAN, 1, "Indicador transformado con logaritmo"},
    {"recortado", FT_BOOLEAN, 1, "Valor recortado a una meta"},
    {"excluido", FT_BOOLEAN, 1, "Institución excluida por el filtrado"},
};

static const struct field f_respuestas[] = {
    {"anio", FT_INTEGER, 1, "Año de la ronda"},
    {"indice", FT_STRING, 1, "Código del índice"},
    {"institucion", FT_STRING, 1, "Código de la institución"},
    {"pregunta", FT_STRING, 1, "Código de la pregunta o variable administrativa"},
    {"encuestado", FT_STRING, 0, "Identificador del encuestado (vacío si el archivo no lo tiene)"},
    {"oficial", FT_BOOLEAN, 1, "Verdadero si es el encuestado oficial designado"},
    {"respuesta", FT_STRING, 0, "Respuesta tal como se recibió"},
    {"puntaje", FT_NUMBER, 0,
     "Puntaje de la respuesta (puntos de la opción, 1/0 para sí/no, el número dado)"},
    {"evidencia", FT_STRING, 0, "Evidencia (enlace o documento) dada con la respuesta"},
    {"archivo", FT_STRING, 1, "Archivo de origen, como lo nombra la configuración"},
    {"linea", FT_INTEGER, 1, "Línea del registro en el archivo de origen (desde 1)"},
};

static const struct field f_puntos[] = {
    {"indice", FT_STRING, 1, "Código del índice"},
    {"pregunta", FT_STRING, 1, "Código de la pregunta"},
    {"tipo", FT_STRING, 1,
     "Tipo de respuesta (si_no, likert5, porcentaje, numero, seleccion_unica, seleccion_multiple, texto)"},
    {"opcion", FT_STRING, 1,
     "Respuesta aceptada (código de la opción o palabra de sí/no, sin mayúsculas ni tildes)"},
    {"etiqueta_es", FT_STRING, 0, "Etiqueta de la opción en español"},
    {"etiqueta_en", FT_STRING, 0, "Etiqueta de la opción en inglés"},
    {"puntos", FT_NUMBER, 1,
     "Puntos de la respuesta; en select_multiple se suman los de cada opción elegida una vez"},
};

static const struct field f_parametros[] = {
    {"indice", FT_STRING, 1, "Código del índice"},
    {"paso", FT_STRING, 1, "Paso del cálculo al que pertenece el parámetro"},
    {"parametro", FT_STRING, 1, "Nombre del parámetro, como en framework.ini o la configuración"},
    {"valor", FT_STRING, 0, "Valor del parámetro (números con la precisión del motor)"},
};

static const struct field f_sensibilidad[] = {
    {"indice", FT_STRING, 1, "Código del índice"},
    {"factor", FT_STRING, 1,
     "Supuesto variado (weights, normalisation, aggregation, imputation, drop)"},
    {"primer_orden", FT_NUMBER, 0, "Índice de sensibilidad de primer orden (Saltelli 2010)"},
    {"total", FT_NUMBER, 0, "Índice de sensibilidad total (Jansen)"},
    {"primer_orden_q05", FT_NUMBER, 0, "Cuantil 5 % bootstrap del índice de primer orden"},
    {"primer_orden_q95", FT_NUMBER, 0, "Cuantil 95 % bootstrap del índice de primer orden"},
    {"total_q05", FT_NUMBER, 0, "Cuantil 5 % bootstrap del índice total"},
    {"total_q95", FT_NUMBER, 0, "Cuantil 95 % bootstrap del índice total"},
    {"puntos_base", FT_INTEGER, 1, "Puntos base N del diseño de Saltelli"},
};

/* The second view: the framework's axes (IGD: the Plan's strategic axes). */
static const struct field f_ejes[] = {
    {"indice", FT_STRING, 1, "Código del índice"},
    {"institucion", FT_STRING, 1, "Código de la institución"},
    {"eje", FT_STRING, 1, "Eje de la segunda vista del marco"},
    {"valor", FT_NUMBER, 0,
     "Puntaje del eje: promedio de los valores normalizados de sus indicadores con datos, "
     "ponderado por su peso efectivo en el índice (vacío si no hay datos)"},
    {"incluida", FT_BOOLEAN, 1, "Falso si la institución fue excluida por el filtrado"},
};

static const struct field f_ejes_nacional[] = {
    {"indice", FT_STRING, 1, "Código del índice"},
    {"eje", FT_STRING, 1, "Eje de la segunda vista del marco"},
    {"indicadores", FT_INTEGER, 1, "Indicadores del eje"},
    {"promedio_nacional", FT_NUMBER, 0,
     "Promedio nacional del eje: puntajes del eje de las instituciones, ponderados por su peso"},
};

static const struct fkey k_marco[] = {
    {"indice", "indices", "codigo"},
};
static const struct fkey k_niveles[] = {
    {"indice", "indices", "codigo"},
};
static const struct fkey k_resultados[] = {
    {"institucion", "instituciones", "codigo"},
    {"indice,nodo", "marco", "indice,nodo"},
};
static const struct fkey k_indicadores[] = {
    {"institucion", "instituciones", "codigo"},
    {"indice,indicador", "marco", "indice,nodo"},
};
static const struct fkey k_respuestas[] = {
    {"indice", "indices", "codigo"},
};
static const struct fkey k_puntos[] = {
    {"indice", "indices", "codigo"},
};
static const struct fkey k_parametros[] = {
    {"indice", "indices", "codigo"},
};
static const struct fkey k_sensibilidad[] = {
    {"indice", "indices", "codigo"},
};
static const struct fkey k_ejes[] = {
    {"indice", "indices", "codigo"},
    {"institucion", "instituciones", "codigo"},
};
static const struct fkey k_ejes_nacional[] = {
    {"indice", "indices", "codigo"},
};

static void rows_indices(struct tw *w, const struct round_data *rd);
static void rows_instituciones(struct tw *w, const struct round_data *rd);
static void rows_marco(struct tw *w, const struct round_data *rd);
static void rows_niveles(struct tw *w, const struct round_data *rd);
static void rows_resultados(struct tw *w, const struct round_data *rd);
static void rows_indicadores(struct tw *w, const struct round_data *rd);
static void rows_respuestas(struct tw *w, const struct round_data *rd);
static void rows_puntos(struct tw *w, const struct round_data *rd);
static void rows_parametros(struct tw *w, const struct round_data *rd);
static void rows_sensibilidad(struct tw *w, const struct round_data *rd);
static void rows_ejes(struct tw *w, const struct round_data *rd);
static void rows_ejes_nacional(struct tw *w, const struct round_data *rd);

/* Referenced tables come before the tables that refer to them. */
static const struct table tables[] = {
    {"indices", "Índices", "Los índices de la ronda: nombre, escala y promedio nacional",
     f_indices, COUNT(f_indices), "codigo", NULL, 0, rows_indices},
    {"instituciones", "Instituciones", "Las instituciones medidas, del registro de la ronda",
     f_instituciones, COUNT(f_instituciones), "codigo", NULL, 0, rows_instituciones},
    {"marco", "Marco de indicadores",
     "El árbol de cada índice: nodos, pesos, métodos y promedio nacional", f_marco,
     COUNT(f_marco), "indice,nodo", k_marco, COUNT(k_marco), rows_marco},
    {"niveles", "Niveles de madurez", "Los niveles de madurez de cada índice y sus umbrales",
     f_niveles, COUNT(f_niveles), "indice,nivel", k_niveles, COUNT(k_niveles), rows_niveles},
    {"resultados", "Resultados",
     "Una fila por índice, institución y nodo: puntaje, posición, nivel y cambio",
     f_resultados, COUNT(f_resultados), "indice,institucion,nodo", k_resultados,
     COUNT(k_resultados), rows_resultados},
    {"indicadores", "Indicadores",
     "Una fila por índice, institución e indicador: el valor tras cada paso y sus marcas",
     f_indicadores, COUNT(f_indicadores), "indice,institucion,indicador", k_indicadores,
     COUNT(k_indicadores), rows_indicadores},
    {"respuestas", "Respuestas",
     "Las respuestas de cada ronda guardada tal como se cargaron, con su puntaje y su origen",
     f_respuestas, COUNT(f_respuestas), "anio,archivo,linea,indice,pregunta",
     k_respuestas, COUNT(k_respuestas), rows_respuestas},
    {"puntos", "Tablas de puntos",
     "Los puntos de cada respuesta aceptada por pregunta: opciones y reglas de sí/no",
     f_puntos, COUNT(f_puntos), "indice,pregunta,opcion", k_puntos, COUNT(k_puntos),
     rows_puntos},
    {"parametros", "Parámetros del cálculo",
     "Cada parámetro de cada paso del cálculo, del marco y de la configuración",
     f_parametros, COUNT(f_parametros), "indice,paso,parametro", k_parametros,
     COUNT(k_parametros), rows_parametros},
    {"sensibilidad", "Análisis de sensibilidad",
     "Índices de sensibilidad de primer orden y total de cada supuesto variado, con sus "
     "intervalos bootstrap",
     f_sensibilidad, COUNT(f_sensibilidad), "indice,factor", k_sensibilidad,
     COUNT(k_sensibilidad), rows_sensibilidad},
    {"ejes", "Ejes",
     "Una fila por índice, institución y eje de la segunda vista: el puntaje del eje",
     f_ejes, COUNT(f_ejes), "indice,institucion,eje", k_ejes, COUNT(k_ejes), rows_ejes},
    {"ejes_nacional", "Ejes: promedio nacional",
     "Una fila por índice y eje de la segunda vista: el promedio nacional del eje",
     f_ejes_nacional, COUNT(f_ejes_nacional), "indice,eje", k_ejes_nacional,
     COUNT(k_ejes_nacional), rows_ejes_nacional},
};
#define N_TABLES COUNT(tables)

/* ======================================================================== */
/* Cell encoding                                                             */
/* ======================================================================== */

/* JSON string body: quotes, backslashes and control characters escaped;
   UTF-8 passes through. */
static void json_text(struct strbuf *sb, const char *s)
{
    strbuf_addc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s;;) {
        /* the characters that need no escape, copied as one run */
        size_t run = 0;
        while (p[run] >= 0x20 && p[run] != '"' && p[run] != '\\')
            run++;
        strbuf_add(sb, p, run);
        p += run;
        if (!*p)
            break;
        switch (*p) {
        case '"': strbuf_adds(sb, "\\\""); break;
        case '\\': strbuf_adds(sb, "\\\\"); break;
        case '\n': strbuf_adds(sb, "\\n"); break;
        case '\r': strbuf_adds(sb, "\\r"); break;
        case '\t': strbuf_adds(sb, "\\t"); break;
        default: strbuf_addf(sb, "\\u%04x", *p);
        }
        p++;
    }
    strbuf_addc(sb, '"');
}

/* A text cell, RFC 4180.  A cell a spreadsheet would run as a formula (it
   begins with = + - @, or tab / CR, which some spreadsheets skip before
   looking) gets a leading apostrophe: the file is opened by people, in Excel
   or LibreOffice, and must not execute anything (OWASP "CSV injection"). */
static void csv_text(struct strbuf *sb, const char *s)
{
    int neutralise = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        strbuf_addc(sb, '"');
    if (neutralise)
        strbuf_addc(sb, '\'');
    for (const char *p = s; *p;) {
        size_t run = strcspn(p, "\"");   /* up to the next quote, doubled */
        strbuf_add(sb, p, run);
        p += run;
        if (*p == '"') {
            strbuf_add(sb, "\"\"", 2);
            p++;
        }
    }
    if (quote)
        strbuf_addc(sb, '"');
}

/* ======================================================================== */
/* Table writer: one row at a time into the CSV and the JSON files           */
/* ======================================================================== */

/*
 * One output file, written as its rows come: a table of a large round is
 * hundreds of MB (5,000 institutions x 250 indicators: 400 MB of JSON), so
 * the text is kept only up to FLUSH_AT bytes.  The datapackage's size and
 * SHA-256 of each file are taken from the file once it is written.
 */
enum { FLUSH_AT = 1 << 20 };

struct tw_file {
    char *path;
    FILE *fp;              /* NULL once closed, or if it could not be opened */
    int err;               /* errno of the first failure, 0 if none          */
    long long bytes;
    char sha256[65];
};

struct tw {
    const struct table *t;
    struct strbuf csv;     /* the CSV file, header first: what is not out yet */
    struct strbuf json;    /* the JSON file: an array of objects, one a line */
    struct tw_file csv_f, json_f;
    int col;               /* next column of the current row                 */
    long n_rows;
    struct diag *d;        /* where a table whose rows are read back reports */
    int failed;            /* 1: reading its rows failed (recorded in d)     */
    int demo;              /* 1: each row ends with f_demo, true             */
};

static void twf_open(struct tw_file *f, const char *dir, const char *name, const char *ext)
{
    f->path = xasprintf("%s/%s.%s", dir, name, ext);
    f->fp = fopen(f->path, "wb");
    f->err = f->fp ? 0 : errno;
    f->bytes = 0;
    f->sha256[0] = '\0';
}

/* What sb holds, out to the file. */
static void twf_flush(struct tw_file *f, struct strbuf *sb)
{
    if (f->fp && !f->err && sb->len && fwrite(sb->buf, 1, sb->len, f->fp) != sb->len)
        f->err = errno ? errno : EIO;
    f->bytes += (long long)sb->len;
    strbuf_reset(sb);
}

static void twf_close(struct tw_file *f, struct strbuf *sb)
{
    twf_flush(f, sb);
    if (f->fp && fclose(f->fp) != 0 && !f->err)
        f->err = errno ? errno : EIO;
    f->fp = NULL;
    if (!f->err && sha256_file(f->path, f->sha256) != 0)
        f->err = errno ? errno : EIO;
}

static void tw_init(struct tw *w, const struct table *t, const char *dir, int demo)
{
    w->t = t;
    w->demo = demo;
    w->col = 0;
    w->n_rows = 0;
    strbuf_init(&w->csv);
    strbuf_init(&w->json);
    twf_open(&w->csv_f, dir, t->name, "csv");
    twf_open(&w->json_f, dir, t->name, "json");
    for (int c = 0; c < t->n_fields; c++) {
        if (c)
            strbuf_addc(&w->csv, ',');
        strbuf_adds(&w->csv, t->fields[c].name);
    }
    if (demo)
        strbuf_addf(&w->csv, ",%s", f_demo.name);
    strbuf_addc(&w->csv, '\n');
    strbuf_addc(&w->json, '[');
}

static void tw_release(struct tw *w)
{
    strbuf_release(&w->csv);
    strbuf_release(&w->json);
    struct tw_file *f[] = {&w->csv_f, &w->json_f};
    for (int i = 0; i < 2; i++) {
        if (f[i]->fp)
            fclose(f[i]->fp);
        free(f[i]->path);
    }
}

/* Start the next cell: checks it has the declared type, writes separators
   and the JSON key. */
static void cell(struct tw *w, enum ftype type, int is_null)
{
    if (w->col >= w->t->n_fields)
        BUG("table %s: more than %d cells in a row", w->t->name, w->t->n_fields);
    const struct field *f = &w->t->fields[w->col];
    if (f->type != type)
        BUG("table %s: column %s written with the wrong type", w->t->name, f->name);
    if (is_null && f->required)
        BUG("table %s: required column %s left empty", w->t->name, f->name);
    if (w->col == 0) {
        strbuf_adds(&w->json, w->n_rows ? ",\n{" : "\n{");
    } else {
        strbuf_addc(&w->csv, ',');
        strbuf_addc(&w->json, ',');
    }
    json_text(&w->json, f->name);
    strbuf_addc(&w->json, ':');
    if (is_null)
        strbuf_adds(&w->json, "null");
    w->col++;
}

/* Text; NULL and "" are both missing (the CSV cannot tell them apart). */
static void tw_str(struct tw *w, const char *s)
{
    int is_null = !s || !*s;
    cell(w, FT_STRING, is_null);
    if (is_null)
        return;
    csv_text(&w->csv, s);
    json_text(&w->json, s);
}

/* A number; NAN (or infinite) is missing. */
static void tw_num(struct tw *w, double x)
{
    int is_null = !isfinite(x);
    cell(w, FT_NUMBER, is_null);
    if (is_null)
        return;
    char num[FMT_SHORTEST_MAX];
    fmt_shortest(num, sizeof num, x);
    strbuf_adds(&w->csv, num);
    strbuf_adds(&w->json, num);
}

/* An integer, missing unless present. */
static void tw_int(struct tw *w, long v, int present)
{
    cell(w, FT_INTEGER, !present);
    if (!present)
        return;
    strbuf_addf(&w->csv, "%ld", v);
    strbuf_addf(&w->json, "%ld", v);
}

static void tw_bool(struct tw *w, int b)
{
    cell(w, FT_BOOLEAN, 0);
    strbuf_adds(&w->csv, b ? "true" : "false");
    strbuf_adds(&w->json, b ? "true" : "false");
}

static void tw_end_row(struct tw *w)
{
    if (w->col != w->t->n_fields)
        BUG("table %s: row with %d of %d cells", w->t->name, w->col, w->t->n_fields);
    if (w->demo) {
        strbuf_adds(&w->csv, ",true");
        strbuf_addc(&w->json, ',');
        json_text(&w->json, f_demo.name);
        strbuf_adds(&w->json, ":true");
    }
    strbuf_addc(&w->csv, '\n');
    strbuf_addc(&w->json, '}');
    w->col = 0;
    w->n_rows++;
    if (w->csv.len >= FLUSH_AT)
        twf_flush(&w->csv_f, &w->csv);
    if (w->json.len >= FLUSH_AT)
        twf_flush(&w->json_f, &w->json);
}

static void tw_finish(struct tw *w)
{
    strbuf_adds(&w->json, "\n]\n");
    twf_close(&w->csv_f, &w->csv);
    twf_close(&w->json_f, &w->json);
}

/* ======================================================================== */
/* Rows                                                                      */
/* ======================================================================== */

/* Method codes as the framework files spell them (docs/framework-format.md):
   data values, not prose, so not translated. */
/* round.h promises every result lists the registry's units in its order;
   the tables join on that, so check it once per index. */
static void check_units(const struct round_data *rd, const struct index_run *ir)
{
    if (ir->res.n_units != rd->reg->n)
        BUG("index %s: %d units in the result, %d in the registry", ir->fw->code,
            ir->res.n_units, rd->reg->n);
    for (int u = 0; u < rd->reg->n; u++)
        if (strcmp(ir->res.unit_code[u], rd->reg->items[u].code) != 0)
            BUG("index %s: unit %d is %s in the result, %s in the registry", ir->fw->code, u,
                ir->res.unit_code[u], rd->reg->items[u].code);
}

static void rows_indices(struct tw *w, const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        const struct framework *fw = ir->fw;
        int included = 0;
        for (int u = 0; u < ir->res.n_units; u++)
            included += ir->res.included[u] != 0;
        tw_str(w, fw->code);
        tw_str(w, fw->name[LANG_ES]);
        tw_str(w, fw->name[LANG_EN]);
        tw_int(w, rd->year, 1);
        tw_int(w, ir->prev_year, ir->prev_year != 0);
        tw_num(w, fw->scale_min);
        tw_num(w, fw->scale_max);
        tw_int(w, included, 1);
        tw_num(w, ir->res.national[fw->root]);
        tw_end_row(w);
    }
}

static void rows_instituciones(struct tw *w, const struct round_data *rd)
{
    for (int u = 0; u < rd->reg->n; u++) {
        const struct institution *it = &rd->reg->items[u];
        tw_str(w, it->code);
        tw_str(w, it->name[LANG_ES]);
        tw_str(w, it->name[LANG_EN]);
        tw_str(w, it->group);
        tw_num(w, it->weight);
        tw_bool(w, !it->unranked);
        tw_end_row(w);
    }
}

static void rows_marco(struct tw *w, const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        const struct framework *fw = ir->fw;
        for (int k = 0; k < fw->n_nodes; k++) {
            const struct node *n = &fw->nodes[k];
            int ind = n->is_indicator;
            tw_str(w, fw->code);
            tw_str(w, n->code);
            tw_str(w, n->parent >= 0 ? fw->nodes[n->parent].code : NULL);
            tw_str(w, n->name[LANG_ES]);
            tw_str(w, n->name[LANG_EN]);
            tw_int(w, n->level, 1);
            tw_bool(w, ind);
            tw_num(w, n->parent >= 0 ? n->weight : NAN);
            tw_num(w, ir->res.eff_weight[k]);
            tw_str(w, ind ? NULL : agg_method_name(compute_node_agg(fw, k)));
            tw_str(w, ind ? norm_method_name(compute_node_norm(fw, k)) : NULL);
            tw_int(w, n->direction, ind);
            tw_str(w, ind ? n->question : NULL);
            tw_str(w, ind ? n->denominator : NULL);
            tw_str(w, n->axis);
            tw_num(w, ir->res.national[k]);
            tw_num(w, ind ? n->scale_factor : NAN);
            tw_num(w, ind ? n->lower : NAN);
            tw_num(w, ind ? n->upper : NAN);
            tw_num(w, ind ? n->target : NAN);
            tw_bool(w, ind && n->evidence_required);
            tw_str(w, ind ? evidence_rule_name(n->evidence_rule_set ? n->evidence_rule
                                                                     : fw->missing_evidence)
                          : NULL);
            tw_end_row(w);
        }
    }
}

static void rows_niveles(struct tw *w, const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct framework *fw = rd->idx[i].fw;
        const struct maturity *m = &fw->maturity;
        for (int l = 0; l < m->n; l++) {
            tw_str(w, fw->code);
            tw_int(w, l + 1, 1);
            tw_str(w, m->name[l][LANG_ES]);
            tw_str(w, m->name[l][LANG_EN]);
            tw_num(w, l > 0 ? m->threshold[l - 1] : NAN);
            tw_end_row(w);
        }
    }
}

static void rows_resultados(struct tw *w, const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        const struct framework *fw = ir->fw;
        const struct result *r = &ir->res;
        check_units(rd, ir);
        for (int u = 0; u < r->n_units; u++) {
            for (int k = 0; k < fw->n_nodes; k++) {
                size_t c = run_node_cell(ir, u, k);
                double prev = run_prev_value(ir, u, k);
                int prev_rank = run_prev_rank(ir, u, k);
                int level = k == fw->root ? r->maturity[u] : -1;
                tw_str(w, fw->code);
                tw_str(w, r->unit_code[u]);
                tw_str(w, fw->nodes[k].code);
                tw_num(w, r->value[c]);
                tw_int(w, r->rank[c], r->rank[c] > 0);
                tw_int(w, level + 1, level >= 0);
                tw_num(w, prev);
                tw_int(w, prev_rank, prev_rank > 0);
                tw_num(w, r->value[c] - prev);
                tw_bool(w, r->included[u]);
                tw_end_row(w);
            }
        }
    }
}

/* How many of unit u's respondents gave a scored answer to question q of
   fw in this round: the people behind the value, whatever the respondents
   rule then keeps (respuestas_combinadas); q is the question or, for an
   administrative value, the indicator's own code (as score.c reads it).
   set and ix are the round's answers (or unit u's); -1 when they are not at
   hand. */
static long respondents_of(const struct round_data *rd, const struct answer_set *set,
                           const struct answer_index *ix, const struct framework *fw, int u,
                           const char *q)
{
    if (!q || !set || !ix)
        return -1;
    long n = 0;
    for (size_t p = ix->start[u]; p < ix->start[u + 1]; p++) {
        const struct answer *a = &set->items[ix->item[p]];
        n += a->year == rd->year && !isnan(a->number) && strcmp(a->question, q) == 0 &&
             strcmp(a->framework, fw->code) == 0;
    }
    return n;
}

static void indicator_rows(struct tw *w, const struct round_data *rd, const struct index_run *ir,
                           int u, const struct answer_set *set, const struct answer_index *ix)
{
    const struct framework *fw = ir->fw;
    const struct result *r = &ir->res;
    for (int j = 0; j < r->n_ind; j++) {
        size_t c = run_ind_cell(ir, u, j);
        unsigned fl = r->flags[c];
        const struct node *nd = &fw->nodes[r->ind_node[j]];
        long people = respondents_of(rd, set, ix, fw, u, nd->question ? nd->question : nd->code);
        tw_str(w, fw->code);
        tw_str(w, r->unit_code[u]);
        tw_str(w, fw->nodes[r->ind_node[j]].code);
        tw_int(w, people, people >= 0);
        tw_int(w, ir->n_respondents ? ir->n_respondents[c] : 0, ir->n_respondents != NULL);
        tw_num(w, r->raw[c]);
        tw_num(w, r->denom ? r->denom[c] : NAN);
        tw_num(w, r->denominated[c]);
        tw_num(w, r->imputed[c]);
        tw_num(w, r->treated[c]);
        tw_num(w, r->normalised[c]);
        tw_bool(w, (fl & FLAG_MISSING) != 0);
        tw_bool(w, (fl & FLAG_IMPUTED) != 0);
        tw_bool(w, (fl & FLAG_WINSORISED) != 0);
        tw_bool(w, (fl & FLAG_LOGGED) != 0);
        tw_bool(w, (fl & FLAG_CLIPPED) != 0);
        tw_bool(w, (fl & FLAG_SCREENED) != 0);
        tw_end_row(w);
    }
}

/* With a feed (the report), each unit's answers are read back for its rows
   only, so the table's memory does not grow with the answers. */
static void rows_indicadores(struct tw *w, const struct round_data *rd)
{
    const struct answer_feed *f = rd->feed;
    for (int i = 0; i < rd->n_idx && !w->failed; i++) {
        const struct index_run *ir = &rd->idx[i];
        check_units(rd, ir);
        for (int u = 0; u < ir->res.n_units && !w->failed; u++) {
            if (!f) {
                indicator_rows(w, rd, ir, u, rd->answers, rd->by_unit);
                continue;
            }
            struct spill_set held;
            if (f->unit(f->ctx, u, &held, w->d) != 0) {
                w->failed = 1;
                break;
            }
            indicator_rows(w, rd, ir, u, &held.set, &held.ix);
            f->release(&held);
        }
    }
}

static void answer_row(struct tw *w, const struct answer *a)
{
    tw_int(w, a->year, 1);
    tw_str(w, a->framework);
    tw_str(w, a->institution);
    tw_str(w, a->question);
    tw_str(w, a->respondent);
    tw_bool(w, a->is_official);
    tw_str(w, a->value);
    tw_num(w, a->number);
    tw_str(w, a->evidence);
    tw_str(w, a->file ? a->file : "?");
    tw_int(w, a->line, 1);
    tw_end_row(w);
}

static void answer_rows(struct tw *w, const struct answer_set *set, int year)
{
    for (size_t i = 0; set && i < set->n; i++)
        if (!year || set->items[i].year == year)
            answer_row(w, &set->items[i]);
}

/* answer_feed.each: one row. */
static int answer_row_put(void *arg, const struct answer *a)
{
    answer_row(arg, a);
    return 0;
}

/* Every stored round's answers, the earlier rounds first, each in the
   store's order: what a reviewer recomputes from (score = the points the
   scoring tables give). */
static void rows_respuestas(struct tw *w, const struct round_data *rd)
{
    if (rd->feed) {
        if (rd->feed->each(rd->feed->ctx, answer_row_put, w, w->d) != 0)
            w->failed = 1;
        return;
    }
    answer_rows(w, rd->earlier, 0);
    answer_rows(w, rd->answers, rd->year);
}

static void puntos_row(struct tw *w, const struct framework *fw, const struct question *q,
                       const char *option, const char *es, const char *en, double points)
{
    tw_str(w, fw->code);
    tw_str(w, q->code);
    tw_str(w, answer_type_name(q->type));
    tw_str(w, option);
    tw_str(w, es);
    tw_str(w, en);
    tw_num(w, points);
    tw_end_row(w);
}

/* One row per answer a question accepts with a fixed score: its options, the
   yes/no words (1 and 0) or the Likert levels 1..5.  Percentages and numbers
   score as the number given and have no table. */
static void rows_puntos(struct tw *w, const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct framework *fw = rd->idx[i].fw;
        for (int k = 0; k < fw->n_questions; k++) {
            const struct question *q = &fw->questions[k];
            for (int o = 0; o < q->n_options; o++)
                puntos_row(w, fw, q, q->options[o].code, q->options[o].label[LANG_ES],
                           q->options[o].label[LANG_EN], q->options[o].points);
            if (q->n_options)
                continue;
            if (q->type == ANSWER_YESNO) {
                for (int y = 0; answer_yes_words[y]; y++)
                    puntos_row(w, fw, q, answer_yes_words[y], "sí", "yes", 1);
                for (int y = 0; answer_no_words[y]; y++)
                    puntos_row(w, fw, q, answer_no_words[y], "no", "no", 0);
            } else if (q->type == ANSWER_LIKERT5) {
                for (int y = 1; y <= 5; y++) {
                    char lv[2] = {(char)('0' + y), '\0'};
                    puntos_row(w, fw, q, lv, NULL, NULL, y);
                }
            }
        }
    }
}

static void param_row(struct tw *w, const struct framework *fw, const char *step,
                      const char *name, const char *value)
{
    tw_str(w, fw->code);
    tw_str(w, step);
    tw_str(w, name);
    tw_str(w, value);
    tw_end_row(w);
}

static void param_num(struct tw *w, const struct framework *fw, const char *step,
                      const char *name, double x)
{
    char num[FMT_SHORTEST_MAX];
    param_row(w, fw, step, name, isfinite(x) ? fmt_shortest(num, sizeof num, x) : NULL);
}

static void param_list(struct tw *w, const struct framework *fw, const char *step,
                       const char *name, char **items, int n)
{
    struct strbuf sb;
    strbuf_init(&sb);
    for (int i = 0; i < n; i++)
        strbuf_addf(&sb, "%s%s", i ? ";" : "", items[i]);
    param_row(w, fw, step, name, sb.buf);
    strbuf_release(&sb);
}

static void params_index(struct tw *w, const struct framework *fw)
{
    const struct steps *st = &fw->steps;
    struct strbuf sb;
    strbuf_init(&sb);
    for (int s = 0; s < st->n; s++)
        strbuf_addf(&sb, "%s%s", s ? ";" : "", step_name(st->order[s]));
    param_row(w, fw, "index", "steps", sb.buf);
    strbuf_release(&sb);
    param_num(w, fw, "index", "scale_min", fw->scale_min);
    param_num(w, fw, "index", "scale_max", fw->scale_max);
    param_list(w, fw, "index", "missing_codes", fw->missing_codes, fw->n_missing_codes);
    param_row(w, fw, "index", "missing_evidence", evidence_rule_name(fw->missing_evidence));
    param_row(w, fw, "score", "respondents", combine_rule_name(fw->respondents));
    param_num(w, fw, "screen", "threshold", st->screen_threshold);
    param_list(w, fw, "screen", "force_include", st->force_include, st->n_force_include);
    param_list(w, fw, "screen", "force_exclude", st->force_exclude, st->n_force_exclude);
    param_row(w, fw, "screen", "no_answers", st->exclude_unanswered ? "exclude" : "include");
    param_row(w, fw, "impute", "method", impute_method_name(st->impute));
    param_num(w, fw, "treat", "winmax", st->winmax);
    param_num(w, fw, "treat", "skew_max", st->skew_max);
    param_num(w, fw, "treat", "kurt_max", st->kurt_max);
    param_row(w, fw, "treat", "log_fallback", st->log_fallback ? "true" : "false");
    param_row(w, fw, "normalise", "method", norm_method_name(st->norm));
    param_num(w, fw, "normalise", "lower", st->norm_lower);
    param_num(w, fw, "normalise", "upper", st->norm_upper);
}

static void params_aggregate(struct tw *w, const struct framework *fw)
{
    const struct steps *st = &fw->steps;
    int top = fw->nodes[fw->root].level;
    for (int l = 2; l <= top && l <= LEVEL_MAX; l++) {
        char *name = xasprintf("level%d", l);
        param_row(w, fw, "aggregate", name, agg_method_name(st->agg[l]));
        free(name);
        name = xasprintf("level%d_threshold", l);
        param_num(w, fw, "aggregate", name, st->agg_threshold[l]);
        free(name);
    }
    param_num(w, fw, "aggregate", "zero_shift", st->geo_zero_shift);
    param_row(w, fw, "rank", "rounded", fw->rank_rounded ? "true" : "false");
    param_num(w, fw, "rank", "decimals", fw->rank_decimals);
    param_row(w, fw, "rank", "ties", "min");
    const struct maturity *m = &fw->maturity;
    param_row(w, fw, "maturity", "boundary", m->boundary_lower ? "lower" : "upper");
    param_row(w, fw, "maturity", "rounded", m->rounded ? "true" : "false");
    param_num(w, fw, "maturity", "decimals", m->decimals);
}

/* The uncertainty analysis as it ran: the options the configuration gives
   (ua_options_from_config, what the pipeline passes to uncertainty_run) and
   the counts of the run itself; nothing when the analysis did not run. */
static void params_uncertainty(struct tw *w, const struct round_data *rd,
                               const struct index_run *ir)
{
    const struct framework *fw = ir->fw;
    const struct uncertainty *ua = ir->ua;
    if (!rd->cfg || !ua)
        return;
    struct ua_options o;
    ua_options_from_config(&o, rd->cfg);
    o.sa_n = ua->sa_n;
    char num[32];
    snprintf(num, sizeof num, "%llu", (unsigned long long)o.seed);
    struct strbuf sb;
    strbuf_init(&sb);
    for (int f = 0; f < UA_N_FACTORS; f++)
        if (ua->varied & UA_BIT(f))
            strbuf_addf(&sb, "%s%s", sb.len ? ";" : "", ua_factor_name((enum ua_factor)f));
    param_row(w, fw, "uncertainty", "factors", sb.buf);
    strbuf_reset(&sb);
    param_num(w, fw, "uncertainty", "runs", ua->runs);
    param_row(w, fw, "uncertainty", "generator", "xoshiro256** (one stream per replication)");
    param_row(w, fw, "uncertainty", "seed", num);
    param_num(w, fw, "uncertainty", "weight_noise", o.weight_noise[0]);
    param_row(w, fw, "uncertainty", "weight_distribution",
              "w * (1 + noise * (2u - 1)), u ~ U[0, 1), one u per node");
    for (int a = 0; a < o.n_norm_alt; a++)
        strbuf_addf(&sb, "%s%s", a ? ";" : "", norm_method_name(o.norm_alt[a]));
    param_row(w, fw, "uncertainty", "normalisation_alternatives", sb.buf);
    strbuf_reset(&sb);
    for (int a = 0; a < o.n_agg_alt; a++)
        strbuf_addf(&sb, "%s%s", a ? ";" : "", agg_method_name(o.agg_alt[a]));
    param_row(w, fw, "uncertainty", "aggregation_alternatives", sb.buf);
    strbuf_reset(&sb);
    for (int a = 0; a < o.n_impute_alt; a++)
        strbuf_addf(&sb, "%s%s", a ? ";" : "", impute_method_name(o.impute_alt[a]));
    param_row(w, fw, "uncertainty", "imputation_alternatives", sb.buf);
    strbuf_release(&sb);
    param_row(w, fw, "uncertainty", "drop", "none or one indicator, each 1/(n_ind + 1)");
    param_row(w, fw, "uncertainty", "output",
              "y = mean over included units of |rank - nominal rank| of the index");
    param_num(w, fw, "uncertainty", "sa_n", o.sa_n);
    param_row(w, fw, "uncertainty", "design", "Saltelli A, B, AB_i: N (k + 2) evaluations");
    param_row(w, fw, "uncertainty", "estimator_first_order",
              "Saltelli 2010: mean(yB (yAB_i - yA)) / Var(yA, yB)");
    param_row(w, fw, "uncertainty", "estimator_total",
              "Jansen 1999: mean((yA - yAB_i)^2) / (2 Var(yA, yB))");
    param_num(w, fw, "uncertainty", "bootstrap", o.n_boot);
    param_row(w, fw, "uncertainty", "interval", "bootstrap 5% and 95% quantiles");
    param_row(w, fw, "uncertainty", "top_bottom_group", "max(1, floor(n_ranked / 4))");
}

static void rows_sensibilidad(struct tw *w, const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct uncertainty *ua = rd->idx[i].ua;
        for (int k = 0; ua && k < ua->n_sens; k++) {
            const struct ua_sens *se = &ua->sens[k];
            tw_str(w, rd->idx[i].fw->code);
            tw_str(w, ua_factor_name(se->factor));
            tw_num(w, se->si);
            tw_num(w, se->sti);
            tw_num(w, se->si_q05);
            tw_num(w, se->si_q95);
            tw_num(w, se->sti_q05);
            tw_num(w, se->sti_q95);
            tw_int(w, ua->sa_n, 1);
            tw_end_row(w);
        }
    }
}

static void rows_ejes(struct tw *w, const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        const struct result *r = &ir->res;
        check_units(rd, ir);
        for (int u = 0; u < r->n_units; u++) {
            for (int a = 0; a < r->n_axes; a++) {
                tw_str(w, ir->fw->code);
                tw_str(w, r->unit_code[u]);
                tw_str(w, r->axis_code[a]);
                tw_num(w, r->axis_value[(size_t)u * (size_t)r->n_axes + (size_t)a]);
                tw_bool(w, r->included[u]);
                tw_end_row(w);
            }
        }
    }
}

static void rows_ejes_nacional(struct tw *w, const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct index_run *ir = &rd->idx[i];
        const struct result *r = &ir->res;
        for (int a = 0; a < r->n_axes; a++) {
            int n = 0;
            for (int j = 0; j < r->n_ind; j++) {
                const char *ax = ir->fw->nodes[r->ind_node[j]].axis;
                n += ax && strcmp(ax, r->axis_code[a]) == 0;
            }
            tw_str(w, ir->fw->code);
            tw_str(w, r->axis_code[a]);
            tw_int(w, n, 1);
            tw_num(w, r->axis_national[a]);
            tw_end_row(w);
        }
    }
}

static void rows_parametros(struct tw *w, const struct round_data *rd)
{
    for (int i = 0; i < rd->n_idx; i++) {
        const struct framework *fw = rd->idx[i].fw;
        params_index(w, fw);
        params_aggregate(w, fw);
        params_uncertainty(w, rd, &rd->idx[i]);
    }
}

/* ======================================================================== */
/* datapackage.json: a small indenting JSON writer                           */
/* ======================================================================== */

struct jw {
    struct strbuf sb;
    int depth;
    int first[16];          /* no member written yet at this depth           */
};

/* Separator, newline and indent before a member; then "key": if key. */
static void jw_member(struct jw *j, const char *key)
{
    if (!j->first[j->depth])
        strbuf_addc(&j->sb, ',');
    j->first[j->depth] = 0;
    strbuf_addc(&j->sb, '\n');
    for (int i = 0; i <= j->depth; i++)
        strbuf_adds(&j->sb, "  ");
    if (key) {
        json_text(&j->sb, key);
        strbuf_adds(&j->sb, ": ");
    }
}

static void jw_open(struct jw *j, const char *key, char bracket)
{
    if (j->depth >= 0)
        jw_member(j, key);
    strbuf_addc(&j->sb, bracket);
    if (++j->depth >= COUNT(j->first))
        BUG("datapackage.json nested too deep");
    j->first[j->depth] = 1;
}

static void jw_close(struct jw *j, char bracket)
{
    int empty = j->first[j->depth];
    j->depth--;
    if (!empty) {
        strbuf_addc(&j->sb, '\n');
        for (int i = 0; i <= j->depth; i++)
            strbuf_adds(&j->sb, "  ");
    }
    strbuf_addc(&j->sb, bracket);
}

static void jw_str(struct jw *j, const char *key, const char *v)
{
    jw_member(j, key);
    json_text(&j->sb, v);
}

static void jw_long(struct jw *j, const char *key, long long v)
{
    jw_member(j, key);
    strbuf_addf(&j->sb, "%lld", v);
}

static void jw_bool(struct jw *j, const char *key, int v)
{
    jw_member(j, key);
    strbuf_adds(&j->sb, v ? "true" : "false");
}

/* A comma-separated list as a JSON array of strings. */
static void jw_list(struct jw *j, const char *key, const char *csv)
{
    jw_open(j, key, '[');
    const char *s = csv;
    while (*s) {
        size_t n = strcspn(s, ",");
        char *item = xstrndup(s, n);
        jw_str(j, NULL, item);
        free(item);
        s += n;
        if (*s == ',')
            s++;
    }
    jw_close(j, ']');
}

static const char *const type_name[] = {"string", "integer", "number", "boolean"};

/* Title / description in both languages: "title" is Spanish, the default
   language of every output; "title_en" is a custom property. */
static void jw_bilingual(struct jw *j, const char *key, const char *es)
{
    char *key_en = xasprintf("%s_en", key);
    jw_str(j, key, es);
    jw_str(j, key_en, tr(LANG_EN, es));
    free(key_en);
}

static void jw_field(struct jw *j, const struct field *f, int csv)
{
    jw_open(j, NULL, '{');
    jw_str(j, "name", f->name);
    jw_str(j, "type", type_name[f->type]);
    jw_bilingual(j, "description", f->desc);
    if (f->type == FT_BOOLEAN && csv) {
        jw_open(j, "trueValues", '[');
        jw_str(j, NULL, "true");
        jw_close(j, ']');
        jw_open(j, "falseValues", '[');
        jw_str(j, NULL, "false");
        jw_close(j, ']');
    }
    if (f->required) {
        jw_open(j, "constraints", '{');
        jw_bool(j, "required", 1);
        jw_close(j, '}');
    }
    jw_close(j, '}');
}

static void jw_schema(struct jw *j, const struct table *t, int csv, int demo)
{
    jw_open(j, "schema", '{');
    jw_open(j, "fields", '[');
    for (int c = 0; c < t->n_fields; c++)
        jw_field(j, &t->fields[c], csv);
    if (demo)
        jw_field(j, &f_demo, csv);
    jw_close(j, ']');
    jw_open(j, "missingValues", '[');
    jw_str(j, NULL, "");
    jw_close(j, ']');
    jw_list(j, "primaryKey", t->pkey);
    if (t->n_fkeys) {
        jw_open(j, "foreignKeys", '[');
        for (int k = 0; k < t->n_fkeys; k++) {
            jw_open(j, NULL, '{');
            jw_list(j, "fields", t->fkeys[k].fields);
            jw_open(j, "reference", '{');
            jw_str(j, "resource", t->fkeys[k].resource);
            jw_list(j, "fields", t->fkeys[k].ref);
            jw_close(j, '}');
            jw_close(j, '}');
        }
        jw_close(j, ']');
    }
    jw_close(j, '}');
}

static void jw_resource(struct jw *j, const struct table *t, int csv, int demo,
                        const struct tw_file *data)
{
    const char *hex = data->sha256;
    char *name = xasprintf(csv ? "%s" : "%s-json", t->name);
    char *path = xasprintf(csv ? "%s.csv" : "%s.json", t->name);
    char *hash = xasprintf("sha256:%s", hex);
    jw_open(j, NULL, '{');
    jw_str(j, "name", name);
    jw_str(j, "path", path);
    jw_str(j, "profile", csv ? "tabular-data-resource" : "data-resource");
    jw_bilingual(j, "title", t->title);
    jw_bilingual(j, "description", t->desc);
    jw_str(j, "format", csv ? "csv" : "json");
    jw_str(j, "mediatype", csv ? "text/csv" : "application/json");
    jw_str(j, "encoding", "utf-8");
    jw_long(j, "bytes", data->bytes);
    jw_str(j, "hash", hash);
    if (csv) {
        jw_open(j, "dialect", '{');
        jw_str(j, "delimiter", ",");
        jw_str(j, "lineTerminator", "\n");
        jw_str(j, "quoteChar", "\"");
        jw_bool(j, "doubleQuote", 1);
        jw_bool(j, "header", 1);
        jw_close(j, '}');
    }
    jw_schema(j, t, csv, demo);
    jw_close(j, '}');
    free(name);
    free(path);
    free(hash);
}

/* The package's title in lang: the round's title from the config, else a
   generic one with the year; marked when the data are a demonstration. */
static char *package_title(const struct round_data *rd, enum lang lang)
{
    const char *t = rd->cfg && rd->cfg->title[lang] && *rd->cfg->title[lang]
                        ? rd->cfg->title[lang] : NULL;
    char *base = t ? xstrdup(t)
                   : xasprintf("%s %d", tr(lang, "Índices de gobierno digital"), rd->year);
    if (!rd->demo)
        return base;
    char *s = xasprintf("%s (%s)", base, tr(lang, "datos de demostración"));
    free(base);
    return s;
}

static char *package_description(const struct round_data *rd, enum lang lang)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, tr(lang, "Resultados por institución de los índices"));
    for (int i = 0; i < rd->n_idx; i++) {
        const struct framework *fw = rd->idx[i].fw;
        strbuf_addf(&sb, "%s%s (%s)", i == 0 ? ": " : "; ", NAME(fw, lang), fw->code);
    }
    strbuf_addf(&sb, "; %s %d. ", tr(lang, "ronda"), rd->year);
    strbuf_adds(&sb, tr(lang, "Calculados con indigo según el Manual OCDE/JRC sobre la "
                              "construcción de indicadores compuestos (compatible con COINr)."));
    strbuf_addc(&sb, ' ');
    strbuf_adds(&sb, tr(lang, "En los CSV, el texto que empieza por =, +, - o @ lleva delante un "
                              "apóstrofo para que ninguna hoja de cálculo lo ejecute como "
                              "fórmula; los JSON llevan el texto original."));
    if (rd->demo) {
        strbuf_addc(&sb, ' ');
        strbuf_adds(&sb, tr(lang, "Son datos de demostración, no resultados oficiales."));
    }
    char *s = strbuf_detach(&sb);
    strbuf_release(&sb);   /* strbuf_detach() leaves sb initialised */
    return s;
}

/* The method statements the portal and the PDF print (method_text.h), per
   index and language, so the package states the same rules. */
static void jw_method(struct jw *j, const struct round_data *rd)
{
    jw_open(j, "method", '[');
    for (int i = 0; i < rd->n_idx; i++) {
        const struct framework *fw = rd->idx[i].fw;
        jw_open(j, NULL, '{');
        jw_str(j, "index", fw->code);
        int treat = 0;
        for (int s = 0; s < fw->steps.n; s++)
            treat |= fw->steps.order[s] == STEP_TREAT;
        for (int l = 0; l < LANG_COUNT; l++) {
            char *t = treat ? method_treat_text(&fw->steps, (enum lang)l) : NULL;
            char *a = method_aggregate_text(fw, (enum lang)l);
            if (t)
                jw_str(j, l == LANG_ES ? "treat" : "treat_en", t);
            jw_str(j, l == LANG_ES ? "aggregate" : "aggregate_en", a);
            char *v = method_levels_text(fw, (enum lang)l);
            if (v)
                jw_str(j, l == LANG_ES ? "levels" : "levels_en", v);
            free(v);
            static const char *const key[][LANG_COUNT] = {
                {"score", "score_en"},   {"denominate", "denominate_en"},
                {"screen", "screen_en"}, {"impute", "impute_en"},
                {"normalise", "normalise_en"}, {"rank", "rank_en"}};
            char *st[] = {method_score_text(fw, (enum lang)l),
                          method_denominate_text(fw, (enum lang)l),
                          method_screen_text(&fw->steps, (enum lang)l),
                          method_impute_text(&fw->steps, (enum lang)l),
                          method_normalise_text(fw, (enum lang)l), method_rank_text(fw, (enum lang)l)};
            /* a step the framework does not run is stated nowhere */
            static const int kind[] = {STEP_SCORE, STEP_DENOMINATE, STEP_SCREEN, STEP_IMPUTE,
                                       STEP_NORMALISE, -1};
            for (size_t q = 0; q < sizeof st / sizeof *st; q++) {
                int runs = kind[q] < 0;
                for (int s = 0; s < fw->steps.n; s++)
                    runs |= (int)fw->steps.order[s] == kind[q];
                if (runs)
                    jw_str(j, key[q][l], st[q]);
                free(st[q]);
            }
            if (rd->idx[i].ua && rd->cfg) {
                struct ua_options uo;
                ua_options_from_config(&uo, rd->cfg);
                char *u = method_uncertainty_text(rd->idx[i].ua, &uo, (enum lang)l);
                jw_str(j, l == LANG_ES ? "uncertainty" : "uncertainty_en", u);
                free(u);
            }
            char *e = method_eff_weight_text(fw, (enum lang)l);
            jw_str(j, l == LANG_ES ? "effective_weights" : "effective_weights_en", e);
            free(e);
            free(t);
            free(a);
        }
        jw_close(j, '}');
    }
    jw_close(j, ']');
}

static void jw_package(struct jw *j, const struct round_data *rd, struct tw *w)
{
    jw_open(j, NULL, '{');
    jw_str(j, "profile", "tabular-data-package");
    char *name = xasprintf("indigo-%d", rd->year);
    jw_str(j, "name", name);
    free(name);
    for (int l = 0; l < LANG_COUNT; l++) {
        char *t = package_title(rd, (enum lang)l);
        jw_str(j, l == LANG_ES ? "title" : "title_en", t);
        free(t);
    }
    for (int l = 0; l < LANG_COUNT; l++) {
        char *t = package_description(rd, (enum lang)l);
        jw_str(j, l == LANG_ES ? "description" : "description_en", t);
        free(t);
    }
    jw_str(j, "version", rd->version ? rd->version : "0");
    char *created = xasprintf("%04d-01-01T00:00:00Z", rd->year);
    jw_str(j, "created", created);
    free(created);
    jw_open(j, "licenses", '[');
    jw_open(j, NULL, '{');
    const struct licence *lic = licence_of(rd->cfg);
    jw_str(j, "name", lic->id);
    jw_str(j, "path", lic->url);
    jw_str(j, "title", lic->title);
    jw_close(j, '}');
    jw_close(j, ']');
    jw_open(j, "sources", '[');
    jw_open(j, NULL, '{');
    jw_str(j, "title", "OECD/JRC, Handbook on Constructing Composite Indicators: "
                       "Methodology and User Guide (2008)");
    jw_str(j, "path", "https://doi.org/10.1787/9789264043466-en");
    jw_close(j, '}');
    jw_open(j, NULL, '{');
    jw_str(j, "title", "COINr: composite indicator development and analysis in R");
    jw_str(j, "path", "https://bluefoxr.github.io/COINr/");
    jw_close(j, '}');
    for (int s = 0; s < rd->n_inputs; s++) {
        const struct input_file *in = &rd->inputs[s];
        jw_open(j, NULL, '{');
        jw_str(j, "title", in->path);
        if (in->framework)
            jw_str(j, "framework", in->framework);
        jw_long(j, "year", in->year);
        if (in->shape)
            jw_str(j, "shape", in->shape);
        jw_long(j, "rows", in->rows);
        jw_str(j, "sha256", in->sha256);
        jw_close(j, '}');
    }
    jw_close(j, ']');
    jw_open(j, "indigo", '{');
    jw_long(j, "year", rd->year);
    jw_bool(j, "demo", rd->demo);
    jw_str(j, "program_version", rd->version ? rd->version : "0");
    jw_str(j, "config_sha256", rd->config_sha256);
    jw_method(j, rd);
    jw_close(j, '}');
    jw_open(j, "resources", '[');
    for (int t = 0; t < N_TABLES; t++)
        jw_resource(j, &tables[t], 1, rd->demo, &w[t].csv_f);
    for (int t = 0; t < N_TABLES; t++)
        jw_resource(j, &tables[t], 0, rd->demo, &w[t].json_f);
    jw_close(j, ']');
    jw_close(j, '}');
    strbuf_addc(&j->sb, '\n');
}

/* ======================================================================== */
/* Public functions                                                          */
/* ======================================================================== */

static int write_out(const char *dir, const char *file, const struct strbuf *sb, struct diag *d)
{
    char *path = xasprintf("%s/%s", dir, file);
    int rc = 0;
    if (write_file(path, sb->buf, sb->len) != 0)
        rc = diag_error(d, EX_IOERR_, path, 0, 0, "cannot write: %s", strerror(errno));
    free(path);
    return rc;
}

int render_open_data(const struct round_data *rd, const char *dir, struct diag *d)
{
    if (mkdir_p(dir) != 0)
        return diag_error(d, EX_CANTCREAT_, dir, 0, 0, "cannot create the directory: %s",
                          strerror(errno));
    struct tw w[N_TABLES];
    int rc = 0;
    for (int t = 0; t < N_TABLES; t++) {
        tw_init(&w[t], &tables[t], dir, rd->demo);
        w[t].d = d;
        w[t].failed = 0;
        tables[t].rows(&w[t], rd);
        tw_finish(&w[t]);
        if (w[t].failed && rc == 0)
            rc = -1;
        struct tw_file *f[] = {&w[t].csv_f, &w[t].json_f};
        for (int i = 0; i < 2 && rc == 0; i++)
            if (f[i]->err)
                rc = diag_error(d, EX_IOERR_, f[i]->path, 0, 0, "cannot write: %s",
                                strerror(f[i]->err));
    }
    struct jw j;
    strbuf_init(&j.sb);
    j.depth = -1;
    if (rc == 0)
        jw_package(&j, rd, w);
    if (rc == 0)
        rc = write_out(dir, "datapackage.json", &j.sb, d);
    for (int t = 0; t < N_TABLES; t++)
        tw_release(&w[t]);
    strbuf_release(&j.sb);
    return rc;
}

int open_data_count(void)
{
    return N_TABLES;
}

static const struct table *table_at(int i)
{
    if (i < 0 || i >= N_TABLES)
        BUG("open-data table %d of %d", i, N_TABLES);
    return &tables[i];
}

const char *open_data_name(int i)
{
    return table_at(i)->name;
}

const char *open_data_title(int i, enum lang lang)
{
    return tr(lang, table_at(i)->title);
}

const char *open_data_description(int i, enum lang lang)
{
    return tr(lang, table_at(i)->desc);
}
