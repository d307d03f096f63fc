/* Bulk writer of scan results: interned values and hints, prepared statements, large
 * transactions, findings index rebuilt after the load. */
#include "store/writer.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "store/interner.h"

#define WRITER_BATCH_FINDINGS 200000 /* commit once this many findings are pending */
#define WRITER_BATCH_FILES    500    /* or this many files */
#define WRITER_BATCH_SECONDS  1.0    /* or when the oldest pending file waited this long */

enum { ST_FILE, ST_CONTENT_FIND, ST_CONTENT_NEW, ST_CONTENT_DONE, ST_FINDING, ST_DIAG, ST_COUNT };

static const char *const statements[ST_COUNT] = {
    [ST_FILE] = "INSERT INTO files(path, size, mtime, ctime, atime, mode, content_id, status,"
                " note, scanned_at, parent_id) VALUES(?,?,?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime=excluded.mtime,"
                " parent_id=excluded.parent_id,"
                " ctime=excluded.ctime, atime=excluded.atime, mode=excluded.mode,"
                " content_id=excluded.content_id, status=excluded.status, note=excluded.note,"
                " scanned_at=excluded.scanned_at RETURNING id",
    /* By the unique index: one lookup a file, against a map of every digest in memory. */
    [ST_CONTENT_FIND] = "SELECT id, status = 'done' FROM contents WHERE sha256 = ?",
    [ST_CONTENT_NEW] = "INSERT INTO contents(sha256, size, format, encoding, findings, status)"
                       " VALUES(?,?,?,?,?,?) RETURNING id",
    [ST_CONTENT_DONE] = "UPDATE contents SET format=?, encoding=?, findings=?, status='done'"
                        " WHERE id=?",
    [ST_FINDING] = "INSERT INTO findings VALUES(?,?,?,?,?,?,?,?,?,?)",
    [ST_DIAG] = "INSERT INTO diagnostics(file_id, severity, place, message) VALUES(?,?,?,?)",
};

struct bs_writer {
  bs_store *store;              /* the case */
  sqlite3 *db;                  /* its database */
  sqlite3_stmt *stmt[ST_COUNT]; /* prepared once */
  bs_interner *values;          /* (type, value) -> id */
  bs_interner *hints;           /* hint text -> id */
  int in_transaction;           /* BEGIN issued */
  size_t pending_findings;      /* since the last commit */
  size_t pending_files;         /* likewise */
  double batch_started;         /* monotonic time of the first pending file */
  bs_finding_list spilled;      /* a block of spilled findings read back */
  char now[32];                 /* scan time, ISO 8601 UTC */
};

const char *bs_file_status_name(bs_file_status status) {
  switch (status) {
  case BS_FILE_SCANNED: return "scanned";
  case BS_FILE_DUPLICATE: return "duplicate";
  case BS_FILE_FAILED: return "failed";
  case BS_FILE_NOT_EXAMINED: return "not_examined";
  }
  return "?";
}

void bs_file_record_init(bs_file_record *record) {
  memset(record, 0, sizeof *record);
  bs_finding_list_init(&record->findings);
  bs_spilled_init(&record->spilled);
  bs_buf_init(&record->diagnostics, (size_t)1 << 20);
}

void bs_file_record_free(bs_file_record *record) {
  bs_finding_list_free(&record->findings);
  bs_spilled_free(&record->spilled);
  bs_buf_free(&record->diagnostics);
}

void bs_file_record_diagnose(bs_file_record *record, const char *severity, const char *place,
                             const char *message) {
  /* Past the buffer's cap, further diagnostics of this file are dropped. */
  bs_buf_printf(&record->diagnostics, "%s\t%s\t%s\n", severity, place ? place : "", message);
}

bs_status bs_writer_open(bs_writer **out, bs_store *store, size_t values_memory) {
  *out = NULL;
  bs_writer *w = bs_calloc(1, sizeof *w);
  if (!w) return BS_ENOMEM;
  w->store = store;
  w->db = bs_store_db(store);
  bs_finding_list_init(&w->spilled);
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(w->now, sizeof w->now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  bs_status status = bs_interner_open(&w->values, w->db, BS_INTERN_VALUES, values_memory);
  /* Hints are few (headers, element paths): a share of the same memory. */
  if (status == BS_OK)
    status = bs_interner_open(&w->hints, w->db, BS_INTERN_HINTS, values_memory / 8);
  for (int i = 0; i < ST_COUNT && status == BS_OK; i++)
    if (sqlite3_prepare_v3(w->db, statements[i], -1, SQLITE_PREPARE_PERSISTENT, &w->stmt[i],
                           NULL) != SQLITE_OK)
      status = BS_ESTORE;
  /* Bulk load: no index on findings while inserting. */
  if (status == BS_OK) status = bs_store_exec(store, "DROP INDEX IF EXISTS findings_by_content");
  if (status != BS_OK) {
    bs_writer_free(w);
    return status;
  }
  *out = w;
  return BS_OK;
}

void bs_writer_free(bs_writer *w) {
  if (!w) return;
  if (w->in_transaction) sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
  for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(w->stmt[i]);
  bs_interner_free(w->values);
  bs_interner_free(w->hints);
  bs_finding_list_free(&w->spilled);
  bs_free(w);
}

static double monotonic_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bs_status step(sqlite3_stmt *stmt, int64_t *returned_id) {
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW && returned_id) {
    *returned_id = sqlite3_column_int64(stmt, 0);
    rc = sqlite3_step(stmt);
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  return rc == SQLITE_DONE ? BS_OK : BS_ESTORE;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int index, const char *text) {
  if (text)
    sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(stmt, index);
}

static uint64_t finding_count(const bs_file_record *r) {
  return r->spilled.findings + r->findings.count;
}

/* The content row of a record: created on first sight, marked done once scanned.
 * OUT: *was_done is 1 when the content was done before (its findings stored). */
static bs_status content_id(bs_writer *w, const bs_file_record *r, int64_t *id, int *was_done) {
  sqlite3_stmt *find = w->stmt[ST_CONTENT_FIND];
  sqlite3_bind_text(find, 1, r->sha256, -1, SQLITE_STATIC);
  int rc = sqlite3_step(find);
  int found = rc == SQLITE_ROW;
  if (found) {
    *id = sqlite3_column_int64(find, 0);
    *was_done = sqlite3_column_int(find, 1);
  }
  sqlite3_reset(find);
  if (!found && rc != SQLITE_DONE) return BS_ESTORE;
  int scanned = r->status == BS_FILE_SCANNED || r->status == BS_FILE_NOT_EXAMINED;
  if (!found) *was_done = 0;
  if (found && (*was_done || !scanned)) return BS_OK; /* done, or a duplicate of a pending one */
  if (found) { /* pending (seen first as a duplicate), now scanned */
    sqlite3_stmt *stmt = w->stmt[ST_CONTENT_DONE];
    bind_text_or_null(stmt, 1, r->format);
    bind_text_or_null(stmt, 2, r->encoding);
    sqlite3_bind_int64(stmt, 3, (int64_t)finding_count(r));
    sqlite3_bind_int64(stmt, 4, *id);
    return step(stmt, NULL);
  }
  sqlite3_stmt *stmt = w->stmt[ST_CONTENT_NEW];
  sqlite3_bind_text(stmt, 1, r->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, r->size);
  bind_text_or_null(stmt, 3, r->format);
  bind_text_or_null(stmt, 4, r->encoding);
  sqlite3_bind_int64(stmt, 5, (int64_t)finding_count(r));
  sqlite3_bind_text(stmt, 6, scanned ? "done" : "pending", -1, SQLITE_STATIC);
  return step(stmt, id);
}

static void bind_count(sqlite3_stmt *stmt, int index, uint64_t value) {
  if (value)
    sqlite3_bind_int64(stmt, index, (int64_t)value);
  else
    sqlite3_bind_null(stmt, index);
}

static bs_status put_list(bs_writer *w, const bs_finding_list *list, int64_t content) {
  sqlite3_stmt *stmt = w->stmt[ST_FINDING];
  uint32_t last_hint_off = UINT32_MAX; /* findings of a column share one hint copy */
  int64_t hint_id = 0;
  for (size_t i = 0; i < list->count; i++) {
    const bs_finding *f = &list->items[i];
    int64_t value_id;
    bs_status status = bs_interner_id(w->values, f->type, list->arena.data + f->value_off,
                                      f->value_len, &value_id);
    if (status == BS_OK && f->hint_len && f->hint_off != last_hint_off) {
      status = bs_interner_id(w->hints, 0, list->arena.data + f->hint_off, f->hint_len, &hint_id);
      last_hint_off = f->hint_off;
    }
    if (status != BS_OK) return status;
    /* Every column bound each time: no clearing needed between rows. */
    sqlite3_bind_int64(stmt, 1, content);
    sqlite3_bind_int64(stmt, 2, value_id);
    sqlite3_bind_int(stmt, 3, f->detector);
    if (f->place_len)
      sqlite3_bind_text(stmt, 4, list->arena.data + f->place_off, (int)f->place_len, SQLITE_STATIC);
    else
      sqlite3_bind_null(stmt, 4);
    bind_count(stmt, 5, f->line);
    bind_count(stmt, 6, f->column);
    bind_count(stmt, 7, f->row);
    bind_count(stmt, 8, f->hint_len ? (uint64_t)hint_id : 0);
    sqlite3_bind_double(stmt, 9, (double)((int)(f->confidence * 100 + 0.5f)) / 100.0);
    bind_count(stmt, 10, f->record);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return BS_ESTORE;
  }
  return BS_OK;
}

/* The spilled blocks in order, one at a time, then what stayed in memory. */
static bs_status put_findings(bs_writer *w, const bs_file_record *r, int64_t content) {
  bs_status status = BS_OK;
  for (size_t i = 0; i < r->spilled.count && status == BS_OK; i++) {
    status = bs_spill_in(&w->spilled, &r->spilled, i);
    if (status == BS_OK) status = put_list(w, &w->spilled, content);
  }
  if (r->spilled.count) bs_finding_list_free(&w->spilled); /* a block's worth: give it back */
  return status == BS_OK ? put_list(w, &r->findings, content) : status;
}

static bs_status put_diagnostics(bs_writer *w, const bs_file_record *r, int64_t file_id) {
  sqlite3_stmt *stmt = w->stmt[ST_DIAG];
  const char *p = r->diagnostics.data, *end = p + r->diagnostics.len;
  while (p && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *tab1 = memchr(p, '\t', (size_t)(nl - p));
    const char *tab2 = tab1 ? memchr(tab1 + 1, '\t', (size_t)(nl - tab1 - 1)) : NULL;
    if (!nl || !tab2) break;
    sqlite3_bind_int64(stmt, 1, file_id);
    sqlite3_bind_text(stmt, 2, p, (int)(tab1 - p), SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, tab1 + 1, (int)(tab2 - tab1 - 1), SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, tab2 + 1, (int)(nl - tab2 - 1), SQLITE_STATIC);
    if (step(stmt, NULL) != BS_OK) return BS_ESTORE;
    p = nl + 1;
  }
  return BS_OK;
}

bs_status bs_writer_put(bs_writer *w, const bs_file_record *r, int64_t *file_id) {
  if (!w->in_transaction) {
    if (bs_store_exec(w->store, "BEGIN") != BS_OK) return BS_ESTORE;
    w->in_transaction = 1;
    w->batch_started = monotonic_seconds();
  }
  int64_t content = 0;
  int was_done = 0;
  bs_status status = BS_OK;
  if (r->sha256[0]) status = content_id(w, r, &content, &was_done);
  /* Findings belong to the content: stored once, whichever file brought them. */
  if (status == BS_OK && r->status == BS_FILE_SCANNED && !was_done)
    status = put_findings(w, r, content);
  if (status != BS_OK) return status;
  sqlite3_stmt *stmt = w->stmt[ST_FILE];
  sqlite3_bind_text(stmt, 1, r->path, -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, r->size);
  /* A member has no times or mode of its own unless its container recorded them. */
  bind_count(stmt, 3, (uint64_t)r->mtime);
  bind_count(stmt, 4, (uint64_t)r->ctime);
  bind_count(stmt, 5, (uint64_t)r->atime);
  bind_count(stmt, 6, r->mode);
  if (content) sqlite3_bind_int64(stmt, 7, content);
  sqlite3_bind_text(stmt, 8, bs_file_status_name(r->status), -1, SQLITE_STATIC);
  bind_text_or_null(stmt, 9, r->note);
  sqlite3_bind_text(stmt, 10, w->now, -1, SQLITE_STATIC);
  bind_count(stmt, 11, (uint64_t)r->parent_id);
  status = step(stmt, file_id);
  if (status == BS_OK) {
    /* A re-scanned file keeps only its latest diagnostics. */
    char sql[96];
    snprintf(sql, sizeof sql, "DELETE FROM diagnostics WHERE file_id = %lld", (long long)*file_id);
    status = bs_store_exec(w->store, sql);
  }
  if (status == BS_OK) status = put_diagnostics(w, r, *file_id);
  if (status != BS_OK) return status;
  w->pending_findings += finding_count(r);
  return BS_OK;
}

bs_status bs_writer_end_file(bs_writer *w) {
  w->pending_files++;
  if (w->pending_findings >= WRITER_BATCH_FINDINGS || w->pending_files >= WRITER_BATCH_FILES ||
      monotonic_seconds() - w->batch_started >= WRITER_BATCH_SECONDS)
    return bs_writer_commit(w);
  return BS_OK;
}

bs_status bs_writer_commit(bs_writer *w) {
  if (!w->in_transaction) return BS_OK;
  if (bs_store_exec(w->store, "COMMIT") != BS_OK) return BS_ESTORE;
  w->in_transaction = 0;
  w->pending_findings = w->pending_files = 0;
  return BS_OK;
}

bs_status bs_writer_finish(bs_writer *w) {
  bs_status status = bs_writer_commit(w);
  /* The sort of every finding's content id would take memory in proportion to the
   * case under temp_store=MEMORY; on file it keeps runs of the page cache's size (16 MB
   * here) in memory. Its temporary files hold integers only, no personal data, so the
   * system's temporary folder does. */
  if (status == BS_OK)
    status = bs_store_exec(w->store, "PRAGMA temp_store=FILE; PRAGMA cache_size=-16384");
  if (status == BS_OK)
    status = bs_store_exec(
        w->store, "CREATE INDEX IF NOT EXISTS findings_by_content ON findings(content_id)");
  if (bs_store_exec(w->store, "PRAGMA temp_store=MEMORY; PRAGMA cache_size=" BS_STORE_CACHE) !=
          BS_OK &&
      status == BS_OK)
    status = BS_ESTORE;
  return status;
}

bs_status bs_done_key(bs_buf *out, const char *path, int64_t size, int64_t mtime) {
  bs_buf_reset(out);
  return bs_buf_printf(out, "%s\n%lld:%lld", path, (long long)size, (long long)mtime);
}

bs_status bs_store_load_done(bs_store *store, bs_strmap *files, bs_strmap *contents) {
  sqlite3 *db = bs_store_db(store);
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db,
                         "SELECT f.path, f.size, f.mtime FROM files f LEFT JOIN contents c"
                         " ON c.id = f.content_id WHERE f.status = 'not_examined'"
                         " OR (f.status IN ('scanned', 'duplicate') AND c.status = 'done')",
                         -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  bs_buf key;
  bs_buf_init(&key, (size_t)1 << 16);
  bs_status status = BS_OK;
  while (status == BS_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    int64_t *slot;
    status = bs_done_key(&key, (const char *)sqlite3_column_text(stmt, 0),
                         sqlite3_column_int64(stmt, 1), sqlite3_column_int64(stmt, 2));
    if (status == BS_OK) status = bs_strmap_upsert(files, key.data, key.len, &slot, NULL, NULL);
  }
  sqlite3_finalize(stmt);
  if (status == BS_OK && sqlite3_prepare_v2(db, "SELECT sha256 FROM contents WHERE status = 'done'",
                                            -1, &stmt, NULL) == SQLITE_OK) {
    while (status == BS_OK && sqlite3_step(stmt) == SQLITE_ROW) {
      int64_t *slot;
      status = bs_strmap_upsert(contents, sqlite3_column_text(stmt, 0),
                                (size_t)sqlite3_column_bytes(stmt, 0), &slot, NULL, NULL);
    }
    sqlite3_finalize(stmt);
  }
  bs_buf_free(&key);
  return status;
}
