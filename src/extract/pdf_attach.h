/* Files attached to a PDF (the document's embedded files, and files attached to pages
 * by annotations), read in a child process: poppler-glib dereferences a null pointer on
 * some malformed file specifications, and one such file must not end the scan. */
#ifndef BS_PDF_ATTACH_H
#define BS_PDF_ATTACH_H

#include <poppler.h>

#include "extract/unit.h"

/* Hands each attached file of doc to sink->member, read or with the reason it was not.
 * A crash or hang of the child is reported, and the files not yet handed over are
 * listed as not examined. */
bs_status bs_pdf_attachments(PopplerDocument *doc, const bs_unit_sink *sink);

#endif
