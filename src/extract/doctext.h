/* The text of word-processing and presentation parts: paragraphs flow into one unit
 * per part, with a line per paragraph; cells of (outermost) tables become units of
 * their own through bs_rows, the table's first row giving the hints. Readers of DOCX,
 * PPTX, ODT and ODP map their elements onto these calls. */
#ifndef BS_DOCTEXT_H
#define BS_DOCTEXT_H
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "extract/rows.h"

typedef struct bs_doctext {
  const bs_unit_sink *sink; /* where units go */
  char place[256];          /* the part being read: "document", "slide 3" */
  bs_buf flow;              /* its text outside tables */
  bs_rows rows;             /* cells of its tables */
  bs_buf cell;              /* text of the cell being read */
  unsigned tables;          /* tables begun in the part */
  unsigned table_depth;     /* tables open; cells of inner ones flow into the outer cell */
  uint64_t row;             /* row of the outermost table */
  uint32_t column;          /* column in it */
  bs_status status;         /* first error */
} bs_doctext;

void bs_doctext_init(bs_doctext *d, const bs_unit_sink *sink);
/* place "": a document of one part (RTF): its text has no place, its tables are
 * "table N". */
void bs_doctext_begin_part(bs_doctext *d, const char *place);
void bs_doctext_text(bs_doctext *d, const char *text, size_t len);
/* End of a paragraph or a line break. */
void bs_doctext_newline(bs_doctext *d);
void bs_doctext_table_start(bs_doctext *d);
void bs_doctext_table_end(bs_doctext *d);
void bs_doctext_row_start(bs_doctext *d);
void bs_doctext_row_end(bs_doctext *d);
/* repeat: the cell stands for that many columns (OpenDocument's repeated cells). */
void bs_doctext_cell_start(bs_doctext *d);
void bs_doctext_cell_end(bs_doctext *d, uint32_t repeat);
/* Sends the part's flowing text (also after BS_ELIMIT, what was read); returns the first
 * error of the part. */
bs_status bs_doctext_end_part(bs_doctext *d);
void bs_doctext_free(bs_doctext *d);

#endif
