/* Persons of the synthetic practice, each derived from (seed, index) alone so that
 * 600,000 of them need no memory: households are runs of consecutive ids sharing an
 * address and a surname; a few persons share a name with someone else. Providers (who
 * are not patients) are derived the same way from their own index. */
#ifndef BS_PEOPLE_H
#define BS_PEOPLE_H
#include <stdint.h>

#include "synth/tables.h"

/* "Today" of the synthetic breach: ages and visit dates are counted from here. */
#define BS_SYNTH_YEAR 2024

typedef struct bs_address {
  char number[8];    /* house number */
  char predir[8];    /* "" or a directional as written ("N", "North") */
  char name[40];     /* street name ("Oak", "2nd") */
  char suffix[16];   /* suffix as written ("Street", "St", "Ave") */
  char unit_kind[8]; /* "" or a designator as written ("Apt", "Unit", "Ste", "#") */
  char unit[8];      /* unit number */
  char city[40];     /* upper case, as the place table has it */
  char state[3];     /* USPS code */
  char zip[6];       /* five digits */
  char zip4[5];      /* four digits or "" */
} bs_address;

typedef struct bs_date {
  int year, month, day; /* a real calendar date */
} bs_date;

typedef struct bs_person {
  uint32_t index;          /* 0-based */
  char id[12];             /* "P000123" */
  char sex;                /* 'F' or 'M' */
  char first[24];          /* title case */
  char middle[24];         /* "" or a middle name */
  char last[32];           /* title case */
  char suffix[4];          /* "", "Jr", "Sr", "II", "III" */
  char nickname[24];       /* "" or what the person goes by ("Bob") */
  bs_date dob;             /* date of birth */
  int age;                 /* on 1 July of BS_SYNTH_YEAR */
  bs_address home;         /* current address */
  bs_address old;          /* previous address, valid when moved */
  int moved;               /* 1: old holds a former address */
  char home_phone[11];     /* ten digits */
  char cell_phone[11];     /* ten digits or "" */
  char email[64];          /* "" or lower case */
  char mrn[9];             /* eight digits, unique */
  int payer;               /* index in bs_lexicon_payers */
  char member_id[16];      /* upper case, no separators */
  char mbi[12];            /* "" or an MBI (65 and over, some disabled) */
  char ssn[10];            /* "" or nine digits: only a subset gave one */
  char card[20];           /* "" or a card on file, digits */
  const char *card_brand;  /* "Visa", ... when card is set */
  uint32_t household;      /* index of the first member of the household */
  uint32_t household_size; /* members */
  int64_t namesake;        /* index of another person with the same name, or -1 */
} bs_person;

typedef struct bs_provider {
  uint32_t index;         /* 0-based */
  char id[8];             /* "D0007" */
  char first[24];         /* title case */
  char last[32];          /* title case */
  const char *credential; /* "MD", "DO", "NP", "PA-C" */
  const char *specialty;  /* from the lexicon */
  char npi[11];           /* ten digits, CMS Luhn over 80840 */
} bs_provider;

/* The practice's setting, derived from the seed: its state and phone area codes. */
typedef struct bs_practice {
  uint64_t seed;         /* --seed */
  uint32_t patients;     /* persons in all */
  uint32_t providers;    /* providers in all */
  const char *state;     /* where most patients live */
  size_t place_first;    /* its places in the tables */
  size_t place_count;    /* entries */
  char area_codes[3][4]; /* the local NPAs */
} bs_practice;

void bs_people_practice(bs_practice *out, const bs_synth_tables *tables, uint64_t seed,
                        uint32_t patients);
void bs_people_make(bs_person *out, const bs_synth_tables *tables, const bs_practice *practice,
                    uint32_t index);
void bs_people_provider(bs_provider *out, const bs_synth_tables *tables,
                        const bs_practice *practice, uint32_t index);

/* Identifier makers, exposed for the lookalikes and the tests. */
void bs_people_ssn(char *out, bs_random *r);                    /* SSA rules */
void bs_people_phone(char *out, bs_random *r, const char *npa); /* NANP; npa NULL: any */
void bs_people_mbi(char *out, bs_random *r);                    /* CMS MBI format */
void bs_people_npi(char *out, bs_random *r);                    /* CMS NPI Luhn */
/* A card number of the brand with its IIN and length, Luhn digit last; returns the brand. */
const char *bs_people_card(char *out, bs_random *r, const bs_refdata *ref);

#endif
