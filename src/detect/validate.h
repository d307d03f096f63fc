/* Validators of identifiers by their issuing rules, and calendar dates.
 * Pure functions on ASCII digits; no allocation. */
#ifndef BS_VALIDATE_H
#define BS_VALIDATE_H
#include <stddef.h>

typedef enum bs_ssn_kind {
  BS_SSN_INVALID = 0,    /* never issued */
  BS_SSN_VALID = 1,      /* could be an SSN */
  BS_SSN_ITIN = 2,       /* an IRS individual taxpayer number (9xx, ITIN groups) */
  BS_SSN_KNOWN_FAKE = 3, /* valid shape but publicly known sample (078-05-1120) */
} bs_ssn_kind;

/* SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000. 9xx areas with
 * IRS ITIN groups (50-65, 70-88, 90-92, 94-99) are ITINs. digits: 9 ASCII digits. */
bs_ssn_kind bs_validate_ssn(const char *digits);

/* Luhn (mod 10) over ASCII digits. */
int bs_validate_luhn(const char *digits, size_t len);

/* NPI: 10 digits, first 1 or 2, Luhn over "80840" + the 10 digits (CMS NPI rule). */
int bs_validate_npi(const char *digits);

/* ABA routing number: 9 digits, 3-7-1 weighted sum divisible by 10, valid Fed prefix. */
int bs_validate_aba(const char *digits);

/* Medicare Beneficiary Identifier, 11 characters without dashes (CMS MBI format). */
int bs_validate_mbi(const char *chars);

/* NANP: 10 digits, area NXX not N11 and not N9X, exchange NXX not N11. */
int bs_validate_phone(const char *digits);

/* Real calendar date, year 1850-2199. */
int bs_validate_date(int year, int month, int day);

/* Parses a whole string as a date in any common US form (03/14/1962, 3-14-62,
 * 1962-03-14, 19620314, March 14, 1962, 14 Mar 1962, 14-MAR-1962). Two-digit years
 * resolve to the latest year not after pivot_year. Returns 1 and fills y/m/d. */
int bs_parse_date(const char *text, size_t len, int pivot_year, int *year, int *month, int *day);

/* Month number from an English month name or abbreviation (any case), else 0. */
int bs_month_from_name(const char *text, size_t len);

#endif
