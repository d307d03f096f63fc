/* Recognition of the healthcare formats from the start of decoded text: HL7 v2 by its
 * MSH (or batch header) segment, X12 by its ISA segment, FHIR by "resourceType" in a
 * JSON object, CDA by a ClinicalDocument root in the urn:hl7-org:v3 namespace. */
#include <string.h>

#include "extract/format.h"

#define LOOK_BYTES 4096 /* how far into the file the signs are looked for */

static int is_separator(char c) {
  return c > 0x20 && c < 0x7f && !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') &&
         !(c >= 'a' && c <= 'z');
}

/* The first len bytes (at most LOOK_BYTES) hold needle. */
static int within(const char *text, size_t len, const char *needle) {
  return memmem(text, len < LOOK_BYTES ? len : LOOK_BYTES, needle, strlen(needle)) != NULL;
}

static int is_hl7(const char *p, size_t n) {
  if (n < 8 || !is_separator(p[3])) return 0;
  return !memcmp(p, "MSH", 3) || !memcmp(p, "FHS", 3) || !memcmp(p, "BHS", 3);
}

/* ISA has 16 elements: the separator after ISA and 15 more before ISA-16. Their fixed
 * widths (106 characters in all) are not required: real feeds get them wrong. */
static int is_x12(const char *p, size_t n) {
  if (n < 16 || memcmp(p, "ISA", 3) != 0 || !is_separator(p[3])) return 0;
  int count = 0;
  for (size_t i = 3; i < n && i < 200 && count < 16; i++) count += p[i] == p[3];
  return count >= 16;
}

bs_format bs_sniff_health(const char *text, size_t len) {
  const char *p = text, *end = text + len;
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\x0b')) p++;
  size_t n = (size_t)(end - p);
  if (is_hl7(p, n)) return BS_FMT_HL7;
  if (is_x12(p, n)) return BS_FMT_X12;
  if (n && *p == '{' && within(p, n, "\"resourceType\"")) {
    /* Several lines each an object: NDJSON (bulk export). */
    const char *nl = memchr(p, '\n', n);
    const char *next = nl ? nl + 1 : end;
    while (next < end && (*next == ' ' || *next == '\t' || *next == '\r' || *next == '\n')) next++;
    return next < end && *next == '{' && bs_json_first_line_whole(p, n) ? BS_FMT_FHIR_NDJSON
                                                                        : BS_FMT_FHIR;
  }
  if (n && *p == '<' && within(p, n, "ClinicalDocument") && within(p, n, "urn:hl7-org:v3"))
    return BS_FMT_CDA;
  return BS_FMT_TEXT;
}
