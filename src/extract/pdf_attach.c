/* Attached files of a PDF, read in a child process (see pdf_attach.h).
 *
 * Why: poppler-glib (22.12, and upstream as of this writing) calls
 * getEmbeddedFile()->isOk() on each embedded file specification, and getEmbeddedFile()
 * is NULL when the specification is a string rather than a dictionary; annotations'
 * file attachments go the same way. Attackers' files are exactly where such PDFs are
 * found, and a crash would end every worker of the scan. So the attachments are read by
 * a forked child, which writes them to a pipe:
 *
 *   record  := u32 name_len, name, u64 size, i64 mtime, chunk*, u32 0, u32 outcome
 *   chunk   := u32 len (> 0), bytes
 *   end     := u32 0xFFFFFFFF
 *
 * outcome is 0 (read), 1 (larger than the member limit) or 2 (could not be unpacked).
 * The parent hands each record to sink->member as it arrives. A stream without its end
 * marker means the child died (or was killed after BS_LIMIT_PDF_SECONDS without
 * a byte): that is reported, and counsel told the remaining attachments were not read.
 *
 * The child was forked from a threaded process: only this thread runs in it. It needs
 * no lock another thread could hold except GLib's type system and malloc (glibc makes
 * malloc safe across fork); the timeout covers the rest. Its stderr goes to /dev/null
 * and it leaves no core file. */
#include "extract/pdf_attach.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/limits.h"

#define END_MARK      0xFFFFFFFFu
#define MAX_NAME      4096
#define DRAIN_BYTES   65536
#define OUTCOME_READ  0
#define OUTCOME_LARGE 1
#define OUTCOME_BAD   2

/* ---- Child ----------------------------------------------------------------------- */

static int write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    p += n;
    len -= (size_t)n;
  }
  return 1;
}

static gboolean write_chunk(const gchar *data, gsize count, gpointer ctx, GError **error) {
  (void)error;
  int fd = *(const int *)ctx;
  while (count) {
    uint32_t len = count > (1u << 20) ? 1u << 20 : (uint32_t)count;
    if (!write_all(fd, &len, sizeof len) || !write_all(fd, data, len)) return FALSE;
    data += len;
    count -= len;
  }
  return TRUE;
}

static void child_send(int fd, PopplerAttachment *attachment) {
  const char *name = poppler_attachment_get_name(attachment);
  size_t name_len = name ? strnlen(name, MAX_NAME) : 0;
  uint32_t len32 = (uint32_t)name_len, zero = 0, outcome = OUTCOME_READ;
  uint64_t size = poppler_attachment_get_size(attachment);
  GDateTime *mtime = poppler_attachment_get_mtime(attachment);
  int64_t when = mtime ? g_date_time_to_unix(mtime) : 0;
  if (!write_all(fd, &len32, sizeof len32) || !write_all(fd, name ? name : "", name_len) ||
      !write_all(fd, &size, sizeof size) || !write_all(fd, &when, sizeof when))
    _exit(1);
  if (size > BS_LIMIT_MEMBER_BYTES)
    outcome = OUTCOME_LARGE;
  else if (!poppler_attachment_save_to_callback(attachment, write_chunk, &fd, NULL))
    outcome = OUTCOME_BAD;
  if (!write_all(fd, &zero, sizeof zero) || !write_all(fd, &outcome, sizeof outcome)) _exit(1);
}

/* An attachment poppler knows of but would not hand over: a record without name or
 * bytes, so that the parent lists it as not examined. */
static void child_send_missing(int fd) {
  uint32_t zero = 0, outcome = OUTCOME_BAD;
  uint64_t size = 0;
  int64_t when = 0;
  if (!write_all(fd, &zero, sizeof zero) || !write_all(fd, &size, sizeof size) ||
      !write_all(fd, &when, sizeof when) || !write_all(fd, &zero, sizeof zero) ||
      !write_all(fd, &outcome, sizeof outcome))
    _exit(1);
}

static void child_main(int fd, PopplerDocument *doc) {
  /* A crash here is expected and handled by the parent: the default action, not the
   * handlers of sanitizers or fuzzers inherited from it, which would report it. */
  static const int deadly[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTRAP};
  for (size_t i = 0; i < sizeof deadly / sizeof deadly[0]; i++) signal(deadly[i], SIG_DFL);
  int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null >= 0) dup2(null, 2);
  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  GList *list = poppler_document_get_attachments(doc);
  guint sent = 0;
  for (GList *at = list; at; at = at->next, sent++) child_send(fd, at->data);
  g_list_free_full(list, g_object_unref);
  for (guint known = poppler_document_get_n_attachments(doc); sent < known; sent++)
    child_send_missing(fd); /* specifications poppler skipped */
  int pages = poppler_document_get_n_pages(doc);
  for (int i = 0; i < pages && i < BS_LIMIT_PDF_PAGES; i++) {
    PopplerPage *page = poppler_document_get_page(doc, i);
    if (!page) continue;
    GList *annotations = poppler_page_get_annot_mapping(page);
    for (GList *at = annotations; at; at = at->next) {
      PopplerAnnot *annot = ((PopplerAnnotMapping *)at->data)->annot;
      if (poppler_annot_get_annot_type(annot) != POPPLER_ANNOT_FILE_ATTACHMENT) continue;
      PopplerAttachment *attachment =
          poppler_annot_file_attachment_get_attachment(POPPLER_ANNOT_FILE_ATTACHMENT(annot));
      if (attachment) {
        child_send(fd, attachment);
        g_object_unref(attachment);
      } else {
        child_send_missing(fd);
      }
    }
    poppler_page_free_annot_mapping(annotations);
    g_object_unref(page);
  }
  uint32_t end = END_MARK;
  write_all(fd, &end, sizeof end);
  _exit(0);
}

/* ---- Parent ---------------------------------------------------------------------- */

typedef struct child_reader {
  int fd;        /* the pipe's read end */
  int timed_out; /* no byte for BS_LIMIT_PDF_SECONDS */
} child_reader;

/* Reads exactly len bytes into out (NULL: discarded). 0 at the end, an error or the
 * timeout. */
static int read_exact(child_reader *c, void *out, size_t len) {
  char drain[256];
  char *p = out;
  while (len) {
    struct pollfd waiting = {.fd = c->fd, .events = POLLIN};
    int ready = poll(&waiting, 1, BS_LIMIT_PDF_SECONDS * 1000);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) c->timed_out = 1;
    if (ready <= 0) return 0;
    size_t want = p ? len : (len < sizeof drain ? len : sizeof drain);
    ssize_t n = read(c->fd, p ? p : drain, want);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return 0;
    if (p) p += n;
    len -= (size_t)n;
  }
  return 1;
}

/* An attachment's name made safe to show (as archive.c's entries): no leading "./" or
 * "/", no control characters, never empty. */
static void clean_name(char *out, size_t cap, const char *name, unsigned index) {
  while (name[0] == '/' || (name[0] == '.' && name[1] == '/')) name += name[0] == '/' ? 1 : 2;
  if (!*name) {
    snprintf(out, cap, "attachment-%u", index);
    return;
  }
  size_t n = 0;
  for (; *name && n + 1 < cap; name++)
    out[n++] = (unsigned char)*name < 0x20 || *name == 0x7f ? '_' : *name;
  out[n] = '\0';
}

/* One record from the child into a member. Returns 0 when the stream ended (end: the
 * end marker was read). */
static int read_record(child_reader *c, bs_buf *data, bs_member *m, char *name, unsigned index,
                       int *end, bs_status *status) {
  uint32_t name_len;
  if (!read_exact(c, &name_len, sizeof name_len)) return 0;
  if (name_len == END_MARK) {
    *end = 1;
    return 0;
  }
  char raw[MAX_NAME + 1];
  uint64_t size;
  int64_t mtime;
  if (name_len > MAX_NAME || !read_exact(c, raw, name_len) || !read_exact(c, &size, sizeof size) ||
      !read_exact(c, &mtime, sizeof mtime))
    return 0;
  raw[name_len] = '\0';
  clean_name(name, MAX_NAME + 32, raw, index);
  bs_buf_reset(data);
  int too_large = 0;
  for (;;) {
    uint32_t len;
    if (!read_exact(c, &len, sizeof len)) return 0;
    if (len == 0) break;
    if (!too_large && data->len + len > BS_LIMIT_MEMBER_BYTES) too_large = 1;
    if (too_large) {
      if (!read_exact(c, NULL, len)) return 0;
      continue;
    }
    bs_status room = bs_buf_reserve(data, len);
    if (room != BS_OK) {
      *status = room;
      return 0;
    }
    if (!read_exact(c, data->data + data->len, len)) return 0;
    data->len += len;
    data->data[data->len] = '\0';
  }
  uint32_t outcome;
  if (!read_exact(c, &outcome, sizeof outcome)) return 0;
  *m = (bs_member){.name = name, .mtime = mtime};
  if (too_large || outcome == OUTCOME_LARGE)
    m->not_examined = "larger than the member size limit";
  else if (outcome != OUTCOME_READ)
    m->not_examined = "damaged: could not be unpacked";
  if (m->not_examined) {
    m->len = (size_t)size;
  } else {
    m->data = data->data ? data->data : "";
    m->len = data->len;
  }
  return 1;
}

bs_status bs_pdf_attachments(PopplerDocument *doc, const bs_unit_sink *sink) {
  int fds[2];
  if (!sink->member) return BS_OK;
  if (pipe2(fds, O_CLOEXEC) != 0) {
    sink->diagnostic("attachments", "attached files not read: no pipe", sink->ctx);
    if (sink->unexamined) sink->unexamined("attachments", "not read", sink->ctx);
    return BS_OK;
  }
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    child_main(fds[1], doc);
  }
  close(fds[1]);
  if (child < 0) {
    close(fds[0]);
    sink->diagnostic("attachments", "attached files not read: no process", sink->ctx);
    if (sink->unexamined) sink->unexamined("attachments", "not read", sink->ctx);
    return BS_OK;
  }
  child_reader c = {.fd = fds[0]};
  bs_buf data;
  bs_buf_init(&data, BS_LIMIT_MEMBER_BYTES);
  bs_status status = BS_OK;
  char name[MAX_NAME + 32];
  unsigned index = 0;
  int end = 0;
  bs_member m;
  while (status == BS_OK && read_record(&c, &data, &m, name, index + 1, &end, &status)) {
    if (++index > BS_LIMIT_MEMBERS) {
      sink->diagnostic("attachments", "more attachments than the limit: the rest not read",
                       sink->ctx);
      status = BS_ELIMIT;
      break;
    }
    status = sink->member(&m, sink->ctx);
  }
  if (!end && status == BS_OK) {
    sink->diagnostic("attachments",
                     c.timed_out ? "reading attached files took too long: the rest not read"
                                 : "reading attached files failed in the PDF library: the rest "
                                   "not read",
                     sink->ctx);
    if (sink->unexamined) sink->unexamined("attachments", "damaged: could not be read", sink->ctx);
  }
  close(fds[0]);
  if (!end) kill(child, SIGKILL); /* stopped early, hung or already dead */
  while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {
  }
  bs_buf_free(&data);
  return status;
}
