/* Hand-written word lists the generator draws from: street names, the diagnoses and
 * procedures a family practice bills most, lab tests, payers, specialties. The code
 * lists are checked against the CMS code sets at start-up (tables.c). */
#ifndef BS_LEXICON_H
#define BS_LEXICON_H
#include <stddef.h>

typedef struct bs_coded {
  const char *code;        /* as written on paper, dotted for ICD-10-CM ("E11.9") */
  const char *description; /* plain words for notes */
} bs_coded;

typedef struct bs_lab_test {
  const char *name;  /* "Glucose" */
  const char *units; /* "mg/dL" */
  const char *range; /* reference range as printed */
  double low, high;  /* values drawn within [low, high] */
  int decimals;      /* digits after the point */
} bs_lab_test;

typedef struct bs_payer {
  const char *name;    /* "Blue Cross Blue Shield" */
  const char *pattern; /* member id: A letter, 9 digit, other characters as is */
} bs_payer;

#define BS_LEXICON_LISTS(X)                                                                        \
  X(const char *, street_names)                                                                    \
  X(const bs_coded, diagnoses)                                                                     \
  X(const bs_coded, cpt_codes)                                                                     \
  X(const bs_coded, hcpcs_codes)                                                                   \
  X(const bs_lab_test, lab_tests)                                                                  \
  X(const bs_payer, payers)                                                                        \
  X(const char *, email_domains)                                                                   \
  X(const char *, specialties)                                                                     \
  X(const char *, complaints)                                                                      \
  X(const char *, medications)

#define BS_LEXICON_DECLARE(type, name)                                                             \
  extern type bs_lexicon_##name[];                                                                 \
  extern const size_t bs_lexicon_##name##_count;
BS_LEXICON_LISTS(BS_LEXICON_DECLARE)
#undef BS_LEXICON_DECLARE

#endif
