/* Element labels and English lists for letters (see words.h). */
#include "letters/words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *bs_words_label(bs_element type) {
  switch (type) {
  case BS_EL_NAME:
  case BS_EL_FIRST_NAME:
  case BS_EL_LAST_NAME: return "name";
  case BS_EL_ADDRESS:
  case BS_EL_CITY:
  case BS_EL_STATE:
  case BS_EL_ZIP: return "address";
  case BS_EL_DOB: return "date of birth";
  case BS_EL_SERVICE_DATE: return "dates of service";
  case BS_EL_DATE: return "other dates";
  case BS_EL_SSN: return "Social Security number";
  case BS_EL_ITIN: return "Individual Taxpayer Identification Number";
  case BS_EL_DRIVERS_LICENSE: return "driver’s license or state ID number";
  case BS_EL_PASSPORT: return "passport number";
  case BS_EL_MBI: return "Medicare number";
  case BS_EL_HICN: return "Medicare claim number";
  case BS_EL_MEMBER_ID: return "health insurance member ID";
  case BS_EL_MRN: return "medical record number";
  case BS_EL_ICD10CM:
  case BS_EL_ICD9CM: return "diagnosis information";
  case BS_EL_CPT:
  case BS_EL_HCPCS:
  case BS_EL_ICD10PCS: return "procedure information";
  case BS_EL_PHONE: return "telephone number";
  case BS_EL_EMAIL: return "e-mail address";
  case BS_EL_ACCOUNT: return "financial account number";
  case BS_EL_CARD: return "payment card number";
  case BS_EL_ROUTING: return "bank routing number";
  case BS_EL_CREDENTIAL: return "username and password";
  case BS_EL_NPI:
  case BS_EL_COUNT:
  case BS_EL_NONE: break;
  }
  return NULL;
}

bs_status bs_words_elements(bs_buf *out, const bs_template *tmpl, uint32_t elements) {
  const char *labels[BS_EL_COUNT];
  size_t n = 0;
  for (int t = 0; t < BS_EL_COUNT; t++) {
    if (!(elements & (1u << t))) continue;
    const char *label = tmpl && tmpl->labels[t] ? tmpl->labels[t] : bs_words_label((bs_element)t);
    int seen = !label;
    for (size_t i = 0; !seen && i < n; i++) seen = !strcmp(labels[i], label);
    if (!seen) labels[n++] = label;
  }
  bs_status status = BS_OK;
  if (!n) return bs_buf_append(out, "identifying information", 23);
  for (size_t i = 0; status == BS_OK && i < n; i++) {
    const char *sep = i == 0 ? "" : i + 1 < n ? ", " : n == 2 ? " and " : ", and ";
    status = bs_buf_printf(out, "%s%s", sep, labels[i]);
  }
  return status;
}

void bs_words_date(char *out, size_t cap, const char *iso) {
  static const char *const months[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
  int digits = 1;
  for (int i = 0; i < 10 && digits; i++)
    digits = i == 4 || i == 7 ? iso[i] == '-' : iso[i] >= '0' && iso[i] <= '9';
  int y = 0, m = 0, d = 0;
  if (digits && iso[10] == '\0') {
    y = (int)strtol(iso, NULL, 10);
    m = (iso[5] - '0') * 10 + (iso[6] - '0');
    d = (iso[8] - '0') * 10 + (iso[9] - '0');
  }
  if (m >= 1 && m <= 12 && d >= 1 && d <= 31)
    snprintf(out, cap, "%s %d, %d", months[m - 1], d, y);
  else
    snprintf(out, cap, "%s", iso);
}
