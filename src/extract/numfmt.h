/* Spreadsheet number formats: a cell's number shown as the spreadsheet shows it, so
 * that a ZIP code kept as 2108 with format "00000" is read as 02108 and an SSN kept as
 * 123456789 with format "000-00-0000" as 123-45-6789. Dates are shown as ISO 8601. */
#ifndef BS_NUMFMT_H
#define BS_NUMFMT_H
#include <stddef.h>

/* 1 if the format code shows a date or time (d, m, y, h, s outside quotes). */
int bs_numfmt_is_date(const char *code);

/* The format code of a built-in format id (ECMA-376 18.8.30), or NULL. */
const char *bs_numfmt_builtin(int id);

/* Writes value as shown by code (NULL or "General": plain) into out (cap bytes, NUL
 * terminated). date1904: the workbook counts days from 1904. Returns the length. */
size_t bs_numfmt_render(char *out, size_t cap, double value, const char *code, int date1904);

/* Days since 1899-12-30 (the 1900 system, Lotus's 1900-02-29 included) to a date.
 * 0 if out of range (before 1900 or after 9999). */
int bs_numfmt_serial_date(double serial, int date1904, int *year, int *month, int *day);

#endif
