/* The in-memory directory of persons (see directory.h). */
#include "serve/directory.h"

#include <stdio.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strmap.h"
#include "detect/element.h"
#include "serve/normalize.h"

#define ARENA_BLOCK ((size_t)256 << 10)

typedef struct arena_block {
  struct arena_block *next; /* older block */
  size_t used;              /* bytes handed out */
  char data[ARENA_BLOCK];   /* strings */
} arena_block;

/* Persons reachable from one index key form a chain through links. */
typedef struct link {
  uint32_t person; /* index into persons */
  uint32_t next;   /* 1 + index of the next link, 0 at the end */
} link;

struct bs_directory {
  bs_directory_person *persons; /* count entries */
  size_t count, cap;
  link *links; /* chains of the name index */
  size_t link_count, link_cap;
  bs_strmap *by_name; /* "LAST:YYYYMMDD" -> 1 + index of its first link */
  bs_strmap *by_code; /* normalized code -> 1 + person index */
  arena_block *arena; /* newest first */
  int has_letters;    /* the letters tables were there */
};

static const char *arena_copy(bs_directory *dir, const char *text) {
  size_t len = strlen(text) + 1;
  if (len > ARENA_BLOCK) len = ARENA_BLOCK; /* never: columns are short */
  if (!dir->arena || dir->arena->used + len > ARENA_BLOCK) {
    arena_block *block = bs_malloc(sizeof *block);
    if (!block) return NULL;
    block->next = dir->arena;
    block->used = 0;
    dir->arena = block;
  }
  char *copy = dir->arena->data + dir->arena->used;
  memcpy(copy, text, len - 1);
  copy[len - 1] = '\0';
  dir->arena->used += len;
  return copy;
}

bs_status bs_directory_create(bs_directory **out) {
  *out = NULL;
  bs_directory *dir = bs_calloc(1, sizeof *dir);
  if (!dir) return BS_ENOMEM;
  bs_status status = bs_strmap_create(&dir->by_name);
  if (status == BS_OK) status = bs_strmap_create(&dir->by_code);
  if (status != BS_OK) {
    bs_directory_free(dir);
    return status;
  }
  *out = dir;
  return BS_OK;
}

void bs_directory_free(bs_directory *dir) {
  if (!dir) return;
  bs_strmap_free(dir->by_name);
  bs_strmap_free(dir->by_code);
  bs_free(dir->persons);
  bs_free(dir->links);
  for (arena_block *b = dir->arena, *next; b; b = next) {
    next = b->next;
    bs_free(b);
  }
  bs_free(dir);
}

typedef struct key_ctx {
  bs_directory *dir;
  uint32_t person;
  int32_t dob;
  bs_status status;
} key_ctx;

static bs_status index_name(bs_directory *dir, const char *last, int32_t dob, uint32_t person) {
  char key[96];
  int n = snprintf(key, sizeof key, "%s:%d", last, (int)dob);
  if (n <= 0 || (size_t)n >= sizeof key) return BS_OK; /* a name too long to be a key */
  int64_t *slot;
  bs_status status = bs_strmap_upsert(dir->by_name, key, (size_t)n, &slot, NULL, NULL);
  if (status != BS_OK) return status;
  /* One person under one key once ("Lee Lee"). */
  for (int64_t at = *slot; at; at = dir->links[at - 1].next)
    if (dir->links[at - 1].person == person) return BS_OK;
  if (dir->link_count == dir->link_cap) {
    size_t cap = dir->link_cap ? dir->link_cap * 2 : 1024;
    link *grown = bs_reallocarray(dir->links, cap, sizeof *grown);
    if (!grown) return BS_ENOMEM;
    dir->links = grown;
    dir->link_cap = cap;
  }
  dir->links[dir->link_count] = (link){person, (uint32_t)*slot};
  *slot = (int64_t)++dir->link_count;
  return BS_OK;
}

static void index_word(const char *word, void *ctx) {
  key_ctx *k = ctx;
  if (k->status == BS_OK) k->status = index_name(k->dir, word, k->dob, k->person);
}

static uint32_t element_bits(const char *elements) {
  uint32_t bits = 0;
  char name[32];
  for (const char *p = elements; p && *p;) {
    size_t len = strcspn(p, ";");
    if (len < sizeof name) {
      memcpy(name, p, len);
      name[len] = '\0';
      bs_element type = bs_element_from_name(name);
      if (type != BS_EL_NONE) bits |= 1u << type;
    }
    p += len + (p[len] == ';');
  }
  return bits;
}

static bs_status index_code(bs_directory *dir, uint32_t index);

bs_status bs_directory_add(bs_directory *dir, const char *person_id, const char *first,
                           const char *middle, const char *last, const char *dob, const char *zip,
                           const char *elements, int minor, int deceased, const char *code,
                           const char *mailed_on) {
  if (dir->count >= UINT32_MAX - 1) return BS_ELIMIT;
  if (dir->count == dir->cap) {
    size_t cap = dir->cap ? dir->cap * 2 : 1024;
    bs_directory_person *grown = bs_reallocarray(dir->persons, cap, sizeof *grown);
    if (!grown) return BS_ENOMEM;
    dir->persons = grown;
    dir->cap = cap;
  }
  bs_directory_person *p = &dir->persons[dir->count];
  memset(p, 0, sizeof *p);
  char norm[128];
  bs_norm_name(norm, sizeof norm, first ? first : "");
  p->first = arena_copy(dir, norm);
  bs_norm_name(norm, sizeof norm, middle ? middle : "");
  p->middle = arena_copy(dir, norm);
  bs_norm_name(norm, sizeof norm, last ? last : "");
  p->last = arena_copy(dir, norm);
  p->person_id = arena_copy(dir, person_id ? person_id : "");
  p->mailed_on = mailed_on && *mailed_on ? arena_copy(dir, mailed_on) : NULL;
  p->code = code && *code ? arena_copy(dir, code) : NULL;
  if (!p->first || !p->middle || !p->last || !p->person_id ||
      (mailed_on && *mailed_on && !p->mailed_on) || (code && *code && !p->code))
    return BS_ENOMEM;
  p->dob = dob && *dob ? bs_norm_dob(dob, bs_norm_this_year()) : 0;
  if (!zip || !bs_norm_zip(p->zip, zip)) p->zip[0] = '\0';
  p->elements = element_bits(elements);
  p->minor = minor != 0;
  p->deceased = deceased != 0;
  uint32_t index = (uint32_t)dir->count++;
  bs_status status = BS_OK;
  if (p->dob && p->last[0]) {
    status = index_name(dir, p->last, p->dob, index);
    key_ctx k = {dir, index, p->dob, BS_OK};
    if (status == BS_OK) bs_norm_name_words(last, index_word, &k);
    if (status == BS_OK) status = k.status;
  }
  if (status == BS_OK && p->code) status = index_code(dir, index);
  return status;
}

static int table_exists(sqlite3 *db, const char *name) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1,
                         &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
  int found = sqlite3_step(stmt) == SQLITE_ROW;
  sqlite3_finalize(stmt);
  return found;
}

static const char *text_of(sqlite3_stmt *stmt, int column) {
  return (const char *)sqlite3_column_text(stmt, column);
}

static bs_status index_code(bs_directory *dir, uint32_t index) {
  char key[64];
  if (!bs_norm_code(key, sizeof key, dir->persons[index].code)) return BS_OK;
  int64_t *slot;
  bs_status status = bs_strmap_upsert(dir->by_code, key, strlen(key), &slot, NULL, NULL);
  if (status == BS_OK) *slot = (int64_t)index + 1;
  return status;
}

/* Reads "SELECT person_id, value" rows and gives each value to its person: the
 * enrollment code, or the earliest letter date. Three plain scans and a hash map are
 * much faster than SQLite joining 600,000 rows. */
static bs_status attach(bs_directory *dir, sqlite3 *db, const bs_strmap *ids, const char *sql,
                        int is_code) {
  sqlite3_stmt *stmt;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) return BS_ESTORE;
  bs_status status = BS_OK;
  int rc;
  while (status == BS_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const char *id = text_of(stmt, 0), *value = text_of(stmt, 1);
    const int64_t *slot = id && value && *value ? bs_strmap_find(ids, id, strlen(id)) : NULL;
    if (!slot) continue; /* a letter to no person of this run of `people` */
    bs_directory_person *p = &dir->persons[*slot - 1];
    if (is_code) {
      if (p->code) continue; /* one code a person (the table's key) */
      if (!(p->code = arena_copy(dir, value))) status = BS_ENOMEM;
      if (status == BS_OK) status = index_code(dir, (uint32_t)(*slot - 1));
    } else if (!p->mailed_on || strcmp(value, p->mailed_on) < 0) {
      if (!(p->mailed_on = arena_copy(dir, value))) status = BS_ENOMEM;
    }
  }
  if (status == BS_OK && rc != SQLITE_DONE) status = BS_ESTORE;
  sqlite3_finalize(stmt);
  return status;
}

bs_status bs_directory_load(bs_directory **out, bs_store *store) {
  *out = NULL;
  sqlite3 *db = bs_store_db(store);
  if (!table_exists(db, "persons")) return BS_ENOTFOUND;
  /* The letters step's tables, when present: the code issued, the letters mailed. */
  int letters = table_exists(db, "letters"), enrollment = table_exists(db, "enrollment");
  bs_directory *dir;
  bs_strmap *ids = NULL;
  bs_status status = bs_directory_create(&dir);
  if (status != BS_OK) return status;
  status = bs_strmap_create(&ids);
  dir->has_letters = letters && enrollment;
  sqlite3_stmt *stmt = NULL;
  if (status == BS_OK &&
      sqlite3_prepare_v2(db,
                         "SELECT person_id, first, middle, last, dob, zip, elements, minor,"
                         " deceased FROM persons ORDER BY id",
                         -1, &stmt, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  int rc = SQLITE_DONE;
  while (status == BS_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    status =
        bs_directory_add(dir, text_of(stmt, 0), text_of(stmt, 1), text_of(stmt, 2),
                         text_of(stmt, 3), text_of(stmt, 4), text_of(stmt, 5), text_of(stmt, 6),
                         sqlite3_column_int(stmt, 7), sqlite3_column_int(stmt, 8), NULL, NULL);
    if (status != BS_OK) break;
    const char *id = dir->persons[dir->count - 1].person_id;
    int64_t *slot;
    status = bs_strmap_upsert(ids, id, strlen(id), &slot, NULL, NULL);
    if (status == BS_OK) *slot = (int64_t)dir->count;
  }
  if (status == BS_OK && rc != SQLITE_DONE) status = BS_ESTORE;
  sqlite3_finalize(stmt);
  if (status == BS_OK && enrollment)
    status = attach(dir, db, ids, "SELECT person_id, code FROM enrollment", 1);
  if (status == BS_OK && letters)
    status = attach(dir, db, ids, "SELECT person_id, mailed_on FROM letters", 0);
  bs_strmap_free(ids);
  if (status != BS_OK) {
    bs_directory_free(dir);
    return status;
  }
  *out = dir;
  return BS_OK;
}

void bs_directory_counts_of(bs_directory_counts *out, const bs_directory *dir) {
  memset(out, 0, sizeof *out);
  out->persons = dir->count;
  out->has_letters = dir->has_letters;
  for (size_t i = 0; i < dir->count; i++) {
    const bs_directory_person *p = &dir->persons[i];
    out->no_key += !p->dob || !p->last[0];
    out->codes += p->code != NULL;
    out->mailed += p->mailed_on != NULL;
  }
}

const bs_directory_person *bs_directory_get(const bs_directory *dir, size_t index) {
  return index < dir->count ? &dir->persons[index] : NULL;
}

void bs_directory_each_by_name(const bs_directory *dir, const char *last, int32_t dob,
                               int (*fn)(size_t index, void *ctx), void *ctx) {
  char key[96];
  int n = snprintf(key, sizeof key, "%s:%d", last, (int)dob);
  if (n <= 0 || (size_t)n >= sizeof key) return;
  const int64_t *slot = bs_strmap_find(dir->by_name, key, (size_t)n);
  for (int64_t at = slot ? *slot : 0; at; at = dir->links[at - 1].next)
    if (fn(dir->links[at - 1].person, ctx)) return;
}

size_t bs_directory_find_code(const bs_directory *dir, const char *code) {
  const int64_t *slot = bs_strmap_find(dir->by_code, code, strlen(code));
  return slot ? (size_t)(*slot - 1) : SIZE_MAX;
}
