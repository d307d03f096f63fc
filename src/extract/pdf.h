/* PDF documents read with poppler-glib: the text layer of each page, pages without one
 * and encrypted documents reported as not examined, attached files as members. */
#ifndef BS_PDF_H
#define BS_PDF_H

#include "extract/read.h"

/* BS_EFORMAT: not readable as a PDF at all (reported). */
bs_status bs_read_pdf(const bs_source *src, const bs_unit_sink *sink);
/* The same in the calling process, without the child: for the fuzz target, whose
 * coverage a child would take away with it. */
bs_status bs_read_pdf_here(const bs_source *src, const bs_unit_sink *sink);
/* Sets poppler up (its globals, and the system's font list fontconfig reads on the first
 * text): done once before children are forked, each child starts ready. */
void bs_pdf_prepare(void);

#endif
