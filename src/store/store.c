/* Case store creation, opening and settings. */
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "detect/detector.h"
#include "detect/element.h"

struct bs_store {
  sqlite3 *db;  /* the case database */
  char *folder; /* the case folder */
};

/* Findings reference files by content: identical files are scanned once. Values are
 * interned (one row per distinct type and value, kept unique by the writer, which
 * holds them all in memory); findings carry integers only, so the table takes millions
 * of rows a second. Their indexes are built after each bulk load. */
static const char schema[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE element_types(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE detectors(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);"
    "CREATE TABLE contents(id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE,"
    "  size INTEGER NOT NULL, format TEXT, encoding TEXT, findings INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT NOT NULL);"
    "CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, size INTEGER,"
    "  mtime INTEGER, ctime INTEGER, atime INTEGER, mode INTEGER,"
    "  content_id INTEGER REFERENCES contents(id), status TEXT NOT NULL, note TEXT,"
    "  scanned_at TEXT NOT NULL, parent_id INTEGER REFERENCES files(id));"
    "CREATE INDEX files_by_content ON files(content_id);"
    "CREATE INDEX files_by_parent ON files(parent_id);"
    "CREATE TABLE vals(id INTEGER PRIMARY KEY, type INTEGER NOT NULL, value TEXT NOT NULL);"
    "CREATE TABLE hints(id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);"
    "CREATE TABLE findings(content_id INTEGER NOT NULL, value_id INTEGER NOT NULL,"
    "  detector INTEGER NOT NULL, part TEXT, line INTEGER, col INTEGER, row INTEGER,"
    "  hint_id INTEGER, confidence REAL NOT NULL, record INTEGER);"
    "CREATE TABLE diagnostics(id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL,"
    "  severity TEXT NOT NULL, place TEXT, message TEXT NOT NULL);";

static bs_status exec(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? BS_OK : BS_ESTORE;
}

bs_status bs_store_exec(bs_store *store, const char *sql) { return exec(store->db, sql); }

static bs_status store_path(char *out, size_t cap, const char *case_dir) {
  int n = snprintf(out, cap, "%s/%s", case_dir, BS_STORE_FILE);
  return n > 0 && (size_t)n < cap ? BS_OK : BS_EINVAL;
}

static bs_status put_meta(sqlite3 *db, const char *key, const char *value) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta VALUES(?,?)", -1, &stmt, NULL) !=
      SQLITE_OK)
    return BS_ESTORE;
  sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, value ? value : "", -1, SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}

static bs_status fill_tables(sqlite3 *db) {
  sqlite3_stmt *stmt;
  bs_status status = BS_OK;
  if (sqlite3_prepare_v2(db, "INSERT INTO element_types VALUES(?,?)", -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  for (int i = 0; i < BS_EL_COUNT && status == BS_OK; i++) {
    sqlite3_bind_int(stmt, 1, i);
    sqlite3_bind_text(stmt, 2, bs_element_name((bs_element)i), -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) status = BS_ESTORE;
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  if (status != BS_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO detectors VALUES(?,?)", -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  for (int i = 0; i < BS_DET_COUNT && status == BS_OK; i++) {
    sqlite3_bind_int(stmt, 1, i);
    sqlite3_bind_text(stmt, 2, bs_detector_name(i), -1, SQLITE_STATIC);
    if (sqlite3_step(stmt) != SQLITE_DONE) status = BS_ESTORE;
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  return status;
}

bs_status bs_store_create(const char *case_dir, const bs_case_settings *settings) {
  char path[4096];
  if (store_path(path, sizeof path, case_dir) != BS_OK) return BS_EINVAL;
  if (mkdir(case_dir, 0700) != 0 && errno != EEXIST) return BS_EIO;
  if (chmod(case_dir, 0700) != 0) return BS_EIO; /* an existing folder too */
  if (access(path, F_OK) == 0) return BS_EEXIST;
  /* Create the file 0600 before SQLite opens it, whatever the umask. */
  FILE *touch = fopen(path, "wx");
  if (!touch) return BS_EIO;
  fclose(touch);
  if (chmod(path, 0600) != 0) return BS_EIO;
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
    sqlite3_close(db);
    return BS_ESTORE;
  }
  bs_status status = exec(db, "PRAGMA journal_mode=WAL; BEGIN;");
  if (status == BS_OK) status = exec(db, schema);
  if (status == BS_OK) status = fill_tables(db);
  if (status == BS_OK) status = put_meta(db, "schema_version", BS_STORE_SCHEMA_VERSION);
  if (status == BS_OK) status = put_meta(db, "organization", settings->organization);
  if (status == BS_OK) status = put_meta(db, "discovered", settings->discovered);
  if (status == BS_OK) status = put_meta(db, "window_from", settings->window_from);
  if (status == BS_OK) status = put_meta(db, "window_to", settings->window_to);
  if (status == BS_OK) status = exec(db, "COMMIT;");
  sqlite3_close(db);
  if (status != BS_OK) unlink(path);
  return status;
}

bs_status bs_store_open(bs_store **out, const char *case_dir) {
  *out = NULL;
  char path[4096];
  if (store_path(path, sizeof path, case_dir) != BS_OK) return BS_EINVAL;
  if (access(path, F_OK) != 0) return BS_ECASE;
  bs_store *store = bs_calloc(1, sizeof *store);
  if (!store) return BS_ENOMEM;
  store->folder = bs_strdup(case_dir);
  if (!store->folder) {
    bs_free(store);
    return BS_ENOMEM;
  }
  /* One connection per thread: no need for SQLite's own locking. */
  if (sqlite3_open_v2(path, &store->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    bs_store_close(store);
    return BS_ESTORE;
  }
  sqlite3_busy_timeout(store->db, 10000);
  char version[16];
  bs_status status =
      exec(store->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                      "PRAGMA cache_size=" BS_STORE_CACHE "; PRAGMA temp_store=MEMORY;");
  if (status == BS_OK) status = bs_store_setting(store, "schema_version", version, sizeof version);
  if (status == BS_OK && strcmp(version, BS_STORE_SCHEMA_VERSION) != 0) status = BS_ECASE;
  if (status != BS_OK) {
    bs_store_close(store);
    return status == BS_ESTORE ? BS_ECASE : status;
  }
  *out = store;
  return BS_OK;
}

void bs_store_close(bs_store *store) {
  if (!store) return;
  sqlite3_close(store->db);
  bs_free(store->folder);
  bs_free(store);
}

sqlite3 *bs_store_db(bs_store *store) { return store->db; }

const char *bs_store_folder(const bs_store *store) { return store->folder; }

bs_status bs_store_setting(const bs_store *store, const char *key, char *out, size_t cap) {
  sqlite3_stmt *stmt;
  if (cap == 0) return BS_EINVAL;
  out[0] = '\0';
  if (sqlite3_prepare_v2(store->db, "SELECT value FROM meta WHERE key = ?", -1, &stmt, NULL) !=
      SQLITE_OK)
    return BS_ESTORE;
  sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) snprintf(out, cap, "%s", (const char *)sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}
