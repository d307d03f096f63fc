/* Shared by the fuzz targets of the readers that take a whole file (email, mailboxes,
 * Outlook stores, OLE2, Access): runs one reader on the input with fuzz/check.h's
 * sink, and reads each member it hands on with bs_read in turn, as a scan would. */
#ifndef BS_FUZZ_READER_H
#define BS_FUZZ_READER_H
#include <stddef.h>
#include <stdint.h>

#include "extract/read.h"

typedef bs_status (*bs_fuzz_reader)(const bs_source *src, const bs_unit_sink *sink);

/* Reads data (named name) with reader; members to depth 2. Checks, beyond check.c's
 * invariants: line and row numbers never go back within one place (a reader may
 * restart them in a new part, sheet or table); member names are non-empty valid UTF-8
 * without control characters; the reader returns OK, ELIMIT or EFORMAT. Returns 0, or
 * 1 when an invariant broke. */
int bs_fuzz_run_reader(bs_fuzz_reader reader, const char *name, const uint8_t *data, size_t size);

#endif
