/* PDF pages of text with cairo's PDF surface and pango layouts (see pdf_out.h). */
#include "synth/pdf_out.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_WIDTH  612.0 /* US Letter, points */
#define PAGE_HEIGHT 792.0
#define MARGIN      54.0
#define LINE_HEIGHT 14.0
#define FONT        "DejaVu Sans 9"

static cairo_status_t write_out(void *ctx, const unsigned char *data, unsigned int len) {
  return fwrite(data, 1, len, ctx) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void fail(bs_pdf_out *pdf, bs_status status) {
  if (pdf->status == BS_OK) pdf->status = status;
}

bs_status bs_pdf_begin(bs_pdf_out *pdf, bs_truth *truth, const char *path, FILE *out) {
  memset(pdf, 0, sizeof *pdf);
  pdf->out = out;
  FILE *lines = tmpfile();
  bs_doc_open_stream(&pdf->doc, truth, path, lines, BS_DOC_TEXT);
  cairo_surface_t *surface =
      cairo_pdf_surface_create_for_stream(write_out, out, PAGE_WIDTH, PAGE_HEIGHT);
  pdf->surface = surface;
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS || !lines) {
    fail(pdf, BS_EIO);
    return pdf->status;
  }
  /* The document's own metadata: a date, no person. */
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2024-07-15T09:00:00Z");
  pdf->cairo = cairo_create(surface);
  pdf->page = 1;
  bs_doc_set_place(&pdf->doc, "page 1");
  return pdf->status;
}

typedef struct page_ctx {
  cairo_t *cr;         /* drawing the page */
  PangoLayout *layout; /* a line at a time */
  double y;            /* where the next line goes */
} page_ctx;

static void draw_line(const char *line, size_t len, void *ctx) {
  page_ctx *page = ctx;
  if (len == 0) return;
  pango_layout_set_text(page->layout, line, (int)len);
  cairo_move_to(page->cr, MARGIN, page->y);
  pango_cairo_show_layout(page->cr, page->layout);
  page->y += LINE_HEIGHT;
}

/* Draws the lines written for the current page, one pango layout each. */
static void draw_page(bs_pdf_out *pdf) {
  cairo_t *cr = pdf->cairo;
  FILE *lines = pdf->doc.file;
  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_from_string(FONT);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  cairo_set_source_rgb(cr, 0, 0, 0);
  page_ctx page = {cr, layout, MARGIN};
  if (bs_doc_each_line(lines, draw_line, &page) != 0) fail(pdf, BS_EIO);
  g_object_unref(layout);
  cairo_show_page(cr);
  rewind(lines);
  if (ftruncate(fileno(lines), 0) != 0) fail(pdf, BS_EIO);
}

void bs_pdf_next_page(bs_pdf_out *pdf) {
  if (pdf->status != BS_OK) return;
  draw_page(pdf);
  char place[32];
  snprintf(place, sizeof place, "page %d", ++pdf->page);
  bs_doc_set_place(&pdf->doc, place);
}

bs_status bs_pdf_finish(bs_pdf_out *pdf) {
  if (pdf->status == BS_OK && pdf->cairo) draw_page(pdf);
  if (pdf->cairo) cairo_destroy(pdf->cairo);
  if (pdf->surface) {
    cairo_surface_finish(pdf->surface);
    if (cairo_surface_status(pdf->surface) != CAIRO_STATUS_SUCCESS) fail(pdf, BS_EIO);
    cairo_surface_destroy(pdf->surface);
  }
  if (pdf->doc.file) fclose(pdf->doc.file);
  pdf->doc.file = NULL;
  pdf->cairo = pdf->surface = NULL;
  return pdf->status;
}
