/* Zip containers written with libarchive: the share's archives and the packages of
 * Office documents (OOXML is a zip of XML parts). Members come from memory or from a
 * temporary file streamed in pieces, so a part as large as the whole patient list
 * never sits in memory. */
#ifndef BS_ZIPOUT_H
#define BS_ZIPOUT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

typedef struct bs_zipout bs_zipout;

/* A zip written into `out` (a file or a memory stream the caller owns and closes).
 * mtime: the members' modification time, epoch seconds. OUT: *zip. */
bs_status bs_zipout_create(bs_zipout **out, FILE *file, int64_t mtime);
/* Adds a member with the bytes given; name uses '/' between folders. */
bs_status bs_zipout_add(bs_zipout *zip, const char *name, const void *data, size_t len);
/* Adds a member holding what `part` holds (read from its start). */
bs_status bs_zipout_add_file(bs_zipout *zip, const char *name, FILE *part);
/* Writes the central directory and frees the writer; the first error of all the calls. */
bs_status bs_zipout_finish(bs_zipout *zip);

#endif
