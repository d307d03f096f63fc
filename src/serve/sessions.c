/* Sessions (see sessions.h): a chained hash table keyed by the token's hash, under
 * one mutex; every operation is a hash and a short chain walk. */
#include "serve/sessions.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "base/alloc.h"

#define BUCKETS 4096 /* power of two */

typedef struct session {
  struct session *next;     /* in its bucket */
  unsigned char key[32];    /* BLAKE2b of the token */
  bs_session_info info;     /* who */
  int64_t opened, last_use; /* ms */
} session;

struct bs_sessions {
  pthread_mutex_t lock;
  session *buckets[BUCKETS];
  size_t count, capacity;
  int64_t idle_ms, max_ms;
};

bs_status bs_sessions_create(bs_sessions **out, int64_t idle_ms, int64_t max_ms, size_t capacity) {
  *out = NULL;
  if (sodium_init() < 0) return BS_EINVAL;
  bs_sessions *s = bs_calloc(1, sizeof *s);
  if (!s) return BS_ENOMEM;
  pthread_mutex_init(&s->lock, NULL);
  s->idle_ms = idle_ms;
  s->max_ms = max_ms;
  s->capacity = capacity;
  *out = s;
  return BS_OK;
}

void bs_sessions_free(bs_sessions *sessions) {
  if (!sessions) return;
  for (size_t i = 0; i < BUCKETS; i++)
    for (session *e = sessions->buckets[i], *next; e; e = next) {
      next = e->next;
      sodium_memzero(e, sizeof *e);
      bs_free(e);
    }
  pthread_mutex_destroy(&sessions->lock);
  bs_free(sessions);
}

static int token_key(unsigned char key[32], const char *token) {
  if (strlen(token) != BS_SESSION_TOKEN_LEN) return 0;
  crypto_generichash(key, 32, (const unsigned char *)token, BS_SESSION_TOKEN_LEN, NULL, 0);
  return 1;
}

static size_t bucket_of(const unsigned char key[32]) {
  return ((size_t)key[0] | (size_t)key[1] << 8) & (BUCKETS - 1);
}

static int expired(const bs_sessions *s, const session *e, int64_t now) {
  return now - e->last_use > s->idle_ms || now - e->opened > s->max_ms;
}

/* Ends expired sessions everywhere; with the lock held. */
static void sweep(bs_sessions *s, int64_t now) {
  for (size_t i = 0; i < BUCKETS; i++)
    for (session **at = &s->buckets[i]; *at;) {
      session *e = *at;
      if (expired(s, e, now)) {
        *at = e->next;
        bs_free(e);
        s->count--;
      } else {
        at = &e->next;
      }
    }
}

bs_status bs_sessions_open(bs_sessions *sessions, char *token, const bs_session_info *info,
                           int64_t now_ms) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(token, BS_SESSION_TOKEN_LEN + 1, raw, sizeof raw,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  session *e = bs_calloc(1, sizeof *e);
  if (!e) return BS_ENOMEM;
  token_key(e->key, token);
  e->info = *info;
  e->opened = e->last_use = now_ms;
  pthread_mutex_lock(&sessions->lock);
  if (sessions->count >= sessions->capacity) sweep(sessions, now_ms);
  bs_status status = BS_ELIMIT;
  if (sessions->count < sessions->capacity) {
    size_t b = bucket_of(e->key);
    e->next = sessions->buckets[b];
    sessions->buckets[b] = e;
    sessions->count++;
    status = BS_OK;
  }
  pthread_mutex_unlock(&sessions->lock);
  if (status != BS_OK) {
    bs_free(e);
    sodium_memzero(token, BS_SESSION_TOKEN_LEN + 1);
  }
  return status;
}

/* The link that points at the session of key, or NULL; with the lock held. */
static session **find(bs_sessions *s, const unsigned char key[32]) {
  for (session **at = &s->buckets[bucket_of(key)]; *at; at = &(*at)->next)
    if (sodium_memcmp((*at)->key, key, 32) == 0) return at;
  return NULL;
}

bs_status bs_sessions_check(bs_sessions *sessions, bs_session_info *out, const char *token,
                            int64_t now_ms) {
  unsigned char key[32];
  if (!token_key(key, token)) return BS_ENOTFOUND;
  bs_status status = BS_ENOTFOUND;
  pthread_mutex_lock(&sessions->lock);
  session **at = find(sessions, key);
  if (at && expired(sessions, *at, now_ms)) {
    session *e = *at;
    *at = e->next;
    bs_free(e);
    sessions->count--;
  } else if (at) {
    (*at)->last_use = now_ms;
    *out = (*at)->info;
    status = BS_OK;
  }
  pthread_mutex_unlock(&sessions->lock);
  return status;
}

bs_status bs_sessions_close(bs_sessions *sessions, const char *token) {
  unsigned char key[32];
  if (!token_key(key, token)) return BS_ENOTFOUND;
  pthread_mutex_lock(&sessions->lock);
  session **at = find(sessions, key);
  if (at) {
    session *e = *at;
    *at = e->next;
    bs_free(e);
    sessions->count--;
  }
  pthread_mutex_unlock(&sessions->lock);
  return at ? BS_OK : BS_ENOTFOUND;
}

size_t bs_sessions_end_account(bs_sessions *sessions, const char *account, int64_t generation) {
  size_t ended = 0;
  pthread_mutex_lock(&sessions->lock);
  for (size_t i = 0; i < BUCKETS; i++)
    for (session **at = &sessions->buckets[i]; *at;) {
      session *e = *at;
      if (!strcmp(e->info.account, account) &&
          (generation < 0 || e->info.generation != generation)) {
        *at = e->next;
        bs_free(e);
        sessions->count--;
        ended++;
      } else {
        at = &e->next;
      }
    }
  pthread_mutex_unlock(&sessions->lock);
  return ended;
}

size_t bs_sessions_count(bs_sessions *sessions) {
  pthread_mutex_lock(&sessions->lock);
  size_t count = sessions->count;
  pthread_mutex_unlock(&sessions->lock);
  return count;
}
