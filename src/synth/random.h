/* The generator's own randomness: xoshiro256** seeded by splitmix64, so that the same
 * seed writes the same bytes on every machine (no rand(), no time, no locale). */
#ifndef BS_RANDOM_H
#define BS_RANDOM_H
#include <stddef.h>
#include <stdint.h>

typedef struct bs_random {
  uint64_t s[4]; /* xoshiro256** state, never all zero */
} bs_random;

/* A stream of its own for (seed, kind, index): person 12's stream does not depend on
 * how many numbers person 11 drew, so anything can be derived from its id alone. */
void bs_random_init(bs_random *out, uint64_t seed, uint64_t kind, uint64_t index);
uint64_t bs_random_next(bs_random *r);
/* Uniform in [0, n); n > 0. */
uint32_t bs_random_below(bs_random *r, uint32_t n);
/* Uniform in [low, high]. */
int bs_random_range(bs_random *r, int low, int high);
/* 1 with probability percent / 100. */
int bs_random_chance(bs_random *r, unsigned percent);
/* One of n strings. */
const char *bs_random_pick(bs_random *r, const char *const *items, size_t n);

#define BS_PICK(r, array) bs_random_pick((r), (array), sizeof(array) / sizeof((array)[0]))

#endif
