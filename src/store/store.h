/* The case store: one SQLite database in the case folder holding the case settings,
 * every file seen (chain of custody), findings, and diagnostics. It is the most
 * sensitive file of the case: created 0600 in a 0700 folder. */
#ifndef BS_STORE_H
#define BS_STORE_H
#include <sqlite3.h>
#include <stddef.h>

#include "base/status.h"

#define BS_STORE_FILE           "case.db"
#define BS_STORE_SCHEMA_VERSION "2"
/* SQLite's page cache of a connection, in its PRAGMA cache_size form: -KiB (64 MB). */
#define BS_STORE_CACHE          "-65536"

typedef struct bs_store bs_store;

typedef struct bs_case_settings {
  const char *organization; /* covered entity's name */
  const char *discovered;   /* YYYY-MM-DD, the breach discovery date */
  const char *window_from;  /* YYYY-MM-DD or NULL: intrusion window */
  const char *window_to;    /* YYYY-MM-DD or NULL */
} bs_case_settings;

/* Creates the case folder and its store; BS_EEXIST if a store is already there. */
bs_status bs_store_create(const char *case_dir, const bs_case_settings *settings);
/* Opens an existing case; BS_ECASE when the folder holds none. */
bs_status bs_store_open(bs_store **out, const char *case_dir);
void bs_store_close(bs_store *store);
sqlite3 *bs_store_db(bs_store *store);
/* The case folder, as given when opened. */
const char *bs_store_folder(const bs_store *store);

/* A setting ("organization", "discovered", "window_from", ...) into out; "" if unset. */
bs_status bs_store_setting(const bs_store *store, const char *key, char *out, size_t cap);

/* Runs SQL with no result rows; BS_ESTORE on failure. */
bs_status bs_store_exec(bs_store *store, const char *sql);

#endif
