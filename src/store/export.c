/* Findings, files and diagnostics exports as JSON Lines (yajl's generator) or CSV
 * (libcsv's writer). */
#include "store/export.h"

#include <csv.h>
#include <string.h>
#include <yajl_gen.h>

#include "detect/detector.h"
#include "detect/element.h"

typedef enum column_kind { COL_TEXT, COL_INT, COL_REAL } column_kind;

typedef struct column {
  const char *name; /* in the header and as JSON key */
  column_kind kind; /* how a non-NULL value is written */
} column;

/* Writes rows of a query; `transform` may replace a column's text (masking). */
typedef struct row_writer {
  FILE *out;
  bs_export_format format;
  yajl_gen gen;
  const column *columns;
  int count;
} row_writer;

static void print_cb(void *ctx, const char *text, size_t len) { fwrite(text, 1, len, ctx); }

static bs_status writer_init(row_writer *w, FILE *out, bs_export_format format,
                             const column *columns, int count) {
  w->out = out;
  w->format = format;
  w->columns = columns;
  w->count = count;
  w->gen = NULL;
  if (format == BS_EXPORT_CSV) {
    for (int i = 0; i < count; i++) {
      if (i) fputc(',', out);
      csv_fwrite(out, columns[i].name, strlen(columns[i].name));
    }
    fputc('\n', out);
    return BS_OK;
  }
  w->gen = yajl_gen_alloc(NULL);
  if (!w->gen) return BS_ENOMEM;
  yajl_gen_config(w->gen, yajl_gen_print_callback, print_cb, out);
  return BS_OK;
}

static void writer_free(row_writer *w) {
  if (w->gen) yajl_gen_free(w->gen);
}

/* values[i] NULL means SQL NULL. */
static void write_row(row_writer *w, const char *const *values) {
  if (w->format == BS_EXPORT_CSV) {
    for (int i = 0; i < w->count; i++) {
      if (i) fputc(',', w->out);
      if (values[i]) csv_fwrite(w->out, values[i], strlen(values[i]));
    }
    fputc('\n', w->out);
    return;
  }
  yajl_gen g = w->gen;
  yajl_gen_map_open(g);
  for (int i = 0; i < w->count; i++) {
    const char *name = w->columns[i].name;
    yajl_gen_string(g, (const unsigned char *)name, strlen(name));
    if (!values[i])
      yajl_gen_null(g);
    else if (w->columns[i].kind == COL_TEXT)
      yajl_gen_string(g, (const unsigned char *)values[i], strlen(values[i]));
    else
      yajl_gen_number(g, values[i], strlen(values[i]));
  }
  yajl_gen_map_close(g);
  yajl_gen_clear(g);
  yajl_gen_reset(g, NULL);
  fputc('\n', w->out);
}

/* Runs sql and writes each row; column i of the result feeds output column i, except
 * that a findings export masks its value column (index 1, type in result column 0). */
static bs_status run(FILE *out, bs_store *store, bs_export_format format, const char *sql,
                     const column *columns, int count, int mask_value, double min_confidence) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(bs_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK) return BS_ESTORE;
  if (sqlite3_bind_parameter_count(stmt) > 0) sqlite3_bind_double(stmt, 1, min_confidence);
  row_writer w;
  bs_status status = writer_init(&w, out, format, columns, count);
  const char *values[16];
  char masked[512];
  int rc = SQLITE_DONE;
  while (status == BS_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    for (int i = 0; i < count && i < 16; i++)
      values[i] = sqlite3_column_type(stmt, i) == SQLITE_NULL
                      ? NULL
                      : (const char *)sqlite3_column_text(stmt, i);
    if (mask_value >= 0 && values[1]) {
      bs_mask_value(masked, sizeof masked, bs_element_from_name(values[0]), values[1]);
      values[1] = masked;
    }
    write_row(&w, values);
  }
  writer_free(&w);
  sqlite3_finalize(stmt);
  if (ferror(out)) return BS_EIO;
  return status == BS_OK && rc == SQLITE_DONE ? BS_OK : status == BS_OK ? BS_ESTORE : status;
}

bs_status bs_export_findings(FILE *out, bs_store *store, bs_export_format format, int reveal,
                             double min_confidence) {
  static const column columns[] = {
      {"type", COL_TEXT},     {"value", COL_TEXT},  {"path", COL_TEXT},  {"line", COL_INT},
      {"column", COL_INT},    {"row", COL_INT},     {"field", COL_TEXT}, {"confidence", COL_REAL},
      {"detector", COL_TEXT}, {"file_id", COL_INT}, {"record", COL_INT},
  };
  static const char sql[] =
      "SELECT t.name, v.value, fi.path || COALESCE('!' || f.part, ''), f.line,"
      " f.col, f.row, h.text, f.confidence, d.name, fi.id, f.record"
      " FROM findings f JOIN files fi ON fi.content_id = f.content_id"
      " JOIN vals v ON v.id = f.value_id JOIN element_types t ON t.id = v.type"
      " JOIN detectors d ON d.id = f.detector LEFT JOIN hints h ON h.id = f.hint_id"
      " WHERE fi.status IN ('scanned', 'duplicate') AND f.confidence >= ?1"
      " ORDER BY fi.path, f.rowid";
  return run(out, store, format, sql, columns, (int)(sizeof columns / sizeof columns[0]),
             reveal ? -1 : 1, min_confidence);
}

bs_status bs_export_files(FILE *out, bs_store *store, bs_export_format format) {
  static const column columns[] = {
      {"file_id", COL_INT},  {"path", COL_TEXT},       {"status", COL_TEXT},  {"size", COL_INT},
      {"mtime", COL_INT},    {"ctime", COL_INT},       {"atime", COL_INT},    {"sha256", COL_TEXT},
      {"format", COL_TEXT},  {"encoding", COL_TEXT},   {"findings", COL_INT}, {"note", COL_TEXT},
      {"problems", COL_INT}, {"scanned_at", COL_TEXT},
  };
  static const char sql[] =
      "SELECT fi.id, fi.path, fi.status, fi.size, fi.mtime, fi.ctime, fi.atime, c.sha256,"
      " c.format, c.encoding, c.findings, fi.note,"
      " (SELECT COUNT(*) FROM diagnostics d WHERE d.file_id = fi.id), fi.scanned_at"
      " FROM files fi LEFT JOIN contents c ON c.id = fi.content_id ORDER BY fi.path";
  return run(out, store, format, sql, columns, (int)(sizeof columns / sizeof columns[0]), -1, 0);
}

bs_status bs_export_diagnostics(FILE *out, bs_store *store, bs_export_format format) {
  static const column columns[] = {
      {"file_id", COL_INT}, {"path", COL_TEXT},    {"severity", COL_TEXT},
      {"place", COL_TEXT},  {"message", COL_TEXT},
  };
  static const char sql[] =
      "SELECT fi.id, fi.path, d.severity, d.place, d.message FROM diagnostics d"
      " JOIN files fi ON fi.id = d.file_id"
      " UNION ALL SELECT fi.id, fi.path, CASE fi.status WHEN 'failed' THEN 'error' ELSE 'note' END,"
      " NULL, fi.note FROM files fi WHERE fi.status IN ('failed', 'not_examined')"
      " ORDER BY 2, 1";
  return run(out, store, format, sql, columns, (int)(sizeof columns / sizeof columns[0]), -1, 0);
}
