/* UTF-8 checks for text that libraries hand back decoded (JSON escapes, say). */
#ifndef BS_UTF8_H
#define BS_UTF8_H
#include <stddef.h>

#include "base/buf.h"

/* 1 if text is valid UTF-8 (no surrogates, no overlong forms). */
int bs_utf8_valid(const char *text, size_t len);
/* Copies text into out with each invalid sequence replaced by U+FFFD. */
bs_status bs_utf8_repair(bs_buf *out, const char *text, size_t len);

#endif
