/* The review band as a CSV for a person to decide (see review.c). */
#ifndef BS_REVIEW_H
#define BS_REVIEW_H
#include <sqlite3.h>
#include <stdio.h>

#include "link/link.h"

/* Writes the linkage's review pairs with both records' evidence: decision (blank, for
 * the reviewer), score, record_a, record_b, file_a, file_b, name_a, name_b, dob_a, dob_b,
 * address_a, address_b, phone_a, phone_b, email_a, email_b, evidence. Values in clear.
 * db (may be NULL) gives each record's file path. */
bs_status bs_link_write_review(FILE *out, sqlite3 *db, const bs_record_set *set,
                               const bs_linkage *link);

#endif
