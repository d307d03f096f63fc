/* The reference tables synth draws from, parsed once from the embedded data: first
 * names by sex and surnames with their real frequencies, nicknames, places (ZIP, city,
 * state) grouped by state, street names; and the scanner's own reference data (code
 * sets, Pub 28 suffixes and units, card ranges) so that generated values follow the
 * same rules the scanner checks. Immutable after creation. */
#ifndef BS_SYNTH_TABLES_H
#define BS_SYNTH_TABLES_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "detect/refdata.h"
#include "synth/random.h"

typedef struct bs_weighted {
  const char **items;   /* NUL-terminated names */
  uint64_t *cumulative; /* running sum of weights, one per item */
  size_t count;         /* items */
} bs_weighted;

typedef struct bs_place {
  const char *zip;   /* five digits */
  const char *city;  /* upper case, as USPS/GeoNames write it */
  const char *state; /* USPS code */
} bs_place;

typedef struct bs_synth_tables {
  bs_refdata *ref;            /* the scanner's reference data */
  char *text;                 /* copies of the embedded tables, split in place */
  bs_weighted first_names[2]; /* [0] female, [1] male, by births 1940-2024 */
  bs_weighted surnames;       /* title case, by 2010 Census count */
  const char **nick_formal;   /* lower-case formal names, sorted */
  const char **nick_short;    /* the nickname of the same entry */
  size_t nick_count;          /* entries */
  bs_place *places;           /* sorted by state, then ZIP */
  size_t place_count;         /* entries */
  const char **streets;       /* street names: the lexicon's, then surnames */
  size_t street_count;        /* entries */
  const char **diagnoses;     /* the lexicon's diagnoses found in the ICD-10-CM set */
  size_t diagnosis_count;     /* entries */
} bs_synth_tables;

bs_status bs_synth_tables_create(bs_synth_tables **out);
void bs_synth_tables_free(bs_synth_tables *tables);

/* A name drawn by its weight. */
const char *bs_synth_tables_draw(const bs_weighted *list, bs_random *r);
/* A nickname of a first name (any case), drawn among its nicknames, or NULL. */
const char *bs_synth_tables_nickname(const bs_synth_tables *tables, const char *first,
                                     bs_random *r);
/* The places of one state: OUT first index and count; 0 when the state has none. */
int bs_synth_tables_state_places(const bs_synth_tables *tables, const char *state, size_t *first,
                                 size_t *count);

#endif
