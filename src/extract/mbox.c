/* Mailboxes in mbox form (RFC 4155): messages one after another, each after a line
 * "From <sender> <date>". A new message starts at such a line at the start of the
 * file or after a blank line; every message goes to sink->member as
 * "N Subject (YYYY-MM-DD).eml" (N from 1), which the scan reads as an email of its
 * own. Lines quoted as ">From " (mboxrd, mboxo) are left quoted: the text read is the
 * same but for one '>'.
 *
 * Thread safety: as eml.c (GMime parses each header block with its own parser). */
#include <glib.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "extract/libinit.h"
#include "extract/mail.h"

/* Bytes of a message's header block read for its name. */
#define NAME_HEADER_BYTES ((size_t)64 << 10)

/* Start of the next "From " line that follows a blank line, at or after `from`; len
 * when none. */
static size_t next_separator(const char *data, size_t len, size_t from) {
  while (from < len) {
    const char *hit = memmem(data + from, len - from, "\nFrom ", 6);
    if (!hit) return len;
    size_t at = (size_t)(hit - data) + 1; /* the 'F' */
    if ((at >= 2 && data[at - 2] == '\n') ||
        (at >= 3 && data[at - 2] == '\r' && data[at - 3] == '\n'))
      return at;
    from = at;
  }
  return len;
}

/* The end of the header block of message[0..len): the first blank line. */
static size_t header_end(const char *message, size_t len) {
  size_t limit = len < NAME_HEADER_BYTES ? len : NAME_HEADER_BYTES;
  const char *blank = memmem(message, limit, "\n\n", 2);
  const char *crlf = memmem(message, limit, "\r\n\r\n", 4);
  if (crlf && (!blank || crlf < blank)) return (size_t)(crlf - message) + 2;
  return blank ? (size_t)(blank - message) + 1 : limit;
}

/* Names message number n by its Subject and Date. OUT: name, *mtime. */
static void message_name(char *name, size_t cap, int64_t *mtime, unsigned n, const char *message,
                         size_t len) {
  char prefix[24];
  snprintf(prefix, sizeof prefix, "%u ", n);
  *mtime = 0;
  GMimeParserOptions *options = g_mime_parser_options_new();
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer(message, header_end(message, len));
  GMimeParser *parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage *parsed = g_mime_parser_construct_message(parser, options);
  const char *subject = parsed ? g_mime_message_get_subject(parsed) : NULL;
  GDateTime *date = parsed ? g_mime_message_get_date(parsed) : NULL;
  int ymd = 0;
  if (date) {
    int year, month, day;
    g_date_time_get_ymd(date, &year, &month, &day);
    if (year > 0 && year < 10000) ymd = year * 10000 + month * 100 + day;
    *mtime = g_date_time_to_unix(date);
  }
  bs_mail_message_name(name, cap, prefix, subject, ymd, ".eml");
  if (parsed) g_object_unref(parsed);
  g_object_unref(parser);
  g_object_unref(stream);
  g_mime_parser_options_free(options);
}

bs_status bs_read_mbox(const bs_source *src, const bs_unit_sink *sink) {
  bs_libinit();
  const char *data = src->data;
  size_t len = src->len;
  unsigned n = 0;
  /* Named .mbox without the first "From " line: the text up to the first separator is
   * a message all the same. */
  int headless = len < 5 || memcmp(data, "From ", 5) != 0;
  if (headless && sink->diagnostic)
    sink->diagnostic("byte 0", "mailbox without a From line at the start", sink->ctx);
  size_t start = 0;
  while (start < len) {
    size_t body = 0; /* the message after its "From " line */
    if (!headless || n > 0) {
      const char *nl = memchr(data + start, '\n', len - start);
      body = nl ? (size_t)(nl - data) + 1 : len;
    }
    size_t next = next_separator(data, len, body);
    size_t end = next;
    /* the blank line before the next "From " separates, it is not the message's */
    if (end < len && end > body && data[end - 1] == '\n') end--;
    if (end < len && end > body && data[end - 1] == '\r') end--;
    char place[32];
    snprintf(place, sizeof place, "message %u", n + 1);
    if (++n > BS_LIMIT_MEMBERS) {
      if (sink->diagnostic)
        sink->diagnostic(place, "more messages than the member limit: the rest not read",
                         sink->ctx);
      return BS_ELIMIT;
    }
    if (sink->member) {
      char name[256];
      bs_member m = {.name = name, .data = data + body, .len = end - body};
      message_name(name, sizeof name, &m.mtime, n, m.data, m.len);
      if (m.len > BS_LIMIT_MEMBER_BYTES) {
        m.data = NULL;
        m.not_examined = "larger than the member size limit";
      }
      bs_status status = sink->member(&m, sink->ctx);
      if (status != BS_OK) return status;
    }
    start = next;
  }
  return BS_OK;
}
