/* Runs of plain text as units of whole lines (see lines.h). Cutting at line ends keeps a
 * value on one line in one unit, and per-unit match lists bounded. */
#include "extract/lines.h"

#include <string.h>

#define CHUNK_BYTES ((size_t)1 << 20)

bs_status bs_emit_lines(const char *text, size_t len, uint64_t line, uint64_t column,
                        const char *place, const bs_unit_sink *sink) {
  size_t at = 0;
  while (at < len) {
    size_t end = len - at > CHUNK_BYTES ? at + CHUNK_BYTES : len;
    if (end < len) {
      /* After the last newline of the chunk (a single huge line is cut as is, at a
       * character boundary). */
      const char *nl = memrchr(text + at, '\n', end - at);
      if (nl)
        end = (size_t)(nl - text) + 1;
      else
        while (end > at + 1 && ((unsigned char)text[end] & 0xC0) == 0x80) end--;
    }
    bs_unit unit = {.text = text + at,
                    .len = end - at,
                    .line = line,
                    .column = column,
                    .hint_type = BS_EL_NONE,
                    .place = place};
    bs_status status = sink->unit(&unit, sink->ctx);
    if (status != BS_OK) return status;
    for (const char *p = text + at; p < text + end; p++) {
      if (*p == '\n') {
        line++;
        column = 1;
      } else if (((unsigned char)*p & 0xC0) != 0x80) {
        column++;
      }
    }
    at = end;
  }
  return BS_OK;
}
