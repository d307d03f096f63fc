/* Growable buffer with a hard limit. */
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"

void bs_buf_init(bs_buf *buf, size_t limit) {
  buf->data = NULL;
  buf->len = buf->cap = 0;
  buf->limit = limit;
}

void bs_buf_free(bs_buf *buf) {
  bs_free(buf->data);
  bs_buf_init(buf, buf->limit);
}

void bs_buf_reset(bs_buf *buf) {
  buf->len = 0;
  if (buf->data) buf->data[0] = '\0';
}

static bs_status reserve(bs_buf *buf, size_t extra) {
  if (extra > buf->limit || buf->len > buf->limit - extra) return BS_ELIMIT;
  size_t need = buf->len + extra + 1;
  if (need <= buf->cap) return BS_OK;
  size_t cap = buf->cap ? buf->cap : 64;
  while (cap < need) cap = cap > BS_ALLOC_MAX / 2 ? need : cap * 2;
  char *data = bs_realloc(buf->data, cap);
  if (!data) return BS_ENOMEM;
  buf->data = data;
  buf->cap = cap;
  return BS_OK;
}

bs_status bs_buf_reserve(bs_buf *buf, size_t extra) { return reserve(buf, extra); }

bs_status bs_buf_append(bs_buf *buf, const void *bytes, size_t len) {
  bs_status status = reserve(buf, len);
  if (status != BS_OK) return status;
  if (len) memcpy(buf->data + buf->len, bytes, len);
  buf->len += len;
  buf->data[buf->len] = '\0';
  return BS_OK;
}

bs_status bs_buf_append_char(bs_buf *buf, char c) { return bs_buf_append(buf, &c, 1); }

bs_status bs_buf_printf(bs_buf *buf, const char *format, ...) {
  va_list args;
  va_start(args, format);
  int needed = vsnprintf(NULL, 0, format, args);
  va_end(args);
  if (needed < 0) return BS_EINVAL;
  bs_status status = reserve(buf, (size_t)needed);
  if (status != BS_OK) return status;
  va_start(args, format);
  vsnprintf(buf->data + buf->len, (size_t)needed + 1, format, args);
  va_end(args);
  buf->len += (size_t)needed;
  return BS_OK;
}
