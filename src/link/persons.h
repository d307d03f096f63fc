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
  size_t records;         /* records read */
  size_t identified;      /* of them, naming someone */
  size_t persons;         /* persons found */
  size_t joins;           /* record joins made */
  size_t issues;          /* shared keys refused */
  uint64_t findings;      /* findings read */
  uint64_t unattributed;  /* findings tied to nobody */
  size_t no_address;      /* persons without a mailing address */
  size_t minors;          /* persons under 18 at the notice date */
  size_t deceased;        /* persons the data says have died */
  size_t reviews;         /* uncertain pairs left for a person to decide */
  size_t candidate_pairs; /* pairs the probabilistic step compared */
  size_t shared_contacts; /* organisations' contact details kept out of exposure sets */
  size_t em_pairs;        /* pairs the EM step learnt from */
  int em_rounds;
  double em_m_given, em_m_surname, em_m_dob; /* m of exact agreement it found */
} bs_people_summary;

typedef struct bs_people_options {
  int notice_day;             /* YYYYMMDD, the date letters go out (for minors) */
  bs_records_options records; /* record building */
  bs_link_options link;       /* thresholds, decisions */
  FILE *review;               /* where the review band goes as CSV; NULL: nowhere */
} bs_people_options;

void bs_people_options_default(bs_people_options *options, int notice_day);

/* bs_people_run with options. */
bs_status bs_people_run_with(bs_people_summary *out, bs_store *store,
                             const bs_people_options *options);

/* Links the case's findings into persons and stores them, replacing an earlier run.
 * notice_day: YYYYMMDD, the date letters go out (for minors). */
bs_status bs_people_run(bs_people_summary *out, bs_store *store, int notice_day);

/* Writes the persons as CSV: person_id,first,middle,last,suffix,dob,street,unit,city,
 * state,zip,minor,deceased,elements,files. Values in clear. */
bs_status bs_people_export_csv(FILE *out, bs_store *store);

#endif
