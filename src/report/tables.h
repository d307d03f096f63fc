/* Tables derived from a report for its outputs (JSON, CSV, HTML): element combinations,
 * the HHS portal fields and the not-examined reasons. Private to src/report/. */
#ifndef BS_REPORT_TABLES_H
#define BS_REPORT_TABLES_H
#include <stddef.h>
#include <stdint.h>

#include "report/report.h"

/* Persons of one state (or all states: state SIZE_MAX) with one combination of groups. */
typedef struct bs_combination_row {
  uint32_t groups;                              /* bits of in_combination groups */
  size_t state;                                 /* index into the report's states, SIZE_MAX: all */
  size_t persons, minors, deceased, no_address; /* persons, and of them */
} bs_combination_row;

/* Rows by combination then state (by_state) or by combination alone. OUT: *out (bs_free). */
bs_status bs_report_combinations(bs_combination_row **out, size_t *count, const bs_report *r,
                                 int by_state);
/* "name + ssn + medical", or "(none of the listed groups)". */
void bs_report_combination_label(char *out, size_t cap, const bs_report *r, uint32_t groups);

typedef struct bs_hhs_field {
  const char *field;  /* the portal's field */
  char value[512];    /* prefilled value */
  const char *source; /* where the value comes from */
} bs_hhs_field;

#define BS_HHS_FIELDS 16
/* The HHS breach portal fields, prefilled. Returns how many. */
size_t bs_report_hhs_fields(bs_hhs_field *out, const bs_report *r);

/* The substitute-notice decision of 45 CFR 164.404(d)(2). */
const char *bs_report_substitute_decision(const bs_report *r);

#endif
