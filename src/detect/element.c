/* Names of element types, derived from the one table in element.h. */
#include "detect/element.h"

#include <string.h>

static const char *const element_names[] = {
#define BS_ELEMENT_NAME(id, name) name,
    BS_ELEMENT_TYPES(BS_ELEMENT_NAME)
#undef BS_ELEMENT_NAME
};

const char *bs_element_name(bs_element type) {
  if ((int)type < 0 || type >= BS_EL_COUNT) return "?";
  return element_names[type];
}

bs_element bs_element_from_name(const char *name) {
  for (int i = 0; i < BS_EL_COUNT; i++)
    if (strcmp(element_names[i], name) == 0) return (bs_element)i;
  return BS_EL_NONE;
}
