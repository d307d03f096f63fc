/* The call center's audit log: one row per login, logout and lookup (success or
 * failure) in the case store's audit table, each chained to the one before by a
 * BLAKE2b hash (libsodium crypto_generichash) over its content and the previous hash,
 * so that changing, removing or inserting a row shows.
 *
 * Durability: one writer thread takes every entry queued since its last commit and
 * writes them, after the last entry in the store (read again in the transaction, so
 * that two services on one case chain correctly), in one transaction (WAL, synchronous=FULL: the
 * commit is on disk when it returns), then tells each submitter. The service answers a request only
 * after that call: an answer an agent has seen always has its audit row on disk, and a crash loses
 * at most requests that were never answered. If the store refuses a write, every waiting and later
 * request fails (503): no answer without audit.
 *
 * What is kept of a lookup's question: the masked form the service builds (initials,
 * year of birth, ZIP3, the code's last characters), never the caller's words in
 * clear. Callers who are not in the data would otherwise add personal data to the
 * store that the breach did not put there; the masked question and the person ids
 * shown let a reviewer follow every lookup. */
#ifndef BS_AUDIT_H
#define BS_AUDIT_H
#include <sqlite3.h>
#include <stdint.h>

#include "base/status.h"

/* Entries waiting for the writer at most; past it, submissions are refused. */
#define BS_AUDIT_MAX_PENDING 65536

typedef struct bs_audit_entry bs_audit_entry;
struct bs_audit_entry {
  char at[32];      /* UTC, ISO 8601 with milliseconds: when the request came */
  char agent[65];   /* account name, or "" when none was logged in */
  char address[48]; /* client's IP address */
  char action[24];  /* "login", "login_failed", "logout", "lookup" */
  char *question;   /* JSON text, masked; owned by the entry (bs_free) */
  char *answer;     /* JSON text: what was shown; owned by the entry */
  int64_t seq;      /* OUT: its number in the log, set before done is called */
  /* Called once from the writer thread after the commit (BS_OK) or its failure. */
  void (*done)(bs_audit_entry *entry, bs_status status, void *ctx);
  void *ctx;
  bs_audit_entry *next; /* queue link, the writer's */
};

typedef struct bs_audit bs_audit;

/* Creates the audit table if needed, opens the writer's own connection to the case
 * store and starts the writer thread. */
bs_status bs_audit_start(bs_audit **out, const char *case_dir);
/* Queues an entry; its done callback comes later. Fails at once (and done is never
 * called) when the writer has failed or BS_AUDIT_MAX_PENDING entries wait. */
bs_status bs_audit_submit(bs_audit *audit, bs_audit_entry *entry);
/* Writes what is queued and stops the writer; later submissions fail. Idempotent. */
void bs_audit_stop(bs_audit *audit);
/* Stops (if needed) and frees. */
void bs_audit_free(bs_audit *audit);
/* Entries written since the start. */
int64_t bs_audit_written(bs_audit *audit);

/* Creates the table (and its append-only triggers) if the case has none. */
bs_status bs_audit_prepare(sqlite3 *db);
/* Fills e->at with the current UTC time. */
void bs_audit_stamp(bs_audit_entry *entry);

typedef struct bs_audit_check {
  int64_t entries;      /* rows read */
  int64_t first_broken; /* number of the first entry that breaks the chain, 0: none */
  char reason[160];     /* why, when broken */
  char head[65];        /* hash of the last entry (hex), to note down elsewhere */
} bs_audit_check;

/* Walks the whole log in order and recomputes every hash. BS_OK whatever it finds
 * (see out->first_broken); BS_ENOTFOUND when the case has no audit table. */
bs_status bs_audit_verify(bs_audit_check *out, sqlite3 *db);

#endif
