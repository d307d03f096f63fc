/* How clinics write the same value in different ways: date, phone, SSN, name and
 * street forms, and the normalized value `findings` prints for each (the truth). */
#ifndef BS_RENDER_H
#define BS_RENDER_H
#include <stddef.h>

#include "synth/people.h"

#define BS_TEXT_MAX 160 /* longest rendered value */

typedef enum bs_date_style {
  BS_DATE_MDY,       /* 03/14/1962 */
  BS_DATE_MDY_BARE,  /* 3/14/1962 */
  BS_DATE_MDY_SHORT, /* 3/14/62 */
  BS_DATE_ISO,       /* 1962-03-14 */
  BS_DATE_LONG,      /* March 14, 1962 */
  BS_DATE_DMY_ABBR,  /* 14-Mar-1962 */
  BS_DATE_DMY_SPACE, /* 14 Mar 1962 */
  BS_DATE_MDY_DASH,  /* 03-14-1962 */
  BS_DATE_STYLES
} bs_date_style;

typedef enum bs_name_style {
  BS_NAME_FIRST_LAST,        /* John Smith */
  BS_NAME_FIRST_MIDDLE_LAST, /* John A. Smith */
  BS_NAME_LAST_FIRST,        /* Smith, John */
  BS_NAME_LAST_FIRST_MIDDLE, /* Smith, John A */
  BS_NAME_UPPER,             /* JOHN SMITH */
  BS_NAME_UPPER_LAST_FIRST,  /* SMITH, JOHN A */
  BS_NAME_NICKNAME,          /* Bob Smith (the formal name when there is no nickname) */
  BS_NAME_INITIAL,           /* J. Smith */
  BS_NAME_STYLES
} bs_name_style;

/* Dates: out holds BS_TEXT_MAX bytes. A two-digit year is only used when the year is
 * after 1935, so that no reader can take it for another century. */
void bs_render_date(char *out, bs_date date, bs_date_style style);
bs_date_style bs_render_date_style(bs_random *r, int allow_short);
void bs_render_iso(char *out, bs_date date); /* the normalized form */

/* Phones: (617) 555-0199, 617-555-0199, 617.555.0199, +1 617 555 0199, 6175550199... */
void bs_render_phone(char *out, const char *digits, bs_random *r);
/* SSN: 123-45-6789 or 123 45 6789; bare digits when `bare_ok` (a labelled column). */
void bs_render_ssn(char *out, const char *digits, bs_random *r, int bare_ok);
/* MBI with or without the dashes of the card (1EG4-TE5-MK73). */
void bs_render_mbi(char *out, const char *mbi, bs_random *r);
/* ICD-10-CM dotted ("E11.9") or not ("E119"): `dotted` is the lexicon form. */
void bs_render_icd(char *out, const char *dotted, bs_random *r);
/* A code without its dots, upper case (the normalized form). */
void bs_render_undotted(char *out, const char *code);
/* Card with spaces, dashes or none. */
void bs_render_card(char *out, const char *digits, bs_random *r);

/* A person's name in a style; a typo (two letters swapped) now and then when typo_ok. */
void bs_render_name(char *out, const bs_person *p, bs_name_style style, bs_random *r, int typo_ok);
bs_name_style bs_render_name_style(bs_random *r);
/* A first or last name as written in a column: mostly title case, some upper case. */
void bs_render_word(char *out, const char *name, bs_random *r);

/* Street line ("1234 N Oak St Apt 5") with suffix and unit written in one of their
 * forms; `with_unit` 0 leaves the unit out (a column of its own). */
void bs_render_street(char *out, const bs_address *a, const bs_refdata *ref, bs_random *r,
                      int with_unit);
/* City in title case or upper case. */
void bs_render_city(char *out, const char *city, bs_random *r);
/* ZIP or ZIP+4 as written; OUT value: the normalized ZIP ("62704" or "62704-1234"). */
void bs_render_zip(char *out, char *value, const bs_address *a, bs_random *r);

/* Normalized values, exactly as `findings` prints them (the scanner's own normalizers). */
void bs_render_norm_words(char *out, const char *text);
void bs_render_norm_street(char *out, const char *text, const bs_refdata *ref);

#endif
