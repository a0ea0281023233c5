/*
 * fuzz_ingest.c — libFuzzer harness for survey ingestion and the mapping:
 * the first byte picks the shape, the rest is the export file, then
 * "\n=====\n" and an optional mapping CSV.  Reads the real IGD framework and
 * registry from $INDIGO_SRC (the repository root).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "config.h"
#include "framework.h"
#include "fuzz_util.h"
#include "ingest.h"
#include "registry.h"
#include "xalloc.h"

static struct framework *fw;
static struct registry *reg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *src = getenv("INDIGO_SRC");
    if (!src)
        src = ".";
    char *dir = xasprintf("%s/indicators/igd", src);
    char *regp = xasprintf("%s/surveys/instituciones.csv", src);
    struct diag d;
    diag_init(&d);
    fw = framework_load(dir, &d);
    reg = registry_load(regp, NULL, NULL, &d);
    if (!fw || !reg) {
        diag_print(&d, stderr);
        abort();
    }
    diag_release(&d);
    free(dir);
    free(regp);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    if (n < 1)
        return 0;
    struct survey_source src = {0};
    src.id = "fuzz";
    src.framework = fw->code;
    src.year = 2026;
    src.shape = (enum survey_shape)(data[0] % 6);
    src.decimal_comma = data[0] & 0x40;
    src.path = (char *)fuzz_part(data + 1, n - 1, 0, "survey.csv");
    src.display = "survey.csv";
    const char *map = fuzz_part(data + 1, n - 1, 1, "map.csv");
    src.mapping = (data[0] & 0x80) ? (char *)map : NULL;
    src.institution_column = src.shape == SHAPE_WIDE ? NULL : "institucion";
    struct answer_set out;
    answer_set_init(&out);
    struct diag d;
    diag_init(&d);
    ingest_file_to_set(&src, fw, reg, &out, &d);
    answer_set_release(&out);
    diag_release(&d);
    return 0;
}
