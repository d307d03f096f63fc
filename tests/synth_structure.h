/* The published structures of the files synth writes, checked without our readers:
 * each function returns the number of faults found (0: the file follows its spec as
 * far as checked). */
#ifndef BS_SYNTH_STRUCTURE_H
#define BS_SYNTH_STRUCTURE_H
#include <stddef.h>

/* Well-formed XML whose root element is `root` (NULL: any). 1 or 0. */
int bs_check_xml_ok(const char *data, size_t len, const char *root);
/* OpenDocument package (ODF 1.3 Part 2, 3.3): mimetype the first member, stored, no
 * extra field, its bytes at offset 38; a manifest naming the media type; every XML
 * part well-formed, content.xml's root office:document-content. */
int bs_check_odf(const char *data, size_t len, const char *media_type);
/* PresentationML: [Content_Types].xml first, every part well-formed XML, each slide
 * part with a content type Override and a relationship from the presentation. */
int bs_check_pptx(const char *data, size_t len);
/* mbox (RFC 4155, mboxrd): a From_ line first and after each blank-line-ended message,
 * no other line of a message starting with "From "; each message a MIME message. */
int bs_check_mbox(const char *text);
/* RTF 1.9.1: "{\rtf1" first, 7-bit bytes, \'hh escapes of two hex digits, braces
 * balanced (escaped ones aside), nothing after the closing brace but a line end. */
int bs_check_rtf(const char *text);
/* HTML: a doctype, every element closed in order (void elements aside), each row of a
 * table as many cells as its header row. */
int bs_check_html(const char *text);
/* SQL dump: quotes balanced; mysqldump INSERT rows with as many values as CREATE
 * TABLE has columns; pg_dump COPY lines with as many fields as its column list, the
 * block ended by "\.". */
int bs_check_sql(const char *text);
/* Excel 97-2003 ([MS-XLS] BIFF8 in a compound file): a Workbook stream of records of
 * at most 8224 bytes, BOF and EOF of globals and one worksheet at BOUNDSHEET's
 * offset, WINDOW1, fonts, at least 16 XFs, an SST whose strings (over its CONTINUE
 * records, counted in *continues) number cstUnique, EXTSST after it, LABELSST indexes
 * within it, and INDEX listing every DBCELL, each pointing back at a ROW record. */
int bs_check_xls(const char *data, size_t len, int *continues);
/* Word 97-2003 ([MS-DOC]): the FIB of nFib 0x00C1 with its 1Table, a piece table from
 * CP 0 to ccpText whose pieces (counted by kind) lie in the stream, each ending in a
 * paragraph mark, and bin tables whose FKPs cover the ranges they are given. */
int bs_check_doc(const char *data, size_t len, int *wide_pieces, int *narrow_pieces);
/* Access 2000-2003 (Jet 4 .mdb, mdbtools' HACKING.md): the header and its masked code
 * page, pages of known types only, data pages packed from their end with their free
 * space said, the catalog's definition on page 2 listing the user tables (counted in
 * *tables), each definition's chain of pages ending as its length says, its usage map
 * (type 0 or 1) listing exactly the data pages it owns, holding the rows it declares,
 * each row with its column count and variable offsets in order, and each memo's text
 * all there: inline, on a long-value row, or over a chain of pieces (counted in
 * *chained). */
int bs_check_mdb(const char *data, size_t len, int *tables, int *chained);
/* Outlook store ([MS-PST] Unicode): the header's CRCs and ROOT, every page of the node
 * and block B-trees (type, signature, CRC, BID, counts, keys ascending), every block
 * of the BBT (trailer, CRC, signature; XBLOCKs' sizes, SLBLOCKs' entries), each node's
 * data and subnodes in the BBT with a heap-on-node header and page map, and every
 * block's units marked in its AMap. */
int bs_check_pst(const char *data, size_t len);
extern char bs_pst_first_fault[96]; /* what the last bs_check_pst found first, and where */

#endif
