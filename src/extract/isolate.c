/* Readers in a child process (see isolate.h). The child writes frames to a pipe:
 *
 *   unit        := 'u' u64 line, u64 column, u64 row, u64 record, i32 hint_type,
 *                      string hint, string place, string text
 *   diagnostic  := 'd' string place, string message
 *   unexamined  := 'x' string place, string why
 *   end         := 'e' i32 status
 *   string      := u32 len (NONE for a NULL pointer), bytes
 *
 * The parent reads them as they come (so a big table never sits whole in the pipe or in
 * memory), interning hints so that each distinct hint keeps one pointer for the whole
 * file, as the sink's contract wants. The child was forked from a threaded process: only
 * the forking thread runs in it, it takes no lock another thread could hold except
 * malloc's (glibc makes that safe across fork), and the timeout covers the rest. It has
 * no core file, its stderr goes nowhere, and its address space is capped. */
#include "extract/isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/strmap.h"

#define NONE        0xFFFFFFFFu
#define MAX_STRING  ((size_t)BS_LIMIT_MEMBER_BYTES)
/* Units are written in batches of this size: a child that crashes loses at most these,
 * and they are reported with the rest as not read. Notes are written at once. */
#define WRITE_BATCH ((size_t)4 << 10)

/* ---- Child ----------------------------------------------------------------------- */

typedef struct child_writer {
  int fd;     /* the pipe */
  bs_buf out; /* frames not yet written */
  int broken; /* the parent went away */
} child_writer;

static void flush(child_writer *w) {
  const char *p = w->out.data;
  size_t len = w->out.len;
  while (len && !w->broken) {
    ssize_t n = write(w->fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) w->broken = 1;
    if (n > 0) {
      p += n;
      len -= (size_t)n;
    }
  }
  bs_buf_reset(&w->out);
}

static void put(child_writer *w, const void *data, size_t len) {
  if (bs_buf_append(&w->out, data, len) != BS_OK) w->broken = 1;
}

static void put_string(child_writer *w, const char *text, size_t len) {
  uint32_t n = text ? (uint32_t)len : NONE;
  put(w, &n, sizeof n);
  if (text) put(w, text, len);
}

static void put_cstring(child_writer *w, const char *text) {
  put_string(w, text, text ? strlen(text) : 0);
}

static bs_status child_unit(const bs_unit *unit, void *ctx) {
  child_writer *w = ctx;
  int32_t hint_type = (int32_t)unit->hint_type;
  put(w, "u", 1);
  put(w, &unit->line, sizeof unit->line);
  put(w, &unit->column, sizeof unit->column);
  put(w, &unit->row, sizeof unit->row);
  put(w, &unit->record, sizeof unit->record);
  put(w, &hint_type, sizeof hint_type);
  put_cstring(w, unit->hint);
  put_cstring(w, unit->place);
  put_string(w, unit->text, unit->len > MAX_STRING ? MAX_STRING : unit->len);
  if (w->out.len >= WRITE_BATCH) flush(w);
  return w->broken ? BS_EIO : BS_OK;
}

static void child_diagnostic(const char *place, const char *message, void *ctx) {
  put(ctx, "d", 1);
  put_cstring(ctx, place);
  put_cstring(ctx, message);
  flush(ctx);
}

static void child_unexamined(const char *place, const char *why, void *ctx) {
  put(ctx, "x", 1);
  put_cstring(ctx, place);
  put_cstring(ctx, why);
  flush(ctx);
}

/* The address space the child may use beyond what it inherits: a reader looping while
 * it allocates stops here instead of taking the machine's memory. */
static void cap_memory(void) {
  long pages = 0, page = sysconf(_SC_PAGESIZE);
  char line[128];
  FILE *statm = fopen("/proc/self/statm", "r");
  if (statm) {
    if (fgets(line, sizeof line, statm)) pages = strtol(line, NULL, 10);
    fclose(statm);
  }
  if (pages <= 0 || page <= 0) return;
  rlim_t limit = (rlim_t)pages * (rlim_t)page + ((rlim_t)BS_LIMIT_ISOLATED_MEMORY);
  struct rlimit as = {limit, limit};
  setrlimit(RLIMIT_AS, &as);
}

static _Noreturn void child_main(int fd, bs_isolated_reader fn, const bs_source *src) {
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) dup2(null, STDERR_FILENO);
  cap_memory();
  child_writer w = {.fd = fd};
  bs_buf_init(&w.out, 2 * MAX_STRING + 64);
  bs_unit_sink sink = {child_unit, child_diagnostic, NULL, child_unexamined, &w};
  bs_source copy = *src;
  copy.open_path = NULL; /* the same bytes are in memory */
  int32_t status = (int32_t)fn(&copy, &sink);
  put(&w, "e", 1);
  put(&w, &status, sizeof status);
  flush(&w);
  _exit(0);
}

/* ---- Parent ---------------------------------------------------------------------- */

typedef struct parent_reader {
  int fd;        /* the pipe */
  int timed_out; /* the child went quiet past the limit */
} parent_reader;

static int read_exact(parent_reader *p, void *out, size_t len) {
  char *dest = out;
  while (len) {
    struct pollfd waiting = {.fd = p->fd, .events = POLLIN};
    int ready = poll(&waiting, 1, BS_LIMIT_ISOLATED_SECONDS * 1000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) p->timed_out = 1;
    if (ready <= 0) return 0;
    ssize_t n = read(p->fd, dest, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    dest += n;
    len -= (size_t)n;
  }
  return 1;
}

/* A string into buf, NUL-terminated. OUT: *text (NULL for a NULL pointer). */
static int read_string(parent_reader *p, bs_buf *buf, const char **text, size_t *len) {
  uint32_t n;
  bs_buf_reset(buf);
  if (!read_exact(p, &n, sizeof n)) return 0;
  if (n == NONE) {
    *text = NULL;
    if (len) *len = 0;
    return 1;
  }
  if (n > MAX_STRING || bs_buf_reserve(buf, (size_t)n + 1) != BS_OK || !read_exact(p, buf->data, n))
    return 0;
  buf->data[n] = '\0';
  buf->len = n;
  *text = buf->data;
  if (len) *len = n;
  return 1;
}

typedef struct replay {
  parent_reader pipe;
  const bs_unit_sink *sink;
  bs_strmap *hints; /* interned hints: one pointer each for the whole file */
  bs_buf strings[3];
  int ended;        /* the end frame came */
  bs_status status; /* the child's, once ended; else the sink's */
} replay;

static int replay_unit(replay *r) {
  bs_unit unit;
  int32_t hint_type;
  const char *hint;
  if (!read_exact(&r->pipe, &unit.line, sizeof unit.line) ||
      !read_exact(&r->pipe, &unit.column, sizeof unit.column) ||
      !read_exact(&r->pipe, &unit.row, sizeof unit.row) ||
      !read_exact(&r->pipe, &unit.record, sizeof unit.record) ||
      !read_exact(&r->pipe, &hint_type, sizeof hint_type) ||
      !read_string(&r->pipe, &r->strings[0], &hint, NULL) ||
      !read_string(&r->pipe, &r->strings[1], &unit.place, NULL) ||
      !read_string(&r->pipe, &r->strings[2], &unit.text, &unit.len))
    return 0;
  if (hint_type < BS_EL_NONE || hint_type >= BS_EL_COUNT) hint_type = BS_EL_NONE;
  unit.hint_type = (bs_element)hint_type;
  unit.hint = NULL;
  if (hint) {
    int64_t *slot;
    r->status = bs_strmap_upsert(r->hints, hint, strlen(hint), &slot, &unit.hint, NULL);
    if (r->status != BS_OK) return 0;
  }
  if (!unit.text) unit.text = "";
  r->status = r->sink->unit(&unit, r->sink->ctx);
  return r->status == BS_OK;
}

/* One frame from the child; 0 when the stream ended or the sink refused. */
static int replay_frame(replay *r) {
  char kind;
  const char *first, *second;
  if (!read_exact(&r->pipe, &kind, 1)) return 0;
  switch (kind) {
  case 'u': return replay_unit(r);
  case 'd':
  case 'x':
    if (!read_string(&r->pipe, &r->strings[0], &first, NULL) ||
        !read_string(&r->pipe, &r->strings[1], &second, NULL) || !second)
      return 0;
    if (kind == 'd')
      r->sink->diagnostic(first, second, r->sink->ctx);
    else if (r->sink->unexamined)
      r->sink->unexamined(first, second, r->sink->ctx);
    return 1;
  case 'e': {
    int32_t status;
    if (!read_exact(&r->pipe, &status, sizeof status)) return 0;
    r->ended = 1;
    r->status = status >= BS_OK && status <= BS_ECASE ? (bs_status)status : BS_EFORMAT;
    return 0;
  }
  default: return 0; /* not a frame: the child is broken */
  }
}

static void report_failure(const bs_unit_sink *sink, const char *what, int timed_out) {
  char message[160];
  snprintf(message, sizeof message, "%s %s: the rest not read", what,
           timed_out ? "took too long" : "failed on this file");
  sink->diagnostic(NULL, message, sink->ctx);
  if (sink->unexamined) sink->unexamined("rest", "damaged: could not be read", sink->ctx);
}

bs_status bs_isolate_run(bs_isolated_reader fn, const bs_source *src, const bs_unit_sink *sink,
                         const char *what) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    report_failure(sink, what, 0);
    return BS_OK;
  }
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    child_main(fds[1], fn, src);
  }
  close(fds[1]);
  if (child < 0) {
    close(fds[0]);
    report_failure(sink, what, 0);
    return BS_OK;
  }
  replay r = {.pipe = {.fd = fds[0]}, .sink = sink};
  for (int i = 0; i < 3; i++) bs_buf_init(&r.strings[i], MAX_STRING + 1);
  r.status = bs_strmap_create(&r.hints);
  if (r.status == BS_OK)
    while (replay_frame(&r)) {
    }
  close(fds[0]);
  if (!r.ended) kill(child, SIGKILL); /* stopped early, hung or already dead */
  while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
  }
  bs_status status = r.status;
  if (!r.ended && status == BS_OK) report_failure(sink, what, r.pipe.timed_out);
  bs_strmap_free(r.hints);
  for (int i = 0; i < 3; i++) bs_buf_free(&r.strings[i]);
  return status;
}
