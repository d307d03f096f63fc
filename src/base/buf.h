/* A growable byte buffer with a hard limit (after curl's dynbuf). */
#ifndef BS_BUF_H
#define BS_BUF_H
#include <stddef.h>

#include "base/status.h"

typedef struct bs_buf {
  char *data;   /* bytes, always NUL-terminated when data != NULL */
  size_t len;   /* bytes in use, excluding the terminator */
  size_t cap;   /* bytes allocated */
  size_t limit; /* len never grows past this; BS_ELIMIT instead */
} bs_buf;

void bs_buf_init(bs_buf *buf, size_t limit);
void bs_buf_free(bs_buf *buf);
void bs_buf_reset(bs_buf *buf); /* len = 0, memory kept */
bs_status bs_buf_append(bs_buf *buf, const void *bytes, size_t len);
/* Makes room for `extra` more bytes after len (and the terminator), for a caller that
 * writes into data + len itself, then adds to len and terminates. */
bs_status bs_buf_reserve(bs_buf *buf, size_t extra);
bs_status bs_buf_append_char(bs_buf *buf, char c);
bs_status bs_buf_printf(bs_buf *buf, const char *format, ...) __attribute__((format(printf, 2, 3)));

#endif
