/* Containers read with libarchive: zip, tar, gzip, bzip2, xz, zstd, 7z, rar, cab, ar.
 * Each entry goes to sink->member. Office documents built on zip (OOXML, OpenDocument)
 * are recognised by their members and read as documents instead. */
#ifndef BS_ARCHIVE_H
#define BS_ARCHIVE_H

#include "extract/format.h"
#include "extract/read.h"

/* OUT: *format, BS_FMT_ARCHIVE or the document format the zip turned out to be. */
bs_status bs_read_archive(bs_format *format, const bs_source *src, const bs_unit_sink *sink);

#endif
