/* Field hints of the structured readers (HL7, X12, FHIR, CDA): each distinct hint text
 * interned once per file with the element type bs_hint_type gives it. */
#ifndef BS_FIELDHINT_H
#define BS_FIELDHINT_H
#include <stddef.h>

#include "base/status.h"
#include "base/strmap.h"
#include "detect/element.h"

/* Interns hint (len bytes) in map. OUT: *out, the stored copy (valid until the map is
 * freed); *type, bs_hint_type(*out). */
bs_status bs_field_hint(const char **out, bs_element *type, bs_strmap *map, const char *hint,
                        size_t len);

#endif
