/* One affected person as a letter sees them: read from the persons table (with the
 * enrollment code), addressed as the law asks (a minor's letter to the parent or
 * guardian, a deceased person's to the estate), and judged mailable or not. */
#ifndef BS_RECIPIENT_H
#define BS_RECIPIENT_H
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "letters/enroll.h"
#include "letters/template.h"

#define BS_RECIPIENT_LINES     4  /* address block lines at most */
#define BS_RECIPIENT_LINE_SIZE 96 /* bytes of one line */

typedef struct bs_recipient {
  char person_id[24];             /* stable id from `people` */
  char first[64];                 /* given name, as stored (upper case) */
  char middle[64];                /* middle name or "" */
  char last[64];                  /* family name */
  char suffix[16];                /* JR, SR, III... or "" */
  char street[128];               /* delivery line, Pub 28 form */
  char unit[64];                  /* secondary unit ("APT 5") or "" */
  char city[64];                  /* city */
  char state[4];                  /* USPS state code */
  char zip[16];                   /* ZIP or ZIP+4 */
  char residence[4];              /* state of residence (for state wording) */
  int minor;                      /* 1 if under 18 at the notice date */
  int deceased;                   /* 1 if known deceased */
  uint32_t elements;              /* exposed types, bit per bs_element */
  char code[BS_ENROLL_CODE_SIZE]; /* enrollment code or "" */
} bs_recipient;

/* The SELECT whose rows bs_recipient_read takes; ?1 NULL for every person, else one id. */
extern const char bs_recipient_sql[];
/* Fills out from a row of bs_recipient_sql. */
void bs_recipient_read(bs_recipient *out, sqlite3_stmt *row);
/* `;`-joined type names -> bit mask (unknown names ignored). */
uint32_t bs_recipient_elements(const char *names);

/* NULL if the address can carry a letter, else why not ("no street address"...). */
const char *bs_recipient_unmailable(const bs_recipient *r);
/* The address block, upper case as USPS Pub 28 asks: addressee, delivery line, last
 * line. Returns the number of lines written. */
int bs_recipient_lines(char lines[BS_RECIPIENT_LINES][BS_RECIPIENT_LINE_SIZE],
                       const bs_recipient *r);
/* The routing ZIP for the barcode: 5 or 9 digits, "" when the ZIP is malformed. */
void bs_recipient_routing(char out[12], const bs_recipient *r);
/* "Mary A. Okafor Jr." style, for the letter's text. */
void bs_recipient_name(char *out, size_t cap, const bs_recipient *r);
/* Who the letter speaks to: the name, "Parent or Guardian of NAME", or "Family or
 * Estate of NAME". */
void bs_recipient_addressee(char *out, size_t cap, const bs_recipient *r);
/* The facts the template's conditions read. */
void bs_recipient_facts(bs_letter_facts *out, const bs_recipient *r, int window);

#endif
