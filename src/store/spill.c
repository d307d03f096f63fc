/* Findings moved to a temporary file (see spill.h). A block is the list as it is in
 * memory: its items (offsets relative to its own text) then its text, so reading one
 * back is two reads and no parsing. */
#include "store/spill.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"

void bs_spilled_init(bs_spilled *spilled) {
  memset(spilled, 0, sizeof *spilled);
  spilled->fd = -1;
}

void bs_spilled_free(bs_spilled *spilled) {
  bs_free(spilled->blocks);
  bs_spilled_init(spilled);
}

bs_status bs_spill_open(int *fd, const char *folder) {
  *fd = open(folder, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (*fd >= 0) return BS_OK;
  /* File systems without O_TMPFILE: a named file, unlinked at once. */
  char path[4096];
  if (snprintf(path, sizeof path, "%s/.spill-XXXXXX", folder) >= (int)sizeof path) return BS_EIO;
  *fd = mkostemp(path, O_CLOEXEC);
  if (*fd < 0) return BS_EIO;
  unlink(path);
  return BS_OK;
}

static bs_status write_at(int fd, const void *data, size_t len, uint64_t offset) {
  const char *p = data;
  while (len) {
    ssize_t n = pwrite(fd, p, len, (off_t)offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return BS_EIO;
    p += n;
    len -= (size_t)n;
    offset += (uint64_t)n;
  }
  return BS_OK;
}

static bs_status read_at(int fd, void *out, size_t len, uint64_t offset) {
  char *p = out;
  while (len) {
    ssize_t n = pread(fd, p, len, (off_t)offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return BS_EIO;
    p += n;
    len -= (size_t)n;
    offset += (uint64_t)n;
  }
  return BS_OK;
}

bs_status bs_spill_write(int fd, uint64_t *end, const void *data, size_t len) {
  bs_status status = write_at(fd, data, len, *end);
  if (status == BS_OK) *end += len;
  return status;
}

bs_status bs_spill_read(int fd, uint64_t offset, void *out, size_t len) {
  return read_at(fd, out, len, offset);
}

bs_status bs_spill_out(bs_spilled *spilled, int fd, uint64_t *end, bs_finding_list *list) {
  if (!list->count) return BS_OK;
  if (spilled->count == spilled->cap) {
    size_t cap = spilled->cap ? spilled->cap * 2 : 8;
    bs_spill_block *blocks = bs_reallocarray(spilled->blocks, cap, sizeof *blocks);
    if (!blocks) return BS_ENOMEM;
    spilled->blocks = blocks;
    spilled->cap = cap;
  }
  bs_spill_block block = {*end, list->count, list->arena.len};
  size_t items = list->count * sizeof *list->items;
  bs_status status = write_at(fd, list->items, items, block.offset);
  if (status == BS_OK)
    status = write_at(fd, list->arena.data, list->arena.len, block.offset + items);
  if (status != BS_OK) return status;
  spilled->fd = fd;
  spilled->blocks[spilled->count++] = block;
  spilled->findings += block.count;
  *end += items + block.arena_len;
  bs_finding_list_free(list);
  return BS_OK;
}

bs_status bs_spill_in(bs_finding_list *list, const bs_spilled *spilled, size_t index) {
  const bs_spill_block *block = &spilled->blocks[index];
  bs_finding_list_clear(list);
  if (block->count > list->cap) {
    bs_finding *items = bs_reallocarray(list->items, block->count, sizeof *items);
    if (!items) return BS_ENOMEM;
    list->items = items;
    list->cap = block->count;
  }
  size_t items = block->count * sizeof *list->items;
  bs_status status = bs_buf_reserve(&list->arena, block->arena_len);
  if (status == BS_OK) status = read_at(spilled->fd, list->items, items, block->offset);
  if (status == BS_OK)
    status = read_at(spilled->fd, list->arena.data, block->arena_len, block->offset + items);
  if (status != BS_OK) return status;
  list->arena.len = block->arena_len;
  list->arena.data[list->arena.len] = '\0';
  list->count = block->count;
  return BS_OK;
}

size_t bs_spill_bytes(const bs_finding_list *list) {
  return list->cap * sizeof *list->items + list->arena.cap;
}
