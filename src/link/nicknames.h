/* Given names that may stand for one another: Bob and Robert, Peggy and Margaret
 * (data/nicknames.tsv, see data/SOURCES.md). Two names agree when they are equal or
 * share a formal name. */
#ifndef BS_NICKNAMES_H
#define BS_NICKNAMES_H

#include "base/status.h"
#include "base/strmap.h"

typedef struct bs_nicknames {
  bs_strmap *words;  /* upper-case name -> 1 + offset of its formal names in formals */
  uint32_t *formals; /* formal name ids of each word, each list ended by 0 */
  size_t count;      /* entries used */
  char *initials;    /* the first letter of each formal name, by id */
} bs_nicknames;

bs_status bs_nicknames_load(bs_nicknames *out);
void bs_nicknames_free(bs_nicknames *nicknames);
/* 1 if the upper-case given names a and b may name the same person. */
int bs_nicknames_agree(const bs_nicknames *nicknames, const char *a, const char *b);
/* 1 if upper-case letter is the initial of a formal name the upper-case given name stands
 * for (or of the name itself): E for GENE (Eugene), A for LISA (Alice, Elizabeth, ...). */
int bs_nicknames_formal_initial(const bs_nicknames *nicknames, const char *name, char letter);

#endif
