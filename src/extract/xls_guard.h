/* What FreeXL is given (see xls_guard.c): the records of a workbook stream copied
 * into a new stream, in a compound file written here; never the file as found. */
#ifndef BS_XLS_GUARD_H
#define BS_XLS_GUARD_H
#include <stddef.h>

#include "base/buf.h"

/* The records of a Workbook stream FreeXL may read, laid out anew (xls_guard.c). OUT:
 * out; *why, when the workbook must not be read at all ("encrypted", a limit). */
bs_status bs_xls_normalize(bs_buf *out, const char **why, const char *book, size_t len);

/* A compound file ([MS-CFB] version 4) holding only book as its "Workbook" stream.
 * OUT: out. BS_ELIMIT when the stream is too large for one (about 450 MB). */
bs_status bs_xls_wrap(bs_buf *out, const char *book, size_t len);

#endif
