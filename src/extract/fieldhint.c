/* Interned field hints with their types (see fieldhint.h). */
#include "extract/fieldhint.h"

#include "detect/hints.h"

bs_status bs_field_hint(const char **out, bs_element *type, bs_strmap *map, const char *hint,
                        size_t len) {
  int64_t *slot;
  int added;
  *out = NULL;
  *type = BS_EL_NONE;
  bs_status status = bs_strmap_upsert(map, hint, len, &slot, out, &added);
  if (status != BS_OK) return status;
  if (added) *slot = (int64_t)bs_hint_type(*out) + 1;
  *type = (bs_element)(*slot - 1);
  return BS_OK;
}
