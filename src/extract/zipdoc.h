/* Office documents packaged as zip (OOXML and OpenDocument): which one a zip holds,
 * and its parts (the XML files inside), read from memory with libarchive. Parts are
 * streamed in chunks, a pass over the zip each time, so that a sheet of hundreds of
 * megabytes never sits whole in memory. */
#ifndef BS_ZIPDOC_H
#define BS_ZIPDOC_H
#include <stddef.h>

#include "base/buf.h"
#include "extract/format.h"
#include "extract/read.h"

/* What the zip holds: BS_FMT_XLSX, DOCX, PPTX, ODS, ODT, ODP, or BS_FMT_ARCHIVE for
 * any other zip. OUT: *encrypted, 1 for a password-protected OpenDocument package. */
bs_format bs_zipdoc_kind(const bs_source *src, int *encrypted);

/* Called with each chunk of a chosen part; last is 1 on its final (possibly empty)
 * chunk. */
typedef bs_status (*bs_zipdoc_chunk_fn)(const char *part, const char *data, size_t len, int last,
                                        void *ctx);

/* Streams every part for which want(part, ctx) is 1, in zip order. */
bs_status bs_zipdoc_each(const bs_source *src, int (*want)(const char *part, void *ctx),
                         bs_zipdoc_chunk_fn fn, void *ctx);

/* Reads one part whole into out (reset first; bounded by out's limit).
 * BS_ENOTFOUND when there is no such part. */
bs_status bs_zipdoc_read(const bs_source *src, const char *part, bs_buf *out);

#endif
