/*
 * test_chart_repeat.c — the demo round's charts are byte-identical however
 * often, and in whichever process, they are drawn.
 *
 * Usage: test_chart_repeat SRC WORKDIR [PROCESSES]   (PROCESSES: 200)
 *
 * The demo round (SRC/indigo.ini) is loaded and computed into WORKDIR, then:
 *
 *  1. every chart of the round (103 in Spanish: the ranking, heatmap, rank
 *     intervals and change of each index, the axes of IGD, each
 *     institution's profile in each index) is drawn twice, as `indigo report` draws it
 *     (charts_render), and each PNG and SVG must come out the same;
 *  2. in PROCESSES separate processes (this program run with --encode),
 *     each with its own address-space layout, the pixels of a round chart
 *     (the next one each time) and of a profile (likewise) are read back
 *     from the PNG the report wrote and encoded again: the bytes must be
 *     the report's.
 *
 * Part 2 is what shows the cause of issue 17: ISA-L's level-1 matcher
 * hashed one position from a register holding the address of its stream
 * state, so the compressed bytes depended on where the process had its
 * stack (png_encode.c).  Drawing again in one process cannot show that: the
 * addresses stay the same.  It was rare -- one profile in about 3,600
 * encodings of the demo's charts, none of its round charts -- so this test
 * finds a regression only sometimes; the experiments that found it are in
 * png_encode.c.  Run under the sanitizers.
 */
#include <dirent.h>
#include <png.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "fileio.h"
#include "i18n.h"
#include "pipeline.h"
#include "png_encode.h"
#include "sha256.h"
#include "strbuf.h"
#include "tap.h"
#include "xalloc.h"

/* The demo round's own charts: the ranking, heatmap, rank intervals,
   national pillars, trend and change of each of its 3 indices, and the axes
   chart of IGD (the only one with axes; the axes slots of ITIC and IDA draw
   nothing). */
enum { ROUND_CHARTS = 19 };

static void hash_file(const char *path, char sha[65])
{
    size_t n;
    char *data = read_file(path, &n);
    if (data)
        sha256_hex(data, n, sha);
    else
        strcpy(sha, "unreadable");
    free(data);
}

/* Hashes of the files in dir, sorted by name, as "name sha\n" lines; the
   files are removed. */
static char *hash_dir(const char *dir)
{
    struct strbuf sb;
    strbuf_init(&sb);
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.') {
            char *path = xasprintf("%s/%s", dir, names[i]->d_name);
            char sha[65];
            hash_file(path, sha);
            strbuf_addf(&sb, "%s %s\n", names[i]->d_name, sha);
            unlink(path);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    char *out = strbuf_detach(&sb);
    strbuf_release(&sb);
    return out;
}

/* The pixels of a PNG file as cairo's RGB24 words (caller frees), or NULL. */
static uint32_t *read_pixels(const char *path, int *w, int *h)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, path))
        return NULL;
    im.format = PNG_FORMAT_RGB;
    unsigned char *rgb = xmalloc(PNG_IMAGE_SIZE(im));
    if (!png_image_finish_read(&im, NULL, rgb, 0, NULL)) {
        free(rgb);
        return NULL;
    }
    size_t n = (size_t)im.width * im.height;
    uint32_t *px = xmalloc(n * 4 + 1);
    for (size_t i = 0; i < n; i++)
        px[i] = (uint32_t)rgb[3 * i] << 16 | (uint32_t)rgb[3 * i + 1] << 8 | rgb[3 * i + 2];
    free(rgb);
    *w = (int)im.width;
    *h = (int)im.height;
    return px;
}

/* The resolution a PNG states in its pHYs chunk (right after IHDR), in
   dpi; 0 without one. */
static int png_dpi(const char *file, size_t len)
{
    const unsigned char *b = (const unsigned char *)file;
    if (len < 50 || memcmp(b + 37, "pHYs", 4) != 0 || b[49] != 1)
        return 0;
    unsigned long ppm = (unsigned long)b[41] << 24 | (unsigned long)b[42] << 16 |
                        (unsigned long)b[43] << 8 | b[44];
    return (int)(ppm * 0.0254 + 0.5);
}

/* --encode PNG...: each PNG's pixels encoded again; prints "same" or
   "differs" for each (the bytes depend on the pixels alone). */
static int encode_again(int n, char **paths)
{
    for (int i = 0; i < n; i++) {
        int w = 0, h = 0;
        uint32_t *px = read_pixels(paths[i], &w, &h);
        size_t len;
        char *file = read_file(paths[i], &len);
        struct strbuf png;
        strbuf_init(&png);
        int same = px && file &&
                   png_encode_rgb24((unsigned char *)px, w, h, w * 4, png_dpi(file, len), &png) == 0 &&
                   png.len == len && memcmp(png.buf, file, len) == 0;
        printf("%s\n", same ? "same" : "differs");
        strbuf_release(&png);
        free(file);
        free(px);
    }
    return 0;
}

/* Part 2: charts of the report encoded again in `processes` processes, each
   its own address-space layout: process p takes round chart p mod 13 and
   profile p mod the number of profiles. */
static void encode_elsewhere(const char *dir, int processes)
{
    char **pngs = NULL;
    size_t cap = 0, n_png = 0;
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        size_t len = strlen(nm);
        if (len > 4 && strcmp(nm + len - 4, ".png") == 0) {
            pngs = xgrow(pngs, &cap, n_png + 1, sizeof *pngs);
            pngs[n_png++] = xasprintf("%s/%s", dir, nm);
        }
        free(names[i]);
    }
    free(names);
    /* the round charts are the names that are not profile-* */
    char **round = xcalloc(n_png + 1, sizeof *round), **prof = xcalloc(n_png + 1, sizeof *prof);
    int n_round = 0, n_prof = 0;
    for (size_t i = 0; i < n_png; i++) {
        const char *base = strrchr(pngs[i], '/') + 1;
        if (strncmp(base, "profile-", 8) == 0)
            prof[n_prof++] = pngs[i];
        else
            round[n_round++] = pngs[i];
    }
    is_int(n_round, ROUND_CHARTS, "the round charts, as PNG");
    int differing = 0, failed = n_prof == 0;
    for (int p = 0; p < processes && !failed; p++) {
        char *cmd = xasprintf("/proc/%ld/exe --encode '%s' '%s'", (long)getpid(),
                              round[p % n_round], prof[p % n_prof]);
        FILE *pp = popen(cmd, "r");
        char line[64];
        int answers = 0;
        while (pp && fgets(line, sizeof line, pp)) {
            answers++;
            if (strcmp(line, "same\n") != 0 && differing++ < 3)
                printf("#   process %d: %s or %s encoded differently\n", p + 1,
                       round[p % n_round], prof[p % n_prof]);
        }
        failed |= !pp || pclose(pp) != 0 || answers != 2;
        free(cmd);
    }
    ok(!failed, "%d processes encoded a round chart and a profile each", processes);
    is_int(differing, 0, "each gave the bytes the report wrote");
    for (size_t i = 0; i < n_png; i++)
        free(pngs[i]);
    free(pngs);
    free(round);
    free(prof);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--encode") == 0)
        return encode_again(argc - 2, argv + 2);
    if (argc < 3) {
        fprintf(stderr, "usage: test_chart_repeat SRC WORKDIR [PROCESSES]\n");
        return 2;
    }
    int processes = argc > 3 ? atoi(argv[3]) : 200;
    char *config = xasprintf("%s/indigo.ini", argv[1]);
    char *db = xasprintf("%s/indigo.db", argv[2]);
    char *dir = xasprintf("%s/graficos", argv[2]);
    char *rm = xasprintf("rm -rf '%s'", argv[2]);
    if (system(rm) != 0 || mkdir_p(dir) != 0)
        return 2;
    struct run_opts o = {.config = config, .lang = -1, .quiet = 1, .database = db, .jobs = 1};
    ok(cmd_load(&o) == 0 && cmd_compute(&o) == 0, "the demo round loads and computes");
    struct chart_session *cs = charts_open(&o);
    ok(cs != NULL, "its charts can be drawn");
    if (!cs)
        return tap_done();

    /* 1: every chart twice in this process */
    int n = charts_count(cs), failed = 0;
    char *first = NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < n; k++)
            failed |= charts_render(cs, k, LANG_ES, dir) != 0;
        char *h = hash_dir(dir);
        if (pass == 0)
            first = h;
        else {
            is_str(h, first, "every chart drawn twice gives the same PNG and SVG");
            free(h);
        }
    }
    ok(!failed, "%d charts drawn twice", n);
    size_t lines = 0;
    for (const char *p = first; p && *p; p++)
        lines += *p == '\n';
    int drawn = ROUND_CHARTS + n - charts_round_count(cs);
    ok((long)lines == 2L * drawn, "each of the %d charts drawn as PNG and SVG (%zu files)", drawn,
       lines);
    free(first);

    /* 2: the charts encoded again in other processes */
    for (int k = 0; k < n; k++)
        failed |= charts_render(cs, k, LANG_ES, dir) != 0;
    encode_elsewhere(dir, processes);
    is_int(charts_close(cs), 0, "nothing went wrong");
    if (system(rm) != 0)
        printf("# could not remove %s\n", argv[2]);
    free(rm);
    free(config);
    free(db);
    free(dir);
    return tap_done();
}
