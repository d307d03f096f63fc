/* Login sessions, in memory only: a session is a random token (32 bytes from
 * libsodium, base64url) given to the agent's page once; the service keeps only its
 * BLAKE2b hash, so a memory dump holds no usable token. A session ends at logout,
 * after idle_ms without a request, after max_ms in all, and when its account is
 * disabled or its password changed. Sessions do not outlive the service. */
#ifndef BS_SESSIONS_H
#define BS_SESSIONS_H
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "serve/accounts.h"

#define BS_SESSION_TOKEN_LEN 43 /* base64url of 32 bytes, no padding */

typedef struct bs_session_info {
  char account[BS_ACCOUNT_NAME_MAX + 1]; /* who logged in */
  bs_role role;                          /* with which role */
  int64_t generation;                    /* the account's generation at login */
} bs_session_info;

typedef struct bs_sessions bs_sessions;

/* capacity: most sessions open at once (logins past it are refused, BS_ELIMIT). */
bs_status bs_sessions_create(bs_sessions **out, int64_t idle_ms, int64_t max_ms, size_t capacity);
void bs_sessions_free(bs_sessions *sessions);
/* Opens a session at time now_ms (any monotonic clock); writes its token (NUL-ended)
 * into token[BS_SESSION_TOKEN_LEN + 1]. */
bs_status bs_sessions_open(bs_sessions *sessions, char *token, const bs_session_info *info,
                           int64_t now_ms);
/* BS_OK and *out when token names a live session (its idle clock restarts);
 * BS_ENOTFOUND when it names none, or one that has expired (then ended). */
bs_status bs_sessions_check(bs_sessions *sessions, bs_session_info *out, const char *token,
                            int64_t now_ms);
/* Ends the session of token; BS_ENOTFOUND when there is none. */
bs_status bs_sessions_close(bs_sessions *sessions, const char *token);
/* Ends every session of account opened at another generation (or all when
 * generation < 0: the account is disabled). Returns how many ended. */
size_t bs_sessions_end_account(bs_sessions *sessions, const char *account, int64_t generation);
size_t bs_sessions_count(bs_sessions *sessions);

#endif
