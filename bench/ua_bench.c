/*
 * ua_bench.c — replications per second of the uncertainty analysis.
 *
 *   ua_bench [-r RUNS] [-t THREADS] [-n REPEATS] [FRAMEWORK_DIR DATA_CSV [GROUP_COLUMN]]
 *   ua_bench -c CONFIG [-r RUNS] [-t THREADS]
 *
 * Without a framework: COINr's ASEM example (51 units, 49 indicators), read
 * as the golden test tests/asem reads it: tests/asem/framework and
 * tests/asem/data/idata.csv, units grouped by EurAsia_group.
 *
 * DATA_CSV is one row per unit: a uCode column (or else the first column)
 * with the unit codes, one column per indicator named by its code, one per
 * denominator variable; "NA" or empty = missing.  Units are sorted by code
 * (C locale), as COINr sorts them.
 *
 * First one computation of the index (compute_run), cold and then the median
 * of 21 warm ones.  Then measures uncertainty_run (setup, nominal check,
 * RUNS replications, the drop-one pass and the statistics; no sensitivity
 * analysis) REPEATS times and prints the best and median wall time and the
 * replications per second; then one Saltelli run (N = RUNS, all factors) for
 * scale.  bench/run sets these beside COINr's own build and uncertainty
 * analysis of the same data, measured in the same run (bench/coinr_build.R).
 * Not a test: it asserts nothing.
 *
 * With -c: the round of CONFIG as `indigo report` analyses it, from its
 * database (which `indigo load` filled): each framework's answers of
 * the config's year scored from the store, computed, then uncertainty_run
 * with the config's [uncertainty] settings (-r: RUNS replications instead),
 * timed twice: the Monte Carlo
 * replications and the drop-one pass alone (sa_n = 0), then everything the
 * report runs (the Saltelli design too).  Prints "ua ROUND: ..." lines.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "compute.h"
#include "config.h"
#include "csv.h"
#include "error.h"
#include "framework.h"
#include "registry.h"
#include "score.h"
#include "store.h"
#include "uncertainty.h"
#include "xalloc.h"

struct data {
    int n_units, n_cols;
    char **head;               /* n_cols                                     */
    char ***cell;              /* n_units x n_cols                           */
};

static int data_read(const char *path, struct data *t)
{
    struct diag d;
    diag_init(&d);
    memset(t, 0, sizeof *t);
    struct csv_reader *rd = csv_open(path, NULL, &d);
    struct csv_row row;
    int rc = rd ? 0 : -1;
    size_t cap = 0;
    while (rd && (rc = csv_next(rd, &row, &d)) == 1) {
        char **copy = xmalloc((size_t)row.n * sizeof *copy);
        for (int i = 0; i < row.n; i++)
            copy[i] = xstrdup(row.field[i]);
        if (!t->head) {
            t->head = copy;
            t->n_cols = row.n;
            continue;
        }
        if (row.n != t->n_cols) {
            fprintf(stderr, "%s:%ld: %d fields, expected %d\n", path, row.line, row.n,
                    t->n_cols);
            for (int i = 0; i < row.n; i++)
                free(copy[i]);
            free(copy);
            rc = -1;
            break;
        }
        t->cell = xgrow(t->cell, &cap, (size_t)t->n_units + 1, sizeof *t->cell);
        t->cell[t->n_units++] = copy;
    }
    diag_print(&d, stderr);
    diag_release(&d);
    csv_close(rd);
    return rc < 0 ? -1 : 0;
}

static void data_free(struct data *t)
{
    for (int r = 0; r < t->n_units; r++) {
        for (int c = 0; c < t->n_cols; c++)
            free(t->cell[r][c]);
        free(t->cell[r]);
    }
    free(t->cell);
    if (t->head)
        for (int c = 0; c < t->n_cols; c++)
            free(t->head[c]);
    free(t->head);
}

static int column(const struct data *t, const char *name)
{
    for (int c = 0; name && c < t->n_cols; c++)
        if (strcmp(t->head[c], name) == 0)
            return c;
    return -1;
}

static double num(const char *s)
{
    if (!*s || strcmp(s, "NA") == 0)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    return *end ? NAN : v;
}

static int key_col;
static int by_code(const void *a, const void *b)
{
    char **const *p = a, **const *q = b;
    return strcmp((*p)[key_col], (*q)[key_col]);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Processor time of this process (all its threads), user + system. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int walk_store(void *src, int year, const char *framework, enum score_order order,
                      score_row_fn fn, void *ctx, struct diag *d)
{
    return store_walk_answers(src, year, framework, order, fn, ctx, d);
}

/* FNV-1a over n bytes: the results' fingerprint, the same for any number of
   threads (uncertainty.h). */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t ua_fingerprint(const struct uncertainty *u)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv(h, u->rank, (size_t)u->runs * (size_t)u->n_units * sizeof *u->rank);
    h = fnv(h, u->shift, (size_t)u->runs * sizeof *u->shift);
    h = fnv(h, u->unit, (size_t)u->n_units * sizeof *u->unit);
    if (u->drop_shift)
        h = fnv(h, u->drop_shift, (size_t)u->n_ind * sizeof *u->drop_shift);
    if (u->sa_y)
        h = fnv(h, u->sa_y, (size_t)u->sa_n * (size_t)(u->n_sens + 2) * sizeof *u->sa_y);
    for (int i = 0; i < u->n_sens; i++) {   /* field by field: no padding */
        const struct ua_sens *e = &u->sens[i];
        double v[6] = {e->si, e->sti, e->si_q05, e->si_q95, e->sti_q05, e->sti_q95};
        h = fnv(h, v, sizeof v);
    }
    return h;
}

/* One timed uncertainty_run of a round; prints its line. */
static int round_ua(const char *what, const struct compute_input *in, const struct result *nom,
                    const struct ua_options *o)
{
    char err[512];
    struct uncertainty u;
    double t0 = now(), c0 = cpu_seconds();
    if (uncertainty_run(in, nom, o, &u, err, sizeof err) != 0) {
        fprintf(stderr, "uncertainty_run: %s\n", err);
        return -1;
    }
    double t = now() - t0, c = cpu_seconds() - c0;
    long evals = (long)u.runs + (u.drop_shift ? u.n_ind : 0) + (long)u.sa_n * (u.n_sens + 2);
    printf("ua %s: %d units x %d indicators, %ld evaluations (%d replications, %d drop-one, "
           "Saltelli N = %d x %d), %d thread(s): %.3f s, processor %.3f s (results %016llx)\n",
           what, in->n_units, u.n_ind, evals, u.runs, u.drop_shift ? u.n_ind : 0, u.sa_n,
           u.n_sens ? u.n_sens + 2 : 0, u.threads, t, c, (unsigned long long)ua_fingerprint(&u));
    uncertainty_release(&u);
    return 0;
}

/* One framework of the round, as the report analyses it. */
static int round_framework(const struct config *cfg, const struct registry *reg,
                           struct store *st, const char *fwdir, int runs, int threads)
{
    struct diag d;
    diag_init(&d);
    struct framework *fw = framework_load(fwdir, &d);
    struct score_matrix sm = {0};
    int rc = fw ? score_build_walk(fw, reg, cfg->year, walk_store, st, &sm, &d) : -1;
    diag_print(&d, stderr);
    diag_release(&d);
    const char **codes = xcalloc((size_t)reg->n + 1, sizeof *codes);
    const char **groups = xcalloc((size_t)reg->n + 1, sizeof *groups);
    double *weights = xcalloc((size_t)reg->n + 1, sizeof *weights);
    struct result nom;
    memset(&nom, 0, sizeof nom);
    if (rc == 0) {
        for (int u = 0; u < reg->n; u++) {
            codes[u] = reg->items[u].code;
            groups[u] = reg->items[u].group;
            weights[u] = reg->items[u].weight;
        }
        struct compute_input in = {.fw = fw, .n_units = reg->n, .unit_code = codes,
                                   .unit_group = groups, .unit_weight = weights,
                                   .raw = sm.raw, .denom = sm.denom};
        char err[512];
        if ((rc = compute_run(&in, &nom, err, sizeof err)) != 0) {
            fprintf(stderr, "compute_run: %s\n", err);
        } else {
            struct ua_options o;
            ua_options_from_config(&o, cfg);
            if (threads > 0)
                o.threads = threads;
            if (runs >= 0)
                o.runs = runs;
            int sa_n = o.sa_n;
            o.sa_n = 0;
            char *what = xasprintf("%s replications", fw->code);
            rc = round_ua(what, &in, &nom, &o);
            free(what);
            o.sa_n = sa_n;
            what = xasprintf("%s as the report runs it", fw->code);
            if (rc == 0)
                rc = round_ua(what, &in, &nom, &o);
            free(what);
        }
    }
    result_release(&nom);
    free(codes);
    free(groups);
    free(weights);
    score_matrix_release(&sm);
    framework_free(fw);
    return rc;
}

/* -c CONFIG: every framework of the round. */
static int round_mode(const char *config, int runs, int threads)
{
    struct diag d;
    diag_init(&d);
    struct config *cfg = config_load(config, &d);
    struct registry *reg = cfg ? registry_load(cfg->institutions, cfg, NULL, &d) : NULL;
    struct store *st = reg ? store_open(cfg->database, 1, &d) : NULL;
    diag_print(&d, stderr);
    diag_release(&d);
    int rc = st ? 0 : -1;
    for (int i = 0; st && i < cfg->n_frameworks && rc == 0; i++)
        rc = round_framework(cfg, reg, st, cfg->fw_dirs[i], runs, threads);
    store_close(st);
    registry_free(reg);
    config_free(cfg);
    return rc == 0 ? 0 : 70;
}

int main(int argc, char **argv)
{
    int runs = -1, threads = 0, repeats = 7, opt;   /* runs: -1 = 1000 or the config's */
    const char *config = NULL;
    while ((opt = getopt(argc, argv, "r:t:n:c:")) != -1) {
        switch (opt) {
        case 'c': config = optarg; break;
        case 'r': runs = atoi(optarg); break;
        case 't': threads = atoi(optarg); break;
        case 'n': repeats = atoi(optarg); break;
        default:
            fprintf(stderr, "usage: %s [-r RUNS] [-t THREADS] [-n REPEATS] "
                    "[FRAMEWORK_DIR DATA_CSV [GROUP_COLUMN]]\n"
                    "       %s -c CONFIG [-r RUNS] [-t THREADS]\n", argv[0], argv[0]);
            return 64;
        }
    }
    if (config)
        return round_mode(config, runs, threads);
    if (runs < 0)
        runs = 1000;
    const char *fwdir = UA_BENCH_SRC "/tests/asem/framework";
    const char *csv = UA_BENCH_SRC "/tests/asem/data/idata.csv";
    const char *group = "EurAsia_group";
    if (optind < argc) {
        if (argc - optind < 2) {
            fprintf(stderr, "%s: give both FRAMEWORK_DIR and DATA_CSV\n", argv[0]);
            return 64;
        }
        fwdir = argv[optind];
        csv = argv[optind + 1];
        group = optind + 2 < argc ? argv[optind + 2] : NULL;
    }
    if (runs < 1 || repeats < 1) {
        fprintf(stderr, "%s: -r and -n need a number >= 1\n", argv[0]);
        return 64;
    }

    struct diag d;
    diag_init(&d);
    struct framework *fw = framework_load(fwdir, &d);
    diag_print(&d, stderr);
    diag_release(&d);
    struct data t;
    if (!fw || data_read(csv, &t) != 0) {
        framework_free(fw);
        return 66;
    }
    key_col = column(&t, "uCode") >= 0 ? column(&t, "uCode") : 0;
    qsort(t.cell, (size_t)t.n_units, sizeof *t.cell, by_code);
    int *ind, gc = column(&t, group);
    int ni = framework_indicators(fw, &ind), nu = t.n_units;
    const char **code = xmalloc((size_t)nu * sizeof *code);
    const char **grp = xmalloc((size_t)nu * sizeof *grp);
    double *raw = xmalloc((size_t)nu * (size_t)ni * sizeof *raw);
    double *den = xmalloc((size_t)nu * (size_t)ni * sizeof *den);
    int missing = 0;
    for (int u = 0; u < nu; u++) {
        code[u] = t.cell[u][key_col];
        grp[u] = gc >= 0 ? t.cell[u][gc] : NULL;
        for (int j = 0; j < ni; j++) {
            const struct node *nd = &fw->nodes[ind[j]];
            int c = column(&t, nd->code), dc = column(&t, nd->denominator);
            missing += c < 0 || (nd->denominator && dc < 0);
            raw[(size_t)u * (size_t)ni + (size_t)j] = c >= 0 ? num(t.cell[u][c]) : NAN;
            den[(size_t)u * (size_t)ni + (size_t)j] = dc >= 0 ? num(t.cell[u][dc]) : NAN;
        }
    }
    if (missing)
        fprintf(stderr, "warning: %d indicator/denominator column(s) not in %s (all missing)\n",
                missing / (nu ? nu : 1), csv);
    struct compute_input in = {fw, nu, code, gc >= 0 ? grp : NULL, NULL, NULL, raw, den, NULL};

    char err[512];
    struct result nom;
    double t0 = now();
    int rc = compute_run(&in, &nom, err, sizeof err);
    double t_nom = now() - t0;
    if (rc != 0) {
        fprintf(stderr, "compute_run: %s\n", err);
        result_release(&nom);
        return 65;
    }
    printf("framework %s: %d units, %d indicators, %d nodes\n", fw->code, nu, ni,
           fw->n_nodes);
    /* again, warm: the figure compared with COINr's build is the median */
    enum { NOMINAL_REPEATS = 21 };
    double nom_sec[NOMINAL_REPEATS];
    for (int i = 0; i < NOMINAL_REPEATS && rc == 0; i++) {
        struct result again;
        t0 = now();
        rc = compute_run(&in, &again, err, sizeof err);
        nom_sec[i] = now() - t0;
        result_release(&again);
    }
    if (rc != 0) {
        fprintf(stderr, "compute_run: %s\n", err);
        result_release(&nom);
        return 65;
    }
    qsort(nom_sec, NOMINAL_REPEATS, sizeof *nom_sec, cmp_double);
    double nom_med = nom_sec[NOMINAL_REPEATS / 2];
    printf("compute_run (nominal): first %.3f ms, median of %d more %.3f ms\n", t_nom * 1e3,
           NOMINAL_REPEATS, nom_med * 1e3);

    struct ua_options o;
    ua_options_init(&o);
    o.runs = runs;
    o.sa_n = 0;
    o.threads = threads;
    o.progress = NULL;
    double *sec = xmalloc((size_t)repeats * sizeof *sec);
    struct uncertainty u;
    int used = 0;
    for (int i = 0; i < repeats && rc == 0; i++) {
        t0 = now();
        rc = uncertainty_run(&in, &nom, &o, &u, err, sizeof err);
        sec[i] = now() - t0;
        if (rc == 0) {
            used = u.threads;
            if (i == 0)
                printf("nominal check: %d rank(s) differ, largest value difference %g; "
                       "mean |rank shift| %.3f (results %016llx)\n", u.nominal_rank_diff,
                       u.nominal_max_diff, u.mean_shift,
                       (unsigned long long)ua_fingerprint(&u));
            uncertainty_release(&u);
        }
    }
    if (rc != 0) {
        fprintf(stderr, "uncertainty_run: %s\n", err);
    } else {
        qsort(sec, (size_t)repeats, sizeof *sec, cmp_double);
        double best = sec[0], med = sec[repeats / 2];
        printf("uncertainty_run, %d replications, %d thread(s), %d repeats: best %.4f s, "
               "median %.4f s\n", runs, used, repeats, best, med);
        printf("  %.0f replications/s (median); %.1f us per replication\n", runs / med,
               med / runs * 1e6);
        o.sa_n = runs;
        o.runs = 0;
        t0 = now();
        rc = uncertainty_run(&in, &nom, &o, &u, err, sizeof err);
        double t_sa = now() - t0;
        if (rc == 0) {
            long reps = (long)u.sa_n * (u.n_sens + 2);
            printf("Saltelli results %016llx\n", (unsigned long long)ua_fingerprint(&u));
            printf("Saltelli N = %d, %d factors: %ld replications in %.4f s (%.0f/s)\n",
                   u.sa_n, u.n_sens, reps, t_sa, reps / t_sa);
            for (int i = 0; i < u.n_sens; i++)
                printf("  %-14s Si %6.3f [%6.3f, %6.3f]  STi %6.3f [%6.3f, %6.3f]\n",
                       ua_factor_name(u.sens[i].factor), u.sens[i].si, u.sens[i].si_q05,
                       u.sens[i].si_q95, u.sens[i].sti, u.sens[i].sti_q05,
                       u.sens[i].sti_q95);
            uncertainty_release(&u);
        } else {
            fprintf(stderr, "uncertainty_run (SA): %s\n", err);
        }
    }
    free(sec);
    result_release(&nom);
    free(code);
    free(grp);
    free(raw);
    free(den);
    free(ind);
    data_free(&t);
    framework_free(fw);
    return rc == 0 ? 0 : 70;
}
