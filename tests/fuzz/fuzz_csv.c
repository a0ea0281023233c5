/*
 * fuzz_csv.c — libFuzzer harness for the CSV reader: any bytes, with each
 * separator and with and without an encoding to convert from.  A UTF-8 input
 * is also written to a file and streamed in small blocks (1 to 7 bytes; for
 * inputs over 64 bytes about a sixteenth of the input, to keep the read
 * calls few), which must give exactly what the reader gives from memory
 * (rows, lines, columns and messages): records cut at every place a block
 * can end.  The file goes to /dev/shm when there is one: rewriting a file
 * on ext4 over and over makes the disk do the work, a hundred times slower.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "numparse.h"
#include "strbuf.h"

/* Every row of r (fields with their lines and columns) and every message. */
static void dump(struct csv_reader *r, struct diag *d, struct strbuf *sb)
{
    struct csv_row row;
    int rc;
    while ((rc = csv_next(r, &row, d)) == 1) {
        strbuf_addf(sb, "%ld:", row.line);
        for (int i = 0; i < row.n; i++) {
            double x;
            (void)csv_parse_number(row.field[i], i & 1, &x);
            strbuf_addf(sb, "%ld.%ld.%zu@", row.fline[i], row.col[i], row.len[i]);
            strbuf_add(sb, row.field[i], row.len[i]);
            strbuf_addc(sb, '|');
        }
        strbuf_addc(sb, '\n');
    }
    strbuf_addf(sb, "rc %d\n", rc);
}

static char path[96]; /* the file streamed */

static void remove_path(void)
{
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
    static const char seps[] = {0, ',', ';', '\t'};
    struct csv_options opt = {0};
    opt.sep = seps[n % 4];
    opt.encoding = (n % 3 == 0) ? "WINDOWS-1252" : NULL;
    opt.max_field = n % 5 == 0 ? 7 : 4096;
    opt.name = "fuzz.csv";
    struct diag d;
    diag_init(&d);
    struct strbuf mem;
    strbuf_init(&mem);
    struct csv_reader *r = csv_open_mem("fuzz.csv", (const char *)data, n, &opt, &d);
    if (r) {
        dump(r, &d, &mem);
        csv_close(r);
    }
    for (int i = 0; i < d.n_kept; i++)
        strbuf_addf(&mem, "%s\n", d.msgs[i]);
    diag_release(&d);
    if (!opt.encoding) {
        if (!path[0]) {
            struct stat st;
            snprintf(path, sizeof path, "%s/indigo-fuzz-csv-%ld.csv",
                     stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp",
                     (long)getpid());
            atexit(remove_path);
        }
        FILE *fp = fopen(path, "wb");
        if (fp) {
            fwrite(data, 1, n, fp);
            fclose(fp);
        }
        opt.block = n <= 64 ? 1 + n % 7 : n / 16 + n % 7; /* some 16 reads for big inputs */
        struct strbuf file;
        strbuf_init(&file);
        diag_init(&d);
        r = csv_open(path, &opt, &d);
        if (r) {
            dump(r, &d, &file);
            csv_close(r);
        }
        for (int i = 0; i < d.n_kept; i++)
            strbuf_addf(&file, "%s\n", d.msgs[i]);
        diag_release(&d);
        if (fp && (file.len != mem.len || memcmp(file.buf, mem.buf, mem.len) != 0)) {
            fprintf(stderr, "streamed in blocks of %zu:\n%s\nfrom memory:\n%s\n", opt.block,
                    file.buf, mem.buf);
            abort();
        }
        strbuf_release(&file);
    }
    strbuf_release(&mem);
    return 0;
}
