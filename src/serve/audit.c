/* The chained audit log and its writer thread (see audit.h).
 *
 * Entry n's hash is BLAKE2b-256 over, in this order, each field preceded by its length
 * as 8 bytes little-endian: the number n in decimal, at, agent, address, action,
 * question, answer, and the previous entry's hash in hex (64 zeros before entry 1).
 * Length prefixes make the encoding unambiguous: moving bytes from one field to the
 * next changes the hash. */
#include "serve/audit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "base/alloc.h"
#include "store/store.h"

#define BATCH_MAX 4096
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

static const char table[] =
    "CREATE TABLE IF NOT EXISTS audit(seq INTEGER PRIMARY KEY, at TEXT NOT NULL,"
    "  agent TEXT NOT NULL, address TEXT NOT NULL, action TEXT NOT NULL,"
    "  question TEXT NOT NULL, answer TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);"
    /* Append-only for everyone going through SQL without dropping these first; the
     * chain shows whoever does. */
    "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

struct bs_audit {
  bs_store *store;          /* the writer's own connection */
  sqlite3_stmt *insert;     /* one entry */
  sqlite3_stmt *tail_query; /* the last entry's number and hash */
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  bs_audit_entry *head, *tail; /* queued, oldest first */
  size_t pending;
  int stopping;     /* no more entries will come */
  int joined;       /* the writer thread was joined (or is being) */
  int failed;       /* the store refused a write: everything fails from now on */
  int64_t last_seq; /* last number written */
  char last_hash[65];
  int64_t written;
};

bs_status bs_audit_prepare(sqlite3 *db) {
  return sqlite3_exec(db, table, NULL, NULL, NULL) == SQLITE_OK ? BS_OK : BS_ESTORE;
}

void bs_audit_stamp(bs_audit_entry *entry) {
  struct timeval tv;
  gettimeofday(&tv, NULL);
  struct tm tm;
  time_t seconds = tv.tv_sec;
  gmtime_r(&seconds, &tm);
  char day[24];
  strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(entry->at, sizeof entry->at, "%s.%03dZ", day, (int)(tv.tv_usec / 1000));
}

static void hash_field(crypto_generichash_state *state, const char *text) {
  size_t len = text ? strlen(text) : 0;
  unsigned char prefix[8];
  for (int i = 0; i < 8; i++) prefix[i] = (unsigned char)((uint64_t)len >> (8 * i));
  crypto_generichash_update(state, prefix, sizeof prefix);
  if (len) crypto_generichash_update(state, (const unsigned char *)text, len);
}

/* The hash of one entry, hex, into out[65]. */
static void entry_hash(char out[65], int64_t seq, const char *at, const char *agent,
                       const char *address, const char *action, const char *question,
                       const char *answer, const char *prev) {
  char number[24];
  snprintf(number, sizeof number, "%lld", (long long)seq);
  crypto_generichash_state state;
  crypto_generichash_init(&state, NULL, 0, 32);
  const char *fields[] = {number, at, agent, address, action, question, answer, prev};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) hash_field(&state, fields[i]);
  unsigned char hash[32];
  crypto_generichash_final(&state, hash, sizeof hash);
  sodium_bin2hex(out, 65, hash, sizeof hash);
}

static bs_status read_tail(bs_audit *audit) {
  sqlite3_stmt *stmt = audit->tail_query;
  int rc = sqlite3_step(stmt);
  audit->last_seq = 0;
  snprintf(audit->last_hash, sizeof audit->last_hash, "%s", ZERO_HASH);
  if (rc == SQLITE_ROW) {
    audit->last_seq = sqlite3_column_int64(stmt, 0);
    snprintf(audit->last_hash, sizeof audit->last_hash, "%s",
             (const char *)sqlite3_column_text(stmt, 1));
  }
  sqlite3_reset(stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}

static void bind(sqlite3_stmt *stmt, int i, const char *text) {
  sqlite3_bind_text(stmt, i, text ? text : "", -1, SQLITE_STATIC);
}

/* Writes a batch in one transaction, after the last entry in the store. */
static bs_status write_batch(bs_audit *audit, bs_audit_entry *batch) {
  sqlite3 *db = bs_store_db(audit->store);
  /* The tail is read again inside the write transaction: another process (a second
   * service on the same case) may have appended since. */
  bs_status status = bs_store_exec(audit->store, "BEGIN IMMEDIATE");
  if (status == BS_OK) status = read_tail(audit);
  int64_t seq = audit->last_seq;
  char prev[65];
  memcpy(prev, audit->last_hash, sizeof prev);
  for (bs_audit_entry *e = batch; status == BS_OK && e; e = e->next) {
    char hash[65];
    e->seq = ++seq;
    entry_hash(hash, e->seq, e->at, e->agent, e->address, e->action, e->question, e->answer, prev);
    sqlite3_stmt *ins = audit->insert;
    sqlite3_bind_int64(ins, 1, e->seq);
    bind(ins, 2, e->at);
    bind(ins, 3, e->agent);
    bind(ins, 4, e->address);
    bind(ins, 5, e->action);
    bind(ins, 6, e->question);
    bind(ins, 7, e->answer);
    bind(ins, 8, prev);
    bind(ins, 9, hash);
    if (sqlite3_step(ins) != SQLITE_DONE) status = BS_ESTORE;
    sqlite3_reset(ins);
    memcpy(prev, hash, sizeof prev);
  }
  if (status == BS_OK && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  if (status != BS_OK) {
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return status;
  }
  audit->last_seq = seq;
  memcpy(audit->last_hash, prev, sizeof prev);
  return BS_OK;
}

static void *writer(void *arg) {
  bs_audit *audit = arg;
  for (;;) {
    pthread_mutex_lock(&audit->lock);
    while (!audit->head && !audit->stopping) pthread_cond_wait(&audit->wake, &audit->lock);
    if (!audit->head) { /* stopping, and all written */
      pthread_mutex_unlock(&audit->lock);
      break;
    }
    /* Take up to BATCH_MAX entries, oldest first. */
    bs_audit_entry *batch = audit->head, *last = batch;
    size_t n = 1;
    while (last->next && n < BATCH_MAX) {
      last = last->next;
      n++;
    }
    audit->head = last->next;
    if (!audit->head) audit->tail = NULL;
    last->next = NULL;
    audit->pending -= n;
    int failed = audit->failed;
    pthread_mutex_unlock(&audit->lock);

    bs_status status = failed ? BS_ESTORE : write_batch(audit, batch);
    pthread_mutex_lock(&audit->lock);
    if (status != BS_OK)
      audit->failed = 1;
    else
      audit->written += (int64_t)n;
    pthread_mutex_unlock(&audit->lock);
    for (bs_audit_entry *e = batch, *next; e; e = next) {
      next = e->next; /* done may free e */
      e->next = NULL;
      e->done(e, status, e->ctx);
    }
  }
  return NULL;
}

bs_status bs_audit_start(bs_audit **out, const char *case_dir) {
  *out = NULL;
  if (sodium_init() < 0) return BS_EINVAL;
  bs_audit *audit = bs_calloc(1, sizeof *audit);
  if (!audit) return BS_ENOMEM;
  bs_status status = bs_store_open(&audit->store, case_dir);
  /* synchronous=FULL: a commit returns once the log is on disk (see audit.h). */
  if (status == BS_OK) status = bs_store_exec(audit->store, "PRAGMA synchronous=FULL");
  if (status == BS_OK) status = bs_audit_prepare(bs_store_db(audit->store));
  if (status == BS_OK && sqlite3_prepare_v2(bs_store_db(audit->store),
                                            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1",
                                            -1, &audit->tail_query, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  if (status == BS_OK) status = read_tail(audit);
  if (status == BS_OK &&
      sqlite3_prepare_v2(bs_store_db(audit->store),
                         "INSERT INTO audit(seq, at, agent, address, action, question, answer,"
                         " prev, hash) VALUES(?,?,?,?,?,?,?,?,?)",
                         -1, &audit->insert, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  if (status != BS_OK) {
    sqlite3_finalize(audit->insert);
    sqlite3_finalize(audit->tail_query);
    bs_store_close(audit->store);
    bs_free(audit);
    return status;
  }
  pthread_mutex_init(&audit->lock, NULL);
  pthread_cond_init(&audit->wake, NULL);
  if (pthread_create(&audit->thread, NULL, writer, audit) != 0) {
    pthread_mutex_destroy(&audit->lock);
    pthread_cond_destroy(&audit->wake);
    sqlite3_finalize(audit->insert);
    sqlite3_finalize(audit->tail_query);
    bs_store_close(audit->store);
    bs_free(audit);
    return BS_ENOMEM;
  }
  *out = audit;
  return BS_OK;
}

bs_status bs_audit_submit(bs_audit *audit, bs_audit_entry *entry) {
  bs_status status = BS_OK;
  entry->next = NULL;
  pthread_mutex_lock(&audit->lock);
  if (audit->failed || audit->stopping)
    status = BS_ESTORE;
  else if (audit->pending >= BS_AUDIT_MAX_PENDING)
    status = BS_ELIMIT;
  if (status == BS_OK) {
    if (audit->tail)
      audit->tail->next = entry;
    else
      audit->head = entry;
    audit->tail = entry;
    audit->pending++;
    pthread_cond_signal(&audit->wake);
  }
  pthread_mutex_unlock(&audit->lock);
  return status;
}

void bs_audit_stop(bs_audit *audit) {
  if (!audit) return;
  pthread_mutex_lock(&audit->lock);
  int joined = audit->joined;
  audit->stopping = 1;
  audit->joined = 1;
  pthread_cond_signal(&audit->wake);
  pthread_mutex_unlock(&audit->lock);
  if (!joined) pthread_join(audit->thread, NULL);
}

void bs_audit_free(bs_audit *audit) {
  if (!audit) return;
  bs_audit_stop(audit);
  pthread_mutex_destroy(&audit->lock);
  pthread_cond_destroy(&audit->wake);
  sqlite3_finalize(audit->insert);
  sqlite3_finalize(audit->tail_query);
  bs_store_close(audit->store);
  bs_free(audit);
}

int64_t bs_audit_written(bs_audit *audit) {
  pthread_mutex_lock(&audit->lock);
  int64_t written = audit->written;
  pthread_mutex_unlock(&audit->lock);
  return written;
}

static const char *column(sqlite3_stmt *stmt, int i) {
  const char *text = (const char *)sqlite3_column_text(stmt, i);
  return text ? text : "";
}

bs_status bs_audit_verify(bs_audit_check *out, sqlite3 *db) {
  memset(out, 0, sizeof *out);
  snprintf(out->head, sizeof out->head, "%s", ZERO_HASH);
  if (sodium_init() < 0) return BS_EINVAL;
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db,
                         "SELECT seq, at, agent, address, action, question, answer, prev, hash"
                         " FROM audit ORDER BY seq",
                         -1, &stmt, NULL) != SQLITE_OK) {
    int exists = 0;
    sqlite3_stmt *probe;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = 'audit'", -1, &probe,
                           NULL) == SQLITE_OK) {
      exists = sqlite3_step(probe) == SQLITE_ROW;
      sqlite3_finalize(probe);
    }
    return exists ? BS_ESTORE : BS_ENOTFOUND;
  }
  int64_t expected = 1;
  char prev[65];
  snprintf(prev, sizeof prev, "%s", ZERO_HASH);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    int64_t seq = sqlite3_column_int64(stmt, 0);
    out->entries++;
    if (out->first_broken) continue; /* count the rest */
    char hash[65];
    entry_hash(hash, seq, column(stmt, 1), column(stmt, 2), column(stmt, 3), column(stmt, 4),
               column(stmt, 5), column(stmt, 6), column(stmt, 7));
    if (seq != expected) {
      out->first_broken = expected;
      snprintf(out->reason, sizeof out->reason,
               "entry %lld is missing (the entry after %lld is numbered %lld)", (long long)expected,
               (long long)expected - 1, (long long)seq);
    } else if (strcmp(column(stmt, 7), prev) != 0) {
      out->first_broken = seq;
      snprintf(out->reason, sizeof out->reason,
               "entry %lld does not chain to entry %lld (its previous hash differs)",
               (long long)seq, (long long)seq - 1);
    } else if (strcmp(column(stmt, 8), hash) != 0) {
      out->first_broken = seq;
      snprintf(out->reason, sizeof out->reason,
               "entry %lld was changed (its content does not match its hash)", (long long)seq);
    } else {
      memcpy(prev, hash, sizeof prev);
      memcpy(out->head, hash, sizeof out->head);
      expected++;
    }
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}
