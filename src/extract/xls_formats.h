/* The number formats of an Excel 97-2003 workbook's number cells, which FreeXL does not
 * report: a ZIP code kept as 2108 with format "00000" shows as 02108, an SSN kept as
 * 123456789 with "000-00-0000" as 123-45-6789, as Excel shows them (xls_formats.c). */
#ifndef BS_XLS_FORMATS_H
#define BS_XLS_FORMATS_H
#include <stddef.h>

#include "base/status.h"

typedef struct bs_xls_formats bs_xls_formats;

/* Reads the formats (FORMAT, XF) and the number cells (NUMBER, RK, MULRK) of a BIFF5
 * or BIFF8 workbook stream as xls_guard.c lays it out: the globals, then the sheets in
 * order. OUT: *out (NULL on failure). */
bs_status bs_xls_formats_create(bs_xls_formats **out, const char *book, size_t len);
void bs_xls_formats_free(bs_xls_formats *formats);

/* The format code of the number cell at sheet, row, column (0-based); NULL when it is
 * General, a date (FreeXL shows those) or not a number cell. */
const char *bs_xls_formats_find(const bs_xls_formats *formats, unsigned sheet, unsigned row,
                                unsigned column);

#endif
