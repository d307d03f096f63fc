/* Accounts in the case store (see accounts.h). */
#include "serve/accounts.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char table[] = "CREATE TABLE IF NOT EXISTS accounts(name TEXT PRIMARY KEY,"
                            "  role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor')),"
                            "  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,"
                            "  generation INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
                            "  changed_at TEXT NOT NULL)";

const char *bs_role_name(bs_role role) {
  return role == BS_ROLE_SUPERVISOR ? "supervisor" : "agent";
}

int bs_role_parse(const char *text) {
  if (!strcmp(text, "agent")) return BS_ROLE_AGENT;
  if (!strcmp(text, "supervisor")) return BS_ROLE_SUPERVISOR;
  return -1;
}

int bs_account_name_valid(const char *name) {
  size_t len = strlen(name);
  if (len == 0 || len > BS_ACCOUNT_NAME_MAX) return 0;
  for (const char *p = name; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
          *p == '-'))
      return 0;
  return 1;
}

static void utc_now(char out[32]) {
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bs_status bs_accounts_prepare(sqlite3 *db) {
  return sqlite3_exec(db, table, NULL, NULL, NULL) == SQLITE_OK ? BS_OK : BS_ESTORE;
}

static bs_status hash_password(char out[crypto_pwhash_STRBYTES], const char *password) {
  size_t len = strlen(password);
  if (len < BS_PASSWORD_MIN || len > BS_PASSWORD_MAX) return BS_EINVAL;
  if (sodium_init() < 0) return BS_EINVAL;
  return crypto_pwhash_str(out, password, len, BS_PASSWORD_OPSLIMIT, BS_PASSWORD_MEMLIMIT) == 0
             ? BS_OK
             : BS_ENOMEM;
}

/* Runs one statement with text parameters; *changes gets the rows changed. */
static bs_status run(sqlite3 *db, const char *sql, const char *const *params, int count,
                     int *changes) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) return BS_ESTORE;
  for (int i = 0; i < count; i++) sqlite3_bind_text(stmt, i + 1, params[i], -1, SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (changes) *changes = sqlite3_changes(db);
  if (rc == SQLITE_CONSTRAINT) return BS_EEXIST;
  return rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}

bs_status bs_accounts_add(sqlite3 *db, const char *name, bs_role role, const char *password) {
  if (!bs_account_name_valid(name)) return BS_EINVAL;
  char hash[crypto_pwhash_STRBYTES], now[32];
  bs_status status = hash_password(hash, password);
  if (status == BS_OK) status = bs_accounts_prepare(db);
  utc_now(now);
  const char *params[] = {name, bs_role_name(role), hash, now, now};
  if (status == BS_OK)
    status = run(db,
                 "INSERT INTO accounts(name, role, password_hash, created_at, changed_at)"
                 " VALUES(?,?,?,?,?)",
                 params, 5, NULL);
  sodium_memzero(hash, sizeof hash);
  return status;
}

bs_status bs_accounts_set_password(sqlite3 *db, const char *name, const char *password) {
  char hash[crypto_pwhash_STRBYTES], now[32];
  bs_status status = hash_password(hash, password);
  if (status == BS_OK) status = bs_accounts_prepare(db);
  utc_now(now);
  const char *params[] = {hash, now, name};
  int changes = 0;
  if (status == BS_OK)
    status = run(db,
                 "UPDATE accounts SET password_hash = ?, changed_at = ?,"
                 " generation = generation + 1 WHERE name = ?",
                 params, 3, &changes);
  sodium_memzero(hash, sizeof hash);
  return status == BS_OK && changes == 0 ? BS_ENOTFOUND : status;
}

bs_status bs_accounts_disable(sqlite3 *db, const char *name) {
  char now[32];
  utc_now(now);
  const char *params[] = {now, name};
  int changes = 0;
  bs_status status = bs_accounts_prepare(db);
  if (status == BS_OK)
    status = run(db,
                 "UPDATE accounts SET disabled = 1, changed_at = ?, generation = generation + 1"
                 " WHERE name = ?",
                 params, 2, &changes);
  return status == BS_OK && changes == 0 ? BS_ENOTFOUND : status;
}

static void fill(bs_account *out, sqlite3_stmt *stmt, int with_hash) {
  memset(out, 0, sizeof *out);
  snprintf(out->name, sizeof out->name, "%s", (const char *)sqlite3_column_text(stmt, 0));
  const char *role = (const char *)sqlite3_column_text(stmt, 1);
  out->role = role && !strcmp(role, "supervisor") ? BS_ROLE_SUPERVISOR : BS_ROLE_AGENT;
  out->disabled = sqlite3_column_int(stmt, 2) != 0;
  out->generation = sqlite3_column_int64(stmt, 3);
  snprintf(out->created_at, sizeof out->created_at, "%s",
           (const char *)sqlite3_column_text(stmt, 4));
  snprintf(out->changed_at, sizeof out->changed_at, "%s",
           (const char *)sqlite3_column_text(stmt, 5));
  if (with_hash)
    snprintf(out->hash, sizeof out->hash, "%s", (const char *)sqlite3_column_text(stmt, 6));
}

#define ACCOUNT_COLUMNS "name, role, disabled, generation, created_at, changed_at, password_hash"

bs_status bs_accounts_each(sqlite3 *db, void (*fn)(const bs_account *account, void *ctx),
                           void *ctx) {
  bs_status status = bs_accounts_prepare(db);
  sqlite3_stmt *stmt;
  if (status != BS_OK ||
      sqlite3_prepare_v2(db, "SELECT " ACCOUNT_COLUMNS " FROM accounts ORDER BY name", -1, &stmt,
                         NULL) != SQLITE_OK)
    return BS_ESTORE;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    bs_account account;
    fill(&account, stmt, 0);
    fn(&account, ctx);
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}

bs_status bs_accounts_find(bs_account *out, sqlite3 *db, const char *name) {
  memset(out, 0, sizeof *out);
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT " ACCOUNT_COLUMNS " FROM accounts WHERE name = ?", -1, &stmt,
                         NULL) != SQLITE_OK)
    return BS_ESTORE;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) fill(out, stmt, 1);
  sqlite3_finalize(stmt);
  if (rc == SQLITE_ROW) return BS_OK;
  return rc == SQLITE_DONE ? BS_ENOTFOUND : BS_ESTORE;
}

int bs_account_password_matches(const bs_account *account, const char *password) {
  return account->hash[0] &&
         crypto_pwhash_str_verify(account->hash, password, strlen(password)) == 0;
}
