/* Zip writing through libarchive (see zipout.h). */
#include "synth/zipout.h"

#include <archive.h>
#include <archive_entry.h>

#include "base/alloc.h"

struct bs_zipout {
  struct archive *archive; /* libarchive's writer */
  FILE *file;              /* where the zip goes */
  int64_t mtime;           /* of every member */
  bs_status status;        /* first error */
};

static la_ssize_t write_out(struct archive *a, void *ctx, const void *buffer, size_t len) {
  (void)a;
  bs_zipout *zip = ctx;
  return fwrite(buffer, 1, len, zip->file) == len ? (la_ssize_t)len : -1;
}

bs_status bs_zipout_create(bs_zipout **out, FILE *file, int64_t mtime) {
  *out = NULL;
  bs_zipout *zip = bs_calloc(1, sizeof *zip);
  if (!zip) return BS_ENOMEM;
  zip->file = file;
  zip->mtime = mtime;
  zip->archive = archive_write_new();
  if (!zip->archive || archive_write_set_format_zip(zip->archive) != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(zip->archive, 1) != ARCHIVE_OK ||
      archive_write_open2(zip->archive, zip, NULL, write_out, NULL, NULL) != ARCHIVE_OK) {
    if (zip->archive) archive_write_free(zip->archive);
    bs_free(zip);
    return BS_EIO;
  }
  *out = zip;
  return BS_OK;
}

static int begin(bs_zipout *zip, const char *name, int64_t size) {
  struct archive_entry *entry = archive_entry_new();
  if (!entry) return 0;
  archive_entry_set_pathname(entry, name);
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0644);
  archive_entry_set_size(entry, size);
  archive_entry_set_mtime(entry, (time_t)zip->mtime, 0);
  int ok = archive_write_header(zip->archive, entry) == ARCHIVE_OK;
  archive_entry_free(entry);
  return ok;
}

bs_status bs_zipout_add(bs_zipout *zip, const char *name, const void *data, size_t len) {
  if (zip->status != BS_OK) return zip->status;
  if (!begin(zip, name, (int64_t)len) ||
      (len && archive_write_data(zip->archive, data, len) != (la_ssize_t)len))
    zip->status = BS_EIO;
  return zip->status;
}

bs_status bs_zipout_add_file(bs_zipout *zip, const char *name, FILE *part) {
  if (zip->status != BS_OK) return zip->status;
  if (fflush(part) != 0 || fseeko(part, 0, SEEK_END) != 0) return zip->status = BS_EIO;
  off_t size = ftello(part);
  if (size < 0 || fseeko(part, 0, SEEK_SET) != 0 || !begin(zip, name, (int64_t)size))
    return zip->status = BS_EIO;
  char buffer[1 << 16];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, part)) > 0)
    if (archive_write_data(zip->archive, buffer, n) != (la_ssize_t)n) return zip->status = BS_EIO;
  if (ferror(part)) zip->status = BS_EIO;
  return zip->status;
}

bs_status bs_zipout_finish(bs_zipout *zip) {
  if (!zip) return BS_EIO;
  bs_status status = zip->status;
  if (archive_write_close(zip->archive) != ARCHIVE_OK && status == BS_OK) status = BS_EIO;
  archive_write_free(zip->archive);
  bs_free(zip);
  return status;
}
