/* The store writer: takes the outcome of each scanned file and stores it, a whole file
 * per transaction at least (several files share one for speed), so that a scan killed
 * at any moment leaves every file either fully stored or not at all. */
#ifndef BS_WRITER_H
#define BS_WRITER_H
#include <stdint.h>

#include "base/buf.h"
#include "base/strmap.h"
#include "detect/finding.h"
#include "store/spill.h"
#include "store/store.h"

typedef enum bs_file_status {
  BS_FILE_SCANNED,      /* read and scanned (possibly with warnings) */
  BS_FILE_DUPLICATE,    /* same content as a file scanned already */
  BS_FILE_FAILED,       /* could not be read */
  BS_FILE_NOT_EXAMINED, /* read but not scanned: binary, too large... */
} bs_file_status;

const char *bs_file_status_name(bs_file_status status);

typedef struct bs_file_record {
  const char *path;                  /* as given or found by the walk; a member of a
                                        container: container path!name */
  int64_t parent_id;                 /* file id of the container, 0 for a file walked */
  int64_t size, mtime, ctime, atime; /* from lstat, before reading; 0 when unknown */
  uint32_t mode;                     /* st_mode; 0 for a member */
  bs_file_status status;             /* outcome */
  const char *note;                  /* why failed / not examined, no personal data; or NULL */
  char sha256[65];                   /* hex digest of the content, "" if not read */
  const char *format;                /* format name, or NULL */
  const char *encoding;              /* text encoding name, or NULL */
  bs_spilled spilled;                /* findings moved out of memory: before `findings` */
  bs_finding_list findings;          /* what was found (after those spilled) */
  bs_buf diagnostics;                /* "severity\tplace\tmessage\n" lines */
} bs_file_record;

void bs_file_record_init(bs_file_record *record);
void bs_file_record_free(bs_file_record *record);
/* Adds a diagnostic; place and message must not quote the input. */
void bs_file_record_diagnose(bs_file_record *record, const char *severity, const char *place,
                             const char *message);

typedef struct bs_writer bs_writer;

/* Memory the writer's caches of values and hints take by default. */
#define BS_WRITER_VALUES_MEMORY ((size_t)48 << 20)

/* A writer keeping about values_memory bytes of the case's values in memory. */
bs_status bs_writer_open(bs_writer **out, bs_store *store, size_t values_memory);
/* Stores one file record, never committing on its own: a file and its members are put
 * one after the other, then bs_writer_end_file. OUT: *file_id, its id in the case. */
bs_status bs_writer_put(bs_writer *writer, const bs_file_record *record, int64_t *file_id);
/* A walked file and all its members are put: commits when the batch is full. */
bs_status bs_writer_end_file(bs_writer *writer);
/* Commits what was put so far. */
bs_status bs_writer_commit(bs_writer *writer);
/* Commits and builds the indexes dropped for the bulk load. */
bs_status bs_writer_finish(bs_writer *writer);
/* Rolls back anything uncommitted. */
void bs_writer_free(bs_writer *writer);

/* Loads "path\nsize:mtime" of every file fully handled in an earlier scan, so that a
 * re-run skips them, and the sha256 of every content scanned. */
bs_status bs_store_load_done(bs_store *store, bs_strmap *files, bs_strmap *contents);
/* The key used in the files map above. */
bs_status bs_done_key(bs_buf *out, const char *path, int64_t size, int64_t mtime);

#endif
