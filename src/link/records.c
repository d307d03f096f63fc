/* Records from findings (see records.h). */
#include "link/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strmap.h"
#include "detect/validate.h"

/* A passage of free text ends where the next finding is this many lines further on. */
#define PASSAGE_GAP_LINES 12

static const bs_element key_types[BS_KEY_COUNT] = {
#define BS_LINK_KEY_TYPE(id, type) type,
    BS_LINK_KEYS(BS_LINK_KEY_TYPE)
#undef BS_LINK_KEY_TYPE
};

const char *bs_records_value(const bs_record_set *set, int64_t id) {
  return id > 0 && (size_t)id < set->value_count && set->values[id] ? set->values[id] : "";
}

static bs_status load_values(bs_record_set *set, sqlite3 *db) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT COALESCE(MAX(id), 0) FROM vals", -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  int64_t max = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  set->value_count = (size_t)max + 1;
  set->values = bs_calloc(set->value_count, sizeof *set->values);
  set->value_types = bs_calloc(set->value_count, 1);
  if (!set->values || !set->value_types) return BS_ENOMEM;
  if (sqlite3_prepare_v2(db, "SELECT id, type, value FROM vals", -1, &stmt, NULL) != SQLITE_OK)
    return BS_ESTORE;
  bs_status status = BS_OK;
  while (status == BS_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(stmt, 0);
    if (id <= 0 || id > max) continue;
    set->value_types[id] = (uint8_t)sqlite3_column_int(stmt, 1);
    set->values[id] = bs_strdup((const char *)sqlite3_column_text(stmt, 2));
    if (!set->values[id]) status = BS_ENOMEM;
  }
  sqlite3_finalize(stmt);
  return status;
}

static bs_status new_record(bs_record_set *set, int64_t content, uint64_t number, int64_t rowid) {
  if (set->count == set->cap) {
    size_t cap = set->cap ? set->cap * 2 : 1024;
    bs_record *items = bs_reallocarray(set->items, cap, sizeof *items);
    if (!items) return BS_ENOMEM;
    set->items = items;
    set->cap = cap;
  }
  bs_record *r = &set->items[set->count++];
  memset(r, 0, sizeof *r);
  r->content_id = content;
  r->number = number;
  r->first_rowid = r->last_rowid = rowid;
  return BS_OK;
}

/* The slot of a type's value in a record, for the types a record keeps one of. */
static int64_t *slot_of(bs_record *r, bs_element type) {
  for (int k = 0; k < BS_KEY_COUNT; k++)
    if (key_types[k] == type) return &r->keys[k];
  switch (type) {
  case BS_EL_NAME: return &r->name;
  case BS_EL_FIRST_NAME: return &r->first;
  case BS_EL_LAST_NAME: return &r->last;
  case BS_EL_ADDRESS: return &r->address;
  case BS_EL_CITY: return &r->city;
  case BS_EL_STATE: return &r->state;
  case BS_EL_ZIP: return &r->zip;
  case BS_EL_PHONE: return &r->phone;
  case BS_EL_EMAIL: return &r->email;
  default: return NULL;
  }
}

/* Types whose second, different value in a passage means a second person. */
static int is_identity(bs_element type) {
  switch (type) {
  case BS_EL_NAME:
  case BS_EL_SSN:
  case BS_EL_DOB:
  case BS_EL_MBI:
  case BS_EL_MRN:
  case BS_EL_MEMBER_ID:
  case BS_EL_LAST_NAME: return 1;
  default: return 0;
  }
}

static int32_t dob_of(const char *value) {
  int y, m, d; /* findings store dates as YYYY-MM-DD */
  if (!bs_parse_date(value, strlen(value), 0, &y, &m, &d)) return 0;
  return (int32_t)(y * 10000 + m * 100 + d);
}

/* 1 if the value would be a second identity in r. */
static int conflicts(const bs_record *r, bs_element type, int64_t value_id, int32_t dob) {
  if (!is_identity(type)) return 0;
  if (type == BS_EL_DOB) return r->dob && r->dob != dob;
  const int64_t *slot = slot_of((bs_record *)r, type);
  return slot && *slot && *slot != value_id;
}

static void add_to_record(bs_record *r, bs_element type, int64_t value_id, int32_t dob,
                          int64_t rowid) {
  r->last_rowid = rowid;
  if (type == BS_EL_NPI) return; /* a provider's, not the person's */
  r->types |= 1u << type;
  if (type == BS_EL_DOB && !r->dob) r->dob = dob;
  int64_t *slot = slot_of(r, type);
  if (slot && !*slot) *slot = value_id;
}

static void finish_record(bs_record_set *set, bs_record *r, sqlite3_stmt *recount) {
  int names = r->name || (r->first && r->last);
  int keys = 0;
  for (int k = 0; k < BS_KEY_COUNT; k++) keys += r->keys[k] != 0;
  /* An e-mail address alone (a clinic's billing@ in a header) names no one. */
  r->identified = names || keys;
  if (r->identified) return;
  /* Count its findings as unattributed. */
  sqlite3_bind_int64(recount, 1, r->content_id);
  sqlite3_bind_int64(recount, 2, r->first_rowid);
  sqlite3_bind_int64(recount, 3, r->last_rowid);
  sqlite3_bind_int64(recount, 4, (int64_t)r->number);
  while (sqlite3_step(recount) == SQLITE_ROW) {
    int type = sqlite3_column_int(recount, 0);
    if (type >= 0 && type < BS_EL_COUNT)
      set->unattributed[type] += (uint64_t)sqlite3_column_int64(recount, 1);
  }
  sqlite3_reset(recount);
}

bs_status bs_records_load(bs_record_set *set, sqlite3 *db) {
  memset(set, 0, sizeof *set);
  bs_status status = load_values(set, db);
  if (status != BS_OK) return status;
  static const char sql[] =
      "SELECT f.rowid, f.content_id, COALESCE(f.record, 0), f.value_id, v.type,"
      " COALESCE(f.line, 0), COALESCE(f.part, '')"
      " FROM findings f JOIN vals v ON v.id = f.value_id"
      " JOIN contents c ON c.id = f.content_id WHERE c.status = 'done'"
      " ORDER BY f.content_id, f.rowid";
  static const char recount_sql[] =
      "SELECT v.type, COUNT(*) FROM findings f JOIN vals v ON v.id = f.value_id"
      " WHERE f.content_id = ?1 AND ((?4 = 0 AND f.rowid BETWEEN ?2 AND ?3"
      " AND COALESCE(f.record, 0) = 0) OR (?4 > 0 AND f.record = ?4)) GROUP BY v.type";
  sqlite3_stmt *stmt = NULL, *recount = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(db, recount_sql, -1, &recount, NULL) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return BS_ESTORE;
  }
  bs_strmap *numbered = NULL; /* "content:record" -> index + 1 */
  status = bs_strmap_create(&numbered);
  int64_t content = -1, last_line = 0;
  size_t passage = SIZE_MAX; /* index of the open passage of free text */
  char part[256] = "";
  size_t first_of_content = 0;
  while (status == BS_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    int64_t rowid = sqlite3_column_int64(stmt, 0);
    int64_t c = sqlite3_column_int64(stmt, 1);
    uint64_t number = (uint64_t)sqlite3_column_int64(stmt, 2);
    int64_t value_id = sqlite3_column_int64(stmt, 3);
    bs_element type = (bs_element)sqlite3_column_int(stmt, 4);
    int64_t line = sqlite3_column_int64(stmt, 5);
    const char *p = (const char *)sqlite3_column_text(stmt, 6);
    if (type < 0 || type >= BS_EL_COUNT) continue;
    set->findings++;
    if (c != content) {
      for (size_t i = first_of_content; i < set->count; i++)
        finish_record(set, &set->items[i], recount);
      first_of_content = set->count;
      content = c;
      passage = SIZE_MAX;
      last_line = 0;
      part[0] = '\0';
    }
    int32_t dob = type == BS_EL_DOB ? dob_of(bs_records_value(set, value_id)) : 0;
    if (number > 0) {
      char key[48];
      int n = snprintf(key, sizeof key, "%lld:%llu", (long long)c, (unsigned long long)number);
      int64_t *slot;
      int added;
      status = bs_strmap_upsert(numbered, key, (size_t)n, &slot, NULL, &added);
      if (status == BS_OK && added) {
        status = new_record(set, c, number, rowid);
        *slot = (int64_t)set->count;
      }
      if (status == BS_OK) add_to_record(&set->items[*slot - 1], type, value_id, dob, rowid);
      continue;
    }
    bs_record *open = passage != SIZE_MAX ? &set->items[passage] : NULL;
    int new_passage = !open || strncmp(p, part, sizeof part) != 0 ||
                      (line && last_line && line - last_line > PASSAGE_GAP_LINES) ||
                      conflicts(open, type, value_id, dob);
    if (new_passage) {
      status = new_record(set, c, 0, rowid);
      passage = set->count - 1;
      snprintf(part, sizeof part, "%s", p);
    }
    if (status == BS_OK) add_to_record(&set->items[passage], type, value_id, dob, rowid);
    if (line) last_line = line;
  }
  for (size_t i = first_of_content; status == BS_OK && i < set->count; i++)
    finish_record(set, &set->items[i], recount);
  sqlite3_finalize(stmt);
  sqlite3_finalize(recount);
  bs_strmap_free(numbered);
  return status;
}

void bs_records_free(bs_record_set *set) {
  for (size_t i = 0; set->values && i < set->value_count; i++) bs_free(set->values[i]);
  bs_free(set->values);
  bs_free(set->value_types);
  bs_free(set->items);
  memset(set, 0, sizeof *set);
}
