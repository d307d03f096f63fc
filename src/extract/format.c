/* Format recognition (by extension, then by content) and dispatch to the readers. */
#include "extract/format.h"

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
    /* Several lines each starting with '{' is NDJSON; otherwise one document. */
    const char *nl = memchr(first, '\n', (size_t)(end - first));
    const char *next = nl ? skip_space(nl, end) : end;
    return *first == '{' && next < end && *next == '{' ? BS_FMT_NDJSON : BS_FMT_JSON;
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
  /* tar: "ustar" at 257 */
  return len >= 262 && memcmp(data + 257, "ustar", 5) == 0;
}

bs_format bs_sniff_bytes(const char *name, const char *data, size_t len) {
  if (is_archive(data, len)) return BS_FMT_ARCHIVE;
  return bs_sniff_mail(name, data, len);
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
