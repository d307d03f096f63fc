/* Handlers for personal and financial identifiers: SSN and ITIN, phone, e-mail, NPI,
 * payment card, MBI, HICN. Values after labels are in handlers_keyed.c. */
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

/* The pattern matches from the '@'; the start found by walking back includes the local
 * part (RFC 5322 dot-atom, the characters seen in practice). */
void bs_handle_email(bs_detect *d, const bs_match *m, bs_detector det) {
  size_t from = m->from;
  while (from < m->to && (d->text[from] == '.' || d->text[from] == '@')) from++;
  const char *at = memchr(d->text + from, '@', m->to - from);
  char value[256];
  size_t n = m->to - from;
  if (!at || at == d->text + from || n >= sizeof value) return;
  for (size_t i = 0; i < n; i++) value[i] = (char)tolower((unsigned char)d->text[from + i]);
  bs_detect_emit(d, BS_EL_EMAIL, det, from, m->to, value, n, 0.95f);
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
