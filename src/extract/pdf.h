/* PDF documents read with poppler-glib: the text layer of each page, pages without one
 * and encrypted documents reported as not examined, attached files as members. */
#ifndef BS_PDF_H
#define BS_PDF_H

#include "extract/read.h"

/* BS_EFORMAT: not readable as a PDF at all (reported). */
bs_status bs_read_pdf(const bs_source *src, const bs_unit_sink *sink);

#endif
