/* Tables read a row at a time (spreadsheet sheets, tables in documents): each cell
 * becomes a unit; the first row of text cells within the first rows is taken as the
 * header, and its cells become the hints of the columns below. */
#ifndef BS_ROWS_H
#define BS_ROWS_H
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "extract/unit.h"

typedef struct bs_rows_cell {
  uint32_t column; /* 1-based */
  size_t text_off; /* in text */
  size_t text_len; /* bytes */
  int is_text;     /* a string, not a number */
} bs_rows_cell;

typedef struct bs_rows {
  const bs_unit_sink *sink; /* where cells go */
  char name[256];           /* sheet or table name, for places */
  int cell_places;          /* places are "name!C12" (sheets) or "name" (tables) */
  bs_rows_cell *cells;      /* cells of the row being read */
  size_t cell_count;        /* entries */
  size_t cell_cap;          /* allocated */
  bs_buf text;              /* their text, NUL-separated */
  const char **headers;     /* hint by column, once a header row is found */
  uint32_t header_columns;  /* entries in headers - 1 */
  int header_found;         /* headers apply */
  unsigned rows_seen;       /* rows looked at for a header */
  char **hint_texts;        /* every hint handed out: they live until bs_rows_free */
  size_t hint_count;        /* entries */
  size_t hint_cap;          /* allocated */
  uint64_t records;         /* rows with cells so far, in every table of the file */
} bs_rows;

void bs_rows_init(bs_rows *rows, const bs_unit_sink *sink);
/* A new table: headers are looked for again. */
void bs_rows_begin_table(bs_rows *rows, const char *name, int cell_places);
/* Adds a cell to the current row; empty text is ignored. */
bs_status bs_rows_add(bs_rows *rows, uint32_t column, const char *text, size_t len, int is_text);
/* Ends the row numbered `row`: its cells go to the sink. */
bs_status bs_rows_end_row(bs_rows *rows, uint64_t row);
void bs_rows_free(bs_rows *rows);

#endif
