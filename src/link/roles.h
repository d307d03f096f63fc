/* Which word of a full name is the given name: "SMITH JOHN" or "JOHN SMITH" read from the
 * frequencies of given names (SSA) and surnames (Census 2010) in data/ (see
 * data/SOURCES.md), so that a name written either way compares given name to given name. */
#ifndef BS_ROLES_H
#define BS_ROLES_H

#include "base/status.h"
#include "base/strmap.h"

typedef struct bs_name_roles {
  bs_strmap *words; /* upper-case word -> 1 + index */
  float *given;     /* log2 of its frequency as a given name */
  float *surname;   /* log2 of its frequency as a surname */
  size_t count, cap;
  double total_given, total_surname;
} bs_name_roles;

bs_status bs_name_roles_load(bs_name_roles *out);
void bs_name_roles_free(bs_name_roles *roles);

/* log2 of the odds that upper-case a is the given name and b the surname, rather than the
 * reverse: positive for "JOHN SMITH", negative for "SMITH JOHN", near 0 when unknown. */
double bs_name_roles_order(const bs_name_roles *roles, const char *a, const char *b);

#endif
