/* Office Open XML packages as the share holds them (ECMA-376, 5th edition): an XLSX
 * workbook with a sheet of rows (shared strings, numbers with number formats, dates as
 * serial numbers) and a DOCX document of paragraphs and one table. Each part is written
 * to a temporary file, then zipped (zipout.h), so memory stays flat however many rows. */
#ifndef BS_OOXML_OUT_H
#define BS_OOXML_OUT_H
#include <stdio.h>

#include "synth/doc.h"
#include "synth/people.h"

/* Cell styles of the workbook (cellXfs in styles.xml). */
typedef enum bs_xlsx_style {
  BS_XLSX_GENERAL,  /* General */
  BS_XLSX_DATE,     /* built-in 14 (m/d/yyyy): a date serial */
  BS_XLSX_SSN,      /* "000-00-0000" */
  BS_XLSX_ZIP,      /* "00000" */
  BS_XLSX_MONEY,    /* "#,##0.00" */
  BS_XLSX_DATE_ISO, /* "yyyy\-mm\-dd" */
  BS_XLSX_STYLES
} bs_xlsx_style;

typedef struct bs_xlsx {
  bs_doc doc;                       /* mentions: kind FIELDS, row, place "Sheet!C12", header */
  FILE *out;                        /* where the package goes (caller's) */
  FILE *sheet;                      /* xl/worksheets/sheet1.xml, being written */
  FILE *strings;                    /* <si> entries of xl/sharedStrings.xml, in order */
  unsigned long long strings_count; /* entries written */
  const char *sheet_name;           /* as the workbook names it */
  const char *const *headers;       /* row 1 */
  size_t columns;                   /* entries in headers */
  unsigned long long row;           /* current row, 1-based (row 1 the headers) */
  size_t column;                    /* next cell of the row, 0-based */
  bs_status status;                 /* first error */
} bs_xlsx;

/* A workbook of one sheet `sheet_name` with `headers` in row 1, written into `out` (the
 * caller's file), its mentions naming `path`. */
bs_status bs_xlsx_begin(bs_xlsx *x, bs_truth *truth, const char *path, FILE *out,
                        const char *sheet_name, const char *const *headers, size_t columns);
void bs_xlsx_text(bs_xlsx *x, const char *text); /* a string cell of no one; "" empty */
/* A string cell holding a person's value (recorded as shown). */
void bs_xlsx_put_text(bs_xlsx *x, const char *person, bs_element type, const char *value,
                      const char *text);
/* A number cell in `style`; `shown` is how a spreadsheet shows it (NULL: no mention). */
void bs_xlsx_number(bs_xlsx *x, double number, bs_xlsx_style style, const char *person,
                    bs_element type, const char *value, const char *shown);
/* A date cell: its serial number in BS_XLSX_DATE or BS_XLSX_DATE_ISO; recorded shown
 * as an ISO date, which our reader and any spreadsheet's ISO export give. */
void bs_xlsx_date(bs_xlsx *x, bs_date date, bs_xlsx_style style, const char *person,
                  bs_element type);
void bs_xlsx_end_row(bs_xlsx *x);
/* Writes the package's parts into out; the first error. */
bs_status bs_xlsx_finish(bs_xlsx *x);

/* DOCX: the body's paragraphs are written as text lines through doc (kind TEXT, place
 * "document": line N is paragraph N), then one table whose first row holds headers. */
typedef struct bs_docx {
  bs_doc doc;                 /* mentions; doc.file is the paragraphs' text */
  FILE *out;                  /* where the package goes */
  FILE *text;                 /* paragraphs as lines, until finish */
  FILE *table;                /* w:tbl being written */
  const char *const *headers; /* the table's first row */
  size_t columns;             /* entries in headers */
  unsigned long long row;     /* table row, 1-based (row 1 the headers) */
  size_t column;              /* next cell */
  bs_status status;           /* first error */
} bs_docx;

bs_status bs_docx_begin(bs_docx *d, bs_truth *truth, const char *path, FILE *out);
/* After the paragraphs: the table with its header row. */
void bs_docx_table(bs_docx *d, const char *const *headers, size_t columns);
void bs_docx_cell(bs_docx *d, const char *text);
void bs_docx_put_cell(bs_docx *d, const char *person, bs_element type, const char *value,
                      const char *text);
void bs_docx_end_row(bs_docx *d);
bs_status bs_docx_finish(bs_docx *d);

/* Where a sheet's cells stand for the truth: the sheet's name and its header row. */
typedef struct bs_sheet_layout {
  const char *sheet_name;     /* as the workbook names it */
  const char *const *headers; /* row 1 */
  size_t columns;             /* entries in headers */
} bs_sheet_layout;
/* Records a mention of the cell at `row` (1-based) and `column` (0-based): place
 * "Sheet!C12", row, and the column's header as field. */
void bs_sheet_note(bs_doc *doc, const bs_sheet_layout *layout, uint64_t row, size_t column,
                   const char *person, bs_element type, const char *value, const char *shown);

/* The serial number of a date in the 1900 date system (days since 1899-12-30). */
long bs_xlsx_serial(bs_date date);
/* A spreadsheet's name of column `column` (0-based): "A", "Z", "AA"; out holds 8. */
void bs_sheet_column_name(char *out, size_t column);
/* Writes text with the five XML escapes. */
void bs_xml_escape(FILE *out, const char *text, size_t len);

#endif
