/* Parsing of the embedded name and place tables (data/first_names.tsv, surnames.tsv,
 * nicknames.tsv, places.tsv; see data/SOURCES.md). */
#include "synth/tables.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/embedded.h"
#include "synth/lexicon.h"

/* Splits one embedded table in place into lines of tab-separated fields. */
typedef struct table_reader {
  char *at, *end; /* unread part of the copy */
} table_reader;

/* Reads the next line into fields (at most max); returns the field count, 0 at the end. */
static size_t next_line(table_reader *t, char **fields, size_t max) {
  while (t->at < t->end && *t->at == '\n') t->at++;
  if (t->at >= t->end) return 0;
  size_t n = 0;
  char *p = t->at;
  fields[n++] = p;
  while (p < t->end && *p != '\n') {
    if (*p == '\t') {
      *p = '\0';
      if (n < max) fields[n++] = p + 1;
    }
    p++;
  }
  *p = '\0';
  t->at = p + 1;
  return n;
}

static size_t line_count(const char *start, const char *end) {
  size_t n = 0;
  for (const char *p = start; p < end; p++) n += *p == '\n';
  return n + 1;
}

static void title_case(char *name) {
  for (size_t i = 0; name[i]; i++) {
    int start =
        i == 0 || name[i - 1] == '-' || name[i - 1] == ' ' || name[i - 1] == '\'' ||
        (i == 2 && (name[0] == 'M' || name[0] == 'm') && (name[1] == 'c' || name[1] == 'C'));
    name[i] = (char)(start ? toupper((unsigned char)name[i]) : tolower((unsigned char)name[i]));
  }
}

static bs_status weighted_add(bs_weighted *list, const char *name, uint64_t weight) {
  uint64_t before = list->count ? list->cumulative[list->count - 1] : 0;
  list->items[list->count] = name;
  list->cumulative[list->count++] = before + (weight ? weight : 1);
  return BS_OK;
}

static bs_status weighted_alloc(bs_weighted *list, size_t cap) {
  list->items = bs_calloc(cap, sizeof *list->items);
  list->cumulative = bs_calloc(cap, sizeof *list->cumulative);
  return list->items && list->cumulative ? BS_OK : BS_ENOMEM;
}

static void weighted_free(bs_weighted *list) {
  bs_free(list->items);
  bs_free(list->cumulative);
}

static int place_order(const void *a, const void *b) {
  const bs_place *x = a, *y = b;
  int c = strcmp(x->state, y->state);
  if (c == 0) c = strcmp(x->zip, y->zip);
  return c ? c : strcmp(x->city, y->city);
}

/* Copies the embedded tables one after the other into one buffer. */
static char *copy_tables(const char *const *starts, const char *const *ends, size_t n,
                         char **parts) {
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += (size_t)(ends[i] - starts[i]) + 1;
  char *text = bs_malloc(total + 1);
  if (!text) return NULL;
  char *p = text;
  for (size_t i = 0; i < n; i++) {
    size_t len = (size_t)(ends[i] - starts[i]);
    memcpy(p, starts[i], len);
    parts[i] = p;
    p += len;
    *p++ = '\0';
  }
  return text;
}

static bs_status load_names(bs_synth_tables *t, char *text, const char *end) {
  table_reader r = {text, (char *)end};
  size_t cap = line_count(text, end);
  bs_status status = weighted_alloc(&t->first_names[0], cap);
  if (status == BS_OK) status = weighted_alloc(&t->first_names[1], cap);
  char *f[3];
  while (status == BS_OK && next_line(&r, f, 3) == 3)
    status = weighted_add(&t->first_names[f[1][0] == 'M'], f[0], strtoull(f[2], NULL, 10));
  return status;
}

static bs_status load_surnames(bs_synth_tables *t, char *text, const char *end) {
  table_reader r = {text, (char *)end};
  bs_status status = weighted_alloc(&t->surnames, line_count(text, end));
  char *f[2];
  while (status == BS_OK && next_line(&r, f, 2) == 2) {
    title_case(f[0]);
    status = weighted_add(&t->surnames, f[0], strtoull(f[1], NULL, 10));
  }
  return status;
}

static bs_status load_nicknames(bs_synth_tables *t, char *text, const char *end) {
  table_reader r = {text, (char *)end};
  size_t cap = line_count(text, end);
  t->nick_formal = bs_calloc(cap, sizeof *t->nick_formal);
  t->nick_short = bs_calloc(cap, sizeof *t->nick_short);
  if (!t->nick_formal || !t->nick_short) return BS_ENOMEM;
  char *f[2];
  while (next_line(&r, f, 2) == 2) {
    title_case(f[1]);
    t->nick_formal[t->nick_count] = f[0];
    t->nick_short[t->nick_count++] = f[1];
  }
  return BS_OK;
}

static bs_status load_places(bs_synth_tables *t, char *text, const char *end) {
  table_reader r = {text, (char *)end};
  t->places = bs_calloc(line_count(text, end), sizeof *t->places);
  if (!t->places) return BS_ENOMEM;
  char *f[3];
  while (next_line(&r, f, 3) == 3) t->places[t->place_count++] = (bs_place){f[0], f[1], f[2]};
  qsort(t->places, t->place_count, sizeof *t->places, place_order);
  return BS_OK;
}

/* Street names: the common ones, then surnames that the Pub 28 tables would not read
 * as a suffix or unit ("Park", "Front", "Lane" would change how an address reads). */
static bs_status load_streets(bs_synth_tables *t) {
  size_t extra = t->surnames.count < 2000 ? t->surnames.count : 2000;
  t->streets = bs_calloc(bs_lexicon_street_names_count + extra, sizeof *t->streets);
  if (!t->streets) return BS_ENOMEM;
  for (size_t i = 0; i < bs_lexicon_street_names_count; i++)
    t->streets[t->street_count++] = bs_lexicon_street_names[i];
  for (size_t i = 0; i < extra; i++) {
    const char *name = t->surnames.items[i];
    if (bs_refdata_suffix(t->ref, name, strlen(name)) ||
        bs_refdata_unit(t->ref, name, strlen(name)))
      continue;
    t->streets[t->street_count++] = name;
  }
  return BS_OK;
}

/* The lexicon's diagnoses that the ICD-10-CM set holds (a code retired from the set
 * is left out rather than written). */
static bs_status load_diagnoses(bs_synth_tables *t) {
  t->diagnoses = bs_calloc(bs_lexicon_diagnoses_count, sizeof *t->diagnoses);
  if (!t->diagnoses) return BS_ENOMEM;
  for (size_t i = 0; i < bs_lexicon_diagnoses_count; i++) {
    char code[16];
    size_t n = 0;
    for (const char *c = bs_lexicon_diagnoses[i].code; *c && n < sizeof code - 1; c++)
      if (*c != '.') code[n++] = *c;
    if (bs_codeset_has(&t->ref->icd10cm, code, n))
      t->diagnoses[t->diagnosis_count++] = bs_lexicon_diagnoses[i].code;
  }
  return t->diagnosis_count ? BS_OK : BS_EFORMAT;
}

bs_status bs_synth_tables_create(bs_synth_tables **out) {
  *out = NULL;
  bs_synth_tables *t = bs_calloc(1, sizeof *t);
  if (!t) return BS_ENOMEM;
  bs_status status = bs_refdata_create(&t->ref);
  const char *const starts[] = {bs_data_first_names, bs_data_surnames, bs_data_nicknames,
                                bs_data_places};
  const char *const ends[] = {bs_data_first_names_end, bs_data_surnames_end, bs_data_nicknames_end,
                              bs_data_places_end};
  char *parts[4];
  if (status == BS_OK) {
    t->text = copy_tables(starts, ends, 4, parts);
    if (!t->text) status = BS_ENOMEM;
  }
  if (status == BS_OK) status = load_names(t, parts[0], parts[0] + (ends[0] - starts[0]));
  if (status == BS_OK) status = load_surnames(t, parts[1], parts[1] + (ends[1] - starts[1]));
  if (status == BS_OK) status = load_nicknames(t, parts[2], parts[2] + (ends[2] - starts[2]));
  if (status == BS_OK) status = load_places(t, parts[3], parts[3] + (ends[3] - starts[3]));
  if (status == BS_OK) status = load_streets(t);
  if (status == BS_OK) status = load_diagnoses(t);
  if (status == BS_OK && (!t->first_names[0].count || !t->first_names[1].count ||
                          !t->surnames.count || !t->place_count))
    status = BS_EFORMAT;
  if (status != BS_OK) {
    bs_synth_tables_free(t);
    return status;
  }
  *out = t;
  return BS_OK;
}

void bs_synth_tables_free(bs_synth_tables *t) {
  if (!t) return;
  bs_refdata_free(t->ref);
  weighted_free(&t->first_names[0]);
  weighted_free(&t->first_names[1]);
  weighted_free(&t->surnames);
  bs_free(t->nick_formal);
  bs_free(t->nick_short);
  bs_free(t->places);
  bs_free(t->streets);
  bs_free(t->diagnoses);
  bs_free(t->text);
  bs_free(t);
}

const char *bs_synth_tables_draw(const bs_weighted *list, bs_random *r) {
  uint64_t total = list->cumulative[list->count - 1];
  uint64_t x = bs_random_next(r) % total;
  size_t low = 0, high = list->count - 1;
  while (low < high) { /* first item whose running sum passes x */
    size_t mid = low + (high - low) / 2;
    if (list->cumulative[mid] > x)
      high = mid;
    else
      low = mid + 1;
  }
  return list->items[low];
}

const char *bs_synth_tables_nickname(const bs_synth_tables *t, const char *first, bs_random *r) {
  size_t low = 0, high = t->nick_count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (strcasecmp(t->nick_formal[mid], first) < 0)
      low = mid + 1;
    else
      high = mid;
  }
  size_t n = 0;
  while (low + n < t->nick_count && strcasecmp(t->nick_formal[low + n], first) == 0) n++;
  return n ? t->nick_short[low + bs_random_below(r, (uint32_t)n)] : NULL;
}

int bs_synth_tables_state_places(const bs_synth_tables *t, const char *state, size_t *first,
                                 size_t *count) {
  size_t low = 0, high = t->place_count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    if (strcmp(t->places[mid].state, state) < 0)
      low = mid + 1;
    else
      high = mid;
  }
  size_t n = 0;
  while (low + n < t->place_count && strcmp(t->places[low + n].state, state) == 0) n++;
  *first = low;
  *count = n;
  return n > 0;
}
