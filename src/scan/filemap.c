/* Walked files, copied or mapped (see filemap.h). A mapped file cut short by another
 * process while we read it would raise SIGBUS on the missing pages: the handler names
 * the file and ends the run with the "incomplete" status; every file stored before is
 * kept (each is committed whole), and a new run resumes after them. */
#include "scan/filemap.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/mapping.h"

static _Thread_local const char *mapped_path; /* the file this thread reads mapped */
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

static void write_all(const char *text) {
  size_t n = strlen(text);
  while (n) {
    ssize_t w = write(STDERR_FILENO, text, n);
    if (w <= 0) return;
    text += w;
    n -= (size_t)w;
  }
}

static void on_bus_error(int signal_number) {
  if (!mapped_path) { /* not ours: the default action */
    (void)signal(signal_number, SIG_DFL);
    (void)raise(signal_number);
    return;
  }
  write_all("breachscope: ");
  write_all(mapped_path);
  write_all(": the file shrank while it was being read; the files stored so far are kept;"
            " run the scan again when the file is stable to resume\n");
  _exit(1);
}

static void install_guard(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_bus_error;
  sigemptyset(&action.sa_mask);
  (void)sigaction(SIGBUS, &action, NULL);
}

static bs_status copy_in(bs_filemap *out, bs_buf *buf, size_t size, const char **why) {
  bs_buf_reset(buf);
  if (buf->cap < size + 1) {
    bs_buf_free(buf);
    char *data = bs_malloc(size + 1);
    if (!data) return BS_ENOMEM;
    buf->data = data;
    buf->cap = size + 1;
  }
  size_t got = 0;
  while (got < size) {
    ssize_t n = read(out->fd, buf->data + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *why = strerror(errno);
      return BS_EIO;
    }
    if (n == 0) break; /* shrank while we read: scan what is there */
    got += (size_t)n;
  }
  out->short_read = got < size;
  buf->data[got] = '\0';
  buf->len = got;
  out->data = buf->data;
  out->len = got;
  return BS_OK;
}

static bs_status map_in(bs_filemap *out, size_t size, const char **why) {
  const char *data;
  bs_status status = bs_map(&data, &out->map_len, out->fd, size);
  if (status == BS_EIO) *why = strerror(errno);
  if (status != BS_OK) return status;
  out->map = data;
  out->data = data;
  out->len = size;
  return BS_OK;
}

bs_status bs_filemap_open(bs_filemap *out, bs_buf *buf, const char *path, size_t size,
                          const char **why) {
  memset(out, 0, sizeof *out);
  out->fd = open(path, O_RDONLY | O_NOATIME | O_NOFOLLOW | O_CLOEXEC);
  if (out->fd < 0 && errno == EPERM) out->fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (out->fd < 0) {
    *why = strerror(errno);
    return BS_EIO;
  }
  snprintf(out->open_path, sizeof out->open_path, "/proc/self/fd/%d", out->fd);
  if (size < BS_FILEMAP_FROM) return copy_in(out, buf, size, why);
  /* Mapped pages past the end of the file fault: map the file as it is now. */
  struct stat now;
  if (fstat(out->fd, &now) != 0) {
    *why = strerror(errno);
    return BS_EIO;
  }
  if ((uint64_t)now.st_size < size) {
    out->short_read = 1;
    size = (size_t)now.st_size;
  }
  pthread_once(&guard_once, install_guard);
  bs_status status = map_in(out, size, why);
  if (status == BS_OK) mapped_path = path;
  return status;
}

void bs_filemap_close(bs_filemap *map) {
  bs_unmap(map->map, map->map_len);
  if (map->fd >= 0) close(map->fd);
  mapped_path = NULL;
  map->map = NULL;
  map->fd = -1;
}
