/* Accent folding (see fold.h). */
#include "base/fold.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

size_t bs_fold_marks(char *out, size_t cap, const char *text, size_t len) {
  if (cap == 0) return 0;
  size_t ascii = 0;
  while (ascii < len && (unsigned char)text[ascii] < 0x80) ascii++;
  utf8proc_uint8_t *folded = NULL;
  if (ascii < len) {
    utf8proc_ssize_t n =
        utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &folded,
                     UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
    if (n >= 0) {
      text = (const char *)folded;
      len = (size_t)n;
    }
  }
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    size_t width = 1;
    unsigned char c = (unsigned char)text[i];
    if (c >= 0xF0)
      width = 4;
    else if (c >= 0xE0)
      width = 3;
    else if (c >= 0xC0)
      width = 2;
    if (i + width > len) width = len - i;
    if (n + width >= cap) break;
    for (size_t k = 0; k < width; k++) out[n++] = (char)toupper((unsigned char)text[i + k]);
    i += width;
  }
  out[n] = '\0';
  free(folded); /* utf8proc allocates with malloc */
  return n;
}
