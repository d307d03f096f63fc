/* PDF with poppler-glib (see pdf.h). Each page's text (poppler's reading order, lines
 * separated by '\n') becomes units placed "page N" with lines counted within the page.
 * What a page holds besides its text is read too: the values of form fields (an intake
 * form's answers are not in the page's text), placed "page N form", one line per field,
 * with the field's name as hint; and the notes of annotations (comments, sticky notes),
 * placed "page N notes".
 *
 * A page with images but no text is a scan: counsel must assume what it shows was
 * exposed, so it is reported as not examined ("image only"), and so is a page that
 * draws something (text as outlines, say) without text or images; so is a document no empty
 * user password opens ("encrypted"). Embedded files, of the document or attached to a
 * page, go to sink->member, read in a child process (pdf_attach.c).
 *
 * The whole reading runs in a child process (isolate.h): poppler crashes on some damaged
 * files, and takes minutes over some pages; a page that gives no output for
 * BS_LIMIT_ISOLATED_SECONDS stops the reading there, reported, instead of the scan.
 *
 * Threads: poppler documents are used by one thread each (one per call), which poppler
 * supports; its process-wide GlobalParams, however, is created unguarded by the first
 * document opened, so that first open happens once, under pthread_once. GLib itself
 * needs no initialisation (since 2.36 its type system starts on first use, thread-safe). */
#include "extract/pdf.h"

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "detect/hints.h"
#include "extract/isolate.h"
#include "extract/lines.h"
#include "extract/pdf_attach.h"
#include "extract/utf8.h"

typedef struct pdf_reader {
  const bs_unit_sink *sink;   /* where units go */
  bs_strmap *hints;           /* interned field names */
  bs_buf repaired;            /* text with invalid UTF-8 replaced */
  unsigned attached_to_pages; /* file attachment annotations seen */
  bs_status status;           /* first error */
} pdf_reader;

static pthread_once_t poppler_once = PTHREAD_ONCE_INIT;

/* Problems poppler logged while this thread read its document. */
static _Thread_local unsigned poppler_problems;

/* poppler-glib logs what it repairs or skips through GLib ("Missing stream object for
 * embedded file"), to stderr by default. Those messages may quote the document, so they
 * are counted here, and the count reported against the file. */
static void count_problem(const gchar *domain, GLogLevelFlags level, const gchar *message,
                          gpointer data) {
  (void)domain;
  (void)level;
  (void)message;
  (void)data;
  poppler_problems++;
}

static void init_poppler(void) {
  g_log_set_handler("Poppler",
                    G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE |
                        G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG | G_LOG_FLAG_FATAL |
                        G_LOG_FLAG_RECURSION,
                    count_problem, NULL);
  static const char tiny[] = "%PDF-1.0\n%%EOF\n";
  GBytes *bytes = g_bytes_new_static(tiny, sizeof tiny - 1);
  PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
  if (doc) g_object_unref(doc);
  g_bytes_unref(bytes);
}

/* Whether text has anything but white space. */
static int has_text(const char *text) {
  for (; text && *text; text++)
    if (*text != ' ' && *text != '\n' && *text != '\r' && *text != '\t' && *text != '\f') return 1;
  return 0;
}

/* text as valid UTF-8 (poppler's own, or repaired). OUT: *len. NULL on error. */
static const char *clean(pdf_reader *r, const char *text, size_t *len) {
  *len = strlen(text);
  if (bs_utf8_valid(text, *len)) return text;
  r->status = bs_utf8_repair(&r->repaired, text, *len);
  *len = r->repaired.len;
  return r->status == BS_OK ? r->repaired.data : NULL;
}

/* One value (a field's, a note's) as the unit at line `line` of place. */
static void send_value(pdf_reader *r, const char *value, uint64_t line, const char *place,
                       const char *name) {
  size_t len;
  if (r->status != BS_OK || !has_text(value)) return;
  const char *text = clean(r, value, &len);
  if (!text) return;
  const char *hint = NULL;
  bs_element type = BS_EL_NONE;
  if (name && *name && bs_utf8_valid(name, strlen(name))) {
    int64_t *slot;
    int added;
    r->status = bs_strmap_upsert(r->hints, name, strlen(name), &slot, &hint, &added);
    if (r->status != BS_OK) return;
    if (added) *slot = (int64_t)bs_hint_type(hint) + 1;
    type = (bs_element)(*slot - 1);
  }
  bs_unit unit = {
      .text = text, .len = len, .line = line, .place = place, .hint = hint, .hint_type = type};
  r->status = r->sink->unit(&unit, r->sink->ctx);
}

/* ---- Pages ----------------------------------------------------------------------- */

/* The value a form field holds: its text, or its selected choices. NULL when none;
 * free with g_free. */
static char *field_value(PopplerFormField *field) {
  switch (poppler_form_field_get_field_type(field)) {
  case POPPLER_FORM_FIELD_TEXT: return poppler_form_field_text_get_text(field);
  case POPPLER_FORM_FIELD_CHOICE: {
    char *typed = poppler_form_field_choice_get_text(field);
    if (typed) return typed;
    GString *chosen = g_string_new(NULL);
    int items = poppler_form_field_choice_get_n_items(field);
    for (int i = 0; i < items; i++) {
      if (!poppler_form_field_choice_is_item_selected(field, i)) continue;
      char *item = poppler_form_field_choice_get_item(field, i);
      if (item) g_string_append_printf(chosen, "%s%s", chosen->len ? "\n" : "", item);
      g_free(item);
    }
    return g_string_free(chosen, FALSE);
  }
  default: return NULL; /* buttons and signatures hold no text */
  }
}

static void read_fields(pdf_reader *r, PopplerPage *page, int number) {
  char place[48];
  snprintf(place, sizeof place, "page %d form", number);
  GList *fields = poppler_page_get_form_field_mapping(page);
  uint64_t line = 0;
  for (GList *at = fields; at && r->status == BS_OK; at = at->next) {
    PopplerFormField *field = ((PopplerFormFieldMapping *)at->data)->field;
    char *value = field ? field_value(field) : NULL;
    char *name = value ? poppler_form_field_get_name(field) : NULL;
    if (has_text(value)) send_value(r, value, ++line, place, name);
    g_free(name);
    g_free(value);
  }
  poppler_page_free_form_field_mapping(fields);
}

/* Notes of annotations (form widgets and links hold none); files attached by them are
 * counted, and read with the document's (pdf_attach.c). */
static void read_annotations(pdf_reader *r, PopplerPage *page, int number) {
  char place[48];
  snprintf(place, sizeof place, "page %d notes", number);
  GList *annotations = poppler_page_get_annot_mapping(page);
  uint64_t line = 0;
  for (GList *at = annotations; at && r->status == BS_OK; at = at->next) {
    PopplerAnnot *annot = ((PopplerAnnotMapping *)at->data)->annot;
    PopplerAnnotType type = poppler_annot_get_annot_type(annot);
    if (type == POPPLER_ANNOT_WIDGET || type == POPPLER_ANNOT_LINK) continue;
    char *contents = poppler_annot_get_contents(annot);
    if (has_text(contents)) send_value(r, contents, ++line, place, NULL);
    g_free(contents);
    r->attached_to_pages += type == POPPLER_ANNOT_FILE_ATTACHMENT; /* read later */
  }
  poppler_page_free_annot_mapping(annotations);
}

/* Whether a page without text or images shows anything: text drawn as outlines (some
 * print pipelines do that), or a drawing. Rendered small, in grey, and looked at: any
 * pixel not white is something a reader sees and we cannot read. */
static int draws_something(PopplerPage *page) {
  enum { SIDE = 256 }; /* pixels of the longer side */
  double width, height;
  poppler_page_get_size(page, &width, &height);
  if (!(width > 0 && height > 0 && isfinite(width) && isfinite(height))) return 0;
  double scale = SIDE / (width > height ? width : height);
  int w = (int)(width * scale) + 1, h = (int)(height * scale) + 1;
  cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, scale, scale);
  poppler_page_render(page, cr);
  cairo_destroy(cr);
  cairo_surface_flush(surface);
  int drawn = 0;
  const unsigned char *pixels = cairo_image_surface_get_data(surface);
  int stride = cairo_image_surface_get_stride(surface);
  for (int y = 0; pixels && y < h && !drawn; y++)
    for (int x = 0; x < w && !drawn; x++) {
      uint32_t pixel;
      memcpy(&pixel, pixels + (size_t)y * (size_t)stride + (size_t)x * 4, 4);
      drawn = (pixel & 0xFFFFFF) != 0xFFFFFF;
    }
  cairo_surface_destroy(surface);
  return drawn;
}

static void read_page(pdf_reader *r, PopplerDocument *doc, int index) {
  const bs_unit_sink *sink = r->sink;
  char place[32];
  snprintf(place, sizeof place, "page %d", index + 1);
  PopplerPage *page = poppler_document_get_page(doc, index);
  if (!page) {
    sink->diagnostic(place, "page could not be read", sink->ctx);
    if (sink->unexamined) sink->unexamined(place, "damaged page", sink->ctx);
    return;
  }
  char *text = poppler_page_get_text(page);
  if (has_text(text)) {
    size_t len;
    const char *utf8 = clean(r, text, &len);
    if (utf8) r->status = bs_emit_lines(utf8, len, 1, 1, place, sink);
  } else {
    GList *images = poppler_page_get_image_mapping(page);
    if ((images || draws_something(page)) && sink->unexamined)
      sink->unexamined(place, "image only", sink->ctx);
    poppler_page_free_image_mapping(images);
  }
  g_free(text);
  if (r->status == BS_OK) read_fields(r, page, index + 1);
  if (r->status == BS_OK) read_annotations(r, page, index + 1);
  g_object_unref(page);
}

/* Reports the problems poppler logged, without their text. */
static void report_problems(const bs_unit_sink *sink) {
  if (poppler_problems == 0) return;
  char message[96];
  snprintf(message, sizeof message, "damaged in places: %u problems repaired or skipped",
           poppler_problems);
  sink->diagnostic("document", message, sink->ctx);
}

bs_status bs_read_pdf_here(const bs_source *src, const bs_unit_sink *sink) {
  pthread_once(&poppler_once, init_poppler);
  poppler_problems = 0;
  GBytes *bytes = g_bytes_new_static(src->data, src->len);
  GError *error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &error);
  if (!doc) {
    int encrypted =
        error && error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED;
    g_clear_error(&error);
    g_bytes_unref(bytes);
    if (encrypted) {
      if (sink->unexamined) sink->unexamined(NULL, "encrypted", sink->ctx);
      return BS_OK;
    }
    sink->diagnostic("byte 0", "damaged PDF: could not be read", sink->ctx);
    return BS_EFORMAT;
  }
  pdf_reader r = {.sink = sink, .status = BS_OK};
  r.status = bs_strmap_create(&r.hints);
  bs_buf_init(&r.repaired, (size_t)1 << 31);
  int pages = poppler_document_get_n_pages(doc);
  if (pages <= 0) sink->diagnostic("byte 0", "PDF without pages", sink->ctx);
  for (int i = 0; i < pages && r.status == BS_OK; i++) {
    if (i == BS_LIMIT_PDF_PAGES) {
      char place[32];
      snprintf(place, sizeof place, "page %d", i + 1);
      sink->diagnostic(place, "more pages than the limit: the rest not read", sink->ctx);
      r.status = BS_ELIMIT;
      break;
    }
    read_page(&r, doc, i);
  }
  if (r.status == BS_OK && (poppler_document_has_attachments(doc) || r.attached_to_pages))
    r.status = bs_pdf_attachments(doc, sink);
  report_problems(sink);
  bs_buf_free(&r.repaired);
  bs_strmap_free(r.hints);
  g_object_unref(doc);
  g_bytes_unref(bytes);
  return r.status;
}

void bs_pdf_prepare(void) { pthread_once(&poppler_once, init_poppler); }

bs_status bs_read_pdf(const bs_source *src, const bs_unit_sink *sink) {
  return bs_isolate_run(bs_read_pdf_here, src, sink, "the PDF reader");
}
