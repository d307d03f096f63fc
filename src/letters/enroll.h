/* Credit-monitoring enrollment codes: drawn from libsodium's CSPRNG, written in
 * Crockford's base-32 alphabet (no I, L, O or U to misread), with a Luhn mod 32 check
 * symbol that catches every single-symbol error and every transposition of two
 * neighbouring symbols but 0/Z (see enroll.c).
 * Stored against the person (table enrollment), so that a code survives re-running
 * `people` (person ids are stable) and `letters`. */
#ifndef BS_ENROLL_H
#define BS_ENROLL_H
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

#define BS_ENROLL_RANDOM_SYMBOLS                                                                   \
  11 /* 55 random bits: guessing one of 600,000 codes                                              \
        takes 6e10 tries on average */
#define BS_ENROLL_SYMBOLS   (BS_ENROLL_RANDOM_SYMBOLS + 1) /* with the check symbol */
#define BS_ENROLL_CODE_SIZE 15                             /* "XXXX-XXXX-XXXX" and its NUL */

/* Types whose exposure warrants monitoring: identity-theft and financial-fraud risk
 * (SSN, ITIN, driver's license or state ID, passport, financial account, payment card),
 * as California 1798.82(d)(2)(G), Connecticut 36a-701b(b)(2)(B), Delaware 12B-102(e),
 * D.C. 28-3852(a-1), Massachusetts 93H s. 3A and Pennsylvania's 2024 amendment name them. */
uint32_t bs_enroll_warranting_elements(void);

/* A fresh code, "XXXX-XXXX-XXXX". */
void bs_enroll_draw(char out[BS_ENROLL_CODE_SIZE]);
/* The check symbol's value for `count` symbol values (each 0..31). */
int bs_enroll_check_value(const int *values, size_t count);
/* 1 if text is a well-formed code with a correct check symbol; dashes and spaces are
 * ignored, lower case is read as upper case and O, I, L as 0, 1, 1 (Crockford). */
int bs_enroll_valid(const char *text);

/* Creates the enrollment table if missing. */
bs_status bs_enroll_prepare(sqlite3 *db);
/* Gives a code to every person (or only `person_id` when not NULL) whose exposure
 * warrants monitoring and who has none yet. OUT: how many were issued. */
bs_status bs_enroll_assign(size_t *issued, sqlite3 *db, const char *issued_at,
                           const char *person_id);
/* The monitoring vendor's file: code,issued_at,product (adult or minor), one row per
 * code held by a current person; no names or other personal data. */
bs_status bs_enroll_export(FILE *out, sqlite3 *db, size_t *rows);

#endif
