/* Comparators for record linkage: Jaro-Winkler similarity (typos), the NYSIIS phonetic
 * code (names that sound alike: Smith and Smyth), dates of birth (exact, day and month
 * swapped, one digit wrong) and given names and surnames graded from exact to different. */
#ifndef BS_COMPARE_H
#define BS_COMPARE_H
#include <stddef.h>
#include <stdint.h>

#include "link/nicknames.h"

/* Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (equal). */
double bs_jaro_winkler(const char *a, const char *b);

/* The NYSIIS code of an upper-case name (New York State Identification and Intelligence
 * System, R. L. Taft, 1970), letters other than A-Z ignored; at most cap - 1 letters. */
void bs_nysiis(const char *name, char *out, size_t cap);

typedef enum bs_dob_level {
  BS_DOB_MISSING,   /* one side has none */
  BS_DOB_EXACT,     /* same day */
  BS_DOB_SWAPPED,   /* day and month exchanged: 1980-03-04 and 1980-04-03 */
  BS_DOB_TYPO,      /* one digit wrong, or two neighbours exchanged */
  BS_DOB_DIFFERENT, /* anything else */
} bs_dob_level;

/* Dates as YYYYMMDD, 0 when absent. */
bs_dob_level bs_compare_dob(int32_t a, int32_t b);

typedef enum bs_name_level {
  BS_NAME_MISSING,   /* one side has none */
  BS_NAME_EXACT,     /* same word */
  BS_NAME_NICKNAME,  /* Bob and Robert */
  BS_NAME_PHONETIC,  /* same NYSIIS code: Smith and Smyth */
  BS_NAME_TYPO,      /* Jaro-Winkler at least BS_NAME_TYPO_SIMILARITY: Blanding, Blnading */
  BS_NAME_INITIAL,   /* one is the other's initial: J and John (given names: E and Gene) */
  BS_NAME_DIFFERENT, /* anything else */
  BS_NAME_LEVELS
} bs_name_level;

#define BS_NAME_TYPO_SIMILARITY 0.90

/* Grades two upper-case name words; nicknames may be NULL (given names only use it). */
bs_name_level bs_compare_name(const bs_nicknames *nicknames, const char *a, const char *b);

#endif
