/* Interning of a case's distinct values and hints: one row per distinct key, its id
 * given to every finding that carries it. A cache in memory answers most lookups; it
 * holds at most a set number of keys, so that memory stays flat however many distinct
 * values a breach holds. While every row of the table fits, the cache is the whole
 * table and a miss is a new key; past that, misses go to a unique index on disk. */
#ifndef BS_INTERNER_H
#define BS_INTERNER_H
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef enum bs_intern_table {
  BS_INTERN_VALUES, /* vals(id, type, value) */
  BS_INTERN_HINTS,  /* hints(id, text) */
} bs_intern_table;

typedef struct bs_interner bs_interner;

/* An interner of `table` in db whose cache takes about `memory` bytes. */
bs_status bs_interner_open(bs_interner **out, sqlite3 *db, bs_intern_table table, size_t memory);
void bs_interner_free(bs_interner *interner);
/* The id of (type, text), added to the table when new; type is ignored for hints. */
bs_status bs_interner_id(bs_interner *interner, int type, const char *text, size_t len,
                         int64_t *id);
/* 1 while the cache holds every row of the table. */
int bs_interner_complete(const bs_interner *interner);

#endif
