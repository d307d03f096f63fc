/* Open-addressing hash map (linear probing) with keys in an append-only block list. */
#include "base/strmap.h"

#include <sodium.h>
#include <string.h>

#include "base/alloc.h"

#define KEY_BLOCK_BYTES ((size_t)64 << 10)

typedef struct slot {
  uint64_t hash;   /* 0 marks an empty slot */
  const char *key; /* NUL-terminated copy in a key block */
  size_t len;      /* key bytes */
  int64_t value;   /* caller's value */
} slot;

typedef struct key_block {
  struct key_block *next; /* older block */
  size_t used, cap;       /* bytes in data */
  char data[];            /* keys */
} key_block;

struct bs_strmap {
  slot *slots;                                   /* capacity entries */
  size_t capacity;                               /* power of two */
  size_t count;                                  /* keys stored */
  key_block *blocks;                             /* newest first */
  unsigned char seed[crypto_shorthash_KEYBYTES]; /* per-map SipHash key */
};

bs_status bs_strmap_create(bs_strmap **out) {
  *out = NULL;
  if (sodium_init() < 0) return BS_EINVAL;
  bs_strmap *map = bs_calloc(1, sizeof *map);
  if (!map) return BS_ENOMEM;
  map->capacity = 64;
  map->slots = bs_calloc(map->capacity, sizeof *map->slots);
  if (!map->slots) {
    bs_free(map);
    return BS_ENOMEM;
  }
  randombytes_buf(map->seed, sizeof map->seed);
  *out = map;
  return BS_OK;
}

void bs_strmap_free(bs_strmap *map) {
  if (!map) return;
  for (key_block *b = map->blocks, *next; b; b = next) {
    next = b->next;
    bs_free(b);
  }
  bs_free(map->slots);
  bs_free(map);
}

size_t bs_strmap_count(const bs_strmap *map) { return map->count; }

void bs_strmap_clear(bs_strmap *map) {
  for (key_block *b = map->blocks, *next; b; b = next) {
    next = b->next;
    bs_free(b);
  }
  map->blocks = NULL;
  memset(map->slots, 0, map->capacity * sizeof *map->slots);
  map->count = 0;
}

static uint64_t hash_key(const bs_strmap *map, const void *key, size_t len) {
  uint64_t h;
  crypto_shorthash((unsigned char *)&h, key, len, map->seed);
  return h ? h : 1;
}

static slot *find_slot(slot *slots, size_t capacity, uint64_t hash, const void *key, size_t len) {
  size_t mask = capacity - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    slot *s = &slots[i];
    if (s->hash == 0 || (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0))
      return s;
  }
}

static bs_status grow(bs_strmap *map) {
  size_t capacity = map->capacity * 2;
  slot *slots = bs_calloc(capacity, sizeof *slots);
  if (!slots) return BS_ENOMEM;
  for (size_t i = 0; i < map->capacity; i++) {
    slot *old = &map->slots[i];
    if (old->hash) *find_slot(slots, capacity, old->hash, old->key, old->len) = *old;
  }
  bs_free(map->slots);
  map->slots = slots;
  map->capacity = capacity;
  return BS_OK;
}

static const char *copy_key(bs_strmap *map, const void *key, size_t len) {
  key_block *b = map->blocks;
  if (!b || b->cap - b->used < len + 1) {
    size_t cap = len + 1 > KEY_BLOCK_BYTES ? len + 1 : KEY_BLOCK_BYTES;
    b = bs_malloc(sizeof *b + cap);
    if (!b) return NULL;
    b->next = map->blocks;
    b->used = 0;
    b->cap = cap;
    map->blocks = b;
  }
  char *copy = b->data + b->used;
  memcpy(copy, key, len);
  copy[len] = '\0';
  b->used += len + 1;
  return copy;
}

bs_status bs_strmap_upsert(bs_strmap *map, const void *key, size_t len, int64_t **value,
                           const char **stored_key, int *added) {
  if ((map->count + 1) * 10 > map->capacity * 7) {
    bs_status status = grow(map);
    if (status != BS_OK) return status;
  }
  uint64_t hash = hash_key(map, key, len);
  slot *s = find_slot(map->slots, map->capacity, hash, key, len);
  int is_new = s->hash == 0;
  if (is_new) {
    const char *copy = copy_key(map, key, len);
    if (!copy) return BS_ENOMEM;
    s->hash = hash;
    s->key = copy;
    s->len = len;
    s->value = 0;
    map->count++;
  }
  *value = &s->value;
  if (stored_key) *stored_key = s->key;
  if (added) *added = is_new;
  return BS_OK;
}

int64_t *bs_strmap_find(const bs_strmap *map, const void *key, size_t len) {
  slot *s = find_slot(map->slots, map->capacity, hash_key(map, key, len), key, len);
  return s->hash ? &s->value : NULL;
}
