/* Linking records into persons. Primary identifiers (SSN, ITIN, MBI, HICN, passport,
 * driver's license) join records unless a secondary one conflicts (two different dates
 * of birth), or the names disagree with no date of birth to vouch for them; MRN and
 * member ID join only when a date of birth or a name also agrees, since each is unique
 * only within one system. Then records with the same name (as a set of words) and date
 * of birth are joined. A key shared by records that disagree is a data-quality issue:
 * reported, never a reason to merge. Every join is recorded with its reason. */
#ifndef BS_LINK_H
#define BS_LINK_H
#include <stddef.h>
#include <stdint.h>

#include "link/nicknames.h"
#include "link/records.h"

typedef struct bs_link_join {
  size_t a, b;        /* records joined */
  const char *reason; /* "ssn", "mbi", "mrn+dob", "name+dob" ... */
} bs_link_join;

typedef struct bs_link_issue {
  bs_element type;  /* of the shared key */
  int64_t value_id; /* its value */
  size_t record;    /* one record whose join was refused */
} bs_link_issue;

typedef struct bs_linkage {
  size_t *person;      /* person index of each record (SIZE_MAX: not linked, unidentified) */
  size_t persons;      /* persons found */
  bs_link_join *joins; /* why records were joined */
  size_t join_count, join_cap;
  bs_link_issue *issues; /* keys refused */
  size_t issue_count, issue_cap;
} bs_linkage;

bs_status bs_link(bs_linkage *out, const bs_record_set *records);
void bs_linkage_free(bs_linkage *linkage);

/* Name words of a value ("MARY ANN OKAFOR" -> {ANN, MARY, OKAFOR}), without initials,
 * titles and suffixes, sorted; written NUL-separated into out. Returns the count. */
size_t bs_link_name_words(const char *name, char out[][32], size_t cap);

#endif
