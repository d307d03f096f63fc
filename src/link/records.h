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
#include "base/strmap.h"
#include "detect/element.h"
#include "link/nicknames.h"

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
  /* A second address line, value id: the unit when a format gives it a component of its
   * own (HL7 XAD other designation, X12 N302, a FHIR address's second line). */
  int64_t address2;
  int identified; /* holds something that identifies a person */
  int deceased;   /* a date of death (or a field saying so) is among its findings */
  /* 1 + index of the record this one continues: the document's subject again after
   * someone else was mentioned in a sentence ("accompanied by her mother, Joan ..."),
   * a row naming no one in a table of a document about one person, or the record of
   * the same FHIR patient (by_reference); 0 for none. */
  uint32_t continues;
  /* It continues the message's From header: a signature ("D. Oneil") that abbreviates
   * the sender's name. */
  uint8_t signature;
  /* It continues a record of the same FHIR patient ("Patient/123" in its place) in a
   * file of the same folder: a bulk export writes each resource type to its own file. */
  uint8_t by_reference;
  uint32_t reference; /* 1 + that patient among the case's (folder, Patient/id); 0: none */
} bs_record;

/* A finding kept aside while records are read: contact details and dates, whose place
 * in a record is decided once every record is known (see bs_records_load). */
typedef struct bs_record_aside {
  uint32_t record; /* index */
  uint8_t type;    /* bs_element */
  uint8_t header;  /* a message header's date: the message's, not a person's */
  uint8_t dropped; /* not the record's: an organisation's contact, a repeated date */
  int32_t date;    /* YYYYMMDD for dates */
  int64_t value;   /* value id */
} bs_record_aside;

/* Tuning of record building. */
typedef struct bs_records_options {
  /* A phone, e-mail or street address seen in free-text passages about at least this
   * many different people is the writer's own (a letterhead, a front-desk address):
   * it is not counted in those persons' exposure sets nor used to link them. */
  size_t shared_contact;
} bs_records_options;

#define BS_RECORDS_SHARED_CONTACT 12

typedef struct bs_record_set {
  bs_record *items;                   /* records, in content and rowid order */
  size_t count;                       /* entries */
  size_t cap;                         /* allocated */
  char **values;                      /* value text by id (vals.id) */
  uint8_t *value_types;               /* value type by id */
  size_t value_count;                 /* ids are 1..value_count - 1 */
  uint64_t unattributed[BS_EL_COUNT]; /* findings in records that identify nobody */
  uint64_t findings;                  /* findings read */
  bs_record_aside *aside;             /* contact details and dates, in reading order */
  size_t aside_count, aside_cap;
  int64_t *shared;     /* value ids found to be an organisation's own contact details */
  size_t shared_count; /* entries */
  uint32_t *shared_by; /* how many different people's passages each shared value is in */
  char (*shas)[65];    /* SHA-256 of each content id, for record keys; may be NULL */
  size_t sha_count;    /* entries */
  bs_strmap *interned; /* records built in memory: "type value" -> value id */
  size_t value_cap;    /* allocated entries of values and value_types */
} bs_record_set;

/* Records built in memory, without a case (tests, bench/people): begin, then for each
 * record bs_records_new and its findings with bs_records_add (values normalized as the
 * scanner stores them: upper-case names, dates YYYY-MM-DD, digits only for phones),
 * then bs_records_finish. A record of number 0 is a passage of free text. */
bs_status bs_records_begin(bs_record_set *set);
bs_status bs_records_new(bs_record_set *set, int64_t content, uint64_t number, size_t *index);
bs_status bs_records_add(bs_record_set *set, size_t index, bs_element type, const char *value);
bs_status bs_records_finish(bs_record_set *set, const bs_records_options *options);

/* A key for record i that stays the same from run to run over the same findings:
 * "SHA256:number" for a numbered record, "SHA256:@rowid" for a passage. */
void bs_records_key(const bs_record_set *set, size_t i, char *out, size_t cap);

/* Reads every finding of the case into records. options may be NULL (defaults). */
bs_status bs_records_load(bs_record_set *out, sqlite3 *db, const bs_records_options *options);

/* Places the findings kept aside (out->aside) into their records: the first phone,
 * e-mail and address components of each record fill its slots and its element types,
 * except a passage's contact details shared by the passages of many different people
 * (listed in out->shared) and a generic date that repeats a date of birth or of service
 * of the same record; a message header's date belongs to the message. Called by
 * bs_records_load; callers that build records in memory call it once they are done. */
bs_status bs_records_place_aside(bs_record_set *set, const bs_records_options *options);

/* Appends a finding kept aside for record index `record` (see bs_record_aside). */
bs_status bs_records_add_aside(bs_record_set *set, uint32_t record, bs_element type, int64_t value,
                               int32_t date, int header);

/* 1 when upper-case name is a signature's short form of full: initials and one whole
 * word of full, each initial another word's first letter ("D ONEIL", "DAVID ONEIL") or,
 * when nicknames is not NULL, a formal name's it stands for ("E ECKEL", "GENE ECKEL"). */
int bs_records_abbreviates(const char *name, const char *full, const bs_nicknames *nicknames);

/* 1 for the types kept aside: contact details and dates. */
int bs_records_is_aside(bs_element type);
void bs_records_free(bs_record_set *set);

/* The text of a value id, "" for 0 or unknown. */
const char *bs_records_value(const bs_record_set *set, int64_t id);

#endif
