/*
 * numparse.h — numbers read from text, strictly.
 *
 * Two grammars: the numbers of survey exports and CSV files, as Spanish- and
 * English-locale spreadsheets write them (csv_parse_number), and the plain
 * C-locale numbers of the INI files (parse_*_strict).  Both refuse what
 * strtod()/strtol() would let through: NaN, infinities, overflow, trailing
 * junk.
 */
#ifndef INDIGO_NUMPARSE_H
#define INDIGO_NUMPARSE_H

/* Parse a number as written by Spanish- or English-locale exports:
   "1234.5", "1234,5" (decimal comma), "1.234,5" / "1,234.5" (grouping).
   Rejects NaN, infinities, overflow (1e400) and trailing junk; "-0" -> 0.
   Returns 0 and *out, or -1. */
int csv_parse_number(const char *s, int decimal_comma, double *out);

/* Parse "123", "-1.5" (the C locale, '.' decimal point; spaces and tabs
   around are allowed): strtod plus an end check, no NaN or infinities,
   "-0" -> 0.  Returns 0 and *out, or -1. */
int parse_double_strict(const char *s, double *out);
/* Parse a whole number in base 10 ("010" is ten), within long.  0 or -1. */
int parse_int_strict(const char *s, long *out);

#endif
