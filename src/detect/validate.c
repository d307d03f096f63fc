/* Identifier validators (SSA, CMS, ABA, NANP, ISO/IEC 7812 Luhn) and date parsing. */
#include "detect/validate.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int num(const char *digits, size_t len) {
  int v = 0;
  for (size_t i = 0; i < len; i++) v = v * 10 + (digits[i] - '0');
  return v;
}

bs_ssn_kind bs_validate_ssn(const char *digits) {
  int area = num(digits, 3), group = num(digits + 3, 2), serial = num(digits + 5, 4);
  if (group == 0 || serial == 0) return BS_SSN_INVALID;
  if (area >= 900) {
    /* IRS ITIN: 9XX-[50-65|70-88|90-92|94-99]-XXXX */
    if ((group >= 50 && group <= 65) || (group >= 70 && group <= 88) ||
        (group >= 90 && group <= 92) || group >= 94)
      return BS_SSN_ITIN;
    return BS_SSN_INVALID;
  }
  if (area == 0 || area == 666) return BS_SSN_INVALID;
  /* SSA voided numbers used in advertising: 078-05-1120 (Woolworth wallet insert),
   * 219-09-9999 (SSA pamphlet). */
  if ((area == 78 && group == 5 && serial == 1120) || (area == 219 && group == 9 && serial == 9999))
    return BS_SSN_KNOWN_FAKE;
  return BS_SSN_VALID;
}

int bs_validate_luhn(const char *digits, size_t len) {
  int sum = 0, dbl = 0;
  for (size_t i = len; i-- > 0;) {
    if (!isdigit((unsigned char)digits[i])) return 0;
    int d = digits[i] - '0';
    if (dbl) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    dbl = !dbl;
  }
  return len > 0 && sum % 10 == 0;
}

int bs_validate_npi(const char *digits) {
  if (digits[0] != '1' && digits[0] != '2') return 0;
  char full[15] = "80840";
  memcpy(full + 5, digits, 10);
  return bs_validate_luhn(full, 15);
}

int bs_validate_aba(const char *digits) {
  /* First two digits: 00-12 banks, 21-32 thrifts, 61-72 electronic, 80 traveller's checks. */
  int prefix = num(digits, 2);
  if (!((prefix <= 12) || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) ||
        prefix == 80))
    return 0;
  static const int weight[9] = {3, 7, 1, 3, 7, 1, 3, 7, 1};
  int sum = 0;
  for (int i = 0; i < 9; i++) sum += (digits[i] - '0') * weight[i];
  return sum % 10 == 0 && num(digits, 9) != 0;
}

/* MBI letters exclude S, L, O, I, B and Z (CMS "Understanding the MBI format"). */
static int mbi_alpha(char c) { return c >= 'A' && c <= 'Z' && !strchr("SLOIBZ", c); }

int bs_validate_mbi(const char *c) {
  /* C A AN N A AN N A A N N */
  return c[0] >= '1' && c[0] <= '9' && mbi_alpha(c[1]) &&
         (mbi_alpha(c[2]) || isdigit((unsigned char)c[2])) && isdigit((unsigned char)c[3]) &&
         mbi_alpha(c[4]) && (mbi_alpha(c[5]) || isdigit((unsigned char)c[5])) &&
         isdigit((unsigned char)c[6]) && mbi_alpha(c[7]) && mbi_alpha(c[8]) &&
         isdigit((unsigned char)c[9]) && isdigit((unsigned char)c[10]);
}

int bs_validate_phone(const char *d) {
  /* NANP: area and exchange are NXX (N = 2-9); N11 are service codes; N9X areas are
   * reserved for expansion. */
  if (d[0] < '2' || d[3] < '2') return 0;
  if (d[1] == '1' && d[2] == '1') return 0;
  if (d[1] == '9') return 0;
  if (d[4] == '1' && d[5] == '1') return 0;
  return 1;
}

int bs_validate_date(int year, int month, int day) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1850 || year > 2199 || month < 1 || month > 12 || day < 1) return 0;
  int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[month - 1] + (month == 2 && leap);
}

int bs_month_from_name(const char *text, size_t len) {
  static const char *const names[12] = {"january",   "february", "march",    "april",
                                        "may",       "june",     "july",     "august",
                                        "september", "october",  "november", "december"};
  if (len < 3) return 0;
  if (len > 0 && text[len - 1] == '.') len--;
  for (int m = 0; m < 12; m++) {
    size_t full = strlen(names[m]);
    if (len > full) continue;
    if (strncasecmp(text, names[m], len) != 0) continue;
    /* Whole name, or the usual abbreviations: three letters, or "Sept". */
    if (len == full || len == 3 || (m == 8 && len == 4)) return m + 1;
  }
  return 0;
}

/* A small cursor over the date text. */
typedef struct cursor {
  const char *at, *end;
} cursor;

static int read_number(cursor *c, int *value, size_t *digits) {
  *digits = 0;
  *value = 0;
  while (c->at < c->end && isdigit((unsigned char)*c->at) && *digits < 8) {
    *value = *value * 10 + (*c->at - '0');
    c->at++;
    (*digits)++;
  }
  return *digits > 0;
}

static int read_word(cursor *c, const char **word, size_t *len) {
  *word = c->at;
  while (c->at < c->end && (isalpha((unsigned char)*c->at) || *c->at == '.')) c->at++;
  *len = (size_t)(c->at - *word);
  return *len > 0;
}

static void skip_separators(cursor *c) {
  while (c->at < c->end &&
         (*c->at == ' ' || *c->at == ',' || *c->at == '-' || *c->at == '/' || *c->at == '.'))
    c->at++;
}

static void skip_ordinal(cursor *c) {
  if (c->end - c->at >= 2 && (!strncasecmp(c->at, "st", 2) || !strncasecmp(c->at, "nd", 2) ||
                              !strncasecmp(c->at, "rd", 2) || !strncasecmp(c->at, "th", 2)))
    c->at += 2;
}

static int full_year(int year, size_t digits, int pivot) {
  if (digits == 4) return year;
  if (digits != 2) return -1;
  int century = pivot / 100 * 100;
  return century + year > pivot ? century - 100 + year : century + year;
}

/* The time after an HL7 or X12 date: HHMM[SS[.S+]] and an optional +/-ZZZZ offset
 * ("196203141230-0500", HL7 v2 DTM). */
static int compact_time(const char *at, const char *end) {
  const char *p = at;
  while (p < end && isdigit((unsigned char)*p)) p++;
  size_t digits = (size_t)(p - at);
  if (digits != 2 && digits != 4 && digits != 6) return 0;
  if (p < end && *p == '.') {
    p++;
    while (p < end && isdigit((unsigned char)*p)) p++;
  }
  if (p < end && (*p == '+' || *p == '-')) {
    const char *zone = ++p;
    while (p < end && isdigit((unsigned char)*p)) p++;
    if (p - zone != 4) return 0;
  }
  return p == end;
}

int bs_parse_date(const char *text, size_t len, int pivot_year, int *year, int *month, int *day) {
  while (len && isspace((unsigned char)*text)) text++, len--;
  while (len && isspace((unsigned char)text[len - 1])) len--;
  cursor c = {text, text + len};
  int a, b, y;
  size_t da, db, dy;
  const char *word;
  size_t wlen;
  if (len == 0) return 0;
  if (isdigit((unsigned char)*text)) {
    read_number(&c, &a, &da);
    if (da == 8 && (c.at == c.end || compact_time(c.at, c.end))) { /* YYYYMMDD (HL7, X12) */
      *year = a / 10000, *month = a / 100 % 100, *day = a % 100;
      return bs_validate_date(*year, *month, *day);
    }
    if (c.at < c.end && isalpha((unsigned char)*c.at)) skip_ordinal(&c);
    skip_separators(&c);
    if (c.at < c.end && isalpha((unsigned char)*c.at)) { /* 14 Mar 1962, 14-MAR-62 */
      read_word(&c, &word, &wlen);
      skip_separators(&c);
      if (!read_number(&c, &y, &dy) || c.at != c.end || da > 2) return 0;
      *day = a, *month = bs_month_from_name(word, wlen), *year = full_year(y, dy, pivot_year);
      return *month && bs_validate_date(*year, *month, *day);
    }
    if (!read_number(&c, &b, &db)) return 0;
    skip_separators(&c);
    if (!read_number(&c, &y, &dy) || c.at != c.end) return 0;
    if (da == 4) { /* YYYY-MM-DD */
      if (db > 2 || dy > 2) return 0;
      *year = a, *month = b, *day = y;
    } else { /* MM/DD/YYYY, US order */
      if (da > 2 || db > 2) return 0;
      *month = a, *day = b, *year = full_year(y, dy, pivot_year);
    }
    return bs_validate_date(*year, *month, *day);
  }
  /* March 14, 1962 */
  if (!read_word(&c, &word, &wlen)) return 0;
  skip_separators(&c);
  if (!read_number(&c, &a, &da) || da > 2) return 0;
  skip_ordinal(&c);
  skip_separators(&c);
  if (!read_number(&c, &y, &dy) || c.at != c.end) return 0;
  *month = bs_month_from_name(word, wlen), *day = a, *year = full_year(y, dy, pivot_year);
  return *month && bs_validate_date(*year, *month, *day);
}
