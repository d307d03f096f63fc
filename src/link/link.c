/* Linking records into persons (see link.h): union-find over identified records, each
 * cluster keeping the dates of birth and names of its records so that a join can be
 * refused when they disagree; primary identifiers first, then the probabilistic step. */
#include "link/link.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/fold.h"
#include "link/compare.h"
#include "link/linker.h"

#define MAX_NAME_WORDS  8
/* A full name's order is taken as known when one reading is this many bits likelier
 * (2^4: sixteen times) by the frequencies of given names and surnames. */
#define ORDER_BITS      4.0
/* ... and beyond doubt, so that two given names that differ in it are two people. */
#define FIRM_ORDER_BITS 12.0

static const char *const titles[] = {"MR", "MRS", "MS", "MISS", "DR", "MD", "RN", "PHD"};
static const char *const suffixes[] = {"JR", "SR", "II", "III", "IV"};

static int is_one_of(const char *p, size_t len, const char *const *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strlen(list[i]) == len && !strncmp(p, list[i], len)) return (int)i + 1;
  return 0;
}

static int word_cmp(const void *a, const void *b) { return strcmp(a, b); }

size_t bs_link_name_words(const char *name, char out[][32], size_t cap) {
  size_t n = 0;
  const char *p = name;
  while (*p && n < cap) {
    while (*p == ' ' || *p == '-' || *p == '\'') p++;
    size_t len = strcspn(p, " -'");
    if (len == 0) break;
    int keep =
        len >= 2 && len < 32 && !is_one_of(p, len, titles, 8) && !is_one_of(p, len, suffixes, 5);
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

void bs_link_options_default(bs_link_options *options) {
  *options = (bs_link_options){.match_weight = BS_LINK_MATCH_WEIGHT,
                               .review_weight = BS_LINK_REVIEW_WEIGHT,
                               .contact_cap = BS_LINK_CONTACT_CAP,
                               .estimate = 0,
                               .decisions = NULL};
}

/* A record's full name: its name, else its first and last names; accents folded, so
 * that "JOSÉ" and "JOSE" are one word. */
static void full_name(char *out, size_t cap, const bs_record_set *set, const bs_record *r) {
  char raw[512];
  if (r->name)
    snprintf(raw, sizeof raw, "%s", bs_records_value(set, r->name));
  else if (r->first || r->last)
    snprintf(raw, sizeof raw, "%s %s", bs_records_value(set, r->first),
             bs_records_value(set, r->last));
  else
    raw[0] = '\0';
  bs_fold_marks(out, cap, raw, strlen(raw));
}

/* A record's name as one string of its sorted words; "" when it has none. */
static void signature(char *out, size_t cap, const char *full) {
  char words[MAX_NAME_WORDS][32];
  size_t n = bs_link_name_words(full, words, MAX_NAME_WORDS);
  size_t len = 0;
  out[0] = '\0';
  for (size_t i = 0; i < n && len + strlen(words[i]) + 2 < cap; i++)
    len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? " " : "", words[i]);
}

static bs_status intern(bs_linker *l, const char *word, size_t len, const char **out) {
  int64_t *slot;
  return bs_strmap_upsert(l->words, word, len, &slot, out, NULL);
}

/* The words of a name in their order, titles dropped, the suffix noted; a hyphenated or
 * two-word surname stays one word when it comes from a last-name field. */
static bs_status parse_name(bs_linker *l, const bs_record *r, bs_parsed_name *out) {
  const bs_record_set *set = l->set;
  memset(out, 0, sizeof *out);
  bs_status status = BS_OK;
  if (!r->name && r->first && r->last) {
    char first[256], last[256];
    const char *raw_first = bs_records_value(set, r->first);
    const char *raw_last = bs_records_value(set, r->last);
    bs_fold_marks(first, sizeof first, raw_first, strlen(raw_first));
    bs_fold_marks(last, sizeof last, raw_last, strlen(raw_last));
    size_t flen = strcspn(first, " ");
    out->ordered = out->firm = 1;
    status = intern(l, first, flen, &out->a);
    if (status == BS_OK) status = intern(l, last, strlen(last), &out->b);
    return status;
  }
  char full[256];
  full_name(full, sizeof full, set, r);
  const char *words[MAX_NAME_WORDS];
  size_t lens[MAX_NAME_WORDS], n = 0;
  for (const char *p = full; *p && n < MAX_NAME_WORDS;) {
    while (*p == ' ') p++;
    size_t len = strcspn(p, " ");
    if (!len) break;
    int suffix = is_one_of(p, len, suffixes, 5);
    if (suffix && n)
      out->suffix = (uint8_t)suffix;
    else if (!is_one_of(p, len, titles, 8)) {
      words[n] = p;
      lens[n++] = len;
    }
    p += len;
  }
  /* The first and last words that are more than an initial; an initial only when the
   * name has a single long word ("C LUU"). */
  size_t first = n, last = n;
  for (size_t i = 0; i < n; i++)
    if (lens[i] > 1) {
      if (first == n) first = i;
      last = i;
    }
  if (first == n) return BS_OK;
  if (first == last) {
    size_t initial = n;
    for (size_t i = 0; i < n && initial == n; i++)
      if (i != first) initial = i;
    if (initial == n) return intern(l, words[first], lens[first], &out->a);
    size_t x = initial < first ? initial : first, y = initial < first ? first : initial;
    status = intern(l, words[x], lens[x], &out->a);
    if (status == BS_OK) status = intern(l, words[y], lens[y], &out->b);
    return status;
  }
  status = intern(l, words[first], lens[first], &out->a);
  if (status == BS_OK) status = intern(l, words[last], lens[last], &out->b);
  if (status == BS_OK) {
    double order = bs_name_roles_order(&l->roles, out->a, out->b);
    if (order >= ORDER_BITS || order <= -ORDER_BITS) out->ordered = 1;
    if (order >= FIRM_ORDER_BITS || order <= -FIRM_ORDER_BITS) out->firm = 1;
    if (order <= -ORDER_BITS) { /* "SMITH JOHN" */
      const char *given = out->b;
      out->b = out->a;
      out->a = given;
    }
  }
  return status;
}

/* Jr. and Sr. (or II and III) cannot be one person. */
static int suffixes_conflict(uint8_t x, uint8_t y) { return x && y && x != y; }

static int words_agree(const bs_linker *l, const char *x, const char *y, int given) {
  bs_name_level level = bs_compare_name(given ? &l->nicknames : NULL, x, y);
  return level != BS_NAME_DIFFERENT;
}

int bs_linker_names_conflict(const bs_linker *l, const bs_parsed_name *x, const bs_parsed_name *y) {
  if (suffixes_conflict(x->suffix, y->suffix)) return 1;
  if (!x->a || !y->a || !x->b || !y->b) return 0;
  /* Given names, in whichever reading makes them closest: they must agree in one. */
  int straight = words_agree(l, x->a, y->a, 1);
  if (straight) return 0;
  if (x->firm && y->firm) return 1;
  /* An order in doubt: "FRANCIS NICHOLAS" may be either way round. */
  int crossed = 0;
  if (!x->firm && !y->firm)
    crossed = words_agree(l, x->b, y->b, 1) || words_agree(l, x->a, y->b, 1) ||
              words_agree(l, x->b, y->a, 1);
  else if (!x->firm)
    crossed = words_agree(l, x->b, y->a, 1);
  else
    crossed = words_agree(l, x->a, y->b, 1);
  return !crossed;
}

/* Two signatures name the same person: at least two words in common (a nickname or a
 * typo counts: Bob Smith and Robert Smith), or all the words of a one-word name. */
static int names_agree(const bs_linker *l, const char *a, const char *b) {
  char wa[MAX_NAME_WORDS][32], wb[MAX_NAME_WORDS][32];
  size_t na = bs_link_name_words(a, wa, MAX_NAME_WORDS),
         nb = bs_link_name_words(b, wb, MAX_NAME_WORDS);
  size_t common = 0;
  int used[MAX_NAME_WORDS] = {0};
  for (size_t i = 0; i < na; i++)
    for (size_t j = 0; j < nb; j++)
      if (!used[j] && words_agree(l, wa[i], wb[j], 1)) {
        used[j] = 1;
        common++;
        break;
      }
  size_t need = na < nb ? na : nb;
  if (need > 2) need = 2;
  return need > 0 && common >= need;
}

size_t bs_linker_find(bs_linker *l, size_t i) {
  while (l->parent[i] != i) {
    l->parent[i] = l->parent[l->parent[i]];
    i = l->parent[i];
  }
  return i;
}

static int has_dob(const bs_cluster *c, int32_t dob) {
  for (size_t i = 0; i < c->dob_count; i++)
    if (c->dobs[i] == dob) return 1;
  return 0;
}

int bs_linker_compatible(bs_linker *l, size_t ra, size_t rb) {
  const bs_cluster *a = &l->clusters[ra], *b = &l->clusters[rb];
  int dob_agree = 0, dob_near = 0;
  for (size_t i = 0; i < a->dob_count; i++)
    for (size_t j = 0; j < b->dob_count; j++) {
      bs_dob_level level = bs_compare_dob(a->dobs[i], b->dobs[j]);
      dob_agree |= level == BS_DOB_EXACT;
      dob_near |= level == BS_DOB_SWAPPED || level == BS_DOB_TYPO;
    }
  if (a->dob_count && b->dob_count && !dob_agree && !dob_near) return 0;
  /* Names conflict when no name of one can be a name of the other: a person's records
   * with two different typos of her given name may disagree with each other. */
  int name_agree = 0, name_fits = 0;
  for (size_t i = 0; i < a->name_count; i++)
    for (size_t j = 0; j < b->name_count; j++) {
      uint32_t x = a->names[i], y = b->names[j];
      if (!name_fits) name_fits = !bs_linker_names_conflict(l, &l->names[x], &l->names[y]);
      if (!name_agree) name_agree = names_agree(l, l->sig[x], l->sig[y]);
    }
  if (a->name_count && b->name_count && !name_fits) return 0;
  int names_disagree = a->name_count && b->name_count && !name_agree;
  return !(names_disagree && !dob_agree);
}

static bs_status add_join(bs_linkage *out, size_t a, size_t b, double score, const char *reason) {
  if (out->join_count == out->join_cap) {
    size_t cap = out->join_cap ? out->join_cap * 2 : 1024;
    bs_link_join *joins = bs_reallocarray(out->joins, cap, sizeof *joins);
    if (!joins) return BS_ENOMEM;
    out->joins = joins;
    out->join_cap = cap;
  }
  bs_link_join *j = &out->joins[out->join_count++];
  j->a = a;
  j->b = b;
  j->score = score;
  snprintf(j->reason, sizeof j->reason, "%s", reason);
  return BS_OK;
}

static bs_status add_issue(bs_linker *l, bs_element type, int64_t value_id, size_t record) {
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
static bs_status absorb(bs_linker *l, bs_cluster *a, bs_cluster *b) {
  int32_t *dobs = bs_reallocarray(a->dobs, a->dob_count + b->dob_count + 1, sizeof *dobs);
  uint32_t *names =
      dobs ? bs_reallocarray(a->names, a->name_count + b->name_count + 1, sizeof *names) : NULL;
  if (dobs) a->dobs = dobs;
  if (!dobs || !names) return BS_ENOMEM;
  a->names = names;
  for (size_t i = 0; i < b->dob_count; i++)
    if (!has_dob(a, b->dobs[i])) a->dobs[a->dob_count++] = b->dobs[i];
  for (size_t i = 0; i < b->name_count; i++) {
    int seen = 0;
    for (size_t j = 0; j < a->name_count && !seen; j++)
      seen = l->sig[a->names[j]] == l->sig[b->names[i]];
    if (!seen) a->names[a->name_count++] = b->names[i];
  }
  bs_free(b->dobs);
  bs_free(b->names);
  memset(b, 0, sizeof *b);
  return BS_OK;
}

int bs_linker_join(bs_linker *l, size_t a, size_t b, double score, const char *reason,
                   bs_status *status) {
  size_t ra = bs_linker_find(l, a), rb = bs_linker_find(l, b);
  if (ra == rb) return 1;
  if (!bs_linker_compatible(l, ra, rb)) return 0;
  bs_cluster *ca = &l->clusters[ra], *cb = &l->clusters[rb];
  size_t big = ca->dob_count + ca->name_count >= cb->dob_count + cb->name_count ? ra : rb;
  size_t small = big == ra ? rb : ra;
  *status = absorb(l, &l->clusters[big], &l->clusters[small]);
  l->parent[small] = big;
  if (*status == BS_OK) *status = add_join(l->out, a, b, score, reason);
  return 1;
}

static const bs_element key_types[BS_KEY_COUNT] = {
#define BS_LINK_KEY_TYPE(id, type) type,
    BS_LINK_KEYS(BS_LINK_KEY_TYPE)
#undef BS_LINK_KEY_TYPE
};

/* Joins every record holding the same value of key k to the first record holding it. */
static bs_status link_by_key(bs_linker *l, int k) {
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
    if (!bs_linker_join(l, (size_t)*slot, i, 0, bs_element_name(key_types[k]), &status) &&
        status == BS_OK)
      status = add_issue(l, key_types[k], r->keys[k], i);
  }
  bs_strmap_free(first);
  return status;
}

/* Each record a cluster of its own, with its date of birth and name. */
static bs_status start_clusters(bs_linker *l) {
  const bs_record_set *set = l->set;
  char full[256], sig[256];
  bs_status status = BS_OK;
  for (size_t i = 0; status == BS_OK && i < set->count; i++) {
    const bs_record *r = &set->items[i];
    l->parent[i] = i;
    full_name(full, sizeof full, set, r);
    signature(sig, sizeof sig, full);
    status = intern(l, sig, strlen(sig), &l->sig[i]);
    if (status == BS_OK) status = parse_name(l, r, &l->names[i]);
    bs_cluster *c = &l->clusters[i];
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
        c->names[c->name_count++] = (uint32_t)i;
    }
  }
  return status;
}

bs_status bs_link(bs_linkage *out, const bs_record_set *set, const bs_link_options *options) {
  memset(out, 0, sizeof *out);
  bs_link_options defaults;
  bs_link_options_default(&defaults);
  size_t n = set->count;
  if (n >= UINT32_MAX) return BS_ELIMIT;
  bs_linker l = {.set = set, .out = out, .options = options ? options : &defaults};
  l.parent = bs_calloc(n + 1, sizeof *l.parent);
  l.clusters = bs_calloc(n + 1, sizeof *l.clusters);
  l.sig = bs_calloc(n + 1, sizeof *l.sig);
  l.names = bs_calloc(n + 1, sizeof *l.names);
  out->person = bs_calloc(n + 1, sizeof *out->person);
  bs_status status = l.parent && l.clusters && l.sig && l.names && out->person ? BS_OK : BS_ENOMEM;
  if (status == BS_OK) status = bs_strmap_create(&l.words);
  if (status == BS_OK) status = bs_strmap_create(&l.reported);
  if (status == BS_OK) status = bs_nicknames_load(&l.nicknames);
  if (status == BS_OK) status = bs_name_roles_load(&l.roles);
  if (status == BS_OK) status = start_clusters(&l);
  /* A document's subject again after someone else was mentioned in a sentence, a row of
   * its table that names no one, a FHIR resource and its patient, and a message's
   * sender again in its signature. */
  for (size_t i = 0; status == BS_OK && i < n; i++) {
    const bs_record *r = &set->items[i];
    if (!r->continues || !r->identified) continue;
    const char *reason = r->signature      ? "same message, the sender's signature"
                         : r->by_reference ? "same FHIR patient"
                         : r->number       ? "same document, a row of its table"
                                           : "same document, after a mention";
    bs_linker_join(&l, r->continues - 1, i, 0, reason, &status);
  }
  for (int k = 0; status == BS_OK && k < BS_KEY_COUNT; k++) status = link_by_key(&l, k);
  if (status == BS_OK) status = bs_match_run(&l);
  /* Persons numbered in record order: stable for the same findings. */
  size_t *number = bs_calloc(n + 1, sizeof *number);
  if (status == BS_OK && !number) status = BS_ENOMEM;
  for (size_t i = 0; status == BS_OK && i < n; i++) {
    if (!set->items[i].identified) {
      out->person[i] = SIZE_MAX;
      continue;
    }
    size_t root = bs_linker_find(&l, i);
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
  bs_free(l.names);
  bs_strmap_free(l.words);
  bs_strmap_free(l.reported);
  bs_nicknames_free(&l.nicknames);
  bs_name_roles_free(&l.roles);
  return status;
}

void bs_linkage_free(bs_linkage *linkage) {
  bs_free(linkage->person);
  bs_free(linkage->joins);
  bs_free(linkage->issues);
  bs_free(linkage->reviews);
  memset(linkage, 0, sizeof *linkage);
}
