/* Handlers for personal and financial identifiers: SSN and ITIN, phone, e-mail, NPI,
 * payment card, MBI, HICN, keyword-anchored ids (MRN, member id, account, licence,
 * passport) and credentials. */
#include <ctype.h>
#include <string.h>

#include "detect/internal.h"
#include "detect/validate.h"

/* Context windows in bytes: a label and its value sit on one line, close together. */
#define NEAR  40
#define AFTER 16

static void emit_ssn_kind(bs_detect *d, bs_ssn_kind kind, bs_detector det, size_t start, size_t end,
                          const char *digits, float confidence) {
  if (kind == BS_SSN_INVALID) return;
  if (kind == BS_SSN_KNOWN_FAKE) confidence = 0.3f;
  bs_detect_emit(d, kind == BS_SSN_ITIN ? BS_EL_ITIN : BS_EL_SSN, det, start, end, digits, 9,
                 confidence);
}

void bs_handle_ssn(bs_detect *d, const bs_match *m, bs_detector det) {
  char digits[9];
  if (bs_detect_digits(d->text, m->from, m->to, digits, 9) != 9) return;
  unsigned nearest = bs_detect_nearest_before(d, m->from, NEAR);
  unsigned after = bs_detect_context_after(d, m->to, AFTER);
  int spaced = d->text[m->from + 3] == ' ';
  float confidence = spaced ? 0.6f : 0.85f;
  if ((nearest | after) & BS_CTX_SSN)
    confidence = 0.99f;
  else if (nearest & (BS_CTX_PHONE | BS_CTX_NOT_PII | BS_CTX_ACCOUNT | BS_CTX_MRN | BS_CTX_MEMBER |
                      BS_CTX_ROUTING | BS_CTX_LICENSE))
    confidence = 0.3f;
  emit_ssn_kind(d, bs_validate_ssn(digits), det, m->from, m->to, digits, confidence);
}

/* Bare nine digits mean nothing alone: an SSN after "SSN", a routing number after
 * "routing" (with a valid ABA checksum), otherwise a number. */
void bs_handle_nine_digits(bs_detect *d, const bs_match *m, bs_detector det) {
  const char *digits = d->text + m->from;
  unsigned nearest = bs_detect_nearest_before(d, m->from, NEAR);
  if (nearest & BS_CTX_ROUTING) {
    if (bs_validate_aba(digits))
      bs_detect_emit(d, BS_EL_ROUTING, det, m->from, m->to, digits, 9, 0.95f);
    return;
  }
  if ((nearest | bs_detect_context_after(d, m->to, AFTER)) & BS_CTX_SSN)
    emit_ssn_kind(d, bs_validate_ssn(digits), det, m->from, m->to, digits, 0.9f);
}

void bs_handle_phone(bs_detect *d, const bs_match *m, bs_detector det) {
  char digits[12];
  size_t n = bs_detect_digits(d->text, m->from, m->to, digits, sizeof digits);
  const char *national = digits;
  if (n == 11 && digits[0] == '1') national++, n--;
  if (n != 10 || !bs_validate_phone(national)) return;
  unsigned near = bs_detect_context_before(d, m->from, NEAR);
  unsigned nearest = bs_detect_nearest_before(d, m->from, NEAR);
  float confidence;
  if (det == BS_DET_PHONE_BARE) {
    if (!(nearest & BS_CTX_PHONE)) return;
    confidence = 0.85f;
  } else {
    confidence = near & BS_CTX_PHONE ? 0.97f : 0.85f;
    if (nearest & (BS_CTX_NOT_PII | BS_CTX_ACCOUNT | BS_CTX_MRN | BS_CTX_MEMBER)) confidence = 0.4f;
  }
  bs_detect_emit(d, BS_EL_PHONE, det, m->from, m->to, national, 10, confidence);
}

void bs_handle_email(bs_detect *d, const bs_match *m, bs_detector det) {
  char value[256];
  size_t n = m->to - m->from;
  if (n >= sizeof value) return;
  for (size_t i = 0; i < n; i++) value[i] = (char)tolower((unsigned char)d->text[m->from + i]);
  bs_detect_emit(d, BS_EL_EMAIL, det, m->from, m->to, value, n, 0.95f);
}

void bs_handle_npi(bs_detect *d, const bs_match *m, bs_detector det) {
  const char *digits = d->text + m->from;
  if (!bs_validate_npi(digits)) return;
  unsigned near =
      bs_detect_context_before(d, m->from, NEAR) | bs_detect_context_after(d, m->to, AFTER);
  /* One ten-digit number in ten passes the check by chance: a label is required. */
  if (near & BS_CTX_NPI) bs_detect_emit(d, BS_EL_NPI, det, m->from, m->to, digits, 10, 0.97f);
}

void bs_handle_card(bs_detect *d, const bs_match *m, bs_detector det) {
  char digits[20];
  size_t n = bs_detect_digits(d->text, m->from, m->to, digits, 19);
  if (n < 13 || n > 19) return;
  /* Separators, if any, must be one kind, in groups of at least three digits. */
  char sep = 0;
  size_t group = 0;
  for (size_t i = m->from; i < m->to; i++) {
    char c = d->text[i];
    if (isdigit((unsigned char)c)) {
      group++;
      continue;
    }
    if ((sep && c != sep) || group < 3) return;
    sep = c;
    group = 0;
  }
  if (!bs_validate_luhn(digits, n) || !bs_refdata_card_known(d->ref, digits, n)) return;
  unsigned nearest = bs_detect_nearest_before(d, m->from, NEAR);
  unsigned near = bs_detect_context_before(d, m->from, NEAR);
  float confidence = near & BS_CTX_CARD ? 0.97f : 0.8f;
  if (nearest & (BS_CTX_NOT_PII | BS_CTX_ACCOUNT | BS_CTX_MRN | BS_CTX_MEMBER | BS_CTX_PHONE))
    confidence = 0.3f;
  bs_detect_emit(d, BS_EL_CARD, det, m->from, m->to, digits, n, confidence);
}

void bs_handle_mbi(bs_detect *d, const bs_match *m, bs_detector det) {
  char value[11];
  size_t n = 0;
  for (size_t i = m->from; i < m->to && n <= 11; i++)
    if (d->text[i] != '-') {
      if (n == 11) return;
      value[n++] = d->text[i];
    }
  if (n != 11 || !bs_validate_mbi(value)) return;
  unsigned near = bs_detect_context_before(d, m->from, NEAR);
  bs_detect_emit(d, BS_EL_MBI, det, m->from, m->to, value, 11,
                 near & BS_CTX_MEDICARE ? 0.99f : 0.9f);
}

/* Legacy Medicare HICN: the holder's (or wage earner's) SSN and a beneficiary code. */
void bs_handle_hicn(bs_detect *d, const bs_match *m, bs_detector det) {
  char value[12];
  size_t n = 0;
  for (size_t i = m->from; i < m->to; i++)
    if (d->text[i] != '-') {
      if (n == sizeof value) return;
      value[n++] = d->text[i];
    }
  if (n < 10 || bs_validate_ssn(value) != BS_SSN_VALID) return;
  unsigned near = bs_detect_context_before(d, m->from, NEAR);
  if (!(near & BS_CTX_MEDICARE)) return;
  bs_detect_emit(d, BS_EL_HICN, det, m->from, m->to, value, n, 0.9f);
}

/* "MRN: 00123456": the value is the last token of the match. */
void bs_handle_keyed_id(bs_detect *d, const bs_match *m, bs_detector det) {
  size_t start = m->to;
  while (start > m->from && !isspace((unsigned char)d->text[start - 1]) &&
         d->text[start - 1] != ':' && d->text[start - 1] != '#' && d->text[start - 1] != '=')
    start--;
  char value[32];
  size_t n = 0, digits = 0;
  for (size_t i = start; i < m->to; i++) {
    char c = d->text[i];
    if (c == '-' || c == ' ') continue;
    if (n == sizeof value) return;
    digits += isdigit((unsigned char)c) != 0;
    value[n++] = (char)toupper((unsigned char)c);
  }
  if (digits == 0 || n < 4) return;
  bs_element type = BS_EL_NONE;
  float confidence = 0.85f;
  switch (det) {
  case BS_DET_MRN: type = BS_EL_MRN; break;
  case BS_DET_MEMBER_ID: type = BS_EL_MEMBER_ID; break;
  case BS_DET_PASSPORT:
    type = BS_EL_PASSPORT;
    confidence = 0.9f;
    break;
  case BS_DET_ACCOUNT:
    type = BS_EL_ACCOUNT;
    if (n < 6 || n > 17) return;
    break;
  case BS_DET_LICENSE: {
    type = BS_EL_DRIVERS_LICENSE;
    int driver = 0;
    for (size_t i = m->from; i < start && !driver; i++)
      driver = tolower((unsigned char)d->text[i]) == 'd';
    int fits = bs_detect_licence_format(d, value, n);
    confidence = fits ? (driver ? 0.9f : 0.6f) : (driver ? 0.6f : 0.3f);
    break;
  }
  default: return;
  }
  bs_detect_emit(d, type, det, start, m->to, value, n, confidence);
}

/* "password: hunter2" with "user: alice" shortly before: value "alice:hunter2". */
void bs_handle_credential(bs_detect *d, const bs_match *m, bs_detector det) {
  size_t start = m->to - 1, end = start;
  while (end < d->len && !isspace((unsigned char)d->text[end])) end++;
  if (end - start < 3 || end - start > 64) return;
  char value[160];
  size_t n = 0;
  /* The nearest user-name label within 120 bytes before. */
  size_t from = m->from > 120 ? m->from - 120 : 0;
  for (size_t i = d->keyword_count; i-- > 0;) {
    const bs_match *k = &d->keywords[i];
    if (k->to > m->from) continue;
    if (k->to < from) break;
    if (!(bs_keywords[k->id - BS_KEYWORD_BASE].classes & BS_CTX_USER)) continue;
    size_t u = k->to;
    while (u < m->from && (d->text[u] == ':' || d->text[u] == '=' || d->text[u] == ' ')) u++;
    while (u < m->from && !isspace((unsigned char)d->text[u]) && n < 64) value[n++] = d->text[u++];
    break;
  }
  float confidence = n ? 0.95f : 0.7f;
  value[n++] = ':';
  size_t len = end - start;
  memcpy(value + n, d->text + start, len);
  bs_detect_emit(d, BS_EL_CREDENTIAL, det, start, end, value, n + len, confidence);
}
