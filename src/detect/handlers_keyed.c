/* Values after labels: "MRN: 00123456", "Member ID # XGH1234", "NPI 1234567893",
 * "Account no. 12345678", "DL: IL A123-4567-8901", "Passport 123456789",
 * "password = hunter22", "ICD-9 code 250.00", "ZIP 62704". The label is a context word
 * found by Hyperscan; the value is read here, forward from the label's end:
 *
 *   label [.] [id word [id word]] [: # = -] value
 *
 * where an id word is one of id, identification, number, num, no, # ("Member ID No."). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "detect/internal.h"
#include "detect/validate.h"

#define MAX_VALUE 32

typedef struct cursor {
  const char *text; /* the unit */
  size_t at, len;   /* position, unit length */
} cursor;

static void skip(cursor *c, const char *chars) {
  while (c->at < c->len && strchr(chars, c->text[c->at]) && c->text[c->at]) c->at++;
}

/* Consumes one id word; returns 1 if there was one. */
static int id_word(cursor *c) {
  static const char *const words[] = {"identification", "number", "num", "no", "id", "#"};
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    size_t n = strlen(words[i]);
    if (c->len - c->at < n || strncasecmp(c->text + c->at, words[i], n) != 0) continue;
    if (c->at + n < c->len && isalnum((unsigned char)c->text[c->at + n]) && words[i][0] != '#')
      continue;
    c->at += n;
    skip(c, ". \t");
    return 1;
  }
  return 0;
}

/* Reads a token of letters, digits, '-' and '*'. OUT: its span. 0 if absent or too long. */
static int token(cursor *c, size_t *from, size_t *to) {
  *from = c->at;
  while (c->at < c->len && c->at - *from <= MAX_VALUE &&
         (isalnum((unsigned char)c->text[c->at]) || c->text[c->at] == '-' || c->text[c->at] == '*'))
    c->at++;
  *to = c->at;
  while (*to > *from && c->text[*to - 1] == '-') (*to)--;
  return *to > *from && *to - *from <= MAX_VALUE;
}

/* Upper case, without dashes. Returns length and the count of digits. */
static size_t compact(const char *text, size_t from, size_t to, char *out, size_t *digits) {
  size_t n = 0;
  *digits = 0;
  for (size_t i = from; i < to && n < MAX_VALUE; i++) {
    if (text[i] == '-') continue;
    *digits += isdigit((unsigned char)text[i]) != 0;
    out[n++] = (char)toupper((unsigned char)text[i]);
  }
  return n;
}

static void keyed_credential(bs_detect *d, cursor *c, size_t label_end) {
  skip(c, " \t");
  if (c->at >= c->len || (c->text[c->at] != ':' && c->text[c->at] != '=')) return;
  c->at++;
  skip(c, " \t");
  size_t start = c->at;
  while (c->at < c->len && !isspace((unsigned char)c->text[c->at])) c->at++;
  size_t len = c->at - start;
  if (len < 3 || len > 64) return;
  /* The nearest user-name label within 120 bytes before. */
  char value[160];
  size_t n = 0, from = label_end > 120 ? label_end - 120 : 0;
  for (size_t i = d->keyword_count; i-- > 0;) {
    const bs_match *k = &d->keywords[i];
    if (k->to >= label_end) continue;
    if (k->to < from) break;
    if (!(bs_keywords[k->id - BS_KEYWORD_BASE].classes & BS_CTX_USER)) continue;
    size_t u = k->to;
    while (u < label_end && (d->text[u] == ':' || d->text[u] == '=' || d->text[u] == ' ')) u++;
    while (u < label_end && !isspace((unsigned char)d->text[u]) && n < 64)
      value[n++] = d->text[u++];
    break;
  }
  float confidence = n ? 0.95f : 0.7f;
  value[n++] = ':';
  memcpy(value + n, d->text + start, len);
  bs_detect_emit(d, BS_EL_CREDENTIAL, BS_DET_CREDENTIAL, start, c->at, value, n + len, confidence);
}

static void keyed_icd9(bs_detect *d, cursor *c) {
  static const char *const words[] = {"codes", "code", "dx", "diagnosis"};
  skip(c, " \t");
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    size_t n = strlen(words[i]);
    if (c->len - c->at >= n && strncasecmp(c->text + c->at, words[i], n) == 0) {
      c->at += n;
      break;
    }
  }
  skip(c, " \t:#");
  size_t from = c->at;
  while (c->at < c->len && c->at - from < 8 &&
         (isdigit((unsigned char)c->text[c->at]) || c->text[c->at] == '.' ||
          (c->at == from && (c->text[c->at] == 'V' || c->text[c->at] == 'E'))))
    c->at++;
  char code[8];
  size_t n = 0;
  for (size_t i = from; i < c->at && n < sizeof code; i++)
    if (d->text[i] != '.') code[n++] = d->text[i];
  if (n >= 3 && bs_codeset_has(&d->ref->icd9cm, code, n))
    bs_detect_emit(d, BS_EL_ICD9CM, BS_DET_ICD9CM, from, c->at, code, n, 0.95f);
}

void bs_handle_keyed(bs_detect *d, size_t at, bs_keyed keyed) {
  cursor c = {d->text, at, d->len};
  if (keyed == BS_KEYED_CREDENTIAL) {
    keyed_credential(d, &c, at);
    return;
  }
  if (keyed == BS_KEYED_NAME) {
    bs_handle_name_after(d, at);
    return;
  }
  if (keyed == BS_KEYED_ICD9) {
    keyed_icd9(d, &c);
    return;
  }
  skip(&c, ". \t");
  int ids = id_word(&c);
  ids += ids && id_word(&c);
  if (keyed == BS_KEYED_MEMBER && !ids) return; /* "member of", "insurance company" */
  skip(&c, " \t:#=");
  size_t from, to;
  if (!token(&c, &from, &to)) return;
  if (keyed == BS_KEYED_LICENSE && to - from == 2 && c.at < c.len && c.text[c.at] == ' ') {
    /* "DL: IL A1234567": a state before the number. */
    skip(&c, " \t:-");
    if (!token(&c, &from, &to)) return;
  }
  char value[MAX_VALUE];
  size_t digits, n = compact(d->text, from, to, value, &digits);
  if (digits == 0) return;
  switch (keyed) {
  case BS_KEYED_MRN:
    if (n >= 4) bs_detect_emit(d, BS_EL_MRN, BS_DET_MRN, from, to, value, n, 0.85f);
    return;
  case BS_KEYED_MEMBER:
    if (n >= 5) bs_detect_emit(d, BS_EL_MEMBER_ID, BS_DET_MEMBER_ID, from, to, value, n, 0.85f);
    return;
  case BS_KEYED_NPI:
    if (n == 10 && digits == 10 && bs_validate_npi(value))
      bs_detect_emit(d, BS_EL_NPI, BS_DET_NPI, from, to, value, n, 0.97f);
    return;
  case BS_KEYED_ACCOUNT:
    if (n >= 6 && n <= 17 && digits == n)
      bs_detect_emit(d, BS_EL_ACCOUNT, BS_DET_ACCOUNT, from, to, value, n, 0.8f);
    return;
  case BS_KEYED_PASSPORT:
    if (n >= 6 && n <= 9)
      bs_detect_emit(d, BS_EL_PASSPORT, BS_DET_PASSPORT, from, to, value, n, 0.9f);
    return;
  case BS_KEYED_LICENSE: {
    /* "Driver's license" is surely one; a bare "license" may be a professional one. */
    size_t label = at > 24 ? at - 24 : 0;
    int driver = 0;
    for (size_t i = label; i < at && !driver; i++) driver = strncasecmp(d->text + i, "dr", 2) == 0;
    driver |= (at >= 2 && strncasecmp(d->text + at - 2, "dl", 2) == 0) ||
              (at >= 3 && strncasecmp(d->text + at - 3, "dln", 3) == 0);
    int fits = bs_detect_licence_format(d, value, n);
    float confidence = fits ? (driver ? 0.9f : 0.6f) : (driver ? 0.6f : 0.3f);
    bs_detect_emit(d, BS_EL_DRIVERS_LICENSE, BS_DET_LICENSE, from, to, value, n, confidence);
    return;
  }
  case BS_KEYED_ZIP:
    if ((n == 5 || n == 9) && digits == n && bs_refdata_zip_state(d->ref, value)[0]) {
      char zip[11];
      memcpy(zip, value, 5);
      if (n == 9) zip[5] = '-', memcpy(zip + 6, value + 5, 4);
      bs_detect_emit(d, BS_EL_ZIP, BS_DET_ZIP_KEYWORD, from, to, zip, n == 9 ? 10 : 5, 0.9f);
    }
    return;
  default: return;
  }
}
