/*
 * test_opendata.c — render_open_data() on the fixture round (fixture.h).
 *
 *   test_opendata SRC_DIR OUT_DIR
 *
 * SRC_DIR is tests/site (golden files in golden/, check_datapackage.py);
 * OUT_DIR is scratch space in the build directory.
 *
 * Checks: the hand-computed values of fixture.h in the CSV cells; text that
 * looks like a formula neutralised in CSV and kept in JSON, negative numbers
 * left alone; every file byte-identical to its golden copy (a missing golden
 * file is written to OUT_DIR/golden-new/ and the test fails, as git's t4013
 * does); datapackage.json accepted by check_datapackage.py, which in turn
 * rejects a tampered copy with the exact problems; two runs byte-identical;
 * an uncreatable directory reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "atomic_file.h"
#include "error.h"
#include "fileio.h"
#include "fixture.h"
#include "render.h"
#include "strbuf.h"
#include "tap.h"
#include "testlib.h"
#include "xalloc.h"

static const char *const files[] = {
    "indices.csv", "instituciones.csv", "marco.csv", "niveles.csv", "resultados.csv",
    "indicadores.csv", "indices.json", "instituciones.json", "marco.json", "niveles.json",
    "resultados.json", "indicadores.json", "respuestas.csv", "puntos.csv", "parametros.csv",
    "respuestas.json", "puntos.json", "parametros.json", "sensibilidad.csv", "sensibilidad.json",
    "ejes.csv", "ejes.json", "ejes_nacional.csv", "ejes_nacional.json", "datapackage.json",
};
#define N_FILES ((int)(sizeof files / sizeof files[0]))

/* The line of a file that begins with prefix (a copy, without the newline),
   or NULL. */
static char *line_of(const char *text, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const char *p = text; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len >= n && strncmp(p, prefix, n) == 0)
            return xstrndup(p, len);
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

/* Cell col (0-based) of an unquoted CSV line, as a number (NAN if empty). */
static double cell_num(const char *line, int col)
{
    const char *p = line;
    for (int c = 0; c < col && p; c++) {
        p = strchr(p, ',');
        if (p)
            p++;
    }
    if (!p || *p == ',' || *p == '\0')
        return NAN;
    return strtod(p, NULL);
}

/* The inputs a reviewer recomputes from: the answers with their source line
   (text that looks like a formula neutralised), the step parameters. */
static void test_inputs(const char *dir)
{
    char *resp = slurp_in(dir, "respuestas.csv", NULL);
    char *par = slurp_in(dir, "parametros.csv", NULL);
    ok(resp && strncmp(resp, "anio,indice,institucion,pregunta,encuestado,oficial,respuesta,"
                             "puntaje,evidencia,archivo,linea,datos_demostracion\n", 113) == 0,
       "respuestas.csv header");
    char *l = resp ? line_of(resp, "2026,IGD,GAMA,IGD_A,r6,") : NULL;
    is_str(l, "2026,IGD,GAMA,IGD_A,r6,false,'=10,10,,\"surveys/2026/igd,kobo.csv\",7,true",
           "GAMA's third answer: formula neutralised, score, quoted file, line 7");
    free(l);
    l = resp ? line_of(resp, "2026,IGD,BETA,IGD_B,") : NULL;
    is_str(l, "2026,IGD,BETA,IGD_B,r3,false,,,,\"surveys/2026/igd,kobo.csv\",4,true",
           "BETA's blank answer: no value, no score");
    free(l);
    l = par ? line_of(par, "IGD,impute,method,") : NULL;
    is_str(l, "IGD,impute,method,mean,true", "IGD imputation method in parametros.csv");
    free(l);
    l = par ? line_of(par, "ITIC,screen,threshold,") : NULL;
    is_str(l, "ITIC,screen,threshold,0.5,true", "ITIC screening threshold in parametros.csv");
    free(l);
    free(resp);
    free(par);
}

static void test_values(const char *dir)
{
    char *res = slurp_in(dir, "resultados.csv", NULL);
    char *ind = slurp_in(dir, "indicadores.csv", NULL);
    char *idx = slurp_in(dir, "indices.csv", NULL);
    char *mar = slurp_in(dir, "marco.csv", NULL);
    ok(res && ind && idx && mar, "the CSV files were written");
    if (!res || !ind || !idx || !mar)
        goto out;
    char *l = line_of(res, "indice,");
    is_str(l, "indice,institucion,nodo,valor,posicion,nivel,valor_anterior,posicion_anterior,"
              "cambio,incluida,datos_demostracion", "resultados.csv header");
    free(l);

    /* IGD of ALFA = (2*70 + 1*50)/3 = 190/3; rank 1; level 2 (40 <= x < 70);
       previous 60 (rank 1); change 190/3 - 60 = 10/3 */
    l = line_of(res, "IGD,ALFA,IGD,");
    ok(l != NULL, "IGD/ALFA/IGD row present");
    if (l) {
        is_num(cell_num(l, 3), 190.0 / 3, 1e-12, "ALFA IGD = 190/3");
        is_num(cell_num(l, 4), 1, 0, "ALFA IGD rank 1");
        is_num(cell_num(l, 5), 2, 0, "ALFA IGD level 2 (Intermedio)");
        is_num(cell_num(l, 6), 60, 0, "ALFA IGD previous 60");
        is_num(cell_num(l, 7), 1, 0, "ALFA IGD previous rank 1");
        is_num(cell_num(l, 8), 10.0 / 3, 1e-12, "ALFA IGD change 10/3");
        ok(strcmp(l + strlen(l) - 5, ",true") == 0, "ALFA included");
    }
    free(l);
    /* BETA: b imputed = mean(60, 20) = 40, P1 = 40, IGD = (80 + 90)/3 */
    l = line_of(res, "IGD,BETA,IGD,");
    is_num(l ? cell_num(l, 3) : NAN, 170.0 / 3, 1e-12, "BETA IGD = 170/3");
    is_num(l ? cell_num(l, 6) : 0, NAN, 0, "BETA has no previous value: empty cell");
    free(l);
    /* GAMA: (2*15 + 30)/3 = 20, level 1, previous 25, change -5 (a number,
       so not neutralised although it begins with -) */
    l = line_of(res, "IGD,GAMA,IGD,");
    is_str(l, "IGD,GAMA,IGD,20,3,1,25,2,-5,true,true", "GAMA IGD row, exact bytes");
    free(l);
    l = line_of(res, "IGD,BETA,P1,");
    is_str(l, "IGD,BETA,P1,40,2,,,,,true,true", "BETA P1 = (40 + 40)/2, rank 2, no level below the root");
    free(l);
    l = line_of(res, "ITIC,GAMA,ITIC,");
    is_str(l, "ITIC,GAMA,ITIC,,,,,,,false,true", "GAMA screened out of ITIC: empty cells, not included");
    free(l);
    l = line_of(res, "ITIC,BETA,ITIC,");
    is_str(l, "ITIC,BETA,ITIC,60,1,,,,,true,true", "BETA ITIC = (50 + 70)/2 = 60, rank 1");
    free(l);

    l = line_of(ind, "IGD,BETA,b,");
    is_str(l, "IGD,BETA,b,0,0,,,,40,40,40,false,true,false,false,false,false,true",
           "BETA b: no raw value, imputed 40, flagged imputed");
    free(l);
    l = line_of(ind, "ITIC,GAMA,x,");
    is_str(l, "ITIC,GAMA,x,0,,,,,,,,false,false,false,false,false,true,true",
           "GAMA x in ITIC: flagged excluded");
    free(l);
    l = line_of(ind, "IGD,ALFA,a,");
    ok(l && strncmp(l, "IGD,ALFA,a,2,2,80,", 18) == 0,
       "ALFA a: 2 respondents answered, 2 combined, raw 80 = mean(70, 90)");
    free(l);
    l = line_of(ind, "IGD,GAMA,a,");
    ok(l && strncmp(l, "IGD,GAMA,a,3,3,10,", 18) == 0, "GAMA a: 3 respondents answered");
    free(l);

    l = line_of(idx, "IGD,");
    is_num(l ? cell_num(l, 8) : 0, 140.0 / 3, 1e-12, "IGD national mean = (190/3 + 170/3 + 20)/3");
    is_num(l ? cell_num(l, 7) : 0, 3, 0, "IGD: 3 institutions included");
    is_num(l ? cell_num(l, 4) : 0, 2024, 0, "IGD previous round 2024");
    free(l);
    l = line_of(idx, "ITIC,");
    is_num(l ? cell_num(l, 8) : 0, 40, 0, "ITIC national mean = (20 + 60)/2 over included units");
    is_num(l ? cell_num(l, 7) : 0, 2, 0, "ITIC: 2 institutions included");
    free(l);

    l = line_of(mar, "IGD,P1,");
    is_num(l ? cell_num(l, 8) : 0, 2.0 / 3, 1e-15, "P1 effective weight 2/3");
    is_num(l ? cell_num(l, 15) : 0, 125.0 / 3, 1e-12, "P1 national = (70 + 40 + 15)/3");
    free(l);
    l = line_of(mar, "IGD,a,");
    is_num(l ? cell_num(l, 8) : 0, 1.0 / 3, 1e-15, "a effective weight 2/3 * 1/2 = 1/3");
    free(l);
    test_inputs(dir);
out:
    free(res);
    free(ind);
    free(idx);
    free(mar);
}

static void test_neutralised(const char *dir)
{
    char *csv = slurp_in(dir, "instituciones.csv", NULL);
    char *json = slurp_in(dir, "instituciones.json", NULL);
    char *l = csv ? line_of(csv, "BETA,") : NULL;
    is_str(l, "BETA,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'+cmd|' /C calc'!A0,Ministerio,1,true,true",
           "= and + neutralised with ', quotes doubled");
    free(l);
    l = csv ? line_of(csv, "GAMA,") : NULL;
    is_str(l, "GAMA,\"Secretaría <Nacional> & \"\"Ciencia\"\"\",\"'-Secretariat, Science\","
              "'@grupo,1,true,true",
           "- and @ neutralised, the apostrophe inside the quotes");
    free(l);
    ok(json && strstr(json, "\"nombre_es\":\"=HYPERLINK(\\\"http://evil\\\",\\\"x\\\")\"") != NULL,
       "JSON keeps the original text, escaped");
    ok(json && strstr(json, "\"grupo\":\"@grupo\"") != NULL, "JSON: @grupo unchanged");
    free(csv);
    free(json);
}

static void test_golden(const char *src, const char *dir, const char *out)
{
    for (int i = 0; i < N_FILES; i++) {
        size_t n_got = 0, n_want = 0;
        char *golden = xasprintf("%s/golden", src);
        char *got = slurp_in(dir, files[i], &n_got);
        char *want = slurp_in(golden, files[i], &n_want);
        if (!want && got) {
            char *nd = xasprintf("%s/golden-new", out);
            char *np = xasprintf("%s/%s", nd, files[i]);
            mkdir_p(nd);
            write_file(np, got, n_got);
            ok(0, "golden/%s exists (missing: wrote %s to review and copy)", files[i], np);
            free(nd);
            free(np);
        } else {
            int same = got && want && n_got == n_want && memcmp(got, want, n_got) == 0;
            ok(same, "%s is byte-identical to golden/%s", files[i], files[i]);
            if (!same && got && want) {
                size_t k = 0;
                while (k < n_got && k < n_want && got[k] == want[k])
                    k++;
                printf("#   first difference at byte %zu\n", k);
            }
        }
        free(golden);
        free(got);
        free(want);
    }
}

/* Run the checker; its output in *outp (caller frees).  Exit status. */
static int run_checker(const char *src, const char *dir, char **outp)
{
    char *cmd = xasprintf("/usr/bin/python3 '%s/check_datapackage.py' '%s' 2>&1", src, dir);
    int st = -1;
    char *out = run_command(cmd, &st);
    free(cmd);
    *outp = out ? out : xstrdup("");
    return out ? st : -1;
}

static void test_package(const char *src, const char *dir, const char *out, struct rfx *f)
{
    char *msg = NULL;
    int rc = run_checker(src, dir, &msg);
    ok(rc == 0, "check_datapackage.py accepts datapackage.json and every resource");
    if (rc != 0)
        printf("# %s", msg);
    is_str(msg, "ok: 24 resources, 272 rows\n", "checker summary: 12 tables as CSV and JSON");
    free(msg);

    /* the checker must be able to fail: tamper with a fresh copy */
    struct diag d;
    diag_init(&d);
    char *tam = xasprintf("%s/tampered", out);
    render_open_data(&f->rd, tam, &d);
    diag_release(&d);
    static const char extra[] = "IGD,ALFA,IGD,1,1,1,1,1,1,true,true\n"
                                "IGD,ZETA,a,abc,,,,,,true,true\n"
                                "=SUM(A1),ALFA,a,1,,,,,,true,true\n";
    char *p = xasprintf("%s/resultados.csv", tam);
    size_t n0 = 0;
    free(slurp_in(tam, "resultados.csv", &n0));
    FILE *fp = fopen(p, "a");
    if (fp) {
        fputs(extra, fp);
        fclose(fp);
    }
    rc = run_checker(src, tam, &msg);
    is_int(rc, 1, "checker rejects the tampered copy");
    char *want = xasprintf("resultados.csv: %zu bytes, datapackage.json says %zu\n",
                           n0 + strlen(extra), n0);
    ok(strstr(msg, want) != NULL, "checker: size mismatch reported");
    free(want);
    ok(strstr(msg, "resultados.csv:29: duplicate primary key ('IGD', 'ALFA', 'IGD') (first at line "
                   "2)\n") != NULL,
       "checker: duplicate primary key reported");
    ok(strstr(msg, "resultados.csv:30: valor: 'abc' is not a number\n") != NULL,
       "checker: type error reported");
    ok(strstr(msg, "resultados.csv:30: ['institucion'] = ('ZETA',) not found in "
                   "instituciones.csv\n") != NULL,
       "checker: foreign key reported");
    ok(strstr(msg, "resultados.csv:31: indice: '=SUM(A1)' begins like a formula and is not "
                   "neutralised\n") != NULL,
       "checker: formula-looking cell reported");
    if (rc != 1)
        printf("# %s", msg);
    free(msg);
    free(p);
    free(tam);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_opendata SRC_DIR OUT_DIR\n");
        return 2;
    }
    const char *src = argv[1], *out = argv[2];
    struct rfx f;
    if (fx_build_with(&f, 1, 1) != 0) {
        ok(0, "fixture computed");
        return tap_done();
    }
    struct diag d;
    diag_init(&d);
    char *a = xasprintf("%s/a", out);
    char *b = xasprintf("%s/b", out);
    is_int(render_open_data(&f.rd, a, &d), 0, "render_open_data returns 0");
    is_int(d.n_errors, 0, "no diagnostics");
    test_values(a);
    test_neutralised(a);
    test_golden(src, a, out);
    test_package(src, a, out, &f);

    /* a second run gives the same bytes */
    is_int(render_open_data(&f.rd, b, &d), 0, "second run returns 0");
    for (int i = 0; i < N_FILES; i++) {
        size_t na = 0, nb = 0;
        char *x = slurp_in(a, files[i], &na);
        char *y = slurp_in(b, files[i], &nb);
        ok(x && y && na == nb && memcmp(x, y, na) == 0, "%s identical across runs", files[i]);
        free(x);
        free(y);
    }
    diag_release(&d);

    /* a directory that cannot be created */
    diag_init(&d);
    is_int(render_open_data(&f.rd, "/dev/null/datos", &d), -1, "uncreatable directory: -1");
    is_int(d.status, EX_CANTCREAT_, "status EX_CANTCREAT");
    is_str(d.n_kept ? d.msgs[0] : NULL,
           "/dev/null/datos: error: cannot create the directory: Not a directory",
           "message names the directory and the reason");
    diag_release(&d);

    /* a table's file that cannot be written (a directory in its place): the
       files are written as their rows come, and the first that fails is
       named */
    char *c = xasprintf("%s/opendata-c", out);
    char *blocker = xasprintf("%s/resultados.json", c);
    mkdir_p(blocker);
    diag_init(&d);
    is_int(render_open_data(&f.rd, c, &d), -1, "a file that cannot be written: -1");
    is_int(d.status, EX_IOERR_, "status EX_IOERR");
    char *want = xasprintf("%s: error: cannot write: Is a directory", blocker);
    is_str(d.n_kept ? d.msgs[0] : NULL, want, "message names the file and the reason");
    free(want);
    free(blocker);
    free(c);
    diag_release(&d);

    free(a);
    free(b);
    fx_release(&f);
    return tap_done();
}
