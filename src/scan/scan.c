/* The scan pipeline:
 *
 *   walker thread --jobs--> worker threads --records--> writer (calling thread)
 *
 * The walker lists files and applies the time window. Each worker reads a whole file,
 * hashes it (SHA-256, chain of custody), claims its content so that identical files are
 * scanned once, decodes, extracts and detects, and hands a complete record to the
 * writer. The writer alone touches the store; it commits whole records only, so a kill
 * at any point leaves each file stored whole or not at all. */
#include "scan/scan.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/queue.h"
#include "base/strmap.h"
#include "detect/engine.h"
#include "extract/decode.h"
#include "extract/format.h"
#include "store/writer.h"
#include "walk/walk.h"

#define QUEUE_DEPTH_PER_THREAD 4

typedef struct scan_job {
  char *path;       /* owned */
  struct stat st;   /* from the walk */
  int error;        /* errno from the walk, or 0 */
  const char *skip; /* why not scanned (static text), or NULL */
} scan_job;

typedef struct scan_shared {
  const bs_scan_options *options;
  const bs_engine *engine;    /* compiled once, shared */
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
} scan_shared;

/* A record on its way to the writer; a NULL-path record means "skipped, resumed". */
typedef struct scan_record {
  bs_file_record record; /* what to store */
  char *path;            /* owned copy of record.path */
  int resumed;           /* stored whole by an earlier run: count only */
} scan_record;

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
  scan_shared *shared;  /* common state */
  bs_scanner *scanner;  /* this thread's scratch */
  bs_buf content;       /* the file's bytes, reused file after file */
  bs_buf decoded;       /* decoding scratch, likewise */
  bs_buf key;           /* map key scratch */
  scan_record *current; /* record being filled */
  bs_status status;     /* first fatal error */
} worker;

static bs_status on_unit(const bs_unit *unit, void *ctx) {
  worker *w = ctx;
  return bs_scanner_scan(w->scanner, unit, &w->current->record.findings);
}

static void on_diagnostic(const char *place, const char *message, void *ctx) {
  worker *w = ctx;
  bs_file_record_diagnose(&w->current->record, "warning", place, message);
}

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

/* Reads the whole file into the worker's buffer (reused: fresh pages cost more than
 * the copy). */
static bs_status read_file(bs_buf *buf, bs_file_record *r, const scan_job *job) {
  bs_buf_reset(buf);
  int fd = open(job->path, O_RDONLY | O_NOATIME | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == EPERM) fd = open(job->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    fail(r, BS_FILE_FAILED, strerror(errno));
    return BS_EIO;
  }
  size_t size = (size_t)job->st.st_size, got = 0;
  if (buf->cap < size + 1) {
    bs_buf_free(buf);
    char *data = bs_malloc(size + 1);
    if (!data) {
      close(fd);
      return BS_ENOMEM;
    }
    buf->data = data;
    buf->cap = size + 1;
  }
  while (got < size) {
    ssize_t n = read(fd, buf->data + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      fail(r, BS_FILE_FAILED, strerror(errno));
      close(fd);
      return BS_EIO;
    }
    if (n == 0) break; /* shrank while we read: scan what is there */
    got += (size_t)n;
  }
  close(fd);
  if (got < size) bs_file_record_diagnose(r, "warning", "end", "file shorter than its listed size");
  buf->data[got] = '\0';
  buf->len = got;
  return BS_OK;
}

static bs_status scan_file(worker *w, scan_job *job, scan_record *rec) {
  scan_shared *s = w->shared;
  bs_file_record *r = &rec->record;
  r->path = rec->path;
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
  status = read_file(&w->content, r, job);
  if (status == BS_EIO) return BS_OK; /* recorded against the file */
  if (status != BS_OK) return status;
  const char *data = w->content.data;
  size_t len = w->content.len;
  /* OpenSSL's SHA-256 uses the CPU's SHA extensions where present: several times
   * libsodium's portable code, and hashing touches every byte scanned. */
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned digest_len = 0;
  if (!EVP_Digest(data, len, digest, &digest_len, EVP_sha256(), NULL)) return BS_EINVAL;
  sodium_bin2hex(r->sha256, sizeof r->sha256, digest, digest_len);
  r->size = (int64_t)len;
  if (!claim_content(s, r->sha256)) {
    r->status = BS_FILE_DUPLICATE;
    return BS_OK;
  }
  bs_unit_sink sink = {on_unit, on_diagnostic, w};
  const char *text;
  size_t text_len;
  bs_encoding encoding;
  w->current = rec;
  status = bs_decode(&text, &text_len, &encoding, data, len, &w->decoded, &sink);
  r->encoding = bs_encoding_name(encoding);
  if (status == BS_EFORMAT) {
    r->format = bs_format_name(BS_FMT_BINARY);
    fail(r, BS_FILE_NOT_EXAMINED, "binary format not supported");
    status = BS_OK;
  } else if (status == BS_OK) {
    char delimiter;
    bs_format format = bs_sniff(&delimiter, job->path, text, text_len);
    r->format = bs_format_name(format);
    r->status = BS_FILE_SCANNED;
    status = bs_extract(format, delimiter, text, text_len, &sink);
    if (status == BS_ELIMIT) {
      bs_file_record_diagnose(r, "warning", NULL, "a size limit was reached; the rest not read");
      status = BS_OK;
    }
  }
  bs_buf_reset(&w->decoded);
  return status;
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
    bs_status status = rec ? BS_OK : BS_ENOMEM;
    if (rec) {
      bs_file_record_init(&rec->record);
      rec->path = job->path;
      status = scan_file(w, job, rec);
      job->path = NULL; /* now the record's */
    }
    bs_free(job->path);
    bs_free(job);
    if (status == BS_OK) status = bs_queue_push(s->records, rec);
    if (status != BS_OK) {
      if (rec) {
        bs_file_record_free(&rec->record);
        bs_free(rec->path);
        bs_free(rec);
      }
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

static bs_status write_records(scan_shared *s, bs_writer *writer, bs_scan_summary *sum,
                               double start) {
  const bs_scan_options *o = s->options;
  bs_status status = BS_OK;
  double last_progress = 0;
  uint64_t files_done = 0, bytes_done = 0;
  scan_record *rec;
  while ((rec = bs_queue_pop(s->records))) {
    bs_file_record *r = &rec->record;
    files_done++;
    bytes_done += (uint64_t)r->size;
    if (status == BS_OK && !rec->resumed) {
      int64_t file_id = 0;
      status = bs_writer_put(writer, r, &file_id);
      if (status == BS_OK) {
        report_diagnostics(o, r, file_id, sum);
        switch (r->status) {
        case BS_FILE_SCANNED: sum->files_scanned++; break;
        case BS_FILE_DUPLICATE: sum->files_duplicate++; break;
        case BS_FILE_FAILED: sum->files_failed++; break;
        case BS_FILE_NOT_EXAMINED: sum->files_not_examined++; break;
        }
        sum->findings += r->findings.count;
        if (r->status == BS_FILE_SCANNED) sum->bytes += (uint64_t)r->size;
      }
    } else if (rec->resumed) {
      sum->files_resumed++;
    }
    bs_file_record_free(r);
    bs_free(rec->path);
    bs_free(rec);
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
  bs_engine *engine = NULL;
  bs_writer *writer = NULL;
  worker *workers = bs_calloc((size_t)threads, sizeof *workers);
  pthread_t *tids = bs_calloc((size_t)threads, sizeof *tids);
  bs_status status = workers && tids ? BS_OK : BS_ENOMEM;
  if (status == BS_OK && sodium_init() < 0) status = BS_EINVAL;
  if (status == BS_OK) status = bs_engine_create(&engine, options->today);
  s.engine = engine;
  if (status == BS_OK) status = bs_strmap_create(&s.done_files);
  if (status == BS_OK) status = bs_strmap_create(&s.claimed);
  if (status == BS_OK) status = bs_store_load_done(store, s.done_files, s.claimed);
  if (status == BS_OK) status = bs_writer_open(&writer, store);
  if (status == BS_OK) status = bs_queue_create(&s.jobs, (size_t)threads * 64);
  if (status == BS_OK)
    status = bs_queue_create(&s.records, (size_t)threads * QUEUE_DEPTH_PER_THREAD);
  for (int i = 0; workers && i < threads; i++) {
    workers[i].shared = &s;
    bs_buf_init(&workers[i].content, (size_t)8 << 30);
    bs_buf_init(&workers[i].decoded, (size_t)8 << 30);
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
    bs_buf_free(&workers[i].decoded);
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
  if (status == BS_OK && out->interrupted) status = BS_EINTERRUPTED;
  return status;
}
