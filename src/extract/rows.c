/* Tables a row at a time (see rows.h). */
#include "extract/rows.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "detect/hints.h"

#define HEADER_SEARCH 10 /* rows looked at for a header row */

void bs_rows_init(bs_rows *rows, const bs_unit_sink *sink) {
  memset(rows, 0, sizeof *rows);
  rows->sink = sink;
  bs_buf_init(&rows->text, BS_LIMIT_MEMBER_BYTES);
}

void bs_rows_begin_table(bs_rows *rows, const char *name, int cell_places) {
  snprintf(rows->name, sizeof rows->name, "%s", name ? name : "");
  rows->cell_places = cell_places;
  rows->cell_count = 0;
  bs_buf_reset(&rows->text);
  bs_free(rows->headers);
  rows->headers = NULL;
  rows->header_columns = 0;
  rows->header_found = 0;
  rows->rows_seen = 0;
}

bs_status bs_rows_add(bs_rows *rows, uint32_t column, const char *text, size_t len, int is_text) {
  if (len == 0) return BS_OK;
  if (rows->cell_count == rows->cell_cap) {
    size_t cap = rows->cell_cap ? rows->cell_cap * 2 : 16;
    bs_rows_cell *cells = bs_reallocarray(rows->cells, cap, sizeof *cells);
    if (!cells) return BS_ENOMEM;
    rows->cells = cells;
    rows->cell_cap = cap;
  }
  bs_rows_cell *c = &rows->cells[rows->cell_count];
  c->column = column;
  c->text_off = rows->text.len;
  c->text_len = len;
  c->is_text = is_text;
  bs_status status = bs_buf_append(&rows->text, text, len);
  if (status == BS_OK) status = bs_buf_append_char(&rows->text, '\0');
  if (status == BS_OK) rows->cell_count++;
  return status;
}

/* A header row: at least two cells, all text. */
static bs_status take_headers(bs_rows *rows) {
  if (rows->cell_count < 2) return BS_OK;
  uint32_t columns = 0;
  for (size_t i = 0; i < rows->cell_count; i++) {
    if (!rows->cells[i].is_text) return BS_OK;
    if (rows->cells[i].column > columns) columns = rows->cells[i].column;
  }
  rows->headers = bs_calloc((size_t)columns + 1, sizeof *rows->headers);
  if (!rows->headers) return BS_ENOMEM;
  rows->header_columns = columns;
  for (size_t i = 0; i < rows->cell_count; i++) {
    if (rows->hint_count == rows->hint_cap) {
      size_t cap = rows->hint_cap ? rows->hint_cap * 2 : 16;
      char **texts = bs_reallocarray(rows->hint_texts, cap, sizeof *texts);
      if (!texts) return BS_ENOMEM;
      rows->hint_texts = texts;
      rows->hint_cap = cap;
    }
    char *hint = bs_strdup(rows->text.data + rows->cells[i].text_off);
    if (!hint) return BS_ENOMEM;
    rows->hint_texts[rows->hint_count++] = hint;
    rows->headers[rows->cells[i].column] = hint;
  }
  rows->header_found = 1;
  return BS_OK;
}

static void column_name(char *out, uint32_t col) {
  char rev[8];
  int n = 0;
  for (; col > 0 && n < 7; col = (col - 1) / 26) rev[n++] = (char)('A' + (col - 1) % 26);
  for (int i = 0; i < n; i++) out[i] = rev[n - 1 - i];
  out[n] = '\0';
}

bs_status bs_rows_end_row(bs_rows *rows, uint64_t row) {
  bs_status status = BS_OK;
  int is_header = 0;
  if (!rows->header_found && rows->rows_seen < HEADER_SEARCH && rows->cell_count) {
    rows->rows_seen++;
    status = take_headers(rows);
    is_header = rows->header_found;
  }
  char place[300], col[8];
  if (rows->cell_count) rows->records++;
  for (size_t i = 0; i < rows->cell_count && status == BS_OK; i++) {
    const bs_rows_cell *c = &rows->cells[i];
    if (rows->cell_places) {
      column_name(col, c->column);
      snprintf(place, sizeof place, "%s!%s%llu", rows->name, col, (unsigned long long)row);
    } else {
      snprintf(place, sizeof place, "%s", rows->name);
    }
    const char *hint = !is_header && rows->header_found && c->column <= rows->header_columns
                           ? rows->headers[c->column]
                           : NULL;
    bs_unit unit = {.text = rows->text.data + c->text_off,
                    .len = c->text_len,
                    .column = c->column,
                    .row = row,
                    .record = rows->records,
                    .hint = hint,
                    .hint_type = hint ? bs_hint_type(hint) : BS_EL_NONE,
                    .place = place[0] ? place : NULL};
    status = rows->sink->unit(&unit, rows->sink->ctx);
  }
  rows->cell_count = 0;
  bs_buf_reset(&rows->text);
  return status;
}

void bs_rows_free(bs_rows *rows) {
  bs_free(rows->cells);
  bs_buf_free(&rows->text);
  bs_free(rows->headers);
  for (size_t i = 0; i < rows->hint_count; i++) bs_free(rows->hint_texts[i]);
  bs_free(rows->hint_texts);
  memset(rows, 0, sizeof *rows);
}
