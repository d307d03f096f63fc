/* Format recognition (by extension, then by content) and dispatch to the readers. */
#include "extract/format.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const format_names[] = {
#define BS_FORMAT_NAME(id, name) name,
    BS_FORMATS(BS_FORMAT_NAME)
#undef BS_FORMAT_NAME
};

const char *bs_format_name(bs_format format) {
  return format < BS_FMT_COUNT ? format_names[format] : "?";
}

static const char *extension(const char *name) {
  const char *slash = strrchr(name, '/');
  const char *dot = strrchr(slash ? slash : name, '.');
  return dot ? dot + 1 : "";
}

/* Counts of a delimiter on the first lines of a table are equal and non-zero. Quoted
 * parts are skipped so that "Smith, John" inside quotes does not count. */
static int consistent_columns(const char *text, size_t len, char delimiter, int *columns) {
  enum { LINES = 10 };
  int counts[LINES], lines = 0, count = 0, quoted = 0;
  for (size_t i = 0; i < len && lines < LINES; i++) {
    char c = text[i];
    if (c == '"')
      quoted = !quoted;
    else if (!quoted && c == delimiter)
      count++;
    else if (!quoted && c == '\n') {
      counts[lines++] = count;
      count = 0;
    }
  }
  if (lines < LINES && count) counts[lines++] = count;
  if (lines < 2 || counts[0] == 0) return 0;
  for (int i = 1; i < lines; i++)
    if (counts[i] != counts[0]) return 0;
  *columns = counts[0];
  return 1;
}

static char best_delimiter(const char *text, size_t len, int need_two) {
  static const char candidates[] = {'\t', ',', ';', '|'};
  char best = 0;
  int best_columns = 0;
  for (size_t i = 0; i < sizeof candidates; i++) {
    int columns;
    if (consistent_columns(text, len, candidates[i], &columns) && columns > best_columns) {
      best = candidates[i];
      best_columns = columns;
    }
  }
  return best_columns >= (need_two ? 2 : 1) ? best : 0;
}

static const char *skip_space(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) p++;
  return p;
}

int bs_json_first_line_whole(const char *text, size_t len) {
  int depth = 0, in_string = 0, seen = 0;
  for (size_t i = 0; i < len && text[i] != '\n'; i++) {
    char c = text[i];
    if (in_string) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_string = 0;
    } else if (c == '"') {
      in_string = 1;
    } else if (c == '{' || c == '[') {
      depth++;
      seen = 1;
    } else if (c == '}' || c == ']') {
      depth--;
    }
  }
  return seen && depth == 0;
}

bs_format bs_sniff(char *delimiter, const char *name, const char *text, size_t len) {
  const char *ext = extension(name);
  *delimiter = ',';
  if (len == 0) return BS_FMT_EMPTY;
  bs_format health = bs_sniff_health(text, len);
  if (health != BS_FMT_TEXT) return health;
  if (!strcasecmp(ext, "ndjson") || !strcasecmp(ext, "jsonl")) return BS_FMT_NDJSON;
  if (!strcasecmp(ext, "json")) return BS_FMT_JSON;
  if (!strcasecmp(ext, "tsv") || !strcasecmp(ext, "tab")) {
    *delimiter = '\t';
    return BS_FMT_CSV;
  }
  if (!strcasecmp(ext, "csv")) {
    char found = best_delimiter(text, len, 0);
    *delimiter = found ? found : ',';
    return BS_FMT_CSV;
  }
  const char *end = text + len, *first = skip_space(text, end);
  if (first < end && (*first == '{' || *first == '[')) {
    /* Several lines each a whole object is NDJSON; otherwise one document (pretty-printed
     * JSON also has lines starting with '{'). */
    const char *nl = memchr(first, '\n', (size_t)(end - first));
    const char *next = nl ? skip_space(nl, end) : end;
    return *first == '{' && next < end && *next == '{' &&
                   bs_json_first_line_whole(first, (size_t)(end - first))
               ? BS_FMT_NDJSON
               : BS_FMT_JSON;
  }
  /* An unnamed table: at least three columns, equally many on the first lines. */
  char found = best_delimiter(text, len, 1);
  if (found) {
    *delimiter = found;
    return BS_FMT_CSV;
  }
  return BS_FMT_TEXT;
}

static int starts_with(const char *data, size_t len, const char *magic, size_t magic_len) {
  return len >= magic_len && memcmp(data, magic, magic_len) == 0;
}

/* 1 when the n bytes are all digits of the base (8 or 16). */
static int digits_only(const char *data, size_t n, int base) {
  for (size_t i = 0; i < n; i++) {
    char c = data[i];
    int ok = base == 8 ? c >= '0' && c <= '7' : isxdigit((unsigned char)c);
    if (!ok) return 0;
  }
  return 1;
}

/* Magic numbers of the containers libarchive reads. A zip is told apart from an Office
 * document by its members, in the archive reader. */
static int is_archive(const char *data, size_t len) {
  static const struct {
    const char *magic;
    size_t len;
  } magics[] = {
      {"PK\x03\x04", 4},   /* zip, and the Office formats built on it */
      {"PK\x05\x06", 4},   /* empty zip */
      {"PK\x07\x08", 4},   /* spanned zip */
      {"\x1f\x8b\x08", 3}, /* gzip, deflate */
      {"\xfd"
       "7zXZ\x00",
       6},                       /* xz */
      {"\x28\xb5\x2f\xfd", 4},   /* zstd */
      {"7z\xbc\xaf\x27\x1c", 6}, /* 7-Zip */
      {"Rar!\x1a\x07", 6},       /* RAR 4 and 5 */
      {"MSCF\0\0\0\0", 8},       /* cab */
      {"!<arch>\n", 8},          /* ar */
  };
  for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
    if (starts_with(data, len, magics[i].magic, magics[i].len)) return 1;
  /* bzip2: "BZh", the block size digit, then the block magic */
  if (len >= 10 && starts_with(data, len, "BZh", 3) && data[3] >= '1' && data[3] <= '9' &&
      memcmp(data + 4, "1AY&SY", 6) == 0)
    return 1;
  /* cpio in its portable forms: "070707" and a header of octal digits (odc, 76 bytes),
   * or "070701"/"070702" and one of hex digits (newc, 110 bytes). The old binary form
   * has a two-byte magic only, too weak to tell it from other binary files. */
  if (starts_with(data, len, "070707", 6) && len >= 76 && digits_only(data, 76, 8)) return 1;
  if ((starts_with(data, len, "070701", 6) || starts_with(data, len, "070702", 6)) && len >= 110 &&
      digits_only(data + 6, 104, 16))
    return 1;
  /* tar: "ustar" at 257 */
  return len >= 262 && memcmp(data + 257, "ustar", 5) == 0;
}

/* The first bytes of a file as ASCII: a UTF-8 BOM dropped, UTF-16 (by its BOM) taken
 * one code unit per byte, so that markup is recognised in any of them. OUT: out. */
static size_t head_ascii(char *out, size_t cap, const char *data, size_t len) {
  size_t n = 0, at = 0, step = 1, offset = 0;
  if (starts_with(data, len, "\xEF\xBB\xBF", 3)) {
    at = 3;
  } else if (starts_with(data, len, "\xFF\xFE", 2) || starts_with(data, len, "\xFE\xFF", 2)) {
    at = 2;
    step = 2;
    offset = (unsigned char)data[0] == 0xFE;
  }
  for (; at + offset < len && n < cap; at += step) out[n++] = data[at + offset];
  return n;
}

static int has_prefix_ci(const char *text, size_t len, const char *prefix) {
  size_t plen = strlen(prefix);
  return len >= plen && strncasecmp(text, prefix, plen) == 0;
}

/* Past white space, comments and processing instructions (the XML declaration). */
static size_t skip_prolog(const char *head, size_t n) {
  size_t i = 0;
  for (;;) {
    while (i < n && strchr(" \t\r\n", head[i]) && head[i]) i++;
    const char *close = NULL;
    if (has_prefix_ci(head + i, n - i, "<?"))
      close = memmem(head + i, n - i, "?>", 2);
    else if (has_prefix_ci(head + i, n - i, "<!--"))
      close = memmem(head + i, n - i, "-->", 3);
    if (!close) return i;
    i = (size_t)(close - head) + (head[i + 1] == '?' ? 2 : 3);
  }
}

/* HTML: a doctype or an html (or head, body) element first, or a .htm/.html name with
 * markup first. XML: a declaration or any other element first. */
static bs_format markup_format(const char *name, const char *head, size_t n) {
  size_t i = skip_prolog(head, n);
  const char *ext = extension(name);
  static const char *const html_starts[] = {"<!doctype html", "<html",  "<head", "<body",
                                            "<meta",          "<title", "<table"};
  for (size_t k = 0; k < sizeof html_starts / sizeof html_starts[0]; k++)
    if (has_prefix_ci(head + i, n - i, html_starts[k])) return BS_FMT_HTML;
  int markup = i < n && head[i] == '<';
  if (markup && (!strcasecmp(ext, "html") || !strcasecmp(ext, "htm") || !strcasecmp(ext, "xhtml")))
    return BS_FMT_HTML;
  if (has_prefix_ci(head, n, "<?xml")) return BS_FMT_XML;
  if (markup && i + 1 < n &&
      (isalpha((unsigned char)head[i + 1]) || head[i + 1] == '_' ||
       has_prefix_ci(head + i, n - i, "<!DOCTYPE")))
    return BS_FMT_XML;
  return BS_FMT_TEXT;
}

/* SQL dumps: a dump tool's header, or a first statement that creates or fills a table;
 * the .sql extension decides only for text that is no other format. */
static int is_sql(const char *name, const char *head, size_t n) {
  static const char *const headers[] = {
      "-- MySQL dump",          "-- MariaDB dump",
      "-- phpMyAdmin SQL Dump", "-- PostgreSQL database dump",
      "PRAGMA foreign_keys",    "BEGIN TRANSACTION;\nCREATE TABLE"};
  for (size_t k = 0; k < sizeof headers / sizeof headers[0]; k++)
    if (memmem(head, n, headers[k], strlen(headers[k]))) return 1;
  size_t i = 0;
  while (i < n && strchr(" \t\r\n", head[i]) && head[i]) i++;
  static const char *const starts[] = {"INSERT INTO ", "CREATE TABLE ", "DROP TABLE IF EXISTS "};
  for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++)
    if (has_prefix_ci(head + i, n - i, starts[k])) return 1;
  return !strcasecmp(extension(name), "sql") && memchr(head, '\0', n) == NULL;
}

bs_format bs_sniff_bytes(const char *name, const char *data, size_t len) {
  if (is_archive(data, len)) return BS_FMT_ARCHIVE;
  bs_format mail = bs_sniff_mail(name, data, len);
  if (mail != BS_FMT_TEXT) return mail;
  if (memmem(data, len < 1024 ? len : 1024, "%PDF-", 5)) return BS_FMT_PDF;
  char head[4096];
  size_t n = head_ascii(head, sizeof head, data, len);
  if (has_prefix_ci(head, n, "{\\rtf")) return BS_FMT_RTF;
  /* Healthcare formats (a CDA document is XML, an HL7 feed may look like SQL) are read
   * from decoded text by their own readers: bs_sniff. */
  if (bs_sniff_health(head, n) != BS_FMT_TEXT) return BS_FMT_TEXT;
  bs_format markup = markup_format(name, head, n);
  if (markup != BS_FMT_TEXT) return markup;
  if (is_sql(name, head, n)) return BS_FMT_SQL;
  return BS_FMT_TEXT;
}

bs_status bs_extract(bs_format format, char delimiter, const char *text, size_t len,
                     const bs_unit_sink *sink) {
  switch (format) {
  case BS_FMT_TEXT: return bs_extract_text(text, len, sink);
  case BS_FMT_CSV: return bs_extract_csv(text, len, delimiter, sink);
  case BS_FMT_JSON: return bs_extract_json(text, len, sink);
  case BS_FMT_NDJSON: return bs_extract_ndjson(text, len, sink);
  case BS_FMT_HL7: return bs_extract_hl7(text, len, sink);
  case BS_FMT_X12: return bs_extract_x12(text, len, sink);
  case BS_FMT_FHIR: return bs_extract_fhir(text, len, sink);
  case BS_FMT_FHIR_NDJSON: return bs_extract_fhir_ndjson(text, len, sink);
  case BS_FMT_CDA: return bs_extract_cda(text, len, sink);
  case BS_FMT_EMPTY: return BS_OK;
  default: break;
  }
  return BS_EFORMAT;
}
