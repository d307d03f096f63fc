/* Email messages (RFC 5322, MIME of RFC 2045-2049) read with GMime. The header fields
 * that name people (From, To, Cc, Bcc, Reply-To, Sender) and the Subject are units
 * with place "header", the field as hint and the field's line in the message. Each
 * text part is a body, decoded from its transfer encoding and charset to UTF-8 by
 * GMime: text/plain read as text (lines counted within the body), other text (HTML)
 * through bs_read like a file of its own; its units keep the body's place ("body",
 * then "body 2", ...). Attachments and message/rfc822 parts go to sink->member.
 * Encrypted parts (PGP/MIME, S/MIME enveloped, inline PGP) are reported as not
 * examined.
 *
 * Thread safety: GMime is initialised once (libinit.c); after that, parsing separate
 * streams with separate parser options is safe from several threads (GMime keeps its
 * shared charset tables read-only and guards its iconv cache with a lock). */
#include <glib.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/limits.h"
#include "detect/hints.h"
#include "extract/libinit.h"
#include "extract/mail.h"

/* GMime's warnings reported per message; more are counted, not listed. */
#define MAX_WARNINGS 20

/* Messages read inside messages on this thread (a body that is itself a message, and
 * so on): past BS_LIMIT_DEPTH a body is read as plain text. */
static _Thread_local unsigned nesting;

typedef struct eml_reader {
  const bs_source *src;     /* the message */
  const bs_unit_sink *sink; /* where everything goes */
  bs_buf scratch;           /* decoding of bodies */
  unsigned parts;           /* MIME parts seen */
  unsigned bodies;          /* text bodies read */
  unsigned attachments;     /* members handed on */
  unsigned warnings;        /* GMime warnings reported */
  int limited;              /* a limit stopped part of the read */
  bs_status status;         /* first error that stops the read */
} eml_reader;

static void diagnose(const eml_reader *r, const char *place, const char *message) {
  if (r->sink->diagnostic) r->sink->diagnostic(place, message, r->sink->ctx);
}

static void unexamined(const eml_reader *r, const char *place, const char *why) {
  if (r->sink->unexamined)
    r->sink->unexamined(place, why, r->sink->ctx);
  else
    diagnose(r, place ? place : "message", why);
}

/* GMime's complaints about the structure, by code only: the item it passes may quote
 * the input. Minor ones (duplicated headers, 8-bit header bytes) are not reported. */
static void on_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer ctx) {
  (void)item;
  eml_reader *r = ctx;
  const char *message = NULL;
  switch (code) {
  case GMIME_WARN_MALFORMED_MULTIPART:
    message = "malformed multipart: a boundary is missing";
    break;
  case GMIME_WARN_TRUNCATED_MESSAGE: message = "message truncated"; break;
  case GMIME_WARN_MALFORMED_MESSAGE: message = "malformed message"; break;
  case GMIME_CRIT_INVALID_HEADER_NAME: message = "invalid header field name"; break;
  case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
    message = "multipart without a boundary: read as one part";
    break;
  case GMIME_CRIT_NESTING_OVERFLOW: message = "MIME parts nested too deeply"; break;
  case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT: message = "empty MIME part"; break;
  default: return;
  }
  if (r->warnings++ >= MAX_WARNINGS) return;
  char place[48];
  snprintf(place, sizeof place, "byte %lld", (long long)(offset < 0 ? 0 : offset));
  diagnose(r, place, message);
  if (r->warnings == MAX_WARNINGS) diagnose(r, place, "more structure warnings not listed");
}

/* ---- Header fields ----------------------------------------------------------------- */

/* The fields read, with their hints (one stable pointer each). The date a message was
 * sent is in the file too: a date, about whoever the message is about. */
static const char *const header_fields[] = {"From",   "To",       "Cc",      "Bcc",
                                            "Sender", "Reply-To", "Subject", "Date"};

static const char *field_hint(const char *name) {
  for (size_t i = 0; i < sizeof header_fields / sizeof header_fields[0]; i++)
    if (!strcasecmp(name, header_fields[i])) return header_fields[i];
  return NULL;
}

/* Line of byte `offset`, counting on from an earlier (offset, line) pair. */
static uint64_t line_at(const bs_source *src, size_t *from, uint64_t *line, gint64 offset) {
  size_t to = offset < 0 ? *from : (size_t)offset > src->len ? src->len : (size_t)offset;
  for (size_t i = *from; i < to; i++) *line += src->data[i] == '\n';
  if (to > *from) *from = to;
  return *line;
}

static void read_headers(eml_reader *r, GMimeObject *message) {
  GMimeHeaderList *list = g_mime_object_get_header_list(message);
  int count = list ? g_mime_header_list_get_count(list) : 0;
  size_t counted = 0;
  uint64_t line = 1;
  for (int i = 0; i < count && r->status == BS_OK; i++) {
    GMimeHeader *header = g_mime_header_list_get_header_at(list, i);
    const char *name = header ? g_mime_header_get_name(header) : NULL;
    const char *hint = name ? field_hint(name) : NULL;
    const char *value = hint ? g_mime_header_get_value(header) : NULL;
    if (!value || !*value) continue;
    /* GMime decodes RFC 2047 words to UTF-8; undeclared 8-bit bytes may remain. */
    char *valid = g_utf8_make_valid(value, -1);
    bs_unit unit = {.text = valid,
                    .len = strlen(valid),
                    .line = line_at(r->src, &counted, &line, g_mime_header_get_offset(header)),
                    .column = 1,
                    .hint = hint,
                    .hint_type = bs_hint_type(hint),
                    .place = "header"};
    r->status = r->sink->unit(&unit, r->sink->ctx);
    g_free(valid);
  }
}

/* ---- Bodies ------------------------------------------------------------------------ */

/* A sink that gives every unit of a body the body's place, and puts it before the
 * places the body's reader gives ("body 2 header", "body 2 byte 40"). */
typedef struct body_sink {
  const bs_unit_sink *outer; /* the message's sink */
  const char *place;         /* "body", "body 2" */
  char joined[256];          /* place of the current unit */
} body_sink;

static bs_status body_unit(const bs_unit *unit, void *ctx) {
  body_sink *b = ctx;
  bs_unit copy = *unit;
  copy.place = b->place;
  if (unit->place) {
    snprintf(b->joined, sizeof b->joined, "%s %s", b->place, unit->place);
    copy.place = b->joined;
  }
  return b->outer->unit(&copy, b->outer->ctx);
}

static void body_diagnostic(const char *place, const char *message, void *ctx) {
  body_sink *b = ctx;
  char full[160];
  snprintf(full, sizeof full, "%s %s", b->place, place ? place : "");
  if (b->outer->diagnostic) b->outer->diagnostic(full, message, b->outer->ctx);
}

static bs_status body_member(const bs_member *member, void *ctx) {
  body_sink *b = ctx;
  return b->outer->member ? b->outer->member(member, b->outer->ctx) : BS_OK;
}

static void body_unexamined(const char *place, const char *why, void *ctx) {
  body_sink *b = ctx;
  char full[160];
  snprintf(full, sizeof full, "%s %s", b->place, place ? place : "");
  if (b->outer->unexamined)
    b->outer->unexamined(place ? full : b->place, why, b->outer->ctx);
  else if (b->outer->diagnostic)
    b->outer->diagnostic(place ? full : b->place, why, b->outer->ctx);
}

static int is_inline_pgp(const char *text, size_t len) {
  static const char armor[] = "-----BEGIN PGP MESSAGE-----";
  return memmem(text, len, armor, sizeof armor - 1) != NULL;
}

/* Reads a body's text. subtype: of text/<subtype>; "plain" is read as text, others as
 * a file named body.<subtype> (so that an HTML reader gets HTML). */
static void read_body(eml_reader *r, const char *text, size_t len, const char *subtype) {
  char place[32];
  if (++r->bodies == 1)
    snprintf(place, sizeof place, "body");
  else
    snprintf(place, sizeof place, "body %u", r->bodies);
  if (is_inline_pgp(text, len)) {
    unexamined(r, place, "encrypted");
    return;
  }
  body_sink b = {.outer = r->sink, .place = place};
  bs_unit_sink sink = {body_unit, body_diagnostic, body_member, body_unexamined, &b};
  bs_status status;
  if (!subtype || !strcasecmp(subtype, "plain") || nesting >= BS_LIMIT_DEPTH) {
    const char *utf8;
    size_t utf8_len;
    bs_encoding encoding;
    status = bs_decode(&utf8, &utf8_len, &encoding, text, len, &r->scratch, &sink);
    if (status == BS_OK) status = bs_extract_text(utf8, utf8_len, &sink);
  } else {
    char name[48];
    char clean[24];
    bs_mail_clean_name(clean, sizeof clean, subtype, 16);
    snprintf(name, sizeof name, "body.%s", clean[0] ? clean : "txt");
    bs_source source = {.name = name, .data = text, .len = len};
    bs_read_info info;
    status = bs_read(&info, &source, &r->scratch, &sink);
  }
  bs_buf_reset(&r->scratch);
  if (status == BS_EFORMAT) {
    unexamined(r, place, "a text part holding binary content");
    status = BS_OK;
  } else if (status == BS_ELIMIT) {
    r->limited = 1;
    status = BS_OK;
  }
  if (status != BS_OK) r->status = status;
}

/* ---- Attachments and parts ---------------------------------------------------------- */

static void hand_member(eml_reader *r, const char *name, const char *data, size_t len,
                        const char *not_examined) {
  if (!r->sink->member) return;
  if (!not_examined && len > BS_LIMIT_MEMBER_BYTES)
    not_examined = "larger than the member size limit";
  bs_member m = {.name = name,
                 .data = not_examined ? NULL
                         : data       ? data
                                      : "",
                 .len = len,
                 .not_examined = not_examined};
  r->status = r->sink->member(&m, r->sink->ctx);
}

/* An attachment's name: its file name without folders, or attachment-N. */
static void attachment_name(char *out, size_t cap, const char *filename, unsigned index,
                            const char *suffix) {
  const char *base = filename;
  for (const char *p = filename; p && *p; p++)
    if (*p == '/' || *p == '\\') base = p + 1;
  bs_mail_clean_name(out, cap, base, 120);
  if (!out[0]) snprintf(out, cap, "attachment-%u%s", index, suffix);
}

static int date_ymd(GDateTime *date) {
  if (!date) return 0;
  int year, month, day;
  g_date_time_get_ymd(date, &year, &month, &day);
  return year > 0 && year < 10000 ? year * 10000 + month * 100 + day : 0;
}

static void read_attachment(eml_reader *r, GMimePart *part, const char *place) {
  unsigned index = ++r->attachments;
  char name[256];
  attachment_name(name, sizeof name, g_mime_part_get_filename(part), index, "");
  GMimeDataWrapper *content = g_mime_part_get_content(part);
  GMimeStream *out = g_mime_stream_mem_new();
  ssize_t written = content ? g_mime_data_wrapper_write_to_stream(content, out) : 0;
  GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
  if (written < 0) {
    diagnose(r, place, "attachment could not be decoded");
    hand_member(r, name, NULL, 0, "damaged: could not be decoded");
  } else {
    hand_member(r, name, (const char *)bytes->data, bytes->len, NULL);
  }
  g_object_unref(out);
}

static void read_message_part(eml_reader *r, GMimeMessagePart *part) {
  unsigned index = ++r->attachments;
  GMimeMessage *message = g_mime_message_part_get_message(part);
  if (!message) return;
  char name[256];
  const char *filename =
      g_mime_object_get_content_disposition_parameter(GMIME_OBJECT(part), "filename");
  if (filename && *filename)
    attachment_name(name, sizeof name, filename, index, ".eml");
  else
    bs_mail_message_name(name, sizeof name, "", g_mime_message_get_subject(message),
                         date_ymd(g_mime_message_get_date(message)), ".eml");
  GMimeStream *out = g_mime_stream_mem_new();
  ssize_t written = g_mime_object_write_to_stream(GMIME_OBJECT(message), NULL, out);
  GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
  hand_member(r, name, (const char *)bytes->data, written < 0 ? 0 : bytes->len,
              written < 0 ? "damaged: could not be decoded" : NULL);
  g_object_unref(out);
}

static int is_signature(GMimeContentType *type) {
  return g_mime_content_type_is_type(type, "application", "pgp-signature") ||
         g_mime_content_type_is_type(type, "application", "pkcs7-signature") ||
         g_mime_content_type_is_type(type, "application", "x-pkcs7-signature");
}

static void read_leaf(eml_reader *r, GMimePart *part, const char *place) {
  GMimeContentType *type = g_mime_object_get_content_type(GMIME_OBJECT(part));
  if (type && is_signature(type)) return; /* a signature holds no content */
  if (GMIME_IS_APPLICATION_PKCS7_MIME(part)) {
    GMimeSecureMimeType kind =
        g_mime_application_pkcs7_mime_get_smime_type(GMIME_APPLICATION_PKCS7_MIME(part));
    unexamined(r, place,
               kind == GMIME_SECURE_MIME_TYPE_SIGNED_DATA ? "S/MIME signed content not unpacked"
                                                          : "encrypted");
    return;
  }
  int attachment = g_mime_part_is_attachment(part) || g_mime_part_get_filename(part);
  if (attachment || !GMIME_IS_TEXT_PART(part)) {
    read_attachment(r, part, place);
    return;
  }
  char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
  if (!text) return;
  read_body(r, text, strlen(text), type ? g_mime_content_type_get_media_subtype(type) : NULL);
  g_free(text);
}

static void walk(eml_reader *r, GMimeObject *object, const char *path, unsigned depth) {
  if (r->status != BS_OK || !object) return;
  char place[96];
  snprintf(place, sizeof place, "part %s", path[0] ? path : "1");
  if (++r->parts > BS_LIMIT_MIME_PARTS || depth > BS_LIMIT_MIME_DEPTH) {
    if (!r->limited)
      diagnose(r, place,
               depth > BS_LIMIT_MIME_DEPTH ? "MIME parts nested deeper than the limit: not read"
                                           : "more MIME parts than the limit: the rest not read");
    r->limited = 1;
    return;
  }
  if (GMIME_IS_MULTIPART_ENCRYPTED(object)) {
    unexamined(r, place, "encrypted");
  } else if (GMIME_IS_MULTIPART(object)) {
    GMimeMultipart *multipart = GMIME_MULTIPART(object);
    int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count && r->status == BS_OK && !r->limited; i++) {
      char child[sizeof place];
      snprintf(child, sizeof child, "%s%s%d", path, path[0] ? "." : "", i + 1);
      walk(r, g_mime_multipart_get_part(multipart, i), child, depth + 1);
    }
  } else if (GMIME_IS_MESSAGE_PART(object)) {
    read_message_part(r, GMIME_MESSAGE_PART(object));
  } else if (GMIME_IS_PART(object)) {
    read_leaf(r, GMIME_PART(object), place);
  }
}

/* ---- The message ------------------------------------------------------------------- */

/* When GMime cannot make a message of the bytes: their text is still read. */
static void read_as_text(eml_reader *r) {
  const char *text;
  size_t len;
  bs_encoding encoding;
  bs_status status =
      bs_decode(&text, &len, &encoding, r->src->data, r->src->len, &r->scratch, r->sink);
  if (status == BS_OK) status = bs_extract_text(text, len, r->sink);
  r->status = status;
}

bs_status bs_read_eml(const bs_source *src, const bs_unit_sink *sink) {
  bs_libinit();
  eml_reader r = {.src = src, .sink = sink};
  bs_buf_init(&r.scratch, (size_t)8 << 30);
  nesting++;
  if (src->len > G_MAXUINT) {
    diagnose(&r, "byte 0", "too large for the email reader: read as text");
    read_as_text(&r);
  } else {
    GMimeParserOptions *options = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(options, on_warning, &r);
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(src->data, src->len);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    GMimeMessage *message = g_mime_parser_construct_message(parser, options);
    if (!message) {
      diagnose(&r, "byte 0", "not a readable email message: read as text");
      read_as_text(&r);
    } else {
      read_headers(&r, GMIME_OBJECT(message));
      walk(&r, g_mime_message_get_mime_part(message), "", 0);
      g_object_unref(message);
    }
    g_object_unref(parser);
    g_object_unref(stream);
    g_mime_parser_options_free(options);
  }
  nesting--;
  bs_buf_free(&r.scratch);
  if (r.status == BS_OK && r.limited) return BS_ELIMIT;
  return r.status;
}
