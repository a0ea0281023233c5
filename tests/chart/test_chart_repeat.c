/*
 * test_chart_repeat.c — the demo round's charts are byte-identical however
 * often they are drawn.
 *
 * Usage: test_chart_repeat SRC WORKDIR [TIMES]   (TIMES defaults to 200)
 *
 * The demo round (SRC/indigo.ini) is loaded and computed into WORKDIR, then
 * its charts are drawn in this process as `indigo report` draws them
 * (charts_render).  A first pass draws each of the round's chart slots once
 * (the ranking, heatmap, rank intervals, axes and change of each index; a
 * slot the round lacks, such as the axes of an index without them, draws
 * nothing) to learn how many charts the round has.  Then TIMES passes: pass
 * t draws round slot t mod 15 and profile t mod 90, so that in 200 passes
 * every round chart is drawn 14 or more times and every institution's
 * profile in every index at least twice.  Every PNG
 * and SVG must have one SHA-256 over all its drawings.  (Every chart in
 * every pass would be 20,400 drawings: under the sanitizers a chart costs
 * about 50 ms, mostly page faults on its pixel buffers.)  Run under the
 * sanitizers, whose allocator lays out and reuses memory differently every
 * time, which is where a chart PNG once differed (issue 17).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "fileio.h"
#include "i18n.h"
#include "pipeline.h"
#include "sha256.h"
#include "tap.h"
#include "xalloc.h"

struct seen {
    char *name;
    char sha[65];
    int times;
};

static struct seen *seen;
static size_t n_seen, cap_seen;
static long mismatches;

/* Hash every file in dir, compare with its first drawing, remove it. */
static void check_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    while (dp && (e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        size_t n;
        char *data = read_file(path, &n);
        char sha[65] = "unreadable";
        if (data)
            sha256_hex(data, n, sha);
        free(data);
        size_t i = 0;
        while (i < n_seen && strcmp(seen[i].name, e->d_name) != 0)
            i++;
        if (i == n_seen) {
            seen = xgrow(seen, &cap_seen, n_seen + 1, sizeof *seen);
            seen[n_seen] = (struct seen){xstrdup(e->d_name), "", 0};
            memcpy(seen[n_seen].sha, sha, sizeof sha);
            n_seen++;
        } else if (strcmp(seen[i].sha, sha) != 0) {
            if (mismatches++ < 5)
                printf("#   %s: drawing %d differs (%.16s, first %.16s)\n", e->d_name,
                       seen[i].times + 1, sha, seen[i].sha);
        }
        seen[i].times++;
        unlink(path);
        free(path);
    }
    if (dp)
        closedir(dp);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_chart_repeat SRC WORKDIR [TIMES]\n");
        return 2;
    }
    int times = argc > 3 ? atoi(argv[3]) : 200;
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
    int n = charts_count(cs), round_charts = charts_round_count(cs), failed = 0;
    int profiles = n - round_charts;
    for (int k = 0; k < round_charts; k++)
        failed |= charts_render(cs, k, LANG_ES, dir) != 0;
    check_dir(dir);
    long drawn_round = (long)n_seen / 2;
    ok(drawn_round >= 3 * 4 && drawn_round <= round_charts,
       "the round draws %ld of its %d chart slots", drawn_round, round_charts);
    for (int t = 0; t < times && !failed; t++) {
        failed |= charts_render(cs, t % round_charts, LANG_ES, dir) != 0;
        failed |= charts_render(cs, round_charts + t % profiles, LANG_ES, dir) != 0;
        check_dir(dir);
    }
    ok(!failed, "%d passes over the round's charts", times);
    int once = 0;
    for (size_t i = 0; i < n_seen; i++)
        once += seen[i].times < 2;
    is_int((long)n_seen, 2L * (drawn_round + profiles), "every chart drawn, as PNG and SVG");
    is_int(once, 0, "every chart drawn at least twice");
    is_int(mismatches, 0, "every PNG and SVG has one SHA-256 over all its drawings");
    is_int(charts_close(cs), 0, "nothing went wrong");
    for (size_t i = 0; i < n_seen; i++)
        free(seen[i].name);
    free(seen);
    if (system(rm) != 0)
        printf("# could not remove %s\n", argv[2]);
    free(rm);
    free(config);
    free(db);
    free(dir);
    return tap_done();
}
