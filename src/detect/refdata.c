/* Parses the embedded reference tables (see data/SOURCES.md) into lookup arrays. */
#include "detect/refdata.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/alloc.h"
#include "base/embedded.h"

/* Splits a table into lines and each line into up to `max` tab-separated spans. */
typedef struct table_cursor {
  const char *at, *end; /* unread part of the table */
} table_cursor;

static int next_row(table_cursor *cur, bs_span *fields, int max) {
  while (cur->at < cur->end && *cur->at == '\n') cur->at++;
  if (cur->at >= cur->end) return 0;
  const char *eol = memchr(cur->at, '\n', (size_t)(cur->end - cur->at));
  if (!eol) eol = cur->end;
  int n = 0;
  const char *field = cur->at;
  while (n < max) {
    const char *tab = memchr(field, '\t', (size_t)(eol - field));
    const char *stop = tab ? tab : eol;
    fields[n].text = field;
    fields[n].len = (size_t)(stop - field);
    n++;
    if (!tab) break;
    field = tab + 1;
  }
  cur->at = eol;
  return n;
}

static size_t count_lines(const char *start, const char *end) {
  size_t lines = 0;
  for (const char *p = start; p < end; p++) lines += *p == '\n';
  return lines + 1;
}

static int span_cmp(const char *a, size_t alen, const char *b, size_t blen) {
  int c = memcmp(a, b, alen < blen ? alen : blen);
  if (c) return c;
  return alen < blen ? -1 : alen > blen;
}

static int pair_key_cmp(const void *a, const void *b) {
  const bs_pair *x = a, *y = b;
  return span_cmp(x->key.text, x->key.len, y->key.text, y->key.len);
}

static bs_status load_codeset(bs_codeset *set, const char *start, const char *end) {
  set->codes = bs_calloc(count_lines(start, end), sizeof *set->codes);
  if (!set->codes) return BS_ENOMEM;
  table_cursor cur = {start, end};
  bs_span field;
  while (next_row(&cur, &field, 1)) set->codes[set->count++] = field;
  return BS_OK; /* data/ files are sorted by build-data.sh (LC_ALL=C) */
}

static int span_sort_cmp(const void *a, const void *b) {
  const bs_span *x = a, *y = b;
  return span_cmp(x->text, x->len, y->text, y->len);
}

/* Names from the first column of a table, upper-cased into text (at *used), sorted and
 * without repeats (the SSA list has a name once per sex). */
static bs_status load_names(bs_codeset *set, char *text, size_t *used, const char *start,
                            const char *end) {
  set->codes = bs_calloc(count_lines(start, end), sizeof *set->codes);
  if (!set->codes) return BS_ENOMEM;
  table_cursor cur = {start, end};
  bs_span field;
  while (next_row(&cur, &field, 1)) {
    char *copy = text + *used;
    for (size_t i = 0; i < field.len; i++) copy[i] = (char)toupper((unsigned char)field.text[i]);
    *used += field.len;
    set->codes[set->count++] = (bs_span){copy, field.len};
  }
  qsort(set->codes, set->count, sizeof *set->codes, span_sort_cmp);
  size_t kept = 0;
  for (size_t i = 0; i < set->count; i++)
    if (!kept || span_cmp(set->codes[kept - 1].text, set->codes[kept - 1].len, set->codes[i].text,
                          set->codes[i].len) != 0)
      set->codes[kept++] = set->codes[i];
  set->count = kept;
  return BS_OK;
}

static bs_status load_name_lists(bs_refdata *ref) {
  size_t size = (size_t)(bs_data_first_names_end - bs_data_first_names) +
                (size_t)(bs_data_surnames_end - bs_data_surnames);
  ref->name_text = bs_malloc(size + 1);
  if (!ref->name_text) return BS_ENOMEM;
  size_t used = 0;
  bs_status status = load_names(&ref->first_names, ref->name_text, &used, bs_data_first_names,
                                bs_data_first_names_end);
  if (status == BS_OK)
    status =
        load_names(&ref->surnames, ref->name_text, &used, bs_data_surnames, bs_data_surnames_end);
  return status;
}

static bs_status load_pairs(bs_pair **out, size_t *count, const char *start, const char *end,
                            int sort) {
  *out = bs_calloc(count_lines(start, end), sizeof **out);
  if (!*out) return BS_ENOMEM;
  table_cursor cur = {start, end};
  bs_span fields[3];
  int n;
  while ((n = next_row(&cur, fields, 3)) >= 2) {
    bs_pair *pair = &(*out)[(*count)++];
    pair->key = fields[0];
    pair->value = fields[1];
    pair->flag = n == 3 && fields[2].len == 1 && fields[2].text[0] == 'Y';
  }
  if (sort) qsort(*out, *count, sizeof **out, pair_key_cmp);
  return BS_OK;
}

static uint64_t span_number(bs_span s) {
  uint64_t v = 0;
  for (size_t i = 0; i < s.len && isdigit((unsigned char)s.text[i]); i++)
    v = v * 10 + (uint64_t)(s.text[i] - '0');
  return v;
}

static bs_status load_cards(bs_refdata *ref) {
  const char *start = bs_data_card_iin, *end = bs_data_card_iin_end;
  ref->cards = bs_calloc(count_lines(start, end), sizeof *ref->cards);
  if (!ref->cards) return BS_ENOMEM;
  table_cursor cur = {start, end};
  bs_span f[4];
  while (next_row(&cur, f, 4) == 4) {
    bs_card_range *range = &ref->cards[ref->card_count++];
    range->first = span_number(f[1]);
    range->last = span_number(f[2]);
    range->prefix_len = (int)f[1].len;
    for (size_t i = 0; i < f[3].len;) {
      unsigned len = 0;
      while (i < f[3].len && isdigit((unsigned char)f[3].text[i]))
        len = len * 10 + (unsigned)(f[3].text[i++] - '0');
      if (len < 32) range->lengths |= 1u << len;
      i++; /* the comma */
    }
  }
  return BS_OK;
}

static void load_zip3(bs_refdata *ref) {
  table_cursor cur = {bs_data_zip3, bs_data_zip3_end};
  bs_span f[2];
  while (next_row(&cur, f, 2) == 2) {
    if (f[0].len != 3 || f[1].len != 2) continue;
    unsigned prefix = (unsigned)span_number(f[0]);
    memcpy(ref->zip3_state[prefix], f[1].text, 2);
  }
}

bs_status bs_refdata_create(bs_refdata **out) {
  *out = NULL;
  bs_refdata *ref = bs_calloc(1, sizeof *ref);
  if (!ref) return BS_ENOMEM;
  bs_status status = BS_OK;
#define LOAD(expr)                                                                                 \
  if (status == BS_OK) status = (expr)
  LOAD(load_codeset(&ref->icd10cm, bs_data_icd10cm, bs_data_icd10cm_end));
  LOAD(load_codeset(&ref->icd10pcs, bs_data_icd10pcs, bs_data_icd10pcs_end));
  LOAD(load_codeset(&ref->icd9cm, bs_data_icd9cm, bs_data_icd9cm_end));
  LOAD(load_codeset(&ref->hcpcs, bs_data_hcpcs, bs_data_hcpcs_end));
  LOAD(load_pairs(&ref->zip5_exceptions, &ref->zip5_count, bs_data_zip5_exceptions,
                  bs_data_zip5_exceptions_end, 1));
  LOAD(load_pairs(&ref->states, &ref->state_count, bs_data_states, bs_data_states_end, 0));
  LOAD(load_pairs(&ref->suffixes, &ref->suffix_count, bs_data_street_suffixes,
                  bs_data_street_suffixes_end, 1));
  LOAD(load_pairs(&ref->units, &ref->unit_count, bs_data_unit_designators,
                  bs_data_unit_designators_end, 0));
  LOAD(load_pairs(&ref->licence_formats, &ref->licence_count, bs_data_dl_formats,
                  bs_data_dl_formats_end, 0));
  LOAD(load_cards(ref));
  LOAD(load_name_lists(ref));
  LOAD(ref->zip5_count > BS_REFDATA_MAX_ROWS || ref->state_count > BS_REFDATA_MAX_ROWS ? BS_ELIMIT
                                                                                       : BS_OK);
#undef LOAD
  if (status != BS_OK) {
    bs_refdata_free(ref);
    return status;
  }
  load_zip3(ref);
  for (size_t i = 0; i < ref->zip5_count && i < BS_REFDATA_MAX_ROWS; i++)
    memcpy(ref->zip5_state[i], ref->zip5_exceptions[i].value.text,
           ref->zip5_exceptions[i].value.len == 2 ? 2 : 0);
  for (size_t i = 0; i < ref->state_count && i < BS_REFDATA_MAX_ROWS; i++)
    memcpy(ref->state_codes[i], ref->states[i].key.text, ref->states[i].key.len == 2 ? 2 : 0);
  *out = ref;
  return BS_OK;
}

void bs_refdata_free(bs_refdata *ref) {
  if (!ref) return;
  bs_free(ref->icd10cm.codes);
  bs_free(ref->icd10pcs.codes);
  bs_free(ref->icd9cm.codes);
  bs_free(ref->hcpcs.codes);
  bs_free(ref->zip5_exceptions);
  bs_free(ref->states);
  bs_free(ref->suffixes);
  bs_free(ref->units);
  bs_free(ref->licence_formats);
  bs_free(ref->cards);
  bs_free(ref->first_names.codes);
  bs_free(ref->surnames.codes);
  bs_free(ref->name_text);
  bs_free(ref);
}

int bs_codeset_has(const bs_codeset *set, const char *code, size_t len) {
  size_t lo = 0, hi = set->count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = span_cmp(set->codes[mid].text, set->codes[mid].len, code, len);
    if (c == 0) return 1;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return 0;
}

const char *bs_refdata_zip_state(const bs_refdata *ref, const char *zip5) {
  bs_pair key = {.key = {zip5, 5}};
  const bs_pair *hit =
      bsearch(&key, ref->zip5_exceptions, ref->zip5_count, sizeof key, pair_key_cmp);
  if (hit) return ref->zip5_state[hit - ref->zip5_exceptions];
  unsigned prefix = (unsigned)((zip5[0] - '0') * 100 + (zip5[1] - '0') * 10 + (zip5[2] - '0'));
  return ref->zip3_state[prefix];
}

const char *bs_refdata_state_code(const bs_refdata *ref, const char *text, size_t len) {
  for (size_t i = 0; i < ref->state_count; i++) {
    const bs_pair *state = &ref->states[i];
    if ((len == 2 && strncasecmp(state->key.text, text, 2) == 0) ||
        (len == state->value.len && strncasecmp(state->value.text, text, len) == 0))
      return ref->state_codes[i];
  }
  return NULL;
}

static const bs_pair *find_word(const bs_pair *pairs, size_t count, const char *word, size_t len,
                                int sorted) {
  char upper[32];
  if (len == 0 || len >= sizeof upper) return NULL;
  for (size_t i = 0; i < len; i++) upper[i] = (char)toupper((unsigned char)word[i]);
  if (sorted) {
    bs_pair key = {.key = {upper, len}};
    return bsearch(&key, pairs, count, sizeof key, pair_key_cmp);
  }
  for (size_t i = 0; i < count; i++)
    if (span_cmp(pairs[i].key.text, pairs[i].key.len, upper, len) == 0 ||
        span_cmp(pairs[i].value.text, pairs[i].value.len, upper, len) == 0)
      return &pairs[i];
  return NULL;
}

const bs_pair *bs_refdata_suffix(const bs_refdata *ref, const char *word, size_t len) {
  return find_word(ref->suffixes, ref->suffix_count, word, len, 1);
}

const bs_pair *bs_refdata_unit(const bs_refdata *ref, const char *word, size_t len) {
  return find_word(ref->units, ref->unit_count, word, len, 0);
}

int bs_refdata_card_known(const bs_refdata *ref, const char *digits, size_t len) {
  if (len >= 32) return 0;
  for (size_t i = 0; i < ref->card_count; i++) {
    const bs_card_range *range = &ref->cards[i];
    if (!(range->lengths & (1u << len)) || (size_t)range->prefix_len > len) continue;
    uint64_t prefix = 0;
    for (int d = 0; d < range->prefix_len; d++) prefix = prefix * 10 + (uint64_t)(digits[d] - '0');
    if (prefix >= range->first && prefix <= range->last) return 1;
  }
  return 0;
}
