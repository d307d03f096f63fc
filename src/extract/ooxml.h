/* Office documents: OOXML (ECMA-376) workbooks, word-processing documents and
 * presentations, and their OpenDocument counterparts. Each is a zip of XML parts,
 * recognised by zipdoc.c and read here part by part with expat. */
#ifndef BS_OOXML_H
#define BS_OOXML_H

#include "extract/read.h"

/* XLSX/XLSM: every cell a unit located as "Sheet1!C12", headers as hints. */
bs_status bs_read_xlsx(const bs_source *src, const bs_unit_sink *sink);
/* DOCX and PPTX: the text of each part (body, headers, footers, comments, notes,
 * slides) as one unit a part, placed by part; table cells as units of their own with
 * the table's first row as hints. Deleted text of tracked changes is read too: it is
 * still in the file. */
bs_status bs_read_docx(const bs_source *src, const bs_unit_sink *sink);
bs_status bs_read_pptx(const bs_source *src, const bs_unit_sink *sink);
/* ODS, ODT, ODP: likewise, from content.xml and styles.xml. */
bs_status bs_read_odf(bs_format format, const bs_source *src, const bs_unit_sink *sink);

#endif
