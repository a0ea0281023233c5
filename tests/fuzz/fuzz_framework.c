/*
 * fuzz_framework.c — libFuzzer harness for the framework loader: the input
 * holds framework.ini, nodes.csv, questions.csv and options.csv separated by
 * "\n=====\n".
 */
#include <stddef.h>
#include <stdint.h>

#include "framework.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    fuzz_part(data, n, 0, "framework.ini");
    fuzz_part(data, n, 1, "nodes.csv");
    fuzz_part(data, n, 2, "questions.csv");
    fuzz_part(data, n, 3, "options.csv");
    struct diag d;
    diag_init(&d);
    struct framework *fw = framework_load(fuzz_dir(), &d);
    framework_free(fw);
    diag_release(&d);
    return 0;
}
