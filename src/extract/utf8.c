/* UTF-8 validation and repair with utf8proc. */
#include "extract/utf8.h"

#include <utf8proc.h>

int bs_utf8_valid(const char *text, size_t len) {
  for (size_t i = 0; i < len;) {
    if ((unsigned char)text[i] < 0x80) {
      i++;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) return 0;
    i += (size_t)n;
  }
  return 1;
}

bs_status bs_utf8_repair(bs_buf *out, const char *text, size_t len) {
  static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
  bs_buf_reset(out);
  bs_status status = BS_OK;
  for (size_t i = 0; i < len && status == BS_OK;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n =
        utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
    if (n > 0) {
      status = bs_buf_append(out, text + i, (size_t)n);
      i += (size_t)n;
    } else {
      status = bs_buf_append(out, replacement, 3);
      i++;
    }
  }
  if (status == BS_OK && !out->data) status = bs_buf_append(out, "", 0);
  return status;
}
