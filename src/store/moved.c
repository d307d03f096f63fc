/* Records moved to the spill file (see moved.h): a fixed header, the blocks of its
 * findings, then its strings. The file is this process's own: no byte order or
 * versioning to care about. */
#include "store/moved.h"

#include <string.h>

#include "base/alloc.h"

enum { S_PATH, S_NOTE, S_FORMAT, S_ENCODING, S_DIAGNOSTICS, S_COUNT };
#define NO_STRING UINT32_MAX

typedef struct moved_header {
  uint64_t parent;
  int64_t size, mtime, ctime, atime;
  uint64_t findings;      /* of all blocks */
  uint64_t blocks;        /* of findings, following the header */
  uint32_t mode, status;  /* as in the record */
  uint32_t lens[S_COUNT]; /* strings following the blocks; NO_STRING for NULL */
  char sha256[65];
} moved_header;

bs_status bs_record_move_out(int fd, uint64_t *end, bs_file_record *r, uint64_t parent,
                             uint64_t *at) {
  bs_status status = bs_spill_out(&r->spilled, fd, end, &r->findings);
  if (status != BS_OK) return status;
  const char *strings[S_COUNT] = {r->path, r->note, r->format, r->encoding,
                                  r->diagnostics.data ? r->diagnostics.data : ""};
  size_t lens[S_COUNT];
  moved_header h;
  memset(&h, 0, sizeof h); /* padding too: every byte written is defined */
  h.parent = parent;
  h.size = r->size;
  h.mtime = r->mtime;
  h.ctime = r->ctime;
  h.atime = r->atime;
  h.findings = r->spilled.findings;
  h.blocks = r->spilled.count;
  h.mode = r->mode;
  h.status = (uint32_t)r->status;
  for (int i = 0; i < S_COUNT; i++) {
    lens[i] = i == S_DIAGNOSTICS ? r->diagnostics.len : strings[i] ? strlen(strings[i]) : 0;
    if (lens[i] >= NO_STRING) return BS_ELIMIT;
    h.lens[i] = strings[i] ? (uint32_t)lens[i] : NO_STRING;
  }
  memcpy(h.sha256, r->sha256, sizeof h.sha256);
  *at = *end;
  status = bs_spill_write(fd, end, &h, sizeof h);
  if (status == BS_OK && h.blocks)
    status = bs_spill_write(fd, end, r->spilled.blocks, h.blocks * sizeof *r->spilled.blocks);
  for (int i = 0; i < S_COUNT && status == BS_OK; i++)
    if (lens[i]) status = bs_spill_write(fd, end, strings[i], lens[i]);
  return status;
}

bs_status bs_record_move_in(bs_file_record *r, bs_buf *strings, int fd, uint64_t at,
                            uint64_t *parent) {
  moved_header h;
  bs_status status = bs_spill_read(fd, at, &h, sizeof h);
  if (status != BS_OK) return status;
  uint64_t offset = at + sizeof h;
  bs_spilled_free(&r->spilled);
  bs_finding_list_clear(&r->findings);
  bs_buf_reset(&r->diagnostics);
  if (h.blocks) {
    r->spilled.blocks = bs_reallocarray(NULL, h.blocks, sizeof *r->spilled.blocks);
    if (!r->spilled.blocks) return BS_ENOMEM;
    r->spilled.cap = r->spilled.count = h.blocks;
    r->spilled.fd = fd;
    r->spilled.findings = h.findings;
    status = bs_spill_read(fd, offset, r->spilled.blocks, h.blocks * sizeof *r->spilled.blocks);
    offset += h.blocks * sizeof *r->spilled.blocks;
  }
  /* Strings one after another, each terminated; pointers set once none can move. */
  size_t starts[S_COUNT];
  bs_buf_reset(strings);
  for (int i = 0; i < S_COUNT - 1 && status == BS_OK; i++) {
    starts[i] = strings->len;
    uint32_t len = h.lens[i] == NO_STRING ? 0 : h.lens[i];
    status = bs_buf_reserve(strings, len + 1);
    if (status == BS_OK) status = bs_spill_read(fd, offset, strings->data + strings->len, len);
    if (status == BS_OK) {
      strings->len += len + 1;
      strings->data[strings->len - 1] = '\0';
      offset += len;
    }
  }
  uint32_t diagnostics = h.lens[S_DIAGNOSTICS] == NO_STRING ? 0 : h.lens[S_DIAGNOSTICS];
  if (status == BS_OK && diagnostics) {
    status = bs_buf_reserve(&r->diagnostics, diagnostics);
    if (status == BS_OK) status = bs_spill_read(fd, offset, r->diagnostics.data, diagnostics);
    if (status == BS_OK) {
      r->diagnostics.len = diagnostics;
      r->diagnostics.data[diagnostics] = '\0';
    }
  }
  if (status != BS_OK) return status;
  const char **targets[S_COUNT - 1] = {&r->path, &r->note, &r->format, &r->encoding};
  for (int i = 0; i < S_COUNT - 1; i++)
    *targets[i] = h.lens[i] == NO_STRING ? NULL : strings->data + starts[i];
  *parent = h.parent;
  r->size = h.size;
  r->mtime = h.mtime;
  r->ctime = h.ctime;
  r->atime = h.atime;
  r->mode = h.mode;
  r->status = (bs_file_status)h.status;
  memcpy(r->sha256, h.sha256, sizeof r->sha256);
  return BS_OK;
}
