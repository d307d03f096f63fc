/* CSV and other delimited tables, read with libcsv (RFC 4180 quoting, embedded
 * newlines). The first row, when it looks like one, is the header: each cell is then a
 * unit with its column header as field hint. Malformed quoting is reported with its
 * row and the field read as is; an unclosed quote at the end (a truncated file) is
 * reported and its cell read as is. */
#include <csv.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "detect/hints.h"
#include "extract/format.h"

#define MAX_ROW_BYTES ((size_t)64 << 20)
#define MAX_COLUMNS   4096

typedef struct cell_ref {
  size_t off, len; /* in row text */
} cell_ref;

typedef struct csv_reader {
  const bs_unit_sink *sink;    /* where units go */
  unsigned char strict_opts;   /* options while strict */
  bs_buf row;                  /* current row's cells, NUL-separated */
  cell_ref cells[MAX_COLUMNS]; /* current row's cells */
  size_t cell_count;           /* in the current row */
  size_t dropped;              /* cells past MAX_COLUMNS in this row */
  uint64_t rows;               /* rows completed */
  char **headers;              /* header names, one stable copy each */
  bs_element *header_types;    /* hint type of each header */
  size_t header_count;         /* entries */
  bs_status status;            /* first error from the sink or memory */
} csv_reader;

static void diagnose(csv_reader *r, uint64_t row, const char *message) {
  if (!r->sink->diagnostic) return;
  char place[48];
  snprintf(place, sizeof place, "row %llu", (unsigned long long)row);
  r->sink->diagnostic(place, message, r->sink->ctx);
}

static void on_field(void *field, size_t len, void *ctx) {
  csv_reader *r = ctx;
  if (r->status != BS_OK) return;
  if (r->cell_count == MAX_COLUMNS) {
    r->dropped++;
    return;
  }
  cell_ref *cell = &r->cells[r->cell_count++];
  cell->off = r->row.len;
  cell->len = len;
  bs_status status = bs_buf_append(&r->row, field ? field : "", field ? len : 0);
  if (status == BS_OK) status = bs_buf_append_char(&r->row, '\0');
  if (status == BS_ELIMIT) {
    diagnose(r, r->rows + 1, "row longer than the limit; rest of the file not read");
  }
  if (status != BS_OK) r->status = status;
}

static int is_header(csv_reader *r) {
  int hinted = 0, nonempty = 0;
  for (size_t i = 0; i < r->cell_count; i++) {
    const char *cell = r->row.data + r->cells[i].off;
    size_t len = r->cells[i].len, digits = 0, letters = 0;
    if (len == 0) continue;
    nonempty++;
    for (size_t k = 0; k < len; k++) {
      digits += isdigit((unsigned char)cell[k]) != 0;
      letters += isalpha((unsigned char)cell[k]) != 0;
    }
    if (letters == 0 || digits > 4 || memchr(cell, '@', len) || len > 64) return 0;
    hinted += bs_hint_type(cell) != BS_EL_NONE;
  }
  return nonempty > 0 && (hinted > 0 || nonempty >= 2);
}

static bs_status keep_headers(csv_reader *r) {
  r->headers = bs_calloc(r->cell_count, sizeof *r->headers);
  r->header_types = bs_calloc(r->cell_count, sizeof *r->header_types);
  if (!r->headers || !r->header_types) return BS_ENOMEM;
  r->header_count = r->cell_count;
  for (size_t i = 0; i < r->cell_count; i++) {
    r->headers[i] = bs_strndup(r->row.data + r->cells[i].off, r->cells[i].len);
    if (!r->headers[i]) return BS_ENOMEM;
    r->header_types[i] = bs_hint_type(r->headers[i]);
  }
  return BS_OK;
}

static void on_row(int terminator, void *ctx) {
  (void)terminator;
  csv_reader *r = ctx;
  if (r->status != BS_OK) return;
  r->rows++;
  if (r->dropped) diagnose(r, r->rows, "more columns than the limit; the rest not read");
  if (r->rows == 1 && is_header(r)) {
    r->status = keep_headers(r);
  } else {
    for (size_t i = 0; i < r->cell_count && r->status == BS_OK; i++) {
      if (r->cells[i].len == 0) continue;
      bs_unit unit = {.text = r->row.data + r->cells[i].off,
                      .len = r->cells[i].len,
                      .row = r->rows,
                      .record = r->rows,
                      .column = i + 1,
                      .hint_type = BS_EL_NONE};
      if (i < r->header_count) {
        unit.hint = r->headers[i];
        unit.hint_type = r->header_types[i];
      }
      r->status = r->sink->unit(&unit, r->sink->ctx);
    }
  }
  r->cell_count = r->dropped = 0;
  bs_buf_reset(&r->row);
}

/* Malformed quoting: text after a closing quote ("Smith" Jr,...). The field is what
 * was read of it plus the text up to the next delimiter or line end; the parser starts
 * afresh after that (the reader, not libcsv, counts columns, so it can resume mid-row).
 * Returns where to go on. */
static size_t recover(csv_reader *r, struct csv_parser *parser, const char *text, size_t len,
                      size_t at, char delimiter) {
  diagnose(r, r->rows + 1, "malformed quoting; field read as is");
  size_t end = at;
  while (end < len && text[end] != delimiter && text[end] != '\n') end++;
  size_t tail = end - at;
  if (tail && text[end - 1] == '\r' && end < len && text[end] == '\n') tail--;
  bs_buf field;
  bs_buf_init(&field, MAX_ROW_BYTES);
  /* libcsv's entry buffer holds the field so far, with the quote it took for the end;
   * a quote ending the tail closes the field's opening quote. */
  bs_status status = bs_buf_append(&field, parser->entry_buf ? (const char *)parser->entry_buf : "",
                                   parser->entry_pos);
  if (tail && text[at + tail - 1] == '"') tail--;
  if (status == BS_OK) status = bs_buf_append(&field, text + at, tail);
  if (status == BS_OK)
    on_field(field.data, field.len, r);
  else
    r->status = status;
  bs_buf_free(&field);
  csv_free(parser);
  if (csv_init(parser, r->strict_opts) != 0) {
    r->status = BS_ENOMEM;
    return len;
  }
  csv_set_delim(parser, (unsigned char)delimiter);
  csv_set_realloc_func(parser, bs_realloc);
  csv_set_free_func(parser, bs_free);
  if (end < len && text[end] == '\n') on_row('\n', r);
  return end < len ? end + 1 : len;
}

bs_status bs_extract_csv(const char *text, size_t len, char delimiter, const bs_unit_sink *sink) {
  struct csv_parser parser;
  unsigned char opts = CSV_STRICT | CSV_STRICT_FINI;
  if (csv_init(&parser, opts) != 0) return BS_ENOMEM;
  csv_set_delim(&parser, (unsigned char)delimiter);
  csv_set_realloc_func(&parser, bs_realloc);
  csv_set_free_func(&parser, bs_free);
  csv_reader *r = bs_calloc(1, sizeof *r);
  if (!r) {
    csv_free(&parser);
    return BS_ENOMEM;
  }
  r->sink = sink;
  r->strict_opts = opts;
  bs_buf_init(&r->row, MAX_ROW_BYTES);
  size_t at = 0;
  while (at < len && r->status == BS_OK) {
    at += csv_parse(&parser, text + at, len - at, on_field, on_row, r);
    if (at >= len || r->status != BS_OK) break;
    if (csv_error(&parser) != CSV_EPARSE) {
      r->status = BS_ENOMEM;
      break;
    }
    at = recover(r, &parser, text, len, at, delimiter);
  }
  if (r->status == BS_OK && csv_fini(&parser, on_field, on_row, r) != 0) {
    diagnose(r, r->rows + 1, "quoted field not closed at end of file (truncated?); read as is");
    csv_set_opts(&parser, opts & ~CSV_STRICT);
    csv_fini(&parser, on_field, on_row, r);
  }
  bs_status status = r->status;
  for (size_t i = 0; i < r->header_count; i++) bs_free(r->headers[i]);
  bs_free(r->headers);
  bs_free(r->header_types);
  bs_buf_free(&r->row);
  bs_free(r);
  csv_free(&parser);
  return status;
}
