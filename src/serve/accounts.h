/* The call center's accounts, kept in the case store (table accounts): agents look
 * callers up, supervisors also see the service's counts. Passwords are stored only as
 * Argon2id hashes (libsodium's crypto_pwhash_str). */
#ifndef BS_ACCOUNTS_H
#define BS_ACCOUNTS_H
#include <sodium.h>
#include <stdint.h>

#include "base/status.h"
#include "store/store.h"

/* Argon2id cost: 3 passes over 64 MiB. On the 2-core development machine a hash or a
 * check takes about 0.11 s (0.28 s at 128 MiB), well under the half second a login
 * may take, and 64 MiB per guess makes offline guessing costly. The service runs at
 * most BS_PASSWORD_CONCURRENT checks at once, so logins cannot exhaust memory. */
#define BS_PASSWORD_OPSLIMIT   3ULL
#define BS_PASSWORD_MEMLIMIT   ((size_t)64 << 20)
#define BS_PASSWORD_CONCURRENT 2
#define BS_PASSWORD_MIN        12  /* bytes */
#define BS_PASSWORD_MAX        256 /* bytes */
#define BS_ACCOUNT_NAME_MAX    64  /* bytes: a-z, 0-9, '.', '_', '-' */

typedef enum bs_role {
  BS_ROLE_AGENT = 0,      /* looks callers up */
  BS_ROLE_SUPERVISOR = 1, /* looks callers up and sees the service's counts */
} bs_role;

typedef struct bs_account {
  char name[BS_ACCOUNT_NAME_MAX + 1];
  bs_role role;
  int disabled;                        /* 1: can no longer log in */
  int64_t generation;                  /* changes with every password change or disable */
  char created_at[32], changed_at[32]; /* UTC, ISO 8601 */
  char hash[crypto_pwhash_STRBYTES];   /* $argon2id$... */
} bs_account;

/* "agent" or "supervisor"; bs_role_parse returns -1 for anything else. */
const char *bs_role_name(bs_role role);
int bs_role_parse(const char *text);
/* 1 if name is a valid account name. */
int bs_account_name_valid(const char *name);

/* Creates the accounts table if the case has none. */
bs_status bs_accounts_prepare(sqlite3 *db);
/* BS_EEXIST when the name is taken; BS_EINVAL for a bad name or a password outside
 * BS_PASSWORD_MIN..MAX bytes. */
bs_status bs_accounts_add(sqlite3 *db, const char *name, bs_role role, const char *password);
bs_status bs_accounts_set_password(sqlite3 *db, const char *name, const char *password);
bs_status bs_accounts_disable(sqlite3 *db, const char *name);
/* Every account in name order, hashes left out. */
bs_status bs_accounts_each(sqlite3 *db, void (*fn)(const bs_account *account, void *ctx),
                           void *ctx);
/* The account of this name, with its hash; BS_ENOTFOUND when there is none. */
bs_status bs_accounts_find(bs_account *out, sqlite3 *db, const char *name);
/* 1 when password is the account's (Argon2id check, ~0.1 s). */
int bs_account_password_matches(const bs_account *account, const char *password);

#endif
