/* The one allocator wrapper: overflow-checked sizes, a cap per allocation, and a
 * test hook that makes the Nth allocation fail. */
#ifndef BS_ALLOC_H
#define BS_ALLOC_H
#include <stddef.h>

/* Largest single allocation granted; larger requests fail as out of memory. */
#define BS_ALLOC_MAX ((size_t)4 << 30)

void *bs_malloc(size_t size);
void *bs_calloc(size_t count, size_t size);
void *bs_realloc(void *ptr, size_t size);
void *bs_reallocarray(void *ptr, size_t count, size_t size);
char *bs_strdup(const char *text);
char *bs_strndup(const char *text, size_t len);
void bs_free(void *ptr);

/* Tests: make the allocation number `n` from now fail (0 turns the hook off). */
void bs_alloc_fail_after(long n);

#endif
