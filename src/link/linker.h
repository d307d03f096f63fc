/* The linker's working state, shared by link.c (union-find, primary identifiers,
 * conflicts) and match.c (probabilistic matching). Internal to src/link/. */
#ifndef BS_LINKER_H
#define BS_LINKER_H
#include "link/link.h"
#include "link/roles.h"

/* A record's name, as far as it can be read: two words and whether their order is known
 * (first and last name fields) or not (a full name: "SMITH JOHN" or "JOHN SMITH"). */
typedef struct bs_parsed_name {
  const char *a, *b; /* given then surname when ordered; interned, NULL when absent */
  uint8_t ordered;   /* the order is known, or likely enough to compare in it */
  uint8_t firm;      /* known beyond doubt (name fields, or very lopsided frequencies) */
  uint8_t suffix;    /* 0 none, 1 JR, 2 SR, 3 II, 4 III, 5 IV */
} bs_parsed_name;

typedef struct bs_cluster {
  int32_t *dobs; /* distinct dates of birth */
  size_t dob_count;
  uint32_t *names; /* records holding its distinct names (by signature) */
  size_t name_count;
} bs_cluster;

typedef struct bs_linker {
  const bs_record_set *set;
  const bs_link_options *options;
  size_t *parent;
  bs_cluster *clusters;  /* by root */
  const char **sig;      /* signature of each record (sorted name words), "" when none */
  bs_parsed_name *names; /* of each record */
  bs_strmap *words;      /* interned signatures and name words */
  bs_linkage *out;
  bs_strmap *reported;    /* keys already reported as issues */
  bs_nicknames nicknames; /* given names that stand for one another */
  bs_name_roles roles;    /* which word of a full name is the given name */
} bs_linker;

size_t bs_linker_find(bs_linker *l, size_t i);
/* 1 when nothing in the clusters of roots ra and rb says they are different people. */
int bs_linker_compatible(bs_linker *l, size_t ra, size_t rb);
/* Joins the clusters of records a and b if compatible; 1 when joined (or already one). */
int bs_linker_join(bs_linker *l, size_t a, size_t b, double score, const char *reason,
                   bs_status *status);
/* 1 when the two names cannot be one person's: given names that differ, Jr. and Sr. */
int bs_linker_names_conflict(const bs_linker *l, const bs_parsed_name *x, const bs_parsed_name *y);

/* The probabilistic step (match.c). */
bs_status bs_match_run(bs_linker *l);

#endif
