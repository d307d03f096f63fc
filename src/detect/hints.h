/* Field hints: what a column header or key name says its values are. */
#ifndef BS_HINTS_H
#define BS_HINTS_H

#include "detect/element.h"

/* Type a header or key path names ("Patient DOB", "patient.birthDate"), or
 * BS_EL_NONE. For a path, the last key decides, then the last two keys joined. */
bs_element bs_hint_type(const char *hint);

/* Context classes a header implies whatever its type: BS_CTX_NOT_PII for "Order #",
 * "Reference", "Invoice"; 0 otherwise. */
unsigned bs_hint_context(const char *hint);

#endif
