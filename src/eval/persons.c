/* Person-level scoring: each person the `people` step reported is matched to the truth
 * person most of its findings belong to (a finding belongs to the person whose mention
 * has its type, value and file). Truth persons matched by no reported person are
 * missed; by several, split; a reported person whose findings belong in good part to a
 * second truth person is a merge; one with no truth person at all is not a person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl_tree.h>

#include "base/alloc.h"
#include "base/strmap.h"
#include "eval/eval.h"

#define MAX_LINE    ((size_t)1 << 16)
#define MERGE_SHARE 0.25 /* a second truth person with this share of the votes: merged */

typedef struct truth_person {
  uint32_t exposed;  /* element types, a bit each */
  uint32_t reported; /* types of the reported persons matched to it */
  unsigned matches;  /* reported persons whose majority it is */
} truth_person;

typedef struct vote {
  int64_t person; /* reported person (persons.id) */
  int32_t truth;  /* truth person index */
  uint32_t count;
} vote;

static uint32_t types_of(const char *list) {
  uint32_t bits = 0;
  char name[32];
  for (const char *p = list; p && *p;) {
    size_t n = strcspn(p, ";");
    if (n < sizeof name) {
      memcpy(name, p, n);
      name[n] = '\0';
      bs_element t = bs_element_from_name(name);
      if (t != BS_EL_NONE) bits |= 1u << t;
    }
    p += n + (p[n] == ';');
  }
  return bits;
}

/* persons.csv: the id and the exposed list (last column), by header name. */
static bs_status load_persons(bs_strmap *ids, truth_person **out, size_t *count, const char *dir) {
  char file[4096];
  snprintf(file, sizeof file, "%s/persons.csv", dir);
  FILE *in = fopen(file, "r");
  if (!in) return BS_ENOTFOUND;
  char *line = NULL;
  size_t cap = 0, n = 0, alloc = 0;
  int exposed_col = -1;
  bs_status status = BS_OK;
  while (status == BS_OK && getline(&line, &cap, in) >= 0) {
    line[strcspn(line, "\r\n")] = '\0';
    char *fields[64];
    int nf = 0;
    for (char *p = line; nf < 64;) { /* synth writes no quoted commas in these columns */
      fields[nf++] = p;
      char *comma = strchr(p, ',');
      if (!comma) break;
      *comma = '\0';
      p = comma + 1;
    }
    if (exposed_col < 0) {
      for (int i = 0; i < nf; i++)
        if (!strcmp(fields[i], "exposed")) exposed_col = i;
      if (exposed_col < 0) status = BS_EFORMAT;
      continue;
    }
    if (nf <= exposed_col) continue;
    if (n == alloc) {
      alloc = alloc ? alloc * 2 : 1024;
      truth_person *grown = bs_reallocarray(*out, alloc, sizeof *grown);
      if (!grown) {
        status = BS_ENOMEM;
        break;
      }
      *out = grown;
    }
    int64_t *slot;
    status = bs_strmap_upsert(ids, fields[0], strlen(fields[0]), &slot, NULL, NULL);
    if (status != BS_OK) break;
    *slot = (int64_t)n + 1;
    (*out)[n++] = (truth_person){types_of(fields[exposed_col]), 0, 0};
  }
  free(line);
  fclose(in);
  *count = n;
  return status;
}

/* The truth person of each (type, value, path) triple; -1 when several share it. */
static bs_status load_owners(bs_strmap *owners, const bs_strmap *ids, const char *dir) {
  char file[4096];
  snprintf(file, sizeof file, "%s/mentions.jsonl", dir);
  FILE *in = fopen(file, "r");
  if (!in) return BS_ENOTFOUND;
  char *line = NULL;
  size_t cap = 0;
  bs_buf key;
  bs_buf_init(&key, MAX_LINE);
  bs_status status = BS_OK;
  while (status == BS_OK && getline(&line, &cap, in) >= 0) {
    yajl_val doc = yajl_tree_parse(line, NULL, 0);
    const char *p_type[] = {"type", NULL}, *p_value[] = {"value", NULL}, *p_path[] = {"path", NULL},
               *p_person[] = {"person", NULL};
    yajl_val t = doc ? yajl_tree_get(doc, p_type, yajl_t_string) : NULL;
    yajl_val v = doc ? yajl_tree_get(doc, p_value, yajl_t_string) : NULL;
    yajl_val f = doc ? yajl_tree_get(doc, p_path, yajl_t_string) : NULL;
    yajl_val who = doc ? yajl_tree_get(doc, p_person, yajl_t_string) : NULL;
    bs_element type = t ? bs_element_from_name(YAJL_GET_STRING(t)) : BS_EL_NONE;
    const char *who_text = who ? YAJL_GET_STRING(who) : NULL;
    const char *value = v ? YAJL_GET_STRING(v) : NULL, *path = f ? YAJL_GET_STRING(f) : NULL;
    int64_t *id = who_text ? bs_strmap_find(ids, who_text, strlen(who_text)) : NULL;
    if (type != BS_EL_NONE && value && path && id) {
      bs_buf_reset(&key);
      status = bs_buf_printf(&key, "%c%s\t%s", (char)type, value, path);
      int64_t *slot;
      int added;
      if (status == BS_OK)
        status = bs_strmap_upsert(owners, key.data, key.len, &slot, NULL, &added);
      if (status == BS_OK) *slot = added || *slot == *id ? *id : -1;
    }
    yajl_tree_free(doc);
  }
  free(line);
  fclose(in);
  bs_buf_free(&key);
  return status;
}

static int vote_cmp(const void *a, const void *b) {
  const vote *x = a, *y = b;
  if (x->person != y->person) return x->person < y->person ? -1 : 1;
  return (x->truth > y->truth) - (x->truth < y->truth);
}

/* The path relative to the truth folder: the suffix starting at "files/". */
static const char *relative(const char *path) {
  const char *p = strstr(path, "/files/");
  return p ? p + 1 : path;
}

bs_status bs_eval_persons(bs_eval_persons_result *out, bs_store *store, const char *truth_dir) {
  memset(out, 0, sizeof *out);
  sqlite3 *db = bs_store_db(store);
  sqlite3_stmt *stmt = NULL;
  /* Records by number (tables) and passages by rowid range (free text), apart: each
   * half then uses its index. */
  static const char sql[] =
      "SELECT pr.person, v.type, v.value, fi.path FROM person_records pr"
      " JOIN findings f ON f.content_id = pr.content_id AND f.record = pr.record"
      " JOIN vals v ON v.id = f.value_id"
      " JOIN files fi ON fi.content_id = f.content_id AND fi.status IN ('scanned', 'duplicate')"
      " WHERE +pr.record > 0" /* '+': keeps the planner on record = (not record >) */
      " UNION ALL "
      "SELECT pr.person, v.type, v.value, fi.path FROM person_records pr"
      " JOIN findings f ON f.rowid BETWEEN pr.first_rowid AND pr.last_rowid"
      "  AND f.content_id = pr.content_id AND COALESCE(f.record, 0) = 0"
      " JOIN vals v ON v.id = f.value_id"
      " JOIN files fi ON fi.content_id = f.content_id AND fi.status IN ('scanned', 'duplicate')"
      " WHERE pr.record = 0";
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) return BS_ENOTFOUND;
  bs_strmap *ids = NULL, *owners = NULL, *pairs = NULL;
  truth_person *truth = NULL;
  size_t truth_count = 0, vote_count = 0, vote_cap = 0;
  vote *votes = NULL;
  bs_status status = bs_strmap_create(&ids);
  if (status == BS_OK) status = bs_strmap_create(&owners);
  if (status == BS_OK) status = bs_strmap_create(&pairs);
  if (status == BS_OK) status = load_persons(ids, &truth, &truth_count, truth_dir);
  if (status == BS_OK) status = load_owners(owners, ids, truth_dir);
  bs_buf key;
  bs_buf_init(&key, MAX_LINE);
  while (status == BS_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    int64_t person = sqlite3_column_int64(stmt, 0);
    int type = sqlite3_column_int(stmt, 1);
    const char *value = (const char *)sqlite3_column_text(stmt, 2);
    const char *path = relative((const char *)sqlite3_column_text(stmt, 3));
    bs_buf_reset(&key);
    status = bs_buf_printf(&key, "%c%s\t%s", (char)type, value ? value : "", path);
    int64_t *owner = status == BS_OK ? bs_strmap_find(owners, key.data, key.len) : NULL;
    if (!owner || *owner <= 0) continue;
    char pair[32];
    int n = snprintf(pair, sizeof pair, "%lld:%lld", (long long)person, (long long)*owner);
    int64_t *slot;
    int added;
    status = bs_strmap_upsert(pairs, pair, (size_t)n, &slot, NULL, &added);
    if (status != BS_OK) break;
    if (added) {
      if (vote_count == vote_cap) {
        vote_cap = vote_cap ? vote_cap * 2 : 1024;
        vote *grown = bs_reallocarray(votes, vote_cap, sizeof *grown);
        if (!grown) {
          status = BS_ENOMEM;
          break;
        }
        votes = grown;
      }
      votes[vote_count] = (vote){person, (int32_t)(*owner - 1), 0};
      *slot = (int64_t)vote_count++;
    }
    if (votes) votes[*slot].count++;
  }
  sqlite3_finalize(stmt);
  /* Reported persons and their element types. */
  if (status == BS_OK &&
      sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM persons", -1, &stmt, NULL) == SQLITE_OK) {
    if (sqlite3_step(stmt) == SQLITE_ROW) out->reported = (uint64_t)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
  }
  if (status == BS_OK && votes) qsort(votes, vote_count, sizeof *votes, vote_cmp);
  sqlite3_stmt *elements = NULL;
  if (status == BS_OK && sqlite3_prepare_v2(db, "SELECT elements FROM persons WHERE id = ?", -1,
                                            &elements, NULL) != SQLITE_OK)
    status = BS_ESTORE;
  uint64_t matched_persons = 0;
  for (size_t i = 0; status == BS_OK && i < vote_count;) {
    size_t j = i, best = i;
    uint64_t total = 0;
    for (; j < vote_count && votes[j].person == votes[i].person; j++) {
      total += votes[j].count;
      if (votes[j].count > votes[best].count) best = j;
    }
    uint32_t second = 0;
    for (size_t k = i; k < j; k++)
      if (k != best && votes[k].count > second) second = votes[k].count;
    if (second >= 2 && (double)second >= MERGE_SHARE * (double)total) out->merged++;
    if (!truth || votes[best].truth < 0 || (size_t)votes[best].truth >= truth_count) {
      i = j;
      continue;
    }
    truth_person *t = &truth[votes[best].truth];
    t->matches++;
    matched_persons++;
    sqlite3_bind_int64(elements, 1, votes[i].person);
    if (sqlite3_step(elements) == SQLITE_ROW)
      t->reported |= types_of((const char *)sqlite3_column_text(elements, 0));
    sqlite3_reset(elements);
    i = j;
  }
  sqlite3_finalize(elements);
  out->truth = truth_count;
  out->not_persons = out->reported > matched_persons ? out->reported - matched_persons : 0;
  for (size_t i = 0; i < truth_count; i++) {
    if (!truth[i].matches) continue;
    out->found++;
    out->split += truth[i].matches > 1;
    out->exposure_exact += truth[i].reported == truth[i].exposed;
    for (int t = 0; t < BS_EL_COUNT; t++) {
      uint32_t bit = 1u << t;
      out->exposure_extra[t] += (truth[i].reported & bit) && !(truth[i].exposed & bit);
      out->exposure_missing[t] += !(truth[i].reported & bit) && (truth[i].exposed & bit);
    }
  }
  bs_buf_free(&key);
  bs_free(votes);
  bs_free(truth);
  bs_strmap_free(ids);
  bs_strmap_free(owners);
  bs_strmap_free(pairs);
  return status;
}
