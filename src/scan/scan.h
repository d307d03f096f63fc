/* The scan: walk the touched files, read and decode each, extract units, detect, and
 * store, with the walk, the readers/detectors and the store writer running in parallel.
 * Re-running on the same case skips files stored whole by an earlier run. */
#ifndef BS_SCAN_H
#define BS_SCAN_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "store/store.h"

typedef struct bs_scan_progress {
  uint64_t files_found; /* regular files found by the walk so far */
  uint64_t bytes_found; /* their size */
  uint64_t files_done;  /* handled (stored, skipped, failed) */
  uint64_t bytes_done;  /* their size */
  uint64_t findings;    /* stored */
  double seconds;       /* since the start */
  int walk_done;        /* the walk has finished: found counts are final */
} bs_scan_progress;

typedef struct bs_scan_summary {
  uint64_t files_scanned;      /* read and scanned (files walked and members) */
  uint64_t members;            /* files found inside containers, counted above too */
  uint64_t files_duplicate;    /* same content as another file; not scanned again */
  uint64_t files_resumed;      /* stored whole by an earlier run; skipped */
  uint64_t files_failed;       /* could not be read */
  uint64_t files_not_examined; /* binary, too large, links... */
  uint64_t files_outside;      /* outside the time window; not recorded */
  uint64_t bytes;              /* read */
  uint64_t findings;           /* stored */
  uint64_t diagnostics;        /* problems recorded */
  double seconds;              /* elapsed */
  int interrupted;             /* stopped before the end */
} bs_scan_summary;

typedef struct bs_scan_options {
  const char *const *paths; /* files and folders */
  size_t path_count;        /* entries in paths */
  const char *manifest;     /* list of paths, or NULL */
  int threads;              /* reader/detector threads, >= 1 */
  int64_t window_from;      /* keep files with a time >= this (epoch s), 0: any */
  int64_t window_to;        /* and <= this, 0: any */
  uint64_t max_file_bytes;  /* larger files are not examined */
  size_t findings_memory;   /* bytes of findings one walked file holds in memory before
                               they move to a temporary file; 0: BS_SPILL_FROM */
  size_t values_memory;     /* bytes the store writer caches distinct values in; 0:
                               BS_WRITER_VALUES_MEMORY */
  int today;                /* YYYYMMDD: no birth date after it */
  const volatile int *stop; /* set non-zero (by a signal) to stop early */
  /* Called from the writer thread, about every 200 ms. */
  void (*progress)(const bs_scan_progress *progress, void *ctx);
  /* Called once per stored problem: file id, severity, place, message (no data). */
  void (*diagnostic)(int64_t file_id, const char *severity, const char *place, const char *message,
                     void *ctx);
  void *ctx; /* for both callbacks */
} bs_scan_options;

bs_status bs_scan_run(bs_scan_summary *out, bs_store *store, const bs_scan_options *options);

#endif
