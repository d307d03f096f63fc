/* In-memory files for libraries that only open a path (libpst, FreeXL, mdbtools): the
 * bytes go to an anonymous memfd, opened by its /proc/self/fd path, so that nothing
 * lands on disk. */
#ifndef BS_MEMFILE_H
#define BS_MEMFILE_H
#include <stddef.h>

#include "base/status.h"

typedef struct bs_memfile {
  int fd;        /* the memfd, -1 when closed */
  char path[40]; /* "/proc/self/fd/N" */
} bs_memfile;

/* Creates a memfd holding data. OUT: *out (close with bs_memfile_close). BS_EIO when
 * the kernel refuses. */
bs_status bs_memfile_open(bs_memfile *out, const char *data, size_t len);
void bs_memfile_close(bs_memfile *file);

#endif
