/* Containers with libarchive (see archive.h). The container is in memory; each entry is
 * read whole into a buffer (bounded by the member limit) and handed to the sink, which
 * scans it as a file of its own. Entries that cannot be read (encrypted, too large, a
 * decompression bomb, damaged) are still handed over, with the reason, so that the
 * case lists them. */
#include "extract/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "extract/ooxml.h"
#include "extract/zipdoc.h"

#define CHUNK ((size_t)1 << 16)

/* Compression filters without an archive format inside: libarchive's raw format
 * gives their content as one entry. */
static int is_compressed_stream(const char *d, size_t n) {
  return (n >= 2 && (unsigned char)d[0] == 0x1f && (unsigned char)d[1] == 0x8b) ||
         (n >= 3 && memcmp(d, "BZh", 3) == 0) ||
         (n >= 6 && memcmp(d,
                           "\xfd"
                           "7zXZ\0",
                           6) == 0) ||
         (n >= 4 && memcmp(d, "\x28\xb5\x2f\xfd", 4) == 0);
}

static struct archive *open_archive(const bs_source *src) {
  struct archive *a = archive_read_new();
  if (!a) return NULL;
  archive_read_support_filter_all(a);
  archive_read_support_format_all(a);
  if (is_compressed_stream(src->data, src->len)) archive_read_support_format_raw(a);
  if (archive_read_open_memory(a, src->data, src->len) != ARCHIVE_OK) {
    archive_read_free(a);
    return NULL;
  }
  return a;
}

/* The name of the one entry of a compressed stream: the file's own name without its
 * compression suffix ("visits.csv.gz" -> "visits.csv"). */
static void stream_name(char *out, size_t cap, const char *path) {
  const char *slash = strrchr(path, '/'), *bang = strrchr(path, '!');
  const char *base = slash && (!bang || slash > bang) ? slash + 1 : bang ? bang + 1 : path;
  snprintf(out, cap, "%s", *base ? base : "data");
  char *dot = strrchr(out, '.');
  if (!dot || dot == out) return;
  if (!strcasecmp(dot, ".tgz") || !strcasecmp(dot, ".tbz2") || !strcasecmp(dot, ".txz"))
    snprintf(dot, cap - (size_t)(dot - out), ".tar");
  else if (!strcasecmp(dot, ".gz") || !strcasecmp(dot, ".bz2") || !strcasecmp(dot, ".xz") ||
           !strcasecmp(dot, ".zst") || !strcasecmp(dot, ".z"))
    *dot = '\0';
}

/* An entry's path made safe to show: no leading "./" or "/", no control characters,
 * never empty. */
static void clean_name(char *out, size_t cap, const char *name, unsigned index) {
  while (name && (name[0] == '/' || (name[0] == '.' && name[1] == '/')))
    name += name[0] == '/' ? 1 : 2;
  if (!name || !*name) {
    snprintf(out, cap, "entry-%u", index);
    return;
  }
  size_t n = 0;
  for (; *name && n + 1 < cap; name++)
    out[n++] = (unsigned char)*name < 0x20 || *name == 0x7f ? '_' : *name;
  out[n] = '\0';
}

typedef struct archive_reader {
  const bs_source *src;     /* the container */
  const bs_unit_sink *sink; /* where entries go */
  struct archive *archive;  /* open on src */
  bs_buf data;              /* the current entry's bytes */
  uint64_t expanded;        /* bytes of all entries so far */
} archive_reader;

static int over_ratio(const archive_reader *r, uint64_t bytes) {
  return bytes > BS_LIMIT_RATIO_FLOOR && bytes / (r->src->len + 1) > BS_LIMIT_RATIO;
}

/* Reads the current entry into r->data. OUT: *why, the reason it could not be read. */
static bs_status read_entry(archive_reader *r, struct archive_entry *entry, const char **why) {
  bs_buf_reset(&r->data);
  *why = NULL;
  if (archive_entry_size_is_set(entry) &&
      (uint64_t)archive_entry_size(entry) > BS_LIMIT_MEMBER_BYTES) {
    *why = "larger than the member size limit";
    return BS_OK;
  }
  for (;;) {
    bs_status room = bs_buf_reserve(&r->data, CHUNK);
    if (room == BS_ELIMIT) {
      *why = "larger than the member size limit";
      return BS_OK;
    }
    if (room != BS_OK) return room;
    la_ssize_t n = archive_read_data(r->archive, r->data.data + r->data.len, CHUNK);
    if (n == 0) return BS_OK;
    if (n < 0) {
      *why =
          archive_entry_is_data_encrypted(entry) ? "encrypted" : "damaged: could not be unpacked";
      return BS_OK;
    }
    r->data.len += (size_t)n;
    r->data.data[r->data.len] = '\0';
    r->expanded += (uint64_t)n;
    if (over_ratio(r, r->data.len) || over_ratio(r, r->expanded)) {
      *why = "expands over the compression ratio limit: taken for a decompression bomb";
      return BS_ELIMIT;
    }
  }
}

/* Files embedded in an Office document (a spreadsheet in a letter, an object in a
 * slide) are members: they hold data of their own. */
typedef struct embedded {
  const bs_unit_sink *sink; /* where members go */
  bs_buf data;              /* the part being read */
  int too_big;              /* the part passed the member limit: listed, not read */
} embedded;

static int want_embedded(const char *part, void *ctx) {
  (void)ctx;
  return strstr(part, "/embeddings/") != NULL || !strncmp(part, "Object ", 7);
}

static bs_status on_embedded(const char *part, const char *data, size_t len, int last, void *ctx) {
  embedded *e = ctx;
  if (!e->too_big) {
    bs_status status = bs_buf_append(&e->data, data, len);
    if (status == BS_ELIMIT)
      e->too_big = 1; /* the rest of the part is skipped; it is listed below */
    else if (status != BS_OK)
      return status;
  }
  if (!last) return BS_OK;
  const char *why = e->too_big ? "larger than the member size limit" : NULL;
  bs_member m = {.name = part,
                 .data = why ? NULL : (e->data.data ? e->data.data : ""),
                 .len = e->data.len,
                 .not_examined = why};
  bs_status status = e->sink->member ? e->sink->member(&m, e->sink->ctx) : BS_OK;
  bs_buf_reset(&e->data);
  e->too_big = 0;
  return status;
}

static bs_status read_office(bs_format format, const bs_source *src, const bs_unit_sink *sink) {
  bs_status status;
  switch (format) {
  case BS_FMT_XLSX: status = bs_read_xlsx(src, sink); break;
  case BS_FMT_DOCX: status = bs_read_docx(src, sink); break;
  case BS_FMT_PPTX: status = bs_read_pptx(src, sink); break;
  default: status = bs_read_odf(format, src, sink); break;
  }
  if (status != BS_OK) return status;
  embedded e = {.sink = sink};
  bs_buf_init(&e.data, BS_LIMIT_MEMBER_BYTES);
  status = bs_zipdoc_each(src, want_embedded, on_embedded, &e);
  bs_buf_free(&e.data);
  return status;
}

bs_status bs_read_archive(bs_format *format, const bs_source *src, const bs_unit_sink *sink) {
  *format = BS_FMT_ARCHIVE;
  if (src->len >= 2 && src->data[0] == 'P' && src->data[1] == 'K') {
    int encrypted;
    *format = bs_zipdoc_kind(src, &encrypted);
    if (encrypted) {
      if (sink->unexamined) sink->unexamined(NULL, "encrypted", sink->ctx);
      return BS_OK;
    }
    if (*format != BS_FMT_ARCHIVE) return read_office(*format, src, sink);
  }
  archive_reader r = {.src = src, .sink = sink};
  r.archive = open_archive(src);
  if (!r.archive) {
    sink->diagnostic("byte 0", "not a readable archive", sink->ctx);
    return BS_EFORMAT;
  }
  bs_buf_init(&r.data, BS_LIMIT_MEMBER_BYTES);
  bs_status status = BS_OK;
  unsigned index = 0;
  char name[4096], place[32];
  for (;;) {
    struct archive_entry *entry;
    int rc = archive_read_next_header(r.archive, &entry);
    if (rc == ARCHIVE_EOF) break;
    snprintf(place, sizeof place, "entry %u", index + 1);
    if (rc < ARCHIVE_WARN) {
      if (archive_read_has_encrypted_entries(r.archive) > 0 && sink->unexamined)
        sink->unexamined(index ? place : NULL, "encrypted", sink->ctx);
      else
        sink->diagnostic(place, "archive damaged: the rest could not be read", sink->ctx);
      break;
    }
    if (++index > BS_LIMIT_MEMBERS) {
      sink->diagnostic(place, "more members than the limit: the rest not read", sink->ctx);
      status = BS_ELIMIT;
      break;
    }
    mode_t type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    if (archive_format(r.archive) == ARCHIVE_FORMAT_RAW &&
        archive_filter_code(r.archive, 0) == ARCHIVE_FILTER_NONE) {
      /* The magic said compressed, but no decompressor took it. */
      sink->diagnostic("byte 0", "not a readable compressed stream", sink->ctx);
      status = BS_EFORMAT;
      break;
    }
    if (archive_format(r.archive) == ARCHIVE_FORMAT_RAW)
      stream_name(name, sizeof name, src->name);
    else {
      const char *entry_name = archive_entry_pathname_utf8(entry);
      clean_name(name, sizeof name, entry_name ? entry_name : archive_entry_pathname(entry), index);
    }
    bs_member m = {.name = name,
                   .mtime =
                       archive_entry_mtime_is_set(entry) ? (int64_t)archive_entry_mtime(entry) : 0};
    bs_status read = BS_OK;
    if (type != AE_IFREG)
      m.not_examined = "a link or special file, not followed";
    else if (archive_entry_is_encrypted(entry))
      m.not_examined = "encrypted";
    else
      read = read_entry(&r, entry, &m.not_examined);
    if (read != BS_OK && read != BS_ELIMIT) {
      status = read;
      break;
    }
    if (m.not_examined) {
      m.len = archive_entry_size_is_set(entry) ? (size_t)archive_entry_size(entry) : 0;
    } else {
      m.data = r.data.data ? r.data.data : "";
      m.len = r.data.len;
    }
    if (sink->member) status = sink->member(&m, sink->ctx);
    if (status == BS_OK && read != BS_OK) {
      sink->diagnostic(place, "decompression bomb: the rest of the archive not read", sink->ctx);
      status = read;
    }
    if (status != BS_OK) break;
  }
  bs_buf_free(&r.data);
  archive_read_free(r.archive);
  return status;
}
