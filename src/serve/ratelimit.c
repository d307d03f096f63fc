/* Token buckets (see ratelimit.h) in a chained hash table under one mutex; keys are
 * hashed with a random SipHash key, so no client can choose colliding keys. */
#include "serve/ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "base/alloc.h"

#define BUCKETS 4096 /* power of two */
#define KEY_MAX 64

typedef struct bucket {
  struct bucket *next;
  char key[KEY_MAX + 1];
  double tokens;   /* left */
  int64_t updated; /* ms, when tokens was computed */
} bucket;

struct bs_ratelimit {
  pthread_mutex_t lock;
  bucket *table[BUCKETS];
  size_t count, capacity;
  double per_ms, burst;
  unsigned char seed[crypto_shorthash_KEYBYTES];
};

bs_status bs_ratelimit_create(bs_ratelimit **out, double per_minute, double burst,
                              size_t capacity) {
  *out = NULL;
  if (sodium_init() < 0 || per_minute <= 0 || burst < 1) return BS_EINVAL;
  bs_ratelimit *limit = bs_calloc(1, sizeof *limit);
  if (!limit) return BS_ENOMEM;
  pthread_mutex_init(&limit->lock, NULL);
  limit->per_ms = per_minute / 60000.0;
  limit->burst = burst;
  limit->capacity = capacity;
  crypto_shorthash_keygen(limit->seed);
  *out = limit;
  return BS_OK;
}

void bs_ratelimit_free(bs_ratelimit *limit) {
  if (!limit) return;
  for (size_t i = 0; i < BUCKETS; i++)
    for (bucket *b = limit->table[i], *next; b; b = next) {
      next = b->next;
      bs_free(b);
    }
  pthread_mutex_destroy(&limit->lock);
  bs_free(limit);
}

static void refill(const bs_ratelimit *limit, bucket *b, int64_t now) {
  if (now > b->updated) {
    b->tokens += (double)(now - b->updated) * limit->per_ms;
    if (b->tokens > limit->burst) b->tokens = limit->burst;
    b->updated = now;
  }
}

/* Forgets the buckets that have refilled: they hold nothing a new bucket would not. */
static void forget_full(bs_ratelimit *limit, int64_t now) {
  for (size_t i = 0; i < BUCKETS; i++)
    for (bucket **at = &limit->table[i]; *at;) {
      bucket *b = *at;
      refill(limit, b, now);
      if (b->tokens >= limit->burst) {
        *at = b->next;
        bs_free(b);
        limit->count--;
      } else {
        at = &b->next;
      }
    }
}

int bs_ratelimit_take(bs_ratelimit *limit, const char *key, int64_t now_ms) {
  size_t len = strnlen(key, KEY_MAX);
  unsigned char hash[crypto_shorthash_BYTES];
  crypto_shorthash(hash, (const unsigned char *)key, len, limit->seed);
  size_t slot = ((size_t)hash[0] | (size_t)hash[1] << 8) & (BUCKETS - 1);
  int allowed = 0;
  pthread_mutex_lock(&limit->lock);
  bucket *b = limit->table[slot];
  while (b && (strncmp(b->key, key, KEY_MAX) != 0)) b = b->next;
  if (!b) {
    if (limit->count >= limit->capacity) forget_full(limit, now_ms);
    if (limit->count < limit->capacity && (b = bs_calloc(1, sizeof *b)) != NULL) {
      memcpy(b->key, key, len);
      b->key[len] = '\0';
      b->tokens = limit->burst;
      b->updated = now_ms;
      b->next = limit->table[slot];
      limit->table[slot] = b;
      limit->count++;
    }
  }
  if (b) {
    refill(limit, b, now_ms);
    if (b->tokens >= 1) {
      b->tokens -= 1;
      allowed = 1;
    }
  }
  pthread_mutex_unlock(&limit->lock);
  return allowed;
}
