/*
 * test_xlsx_read.c — the .xlsx reader on real exports (tests/exports) and on
 * broken input.  Expected values are worked out by hand from the cells' XML:
 * a serial date is days since 1899-12-30 (45308 = 2024-01-17), the
 * fraction of a day times 86400 the seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "xlsx_read.h"

static const char *dir;

/* Row number `want` of path's sheet (NULL = first) as "a|b|c", into out. */
static int row_text(const char *path, const char *sheet, long want, char *out, size_t n,
                    struct diag *d)
{
    char full[512];
    snprintf(full, sizeof full, "%s/%s", dir, path);
    struct xlsx_reader *r = xlsx_open(full, sheet, path, d);
    if (!r)
        return -1;
    struct csv_row row;
    int rc, found = -1;
    out[0] = '\0';
    while ((rc = xlsx_next(r, &row, d)) == 1) {
        if (row.line != want)
            continue;
        size_t used = 0;
        for (int i = 0; i < row.n && used < n; i++)
            used += (size_t)snprintf(out + used, n - used, "%s%s", i ? "|" : "", row.field[i]);
        found = row.n;
    }
    xlsx_close(r);
    return rc < 0 ? -1 : found;
}

static void google_forms(void)
{
    struct diag d;
    diag_init(&d);
    char buf[4096];
    int n = row_text("google_forms/GoogleDemoForm_Responses.xlsx", NULL, 1, buf, sizeof buf, &d);
    is_int(n, 4, "Google Forms .xlsx: 4 header fields");
    is_str(buf, "Timestamp|Enter name|When is your birthday?|Select all that apply",
           "shared strings of the header");
    row_text("google_forms/GoogleDemoForm_Responses.xlsx", NULL, 2, buf, sizeof buf, &d);
    is_str(buf, "2024-01-17T18:07:46|Maryam|2002-05-08|Option 2, Option 3",
           "a date-time (45308.755388854166), text, a date (37384)");
    row_text("google_forms/KoboTest_Responses_New.xlsx", NULL, 2, buf, sizeof buf, &d);
    ok(strstr(buf, "|option a||2023-11-13|14:12:00") != NULL,
       "an empty cell between values, a date (45243) and a time alone (0.5916...): %s", buf);
    is_int(d.n_errors, 0, "no errors");
    diag_release(&d);
}

static void kobocat(void)
{
    struct diag d;
    diag_init(&d);
    char buf[8192];
    int n = row_text("kobocat/transportation_export.xlsx", NULL, 1, buf, sizeof buf, &d);
    is_int(n, 36, "KoBoCAT .xlsx: 36 header fields (A to AJ)");
    row_text("kobocat/transportation_export.xlsx", NULL, 3, buf, sizeof buf, &d);
    ok(strncmp(buf, "ambulance bicycle|TRUE|FALSE|FALSE|", 35) == 0,
       "inline strings, TRUE() saved without its result, a boolean 0: %.60s", buf);
    ok(strstr(buf, "|2013-02-14T15:37:22|") != NULL,
       "_submission_time 41319.65094907407 as the CSV export writes it: 2013-02-14T15:37:22");
    is_int(d.n_errors, 0, "no errors");
    diag_release(&d);
}

/* Whole numbers as a spreadsheet shows them: the _index 10 of the
   Inventory Form's items sheet was read as "1e+01", an amount of 100 would
   have been "1e+02". */
static void whole_numbers(void)
{
    struct diag d;
    diag_init(&d);
    char buf[4096];
    row_text("kobotoolbox/Inventory_Form_xml_headers.xlsx", "items", 11, buf, sizeof buf, &d);
    ok(strncmp(buf, "20|staplers|10|categories|5|321265259|", 38) == 0,
       "numbers 20, 10, 5 and 321265259 as written, not 2e+01 or 1e+01: %.60s", buf);
    row_text("kobotoolbox/Inventory_Form_xml_headers.xlsx", "items", 3, buf, sizeof buf, &d);
    ok(strncmp(buf, "100|rice|2|", 11) == 0, "100, not 1e+02: %.40s", buf);
    row_text("kobotoolbox/Meeting_Form_xml_headers.xlsx", NULL, 3, buf, sizeof buf, &d);
    ok(strstr(buf, "|57.358143|38.312638|0.1|1.9|321171150|") != NULL,
       "decimals at their shortest (57.358142999999998 -> 57.358143): %.120s", buf);
    is_int(d.n_errors, 0, "no errors");
    diag_release(&d);
}

static void sheets(void)
{
    struct diag d;
    diag_init(&d);
    char buf[4096];
    int n = row_text("kobotoolbox/Quest_Test_xml_headers.xlsx", "CHARACTER_TASKS", 8, buf,
                     sizeof buf, &d);
    ok(n > 0 && strncmp(buf, "|provide constant support", 25) == 0,
       "sheet by name, ignoring case; its row 8 starts with an empty cell: %.40s", buf);
    n = row_text("kobotoolbox/Quest_Test_xml_headers.xlsx", "Tareas", 1, buf, sizeof buf, &d);
    is_int(n, -1, "a sheet the workbook lacks is refused");
    ok(d.n_kept == 1 && strstr(d.msgs[0], "no sheet \"Tareas\" in the workbook (it has \"Quest "
                                          "Test\", \"character_selection\", \"character_tasks\"") !=
                            NULL,
       "and the sheets are named: %s", d.n_kept ? d.msgs[0] : "");
    diag_release(&d);

    diag_init(&d);
    struct xlsx_reader *r = xlsx_open_mem("x.xlsx", "not a zip", 9, NULL, &d);
    ok(!r && d.n_errors == 1 && strstr(d.msgs[0], "x.xlsx: error: not an .xlsx workbook") != NULL,
       "bytes that are not a ZIP: %s", d.n_kept ? d.msgs[0] : "");
    xlsx_close(r);
    diag_release(&d);
}

int main(int argc, char **argv)
{
    dir = argc > 1 ? argv[1] : "tests/exports";
    google_forms();
    kobocat();
    whole_numbers();
    sheets();
    return tap_done();
}
