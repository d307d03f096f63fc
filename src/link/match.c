/* The probabilistic step of linking, in the Fellegi-Sunter manner (see link.h).
 *
 * Each comparison of two records gives a level (exact, nickname, phonetic, typo, ...)
 * and each level a weight log2(m / u): m the chance of that level when the records are
 * one person's, u when they are two people's. m comes from the defaults below (close to
 * the published values for person files, e.g. Winkler 1990); u for an exact agreement is
 * the value's own frequency among the people (agreeing on a rare surname says more than
 * agreeing on Smith), for the other levels the defaults below. A pair's score is the sum
 * of its weights less log2 of the number of people (the prior odds that two records
 * are one person's), i.e. the posterior log-odds; phone, e-mail, address and ZIP add at most
 * options->contact_cap and never subtract (they support, never force or block). Candidate pairs
 * come from blocks: records sharing a birth date (day and month in either order), a surname code
 * with the given name's initial, a phone, an e-mail or a street address. Within a block records are
 * sorted by a name word and each is compared with the next BLOCK_WINDOW only (the
 * sorted-neighbourhood method), so that the step stays linear on common names. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "detect/refdata.h"
#include "link/compare.h"
#include "link/linker.h"

#define BLOCK_WINDOW     64
/* A rival for a record known by name alone counts when its score is within this many
 * bits of the best (2^6: 64 times less likely is no rival). */
#define AMBIGUITY_MARGIN 6.0

/* m and u of the levels whose u does not come from a value's frequency. */
typedef struct level_odds {
  double m, u;
} level_odds;

static const level_odds given_odds[BS_NAME_LEVELS] = {
    [BS_NAME_EXACT] = {0.90, 0},        [BS_NAME_NICKNAME] = {0.04, 0.002},
    [BS_NAME_PHONETIC] = {0.03, 0.002}, [BS_NAME_TYPO] = {0.03, 0.001},
    [BS_NAME_INITIAL] = {0.02, 0.06},   [BS_NAME_DIFFERENT] = {0.01, 0.95},
};
static const level_odds surname_odds[BS_NAME_LEVELS] = {
    [BS_NAME_EXACT] = {0.90, 0},        [BS_NAME_NICKNAME] = {0.01, 0.002},
    [BS_NAME_PHONETIC] = {0.03, 0.002}, [BS_NAME_TYPO] = {0.03, 0.001},
    [BS_NAME_INITIAL] = {0.02, 0.06},   [BS_NAME_DIFFERENT] = {0.02, 0.95},
};
/* Dates of birth by bs_dob_level; u of an exact date is its frequency. */
#define DOB_LEVELS 5
static const level_odds dob_odds[DOB_LEVELS] = {
    [BS_DOB_EXACT] = {0.93, 0},
    [BS_DOB_SWAPPED] = {0.01, 0.0003},
    [BS_DOB_TYPO] = {0.03, 0.003},
    [BS_DOB_DIFFERENT] = {0.03, 0.99},
};
/* EM (see estimate_m): pairs sampled, rounds at most, the change that ends it, and the
 * weight of the defaults (as pseudo-matches) that keeps a level seen in no sampled
 * match from falling to zero. */
#define EM_SAMPLE      1000000
#define EM_ROUNDS      30
#define EM_CONVERGED   1e-5
#define EM_PRIOR_PAIRS 10.0
#define CONTACT_M      0.50 /* people move and change numbers */
#define ZIP_M          0.80
#define KEY_DIFFERENT                                                                              \
  (level_odds) { 0.02, 0.98 } /* two SSNs: two people, or a typo */
#define MIN_FREQUENCY      1e-7
#define PRIOR_PEOPLE       200.0
#define NAME_POPULATION    0.001  /* a given name or surname among people at large */
#define DOB_POPULATION     3.4e-5 /* one day in eighty years */
#define CONTACT_POPULATION 1e-4   /* a phone, e-mail, address; a ZIP is more common */
#define ZIP_POPULATION     1e-3

static const char *const name_level_names[BS_NAME_LEVELS] = {
    "missing", "exact", "nickname", "phonetic", "typo", "initial", "different"};
static const char *const dob_level_names[] = {"missing", "exact", "swapped", "typo", "different"};

/* Compared fields whose m the EM step estimates. */
enum { FIELD_GIVEN, FIELD_SURNAME, FIELD_DOB, FIELDS };
#define MAX_LEVELS BS_NAME_LEVELS

typedef struct matcher {
  bs_linker *l;
  bs_strmap *counts;            /* name word, "D" date, "V" value id -> people holding it */
  double identities;            /* people (distinct name and date of birth) */
  double m[FIELDS][MAX_LEVELS]; /* m of each level of each field: defaults, then EM's */
  double u[FIELDS][MAX_LEVELS]; /* u of the levels but exact (a value's own frequency) */
  bs_strmap *places;            /* interned streets and units */
  const char **street;          /* each record's street address without its unit, or NULL */
  const char **unit;            /* and its unit's number ("APT 5", "#5": "5"), or NULL */
} matcher;

/* The levels of a pair's compared fields (0: missing), and the part of its score that
 * does not depend on m. */
typedef struct comparison {
  uint8_t level[FIELDS];
  float rest;     /* the score less the m terms */
  float contacts; /* of which phone, e-mail, address and ZIP */
} comparison;

typedef struct pair {
  uint32_t a, b;
  float score;
} pair;

static double log2_odds(level_odds o) { return log2(o.m / o.u); }

static bs_status count_key(matcher *mt, const void *key, size_t len) {
  int64_t *slot;
  bs_status status = bs_strmap_upsert(mt->counts, key, len, &slot, NULL, NULL);
  if (status == BS_OK) ++*slot;
  return status;
}

/* A value's frequency among the people, smoothed toward a population default (as if
 * PRIOR_PEOPLE more people had been seen): in a small case every name is "unique", which
 * says little. */
static double frequency(const matcher *mt, const void *key, size_t len, double population) {
  const int64_t *slot = bs_strmap_find(mt->counts, key, len);
  double seen = slot ? (double)*slot : 0;
  double f = (seen + PRIOR_PEOPLE * population) / (mt->identities + PRIOR_PEOPLE);
  return f > MIN_FREQUENCY ? f : MIN_FREQUENCY;
}

/* A count's key for a number: a tag byte and the number's bytes (no padding). */
typedef struct value_key {
  unsigned char bytes[1 + sizeof(int64_t)];
} value_key;

static value_key vkey(char tag, int64_t id) {
  value_key k;
  k.bytes[0] = (unsigned char)tag;
  memcpy(k.bytes + 1, &id, sizeof id);
  return k;
}

/* Frequencies are counted once per person, not per record: a patient with forty claims
 * does not make her name common. A person is approximated by a distinct (name, date of
 * birth); records without a date of birth are not counted (unless no record has one). */
typedef struct identity_key {
  unsigned char bytes[1 + sizeof(void *) + sizeof(int32_t) + sizeof(int64_t)];
} identity_key;

static identity_key ikey(char tag, const void *sig, int32_t dob, int64_t value) {
  identity_key k;
  k.bytes[0] = (unsigned char)tag;
  memcpy(k.bytes + 1, &sig, sizeof sig);
  memcpy(k.bytes + 1 + sizeof sig, &dob, sizeof dob);
  memcpy(k.bytes + 1 + sizeof sig + sizeof dob, &value, sizeof value);
  return k;
}

/* ---- Street addresses ---------------------------------------------------------------- */

/* The unit number of a word sequence that starts with a unit designator (Pub 28: APT,
 * STE, UNIT, ...) or "#": "APT 5" and "# 5" and "#5" -> "5"; NULL for anything else. */
static const char *unit_number(const bs_refdata *ref, const char *words) {
  size_t len = strcspn(words, " ");
  if (words[0] == '#') return len > 1 ? words + 1 : words[1] == ' ' ? words + 2 : NULL;
  if (!bs_refdata_unit(ref, words, len) || words[len] != ' ') return NULL;
  return words + len + 1;
}

static bs_status intern_place(matcher *mt, const char *text, size_t len, const char **out) {
  int64_t *slot;
  return bs_strmap_upsert(mt->places, text, len, &slot, out, NULL);
}

/* Each record's street and unit, whichever component the unit came in: one line ("25
 * MORGAN TER APT 366") or a second line of its own ("APT 366": HL7's other designation,
 * X12's N302, a FHIR address's second line). Compared so, a record whose format keeps
 * the unit apart, or drops it, still agrees with the one-line form of the address. */
static bs_status split_addresses(matcher *mt, const bs_refdata *ref) {
  const bs_record_set *set = mt->l->set;
  mt->street = bs_calloc(set->count + 1, sizeof *mt->street);
  mt->unit = bs_calloc(set->count + 1, sizeof *mt->unit);
  if (!mt->street || !mt->unit) return BS_ENOMEM;
  bs_status status = BS_OK;
  for (size_t i = 0; status == BS_OK && i < set->count; i++) {
    const bs_record *r = &set->items[i];
    if (!r->address) continue;
    const char *address = bs_records_value(set, r->address), *unit = NULL;
    size_t street_len = strlen(address);
    for (const char *p = strchr(address, ' '); p && !unit; p = strchr(p + 1, ' ')) {
      unit = unit_number(ref, p + 1);
      if (unit) street_len = (size_t)(p - address);
    }
    if (!unit && r->address2) unit = unit_number(ref, bs_records_value(set, r->address2));
    status = intern_place(mt, address, street_len, &mt->street[i]);
    if (status == BS_OK && unit && *unit)
      status = intern_place(mt, unit, strlen(unit), &mt->unit[i]);
  }
  return status;
}

/* 1 when records i and j give one street address: the same street, and the same unit
 * unless one of them gives none. */
static int same_address(const matcher *mt, size_t i, size_t j) {
  if (!mt->street[i] || mt->street[i] != mt->street[j]) return 0;
  return !mt->unit[i] || !mt->unit[j] || mt->unit[i] == mt->unit[j];
}

static bs_status count_all(matcher *mt) {
  const bs_record_set *set = mt->l->set;
  bs_strmap *seen = NULL;
  bs_status status = bs_strmap_create(&seen);
  int any_dob = 0;
  for (size_t i = 0; i < set->count && !any_dob; i++)
    any_dob = set->items[i].identified && set->items[i].dob && mt->l->names[i].a;
  for (size_t i = 0; status == BS_OK && i < set->count; i++) {
    const bs_record *r = &set->items[i];
    const bs_parsed_name *n = &mt->l->names[i];
    if (!r->identified || !n->a || (any_dob && !r->dob)) continue;
    const char *sig = mt->l->sig[i];
    identity_key id = ikey('I', sig, r->dob, any_dob ? 0 : (int64_t)i);
    int64_t *slot;
    int added;
    status = bs_strmap_upsert(seen, id.bytes, sizeof id.bytes, &slot, NULL, &added);
    if (status == BS_OK && added) {
      mt->identities++;
      status = count_key(mt, n->a, strlen(n->a));
      if (status == BS_OK && n->b && n->b != n->a) status = count_key(mt, n->b, strlen(n->b));
      if (status == BS_OK && r->dob) {
        value_key k = vkey('D', r->dob);
        status = count_key(mt, k.bytes, sizeof k.bytes);
      }
    }
    /* A street counts by itself (without its unit): the people of a building. */
    const int64_t contacts[] = {r->phone, r->email, (int64_t)(intptr_t)mt->street[i], r->zip};
    for (size_t c = 0; status == BS_OK && c < 4; c++) {
      if (!contacts[c]) continue;
      char tag = c == 2 ? 'A' : 'V';
      identity_key once = ikey(c == 2 ? 'T' : 'S', sig, r->dob, contacts[c]);
      status = bs_strmap_upsert(seen, once.bytes, sizeof once.bytes, &slot, NULL, &added);
      if (status == BS_OK && added) {
        value_key k = vkey(tag, contacts[c]);
        status = count_key(mt, k.bytes, sizeof k.bytes);
      }
    }
  }
  bs_strmap_free(seen);
  if (mt->identities < 1) mt->identities = 1;
  return status;
}

static double name_weight(const matcher *mt, const char *x, const char *y, int given,
                          bs_name_level *level) {
  *level = bs_compare_name(given ? &mt->l->nicknames : NULL, x, y);
  if (*level == BS_NAME_MISSING) return 0;
  const level_odds *odds = given ? given_odds : surname_odds;
  double m = mt->m[given ? FIELD_GIVEN : FIELD_SURNAME][*level];
  (void)odds;
  if (*level == BS_NAME_EXACT) return log2(m / frequency(mt, x, strlen(x), NAME_POPULATION));
  return log2(m / mt->u[given ? FIELD_GIVEN : FIELD_SURNAME][*level]);
}

static int append(char *out, size_t cap, size_t *len, const char *label, const char *a) {
  if (!out || *len >= cap) return 0;
  int n = snprintf(out + *len, cap - *len, "%s%s", label, a);
  if (n > 0) *len += (size_t)n;
  return 1;
}

/* The score of records i and j; their evidence ("given=exact surname=typo dob=exact
 * phone") written to evidence when not NULL. *unsupported (when not NULL): 1 when the
 * surnames differ and no contact detail agrees: a married name, or two people born the
 * same day with one given name; either way not for joining unaided. */
static double score_pair(const matcher *mt, size_t i, size_t j, char *evidence, size_t cap,
                         int *unsupported, comparison *cmp) {
  const bs_record_set *set = mt->l->set;
  const bs_record *x = &set->items[i], *y = &set->items[j];
  const bs_parsed_name *nx = &mt->l->names[i], *ny = &mt->l->names[j];
  size_t len = 0;
  if (evidence) evidence[0] = '\0';
  /* The prior: one chance in (people) that two records are one person's. Scores are
   * thus posterior log-odds: above 0, more likely one person than two. */
  double score = -log2(mt->identities);
  int surname_differs = 0, supported = 0;
  uint8_t levels[FIELDS] = {0};
  /* Names: in the reading (given-surname or surname-given) that fits best. */
  if (nx->a && ny->a) {
    double best = -INFINITY;
    bs_name_level best_g = BS_NAME_MISSING, best_s = BS_NAME_MISSING;
    int rx = nx->ordered || !nx->b ? 1 : 2, ry = ny->ordered || !ny->b ? 1 : 2;
    for (int u = 0; u < rx; u++)
      for (int v = 0; v < ry; v++) {
        const char *xg = u ? nx->b : nx->a, *xs = u ? nx->a : nx->b;
        const char *yg = v ? ny->b : ny->a, *ys = v ? ny->a : ny->b;
        bs_name_level g, s = BS_NAME_MISSING;
        double w = name_weight(mt, xg, yg, 1, &g);
        if (xs && ys) w += name_weight(mt, xs, ys, 0, &s);
        if (w > best) {
          best = w;
          best_g = g;
          best_s = s;
        }
      }
    score += best;
    surname_differs = best_s == BS_NAME_DIFFERENT;
    levels[FIELD_GIVEN] = (uint8_t)best_g;
    levels[FIELD_SURNAME] = (uint8_t)best_s;
    append(evidence, cap, &len, "given=", name_level_names[best_g]);
    append(evidence, cap, &len, " surname=", name_level_names[best_s]);
  }
  bs_dob_level dob = bs_compare_dob(x->dob, y->dob);
  levels[FIELD_DOB] = (uint8_t)dob;
  if (dob == BS_DOB_EXACT) {
    value_key k = vkey('D', x->dob);
    score += log2(mt->m[FIELD_DOB][dob] / frequency(mt, k.bytes, sizeof k.bytes, DOB_POPULATION));
  } else if (dob != BS_DOB_MISSING) {
    score += log2(mt->m[FIELD_DOB][dob] / mt->u[FIELD_DOB][dob]);
  }
  append(evidence, cap, &len, " dob=", dob_level_names[dob]);
  /* Primary identifiers that differ (those unique across systems). */
  for (int k = 0; k < BS_KEY_COUNT; k++) {
    if (k == BS_KEY_MRN || k == BS_KEY_MEMBER) continue;
    if (x->keys[k] && y->keys[k] && x->keys[k] != y->keys[k]) {
      score += log2_odds(KEY_DIFFERENT);
      append(evidence, cap, &len, " ", "key=different");
    }
  }
  /* Contact details: support only, up to the cap. */
  static const char *const contact_names[] = {"phone", "email", "address", "zip"};
  const int64_t cx[] = {x->phone, x->email, (int64_t)(intptr_t)mt->street[i], x->zip};
  const int64_t cy[] = {y->phone, y->email, (int64_t)(intptr_t)mt->street[j], y->zip};
  double contacts = 0;
  for (size_t c = 0; c < 4; c++)
    if (cx[c] && (c == 2 ? same_address(mt, i, j) : cx[c] == cy[c])) {
      value_key k = vkey(c == 2 ? 'A' : 'V', cx[c]);
      contacts += log2(
          (c == 3 ? ZIP_M : CONTACT_M) /
          frequency(mt, k.bytes, sizeof k.bytes, c == 3 ? ZIP_POPULATION : CONTACT_POPULATION));
      append(evidence, cap, &len, " ", contact_names[c]);
      supported |= c < 3; /* a ZIP is shared by too many to vouch for a married name */
    }
  double contact_cap = mt->l->options->contact_cap;
  if (contacts > contact_cap) contacts = contact_cap;
  score += contacts;
  if (evidence) snprintf(evidence + len, len < cap ? cap - len : 0, " score=%.1f", score);
  if (unsupported) *unsupported = surname_differs && !supported;
  if (cmp) {
    double m_part = 0; /* the terms EM re-estimates: m of every level, u but exact */
    for (int f = 0; f < FIELDS; f++) {
      cmp->level[f] = levels[f];
      if (!levels[f]) continue;
      m_part += log2(mt->m[f][levels[f]]);
      if (levels[f] != BS_NAME_EXACT) m_part -= log2(mt->u[f][levels[f]]);
    }
    cmp->rest = (float)(score - m_part);
    cmp->contacts = (float)contacts;
  }
  return score;
}

/* ---- Blocking ----------------------------------------------------------------------- */

typedef struct block_entry {
  const char *key;   /* interned: equal keys are equal pointers */
  const char *order; /* within a block: records sorted by this word (sorted neighbourhood) */
  uint32_t record;
} block_entry;

static int block_cmp(const void *a, const void *b) {
  const block_entry *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  int c = strcmp(x->order, y->order);
  if (c) return c;
  return (x->record > y->record) - (x->record < y->record);
}

typedef struct blocks {
  block_entry *items;
  size_t count, cap;
  bs_strmap *keys;
} blocks;

static bs_status add_block(blocks *b, uint32_t record, const char *key, const char *order) {
  if (b->count == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 4096;
    block_entry *grown = bs_reallocarray(b->items, cap, sizeof *grown);
    if (!grown) return BS_ENOMEM;
    b->items = grown;
    b->cap = cap;
  }
  int64_t *slot;
  const char *stored;
  bs_status status = bs_strmap_upsert(b->keys, key, strlen(key), &slot, &stored, NULL);
  if (status == BS_OK) b->items[b->count++] = (block_entry){stored, order ? order : "", record};
  return status;
}

/* The blocking keys of record i; street: its street address without the unit, or NULL. */
static bs_status block_record(blocks *b, const bs_linker *l, uint32_t i, const char *street) {
  const bs_record *r = &l->set->items[i];
  const bs_parsed_name *n = &l->names[i];
  char key[96], code[16];
  bs_status status = BS_OK;
  if (r->dob) { /* day and month in either order */
    int y = r->dob / 10000, m = r->dob / 100 % 100, d = r->dob % 100;
    snprintf(key, sizeof key, "B%04d%02d%02d", y, m < d ? m : d, m < d ? d : m);
    status = add_block(b, i, key, n->b ? n->b : n->a);
  }
  /* Surname code and the given name's initial, in each possible reading. */
  for (int reading = 0; status == BS_OK && reading < 2 && n->a && n->b; reading++) {
    if (reading && n->ordered) break;
    const char *given = reading ? n->b : n->a, *surname = reading ? n->a : n->b;
    if (strlen(surname) < 2) continue;
    bs_nysiis(surname, code, sizeof code);
    snprintf(key, sizeof key, "N%s|%c", code, given[0]);
    status = add_block(b, i, key, given);
  }
  const int64_t contacts[] = {r->phone, r->email};
  for (size_t c = 0; status == BS_OK && c < 2; c++)
    if (contacts[c]) {
      snprintf(key, sizeof key, "C%lld", (long long)contacts[c]);
      status = add_block(b, i, key, n->a);
    }
  if (status == BS_OK && street) { /* interned: its address names the block */
    snprintf(key, sizeof key, "A%p", (const void *)street);
    status = add_block(b, i, key, n->a);
  }
  return status;
}

static int pair_cmp_records(const void *a, const void *b) {
  const pair *x = a, *y = b;
  if (x->a != y->a) return x->a < y->a ? -1 : 1;
  return (x->b > y->b) - (x->b < y->b);
}

static int pair_cmp_score(const void *a, const void *b) {
  const pair *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return pair_cmp_records(a, b);
}

typedef struct pairs {
  pair *items;
  size_t count, cap;
} pairs;

static bs_status add_pair(pairs *p, uint32_t a, uint32_t b, float score) {
  if (p->count == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 4096;
    pair *grown = bs_reallocarray(p->items, cap, sizeof *grown);
    if (!grown) return BS_ENOMEM;
    p->items = grown;
    p->cap = cap;
  }
  p->items[p->count++] = (pair){a < b ? a : b, a < b ? b : a, score};
  return BS_OK;
}

/* Worth comparing: both name someone, and a name on each side. */
static int comparable(const bs_linker *l, uint32_t i) {
  return l->set->items[i].identified && l->names[i].a;
}

/* The blocks of every comparable record, sorted. */
static bs_status build_blocks(const matcher *mt, blocks *b) {
  const bs_linker *l = mt->l;
  memset(b, 0, sizeof *b);
  bs_status status = bs_strmap_create(&b->keys);
  for (uint32_t i = 0; status == BS_OK && i < l->set->count; i++)
    if (comparable(l, i)) status = block_record(b, l, i, mt->street[i]);
  if (status == BS_OK && b->count) qsort(b->items, b->count, sizeof *b->items, block_cmp);
  return status;
}

/* Calls visit for each candidate pair of the blocks (each record with the next
 * BLOCK_WINDOW of its block), every stride-th only, skipping pairs already one person. */
typedef bs_status (*pair_visit)(matcher *mt, uint32_t x, uint32_t y, void *ctx);

static bs_status each_candidate(matcher *mt, const blocks *b, size_t stride, pair_visit visit,
                                void *ctx) {
  bs_status status = BS_OK;
  size_t counter = 0;
  for (size_t from = 0; status == BS_OK && from < b->count;) {
    size_t to = from;
    while (to < b->count && b->items[to].key == b->items[from].key) to++;
    for (size_t i = from; status == BS_OK && i < to; i++)
      for (size_t j = i + 1; status == BS_OK && j < to && j <= i + BLOCK_WINDOW; j++) {
        if (counter++ % stride) continue;
        uint32_t x = b->items[i].record, y = b->items[j].record;
        if (bs_linker_find(mt->l, x) == bs_linker_find(mt->l, y)) continue;
        status = visit(mt, x, y, ctx);
      }
    from = to;
  }
  return status;
}

static bs_status keep_if_worth(matcher *mt, uint32_t x, uint32_t y, void *ctx) {
  mt->l->out->candidate_pairs++;
  double score = score_pair(mt, x, y, NULL, 0, NULL, NULL);
  return score >= mt->l->options->review_weight ? add_pair(ctx, x, y, (float)score) : BS_OK;
}

/* ---- EM ------------------------------------------------------------------------------- */

typedef struct samples {
  comparison *items;
  size_t count, cap;
} samples;

static bs_status keep_sample(matcher *mt, uint32_t x, uint32_t y, void *ctx) {
  samples *s = ctx;
  /* Pairs the tiers forbid (twins' given names, Jr. and Sr.) are no matches to learn from. */
  if (bs_linker_names_conflict(mt->l, &mt->l->names[x], &mt->l->names[y])) return BS_OK;
  if (s->count == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 4096;
    comparison *grown = bs_reallocarray(s->items, cap, sizeof *grown);
    if (!grown) return BS_ENOMEM;
    s->items = grown;
    s->cap = cap;
  }
  score_pair(mt, x, y, NULL, 0, NULL, &s->items[s->count++]);
  return BS_OK;
}

static size_t levels_of(int field) { return field == FIELD_DOB ? DOB_LEVELS : BS_NAME_LEVELS; }

/* Estimates the m of each level of given name, surname and date of birth by
 * expectation-maximisation over a sample of the candidate pairs (Jaro 1989; Winkler
 * 2000): each pair's chance of being a match under the current m (and the share p of
 * matches among candidates, estimated alongside), then each level's m as the matches'
 * share at that level, and the u of each level but exact as the non-matches' share,
 * both smoothed toward the defaults. The u of exact agreement stays each value's own
 * frequency. Contact details are left out of the estimate: they would teach the model
 * households (one address and phone), not people. */
static bs_status estimate_m(matcher *mt, const blocks *b) {
  size_t total = 0;
  for (size_t from = 0; from < b->count;) {
    size_t to = from;
    while (to < b->count && b->items[to].key == b->items[from].key) to++;
    for (size_t i = from; i < to; i++)
      total += to - i - 1 < BLOCK_WINDOW ? to - i - 1 : BLOCK_WINDOW;
    from = to;
  }
  samples s = {0};
  bs_status status = each_candidate(mt, b, total / EM_SAMPLE + 1, keep_sample, &s);
  double defaults[FIELDS][MAX_LEVELS], default_u[FIELDS][MAX_LEVELS];
  memcpy(defaults, mt->m, sizeof defaults);
  memcpy(default_u, mt->u, sizeof default_u);
  double p = 0.1; /* matches among candidate pairs, first guess */
  double prior = log2(mt->identities);
  int round = 0;
  for (; status == BS_OK && s.count && round < EM_ROUNDS; round++) {
    double sum[FIELDS][MAX_LEVELS] = {{0}}, seen[FIELDS] = {0}, matches = 0;
    double non[FIELDS][MAX_LEVELS] = {{0}}, non_seen[FIELDS] = {0};
    for (size_t k = 0; k < s.count; k++) {
      const comparison *c = &s.items[k];
      /* Without the contact details: they would teach the model households (same
       * address and phone), not people. */
      double logit = c->rest - c->contacts + prior + log2(p / (1 - p));
      for (int f = 0; f < FIELDS; f++) {
        if (!c->level[f]) continue;
        logit += log2(mt->m[f][c->level[f]]);
        if (c->level[f] != BS_NAME_EXACT) logit -= log2(mt->u[f][c->level[f]]);
      }
      double g = logit > 60 ? 1 : logit < -60 ? 0 : 1 / (1 + exp2(-logit));
      matches += g;
      for (int f = 0; f < FIELDS; f++)
        if (c->level[f]) {
          sum[f][c->level[f]] += g;
          seen[f] += g;
          non[f][c->level[f]] += 1 - g;
          non_seen[f] += 1 - g;
        }
    }
    double change = 0;
    for (int f = 0; f < FIELDS; f++)
      for (size_t v = 1; v < levels_of(f); v++) {
        double m = (sum[f][v] + EM_PRIOR_PAIRS * defaults[f][v]) / (seen[f] + EM_PRIOR_PAIRS);
        if (m < 1e-6) m = 1e-6;
        change = fmax(change, fabs(m - mt->m[f][v]));
        mt->m[f][v] = m;
        if (v == BS_NAME_EXACT) continue; /* the exact level's u is each value's frequency */
        double u = (non[f][v] + EM_PRIOR_PAIRS * default_u[f][v]) / (non_seen[f] + EM_PRIOR_PAIRS);
        if (u < 1e-6) u = 1e-6;
        change = fmax(change, fabs(u - mt->u[f][v]));
        mt->u[f][v] = u;
      }
    p = fmin(fmax(matches / (double)s.count, 1e-6), 1 - 1e-6);
    if (change < EM_CONVERGED) break;
  }
  /* A model where agreeing is no likelier among matches than disagreeing found
   * something else than people (EM can lock onto the commonest kind of pair): the
   * defaults stay. */
  int usable = s.count > 0;
  for (int f = 0; f < FIELDS && usable; f++) {
    size_t different = f == FIELD_DOB ? BS_DOB_DIFFERENT : BS_NAME_DIFFERENT;
    usable = mt->m[f][1] > mt->m[f][different];
  }
  bs_linkage *out = mt->l->out;
  if (!usable) {
    memcpy(mt->m, defaults, sizeof defaults);
    memcpy(mt->u, default_u, sizeof default_u);
    round = -1;
  }
  out->em_pairs = s.count;
  out->em_rounds = round;
  out->em_m_given = mt->m[FIELD_GIVEN][BS_NAME_EXACT];
  out->em_m_surname = mt->m[FIELD_SURNAME][BS_NAME_EXACT];
  out->em_m_dob = mt->m[FIELD_DOB][BS_DOB_EXACT];
  bs_free(s.items);
  return status;
}

/* Scores the candidate pairs of every block, keeping those at or above the review
 * weight, each once. */
static bs_status candidates(matcher *mt, const blocks *b, pairs *out) {
  bs_status status = each_candidate(mt, b, 1, keep_if_worth, out);
  if (status == BS_OK && out->count) {
    qsort(out->items, out->count, sizeof *out->items, pair_cmp_records);
    size_t kept = 0;
    for (size_t i = 0; i < out->count; i++)
      if (!kept || out->items[i].a != out->items[kept - 1].a ||
          out->items[i].b != out->items[kept - 1].b)
        out->items[kept++] = out->items[i];
    out->count = kept;
  }
  return status;
}

/* ---- Deciding ----------------------------------------------------------------------- */

static bs_status add_review(bs_linkage *out, const matcher *mt, size_t a, size_t b, double score,
                            const char *why) {
  if (out->review_count == out->review_cap) {
    size_t cap = out->review_cap ? out->review_cap * 2 : 256;
    bs_link_review *grown = bs_reallocarray(out->reviews, cap, sizeof *grown);
    if (!grown) return BS_ENOMEM;
    out->reviews = grown;
    out->review_cap = cap;
  }
  bs_link_review *r = &out->reviews[out->review_count++];
  r->a = a;
  r->b = b;
  r->score = score;
  char evidence[BS_LINK_REASON - 40];
  score_pair(mt, a, b, evidence, sizeof evidence, NULL, NULL);
  snprintf(r->evidence, sizeof r->evidence, "%s%s", why, evidence);
  return BS_OK;
}

/* A record that names someone by name alone (no date of birth, no primary identifier)
 * may fit more than one person: then it is for review, not joined. */
static int is_weak(const bs_record *r) {
  if (r->dob) return 0;
  for (int k = 0; k < BS_KEY_COUNT; k++)
    if (r->keys[k]) return 0;
  return 1;
}

/* 1 when weak record w has another candidate (not `other`'s person) that `other`'s
 * person cannot be: two people it could be. by_record: w's candidate pairs. */
static int ambiguous(bs_linker *l, const pair *items, const size_t *start, uint32_t w,
                     uint32_t other, double score) {
  size_t ro = bs_linker_find(l, other), rw = bs_linker_find(l, w);
  for (size_t k = start[w]; k < start[w + 1]; k++) {
    const pair *p = &items[k];
    if (p->score < score - AMBIGUITY_MARGIN) continue; /* far less likely: no rival */
    uint32_t c = p->a == w ? p->b : p->a;
    size_t rc = bs_linker_find(l, c);
    if (rc == ro || rc == rw || !bs_linker_compatible(l, rc, rw)) continue; /* not a rival */
    if (!bs_linker_compatible(l, rc, ro)) return 1;
  }
  return 0;
}

/* Each record's candidate pairs, as offsets into a copy of the pairs. */
static bs_status index_by_record(const pairs *p, size_t records, pair **items, size_t **start) {
  *start = bs_calloc(records + 2, sizeof **start);
  *items = bs_calloc(2 * p->count + 1, sizeof **items);
  if (!*start || !*items) return BS_ENOMEM;
  for (size_t i = 0; i < p->count; i++) {
    (*start)[p->items[i].a + 1]++;
    (*start)[p->items[i].b + 1]++;
  }
  for (size_t i = 1; i <= records + 1; i++) (*start)[i] += (*start)[i - 1];
  size_t *fill = bs_calloc(records + 1, sizeof *fill);
  if (!fill) return BS_ENOMEM;
  for (size_t i = 0; i < p->count; i++) {
    uint32_t ends[2] = {p->items[i].a, p->items[i].b};
    for (int e = 0; e < 2; e++) (*items)[(*start)[ends[e]] + fill[ends[e]]++] = p->items[i];
  }
  bs_free(fill);
  return BS_OK;
}

static bs_linker *review_roots; /* qsort has no context argument */

static int review_by_persons(const void *a, const void *b) {
  const bs_link_review *x = a, *y = b;
  size_t xa = bs_linker_find(review_roots, x->a), xb = bs_linker_find(review_roots, x->b);
  size_t ya = bs_linker_find(review_roots, y->a), yb = bs_linker_find(review_roots, y->b);
  size_t x1 = xa < xb ? xa : xb, x2 = xa < xb ? xb : xa, y1 = ya < yb ? ya : yb,
         y2 = ya < yb ? yb : ya;
  if (x1 != y1) return x1 < y1 ? -1 : 1;
  if (x2 != y2) return x2 < y2 ? -1 : 1;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  return (x->a > y->a) - (x->a < y->a);
}

static int review_by_score(const void *a, const void *b) {
  const bs_link_review *x = a, *y = b;
  if (x->score != y->score) return x->score > y->score ? -1 : 1;
  if (x->a != y->a) return x->a < y->a ? -1 : 1;
  return (x->b > y->b) - (x->b < y->b);
}

/* ---- Decisions read back ------------------------------------------------------------ */

static int decided(const bs_linker *l, uint32_t a, uint32_t b) {
  const bs_link_decisions *d = l->options->decisions;
  if (!d || !d->pairs) return 0;
  char ka[96], kb[96], key[200];
  bs_records_key(l->set, a, ka, sizeof ka);
  bs_records_key(l->set, b, kb, sizeof kb);
  int n = strcmp(ka, kb) < 0 ? snprintf(key, sizeof key, "%s %s", ka, kb)
                             : snprintf(key, sizeof key, "%s %s", kb, ka);
  const int64_t *slot = bs_strmap_find(d->pairs, key, (size_t)n);
  return slot ? (int)*slot : 0;
}

/* Joins the pairs a person decided were one person, whatever the score. */
static bs_status apply_same_decisions(bs_linker *l) {
  const bs_link_decisions *d = l->options->decisions;
  if (!d || !d->same) return BS_OK;
  bs_strmap *by_key = NULL;
  bs_status status = bs_strmap_create(&by_key);
  char key[96];
  for (size_t i = 0; status == BS_OK && i < l->set->count; i++) {
    if (!l->set->items[i].identified) continue;
    bs_records_key(l->set, i, key, sizeof key);
    int64_t *slot;
    status = bs_strmap_upsert(by_key, key, strlen(key), &slot, NULL, NULL);
    if (status == BS_OK) *slot = (int64_t)i + 1;
  }
  for (size_t k = 0; status == BS_OK && k < d->same; k++) {
    const char *pair_key = d->same_pairs[k], *space = strchr(pair_key, ' ');
    if (!space) continue;
    const int64_t *a = bs_strmap_find(by_key, pair_key, (size_t)(space - pair_key));
    const int64_t *b = bs_strmap_find(by_key, space + 1, strlen(space + 1));
    if (a && b) bs_linker_join(l, (size_t)*a - 1, (size_t)*b - 1, 0, "reviewer said same", &status);
  }
  bs_strmap_free(by_key);
  return status;
}

bs_status bs_match_run(bs_linker *l) {
  matcher mt = {.l = l};
  bs_status status = bs_strmap_create(&mt.counts);
  if (status == BS_OK) status = bs_strmap_create(&mt.places);
  bs_refdata *ref = NULL;
  if (status == BS_OK) status = bs_refdata_create(&ref);
  if (status == BS_OK) status = split_addresses(&mt, ref);
  bs_refdata_free(ref);
  if (status == BS_OK) status = apply_same_decisions(l);
  if (status == BS_OK) status = count_all(&mt);
  for (int f = 0; f < FIELDS; f++)
    for (size_t v = 0; v < levels_of(f); v++) {
      const level_odds *o = f == FIELD_DOB     ? &dob_odds[v]
                            : f == FIELD_GIVEN ? &given_odds[v]
                                               : &surname_odds[v];
      mt.m[f][v] = o->m;
      mt.u[f][v] = o->u;
    }
  blocks blk = {0};
  if (status == BS_OK) status = build_blocks(&mt, &blk);
  if (status == BS_OK && l->options->estimate) status = estimate_m(&mt, &blk);
  pairs p = {0};
  if (status == BS_OK) status = candidates(&mt, &blk, &p);
  bs_free(blk.items);
  bs_strmap_free(blk.keys);
  pair *by_record = NULL;
  size_t *start = NULL;
  if (status == BS_OK) status = index_by_record(&p, l->set->count, &by_record, &start);
  if (status == BS_OK && p.count) qsort(p.items, p.count, sizeof *p.items, pair_cmp_score);
  const bs_link_options *o = l->options;
  char reason[BS_LINK_REASON], evidence[BS_LINK_REASON - 16];
  for (size_t k = 0; status == BS_OK && k < p.count; k++) {
    const pair *q = &p.items[k];
    size_t ra = bs_linker_find(l, q->a), rb = bs_linker_find(l, q->b);
    if (ra == rb) continue;
    if (decided(l, q->a, q->b) < 0) continue; /* a person said: two people */
    if (q->score >= o->match_weight) {
      const bs_record *a = &l->set->items[q->a], *b = &l->set->items[q->b];
      uint32_t weak = is_weak(a) ? q->a : is_weak(b) ? q->b : UINT32_MAX;
      if (weak != UINT32_MAX &&
          ambiguous(l, by_record, start, weak, weak == q->a ? q->b : q->a, q->score)) {
        if (bs_linker_compatible(l, ra, rb))
          status = add_review(l->out, &mt, q->a, q->b, q->score, "fits more than one person: ");
        continue;
      }
      int unsupported = 0;
      score_pair(&mt, q->a, q->b, evidence, sizeof evidence, &unsupported, NULL);
      if (unsupported) {
        if (bs_linker_compatible(l, ra, rb))
          status = add_review(l->out, &mt, q->a, q->b, q->score, "surname differs, nothing else: ");
        continue;
      }
      snprintf(reason, sizeof reason, "match: %s", evidence);
      bs_linker_join(l, q->a, q->b, q->score, reason, &status);
    } else if (bs_linker_compatible(l, ra, rb)) {
      status = add_review(l->out, &mt, q->a, q->b, q->score, "");
    }
  }
  /* Review pairs whose records were joined after all are settled; of the others, one
   * pair (the best) for each two persons. */
  size_t kept = 0;
  review_roots = l;
  if (l->out->review_count)
    qsort(l->out->reviews, l->out->review_count, sizeof *l->out->reviews, review_by_persons);
  for (size_t k = 0; k < l->out->review_count; k++) {
    const bs_link_review *r = &l->out->reviews[k];
    size_t ra = bs_linker_find(l, r->a), rb = bs_linker_find(l, r->b);
    if (ra == rb) continue;
    if (kept) {
      const bs_link_review *prev = &l->out->reviews[kept - 1];
      size_t pa = bs_linker_find(l, prev->a), pb = bs_linker_find(l, prev->b);
      if ((pa < pb ? pa : pb) == (ra < rb ? ra : rb) && (pa < pb ? pb : pa) == (ra < rb ? rb : ra))
        continue;
    }
    l->out->reviews[kept++] = *r;
  }
  l->out->review_count = kept;
  if (kept) qsort(l->out->reviews, kept, sizeof *l->out->reviews, review_by_score);
  bs_free(by_record);
  bs_free(start);
  bs_free(p.items);
  bs_strmap_free(mt.counts);
  bs_strmap_free(mt.places);
  bs_free(mt.street);
  bs_free(mt.unit);
  return status;
}
