/* Masked display of values: enough to recognise a finding, not enough to use it. */
#include <stdio.h>
#include <string.h>

#include "detect/element.h"
#include "store/export.h"

/* Bytes of the first UTF-8 character of value (1 for ASCII or a stray byte). */
static int first_char_len(const char *value) {
  int n = 1;
  while (n < 4 && ((unsigned char)value[n] & 0xC0) == 0x80) n++;
  return n;
}

/* Keeps the last `keep` characters, masks the rest; short values keep less. */
static void keep_tail(char *out, size_t cap, const char *value, size_t keep) {
  size_t len = strlen(value);
  if (len <= 4)
    keep = 0;
  else if (len <= 6 && keep > 2)
    keep = 2;
  size_t n = 0;
  for (size_t i = 0; i < len && n + 1 < cap; i++) out[n++] = i + keep < len ? '*' : value[i];
  out[n] = '\0';
}

void bs_mask_value(char *out, size_t cap, int type, const char *value) {
  size_t len = strlen(value);
  if (cap == 0) return;
  switch ((bs_element)type) {
  case BS_EL_SSN:
  case BS_EL_ITIN: snprintf(out, cap, "***-**-%s", len == 9 ? value + 5 : "****"); return;
  case BS_EL_PHONE: snprintf(out, cap, "***-***-%s", len == 10 ? value + 6 : "****"); return;
  case BS_EL_DOB:
  case BS_EL_SERVICE_DATE:
  case BS_EL_DATE: snprintf(out, cap, "****-**-**"); return;
  case BS_EL_EMAIL: {
    const char *at = strchr(value, '@');
    snprintf(out, cap, "%.*s***%s", first_char_len(value), value, at ? at : "");
    return;
  }
  case BS_EL_NAME:
  case BS_EL_FIRST_NAME:
  case BS_EL_LAST_NAME:
  case BS_EL_CITY: snprintf(out, cap, "%.*s***", first_char_len(value), value); return;
  case BS_EL_ADDRESS: { /* the street without its numbers */
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < cap; i++)
      out[n++] = value[i] >= '0' && value[i] <= '9' ? '*' : value[i];
    out[n] = '\0';
    return;
  }
  case BS_EL_ZIP: snprintf(out, cap, "%.3s**", value); return;
  case BS_EL_STATE: /* a state names nobody */
  case BS_EL_NPI: /* a provider's public identifier */ snprintf(out, cap, "%s", value); return;
  case BS_EL_ICD10CM:
  case BS_EL_ICD9CM:
  case BS_EL_CPT:
  case BS_EL_HCPCS:
  case BS_EL_ICD10PCS: /* the category, not the exact code */
    snprintf(out, cap, "%.3s%s", value, len > 3 ? "*" : "");
    return;
  case BS_EL_CREDENTIAL: snprintf(out, cap, "********"); return;
  default: keep_tail(out, cap, value, 4); return;
  }
}
