/* Parts of zip-packaged Office documents (see zipdoc.h). */
#include "extract/zipdoc.h"

#include <archive.h>
#include <archive_entry.h>
#include <string.h>

#include "base/alloc.h"

#define CHUNK ((size_t)1 << 16)

static struct archive *open_zip(const bs_source *src) {
  struct archive *a = archive_read_new();
  if (!a) return NULL;
  archive_read_support_format_zip(a);
  if (archive_read_open_memory(a, src->data, src->len) != ARCHIVE_OK) {
    archive_read_free(a);
    return NULL;
  }
  return a;
}

static const char *entry_name(struct archive_entry *entry) {
  const char *name = archive_entry_pathname_utf8(entry);
  return name ? name : archive_entry_pathname(entry);
}

/* OpenDocument names its kind in a "mimetype" part; OOXML by its main parts. */
bs_format bs_zipdoc_kind(const bs_source *src, int *encrypted) {
  *encrypted = 0;
  struct archive *a = open_zip(src);
  if (!a) return BS_FMT_ARCHIVE;
  int content_types = 0;
  bs_format ooxml = BS_FMT_ARCHIVE, odf = BS_FMT_ARCHIVE;
  struct archive_entry *entry;
  while (archive_read_next_header(a, &entry) >= ARCHIVE_WARN) {
    const char *name = entry_name(entry);
    if (!name) continue;
    if (!strcmp(name, "[Content_Types].xml"))
      content_types = 1;
    else if (!strcmp(name, "xl/workbook.xml"))
      ooxml = BS_FMT_XLSX;
    else if (!strcmp(name, "word/document.xml"))
      ooxml = BS_FMT_DOCX;
    else if (!strcmp(name, "ppt/presentation.xml"))
      ooxml = BS_FMT_PPTX;
    else if (!strcmp(name, "mimetype") || !strcmp(name, "META-INF/manifest.xml")) {
      char buf[4096];
      la_ssize_t n = archive_read_data(a, buf, sizeof buf - 1);
      buf[n > 0 ? n : 0] = '\0';
      if (name[0] == 'm') {
        static const char prefix[] = "application/vnd.oasis.opendocument.";
        if (!strncmp(buf, prefix, sizeof prefix - 1)) {
          const char *kind = buf + sizeof prefix - 1;
          if (!strncmp(kind, "spreadsheet", 11))
            odf = BS_FMT_ODS;
          else if (!strncmp(kind, "text", 4))
            odf = BS_FMT_ODT;
          else if (!strncmp(kind, "presentation", 12))
            odf = BS_FMT_ODP;
        }
      } else if (strstr(buf, "encryption-data")) {
        *encrypted = 1; /* the manifest lists how each part was encrypted */
      }
    }
  }
  archive_read_free(a);
  if (odf != BS_FMT_ARCHIVE) return odf;
  return content_types ? ooxml : BS_FMT_ARCHIVE;
}

bs_status bs_zipdoc_each(const bs_source *src, int (*want)(const char *part, void *ctx),
                         bs_zipdoc_chunk_fn fn, void *ctx) {
  struct archive *a = open_zip(src);
  if (!a) return BS_EFORMAT;
  bs_status status = BS_OK;
  char *chunk = NULL;
  struct archive_entry *entry;
  int rc;
  while (status == BS_OK && (rc = archive_read_next_header(a, &entry)) != ARCHIVE_EOF) {
    if (rc < ARCHIVE_WARN) {
      status = BS_EFORMAT;
      break;
    }
    const char *name = entry_name(entry);
    if (!name || archive_entry_filetype(entry) != AE_IFREG || !want(name, ctx)) continue;
    if (!chunk && !(chunk = bs_malloc(CHUNK))) {
      status = BS_ENOMEM;
      break;
    }
    la_ssize_t n = 0;
    while (status == BS_OK && (n = archive_read_data(a, chunk, CHUNK)) > 0)
      status = fn(name, chunk, (size_t)n, 0, ctx);
    if (status == BS_OK && n < 0) status = BS_EFORMAT;
    if (status == BS_OK) status = fn(name, chunk, 0, 1, ctx);
  }
  bs_free(chunk);
  archive_read_free(a);
  return status;
}

bs_status bs_zipdoc_read(const bs_source *src, const char *part, bs_buf *out) {
  bs_buf_reset(out);
  struct archive *a = open_zip(src);
  if (!a) return BS_EFORMAT;
  bs_status status = BS_ENOTFOUND;
  struct archive_entry *entry;
  while (archive_read_next_header(a, &entry) >= ARCHIVE_WARN) {
    const char *name = entry_name(entry);
    if (!name || strcmp(name, part) != 0) continue;
    for (;;) {
      status = bs_buf_reserve(out, CHUNK);
      if (status != BS_OK) break;
      la_ssize_t n = archive_read_data(a, out->data + out->len, CHUNK);
      if (n <= 0) {
        if (n < 0) status = BS_EFORMAT;
        break;
      }
      out->len += (size_t)n;
      out->data[out->len] = '\0';
    }
    break;
  }
  archive_read_free(a);
  return status;
}
