/* xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64, as its authors
 * recommend. */
#include "synth/random.h"

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void bs_random_init(bs_random *out, uint64_t seed, uint64_t kind, uint64_t index) {
  /* Mix the three through splitmix64 in turn, so nearby (kind, index) pairs give
   * unrelated states. */
  uint64_t x = seed;
  uint64_t a = splitmix64(&x) ^ kind;
  uint64_t b = splitmix64(&a) ^ index;
  for (int i = 0; i < 4; i++) out->s[i] = splitmix64(&b);
  if (!(out->s[0] | out->s[1] | out->s[2] | out->s[3])) out->s[0] = 1;
}

uint64_t bs_random_next(bs_random *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

uint32_t bs_random_below(bs_random *r, uint32_t n) {
  /* Lemire's multiply-shift with rejection: no modulo bias. */
  uint64_t m = (bs_random_next(r) >> 32) * n;
  if ((uint32_t)m < n) {
    uint32_t threshold = (uint32_t)(-n) % n;
    while ((uint32_t)m < threshold) m = (bs_random_next(r) >> 32) * n;
  }
  return (uint32_t)(m >> 32);
}

int bs_random_range(bs_random *r, int low, int high) {
  return low + (int)bs_random_below(r, (uint32_t)(high - low + 1));
}

int bs_random_chance(bs_random *r, unsigned percent) { return bs_random_below(r, 100) < percent; }

const char *bs_random_pick(bs_random *r, const char *const *items, size_t n) {
  return items[bs_random_below(r, (uint32_t)n)];
}
