/*
 * fuzz_xlsx.c — libFuzzer harness for the .xlsx reader: any bytes as a
 * workbook, read as its first sheet and as a sheet named "Hoja1".  Every
 * row it gives must be well formed (fields NUL-terminated at their length,
 * lines increasing, columns 1..n), and a reader that failed must give no
 * row after.  The seeds are the .xlsx files under tests/ (scripts/fuzz); a
 * mutated ZIP mostly tests libzip's checks, so most value comes from seeds
 * whose XML is mutated in place (stored entries, or libFuzzer's luck).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_read.h"

static void read_all(const uint8_t *data, size_t n, const char *sheet)
{
    struct diag d;
    diag_init(&d);
    struct xlsx_reader *r = xlsx_open_mem("fuzz.xlsx", data, n, sheet, &d);
    if (r) {
        struct csv_row row;
        long last = 0;
        int rc;
        while ((rc = xlsx_next(r, &row, &d)) == 1) {
            if (row.line <= last || row.n < 0)
                abort();
            last = row.line;
            for (int i = 0; i < row.n; i++)
                if (strlen(row.field[i]) != row.len[i] || row.col[i] != i + 1 ||
                    row.fline[i] != row.line)
                    abort();
        }
        if (rc == -1 && (xlsx_next(r, &row, &d) != 0 || d.n_errors == 0))
            abort(); /* a failure is recorded, and the end stays the end */
        (void)xlsx_where(r);
        xlsx_close(r);
    } else if (d.n_errors == 0) {
        abort(); /* a refusal says why */
    }
    diag_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    read_all(data, n, NULL);
    read_all(data, n, "Hoja1");
    return 0;
}
