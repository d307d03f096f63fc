/* Rate limits: a token bucket per key (an agent's name, a client's address), refilled
 * at per_minute tokens a minute up to burst. A request takes a token or is refused
 * (the service answers 429). Buckets live in memory, at most `capacity` at once: full
 * buckets are forgotten first, and when none can be, new keys are refused. */
#ifndef BS_RATELIMIT_H
#define BS_RATELIMIT_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct bs_ratelimit bs_ratelimit;

bs_status bs_ratelimit_create(bs_ratelimit **out, double per_minute, double burst, size_t capacity);
void bs_ratelimit_free(bs_ratelimit *limit);
/* 1 when key may go on at now_ms (a token taken), 0 when it must wait. */
int bs_ratelimit_take(bs_ratelimit *limit, const char *key, int64_t now_ms);

#endif
