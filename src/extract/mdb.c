/* Access databases (Jet 3 and 4 .mdb, ACE .accdb) with mdbtools' libmdb, from memory
 * (mdb_open_buffer). Each user table's rows: every non-empty field a unit with its row
 * number, its column number, the column name as hint and the table name as place; each
 * row a record (one person's data), numbered across the tables.
 * Dates as "YYYY-MM-DD HH:MM:SS". OLE object and binary fields (embedded files) are
 * not read: reported as not examined, per table.
 *
 * libmdb runs in a child process (isolate.h): on some damaged catalogs it loops,
 * allocating, and it has never been audited for hostile input or concurrent use. The
 * child also gives each database its own copy of libmdb's state, so no lock is needed.
 *
 * libmdb passes over much damage in silence (rows it cannot place, memo pages missing
 * or looping: it gives fewer rows, or an empty or cut text), and tells of the rest on
 * stderr only. So the file's structure is also checked here on its bytes
 * (mdb_check.h): a file cut short, a table definition whose pages loop, fewer rows than
 * the definition declares, a memo whose text is not all there; each reported, per
 * table, and the reading goes on. Diagnostics name tables by their number in the
 * catalog: a table's name may hold a person's. */
#include <mdbtools.h>
#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/limits.h"
#include "base/strmap.h"
#include "detect/hints.h"
#include "extract/isolate.h"
#include "extract/mdb_check.h"
#include "extract/office.h"
#include "extract/utf8.h"

typedef struct mdb_reader {
  const bs_unit_sink *sink; /* where units go */
  bs_strmap *hints;         /* column names, one stable copy each */
  bs_buf repaired;          /* a field's text when libmdb's was not valid UTF-8 */
  uint64_t records;         /* rows read so far in all tables: a row is a record */
  bs_jet jet;               /* the file's bytes, for the structure checks */
} mdb_reader;

static void diagnose(const bs_unit_sink *sink, const char *place, const char *message) {
  if (sink->diagnostic) sink->diagnostic(place, message, sink->ctx);
}

static int is_binary(int type) { return type == MDB_OLE || type == MDB_BINARY; }

/* A memo field of the row just fetched: its bytes on the current page, checked. */
static const char *check_memo(mdb_reader *r, MdbTableDef *table, MdbColumn *column, char *msg,
                              size_t size) {
  MdbHandle *mdb = table->entry->mdb;
  int start = column->cur_value_start, len = column->cur_value_len;
  if (len <= 0 || start < 0 || (size_t)start + (size_t)len > (size_t)mdb->fmt->pg_size)
    return NULL; /* null, or a place libmdb already refused */
  return bs_jet_check_long_value(&r->jet, (const unsigned char *)mdb->pg_buf + start, (size_t)len,
                                 msg, size);
}

static bs_status read_table(mdb_reader *r, MdbCatalogEntry *entry, unsigned index) {
  char where[32], msg[160];
  snprintf(where, sizeof where, "table %u", index);
  int readable = 1;
  if (bs_jet_check_definition(&readable, &r->jet, (uint32_t)entry->table_pg, msg, sizeof msg)) {
    diagnose(r->sink, where, msg);
    if (!readable) return BS_OK; /* libmdb would only fail to read it too */
  }
  const char *refused = bs_jet_check_usage_map(&r->jet, (uint32_t)entry->table_pg);
  if (refused) {
    diagnose(r->sink, where, refused);
    return BS_OK;
  }
  MdbTableDef *table = mdb_read_table(entry);
  if (!table) {
    diagnose(r->sink, where, "table could not be read");
    return BS_OK;
  }
  bs_status status = BS_OK;
  unsigned columns = 0;
  char **values = NULL;
  int *lengths = NULL;
  const char **hints = NULL;
  if (!mdb_read_columns(table) || !table->columns) {
    diagnose(r->sink, where, "table columns could not be read");
    goto done;
  }
  columns = table->columns->len;
  values = bs_calloc(columns ? columns : 1, sizeof *values);
  lengths = bs_calloc(columns ? columns : 1, sizeof *lengths);
  hints = bs_calloc(columns ? columns : 1, sizeof *hints);
  if (!values || !lengths || !hints) {
    status = BS_ENOMEM;
    goto done;
  }
  for (unsigned c = 0; c < columns && status == BS_OK; c++) {
    MdbColumn *column = g_ptr_array_index(table->columns, c);
    values[c] = bs_malloc(BS_LIMIT_DB_FIELD_BYTES);
    if (!values[c]) {
      status = BS_ENOMEM;
      break;
    }
    values[c][0] = '\0';
    mdb_bind_column(table, (int)c + 1, values[c], &lengths[c]);
    int64_t *slot;
    size_t name_len = strnlen(column->name, sizeof column->name);
    if (bs_utf8_valid(column->name, name_len))
      status = bs_strmap_upsert(r->hints, column->name, name_len, &slot, &hints[c], NULL);
  }
  if (status != BS_OK) goto done;
  char place[sizeof table->name];
  size_t name_len = strnlen(table->name, sizeof table->name);
  memcpy(place, table->name, name_len);
  place[name_len] = '\0';
  if (!name_len || !bs_utf8_valid(place, name_len)) snprintf(place, sizeof place, "%s", where);
  mdb_rewind_table(table);
  uint64_t row = 0, damaged_memos = 0;
  int cut = 0, binary = 0;
  while (status == BS_OK && mdb_fetch_row(table)) {
    if (++row > BS_LIMIT_TABLE_ROWS) {
      diagnose(r->sink, where, "more rows than the limit: the rest not read");
      status = BS_ELIMIT;
      break;
    }
    r->records++;
    for (unsigned c = 0; c < columns && status == BS_OK; c++) {
      MdbColumn *column = g_ptr_array_index(table->columns, c);
      if (column->col_type == MDB_MEMO && check_memo(r, table, column, msg, sizeof msg) &&
          !damaged_memos++) {
        char at[96];
        snprintf(at, sizeof at, "%s row %llu column %u", where, (unsigned long long)row, c + 1);
        diagnose(r->sink, at, msg);
      }
      int len = lengths[c];
      if (len <= 0) continue;
      if (is_binary(column->col_type)) {
        binary = 1;
        continue;
      }
      if ((size_t)len >= BS_LIMIT_DB_FIELD_BYTES) {
        len = (int)BS_LIMIT_DB_FIELD_BYTES - 1;
        cut = 1;
      }
      bs_unit unit = {.text = values[c],
                      .len = strnlen(values[c], (size_t)len),
                      .row = row,
                      .record = r->records,
                      .column = c + 1,
                      .hint = hints[c],
                      .hint_type = bs_hint_type(hints[c]),
                      .place = place};
      if (!bs_utf8_valid(unit.text, unit.len)) { /* libmdb's conversion let bad bytes by */
        bs_buf_reset(&r->repaired);
        status = bs_utf8_repair(&r->repaired, unit.text, unit.len);
        if (status != BS_OK) break;
        unit.text = r->repaired.data;
        unit.len = r->repaired.len;
      }
      if (unit.len) status = r->sink->unit(&unit, r->sink->ctx);
    }
  }
  if (status == BS_OK && row < table->num_rows) {
    /* libmdb skips rows it cannot place. num_rows may also be 0 in a database not
     * closed properly (mdbtools issue 120): more rows than declared is no damage. */
    snprintf(msg, sizeof msg, "%llu rows read of the %u its definition declares: the rest damaged",
             (unsigned long long)row, table->num_rows);
    diagnose(r->sink, where, msg);
  }
  if (damaged_memos > 1) {
    snprintf(msg, sizeof msg, "%llu memos damaged in all: their text cut or missing",
             (unsigned long long)damaged_memos);
    diagnose(r->sink, where, msg);
  }
  if (cut) diagnose(r->sink, where, "fields longer than the limit: cut");
  if (binary && r->sink->unexamined)
    r->sink->unexamined(where, "embedded OLE objects or binary fields not read", r->sink->ctx);
done:
  for (unsigned c = 0; values && c < columns; c++) bs_free(values[c]);
  bs_free(values);
  bs_free(lengths);
  bs_free(hints);
  mdb_free_tabledef(table);
  return status;
}

/* The catalog's rows counted again, all kinds of object: fewer than its definition
 * declares means some were lost (libmdb skips the rows it cannot place). */
static void check_catalog(mdb_reader *r, MdbHandle *mdb) {
  MdbCatalogEntry entry;
  memset(&entry, 0, sizeof entry);
  entry.mdb = mdb;
  entry.object_type = MDB_TABLE;
  entry.table_pg = 2; /* the catalog's definition: always page 2 */
  snprintf(entry.object_name, sizeof entry.object_name, "MSysObjects");
  MdbTableDef *table = mdb_read_table(&entry);
  if (table && mdb_read_columns(table)) {
    uint64_t rows = 0;
    mdb_rewind_table(table);
    while (rows < BS_LIMIT_TABLE_ROWS && mdb_fetch_row(table)) rows++;
    if (rows < table->num_rows) {
      char msg[128];
      snprintf(msg, sizeof msg,
               "%llu objects listed of the %u its definition declares: the rest lost",
               (unsigned long long)rows, table->num_rows);
      diagnose(r->sink, "catalog", msg);
    }
  }
  mdb_free_tabledef(table);
}

/* The header: NULL when the file starts with a whole Jet or ACE header page; else the
 * problem, reported. */
static const char *check_header(bs_jet *jet, const bs_source *src, const bs_unit_sink *sink) {
  const char *problem = bs_jet_open(jet, src->data, src->len);
  if (problem) diagnose(sink, "byte 0", problem);
  return problem;
}

bs_status bs_read_mdb_here(const bs_source *src, const bs_unit_sink *sink) {
  mdb_reader r = {.sink = sink};
  if (check_header(&r.jet, src, sink)) return BS_EFORMAT;
  if (src->len % r.jet.page) {
    char at[32], msg[96];
    snprintf(at, sizeof at, "byte %zu", src->len);
    snprintf(msg, sizeof msg, "the file ends inside page %llu: cut short",
             (unsigned long long)r.jet.pages);
    diagnose(sink, at, msg);
  }
  /* libmdb only reads the buffer (fmemopen "r"); its prototype lacks the const. */
  MdbHandle *mdb = mdb_open_buffer((void *)src->data, src->len, MDB_NOFLAGS);
  bs_status status = BS_OK;
  bs_buf_init(&r.repaired, BS_LIMIT_MEMBER_BYTES);
  const char *refused = bs_jet_check_usage_map(&r.jet, 2);
  if (!mdb) {
    diagnose(sink, "byte 0", "damaged Access database: its header could not be read");
    status = BS_EFORMAT;
  } else if (refused) {
    diagnose(sink, "catalog", refused);
    if (sink->unexamined)
      sink->unexamined(NULL, "damaged Access database: its catalog could not be read", sink->ctx);
  } else if (!mdb_read_catalog(mdb, MDB_TABLE)) {
    if (sink->unexamined)
      sink->unexamined(NULL, "damaged or encrypted Access database: its catalog could not be read",
                       sink->ctx);
  } else {
    check_catalog(&r, mdb);
    mdb_set_date_fmt(mdb, "%Y-%m-%d %H:%M:%S");
    mdb_set_bind_size(mdb, BS_LIMIT_DB_FIELD_BYTES);
    status = bs_strmap_create(&r.hints);
    unsigned tables = 0;
    for (unsigned i = 0; i < mdb->num_catalog && status == BS_OK; i++) {
      MdbCatalogEntry *entry = g_ptr_array_index(mdb->catalog, i);
      if (!entry || entry->object_type != MDB_TABLE || mdb_is_system_table(entry)) continue;
      if (++tables > BS_LIMIT_DB_TABLES) {
        diagnose(sink, "catalog", "more tables than the limit: the rest not read");
        status = BS_ELIMIT;
        break;
      }
      status = read_table(&r, entry, tables);
    }
  }
  bs_strmap_free(r.hints);
  bs_buf_free(&r.repaired);
  if (mdb) mdb_close(mdb);
  return status;
}

bs_status bs_read_mdb(const bs_source *src, const bs_unit_sink *sink) {
  /* No child for a file that is no database at all. */
  bs_jet jet;
  if (check_header(&jet, src, sink)) return BS_EFORMAT;
  return bs_isolate_run(bs_read_mdb_here, src, sink, "the Access reader");
}
