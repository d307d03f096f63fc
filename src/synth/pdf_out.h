/* PDF documents of the share (statements, lab summaries, attachments), drawn with cairo
 * and pango: pages of text lines, so that a PDF reader finds the text where the truth
 * says (place "page N", line within the page). */
#ifndef BS_PDF_OUT_H
#define BS_PDF_OUT_H
#include <stdio.h>

#include "synth/doc.h"

typedef struct bs_pdf_out {
  bs_doc doc;       /* mentions; doc.file holds the current page's lines */
  FILE *out;        /* where the PDF goes (caller's) */
  void *surface;    /* cairo_surface_t: the PDF */
  void *cairo;      /* cairo_t drawing on it */
  int page;         /* current page, 1-based */
  bs_status status; /* first error */
} bs_pdf_out;

/* A PDF written into `out` whose mentions name `path`; page 1 begins. Lines are
 * written with bs_doc_printf and the bs_put_* helpers on pdf->doc; keep them short
 * (about 90 characters) and never blank (a PDF has no blank lines to read back). */
bs_status bs_pdf_begin(bs_pdf_out *pdf, bs_truth *truth, const char *path, FILE *out);
/* Draws the page written so far and begins the next. */
void bs_pdf_next_page(bs_pdf_out *pdf);
/* Draws the last page and ends the PDF; the first error. */
bs_status bs_pdf_finish(bs_pdf_out *pdf);

#endif
