/*
 * numfmt.h — numbers as they are published and as they are read back.
 *
 * Two questions every published number raises, answered in one place:
 *
 *  - what a value is "at the published precision": round_decimals() rounds
 *    the way spreadsheets' ROUND() does, so a value printed as 47.2 is the
 *    value ranked and levelled as 47.2 (fmt_num, the ranks and the maturity
 *    levels all go through it);
 *  - how to write a double so that it reads back exactly and no longer than
 *    needed: fmt_shortest() prints 0.2, not 0.20000000000000001.
 */
#ifndef INDIGO_NUMFMT_H
#define INDIGO_NUMFMT_H

#include <stddef.h>

/*
 * x rounded to `decimals` places (0..15), half away from zero, on the
 * decimal digits a spreadsheet shows: the 15 significant digits of x
 * (printf "%.14e") are rounded in decimal, and the result is the double
 * nearest to that decimal.  So 2.675 (stored as 2.67499999999999982...)
 * rounds to 2.68 as in Excel and LibreOffice, where round(x * 100) / 100
 * gives 2.67; and 47.22222222222221 and 47.222222222222214 round to the same
 * 47.2.  NAN and infinities are returned unchanged; a result of zero is +0.
 */
double round_decimals(double x, int decimals);

/*
 * The shortest text that strtod() reads back as exactly x: "%.15g" if that
 * round-trips, else "%.16g", else "%.17g" (which always does).  So 0.2 prints
 * as 0.2, 1/3 as 0.3333333333333333 and 0.1 + 0.2 as 0.30000000000000004.
 * The C locale's point is used (indigo never calls setlocale()).  Not for
 * NAN or infinities (callers print their own word for a missing value; here
 * they come out as printf writes them).  Writes at most 25 bytes with the
 * NUL; returns buf.
 */
#define FMT_SHORTEST_MAX 32
char *fmt_shortest(char *buf, size_t n, double x);

/*
 * The decimals that show values on a scale of width scale_max - scale_min
 * with three significant digits at its top: 0..100 -> 1 (72.5), 0..10 -> 2,
 * 0..1 -> 3, 0..1000 -> 0; between 0 and 6.  The default precision of a
 * framework's published values (framework.ini [rank] decimals overrides
 * it).
 */
int scale_decimals(double scale_min, double scale_max);

#endif
