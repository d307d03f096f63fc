/* A hash map from byte strings to 64-bit values. Keys are copied into blocks that never
 * move, so the stored key pointers stay valid until the map is freed. Hashing is keyed
 * SipHash (libsodium), so crafted input cannot force collisions. */
#ifndef BS_STRMAP_H
#define BS_STRMAP_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct bs_strmap bs_strmap;

bs_status bs_strmap_create(bs_strmap **out);
void bs_strmap_free(bs_strmap *map);
size_t bs_strmap_count(const bs_strmap *map);
/* Removes every key, keeping the table's size for what comes next. */
void bs_strmap_clear(bs_strmap *map);

/* Finds key, adding it (with value 0) when absent. OUT: *value points to its value slot
 * (valid until the next add), *stored_key to the map's NUL-terminated copy, *added is
 * 1 when the key was new. stored_key and added may be NULL. */
bs_status bs_strmap_upsert(bs_strmap *map, const void *key, size_t len, int64_t **value,
                           const char **stored_key, int *added);
/* The value slot of key, or NULL. */
int64_t *bs_strmap_find(const bs_strmap *map, const void *key, size_t len);

#endif
