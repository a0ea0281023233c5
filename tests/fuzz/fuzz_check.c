/*
 * fuzz_check.c — libFuzzer harness for `indigo check` end to end: the input
 * holds a whole round, split at "\n=====\n" into indigo.ini, the registry
 * (instituciones.csv), the framework (fw/framework.ini, fw/nodes.csv,
 * fw/questions.csv, fw/options.csv) and one survey (respuestas.csv), all
 * written to a scratch directory; cmd_check then reads the config, the
 * registry, every framework and every survey the config names, exactly as
 * the command line does.  Seeds: tests/fuzz/corpus/check/ (the catalogue's
 * base round and variants).
 *
 * A mutated config may name any path; stdin is /dev/null so that the pipes
 * a config may name on purpose (/dev/stdin) cannot wait for input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "fuzz_util.h"
#include "pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static int ready;
    if (!ready) {
        if (!freopen("/dev/null", "r", stdin))
            return 0;
        char fw[160];
        snprintf(fw, sizeof fw, "%s/fw", fuzz_dir());
        mkdir(fw, 0700);
        ready = 1;
    }
    static const char *const parts[] = {"indigo.ini",      "instituciones.csv",
                                        "fw/framework.ini", "fw/nodes.csv",
                                        "fw/questions.csv", "fw/options.csv",
                                        "respuestas.csv"};
    for (int k = 0; k < (int)(sizeof parts / sizeof *parts); k++)
        fuzz_part(data, n, k, parts[k]);
    char config[160];
    snprintf(config, sizeof config, "%s/indigo.ini", fuzz_dir());
    struct run_opts o = {.config = config, .lang = -1, .quiet = 1, .jobs = 1};
    cmd_check(&o);
    return 0;
}
