/* Excel 97-2003 workbooks ([MS-XLS], BIFF8) as Excel 2003 saves them: the globals
 * (fonts, number formats, cell formats, the sheet, the shared strings with their
 * CONTINUE records and EXTSST) and one sheet of rows in blocks of 32 (ROW records,
 * cells, DBCELL, and the INDEX that finds them); text through the shared strings
 * (LABELSST), numbers as RK where they fit and NUMBER otherwise, dates as serial
 * numbers with a date format. The Workbook stream goes into a compound file libgsf
 * writes ([MS-CFB]). Cells use the XLSX writer's styles (ooxml_out.h). */
#ifndef BS_BIFF_OUT_H
#define BS_BIFF_OUT_H
#include <stdint.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "synth/doc.h"
#include "synth/ooxml_out.h"
#include "synth/people.h"

#define BS_XLS_BLOCK_ROWS 32    /* rows a DBCELL indexes ([MS-XLS] 2.4.78) */
#define BS_XLS_MAX_ROWS   65536 /* rows of a BIFF8 sheet; cells past it are left out */

typedef struct bs_xls_row {
  uint16_t first, last; /* columns of its first cell and past its last */
  uint32_t at;          /* offset of its first cell record in the block */
  int used;             /* has cells */
} bs_xls_row;

typedef struct bs_xls {
  bs_doc doc;              /* mentions: kind FIELDS, row, place "Sheet!C12", header */
  FILE *out;               /* where the compound file goes (caller's) */
  FILE *cells;             /* the sheet's row blocks, from the first ROW record */
  FILE *strings;           /* unique strings as XLUnicodeRichExtendedString, in order */
  bs_strmap *unique;       /* string -> index in the shared strings */
  uint32_t strings_total;  /* LABELSST cells (SST cstTotal) */
  uint32_t strings_unique; /* entries of the shared strings (cstUnique) */
  bs_sheet_layout layout;  /* the sheet's name (BOUNDSHEET) and header row */
  uint32_t row;            /* current row, 0-based (row 0 the headers) */
  size_t column;           /* next cell of the row, 0-based */
  bs_buf block;            /* cell records of the block's rows */
  uint32_t block_first;    /* first row of the block */
  bs_xls_row block_rows[BS_XLS_BLOCK_ROWS];              /* the block's rows */
  uint32_t dbcells[BS_XLS_MAX_ROWS / BS_XLS_BLOCK_ROWS]; /* DBCELL offsets in cells */
  size_t blocks;                                         /* entries in dbcells */
  uint32_t rows_used;                                    /* last row with cells + 1 */
  uint16_t columns_used;                                 /* last column with cells + 1 */
  bs_status status;                                      /* first error */
} bs_xls;

/* A workbook of one sheet `sheet_name` with `headers` in row 1, written into `out` (the
 * caller's file), its mentions naming `path`. */
bs_status bs_xls_begin(bs_xls *x, bs_truth *truth, const char *path, FILE *out,
                       const char *sheet_name, const char *const *headers, size_t columns);
void bs_xls_text(bs_xls *x, const char *text); /* a string cell of no one; "" empty */
void bs_xls_put_text(bs_xls *x, const char *person, bs_element type, const char *value,
                     const char *text);
/* A number cell in `style`; `shown` is how Excel shows it (NULL: no mention). */
void bs_xls_number(bs_xls *x, double number, bs_xlsx_style style, const char *person,
                   bs_element type, const char *value, const char *shown);
void bs_xls_end_row(bs_xls *x);
/* Writes the compound file into out; the first error. */
bs_status bs_xls_finish(bs_xls *x);

/* The RK form of a number ([MS-XLS] 2.5.217 RkNumber), when it has one exactly. OUT:
 * out. */
int bs_xls_rk(uint32_t *out, double number);

#endif
