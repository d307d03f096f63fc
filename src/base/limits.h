/* Every limit on what a scan reads, in one place. Each one, when reached, is recorded
 * against the file with a message naming it: a limit never hides data silently. */
#ifndef BS_LIMITS_H
#define BS_LIMITS_H
#include <stddef.h>
#include <stdint.h>

/* Containers inside containers (zip in zip, attachment in a message in a mailbox). */
#define BS_LIMIT_DEPTH            8
/* One member of a container, expanded. Larger members are not examined. */
#define BS_LIMIT_MEMBER_BYTES     ((size_t)1 << 30)
/* All members of one walked file together, expanded: the rest is not read. */
#define BS_LIMIT_EXPANDED_BYTES   ((uint64_t)16 << 30)
/* Members of one container: the rest is not read. */
#define BS_LIMIT_MEMBERS          100000
/* Expanded size over packed size for a member of more than BS_LIMIT_RATIO_FLOOR bytes:
 * above it the member is taken for a decompression bomb and not examined. Ordinary
 * text compresses 10:1 at most; a run of one byte, 1000:1. */
#define BS_LIMIT_RATIO            250
#define BS_LIMIT_RATIO_FLOOR      ((size_t)16 << 20)
/* Nesting of elements in an XML document. */
#define BS_LIMIT_XML_DEPTH        256
/* MIME parts of one email message, and multiparts inside multiparts: the rest not read. */
#define BS_LIMIT_MIME_PARTS       10000
#define BS_LIMIT_MIME_DEPTH       32
/* Folders inside folders of an Outlook store (PST): deeper ones not read. */
#define BS_LIMIT_PST_DEPTH        64
/* Tables of one Access database, and rows of one table (or one sheet of a workbook):
 * the rest not read. */
#define BS_LIMIT_DB_TABLES        10000
#define BS_LIMIT_TABLE_ROWS       ((uint64_t)10 << 20)
/* Cells a workbook declares (all sheets' DIMENSIONS together): FreeXL allocates 16
 * bytes for each, so a larger workbook is not read (reported). 64 Mi cells is 1 GiB. */
#define BS_LIMIT_SHEET_CELLS      ((uint64_t)64 << 20)
/* Text of one Access field (a memo), bytes: longer text is cut (reported). Every
 * column of a table has a buffer this large while the table is read. */
#define BS_LIMIT_DB_FIELD_BYTES   ((size_t)64 << 10)
/* Expansion of internal XML entities, output bytes over input bytes (expat's billion
 * laughs protection), once past BS_LIMIT_XML_AMP_FLOOR bytes: the rest read as text. */
#define BS_LIMIT_XML_AMPLIFY      10.0f
#define BS_LIMIT_XML_AMP_FLOOR    ((unsigned long long)1 << 20)
/* Pages of one PDF read; the rest is reported as not read. */
#define BS_LIMIT_PDF_PAGES        100000
/* Seconds without a byte from the child process reading a PDF's attached files; then
 * it is stopped and the rest reported as not read. */
#define BS_LIMIT_PDF_SECONDS      60
/* Readers run in a child process (isolate.h): seconds without a byte from the child,
 * and address space it may add to what it inherits; then it is stopped and the rest of
 * the file reported as not read. */
#define BS_LIMIT_ISOLATED_SECONDS 60
#define BS_LIMIT_ISOLATED_MEMORY  ((uint64_t)2 << 30)
/* Nesting of RTF groups; deeper groups are read as part of the deepest. */
#define BS_LIMIT_RTF_DEPTH        512
/* One SQL string value unescaped, in bytes: a longer one is read as written. */
#define BS_LIMIT_SQL_VALUE        ((size_t)64 << 20)
/* Columns of one SQL table named; further ones get hints by number ("t.5000"). */
#define BS_LIMIT_SQL_COLUMNS      4096

#endif
