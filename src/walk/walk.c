/* Directory walk with fts(3): physical (links not followed), sorted, errors reported
 * per entry so that the scan records them and goes on. */
#include "walk/walk.h"

#include <errno.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static int by_name(const FTSENT **a, const FTSENT **b) {
  return strcmp((*a)->fts_name, (*b)->fts_name);
}

static bs_status visit(FTSENT *e, bs_walk_fn fn, void *ctx) {
  bs_walk_entry entry = {.path = e->fts_path};
  switch (e->fts_info) {
  case FTS_F: entry.st = *e->fts_statp; break;
  case FTS_D:
  case FTS_DP:
  case FTS_DOT: return BS_OK;
  case FTS_DNR:
  case FTS_ERR:
  case FTS_NS: entry.error = e->fts_errno ? e->fts_errno : EIO; break;
  case FTS_DC: entry.skip = "directory cycle; not followed"; break;
  case FTS_SL:
  case FTS_SLNONE:
    entry.st = *e->fts_statp;
    entry.skip = "symbolic link; not followed";
    break;
  default:
    entry.st = *e->fts_statp;
    entry.skip = "not a regular file";
    break;
  }
  return fn(&entry, ctx);
}

bs_status bs_walk(const char *const *roots, size_t count, bs_walk_fn fn, void *ctx,
                  const volatile int *stop) {
  if (count == 0) return BS_OK;
  char **argv = bs_calloc(count + 1, sizeof *argv);
  if (!argv) return BS_ENOMEM;
  for (size_t i = 0; i < count; i++) argv[i] = (char *)roots[i];
  FTS *fts = fts_open(argv, FTS_PHYSICAL | FTS_NOCHDIR | FTS_COMFOLLOW, by_name);
  bs_status status = fts ? BS_OK : BS_EIO;
  FTSENT *e;
  while (status == BS_OK && !(stop && *stop) && (e = fts_read(fts))) status = visit(e, fn, ctx);
  if (fts) fts_close(fts);
  bs_free(argv);
  return status;
}

bs_status bs_walk_manifest(const char *manifest, bs_walk_fn fn, void *ctx,
                           const volatile int *stop) {
  FILE *in = fopen(manifest, "r");
  if (!in) return BS_EIO;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  bs_status status = BS_OK;
  while (status == BS_OK && !(stop && *stop) && (n = getline(&line, &cap, in)) >= 0) {
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    if (n == 0) continue;
    const char *root = line;
    status = bs_walk(&root, 1, fn, ctx, stop);
  }
  if (status == BS_OK && ferror(in)) status = BS_EIO;
  free(line);
  fclose(in);
  return status;
}
