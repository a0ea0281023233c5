/*
 * fuzz_csv.c — libFuzzer harness for the CSV reader: any bytes, with each
 * separator and with and without an encoding to convert from.
 */
#include <stddef.h>
#include <stdint.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static const char seps[] = {0, ',', ';', '\t'};
    struct csv_options opt = {0};
    opt.sep = seps[n % 4];
    opt.encoding = (n % 3 == 0) ? "WINDOWS-1252" : NULL;
    opt.max_field = 4096;
    struct diag d;
    diag_init(&d);
    struct csv_reader *r = csv_open_mem("fuzz.csv", (const char *)data, n, &opt, &d);
    if (r) {
        struct csv_row row;
        while (csv_next(r, &row, &d) == 1) {
            for (int i = 0; i < row.n; i++) {
                double x;
                (void)csv_parse_number(row.field[i], i & 1, &x);
            }
        }
        csv_close(r);
    }
    diag_release(&d);
    return 0;
}
