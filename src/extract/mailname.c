/* Names for the members of mail: attachments by their file names, messages by subject
 * and date, made safe to show (see mail.h). */
#include <stdio.h>
#include <string.h>

#include "extract/mail.h"
#include "extract/utf8.h"

void bs_mail_clean_name(char *out, size_t cap, const char *name, size_t max_chars) {
  size_t n = 0, chars = 0;
  if (cap == 0) return;
  if (!name) name = "";
  while (*name == ' ' || *name == '.' || *name == '\t') name++;
  for (const unsigned char *p = (const unsigned char *)name; *p && chars < max_chars; chars++) {
    size_t len = 1;
    if (*p >= 0xf0)
      len = 4;
    else if (*p >= 0xe0)
      len = 3;
    else if (*p >= 0xc0)
      len = 2;
    size_t have = 1;
    while (have < len && p[have] >= 0x80 && p[have] < 0xc0) have++;
    /* a stray byte, or a sequence that is not a character (overlong, surrogate) */
    if (have < len || (len > 1 && !bs_utf8_valid((const char *)p, len)) ||
        (*p >= 0x80 && *p < 0xc0))
      len = 1;
    if (n + len + 1 > cap) break;
    if (len == 1 && (*p < 0x20 || *p == 0x7f || *p >= 0x80 || *p == '/' || *p == '\\'))
      out[n++] = '_';
    else {
      memcpy(out + n, p, len);
      n += len;
    }
    p += len;
  }
  while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '.')) n--;
  out[n] = '\0';
}

void bs_mail_message_name(char *out, size_t cap, const char *prefix, const char *subject,
                          int date_ymd, const char *suffix) {
  char clean[256];
  bs_mail_clean_name(clean, sizeof clean, subject, 60);
  char date[24] = "";
  if (date_ymd > 0)
    snprintf(date, sizeof date, " (%04d-%02d-%02d)", date_ymd / 10000 % 10000, date_ymd / 100 % 100,
             date_ymd % 100);
  snprintf(out, cap, "%s%s%s%s", prefix, clean[0] ? clean : "(no subject)", date, suffix);
}
