/* RTF documents: the text of the body (with headers, footers and footnotes) and the
 * cells of its tables, read by a small reader of our own, as no maintained C library
 * extracts RTF text. */
#ifndef BS_RTF_H
#define BS_RTF_H

#include "extract/read.h"

bs_status bs_read_rtf(const bs_source *src, const bs_unit_sink *sink);

#endif
