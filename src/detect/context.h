/* Context words: keywords near a candidate that raise or lower confidence, grouped
 * into classes. They are compiled into the same Hyperscan database as the detectors. */
#ifndef BS_CONTEXT_H
#define BS_CONTEXT_H
#include <stddef.h>

// clang-format off
#define BS_CONTEXT_CLASSES(X)                                                             \
  X(SSN) X(DOB) X(SERVICE) X(PHONE) X(MRN) X(MEMBER) X(NPI) X(DIAGNOSIS) X(ICD9)          \
  X(PROCEDURE) X(CPT) X(ROUTING) X(ACCOUNT) X(CARD) X(LICENSE) X(PASSPORT) X(ZIP)         \
  X(MEDICARE) X(NOT_PII) X(USER) X(DATE) X(PERSON) X(PROVIDER)
// clang-format on

enum {
#define BS_CONTEXT_BIT(id) BS_CTX_BIT_##id,
  BS_CONTEXT_CLASSES(BS_CONTEXT_BIT)
#undef BS_CONTEXT_BIT
};

#define BS_CONTEXT_MASK(id) BS_CTX_##id = 1u << BS_CTX_BIT_##id,
enum { BS_CONTEXT_CLASSES(BS_CONTEXT_MASK) };
#undef BS_CONTEXT_MASK

/* Labels whose value follows them ("MRN: 00123456"): the value is read in C from the
 * end of the label, so no costly pattern has to span label and value. */
typedef enum bs_keyed {
  BS_KEYED_NONE = 0,
  BS_KEYED_MRN,        /* any token with a digit */
  BS_KEYED_MEMBER,     /* likewise, after an id word: "Member ID", "Policy #" */
  BS_KEYED_NPI,        /* ten digits passing the NPI check */
  BS_KEYED_ACCOUNT,    /* 6 to 17 digits */
  BS_KEYED_LICENSE,    /* a driver's licence number in some state's format */
  BS_KEYED_PASSPORT,   /* 6 to 9 letters and digits */
  BS_KEYED_CREDENTIAL, /* "password: X" */
  BS_KEYED_ICD9,       /* an ICD-9-CM code */
  BS_KEYED_ZIP,        /* an assigned ZIP or ZIP+4 */
  BS_KEYED_NAME,       /* a person's name: "Patient: Mary Okafor", "Dear Mrs. Garcia" */
} bs_keyed;

typedef struct bs_keyword {
  const char *regex; /* case-insensitive, matched at word boundaries */
  unsigned classes;  /* BS_CTX_* bits this word signals */
  bs_keyed keyed;    /* the value after the label, if any */
  int open_end;      /* ends in a non-word character ("SS#"): no word boundary after */
} bs_keyword;

extern const bs_keyword bs_keywords[];
extern const size_t bs_keyword_count;

#endif
