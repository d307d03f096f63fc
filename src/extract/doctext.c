/* Text of document parts (see doctext.h). */
#include "extract/doctext.h"

#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "extract/lines.h"

#define CELL_LIMIT ((size_t)1 << 20)

static void fail(bs_doctext *d, bs_status status) {
  if (d->status == BS_OK) d->status = status;
}

void bs_doctext_init(bs_doctext *d, const bs_unit_sink *sink) {
  memset(d, 0, sizeof *d);
  d->sink = sink;
  bs_buf_init(&d->flow, BS_LIMIT_MEMBER_BYTES);
  bs_buf_init(&d->cell, CELL_LIMIT);
  bs_rows_init(&d->rows, sink);
}

void bs_doctext_begin_part(bs_doctext *d, const char *place) {
  snprintf(d->place, sizeof d->place, "%s", place);
  bs_buf_reset(&d->flow);
  bs_buf_reset(&d->cell);
  d->tables = d->table_depth = 0;
  d->status = BS_OK;
}

static int in_cell(const bs_doctext *d) { return d->table_depth > 0 && d->column > 0; }

void bs_doctext_text(bs_doctext *d, const char *text, size_t len) {
  bs_status status = bs_buf_append(in_cell(d) ? &d->cell : &d->flow, text, len);
  if (status != BS_OK) fail(d, status);
}

void bs_doctext_newline(bs_doctext *d) { bs_doctext_text(d, "\n", 1); }

void bs_doctext_table_start(bs_doctext *d) {
  if (d->table_depth++ > 0) return;
  char name[300];
  if (d->place[0])
    snprintf(name, sizeof name, "%s!table %u", d->place, ++d->tables);
  else
    snprintf(name, sizeof name, "table %u", ++d->tables);
  bs_rows_begin_table(&d->rows, name, 0);
  d->row = 0;
  d->column = 0;
}

void bs_doctext_table_end(bs_doctext *d) {
  if (d->table_depth > 0) d->table_depth--;
}

void bs_doctext_row_start(bs_doctext *d) {
  if (d->table_depth != 1) return;
  d->row++;
  d->column = 0;
}

void bs_doctext_row_end(bs_doctext *d) {
  if (d->table_depth != 1) return;
  bs_status status = bs_rows_end_row(&d->rows, d->row);
  if (status != BS_OK) fail(d, status);
  d->column = 0;
}

void bs_doctext_cell_start(bs_doctext *d) {
  if (d->table_depth != 1) return;
  d->column++;
  bs_buf_reset(&d->cell);
}

void bs_doctext_cell_end(bs_doctext *d, uint32_t repeat) {
  if (d->table_depth != 1) return;
  size_t len = d->cell.len;
  while (len > 0 && (d->cell.data[len - 1] == '\n' || d->cell.data[len - 1] == ' ')) len--;
  if (repeat < 1) repeat = 1;
  /* A repeated cell with text is a run of equal cells: shown once, columns advanced. */
  if (len) {
    bs_status status = bs_rows_add(&d->rows, d->column, d->cell.data, len, 1);
    if (status != BS_OK) fail(d, status);
  }
  d->column += repeat - 1;
  bs_buf_reset(&d->cell);
}

bs_status bs_doctext_end_part(bs_doctext *d) {
  /* Past a limit, what was read is still sent. */
  if ((d->status == BS_OK || d->status == BS_ELIMIT) && d->flow.len) {
    bs_status status =
        bs_emit_lines(d->flow.data, d->flow.len, 1, 1, d->place[0] ? d->place : NULL, d->sink);
    if (status != BS_OK) d->status = status; /* the sink's error before a limit */
  }
  bs_buf_reset(&d->flow);
  return d->status;
}

void bs_doctext_free(bs_doctext *d) {
  bs_buf_free(&d->flow);
  bs_buf_free(&d->cell);
  bs_rows_free(&d->rows);
}
