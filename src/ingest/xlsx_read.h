/*
 * xlsx_read.h — the rows of one sheet of an .xlsx workbook, as the CSV
 * reader gives them.
 *
 * KoboToolbox, KoBoCAT/Ona, Google Forms and LimeSurvey all export .xlsx,
 * and that is what many analysts download.  This reader opens the workbook
 * with libzip, parses its XML with expat, and hands out each row as a
 * struct csv_row: shared and inline strings, numbers (as the shortest text
 * that reads back the same double), booleans (TRUE/FALSE), dates and times
 * (ISO 8601, from the cell's number format; 1900 and 1904 date systems), and
 * formula results.  Rows keep their spreadsheet number as line and each
 * field its column number, so messages say "file.xlsx:Sheet!C12: ...".
 *
 * The sheet is streamed: memory grows with the shared strings, not with the
 * rows.  A damaged workbook (not a ZIP, XML errors, a missing part, a cell
 * holding an error such as #N/A, a formula without a stored result) gets a
 * message naming the part or the cell; nothing is guessed.
 */
#ifndef INDIGO_XLSX_READ_H
#define INDIGO_XLSX_READ_H

#include <stddef.h>

#include "csv.h"
#include "error.h"

struct xlsx_reader;

/* Open sheet (NULL = the first) of the workbook at path; name is used in
   messages (NULL = path).  NULL on failure, recorded in d. */
struct xlsx_reader *xlsx_open(const char *path, const char *sheet, const char *name,
                              struct diag *d);
/* The same over a memory buffer (tests, fuzzing). */
struct xlsx_reader *xlsx_open_mem(const char *name, const void *data, size_t n, const char *sheet,
                                  struct diag *d);
/* Next row with at least one cell: 1 and *row filled (valid until the next
   call), 0 at the end, -1 on a damaged sheet (recorded; the reader is then
   at its end).  Rows shorter than the first row are filled with empty
   fields up to its width. */
int xlsx_next(struct xlsx_reader *r, struct csv_row *row, struct diag *d);
/* The name to give diag_* for locations in this sheet: they print as
   "file.xlsx:Sheet!C12" (see diag_sheet_location). */
const char *xlsx_where(const struct xlsx_reader *r);
void xlsx_close(struct xlsx_reader *r); /* accepts NULL */

#endif
