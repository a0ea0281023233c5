/*
 * fuzz_config.c — libFuzzer harness for indigo.ini (iniparser behind ini.c,
 * then every typed value of config.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    const char *path = fuzz_part(data, n, 0, "indigo.ini");
    struct diag d;
    diag_init(&d);
    struct config *c = config_load(path, &d);
    config_free(c);
    diag_release(&d);
    return 0;
}
