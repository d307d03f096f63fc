/* XLSX and XLSM workbooks (ECMA-376 SpreadsheetML): sheet names from the workbook and
 * its relationships, shared strings, number formats from the styles, then each sheet
 * streamed through expat, a row at a time. Every cell becomes a unit located as
 * "Sheet1!C12", with the column's header as hint once a header row is seen. */
#include "extract/ooxml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "extract/numfmt.h"
#include "extract/rows.h"
#include "extract/xmlstream.h"
#include "extract/zipdoc.h"

#define MAX_COLUMNS     16384 /* XFD, the last column Excel has */
#define CELL_TEXT_LIMIT ((size_t)1 << 20)

typedef struct sheet {
  char *part; /* "xl/worksheets/sheet1.xml" */
  char *name; /* "Sheet1" */
  char *rid;  /* relationship id, until resolved */
} sheet;

typedef struct xlsx {
  const bs_source *src;
  const bs_unit_sink *sink;
  bs_status status; /* first error */
  /* workbook */
  sheet *sheets;
  size_t sheet_count;
  int date1904;
  /* shared strings: NUL-separated in strings, offsets in string_at */
  bs_buf strings;
  size_t *string_at;
  size_t string_count, string_cap;
  int in_si, in_t, in_rph;
  /* styles */
  int *xf_format; /* cell style index -> number format id */
  size_t xf_count, xf_cap;
  int in_cell_xfs;
  char **format_code; /* custom number format codes by id (ids 164+), owned */
  int *format_id;
  size_t format_count, format_cap;
  /* the sheet being read */
  const sheet *current;
  uint64_t row;       /* row number */
  uint32_t column;    /* column of the cell being read */
  char cell_type[12]; /* its t attribute */
  int cell_style;     /* its s attribute */
  int in_value, in_inline_text;
  bs_buf value; /* text of the cell being read */
  bs_rows rows; /* the sheet's rows, with their headers */
} xlsx;

/* An attribute's number; 0 when absent or not a number (ids and indexes are small). */
static int number_of(const char *text) {
  if (!text) return 0;
  char *end;
  long n = strtol(text, &end, 10);
  return end != text && n >= 0 && n <= 1000000 ? (int)n : 0;
}

static void fail(xlsx *x, bs_status status) {
  if (x->status == BS_OK) x->status = status;
}

static char *copy(xlsx *x, const char *text) {
  char *c = bs_strdup(text ? text : "");
  if (!c) fail(x, BS_ENOMEM);
  return c;
}

static bs_status grow(void **items, size_t *cap, size_t count, size_t size) {
  if (count < *cap) return BS_OK;
  size_t n = *cap ? *cap * 2 : 16;
  void *p = bs_reallocarray(*items, n, size);
  if (!p) return BS_ENOMEM;
  *items = p;
  *cap = n;
  return BS_OK;
}

/* ---- Parts read whole: workbook, relationships, shared strings, styles ---------- */

static void workbook_start(void *ctx, const char *name, const char **attrs) {
  xlsx *x = ctx;
  if (!strcmp(name, "workbookPr")) {
    const char *d = bs_xml_attr(attrs, "date1904");
    x->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
  } else if (!strcmp(name, "sheet")) {
    size_t cap = x->sheet_count;
    if (x->sheet_count >= 4096) return; /* Excel allows far fewer */
    sheet *s = bs_reallocarray(x->sheets, cap + 1, sizeof *s);
    if (!s) {
      fail(x, BS_ENOMEM);
      return;
    }
    x->sheets = s;
    sheet *new = &s[x->sheet_count++];
    new->name = copy(x, bs_xml_attr(attrs, "name"));
    new->rid = copy(x, bs_xml_attr(attrs, "id"));
    new->part = NULL;
  }
}

static void rels_start(void *ctx, const char *name, const char **attrs) {
  xlsx *x = ctx;
  if (strcmp(name, "Relationship") != 0) return;
  const char *id = bs_xml_attr(attrs, "Id"), *target = bs_xml_attr(attrs, "Target");
  if (!id || !target) return;
  for (size_t i = 0; i < x->sheet_count; i++) {
    if (x->sheets[i].part || strcmp(x->sheets[i].rid, id) != 0) continue;
    char part[1024];
    /* Targets are relative to xl/, or absolute from the package root. */
    snprintf(part, sizeof part, "%s%s", target[0] == '/' ? "" : "xl/",
             target[0] == '/' ? target + 1 : target);
    x->sheets[i].part = copy(x, part);
  }
}

static void strings_start(void *ctx, const char *name, const char **attrs) {
  (void)attrs;
  xlsx *x = ctx;
  if (!strcmp(name, "si")) {
    x->in_si = 1;
    if (grow((void **)&x->string_at, &x->string_cap, x->string_count, sizeof *x->string_at)) {
      fail(x, BS_ENOMEM);
      return;
    }
    x->string_at[x->string_count] = x->strings.len;
  } else if (!strcmp(name, "rPh")) {
    x->in_rph = 1; /* phonetic reading: not the cell's text */
  } else if (!strcmp(name, "t")) {
    x->in_t = 1;
  }
}

static void strings_end(void *ctx, const char *name) {
  xlsx *x = ctx;
  if (!strcmp(name, "si") && x->in_si) {
    x->in_si = 0;
    if (bs_buf_append_char(&x->strings, '\0') != BS_OK) {
      fail(x, BS_ELIMIT);
      return;
    }
    x->string_count++;
  } else if (!strcmp(name, "rPh")) {
    x->in_rph = 0;
  } else if (!strcmp(name, "t")) {
    x->in_t = 0;
  }
}

static void strings_text(void *ctx, const char *text, size_t len) {
  xlsx *x = ctx;
  if (x->in_si && x->in_t && !x->in_rph && bs_buf_append(&x->strings, text, len) != BS_OK)
    fail(x, BS_ELIMIT);
}

static void styles_start(void *ctx, const char *name, const char **attrs) {
  xlsx *x = ctx;
  if (!strcmp(name, "numFmt")) {
    const char *id = bs_xml_attr(attrs, "numFmtId"), *code = bs_xml_attr(attrs, "formatCode");
    if (!id || !code || x->format_count >= 4096) return;
    if (grow((void **)&x->format_code, &x->format_cap, x->format_count, sizeof *x->format_code)) {
      fail(x, BS_ENOMEM);
      return;
    }
    int *ids = bs_reallocarray(x->format_id, x->format_cap, sizeof *ids);
    if (!ids) {
      fail(x, BS_ENOMEM);
      return;
    }
    x->format_id = ids;
    x->format_id[x->format_count] = number_of(id);
    x->format_code[x->format_count] = copy(x, code);
    x->format_count++;
  } else if (!strcmp(name, "cellXfs")) {
    x->in_cell_xfs = 1;
  } else if (!strcmp(name, "xf") && x->in_cell_xfs && x->xf_count < 65536) {
    if (grow((void **)&x->xf_format, &x->xf_cap, x->xf_count, sizeof *x->xf_format)) {
      fail(x, BS_ENOMEM);
      return;
    }
    const char *id = bs_xml_attr(attrs, "numFmtId");
    x->xf_format[x->xf_count++] = number_of(id);
  }
}

static void styles_end(void *ctx, const char *name) {
  xlsx *x = ctx;
  if (!strcmp(name, "cellXfs")) x->in_cell_xfs = 0;
}

/* Parses a whole part; a missing optional part is fine. */
static bs_status parse_part(xlsx *x, const char *part, const bs_xml_handlers *handlers,
                            int required, bs_buf *scratch) {
  bs_status status = bs_zipdoc_read(x->src, part, scratch);
  if (status == BS_ENOTFOUND && !required) return BS_OK;
  char place[128];
  snprintf(place, sizeof place, "%s", part);
  if (status == BS_ELIMIT) {
    x->sink->diagnostic(place, "part larger than the limit: not read", x->sink->ctx);
    return required ? BS_ELIMIT : BS_OK;
  }
  if (status != BS_OK) {
    x->sink->diagnostic(place, "part missing or damaged", x->sink->ctx);
    return required ? BS_EFORMAT : BS_OK;
  }
  bs_xml_stream xml;
  status = bs_xml_begin(&xml, handlers, x);
  if (status == BS_OK) status = bs_xml_feed(&xml, scratch->data, scratch->len, 1);
  if (status == BS_EFORMAT) {
    snprintf(place, sizeof place, "%s line %lu", part, bs_xml_line(&xml));
    x->sink->diagnostic(place, "malformed XML: the rest of the part not read", x->sink->ctx);
    status = BS_OK; /* what was read stands */
  }
  bs_xml_end(&xml);
  return status != BS_OK ? status : x->status;
}

/* ---- Sheets --------------------------------------------------------------------- */

static const char *format_of_style(const xlsx *x, int style) {
  int id = style >= 0 && (size_t)style < x->xf_count ? x->xf_format[style] : 0;
  for (size_t i = 0; i < x->format_count; i++)
    if (x->format_id[i] == id) return x->format_code[i];
  return bs_numfmt_builtin(id);
}

/* "C12" -> 3. 0 when there are no letters. */
static uint32_t column_of(const char *ref) {
  uint32_t col = 0;
  for (; ref && *ref >= 'A' && *ref <= 'Z' && col <= MAX_COLUMNS; ref++)
    col = col * 26 + (uint32_t)(*ref - 'A' + 1);
  return col;
}

static void sheet_start(void *ctx, const char *name, const char **attrs) {
  xlsx *x = ctx;
  if (!strcmp(name, "row")) {
    const char *r = bs_xml_attr(attrs, "r");
    uint64_t n = r ? strtoull(r, NULL, 10) : 0;
    x->row = n > x->row ? n : x->row + 1;
    x->column = 0;
  } else if (!strcmp(name, "c")) {
    uint32_t col = column_of(bs_xml_attr(attrs, "r"));
    x->column = col ? col : x->column + 1;
    const char *t = bs_xml_attr(attrs, "t"), *s = bs_xml_attr(attrs, "s");
    snprintf(x->cell_type, sizeof x->cell_type, "%s", t ? t : "n");
    x->cell_style = number_of(s);
    bs_buf_reset(&x->value);
  } else if (!strcmp(name, "v")) {
    x->in_value = 1;
  } else if (!strcmp(name, "t")) {
    x->in_inline_text = 1;
  }
}

static void sheet_text(void *ctx, const char *text, size_t len) {
  xlsx *x = ctx;
  if ((x->in_value || x->in_inline_text) && bs_buf_append(&x->value, text, len) != BS_OK)
    fail(x, BS_ELIMIT);
}

/* The cell's text as the spreadsheet shows it, appended to the row. */
static void finish_cell(xlsx *x) {
  const char *shown = NULL;
  char number[128];
  const char *type = x->cell_type;
  int is_text = 1;
  if (!strcmp(type, "s")) {
    char *end;
    unsigned long i = strtoul(x->value.data ? x->value.data : "", &end, 10);
    if (x->value.len && *end == '\0' && i < x->string_count)
      shown = x->strings.data + x->string_at[i];
  } else if (!strcmp(type, "inlineStr") || !strcmp(type, "str")) {
    shown = x->value.data;
  } else if (!strcmp(type, "b")) {
    shown = x->value.len && x->value.data[0] == '1' ? "TRUE" : "FALSE";
  } else if (!strcmp(type, "n") && x->value.len) {
    char *end;
    double v = strtod(x->value.data, &end);
    is_text = 0;
    if (*end == '\0') {
      bs_numfmt_render(number, sizeof number, v, format_of_style(x, x->cell_style), x->date1904);
      shown = number;
    } else {
      shown = x->value.data;
    }
  }
  if (shown && bs_rows_add(&x->rows, x->column, shown, strlen(shown), is_text) != BS_OK)
    fail(x, BS_ELIMIT);
}

static void sheet_end(void *ctx, const char *name) {
  xlsx *x = ctx;
  if (!strcmp(name, "v"))
    x->in_value = 0;
  else if (!strcmp(name, "t"))
    x->in_inline_text = 0;
  else if (!strcmp(name, "c"))
    finish_cell(x);
  else if (!strcmp(name, "row")) {
    bs_status status = bs_rows_end_row(&x->rows, x->row);
    if (status != BS_OK) fail(x, status);
  }
}

typedef struct sheet_stream {
  xlsx *x;
  bs_xml_stream xml;
  const bs_xml_handlers *handlers;
  int open;   /* xml begun for the current part */
  int broken; /* this part had an error: skip its remaining chunks */
} sheet_stream;

static int want_sheet(const char *part, void *ctx) {
  sheet_stream *s = ctx;
  for (size_t i = 0; i < s->x->sheet_count; i++)
    if (s->x->sheets[i].part && !strcmp(s->x->sheets[i].part, part)) return 1;
  return 0;
}

static void reset_sheet(xlsx *x, const sheet *sh) {
  x->current = sh;
  x->row = 0;
  x->in_value = x->in_inline_text = 0;
  bs_rows_begin_table(&x->rows, sh ? sh->name : "sheet", 1);
}

static bs_status sheet_chunk(const char *part, const char *data, size_t len, int last, void *ctx) {
  sheet_stream *s = ctx;
  xlsx *x = s->x;
  if (!s->open) {
    const sheet *sh = NULL;
    for (size_t i = 0; i < x->sheet_count && !sh; i++)
      if (x->sheets[i].part && !strcmp(x->sheets[i].part, part)) sh = &x->sheets[i];
    reset_sheet(x, sh);
    bs_status status = bs_xml_begin(&s->xml, s->handlers, x);
    if (status != BS_OK) return status;
    s->open = 1;
    s->broken = 0;
  }
  bs_status status = s->broken ? BS_OK : bs_xml_feed(&s->xml, data, len, last);
  if (status == BS_EFORMAT || status == BS_ELIMIT) {
    char place[512];
    snprintf(place, sizeof place, "%s line %lu", x->current ? x->current->name : "sheet",
             bs_xml_line(&s->xml));
    x->sink->diagnostic(place,
                        status == BS_ELIMIT
                            ? "elements nested past the limit: rest of sheet not read"
                            : "malformed XML: the rest of the sheet not read",
                        x->sink->ctx);
    s->broken = 1;
    status = BS_OK;
  }
  if (status == BS_OK && x->status != BS_OK) status = x->status;
  if (last || status != BS_OK) {
    if (!s->broken && x->rows.cell_count) { /* a row cut short by the end */
      bs_status end = bs_rows_end_row(&x->rows, x->row);
      if (status == BS_OK) status = end;
    }
    bs_xml_end(&s->xml);
    s->open = 0;
  }
  return status;
}

static void xlsx_free(xlsx *x) {
  for (size_t i = 0; i < x->sheet_count; i++) {
    bs_free(x->sheets[i].part);
    bs_free(x->sheets[i].name);
    bs_free(x->sheets[i].rid);
  }
  bs_free(x->sheets);
  bs_buf_free(&x->strings);
  bs_free(x->string_at);
  bs_free(x->xf_format);
  for (size_t i = 0; i < x->format_count; i++) bs_free(x->format_code[i]);
  bs_free(x->format_code);
  bs_free(x->format_id);
  bs_buf_free(&x->value);
  bs_rows_free(&x->rows);
}

bs_status bs_read_xlsx(const bs_source *src, const bs_unit_sink *sink) {
  xlsx x = {.src = src, .sink = sink};
  bs_buf_init(&x.strings, BS_LIMIT_MEMBER_BYTES);
  bs_buf_init(&x.value, CELL_TEXT_LIMIT);
  bs_rows_init(&x.rows, sink);
  bs_buf scratch;
  bs_buf_init(&scratch, BS_LIMIT_MEMBER_BYTES);
  static const bs_xml_handlers workbook = {workbook_start, NULL, NULL};
  static const bs_xml_handlers rels = {rels_start, NULL, NULL};
  static const bs_xml_handlers strings = {strings_start, strings_end, strings_text};
  static const bs_xml_handlers styles = {styles_start, styles_end, NULL};
  static const bs_xml_handlers sheet_handlers = {sheet_start, sheet_end, sheet_text};
  bs_status status = parse_part(&x, "xl/workbook.xml", &workbook, 1, &scratch);
  if (status == BS_OK) status = parse_part(&x, "xl/_rels/workbook.xml.rels", &rels, 1, &scratch);
  if (status == BS_OK) status = parse_part(&x, "xl/sharedStrings.xml", &strings, 0, &scratch);
  if (status == BS_OK) status = parse_part(&x, "xl/styles.xml", &styles, 0, &scratch);
  bs_buf_free(&scratch);
  for (size_t i = 0; status == BS_OK && i < x.sheet_count; i++)
    if (!x.sheets[i].part) {
      char place[512];
      snprintf(place, sizeof place, "sheet %zu", i + 1);
      sink->diagnostic(place, "sheet listed in the workbook but not found", sink->ctx);
    }
  if (status == BS_OK) {
    sheet_stream s = {.x = &x, .handlers = &sheet_handlers};
    status = bs_zipdoc_each(src, want_sheet, sheet_chunk, &s);
    if (s.open) bs_xml_end(&s.xml);
  }
  xlsx_free(&x);
  return status;
}
