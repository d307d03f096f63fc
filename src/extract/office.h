/* Microsoft Office 97-2003 files and Access databases: OLE2 compound files (Excel
 * workbooks, Word documents, and Office files of any kind encrypted with a password)
 * told apart by their streams with libgsf; Access MDB and ACCDB read with mdbtools. */
#ifndef BS_OFFICE_H
#define BS_OFFICE_H

#include "extract/format.h"
#include "extract/read.h"

/* An OLE2 compound file. OUT: *format, what it turned out to be (BS_FMT_XLS,
 * BS_FMT_DOC, BS_FMT_MSG, or BS_FMT_OLE2 for the others). Encrypted files are reported to
 * sink->unexamined as "encrypted". */
bs_status bs_read_ole2(bs_format *format, const bs_source *src, const bs_unit_sink *sink);

/* An Excel 97-2003 (BIFF 2-8) workbook, with FreeXL. book: its Workbook stream, which
is checked and given to FreeXL in a compound file of its own (xls_guard.c). */
bs_status bs_read_xls(const bs_source *src, const char *book, size_t book_len,
                      const bs_unit_sink *sink);

/* A Word 97-2003 document whose WordDocument stream is given: its text. */
bs_status bs_read_doc(const bs_source *src, const char *word_stream, size_t word_len,
                      const char *table_stream, size_t table_len, const bs_unit_sink *sink);

/* An Access database (Jet 3 and 4 .mdb, ACE .accdb): each table's rows. */
bs_status bs_read_mdb(const bs_source *src, const bs_unit_sink *sink);
/* The same in the calling process, without the child: for the fuzz target, whose
 * coverage a child would take away with it. */
bs_status bs_read_mdb_here(const bs_source *src, const bs_unit_sink *sink);

#endif
