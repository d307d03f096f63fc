/* In-memory files (see memfile.h). */
#include "extract/memfile.h"

#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

bs_status bs_memfile_open(bs_memfile *out, const char *data, size_t len) {
  out->fd = memfd_create("breachscope", MFD_CLOEXEC);
  out->path[0] = '\0';
  if (out->fd < 0) return BS_EIO;
  size_t done = 0;
  while (done < len) {
    ssize_t n = write(out->fd, data + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      bs_memfile_close(out);
      return errno == ENOMEM || errno == ENOSPC ? BS_ENOMEM : BS_EIO;
    }
    done += (size_t)n;
  }
  if (lseek(out->fd, 0, SEEK_SET) != 0) {
    bs_memfile_close(out);
    return BS_EIO;
  }
  snprintf(out->path, sizeof out->path, "/proc/self/fd/%d", out->fd);
  return BS_OK;
}

void bs_memfile_close(bs_memfile *file) {
  if (file->fd >= 0) close(file->fd);
  file->fd = -1;
}
