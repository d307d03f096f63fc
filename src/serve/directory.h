/* The call center's directory: every person of the case (the persons table of
 * `people`), their enrollment code and first letter date when the letters step has
 * made them, indexed in memory by last name + date of birth and by enrollment code.
 * Built once when the service starts, then only read, by any number of threads. */
#ifndef BS_DIRECTORY_H
#define BS_DIRECTORY_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "store/store.h"

/* One person as the service needs it. Strings point into the directory's arena. */
typedef struct bs_directory_person {
  const char *person_id; /* persons.person_id */
  const char *first;     /* given name, normalized (letters and digits, upper case) */
  const char *middle;    /* middle name, normalized, or "" */
  const char *last;      /* family name, normalized */
  const char *code;      /* enrollment code as issued, or NULL: none yet */
  const char *mailed_on; /* YYYY-MM-DD of the first letter mailed, or NULL */
  int32_t dob;           /* YYYYMMDD */
  char zip[6];           /* five digits, or "" */
  uint32_t elements;     /* exposed element types, bit (1 << bs_element) */
  uint8_t minor;         /* under 18 at the notice date */
  uint8_t deceased;      /* known deceased */
} bs_directory_person;

typedef struct bs_directory bs_directory;

/* What a load found, for the service's start-up line. */
typedef struct bs_directory_counts {
  size_t persons;  /* persons indexed */
  size_t no_key;   /* of them, without a date of birth or last name: code only */
  size_t codes;    /* with an enrollment code */
  size_t mailed;   /* with a letter mailed */
  int has_letters; /* the letters step's tables exist */
} bs_directory_counts;

/* An empty directory to fill with bs_directory_add (tests, fuzzing). */
bs_status bs_directory_create(bs_directory **out);
/* Adds a person from raw column values (as the persons table holds them); code and
 * mailed_on may be NULL. */
bs_status bs_directory_add(bs_directory *dir, const char *person_id, const char *first,
                           const char *middle, const char *last, const char *dob, const char *zip,
                           const char *elements, int minor, int deceased, const char *code,
                           const char *mailed_on);
/* Reads persons, enrollment and letters from the store. BS_ENOTFOUND when the case has
 * no persons table (run `people` first). */
bs_status bs_directory_load(bs_directory **out, bs_store *store);
void bs_directory_free(bs_directory *dir);
void bs_directory_counts_of(bs_directory_counts *out, const bs_directory *dir);
const bs_directory_person *bs_directory_get(const bs_directory *dir, size_t index);

/* Calls fn(person index, ctx) for each person indexed under this normalized last
 * name and date of birth; stops early when fn returns non-zero. */
void bs_directory_each_by_name(const bs_directory *dir, const char *last, int32_t dob,
                               int (*fn)(size_t index, void *ctx), void *ctx);
/* The person holding this normalized enrollment code, or SIZE_MAX. */
size_t bs_directory_find_code(const bs_directory *dir, const char *code);

#endif
