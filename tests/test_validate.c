/* Validator tests: each identifier rule at and around its boundaries. */
#include <string.h>

#include "detect/validate.h"
#include "test.h"

static void test_ssn(void) {
  CHECK(bs_validate_ssn("123456789") == BS_SSN_VALID);
  CHECK(bs_validate_ssn("899999999") == BS_SSN_VALID);
  CHECK(bs_validate_ssn("000123456") == BS_SSN_INVALID);
  CHECK(bs_validate_ssn("666123456") == BS_SSN_INVALID);
  CHECK(bs_validate_ssn("123001234") == BS_SSN_INVALID);
  CHECK(bs_validate_ssn("123450000") == BS_SSN_INVALID);
  CHECK(bs_validate_ssn("900701234") == BS_SSN_ITIN);
  CHECK(bs_validate_ssn("900891234") == BS_SSN_INVALID); /* 89 is no ITIN group */
  CHECK(bs_validate_ssn("900931234") == BS_SSN_INVALID); /* nor 93 */
  CHECK(bs_validate_ssn("900501234") == BS_SSN_ITIN);
  CHECK(bs_validate_ssn("078051120") == BS_SSN_KNOWN_FAKE);
}

static void test_checksums(void) {
  CHECK(bs_validate_luhn("4111111111111111", 16));
  CHECK(!bs_validate_luhn("4111111111111112", 16));
  CHECK(bs_validate_luhn("79927398713", 11));
  CHECK(!bs_validate_luhn("", 0));
  CHECK(bs_validate_npi("1234567893"));
  CHECK(!bs_validate_npi("1234567890"));
  CHECK(!bs_validate_npi("3234567893"));
  CHECK(bs_validate_aba("011000015"));
  CHECK(bs_validate_aba("021000021"));
  CHECK(!bs_validate_aba("011000016"));
  CHECK(!bs_validate_aba("501000019")); /* 50 is not a Federal Reserve prefix */
  CHECK(bs_validate_mbi("1EG4TE5MK73"));
  CHECK(!bs_validate_mbi("0EG4TE5MK73"));
  CHECK(!bs_validate_mbi("1EG4TE5MK7A"));
  CHECK(!bs_validate_mbi("1BG4TE5MK73"));
  CHECK(bs_validate_phone("3125550142"));
  CHECK(!bs_validate_phone("1125550142"));
  CHECK(!bs_validate_phone("4115550142"));
  CHECK(!bs_validate_phone("3121550142"));
  CHECK(!bs_validate_phone("3129110142"));
  CHECK(!bs_validate_phone("3955550142"));
}

typedef struct date_case {
  const char *text;
  int ok, year, month, day;
} date_case;

static void test_dates(void) {
  static const date_case cases[] = {
      {"03/14/1962", 1, 1962, 3, 14},
      {"3-14-62", 1, 1962, 3, 14},
      {"3/14/26", 1, 2026, 3, 14},
      {"3/14/27", 1, 1927, 3, 14},
      {"1962-03-14", 1, 1962, 3, 14},
      {"19620314", 1, 1962, 3, 14},
      {"March 14, 1962", 1, 1962, 3, 14},
      {"Sept. 4 2001", 1, 2001, 9, 4},
      {"14 Mar 1962", 1, 1962, 3, 14},
      {"14-MAR-62", 1, 1962, 3, 14},
      {"2nd June 2020", 1, 2020, 6, 2},
      {"02/29/2024", 1, 2024, 2, 29},
      {"02/29/2023", 0, 0, 0, 0},
      {"02/29/1900", 0, 0, 0, 0},
      {"02/29/2000", 1, 2000, 2, 29},
      {"04/31/2020", 0, 0, 0, 0},
      {"00/10/2020", 0, 0, 0, 0},
      {"Smarch 3, 2020", 0, 0, 0, 0},
      {"1/2/3", 0, 0, 0, 0},
      {"", 0, 0, 0, 0},
      {"12/25/1849", 0, 0, 0, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const date_case *c = &cases[i];
    int y = 0, m = 0, d = 0;
    int ok = bs_parse_date(c->text, strlen(c->text), 2026, &y, &m, &d);
    CHECKF(ok == c->ok && (!ok || (y == c->year && m == c->month && d == c->day)),
           "date \"%s\": got %d %04d-%02d-%02d", c->text, ok, y, m, d);
  }
  CHECK(bs_month_from_name("SEPT", 4) == 9);
  CHECK(bs_month_from_name("Ma", 2) == 0);
  CHECK(bs_month_from_name("marc", 4) == 0);
}

void test_validate(void) {
  test_ssn();
  test_checksums();
  test_dates();
}
