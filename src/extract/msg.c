/* Outlook messages (.msg, [MS-OXMSG]): an OLE2 compound file whose streams are the
 * message's MAPI properties ("__substg1.0_PPPPTTTT": property id, type), with a
 * storage per recipient and per attachment. The message is rendered by GMime as an RFC
 * 822 message (sender, recipients, subject, date, text and HTML bodies, attachments,
 * embedded messages as message/rfc822 parts) and read by the EML reader: its units
 * are the .msg file's own ("header", "body"), its attachments files of their own
 * (letter.msg!scan.pdf).
 *
 * Thread safety: libgsf objects are per call; GMime as in eml.c. */
#include <gmime/gmime.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "extract/mail.h"
#include "extract/msg.h"

/* [MS-OXPROPS] property ids, and the types of [MS-OXCDATA] 2.11.1 */
#define PID_SUBJECT           0x0037
#define PID_CLIENT_SUBMIT     0x0039
#define PID_DISPLAY_BCC       0x0E02
#define PID_DISPLAY_CC        0x0E03
#define PID_DISPLAY_TO        0x0E04
#define PID_MESSAGE_DELIVERY  0x0E06
#define PID_SENDER_NAME       0x0C1A
#define PID_SENDER_EMAIL      0x0C1F
#define PID_SENDER_SMTP       0x5D01
#define PID_BODY              0x1000
#define PID_BODY_HTML         0x1013
#define PID_DISPLAY_NAME      0x3001
#define PID_EMAIL_ADDRESS     0x3003
#define PID_SMTP_ADDRESS      0x39FE
#define PID_ATTACH_DATA       0x3701
#define PID_ATTACH_FILENAME   0x3704
#define PID_ATTACH_LONG_NAME  0x3707
#define TYPE_UNICODE          0x001F
#define TYPE_STRING8          0x001E
#define TYPE_BINARY           0x0102
#define TYPE_OBJECT           0x000D
#define TYPE_TIME             0x0040
/* [MS-OXMSG] 2.4: the fixed-size property stream's header, then 16-byte entries */
#define PROPS_HEADER_TOP      32
#define PROPS_HEADER_EMBEDDED 24
#define PROPS_ENTRY           16

typedef struct msg_reader {
  const bs_unit_sink *sink; /* diagnostics and notes */
  unsigned attachments;     /* seen, all levels */
} msg_reader;

/* A stream of storage `dir` read whole (at most BS_LIMIT_MEMBER_BYTES). OUT: *len.
 * g_free the result; NULL when absent or unreadable. */
static char *read_child(GsfInfile *dir, const char *name, size_t *len) {
  GsfInput *input = gsf_infile_child_by_name(dir, name);
  *len = 0;
  if (!input) return NULL;
  gsf_off_t size = gsf_input_size(input);
  char *data = NULL;
  if (size >= 0 && (uint64_t)size <= BS_LIMIT_MEMBER_BYTES) {
    data = g_malloc((gsize)size + 1);
    if (size == 0 || gsf_input_read(input, (size_t)size, (guint8 *)data)) {
      data[size] = '\0';
      *len = (size_t)size;
    } else {
      g_free(data);
      data = NULL;
    }
  }
  g_object_unref(input);
  return data;
}

/* A string property in UTF-8 (g_free it), or NULL. 8-bit strings are taken for
 * Windows-1252, the code page of nearly all of them. */
static char *string_prop(GsfInfile *dir, unsigned id) {
  char name[32];
  size_t len;
  snprintf(name, sizeof name, "__substg1.0_%04X%04X", id, TYPE_UNICODE);
  char *raw = read_child(dir, name, &len);
  int wide = raw != NULL;
  if (!raw) {
    snprintf(name, sizeof name, "__substg1.0_%04X%04X", id, TYPE_STRING8);
    raw = read_child(dir, name, &len);
  }
  if (!raw) return NULL;
  if (wide) {
    len &= ~(size_t)1;
    while (len >= 2 && raw[len - 1] == 0 && raw[len - 2] == 0) len -= 2; /* the terminator */
  } else {
    while (len >= 1 && raw[len - 1] == 0) len--;
  }
  char *text =
      g_convert_with_fallback(raw, (gssize)len, "UTF-8", wide ? "UTF-16LE" : "WINDOWS-1252",
                              "\xEF\xBF\xBD", NULL, NULL, NULL);
  g_free(raw);
  if (text && !*text) {
    g_free(text);
    text = NULL;
  }
  return text;
}

/* A time property of the fixed-size property stream, or NULL. */
static GDateTime *time_prop(GsfInfile *dir, unsigned id, size_t header) {
  size_t len;
  char *props = read_child(dir, "__properties_version1.0", &len);
  GDateTime *date = NULL;
  uint32_t want = (uint32_t)id << 16 | TYPE_TIME;
  for (size_t at = header; props && at + PROPS_ENTRY <= len && !date; at += PROPS_ENTRY) {
    const unsigned char *e = (const unsigned char *)props + at;
    uint32_t tag =
        (uint32_t)e[0] | (uint32_t)e[1] << 8 | (uint32_t)e[2] << 16 | (uint32_t)e[3] << 24;
    if (tag != want) continue;
    uint64_t ticks = 0;
    for (int i = 7; i >= 0; i--) ticks = ticks << 8 | e[8 + i];
    const uint64_t epoch = 116444736000000000ull; /* 1601 to 1970 in 100 ns */
    if (ticks > epoch && ticks < epoch + 253402300799ull * 10000000u)
      date = g_date_time_new_from_unix_utc((gint64)((ticks - epoch) / 10000000u));
  }
  g_free(props);
  return date;
}

static void set_header(GMimeMessage *message, const char *name, char *value) {
  if (value) g_mime_object_set_header(GMIME_OBJECT(message), name, value, "utf-8");
  g_free(value);
}

static char *address(char *name, char *email) {
  char *out = name && email ? g_strdup_printf("%s <%s>", name, email)
              : name        ? g_strdup(name)
              : email       ? g_strdup(email)
                            : NULL;
  g_free(name);
  g_free(email);
  return out;
}

static int has_prefix(const char *name, const char *prefix) {
  return name && strncmp(name, prefix, strlen(prefix)) == 0;
}

static GMimeMessage *render(msg_reader *r, GsfInfile *dir, size_t header, unsigned depth);

static void add_attachment(msg_reader *r, GMimeMultipart *mixed, GsfInfile *storage,
                           unsigned depth) {
  unsigned index = ++r->attachments;
  char place[48];
  snprintf(place, sizeof place, "attachment %u", index);
  char *name = string_prop(storage, PID_ATTACH_LONG_NAME);
  if (!name) name = string_prop(storage, PID_ATTACH_FILENAME);
  char object[32];
  snprintf(object, sizeof object, "__substg1.0_%04X%04X", PID_ATTACH_DATA, TYPE_OBJECT);
  GsfInput *embedded = gsf_infile_child_by_name(storage, object);
  if (embedded && GSF_IS_INFILE(embedded)) {
    GMimeMessage *inner = depth + 1 < BS_LIMIT_DEPTH
                              ? render(r, GSF_INFILE(embedded), PROPS_HEADER_EMBEDDED, depth + 1)
                              : NULL;
    if (inner) {
      GMimeMessagePart *part = g_mime_message_part_new_with_message("rfc822", inner);
      g_mime_multipart_add(mixed, GMIME_OBJECT(part));
      g_object_unref(part);
      g_object_unref(inner);
    } else if (r->sink->unexamined) {
      r->sink->unexamined(place, "embedded message nested deeper than the limit", r->sink->ctx);
    }
  } else {
    char stream[32];
    size_t len;
    snprintf(stream, sizeof stream, "__substg1.0_%04X%04X", PID_ATTACH_DATA, TYPE_BINARY);
    char *data = read_child(storage, stream, &len);
    if (data) {
      GMimePart *part = g_mime_part_new_with_type("application", "octet-stream");
      if (name) g_mime_part_set_filename(part, name);
      GMimeStream *bytes = g_mime_stream_mem_new_with_buffer(data, len);
      GMimeDataWrapper *content =
          g_mime_data_wrapper_new_with_stream(bytes, GMIME_CONTENT_ENCODING_DEFAULT);
      g_mime_part_set_content(part, content);
      g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
      g_mime_multipart_add(mixed, GMIME_OBJECT(part));
      g_object_unref(content);
      g_object_unref(bytes);
      g_object_unref(part);
      g_free(data);
    } else if (r->sink->diagnostic) {
      r->sink->diagnostic(place, "attachment without readable data", r->sink->ctx);
    }
  }
  if (embedded) g_object_unref(embedded);
  g_free(name);
}

/* The message kept in storage dir, with its attachments. */
static GMimeMessage *render(msg_reader *r, GsfInfile *dir, size_t header, unsigned depth) {
  GMimeMessage *message = g_mime_message_new(TRUE);
  char *smtp = string_prop(dir, PID_SENDER_SMTP);
  set_header(
      message, "From",
      address(string_prop(dir, PID_SENDER_NAME), smtp ? smtp : string_prop(dir, PID_SENDER_EMAIL)));
  /* Recipients with their addresses when the storages are there, else the display
   * lists (names only). */
  GString *to = g_string_new(NULL);
  int children = gsf_infile_num_children(dir);
  for (int i = 0; i < children && i < (int)BS_LIMIT_MIME_PARTS; i++) {
    if (!has_prefix(gsf_infile_name_by_index(dir, i), "__recip_version1.0_")) continue;
    GsfInput *child = gsf_infile_child_by_index(dir, i);
    if (child && GSF_IS_INFILE(child)) {
      char *email = string_prop(GSF_INFILE(child), PID_SMTP_ADDRESS);
      if (!email) email = string_prop(GSF_INFILE(child), PID_EMAIL_ADDRESS);
      char *one = address(string_prop(GSF_INFILE(child), PID_DISPLAY_NAME), email);
      if (one) g_string_append_printf(to, "%s%s", to->len ? ", " : "", one);
      g_free(one);
    }
    if (child) g_object_unref(child);
  }
  set_header(message, "To", to->len ? g_strdup(to->str) : string_prop(dir, PID_DISPLAY_TO));
  g_string_free(to, TRUE);
  set_header(message, "Cc", string_prop(dir, PID_DISPLAY_CC));
  set_header(message, "Bcc", string_prop(dir, PID_DISPLAY_BCC));
  char *subject = string_prop(dir, PID_SUBJECT);
  if (subject) g_mime_message_set_subject(message, subject, "utf-8");
  g_free(subject);
  GDateTime *date = time_prop(dir, PID_CLIENT_SUBMIT, header);
  if (!date) date = time_prop(dir, PID_MESSAGE_DELIVERY, header);
  if (date) {
    g_mime_message_set_date(message, date);
    g_date_time_unref(date);
  }
  GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
  char *body = string_prop(dir, PID_BODY);
  if (body) {
    GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
    g_mime_text_part_set_text(part, body);
    g_mime_multipart_add(mixed, GMIME_OBJECT(part));
    g_object_unref(part);
    g_free(body);
  }
  char html_name[32];
  size_t html_len;
  snprintf(html_name, sizeof html_name, "__substg1.0_%04X%04X", PID_BODY_HTML, TYPE_BINARY);
  char *html = read_child(dir, html_name, &html_len);
  if (html) {
    GMimeTextPart *part = g_mime_text_part_new_with_subtype("html");
    GMimeStream *bytes = g_mime_stream_mem_new_with_buffer(html, html_len);
    GMimeDataWrapper *content =
        g_mime_data_wrapper_new_with_stream(bytes, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(GMIME_PART(part), content);
    g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_BASE64);
    g_mime_multipart_add(mixed, GMIME_OBJECT(part));
    g_object_unref(content);
    g_object_unref(bytes);
    g_object_unref(part);
    g_free(html);
  }
  for (int i = 0; i < children && r->attachments < BS_LIMIT_MIME_PARTS; i++) {
    if (!has_prefix(gsf_infile_name_by_index(dir, i), "__attach_version1.0_")) continue;
    GsfInput *child = gsf_infile_child_by_index(dir, i);
    if (child && GSF_IS_INFILE(child)) add_attachment(r, mixed, GSF_INFILE(child), depth);
    if (child) g_object_unref(child);
  }
  g_mime_message_set_mime_part(message, GMIME_OBJECT(mixed));
  g_object_unref(mixed);
  return message;
}

bs_status bs_read_msg(GsfInfile *root, const bs_source *src, const bs_unit_sink *sink) {
  msg_reader r = {.sink = sink};
  GMimeMessage *message = render(&r, root, PROPS_HEADER_TOP, 0);
  GMimeStream *out = g_mime_stream_mem_new();
  ssize_t written = g_mime_object_write_to_stream(GMIME_OBJECT(message), NULL, out);
  GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
  bs_status status = BS_EFORMAT;
  if (written >= 0) {
    bs_source rendered = {.name = src->name, .data = (const char *)bytes->data, .len = bytes->len};
    status = bs_read_eml(&rendered, sink);
  } else if (sink->diagnostic) {
    sink->diagnostic("byte 0", "Outlook message could not be rendered", sink->ctx);
  }
  g_object_unref(out);
  g_object_unref(message);
  return status;
}
