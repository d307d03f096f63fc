/* The walk: every regular file under the given roots (folders walked recursively in
 * name order, symbolic links not followed), with its metadata taken before reading. */
#ifndef BS_WALK_H
#define BS_WALK_H
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "base/status.h"

typedef struct bs_walk_entry {
  const char *path; /* valid during the callback only */
  struct stat st;   /* lstat of the path (zeroed when error != 0) */
  int error;        /* errno when the entry could not be listed or stat'ed */
  const char *skip; /* why a non-regular entry is not scanned, else NULL */
} bs_walk_entry;

typedef bs_status (*bs_walk_fn)(const bs_walk_entry *entry, void *ctx);

/* Walks each root; stops early when fn returns non-OK or *stop becomes non-zero. */
bs_status bs_walk(const char *const *roots, size_t count, bs_walk_fn fn, void *ctx,
                  const volatile int *stop);

/* Reads a manifest (one path a line; blank lines ignored; CR LF accepted) and walks
 * each path it names. BS_EIO when the manifest itself cannot be read. */
bs_status bs_walk_manifest(const char *manifest, bs_walk_fn fn, void *ctx,
                           const volatile int *stop);

#endif
