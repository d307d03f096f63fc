/* Context words: keywords near a candidate that raise or lower confidence, grouped
 * into classes. They are compiled into the same Hyperscan database as the detectors. */
#ifndef BS_CONTEXT_H
#define BS_CONTEXT_H
#include <stddef.h>

#define BS_CONTEXT_CLASSES(X)                                                                      \
  X(SSN)                                                                                           \
  X(DOB) X(SERVICE) X(PHONE) X(MRN) X(MEMBER) X(NPI) X(DIAGNOSIS) X(ICD9) X(PROCEDURE) X(CPT)      \
      X(ROUTING) X(ACCOUNT) X(CARD) X(LICENSE) X(PASSPORT) X(ZIP) X(MEDICARE) X(NOT_PII) X(USER)   \
          X(DATE) X(EMAIL) X(ADDRESS) X(PROVIDER)

enum {
#define BS_CONTEXT_BIT(id) BS_CTX_BIT_##id,
  BS_CONTEXT_CLASSES(BS_CONTEXT_BIT)
#undef BS_CONTEXT_BIT
};

#define BS_CONTEXT_MASK(id) BS_CTX_##id = 1u << BS_CTX_BIT_##id,
enum { BS_CONTEXT_CLASSES(BS_CONTEXT_MASK) };
#undef BS_CONTEXT_MASK

typedef struct bs_keyword {
  const char *regex; /* case-insensitive, matched at word boundaries */
  unsigned classes;  /* BS_CTX_* bits this word signals */
} bs_keyword;

extern const bs_keyword bs_keywords[];
extern const size_t bs_keyword_count;

#endif
