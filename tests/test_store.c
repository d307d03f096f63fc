/* Case store tests: creation and settings, the writer (contents, interned values,
 * transactions, re-opening), done-lists for re-runs, exports and value masking. Each test
 * works in its own folder under /tmp and removes it. */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yajl_tree.h>

#include "base/strmap.h"
#include "detect/detector.h"
#include "detect/element.h"
#include "scan/filemap.h"
#include "store/export.h"
#include "store/interner.h"
#include "store/spill.h"
#include "store/store.h"
#include "store/writer.h"
#include "test.h"

/* The SQL below names stored numbers, which never change (element.h, detector.h). */
_Static_assert(BS_EL_ZIP == 6 && BS_EL_SSN == 10 && BS_EL_EMAIL == 24, "element numbers");
_Static_assert(BS_DET_FIELD == 0 && BS_DET_SSN == 1, "detector numbers");

/* ---- Helpers ----------------------------------------------------------------------- */

typedef struct temp_case {
  char root[64]; /* the mkdtemp folder */
  char dir[128]; /* root/case: the case folder, created by bs_store_create */
} temp_case;

static int temp_case_make(temp_case *t) {
  snprintf(t->root, sizeof t->root, "/tmp/bs-test-store-XXXXXX");
  if (!mkdtemp(t->root)) return 0;
  snprintf(t->dir, sizeof t->dir, "%s/case", t->root);
  return 1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static void temp_case_remove(const temp_case *t) {
  if (t->root[0]) nftw(t->root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const bs_case_settings test_settings = {
    .organization = "Example Community Clinic",
    .discovered = "2026-11-01",
    .window_from = "2026-09-01",
    .window_to = NULL,
};

/* Creates a case and opens it; NULL on failure (already counted). */
static bs_store *open_new_case(temp_case *t) {
  bs_store *store = NULL;
  if (!temp_case_make(t)) {
    CHECKF(0, "mkdtemp failed");
    return NULL;
  }
  CHECK(bs_store_create(t->dir, &test_settings) == BS_OK);
  CHECK(bs_store_open(&store, t->dir) == BS_OK && store != NULL);
  return store;
}

/* First column of the first row of sql as an integer; -1 on error or no row. */
static long long query_int(bs_store *store, const char *sql) {
  sqlite3_stmt *stmt;
  long long value = -1;
  if (sqlite3_prepare_v2(bs_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

/* First column of the first row of sql as text into out; "(null)" for SQL NULL, "" when
 * there is no row. */
static const char *query_text(bs_store *store, const char *sql, char *out, size_t cap) {
  sqlite3_stmt *stmt;
  out[0] = '\0';
  if (sqlite3_prepare_v2(bs_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK) {
    snprintf(out, cap, "(sql error)");
    return out;
  }
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char *text = sqlite3_column_text(stmt, 0);
    snprintf(out, cap, "%s", text ? (const char *)text : "(null)");
  }
  sqlite3_finalize(stmt);
  return out;
}

/* Like query_int, with text bound to the statement's one parameter. */
static long long query_int_with(bs_store *store, const char *sql, const char *text) {
  sqlite3_stmt *stmt;
  long long value = -1;
  if (sqlite3_prepare_v2(bs_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK) return -1;
  sqlite3_bind_text(stmt, 1, text, -1, SQLITE_STATIC);
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

/* A digest made of one repeated hex digit. */
static void fake_sha(char out[65], char digit) {
  memset(out, digit, 64);
  out[64] = '\0';
}

typedef struct finding_spec {
  bs_element type;
  bs_detector detector;
  const char *value;
  const char *hint; /* NULL: none */
  uint64_t line, column, row;
  float confidence;
} finding_spec;

/* Fills record (initialised) for path; findings end at value == NULL. */
static void fill_record(bs_file_record *r, const char *path, bs_file_status status, char sha_digit,
                        int64_t size, int64_t mtime, const finding_spec *findings) {
  r->path = path;
  r->status = status;
  r->size = size;
  r->mtime = mtime;
  r->ctime = mtime + 1;
  r->atime = mtime + 2;
  r->mode = 0100644;
  if (sha_digit) fake_sha(r->sha256, sha_digit);
  r->format = status == BS_FILE_SCANNED ? "text" : NULL;
  r->encoding = status == BS_FILE_SCANNED ? "utf-8" : NULL;
  for (const finding_spec *f = findings; f && f->value; f++) {
    bs_finding finding = {.line = f->line,
                          .column = f->column,
                          .row = f->row,
                          .record = f->row, /* each table row one record */
                          .confidence = f->confidence,
                          .type = (uint8_t)f->type,
                          .detector = (uint8_t)f->detector};
    CHECK(bs_finding_list_add(&r->findings, &finding, f->value, strlen(f->value), f->hint, NULL) ==
          BS_OK);
  }
}

/* Puts one record built from the arguments; returns its file id (0 on failure). */
static int64_t put_one(bs_writer *w, const char *path, bs_file_status status, char sha_digit,
                       int64_t size, int64_t mtime, const char *note, const finding_spec *findings,
                       const char *diagnostics) {
  bs_file_record r;
  bs_file_record_init(&r);
  fill_record(&r, path, status, sha_digit, size, mtime, findings);
  r.note = note;
  /* diagnostics: "severity|place|message\n" entries (place may be empty) */
  for (const char *p = diagnostics; p && *p;) {
    const char *bar1 = strchr(p, '|'), *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
    const char *nl = bar2 ? strchr(bar2 + 1, '\n') : NULL;
    if (!nl) break;
    char severity[32], place[64], message[128];
    snprintf(severity, sizeof severity, "%.*s", (int)(bar1 - p), p);
    snprintf(place, sizeof place, "%.*s", (int)(bar2 - bar1 - 1), bar1 + 1);
    snprintf(message, sizeof message, "%.*s", (int)(nl - bar2 - 1), bar2 + 1);
    bs_file_record_diagnose(&r, severity, place, message);
    p = nl + 1;
  }
  int64_t id = 0;
  bs_status put = bs_writer_put(w, &r, &id);
  if (put == BS_OK) put = bs_writer_end_file(w);
  CHECKF(put == BS_OK, "put %s: %s", path, bs_status_str(put));
  bs_file_record_free(&r);
  return put == BS_OK ? id : 0;
}

/* ---- Store creation and settings --------------------------------------------------- */

static void test_create_open(void) {
  temp_case t = {0};
  if (!temp_case_make(&t)) {
    CHECKF(0, "mkdtemp failed");
    return;
  }
  CHECK(bs_store_create(t.dir, &test_settings) == BS_OK);
  struct stat st;
  char path[256];
  snprintf(path, sizeof path, "%s/%s", t.dir, BS_STORE_FILE);
  CHECKF(stat(t.dir, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0700,
         "case folder mode %o", (unsigned)(st.st_mode & 07777));
  CHECKF(stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0600,
         "store file mode %o", (unsigned)(st.st_mode & 07777));
  CHECK(bs_store_create(t.dir, &test_settings) == BS_EEXIST);

  /* Not a case: an empty folder, a missing one, a file that is no database. */
  bs_store *store = (bs_store *)&t;
  CHECK(bs_store_open(&store, t.root) == BS_ECASE && store == NULL);
  char missing[256];
  snprintf(missing, sizeof missing, "%s/missing", t.root);
  CHECK(bs_store_open(&store, missing) == BS_ECASE && store == NULL);
  char junk_dir[256], junk[300];
  snprintf(junk_dir, sizeof junk_dir, "%s/junk", t.root);
  snprintf(junk, sizeof junk, "%s/%s", junk_dir, BS_STORE_FILE);
  CHECK(mkdir(junk_dir, 0700) == 0);
  FILE *f = fopen(junk, "w");
  CHECK(f != NULL);
  if (f) {
    for (int i = 0; i < 64; i++) fputs("this is not an SQLite database at all....\n", f);
    fclose(f);
  }
  CHECK(bs_store_open(&store, junk_dir) == BS_ECASE && store == NULL);

  CHECK(bs_store_open(&store, t.dir) == BS_OK && store != NULL);
  if (store) {
    static const struct {
      const char *key, *value;
    } settings[] = {
        {"organization", "Example Community Clinic"},
        {"discovered", "2026-11-01"},
        {"window_from", "2026-09-01"},
        {"window_to", ""},
        {"schema_version", BS_STORE_SCHEMA_VERSION},
        {"no_such_setting", ""},
    };
    for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++) {
      char value[128] = "junk";
      bs_status status = bs_store_setting(store, settings[i].key, value, sizeof value);
      CHECKF(status == BS_OK && strcmp(value, settings[i].value) == 0,
             "setting %s: %s \"%s\", want \"%s\"", settings[i].key, bs_status_str(status), value,
             settings[i].value);
    }
    char small[4];
    CHECK(bs_store_setting(store, "organization", small, sizeof small) == BS_OK &&
          strcmp(small, "Exa") == 0);
    CHECK(bs_store_setting(store, "organization", small, 0) == BS_EINVAL);
    /* The name tables follow element.h and detector.h. */
    CHECK(query_int(store, "SELECT COUNT(*) FROM element_types") == BS_EL_COUNT);
    CHECK(query_int(store, "SELECT COUNT(*) FROM detectors") == BS_DET_COUNT);
    char name[64];
    CHECK(
        strcmp(query_text(store, "SELECT name FROM element_types WHERE id = 10", name, sizeof name),
               bs_element_name((bs_element)10)) == 0);
    bs_store_close(store);
  }
  bs_store_close(NULL);
  temp_case_remove(&t);
  CHECK(access(t.root, F_OK) != 0);
}

/* ---- Writer ------------------------------------------------------------------------ */

/* The files of the first scan; sha digits name contents. */
static const finding_spec findings_a[] = {
    {BS_EL_NAME, BS_DET_FIELD, "John Smith", "Name", 0, 1, 2, 0.90f},
    {BS_EL_SSN, BS_DET_FIELD, "123456789", "SSN", 0, 2, 2, 0.95f},
    {0},
};
static const finding_spec findings_b[] = {
    {BS_EL_SSN, BS_DET_SSN, "123456789", NULL, 4, 10, 0, 0.80f},
    {BS_EL_DOB, BS_DET_DATE_NUMERIC, "1962-03-14", "DOB", 5, 1, 0, 0.50f},
    {BS_EL_ACCOUNT, BS_DET_ACCOUNT, "123456789", NULL, 6, 1, 0, 0.70f},
    {0},
};
static const finding_spec findings_d[] = {
    {BS_EL_PHONE, BS_DET_PHONE, "3125550142", NULL, 1, 5, 0, 0.85f},
    {0},
};
static const finding_spec findings_e[] = {
    {BS_EL_SSN, BS_DET_FIELD, "123456789", "SSN", 0, 1, 2, 0.90f},
    {BS_EL_EMAIL, BS_DET_EMAIL, "jane@example.com", "Email", 0, 2, 2, 0.99f},
    {0},
};
static const finding_spec findings_q[] = {
    {BS_EL_ZIP, BS_DET_ZIP_KEYWORD, "62704", NULL, 2, 7, 0, 0.60f},
    {0},
};

#define PATH_Q "/data/f \"q\", x.txt"

typedef struct file_ids {
  int64_t a, b, c, d_first, d, fail, blob, orphan, committed, e, q;
} file_ids;

/* First scan: every kind of record, then checks of the tables. */
static void first_scan(bs_store *store, file_ids *ids) {
  bs_writer *w = NULL;
  CHECK(bs_writer_open(&w, store, BS_WRITER_VALUES_MEMORY) == BS_OK && w != NULL);
  if (!w) return;
  char text[128];
  ids->a = put_one(w, "/data/a.csv", BS_FILE_SCANNED, 'a', 100, 1000, NULL, findings_a,
                   "warning|row 3|malformed quoting; row read leniently\n");
  ids->b = put_one(w, "/data/b.txt", BS_FILE_SCANNED, 'b', 200, 2000, NULL, findings_b, NULL);
  ids->c = put_one(w, "/data/c-copy.csv", BS_FILE_DUPLICATE, 'a', 100, 3000, NULL, NULL, NULL);
  ids->d_first =
      put_one(w, "/data/d-first.txt", BS_FILE_DUPLICATE, 'd', 300, 4000, NULL, NULL, NULL);
  /* Seen first as a duplicate, the content waits for its original. */
  CHECK(strcmp(query_text(store, "SELECT status FROM contents WHERE sha256 LIKE 'ddd%'", text,
                          sizeof text),
               "pending") == 0);
  ids->d = put_one(w, "/data/d.txt", BS_FILE_SCANNED, 'd', 300, 5000, NULL, findings_d,
                   "warning|byte 12|invalid UTF-8\nnote|line 3|long line\n");
  ids->fail =
      put_one(w, "/data/fail.bin", BS_FILE_FAILED, 0, 50, 6000, "permission denied", NULL, NULL);
  ids->blob = put_one(w, "/data/blob.bin", BS_FILE_NOT_EXAMINED, 'e', 60, 7000, "binary content",
                      NULL, NULL);
  ids->orphan = put_one(w, "/data/orphan.txt", BS_FILE_DUPLICATE, '9', 70, 8000, NULL, NULL, NULL);
  CHECK(bs_writer_finish(w) == BS_OK);
  bs_writer_free(w);

  static const struct {
    const char *path, *status;
  } statuses[] = {
      {"/data/a.csv", "scanned"},         {"/data/b.txt", "scanned"},
      {"/data/c-copy.csv", "duplicate"},  {"/data/d-first.txt", "duplicate"},
      {"/data/d.txt", "scanned"},         {"/data/fail.bin", "failed"},
      {"/data/blob.bin", "not_examined"}, {"/data/orphan.txt", "duplicate"},
  };
  CHECK(query_int(store, "SELECT COUNT(*) FROM files") == 8);
  for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT status FROM files WHERE path = '%s'", statuses[i].path);
    CHECKF(strcmp(query_text(store, sql, text, sizeof text), statuses[i].status) == 0,
           "files %s: status \"%s\", want \"%s\"", statuses[i].path, text, statuses[i].status);
  }
  CHECK(ids->a > 0 && ids->b > 0 && ids->a != ids->b && ids->c != ids->a);
  CHECK(query_int_with(store, "SELECT id FROM files WHERE path = ?", "/data/b.txt") == ids->b);

  /* Contents: one row per digest; duplicates share their original's. */
  CHECK(query_int(store, "SELECT COUNT(*) FROM contents") == 5);
  CHECK(query_int(store, "SELECT COUNT(*) FROM contents WHERE status = 'done'") == 4);
  CHECK(strcmp(query_text(store, "SELECT status FROM contents WHERE sha256 LIKE '999%'", text,
                          sizeof text),
               "pending") == 0);
  CHECK(strcmp(query_text(store, "SELECT status FROM contents WHERE sha256 LIKE 'ddd%'", text,
                          sizeof text),
               "done") == 0);
  CHECK(query_int(store, "SELECT COUNT(DISTINCT content_id) FROM files WHERE path IN "
                         "('/data/a.csv', '/data/c-copy.csv')") == 1);
  CHECK(query_int(store, "SELECT COUNT(DISTINCT content_id) FROM files WHERE path IN "
                         "('/data/d-first.txt', '/data/d.txt')") == 1);
  CHECK(query_int(store, "SELECT COUNT(*) FROM files WHERE path IN ('/data/a.csv', "
                         "'/data/d.txt') AND content_id IS NOT NULL") == 2);
  CHECK(query_int(store, "SELECT COUNT(*) FROM files WHERE content_id IS NULL") == 1);
  CHECK(query_int(store, "SELECT findings FROM contents WHERE sha256 LIKE 'aaa%'") == 2);
  CHECK(query_int(store, "SELECT findings FROM contents WHERE sha256 LIKE 'ddd%'") == 1);
  CHECK(strcmp(query_text(store,
                          "SELECT sha256 FROM contents c JOIN files f ON f.content_id ="
                          " c.id WHERE f.path = '/data/blob.bin'",
                          text, sizeof text),
               "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee") == 0);
  CHECK(strcmp(query_text(store, "SELECT note FROM files WHERE path = '/data/fail.bin'", text,
                          sizeof text),
               "permission denied") == 0);
  CHECK(query_int(store, "SELECT mtime FROM files WHERE path = '/data/b.txt'") == 2000);

  /* Values interned per type: SSN 123456789 once, the same digits as an account apart. */
  CHECK(query_int(store, "SELECT COUNT(*) FROM vals") == 5);
  CHECK(query_int(store, "SELECT COUNT(*) FROM vals WHERE value = '123456789'") == 2);
  CHECK(query_int(store, "SELECT COUNT(DISTINCT value_id) FROM findings f JOIN vals v ON"
                         " v.id = f.value_id WHERE v.type = 10") == 1);
  CHECK(query_int(store, "SELECT COUNT(*) FROM hints") == 3);
  CHECK(query_int(store, "SELECT COUNT(*) FROM findings") == 6);
  /* A table cell: no line, its column and row, its hint, its confidence. */
  CHECK(strcmp(query_text(store,
                          "SELECT COALESCE(f.line, 'null') || '/' || f.col || '/' || f.row || '/'"
                          " || h.text || '/' || f.confidence || '/' || f.detector FROM findings f"
                          " JOIN vals v ON v.id = f.value_id JOIN hints h ON h.id = f.hint_id"
                          " WHERE v.type = 10 AND h.text = 'SSN'",
                          text, sizeof text),
               "null/2/2/SSN/0.95/0") == 0);
  CHECK(strcmp(query_text(store,
                          "SELECT f.line || '/' || f.col || '/' || COALESCE(f.row, 'null') || '/'"
                          " || COALESCE(f.hint_id, 'null') FROM findings f JOIN vals v"
                          " ON v.id = f.value_id WHERE v.type = 10 AND f.detector = 1",
                          text, sizeof text),
               "4/10/null/null") == 0);

  /* Diagnostics: per file, split into severity, place, message. */
  CHECK(query_int(store, "SELECT COUNT(*) FROM diagnostics") == 3);
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT severity || '|' || place || '|' || message FROM diagnostics WHERE file_id = "
           "%lld",
           (long long)ids->a);
  CHECK(strcmp(query_text(store, sql, text, sizeof text),
               "warning|row 3|malformed quoting; row read leniently") == 0);
  snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM diagnostics WHERE file_id = %lld",
           (long long)ids->d);
  CHECK(query_int(store, sql) == 2);

  CHECK(query_int(store, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name ="
                         " 'findings_by_content'") == 1);
}

/* What is not committed is not stored; what is, stays. */
static void rollback(bs_store *store, file_ids *ids) {
  bs_writer *w = NULL;
  CHECK(bs_writer_open(&w, store, BS_WRITER_VALUES_MEMORY) == BS_OK);
  if (!w) return;
  static const finding_spec email[] = {
      {BS_EL_EMAIL, BS_DET_EMAIL, "rolled@example.com", "Contact", 1, 1, 0, 0.9f}, {0}};
  ids->committed = put_one(w, "/data/committed.txt", BS_FILE_FAILED, 0, 1, 1, "open error", NULL,
                           "error||open failed\n");
  CHECK(bs_writer_commit(w) == BS_OK);
  put_one(w, "/data/rolled-back.txt", BS_FILE_SCANNED, 'f', 10, 10, NULL, email,
          "warning|line 1|x\n");
  bs_writer_free(w);
  CHECK(query_int_with(store, "SELECT COUNT(*) FROM files WHERE path = ?", "/data/committed.txt") ==
        1);
  CHECK(query_int_with(store, "SELECT COUNT(*) FROM files WHERE path = ?",
                       "/data/rolled-back.txt") == 0);
  CHECK(query_int(store, "SELECT COUNT(*) FROM contents WHERE sha256 LIKE 'fff%'") == 0);
  CHECK(query_int(store, "SELECT COUNT(*) FROM vals") == 5);
  CHECK(query_int(store, "SELECT COUNT(*) FROM hints") == 3);
  CHECK(query_int(store, "SELECT COUNT(*) FROM findings") == 6);
  CHECK(query_int(store, "SELECT COUNT(*) FROM diagnostics") == 4);
}

/* A second writer on the same store: values and hints reloaded, file ids kept. */
static void second_scan(bs_store *store, file_ids *ids) {
  bs_writer *w = NULL;
  CHECK(bs_writer_open(&w, store, BS_WRITER_VALUES_MEMORY) == BS_OK);
  if (!w) return;
  long long ssn_id = query_int(store, "SELECT id FROM vals WHERE type = 10");
  long long max_before = query_int(store, "SELECT MAX(id) FROM vals");
  /* Bulk load: the findings index is off until finish. */
  CHECK(query_int(store, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'findings_by_content'") ==
        0);
  ids->e = put_one(w, "/data/e.csv", BS_FILE_SCANNED, 'f', 400, 9000, NULL, findings_e, NULL);
  ids->q = put_one(w, PATH_Q, BS_FILE_SCANNED, '7', 500, 9500, NULL, findings_q, NULL);
  /* A file stored again keeps its id and only its latest diagnostics. */
  int64_t committed_again = put_one(w, "/data/committed.txt", BS_FILE_FAILED, 0, 1, 1, "read error",
                                    NULL, "error||read failed\n");
  int64_t fail_again = put_one(w, "/data/fail.bin", BS_FILE_FAILED, 0, 50, 6001, "still denied",
                               NULL, "error||read failed\n");
  CHECK(bs_writer_finish(w) == BS_OK);
  bs_writer_free(w);

  CHECK(committed_again == ids->committed && committed_again > 0);
  char sql_committed[160];
  snprintf(sql_committed, sizeof sql_committed,
           "SELECT group_concat(message, '|') FROM diagnostics WHERE file_id = %lld",
           (long long)ids->committed);
  CHECK(strcmp(query_text(store, sql_committed, (char[64]){0}, 64), "read failed") == 0);
  CHECK(query_int(store, "SELECT COUNT(*) FROM diagnostics") == 5);
  CHECK(fail_again == ids->fail);
  CHECK(strcmp(query_text(store, "SELECT note FROM files WHERE path = '/data/fail.bin'",
                          (char[64]){0}, 64),
               "still denied") == 0);
  char sql[128];
  snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM diagnostics WHERE file_id = %lld",
           (long long)ids->fail);
  CHECK(query_int(store, sql) == 1);
  CHECK(query_int(store, "SELECT COUNT(*) FROM vals") == 7); /* + email, + zip */
  CHECK(query_int(store, "SELECT COUNT(*) FROM vals WHERE type = 10") == 1);
  CHECK(query_int(store, "SELECT COUNT(DISTINCT value_id) FROM findings f JOIN vals v ON"
                         " v.id = f.value_id WHERE v.type = 10") == 1);
  CHECK(query_int(store, "SELECT id FROM vals WHERE type = 10") == ssn_id);
  CHECK(query_int(store, "SELECT MIN(id) FROM vals WHERE type IN (24, 6)") > max_before);
  CHECK(query_int(store, "SELECT COUNT(*) FROM hints") == 4); /* + Email */
  CHECK(query_int(store, "SELECT COUNT(*) FROM hints WHERE text = 'SSN'") == 1);
  CHECK(query_int(store, "SELECT COUNT(*) FROM findings") == 9);
  CHECK(query_int(store, "SELECT COUNT(*) FROM findings f JOIN vals v ON v.id = f.value_id"
                         " WHERE v.value = 'jane@example.com' AND f.hint_id = (SELECT id FROM"
                         " hints WHERE text = 'Email')") == 1);
  CHECK(query_int(store, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name ="
                         " 'findings_by_content'") == 1);
}

static void done_lists(bs_store *store) {
  bs_strmap *files = NULL, *contents = NULL;
  CHECK(bs_strmap_create(&files) == BS_OK && bs_strmap_create(&contents) == BS_OK);
  if (!files || !contents) {
    bs_strmap_free(files);
    bs_strmap_free(contents);
    return;
  }
  CHECK(bs_store_load_done(store, files, contents) == BS_OK);
  static const struct {
    const char *path;
    int64_t size, mtime;
    int done;
  } keys[] = {
      {"/data/a.csv", 100, 1000, 1},      {"/data/b.txt", 200, 2000, 1},
      {"/data/c-copy.csv", 100, 3000, 1}, {"/data/d-first.txt", 300, 4000, 1},
      {"/data/d.txt", 300, 5000, 1},      {"/data/blob.bin", 60, 7000, 1},
      {"/data/e.csv", 400, 9000, 1},      {PATH_Q, 500, 9500, 1},
      {"/data/fail.bin", 50, 6001, 0},    {"/data/orphan.txt", 70, 8000, 0},
      {"/data/committed.txt", 1, 1, 0},   {"/data/a.csv", 100, 1001, 0}, /* changed since */
  };
  bs_buf key;
  bs_buf_init(&key, 4096);
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
    CHECK(bs_done_key(&key, keys[i].path, keys[i].size, keys[i].mtime) == BS_OK);
    int found = bs_strmap_find(files, key.data, key.len) != NULL;
    CHECKF(found == keys[i].done, "done list: %s %lld:%lld %s", keys[i].path,
           (long long)keys[i].size, (long long)keys[i].mtime, found ? "listed" : "missing");
  }
  CHECK(bs_done_key(&key, "/x", 1, 2) == BS_OK && strcmp(key.data, "/x\n1:2") == 0);
  bs_buf_free(&key);
  CHECKF(bs_strmap_count(files) == 8, "done files: %zu", bs_strmap_count(files));
  CHECKF(bs_strmap_count(contents) == 6, "done contents: %zu", bs_strmap_count(contents));
  const char digits[] = "abdef7";
  for (size_t i = 0; i < sizeof digits - 1; i++) {
    char sha[65];
    fake_sha(sha, digits[i]);
    CHECKF(bs_strmap_find(contents, sha, 64) != NULL, "done contents: %c... missing", digits[i]);
  }
  char pending[65];
  fake_sha(pending, '9');
  CHECK(bs_strmap_find(contents, pending, 64) == NULL);
  bs_strmap_free(files);
  bs_strmap_free(contents);
}

/* ---- Exports ----------------------------------------------------------------------- */

/* Runs an export into memory. OUT: a malloc'd, NUL-terminated text (NULL on failure). */
static char *export_text(bs_store *store, bs_export_format format, int reveal,
                         double min_confidence) {
  FILE *f = tmpfile();
  if (!f) return NULL;
  bs_status status = bs_export_findings(f, store, format, reveal, min_confidence);
  CHECKF(status == BS_OK, "export: %s", bs_status_str(status));
  long size = ftell(f);
  char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
  if (text) {
    rewind(f);
    size_t got = fread(text, 1, (size_t)size, f);
    text[got] = '\0';
  }
  fclose(f);
  return text;
}

static size_t count_lines(const char *text) {
  size_t n = 0;
  for (const char *p = text; (p = strchr(p, '\n')); p++) n++;
  return n;
}

/* Parses each JSON line; OUT: paths and confidences in order. Returns lines parsed, or
 * -1 when a line is no JSON object with the expected keys. */
static int parse_jsonl(const char *text, char paths[][64], double *confidences, char values[][64],
                       int cap) {
  int n = 0;
  for (const char *p = text; *p && n < cap;) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    char line[1024], error[128];
    if (len >= sizeof line) return -1;
    memcpy(line, p, len);
    line[len] = '\0';
    yajl_val doc = yajl_tree_parse(line, error, sizeof error);
    if (!doc || !YAJL_IS_OBJECT(doc)) {
      yajl_tree_free(doc);
      return -1;
    }
    static const char *path_key[] = {"path", NULL};
    static const char *value_key[] = {"value", NULL};
    static const char *confidence_key[] = {"confidence", NULL};
    static const char *type_key[] = {"type", NULL};
    yajl_val path = yajl_tree_get(doc, path_key, yajl_t_string);
    yajl_val value = yajl_tree_get(doc, value_key, yajl_t_string);
    yajl_val confidence = yajl_tree_get(doc, confidence_key, yajl_t_number);
    yajl_val type = yajl_tree_get(doc, type_key, yajl_t_string);
    if (!path || !value || !confidence || !type) {
      yajl_tree_free(doc);
      return -1;
    }
    snprintf(paths[n], 64, "%s", YAJL_GET_STRING(path));
    snprintf(values[n], 64, "%s", YAJL_GET_STRING(value));
    confidences[n] = YAJL_GET_DOUBLE(confidence);
    n++;
    yajl_tree_free(doc);
    p = nl ? nl + 1 : p + len;
  }
  return n;
}

static void exports(bs_store *store) {
  /* Every stored finding, one per file holding its content: a.csv 2, b.txt 3, c-copy.csv 2
   * (a's content), d-first.txt 1, d.txt 1, e.csv 2, PATH_Q 1. */
  static const char *const order[] = {
      "/data/a.csv", "/data/a.csv",      "/data/b.txt",      "/data/b.txt",
      "/data/b.txt", "/data/c-copy.csv", "/data/c-copy.csv", "/data/d-first.txt",
      "/data/d.txt", "/data/e.csv",      "/data/e.csv",      PATH_Q,
  };
  enum { ALL = sizeof order / sizeof order[0] };
  static const char *const secrets[] = {"123456789",  "John Smith", "1962-03-14",
                                        "3125550142", "jane@",      "62704"};

  /* CSV, masked. */
  char *csv = export_text(store, BS_EXPORT_CSV, 0, 0.0);
  CHECK(csv != NULL);
  if (csv) {
    const char header[] = "\"type\",\"value\",\"path\",\"line\",\"column\",\"row\",\"field\","
                          "\"confidence\",\"detector\",\"file_id\",\"record\"\n";
    CHECKF(strncmp(csv, header, strlen(header)) == 0, "csv header: %.120s", csv);
    CHECKF(count_lines(csv) == ALL + 1, "csv: %zu lines, want %d", count_lines(csv), ALL + 1);
    for (size_t s = 0; s < sizeof secrets / sizeof secrets[0]; s++)
      CHECKF(strstr(csv, secrets[s]) == NULL, "masked csv holds \"%s\"", secrets[s]);
    CHECKF(strstr(csv, "\"ssn\",\"***-**-6789\",\"/data/a.csv\",,\"2\",\"2\",\"SSN\",\"0.95\","
                       "\"field\",\"1\",\"2\"\n") != NULL,
           "csv: no masked SSN row for a.csv in:\n%.400s", csv);
    CHECK(strstr(csv, "\"/data/f \"\"q\"\", x.txt\"") != NULL);
    free(csv);
  }

  /* CSV, revealed. */
  csv = export_text(store, BS_EXPORT_CSV, 1, 0.0);
  CHECK(csv != NULL);
  if (csv) {
    CHECK(count_lines(csv) == ALL + 1);
    CHECK(strstr(csv, "\"ssn\",\"123456789\",\"/data/a.csv\"") != NULL);
    CHECK(strstr(csv, "\"name\",\"John Smith\",\"/data/a.csv\"") != NULL);
    CHECK(strstr(csv, "***") == NULL);
    free(csv);
  }

  /* JSON Lines: ordered by path, masked, each line an object. */
  char paths[32][64], values[32][64];
  double confidences[32];
  char *jsonl = export_text(store, BS_EXPORT_JSONL, 0, 0.0);
  CHECK(jsonl != NULL);
  if (jsonl) {
    int n = parse_jsonl(jsonl, paths, confidences, values, 32);
    CHECKF(n == ALL, "jsonl: %d findings, want %d", n, ALL);
    for (int i = 0; i < n && i < ALL; i++)
      CHECKF(strcmp(paths[i], order[i]) == 0, "jsonl line %d: path %.63s, want %s", i + 1, paths[i],
             order[i]);
    for (size_t s = 0; s < sizeof secrets / sizeof secrets[0]; s++)
      CHECKF(strstr(jsonl, secrets[s]) == NULL, "masked jsonl holds \"%s\"", secrets[s]);
    CHECK(strstr(jsonl, "\"value\":\"***-**-6789\"") != NULL);
    CHECK(strstr(jsonl, "\"value\":\"j***@example.com\"") != NULL);
    CHECK(strstr(jsonl, "\"line\":null,\"column\":2,\"row\":2,\"field\":\"SSN\"") != NULL);
    free(jsonl);
  }

  /* min_confidence keeps findings at or above it: 0.90 and 0.95 of a.csv and its copy,
   * e.csv's 0.90 SSN and 0.99 email. */
  jsonl = export_text(store, BS_EXPORT_JSONL, 1, 0.9);
  CHECK(jsonl != NULL);
  if (jsonl) {
    int n = parse_jsonl(jsonl, paths, confidences, values, 32);
    CHECKF(n == 6, "jsonl min 0.9: %d findings, want 6", n);
    for (int i = 0; i < n; i++)
      CHECKF(confidences[i] >= 0.9 - 1e-9, "jsonl min 0.9: confidence %g", confidences[i]);
    CHECK(n >= 1 && strcmp(values[0], "John Smith") == 0);
    free(jsonl);
  }
  jsonl = export_text(store, BS_EXPORT_JSONL, 0, 1.01);
  CHECK(jsonl != NULL && jsonl[0] == '\0');
  free(jsonl);
}

static void test_writer_and_exports(void) {
  temp_case t = {0};
  bs_store *store = open_new_case(&t);
  int opened = store != NULL;
  if (store) {
    file_ids ids = {0};
    CHECK(strcmp(bs_file_status_name(BS_FILE_NOT_EXAMINED), "not_examined") == 0);
    first_scan(store, &ids);
    rollback(store, &ids);
    second_scan(store, &ids);
    done_lists(store);
    exports(store);
    bs_store_close(store);
  }
  /* The store survives closing: reopened, it holds the same rows. */
  if (opened && bs_store_open(&store, t.dir) == BS_OK) {
    CHECK(query_int(store, "SELECT COUNT(*) FROM findings") == 9);
    bs_store_close(store);
  }
  temp_case_remove(&t);
  CHECK(access(t.root, F_OK) != 0);
}

/* ---- Masking ----------------------------------------------------------------------- */

typedef struct mask_case {
  bs_element type;
  const char *value;
  const char *masked;
} mask_case;

static void test_mask(void) {
  static const mask_case cases[] = {
      {BS_EL_NAME, "John Smith", "J***"},
      {BS_EL_FIRST_NAME, "John", "J***"},
      {BS_EL_LAST_NAME, "Smith", "S***"},
      {BS_EL_ADDRESS, "1234 Oak Street Apt 5", "**** Oak Street Apt *"},
      {BS_EL_CITY, "Springfield", "S***"},
      {BS_EL_STATE, "IL", "IL"},
      {BS_EL_ZIP, "62704", "627**"},
      {BS_EL_ZIP, "627041234", "627**"},
      {BS_EL_DOB, "1962-03-14", "****-**-**"},
      {BS_EL_SERVICE_DATE, "2024-07-01", "****-**-**"},
      {BS_EL_DATE, "2024-07-01", "****-**-**"},
      {BS_EL_SSN, "123456789", "***-**-6789"},
      {BS_EL_SSN, "12345", "***-**-****"},
      {BS_EL_ITIN, "900701234", "***-**-1234"},
      {BS_EL_DRIVERS_LICENSE, "D1234567", "****4567"},
      {BS_EL_PASSPORT, "X12345678", "*****5678"},
      {BS_EL_MBI, "1EG4TE5MK73", "*******MK73"},
      {BS_EL_HICN, "123456789A", "******789A"},
      {BS_EL_MEMBER_ID, "XYZ123456789", "********6789"},
      {BS_EL_MRN, "00123456", "****3456"},
      {BS_EL_ICD10CM, "E119", "E11*"},
      {BS_EL_ICD10CM, "E11", "E11"},
      {BS_EL_ICD9CM, "25000", "250*"},
      {BS_EL_CPT, "99213", "992*"},
      {BS_EL_HCPCS, "J1100", "J11*"},
      {BS_EL_ICD10PCS, "0DTJ4ZZ", "0DT*"},
      {BS_EL_PHONE, "3125550142", "***-***-0142"},
      {BS_EL_PHONE, "5550142", "***-***-****"},
      {BS_EL_EMAIL, "john.smith@example.com", "j***@example.com"},
      {BS_EL_ACCOUNT, "000123456789", "********6789"},
      {BS_EL_CARD, "4111111111111111", "************1111"},
      {BS_EL_ROUTING, "021000021", "*****0021"},
      {BS_EL_CREDENTIAL, "hunter2", "********"},
      {BS_EL_NPI, "1234567893", "1234567893"},
      /* A first letter outside ASCII is kept whole: the mask stays valid UTF-8. */
      {BS_EL_FIRST_NAME, "\xC3\x89lise", "\xC3\x89***"},
      {BS_EL_LAST_NAME, "\xC5\x81ukasiewicz", "\xC5\x81***"},
      {BS_EL_EMAIL, "\xC3\xA9lise@example.com", "\xC3\xA9***@example.com"},
  };
  int covered[BS_EL_COUNT] = {0};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const mask_case *mc = &cases[i];
    char out[64];
    memset(out, 'Z', sizeof out);
    bs_mask_value(out, sizeof out, mc->type, mc->value);
    CHECKF(strcmp(out, mc->masked) == 0, "mask %s \"%s\": \"%s\", want \"%s\"",
           bs_element_name(mc->type), mc->value, out, mc->masked);
    covered[mc->type] = 1;
  }
  for (int type = 0; type < BS_EL_COUNT; type++)
    CHECKF(covered[type], "mask: no case for %s", bs_element_name((bs_element)type));

  /* The output is bounded by cap, and cap 0 writes nothing. */
  char out[8];
  bs_mask_value(out, 5, BS_EL_SSN, "123456789");
  CHECK(strcmp(out, "***-") == 0);
  bs_mask_value(out, 4, BS_EL_CARD, "4111111111111111");
  CHECK(strcmp(out, "***") == 0);
  bs_mask_value(out, 3, BS_EL_ADDRESS, "12 Elm");
  CHECK(strcmp(out, "**") == 0);
  memcpy(out, "keep", 5);
  bs_mask_value(out, 0, BS_EL_SSN, "123456789");
  CHECK(strcmp(out, "keep") == 0);
}

/* Walked files: small ones copied, large ones mapped; either way NUL-terminated, whole,
 * and a file that shrank after it was listed is read as it is now. */
static void test_filemap(void) {
  char path[] = "/tmp/bs-test-filemap-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0) return;
  /* Sparse: the mapped case costs no disk. Its size fills its last page exactly, so the
   * NUL after it must come from the reservation. */
  const size_t big = BS_FILEMAP_FROM + 4096;
  CHECK(pwrite(fd, "head", 4, 0) == 4);
  CHECK(pwrite(fd, "tail", 4, (off_t)(big - 4)) == 4);
  bs_buf buf;
  bs_buf_init(&buf, 0);
  bs_filemap map;
  const char *why = NULL;
  CHECK(bs_filemap_open(&map, &buf, path, big, &why) == BS_OK);
  CHECK(map.map != NULL && map.len == big && !map.short_read);
  CHECK(map.data && !memcmp(map.data, "head", 4) && !memcmp(map.data + big - 4, "tail", 4));
  CHECK(map.data && map.data[big] == '\0');
  CHECK(strncmp(map.open_path, "/proc/self/fd/", 14) == 0 && access(map.open_path, R_OK) == 0);
  bs_filemap_close(&map);
  CHECK(map.fd == -1 && map.map == NULL);
  /* Listed larger than it is now: the mapping stops at the real end. */
  CHECK(ftruncate(fd, (off_t)big - 8192) == 0);
  CHECK(bs_filemap_open(&map, &buf, path, big, &why) == BS_OK);
  CHECK(map.short_read && map.len == big - 8192 && map.data && map.data[map.len] == '\0');
  bs_filemap_close(&map);
  /* Small: copied into the reused buffer. */
  CHECK(ftruncate(fd, 10) == 0);
  CHECK(bs_filemap_open(&map, &buf, path, 10, &why) == BS_OK);
  CHECK(map.map == NULL && map.data == buf.data && map.len == 10 && map.data[10] == '\0');
  CHECK(!memcmp(map.data, "head", 4));
  bs_filemap_close(&map);
  close(fd);
  unlink(path);
  /* Gone: an error with the reason, nothing to close but the (closed) descriptor. */
  CHECK(bs_filemap_open(&map, &buf, path, 10, &why) == BS_EIO && why && *why);
  bs_filemap_close(&map);
  bs_buf_free(&buf);
}

/* Findings moved to a temporary file come back in order, with their text. */
static void test_spill(void) {
  int fd;
  CHECK(bs_spill_open(&fd, "/tmp") == BS_OK);
  if (fd < 0) return;
  bs_spilled spilled;
  bs_spilled_init(&spilled);
  bs_finding_list list, back;
  bs_finding_list_init(&list);
  bs_finding_list_init(&back);
  uint64_t end = 0;
  char value[16];
  int added = 1;
  for (int block = 0; block < 2; block++) {
    for (int i = 0; i < 1000; i++) {
      bs_finding f = {.line = (uint64_t)(block * 1000 + i + 1), .type = BS_EL_SSN, .confidence = 1};
      int n = snprintf(value, sizeof value, "2193%05d", block * 1000 + i);
      added &= bs_finding_list_add(&list, &f, value, (size_t)n, block ? "SSN" : NULL,
                                   "Sheet1!A1") == BS_OK;
    }
    CHECK(added);
    CHECK(bs_spill_out(&spilled, fd, &end, &list) == BS_OK);
    CHECK(list.count == 0 && list.items == NULL && bs_spill_bytes(&list) == 0);
  }
  CHECK(spilled.count == 2 && spilled.findings == 2000 && spilled.fd == fd);
  int same = 1;
  for (size_t b = 0; b < spilled.count; b++) {
    CHECK(bs_spill_in(&back, &spilled, b) == BS_OK);
    CHECK(back.count == 1000);
    for (size_t i = 0; i < back.count && same; i++) {
      const bs_finding *f = &back.items[i];
      snprintf(value, sizeof value, "2193%05zu", b * 1000 + i);
      same = f->line == b * 1000 + i + 1 && !strcmp(bs_finding_value(&back, f), value) &&
             (b ? f->hint_len == 3 && !strcmp(back.arena.data + f->hint_off, "SSN")
                : f->hint_len == 0) &&
             !strcmp(back.arena.data + f->place_off, "Sheet1!A1");
    }
  }
  CHECK(same);
  bs_finding_list_free(&back);
  bs_finding_list_free(&list);
  bs_spilled_free(&spilled);
  close(fd);
}

/* The interner's cache past its size: ids stay one per distinct key, the same as when
 * everything fitted, through eviction, the switch to the index, and a re-open on a table
 * larger than the cache. */
static void test_interner(void) {
  temp_case t;
  bs_store *store = open_new_case(&t);
  if (!store) return;
  sqlite3 *db = bs_store_db(store);
  bs_interner *values = NULL, *big = NULL;
  /* 0 bytes: the smallest cache, 43 keys; a roomy one for the expected ids. */
  CHECK(bs_interner_open(&values, db, BS_INTERN_VALUES, 0) == BS_OK);
  CHECK(bs_interner_complete(values));
  enum { KEYS = 500 };
  static int64_t first[KEYS];
  char text[32];
  int fresh_ids = 1, same_ids = 1;
  CHECK(bs_store_exec(store, "BEGIN") == BS_OK);
  for (int i = 0; i < KEYS; i++) { /* all new: ids in order */
    snprintf(text, sizeof text, "2193%05d", i);
    fresh_ids &= bs_interner_id(values, BS_EL_SSN, text, strlen(text), &first[i]) == BS_OK &&
                 first[i] == i + 1;
  }
  CHECK(fresh_ids);
  CHECK(!bs_interner_complete(values)); /* 500 keys did not fit */
  for (int round = 0; round < 3; round++)
    for (int i = KEYS - 1; i >= 0; i -= 1 + round) { /* seen, evicted, in other orders */
      int64_t id = 0;
      snprintf(text, sizeof text, "2193%05d", i);
      same_ids &=
          bs_interner_id(values, BS_EL_SSN, text, strlen(text), &id) == BS_OK && id == first[i];
    }
  CHECK(same_ids);
  /* The same text as another type is another value. */
  int64_t other = 0;
  CHECK(bs_interner_id(values, BS_EL_ZIP, "219300007", 9, &other) == BS_OK && other == KEYS + 1);
  CHECK(bs_store_exec(store, "COMMIT") == BS_OK);
  bs_interner_free(values);
  CHECK(query_int(store, "SELECT count(*) FROM vals") == KEYS + 1);
  CHECK(query_int(store, "SELECT count(*) FROM sqlite_master WHERE name = 'vals_by_value'") == 1);

  /* Re-opened small, on a table it cannot hold, and roomy, loading it all. */
  CHECK(bs_interner_open(&values, db, BS_INTERN_VALUES, 0) == BS_OK);
  CHECK(bs_interner_open(&big, db, BS_INTERN_VALUES, (size_t)1 << 20) == BS_OK);
  CHECK(values && !bs_interner_complete(values) && big && bs_interner_complete(big));
  int reopened_same = 1;
  for (int i = 0; values && big && i < KEYS; i += 7) {
    int64_t a = 0, b = 0;
    snprintf(text, sizeof text, "2193%05d", i);
    reopened_same &= bs_interner_id(values, BS_EL_SSN, text, strlen(text), &a) == BS_OK &&
                     bs_interner_id(big, BS_EL_SSN, text, strlen(text), &b) == BS_OK &&
                     a == first[i] && b == first[i];
  }
  CHECK(reopened_same);
  int64_t next = 0;
  CHECK(values && bs_interner_id(values, BS_EL_SSN, "new", 3, &next) == BS_OK && next == KEYS + 2);
  bs_interner_free(values);
  bs_interner_free(big);

  /* Hints: unique by their own column; the same eviction. */
  bs_interner *hints = NULL;
  CHECK(bs_interner_open(&hints, db, BS_INTERN_HINTS, 0) == BS_OK);
  int hint_ids = 1;
  for (int round = 0; hints && round < 2; round++)
    for (int i = 0; i < 100; i++) {
      int64_t id = 0;
      snprintf(text, sizeof text, "Sheet%d!A", i);
      hint_ids &= bs_interner_id(hints, 0, text, strlen(text), &id) == BS_OK && id == i + 1;
    }
  CHECK(hint_ids);
  bs_interner_free(hints);
  CHECK(query_int(store, "SELECT count(*) FROM hints") == 100);
  bs_store_close(store);
  temp_case_remove(&t);
}

void test_store(void) {
  test_interner();
  test_spill();
  test_filemap();
  test_create_open();
  test_writer_and_exports();
  test_mask();
}
