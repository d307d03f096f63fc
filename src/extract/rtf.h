/* RTF documents: the text of the body (with headers, footers and footnotes), read by a
 * small reader of our own, as no maintained C library extracts RTF text. */
#ifndef BS_RTF_H
#define BS_RTF_H

#include "base/buf.h"
#include "extract/read.h"

/* scratch: holds the extracted text. */
bs_status bs_read_rtf(const bs_source *src, bs_buf *scratch, const bs_unit_sink *sink);

#endif
