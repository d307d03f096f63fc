/* Recognising email, mailboxes, Outlook stores, OLE2 compound files and Access
 * databases from their first bytes (see bs_sniff_mail in format.h). Binary formats by
 * their magic numbers first; email, which is text, by its header lines, or by its
 * extension when those are not there. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "extract/format.h"

/* Lines read from the top of a file looking for header fields. */
#define HEADER_LINES 40

static const char *extension(const char *name) {
  if (!name) return "";
  const char *slash = strrchr(name, '/'), *bang = strrchr(name, '!');
  const char *base = bang && (!slash || bang > slash) ? bang : slash ? slash : name;
  const char *dot = strrchr(base, '.');
  return dot ? dot + 1 : "";
}

/* Header fields of RFC 5322 (3.6) and RFC 2045 whose presence at the top of a file
 * says it is a message: their index in the table plus one, 0 for any other. */
static int known_field(const char *name, size_t len) {
  static const char *const fields[] = {"From",         "To",       "Cc",          "Subject",
                                       "Date",         "Received", "Return-Path", "Message-ID",
                                       "MIME-Version", "Reply-To", "Sender",      "Delivered-To"};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (strlen(fields[i]) == len && strncasecmp(fields[i], name, len) == 0) return (int)i + 1;
  return 0;
}

/* RFC 5322 2.2: a field name is printable ASCII but ':' and space, then ':'. Returns
 * the name's length, 0 when the line is no header field. */
static size_t field_name(const char *line, size_t len) {
  size_t i = 0;
  while (i < len && line[i] > 0x20 && line[i] < 0x7f && line[i] != ':') i++;
  return i > 0 && i < len && line[i] == ':' ? i : 0;
}

/* The top of the file is a header block (every line a field or a folded continuation)
 * naming at least two fields messages carry. */
static int looks_like_message(const char *data, size_t len) {
  size_t at = 0;
  int known = 0, lines = 0;
  unsigned long seen = 0;
  while (at < len && lines < HEADER_LINES) {
    const char *nl = memchr(data + at, '\n', len - at);
    size_t end = nl ? (size_t)(nl - data) : len;
    size_t line_len = end - at;
    if (line_len && data[end - 1] == '\r') line_len--;
    if (line_len == 0) break; /* the blank line that ends the header */
    const char *line = data + at;
    if (line[0] == ' ' || line[0] == '\t') {
      if (lines == 0) return 0;
    } else {
      size_t name_len = field_name(line, line_len);
      if (!name_len) return 0;
      int field = known_field(line, name_len);
      if (field && !(seen & 1ul << field)) known++; /* distinct: two Received are one */
      if (field) seen |= 1ul << field;
    }
    lines++;
    if (!nl) break;
    at = end + 1;
  }
  return known >= 2;
}

/* An mbox starts with a "From " line: the envelope sender, then a date (RFC 4155). */
static int looks_like_mbox(const char *data, size_t len) {
  if (len < 8 || memcmp(data, "From ", 5) != 0) return 0;
  const char *nl = memchr(data, '\n', len < 1024 ? len : 1024);
  if (!nl) return 0;
  int digits = 0;
  for (const char *p = data + 5; p < nl; p++) digits += isdigit((unsigned char)*p) != 0;
  return digits >= 4; /* at least a year */
}

static int has_nul(const char *data, size_t len) {
  return memchr(data, '\0', len < 4096 ? len : 4096) != NULL;
}

static int is_access_name(const char *ext) {
  static const char *const names[] = {"mdb", "accdb", "mde", "accde"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcasecmp(ext, names[i])) return 1;
  return 0;
}

bs_format bs_sniff_mail(const char *name, const char *data, size_t len) {
  /* [MS-CFB] 2.2: the compound file header signature */
  if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) return BS_FMT_OLE2;
  /* [MS-PST] 2.2.2.6: dwMagic "!BDN" */
  if (len >= 4 && memcmp(data, "!BDN", 4) == 0) return BS_FMT_PST;
  /* Jet and ACE database header: the format id at offset 4 */
  if (len >= 19 && (memcmp(data + 4, "Standard Jet DB", 15) == 0 ||
                    memcmp(data + 4, "Standard ACE DB", 15) == 0))
    return BS_FMT_MDB;
  const char *ext = extension(name);
  /* Empty or binary, yet named as an Access database: its reader says what is wrong
   * with it rather than the file passing as empty or as binary of no known kind. Text
   * so named is read as text. */
  if ((len == 0 || has_nul(data, len)) && is_access_name(ext)) return BS_FMT_MDB;
  if (len == 0 || has_nul(data, len)) return BS_FMT_TEXT;
  if (looks_like_mbox(data, len)) return BS_FMT_MBOX;
  if (looks_like_message(data, len)) return BS_FMT_EML;
  if (!strcasecmp(ext, "mbox") || !strcasecmp(ext, "mbx")) return BS_FMT_MBOX;
  if (!strcasecmp(ext, "eml")) return BS_FMT_EML;
  return BS_FMT_TEXT;
}
