/* Plain text: the decoded text in chunks of about a megabyte, cut at line ends, so that
 * per-unit match lists stay bounded whatever the file size. */
#include <string.h>

#include "extract/format.h"

#define CHUNK_BYTES ((size_t)1 << 20)

bs_status bs_extract_text(const char *text, size_t len, const bs_unit_sink *sink) {
  uint64_t line = 1;
  size_t at = 0;
  while (at < len) {
    size_t end = len - at > CHUNK_BYTES ? at + CHUNK_BYTES : len;
    if (end < len) {
      /* Cut after the last newline in the chunk (a single huge line is cut as is). */
      const char *nl = memrchr(text + at, '\n', end - at);
      if (nl) end = (size_t)(nl - text) + 1;
    }
    bs_unit unit = {
        .text = text + at, .len = end - at, .line = line, .column = 1, .hint_type = BS_EL_NONE};
    bs_status status = sink->unit(&unit, sink->ctx);
    if (status != BS_OK) return status;
    for (const char *p = text + at; (p = memchr(p, '\n', (size_t)(text + end - p))); p++) line++;
    at = end;
  }
  return BS_OK;
}
