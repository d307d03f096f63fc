/* Diagnosis and procedure codes. Shapes come from the patterns; membership in the
 * CMS code sets (ICD-10-CM, ICD-9-CM, HCPCS Level II, ICD-10-PCS) decides. CPT codes
 * are AMA property with no public list: the five-character format and a label are
 * required instead. */
#include <ctype.h>

#include "detect/internal.h"

#define NEAR 40

/* Upper-case code without its dot; 0 if it does not fit. */
static size_t undotted(const char *text, size_t from, size_t to, char *out, size_t cap) {
  size_t n = 0;
  for (size_t i = from; i < to; i++) {
    if (text[i] == '.') continue;
    if (n == cap) return 0;
    out[n++] = (char)toupper((unsigned char)text[i]);
  }
  return n;
}

/* A code is a whole token: "Q99" in "Q99.99" is not the code Q99. */
static int continues(const bs_detect *d, size_t to) {
  return to + 1 < d->len && d->text[to] == '.' && isalnum((unsigned char)d->text[to + 1]);
}

/* "essential hypertension (I10)": a code in parentheses after the words it codes, as
 * clinical notes and problem lists write diagnoses. */
static int after_description(const bs_detect *d, size_t from, size_t to) {
  if (from < 3 || to >= d->len || d->text[from - 1] != '(' || d->text[to] != ')') return 0;
  size_t i = from - 1;
  while (i > 0 && d->text[i - 1] == ' ') i--;
  return i > 0 && islower((unsigned char)d->text[i - 1]);
}

static unsigned near_classes(bs_detect *d, const bs_match *m) {
  return bs_detect_context_before(d, m->from, NEAR) | bs_detect_context_after(d, m->to, 16);
}

void bs_handle_icd10cm(bs_detect *d, const bs_match *m, bs_detector det) {
  char code[8];
  size_t n = undotted(d->text, m->from, m->to, code, sizeof code);
  if (n < 3 || continues(d, m->to) || !bs_codeset_has(&d->ref->icd10cm, code, n)) return;
  int dotted = m->to - m->from > n;
  unsigned near = near_classes(d, m);
  float confidence = dotted ? 0.8f : n > 3 ? 0.6f : 0.45f;
  if (near & BS_CTX_DIAGNOSIS)
    confidence = 0.95f;
  else if (after_description(d, m->from, m->to) && confidence < 0.8f)
    confidence = 0.8f;
  /* Letter + four digits is also a HCPCS shape: a procedure label decides, and
   * without any label the code is left unclaimed. */
  if (!dotted && n == 5 && bs_codeset_has(&d->ref->hcpcs, code, n)) {
    if (near & BS_CTX_PROCEDURE) return;
    if (!(near & BS_CTX_DIAGNOSIS)) return;
  }
  if (near & BS_CTX_NOT_PII && !(near & BS_CTX_DIAGNOSIS)) confidence = 0.3f;
  bs_detect_emit(d, BS_EL_ICD10CM, det, m->from, m->to, code, n, confidence);
}

void bs_handle_icd9cm(bs_detect *d, const bs_match *m, bs_detector det) {
  size_t from = m->from;
  if (det == BS_DET_ICD9CM && !isdigit((unsigned char)d->text[from]) && d->text[from] != 'V' &&
      d->text[from] != 'E') {
    /* Keyword-anchored form: the code is the last token. */
    from = m->to;
    while (from > m->from && isalnum((unsigned char)d->text[from - 1])) from--;
  }
  char code[8];
  size_t n = undotted(d->text, from, m->to, code, sizeof code);
  if (n < 3 || continues(d, m->to) || !bs_codeset_has(&d->ref->icd9cm, code, n)) return;
  unsigned near = near_classes(d, m);
  float confidence;
  if (from != m->from || near & BS_CTX_ICD9)
    confidence = 0.95f;
  else if (near & BS_CTX_DIAGNOSIS)
    confidence = 0.7f;
  else
    return; /* "250.00" is a price as often as it is diabetes */
  bs_detect_emit(d, BS_EL_ICD9CM, det, from, m->to, code, n, confidence);
}

void bs_handle_cpt(bs_detect *d, const bs_match *m, bs_detector det) {
  unsigned near = near_classes(d, m);
  float confidence;
  if (near & BS_CTX_CPT)
    confidence = 0.9f;
  else if (near & BS_CTX_PROCEDURE)
    confidence = 0.75f;
  else
    return;
  bs_detect_emit(d, BS_EL_CPT, det, m->from, m->to, d->text + m->from, 5, confidence);
}

void bs_handle_hcpcs(bs_detect *d, const bs_match *m, bs_detector det) {
  const char *code = d->text + m->from;
  if (!bs_codeset_has(&d->ref->hcpcs, code, 5)) return;
  unsigned near = near_classes(d, m);
  int also_icd = bs_codeset_has(&d->ref->icd10cm, code, 5);
  float confidence = near & BS_CTX_PROCEDURE ? 0.95f : 0.7f;
  if (also_icd && !(near & BS_CTX_PROCEDURE)) return;
  bs_detect_emit(d, BS_EL_HCPCS, det, m->from, m->to, code, 5, confidence);
}

void bs_handle_icd10pcs(bs_detect *d, const bs_match *m, bs_detector det) {
  const char *code = d->text + m->from;
  if (!bs_codeset_has(&d->ref->icd10pcs, code, 7)) return;
  int letters = 0;
  for (int i = 0; i < 7; i++) letters += isalpha((unsigned char)code[i]) != 0;
  unsigned near = near_classes(d, m);
  float confidence = near & BS_CTX_PROCEDURE ? 0.95f : 0.75f;
  /* An all-digit PCS code is indistinguishable from a seven-digit number. */
  if (letters == 0 && !(near & BS_CTX_PROCEDURE)) return;
  bs_detect_emit(d, BS_EL_ICD10PCS, det, m->from, m->to, code, 7, confidence);
}
