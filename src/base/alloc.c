/* Allocation with overflow checks, a size cap and a failure-injection hook. */
#include "base/alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static atomic_long countdown; /* allocations left before the injected failure; 0 = off */

void bs_alloc_fail_after(long n) { atomic_store(&countdown, n); }

static int injected_failure(void) {
  long left = atomic_load(&countdown);
  while (left > 0) {
    if (atomic_compare_exchange_weak(&countdown, &left, left - 1)) return left == 1;
  }
  return 0;
}

void *bs_malloc(size_t size) {
  if (size == 0) size = 1;
  if (size > BS_ALLOC_MAX || injected_failure()) return NULL;
  return malloc(size);
}

void *bs_calloc(size_t count, size_t size) {
  if (count == 0 || size == 0) count = size = 1;
  if (count > BS_ALLOC_MAX / size || injected_failure()) return NULL;
  return calloc(count, size);
}

void *bs_realloc(void *ptr, size_t size) {
  if (size == 0) size = 1;
  if (size > BS_ALLOC_MAX || injected_failure()) return NULL;
  return realloc(ptr, size);
}

void *bs_reallocarray(void *ptr, size_t count, size_t size) {
  if (size != 0 && count > BS_ALLOC_MAX / size) return NULL;
  return bs_realloc(ptr, count * size);
}

char *bs_strndup(const char *text, size_t len) {
  char *copy = bs_malloc(len + 1);
  if (!copy) return NULL;
  memcpy(copy, text, len);
  copy[len] = '\0';
  return copy;
}

char *bs_strdup(const char *text) { return bs_strndup(text, strlen(text)); }

void bs_free(void *ptr) { free(ptr); }
