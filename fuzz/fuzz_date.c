/* Fuzz target: the small parsers of single values: bs_parse_date (a whole string as a
 * date in any common US form), bs_month_from_name, and bs_hint_type (a column header or
 * key path). The input is the string. */
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "check.h"
#include "detect/hints.h"
#include "detect/validate.h"
#include "fuzz.h"

/* The engine passes the current year; two-digit years resolve to the century before. */
#define PIVOT_YEAR 2026

int bs_fuzz_date(const uint8_t *data, size_t size) {
  bs_fuzz_check check;
  bs_fuzz_check_init(&check, 0);
  const char *text = (const char *)data;
  int year = 0, month = 0, day = 0;
  if (bs_parse_date(text, size, PIVOT_YEAR, &year, &month, &day))
    BS_FUZZ_EXPECT(&check, bs_validate_date(year, month, day));
  int named = bs_month_from_name(text, size);
  BS_FUZZ_EXPECT(&check, named >= 0 && named <= 12);
  /* Hints are NUL-terminated: the input up to its first NUL. */
  char *hint = bs_strndup(text, size);
  BS_FUZZ_EXPECT(&check, hint != NULL);
  if (hint) {
    bs_element type = bs_hint_type(hint);
    BS_FUZZ_EXPECT(&check, type >= BS_EL_NONE && type < BS_EL_COUNT);
  }
  bs_free(hint);
  return check.broken != 0;
}

#ifdef BS_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (bs_fuzz_date(data, size) != 0) abort();
  return 0;
}
#endif
