/* Readers in a child process (see isolate.h). The child writes frames to a pipe:
 *
 *   pid         := 'p' i32 pid                       (first, from a zygote's child)
 *   unit        := 'u' u64 line, u64 column, u64 row, u64 record, i32 hint_type,
 *                      string hint, string place, string text
 *   diagnostic  := 'd' string place, string message
 *   unexamined  := 'x' string place, string why
 *   member      := 'm' string name, i64 mtime, string not_examined, string data
 *   end         := 'e' i32 status
 *   string      := u32 len (NONE for a NULL pointer), bytes
 *
 * The caller reads them as they come (a big table never sits whole in the pipe or in
 * memory), interning hints so that each distinct hint keeps one pointer for the whole
 * file, as the sink's contract wants. Members are handed on as they arrive: the caller
 * scans them (in its own process) before the child goes on.
 *
 * With a zygote, each calling thread has a reader process of its own (forked by the
 * zygote when the thread first needs one, again after a failure, and renewed every
 * READER_FILES files), which reads file after file: a fork per file would cost more
 * than reading most of them. A request is one datagram on a SOCK_SEQPACKET socket: the
 * reader function (a pointer: the zygote is a fork of this program, so its code sits at
 * the same addresses), the file's name and length, and two descriptors, the file (the
 * walked file itself, or a memfd holding a member's bytes) and the pipe's writing end.
 * Readers have no core file, their stderr goes nowhere, their address space is capped,
 * and they die with the zygote, which dies with the program. */
#include "extract/isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/limits.h"
#include "base/mapping.h"
#include "base/strmap.h"
#include "extract/memfile.h"

#define NONE        0xFFFFFFFFu
#define MAX_STRING  ((size_t)BS_LIMIT_MEMBER_BYTES)
#define MAX_NAME    4096
/* Units are written in batches of this size: a child that crashes loses at most these,
 * and they are reported with the rest as not read. Everything else is written at once. */
#define WRITE_BATCH ((size_t)4 << 10)

static int zygote_socket = -1; /* this program's end, -1 without a zygote */
static pid_t zygote_pid = -1;

/* A file for a reader process to read, with two descriptors: the file (the walked file
 * itself, or a memfd holding a member's bytes) and the pipe's writing end. */
typedef struct request {
  bs_isolated_reader fn; /* what to run */
  uint64_t len;          /* bytes of the file */
  char name[MAX_NAME];   /* its name, NUL-terminated */
} request;

/* ---- Child ----------------------------------------------------------------------- */

typedef struct child_writer {
  int fd;                /* the pipe */
  bs_buf out;            /* frames not yet written */
  int broken;            /* the reading end went away */
  struct timespec flush; /* when out was last written */
} child_writer;

static void write_raw(child_writer *w, const char *p, size_t len) {
  while (len && !w->broken) {
    ssize_t n = write(w->fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      w->broken = 1;
      return;
    }
    p += n;
    len -= (size_t)n;
  }
}

static void flush(child_writer *w) {
  write_raw(w, w->out.data, w->out.len);
  bs_buf_reset(&w->out);
  clock_gettime(CLOCK_MONOTONIC, &w->flush);
}

/* Units wait for a batch, but never past a second: the caller takes a child that says
 * nothing for BS_LIMIT_ISOLATED_SECONDS for one that hangs. */
static int flush_due(const child_writer *w) {
  if (w->out.len >= WRITE_BATCH) return 1;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > w->flush.tv_sec + 1 ||
         (now.tv_sec == w->flush.tv_sec + 1 && now.tv_nsec >= w->flush.tv_nsec);
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
  if (flush_due(w)) flush(w);
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

/* A member's bytes go straight to the pipe, not through the frame buffer. */
static bs_status child_member(const bs_member *member, void *ctx) {
  child_writer *w = ctx;
  size_t len = member->data ? member->len : 0;
  if (len > MAX_STRING) len = MAX_STRING; /* readers keep to the member limit */
  uint32_t n = member->data ? (uint32_t)len : NONE;
  put(w, "m", 1);
  put_cstring(w, member->name);
  put(w, &member->mtime, sizeof member->mtime);
  put_cstring(w, member->not_examined);
  put(w, &n, sizeof n);
  flush(w);
  if (member->data) write_raw(w, member->data, len);
  return w->broken ? BS_EIO : BS_OK;
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

static void quiet_child(void) {
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) dup2(null, STDERR_FILENO);
}

/* Reads src into the pipe fd, frames and all, ending with the end frame. */
static void run_one(int fd, bs_isolated_reader fn, const bs_source *src, int send_pid) {
  child_writer w = {.fd = fd};
  bs_buf_init(&w.out, 2 * MAX_STRING + 64);
  clock_gettime(CLOCK_MONOTONIC, &w.flush);
  if (send_pid) {
    int32_t pid = (int32_t)getpid();
    put(&w, "p", 1);
    put(&w, &pid, sizeof pid);
    flush(&w);
  }
  bs_unit_sink sink = {child_unit, child_diagnostic, child_member, child_unexamined, &w};
  int32_t status = (int32_t)fn(src, &sink);
  put(&w, "e", 1);
  put(&w, &status, sizeof status);
  flush(&w);
  bs_buf_free(&w.out);
}

static _Noreturn void child_main(int fd, bs_isolated_reader fn, const bs_source *src) {
  quiet_child();
  cap_memory();
  bs_source copy = *src;
  copy.open_path = NULL; /* the bytes are mapped or copied: the descriptor is not ours */
  run_one(fd, fn, &copy, 0);
  _exit(0);
}

/* ---- Descriptors over a socket ----------------------------------------------------- */

/* Sends one datagram with count descriptors (1 or 2). */
static int send_with_fds(int sock, const void *data, size_t len, const int *fds, int count) {
  union {
    char buffer[CMSG_SPACE(2 * sizeof(int))];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof control);
  struct iovec iov = {(void *)data, len};
  struct msghdr msg = {.msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = control.buffer,
                       .msg_controllen = CMSG_SPACE((size_t)count * sizeof(int))};
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN((size_t)count * sizeof(int));
  memcpy(CMSG_DATA(c), fds, (size_t)count * sizeof(int));
  ssize_t n;
  do n = sendmsg(sock, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n == (ssize_t)len;
}

/* Receives one datagram of exactly len bytes with count descriptors; anything else is
 * refused (its descriptors closed, fds[] -1). Returns 0 when the other end has gone. */
static int receive_with_fds(int sock, void *data, size_t len, int *fds, int count) {
  union {
    char buffer[CMSG_SPACE(2 * sizeof(int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = {data, len};
  struct msghdr msg = {.msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = control.buffer,
                       .msg_controllen = sizeof control.buffer};
  for (int i = 0; i < count; i++) fds[i] = -1;
  ssize_t n;
  do n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n <= 0) return 0;
  struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
  int got = 0, received[2] = {-1, -1};
  if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
      c->cmsg_len >= CMSG_LEN(sizeof(int)) && c->cmsg_len <= CMSG_LEN(2 * sizeof(int))) {
    got = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
    memcpy(received, CMSG_DATA(c), (size_t)got * sizeof(int));
  }
  if ((size_t)n == len && got == count) {
    for (int i = 0; i < count; i++) fds[i] = received[i];
  } else {
    for (int i = 0; i < got; i++) close(received[i]);
  }
  return 1;
}

/* ---- Readers and their zygote ------------------------------------------------------ */

/* A reader process: reads file after file sent on sock, each into its own pipe, until
 * the caller closes sock (or kills it after a failure). */
static _Noreturn void reader_main(int sock) {
  signal(SIGCHLD, SIG_DFL); /* readers wait for children of their own */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  cap_memory();
  request req;
  int fds[2];
  while (receive_with_fds(sock, &req, sizeof req, fds, 2)) {
    if (fds[0] < 0 || fds[1] < 0) continue;
    req.name[MAX_NAME - 1] = '\0';
    const char *data = "";
    size_t span = 0;
    if (req.len && bs_map(&data, &span, fds[0], (size_t)req.len) != BS_OK) {
      data = NULL; /* nothing written: the caller sees the pipe end and reports it */
    }
    if (data) {
      /* The file's descriptor opens the same bytes by a path, for libraries that only
       * open paths (libpst): a walked store is not copied to be read. */
      char path[40];
      snprintf(path, sizeof path, "/proc/self/fd/%d", fds[0]);
      bs_source src = {.name = req.name, .data = data, .len = (size_t)req.len, .open_path = path};
      run_one(fds[1], req.fn, &src, 1);
    }
    if (span) bs_unmap(data, span);
    close(fds[0]);
    close(fds[1]);
  }
  _exit(0);
}

/* The zygote: forks a reader process for each socket it is sent. */
static _Noreturn void zygote_main(int sock) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGCHLD, SIG_IGN); /* readers are reaped by the kernel */
  uint32_t ask;
  int reader_sock;
  while (receive_with_fds(sock, &ask, sizeof ask, &reader_sock, 1)) {
    if (reader_sock < 0) continue;
    pid_t child = fork();
    if (child == 0) {
      close(sock);
      reader_main(reader_sock);
    }
    close(reader_sock); /* a failed fork: the caller sees its socket end at once */
  }
  _exit(0);
}

bs_status bs_isolate_start(void (*prepare)(void)) {
  if (zygote_socket >= 0) return BS_OK;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return BS_EIO;
  pid_t pid = fork();
  if (pid == 0) {
    close(sv[0]);
    quiet_child();
    if (prepare) prepare();
    zygote_main(sv[1]);
  }
  close(sv[1]);
  if (pid < 0) {
    close(sv[0]);
    return BS_EIO;
  }
  zygote_socket = sv[0];
  zygote_pid = pid;
  return BS_OK;
}

void bs_isolate_stop(void) {
  if (zygote_socket < 0) return;
  close(zygote_socket); /* the zygote ends, and its readers with it */
  zygote_socket = -1;
  while (waitpid(zygote_pid, NULL, 0) < 0 && errno == EINTR) {
  }
  zygote_pid = -1;
}

/* Each calling thread's reader process, made on first need and after a failure, and
 * renewed after READER_FILES files so that what a library leaks does not pile up. */
#define READER_FILES 1000

typedef struct reader {
  int sock;     /* to the reader process, -1: none */
  unsigned use; /* files it read */
} reader;

static pthread_key_t reader_key;
static pthread_once_t reader_key_once = PTHREAD_ONCE_INIT;

static void reader_close(void *value) {
  reader *r = value;
  if (r && r->sock >= 0) close(r->sock); /* the process ends on its own */
  bs_free(r);
}

static void make_reader_key(void) { (void)pthread_key_create(&reader_key, reader_close); }

static reader *thread_reader(void) {
  pthread_once(&reader_key_once, make_reader_key);
  reader *r = pthread_getspecific(reader_key);
  if (!r) {
    r = bs_malloc(sizeof *r);
    if (!r) return NULL;
    r->sock = -1;
    r->use = 0;
    pthread_setspecific(reader_key, r);
  }
  if (r->sock < 0) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return NULL;
    uint32_t ask = 1;
    int sent = send_with_fds(zygote_socket, &ask, sizeof ask, &sv[1], 1);
    close(sv[1]);
    if (!sent) {
      close(sv[0]);
      return NULL;
    }
    r->sock = sv[0];
    r->use = 0;
  }
  return r;
}

static void reader_retire(reader *r) {
  if (r->sock >= 0) close(r->sock);
  r->sock = -1;
}

/* Asks the thread's reader process to read src, its output on pipe_end. */
static bs_status request_read(reader *rd, bs_isolated_reader fn, const bs_source *src,
                              int pipe_end) {
  request req;
  memset(&req, 0, sizeof req);
  req.fn = fn;
  req.len = src->len;
  snprintf(req.name, sizeof req.name, "%s", src->name ? src->name : "");
  bs_memfile copy = {.fd = -1};
  int file = src->open_path ? open(src->open_path, O_RDONLY | O_CLOEXEC) : -1;
  if (file < 0) {
    if (bs_memfile_open(&copy, src->data, src->len) != BS_OK) return BS_EIO;
    file = copy.fd;
  }
  int fds[2] = {file, pipe_end};
  int sent = send_with_fds(rd->sock, &req, sizeof req, fds, 2);
  if (copy.fd >= 0)
    bs_memfile_close(&copy);
  else
    close(file);
  return sent ? BS_OK : BS_EIO;
}

/* ---- Caller ---------------------------------------------------------------------- */

/* Why a part or a member was not examined is a fixed phrase the sink may keep (a file's
 * note): the child's copies are kept here, once each, for the life of the program.
 * Readers have a few dozen such phrases; past the cap, a generic one stands in. */
#define MAX_PHRASES 1024
static bs_strmap *phrases;
static pthread_mutex_t phrases_lock = PTHREAD_MUTEX_INITIALIZER;

static const char *stable_phrase(const char *text) {
  if (!text) return NULL;
  const char *stored = NULL;
  pthread_mutex_lock(&phrases_lock);
  if (!phrases && bs_strmap_create(&phrases) != BS_OK) phrases = NULL;
  size_t len = strlen(text);
  if (phrases && (bs_strmap_find(phrases, text, len) || bs_strmap_count(phrases) < MAX_PHRASES)) {
    int64_t *slot;
    if (bs_strmap_upsert(phrases, text, len, &slot, &stored, NULL) != BS_OK) stored = NULL;
  }
  pthread_mutex_unlock(&phrases_lock);
  return stored ? stored : "damaged: could not be read";
}

#define READ_BUFFER ((size_t)64 << 10)

typedef struct replay {
  int fd;                   /* the pipe */
  char *in;                 /* bytes read from it, not yet taken */
  size_t in_pos, in_len;    /* taken up to in_pos of in_len */
  int timed_out;            /* the child went quiet past the limit */
  pid_t child;              /* the reading process, once known */
  const bs_unit_sink *sink; /* where the output goes */
  bs_strmap *hints;         /* interned hints: one pointer each for the whole file */
  bs_buf strings[3];        /* the strings of the frame being read */
  int ended;                /* the end frame came */
  bs_status status;         /* the child's, once ended; else the sink's */
} replay;

/* Frames come in small fields: they are taken from a buffer refilled a pipe's worth at
 * a time, not read one system call each. */
static int read_exact(replay *r, void *out, size_t len) {
  char *dest = out;
  while (len) {
    if (r->in_pos < r->in_len) {
      size_t n = r->in_len - r->in_pos < len ? r->in_len - r->in_pos : len;
      memcpy(dest, r->in + r->in_pos, n);
      r->in_pos += n;
      dest += n;
      len -= n;
      continue;
    }
    struct pollfd waiting = {.fd = r->fd, .events = POLLIN};
    int ready = poll(&waiting, 1, BS_LIMIT_ISOLATED_SECONDS * 1000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) r->timed_out = 1;
    if (ready <= 0) return 0;
    ssize_t n = read(r->fd, r->in, READ_BUFFER);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    r->in_pos = 0;
    r->in_len = (size_t)n;
  }
  return 1;
}

/* A string into strings[slot], NUL-terminated. OUT: *text (NULL for a NULL pointer). */
static int read_string(replay *r, int slot, const char **text, size_t *len, size_t max) {
  bs_buf *buf = &r->strings[slot];
  uint32_t n;
  bs_buf_reset(buf);
  if (!read_exact(r, &n, sizeof n)) return 0;
  if (n == NONE) {
    *text = NULL;
    if (len) *len = 0;
    return 1;
  }
  if (n > max || bs_buf_reserve(buf, (size_t)n + 1) != BS_OK || !read_exact(r, buf->data, n))
    return 0;
  buf->data[n] = '\0';
  buf->len = n;
  *text = buf->data;
  if (len) *len = n;
  return 1;
}

static int replay_unit(replay *r) {
  bs_unit unit;
  int32_t hint_type;
  const char *hint;
  if (!read_exact(r, &unit.line, sizeof unit.line) ||
      !read_exact(r, &unit.column, sizeof unit.column) ||
      !read_exact(r, &unit.row, sizeof unit.row) ||
      !read_exact(r, &unit.record, sizeof unit.record) ||
      !read_exact(r, &hint_type, sizeof hint_type) || !read_string(r, 0, &hint, NULL, MAX_NAME) ||
      !read_string(r, 1, &unit.place, NULL, MAX_NAME) ||
      !read_string(r, 2, &unit.text, &unit.len, MAX_STRING))
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

static int replay_member(replay *r) {
  bs_member m;
  memset(&m, 0, sizeof m);
  if (!read_string(r, 0, &m.name, NULL, MAX_NAME) || !m.name || !*m.name ||
      !read_exact(r, &m.mtime, sizeof m.mtime) ||
      !read_string(r, 1, &m.not_examined, NULL, MAX_NAME) ||
      !read_string(r, 2, &m.data, &m.len, MAX_STRING))
    return 0;
  if (!r->sink->member) return 1;
  m.not_examined = stable_phrase(m.not_examined);
  r->status = r->sink->member(&m, r->sink->ctx);
  return r->status == BS_OK;
}

/* One frame from the child; 0 when the stream ended, broke, or the sink refused. */
static int replay_frame(replay *r) {
  char kind;
  const char *first, *second;
  if (!read_exact(r, &kind, 1)) return 0;
  switch (kind) {
  case 'u': return replay_unit(r);
  case 'm': return replay_member(r);
  case 'd':
  case 'x':
    if (!read_string(r, 0, &first, NULL, MAX_NAME) || !read_string(r, 1, &second, NULL, MAX_NAME) ||
        !second)
      return 0;
    if (kind == 'd')
      r->sink->diagnostic(first, second, r->sink->ctx);
    else if (r->sink->unexamined)
      r->sink->unexamined(first, stable_phrase(second), r->sink->ctx);
    return 1;
  case 'p': {
    int32_t pid;
    if (!read_exact(r, &pid, sizeof pid) || pid <= 0) return 0;
    r->child = (pid_t)pid;
    return 1;
  }
  case 'e': {
    int32_t status;
    if (!read_exact(r, &status, sizeof status)) return 0;
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
  pid_t forked = -1;
  bs_status started;
  reader *rd = zygote_socket >= 0 ? thread_reader() : NULL;
  if (rd) {
    started = request_read(rd, fn, src, fds[1]);
    if (started != BS_OK) reader_retire(rd);
  } else {
    forked = fork();
    if (forked == 0) {
      close(fds[0]);
      child_main(fds[1], fn, src);
    }
    started = forked > 0 ? BS_OK : BS_EIO;
  }
  close(fds[1]);
  if (started != BS_OK) {
    close(fds[0]);
    report_failure(sink, what, 0);
    return BS_OK;
  }
  replay r = {.fd = fds[0], .child = forked, .sink = sink};
  for (int i = 0; i < 3; i++) bs_buf_init(&r.strings[i], MAX_STRING + 1);
  r.in = bs_malloc(READ_BUFFER);
  r.status = r.in ? bs_strmap_create(&r.hints) : BS_ENOMEM;
  if (r.status == BS_OK)
    while (replay_frame(&r)) {
    }
  /* A child still running (quiet past the limit, or the sink stopped early) is stopped
   * before its pipe closes; one that ended or died is not signalled: its pid may be
   * another's by now. */
  if (!r.ended && r.child > 0 && (r.timed_out || r.status != BS_OK)) kill(r.child, SIGKILL);
  close(fds[0]);
  if (rd && (!r.ended || ++rd->use >= READER_FILES)) reader_retire(rd);
  if (forked > 0)
    while (waitpid(forked, NULL, 0) < 0 && errno == EINTR) {
    }
  bs_status status = r.status;
  if (!r.ended && status == BS_OK) report_failure(sink, what, r.timed_out);
  bs_strmap_free(r.hints);
  for (int i = 0; i < 3; i++) bs_buf_free(&r.strings[i]);
  bs_free(r.in);
  return status;
}
