/* Linking records into persons (see link.h): union-find over identified records, each
 * cluster keeping the dates of birth and name signatures of its records so that a join
 * can be refused when they disagree. */
#include "link/link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/strmap.h"

#define MAX_NAME_WORDS 8

static const char *const dropped_words[] = {"MR", "MRS", "MS", "MISS", "DR", "JR", "SR",
                                            "II", "III", "IV", "MD",   "RN", "PHD"};

static int word_cmp(const void *a, const void *b) { return strcmp(a, b); }

size_t bs_link_name_words(const char *name, char out[][32], size_t cap) {
  size_t n = 0;
  const char *p = name;
  while (*p && n < cap) {
    while (*p == ' ' || *p == '-' || *p == '\'') p++;
    size_t len = strcspn(p, " -'");
    if (len == 0) break;
    int keep = len >= 2 && len < 32;
    for (size_t i = 0; keep && i < sizeof dropped_words / sizeof dropped_words[0]; i++)
      if (strlen(dropped_words[i]) == len && !strncmp(p, dropped_words[i], len)) keep = 0;
    if (keep) {
      memcpy(out[n], p, len);
      out[n][len] = '\0';
      n++;
    }
    p += len;
  }
  qsort(out, n, sizeof out[0], word_cmp);
  return n;
}

/* A record's name as one string of its sorted words; "" when it has none. */
static void signature(char *out, size_t cap, const bs_record_set *set, const bs_record *r) {
  char full[512];
  if (r->name)
    snprintf(full, sizeof full, "%s", bs_records_value(set, r->name));
  else if (r->first && r->last)
    snprintf(full, sizeof full, "%s %s", bs_records_value(set, r->first),
             bs_records_value(set, r->last));
  else
    full[0] = '\0';
  char words[MAX_NAME_WORDS][32];
  size_t n = bs_link_name_words(full, words, MAX_NAME_WORDS);
  size_t len = 0;
  out[0] = '\0';
  for (size_t i = 0; i < n && len + strlen(words[i]) + 2 < cap; i++)
    len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " " : "", words[i]);
}

/* Two signatures name the same person: at least two words in common (a nickname counts
 * for its formal name: Bob Smith and Robert Smith), or all the words of a one-word name. */
static int names_agree(const bs_nicknames *nicknames, const char *a, const char *b) {
  char wa[MAX_NAME_WORDS][32], wb[MAX_NAME_WORDS][32];
  size_t na = bs_link_name_words(a, wa, MAX_NAME_WORDS),
         nb = bs_link_name_words(b, wb, MAX_NAME_WORDS);
  size_t common = 0;
  int used[MAX_NAME_WORDS] = {0};
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++)
      if (!used[j] && bs_nicknames_agree(nicknames, wa[i], wb[j])) {
        used[j] = 1;
        common++;
        break;
      }
  size_t need = na < nb ? na : nb;
  if (need > 2) need = 2;
  return need > 0 && common >= need;
}

typedef struct cluster {
  int32_t *dobs; /* distinct dates of birth */
  size_t dob_count;
  const char **names; /* distinct signatures (strings owned by the map) */
  size_t name_count;
} cluster;

typedef struct linker {
  const bs_record_set *set;
  size_t *parent;
  cluster *clusters; /* by root */
  const char **sig;  /* signature of each record, "" when none */
  bs_strmap *sigs;   /* interned signatures */
  bs_linkage *out;
  bs_strmap *reported;    /* keys already reported as issues */
  bs_nicknames nicknames; /* given names that stand for one another */
} linker;

static size_t find(linker *l, size_t i) {
  while (l->parent[i] != i) {
    l->parent[i] = l->parent[l->parent[i]];
    i = l->parent[i];
  }
  return i;
}

static int has_dob(const cluster *c, int32_t dob) {
  for (size_t i = 0; i < c->dob_count; i++)
    if (c->dobs[i] == dob) return 1;
  return 0;
}

static int has_name(const cluster *c, const char *name) {
  for (size_t i = 0; i < c->name_count; i++)
    if (c->names[i] == name) return 1;
  return 0;
}

/* 1 when nothing in the two clusters says they are different people. */
static int compatible(const bs_nicknames *nicknames, const cluster *a, const cluster *b) {
  int dob_agree = 0;
  for (size_t i = 0; i < a->dob_count; i++) dob_agree |= has_dob(b, a->dobs[i]);
  int dob_conflict = a->dob_count && b->dob_count && !dob_agree;
  int name_agree = 0;
  for (size_t i = 0; i < a->name_count && !name_agree; i++)
    for (size_t j = 0; j < b->name_count && !name_agree; j++)
      name_agree = names_agree(nicknames, a->names[i], b->names[j]);
  int name_conflict = a->name_count && b->name_count && !name_agree;
  return !dob_conflict && !(name_conflict && !dob_agree);
}

static bs_status add_join(bs_linkage *out, size_t a, size_t b, const char *reason) {
  if (out->join_count == out->join_cap) {
    size_t cap = out->join_cap ? out->join_cap * 2 : 1024;
    bs_link_join *joins = bs_reallocarray(out->joins, cap, sizeof *joins);
    if (!joins) return BS_ENOMEM;
    out->joins = joins;
    out->join_cap = cap;
  }
  out->joins[out->join_count++] = (bs_link_join){a, b, reason};
  return BS_OK;
}

static bs_status add_issue(linker *l, bs_element type, int64_t value_id, size_t record) {
  char key[32];
  int n = snprintf(key, sizeof key, "%d:%lld", (int)type, (long long)value_id);
  int64_t *slot;
  int added;
  bs_status status = bs_strmap_upsert(l->reported, key, (size_t)n, &slot, NULL, &added);
  if (status != BS_OK || !added) return status;
  bs_linkage *out = l->out;
  if (out->issue_count == out->issue_cap) {
    size_t cap = out->issue_cap ? out->issue_cap * 2 : 64;
    bs_link_issue *issues = bs_reallocarray(out->issues, cap, sizeof *issues);
    if (!issues) return BS_ENOMEM;
    out->issues = issues;
    out->issue_cap = cap;
  }
  out->issues[out->issue_count++] = (bs_link_issue){type, value_id, record};
  return BS_OK;
}

/* Appends b's lists to a's, without repeats. */
static bs_status absorb(cluster *a, cluster *b) {
  int32_t *dobs = bs_reallocarray(a->dobs, a->dob_count + b->dob_count + 1, sizeof *dobs);
  const char **names =
      dobs ? bs_reallocarray(a->names, a->name_count + b->name_count + 1, sizeof *names) : NULL;
  if (dobs) a->dobs = dobs;
  if (!dobs || !names) return BS_ENOMEM;
  a->names = names;
  for (size_t i = 0; i < b->dob_count; i++)
    if (!has_dob(a, b->dobs[i])) a->dobs[a->dob_count++] = b->dobs[i];
  for (size_t i = 0; i < b->name_count; i++)
    if (!has_name(a, b->names[i])) a->names[a->name_count++] = b->names[i];
  bs_free(b->dobs);
  bs_free(b->names);
  memset(b, 0, sizeof *b);
  return BS_OK;
}

/* Joins the clusters of records a and b if they are compatible; 1 when joined. */
static int join(linker *l, size_t a, size_t b, const char *reason, bs_status *status) {
  size_t ra = find(l, a), rb = find(l, b);
  if (ra == rb) return 1;
  if (!compatible(&l->nicknames, &l->clusters[ra], &l->clusters[rb])) return 0;
  cluster *ca = &l->clusters[ra], *cb = &l->clusters[rb];
  size_t big = ca->dob_count + ca->name_count >= cb->dob_count + cb->name_count ? ra : rb;
  size_t small = big == ra ? rb : ra;
  *status = absorb(&l->clusters[big], &l->clusters[small]);
  l->parent[small] = big;
  if (*status == BS_OK) *status = add_join(l->out, a, b, reason);
  return 1;
}

static const bs_element key_types[BS_KEY_COUNT] = {
#define BS_LINK_KEY_TYPE(id, type) type,
    BS_LINK_KEYS(BS_LINK_KEY_TYPE)
#undef BS_LINK_KEY_TYPE
};

/* Joins every record holding the same value of key k to the first record holding it. */
static bs_status link_by_key(linker *l, int k) {
  bs_strmap *first = NULL;
  bs_status status = bs_strmap_create(&first);
  const bs_record_set *set = l->set;
  for (size_t i = 0; status == BS_OK && i < set->count; i++) {
    const bs_record *r = &set->items[i];
    if (!r->identified || !r->keys[k]) continue;
    int64_t *slot;
    int added;
    status = bs_strmap_upsert(first, &r->keys[k], sizeof r->keys[k], &slot, NULL, &added);
    if (status != BS_OK) break;
    if (added) {
      *slot = (int64_t)i;
      continue;
    }
    if (!join(l, (size_t)*slot, i, bs_element_name(key_types[k]), &status) && status == BS_OK)
      status = add_issue(l, key_types[k], r->keys[k], i);
  }
  bs_strmap_free(first);
  return status;
}

/* Records sharing a date of birth and one name word, blocked together. */
typedef struct block_entry {
  const char *key; /* "YYYYMMDD|WORD", interned: equal keys are equal pointers */
  size_t record;   /* index */
} block_entry;

static int block_cmp(const void *a, const void *b) {
  const block_entry *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return (x->record > y->record) - (x->record < y->record);
}

/* Records compared in one block at most: a common word on a common date cannot make
 * the step quadratic. */
#define BLOCK_LIMIT 256

/* Joins records with the same date of birth whose names agree (nicknames allowed),
 * comparing only records that share the date and a name word. */
static bs_status link_by_name_dob(linker *l) {
  bs_strmap *keys = NULL;
  bs_status status = bs_strmap_create(&keys);
  size_t count = 0, cap = 0;
  block_entry *entries = NULL;
  char key[64], words[MAX_NAME_WORDS][32];
  for (size_t i = 0; status == BS_OK && i < l->set->count; i++) {
    const bs_record *r = &l->set->items[i];
    if (!r->identified || !r->dob || !l->sig[i][0]) continue;
    size_t n = bs_link_name_words(l->sig[i], words, MAX_NAME_WORDS);
    for (size_t w = 0; status == BS_OK && w < n; w++) {
      if (count == cap) {
        size_t grown_cap = cap ? cap * 2 : 1024;
        block_entry *grown = bs_reallocarray(entries, grown_cap, sizeof *grown);
        if (!grown) {
          status = BS_ENOMEM;
          break;
        }
        entries = grown;
        cap = grown_cap;
      }
      int len = snprintf(key, sizeof key, "%d|%s", (int)r->dob, words[w]);
      int64_t *slot;
      const char *stored;
      status = bs_strmap_upsert(keys, key, (size_t)len, &slot, &stored, NULL);
      if (status == BS_OK) entries[count++] = (block_entry){stored, i};
    }
  }
  if (status == BS_OK && count) qsort(entries, count, sizeof *entries, block_cmp);
  for (size_t from = 0; status == BS_OK && from < count;) {
    size_t to = from;
    while (to < count && entries[to].key == entries[from].key) to++;
    size_t end = to - from > BLOCK_LIMIT ? from + BLOCK_LIMIT : to;
    for (size_t i = from; status == BS_OK && i < end; i++)
      for (size_t j = i + 1; status == BS_OK && j < end; j++) {
        size_t a = entries[i].record, b = entries[j].record;
        if (find(l, a) != find(l, b) && names_agree(&l->nicknames, l->sig[a], l->sig[b]))
          join(l, a, b, "name+dob", &status);
      }
    from = to;
  }
  bs_free(entries);
  bs_strmap_free(keys);
  return status;
}

bs_status bs_link(bs_linkage *out, const bs_record_set *set) {
  memset(out, 0, sizeof *out);
  size_t n = set->count;
  linker l = {.set = set, .out = out};
  l.parent = bs_calloc(n + 1, sizeof *l.parent);
  l.clusters = bs_calloc(n + 1, sizeof *l.clusters);
  l.sig = bs_calloc(n + 1, sizeof *l.sig);
  out->person = bs_calloc(n + 1, sizeof *out->person);
  bs_status status = l.parent && l.clusters && l.sig && out->person ? BS_OK : BS_ENOMEM;
  if (status == BS_OK) status = bs_strmap_create(&l.sigs);
  if (status == BS_OK) status = bs_strmap_create(&l.reported);
  if (status == BS_OK) status = bs_nicknames_load(&l.nicknames);
  char sig[512];
  for (size_t i = 0; status == BS_OK && i < n; i++) {
    const bs_record *r = &set->items[i];
    l.parent[i] = i;
    signature(sig, sizeof sig, set, r);
    int64_t *slot;
    status = bs_strmap_upsert(l.sigs, sig, strlen(sig), &slot, &l.sig[i], NULL);
    cluster *c = &l.clusters[i];
    if (status == BS_OK && r->dob) {
      c->dobs = bs_malloc(sizeof *c->dobs);
      if (!c->dobs)
        status = BS_ENOMEM;
      else
        c->dobs[c->dob_count++] = r->dob;
    }
    if (status == BS_OK && sig[0]) {
      c->names = bs_malloc(sizeof *c->names);
      if (!c->names)
        status = BS_ENOMEM;
      else
        c->names[c->name_count++] = l.sig[i];
    }
  }
  for (int k = 0; status == BS_OK && k < BS_KEY_COUNT; k++) status = link_by_key(&l, k);
  if (status == BS_OK) status = link_by_name_dob(&l);
  /* Persons numbered in record order: stable for the same findings. */
  size_t *number = bs_calloc(n + 1, sizeof *number);
  if (status == BS_OK && !number) status = BS_ENOMEM;
  for (size_t i = 0; status == BS_OK && i < n; i++) {
    if (!set->items[i].identified) {
      out->person[i] = SIZE_MAX;
      continue;
    }
    size_t root = find(&l, i);
    if (!number[root]) number[root] = ++out->persons;
    out->person[i] = number[root] - 1;
  }
  bs_free(number);
  for (size_t i = 0; l.clusters && i < n; i++) {
    bs_free(l.clusters[i].dobs);
    bs_free(l.clusters[i].names);
  }
  bs_free(l.clusters);
  bs_free(l.parent);
  bs_free(l.sig);
  bs_strmap_free(l.sigs);
  bs_strmap_free(l.reported);
  bs_nicknames_free(&l.nicknames);
  return status;
}

void bs_linkage_free(bs_linkage *linkage) {
  bs_free(linkage->person);
  bs_free(linkage->joins);
  bs_free(linkage->issues);
  memset(linkage, 0, sizeof *linkage);
}
