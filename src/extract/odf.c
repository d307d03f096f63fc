/* OpenDocument (ODS, ODT, ODP; OASIS ODF 1.2): content.xml, and styles.xml for the
 * headers and footers of text documents, streamed through expat. Spreadsheet cells
 * go to bs_rows located as "Sheet1!C12"; text and slides to doctext.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/doctext.h"
#include "extract/ooxml.h"
#include "extract/rows.h"
#include "extract/xmlstream.h"
#include "extract/zipdoc.h"

#define MAX_REPEAT 16384 /* columns a repeated cell may stand for */

typedef struct odf_reader {
  bs_format format;
  const bs_unit_sink *sink;
  bs_doctext text;      /* ODT, ODP */
  bs_rows rows;         /* ODS */
  bs_buf cell;          /* ODS: text of the cell being read */
  char cell_value[128]; /* ODS: office:value / date-value of the cell */
  int cell_is_text;     /* ODS: a string cell */
  uint32_t cell_repeat; /* ODS: columns it stands for */
  uint32_t column;      /* ODS */
  uint64_t row;         /* ODS: row being read */
  uint64_t row_repeat;  /* ODS: rows it stands for */
  unsigned in_cell;     /* ODS: inside a table-cell */
  unsigned paragraphs;  /* ODS: paragraphs in the cell so far */
  unsigned pages;       /* ODP: slides begun */
  int in_page;          /* ODP: inside a draw:page */
  char part[64];        /* "content.xml" */
  bs_xml_stream xml;
  int open, broken;
  bs_status status;
} odf_reader;

static void fail(odf_reader *r, bs_status status) {
  if (r->status == BS_OK) r->status = status;
}

static uint32_t repeat_of(const char **attrs, const char *name) {
  const char *v = bs_xml_attr(attrs, name);
  unsigned long n = v ? strtoul(v, NULL, 10) : 1;
  return n < 1 ? 1 : n > MAX_REPEAT ? MAX_REPEAT : (uint32_t)n;
}

static void add_text(odf_reader *r, const char *text, size_t len) {
  if (r->format == BS_FMT_ODS) {
    if (r->in_cell && bs_buf_append(&r->cell, text, len) != BS_OK) fail(r, BS_ELIMIT);
  } else {
    bs_doctext_text(&r->text, text, len);
  }
}

static void spaces(odf_reader *r, const char **attrs) {
  uint32_t n = repeat_of(attrs, "c");
  for (uint32_t i = 0; i < n && i < 1024; i++) add_text(r, " ", 1);
}

static void ods_start(odf_reader *r, const char *name, const char **attrs) {
  if (!strcmp(name, "table")) {
    const char *sheet = bs_xml_attr(attrs, "name");
    bs_rows_begin_table(&r->rows, sheet ? sheet : "sheet", 1);
    r->row = 0;
  } else if (!strcmp(name, "table-row")) {
    r->row++;
    r->row_repeat = repeat_of(attrs, "number-rows-repeated");
    r->column = 0;
  } else if (!strcmp(name, "table-cell") || !strcmp(name, "covered-table-cell")) {
    r->in_cell = 1;
    r->paragraphs = 0;
    r->column++;
    r->cell_repeat = repeat_of(attrs, "number-columns-repeated");
    bs_buf_reset(&r->cell);
    const char *type = bs_xml_attr(attrs, "value-type");
    const char *value = bs_xml_attr(attrs, "date-value");
    if (!value) value = bs_xml_attr(attrs, "value");
    snprintf(r->cell_value, sizeof r->cell_value, "%s", value ? value : "");
    r->cell_is_text = !type || !strcmp(type, "string");
  } else if (!strcmp(name, "p") && r->in_cell) {
    if (r->paragraphs++) add_text(r, "\n", 1);
  }
}

static void ods_end(odf_reader *r, const char *name) {
  if (!strcmp(name, "table-cell") || !strcmp(name, "covered-table-cell")) {
    /* The text shown; a cell without one shows its value. */
    const char *text = r->cell.len ? r->cell.data : r->cell_value;
    if (bs_rows_add(&r->rows, r->column, text, strlen(text), r->cell_is_text) != BS_OK)
      fail(r, BS_ENOMEM);
    r->column += r->cell_repeat - 1;
    r->in_cell = 0;
  } else if (!strcmp(name, "table-row")) {
    bs_status status = bs_rows_end_row(&r->rows, r->row);
    if (status != BS_OK) fail(r, status);
    r->row += r->row_repeat - 1; /* repeated rows are shown once */
  }
}

static void text_start(odf_reader *r, const char *name, const char **attrs) {
  if (!strcmp(name, "page") && r->format == BS_FMT_ODP) {
    char place[32];
    snprintf(place, sizeof place, "slide %u", ++r->pages);
    bs_doctext_begin_part(&r->text, place);
    r->in_page = 1;
  } else if (!strcmp(name, "table")) {
    bs_doctext_table_start(&r->text);
  } else if (!strcmp(name, "table-row")) {
    bs_doctext_row_start(&r->text);
  } else if (!strcmp(name, "table-cell") || !strcmp(name, "covered-table-cell")) {
    bs_doctext_cell_start(&r->text);
  } else if (!strcmp(name, "tab")) {
    bs_doctext_text(&r->text, "\t", 1);
  } else if (!strcmp(name, "line-break")) {
    bs_doctext_newline(&r->text);
  }
  (void)attrs;
}

static void text_end(odf_reader *r, const char *name, const char **attrs) {
  (void)attrs;
  if (!strcmp(name, "p") || !strcmp(name, "h")) {
    bs_doctext_newline(&r->text);
  } else if (!strcmp(name, "table")) {
    bs_doctext_table_end(&r->text);
  } else if (!strcmp(name, "table-row")) {
    bs_doctext_row_end(&r->text);
  } else if (!strcmp(name, "table-cell") || !strcmp(name, "covered-table-cell")) {
    bs_doctext_cell_end(&r->text, 1);
  } else if (!strcmp(name, "page") && r->in_page) {
    bs_status status = bs_doctext_end_part(&r->text);
    if (status != BS_OK) fail(r, status);
    r->in_page = 0;
  }
}

static void on_start(void *ctx, const char *name, const char **attrs) {
  odf_reader *r = ctx;
  if (!strcmp(name, "s"))
    spaces(r, attrs);
  else if (r->format == BS_FMT_ODS)
    ods_start(r, name, attrs);
  else
    text_start(r, name, attrs);
}

static void on_end(void *ctx, const char *name) {
  odf_reader *r = ctx;
  if (r->format == BS_FMT_ODS)
    ods_end(r, name);
  else
    text_end(r, name, NULL);
}

static void on_text(void *ctx, const char *text, size_t len) { add_text(ctx, text, len); }

static const bs_xml_handlers handlers = {on_start, on_end, on_text};

static int want_part(const char *part, void *ctx) {
  odf_reader *r = ctx;
  return !strcmp(part, "content.xml") || (r->format == BS_FMT_ODT && !strcmp(part, "styles.xml"));
}

static bs_status on_chunk(const char *part, const char *data, size_t len, int last, void *ctx) {
  odf_reader *r = ctx;
  if (!r->open) {
    snprintf(r->part, sizeof r->part, "%s", part);
    /* Text documents: the body is "content", headers and footers "styles". */
    if (r->format == BS_FMT_ODT)
      bs_doctext_begin_part(&r->text, !strcmp(part, "styles.xml") ? "styles" : "content");
    bs_status status = bs_xml_begin(&r->xml, &handlers, r);
    if (status != BS_OK) return status;
    r->open = 1;
    r->broken = 0;
  }
  bs_status status = r->broken ? BS_OK : bs_xml_feed(&r->xml, data, len, last);
  if (status == BS_EFORMAT || status == BS_ELIMIT) {
    char place[128];
    snprintf(place, sizeof place, "%s line %lu", r->part, bs_xml_line(&r->xml));
    r->sink->diagnostic(place,
                        status == BS_ELIMIT
                            ? "elements nested past the limit: rest of part not read"
                            : "malformed XML: the rest of the part not read",
                        r->sink->ctx);
    r->broken = 1;
    status = BS_OK;
  }
  if (status == BS_OK) status = r->status;
  if (last || status != BS_OK) {
    if (r->format == BS_FMT_ODT || (r->format == BS_FMT_ODP && r->in_page)) {
      bs_status end = bs_doctext_end_part(&r->text);
      if (status == BS_OK) status = end;
      r->in_page = 0;
    } else if (r->format == BS_FMT_ODS && r->rows.cell_count) {
      bs_status end = bs_rows_end_row(&r->rows, r->row);
      if (status == BS_OK) status = end;
    }
    bs_xml_end(&r->xml);
    r->open = 0;
  }
  return status;
}

bs_status bs_read_odf(bs_format format, const bs_source *src, const bs_unit_sink *sink) {
  odf_reader r = {.format = format, .sink = sink};
  bs_doctext_init(&r.text, sink);
  bs_rows_init(&r.rows, sink);
  bs_buf_init(&r.cell, (size_t)1 << 20);
  bs_status status = bs_zipdoc_each(src, want_part, on_chunk, &r);
  if (r.open) bs_xml_end(&r.xml);
  bs_doctext_free(&r.text);
  bs_rows_free(&r.rows);
  bs_buf_free(&r.cell);
  return status;
}
