/* Excel 97-2003 workbooks (BIFF 2 to 8) with FreeXL. Every non-empty cell of every
 * sheet is a unit with its row and column and the place "Sheet!C12"; cells show as the
 * sheet shows them: text as is, numbers through their number format (xls_formats.h:
 * "00000" keeps a ZIP code's zero) or else whole numbers without a decimal point and
 * other numbers with up to 15 significant digits (Excel's precision), dates and times as FreeXL
 * gives them from the serial and the workbook's date system (1900 or 1904):
 * "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS", "HH:MM:SS". The first non-empty row of a sheet,
 * when all its cells are short text, is the header: each later cell has its column's
 * header as hint. A workbook encrypted with a password (FILEPASS) is not examined.
 *
 * FreeXL opens only paths: the bytes go to a memfd (memfile.h). It keeps all its state
 * in the handle, so workbooks are read on several threads at once without a lock.
 *
 * FreeXL is given the Workbook stream libgsf read, checked and in a compound file
 * written anew (xls_guard.c): never the file as found. */
#include <freexl.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "detect/hints.h"
#include "extract/memfile.h"
#include "extract/numfmt.h"
#include "extract/office.h"
#include "extract/utf8.h"
#include "extract/xls_formats.h"
#include "extract/xls_guard.h"

/* Longest header cell, bytes (csv.c has the same rule). */
#define MAX_HEADER_BYTES 64

typedef struct xls_reader {
  const bs_unit_sink *sink; /* where units go */
  const void *book;         /* FreeXL handle */
  bs_xls_formats *formats;  /* number formats of the cells, which FreeXL does not give */
  unsigned sheet;           /* the sheet being read, 0-based */
  bs_strmap *hints;         /* every header seen, one stable copy each */
  const char **headers;     /* this sheet's header per column, NULL when none */
  bs_buf repaired;          /* a cell's text when FreeXL's was not valid UTF-8 */
  unsigned short columns;   /* of this sheet */
} xls_reader;

static void diagnose(const bs_unit_sink *sink, const char *place, const char *message) {
  if (sink->diagnostic) sink->diagnostic(place, message, sink->ctx);
}

/* A cell's text as the sheet shows it. OUT: out. 0 for an empty cell. */
static int cell_text(char *out, size_t cap, const xls_reader *r, unsigned row,
                     unsigned short column, const char **text) {
  FreeXL_CellValue cell;
  *text = out;
  if (freexl_get_cell_value(r->book, row, column, &cell) != FREEXL_OK) return 0;
  double number = cell.type == FREEXL_CELL_INT ? cell.value.int_value : cell.value.double_value;
  const char *code = NULL;
  switch (cell.type) {
  case FREEXL_CELL_INT:
  case FREEXL_CELL_DOUBLE:
    code = bs_xls_formats_find(r->formats, r->sheet, row, column);
    if (code)
      bs_numfmt_render(out, cap, number, code, 0); /* not a date: no date system */
    else
      snprintf(out, cap, "%.15g", number);
    return 1;
  case FREEXL_CELL_TEXT:
  case FREEXL_CELL_SST_TEXT:
  case FREEXL_CELL_DATE:
  case FREEXL_CELL_DATETIME:
  case FREEXL_CELL_TIME: *text = cell.value.text_value; return *text && **text;
  default: return 0;
  }
}

static void column_name(char *out, unsigned short column) {
  char reversed[4];
  int n = 0;
  unsigned c = (unsigned)column + 1;
  while (c && n < 3) {
    reversed[n++] = (char)('A' + (c - 1) % 26);
    c = (c - 1) / 26;
  }
  for (int i = 0; i < n; i++) out[i] = reversed[n - 1 - i];
  out[n] = '\0';
}

/* A header cell: short text with letters, no '@', few digits (csv.c's rule). */
static int header_like(const char *text) {
  size_t len = strlen(text), digits = 0, letters = 0;
  if (len > MAX_HEADER_BYTES || strchr(text, '@')) return 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    digits += c >= '0' && c <= '9';
    letters += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }
  return letters > 0 && digits <= 4;
}

/* If row is a header row, keeps its cells as hints. Returns 1 when it was. */
static int take_headers(xls_reader *r, unsigned row, bs_status *status) {
  char buf[64];
  const char *text;
  int cells = 0;
  for (unsigned short c = 0; c < r->columns; c++) {
    if (!cell_text(buf, sizeof buf, r, row, c, &text)) continue;
    FreeXL_CellValue cell;
    if (freexl_get_cell_value(r->book, row, c, &cell) != FREEXL_OK ||
        (cell.type != FREEXL_CELL_TEXT && cell.type != FREEXL_CELL_SST_TEXT) || !header_like(text))
      return 0;
    cells++;
  }
  if (cells == 0) return 0;
  for (unsigned short c = 0; c < r->columns; c++) {
    if (!cell_text(buf, sizeof buf, r, row, c, &text)) continue;
    int64_t *slot;
    if (!bs_utf8_valid(text, strlen(text))) continue; /* no hint rather than a broken one */
    *status = bs_strmap_upsert(r->hints, text, strlen(text), &slot, &r->headers[c], NULL);
    if (*status != BS_OK) return 1;
  }
  return 1;
}

static bs_status read_sheet(xls_reader *r, unsigned index, const char *name) {
  char place[160], where[48];
  r->sheet = index;
  snprintf(where, sizeof where, "sheet %u", index + 1);
  unsigned rows;
  if (freexl_select_active_worksheet(r->book, (unsigned short)index) != FREEXL_OK ||
      freexl_worksheet_dimensions(r->book, &rows, &r->columns) != FREEXL_OK) {
    diagnose(r->sink, where, "sheet could not be read");
    return BS_OK;
  }
  bs_free(r->headers);
  r->headers = bs_calloc(r->columns ? r->columns : 1, sizeof *r->headers);
  if (!r->headers) return BS_ENOMEM;
  bs_status status = BS_OK;
  int header_seen = 0;
  for (unsigned row = 0; row < rows && status == BS_OK; row++) {
    if (row >= BS_LIMIT_TABLE_ROWS) {
      diagnose(r->sink, where, "more rows than the limit: the rest not read");
      return BS_ELIMIT;
    }
    int row_used = 0;
    if (!header_seen) {
      int is_header = take_headers(r, row, &status);
      if (status != BS_OK) break;
      if (is_header) {
        header_seen = 1;
        continue;
      }
    }
    for (unsigned short c = 0; c < r->columns && status == BS_OK; c++) {
      char buf[64], letters[4];
      const char *text;
      if (!cell_text(buf, sizeof buf, r, row, c, &text)) continue;
      row_used = 1;
      column_name(letters, c);
      snprintf(place, sizeof place, "%s!%s%u", name, letters, row + 1);
      size_t len = strlen(text);
      if (!bs_utf8_valid(text, len)) { /* FreeXL's charset conversion let bad bytes by */
        bs_buf_reset(&r->repaired);
        status = bs_utf8_repair(&r->repaired, text, len);
        if (status != BS_OK) break;
        text = r->repaired.data;
        len = r->repaired.len;
      }
      bs_unit unit = {.text = text,
                      .len = len,
                      .row = (uint64_t)row + 1,
                      .column = (uint64_t)c + 1,
                      .hint = r->headers[c],
                      .hint_type = bs_hint_type(r->headers[c]),
                      .place = place};
      status = r->sink->unit(&unit, r->sink->ctx);
    }
    header_seen |= row_used; /* only the first non-empty row may be the header */
  }
  return status;
}

bs_status bs_read_xls(const bs_source *src, const char *book, size_t book_len,
                      const bs_unit_sink *sink) {
  (void)src;
  bs_buf clean, wrapped;
  bs_buf_init(&clean, BS_LIMIT_MEMBER_BYTES);
  bs_buf_init(&wrapped, BS_LIMIT_MEMBER_BYTES);
  const char *why = NULL;
  bs_status status = bs_xls_normalize(&clean, &why, book, book_len);
  bs_xls_formats *formats = NULL;
  if (status == BS_OK && !why) status = bs_xls_formats_create(&formats, clean.data, clean.len);
  if (status == BS_OK && !why) status = bs_xls_wrap(&wrapped, clean.data, clean.len);
  bs_buf_free(&clean);
  if (status == BS_ELIMIT) why = "workbook stream too large for the Excel reader";
  if (why) {
    if (sink->unexamined)
      sink->unexamined(NULL, why, sink->ctx);
    else
      diagnose(sink, "byte 0", why);
    bs_buf_free(&wrapped);
    bs_xls_formats_free(formats);
    return BS_OK;
  }
  bs_memfile file;
  if (status == BS_OK) status = bs_memfile_open(&file, wrapped.data, wrapped.len);
  bs_buf_free(&wrapped);
  if (status != BS_OK) {
    bs_xls_formats_free(formats);
    return status;
  }
  xls_reader r = {.sink = sink, .formats = formats};
  bs_buf_init(&r.repaired, BS_LIMIT_MEMBER_BYTES);
  int rc = freexl_open(file.path, &r.book);
  if (rc != FREEXL_OK) {
    diagnose(sink, "byte 0",
             rc == FREEXL_INSUFFICIENT_MEMORY ? "workbook too large to open"
                                              : "damaged workbook: FreeXL could not open it");
    if (r.book) freexl_close(r.book);
    bs_xls_formats_free(formats);
    bs_buf_free(&r.repaired);
    bs_memfile_close(&file);
    return rc == FREEXL_INSUFFICIENT_MEMORY ? BS_ENOMEM : BS_EFORMAT;
  }
  unsigned password = 0, sheets = 0;
  if (freexl_get_info(r.book, FREEXL_BIFF_PASSWORD, &password) == FREEXL_OK &&
      password == FREEXL_BIFF_OBFUSCATED) {
    if (sink->unexamined) sink->unexamined(NULL, "encrypted", sink->ctx);
  } else if (freexl_get_info(r.book, FREEXL_BIFF_SHEET_COUNT, &sheets) != FREEXL_OK) {
    diagnose(sink, "byte 0", "damaged workbook: no sheets");
    status = BS_EFORMAT;
  } else {
    status = bs_strmap_create(&r.hints);
    for (unsigned i = 0; i < sheets && status == BS_OK; i++) {
      const char *name = NULL;
      char fallback[24];
      if (freexl_get_worksheet_name(r.book, (unsigned short)i, &name) != FREEXL_OK || !name ||
          !*name || !bs_utf8_valid(name, strlen(name))) {
        snprintf(fallback, sizeof fallback, "Sheet%u", i + 1);
        name = fallback;
      }
      status = read_sheet(&r, i, name);
    }
  }
  bs_free(r.headers);
  bs_buf_free(&r.repaired);
  bs_strmap_free(r.hints);
  bs_xls_formats_free(formats);
  freexl_close(r.book);
  bs_memfile_close(&file);
  return status;
}
