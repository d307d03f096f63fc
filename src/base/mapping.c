/* File mappings with a NUL after the last byte (see mapping.h): the file is mapped over an
 * anonymous reservation one byte longer. Bytes past the end of the file's last page read
 * as zero, and when the file fills its last page exactly the reservation's next page
 * does. */
#include "base/mapping.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

bs_status bs_map(const char **out, size_t *span, int fd, size_t size) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t length = (size + 1 + page - 1) / page * page;
  void *base = mmap(NULL, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return BS_ENOMEM;
  if (mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
    int error = errno;
    munmap(base, length);
    errno = error;
    return BS_EIO;
  }
  (void)madvise(base, size, MADV_SEQUENTIAL);
  *out = base;
  *span = length;
  return BS_OK;
}

void bs_unmap(const char *data, size_t span) {
  if (data) munmap((void *)data, span);
}
