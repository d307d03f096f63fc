/* Persons from linked records: the best name and mailing address, date of birth,
 * state of residence, minor at the notice date, the exposed element types and the
 * files; stored in the case (persons, person_records, person_joins, link_issues,
 * unattributed) and exported with the columns counsel and mail vendors expect. */
#ifndef BS_PERSONS_H
#define BS_PERSONS_H
#include <stdio.h>

#include "link/link.h"
#include "store/store.h"

typedef struct bs_people_summary {
  size_t records;        /* records read */
  size_t identified;     /* of them, naming someone */
  size_t persons;        /* persons found */
  size_t joins;          /* record joins made */
  size_t issues;         /* shared keys refused */
  uint64_t findings;     /* findings read */
  uint64_t unattributed; /* findings tied to nobody */
  size_t no_address;     /* persons without a mailing address */
  size_t minors;         /* persons under 18 at the notice date */
} bs_people_summary;

/* Links the case's findings into persons and stores them, replacing an earlier run.
 * notice_day: YYYYMMDD, the date letters go out (for minors). */
bs_status bs_people_run(bs_people_summary *out, bs_store *store, int notice_day);

/* Writes the persons as CSV: person_id,first,middle,last,suffix,dob,street,unit,city,
 * state,zip,minor,deceased,elements,files. Values in clear. */
bs_status bs_people_export_csv(FILE *out, bs_store *store);

#endif
