/* A walked file's bytes for the readers: small files are copied into a buffer the worker
 * reuses (cheaper than fresh pages), large ones are mapped, so that a 40 GB mailbox or
 * archive costs page cache, which the kernel reclaims, not process memory. Either way
 * the bytes are followed by a NUL, and the file stays open so that libraries that only
 * open paths (libpst) can open the same file by its descriptor instead of a copy. */
#ifndef BS_FILEMAP_H
#define BS_FILEMAP_H
#include <stddef.h>

#include "base/buf.h"
#include "base/status.h"

/* Files of this size and more are mapped rather than copied. */
#define BS_FILEMAP_FROM ((size_t)64 << 20)

typedef struct bs_filemap {
  const char *data;   /* the bytes, NUL after the last */
  size_t len;         /* their count */
  int fd;             /* the open file, -1 once closed */
  char open_path[32]; /* "/proc/self/fd/N": opens the same file */
  const char *map;    /* the mapping, NULL when the bytes were copied */
  size_t map_len;     /* its length */
  int short_read;     /* 1: the file shrank after it was listed */
} bs_filemap;

/* Opens path (never following a symbolic link) and makes its size bytes readable; a copy
 * goes into buf. BS_EIO: the file could not be opened or read, *why says why (static
 * text). OUT: *out, closed with bs_filemap_close even on failure. */
bs_status bs_filemap_open(bs_filemap *out, bs_buf *buf, const char *path, size_t size,
                          const char **why);
void bs_filemap_close(bs_filemap *map);

#endif
