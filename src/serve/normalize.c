/* Normalization of callers' words (see normalize.h). */
#include "serve/normalize.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "detect/validate.h"

/* Letters and digits of text, upper case, accents stripped (NFKD, marks removed,
 * case folded). Characters beyond ASCII that are letters of other scripts are kept
 * as their UTF-8 bytes. */
static size_t fold(char *out, size_t cap, const char *text, size_t len) {
  utf8proc_uint8_t *mapped = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &mapped,
                                    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                        UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
  size_t used = 0;
  if (cap == 0) {
    free(mapped);
    return 0;
  }
  if (n >= 0) {
    for (utf8proc_ssize_t i = 0; i < n && used + 1 < cap; i++) {
      unsigned char c = mapped[i];
      if (isalnum(c))
        out[used++] = (char)toupper(c);
      else if (c >= 0x80)
        out[used++] = (char)c;
    }
  }
  free(mapped); /* utf8proc allocates with malloc */
  out[used] = '\0';
  return used;
}

static int is_separator(char c) { return c == ' ' || c == '-' || c == '\t' || c == ','; }

static int is_suffix(const char *word, size_t len) {
  static const char *const suffixes[] = {"JR", "SR", "II", "III", "IV"};
  char folded[8];
  if (len > 5) return 0;
  fold(folded, sizeof folded, word, len);
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
    if (!strcmp(folded, suffixes[i])) return 1;
  return 0;
}

size_t bs_norm_name(char *out, size_t cap, const char *name) {
  size_t len = strlen(name);
  /* Drop one trailing suffix word: "Smith Jr." */
  size_t end = len;
  while (end > 0 && (is_separator(name[end - 1]) || name[end - 1] == '.')) end--;
  size_t start = end;
  while (start > 0 && !is_separator(name[start - 1])) start--;
  if (start > 0 && is_suffix(name + start, end - start)) len = start;
  return fold(out, cap, name, len);
}

void bs_norm_name_words(const char *name, void (*fn)(const char *word, void *ctx), void *ctx) {
  char words[8][64];
  size_t count = 0;
  for (const char *p = name; *p && count < 8;) {
    while (*p && is_separator(*p)) p++;
    size_t len = 0;
    while (p[len] && !is_separator(p[len])) len++;
    if (!len) break;
    if (!is_suffix(p, len) && fold(words[count], sizeof words[0], p, len) >= 2) count++;
    p += len;
  }
  if (count < 2) return;
  for (size_t i = 0; i < count; i++) fn(words[i], ctx);
}

size_t bs_norm_first_word(char *out, size_t cap, const char *name) {
  while (*name && is_separator(*name)) name++;
  size_t len = 0;
  while (name[len] && !is_separator(name[len])) len++;
  return fold(out, cap, name, len);
}

int bs_norm_this_year(void) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

int32_t bs_norm_dob(const char *text, int this_year) {
  int y, m, d;
  size_t len = strlen(text);
  while (len > 0 && isspace((unsigned char)text[len - 1])) len--;
  while (len > 0 && isspace((unsigned char)*text)) {
    text++;
    len--;
  }
  if (len == 0 || !bs_parse_date(text, len, this_year, &y, &m, &d)) return 0;
  return y * 10000 + m * 100 + d;
}

int bs_norm_zip(char out[6], const char *text) {
  size_t digits = 0;
  out[0] = '\0';
  while (isspace((unsigned char)*text)) text++;
  for (; text[digits] && digits < 5; digits++)
    if (!isdigit((unsigned char)text[digits])) return 0;
  if (digits != 5) return 0;
  const char *rest = text + 5;
  if (*rest == '-' || *rest == ' ') { /* ZIP+4 */
    rest++;
    for (int i = 0; i < 4; i++, rest++)
      if (!isdigit((unsigned char)*rest)) return 0;
  } else if (isdigit((unsigned char)*rest) && strlen(rest) == 4) {
    rest += 4; /* ZIP+4 without its dash */
  }
  while (isspace((unsigned char)*rest)) rest++;
  if (*rest) return 0;
  memcpy(out, text, 5);
  out[5] = '\0';
  return 1;
}

int bs_norm_code(char *out, size_t cap, const char *text) {
  size_t used = 0;
  for (const char *p = text; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (c == '-' || c == ' ') continue;
    if (!isalnum(c) || used + 1 >= cap) return 0;
    out[used++] = (char)toupper(c);
  }
  if (cap) out[used] = '\0';
  return used > 0;
}
