/* The scan pipeline:
 *
 *   walker thread --jobs--> worker threads --records--> writer (calling thread)
 *
 * The walker lists files and applies the time window. Each worker reads a file (copied
 * or mapped: filemap.h), hashes it (SHA-256, chain of custody), claims its content so
 * that identical files are scanned once, reads it by format and detects, and hands a
 * complete record to the writer. Files inside containers (archive entries, attachments) become
 * entries of their own in the same record, each hashed and claimed in turn. The writer alone
 * touches the store; it commits whole records only, so a kill at any point leaves each walked file,
 * with everything inside it, stored whole or not at all. */
#include "scan/scan.h"

#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/queue.h"
#include "base/strmap.h"
#include "detect/engine.h"
#include "extract/isolate.h"
#include "extract/read.h"
#include "scan/filemap.h"
#include "store/moved.h"
#include "store/writer.h"
#include "walk/walk.h"

#define QUEUE_DEPTH_PER_THREAD 4
/* Members of one walked file kept in memory until it is stored; past this, each finished
 * one moves to the record's spill file (moved.h). */
#define ENTRIES_IN_MEMORY      4096

typedef struct scan_job {
  char *path;       /* owned */
  struct stat st;   /* from the walk */
  int error;        /* errno from the walk, or 0 */
  const char *skip; /* why not scanned (static text), or NULL */
} scan_job;

typedef struct scan_shared {
  const bs_scan_options *options;
  const bs_engine *engine;    /* compiled once, shared */
  const char *folder;         /* the case folder: temporary files go there */
  bs_queue *jobs;             /* walker -> workers */
  bs_queue *records;          /* workers -> writer */
  bs_strmap *done_files;      /* "path\nsize:mtime" stored whole earlier (read-only) */
  bs_strmap *claimed;         /* content digests taken by a worker or an earlier run */
  pthread_mutex_t claim_lock; /* guards claimed */
  uint64_t files_found;       /* written by the walker, read by the writer */
  uint64_t bytes_found;       /* likewise */
  uint64_t files_outside;     /* likewise */
  int walk_done;              /* likewise */
  bs_status walk_status;      /* the walker's outcome */
  int live_workers;           /* workers still running; the last closes records */
  pthread_mutex_t count_lock; /* guards the counters above */
  size_t queued_held;         /* bytes of findings in records pushed, not yet written */
  pthread_cond_t written;     /* signalled when queued_held falls */
} scan_shared;

#define NO_PARENT SIZE_MAX

/* A walked file, or a file found inside it. */
typedef struct scan_entry {
  bs_file_record record; /* what to store */
  char *path;            /* owned copy of record.path */
  size_t parent;         /* index of its container in the record, NO_PARENT if walked */
  const char *why_not;   /* the reader found the whole file unexaminable: why */
} scan_entry;

/* An entry's place in its record: in memory, or moved to the spill file once read. */
typedef struct entry_slot {
  scan_entry *entry; /* NULL once moved */
  uint64_t moved_at; /* where in the spill file */
  int64_t file_id;   /* given by the writer: its members' parent */
} entry_slot;

/* A walked file and everything inside it, on its way to the writer. */
typedef struct scan_record {
  entry_slot *slots;  /* [0] the walked file, then members, containers first */
  size_t count;       /* entries in use */
  size_t cap;         /* allocated */
  size_t live;        /* entries in memory */
  uint64_t expanded;  /* bytes of members read, against BS_LIMIT_EXPANDED_BYTES */
  int resumed;        /* stored whole by an earlier run: count only */
  size_t held;        /* bytes of findings in memory, all entries (spill.h) */
  int spill_fd;       /* temporary file of findings moved out of memory, -1: none */
  uint64_t spill_end; /* its length */
} scan_record;

/* Adds an entry; its path is prefix!name (or name alone). OUT: *index. */
static bs_status add_entry(scan_record *rec, const char *prefix, const char *name, size_t parent,
                           size_t *index) {
  if (rec->count == rec->cap) {
    size_t cap = rec->cap ? rec->cap * 2 : 4;
    entry_slot *slots = bs_reallocarray(rec->slots, cap, sizeof *slots);
    if (!slots) return BS_ENOMEM;
    rec->slots = slots;
    rec->cap = cap;
  }
  size_t n = (prefix ? strlen(prefix) + 1 : 0) + strlen(name) + 1;
  char *path = bs_malloc(n);
  scan_entry *e = bs_calloc(1, sizeof *e);
  if (!path || !e) {
    bs_free(path);
    bs_free(e);
    return BS_ENOMEM;
  }
  snprintf(path, n, "%s%s%s", prefix ? prefix : "", prefix ? "!" : "", name);
  bs_file_record_init(&e->record);
  e->path = path;
  e->record.path = path;
  e->parent = parent;
  rec->slots[rec->count] = (entry_slot){.entry = e};
  rec->live++;
  *index = rec->count++;
  return BS_OK;
}

static void free_entry(scan_entry *e) {
  if (!e) return;
  bs_file_record_free(&e->record);
  bs_free(e->path);
  bs_free(e);
}

/* The entry at index, in memory: any entry still being read is. */
static scan_entry *entry_at(const scan_record *rec, size_t index) {
  return rec->slots[index].entry;
}

static void free_record(scan_record *rec) {
  for (size_t i = 0; rec && i < rec->count; i++) free_entry(rec->slots[i].entry);
  if (rec && rec->spill_fd >= 0) close(rec->spill_fd);
  if (rec) bs_free(rec->slots);
  bs_free(rec);
}

/* ---- Walker ---------------------------------------------------------------------- */

static int in_window(const bs_scan_options *o, const struct stat *st) {
  if (!o->window_from && !o->window_to) return 1;
  const time_t times[3] = {st->st_mtime, st->st_ctime, st->st_atime};
  for (int i = 0; i < 3; i++)
    if ((!o->window_from || times[i] >= o->window_from) &&
        (!o->window_to || times[i] <= o->window_to))
      return 1;
  return 0;
}

static bs_status on_entry(const bs_walk_entry *entry, void *ctx) {
  scan_shared *s = ctx;
  if (!entry->error && !in_window(s->options, &entry->st)) {
    pthread_mutex_lock(&s->count_lock);
    s->files_outside++;
    pthread_mutex_unlock(&s->count_lock);
    return BS_OK;
  }
  scan_job *job = bs_calloc(1, sizeof *job);
  if (!job) return BS_ENOMEM;
  job->path = bs_strdup(entry->path);
  if (!job->path) {
    bs_free(job);
    return BS_ENOMEM;
  }
  job->st = entry->st;
  job->error = entry->error;
  job->skip = entry->skip;
  pthread_mutex_lock(&s->count_lock);
  s->files_found++;
  s->bytes_found += entry->error ? 0 : (uint64_t)entry->st.st_size;
  pthread_mutex_unlock(&s->count_lock);
  bs_status status = bs_queue_push(s->jobs, job);
  if (status != BS_OK) {
    bs_free(job->path);
    bs_free(job);
  }
  return status;
}

static void *walker_main(void *arg) {
  scan_shared *s = arg;
  const bs_scan_options *o = s->options;
  bs_status status = bs_walk(o->paths, o->path_count, on_entry, s, o->stop);
  if (status == BS_OK && o->manifest) status = bs_walk_manifest(o->manifest, on_entry, s, o->stop);
  pthread_mutex_lock(&s->count_lock);
  s->walk_status = status;
  s->walk_done = 1;
  pthread_mutex_unlock(&s->count_lock);
  bs_queue_close(s->jobs);
  return NULL;
}

/* ---- Workers --------------------------------------------------------------------- */

typedef struct worker {
  scan_shared *shared;                /* common state */
  bs_scanner *scanner;                /* this thread's scratch */
  bs_buf content;                     /* the file's bytes, reused file after file */
  bs_buf decoded[BS_LIMIT_DEPTH + 1]; /* decoding scratch, one per nesting level */
  bs_buf key;                         /* map key scratch */
  scan_record *current;               /* record being filled */
  bs_status status;                   /* first fatal error */
} worker;

/* The entry a reader is reading, as the context of its sink. Entries are found by
 * index: reading a member may move the array. */
typedef struct read_level {
  worker *w;      /* whose record */
  size_t entry;   /* index in w->current */
  unsigned depth; /* 0 for the walked file */
} read_level;

/* Bytes of findings a file being read may hold, and records waiting for the writer. */
static size_t findings_budget(const scan_shared *s) {
  return s->options->findings_memory ? s->options->findings_memory : BS_SPILL_FROM;
}

static bs_file_record *level_record(const read_level *level) {
  return &entry_at(level->w->current, level->entry)->record;
}

/* Moves every entry's findings out of memory (spill.h): one walked file may hold
 * millions. */
static bs_status spill_record(worker *w, scan_record *rec) {
  bs_status status = BS_OK;
  if (rec->spill_fd < 0) status = bs_spill_open(&rec->spill_fd, w->shared->folder);
  for (size_t i = 0; i < rec->count && status == BS_OK; i++) {
    scan_entry *e = entry_at(rec, i);
    if (e)
      status =
          bs_spill_out(&e->record.spilled, rec->spill_fd, &rec->spill_end, &e->record.findings);
  }
  rec->held = 0;
  return status;
}

static bs_status on_unit(const bs_unit *unit, void *ctx) {
  read_level *level = ctx;
  bs_finding_list *findings = &level_record(level)->findings;
  size_t before = bs_spill_bytes(findings);
  bs_status status = bs_scanner_scan(level->w->scanner, unit, findings);
  scan_record *rec = level->w->current;
  rec->held += bs_spill_bytes(findings) - before;
  if (status == BS_OK && rec->held > findings_budget(level->w->shared))
    status = spill_record(level->w, rec);
  return status;
}

static void on_diagnostic(const char *place, const char *message, void *ctx) {
  bs_file_record_diagnose(level_record(ctx), "warning", place, message);
}

/* A part counsel must assume exposed: kept as its own diagnostic severity so the
 * report can list it; the whole file: the file is not examined. */
static void on_unexamined(const char *place, const char *why, void *ctx) {
  read_level *level = ctx;
  if (place)
    bs_file_record_diagnose(level_record(level), "unexamined", place, why);
  else
    entry_at(level->w->current, level->entry)->why_not = why;
}

static bs_status on_member(const bs_member *member, void *ctx);

static int claim_content(scan_shared *s, const char *sha) {
  pthread_mutex_lock(&s->claim_lock);
  int64_t *slot;
  int added = 0;
  bs_status status = bs_strmap_upsert(s->claimed, sha, 64, &slot, NULL, &added);
  pthread_mutex_unlock(&s->claim_lock);
  return status == BS_OK && added;
}

static void fail(bs_file_record *r, bs_file_status status, const char *note) {
  r->status = status;
  r->note = note;
}

/* Hashes, claims and reads the bytes of entry `index` of the current record. */
static bs_status read_content(worker *w, size_t index, unsigned depth, const char *data, size_t len,
                              const char *open_path) {
  scan_record *rec = w->current;
  bs_file_record *r = &entry_at(rec, index)->record;
  /* OpenSSL's SHA-256 uses the CPU's SHA extensions where present: several times
   * libsodium's portable code, and hashing touches every byte scanned. */
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned digest_len = 0;
  if (!EVP_Digest(data, len, digest, &digest_len, EVP_sha256(), NULL)) return BS_EINVAL;
  sodium_bin2hex(r->sha256, sizeof r->sha256, digest, digest_len);
  r->size = (int64_t)len;
  if (!claim_content(w->shared, r->sha256)) {
    r->status = BS_FILE_DUPLICATE;
    return BS_OK;
  }
  read_level level = {.w = w, .entry = index, .depth = depth};
  bs_unit_sink sink = {on_unit, on_diagnostic, on_member, on_unexamined, &level};
  bs_source source = {
      .name = entry_at(rec, index)->path, .data = data, .len = len, .open_path = open_path};
  bs_read_info info;
  bs_status status = bs_read(&info, &source, &w->decoded[depth], &sink);
  bs_buf_reset(&w->decoded[depth]);
  scan_entry *e = entry_at(rec, index);
  r = &e->record;
  r->format = bs_format_name(info.format);
  r->encoding = info.text ? bs_encoding_name(info.encoding) : NULL;
  r->status = BS_FILE_SCANNED;
  if (status == BS_EFORMAT) {
    fail(r, BS_FILE_NOT_EXAMINED,
         info.format == BS_FMT_BINARY ? "binary format not supported"
                                      : "damaged: could not be read in its format");
    status = BS_OK;
  } else if (status == BS_ELIMIT) {
    bs_file_record_diagnose(r, "warning", NULL, "a size limit was reached; the rest not read");
    status = BS_OK;
  }
  if (status == BS_OK && e->why_not) fail(r, BS_FILE_NOT_EXAMINED, e->why_not);
  return status;
}

/* A member read to its end leaves memory: its container may hold a million. */
static bs_status move_entry(worker *w, scan_record *rec, size_t index) {
  bs_status status = BS_OK;
  if (rec->spill_fd < 0) status = bs_spill_open(&rec->spill_fd, w->shared->folder);
  scan_entry *e = entry_at(rec, index);
  if (status == BS_OK) {
    rec->held -= bs_spill_bytes(&e->record.findings);
    status = bs_record_move_out(rec->spill_fd, &rec->spill_end, &e->record, e->parent,
                                &rec->slots[index].moved_at);
  }
  if (status != BS_OK) return status;
  free_entry(e);
  rec->slots[index].entry = NULL;
  rec->live--;
  return BS_OK;
}

static bs_status on_member(const bs_member *member, void *ctx) {
  read_level *parent = ctx;
  worker *w = parent->w;
  scan_record *rec = w->current;
  size_t index;
  bs_status status =
      add_entry(rec, entry_at(rec, parent->entry)->path, member->name, parent->entry, &index);
  if (status != BS_OK) return status;
  bs_file_record *r = &entry_at(rec, index)->record;
  r->size = (int64_t)member->len;
  r->mtime = member->mtime;
  if (member->not_examined) {
    fail(r, BS_FILE_NOT_EXAMINED, member->not_examined);
  } else if (parent->depth + 1 > BS_LIMIT_DEPTH) {
    fail(r, BS_FILE_NOT_EXAMINED, "nested deeper than the container depth limit");
  } else if (rec->expanded + member->len > BS_LIMIT_EXPANDED_BYTES) {
    fail(r, BS_FILE_NOT_EXAMINED, "past the limit on bytes unpacked from one file");
  } else {
    rec->expanded += member->len;
    status = read_content(w, index, parent->depth + 1, member->data, member->len, NULL);
  }
  if (status == BS_OK && rec->live > ENTRIES_IN_MEMORY) status = move_entry(w, rec, index);
  return status;
}

static bs_status scan_file(worker *w, scan_job *job, scan_record *rec) {
  scan_shared *s = w->shared;
  bs_file_record *r = &entry_at(rec, 0)->record;
  r->size = job->error ? 0 : (int64_t)job->st.st_size;
  r->mtime = (int64_t)job->st.st_mtime;
  r->ctime = (int64_t)job->st.st_ctime;
  r->atime = (int64_t)job->st.st_atime;
  r->mode = job->st.st_mode;
  if (job->error) {
    fail(r, BS_FILE_FAILED, strerror(job->error));
    return BS_OK;
  }
  if (job->skip) {
    fail(r, BS_FILE_NOT_EXAMINED, job->skip);
    return BS_OK;
  }
  bs_status status = bs_done_key(&w->key, job->path, r->size, r->mtime);
  if (status != BS_OK) return status;
  if (bs_strmap_find(s->done_files, w->key.data, w->key.len)) {
    rec->resumed = 1;
    return BS_OK;
  }
  if ((uint64_t)r->size > s->options->max_file_bytes) {
    fail(r, BS_FILE_NOT_EXAMINED, "larger than the file size limit");
    return BS_OK;
  }
  bs_filemap file;
  const char *why = NULL;
  status = bs_filemap_open(&file, &w->content, job->path, (size_t)r->size, &why);
  if (status == BS_OK) {
    if (file.short_read)
      bs_file_record_diagnose(r, "warning", "end", "file shorter than its listed size");
    w->current = rec;
    status = read_content(w, 0, 0, file.data, file.len, file.open_path);
  } else if (status == BS_EIO) {
    fail(r, BS_FILE_FAILED, why); /* recorded against the file */
    status = BS_OK;
  }
  bs_filemap_close(&file);
  return status;
}

/* Records queue by count, and also by the findings they hold: a few archives of
 * millions of findings each would otherwise wait in memory together. One record always
 * passes, so a record larger than the budget still moves. */
static void wait_for_room(scan_shared *s, size_t held) {
  size_t budget = findings_budget(s);
  pthread_mutex_lock(&s->count_lock);
  while (s->queued_held > 0 && s->queued_held + held > budget)
    pthread_cond_wait(&s->written, &s->count_lock);
  s->queued_held += held;
  pthread_mutex_unlock(&s->count_lock);
}

static void release_room(scan_shared *s, size_t held) {
  pthread_mutex_lock(&s->count_lock);
  s->queued_held -= held;
  pthread_cond_broadcast(&s->written);
  pthread_mutex_unlock(&s->count_lock);
}

static void *worker_main(void *arg) {
  worker *w = arg;
  scan_shared *s = w->shared;
  scan_job *job;
  while ((job = bs_queue_pop(s->jobs))) {
    if (s->options->stop && *s->options->stop) { /* interrupted: drop what is queued */
      bs_free(job->path);
      bs_free(job);
      continue;
    }
    scan_record *rec = bs_calloc(1, sizeof *rec);
    if (rec) rec->spill_fd = -1;
    size_t first;
    bs_status status = rec ? add_entry(rec, NULL, job->path, NO_PARENT, &first) : BS_ENOMEM;
    if (status == BS_OK) status = scan_file(w, job, rec);
    w->current = NULL;
    bs_free(job->path);
    bs_free(job);
    size_t held = rec ? rec->held : 0;
    if (status == BS_OK) {
      wait_for_room(s, held);
      status = bs_queue_push(s->records, rec);
      if (status != BS_OK) release_room(s, held);
    }
    if (status != BS_OK) {
      free_record(rec);
      if (status != BS_EINTERRUPTED) w->status = status;
      /* Keep draining jobs so the walker never blocks. */
    }
  }
  pthread_mutex_lock(&s->count_lock);
  int last = --s->live_workers == 0;
  pthread_mutex_unlock(&s->count_lock);
  if (last) bs_queue_close(s->records);
  return NULL;
}

/* ---- Writer (calling thread) ----------------------------------------------------- */

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report_diagnostics(const bs_scan_options *o, const bs_file_record *r, int64_t file_id,
                               bs_scan_summary *sum) {
  if (r->status == BS_FILE_FAILED || r->status == BS_FILE_NOT_EXAMINED) {
    sum->diagnostics++;
    if (o->diagnostic)
      o->diagnostic(file_id, r->status == BS_FILE_FAILED ? "error" : "note", NULL, r->note, o->ctx);
  }
  const char *p = r->diagnostics.data, *end = p ? p + r->diagnostics.len : NULL;
  while (p && p < end) {
    char line[512];
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)(nl - p) < sizeof line - 1 ? (size_t)(nl - p) : sizeof line - 1;
    memcpy(line, p, n);
    line[n] = '\0';
    char *place = strchr(line, '\t');
    char *message = place ? strchr(place + 1, '\t') : NULL;
    if (message) {
      *place++ = '\0';
      *message++ = '\0';
      sum->diagnostics++;
      if (o->diagnostic) o->diagnostic(file_id, line, place[0] ? place : NULL, message, o->ctx);
    }
    p = nl + 1;
  }
}

/* Stores entry i of rec: from memory, or read back from the spill file into `moved`. */
static bs_status write_entry(bs_writer *writer, scan_record *rec, size_t i, bs_file_record *moved,
                             bs_buf *moved_strings, bs_scan_summary *sum,
                             const bs_scan_options *o) {
  scan_entry *e = entry_at(rec, i);
  bs_file_record *r = e ? &e->record : moved;
  uint64_t parent = e ? e->parent : NO_PARENT;
  if (!e) {
    bs_status status =
        bs_record_move_in(moved, moved_strings, rec->spill_fd, rec->slots[i].moved_at, &parent);
    if (status != BS_OK) return status;
  }
  r->parent_id = parent == NO_PARENT ? 0 : rec->slots[parent].file_id;
  int64_t *file_id = &rec->slots[i].file_id;
  bs_status status = bs_writer_put(writer, r, file_id);
  if (status != BS_OK) return status;
  report_diagnostics(o, r, *file_id, sum);
  switch (r->status) {
  case BS_FILE_SCANNED: sum->files_scanned++; break;
  case BS_FILE_DUPLICATE: sum->files_duplicate++; break;
  case BS_FILE_FAILED: sum->files_failed++; break;
  case BS_FILE_NOT_EXAMINED: sum->files_not_examined++; break;
  }
  if (parent != NO_PARENT) sum->members++;
  sum->findings += r->findings.count + r->spilled.findings;
  if (r->status == BS_FILE_SCANNED && parent == NO_PARENT) sum->bytes += (uint64_t)r->size;
  return BS_OK;
}

static bs_status write_records(scan_shared *s, bs_writer *writer, bs_scan_summary *sum,
                               double start) {
  const bs_scan_options *o = s->options;
  bs_status status = BS_OK;
  double last_progress = 0;
  uint64_t files_done = 0, bytes_done = 0;
  bs_file_record moved; /* an entry read back from a spill file */
  bs_file_record_init(&moved);
  bs_buf moved_strings;
  bs_buf_init(&moved_strings, (size_t)1 << 24);
  scan_record *rec;
  while ((rec = bs_queue_pop(s->records))) {
    files_done++;
    bytes_done += (uint64_t)entry_at(rec, 0)->record.size;
    if (rec->resumed) sum->files_resumed++;
    for (size_t i = 0; status == BS_OK && !rec->resumed && i < rec->count; i++)
      status = write_entry(writer, rec, i, &moved, &moved_strings, sum, o);
    if (status == BS_OK && !rec->resumed) status = bs_writer_end_file(writer);
    size_t held = rec->held;
    free_record(rec);
    release_room(s, held);
    double t = now_seconds();
    if (o->progress && t - last_progress >= 0.2) {
      last_progress = t;
      bs_scan_progress p = {.files_done = files_done,
                            .bytes_done = bytes_done,
                            .findings = sum->findings,
                            .seconds = t - start};
      pthread_mutex_lock(&s->count_lock);
      p.files_found = s->files_found;
      p.bytes_found = s->bytes_found;
      p.walk_done = s->walk_done;
      pthread_mutex_unlock(&s->count_lock);
      o->progress(&p, o->ctx);
    }
    /* A failed store stops the pipeline; what is committed stays. */
    if (status != BS_OK) {
      bs_queue_close(s->jobs);
      bs_queue_close(s->records);
    }
  }
  bs_file_record_free(&moved);
  bs_buf_free(&moved_strings);
  return status;
}

static void free_job_queue(bs_queue *jobs) {
  scan_job *job;
  bs_queue_close(jobs);
  while ((job = bs_queue_pop(jobs))) {
    bs_free(job->path);
    bs_free(job);
  }
  bs_queue_free(jobs);
}

bs_status bs_scan_run(bs_scan_summary *out, bs_store *store, const bs_scan_options *options) {
  memset(out, 0, sizeof *out);
  double start = now_seconds();
  int threads = options->threads > 0 ? options->threads : 1;
  scan_shared s = {.options = options, .live_workers = threads};
  pthread_mutex_init(&s.claim_lock, NULL);
  pthread_mutex_init(&s.count_lock, NULL);
  pthread_cond_init(&s.written, NULL);
  bs_engine *engine = NULL;
  bs_writer *writer = NULL;
  worker *workers = bs_calloc((size_t)threads, sizeof *workers);
  pthread_t *tids = bs_calloc((size_t)threads, sizeof *tids);
  bs_status status = workers && tids ? BS_OK : BS_ENOMEM;
  /* The zygote, started before any thread: readers of risky formats (PDF, Access) fork
   * from it (isolate.h). Without it they fork from their own thread, which works but may
   * stall on a lock copied while another thread held it. */
  int zygote = status == BS_OK && bs_isolate_start(bs_read_prepare_isolated) == BS_OK;
  if (status == BS_OK && sodium_init() < 0) status = BS_EINVAL;
  if (status == BS_OK) status = bs_engine_create(&engine, options->today);
  s.engine = engine;
  s.folder = bs_store_folder(store);
  if (status == BS_OK) status = bs_strmap_create(&s.done_files);
  if (status == BS_OK) status = bs_strmap_create(&s.claimed);
  if (status == BS_OK) status = bs_store_load_done(store, s.done_files, s.claimed);
  if (status == BS_OK)
    status = bs_writer_open(
        &writer, store, options->values_memory ? options->values_memory : BS_WRITER_VALUES_MEMORY);
  if (status == BS_OK) status = bs_queue_create(&s.jobs, (size_t)threads * 64);
  if (status == BS_OK)
    status = bs_queue_create(&s.records, (size_t)threads * QUEUE_DEPTH_PER_THREAD);
  for (int i = 0; workers && i < threads; i++) {
    workers[i].shared = &s;
    bs_buf_init(&workers[i].content, (size_t)8 << 30);
    for (int d = 0; d <= BS_LIMIT_DEPTH; d++) bs_buf_init(&workers[i].decoded[d], (size_t)8 << 30);
    bs_buf_init(&workers[i].key, (size_t)1 << 16);
    if (status == BS_OK) status = bs_scanner_create(&workers[i].scanner, engine);
  }
  pthread_t walker;
  int walker_started = 0, started = 0;
  if (status == BS_OK) {
    walker_started = pthread_create(&walker, NULL, walker_main, &s) == 0;
    if (!walker_started) status = BS_ENOMEM;
  }
  for (; status == BS_OK && started < threads; started++)
    if (pthread_create(&tids[started], NULL, worker_main, &workers[started]) != 0) break;
  if (walker_started && started == 0) {
    bs_queue_close(s.jobs);
    status = BS_ENOMEM;
  }
  if (started > 0) {
    /* Threads that could not start count as finished. */
    pthread_mutex_lock(&s.count_lock);
    s.live_workers -= threads - started;
    pthread_mutex_unlock(&s.count_lock);
    status = write_records(&s, writer, out, start);
    for (int i = 0; i < started; i++) pthread_join(tids[i], NULL);
  }
  if (walker_started) pthread_join(walker, NULL);
  for (int i = 0; i < started && status == BS_OK; i++)
    if (workers[i].status != BS_OK) status = workers[i].status;
  if (status == BS_OK && s.walk_status != BS_OK && s.walk_status != BS_EINTERRUPTED)
    status = s.walk_status;
  out->interrupted = options->stop && *options->stop;
  out->files_outside = s.files_outside;
  /* Whatever happened, what was stored whole is committed. */
  if (writer) {
    bs_status finish = out->interrupted ? bs_writer_commit(writer) : bs_writer_finish(writer);
    if (status == BS_OK) status = finish;
  }
  out->seconds = now_seconds() - start;
  bs_writer_free(writer);
  for (int i = 0; workers && i < threads; i++) {
    bs_scanner_free(workers[i].scanner);
    bs_buf_free(&workers[i].content);
    for (int d = 0; d <= BS_LIMIT_DEPTH; d++) bs_buf_free(&workers[i].decoded[d]);
    bs_buf_free(&workers[i].key);
  }
  if (s.jobs) free_job_queue(s.jobs);
  bs_queue_free(s.records);
  bs_strmap_free(s.done_files);
  bs_strmap_free(s.claimed);
  bs_engine_free(engine);
  bs_free(workers);
  bs_free(tids);
  pthread_mutex_destroy(&s.claim_lock);
  pthread_mutex_destroy(&s.count_lock);
  pthread_cond_destroy(&s.written);
  if (zygote) bs_isolate_stop();
  if (status == BS_OK && out->interrupted) status = BS_EINTERRUPTED;
  return status;
}
