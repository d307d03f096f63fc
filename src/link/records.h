/* Records: the findings that belong to one person in one place. A table row, an HL7
 * message, a claim loop are records as their reader numbered them; free text is cut
 * into passages, a new one where a second identity appears (another SSN, another date
 * of birth, another name) or where lines run far apart. A record with nothing that
 * identifies a person (a bare list of diagnosis codes) is not linked: its findings are
 * counted as unattributed. */
#ifndef BS_RECORDS_H
#define BS_RECORDS_H
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "detect/element.h"

/* Primary identifiers: one value belongs to one person. */
#define BS_LINK_KEYS(X)                                                                            \
  X(SSN, BS_EL_SSN)                                                                                \
  X(ITIN, BS_EL_ITIN)                                                                              \
  X(MBI, BS_EL_MBI)                                                                                \
  X(HICN, BS_EL_HICN)                                                                              \
  X(PASSPORT, BS_EL_PASSPORT)                                                                      \
  X(LICENSE, BS_EL_DRIVERS_LICENSE)                                                                \
  X(MRN, BS_EL_MRN)                                                                                \
  X(MEMBER, BS_EL_MEMBER_ID)

typedef enum bs_link_key {
#define BS_LINK_KEY_ENUM(id, type) BS_KEY_##id,
  BS_LINK_KEYS(BS_LINK_KEY_ENUM)
#undef BS_LINK_KEY_ENUM
      BS_KEY_COUNT
} bs_link_key;

typedef struct bs_record {
  int64_t content_id;         /* where */
  uint64_t number;            /* the reader's record number; 0 for a passage of text */
  int64_t first_rowid;        /* its findings: for a passage, rowids first..last */
  int64_t last_rowid;         /* of its content */
  uint32_t types;             /* element types it exposes, bit (1 << type) */
  int64_t keys[BS_KEY_COUNT]; /* value ids of its primary identifiers, 0 when absent */
  int32_t dob;                /* YYYYMMDD, 0 when absent */
  int64_t name;               /* value id of a full name, 0 when absent */
  int64_t first, last;        /* value ids of first and last names */
  int64_t address, city, state, zip, phone, email; /* value ids, 0 when absent */
  int identified;                                  /* holds something that identifies a person */
} bs_record;

typedef struct bs_record_set {
  bs_record *items;                   /* records, in content and rowid order */
  size_t count;                       /* entries */
  size_t cap;                         /* allocated */
  char **values;                      /* value text by id (vals.id) */
  uint8_t *value_types;               /* value type by id */
  size_t value_count;                 /* ids are 1..value_count - 1 */
  uint64_t unattributed[BS_EL_COUNT]; /* findings in records that identify nobody */
  uint64_t findings;                  /* findings read */
} bs_record_set;

/* Reads every finding of the case into records. */
bs_status bs_records_load(bs_record_set *out, sqlite3 *db);
void bs_records_free(bs_record_set *set);

/* The text of a value id, "" for 0 or unknown. */
const char *bs_records_value(const bs_record_set *set, int64_t id);

#endif
