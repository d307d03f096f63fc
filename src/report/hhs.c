/* The pick-lists of the HHS OCR breach portal ("Notice to the Secretary of HHS of a
 * Breach of Unsecured Protected Health Information"), as listed in
 * ../shared/data-raw/rules/hhs_ocr_breach_portal_fields.tsv (secondary descriptions of
 * the portal; check them on the portal before filing). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report/report.h"

static const char *const entity_types[] = {
    "Healthcare Provider", "Health Plan", "Healthcare Clearinghouse",
    "Business Associate",  "none",        NULL};
static const char *const breach_types[] = {"Hacking/IT Incident",
                                           "Improper Disposal",
                                           "Loss",
                                           "Theft",
                                           "Unauthorized Access/Disclosure",
                                           "Other",
                                           NULL};
static const char *const locations[] = {"Desktop Computer",
                                        "Electronic Medical Record",
                                        "Email",
                                        "Laptop",
                                        "Network Server",
                                        "Other Portable Electronic Device",
                                        "Paper/Films",
                                        "Other",
                                        NULL};

static const char *const *list_of(bs_hhs_list list) {
  switch (list) {
  case BS_HHS_ENTITY_TYPE: return entity_types;
  case BS_HHS_BREACH_TYPE: return breach_types;
  case BS_HHS_LOCATION: return locations;
  }
  return entity_types;
}

/* Whether input starts the option or one of its words ("provider", "network server"). */
static int starts(const char *option, const char *input, size_t len) {
  for (const char *w = option; *w; w++)
    if ((w == option || w[-1] == ' ' || w[-1] == '/') && !strncasecmp(w, input, len)) return 1;
  return 0;
}

const char *bs_hhs_option(bs_hhs_list list, const char *input, int *ambiguous) {
  const char *const *options = list_of(list);
  const char *found = NULL;
  size_t len = strlen(input);
  *ambiguous = 0;
  if (!len) return NULL;
  for (size_t i = 0; options[i]; i++) {
    if (!strcasecmp(options[i], input)) return options[i];
    if (starts(options[i], input, len)) {
      if (found) *ambiguous = 1;
      found = options[i];
    }
  }
  return *ambiguous ? NULL : found;
}

const char *bs_hhs_options(bs_hhs_list list, char *buf, size_t cap) {
  const char *const *options = list_of(list);
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; options[i] && used < cap; i++) {
    int n = snprintf(buf + used, cap - used, "%s%s", i ? " | " : "", options[i]);
    if (n < 0) break;
    used += (size_t)n;
  }
  return buf;
}

const char *bs_obligation_status_name(bs_obligation_status status) {
  switch (status) {
  case BS_OBLIGATION_OWED: return "owed";
  case BS_OBLIGATION_UNCLEAR: return "owed (HIPAA exemption unclear)";
  case BS_OBLIGATION_DEEMED: return "deemed met by HIPAA notice";
  case BS_OBLIGATION_EXEMPT: return "exempt (HIPAA covered entity)";
  }
  return "?";
}
