/* OpenDocument packages as the share holds them (OASIS ODF 1.3): an ODS spreadsheet of
 * one sheet (strings, dates with office:date-value, currency) and an ODT text of
 * paragraphs and one table whose first row is a header row. content.xml is streamed
 * into a temporary file, then packaged with libgsf, whose zip writer stores the
 * mimetype member first, uncompressed and without an extra field (ODF 1.3 Part 2,
 * 3.3), which libarchive's cannot. */
#ifndef BS_ODF_OUT_H
#define BS_ODF_OUT_H
#include <stdio.h>

#include "synth/doc.h"
#include "synth/people.h"

typedef struct bs_ods {
  bs_doc doc;                 /* mentions: kind FIELDS, row, place "Sheet!C12", header */
  FILE *out;                  /* where the package goes (caller's) */
  FILE *content;              /* content.xml, being written */
  const char *sheet_name;     /* the table's name */
  const char *const *headers; /* row 1 */
  size_t columns;             /* entries in headers */
  unsigned long long row;     /* current row, 1-based (row 1 the headers) */
  size_t column;              /* next cell of the row, 0-based */
  bs_status status;           /* first error */
} bs_ods;

bs_status bs_ods_begin(bs_ods *x, bs_truth *truth, const char *path, FILE *out,
                       const char *sheet_name, const char *const *headers, size_t columns);
void bs_ods_text(bs_ods *x, const char *text); /* a string cell of no one; "" empty */
/* A string cell holding a person's value. */
void bs_ods_put(bs_ods *x, const char *person, bs_element type, const char *value,
                const char *text);
/* A date cell: its office:date-value ISO, shown (and recorded) as MM/DD/YYYY. */
void bs_ods_date(bs_ods *x, const char *person, bs_element type, bs_date date);
void bs_ods_money(bs_ods *x, int cents); /* a currency cell in dollars, no one's */
void bs_ods_end_row(bs_ods *x);
bs_status bs_ods_finish(bs_ods *x);

/* ODT: the paragraphs are written as text lines through doc (kind TEXT, place
 * "content": line N is paragraph N), then one table, its first row the headers. */
typedef struct bs_odt {
  bs_doc doc;                 /* mentions; doc.file is the paragraphs' text */
  FILE *out;                  /* where the package goes */
  FILE *table;                /* table:table being written */
  const char *const *headers; /* the table's first row */
  size_t columns;             /* entries in headers */
  unsigned long long row;     /* table row, 1-based (row 1 the headers) */
  size_t column;              /* next cell */
  bs_status status;           /* first error */
} bs_odt;

bs_status bs_odt_begin(bs_odt *d, bs_truth *truth, const char *path, FILE *out);
void bs_odt_table(bs_odt *d, const char *const *headers, size_t columns);
void bs_odt_put_cell(bs_odt *d, const char *person, bs_element type, const char *value,
                     const char *text);
void bs_odt_end_row(bs_odt *d);
bs_status bs_odt_finish(bs_odt *d);

#endif
