/* Interning through a bounded cache: see interner.h. */
#include "store/interner.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "base/strmap.h"

typedef struct table_sql {
  const char *size;   /* rows and largest id */
  const char *load;   /* every row: id, [type,] key */
  const char *insert; /* (id, [type,] key), ignored when the key is there */
  const char *lookup; /* the id of ([type,] key) */
  const char *index;  /* the unique index lookups need, or NULL when the schema has it */
  int typed;          /* keys carry a type */
} table_sql;

static const table_sql tables[] = {
    [BS_INTERN_VALUES] = {"SELECT count(*), coalesce(max(id), 0) FROM vals",
                          "SELECT id, type, value FROM vals",
                          "INSERT OR IGNORE INTO vals(id, type, value) VALUES(?,?,?)",
                          "SELECT id FROM vals WHERE type = ? AND value = ?",
                          /* built only when the values outgrow the cache: small cases
                             do without its upkeep */
                          "CREATE UNIQUE INDEX IF NOT EXISTS vals_by_value ON vals(type, value)",
                          1},
    [BS_INTERN_HINTS] = {"SELECT count(*), coalesce(max(id), 0) FROM hints",
                         "SELECT id, text FROM hints",
                         "INSERT OR IGNORE INTO hints(id, text) VALUES(?,?)",
                         "SELECT id FROM hints WHERE text = ?", NULL, 0},
};

struct bs_interner {
  sqlite3 *db;          /* the case */
  const table_sql *sql; /* its table */
  sqlite3_stmt *insert; /* prepared once */
  sqlite3_stmt *lookup; /* likewise */
  bs_strmap *cache;     /* [type byte +] key -> id */
  size_t cache_keys;    /* most keys the cache holds */
  int complete;         /* the cache holds every row */
  int64_t next_id;      /* ids given here, in order */
  bs_buf key;           /* scratch */
};

static bs_status put_key(bs_interner *in, int type, const char *text, size_t len) {
  bs_buf_reset(&in->key);
  bs_status status = in->sql->typed ? bs_buf_append_char(&in->key, (char)type) : BS_OK;
  return status == BS_OK ? bs_buf_append(&in->key, text, len) : status;
}

static bs_status cache_put(bs_interner *in, int64_t id) {
  int64_t *slot;
  bs_status status = bs_strmap_upsert(in->cache, in->key.data, in->key.len, &slot, NULL, NULL);
  if (status == BS_OK) *slot = id;
  return status;
}

static bs_status load_all(bs_interner *in) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(in->db, in->sql->load, -1, &stmt, NULL) != SQLITE_OK) return BS_ESTORE;
  int typed = in->sql->typed, rc;
  bs_status status = BS_OK;
  while (status == BS_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *text = (const char *)sqlite3_column_text(stmt, typed ? 2 : 1);
    status = put_key(in, typed ? sqlite3_column_int(stmt, 1) : 0, text ? text : "",
                     (size_t)sqlite3_column_bytes(stmt, typed ? 2 : 1));
    if (status == BS_OK) status = cache_put(in, sqlite3_column_int64(stmt, 0));
  }
  if (status == BS_OK && rc != SQLITE_DONE) status = BS_ESTORE;
  sqlite3_finalize(stmt);
  return status;
}

/* From here on the cache is a cache: lookups need the index. */
static bs_status go_partial(bs_interner *in) {
  if (in->sql->index && sqlite3_exec(in->db, in->sql->index, NULL, NULL, NULL) != SQLITE_OK)
    return BS_ESTORE;
  bs_strmap_clear(in->cache);
  in->complete = 0;
  return BS_OK;
}

/* Keys a cache of `memory` bytes holds: the map's slots come in powers of two, filled to
 * 70% (strmap.c), each key with its copy (values are short: about 16 bytes). */
static size_t keys_in(size_t memory) {
  const size_t slot = 32, key = 16;
  size_t slots = 64;
  while ((slots * 2) * slot + (slots * 2) * 7 / 10 * key <= memory) slots *= 2;
  return slots * 7 / 10 - 1; /* the map grows when one more would pass 70% */
}

bs_status bs_interner_open(bs_interner **out, sqlite3 *db, bs_intern_table table, size_t memory) {
  *out = NULL;
  bs_interner *in = bs_calloc(1, sizeof *in);
  if (!in) return BS_ENOMEM;
  in->db = db;
  in->sql = &tables[table];
  in->cache_keys = keys_in(memory);
  bs_buf_init(&in->key, (size_t)1 << 24);
  bs_status status = bs_strmap_create(&in->cache);
  if (status == BS_OK && (sqlite3_prepare_v3(db, in->sql->insert, -1, SQLITE_PREPARE_PERSISTENT,
                                             &in->insert, NULL) != SQLITE_OK ||
                          sqlite3_prepare_v3(db, in->sql->lookup, -1, SQLITE_PREPARE_PERSISTENT,
                                             &in->lookup, NULL) != SQLITE_OK))
    status = BS_ESTORE;
  sqlite3_stmt *size = NULL;
  if (status == BS_OK && (sqlite3_prepare_v2(db, in->sql->size, -1, &size, NULL) != SQLITE_OK ||
                          sqlite3_step(size) != SQLITE_ROW))
    status = BS_ESTORE;
  if (status == BS_OK) {
    in->next_id = sqlite3_column_int64(size, 1) + 1;
    in->complete = 1;
    status =
        (size_t)sqlite3_column_int64(size, 0) <= in->cache_keys ? load_all(in) : go_partial(in);
  }
  sqlite3_finalize(size);
  if (status != BS_OK) {
    bs_interner_free(in);
    return status;
  }
  *out = in;
  return BS_OK;
}

void bs_interner_free(bs_interner *in) {
  if (!in) return;
  sqlite3_finalize(in->insert);
  sqlite3_finalize(in->lookup);
  bs_strmap_free(in->cache);
  bs_buf_free(&in->key);
  bs_free(in);
}

int bs_interner_complete(const bs_interner *in) { return in->complete; }

static void bind_key(sqlite3_stmt *stmt, int col, const bs_interner *in, int type, const char *text,
                     size_t len) {
  if (in->sql->typed) sqlite3_bind_int(stmt, col++, type);
  sqlite3_bind_text(stmt, col, text, (int)len, SQLITE_STATIC);
}

/* Inserts the key as next_id unless the table has it. OUT: *added. */
static bs_status insert(bs_interner *in, int type, const char *text, size_t len, int *added) {
  sqlite3_bind_int64(in->insert, 1, in->next_id);
  bind_key(in->insert, 2, in, type, text, len);
  int rc = sqlite3_step(in->insert);
  sqlite3_reset(in->insert);
  if (rc != SQLITE_DONE) return BS_ESTORE;
  *added = sqlite3_changes(in->db) == 1;
  return BS_OK;
}

static bs_status lookup(bs_interner *in, int type, const char *text, size_t len, int64_t *id) {
  bind_key(in->lookup, 1, in, type, text, len);
  int rc = sqlite3_step(in->lookup);
  if (rc == SQLITE_ROW) *id = sqlite3_column_int64(in->lookup, 0);
  sqlite3_reset(in->lookup);
  return rc == SQLITE_ROW ? BS_OK : BS_ESTORE;
}

bs_status bs_interner_id(bs_interner *in, int type, const char *text, size_t len, int64_t *id) {
  bs_status status = put_key(in, type, text, len);
  if (status != BS_OK) return status;
  const int64_t *cached = bs_strmap_find(in->cache, in->key.data, in->key.len);
  if (cached) {
    *id = *cached;
    return BS_OK;
  }
  size_t cached_keys = bs_strmap_count(in->cache);
  if (in->complete && cached_keys >= in->cache_keys)
    status = go_partial(in);
  else if (!in->complete && cached_keys >= in->cache_keys)
    bs_strmap_clear(in->cache); /* the simplest eviction: frequent keys come back first */
  int added = 0;
  if (status == BS_OK) status = insert(in, type, text, len, &added);
  if (status != BS_OK) return status;
  if (added)
    *id = in->next_id++;
  else if (in->complete)
    return BS_ESTORE; /* the cache was the whole table: the row cannot be there */
  else if ((status = lookup(in, type, text, len, id)) != BS_OK)
    return status;
  return cache_put(in, *id);
}
