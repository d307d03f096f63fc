/* Reference data parsed from the embedded tables: code sets, ZIP prefixes, states,
 * USPS Pub 28 suffixes and unit designators, card IIN ranges, licence formats.
 * Built once, immutable afterwards, shared by every scanning thread. */
#ifndef BS_REFDATA_H
#define BS_REFDATA_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct bs_span {
  const char *text; /* not NUL-terminated */
  size_t len;       /* bytes */
} bs_span;

typedef struct bs_codeset {
  bs_span *codes; /* sorted upper-case codes without dots */
  size_t count;   /* entries in codes */
} bs_codeset;

typedef struct bs_pair {
  bs_span key;   /* e.g. a suffix variant "AVENUE" */
  bs_span value; /* e.g. its abbreviation "AVE" */
  int flag;      /* table-specific: range required for unit designators */
} bs_pair;

typedef struct bs_card_range {
  uint64_t first, last; /* IIN prefix range, both of prefix_len digits */
  int prefix_len;       /* digits compared */
  uint32_t lengths;     /* bit n set: a PAN of n digits is allowed */
} bs_card_range;

#define BS_REFDATA_MAX_ROWS 128 /* rows kept NUL-terminated for zip5 and state tables */

typedef struct bs_refdata {
  bs_codeset icd10cm, icd10pcs, icd9cm, hcpcs; /* code sets */
  char zip3_state[1000][3];                    /* state of each ZIP3 prefix, "" when unassigned */
  bs_pair *zip5_exceptions;                    /* five-digit ZIP -> state, sorted by ZIP */
  size_t zip5_count;                           /* entries */
  char zip5_state[BS_REFDATA_MAX_ROWS][3];     /* NUL-terminated state of each exception */
  bs_pair *states;                             /* USPS code -> upper-case name */
  size_t state_count;                          /* entries */
  char state_codes[BS_REFDATA_MAX_ROWS][3];    /* NUL-terminated code of each state */
  bs_pair *suffixes;        /* Pub 28 C1 variant -> standard abbreviation, sorted */
  size_t suffix_count;      /* entries */
  bs_pair *units;           /* Pub 28 C2 designator -> abbreviation, flag = range */
  size_t unit_count;        /* entries */
  bs_card_range *cards;     /* IIN ranges */
  size_t card_count;        /* entries */
  bs_pair *licence_formats; /* state -> anchored regex */
  size_t licence_count;     /* entries */
  bs_codeset first_names;   /* given names, upper case, sorted (SSA, see data/SOURCES.md) */
  bs_codeset surnames;      /* family names, upper case, sorted (Census 2010) */
  char *name_text;          /* the upper-case copies both point into */
} bs_refdata;

bs_status bs_refdata_create(bs_refdata **out);
void bs_refdata_free(bs_refdata *ref);

/* 1 if the code (upper case, no dot) is in the set. */
int bs_codeset_has(const bs_codeset *set, const char *code, size_t len);
/* State of a five-digit ZIP ("" when unassigned): exceptions first, then ZIP3. */
const char *bs_refdata_zip_state(const bs_refdata *ref, const char *zip5);
/* USPS code of a state given as code or full name (any case), or NULL. */
const char *bs_refdata_state_code(const bs_refdata *ref, const char *text, size_t len);
/* Abbreviation for a Pub 28 suffix variant or unit designator (any case), or NULL. */
const bs_pair *bs_refdata_suffix(const bs_refdata *ref, const char *word, size_t len);
const bs_pair *bs_refdata_unit(const bs_refdata *ref, const char *word, size_t len);
/* 1 if digits (a PAN) fall in a known IIN range with an allowed length. */
int bs_refdata_card_known(const bs_refdata *ref, const char *digits, size_t len);

#endif
