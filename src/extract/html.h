/* HTML pages streamed through libxml2's HTML push parser (error-tolerant, charset from
 * BOM or meta tag): the text a reader sees, one unit per block, table cells hinted by
 * their column headers; scripts and comments as units of their own. */
#ifndef BS_HTML_H
#define BS_HTML_H

#include "base/buf.h"
#include "extract/read.h"

/* scratch: for decoding a file libxml2 gives up on, read as text instead. */
bs_status bs_read_html(const bs_source *src, bs_buf *scratch, const bs_unit_sink *sink);

#endif
