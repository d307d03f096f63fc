/* Linking records into persons, in tiers. 1. Primary identifiers (SSN, ITIN, MBI, HICN,
 * passport, driver's license) join records unless something conflicts: two dates of
 * birth that are not one typo apart, given names that differ, a Jr. and a Sr., or names
 * that disagree with no date of birth to vouch for them; MRN and member ID join only
 * when a date of birth or a name also agrees, since each is unique only within one
 * system. A key shared by records that disagree is a data-quality issue: reported, never
 * a reason to merge. 2. Probabilistic matching in the Fellegi-Sunter manner (match.c):
 * candidate pairs from blocks (date of birth, surname code, given name code, phone,
 * e-mail, address), each scored by the log-likelihood weights of its comparisons; pairs
 * above the match weight join (the same conflicts still block them), pairs in the
 * review band are written out for a person to decide, and those decisions are read
 * back. Every join is recorded with its reason and score. */
#ifndef BS_LINK_H
#define BS_LINK_H
#include <stddef.h>
#include <stdint.h>

#include "base/strmap.h"
#include "link/nicknames.h"
#include "link/records.h"

#define BS_LINK_REASON 160

typedef struct bs_link_join {
  size_t a, b;                 /* records joined */
  double score;                /* match weight in bits; 0 for a primary identifier */
  char reason[BS_LINK_REASON]; /* "ssn", "mrn+dob", "match: given=exact surname=typo ..." */
} bs_link_join;

typedef struct bs_link_issue {
  bs_element type;  /* of the shared key */
  int64_t value_id; /* its value */
  size_t record;    /* one record whose join was refused */
} bs_link_issue;

/* A pair of records in the review band: neither joined nor told apart. */
typedef struct bs_link_review {
  size_t a, b;
  double score;
  char evidence[BS_LINK_REASON];
} bs_link_review;

/* A person's decisions on earlier review pairs, by record key (bs_records_key). */
typedef struct bs_link_decisions {
  bs_strmap *pairs;  /* "keyA keyB" (keys in byte order) -> 1 same, -1 different */
  char **same_pairs; /* the "keyA keyB" decided the same person */
  size_t same, same_cap, different;
} bs_link_decisions;

typedef struct bs_link_options {
  /* Scores are posterior log-odds in bits (see match.c): 4 is 16 to 1 for one person. */
  double match_weight;  /* pairs at or above this score join */
  double review_weight; /* pairs from this score up to the match weight are for review */
  double contact_cap;   /* the most phone, e-mail, address and ZIP may add together */
  int estimate;         /* estimate the m of names and dates of birth by EM; 0: the defaults */
  const bs_link_decisions *decisions; /* may be NULL */
} bs_link_options;

/* Documented defaults (docs/breachscope-people.1). */
#define BS_LINK_MATCH_WEIGHT  4.0
#define BS_LINK_REVIEW_WEIGHT (-4.0)
#define BS_LINK_CONTACT_CAP   10.0

typedef struct bs_linkage {
  size_t *person;      /* person index of each record (SIZE_MAX: not linked, unidentified) */
  size_t persons;      /* persons found */
  bs_link_join *joins; /* why records were joined */
  size_t join_count, join_cap;
  bs_link_issue *issues; /* keys refused */
  size_t issue_count, issue_cap;
  bs_link_review *reviews; /* pairs for a person to decide */
  size_t review_count, review_cap;
  size_t candidate_pairs; /* pairs compared by the probabilistic step */
  size_t em_pairs;        /* pairs the EM step learnt from (0: defaults used) */
  int em_rounds;          /* its rounds; -1: its model was unusable, the defaults stayed */
  double em_m_given, em_m_surname, em_m_dob; /* the m it found for exact agreement */
} bs_linkage;

/* options may be NULL (defaults). */
bs_status bs_link(bs_linkage *out, const bs_record_set *records, const bs_link_options *options);
void bs_linkage_free(bs_linkage *linkage);

void bs_link_options_default(bs_link_options *options);

/* Name words of a value ("MARY ANN OKAFOR" -> {ANN, MARY, OKAFOR}), without initials,
 * titles and suffixes, sorted; written NUL-separated into out. Returns the count. */
size_t bs_link_name_words(const char *name, char out[][32], size_t cap);

/* Reads decisions from a review CSV (bs_link_write_review's columns, its first column
 * filled with "same" or "different"; blank rows are undecided). On a malformed file,
 * *line is the line at fault. */
bs_status bs_link_decisions_read(bs_link_decisions *out, const char *text, size_t len,
                                 size_t *line);
void bs_link_decisions_free(bs_link_decisions *decisions);

#endif
