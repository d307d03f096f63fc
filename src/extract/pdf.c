/* PDF with poppler-glib (see pdf.h). Each page's text (poppler's reading order, lines
 * separated by '\n') becomes units placed "page N" with lines counted within the page.
 * A page with images but no text is a scan: counsel must assume what it shows was
 * exposed, so it is reported as not examined ("image only"); so is a document no empty
 * user password opens ("encrypted"). Embedded files go to sink->member.
 *
 * Threads: poppler documents are used by one thread each (one per call), which poppler
 * supports; its process-wide GlobalParams, however, is created unguarded by the first
 * document opened, so that first open happens once, under pthread_once. */
#include "extract/pdf.h"

#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/limits.h"
#include "extract/lines.h"
#include "extract/utf8.h"

static pthread_once_t poppler_once = PTHREAD_ONCE_INIT;

static void init_poppler(void) {
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

static bs_status read_page(PopplerDocument *doc, int index, bs_buf *repaired,
                           const bs_unit_sink *sink) {
  char place[32];
  snprintf(place, sizeof place, "page %d", index + 1);
  PopplerPage *page = poppler_document_get_page(doc, index);
  if (!page) {
    sink->diagnostic(place, "page could not be read", sink->ctx);
    if (sink->unexamined) sink->unexamined(place, "damaged page", sink->ctx);
    return BS_OK;
  }
  bs_status status = BS_OK;
  char *text = poppler_page_get_text(page);
  if (has_text(text)) {
    const char *utf8 = text;
    size_t len = strlen(text);
    if (!bs_utf8_valid(text, len)) {
      status = bs_utf8_repair(repaired, text, len);
      utf8 = repaired->data;
      len = repaired->len;
    }
    if (status == BS_OK) status = bs_emit_lines(utf8, len, 1, 1, place, sink);
  } else {
    GList *images = poppler_page_get_image_mapping(page);
    if (images && sink->unexamined) sink->unexamined(place, "image only", sink->ctx);
    poppler_page_free_image_mapping(images);
  }
  g_free(text);
  g_object_unref(page);
  return status;
}

/* ---- Attachments ----------------------------------------------------------------- */

static gboolean save_chunk(const gchar *data, gsize count, gpointer ctx, GError **error) {
  (void)error;
  return bs_buf_append(ctx, data, count) == BS_OK;
}

/* An attachment's name made safe to show (as archive.c's entries): no leading "./" or
 * "/", no control characters, never empty. */
static void clean_name(char *out, size_t cap, const char *name, unsigned index) {
  while (name && (name[0] == '/' || (name[0] == '.' && name[1] == '/')))
    name += name[0] == '/' ? 1 : 2;
  if (!name || !*name) {
    snprintf(out, cap, "attachment-%u", index);
    return;
  }
  size_t n = 0;
  for (; *name && n + 1 < cap; name++)
    out[n++] = (unsigned char)*name < 0x20 || *name == 0x7f ? '_' : *name;
  out[n] = '\0';
}

static bs_status read_attachments(PopplerDocument *doc, const bs_unit_sink *sink) {
  if (!sink->member || !poppler_document_has_attachments(doc)) return BS_OK;
  GList *list = poppler_document_get_attachments(doc);
  bs_buf data;
  bs_buf_init(&data, BS_LIMIT_MEMBER_BYTES);
  bs_status status = BS_OK;
  unsigned index = 0;
  char name[1024];
  for (GList *at = list; at && status == BS_OK; at = at->next) {
    PopplerAttachment *attachment = at->data;
    if (++index > BS_LIMIT_MEMBERS) {
      sink->diagnostic("attachments", "more attachments than the limit: the rest not read",
                       sink->ctx);
      status = BS_ELIMIT;
      break;
    }
    clean_name(name, sizeof name, poppler_attachment_get_name(attachment), index);
    bs_member m = {.name = name};
    GDateTime *mtime = poppler_attachment_get_mtime(attachment);
    if (mtime) m.mtime = g_date_time_to_unix(mtime);
    bs_buf_reset(&data);
    if (poppler_attachment_get_size(attachment) > BS_LIMIT_MEMBER_BYTES) {
      m.not_examined = "larger than the member size limit";
    } else if (!poppler_attachment_save_to_callback(attachment, save_chunk, &data, NULL)) {
      m.not_examined = data.len >= BS_LIMIT_MEMBER_BYTES ? "larger than the member size limit"
                                                         : "damaged: could not be unpacked";
    }
    if (m.not_examined) {
      m.len = poppler_attachment_get_size(attachment);
    } else {
      m.data = data.data ? data.data : "";
      m.len = data.len;
    }
    status = sink->member(&m, sink->ctx);
  }
  bs_buf_free(&data);
  g_list_free_full(list, g_object_unref);
  return status;
}

bs_status bs_read_pdf(const bs_source *src, const bs_unit_sink *sink) {
  pthread_once(&poppler_once, init_poppler);
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
  int pages = poppler_document_get_n_pages(doc);
  bs_status status = BS_OK;
  if (pages <= 0) {
    sink->diagnostic("byte 0", "PDF without pages", sink->ctx);
  }
  bs_buf repaired;
  bs_buf_init(&repaired, (size_t)1 << 30);
  for (int i = 0; i < pages && status == BS_OK; i++) {
    if (i == BS_LIMIT_PDF_PAGES) {
      char place[32];
      snprintf(place, sizeof place, "page %d", i + 1);
      sink->diagnostic(place, "more pages than the limit: the rest not read", sink->ctx);
      status = BS_ELIMIT;
      break;
    }
    status = read_page(doc, i, &repaired, sink);
  }
  bs_buf_free(&repaired);
  if (status == BS_OK) status = read_attachments(doc, sink);
  g_object_unref(doc);
  g_bytes_unref(bytes);
  return status;
}
